//! A small XML pull reader for the Word reader: start and end tags (names checked to match), text, CDATA and character references; comments, processing instructions and the DOCTYPE (its entity declarations included) are skipped, so nothing is ever expanded.
//!
//! Why by hand: the `.docx` reader needs only this, and a general XML crate cost ~8 KB gzip of
//! the page's wasm, paid on every load by every user, where the page's budget is 250 KB.

use std::borrow::Cow;

/// A start tag: its qualified name and its raw attribute text.
#[derive(Debug, Clone, Copy)]
pub struct Start<'a> {
    pub name: &'a [u8],
    attrs: &'a [u8],
}

impl<'a> Start<'a> {
    /// The name without its namespace prefix (`w:tbl` → `tbl`).
    pub fn local_name(&self) -> &'a [u8] {
        local(self.name)
    }

    /// The value of the attribute whose local name is `name` (character references decoded).
    pub fn attr(&self, name: &[u8]) -> Option<Cow<'a, [u8]>> {
        let b = self.attrs;
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            let k0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
                i += 1;
            }
            let key = &b[k0..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let q = *b.get(i)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let v0 = i + 1;
            let v1 = v0 + b.get(v0..)?.iter().position(|&c| c == q)?;
            i = v1 + 1;
            if local(key) == name && !key.is_empty() {
                return Some(unescape(&b[v0..v1]));
            }
        }
        None
    }
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&c| c == b':') {
        Some(p) => &name[p + 1..],
        None => name,
    }
}

/// Decodes the five predefined entities and numeric references; anything else stays as written.
fn unescape(v: &[u8]) -> Cow<'_, [u8]> {
    if !v.contains(&b'&') {
        return Cow::Borrowed(v);
    }
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'&' {
            if let Some(e) = v[i + 1..].iter().take(12).position(|&c| c == b';') {
                if let Some(s) = reference(&v[i + 1..i + 1 + e]) {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(s.encode_utf8(&mut buf).as_bytes());
                    i += e + 2;
                    continue;
                }
            }
        }
        out.push(v[i]);
        i += 1;
    }
    Cow::Owned(out)
}

/// The character a reference names (`lt`, `#20013`, `#x4E2D` …); `None` for anything else (a
/// DTD's entities are never expanded).
pub fn reference(name: &[u8]) -> Option<char> {
    Some(match name {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"apos" => '\'',
        b"quot" => '"',
        [b'#', num @ ..] => {
            let n = match num {
                [b'x' | b'X', hex @ ..] => std::str::from_utf8(hex)
                    .ok()
                    .and_then(|h| u32::from_str_radix(h, 16).ok()),
                dec => std::str::from_utf8(dec).ok().and_then(|d| d.parse().ok()),
            };
            return n.and_then(char::from_u32).filter(|c| *c != '\0');
        }
        _ => return None,
    })
}

/// What the reader meets next.
#[derive(Debug)]
pub enum Event<'a> {
    Start(Start<'a>),
    /// The end of the innermost open element (an empty element `<a/>` gives Start then End).
    End,
    /// Text up to the next markup or reference, as written.
    Text(&'a [u8]),
    CData(&'a [u8]),
    /// A reference in text: the name between `&` and `;`.
    Ref(&'a [u8]),
    Eof,
}

/// The pull reader. Errors carry the byte offset where the XML went wrong.
pub struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    open: Vec<&'a [u8]>,
    end_pending: bool,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Reader {
            b,
            i: 0,
            open: Vec::new(),
            end_pending: false,
        }
    }

    fn find(&self, from: usize, needle: &[u8]) -> Option<usize> {
        self.b
            .get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    }

    pub fn read_event(&mut self) -> Result<Event<'a>, usize> {
        if self.end_pending {
            self.end_pending = false;
            self.open.pop();
            return Ok(Event::End);
        }
        let b = self.b;
        let i = self.i;
        if i >= b.len() {
            // Elements left open are the caller's to judge (an incomplete document).
            return Ok(Event::Eof);
        }
        match b[i] {
            b'&' => {
                let Some(e) = b[i + 1..].iter().take(64).position(|&c| c == b';') else {
                    return Err(i);
                };
                self.i = i + e + 2;
                Ok(Event::Ref(&b[i + 1..i + 1 + e]))
            }
            b'<' => self.markup(),
            _ => {
                let e = b[i..]
                    .iter()
                    .position(|&c| c == b'<' || c == b'&')
                    .map_or(b.len(), |p| i + p);
                self.i = e;
                Ok(Event::Text(&b[i..e]))
            }
        }
    }

    fn markup(&mut self) -> Result<Event<'a>, usize> {
        let b = self.b;
        let i = self.i;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            self.i = self.find(i + 4, b"-->").ok_or(i)? + 3;
            return self.read_event();
        }
        if rest.starts_with(b"<![CDATA[") {
            let e = self.find(i + 9, b"]]>").ok_or(i)?;
            self.i = e + 3;
            return Ok(Event::CData(&b[i + 9..e]));
        }
        if rest.starts_with(b"<?") {
            self.i = self.find(i + 2, b"?>").ok_or(i)? + 2;
            return self.read_event();
        }
        if rest.starts_with(b"<!") {
            // A DOCTYPE: skipped whole, its internal subset `[…]` included (never expanded).
            let mut depth = 0usize;
            let mut j = i + 2;
            while j < b.len() {
                match b[j] {
                    b'[' => depth += 1,
                    b']' => depth = depth.saturating_sub(1),
                    b'>' if depth == 0 => break,
                    _ => {}
                }
                j += 1;
            }
            if j >= b.len() {
                return Err(i);
            }
            self.i = j + 1;
            return self.read_event();
        }
        // A tag: up to its '>', quotes respected.
        let mut q: Option<u8> = None;
        let mut j = i + 1;
        while j < b.len() {
            let c = b[j];
            match q {
                Some(x) if c == x => q = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => q = Some(c),
                None if c == b'>' => break,
                None if c == b'<' => return Err(j),
                None => {}
            }
            j += 1;
        }
        if j >= b.len() {
            return Err(i);
        }
        self.i = j + 1;
        let inner = &b[i + 1..j];
        if let Some(name) = inner.strip_prefix(b"/") {
            let name = name.trim_ascii();
            return match self.open.pop() {
                Some(open) if open == name => Ok(Event::End),
                _ => Err(i),
            };
        }
        let empty = inner.last() == Some(&b'/');
        let inner = if empty {
            &inner[..inner.len() - 1]
        } else {
            inner
        };
        let n = inner
            .iter()
            .position(|c| c.is_ascii_whitespace())
            .unwrap_or(inner.len());
        let name = &inner[..n];
        if name.is_empty() {
            return Err(i);
        }
        self.open.push(name);
        self.end_pending = empty;
        Ok(Event::Start(Start {
            name,
            attrs: &inner[n..],
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(x: &str) -> Result<Vec<String>, usize> {
        let mut r = Reader::new(x.as_bytes());
        let mut out = Vec::new();
        loop {
            match r.read_event()? {
                Event::Start(s) => out.push(format!(
                    "<{}{}>",
                    String::from_utf8_lossy(s.local_name()),
                    s.attr(b"val")
                        .map(|v| format!(" {}", String::from_utf8_lossy(&v)))
                        .unwrap_or_default()
                )),
                Event::End => out.push("/".into()),
                Event::Text(t) | Event::CData(t) => out.push(String::from_utf8_lossy(t).into()),
                Event::Ref(r) => out.push(format!("&{};", String::from_utf8_lossy(r))),
                Event::Eof => return Ok(out),
            }
        }
    }

    #[test]
    fn tags_text_refs() {
        let e = events(
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><w:p><!-- c --><w:t xml:space='preserve'>a&lt;b&#20013;</w:t><w:gridSpan w:val=\"2\"/><![CDATA[<z>]]></w:p>",
        )
        .unwrap();
        assert_eq!(
            e,
            [
                "<p>",
                "<t>",
                "a",
                "&lt;",
                "b",
                "&#20013;",
                "/",
                "<gridSpan 2>",
                "/",
                "<z>",
                "/"
            ]
        );
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(events("<a><b></a>").is_err());
        assert_eq!(events("<a>").unwrap(), ["<a>"]);
        assert!(events("<a x='1>").is_err());
        assert!(events("</a>").is_err());
    }

    #[test]
    fn attribute_values_are_unescaped() {
        let mut r = Reader::new(b"<r Target=\"a&amp;b\" T:y='x'/>");
        let Ok(Event::Start(s)) = r.read_event() else {
            panic!()
        };
        assert_eq!(s.attr(b"Target").unwrap().as_ref(), b"a&b");
        assert_eq!(s.attr(b"y").unwrap().as_ref(), b"x");
        assert!(s.attr(b"z").is_none());
    }
}
