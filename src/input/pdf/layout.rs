//! Positions → document: glyphs grouped into lines by their height on the page, lines into paragraphs, drawn borders into table grids (merged cells from missing borders, tables across page breaks kept as one), unruled tables into columns from where their numbers sit, page numbers dropped.

use super::{Glyph, Page, Seg};
use crate::input::document::{one_line, Block, Cell, Document, Grid, MAX_CELLS, MAX_COLUMNS};
use std::collections::HashMap;

/// A drawn line: its position (y of a horizontal one, x of a vertical one), from, to.
type Line1 = (f64, f64, f64);

/// Lines this close (points) are one border.
const SNAP: f64 = 2.5;
/// Most lines per page considered for tables (a page of tables has a few hundred).
const MAX_TABLE_SEGS: usize = 4000;

/// The document: every page's paragraphs and tables in reading order.
pub fn document(pages: &[Page]) -> Document {
    let mut items: Vec<Item> = Vec::new();
    let mut cells = MAX_CELLS;
    let running = running_lines(pages);
    let mut metrics: Vec<Metrics> = Vec::with_capacity(pages.len());
    for (pno, page) in pages.iter().enumerate() {
        let glyphs = dedup(&page.glyphs);
        let tables = find_tables(page, pno);
        let mut in_table = vec![false; glyphs.len()];
        let mut page_items: Vec<(f64, Item)> = Vec::new();
        for t in tables {
            let mut mine = Vec::new();
            for (k, g) in glyphs.iter().enumerate() {
                let cx = (g.x0 + g.x1) / 2.0;
                if !in_table[k] && t.contains(cx, g.cy) {
                    in_table[k] = true;
                    mine.push(*g);
                }
            }
            if mine.is_empty() {
                continue;
            }
            page_items.push((t.top(), Item::Ruled(t, mine)));
        }
        let rest: Vec<Glyph> = glyphs
            .iter()
            .zip(&in_table)
            .filter(|(_, t)| !**t)
            .map(|(g, _)| *g)
            .collect();
        let mut lines = lines_of(&rest);
        drop_page_furniture(&mut lines, page, &running);
        metrics.push(Metrics::of(&lines, page));
        for l in lines {
            page_items.push((l.top(), Item::Line(pno, l)));
        }
        page_items.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (_, it) in page_items {
            // A table at the top of a page that goes on the last table of the pages before (with
            // nothing but page numbers, or empty pages, between).
            if let Item::Ruled(t, g) = it {
                if let Some(Item::Ruled(prev, pg)) = items.last_mut() {
                    if prev.page < pno && prev.continues(&t) {
                        prev.append(t, g, pg);
                        continue;
                    }
                }
                items.push(Item::Ruled(t, g));
            } else {
                items.push(it);
            }
        }
    }
    let mut doc = Document::default();
    let mut i = 0;
    while let Some(it) = items.get(i) {
        match it {
            Item::Ruled(t, g) => {
                if let Some(grid) = t.grid(g, &mut cells) {
                    doc.blocks.push(Block::Table(grid));
                }
                i += 1;
            }
            Item::Line(..) => {
                let start = i;
                while matches!(items.get(i), Some(Item::Line(..))) {
                    i += 1;
                }
                let lines: Vec<(usize, &Line)> = items
                    .get(start..i)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|it| match it {
                        Item::Line(p, l) => Some((*p, l)),
                        Item::Ruled(..) => None,
                    })
                    .collect();
                text_blocks(&lines, &metrics, &mut doc, &mut cells);
            }
        }
    }
    doc
}

enum Item {
    Ruled(Table, Vec<Glyph>),
    Line(usize, Line),
}

// ---------------------------------------------------------------------------------------------
// Glyphs and lines

/// The glyphs with the second copy of each glyph drawn twice dropped (WPS and Word draw bold
/// text as a fill and then a stroke, or twice a hair apart).
fn dedup(glyphs: &[Glyph]) -> Vec<Glyph> {
    let mut seen: HashMap<(char, i64, i64), ()> = HashMap::new();
    let mut out = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        let q = |v: f64| (v / 1.0).floor() as i64;
        let (qx, qy) = (q(g.x0), q(g.cy));
        let dup =
            (-1..=1).any(|dx| (-1..=1).any(|dy| seen.contains_key(&(g.ch, qx + dx, qy + dy))));
        if dup {
            continue;
        }
        seen.insert((g.ch, qx, qy), ());
        out.push(*g);
    }
    out
}

/// A line of text: its glyphs left to right.
#[derive(Debug, Clone)]
struct Line {
    glyphs: Vec<Glyph>,
    cy: f64,
    size: f64,
}

impl Line {
    fn top(&self) -> f64 {
        self.cy - self.size / 2.0
    }
    fn x0(&self) -> f64 {
        self.glyphs.first().map_or(0.0, |g| g.x0)
    }
    fn x1(&self) -> f64 {
        self.glyphs.last().map_or(0.0, |g| g.x1)
    }
    /// The text, a space where the gap between glyphs is wide.
    fn text(&self) -> String {
        join_glyphs(&self.glyphs, 0.5)
    }
    /// The line cut where glyphs are far apart (columns of an unruled table).
    fn chunks(&self) -> Vec<Chunk> {
        let mut out: Vec<Chunk> = Vec::new();
        let mut cur: Vec<Glyph> = Vec::new();
        for g in &self.glyphs {
            if let Some(last) = cur.last() {
                let gap = g.x0 - last.x1;
                if gap > 1.5 * self.size.max(g.size) {
                    out.push(Chunk::of(&cur));
                    cur.clear();
                }
            }
            cur.push(*g);
        }
        if !cur.is_empty() {
            out.push(Chunk::of(&cur));
        }
        out
    }
}

/// Glyphs (in reading order) as text: a space where the gap exceeds `gap` × the font size.
fn join_glyphs(glyphs: &[Glyph], gap: f64) -> String {
    let mut s = String::new();
    let mut last: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(l) = last {
            if g.x0 - l.x1 > gap * g.size.max(l.size) {
                s.push(' ');
            }
        }
        s.push(g.ch);
        last = Some(g);
    }
    s
}

/// Groups glyphs into lines: by their vertical centre, then left to right.
fn lines_of(glyphs: &[Glyph]) -> Vec<Line> {
    let mut gs: Vec<Glyph> = glyphs.to_vec();
    gs.sort_by(|a, b| a.cy.total_cmp(&b.cy).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Line> = Vec::new();
    for g in gs {
        match lines.last_mut() {
            Some(l) if (g.cy - l.cy).abs() <= 0.45 * l.size.min(g.size).max(1.0) => {
                l.glyphs.push(g);
                if g.size > l.size {
                    l.size = g.size;
                }
            }
            _ => lines.push(Line {
                glyphs: vec![g],
                cy: g.cy,
                size: g.size,
            }),
        }
    }
    for l in &mut lines {
        l.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        // The line's height: the most common centre (superscripts and small marks aside).
        l.cy = median(l.glyphs.iter().map(|g| g.cy));
    }
    lines
}

fn median(it: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = it.collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Whether a line is only a page number ("- 4 -", "— 4 —", "第 4 页", "4/12", "4").
fn is_page_number(text: &str) -> bool {
    let mut digits = 0;
    for c in text.chars() {
        match c {
            '0'..='9' | '０'..='９' => digits += 1,
            '-' | '—' | '–' | '－' | '_' | '·' | '•' | '/' | '|' | '第' | '页' | '共' | ' '
            | '　' | '(' | ')' | '（' | '）' | '[' | ']' | 'P' | 'p' | 'a' | 'g' | 'e' | '.' => {
            }
            _ => return false,
        }
    }
    digits > 0 && digits <= 8
}

/// Texts that stand at the top or bottom of most pages (running headers and footers).
fn running_lines(pages: &[Page]) -> Vec<String> {
    if pages.len() < 3 {
        return Vec::new();
    }
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in pages {
        let lines = lines_of(&dedup(&p.glyphs));
        let mut seen = Vec::new();
        for l in lines.first().into_iter().chain(lines.last()) {
            let t = one_line(&l.text());
            if margin(l, p) && !seen.contains(&t) {
                seen.push(t.clone());
                *count.entry(t).or_insert(0) += 1;
            }
        }
    }
    count
        .into_iter()
        .filter(|(t, n)| *n * 2 > pages.len() && !t.is_empty())
        .map(|(t, _)| t)
        .collect()
}

/// Whether a line sits in the page's top or bottom margin (the outer 12%).
fn margin(l: &Line, p: &Page) -> bool {
    l.cy < p.height * 0.12 || l.cy > p.height * 0.88
}

/// Drops page numbers and running headers/footers: the first and last lines of a page, in its
/// margins, that are only a page number or repeat on most pages.
fn drop_page_furniture(lines: &mut Vec<Line>, page: &Page, running: &[String]) {
    let furniture = |l: &Line| {
        let t = one_line(&l.text());
        margin(l, page) && (is_page_number(&t) || running.contains(&t))
    };
    for _ in 0..2 {
        if lines.last().is_some_and(furniture) {
            lines.pop();
        }
        if lines.first().is_some_and(furniture) {
            lines.remove(0);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Paragraphs and unruled tables

/// Text lines between tables: runs of lines cut into columns become a table, the others are
/// joined into paragraphs where a line runs on to the next.
fn text_blocks(lines: &[(usize, &Line)], pages: &[Metrics], doc: &mut Document, cells: &mut usize) {
    let mut i = 0;
    while i < lines.len() {
        // A run of lines that split into several chunks, at least one with numbers: a table.
        let mut j = i;
        while let Some((_, l)) = lines.get(j) {
            if l.chunks().len() < 2 {
                break;
            }
            j += 1;
        }
        if j - i >= 2 {
            let run: Vec<&Line> = lines
                .get(i..j)
                .unwrap_or_default()
                .iter()
                .map(|(_, l)| *l)
                .collect();
            if let Some(grid) = unruled(&run, cells) {
                doc.blocks.push(Block::Table(grid));
                i = j;
                continue;
            }
        }
        // One paragraph: this line and those that continue it.
        let (p0, first) = match lines.get(i) {
            Some(x) => *x,
            None => break,
        };
        let mut text = first.text();
        let mut prev = (p0, first);
        i += 1;
        while let Some(&(p, l)) = lines.get(i) {
            if !continues(prev, (p, l), pages) {
                break;
            }
            let a = text.chars().last();
            let b = l.text().chars().next();
            if a.is_some_and(|c| c.is_ascii_alphanumeric())
                && b.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                text.push(' ');
            }
            text.push_str(&l.text());
            prev = (p, l);
            i += 1;
        }
        doc.para(&text);
    }
}

/// A page's body text: its left and right edges and the usual distance between its lines.
#[derive(Debug, Clone, Copy)]
struct Metrics {
    left: f64,
    right: f64,
    pitch: f64,
}

impl Metrics {
    fn of(lines: &[Line], page: &Page) -> Metrics {
        let long: Vec<&Line> = lines.iter().filter(|l| l.glyphs.len() >= 8).collect();
        let left = long.iter().map(|l| l.x0()).fold(f64::INFINITY, f64::min);
        let right = long
            .iter()
            .map(|l| l.x1())
            .fold(f64::NEG_INFINITY, f64::max);
        let (left, right) = if left.is_finite() && right.is_finite() {
            (left, right)
        } else {
            (0.0, page.width)
        };
        // The distance from a line to the next of the same size, most often seen.
        let pitch = median(lines.windows(2).filter_map(|w| match w {
            [a, b] if (a.size - b.size).abs() <= 0.15 * a.size.max(b.size) => Some(b.cy - a.cy),
            _ => None,
        }));
        Metrics { left, right, pitch }
    }
}

/// Whether `next` goes on the paragraph `prev` ends: `prev` runs to the right edge, `next` is not
/// indented, has the same size and follows at the usual line distance (or on the next page).
fn continues(prev: (usize, &Line), next: (usize, &Line), pages: &[Metrics]) -> bool {
    let (pp, a) = prev;
    let (np, b) = next;
    if np != pp && np != pp + 1 {
        return false;
    }
    let (Some(ma), Some(mb)) = (pages.get(pp), pages.get(np)) else {
        return false;
    };
    let size = a.size.max(b.size);
    let same_size = (a.size - b.size).abs() <= 0.15 * size;
    let full = a.x1() >= ma.right - 1.5 * size;
    let flush = b.x0() <= mb.left + 0.8 * size;
    let pitch = if ma.pitch > 0.0 { ma.pitch } else { 1.5 * size };
    let close = np != pp || b.cy - a.cy <= pitch * 1.25 + 0.5;
    same_size && full && flush && close && a.chunks().len() < 2 && b.chunks().len() < 2
}

/// A run of text cut into chunks.
#[derive(Debug, Clone)]
struct Chunk {
    text: String,
    x0: f64,
    x1: f64,
}

impl Chunk {
    fn of(glyphs: &[Glyph]) -> Chunk {
        Chunk {
            text: join_glyphs(glyphs, 0.5),
            x0: glyphs.first().map_or(0.0, |g| g.x0),
            x1: glyphs.last().map_or(0.0, |g| g.x1),
        }
    }
    fn centre(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    fn is_number(&self) -> bool {
        is_number(&self.text)
    }
}

/// Lines of an unruled table → a grid: the data columns are where the numbers' centres cluster;
/// what stands left of the first column is the row's label; a line with no number of its own
/// (a wrapped label) joins the numbers row nearest it.
fn unruled(lines: &[&Line], cells: &mut usize) -> Option<Grid> {
    let chunked: Vec<Vec<Chunk>> = lines.iter().map(|l| l.chunks()).collect();
    let mut centres: Vec<(f64, f64)> = chunked
        .iter()
        .flatten()
        .filter(|c| c.is_number())
        .map(|c| (c.centre(), c.x1 - c.x0))
        .collect();
    if centres.is_empty() {
        return None;
    }
    centres.sort_by(|a, b| a.0.total_cmp(&b.0));
    let size = lines.iter().map(|l| l.size).fold(0.0, f64::max).max(1.0);
    // Columns: centres closer than a font size apart are one column.
    let mut cols: Vec<(f64, f64, usize)> = Vec::new(); // (sum, min x, n)
    let mut last = f64::NEG_INFINITY;
    for (c, _) in &centres {
        if c - last > size {
            cols.push((0.0, *c, 0));
        }
        if let Some(col) = cols.last_mut() {
            col.0 += c;
            col.2 += 1;
        }
        last = *c;
    }
    let cols: Vec<f64> = cols.iter().map(|(s, _, n)| s / *n as f64).collect();
    if cols.len() > MAX_COLUMNS {
        return None;
    }
    let first_left = centres.first().map_or(0.0, |c| c.0 - c.1);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for chunks in &chunked {
        let mut label = String::new();
        let mut nums: Vec<Option<String>> = vec![None; cols.len()];
        let mut other: Vec<String> = Vec::new();
        for c in chunks {
            if c.is_number() {
                let k = nearest(&cols, c.centre());
                if let Some(slot) = nums.get_mut(k) {
                    *slot = Some(c.text.clone());
                }
            } else if c.x1 <= first_left + size {
                if !label.is_empty() {
                    label.push(' ');
                }
                label.push_str(&c.text);
            } else {
                other.push(c.text.clone());
            }
        }
        let mut row = vec![Cell::Text(label)];
        if nums.iter().all(Option::is_none) {
            // A header line: its chunks as they are.
            row.extend(other.into_iter().map(Cell::Text));
        } else {
            row.extend(nums.into_iter().map(|n| Cell::Text(n.unwrap_or_default())));
        }
        if *cells < row.len() {
            return None;
        }
        *cells -= row.len();
        rows.push(row);
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut rows {
        r.resize(width, Cell::Text(String::new()));
    }
    Some(Grid { rows })
}

fn nearest(cols: &[f64], x: f64) -> usize {
    let mut best = 0;
    let mut d = f64::INFINITY;
    for (k, c) in cols.iter().enumerate() {
        if (c - x).abs() < d {
            d = (c - x).abs();
            best = k;
        }
    }
    best
}

// ---------------------------------------------------------------------------------------------
// Ruled tables

/// A table found from drawn borders: its horizontal and vertical lines, on one page or, when it
/// runs on, across several (later pages' lines moved to sit below the earlier ones).
#[derive(Debug, Clone)]
struct Table {
    page: usize,
    h: Vec<(f64, f64, f64)>,
    v: Vec<(f64, f64, f64)>,
    /// Where each later page's part starts (its top), in the table's coordinates.
    junctions: Vec<f64>,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Table {
    fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 - 1.0 && x <= self.x1 + 1.0 && y >= self.y0 - 1.0 && y <= self.y1 + 1.0
    }
    fn top(&self) -> f64 {
        self.y0
    }

    /// Whether `next` (at the top of the next page) goes on this table: its columns' borders
    /// stand where this table's do.
    fn continues(&self, next: &Table) -> bool {
        let xs = self.xs();
        let nx = next.xs();
        if (next.x0 - self.x0).abs() > SNAP * 2.0 || (next.x1 - self.x1).abs() > SNAP * 2.0 {
            return false;
        }
        let shared = nx
            .iter()
            .filter(|x| xs.iter().any(|y| (*x - y).abs() <= SNAP))
            .count();
        shared * 10 >= nx.len().min(xs.len()) * 7
    }

    /// Appends `next` (on the next page) below this table, its glyphs moved with it.
    fn append(&mut self, next: Table, glyphs: Vec<Glyph>, mine: &mut Vec<Glyph>) {
        let dy = self.y1 - next.y0;
        self.junctions.push(self.y1);
        self.h
            .extend(next.h.iter().map(|&(y, a, b)| (y + dy, a, b)));
        self.v
            .extend(next.v.iter().map(|&(x, a, b)| (x, a + dy, b + dy)));
        mine.extend(glyphs.into_iter().map(|mut g| {
            g.cy += dy;
            g
        }));
        self.y1 = next.y1 + dy;
        self.x0 = self.x0.min(next.x0);
        self.x1 = self.x1.max(next.x1);
        self.page = next.page;
    }

    /// The column borders: the vertical lines and the table's outer edges (often not drawn).
    fn xs(&self) -> Vec<f64> {
        let mut v: Vec<f64> = self.v.iter().map(|v| v.0).collect();
        v.extend([self.x0, self.x1]);
        snap(v)
    }
    /// The row borders: the horizontal lines and the table's top and bottom.
    fn ys(&self) -> Vec<f64> {
        let mut v: Vec<f64> = self.h.iter().map(|h| h.0).collect();
        v.extend([self.y0, self.y1]);
        snap(v)
    }

    fn has_v(&self, x: f64, y: f64) -> bool {
        (x - self.x0).abs() <= SNAP
            || (x - self.x1).abs() <= SNAP
            || self
                .v
                .iter()
                .any(|&(vx, a, b)| (vx - x).abs() <= SNAP && y >= a - SNAP && y <= b + SNAP)
    }
    fn has_h(&self, y: f64, x: f64) -> bool {
        (y - self.y0).abs() <= SNAP
            || (y - self.y1).abs() <= SNAP
            || self
                .h
                .iter()
                .any(|&(hy, a, b)| (hy - y).abs() <= SNAP && x >= a - SNAP && x <= b + SNAP)
    }

    /// The grid: a row between each two horizontal borders, a column between each two vertical
    /// ones; a cell runs right and down over borders that are not drawn (a merged cell, written
    /// once, the positions it covers `Covered`).
    fn grid(&self, glyphs: &[Glyph], cells: &mut usize) -> Option<Grid> {
        let ys = self.ys();
        let xs = self.xs();
        let (nr, nc) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
        if nr == 0 || nc == 0 || nc > MAX_COLUMNS || nr.saturating_mul(nc) > *cells {
            return None;
        }
        *cells -= nr * nc;
        let mid = |v: &[f64], i: usize| match (v.get(i), v.get(i + 1)) {
            (Some(a), Some(b)) => (a + b) / 2.0,
            _ => 0.0,
        };
        let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
        let mut taken = vec![vec![false; nc]; nr];
        // Each position's cell: the row and column where it starts.
        let mut owner = vec![vec![(0usize, 0usize); nc]; nr];
        let mut rows: Vec<Vec<Cell>> = vec![vec![Cell::Covered; nc]; nr];
        for r in 0..nr {
            for c in 0..nc {
                if taken
                    .get(r)
                    .and_then(|row| row.get(c))
                    .copied()
                    .unwrap_or(true)
                {
                    continue;
                }
                let ym = mid(&ys, r);
                let mut cs = 1;
                while c + cs < nc && !self.has_v(at(&xs, c + cs), ym) {
                    cs += 1;
                }
                let mut rs = 1;
                while r + rs < nr && (c..c + cs).all(|k| !self.has_h(at(&ys, r + rs), mid(&xs, k)))
                {
                    rs += 1;
                }
                for row in taken.iter_mut().skip(r).take(rs) {
                    for t in row.iter_mut().skip(c).take(cs) {
                        *t = true;
                    }
                }
                for row in owner.iter_mut().skip(r).take(rs) {
                    for o in row.iter_mut().skip(c).take(cs) {
                        *o = (r, c);
                    }
                }
                let (bx0, bx1, by0, by1) =
                    (at(&xs, c), at(&xs, c + cs), at(&ys, r), at(&ys, r + rs));
                let inside: Vec<Glyph> = glyphs
                    .iter()
                    .filter(|g| {
                        let cx = (g.x0 + g.x1) / 2.0;
                        cx >= bx0 && cx < bx1 && g.cy >= by0 && g.cy < by1
                    })
                    .copied()
                    .collect();
                if let Some(cell) = rows.get_mut(r).and_then(|row| row.get_mut(c)) {
                    *cell = Cell::Text(cell_text(&inside));
                }
            }
        }
        for &j in &self.junctions {
            if let Some(r) = ys.iter().position(|y| (y - j).abs() <= SNAP) {
                join_at_page_break(&mut rows, &owner, r);
            }
        }
        let rows: Vec<Vec<Cell>> = rows
            .into_iter()
            .enumerate()
            .filter(|(r, row)| {
                let thin = at(&ys, r + 1) - at(&ys, *r) < 4.0;
                let empty = row.iter().all(|c| {
                    matches!(c, Cell::Covered) || matches!(c, Cell::Text(t) if t.is_empty())
                });
                row.iter().any(|c| matches!(c, Cell::Text(_))) && !(thin && empty)
            })
            .map(|(_, row)| row)
            .collect();
        if !rows
            .iter()
            .flatten()
            .any(|c| matches!(c, Cell::Text(t) if !t.is_empty()))
        {
            return None;
        }
        Some(Grid { rows })
    }
}

/// Where a table runs on to the next page (grid row `r` is the new page's first): a row cut in two
/// by the page break (no number below the break, numbers above) is made one again, each cell's
/// text appended to the cell above; otherwise an empty cell under a label (a merged label cell
/// cut by the break) is covered by the label above.
fn join_at_page_break(rows: &mut [Vec<Cell>], owner: &[Vec<(usize, usize)>], r: usize) {
    if r == 0 || r >= rows.len() {
        return;
    }
    let has_digit = |row: &[Cell]| {
        row.iter()
            .any(|c| matches!(c, Cell::Text(t) if t.chars().any(|ch| ch.is_ascii_digit()) && is_number(t)))
    };
    let below_numbers = rows.get(r).is_some_and(|row| has_digit(row));
    let above_numbers = rows.get(r - 1).is_some_and(|row| has_digit(row));
    let width = rows.get(r).map_or(0, Vec::len);
    for c in 0..width {
        let Some(&(or, oc)) = owner.get(r - 1).and_then(|o| o.get(c)) else {
            continue;
        };
        // Only cells that start in row r (not cells covering it from the left).
        if owner.get(r).and_then(|o| o.get(c)) != Some(&(r, c)) {
            continue;
        }
        let below = match rows.get(r).and_then(|row| row.get(c)) {
            Some(Cell::Text(t)) => t.clone(),
            _ => continue,
        };
        let above = match rows.get(or).and_then(|row| row.get(oc)) {
            Some(Cell::Text(t)) => t.clone(),
            _ => continue,
        };
        let join = if !below_numbers && above_numbers {
            true
        } else {
            below.is_empty() && !above.is_empty() && !is_number(&above)
        };
        if !join {
            continue;
        }
        if !below.is_empty() {
            if let Some(Cell::Text(t)) = rows.get_mut(or).and_then(|row| row.get_mut(oc)) {
                t.push_str(&below);
            }
        }
        if let Some(cell) = rows.get_mut(r).and_then(|row| row.get_mut(c)) {
            *cell = Cell::Covered;
        }
    }
}

/// Whether a cell's text is a figure ("12", "1,234", "96171.6", "5%").
fn is_number(t: &str) -> bool {
    let t = t.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | '－' | ' '))
}

/// A cell's text: its lines joined (no space between CJK characters, one between words, none
/// between the lines of a number wrapped in a narrow cell: 1230 / 0 is 12300).
fn cell_text(glyphs: &[Glyph]) -> String {
    let numeric = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    };
    let mut out = String::new();
    for l in lines_of(glyphs) {
        let t = l.text();
        let a = out.chars().last();
        let b = t.chars().next();
        if a.is_some_and(|c| c.is_ascii_alphanumeric())
            && b.is_some_and(|c| c.is_ascii_alphanumeric())
            && !(numeric(&out) && numeric(&t))
        {
            out.push(' ');
        }
        out.push_str(&t);
    }
    one_line(&out)
}

/// Positions sorted and those within [`SNAP`] of each other made one (their mean).
fn snap(mut v: Vec<f64>) -> Vec<f64> {
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((s, n)) if x - *s / *n as f64 <= SNAP => {
                *s += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

/// Lines (position, from, to) on one position whose extents touch, made one line: a border
/// drawn cell by cell is one border.
fn join_collinear(mut segs: Vec<(f64, f64, f64)>) -> Vec<(f64, f64, f64)> {
    segs.retain(|s| s.0.is_finite() && s.1.is_finite() && s.2.is_finite());
    segs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    // Group by position (within SNAP), then join touching extents within a group.
    let mut out: Vec<(f64, f64, f64)> = Vec::new();
    let mut group: Vec<(f64, f64, f64)> = Vec::new();
    let flush = |group: &mut Vec<(f64, f64, f64)>, out: &mut Vec<(f64, f64, f64)>| {
        group.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut cur: Option<(f64, f64, f64)> = None;
        for s in group.drain(..) {
            cur = match cur {
                Some(c) if s.1 <= c.2 + SNAP => Some((c.0, c.1, c.2.max(s.2))),
                Some(c) => {
                    out.push(c);
                    Some(s)
                }
                None => Some(s),
            };
        }
        out.extend(cur);
    };
    for s in segs {
        if group.first().is_some_and(|g| s.0 - g.0 > SNAP) {
            flush(&mut group, &mut out);
        }
        group.push(s);
    }
    flush(&mut group, &mut out);
    out
}

/// The page's ruled tables: groups of horizontal and vertical lines that touch, with at least
/// two of each (a grid of at least two cells).
fn find_tables(page: &Page, pno: usize) -> Vec<Table> {
    if page.segs.len() > MAX_TABLE_SEGS {
        return Vec::new();
    }
    let mut hs: Vec<(f64, f64, f64)> = Vec::new();
    let mut vs: Vec<(f64, f64, f64)> = Vec::new();
    for s in &page.segs {
        match *s {
            Seg::H { y, x0, x1 } => hs.push((y, x0, x1)),
            Seg::V { x, y0, y1 } => vs.push((x, y0, y1)),
        }
    }
    let hs = join_collinear(hs);
    let vs = join_collinear(vs);
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while let Some(&q) = p.get(i) {
            if q == i {
                break;
            }
            let g = p.get(q).copied().unwrap_or(q);
            if let Some(slot) = p.get_mut(i) {
                *slot = g;
            }
            i = q;
        }
        i
    }
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            let touch =
                v.0 >= h.1 - SNAP && v.0 <= h.2 + SNAP && h.0 >= v.1 - SNAP && h.0 <= v.2 + SNAP;
            if touch {
                let (a, b) = (root(&mut parent, i), root(&mut parent, hs.len() + j));
                if let Some(slot) = parent.get_mut(a) {
                    *slot = b;
                }
            }
        }
    }
    let mut groups: HashMap<usize, (Vec<Line1>, Vec<Line1>)> = HashMap::new();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(root(&mut parent, i)).or_default().0.push(*h);
    }
    for (j, v) in vs.iter().enumerate() {
        groups
            .entry(root(&mut parent, hs.len() + j))
            .or_default()
            .1
            .push(*v);
    }
    let mut out: Vec<Table> = Vec::new();
    for (_, (h, v)) in groups {
        let ys = snap(h.iter().map(|x| x.0).collect());
        let xs = snap(v.iter().map(|x| x.0).collect());
        if ys.len() < 2 || xs.len() < 2 || (ys.len() == 2 && xs.len() == 2) {
            continue;
        }
        let x0 = h
            .iter()
            .map(|s| s.1)
            .chain(v.iter().map(|s| s.0))
            .fold(f64::INFINITY, f64::min);
        let x1 = h
            .iter()
            .map(|s| s.2)
            .chain(v.iter().map(|s| s.0))
            .fold(f64::NEG_INFINITY, f64::max);
        let y0 = v
            .iter()
            .map(|s| s.1)
            .chain(h.iter().map(|s| s.0))
            .fold(f64::INFINITY, f64::min);
        let y1 = v
            .iter()
            .map(|s| s.2)
            .chain(h.iter().map(|s| s.0))
            .fold(f64::NEG_INFINITY, f64::max);
        out.push(Table {
            page: pno,
            junctions: Vec::new(),
            h,
            v,
            x0,
            x1,
            y0,
            y1,
        });
    }
    out.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    out
}
