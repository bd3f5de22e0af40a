//! The prose rule (P001): figures the text repeats ("收到政府信息公开申请34件", "行政复议351件") against the table cells they repeat.

use super::checklist::Flat;
use super::registry;
use crate::model::*;
use crate::parse::number::{read_word, Word};
use crate::parse::text::{fold, is_space, LineIndex};
use crate::template::cell_name;

/// A phrase, and the cells whose sum it states (or, where the wording allows both, the sum of
/// `alt`: “受理” may count the carried-over applications too). A phrase starting with “,” must open a
/// clause (“，答复 3050 件”), and the comma is not part of the span.
struct Claim {
    phrases: &'static [&'static str],
    cells: &'static [(TableKey, &'static str, &'static str)],
    alt: &'static [(TableKey, &'static str, &'static str)],
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
            "受理依申请公开",
            "共受理申请",
            "受理申请",
        ],
        cells: &[(A, "new_received", "total")],
        alt: &[(A, "new_received", "total"), (A, "carried_over", "total")],
    },
    Claim {
        phrases: &[
            "上年结转政府信息公开申请",
            "上年度结转",
            "上年结转申请",
            "上年度结转申请",
        ],
        cells: &[(A, "carried_over", "total")],
        alt: &[],
    },
    Claim {
        phrases: &[
            "结转下年度继续办理",
            "转下一年度办理",
            "结转至下年度",
            "结转下一年度",
            "结转下年度",
            "结转到下年度",
            "转入下年度",
            "结转",
        ],
        cells: &[(A, "carried_forward", "total")],
        alt: &[],
    },
    Claim {
        phrases: &["同意公开答复", "予以公开"],
        cells: &[(A, "granted", "total")],
        alt: &[],
    },
    Claim {
        phrases: &[
            "办结政府信息公开申请",
            "答复政府信息公开申请",
            "办结申请",
            "答复申请",
            "共办结",
            "已办结",
            "全部办结",
            "累计办结",
            "共答复",
            "已答复",
            "累计答复",
            ",答复",
            ",办结",
        ],
        cells: &[(A, "total", "total")],
        alt: &[],
    },
    Claim {
        phrases: &["行政复议"],
        cells: &[(R, "", "review_total")],
        alt: &[],
    },
    Claim {
        phrases: &["行政诉讼"],
        cells: &[
            (R, "", "direct_suit_total"),
            (R, "", "suit_after_review_total"),
        ],
        alt: &[],
    },
];

/// Words before a phrase, in its clause, that make the figure another year's, a change or a share
/// rather than this year's count (“同比增加”, “较上年”, “占…”, “2023年”).
const NOT_THIS_YEAR: &[&str] = &[
    "同比",
    "环比",
    "较",
    "比上年",
    "去年",
    "上年",
    "上一年",
    "往年",
    "占",
    "增加",
    "减少",
    "增长",
    "下降",
];

/// Whether the clause before `at` (back to the last punctuation) says the figure is not this
/// year's count: a word of [`NOT_THIS_YEAR`], or a year other than the report's.
fn other_context(s: &str, at: usize, year: Option<i32>) -> bool {
    let before = &s[..at];
    let start = before
        .rfind([',', '。', ';', '!', '?', ':', '(', '（', '、'])
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let clause = &before[start..];
    // (A clause is short: each word is tried at each char, its first byte compared first, without
    // the set-up `str::contains` pays for each word.)
    let b = clause.as_bytes();
    let word_at = |i: usize| {
        NOT_THIS_YEAR
            .iter()
            .any(|w| w.as_bytes().first() == Some(&b[i]) && b[i..].starts_with(w.as_bytes()))
    };
    if (0..b.len()).any(|i| clause.is_char_boundary(i) && word_at(i)) {
        return true;
    }
    let b = clause.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && clause[i + 4..].starts_with('年')
            && clause[i..i + 4].parse::<i32>().ok() != year
    })
}

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
        if is_space(c) || matches!(c, '共' | '为' | '数' | '计' | '达') {
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

/// Where a phrase followed by a figure can end, in order: before each “N件”, back over the linking
/// chars [`figure_after`] allows. A phrase is only looked for there (one pass over the text,
/// instead of one search of the whole text for each phrase).
fn phrase_ends(s: &str) -> Vec<usize> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (k, _) in s.match_indices('件') {
        let mut d = k;
        while d > 0 && (b[d - 1].is_ascii_digit() || b[d - 1] == b',') {
            d -= 1;
        }
        // The figure starts at its first digit (a comma before it is not part of it).
        while d < k && b[d] == b',' {
            d += 1;
        }
        if d == k {
            continue;
        }
        let mut e = d;
        let mut ends = vec![e];
        for _ in 0..6 {
            match s[..e].chars().next_back() {
                Some(c) if is_space(c) || matches!(c, '共' | '为' | '数' | '计' | '达') => {
                    e -= c.len_utf8();
                    ends.push(e);
                }
                _ => break,
            }
        }
        ends.reverse();
        out.extend(ends);
    }
    out.dedup();
    out
}

/// `flat` is the whole text flattened (built once by [`super::run`]).
pub(crate) fn check(idx: &LineIndex, report: &Report, flat: &Flat, out: &mut Vec<Diagnostic>) {
    // Table cells' own text is not prose.
    let table_spans: Vec<(usize, usize)> = TableKey::ALL
        .iter()
        .flat_map(|t| report.tables.get(*t).cells().filter_map(|(_, _, c)| c.span))
        .map(|s| (s.byte_start, s.byte_end))
        .collect();
    // Searched with white space removed, so a phrase wrapped over lines (“答\n复 3050 件”) is found.
    let sum = |cells: &[(TableKey, &'static str, &'static str)]| -> Option<Num> {
        let values: Option<Vec<Num>> = cells
            .iter()
            .map(|(t, r, c)| {
                report
                    .tables
                    .cell(&CellRef::new(*t, r, c))
                    .and_then(Cell::known)
            })
            .collect();
        values.and_then(Num::sum)
    };
    let ends = phrase_ends(&flat.s);
    let mut seen: Vec<usize> = Vec::new();
    for claim in CLAIMS {
        let refs: Vec<CellRef> = claim
            .cells
            .iter()
            .map(|(t, r, c)| CellRef::new(*t, r, c))
            .collect();
        let Some(table_value) = sum(claim.cells) else {
            continue;
        };
        let alt_value = if claim.alt.is_empty() {
            None
        } else {
            sum(claim.alt)
        };
        for phrase in claim.phrases {
            let mut search = 0;
            for &end in &ends {
                let Some(found) = end.checked_sub(phrase.len()) else {
                    continue;
                };
                if found < search || !flat.s[..end].ends_with(phrase) {
                    continue;
                }
                search = end;
                let at = found + if phrase.starts_with(',') { 1 } else { 0 };
                let Some((n, range)) = figure_after(&flat.s, found + phrase.len()) else {
                    continue;
                };
                let orig = flat.orig(range.clone());
                if seen.contains(&orig.start)
                    || table_spans
                        .iter()
                        .any(|(s, e)| orig.start < *e && *s < orig.end)
                {
                    continue;
                }
                seen.push(orig.start);
                if other_context(&flat.s, at, report.year) {
                    continue;
                }
                if n != table_value && Some(n) != alt_value {
                    let names: Vec<String> = refs.iter().map(cell_name).collect();
                    let phrase_text = flat.s.get(at..range.end).unwrap_or("");
                    let start = flat.orig(at..range.end).start;
                    out.push(Diagnostic::new(
                        &registry::P001,
                        format!(
                            "正文“{}件”与表格不一致：{}为 {}",
                            phrase_text,
                            names.join("＋"),
                            table_value
                        ),
                        refs.clone(),
                        Some(idx.span(start, orig.end)),
                    ));
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
