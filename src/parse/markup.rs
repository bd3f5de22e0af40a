//! Preparing pasted text in place: HTML table markup (a converter's or a "view source" copy's) blanked out and old Mac line breaks (a lone CR) made newlines, so every byte and UTF-16 offset stays the user's.

use std::borrow::Cow;

/// [`blank_markup`], then each lone `\r` (a line break of old Mac text) made `\n`.
pub fn prepare(text: &str) -> Cow<'_, str> {
    let text = blank_markup(text);
    let lone_cr = |s: &str| {
        s.contains('\r')
            && s.match_indices('\r')
                .any(|(i, _)| !s[i + 1..].starts_with('\n'))
    };
    if !lone_cr(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    Cow::Owned(out)
}

/// Blanks out HTML tags and character entities when the text carries table markup (`<table`,
/// `<tr`, `<td`, `<th`); other text is returned as is. Each blanked character becomes white space of
/// the same UTF-8 length and the same UTF-16 length (a space, U+00A0, U+3000), newlines are kept,
/// and a `</tr>` that does not end its line starts a new one: byte and UTF-16 offsets into the
/// result are offsets into the input. Linear in the text.
pub fn blank_markup(text: &str) -> Cow<'_, str> {
    if !has_table_markup(text) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // The next '>' at or after a position, found once per '>' (so the scan stays linear).
    let mut next_gt: Option<usize> = None;
    let mut searched_to = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end = if b == b'<'
            && bytes
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!'))
        {
            if next_gt.is_none_or(|g| g < i) && searched_to <= i {
                next_gt = text[i..].find('>').map(|p| i + p);
                searched_to = next_gt.map_or(bytes.len(), |g| g + 1);
            }
            next_gt
                .filter(|&g| g >= i && g - i <= MAX_TAG)
                .map(|g| g + 1)
        } else if b == b'&' {
            let rest = &bytes[i + 1..bytes.len().min(i + 10)];
            rest.iter()
                .position(|&c| c == b';')
                .filter(|&p| {
                    p > 0
                        && rest[..p]
                            .iter()
                            .all(|c| c.is_ascii_alphanumeric() || *c == b'#')
                })
                .map(|p| i + p + 2)
        } else {
            None
        };
        match end {
            Some(e) => {
                let piece = &text[i..e];
                let row_end =
                    piece.len() > 4 && piece.as_bytes()[..4].eq_ignore_ascii_case(b"</tr");
                let line_ends_here = text[e..]
                    .trim_start_matches([' ', '\t', '\r'])
                    .starts_with('\n');
                for (k, c) in piece.char_indices() {
                    if k == 0 && row_end && !line_ends_here {
                        out.push('\n');
                        continue;
                    }
                    match (c, c.len_utf8()) {
                        ('\n' | '\r', _) => out.push(c),
                        (_, 1) => out.push(' '),
                        (_, 2) => out.push('\u{00A0}'),
                        (_, 3) => out.push('\u{3000}'),
                        // Four bytes are two UTF-16 units: two spaces of 3 + 1 bytes.
                        _ => out.push_str("\u{2003} "),
                    }
                }
                i = e;
            }
            None => {
                let c = text[i..].chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Cow::Owned(out)
}

/// A tag longer than this is not a tag (a stray `<` in prose).
const MAX_TAG: usize = 4096;

fn has_table_markup(text: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices('<').any(|(i, _)| {
        b.get(i + 1).is_some_and(|c| c.eq_ignore_ascii_case(&b't'))
            && b.get(i + 2)
                .is_some_and(|c| matches!(c.to_ascii_lowercase(), b'r' | b'd' | b'h' | b'a'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_entities_become_white_space_of_the_same_length() {
        let t =
            "<td style=\"font-family: 黑体\"><p>217</p></td>&nbsp;<td>1</td></tr><tr><td title=\"😀\">x</td>";
        let b = blank_markup(t);
        assert_eq!(b.len(), t.len());
        assert_eq!(b.encode_utf16().count(), t.encode_utf16().count());
        let words: Vec<&str> = b
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(words, ["217", "1", "x"]);
        assert_eq!(b.lines().count(), 2, "{b:?}");
    }

    #[test]
    fn multibyte_text_right_after_a_lt_is_safe() {
        // "<" then a letter then a two-byte char inside the first four bytes of a tag.
        let t = "<td>x</td><a中b>1</a><tr><td>2</td>";
        let b = blank_markup(t);
        assert_eq!(b.len(), t.len());
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_break() {
        assert_eq!(prepare("a\rb\r\nc"), "a\nb\r\nc");
        assert!(matches!(prepare("a\r\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_without_table_markup_is_untouched() {
        let t = "收到申请 3<5 件 & 其他";
        assert!(matches!(blank_markup(t), Cow::Borrowed(_)));
        let t = "<table><tr><td>a < b</td></tr></table> 3 &amp 4";
        let b = blank_markup(t);
        assert!(b.contains("a < b"));
        assert!(b.contains("&amp 4"));
    }
}
