//! Table 三 read in order: where its labels stand apart from their numbers (a PDF's text in its reading order), the numbers taken row by row when their count, the labels beside them and the sums prove it.

use super::labels::Evidence;
use super::split::{consistent, Constraint};
use super::tokens::{Group, Item, Kind};
use crate::model::Num;

/// The column of each column sum the rows' values break (with a row, of those through it only).
pub(super) type ColumnSumsBroken<'a> =
    dyn Fn(&[Vec<Option<Num>>], Option<usize>) -> Vec<usize> + 'a;

/// Table 三 read as one stream of numbers, row by row.
pub(super) struct InOrder {
    /// Each template row's numbers, as a group of exactly its columns.
    pub rows: Vec<Group>,
    /// How many rows have a label of their own by their numbers.
    pub anchored: usize,
    /// How many sums the reading breaks (all through one cell: a report's slip).
    pub broken: usize,
}

/// Reads the numbers of `groups` in order as `nrows` rows of `ncols`, when that reading is proven:
/// - the numbers (and printed placeholders) are exactly `nrows × ncols`, with no digit run (which
///   may hold several cells) and no empty tab field;
/// - every group whose own label names a row (`evidence`'s strong row) starts exactly where that
///   row starts, and every group whose label lines before it name a row (its weak row, without a
///   strong one) lies inside that row (a wrapped label's tail after the row's first number); at
///   least half the rows are so anchored;
/// - every sum holds, or those broken all pass through one cell (one row's own sum, and column
///   sums in one column only, through that row): a single misprinted figure, which the checks then
///   name. `column_sums_broken(values, row)` gives the column of each column sum the values break
///   (with `row`, of those through that row only).
///
/// Otherwise `None`: the table is left to the reading by labels.
pub(super) fn read_in_order(
    groups: &[&Group],
    evidence: &[Evidence],
    nrows: usize,
    ncols: usize,
    cons: &[Constraint],
    column_sums_broken: &ColumnSumsBroken<'_>,
) -> Option<InOrder> {
    let want = nrows.checked_mul(ncols)?;
    let mut stream: Vec<&Item> = Vec::with_capacity(want);
    // Each group's first place in the stream.
    let mut starts: Vec<usize> = Vec::with_capacity(groups.len());
    for g in groups {
        starts.push(stream.len());
        for it in &g.items {
            match it.kind {
                Kind::Num { .. } | Kind::Blank => stream.push(it),
                Kind::Digits | Kind::Pad | Kind::Label => return None,
            }
            if stream.len() > want {
                return None;
            }
        }
    }
    if stream.len() != want || ncols == 0 {
        return None;
    }
    // A group its own label names (strong evidence) starts its row; one whose label lines before it
    // name a row (weak) lies within that row (a wrapped label's tail after the row's first number).
    let mut anchor = vec![false; nrows];
    // The label beside each row's first number stays its label (the wording checks read it).
    let mut label = vec![None; nrows];
    for ((g, ev), &start) in groups.iter().zip(evidence).zip(&starts) {
        let (r, exact) = match (ev.strong, ev.weak_last) {
            (Some(r), _) => (r, true),
            (None, Some(r)) => (r, false),
            (None, None) => continue,
        };
        let fits = if exact {
            start == r * ncols
        } else {
            start / ncols == r
        };
        if g.items.is_empty() || r >= nrows || !fits {
            return None;
        }
        anchor[r] = true;
        if exact {
            label[r] = g.attached.clone();
        }
    }
    let anchored = anchor.iter().filter(|&&a| a).count();
    if anchored * 2 < nrows {
        return None;
    }
    let values: Vec<Vec<Option<Num>>> = stream
        .chunks(ncols)
        .map(|row| {
            row.iter()
                .map(|it| match it.kind {
                    Kind::Num { value, .. } => Some(value),
                    _ => None,
                })
                .collect()
        })
        .collect();
    // The sums broken must all pass through one cell: a misprinted figure, which the checks then
    // name. Numbers out of place break sums through two cells at least (the row's sum where it
    // moved in and out, or two columns).
    let rows_broken: Vec<usize> = (0..values.len())
        .filter(|&r| !consistent(&values[r], cons))
        .collect();
    let cols_broken = column_sums_broken(&values, None);
    let one_cell = match rows_broken.as_slice() {
        [] => cols_broken.is_empty(),
        [r] => {
            cols_broken.windows(2).all(|w| w[0] == w[1])
                && column_sums_broken(&values, Some(*r)).len() == cols_broken.len()
        }
        _ => false,
    };
    if !one_cell {
        return None;
    }
    let rows = stream
        .chunks(ncols)
        .enumerate()
        .map(|(r, items)| Group {
            items: items.iter().map(|&it| it.clone()).collect(),
            attached: label[r].take(),
            preceding: Vec::new(),
            one_per_line: true,
            empty_lines: Vec::new(),
        })
        .collect();
    Some(InOrder {
        rows,
        anchored,
        broken: rows_broken.len() + cols_broken.len(),
    })
}
