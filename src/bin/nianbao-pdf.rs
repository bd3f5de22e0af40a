//! The page's on-demand PDF reader (wasm32 only): a module of its own (hayro and the core's PDF reader, ~790 KB gzip) that the page loads the first time a PDF is opened, so that no one else ever downloads it; it runs the CLI's reader.

#[cfg(target_arch = "wasm32")]
mod reader {
    use wasm_bindgen::prelude::*;

    /// Reads a PDF: `{ text, tables }` (the text the parser reads, and whether tables
    /// were read by their structure), or throws the Chinese message saying why not.
    #[wasm_bindgen]
    pub fn read(bytes: &[u8]) -> Result<js_sys::Object, JsValue> {
        let opened = nianbao::input::open_pdf(bytes).map_err(|r| JsValue::from_str(&r.0))?;
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
    eprintln!("nianbao-pdf is the page's on-demand PDF reader (wasm32); natively, nianbao check reads PDFs");
    std::process::exit(2);
}
