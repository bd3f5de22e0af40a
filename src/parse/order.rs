//! Column order: a table whose header prints its columns in another order than the template's is not read by the template's order.

use super::cells::{set_doubtful, Doubt, TableNotes};
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

/// Pairs of column-group headings of table 四, each in the template's order.
pub const ORDER_4: &[(&str, &str)] =
    &[("行政复议", "行政诉讼"), ("未经复议直接起诉", "复议后起诉")];

/// How many lines from the region's start are looked at: a table's header comes first.
const HEADER_LINES: usize = 40;

/// The first pair of headings that one line of the region's head prints the other way round
/// (later heading first). Lines of prose (sentence punctuation) are passed over.
pub fn reversed(
    text: &str,
    region: Range<usize>,
    pairs: &[(&'static str, &'static str)],
) -> Option<(&'static str, &'static str)> {
    let head = text.get(region)?;
    for line in head.lines().take(HEADER_LINES) {
        if line.contains(['。', '，', '；', ',']) {
            continue;
        }
        for &(a, b) in pairs {
            if let (Some(pa), Some(pb)) = (line.find(a), line.find(b)) {
                if pb < pa {
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
    notes.doubts.clear();
    notes.doubts.push(Doubt {
        row: "",
        range: None,
        why: format!(
            "表头中「{}」印在「{}」之前，列的次序与规定的格式不同，无法按规定的列读出各数字",
            pair.1, pair.0
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_headings_on_one_line() {
        let t = "\t法人或其他组织\t\t\t\t\t自然人\t总计\n";
        assert_eq!(
            reversed(t, 0..t.len(), ORDER_3),
            Some(("自然人", "法人或其他组织"))
        );
        let t = "自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n";
        assert_eq!(reversed(t, 0..t.len(), ORDER_3), None);
        // Prose naming them the other way round is not a header.
        let t = "本年度未发生行政诉讼，也未发生行政复议。\n行政复议\t行政诉讼\n";
        assert_eq!(reversed(t, 0..t.len(), ORDER_4), None);
    }
}
