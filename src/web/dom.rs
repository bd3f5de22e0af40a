//! Browser plumbing for the app: textarea selection, local storage, downloads, file decoding (UTF-8/GB18030), HTML tables to text, fetching examples.

use crate::model::Span;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlTextAreaElement, Node};

const STORAGE_KEY: &str = "nianbao.text";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text saved by the last visit, if any.
pub fn load_text() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok()?
}

/// Saves the text so that it survives a reload. Returns false when storage is unavailable.
pub fn save_text(text: &str) -> bool {
    match storage() {
        Some(s) if text.is_empty() => s.remove_item(STORAGE_KEY).is_ok(),
        Some(s) => s.set_item(STORAGE_KEY, text).is_ok(),
        None => false,
    }
}

/// Selects `span` (UTF-16 offsets) in the textarea and scrolls it into view.
pub fn select_in(ta: &HtmlTextAreaElement, span: &Span) {
    let len = ta.value().encode_utf16().count() as u32;
    let (s, e) = (span.start as u32, span.end as u32);
    if s > len {
        return;
    }
    let _ = ta.set_selection_range(s, e.min(len));
    // Focusing after the selection is set makes Chromium scroll the selection into view.
    let _ = ta.blur();
    let _ = ta.focus();
}

/// Offers `content` for download as `name`.
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc.create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Decodes file bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else GB18030. Errors name the
/// problem in Chinese.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let try_label = |label: &str, fatal: bool| -> Option<String> {
        let opts = web_sys::TextDecoderOptions::new();
        opts.set_fatal(fatal);
        let d = web_sys::TextDecoder::new_with_label_and_options(label, &opts).ok()?;
        d.decode_with_u8_array(bytes).ok()
    };
    let label = if bytes.starts_with(&[0xFF, 0xFE]) {
        "utf-16le"
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        "utf-16be"
    } else {
        "utf-8"
    };
    if let Some(s) = try_label(label, true) {
        return Ok(s);
    }
    try_label("gb18030", true)
        .ok_or_else(|| "文件既不是 UTF-8 也不是 GB18030 编码，无法读取".to_string())
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "P" | "DIV"
            | "BR"
            | "H1"
            | "H2"
            | "H3"
            | "H4"
            | "H5"
            | "H6"
            | "LI"
            | "SECTION"
            | "ARTICLE"
            | "TABLE"
            | "TR"
            | "TITLE"
            | "HEADER"
            | "FOOTER"
            | "BLOCKQUOTE"
            | "PRE"
    )
}

/// Text of a node, one line per block, table rows as tab-separated cells.
fn walk(node: &Node, out: &mut String) {
    match node.node_type() {
        Node::TEXT_NODE => {
            if let Some(t) = node.text_content() {
                let t = t.replace(['\n', '\r'], " ");
                out.push_str(&t);
            }
        }
        Node::ELEMENT_NODE => {
            let tag = node.node_name().to_uppercase();
            if matches!(tag.as_str(), "SCRIPT" | "STYLE" | "HEAD" | "NOSCRIPT") {
                return;
            }
            if tag == "TR" {
                let cells = node.child_nodes();
                let mut first = true;
                for i in 0..cells.length() {
                    let Some(c) = cells.item(i) else { continue };
                    let name = c.node_name().to_uppercase();
                    if name != "TD" && name != "TH" {
                        continue;
                    }
                    if !first {
                        out.push('\t');
                    }
                    first = false;
                    let mut cell = String::new();
                    walk(&c, &mut cell);
                    out.push_str(
                        cell.split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .as_str(),
                    );
                }
                out.push('\n');
                return;
            }
            let block = is_block(&tag);
            if block && !out.ends_with('\n') && !out.is_empty() {
                out.push('\n');
            }
            let children = node.child_nodes();
            for i in 0..children.length() {
                if let Some(c) = children.item(i) {
                    walk(&c, out);
                }
            }
            if block && !out.ends_with('\n') {
                out.push('\n');
            }
        }
        _ => {}
    }
}

/// Removes what only styles or runs (`<style>`/`<script>` elements, `style` attributes) from an
/// HTML document before it is parsed: only its text and table structure are wanted, and the page's
/// CSP would otherwise report each inline style it meets.
fn strip_styles(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        let rest = &lower[i..];
        let block = ["<style", "<script"]
            .iter()
            .find(|t| rest.starts_with(**t))
            .map(|t| {
                if *t == "<style" {
                    "</style>"
                } else {
                    "</script>"
                }
            });
        if let Some(close) = block {
            i = match rest.find(close) {
                Some(e) => i + e + close.len(),
                None => html.len(),
            };
            continue;
        }
        if rest.starts_with(" style=")
            || rest.starts_with("\tstyle=")
            || rest.starts_with("\nstyle=")
        {
            let v = i + " style=".len();
            let q = html[v..].chars().next();
            i = match q {
                Some(q @ ('"' | '\'')) => {
                    html[v + 1..].find(q).map_or(html.len(), |e| v + 1 + e + 1)
                }
                _ => html[v..].find([' ', '>']).map_or(html.len(), |e| v + e),
            };
            continue;
        }
        let ch = html[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&html[i..i + ch]);
        i += ch;
    }
    out
}

/// Reads an HTML document as text, keeping its tables' structure (a line per row, cells separated
/// by tabs) rather than the browser's flattened text.
pub fn html_to_text(html: &str) -> Result<String, String> {
    let parser = web_sys::DomParser::new().map_err(|_| "无法解析 HTML".to_string())?;
    let doc = parser
        .parse_from_string(&strip_styles(html), web_sys::SupportedType::TextHtml)
        .map_err(|_| "无法解析 HTML".to_string())?;
    let mut out = String::new();
    if let Some(body) = doc.body() {
        walk(&body, &mut out);
    }
    Ok(out)
}

/// Reads a dropped or chosen file as text (HTML files by their structure).
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "无法读取文件".to_string())?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    let text = decode(&bytes)?;
    let name = file.name().to_lowercase();
    if name.ends_with(".html") || name.ends_with(".htm") || file.type_() == "text/html" {
        html_to_text(&text)
    } else {
        Ok(text)
    }
}

/// Fetches a text file from the page's own origin (the bundled examples).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "无法载入示例".to_string())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "无法载入示例".to_string())?;
    if !resp.ok() {
        return Err(format!("无法载入示例（HTTP {}）", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|_| "无法载入示例".to_string())?)
        .await
        .map_err(|_| "无法载入示例".to_string())?;
    Ok(text.as_string().unwrap_or_default())
}
