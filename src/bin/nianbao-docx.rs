//! The page's on-demand `.docx` reader (wasm32 only): a small module the page loads the first time a Word file is opened, so that those who only paste never download it; it runs the core's reader, the CLI's.

#[cfg(target_arch = "wasm32")]
mod reader {
    use wasm_bindgen::prelude::*;

    /// Reads a `.docx` file: `{ text, tables }` (the text the parser reads, and whether tables
    /// were read by their structure), or throws the Chinese message saying why not.
    #[wasm_bindgen]
    pub fn read(bytes: &[u8]) -> Result<js_sys::Object, JsValue> {
        let opened = nianbao::input::open_docx(bytes).map_err(|r| JsValue::from_str(&r.0))?;
        let out = js_sys::Object::new();
        js_sys::Reflect::set(&out, &"text".into(), &opened.text.into())?;
        js_sys::Reflect::set(&out, &"tables".into(), &opened.tables.into())?;
        Ok(out)
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-docx is the page's on-demand .docx reader (wasm32); natively, nianbao check reads .docx files");
    std::process::exit(2);
}
