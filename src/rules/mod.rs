//! The checks: runs every rule over a parsed report, appends the findings and orders them.

pub mod arithmetic;
pub mod checklist;
pub mod content;
pub mod prose;
pub mod reading;
pub mod registry;
pub mod structure;
pub mod values;

use crate::model::{Report, Severity, TableKey, Verdict};
use crate::parse::text::LineIndex;
use crate::parse::ReadingNotes;

/// Runs every check (the reading findings from the parser's notes first) and appends the findings
/// to `report.diagnostics`, then orders them: errors first, then warnings, then info; within a
/// severity by position in the text (findings without a position last), then by code.
pub fn run(text: &str, idx: &LineIndex, notes: &ReadingNotes, report: &mut Report) {
    // The whole text with white space removed, for the phrase searches (built once).
    let flat = checklist::Flat::new(text, 0..text.len());
    run_with(text, idx, notes, &flat, report);
}

/// [`run`] with the whole text already flattened ([`checklist::Flat`]).
pub(crate) fn run_with(
    text: &str,
    idx: &LineIndex,
    notes: &ReadingNotes,
    flat: &checklist::Flat,
    report: &mut Report,
) {
    let mut out = Vec::new();
    reading::check(text, idx, report, notes, &mut out);
    let not_assessable = arithmetic::check(report, &mut out);
    structure::check(report, &mut out);
    values::check(report, &mut out);
    prose::check(idx, report, flat, &mut out);
    content::check(text, report, &mut out);
    checklist::check(text, idx, report, flat, &mut out);
    report.diagnostics.extend(out);
    sort_findings(&mut report.diagnostics);
    report.verdict = verdict(report, not_assessable);
}

/// The order findings are shown in: errors, then warnings, then info; within a severity by
/// position in the text (findings without a position last), then by code.
pub fn sort_findings(diagnostics: &mut [crate::model::Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| {
                let pa = a.span.map_or(usize::MAX, |s| s.byte_start);
                let pb = b.span.map_or(usize::MAX, |s| s.byte_start);
                pa.cmp(&pb)
            })
            .then_with(|| a.code.cmp(b.code))
    });
}

/// The verdict from the findings: the broken sums (A001–A004 errors), the tables not read (no
/// value known: absent, or read too doubtfully to keep any cell), the relations not assessable.
fn verdict(report: &Report, not_assessable: usize) -> Verdict {
    let broken = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Error && matches!(d.code, "A001" | "A002" | "A003" | "A004")
        })
        .count();
    let not_read = TableKey::ALL
        .into_iter()
        .filter(|&k| {
            !report
                .tables
                .get(k)
                .cells()
                .any(|(_, _, c)| c.known().is_some())
        })
        .collect();
    Verdict {
        broken,
        not_assessable,
        not_read,
    }
}
