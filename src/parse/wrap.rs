//! Numbers wrapped inside their cells: a PDF's narrow column breaks a long number over lines (65448 printed as 654 / 48, a pdf.js or `pdftotext -raw` text's consecutive lines), and a row's numbers come as several label-less groups; where exactly one way of joining the pieces back makes the row's count and its own sum, the groups are one row again.

use std::ops::Range;

use super::split::{consistent, Constraint};
use super::tokens::{Group, Item, Kind};
use crate::model::Num;

/// At most this many groups make one row (its own and the pieces after it).
const MAX_GROUPS: usize = 5;
/// At most this many more numbers than columns (each a piece to join).
const MAX_PIECES_OVER: usize = 4;
/// A joined number has at most this many digits.
const MAX_DIGITS: usize = 9;

/// What [`join_wrapped`] did: the byte ranges of the rows it joined (their sums are then the
/// reading's, not proof of the report's), and of the runs it could not join (a row's numbers
/// split over lines, every group short of a row, but no one way of joining them keeps the row's
/// sum: a misprint and a misreading alike).
#[derive(Debug, Default)]
pub struct Wrapped {
    pub joined: Vec<Range<usize>>,
    pub unsure: Vec<Range<usize>>,
}

impl Wrapped {
    /// The run that could not be joined holding `range` (a row's numbers), if any.
    pub fn unsure_around(&self, range: &Range<usize>) -> Option<&Range<usize>> {
        self.unsure
            .iter()
            .find(|u| u.start <= range.start && range.end <= u.end)
    }
}

/// Runs of `groups` on consecutive lines, with no label between, that make one row of `ncols`
/// cells in exactly one way (pieces of wrapped numbers joined at line breaks, none across a space;
/// the row's own sum `cons` holding): each run becomes one group.
pub fn join_wrapped(
    text: &str,
    groups: Vec<Group>,
    ncols: usize,
    cons: &[Constraint],
) -> (Vec<Group>, Wrapped) {
    // The runs to join, found on the groups as they are: (first, last, the row's items).
    let mut runs: Vec<(usize, usize, Vec<Item>)> = Vec::new();
    let mut wrapped = Wrapped::default();
    let mut i = 0;
    while i < groups.len() {
        let run = (i + 1..groups.len().min(i + MAX_GROUPS))
            .take_while(|&j| continues(text, &groups[j - 1], &groups[j]))
            .last();
        let found = run.and_then(|last| {
            (i + 1..=last).find_map(|j| {
                let items: Vec<&Item> = groups[i..=j].iter().flat_map(|g| &g.items).collect();
                one_row(text, &items, ncols, cons).map(|row| (j, row))
            })
        });
        match (found, run) {
            (Some((j, items)), _) => {
                runs.push((i, j, items));
                i = j + 1;
            }
            (None, Some(last)) => {
                // Every group short of a row and together at least a row: one row's numbers
                // that no joining makes add up.
                let short = groups[i..=last].iter().all(|g| g.items.len() < ncols);
                let n: usize = groups[i..=last].iter().map(|g| g.items.len()).sum();
                if short && n >= ncols {
                    let start = groups[i].items.first().map_or(0, |it| it.range.start);
                    wrapped.unsure.push(start..groups[last].end());
                    i = last + 1;
                } else {
                    i += 1;
                }
            }
            (None, None) => i += 1,
        }
    }
    if runs.is_empty() {
        return (groups, wrapped);
    }
    let joined = &mut wrapped.joined;
    let mut out: Vec<Group> = Vec::with_capacity(groups.len());
    let mut runs = runs.into_iter().peekable();
    let mut skip_to = 0;
    for (k, g) in groups.into_iter().enumerate() {
        if k < skip_to {
            continue;
        }
        match runs.next_if(|(first, _, _)| *first == k) {
            Some((_, last, items)) => {
                let start = items.first().map_or(0, |it| it.range.start);
                let end = items.last().map_or(0, |it| it.range.end);
                joined.push(start..end);
                out.push(Group {
                    items,
                    attached: g.attached,
                    preceding: g.preceding,
                    one_per_line: false,
                    empty_lines: Vec::new(),
                });
                skip_to = last + 1;
            }
            None => out.push(g),
        }
    }
    (out, wrapped)
}

/// Whether `next` continues `prev`'s row: no label of its own or between, on the very next line,
/// and both plain numbers (no digit runs, placeholders or pads).
fn continues(text: &str, prev: &Group, next: &Group) -> bool {
    // Plain numbers, one space apart on a line: text in reading order (pdf.js, `pdftotext -raw`).
    // Numbers spread over a line by their columns (`pdftotext -layout`) stack a wrapped number's
    // pieces above and below the row's line instead, each piece on a line with the other
    // column's: no run of lines there is one row.
    let plain = |g: &Group| {
        g.items.iter().all(|i| matches!(i.kind, Kind::Num { .. }))
            && g.items.windows(2).all(|w| {
                text.get(w[0].range.end..w[1].range.start)
                    .is_some_and(|gap| gap.contains('\n') || gap.chars().count() == 1)
            })
    };
    let (Some(first), end) = (next.items.first(), prev.end()) else {
        return false;
    };
    next.attached.is_none()
        && next.preceding.is_empty()
        && plain(prev)
        && plain(next)
        && end <= first.range.start
        && text
            .get(end..first.range.start)
            .is_some_and(|gap| gap.trim().is_empty() && gap.matches('\n').count() == 1)
}

/// The one reading of `items` as a row of `ncols` cells, pieces joined at line breaks, that keeps
/// the row's own sum; `None` when there is none or more than one.
fn one_row(text: &str, items: &[&Item], ncols: usize, cons: &[Constraint]) -> Option<Vec<Item>> {
    let n = items.len();
    // (n − 1 join places make the masks below: kept to a table 三 row's few.)
    if n < ncols || n > ncols + MAX_PIECES_OVER || n > 16 {
        return None;
    }
    // Every item printed as plain digits (a piece of a wrapped number is nothing else): its
    // value and digit count.
    let mut pieces: Vec<(i64, u32)> = Vec::with_capacity(n);
    for it in items {
        let d = text.get(it.range.clone()).unwrap_or("");
        if d.is_empty() || d.len() > MAX_DIGITS || !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        pieces.push((d.parse().ok()?, d.len() as u32));
    }
    // Bit k: the number goes on from item k to item k+1 (possible only across one line break).
    let can_join: u32 = (0..n - 1)
        .filter(|&k| {
            text.get(items[k].range.end..items[k + 1].range.start)
                .is_some_and(|gap| gap.matches('\n').count() == 1)
        })
        .fold(0, |m, k| m | 1 << k);
    let joins = (n - ncols) as u32;
    let mut found: Option<Vec<Option<Num>>> = None;
    let mut found_mask = 0u32;
    // Every choice of `joins` of the join places (n ≤ ncols + 4: at most 2^14 masks to look at).
    for mask in 0..1u32 << (n - 1) {
        if mask & !can_join != 0 || mask.count_ones() != joins {
            continue;
        }
        let mut vals: Vec<Option<Num>> = Vec::with_capacity(ncols);
        let mut cur: Option<(i64, u32)> = None;
        let mut ok = true;
        for (k, &(v, len)) in pieces.iter().enumerate() {
            cur = match cur {
                // A number does not start with 0, and has at most MAX_DIGITS digits.
                Some((a, alen)) if a != 0 && alen + len <= MAX_DIGITS as u32 => {
                    Some((a * 10i64.pow(len) + v, alen + len))
                }
                Some(_) => {
                    ok = false;
                    break;
                }
                None => Some((v, len)),
            };
            if mask & (1 << k) == 0 {
                vals.push(cur.take().map(|(a, _)| Num::int(a)));
            }
        }
        if !ok || !consistent(&vals, cons) {
            continue;
        }
        match &found {
            Some(f) if *f != vals => return None,
            Some(_) => {}
            None => {
                found = Some(vals);
                found_mask = mask;
            }
        }
    }
    found?;
    // The cells' spans: from each number's first piece to its last.
    let mut out: Vec<Item> = Vec::with_capacity(ncols);
    let mut start: Option<usize> = None;
    let mut value = 0i64;
    for (k, &(v, len)) in pieces.iter().enumerate() {
        value = if start.is_some() {
            value * 10i64.pow(len) + v
        } else {
            v
        };
        let s = *start.get_or_insert(items[k].range.start);
        if found_mask & (1 << k) == 0 {
            out.push(Item {
                kind: Kind::Num {
                    value: Num::int(value),
                    yuan: false,
                },
                range: s..items[k].range.end,
            });
            start = None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tokens::tokenize;

    const ROW: &[Constraint] = crate::parse::split::ROW_SUM;

    fn rows(text: &str) -> Vec<Vec<String>> {
        let groups = tokenize(text).groups;
        let (groups, _) = join_wrapped(text, groups, 7, ROW);
        groups
            .iter()
            .map(|g| {
                g.items
                    .iter()
                    .map(|i| text[i.range.clone()].replace('\n', "/"))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn pieces_of_wrapped_numbers_join_where_one_reading_keeps_the_sum() {
        let t = "一、本年新收政府信息公开申请数量 \n654\n48 \n0 0 0 0 0 \n654\n48\n二、上年结转政府信息公开申请数量 14 0 0 0 0 0 14\n";
        assert_eq!(
            rows(t),
            [
                vec!["654/48", "0", "0", "0", "0", "0", "654/48"],
                vec!["14", "0", "0", "0", "0", "0", "14"]
            ]
        );
        // The total on a line of its own after the row (no piece to join).
        let t = "（二）部分公开 \n46 0 0 0 0 0 \n46\n1.属于国家秘密 28 0 0 0 0 0 28\n";
        assert_eq!(rows(t)[0], ["46", "0", "0", "0", "0", "0", "46"]);
        // 693 / 4 twice, around numbers on one line.
        let t = "1.本机关不掌握相关政府信息 693\n4\n0 0 0 0 0 693\n4\n2.没有现成信息需要另行制作 0 0 0 0 0 0 0\n";
        assert_eq!(rows(t)[0], ["693/4", "0", "0", "0", "0", "0", "693/4"]);
    }

    #[test]
    fn no_join_when_the_sum_does_not_tell_or_lines_are_apart() {
        // Two readings keep the sum (12 1 0 0 0 0 13 and 1 2 10 0 0 0 13): left apart.
        let t = "（一）予以公开 1\n2\n1\n0 0 0 0 13\n";
        assert!(rows(t).iter().all(|r| r.len() < 7), "{:?}", rows(t));
        // Pieces a blank line apart are not a wrapped number (pdftotext's one number a line).
        let t = "（一）予以公开 \n654\n\n48\n\n0 0 0 0 0 654 48\n";
        assert!(rows(t).iter().all(|r| r.len() < 7 || !r[0].contains('/')));
        // `pdftotext -layout`: 654 / 48 stacked around the row's line, not one run of lines.
        let t = "                  654                    654\n（一）予以公开     0   0   0   0   0\n                  48                     48\n";
        assert!(rows(t).iter().all(|r| r.len() < 7), "{:?}", rows(t));
        // A number does not start with 0: 0 / 5 is two cells.
        let t = "（一）予以公开 0\n5 0 0 0 0 5\n";
        assert_eq!(rows(t)[0], ["0", "5", "0", "0", "0", "0", "5"]);
    }
}
