//! Readings of a row: how a row's numeric items map onto its columns (missing columns, extra numbers, digit runs to split), filtered by the arithmetic, within a bounded search.

use super::number::{parse_plain, strip_unit};
use super::text::fold;
use super::tokens::{Item, Kind};
use crate::model::Num;
use std::ops::Range;

/// `cols[total] = Σ cols[parts]` within one row (or `≥` when `exact` is false: a part of the sum
/// is not printed, as in a table 三 without its 其他 column).
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    pub total: usize,
    pub parts: &'static [usize],
    pub exact: bool,
}

/// Where one cell of a reading comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Src {
    /// The whole numeric item (byte range).
    Item(Range<usize>),
    /// Part of a digit run (the run's byte range).
    Part(Range<usize>),
    /// A placeholder cell.
    Blank(Range<usize>),
    /// Not printed; filled in from a constraint.
    Inferred,
    /// Not printed and not inferable.
    Gap,
}

/// One way to read a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub vals: Vec<Option<Num>>,
    pub src: Vec<Src>,
}

/// What the search noticed about a row.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RowNotes {
    /// More numbers than columns: the readings are windows.
    pub extra: bool,
    /// Fewer numbers than columns: the readings place gaps.
    pub gaps: bool,
    /// The search hit its budget: the readings may be incomplete.
    pub truncated: bool,
    /// Digit runs had to be split.
    pub split: bool,
}

/// Whether a reading satisfies every constraint whose cells are all known.
pub fn consistent(vals: &[Option<Num>], cons: &[Constraint]) -> bool {
    cons.iter().all(|c| {
        let Some(total) = vals.get(c.total).copied().flatten() else {
            return true;
        };
        let mut parts = Vec::with_capacity(c.parts.len());
        for &p in c.parts {
            match vals.get(p).copied().flatten() {
                Some(v) => parts.push(v),
                None => return true,
            }
        }
        Num::sum(parts).is_none_or(|s| {
            if c.exact {
                s == total
            } else {
                total.checked_sub(s).is_some_and(|d| !d.is_negative())
            }
        })
    })
}

/// Fills gaps that a constraint fixes (one unknown in it), repeatedly. Returns false when a filled
/// value is negative in a column that cannot be.
fn infer_gaps(r: &mut Reading, cons: &[Constraint], signed: &dyn Fn(usize) -> bool) -> bool {
    loop {
        let mut changed = false;
        for c in cons {
            let idxs: Vec<usize> = std::iter::once(c.total)
                .chain(c.parts.iter().copied())
                .collect();
            let unknown: Vec<usize> = idxs
                .iter()
                .copied()
                .filter(|&i| r.vals.get(i).is_some_and(|v| v.is_none()))
                .collect();
            if unknown.len() != 1 || idxs.iter().any(|&i| i >= r.vals.len()) {
                continue;
            }
            let u = unknown[0];
            if !matches!(r.src[u], Src::Gap) {
                continue;
            }
            let sum_parts = Num::sum(
                c.parts
                    .iter()
                    .filter(|&&p| p != u)
                    .filter_map(|&p| r.vals[p]),
            );
            let value = if u == c.total {
                if c.exact {
                    sum_parts
                } else {
                    None
                }
            } else {
                let v = r.vals[c.total].and_then(|t| sum_parts.and_then(|s| t.checked_sub(s)));
                // With a part unprinted, the gap is only fixed when nothing is left for it.
                if c.exact || v == Some(Num::ZERO) {
                    v
                } else {
                    None
                }
            };
            let Some(v) = value else { continue };
            if v.is_negative() && !signed(u) {
                return false;
            }
            r.vals[u] = Some(v);
            r.src[u] = Src::Inferred;
            changed = true;
        }
        if !changed {
            return true;
        }
    }
}

/// The digits of a digit-run item, folded to ASCII, unit stripped.
fn run_digits(text: &str, it: &Item) -> String {
    let raw = text.get(it.range.clone()).unwrap_or("");
    let (body, _) = strip_unit(raw);
    body.chars()
        .map(fold)
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}

/// All ways to cut `digits` into `n` numbers (no leading zeros, at most `max_len` digits each).
fn splits(digits: &str, n: usize, budget: &mut usize, out: &mut Vec<Vec<Num>>) {
    fn go(d: &str, n: usize, acc: &mut Vec<Num>, budget: &mut usize, out: &mut Vec<Vec<Num>>) {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        if n == 1 {
            if let Some(v) = parse_plain(d) {
                acc.push(v);
                out.push(acc.clone());
                acc.pop();
            }
            return;
        }
        // Leave at least one char per remaining number.
        let max_len = d.len().saturating_sub(n - 1).min(9);
        for len in 1..=max_len {
            if !d.is_char_boundary(len) || d[len..].starts_with('.') || d[..len].ends_with('.') {
                continue;
            }
            if let Some(v) = parse_plain(&d[..len]) {
                acc.push(v);
                go(&d[len..], n - 1, acc, budget, out);
                acc.pop();
            } else if len == 1 {
                // "0…" can only be the single digit 0; nothing longer starting with 0 is valid.
                continue;
            }
        }
    }
    let mut acc = Vec::with_capacity(n);
    go(digits, n, &mut acc, budget, out);
}

/// Every reading of `items` as a row of `ncols` columns, given the row's constraints. Readings are
/// deduplicated by value; when any reading satisfies the constraints, only those are kept (except
/// for a row read exactly as printed, which is kept as is so the checks can report its errors).
pub fn readings(
    text: &str,
    items: &[Item],
    ncols: usize,
    cons: &[Constraint],
    signed: &dyn Fn(usize) -> bool,
    budget: &mut usize,
) -> (Vec<Reading>, RowNotes) {
    let mut notes = RowNotes::default();
    let mut out: Vec<Reading> = Vec::new();
    if ncols == 0 || items.is_empty() {
        return (out, notes);
    }
    let atom = |it: &Item| -> (Option<Num>, Src) {
        match it.kind {
            Kind::Num { value, .. } => (Some(value), Src::Item(it.range.clone())),
            Kind::Blank => (None, Src::Blank(it.range.clone())),
            _ => (None, Src::Gap),
        }
    };
    let has_digits = items.iter().any(|i| matches!(i.kind, Kind::Digits));
    let k = items.len();
    if !has_digits {
        if k == ncols {
            let (vals, src) = items.iter().map(atom).unzip();
            return (vec![Reading { vals, src }], notes);
        }
        if k > ncols {
            notes.extra = true;
            for w in items.windows(ncols) {
                let (vals, src) = w.iter().map(atom).unzip();
                out.push(Reading { vals, src });
            }
        } else {
            notes.gaps = true;
            // Place the k items in order among ncols slots (bounded).
            let mut chosen = Vec::with_capacity(k);
            place(k, ncols, 0, &mut chosen, &mut |slots| {
                if *budget == 0 {
                    notes.truncated = true;
                    return;
                }
                *budget -= 1;
                let mut r = Reading {
                    vals: vec![None; ncols],
                    src: vec![Src::Gap; ncols],
                };
                for (it, &slot) in items.iter().zip(slots) {
                    let (v, s) = atom(it);
                    r.vals[slot] = v;
                    r.src[slot] = s;
                }
                if infer_gaps(&mut r, cons, signed) {
                    out.push(r);
                }
            });
        }
    } else {
        notes.split = true;
        // Each atomic item takes one column, each digit run one or more.
        let runs: Vec<Option<String>> = items
            .iter()
            .map(|i| matches!(i.kind, Kind::Digits).then(|| run_digits(text, i)))
            .collect();
        let mut counts = vec![1usize; k];
        distribute(
            &runs,
            ncols,
            0,
            &mut counts,
            budget,
            &mut |counts, budget| {
                let mut partial: Vec<Vec<(Option<Num>, Src)>> = vec![Vec::new()];
                for (idx, it) in items.iter().enumerate() {
                    let mut next = Vec::new();
                    match &runs[idx] {
                        None => {
                            for p in &partial {
                                let mut p = p.clone();
                                p.push(atom(it));
                                next.push(p);
                            }
                        }
                        Some(d) => {
                            let mut cuts = Vec::new();
                            splits(d, counts[idx], budget, &mut cuts);
                            for p in &partial {
                                for c in &cuts {
                                    let mut p = p.clone();
                                    p.extend(
                                        c.iter().map(|v| (Some(*v), Src::Part(it.range.clone()))),
                                    );
                                    next.push(p);
                                }
                            }
                        }
                    }
                    if next.len() > 4096 {
                        notes.truncated = true;
                        next.truncate(4096);
                    }
                    partial = next;
                }
                for p in partial {
                    let (vals, src): (Vec<_>, Vec<_>) = p.into_iter().unzip();
                    if consistent(&vals, cons) {
                        out.push(Reading { vals, src });
                    }
                }
            },
        );
        if *budget == 0 {
            notes.truncated = true;
        }
        dedupe(&mut out);
        return (out, notes);
    }
    dedupe(&mut out);
    if out.len() > 1 {
        let good: Vec<Reading> = out
            .iter()
            .filter(|r| consistent(&r.vals, cons))
            .cloned()
            .collect();
        if !good.is_empty() {
            out = good;
        }
    }
    (out, notes)
}

fn dedupe(out: &mut Vec<Reading>) {
    let mut seen: Vec<Vec<Option<Num>>> = Vec::new();
    out.retain(|r| {
        if seen.contains(&r.vals) {
            false
        } else {
            seen.push(r.vals.clone());
            true
        }
    });
}

/// Calls `f` with every increasing choice of `k` slots among `n` (at most a few hundred calls for
/// table rows; `f` keeps its own budget).
fn place(k: usize, n: usize, from: usize, chosen: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
    if chosen.len() == k {
        f(chosen);
        return;
    }
    let left = k - chosen.len();
    for s in from..=n.saturating_sub(left) {
        chosen.push(s);
        place(k, n, s + 1, chosen, f);
        chosen.pop();
    }
}

/// Calls `f` with every way to give each digit run a number of columns (≥ 1, ≤ its digit count)
/// so that all items together fill `ncols`.
fn distribute(
    runs: &[Option<String>],
    ncols: usize,
    idx: usize,
    counts: &mut Vec<usize>,
    budget: &mut usize,
    f: &mut dyn FnMut(&[usize], &mut usize),
) {
    if *budget == 0 {
        return;
    }
    if idx == runs.len() {
        if counts.iter().sum::<usize>() == ncols {
            f(counts, budget);
        }
        return;
    }
    let used: usize = counts[..idx].iter().sum();
    let rest_min = runs.len() - idx - 1;
    match &runs[idx] {
        None => {
            counts[idx] = 1;
            distribute(runs, ncols, idx + 1, counts, budget, f);
        }
        Some(d) => {
            let digits = d.chars().filter(char::is_ascii_digit).count().max(1);
            let max = ncols.saturating_sub(used + rest_min).min(digits);
            for c in 1..=max {
                counts[idx] = c;
                distribute(runs, ncols, idx + 1, counts, budget, f);
            }
            counts[idx] = 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tokens::tokenize;

    const ROW: &[Constraint] = &[Constraint {
        total: 6,
        parts: &[0, 1, 2, 3, 4, 5],
        exact: true,
    }];

    fn read(line: &str, ncols: usize) -> Vec<Vec<Option<i64>>> {
        let toks = tokenize(line);
        let items: Vec<Item> = toks.groups.iter().flat_map(|g| g.items.clone()).collect();
        let mut budget = 100_000;
        let (rs, _) = readings(line, &items, ncols, ROW, &|_| false, &mut budget);
        rs.iter()
            .map(|r| r.vals.iter().map(|v| v.map(|n| n.mantissa)).collect())
            .collect()
    }

    #[test]
    fn collapsed_runs_split_by_the_row_sum() {
        assert_eq!(
            read("数量21710000218", 7),
            vec![vec![217, 1, 0, 0, 0, 0, 218]
                .into_iter()
                .map(Some)
                .collect::<Vec<_>>()]
        );
        let r = read("办理 0 0 00 00 0 ", 7);
        assert_eq!(r.len(), 1);
        let r = read("总计23 0 00 0 023", 7);
        assert_eq!(r[0], [23, 0, 0, 0, 0, 0, 23].map(Some).to_vec());
    }

    #[test]
    fn a_missing_column_is_inferred_or_ambiguous() {
        // All zeros: whichever column is missing, it is 0.
        assert_eq!(read("x 0 0 0 0 0 0", 7), vec![vec![Some(0); 7]]);
        // 14 0 0 0 0 14: the gap can be any applicant column (0) or the total (28)? The total would
        // be 28 ≠ 14 only if the gap is the total and the last 14 is other_org: both fit the row.
        assert!(read("x 14 0 0 0 0 14", 7).len() > 1);
    }

    #[test]
    fn split_budget_is_respected() {
        let long = format!("数量{}", "1".repeat(60));
        let toks = tokenize(&long);
        let items: Vec<Item> = toks.groups.iter().flat_map(|g| g.items.clone()).collect();
        let mut budget = 1000;
        let (_, notes) = readings(&long, &items, 7, ROW, &|_| false, &mut budget);
        assert!(notes.truncated);
    }
}
