//! Text plumbing: byte offsets → UTF-16/line/column spans, and the normalisation used to match labels.

use crate::model::Span;

/// Maps byte offsets of one input to [`Span`]s. Built once per input in O(n) (the line starts, and
/// the UTF-16 and char counts at every [`LineIndex::STEP`]th byte); each lookup costs O(log n)
/// plus counts over at most [`LineIndex::STEP`] bytes, however long the line (collapsed reports
/// are one line of many kilobytes).
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of each line start.
    line_starts: Vec<usize>,
    /// (UTF-16 units, chars) of the text before byte `k * STEP`, for each `k` up to the text's
    /// length: counts are additive over byte ranges, so a checkpoint inside a char is as good as
    /// one at its start (a char is counted at its first byte).
    marks: Vec<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub const STEP: usize = 16;

    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        // Sized for lines of 32 bytes (a paste's are shorter or longer: a few regrowths at most).
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 2);
        line_starts.push(0);
        line_starts.extend(newlines(text).map(|e| e + 1));
        let mut marks = Vec::with_capacity(text.len() / Self::STEP + 1);
        let (mut u16pos, mut chars) = (0usize, 0usize);
        marks.push((0, 0));
        for block in bytes.chunks_exact(Self::STEP) {
            let (u, c) = count_units(block);
            u16pos += u;
            chars += c;
            marks.push((u16pos, chars));
        }
        LineIndex {
            text,
            line_starts,
            marks,
        }
    }

    /// The byte offsets of the line breaks (`\n`) of `text`, in order, when `text` is the text this
    /// index was built on (as [`newlines`] finds them).
    pub fn breaks(&self, text: &str) -> Option<impl Iterator<Item = usize> + '_> {
        std::ptr::eq(self.text, text).then(|| self.line_starts[1..].iter().map(|s| s - 1))
    }

    fn clamp(&self, b: usize) -> usize {
        let mut b = b.min(self.text.len());
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        b
    }

    fn line_of(&self, b: usize) -> usize {
        match self.line_starts.binary_search(&b) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// (UTF-16 units, chars) of `text[from..to]`.
    fn count(&self, from: usize, to: usize) -> (usize, usize) {
        count_units(self.text.as_bytes().get(from..to).unwrap_or(&[]))
    }

    /// (UTF-16 offset, chars before) of byte `b` (at most the text's length).
    fn at(&self, b: usize) -> (usize, usize) {
        let k = b / Self::STEP;
        let (mu, mc) = self.marks.get(k).copied().unwrap_or((0, 0));
        let (u, c) = self.count(k * Self::STEP, b);
        (mu + u, mc + c)
    }

    /// The span of bytes `start..end` (clamped to the text and to char boundaries).
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.clamp(start);
        let e = self.clamp(end.max(start));
        let line = self.line_of(s);
        let line_start = self.line_starts.get(line).copied().unwrap_or(0);
        let (s16, s_chars) = self.at(s);
        // The column counted from the line start when both lie in one checkpoint's stretch.
        let col = if line_start / Self::STEP == s / Self::STEP {
            self.count(line_start, s).1
        } else {
            s_chars - self.at(line_start).1
        };
        // The end counted on from the start when both lie in one checkpoint's stretch.
        let e16 = if e / Self::STEP == s / Self::STEP {
            s16 + self.count(s, e).0
        } else {
            self.at(e).0
        };
        Span {
            start: s16,
            end: e16,
            line: line + 1,
            column: col + 1,
            byte_start: s,
            byte_end: e,
        }
    }
}

/// The byte offsets of the line breaks (`\n`) of a text, in order. The first bytes after a break
/// are looked at one by one, the rest eight at a time: most lines of a paste are short (a cell a
/// line), where a `memchr` call costs more than the line, and long lines (collapsed reports) stay
/// linear at a fraction of an instruction a byte.
pub struct Newlines<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// The line breaks of `text` ([`Newlines`]).
pub fn newlines(text: &str) -> Newlines<'_> {
    Newlines {
        bytes: text.as_bytes(),
        pos: 0,
    }
}

impl Iterator for Newlines<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const BREAKS: u64 = 0x0A0A_0A0A_0A0A_0A0A;
        let b = self.bytes;
        let mut i = self.pos;
        let found = |this: &mut Self, at: usize| {
            this.pos = at + 1;
            Some(at)
        };
        let short = (i + 8).min(b.len());
        while i < short {
            if b.get(i) == Some(&b'\n') {
                return found(self, i);
            }
            i += 1;
        }
        let word = |w: &[u8]| {
            let mut a = [0u8; 8];
            a.copy_from_slice(w);
            // The line breaks of eight bytes flagged (the zero bytes of `x`): the lowest flag is
            // always a true one.
            let x = u64::from_le_bytes(a) ^ BREAKS;
            x.wrapping_sub(ONES) & !x & HIGH
        };
        let start = i;
        for pair in b.get(start..).unwrap_or(&[]).chunks_exact(16) {
            let (lo, hi) = pair.split_at(8);
            let (zl, zh) = (word(lo), word(hi));
            if zl != 0 {
                return found(self, i + (zl.trailing_zeros() / 8) as usize);
            }
            if zh != 0 {
                return found(self, i + 8 + (zh.trailing_zeros() / 8) as usize);
            }
            i += 16;
        }
        while i < b.len() {
            if b.get(i) == Some(&b'\n') {
                return found(self, i);
            }
            i += 1;
        }
        self.pos = b.len();
        None
    }
}

/// (UTF-16 units, chars) of whole UTF-8 chars: a char per byte that does not continue one, and
/// a second unit per four-byte char. Eight bytes at a time (the lookups count at most
/// [`LineIndex::STEP`] bytes).
fn count_units(bytes: &[u8]) -> (usize, usize) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let (mut cont, mut four) = (0usize, 0usize);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // Continuation bytes (10xxxxxx) and four-byte leads (11110xxx), flagged one a lane and
        // the lanes summed by a multiplication (into the top lane).
        let flags = |x: u64| ((x & HIGH) >> 7).wrapping_mul(ONES) >> 56;
        cont += flags(w & !(w << 1)) as usize;
        four += flags(w & (w << 1) & (w << 2) & (w << 3)) as usize;
    }
    for &b in chunks.remainder() {
        cont += usize::from(b & 0xC0 == 0x80);
        four += usize::from(b >= 0xF0);
    }
    let chars = bytes.len() - cont;
    (chars + four, chars)
}

/// `text[range]` with white space removed and chars folded to half width ([`fold`]), with, for each
/// byte of the result, the byte range in `text` of the char it came from (`start`, `end`). Line
/// breaks and vertical tabs are kept when `keep_lines`.
pub fn squeeze(
    text: &str,
    range: std::ops::Range<usize>,
    keep_lines: bool,
) -> (String, Vec<usize>, Vec<usize>) {
    let (s, start) = squeeze_starts(text, range, keep_lines);
    let end = start.iter().map(|&b| char_end(text, b)).collect();
    (s, start, end)
}

/// The byte just after the char of `text` that starts at byte `b` (`b` itself past the end): the
/// `end` of [`squeeze`] for a byte whose `start` is `b`.
pub fn char_end(text: &str, b: usize) -> usize {
    b + text
        .get(b..)
        .and_then(|t| t.chars().next())
        .map_or(0, char::len_utf8)
}

/// [`squeeze`] without the ends (each is [`char_end`] of its start). Unchanged chars are copied in
/// runs; one pass, no allocation but the two results.
pub fn squeeze_starts(
    text: &str,
    range: std::ops::Range<usize>,
    keep_lines: bool,
) -> (String, Vec<usize>) {
    let Some(part) = text.get(range.clone()) else {
        return (String::new(), Vec::new());
    };
    let base = range.start;
    let bytes = part.as_bytes();
    let mut s = String::with_capacity(part.len());
    let mut start = Vec::with_capacity(part.len());
    // Start of the chars copied as they are and not yet appended to `s` (their map entries are).
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let at = base + i;
        // U+4000–U+EFFF (CJK ideographs, most of a report): three bytes, neither white space nor
        // folded.
        if (0xE4..=0xEE).contains(&b) {
            start.extend_from_slice(&[at; 3]);
            i += 3;
            continue;
        }
        let (len, replace) = if b < 0x80 {
            let skip = match b {
                b' ' | b'\t' | b'\r' | 0x0C => true,
                b'\n' | 0x0B => !keep_lines,
                _ => false,
            };
            if !skip {
                start.push(at);
                i += 1;
                continue;
            }
            (1, None)
        } else {
            let Some(c) = part.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            let len = c.len_utf8();
            if is_space(c) {
                (len, None)
            } else {
                let f = fold(c);
                if f == c {
                    for _ in 0..len {
                        start.push(at);
                    }
                    i += len;
                    continue;
                }
                (len, Some(f))
            }
        };
        // (Nothing to copy after a dropped char: runs of white space cost no copy each.)
        if run < i {
            s.push_str(part.get(run..i).unwrap_or(""));
        }
        run = i + len;
        if let Some(f) = replace {
            s.push(f);
            for _ in 0..f.len_utf8() {
                start.push(at);
            }
        }
        i += len;
    }
    s.push_str(part.get(run..).unwrap_or(""));
    (s, start)
}

/// Maps a char to its half-width form for matching: full-width digits, letters, parentheses and
/// common punctuation become ASCII; ideographic space becomes a space. Other chars are unchanged.
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '〔' | '【' => '[',
        '〕' | '】' => ']',
        _ => c,
    }
}

/// Whether `c` separates cells (any whitespace, including NBSP and the ideographic space).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || c == '\u{3000}' || c == '\u{FEFF}'
}

/// Whether the char at byte `i` of `s` (a char boundary) is white space ([`is_space`]), and its
/// length in bytes; `None` at the end. Byte-level for ASCII and CJK ideographs (most of a report).
pub fn space_at(s: &str, i: usize) -> Option<(bool, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '), 1));
    }
    // U+4000–U+EFFF: three bytes, no white space among them.
    if (0xE4..=0xEE).contains(&b) {
        return Some((false, 3));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((is_space(c), c.len_utf8()))
}

/// Whether `s` is white space only (or empty): `s.chars().all(is_space)`.
pub fn is_blank(s: &str) -> bool {
    let mut i = 0;
    while let Some((space, len)) = space_at(s, i) {
        if !space {
            return false;
        }
        i += len;
    }
    true
}

/// A normalised form of a label for keyword matching: folded to half width, spaces and quotes
/// removed, `、` and `．` after a digit turned into `.`.
pub fn norm_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    norm_label_into(&mut out, s);
    out
}

/// [`norm_label`] of `s` appended to `out`.
pub fn norm_label_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut prev_digit = false;
    // Start of the chars kept as they are, not yet appended to `out`.
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // CJK ideographs (U+4000–U+EFFF) are kept as they are.
        if (0xE4..=0xEE).contains(&b) {
            prev_digit = false;
            i += 3;
            continue;
        }
        let (len, replace) = if b < 0x80 {
            if matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'|') {
                (1, None)
            } else {
                prev_digit = b.is_ascii_digit();
                i += 1;
                continue;
            }
        } else {
            let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            let f = fold(c);
            if is_space(f) || f == '|' {
                (c.len_utf8(), None)
            } else {
                let f = if prev_digit && f == '、' { '.' } else { f };
                prev_digit = f.is_ascii_digit();
                if f == c {
                    i += c.len_utf8();
                    continue;
                }
                (c.len_utf8(), Some(f))
            }
        };
        out.push_str(s.get(run..i).unwrap_or(""));
        if let Some(f) = replace {
            out.push(f);
        }
        i += len;
        run = i;
    }
    out.push_str(s.get(run..).unwrap_or(""));
}

/// Whether a char is a CJK ideograph (used to tell labels from numbers and prose from tables).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// `hay.find(needle)` for a short haystack (a line, a label): a byte search for the needle's first
/// char and a comparison at each place, without the set-up `str::find`'s two-way search pays at
/// every call (more than a line's whole search; on a long text the two-way search is the faster).
pub fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let Some(first) = needle.chars().next() else {
        return Some(0);
    };
    hay.match_indices(first)
        .map(|(i, _)| i)
        .find(|&i| hay[i..].starts_with(needle))
}

/// The start of the first of `words` in `region`, allowing white space between its characters
/// (header cells are often spaced or broken: "自 然 人"). Linear in the region.
pub fn find_spaced(text: &str, region: std::ops::Range<usize>, words: &[&str]) -> Option<usize> {
    let hay = text.get(region.clone())?;
    let mut best: Option<usize> = None;
    for w in words {
        let first = w.chars().next()?;
        for (b, _) in hay.match_indices(first) {
            if best.is_some_and(|x| x <= b) {
                break;
            }
            let mut rest = hay[b..].chars().filter(|c| !c.is_whitespace());
            if w.chars().all(|c| rest.next() == Some(c)) {
                best = Some(b);
                break;
            }
        }
    }
    best.map(|b| region.start + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_utf16_and_lines() {
        let t = "ab\n表三𝄞x";
        let idx = LineIndex::new(t);
        let x = t.find('x').unwrap();
        let s = idx.span(x, x + 1);
        assert_eq!((s.line, s.column), (2, 4));
        // 'a','b','\n' = 3 units; 表 三 = 2; 𝄞 = 2 (surrogate pair)
        assert_eq!((s.start, s.end), (7, 8));
        let clamped = idx.span(t.len() + 5, t.len() + 9);
        assert_eq!(clamped.byte_start, t.len());
    }

    #[test]
    fn long_lines_use_checkpoints_and_agree_with_a_plain_count() {
        let t: String = "表三𝄞ab\t".repeat(500);
        let idx = LineIndex::new(&t);
        for b in (0..t.len()).filter(|b| t.is_char_boundary(*b)).step_by(37) {
            let s = idx.span(b, b);
            let before = &t[..b];
            assert_eq!(s.start, before.encode_utf16().count());
            assert_eq!(s.column, before.chars().count() + 1);
            assert_eq!(s.line, 1);
        }
    }

    #[test]
    fn unit_counts_and_spans_agree_with_a_plain_count() {
        let t: String = "表三𝄞ab\t\n１２é\r\n".repeat(300) + "尾𝄞";
        for len in [0, 1, 7, 8, 9, 63, 64, 65, 2047, 2048, 2049, t.len()] {
            let cut = (0..=len).rev().find(|b| t.is_char_boundary(*b)).unwrap();
            let s = &t[..cut];
            let want = (s.encode_utf16().count(), s.chars().count());
            assert_eq!(count_units(s.as_bytes()), want);
        }
        let idx = LineIndex::new(&t);
        let bounds: Vec<usize> = (0..=t.len()).filter(|b| t.is_char_boundary(*b)).collect();
        for (k, &a) in bounds.iter().enumerate().step_by(13) {
            for &b in bounds[k..].iter().step_by(29).take(6) {
                let s = idx.span(a, b);
                assert_eq!(s.start, t[..a].encode_utf16().count());
                assert_eq!(s.end, t[..b].encode_utf16().count());
                let line_start = t[..a].rfind('\n').map_or(0, |i| i + 1);
                assert_eq!(s.line, t[..a].matches('\n').count() + 1);
                assert_eq!(s.column, t[line_start..a].chars().count() + 1);
            }
        }
    }

    #[test]
    fn squeezing_drops_white_space_and_folds() {
        let t = "一、 总体\t情况\u{3000}\n（１）x\u{0B}y\r\n𝄞\u{FEFF}z";
        for keep in [true, false] {
            let (s, start, end) = squeeze(t, 0..t.len(), keep);
            let mut want = String::new();
            let (mut ws, mut we) = (Vec::new(), Vec::new());
            for (b, c) in t.char_indices() {
                let kept = matches!(c, '\n' | '\u{0B}') && keep;
                if is_space(c) && !kept {
                    continue;
                }
                let f = fold(c);
                want.push(f);
                for _ in 0..f.len_utf8() {
                    ws.push(b);
                    we.push(b + c.len_utf8());
                }
            }
            assert_eq!((s, start, end), (want, ws, we));
        }
    }

    #[test]
    fn labels_normalise() {
        // As a char-by-char fold would have it.
        let plain = |s: &str| -> String {
            let mut out = String::new();
            let mut prev_digit = false;
            for c in s.chars().map(fold) {
                if is_space(c) || c == '|' {
                    continue;
                }
                let c = if prev_digit && matches!(c, '、' | '.') {
                    '.'
                } else {
                    c
                };
                prev_digit = c.is_ascii_digit();
                out.push(c);
            }
            out
        };
        for s in [
            "１ 、其他| 2、 x\u{3000}３．５\t（一）𝄞 ｜ 5\u{00A0}、",
            "7、本年新收\r\n８、",
            "",
        ] {
            assert_eq!(norm_label(s), plain(s), "{s}");
        }
        assert_eq!(norm_label("（二） 部分公开"), "(二)部分公开");
        assert_eq!(norm_label("１、其他"), "1.其他");
        assert_eq!(norm_label("3．其他"), "3.其他");
    }
}
