//! Property tests of `nianbao::check` on synthetic reports (see `tests/synth/mod.rs`):
//!
//! - round trip: every cell of a generated report, in every paste layout, comes back with its value
//!   (for the collapsed layout: the right value, or "ambiguous" where the digits allow more than
//!   one reading that satisfies every constraint — never a wrong value);
//! - mutation: one changed table-三/四 number is named by an error of the matching rule;
//! - no panic: arbitrary and report-like strings, and mangled fixtures, always give a report whose
//!   spans lie inside the input.
//!
//! Every test runs a fixed number of cases from a fixed RNG seed (no failure persistence, no
//! `PROPTEST_*` environment dependence), so the suite is deterministic. A failure prints the seed
//! and layout; `synth::generate(seed, layout).text` reproduces the input.

mod synth;

use std::collections::BTreeSet;

use nianbao::template::{self, ColDef, APPLICANT_COLS};
use nianbao::{check, Num, Report, Severity, Span, Status, TableKey};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use synth::{generate, Layout, Synth};

const RNG_SEED: u64 = 0x6e69_616e_6261_6f21;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(RNG_SEED),
        max_shrink_iters: 512,
        ..Config::default()
    }
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(config(cases))
}

fn cell_name(t: TableKey, row: &str, col: &str) -> String {
    if row.is_empty() {
        format!("{}.{}", t.as_str(), col)
    } else {
        format!("{}.{}.{}", t.as_str(), row, col)
    }
}

fn same(a: Num, b: Num) -> bool {
    a.normalized() == b.normalized()
}

/// Finds the cell of `report` for an expected cell (table 四 is one row keyed "").
fn got<'r>(report: &'r Report, t: TableKey, row: &str, col: &str) -> Option<&'r nianbao::Cell> {
    report.tables.get(t).cell(row, col)
}

fn header(s: &Synth) -> String {
    format!(
        "layout {} seed {} (template {}, numbers {:?}, year {}, {} bytes); reproduce with synth::generate({}, Layout::{:?}).text",
        s.layout.name(),
        s.seed,
        s.template,
        s.num_style,
        s.data.year,
        s.text.len(),
        s.seed,
        s.layout
    )
}

fn check_metadata(s: &Synth, r: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    if r.template.map(|t| t.as_str()) != Some(s.template) {
        problems.push(format!(
            "template: expected {}, got {:?}",
            s.template, r.template
        ));
    }
    if r.year != Some(s.data.year) {
        problems.push(format!("year: expected {}, got {:?}", s.data.year, r.year));
    }
    if r.agency.as_deref() != Some(s.data.agency) {
        problems.push(format!(
            "agency: expected {}, got {:?}",
            s.data.agency, r.agency
        ));
    }
    problems
}

/// How many failures/problems to print: `limit`, or all of them when `NIANBAO_SHOW_ALL` is set
/// (output only; never changes what is tested).
fn show_limit(limit: usize) -> usize {
    if std::env::var_os("NIANBAO_SHOW_ALL").is_some() {
        usize::MAX
    } else {
        limit
    }
}

fn fail(s: &Synth, problems: &[String]) -> TestCaseError {
    let shown: Vec<&String> = problems.iter().take(show_limit(12)).collect();
    TestCaseError::fail(format!(
        "{}\n{} problem(s):\n  {}{}",
        header(s),
        problems.len(),
        shown
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        if problems.len() > shown.len() {
            "\n  …"
        } else {
            ""
        }
    ))
}

// ---------------------------------------------------------------------------------------------
// Round trip, separated layouts
// ---------------------------------------------------------------------------------------------

fn round_trip(seed: u64, layout: Layout) -> Result<(), TestCaseError> {
    let s = generate(seed, layout);
    let r = check(&s.text);
    let mut problems = check_metadata(&s, &r);
    for e in &s.expected {
        match got(&r, e.table, e.row, e.col) {
            None => problems.push(format!(
                "{}: expected {}, cell absent",
                cell_name(e.table, e.row, e.col),
                e.value
            )),
            Some(c) => {
                let ok = matches!(c.status, Status::Read | Status::Inferred)
                    && c.value.is_some_and(|v| same(v, e.value));
                if !ok {
                    problems.push(format!(
                        "{}: expected {}, got {:?} ({}, text {:?})",
                        cell_name(e.table, e.row, e.col),
                        e.value,
                        c.value.map(|v| v.to_string()),
                        c.status.as_str(),
                        c.text
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(fail(&s, &problems))
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn round_trip_tsv(seed in any::<u64>()) {
        round_trip(seed, Layout::Tsv)?;
    }

    #[test]
    fn round_trip_browser_copy(seed in any::<u64>()) {
        round_trip(seed, Layout::Browser)?;
    }

    #[test]
    fn round_trip_pdftotext_raw(seed in any::<u64>()) {
        round_trip(seed, Layout::PdfRaw)?;
    }

    #[test]
    fn round_trip_pdftotext_layout(seed in any::<u64>()) {
        round_trip(seed, Layout::PdfLayout)?;
    }

    #[test]
    fn round_trip_markdown(seed in any::<u64>()) {
        round_trip(seed, Layout::Markdown)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Round trip, collapsed layout: which digit runs have a unique reading
// ---------------------------------------------------------------------------------------------

/// One cell read from a digit run: a number, or a "-" placeholder (blank).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Num(Num),
    Blank,
}

/// Every way to read the token at the start of `s` for a column: (length, token).
/// Numbers are `-?(0|[1-9][0-9]*)(\.[0-9]+)?`: no leading zeros, a sign only in signed
/// columns, a fraction only in decimal columns; a lone "-" is a blank cell in any column.
fn tokens_at(s: &[u8], col: &ColDef) -> Vec<(usize, Tok)> {
    let mut out = Vec::new();
    let mut i = 0;
    let neg = s.first() == Some(&b'-');
    if neg {
        out.push((1, Tok::Blank));
        if !col.signed {
            return out;
        }
        i = 1;
    }
    let digits_end = |from: usize| {
        let mut j = from;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    if i >= s.len() || !s[i].is_ascii_digit() {
        return out;
    }
    let int_ends: Vec<usize> = if s[i] == b'0' {
        vec![i + 1]
    } else {
        (i + 1..=digits_end(i)).collect()
    };
    let parse = |text: &[u8]| -> Option<Num> {
        let t = std::str::from_utf8(text).ok()?;
        let (sign, t) = match t.strip_prefix('-') {
            Some(rest) => (-1i64, rest),
            None => (1, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let mantissa: i64 = format!("{int}{frac}").parse().ok()?;
        Some(
            Num {
                mantissa: sign * mantissa,
                scale: frac.len() as u8,
            }
            .normalized(),
        )
    };
    for e in int_ends {
        if neg && e == i + 1 && s[i] == b'0' {
            // "-0" is not a number anyone prints.
        } else if let Some(v) = parse(&s[..e]) {
            out.push((e, Tok::Num(v)));
        }
        if col.decimal && e < s.len() && s[e] == b'.' {
            let fe = digits_end(e + 1);
            for f in e + 2..=fe {
                if f - e - 1 > 6 {
                    break;
                }
                if let Some(v) = parse(&s[..f]) {
                    out.push((f, Tok::Num(v)));
                }
            }
        }
    }
    out
}

/// Every reading of `run` as `cols.len()` cells such that, for each `(first, total)` group,
/// cell `total` equals the sum of cells `first..total`. Stops after `limit` readings.
fn readings(run: &str, cols: &[ColDef], groups: &[(usize, usize)], limit: usize) -> Vec<Vec<Tok>> {
    fn go(
        s: &[u8],
        pos: usize,
        cols: &[ColDef],
        groups: &[(usize, usize)],
        cur: &mut Vec<Tok>,
        out: &mut Vec<Vec<Tok>>,
        limit: usize,
    ) {
        if out.len() >= limit {
            return;
        }
        let idx = cur.len();
        if idx == cols.len() {
            if pos == s.len() {
                out.push(cur.clone());
            }
            return;
        }
        let remaining_cells = cols.len() - idx;
        if s.len() - pos < remaining_cells {
            return;
        }
        if let Some(&(first, _)) = groups.iter().find(|g| g.1 == idx) {
            // The total is fixed by its parts: it must be printed next.
            let parts: Option<Vec<Num>> = cur[first..idx]
                .iter()
                .map(|t| match t {
                    Tok::Num(n) => Some(*n),
                    Tok::Blank => None,
                })
                .collect();
            if let Some(sum) = parts.and_then(Num::sum) {
                let text = sum.normalized().to_string();
                if s[pos..].starts_with(text.as_bytes()) {
                    cur.push(Tok::Num(sum));
                    go(s, pos + text.len(), cols, groups, cur, out, limit);
                    cur.pop();
                }
                return;
            }
        }
        for (len, tok) in tokens_at(&s[pos..], &cols[idx]) {
            cur.push(tok);
            go(s, pos + len, cols, groups, cur, out, limit);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    go(
        run.as_bytes(),
        0,
        cols,
        groups,
        &mut Vec::new(),
        &mut out,
        limit,
    );
    out
}

/// Rows (of tables 二, 三, 四) whose digit run has more than one reading satisfying every
/// constraint of the table. `None` for a row means "too many combinations to decide".
struct Determinacy {
    /// (table, row) → Some(true) if the row's reading is unique.
    rows: Vec<(TableKey, &'static str, Option<bool>)>,
}

impl Determinacy {
    fn of(&self, t: TableKey, row: &str) -> Option<bool> {
        self.rows
            .iter()
            .find(|(tt, r, _)| *tt == t && *r == row)
            .and_then(|x| x.2)
    }
}

fn determinacy(s: &Synth) -> Result<Determinacy, String> {
    let d = &s.data;
    let mut rows = Vec::new();
    // Table 二: no arithmetic ties its cells together.
    for def in d.active_defs() {
        let run = synth::printed_values(d, TableKey::ActiveDisclosure, def.key).concat();
        let rs = readings(&run, def.cols, &[], 64);
        if rs.is_empty() {
            return Err(format!("table 二 row {} ({run}) has no reading", def.key));
        }
        rows.push((TableKey::ActiveDisclosure, def.key, Some(rs.len() == 1)));
    }
    // Table 四: one run, three groups.
    let cols = [APPLICANT_COLS[0]; 15];
    let run = synth::printed_values(d, TableKey::ReviewLitigation, "").concat();
    let rs = readings(&run, &cols, &synth::review_groups(), 64);
    if rs.is_empty() {
        return Err(format!("table 四 ({run}) has no reading"));
    }
    rows.push((TableKey::ReviewLitigation, "", Some(rs.len() == 1)));
    // Table 三: each row's own total first, then the column constraints across rows.
    let defs = d.application_defs();
    let n = defs.len();
    let mut cands: Vec<Vec<[i64; 7]>> = Vec::new();
    for def in defs {
        let run = synth::printed_values(d, TableKey::Applications, def.key).concat();
        let rs = readings(&run, APPLICANT_COLS, &[(0, 6)], 4096);
        let ints: Vec<[i64; 7]> = rs
            .iter()
            .map(|r| {
                let mut a = [0i64; 7];
                for (i, t) in r.iter().enumerate() {
                    a[i] = match t {
                        Tok::Num(v) => v.mantissa,
                        Tok::Blank => -1,
                    };
                }
                a
            })
            .collect();
        if ints.is_empty() {
            return Err(format!("table 三 row {} ({run}) has no reading", def.key));
        }
        cands.push(ints);
    }
    let combos: f64 = cands.iter().map(|c| c.len() as f64).product();
    if combos > 200_000.0 {
        for def in defs {
            rows.push((TableKey::Applications, def.key, None));
        }
        return Ok(Determinacy { rows });
    }
    // Enumerate every combination satisfying the column rules; remember which reading of each
    // row occurs in some solution.
    let mut used: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut choice = vec![0usize; n];
    loop {
        let pick = |r: usize| cands[r][choice[r]];
        let ok = (0..7).all(|c| {
            let results: i64 = (2..n - 2).map(|r| pick(r)[c]).sum();
            results == pick(n - 2)[c] && pick(0)[c] + pick(1)[c] == pick(n - 2)[c] + pick(n - 1)[c]
        });
        if ok {
            for (r, u) in used.iter_mut().enumerate() {
                u.insert(choice[r]);
            }
        }
        // Next combination (odometer).
        let mut i = 0;
        while i < n {
            choice[i] += 1;
            if choice[i] < cands[i].len() {
                break;
            }
            choice[i] = 0;
            i += 1;
        }
        if i == n {
            break;
        }
    }
    for (def, u) in defs.iter().zip(&used) {
        if u.is_empty() {
            return Err("table 三 has no reading that satisfies the column rules".into());
        }
        rows.push((TableKey::Applications, def.key, Some(u.len() == 1)));
    }
    Ok(Determinacy { rows })
}

#[derive(Default, Debug)]
struct AmbiguityStats {
    reports: usize,
    /// Reports with an ambiguous cell in table 三 or 四 (table 二 has no arithmetic, so most of
    /// its multi-cell rows are ambiguous in any collapsed text).
    reports_ambiguous_3_4: usize,
    /// Per table (二, 三, 四): cells, cells that came back ambiguous.
    cells: [usize; 3],
    ambiguous_cells: [usize; 3],
    /// Per table: rows, rows whose digits have several readings satisfying every constraint.
    rows: [usize; 3],
    rows_with_several_readings: [usize; 3],
}

fn table_index(t: TableKey) -> usize {
    match t {
        TableKey::ActiveDisclosure => 0,
        TableKey::Applications => 1,
        TableKey::ReviewLitigation => 2,
    }
}

fn collapsed_case(seed: u64, stats: &mut AmbiguityStats) -> Result<(), String> {
    let s = generate(seed, Layout::Collapsed);
    let det = determinacy(&s).map_err(|e| format!("{}: {e}", header(&s)))?;
    let r = check(&s.text);
    let mut problems = check_metadata(&s, &r);
    let mut ambiguous = [0usize; 3];
    for e in &s.expected {
        let name = cell_name(e.table, e.row, e.col);
        let unique = det.of(e.table, e.row);
        stats.cells[table_index(e.table)] += 1;
        let Some(c) = got(&r, e.table, e.row, e.col) else {
            problems.push(format!("{name}: expected {}, cell absent", e.value));
            continue;
        };
        match (c.value, c.status) {
            (Some(v), Status::Read | Status::Inferred) if same(v, e.value) => {}
            (None, Status::Ambiguous) => {
                ambiguous[table_index(e.table)] += 1;
                if unique == Some(true) {
                    problems.push(format!(
                        "{name}: ambiguous (candidates {:?}), but its digits {:?} have one reading \
                         that satisfies every constraint: {}",
                        c.candidates.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
                        c.text,
                        e.value
                    ));
                } else if !c.candidates.is_empty()
                    && !c.candidates.iter().any(|v| same(*v, e.value))
                {
                    problems.push(format!(
                        "{name}: ambiguous, but the candidates {:?} miss the true value {}",
                        c.candidates
                            .iter()
                            .map(|v| v.to_string())
                            .collect::<Vec<_>>(),
                        e.value
                    ));
                }
            }
            (v, st) => problems.push(format!(
                "{name}: expected {}{}, got {:?} ({}, text {:?})",
                e.value,
                if unique == Some(true) {
                    ""
                } else {
                    " or ambiguous"
                },
                v.map(|v| v.to_string()),
                st.as_str(),
                c.text
            )),
        }
    }
    stats.reports += 1;
    for (total, n) in stats.ambiguous_cells.iter_mut().zip(ambiguous) {
        *total += n;
    }
    if ambiguous[1] + ambiguous[2] > 0 {
        stats.reports_ambiguous_3_4 += 1;
    }
    for (t, _, u) in &det.rows {
        stats.rows[table_index(*t)] += 1;
        if *u != Some(true) {
            stats.rows_with_several_readings[table_index(*t)] += 1;
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(fail(&s, &problems).to_string())
    }
}

/// The collapsed layout runs every case (no shrinking: a smaller seed is just another report)
/// and reports how often the digits were ambiguous.
#[test]
fn round_trip_collapsed() {
    let mut runner = runner(64);
    let seeds: Vec<u64> = (0..64)
        .map(|_| any::<u64>().new_tree(&mut runner).expect("seed").current())
        .collect();
    let mut stats = AmbiguityStats::default();
    let failures: Vec<String> = seeds
        .iter()
        .filter_map(|&seed| collapsed_case(seed, &mut stats).err())
        .collect();
    let st = &stats;
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "collapsed layout, {} reports: cells that came back ambiguous: table 二 {}/{} ({:.1}%), \
         三 {}/{} ({:.1}%), 四 {}/{} ({:.1}%); reports with an ambiguous cell in 三 or 四: {}. \
         Rows whose digits have several readings satisfying every constraint: 二 {}/{}, 三 {}/{}, 四 {}/{}. \
         Failed reports: {}.",
        st.reports,
        st.ambiguous_cells[0],
        st.cells[0],
        pct(st.ambiguous_cells[0], st.cells[0]),
        st.ambiguous_cells[1],
        st.cells[1],
        pct(st.ambiguous_cells[1], st.cells[1]),
        st.ambiguous_cells[2],
        st.cells[2],
        pct(st.ambiguous_cells[2], st.cells[2]),
        st.reports_ambiguous_3_4,
        st.rows_with_several_readings[0],
        st.rows[0],
        st.rows_with_several_readings[1],
        st.rows[1],
        st.rows_with_several_readings[2],
        st.rows[2],
        failures.len()
    );
    if !failures.is_empty() {
        panic!(
            "{} of {} collapsed reports failed; the first ones:\n\n{}",
            failures.len(),
            seeds.len(),
            failures
                .iter()
                .take(show_limit(3))
                .cloned()
                .collect::<Vec<_>>()
                .join("\n\n")
        );
    }
}

#[test]
fn split_enumeration_sanity() {
    let c = APPLICANT_COLS[0];
    // 6233440 into three plain columns: 62/33/440, 62/3/3440, 6/2/33440, … but never 62/334/40
    // with a leading zero.
    let r = readings("6233440", &[c, c, c], &[], 1000);
    assert!(r.contains(&vec![
        Tok::Num(Num::int(62)),
        Tok::Num(Num::int(33)),
        Tok::Num(Num::int(440))
    ]));
    assert!(r.iter().all(|x| x.len() == 3));
    assert_eq!(readings("000", &[c, c, c], &[], 10).len(), 1);
    // The pingtan-2024 new_received row: 217 1 0 0 0 0 218 is its only reading.
    let cols = APPLICANT_COLS;
    let r = readings("21710000218", cols, &[(0, 6)], 100);
    assert_eq!(r.len(), 1, "{r:?}");
    // Table 四 of pingtan-2024.
    let cols15 = [c; 15];
    let r = readings("21317000001324019", &cols15, &synth::review_groups(), 100);
    assert_eq!(r.len(), 1);
    // A decimal column.
    let fees = template::ACTIVE_2021
        .iter()
        .find(|d| d.key == "fees")
        .unwrap();
    assert_eq!(readings("18651.06", fees.cols, &[], 10).len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Mutation: one wrong number is named by an error
// ---------------------------------------------------------------------------------------------

fn mutation_case(seed: u64, layout: Layout, which: Index, delta: i64) -> Result<(), TestCaseError> {
    let base = generate(seed, layout);
    let targets: Vec<&synth::ExpectedCell> = base
        .expected
        .iter()
        .filter(|e| e.table != TableKey::ActiveDisclosure)
        .collect();
    let target = which.get(&targets);
    let old = target.value.mantissa;
    let new = if old + delta >= 0 {
        old + delta
    } else {
        old - delta
    };
    let s = base.with_value(target.table, target.row, target.col, Num::int(new));
    let r = check(&s.text);
    let want = target.cell_ref();
    let codes: &[&str] = if target.table == TableKey::Applications {
        &["A001", "A002", "A003"]
    } else {
        &["A004"]
    };
    let hit = r.diagnostics.iter().any(|d| {
        codes.contains(&d.code) && d.severity == Severity::Error && d.cells.contains(&want)
    });
    if hit {
        return Ok(());
    }
    let read_back = got(&r, target.table, target.row, target.col).map(|c| {
        format!(
            "{:?} ({})",
            c.value.map(|v| v.to_string()),
            c.status.as_str()
        )
    });
    let diags: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('A'))
        .map(|d| {
            format!(
                "{} {} [{}] {}",
                d.code,
                d.severity.as_str(),
                d.cells
                    .iter()
                    .map(|c| cell_name(c.table, c.row.unwrap_or(""), c.column))
                    .collect::<Vec<_>>()
                    .join(", "),
                d.message
            )
        })
        .collect();
    Err(TestCaseError::fail(format!(
        "{}\nchanged {} from {old} to {new} (read back as {read_back:?}); no error {codes:?} names it.\n\
         A-diagnostics:\n  {}",
        header(&s),
        cell_name(target.table, target.row, target.col),
        diags.join("\n  ")
    )))
}

fn delta() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => (1i64..=9).prop_map(|d| d),
        2 => (1i64..=9).prop_map(|d| -d),
        1 => 10i64..=500,
        1 => (10i64..=500).prop_map(|d| -d),
    ]
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn mutation_tsv(seed in any::<u64>(), which in any::<Index>(), d in delta()) {
        mutation_case(seed, Layout::Tsv, which, d)?;
    }

    #[test]
    fn mutation_browser_copy(seed in any::<u64>(), which in any::<Index>(), d in delta()) {
        mutation_case(seed, Layout::Browser, which, d)?;
    }

    #[test]
    fn mutation_pdftotext_raw(seed in any::<u64>(), which in any::<Index>(), d in delta()) {
        mutation_case(seed, Layout::PdfRaw, which, d)?;
    }

    #[test]
    fn mutation_pdftotext_layout(seed in any::<u64>(), which in any::<Index>(), d in delta()) {
        mutation_case(seed, Layout::PdfLayout, which, d)?;
    }

    #[test]
    fn mutation_markdown(seed in any::<u64>(), which in any::<Index>(), d in delta()) {
        mutation_case(seed, Layout::Markdown, which, d)?;
    }
}

// ---------------------------------------------------------------------------------------------
// No panic, spans inside the input
// ---------------------------------------------------------------------------------------------

fn check_span(text: &str, what: &str, s: &Span) -> Result<(), String> {
    let ok = s.byte_start <= s.byte_end
        && s.byte_end <= text.len()
        && text.is_char_boundary(s.byte_start)
        && text.is_char_boundary(s.byte_end)
        && s.start <= s.end;
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{what}: bad span {s:?} (input is {} bytes)",
            text.len()
        ))
    }
}

/// Runs `check` and verifies every span of the report.
fn check_no_panic(text: &str) -> Result<(), TestCaseError> {
    let r = check(text);
    let mut errs = Vec::new();
    for sec in &r.sections {
        errs.push(check_span(text, "section heading", &sec.span));
        errs.push(check_span(text, "section body", &sec.body));
    }
    for t in TableKey::ALL {
        for (row, col, c) in r.tables.get(t).cells() {
            if let Some(sp) = &c.span {
                errs.push(check_span(text, &cell_name(t, row, col), sp));
            }
        }
    }
    for d in &r.diagnostics {
        if let Some(sp) = &d.span {
            errs.push(check_span(text, d.code, sp));
        }
    }
    let errs: Vec<String> = errs.into_iter().filter_map(Result::err).collect();
    if errs.is_empty() {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!(
            "input {:?}\n{}",
            text.chars().take(400).collect::<String>(),
            errs.join("\n")
        )))
    }
}

/// Report-like fragments: labels, headings, numbers in every spelling, separators.
const FRAGMENTS: &[&str] = &[
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "第二十条第（一）项",
    "第二十条第(五)项",
    "信息内容",
    "本年制发件数",
    "规章",
    "行政规范性文件",
    "行政许可",
    "行政处罚",
    "行政事业性收费",
    "政府集中采购",
    "本年增/减",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "三、",
    "本",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "5.",
    "（六）其他处理",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "结果维持",
    "尚未审结",
    "总计",
    "自然人",
    "商业企业",
    "其他",
    "2021年",
    "2019年",
    "政府信息公开工作年度报告",
    "统计期限自2022年1月1日起至2022年12月31日止",
    "信息处理费",
    "国办公开办函〔2021〕30号",
    "0",
    "1",
    "7",
    "12",
    "3119",
    "39,732",
    "18651.06",
    "-3",
    "8次",
    "473300元",
    "１２３",
    "０",
    "9999999999999999999999",
    "0.000000000000000001",
    "/",
    "—",
    "-",
    "无",
    "|",
    "| 规章 | 0 | 0 | 0 |",
    "|---|---|",
    "\t",
    "\n",
    "\n\n\t\n\n",
    "\r\n",
    " ",
    "\u{a0}",
    "\u{3000}",
    "- 5 -",
    "(",
    "（",
    "）",
    "、",
    "。",
    "\u{feff}",
    "\u{200b}",
    "😀",
    "\u{0}",
];

fn fragment_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..160).prop_map(|v| v.concat())
}

fn fixture_texts() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut out = Vec::new();
    for sub in ["seeds", "corpus"] {
        let dir = format!("{root}/{sub}");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            out.push(std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p:?}: {e}")));
        }
    }
    assert!(!out.is_empty(), "no fixtures under {root}");
    // A few synthetic reports too, one per layout.
    for (i, l) in Layout::ALL.iter().enumerate() {
        out.push(generate(i as u64 * 7919, *l).text);
    }
    out
}

/// One edit of a text, with positions as fractions of its length (snapped to char boundaries).
#[derive(Clone, Debug)]
enum Edit {
    Delete(Index, Index),
    Duplicate(Index, Index),
    Swap(Index, Index, Index, Index),
    Insert(Index, &'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Delete(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Duplicate(a, b)),
        (
            any::<Index>(),
            any::<Index>(),
            any::<Index>(),
            any::<Index>()
        )
            .prop_map(|(a, b, c, d)| Edit::Swap(a, b, c, d)),
        (any::<Index>(), prop::sample::select(FRAGMENTS)).prop_map(|(a, f)| Edit::Insert(a, f)),
    ]
}

fn boundary(text: &str, i: &Index) -> usize {
    let mut b = i.index(text.len() + 1);
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// A short range: start anywhere, length up to ~200 bytes.
fn range(text: &str, a: &Index, b: &Index) -> (usize, usize) {
    let s = boundary(text, a);
    let mut e = (s + b.index(200)).min(text.len());
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    (s, e.max(s))
}

fn apply(text: &str, e: &Edit) -> String {
    match e {
        Edit::Delete(a, b) => {
            let (s, e) = range(text, a, b);
            format!("{}{}", &text[..s], &text[e..])
        }
        Edit::Duplicate(a, b) => {
            let (s, e) = range(text, a, b);
            format!("{}{}{}", &text[..e], &text[s..e], &text[e..])
        }
        Edit::Swap(a, b, c, d) => {
            let (s1, e1) = range(text, a, b);
            let (s2, e2) = range(text, c, d);
            let ((s1, e1), (s2, e2)) = if s1 <= s2 {
                ((s1, e1), (s2, e2))
            } else {
                ((s2, e2), (s1, e1))
            };
            if e1 > s2 {
                return text.to_string();
            }
            format!(
                "{}{}{}{}{}",
                &text[..s1],
                &text[s2..e2],
                &text[e1..s2],
                &text[s1..e1],
                &text[e2..]
            )
        }
        Edit::Insert(a, f) => {
            let s = boundary(text, a);
            format!("{}{}{}", &text[..s], f, &text[s..])
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn no_panic_on_arbitrary_strings(text in any::<String>()) {
        check_no_panic(&text)?;
    }

    #[test]
    fn no_panic_on_report_like_fragments(text in fragment_text()) {
        check_no_panic(&text)?;
    }
}

#[test]
fn no_panic_on_mangled_fixtures() {
    let fixtures = fixture_texts();
    let strategy = (any::<Index>(), prop::collection::vec(edit(), 1..8));
    runner(128)
        .run(&strategy, |(which, edits)| {
            let mut text = which.get(&fixtures).clone();
            for e in &edits {
                text = apply(&text, e);
            }
            check_no_panic(&text)
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn no_panic_on_every_prefix_of_a_collapsed_report() {
    // Cutting a collapsed report anywhere leaves a digit run at the end; every cut must be safe.
    let s = generate(3, Layout::Collapsed).text;
    let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).step_by(7).collect();
    for c in cuts {
        if let Err(e) = check_no_panic(&s[..c]) {
            panic!("prefix of {c} bytes: {e}");
        }
    }
}

#[test]
fn generated_reports_cover_both_templates_and_every_layout() {
    let mut templates = BTreeSet::new();
    for seed in 0..64 {
        let s = generate(seed, Layout::Tsv);
        templates.insert(s.template);
        assert!(s
            .text
            .contains(&format!("统计期限自{}年1月1日起", s.data.year)));
        for l in Layout::ALL {
            let t = s.in_layout(l);
            assert_eq!(t.expected, s.expected);
            assert!(t.text.contains("（七）总计"), "{}", l.name());
        }
    }
    assert_eq!(templates.len(), 2);
    // Re-rendering with one changed number changes that number only.
    let s = generate(11, Layout::Tsv);
    let e = s
        .expected
        .iter()
        .find(|e| {
            e.table == TableKey::Applications && e.row == "granted" && e.col == "natural_person"
        })
        .unwrap();
    let t = s.with_value(e.table, e.row, e.col, Num::int(e.value.mantissa + 1));
    let diff: Vec<_> = s
        .expected
        .iter()
        .zip(&t.expected)
        .filter(|(a, b)| a.value != b.value)
        .collect();
    assert_eq!(diff.len(), 1);
}

#[test]
fn generated_tables_satisfy_every_rule() {
    for seed in 0..200 {
        let d = synth::Data::generate(seed);
        let n = d.applications.len();
        for r in &d.applications {
            assert_eq!(r[6], r[..6].iter().sum::<i64>());
            assert!(r.iter().all(|v| *v >= 0));
        }
        for c in 0..7 {
            let s: i64 = (2..n - 2).map(|r| d.applications[r][c]).sum();
            assert_eq!(s, d.applications[n - 2][c]);
            assert_eq!(
                d.applications[0][c] + d.applications[1][c],
                d.applications[n - 2][c] + d.applications[n - 1][c]
            );
        }
        for (first, total) in synth::review_groups() {
            assert_eq!(d.review[first..total].iter().sum::<i64>(), d.review[total]);
        }
    }
}

/// A consistent report, in any layout whose cells are separated, has no error-severity finding.
#[test]
fn consistent_reports_check_without_errors() {
    let mut failures = Vec::new();
    for seed in 0..24 {
        for layout in Layout::SEPARATED {
            let s = generate(seed, layout);
            let r = check(&s.text);
            let errs: Vec<_> = r
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
            if !errs.is_empty() {
                failures.push(format!("{}:\n  {}", header(&s), errs.join("\n  ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} consistent report(s) got errors; the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(show_limit(4))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
