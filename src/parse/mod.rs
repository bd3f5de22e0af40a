//! Parsing: pasted text → sections, metadata and the three tables, with diagnostics for what could not be read (never fails, never panics).

pub mod active;
pub mod align;
pub mod applications;
pub mod cells;
pub mod labels;
pub mod markup;
pub mod number;
pub mod review;
pub mod sections;
pub mod split;
pub mod text;
pub mod tokens;

use crate::model::*;
use crate::template::{self, cell_name};
use cells::{NoFit, TableNotes};
use sections::Squeezed;
use std::ops::Range;
use text::LineIndex;
use tokens::Group;

/// Parses a report: sections, title, year, agency and the three tables, plus the reading
/// diagnostics (R001–R003, S003, S007, S009). The checks proper are run by [`crate::rules::run`].
pub fn parse(text: &str) -> Report {
    parse_with(text, &LineIndex::new(text))
}

/// [`parse`] with a line index the caller already built (the checks use the same one).
pub fn parse_with(text: &str, idx: &LineIndex) -> Report {
    let sq = Squeezed::new(text);
    let headings = sections::find_headings(&sq);
    let title = sections::find_title(&sq);
    let period = sections::find_period_year(&sq);
    let year = title.year.or(period.as_ref().map(|p| p.0));
    let toks = tokens::tokenize(text);

    let sections: Vec<Section> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let body_end = headings.get(i + 1).map_or(text.len(), |n| n.range.start);
            Section {
                key: h.key,
                title: text
                    .get(h.range.clone())
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches('#')
                    .trim()
                    .to_string(),
                span: idx.span(h.range.start, h.range.end),
                body: idx.span(h.range.end, body_end.max(h.range.end)),
            }
        })
        .collect();
    let region = |key: SectionKey| -> Option<Range<usize>> {
        sections
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.body.byte_start..s.body.byte_end)
    };
    let in_region = |r: &Range<usize>| -> Vec<&Group> {
        toks.groups
            .iter()
            .filter(|g| {
                g.items.first().is_some_and(|i| i.range.start >= r.start) && g.end() <= r.end
            })
            .collect()
    };
    let all: Range<usize> = 0..text.len();

    // Table 二
    let r2 = region(SectionKey::ActiveDisclosure).unwrap_or(all.clone());
    let (tpl2, note2) = active::active_template(text, r2.clone(), year);
    let (mut t2, mut n2) = active::active(text, idx, &in_region(&r2), tpl2);
    if !n2.found && r2 != all {
        (t2, n2) = active::active(text, idx, &in_region(&all), tpl2);
    }
    n2.template_note = note2.filter(|_| n2.found);

    // Table 三: its rows are under its header (申请人情况 / 自然人 …), never before it.
    let under_header = |r: &Range<usize>, words: &[&str]| -> Option<Range<usize>> {
        text::find_spaced(text, r.clone(), words).map(|h| h..r.end)
    };
    // Without its section heading, table 三 is looked for before table 四's heading; without a
    // header of its own anywhere, there is no table 三.
    let before4 = 0..sections
        .iter()
        .find(|s| s.key == SectionKey::ReviewLitigation)
        .map_or(text.len(), |s| s.span.byte_start);
    let r3 = region(SectionKey::Applications).unwrap_or(before4.clone());
    let read3 = |r: &Range<usize>| match under_header(r, HEADER_3) {
        Some(h) => applications::applications(text, idx, &in_region(&h), year, false),
        None => applications::applications(text, idx, &in_region(r), year, true),
    };
    let (mut t3, mut tpl3, mut n3) = read3(&r3);
    if !n3.found && r3 != before4 {
        (t3, tpl3, n3) = read3(&before4);
    }

    // Table 四
    let r4 = region(SectionKey::ReviewLitigation).unwrap_or_else(|| {
        // Without its heading: after table 三, up to the problems section.
        let start = t3
            .cells()
            .filter_map(|(_, _, c)| c.span.map(|s| s.byte_end))
            .max()
            .unwrap_or(0);
        let end = region(SectionKey::Problems).map_or(text.len(), |r| r.start);
        start..end.max(start)
    });
    // Table 四's numbers are under its header (结果维持, 结果纠正, 尚未审结 …); without one there is
    // no table 四, whatever numbers the region holds.
    let groups4 = under_header(&r4, HEADER_4).map_or(Vec::new(), |r| in_region(&r));
    let (t4, n4) = review::review(text, idx, &groups4);

    let template = if n2.found {
        Some(tpl2)
    } else if n3.found {
        Some(tpl3)
    } else {
        None
    };
    let mut report = Report {
        template,
        year,
        agency: title.agency.clone(),
        sections,
        tables: Tables {
            active_disclosure: t2,
            applications: t3,
            review_litigation: t4,
        },
        diagnostics: Vec::new(),
        meta: Meta {
            title_year: title.year,
            period: period.map(|(y, r)| (y, idx.span(r.start, r.end))),
        },
        verdict: Verdict::default(),
    };
    let notes = [
        (TableKey::ActiveDisclosure, &n2),
        (TableKey::Applications, &n3),
        (TableKey::ReviewLitigation, &n4),
    ];
    for (table, n) in notes {
        reading_diagnostics(text, idx, &mut report, table, n);
    }
    report
}

/// Header words of table 三 and of table 四 (any one marks where the table's header is).
const HEADER_3: &[&str] = &[
    "申请人情况",
    "自然人",
    "商业企业",
    "科研机构",
    "法律服务机构",
];
const HEADER_4: &[&str] = &["维持", "纠正", "尚未审结", "其他结果"];

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
fn list(items: &[String], n: usize, sep: &str) -> String {
    let mut s = items.iter().take(n).cloned().collect::<Vec<_>>().join(sep);
    if items.len() > n {
        s.push_str(&format!(" 等 {} 项", items.len()));
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
fn reading_diagnostics(
    text: &str,
    idx: &LineIndex,
    report: &mut Report,
    table: TableKey,
    n: &TableNotes,
) {
    let mut out: Vec<Diagnostic> = Vec::new();
    let span = |r: &Range<usize>| Some(idx.span(r.start, r.end));
    let t = report.tables.get(table);
    // A doubtful reading is said as such; it is never also the report's broken sum.
    let doubted = |row: &str| n.doubts.iter().any(|d| d.row == row || d.row.is_empty());
    for f in n.no_fit.iter().filter(|f| !doubted(f.row)) {
        out.push(no_fit_diagnostic(text, idx, report, table, f));
    }
    if let Some(why) = &n.template_note {
        out.push(Diagnostic {
            code: "R005",
            severity: Severity::Info,
            message: why.clone(),
            cells: Vec::new(),
            span: None,
        });
    }
    for d in &n.doubts {
        let whole = d.row.is_empty();
        out.push(Diagnostic {
            code: "R004",
            severity: Severity::Error,
            message: format!(
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
            cells: if whole {
                Vec::new()
            } else {
                row_cells(report, table, d.row)
            },
            span: d.range.as_ref().map(|r| idx.span(r.start, r.end)),
        });
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
        let detail: Vec<String> = amb
            .iter()
            .map(|(r, c)| {
                let cands: Vec<String> = c.candidates.iter().map(|v| v.to_string()).collect();
                if cands.is_empty() {
                    format!("{}无法确定", cell_name(r))
                } else {
                    format!("{}可能为 {}", cell_name(r), list(&cands, 4, "/"))
                }
            })
            .collect();
        out.push(Diagnostic {
            code: "R001",
            severity: Severity::Warning,
            message: format!(
                "{}{}的数字“{}”有不止一种读法满足全部勾稽关系，未作猜测：{}",
                table.zh(),
                row_label(table, row),
                excerpt(text, r, 30),
                list(&detail, 3, "；")
            ),
            cells: amb.iter().map(|(r, _)| *r).collect(),
            span: span(r),
        });
    }
    let inferred: Vec<(CellRef, &Cell)> = t
        .cells()
        .filter(|(_, _, c)| c.status == Status::Inferred)
        .map(|(r, k, c)| (CellRef::new(table, r, k), c))
        .collect();
    if !inferred.is_empty() {
        let parts: Vec<String> = inferred
            .iter()
            .map(|(r, c)| {
                format!(
                    "{}={}（{}）",
                    cell_name(r),
                    c.value.map(|v| v.to_string()).unwrap_or_default(),
                    c.from.as_deref().unwrap_or("")
                )
            })
            .collect();
        out.push(Diagnostic {
            code: "R002",
            severity: Severity::Info,
            message: format!(
                "{}有 {} 个单元格未直接读出，由勾稽关系推得：{}",
                table.zh(),
                inferred.len(),
                list(&parts, 2, "；")
            ),
            cells: inferred.iter().map(|(r, _)| *r).collect(),
            span: inferred.iter().find_map(|(_, c)| c.span),
        });
    }
    if n.found {
        for row in &n.missing_rows {
            let all_inferred = t
                .row(row)
                .is_some_and(|r| r.cells.iter().all(|(_, c)| c.status == Status::Inferred));
            out.push(Diagnostic {
                code: "S003",
                severity: Severity::Warning,
                message: format!(
                    "{}缺少{}一行的数字{}",
                    table.zh(),
                    row_label(table, row),
                    if all_inferred {
                        "（已由勾稽关系推得）"
                    } else {
                        ""
                    }
                ),
                cells: row_cells(report, table, row),
                span: None,
            });
        }
    }
    for r in &n.stray {
        out.push(Diagnostic {
            code: "R003",
            severity: Severity::Info,
            message: format!(
                "{}中的数字“{}”未能对应到任何一行，已忽略",
                table.zh(),
                excerpt(text, r, 30)
            ),
            cells: Vec::new(),
            span: span(r),
        });
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
        out.push(Diagnostic {
            code: "S009",
            severity: Severity::Warning,
            message: format!(
                "{}有 {} 行的数字多于规定列数（如{}一行有 {} 个数字），已按勾稽关系选取",
                table.zh(),
                extra.len(),
                row_label(table, first_row),
                count
            ),
            cells,
            span: span(first),
        });
    }
    for (row, r) in &n.deviations {
        let official = template::find_row(table, row)
            .map(|d| template::short_label(d.label))
            .unwrap_or("");
        out.push(Diagnostic {
            code: "S007",
            severity: Severity::Warning,
            message: format!(
                "{}行标签“{}”与官方措辞不一致，应为“{}”",
                table.zh(),
                excerpt(text, r, 40),
                official
            ),
            cells: row_cells(report, table, row),
            span: span(r),
        });
    }
    if n.truncated {
        out.push(Diagnostic {
            code: "R001",
            severity: Severity::Warning,
            message: format!(
                "{}中的粘连数字过长，拆分搜索达到上限，部分单元格未能确定",
                table.zh()
            ),
            cells: Vec::new(),
            span: None,
        });
    }
    report.diagnostics.extend(out);
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
    let what = match f.code {
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
    Diagnostic {
        code: f.code,
        severity: Severity::Error,
        message: format!(
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
        span: Some(idx.span(f.range.start, f.range.end)),
    }
}
