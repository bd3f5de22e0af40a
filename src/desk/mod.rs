//! The reviewer's desk: many reports at once. Pairs reports of one agency for consecutive years, checks year against year (Y001–Y004), and writes the cell dataset as CSV (pure, no I/O).
//!
//! The shells (the CLI today, the page later) read and [`crate::check`] each report, then:
//!
//! 1. [`pairing::pair`] finds the consecutive-year pairs among them (same normalised agency
//!    name, years y−1 and y), and says which reports could not take part (no agency, no year,
//!    several reports for one agency and year);
//! 2. [`crossyear::compare`] checks each pair: 上年结转 against last year's 结转下年度继续办理
//!    (Y001), 现行有效 against last year's 现行有效 + 本年制发 − 本年废止 (Y002), how much of the
//!    prose is last year's (Y003), and what could not be compared (Y004). Each finding points
//!    into this year's report (`cells`, `span`) and names last year's cells in
//!    [`crate::Diagnostic::previous`];
//! 3. [`attach`] adds those findings to this year's report, in the report's order;
//! 4. [`dataset`] writes every cell of every report as one CSV row.

pub mod batch;
pub mod crossyear;
pub mod dataset;
pub mod export;
pub mod pairing;
pub mod review;
pub mod split;

use crate::model::{Diagnostic, Report};

/// Adds cross-year findings to this year's report and orders its findings as [`crate::check`]
/// does: errors, then warnings, then info; within a severity by position in the text (findings
/// without a position last), then by code. The verdict is left as it is: it is about this
/// report's own tables.
pub fn attach(report: &mut Report, findings: Vec<Diagnostic>) {
    if findings.is_empty() {
        return;
    }
    report.diagnostics.extend(findings);
    crate::rules::sort_findings(&mut report.diagnostics);
}
