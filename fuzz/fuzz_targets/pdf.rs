//! Fuzzes the PDF reader: any bytes read as a PDF must give a document or a refusal, never a panic, in bounded time; what it gives is text the checker then reads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(opened) = nianbao::input::open_pdf(data) {
        let _ = nianbao::check(&opened.text);
    }
});
