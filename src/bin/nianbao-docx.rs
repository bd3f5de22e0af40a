//! The page's on-demand `.docx` reader (wasm32 only): a small module the page loads the first time a Word file is opened, so that those who only paste never download it; it runs the core's reader, the CLI's.

#[cfg(target_arch = "wasm32")]
mod reader {
    use wasm_bindgen::prelude::*;

    /// Reads a `.docx` file: `{ text, tables }`, or throws the Chinese message saying why not.
    #[wasm_bindgen]
    pub fn read(bytes: &[u8]) -> Result<js_sys::Object, JsValue> {
        nianbao::web::reader::to_js(nianbao::input::open_docx(bytes))
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-docx is the page's on-demand .docx reader (wasm32); natively, nianbao check reads .docx files");
    std::process::exit(2);
}
