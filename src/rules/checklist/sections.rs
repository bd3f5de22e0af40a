//! S010–S012: the six sections' numbering, order and wording against the template.

use super::*;

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
        .filter(|c| {
            !is_space(*c)
                && !matches!(
                    *c,
                    '、' | ','
                        | '，'
                        | '.'
                        | '。'
                        | ':'
                        | '：'
                        | ';'
                        | '；'
                        | '“'
                        | '”'
                        | '"'
                        | '\''
                        | '('
                        | ')'
                        | '（'
                        | '）'
                        | '['
                        | ']'
                        | '【'
                        | '】'
                        | '#'
                        | '*'
                )
        })
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
pub(super) fn headings(text: &str, report: &Report) -> Vec<(SectionKey, String, Range<usize>)> {
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

pub(super) fn check_sections(
    text: &str,
    idx: &LineIndex,
    report: &Report,
    out: &mut Vec<Diagnostic>,
) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
