//! Error recall by mutation: the in-repo equivalent of `../shared/tools/mutate.py`.
//!
//! For every fixture text (`tests/fixtures/{seeds,corpus,pastes}/STEM*.txt` with a
//! `STEM.expected.json` beside it) and for sampled synthetic reports (`tests/synth`, every layout,
//! both templates, and table 三 without its 其他 column in every separated layout):
//!
//! - every table-三/四 cell that `check` reports `read` or `inferred`, with a span, an integer value
//!   equal to the expected one, and whose source text is exactly its digits, is changed to
//!   value+1 in the text;
//! - a digit run longer than its cell's value (collapsed layouts: one run holds a whole row) gets
//!   its last digit d changed to (d+1) mod 10, once per run.
//!
//! Each such change breaks at least one sum of TEMPLATES.md, so the checker must report an error.
//! Outcomes: `named` (an error-severity finding names the changed cell; for a run, a cell of its
//! row), `other` (some error exists, naming something else), `missed` (no error at all).
//!
//! A mutation in a row the unmutated report flags with S009 (more numbers than columns) is counted
//! apart ("extra rows"): the extra numbers leave the reader a choice, so there it is enough that
//! some finding (any severity) other than that S009 names a cell of that row.
//!
//! The test prints a table per file (and per synthetic layout) and asserts that at least 99% of the
//! mutations outside extra rows are `named`, and that every extra-row mutation is noticed.
//! `NIANBAO_SHOW_ALL=1` lists every miss instead of the first few per file.

mod fixture_list;
mod synth;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use nianbao::{check, Report, Severity, Status, TableKey};
use serde_json::Value;
use synth::{Layout, Synth};

/// The share of mutations (outside extra rows) that must be named.
const THRESHOLD: f64 = 0.99;

/// Synthetic reports per layout and template (fixed seeds, see [`synth_seeds`]).
const SYNTH_PER_TEMPLATE: usize = 5;

/// How many misses to list per file.
fn show_limit() -> usize {
    if std::env::var_os("NIANBAO_SHOW_ALL").is_some() {
        usize::MAX
    } else {
        6
    }
}

/// The tally of one file (or of one synthetic layout).
#[derive(Default, Clone)]
struct Tally {
    /// Texts mutated (1 for a fixture file; the number of reports for a synthetic layout).
    texts: usize,
    /// Error-severity findings of the unmutated texts.
    base_errors: usize,
    named: usize,
    other: usize,
    missed: usize,
    extra_ok: usize,
    extra_bad: usize,
    /// Mutations that were not named: "outcome cell (details)".
    not_named: Vec<String>,
    /// Extra-row mutations that no finding noticed.
    extra_unnoticed: Vec<String>,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.texts += o.texts;
        self.base_errors += o.base_errors;
        self.named += o.named;
        self.other += o.other;
        self.missed += o.missed;
        self.extra_ok += o.extra_ok;
        self.extra_bad += o.extra_bad;
        self.not_named.extend(o.not_named.iter().cloned());
        self.extra_unnoticed
            .extend(o.extra_unnoticed.iter().cloned());
    }

    fn counted(&self) -> usize {
        self.named + self.other + self.missed
    }

    fn named_share(&self) -> f64 {
        if self.counted() == 0 {
            1.0
        } else {
            self.named as f64 / self.counted() as f64
        }
    }
}

/// A cell eligible for mutation: read or inferred, with a span, an integer value equal to the
/// expected one. `row` is `""` for table 四.
struct Target {
    table: TableKey,
    row: &'static str,
    col: &'static str,
    value: i64,
}

fn cell_name(t: TableKey, row: &str, col: &str) -> String {
    if row.is_empty() {
        format!("{}.{}", t.as_str(), col)
    } else {
        format!("{}.{}.{}", t.as_str(), row, col)
    }
}

fn opt_row(row: &str) -> Option<&str> {
    if row.is_empty() {
        None
    } else {
        Some(row)
    }
}

/// How a cell came back after the mutation, for the miss list.
fn read_back(r: &Report, t: TableKey, row: &str, col: &str) -> String {
    match r.tables.get(t).cell(row, col) {
        None => "absent".to_string(),
        Some(c) => match c.value {
            Some(v) => format!("{v} {}", c.status.as_str()),
            None => c.status.as_str().to_string(),
        },
    }
}

/// The codes of the error-severity findings, for the miss list.
fn error_codes(r: &Report) -> String {
    let codes: BTreeSet<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    if codes.is_empty() {
        "no error".to_string()
    } else {
        codes.into_iter().collect::<Vec<_>>().join(",")
    }
}

/// Mutates every eligible table-三/四 cell of `text` in turn. `expected(table, row, col)` is the
/// cell's true value (`row` is `""` for table 四); `tag` prefixes the entries of the miss list.
fn mutate(text: &str, tag: &str, expected: &dyn Fn(TableKey, &str, &str) -> Option<i64>) -> Tally {
    let base = check(text);
    let mut t = Tally {
        texts: 1,
        base_errors: base.count(Severity::Error),
        ..Tally::default()
    };
    // Rows with more numbers than columns (S009), as (table, row).
    let extra_rows: BTreeSet<(TableKey, Option<&str>)> = base
        .diagnostics
        .iter()
        .filter(|d| d.code == "S009")
        .flat_map(|d| d.cells.iter().map(|c| (c.table, c.row)))
        .collect();
    // The eligible cells, grouped by the source text they were read from: one mutation per
    // span. (A number whose column the reader could not pin down is the source of more than one
    // cell; a collapsed run is the source of its whole row.)
    let mut spans: Vec<((usize, usize), Vec<Target>)> = Vec::new();
    for table in [TableKey::Applications, TableKey::ReviewLitigation] {
        for (row, col, cell) in base.tables.get(table).cells() {
            if !matches!(cell.status, Status::Read | Status::Inferred) {
                continue;
            }
            let (Some(sp), Some(v)) = (cell.span, cell.value) else {
                continue;
            };
            let v = v.normalized();
            if v.scale != 0 || v.mantissa < 0 || expected(table, row, col) != Some(v.mantissa) {
                continue;
            }
            let key = (sp.byte_start, sp.byte_end);
            if text.get(key.0..key.1).is_none() {
                continue;
            }
            let target = Target {
                table,
                row,
                col,
                value: v.mantissa,
            };
            match spans.iter_mut().find(|(k, _)| *k == key) {
                Some((_, cells)) => cells.push(target),
                None => spans.push((key, vec![target])),
            }
        }
    }
    for ((a, b), cells) in &spans {
        let (a, b) = (*a, *b);
        let src = &text[a..b];
        // The cells whose source is exactly their digits; else a digit run holding several.
        let exact: Vec<&Target> = cells
            .iter()
            .filter(|c| src == c.value.to_string())
            .collect();
        let (mutated, targets, whole_row, label) = if let Some(first) = exact.first() {
            let m = format!("{}{}{}", &text[..a], first.value + 1, &text[b..]);
            let names: Vec<String> = exact
                .iter()
                .map(|c| cell_name(c.table, c.row, c.col))
                .collect();
            let label = format!("{} {}→{}", names.join(" / "), first.value, first.value + 1);
            (m, exact, false, label)
        } else if src.len() > cells[0].value.to_string().len()
            && src.bytes().all(|c| c.is_ascii_digit())
        {
            let last = src.as_bytes()[src.len() - 1] - b'0';
            let new_last = (last + 1) % 10;
            let m = format!("{}{}{}", &text[..b - 1], new_last, &text[b..]);
            let c = &cells[0];
            let row = if c.row.is_empty() {
                c.table.as_str().to_string()
            } else {
                format!("{}.{}", c.table.as_str(), c.row)
            };
            let label = format!("{row} (run {src}, last digit {last}→{new_last})");
            (m, cells.iter().collect(), true, label)
        } else {
            continue;
        };
        let r = check(&mutated);
        let in_row =
            |c: &nianbao::CellRef, t: &Target| c.table == t.table && c.row == opt_row(t.row);
        if targets
            .iter()
            .any(|t| extra_rows.contains(&(t.table, opt_row(t.row))))
        {
            // S009 itself names the row whatever its numbers are: it does not count.
            let noticed = r.diagnostics.iter().any(|d| {
                d.code != "S009" && d.cells.iter().any(|c| targets.iter().any(|t| in_row(c, t)))
            });
            if noticed {
                t.extra_ok += 1;
            } else {
                t.extra_bad += 1;
                t.extra_unnoticed.push(format!("{tag}{label}"));
            }
            continue;
        }
        let errors: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let named = errors.iter().any(|d| {
            d.cells.iter().any(|c| {
                targets
                    .iter()
                    .any(|t| in_row(c, t) && (whole_row || c.column == t.col))
            })
        });
        if named {
            t.named += 1;
            continue;
        }
        let outcome = if errors.is_empty() {
            t.missed += 1;
            "missed"
        } else {
            t.other += 1;
            "other"
        };
        let back = if whole_row {
            String::new()
        } else {
            let backs: Vec<String> = targets
                .iter()
                .map(|c| read_back(&r, c.table, c.row, c.col))
                .collect();
            format!("; read back {}", backs.join(" / "))
        };
        t.not_named
            .push(format!("{outcome} {tag}{label}{back}; {}", error_codes(&r)));
    }
    t
}

// ---------------------------------------------------------------------------------------------
// The inputs
// ---------------------------------------------------------------------------------------------

/// One unit of work: a fixture file, or one synthetic report.
enum Job {
    Fixture {
        name: String,
        text: String,
        expected: Value,
    },
    Synthetic {
        group: String,
        synth: Box<Synth>,
    },
}

impl Job {
    fn group(&self) -> &str {
        match self {
            Job::Fixture { name, .. } => name,
            Job::Synthetic { group, .. } => group,
        }
    }

    fn run(&self) -> Tally {
        match self {
            Job::Fixture { text, expected, .. } => {
                let exp = |t: TableKey, row: &str, col: &str| -> Option<i64> {
                    let v = match t {
                        TableKey::Applications => &expected["applications"][row][col],
                        TableKey::ReviewLitigation => &expected["review_litigation"][col],
                        TableKey::ActiveDisclosure => return None,
                    };
                    v.as_i64()
                        .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                };
                mutate(text, "", &exp)
            }
            Job::Synthetic { synth: s, .. } => {
                let exp = |t: TableKey, row: &str, col: &str| -> Option<i64> {
                    let v = s.expected_value(t, row, col)?.normalized();
                    (v.scale == 0).then_some(v.mantissa)
                };
                mutate(
                    &s.text,
                    &format!("seed {} ({}): ", s.seed, s.template),
                    &exp,
                )
            }
        }
    }
}

fn fixture_jobs() -> Vec<Job> {
    let mut out = Vec::new();
    for (dir, p) in fixture_list::texts(&["seeds", "corpus", "pastes"]) {
        let file = p.file_name().unwrap().to_string_lossy().to_string();
        let stem = file.split('.').next().unwrap_or("");
        let exp_path = p.with_file_name(format!("{stem}.expected.json"));
        if !exp_path.exists() {
            continue;
        }
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&exp_path).expect("expected file"))
                .expect("expected JSON");
        out.push(Job::Fixture {
            name: format!("{dir}/{file}"),
            text: std::fs::read_to_string(&p).expect("fixture text"),
            expected,
        });
    }
    out
}

/// `SYNTH_PER_TEMPLATE` seeds of each template, scanning up from `start`.
fn synth_seeds(start: u64) -> Vec<u64> {
    let (mut y19, mut y21) = (Vec::new(), Vec::new());
    let mut seed = start;
    while y19.len() < SYNTH_PER_TEMPLATE || y21.len() < SYNTH_PER_TEMPLATE {
        let d = synth::Data::generate(seed);
        let list = if d.template.as_str() == "2019" {
            &mut y19
        } else {
            &mut y21
        };
        if list.len() < SYNTH_PER_TEMPLATE {
            list.push(seed);
        }
        seed += 1;
    }
    y19.into_iter().chain(y21).collect()
}

fn synthetic_jobs() -> Vec<Job> {
    let mut out = Vec::new();
    for (i, layout) in Layout::ALL.into_iter().enumerate() {
        for seed in synth_seeds(7_000 + 100 * i as u64) {
            out.push(Job::Synthetic {
                group: format!("synth/{}", layout.name()),
                synth: Box::new(synth::generate(seed, layout)),
            });
        }
    }
    for (i, layout) in Layout::SEPARATED.into_iter().enumerate() {
        for seed in synth_seeds(9_000 + 100 * i as u64) {
            out.push(Job::Synthetic {
                group: format!("synth/{}, no other_org column", layout.name()),
                synth: Box::new(synth::generate(seed, layout).without_other_column()),
            });
        }
    }
    out
}

/// Runs the jobs on every core; results in job order.
fn run_all(jobs: &[Job]) -> Vec<Tally> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Tally>>> = Mutex::new(vec![None; jobs.len()]);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= jobs.len() {
                    break;
                }
                let t = jobs[i].run();
                results.lock().unwrap()[i] = Some(t);
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|t| t.expect("every job ran"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------

fn row_line(name: &str, t: &Tally) -> String {
    let extra = if t.extra_ok + t.extra_bad == 0 {
        "-".to_string()
    } else {
        format!("{}/{}", t.extra_ok, t.extra_ok + t.extra_bad)
    };
    let share = if t.counted() == 0 {
        "-".to_string()
    } else {
        format!("{:.2}%", 100.0 * t.named_share())
    };
    format!(
        "{name:<46} {:>5} {:>8} {:>6} {:>6} {:>6} {:>6} {share:>8} {extra:>8}",
        t.texts,
        t.base_errors,
        t.counted(),
        t.named,
        t.other,
        t.missed,
    )
}

#[test]
fn one_changed_number_is_named_by_an_error() {
    let started = std::time::Instant::now();
    let mut jobs = fixture_jobs();
    let n_fixtures = jobs.len();
    assert!(n_fixtures >= 11, "only {n_fixtures} fixture texts found");
    jobs.extend(synthetic_jobs());
    let results = run_all(&jobs);

    // Group by file (fixtures) or layout (synthetic), in job order.
    let mut groups: Vec<(String, Tally)> = Vec::new();
    for (job, t) in jobs.iter().zip(&results) {
        match groups.last_mut() {
            Some((g, acc)) if g == job.group() => acc.add(t),
            _ => groups.push((job.group().to_string(), t.clone())),
        }
    }
    let mut fixtures = Tally::default();
    let mut synthetic = Tally::default();
    for (job, t) in jobs.iter().zip(&results) {
        match job {
            Job::Fixture { .. } => fixtures.add(t),
            Job::Synthetic { .. } => synthetic.add(t),
        }
    }
    let mut all = fixtures.clone();
    all.add(&synthetic);

    let head = format!(
        "{:<46} {:>5} {:>8} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8}",
        "file / synthetic layout",
        "texts",
        "base-err",
        "muts",
        "named",
        "other",
        "missed",
        "named%",
        "extra"
    );
    let mut out = vec![
        "mutation recall: one table-三/四 number changed, is an error-severity finding naming it?"
            .to_string(),
        "(muts, named, other, missed: outside extra rows; extra: S009 rows, noticed/total; base-err: errors before mutating)"
            .to_string(),
        head.clone(),
        "-".repeat(head.chars().count()),
    ];
    for (g, t) in &groups {
        out.push(row_line(g, t));
    }
    out.push("-".repeat(head.chars().count()));
    out.push(row_line("fixtures", &fixtures));
    out.push(row_line("synthetic", &synthetic));
    out.push(row_line("TOTAL", &all));
    let limit = show_limit();
    let mut misses = Vec::new();
    for (g, t) in &groups {
        if t.not_named.is_empty() && t.extra_unnoticed.is_empty() {
            continue;
        }
        misses.push(format!(
            "{g}: {} not named, {} extra-row mutation(s) unnoticed",
            t.not_named.len(),
            t.extra_unnoticed.len()
        ));
        for m in t.not_named.iter().take(limit) {
            misses.push(format!("    {m}"));
        }
        if t.not_named.len() > limit {
            misses.push(format!("    … {} more", t.not_named.len() - limit));
        }
        for m in t.extra_unnoticed.iter().take(limit) {
            misses.push(format!("    extra row unnoticed: {m}"));
        }
    }
    if !misses.is_empty() {
        out.push(String::new());
        out.push("not named (first ones per file; NIANBAO_SHOW_ALL=1 for all):".to_string());
        out.extend(misses);
    }
    out.push(format!(
        "({} texts, {} mutations, {:.1} s)",
        all.texts,
        all.counted() + all.extra_ok + all.extra_bad,
        started.elapsed().as_secs_f64()
    ));
    eprintln!("{}", out.join("\n"));

    assert!(
        fixtures.counted() >= 1000,
        "only {} fixture mutations: the fixtures are no longer read",
        fixtures.counted()
    );
    let mut failures = Vec::new();
    if all.named_share() < THRESHOLD {
        failures.push(format!(
            "{} of {} mutations named ({:.2}%), below {:.0}% ({} named elsewhere, {} missed)",
            all.named,
            all.counted(),
            100.0 * all.named_share(),
            100.0 * THRESHOLD,
            all.other,
            all.missed
        ));
    }
    if all.extra_bad > 0 {
        failures.push(format!(
            "{} of {} mutations in rows with extra numbers (S009) noticed by no finding on their row",
            all.extra_bad,
            all.extra_ok + all.extra_bad
        ));
    }
    assert!(
        failures.is_empty(),
        "{}\n(the table and the misses are printed above)",
        failures.join("\n")
    );
}
