//! The dataset as CSV: one row per cell of every report (file, agency, year, template, table, row, column, value, status), UTF-8 with a BOM so that Excel opens it, quoted as RFC 4180 says.

use super::review::{finding_keys, Decision};
use crate::model::Report;
use std::borrow::Cow;

/// The byte-order mark that makes Excel read a CSV file as UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// The header row (without its line end).
pub const HEADER: &str = "file,agency,year,template,table,row,column,value,status";

/// RFC 4180's line end.
pub const CRLF: &str = "\r\n";

/// One field, quoted when it holds a comma, a double quote, CR or LF (quotes doubled). Text that
/// Excel would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or CR) is prefixed with
/// `'` when `text` is set (file names and agency names come from untrusted documents); numbers
/// are written as they are.
pub fn field(s: &str, text: bool) -> Cow<'_, str> {
    let guarded: Cow<str> = if text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", guarded.replace('"', "\"\"")))
    } else {
        guarded
    }
}

/// Appends one row per cell of `report` (tables 二, 三, 四 in template order; every cell of the
/// template, so a missing one is a row with status `missing`), each ended by CRLF. `value` is the
/// number for read and inferred cells and empty otherwise; `row` is empty for table 四, whose
/// cells have no row; keys are the JSON contract's.
pub fn rows(out: &mut String, file: &str, report: &Report) {
    write_rows(out, file, report, None);
}

/// The reviewer's decisions by cell: for each cell, the decided findings that name it.
type Review = std::collections::HashMap<crate::model::CellRef, Vec<String>>;

fn review_of(report: &Report, decided: &std::collections::BTreeMap<String, Decision>) -> Review {
    let mut by_cell = Review::new();
    for (d, key) in report.diagnostics.iter().zip(finding_keys(report)) {
        let Some(choice) = decided.get(&key) else {
            continue;
        };
        let said = match choice {
            Decision::Confirm => format!("{} 确认", d.code),
            Decision::Ignore { reason } => format!("{} 忽略：{reason}", d.code),
        };
        for c in &d.cells {
            by_cell.entry(*c).or_default().push(said.clone());
        }
    }
    by_cell
}

/// The dataset with the reviewer's decisions (the page's export): [`HEADER`] and a last column
/// `review`, for each cell the decided findings that name it (“A001 确认; S003 忽略：原表如此”).
pub fn csv_with_review<'a, I>(reports: I) -> String
where
    I: IntoIterator<
        Item = (
            &'a str,
            &'a Report,
            Option<&'a std::collections::BTreeMap<String, Decision>>,
        ),
    >,
{
    let mut out = String::from(BOM);
    out.push_str(HEADER);
    out.push_str(",review");
    out.push_str(CRLF);
    for (file, report, decided) in reports {
        let review = review_of(report, decided.unwrap_or(&Default::default()));
        write_rows(&mut out, file, report, Some(&review));
    }
    out
}

fn write_rows(out: &mut String, file: &str, report: &Report, review: Option<&Review>) {
    let file = field(file, true);
    let agency = field(report.agency.as_deref().unwrap_or(""), true);
    let year = report.year.map(|y| y.to_string()).unwrap_or_default();
    let template = report.template.map_or("", |t| t.as_str());
    for key in crate::model::TableKey::ALL {
        for (row, col, cell) in report.tables.get(key).cells() {
            let value = cell.known().map(|v| v.to_string()).unwrap_or_default();
            for (i, f) in [
                &*file,
                &*agency,
                &year,
                template,
                key.as_str(),
                row,
                col,
                &value,
                cell.status.as_str(),
            ]
            .iter()
            .enumerate()
            {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(f);
            }
            if let Some(review) = review {
                out.push(',');
                let r = crate::model::CellRef::new(key, row, col);
                if let Some(said) = review.get(&r) {
                    out.push_str(&field(&said.join("; "), true));
                }
            }
            out.push_str(CRLF);
        }
    }
}

/// The whole dataset: BOM, header, then [`rows`] for each (file, report).
pub fn csv<'a, I>(reports: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a Report)>,
{
    let mut out = String::from(BOM);
    out.push_str(HEADER);
    out.push_str(CRLF);
    for (file, report) in reports {
        rows(&mut out, file, report);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("plain", true), "plain");
        assert_eq!(field("a,b", true), "\"a,b\"");
        assert_eq!(field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines", true), "\"two\nlines\"");
        assert_eq!(field("=1+2", true), "'=1+2");
        assert_eq!(field("-3", false), "-3");
        assert_eq!(field("=a,b", true), "\"'=a,b\"");
    }

    #[test]
    fn decisions_go_to_the_cells_their_findings_name() {
        use crate::desk::review::{finding_keys, Decision};
        let text = std::fs::read_to_string("tests/fixtures/seeds/001_8be41c244005adf4.txt")
            .expect("seed 001");
        let r = crate::check(&text);
        let keys = finding_keys(&r);
        let i = r
            .diagnostics
            .iter()
            .position(|d| !d.cells.is_empty())
            .expect("a finding with cells");
        let mut decided = std::collections::BTreeMap::new();
        decided.insert(
            keys[i].clone(),
            Decision::Ignore {
                reason: "原表如此, 已核实".into(),
            },
        );
        let csv = csv_with_review([("001.txt", &r, Some(&decided))]);
        assert!(csv.starts_with(&format!("{BOM}{HEADER},review\r\n")));
        let said = format!("\"{} 忽略：原表如此, 已核实\"", r.diagnostics[i].code);
        let marked = csv.lines().filter(|l| l.ends_with(&said)).count();
        assert_eq!(marked, r.diagnostics[i].cells.len(), "{csv}");
        // Without decisions, the same rows as the dataset, each with an empty last field.
        let plain = csv_with_review([("001.txt", &r, None)]);
        let base = super::csv([("001.txt", &r)]);
        assert_eq!(plain.lines().count(), base.lines().count());
        assert!(plain.lines().skip(1).all(|l| l.ends_with(',')));
    }

    #[test]
    fn one_row_per_cell() {
        let r = crate::check("某某局2024年政府信息公开工作年度报告");
        let csv = csv([("a,b.txt", &r)]);
        assert!(csv.starts_with("\u{FEFF}file,agency,"));
        let cells: usize = crate::model::TableKey::ALL
            .iter()
            .map(|k| r.tables.get(*k).cells().count())
            .sum();
        assert_eq!(csv.matches("\r\n").count(), cells + 1);
        assert!(csv.contains("\r\n\"a,b.txt\",某某局,2024,"), "{csv}");
    }
}
