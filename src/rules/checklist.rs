//! The reviewer's checklist (issue 10): the statistics period (C004), the five topics of 总体情况
//! (C005), the 信息处理费 report when fees were charged (C006), the publication date against the
//! deadline of 条例第四十九条 (C007, C008), and the sections' numbering, order and wording (S010–S012).
//! The prose figures of the checklist are P001's (`prose.rs`).

use super::registry::{self, Rule};
use crate::model::*;
use crate::parse::text::{fold, is_space, LineIndex};
use crate::template::cell_name;
use std::ops::Range;

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/// The text with every white space (line breaks included) removed and chars folded to half width,
/// remembering each byte's place in the original: a phrase wrapped over lines is still found.
pub(crate) struct Flat {
    pub s: String,
    start: Vec<usize>,
    end: Vec<usize>,
}

impl Flat {
    pub fn new(text: &str, range: Range<usize>) -> Flat {
        let mut f = Flat {
            s: String::new(),
            start: Vec::new(),
            end: Vec::new(),
        };
        let Some(part) = text.get(range.clone()) else {
            return f;
        };
        for (b, c) in part.char_indices() {
            if is_space(c) {
                continue;
            }
            let c = match fold(c) {
                '，' => ',',
                '：' => ':',
                '；' => ';',
                x => x,
            };
            let before = f.s.len();
            f.s.push(c);
            let n = f.s.len() - before;
            let at = range.start + b;
            f.start.extend(std::iter::repeat_n(at, n));
            f.end.extend(std::iter::repeat_n(at + c_len(part, b), n));
        }
        f
    }

    /// The original byte range of a range of `s`.
    pub fn orig(&self, r: Range<usize>) -> Range<usize> {
        let s = self.start.get(r.start).copied().unwrap_or(0);
        let e = if r.end == 0 {
            s
        } else {
            self.end.get(r.end - 1).copied().unwrap_or(s)
        };
        s..e.max(s)
    }
}

fn c_len(s: &str, b: usize) -> usize {
    s[b..].chars().next().map_or(1, char::len_utf8)
}

/// A number of ASCII digits at `at` (at most `max` of them): its value and end.
fn digits(s: &str, at: usize, max: usize) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    let mut e = at;
    while e < b.len() && b[e].is_ascii_digit() && e - at < max {
        e += 1;
    }
    if e == at || (e < b.len() && b[e].is_ascii_digit()) {
        return None;
    }
    Some((s[at..e].parse().ok()?, e))
}

/// A date: (year if written, month, day or 0, end).
type Date = (Option<u32>, u32, u32, usize);

/// A date at `at` of the flat text: `2024年1月1日`, `2024-01-01`, `2024/1/1`, `2024.1.1`, or, when
/// `year_optional`, `12月31日`. Returns (year, month, day, end); the day is optional after 年…月
/// (`2024年1月至12月`: day 0).
fn date_at(s: &str, at: usize, year_optional: bool) -> Option<Date> {
    if let Some((y, e)) = digits(s, at, 4).filter(|(y, e)| e - at == 4 && (1990..2100).contains(y))
    {
        let sep = s[e..].chars().next()?;
        if let Some((m, e2)) = digits(s, e + sep.len_utf8(), 2) {
            if sep == '年' && s[e2..].starts_with('月') {
                let e3 = e2 + '月'.len_utf8();
                if let Some((d, e4)) = digits(s, e3, 2) {
                    if s[e4..].starts_with('日') || s[e4..].starts_with('号') {
                        return Some((Some(y), m, d, e4 + '日'.len_utf8()));
                    }
                }
                return Some((Some(y), m, 0, e3));
            }
            if matches!(sep, '-' | '/' | '.') && s[e2..].starts_with(sep) {
                if let Some((d, e4)) = digits(s, e2 + 1, 2) {
                    return Some((Some(y), m, d, e4));
                }
            }
        }
        return None;
    }
    if year_optional {
        let (m, e) = digits(s, at, 2)?;
        if s[e..].starts_with('月') {
            let e3 = e + '月'.len_utf8();
            if let Some((d, e4)) = digits(s, e3, 2) {
                if s[e4..].starts_with('日') || s[e4..].starts_with('号') {
                    return Some((None, m, d, e4 + '日'.len_utf8()));
                }
            }
            return Some((None, m, 0, e3));
        }
    }
    None
}

/// The next date starting within `window` chars of `from`.
fn next_date(s: &str, from: usize, window: usize, year_optional: bool) -> Option<(usize, Date)> {
    for (k, (b, _)) in s[from..].char_indices().enumerate() {
        if k > window {
            break;
        }
        if let Some(d) = date_at(s, from + b, year_optional) {
            return Some((from + b, d));
        }
    }
    None
}

/// A year (19xx/20xx followed by 年) starting within `window` chars of `from`: (start, year, end).
fn year_word(s: &str, from: usize, window: usize) -> Option<(usize, u32, usize)> {
    for (k, (b, _)) in s[from..].char_indices().enumerate() {
        if k > window {
            break;
        }
        let p = from + b;
        if let Some((y, e)) = digits(s, p, 4) {
            if e - p == 4 && (1990..2100).contains(&y) && s[e..].starts_with('年') {
                return Some((p, y, e));
            }
        }
    }
    None
}

fn section(report: &Report, key: SectionKey) -> Option<&Section> {
    report.sections.iter().find(|s| s.key == key)
}

fn diag(rule: Rule, message: String, cells: Vec<CellRef>, span: Option<Span>) -> Diagnostic {
    Diagnostic::new(&rule, message, cells, span)
}

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
pub(crate) fn find_period(text: &str) -> Option<Period> {
    let f = Flat::new(text, 0..text.len());
    // “统计…” first; “所列数据的时间…” only when nothing says 统计.
    for anchor in ["统计", "所列数据"] {
        if let Some(p) = period_at(&f, anchor) {
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

fn check_period(text: &str, idx: &LineIndex, report: &Report, out: &mut Vec<Diagnostic>) {
    match find_period(text) {
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
fn check_period_year(idx: &LineIndex, text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    if report.meta.period.is_some() {
        return;
    }
    let (Some(ty), Some(p)) = (report.meta.title_year, find_period(text)) else {
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

// ---------------------------------------------------------------------------------------------
// C005 总体情况的五个方面
// ---------------------------------------------------------------------------------------------

/// The five topics of 总体情况 (2021 template), each with the wordings that count as mentioning it.
pub const OVERVIEW_TOPICS: &[(&str, &[&str])] = &[
    (
        "主动公开",
        &[
            "主动公开",
            "公开政府信息",
            "发布政府信息",
            "信息发布",
            "公开内容",
            "政策解读",
        ],
    ),
    (
        "依申请公开",
        &["依申请", "公开申请", "申请公开", "信息公开申请"],
    ),
    (
        "政府信息管理",
        &[
            "政府信息管理",
            "信息管理",
            "公开属性",
            "属性审查",
            "属性认定",
            "保密审查",
            "发布审查",
            "审核机制",
            "三审",
            "公文管理",
            "文件清理",
            "动态更新",
            "动态调整",
            "公开指南",
            "公开目录",
            "政策文件库",
        ],
    ),
    (
        "平台建设",
        &[
            "平台建设",
            "平台",
            "网站",
            "新媒体",
            "公众号",
            "微博",
            "专栏",
            "公报",
            "网页",
            "政务服务网",
        ],
    ),
    (
        "监督保障",
        &[
            "监督保障",
            "监督",
            "保障",
            "考核",
            "培训",
            "领导小组",
            "组织领导",
            "工作机制",
            "责任追究",
            "评议",
            "问责",
        ],
    ),
];

fn check_overview(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    // 2021 年版 only: the 2019 template asks for 总体情况 without naming its topics.
    if report.template != Some(Template::Y2021) {
        return;
    }
    let Some(s) = section(report, SectionKey::Overview) else {
        return;
    };
    // Up to the next heading as judged by S010–S012 (not a sub-item the parser took for one).
    let hs = headings(text, report);
    let end = hs
        .iter()
        .find(|h| h.0 != SectionKey::Overview)
        .map_or(s.body.byte_end, |h| h.2.start)
        .max(s.body.byte_start);
    let body = Flat::new(text, s.body.byte_start..end);
    for (topic, words) in OVERVIEW_TOPICS {
        if !words.iter().any(|w| body.s.contains(w)) {
            out.push(diag(
                registry::C005,
                format!("第一部分“总体情况”未提及“{topic}”方面的工作"),
                Vec::new(),
                Some(s.span),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// C006 信息处理费
// ---------------------------------------------------------------------------------------------

/// What in section 六 counts as reporting 信息处理费 (行政事业性收费 is removed first: it is table 二's
/// fee, not the 信息处理费 of 国办函〔2020〕109号).
const FEE_REPORT: &[&str] = &["处理费", "收费通知", "收取费用", "信息公开收费", "公开收费"];

/// Text that says fees were charged, and what negates it just before.
const FEE_MENTIONS: &[&str] = &["收费通知", "收取信息处理费", "收取政府信息公开信息处理费"];

fn fee_mention(text: &str, skip: Option<Range<usize>>) -> Option<(Range<usize>, &'static str)> {
    let f = Flat::new(text, 0..text.len());
    let mut best: Option<(usize, usize, &'static str)> = None;
    for m in FEE_MENTIONS {
        for (i, _) in f.s.match_indices(m) {
            let before: String = f.s[..i].chars().rev().take(4).collect();
            // The table-三 label “申请人逾期未按收费通知要求缴纳费用”; “未收取”, “无收取”, “不收取”.
            if before.starts_with("按未") || before.contains(['未', '无', '不', '免', '没'])
            {
                continue;
            }
            let r = f.orig(i..i + m.len());
            if skip.as_ref().is_some_and(|k| k.contains(&r.start)) {
                continue;
            }
            if best.is_none_or(|b| i < b.0) {
                best = Some((i, i + m.len(), m));
            }
            break;
        }
    }
    best.map(|(s, e, m)| (f.orig(s..e), m))
}

fn check_fees(text: &str, idx: &LineIndex, report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(six) = section(report, SectionKey::OtherMatters) else {
        return;
    };
    // C002 already says section 六 is silent on fees.
    if out.iter().any(|d| d.code == "C002") {
        return;
    }
    let body = Flat::new(text, six.body.byte_start..six.body.byte_end);
    let cleaned = body.s.replace("行政事业性收费", "");
    if FEE_REPORT.iter().any(|w| cleaned.contains(w)) {
        return;
    }
    let only_public_fees = body.s.contains("行政事业性收费");
    let note = if only_public_fees {
        "（只提到行政事业性收费，那是表二的收费，不是信息处理费）"
    } else {
        ""
    };
    let cell = CellRef::new(TableKey::Applications, "other_no_fee", "total");
    let no_fee = report
        .tables
        .cell(&cell)
        .and_then(Cell::known)
        .filter(|n| n.mantissa > 0);
    if let Some(n) = no_fee {
        out.push(diag(
            registry::C006,
            format!(
                "{}为 {n}，说明发出过收费通知，而第六部分未报告信息处理费收取情况{note}",
                cell_name(&cell)
            ),
            vec![cell],
            Some(six.span),
        ));
        return;
    }
    let six_range = six.body.byte_start..six.body.byte_end;
    if let Some((r, m)) = fee_mention(text, Some(six_range)) {
        let line = idx.span(r.start, r.end).line;
        out.push(diag(
            registry::C006,
            format!("正文第 {line} 行提到“{m}”，而第六部分未报告信息处理费收取情况{note}"),
            Vec::new(),
            Some(six.span),
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// C007, C008 发布日期
// ---------------------------------------------------------------------------------------------

/// Labels of a publication date, strongest first (成文日期 only when nothing says when it was
/// published).
const DATE_LABELS: &[&str] = &["发布日期", "发布时间", "公开日期", "成文日期"];

/// Where the paste carries a publication date: near the title (the first 600 chars) or at the end
/// (the last 600). Returns (year, month, day, byte range).
fn publication_date(text: &str) -> Option<(u32, u32, u32, Range<usize>)> {
    let f = Flat::new(text, 0..text.len());
    let n = f.s.chars().count();
    let head_end = f.s.char_indices().nth(600).map_or(f.s.len(), |x| x.0);
    let tail_start =
        f.s.char_indices()
            .nth(n.saturating_sub(600))
            .map_or(0, |x| x.0);
    for label in DATE_LABELS {
        for (i, _) in f.s.match_indices(label) {
            if i >= head_end && i < tail_start {
                continue;
            }
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

/// The kind of body, from the agency name in the title: a 县级以上人民政府 (its own report, due by
/// 3月31日), a department (due by 1月31日), or `None` when the name does not tell.
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

fn check_publication(idx: &LineIndex, text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(year) = report.year else { return };
    let Some((y, m, d, r)) = publication_date(text) else {
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

// ---------------------------------------------------------------------------------------------
// S010–S012 六个部分的编号、顺序和措辞
// ---------------------------------------------------------------------------------------------

/// The official heading of a section, without its number.
fn official(key: SectionKey) -> &'static str {
    &key.official_title()[6..]
}

/// Other wordings of a heading that still name the section (used to find a heading the parser
/// took from a sub-item, and a section out of order).
fn phrases(key: SectionKey) -> &'static [&'static str] {
    match key {
        SectionKey::Overview => &["总体情况", "基本情况"],
        SectionKey::ActiveDisclosure => &["主动公开政府信息情况", "主动公开政府信息的情况"],
        SectionKey::Applications => &[
            "收到和处理政府信息公开申请情况",
            "收到和处理政府信息公开申请的情况",
            "依申请公开政府信息情况",
        ],
        SectionKey::ReviewLitigation => &[
            "政府信息公开行政复议、行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
            "行政复议、行政诉讼情况",
        ],
        SectionKey::Problems => &[
            "存在的主要问题及改进情况",
            "存在的主要问题和改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "主要问题及改进情况",
        ],
        SectionKey::OtherMatters => &[
            "其他需要报告的事项",
            "其它需要报告的事项",
            "其他需要报告事项",
        ],
    }
}

const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

fn numeral(n: u32) -> String {
    match n {
        1..=10 => NUMERALS[n as usize - 1].to_string(),
        11..=19 => format!("十{}", NUMERALS[n as usize - 11]),
        _ => n.to_string(),
    }
}

/// A heading's numbering: its value, whether it is a sub-item style number ("(四)"), its text, and
/// the rest of the heading.
struct Numbered<'a> {
    value: Option<u32>,
    sub_item: bool,
    label: &'a str,
    rest: &'a str,
}

fn chinese_value(s: &str) -> Option<u32> {
    let v: Vec<u32> = s
        .chars()
        .map(|c| NUMERALS.iter().position(|n| *n == c).map(|p| p as u32 + 1))
        .collect::<Option<_>>()?;
    match v.as_slice() {
        [a] => Some(*a),
        [10, b] => Some(10 + b),
        [a, 10] => Some(a * 10),
        _ => None,
    }
}

fn numbering(title: &str) -> Numbered<'_> {
    let t = title.trim_start_matches(|c: char| is_space(c) || "#*[>【".contains(c));
    let none = Numbered {
        value: None,
        sub_item: false,
        label: "",
        rest: t,
    };
    // 第X部分
    if let Some(after) = t.strip_prefix('第') {
        if let Some(p) = after.find("部分") {
            if let Some(v) = chinese_value(&after[..p]) {
                let end = '第'.len_utf8() + p + "部分".len();
                let rest =
                    t[end..].trim_start_matches(|c: char| is_space(c) || "、:：.".contains(c));
                return Numbered {
                    value: Some(v),
                    sub_item: false,
                    label: &t[..end],
                    rest,
                };
            }
        }
    }
    // (X) / （X）
    let paren = t.starts_with('(') || t.starts_with('（');
    let inner = if paren { &t[c_len(t, 0)..] } else { t };
    let end = inner
        .char_indices()
        .find(|(_, c)| !(NUMERALS.contains(c) || c.is_ascii_digit() || ('０'..='９').contains(c)))
        .map_or(inner.len(), |x| x.0);
    if end == 0 {
        return none;
    }
    let num = &inner[..end];
    let value = chinese_value(num).or_else(|| {
        let d: String = num.chars().map(fold).collect();
        d.parse().ok()
    });
    let Some(value) = value else { return none };
    let after = &inner[end..];
    let Some(sep) = after.chars().next() else {
        return none;
    };
    let ok = if paren {
        sep == ')' || sep == '）'
    } else {
        "、.．:：".contains(sep)
    };
    if !ok {
        return none;
    }
    let label_end = t.len() - after.len() + sep.len_utf8();
    Numbered {
        value: Some(value),
        sub_item: paren,
        label: &t[..label_end],
        rest: t[label_end..].trim_start_matches(is_space),
    }
}

/// Letters of a heading for comparing wordings: no white space or punctuation.
fn letters(s: &str) -> String {
    s.chars()
        .map(fold)
        .filter(|c| !is_space(*c) && !"、,，.。:：;；“”\"'()（）[]【】#*".contains(*c))
        .collect()
}

/// A top-level heading of `key` on a line of `text` within `range`: a line that starts (after
/// markup marks) with a numbering like 二、 and goes on with one of the section's wordings, with at
/// most a few chars after it. Returns the heading's byte range.
fn heading_line(text: &str, range: Range<usize>, key: SectionKey) -> Option<Range<usize>> {
    let part = text.get(range.clone())?;
    let mut at = range.start;
    for line in part.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_end();
        let lead = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| is_space(c) || "#*[>".contains(c))
                .len();
        let n = numbering(trimmed);
        if n.value.is_none() || n.sub_item {
            continue;
        }
        let rest = letters(n.rest);
        if let Some(p) = phrases(key).iter().find(|p| rest.starts_with(&letters(p))) {
            if rest.chars().count() <= letters(p).chars().count() + 4 {
                return Some(start + lead..start + trimmed.len());
            }
        }
    }
    None
}

/// The headings to judge: the parser's, except where it took a sub-item ("(四) 主动公开政府信息的
/// 情况。…" inside 总体情况) for a section whose real heading follows before the next section.
fn headings(text: &str, report: &Report) -> Vec<(SectionKey, String, Range<usize>)> {
    let mut out = Vec::new();
    for (i, s) in report.sections.iter().enumerate() {
        let mut title = s.title.clone();
        let mut range = s.span.byte_start..s.span.byte_end;
        if numbering(&title).sub_item {
            let next = report
                .sections
                .get(i + 1)
                .map_or(text.len(), |n| n.span.byte_start);
            if let Some(r) = heading_line(text, s.span.byte_end..next, s.key) {
                title = text[r.clone()]
                    .trim_start_matches(|c: char| is_space(c) || "#*[>".contains(c))
                    .to_string();
                range = r;
            }
        }
        out.push((s.key, title, range));
    }
    out
}

fn template_number(key: SectionKey) -> u32 {
    SectionKey::ALL.iter().position(|k| *k == key).unwrap_or(0) as u32 + 1
}

fn check_sections(text: &str, idx: &LineIndex, report: &Report, out: &mut Vec<Diagnostic>) {
    let hs = headings(text, report);
    // S011: a section the parser did not find in order, whose heading stands elsewhere.
    let mut misplaced = Vec::new();
    for key in SectionKey::ALL {
        if hs.iter().any(|h| h.0 == key) {
            continue;
        }
        let Some(r) = heading_line(text, 0..text.len(), key) else {
            continue;
        };
        let n = template_number(key);
        let after_later = hs
            .iter()
            .filter(|h| template_number(h.0) > n && h.2.start < r.start)
            .min_by_key(|h| template_number(h.0));
        let before_earlier = hs
            .iter()
            .filter(|h| template_number(h.0) < n && h.2.start > r.start)
            .max_by_key(|h| template_number(h.0));
        let message = if let Some(h) = after_later {
            format!(
                "第{}部分“{}”出现在第{}部分“{}”之后，顺序与模板不符",
                numeral(n),
                official(key),
                numeral(template_number(h.0)),
                official(h.0)
            )
        } else if let Some(h) = before_earlier {
            format!(
                "第{}部分“{}”出现在第{}部分“{}”之前，顺序与模板不符",
                numeral(n),
                official(key),
                numeral(template_number(h.0)),
                official(h.0)
            )
        } else {
            continue;
        };
        misplaced.push(key);
        out.push(diag(
            registry::S011,
            message,
            Vec::new(),
            Some(idx.span(r.start, r.end)),
        ));
    }
    // S001 said these sections were not found: they were, out of order.
    out.retain(|d| {
        !(d.code == "S001" && misplaced.iter().any(|k| d.message.contains(official(*k))))
    });

    // S010: numbering that repeats or skips. The numbers follow either the template (一 to 六) or,
    // where 总体情况 stands unnumbered before them, start at 一 with 主动公开.
    let nums: Vec<(SectionKey, Option<u32>, &str, &Range<usize>)> = hs
        .iter()
        .map(|(k, t, r)| {
            let n = numbering(t);
            (*k, n.value, n.label, r)
        })
        .collect();
    let official_fit = nums
        .iter()
        .filter(|(k, v, _, _)| *v == Some(template_number(*k)))
        .count();
    let shifted_fit = nums
        .iter()
        .filter(|(k, v, _, _)| *k != SectionKey::Overview && *v == Some(template_number(*k) - 1))
        .count();
    let shifted = shifted_fit > official_fit;
    let expected = |k: SectionKey| {
        if shifted {
            template_number(k) - 1
        } else {
            template_number(k)
        }
    };
    let mut prev: Option<(u32, &str, SectionKey)> = None;
    for (k, v, label, r) in &nums {
        let Some(v) = *v else { continue };
        if let Some((p, plabel, pk)) = prev {
            let overview_repeat = shifted && *k == SectionKey::ActiveDisclosure && v <= p;
            if v != p + 1 && (v != expected(*k) || overview_repeat) {
                let what = if v == p {
                    format!(
                        "与第{}部分“{}”的“{plabel}”重复",
                        numeral(template_number(pk)),
                        official(pk)
                    )
                } else if v > p + 1 {
                    let gap: Vec<String> =
                        (p + 1..v).map(|x| format!("“{}、”", numeral(x))).collect();
                    format!("紧接“{plabel}{}”，跳过了{}", official(pk), gap.join(""))
                } else {
                    format!("排在“{plabel}{}”之后，编号倒退", official(pk))
                };
                out.push(diag(
                    registry::S010,
                    format!(
                        "第{}部分“{}”的编号“{label}”{what}",
                        numeral(template_number(*k)),
                        official(*k)
                    ),
                    Vec::new(),
                    Some(idx.span(r.start, r.end)),
                ));
            }
        }
        prev = Some((v, label, *k));
    }

    // S012: wording unlike the template's.
    for (k, t, r) in &hs {
        let n = numbering(t);
        let rest = letters(n.rest);
        if rest.starts_with(&letters(official(*k))) {
            continue;
        }
        let shown: String = n
            .rest
            .trim()
            .trim_end_matches(['：', ':', '。'])
            .to_string();
        out.push(diag(
            registry::S012,
            format!(
                "第{}部分标题“{shown}”与模板措辞不一致，应为“{}”",
                numeral(template_number(*k)),
                official(*k)
            ),
            Vec::new(),
            Some(idx.span(r.start, r.end)),
        ));
    }
}

/// Runs the checklist's checks (after the content rules: C006 defers to C002, S011 replaces S001).
pub fn check(text: &str, idx: &LineIndex, report: &Report, out: &mut Vec<Diagnostic>) {
    check_period(text, idx, report, out);
    check_period_year(idx, text, report, out);
    check_overview(text, report, out);
    check_fees(text, idx, report, out);
    check_publication(idx, text, report, out);
    check_sections(text, idx, report, out);
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

    #[test]
    fn numberings() {
        let n = numbering("## 二、主动公开政府信息情况");
        assert_eq!((n.value, n.sub_item, n.label), (Some(2), false, "二、"));
        let n = numbering("(四) 主动公开政府信息的情况");
        assert_eq!((n.value, n.sub_item), (Some(4), true));
        let n = numbering("第三部分 收到和处理政府信息公开申请情况");
        assert_eq!(
            (n.value, n.rest),
            (Some(3), "收到和处理政府信息公开申请情况")
        );
        assert_eq!(numbering("总体情况").value, None);
    }

    #[test]
    fn kinds() {
        assert_eq!(body_kind("淮安市人民政府"), Some(true));
        assert_eq!(body_kind("周口市信访局"), Some(false));
        assert_eq!(body_kind("上海市科委"), Some(false));
        assert_eq!(body_kind("某某镇人民政府"), None);
        assert_eq!(body_kind("平潭综合实验区"), None);
    }
}
