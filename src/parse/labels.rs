//! Row labels: the keyword matcher that says which template row a label names, the label evidence of a row group, prose detection, and the official-wording check.

use super::text::{find_str, norm_label, norm_label_into};
use super::tokens::Group;
use crate::model::Template;
use crate::template::{self, RowDef};
use std::ops::Range;
use std::sync::OnceLock;

/// Finds row keywords in labels: keywords bucketed by the low byte of their first char, so a label
/// is scanned once whatever the number of rows, with one table look-up a char.
pub(super) struct Matcher {
    /// (first char, row, strength, keyword), grouped by bucket.
    keys: Vec<(char, usize, usize, &'static str)>,
    /// Where each bucket's keys start in `keys` (and, last, where they end).
    starts: [usize; BUCKETS + 1],
}

const BUCKETS: usize = 256;

fn bucket(c: char) -> usize {
    c as usize % BUCKETS
}

impl Matcher {
    pub(super) fn new(rows: &[RowDef]) -> Matcher {
        Matcher::of(rows.iter())
    }

    /// [`Matcher::new`] of rows in the order given.
    fn of<'a>(rows: impl Iterator<Item = &'a RowDef>) -> Matcher {
        let mut keys: Vec<(char, usize, usize, &'static str)> = rows
            .enumerate()
            .flat_map(|(ri, r)| {
                r.keywords.iter().enumerate().filter_map(move |(rank, kw)| {
                    // A longer keyword is stronger; a row's first keyword is its plainest.
                    let strength = kw.chars().count() * 2 - rank.min(1);
                    kw.chars().next().map(|c| (c, ri, strength, *kw))
                })
            })
            .collect();
        keys.sort_by_key(|k| bucket(k.0));
        let mut starts = [0; BUCKETS + 1];
        for k in &keys {
            if let Some(n) = starts.get_mut(bucket(k.0) + 1) {
                *n += 1;
            }
        }
        for i in 1..=BUCKETS {
            starts[i] += starts[i - 1];
        }
        Matcher { keys, starts }
    }

    /// Table 二's matcher for a template (built once per process: the templates are constant).
    pub(super) fn active(tpl: Template) -> &'static Matcher {
        static M: [OnceLock<Matcher>; 2] = [const { OnceLock::new() }; 2];
        M[tpl as usize].get_or_init(|| Matcher::new(template::active_rows(tpl)))
    }

    /// Table 三's matcher for a template (built once per process).
    pub(super) fn applications(tpl: Template) -> &'static Matcher {
        static M: [OnceLock<Matcher>; 2] = [const { OnceLock::new() }; 2];
        M[tpl as usize].get_or_init(|| Matcher::new(template::application_rows(tpl)))
    }

    /// Table 三's matcher over both templates' rows, 2021's first (built once per process): for
    /// [`Matcher::hits_split`] at [`template::APPLICATIONS_2021`]'s length.
    pub(super) fn applications_both() -> &'static Matcher {
        static M: OnceLock<Matcher> = OnceLock::new();
        M.get_or_init(|| {
            Matcher::of(
                template::APPLICATIONS_2021
                    .iter()
                    .chain(template::APPLICATIONS_2019),
            )
        })
    }

    /// The rows `label` names: each row's keyword occurrence nearest the end of `label`, kept as
    /// the set of rows found and the plainest hit among them. Rows past the 64th are not looked
    /// for (the templates have fewer; see the test below).
    pub(super) fn hits(&self, label: &str) -> Hits {
        self.hits_split(label, ROWS_MAX).0
    }

    /// [`Matcher::hits`] of a matcher over two templates' rows (the first `split` rows one
    /// template's, the rest the other's), told apart: one scan of the label for both.
    pub(super) fn hits_split(&self, label: &str, split: usize) -> (Hits, Hits) {
        // Each row's best (end, strength) so far, packed as `end << 16 | strength` (strengths
        // are below 2^16), so that packed values compare as the pairs do.
        let mut best = [0u64; ROWS_MAX];
        let mut found = RowSet::default();
        let bytes = label.as_bytes();
        let mut b = 0;
        while let Some(&lead) = bytes.get(b) {
            // The char at `b`: its length and its bucket (the code point's low byte), read from
            // its bytes for ASCII and three-byte chars (CJK); the char is decoded only when its
            // bucket holds keywords.
            let (len, k) = match lead {
                0x00..=0x7F => (1, lead as usize),
                0xE0..=0xEF if b + 2 < bytes.len() => (
                    3,
                    (usize::from(bytes[b + 1] & 0x03) << 6) | usize::from(bytes[b + 2] & 0x3F),
                ),
                _ => match label.get(b..).and_then(|t| t.chars().next()) {
                    Some(c) => (c.len_utf8(), bucket(c)),
                    None => break,
                },
            };
            let at = b;
            b += len;
            let (Some(&from), Some(&to)) = (self.starts.get(k), self.starts.get(k + 1)) else {
                continue;
            };
            if from == to {
                continue;
            }
            let Some(c) = label.get(at..).and_then(|t| t.chars().next()) else {
                break;
            };
            for &(kc, row, strength, kw) in self.keys.get(from..to).unwrap_or(&[]) {
                if kc != c
                    || !bytes
                        .get(at..)
                        .is_some_and(|r| r.starts_with(kw.as_bytes()))
                {
                    continue;
                }
                let h = ((at + kw.len()) as u64) << 16 | strength as u64;
                if let Some(slot) = best.get_mut(row) {
                    if !found.contains(row) || h > *slot {
                        *slot = h;
                        found.insert(row);
                    }
                }
            }
        }
        let low = RowSet(found.0 & RowSet::below(split));
        let high = RowSet(found.0 & !RowSet::below(split));
        let first = plainest(&best, low);
        let second = plainest(&best, high);
        let shifted = Hits {
            rows: RowSet(second.rows.0.checked_shr(split as u32).unwrap_or(0)),
            plainest: second.plainest.map(|r| r - split),
        };
        (first, shifted)
    }

    /// The row a label names most plainly: the keyword nearest its end (the label text closest
    /// to the numbers), longer keywords first on ties.
    pub(super) fn best(&self, label: &str) -> Option<usize> {
        self.hits(label).plainest
    }
}

/// The most rows a template may have for [`Matcher::hits`].
const ROWS_MAX: usize = 64;

/// A set of template rows (indices below [`ROWS_MAX`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct RowSet(u64);

impl RowSet {
    pub(super) fn contains(self, row: usize) -> bool {
        row < ROWS_MAX && self.0 >> row & 1 == 1
    }

    fn insert(&mut self, row: usize) {
        if row < ROWS_MAX {
            self.0 |= 1 << row;
        }
    }

    /// The bits of the rows below `n`.
    fn below(n: usize) -> u64 {
        if n >= ROWS_MAX {
            u64::MAX
        } else {
            (1u64 << n) - 1
        }
    }

    pub(super) fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The rows, in order.
    fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let row = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                row
            })
        })
    }
}

/// What [`Matcher::hits`] finds in a label: the rows it names, and the one it names most plainly.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hits {
    pub(super) rows: RowSet,
    pub(super) plainest: Option<usize>,
}

/// The hits of the rows `found`: the plainest is the hit nearest the end, longer keywords first on
/// ties (of equals, the last row, as `max_by_key` over the rows in order).
fn plainest(best: &[u64; ROWS_MAX], found: RowSet) -> Hits {
    let mut plainest: Option<usize> = None;
    for row in found.iter() {
        if plainest.is_none_or(|p| best[row] >= best[p]) {
            plainest = Some(row);
        }
    }
    Hits {
        rows: found,
        plainest,
    }
}

/// Label evidence for one group, precomputed.
#[derive(Default)]
pub(super) struct Evidence {
    pub(super) strong: Option<usize>,
    pub(super) strong_any: RowSet,
    pub(super) weak_last: Option<usize>,
    pub(super) weak: RowSet,
}

/// A group's labels normalised into two buffers (cleared first): its attached label (whether it has
/// one is returned) and its preceding label lines joined.
pub(super) fn labels_into(
    text: &str,
    g: &Group,
    attached: &mut String,
    joined: &mut String,
) -> bool {
    let slice = |r: &Range<usize>| text.get(r.clone()).unwrap_or("");
    attached.clear();
    joined.clear();
    for r in &g.preceding {
        norm_label_into(joined, slice(r));
    }
    match &g.attached {
        Some(a) => {
            norm_label_into(attached, slice(a));
            true
        }
        None => false,
    }
}

/// A group's evidence from its attached label's hits and its preceding labels' hits.
fn evidence_of(strong: Option<Hits>, weak: Hits) -> Evidence {
    Evidence {
        strong: strong.and_then(|h| h.plainest),
        strong_any: strong.map_or(RowSet::default(), |h| h.rows),
        weak_last: weak.plainest,
        weak: weak.rows,
    }
}

/// A group's evidence for each of two templates, from one matcher over both
/// ([`Matcher::hits_split`]): each label is scanned once.
pub(super) fn evidence_split(
    attached: Option<&str>,
    joined: &str,
    m: &Matcher,
    split: usize,
) -> (Evidence, Evidence) {
    let strong = attached.map(|a| m.hits_split(a, split));
    let (w1, w2) = m.hits_split(joined, split);
    (
        evidence_of(strong.map(|s| s.0), w1),
        evidence_of(strong.map(|s| s.1), w2),
    )
}

/// The groups of a region whose label is not prose (their numbers may be table cells).
pub(super) fn table_groups<'a>(text: &str, groups: &[&'a Group]) -> Vec<&'a Group> {
    groups
        .iter()
        .copied()
        .filter(|g| {
            g.attached
                .as_ref()
                .is_none_or(|a| !prose_like(text.get(a.clone()).unwrap_or("")))
        })
        .collect()
}

/// Whether a label reads as prose rather than a table label (numbers after it are prose figures).
pub fn prose_like(label: &str) -> bool {
    // Sentence punctuation outside brackets, unless it is a template label's own (a wrapped
    // label's brackets may have opened on the line before: `的，只计这一情形，不计其`).
    let mut depth = 0i32;
    for (i, c) in label.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = (depth - 1).max(0),
            '。' | '，' | ',' | '；' if depth == 0 && !labels_own(label, i, c) => return true,
            _ => {}
        }
    }
    false
}

/// Whether the punctuation `c` at byte `i` of `label` sits inside a template label's own wording:
/// with the two chars on each side of it (at least three chars in all), a piece of a label that
/// holds punctuation (only table 三's 部分公开 row does).
fn labels_own(label: &str, i: usize, c: char) -> bool {
    // Up to two chars each side of it, not across white space: a slice of `label` holding it.
    let start = label[..i]
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace())
        .take(2)
        .last()
        .map_or(i, |(b, _)| b);
    let after = i + c.len_utf8();
    let end = label[after..]
        .char_indices()
        .take_while(|(_, c)| !c.is_whitespace())
        .take(2)
        .last()
        .map_or(after, |(b, c)| after + b + c.len_utf8());
    let window = &label[start..end];
    window.chars().count() >= 3
        && template::APPLICATIONS_2021
            .iter()
            .chain(template::APPLICATIONS_2019)
            .any(|r| r.label.contains(window))
}

/// Checks a label against the official one: a deviation is a label that is neither the official
/// label nor a part of it broken by a line wrap.
pub(super) fn deviates(found: &str, row: &RowDef, wrapped: bool) -> bool {
    // Most labels carry the official wording as is.
    if find_str(found, template::short_label(row.label)).is_some() {
        return false;
    }
    let strip = |s: &str| -> String {
        norm_label(s)
            .chars()
            .filter(|c| !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」'))
            .collect()
    };
    let official = strip(template::short_label(row.label));
    let mut f = strip(found);
    // Keep from the row's own numbering on (group labels and stray vertical text come before it).
    if let Some(m) = row.marker {
        let pat = format!("{m}.");
        if let Some(p) = f.rfind(&pat) {
            f = f[p..].to_string();
        }
    } else if let Some(p) = official.chars().next().and_then(|c| f.rfind(c)) {
        if f.contains(&official) {
            return false;
        }
        f = f[p..].to_string();
    }
    if f.contains(&official) {
        return false;
    }
    if wrapped && official.contains(&f) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fit_a_row_set() {
        for rows in [
            template::ACTIVE_2019,
            template::ACTIVE_2021,
            template::APPLICATIONS_2019,
            template::APPLICATIONS_2021,
        ] {
            assert!(rows.len() <= ROWS_MAX);
            // Strengths are packed in 16 bits by `Matcher::hits_split`.
            for r in rows {
                assert!(r.keywords.iter().all(|k| k.chars().count() < 1 << 14));
            }
        }
        // Table 三's matcher over both templates.
        assert!(template::APPLICATIONS_2021.len() + template::APPLICATIONS_2019.len() <= ROWS_MAX);
    }
}
