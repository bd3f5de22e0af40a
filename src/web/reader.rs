//! The on-demand reader modules' one export (src/bin/nianbao-docx.rs, nianbao-pdf.rs): a file read by the core, handed to the page as `{ text, tables }` or a thrown Chinese message.

use crate::input::{Opened, Refusal};
use wasm_bindgen::JsValue;

/// `{ text, tables }` (the text the parser reads, and whether tables were read by their
/// structure), or the refusal's message as the error the page shows.
pub fn to_js(opened: Result<Opened, Refusal>) -> Result<js_sys::Object, JsValue> {
    let opened = opened.map_err(|r| JsValue::from_str(&r.0))?;
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"text".into(), &opened.text.into())?;
    js_sys::Reflect::set(&out, &"tables".into(), &opened.tables.into())?;
    Ok(out)
}
