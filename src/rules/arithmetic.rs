//! The arithmetic rules (A001–A005): every sum the templates require, checked as one formula (total = Σ parts) over each row, column and group, never passing a sum it cannot see.

use crate::model::*;
use crate::rules::registry::{self, Rule};
use crate::template::{self, cell_name, APPLICANT_COLS, REVIEW_GROUPS};

/// One required equality: `lhs` cells summed = `rhs` cells summed.
struct Relation<'t> {
    rule: &'static Rule,
    lhs: Vec<CellRef>,
    rhs: Vec<CellRef>,
    /// The cells of `lhs` and of `rhs` (what [`Tables::cell`] gives for each), looked up once
    /// (a row found once for all its columns).
    lhs_cells: Vec<Option<&'t Cell>>,
    rhs_cells: Vec<Option<&'t Cell>>,
    /// How to describe the relation in a message (Chinese), given the figures.
    describe: fn(&Relation, &[Num], &[Num], &Tables) -> String,
}

fn app(row: &'static str, col: &'static str) -> CellRef {
    CellRef::new(TableKey::Applications, row, col)
}

fn join(ns: &[Num]) -> String {
    ns.iter().map(Num::to_string).collect::<Vec<_>>().join("+")
}

fn col_label(col: &str) -> &'static str {
    APPLICANT_COLS
        .iter()
        .find(|c| c.key == col)
        .map_or("", |c| c.label)
}

/// The relations of a report's tables (table 三's rows decide which template's rows apply).
fn relations(t: &Tables) -> Vec<Relation<'_>> {
    let mut out = Vec::new();
    let apps = &t.applications;
    let rows = if apps.row("other").is_some() {
        template::APPLICATIONS_2019
    } else {
        template::APPLICATIONS_2021
    };
    let results: Vec<&'static str> = template::result_rows(rows).iter().map(|r| r.key).collect();
    // Table 三's rows looked up once, their cells per column.
    let [new, carried, total, forward] =
        ["new_received", "carried_over", "total", "carried_forward"].map(|k| apps.row(k));
    let result_rows: Vec<Option<&Row>> = results.iter().map(|k| apps.row(k)).collect();
    if !apps.rows.is_empty() {
        for col in APPLICANT_COLS.iter().map(|c| c.key) {
            out.push(Relation {
                rule: &registry::A001,
                lhs: vec![app("new_received", col), app("carried_over", col)],
                rhs: vec![app("total", col), app("carried_forward", col)],
                lhs_cells: vec![at(new, col), at(carried, col)],
                rhs_cells: vec![at(total, col), at(forward, col)],
                describe: |r, l, rr, _| {
                    let col = col_label(r.lhs[0].column);
                    format!(
                        "表三{col}列勾稽关系不成立：一、新收 {} + 二、上年结转 {} = {}，而（七）总计 {} + 四、结转下年 {} = {}",
                        l[0],
                        l[1],
                        Num::sum(l.iter().copied()).unwrap_or(Num::ZERO),
                        rr[0],
                        rr[1],
                        Num::sum(rr.iter().copied()).unwrap_or(Num::ZERO)
                    )
                },
            });
            out.push(Relation {
                rule: &registry::A002,
                lhs: vec![app("total", col)],
                rhs: results.iter().map(|r| app(r, col)).collect(),
                lhs_cells: vec![at(total, col)],
                rhs_cells: result_rows.iter().map(|&r| at(r, col)).collect(),
                describe: |r, l, rr, _| {
                    let col = col_label(r.lhs[0].column);
                    format!(
                        "表三「（七）总计」{col}列应为 {}（各项办理结果之和），实为 {}",
                        Num::sum(rr.iter().copied()).unwrap_or(Num::ZERO),
                        l[0]
                    )
                },
            });
        }
        for row in &apps.rows {
            // The first row of its key, as a look-up by key finds it (keys are the template's,
            // each once: the row itself).
            let first = apps.row(row.key);
            out.push(Relation {
                rule: &registry::A003,
                lhs: vec![app(row.key, "total")],
                rhs: APPLICANT_COLS[..6]
                    .iter()
                    .map(|c| app(row.key, c.key))
                    .collect(),
                lhs_cells: vec![at(first, "total")],
                rhs_cells: APPLICANT_COLS[..6]
                    .iter()
                    .map(|c| at(first, c.key))
                    .collect(),
                describe: |r, l, rr, _| {
                    format!(
                        "{}应为 {}（六类申请人之和 {}），实为 {}",
                        cell_name(&r.lhs[0]),
                        Num::sum(rr.iter().copied()).unwrap_or(Num::ZERO),
                        join(rr),
                        l[0]
                    )
                },
            });
        }
    }
    if !t.review_litigation.rows.is_empty() {
        let review = t.review_litigation.row("");
        for g in REVIEW_GROUPS.iter() {
            let c = |k: &'static str| CellRef::new(TableKey::ReviewLitigation, "", k);
            out.push(Relation {
                rule: &registry::A004,
                lhs: vec![c(g.cells[4])],
                rhs: g.cells[..4].iter().map(|k| c(k)).collect(),
                lhs_cells: vec![at(review, g.cells[4])],
                rhs_cells: g.cells[..4].iter().map(|k| at(review, k)).collect(),
                describe: |r, l, rr, _| {
                    format!(
                        "{}应为 {}（{}），实为 {}",
                        cell_name(&r.lhs[0]),
                        Num::sum(rr.iter().copied()).unwrap_or(Num::ZERO),
                        join(rr),
                        l[0]
                    )
                },
            });
        }
    }
    out
}

/// The cell of `col` in `row` (as [`Tables::cell`] finds it once the row is found).
fn at<'t>(row: Option<&'t Row>, col: &str) -> Option<&'t Cell> {
    row.and_then(|r| r.cell(col))
}

fn why_unknown(c: Option<&Cell>) -> &'static str {
    match c.map(|c| c.status) {
        Some(Status::Blank) => "空白",
        Some(Status::Ambiguous) => "有歧义",
        _ => "缺失",
    }
}

/// Runs A001–A005; returns how many relations could not be checked.
pub fn check(report: &Report, out: &mut Vec<Diagnostic>) -> usize {
    let t = &report.tables;
    let mut unassessable: Vec<(TableKey, CellRef, &'static str)> = Vec::new();
    let mut relations_unassessable = [0usize; 3];
    for rel in relations(t) {
        // Most relations hold: their sums are worked out without collecting the figures.
        let sum = |cells: &[Option<&Cell>]| -> Option<Option<Num>> {
            cells.iter().try_fold(Some(Num::ZERO), |acc, c| {
                let v = c.and_then(Cell::known)?;
                Some(acc.and_then(|a| a.checked_add(v)))
            })
        };
        if let (Some(sl), Some(sr)) = (sum(&rel.lhs_cells), sum(&rel.rhs_cells)) {
            if sl == sr {
                continue;
            }
        }
        let get = |cells: &[Option<&Cell>], refs: &[CellRef]| -> Result<Vec<Num>, CellRef> {
            cells
                .iter()
                .zip(refs)
                .map(|(c, r)| c.and_then(Cell::known).ok_or(*r))
                .collect()
        };
        match (get(&rel.lhs_cells, &rel.lhs), get(&rel.rhs_cells, &rel.rhs)) {
            (Ok(l), Ok(r)) => {
                let (sl, sr) = (Num::sum(l.iter().copied()), Num::sum(r.iter().copied()));
                if sl != sr {
                    let mut cells = rel.lhs.clone();
                    cells.extend(rel.rhs.iter().copied());
                    let span = t.cell(&rel.lhs[0]).and_then(|c| c.span);
                    out.push(Diagnostic::new(
                        rel.rule,
                        (rel.describe)(&rel, &l, &r, t),
                        cells,
                        span,
                    ));
                }
            }
            _ => {
                let table = rel.lhs[0].table;
                let tables_missing = t
                    .get(table)
                    .cells()
                    .all(|(_, _, c)| c.status == Status::Missing);
                if tables_missing {
                    continue;
                }
                relations_unassessable[table as usize] += 1;
                for r in rel.lhs.iter().chain(rel.rhs.iter()) {
                    let c = t.cell(r);
                    if c.and_then(Cell::known).is_none()
                        && !unassessable.iter().any(|(_, x, _)| x == r)
                    {
                        unassessable.push((table, *r, why_unknown(c)));
                    }
                }
            }
        }
    }
    for table in TableKey::ALL {
        let cells: Vec<&(TableKey, CellRef, &str)> = unassessable
            .iter()
            .filter(|(t, _, _)| *t == table)
            .collect();
        if cells.is_empty() {
            continue;
        }
        let shown: Vec<String> = cells
            .iter()
            .take(3)
            .map(|(_, r, why)| format!("{}{}", cell_name(r), why))
            .collect();
        out.push(Diagnostic::new(
            &registry::A005,
            format!(
                "{}有 {} 项勾稽关系无法核对，不作成立判断：{}{}",
                table.zh(),
                relations_unassessable[table as usize],
                shown.join("、"),
                if cells.len() > 3 {
                    format!(" 等 {} 个单元格", cells.len())
                } else {
                    String::new()
                }
            ),
            cells.iter().map(|(_, r, _)| *r).collect(),
            None,
        ));
    }
    point_at_suspects(out);
    relations_unassessable.iter().sum()
}

/// A cell that sits in two broken sums (a row's and a column's) is the likeliest culprit: put it
/// first in each of those findings and say so.
fn point_at_suspects(out: &mut [Diagnostic]) {
    let broken: Vec<usize> = (0..out.len())
        .filter(|&i| {
            matches!(out[i].code, "A001" | "A002" | "A003") && out[i].severity == Severity::Error
        })
        .collect();
    for &i in &broken {
        let suspect = out[i].cells.iter().copied().find(|c| {
            broken
                .iter()
                .filter(|&&j| j != i && out[j].code != out[i].code)
                .any(|&j| out[j].cells.contains(c))
        });
        if let Some(s) = suspect {
            let d = &mut out[i];
            d.cells.retain(|c| *c != s);
            d.cells.insert(0, s);
            d.message.push_str(&format!(
                "；{}同时使另一项合计不成立，最可能有误",
                cell_name(&s)
            ));
        }
    }
}
