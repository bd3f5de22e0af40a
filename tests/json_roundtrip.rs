//! The v1 JSON read back (`json::from_json`, the reference the page's worker hand-off is tested
//! against) writes the same bytes again, on every fixture, on many reports pasted one after
//! another, and on decimals.

use nianbao::json::{from_json, to_json};
use nianbao::{check, check_json, Num, Previous, Report, Status};

mod fixture_list;

/// The report less what the contract does not carry (spans' byte offsets).
fn without_bytes(mut r: Report) -> Report {
    for t in [
        &mut r.tables.active_disclosure,
        &mut r.tables.applications,
        &mut r.tables.review_litigation,
    ] {
        for row in &mut t.rows {
            for (_, c) in &mut row.cells {
                if let Some(s) = &mut c.span {
                    (s.byte_start, s.byte_end) = (0, 0);
                }
            }
        }
    }
    for d in &mut r.diagnostics {
        if let Some(s) = &mut d.span {
            (s.byte_start, s.byte_end) = (0, 0);
        }
    }
    r
}

fn texts() -> Vec<(String, String)> {
    let out: Vec<(String, String)> = fixture_list::texts(&["seeds", "corpus", "pastes"])
        .into_iter()
        .map(|(_, f)| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&f).unwrap())
        })
        .collect();
    assert!(out.len() >= 15, "fixtures present");
    out
}

#[test]
fn every_fixture_reads_back_to_the_same_bytes() {
    for (name, text) in texts() {
        let json = check_json(&text);
        let back = from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(to_json(&back), json, "{name}");
        let report = without_bytes(check(&text));
        assert_eq!(back.tables, report.tables, "{name}: tables");
        assert_eq!(back.diagnostics, report.diagnostics, "{name}: findings");
        assert_eq!(back.verdict, report.verdict, "{name}: verdict");
        assert_eq!(back.template, report.template, "{name}");
    }
}

#[test]
fn many_reports_pasted_one_after_another_read_back_to_the_same_bytes() {
    let all: Vec<String> = texts().into_iter().map(|(_, t)| t).collect();
    let text = all.join("\n\n").repeat(3);
    let json = check_json(&text);
    assert_eq!(to_json(&from_json(&json).unwrap()), json);
}

#[test]
fn decimals_and_empty_text_read_back_to_the_same_bytes() {
    let (_, text) = texts().into_iter().next().unwrap();
    let mut report = check(&text);
    let values = [
        Num {
            mantissa: 125,
            scale: 2,
        },
        Num {
            mantissa: -5,
            scale: 1,
        },
        Num {
            mantissa: 123_456_789_012_345,
            scale: 4,
        },
        Num {
            mantissa: 1,
            scale: 8,
        },
        Num::int(0),
        Num::int(-42),
    ];
    let cells: Vec<_> = report
        .tables
        .applications
        .rows
        .iter_mut()
        .flat_map(|r| r.cells.iter_mut())
        .take(values.len())
        .collect();
    for (cell, v) in cells.into_iter().zip(values) {
        cell.1.value = Some(v);
        cell.1.status = Status::Inferred;
        cell.1.candidates = vec![v, Num::int(7)];
        cell.1.from = Some("测试".into());
    }
    // A cross-year finding names last year's cells and source too.
    let mut d = report.diagnostics[0].clone();
    d.previous = Some(Box::new(Previous {
        year: Some(2020),
        cells: d.cells.clone(),
        span: d.span,
    }));
    report.diagnostics.push(d);
    let json = to_json(&report);
    assert!(json.contains("\"previous\""));
    let back = from_json(&json).unwrap();
    assert_eq!(to_json(&back), json);
    assert_eq!(back.tables, without_bytes(report).tables);

    let empty = check_json("");
    assert_eq!(to_json(&from_json(&empty).unwrap()), empty);
}

#[test]
fn what_is_not_a_v1_report_is_an_error() {
    let json = check_json(&texts()[0].1);
    assert!(from_json("").is_err());
    assert!(from_json("{}").is_err());
    assert!(from_json(&json.replacen("\"version\":1", "\"version\":2", 1)).is_err());
    assert!(from_json(&json.replacen("\"natural_person\"", "\"nobody\"", 1)).is_err());
}

#[test]
fn escaped_strings_are_read_and_malformed_json_is_refused() {
    let text = &texts()[0].1;
    let report = check(text);
    let json = check_json(text);
    let quoted = serde_json::to_string(&report.diagnostics[0].message).unwrap();
    let escaped = r#""a\"b\\c\/d\b\f\n\r\t\u4e2d\ud83d\ude00 \u00e9""#;
    let back = from_json(&json.replacen(&quoted, escaped, 1)).unwrap();
    assert_eq!(
        back.diagnostics[0].message,
        "a\"b\\c/d\u{8}\u{c}\n\r\t中😀 é"
    );
    // Spaces between tokens are fine.
    let spaced = json.replace(",\"", " ,\n\t\"").replace("{", "{ ");
    assert_eq!(to_json(&from_json(&spaced).unwrap()), json);
    for bad in [
        "",
        "{",
        "[1,]",
        "{\"a\":1,}",
        "\"\\u12\"",
        "\"\\ud83d\"",
        "\"a\u{1}b\"",
        "nul",
        "{} {}",
        &"[".repeat(100),
        &json[..json.len() - 1],
    ] {
        assert!(from_json(bad).is_err(), "{bad:.40}");
    }
}
