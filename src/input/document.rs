//! The document room: what a file or a clipboard holds, as paragraphs and table grids, and the one text rendering of it that the parser reads and spans point into.

/// Most columns a table grid may have; wider spans are cut here (a report's widest table has 17).
pub const MAX_COLUMNS: usize = 64;
/// Most cells one document may hold across its tables: bounded work whatever the spans say.
pub const MAX_CELLS: usize = 200_000;

/// A document read by its structure: paragraphs and tables, in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (or heading, list item): its text on one line.
    Para(String),
    /// A table, spans expanded into a rectangular grid.
    Table(Grid),
}

/// One grid position: the text of the cell that starts there, or a position covered by a cell
/// that spans from above or from the left (written once, at its start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Covered,
}

/// A table as a grid: every row as wide as the widest, merged cells expanded, empty cells kept
/// (as empty text) in their column.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
}

impl Document {
    /// Whether the document holds at least one table.
    pub fn has_table(&self) -> bool {
        self.blocks.iter().any(|b| matches!(b, Block::Table(_)))
    }

    /// Appends a paragraph (whitespace collapsed; empty paragraphs dropped).
    pub fn para(&mut self, text: &str) {
        let t = one_line(text);
        if !t.is_empty() {
            self.blocks.push(Block::Para(t));
        }
    }

    /// The text the parser reads: a line per paragraph; a line per table row with its cells
    /// separated by tabs, a merged cell written once (the positions it covers are not cells), a
    /// blank cell kept as an empty field so every number after it stays in its column (trailing
    /// ones too). An empty line sets each table apart.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            match b {
                Block::Para(p) => {
                    out.push_str(p);
                    out.push('\n');
                }
                Block::Table(g) => {
                    if !out.is_empty() && !out.ends_with("\n\n") {
                        out.push('\n');
                    }
                    for row in &g.rows {
                        let cells = row.iter().filter_map(|c| match c {
                            Cell::Text(t) => Some(t.as_str()),
                            Cell::Covered => None,
                        });
                        for (i, t) in cells.enumerate() {
                            if i > 0 {
                                out.push('\t');
                            }
                            out.push_str(t);
                        }
                        out.push('\n');
                    }
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// Text made one line: every run of whitespace (line breaks, tabs, U+00A0, U+3000 included)
/// becomes one space, and the ends are trimmed. A cell holding only whitespace is empty.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Builds a grid row by row from cells with spans, as HTML and Word describe tables: a cell is
/// placed at the first free column of its row, past positions still covered by cells spanning
/// from rows above. Spans are clamped (columns to [`MAX_COLUMNS`], rows to the rows that come),
/// and the whole document's cells to `budget`, so any markup is bounded work.
#[derive(Debug)]
pub struct GridBuilder {
    rows: Vec<Vec<Cell>>,
    /// For each column, how many more rows a cell from above still covers.
    pending: Vec<usize>,
    open: bool,
}

impl GridBuilder {
    pub fn new() -> Self {
        GridBuilder {
            rows: Vec::new(),
            pending: Vec::new(),
            open: false,
        }
    }

    /// Starts a new row.
    pub fn row(&mut self) {
        self.close_row();
        self.rows.push(Vec::new());
        self.open = true;
    }

    fn close_row(&mut self) {
        if !self.open {
            return;
        }
        self.open = false;
        // Columns still covered from above past the row's last cell are covered here too.
        let row = self.rows.last_mut().expect("an open row exists");
        while row.len() < self.pending.len() {
            let c = row.len();
            if self.pending[c] > 0 {
                self.pending[c] -= 1;
                row.push(Cell::Covered);
            } else {
                row.push(Cell::Text(String::new()));
            }
        }
        // Positions no cell reached stay blank (filled at `finish`).
    }

    /// Places a cell with its text (made one line) and spans in the current row (a row is
    /// started if none is open). Returns false when the document's cell budget is spent.
    pub fn cell(&mut self, text: &str, colspan: usize, rowspan: usize, budget: &mut usize) -> bool {
        if !self.open {
            self.row();
        }
        let row = self.rows.last_mut().expect("an open row exists");
        // Skip positions covered from above.
        while row.len() < self.pending.len() && self.pending[row.len()] > 0 {
            let c = row.len();
            self.pending[c] -= 1;
            row.push(Cell::Covered);
        }
        let start = row.len();
        if start >= MAX_COLUMNS {
            return *budget > 0;
        }
        let colspan = colspan.clamp(1, MAX_COLUMNS - start);
        let rowspan = rowspan.max(1);
        if *budget < colspan {
            *budget = 0;
            return false;
        }
        *budget -= colspan;
        row.push(Cell::Text(one_line(text)));
        for _ in 1..colspan {
            row.push(Cell::Covered);
        }
        if self.pending.len() < start + colspan {
            self.pending.resize(start + colspan, 0);
        }
        for p in &mut self.pending[start..start + colspan] {
            *p = rowspan - 1;
        }
        true
    }

    /// Places a position covered by the cell above (Word's `w:vMerge` continuation): `colspan`
    /// positions, written as empty fields.
    pub fn covered(&mut self, colspan: usize, budget: &mut usize) -> bool {
        if !self.open {
            self.row();
        }
        let row = self.rows.last_mut().expect("an open row exists");
        let colspan = colspan.clamp(1, MAX_COLUMNS.saturating_sub(row.len()).max(1));
        if row.len() >= MAX_COLUMNS {
            return *budget > 0;
        }
        if *budget < colspan {
            *budget = 0;
            return false;
        }
        *budget -= colspan;
        for _ in 0..colspan {
            row.push(Cell::Covered);
        }
        true
    }

    /// The finished grid: rows padded to the widest, rows with no cell of their own dropped (a row
    /// of empty cells is kept: a blank form's row); `None` when no cell holds text.
    pub fn finish(mut self) -> Option<Grid> {
        self.close_row();
        if !self
            .rows
            .iter()
            .flatten()
            .any(|c| matches!(c, Cell::Text(t) if !t.is_empty()))
        {
            return None;
        }
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut rows: Vec<Vec<Cell>> = self
            .rows
            .into_iter()
            .filter(|r| r.iter().any(|c| matches!(c, Cell::Text(_))))
            .collect();
        for r in &mut rows {
            r.resize(width, Cell::Text(String::new()));
        }
        Some(Grid { rows })
    }
}

impl Default for GridBuilder {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(doc_rows: &[(&str, usize, usize)], breaks: &[usize]) -> String {
        let mut b = GridBuilder::new();
        let mut budget = MAX_CELLS;
        for (i, (t, cs, rs)) in doc_rows.iter().enumerate() {
            if i == 0 || breaks.contains(&i) {
                b.row();
            }
            b.cell(t, *cs, *rs, &mut budget);
        }
        let doc = Document {
            blocks: vec![Block::Table(b.finish().unwrap())],
        };
        doc.to_text()
    }

    #[test]
    fn spans_expand_and_blanks_keep_their_column() {
        // a(rowspan 2) | b c(colspan 2)
        //              | d e f
        let t = text(
            &[
                ("a", 1, 2),
                ("b", 1, 1),
                ("c", 2, 1),
                ("d", 1, 1),
                ("", 1, 1),
                ("f", 1, 1),
            ],
            &[3],
        );
        assert_eq!(t, "a\tb\tc\nd\t\tf\n\n");
    }

    #[test]
    fn whitespace_only_cells_are_blank() {
        assert_eq!(one_line("\u{a0} \n\u{3000}"), "");
        assert_eq!(one_line(" 本年\n新收 "), "本年 新收");
    }

    #[test]
    fn huge_spans_are_bounded() {
        let mut b = GridBuilder::new();
        let mut budget = 1000;
        b.row();
        assert!(b.cell("x", usize::MAX, usize::MAX, &mut budget));
        for _ in 0..100 {
            b.row();
            b.cell("y", 1, 1, &mut budget);
        }
        let g = b.finish().unwrap();
        assert_eq!(g.rows[0].len(), MAX_COLUMNS);
        assert!(g.rows.iter().all(|r| r.len() == MAX_COLUMNS));
    }
}
