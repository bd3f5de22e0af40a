//! C005: 总体情况 covers its five topics (主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障), each matched by a list of wordings.

use super::*;

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

pub(super) fn check_overview(text: &str, report: &Report, flat: &Flat, out: &mut Vec<Diagnostic>) {
    // 2021 年版 only: the 2019 template asks for 总体情况 without naming its topics.
    if report.template != Some(Template::Y2021) {
        return;
    }
    let Some(s) = section(report, SectionKey::Overview) else {
        return;
    };
    // Up to the next heading as judged by S010–S012 (not a sub-item the parser took for one).
    let hs = super::sections::headings(text, report);
    let end = hs
        .iter()
        .find(|h| h.0 != SectionKey::Overview)
        .map_or(s.body.byte_end, |h| h.2.start)
        .max(s.body.byte_start);
    let body = flat.slice(s.body.byte_start..end);
    for (topic, words) in OVERVIEW_TOPICS {
        if !words.iter().any(|w| body.contains(w)) {
            out.push(diag(
                registry::C005,
                format!("第一部分“总体情况”未提及“{topic}”方面的工作"),
                Vec::new(),
                Some(s.span),
            ));
        }
    }
}
