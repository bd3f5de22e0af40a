//! Table 四 (行政复议、行政诉讼情况): one row of 15 cells in three groups, each total the sum of its four parts.

use super::cells::{
    cell_from, group_range, item_texts, row_readings, set_doubtful, Doubt, NoFit, TableNotes,
};
use super::labels::table_groups;
use super::split::{consistent, room, Constraint, Reading};
use super::text::LineIndex;
use super::tokens::{Group, Item, Kind};
use crate::model::*;
use crate::rules::registry;
use crate::template;

pub(super) const REVIEW_CONS: &[Constraint] = &[
    Constraint {
        total: 4,
        parts: &[0, 1, 2, 3],
        exact: true,
    },
    Constraint {
        total: 9,
        parts: &[5, 6, 7, 8],
        exact: true,
    },
    Constraint {
        total: 14,
        parts: &[10, 11, 12, 13],
        exact: true,
    },
];

/// Reads table 四: the first run of numbers in its region that can fill 15 cells.
pub fn review(text: &str, idx: &LineIndex, groups: &[&Group]) -> (Table, TableNotes) {
    let mut notes = TableNotes::default();
    let usable = table_groups(text, groups);
    // Start at the first group that looks like the table's row: many numbers, or a digit run.
    let start = usable.iter().position(|g| {
        g.items.iter().filter(|i| i.kind != Kind::Digits).count() >= 5 || g.has_digits()
    });
    let mut items: Vec<Item> = Vec::new();
    let mut span_group: Option<Group> = None;
    // Numbers just above or below the row with no text between, not taken into it: fragments of
    // cells whose numbers wrapped in a narrow column (57 / row / 8 for 578), or a second row.
    let mut beside: Vec<Item> = Vec::new();
    // The first numbers printed apart from the rest, when with them a sum breaks.
    let mut apart: Option<String> = None;
    if let Some(s) = start {
        let mut end = s;
        for (k, g) in usable[s..].iter().enumerate() {
            if !items.is_empty() && g.attached.is_some() && !g.one_per_line {
                break;
            }
            // A cell a line, empty cells as empty lines (a word processor's text export).
            if let Some(row) = items
                .is_empty()
                .then(|| super::split::line_row(g, 15))
                .flatten()
            {
                items = row;
                end = s + k;
                break;
            }
            items.extend(g.items.iter().cloned());
            end = s + k;
            if items.iter().any(|i| matches!(i.kind, Kind::Digits)) || items.len() >= 15 {
                break;
            }
        }
        // The row's first numbers apart from the rest, under the header's first lines (a PDF's
        // text in its reading order puts the first cell beside the header): taken when together
        // they are exactly the 15 cells, numbers all. Were they left out, the rest would be read
        // short a cell, inferred from the sums, and a broken sum hidden.
        let mut s = s;
        if let Some(head) = s.checked_sub(1).map(|h| &usable[h].items) {
            let vals: Vec<Option<Num>> =
                head.iter().chain(&items).map(|i| i.kind.value()).collect();
            if vals.len() == 15 && !vals.contains(&None) {
                apart = (!consistent(&vals, REVIEW_CONS)).then(|| item_texts(text, head));
                items.splice(0..0, head.iter().cloned());
                s -= 1;
            }
        }
        let adjacent = |g: &Group| g.attached.is_none() && g.preceding.is_empty();
        if s > 0 && adjacent(usable[s]) {
            beside.extend_from_slice(&usable[s - 1].items);
        }
        if let Some(next) = usable.get(end + 1).filter(|g| adjacent(g)) {
            beside.extend_from_slice(&next.items);
        }
        beside.retain(|i| i.kind != Kind::Pad);
        span_group = Some(Group {
            items: items.clone(),
            attached: None,
            preceding: Vec::new(),
            one_per_line: false,
            empty_lines: Vec::new(),
        });
    }
    notes.found = !items.is_empty();
    let (rs, n) = row_readings(text, &items, 15, REVIEW_CONS, &|_| false);
    notes.truncated |= n.truncated;
    // Too few numbers to be the table's row (one may be missing and inferred), or more than it
    // holds with no one way to pick them: a doubtful reading, not a table to fill.
    let why = if !notes.found {
        None
    } else if let Some(head) = &apart {
        // Numbers apart and a sum broken: a misprint, or numbers out of place, alike.
        Some(format!(
            "表四的数字“{head}”印在表头之间，与其后的数字合为 15 个，按先后读则合计不成立：是笔误，还是数字错位，无法区分"
        ))
    } else if room(text, &items) + 1 < 15 {
        Some(format!(
            "表四的位置只找到连续的 {} 个数字，规定为 15 个（行政复议 5 个、行政诉讼 10 个）",
            items.len()
        ))
    } else if rs.len() == 1 && broken_groups(&rs[0]) >= 2 {
        // A slip breaks one group's sum; two or three broken groups mean the numbers were
        // likelier read out of order.
        Some(format!(
            "表四的 {} 组合计都不成立，不是某一个数字的差错所能解释的，更可能是数字次序读错了",
            broken_groups(&rs[0])
        ))
    } else if !beside.is_empty() {
        Some(format!(
            "表四的一行数字上下紧挨着另有数字“{}”，可能是单元格内折行的数字，无法确定各数字属于哪一格",
            item_texts(text, &beside)
        ))
    } else if n.overlong {
        Some(format!(
            "表四的数字“{}”比一行长：开头的数字已能构成各组合计成立的一行，其余的可能是其他内容的数字（换行丢失）",
            item_texts(text, &items)
        ))
    } else if n.extra && (rs.len() != 1 || n.no_fit) {
        Some(format!(
            "表四的位置有 {} 个数字，多于规定的 15 个，无法确定哪些属于本表",
            items.len()
        ))
    } else {
        None
    };
    let doubtful = why.is_some();
    // (Numbers apart with a sum broken name the table's cells: a misprint would look the same.
    // Two or three groups broken point to a misreading, not to any figure.)
    let sums = apart.is_some();
    if let Some(why) = why {
        notes.doubts.push(Doubt {
            row: "",
            range: span_group.as_ref().map(group_range),
            why,
            sums,
            columns: Vec::new(),
        });
    }
    if n.no_fit && !doubtful {
        if let Some(g) = &span_group {
            notes.no_fit.push(NoFit {
                row: "",
                range: group_range(g),
                rule: &registry::A004,
                candidates: rs.iter().map(|r| (r.vals.clone(), Vec::new())).collect(),
            });
        }
    }
    let refs: Vec<&Reading> = rs.iter().collect();
    if n.extra {
        if let Some(g) = &span_group {
            notes.extra.push(("", group_range(g)));
        }
    }
    let mut cells = Vec::with_capacity(15);
    for (ci, key) in template::review_keys().enumerate() {
        let mut cell = if notes.found {
            cell_from(text, idx, &refs, ci, span_group.as_ref())
        } else {
            Cell::missing()
        };
        if doubtful {
            set_doubtful(&mut cell);
        }
        cells.push((key, cell));
    }
    if let Some(g) = &span_group {
        notes.rows.push(("", group_range(g)));
    }
    (
        Table {
            rows: vec![Row { key: "", cells }],
        },
        notes,
    )
}

/// How many of table 四's three group sums a reading breaks (a group with an unknown cell is not
/// judged).
fn broken_groups(r: &Reading) -> usize {
    REVIEW_CONS
        .iter()
        .filter(|c| !consistent(&r.vals, std::slice::from_ref(*c)))
        .count()
}
