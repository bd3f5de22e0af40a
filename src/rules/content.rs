//! The content rules (C001–C003): a real problems section, the 信息处理费 statement of the 2021 template, and a title year that matches the statistics period.

use crate::model::*;
use crate::rules::registry;

fn body<'a>(text: &'a str, report: &Report, key: SectionKey) -> Option<(&'a str, Span)> {
    let s = report.sections.iter().find(|s| s.key == key)?;
    Some((
        text.get(s.body.byte_start..s.body.byte_end).unwrap_or(""),
        s.span,
    ))
}

/// `s` without white space (NBSP and the ideographic space are white space too), copied a run at
/// a time; CJK ideographs (U+4000–U+EFFF, three bytes, most of a report) are passed over whole.
fn squeeze(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut run, mut i) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        if (0xE4..=0xEE).contains(&b) {
            i += 3;
            continue;
        }
        let c = s.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
        if c.is_whitespace() {
            out.push_str(s.get(run..i).unwrap_or(""));
            run = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    out.push_str(s.get(run..).unwrap_or(""));
    out
}

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    if let Some((b, span)) = body(text, report, SectionKey::Problems) {
        let t = squeeze(b);
        let t = t.trim_end_matches(['。', '.']);
        if t.is_empty() || matches!(t, "无" | "暂无" | "没有" | "无此项" | "无。") {
            out.push(Diagnostic::new(
                &registry::C001,
                format!(
                    "第五部分“存在的主要问题及改进情况”{}，应写明具体问题和改进措施",
                    if t.is_empty() {
                        "为空".to_string()
                    } else {
                        format!("只写“{t}”")
                    }
                ),
                Vec::new(),
                Some(span),
            ));
        }
    }
    if report.template == Some(Template::Y2021) {
        if let Some((b, span)) = body(text, report, SectionKey::OtherMatters) {
            // 行政事业性收费 is table 二's fee, not the 信息处理费.
            let t = squeeze(b).replace("行政事业性收费", "");
            if !(t.contains("处理费") || t.contains("收费") || t.contains("收取费用")) {
                out.push(Diagnostic::new(&registry::C002, "第六部分“其他需要报告的事项”未说明信息处理费收取情况（国办函〔2020〕109号；未收取也应说明）".into(), Vec::new(), Some(span)));
            }
        }
    }
    if let (Some(ty), Some((py, span))) = (report.meta.title_year, report.meta.period) {
        if ty != py {
            out.push(Diagnostic::new(
                &registry::C003,
                format!("标题为 {ty} 年度报告，而统计期限写的是 {py} 年"),
                Vec::new(),
                Some(span),
            ));
        }
    }
}
