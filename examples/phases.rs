//! Times the phases of one check (a quick look, not a benchmark): `cargo run --release --example phases FILE`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).expect("read");
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let time = |name: &str, f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        println!(
            "{name:12} {:8.1} µs",
            t.elapsed().as_secs_f64() * 1e6 / n as f64
        );
    };
    time("tokenize", &|| {
        std::hint::black_box(nianbao::parse::tokens::tokenize(&text));
    });
    time("squeeze", &|| {
        let sq = nianbao::parse::sections::Squeezed::new(&text);
        std::hint::black_box(nianbao::parse::sections::find_headings(&sq));
    });
    time("lineindex", &|| {
        std::hint::black_box(nianbao::parse::text::LineIndex::new(&text));
    });
    time("parse", &|| {
        std::hint::black_box(nianbao::parse::parse(&text));
    });
    time("check", &|| {
        std::hint::black_box(nianbao::check(&text));
    });
    time("check_json", &|| {
        std::hint::black_box(nianbao::check_json(&text));
    });
}
