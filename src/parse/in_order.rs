//! Table 三 read in order: where its labels stand apart from their numbers (a PDF's text in its reading order), the numbers taken row by row when their count, the labels beside them and the sums prove it.

use super::labels::Evidence;
use super::split::{consistent, Constraint};
use super::tokens::{Group, Item, Kind};
use crate::model::Num;

/// The column of each column sum the rows' values break (with a row, of those through it only).
/// The values are the rows' cells one after another, `ncols` a row.
pub(super) type ColumnSumsBroken<'a> = dyn Fn(&[Option<Num>], Option<usize>) -> Vec<usize> + 'a;

/// Table 三 read as one stream of numbers, row by row.
pub(super) struct InOrder {
    /// Each template row's numbers, as a group of exactly its columns.
    pub rows: Vec<Group>,
    /// How many rows have a label of their own by their numbers.
    pub anchored: usize,
    /// The row every broken sum passes through, when some are: a misprint there, or a number out
    /// of place, which the sums cannot tell apart.
    pub suspect: Option<usize>,
    /// The two reading columns whose cells, swapped in that row, make every sum hold, when its
    /// own sum holds and only column sums break (two cells printed out of order, or a misprint
    /// in those columns of any row that the sums cannot tell from that).
    pub swapped: Option<(usize, usize)>,
    /// Per row, the first reading column of the cells placed by the printed order alone (`ncols`
    /// for none): in a run of two or more rows with no label by those cells, not all alike.
    pub placed_from: Vec<usize>,
    /// Whether some cells are placeholders, taken as 0 by the sums that proved the order.
    pub zeroed: bool,
}

/// Reads the numbers of `groups` in order as `nrows` rows of `ncols`, when that reading is proven:
/// - the items are numbers and printed placeholders only (no digit run, which may hold several
///   cells; no empty tab field or line), exactly `nrows × ncols` of them;
/// - the rows' numbers follow one another, every group whose own label names a row (`evidence`'s
///   strong row) starting exactly where that row starts; or, where that fails, every such group's
///   first number is its row's first cell (printed beside the label, as a PDF's text puts a
///   label's line together with the first cell on it) and the rows' other numbers follow one
///   another without those;
/// - every group whose label lines before it name a row (its weak row, without a strong one) lies
///   inside that row (a wrapped label's tail after the row's first number); at least half the rows
///   are anchored by a label, strong or weak;
/// - every sum holds, each placeholder taken as 0, or those broken all pass through one cell (one row's own sum, and column
///   sums in one column only, through that row): that row is [`InOrder::suspect`].
///   `column_sums_broken(values, row)` gives the column of each column sum the values break (with
///   `row`, of those through it only).
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
            // Numbers and printed placeholders only: a digit run may hold several cells, an
            // empty tab field or line none.
            let printed_blank = it.kind == Kind::Blank && !it.range.is_empty();
            if !matches!(it.kind, Kind::Num { .. }) && !printed_blank {
                return None;
            }
            stream.push(it);
            if stream.len() > want {
                return None;
            }
        }
    }
    if stream.len() != want || ncols == 0 {
        return None;
    }
    // Each row's first number where a label names the row strongly (and that label).
    let mut first: Vec<Option<(usize, usize)>> = vec![None; nrows];
    for (gi, (g, ev)) in groups.iter().zip(evidence).enumerate() {
        let Some(r) = ev.strong else { continue };
        if g.items.is_empty() || r >= nrows || first[r].is_some() {
            return None;
        }
        first[r] = Some((starts[gi], gi));
    }
    let displaced = first
        .iter()
        .enumerate()
        .any(|(r, f)| f.is_some_and(|(at, _)| at != r * ncols));
    let place = |by_label: bool| -> Option<Vec<usize>> {
        if !by_label {
            return (!displaced).then(|| (0..want).collect());
        }
        let mut taken = vec![false; want];
        for &(at, _) in first.iter().flatten() {
            taken[at] = true;
        }
        let mut next = (0..want).filter(|&i| !taken[i]);
        let mut at = Vec::with_capacity(want);
        for f in &first {
            let own = f.map(|(at, _)| at);
            at.extend(own);
            for _ in usize::from(own.is_some())..ncols {
                at.push(next.next()?);
            }
        }
        Some(at)
    };
    // Row-major places in the stream: one after another, or (when that fails) the first cells
    // beside their labels.
    let at = place(false).or_else(|| place(true))?;
    let mut owner = vec![0; want];
    for (i, &p) in at.iter().enumerate() {
        owner[p] = i / ncols;
    }
    // Groups whose label lines before them name a row (weakly) lie inside it.
    let mut anchor: Vec<bool> = first.iter().map(Option::is_some).collect();
    for ((g, ev), &start) in groups.iter().zip(evidence).zip(&starts) {
        let (None, Some(r)) = (ev.strong, ev.weak_last) else {
            continue;
        };
        if g.items.is_empty() || r >= nrows || owner[start] != r {
            return None;
        }
        anchor[r] = true;
    }
    let anchored = anchor.iter().filter(|&&a| a).count();
    if anchored * 2 < nrows {
        return None;
    }
    let values: Vec<Option<Num>> = at.iter().map(|&p| stream[p].kind.value()).collect();
    // The sums judge the order with each placeholder as 0 (a blank cell adds nothing): a number
    // out of place cannot hide in it, and where a placeholder stands for more, its sums break.
    let proof: Vec<Option<Num>> = values.iter().map(|v| v.or(Some(Num::ZERO))).collect();
    // Every sum holding, or those broken all through one cell: a misprint, or a number out of
    // place (a stray page number where a blank cell printed nothing) that the sums cannot tell
    // apart; that row is then doubted, not blamed. Numbers out of place anywhere else break sums
    // through two cells at least (the row's sum where they moved in and out, or two columns).
    let rows_broken = broken_rows(&proof, ncols, cons);
    let mut swapped = None;
    let cols_broken = column_sums_broken(&proof, None);
    let suspect = match rows_broken.as_slice() {
        [] if cols_broken.is_empty() => None,
        [r] if cols_broken.windows(2).all(|w| w[0] == w[1])
            && column_sums_broken(&proof, Some(*r)).len() == cols_broken.len() =>
        {
            Some(*r)
        }
        // Or, every row's own sum holding, two cells of one row printed in each other's place (a
        // PDF's text may put a row's cells out of order): the one row where swapping two cells
        // makes every sum hold.
        [] => {
            let (r, pair) =
                swapped_row(&proof, ncols, cons, cols_broken.len(), column_sums_broken)?;
            swapped = Some(pair);
            Some(r)
        }
        _ => return None,
    };
    // Each row's cells from this column on are placed by the printed order alone: the whole row
    // where no label of its own stands by its numbers, the cells after the first where the first
    // stands by the label and the others come later (with other rows' between).
    let loose: Vec<usize> = (0..nrows)
        .map(|r| match first[r] {
            Some((f, _))
                if at[r * ncols + 1..(r + 1) * ncols]
                    .iter()
                    .enumerate()
                    .all(|(i, &p)| p == f + 1 + i) =>
            {
                ncols
            }
            Some(_) => 1,
            None if anchor[r] => ncols,
            None => 0,
        })
        .collect();
    // Two or more such rows together, between rows placed by their labels: the labels around fix
    // where their numbers start and end, but which row's are which rests on the printed order
    // alone (the sums may hold however they are swapped), unless those cells are alike.
    let mut placed_from = vec![ncols; nrows];
    let mut r = 0;
    while r < nrows {
        let run = loose[r..].iter().take_while(|&&c| c < ncols).count();
        let c = loose[r..r + run].iter().max().copied().unwrap_or(0);
        let part = |i: usize| &values[i * ncols + c..(i + 1) * ncols];
        if run >= 2 && (r + 1..r + run).any(|i| part(i) != part(r)) {
            placed_from[r..r + run].copy_from_slice(&loose[r..r + run]);
        }
        r += run.max(1);
    }
    let rows = at
        .chunks(ncols)
        .zip(&first)
        .map(|(places, f)| Group {
            items: places.iter().map(|&p| stream[p].clone()).collect(),
            // The label beside the row's first number stays its label (the wording checks).
            attached: f.and_then(|(_, gi)| groups[gi].attached.clone()),
            preceding: Vec::new(),
            one_per_line: true,
            empty_lines: Vec::new(),
        })
        .collect();
    Some(InOrder {
        rows,
        anchored,
        suspect,
        swapped,
        placed_from,
        zeroed: values.contains(&None),
    })
}

/// The one row, among those every broken column sum (`cols` of them) passes through, where
/// swapping two cells makes every sum hold, with those cells' columns; `None` when no row or
/// several do.
fn swapped_row(
    values: &[Option<Num>],
    ncols: usize,
    cons: &[Constraint],
    cols: usize,
    column_sums_broken: &ColumnSumsBroken<'_>,
) -> Option<(usize, (usize, usize))> {
    let mut scratch = values.to_vec();
    let mut found = None;
    for r in 0..values.len() / ncols {
        if column_sums_broken(values, Some(r)).len() != cols {
            continue;
        }
        for i in r * ncols..(r + 1) * ncols {
            for j in i + 1..(r + 1) * ncols {
                if values[i] == values[j] {
                    continue;
                }
                scratch.swap(i, j);
                let holds = broken_rows(&scratch, ncols, cons).is_empty()
                    && column_sums_broken(&scratch, None).is_empty();
                scratch.swap(i, j);
                if holds {
                    if found.is_some_and(|(f, _)| f != r) {
                        return None;
                    }
                    found = found.or(Some((r, (i % ncols, j % ncols))));
                }
            }
        }
    }
    found
}

/// The rows (of `ncols` values each) whose own sum `cons` does not hold.
fn broken_rows(values: &[Option<Num>], ncols: usize, cons: &[Constraint]) -> Vec<usize> {
    (0..values.len() / ncols)
        .filter(|&r| !consistent(&values[r * ncols..][..ncols], cons))
        .collect()
}
