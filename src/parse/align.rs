//! The order-preserving alignment of row groups to a table's template rows (a dynamic programme over label evidence and number counts).

use super::labels::Evidence;
use crate::template::RowDef;

pub(super) const NEG: i32 = -1_000_000;

/// Aligns groups to rows in order, maximising label agreement and count fit.
/// Returns the score and, for each row, the index of its group.
/// The best alignment of groups to rows: its score, each row's group, and each group's label
/// evidence (which rows its labels name).
pub(super) struct Alignment {
    pub score: i32,
    pub assign: Vec<Option<usize>>,
    pub evidence: Vec<Evidence>,
}

/// `ev` is each group's label evidence for `rows`, and `counts` each group's (atomic items, has a
/// digit run).
pub(super) fn align(
    ev: Vec<Evidence>,
    counts: &[(usize, bool)],
    rows: &[RowDef],
    ncols: usize,
) -> Alignment {
    let n = rows.len();
    let m = counts.len();
    // Per group: its score from its count alone (NEG: it cannot be a row), computed once for the
    // n×m table below.
    let base: Vec<i32> = counts
        .iter()
        .map(|&(k, digits)| {
            if digits {
                13
            } else if k == ncols {
                15
            } else if k + 1 == ncols {
                12
            } else if k > ncols {
                10
            } else if k + 2 >= ncols && ncols > 3 {
                4
            } else {
                NEG
            }
        })
        .collect();
    let fit = |i: usize, j: usize| -> i32 {
        let e = &ev[j];
        let mut s = base[j];
        if s == NEG {
            return NEG;
        }
        if e.strong == Some(i) {
            s += 20;
        } else if e.strong.is_some() {
            s -= if e.strong_any.contains(i) { 5 } else { 25 };
        }
        if e.weak_last == Some(i) {
            s += 4;
        } else if e.weak.contains(i) {
            s += 2;
        }
        s
    };
    let skip_group: Vec<i32> = counts
        .iter()
        .map(|&(k, digits)| if digits || k + 1 >= ncols { -2 } else { 0 })
        .collect();
    let w = m + 1;
    let mut dp = vec![NEG; (n + 1) * w];
    // 0 = from diagonal (assign), 1 = skip group, 2 = skip row
    let mut back = vec![0u8; (n + 1) * w];
    dp[0] = 0;
    // Row by row: each cell passes its score on to the cell after it in its row (skip a group),
    // to the one below it (skip a row) and to the one below and after (assign), in that order of
    // cells (and, for each cell, of moves) as a plain double loop over the table.
    for i in 0..=n {
        let (dp_head, dp_next) = dp.split_at_mut((i + 1) * w);
        let (back_head, back_next) = back.split_at_mut((i + 1) * w);
        let dp_cur = &mut dp_head[i * w..];
        let back_cur = &mut back_head[i * w..];
        // The row below (none after the last row).
        let mut below = if i < n {
            Some((&mut dp_next[..w], &mut back_next[..w]))
        } else {
            None
        };
        for j in 0..=m {
            let cur = dp_cur[j];
            if cur == NEG {
                continue;
            }
            if let Some((dp_below, back_below)) = below.as_mut() {
                if j < m {
                    let f = fit(i, j);
                    if f > NEG {
                        let v = cur + f;
                        if v > dp_below[j + 1] {
                            dp_below[j + 1] = v;
                            back_below[j + 1] = 0;
                        }
                    }
                }
            }
            if j < m {
                let v = cur + skip_group[j];
                if v > dp_cur[j + 1] {
                    dp_cur[j + 1] = v;
                    back_cur[j + 1] = 1;
                }
            }
            if let Some((dp_below, back_below)) = below.as_mut() {
                let v = cur - 3;
                if v > dp_below[j] {
                    dp_below[j] = v;
                    back_below[j] = 2;
                }
            }
        }
    }
    let mut assign = vec![None; n];
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let b = back[i * w + j];
        if i > 0 && j > 0 && b == 0 {
            assign[i - 1] = Some(j - 1);
            i -= 1;
            j -= 1;
        } else if j > 0 && (b == 1 || i == 0) {
            j -= 1;
        } else {
            i -= 1;
        }
    }
    Alignment {
        score: dp[n * w + m],
        assign,
        evidence: ev,
    }
}
