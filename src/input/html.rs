//! HTML reader: a web page or the clipboard's `text/html` → paragraphs and table grids, by a small tokenizer of our own (no DOM: nothing in it ever runs, loads or renders).
//!
//! Why by hand: the job is narrow (block boundaries, table/row/cell structure with spans, text,
//! character references) and the general tokenizers carry the full 2,231-entry entity table into
//! the wasm every user downloads. Scripts, styles, templates, frames and comments (Word's
//! conditional comments included) are skipped whole; attributes other than `colspan`/`rowspan`
//! are never looked at, so handlers, `src`, `href` and CSS `url()` are inert text we drop.

use super::document::{one_line, Document, GridBuilder, MAX_CELLS};

/// Elements whose content is never text of the report.
const SKIPPED: [&str; 10] = [
    "script", "style", "template", "iframe", "noscript", "noembed", "noframes", "title",
    "textarea", "xmp",
];

/// Elements that end a paragraph (or start one): their boundaries are line breaks.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "aside"
            | "blockquote"
            | "pre"
            | "hr"
            | "form"
            | "center"
            | "address"
            | "figure"
            | "figcaption"
            | "caption"
            | "body"
            | "html"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    Text(&'a str),
    /// A start tag: its lower-case name and its raw attribute text.
    Start(String, &'a str),
    End(String),
}

/// Cuts HTML into text runs and tags; comments, doctypes, processing instructions and the
/// content of [`SKIPPED`] elements are dropped. Linear in the input.
fn tokenize(html: &str) -> Vec<Tok<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &b[i + 1..];
        if rest.starts_with(b"!--") {
            push_text(&mut out, html, text_start, i);
            i = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            text_start = i;
            continue;
        }
        if rest.first().is_some_and(|c| matches!(c, b'!' | b'?')) {
            // Doctype, CDATA, Word's `<![if …]>` markers, processing instructions.
            push_text(&mut out, html, text_start, i);
            i = find(b, i + 1, b">").map_or(b.len(), |e| e + 1);
            text_start = i;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = i + 1 + usize::from(closing);
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'-' | b'_'))
            .count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            // A lone '<' is text.
            i += 1;
            continue;
        }
        push_text(&mut out, html, text_start, i);
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let attrs_at = name_at + name_len;
        let end = tag_end(b, attrs_at);
        // Up to the tag's '>' (a tag left open at the end of the input runs to the end).
        let attrs_end = if end > attrs_at && b[end - 1] == b'>' {
            end - 1
        } else {
            end
        };
        let attrs = &html[attrs_at..attrs_end];
        i = end;
        text_start = i;
        if closing {
            out.push(Tok::End(name));
            continue;
        }
        if SKIPPED.contains(&name.as_str()) && !attrs.trim_end().ends_with('/') {
            // Raw content up to the matching end tag.
            let close = format!("</{name}");
            i = find_ci(b, i, close.as_bytes()).map_or(b.len(), |e| tag_end(b, e + close.len()));
            text_start = i;
            continue;
        }
        out.push(Tok::Start(name, attrs));
    }
    if text_start < b.len() {
        out.push(Tok::Text(&html[text_start..]));
    }
    out
}

fn push_text<'a>(out: &mut Vec<Tok<'a>>, html: &'a str, start: usize, end: usize) {
    if end > start {
        out.push(Tok::Text(&html[start..end]));
    }
}

/// The byte after a tag's closing '>', quotes respected.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut q: Option<u8> = None;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match q {
            Some(x) if c == x => q = None,
            Some(_) => {}
            // Only a quote that opens an attribute value (after '=') quotes.
            None if (c == b'"' || c == b'\'')
                && b[..i].iter().rev().find(|c| !c.is_ascii_whitespace()) == Some(&b'=') =>
            {
                q = Some(c);
            }
            None if c == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// An attribute's value as a span count (`colspan="2"`), clamped to 1..=1000 as browsers do.
fn span_attr(attrs: &str, name: &str) -> usize {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let v = after[1..].trim_start().trim_start_matches(['"', '\'']);
        let digits: String = v.chars().take_while(char::is_ascii_digit).take(6).collect();
        return digits.parse::<usize>().unwrap_or(1).clamp(1, 1000);
    }
    1
}

/// Decodes character references (`&nbsp;`, `&amp;`, `&#12345;`, `&#x3000;` and the common
/// named ones); an unknown reference stays as written. As in browsers, a numeric reference and
/// the legacy named ones (`&nbsp`, `&amp`, `&lt` …) are read without their semicolon too.
fn decode_refs(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let semi = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = semi
            .and_then(|e| {
                let body = &rest[1..e];
                let c = if let Some(num) = body.strip_prefix('#') {
                    numeric(num)
                } else {
                    named(body)
                };
                c.map(|c| (c, e + 1))
            })
            .or_else(|| unterminated(&rest[1..]).map(|(c, len)| (c, len + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character of a numeric reference's body (`12345`, `x3000`).
fn numeric(num: &str) -> Option<char> {
    let (digits, radix) = match num.strip_prefix(['x', 'X']) {
        Some(h) => (h, 16),
        None => (num, 10),
    };
    u32::from_str_radix(digits, radix)
        .ok()
        .and_then(char::from_u32)
}

/// A reference written without its semicolon, at the start of `s` (just after the `&`): a
/// numeric one (`#160`, `#xa0`), or a legacy named one that browsers still read so (`nbsp`,
/// `amp`, `lt` …). The character and the length of what it replaces.
fn unterminated(s: &str) -> Option<(char, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let hex = num.starts_with(['x', 'X']);
        let body = &num[usize::from(hex)..];
        let n = body
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if n == 0 || n > 8 {
            return None;
        }
        let len = 1 + usize::from(hex) + n;
        return numeric(&num[..len - 1]).map(|c| (c, len));
    }
    const LEGACY: [&str; 16] = [
        "plusmn", "middot", "divide", "laquo", "raquo", "times", "nbsp", "quot", "copy", "sect",
        "amp", "reg", "deg", "yen", "lt", "gt",
    ];
    LEGACY
        .iter()
        .find(|n| s.starts_with(**n))
        .and_then(|n| named(n).map(|c| (c, n.len())))
}

fn named(n: &str) -> Option<char> {
    Some(match n {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwsp" | "ZeroWidthSpace" => '\u{200b}',
        "middot" => '·',
        "bull" => '•',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "deg" => '°',
        "yen" => '¥',
        "permil" => '‰',
        "sect" => '§',
        "copy" => '©',
        "reg" => '®',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

/// One table being read: its grid (a data table) or nothing (a layout table: one holding other
/// tables, whose cells are read as paragraphs).
struct Open {
    grid: Option<GridBuilder>,
    /// The text of the cell being read, if one is open.
    cell: Option<(String, usize, usize)>,
    /// The text of the table's `<caption>`, while it is read: a paragraph before the table.
    caption: Option<String>,
}

impl Open {
    /// Where text read now goes: the open caption, else the open cell.
    fn text(&mut self) -> Option<&mut String> {
        match (&mut self.caption, &mut self.cell) {
            (Some(c), _) => Some(c),
            (None, Some((t, ..))) => Some(t),
            (None, None) => None,
        }
    }

    /// Ends the caption being read, if any: it is said as a paragraph (the table comes after it).
    fn end_caption(&mut self, doc: &mut Document) {
        if let Some(c) = self.caption.take() {
            doc.para(&c);
        }
    }
}

/// Reads HTML into paragraphs and table grids. Tables that hold other tables are page layout:
/// their cells become paragraphs and the tables inside them grids. Bounded: linear in the input,
/// [`MAX_CELLS`] cells at most.
pub fn read(html: &str) -> Document {
    let toks = tokenize(html);
    let layout = layout_tables(&toks);
    let mut doc = Document::default();
    let mut para = String::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut budget = MAX_CELLS;
    let mut table_no = 0;

    fn flush_para(doc: &mut Document, para: &mut String) {
        if !para.is_empty() {
            doc.para(para);
            para.clear();
        }
    }
    /// A block element's start or end: a space inside a cell, else the end of a paragraph.
    fn block_boundary(stack: &mut [Open], in_grid: bool, doc: &mut Document, para: &mut String) {
        if let Some(text) = stack.last_mut().and_then(Open::text) {
            text.push(' ');
        } else if !in_grid {
            flush_para(doc, para);
        }
    }
    fn close_cell(open: &mut Open, budget: &mut usize) {
        if let (Some(g), Some((text, cs, rs))) = (open.grid.as_mut(), open.cell.take()) {
            g.cell(&text, cs, rs, budget);
        }
    }

    for t in &toks {
        // Where text goes: the innermost data table's open cell, else the paragraph.
        let in_grid = stack.last().is_some_and(|o| o.grid.is_some());
        match t {
            Tok::Text(s) => {
                if let Some(text) = stack.last_mut().and_then(Open::text) {
                    decode_refs(s, text);
                } else if !in_grid {
                    decode_refs(s, &mut para);
                }
                // Text between a data table's cells is stray whitespace: dropped.
            }
            Tok::Start(name, attrs) => match name.as_str() {
                "table" => {
                    flush_para(&mut doc, &mut para);
                    let is_layout = layout.get(table_no).copied().unwrap_or(false);
                    table_no += 1;
                    if in_grid {
                        // Cannot happen for a data table (it holds no table); be safe.
                        continue;
                    }
                    stack.push(Open {
                        grid: (!is_layout).then(GridBuilder::new),
                        cell: None,
                        caption: None,
                    });
                }
                "caption" if in_grid => {
                    let o = stack.last_mut().expect("in a grid");
                    close_cell(o, &mut budget);
                    o.end_caption(&mut doc);
                    o.caption = Some(String::new());
                }
                "tr" if in_grid => {
                    let o = stack.last_mut().expect("in a grid");
                    o.end_caption(&mut doc);
                    close_cell(o, &mut budget);
                    o.grid.as_mut().expect("in a grid").row();
                }
                "td" | "th" if in_grid => {
                    let o = stack.last_mut().expect("in a grid");
                    o.end_caption(&mut doc);
                    close_cell(o, &mut budget);
                    o.cell = Some((
                        String::new(),
                        span_attr(attrs, "colspan"),
                        span_attr(attrs, "rowspan"),
                    ));
                }
                n if is_block(n) => block_boundary(&mut stack, in_grid, &mut doc, &mut para),
                // Inline elements (span, font, b, a, o:p, img …): nothing but their text.
                _ => {}
            },
            Tok::End(name) => match name.as_str() {
                "table" => {
                    if let Some(mut o) = stack.pop() {
                        o.end_caption(&mut doc);
                        close_cell(&mut o, &mut budget);
                        if let Some(g) = o.grid.and_then(GridBuilder::finish) {
                            doc.blocks.push(super::Block::Table(g));
                        }
                    }
                    flush_para(&mut doc, &mut para);
                }
                "td" | "th" | "tr" if in_grid => {
                    let o = stack.last_mut().expect("in a grid");
                    close_cell(o, &mut budget);
                }
                "caption" if in_grid => {
                    stack.last_mut().expect("in a grid").end_caption(&mut doc);
                }
                n if is_block(n) => block_boundary(&mut stack, in_grid, &mut doc, &mut para),
                _ => {}
            },
        }
    }
    // Unclosed tables end with the input.
    while let Some(mut o) = stack.pop() {
        o.end_caption(&mut doc);
        close_cell(&mut o, &mut budget);
        if let Some(g) = o.grid.and_then(GridBuilder::finish) {
            doc.blocks.push(super::Block::Table(g));
        }
    }
    flush_para(&mut doc, &mut para);
    doc
}

/// For each `<table>` start in order, whether it holds another table (page layout).
fn layout_tables(toks: &[Tok<'_>]) -> Vec<bool> {
    let mut flags = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for t in toks {
        match t {
            Tok::Start(n, _) if n == "table" => {
                if let Some(&outer) = stack.last() {
                    flags[outer] = true;
                }
                stack.push(flags.len());
                flags.push(false);
            }
            Tok::End(n) if n == "table" => {
                stack.pop();
            }
            _ => {}
        }
    }
    flags
}

/// Whether clipboard HTML holds a table worth reading by structure.
pub fn has_table(html: &str) -> bool {
    find_ci(html.as_bytes(), 0, b"<table").is_some()
}

/// Text of HTML with its markup removed (for messages and tests).
pub fn plain(html: &str) -> String {
    let mut s = String::new();
    for t in tokenize(html) {
        if let Tok::Text(x) = t {
            decode_refs(x, &mut s);
            s.push(' ');
        }
    }
    one_line(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_spans_and_blanks() {
        let d = read(
            "<p>一、总体情况</p><table><tr><td rowspan=2>项目</td><td colspan='2'>申请人</td></tr>\
             <tr><td>自然人</td><td>&nbsp;</td></tr><tr><td>新收</td><td>3</td><td><o:p></o:p></td></tr></table><p>二、</p>",
        );
        assert_eq!(
            d.to_text(),
            "一、总体情况\n\n项目\t申请人\n自然人\t\n新收\t3\t\n\n二、\n"
        );
    }

    #[test]
    fn hostile_markup_is_inert() {
        let d = read(
            "<script>alert(1)</script><img src=http://x/a.png onerror=alert(2)><iframe src=x>内</iframe>\
             <a href=\"javascript:alert(3)\">链接</a><style>p{background:url(http://x)}</style><p onclick='x'>正文</p>",
        );
        assert_eq!(d.to_text(), "链接\n正文\n");
    }

    #[test]
    fn a_caption_is_a_paragraph_before_its_table() {
        let d = read(
            "<table><caption><p><b>三、收到和处理政府信息公开申请情况</b></p></caption><tr><td>a</td><td>1</td></tr></table>\
             <TABLE><CAPTION>四、复议<tr><td>2</td></TABLE>",
        );
        assert_eq!(
            d.to_text(),
            "三、收到和处理政府信息公开申请情况\n\na\t1\n\n四、复议\n\n2\n\n"
        );
    }

    #[test]
    fn layout_tables_are_transparent() {
        let d = read("<table><tr><td><p>标题</p><table><tr><td>a</td><td>1</td></tr></table></td></tr></table>");
        assert_eq!(d.to_text(), "标题\n\na\t1\n\n");
    }

    #[test]
    fn word_markup() {
        let d = read(
            "<!--[if gte mso 9]><xml><w:x>1</w:x></xml><![endif]--><p class=MsoNormal><span lang=EN-US>2024<o:p></o:p></span><![if !supportLists]>年<![endif]></p>",
        );
        assert_eq!(d.to_text(), "2024年\n");
    }

    #[test]
    fn a_tag_left_open_at_the_end() {
        // Found by fuzzing: the input ends inside a tag, on a multi-byte character.
        let d = read("<p>正文<headeta2ch搴滀俊");
        assert_eq!(d.to_text(), "正文\n");
    }

    #[test]
    fn refs() {
        let mut s = String::new();
        decode_refs("&lt;&#20013;&#x6587;&amp;&bogus;&", &mut s);
        assert_eq!(s, "<中文&&bogus;&");
    }

    #[test]
    fn refs_without_semicolon_as_browsers_read_them() {
        let mut s = String::new();
        decode_refs(
            "&nbsp|&#160|&#xA0x|&amp&lt3|&copy2024|&nbspx|&bogus|&#|&x",
            &mut s,
        );
        assert_eq!(s, "\u{a0}|\u{a0}|\u{a0}x|&<3|©2024|\u{a0}x|&bogus|&#|&x");
        // A blank cell written with the legacy reference is blank.
        let d = read("<table><tr><td>新收</td><td>&nbsp</td><td>3</td></tr></table>");
        assert_eq!(d.to_text(), "新收\t\t3\n\n");
    }
}
