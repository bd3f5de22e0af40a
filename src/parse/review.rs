//! Table 四 (行政复议、行政诉讼情况): one row of 15 cells in three groups, each total the sum of its four parts.

use super::cells::{cell_from, group_range, row_readings, TableNotes};
use super::labels::table_groups;
use super::split::{Constraint, Reading};
use super::text::LineIndex;
use super::tokens::{Group, Item, Kind};
use crate::model::*;
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
    let start = usable
        .iter()
        .position(|g| g.atomic_count() >= 5 || g.has_digits());
    let mut items: Vec<Item> = Vec::new();
    let mut span_group: Option<Group> = None;
    if let Some(s) = start {
        for g in &usable[s..] {
            if !items.is_empty() && g.attached.is_some() && !g.one_per_line {
                break;
            }
            items.extend(g.items.iter().cloned());
            if items.iter().any(|i| matches!(i.kind, Kind::Digits)) || items.len() >= 15 {
                break;
            }
        }
        span_group = Some(Group {
            items: items.clone(),
            attached: None,
            preceding: Vec::new(),
            one_per_line: false,
        });
    }
    notes.found = !items.is_empty();
    let (rs, n) = row_readings(text, &items, 15, REVIEW_CONS, &|_| false);
    notes.truncated |= n.truncated;
    let refs: Vec<&Reading> = rs.iter().collect();
    if n.extra {
        if let Some(g) = &span_group {
            notes.extra.push(("", group_range(g)));
        }
    }
    let mut cells = Vec::with_capacity(15);
    for (ci, key) in template::review_keys().enumerate() {
        let cell = if notes.found {
            cell_from(text, idx, &refs, ci, span_group.as_ref())
        } else {
            Cell::missing()
        };
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
