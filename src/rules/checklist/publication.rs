//! C007/C008: the publication date against 条例第四十九条's deadline for the body's kind.

use super::*;

// ---------------------------------------------------------------------------------------------
// C007, C008 发布日期
// ---------------------------------------------------------------------------------------------

/// Labels of a publication date, strongest first (成文日期 only when nothing says when it was
/// published).
const DATE_LABELS: &[&str] = &["发布日期", "发布时间", "公开日期", "成文日期"];

/// Where the paste carries a publication date: near the title (the first 600 chars) or at the end
/// (the last 600). Returns (year, month, day, byte range).
fn publication_date(f: &Flat) -> Option<(u32, u32, u32, Range<usize>)> {
    // Only the head and the tail are searched (the labels cannot overlap themselves, so a match
    // found in a part of the text is one found in the whole).
    let head_end = f.s.char_indices().nth(600).map_or(f.s.len(), |x| x.0);
    let tail_start = f.s.char_indices().rev().nth(599).map_or(0, |x| x.0);
    for label in DATE_LABELS {
        // Matches starting in the head may run past its end; those starting in the tail (and not
        // in the head) follow.
        let mut head_lim = (head_end + label.len()).min(f.s.len());
        while !f.s.is_char_boundary(head_lim) {
            head_lim += 1;
        }
        let tail_from = tail_start.max(head_end);
        let head = f.s[..head_lim]
            .match_indices(label)
            .map(|(i, _)| i)
            .filter(|&i| i < head_end);
        let tail = f.s[tail_from..]
            .match_indices(label)
            .map(|(i, _)| tail_from + i);
        for i in head.chain(tail) {
            let mut at = i + label.len();
            for c in [':', '】', ']', '|'] {
                if f.s[at..].starts_with(c) {
                    at += c.len_utf8();
                }
            }
            if let Some((Some(y), m, d, e)) = date_at(&f.s, at, false) {
                if (1..=12).contains(&m) && d >= 1 {
                    return Some((y, m, d, f.orig(i..e)));
                }
            }
        }
    }
    None
}

pub(crate) fn body_kind(agency: &str) -> Option<bool> {
    let a = agency.trim();
    let gov = [
        "人民政府",
        "区政府",
        "县政府",
        "市政府",
        "省政府",
        "州政府",
        "旗政府",
    ]
    .iter()
    .any(|g| a.ends_with(g));
    if gov {
        let head = a.trim_end_matches("人民政府").trim_end_matches("政府");
        // 乡镇人民政府 and 街道 are not 县级以上: the name does not give their deadline.
        if head.ends_with('乡') || head.ends_with('镇') || head.ends_with("街道") {
            return None;
        }
        return Some(true);
    }
    if a.ends_with("管委会") || a.ends_with("管理委员会") {
        return None;
    }
    let dept = a.ends_with("中心")
        || a.ends_with("委员会")
        || a.chars()
            .last()
            .is_some_and(|c| "局委厅办部署院馆所队站处室".contains(c));
    dept.then_some(false)
}

pub(super) fn check_publication(
    idx: &LineIndex,
    report: &Report,
    flat: &Flat,
    out: &mut Vec<Diagnostic>,
) {
    let Some(year) = report.year else { return };
    let Some((y, m, d, r)) = publication_date(flat) else {
        return;
    };
    let due_year = year as u32 + 1;
    let later_than = |dm: u32, dd: u32| (y, m, d) > (due_year, dm, dd);
    let date = format!("{y}年{m}月{d}日");
    let span = Some(idx.span(r.start, r.end));
    let agency = report.agency.as_deref().unwrap_or("");
    let kind = report.agency.as_deref().and_then(body_kind);
    match kind {
        Some(true) if later_than(3, 31) => out.push(diag(
            registry::C007,
            format!("发布日期 {date} 晚于县级以上人民政府年度报告的公布期限 {due_year}年3月31日（条例第四十九条；机关：{agency}）"),
            Vec::new(),
            span,
        )),
        Some(false) if later_than(1, 31) => out.push(diag(
            registry::C007,
            format!("发布日期 {date} 晚于政府部门年度报告的公布期限 {due_year}年1月31日（条例第四十九条；机关：{agency}）"),
            Vec::new(),
            span,
        )),
        None if later_than(3, 31) => out.push(diag(
            registry::C007,
            format!("发布日期 {date} 晚于 {due_year}年3月31日，无论是部门还是县级以上人民政府都已超过公布期限（条例第四十九条）"),
            Vec::new(),
            span,
        )),
        None if later_than(1, 31) => out.push(diag(
            registry::C008,
            format!(
                "发布日期 {date} 晚于部门的公布期限 {due_year}年1月31日、早于县级以上人民政府的 3月31日，而{}无法判断机关类别",
                if agency.is_empty() { "标题中没有机关名称，".to_string() } else { format!("从机关名称“{agency}”") }
            ),
            Vec::new(),
            span,
        )),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(body_kind("淮安市人民政府"), Some(true));
        assert_eq!(body_kind("周口市信访局"), Some(false));
        assert_eq!(body_kind("上海市科委"), Some(false));
        assert_eq!(body_kind("某某镇人民政府"), None);
        assert_eq!(body_kind("平潭综合实验区"), None);
    }
}
