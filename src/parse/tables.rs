//! Reading the three tables from row groups: label matching, the order-preserving alignment of groups to template rows, the column arithmetic that settles ambiguous readings, and cell statuses.

use super::split::{readings, Constraint, Reading, RowNotes, Src};
use super::text::{norm_label, LineIndex};
use super::tokens::{Group, Item, Kind};
use crate::model::*;
use crate::template::{self, RowDef, APPLICANT_COLS, OTHER_ORG};
use std::ops::Range;

/// The search budget (nodes) for one row's readings, and for settling one table's ambiguous rows
/// against its column sums; bounds the work on any input.
const ROW_BUDGET: usize = 100_000;
const TABLE_BUDGET: usize = 200_000;

/// A row's readings, within its own budget. A search cut short may have missed readings, so its
/// readings are dropped: the row's cells are then ambiguous rather than wrongly certain.
fn row_readings(
    text: &str,
    items: &[Item],
    ncols: usize,
    cons: &[Constraint],
    signed: &dyn Fn(usize) -> bool,
) -> (Vec<Reading>, RowNotes) {
    let mut budget = ROW_BUDGET;
    let (rs, n) = readings(text, items, ncols, cons, signed, &mut budget);
    if n.truncated {
        (Vec::new(), n)
    } else {
        (rs, n)
    }
}

/// A row match inside a label: which row and where the keyword ends in the normalised label.
#[derive(Debug, Clone, Copy)]
struct Hit {
    row: usize,
    pos: usize,
    strength: usize,
}

/// Finds row keywords in labels: keywords indexed by their first char, so a label is scanned once
/// whatever the number of rows.
struct Matcher {
    /// (first char, row, rank, keyword), sorted by first char.
    keys: Vec<(char, usize, usize, &'static str)>,
    rows: usize,
}

impl Matcher {
    fn new(rows: &[RowDef]) -> Matcher {
        let mut keys: Vec<(char, usize, usize, &'static str)> = rows
            .iter()
            .enumerate()
            .flat_map(|(ri, r)| {
                r.keywords
                    .iter()
                    .enumerate()
                    .filter_map(move |(rank, kw)| kw.chars().next().map(|c| (c, ri, rank, *kw)))
            })
            .collect();
        keys.sort_by_key(|k| k.0);
        Matcher {
            keys,
            rows: rows.len(),
        }
    }

    /// For each row, its keyword occurrence nearest the end of `label`.
    fn hits(&self, label: &str) -> Vec<Hit> {
        let mut best: Vec<Option<Hit>> = vec![None; self.rows];
        for (b, c) in label.char_indices() {
            let from = self.keys.partition_point(|k| k.0 < c);
            for &(kc, row, rank, kw) in &self.keys[from..] {
                if kc != c {
                    break;
                }
                if label[b..].starts_with(kw) {
                    let h = Hit {
                        row,
                        pos: b + kw.len(),
                        strength: kw.chars().count() * 2 - rank.min(1),
                    };
                    if best[row].is_none_or(|o| (h.pos, h.strength) > (o.pos, o.strength)) {
                        best[row] = Some(h);
                    }
                }
            }
        }
        best.into_iter().flatten().collect()
    }

    /// The row a label names most plainly: the keyword nearest its end (the label text closest
    /// to the numbers), longer keywords first on ties.
    fn best(&self, label: &str) -> Option<usize> {
        self.hits(label)
            .into_iter()
            .max_by_key(|h| (h.pos, h.strength))
            .map(|h| h.row)
    }
}

/// Label evidence for one group, precomputed.
struct Evidence {
    strong: Option<usize>,
    strong_any: Vec<usize>,
    weak_last: Option<usize>,
    weak: Vec<usize>,
}

/// A group's labels, normalised once: (attached label, preceding label lines joined).
struct Labels {
    attached: Option<String>,
    joined: String,
}

fn labels(text: &str, g: &Group) -> Labels {
    let slice = |r: &Range<usize>| text.get(r.clone()).unwrap_or("");
    Labels {
        attached: g.attached.as_ref().map(|a| norm_label(slice(a))),
        joined: g.preceding.iter().map(|r| norm_label(slice(r))).collect(),
    }
}

fn evidence(l: &Labels, m: &Matcher) -> Evidence {
    let (strong, strong_any) = match &l.attached {
        Some(a) => {
            let hs = m.hits(a);
            let best = hs.iter().max_by_key(|h| (h.pos, h.strength)).map(|h| h.row);
            (best, hs.iter().map(|h| h.row).collect())
        }
        None => (None, Vec::new()),
    };
    let weak_hits = m.hits(&l.joined);
    Evidence {
        strong,
        strong_any,
        weak_last: weak_hits
            .iter()
            .max_by_key(|h| (h.pos, h.strength))
            .map(|h| h.row),
        weak: weak_hits.iter().map(|h| h.row).collect(),
    }
}

/// The groups of a region whose label is not prose (their numbers may be table cells).
fn table_groups<'a>(text: &str, groups: &[&'a Group]) -> Vec<&'a Group> {
    groups
        .iter()
        .copied()
        .filter(|g| {
            g.attached
                .as_ref()
                .is_none_or(|a| !prose_like(text.get(a.clone()).unwrap_or("")))
        })
        .collect()
}

/// Whether a label reads as prose rather than a table label (numbers after it are prose figures).
pub fn prose_like(label: &str) -> bool {
    let mut depth = 0i32;
    let mut outside = String::new();
    for c in label.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = (depth - 1).max(0),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside.contains(['。', '，', ',', '；'])
}

const NEG: i32 = -1_000_000;

/// Aligns groups to rows in order, maximising label agreement and count fit.
/// Returns the score and, for each row, the index of its group.
fn align(
    groups: &[&Group],
    labels: &[Labels],
    rows: &[RowDef],
    ncols: usize,
) -> (i32, Vec<Option<usize>>) {
    let n = rows.len();
    let m = groups.len();
    let matcher = Matcher::new(rows);
    let ev: Vec<Evidence> = labels.iter().map(|l| evidence(l, &matcher)).collect();
    // Per group: (atomic items, has a digit run), computed once for the n×m table below.
    let counts: Vec<(usize, bool)> = groups
        .iter()
        .map(|g| (g.atomic_count(), g.has_digits()))
        .collect();
    let fit = |i: usize, j: usize| -> i32 {
        let e = &ev[j];
        let (k, digits) = counts[j];
        let mut s = 10;
        if digits {
            s += 3;
        } else if k == ncols {
            s += 5;
        } else if k + 1 == ncols {
            s += 2;
        } else if k > ncols {
            s += 0;
        } else if k + 2 >= ncols && ncols > 3 {
            s -= 6;
        } else {
            return NEG;
        }
        if e.strong == Some(i) {
            s += 20;
        } else if e.strong.is_some() {
            s -= if e.strong_any.contains(&i) { 5 } else { 25 };
        }
        if e.weak_last == Some(i) {
            s += 4;
        } else if e.weak.contains(&i) {
            s += 2;
        }
        s
    };
    let skip_group = |j: usize| -> i32 {
        let (k, digits) = counts[j];
        if digits || k + 1 >= ncols {
            -2
        } else {
            0
        }
    };
    let w = m + 1;
    let mut dp = vec![NEG; (n + 1) * w];
    // 0 = from diagonal (assign), 1 = skip group, 2 = skip row
    let mut back = vec![0u8; (n + 1) * w];
    dp[0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            let cur = dp[i * w + j];
            if cur == NEG {
                continue;
            }
            if i < n && j < m {
                let f = fit(i, j);
                if f > NEG {
                    let v = cur + f;
                    let idx = (i + 1) * w + j + 1;
                    if v > dp[idx] {
                        dp[idx] = v;
                        back[idx] = 0;
                    }
                }
            }
            if j < m {
                let v = cur + skip_group(j);
                let idx = i * w + j + 1;
                if v > dp[idx] {
                    dp[idx] = v;
                    back[idx] = 1;
                }
            }
            if i < n {
                let v = cur - 3;
                let idx = (i + 1) * w + j;
                if v > dp[idx] {
                    dp[idx] = v;
                    back[idx] = 2;
                }
            }
        }
    }
    let mut assign = vec![None; n];
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let b = back[i * w + j];
        if i > 0 && j > 0 && b == 0 {
            assign[i - 1] = Some(j - 1);
            i -= 1;
            j -= 1;
        } else if j > 0 && (b == 1 || i == 0) {
            j -= 1;
        } else {
            i -= 1;
        }
    }
    (dp[n * w + m], assign)
}

/// What reading a table produced besides its cells, for the diagnostics.
#[derive(Debug, Default)]
pub struct TableNotes {
    /// Rows whose readings had extra numbers (row key, span).
    pub extra: Vec<(&'static str, Range<usize>)>,
    /// Rows with no group at all.
    pub missing_rows: Vec<&'static str>,
    /// Unassigned numeric groups inside the table (byte ranges).
    pub stray: Vec<Range<usize>>,
    /// The source range of each row that was read (row key, byte range of its numbers).
    pub rows: Vec<(&'static str, Range<usize>)>,
    /// Labels that deviate from the official wording: (row key, found label range).
    pub deviations: Vec<(&'static str, Range<usize>)>,
    /// Whether the table was found at all.
    pub found: bool,
    /// The search hit its budget somewhere.
    pub truncated: bool,
}

fn group_range(g: &Group) -> Range<usize> {
    let s = g.items.first().map_or(0, |i| i.range.start);
    s..g.end()
}

/// Builds a cell from the surviving readings of its row (column `ci`).
fn cell_from(
    text: &str,
    idx: &LineIndex,
    rs: &[&Reading],
    ci: usize,
    group: Option<&Group>,
) -> Cell {
    let mut cell = Cell::missing();
    if rs.is_empty() {
        if let Some(g) = group {
            let r = group_range(g);
            cell.status = Status::Ambiguous;
            cell.text = text.get(r.clone()).map(str::to_string);
            cell.span = Some(idx.span(r.start, r.end));
        }
        return cell;
    }
    let vals: Vec<Option<Num>> = rs.iter().map(|r| r.vals[ci]).collect();
    let srcs: Vec<&Src> = rs.iter().map(|r| &r.src[ci]).collect();
    let range_of = |s: &Src| match s {
        Src::Item(r) | Src::Part(r) | Src::Blank(r) => Some(r.clone()),
        _ => None,
    };
    let set_text = |cell: &mut Cell, r: Range<usize>| {
        cell.text = text.get(r.clone()).map(str::to_string);
        cell.span = Some(idx.span(r.start, r.end));
    };
    let first = vals[0];
    if vals.iter().all(|v| *v == first) {
        match first {
            Some(v) => {
                cell.value = Some(v);
                let same_src = srcs.iter().all(|s| *s == srcs[0]);
                match (same_src, srcs[0]) {
                    (true, Src::Item(r) | Src::Part(r)) => {
                        cell.status = Status::Read;
                        set_text(&mut cell, r.clone());
                    }
                    (true, Src::Inferred) => {
                        cell.status = Status::Inferred;
                        cell.from = Some("本行未印出此格，由本行其余单元格按合计关系推得".into());
                    }
                    _ => {
                        cell.status = Status::Inferred;
                        cell.from =
                            Some("本行数字与列的对应不唯一，但各种对应下此格取值相同".into());
                        if let Some(r) = srcs.iter().find_map(|s| range_of(s)) {
                            set_text(&mut cell, r);
                        }
                    }
                }
            }
            None => {
                if let Some(r) = srcs.iter().find_map(|s| match s {
                    Src::Blank(r) => Some(r.clone()),
                    _ => None,
                }) {
                    if srcs.iter().all(|s| matches!(s, Src::Blank(_))) {
                        cell.status = Status::Blank;
                        set_text(&mut cell, r);
                    } else {
                        cell.status = Status::Ambiguous;
                        set_text(&mut cell, r);
                    }
                }
            }
        }
        return cell;
    }
    cell.status = Status::Ambiguous;
    let mut cands: Vec<Num> = vals.iter().flatten().copied().collect();
    cands.sort_by_key(|n| (n.as_f64() * 1e6) as i128);
    cands.dedup();
    cell.candidates = cands;
    let ranges: Vec<Range<usize>> = srcs.iter().filter_map(|s| range_of(s)).collect();
    if let (Some(s), Some(e)) = (
        ranges.iter().map(|r| r.start).min(),
        ranges.iter().map(|r| r.end).max(),
    ) {
        set_text(&mut cell, s..e);
    } else if let Some(g) = group {
        set_text(&mut cell, group_range(g));
    }
    cell
}

/// Keeps, for each row, only the readings that appear in some assignment satisfying every column
/// constraint. `cols` lists (new, carried, total, forward, results) row indices.
fn filter_columns(rs: &mut [Vec<Reading>], rows: &[RowDef], ncols: usize, budget: &mut usize) {
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

/// Checks a label against the official one: a deviation is a label that is neither the official
/// label nor a part of it broken by a line wrap.
fn deviates(found: &str, row: &RowDef, wrapped: bool) -> bool {
    // Most labels carry the official wording as is.
    if found.contains(template::short_label(row.label)) {
        return false;
    }
    let strip = |s: &str| -> String {
        norm_label(s)
            .chars()
            .filter(|c| !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」'))
            .collect()
    };
    let official = strip(template::short_label(row.label));
    let mut f = strip(found);
    // Keep from the row's own numbering on (group labels and stray vertical text come before it).
    if let Some(m) = row.marker {
        let pat = format!("{m}.");
        if let Some(p) = f.rfind(&pat) {
            f = f[p..].to_string();
        }
    } else if let Some(p) = official.chars().next().and_then(|c| f.rfind(c)) {
        if f.contains(&official) {
            return false;
        }
        f = f[p..].to_string();
    }
    if f.contains(&official) {
        return false;
    }
    if wrapped && official.contains(&f) {
        return false;
    }
    true
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
fn infer_missing(
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

/// Decides table 二's template from its header words (and the year on a tie).
pub fn active_template(text: &str, region: Range<usize>, year: Option<i32>) -> Template {
    let t = norm_label(text.get(region).unwrap_or(""));
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
    .filter(|w| t.contains(*w))
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
    .filter(|w| t.contains(*w))
    .count();
    if w19 > w21 {
        Template::Y2019
    } else if w21 > w19 {
        Template::Y2021
    } else if year.is_some_and(|y| y <= 2020) {
        Template::Y2019
    } else {
        Template::Y2021
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
    let matcher = Matcher::new(rows);
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

const REVIEW_CONS: &[Constraint] = &[
    Constraint {
        total: 4,
        parts: &[0, 1, 2, 3],
        exact: true,
    },
    Constraint {
        total: 9,
        parts: &[5, 6, 7, 8],
        exact: true,
    },
    Constraint {
        total: 14,
        parts: &[10, 11, 12, 13],
        exact: true,
    },
];

/// Reads table 四: the first run of numbers in its region that can fill 15 cells.
pub fn review(text: &str, idx: &LineIndex, groups: &[&Group]) -> (Table, TableNotes) {
    let mut notes = TableNotes::default();
    let usable = table_groups(text, groups);
    // Start at the first group that looks like the table's row: many numbers, or a digit run.
    let start = usable
        .iter()
        .position(|g| g.atomic_count() >= 5 || g.has_digits());
    let mut items: Vec<Item> = Vec::new();
    let mut span_group: Option<Group> = None;
    if let Some(s) = start {
        for g in &usable[s..] {
            if !items.is_empty() && g.attached.is_some() && !g.one_per_line {
                break;
            }
            items.extend(g.items.iter().cloned());
            if items.iter().any(|i| matches!(i.kind, Kind::Digits)) || items.len() >= 15 {
                break;
            }
        }
        span_group = Some(Group {
            items: items.clone(),
            attached: None,
            preceding: Vec::new(),
            one_per_line: false,
        });
    }
    notes.found = !items.is_empty();
    let (rs, n) = row_readings(text, &items, 15, REVIEW_CONS, &|_| false);
    notes.truncated |= n.truncated;
    let refs: Vec<&Reading> = rs.iter().collect();
    if n.extra {
        if let Some(g) = &span_group {
            notes.extra.push(("", group_range(g)));
        }
    }
    let mut cells = Vec::with_capacity(15);
    for (ci, key) in template::review_keys().enumerate() {
        let cell = if notes.found {
            cell_from(text, idx, &refs, ci, span_group.as_ref())
        } else {
            Cell::missing()
        };
        cells.push((key, cell));
    }
    if let Some(g) = &span_group {
        notes.rows.push(("", group_range(g)));
    }
    (
        Table {
            rows: vec![Row { key: "", cells }],
        },
        notes,
    )
}
