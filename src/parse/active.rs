//! Table 二 (主动公开政府信息情况): its template told by the header words, each row found by its label.

use super::cells::{cell_from, group_range, row_readings, TableNotes};
use super::labels::{deviates, prose_like, Matcher};
use super::split::Reading;
use super::text::{find_spaced, norm_label, LineIndex};
use super::tokens::Group;
use crate::model::*;
use crate::template;
use std::ops::Range;

/// Decides table 二's template from its header words (and the year on a tie, which it says why).
pub fn active_template(
    text: &str,
    region: Range<usize>,
    year: Option<i32>,
) -> (Template, Option<String>) {
    // Header words, allowing white space inside them (linear: no normalised copy of the region).
    let has = |w: &&&str| find_spaced(text, region.clone(), &[**w]).is_some();
    let w19 = [
        "新制作",
        "新公开",
        "对外公开总数",
        "上一年项目",
        "增/减",
        "增减",
        "集中采购",
    ]
    .iter()
    .filter(has)
    .count();
    let w21 = [
        "制发件数",
        "废止件数",
        "现行有效",
        "收费金额",
        "本年制发",
        "本年废止",
    ]
    .iter()
    .filter(has)
    .count();
    if w19 > w21 {
        (Template::Y2019, None)
    } else if w21 > w19 {
        (Template::Y2021, None)
    } else {
        let tpl = if year.is_some_and(|y| y <= 2020) {
            Template::Y2019
        } else {
            Template::Y2021
        };
        let why = match year {
            Some(y) => format!("按报告年度 {y}"),
            None => "又无报告年度，按现行模板".to_string(),
        };
        let note = format!(
            "表二表头没有区分两版模板的词语（如“本年制发件数”“本年新制作数量”），{why}选用 {} 年版",
            tpl.as_str()
        );
        (tpl, Some(note))
    }
}

/// Reads table 二: each row is found by its label (its rows are short and labelled; their order is
/// not relied on, since some converters move them).
pub fn active(
    text: &str,
    idx: &LineIndex,
    groups: &[&Group],
    tpl: Template,
) -> (Table, TableNotes) {
    let rows = template::active_rows(tpl);
    let matcher = Matcher::active(tpl);
    let mut notes = TableNotes::default();
    let mut chosen: Vec<Option<&Group>> = vec![None; rows.len()];
    for g in groups {
        let attached = g
            .attached
            .as_ref()
            .map(|a| text.get(a.clone()).unwrap_or(""));
        if attached.is_some_and(prose_like) {
            continue;
        }
        // The label on the numbers' line; failing that, the label lines just before them (a label
        // wrapped over two lines, or printed above its numbers).
        let found = attached
            .and_then(|l| matcher.best(&norm_label(l)))
            .or_else(|| {
                let joined: String = g
                    .preceding
                    .iter()
                    .map(|r| norm_label(text.get(r.clone()).unwrap_or("")))
                    .collect();
                matcher.best(&joined)
            });
        if let Some(ri) = found {
            if chosen[ri].is_none() {
                chosen[ri] = Some(g);
            }
        }
    }
    notes.found = chosen.iter().any(Option::is_some);
    let mut table = Table { rows: Vec::new() };
    for (ri, row) in rows.iter().enumerate() {
        let mut cells = Vec::new();
        match chosen[ri] {
            Some(g) => {
                let signed = |c: usize| row.cols.get(c).is_some_and(|d| d.signed);
                let (rs, n) = row_readings(text, &g.items, row.cols.len(), &[], &signed);
                notes.truncated |= n.truncated;
                if n.extra {
                    notes.extra.push((row.key, group_range(g)));
                }
                let refs: Vec<&Reading> = rs.iter().collect();
                for (ci, col) in row.cols.iter().enumerate() {
                    cells.push((col.key, cell_from(text, idx, &refs, ci, Some(g))));
                }
                notes.rows.push((row.key, group_range(g)));
                if let Some(a) = &g.attached {
                    let label = text.get(a.clone()).unwrap_or("");
                    let named = matcher.best(&norm_label(label)) == Some(ri);
                    if named && !g.one_per_line && deviates(label, row, false) {
                        notes.deviations.push((row.key, a.clone()));
                    }
                }
            }
            None => {
                notes.missing_rows.push(row.key);
                for col in row.cols {
                    cells.push((col.key, Cell::missing()));
                }
            }
        }
        table.rows.push(Row {
            key: row.key,
            cells,
        });
    }
    (table, notes)
}
