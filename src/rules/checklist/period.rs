//! C004 统计期限 (and C003 for a period worded so the parser missed it): the statistics period stated, covering one whole calendar year.

use super::*;

// ---------------------------------------------------------------------------------------------
// C004 统计期限
// ---------------------------------------------------------------------------------------------

/// The statistics period as written: the year of its start, the byte range from the phrase to
/// that year (what C003 points at), the whole phrase's range, and whether it covers 1月1日–12月31日
/// of one year.
pub(crate) struct Period {
    pub year: i32,
    pub year_range: Range<usize>,
    pub range: Range<usize>,
    pub whole_year: bool,
    pub text: String,
}

/// Words that introduce a statistics period (matched after “统计”, or alone).
const PERIOD_WORDS: &[&str] = &[
    "期限", "周期", "时限", "期间", "时间", "区间", "时段", "范围",
];

/// Finds the statistics period: “统计期限自2022年1月1日起至2022年12月31日止”, “统计周期为 2024 年 1 月
/// 1 日至 12 月 31 日”, “数据统计时间为2023年度”, “所列数据的时间范围为…”.
#[cfg(test)]
pub(crate) fn find_period(text: &str) -> Option<Period> {
    find_period_in(&Flat::new(text, 0..text.len()))
}

/// [`find_period`] in the whole text already flattened.
pub(crate) fn find_period_in(f: &Flat) -> Option<Period> {
    // “统计…” first; “所列数据的时间…” only when nothing says 统计.
    for anchor in ["统计", "所列数据"] {
        if let Some(p) = period_at(f, anchor) {
            return Some(p);
        }
    }
    None
}

fn period_at(f: &Flat, anchor: &str) -> Option<Period> {
    let s = &f.s;
    let mut search = 0;
    while let Some(i) = s.get(search..).and_then(|t| t.find(anchor)) {
        let at = search + i;
        search = at + anchor.len();
        let win_end = s[at..].char_indices().nth(14).map_or(s.len(), |x| at + x.0);
        let win = &s[at..win_end];
        if !PERIOD_WORDS.iter().any(|w| win.contains(w)) {
            continue;
        }
        let Some((d1, (y1, m1, dd1, e1))) = next_date(s, at, 20, false) else {
            // “统计期限为2023年度”, “2023年全年”
            if let Some((p, y, e)) = year_word(s, at, 20) {
                let whole = ["年度", "年全年"].iter().any(|w| s[e..].starts_with(w));
                let end = e + s[e..]
                    .char_indices()
                    .nth(if whole { 2 } else { 1 })
                    .map_or(s.len() - e, |x| x.0);
                return Some(Period {
                    year: y as i32,
                    year_range: f.orig(at..p + 4),
                    range: f.orig(at..end),
                    whole_year: whole,
                    text: s[at..end].to_string(),
                });
            }
            continue;
        };
        let Some(y1) = y1 else { continue };
        let second = next_date(s, e1, 6, true);
        let (end, whole) = match second {
            Some((_, (y2, m2, dd2, e2))) => {
                let e2 = if s[e2..].starts_with('止') {
                    e2 + 3
                } else {
                    e2
                };
                let whole = m1 == 1
                    && (dd1 == 1 || dd1 == 0)
                    && m2 == 12
                    && (dd2 == 31 || dd2 == 0)
                    && y2.is_none_or(|y| y == y1);
                (e2, whole)
            }
            None => (e1, false),
        };
        let year_end = d1 + 4;
        return Some(Period {
            year: y1 as i32,
            year_range: f.orig(at..year_end),
            range: f.orig(at..end),
            whole_year: whole,
            text: s[at..end].to_string(),
        });
    }
    None
}

/// C004 on the statistics period `found` ([`find_period_in`] of the whole text).
pub(super) fn check_period(
    idx: &LineIndex,
    report: &Report,
    found: Option<&Period>,
    out: &mut Vec<Diagnostic>,
) {
    match found {
        None => {
            // A text with no title and no section is not a report: nothing to say about its period.
            if report.meta.title_year.is_none() && report.sections.is_empty() {
                return;
            }
            out.push(diag(
                registry::C004,
                "未写明统计期限（如“本报告所列数据的统计期限自X年1月1日起至X年12月31日止”）".into(),
                Vec::new(),
                None,
            ));
        }
        Some(p) if !p.whole_year => out.push(diag(
            registry::C004,
            format!(
                "统计期限“{}”不是完整的自然年度（应为{}年1月1日至12月31日）",
                p.text, p.year
            ),
            Vec::new(),
            Some(idx.span(p.range.start, p.range.end)),
        )),
        Some(_) => {}
    }
}

/// C003 for a period the parser's reading did not find (“数据统计时间为…”, “所列数据的时间范围…”).
pub(super) fn check_period_year(
    idx: &LineIndex,
    report: &Report,
    found: Option<&Period>,
    out: &mut Vec<Diagnostic>,
) {
    if report.meta.period.is_some() {
        return;
    }
    let (Some(ty), Some(p)) = (report.meta.title_year, found) else {
        return;
    };
    if ty != p.year {
        out.push(diag(
            registry::C003,
            format!("标题为 {ty} 年度报告，而统计期限写的是 {} 年", p.year),
            Vec::new(),
            Some(idx.span(p.year_range.start, p.year_range.end)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let p = find_period("统计期限自2022年1月1日起至2022年12月31日止。").unwrap();
        assert!(p.whole_year && p.year == 2022);
        let p = find_period("统计周期\n为 2024 年 1 月 1 日至 12 月 31 日。").unwrap();
        assert!(p.whole_year && p.year == 2024);
        let p = find_period("统计期限自2022年1月1日起至2022年6月30日止").unwrap();
        assert!(!p.whole_year);
        let p = find_period("本报告数据统计时间为2023年度。").unwrap();
        assert!(p.whole_year && p.year == 2023);
        assert!(find_period("统计表如下").is_none());
    }
}
