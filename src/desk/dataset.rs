//! The dataset as CSV: one row per cell of every report (file, agency, year, template, table, row, column, value, status), UTF-8 with a BOM so that Excel opens it, quoted as RFC 4180 says.

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
