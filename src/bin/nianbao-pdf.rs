//! The page's on-demand PDF reader (wasm32 only): a module of its own (hayro and the core's PDF reader, ~790 KB gzip) that the page loads the first time a PDF is opened, so that no one else ever downloads it; it runs the CLI's reader.

#[cfg(target_arch = "wasm32")]
mod reader {
    use wasm_bindgen::prelude::*;

    /// Reads a PDF: `{ text, tables }`, or throws the Chinese message saying why not.
    #[wasm_bindgen]
    pub fn read(bytes: &[u8]) -> Result<js_sys::Object, JsValue> {
        nianbao::web::reader::to_js(nianbao::input::open_pdf(bytes))
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-pdf is the page's on-demand PDF reader (wasm32); natively, nianbao check reads PDFs");
    std::process::exit(2);
}
