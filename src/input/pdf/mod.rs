//! The PDF reader: a PDF's bytes → the same `Document` (paragraphs and table grids) the HTML and Word readers give, from where each glyph and each drawn line sits; or a Chinese message saying why not.
//!
//! One function is the interface, [`read_pdf`]; the PDF library (hayro) is used only by
//! `content.rs` (glyphs and lines, page by page). `layout.rs` turns positions into lines,
//! paragraphs and tables and knows nothing of the library, and `guard.rs` measures the file's
//! compressed streams before the library sees them.

mod content;
mod guard;
mod layout;

use super::{Document, Refusal, MAX_FILE_BYTES};
use hayro_interpret::hayro_syntax::object::Object;
use hayro_interpret::hayro_syntax::{DecryptionError, LoadPdfError, Pdf};
use hayro_interpret::InterpreterCache;

/// Most pages read (a report has 5 to 30).
pub const MAX_PAGES: usize = 2000;

/// One glyph: its text, horizontal extent, vertical centre and font size, in points (y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub x0: f64,
    pub x1: f64,
    pub cy: f64,
    pub size: f64,
}

/// A straight line drawn on the page: horizontal at `y` from `x0` to `x1`, or vertical.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seg {
    H { y: f64, x0: f64, x1: f64 },
    V { x: f64, y0: f64, y1: f64 },
}

impl Seg {
    /// The line from `a` to `b` when it is (nearly) horizontal or vertical and not a dot.
    fn between(a: hayro_interpret::kurbo::Point, b: hayro_interpret::kurbo::Point) -> Option<Seg> {
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        if !(dx.is_finite() && dy.is_finite()) {
            return None;
        }
        if dy <= 0.5 && dx > 2.0 {
            Some(Seg::H {
                y: (a.y + b.y) / 2.0,
                x0: a.x.min(b.x),
                x1: a.x.max(b.x),
            })
        } else if dx <= 0.5 && dy > 2.0 {
            Some(Seg::V {
                x: (a.x + b.x) / 2.0,
                y0: a.y.min(b.y),
                y1: a.y.max(b.y),
            })
        } else {
            None
        }
    }
}

/// What one page holds for us.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub segs: Vec<Seg>,
    /// Images drawn (never decoded).
    pub images: usize,
    /// Glyphs with no Unicode text (no ToUnicode map, no glyph name).
    pub unmapped: usize,
    /// Fonts that could not be loaded (not embedded in the file): their text is not drawn.
    pub missing_fonts: usize,
}

fn refusal(s: &str) -> Refusal {
    Refusal(s.to_string())
}

const ENCRYPTED: &str = "此 PDF 已加密（需要密码才能打开）：请在 PDF 阅读器中输入密码后另存为不加密的 PDF，或复制正文粘贴到这里。";
const DAMAGED: &str = "此 PDF 已损坏或不是有效的 PDF 文件，无法读取：请重新下载，或打开报告的 .docx / 网页，或复制正文粘贴到这里。";
const BOMB: &str = "此 PDF 中的压缩数据解压后过大（超过 256 MB，可能是恶意构造的文件），已停止读取：请打开报告的 .docx / 网页，或复制正文粘贴到这里。";
const SCANNED: &str = "此 PDF 没有文字层（可能是扫描件），需要先做文字识别（OCR）：请用带 OCR 的工具转成文字后粘贴到这里。";
const NO_TEXT: &str =
    "此 PDF 中没有可读取的文字：请打开报告的 .docx / 网页，或复制正文粘贴到这里。";
const UNMAPPED: &str = "此 PDF 的字体没有文字编码（缺少 ToUnicode 映射），无法提取文字，需要先做文字识别（OCR）：或复制正文粘贴到这里。";
const NOT_EMBEDDED: &str = "此 PDF 的字体没有嵌入文件中，暂不能读取其中的文字：请复制正文粘贴到这里，或打开报告的 .docx / 网页。";
const TOO_MANY_PAGES: &str = "此 PDF 页数过多（超过 2000 页）：请只保留年度报告正文后再打开。";

/// Reads a PDF into paragraphs and table grids. Never panics; a file it cannot read (encrypted
/// with a password, damaged, scanned with no text layer, a decompression bomb, too large) is a
/// one-line Chinese [`Refusal`]. Bounded: at most [`MAX_FILE_BYTES`] in, 256 MB of streams decoded
/// (measured first, images never decoded), [`MAX_PAGES`] pages, 2 million glyphs.
pub fn read_pdf(bytes: &[u8]) -> Result<Document, Refusal> {
    let pages = pages(bytes)?;
    let glyphs: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    let unmapped: usize = pages.iter().map(|p| p.unmapped).sum();
    if glyphs == 0 {
        return Err(refusal(if unmapped > 0 {
            UNMAPPED
        } else if pages.iter().any(|p| p.missing_fonts > 0) {
            NOT_EMBEDDED
        } else if pages.iter().any(|p| p.images > 0) {
            SCANNED
        } else {
            NO_TEXT
        }));
    }
    if unmapped > glyphs.saturating_mul(4) {
        return Err(refusal(UNMAPPED));
    }
    let doc = layout::document(&pages);
    if doc.blocks.is_empty() {
        return Err(refusal(NO_TEXT));
    }
    Ok(doc)
}

/// Every page's glyphs and lines, in page order.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, Refusal> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(super::too_large(bytes.len()));
    }
    if guard::measure(bytes, guard::MAX_DECODED).is_err() {
        return Err(refusal(BOMB));
    }
    let pdf = match Pdf::new(bytes.to_vec()) {
        Ok(pdf) => pdf,
        Err(LoadPdfError::Decryption(
            DecryptionError::PasswordProtected | DecryptionError::UnsupportedAlgorithm,
        )) => return Err(refusal(ENCRYPTED)),
        Err(_) => return Err(refusal(DAMAGED)),
    };
    // An encrypted file opened with the empty password (only copying or printing restricted):
    // its streams could not be measured before decryption, so they are measured now.
    if find(bytes, b"/Encrypt").is_some() && !decrypted_streams_fit(&pdf) {
        return Err(refusal(BOMB));
    }
    let list = pdf.pages();
    if list.len() > MAX_PAGES {
        return Err(refusal(TOO_MANY_PAGES));
    }
    let cache = InterpreterCache::new();
    let mut out = Vec::with_capacity(list.len());
    let mut budget = content::MAX_GLYPHS;
    for page in list.iter() {
        let p = content::read_page(page, pdf.xref(), &cache, budget);
        budget = budget.saturating_sub(p.glyphs.len());
        out.push(p);
    }
    Ok(out)
}

fn decrypted_streams_fit(pdf: &Pdf) -> bool {
    use hayro_interpret::hayro_syntax::Filter;
    let mut total: u64 = 0;
    for obj in pdf.objects() {
        let Object::Stream(s) = obj else { continue };
        let filters: Vec<guard::F> = s
            .filters()
            .iter()
            .map(|f| match f {
                Filter::FlateDecode => guard::F::Flate,
                Filter::LzwDecode => guard::F::Lzw,
                Filter::RunLengthDecode => guard::F::RunLength,
                Filter::AsciiHexDecode => guard::F::Hex,
                Filter::Ascii85Decode => guard::F::A85,
                _ => guard::F::Other,
            })
            .collect();
        if filters.contains(&guard::F::Other) {
            // Images and the like: never decoded.
            continue;
        }
        let left = guard::MAX_DECODED.saturating_sub(total);
        total = total.saturating_add(guard::decoded_size(&s.raw_data(), &filters, left));
        if total > guard::MAX_DECODED {
            return false;
        }
    }
    true
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
