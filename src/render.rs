//! Text rendering of a report for the terminal (tables and findings with source excerpts).

use crate::model::*;
use crate::template::{self, RowDef, REVIEW_CELL_LABELS, REVIEW_GROUPS};
use std::fmt::Write as _;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The legend for the cell markers used in the tables.
pub const LEGEND: &str = "图例：数字＝原文读出　数字~＝由勾稽关系推得　□＝空白　·＝缺失　?＝有歧义";

/// Widest row label shown in a table (display columns); longer labels are cut with "…".
const MAX_LABEL_WIDTH: usize = 32;
/// Excerpt lines wider than this (display columns) are clipped around the span.
const MAX_LINE_WIDTH: usize = 120;
/// Display columns kept on each side of the span when an excerpt line is clipped.
const CLIP_CONTEXT: usize = 24;
/// Display columns of the span itself kept when an excerpt line is clipped (so that a clipped
/// line, with its "..." marks, is never wider than [`MAX_LINE_WIDTH`]).
const MAX_SPAN_WIDTH: usize = MAX_LINE_WIDTH - 2 * CLIP_CONTEXT - 6;
/// Tab stops in excerpts, every this many columns.
const TAB_WIDTH: usize = 4;

/// Renders a report as plain text: a header, the three tables, then the findings with source
/// excerpts. `source` is the text the report was read from; `name` is shown as the file name.
pub fn render_text(report: &Report, source: &str, name: &str) -> String {
    render_text_paired(report, source, name, None)
}

/// [`render_text`] for a report checked against last year's report (the cross-year findings of
/// [`crate::desk`]): `previous` is last year's (text, name), and each finding that names last
/// year's source also shows that line, under `::: name:line:column`.
pub fn render_text_paired(
    report: &Report,
    source: &str,
    name: &str,
    previous: Option<(&str, &str)>,
) -> String {
    let mut out = String::new();
    header(&mut out, report, name);
    out.push('\n');
    tables(&mut out, report);
    out.push('\n');
    findings(&mut out, report, (source, name), previous);
    out
}

// ---------------------------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------------------------

fn header(out: &mut String, report: &Report, name: &str) {
    let template = match report.template {
        Some(Template::Y2021) => "2021 年版（国办公开办函〔2021〕30号）",
        Some(Template::Y2019) => "2019 年版（国办公开办函〔2019〕60号）",
        None => "未识别",
    };
    let year = report.year.map_or("未识别".to_string(), |y| y.to_string());
    let agency = report.agency.as_deref().unwrap_or("未识别");
    let _ = writeln!(out, "文件：{name}");
    let _ = writeln!(out, "模板：{template}");
    let _ = writeln!(out, "年度：{year}");
    let _ = writeln!(out, "机关：{agency}");
    let _ = writeln!(
        out,
        "结果：错误 {} · 警告 {} · 提示 {}",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
    let _ = writeln!(out, "{}", balance_line(report));
}

/// One line on the tables' arithmetic (勾稽关系): the core's verdict.
fn balance_line(report: &Report) -> String {
    report.verdict.message()
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

/// A table laid out as text: a label column and value columns, in blocks that each have a header.
struct Grid {
    label_header: &'static str,
    blocks: Vec<Block>,
}

struct Block {
    headers: Vec<String>,
    /// Group lines (no values) have an empty `cells`.
    rows: Vec<(String, Vec<String>)>,
}

fn tables(out: &mut String, report: &Report) {
    for key in TableKey::ALL {
        let _ = writeln!(out, "{}", key.zh());
        let table = report.tables.get(key);
        if table.rows.is_empty() {
            let _ = writeln!(out, "  （未读出）");
        } else {
            let grid = match key {
                TableKey::ReviewLitigation => review_grid(table),
                _ => row_grid(key, table, report.template),
            };
            draw_grid(out, &grid);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{LEGEND}");
}

/// The marker text of a cell: the value for read cells, `~` after inferred values, `□` blank,
/// `·` missing, `?` ambiguous.
pub fn cell_marker(cell: &Cell) -> String {
    match (cell.status, cell.value) {
        (Status::Read, Some(v)) => v.to_string(),
        (Status::Inferred, Some(v)) => format!("{v}~"),
        (Status::Blank, _) => "□".to_string(),
        (Status::Ambiguous, _) => "?".to_string(),
        _ => "·".to_string(),
    }
}

/// Finds the template row for a parsed row: the report's template first, then the other one,
/// preferring a definition whose columns are exactly the row's.
fn row_def(key: TableKey, template: Option<Template>, row: &Row) -> Option<&'static RowDef> {
    let order = match template {
        Some(Template::Y2019) => [Template::Y2019, Template::Y2021],
        _ => [Template::Y2021, Template::Y2019],
    };
    let lists = order.map(|t| match key {
        TableKey::ActiveDisclosure => template::active_rows(t),
        _ => template::application_rows(t),
    });
    let same_cols = |d: &RowDef| {
        d.cols.len() == row.cells.len()
            && d.cols.iter().zip(&row.cells).all(|(c, (k, _))| c.key == *k)
    };
    let candidates = || {
        lists
            .iter()
            .flat_map(|l| l.iter())
            .filter(|d| d.key == row.key)
    };
    candidates()
        .find(|d| same_cols(d))
        .or_else(|| candidates().next())
}

fn column_label(def: Option<&RowDef>, col: &str) -> String {
    def.and_then(|d| d.cols.iter().find(|c| c.key == col))
        .map_or(col, |c| c.label)
        .to_string()
}

/// Table 二 or 三: consecutive rows with the same columns share a block.
fn row_grid(key: TableKey, table: &Table, template: Option<Template>) -> Grid {
    let mut blocks: Vec<Block> = Vec::new();
    let mut last_cols: Option<Vec<&str>> = None;
    for row in &table.rows {
        let def = row_def(key, template, row);
        let cols: Vec<&str> = row.cells.iter().map(|(k, _)| *k).collect();
        if last_cols.as_ref() != Some(&cols) {
            let headers = cols.iter().map(|c| column_label(def, c)).collect();
            blocks.push(Block {
                headers,
                rows: Vec::new(),
            });
            last_cols = Some(cols);
        }
        let Some(block) = blocks.last_mut() else {
            continue;
        };
        let (group, label) = row_labels(def, row.key);
        if let Some(g) = group {
            block.rows.push((g, Vec::new()));
        }
        let cells = row.cells.iter().map(|(_, c)| cell_marker(c)).collect();
        block.rows.push((label, cells));
    }
    let label_header = match key {
        TableKey::ActiveDisclosure => "信息内容",
        _ => "",
    };
    Grid {
        label_header,
        blocks,
    }
}

/// A row's group line (when its official label starts a group) and its own label, indented
/// when it is a numbered sub-item.
fn row_labels(def: Option<&RowDef>, key: &str) -> (Option<String>, String) {
    let Some(def) = def else {
        return (None, key.to_string());
    };
    let group = def
        .label
        .strip_prefix('[')
        .and_then(|rest| rest.split_once("] "))
        .map(|(g, _)| g.to_string());
    let short = template::short_label(def.label);
    let label = match def.marker {
        Some(_) => format!("  {short}"),
        None => short.to_string(),
    };
    (group, label)
}

/// Table 四: one line per group (行政复议, two kinds of 行政诉讼), five result columns.
fn review_grid(table: &Table) -> Grid {
    let find = |k: &str| table.rows.iter().find_map(|r| r.cell(k));
    let rows = REVIEW_GROUPS
        .iter()
        .map(|g| {
            let cells = g
                .cells
                .iter()
                .map(|k| find(k).map_or("·".to_string(), cell_marker))
                .collect();
            (g.name.to_string(), cells)
        })
        .collect();
    let headers = REVIEW_CELL_LABELS.iter().map(|s| s.to_string()).collect();
    Grid {
        label_header: "",
        blocks: vec![Block { headers, rows }],
    }
}

fn draw_grid(out: &mut String, grid: &Grid) {
    let label_w = grid
        .blocks
        .iter()
        .flat_map(|b| {
            b.rows
                .iter()
                .map(|(l, _)| truncate(l, MAX_LABEL_WIDTH).width())
        })
        .chain(std::iter::once(grid.label_header.width()))
        .max()
        .unwrap_or(0);
    for (i, block) in grid.blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        draw_block(out, block, grid.label_header, label_w);
    }
}

fn draw_block(out: &mut String, block: &Block, label_header: &str, label_w: usize) {
    let widths: Vec<usize> = (0..block.headers.len())
        .map(|i| {
            let values = block.rows.iter().filter_map(|(_, c)| c.get(i));
            values
                .map(|v| v.width())
                .chain(std::iter::once(block.headers[i].width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    draw_line(out, label_header, &block.headers, &widths, label_w);
    for (label, cells) in &block.rows {
        draw_line(
            out,
            &truncate(label, MAX_LABEL_WIDTH),
            cells,
            &widths,
            label_w,
        );
    }
}

/// One line: the label left-aligned, the values right-aligned, two spaces between columns.
fn draw_line(out: &mut String, label: &str, cells: &[String], widths: &[usize], label_w: usize) {
    let mut line = format!("  {}", pad_right(label, label_w));
    for (cell, w) in cells.iter().zip(widths) {
        line.push_str("  ");
        line.push_str(&pad_left(cell, *w));
    }
    let _ = writeln!(out, "{}", line.trim_end());
}

/// Pads `s` with spaces on the right to `width` display columns.
pub fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Pads `s` with spaces on the left to `width` display columns.
pub fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

/// Cuts `s` to at most `max` display columns, ending it with "…" when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

/// (text, name) of a report.
type Source<'a> = (&'a str, &'a str);

fn findings(out: &mut String, report: &Report, this: Source, previous: Option<Source>) {
    if report.diagnostics.is_empty() {
        let _ = writeln!(out, "未发现问题");
        return;
    }
    for (i, d) in report.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        finding(out, d, this, previous);
    }
}

fn finding(out: &mut String, d: &Diagnostic, this: Source, previous: Option<Source>) {
    let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
    // Last year's place, for a cross-year finding whose last year's text is at hand.
    let last = match (&d.previous, previous) {
        (Some(p), Some(src)) => p.span.map(|s| (s, src)),
        _ => None,
    };
    let width = [d.span, last.map(|l| l.0)]
        .iter()
        .flatten()
        .map(|s| s.line.to_string().len())
        .max()
        .unwrap_or(0);
    if let Some(span) = d.span {
        location(out, "-->", span, this, width);
    }
    if let Some((span, src)) = last {
        location(out, ":::", span, src, width);
    }
}

/// `--> name:line:column` (or `:::` for last year's report) and the excerpt with carets; line
/// numbers right-aligned in a gutter `width` wide.
fn location(out: &mut String, arrow: &str, span: Span, (source, name): Source, width: usize) {
    let pad = " ".repeat(width);
    let _ = writeln!(out, "{pad}{arrow} {name}:{}:{}", span.line, span.column);
    if let Some(ex) = excerpt(source, &span) {
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{:>width$} | {}", span.line, ex.text.trim_end());
        let carets = "^".repeat(ex.caret_width.max(1));
        let _ = writeln!(out, "{pad} | {}{carets}", " ".repeat(ex.caret_col));
    }
}

/// A source line made ready for display, with where the carets go (in display columns).
#[derive(Debug, PartialEq)]
pub struct Excerpt {
    pub text: String,
    pub caret_col: usize,
    pub caret_width: usize,
}

/// One character of a line as displayed: its byte offset in the source, its text and width.
struct Glyph {
    byte: usize,
    text: String,
    width: usize,
}

/// The line holding `span`'s start, tabs expanded and control characters blanked, with the caret
/// position and width for the span (clipped to that line). `None` when the span's byte range is
/// outside the source or not on character boundaries.
pub fn excerpt(source: &str, span: &Span) -> Option<Excerpt> {
    let start = span.byte_start;
    let line_start = source.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let rest = source.get(line_start..)?;
    let line = rest.split('\n').next().unwrap_or("");
    let line = line.strip_suffix('\r').unwrap_or(line);
    let line_end = line_start + line.len();
    let end = span.byte_end.clamp(start, line_end.max(start));
    source.get(start..end)?;
    let glyphs = glyphs(line, line_start);
    let first = glyphs
        .iter()
        .position(|g| g.byte >= start)
        .unwrap_or(glyphs.len());
    let last = glyphs
        .iter()
        .position(|g| g.byte >= end)
        .unwrap_or(glyphs.len());
    Some(clip(&glyphs, first, last))
}

/// Splits a line into display glyphs: tabs expanded to the next tab stop, other control
/// characters shown as a space.
fn glyphs(line: &str, offset: usize) -> Vec<Glyph> {
    let mut col = 0;
    let mut out = Vec::with_capacity(line.len());
    for (i, c) in line.char_indices() {
        let (text, width) = match c {
            '\t' => {
                let w = TAB_WIDTH - col % TAB_WIDTH;
                (" ".repeat(w), w)
            }
            c if c.is_control() => (" ".to_string(), 1),
            c => (c.to_string(), c.width().unwrap_or(0)),
        };
        col += width;
        out.push(Glyph {
            byte: offset + i,
            text,
            width,
        });
    }
    out
}

/// Joins glyphs into the displayed line, keeping only a window around `first..last` when the
/// line is too wide, and places the carets under `first..last`.
fn clip(glyphs: &[Glyph], first: usize, last: usize) -> Excerpt {
    let total: usize = glyphs.iter().map(|g| g.width).sum();
    let (from, to) = if total <= MAX_LINE_WIDTH {
        (0, glyphs.len())
    } else {
        window(glyphs, first, last)
    };
    let mut text = String::new();
    if from > 0 {
        text.push_str("...");
    }
    let mut caret_col = text.width();
    let mut caret_width = 0;
    for (i, g) in glyphs.iter().enumerate().take(to).skip(from) {
        if i < first {
            caret_col += g.width;
        } else if i < last {
            caret_width += g.width;
        }
        text.push_str(&g.text);
    }
    if to < glyphs.len() {
        text.push_str("...");
    }
    Excerpt {
        text,
        caret_col,
        caret_width,
    }
}

/// The glyph range shown for a wide line: up to [`CLIP_CONTEXT`] columns before `first` and
/// after `last`, and at most [`MAX_SPAN_WIDTH`] columns of the span itself.
fn window(glyphs: &[Glyph], first: usize, last: usize) -> (usize, usize) {
    let mut from = first;
    let mut w = 0;
    while from > 0 && w + glyphs[from - 1].width <= CLIP_CONTEXT {
        from -= 1;
        w += glyphs[from].width;
    }
    let mut to = first;
    let mut w = 0;
    while to < last && w + glyphs[to].width <= MAX_SPAN_WIDTH {
        w += glyphs[to].width;
        to += 1;
    }
    if to == last {
        let mut w = 0;
        while to < glyphs.len() && w + glyphs[to].width <= CLIP_CONTEXT {
            w += glyphs[to].width;
            to += 1;
        }
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry;

    fn span_of(source: &str, needle: &str) -> Span {
        let byte_start = source.find(needle).expect("needle in source");
        let before = &source[..byte_start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Span {
            start: before.encode_utf16().count(),
            end: before.encode_utf16().count() + needle.encode_utf16().count(),
            line,
            column: source[line_start..byte_start].chars().count() + 1,
            byte_start,
            byte_end: byte_start + needle.len(),
        }
    }

    fn empty_report(diagnostics: Vec<Diagnostic>) -> Report {
        let empty = || Table { rows: Vec::new() };
        Report {
            template: Some(Template::Y2021),
            year: Some(2021),
            agency: Some("某某局".to_string()),
            sections: Vec::new(),
            tables: Tables {
                active_disclosure: empty(),
                applications: empty(),
                review_litigation: empty(),
            },
            diagnostics,
            meta: Default::default(),
            verdict: Default::default(),
        }
    }

    #[test]
    fn carets_sit_under_a_span_after_cjk_text_and_a_tab() {
        let source = "标题\n（七）总计\t2932\t53\n";
        let span = span_of(source, "53");
        let ex = excerpt(source, &span).expect("excerpt");
        // "（七）总计" is 5 wide chars = 10 columns; the tab goes to column 12; "2932" ends at 16;
        // the second tab goes to column 20.
        assert_eq!(ex.text, "（七）总计  2932    53");
        assert_eq!(ex.caret_col, 20);
        assert_eq!(ex.caret_width, 2);
        assert_eq!(ex.text[..].width(), 22);
    }

    #[test]
    fn carets_cover_wide_characters_two_columns_each() {
        let source = "a\tb 不予公开";
        let span = span_of(source, "公开");
        let ex = excerpt(source, &span).expect("excerpt");
        assert_eq!(ex.text, "a   b 不予公开");
        assert_eq!(ex.caret_col, 10);
        assert_eq!(ex.caret_width, 4);
    }

    #[test]
    fn rendered_finding_lines_up() {
        let source = "一、总体情况\n行政许可\t１２件\t若干\n";
        let span = span_of(source, "若干");
        let d = Diagnostic::new(
            &registry::S005,
            "数字单元格中是文字".to_string(),
            Vec::new(),
            Some(span),
        );
        let text = render_text(&empty_report(vec![d]), source, "x.txt");
        let expected = "warning[S005]: 数字单元格中是文字\n \
                        --> x.txt:2:10\n  |\n\
                        2 | 行政许可    １２件  若干\n  \
                        |                     ^^^^\n";
        assert!(text.ends_with(expected), "{text}");
    }

    #[test]
    fn bad_spans_do_not_panic() {
        let source = "总计";
        let bad = [(1, 2), (0, 1), (7, 9), (4, 2), (6, 6), (0, 100)];
        for (b, e) in bad {
            let span = Span {
                byte_start: b,
                byte_end: e,
                line: 1,
                column: 1,
                ..Span::default()
            };
            let _ = excerpt(source, &span);
            let d = Diagnostic::new(&registry::A002, "m".to_string(), Vec::new(), Some(span));
            let _ = render_text(&empty_report(vec![d]), source, "x");
        }
        let at_end = Span {
            byte_start: 6,
            byte_end: 6,
            ..Span::default()
        };
        let ex = excerpt(source, &at_end).expect("span at end of text");
        assert_eq!((ex.caret_col, ex.caret_width), (4, 0));
    }

    #[test]
    fn wide_lines_are_clipped_around_the_span() {
        let source = format!("{}目标{}", "甲".repeat(200), "乙".repeat(200));
        let span = span_of(&source, "目标");
        let ex = excerpt(&source, &span).expect("excerpt");
        assert!(ex.text.starts_with("...") && ex.text.ends_with("..."));
        assert!(ex.text.width() <= MAX_LINE_WIDTH);
        let before: String = ex.text.chars().collect();
        let col = before.find("目标").map(|i| before[..i].width());
        assert_eq!(col, Some(ex.caret_col));
        assert_eq!(ex.caret_width, 4);
    }

    #[test]
    fn labels_and_markers() {
        assert_eq!(truncate("一二三四五", 6), "一二…");
        assert_eq!(pad_left("总计", 6), "  总计");
        let mut cell = Cell::missing();
        assert_eq!(cell_marker(&cell), "·");
        cell.status = Status::Inferred;
        cell.value = Some(Num::int(3));
        assert_eq!(cell_marker(&cell), "3~");
        cell.status = Status::Blank;
        assert_eq!(cell_marker(&cell), "□");
    }

    #[test]
    fn header_says_the_core_verdict() {
        let mut r = empty_report(Vec::new());
        assert_eq!(balance_line(&r), "表格勾稽关系全部成立");
        r.verdict.not_read = vec![TableKey::ReviewLitigation];
        assert!(balance_line(&r).contains("表四（复议诉讼）未能读出"));
        r.verdict.broken = 2;
        r.verdict.not_assessable = 1;
        assert_eq!(
            balance_line(&r),
            "表格勾稽关系有 2 处不成立；表四（复议诉讼）未能读出，其勾稽关系未核对；1 项勾稽关系无法核对"
        );
    }

    /// A report whose tables follow a template, with every kind of cell.
    fn full_report(t: Template) -> Report {
        let mk = |defs: &'static [RowDef]| Table {
            rows: defs
                .iter()
                .enumerate()
                .map(|(i, d)| Row {
                    key: d.key,
                    cells: d
                        .cols
                        .iter()
                        .enumerate()
                        .map(|(j, c)| (c.key, sample_cell(i + j)))
                        .collect(),
                })
                .collect(),
        };
        let review = Row {
            key: "",
            cells: template::review_keys()
                .map(|k| (k, sample_cell(2)))
                .collect(),
        };
        let mut r = empty_report(Vec::new());
        r.template = Some(t);
        r.tables.active_disclosure = mk(template::active_rows(t));
        r.tables.applications = mk(template::application_rows(t));
        r.tables.review_litigation.rows.push(review);
        r
    }

    fn sample_cell(i: usize) -> Cell {
        let mut cell = Cell::missing();
        match i % 5 {
            0 => cell.status = Status::Blank,
            1 => {
                cell.status = Status::Inferred;
                cell.value = Some(Num::int(7));
            }
            4 => cell.status = Status::Ambiguous,
            _ => {
                cell.status = Status::Read;
                cell.value = Some(Num::int(i as i64 * 1037));
            }
        }
        cell
    }

    #[test]
    fn table_columns_line_up() {
        for t in [Template::Y2021, Template::Y2019] {
            let text = render_text(&full_report(t), "", "x.txt");
            let lines: Vec<&str> = text.lines().collect();
            let header = lines
                .iter()
                .position(|l| l.contains("自然人"))
                .expect("table 三 header");
            let total = lines
                .iter()
                .find(|l| l.contains("（七）总计"))
                .expect("total row");
            let cut = lines
                .iter()
                .find(|l| l.contains("（二）部分公开"))
                .expect("long label");
            assert!(cut.contains('…'), "{cut}");
            assert_eq!(total.width(), lines[header].width(), "{text}");
            assert_eq!(cut.width(), lines[header].width(), "{text}");
            assert!(lines.iter().any(|l| l.trim() == "（三）不予公开"));
            assert!(lines.iter().any(|l| l.starts_with("    1.属于国家秘密")));
            assert!(text.contains(LEGEND));
            assert!(!text.lines().any(|l| l.ends_with(' ')), "trailing space");
        }
    }
}
