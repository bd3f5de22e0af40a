//! The checks: runs every rule over a parsed report, appends the findings and orders them.

pub mod arithmetic;
pub mod content;
pub mod prose;
pub mod registry;
pub mod structure;
pub mod values;

use crate::model::Report;
use crate::parse::text::LineIndex;

/// Runs every check and appends the findings to `report.diagnostics` (which already holds the
/// parser's reading findings), then orders them: errors first, then warnings, then info; within a
/// severity by position in the text (findings without a position last), then by code.
pub fn run(text: &str, idx: &LineIndex, report: &mut Report) {
    let mut out = Vec::new();
    arithmetic::check(report, &mut out);
    structure::check(report, &mut out);
    values::check(report, &mut out);
    prose::check(text, idx, report, &mut out);
    content::check(text, report, &mut out);
    report.diagnostics.extend(out);
    report.diagnostics.sort_by(|a, b| {
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
