//! Runs one check of FILE N times (for instruction counting under callgrind): `cargo run --release --example once FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).expect("read");
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    for _ in 0..n {
        std::hint::black_box(nianbao::check(std::hint::black_box(&text)));
    }
}
