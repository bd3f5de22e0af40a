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
    // Whether the current row has had a cell: each later cell's tag then starts with a tab, as a
    // browser's text of a table has it (its innerText). A row written on one line (a converter's
    // `<tr><td>…</td><td></td>…`) reads as tab-separated cells, its empty cells kept as empty
    // fields; a row written a cell a line (pandoc's `<td>` over one or three lines) as a line
    // holding a tab where each cell opens, so an empty cell is two such lines with no number
    // between.
    let mut cell_in_row = false;
    // Whether the output's current line holds text (not only white space and blanked markup).
    let mut line_has_text = false;
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
                let tag = cell_tag(piece);
                // (A row's first cell opens with a tab too when it is empty and on a line of its
                // own, a cell a line: a table 四's value row whose first cell is blank keeps that
                // cell. On a row's own line the next cell's tab already parts it off.)
                let tab = tag == Some(false)
                    && (cell_in_row || (!line_has_text && empty_cell_ends_line(&text[e..])));
                let line_ends_here = text[e..]
                    .trim_start_matches([' ', '\t', '\r'])
                    .starts_with('\n');
                for (k, c) in piece.char_indices() {
                    if k == 0 && row_end && !line_ends_here {
                        line_has_text = false;
                        out.push('\n');
                        continue;
                    }
                    if k == 0 && tab {
                        out.push('\t');
                        continue;
                    }
                    match (c, c.len_utf8()) {
                        ('\n', _) => {
                            line_has_text = false;
                            out.push(c);
                        }
                        ('\r', _) => out.push(c),
                        (_, 1) => out.push(' '),
                        (_, 2) => out.push('\u{00A0}'),
                        (_, 3) => out.push('\u{3000}'),
                        // Four bytes are two UTF-16 units: two spaces of 3 + 1 bytes.
                        _ => out.push_str("\u{2003} "),
                    }
                }
                if tag == Some(false) {
                    cell_in_row = true;
                } else if is_row_or_table(piece) {
                    cell_in_row = false;
                }
                i = e;
            }
            None => {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c == '\n' {
                    line_has_text = false;
                } else if !super::text::is_space(c) {
                    line_has_text = true;
                }
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Cow::Owned(out)
}

/// A tag longer than this is not a tag (a stray `<` in prose).
const MAX_TAG: usize = 4096;

/// The tag's name, lower-cased ASCII letters after `<` or `</`, and whether it closes.
fn tag_name(piece: &str) -> (&[u8], bool) {
    let b = piece.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let from = 1 + usize::from(closing);
    let len = b[from.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    (&b[from.min(b.len())..from.min(b.len()) + len], closing)
}

/// Whether a cell whose content starts `rest` holds nothing but white space, tags and entities,
/// and a line break comes before the next cell's tag (or its row's end): an empty cell on a line
/// of its own. Looked at over at most [`MAX_TAG`] bytes of markup.
fn empty_cell_ends_line(rest: &str) -> bool {
    let b = rest.as_bytes();
    let mut closed = false;
    let mut i = 0;
    while i < b.len() && i <= MAX_TAG {
        match b[i] {
            b'<' => {
                let Some(gt) = rest[i..].find('>').filter(|&g| g <= MAX_TAG) else {
                    return false;
                };
                let piece = &rest[i..i + gt + 1];
                match cell_tag(piece) {
                    Some(true) => closed = true,
                    Some(false) => return false,
                    None if is_row_or_table(piece) => return false,
                    None if closed => return false,
                    None => {}
                }
                i += gt + 1;
            }
            b'\n' if closed => return true,
            b'&' => match rest[i..].find(';').filter(|&p| (2..10).contains(&p)) {
                Some(p) => i += p + 1,
                None => return false,
            },
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                // Non-ASCII white space (U+00A0, U+3000) is empty too; anything else is content.
                let Some(ch) = rest[i..].chars().next() else {
                    return false;
                };
                if !super::text::is_space(ch) {
                    return false;
                }
                i += ch.len_utf8();
            }
        }
    }
    false
}

/// For a `td`/`th` tag, whether it closes the cell; `None` for any other tag or entity.
fn cell_tag(piece: &str) -> Option<bool> {
    let (name, closing) = tag_name(piece);
    (name.eq_ignore_ascii_case(b"td") || name.eq_ignore_ascii_case(b"th")).then_some(closing)
}

/// Whether the tag opens or closes a row or a table (a new row starts without a tab).
fn is_row_or_table(piece: &str) -> bool {
    let (name, _) = tag_name(piece);
    name.eq_ignore_ascii_case(b"tr") || name.eq_ignore_ascii_case(b"table")
}

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

    /// The blanked text's lines, each as its tab-separated fields trimmed.
    fn fields(t: &str) -> Vec<Vec<String>> {
        let b = blank_markup(t);
        assert_eq!(b.len(), t.len());
        b.lines()
            .map(|l| l.split('\t').map(|f| f.trim().to_string()).collect())
            .collect()
    }

    #[test]
    fn a_rows_later_cells_open_with_a_tab() {
        // One row a line (a converter's output): tab-separated cells, the empty one kept.
        let t = "<table><tr><td colspan=\"3\">一、本年新收</td><td>5</td><td></td><td>7</td></tr><tr><td></td><td>1</td></tr></table>";
        assert_eq!(
            fields(t),
            [vec!["一、本年新收", "5", "", "7"], vec!["", "1"], vec![""]],
            "a row's first cell opens with a tab only when it is empty"
        );
        // A cell a line (pandoc): a line holding a tab where each later cell opens.
        let t = "<tr>\n<td>（一）予以公开</td>\n<td>3</td>\n<td><p>&nbsp;</p></td>\n<td\nstyle=\"x\">4</td>\n</tr>";
        assert_eq!(
            fields(t),
            [
                vec![""],
                vec!["（一）予以公开"],
                vec!["", "3"],
                vec!["", ""],
                vec!["", ""],
                vec!["4"],
                vec![""],
                vec![""]
            ]
        );
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
