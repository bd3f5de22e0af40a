//! Fuzzes `nianbao::check`: it must never panic, and every span it returns must lie inside the
//! input, on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::{Report, Span, TableKey};

fn assert_span(text: &str, s: &Span) {
    assert!(s.byte_start <= s.byte_end, "{s:?}");
    assert!(
        s.byte_end <= text.len(),
        "{s:?} beyond {} bytes",
        text.len()
    );
    assert!(text.is_char_boundary(s.byte_start), "{s:?}");
    assert!(text.is_char_boundary(s.byte_end), "{s:?}");
    assert!(s.start <= s.end, "{s:?}");
}

fn check_spans(text: &str, r: &Report) {
    for sec in &r.sections {
        assert_span(text, &sec.span);
        assert_span(text, &sec.body);
    }
    for t in TableKey::ALL {
        for (_, _, c) in r.tables.get(t).cells() {
            if let Some(s) = &c.span {
                assert_span(text, s);
            }
        }
    }
    for d in &r.diagnostics {
        if let Some(s) = &d.span {
            assert_span(text, s);
        }
    }
}

fn run(text: &str) {
    let r = nianbao::check(text);
    check_spans(text, &r);
    // The JSON serialiser sees every field: it must not panic either.
    let _ = nianbao::json::to_json(&r);
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        run(text);
    }
    let lossy = String::from_utf8_lossy(data);
    if std::str::from_utf8(data).is_err() {
        run(&lossy);
    }
});
