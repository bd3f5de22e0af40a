//! The order-preserving alignment of row groups to a table's template rows (a dynamic programme over label evidence and number counts).

use super::labels::{evidence, Evidence, Labels, Matcher};
use super::tokens::Group;
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

/// `matcher` is [`Matcher::new`] of `rows`.
pub(super) fn align(
    groups: &[&Group],
    labels: &[Labels],
    rows: &[RowDef],
    matcher: &Matcher,
    ncols: usize,
) -> Alignment {
    let n = rows.len();
    let m = groups.len();
    let ev: Vec<Evidence> = labels.iter().map(|l| evidence(l, matcher)).collect();
    // Per group: (atomic items, has a digit run), computed once for the n×m table below.
    let counts: Vec<(usize, bool)> = groups
        .iter()
        .map(|g| (g.atomic_count(), g.has_digits()))
        .collect();
    let fit = |i: usize, j: usize| -> i32 {
        let e = &ev[j];
        let (k, digits) = counts[j];
        let mut s = 10;
        if digits {
            s += 3;
        } else if k == ncols {
            s += 5;
        } else if k + 1 == ncols {
            s += 2;
        } else if k > ncols {
            s += 0;
        } else if k + 2 >= ncols && ncols > 3 {
            s -= 6;
        } else {
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
    let skip_group = |j: usize| -> i32 {
        let (k, digits) = counts[j];
        if digits || k + 1 >= ncols {
            -2
        } else {
            0
        }
    };
    let w = m + 1;
    let mut dp = vec![NEG; (n + 1) * w];
    // 0 = from diagonal (assign), 1 = skip group, 2 = skip row
    let mut back = vec![0u8; (n + 1) * w];
    dp[0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            let cur = dp[i * w + j];
            if cur == NEG {
                continue;
            }
            if i < n && j < m {
                let f = fit(i, j);
                if f > NEG {
                    let v = cur + f;
                    let idx = (i + 1) * w + j + 1;
                    if v > dp[idx] {
                        dp[idx] = v;
                        back[idx] = 0;
                    }
                }
            }
            if j < m {
                let v = cur + skip_group(j);
                let idx = i * w + j + 1;
                if v > dp[idx] {
                    dp[idx] = v;
                    back[idx] = 1;
                }
            }
            if i < n {
                let v = cur - 3;
                let idx = (i + 1) * w + j;
                if v > dp[idx] {
                    dp[idx] = v;
                    back[idx] = 2;
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
