//! Table 三 (收到和处理政府信息公开申请情况): rows aligned to the template, readings settled by the column sums, the template chosen by the better alignment, missing cells inferred where the arithmetic fixes them.

use super::align::align;
use super::cells::{
    cell_from, group_range, item_texts, row_readings, set_doubtful, Doubt, NoFit, TableNotes,
    TABLE_BUDGET,
};
use super::in_order::read_in_order;
use super::labels::{deviates, evidence_split, labels_into, table_groups, Evidence, Matcher};
use super::split::{room, Constraint, Reading, RowNotes, Src};
use super::text::LineIndex;
use super::tokens::{Group, Kind};
use crate::model::*;
use crate::rules::registry::{self, Rule};
use crate::template::{self, RowDef, APPLICANT_COLS, OTHER_ORG};

/// The rows table 三's column sums tie together: 一 + 二 = （七） + 四 (A001) and （七） = Σ results
/// (A002), per column.
struct ColumnSums {
    new: usize,
    carried: usize,
    total: usize,
    forward: usize,
    results: Vec<usize>,
}

impl ColumnSums {
    fn of(rows: &'static [RowDef]) -> Option<ColumnSums> {
        let pos = |k: &str| rows.iter().position(|r| r.key == k);
        Some(ColumnSums {
            new: pos("new_received")?,
            carried: pos("carried_over")?,
            total: pos("total")?,
            forward: pos("carried_forward")?,
            results: template::result_rows(rows)
                .iter()
                .filter_map(|r| pos(r.key))
                .collect(),
        })
    }

    /// Whether every column sum the values `get` gives can judge holds (stops at the first that
    /// does not: this runs at every leaf of the settling search).
    fn hold(&self, ncols: usize, get: &dyn Fn(usize, usize) -> Option<Num>) -> bool {
        (0..ncols).all(|c| {
            let a = [
                get(self.new, c),
                get(self.carried, c),
                get(self.total, c),
                get(self.forward, c),
            ];
            let a001 = match a {
                [Some(n), Some(co), Some(t), Some(f)] => n.checked_add(co) == t.checked_add(f),
                _ => true,
            };
            a001 && get(self.total, c).is_none_or(|t| {
                let mut sum = Some(Num::ZERO);
                for &r in &self.results {
                    match (sum, get(r, c)) {
                        (Some(s), Some(v)) => sum = s.checked_add(v),
                        _ => return true,
                    }
                }
                sum.is_none_or(|s| s == t)
            })
        })
    }

    /// The column sums broken by the values `get` gives, as (code, reading column); a sum with an
    /// unknown cell is not judged. With `row`, only the sums that row takes part in.
    fn broken(
        &self,
        ncols: usize,
        row: Option<usize>,
        get: &dyn Fn(usize, usize) -> Option<Num>,
    ) -> Vec<(&'static str, usize)> {
        let mut out = Vec::new();
        let in_a001 =
            row.is_none_or(|r| [self.new, self.carried, self.total, self.forward].contains(&r));
        let in_a002 = row.is_none_or(|r| r == self.total || self.results.contains(&r));
        for c in 0..ncols {
            if in_a001 {
                let a = [
                    get(self.new, c),
                    get(self.carried, c),
                    get(self.total, c),
                    get(self.forward, c),
                ];
                if let [Some(n), Some(co), Some(t), Some(f)] = a {
                    if n.checked_add(co) != t.checked_add(f) {
                        out.push(("A001", c));
                    }
                }
            }
            if in_a002 {
                if let Some(t) = get(self.total, c) {
                    // Judged when every result is known and their sum does not overflow.
                    let sum = self.results.iter().try_fold(Some(Num::ZERO), |acc, &r| {
                        get(r, c).map(|v| acc.and_then(|a| a.checked_add(v)))
                    });
                    if sum.flatten().is_some_and(|s| s != t) {
                        out.push(("A002", c));
                    }
                }
            }
        }
        out
    }
}

/// Alignment scores closer than this (about one row found by its own label) make the choice of
/// table 三's template worth saying (R005).
const CLOSE_TEMPLATES: i32 = 20;

/// A row of several readings none of which keeps the column sums.
#[derive(Debug, Clone)]
struct Unfit {
    row: usize,
    rule: &'static Rule,
    /// The readings that break the fewest sums, each with the reading columns it breaks.
    candidates: Vec<(Reading, Vec<usize>)>,
}

/// How the column sums settled the rows with several readings.
#[derive(Debug, Default)]
struct Settled {
    /// Rows settled as the one reading that breaks the fewest sums (no reading keeps them all).
    least_broken: Vec<usize>,
    /// Rows no reading fits.
    no_fit: Vec<Unfit>,
}

/// Keeps, for each row with several readings, only those that appear in some assignment
/// satisfying every column sum. When no assignment does (the report breaks a sum), each such row
/// is judged on its own, against the rows already certain: a row whose readings that break the
/// fewest of its sums agree is settled that way (the arithmetic then names the broken sum);
/// otherwise the row is reported as fitting no reading. A search cut short by its budget changes
/// nothing (the rows stay ambiguous).
fn settle_columns(
    rs: &mut [Vec<Reading>],
    rows: &'static [RowDef],
    ncols: usize,
    budget: &mut usize,
) -> Settled {
    let mut settled = Settled::default();
    let Some(sums) = ColumnSums::of(rows) else {
        return settled;
    };
    let multi: Vec<usize> = (0..rs.len()).filter(|&i| rs[i].len() > 1).collect();
    if multi.is_empty() {
        return settled;
    }
    // Depth-first over the rows with several readings; a leaf checks every column.
    let mut alive: Vec<Vec<bool>> = rs.iter().map(|r| vec![false; r.len()]).collect();
    let mut any = false;
    // The search's state: each row's reading chosen, and the values of those readings, a row of
    // `ncols` after another (a row with no reading all unknown), kept up to date as the search
    // chooses, so that a leaf reads its cells directly.
    struct Walk<'s> {
        multi: &'s [usize],
        rs: &'s [Vec<Reading>],
        ncols: usize,
        choice: Vec<usize>,
        cur: Vec<Option<Num>>,
        budget: &'s mut usize,
        cut: bool,
    }
    fn fill(w: &mut Walk, row: usize, reading: usize) {
        let r = &w.rs[row][reading];
        let cells = &mut w.cur[row * w.ncols..(row + 1) * w.ncols];
        for (c, v) in cells.iter_mut().enumerate() {
            *v = r.vals.get(c).copied().flatten();
        }
    }
    /// Called at each leaf with the readings chosen and their values.
    type Leaf<'l> = dyn FnMut(&[usize], &[Option<Num>]) + 'l;
    fn go(k: usize, w: &mut Walk, leaf: &mut Leaf) {
        if *w.budget == 0 {
            w.cut = true;
            return;
        }
        *w.budget -= 1;
        if k == w.multi.len() {
            leaf(&w.choice, &w.cur);
            return;
        }
        let row = w.multi[k];
        for c in 0..w.rs[row].len() {
            w.choice[row] = c;
            fill(w, row, c);
            go(k + 1, w, leaf);
        }
    }
    let mut w = Walk {
        multi: &multi,
        rs,
        ncols,
        choice: vec![0; rs.len()],
        cur: vec![None; rs.len() * ncols],
        budget,
        cut: false,
    };
    for (row, r) in rs.iter().enumerate() {
        if !r.is_empty() {
            fill(&mut w, row, 0);
        }
    }
    let mut leaf = |choice: &[usize], cur: &[Option<Num>]| {
        if sums.hold(ncols, &|row, c| cur[row * ncols + c]) {
            any = true;
            for &row in &multi {
                alive[row][choice[row]] = true;
            }
        }
    };
    go(0, &mut w, &mut leaf);
    if w.cut {
        return settled;
    }
    if any {
        for &row in &multi {
            let keep = &alive[row];
            let mut i = 0;
            rs[row].retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        return settled;
    }
    // No reading of the table keeps every sum: judge each row against the certain rows.
    for &row in &multi {
        let judged: Vec<Vec<(&'static str, usize)>> = rs[row]
            .iter()
            .map(|reading| {
                let get = |r: usize, c: usize| -> Option<Num> {
                    if r == row {
                        reading.vals.get(c).copied().flatten()
                    } else if rs[r].len() == 1 {
                        rs[r][0].vals.get(c).copied().flatten()
                    } else {
                        None
                    }
                };
                sums.broken(ncols, Some(row), &get)
            })
            .collect();
        let fewest = judged.iter().map(Vec::len).min().unwrap_or(0);
        let best: Vec<usize> = (0..judged.len())
            .filter(|&i| judged[i].len() == fewest)
            .collect();
        let agree = best
            .iter()
            .all(|&i| rs[row][i].vals == rs[row][best[0]].vals);
        if agree {
            let keep = rs[row][best[0]].clone();
            rs[row] = vec![keep];
            settled.least_broken.push(row);
        } else {
            let rule = if judged.iter().flatten().any(|(c, _)| *c == "A002") {
                &registry::A002
            } else {
                &registry::A001
            };
            settled.no_fit.push(Unfit {
                row,
                rule,
                candidates: best
                    .iter()
                    .map(|&i| {
                        let mut cols: Vec<usize> = judged[i].iter().map(|(_, c)| *c).collect();
                        cols.dedup();
                        (rs[row][i].clone(), cols)
                    })
                    .collect(),
            });
        }
    }
    settled
}

/// Reads table 三 from the groups of its region. `year` breaks ties between the two templates.
/// Without the table's header (`headerless`), its rows count only when at least three of them are
/// found by their own labels: a table is its header or its labelled rows, never loose figures.
pub fn applications(
    text: &str,
    idx: &LineIndex,
    groups: &[&Group],
    year: Option<i32>,
    headerless: bool,
) -> (Table, Template, TableNotes) {
    let mut notes = TableNotes::default();
    let groups = table_groups(text, groups);
    // Column count: 7, or 6 when no row has 7 numbers and most have 6 (no 其他 column).
    let max_atomic = groups.iter().map(|g| g.atomic_count()).max().unwrap_or(0);
    let pads = |g: &Group| g.items.iter().filter(|i| i.kind == Kind::Pad).count();
    let sixes = groups.iter().filter(|g| g.atomic_count() == 6).count();
    let any_digits = groups.iter().any(|g| g.has_digits());
    // Rows of six numbers that each keep one empty field are a blank column of a 7-column table.
    let six_without_pad = groups.iter().any(|g| g.atomic_count() == 6 && pads(g) == 0);
    let ncols = if !any_digits && max_atomic == 6 && sixes >= 3 && six_without_pad {
        6
    } else {
        7
    };
    // Empty tab fields settled for the column count, the table's rows as evidence.
    let settled = super::split::settle_groups(text, &groups, ncols);
    let cons: &[Constraint] = if ncols == 7 {
        super::split::ROW_SUM
    } else {
        &[Constraint {
            total: 5,
            parts: &[0, 1, 2, 3, 4],
            exact: false,
        }]
    };
    // Numbers wrapped in their cells, joined back where one reading alone keeps the row's sum.
    let (settled, wrapped) = super::wrap::join_wrapped(text, settled, ncols, cons);
    let groups: Vec<&Group> = settled.iter().collect();
    // Split unlabelled one-cell-per-line groups that hold several rows: row by row, or column by
    // column where the sums prove the numbers were printed that way (pdftotext's reading order).
    // Groups as they are (borrowed), or rows cut from a block (owned).
    let mut owned: Vec<std::borrow::Cow<'_, Group>> = Vec::new();
    // Blocks whose order the sums could not tell: (byte range, numbers).
    let mut unclear_blocks: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    // Whether each group is a row cut from such a block (placed by order alone, not by a label).
    let mut from_block: Vec<bool> = Vec::new();
    // How many rows the labels before a block name (the two templates' row words barely differ).
    // Each template's keywords, indexed once for the blocks, the alignments and the labels.
    let block_matcher = Matcher::applications(Template::Y2021);
    // Groups' labels normalised into two buffers kept for all the groups.
    let (mut attached, mut joined) = (String::new(), String::new());
    for g in &groups {
        let k = g.items.len();
        if g.one_per_line && !g.has_digits() && k >= 2 * ncols && k % ncols == 0 {
            let items = match block_order(&g.items, ncols, cons) {
                BlockOrder::Rows => g.items.clone(),
                BlockOrder::Columns => {
                    let n = k / ncols;
                    (0..k)
                        .map(|i| g.items[(i % ncols) * n + i / ncols].clone())
                        .collect()
                }
                BlockOrder::Unclear => {
                    unclear_blocks.push((group_range(g), k));
                    g.items.clone()
                }
            };
            labels_into(text, g, &mut attached, &mut joined);
            let first_named = block_matcher.hits(&joined).rows.len() <= 1;
            for (n, chunk) in items.chunks(ncols).enumerate() {
                from_block.push(true);
                owned.push(std::borrow::Cow::Owned(Group {
                    items: chunk.to_vec(),
                    // The labels before the block name its first row only when they name one
                    // row; a list of labels (all the block's rows) says nothing of the first.
                    attached: if n == 0 && first_named {
                        g.attached.clone()
                    } else {
                        None
                    },
                    preceding: if n == 0 && first_named {
                        g.preceding.clone()
                    } else {
                        Vec::new()
                    },
                    one_per_line: true,
                    empty_lines: Vec::new(),
                }));
            }
        } else {
            from_block.push(false);
            owned.push(std::borrow::Cow::Borrowed(*g));
        }
    }
    let groups: Vec<&Group> = owned.iter().map(|g| g.as_ref()).collect();

    // Each group's label evidence for both templates, each label scanned once for both.
    let both = Matcher::applications_both();
    let (ev21, ev19): (Vec<Evidence>, Vec<Evidence>) = groups
        .iter()
        .map(|g| {
            let has = labels_into(text, g, &mut attached, &mut joined);
            let split = template::APPLICATIONS_2021.len();
            evidence_split(has.then_some(attached.as_str()), &joined, both, split)
        })
        .unzip();
    // Per group: (atomic items, has a digit run), for both alignments.
    let counts: Vec<(usize, bool)> = groups
        .iter()
        .map(|g| (g.atomic_count(), g.has_digits()))
        .collect();
    let a21 = align(ev21, &counts, template::APPLICATIONS_2021, ncols);
    let a19 = align(ev19, &counts, template::APPLICATIONS_2019, ncols);
    let (s21, s19) = (a21.score, a19.score);
    let prefer_2019 = s19 > s21 || (s19 == s21 && year.is_some_and(|y| y <= 2020));
    let ((mut tpl, mut rows, chosen), other) = if prefer_2019 {
        (
            (Template::Y2019, template::APPLICATIONS_2019, a19),
            (Template::Y2021, template::APPLICATIONS_2021, a21.evidence),
        )
    } else {
        (
            (Template::Y2021, template::APPLICATIONS_2021, a21),
            (Template::Y2019, template::APPLICATIONS_2019, a19.evidence),
        )
    };
    let (mut assign, evidence) = (chosen.assign, chosen.evidence);
    notes.found = assign.iter().filter(|a| a.is_some()).count() >= 3;
    if headerless && notes.found {
        // Rows whose own label names them (a group's strong evidence is the row its attached
        // label names most plainly).
        let labelled = assign
            .iter()
            .enumerate()
            .filter(|(ri, a)| a.is_some_and(|gi| evidence[gi].strong == Some(*ri)))
            .count();
        if labelled < 3 {
            assign = vec![None; rows.len()];
            notes.found = false;
        }
    }
    if notes.found && (s21 - s19).abs() < CLOSE_TEMPLATES {
        let chosen = if prefer_2019 { "2019" } else { "2021" };
        notes.template_note = Some(if s19 == s21 {
            match year {
                Some(y) => {
                    format!("表三的行与两版模板吻合程度相同，按报告年度 {y} 选用 {chosen} 年版")
                }
                None => format!("表三的行与两版模板吻合程度相同，又无报告年度，选用 {chosen} 年版"),
            }
        } else {
            format!(
                "表三的行与两版模板吻合程度相近（2021 年版 {s21} 分，2019 年版 {s19} 分），选用 {chosen} 年版，请核对"
            )
        });
    }

    // Where the labels left rows without a group of their own count (a PDF's text in its reading
    // order, labels apart from their numbers), the numbers taken in order, row by row, when their
    // count, the labels beside them and the sums prove it.
    let incomplete = notes.found
        && assign.iter().any(|a| {
            a.is_none_or(|gi| groups[gi].atomic_count() != ncols || groups[gi].has_digits())
        });
    // (The other template's rows when only they fit the count: its labels lost, the alignment
    // could not tell the templates apart.)
    let in_order = if incomplete {
        let read = |rows: &'static [RowDef], evidence: &[Evidence]| {
            let sums = ColumnSums::of(rows);
            let cols_broken = |vals: &[Option<Num>], row: Option<usize>| {
                sums.as_ref().map_or(Vec::new(), |s| {
                    s.broken(ncols, row, &|r, c| {
                        vals.get(r * ncols + c).copied().flatten()
                    })
                    .into_iter()
                    .map(|(_, c)| c)
                    .collect()
                })
            };
            read_in_order(&groups, evidence, rows.len(), ncols, cons, &cols_broken)
        };
        read(rows, &evidence).or_else(|| {
            let io = read(other.1, &other.2)?;
            (tpl, rows) = (other.0, other.1);
            notes.template_note = None;
            Some(io)
        })
    } else {
        None
    };
    let in_order_suspect = in_order
        .as_ref()
        .and_then(|io| Some((io.suspect?, io.swapped)));
    let placed_from: &[usize] = in_order.as_ref().map_or(&[], |io| &io.placed_from);
    let (groups, evidence) = match &in_order {
        Some(io) => {
            assign = (0..rows.len()).map(Some).collect();
            notes.in_order = Some(format!(
                "表三的行标签与数字分开排列，已按数字先后逐行读出：{} 个数字恰为 {} 年版 {} 行 × {ncols} 列，{} 行标签位置吻合，{}",
                rows.len() * ncols,
                if tpl == Template::Y2019 { 2019 } else { 2021 },
                rows.len(),
                io.anchored,
                format_args!(
                    "{}{}",
                    if io.zeroed { "占位符按 0 计，" } else { "" },
                    match (io.suspect.is_some(), io.swapped.is_some()) {
                        (false, _) => "勾稽关系均成立",
                        (true, false) => "不成立的勾稽关系只经过一行",
                        (true, true) => "不成立的勾稽关系交换一行中两个数字即全部成立",
                    }
                )
            ));
            // The blocks split by order before are this reading's rows now.
            unclear_blocks.clear();
            let by_order: Vec<&Group> = io.rows.iter().collect();
            let named = (0..rows.len())
                .map(|r| Evidence {
                    strong: Some(r),
                    ..Evidence::default()
                })
                .collect();
            (by_order, named)
        }
        None => (groups, evidence),
    };

    // Reading column index → template column index.
    let col_map: Vec<usize> = if ncols == 7 {
        (0..7).collect()
    } else {
        (0..7).filter(|&c| c != OTHER_ORG).collect()
    };
    let mut budget = TABLE_BUDGET;
    let mut rs: Vec<Vec<Reading>> = Vec::with_capacity(rows.len());
    let mut row_notes: Vec<RowNotes> = Vec::with_capacity(rows.len());
    // Readings of rows that fit no reading: kept aside from the column sums, shown as candidates.
    let mut no_fit_readings: Vec<Vec<Reading>> = vec![Vec::new(); rows.len()];
    // A reading's values in the template's columns (a table without 其他 has none there).
    let to_template = |vals: &[Option<Num>]| -> Vec<Option<Num>> {
        (0..APPLICANT_COLS.len())
            .map(|tc| {
                col_map
                    .iter()
                    .position(|&c| c == tc)
                    .and_then(|ci| vals[ci])
            })
            .collect()
    };
    for (ri, a) in assign.iter().enumerate() {
        match a {
            Some(gi) => {
                let (r, n) = row_readings(text, &groups[*gi].items, ncols, cons, &|_| false);
                if n.extra {
                    notes.extra.push((rows[ri].key, group_range(groups[*gi])));
                }
                notes.truncated |= n.truncated;
                if n.no_fit {
                    // Not even the row's own sum holds, however the numbers are placed.
                    notes.no_fit.push(NoFit {
                        row: rows[ri].key,
                        range: group_range(groups[*gi]),
                        rule: &registry::A003,
                        candidates: r
                            .iter()
                            .map(|x| (to_template(&x.vals), Vec::new()))
                            .collect(),
                    });
                    no_fit_readings[ri] = r;
                    rs.push(Vec::new());
                } else {
                    rs.push(r);
                }
                row_notes.push(n);
            }
            None => {
                rs.push(Vec::new());
                row_notes.push(RowNotes::default());
            }
        }
    }
    let settled = settle_columns(&mut rs, rows, ncols, &mut budget);
    for u in settled.no_fit {
        notes.no_fit.push(NoFit {
            row: rows[u.row].key,
            range: assign[u.row].map_or(0..0, |gi| group_range(groups[gi])),
            rule: u.rule,
            candidates: u
                .candidates
                .iter()
                .map(|(x, cols)| {
                    let keys = cols
                        .iter()
                        .map(|&c| APPLICANT_COLS[col_map[c]].key)
                        .collect();
                    (to_template(&x.vals), keys)
                })
                .collect(),
        });
    }
    for (ri, r) in no_fit_readings.into_iter().enumerate() {
        if !r.is_empty() {
            rs[ri] = r;
        }
    }

    // Rows whose reading is doubtful: their cells are not used (the sums over them are then not
    // assessable) and a reading finding says why, instead of blaming the report.
    let mut doubtful: Vec<usize> = Vec::new();
    let unassigned: Vec<usize> = (0..rows.len()).filter(|&r| assign[r].is_none()).collect();
    // A row's worth of numbers that no row took, lying between placed rows: where the rows around
    // it were placed by order, which of them the numbers belong to is not known.
    let surplus = surplus_groups(&assign, &groups, ncols);
    // Rows whose numbers come with a label naming them (the others were placed by order).
    let mut labelled = vec![false; rows.len()];
    for (ri, a) in assign.iter().enumerate() {
        let Some(gi) = *a else { continue };
        let g = groups[gi];
        let range = group_range(g);
        // The row its own label names, when that is another row than the one its place gave it
        // (rows out of order, a row dropped from a block): the numbers may be another row's.
        let ev = &evidence[gi];
        if ev.strong == Some(ri) || ev.weak.contains(ri) {
            labelled[ri] = true;
        }
        let named = match ev.strong {
            Some(x) => (x != ri && !ev.strong_any.contains(ri)).then_some(x),
            None => ev.weak_last.filter(|_| !ev.weak.contains(ri)),
        };
        let placed_by_order = ev.strong != Some(ri) && !ev.weak.contains(ri);
        let extra_row = placed_by_order
            .then(|| {
                surplus
                    .iter()
                    .find(|&&s| by_order_between(&assign, &evidence, s, gi))
            })
            .flatten();
        // Whether the doubt rests on broken sums (see `Doubt::sums`), and the columns whose
        // cells it names too.
        let mut sums = false;
        let mut columns = Vec::new();
        let why = if let Some((_, swapped)) = in_order_suspect.filter(|s| s.0 == ri) {
            sums = true;
            Some(format!(
                "本行数字“{}”按先后顺序对应各列，{}",
                item_texts(text, &g.items),
                match swapped {
                    Some((a, b)) => {
                        let (a, b) = (&APPLICANT_COLS[col_map[a]], &APPLICANT_COLS[col_map[b]]);
                        columns = vec![a.key, b.key];
                        format!(
                            "本行合计成立，而「{}」「{}」两列的勾稽关系不成立，交换本行这两格即全部成立：是数字错位，还是这两列某一行两格的笔误互相抵消，无法区分",
                            a.label, b.label
                        )
                    }
                    None => "合计只在本行不成立：是笔误，还是多出、缺少的数字（如页码、空白格）使本行错位，无法区分".to_string(),
                }
            ))
        } else if let Some(&s) = extra_row {
            Some(format!(
                "这一行数字旁没有本行的标签，是按位置对应的，而附近多出一行数字“{}”，无法确定多出的是哪一行、这些数字对应哪几行",
                item_texts(text, &groups[s].items)
            ))
        } else if placed_by_order && !unassigned.is_empty() {
            Some(format!(
                "这一行数字旁没有本行的标签，是按位置对应的，而表中缺了{}等行，无法确定缺的是哪一行、这些数字对应哪几行",
                first_two(rows, &unassigned)
            ))
        } else if let Some(x) = named {
            Some(format!(
                "这一行数字前的标签指向「{}」，却按位置对应到「{}」，行序与标签不符",
                template::short_label(rows[x].label),
                template::short_label(rows[ri].label)
            ))
        } else if let Some((_, k)) = unclear_blocks
            .iter()
            .find(|(b, _)| b.start <= range.start && range.end <= b.end)
        {
            sums = true;
            Some(format!(
                "一段逐行排列的 {k} 个数字，按行读与按列读都不能使各行合计成立，无法判断其排列方式"
            ))
        } else if let Some((prev, s)) =
            stacked_before(&assign, &surplus, ri, gi).filter(|_| ev.strong == Some(ri))
        {
            // Labels stacked before their numbers, run onto one line (newlines lost): the row
            // before has no numbers and a row's worth with no label follows this one's.
            Some(format!(
                "上一行「{}」没有数字，而本行数字之后紧跟着一行没有标签的数字“{}”：两行的标签可能叠在数字之前，无法确定哪行数字属于哪一行",
                template::short_label(rows[prev].label),
                item_texts(text, &groups[s].items)
            ))
        } else if row_notes[ri].overlong {
            Some(format!(
                "本行数字“{}”比一行长：开头的数字已能构成合计成立的一行，其余的可能是其他行的数字（换行丢失）",
                text.get(range.clone()).unwrap_or("").trim()
            ))
        } else if rs[ri].is_empty() && !row_notes[ri].no_fit {
            Some(format!(
                "本行数字“{}”{}",
                text.get(range.clone()).unwrap_or("").trim(),
                if row_notes[ri].truncated {
                    "的拆分方式太多，搜索达到上限"
                } else {
                    "无法逐一对应到各列"
                }
            ))
        } else if let Some(u) = wrapped.unsure_around(&range) {
            // One row's numbers over several lines that no joining adds up: a misprint and a
            // misreading alike, so its cells are named.
            sums = true;
            Some(unsure_split(text, u))
        } else if room(text, &g.items) + 1 < ncols {
            Some(format!(
                "本行只找到“{}”，不足规定的 {ncols} 列",
                text.get(range.clone()).unwrap_or("").trim()
            ))
        } else if row_notes[ri].overfull || g.items.len() > 2 * ncols {
            Some(format!(
                "本行有 {} 个数字，远多于规定的 {ncols} 列",
                g.items.len()
            ))
        } else if row_notes[ri].extra {
            // (Which numbers are the row's is what the sums chose, or could not.)
            sums = true;
            let used = |r: &std::ops::Range<usize>| {
                rs[ri]
                    .iter()
                    .any(|x| x.src.iter().any(|s| matches!(s, Src::Item(q) if q == r)))
            };
            let leftover: Vec<String> = g
                .items
                .iter()
                .filter_map(|it| match it.kind {
                    Kind::Num { value, .. } if value != Num::ZERO && !used(&it.range) => {
                        Some(value.to_string())
                    }
                    _ => None,
                })
                .collect();
            // A window that breaks the row's own sum: the numbers over (a page number, a stray
            // figure) may sit anywhere in the row, so which are its cells is not known.
            let none_holds = rs[ri]
                .iter()
                .all(|r| !super::split::consistent(&r.vals, cons));
            (!leftover.is_empty() || rs[ri].len() != 1 || none_holds).then(|| {
                format!(
                    "本行有 {} 个数字，多于规定的 {ncols} 列，{}",
                    g.items.len(),
                    if none_holds {
                        "无论去掉哪些数字，本行合计都不成立，无法确定哪些数字属于本表各列"
                            .to_string()
                    } else if leftover.is_empty() {
                        "无法确定哪些数字属于本表各列".to_string()
                    } else {
                        format!(
                            "多出的数字（{}）不为 0，无法确定哪些数字属于本表各列",
                            leftover.join("、")
                        )
                    }
                )
            })
        } else {
            None
        };
        if let Some(why) = why {
            notes.doubts.push(Doubt {
                row: rows[ri].key,
                range: Some(range),
                why,
                sums,
                columns,
            });
            doubtful.push(ri);
        }
    }
    // A row whose numbers fit no reading, a number a line, in a table that lost rows: numbers may
    // have crossed between it and the rows around it (a PDF's text out of order, a page number
    // or a dropped blank among them), so the broken sum is not known to be the report's.
    if !unassigned.is_empty() {
        let mut kept = Vec::with_capacity(notes.no_fit.len());
        for f in std::mem::take(&mut notes.no_fit) {
            let crossed = rows
                .iter()
                .position(|r| r.key == f.row)
                .filter(|ri| !doubtful.contains(ri))
                .and_then(|ri| Some((ri, assign[ri]?)))
                .filter(|&(_, gi)| groups[gi].one_per_line);
            match crossed {
                Some((ri, gi)) => {
                    notes.doubts.push(Doubt {
                        row: f.row,
                        range: Some(f.range.clone()),
                        why: format!(
                            "本行数字“{}”无论如何对应到各列，勾稽关系都不成立，而数字逐行排列、表中缺了{}等行，数字可能在行与行之间错位，无法确定本行各数字",
                            item_texts(text, &groups[gi].items),
                            first_two(rows, &unassigned)
                        ),
                        sums: true,
                        columns: Vec::new(),
                    });
                    doubtful.push(ri);
                }
                None => kept.push(f),
            }
        }
        notes.no_fit = kept;
    }
    // Most rows doubtful: the table as a whole was not read (one finding, every cell unknown).
    let assigned = assign.iter().filter(|a| a.is_some()).count();
    if notes.found && doubtful.len() * 2 > assigned {
        let n = doubtful.len();
        notes.doubt_whole(
            used_range(&assign, &groups),
            format!("{assigned} 行数字中有 {n} 行与规定的列对不上"),
        );
        doubtful = (0..rows.len()).collect();
    }

    let mut table = Table { rows: Vec::new() };
    for (ri, row) in rows.iter().enumerate() {
        let group = assign[ri].map(|gi| groups[gi]);
        let refs: Vec<&Reading> = rs[ri].iter().collect();
        let mut cells = Vec::with_capacity(7);
        for (tc, col) in APPLICANT_COLS.iter().enumerate() {
            let reading_col = col_map.iter().position(|&c| c == tc);
            let mut cell = match (group, reading_col) {
                (Some(g), Some(ci)) => cell_from(text, idx, &refs, ci, Some(g)),
                _ => Cell::missing(),
            };
            if doubtful.contains(&ri) {
                set_doubtful(&mut cell);
            }
            let by_order =
                reading_col.is_some_and(|ci| placed_from.get(ri).is_some_and(|&p| ci >= p));
            if by_order && cell.status == Status::Read {
                cell.status = Status::Inferred;
                cell.from = Some("相邻几行的标签都不在数字旁，按印出的先后对应".into());
            }
            if settled.least_broken.contains(&ri) && cell.status == Status::Read {
                cell.status = Status::Inferred;
                cell.from = Some(
                    "本行数字与列的对应不唯一，且无论如何对应勾稽关系都不全成立；取使不成立处最少的对应"
                        .into(),
                );
            }
            cells.push((col.key, cell));
        }
        if let (Some(g), Some(gi)) = (group, assign[ri]) {
            notes.rows.push((row.key, group_range(g)));
            if let Some(a) = &g.attached {
                // The row its label names most plainly is its evidence's strong row.
                if evidence.get(gi).is_some_and(|e| e.strong == Some(ri))
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
    // A broken sum through a row with numbers no row took right above or below its own, no
    // other label between: the wrapped end of one of its cells (693 / 4 for 6934) is likelier
    // than a slip in the report. (Where every cell is known and every sum through the row holds,
    // such numbers are left as strays.)
    if notes.found {
        let broken = broken_sums(&table, rows, ncols == 7);
        let all_known = table.rows.iter().all(|r| {
            r.cells
                .iter()
                .all(|(_, c)| c.known().is_some() || c.status == Status::Blank)
        });
        // Whether group `g` is short or long of the columns, and no row took it or its row was
        // doubtful before this pass (the first `before_pass` of `doubtful`).
        let before_pass = doubtful.len();
        let miscounted = |g: usize, doubtful: &[usize]| {
            let n = groups.get(g).map_or(0, |x| x.atomic_count());
            n > 0
                && n != ncols
                && assign
                    .iter()
                    .position(|a| *a == Some(g))
                    .is_none_or(|r| doubtful[..before_pass].contains(&r))
        };
        for ri in 0..rows.len() {
            let Some(gi) = assign[ri] else { continue };
            let in_broken = broken.iter().flatten().any(|&(r, _)| r == ri);
            let confirmed = all_known && !in_broken;
            let range = group_range(groups[gi]);
            let split = wrapped.unsure_around(&range);
            if let (Some(u), false) = (split, doubtful.contains(&ri)) {
                // Its numbers and the lines after it are one row's that no joining adds up: a
                // misprint, or a wrapped number read wrong; not confirmed by sums read around it.
                notes.doubts.push(Doubt {
                    row: rows[ri].key,
                    range: Some(u.clone()),
                    why: unsure_split(text, u),
                    sums: true,
                    columns: Vec::new(),
                });
                doubtful.push(ri);
                if let Some(row) = table.rows.get_mut(ri) {
                    row.cells.iter_mut().for_each(|(_, c)| set_doubtful(c));
                }
                continue;
            }
            if doubtful.contains(&ri) || confirmed {
                continue;
            }
            // Numbers one a line, the row next to this one short or long of the columns: the
            // numbers may have crossed between the two rows (a PDF's text out of order), so a
            // sum broken through this row is not the report's.
            // (Only in a table that lost rows: numbers out of their rows leave rows without
            // any; a table with every row found is read as printed, its broken sum the report's.)
            let crossed = [gi.wrapping_sub(1), gi + 1].into_iter().find(|&g| {
                in_broken
                    && groups[gi].one_per_line
                    && !notes.missing_rows.is_empty()
                    && miscounted(g, &doubtful)
            });
            let (why, sums) = if in_broken && wrapped.joined.contains(&group_range(groups[gi])) {
                // Joined from wrapped pieces and a sum through it broken: the joining is doubtful
                // before the report is.
                (
                    format!(
                        "本行数字“{}”由上下几行的数字拼合而成（单元格内折行），而经过本行的勾稽关系不成立，无法确定本行各数字",
                        item_texts(text, &groups[gi].items)
                    ),
                    true,
                )
            } else if let Some(f) = fragment_beside(
                text,
                gi,
                &assign,
                &groups,
                &evidence,
                (ri, ncols, in_broken),
            ) {
                (
                    format!(
                        "本行数字上下紧挨着另有数字“{}”，可能是单元格内折行的数字，无法确定本行各数字",
                        item_texts(text, &groups[f].items)
                    ),
                    in_broken,
                )
            } else if let Some(g) = crossed {
                (
                    format!(
                        "本行合计不成立，而紧挨着的数字“{}”与规定的 {ncols} 列对不上，数字可能在行与行之间错位，无法确定本行各数字",
                        item_texts(text, &groups[g].items)
                    ),
                    true,
                )
            } else {
                continue;
            };
            notes.doubts.push(Doubt {
                row: rows[ri].key,
                range: Some(group_range(groups[gi])),
                why,
                sums,
                columns: Vec::new(),
            });
            doubtful.push(ri);
            if let Some(row) = table.rows.get_mut(ri) {
                row.cells.iter_mut().for_each(|(_, c)| set_doubtful(c));
            }
        }
    }
    if notes.found {
        let absent: &[&str] = if ncols == 7 { &[] } else { &["other_org"] };
        let frozen: Vec<&str> = notes
            .no_fit
            .iter()
            .map(|f| f.row)
            .chain(notes.doubts.iter().map(|d| d.row))
            .collect();
        infer_missing(&mut table, rows, &notes.missing_rows, absent, &frozen);
    }
    // Broken sums that no single figure explains, over rows placed by order rather than by their
    // labels: a misreading is likelier than several slips in the report (a slip breaks the sums
    // through one cell). The table is doubtful, not the report blamed.
    if notes.found && doubtful.len() < rows.len() {
        let broken = broken_sums(&table, rows, ncols == 7);
        let one_cell = broken.first().is_some_and(|first| {
            first
                .iter()
                .any(|cell| broken.iter().all(|sum| sum.contains(cell)))
        });
        let unlabelled: Vec<usize> = broken
            .iter()
            .flatten()
            .map(|&(r, _)| r)
            .filter(|&r| assign[r].is_some() && !labelled[r])
            .collect();
        if broken.len() >= 2 && !one_cell && !unlabelled.is_empty() {
            let mut names: Vec<usize> = unlabelled.clone();
            names.sort_unstable();
            names.dedup();
            notes.doubts.push(Doubt {
                row: "",
                range: used_range(&assign, &groups),
                why: format!(
                    "有 {} 项合计不成立，不是某一个数字的差错所能解释的，而{}等 {} 行的数字旁没有本行的标签、是按位置对应的，更可能是读错了行",
                    broken.len(),
                    first_two(rows, &names),
                    names.len()
                ),
                sums: false,
                columns: Vec::new(),
            });
            doubtful = (0..rows.len()).collect();
        }
    }
    // Most of the table's rows without numbers, and the numbers that were found not fitting (left
    // over, or a sum through them broken): the numbers came out of order (a PDF's text taken
    // column by column, blank cells dropped), so no row's numbers can be trusted to be its own.
    // (Only where some rows' numbers came one a line, apart from their labels: rows whose numbers
    // stand on their label's line keep them, whatever else the table lacks.)
    let one_a_line = assign.iter().flatten().any(|&gi| groups[gi].one_per_line);
    if notes.found
        && one_a_line
        && doubtful.len() < rows.len()
        && notes.missing_rows.len() * 5 >= rows.len() * 2
    {
        let broken = broken_sums(&table, rows, ncols == 7).len();
        let stray = notes.stray.len();
        if broken > 0 || stray > 0 || !doubtful.is_empty() {
            let mut what = Vec::new();
            if stray > 0 {
                what.push(format!("{stray} 处数字未能对应到任何一行"));
            }
            if broken > 0 {
                what.push(format!("{broken} 项合计不成立"));
            }
            if !doubtful.is_empty() {
                what.push(format!("{} 行数字与规定的列对不上", doubtful.len()));
            }
            let why = format!(
                "{} 行中有 {} 行没有找到数字，而{}，数字很可能未按行的次序排列（如 PDF 文字按列导出、空白单元格被略去）",
                rows.len(),
                notes.missing_rows.len(),
                what.join("、")
            );
            notes.doubt_whole(used_range(&assign, &groups), why);
            doubtful = (0..rows.len()).collect();
        }
    }
    for &ri in &doubtful {
        if let Some(row) = table.rows.get_mut(ri) {
            row.cells.iter_mut().for_each(|(_, c)| set_doubtful(c));
        }
    }
    if !notes.found {
        // Fewer than three rows: no table 三 here, and nothing read from it.
        for row in &mut table.rows {
            row.cells.iter_mut().for_each(|(_, c)| *c = Cell::missing());
        }
        let missing_rows = rows.iter().map(|r| r.key).collect();
        notes = TableNotes {
            missing_rows,
            ..TableNotes::default()
        };
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
    frozen: &[&str],
) {
    let results: Vec<&'static str> = template::result_rows(rows).iter().map(|r| r.key).collect();
    // Where each key's row is (the first of that key, as a look-up by key finds it): rows are
    // neither added nor removed below, so a cell is found by its row's position and its column.
    let position = |t: &Table, k: &str| t.rows.iter().position(|r| r.key == k);
    fn cell<'t>(t: &'t Table, ri: Option<usize>, c: &str) -> Option<&'t Cell> {
        ri.and_then(|i| t.rows.get(i)).and_then(|r| r.cell(c))
    }
    let at = |t: &Table, ri: Option<usize>, c: &str| -> Option<Num> {
        cell(t, ri, c).and_then(Cell::known)
    };
    let total_row = position(table, "total");
    let result_rows: Vec<(&'static str, Option<usize>)> =
        results.iter().map(|&r| (r, position(table, r))).collect();
    let template_rows: Vec<(&'static str, Option<usize>)> = rows
        .iter()
        .map(|r| (r.key, position(table, r.key)))
        .collect();
    let missing_rows: Vec<(&'static str, Option<usize>)> =
        missing.iter().map(|&r| (r, position(table, r))).collect();
    // Rows that fit no reading, or whose reading is doubtful, are never filled in.
    let open = |t: &Table, (r, ri): (&str, Option<usize>), c: &str| {
        !absent.contains(&c)
            && !frozen.contains(&r)
            && cell(t, ri, c).is_some_and(|x| {
                x.status == Status::Missing || (x.status == Status::Ambiguous && x.value.is_none())
            })
    };
    let set = |t: &mut Table, ri: Option<usize>, c: &str, v: Num, from: &str| {
        let found = ri
            .and_then(|i| t.rows.get_mut(i))
            .and_then(|r| r.cells.iter_mut().find(|(k, _)| *k == c));
        if let Some((_, cell)) = found {
            cell.value = Some(v);
            cell.status = Status::Inferred;
            cell.candidates.clear();
            cell.from = Some(from.to_string());
        }
    };
    for _round in 0..3 {
        for col in APPLICANT_COLS.iter().map(|c| c.key) {
            let total = at(table, total_row, col);
            let unknown: Vec<(&'static str, Option<usize>)> = result_rows
                .iter()
                .filter(|&&(_, ri)| at(table, ri, col).is_none())
                .copied()
                .collect();
            if total == Some(Num::ZERO) {
                let fill: Vec<(&'static str, Option<usize>)> = unknown
                    .iter()
                    .copied()
                    .filter(|&r| open(table, r, col))
                    .collect();
                for (_, ri) in fill {
                    set(
                        table,
                        ri,
                        col,
                        Num::ZERO,
                        "（七）总计该列为 0，而件数不能为负，故此格为 0",
                    );
                }
            } else if let (Some(t), [only]) = (total, unknown.as_slice()) {
                if missing.contains(&only.0) && open(table, *only, col) {
                    let known = Num::sum(
                        result_rows
                            .iter()
                            .filter(|(r, _)| *r != only.0)
                            .filter_map(|&(_, ri)| at(table, ri, col)),
                    );
                    if let Some(v) = known.and_then(|k| t.checked_sub(k)) {
                        if !v.is_negative() {
                            set(table, only.1, col, v, "（七）总计减去该列其余各项之和");
                        }
                    }
                }
            }
        }
        for &r in &template_rows {
            if at(table, r.1, "total") == Some(Num::ZERO) {
                for c in APPLICANT_COLS[..6].iter().map(|c| c.key) {
                    if open(table, r, c) {
                        set(
                            table,
                            r.1,
                            c,
                            Num::ZERO,
                            "本行总计为 0，而件数不能为负，故此格为 0",
                        );
                    }
                }
            }
        }
        for &r in &missing_rows {
            let parts: Option<Vec<Num>> = APPLICANT_COLS[..6]
                .iter()
                .map(|c| at(table, r.1, c.key))
                .collect();
            if let Some(p) = parts {
                if open(table, r, "total") {
                    if let Some(s) = Num::sum(p) {
                        set(table, r.1, "total", s, "本行六类申请人之和");
                    }
                }
            }
        }
    }
}

/// How a block of numbers printed one a line holds its rows.
#[derive(Debug, PartialEq, Eq)]
enum BlockOrder {
    Rows,
    Columns,
    Unclear,
}

/// Tells whether a block of `rows × ncols` numbers was printed row by row or column by column: the
/// order under which every row's own sum holds (or all but one, a report's slip) while the other
/// order breaks more. When both orders give the same values, or the sums cannot tell, row by row is
/// kept only if it is the better fit; otherwise the block is unclear.
fn block_order(items: &[super::tokens::Item], ncols: usize, cons: &[Constraint]) -> BlockOrder {
    use super::split::consistent;
    let value = |i: usize| items[i].kind.value();
    let n = items.len() / ncols;
    let fits = |at: &dyn Fn(usize, usize) -> usize| -> (usize, Vec<Vec<Option<Num>>>) {
        let rows: Vec<Vec<Option<Num>>> = (0..n)
            .map(|r| (0..ncols).map(|c| value(at(r, c))).collect())
            .collect();
        (rows.iter().filter(|v| consistent(v, cons)).count(), rows)
    };
    let (by_rows, rv) = fits(&|r, c| r * ncols + c);
    let (by_cols, cv) = fits(&|r, c| c * n + r);
    if rv == cv || by_rows > by_cols && by_rows + 1 >= n {
        BlockOrder::Rows
    } else if by_cols > by_rows && by_cols + 1 >= n {
        BlockOrder::Columns
    } else {
        BlockOrder::Unclear
    }
}

/// The first two of `which` rows by their short labels, each in 「」 (for a message's "…等行").
fn first_two(rows: &[RowDef], which: &[usize]) -> String {
    which
        .iter()
        .take(2)
        .map(|&r| format!("「{}」", template::short_label(rows[r].label)))
        .collect()
}

/// Why a row whose numbers run over several lines, which no joining of wrapped pieces adds up,
/// is doubted (`u`: the lines' numbers).
fn unsure_split(text: &str, u: &std::ops::Range<usize>) -> String {
    format!(
        "本行数字“{}”分在几行，连起来才够一行，而无论如何拼合（单元格内折行），本行合计都不成立，无法确定本行各数字",
        text.get(u.clone())
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// A group that no row took, just before or after row `ri`'s group `gi` with no label line
/// between, holding fewer numbers than a row and not all zero, whose own label names no row or
/// this one: a fragment of this row's numbers.
fn fragment_beside(
    text: &str,
    gi: usize,
    assign: &[Option<usize>],
    groups: &[&Group],
    evidence: &[Evidence],
    (ri, ncols, wrapped_label): (usize, usize, bool),
) -> Option<usize> {
    let free = |f: usize| {
        let g = groups[f];
        let n = g.atomic_count();
        !assign.contains(&Some(f))
            && n > 0
            && n + 1 < ncols
            && g.items.iter().any(|i| match i.kind {
                Kind::Num { value, .. } => value != Num::ZERO,
                Kind::Digits => true,
                _ => false,
            })
            && evidence[f].strong.is_none_or(|r| r == ri)
    };
    // Nothing between the two but the later group's own label.
    let touching = |later: usize| {
        let g = groups[later];
        g.preceding.len() <= usize::from(g.attached.is_some())
    };
    // For a row in a broken sum (`wrapped_label`): label lines between that name no row but this
    // one (its label wrapped around the numbers: 70 / （二）部分公开… / 24 0 0 0 0 12 25) …
    let own_label = |later: usize| {
        let (g, e) = (groups[later], &evidence[later]);
        wrapped_label
            && g.preceding.len() <= 3
            && e.strong.is_none_or(|r| r == ri)
            && (e.weak.len() == 0 || (e.weak.len() == 1 && e.weak.contains(ri)))
    };
    // … unless the fragment hugs another row's numbers on its other side (nothing between, not
    // even a blank line): then it is that row's (12300 0 0 0 0 0 / 1230 / 0 / 二、上年结转…).
    let hugs_other = |f: usize, o: usize| {
        let (a, b) = (f.min(o), f.max(o));
        o < groups.len()
            && assign.contains(&Some(o))
            && touching(b)
            && text
                .get(groups[a].end()..groups[b].items.first().map_or(0, |i| i.range.start))
                .is_some_and(|gap| gap.matches('\n').count() < 2)
    };
    let before = gi.checked_sub(1).filter(|&f| {
        free(f)
            && groups[gi].attached.is_none()
            && (touching(gi)
                || (own_label(gi) && !f.checked_sub(1).is_some_and(|o| hugs_other(f, o))))
    });
    let after = Some(gi + 1).filter(|&f| {
        f < groups.len() && free(f) && (touching(f) || (own_label(f) && !hugs_other(f, f + 1)))
    });
    before.or(after)
}

/// Groups that no row took, with at least a row's count of numbers (one fewer for a blank total),
/// lying between the first and the last placed group.
fn surplus_groups(assign: &[Option<usize>], groups: &[&Group], ncols: usize) -> Vec<usize> {
    let placed: Vec<usize> = assign.iter().flatten().copied().collect();
    let (Some(&first), Some(&last)) = (placed.first(), placed.last()) else {
        return Vec::new();
    };
    (first + 1..last)
        .filter(|gi| !placed.contains(gi) && groups[*gi].atomic_count() + 1 >= ncols)
        .collect()
}

/// For row `ri` read from group `gi`: the row before it, when that has no numbers and the group
/// right after `gi` is a row's worth that no row took (`surplus`), with that group.
fn stacked_before(
    assign: &[Option<usize>],
    surplus: &[usize],
    ri: usize,
    gi: usize,
) -> Option<(usize, usize)> {
    let prev = ri.checked_sub(1).filter(|&p| assign[p].is_none())?;
    surplus.contains(&(gi + 1)).then_some((prev, gi + 1))
}

/// Whether the placed groups between groups `a` and `b` (exclusive) were all placed by order
/// (none named by its own label), so that a group left over at one could shift the other.
fn by_order_between(assign: &[Option<usize>], evidence: &[Evidence], a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    assign.iter().enumerate().all(|(ri, g)| match *g {
        Some(gi) if lo < gi && gi < hi => {
            let ev = &evidence[gi];
            ev.strong != Some(ri) && !ev.weak.contains(ri)
        }
        _ => true,
    })
}

/// The source range from the first to the last number of the rows read.
fn used_range(assign: &[Option<usize>], groups: &[&Group]) -> Option<std::ops::Range<usize>> {
    let ranges: Vec<std::ops::Range<usize>> = assign
        .iter()
        .flatten()
        .map(|&gi| group_range(groups[gi]))
        .collect();
    Some(ranges.iter().map(|r| r.start).min()?..ranges.iter().map(|r| r.end).max()?)
}

/// The sums of table 三 its known cells break, each as the (row, template column) cells it ties:
/// each row's 总计 (when the table has every column), each column's A001 and A002.
fn broken_sums(table: &Table, rows: &'static [RowDef], row_sums: bool) -> Vec<Vec<(usize, usize)>> {
    let get = |r: usize, c: usize| {
        table
            .rows
            .get(r)
            .and_then(|row| row.cells.get(c))
            .and_then(|(_, x)| x.known())
    };
    let mut out = Vec::new();
    if row_sums {
        for r in 0..rows.len() {
            // The parts' sum when every part is known (`Some(None)` when it overflows).
            let parts = (0..6).try_fold(Some(Num::ZERO), |acc, c| {
                get(r, c).map(|v| acc.and_then(|a| a.checked_add(v)))
            });
            if let (Some(Some(p)), Some(t)) = (parts, get(r, 6)) {
                if p != t {
                    out.push((0..7).map(|c| (r, c)).collect());
                }
            }
        }
    }
    if let Some(sums) = ColumnSums::of(rows) {
        let ncols = APPLICANT_COLS.len();
        for (code, c) in sums.broken(ncols, None, &get) {
            let cells: Vec<(usize, usize)> = if code == "A001" {
                [sums.new, sums.carried, sums.total, sums.forward]
                    .iter()
                    .map(|&r| (r, c))
                    .collect()
            } else {
                sums.results
                    .iter()
                    .chain([&sums.total])
                    .map(|&r| (r, c))
                    .collect()
            };
            out.push(cells);
        }
    }
    out
}
