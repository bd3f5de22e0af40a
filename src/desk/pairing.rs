//! Matching reports into consecutive-year pairs: the same agency (by its normalised name) and the years y−1 and y.

use crate::model::Report;
use crate::parse::text::{fold, is_space};
use std::collections::BTreeMap;

/// The agency name as pairs are matched: folded to half width (full-width letters, digits and
/// brackets), white space removed, ASCII letters lower-cased. “周口市 信访局” and “周口市信访局”
/// are one agency; “某某县人民政府” and “某某县人民政府办公室” are two.
pub fn agency_key(name: &str) -> String {
    name.chars()
        .map(fold)
        .filter(|c| !is_space(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How a set of reports pairs up. Indices are positions in the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pairing {
    /// (last year's report, this year's report), ordered by this year's index.
    pub pairs: Vec<(usize, usize)>,
    /// Reports whose agency was not found in the title: never paired.
    pub no_agency: Vec<usize>,
    /// Reports with an agency but no year: never paired.
    pub no_year: Vec<usize>,
    /// Groups of two or more reports with the same agency and year (in input order; groups
    /// ordered by their first report): which of them is “the” report of that year cannot be
    /// told, so none of them is paired.
    pub duplicates: Vec<Vec<usize>>,
}

/// Pairs reports: each report of agency A and year y with the report of A and y − 1, when each of
/// the two is the only report of its agency and year. `None` entries (files that could not be
/// read) take no part but keep their index.
pub fn pair<'a, I>(reports: I) -> Pairing
where
    I: IntoIterator<Item = Option<&'a Report>>,
{
    let mut out = Pairing::default();
    // (agency key, year) → the reports with it, in input order.
    let mut by_key: BTreeMap<(String, i32), Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.into_iter().enumerate() {
        let Some(r) = r else { continue };
        let agency = r.agency.as_deref().map(agency_key).unwrap_or_default();
        if agency.is_empty() {
            out.no_agency.push(i);
            continue;
        }
        let Some(year) = r.year else {
            out.no_year.push(i);
            continue;
        };
        by_key.entry((agency, year)).or_default().push(i);
    }
    for ((agency, year), this) in &by_key {
        if this.len() > 1 {
            out.duplicates.push(this.clone());
            continue;
        }
        let Some(last) = by_key.get(&(agency.clone(), year - 1)) else {
            continue;
        };
        if last.len() == 1 {
            out.pairs.push((last[0], this[0]));
        }
    }
    out.pairs.sort_by_key(|p| p.1);
    out.duplicates.sort_by_key(|g| g[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(agency: Option<&str>, year: Option<i32>) -> Report {
        let mut r = crate::check("");
        r.agency = agency.map(str::to_string);
        r.year = year;
        r
    }

    #[test]
    fn names_are_folded() {
        assert_eq!(agency_key(" 周口市　信访局 "), "周口市信访局");
        assert_eq!(agency_key("ＡＢＣ（二）"), "abc(二)");
        assert_ne!(
            agency_key("某某县人民政府"),
            agency_key("某某县人民政府办公室")
        );
    }

    #[test]
    fn consecutive_years_of_one_agency_pair() {
        let rs = [
            report(Some("某某局"), Some(2024)),
            report(Some("某某局"), Some(2023)),
            report(Some("某 某局"), Some(2022)),
            report(Some("别的局"), Some(2023)),
            report(None, Some(2023)),
            report(Some("某某局"), None),
            report(Some("甲局"), Some(2020)),
            report(Some("甲局"), Some(2021)),
            report(Some("甲局"), Some(2021)),
        ];
        let mut refs: Vec<Option<&Report>> = rs.iter().map(Some).collect();
        refs.push(None);
        let p = pair(refs);
        assert_eq!(p.pairs, vec![(1, 0), (2, 1)]);
        assert_eq!(p.no_agency, vec![4]);
        assert_eq!(p.no_year, vec![5]);
        // Two 甲局 2021 reports: neither is paired with 甲局 2020.
        assert_eq!(p.duplicates, vec![vec![7, 8]]);
    }
}
