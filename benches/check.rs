//! Benchmarks of `nianbao::check`: every fixture, a synthetic ~10 KB report, and inputs of
//! 100 KB, 300 KB and 1 MB (many reports concatenated, and one collapsed line) to show that the
//! time grows linearly with the input. The `10MB` group feeds it adversarial 10 MB pastes: one
//! table-三 row of about a million large numbers (and of about four million small counts), the
//! fixtures concatenated, and the collapsed fixtures glued into a single line (10 samples each:
//! `cargo bench --bench check -- --quick 10MB`).
//!
//! Run: `cargo bench --bench check` (full) or `cargo bench --bench check -- --quick` (fast, fewer
//! samples). A filter picks benchmarks: `cargo bench --bench check -- --quick scaling`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "../tests/fixture_list/mod.rs"]
mod fixture_list;
#[path = "../tests/synth/mod.rs"]
mod synth;

use synth::Layout;

fn fixtures() -> Vec<(String, String)> {
    fixture_list::texts(&["seeds", "corpus"])
        .into_iter()
        .map(|(dir, p)| {
            let name = format!(
                "{dir}/{}",
                p.file_stem().and_then(|s| s.to_str()).unwrap_or("?")
            );
            (name, std::fs::read_to_string(&p).expect("fixture"))
        })
        .collect()
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

/// 10 MB: a table-三 label followed by about a million numbers (mostly nine digits), separated by
/// spaces and tabs, after a title and the section heading.
fn huge_row(size: usize) -> String {
    huge_row_of(size, |rng| rng.range(0, 999_999_999))
}

/// [`huge_row`] with counts as reports have them (mostly 0 and small: about 4 million numbers),
/// so that many windows of the row satisfy the arithmetic.
fn huge_row_counts(size: usize) -> String {
    huge_row_of(size, synth::Rng::count)
}

fn huge_row_of(size: usize, number: fn(&mut synth::Rng) -> i64) -> String {
    let mut s = String::with_capacity(size + 64);
    s.push_str("某某局2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n");
    s.push_str("一、本年新收政府信息公开申请数量");
    let mut rng = synth::Rng::new(10);
    while s.len() < size {
        s.push(if rng.chance(70) { ' ' } else { '\t' });
        s.push_str(&number(&mut rng).to_string());
    }
    s.push('\n');
    s
}

/// 10 MB: the fixtures (every layout) concatenated, one after another, until `size` bytes.
fn concatenated_fixtures(size: usize) -> String {
    let texts: Vec<String> = fixtures().into_iter().map(|(_, t)| t).collect();
    let mut s = String::with_capacity(size + 32 * 1024);
    for t in texts.iter().cycle() {
        if s.len() >= size {
            break;
        }
        s.push_str(t);
        s.push('\n');
    }
    s
}

/// 10 MB on one line with no separators: the collapsed fixtures (digits glued to CJK labels)
/// repeated, line breaks removed.
fn collapsed_fixtures_line(size: usize) -> String {
    let texts: Vec<String> = fixtures()
        .into_iter()
        .filter(|(name, _)| name.contains("collapsed"))
        .map(|(_, t)| t.replace(['\n', '\r'], ""))
        .collect();
    assert!(!texts.is_empty(), "no collapsed fixture");
    let mut s = String::with_capacity(size + 32 * 1024);
    for t in texts.iter().cycle() {
        if s.len() >= size {
            break;
        }
        s.push_str(t);
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

fn bench_10mb(c: &mut Criterion) {
    let mut g = c.benchmark_group("10MB");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(2));
    for (name, make) in [
        ("huge_row", huge_row as fn(usize) -> String),
        ("huge_row_counts", huge_row_counts),
        ("concatenated_fixtures", concatenated_fixtures),
        ("collapsed_line", collapsed_fixtures_line),
    ] {
        let text = make(10_000_000);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
            b.iter(|| nianbao::check(black_box(t)))
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_fixtures,
    bench_synthetic,
    bench_scaling,
    bench_10mb
);
criterion_main!(benches);
