//! Readings of a row: how a row's numeric items map onto its columns (missing columns, extra numbers, digit runs to split), filtered by the arithmetic, within a bounded search.

use super::number::{parse_plain, strip_unit};
use super::text::fold;
use super::tokens::{Group, Item, Kind};
use crate::model::Num;
use std::borrow::Cow;
use std::ops::Range;

/// `cols[total] = Σ cols[parts]` within one row (or `≥` when `exact` is false: a part of the sum
/// is not printed, as in a table 三 without its 其他 column).
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    pub total: usize,
    pub parts: &'static [usize],
    pub exact: bool,
}

/// Table 三's row sum with all seven columns: 总计 (column 6) = the six applicant columns.
pub const ROW_SUM: &[Constraint] = &[Constraint {
    total: 6,
    parts: &[0, 1, 2, 3, 4, 5],
    exact: true,
}];

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
    /// The search hit its budget: the readings may be incomplete.
    pub truncated: bool,
    /// The search was complete and no reading keeps the row's own sums: the row breaks a sum
    /// whichever way it is read (the readings returned are the candidates, if any).
    pub no_fit: bool,
    /// Far more numbers than columns: no reading was tried.
    pub overfull: bool,
    /// No reading fits, but the row's numbers with the end of its last digit run left over (as
    /// many digits as a row has columns, or more) do: the run goes on into other rows' numbers
    /// (newlines lost), so the row is doubtful rather than broken.
    pub overlong: bool,
}

/// A row with more than this many times its column count of numbers is not read at all (its
/// windows would settle nothing and cost time on a pasted blob of numbers).
pub const MAX_EXTRA_FACTOR: usize = 4;

/// Whether a reading satisfies every constraint whose cells are all known.
pub fn consistent(vals: &[Option<Num>], cons: &[Constraint]) -> bool {
    cons.iter().all(|c| {
        let Some(total) = vals.get(c.total).copied().flatten() else {
            return true;
        };
        let part = |p: &usize| vals.get(*p).copied().flatten();
        if c.parts.iter().any(|p| part(p).is_none()) {
            return true;
        }
        Num::sum(c.parts.iter().filter_map(part)).is_none_or(|s| {
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
    let n = r.vals.len();
    loop {
        let mut changed = false;
        for c in cons {
            if c.total >= n || c.parts.iter().any(|&p| p >= n) {
                continue;
            }
            // The one unknown cell of this constraint, if exactly one.
            let mut unknown = None;
            let mut count = 0;
            for i in std::iter::once(c.total).chain(c.parts.iter().copied()) {
                if r.vals[i].is_none() {
                    unknown = Some(i);
                    count += 1;
                }
            }
            let Some(u) = unknown.filter(|_| count == 1) else {
                continue;
            };
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

/// How many cells some numeric items could fill at most: one per number or placeholder, one per
/// digit of a digit run.
pub fn room(text: &str, items: &[Item]) -> usize {
    items
        .iter()
        .map(|i| match i.kind {
            Kind::Digits => text.get(i.range.clone()).map_or(0, |s| {
                s.chars().filter(|c| fold(*c).is_ascii_digit()).count()
            }),
            _ => 1,
        })
        .sum()
}

/// The digits of a digit-run item, folded to ASCII, unit stripped.
fn run_digits(text: &str, it: &Item) -> String {
    let raw = text.get(it.range.clone()).unwrap_or("");
    let (body, _) = strip_unit(raw);
    // (Nearly every run: ASCII digits only, which `fold` leaves as they are.)
    if body.bytes().all(|b| b.is_ascii_digit()) {
        return body.to_string();
    }
    body.chars()
        .map(fold)
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect()
}

/// Settles a row's pads (empty tab fields) for its `ncols` columns. Pads between numbers are blank
/// cells. The row needs `ncols` cells in all: the pads nearest its numbers fill what it lacks
/// (after the last number first, then before the first; a row with no number takes its last
/// pads), and the rest are positions covered by merged cells (a label spanning columns, a cell
/// spanning the row), not cells. Rows written with merged cells once (the HTML and Word readers)
/// have exactly the pads they need.
///
/// `trust_edges` is false for a table where some row has all its numbers and still pads at its
/// edges: that table was copied with merged positions written as empty fields, so a pad at a
/// row's edge says nothing (a missing number is then placed by the sums, as in any layout).
pub fn settle_pads<'a>(
    text: &str,
    items: &'a [Item],
    ncols: usize,
    trust_edges: bool,
) -> Cow<'a, [Item]> {
    if !items.iter().any(|i| i.kind == Kind::Pad) {
        return Cow::Borrowed(items);
    }
    let hard: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].kind != Kind::Pad)
        .collect();
    let mut keep = vec![false; items.len()];
    let mut need = ncols.saturating_sub(room(text, items) - (items.len() - hard.len()));
    if let (Some(&first), Some(&last)) = (hard.first(), hard.last()) {
        for i in first..last {
            if items[i].kind == Kind::Pad && need > 0 {
                keep[i] = true;
                need -= 1;
            }
        }
        if !trust_edges {
            need = 0;
        }
        for k in keep.iter_mut().skip(last + 1) {
            if need > 0 {
                *k = true;
                need -= 1;
            }
        }
        for i in (0..first).rev() {
            if need > 0 {
                keep[i] = true;
                need -= 1;
            }
        }
    } else {
        for i in (0..items.len()).rev() {
            if need > 0 {
                keep[i] = true;
                need -= 1;
            }
        }
    }
    Cow::Owned(
        items
            .iter()
            .zip(keep)
            .filter(|(it, k)| it.kind != Kind::Pad || *k)
            .map(|(it, _)| Item {
                kind: if it.kind == Kind::Pad {
                    Kind::Blank
                } else {
                    it.kind
                },
                range: it.range.clone(),
            })
            .collect(),
    )
}

/// Whether a table's rows can be trusted to write no merged positions (see [`settle_pads`]).
pub fn edges_trusted(text: &str, groups: &[&Group], ncols: usize) -> bool {
    !groups.iter().any(|g| {
        let pads = g.items.iter().filter(|i| i.kind == Kind::Pad).count();
        let hard = room(text, &g.items) - pads;
        hard > 0 && pads > 0 && hard + pads > ncols
    })
}

/// The table's groups with their pads settled for `ncols` columns, and the empty lines of its
/// cell-a-line rows made blank cells where the table shows they are cells (see [`line_cells`]).
pub fn settle_groups(text: &str, groups: &[&Group], ncols: usize) -> Vec<Group> {
    let trust = edges_trusted(text, groups, ncols);
    let lines = line_cells(groups, ncols);
    groups
        .iter()
        .map(|g| {
            let with_blanks;
            let items: &[Item] = match line_fill(g, ncols).filter(|_| lines) {
                Some(after) => {
                    with_blanks = with_line_blanks(g, after);
                    &with_blanks
                }
                None => &g.items,
            };
            Group {
                items: settle_pads(text, items, ncols, trust).into_owned(),
                attached: g.attached.clone(),
                preceding: g.preceding.clone(),
                one_per_line: g.one_per_line,
                empty_lines: Vec::new(),
            }
        })
        .collect()
}

/// The empty lines of a cell-a-line row taken as its cells for `ncols` columns: those before its
/// first number and between its numbers, then as many after its last as it still lacks (their
/// count is returned). None when they do not make the row exactly `ncols` cells.
fn line_fill(g: &Group, ncols: usize) -> Option<usize> {
    if g.empty_lines.is_empty()
        || g.items
            .iter()
            .any(|i| i.kind == Kind::Pad || i.kind == Kind::Digits)
    {
        return None;
    }
    let n = g.items.len();
    let within = lines_within(g);
    let lack = ncols.checked_sub(n + within)?;
    (g.empty_lines.len() - within >= lack).then_some(lack)
}

/// A table's one row (table 四) from a cell-a-line group whose empty lines make it exactly `ncols`
/// cells, by the evidence of the row alone (see [`line_cells`]): its items with those blank cells.
pub fn line_row(g: &Group, ncols: usize) -> Option<Vec<Item>> {
    let after = line_fill(g, ncols).filter(|_| uneven(g))?;
    Some(with_line_blanks(g, after))
}

/// A cell-a-line row's items with its empty lines as blank cells when they make it exactly `ncols`
/// cells, for a table whose own rows cannot tell (table 二: no sums, few columns) in a text whose
/// table 三 showed its empty lines are cells ([`line_cells`]).
pub fn line_items(g: &Group, ncols: usize) -> Option<Vec<Item>> {
    let after = line_fill(g, ncols).filter(|_| g.one_per_line)?;
    Some(with_line_blanks(g, after))
}

/// Whether a row's gaps between numbers are not one empty line each (some numbers on consecutive
/// lines, or two empty lines together): not `pdftotext`'s one empty line before every cell.
fn uneven(g: &Group) -> bool {
    // (The empty lines are in order of the item they stand before.)
    (1..g.items.len()).any(|i| g.empty_lines.iter().filter(|(at, _)| *at == i).count() != 1)
}

/// Whether a table's empty lines between one-a-line numbers are empty cells (a word processor's
/// text export writes each cell on a line, an empty cell as an empty line) rather than layout
/// (`pdftotext` parts every cell with one): some row is made exactly `ncols` cells by its numbers
/// and empty lines, with some numbers on consecutive lines or two empty lines together (not one
/// empty line before every number), and no row has more numbers and empty lines before and
/// between them than columns.
pub fn line_cells(groups: &[&Group], ncols: usize) -> bool {
    groups
        .iter()
        .any(|g| line_fill(g, ncols).is_some() && uneven(g))
        && !groups
            .iter()
            .any(|g| g.items.len() + lines_within(g) > ncols)
}

/// How many of a group's empty lines stand before its first number or between its numbers.
fn lines_within(g: &Group) -> usize {
    g.empty_lines
        .iter()
        .filter(|(at, _)| *at < g.items.len())
        .count()
}

/// The group's items with a blank cell at each empty line before and between its numbers, and at
/// the first `after` empty lines after its last.
fn with_line_blanks(g: &Group, after: usize) -> Vec<Item> {
    let n = g.items.len();
    let mut out = Vec::with_capacity(n + g.empty_lines.len());
    let blank = |p: usize| Item {
        kind: Kind::Blank,
        range: p..p,
    };
    for (i, it) in g.items.iter().enumerate() {
        out.extend(
            g.empty_lines
                .iter()
                .filter(|(at, _)| *at == i)
                .map(|&(_, p)| blank(p)),
        );
        out.push(it.clone());
    }
    out.extend(
        g.empty_lines
            .iter()
            .filter(|(at, _)| *at >= n)
            .take(after)
            .map(|&(_, p)| blank(p)),
    );
    out
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
    // Pads at both edges and fewer cells lacking than pads there (a row with an empty field too
    // many): which edge's pads are its cells the row alone cannot tell, so each way is read.
    let choices = edge_choices(text, items, ncols);
    if !choices.is_empty() {
        let mut notes = RowNotes::default();
        let mut out = Vec::new();
        for items in &choices {
            let (mut rs, n) = readings(text, items, ncols, cons, signed, budget);
            out.append(&mut rs);
            notes.truncated |= n.truncated;
        }
        dedupe(&mut out);
        return (out, notes);
    }
    let mut notes = RowNotes::default();
    let mut out: Vec<Reading> = Vec::new();
    let items = &*settle_pads(text, items, ncols, true);
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
    // The reading of a row of as many items as columns (each vector allocated once, at its size).
    let as_printed = |w: &[Item]| -> Reading {
        let mut r = Reading {
            vals: Vec::with_capacity(w.len()),
            src: Vec::with_capacity(w.len()),
        };
        for (v, s) in w.iter().map(atom) {
            r.vals.push(v);
            r.src.push(s);
        }
        r
    };
    let has_digits = items.iter().any(|i| matches!(i.kind, Kind::Digits));
    let k = items.len();
    if !has_digits {
        if k == ncols {
            return (vec![as_printed(items)], notes);
        }
        if k > ncols {
            notes.extra = true;
            if k > MAX_EXTRA_FACTOR * ncols {
                // Far more numbers than a row has: not a row the windows could settle.
                notes.overfull = true;
                return (out, notes);
            }
            // Windows of the same values as an earlier one are left out here rather than built
            // and deduplicated (a row of zeros has one reading however many windows).
            let value = |it: &Item| it.kind.value();
            for w in items.windows(ncols) {
                let seen = out
                    .iter()
                    .any(|r| r.vals.iter().zip(w).all(|(v, it)| *v == value(it)));
                if !seen {
                    out.push(as_printed(w));
                }
            }
        } else {
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
        let runs: Vec<Option<String>> = items
            .iter()
            .map(|i| matches!(i.kind, Kind::Digits).then(|| run_digits(text, i)))
            .collect();
        let tail = tail_total(items, &runs, ncols, cons, signed);
        let mut search = Search::new(items, &runs, ncols, cons, signed, &mut out, budget);
        search.tail = tail
            .as_ref()
            .map(|(c, (caps, vals))| (*c, caps.as_slice(), vals.as_slice()));
        search.item(0);
        notes.truncated |= search.truncated;
        // Only runs that must be split to fill the row, and are long enough to, make a broken
        // sum of the report; a shorter run is not a row, and a run in a row that already has a
        // number for every column ("217 1 00 0 …") is a misprint the reader cannot place.
        notes.no_fit = out.is_empty()
            && !notes.truncated
            && !cons.is_empty()
            && room(text, items) >= ncols
            && items.len() < ncols;
        if notes.no_fit {
            // Sums aside, whether the digits cut into the row's columns at all: a run that
            // cannot ("00 0 0 0 0 00" for seven columns) is a count the reader cannot place, not
            // a sum the report breaks.
            let mut any = Vec::new();
            let mut cut = Search::new(items, &runs, ncols, &[], signed, &mut any, budget);
            cut.first = true;
            cut.item(0);
            let truncated = cut.truncated;
            notes.truncated |= truncated;
            notes.no_fit = !any.is_empty() && !truncated;
        }
        if notes.no_fit && runs.last().is_some_and(Option::is_some) {
            // Whether the row fits with its last run's end left over (the bound by the total at
            // the run's end does not hold then).
            let mut scratch = Vec::new();
            let mut again = Search::new(items, &runs, ncols, cons, signed, &mut scratch, budget);
            again.first = true;
            again.prefix = true;
            again.item(0);
            let (fit, truncated) = (again.prefix_fit, again.truncated);
            notes.overlong = fit;
            notes.no_fit = !fit && !truncated;
            notes.truncated |= truncated;
        }
        dedupe(&mut out);
        return (out, notes);
    }
    dedupe(&mut out);
    if !out.iter().any(|r| consistent(&r.vals, cons)) {
        // A row missing one column that no placement fits breaks its own sum.
        notes.no_fit = k + 1 == ncols && !cons.is_empty() && !notes.truncated;
    } else if out.len() > 1 {
        out.retain(|r| consistent(&r.vals, cons));
    }
    (out, notes)
}

/// A row's items settled for `ncols` columns each way its edge pads can fill what it lacks, when
/// it has pads both before its first number and after its last and needs fewer of them than
/// there are (at most a few ways); none otherwise (the row is settled as [`settle_pads`] does).
fn edge_choices<'a>(text: &str, items: &'a [Item], ncols: usize) -> Vec<Cow<'a, [Item]>> {
    const MAX_CHOICES: usize = 4;
    let is_pad = |i: &Item| i.kind == Kind::Pad;
    // (Most rows have no pad at an edge: settled at once.)
    if !items.first().is_some_and(is_pad) || !items.last().is_some_and(is_pad) {
        return Vec::new();
    }
    let (Some(first), Some(last)) = (
        items.iter().position(|i| !is_pad(i)),
        items.iter().rposition(|i| !is_pad(i)),
    ) else {
        return Vec::new();
    };
    let inner = items[first..last].iter().filter(|i| is_pad(i)).count();
    let pads = items.iter().filter(|i| is_pad(i)).count();
    let need = ncols.saturating_sub(room(text, items) - pads + inner);
    let (lead, trail) = (first, items.len() - 1 - last);
    if need == 0 || need >= lead + trail {
        return Vec::new();
    }
    // `t` of the trailing pads nearest the numbers, `need - t` of the leading ones.
    (need.saturating_sub(lead)..=need.min(trail))
        .take(MAX_CHOICES)
        .map(|t| {
            let keep = |i: usize| {
                !is_pad(&items[i])
                    || (first..last).contains(&i)
                    || (i > last && i - last <= t)
                    || (i < first && first - i <= need - t)
            };
            Cow::Owned(
                (0..items.len())
                    .filter(|&i| keep(i))
                    .map(|i| Item {
                        kind: if is_pad(&items[i]) {
                            Kind::Blank
                        } else {
                            items[i].kind
                        },
                        range: items[i].range.clone(),
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Keeps the first reading of each distinct set of values (linear in the readings: a few are
/// compared pairwise, more are hashed).
fn dedupe(out: &mut Vec<Reading>) {
    const FEW: usize = 16;
    if out.len() <= FEW {
        let mut keep = [true; FEW];
        for i in 1..out.len() {
            keep[i] = !out[..i]
                .iter()
                .zip(keep)
                .any(|(r, k)| k && r.vals == out[i].vals);
        }
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        return;
    }
    let mut seen: std::collections::HashSet<Vec<Option<Num>>> = std::collections::HashSet::new();
    out.retain(|r| seen.insert(r.vals.clone()));
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

/// `n` written as its `Display` writes it, into `buf` (a whole number without the formatting
/// machinery: the search spells a total at every node where one is forced).
fn spell(n: Num, buf: &mut Vec<u8>) {
    buf.clear();
    if n.scale != 0 {
        buf.extend_from_slice(n.to_string().as_bytes());
        return;
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut m = n.mantissa.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n.mantissa < 0 {
        buf.push(b'-');
    }
    buf.extend_from_slice(&digits[i..]);
}

/// The length of `n` as its `Display` writes it, if `s` starts with that. A whole number not below
/// zero (nearly every total) is not spelled: `s`'s digits are read until they reach it (no leading
/// zero but "0" itself; with more digits the value only grows).
fn spelled_at(s: &[u8], n: Num, buf: &mut Vec<u8>) -> Option<usize> {
    if n.scale != 0 || n.is_negative() {
        spell(n, buf);
        return s.starts_with(buf).then_some(buf.len());
    }
    let t = n.mantissa;
    if s.first() == Some(&b'0') {
        return (t == 0).then_some(1);
    }
    let mut v = 0i64;
    for (i, &b) in s.iter().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        if v >= t {
            return (v == t).then_some(i + 1);
        }
    }
    None
}

/// The constraint whose total is the row's last column, when that total is the end of a run of
/// plain digits that ends the row and no part of it can be negative, with that run's tail caps
/// ([`tail_caps`]): the total is then at most the largest number the run's tail can spell, so a
/// part that alone exceeds it is never tried (a collapsed row's first cuts are bounded by its total
/// instead of by nine digits).
fn tail_total<'a>(
    items: &[Item],
    runs: &[Option<String>],
    ncols: usize,
    cons: &'a [Constraint],
    signed: &dyn Fn(usize) -> bool,
) -> Option<(&'a Constraint, TailCaps)> {
    let last = runs.last()?.as_deref()?;
    if ncols == 0 || items.len() > ncols || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let c = cons
        .iter()
        .find(|c| c.total + 1 == ncols)
        .filter(|c| !c.parts.iter().any(|&p| signed(p)))?;
    Some((c, tail_caps(last.as_bytes())))
}

/// A run's tail caps and suffix values ([`tail_caps`]).
type TailCaps = (Vec<i64>, Vec<i64>);

/// For each byte offset `i` of a run of ASCII digits (and its end): the largest whole number a
/// suffix starting at or after `i` spells (no leading zero but "0" itself; saturating beyond 18
/// digits), a bound on a total printed there; and the number the suffix starting at `i` spells
/// (-1 where it is none: a leading zero). One pass from the right.
fn tail_caps(d: &[u8]) -> TailCaps {
    let mut caps = vec![0i64; d.len() + 1];
    let mut vals = vec![-1i64; d.len() + 1];
    let (mut value, mut place) = (0i64, Some(1i64));
    for i in (0..d.len()).rev() {
        let digit = i64::from(d[i] - b'0');
        value = match place {
            Some(p) => value.saturating_add(digit.saturating_mul(p)),
            None => i64::MAX,
        };
        place = place
            .and_then(|p| p.checked_mul(10))
            .filter(|&p| p <= 1_000_000_000_000_000_000);
        caps[i] = if digit != 0 { value } else { caps[i + 1] };
        if digit != 0 || i + 1 == d.len() {
            vals[i] = value;
        }
    }
    (caps, vals)
}

/// The shortest cut worth trying for the last part before an exact total that takes the rest of an
/// all-digit run (`rest` digits, cut and total together), the parts before it summing to `sum`.
/// A cut of `len` digits with `len ≤ rest - len - 2` and a `sum` of at most `rest - len - 2` digits
/// makes a sum below `10^(rest - len - 1)`, while a total of `rest - len ≥ 2` digits is at least
/// that (or no number: a leading zero): such a cut never fits, and longer cuts are tried anyway,
/// so skipping it changes no reading. (Whether a skipped cut would have ended the loop does not
/// matter either: that bound, the sum above the tail's largest number, holds for every longer
/// cut too.)
fn shortest_before_total(sum: i64, rest: usize) -> usize {
    let digits = if sum <= 0 {
        0
    } else {
        sum.ilog10() as usize + 1
    };
    // The longest cut to skip: len ≤ (rest - 2) / 2 and len ≤ rest - 2 - digits.
    let skip = (rest.saturating_sub(2) / 2).min(rest.saturating_sub(2 + digits));
    skip + 1
}

/// Whether `b` whole numbers written with `r` digits in all (each 1–9 digits) can sum to `gap`
/// or more: at most `b` times the largest, of `r - b + 1` digits at most (a bound, not the sum).
fn parts_reach(gap: i64, r: usize, b: usize) -> bool {
    if b == 0 {
        return gap == 0;
    }
    let digits = (r + 1).saturating_sub(b).min(9) as u32;
    gap <= 10i64.pow(digits).saturating_mul(b as i64)
}

/// Depth-first search over a row's items that cuts digit runs into numbers. Where a column is the
/// total of an exact constraint whose parts are already known, its number is not searched for but
/// derived, and the digits must spell it; so a row's total costs nothing and table 四's groups
/// prune each other.
struct Search<'a> {
    items: &'a [Item],
    runs: &'a [Option<String>],
    ncols: usize,
    cons: &'a [Constraint],
    signed: &'a dyn Fn(usize) -> bool,
    /// The constraint whose total is the row's last column, printed at the end of the last item's
    /// digit run, and that run's tail caps (see [`tail_total`]).
    tail: Option<(&'a Constraint, &'a [i64], &'a [i64])>,
    acc: Vec<(Option<Num>, Src)>,
    /// Scratch: a leaf's values, and a forced total spelled out (ASCII bytes).
    vals: Vec<Option<Num>>,
    spelled: Vec<u8>,
    /// The tail run's [`last_gaps`] when it is long, once needed.
    gaps: Vec<i64>,
    out: &'a mut Vec<Reading>,
    budget: &'a mut usize,
    truncated: bool,
    /// Stop at the first reading found.
    first: bool,
    /// Looking only for a reading that leaves the end of the last run over (see
    /// [`RowNotes::overlong`]), and whether one was found (the search then stops).
    prefix: bool,
    prefix_fit: bool,
}

impl<'a> Search<'a> {
    fn new(
        items: &'a [Item],
        runs: &'a [Option<String>],
        ncols: usize,
        cons: &'a [Constraint],
        signed: &'a dyn Fn(usize) -> bool,
        out: &'a mut Vec<Reading>,
        budget: &'a mut usize,
    ) -> Self {
        Search {
            items,
            runs,
            ncols,
            cons,
            signed,
            tail: None,
            acc: Vec::with_capacity(ncols),
            vals: Vec::with_capacity(ncols),
            spelled: Vec::new(),
            gaps: Vec::new(),
            out,
            budget,
            truncated: false,
            first: false,
            prefix: false,
            prefix_fit: false,
        }
    }

    fn tick(&mut self) -> bool {
        if self.prefix_fit || (self.first && !self.out.is_empty()) {
            return false;
        }
        if *self.budget == 0 {
            self.truncated = true;
            return false;
        }
        *self.budget -= 1;
        true
    }

    /// Columns the items after `idx` need at least.
    fn room_after(&self, idx: usize) -> usize {
        self.items.len() - idx - 1
    }

    fn item(&mut self, idx: usize) {
        if !self.tick() {
            return;
        }
        if idx == self.items.len() {
            if self.acc.len() == self.ncols {
                // Checked in a buffer kept for the search; copied only when kept.
                self.vals.clear();
                self.vals.extend(self.acc.iter().map(|x| x.0));
                if consistent(&self.vals, self.cons) {
                    let src = self.acc.iter().map(|x| x.1.clone()).collect();
                    self.out.push(Reading {
                        vals: self.vals.clone(),
                        src,
                    });
                }
            }
            return;
        }
        if self.acc.len() + 1 + self.room_after(idx) > self.ncols {
            return;
        }
        let it = &self.items[idx];
        let runs = self.runs;
        match &runs[idx] {
            None => {
                let cell = match it.kind {
                    Kind::Num { value, .. } => (Some(value), Src::Item(it.range.clone())),
                    Kind::Blank => (None, Src::Blank(it.range.clone())),
                    _ => (None, Src::Gap),
                };
                if cell.0.is_some_and(|v| v.is_negative()) && !(self.signed)(self.acc.len()) {
                    return;
                }
                self.acc.push(cell);
                self.item(idx + 1);
                self.acc.pop();
            }
            // Borrowed from the runs (not from `self`): no copy per visit.
            Some(d) => {
                let sum = self.tail_sum(idx);
                self.run(idx, d, 0, sum);
            }
        }
    }

    /// Whether the digits left over after a row that fits are rows too: all of them one row, or a
    /// row with rows after it again (so a row that fits by chance, with the rest of a misprinted
    /// run left over, does not pass for rows run together).
    fn rest_fits(&mut self, idx: usize, rest: &str) -> bool {
        let items = [Item {
            kind: Kind::Digits,
            range: self.items[idx].range.clone(),
        }];
        let runs = [Some(rest.to_string())];
        let mut whole = Vec::new();
        let mut sub = Search::new(
            &items,
            &runs,
            self.ncols,
            self.cons,
            self.signed,
            &mut whole,
            &mut *self.budget,
        );
        sub.first = true;
        sub.prefix = true;
        sub.item(0);
        let (prefix_fit, truncated) = (sub.prefix_fit, sub.truncated);
        self.truncated |= truncated;
        prefix_fit || !whole.is_empty()
    }

    /// The value a column must have: the total of an exact constraint whose parts are known.
    fn forced(&self, col: usize) -> Option<Num> {
        let c = self.cons.iter().find(|c| c.exact && c.total == col)?;
        // None when a part is unknown, or the sum overflows.
        c.parts
            .iter()
            .try_fold(Num::ZERO, |sum, &p| sum.checked_add(self.acc.get(p)?.0?))
    }

    /// The sum of the tail constraint's parts in the columns before item `idx`'s, when `idx` is
    /// the last item and they are all whole numbers (see [`Search::run`]).
    fn tail_sum(&self, idx: usize) -> Option<i64> {
        let (c, _, _) = self.tail.filter(|_| idx + 1 == self.items.len())?;
        let col = self.acc.len();
        c.parts
            .iter()
            .filter(|&&p| p < col)
            .try_fold(0i64, |s, &p| {
                s.checked_add(self.acc.get(p)?.0.filter(|v| v.scale == 0)?.mantissa)
            })
    }

    /// Fills the next column with `v` (cut from run `d` of item `idx`, up to byte `next`) and cuts
    /// the rest; `carried` as in [`Search::run`], before `v`. (Inlined: a node of the search is
    /// little more than this call, and the nodes are the search's cost.)
    #[inline(always)]
    fn push_and_continue(
        &mut self,
        idx: usize,
        d: &str,
        next: usize,
        v: Num,
        carried: Option<i64>,
    ) {
        let col = self.acc.len();
        if v.is_negative() && !(self.signed)(col) {
            return;
        }
        let carried = match self.tail {
            Some((c, _, _)) if c.parts.contains(&col) => {
                carried.and_then(|s| s.checked_add(Some(v).filter(|v| v.scale == 0)?.mantissa))
            }
            _ => carried,
        };
        let range = self.items[idx].range.clone();
        self.acc.push((Some(v), Src::Part(range)));
        self.run(idx, d, next, carried);
        self.acc.truncate(col);
    }

    /// Cuts the rest of run `d` (from byte `from`) into numbers. `carried` is the tail
    /// constraint's parts summed over the columns filled so far, in the last item
    /// ([`Search::tail_sum`], carried along the cuts rather than summed again at each).
    fn run(&mut self, idx: usize, d: &str, from: usize, carried: Option<i64>) {
        if !self.tick() {
            return;
        }
        if from == d.len() {
            self.item(idx + 1);
            return;
        }
        let col = self.acc.len();
        if self.prefix && col == self.ncols && idx + 1 == self.items.len() {
            if d.len() - from >= self.ncols {
                self.vals.clear();
                self.vals.extend(self.acc.iter().map(|x| x.0));
                self.prefix_fit =
                    consistent(&self.vals, self.cons) && self.rest_fits(idx, &d[from..]);
            }
            return;
        }
        if col + 1 + self.room_after(idx) > self.ncols {
            return;
        }
        let rest = &d[from..];
        if let Some(total) = self.forced(col) {
            // (A buffer kept for the search, for a total that must be spelled out.)
            let mut spelled = std::mem::take(&mut self.spelled);
            let fits = spelled_at(rest.as_bytes(), total, &mut spelled);
            self.spelled = spelled;
            if let Some(next) = fits.map(|k| from + k) {
                if !d[next..].starts_with('.') {
                    self.push_and_continue(idx, d, next, total, carried);
                }
            }
            return;
        }
        let (neg, digits_from) = match rest.strip_prefix('-') {
            Some(_) => (true, from + 1),
            None => (false, from),
        };
        let avail = d.len() - digits_from;
        // A count has at most 9 digits; the row's last number takes whatever is left (a fee
        // amount with its decimals).
        let last = col + 1 == self.ncols && self.room_after(idx) == 0;
        let max = if last { avail } else { avail.min(9) };
        // Each longer prefix's value built on the last one's while it is plain digits (what
        // `parse_plain` reads it as: no leading zero, at most 17 digits); a prefix with a '.' is
        // read by `parse_plain`.
        let db = d.as_bytes();
        // With the total at the run's end: the parts' sum so far, and how many columns after this
        // one still need a digit before the total's.
        let bound = self
            .tail
            .zip(carried)
            .filter(|_| idx + 1 == self.items.len() && col + 1 < self.ncols)
            .map(|((c, caps, vals), sum)| Bound {
                sum,
                part: c.parts.contains(&col),
                between: self.ncols - 2 - col,
                exact: c.exact,
                caps,
                vals,
                settled: (1..=2).contains(&(self.ncols - 2 - col))
                    && (col + 1..self.ncols - 1).all(|k| {
                        c.parts.contains(&k) && !self.cons.iter().any(|x| x.exact && x.total == k)
                    }),
            });
        if let Some(bound) = bound {
            self.cut_bounded(idx, d, from, carried, bound);
            return;
        }
        let mut mantissa = 0i64;
        let mut plain = true;
        for len in 1..=max {
            let end = digits_from + len;
            plain &= len <= 17 && db[end - 1].is_ascii_digit();
            if plain {
                mantissa = mantissa * 10 + i64::from(db[end - 1] - b'0');
            }
            if db.get(end) == Some(&b'.') {
                continue;
            }
            let parsed = if plain {
                (len == 1 || db[digits_from] != b'0').then_some(Num { mantissa, scale: 0 })
            } else {
                parse_plain(&d[digits_from..end])
            };
            let Some(v) = parsed else {
                if len == 1 {
                    return;
                }
                // A leading zero with a digit after it: no longer cut is a number either (the
                // integer part of any would start "0d", which `parse_plain` refuses too).
                if db[digits_from] == b'0' && db[digits_from + 1].is_ascii_digit() {
                    break;
                }
                continue;
            };
            let v = if neg {
                Num {
                    mantissa: -v.mantissa,
                    ..v
                }
            } else {
                v
            };
            self.push_and_continue(idx, d, end, v, carried);
        }
    }

    /// [`Search::run`]'s cuts of the row's last run when the row's total ends it ([`Bound`]): the
    /// run is all digits and the cut is not the row's last number, so a cut is a whole number of
    /// at most 9 digits, each longer one's value built on the last one's, and longer cuts only
    /// grow the sum. Tries the same cuts in the same order as the general loop would, bound aside.
    fn cut_bounded(&mut self, idx: usize, d: &str, from: usize, carried: Option<i64>, b: Bound) {
        let db = d.as_bytes();
        let max = (d.len() - from).min(9);
        // With the total next (no column between), a cut too short to make the sum reach the
        // total's digits is not tried (see [`shortest_before_total`]).
        let shortest = if b.exact && b.between == 0 {
            shortest_before_total(b.sum, d.len() - from)
        } else {
            1
        };
        // Every place from `below` on spells a total below the sum (the sum only grows with the
        // cut, so `below` only moves left). Totals shrink along the run (a later one has fewer
        // digits; a place with no total, -1, is below any sum), so the places before `below`
        // whose total is not below the sum are exactly those that spell one.
        let mut below = d.len();
        let mut v = 0i64;
        for len in 1..=max {
            let end = from + len;
            v = v * 10 + i64::from(db[end - 1] - b'0');
            // A leading zero: "0" is the only number.
            if len > 1 && db[from] == b'0' {
                break;
            }
            if len < shortest {
                continue;
            }
            let sum = if b.part {
                b.sum.saturating_add(v)
            } else {
                b.sum
            };
            // Longer cuts only grow this part and shrink the tail left for the total.
            if sum > b.caps.get(end + b.between).copied().unwrap_or(0) {
                break;
            }
            // (Only for an exact sum: a total above its printed parts may hold an unprinted one.)
            if b.exact {
                // Some place for the total must leave it no more above the sum so far than the
                // parts between can add (a long total needs long parts). Along the run the totals
                // only shrink and the parts' reach only grows, so the last place whose total is
                // not below the sum is the only one to try.
                let reachable = if b.between == 0 {
                    // The total right after this cut, equal to the sum.
                    b.vals[end] == sum
                } else if b.settled {
                    if d.len() >= LONG_RUN && self.gaps.is_empty() {
                        self.gaps = last_gaps(db, b.vals);
                    }
                    parts_fit(db, &b, &self.gaps, end, sum, b.between)
                } else {
                    while below > 0 && b.vals[below - 1] < sum {
                        below -= 1;
                    }
                    let last = (end + 9 * b.between).min(d.len() - 1);
                    (end + b.between..(last + 1).min(below))
                        .rev()
                        .find(|&p| b.vals[p] >= sum)
                        .is_some_and(|p| parts_reach(b.vals[p] - sum, p - end, b.between))
                };
                if !reachable {
                    continue;
                }
            }
            self.push_and_continue(idx, d, end, Num::int(v), carried);
        }
    }
}

/// What bounds the cuts of a row's last run when the row's total ends it ([`tail_total`]), for
/// one column: the tail constraint's parts summed over the columns before it, whether this column
/// is one of them, how many columns after this one still need a digit before the total's, whether
/// the sum is exact, and the run's tail caps and suffix values ([`tail_caps`]).
#[derive(Clone, Copy)]
struct Bound<'a> {
    sum: i64,
    part: bool,
    between: usize,
    exact: bool,
    caps: &'a [i64],
    vals: &'a [i64],
    /// The one or two columns between this one and the total are the constraint's parts, cut
    /// freely (no total of their own): whether the rest fits is settled here ([`parts_fit`]).
    settled: bool,
}

/// Whether the rest of an all-digit run from `from` on is `k` (1 or 2) more parts and then the
/// total, the total `sum` plus the parts: exactly the readings the next columns' cuts could end in
/// (see [`Search::cut_bounded`]: the same cuts, the same bound by the tail caps), tried without
/// making them nodes of the search.
fn parts_fit(db: &[u8], b: &Bound, gaps: &[i64], from: usize, sum: i64, k: usize) -> bool {
    if k == 1 {
        return last_part_fits(db, b.vals, gaps, from, sum);
    }
    let mut part = 0i64;
    for len in 1..=(db.len() - from).min(9) {
        // A leading zero: "0" is the only number.
        if len > 1 && db[from] == b'0' {
            return false;
        }
        let end = from + len;
        part = part * 10 + i64::from(db[end - 1] - b'0');
        // (A sum beyond i64 is left to the search, as it would be.)
        let Some(sum) = sum.checked_add(part) else {
            return true;
        };
        if sum > b.caps.get(end + 1).copied().unwrap_or(0) {
            return false;
        }
        if last_part_fits(db, b.vals, gaps, end, sum) {
            return true;
        }
    }
    false
}

/// Whether the rest of an all-digit run from `from` on is one more part (a whole number of at most
/// 9 digits, no leading zero but "0" itself) and then the total, the total `sum` plus the part:
/// exactly the readings the next column's cuts could end in (see [`Search::cut_bounded`]), tried
/// without making them nodes of the search. Read off the run's [`last_gaps`] when it has them (a
/// long run: `gaps` not empty), else worked out along the run ([`last_part_fits_along`]).
/// (Inlined: the search asks this at most of its cuts.)
#[inline(always)]
fn last_part_fits(db: &[u8], vals: &[i64], gaps: &[i64], from: usize, sum: i64) -> bool {
    if gaps.is_empty() {
        return last_part_fits_along(db, vals, from, sum);
    }
    // (A sum near i64's limit, where the search's own sums stop, is left to the search.)
    sum > i64::MAX - 1_000_000_000
        || gaps
            .get(from * 9..from * 9 + 9)
            .is_some_and(|g| g.contains(&sum))
}

/// [`last_part_fits`] with no table: the cuts tried along the run. The part only grows and the
/// total only shrinks along it, so the first place where a total falls below the sum ends the
/// loop; the parts too short for the sum to reach the total's digits are not tried
/// ([`shortest_before_total`]).
fn last_part_fits_along(db: &[u8], vals: &[i64], from: usize, sum: i64) -> bool {
    // (The total needs a digit after the part.)
    let max = (db.len() - from).saturating_sub(1).min(9);
    if max == 0 {
        return false;
    }
    // A leading zero: "0" is the only number (tried even where `shortest` would skip it: it
    // cannot fit there either).
    if db[from] == b'0' {
        return vals[from + 1] == sum;
    }
    let shortest = shortest_before_total(sum, db.len() - from);
    if shortest > max {
        return false;
    }
    let mut part = db[from..from + shortest - 1]
        .iter()
        .fold(0i64, |m, &b| m * 10 + i64::from(b - b'0'));
    for at in from + shortest..=from + max {
        part = part * 10 + i64::from(db[at - 1] - b'0');
        // (A sum beyond i64 is left to the search, as it would be.)
        let Some(want) = sum.checked_add(part) else {
            return true;
        };
        if vals[at] == want {
            return true;
        }
        if (0..want).contains(&vals[at]) {
            return false;
        }
    }
    false
}

/// A run at least this long has its [`last_gaps`] worked out: its search asks about the same few
/// places hundreds of times (a shorter run's, a few times: the table would cost more).
const LONG_RUN: usize = 12;

/// For each place `from` of an all-digit run and each cut there of 1–9 digits that is a number (no
/// leading zero but "0" itself) and leaves a total after it (the rest of the run, its value in
/// `vals`, see [`tail_caps`]): the total less the number, the sum the parts before it must have
/// for the row to fit ([`last_part_fits`]). -1 where there is none (no number, no total, or a
/// total below the number), never a sum. Nine entries a place.
fn last_gaps(db: &[u8], vals: &[i64]) -> Vec<i64> {
    let mut gaps = vec![-1; db.len() * 9];
    for from in 0..db.len() {
        // (The total needs a digit after the cut.)
        let max = if db[from] == b'0' { 1 } else { 9 }.min(db.len() - from - 1);
        let mut part = 0i64;
        for len in 1..=max {
            let at = from + len;
            part = part * 10 + i64::from(db[at - 1] - b'0');
            if vals[at] >= part {
                gaps[from * 9 + len - 1] = vals[at] - part;
            }
        }
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tokens::tokenize;

    const ROW: &[Constraint] = ROW_SUM;

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
    fn spelled_as_displayed() {
        let mut buf = Vec::new();
        for n in [0, 7, 10, 218, -37, 123_456_789_012, i64::MAX, i64::MIN] {
            let n = Num::int(n);
            spell(n, &mut buf);
            assert_eq!(buf, n.to_string().as_bytes());
        }
        let n = Num {
            mantissa: 12345,
            scale: 2,
        };
        spell(n, &mut buf);
        assert_eq!(buf, n.to_string().as_bytes());
        // Read off the text as spelled: the same answer as comparing with the spelling.
        for s in [
            "0", "00", "05", "5", "50", "218x", "2180", "21", "", "-37", "123.45", "9",
        ] {
            for n in [0, 5, 50, 218, -37, 9, i64::MAX]
                .map(Num::int)
                .into_iter()
                .chain([n])
            {
                spell(n, &mut buf);
                let want = s.as_bytes().starts_with(&buf).then_some(buf.len());
                assert_eq!(spelled_at(s.as_bytes(), n, &mut buf), want, "{s} {n}");
            }
        }
    }

    #[test]
    fn tail_caps_bound_every_suffix() {
        // Each offset's cap is the largest value of a suffix starting there or later (a suffix with
        // a leading zero is not a number, but "0" is).
        for d in [
            "",
            "0",
            "000",
            "107272209133342294",
            "1000203",
            "00021970152212",
            "90",
        ] {
            let (caps, vals) = tail_caps(d.as_bytes());
            for (i, &v) in vals.iter().enumerate().take(d.len()) {
                let own = (d.as_bytes()[i] != b'0' || i + 1 == d.len())
                    .then(|| d[i..].parse::<i64>().unwrap());
                assert_eq!(v, own.unwrap_or(-1), "{d} value at {i}");
            }
            for (i, &cap) in caps.iter().enumerate() {
                let best = (i..d.len())
                    .filter(|&j| d.as_bytes()[j] != b'0' || j + 1 == d.len())
                    .map(|j| d[j..].parse::<i64>().unwrap())
                    .max()
                    .unwrap_or(0);
                assert_eq!(cap, best, "{d} at {i}");
            }
        }
        assert_eq!(tail_caps("1".repeat(30).as_bytes()).0[0], i64::MAX);
    }

    /// Every cut of `d` into `n` numbers (no leading zero but "0" itself, at most 9 digits).
    fn cuts(d: &str, n: usize) -> Vec<Vec<i64>> {
        if n == 0 {
            return if d.is_empty() { vec![vec![]] } else { vec![] };
        }
        let mut out = Vec::new();
        for len in 1..=d.len().min(9) {
            if len > 1 && d.starts_with('0') {
                break;
            }
            for mut rest in cuts(&d[len..], n - 1) {
                rest.insert(0, d[..len].parse().unwrap());
                out.push(rest);
            }
        }
        out
    }

    /// Collapsed rows of six counts of mixed sizes and their total, every other one with a digit
    /// changed (a row no reading may fit), from a fixed pseudo-random sequence.
    fn random_rows() -> Vec<String> {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        (0..40)
            .map(|i| {
                let parts: Vec<u64> = (0..6)
                    .map(|_| match next(4) {
                        0 => 0,
                        1 => next(10),
                        2 => next(1000),
                        _ => next(100_000),
                    })
                    .collect();
                let total: u64 = parts.iter().sum();
                let mut row: Vec<u8> = parts
                    .iter()
                    .chain([&total])
                    .map(|p| p.to_string())
                    .collect::<String>()
                    .into_bytes();
                if i % 2 == 1 {
                    let at = next(row.len() as u64) as usize;
                    row[at] = b'0' + ((row[at] - b'0' + 1) % 10);
                }
                String::from_utf8(row).unwrap()
            })
            .filter(|r| r.len() <= 22)
            .collect()
    }

    #[test]
    fn a_collapsed_row_has_every_reading_that_keeps_its_sum() {
        // The search (with its bound on cuts by the total at the run's end) against every cut.
        for d in [
            "107272209133342294",
            "113275221416342409",
            "60312300132",
            "00021970152212",
            "2626000052",
            "1000203",
            "99999999999999999",
        ]
        .into_iter()
        .map(String::from)
        .chain(random_rows())
        {
            let d = d.as_str();
            let mut want: Vec<Vec<Option<i64>>> = cuts(d, 7)
                .into_iter()
                .filter(|c| c[..6].iter().sum::<i64>() == c[6])
                .map(|c| c.into_iter().map(Some).collect())
                .collect();
            let mut got = read(&format!("数量{d}"), 7);
            want.sort();
            got.sort();
            assert_eq!(got, want, "{d}");
        }
    }

    /// A line's readings in the order the search finds them, with the bound by the total at the
    /// run's end and without it (every cut tried).
    fn bounded_and_not(line: &str, ncols: usize, cons: &[Constraint]) -> [Vec<Reading>; 2] {
        let toks = tokenize(line);
        let items: Vec<Item> = toks.groups.iter().flat_map(|g| g.items.clone()).collect();
        let runs: Vec<Option<String>> = items
            .iter()
            .map(|i| matches!(i.kind, Kind::Digits).then(|| run_digits(line, i)))
            .collect();
        let signed = |_| false;
        let tail = tail_total(&items, &runs, ncols, cons, &signed);
        [true, false].map(|bounded| {
            let (mut out, mut budget) = (Vec::new(), 1_000_000);
            let mut search =
                Search::new(&items, &runs, ncols, cons, &signed, &mut out, &mut budget);
            if bounded {
                search.tail = tail
                    .as_ref()
                    .map(|(c, (caps, vals))| (*c, caps.as_slice(), vals.as_slice()));
            }
            search.item(0);
            assert!(!search.truncated, "{line}");
            out
        })
    }

    #[test]
    fn the_bound_by_the_total_leaves_out_no_reading() {
        // The same readings in the same order, with their sources, bounded or not: the bound
        // (and the columns settled before they are searched) only leaves out dead branches.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        // (`big`: how large the counts may be, at most.)
        let mut random = |parts: usize, big: u64, cut: fn(&[u64]) -> Vec<u64>| -> String {
            let vals: Vec<u64> = (0..parts)
                .map(|_| match next(4) {
                    0 => 0,
                    1 => next(10),
                    2 => next(100.min(big)),
                    _ => next(big),
                })
                .collect();
            let mut s: String = cut(&vals).iter().map(u64::to_string).collect();
            if next(3) == 0 {
                // A digit changed: a row no reading may fit, or another one does.
                let at = next(s.len() as u64) as usize;
                let d = (s.as_bytes()[at] - b'0' + 1) % 10;
                s.replace_range(at..=at, &d.to_string());
            }
            s
        };
        let seven = |v: &[u64]| [v, &[v.iter().sum()]].concat();
        let review = |v: &[u64]| {
            let s = |r: std::ops::Range<usize>| v[r].iter().sum::<u64>();
            [
                &v[0..4],
                &[s(0..4)],
                &v[4..8],
                &[s(4..8)],
                &v[8..12],
                &[s(8..12)],
            ]
            .concat()
        };
        let reviews = super::super::review::REVIEW_CONS;
        for _ in 0..60 {
            let row = random(6, 10_000, seven);
            if row.len() <= 20 {
                // A row of one run, and the same with its first numbers printed apart.
                let [a, b] = bounded_and_not(&format!("数量{row}"), 7, ROW);
                assert_eq!(a, b, "{row}");
                let [a, b] = bounded_and_not(&format!("数量1 0 {row}"), 7, ROW);
                assert_eq!(a, b, "1 0 {row}");
            }
            let row = random(12, 20, review);
            if row.len() <= 19 {
                let [a, b] = bounded_and_not(&format!("结果{row}"), 15, reviews);
                assert_eq!(a, b, "{row}");
            }
        }
    }

    fn notes(line: &str) -> RowNotes {
        let toks = tokenize(line);
        let items: Vec<Item> = toks.groups.iter().flat_map(|g| g.items.clone()).collect();
        let mut budget = 100_000;
        readings(line, &items, 7, ROW, &|_| false, &mut budget).1
    }

    #[test]
    fn rows_run_together_are_overlong_not_broken() {
        // Three rows' digits in one run (newlines lost): each fits in turn, so the run is not one
        // broken row.
        let n = notes("数量34000003412882100503136244770000454");
        assert!(n.overlong && !n.no_fit, "{n:?}");
        // A misprinted row whose start fits by chance (1 1 7 2 7 2 20) and whose rest is no row
        // stays a broken sum.
        let n = notes("数量117272209133342294");
        assert!(n.no_fit && !n.overlong, "{n:?}");
    }

    #[test]
    fn digits_that_cut_into_no_row_are_no_broken_sum() {
        // Eight zeros in six items for seven columns: "00" is no number, so no cut fills the row,
        // whatever the sums: a count the reader cannot place, not a sum the report breaks.
        let n = notes("其他处理00 0 0 0 0 00");
        assert!(!n.no_fit && !n.overlong, "{n:?}");
        // A run that cuts into the columns but breaks the sum every way is one.
        assert!(notes("数量21710000219").no_fit);
    }

    #[test]
    fn empty_lines_are_cells_only_where_the_row_shows_it() {
        let group = |text: &str| tokenize(text).groups.into_iter().next().expect("a group");
        let blanks =
            |items: &[Item]| -> Vec<bool> { items.iter().map(|i| i.kind == Kind::Blank).collect() };
        // A text export: some numbers on consecutive lines, an empty line an empty cell, the last
        // cells empty lines after the last number.
        let export = "总计\n4\n\n19\n12\n35\n20\n10\n15\n\n45\n\n\n\n\n\n五、\n";
        let row = line_row(&group(export), 15).expect("fifteen cells");
        let mut want = vec![false; 15];
        for b in [1, 8, 10, 11, 12, 13, 14] {
            want[b] = true;
        }
        assert_eq!(blanks(&row), want);
        // pdftotext's default mode: one empty line before every number is layout.
        let spaced: String = (1..=15).map(|n| format!("{n}\n\n")).collect();
        assert!(line_row(&group(&format!("总计\n{spaced}")), 15).is_none());
        // Lines that would make more cells than columns are not cells.
        assert!(line_row(&group("总计\n4\n\n\n19\n12\n"), 3).is_none());
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
