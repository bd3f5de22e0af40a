//! The page's worker hand-off (`pack`, `unpack`): a report read back is the same report as the v1 JSON read back (`from_json`), on every fixture, on many reports pasted one after another, and on decimals; what is not a packed report is refused.

use nianbao::json::{from_json, to_json};
use nianbao::pack::{pack, unpack};
use nianbao::{check, Cell, Num, Previous, Report, Status};

mod fixture_list;

fn texts() -> Vec<(String, String)> {
    let dirs = ["seeds", "corpus", "pastes", "hostile", "disorder"];
    let out: Vec<(String, String)> = fixture_list::texts(&dirs)
        .into_iter()
        .filter_map(|(_, f)| {
            let name = f.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(&f).ok()?))
        })
        .collect();
    assert!(out.len() >= 15, "fixtures present");
    out
}

/// What the page got from its worker before: the v1 JSON read back.
fn via_json(r: &Report) -> Report {
    from_json(&to_json(r)).unwrap()
}

/// The `i`-th cell of table 三 (in row order).
fn nth_cell(r: &mut Report, i: usize) -> &mut Cell {
    let rows = r.tables.applications.rows.iter_mut();
    &mut rows.flat_map(|r| r.cells.iter_mut()).nth(i).unwrap().1
}

fn same(name: &str, r: Report) {
    let json = via_json(&r);
    let back = unpack(&pack(r)).unwrap_or_else(|| panic!("{name}: not read back"));
    assert_eq!(back, json, "{name}");
}

#[test]
fn every_fixture_reads_back_as_from_the_json() {
    let texts = texts();
    for (name, text) in &texts {
        same(name, check(text));
    }
    eprintln!("{} texts", texts.len());
}

#[test]
fn many_reports_pasted_one_after_another_read_back_as_from_the_json() {
    let all: Vec<String> = texts().into_iter().map(|(_, t)| t).collect();
    same("all", check(&all.join("\n\n").repeat(3)));
    same("empty", check(""));
}

#[test]
fn decimals_and_cross_year_findings_read_back_as_from_the_json() {
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
        Num {
            mantissa: 1200,
            scale: 2,
        },
        Num::int(0),
        Num::int(-42),
        Num::int(i64::MIN),
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
        cell.1.from = Some("测试😀".into());
    }
    // A cross-year finding names last year's cells and source too.
    let mut d = report.diagnostics[0].clone();
    d.previous = Some(Box::new(Previous {
        year: Some(-2020),
        cells: d.cells.clone(),
        span: d.span,
    }));
    report.diagnostics.push(d);
    // i64::MIN is beyond the JSON's exact figures (it travels as an `f64`): compared on its own,
    // then left out.
    let mut back = unpack(&pack(report.clone())).unwrap();
    assert_eq!(
        nth_cell(&mut back, values.len() - 1).value,
        Some(Num::int(i64::MIN))
    );
    let cell = nth_cell(&mut report, values.len() - 1);
    cell.value = None;
    cell.candidates.clear();
    same("decimals", report);
}

#[test]
fn what_is_not_a_packed_report_is_refused() {
    let packed = pack(check(&texts()[0].1));
    assert!(unpack(&packed).is_some());
    assert!(unpack(&[]).is_none());
    assert!(unpack(&packed[..packed.len() - 1]).is_none());
    let mut longer = packed.clone();
    longer.push(0);
    assert!(unpack(&longer).is_none());
    // A list longer than the tape, a variant, a character or a key that does not exist.
    for (i, bad) in [(0, 7), (0, u32::MAX), (1, u32::MAX)] {
        let mut p = packed.clone();
        p[i] = bad;
        assert!(unpack(&p).is_none(), "{i}: {bad}");
    }
    let report = check(&texts()[0].1);
    let message: Vec<u32> = report.diagnostics[0]
        .message
        .chars()
        .map(u32::from)
        .collect();
    let at = packed
        .windows(message.len())
        .position(|w| w == message.as_slice())
        .expect("a finding's message in the tape");
    let mut p = packed.clone();
    p[at] = 0xD800;
    assert!(unpack(&p).is_none(), "not a character");
    // Whatever number is changed, the tape is refused or read, never a panic; a key, a variant,
    // a length or an `Option` that cannot be is refused.
    let mut refused = 0;
    for i in 0..packed.len() {
        let mut p = packed.clone();
        p[i] = u32::MAX;
        refused += usize::from(unpack(&p).is_none());
    }
    assert!(refused > packed.len() / 10, "{refused} of {}", packed.len());
}
