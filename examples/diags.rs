//! Prints template, year, agency and every finding for each file: `cargo run --example diags FILE…`.

fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let r = nianbao::check(&text);
        println!(
            "== {path} template={:?} year={:?} agency={:?} sections={}",
            r.template,
            r.year,
            r.agency,
            r.sections.len()
        );
        for d in &r.diagnostics {
            println!("  {} {:?} {}", d.code, d.severity, d.message);
        }
    }
}
