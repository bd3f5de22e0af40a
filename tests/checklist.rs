//! The reviewer's checklist (issue 10): C004–C008, S010–S012 and the prose figures P001 gained.
//! Each rule fires on a fixture changed the way real reports go wrong, with its message and span,
//! and stays silent on the fixture as it is.

use nianbao::{check, Diagnostic, Report, Severity};

const SEED: &str = include_str!("fixtures/seeds/004_63cb935bb53fbf27.txt");
const SEED_001: &str = include_str!("fixtures/seeds/001_8be41c244005adf4.txt");
const HUAIAN: &str = include_str!("fixtures/pastes/huaian-2024.pdfjs.txt");
const PINGTAN: &str = include_str!("fixtures/corpus/pingtan-2024.browser-copy.txt");
const SHKW: &str = include_str!("fixtures/corpus/shkw-2024.converter-markdown.txt");

const NEW: &[&str] = &[
    "C004", "C005", "C006", "C007", "C008", "S010", "S011", "S012",
];

fn found<'a>(r: &'a Report, code: &str) -> Vec<&'a Diagnostic> {
    r.diagnostics.iter().filter(|d| d.code == code).collect()
}

fn one<'a>(r: &'a Report, code: &str) -> &'a Diagnostic {
    let f = found(r, code);
    assert_eq!(f.len(), 1, "{code}: {:#?}", r.diagnostics);
    f[0]
}

/// The text a finding points at.
fn at<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
    let s = d.span.expect("a span");
    &text[s.byte_start..s.byte_end]
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, to, 1)
}

/// The text between two markers (both kept) replaced.
fn replace_between(text: &str, start: &str, end: &str, with: &str) -> String {
    let a = text.find(start).expect("start") + start.len();
    let b = a + text[a..].find(end).expect("end");
    format!("{}{}{}", &text[..a], with, &text[b..])
}

#[test]
fn silent_on_clean_fixtures() {
    for text in [SEED, HUAIAN, PINGTAN] {
        let r = check(text);
        for code in NEW {
            assert!(found(&r, code).is_empty(), "{code}: {:#?}", found(&r, code));
        }
        assert!(found(&r, "P001").is_empty(), "{:#?}", found(&r, "P001"));
    }
    // No new finding is an error.
    for rule in nianbao::RULES.iter().filter(|r| NEW.contains(&r.code)) {
        assert_ne!(rule.severity, Severity::Error, "{}", rule.code);
    }
}

// ---------------------------------------------------------------------------------------------
// C004 统计期限 (and C003 for a period the parser's wording did not find)
// ---------------------------------------------------------------------------------------------

#[test]
fn period_absent() {
    let text = replace(
        SEED,
        "统计期限自 2022 年 1 月 1 日起至 2022 年 12 月 31 日止",
        "数据来源为本机关",
    );
    let r = check(&text);
    let d = one(&r, "C004");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.starts_with("未写明统计期限"), "{}", d.message);
    assert_eq!(d.span, None);
}

#[test]
fn period_not_whole_year() {
    let text = replace(SEED, "至 2022 年 12 月 31 日止", "至 2022 年 6 月 30 日止");
    let r = check(&text);
    let d = one(&r, "C004");
    assert_eq!(
        d.message,
        "统计期限“统计期限自2022年1月1日起至2022年6月30日止”不是完整的自然年度（应为2022年1月1日至12月31日）"
    );
    assert_eq!(
        at(&text, d),
        "统计期限自 2022 年 1 月 1 日起至 2022 年 6 月 30 日止"
    );
    assert!(found(&r, "C003").is_empty());
}

#[test]
fn period_year_mismatch_in_other_wording() {
    // “统计时间” is not a wording the parser's period reader knows: C003 comes from the checklist.
    let text = replace(
        SEED,
        "统计期限自 2022 年 1 月 1 日起至 2022 年 12 月 31 日止",
        "数据统计时间为 2021 年 1 月 1 日至 2021 年 12 月 31 日",
    );
    let r = check(&text);
    let d = one(&r, "C003");
    assert_eq!(d.message, "标题为 2022 年度报告，而统计期限写的是 2021 年");
    assert_eq!(at(&text, d), "统计时间为 2021");
    assert!(found(&r, "C004").is_empty());
}

#[test]
fn period_other_forms_are_whole_years() {
    for period in [
        "统计周期为 2022 年 1 月 1 日至 12 月 31 日",
        "统计期限为2022年度",
        "统计期限自2022年1月1日至2022年12月31日",
    ] {
        let text = replace(
            SEED,
            "统计期限自 2022 年 1 月 1 日起至 2022 年 12 月 31 日止",
            period,
        );
        let r = check(&text);
        assert!(
            found(&r, "C004").is_empty(),
            "{period}: {:#?}",
            found(&r, "C004")
        );
        assert!(found(&r, "C003").is_empty(), "{period}");
    }
}

// ---------------------------------------------------------------------------------------------
// C005 总体情况的五个方面
// ---------------------------------------------------------------------------------------------

#[test]
fn overview_topics() {
    let text = replace_between(
        SEED,
        "一、总体情况",
        "二、主动公开政府信息情况",
        "\n\n本年度我局认真做好主动公开和依申请公开工作。\n\n",
    );
    let r = check(&text);
    let msgs: Vec<&str> = found(&r, "C005")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        msgs,
        [
            "第一部分“总体情况”未提及“政府信息管理”方面的工作",
            "第一部分“总体情况”未提及“平台建设”方面的工作",
            "第一部分“总体情况”未提及“监督保障”方面的工作",
        ]
    );
    for d in found(&r, "C005") {
        assert_eq!(at(&text, d), "一、总体情况");
    }
}

#[test]
fn overview_up_to_the_real_next_heading() {
    // Seed 001's overview has a sub-item “(四) 主动公开政府信息的情况。…” that the parser takes for
    // section 二's heading: 主动公开 is still mentioned in the overview, 依申请公开 is not.
    let r = check(SEED_001);
    let msgs: Vec<&str> = found(&r, "C005")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(msgs, ["第一部分“总体情况”未提及“依申请公开”方面的工作"]);
}

// ---------------------------------------------------------------------------------------------
// C006 信息处理费
// ---------------------------------------------------------------------------------------------

/// Seed 004 with section 六 mentioning only 行政事业性收费 (which satisfies C002's “收费”).
fn fees_not_reported(text: &str) -> String {
    let head = &text[..text.find("六、其他需要报告的事项").expect("six")];
    format!("{head}六、其他需要报告的事项\n\n本年度行政事业性收费 0 万元，其他收费情况见表二。\n")
}

#[test]
fn fee_notice_in_table() {
    let mut text = fees_not_reported(SEED);
    for label in [
        "一、本年新收政府信息公开申请数量\t\t",
        "缴纳费用、行政机关不再处理其政府信息公开申请\t",
        "(七) 总计\t\t",
    ] {
        text = replace(
            &text,
            &format!("{label}0\t0\t0\t0\t0\t0"),
            &format!("{label}1\t0\t0\t0\t0\t1"),
        );
    }
    let r = check(&text);
    assert!(!r
        .diagnostics
        .iter()
        .any(|d| d.code.starts_with('A') && d.severity == Severity::Error));
    assert!(found(&r, "C002").is_empty());
    let d = one(&r, "C006");
    assert!(
        d.message.contains(
            "为 1，说明发出过收费通知，而第六部分未报告信息处理费收取情况（只提到行政事业性收费"
        ),
        "{}",
        d.message
    );
    assert_eq!(d.cells.len(), 1);
    assert_eq!(d.cells[0].row, Some("other_no_fee"));
    assert_eq!(at(&text, d), "六、其他需要报告的事项");
}

#[test]
fn fee_notice_in_prose() {
    let text = replace(
        &fees_not_reported(SEED),
        "三、收到和处理政府信息公开申请情况",
        "三、收到和处理政府信息公开申请情况\n\n本年度向申请人发出收费通知 1 件。\n",
    );
    let r = check(&text);
    let d = one(&r, "C006");
    assert!(d.message.starts_with("正文第 "), "{}", d.message);
    assert!(d
        .message
        .contains("提到“收费通知”，而第六部分未报告信息处理费收取情况"));
    // The same text with no sign of fees, or with section 六 reporting them: silent.
    assert!(found(&check(&fees_not_reported(SEED)), "C006").is_empty());
    let reported = text.replace("其他收费情况见表二", "收取信息处理费 0 元");
    assert!(found(&check(&reported), "C006").is_empty());
    // “未收取信息处理费” elsewhere is no sign of fees.
    let negated = replace(
        &fees_not_reported(SEED),
        "三、收到和处理政府信息公开申请情况",
        "三、收到和处理政府信息公开申请情况\n本年度未收取信息处理费。\n",
    );
    assert!(found(&check(&negated), "C006").is_empty());
}

#[test]
fn public_fees_do_not_satisfy_c002() {
    let head = &SEED[..SEED.find("六、其他需要报告的事项").expect("six")];
    let text = format!("{head}六、其他需要报告的事项\n\n本年度行政事业性收费 0 万元。\n");
    let r = check(&text);
    one(&r, "C002");
    // C006 does not repeat what C002 says.
    assert!(found(&r, "C006").is_empty());
}

// ---------------------------------------------------------------------------------------------
// C007, C008 发布日期
// ---------------------------------------------------------------------------------------------

fn dated(text: &str, after: &str, date: &str) -> String {
    replace(text, after, &format!("{after}\n发布日期：{date}\n"))
}

#[test]
fn department_published_late() {
    let text = dated(SEED, "2022 年政府信息公开工作年度报告", "2023-02-15");
    let r = check(&text);
    let d = one(&r, "C007");
    assert_eq!(
        d.message,
        "发布日期 2023年2月15日 晚于政府部门年度报告的公布期限 2023年1月31日（条例第四十九条；机关：中卫市信访局）"
    );
    assert_eq!(at(&text, d), "发布日期：2023-02-15");
    let on_time = dated(SEED, "2022 年政府信息公开工作年度报告", "2023-01-20");
    assert!(found(&check(&on_time), "C007").is_empty());
}

#[test]
fn government_deadline_is_march() {
    let title = "2024 年政府信息公开工作年度报告";
    let r = check(&dated(HUAIAN, title, "2025年3月20日"));
    assert!(found(&r, "C007").is_empty() && found(&r, "C008").is_empty());
    let text = format!("{HUAIAN}\n成文日期：2025年4月2日\n");
    let r = check(&text);
    let d = one(&r, "C007");
    assert!(
        d.message
            .contains("晚于县级以上人民政府年度报告的公布期限 2025年3月31日"),
        "{}",
        d.message
    );
    assert_eq!(at(&text, d), "成文日期：2025年4月2日");
}

#[test]
fn kind_unknown() {
    let title = "平潭综合实验区2024年度政府信息公开工作年度报告";
    let text = dated(PINGTAN, title, "2025/03/10");
    let r = check(&text);
    let d = one(&r, "C008");
    assert_eq!(d.severity, Severity::Info);
    assert!(
        d.message
            .contains("从机关名称“平潭综合实验区”无法判断机关类别"),
        "{}",
        d.message
    );
    assert!(found(&r, "C007").is_empty());
    // After 3月31日 it is late whatever the kind.
    let r = check(&dated(PINGTAN, title, "2025-04-10"));
    assert!(one(&r, "C007")
        .message
        .contains("无论是部门还是县级以上人民政府都已超过公布期限"));
}

// ---------------------------------------------------------------------------------------------
// S010–S012 编号、顺序、措辞
// ---------------------------------------------------------------------------------------------

#[test]
fn numbering_repeats_and_skips() {
    let text = replace(
        SEED,
        "\n三、收到和处理政府信息公开申请情况",
        "\n二、收到和处理政府信息公开申请情况",
    );
    let r = check(&text);
    let d = one(&r, "S010");
    assert_eq!(
        d.message,
        "第三部分“收到和处理政府信息公开申请情况”的编号“二、”与第二部分“主动公开政府信息情况”的“二、”重复"
    );
    assert_eq!(at(&text, d), "二、收到和处理政府信息公开申请情况");

    let text = replace(
        SEED,
        "\n五、存在的主要问题及改进情况",
        "\n六、存在的主要问题及改进情况",
    );
    let text = replace(
        &text,
        "\n六、其他需要报告的事项",
        "\n七、其他需要报告的事项",
    );
    let r = check(&text);
    let d = one(&r, "S010");
    assert!(
        d.message
            .contains("的编号“六、”紧接“四、政府信息公开行政复议、行政诉讼情况”，跳过了“五、”"),
        "{}",
        d.message
    );
}

#[test]
fn overview_unnumbered_is_a_numbering_of_its_own() {
    // 总体情况 unnumbered, 主动公开 from 一 (the spec's variant): no finding.
    let mut text = replace(SEED, "\n一、总体情况", "\n总体情况");
    for (a, b) in [
        ("二", "一"),
        ("三", "二"),
        ("四", "三"),
        ("五", "四"),
        ("六", "五"),
    ] {
        let key = [
            "主动公开政府信息情况",
            "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况",
            "其他需要报告的事项",
        ][["二", "三", "四", "五", "六"]
            .iter()
            .position(|x| *x == a)
            .unwrap()];
        text = replace(&text, &format!("\n{a}、{key}"), &format!("\n{b}、{key}"));
    }
    let r = check(&text);
    assert!(found(&r, "S010").is_empty(), "{:#?}", found(&r, "S010"));
    // shkw numbers 总体情况 “一、” and 主动公开 “一、” too: a repeat.
    let r = check(SHKW);
    assert!(one(&r, "S010")
        .message
        .contains("的编号“一、”与第一部分“总体情况”的“一、”重复"));
}

#[test]
fn sections_out_of_order() {
    // 五 and 六 swapped.
    let five = SEED.find("\n五、存在的主要问题及改进情况").unwrap();
    let six = SEED.find("\n六、其他需要报告的事项").unwrap();
    let text = format!("{}{}{}", &SEED[..five], &SEED[six..], &SEED[five..six]);
    let r = check(&text);
    let d = one(&r, "S011");
    assert_eq!(
        d.message,
        "第六部分“其他需要报告的事项”出现在第五部分“存在的主要问题及改进情况”之前，顺序与模板不符"
    );
    assert_eq!(at(&text, d), "六、其他需要报告的事项");
    // S011 replaces S001's “未找到第六部分”.
    assert!(found(&r, "S001").is_empty(), "{:#?}", found(&r, "S001"));
}

#[test]
fn heading_wording() {
    let text = replace(
        SEED,
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
    );
    let r = check(&text);
    let d = one(&r, "S012");
    assert_eq!(
        d.message,
        "第四部分标题“因政府信息公开申请行政复议、提起行政诉讼的情况”与模板措辞不一致，应为“政府信息公开行政复议、行政诉讼情况”"
    );
    assert_eq!(
        at(&text, d),
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况"
    );
    // Seed 001's section 二 is judged by its real heading “## 二、主动公开政府信息情况”, not by the
    // sub-item “(四) 主动公开政府信息的情况” the parser took for it.
    let r = check(SEED_001);
    assert!(found(&r, "S010").is_empty() && found(&r, "S012").is_empty());
}

// ---------------------------------------------------------------------------------------------
// P001: the prose figures the checklist added
// ---------------------------------------------------------------------------------------------

#[test]
fn prose_answered_wrapped_over_lines() {
    // “答\n复 3050 件” against 办理结果总计 (3050): silent; changed: a finding spanning the phrase.
    let text = replace(HUAIAN, "复 3050 件", "复 3051 件");
    let r = check(&text);
    let d = one(&r, "P001");
    assert!(
        d.message.starts_with("正文“答复3051件”与表格不一致："),
        "{}",
        d.message
    );
    assert!(d.message.ends_with("为 3050"), "{}", d.message);
    assert_eq!(at(&text, d), "答\n复 3051");
    assert_eq!(d.cells[0].row, Some("total"));
}

#[test]
fn prose_carried_forward_and_received() {
    let text = replace(
        SEED,
        "本机关 2022 年未收到政府信息公开申请，",
        "本机关全年共受理申请 2 件，已办结 2 件，结转下年度 1 件。",
    );
    let r = check(&text);
    let msgs: Vec<&str> = found(&r, "P001")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(msgs.len(), 3, "{msgs:#?}");
    assert!(
        msgs[0].starts_with("正文“共受理申请2件”")
            || msgs.iter().any(|m| m.starts_with("正文“受理申请2件”"))
    );
    assert!(msgs.iter().any(|m| m.starts_with("正文“已办结2件”")));
    assert!(msgs.iter().any(|m| m.starts_with("正文“结转下年度1件”")));
}

#[test]
fn prose_other_years_changes_and_shares_are_not_claims() {
    for sentence in [
        "较上年行政复议减少 3 件。",
        "2021 年行政复议 5 件。",
        "行政复议同比增加 4 件。",
        "去年受理申请 9 件。",
        "其中部分公开答复 7 件。",
    ] {
        let text = replace(SEED, "本机关 2022 年未收到政府信息公开申请，", sentence);
        let r = check(&text);
        assert!(
            found(&r, "P001").is_empty(),
            "{sentence}: {:#?}",
            found(&r, "P001")
        );
    }
    // The same figure as this year's count is a claim.
    let text = replace(
        SEED,
        "本机关 2022 年未收到政府信息公开申请，",
        "全年行政复议 5 件。",
    );
    one(&check(&text), "P001");
}

#[test]
fn rules_are_explained() {
    for code in NEW {
        let rule = nianbao::rule_by_code(code).expect(code);
        assert!(
            rule.doc.contains("检查") && rule.doc.contains("原因") && rule.doc.contains("示例")
        );
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["rule", "s011"])
        .output()
        .expect("run nianbao");
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("S011") && s.contains("六个部分的顺序与模板不符"),
        "{s}"
    );
}
