//! Table 三 (收到和处理政府信息公开申请情况): rows aligned to the template, readings settled by the column sums, the template chosen by the better alignment, missing cells inferred where the arithmetic fixes them.

use super::align::align;
use super::cells::{cell_from, group_range, row_readings, TableNotes, TABLE_BUDGET};
use super::labels::{deviates, labels, table_groups, Labels, Matcher};
use super::split::{Constraint, Reading, RowNotes};
use super::text::{norm_label, LineIndex};
use super::tokens::Group;
use crate::model::*;
use crate::template::{self, RowDef, APPLICANT_COLS, OTHER_ORG};

/// Keeps, for each row, only the readings that appear in some assignment satisfying every column
/// constraint. `cols` lists (new, carried, total, forward, results) row indices.
pub(super) fn filter_columns(
    rs: &mut [Vec<Reading>],
    rows: &[RowDef],
    ncols: usize,
    budget: &mut usize,
) {
    let pos = |k: &str| rows.iter().position(|r| r.key == k);
    let (Some(new), Some(carried), Some(total), Some(fwd)) = (
        pos("new_received"),
        pos("carried_over"),
        pos("total"),
        pos("carried_forward"),
    ) else {
        return;
    };
    let results: Vec<usize> = (2..rows.len() - 2).collect();
    let multi: Vec<usize> = (0..rs.len()).filter(|&i| rs[i].len() > 1).collect();
    if multi.is_empty() {
        return;
    }
    let choice = vec![0usize; rs.len()];
    let alive: Vec<Vec<bool>> = rs.iter().map(|r| vec![false; r.len()]).collect();
    let any = false;
    let check = |choice: &[usize]| -> bool {
        let get = |row: usize, c: usize| -> Option<Num> {
            rs[row]
                .get(choice[row])
                .and_then(|r| r.vals.get(c).copied().flatten())
        };
        for c in 0..ncols {
            let a = [get(new, c), get(carried, c), get(total, c), get(fwd, c)];
            if let [Some(n), Some(co), Some(t), Some(f)] = a {
                if n.checked_add(co) != t.checked_add(f) {
                    return false;
                }
            }
            if let Some(t) = get(total, c) {
                let mut sum = Some(Num::ZERO);
                for &r in &results {
                    sum = match (sum, get(r, c)) {
                        (Some(s), Some(v)) => s.checked_add(v),
                        _ => None,
                    };
                    if sum.is_none() {
                        break;
                    }
                }
                if sum.is_some_and(|s| s != t) {
                    return false;
                }
            }
        }
        true
    };
    // Depth-first over the rows with several readings; a leaf checks every column.
    struct Search<'a> {
        multi: &'a [usize],
        sizes: Vec<usize>,
        choice: Vec<usize>,
        alive: Vec<Vec<bool>>,
        any: bool,
    }
    fn go(k: usize, s: &mut Search, budget: &mut usize, check: &dyn Fn(&[usize]) -> bool) {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        if k == s.multi.len() {
            if check(&s.choice) {
                s.any = true;
                for &row in s.multi {
                    s.alive[row][s.choice[row]] = true;
                }
            }
            return;
        }
        let row = s.multi[k];
        for c in 0..s.sizes[row] {
            s.choice[row] = c;
            go(k + 1, s, budget, check);
        }
    }
    let mut search = Search {
        multi: &multi,
        sizes: rs.iter().map(Vec::len).collect(),
        choice,
        alive,
        any,
    };
    go(0, &mut search, budget, &check);
    let (alive, any) = (search.alive, search.any);
    if !any || *budget == 0 {
        return;
    }
    for &row in &multi {
        let keep = &alive[row];
        let mut i = 0;
        rs[row].retain(|_| {
            let k = keep[i];
            i += 1;
            k
        });
    }
}

/// Reads table 三 from the groups of its region. `year` breaks ties between the two templates.
pub fn applications(
    text: &str,
    idx: &LineIndex,
    groups: &[&Group],
    year: Option<i32>,
) -> (Table, Template, TableNotes) {
    let mut notes = TableNotes::default();
    let groups = table_groups(text, groups);
    // Column count: 7, or 6 when no row has 7 numbers and most have 6 (no 其他 column).
    let max_atomic = groups.iter().map(|g| g.atomic_count()).max().unwrap_or(0);
    let sixes = groups.iter().filter(|g| g.atomic_count() == 6).count();
    let any_digits = groups.iter().any(|g| g.has_digits());
    let ncols = if !any_digits && max_atomic == 6 && sixes >= 3 {
        6
    } else {
        7
    };
    // Split unlabelled one-cell-per-line groups that hold several rows.
    let mut owned: Vec<Group> = Vec::new();
    for g in &groups {
        let k = g.items.len();
        if g.one_per_line && !g.has_digits() && k >= 2 * ncols && k % ncols == 0 {
            for (n, chunk) in g.items.chunks(ncols).enumerate() {
                owned.push(Group {
                    items: chunk.to_vec(),
                    attached: if n == 0 { g.attached.clone() } else { None },
                    preceding: if n == 0 {
                        g.preceding.clone()
                    } else {
                        Vec::new()
                    },
                    one_per_line: true,
                });
            }
        } else {
            owned.push((*g).clone());
        }
    }
    let groups: Vec<&Group> = owned.iter().collect();

    let norms: Vec<Labels> = groups.iter().map(|g| labels(text, g)).collect();
    let (s21, a21) = align(&groups, &norms, template::APPLICATIONS_2021, ncols);
    let (s19, a19) = align(&groups, &norms, template::APPLICATIONS_2019, ncols);
    let prefer_2019 = s19 > s21 || (s19 == s21 && year.is_some_and(|y| y <= 2020));
    let (tpl, rows, assign) = if prefer_2019 {
        (Template::Y2019, template::APPLICATIONS_2019, a19)
    } else {
        (Template::Y2021, template::APPLICATIONS_2021, a21)
    };
    notes.found = assign.iter().filter(|a| a.is_some()).count() >= 3;
    let matcher = Matcher::new(rows);

    // Reading column index → template column index.
    let col_map: Vec<usize> = if ncols == 7 {
        (0..7).collect()
    } else {
        (0..7).filter(|&c| c != OTHER_ORG).collect()
    };
    let cons: &[Constraint] = if ncols == 7 {
        &[Constraint {
            total: 6,
            parts: &[0, 1, 2, 3, 4, 5],
            exact: true,
        }]
    } else {
        &[Constraint {
            total: 5,
            parts: &[0, 1, 2, 3, 4],
            exact: false,
        }]
    };
    let mut budget = TABLE_BUDGET;
    let mut rs: Vec<Vec<Reading>> = Vec::with_capacity(rows.len());
    let mut row_notes: Vec<RowNotes> = Vec::with_capacity(rows.len());
    for (ri, a) in assign.iter().enumerate() {
        match a {
            Some(gi) => {
                let (r, n) = row_readings(text, &groups[*gi].items, ncols, cons, &|_| false);
                if n.extra {
                    notes.extra.push((rows[ri].key, group_range(groups[*gi])));
                }
                notes.truncated |= n.truncated;
                rs.push(r);
                row_notes.push(n);
            }
            None => {
                rs.push(Vec::new());
                row_notes.push(RowNotes::default());
            }
        }
    }
    filter_columns(&mut rs, rows, ncols, &mut budget);

    let mut table = Table { rows: Vec::new() };
    for (ri, row) in rows.iter().enumerate() {
        let group = assign[ri].map(|gi| groups[gi]);
        let refs: Vec<&Reading> = rs[ri].iter().collect();
        let mut cells = Vec::with_capacity(7);
        for (tc, col) in APPLICANT_COLS.iter().enumerate() {
            let cell = match (group, col_map.iter().position(|&c| c == tc)) {
                (Some(g), Some(ci)) => cell_from(text, idx, &refs, ci, Some(g)),
                _ => Cell::missing(),
            };
            cells.push((col.key, cell));
        }
        if let Some(g) = group {
            notes.rows.push((row.key, group_range(g)));
            if let Some(a) = &g.attached {
                if matcher.best(&norm_label(text.get(a.clone()).unwrap_or(""))) == Some(ri)
                    && deviates(text.get(a.clone()).unwrap_or(""), row, true)
                {
                    notes.deviations.push((row.key, a.clone()));
                }
            }
        } else {
            notes.missing_rows.push(row.key);
        }
        table.rows.push(Row {
            key: row.key,
            cells,
        });
    }
    // Stray numeric groups between the first and last assigned group.
    let used: Vec<usize> = assign.iter().flatten().copied().collect();
    if let (Some(&lo), Some(&hi)) = (used.iter().min(), used.iter().max()) {
        for (j, g) in groups.iter().enumerate().take(hi).skip(lo) {
            if !used.contains(&j) {
                notes.stray.push(group_range(g));
            }
        }
    }
    if notes.found {
        let absent: &[&str] = if ncols == 7 { &[] } else { &["other_org"] };
        infer_missing(&mut table, rows, &notes.missing_rows, absent);
    }
    (table, tpl, notes)
}

/// Fills cells the text does not settle where the column arithmetic does: a column whose
/// （七）总计 is 0 makes every unknown result cell 0 (counts are never negative), as does a row total
/// of 0 for its parts; a column with exactly one unknown result cell of a missing row makes it the
/// difference; a missing row whose parts are all known gets its total. Blank cells (printed
/// placeholders) and columns absent from the table are left alone.
pub(super) fn infer_missing(
    table: &mut Table,
    rows: &'static [RowDef],
    missing: &[&'static str],
    absent: &[&str],
) {
    let results: Vec<&'static str> = template::result_rows(rows).iter().map(|r| r.key).collect();
    let open = |t: &Table, r: &str, c: &str| {
        !absent.contains(&c)
            && t.cell(r, c).is_some_and(|x| {
                x.status == Status::Missing || (x.status == Status::Ambiguous && x.value.is_none())
            })
    };
    let set = |t: &mut Table, r: &str, c: &str, v: Num, from: &str| {
        if let Some(cell) = t.cell_mut(r, c) {
            cell.value = Some(v);
            cell.status = Status::Inferred;
            cell.candidates.clear();
            cell.from = Some(from.to_string());
        }
    };
    for _round in 0..3 {
        for col in APPLICANT_COLS.iter().map(|c| c.key) {
            let total = table.cell("total", col).and_then(Cell::known);
            let unknown: Vec<&'static str> = results
                .iter()
                .copied()
                .filter(|r| table.cell(r, col).and_then(Cell::known).is_none())
                .collect();
            if total == Some(Num::ZERO) {
                let fill: Vec<&'static str> = unknown
                    .iter()
                    .copied()
                    .filter(|r| open(table, r, col))
                    .collect();
                for r in fill {
                    set(
                        table,
                        r,
                        col,
                        Num::ZERO,
                        "（七）总计该列为 0，而件数不能为负，故此格为 0",
                    );
                }
            } else if let (Some(t), [only]) = (total, unknown.as_slice()) {
                if missing.contains(only) && open(table, only, col) {
                    let known = Num::sum(
                        results
                            .iter()
                            .filter(|r| *r != only)
                            .filter_map(|r| table.cell(r, col).and_then(Cell::known)),
                    );
                    if let Some(v) = known.and_then(|k| t.checked_sub(k)) {
                        if !v.is_negative() {
                            set(table, only, col, v, "（七）总计减去该列其余各项之和");
                        }
                    }
                }
            }
        }
        for r in rows.iter().map(|r| r.key) {
            if table.cell(r, "total").and_then(Cell::known) == Some(Num::ZERO) {
                for c in APPLICANT_COLS[..6].iter().map(|c| c.key) {
                    if open(table, r, c) {
                        set(
                            table,
                            r,
                            c,
                            Num::ZERO,
                            "本行总计为 0，而件数不能为负，故此格为 0",
                        );
                    }
                }
            }
        }
        for &r in missing {
            let parts: Option<Vec<Num>> = APPLICANT_COLS[..6]
                .iter()
                .map(|c| table.cell(r, c.key).and_then(Cell::known))
                .collect();
            if let Some(p) = parts {
                if open(table, r, "total") {
                    if let Some(s) = Num::sum(p) {
                        set(table, r, "total", s, "本行六类申请人之和");
                    }
                }
            }
        }
    }
}
