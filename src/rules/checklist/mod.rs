//! The reviewer's checklist (issue 10): the statistics period (C004), the five topics of 总体情况
//! (C005), the 信息处理费 report when fees were charged (C006), the publication date against the
//! deadline of 条例第四十九条 (C007, C008), and the sections' numbering, order and wording (S010–S012).
//! The prose figures of the checklist are P001's (`prose.rs`).

mod fees;
mod overview;
mod period;
mod publication;
mod sections;

use super::registry::{self, Rule};
use crate::model::*;
use crate::parse::sections::Squeezed;
use crate::parse::text::{char_end, fold, is_space, squeeze_starts, LineIndex};
use crate::template::cell_name;
use std::ops::Range;

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/// The text with every white space (line breaks included) removed and chars folded to half width,
/// remembering each byte's place in the original: a phrase wrapped over lines is still found.
pub(crate) struct Flat<'a> {
    pub s: String,
    start: Vec<usize>,
    /// The original text (where a char of `s` ends in it is read there).
    text: &'a str,
}

impl<'a> Flat<'a> {
    pub fn new(text: &'a str, range: Range<usize>) -> Flat<'a> {
        let (s, start) = squeeze_starts(text, range, false);
        Flat { s, start, text }
    }

    /// [`Flat::new`] over the whole text, from the text already squeezed with its line breaks kept
    /// (the same string without them: line breaks and vertical tabs are the only white space a
    /// [`Squeezed`] keeps). Its map is taken over and closed up in place.
    pub fn from_squeezed(sq: Squeezed<'a>) -> Flat<'a> {
        let Squeezed { s: sqs, map, text } = sq;
        let mut f = Flat {
            s: String::with_capacity(sqs.len()),
            start: map,
            text,
        };
        // Where the kept bytes' map entries go (each run moved down over the breaks before it).
        let mut w = 0;
        let mut run = 0;
        // Line breaks found a word at a time (a vertical tab, rare, takes the byte loop).
        if sqs.contains('\x0B') {
            for (i, b) in sqs.bytes().enumerate() {
                if b == b'\n' || b == 0x0B {
                    f.keep(&sqs, run..i, &mut w);
                    run = i + 1;
                }
            }
        } else {
            for i in crate::parse::text::newlines(&sqs) {
                f.keep(&sqs, run..i, &mut w);
                run = i + 1;
            }
        }
        f.keep(&sqs, run..sqs.len(), &mut w);
        f.start.truncate(w);
        f
    }

    /// Appends the squeezed text's bytes `r` (a run between line breaks) and moves their map
    /// entries down to `w`, past the entries kept so far. (Inlined: called once a line.)
    #[inline(always)]
    fn keep(&mut self, sqs: &str, r: Range<usize>, w: &mut usize) {
        self.s.push_str(sqs.get(r.clone()).unwrap_or(""));
        if r.start != *w {
            self.start.copy_within(r.clone(), *w);
        }
        *w += r.len();
    }

    /// The flattened text of an original byte range (a section's body, say): the same string
    /// [`Flat::new`] would build over that range, cut from this one.
    pub fn slice(&self, r: Range<usize>) -> &str {
        let a = self.start.partition_point(|&b| b < r.start);
        let e = self.start.partition_point(|&b| b < r.end);
        self.s.get(a..e.max(a)).unwrap_or("")
    }

    /// The original byte range of a range of `s`.
    pub fn orig(&self, r: Range<usize>) -> Range<usize> {
        let s = self.start.get(r.start).copied().unwrap_or(0);
        let e = if r.end == 0 {
            s
        } else {
            self.start
                .get(r.end - 1)
                .map_or(s, |&b| char_end(self.text, b))
        };
        s..e.max(s)
    }
}

fn c_len(s: &str, b: usize) -> usize {
    s[b..].chars().next().map_or(1, char::len_utf8)
}

/// A number of ASCII digits at `at` (at most `max` of them): its value and end.
fn digits(s: &str, at: usize, max: usize) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    let mut e = at;
    while e < b.len() && b[e].is_ascii_digit() && e - at < max {
        e += 1;
    }
    if e == at || (e < b.len() && b[e].is_ascii_digit()) {
        return None;
    }
    Some((s[at..e].parse().ok()?, e))
}

/// A date: (year if written, month, day or 0, end).
type Date = (Option<u32>, u32, u32, usize);

/// A date at `at` of the flat text: `2024年1月1日`, `2024-01-01`, `2024/1/1`, `2024.1.1`, or, when
/// `year_optional`, `12月31日`. Returns (year, month, day, end); the day is optional after 年…月
/// (`2024年1月至12月`: day 0).
fn date_at(s: &str, at: usize, year_optional: bool) -> Option<Date> {
    if let Some((y, e)) = digits(s, at, 4).filter(|(y, e)| e - at == 4 && (1990..2100).contains(y))
    {
        let sep = s[e..].chars().next()?;
        if let Some((m, e2)) = digits(s, e + sep.len_utf8(), 2) {
            if sep == '年' && s[e2..].starts_with('月') {
                let e3 = e2 + '月'.len_utf8();
                if let Some((d, e4)) = digits(s, e3, 2) {
                    if s[e4..].starts_with('日') || s[e4..].starts_with('号') {
                        return Some((Some(y), m, d, e4 + '日'.len_utf8()));
                    }
                }
                return Some((Some(y), m, 0, e3));
            }
            if matches!(sep, '-' | '/' | '.') && s[e2..].starts_with(sep) {
                if let Some((d, e4)) = digits(s, e2 + 1, 2) {
                    return Some((Some(y), m, d, e4));
                }
            }
        }
        return None;
    }
    if year_optional {
        let (m, e) = digits(s, at, 2)?;
        if s[e..].starts_with('月') {
            let e3 = e + '月'.len_utf8();
            if let Some((d, e4)) = digits(s, e3, 2) {
                if s[e4..].starts_with('日') || s[e4..].starts_with('号') {
                    return Some((None, m, d, e4 + '日'.len_utf8()));
                }
            }
            return Some((None, m, 0, e3));
        }
    }
    None
}

/// The next date starting within `window` chars of `from`.
fn next_date(s: &str, from: usize, window: usize, year_optional: bool) -> Option<(usize, Date)> {
    for (k, (b, _)) in s[from..].char_indices().enumerate() {
        if k > window {
            break;
        }
        if let Some(d) = date_at(s, from + b, year_optional) {
            return Some((from + b, d));
        }
    }
    None
}

/// A year (19xx/20xx followed by 年) starting within `window` chars of `from`: (start, year, end).
fn year_word(s: &str, from: usize, window: usize) -> Option<(usize, u32, usize)> {
    for (k, (b, _)) in s[from..].char_indices().enumerate() {
        if k > window {
            break;
        }
        let p = from + b;
        if let Some((y, e)) = digits(s, p, 4) {
            if e - p == 4 && (1990..2100).contains(&y) && s[e..].starts_with('年') {
                return Some((p, y, e));
            }
        }
    }
    None
}

fn section(report: &Report, key: SectionKey) -> Option<&Section> {
    report.sections.iter().find(|s| s.key == key)
}

fn diag(rule: Rule, message: String, cells: Vec<CellRef>, span: Option<Span>) -> Diagnostic {
    Diagnostic::new(&rule, message, cells, span)
}

/// Runs the checklist's checks (after the content rules: C006 defers to C002, S011 replaces S001).
/// `flat` is the whole text flattened ([`Flat::new`] over all of it), built once for every check.
pub(crate) fn check(
    text: &str,
    idx: &LineIndex,
    report: &Report,
    flat: &Flat,
    out: &mut Vec<Diagnostic>,
) {
    // The statistics period, found once for both of its checks.
    let found = period::find_period_in(flat);
    period::check_period(idx, report, found.as_ref(), out);
    period::check_period_year(idx, report, found.as_ref(), out);
    overview::check_overview(text, report, flat, out);
    fees::check_fees(idx, report, flat, out);
    publication::check_publication(idx, report, flat, out);
    sections::check_sections(text, idx, report, out);
}
