//! Column order: a table whose header prints its columns in another order than the template's is not read by the template's order.

use super::cells::{set_doubtful, TableNotes};
use super::text::find_str;
use crate::model::Table;
use std::ops::Range;

/// Pairs of column headings of table 二, each in the template's order (both templates).
pub const ORDER_2: &[(&str, &str)] = &[
    ("本年制发件数", "本年废止件数"),
    ("本年废止件数", "现行有效件数"),
    ("本年制发件数", "现行有效件数"),
    ("本年新制作数量", "本年新公开数量"),
    ("本年新公开数量", "对外公开总数量"),
    ("本年新制作数量", "对外公开总数量"),
];

/// Pairs of column headings of table 三, each in the template's order.
pub const ORDER_3: &[(&str, &str)] = &[
    ("自然人", "法人或其他组织"),
    ("自然人", "商业企业"),
    ("商业企业", "科研机构"),
    ("科研机构", "社会公益组织"),
    ("社会公益组织", "法律服务机构"),
];

/// Pairs of column-group headings of table 四, each in the template's order. (Its sub-columns,
/// 结果维持 … 总计, repeat three times on a line, some spaced or broken, so the first place of
/// each tells nothing about their order.)
pub const ORDER_4: &[(&str, &str)] =
    &[("行政复议", "行政诉讼"), ("未经复议直接起诉", "复议后起诉")];

/// The headings that open table 二's header, both templates (信息内容 heads every sub-table).
pub const ANCHORS_2: &[&str] = &[
    "信息内容",
    "本年制发件数",
    "本年新制作数量",
    "本年处理决定数量",
    "本年收费金额",
];

/// Every word a header line of table 二 may hold (a line holding any other ideograph is a title,
/// a caption or prose, whatever headings it names).
pub const WORDS_2: &[&str] = &[
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "本年处理决定数量",
    "本年收费金额",
    "单位",
    "万元",
    // Their parts, for headings broken over two cells ("本年制发 / 件数").
    "本年",
    "制发",
    "废止",
    "现行有效",
    "新制作",
    "新公开",
    "对外公开总",
    "处理决定",
    "收费金额",
    "件数",
    "数量",
    "件",
];

/// Every word a header line of table 三 may hold.
pub const WORDS_3: &[&str] = &[
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Every word a header line of table 四 may hold.
pub const WORDS_4: &[&str] = &[
    "未经复议直接起诉",
    "复议后起诉",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "结果",
    "维持",
    "纠正",
    "其他",
    "尚未",
    "审结",
];

/// How many lines from the region's start are looked at: a table's header comes first.
const HEADER_LINES: usize = 40;

/// Whether a line is a table's header line: once every word of `words` is taken out (the longest
/// at each point, spaces allowed inside it), no ideograph is left (only tabs, bars, brackets …).
pub fn is_header_line(line: &str, words: &[&str]) -> bool {
    if prose(line) {
        return false;
    }
    let mut rest = line.trim_start();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        // The longest word here (spaces allowed between its chars), else one char.
        let taken = words
            .iter()
            .filter_map(|w| spaced_prefix(rest, w))
            .max()
            .unwrap_or(0);
        if taken > 0 {
            rest = rest[taken..].trim_start();
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        if super::text::is_cjk(c) {
            return false;
        }
        rest = rest[c.len_utf8()..].trim_start();
    }
    true
}

/// The bytes of `s` that spell `w` at its start, white space allowed between the chars.
fn spaced_prefix(s: &str, w: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    for wc in w.chars() {
        loop {
            let (_, c) = chars.next()?;
            if c == wc {
                break;
            }
            if !c.is_whitespace() {
                return None;
            }
        }
    }
    Some(chars.next().map_or(s.len(), |(i, _)| i))
}

/// Whether a line holds a digit or sentence punctuation (a header line never does): a cheap
/// refusal, since most lines of a report are prose or rows of numbers.
fn prose(line: &str) -> bool {
    line.bytes().any(|b| b.is_ascii_digit())
        || line.contains('，')
        || line.contains('。')
        || line.contains('；')
}

/// The start of the first header line in `region` holding one of `anchors` (a table's first
/// heading), if any.
pub fn first_header(
    text: &str,
    region: Range<usize>,
    anchors: &[&str],
    words: &[&str],
) -> Option<usize> {
    let head = text.get(region.clone())?;
    let mut at = region.start;
    for line in head.split_inclusive('\n') {
        if prose(line) {
            at += line.len();
            continue;
        }
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if anchors.iter().any(|a| squeezed.contains(a)) && is_header_line(line, words) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// The first pair of headings that one header line of the region's head (see
/// [`is_header_line`]) prints the other way round (later heading first).
pub fn reversed(
    text: &str,
    region: Range<usize>,
    pairs: &[(&'static str, &'static str)],
    words: &[&str],
) -> Option<(&'static str, &'static str)> {
    let head = text.get(region)?;
    for line in head.lines().take(HEADER_LINES) {
        if prose(line) {
            continue;
        }
        for &(a, b) in pairs {
            // (Cheap refusal first: a line of one cell cannot hold both.)
            if line.len() < a.len() + b.len() {
                continue;
            }
            // (`b` looked for only where `a` is.)
            let Some(pa) = find_str(line, a) else {
                continue;
            };
            if let Some(pb) = find_str(line, b) {
                // Most headers are in order: whether the line is a header is asked last.
                if pb < pa && is_header_line(line, words) {
                    return Some((a, b));
                }
            }
        }
    }
    None
}

/// Makes a table read by the template's column order doubtful as a whole when its header puts
/// two columns the other way round: each cell's value becomes a candidate, one finding says why.
pub fn doubt_reordered(table: &mut Table, notes: &mut TableNotes, pair: (&str, &str)) {
    if !notes.found {
        return;
    }
    for row in &mut table.rows {
        row.cells.iter_mut().for_each(|(_, c)| set_doubtful(c));
    }
    notes.doubt_whole(
        None,
        format!(
            "表头中「{}」印在「{}」之前，列的次序与规定的格式不同，无法按规定的列读出各数字",
            pair.1, pair.0
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_headings_on_one_line() {
        let t = "\t法人或其他组织\t\t\t\t\t自然人\t总计\n";
        assert_eq!(
            reversed(t, 0..t.len(), ORDER_3, WORDS_3),
            Some(("自然人", "法人或其他组织"))
        );
        let t = "自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n";
        assert_eq!(reversed(t, 0..t.len(), ORDER_3, WORDS_3), None);
        // Prose, titles and captions naming them the other way round are not headers.
        for t in [
            "本年度未发生行政诉讼，也未发生行政复议。\n行政复议\t行政诉讼\n",
            "四、政府信息公开行政诉讼、行政复议情况\n",
            "表4 政府信息公开行政诉讼、行政复议情况\n",
            "行政诉讼 0 起和行政复议 0 起\n",
        ] {
            assert_eq!(reversed(t, 0..t.len(), ORDER_4, WORDS_4), None, "{t}");
        }
        // A header line with the sub-columns three times over, some spaced: in order.
        let t = "结果 维持\t结果 纠 正\t其他结 果\t尚未审结\t总计\t结果维 持\t结果 纠 正\t其他结果\t尚未审 结\t总计\n";
        assert_eq!(reversed(t, 0..t.len(), ORDER_4, WORDS_4), None);
        assert!(is_header_line(
            "信息内容\t本年收费金额（单位：万元）",
            WORDS_2
        ));
        assert!(!is_header_line("主动公开信息内容涵盖行政许可", WORDS_2));
    }
}
