//! Table 二 (主动公开政府信息情况): its template told by the header words, each row found by its label.

use super::cells::{cell_from, group_range, row_readings, set_doubtful, Doubt, TableNotes};
use super::labels::{deviates, prose_like, Matcher};
use super::split::Reading;
use super::text::{find_spaced, norm_label, LineIndex};
use super::tokens::{Group, Kind};
use crate::model::*;
use crate::template;
use std::ops::Range;

/// Decides table 二's template from its header words (and the year on a tie, which it says why).
pub fn active_template(
    text: &str,
    region: Range<usize>,
    year: Option<i32>,
) -> (Template, Option<String>) {
    // Header words, allowing white space inside them (linear: no normalised copy of the region).
    let has = |w: &&&str| find_spaced(text, region.clone(), &[**w]).is_some();
    let w19 = [
        "新制作",
        "新公开",
        "对外公开总数",
        "上一年项目",
        "增/减",
        "增减",
        "集中采购",
    ]
    .iter()
    .filter(has)
    .count();
    let w21 = [
        "制发件数",
        "废止件数",
        "现行有效",
        "收费金额",
        "本年制发",
        "本年废止",
    ]
    .iter()
    .filter(has)
    .count();
    if w19 > w21 {
        (Template::Y2019, None)
    } else if w21 > w19 {
        (Template::Y2021, None)
    } else {
        let tpl = if year.is_some_and(|y| y <= 2020) {
            Template::Y2019
        } else {
            Template::Y2021
        };
        let why = match year {
            Some(y) => format!("按报告年度 {y}"),
            None => "又无报告年度，按现行模板".to_string(),
        };
        let note = format!(
            "表二表头没有区分两版模板的词语（如“本年制发件数”“本年新制作数量”），{why}选用 {} 年版",
            tpl.as_str()
        );
        (tpl, Some(note))
    }
}

/// Reads table 二: each row is found by its label (its rows are short and labelled; their order is
/// not relied on, since some converters move them).
pub fn active(
    text: &str,
    idx: &LineIndex,
    groups: &[&Group],
    tpl: Template,
    line_cells: bool,
) -> (Table, TableNotes) {
    let rows = template::active_rows(tpl);
    let matcher = Matcher::active(tpl);
    let mut notes = TableNotes::default();
    let mut chosen: Vec<Option<&Group>> = vec![None; rows.len()];
    let mut by_preceding = vec![false; rows.len()];
    // A row named on its numbers' own line is taken before one named only by the lines above.
    let named: Vec<Option<usize>> = groups
        .iter()
        .map(|g| {
            g.attached
                .as_ref()
                .map(|a| text.get(a.clone()).unwrap_or(""))
                .filter(|l| !prose_like(l))
                .and_then(|l| matcher.best(&norm_label(l)))
        })
        .collect();
    for (g, ri) in groups.iter().zip(&named) {
        if let Some(ri) = *ri {
            chosen[ri].get_or_insert(g);
        }
    }
    // Then the label lines just before the numbers (a label wrapped over two lines, or printed
    // above its numbers), for the rows still without numbers.
    for (g, ri) in groups.iter().zip(&named) {
        let attached = g
            .attached
            .as_ref()
            .map(|a| text.get(a.clone()).unwrap_or(""));
        if ri.is_some() || attached.is_some_and(prose_like) {
            continue;
        }
        // A label above a sub-table caption (行政许可 / 第二十条第（六）项 / 信息内容 本年处理决定数量
        // / 1100) is not these numbers'.
        let joined: String = after_caption(text, &g.preceding)
            .iter()
            .map(|r| norm_label(text.get(r.clone()).unwrap_or("")))
            .collect();
        if let Some(ri) = matcher.best(&joined) {
            if chosen[ri].is_none() {
                chosen[ri] = Some(g);
                // What its own line holds may be a column heading.
                by_preceding[ri] = true;
            }
        }
    }
    notes.found = chosen.iter().any(Option::is_some);
    let mut doubtful = header_led_doubts(text, rows, &chosen, &by_preceding, &mut notes);
    stacked_label_doubts(text, rows, matcher, &chosen, &mut doubtful, &mut notes);
    numbers_above_doubts(
        text,
        rows,
        matcher,
        groups,
        (&chosen, &by_preceding),
        &mut doubtful,
        &mut notes,
    );
    let mut table = Table { rows: Vec::new() };
    for (ri, row) in rows.iter().enumerate() {
        let mut cells = Vec::new();
        match chosen[ri] {
            Some(g) => {
                let signed = |c: usize| row.cols.get(c).is_some_and(|d| d.signed);
                // Empty lines as blank cells, where the text's table 三 showed they are.
                let with_blanks = line_cells
                    .then(|| super::split::line_items(g, row.cols.len()))
                    .flatten();
                let items = with_blanks.as_deref().unwrap_or(&g.items);
                let (rs, n) = row_readings(text, items, row.cols.len(), &[], &signed);
                notes.truncated |= n.truncated;
                if n.extra {
                    notes.extra.push((row.key, group_range(g)));
                }
                let refs: Vec<&Reading> = rs.iter().collect();
                for (ci, col) in row.cols.iter().enumerate() {
                    let mut cell = cell_from(text, idx, &refs, ci, Some(g));
                    if doubtful.contains(&ri) {
                        set_doubtful(&mut cell);
                    }
                    cells.push((col.key, cell));
                }
                notes.rows.push((row.key, group_range(g)));
                if let Some(a) = &g.attached {
                    let label = text.get(a.clone()).unwrap_or("");
                    let named = matcher.best(&norm_label(label)) == Some(ri);
                    if named && !g.one_per_line && deviates(label, row, false) {
                        notes.deviations.push((row.key, a.clone()));
                    }
                }
            }
            None => {
                notes.missing_rows.push(row.key);
                for col in row.cols {
                    cells.push((col.key, Cell::missing()));
                }
            }
        }
        table.rows.push(Row {
            key: row.key,
            cells,
        });
    }
    (table, notes)
}

/// The label lines after the last of table 二's sub-table captions (第二十条第（N）项) among
/// `lines`: the lines above a caption belong to the sub-table before it. (Not its header words:
/// pdftotext's reading order may print a row's label before them.)
fn after_caption<'a>(text: &str, lines: &'a [Range<usize>]) -> &'a [Range<usize>] {
    let caption = |r: &Range<usize>| {
        let t = text.get(r.clone()).unwrap_or("").trim();
        t.starts_with("第二十条") && t.ends_with('项')
    };
    &lines[lines.iter().rposition(caption).map_or(0, |c| c + 1)..]
}

/// Marks row `ri` doubtful, its numbers `g`, saying `why`.
fn doubt_row(
    rows: &[template::RowDef],
    (ri, g, why): (usize, &Group, String),
    doubtful: &mut Vec<usize>,
    notes: &mut TableNotes,
) {
    doubtful.push(ri);
    notes.doubts.push(Doubt {
        row: rows[ri].key,
        range: Some(group_range(g)),
        why,
        sums: false,
        columns: Vec::new(),
    });
}

/// Rows of several columns (规章, 行政规范性文件) whose numbers follow a column heading
/// ("本年废止件数") rather than their row label, while such a row holds fewer or more numbers than
/// columns: the PDF's text came out column by column with its blank cells dropped (30 / 267 429 /
/// 19 for 30 · 267 and · 19 429), so neither row's numbers can be placed. Both are doubtful (the
/// row indices returned, each with a [`Doubt`] in `notes`).
fn header_led_doubts(
    text: &str,
    rows: &[template::RowDef],
    chosen: &[Option<&Group>],
    by_preceding: &[bool],
    notes: &mut TableNotes,
) -> Vec<usize> {
    let headings: Vec<&str> = rows
        .iter()
        .filter(|r| r.cols.len() > 1)
        .flat_map(|r| r.cols.iter().map(|c| c.label))
        .collect();
    // The heading a row's numbers follow, when its label was found on the lines before them.
    let heading_of = |ri: usize, g: &Group| {
        let a = g
            .attached
            .as_ref()
            .map_or("", |a| text.get(a.clone()).unwrap_or(""));
        let a = norm_label(a);
        headings
            .iter()
            .copied()
            .find(|h| by_preceding[ri] && !a.is_empty() && a.contains(*h))
    };
    let cells = |g: &Group| g.items.iter().filter(|i| i.kind != Kind::Pad).count();
    let multi: Vec<(usize, &Group)> = chosen
        .iter()
        .enumerate()
        .filter_map(|(ri, g)| g.filter(|_| rows[ri].cols.len() > 1).map(|g| (ri, g)))
        .collect();
    let led = multi.iter().find_map(|&(ri, g)| heading_of(ri, g));
    let uneven = multi
        .iter()
        .find(|(ri, g)| cells(g) != rows[*ri].cols.len());
    let (Some(heading), Some(&(short, g))) = (led, uneven) else {
        return Vec::new();
    };
    let found = cells(g);
    let out: Vec<usize> = multi
        .iter()
        .filter(|&&(ri, g)| heading_of(ri, g).is_some() || cells(g) != rows[ri].cols.len())
        .map(|(ri, _)| *ri)
        .collect();
    for &ri in &out {
        notes.doubts.push(Doubt {
            row: rows[ri].key,
            range: chosen[ri].map(group_range),
            why: format!(
                "数字跟在列标题“{heading}”之后而不在行标签之后，而「{}」有 {found} 个数字（规定为 {} 列），数字很可能是按列而非按行排列的，无法确定各数字属于哪一格",
                template::short_label(rows[short].label),
                rows[short].cols.len()
            ),
            sums: false,
        columns: Vec::new(),
        });
    }
    out
}

/// A row of several columns whose numbers come one a line after its label, when the label line
/// just before that label is another such row's and that row has no numbers: the two labels were
/// printed together and the numbers after both (a PDF's text with the blank cells dropped: 规章 /
/// 行政规范性文件 / 43 / 620 / 2), so which row they belong to, and in which order, is not known.
fn stacked_label_doubts(
    text: &str,
    rows: &[template::RowDef],
    matcher: &Matcher,
    chosen: &[Option<&Group>],
    doubtful: &mut Vec<usize>,
    notes: &mut TableNotes,
) {
    for (ri, g) in chosen.iter().enumerate() {
        let Some(g) = g else { continue };
        if rows[ri].cols.len() < 2 || !g.one_per_line || doubtful.contains(&ri) {
            continue;
        }
        // The label line right before the row's own (its own is the last), on the next line with
        // nothing between (no blank line, no empty cell's tab).
        let Some((own, before)) = g.preceding.split_last() else {
            continue;
        };
        let adjacent = |r: &Range<usize>| {
            text.get(r.end..own.start)
                .is_some_and(|gap| gap.trim_matches([' ', '\r']) == "\n")
        };
        let other = before.last().filter(|r| adjacent(r)).and_then(|r| {
            matcher
                .best(&norm_label(text.get(r.clone()).unwrap_or("")))
                .filter(|&o| o != ri && rows[o].cols.len() > 1 && chosen[o].is_none())
        });
        if let Some(o) = other {
            let why = format!(
                "本行标签紧接在「{}」的标签之后，而「{}」没有找到数字：两行标签连在一起、数字都在其后（空白单元格被略去），无法确定这些数字属于哪一行、哪一列",
                template::short_label(rows[o].label),
                template::short_label(rows[o].label)
            );
            doubt_row(rows, (ri, g, why), doubtful, notes);
        }
    }
}

/// A row whose numbers stand on a line of their own after its label, when just before that label
/// stands a row's worth of numbers that no row took and no label names: the numbers may be
/// printed above their labels (cells top-aligned, labels centred: 334 / 行政处罚 / 0 / 行政强制),
/// so the row's own may be those before its label, not after. The row is doubtful.
fn numbers_above_doubts(
    text: &str,
    rows: &[template::RowDef],
    matcher: &Matcher,
    groups: &[&Group],
    (chosen, by_preceding): (&[Option<&Group>], &[bool]),
    doubtful: &mut Vec<usize>,
    notes: &mut TableNotes,
) {
    // Numbers printed above their labels leave the last label of a sub-table without any: some
    // row has none (else an unlabelled number is a stray, a page number, not a shift).
    if chosen.iter().all(Option::is_some) {
        return;
    }
    let taken = |g: &Group| chosen.iter().flatten().any(|c| std::ptr::eq(*c, g));
    let cells = |g: &Group| g.items.iter().filter(|i| i.kind != Kind::Pad).count();
    for (ri, g) in chosen.iter().enumerate() {
        let Some(g) = *g else { continue };
        // Its numbers on a line of their own, after its label (named there or on the lines above).
        let first = g.items.first().map_or(0, |i| i.range.start);
        let own_line = match &g.attached {
            Some(a) => text.get(a.end..first).is_some_and(|gap| gap.contains('\n')),
            None => by_preceding[ri],
        };
        if !own_line || doubtful.contains(&ri) {
            continue;
        }
        let Some(gi) = groups.iter().position(|x| std::ptr::eq(*x, g)) else {
            continue;
        };
        let Some(before) = gi.checked_sub(1).map(|b| groups[b]) else {
            continue;
        };
        if taken(before) || cells(before) != rows[ri].cols.len() {
            continue;
        }
        let label = |r: &Range<usize>| matcher.best(&norm_label(text.get(r.clone()).unwrap_or("")));
        // (Labels above a sub-table caption are the previous sub-table's.)
        let unnamed = before.attached.as_ref().is_none_or(|a| label(a).is_none())
            && after_caption(text, &before.preceding)
                .iter()
                .all(|r| label(r).is_none());
        // Nothing but the row's own label between those numbers and its own.
        let own_label_only = g.preceding.iter().all(|r| label(r) == Some(ri));
        if !unnamed || !own_label_only {
            continue;
        }
        let why = format!(
            "本行标签之前另有一行没有标签的数字“{}”，数字可能印在标签之上而不是之下，无法确定哪一行数字属于本行",
            super::cells::item_texts(text, &before.items)
        );
        doubt_row(rows, (ri, g, why), doubtful, notes);
    }
}
