//! Browser plumbing for the app: textarea selection, local storage, downloads, file decoding (UTF-8/GB18030) and opening (through the core's reader), fetching examples.

use crate::model::Span;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlTextAreaElement;

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

/// Replaces the textarea's selection (or inserts at its caret) with `text`, as a paste would, and
/// returns the new value. Offsets are the textarea's own (UTF-16), so JS strings do the cutting.
pub fn insert_at_selection(ta: &HtmlTextAreaElement, text: &str) -> String {
    let (out, caret) = joined_at_selection(ta, text);
    ta.set_value(&out);
    let _ = ta.set_selection_range(caret, caret);
    out
}

/// The textarea's value with its selection replaced by `text` (as [`insert_at_selection`], but the
/// textarea is left as it is), and the caret's place after the inserted text.
pub fn joined_at_selection(ta: &HtmlTextAreaElement, text: &str) -> (String, u32) {
    let value = js_sys::JsString::from(ta.value());
    let len = value.length();
    let start = ta.selection_start().ok().flatten().unwrap_or(len).min(len);
    let end = ta
        .selection_end()
        .ok()
        .flatten()
        .unwrap_or(start)
        .clamp(start, len);
    let joined = value
        .substring(0, start)
        .concat(&JsValue::from_str(text))
        .concat(&value.substring(end, len));
    let caret = start + text.encode_utf16().count() as u32;
    (String::from(joined), caret)
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

/// Reads a dropped or chosen file with the core's reader (the CLI's): text as it is, HTML and
/// `.docx` by their structure; other kinds get the core's message saying what to do.
pub async fn read_file(file: web_sys::File) -> Result<crate::input::Opened, String> {
    if file.size() > crate::input::MAX_FILE_BYTES as f64 {
        // Refused before reading it into memory.
        return Err(crate::input::too_large(file.size() as usize).0);
    }
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "无法读取文件".to_string())?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    crate::input::open(&file.name(), &bytes, decode).map_err(|r| r.0)
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
