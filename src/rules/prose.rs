//! The prose rule (P001): figures the text repeats ("收到政府信息公开申请34件", "行政复议351件") against the table cells they repeat.

use crate::model::*;
use crate::parse::number::{read_word, Word};
use crate::parse::text::{fold, is_space, LineIndex};
use crate::template::cell_name;

/// A phrase, and the cells whose sum it states.
struct Claim {
    phrases: &'static [&'static str],
    cells: &'static [(TableKey, &'static str, &'static str)],
}

const A: TableKey = TableKey::Applications;
const R: TableKey = TableKey::ReviewLitigation;

const CLAIMS: &[Claim] = &[
    Claim {
        phrases: &[
            "新收政府信息公开申请",
            "收到政府信息公开申请",
            "受理政府信息公开申请",
            "新收到政府信息公开申请",
            "共收到申请",
            "收到依申请公开",
        ],
        cells: &[(A, "new_received", "total")],
    },
    Claim {
        phrases: &["上年结转政府信息公开申请", "上年度结转"],
        cells: &[(A, "carried_over", "total")],
    },
    Claim {
        phrases: &[
            "结转下年度继续办理",
            "转下一年度办理",
            "结转至下年度",
            "结转下一年度",
        ],
        cells: &[(A, "carried_forward", "total")],
    },
    Claim {
        phrases: &["同意公开答复", "予以公开"],
        cells: &[(A, "granted", "total")],
    },
    Claim {
        phrases: &["行政复议"],
        cells: &[(R, "", "review_total")],
    },
    Claim {
        phrases: &["行政诉讼"],
        cells: &[
            (R, "", "direct_suit_total"),
            (R, "", "suit_after_review_total"),
        ],
    },
];

/// After a phrase: a few linking chars (共, 为, 数, spaces), then a number, then 件. Returns the
/// number and its byte range.
fn figure_after(text: &str, from: usize) -> Option<(Num, std::ops::Range<usize>)> {
    let rest = text.get(from..)?;
    let mut skipped = 0;
    let mut start = None;
    let mut end = from;
    for (b, c) in rest.char_indices() {
        let f = fold(c);
        if f.is_ascii_digit() || (start.is_some() && f == ',') {
            start.get_or_insert(from + b);
            end = from + b + c.len_utf8();
            continue;
        }
        if let Some(s) = start {
            let after = &text[end..];
            let after = after.trim_start_matches(is_space);
            if !after.starts_with('件') {
                return None;
            }
            return match read_word(&text[s..end]) {
                Some(Word::Num { value, .. }) => Some((value, s..end)),
                _ => None,
            };
        }
        if is_space(c) || "共为数计达".contains(c) {
            skipped += 1;
            if skipped > 6 {
                return None;
            }
            continue;
        }
        return None;
    }
    None
}

pub fn check(text: &str, idx: &LineIndex, report: &Report, out: &mut Vec<Diagnostic>) {
    // Table cells' own text is not prose.
    let table_spans: Vec<(usize, usize)> = TableKey::ALL
        .iter()
        .flat_map(|t| report.tables.get(*t).cells().filter_map(|(_, _, c)| c.span))
        .map(|s| (s.byte_start, s.byte_end))
        .collect();
    let mut seen: Vec<usize> = Vec::new();
    for claim in CLAIMS {
        let refs: Vec<CellRef> = claim
            .cells
            .iter()
            .map(|(t, r, c)| CellRef::new(*t, r, c))
            .collect();
        let values: Option<Vec<Num>> = refs
            .iter()
            .map(|r| report.tables.cell(r).and_then(Cell::known))
            .collect();
        let Some(table_value) = values.and_then(Num::sum) else {
            continue;
        };
        for phrase in claim.phrases {
            let mut search = 0;
            while let Some(i) = text.get(search..).and_then(|t| t.find(phrase)) {
                let at = search + i;
                search = at + phrase.len();
                let Some((n, range)) = figure_after(text, at + phrase.len()) else {
                    continue;
                };
                if seen.contains(&range.start)
                    || table_spans
                        .iter()
                        .any(|(s, e)| range.start < *e && *s < range.end)
                {
                    continue;
                }
                seen.push(range.start);
                if n != table_value {
                    let names: Vec<String> = refs.iter().map(cell_name).collect();
                    let phrase_text = text.get(at..range.end).unwrap_or("");
                    out.push(Diagnostic {
                        code: "P001",
                        severity: Severity::Warning,
                        message: format!(
                            "正文“{}件”与表格不一致：{}为 {}",
                            phrase_text,
                            names.join("＋"),
                            table_value
                        ),
                        cells: refs.clone(),
                        span: Some(idx.span(at, range.end)),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_after_phrases() {
        let t = "全年收到政府信息公开申请 34 件，";
        let at = t.find("申请").unwrap() + "申请".len();
        assert_eq!(figure_after(t, at).map(|x| x.0), Some(Num::int(34)));
        let t = "收到政府信息公开申请数量0000000";
        let at = t.find("申请").unwrap() + "申请".len();
        assert_eq!(figure_after(t, at), None);
    }
}
