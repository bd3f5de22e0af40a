//! From a row's readings to cells: the bounded per-row search, cell statuses (read, inferred, blank, ambiguous) and what reading a table noticed.

use super::split::{readings, Constraint, Reading, RowNotes, Src};
use super::text::LineIndex;
use super::tokens::{Group, Item, Kind};
use crate::model::*;
use crate::rules::registry::Rule;
use std::ops::Range;

/// The search budget (nodes) for one row's readings, and for settling one table's ambiguous rows
/// against its column sums; bounds the work on any input.
pub(super) const ROW_BUDGET: usize = 100_000;
pub(super) const TABLE_BUDGET: usize = 200_000;

/// A row's readings, within its own budget. A search cut short may have missed readings, so its
/// readings are dropped: the row's cells are then ambiguous rather than wrongly certain.
pub(super) fn row_readings(
    text: &str,
    items: &[Item],
    ncols: usize,
    cons: &[Constraint],
    signed: &dyn Fn(usize) -> bool,
) -> (Vec<Reading>, RowNotes) {
    let mut budget = ROW_BUDGET;
    let (rs, n) = readings(text, items, ncols, cons, signed, &mut budget);
    if n.truncated {
        (Vec::new(), n)
    } else {
        (rs, n)
    }
}

/// What reading a table produced besides its cells, for the diagnostics.
#[derive(Debug, Default)]
pub struct TableNotes {
    /// Rows whose readings had extra numbers (row key, span).
    pub extra: Vec<(&'static str, Range<usize>)>,
    /// Rows with no group at all.
    pub missing_rows: Vec<&'static str>,
    /// Unassigned numeric groups inside the table (byte ranges).
    pub stray: Vec<Range<usize>>,
    /// The source range of each row that was read (row key, byte range of its numbers).
    pub rows: Vec<(&'static str, Range<usize>)>,
    /// Labels that deviate from the official wording: (row key, found label range).
    pub deviations: Vec<(&'static str, Range<usize>)>,
    /// Whether the table was found at all.
    pub found: bool,
    /// The search hit its budget somewhere.
    pub truncated: bool,
    /// Rows whose numbers fit no reading that keeps the sums: the report breaks a sum there.
    pub no_fit: Vec<NoFit>,
    /// Rows (or the whole table) read too doubtfully to use: their cells are left unknown.
    pub doubts: Vec<Doubt>,
    /// Why the table's template was chosen, when the choice was close or only the year decided.
    pub template_note: Option<String>,
    /// How the table was read in order, its labels apart from its numbers (R006).
    pub in_order: Option<String>,
}

impl TableNotes {
    /// The whole table is too doubtful to use: one doubt says why, in place of its rows' doubts.
    pub(super) fn doubt_whole(&mut self, range: Option<Range<usize>>, why: String) {
        self.doubts.clear();
        self.doubts.push(Doubt {
            row: "",
            range,
            why,
            sums: false,
            columns: Vec::new(),
        });
    }
}

/// A reading too doubtful to use, and why (one line of Chinese).
#[derive(Debug, Clone)]
pub struct Doubt {
    /// The row's key; `""` for the whole table.
    pub row: &'static str,
    /// The numbers in the source.
    pub range: Option<Range<usize>>,
    pub why: String,
    /// Whether the doubt rests on sums that the numbers, as read, break: a misprint in the report
    /// and a misreading look alike there, so the finding names the row's cells. A doubt from the
    /// layout alone (rows missing, numbers short or wrapped) names none: no figure is at issue.
    pub sums: bool,
    /// Columns whose cells, in every row, the finding names too (the broken column sums that one
    /// row's cells, swapped, would mend: a misprint in them is as likely).
    pub columns: Vec<&'static str>,
}

/// Makes a cell of a doubtful reading unknown: its value becomes a candidate, never a reading.
pub(super) fn set_doubtful(cell: &mut Cell) {
    if let Some(v) = cell.value.take() {
        if !cell.candidates.contains(&v) {
            cell.candidates.push(v);
        }
    }
    if matches!(cell.status, Status::Read | Status::Inferred) {
        cell.status = Status::Ambiguous;
        cell.from = None;
    }
}

/// A row whose numbers cannot be placed in its columns so that the sums hold, whichever way they
/// are read: the report's error, said as such (never as an ambiguity).
#[derive(Debug, Clone)]
pub struct NoFit {
    /// The row's key ("" for table 四).
    pub row: &'static str,
    /// The row's numbers in the source.
    pub range: Range<usize>,
    /// The rule broken: A003 (the row's own sum), A002/A001 (the column sums), A004 (table 四).
    pub rule: &'static Rule,
    /// The closest readings (values in the template's columns), each with the columns whose sums
    /// it breaks (none listed when no reading keeps even the row's own sum).
    pub candidates: Vec<(Vec<Option<Num>>, Vec<&'static str>)>,
}

/// The items' texts as printed, space-separated (empty tab fields left out): for messages.
/// (A number joined from pieces wrapped over lines shows them as printed, `1230/0`.)
pub(super) fn item_texts(text: &str, items: &[Item]) -> String {
    items
        .iter()
        .filter(|it| it.kind != Kind::Pad)
        .filter_map(|it| text.get(it.range.clone()))
        .map(|t| {
            if t.contains('\n') {
                t.split_whitespace().collect::<Vec<_>>().join("/")
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn group_range(g: &Group) -> Range<usize> {
    let s = g.items.first().map_or(0, |i| i.range.start);
    s..g.end()
}

/// Builds a cell from the surviving readings of its row (column `ci`).
pub(super) fn cell_from(
    text: &str,
    idx: &LineIndex,
    rs: &[&Reading],
    ci: usize,
    group: Option<&Group>,
) -> Cell {
    let mut cell = Cell::missing();
    if rs.is_empty() {
        if let Some(g) = group {
            let r = group_range(g);
            cell.status = Status::Ambiguous;
            cell.text = text.get(r.clone()).map(str::to_string);
            cell.span = Some(idx.span(r.start, r.end));
        }
        return cell;
    }
    // Each reading's value and source for this column.
    let val = |r: &&Reading| r.vals[ci];
    fn src(r: &Reading, ci: usize) -> &Src {
        &r.src[ci]
    }
    let range_of = |s: &Src| match s {
        Src::Item(r) | Src::Part(r) | Src::Blank(r) => Some(r.clone()),
        _ => None,
    };
    let set_text = |cell: &mut Cell, r: Range<usize>| {
        cell.text = text.get(r.clone()).map(str::to_string);
        cell.span = Some(idx.span(r.start, r.end));
    };
    let first = val(&rs[0]);
    let src0 = src(rs[0], ci);
    if rs.iter().all(|r| val(r) == first) {
        match first {
            Some(v) => {
                cell.value = Some(v);
                let same_src = rs.iter().all(|r| src(r, ci) == src0);
                match (same_src, src0) {
                    (true, Src::Item(r) | Src::Part(r)) => {
                        cell.status = Status::Read;
                        set_text(&mut cell, r.clone());
                    }
                    (true, Src::Inferred) => {
                        cell.status = Status::Inferred;
                        cell.from = Some("本行未印出此格，由本行其余单元格按合计关系推得".into());
                    }
                    _ => {
                        cell.status = Status::Inferred;
                        cell.from =
                            Some("本行数字与列的对应不唯一，但各种对应下此格取值相同".into());
                        if let Some(r) = rs.iter().find_map(|r| range_of(src(r, ci))) {
                            set_text(&mut cell, r);
                        }
                    }
                }
            }
            None => {
                if let Some(r) = rs.iter().find_map(|r| match src(r, ci) {
                    Src::Blank(r) => Some(r.clone()),
                    _ => None,
                }) {
                    if rs.iter().all(|r| matches!(src(r, ci), Src::Blank(_))) {
                        cell.status = Status::Blank;
                        set_text(&mut cell, r);
                    } else {
                        cell.status = Status::Ambiguous;
                        set_text(&mut cell, r);
                    }
                }
            }
        }
        return cell;
    }
    cell.status = Status::Ambiguous;
    let mut cands: Vec<Num> = rs.iter().filter_map(val).collect();
    cands.sort_unstable_by(|a, b| a.as_f64().total_cmp(&b.as_f64()));
    cands.dedup();
    cell.candidates = cands;
    let ranges = || rs.iter().filter_map(|r| range_of(src(r, ci)));
    if let (Some(s), Some(e)) = (
        ranges().map(|r| r.start).min(),
        ranges().map(|r| r.end).max(),
    ) {
        set_text(&mut cell, s..e);
    } else if let Some(g) = group {
        set_text(&mut cell, group_range(g));
    }
    cell
}
