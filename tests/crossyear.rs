//! Year against year (`nianbao::desk`): consecutive-year pairs from the synthetic generator and from the fixtures. Each cross-year rule fires when a figure is changed and stays silent when it follows; a cell that cannot be read makes its comparison not assessable (Y004), never passed.

mod fixture_list;
mod synth;

use nianbao::desk::{attach, crossyear, pairing};
use nianbao::{check, json, CellRef, Diagnostic, Num, Report, Severity, Status, TableKey};
use synth::{Data, Layout, Synth};

const APPS: TableKey = TableKey::Applications;
const ACTIVE: TableKey = TableKey::ActiveDisclosure;

fn codes(ds: &[Diagnostic], code: &str) -> Vec<Diagnostic> {
    ds.iter().filter(|d| d.code == code).cloned().collect()
}

fn describe(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| format!("{}[{}] {}", d.severity.as_str(), d.code, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Synthetic pairs
// ---------------------------------------------------------------------------------------------

struct Pair {
    last: Synth,
    this: Synth,
}

impl Pair {
    fn new(seed: u64, layout: Layout) -> Pair {
        let last = Data::last_year(seed);
        let this = last.next_year(seed);
        Pair {
            last: Synth::from_data(seed, layout, last),
            this: Synth::from_data(seed + 1, layout, this),
        }
    }

    fn compare(&self) -> (Report, Report, Vec<Diagnostic>) {
        let (l, t) = (check(&self.last.text), check(&self.this.text));
        let found = crossyear::compare(&l, &self.last.text, &t, &self.this.text);
        (l, t, found)
    }
}

/// Whether every cell the cross-year rules read came out of the text with its value (so a
/// silent comparison means the figures follow, not that the reader guessed).
fn read_exactly(s: &Synth, r: &Report, cells: &[(TableKey, &str, &str)]) -> bool {
    cells.iter().all(|&(t, row, col)| {
        r.tables.get(t).cell(row, col).and_then(|c| c.known()) == s.expected_value(t, row, col)
    })
}

fn carried_cells(row: &'static str) -> Vec<(TableKey, &'static str, &'static str)> {
    nianbao::template::APPLICANT_COLS
        .iter()
        .map(|c| (APPS, row, c.key))
        .collect()
}

fn doc_cells() -> Vec<(TableKey, &'static str, &'static str)> {
    let mut v = Vec::new();
    for row in ["rules", "normative_documents"] {
        for col in ["issued", "repealed", "in_force"] {
            v.push((ACTIVE, row, col));
        }
    }
    v
}

#[test]
fn synthetic_pairs_that_follow_are_silent() {
    let mut checked = 0;
    for seed in 0..40u64 {
        for layout in Layout::SEPARATED {
            let p = Pair::new(seed * 101, layout);
            let (l, t, found) = p.compare();
            let ok = read_exactly(&p.last, &l, &carried_cells("carried_forward"))
                && read_exactly(&p.last, &l, &doc_cells())
                && read_exactly(&p.this, &t, &carried_cells("carried_over"))
                && read_exactly(&p.this, &t, &doc_cells());
            if !ok {
                continue;
            }
            checked += 1;
            let loud: Vec<Diagnostic> =
                found.iter().filter(|d| d.code != "Y003").cloned().collect();
            assert!(
                loud.is_empty(),
                "seed {seed} {}: {}",
                layout.name(),
                describe(&loud)
            );
            // Y003 always says its figure, at info severity.
            let y3 = codes(&found, "Y003");
            assert_eq!(y3.len(), 1, "{}", describe(&found));
            assert_eq!(y3[0].severity, Severity::Info);
        }
    }
    assert!(checked >= 180, "only {checked} pairs read exactly");
}

#[test]
fn a_changed_carry_over_is_an_error_naming_both_reports() {
    let mut fired = 0;
    for seed in 0..30u64 {
        let layout = Layout::SEPARATED[seed as usize % Layout::SEPARATED.len()];
        let p = Pair::new(seed * 7 + 3, layout);
        // This year's 上年结转 自然人 one more, and its 结转下年度 too (so this year's own sums hold):
        // only the cross-year relation breaks, in the 自然人 and 总计 columns.
        let co = p
            .this
            .expected_value(APPS, "carried_over", "natural_person")
            .unwrap();
        let cf = p
            .this
            .expected_value(APPS, "carried_forward", "natural_person")
            .unwrap();
        let one = Num::int(1);
        let mut data = p.this.data.clone();
        for (row, v) in [("carried_over", co), ("carried_forward", cf)] {
            data.set(APPS, row, "natural_person", v.checked_add(one).unwrap());
            let total = data.get(APPS, row, "total").unwrap();
            data.set(APPS, row, "total", total.checked_add(one).unwrap());
        }
        let this = Synth::from_data(p.this.seed, layout, data);
        let (l, t) = (check(&p.last.text), check(&this.text));
        if !read_exactly(&this, &t, &carried_cells("carried_over"))
            || !read_exactly(&p.last, &l, &carried_cells("carried_forward"))
        {
            continue;
        }
        assert!(
            !t.diagnostics
                .iter()
                .any(|d| d.code.starts_with('A') && d.severity == Severity::Error),
            "this year's own sums still hold: {}",
            describe(&t.diagnostics)
        );
        let found = crossyear::compare(&l, &p.last.text, &t, &this.text);
        let y1 = codes(&found, "Y001");
        assert_eq!(y1.len(), 2, "seed {seed}: {}", describe(&found));
        let natural = &y1[0];
        assert_eq!(natural.severity, Severity::Error);
        assert_eq!(
            natural.cells,
            vec![CellRef::new(APPS, "carried_over", "natural_person")]
        );
        let prev = natural.previous.as_ref().expect("last year's side");
        assert_eq!(prev.year, Some(p.last.data.year));
        assert_eq!(
            prev.cells,
            vec![CellRef::new(APPS, "carried_forward", "natural_person")]
        );
        let expected = format!(
            "本年「二、上年结转」自然人 {}，上年报告「四、结转下年度继续办理」自然人 {}，应相等（差 +1）",
            co.checked_add(one).unwrap(),
            co
        );
        assert_eq!(natural.message, expected);
        // The spans point at the two cells in their own texts.
        let here = natural.span.expect("this year's span");
        let there = prev.span.expect("last year's span");
        assert_eq!(
            &this.text[here.byte_start..here.byte_end],
            this.num_style.spell(co.checked_add(one).unwrap()),
            "seed {seed}"
        );
        assert_eq!(
            &p.last.text[there.byte_start..there.byte_end],
            p.last.num_style.spell(co),
            "seed {seed}"
        );
        assert_eq!(
            y1[1].cells,
            vec![CellRef::new(APPS, "carried_over", "total")]
        );
        assert!(codes(&found, "Y004").is_empty(), "{}", describe(&found));
        fired += 1;
    }
    assert!(fired >= 25, "only {fired} pairs checked");
}

#[test]
fn a_changed_in_force_is_a_warning() {
    let mut fired = 0;
    for seed in 0..30u64 {
        let layout = Layout::SEPARATED[seed as usize % Layout::SEPARATED.len()];
        let p = Pair::new(seed * 13 + 5, layout);
        let now = p
            .this
            .expected_value(ACTIVE, "normative_documents", "in_force")
            .unwrap();
        let this = p.this.with_value(
            ACTIVE,
            "normative_documents",
            "in_force",
            now.checked_add(Num::int(2)).unwrap(),
        );
        let (l, t) = (check(&p.last.text), check(&this.text));
        if !read_exactly(&this, &t, &doc_cells()) || !read_exactly(&p.last, &l, &doc_cells()) {
            continue;
        }
        let found = crossyear::compare(&l, &p.last.text, &t, &this.text);
        let y2 = codes(&found, "Y002");
        assert_eq!(y2.len(), 1, "seed {seed}: {}", describe(&found));
        let d = &y2[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(
            d.cells[0],
            CellRef::new(ACTIVE, "normative_documents", "in_force")
        );
        assert_eq!(
            d.previous.as_ref().unwrap().cells,
            vec![CellRef::new(ACTIVE, "normative_documents", "in_force")]
        );
        assert!(
            d.message.starts_with("本年「行政规范性文件」现行有效件数"),
            "{}",
            d.message
        );
        assert!(d.message.ends_with("（差 +2）"), "{}", d.message);
        assert!(codes(&found, "Y001").is_empty());
        fired += 1;
    }
    assert!(fired >= 25, "only {fired} pairs checked");
}

#[test]
fn the_same_prose_with_new_figures_is_all_repeated() {
    // Last year's report with this year's figures and year: every prose sentence is last year's.
    let p = Pair::new(11, Layout::Tsv);
    let mut copied = p.last.data.clone();
    copied.year += 1;
    copied.applications = p.this.data.applications.clone();
    let copied = Synth::from_data(p.last.seed, Layout::Tsv, copied);
    let (l, t) = (check(&p.last.text), check(&copied.text));
    let found = crossyear::compare(&l, &p.last.text, &t, &copied.text);
    let y3 = codes(&found, "Y003");
    assert_eq!(y3.len(), 1);
    let (same, all) = crossyear::prose_overlap(&l, &p.last.text, &t, &copied.text);
    assert!(all >= 5, "{all} sentences");
    assert_eq!(same, all);
    assert!(
        y3[0]
            .message
            .contains(&format!("{all} 句中有 {all} 句（100%）")),
        "{}",
        y3[0].message
    );
    // It names the first repeated sentence in both texts.
    let here = y3[0].span.expect("span");
    let there = y3[0]
        .previous
        .as_ref()
        .unwrap()
        .span
        .expect("last year's span");
    let key = |s: &str| -> String { s.chars().filter(|c| c.is_alphabetic()).collect() };
    assert_eq!(
        key(&copied.text[here.byte_start..here.byte_end]),
        key(&p.last.text[there.byte_start..there.byte_end])
    );
}

#[test]
fn tables_and_numbers_are_not_prose() {
    for layout in Layout::ALL {
        let s = synth::generate(5, layout);
        let r = check(&s.text);
        for sentence in crossyear::prose_sentences(&s.text, &r) {
            let text = &s.text[sentence.range.clone()];
            assert!(sentence.key.chars().count() >= crossyear::MIN_SENTENCE);
            assert!(!sentence.key.chars().any(|c| c.is_ascii_digit()));
            for label in ["本年新收政府信息公开申请数量", "结果维持", "本年制发件数"]
            {
                assert!(!text.contains(label), "{}: {text}", layout.name());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Not assessable
// ---------------------------------------------------------------------------------------------

fn set_status(r: &mut Report, t: TableKey, row: &str, col: &str, status: Status) {
    let cell = match t {
        TableKey::ActiveDisclosure => r.tables.active_disclosure.cell_mut(row, col),
        TableKey::Applications => r.tables.applications.cell_mut(row, col),
        TableKey::ReviewLitigation => r.tables.review_litigation.cell_mut(row, col),
    }
    .expect("cell");
    cell.status = status;
    cell.value = None;
}

#[test]
fn an_unread_cell_makes_the_comparison_not_assessable() {
    let p = Pair::new(21, Layout::Tsv);
    let (mut l, mut t) = (check(&p.last.text), check(&p.this.text));
    set_status(&mut l, APPS, "carried_forward", "commercial", Status::Blank);
    set_status(
        &mut t,
        APPS,
        "carried_over",
        "natural_person",
        Status::Ambiguous,
    );
    set_status(&mut t, ACTIVE, "rules", "repealed", Status::Missing);
    let found = crossyear::compare(&l, &p.last.text, &t, &p.this.text);
    assert!(codes(&found, "Y001").is_empty() && codes(&found, "Y002").is_empty());
    let y4 = codes(&found, "Y004");
    assert_eq!(y4.len(), 2, "{}", describe(&found));
    assert!(y4.iter().all(|d| d.severity == Severity::Info));
    let carry = &y4[0];
    assert_eq!(
        carry.message,
        "上年结转与上年报告的结转下年度无法逐列核对（Y001）：本年「二、上年结转」自然人有歧义；上年报告「四、结转下年度继续办理」商业企业空白；其余 5 列已核对"
    );
    assert_eq!(
        carry.cells,
        vec![CellRef::new(APPS, "carried_over", "natural_person")]
    );
    assert_eq!(
        carry.previous.as_ref().unwrap().cells,
        vec![CellRef::new(APPS, "carried_forward", "commercial")]
    );
    assert_eq!(
        y4[1].message,
        "本年「规章」现行有效件数无法按上年核对（Y002）：本年「规章」本年废止件数缺失"
    );
    assert_eq!(y4[1].cells, vec![CellRef::new(ACTIVE, "rules", "repealed")]);
}

#[test]
fn a_table_not_read_is_said_once_for_the_row() {
    let p = Pair::new(22, Layout::Tsv);
    let (mut l, t) = (check(&p.last.text), check(&p.this.text));
    l.verdict.not_read.push(APPS);
    let found = crossyear::compare(&l, &p.last.text, &t, &p.this.text);
    let y4 = codes(&found, "Y004");
    assert_eq!(y4.len(), 1, "{}", describe(&found));
    assert_eq!(
        y4[0].message,
        "上年结转与上年报告的结转下年度无法逐列核对（Y001）：上年报告「四、结转下年度继续办理」整行未读出"
    );
    assert_eq!(y4[0].previous.as_ref().unwrap().cells.len(), 7);
    assert!(y4[0].cells.is_empty());
}

#[test]
fn a_2019_template_on_one_side_makes_in_force_not_assessable() {
    let last = (0..)
        .map(Data::generate)
        .find(|d| d.template == nianbao::Template::Y2019 && d.year == 2020)
        .expect("a 2020 report");
    let this = (0..)
        .map(Data::generate)
        .find(|d| d.template == nianbao::Template::Y2021 && d.year == 2021)
        .expect("a 2021 report");
    let (ls, ts) = (
        Synth::from_data(1, Layout::Tsv, last),
        Synth::from_data(2, Layout::Tsv, this),
    );
    let (l, t) = (check(&ls.text), check(&ts.text));
    let found = crossyear::compare(&l, &ls.text, &t, &ts.text);
    let y4 = codes(&found, "Y004");
    let in_force: Vec<&Diagnostic> = y4.iter().filter(|d| d.message.contains("Y002")).collect();
    assert_eq!(in_force.len(), 2, "{}", describe(&found));
    assert!(in_force[0]
        .message
        .ends_with("上年报告表二为 2019 年版，没有“现行有效件数”"));
    assert!(codes(&found, "Y002").is_empty());
}

#[test]
fn no_prose_makes_the_share_not_assessable() {
    let p = Pair::new(23, Layout::Tsv);
    let (l, t) = (check(&p.last.text), check(""));
    let found = crossyear::compare(&l, &p.last.text, &t, "");
    assert!(codes(&found, "Y003").is_empty());
    let y4 = codes(&found, "Y004");
    assert!(
        y4.iter().any(|d| d.message
            == "内容雷同比例无法计算（Y003）：本年报告在表格以外没有可比较的句子（不足 10 字的句子不计）"),
        "{}",
        describe(&found)
    );
    // And the figures of an empty report are not assessable either, never equal.
    assert!(codes(&found, "Y001").is_empty());
    assert!(y4.iter().any(|d| d.message.contains("（Y001）")));
}

// ---------------------------------------------------------------------------------------------
// Pairs made from the fixtures
// ---------------------------------------------------------------------------------------------

/// Every fixture with an agency, a year and the carried cells read, as (name, text, report).
fn fixture_reports() -> Vec<(String, String, Report)> {
    let mut out = Vec::new();
    for (dir, path) in fixture_list::texts(&["seeds", "corpus", "pastes"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        let r = check(&text);
        if r.agency.is_none() || r.year.is_none() {
            continue;
        }
        let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
        out.push((name, text, r));
    }
    out
}

/// Last year's report for a fixture: the fixture read again as if it were last year's
/// (every year in its text one less), with its 结转下年度 set to the fixture's 上年结转 and its
/// 现行有效 to the fixture's less 本年制发 plus 本年废止, so that this year follows from it.
fn followed(text: &str, this: &Report) -> (String, Report) {
    let y = this.year.unwrap();
    let last_text = text
        .replace(&y.to_string(), &(y - 1).to_string())
        .replace(&(y + 1).to_string(), &y.to_string());
    let mut last = check(&last_text);
    assert_eq!(last.year, Some(y - 1));
    for (row, col, cell) in this.tables.applications.cells() {
        if row == "carried_over" {
            if let Some(c) = last.tables.applications.cell_mut("carried_forward", col) {
                *c = cell.clone();
            }
        }
    }
    for row in ["rules", "normative_documents"] {
        let get = |col| {
            this.tables
                .active_disclosure
                .cell(row, col)
                .and_then(|c| c.known())
        };
        if let (Some(now), Some(i), Some(r)) = (get("in_force"), get("issued"), get("repealed")) {
            if let Some(c) = last.tables.active_disclosure.cell_mut(row, "in_force") {
                c.value = now.checked_sub(i).and_then(|v| v.checked_add(r));
                c.status = Status::Read;
            }
        }
    }
    (last_text, last)
}

#[test]
fn fixture_pairs_fire_when_changed_and_are_silent_when_they_follow() {
    let mut pairs = 0;
    let mut fired = 0;
    for (name, text, this) in fixture_reports() {
        let (last_text, last) = followed(&text, &this);
        let found = crossyear::compare(&last, &last_text, &this, &text);
        assert!(
            codes(&found, "Y001").is_empty() && codes(&found, "Y002").is_empty(),
            "{name}: {}",
            describe(&found)
        );
        // The same text a year apart: all of its prose is last year's.
        let (same, all) = crossyear::prose_overlap(&last, &last_text, &this, &text);
        assert!(all > 0 && same == all, "{name}: {same}/{all}");
        pairs += 1;
        // Each carried cell that was read: one more last year is a Y001 naming that column.
        for col in nianbao::template::APPLICANT_COLS {
            let Some(v) = last
                .tables
                .applications
                .cell("carried_forward", col.key)
                .and_then(|c| c.known())
            else {
                assert!(
                    codes(&found, "Y004")
                        .iter()
                        .any(|d| d.message.contains("（Y001）")),
                    "{name}: {} unread but not said",
                    col.key
                );
                continue;
            };
            if this
                .tables
                .applications
                .cell("carried_over", col.key)
                .and_then(|c| c.known())
                .is_none()
            {
                continue;
            }
            let mut changed = last.clone();
            let c = changed
                .tables
                .applications
                .cell_mut("carried_forward", col.key)
                .unwrap();
            c.value = Some(v.checked_add(Num::int(1)).unwrap());
            let found = crossyear::compare(&changed, &last_text, &this, &text);
            let y1 = codes(&found, "Y001");
            assert_eq!(y1.len(), 1, "{name} {}: {}", col.key, describe(&found));
            assert_eq!(
                y1[0].cells,
                vec![CellRef::new(APPS, "carried_over", col.key)]
            );
            assert!(
                y1[0].message.contains(&format!("{} {v}，", col.label)),
                "{}",
                y1[0].message
            );
            fired += 1;
        }
        // 现行有效 one less this year: Y002 for that row (when the row was read).
        for row in ["rules", "normative_documents"] {
            let Some(now) = this
                .tables
                .active_disclosure
                .cell(row, "in_force")
                .and_then(|c| c.known())
            else {
                continue;
            };
            let mut changed = this.clone();
            changed
                .tables
                .active_disclosure
                .cell_mut(row, "in_force")
                .unwrap()
                .value = now.checked_sub(Num::int(1));
            let found = crossyear::compare(&last, &last_text, &changed, &text);
            let y2 = codes(&found, "Y002");
            if last
                .tables
                .active_disclosure
                .cell(row, "in_force")
                .and_then(|c| c.known())
                .is_some()
                && this
                    .tables
                    .active_disclosure
                    .cell(row, "issued")
                    .and_then(|c| c.known())
                    .is_some()
                && this
                    .tables
                    .active_disclosure
                    .cell(row, "repealed")
                    .and_then(|c| c.known())
                    .is_some()
            {
                assert_eq!(y2.len(), 1, "{name} {row}: {}", describe(&found));
                assert!(y2[0].message.ends_with("（差 −1）"), "{}", y2[0].message);
                fired += 1;
            } else {
                assert!(y2.is_empty());
            }
        }
    }
    assert!(pairs >= 14, "only {pairs} fixture pairs");
    assert!(fired >= 110, "only {fired} changes fired");
}

#[test]
fn a_fixture_against_another_agency_shares_little_prose() {
    let reports = fixture_reports();
    let find = |n: &str| reports.iter().find(|r| r.0.contains(n)).unwrap();
    let (_, a_text, a) = find("000_");
    let (_, b_text, b) = find("huaian-2024.pdftotext-layout");
    let (same, all) = crossyear::prose_overlap(a, a_text, b, b_text);
    assert!(all > 10 && same * 4 < all, "{same}/{all}");
}

#[test]
fn findings_attach_to_this_year_in_order_and_carry_last_year_in_json() {
    let p = Pair::new(31, Layout::Tsv);
    let this = p.this.with_value(
        APPS,
        "carried_over",
        "research",
        p.this
            .expected_value(APPS, "carried_over", "research")
            .unwrap()
            .checked_add(Num::int(4))
            .unwrap(),
    );
    let (l, mut t) = (check(&p.last.text), check(&this.text));
    let before = t.diagnostics.len();
    let found = crossyear::compare(&l, &p.last.text, &t, &this.text);
    let n = found.len();
    attach(&mut t, found);
    assert_eq!(t.diagnostics.len(), before + n);
    for w in t.diagnostics.windows(2) {
        assert!(w[0].severity >= w[1].severity);
    }
    let v: serde_json::Value = serde_json::from_str(&json::to_json(&t)).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    let y1: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == "Y001").collect();
    assert!(!y1.is_empty());
    assert_eq!(y1[0]["previous"]["year"], p.last.data.year);
    assert_eq!(
        y1[0]["previous"]["cells"][0],
        serde_json::json!({"table": "applications", "row": "carried_forward", "column": "research"})
    );
    assert!(y1[0]["previous"]["span"]["line"].as_u64().is_some());
    // Findings of one report alone carry no "previous" key: the v1 contract as it was.
    assert!(diags
        .iter()
        .filter(|d| !d["code"].as_str().unwrap().starts_with('Y'))
        .all(|d| d.get("previous").is_none()));
}

#[test]
fn pairing_by_agency_and_year() {
    let a = Pair::new(41, Layout::Tsv);
    let (l, t) = (check(&a.last.text), check(&a.this.text));
    let other = check("");
    let p = pairing::pair([Some(&t), None, Some(&other), Some(&l)]);
    assert_eq!(p.pairs, vec![(3, 0)]);
    assert_eq!(p.no_agency, vec![2]);
}
