//! A generator of synthetic, internally consistent 政府信息公开工作年度报告 texts, shared by the
//! property tests (`tests/properties.rs`) and the benchmarks (`benches/check.rs`).
//!
//! [`generate`] turns a seed into a report: a year (2019–2025, so the 2019 template for 2019–2020
//! and the 2021 template after), an agency, tables 二/三/四 whose figures satisfy every arithmetic
//! rule of `shared/spec/TEMPLATES.md`, prose for the six sections, and renders it in one of the
//! paste layouts of `shared/corpus/README.md` ([`Layout`]). [`Synth::expected`] lists every cell
//! with its value; [`Synth::with_value`] re-renders the same report (same prose, same layout
//! choices) with one number changed.
//!
//! Everything is deterministic: a small SplitMix64 generator, no external randomness.

#![allow(dead_code)]

use nianbao::template::{self, ColDef, RowDef, APPLICANT_COLS, REVIEW_GROUPS};
use nianbao::{Num, TableKey, Template};
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------------------------------------
// RNG
// ---------------------------------------------------------------------------------------------

/// SplitMix64: tiny, fast, good enough for test data, and stable across platforms.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6e69_616e_6261_6f00)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// A count as real reports have them: many zeros, mostly small, sometimes up to 5000.
    pub fn count(&mut self) -> i64 {
        match self.below(100) {
            0..=44 => 0,
            45..=84 => self.range(1, 30),
            85..=96 => self.range(31, 300),
            _ => self.range(301, 5000),
        }
    }

    /// A count that is zero more often (rare applicant types, rare outcomes).
    pub fn rare_count(&mut self) -> i64 {
        if self.chance(75) {
            0
        } else {
            self.count()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Layouts
// ---------------------------------------------------------------------------------------------

/// The paste layouts of `shared/corpus/README.md`.
#[allow(clippy::enum_variant_names)] // `PdfLayout` is pdftotext's own name for the mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// (a) Tab-separated rows (`label\tn\tn…`), as copied from a word processor or spreadsheet.
    Tsv,
    /// (b) One cell per line with blank and tab-only lines between cells (Chromium innerText).
    Browser,
    /// (c) `pdftotext -raw`: one table row a line, values separated by single spaces; the group
    /// label 三、本年度办理结果 one character a line; long labels wrapped with their numbers on the
    /// next line; page numbers between rows.
    PdfRaw,
    /// (d) `pdftotext -layout`: space-aligned columns; group labels beside (or between) data rows.
    PdfLayout,
    /// (e) Markdown pipe tables from a PDF-to-markdown converter.
    Markdown,
    /// (f) Collapsed: no separators at all, the whole report on one line.
    Collapsed,
}

impl Layout {
    pub const ALL: [Layout; 6] = [
        Layout::Tsv,
        Layout::Browser,
        Layout::PdfRaw,
        Layout::PdfLayout,
        Layout::Markdown,
        Layout::Collapsed,
    ];

    /// The layouts whose cells are separated (every cell readable without arithmetic).
    pub const SEPARATED: [Layout; 5] = [
        Layout::Tsv,
        Layout::Browser,
        Layout::PdfRaw,
        Layout::PdfLayout,
        Layout::Markdown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Tsv => "tsv",
            Layout::Browser => "browser-copy",
            Layout::PdfRaw => "pdftotext-raw",
            Layout::PdfLayout => "pdftotext-layout",
            Layout::Markdown => "markdown",
            Layout::Collapsed => "collapsed",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The report's data
// ---------------------------------------------------------------------------------------------

const AGENCIES: &[&str] = &[
    "某某市某某局",
    "某某县人民政府",
    "某某市生态环境局",
    "某某区某某街道办事处",
    "某某省某某厅",
    "某某市某某区人民政府办公室",
    "某某县某某镇人民政府",
    "某某市发展和改革委员会",
    "某某自治州某某局",
];

/// Everything a synthetic report says, before rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    pub year: i32,
    pub agency: &'static str,
    pub template: Template,
    /// Table 二: one entry per row of `template::active_rows(template)`, one value per column.
    pub active: Vec<Vec<Num>>,
    /// Table 三: one entry per row of `template::application_rows(template)`, in
    /// [`APPLICANT_COLS`] order (six applicant columns, then `total`).
    pub applications: Vec<[i64; 7]>,
    /// Table 四, in `template::review_keys()` order.
    pub review: [i64; 15],
    /// Seeds the rendering choices (prose, layout variations), so a re-render is stable.
    pub style_seed: u64,
}

/// One cell of the generated report and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedCell {
    pub table: TableKey,
    /// Row key; `""` for table 四.
    pub row: &'static str,
    pub col: &'static str,
    pub value: Num,
}

impl ExpectedCell {
    pub fn cell_ref(&self) -> nianbao::CellRef {
        nianbao::CellRef::new(self.table, self.row, self.col)
    }
}

/// A generated report.
#[derive(Clone, Debug)]
pub struct Synth {
    pub seed: u64,
    pub layout: Layout,
    /// "2019" or "2021".
    pub template: &'static str,
    pub data: Data,
    pub text: String,
    /// How the tables spell their numbers.
    pub num_style: NumStyle,
    /// Every cell of tables 二, 三 and 四 with its value.
    pub expected: Vec<ExpectedCell>,
    /// Table 三 is printed without its 其他 column (see [`Synth::without_other_column`]).
    pub no_other_column: bool,
}

impl Synth {
    /// The same report with one number changed, re-rendered with the same prose and layout
    /// choices. The arithmetic is not repaired. Panics if the cell does not exist.
    pub fn with_value(&self, table: TableKey, row: &str, col: &str, value: Num) -> Synth {
        let mut data = self.data.clone();
        data.set(table, row, col, value);
        Synth::build(self.seed, self.layout, data, self.no_other_column)
    }

    /// The same report rendered in another layout.
    pub fn in_layout(&self, layout: Layout) -> Synth {
        Synth::build(self.seed, layout, self.data.clone(), self.no_other_column)
    }

    /// The same report (same prose, same layout choices) with table 三 printed without its 其他
    /// column: no 其他 header, six numbers a row (the "Columns missing" variant of TEMPLATES.md).
    /// Meant for the separated layouts (a collapsed row without it is another puzzle). `expected`
    /// still lists the 其他 cells with their values, though the text no longer prints them: at
    /// best a checker infers them from the row sums.
    pub fn without_other_column(&self) -> Synth {
        Synth::build(self.seed, self.layout, self.data.clone(), true)
    }

    pub fn from_data(seed: u64, layout: Layout, data: Data) -> Synth {
        Synth::build(seed, layout, data, false)
    }

    fn build(seed: u64, layout: Layout, data: Data, no_other_column: bool) -> Synth {
        let (text, num_style) = render_opts(&data, layout, 0, no_other_column);
        Synth {
            seed,
            layout,
            template: data.template.as_str(),
            text,
            num_style,
            expected: data.expected(),
            data,
            no_other_column,
        }
    }

    pub fn expected_value(&self, table: TableKey, row: &str, col: &str) -> Option<Num> {
        self.data.get(table, row, col)
    }
}

/// Generates the report for `seed`, rendered in `layout`. The same seed gives the same report
/// (same figures, same prose) in every layout.
pub fn generate(seed: u64, layout: Layout) -> Synth {
    Synth::from_data(seed, layout, Data::generate(seed))
}

/// Like [`generate`], with extra prose paragraphs in section 一 until the text is at least
/// `min_len` bytes long (for benchmarks).
pub fn generate_padded(seed: u64, layout: Layout, min_len: usize) -> Synth {
    let mut s = generate(seed, layout);
    let mut extra = 0;
    while s.text.len() < min_len {
        extra += 1 + (min_len - s.text.len()) / 400;
        s.text = render_with_padding(&s.data, layout, extra);
    }
    s
}

fn signed_small(rng: &mut Rng) -> i64 {
    if rng.chance(55) {
        0
    } else {
        let v = rng.range(1, 40);
        if rng.chance(50) {
            -v
        } else {
            v
        }
    }
}

fn decimal_amount(rng: &mut Rng) -> Num {
    let whole = match rng.below(10) {
        0..=2 => 0,
        3..=6 => rng.range(1, 999),
        _ => rng.range(1000, 99_999),
    };
    let scale = rng.below(3) as u8;
    let frac = if scale == 0 {
        0
    } else {
        rng.range(0, 10i64.pow(scale as u32) - 1)
    };
    Num {
        mantissa: whole * 10i64.pow(scale as u32) + frac,
        scale,
    }
    .normalized()
}

impl Data {
    #[allow(clippy::needless_range_loop)] // column-wise sums read best with an index
    pub fn generate(seed: u64) -> Data {
        let mut rng = Rng::new(seed);
        let year = rng.range(2019, 2025) as i32;
        let template = if year <= 2020 {
            Template::Y2019
        } else {
            Template::Y2021
        };
        let agency = *rng.pick(AGENCIES);

        // Table 二.
        let active_defs = template::active_rows(template);
        let mut active = Vec::new();
        for def in active_defs {
            let mut vals = Vec::new();
            for col in def.cols {
                let v = if col.decimal {
                    decimal_amount(&mut rng)
                } else if col.signed {
                    Num::int(signed_small(&mut rng))
                } else {
                    match def.key {
                        "licensing" | "penalty" | "coercion" if col.key == "decisions" => {
                            Num::int(match rng.below(10) {
                                0..=2 => rng.count(),
                                3..=7 => rng.range(0, 5000),
                                _ => rng.range(5000, 500_000),
                            })
                        }
                        _ => Num::int(rng.count()),
                    }
                };
                vals.push(v);
            }
            active.push(vals);
        }

        // Table 三.
        let rows = template::application_rows(template);
        let n = rows.len();
        let mut apps = vec![[0i64; 7]; n];
        for row in apps.iter_mut().take(n - 2).skip(2) {
            let busy = rng.chance(45);
            for (c, v) in row.iter_mut().take(6).enumerate() {
                *v = if !busy {
                    if rng.chance(90) {
                        0
                    } else {
                        rng.range(1, 3)
                    }
                } else if c == 0 {
                    rng.count()
                } else {
                    rng.rare_count()
                };
            }
        }
        // （七）总计 = column sums of the result rows.
        for c in 0..6 {
            apps[n - 2][c] = (2..n - 2).map(|r| apps[r][c]).sum();
        }
        // new_received + carried_over = total + carried_forward, per column.
        for c in 0..6 {
            let total = apps[n - 2][c];
            let mut cf = if rng.chance(50) {
                0
            } else {
                rng.count().min(200)
            };
            let mut co = if rng.chance(50) {
                0
            } else {
                rng.count().min(200)
            };
            if co > total + cf {
                co = rng.range(0, total + cf);
            }
            if rng.chance(5) {
                // Sometimes nothing new at all: everything handled was carried over.
                co = total + cf;
                cf = cf.min(co);
            }
            apps[0][c] = total + cf - co;
            apps[1][c] = co;
            apps[n - 1][c] = cf;
        }
        for row in apps.iter_mut() {
            row[6] = row[..6].iter().sum();
        }

        // Table 四.
        let mut review = [0i64; 15];
        for g in 0..3 {
            let active = rng.chance(if g == 0 { 55 } else { 35 });
            for i in 0..4 {
                review[g * 5 + i] = if active { rng.count().min(400) } else { 0 };
            }
            review[g * 5 + 4] = review[g * 5..g * 5 + 4].iter().sum();
        }

        Data {
            year,
            agency,
            template,
            active,
            applications: apps,
            review,
            style_seed: rng.next_u64(),
        }
    }

    /// A 2021-template report of a year before 2025 (so that the next year is in the generator's
    /// range), from the first seed at or after `seed` that gives one.
    pub fn last_year(seed: u64) -> Data {
        (seed..)
            .map(Data::generate)
            .find(|d| d.template == Template::Y2021 && d.year < 2025)
            .expect("a 2021-template report")
    }

    /// The next year's report of the same agency (another generated report, moved to this one's
    /// agency and year + 1): its 上年结转 is this report's 结转下年度继续办理, column by column, and
    /// its 现行有效件数 (规章, 行政规范性文件) this report's plus its 本年制发 minus its 本年废止;
    /// every sum of its own still holds. For a 2021-template report (see [`Data::last_year`]).
    pub fn next_year(&self, seed: u64) -> Data {
        let mut d = Data::last_year(seed.wrapping_mul(31).wrapping_add(7));
        d.agency = self.agency;
        d.year = self.year + 1;
        let n = d.applications.len();
        let ln = self.applications.len();
        for c in 0..6 {
            let co = self.applications[ln - 1][c];
            let total = d.applications[n - 2][c];
            let mut cf = d.applications[n - 1][c];
            // new_received + carried_over = total + carried_forward, with new_received ≥ 0.
            if total + cf < co {
                cf = co - total;
            }
            d.applications[0][c] = total + cf - co;
            d.applications[1][c] = co;
            d.applications[n - 1][c] = cf;
        }
        for row in d.applications.iter_mut() {
            row[6] = row[..6].iter().sum();
        }
        let active = TableKey::ActiveDisclosure;
        for key in ["rules", "normative_documents"] {
            let before = self.get(active, key, "in_force").expect("2021 table 二");
            let issued = d.get(active, key, "issued").expect("2021 table 二");
            let repealed = d.get(active, key, "repealed").expect("2021 table 二");
            let now = match before
                .checked_add(issued)
                .and_then(|v| v.checked_sub(repealed))
            {
                Some(v) if !v.is_negative() => v,
                _ => {
                    d.set(active, key, "repealed", Num::ZERO);
                    before.checked_add(issued).expect("small counts")
                }
            };
            d.set(active, key, "in_force", now);
        }
        d
    }

    pub fn active_defs(&self) -> &'static [RowDef] {
        template::active_rows(self.template)
    }

    pub fn application_defs(&self) -> &'static [RowDef] {
        template::application_rows(self.template)
    }

    fn locate(&self, table: TableKey, row: &str, col: &str) -> Option<(usize, usize)> {
        match table {
            TableKey::ActiveDisclosure => {
                let r = self.active_defs().iter().position(|d| d.key == row)?;
                let c = self.active_defs()[r]
                    .cols
                    .iter()
                    .position(|d| d.key == col)?;
                Some((r, c))
            }
            TableKey::Applications => {
                let r = self.application_defs().iter().position(|d| d.key == row)?;
                let c = APPLICANT_COLS.iter().position(|d| d.key == col)?;
                Some((r, c))
            }
            TableKey::ReviewLitigation => {
                if !row.is_empty() {
                    return None;
                }
                Some((0, template::review_keys().position(|k| k == col)?))
            }
        }
    }

    pub fn get(&self, table: TableKey, row: &str, col: &str) -> Option<Num> {
        let (r, c) = self.locate(table, row, col)?;
        Some(match table {
            TableKey::ActiveDisclosure => self.active[r][c],
            TableKey::Applications => Num::int(self.applications[r][c]),
            TableKey::ReviewLitigation => Num::int(self.review[c]),
        })
    }

    /// Sets one cell. Table 三 and 四 values must be integers.
    pub fn set(&mut self, table: TableKey, row: &str, col: &str, value: Num) {
        let (r, c) = self
            .locate(table, row, col)
            .unwrap_or_else(|| panic!("no cell {table:?} {row:?} {col:?}"));
        let int = || {
            let v = value.normalized();
            assert_eq!(v.scale, 0, "tables 三 and 四 hold integers");
            v.mantissa
        };
        match table {
            TableKey::ActiveDisclosure => self.active[r][c] = value.normalized(),
            TableKey::Applications => self.applications[r][c] = int(),
            TableKey::ReviewLitigation => self.review[c] = int(),
        }
    }

    /// Every cell with its value: table 二, then 三, then 四, in template order.
    pub fn expected(&self) -> Vec<ExpectedCell> {
        let mut out = Vec::new();
        for (def, vals) in self.active_defs().iter().zip(&self.active) {
            for (col, v) in def.cols.iter().zip(vals) {
                out.push(ExpectedCell {
                    table: TableKey::ActiveDisclosure,
                    row: def.key,
                    col: col.key,
                    value: *v,
                });
            }
        }
        for (def, vals) in self.application_defs().iter().zip(&self.applications) {
            for (col, v) in APPLICANT_COLS.iter().zip(vals) {
                out.push(ExpectedCell {
                    table: TableKey::Applications,
                    row: def.key,
                    col: col.key,
                    value: Num::int(*v),
                });
            }
        }
        for (k, v) in template::review_keys().zip(self.review) {
            out.push(ExpectedCell {
                table: TableKey::ReviewLitigation,
                row: "",
                col: k,
                value: Num::int(v),
            });
        }
        out
    }

    fn app(&self, key: &str) -> [i64; 7] {
        let i = self
            .application_defs()
            .iter()
            .position(|d| d.key == key)
            .expect("row");
        self.applications[i]
    }
}

// ---------------------------------------------------------------------------------------------
// The tables as logical rows (what every layout renders)
// ---------------------------------------------------------------------------------------------

/// How a value is printed.
pub fn fmt_num(v: Num) -> String {
    NumStyle::Plain.spell(v)
}

/// How a report spells its numbers (the variants of TEMPLATES.md: "39,732", full-width digits).
/// Collapsed text always uses [`NumStyle::Plain`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumStyle {
    Plain,
    /// Thousands separators: 39,732 and 18,651.06.
    Thousands,
    /// Full-width digits: １２３.
    FullWidth,
}

impl NumStyle {
    pub fn spell(self, v: Num) -> String {
        let plain = plain_num(v);
        match self {
            NumStyle::Plain => plain,
            NumStyle::Thousands => {
                let (sign, rest) = match plain.strip_prefix('-') {
                    Some(r) => ("-", r),
                    None => ("", plain.as_str()),
                };
                let (int, frac) = match rest.split_once('.') {
                    Some((i, f)) => (i, format!(".{f}")),
                    None => (rest, String::new()),
                };
                let mut grouped = String::new();
                for (i, ch) in int.chars().enumerate() {
                    if i > 0 && (int.len() - i) % 3 == 0 {
                        grouped.push(',');
                    }
                    grouped.push(ch);
                }
                format!("{sign}{grouped}{frac}")
            }
            NumStyle::FullWidth => plain
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
                    _ => c,
                })
                .collect(),
        }
    }
}

fn plain_num(v: Num) -> String {
    v.normalized().to_string()
}

/// A sub-table of table 二: its caption and its rows.
struct ActiveBlock {
    caption: &'static str,
    header: Vec<&'static str>,
    rows: Vec<(&'static str, Vec<String>)>,
}

fn active_item(key: &str) -> &'static str {
    match key {
        "rules" | "normative_documents" => "第二十条第（一）项",
        "licensing" | "other_services" => "第二十条第（五）项",
        "penalty" | "coercion" => "第二十条第（六）项",
        "fees" => "第二十条第（八）项",
        "procurement" => "第二十条第（九）项",
        _ => "第二十条",
    }
}

fn active_blocks(data: &Data, style: NumStyle) -> Vec<ActiveBlock> {
    let mut blocks: Vec<ActiveBlock> = Vec::new();
    for (def, vals) in data.active_defs().iter().zip(&data.active) {
        let caption = active_item(def.key);
        let values: Vec<String> = vals.iter().map(|v| style.spell(*v)).collect();
        match blocks.last_mut() {
            Some(b) if b.caption == caption => b.rows.push((def.label, values)),
            _ => {
                let mut header = vec!["信息内容"];
                header.extend(def.cols.iter().map(|c: &ColDef| c.label));
                blocks.push(ActiveBlock {
                    caption,
                    header,
                    rows: vec![(def.label, values)],
                });
            }
        }
    }
    blocks
}

/// A row of table 三 with its label split into the template's three label columns: `outer`
/// (一、二、三、四), `mid` ((一)…(七)) and `item` (1. 2. …). A merged group cell is named only on the
/// first row of its span (`outer`/`mid` empty on the others); `mid_span` is the number of rows a
/// `mid` group label spans (1 for a plain (一)… label).
#[derive(Clone, Debug)]
struct AppRow {
    key: &'static str,
    outer: &'static str,
    mid: &'static str,
    item: &'static str,
    /// For a row that opens a (三)…(六) group: how many rows that group spans.
    mid_span: usize,
    /// Whether the row lies inside 三、本年度办理结果.
    inside: bool,
    values: Vec<String>,
}

fn split_group(label: &'static str) -> (Option<&'static str>, &'static str) {
    if let Some(rest) = label.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            return (Some(&rest[..end]), template::short_label(label));
        }
    }
    (None, label)
}

fn app_rows(data: &Data, style: NumStyle) -> Vec<AppRow> {
    let defs = data.application_defs();
    let n = defs.len();
    let mut out: Vec<AppRow> = Vec::new();
    for (i, (def, vals)) in defs.iter().zip(&data.applications).enumerate() {
        let inside = i >= 2 && i < n - 1;
        let (group, label) = split_group(def.label);
        let values = vals.iter().map(|v| style.spell(Num::int(*v))).collect();
        let mut row = AppRow {
            key: def.key,
            outer: "",
            mid: "",
            item: "",
            mid_span: 0,
            inside,
            values,
        };
        if !inside {
            row.outer = label;
        } else {
            match group {
                Some(g) if g.starts_with("三、") => {
                    row.outer = g;
                    row.mid = label;
                    row.mid_span = 1;
                }
                Some(g) => {
                    row.mid = g;
                    row.item = label;
                    row.mid_span = 1;
                }
                None if def.marker.is_some() => {
                    row.item = label;
                    // Extends the span of the group opened above.
                    if let Some(opener) = out.iter_mut().rev().find(|r| !r.mid.is_empty()) {
                        opener.mid_span += 1;
                    }
                }
                None => {
                    row.mid = label;
                    row.mid_span = 1;
                }
            }
        }
        out.push(row);
    }
    out
}

const APP_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
const APPLICANT_HEAD: [&str; 5] = [
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
];

fn review_values(data: &Data, style: NumStyle) -> Vec<String> {
    data.review
        .iter()
        .map(|v| style.spell(Num::int(*v)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------------------------

struct Prose {
    title: String,
    intro: Vec<String>,
    overview: Vec<String>,
    problems: Vec<String>,
    other: Vec<String>,
    headings: [&'static str; 6],
}

fn prose(data: &Data, rng: &mut Rng, padding: usize) -> Prose {
    let y = data.year;
    let a = data.agency;
    let me = if a.ends_with("政府") || a.ends_with("办公室") || a.ends_with("办事处") {
        "我单位"
    } else if a.ends_with("局") {
        "我局"
    } else if a.ends_with("厅") {
        "我厅"
    } else {
        "我委"
    };
    let doc = match data.template {
        Template::Y2021 => "（国办公开办函〔2021〕30号）",
        Template::Y2019 => "（国办公开办函〔2019〕60号）",
    };
    let intro = vec![format!(
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》{doc}要求编制。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有疑问，请与{a}办公室联系。"
    )];

    let new_total = data.app("new_received")[6];
    let over_total = data.app("carried_over")[6];
    let review_total = data.review[4];
    let suits = data.review[9] + data.review[14];
    let mut overview = vec![
        format!(
            "（一）主动公开情况。{y}年，{me}通过门户网站主动公开政府信息{}条，其中政策文件{}件，政策解读{}篇，及时回应社会关切。",
            rng.range(20, 3000),
            rng.range(1, 80),
            rng.range(1, 40)
        ),
        format!(
            "（二）依申请公开情况。全年共收到政府信息公开申请{new_total}件，上年结转{over_total}件，均在法定期限内予以答复。"
        ),
        "（三）政府信息管理情况。严格落实“先审查、后公开”和“一事一审”原则，规范发布流程，及时清理过时信息。".to_string(),
        format!(
            "（四）政府信息公开平台建设情况。持续优化政府网站信息公开专栏，全年更新栏目{}个，政务新媒体发布信息{}条。",
            rng.range(1, 30),
            rng.range(10, 900)
        ),
        format!(
            "（五）监督保障情况。将政务公开工作纳入年度绩效考核，组织业务培训{}次。全年发生政府信息公开行政复议{review_total}件，行政诉讼{suits}件。",
            rng.range(1, 12)
        ),
    ];
    if rng.chance(30) {
        overview.remove(2);
    }
    for i in 0..padding {
        overview.push(format!(
            "{}是持续深化重点领域信息公开。围绕群众关切，{me}在{}个重点领域主动发布信息，开展政策解读和回应工作，组织政务公开开放日活动，邀请群众代表参与，进一步提高了政府工作的透明度和公信力，确保政策知晓率不断提升。",
            ["一", "二", "三", "四", "五", "六", "七", "八", "九"][i % 9],
            rng.range(2, 20)
        ));
    }
    let problems = vec![format!(
        "{y}年，{me}政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式还不够丰富；二是信息更新的及时性有待提高。{}年，{me}将进一步加强业务培训，完善工作机制，不断提升政府信息公开质量。",
        y + 1
    )];
    let other = match data.template {
        Template::Y2021 => match rng.below(3) {
            0 => vec![format!("{y}年，{me}未收取信息处理费。")],
            1 => vec![format!(
                "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{me}本年度共收取信息处理费{}元。",
                rng.range(100, 5000)
            )],
            _ => vec!["本年度无收取信息处理费情况，无其他需要报告的事项。".to_string()],
        },
        Template::Y2019 => vec!["无其他需要报告的事项。".to_string()],
    };
    let old_wording = data.template == Template::Y2019 && rng.chance(50);
    let headings = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        if old_wording {
            "四、因政府信息公开申请行政复议、提起行政诉讼的情况"
        } else {
            "四、政府信息公开行政复议、行政诉讼情况"
        },
        if old_wording {
            "五、政府信息公开工作存在的主要问题及改进情况"
        } else {
            "五、存在的主要问题及改进情况"
        },
        "六、其他需要报告的事项",
    ];
    Prose {
        title: format!("{a}{y}年政府信息公开工作年度报告"),
        intro,
        overview,
        problems,
        other,
        headings,
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/// Renders a report in a layout.
pub fn render(data: &Data, layout: Layout) -> String {
    render_with_padding(data, layout, 0)
}

fn render_with_padding(data: &Data, layout: Layout, padding: usize) -> String {
    render_full(data, layout, padding).0
}

/// Renders a report; also says how its numbers were spelled.
pub fn render_full(data: &Data, layout: Layout, padding: usize) -> (String, NumStyle) {
    render_opts(data, layout, padding, false)
}

/// [`render_full`], optionally without table 三's 其他 column.
fn render_opts(
    data: &Data,
    layout: Layout,
    padding: usize,
    no_other_column: bool,
) -> (String, NumStyle) {
    let mut rng = Rng::new(data.style_seed);
    let p = prose(data, &mut rng, padding);
    let mut out = Doc::new(layout, rng);
    out.no_other_column = no_other_column;
    out.title(&p.title);
    for para in &p.intro {
        out.paragraph(para);
    }
    out.heading(p.headings[0]);
    for para in &p.overview {
        out.paragraph(para);
    }
    out.heading(p.headings[1]);
    out.table2(data);
    out.heading(p.headings[2]);
    out.table3(data);
    out.heading(p.headings[3]);
    out.table4(data);
    out.heading(p.headings[4]);
    for para in &p.problems {
        out.paragraph(para);
    }
    out.heading(p.headings[5]);
    for para in &p.other {
        out.paragraph(para);
    }
    let style = out.num_style;
    (out.finish(), style)
}

struct Doc {
    layout: Layout,
    num_style: NumStyle,
    /// Table 三 without its 其他 column (header and values).
    no_other_column: bool,
    rng: Rng,
    s: String,
    page: u32,
}

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    let n = w.saturating_sub(width(s)).max(2);
    out.push_str(&" ".repeat(n));
    out
}

/// Splits `s` into pieces of at most `n` characters, never inside a run of ASCII digits.
fn wrap(s: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = (start + n).min(chars.len());
        while end < chars.len()
            && end > start + 1
            && chars[end].is_ascii_digit()
            && chars[end - 1].is_ascii_digit()
        {
            end -= 1;
        }
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out
}

impl Doc {
    fn new(layout: Layout, mut rng: Rng) -> Doc {
        let num_style = match (layout, rng.below(100)) {
            (Layout::Collapsed, _) => NumStyle::Plain,
            (_, 0..=7) => NumStyle::Thousands,
            (_, 8..=13) => NumStyle::FullWidth,
            _ => NumStyle::Plain,
        };
        Doc {
            layout,
            num_style,
            no_other_column: false,
            rng,
            s: String::new(),
            page: 1,
        }
    }

    fn finish(mut self) -> String {
        if self.layout != Layout::Collapsed && !self.s.ends_with('\n') {
            self.s.push('\n');
        }
        self.s
    }

    fn line(&mut self, l: &str) {
        self.s.push_str(l);
        self.s.push('\n');
    }

    fn page_mark(&mut self) {
        self.page += 1;
        let p = self.page;
        match self.layout {
            Layout::PdfRaw => self.line(&format!("- {p} -")),
            Layout::PdfLayout => self.line(&format!("{}-{p}-", " ".repeat(43))),
            _ => {}
        }
    }

    fn title(&mut self, text: &str) {
        match self.layout {
            Layout::Collapsed => self.s.push_str(text),
            Layout::PdfLayout => {
                self.line(&format!("        {text}"));
                self.line("");
            }
            Layout::PdfRaw => self.line(text),
            Layout::Markdown => {
                self.line(&format!("# {text}"));
                self.line("");
            }
            Layout::Tsv | Layout::Browser => {
                self.line("");
                self.line(text);
                self.line("");
            }
        }
    }

    fn paragraph(&mut self, text: &str) {
        match self.layout {
            Layout::Collapsed => self.s.push_str(text),
            Layout::Tsv | Layout::Markdown => {
                self.line(text);
                self.line("");
            }
            Layout::Browser => {
                self.line(text);
                self.line("");
            }
            Layout::PdfRaw => {
                for l in wrap(text, 29) {
                    self.line(&l);
                }
            }
            Layout::PdfLayout => {
                let chunks = wrap(text, 29);
                for (i, l) in chunks.iter().enumerate() {
                    let indent = if i == 0 { "    " } else { "" };
                    self.line(&format!("{indent}{l}"));
                }
                self.line("");
            }
        }
    }

    fn heading(&mut self, text: &str) {
        match self.layout {
            Layout::Collapsed => self.s.push_str(text),
            Layout::Markdown => {
                if self.rng.chance(50) {
                    self.line(&format!("## {text}"));
                } else {
                    self.line(text);
                }
                self.line("");
            }
            Layout::PdfLayout => {
                self.line(&format!("      {text}"));
                self.line("");
            }
            Layout::PdfRaw => self.line(text),
            Layout::Tsv | Layout::Browser => {
                self.line(text);
                self.line("");
            }
        }
    }

    // -- Table 二 ------------------------------------------------------------------------------

    fn table2(&mut self, data: &Data) {
        let blocks = active_blocks(data, self.num_style);
        match self.layout {
            Layout::Tsv => {
                for b in &blocks {
                    let n = b.header.len();
                    self.line(&format!("{}{}", b.caption, "\t".repeat(n - 1)));
                    self.line(&b.header.join("\t"));
                    for (label, vals) in &b.rows {
                        self.line(&format!("{label}\t{}", vals.join("\t")));
                    }
                }
                self.line("");
            }
            Layout::Browser => {
                let mut rows: Vec<Vec<String>> = Vec::new();
                for b in &blocks {
                    rows.push(vec![b.caption.to_string()]);
                    rows.push(b.header.iter().map(|h| h.to_string()).collect());
                    for (label, vals) in &b.rows {
                        let mut r = vec![label.to_string()];
                        r.extend(vals.iter().cloned());
                        rows.push(r);
                    }
                }
                self.browser_table(&rows);
            }
            Layout::PdfRaw => {
                for b in &blocks {
                    self.line(&b.caption.replacen("第二十条", "第二十条 ", 1));
                    self.line(&b.header.join(" "));
                    for (label, vals) in &b.rows {
                        self.line(&format!("{label} {}", vals.join(" ")));
                    }
                }
            }
            Layout::PdfLayout => {
                let label_w = 16 + self.rng.below(14) as usize;
                for b in &blocks {
                    self.line(&b.caption.replacen("第二十条", "第二十条 ", 1));
                    self.line("");
                    self.line("");
                    let mut l = pad(b.header[0], label_w);
                    for h in &b.header[1..] {
                        l.push_str(&pad(h, width(h) + 4));
                    }
                    self.line(l.trim_end());
                    self.line("");
                    for (label, vals) in &b.rows {
                        let mut l = pad(label, label_w);
                        for (h, v) in b.header[1..].iter().zip(vals) {
                            l.push_str(&pad(v, width(h) + 4));
                        }
                        self.line(l.trim_end());
                        self.line("");
                    }
                }
                self.line("");
            }
            Layout::Markdown => {
                for b in &blocks {
                    self.line(b.caption);
                    self.line(&md_row(b.header.iter().copied()));
                    self.line(&md_sep(b.header.len()));
                    for (label, vals) in &b.rows {
                        self.line(&md_row(
                            std::iter::once(*label).chain(vals.iter().map(String::as_str)),
                        ));
                    }
                    self.line("");
                }
            }
            Layout::Collapsed => {
                for b in &blocks {
                    self.s.push_str(b.caption);
                    for h in &b.header {
                        self.s.push_str(h);
                    }
                    for (label, vals) in &b.rows {
                        self.s.push_str(label);
                        for v in vals {
                            self.s.push_str(v);
                        }
                    }
                }
            }
        }
    }

    // -- Table 三 ------------------------------------------------------------------------------

    fn table3(&mut self, data: &Data) {
        let mut rows = app_rows(data, self.num_style);
        // The labels of the organisation columns as printed (其他 left out with its column).
        let org_head: Vec<&str> = if self.no_other_column {
            for r in &mut rows {
                r.values.remove(5);
            }
            APPLICANT_HEAD[..4].to_vec()
        } else {
            APPLICANT_HEAD.to_vec()
        };
        match self.layout {
            Layout::Tsv => {
                let padded = self.rng.chance(50);
                let n = org_head.len();
                self.line(&format!("{APP_NOTE}\t申请人情况{}", "\t".repeat(n + 3)));
                let lead = if padded { "\t\t\t" } else { "\t" };
                self.line(&format!(
                    "{lead}自然人\t法人或其他组织{}总计",
                    "\t".repeat(n)
                ));
                self.line(&format!("{lead}\t{}\t", org_head.join("\t")));
                for r in &rows {
                    let mut cells = vec![r.outer, r.mid, r.item];
                    if !padded {
                        while cells.len() > 1 && cells.last() == Some(&"") {
                            cells.pop();
                        }
                    }
                    self.line(&format!("{}\t{}", cells.join("\t"), r.values.join("\t")));
                }
                self.line("");
            }
            Layout::Browser => {
                let mut table: Vec<Vec<String>> = vec![
                    vec![APP_NOTE.to_string(), "申请人情况".to_string()],
                    vec![
                        "自然人".to_string(),
                        "法人或其他组织".to_string(),
                        "总计".to_string(),
                    ],
                ];
                let nbsp = self.rng.chance(50);
                let heads = [
                    "商业\n\n企业",
                    "科研\n\n机构",
                    "社会公\n\n益组织",
                    "法律服\n\n务机构",
                    "其他",
                ];
                table.push(
                    heads[..org_head.len()]
                        .iter()
                        .map(|h| {
                            if nbsp {
                                format!("{h} {}", "\u{a0}\u{a0}".repeat(4))
                            } else {
                                h.to_string()
                            }
                        })
                        .collect(),
                );
                let split_group = self.rng.chance(40);
                for r in &rows {
                    let mut cells: Vec<String> = Vec::new();
                    if !r.outer.is_empty() {
                        if r.inside && split_group {
                            cells.push("三、本\n\n年度办\n\n理结果".to_string());
                        } else {
                            cells.push(r.outer.to_string());
                        }
                    }
                    for l in [r.mid, r.item] {
                        if !l.is_empty() {
                            cells.push(l.to_string());
                        }
                    }
                    cells.extend(r.values.iter().cloned());
                    table.push(cells);
                }
                self.browser_table(&table);
            }
            Layout::PdfRaw => {
                let wrap_labels = self.rng.chance(50);
                let head = [
                    "（本列数据的勾稽关系为：第一项加第二项之和，",
                    "等于第三项加第四项之和）",
                    "申请人情况",
                    "自然人",
                    "法人或其他组织",
                    "总计",
                    "商 业 企",
                    "业",
                    "科研机",
                    "构",
                    "社 会 公 益",
                    "组织",
                    "法 律 服 务",
                    "机构",
                    "其他",
                ];
                for l in &head[..10 + org_head.len()] {
                    self.line(l);
                }
                for r in &rows {
                    if r.inside && !r.outer.is_empty() {
                        // 三、本年度办理结果, one character a line.
                        self.line("三、");
                        for ch in r.outer.chars().skip(2) {
                            self.line(&ch.to_string());
                        }
                    }
                    let mut label = String::new();
                    if !r.inside {
                        label.push_str(r.outer);
                    } else if !r.item.is_empty() {
                        if !r.mid.is_empty() {
                            // （三）不予公开 → "（三）不" / "予公开" on lines of their own.
                            let chars: Vec<char> = r.mid.chars().collect();
                            let head: String = chars[..4.min(chars.len())].iter().collect();
                            let tail: String = chars[4.min(chars.len())..].iter().collect();
                            self.line(&head);
                            if !tail.is_empty() {
                                self.line(&tail);
                            }
                        }
                        label.push_str(r.item);
                    } else {
                        label.push_str(r.mid);
                    }
                    let vals = r.values.join(" ");
                    if wrap_labels && label.chars().count() > 16 {
                        for piece in wrap(&label, 15) {
                            self.line(&piece);
                        }
                        self.line(&vals);
                    } else {
                        self.line(&format!("{label} {vals}"));
                    }
                    if r.inside && self.rng.chance(4) {
                        self.page_mark();
                    }
                }
            }
            Layout::PdfLayout => {
                let label_w = 44 + self.rng.below(10) as usize;
                let col_w = 8 + self.rng.below(4) as usize;
                self.line(&format!("{}申请人情况", " ".repeat(57)));
                self.line("");
                self.line("");
                self.line(&format!(
                    "（本列数据的勾稽关系为：第一项加第二项之和，{}法人或其他组织",
                    " ".repeat(18)
                ));
                self.line("等于第三项加第四项之和）");
                self.line(&format!("{}自然人{}总计", " ".repeat(31), " ".repeat(46)));
                let mut h = " ".repeat(label_w + col_w);
                for x in ["商业企", "科研机", "社会公益", "法律服务"] {
                    h.push_str(&pad(x, col_w));
                }
                self.line(h.trim_end());
                if !self.no_other_column {
                    self.line(&format!("{}其他", " ".repeat(label_w + col_w * 5)));
                }
                let mut h = " ".repeat(label_w + col_w);
                for x in ["业", "构", "组织", "机构"] {
                    h.push_str(&pad(x, col_w));
                }
                self.line(h.trim_end());
                self.line("");
                self.line("");
                // 三、本年度办理结果 one character a line between the rows it spans.
                let mut vertical: Vec<String> = vec!["三、".to_string()];
                vertical.extend("三、本年度办理结果".chars().skip(2).map(|c| c.to_string()));
                let first_inside = rows.iter().position(|r| r.inside).unwrap_or(0);
                // Which row shows each (三)…(六) group label: the middle row of its span.
                let mut group_at: Vec<&str> = vec![""; rows.len()];
                for (i, r) in rows.iter().enumerate() {
                    if r.inside && !r.item.is_empty() && !r.mid.is_empty() {
                        group_at[i + (r.mid_span.max(1) - 1) / 2] = r.mid;
                    }
                }
                for (i, r) in rows.iter().enumerate() {
                    let label = if !r.inside {
                        r.outer.to_string()
                    } else if !r.item.is_empty() {
                        format!("      {}{}", pad(group_at[i], 16), r.item)
                    } else {
                        format!("      {}", r.mid)
                    };
                    let mut l = pad(&label, label_w);
                    for v in &r.values {
                        l.push_str(&pad(v, col_w));
                    }
                    self.line(l.trim_end());
                    if r.inside && i > first_inside && !vertical.is_empty() {
                        let v = vertical.remove(0);
                        self.line(&v);
                    } else {
                        self.line("");
                    }
                    if r.inside && self.rng.chance(4) {
                        self.line("");
                        self.page_mark();
                    }
                }
                self.line("");
            }
            Layout::Markdown => {
                self.line(APP_NOTE);
                self.line("");
                let mut head = vec!["申请人情况", "", "自然人"];
                head.extend(&org_head);
                head.push("总计");
                self.line(&md_row(head.iter().copied()));
                self.line(&md_sep(head.len()));
                for r in &rows {
                    let (c1, c2) = if !r.inside {
                        (r.outer, "")
                    } else if !r.outer.is_empty() {
                        (r.outer, r.mid)
                    } else if !r.item.is_empty() {
                        (r.mid, r.item)
                    } else {
                        ("", r.mid)
                    };
                    self.line(&md_row(
                        [c1, c2]
                            .into_iter()
                            .chain(r.values.iter().map(String::as_str)),
                    ));
                }
                self.line("");
            }
            Layout::Collapsed => {
                self.s.push_str(APP_NOTE);
                self.s.push_str("申请人情况自然人法人或其他组织总计");
                for h in &org_head {
                    self.s.push_str(h);
                }
                for r in &rows {
                    for l in [r.outer, r.mid, r.item] {
                        self.s.push_str(l);
                    }
                    for v in &r.values {
                        self.s.push_str(v);
                    }
                }
            }
        }
    }

    // -- Table 四 ------------------------------------------------------------------------------

    fn table4(&mut self, data: &Data) {
        let vals = review_values(data, self.num_style);
        let parts = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        match self.layout {
            Layout::Tsv => {
                self.line(&format!(
                    "行政复议{}行政诉讼{}",
                    "\t".repeat(5),
                    "\t".repeat(9)
                ));
                self.line(&format!(
                    "{}\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
                    parts.join("\t")
                ));
                self.line(&format!(
                    "\t\t\t\t\t{}\t{}",
                    parts.join("\t"),
                    parts.join("\t")
                ));
                self.line(&vals.join("\t"));
                self.line("");
            }
            Layout::Browser => {
                let mut head: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
                head.push("未经复议直接起诉".to_string());
                head.push("复议后起诉".to_string());
                let mut sub: Vec<String> = Vec::new();
                for _ in 0..2 {
                    sub.extend(parts.iter().map(|s| s.to_string()));
                }
                let rows = vec![
                    vec!["行政复议".to_string(), "行政诉讼".to_string()],
                    head,
                    sub,
                    vals,
                ];
                self.browser_table(&rows);
            }
            Layout::PdfRaw => {
                self.line("行政复议 行政诉讼");
                for p in parts {
                    self.line(p);
                }
                self.line("未经复议直接起诉 复议后起诉");
                for _ in 0..2 {
                    for p in parts {
                        self.line(p);
                    }
                }
                self.line(&vals.join(" "));
            }
            Layout::PdfLayout => {
                let w = 5 + self.rng.below(4) as usize;
                self.line(&format!("行政复议{}行政诉讼", " ".repeat(26)));
                self.line("");
                self.line(&format!(
                    "{}未经复议直接起诉{}复议后起诉",
                    " ".repeat(30),
                    " ".repeat(30)
                ));
                self.line("");
                let mut l = String::new();
                for _ in 0..3 {
                    for p in parts {
                        l.push_str(&pad(p, w + 3));
                    }
                }
                self.line(l.trim_end());
                self.line("");
                self.line("");
                let mut l = String::new();
                for v in &vals {
                    l.push_str(&pad(v, w + 3));
                }
                self.line(l.trim_end());
                self.line("");
            }
            Layout::Markdown => {
                let mut head = vec!["行政复议", "", "", "", "", "行政诉讼"];
                head.extend([""; 9]);
                self.line(&md_row(head.iter().copied()));
                self.line(&md_sep(15));
                let mut h2: Vec<&str> = parts.to_vec();
                h2.extend([
                    "未经复议直接起诉",
                    "",
                    "",
                    "",
                    "",
                    "复议后起诉",
                    "",
                    "",
                    "",
                    "",
                ]);
                self.line(&md_row(h2.iter().copied()));
                let mut h3: Vec<&str> = vec![""; 5];
                h3.extend(parts);
                h3.extend(parts);
                self.line(&md_row(h3.iter().copied()));
                self.line(&md_row(vals.iter().map(String::as_str)));
                self.line("");
            }
            Layout::Collapsed => {
                self.s.push_str("行政复议行政诉讼");
                for p in parts {
                    self.s.push_str(p);
                }
                self.s.push_str("未经复议直接起诉复议后起诉");
                for _ in 0..2 {
                    for p in parts {
                        self.s.push_str(p);
                    }
                }
                for v in &vals {
                    self.s.push_str(v);
                }
            }
        }
    }

    /// Chromium innerText of a table: cells separated by a blank line, a tab-only line and a
    /// blank line; rows by four blank lines.
    fn browser_table(&mut self, rows: &[Vec<String>]) {
        for r in rows {
            self.s.push_str(&r.join("\n\n\t\n\n"));
            self.s.push_str("\n\n\n\n\n");
        }
    }
}

fn md_row<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = String::from("|");
    for c in cells {
        s.push(' ');
        s.push_str(c);
        s.push_str(" |");
    }
    s
}

fn md_sep(n: usize) -> String {
    format!("|{}", "---|".repeat(n))
}

/// How each value of a row is printed, in column order: the digits a collapsed row runs
/// together. `row` is `""` for table 四.
pub fn printed_values(data: &Data, table: TableKey, row: &str) -> Vec<String> {
    match table {
        TableKey::ActiveDisclosure => {
            let i = data
                .active_defs()
                .iter()
                .position(|d| d.key == row)
                .expect("row");
            data.active[i].iter().map(|v| fmt_num(*v)).collect()
        }
        TableKey::Applications => data.app(row).iter().map(|v| v.to_string()).collect(),
        TableKey::ReviewLitigation => review_values(data, NumStyle::Plain),
    }
}

/// The groups of table 四 as index ranges into its 15 cells: (first part, total).
pub fn review_groups() -> [(usize, usize); 3] {
    let keys: Vec<&str> = template::review_keys().collect();
    let pos = |k: &str| keys.iter().position(|x| *x == k).expect("review key");
    REVIEW_GROUPS.map(|g| (pos(g.cells[0]), pos(g.cells[4])))
}
