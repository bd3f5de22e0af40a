//! Acceptance on the real reports: every non-null expected cell of every seed and corpus file comes out with exactly that value.

use nianbao::{check, Cell, Report, Status, TableKey};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod fixture_list;

/// Cells the source text cannot settle, checked separately in `documented_ambiguities`: in
/// `pingtan-2024.collapsed.txt` the run "6233440" after 行政规范性文件 splits as 62/33/440, as
/// 62/3/3440, as 6/2/33440 and more, and no arithmetic constrains table 二.
const KNOWN_AMBIGUOUS: &[(&str, &str, &str, &str)] = &[
    (
        "pingtan-2024.collapsed.txt",
        "active_disclosure",
        "normative_documents",
        "issued",
    ),
    (
        "pingtan-2024.collapsed.txt",
        "active_disclosure",
        "normative_documents",
        "repealed",
    ),
    (
        "pingtan-2024.collapsed.txt",
        "active_disclosure",
        "normative_documents",
        "in_force",
    ),
];

/// Whole tables the reader honestly cannot read from a layout, and says so (R004, cells unknown,
/// never a wrong value): pdftotext's default mode prints table 四's fifteen numbers as review parts,
/// after-review parts, review total, direct suits, after-review total. The sums split them into
/// three groups of five, but nothing in the text says which group is which (all six assignments
/// keep every sum); only the page positions can (a PDF reader). Every cell of these tables must be
/// unknown, and R004 must say the table was not read.
const KNOWN_UNREAD: &[(&str, &str)] = &[("huaian-2024.pdftotext-default.txt", "review_litigation")];

/// Rows the reader doubts, and says so (R004 naming the row's cells, cells unknown): in
/// `refill-0027-pingtan.chrome-pdf-pdftotext.txt` (read in order) 1.属于国家秘密 prints as
/// 0 0 0 0 0 21 21 (its first cell after the others, across a page break): the row's own sum holds
/// but two column sums break, and swapping two of its cells mends them. A misprint would look
/// the same.
const KNOWN_DOUBTED: &[(&str, &str, &str)] = &[(
    "refill-0027-pingtan.chrome-pdf-pdftotext.txt",
    "applications",
    "denied_state_secret",
)];

fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for (dir, txt) in fixture_list::texts(&["seeds", "corpus", "pastes"]) {
        let name = txt.file_name().unwrap().to_string_lossy().to_string();
        let stem = name.split('.').next().unwrap().to_string();
        let expected = txt.with_file_name(format!("{stem}.expected.json"));
        if dir == "pastes" && !expected.exists() {
            continue; // the blank template: no figures to expect
        }
        assert!(expected.exists(), "no expected file for {name}");
        out.push((txt, expected));
    }
    out
}

fn cell<'a>(r: &'a Report, table: &str, row: &str, col: &str) -> Option<&'a Cell> {
    let key = match table {
        "active_disclosure" => TableKey::ActiveDisclosure,
        "applications" => TableKey::Applications,
        _ => TableKey::ReviewLitigation,
    };
    r.tables.get(key).cell(row, col)
}

fn expected_cells(exp: &Value) -> Vec<(String, String, String, f64)> {
    let mut out = Vec::new();
    for table in ["active_disclosure", "applications"] {
        if let Some(rows) = exp[table].as_object() {
            for (row, cols) in rows {
                for (col, v) in cols.as_object().unwrap() {
                    if let Some(v) = v.as_f64() {
                        out.push((table.into(), row.clone(), col.clone(), v));
                    }
                }
            }
        }
    }
    if let Some(cells) = exp["review_litigation"].as_object() {
        for (k, v) in cells {
            if let Some(v) = v.as_f64() {
                out.push(("review_litigation".into(), String::new(), k.clone(), v));
            }
        }
    }
    out
}

#[test]
fn every_expected_cell_is_read_exactly() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (txt, exp) in fixtures() {
        let name = txt.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&txt).unwrap();
        let exp: Value = serde_json::from_str(&std::fs::read_to_string(&exp).unwrap()).unwrap();
        let report = check(&text);
        assert_eq!(
            report.template.map(|t| t.as_str()),
            exp["template"].as_str(),
            "{name}: template"
        );
        assert_eq!(
            report.year.map(i64::from),
            exp["year"].as_i64(),
            "{name}: year"
        );
        for (table, row, col, v) in expected_cells(&exp) {
            if KNOWN_AMBIGUOUS.contains(&(
                name.as_str(),
                table.as_str(),
                row.as_str(),
                col.as_str(),
            )) {
                continue;
            }
            let got = cell(&report, &table, &row, &col);
            if KNOWN_UNREAD.contains(&(name.as_str(), table.as_str()))
                || KNOWN_DOUBTED.contains(&(name.as_str(), table.as_str(), row.as_str()))
            {
                let unknown = got.is_none_or(|c| c.known().is_none());
                let wrong_known = got
                    .and_then(|c| c.known())
                    .is_some_and(|x| (x.as_f64() - v).abs() > 1e-9);
                if wrong_known || !unknown {
                    failures.push(format!("{name}: {table}.{row}.{col} should be unknown"));
                }
                continue;
            }
            checked += 1;
            let ok = got.is_some_and(|c| {
                matches!(c.status, Status::Read | Status::Inferred)
                    && c.value.is_some_and(|x| (x.as_f64() - v).abs() < 1e-9)
            });
            if !ok {
                failures.push(format!(
                    "{name}: {table}.{row}.{col} expected {v}, got {:?}",
                    got.map(|c| (c.value.map(|x| x.to_string()), c.status))
                ));
            }
        }
    }
    for (file, table) in KNOWN_UNREAD
        .iter()
        .filter(|(_, t)| *t != "active_disclosure")
    {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pastes")
            .join(file);
        let report = check(&std::fs::read_to_string(path).unwrap());
        let zh = match *table {
            "applications" => "表三",
            _ => "表四",
        };
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code == "R004" && d.message.contains(zh)),
            "{file}: no R004 for {table}"
        );
    }
    for (file, table, row) in KNOWN_DOUBTED {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pastes")
            .join(file);
        let report = check(&std::fs::read_to_string(path).unwrap());
        assert!(
            report.diagnostics.iter().any(|d| d.code == "R004"
                && d.cells
                    .iter()
                    .any(|c| c.table.as_str() == *table && c.row == Some(*row))),
            "{file}: no R004 for {table}.{row}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} expected cells checked");
    assert!(checked > 2000, "only {checked} cells checked");
}

/// No cell anywhere comes out with a value different from the expected one, including the cells
/// the expected files leave null on purpose, where any value must at least not contradict the
/// source: those must not be `read` with a value unless the value is right.
#[test]
fn documented_ambiguities_are_reported_not_guessed() {
    for (file, table, row, col) in KNOWN_AMBIGUOUS {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let path = ["corpus", "pastes"]
            .iter()
            .map(|d| dir.join(d).join(file))
            .find(|p| p.exists())
            .expect("fixture");
        let report = check(&std::fs::read_to_string(path).unwrap());
        let c = cell(&report, table, row, col).expect("cell exists");
        assert_eq!(c.status, Status::Ambiguous, "{file} {row}.{col}");
        assert!(c.value.is_none());
        assert!(c.candidates.len() >= 2);
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.code == "R001" && d.cells.iter().any(|r| r.column == *col)));
    }
}
