//! Layout-blind tokens: each line cut into label text and numeric items, then numeric items gathered into row groups with the labels that come with them.

use super::number::{read_word, Word};
use super::text::{fold, is_blank, is_space, space_at};
use crate::model::Num;
use std::ops::Range;

/// What an item in a table line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (a label, a header, prose).
    Label,
    /// One number: one cell.
    Num { value: Num, yuan: bool },
    /// A run of digits that may hold one or several cells run together (collapsed layouts).
    Digits,
    /// A placeholder cell ("/", "—", "无" …).
    Blank,
    /// An empty field of a tab-separated row: a blank cell, or a position covered by a merged
    /// cell (Word and web copies write those as empty fields too). Which one is settled when the
    /// row's column count is known ([`super::split::settle_pads`]).
    Pad,
}

impl Kind {
    pub fn is_numeric(self) -> bool {
        !matches!(self, Kind::Label)
    }

    /// A number's value (`None` for anything else).
    pub fn value(self) -> Option<Num> {
        match self {
            Kind::Num { value, .. } => Some(value),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    /// Byte range in the input.
    pub range: Range<usize>,
}

/// A run of numeric items that belong together (one table row, as far as layout can tell), with
/// the labels that come with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The numeric items, in order.
    pub items: Vec<Item>,
    /// Label text on the same line just before the numbers (or, for one-cell-per-line groups, the
    /// label line just before): strong evidence of which row this is.
    pub attached: Option<Range<usize>>,
    /// Label lines (and attached label) since the previous group, in order: weak evidence.
    pub preceding: Vec<Range<usize>>,
    /// Whether the group was gathered from lines holding one cell each.
    pub one_per_line: bool,
    /// Empty lines between its one-a-line numbers: (the index of the item they stand before, the
    /// line's start). Empty cells in a word processor's text export, layout in `pdftotext`'s: the
    /// table's reader decides ([`super::split::settle_groups`]).
    pub empty_lines: Vec<(usize, usize)>,
}

impl Group {
    pub fn end(&self) -> usize {
        self.items.last().map(|i| i.range.end).unwrap_or(0)
    }

    /// Number of items that are exactly one cell each (numbers and placeholders).
    pub fn atomic_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| !matches!(i.kind, Kind::Digits | Kind::Pad))
            .count()
    }

    pub fn has_digits(&self) -> bool {
        self.items.iter().any(|i| matches!(i.kind, Kind::Digits))
    }
}

/// The tokens of a whole input.
#[derive(Debug, Default)]
pub struct Tokens {
    pub groups: Vec<Group>,
    /// Lines holding only tab-separated empty fields: table rows whose every cell is blank (as
    /// the HTML and Word readers write them), used only where a table finds no numbers at all.
    pub empty_rows: Vec<Range<usize>>,
}

impl Tokens {
    /// An empty row of exactly `n` fields in `region`, as `n` blank cells (each at a tab).
    pub fn blank_row(&self, region: &Range<usize>, n: usize, text: &str) -> Option<Group> {
        let line = self.empty_rows.iter().find(|l| {
            l.start >= region.start
                && l.end <= region.end
                && text[(*l).clone()].matches('\t').count() + 1 == n
        })?;
        let tabs: Vec<usize> = text[line.clone()]
            .match_indices('\t')
            .map(|(i, _)| line.start + i)
            .collect();
        let items = (0..n)
            .map(|f| {
                let t = tabs[f.saturating_sub(1)];
                Item {
                    kind: Kind::Blank,
                    range: t..t + 1,
                }
            })
            .collect();
        Some(Group {
            items,
            attached: None,
            preceding: Vec::new(),
            one_per_line: false,
            empty_lines: Vec::new(),
        })
    }
}

/// Whether `s` is a page counter ([`is_page_counter`]) and nothing else, N ≤ M with no leading
/// zero: a line of its own, with no web address beside it to vouch for it.
fn page_counter_alone(s: &str) -> bool {
    // n ≤ m (no leading zeros: the shorter is smaller, equal lengths compare as text).
    is_page_counter(s)
        && s.split_once('/').is_some_and(|(n, m)| {
            !n.starts_with('0') && !m.starts_with('0') && (n.len(), n) <= (m.len(), m)
        })
}

/// Whether a line is a page number or footer ("-3-", "- 4 -", "第 5 页", "5/12").
fn is_page_line(line: &str) -> bool {
    // Cheap refusals first: page numbers are short, start with a dash, 第, 共 or "page" (table
    // rows do not), and hold a digit.
    let mut lead = 0;
    while let Some((true, len)) = space_at(line, lead) {
        lead += len;
    }
    let first = line[lead..].chars().next().map(fold);
    if !matches!(first, Some('-' | '—' | '–' | '第' | '共' | 'p' | 'P')) {
        // A page counter alone on its line ("3/4", a browser's print footer split from its
        // address by pdftotext).
        return first.is_some_and(|c| c.is_ascii_digit())
            && page_counter_alone(line[lead..].trim_end_matches(is_space));
    }
    let trimmed = line[lead..].trim_end_matches(is_space);
    if trimmed.len() > 48 {
        return false;
    }
    if !trimmed.bytes().any(|b| b.is_ascii_digit()) && !trimmed.contains(is_digit) {
        return false;
    }
    let t: String = line.chars().filter(|c| !is_space(*c)).map(fold).collect();
    if t.is_empty() || t.len() > 24 {
        return false;
    }
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let dashes = |s: &str| s.starts_with(['-', '—', '–']) && s.ends_with(['-', '—', '–']);
    if dashes(&t) && t.chars().all(|c| c.is_ascii_digit() || "-—–".contains(c)) {
        return true;
    }
    if (t.starts_with('第') || t.starts_with('共')) && t.contains('页') {
        return t
            .chars()
            .all(|c| c.is_ascii_digit() || "第页共/，,".contains(c));
    }
    // "Page 3", "page 3 of 10", "Page 3/10".
    if t.len() > 4 && t.as_bytes()[..4].eq_ignore_ascii_case(b"page") {
        let rest = t[4..].to_ascii_lowercase().replace("of", "/");
        return rest.chars().all(|c| c.is_ascii_digit() || c == '/');
    }
    false
}

/// The starts of the lines that number a PDF's pages in pdftotext's text: the last line before
/// each page break (a form feed) when it holds a bare number, and those numbers run on by one
/// from page to page, two pages at least. (A bare number before one page break may as well be a
/// table's last cell on that page.) Sorted; linear in the text.
fn page_number_lines(text: &str) -> Vec<usize> {
    let mut found: Vec<(usize, u32)> = Vec::new();
    let mut from = 0;
    for (ff, _) in text.match_indices('\u{c}') {
        let before = &text[from..ff];
        from = ff + 1;
        let Some(line) = before.lines().rev().find(|l| !is_blank(l)) else {
            continue;
        };
        let n = line.trim_matches(is_space);
        let start = line.as_ptr() as usize - text.as_ptr() as usize;
        match n.parse::<u32>() {
            Ok(v) if n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()) => {
                found.push((start, v))
            }
            _ => return Vec::new(),
        }
    }
    let runs_on = found.windows(2).all(|w| w[1].1 == w[0].1 + 1);
    if found.len() < 2 || !runs_on {
        return Vec::new();
    }
    found.into_iter().map(|(start, _)| start).collect()
}

/// Whether a line is a markdown table separator (`|---|:--:|`, `---|---`). A lone `-` (or `- - -`)
/// is not: it is a placeholder cell, or a row of them.
fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    // The cheap refusal first: most lines hold other chars.
    t.bytes()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
        && (t.contains('|') || t.contains("---"))
        && t.contains('-')
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（' | '〔' | '《' | '【' | '[' | '<' | '〈')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）' | '〕' | '》' | '】' | ']' | '>' | '〉')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Chars after a digit run that make it part of the text (dates, ordinals, percentages).
fn text_suffix(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '号'
            | '条'
            | '项'
            | '页'
            | '%'
            | '‰'
            | '位'
            | '名'
            | '期'
            | '届'
            | '批'
            | '轮'
            | '季'
            | '度'
    )
}

/// Cuts a word that is not a number as a whole into label text and digit runs glued to it
/// (collapsed layouts: "予以公开710000071（二）"). Digits inside brackets, dates, ordinals and
/// list markers ("2." before a label) stay text. Byte by byte: CJK ideographs (most of a word)
/// are passed over three bytes at a time, other chars decoded where they are looked at.
fn split_word(word: &str, base: usize, after: &str, out: &mut Vec<Item>) {
    let bytes = word.as_bytes();
    // The char at byte `b`, and the one before it.
    let at = |b: usize| word.get(b..).and_then(|t| t.chars().next());
    let before = |b: usize| word.get(..b).and_then(|t| t.chars().next_back());
    // The length of the digit (ASCII, or full width: EF BC 90–99) at byte `b`.
    let digit_len = |b: usize| match bytes.get(b..) {
        Some([d, ..]) if d.is_ascii_digit() => Some(1),
        Some([0xEF, 0xBC, 0x90..=0x99, ..]) => Some(3),
        _ => None,
    };
    let digits_end = |mut j: usize| {
        while let Some(l) = digit_len(j) {
            j += l;
        }
        j
    };
    let mut depth = 0i32;
    let mut label_start: Option<usize> = None;
    let mut i = 0;
    let push_label = |out: &mut Vec<Item>, s: usize, e: usize| {
        if e > s {
            out.push(Item {
                kind: Kind::Label,
                range: base + s..base + e,
            });
        }
    };
    while let Some(&lead) = bytes.get(i) {
        // CJK ideographs (U+4000–U+EFFF) are neither brackets, digits nor a minus sign.
        if (0xE4..=0xEE).contains(&lead) {
            label_start.get_or_insert(i);
            i += 3;
            continue;
        }
        let Some(c) = at(i) else { break };
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = (depth - 1).max(0);
        }
        // A minus sign right before digits and right after digits ("10-37": 本年增/减 run on
        // from the number before it) starts a negative number.
        let minus = c == '-' && before(i).is_some_and(is_digit) && at(i + 1).is_some_and(is_digit);
        // Digits inside a bracket are text, but not digits that end the word while a number
        // follows on the line: a cell glued to a wrapped label whose bracket closes on the next
        // line ("（区分处理的，只计这一情447   7   0 … 454", newlines lost).
        let cell_in_open_bracket =
            || is_digit(c) && digits_end(i) == bytes.len() && number_after(after);
        if (depth > 0 && !cell_in_open_bracket()) || !(is_digit(c) || minus) {
            label_start.get_or_insert(i);
            i += c.len_utf8();
            continue;
        }
        // A digit run at depth 0: -?[digits][.digits]?
        let run_b = i;
        let mut j = digits_end(if minus { i + 1 } else { i });
        // Thousands separators ("447,228件次"): one number, read whole.
        if let Some(end) = grouped_end(word, run_b, j) {
            if let Some(s) = label_start.take() {
                push_label(out, s, run_b);
            }
            if let Some(Word::Num { value, yuan }) = read_word(&word[run_b..end]) {
                out.push(Item {
                    kind: Kind::Num { value, yuan },
                    range: base + run_b..base + end,
                });
                i = end;
                continue;
            }
        }
        if let Some(p @ ('.' | '．')) = at(j) {
            if digit_len(j + p.len_utf8()).is_some() {
                j = digits_end(j + p.len_utf8());
            }
        }
        let next = at(j);
        let prev = before(run_b);
        let end_b = j;
        let is_text = prev == Some('第')
            || next.is_some_and(text_suffix)
            || (next.is_some_and(|n| n.is_ascii_alphabetic()));
        if is_text {
            label_start.get_or_insert(run_b);
            i = j;
            continue;
        }
        // (At the word's end, a list number is short, "2. 其他…"; a longer run is a number and a
        // pause, "447228、". Invisible chars before the dot are passed over: "2\u{200B}.没有现成…".)
        let dot = j + (word.len() - j - word[j..].trim_start_matches(invisible).len());
        let mark = at(dot);
        let marker = matches!(mark, Some('.' | '．' | '、'))
            && mark.and_then(|n| at(dot + n.len_utf8())).map_or(
                text_after(after) && word[run_b..j].chars().count() <= 2,
                |x| !is_digit(x),
            );
        if marker {
            // The last digit numbers the next label ("…00000002.其他法律…").
            let last_b = j - before(j).map_or(1, char::len_utf8);
            if last_b > run_b {
                if let Some(s) = label_start.take() {
                    push_label(out, s, run_b);
                }
                out.push(Item {
                    kind: Kind::Digits,
                    range: base + run_b..base + last_b,
                });
            }
            label_start.get_or_insert(last_b);
            i = j;
            continue;
        }
        // Invisible chars inside or after a number ("4\u{200B}529", "18651\u{200B}.06", "16\u{200B}")
        // are nothing: the word without them, if a number, is one cell (its range up to its last
        // visible char).
        if run_b == 0 && word[j..].starts_with(invisible) {
            let seen = word.trim_end_matches(invisible);
            let clean: String = seen.chars().filter(|c| !invisible(*c)).collect();
            if let Some(Word::Num { value, yuan }) = read_word(&clean) {
                out.push(Item {
                    kind: Kind::Num { value, yuan },
                    range: base..base + seen.len(),
                });
                i = word.len();
                continue;
            }
        }
        // A cell's number with a mark after it ("16①", "16*", "16（含转办1件）", an invisible
        // char): the number is the word's start, one cell; the mark is text.
        if run_b == 0 && decorated(&word[j..]) {
            if let Some(Word::Num { value, yuan }) = read_word(&word[..j]) {
                out.push(Item {
                    kind: Kind::Num { value, yuan },
                    range: base..base + j,
                });
                label_start = Some(j);
                i = word.len();
                continue;
            }
        }
        if let Some(s) = label_start.take() {
            push_label(out, s, run_b);
        }
        // (Digits glued to text with a count unit after them, "申请3件", are a number here too: a
        // collapsed table glues its labels to its cells the same way. Prose figures are told by
        // their sentence (`labels::prose_like`) and by where tables start, not here.)
        let rest = &word[end_b..];
        // A money unit right after the digits belongs to them.
        let mut unit_end = j;
        for unit in ["万元", "元", "次", "件", "个", "人次", "家"] {
            if rest.starts_with(unit) {
                unit_end = j + unit.len();
                break;
            }
        }
        out.push(Item {
            kind: Kind::Digits,
            range: base + run_b..base + unit_end,
        });
        i = unit_end;
    }
    if let Some(s) = label_start {
        push_label(out, s, word.len());
    }
}

/// Whether `c` prints nothing (zero-width spaces and joiners, direction marks, word joiner, BOM,
/// soft hyphen).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Whether the text after a number is a mark on it rather than a label: a footnote mark, an
/// invisible char, or a note in brackets ("（含转办1件）", "(其中…)", "（注…）").
fn decorated(rest: &str) -> bool {
    let mut cs = rest.chars();
    match cs.next() {
        Some('①'..='⑳' | '*' | '＊' | '※' | '†' | '‡' | '▲' | '△' | '#' | '＃') => {
            true
        }
        Some(c) if invisible(c) => true,
        Some('(' | '（') => {
            let inner = cs.as_str();
            ["含", "其中", "注", "包括"]
                .iter()
                .any(|p| inner.starts_with(p))
        }
        _ => false,
    }
}

/// Whether a number follows on the line after a word, past spaces (`after` is the rest of its
/// line).
fn number_after(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\u{3000}', '\t', '\u{a0}']);
    rest.len() < after.len() && rest.chars().next().is_some_and(is_digit)
}

/// Whether text (an ideograph or a bracket) follows on the line after a word (`after` is the rest
/// of its line): "2. 其他法律…" numbers a label there; "27、" at the line's end is a number.
fn text_after(after: &str) -> bool {
    after
        .trim_start_matches([' ', '\u{3000}'])
        .chars()
        .next()
        .is_some_and(|c| super::text::is_cjk(c) || is_open(c))
}

/// The end of a number written with thousands separators starting at byte `start` of `word`,
/// whose first digits end at `first_end`: one to three digits, then groups of a comma and three
/// digits (at least one), then an optional fraction, not followed by another digit. ASCII digits;
/// the comma ASCII or full width.
/// Whether `s` opens with a thin or narrow no-break space (U+2009, U+202F: E2 80 89 / E2 80 AF).
fn thin_space(s: &[u8]) -> bool {
    matches!(s, [0xE2, 0x80, 0x89 | 0xAF, ..])
}

/// Whether the bytes at `b` are a thin or narrow no-break space (U+2009, U+202F) between a digit
/// and exactly three digits: a thousands separator, not a break between cells.
fn thin_grouping(s: &[u8], b: usize) -> bool {
    s.get(b..).is_some_and(thin_space)
        && b.checked_sub(1).is_some_and(|p| s[p].is_ascii_digit())
        && s.get(b + 3..b + 6)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && !s.get(b + 6).is_some_and(u8::is_ascii_digit)
}

fn grouped_end(word: &str, start: usize, first_end: usize) -> Option<usize> {
    let b = word.as_bytes();
    let lead = first_end - start;
    if !(1..=3).contains(&lead) || !b[start..first_end].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut j = first_end;
    let mut groups = 0;
    // A comma, ASCII or full width (EF BC 8C), or a thin space (E2 80 89/AF), then three digits
    // and no fourth.
    loop {
        let sep = match b.get(j..) {
            Some([b',', ..]) => 1,
            Some([0xEF, 0xBC, 0x8C, ..]) => 3,
            Some(t) if thin_space(t) => 3,
            _ => break,
        };
        let g = j + sep;
        if !b
            .get(g..g + 3)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            || b.get(g + 3).is_some_and(u8::is_ascii_digit)
        {
            break;
        }
        j = g + 3;
        groups += 1;
    }
    if groups == 0 {
        return None;
    }
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j += 1;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
    }
    Some(j)
}

/// What one pass over a word's bytes tells (CJK ideographs skipped three bytes at a time: none of
/// their bytes is ASCII or 0xEF).
#[derive(Default)]
struct WordFlags {
    /// An ASCII letter or `@`.
    letters: bool,
    /// `-`, `/`, `.` or a full-width form (0xEF leads them).
    separators: bool,
    /// A digit, ASCII or full width (０–９).
    digit: bool,
    /// A colon (a clock time: "10:17").
    colon: bool,
}

fn word_flags(w: &str) -> WordFlags {
    let b = w.as_bytes();
    let mut f = WordFlags::default();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if (0xE4..=0xEE).contains(&c) {
            i += 3;
            continue;
        }
        f.letters |= c.is_ascii_alphabetic() || c == b'@';
        f.separators |= matches!(c, b'-' | b'/' | b'.' | 0xEF);
        f.colon |= c == b':';
        f.digit |= c.is_ascii_digit()
            || c == 0xEF
                && b.get(i + 1) == Some(&0xBC)
                && b.get(i + 2).is_some_and(|x| (0x90..=0x99).contains(x));
        i += 1;
    }
    f
}

/// Whether a word is a web address, path or e-mail address ("http://…/202401/…", "www.gov.cn").
fn is_address(w: &str, flags: &WordFlags) -> bool {
    const MARKS: [&[u8]; 10] = [
        b"http", b"www.", b"://", b"@", b".cn", b".com", b".htm", b".gov", b".pdf", b".doc",
    ];
    let b = w.as_bytes();
    flags.letters
        && MARKS
            .iter()
            .any(|m| b.windows(m.len()).any(|x| x.eq_ignore_ascii_case(m)))
}

/// Whether a word is a clock time ("10:17", "9:05:33", "上午10:17"): a browser's print header
/// puts one beside the date. Table cells never hold one.
fn is_time(w: &str, flags: &WordFlags) -> bool {
    if !flags.colon {
        return false;
    }
    let w = w
        .strip_prefix("上午")
        .or_else(|| w.strip_prefix("下午"))
        .unwrap_or(w);
    let mut parts = w.split(':');
    parts
        .next()
        .is_some_and(|h| (1..=2).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_digit()))
        && parts.all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a word is a date written with separators ("2024-01-15", "2024/1/5", "2024.01.15") or
/// a clock time. Allocation-free: it runs on every word (`flags` are the word's [`word_flags`]).
fn is_date_or_time(w: &str, flags: &WordFlags) -> bool {
    if is_time(w, flags) {
        return true;
    }
    // Most words (numbers, Chinese labels) have no separator.
    if !flags.separators {
        return false;
    }
    // A date: 4 digits, a separator, 1–2 digits, the same separator, 1–2 digits (full-width
    // digits and separators folded).
    let mut parts = [0usize; 3];
    let mut n = 0;
    let mut sep: Option<char> = None;
    for c in w.chars().map(fold) {
        if c.is_ascii_digit() {
            if n == 3 {
                return false;
            }
            parts[n] += 1;
        } else if matches!(c, '-' | '/' | '.')
            && sep.is_none_or(|s| s == c)
            && n < 2
            && parts[n] > 0
        {
            sep = Some(c);
            n += 1;
        } else {
            return false;
        }
    }
    n == 2 && parts[0] == 4 && (1..=2).contains(&parts[1]) && (1..=2).contains(&parts[2])
}

/// Cuts one word (at byte `base` of the text, `address` if it is a web address, [`is_address`])
/// into items; `after` is the rest of its line.
fn word_items(
    w: &str,
    base: usize,
    flags: &WordFlags,
    address: bool,
    after: &str,
    out: &mut Vec<Item>,
) {
    let range = base..base + w.len();
    if address || is_date_or_time(w, flags) {
        // A URL, path, e-mail address, date or time: its digits are never cells.
        out.push(Item {
            kind: Kind::Label,
            range,
        });
        return;
    }
    let kind = match read_word(w) {
        Some(Word::Num { value, yuan }) => Kind::Num { value, yuan },
        Some(Word::Digits) => Kind::Digits,
        Some(Word::Blank) => Kind::Blank,
        None if !flags.digit => Kind::Label,
        None => return split_word(w, base, after, out),
    };
    out.push(Item { kind, range });
}

/// Whether a word is a page counter, "3/4" (page 3 of 4).
fn is_page_counter(w: &str) -> bool {
    w.len() <= 7
        && w.split_once('/').is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()))
        })
}

/// Cuts one line into items.
fn line_items(text: &str, line: Range<usize>, out: &mut Vec<Item>) {
    let s = &text[line.clone()];
    let mut word_start: Option<usize> = None;
    // A browser's print footer: a web address and a page counter ("https://…   3/4"). The
    // counter's items (`out` indices), text if the line holds an address.
    let mut address = false;
    let mut counters: Vec<Range<usize>> = Vec::new();
    let mut flush = |out: &mut Vec<Item>, ws: usize, we: usize| {
        let w = &s[ws..we];
        let flags = word_flags(w);
        let is_addr = is_address(w, &flags);
        address |= is_addr;
        let n = out.len();
        word_items(w, line.start + ws, &flags, is_addr, &s[we..], out);
        // (A counter holds a '/', one of the word's separators.)
        if flags.separators && is_page_counter(w) {
            counters.push(n..out.len());
        }
    };
    let mut b = 0;
    while let Some((space, len)) = space_at(s, b) {
        // A thin space between digit groups ("9 639", SI style) groups thousands: the word goes on.
        let grouping = space && word_start.is_some() && thin_grouping(s.as_bytes(), b);
        if (space && !grouping) || s.as_bytes().get(b) == Some(&b'|') {
            if let Some(ws) = word_start.take() {
                flush(out, ws, b);
            }
        } else if word_start.is_none() {
            word_start = Some(b);
        }
        b += len;
    }
    if let Some(ws) = word_start {
        flush(out, ws, s.len());
    }
    // A byte loop: lines are short, a `memchr` call costs more.
    if s.bytes().any(|b| b == b'\t') {
        blank_fields(s, line.start, b'\t', out);
    } else if is_pipe_row(s) {
        blank_fields(s, line.start, b'|', out);
    }
    if address {
        for r in counters {
            for i in &mut out[r] {
                i.kind = Kind::Label;
            }
        }
    }
    // Adjacent label items on a line form one label (merged in place).
    let mut w = 0;
    for r in 0..out.len() {
        if w > 0 && out[r].kind == Kind::Label && out[w - 1].kind == Kind::Label {
            out[w - 1].range.end = out[r].range.end;
        } else {
            out.swap(w, r);
            w += 1;
        }
    }
    out.truncate(w);
}

/// Whether a line is a markdown pipe table's row (`| 规章 | 2 |  | 5 |`): it opens with a pipe and
/// has at least two cells.
fn is_pipe_row(s: &str) -> bool {
    let t = s.trim_start_matches(|c: char| super::text::is_space(c));
    t.starts_with('|') && t.bytes().filter(|&b| b == b'|').count() >= 3
}

/// In a tab-separated line (a table row copied from Word, WPS, Excel or a web page, or written by
/// the HTML and Word readers), an empty field after the row's first non-empty one is a pad: a
/// blank cell that keeps its column, or a position covered by a merged cell. Its item is the tab
/// that opens it. Empty fields before the first text are cells merged from the row above, and
/// those before the last label are part of the label's cells. The same in a markdown pipe table's
/// row, its cells cut at `sep` (`|`): there the text before the opening pipe and after the closing
/// one is no field.
fn blank_fields(s: &str, start: usize, sep: u8, out: &mut Vec<Item>) {
    // Only after the row's last label: an empty field between two labels is a label spanning
    // columns, or a merged cell. (Text glued to the end of a number, a footnote mark "16①" or an
    // invisible char, is not a label of its own.)
    let glued = |i: &Item| {
        i.range.start > start
            && out
                .iter()
                .any(|n| n.kind.is_numeric() && n.range.end == i.range.start)
    };
    let after = out
        .iter()
        .filter(|i| i.kind == Kind::Label && !glued(i))
        .map(|i| i.range.end)
        .max()
        .unwrap_or(start);
    // A row with no label (table 四's value row): an empty field before its first number is a
    // blank cell too (settled by the row's column count like any pad).
    // (The fields cut at the tab bytes: a byte split costs less than a char searcher's calls.)
    let fields = || s.as_bytes().split(move |&b| b == sep);
    let count = fields().count();
    let no_label = !out.iter().any(|i| i.kind == Kind::Label) && count >= 3;
    let t = s.trim_matches(|c: char| super::text::is_space(c));
    let (open, close) = (
        sep == b'|' && t.starts_with('|'),
        sep == b'|' && t.ends_with('|'),
    );
    let mut seen_text = false;
    let mut blanks = Vec::new();
    let mut field_start = 0;
    for (i, field) in fields().enumerate() {
        let outer = (i == 0 && open) || (i + 1 == count && close);
        let empty = is_blank(&s[field_start..field_start + field.len()]);
        if empty
            && !outer
            && (seen_text || no_label)
            && (i > 0 || no_label)
            && start + field_start >= after
        {
            let tab = if i > 0 {
                start + field_start - 1
            } else {
                start + field.len()
            };
            blanks.push(Item {
                kind: Kind::Pad,
                range: tab..tab + 1,
            });
        }
        seen_text |= !empty;
        field_start += field.len() + 1;
    }
    if blanks.is_empty() {
        return;
    }
    // Both in line order: merged (the line's own item first where two start at one byte).
    let items = std::mem::take(out);
    out.reserve(items.len() + blanks.len());
    let mut blanks = blanks.into_iter().peekable();
    for it in items {
        while let Some(b) = blanks.next_if(|b| b.range.start < it.range.start) {
            out.push(b);
        }
        out.push(it);
    }
    out.extend(blanks);
}

/// Cuts a label back to what follows its last sentence end: in collapsed text the label before a
/// row's digits runs back over the prose before the table.
fn trim_to_last_sentence(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    match s.rfind(['。', '；', '！', '？']) {
        Some(p) => {
            let cut = p + s[p..].chars().next().map_or(1, char::len_utf8);
            if cut < s.len() {
                r.start + cut..r.end
            } else {
                r
            }
        }
        None => r,
    }
}

/// Tokenises the whole input and gathers numeric items into groups.
pub fn tokenize(text: &str) -> Tokens {
    tokenize_lines(text, &mut super::text::newlines(text))
}

/// [`tokenize`], with the text's line breaks (the byte offsets of its `\n`s, in order) already
/// found ([`super::text::LineIndex::breaks`]).
pub fn tokenize_lines(text: &str, breaks: &mut dyn Iterator<Item = usize>) -> Tokens {
    let mut toks = Tokens::default();
    let mut pending: Vec<Range<usize>> = Vec::new();
    // Whether the last group may be extended by a following line holding one number.
    let mut extendable = false;
    let mut items: Vec<Item> = Vec::new();
    // Rows of empty fields after their labels, held until the next numbers tell what they are
    // (each with the index of its label in `pending`).
    let mut tentative: Vec<(Group, usize)> = Vec::new();
    // Lines holding one tab and nothing else since the last line with text: in a web page's text
    // (innerText) each table cell opens with a tab, on a line of its own when the cell holds a
    // paragraph, so two such lines with no number between them enclose an empty cell.
    let mut cell_tabs: Vec<usize> = Vec::new();
    // Empty lines since the last line with text: in a word processor's text export (one cell a
    // line) an empty line between two numbers of a cell-a-line row is an empty cell.
    let mut empty_lines: Vec<usize> = Vec::new();
    // Those before the current line (a buffer kept for all lines).
    let mut empties: Vec<usize> = Vec::new();
    // Those before the number of the last group, if one number alone on its line (the group's
    // first cells if more numbers follow a line each), and that group's index.
    let mut leading: Vec<usize> = Vec::new();
    let mut leading_of = usize::MAX;
    let page_numbers = page_number_lines(text);
    let mut pos = 0;
    while pos < text.len() {
        let end = breaks.next().map_or(text.len(), |e| e + 1);
        let raw = &text[pos..end];
        let line = pos..pos + raw.trim_end_matches(['\n', '\r']).len();
        pos = end;
        let s = &text[line.clone()];
        if is_blank(s) {
            if let Some(t) = s.find('\t') {
                if s.rfind('\t') == Some(t) {
                    cell_tabs.push(line.start + t);
                }
                toks.empty_rows.push(line);
            } else {
                empty_lines.push(line.start);
            }
            continue;
        }
        empties.clear();
        empties.append(&mut empty_lines);
        if is_page_line(s) || is_rule_line(s) || page_numbers.binary_search(&line.start).is_ok() {
            continue;
        }
        // The cells opened since the last text: the tab lines, then this line's own leading tab.
        let tab_lines = std::mem::take(&mut cell_tabs);
        items.clear();
        line_items(text, line, &mut items);
        let numeric = items
            .iter()
            .filter(|i| i.kind.is_numeric() && i.kind != Kind::Pad)
            .count();
        // A cell-a-line group's empty cells: the cells opened before a number other than its own.
        let pads = |tabs: &[usize]| -> Vec<Item> {
            tabs.iter()
                .map(|&t| Item {
                    kind: Kind::Pad,
                    range: t..t + 1,
                })
                .collect()
        };
        let before_number: &[usize] = if s.starts_with('\t') {
            &tab_lines
        } else {
            tab_lines.split_last().map_or(&[], |(_, rest)| rest)
        };
        // The first numbers after rows of empty fields tell what those rows were: labels whose
        // numbers were displaced, when these numbers come with no label of their own; rows of
        // blank cells otherwise.
        if numeric > 0 && !tentative.is_empty() {
            let label_less = items.first().is_some_and(|i| i.kind.is_numeric());
            if !label_less {
                commit(&mut toks, &mut pending, &mut tentative);
            }
            tentative.clear();
        }
        if numeric == 0 {
            // Cells opened after a cell-a-line group's last number and left empty: its last cells.
            if extendable && !tab_lines.is_empty() {
                if let Some(g) = toks.groups.last_mut().filter(|g| g.one_per_line) {
                    g.items.extend(pads(&tab_lines));
                }
            }
            // Empty lines after its last number: maybe its last cells.
            if extendable {
                if let Some(g) = toks.groups.last_mut().filter(|g| g.one_per_line) {
                    let at = g.items.len();
                    g.empty_lines.extend(empties.iter().map(|&p| (at, p)));
                }
            }
            let pads: Vec<Item> = items
                .iter()
                .filter(|i| i.kind == Kind::Pad)
                .cloned()
                .collect();
            let label = items
                .iter()
                .rfind(|i| i.kind == Kind::Label)
                .map(|i| i.range.clone());
            if pads.is_empty() && !tentative.is_empty() && s.contains('\t') {
                // A table row of labels only (another table's header): the rows of empty
                // fields before it were rows of blank cells, not labels of displaced numbers.
                commit(&mut toks, &mut pending, &mut tentative);
            }
            if let (false, Some(l)) = (pads.is_empty(), label) {
                // Its label is the pending label pushed just below.
                tentative.push((
                    Group {
                        items: pads,
                        attached: Some(l),
                        preceding: Vec::new(),
                        one_per_line: false,
                        empty_lines: Vec::new(),
                    },
                    pending.len(),
                ));
            }
            let mut labels = items.iter().filter(|i| i.kind == Kind::Label);
            if let Some(f) = labels.next() {
                let l = labels.next_back().unwrap_or(f);
                pending.push(f.range.start..l.range.end);
            }
            extendable = false;
            continue;
        }
        if numeric == 1 && items.len() == 1 && extendable && pending.is_empty() {
            let last = toks.groups.len().wrapping_sub(1);
            if let Some(g) = toks.groups.last_mut() {
                g.items.extend(pads(before_number));
                if leading_of == last {
                    g.empty_lines.extend(leading.drain(..).map(|p| (0, p)));
                    leading_of = usize::MAX;
                }
                let at = g.items.len();
                g.empty_lines.extend(empties.iter().map(|&p| (at, p)));
                g.items.push(items[0].clone());
                g.one_per_line = true;
                continue;
            }
        }
        let mut label: Option<Range<usize>> = None;
        let mut idx = 0;
        let mut last_run_len = 0;
        while idx < items.len() {
            if items[idx].kind == Kind::Label {
                label = Some(items[idx].range.clone());
                idx += 1;
                continue;
            }
            let run_start = idx;
            while idx < items.len() && items[idx].kind.is_numeric() {
                idx += 1;
            }
            let mut run = items[run_start..idx].to_vec();
            last_run_len = run.len();
            let single_line_alone = run.len() == 1 && items.len() == 1;
            if single_line_alone && !before_number.is_empty() {
                run.splice(0..0, pads(before_number));
            }
            // Empty lines between its label and its first number: maybe its first cells (kept
            // aside until a second number makes it a row of one cell a line).
            leading.clear();
            if single_line_alone {
                leading.extend_from_slice(&empties);
                leading_of = toks.groups.len();
            }
            let attached = match label.take() {
                Some(l) => Some(trim_to_last_sentence(text, l)),
                None if single_line_alone => pending.last().cloned(),
                None => None,
            };
            // (Moved out at its size: `pending` keeps its room for the next labels.)
            let mut preceding = Vec::with_capacity(pending.len() + usize::from(attached.is_some()));
            preceding.append(&mut pending);
            if let Some(a) = &attached {
                if preceding.last() != Some(a) {
                    preceding.push(a.clone());
                }
            }
            toks.groups.push(Group {
                items: run,
                attached,
                preceding,
                one_per_line: single_line_alone,
                empty_lines: Vec::new(),
            });
        }
        if let Some(l) = label {
            // Text after the last numbers on the line: a label for what follows.
            pending.push(l);
            extendable = false;
        } else {
            extendable = last_run_len == 1;
        }
    }
    commit(&mut toks, &mut pending, &mut tentative);
    toks
}

/// Makes held rows of empty fields groups of their own, each with the labels since the one before.
fn commit(toks: &mut Tokens, pending: &mut Vec<Range<usize>>, tentative: &mut Vec<(Group, usize)>) {
    if tentative.is_empty() {
        return;
    }
    let mut prev = 0;
    for (mut g, li) in tentative.drain(..) {
        let li = li.min(pending.len().saturating_sub(1));
        g.preceding = pending
            .get(prev..=li)
            .map(<[_]>::to_vec)
            .unwrap_or_default();
        prev = li + 1;
        toks.groups.push(g);
    }
    pending.drain(..prev.min(pending.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        line_items(text, 0..text.len(), &mut out);
        out.iter()
            .map(|i| {
                let k = match i.kind {
                    Kind::Label => "L",
                    Kind::Num { .. } => "N",
                    Kind::Digits => "D",
                    Kind::Blank => "B",
                    Kind::Pad => "P",
                };
                (k.to_string(), text[i.range.clone()].to_string())
            })
            .collect()
    }

    #[test]
    fn a_pipe_tables_empty_cells_are_pads() {
        let got: Vec<String> = kinds("| 规章 | 　 | 2 |  |")
            .iter()
            .map(|(a, b)| format!("{a}:{b}"))
            .collect();
        // The pad is the pipe that opens the empty cell; none before the first pipe or after the
        // last.
        assert_eq!(got, ["L:规章", "P:|", "N:2", "P:|"]);
        // Not a table row: prose with a pipe in it.
        assert!(kinds("甲 | 乙 3").iter().all(|(k, _)| k != "P"));
    }

    #[test]
    fn collapsed_words_split_at_markers() {
        let k = kinds("1.属于国家秘密40000042.其他法律行政法规禁止公开0000000");
        let got: Vec<String> = k.iter().map(|(a, b)| format!("{a}:{b}")).collect();
        assert_eq!(
            got,
            [
                "L:1.属于国家秘密",
                "D:4000004",
                "L:2.其他法律行政法规禁止公开",
                "D:0000000"
            ]
        );
    }

    #[test]
    fn brackets_dates_and_units_stay_text() {
        let k = kinds("本年收费金额（单位：万元，保留4位小数）");
        assert_eq!(k.len(), 1);
        let k = kinds("政府集中采购 8次 473300元");
        assert_eq!(k[1].0, "N");
        assert_eq!(k[2].0, "N");
        let k = kinds("2024年1月1日");
        assert_eq!(k.len(), 1);
    }

    #[test]
    fn browser_print_header_and_footer_hold_no_numbers() {
        let labels_only = |t: &str| kinds(t).iter().all(|(k, _)| k == "L");
        assert!(labels_only(
            "2023/6/18 10:17      平潭综合实验区2022年度政府信息公开工作年度报告"
        ));
        assert!(labels_only("2024/1/5 上午9:05  某某局报告"));
        assert!(labels_only(
            "https://www.pingtan.gov.cn/jhtml/ct/ct_17.html      3/4"
        ));
        // A counter with no address beside it, and a time's look-alikes, stay as they were.
        assert_ne!(kinds("3/4")[0].0, "L");
        assert_eq!(kinds("合计 10 17")[1].0, "N");
        assert!(!is_time("10:7", &word_flags("10:7")));
        assert!(is_time("9:05:33", &word_flags("9:05:33")));
    }

    #[test]
    fn separators_and_marks_stay_with_their_number() {
        let got =
            |t: &str| -> Vec<String> { kinds(t).iter().map(|(a, b)| format!("{a}:{b}")).collect() };
        assert_eq!(got("447,228件次"), ["N:447,228", "L:件次"]);
        assert_eq!(got("共12,345.5余件"), ["L:共", "N:12,345.5", "L:余件"]);
        assert_eq!(got("447228、"), ["D:447228", "L:、"]);
        assert_eq!(got("16①"), ["N:16", "L:①"]);
        assert_eq!(got("16（含转办1件）"), ["N:16", "L:（含转办1件）"]);
        // A collapsed row's run before a numbered label is still a run to split.
        assert_eq!(got("710000071（二）部分公开")[0], "D:710000071");
        assert_eq!(got("1,23")[0].chars().next(), Some('D'));
        // A thin or narrow no-break space groups thousands; elsewhere it parts cells.
        assert_eq!(got("9\u{2009}639\t8"), ["N:9\u{2009}639", "N:8"]);
        assert_eq!(
            got("12\u{202F}345\u{202F}678"),
            ["N:12\u{202F}345\u{202F}678"]
        );
        assert_eq!(got("9\u{2009}63"), ["N:9", "N:63"]);
        // Invisible chars inside a number are nothing.
        assert_eq!(got("4\u{200B}529"), ["N:4\u{200B}529"]);
        assert_eq!(got("18651\u{200B}.06"), ["N:18651\u{200B}.06"]);
        assert_eq!(got("16\u{200B}"), ["N:16"]);
        assert_eq!(got("9\u{2009}6390"), ["N:9", "N:6390"]);
    }

    #[test]
    fn one_cell_per_line_groups() {
        let t = "规章\n\t\n0\n\n\t\n1\n\t\n2\n行政规范性文件\n3\n4\n5\n";
        let toks = tokenize(t);
        assert_eq!(toks.groups.len(), 2);
        assert_eq!(toks.groups[0].items.len(), 3);
        assert_eq!(&t[toks.groups[0].attached.clone().unwrap()], "规章");
    }

    #[test]
    fn page_numbers_are_skipped() {
        assert!(is_page_line("  - 4 -"));
        assert!(is_page_line("-3-"));
        assert!(is_page_line("第 5 页"));
        assert!(is_page_line("Page 3"));
        assert!(is_page_line("page 3 of 10"));
        assert!(is_page_line("第3页，共10页"));
        assert!(!is_page_line("Page"));
        assert!(!is_page_line("0 0 0"));
        assert!(!is_page_line("-3"));
        // A print footer's page counter alone on its line; not a date, a ratio or a blank.
        assert!(is_page_line("1/4"));
        assert!(is_page_line("  12/12 "));
        assert!(!is_page_line("5/4"));
        assert!(!is_page_line("2023/6/18"));
        assert!(!is_page_line("/"));
        assert!(!is_page_line("0/4"));
    }
}
