//! Layout variants the fixtures do not show, written by hand: wrapped table-二 labels, labels above their numbers, placeholders, full-width digits.

use nianbao::{check, Num, Status};

fn cell(r: &nianbao::Report, row: &str, col: &str) -> (Option<Num>, Status) {
    let c = r.tables.active_disclosure.cell(row, col).expect("cell");
    (c.value, c.status)
}

const HEAD: &str =
    "某某局2023年政府信息公开工作年度报告\n一、总体情况\n文字。\n二、主动公开政府信息情况\n";
const TAIL: &str = "\n三、收到和处理政府信息公开申请情况\n";

#[test]
fn wrapped_and_stacked_table_two_labels() {
    let text = format!(
        "{HEAD}第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\n1\t2\t3\n行政规范性文件\t4\t5\t6\n第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收\n费          96171.6\n{TAIL}"
    );
    let r = check(&text);
    assert_eq!(
        cell(&r, "rules", "issued"),
        (Some(Num::int(1)), Status::Read)
    );
    assert_eq!(
        cell(&r, "rules", "in_force"),
        (Some(Num::int(3)), Status::Read)
    );
    assert_eq!(
        cell(&r, "normative_documents", "repealed"),
        (Some(Num::int(5)), Status::Read)
    );
    assert_eq!(
        cell(&r, "fees", "amount").0.map(|n| n.to_string()),
        Some("96171.6".into())
    );
}

#[test]
fn placeholders_stay_blank_and_full_width_digits_read() {
    let text =
        format!("{HEAD}规章\t／\t—\t无\n行政规范性文件\t１２\t０\t３４\n行政许可\t3,985\n{TAIL}");
    let r = check(&text);
    for col in ["issued", "repealed", "in_force"] {
        assert_eq!(cell(&r, "rules", col), (None, Status::Blank), "{col}");
    }
    assert_eq!(
        cell(&r, "normative_documents", "issued"),
        (Some(Num::int(12)), Status::Read)
    );
    assert_eq!(
        cell(&r, "licensing", "decisions"),
        (Some(Num::int(3985)), Status::Read)
    );
    assert!(
        r.diagnostics.iter().any(|d| d.code == "S005"),
        "blank cells are reported"
    );
}

/// Table 三 as tab rows, with a placeholder cell, the group label on its own line, and 第X部分
/// headings.
#[test]
fn table_three_with_placeholders_and_part_headings() {
    let mut t = String::from("某某局2022年政府信息公开工作年度报告\n第一部分 总体情况\n文字。\n第三部分 收到和处理政府信息公开申请情况\n");
    let rows = nianbao::template::APPLICATIONS_2021;
    for (i, r) in rows.iter().enumerate() {
        let label = nianbao::template::short_label(r.label);
        if r.key == "granted" {
            t.push_str("三、本年度办理结果\n");
        }
        // new_received: 5 from natural persons; carried_forward: 0 everywhere but one "—".
        let vals: Vec<String> = match r.key {
            "new_received" | "granted" | "total" => vec!["5", "0", "0", "0", "0", "0", "5"],
            "carried_forward" => vec!["0", "0", "0", "0", "0", "—", "0"],
            _ => vec!["0"; 7],
        }
        .into_iter()
        .map(String::from)
        .collect();
        t.push_str(&format!("{label}\t{}\n", vals.join("\t")));
        let _ = i;
    }
    t.push_str("第四部分 政府信息公开行政复议、行政诉讼情况\n");
    let r = check(&t);
    assert_eq!(
        r.sections.len(),
        3,
        "{:?}",
        r.sections.iter().map(|s| &s.title).collect::<Vec<_>>()
    );
    let apps = &r.tables.applications;
    assert_eq!(
        apps.cell("granted", "natural_person").and_then(|c| c.value),
        Some(Num::int(5))
    );
    assert_eq!(
        apps.cell("total", "total").and_then(|c| c.value),
        Some(Num::int(5))
    );
    let blank = apps.cell("carried_forward", "other_org").unwrap();
    assert_eq!((blank.value, blank.status), (None, Status::Blank));
    // The sums that need the blank cell are not assessable, not passed, not failed.
    assert!(r.diagnostics.iter().any(|d| d.code == "A005"));
    assert!(!r
        .diagnostics
        .iter()
        .any(|d| d.code.starts_with('A') && d.severity == nianbao::Severity::Error));
}
