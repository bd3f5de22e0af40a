//! The arithmetic rules (A001–A005): every sum the templates require, checked as one formula (total = Σ parts) over each row, column and group, never passing a sum it cannot see.

use crate::model::*;
use crate::rules::registry::{self, Rule};
use crate::template::{self, cell_name, APPLICANT_COLS, REVIEW_GROUPS};

/// One required equality, `lhs` cells summed = `rhs` cells summed: which one (its cells are worked
/// out by [`Relations::cells`], their references only for a relation that does not hold).
#[derive(Clone, Copy)]
enum Relation {
    /// A001 in a column of table 三: 一 + 二 = （七） + 四.
    Carry(&'static str),
    /// A002 in a column of table 三: （七） = Σ results.
    Results(&'static str),
    /// A003 for the `i`th row of table 三: 总计 = Σ six applicant columns.
    Row(usize),
    /// A004 for a group of table 四.
    Review(usize),
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

/// The relations of a report's tables (table 三's rows decide which template's rows apply), with
/// table 三's rows looked up once.
struct Relations<'t> {
    list: Vec<Relation>,
    apps: &'t Table,
    results: &'static [crate::template::RowDef],
    /// 一、新收, 二、上年结转, （七）总计, 四、结转下年.
    carry: [Option<&'t Row>; 4],
    result_rows: Vec<Option<&'t Row>>,
    review: Option<&'t Row>,
}

impl<'t> Relations<'t> {
    fn of(t: &'t Tables) -> Relations<'t> {
        let apps = &t.applications;
        let rows = if apps.row("other").is_some() {
            template::APPLICATIONS_2019
        } else {
            template::APPLICATIONS_2021
        };
        let results = template::result_rows(rows);
        let mut list = Vec::new();
        if !apps.rows.is_empty() {
            for col in APPLICANT_COLS.iter().map(|c| c.key) {
                list.push(Relation::Carry(col));
                list.push(Relation::Results(col));
            }
            list.extend((0..apps.rows.len()).map(Relation::Row));
        }
        let review = t.review_litigation.row("");
        if !t.review_litigation.rows.is_empty() {
            list.extend((0..REVIEW_GROUPS.len()).map(Relation::Review));
        }
        Relations {
            list,
            apps,
            results,
            carry: ["new_received", "carried_over", "total", "carried_forward"]
                .map(|k| apps.row(k)),
            result_rows: results.iter().map(|r| apps.row(r.key)).collect(),
            review,
        }
    }

    /// The cells of `lhs` and of `rhs` (what [`Tables::cell`] gives for each), into `l` and `r`.
    fn cells(&self, rel: Relation, l: &mut Vec<Option<&'t Cell>>, r: &mut Vec<Option<&'t Cell>>) {
        l.clear();
        r.clear();
        let [new, carried, total, forward] = self.carry;
        match rel {
            Relation::Carry(col) => {
                l.extend([at(new, col), at(carried, col)]);
                r.extend([at(total, col), at(forward, col)]);
            }
            Relation::Results(col) => {
                l.push(at(total, col));
                r.extend(self.result_rows.iter().map(|&x| at(x, col)));
            }
            Relation::Row(i) => {
                // The first row of its key, as a look-up by key finds it (keys are the
                // template's, each once: the row itself).
                let first = self.apps.rows.get(i).and_then(|row| self.apps.row(row.key));
                l.push(at(first, "total"));
                r.extend(APPLICANT_COLS[..6].iter().map(|c| at(first, c.key)));
            }
            Relation::Review(g) => {
                let cells = &REVIEW_GROUPS[g].cells;
                l.push(at(self.review, cells[4]));
                r.extend(cells[..4].iter().map(|k| at(self.review, k)));
            }
        }
    }

    /// The rule a relation checks, and the references of its `lhs` and `rhs` cells.
    fn refs(&self, rel: Relation) -> (&'static Rule, Vec<CellRef>, Vec<CellRef>) {
        match rel {
            Relation::Carry(col) => (
                &registry::A001,
                vec![app("new_received", col), app("carried_over", col)],
                vec![app("total", col), app("carried_forward", col)],
            ),
            Relation::Results(col) => (
                &registry::A002,
                vec![app("total", col)],
                self.results.iter().map(|r| app(r.key, col)).collect(),
            ),
            Relation::Row(i) => {
                let key = self.apps.rows.get(i).map_or("", |r| r.key);
                (
                    &registry::A003,
                    vec![app(key, "total")],
                    APPLICANT_COLS[..6]
                        .iter()
                        .map(|c| app(key, c.key))
                        .collect(),
                )
            }
            Relation::Review(g) => {
                let c = |k: &'static str| CellRef::new(TableKey::ReviewLitigation, "", k);
                let cells = &REVIEW_GROUPS[g].cells;
                (
                    &registry::A004,
                    vec![c(cells[4])],
                    cells[..4].iter().map(|k| c(k)).collect(),
                )
            }
        }
    }
}

/// How to describe a relation that does not hold (Chinese), given its `lhs` cells and the figures.
fn describe(rel: Relation, lhs: &[CellRef], l: &[Num], rr: &[Num]) -> String {
    match rel {
        Relation::Carry(_) => {
            let col = col_label(lhs[0].column);
            format!(
                "表三{col}列勾稽关系不成立：一、新收 {} + 二、上年结转 {} = {}，而（七）总计 {} + 四、结转下年 {} = {}",
                l[0],
                l[1],
                Num::sum(l.iter().copied()).unwrap_or(Num::ZERO),
                rr[0],
                rr[1],
                Num::sum(rr.iter().copied()).unwrap_or(Num::ZERO)
            )
        }
        Relation::Results(_) => {
            let col = col_label(lhs[0].column);
            format!(
                "表三「（七）总计」{col}列应为 {}（各项办理结果之和），实为 {}",
                Num::sum(rr.iter().copied()).unwrap_or(Num::ZERO),
                l[0]
            )
        }
        Relation::Row(_) | Relation::Review(_) => format!(
            "{}应为 {}（{}{}），实为 {}",
            cell_name(&lhs[0]),
            Num::sum(rr.iter().copied()).unwrap_or(Num::ZERO),
            if matches!(rel, Relation::Row(_)) {
                "六类申请人之和 "
            } else {
                ""
            },
            join(rr),
            l[0]
        ),
    }
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
    let mut missing: [Option<bool>; 3] = [None; 3];
    let relations = Relations::of(t);
    // Each relation's cells, in buffers kept for them all.
    let (mut lhs_cells, mut rhs_cells) = (Vec::new(), Vec::new());
    for &rel in &relations.list {
        relations.cells(rel, &mut lhs_cells, &mut rhs_cells);
        // Most relations hold: their sums are worked out without collecting the figures.
        let sum = |cells: &[Option<&Cell>]| -> Option<Option<Num>> {
            cells.iter().try_fold(Some(Num::ZERO), |acc, c| {
                let v = c.and_then(Cell::known)?;
                Some(acc.and_then(|a| a.checked_add(v)))
            })
        };
        if let (Some(sl), Some(sr)) = (sum(&lhs_cells), sum(&rhs_cells)) {
            if sl == sr {
                continue;
            }
        }
        let (rule, lhs, rhs) = relations.refs(rel);
        // Blank cells ("/", "—", empty) are not 0, so a sum through them does not hold on their
        // account; but one that breaks even with every blank as 0 breaks whatever they mean (a
        // blank standing for a number is the report's slip too): said as broken, with how many
        // blanks were counted 0. (Sums of read cells alone are the same sums, no blank in them.)
        let as_zero = |c: &Option<&Cell>| match c {
            Some(c) if c.status == Status::Blank => Some(Num::ZERO),
            c => c.and_then(Cell::known),
        };
        // (Summed first, collected only for the message of a sum that breaks.)
        let sum0 = |cells: &[Option<&Cell>]| -> Option<Option<Num>> {
            cells.iter().try_fold(Some(Num::ZERO), |acc, c| {
                let v = as_zero(c)?;
                Some(acc.and_then(|a| a.checked_add(v)))
            })
        };
        match (sum0(&lhs_cells), sum0(&rhs_cells)) {
            (Some(sl), Some(sr)) if sl != sr => {
                let l: Vec<Num> = lhs_cells.iter().filter_map(as_zero).collect();
                let r: Vec<Num> = rhs_cells.iter().filter_map(as_zero).collect();
                let blanks = lhs_cells
                    .iter()
                    .chain(rhs_cells.iter())
                    .filter(|c| c.is_some_and(|c| c.status == Status::Blank))
                    .count();
                let mut message = describe(rel, &lhs, &l, &r);
                if blanks > 0 {
                    message.push_str(&format!("（其中 {blanks} 格空白，按 0 计）"));
                }
                let mut cells = lhs.clone();
                cells.extend(rhs.iter().copied());
                let span = t.cell(&lhs[0]).and_then(|c| c.span);
                out.push(Diagnostic::new(rule, message, cells, span));
            }
            _ => {
                let table = lhs[0].table;
                // Whether the table has no cell at all (worked out once a table).
                let tables_missing = *missing[table as usize].get_or_insert_with(|| {
                    t.get(table)
                        .cells()
                        .all(|(_, _, c)| c.status == Status::Missing)
                });
                if tables_missing {
                    continue;
                }
                relations_unassessable[table as usize] += 1;
                // (Each reference's cell as looked up above.)
                let looked_up = lhs_cells.iter().chain(rhs_cells.iter());
                for (r, &c) in lhs.iter().chain(rhs.iter()).zip(looked_up) {
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
