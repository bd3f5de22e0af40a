//! The input room: a file's bytes or a clipboard's HTML → the text the parser reads (tables from HTML and Word files by their structure), or a Chinese message saying why not.

pub mod document;
pub mod docx;
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod xml;

pub use document::{Block, Cell, Document, Grid};

/// Largest file read at all; past it the user is told to split or export the report.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// How the text was obtained: said to the user beside the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Plain text, read as it is.
    Text,
    /// HTML read by its structure (a file or the clipboard's `text/html`).
    Html,
    /// A Word `.docx` file read by its structure.
    Docx,
    /// A PDF read by where its glyphs and drawn lines sit.
    Pdf,
}

impl How {
    /// What the page says about the reading ("已按表格结构读取" …).
    pub fn note(self, tables: bool) -> &'static str {
        match (self, tables) {
            (How::Text, _) => "已按纯文本读取",
            (How::Html, true) => "已按表格结构读取（HTML）",
            (How::Docx, true) => "已按表格结构读取（Word .docx）",
            (How::Pdf, true) => "已按版面位置读取（PDF）",
            (How::Html, false) => "已读取 HTML 中的文字（未见表格）",
            (How::Pdf, false) => "已读取 PDF 中的文字（未见表格）",
            (How::Docx, false) => "已读取 Word .docx 中的文字（未见表格）",
        }
    }
}

/// A file or clipboard read: the text to check and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub text: String,
    pub how: How,
    /// Whether tables were read by their structure.
    pub tables: bool,
}

impl Opened {
    pub fn note(&self) -> &'static str {
        self.how.note(self.tables)
    }
}

/// Why a file was not read: a one-line Chinese message saying what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// What kind of file the bytes are, from their first bytes and then the name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
    Docx,
    /// A zip that is not a Word document (`.xlsx`, `.pptx`, `.odt`, `.wps` saved as zip …).
    OtherZip,
    /// An OLE compound file: `.doc`, `.wps`, `.xls`, `.et`.
    Ole,
    Pdf,
    /// Images, archives and other binary files.
    Binary,
}

fn ext(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) => base[i + 1..].to_ascii_lowercase(),
        None => String::new(),
    }
}

/// Tells what the bytes are. Content wins over the name: a `.txt` that is really a zip is a zip.
pub fn sniff(name: &str, bytes: &[u8]) -> Kind {
    let e = ext(name);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return if e == "docx" || e == "docm" || e == "dotx" || docx::looks_like_docx(bytes) {
            Kind::Docx
        } else {
            Kind::OtherZip
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Kind::Ole;
    }
    if bytes.starts_with(b"%PDF") {
        return Kind::Pdf;
    }
    let binary_magic: [&[u8]; 8] = [
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"Rar!",
        b"7z\xBC\xAF",
        b"\x1F\x8B",
        b"{\\rtf",
        b"\x00\x00\x01\x00",
    ];
    if binary_magic.iter().any(|m| bytes.starts_with(m)) {
        return Kind::Binary;
    }
    match e.as_str() {
        "html" | "htm" | "xhtml" | "mht" | "mhtml" => Kind::Html,
        "doc" | "wps" | "xls" | "et" | "ppt" | "dps" => Kind::Ole,
        "docx" | "docm" => Kind::Docx,
        "xlsx" | "pptx" | "odt" | "ods" | "zip" => Kind::OtherZip,
        "pdf" => Kind::Pdf,
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "ofd" | "rtf"
        | "rar" | "7z" | "gz" => Kind::Binary,
        _ if looks_like_html(bytes) => Kind::Html,
        _ => Kind::Text,
    }
}

/// Whether text bytes open as an HTML document (a doctype or `<html>` near the start).
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let has = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
    has(b"<!doctype html") || has(b"<html")
}

/// The message for a file that is not read, by kind and extension.
pub fn refusal(kind: Kind, name: &str) -> Refusal {
    let e = ext(name);
    Refusal(match kind {
        Kind::Ole => format!(
            "无法读取 .{} 文件（旧版 Office/WPS 二进制格式）：请在 Word 或 WPS 中“另存为” .docx 后打开，或复制正文粘贴到这里。",
            if e.is_empty() { "doc".into() } else { e }
        ),
        Kind::Pdf => "暂不能直接读取 PDF：请在 PDF 阅读器中全选并复制正文，粘贴到这里。".to_string(),
        Kind::OtherZip if matches!(e.as_str(), "xlsx" | "ods" | "et") => {
            "不能读取电子表格文件：请复制表格区域粘贴到这里，或打开报告的 .docx / 网页。".to_string()
        }
        Kind::OtherZip => format!(
            "这不是 Word .docx 文档（.{}）：请打开报告的 .docx、网页（.html）或文本文件，或复制正文粘贴到这里。",
            if e.is_empty() { "zip".into() } else { e }
        ),
        Kind::Binary => "这不是文本、网页或 Word 文件（可能是图片或压缩包）：扫描件需先经文字识别（OCR），再粘贴文字。".to_string(),
        Kind::Text | Kind::Html | Kind::Docx => "无法读取该文件。".to_string(),
    })
}

/// The refusal for a file over [`MAX_FILE_BYTES`] (the page says it before reading the file).
pub fn too_large(len: usize) -> Refusal {
    Refusal(format!(
        "文件过大（{} MB，上限 {} MB）：请只保留年度报告正文后再打开。",
        len / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// Opens a file: text and HTML are decoded by `decode` (the shell's decoder: the CLI's and the
/// page's read UTF-8, UTF-16 with a BOM and GB18030 alike), HTML and `.docx` are read by their
/// structure. Anything else is refused with a message saying what to do.
pub fn open(
    name: &str,
    bytes: &[u8],
    decode: impl Fn(&[u8]) -> Result<String, String>,
) -> Result<Opened, Refusal> {
    match open_plain(name, bytes, decode) {
        Ok(opened) => opened,
        Err(Kind::Docx) => open_docx(bytes),
        // The page's main wasm module must not link the PDF reader (its size budget): there the
        // PDF is refused here and read by a separate module through `open_pdf`.
        #[cfg(all(feature = "pdf", not(target_arch = "wasm32")))]
        Err(Kind::Pdf) => open_pdf(bytes),
        Err(k) => Err(refusal(k, name)),
    }
}

/// What `open` reads without the `.docx` and PDF readers: text and HTML are read (or refused);
/// for a `.docx` or a PDF, `Err` with its kind. The page's main module calls this and reads those
/// two kinds with on-demand modules (`open_docx`, `open_pdf` in their own wasm), so that the
/// readers cost nothing to those who only paste.
pub fn open_plain(
    name: &str,
    bytes: &[u8],
    decode: impl Fn(&[u8]) -> Result<String, String>,
) -> Result<Result<Opened, Refusal>, Kind> {
    if bytes.len() > MAX_FILE_BYTES {
        return Ok(Err(too_large(bytes.len())));
    }
    Ok(match sniff(name, bytes) {
        Kind::Text => decode(bytes)
            .map(|text| Opened {
                text,
                how: How::Text,
                tables: false,
            })
            .map_err(|why| Refusal(format!("无法解码文本：{why}"))),
        Kind::Html => decode(bytes)
            .map(|text| from_html(&text))
            .map_err(|why| Refusal(format!("无法解码网页：{why}"))),
        k @ (Kind::Docx | Kind::Pdf) => return Err(k),
        Kind::Ole if docx::is_encrypted_package(bytes) => Err(Refusal(
            "文件设有打开密码（已加密）：请在 Word 或 WPS 中取消密码后另存为 .docx 再打开，或复制正文粘贴到这里。"
                .to_string(),
        )),
        k => Err(refusal(k, name)),
    })
}

/// Reads a Word `.docx` file by its structure, as the text the parser reads.
pub fn open_docx(bytes: &[u8]) -> Result<Opened, Refusal> {
    let doc = docx::read(bytes)?;
    Ok(Opened {
        text: doc.to_text(),
        how: How::Docx,
        tables: doc.has_table(),
    })
}

/// Reads a PDF by the positions of its glyphs and drawn table borders (`pdf::read_pdf`), as the
/// text the parser reads. The one entry point for the PDF reader (the CLI through `open`; the page,
/// later, from its own on-demand module).
#[cfg(feature = "pdf")]
pub fn open_pdf(bytes: &[u8]) -> Result<Opened, Refusal> {
    let doc = pdf::read_pdf(bytes)?;
    Ok(Opened {
        text: doc.to_text(),
        how: How::Pdf,
        tables: doc.has_table(),
    })
}

/// Reads HTML (a file, or the clipboard's `text/html`) by its structure.
pub fn from_html(html: &str) -> Opened {
    let doc = html::read(html);
    Opened {
        text: doc.to_text(),
        how: How::Html,
        tables: doc.has_table(),
    }
}

/// Bytes to text: UTF-8 (BOM stripped), else UTF-16 with a BOM, else GB18030; malformed input in
/// the chosen encoding is an error, never silently replaced. The CLI's decoder; the page decodes
/// the same way with the browser's `TextDecoder`, so `encoding_rs`'s tables stay out of the wasm.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.strip_prefix('\u{feff}').unwrap_or(s).to_string());
    }
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((encoding_rs::UTF_16LE, rest)),
        [0xFE, 0xFF, rest @ ..] => Some((encoding_rs::UTF_16BE, rest)),
        _ => None,
    };
    if let Some((encoding, rest)) = utf16 {
        return encoding
            .decode_without_bom_handling_and_without_replacement(rest)
            .map(|s| s.into_owned())
            .ok_or_else(|| format!("不是有效的 UTF-16 / invalid {}", encoding.name()));
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(|| {
            "既不是 UTF-8 也不是 GB18030 编码 / neither valid UTF-8 nor GB18030".to_string()
        })
}
