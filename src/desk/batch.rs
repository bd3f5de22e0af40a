//! Year against year across a batch: pairs the reports that were read and checks each pair, the same step for the CLI and the page.

use super::{crossyear, pairing};
use crate::model::{Diagnostic, Report};

/// The pairs found among `reports` (`None`: a file that could not be read) and, for each paired
/// report, the cross-year findings to [`super::attach`] to it: `(index, findings)`, by index.
pub fn cross_year(
    reports: &[Option<(&str, &Report)>],
) -> (pairing::Pairing, Vec<(usize, Vec<Diagnostic>)>) {
    let pairing = pairing::pair(reports.iter().map(|r| r.map(|(_, r)| r)));
    let mut found = Vec::new();
    for &(last, this) in &pairing.pairs {
        if let (Some((lt, lr)), Some((tt, tr))) = (reports[last], reports[this]) {
            found.push((this, crossyear::compare(lr, lt, tr, tt)));
        }
    }
    (pairing, found)
}
