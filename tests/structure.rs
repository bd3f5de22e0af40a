//! HTML tables read by their structure (`nianbao::input::from_html`, then `nianbao::check` on the
//! text it writes), with blank cells, as real pages and Word/WPS/Excel exports write them.
//!
//! Properties (synthetic reports of `tests/synth`, both templates):
//!
//! - round trip (`html_with_blank_cells_reads_back_exactly`): a report with random blank cells
//!   (single cells, whole columns, whole rows, a mix) in tables 二, 三 and 四, rendered as HTML
//!   that varies
//!   - in spans: the official template's rowspan/colspan on table 三's label columns
//!     (三、本年度办理结果 over its rows, with or without （七）总计; （三）不予公开 over its eight
//!     sub-rows; a label with no sub-label over two or three columns) and headers (申请人情况
//!     over seven columns, 法人或其他组织 over five, 自然人/总计 over two rows, or not merged
//!     vertically), table 二's four columns with value cells spanning the rest of a short row,
//!     table 四's header; rows whose blank trailing cells are simply left out;
//!   - in markup: Word/WPS (`MsoNormal` paragraphs, `<o:p>`, `mso-` styles, lines broken inside
//!     tags, list numbers in `<![if !supportLists]>`, conditional comments, the zero-height row of
//!     `<![if !supportMisalignedColumns]>`, CRLF), CMS editors (styled `<p>`/`<span>`/`<font>`,
//!     `<td><br></td>` blanks, clipboard fragment comments), Excel (`x:num`, classes,
//!     `<colgroup>`), bare HTML (`<td/>`, `&nbsp` without its semicolon); upper-case tags,
//!     bare/double/single-quoted attributes, omitted `</td>` and `</tr>`, `<th>`,
//!     `<thead>`/`<tbody>`, `<br>` inside labels (a vertical label one character a line); blanks
//!     as nothing, `&nbsp;`, U+00A0, U+3000, U+200B, `<o:p></o:p>`, white space, `<br>`, an empty
//!     paragraph, or a placeholder (`/`, `—`, `-`, `无`);
//!   - around the tables: prose as `<p>`/`<div>`/`<h2>`, empty paragraphs, a table's section
//!     heading as its `<caption>` or first row, table 二 as one table per 第二十条 item, a layout
//!     table holding the whole report, page chrome (breadcrumb, source and date line, print/close
//!     links, footer);
//!
//!   reads back every cell exactly: each number `read` with its value, each blank `blank` (not 0,
//!   not missing); and the template, the year and (without page chrome, see
//!   `page_chrome_keeps_the_agency`) the agency;
//! - mutation (`one_changed_number_in_html_is_named`): the same HTML with one table-三 number
//!   changed (not a blank, and in a row or a column whose sum has no blank, so the change shows at
//!   all) gives an error-severity finding that names the cell, its row or its column;
//! - the round trip with no blank cell, every other variant as above
//!   (`html_without_blank_cells_reads_back_exactly`);
//! - the round trip for tables drawn without merged cells, where a short row or a label leaves
//!   empty filler cells (`html_without_merged_cells_reads_back_exactly`).
//!
//! The smallest cases the blank-cell property once shrank to (a whole blank column of table 三, a
//! blank last row of table 三, table 四's first cell blank, table 四 mostly blank) are plain tests
//! below. Two stay `#[ignore]`d, as known limits: the filler cells of tables drawn without merged
//! cells (a row alone cannot tell a filler from a blank cell; the header would), and page chrome
//! before the title hiding the agency. Run them with
//! `cargo test --release --test structure -- --include-ignored`.
//!
//! Plain tests: the real page `pingtan-2024.html` reads every expected cell, and variants of it
//! with 30 number cells of tables 二/三 replaced by `&nbsp;` read those blank and the rest exactly.
//!
//! Every property runs a fixed number of cases from a fixed RNG seed (no failure persistence), so
//! the suite is deterministic. A failure prints the (shrunk) case and writes its HTML and the text
//! read from it under `target/tmp/structure-*.{html,txt}`.

mod synth;

use std::collections::BTreeSet;
use std::path::Path;

use nianbao::input::{self, How};
use nianbao::template::{self, APPLICANT_COLS};
use nianbao::{check, CellRef, Num, Report, Severity, Status, TableKey, Template};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError};
use serde_json::Value;
use synth::{Data, Layout, NumStyle, Rng};

const RNG_SEED: u64 = 0x6e69_616e_6261_6f22;

/// Cases per property.
const CASES: u32 = 640;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(RNG_SEED),
        max_shrink_iters: 1024,
        ..Config::default()
    }
}

fn cell_name(r: &CellRef) -> String {
    match r.row {
        Some(row) => format!("{}.{}.{}", r.table.as_str(), row, r.column),
        None => format!("{}.{}", r.table.as_str(), r.column),
    }
}

// ---------------------------------------------------------------------------------------------
// The case: a report, its blank cells, how its HTML is written
// ---------------------------------------------------------------------------------------------

/// Which cells are blank. Every list shrinks towards no blank at all.
#[derive(Clone, Debug)]
struct BlankPlan {
    /// Share of single cells blanked, in percent.
    cell_pct: u8,
    /// Whole columns of table 三 (of its seven).
    cols3: Vec<usize>,
    /// Whole rows of table 三 (modulo its row count).
    rows3: Vec<usize>,
    /// Whole columns of table 二 (by position: first, second or third value of a row).
    cols2: Vec<usize>,
    /// Whole rows of table 二 (modulo its row count).
    rows2: Vec<usize>,
    /// Cells of table 四 (the "columns" of its one value row).
    cells4: Vec<usize>,
    /// Table 四's value row blank throughout.
    row4: bool,
    seed: u64,
}

fn blank_plan() -> impl Strategy<Value = BlankPlan> {
    let idx = |n: usize, below: usize| prop::collection::vec(0..below, 0..=n);
    (
        prop_oneof![3 => Just(0u8), 4 => 1u8..12, 2 => 12u8..40],
        idx(2, 7),
        idx(3, 25),
        idx(1, 3),
        idx(2, 8),
        idx(3, 15),
        prop::bool::weighted(0.1),
        any::<u64>(),
    )
        .prop_map(
            |(cell_pct, cols3, rows3, cols2, rows2, cells4, row4, seed)| BlankPlan {
                cell_pct,
                cols3,
                rows3,
                cols2,
                rows2,
                cells4,
                row4,
                seed,
            },
        )
}

fn blank_set(data: &Data, plan: &BlankPlan) -> BTreeSet<CellRef> {
    let mut out = BTreeSet::new();
    let mut rng = Rng::new(plan.seed);
    for e in data.expected() {
        if plan.cell_pct > 0 && rng.below(100) < u64::from(plan.cell_pct) {
            out.insert(e.cell_ref());
        }
    }
    let apps = data.application_defs();
    for &i in &plan.cols3 {
        let col = APPLICANT_COLS[i % APPLICANT_COLS.len()].key;
        for d in apps {
            out.insert(CellRef::new(TableKey::Applications, d.key, col));
        }
    }
    for &i in &plan.rows3 {
        let d = &apps[i % apps.len()];
        for c in APPLICANT_COLS {
            out.insert(CellRef::new(TableKey::Applications, d.key, c.key));
        }
    }
    let active = data.active_defs();
    for &p in &plan.cols2 {
        for d in active {
            if let Some(c) = d.cols.get(p) {
                out.insert(CellRef::new(TableKey::ActiveDisclosure, d.key, c.key));
            }
        }
    }
    for &i in &plan.rows2 {
        let d = &active[i % active.len()];
        for c in d.cols {
            out.insert(CellRef::new(TableKey::ActiveDisclosure, d.key, c.key));
        }
    }
    let review: Vec<&'static str> = template::review_keys().collect();
    for &i in &plan.cells4 {
        out.insert(CellRef::new(
            TableKey::ReviewLitigation,
            "",
            review[i % review.len()],
        ));
    }
    if plan.row4 {
        for k in review {
            out.insert(CellRef::new(TableKey::ReviewLitigation, "", k));
        }
    }
    out
}

/// Who wrote the HTML: the markup around cells and paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavour {
    /// Bare `<td>5</td>`.
    Plain,
    /// A CMS editor (UEditor, KindEditor …): styled `<p>`/`<span>`, `<td><br></td>` blanks.
    Cms,
    /// Word or WPS "save as web page": `MsoNormal`, `<o:p>`, `mso-` styles, lines broken in tags.
    Word,
    /// Excel "save as web page": `x:num`, classes, empty cells.
    Excel,
}

/// How the HTML is marked up. Booleans shrink towards the plainest HTML.
#[derive(Clone, Debug)]
struct Style {
    flavour: Flavour,
    upper: bool,
    /// 0 bare values where possible, 1 double quotes, 2 single quotes, 3 any per attribute.
    quote: u8,
    omit_ends: bool,
    th: bool,
    sections: bool,
    br_labels: bool,
    /// CRLF line ends (Word's files).
    crlf: bool,
    /// Some blanks written as placeholders (`/`, `—`, `-`, `无`).
    placeholders: bool,
    /// How numbers are spelled: 0 plain, 1 thousands separators, 2 full-width digits.
    numbers: u8,
    seed: u64,
}

fn style() -> impl Strategy<Value = Style> {
    (
        prop_oneof![
            Just(Flavour::Plain),
            Just(Flavour::Cms),
            Just(Flavour::Word),
            Just(Flavour::Excel)
        ],
        any::<bool>(),
        0u8..4,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.2),
        prop_oneof![6 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
        any::<u64>(),
    )
        .prop_map(
            |(
                flavour,
                upper,
                quote,
                omit_ends,
                th,
                sections,
                br_labels,
                crlf,
                placeholders,
                numbers,
                seed,
            )| Style {
                flavour,
                upper,
                quote,
                omit_ends,
                th,
                sections,
                br_labels,
                crlf,
                placeholders,
                numbers,
                seed,
            },
        )
}

/// How the tables and the page are laid out.
#[derive(Clone, Debug)]
struct Shape {
    /// A layout table holding the whole report.
    layout_table: bool,
    /// Page chrome around the report (breadcrumb, source and date, print/close links, footer).
    chrome: bool,
    /// Table 三's header without vertical merges (empty cells under the note, 自然人 and 总计).
    header_unmerged: bool,
    /// Table 二 as one table per 第二十条 item.
    split_table2: bool,
    /// 三、本年度办理结果 spans the result rows only; （七）总计 spans the three label columns.
    total_outside: bool,
    /// 三、本年度办理结果 written one character a line.
    vertical_outer: bool,
    /// Each table's section heading as its first row (a cell across the table).
    heading_in_table: bool,
    /// Rows whose trailing cells are blank leave those cells out.
    short_rows: bool,
    /// No merged cells where a row is short or a label has no sub-label: empty filler cells.
    unmerged: bool,
}

fn shape(unmerged: bool) -> impl Strategy<Value = Shape> {
    let p = |x: f64| prop::bool::weighted(x);
    (
        p(0.3),
        p(0.3),
        p(0.3),
        p(0.3),
        p(0.3),
        p(0.2),
        p(0.2),
        p(0.3),
    )
        .prop_map(
            move |(
                layout_table,
                chrome,
                header_unmerged,
                split_table2,
                total_outside,
                vertical_outer,
                heading_in_table,
                short_rows,
            )| Shape {
                layout_table,
                chrome,
                header_unmerged,
                split_table2,
                total_outside,
                vertical_outer,
                heading_in_table,
                short_rows,
                unmerged,
            },
        )
}

#[derive(Clone, Debug)]
struct Case {
    seed: u64,
    blanks: BlankPlan,
    style: Style,
    shape: Shape,
}

fn case(unmerged: bool) -> impl Strategy<Value = Case> {
    (any::<u64>(), blank_plan(), style(), shape(unmerged)).prop_map(
        |(seed, blanks, style, shape)| Case {
            seed,
            blanks,
            style,
            shape,
        },
    )
}

/// A case made concrete: the report's data, its prose, its blank cells.
struct Concrete {
    data: Data,
    /// The report's prose lines (title, paragraphs, headings), in order.
    prose: Vec<String>,
    blanks: BTreeSet<CellRef>,
}

impl Concrete {
    fn new(c: &Case) -> Concrete {
        let s = synth::generate(c.seed, Layout::Tsv);
        // In the tab-separated layout every table line holds a tab and no prose line does.
        let prose = s
            .text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains('\t'))
            .map(str::to_string)
            .collect();
        let blanks = blank_set(&s.data, &c.blanks);
        Concrete {
            data: s.data,
            prose,
            blanks,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The HTML writer
// ---------------------------------------------------------------------------------------------

struct W<'a> {
    s: String,
    rng: Rng,
    st: &'a Style,
    num: NumStyle,
    /// Whether each open table was wrapped in a `<div>`.
    wrapped: Vec<bool>,
    /// The width of the table being written (for Word's zero-height row).
    width: usize,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The 第二十条 item a row of table 二 falls under.
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

impl<'a> W<'a> {
    fn new(st: &'a Style) -> W<'a> {
        W {
            s: String::new(),
            rng: Rng::new(st.seed),
            st,
            num: match st.numbers {
                1 => NumStyle::Thousands,
                2 => NumStyle::FullWidth,
                _ => NumStyle::Plain,
            },
            wrapped: Vec::new(),
            width: 0,
        }
    }

    fn chance(&mut self, p: u64) -> bool {
        self.rng.chance(p)
    }

    fn name(&self, n: &str) -> String {
        if self.st.upper {
            n.to_ascii_uppercase()
        } else {
            n.to_string()
        }
    }

    /// `name=value` quoted as the style says.
    fn attr(&mut self, name: &str, value: &str) -> String {
        let q = match self.st.quote {
            3 => self.rng.below(3) as u8,
            q => q,
        };
        let bare_ok = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '%' | ':' | '_'));
        let name = self.name(name);
        match q {
            0 if bare_ok => format!("{name}={value}"),
            2 if !value.contains('\'') => format!("{name}='{value}'"),
            _ => format!("{name}=\"{}\"", value.replace('"', "&quot;")),
        }
    }

    /// A start tag with its attributes; Word breaks long tags over lines between attributes.
    fn start(&mut self, name: &str, attrs: &[String]) -> String {
        let mut t = format!("<{}", self.name(name));
        for a in attrs {
            if self.st.flavour == Flavour::Word && self.chance(25) {
                t.push('\n');
            } else {
                t.push(' ');
            }
            t.push_str(a);
        }
        t.push('>');
        t
    }

    fn end(&self, name: &str) -> String {
        format!("</{}>", self.name(name))
    }

    fn push(&mut self, s: &str) {
        self.s.push_str(s);
    }

    fn nl(&mut self) {
        if self.chance(60) {
            self.s.push('\n');
        }
    }

    // -- Text -----------------------------------------------------------------------------------

    /// A label's text with `<br>`s (never inside or just after an item's number "1."; after every
    /// character when `vertical`) and inline markup.
    fn label_text(&mut self, text: &str, vertical: bool) -> String {
        let chars: Vec<char> = text.chars().collect();
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        let marker_len = if digits > 0 && chars.get(digits) == Some(&'.') {
            digits + 1
        } else {
            0
        };
        let mut breaks = BTreeSet::new();
        if vertical {
            breaks.extend(1..chars.len());
        } else if self.st.br_labels && chars.len() > 3 {
            for _ in 0..1 + self.rng.below(3) {
                let at = 1 + self.rng.below(chars.len() as u64 - 1) as usize;
                if at > marker_len + 1 {
                    breaks.insert(at);
                }
            }
        }
        let mut out = String::new();
        for (i, c) in chars.iter().enumerate() {
            if breaks.contains(&i) {
                out.push_str(&match self.rng.below(4) {
                    0 => self.name("<br/>"),
                    1 => self.name("<br />"),
                    _ => self.name("<br>"),
                });
                if self.chance(30) {
                    out.push('\n');
                }
            }
            out.push_str(&esc(&c.to_string()));
        }
        match self.st.flavour {
            Flavour::Word => {
                // A numbered item ("1.属于国家秘密") as a Word list paragraph.
                let body = if marker_len >= 2 && self.chance(40) {
                    let marker: String = chars[..marker_len].iter().collect();
                    let rest: String = out.chars().skip(marker_len).collect();
                    format!(
                        "<![if !supportLists]><span lang=EN-US style='mso-bidi-font-size:10.5pt'><span\nstyle='mso-list:Ignore'>{marker}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;\n</span></span></span><![endif]><span style='font-family:宋体'>{rest}</span>"
                    )
                } else {
                    let attrs = ["style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\"'".to_string()];
                    let span = self.start("span", &attrs);
                    format!("{span}{out}{}", self.end("span"))
                };
                let attrs = [
                    "class=MsoNormal".to_string(),
                    "align=center".to_string(),
                    "style='text-align:center;mso-pagination:widow-orphan'".to_string(),
                ];
                let p = self.start("p", &attrs);
                format!(
                    "\n  {p}{body}<span lang=EN-US><o:p></o:p></span>{}\n  ",
                    self.end("p")
                )
            }
            Flavour::Cms => match self.rng.below(5) {
                0 => format!("<p style=\"text-align: center;\">{out}</p>"),
                1 => format!(
                    "<span style=\"font-family: 宋体, SimSun; font-size: 14px;\">{out}</span>"
                ),
                2 => format!("<font face=\"宋体\" size=\"2\">{out}</font>"),
                3 => format!("<p><strong>{out}</strong></p>"),
                _ => out,
            },
            Flavour::Excel | Flavour::Plain => {
                if self.chance(15) {
                    format!("{}{out}{}", self.name("<b>"), self.name("</b>"))
                } else {
                    out
                }
            }
        }
    }

    /// A number's text with inline markup. The random draws do not depend on the value, so a
    /// re-render with one value changed makes the same choices.
    fn number_text(&mut self, v: Num) -> String {
        let spelled = self.num.spell(v);
        let split = self.rng.below(1000);
        let pick = self.rng.below(6);
        match self.st.flavour {
            Flavour::Word => {
                let chars: Vec<char> = spelled.chars().collect();
                // Word splits runs where the revision ids change: "1" "23".
                let runs = if chars.len() > 1 && split < 200 {
                    let at = 1 + (split as usize) % (chars.len() - 1);
                    let a: String = chars[..at].iter().collect();
                    let b: String = chars[at..].iter().collect();
                    format!("<span lang=EN-US style='font-size:10.5pt'>{a}</span><span\nlang=EN-US style='font-size:10.5pt;mso-bidi-font-size:11.0pt'>{b}</span>")
                } else {
                    format!("<span lang=EN-US style='font-size:10.5pt;mso-bidi-font-size:11.0pt'>{spelled}<o:p></o:p></span>")
                };
                let attrs = [
                    "class=MsoNormal".to_string(),
                    "align=center".to_string(),
                    "style='text-align:center'".to_string(),
                ];
                let p = self.start("p", &attrs);
                let (b0, b1) = if pick == 0 {
                    ("<b style='mso-bidi-font-weight:normal'>", "</b>")
                } else {
                    ("", "")
                };
                format!("\n  {p}{b0}{runs}{b1}{}\n  ", self.end("p"))
            }
            Flavour::Cms => match pick {
                0 => format!("<p style=\"text-indent: 0em;\">{spelled}</p>"),
                1 => format!("<p style=\"text-align:center\"><span style=\"font-family: 'Times New Roman';\">{spelled}</span></p>"),
                2 => format!("<span style=\"font-size: 16px;\">{spelled}</span>"),
                3 => format!("&nbsp;{spelled}&nbsp;"),
                4 => format!("<font face=\"Times New Roman\">{spelled}</font>"),
                _ => spelled,
            },
            Flavour::Excel => spelled,
            Flavour::Plain => {
                if pick == 0 {
                    format!(" {spelled}\n")
                } else {
                    spelled
                }
            }
        }
    }

    /// A blank cell's content: nothing, only white space and markup, or a placeholder.
    fn blank_text(&mut self) -> String {
        let common = [
            "",
            "&nbsp;",
            "\u{a0}",
            " ",
            "\n  ",
            "&#160;",
            "\u{3000}",
            "<o:p></o:p>",
            "\u{200b}",
            "&#8203;",
        ];
        let k = self.rng.below(100);
        let placeholder = self.rng.below(100);
        if self.st.placeholders && placeholder < 25 {
            return ["/", "—", "-", "无"][placeholder as usize % 4].to_string();
        }
        match self.st.flavour {
            Flavour::Word => match k {
                0..=59 => self.word_para("<span lang=EN-US><o:p>&nbsp;</o:p></span>"),
                60..=79 => {
                    self.word_para("<span lang=EN-US style='font-size:10.5pt'><o:p></o:p></span>")
                }
                _ => common[k as usize % common.len()].to_string(),
            },
            Flavour::Cms => match k {
                0..=29 => self.name("<br>"),
                30..=44 => "<br/>".to_string(),
                45..=59 => "<p><br/></p>".to_string(),
                60..=69 => "<p>&nbsp;</p>".to_string(),
                70..=74 => "<span style=\"font-size:14px\">&nbsp;</span>".to_string(),
                _ => common[k as usize % common.len()].to_string(),
            },
            // A legacy reference without its semicolon, as browsers still read it.
            Flavour::Plain if k < 10 => "&nbsp".to_string(),
            Flavour::Excel | Flavour::Plain => common[k as usize % common.len()].to_string(),
        }
    }

    fn word_para(&mut self, inner: &str) -> String {
        let attrs = [
            "class=MsoNormal".to_string(),
            "align=center".to_string(),
            "style='text-align:center'".to_string(),
        ];
        let p = self.start("p", &attrs);
        format!("\n  {p}{inner}{}\n  ", self.end("p"))
    }

    // -- Table structure ------------------------------------------------------------------------

    /// Opens a table `width` grid columns wide.
    fn table_start(&mut self, width: usize) {
        self.width = width;
        let wrap = self.st.flavour == Flavour::Word && self.chance(50);
        self.wrapped.push(wrap);
        if wrap {
            self.push("<div align=center>\n\n");
        }
        let attrs: Vec<String> = match self.st.flavour {
            Flavour::Word => vec![
                "class=MsoNormalTable".to_string(),
                self.attr("border", "1"),
                self.attr("cellspacing", "0"),
                self.attr("cellpadding", "0"),
                self.attr("width", "595"),
                "style='width:446.05pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'".to_string(),
            ],
            Flavour::Cms => vec![
                self.attr("style", "font-family: 'Times New Roman';font-size: 13px;border-collapse: collapse;border: none;width: auto !important;margin: 0 auto;"),
                self.attr("cellspacing", "0"),
                self.attr("align", "center"),
                self.attr("border", "1"),
            ],
            Flavour::Excel => vec![
                self.attr("border", "0"),
                self.attr("cellpadding", "0"),
                self.attr("cellspacing", "0"),
                self.attr("width", "1032"),
                "style='border-collapse:collapse;table-layout:fixed;width:774pt'".to_string(),
            ],
            Flavour::Plain => {
                if self.chance(50) {
                    vec![self.attr("border", "1")]
                } else {
                    vec![]
                }
            }
        };
        let t = self.start("table", &attrs);
        self.push(&t);
        self.nl();
        let colgroup = self.st.flavour == Flavour::Excel || self.chance(15);
        if colgroup {
            let col_attrs = [
                self.attr("width", "72"),
                self.attr("span", &width.to_string()),
            ];
            let cg = format!(
                "{}{}{}",
                self.start("colgroup", &[]),
                self.start("col", &col_attrs),
                self.end("colgroup")
            );
            self.push(&cg);
            self.nl();
        }
    }

    fn table_end(&mut self) {
        if self.st.flavour == Flavour::Word && self.chance(50) {
            // Word's row fixing the column grid of a table whose rows have misaligned columns.
            self.push("<![if !supportMisalignedColumns]>\n <tr height=0>\n");
            for _ in 0..self.width {
                let w = 30 + self.rng.below(100);
                self.push(&format!("  <td width={w} style='border:none'></td>\n"));
            }
            self.push(" </tr>\n <![endif]>\n");
        }
        let e = self.end("table");
        self.push(&e);
        self.nl();
        if self.wrapped.pop() == Some(true) {
            self.push("\n</div>\n");
        }
    }

    fn section(&mut self, name: &str, open: bool) {
        if self.st.sections {
            let t = if open {
                self.start(name, &[])
            } else {
                self.end(name)
            };
            self.push(&t);
            self.nl();
        }
    }

    fn row_start(&mut self, i: usize) {
        let attrs: Vec<String> = match self.st.flavour {
            Flavour::Word => vec![format!(
                "style='mso-yfti-irow:{i};{}height:18.75pt'",
                if i == 0 { "mso-yfti-firstrow:yes;" } else { "" }
            )],
            Flavour::Cms => vec![self.attr("style", "height: 19px")],
            Flavour::Excel => vec![
                self.attr("height", "24"),
                "style='height:18.0pt'".to_string(),
            ],
            Flavour::Plain => vec![],
        };
        let t = self.start("tr", &attrs);
        self.push(&t);
        self.nl();
    }

    fn row_end(&mut self) {
        if !(self.st.omit_ends && self.chance(60)) {
            let e = self.end("tr");
            self.push(&e);
        }
        self.nl();
    }

    /// One cell: `content` already marked up.
    fn cell(&mut self, header: bool, colspan: usize, rowspan: usize, content: &str, number: bool) {
        let tag = if header && self.st.th { "th" } else { "td" };
        let mut attrs: Vec<String> = Vec::new();
        let mut spans: Vec<String> = Vec::new();
        if colspan > 1 {
            spans.push(self.attr("colspan", &colspan.to_string()));
        }
        if rowspan > 1 {
            spans.push(self.attr("rowspan", &rowspan.to_string()));
        }
        if self.chance(50) {
            spans.reverse();
        }
        match self.st.flavour {
            Flavour::Word => {
                let width = (40 + self.rng.below(200)).to_string();
                attrs.push(self.attr("width", &width));
                attrs.append(&mut spans);
                attrs.push(self.attr("valign", "top"));
                attrs.push("style='width:42.5pt;border-top:none;border-left:none;border-bottom:solid windowtext 1.0pt;border-right:solid windowtext 1.0pt;mso-border-top-alt:solid windowtext .5pt;mso-border-left-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:18.75pt'".to_string());
            }
            Flavour::Cms => {
                if self.chance(50) {
                    attrs.append(&mut spans);
                }
                attrs.push(self.attr(
                    "style",
                    "padding: 0 4px;border-left: none;border-right: 1px solid windowtext;border-top: none;border-bottom: 1px solid windowtext",
                ));
                attrs.push(self.attr("valign", "center"));
                attrs.append(&mut spans);
            }
            Flavour::Excel => {
                attrs.append(&mut spans);
                attrs.push(self.attr("class", if number { "xl66" } else { "xl65" }));
                attrs.push(self.name(if number { "x:num" } else { "x:str" }));
            }
            Flavour::Plain => attrs.append(&mut spans),
        }
        let t = self.start(tag, &attrs);
        if content.is_empty() && self.st.flavour == Flavour::Plain && self.chance(20) {
            // An XHTML-style empty cell.
            self.push(&t.replace('>', "/>"));
            self.nl();
            return;
        }
        self.push(&t);
        self.push(content);
        if !(self.st.omit_ends && self.chance(60)) {
            let e = self.end(tag);
            self.push(&e);
        }
        self.nl();
    }

    fn label(&mut self, header: bool, colspan: usize, rowspan: usize, text: &str) {
        let t = self.label_text(text, false);
        self.cell(header, colspan, rowspan, &t, false);
    }

    /// A row label: a `<th>` now and then when header cells are.
    fn row_label(&mut self, colspan: usize, rowspan: usize, text: &str, vertical: bool) {
        let th = self.chance(30);
        let t = self.label_text(text, vertical);
        self.cell(th, colspan, rowspan, &t, false);
    }

    /// An empty cell that holds no value (a filler where cells are not merged).
    fn filler(&mut self, header: bool) {
        let t = self.blank_text();
        let t = if ["/", "—", "-", "无"].contains(&t.as_str()) {
            String::new()
        } else {
            t
        };
        self.cell(header, 1, 1, &t, false);
    }

    /// A value cell: the number, or a blank.
    fn value(&mut self, v: Option<Num>, colspan: usize) {
        // Both drawn whatever the value, so a re-render makes the same choices.
        let number = v.map(|v| self.number_text(v));
        let blank = self.blank_text();
        let t = number.unwrap_or(blank);
        self.cell(false, colspan, 1, &t, v.is_some());
    }

    /// A row's value cells; with `short`, trailing blanks are left out of the row.
    fn values(&mut self, vals: &[(Option<Num>, usize)], short: bool) {
        let keep = if short {
            vals.iter()
                .rposition(|(v, _)| v.is_some())
                .map_or(0, |i| i + 1)
        } else {
            vals.len()
        };
        for (i, &(v, span)) in vals.iter().enumerate() {
            if i < keep {
                self.value(v, span);
            } else {
                // Drawn all the same, so that a re-render makes the same choices.
                let _ = self.blank_text();
            }
        }
    }

    // -- Prose ----------------------------------------------------------------------------------

    fn paragraph(&mut self, text: &str, heading: bool) {
        let t = esc(text);
        let html = match self.st.flavour {
            Flavour::Word => {
                let font = if heading { "黑体" } else { "仿宋_GB2312" };
                format!(
                    "<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly'><span\nstyle='font-size:16.0pt;font-family:{font};mso-hansi-font-family:\"Times New Roman\"'>{t}<span\nlang=EN-US><o:p></o:p></span></span></p>\n"
                )
            }
            Flavour::Cms => match (heading, self.rng.below(4)) {
                (true, 0) => format!("<h2>{t}</h2>"),
                (true, 1) => format!("<p style=\"text-indent: 2em;\"><strong>{t}</strong></p>"),
                (true, _) => format!(
                    "<p style=\"text-indent: 2em;\"><span style=\"font-family: 黑体, SimHei;\">{t}&nbsp;</span></p>"
                ),
                (false, 0) => format!("<div style=\"text-indent: 2em;\">{t}</div>"),
                (false, 1) => format!("&nbsp;&nbsp;&nbsp;&nbsp;{t}<br>"),
                (false, _) => format!("<p style=\"text-indent: 2em;\">{t}</p>"),
            },
            Flavour::Excel | Flavour::Plain => {
                let tag = if heading && self.chance(50) {
                    "h2"
                } else if self.chance(30) {
                    "div"
                } else {
                    "p"
                };
                format!("{}{t}{}", self.start(tag, &[]), self.end(tag))
            }
        };
        self.push(&html);
        if self.chance(15) {
            // An empty paragraph between paragraphs.
            let e = match self.st.flavour {
                Flavour::Word => "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>",
                _ => "<p>&nbsp;</p>",
            };
            self.push(e);
        }
        self.nl();
    }

    fn title(&mut self, text: &str) {
        let t = esc(text);
        let html = match self.st.flavour {
            Flavour::Word => format!(
                "<p class=MsoNormal align=center style='text-align:center'><b><span\nstyle='font-size:22.0pt;font-family:方正小标宋简体'>{t}<span lang=EN-US><o:p></o:p></span></span></b></p>\n"
            ),
            Flavour::Cms => format!("<h1 class=\"title\">{t}</h1>\n"),
            _ => format!("{}{t}{}\n", self.start("h1", &[]), self.end("h1")),
        };
        self.push(&html);
    }
}

// ---------------------------------------------------------------------------------------------
// The report as HTML
// ---------------------------------------------------------------------------------------------

fn value_of(data: &Data, blanks: &BTreeSet<CellRef>, c: CellRef) -> Option<Num> {
    if blanks.contains(&c) {
        None
    } else {
        data.get(c.table, c.row.unwrap_or(""), c.column)
    }
}

/// A table's section heading as its first row, when the shape says so (else it was a paragraph).
/// Written right after the table's start tag: a `<caption>`, or a first row across the table.
fn heading_row(w: &mut W, heading: Option<&str>, width: usize) {
    if let Some(h) = heading {
        if w.chance(40) {
            let t = w.label_text(h, false);
            let caption = format!("{}{t}{}", w.name("<caption>"), w.name("</caption>"));
            w.push(&caption);
            w.nl();
        } else {
            w.row_start(0);
            w.label(true, width, 1, h);
            w.row_end();
        }
    }
}

fn table2(
    w: &mut W,
    shape: &Shape,
    data: &Data,
    blanks: &BTreeSet<CellRef>,
    heading: Option<&str>,
) {
    let defs = data.active_defs();
    // Blocks of rows sharing a caption.
    let mut blocks: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for (i, d) in defs.iter().enumerate() {
        let cap = active_item(d.key);
        match blocks.last_mut() {
            Some((c, rows)) if *c == cap => rows.push(i),
            _ => blocks.push((cap, vec![i])),
        }
    }
    // Which cell of a short row spans the rest: the last (usual) or the first.
    let span_last = w.chance(80);
    let mut row_no = 0;
    let one_table = !shape.split_table2;
    if one_table {
        w.table_start(4);
        heading_row(w, heading, 4);
        w.section("tbody", true);
    }
    for (b, (cap, rows)) in blocks.iter().enumerate() {
        if !one_table {
            w.table_start(4);
            if b == 0 {
                heading_row(w, heading, 4);
            }
            w.section("tbody", true);
        }
        w.row_start(row_no);
        row_no += 1;
        w.label(true, 4, 1, cap);
        w.row_end();
        let cols = defs[rows[0]].cols;
        let widths = spans_for(cols.len(), span_last);
        w.row_start(row_no);
        row_no += 1;
        w.label(true, 1, 1, "信息内容");
        for (c, span) in cols.iter().zip(&widths) {
            if shape.unmerged {
                w.label(true, 1, 1, c.label);
                for _ in 1..*span {
                    w.filler(true);
                }
            } else {
                w.label(true, *span, 1, c.label);
            }
        }
        w.row_end();
        for &r in rows {
            let d = &defs[r];
            w.row_start(row_no);
            row_no += 1;
            w.row_label(1, 1, d.label, false);
            if shape.unmerged {
                for (c, span) in d.cols.iter().zip(&widths) {
                    let cr = CellRef::new(TableKey::ActiveDisclosure, d.key, c.key);
                    w.value(value_of(data, blanks, cr), 1);
                    for _ in 1..*span {
                        w.filler(false);
                    }
                }
            } else {
                let vals: Vec<(Option<Num>, usize)> = d
                    .cols
                    .iter()
                    .zip(&widths)
                    .map(|(c, span)| {
                        let cr = CellRef::new(TableKey::ActiveDisclosure, d.key, c.key);
                        (value_of(data, blanks, cr), *span)
                    })
                    .collect();
                let short = shape.short_rows && w.chance(50);
                w.values(&vals, short);
            }
            w.row_end();
        }
        if !one_table {
            w.section("tbody", false);
            w.table_end();
        }
    }
    if one_table {
        w.section("tbody", false);
        w.table_end();
    }
}

/// Column spans of a row of `n` values in table 二's three value columns.
fn spans_for(n: usize, span_last: bool) -> Vec<usize> {
    let extra = 3usize.saturating_sub(n);
    (0..n)
        .map(|i| {
            let spanning = if span_last { i == n - 1 } else { i == 0 };
            1 + if spanning { extra } else { 0 }
        })
        .collect()
}

/// Table 三's row labels in its three label columns: `outer` (一、… 四、), `mid` ((一)…(七)) and
/// `item` (1. 2. …); a group label only on the first row of its span.
struct AppLabels {
    outer: &'static str,
    mid: &'static str,
    item: &'static str,
    inside: bool,
    mid_span: usize,
}

fn app_labels(data: &Data) -> Vec<AppLabels> {
    let defs = data.application_defs();
    let n = defs.len();
    let mut out: Vec<AppLabels> = Vec::new();
    for (i, d) in defs.iter().enumerate() {
        let inside = i >= 2 && i < n - 1;
        let short = template::short_label(d.label);
        let group = d
            .label
            .strip_prefix('[')
            .and_then(|r| r.find(']').map(|e| &r[..e]));
        let mut l = AppLabels {
            outer: "",
            mid: "",
            item: "",
            inside,
            mid_span: 0,
        };
        if !inside {
            l.outer = short;
        } else {
            match group {
                Some(g) if g.starts_with("三、") => {
                    l.outer = g;
                    l.mid = short;
                    l.mid_span = 1;
                }
                Some(g) => {
                    l.mid = g;
                    l.item = short;
                    l.mid_span = 1;
                }
                None if d.marker.is_some() => {
                    l.item = short;
                    if let Some(o) = out.iter_mut().rev().find(|r| !r.mid.is_empty()) {
                        o.mid_span += 1;
                    }
                }
                None => {
                    l.mid = short;
                    l.mid_span = 1;
                }
            }
        }
        out.push(l);
    }
    out
}

const NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
const ORG_HEADS: [&str; 5] = [
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
];

fn table3(
    w: &mut W,
    shape: &Shape,
    data: &Data,
    blanks: &BTreeSet<CellRef>,
    heading: Option<&str>,
) {
    let labels = app_labels(data);
    let mut inside = labels.iter().filter(|l| l.inside).count();
    if shape.total_outside {
        inside -= 1;
    }
    let un = shape.header_unmerged;
    w.table_start(10);
    // Header.
    heading_row(w, heading, 10);
    w.section("thead", true);
    w.row_start(0);
    w.label(true, 3, if un { 1 } else { 3 }, NOTE);
    w.label(true, 7, 1, "申请人情况");
    w.row_end();
    w.row_start(1);
    if un {
        w.cell(true, 3, 1, "", false);
    }
    w.label(true, 1, if un { 1 } else { 2 }, "自然人");
    w.label(true, 5, 1, "法人或其他组织");
    w.label(true, 1, if un { 1 } else { 2 }, "总计");
    w.row_end();
    w.row_start(2);
    if un {
        w.cell(true, 3, 1, "", false);
        w.cell(true, 1, 1, "", false);
    }
    for h in ORG_HEADS {
        w.label(true, 1, 1, h);
    }
    if un {
        w.cell(true, 1, 1, "", false);
    }
    w.row_end();
    w.section("thead", false);
    w.section("tbody", true);
    for (i, (l, d)) in labels.iter().zip(data.application_defs()).enumerate() {
        w.row_start(3 + i);
        // Label columns: a label with no sub-label spans the columns to its right, or (unmerged)
        // leaves empty cells there.
        let wide = |w: &mut W, span: usize, text: &str| {
            if shape.unmerged {
                w.row_label(1, 1, text, false);
                for _ in 1..span {
                    w.filler(false);
                }
            } else {
                w.row_label(span, 1, text, false);
            }
        };
        let total_alone = shape.total_outside && d.key == "total";
        if !l.inside || total_alone {
            wide(w, 3, if total_alone { l.mid } else { l.outer });
        } else {
            if !l.outer.is_empty() {
                w.row_label(1, inside, l.outer, shape.vertical_outer);
            }
            match (l.mid.is_empty(), l.item.is_empty()) {
                (false, true) => wide(w, 2, l.mid),
                (false, false) => {
                    w.row_label(1, l.mid_span, l.mid, false);
                    w.row_label(1, 1, l.item, false);
                }
                (true, _) => w.row_label(1, 1, l.item, false),
            }
        }
        let vals: Vec<(Option<Num>, usize)> = APPLICANT_COLS
            .iter()
            .map(|c| {
                let cr = CellRef::new(TableKey::Applications, d.key, c.key);
                (value_of(data, blanks, cr), 1)
            })
            .collect();
        let short = shape.short_rows && w.chance(50);
        w.values(&vals, short);
        w.row_end();
    }
    w.section("tbody", false);
    w.table_end();
}

fn table4(
    w: &mut W,
    shape: &Shape,
    data: &Data,
    blanks: &BTreeSet<CellRef>,
    heading: Option<&str>,
) {
    let parts = template::REVIEW_CELL_LABELS;
    w.table_start(15);
    heading_row(w, heading, 15);
    w.section("thead", true);
    w.row_start(0);
    w.label(true, 5, 1, "行政复议");
    w.label(true, 10, 1, "行政诉讼");
    w.row_end();
    w.row_start(1);
    for p in parts {
        w.label(true, 1, 2, p);
    }
    w.label(true, 5, 1, "未经复议直接起诉");
    w.label(true, 5, 1, "复议后起诉");
    w.row_end();
    w.row_start(2);
    for _ in 0..2 {
        for p in parts {
            w.label(true, 1, 1, p);
        }
    }
    w.row_end();
    w.section("thead", false);
    w.section("tbody", true);
    w.row_start(3);
    let vals: Vec<(Option<Num>, usize)> = template::review_keys()
        .map(|k| {
            let cr = CellRef::new(TableKey::ReviewLitigation, "", k);
            (value_of(data, blanks, cr), 1)
        })
        .collect();
    let short = shape.short_rows && w.chance(50);
    w.values(&vals, short);
    w.row_end();
    w.section("tbody", false);
    w.table_end();
}

/// The report as an HTML page.
fn render(r: &Concrete, data: &Data, st: &Style, shape: &Shape) -> String {
    let mut w = W::new(st);
    let title = r.prose.first().cloned().unwrap_or_default();
    // Head.
    match st.flavour {
        Flavour::Word => w.push(&format!(
            "<html xmlns:v=\"urn:schemas-microsoft-com:vml\"\nxmlns:o=\"urn:schemas-microsoft-com:office:office\"\nxmlns:w=\"urn:schemas-microsoft-com:office:word\"\nxmlns=\"http://www.w3.org/TR/REC-html40\">\n\n<head>\n<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">\n<meta name=ProgId content=Word.Document>\n<meta name=Generator content=\"Microsoft Word 15\">\n<title>{t}</title>\n<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>admin</o:Author>\n  <o:Pages>3</o:Pages>\n  <o:Words>1234</o:Words>\n  <o:Characters>7042</o:Characters>\n  <o:Version>16.00</o:Version>\n </o:DocumentProperties>\n</xml><![endif]-->\n<style>\n<!--\n /* Font Definitions */\n @font-face\n\t{{font-family:宋体;\n\tpanose-1:2 1 6 0 3 1 1 1 1 1;}}\np.MsoNormal\n\t{{margin:0cm;text-align:justify;font-size:10.5pt;}}\n-->\n</style>\n<!--[if gte mso 10]>\n<style>\n table.MsoNormalTable\n\t{{mso-style-name:普通表格;}}\n</style>\n<![endif]-->\n</head>\n\n<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n\n<div class=WordSection1 style='layout-grid:15.6pt'>\n\n",
            t = esc(&title)
        )),
        _ => {
            let html = w.name("<html>");
            let head = w.name("<head>");
            w.push(&format!(
                "<!DOCTYPE html>\n{html}\n{head}<meta charset=\"utf-8\"><title>{}</title><script>var pv = 12345; document.write('<p>2024</p>');</script><style>td {{ padding: 3px }} .a:after {{ content: '7' }}</style></head>\n<body>\n",
                esc(&title)
            ));
        }
    }
    let fragment = st.flavour != Flavour::Word && w.chance(30);
    if fragment {
        // What a browser's clipboard holds around copied content.
        w.push("<!--StartFragment-->");
    }
    if shape.chrome {
        let (day, hits) = (10 + w.rng.below(18), 100 + w.rng.below(5000));
        w.push(&format!(
            "<div class=\"crumb\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 政府信息公开年报</div>\n<div class=\"info\">来源：{}&nbsp;&nbsp;发布时间：{}-01-{day:02}&nbsp;&nbsp;浏览次数：<span id=\"hits\">{hits}</span></div>\n<div>【字体：<a>大</a> <a>中</a> <a>小</a>】</div>\n",
            data.agency,
            data.year + 1,
        ));
    }
    if shape.layout_table {
        let attrs = [w.attr("width", "100%"), w.attr("border", "0")];
        let t = w.start("table", &attrs);
        w.push(&t);
        w.nl();
        if w.chance(50) {
            // A first layout row holding the title only.
            w.push("<tr><td class=\"title\" align=\"center\">");
            w.title(&title);
            w.push("</td></tr>\n<tr><td>\n");
        } else {
            w.push("<tr><td>\n");
            w.title(&title);
        }
    } else {
        w.title(&title);
    }
    for line in r.prose.iter().skip(1) {
        let heading = ["一、", "二、", "三、", "四、", "五、", "六、"]
            .iter()
            .any(|p| line.starts_with(p));
        let table = ["二、", "三、", "四、"]
            .iter()
            .position(|p| line.starts_with(p));
        // A table's heading as its first row, or a paragraph before it.
        let in_table = table.is_some() && shape.heading_in_table;
        if !in_table {
            w.paragraph(line, heading);
        }
        let h = in_table.then_some(line.as_str());
        match table {
            Some(0) => table2(&mut w, shape, data, &r.blanks, h),
            Some(1) => table3(&mut w, shape, data, &r.blanks, h),
            Some(_) => table4(&mut w, shape, data, &r.blanks, h),
            None => {}
        }
    }
    if shape.layout_table {
        w.push("</td></tr>\n");
        if w.chance(50) {
            w.push("<tr><td align=\"right\">【<a href=\"javascript:window.print()\">打印本页</a>】【<a href=\"javascript:window.close()\">关闭窗口</a>】</td></tr>\n");
        }
        let e = w.end("table");
        w.push(&e);
    }
    if shape.chrome {
        w.push("\n<div class=\"footer\"><p>主办单位：某某市人民政府办公室</p><p>网站标识码：3500000001&nbsp;&nbsp;闽ICP备12345678号</p></div>\n");
    }
    if fragment {
        w.push("<!--EndFragment-->");
    }
    match st.flavour {
        Flavour::Word => w.push("\n</div>\n\n</body>\n\n</html>\n"),
        _ => {
            let b = w.end("body");
            let h = w.end("html");
            w.push(&format!("\n{b}\n{h}\n"));
        }
    }
    if st.crlf {
        w.s.replace('\n', "\r\n")
    } else {
        w.s
    }
}

// ---------------------------------------------------------------------------------------------
// Checking a case
// ---------------------------------------------------------------------------------------------

/// Writes a failing case's HTML and text where they can be opened, and says where.
fn dump(tag: &str, html: &str, text: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("structure-{tag}.html"));
    let tpath = dir.join(format!("structure-{tag}.txt"));
    if std::fs::write(&path, html).is_ok() && std::fs::write(&tpath, text).is_ok() {
        format!("HTML in {}, text in {}", path.display(), tpath.display())
    } else {
        "(could not write the HTML)".to_string()
    }
}

fn describe(c: Option<&nianbao::Cell>) -> String {
    match c {
        None => "absent".to_string(),
        Some(c) => format!(
            "{} {:?} (text {:?})",
            c.status.as_str(),
            c.value.map(|v| v.to_string()),
            c.text
        ),
    }
}

/// Every cell of `report` against the data and the blanks, and the metadata: the problems.
fn compare(data: &Data, blanks: &BTreeSet<CellRef>, report: &Report, agency: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if report.template.map(|t| t.as_str()) != Some(data.template.as_str()) {
        problems.push(format!(
            "template: expected {}, got {:?}",
            data.template.as_str(),
            report.template
        ));
    }
    if report.year != Some(data.year) {
        problems.push(format!(
            "year: expected {}, got {:?}",
            data.year, report.year
        ));
    }
    if agency && report.agency.as_deref() != Some(data.agency) {
        problems.push(format!(
            "agency: expected {}, got {:?}",
            data.agency, report.agency
        ));
    }
    for e in data.expected() {
        let r = e.cell_ref();
        let got = report.tables.cell(&r);
        let blank = blanks.contains(&r);
        let ok = got.is_some_and(|c| {
            if blank {
                c.status == Status::Blank
            } else {
                c.status == Status::Read
                    && c.value
                        .is_some_and(|v| v.normalized() == e.value.normalized())
            }
        });
        if !ok {
            let want = if blank {
                "blank".to_string()
            } else {
                format!("read {}", e.value)
            };
            problems.push(format!(
                "{}: expected {want}, got {}",
                cell_name(&r),
                describe(got)
            ));
        }
    }
    problems
}

fn fail(
    tag: &str,
    c: &Case,
    r: &Concrete,
    html: &str,
    text: &str,
    problems: &[String],
) -> TestCaseError {
    let shown = problems
        .iter()
        .take(16)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n  ");
    TestCaseError::fail(format!(
        "seed {} (template {}, year {}), {} blank cells; {c:?}\n{} problem(s):\n  {shown}{}\n{}",
        c.seed,
        r.data.template.as_str(),
        r.data.year,
        r.blanks.len(),
        problems.len(),
        if problems.len() > 16 { "\n  …" } else { "" },
        dump(&format!("{tag}-{}", c.seed), html, text)
    ))
}

fn round_trip(c: &Case) -> Result<(), TestCaseError> {
    let r = Concrete::new(c);
    let html = render(&r, &r.data, &c.style, &c.shape);
    let opened = input::from_html(&html);
    let mut problems = Vec::new();
    if opened.how != How::Html || !opened.tables {
        problems.push("no table read by its structure".to_string());
    }
    let report = check(&opened.text);
    problems.extend(compare(&r.data, &r.blanks, &report, !c.shape.chrome));
    if problems.is_empty() {
        Ok(())
    } else {
        let tag = if c.shape.unmerged {
            "unmerged"
        } else {
            "round-trip"
        };
        Err(fail(tag, c, &r, &html, &opened.text, &problems))
    }
}

/// The sums of table 三 a cell takes part in (its row's; its column's two), as their cells.
fn relations_of(data: &Data, row: &'static str, col: &'static str) -> Vec<Vec<CellRef>> {
    let app = |r: &'static str, c: &'static str| CellRef::new(TableKey::Applications, r, c);
    let results: Vec<&'static str> = template::result_rows(data.application_defs())
        .iter()
        .map(|d| d.key)
        .collect();
    let flow = ["new_received", "carried_over", "total", "carried_forward"];
    let mut out = vec![APPLICANT_COLS.iter().map(|c| app(row, c.key)).collect()];
    if flow.contains(&row) {
        out.push(flow.iter().map(|r| app(r, col)).collect());
    }
    if row == "total" || results.contains(&row) {
        let mut v: Vec<CellRef> = results.iter().map(|r| app(r, col)).collect();
        v.push(app("total", col));
        out.push(v);
    }
    out
}

/// Changes table-三 numbers, one at a time, each in a row or a column whose sum has no blank: an
/// error-severity finding names the cell, its row or its column.
fn mutation(c: &Case, picks: &[(usize, bool)]) -> Result<(), TestCaseError> {
    let r = Concrete::new(c);
    let targets: Vec<CellRef> = r
        .data
        .expected()
        .iter()
        .map(|e| e.cell_ref())
        .filter(|x| x.table == TableKey::Applications && !r.blanks.contains(x))
        .filter(|x| {
            relations_of(&r.data, x.row.unwrap_or(""), x.column)
                .iter()
                .any(|rel| rel.iter().all(|y| !r.blanks.contains(y)))
        })
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    for &(which, up) in picks {
        let t = targets[which % targets.len()];
        let row = t.row.unwrap_or("");
        let old = r.data.get(t.table, row, t.column).expect("cell").mantissa;
        let new = if up || old == 0 { old + 1 } else { old - 1 };
        let mut data = r.data.clone();
        data.set(t.table, row, t.column, Num::int(new));
        let html = render(&r, &data, &c.style, &c.shape);
        let opened = input::from_html(&html);
        let report = check(&opened.text);
        let named = report.diagnostics.iter().any(|d| {
            d.severity == Severity::Error
                && d.cells
                    .iter()
                    .any(|x| x.table == t.table && (x.row == t.row || x.column == t.column))
        });
        if !named {
            let mut problems = vec![format!(
                "changed {} from {old} to {new}: read back {}; no error names it, its row or its column",
                cell_name(&t),
                describe(report.tables.cell(&t))
            )];
            problems.extend(report.diagnostics.iter().map(|d| {
                format!(
                    "{} {} [{}] {}",
                    d.code,
                    d.severity.as_str(),
                    d.cells.iter().map(cell_name).collect::<Vec<_>>().join(", "),
                    d.message
                )
            }));
            return Err(fail("mutation", c, &r, &html, &opened.text, &problems));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn html_with_blank_cells_reads_back_exactly(c in case(false)) {
        round_trip(&c)?;
    }

    #[test]
    fn one_changed_number_in_html_is_named(
        c in case(false),
        picks in prop::collection::vec((any::<usize>(), any::<bool>()), 3),
    ) {
        mutation(&c, &picks)?;
    }

    /// Every markup and layout variant, no blank cell: what holds today while the blank-cell
    /// properties above wait for src/parse.
    #[test]
    fn html_without_blank_cells_reads_back_exactly(c in case(false).prop_map(|c| Case { blanks: no_blanks(), ..c })) {
        round_trip(&c)?;
    }

    #[test]
    #[ignore = "limitation (reported): a row alone cannot tell a blank cell from an empty filler cell"]
    fn html_without_merged_cells_reads_back_exactly(c in case(true)) {
        round_trip(&c)?;
    }
}

/// The generated cases cover both templates, blank columns, rows and cells, and every flavour.
#[test]
fn cases_cover_templates_blanks_and_flavours() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::new(config(CASES));
    let mut templates = BTreeSet::new();
    let mut flavours = Vec::new();
    let (mut whole_cols, mut whole_rows, mut cells, mut none) = (0, 0, 0, 0);
    for _ in 0..CASES {
        let c = case(false).new_tree(&mut runner).expect("case").current();
        let r = Concrete::new(&c);
        templates.insert(r.data.template.as_str());
        if !flavours.contains(&c.style.flavour) {
            flavours.push(c.style.flavour);
        }
        whole_cols += usize::from(!c.blanks.cols3.is_empty());
        whole_rows += usize::from(!c.blanks.rows3.is_empty());
        cells += usize::from(c.blanks.cell_pct > 0);
        none += usize::from(r.blanks.is_empty());
    }
    assert_eq!(templates.len(), 2, "{templates:?}");
    assert_eq!(flavours.len(), 4, "{flavours:?}");
    let n = CASES as usize;
    assert!(
        whole_cols > n / 4 && whole_rows > n / 4 && cells > n / 4 && none < n / 10,
        "whole columns {whole_cols}, whole rows {whole_rows}, single cells {cells}, no blank {none} of {n}"
    );
}

// ---------------------------------------------------------------------------------------------
// Known misreads: the smallest cases the properties shrink to, one per cause (src/parse, reported)
// ---------------------------------------------------------------------------------------------

fn no_blanks() -> BlankPlan {
    BlankPlan {
        cell_pct: 0,
        cols3: vec![],
        rows3: vec![],
        cols2: vec![],
        rows2: vec![],
        cells4: vec![],
        row4: false,
        seed: 0,
    }
}

/// Bare HTML: `<table><tr><td>…</td></tr></table>`, spans as in the official template.
fn bare_case(seed: u64, blanks: BlankPlan) -> Case {
    Case {
        seed,
        blanks,
        style: Style {
            flavour: Flavour::Plain,
            upper: false,
            quote: 0,
            omit_ends: false,
            th: false,
            sections: false,
            br_labels: false,
            crlf: false,
            placeholders: false,
            numbers: 0,
            seed: 0,
        },
        shape: Shape {
            layout_table: false,
            chrome: false,
            header_unmerged: false,
            split_table2: false,
            total_outside: false,
            vertical_outer: false,
            heading_in_table: false,
            short_rows: false,
            unmerged: false,
        },
    }
}

fn assert_reads_back(c: &Case) {
    let r = Concrete::new(c);
    let html = render(&r, &r.data, &c.style, &c.shape);
    let opened = input::from_html(&html);
    let report = check(&opened.text);
    let problems = compare(&r.data, &r.blanks, &report, true);
    assert!(
        problems.is_empty(),
        "{} problem(s):\n  {}\n--- text ---\n{}",
        problems.len(),
        problems.join("\n  "),
        opened.text
    );
}

/// `<td></td>` in the 自然人 column of every row of table 三: each row reads as six numbers and a
/// pad, which `parse::applications` takes for a table without its 其他 column (its column count
/// counts numbers, not pads), so every number moves one column left.
#[test]
fn a_whole_blank_column_of_table_three() {
    assert_reads_back(&bare_case(
        0,
        BlankPlan {
            cols3: vec![0],
            ..no_blanks()
        },
    ));
}

/// Table 三's last row (四、结转下年度继续办理) blank: its line of empty fields waits for the next
/// numbers to say what it was (`tokens::tokenize`'s tentative rows), and table 四's value row,
/// which has no label, makes it "a label whose numbers were displaced": the row is dropped.
#[test]
fn a_blank_last_row_of_table_three() {
    assert_reads_back(&bare_case(
        994_311_026_693_579_942,
        BlankPlan {
            rows3: vec![24],
            ..no_blanks()
        },
    ));
}

/// Table 四's first cell blank: its value row starts with an empty field, which
/// `tokens::blank_fields` never makes a pad (empty fields before a row's first text are taken for
/// merged positions), so the 14 numbers are read from the first cell on.
#[test]
fn a_blank_first_cell_of_table_four() {
    assert_reads_back(&bare_case(
        0,
        BlankPlan {
            cells4: vec![0],
            ..no_blanks()
        },
    ));
}

/// Table 四 with three numbers and twelve blank cells: `parse::review` looks for its row among
/// groups of at least five numbers (pads not counted), finds none, and the table is missing.
#[test]
fn table_four_mostly_blank() {
    assert_reads_back(&bare_case(
        0,
        BlankPlan {
            cells4: (1..=12).collect(),
            ..no_blanks()
        },
    ));
}

/// Page chrome before the title (a breadcrumb, a "来源：… 发布时间：…" line) hides the agency:
/// the title is looked for in the first 400 characters back to the last sentence end, and
/// takes the chrome with it (over 40 characters: no agency), though in the HTML the title is a
/// paragraph of its own.
#[test]
#[ignore = "src/parse/sections.rs: page chrome before the title hides the agency (reported)"]
fn page_chrome_keeps_the_agency() {
    let mut c = bare_case(0, no_blanks());
    c.shape.chrome = true;
    let r = Concrete::new(&c);
    let html = render(&r, &r.data, &c.style, &c.shape);
    let opened = input::from_html(&html);
    let report = check(&opened.text);
    assert_eq!(
        report.agency.as_deref(),
        Some(r.data.agency),
        "\n{}",
        opened.text.lines().take(5).collect::<Vec<_>>().join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The real page
// ---------------------------------------------------------------------------------------------

fn corpus(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel)
}

/// The expected cells of `pingtan-2024.expected.json` in template order (table 二, 三, 四), with
/// their values (`None` where the expected value is null), and the whole expected object.
fn pingtan_expected() -> (Value, Vec<(CellRef, Option<f64>)>) {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus("pingtan-2024.expected.json")).expect("expected file"),
    )
    .expect("expected json");
    let mut out = Vec::new();
    for d in template::active_rows(Template::Y2021) {
        for c in d.cols {
            let v = expected["active_disclosure"][d.key][c.key].as_f64();
            out.push((CellRef::new(TableKey::ActiveDisclosure, d.key, c.key), v));
        }
    }
    for d in template::application_rows(Template::Y2021) {
        for c in APPLICANT_COLS {
            let v = expected["applications"][d.key][c.key].as_f64();
            out.push((CellRef::new(TableKey::Applications, d.key, c.key), v));
        }
    }
    for k in template::review_keys() {
        let v = expected["review_litigation"][k].as_f64();
        out.push((CellRef::new(TableKey::ReviewLitigation, "", k), v));
    }
    (expected, out)
}

/// The page's HTML, and the text `input::open` reads from its bytes.
fn pingtan_html() -> (String, String) {
    let bytes = std::fs::read(corpus("files/pingtan-2024.html")).expect("corpus file");
    let html = input::decode(&bytes).expect("decodes");
    let opened = input::open("pingtan-2024.html", &bytes, input::decode).expect("opens");
    assert_eq!(opened.how, How::Html);
    assert!(opened.tables, "tables read by structure");
    (html, opened.text)
}

/// `report` against the expected cells, those in `blanks` blank: how many were checked, and the
/// problems.
fn compare_expected(
    report: &Report,
    cells: &[(CellRef, Option<f64>)],
    blanks: &BTreeSet<CellRef>,
) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for (r, v) in cells {
        let got = report.tables.cell(r);
        let ok = if blanks.contains(r) {
            got.is_some_and(|c| c.status == Status::Blank)
        } else if let Some(v) = v {
            got.is_some_and(|c| {
                c.status == Status::Read && c.value.is_some_and(|x| (x.as_f64() - v).abs() < 1e-9)
            })
        } else {
            continue;
        };
        checked += 1;
        if !ok {
            let want = match (blanks.contains(r), v) {
                (true, _) => "blank".to_string(),
                (false, Some(v)) => format!("read {v}"),
                (false, None) => unreachable!(),
            };
            problems.push(format!(
                "{}: expected {want}, got {}",
                cell_name(r),
                describe(got)
            ));
        }
    }
    (checked, problems)
}

#[test]
fn pingtan_html_reads_every_expected_cell() {
    let (_, text) = pingtan_html();
    let report = check(&text);
    let (expected, cells) = pingtan_expected();
    assert_eq!(report.agency.as_deref(), expected["agency"].as_str());
    assert_eq!(report.year.map(i64::from), expected["year"].as_i64());
    assert_eq!(
        report.template.map(|t| t.as_str()),
        expected["template"].as_str()
    );
    let (checked, problems) = compare_expected(&report, &cells, &BTreeSet::new());
    assert!(
        problems.is_empty(),
        "{} of {checked} cells wrong:\n{}\n--- text ---\n{text}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked >= 200, "only {checked} cells checked");
}

/// The byte ranges of the contents of the cells of the page's first two tables (二 and 三) that
/// hold only a number, in document order.
fn number_cells(html: &str) -> Vec<std::ops::Range<usize>> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut tables = 0;
    let mut i = 0;
    while let Some(p) = lower[i..].find('<') {
        let at = i + p;
        if lower[at..].starts_with("<table") {
            tables += 1;
            if tables > 2 {
                break;
            }
        }
        if lower[at..].starts_with("<td") {
            let open_end = at + lower[at..].find('>').expect("tag end") + 1;
            let close = open_end + lower[open_end..].find("</td>").expect("</td>");
            let mut text = String::new();
            let mut in_tag = false;
            for ch in html[open_end..close].chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let t = text.trim();
            if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.') {
                out.push(open_end..close);
            }
            i = close;
            continue;
        }
        i = at + 1;
    }
    out
}

#[test]
fn pingtan_html_with_blank_cells_reads_them_blank() {
    let (html, _) = pingtan_html();
    let (_, cells) = pingtan_expected();
    let ranges = number_cells(&html);
    // Table 二's ten cells and table 三's 175, in template order: the page's order.
    let numbered: Vec<CellRef> = cells
        .iter()
        .map(|(r, _)| *r)
        .filter(|r| r.table != TableKey::ReviewLitigation)
        .collect();
    assert_eq!(ranges.len(), numbered.len(), "number cells of tables 二/三");
    let mut rng = Rng::new(0x7069_6e67);
    for variant in 0..8 {
        let mut chosen = BTreeSet::new();
        while chosen.len() < 30 {
            chosen.insert(rng.below(ranges.len() as u64) as usize);
        }
        let mut page = String::with_capacity(html.len());
        let mut last = 0;
        let mut blanks = BTreeSet::new();
        for &k in &chosen {
            page.push_str(&html[last..ranges[k].start]);
            page.push_str("&nbsp;");
            last = ranges[k].end;
            blanks.insert(numbered[k]);
        }
        page.push_str(&html[last..]);
        let opened =
            input::open("pingtan-2024.html", page.as_bytes(), input::decode).expect("opens");
        let report = check(&opened.text);
        let (checked, problems) = compare_expected(&report, &cells, &blanks);
        assert!(
            problems.is_empty(),
            "variant {variant}: {} of {checked} cells wrong:\n{}\n--- text ---\n{}",
            problems.len(),
            problems.join("\n"),
            opened.text
        );
        assert!(checked >= 200, "only {checked} cells checked");
    }
}
