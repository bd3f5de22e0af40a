//! Finding the six section headings, the title, the agency, the report year and the statistics period.

use super::text::find_str;
use crate::model::SectionKey;
use std::ops::Range;

/// Heading phrases per section, strongest first (matched on the text with spaces removed).
const HEADINGS: [(SectionKey, &[&str]); 6] = [
    (SectionKey::Overview, &["总体情况", "基本情况"]),
    (
        SectionKey::ActiveDisclosure,
        &["主动公开政府信息情况", "主动公开政府信息的情况"],
    ),
    (
        SectionKey::Applications,
        &[
            "收到和处理政府信息公开申请情况",
            "收到和处理政府信息公开申请的情况",
            "依申请公开政府信息情况",
        ],
    ),
    (
        SectionKey::ReviewLitigation,
        &[
            "政府信息公开行政复议、行政诉讼情况",
            "政府信息公开行政复议,行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
            "因政府信息公开申请行政复议,提起行政诉讼的情况",
            "行政复议、行政诉讼情况",
            "行政复议和行政诉讼情况",
        ],
    ),
    (
        SectionKey::Problems,
        &[
            "存在的主要问题及改进情况",
            "存在的主要问题和改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "主要问题及改进情况",
            "存在的主要问题及改进措施",
            "主要问题和改进情况",
        ],
    ),
    (
        SectionKey::OtherMatters,
        &[
            "其他需要报告的事项",
            "其它需要报告的事项",
            "其他需要报告事项",
        ],
    ),
];

/// A heading found in the text: its section, the byte range of the whole heading (numbering
/// included) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub key: SectionKey,
    pub range: Range<usize>,
}

/// A version of the text with spaces removed and chars folded, remembering each char's byte offset
/// in the original, so that a phrase broken by spaces or line breaks is still found.
pub struct Squeezed<'a> {
    pub s: String,
    /// For each byte of `s`: the byte offset in the original text of the char it came from.
    pub map: Vec<usize>,
    /// The original text (where a char of `s` ends in it is read there).
    pub text: &'a str,
}

impl<'a> Squeezed<'a> {
    pub fn new(text: &'a str) -> Squeezed<'a> {
        let (s, map) = super::text::squeeze_starts(text, 0..text.len(), true);
        Squeezed { s, map, text }
    }

    /// Byte offset in the original just after the char that byte `i` of `s` came from.
    pub fn end_of(&self, i: usize) -> Option<usize> {
        let b = *self.map.get(i)?;
        Some(super::text::char_end(self.text, b))
    }

    pub fn orig(&self, r: Range<usize>) -> Range<usize> {
        let start = self.map.get(r.start).copied().unwrap_or(usize::MAX);
        let end = if r.end == 0 {
            start
        } else {
            self.end_of(r.end - 1).unwrap_or(start)
        };
        start.min(end)..end
    }
}

fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Whether the squeezed text just before `at` makes a phrase there a heading: start of a line
/// (after `#`s, a numeral like 一、 or （一）, or 第一部分), or a numeral like 二、 right before it
/// (collapsed text).
fn heading_start(sq: &str, at: usize) -> Option<usize> {
    // A heading's numbering is short: look back at most 64 bytes (collapsed reports are one
    // line; searching back to its start for every candidate would be quadratic).
    let mut window = at.saturating_sub(64);
    while !sq.is_char_boundary(window) {
        window += 1;
    }
    let before = &sq[..at];
    let line_start = match before[window..].rfind('\n') {
        Some(i) => window + i + 1,
        None if window == 0 => 0,
        None => window,
    };
    let prefix = &before[line_start..];
    let mut chars: Vec<(usize, char)> = prefix.char_indices().collect();
    // Strip a trailing numbering: "二、", "二.", "(二)", "第二部分", "2、"
    let mut cut = chars.len();
    if cut > 0 && matches!(chars[cut - 1].1, '、' | '.' | '．' | ':' | '：') {
        let mut k = cut - 1;
        while k > 0 && is_numeral(chars[k - 1].1) {
            k -= 1;
        }
        if k == cut - 1 {
            // "2、" style numbering: one or two digits, not part of a longer number.
            while k > 0 && chars[k - 1].1.is_ascii_digit() && cut - 1 - k < 2 {
                k -= 1;
            }
            if k > 0 && (chars[k - 1].1.is_ascii_digit() || chars[k - 1].1 == '.') {
                k = cut - 1;
            }
        }
        if k < cut - 1 {
            cut = k;
        }
    } else if cut > 0 && chars[cut - 1].1 == ')' {
        let mut k = cut - 1;
        while k > 0 && is_numeral(chars[k - 1].1) {
            k -= 1;
        }
        if k > 0 && k < cut - 1 && chars[k - 1].1 == '(' {
            cut = k - 1;
        }
    } else if prefix.ends_with("部分") {
        if let Some(p) = prefix.rfind('第') {
            let inner = &prefix[p + '第'.len_utf8()..prefix.len() - "部分".len()];
            if !inner.is_empty() && inner.chars().all(is_numeral) {
                cut = chars.iter().position(|(b, _)| *b == p).unwrap_or(cut);
            }
        }
    }
    let numbered = cut < chars.len();
    chars.truncate(cut);
    let rest: String = chars.iter().map(|x| x.1).collect();
    let only_marks = rest.chars().all(|c| c == '#' || c == '*');
    if only_marks {
        return Some(line_start);
    }
    if numbered {
        // Collapsed text: the numbering stands right after the previous sentence.
        let num_start = line_start + prefix[..].char_indices().nth(cut).map_or(0, |x| x.0);
        return Some(num_start);
    }
    None
}

/// A short part of every heading phrase of a section: one scan of the text per section finds its
/// candidates, then each phrase is checked around them.
const ANCHORS: [&str; 6] = ["情况", "主动公开", "申请", "行政复议", "问题", "需要报告"];

/// Finds the section headings, in template order (a heading out of order is ignored). A table of
/// contents, or a sentence listing the parts ("全文包括一、总体情况，二、…"), names three or more
/// headings in a row with no text between them: the headings are looked for again after it
/// (a few times at most), and kept where they were only if none is found after it.
pub fn find_headings(sq: &Squeezed) -> Vec<Heading> {
    find_headings_and_next(sq).0
}

/// [`find_headings`], and where a second report begins (a byte offset in the text) when one was
/// pasted after the first: three or more of the six headings again, in order, after the first
/// report's last heading, or from a second overview on (see [`second_report`]).
pub fn find_headings_and_next(sq: &Squeezed) -> (Vec<Heading>, Option<usize>) {
    let mut found = headings_from(sq, 0);
    for _ in 0..3 {
        let Some(end) = contents_end(sq, &found) else {
            break;
        };
        let after = headings_from(sq, end);
        if after.is_empty() {
            break;
        }
        found = after;
    }
    // Headings again after the last one; or, when the first report lacks a later part (the
    // second report's part was taken for it), an overview again after the first report's own.
    let next = found
        .last()
        .and_then(|(_, last)| second_report(sq, last.end, None))
        .or_else(|| {
            let (_, overview) = found
                .first()
                .filter(|f| f.0.key == SectionKey::Overview && found.len() >= 2)?;
            // (Only where an overview's phrase comes again after a heading's numbering or at a
            // line's start, not in a sentence or as a subsection "（一）基本情况": one quick scan.)
            let rest = sq.s.get(overview.end..)?;
            HEADINGS[0]
                .1
                .iter()
                .any(|p| {
                    rest.match_indices(p).any(|(i, _)| {
                        rest[..i]
                            .chars()
                            .next_back()
                            .is_none_or(|c| matches!(c, '、' | '.' | '．' | '\n' | ' ' | '#' | '*'))
                    })
                })
                .then_some(())?;
            second_report(sq, overview.end, Some(&found))
        });
    (found.into_iter().map(|(h, _)| h).collect(), next)
}

/// Where a second report begins when three or more of the six headings come again, in order,
/// from byte `after` of the squeezed text (an original byte offset): at the line of its title
/// ("…年度报告") when that comes before them, else at its first heading. With `first_report`'s
/// headings (looked for from inside it): the headings must open with the overview, and three of
/// them must be other than the first report's (a subsection "（一）基本情况" followed by the
/// report's own parts is not a second report).
fn second_report(
    sq: &Squeezed,
    after: usize,
    first_report: Option<&[(Heading, Range<usize>)]>,
) -> Option<usize> {
    let again = headings_from(sq, after);
    let new =
        |h: &&(Heading, Range<usize>)| first_report.is_none_or(|f| !f.iter().any(|x| x.1 == h.1));
    let first = again
        .first()
        .filter(|_| again.iter().filter(new).count() >= 3)?;
    // Its title: the last line ending "年度报告" between the two reports' headings.
    let between = after..first.1.start;
    // (A title line ends with it; "…年度报告格式》" in the next report's first sentence does not.)
    let title = sq.s.get(between.clone()).and_then(|b| {
        b.match_indices("年度报告")
            .filter(|(t, w)| b[t + w.len()..].starts_with('\n'))
            .map(|(t, _)| t)
            .last()
    });
    // A report opens with its title or its overview; headings again without either (an
    // attachment holding the tables under 一、主动公开… 二、收到和处理…) are not a report.
    if first.0.key != SectionKey::Overview && (title.is_none() || first_report.is_some()) {
        return None;
    }
    let at = match title {
        Some(t) => {
            let t = between.start + t;
            sq.s[..t]
                .rfind('\n')
                .map_or(t, |n| (n + 1).max(between.start))
        }
        None => first.1.start,
    };
    // The original offset of that char (the caller takes its line's start).
    Some(sq.orig(at..at + 1).start).filter(|&o| o != usize::MAX)
}

/// The end (in the squeezed text) of the first run of three or more headings with nothing but
/// numbering, dot leaders, page numbers and punctuation between them.
fn contents_end(sq: &Squeezed, found: &[(Heading, Range<usize>)]) -> Option<usize> {
    // Whether nothing but non-ideographs lies between heading `i` and the next.
    let empty = |i: usize| {
        !sq.s
            .get(found[i].1.end..found[i + 1].1.start)
            .unwrap_or("")
            .chars()
            .any(super::text::is_cjk)
    };
    let mut start = 0;
    while start < found.len() {
        let mut j = start;
        while j + 1 < found.len() && empty(j) {
            j += 1;
        }
        if j - start >= 2 {
            return Some(found[j].1.end);
        }
        start = j + 1;
    }
    None
}

/// The headings found from byte `from` of the squeezed text on, each with its range there.
fn headings_from(sq: &Squeezed, from: usize) -> Vec<(Heading, Range<usize>)> {
    let mut out: Vec<(Heading, Range<usize>)> = Vec::new();
    let mut from = from;
    for ((key, phrases), anchor) in HEADINGS.iter().zip(ANCHORS) {
        let mut best: Option<(usize, usize)> = None; // (phrase end, heading start)
        let mut search = from;
        'scan: while let Some(i) = sq.s.get(search..).and_then(|t| t.find(anchor)) {
            let at = search + i;
            search = at + anchor.len();
            for p in phrases.iter() {
                let Some(off) = find_str(p, anchor) else {
                    continue;
                };
                let Some(start) = at.checked_sub(off) else {
                    continue;
                };
                if start < from || !sq.s.is_char_boundary(start) || !sq.s[start..].starts_with(p) {
                    continue;
                }
                if let Some(hs) = heading_start(&sq.s, start) {
                    best = Some((start + p.len(), hs));
                    break 'scan;
                }
            }
        }
        if let Some((end, hs)) = best {
            // A heading ends at the end of its line or right after the phrase (collapsed).
            let line_end = sq.s[end..].find('\n').map_or(sq.s.len(), |i| end + i);
            let tail = &sq.s[end..line_end];
            let end = if tail.chars().count() <= 4 {
                line_end
            } else {
                end
            };
            let range = sq.orig(hs..end);
            from = end;
            out.push((Heading { key: *key, range }, hs..end));
        }
    }
    out
}

/// The report's title region, year and agency.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Title {
    pub range: Option<Range<usize>>,
    pub year: Option<i32>,
    pub agency: Option<String>,
}

fn year_at(s: &str) -> Option<(usize, i32)> {
    // First 4-digit 19xx/20xx followed by 年.
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && s[i + 4..].starts_with('年')
        {
            let y: i32 = s[i..i + 4].parse().ok()?;
            if (1990..=2100).contains(&y) {
                return Some((i, y));
            }
        }
        i += 1;
    }
    None
}

/// Where `pat` first occurs in `s` with line breaks allowed between its chars (a centred title
/// wrapped as "…工作年" / "度报告"): its start and end.
fn find_across_lines(s: &str, pat: &str) -> Option<(usize, usize)> {
    let first = pat.chars().next()?;
    s.match_indices(first).find_map(|(i, _)| {
        let mut rest = s[i..].char_indices().filter(|&(_, c)| c != '\n');
        let mut end = i;
        for want in pat.chars() {
            let (at, c) = rest.next()?;
            if c != want {
                return None;
            }
            end = i + at + c.len_utf8();
        }
        Some((i, end))
    })
}

/// Reads the title: the text before the first "年度报告" near the top, its year and the agency.
pub fn find_title(sq: &Squeezed) -> Title {
    let head_end = sq.s.char_indices().nth(400).map_or(sq.s.len(), |(b, _)| b);
    let head = &sq.s[..head_end];
    let Some((i, end)) = ["年度报告", "公开工作报告", "工作报告"]
        .iter()
        .find_map(|p| find_across_lines(head, p))
    else {
        return Title::default();
    };
    let mut start = 0;
    // The title starts after the last sentence end before it.
    if let Some(p) = head[..i].rfind(['。', ';', '；']) {
        start = p + head[p..].chars().next().map_or(1, char::len_utf8);
    }
    let title: String = head[start..end]
        .chars()
        .filter(|c| *c != '\n' && *c != '#' && *c != '*')
        .collect();
    let title = title.trim_start_matches("正文").to_string();
    if title.contains(['《', '〈', '<']) {
        return Title::default();
    }
    let mut t = Title {
        range: Some(sq.orig(start..end)),
        ..Title::default()
    };
    if let Some((yi, y)) = year_at(&title) {
        t.year = Some(y);
        // Page numbers ("- 1 -") and stray marks before the agency are not part of it.
        let before = title[..yi].trim_start_matches(|c: char| !super::text::is_cjk(c));
        let agency = if !before.is_empty() {
            before.to_string()
        } else {
            let after = &title[yi + 4 + '年'.len_utf8()..];
            let after = after.trim_start_matches('度');
            let cut = after
                .find("政府信息公开")
                .or_else(|| after.find("政务公开"))
                .unwrap_or(0);
            after[..cut].to_string()
        };
        if !agency.is_empty() && agency.chars().count() <= 40 {
            t.agency = Some(agency);
        }
    }
    t
}

/// The year of the statistics period ("统计期限自2022年1月1日起…", "统计周期为 2024 年 1 月 1 日"),
/// with the byte range of the phrase.
pub fn find_period_year(sq: &Squeezed) -> Option<(i32, Range<usize>)> {
    let mut search = 0;
    while let Some(i) = sq.s.get(search..).and_then(|t| t.find("统计")) {
        let at = search + i;
        let window_end = sq.s[at..]
            .char_indices()
            .nth(24)
            .map_or(sq.s.len(), |(b, _)| at + b);
        let window = &sq.s[at..window_end];
        if window.contains("期") || window.contains("周期") || window.contains("时限") {
            if let Some((yi, y)) = year_at(window) {
                if window[yi..].contains("1月1日") || window[yi..].contains("月") {
                    return Some((y, sq.orig(at..at + yi + 4)));
                }
            }
        }
        search = at + "统计".len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(t: &str) -> Vec<SectionKey> {
        find_headings(&Squeezed::new(t))
            .into_iter()
            .map(|h| h.key)
            .collect()
    }

    #[test]
    fn headings_in_every_form() {
        let t = "标题\n一、总体情况\n文字\n## 二、主动公开政府信息情况\n表\n三、收到和处理政府信息公开申请情况\n四、因政府信息公开申请行政复议、提起行政诉讼的情况\n五、政府信息公开工作存在的主要问题及改进情况\n六、其他需要报告的事项\n无";
        assert_eq!(keys(t).len(), 6);
        let collapsed = "报告共分6个部分：总体情况、主动公开政府信息情况。一、总体情况 文字二、主动公开政府信息情况表";
        let h = find_headings(&Squeezed::new(collapsed));
        assert_eq!(h.len(), 2);
        assert!(collapsed[h[0].range.clone()].starts_with("一、总体情况"));
    }

    #[test]
    fn a_table_of_contents_is_passed_over() {
        let t = "目录\n一、总体情况……1\n二、主动公开政府信息情况……2\n三、收到和处理政府信息公开申请情况……3\n\n一、总体情况\n文字\n二、主动公开政府信息情况\n表\n三、收到和处理政府信息公开申请情况\n表";
        let h = find_headings(&Squeezed::new(t));
        assert_eq!(h.len(), 3);
        let body = t.find("\n\n").unwrap();
        assert!(h.iter().all(|x| x.range.start > body), "{h:?}");
        // Empty sections at the end are not a table of contents: nothing follows them.
        assert_eq!(keys("一、总体情况\n文字\n四、行政复议、行政诉讼情况\n五、主要问题及改进情况\n六、其他需要报告的事项").len(), 4);
    }

    #[test]
    fn title_year_agency() {
        let t = find_title(&Squeezed::new(
            "\n周口市信访局2021年政府信息公开工作年度报告\n\n一、",
        ));
        assert_eq!(t.year, Some(2021));
        assert_eq!(t.agency.as_deref(), Some("周口市信访局"));
        let t = find_title(&Squeezed::new(
            "正文\n2024 年上海市科委政府信息公开工作\n年度报告\n",
        ));
        assert_eq!(t.year, Some(2024));
        assert_eq!(t.agency.as_deref(), Some("上海市科委"));
        let t = find_title(&Squeezed::new("某某区教育局2023年度政府信息公开工作报告\n"));
        assert_eq!(
            (t.year, t.agency.as_deref()),
            (Some(2023), Some("某某区教育局"))
        );
        let p = find_period_year(&Squeezed::new("统计期限自2022年1月1日起至2022年12月31日止"));
        assert_eq!(p.map(|x| x.0), Some(2022));
    }
}
