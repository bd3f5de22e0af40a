//! Benchmarks of `nianbao::check`: every fixture, a synthetic ~10 KB report, and inputs of
//! 100 KB, 300 KB and 1 MB (many reports concatenated, and one collapsed line) to show that the
//! time grows linearly with the input.
//!
//! Run: `cargo bench --bench check` (full) or `cargo bench --bench check -- --quick` (fast, fewer
//! samples). A filter picks benchmarks: `cargo bench --bench check -- --quick scaling`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "../tests/synth/mod.rs"]
mod synth;

use synth::Layout;

fn fixtures() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for sub in ["seeds", "corpus"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(sub))
            .expect("fixture directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            let name = format!(
                "{sub}/{}",
                p.file_stem().and_then(|s| s.to_str()).unwrap_or("?")
            );
            out.push((name, std::fs::read_to_string(&p).expect("fixture")));
        }
    }
    out
}

/// Synthetic reports concatenated (cycling through the layouts) up to `size` bytes.
fn concatenated(size: usize) -> String {
    let mut s = String::with_capacity(size + 16 * 1024);
    let mut seed = 0u64;
    while s.len() < size {
        let layout = Layout::ALL[(seed % Layout::ALL.len() as u64) as usize];
        s.push_str(&synth::generate(seed, layout).text);
        s.push('\n');
        seed += 1;
    }
    s
}

/// Collapsed reports run together on a single line, up to `size` bytes.
fn collapsed_line(size: usize) -> String {
    let mut s = String::with_capacity(size + 16 * 1024);
    let mut seed = 1000u64;
    while s.len() < size {
        s.push_str(&synth::generate(seed, Layout::Collapsed).text);
        seed += 1;
    }
    s
}

fn bench_fixtures(c: &mut Criterion) {
    let mut g = c.benchmark_group("fixtures");
    for (name, text) in fixtures() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, t| {
            b.iter(|| nianbao::check(black_box(t)))
        });
    }
    g.finish();
}

fn bench_synthetic(c: &mut Criterion) {
    let mut g = c.benchmark_group("synthetic_10k");
    for layout in Layout::ALL {
        let text = synth::generate_padded(42, layout, 10 * 1024).text;
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(layout.name()), &text, |b, t| {
            b.iter(|| nianbao::check(black_box(t)))
        });
    }
    g.finish();
}

fn bench_scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(5));
    for (kind, make) in [
        ("concatenated", concatenated as fn(usize) -> String),
        ("collapsed_line", collapsed_line as fn(usize) -> String),
    ] {
        for kb in [100usize, 300, 1000] {
            let text = make(kb * 1000);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(kind, format!("{kb}KB")), &text, |b, t| {
                b.iter(|| nianbao::check(black_box(t)))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_fixtures, bench_synthetic, bench_scaling);
criterion_main!(benches);
