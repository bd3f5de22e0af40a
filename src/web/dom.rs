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

/// The clipboard's HTML read by its structure, when it holds a table (a paste from a web page,
/// Word, WPS or Excel); `None` for anything else (the browser's own paste of the plain text).
pub fn clipboard_table(data: &web_sys::DataTransfer) -> Option<crate::input::Opened> {
    data.get_data("text/html")
        .ok()
        .filter(|h| crate::input::html::has_table(h))
        .map(|h| crate::input::from_html(&h))
        .filter(|o| o.tables)
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
    let name = file.name();
    match crate::input::open_plain(&name, &bytes, decode) {
        Ok(opened) => opened.map_err(|r| r.0),
        Err(crate::input::Kind::Docx) => {
            read_with_module("docx", crate::input::How::Docx, &bytes).await
        }
        Err(crate::input::Kind::Pdf) => {
            read_with_module("pdf", crate::input::How::Pdf, &bytes).await
        }
        Err(kind) => Err(crate::input::refusal(kind, &name).0),
    }
}

/// Reads a `.docx` or a PDF with its on-demand module (`nianbao-docx`, `nianbao-pdf`: the core's
/// readers, the CLI's, in wasm modules of their own), loaded the first time one is opened.
async fn read_with_module(
    name: &str,
    how: crate::input::How,
    bytes: &[u8],
) -> Result<crate::input::Opened, String> {
    let unavailable =
        |_| format!("无法载入 .{name} 读取模块：请检查网络后重新打开文件，或复制正文粘贴到这里。");
    let reader = reader(name).await.map_err(unavailable)?;
    let read: js_sys::Function = js_sys::Reflect::get(&reader, &"read".into())
        .and_then(|f| f.dyn_into())
        .map_err(unavailable)?;
    let out = read
        .call1(&reader, &js_sys::Uint8Array::from(bytes))
        .map_err(|e| e.as_string().unwrap_or_else(|| "文件无法读取".to_string()))?;
    let get = |k: &str| js_sys::Reflect::get(&out, &k.into()).unwrap_or_default();
    Ok(crate::input::Opened {
        text: get("text").as_string().unwrap_or_default(),
        how,
        tables: get("tables").as_bool().unwrap_or(false),
    })
}

/// The on-demand module `kind`, started: its glue (a script that registers itself as
/// `nianbaoReaders[kind]`, scripts/trunk-post-build.sh) is added to the page once, and its wasm
/// instantiated (a second call finds it started). Where the files are comes from
/// `nianbaoAssets` ({ base, build }), set by the page's loader (boot.js, desk-boot.js, nianbao.js).
async fn reader(kind: &str) -> Result<JsValue, JsValue> {
    use js_sys::{Function, Promise, Reflect};
    let global = js_sys::global();
    let url = |suffix: &str| asset(&format!("nianbao-{kind}{suffix}"));
    let registered = |g: &JsValue| {
        Reflect::get(g, &"nianbaoReaders".into())
            .and_then(|r| Reflect::get(&r, &kind.into()))
            .ok()
            .filter(|f| f.is_function())
    };
    let init = match registered(&global) {
        Some(f) => f,
        None => {
            let doc = web_sys::window()
                .and_then(|w| w.document())
                .ok_or("no document")?;
            let script = doc.create_element("script")?;
            script.set_attribute("src", &url(".js")?)?;
            let loaded = Promise::new(&mut |resolve, reject| {
                let _ = Reflect::set(&script, &"onload".into(), &resolve);
                let _ = Reflect::set(&script, &"onerror".into(), &reject);
            });
            doc.document_element()
                .ok_or("no root")?
                .append_child(&script)?;
            JsFuture::from(loaded).await?;
            registered(&global).ok_or("reader not registered")?
        }
    };
    let init: Function = init.dyn_into()?;
    let options = js_sys::Object::new();
    Reflect::set(&options, &"module_or_path".into(), &url("_bg.wasm")?.into())?;
    JsFuture::from(Promise::from(init.call1(&JsValue::NULL, &options)?)).await?;
    Ok(init.into())
}

/// The URL of one of the build's files: where they are comes from `nianbaoAssets` ({ base, build }),
/// set by the page's loader (boot.js, desk-boot.js, nianbao.js).
fn asset(name: &str) -> Result<String, JsValue> {
    use js_sys::Reflect;
    let assets = Reflect::get(&js_sys::global(), &"nianbaoAssets".into())?;
    let base = Reflect::get(&assets, &"base".into())?
        .as_string()
        .ok_or("no base")?;
    let build = Reflect::get(&assets, &"build".into())?
        .as_string()
        .unwrap_or_default();
    Ok(format!("{base}{name}?v={build}"))
}

/// The rules' docs (`rules.json`: code → doc; the wasm build leaves them out of the registry),
/// fetched once.
pub async fn rule_docs() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(&asset("rules.json")?)).await?;
    let resp: web_sys::Response = resp.dyn_into()?;
    if !resp.ok() {
        return Err("HTTP".into());
    }
    JsFuture::from(resp.json()?).await
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
