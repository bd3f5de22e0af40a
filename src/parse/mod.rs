//! Parsing: pasted text → sections, metadata and the three tables, with diagnostics for what could not be read (never fails, never panics).

pub mod active;
pub mod align;
pub mod applications;
pub mod cells;
pub mod in_order;
pub mod labels;
pub mod markup;
pub mod number;
pub mod order;
pub mod review;
pub mod sections;
pub mod split;
pub mod text;
pub mod tokens;
pub mod wrap;

use crate::model::*;
pub use cells::{Doubt, NoFit, TableNotes};
use sections::Squeezed;
use std::ops::Range;
use text::LineIndex;
use tokens::Group;

/// Parses a report: sections, title, year, agency and the three tables. The findings, those about
/// the reading itself (R001–R005, S003, S007, S009, rows that fit no reading) included, are made by
/// [`crate::rules::run`] from the notes [`parse_with`] returns.
pub fn parse(text: &str) -> Report {
    parse_with(text, &LineIndex::new(text)).0
}

/// [`parse`] with a line index the caller already built (the checks use the same one).
pub fn parse_with(text: &str, idx: &LineIndex) -> (Report, ReadingNotes) {
    let sq = Squeezed::new(text);
    let headings = sections::find_headings(&sq);
    parse_squeezed(text, idx, &sq, &headings)
}

/// [`parse_with`] with the text already squeezed ([`Squeezed::new`]; the checks flatten the same)
/// and its headings found ([`sections::find_headings`]).
pub(crate) fn parse_squeezed(
    text: &str,
    idx: &LineIndex,
    sq: &Squeezed,
    headings: &[sections::Heading],
) -> (Report, ReadingNotes) {
    let title = sections::find_title(sq);
    let period = sections::find_period_year(sq);
    let year = title.year.or(period.as_ref().map(|p| p.0));
    // (The line breaks the index found already.)
    let toks = match idx.breaks(text) {
        Some(mut breaks) => tokens::tokenize_lines(text, &mut breaks),
        None => tokens::tokenize(text),
    };

    let sections: Vec<Section> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let body_end = headings.get(i + 1).map_or(text.len(), |n| n.range.start);
            Section {
                key: h.key,
                title: text
                    .get(h.range.clone())
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches('#')
                    .trim()
                    .to_string(),
                span: idx.span(h.range.start, h.range.end),
                body: idx.span(h.range.end, body_end.max(h.range.end)),
            }
        })
        .collect();
    let region = |key: SectionKey| -> Option<Range<usize>> {
        sections
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.body.byte_start..s.body.byte_end)
    };
    let in_region = |r: &Range<usize>| -> Vec<&Group> {
        toks.groups
            .iter()
            .filter(|g| {
                g.items.first().is_some_and(|i| i.range.start >= r.start) && g.end() <= r.end
            })
            .collect()
    };
    let all: Range<usize> = 0..text.len();

    // Table 二: its rows are under its first header line (信息内容, 本年制发件数 … and nothing
    // else); figures in the section's prose before it ("全年制发规章 1 件，行政许可 4472 条") are
    // not its cells. Without such a line, or with no row under it, the whole section, then the
    // whole text.
    let under_header = |r: &Range<usize>, words: &[&str]| -> Option<Range<usize>> {
        text::find_spaced(text, r.clone(), words).map(|h| h..r.end)
    };
    // Whether empty lines between one-a-line numbers are cells (a word processor's text export),
    // by the evidence of table 三's rows: table 二's rows cannot tell.
    let line_cells = split::line_cells(
        &in_region(&region(SectionKey::Applications).unwrap_or(all.clone())),
        7,
    );
    let r2 = region(SectionKey::ActiveDisclosure).unwrap_or(all.clone());
    let (tpl2, note2) = active::active_template(text, r2.clone(), year);
    let mut read2 = None;
    if let Some(h) = order::first_header(text, r2.clone(), order::ANCHORS_2, order::WORDS_2) {
        let h = h..r2.end;
        read2 = Some(active::active(text, idx, &in_region(&h), tpl2, line_cells))
            .filter(|(_, n)| n.found);
    }
    let (mut t2, mut n2) =
        read2.unwrap_or_else(|| active::active(text, idx, &in_region(&r2), tpl2, line_cells));
    if !n2.found && r2 != all {
        (t2, n2) = active::active(text, idx, &in_region(&all), tpl2, line_cells);
    }
    n2.template_note = note2.filter(|_| n2.found);
    if let Some(pair) = order::reversed(text, r2.clone(), order::ORDER_2, order::WORDS_2) {
        order::doubt_reordered(&mut t2, &mut n2, pair);
    }

    // Table 三: its rows are under its header (申请人情况 / 自然人 …), never before it.
    // Without its section heading, table 三 is looked for before table 四's heading; without a
    // header of its own anywhere, there is no table 三.
    let before4 = 0..sections
        .iter()
        .find(|s| s.key == SectionKey::ReviewLitigation)
        .map_or(text.len(), |s| s.span.byte_start);
    let r3 = region(SectionKey::Applications).unwrap_or(before4.clone());
    let read3 = |r: &Range<usize>| match under_header(r, HEADER_3) {
        Some(h) => applications::applications(text, idx, &in_region(&h), year, false),
        None => applications::applications(text, idx, &in_region(r), year, true),
    };
    let (mut t3, mut tpl3, mut n3) = read3(&r3);
    if !n3.found && r3 != before4 {
        (t3, tpl3, n3) = read3(&before4);
    }
    if let Some(pair) = order::reversed(text, r3.clone(), order::ORDER_3, order::WORDS_3) {
        order::doubt_reordered(&mut t3, &mut n3, pair);
    }

    // Table 四
    let r4 = region(SectionKey::ReviewLitigation).unwrap_or_else(|| {
        // Without its heading: after table 三, up to the problems section.
        let start = t3
            .cells()
            .filter_map(|(_, _, c)| c.span.map(|s| s.byte_end))
            .max()
            .unwrap_or(0);
        let end = region(SectionKey::Problems).map_or(text.len(), |r| r.start);
        start..end.max(start)
    });
    // Table 四's numbers are under its header (结果维持, 结果纠正, 尚未审结 …); without one there is
    // no table 四, whatever numbers the region holds.
    let under4 = under_header(&r4, HEADER_4);
    let mut groups4 = under4.as_ref().map_or(Vec::new(), in_region);
    // A table 四 with no number at all may be a row of 15 blank cells (a blank form).
    let blank4 = match (&under4, groups4.is_empty()) {
        (Some(r), true) => toks.blank_row(r, 15, text),
        _ => None,
    };
    if let Some(g) = &blank4 {
        groups4.push(g);
    }
    let (mut t4, mut n4) = review::review(text, idx, &groups4);
    if let Some(pair) = order::reversed(text, r4.clone(), order::ORDER_4, order::WORDS_4) {
        order::doubt_reordered(&mut t4, &mut n4, pair);
    }

    let template = if n2.found {
        Some(tpl2)
    } else if n3.found {
        Some(tpl3)
    } else {
        None
    };
    let report = Report {
        template,
        year,
        agency: title.agency.clone(),
        sections,
        tables: Tables {
            active_disclosure: t2,
            applications: t3,
            review_litigation: t4,
        },
        diagnostics: Vec::new(),
        meta: Meta {
            title_year: title.year,
            period: period.map(|(y, r)| (y, idx.span(r.start, r.end))),
        },
        verdict: Verdict::default(),
    };
    let notes = ReadingNotes {
        tables: [
            (TableKey::ActiveDisclosure, n2),
            (TableKey::Applications, n3),
            (TableKey::ReviewLitigation, n4),
        ],
    };
    (report, notes)
}

/// What reading each table noticed besides its cells (rows that fit no reading, doubtful rows,
/// extra numbers, label deviations, the template call …), for the reading findings of
/// [`crate::rules::reading`].
#[derive(Debug)]
pub struct ReadingNotes {
    pub tables: [(TableKey, TableNotes); 3],
}

/// Header words of table 三 and of table 四 (any one marks where the table's header is).
const HEADER_3: &[&str] = &[
    "申请人情况",
    "自然人",
    "商业企业",
    "科研机构",
    "法律服务机构",
];
const HEADER_4: &[&str] = &["维持", "纠正", "尚未审结", "其他结果"];
