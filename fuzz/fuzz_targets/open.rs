//! Fuzzes the input room: any bytes opened as a `.docx`, an `.html` page or a text file (and any
//! string read as clipboard HTML) must give text or a refusal, never a panic, in bounded time.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["x.docx", "x.html", "x.txt"] {
        if let Ok(opened) = nianbao::input::open(name, data, nianbao::input::decode) {
            // What the readers write is text the parser then reads.
            let _ = nianbao::check(&opened.text);
        }
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = nianbao::input::from_html(s);
    }
});
