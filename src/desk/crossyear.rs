//! Year against year: this year's report checked against last year's report of the same agency (Y001 上年结转, Y002 现行有效, Y003 内容雷同, Y004 not assessable).
//!
//! Every finding points into this year's report (`cells`, `span`) and names last year's cells and
//! source in [`Diagnostic::previous`]; its message names both, with their figures. A cell that is
//! missing, blank, ambiguous or in a table that was not read, on either side, makes its comparison
//! not assessable: that is said (Y004, with the cells and why), never passed.

use crate::model::*;
use crate::parse::text::LineIndex;
use crate::rules::registry::{self, Rule};
use crate::template::APPLICANT_COLS;
use std::collections::HashMap;
use std::ops::Range;

/// This year's row of table 三 that repeats last year's [`CARRIED_FORWARD`].
const CARRIED_OVER: (&str, &str) = ("carried_over", "「二、上年结转」");
/// Last year's row of table 三 that this year's [`CARRIED_OVER`] repeats.
const CARRIED_FORWARD: (&str, &str) = ("carried_forward", "「四、结转下年度继续办理」");
/// The rows of table 二 (2021 template) whose 现行有效件数 carries over.
const DOC_ROWS: [(&str, &str); 2] = [
    ("rules", "「规章」"),
    ("normative_documents", "「行政规范性文件」"),
];

/// A prose sentence shorter than this (in letters and ideographs, numbers and punctuation not
/// counted) is not compared: headings, “无。”, “详见下表”.
pub const MIN_SENTENCE: usize = 10;

/// A line holding a table cell is table, not prose, when it is at most this long (bytes); a longer
/// one (a collapsed report is one line) loses only the stretch between its table's cells.
const TABLE_LINE_MAX: usize = 300;

/// Checks this year's report against last year's (the caller pairs them: see
/// [`super::pairing::pair`]). `*_text` is the text each report was read from. Returns the findings
/// for this year's report (add them with [`super::attach`]): Y001, Y002 and Y004 for the figures
/// that carry over, and always one Y003 (the share of prose that is last year's) or a Y004 saying
/// why it could not be computed.
pub fn compare(last: &Report, last_text: &str, this: &Report, this_text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    carried_over(last, this, &mut out);
    in_force(last, this, &mut out);
    repeated_prose(last, last_text, this, this_text, &mut out);
    out
}

/// A finding about this year's cells (`cells`, `span`) and last year's (`last_cells`,
/// `last_span`).
fn finding(
    rule: &Rule,
    message: String,
    this: (Vec<CellRef>, Option<Span>),
    last: (Vec<CellRef>, Option<Span>),
    last_year: Option<i32>,
) -> Diagnostic {
    Diagnostic::new(rule, message, this.0, this.1).with_previous(Previous {
        year: last_year,
        cells: last.0,
        span: last.1,
    })
}

/// A cell's value, or why it cannot be compared.
fn value(report: &Report, r: CellRef) -> Result<Num, &'static str> {
    if report.verdict.not_read.contains(&r.table) {
        return Err("未读出");
    }
    let Some(cell) = report.tables.cell(&r) else {
        return Err("缺失");
    };
    match (cell.known(), cell.status) {
        (Some(v), _) => Ok(v),
        (None, Status::Blank) => Err("空白"),
        (None, Status::Ambiguous) => Err("有歧义"),
        (None, _) => Err("缺失"),
    }
}

fn span_of(report: &Report, r: CellRef) -> Option<Span> {
    report.tables.cell(&r).and_then(|c| c.span)
}

fn first_span(report: &Report, cells: &[CellRef]) -> Option<Span> {
    cells.iter().find_map(|r| span_of(report, *r))
}

/// “自然人、商业企业缺失；总计空白”: the cells that cannot be compared, grouped by why, in
/// order of first appearance. `all` is how many cells the comparison has: when every one of them
/// shares one reason, “整行缺失”.
fn reasons(items: &[(&str, &'static str)], all: usize) -> String {
    let mut groups: Vec<(&'static str, Vec<&str>)> = Vec::new();
    for (name, why) in items {
        match groups.iter_mut().find(|g| g.0 == *why) {
            Some(g) => g.1.push(name),
            None => groups.push((why, vec![name])),
        }
    }
    if groups.len() == 1 && items.len() == all && all > 1 {
        return format!("整行{}", groups[0].0);
    }
    groups
        .iter()
        .map(|(why, names)| format!("{}{}", names.join("、"), why))
        .collect::<Vec<_>>()
        .join("；")
}

// ---------------------------------------------------------------------------------------------
// Y001: 上年结转 = last year's 结转下年度继续办理
// ---------------------------------------------------------------------------------------------

fn carried_over(last: &Report, this: &Report, out: &mut Vec<Diagnostic>) {
    let t = TableKey::Applications;
    let (mut this_unknown, mut last_unknown) = (Vec::new(), Vec::new());
    let (mut this_cells, mut last_cells) = (Vec::new(), Vec::new());
    let mut compared = 0;
    for col in APPLICANT_COLS {
        let here = CellRef::new(t, CARRIED_OVER.0, col.key);
        let there = CellRef::new(t, CARRIED_FORWARD.0, col.key);
        match (value(this, here), value(last, there)) {
            (Ok(a), Ok(b)) => {
                compared += 1;
                if a != b {
                    let diff = a
                        .checked_sub(b)
                        .map_or(String::new(), |d| format!("（差 {}）", signed(d)));
                    out.push(finding(
                        &registry::Y001,
                        format!(
                            "本年{}{} {a}，上年报告{}{} {b}，应相等{diff}",
                            CARRIED_OVER.1, col.label, CARRIED_FORWARD.1, col.label
                        ),
                        (vec![here], span_of(this, here)),
                        (vec![there], span_of(last, there)),
                        last.year,
                    ));
                }
            }
            (a, b) => {
                if let Err(why) = a {
                    this_unknown.push((col.label, why));
                    this_cells.push(here);
                }
                if let Err(why) = b {
                    last_unknown.push((col.label, why));
                    last_cells.push(there);
                }
            }
        }
    }
    if this_cells.is_empty() && last_cells.is_empty() {
        return;
    }
    let mut sides = Vec::new();
    if !this_unknown.is_empty() {
        let why = reasons(&this_unknown, APPLICANT_COLS.len());
        sides.push(format!("本年{}{why}", CARRIED_OVER.1));
    }
    if !last_unknown.is_empty() {
        let why = reasons(&last_unknown, APPLICANT_COLS.len());
        sides.push(format!("上年报告{}{why}", CARRIED_FORWARD.1));
    }
    let rest = if compared > 0 {
        format!("；其余 {compared} 列已核对")
    } else {
        String::new()
    };
    out.push(finding(
        &registry::Y004,
        format!(
            "上年结转与上年报告的结转下年度无法逐列核对（Y001）：{}{rest}",
            sides.join("；")
        ),
        (this_cells.clone(), first_span(this, &this_cells)),
        (last_cells.clone(), first_span(last, &last_cells)),
        last.year,
    ));
}

/// A difference with its sign: “+2”, “−3”.
fn signed(d: Num) -> String {
    if d.is_negative() {
        format!("−{}", Num::ZERO.checked_sub(d).unwrap_or(d))
    } else {
        format!("+{d}")
    }
}

// ---------------------------------------------------------------------------------------------
// Y002: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (2021 template)
// ---------------------------------------------------------------------------------------------

/// Whether a report's table 二 row is the 2019 template's (no 现行有效件数).
fn is_2019_row(report: &Report, row: &str) -> bool {
    report
        .tables
        .active_disclosure
        .cell(row, "total_published")
        .is_some()
}

fn in_force(last: &Report, this: &Report, out: &mut Vec<Diagnostic>) {
    let t = TableKey::ActiveDisclosure;
    for (row, label) in DOC_ROWS {
        let (old_this, old_last) = (is_2019_row(this, row), is_2019_row(last, row));
        if old_this && old_last {
            // Both on the 2019 template: the relation is the 2021 template's; nothing to check.
            continue;
        }
        let now = CellRef::new(t, row, "in_force");
        let issued = CellRef::new(t, row, "issued");
        let repealed = CellRef::new(t, row, "repealed");
        let before = CellRef::new(t, row, "in_force");
        let this_cells = vec![now, issued, repealed];
        if old_this || old_last {
            let which = if old_this { "本年" } else { "上年" };
            out.push(finding(
                &registry::Y004,
                format!(
                    "本年{label}现行有效件数无法按上年核对（Y002）：{which}报告表二为 2019 年版，没有“现行有效件数”"
                ),
                (
                    if old_this { vec![] } else { this_cells.clone() },
                    if old_this { None } else { span_of(this, now) },
                ),
                (
                    if old_last { vec![] } else { vec![before] },
                    if old_last { None } else { span_of(last, before) },
                ),
                last.year,
            ));
            continue;
        }
        let vals = (
            value(this, now),
            value(this, issued),
            value(this, repealed),
            value(last, before),
        );
        let (Ok(n), Ok(i), Ok(r), Ok(b)) = vals else {
            let mut sides = Vec::new();
            let mut here = Vec::new();
            let mut names = Vec::new();
            for (cell, name, v) in [
                (now, "现行有效件数", vals.0),
                (issued, "本年制发件数", vals.1),
                (repealed, "本年废止件数", vals.2),
            ] {
                if let Err(why) = v {
                    names.push((name, why));
                    here.push(cell);
                }
            }
            if !names.is_empty() {
                sides.push(format!("本年{label}{}", reasons(&names, 0)));
            }
            let there = if let Err(why) = vals.3 {
                sides.push(format!("上年报告{label}现行有效件数{why}"));
                vec![before]
            } else {
                vec![]
            };
            out.push(finding(
                &registry::Y004,
                format!(
                    "本年{label}现行有效件数无法按上年核对（Y002）：{}",
                    sides.join("；")
                ),
                (here.clone(), first_span(this, &here)),
                (there.clone(), first_span(last, &there)),
                last.year,
            ));
            continue;
        };
        let Some(expected) = b.checked_add(i).and_then(|x| x.checked_sub(r)) else {
            continue;
        };
        if expected != n {
            out.push(finding(
                &registry::Y002,
                format!(
                    "本年{label}现行有效件数 {n}，应为上年报告现行有效 {b} ＋ 本年制发 {i} − 本年废止 {r} ＝ {expected}（差 {}）",
                    n.checked_sub(expected).map_or(String::new(), signed)
                ),
                (this_cells, span_of(this, now)),
                (vec![before], span_of(last, before)),
                last.year,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Y003: how much of the prose is last year's
// ---------------------------------------------------------------------------------------------

/// A prose sentence: what is compared (letters and ideographs only) and where it is.
#[derive(Debug)]
pub struct Sentence {
    pub key: String,
    pub range: Range<usize>,
}

/// The prose of a report as sentences, tables left out: the sections of the three tables (二, 三,
/// 四: heading and body), every section heading, the stretch of each table from its first cell
/// to its last, and any line (of at most 300 bytes) holding a cell. What remains is cut at 。！？；
/// (and their ASCII forms) and at blank lines; a sentence is compared by its letters and
/// ideographs only (numbers, punctuation and white space dropped, so “2023年收到申请34件” and
/// “2024年收到申请43件” are the same sentence), and one of fewer than [`MIN_SENTENCE`] of them is
/// left out.
pub fn prose_sentences(text: &str, report: &Report) -> Vec<Sentence> {
    let text = crate::parse::markup::prepare(text);
    let text: &str = &text;
    let mut cut: Vec<Range<usize>> = Vec::new();
    for s in &report.sections {
        cut.push(s.span.byte_start..s.span.byte_end);
        if matches!(
            s.key,
            SectionKey::ActiveDisclosure | SectionKey::Applications | SectionKey::ReviewLitigation
        ) {
            cut.push(s.span.byte_start..s.body.byte_end.max(s.span.byte_end));
        }
    }
    // Where each line starts (and, last, the text's end), to find a cell's line by bisection.
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    starts.push(text.len() + 1);
    for key in TableKey::ALL {
        let spans: Vec<Span> = report
            .tables
            .get(key)
            .cells()
            .filter_map(|(_, _, c)| c.span)
            .collect();
        if let (Some(a), Some(b)) = (
            spans.iter().map(|s| s.byte_start).min(),
            spans.iter().map(|s| s.byte_end).max(),
        ) {
            cut.push(a..b);
        }
        for s in &spans {
            let i = starts
                .partition_point(|&b| b <= s.byte_start)
                .saturating_sub(1);
            let (a, b) = (starts[i], starts[(i + 1).min(starts.len() - 1)] - 1);
            if b.saturating_sub(a) <= TABLE_LINE_MAX {
                cut.push(a..b.min(text.len()));
            }
        }
    }
    cut.retain(|r| r.start < r.end && r.end <= text.len());
    cut.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    let mut at = 0;
    for r in cut
        .iter()
        .cloned()
        .chain(std::iter::once(text.len()..text.len()))
    {
        if r.start > at {
            split_sentences(text, at..r.start, &mut out);
        }
        at = at.max(r.end);
    }
    out
}

fn split_sentences(text: &str, range: Range<usize>, out: &mut Vec<Sentence>) {
    let Some(part) = text.get(range.clone()) else {
        return;
    };
    let mut start: Option<usize> = None;
    let mut key = String::new();
    let mut newline = false;
    let mut flush = |start: &mut Option<usize>, key: &mut String, end: usize| {
        if let Some(s) = start.take() {
            if key.chars().count() >= MIN_SENTENCE {
                out.push(Sentence {
                    key: std::mem::take(key),
                    range: s..end,
                });
            }
        }
        key.clear();
    };
    for (i, c) in part.char_indices() {
        let at = range.start + i;
        if c == '\n' {
            if newline {
                // A blank line ends a paragraph.
                flush(&mut start, &mut key, at);
            }
            newline = true;
            continue;
        }
        if c.is_whitespace() || c == '\u{3000}' {
            continue;
        }
        newline = false;
        if start.is_none() {
            start = Some(at);
        }
        if c.is_alphabetic() {
            key.push(c.to_ascii_lowercase());
        }
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            flush(&mut start, &mut key, at + c.len_utf8());
        }
    }
    flush(&mut start, &mut key, range.end);
}

fn repeated_prose(
    last: &Report,
    last_text: &str,
    this: &Report,
    this_text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mine = prose_sentences(this_text, this);
    let theirs = prose_sentences(last_text, last);
    if mine.is_empty() || theirs.is_empty() {
        let which = match (mine.is_empty(), theirs.is_empty()) {
            (true, true) => "两年的报告",
            (true, false) => "本年报告",
            _ => "上年报告",
        };
        out.push(finding(
            &registry::Y004,
            format!(
                "内容雷同比例无法计算（Y003）：{which}在表格以外没有可比较的句子（不足 {MIN_SENTENCE} 字的句子不计）"
            ),
            (vec![], None),
            (vec![], None),
            last.year,
        ));
        return;
    }
    let mut index: HashMap<&str, &Range<usize>> = HashMap::with_capacity(theirs.len());
    for s in &theirs {
        index.entry(s.key.as_str()).or_insert(&s.range);
    }
    let same: Vec<(&Sentence, &Range<usize>)> = mine
        .iter()
        .filter_map(|s| index.get(s.key.as_str()).map(|r| (s, *r)))
        .collect();
    let n = mine.len();
    let m = same.len();
    let percent = (m * 100 + n / 2) / n;
    let (here, there) = match same.first() {
        Some((s, r)) => (
            Some(LineIndex::new(this_text).span(s.range.start, s.range.end)),
            Some(LineIndex::new(last_text).span(r.start, r.end)),
        ),
        None => (None, None),
    };
    let first = here.map_or(String::new(), |h| format!("；第一处在本年第 {} 行", h.line));
    out.push(finding(
        &registry::Y003,
        format!(
            "本年正文 {n} 句中有 {m} 句（{percent}%）与上年报告相同（不计表格、数字和不足 {MIN_SENTENCE} 字的句子）{first}"
        ),
        (vec![], here),
        (vec![], there),
        last.year,
    ));
}

/// The share of this year's prose sentences that are last year's, as (same, all), without the
/// finding: what Y003 says.
pub fn prose_overlap(
    last: &Report,
    last_text: &str,
    this: &Report,
    this_text: &str,
) -> (usize, usize) {
    let mine = prose_sentences(this_text, this);
    let theirs: std::collections::HashSet<String> = prose_sentences(last_text, last)
        .into_iter()
        .map(|s| s.key)
        .collect();
    let same = mine.iter().filter(|s| theirs.contains(&s.key)).count();
    (same, mine.len())
}
