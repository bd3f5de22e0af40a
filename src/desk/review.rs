//! The reviewer's decisions on findings (确认: to be fixed; 忽略: with a reason), keyed so that they survive re-checking the same or a slightly edited report, and the 审核意见 drawn from them.

use super::pairing::agency_key;
use crate::model::{CellRef, Diagnostic, Report, Severity};
use crate::template::cell_name;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the reviewer decided about one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// 确认: the report must be fixed here.
    Confirm,
    /// 忽略: not a problem, for the reason given.
    Ignore { reason: String },
}

/// Every decision: report key → finding key → decision (see [`report_key`], [`finding_keys`]).
pub type Decisions = BTreeMap<String, BTreeMap<String, Decision>>;

/// The key a report's decisions are kept under: its agency (as pairs are matched) and year when
/// both were read, so that a re-check of the same report, an edited copy or the same file under
/// another name keeps them; otherwise the file name.
pub fn report_key(file: &str, report: &Report) -> String {
    let agency = report.agency.as_deref().map(agency_key).unwrap_or_default();
    match report.year {
        Some(year) if !agency.is_empty() => format!("{agency}|{year}"),
        _ => format!("file:{file}"),
    }
}

/// The key of each finding of `report`, in its order: the rule's code and the cells it names
/// (stable when other parts of the report are edited, and when the figures in the message
/// change); for a finding without cells, its message with the digits left out. A key that
/// occurs again in the same report gets “#2”, “#3”….
pub fn finding_keys(report: &Report) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let base = base_key(d);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}#{n}")
            }
        })
        .collect()
}

fn base_key(d: &Diagnostic) -> String {
    let mut key = String::from(d.code);
    key.push(':');
    if d.cells.is_empty() {
        key.extend(d.message.chars().filter(|c| !c.is_ascii_digit()));
    } else {
        for (i, c) in d.cells.iter().enumerate() {
            if i > 0 {
                key.push(',');
            }
            key.push_str(c.table.as_str());
            key.push('/');
            key.push_str(c.row.unwrap_or(""));
            key.push('/');
            key.push_str(c.column);
        }
    }
    key
}

/// How many findings of a report were confirmed, ignored, and are still open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub confirmed: usize,
    pub ignored: usize,
    pub open: usize,
}

/// Counts the decisions taken on `report`'s findings (`decided`: its entry in [`Decisions`]).
pub fn tally(report: &Report, decided: Option<&BTreeMap<String, Decision>>) -> Tally {
    let mut t = Tally::default();
    for key in finding_keys(report) {
        match decided.and_then(|d| d.get(&key)) {
            Some(Decision::Confirm) => t.confirmed += 1,
            Some(Decision::Ignore { .. }) => t.ignored += 1,
            None => t.open += 1,
        }
    }
    t
}

/// One point of the 审核意见: a finding to fix, the cells it names, and its source line.
#[derive(Clone, Debug, PartialEq)]
pub struct Point<'a> {
    pub finding: &'a Diagnostic,
    /// Confirmed by the reviewer (`false`: an error or warning not yet decided).
    pub confirmed: bool,
    /// The cells by name, a row's cells together (see [`cells_in_words`]).
    pub cells: Vec<String>,
    /// The source line: its number (1-based) and text.
    pub line: Option<(usize, &'a str)>,
}

/// What the report must fix, in the report's order: every confirmed finding, and every error and
/// warning not yet decided (an ignored finding is left out).
pub fn opinion<'a>(
    report: &'a Report,
    text: &'a str,
    decided: Option<&BTreeMap<String, Decision>>,
) -> Vec<Point<'a>> {
    let keys = finding_keys(report);
    report
        .diagnostics
        .iter()
        .zip(keys)
        .filter_map(|(d, key)| {
            let confirmed = match decided.and_then(|m| m.get(&key)) {
                Some(Decision::Confirm) => true,
                Some(Decision::Ignore { .. }) => return None,
                None if d.severity == Severity::Info => return None,
                None => false,
            };
            let span = report.source_of(d);
            let line = span.and_then(|s| {
                let start = text.get(..s.byte_start)?.rfind('\n').map_or(0, |i| i + 1);
                let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                Some((s.line, text[start..end].trim()))
            });
            Some(Point {
                finding: d,
                confirmed,
                cells: cells_in_words(&d.cells),
                line,
            })
        })
        .collect()
}

/// Cells for a reader: the cells of one row together (“表三「（一）予以公开」自然人、商业企业”;
/// more than three of a row as “表三「…」（7 格）”), at most [`ROWS_NAMED`] rows, then “等 N 行”.
pub fn cells_in_words(cells: &[CellRef]) -> Vec<String> {
    // (the row's name, its columns' names), in the order the cells are given.
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for c in cells {
        let name = cell_name(c);
        let (row, col) = match name.rfind('」') {
            Some(i) => name.split_at(i + '」'.len_utf8()),
            None => (name.as_str(), ""),
        };
        match rows.iter_mut().find(|(r, _)| r == row) {
            Some((_, cols)) => cols.push(col.to_string()),
            None => rows.push((row.to_string(), vec![col.to_string()])),
        }
    }
    let total = rows.len();
    let mut out: Vec<String> = rows
        .into_iter()
        .take(ROWS_NAMED)
        .map(|(row, cols)| match cols.len() {
            1 => format!("{row}{}", cols[0]),
            2 | 3 => format!("{row}{}", cols.join("、")),
            n => format!("{row}（{n} 格）"),
        })
        .collect();
    if total > ROWS_NAMED {
        out.push(format!("等 {total} 行"));
    }
    out
}

/// How many rows [`cells_in_words`] names before it says “等 N 行”.
pub const ROWS_NAMED: usize = 6;

/// The 审核意见 as plain text: the report, then each point numbered, with its cells and source
/// line, and how many findings the reviewer set aside.
pub fn opinion_text(
    file: &str,
    report: &Report,
    text: &str,
    decided: Option<&BTreeMap<String, Decision>>,
) -> String {
    let who = report.agency.as_deref().unwrap_or("（机关未识别）");
    let year = report
        .year
        .map_or("（年度未识别）".to_string(), |y| format!("{y} 年度"));
    let mut out = format!("审核意见：{who} {year}政府信息公开工作年度报告（{file}）\n");
    let points = opinion(report, text, decided);
    if points.is_empty() {
        out.push_str("无需修改的问题。\n");
    }
    for (i, p) in points.iter().enumerate() {
        let mark = if p.confirmed { "" } else { "（待确认）" };
        out.push_str(&format!(
            "{}. [{} {}]{} {}\n",
            i + 1,
            p.finding.severity.zh(),
            p.finding.code,
            mark,
            p.finding.message
        ));
        if !p.cells.is_empty() {
            out.push_str(&format!("   单元格：{}\n", p.cells.join("、")));
        }
        if let Some((n, l)) = p.line {
            out.push_str(&format!("   原文第 {n} 行：{l}\n"));
        }
    }
    let ignored = tally(report, decided).ignored;
    if ignored > 0 {
        out.push_str(&format!("（另有 {ignored} 项经审核忽略。）\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(seed: &str) -> (String, Report) {
        let text =
            std::fs::read_to_string(format!("tests/fixtures/seeds/{seed}.txt")).expect("seed");
        let r = crate::check(&text);
        (text, r)
    }

    #[test]
    fn cells_are_named_row_by_row() {
        use crate::model::TableKey::Applications;
        let row = |r: &'static str, cols: &[&'static str]| -> Vec<CellRef> {
            cols.iter()
                .map(|c| CellRef::new(Applications, r, c))
                .collect()
        };
        let mut cells = row("granted", &["natural_person", "commercial"]);
        cells.extend(row(
            "carried_forward",
            &[
                "natural_person",
                "commercial",
                "research",
                "social_welfare",
                "legal_service",
                "other_org",
                "total",
            ],
        ));
        let words = cells_in_words(&cells);
        assert_eq!(words.len(), 2, "{words:?}");
        assert!(
            words[0].contains("予以公开") && words[0].contains('、'),
            "{words:?}"
        );
        assert!(words[1].ends_with("（7 格）"), "{words:?}");
    }

    #[test]
    fn keys_are_unique_and_survive_an_edit_elsewhere() {
        let (text, r) = report("003_2baf5ee0490418e5");
        let keys = finding_keys(&r);
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), keys.len());
        // The same report with a sentence added to its prose keeps every key and its report key.
        let edited = text.replacen("一、总体情况", "一、总体情况\n本报告已修订。", 1);
        let r2 = crate::check(&edited);
        assert_eq!(report_key("a.txt", &r), report_key("b.txt", &r2));
        assert_eq!(finding_keys(&r2), keys);
    }

    #[test]
    fn the_opinion_lists_what_to_fix() {
        let (text, r) = report("001_8be41c244005adf4");
        let keys = finding_keys(&r);
        // Seed 001 has warnings (one with its source line) and info findings to work with.
        let first_error = r
            .diagnostics
            .iter()
            .position(|d| d.severity != Severity::Info)
            .expect("an error or warning");
        let mut decided = BTreeMap::new();
        // Undecided: every error and warning is listed, marked 待确认.
        let all = opinion(&r, &text, None);
        let listed = r
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .count();
        assert_eq!(all.len(), listed);
        assert!(all.iter().all(|p| !p.confirmed));
        // Ignoring the first of them removes it; confirming an info finding adds it.
        decided.insert(
            keys[first_error].clone(),
            Decision::Ignore {
                reason: "已核实".into(),
            },
        );
        if let Some(info) = r
            .diagnostics
            .iter()
            .position(|d| d.severity == Severity::Info)
        {
            decided.insert(keys[info].clone(), Decision::Confirm);
        }
        let some = opinion(&r, &text, Some(&decided));
        assert!(some
            .iter()
            .all(|p| !std::ptr::eq(p.finding, &r.diagnostics[first_error])));
        let t = tally(&r, Some(&decided));
        assert_eq!(t.ignored, 1);
        assert_eq!(t.confirmed + t.ignored + t.open, r.diagnostics.len());
        let text_out = opinion_text("003.txt", &r, &text, Some(&decided));
        assert!(text_out.contains("另有 1 项经审核忽略"), "{text_out}");
        assert!(text_out.contains("原文第"), "{text_out}");
    }
}
