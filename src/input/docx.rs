//! Word `.docx` reader: the zip's main document part → paragraphs and table grids (merged cells by `w:gridSpan`/`w:vMerge`), bounded in time and memory whatever the bytes.
//!
//! The zip is read by hand (end-of-central-directory record → central directory → local header,
//! stored and deflate entries, zip64 sizes): it is about 150 lines, where the zip crates
//! bring writers, encodings, time types and more into the wasm. Inflating is `miniz_oxide`'s
//! (pure Rust, the one behind `flate2`), always with an output limit, so a zip bomb is refused
//! after at most [`MAX_XML_BYTES`] of output. CRC-32s are not verified: a damaged deflate stream
//! fails to inflate, and a damaged stored one shows as malformed XML or odd text, never a crash.
//!
//! The XML is read by our pull reader (`xml.rs`), which never expands DTD entities: only the five
//! predefined ones and character references become text, any other `&name;` is dropped, so an
//! entity-expansion ("billion laughs") document yields nothing. Elements are matched by local
//! name, whatever their prefix. What is read: `w:t` text in runs; `w:tab` as a space; `w:br` and
//! `w:cr` end a line of a body paragraph (a space inside a cell); tables by their rows and cells
//! with `w:gridSpan`, `w:vMerge`, `w:hMerge`, `w:gridBefore`/`w:gridAfter`; tables nested in a
//! cell are flattened into its text; text boxes and content controls are read in place. What is
//! not: deleted text (`w:delText`, `w:moveFrom`), field codes (`w:instrText`), hidden runs
//! (`w:vanish`), and the VML fallback copy of drawings (`mc:Fallback`).

use super::document::{Block, Document, GridBuilder, MAX_CELLS, MAX_COLUMNS};
use super::xml::{Event, Reader, Start as BytesStart};
use super::Refusal;
use std::borrow::Cow;

/// Most bytes the main document part may inflate to; past it the file is refused.
pub const MAX_XML_BYTES: usize = 64 * 1024 * 1024;
/// Most bytes of text read out of the document.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;
/// Deepest element nesting followed (Word's own documents stay within a few dozen).
const MAX_DEPTH: usize = 1000;
/// Most bytes `_rels/.rels` may inflate to.
const MAX_RELS_BYTES: usize = 1024 * 1024;
/// The main document part's usual name.
const MAIN_PART: &str = "word/document.xml";

/// Whether the bytes are a zip holding `word/document.xml` (by its central directory; in a zip
/// whose directory is damaged, by the name appearing in a local header).
pub fn looks_like_docx(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK") {
        return false;
    }
    match entries(bytes) {
        Ok(list) => list.iter().any(|e| same_name(e.name, MAIN_PART)),
        Err(_) => bytes
            .windows(MAIN_PART.len())
            .any(|w| w == MAIN_PART.as_bytes()),
    }
}

/// Whether the bytes are an OLE compound file holding an `EncryptedPackage` stream: a `.docx`
/// saved with an open password (Word and WPS wrap the encrypted zip this way).
pub fn is_encrypted_package(bytes: &[u8]) -> bool {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let name: Vec<u8> = "EncryptedPackage".bytes().flat_map(|b| [b, 0]).collect();
    bytes.starts_with(&OLE) && bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// Reads a `.docx`: the main document's body, paragraphs and tables in order. Refuses, with a
/// one-line Chinese message, what is not a readable `.docx`.
pub fn read(bytes: &[u8]) -> Result<Document, Refusal> {
    if is_encrypted_package(bytes) {
        return Err(encrypted());
    }
    let list = entries(bytes).map_err(damaged)?;
    let main = match list.iter().find(|e| same_name(e.name, MAIN_PART)) {
        Some(e) => e,
        None => main_part_by_rels(bytes, &list)?.ok_or_else(|| {
            Refusal(
                "这不是 Word .docx 文档（压缩包中没有 word/document.xml）：请在 Word/WPS 中另存为 .docx 后打开，或复制正文粘贴到这里。"
                    .to_string(),
            )
        })?,
    };
    let xml = extract(bytes, main, MAX_XML_BYTES)?;
    read_xml(&xml)
}

// ---------------------------------------------------------------------------------------------
// Refusals

fn damaged(why: &str) -> Refusal {
    Refusal(format!(
        "文件已损坏或不是有效的 .docx：{why}。请在 Word/WPS 中重新另存为 .docx 后再打开。"
    ))
}

fn encrypted() -> Refusal {
    Refusal(
        "该 .docx 已加密（设有打开密码）：请在 Word/WPS 中取消密码后另存为 .docx，或复制正文粘贴到这里。"
            .to_string(),
    )
}

fn too_big() -> Refusal {
    Refusal(format!(
        "文件解压后过大（超过 {} MB），可能是损坏或恶意文件：请复制正文粘贴到这里。",
        MAX_XML_BYTES / (1024 * 1024)
    ))
}

// ---------------------------------------------------------------------------------------------
// Zip

/// A central directory entry.
#[derive(Debug)]
struct Entry<'a> {
    name: &'a [u8],
    flags: u16,
    method: u16,
    compressed: u64,
    size: u64,
    /// Offset of the local header, corrected for bytes prepended to the zip.
    offset: u64,
}

fn le(b: &[u8], at: usize, n: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(n)?)?;
    Some(s.iter().rev().fold(0u64, |v, &x| (v << 8) | u64::from(x)))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    le(b, at, 2).and_then(|v| u16::try_from(v).ok())
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    le(b, at, 4)
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    le(b, at, 8)
}

fn to_usize(v: u64) -> Option<usize> {
    usize::try_from(v).ok()
}

/// Zip names compared as OPC part names: ASCII case-insensitive, `\` as `/`, no leading `/`.
fn same_name(name: &[u8], want: &str) -> bool {
    let name = name.strip_prefix(b"/").unwrap_or(name);
    name.len() == want.len()
        && name.iter().zip(want.bytes()).all(|(&a, b)| {
            let a = if a == b'\\' { b'/' } else { a };
            a.eq_ignore_ascii_case(&b)
        })
}

/// The end-of-central-directory record: searched for backwards over the last 64 KiB + 22 bytes
/// (its comment is at most 65,535 bytes).
fn find_eocd(b: &[u8]) -> Option<usize> {
    let last = b.len().checked_sub(22)?;
    let first = b.len().saturating_sub(22 + 0xFFFF);
    (first..=last)
        .rev()
        .find(|&i| b.get(i..i + 4) == Some(b"PK\x05\x06".as_slice()))
}

/// The central directory's entries.
fn entries(b: &[u8]) -> Result<Vec<Entry<'_>>, &'static str> {
    const BAD: &str = "压缩包目录不完整";
    let eocd = find_eocd(b).ok_or(if b.starts_with(b"PK") {
        "压缩包不完整（可能下载或复制时被截断）"
    } else {
        "不是 zip 压缩格式"
    })?;
    let mut count = u64::from(u16_at(b, eocd + 10).ok_or(BAD)?);
    let mut cd_size = u32_at(b, eocd + 12).ok_or(BAD)?;
    let mut cd_offset = u32_at(b, eocd + 16).ok_or(BAD)?;
    if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        // Zip64: the locator sits just before the record and points at the zip64 record.
        let loc = eocd.checked_sub(20).ok_or(BAD)?;
        if b.get(loc..loc + 4) != Some(b"PK\x06\x07".as_slice()) {
            return Err(BAD);
        }
        let z = u64_at(b, loc + 8).and_then(to_usize).ok_or(BAD)?;
        if b.get(z..z.saturating_add(4)) != Some(b"PK\x06\x06".as_slice()) {
            return Err(BAD);
        }
        count = u64_at(b, z + 32).ok_or(BAD)?;
        cd_size = u64_at(b, z + 40).ok_or(BAD)?;
        cd_offset = u64_at(b, z + 48).ok_or(BAD)?;
    }
    // Bytes prepended to the zip shift every offset by the same amount: where the directory
    // really starts (just before the record) tells by how much.
    let is_cd = |at: u64| {
        to_usize(at).is_some_and(|at| b.get(at..at.saturating_add(4)) == Some(b"PK\x01\x02"))
    };
    let shift = if count == 0 || is_cd(cd_offset) {
        0
    } else {
        match (eocd as u64).checked_sub(cd_size) {
            Some(real) if real > cd_offset && is_cd(real) => real - cd_offset,
            _ => return Err(BAD),
        }
    };
    let start = to_usize(cd_offset + shift).ok_or(BAD)?;
    let end = start
        .checked_add(to_usize(cd_size).ok_or(BAD)?)
        .filter(|&e| e <= b.len())
        .ok_or(BAD)?;
    let mut out = Vec::new();
    let mut p = start;
    while (out.len() as u64) < count {
        if p.checked_add(46).is_none_or(|e| e > end) || b.get(p..p + 4) != Some(b"PK\x01\x02") {
            return Err(BAD);
        }
        let flags = u16_at(b, p + 8).ok_or(BAD)?;
        let method = u16_at(b, p + 10).ok_or(BAD)?;
        let mut compressed = u32_at(b, p + 20).ok_or(BAD)?;
        let mut size = u32_at(b, p + 24).ok_or(BAD)?;
        let name_len = usize::from(u16_at(b, p + 28).ok_or(BAD)?);
        let extra_len = usize::from(u16_at(b, p + 30).ok_or(BAD)?);
        let comment_len = usize::from(u16_at(b, p + 32).ok_or(BAD)?);
        let mut offset = u32_at(b, p + 42).ok_or(BAD)?;
        let name = b.get(p + 46..p + 46 + name_len).ok_or(BAD)?;
        let extra_at = p + 46 + name_len;
        let extra = b.get(extra_at..extra_at + extra_len).ok_or(BAD)?;
        if size == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // Zip64 extended information (0x0001): the 64-bit values of the fields set to all
            // ones, in this order.
            let mut x = 0;
            while let (Some(id), Some(len)) = (u16_at(extra, x), u16_at(extra, x + 2)) {
                let data = extra.get(x + 4..x + 4 + usize::from(len)).ok_or(BAD)?;
                if id == 1 {
                    let mut at = 0;
                    for field in [&mut size, &mut compressed, &mut offset] {
                        if *field == 0xFFFF_FFFF {
                            *field = u64_at(data, at).ok_or(BAD)?;
                            at += 8;
                        }
                    }
                    break;
                }
                x += 4 + usize::from(len);
            }
        }
        out.push(Entry {
            name,
            flags,
            method,
            compressed,
            size,
            offset: offset.checked_add(shift).ok_or(BAD)?,
        });
        p = extra_at + extra_len + comment_len;
    }
    Ok(out)
}

/// An entry's bytes, inflated with at most `limit` bytes of output.
fn extract<'a>(b: &'a [u8], e: &Entry<'_>, limit: usize) -> Result<Cow<'a, [u8]>, Refusal> {
    const BAD: &str = "压缩包中的文件不完整";
    if e.flags & 1 != 0 || e.method == 99 {
        return Err(encrypted());
    }
    let at = to_usize(e.offset).ok_or_else(|| damaged(BAD))?;
    if b.get(at..at.saturating_add(4)) != Some(b"PK\x03\x04".as_slice()) {
        return Err(damaged(BAD));
    }
    let name_len = u16_at(b, at + 26).ok_or_else(|| damaged(BAD))?;
    let extra_len = u16_at(b, at + 28).ok_or_else(|| damaged(BAD))?;
    let data_at = at + 30 + usize::from(name_len) + usize::from(extra_len);
    let data = to_usize(e.compressed)
        .and_then(|n| b.get(data_at..data_at.checked_add(n)?))
        .ok_or_else(|| damaged(BAD))?;
    match e.method {
        0 if data.len() > limit => Err(too_big()),
        0 => Ok(Cow::Borrowed(data)),
        8 => {
            if e.size > limit as u64 {
                // The directory says so; the limit below holds whatever it says.
                return Err(too_big());
            }
            miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit)
                .map(Cow::Owned)
                .map_err(|err| match err.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => too_big(),
                    _ => damaged("压缩数据已损坏"),
                })
        }
        m => Err(Refusal(format!(
            "该 .docx 使用了不支持的压缩方式（方法 {m}）：请在 Word/WPS 中重新另存为 .docx 后再打开。"
        ))),
    }
}

/// The main document part named by `_rels/.rels` (its `officeDocument` relationship), for the
/// files that do not call it `word/document.xml`.
fn main_part_by_rels<'a, 'b>(
    b: &'a [u8],
    list: &'b [Entry<'a>],
) -> Result<Option<&'b Entry<'a>>, Refusal> {
    let Some(rels) = list.iter().find(|e| same_name(e.name, "_rels/.rels")) else {
        return Ok(None);
    };
    let xml = extract(b, rels, MAX_RELS_BYTES)?;
    let mut reader = Reader::new(xml.as_ref());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name() == b"Relationship" => {
                let is_main = attr(&e, b"Type").is_some_and(|t| t.ends_with(b"/officeDocument"));
                let external = attr(&e, b"TargetMode").is_some_and(|m| m.as_ref() == b"External");
                if let (true, false, Some(target)) = (is_main, external, attr(&e, b"Target")) {
                    let target = String::from_utf8_lossy(&target).into_owned();
                    return Ok(list.iter().find(|e| same_name(e.name, &target)));
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// WordprocessingML

/// An open element, as far as the reading cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    /// A paragraph outside any table: it owns a line buffer.
    BodyP,
    /// A paragraph inside a table cell.
    CellP,
    R,
    RPr,
    T,
    Other,
}

/// How a cell takes part in a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    None,
    /// `w:vMerge`/`w:hMerge` without `restart`: a position covered by the cell above or left.
    Continue,
}

#[derive(Debug)]
struct OpenCell {
    text: String,
    colspan: usize,
    merge: Merge,
}

/// The reading state: an element stack and what the open elements build.
struct Walker {
    doc: Document,
    stack: Vec<Tag>,
    /// Everything is ignored while the stack is at least this deep (deleted text, field codes,
    /// hidden runs, fallback content).
    skip: Option<usize>,
    /// Open body paragraphs' text (a text box's paragraphs nest inside the anchor's).
    paras: Vec<String>,
    /// How many tables are open; only the outermost builds a grid.
    tables: usize,
    grid: Option<GridBuilder>,
    cell: Option<OpenCell>,
    /// The open row's `w:gridBefore` (until its first cell) and `w:gridAfter`.
    before: usize,
    after: usize,
    budget: usize,
    text_bytes: usize,
    body: bool,
}

/// An attribute's raw value by local name.
fn attr<'a>(e: &BytesStart<'a>, name: &[u8]) -> Option<Cow<'a, [u8]>> {
    e.attr(name)
}

/// A `w:val` count (spans, grid skips), at most [`MAX_COLUMNS`]; `None` when absent or not a
/// number.
fn count(e: &BytesStart<'_>) -> Option<usize> {
    let v = attr(e, b"val")?;
    let v = v.as_ref();
    let v = std::str::from_utf8(v).ok()?.trim();
    if v.is_empty() || !v.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(
        v.bytes()
            .try_fold(0usize, |n, c| {
                n.checked_mul(10)?.checked_add(usize::from(c - b'0'))
            })
            .unwrap_or(MAX_COLUMNS)
            .min(MAX_COLUMNS),
    )
}

/// Whether an on/off property (`w:vanish`) is on: absent value or anything but false.
fn on(e: &BytesStart<'_>) -> bool {
    attr(e, b"val").is_none_or(|v| !matches!(v.as_ref(), b"0" | b"false" | b"off"))
}

impl Walker {
    fn new() -> Self {
        Walker {
            doc: Document::default(),
            stack: Vec::new(),
            skip: None,
            paras: Vec::new(),
            tables: 0,
            grid: None,
            cell: None,
            before: 0,
            after: 0,
            budget: MAX_CELLS,
            text_bytes: 0,
            body: false,
        }
    }

    fn text(&mut self, s: &str) -> Result<(), Refusal> {
        if self.skip.is_some() || s.is_empty() {
            return Ok(());
        }
        self.text_bytes = self.text_bytes.saturating_add(s.len());
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(Refusal(format!(
                "文档文字过多（超过 {} MB），可能是损坏或恶意文件：请只保留年度报告正文后再打开。",
                MAX_TEXT_BYTES / (1024 * 1024)
            )));
        }
        if self.tables > 0 {
            if let Some(c) = &mut self.cell {
                c.text.push_str(s);
            }
        } else if let Some(p) = self.paras.last_mut() {
            p.push_str(s);
        }
        Ok(())
    }

    fn too_many_cells() -> Refusal {
        Refusal(format!(
            "文档中的表格过大（超过 {MAX_CELLS} 个单元格），可能是损坏或恶意文件：请复制正文粘贴到这里。"
        ))
    }

    /// Empty positions: the row's `w:gridBefore` (before its first cell) or `w:gridAfter`.
    fn blanks(&mut self, n: usize) -> Result<(), Refusal> {
        if let Some(g) = &mut self.grid {
            for _ in 0..n {
                if !g.cell("", 1, 1, &mut self.budget) {
                    return Err(Self::too_many_cells());
                }
            }
        }
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), Refusal> {
        let (Some(c), Some(g)) = (self.cell.take(), &mut self.grid) else {
            return Ok(());
        };
        let placed = match c.merge {
            Merge::Continue => g.covered(c.colspan, &mut self.budget),
            Merge::None => g.cell(&c.text, c.colspan, 1, &mut self.budget),
        };
        if placed {
            Ok(())
        } else {
            Err(Self::too_many_cells())
        }
    }

    fn open(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(damaged("正文结构嵌套过深"));
        }
        if self.skip.is_some() {
            self.stack.push(Tag::Other);
            return Ok(());
        }
        let parent = self.stack.last().copied();
        let outer = self.tables == 1;
        let name = e.local_name();
        let tag = match name {
            b"body" => {
                self.body = true;
                Tag::Other
            }
            b"tbl" => {
                self.tables += 1;
                if self.tables == 1 {
                    self.grid = Some(GridBuilder::new());
                } else {
                    self.text(" ")?;
                }
                Tag::Tbl
            }
            b"tr" => {
                if outer {
                    self.end_cell()?;
                    if let Some(g) = &mut self.grid {
                        g.row();
                    }
                    self.before = 0;
                    self.after = 0;
                }
                Tag::Tr
            }
            b"trPr" => Tag::TrPr,
            b"gridBefore" if outer && parent == Some(Tag::TrPr) => {
                self.before = count(e).unwrap_or(0);
                Tag::Other
            }
            b"gridAfter" if outer && parent == Some(Tag::TrPr) => {
                self.after = count(e).unwrap_or(0);
                Tag::Other
            }
            b"tc" => {
                if outer {
                    self.end_cell()?;
                    let before = std::mem::take(&mut self.before);
                    self.blanks(before)?;
                    self.cell = Some(OpenCell {
                        text: String::new(),
                        colspan: 1,
                        merge: Merge::None,
                    });
                }
                Tag::Tc
            }
            b"tcPr" => Tag::TcPr,
            b"gridSpan" if outer && parent == Some(Tag::TcPr) => {
                if let Some(c) = &mut self.cell {
                    c.colspan = count(e).unwrap_or(1).max(1);
                }
                Tag::Other
            }
            b"vMerge" | b"hMerge" if outer && parent == Some(Tag::TcPr) => {
                if let Some(c) = &mut self.cell {
                    let restart = attr(e, b"val").is_some_and(|v| v.as_ref() == b"restart");
                    c.merge = if restart {
                        Merge::None
                    } else {
                        Merge::Continue
                    };
                }
                Tag::Other
            }
            b"p" if self.tables == 0 => {
                self.paras.push(String::new());
                Tag::BodyP
            }
            b"p" => Tag::CellP,
            b"r" => Tag::R,
            b"rPr" => Tag::RPr,
            b"t" => Tag::T,
            b"tab" | b"ptab" if parent == Some(Tag::R) => {
                self.text(" ")?;
                Tag::Other
            }
            b"noBreakHyphen" if parent == Some(Tag::R) => {
                self.text("-")?;
                Tag::Other
            }
            b"br" | b"cr" if parent == Some(Tag::R) => {
                if self.tables == 0 {
                    // A line break ends a line of a body paragraph.
                    if let Some(p) = self.paras.last_mut() {
                        let line = std::mem::take(p);
                        self.doc.para(&line);
                    }
                } else {
                    self.text(" ")?;
                }
                Tag::Other
            }
            b"vanish" if parent == Some(Tag::RPr) && on(e) => {
                // A hidden run: skip the rest of it (its properties come before its content).
                let run = self.stack.len().checked_sub(1);
                if run.and_then(|i| self.stack.get(i.checked_sub(1)?)) == Some(&Tag::R) {
                    self.skip = run;
                }
                Tag::Other
            }
            b"delText" | b"delInstrText" | b"instrText" | b"moveFrom" | b"Fallback" => {
                self.skip = Some(self.stack.len() + 1);
                Tag::Other
            }
            _ => Tag::Other,
        };
        self.stack.push(tag);
        Ok(())
    }

    fn close(&mut self) -> Result<(), Refusal> {
        let Some(tag) = self.stack.pop() else {
            return Err(damaged("正文 XML 格式错误（多余的结束标记）"));
        };
        if let Some(s) = self.skip {
            if self.stack.len() < s {
                self.skip = None;
            }
        }
        match tag {
            Tag::Tbl => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.end_cell()?;
                    if let Some(g) = self.grid.take().and_then(GridBuilder::finish) {
                        self.doc.blocks.push(Block::Table(g));
                    }
                } else {
                    self.text(" ")?;
                }
            }
            Tag::Tr if self.tables == 1 => {
                self.end_cell()?;
                let n = std::mem::take(&mut self.before) + std::mem::take(&mut self.after);
                self.blanks(n)?;
            }
            Tag::Tc if self.tables == 1 => self.end_cell()?,
            Tag::Tr | Tag::Tc | Tag::CellP => self.text(" ")?,
            Tag::BodyP => {
                if let Some(p) = self.paras.pop() {
                    self.doc.para(&p);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A reference in text: predefined and numeric ones become text; entities declared in a DTD
    /// are never expanded (dropped).
    fn reference(&mut self, name: &[u8]) -> Result<(), Refusal> {
        match super::xml::reference(name) {
            Some(c) => self.text(c.encode_utf8(&mut [0; 4])),
            None => Ok(()),
        }
    }
}

/// Reads the main document part's XML.
fn read_xml(xml: &[u8]) -> Result<Document, Refusal> {
    // UTF-16 parts (legal, rare) are made UTF-8 first; a UTF-8 byte order mark is dropped.
    let utf16 = |rest: &[u8], big: bool| {
        let units = rest.chunks_exact(2).map(|u| match u {
            [a, b] if big => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            _ => 0,
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        Cow::Owned(text.into_bytes())
    };
    let utf8: Cow<'_, [u8]> = match xml {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        [0xEF, 0xBB, 0xBF, rest @ ..] => Cow::Borrowed(rest),
        _ => Cow::Borrowed(xml),
    };
    let mut reader = Reader::new(utf8.as_ref());
    let mut w = Walker::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|at| damaged(&format!("正文 XML 格式错误（第 {at} 字节附近）")))?;
        match event {
            Event::Start(e) => w.open(&e)?,
            Event::End => w.close()?,
            Event::Text(t) if w.stack.last() == Some(&Tag::T) => {
                w.text(&String::from_utf8_lossy(t))?;
            }
            Event::CData(t) if w.stack.last() == Some(&Tag::T) => {
                w.text(&String::from_utf8_lossy(t))?;
            }
            Event::Ref(r) if w.stack.last() == Some(&Tag::T) => w.reference(r)?,
            Event::Eof => break,
            _ => {}
        }
    }
    if !w.stack.is_empty() {
        return Err(damaged("正文 XML 不完整"));
    }
    if !w.body {
        return Err(damaged("找不到正文（w:body）"));
    }
    Ok(w.doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::document::Cell;

    /// A zip of stored entries (CRC left 0: the reader does not verify it).
    fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        zip_with(files, 0, 0)
    }

    fn zip_with(files: &[(&str, &[u8])], method: u16, flags: u16) -> Vec<u8> {
        let mut out = Vec::new();
        let mut cd = Vec::new();
        for (name, data) in files {
            let offset = out.len() as u32;
            let header = |sig: &[u8], central: bool| {
                let mut h = sig.to_vec();
                if central {
                    h.extend(20u16.to_le_bytes());
                }
                h.extend(20u16.to_le_bytes());
                h.extend(flags.to_le_bytes());
                h.extend(method.to_le_bytes());
                h.extend([0u8; 8]); // time, date, crc
                h.extend((data.len() as u32).to_le_bytes());
                h.extend((data.len() as u32).to_le_bytes());
                h.extend((name.len() as u16).to_le_bytes());
                h.extend(0u16.to_le_bytes());
                if central {
                    h.extend([0u8; 10]); // comment length, disk, attributes
                    h.extend(offset.to_le_bytes());
                }
                h.extend(name.as_bytes());
                h
            };
            out.extend(header(b"PK\x03\x04", false));
            out.extend(*data);
            cd.extend(header(b"PK\x01\x02", true));
        }
        let cd_offset = out.len() as u32;
        out.extend(&cd);
        out.extend(b"PK\x05\x06\0\0\0\0");
        out.extend((files.len() as u16).to_le_bytes());
        out.extend((files.len() as u16).to_le_bytes());
        out.extend((cd.len() as u32).to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out
    }

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>"#;
    const TAIL: &str = "</w:body></w:document>";

    fn doc(body: &str) -> Document {
        read_xml(format!("{HEAD}{body}{TAIL}").as_bytes()).expect("reads")
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn tc(props: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_runs_entities_and_breaks() {
        let d = doc(concat!(
            "<w:p><w:r><w:t>本年</w:t></w:r><w:r><w:t xml:space=\"preserve\"> 新收 &amp; &#x4E00;&#49;</w:t></w:r></w:p>",
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>一、</w:t><w:tab/><w:t>总体情况</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>",
            "<w:p/>",
            "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>可见</w:t></w:r></w:p>",
            "<w:p><w:del><w:r><w:delText>删掉</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>",
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>3</w:t></w:r></w:p>",
        ));
        assert_eq!(
            d.to_text(),
            "本年 新收 & 一1\n一、 总体情况\n第二行\n可见\n插入3\n"
        );
    }

    #[test]
    fn spans_merges_and_grid_skips() {
        let row1 = format!(
            "<w:tr>{}{}{}</w:tr>",
            tc("<w:vMerge w:val=\"restart\"/>", "a"),
            tc("<w:gridSpan w:val=\"2\"/>", "b"),
            tc("", "c")
        );
        let row2 = format!(
            "<w:tr>{}{}{}{}</w:tr>",
            tc("<w:vMerge/>", ""),
            tc("", "d"),
            tc("", ""),
            tc("", "f")
        );
        let row3 = format!(
            "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"2\"/></w:trPr>{}</w:tr>",
            tc("", "g")
        );
        let d = doc(&format!(
            "{}<w:tbl>{row1}{row2}{row3}</w:tbl>{}",
            p("前"),
            p("后")
        ));
        assert_eq!(d.blocks.len(), 3);
        assert_eq!(grid(&d, 1), ["a|b|^|c", "^|d||f", "|g||"]);
    }

    /// A table's rows, cells separated by `|`, covered positions as `^`.
    fn grid(d: &Document, i: usize) -> Vec<String> {
        let Some(Block::Table(g)) = d.blocks.get(i) else {
            panic!("no table at block {i}: {d:?}")
        };
        g.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Text(t) => t.as_str(),
                        Cell::Covered => "^",
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn cell_paragraphs_breaks_and_nested_tables_are_one_line() {
        let inner = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("", "x"), tc("", "y"));
        let cell = format!(
            "<w:tc><w:p><w:r><w:t>结果</w:t><w:br/><w:t>纠正</w:t></w:r></w:p>{}{inner}</w:tc>",
            p("第二段")
        );
        let d = doc(&format!(
            "<w:tbl><w:tr>{cell}{}</w:tr></w:tbl>",
            tc("", "1")
        ));
        assert_eq!(grid(&d, 0), ["结果 纠正 第二段 x y|1"]);
    }

    #[test]
    fn text_boxes_content_controls_and_fallbacks() {
        let d = doc(concat!(
            "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件</w:t></w:r></w:p></w:sdtContent></w:sdt>",
            "<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>",
            "<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>",
            "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>",
            "</mc:AlternateContent></w:r></w:p>",
        ));
        assert_eq!(d.to_text(), "控件\n文本框\n锚\n");
    }

    #[test]
    fn utf16_parts_are_read() {
        let xml = format!("{HEAD}{}{TAIL}", p("正文"));
        for big in [false, true] {
            let mut bytes = if big {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for u in xml.encode_utf16() {
                bytes.extend(if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                });
            }
            assert_eq!(read_xml(&bytes).unwrap().to_text(), "正文\n");
        }
    }

    #[test]
    fn billion_laughs_expands_nothing() {
        let mut xml = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        let mut prev = "lol".to_string();
        for i in 1..10 {
            let name = format!("lol{i}");
            xml.push_str(&format!(
                "<!ENTITY {name} \"{}\">",
                format!("&{prev};").repeat(10)
            ));
            prev = name;
        }
        xml.push_str(&format!(
            "]><w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>&{prev};ok</w:t></w:r></w:p></w:body></w:document>"
        ));
        let d = read(&zip(&[(MAIN_PART, xml.as_bytes())])).expect("reads");
        assert_eq!(d.to_text(), "ok\n");
    }

    #[test]
    fn zips_stored_and_deflated_and_renamed() {
        let xml = format!("{HEAD}{}{TAIL}", p("正文"));
        let stored = zip(&[
            ("[Content_Types].xml", b"<x/>"),
            (MAIN_PART, xml.as_bytes()),
        ]);
        assert!(looks_like_docx(&stored));
        assert_eq!(read(&stored).unwrap().to_text(), "正文\n");
        let packed = miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6);
        let deflated = zip_with(&[(MAIN_PART, &packed)], 8, 0);
        assert_eq!(read(&deflated).unwrap().to_text(), "正文\n");
        // Bytes before the zip (a self-extractor's stub) shift every offset.
        let mut shifted = b"junk before".to_vec();
        shifted.extend(&stored);
        assert_eq!(read(&shifted).unwrap().to_text(), "正文\n");
        // The main part found through _rels/.rels.
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document2.xml"/></Relationships>"#;
        let renamed = zip(&[
            ("_rels/.rels", rels),
            ("word/document2.xml", xml.as_bytes()),
        ]);
        assert!(!looks_like_docx(&renamed));
        assert_eq!(read(&renamed).unwrap().to_text(), "正文\n");
    }

    #[test]
    fn refusals() {
        let xml = format!("{HEAD}{}{TAIL}", p("正文"));
        let is = |r: Result<Document, Refusal>, what: &str| match r {
            Err(Refusal(m)) => assert!(m.contains(what), "{m}"),
            Ok(d) => panic!("read: {d:?}"),
        };
        is(read(b"not a zip at all"), "不是 zip");
        let good = zip(&[(MAIN_PART, xml.as_bytes())]);
        is(read(&good[..good.len() / 2]), "截断");
        is(
            read(&zip(&[("word/other.xml", b"<x/>")])),
            "没有 word/document.xml",
        );
        is(
            read(&zip_with(&[(MAIN_PART, xml.as_bytes())], 0, 1)),
            "已加密",
        );
        is(
            read(&zip_with(&[(MAIN_PART, xml.as_bytes())], 12, 0)),
            "方法 12",
        );
        is(
            read(&zip_with(&[(MAIN_PART, b"\x00garbage")], 8, 0)),
            "已损坏",
        );
        is(
            read(&zip(&[(MAIN_PART, b"<w:document><w:body><w:p></w:tc>")])),
            "XML",
        );
        is(
            read(&zip(&[(MAIN_PART, b"<w:document><w:body><w:p>")])),
            "不完整",
        );
        is(read(&zip(&[(MAIN_PART, b"")])), "w:body");
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend("EncryptedPackage".bytes().flat_map(|b| [b, 0]));
        is(read(&ole), "已加密");
        let deep = format!("{HEAD}{}{TAIL}", "<w:x>".repeat(5000));
        is(read(&zip(&[(MAIN_PART, deep.as_bytes())])), "嵌套过深");
    }

    #[test]
    fn never_panics_on_cut_or_flipped_bytes() {
        let xml = format!(
            "{HEAD}{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>{TAIL}",
            p("正文"),
            tc("<w:gridSpan w:val=\"99999999999999999999\"/>", "1"),
            tc("<w:vMerge/>", "2")
        );
        let packed = miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6);
        for z in [
            zip(&[(MAIN_PART, xml.as_bytes())]),
            zip_with(&[(MAIN_PART, &packed)], 8, 0),
        ] {
            for cut in 0..z.len() {
                let _ = read(&z[..cut]);
                let _ = looks_like_docx(&z[..cut]);
            }
            for i in 0..z.len() {
                let mut f = z.clone();
                f[i] ^= 0xFF;
                let _ = read(&f);
                let _ = looks_like_docx(&f);
            }
        }
    }
}
