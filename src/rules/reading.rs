//! The reading findings (R001–R006, S003, S007, S009, and rows that fit no reading as A001–A004): what the parser noticed about reading each table, said from its notes and the final cells.

use crate::model::*;
use crate::parse::text::LineIndex;
use crate::parse::{NoFit, ReadingNotes, TableNotes};
use crate::rules::registry;
use crate::template::{self, cell_name};
use std::ops::Range;

/// Appends the reading findings of every table.
pub fn check(
    text: &str,
    idx: &LineIndex,
    report: &Report,
    notes: &ReadingNotes,
    out: &mut Vec<Diagnostic>,
) {
    for (table, n) in &notes.tables {
        table_findings(text, idx, report, *table, n, out);
    }
}

fn row_label(table: TableKey, key: &str) -> String {
    match table {
        TableKey::ReviewLitigation => "表四".to_string(),
        t => template::find_row(t, key)
            .map(|r| format!("「{}」", template::short_label(r.label)))
            .unwrap_or_else(|| key.to_string()),
    }
}

fn row_cells(report: &Report, table: TableKey, row: &'static str) -> Vec<CellRef> {
    report
        .tables
        .get(table)
        .row(row)
        .map(|r| {
            r.cells
                .iter()
                .map(|(c, _)| CellRef::new(table, row, c))
                .collect()
        })
        .unwrap_or_default()
}

/// Shows at most `n` items, then "等 N 项".
/// The first `n` items joined by `sep`, and how many there are when more: only the items shown
/// are built (the iterator's later items are counted, never produced).
fn list<I: ExactSizeIterator<Item = String>>(items: I, n: usize, sep: &str) -> String {
    let len = items.len();
    let mut s = String::new();
    for (i, item) in items.take(n).enumerate() {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(&item);
    }
    if len > n {
        s.push_str(&format!(" 等 {len} 项"));
    }
    s
}

fn excerpt(text: &str, r: &Range<usize>, n: usize) -> String {
    let raw = text.get(r.clone()).unwrap_or("").trim();
    let mut out: String = raw
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .take(n)
        .collect();
    while out.contains("  ") {
        out = out.replace("  ", " ");
    }
    if raw.chars().count() > n {
        out.push('…');
    }
    out
}

/// Diagnostics about reading itself: ambiguous cells, inferred cells, missing rows, stray numbers,
/// extra numbers, label deviations. Worked out from the final cells, after inference.
fn table_findings(
    text: &str,
    idx: &LineIndex,
    report: &Report,
    table: TableKey,
    n: &TableNotes,
    out: &mut Vec<Diagnostic>,
) {
    let span = |r: &Range<usize>| Some(idx.span(r.start, r.end));
    let t = report.tables.get(table);
    // A doubtful reading is said as such; it is never also the report's broken sum.
    let doubted = |row: &str| n.doubts.iter().any(|d| d.row == row || d.row.is_empty());
    for f in n.no_fit.iter().filter(|f| !doubted(f.row)) {
        out.push(no_fit_diagnostic(text, idx, report, table, f));
    }
    // How the table was read (in order, its labels apart) and why its template was chosen.
    for (rule, said) in [
        (&registry::R006, &n.in_order),
        (&registry::R005, &n.template_note),
    ] {
        if let Some(m) = said {
            out.push(Diagnostic::new(rule, m.clone(), Vec::new(), None));
        }
    }
    for d in &n.doubts {
        let whole = d.row.is_empty();
        out.push(Diagnostic::new(
            &registry::R004,
            format!(
                "{}{}未能可靠读出：{}；{}未予采用，相关勾稽关系未核对",
                table.zh(),
                if whole || table == TableKey::ReviewLitigation {
                    String::new()
                } else {
                    row_label(table, d.row)
                },
                d.why,
                if whole {
                    "全表数字"
                } else {
                    "本行数字"
                }
            ),
            // Only a doubt over broken sums is about the row's figures (`Doubt::sums`); table
            // 四 is one row. The columns it names, in every other row.
            if !d.sums || (whole && table != TableKey::ReviewLitigation) {
                Vec::new()
            } else {
                let mut cells = row_cells(report, table, d.row);
                for r in t.rows.iter().filter(|r| r.key != d.row) {
                    cells.extend(d.columns.iter().map(|c| CellRef::new(table, r.key, c)));
                }
                cells
            },
            d.range.as_ref().map(|r| idx.span(r.start, r.end)),
        ));
    }
    for (row, r) in &n.rows {
        if n.no_fit.iter().any(|f| f.row == *row)
            || n.doubts.iter().any(|d| d.row == *row || d.row.is_empty())
        {
            continue;
        }
        let Some(rw) = t.row(row) else { continue };
        let amb: Vec<(CellRef, &Cell)> = rw
            .cells
            .iter()
            .filter(|(_, c)| c.status == Status::Ambiguous)
            .map(|(k, c)| (CellRef::new(table, row, k), c))
            .collect();
        if amb.is_empty() {
            continue;
        }
        let detail = amb.iter().map(|(r, c)| {
            if c.candidates.is_empty() {
                format!("{}无法确定", cell_name(r))
            } else {
                let cands = c.candidates.iter().map(|v| v.to_string());
                format!("{}可能为 {}", cell_name(r), list(cands, 4, "/"))
            }
        });
        out.push(Diagnostic::new(
            &registry::R001,
            format!(
                "{}{}的数字“{}”有不止一种读法满足全部勾稽关系，未作猜测：{}",
                table.zh(),
                row_label(table, row),
                excerpt(text, r, 30),
                list(detail, 3, "；")
            ),
            amb.iter().map(|(r, _)| *r).collect(),
            span(r),
        ));
    }
    let inferred: Vec<(CellRef, &Cell)> = t
        .cells()
        .filter(|(_, _, c)| c.status == Status::Inferred)
        .map(|(r, k, c)| (CellRef::new(table, r, k), c))
        .collect();
    if !inferred.is_empty() {
        let parts = inferred.iter().map(|(r, c)| {
            format!(
                "{}={}（{}）",
                cell_name(r),
                c.value.map(|v| v.to_string()).unwrap_or_default(),
                c.from.as_deref().unwrap_or("")
            )
        });
        out.push(Diagnostic::new(
            &registry::R002,
            format!(
                "{}有 {} 个单元格未直接读出，由勾稽关系推得：{}",
                table.zh(),
                inferred.len(),
                list(parts, 2, "；")
            ),
            inferred.iter().map(|(r, _)| *r).collect(),
            inferred.iter().find_map(|(_, c)| c.span),
        ));
    }
    if n.found {
        for row in &n.missing_rows {
            let all_inferred = t
                .row(row)
                .is_some_and(|r| r.cells.iter().all(|(_, c)| c.status == Status::Inferred));
            out.push(Diagnostic::new(
                &registry::S003,
                format!(
                    "{}缺少{}一行的数字{}",
                    table.zh(),
                    row_label(table, row),
                    if all_inferred {
                        "（已由勾稽关系推得）"
                    } else {
                        ""
                    }
                ),
                row_cells(report, table, row),
                None,
            ));
        }
    }
    for r in &n.stray {
        out.push(Diagnostic::new(
            &registry::R003,
            format!(
                "{}中的数字“{}”未能对应到任何一行，已忽略",
                table.zh(),
                excerpt(text, r, 30)
            ),
            Vec::new(),
            span(r),
        ));
    }
    let extra: Vec<&(&'static str, Range<usize>)> =
        n.extra.iter().filter(|(row, _)| !doubted(row)).collect();
    if let Some((first_row, first)) = extra.first() {
        let cells: Vec<CellRef> = extra
            .iter()
            .flat_map(|(row, _)| row_cells(report, table, row))
            .collect();
        let count = text
            .get(first.clone())
            .unwrap_or("")
            .split(|c: char| c.is_whitespace() || c == '|')
            .filter(|w| !w.is_empty())
            .count();
        out.push(Diagnostic::new(
            &registry::S009,
            format!(
                "{}有 {} 行的数字多于规定列数（如{}一行有 {} 个数字），已按勾稽关系选取",
                table.zh(),
                extra.len(),
                row_label(table, first_row),
                count
            ),
            cells,
            span(first),
        ));
    }
    for (row, r) in &n.deviations {
        let official = template::find_row(table, row)
            .map(|d| template::short_label(d.label))
            .unwrap_or("");
        out.push(Diagnostic::new(
            &registry::S007,
            format!(
                "{}行标签“{}”与官方措辞不一致，应为“{}”",
                table.zh(),
                excerpt(text, r, 40),
                official
            ),
            row_cells(report, table, row),
            span(r),
        ));
    }
    if n.truncated {
        out.push(Diagnostic::new(
            &registry::R001,
            format!(
                "{}中的粘连数字过长，拆分搜索达到上限，部分单元格未能确定",
                table.zh()
            ),
            Vec::new(),
            None,
        ));
    }
}

/// The error for a row that fits no reading: the digits as printed, and what the closest readings
/// would need.
fn no_fit_diagnostic(
    text: &str,
    idx: &LineIndex,
    report: &Report,
    table: TableKey,
    f: &NoFit,
) -> Diagnostic {
    let printed = excerpt(text, &f.range, 40);
    let what = match f.rule.code {
        "A004" => {
            "无论如何拆分，各组总计都不等于结果维持、结果纠正、其他结果、尚未审结之和".to_string()
        }
        "A003" => "无论如何拆分或对应到各列，本行总计都不等于六类申请人之和".to_string(),
        _ => {
            let shown: Vec<String> = f
                .candidates
                .iter()
                .take(3)
                .map(|(vals, cols)| {
                    let vs: Vec<String> = vals
                        .iter()
                        .map(|v| v.map_or("?".to_string(), |n| n.to_string()))
                        .collect();
                    let names: Vec<&str> = cols
                        .iter()
                        .filter_map(|c| template::APPLICANT_COLS.iter().find(|d| d.key == *c))
                        .map(|d| d.label)
                        .collect();
                    format!("读作 {} 则{}列合计不成立", vs.join("/"), names.join("、"))
                })
                .collect();
            format!(
                "无论如何对应到各列，勾稽关系都不成立（{}{}）",
                shown.join("；"),
                if f.candidates.len() > 3 { "；等" } else { "" }
            )
        }
    };
    let cells = if table == TableKey::ReviewLitigation {
        template::review_keys()
            .map(|k| CellRef::new(table, "", k))
            .collect()
    } else {
        row_cells(report, table, f.row)
    };
    Diagnostic::new(
        f.rule,
        format!(
            "{}{}印作“{}”，{}",
            table.zh(),
            if f.row.is_empty() {
                String::new()
            } else {
                row_label(table, f.row)
            },
            printed,
            what
        ),
        cells,
        Some(idx.span(f.range.start, f.range.end)),
    )
}
