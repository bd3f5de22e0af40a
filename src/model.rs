//! The report data model: cells, tables, sections, diagnostics, spans (the v1 JSON contract's types).

use std::fmt;

/// An exact decimal number: `mantissa / 10^scale`. Counts have `scale == 0`; fees in 万元 may carry
/// decimals. Arithmetic on [`Num`] is exact (no floating point), so `0.1 + 0.2 == 0.3` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Num {
    pub mantissa: i64,
    pub scale: u8,
}

impl Num {
    pub const ZERO: Num = Num {
        mantissa: 0,
        scale: 0,
    };

    pub fn int(v: i64) -> Num {
        Num {
            mantissa: v,
            scale: 0,
        }
    }

    pub fn is_integer(self) -> bool {
        self.scale == 0 || self.mantissa % 10i64.saturating_pow(self.scale as u32) == 0
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    fn rescale(self, scale: u8) -> Option<i64> {
        let factor = 10i64.checked_pow((scale - self.scale) as u32)?;
        self.mantissa.checked_mul(factor)
    }

    /// Exact sum; `None` on overflow.
    #[inline]
    pub fn checked_add(self, other: Num) -> Option<Num> {
        if self.scale == 0 && other.scale == 0 {
            // Whole numbers (nearly every count): no rescaling, nothing to normalise (inlined
            // where sums are checked in a loop; the decimal case is a call).
            return Some(Num::int(self.mantissa.checked_add(other.mantissa)?));
        }
        self.checked_add_decimal(other)
    }

    fn checked_add_decimal(self, other: Num) -> Option<Num> {
        let scale = self.scale.max(other.scale);
        Some(
            Num {
                mantissa: self.rescale(scale)?.checked_add(other.rescale(scale)?)?,
                scale,
            }
            .normalized(),
        )
    }

    pub fn checked_sub(self, other: Num) -> Option<Num> {
        self.checked_add(Num {
            mantissa: other.mantissa.checked_neg()?,
            scale: other.scale,
        })
    }

    /// Strips trailing zero decimals, so equal values compare equal.
    pub fn normalized(self) -> Num {
        let mut n = self;
        while n.scale > 0 && n.mantissa % 10 == 0 {
            n.mantissa /= 10;
            n.scale -= 1;
        }
        n
    }

    pub fn as_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Sums a sequence exactly; `None` on overflow.
    pub fn sum<I: IntoIterator<Item = Num>>(items: I) -> Option<Num> {
        items
            .into_iter()
            .try_fold(Num::ZERO, |acc, x| acc.checked_add(x))
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.normalized();
        if n.scale == 0 {
            return write!(f, "{}", n.mantissa);
        }
        let neg = n.mantissa < 0;
        let digits = n.mantissa.unsigned_abs().to_string();
        let scale = n.scale as usize;
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{}{}.{}", if neg { "-" } else { "" }, int, frac)
    }
}

/// A place in the input. `start`/`end` are UTF-16 code unit offsets (what a browser textarea's
/// selection uses); `line` and `column` are 1-based, `column` counted in characters.
/// `byte_start`/`byte_end` are the same range in UTF-8 bytes, for native renderers; they are not part
/// of the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// How a cell's value was obtained. See the README's JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Read from the text as it stands.
    Read,
    /// Not printed (or not separable) but fixed by the arithmetic; `Cell::from` says how.
    Inferred,
    /// Printed as a placeholder: empty, "/", "—", "-", "无". Not the same as 0.
    Blank,
    /// Not found in the text.
    Missing,
    /// More than one reading fits the text and every constraint; `Cell::candidates` lists them.
    Ambiguous,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Read => "read",
            Status::Inferred => "inferred",
            Status::Blank => "blank",
            Status::Missing => "missing",
            Status::Ambiguous => "ambiguous",
        }
    }
}

/// One table cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The number, when known (read or inferred). Never set for blank, missing or ambiguous cells.
    pub value: Option<Num>,
    /// The raw text the cell was read from (for a collapsed digit run: the whole run).
    pub text: Option<String>,
    pub status: Status,
    pub span: Option<Span>,
    /// For inferred cells: what the value was inferred from, in Chinese.
    pub from: Option<String>,
    /// For ambiguous cells: the values that fit, smallest first.
    pub candidates: Vec<Num>,
}

impl Cell {
    pub fn missing() -> Cell {
        Cell {
            value: None,
            text: None,
            status: Status::Missing,
            span: None,
            from: None,
            candidates: Vec::new(),
        }
    }

    /// A known value (read or inferred), usable by checks.
    pub fn known(&self) -> Option<Num> {
        match self.status {
            Status::Read | Status::Inferred => self.value,
            _ => None,
        }
    }
}

/// The three standard tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKey {
    ActiveDisclosure,
    Applications,
    ReviewLitigation,
}

impl TableKey {
    pub const ALL: [TableKey; 3] = [
        TableKey::ActiveDisclosure,
        TableKey::Applications,
        TableKey::ReviewLitigation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TableKey::ActiveDisclosure => "active_disclosure",
            TableKey::Applications => "applications",
            TableKey::ReviewLitigation => "review_litigation",
        }
    }

    /// The table's Chinese name as printed in reports ("表二" etc.).
    pub fn zh(self) -> &'static str {
        match self {
            TableKey::ActiveDisclosure => "表二（主动公开）",
            TableKey::Applications => "表三（依申请公开）",
            TableKey::ReviewLitigation => "表四（复议诉讼）",
        }
    }
}

/// A table with rows and columns, in template order. Table 四 is stored as one row with key `""`.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub key: &'static str,
    pub cells: Vec<(&'static str, Cell)>,
}

/// Whether two row or column keys are equal: the same `&'static str` constant in the common case
/// (one pointer comparison), else compared as text, byte by byte inline (keys are short and most
/// differ in their first bytes: cheaper than a call to `memcmp`).
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (a.as_ptr() == b.as_ptr() || a.bytes().zip(b.bytes()).all(|(x, y)| x == y))
}

impl Table {
    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| same_key(r.key, key))
    }

    pub fn cell(&self, row: &str, col: &str) -> Option<&Cell> {
        self.row(row)?.cell(col)
    }

    pub fn cell_mut(&mut self, row: &str, col: &str) -> Option<&mut Cell> {
        self.rows
            .iter_mut()
            .find(|r| same_key(r.key, row))?
            .cells
            .iter_mut()
            .find(|(k, _)| same_key(k, col))
            .map(|(_, c)| c)
    }

    /// Every cell with its row and column key.
    pub fn cells(&self) -> impl Iterator<Item = (&'static str, &'static str, &Cell)> {
        self.rows
            .iter()
            .flat_map(|r| r.cells.iter().map(move |(c, cell)| (r.key, *c, cell)))
    }
}

impl Row {
    pub fn cell(&self, col: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(k, _)| same_key(k, col))
            .map(|(_, c)| c)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tables {
    pub active_disclosure: Table,
    pub applications: Table,
    pub review_litigation: Table,
}

impl Tables {
    pub fn get(&self, key: TableKey) -> &Table {
        match key {
            TableKey::ActiveDisclosure => &self.active_disclosure,
            TableKey::Applications => &self.applications,
            TableKey::ReviewLitigation => &self.review_litigation,
        }
    }

    /// Looks a cell up by reference.
    pub fn cell(&self, r: &CellRef) -> Option<&Cell> {
        self.get(r.table).cell(r.row.unwrap_or(""), r.column)
    }
}

/// Which official template a report (or one of its tables) follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// 国办公开办函〔2019〕60号 (reports on 2019 and 2020).
    Y2019,
    /// 国办公开办函〔2021〕30号 (reports on 2021 and later).
    Y2021,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Template::Y2019 => "2019",
            Template::Y2021 => "2021",
        }
    }
}

/// The six sections of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKey {
    Overview,
    ActiveDisclosure,
    Applications,
    ReviewLitigation,
    Problems,
    OtherMatters,
}

impl SectionKey {
    pub const ALL: [SectionKey; 6] = [
        SectionKey::Overview,
        SectionKey::ActiveDisclosure,
        SectionKey::Applications,
        SectionKey::ReviewLitigation,
        SectionKey::Problems,
        SectionKey::OtherMatters,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKey::Overview => "overview",
            SectionKey::ActiveDisclosure => "active_disclosure",
            SectionKey::Applications => "applications",
            SectionKey::ReviewLitigation => "review_litigation",
            SectionKey::Problems => "problems",
            SectionKey::OtherMatters => "other_matters",
        }
    }

    /// The official 2021 heading, with its number.
    pub fn official_title(self) -> &'static str {
        match self {
            SectionKey::Overview => "一、总体情况",
            SectionKey::ActiveDisclosure => "二、主动公开政府信息情况",
            SectionKey::Applications => "三、收到和处理政府信息公开申请情况",
            SectionKey::ReviewLitigation => "四、政府信息公开行政复议、行政诉讼情况",
            SectionKey::Problems => "五、存在的主要问题及改进情况",
            SectionKey::OtherMatters => "六、其他需要报告的事项",
        }
    }
}

/// A section found in the text. `span` covers the heading; `body` runs from after the heading to
/// the next section's heading (or the end of the text).
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub key: SectionKey,
    pub title: String,
    pub span: Span,
    pub body: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// Points at one cell. For table 四 `row` is `None` and `column` is the cell key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub table: TableKey,
    pub row: Option<&'static str>,
    pub column: &'static str,
}

impl CellRef {
    pub fn new(table: TableKey, row: &'static str, column: &'static str) -> CellRef {
        CellRef {
            table,
            row: if row.is_empty() { None } else { Some(row) },
            column,
        }
    }
}

/// A finding. `code` names a rule in [`crate::rules::RULES`]; `message` is one line of Chinese that
/// names the cells and the figures (expected vs found); `cells` are the cells it is about (the first
/// is the one most likely wrong); `span` is the source text it points at, when there is one.
/// `previous` is set only on findings that compare this report with last year's (the cross-year
/// checks of [`crate::desk`], Y001–Y004): `cells` and `span` then point into this year's report and
/// `previous` into last year's.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub cells: Vec<CellRef>,
    pub span: Option<Span>,
    pub previous: Option<Box<Previous>>,
}

/// Last year's side of a cross-year finding: that report's year, the cells of it the finding is
/// about, and where in its text (a span into last year's text, not this year's).
#[derive(Clone, Debug, PartialEq)]
pub struct Previous {
    pub year: Option<i32>,
    pub cells: Vec<CellRef>,
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A finding of `rule`: its code and severity come from the registry, the one place they are
    /// written.
    pub fn new(
        rule: &crate::rules::registry::Rule,
        message: String,
        cells: Vec<CellRef>,
        span: Option<Span>,
    ) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            severity: rule.severity,
            message,
            cells,
            span,
            previous: None,
        }
    }

    /// The same finding, naming last year's cells and source (see [`Previous`]).
    pub fn with_previous(mut self, previous: Previous) -> Diagnostic {
        self.previous = Some(Box::new(previous));
        self
    }
}

/// What the parser read besides the tables, kept for the checks (not part of the JSON contract).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Meta {
    /// The year in the title.
    pub title_year: Option<i32>,
    /// The year of the statistics period and where it is written.
    pub period: Option<(i32, Span)>,
}

/// Everything nianbao knows about one pasted report. Parsing never fails: whatever could not be read
/// is said in `diagnostics`.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub template: Option<Template>,
    pub year: Option<i32>,
    pub agency: Option<String>,
    pub sections: Vec<Section>,
    pub tables: Tables,
    pub diagnostics: Vec<Diagnostic>,
    pub meta: Meta,
    /// The verdict on the tables, set by [`crate::rules::run`] once every check has run.
    pub verdict: Verdict,
}

impl Report {
    /// Where a finding points in the source: its own span, else the first of its cells read from
    /// the text (what the page selects and the 审核意见 quotes).
    pub fn source_of(&self, d: &Diagnostic) -> Option<Span> {
        d.span.or_else(|| {
            d.cells
                .iter()
                .find_map(|c| self.tables.cell(c).and_then(|c| c.span))
        })
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// The one verdict on a report's tables, computed once here and shown by every shell (CLI, page,
/// JS API). A table that was not read, or a sum that could not be checked, is never "all hold".
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Verdict {
    /// Error-severity arithmetic findings (A001–A004): sums that do not hold.
    pub broken: usize,
    /// Arithmetic relations that could not be checked (missing, blank or ambiguous cells).
    pub not_assessable: usize,
    /// Tables 三 and 四 that were not read (absent, or read too doubtfully to check).
    pub not_read: Vec<TableKey>,
}

impl Verdict {
    /// `broken`, `not_read`, `not_assessable` or `holds`, in that order of precedence.
    pub fn status(&self) -> &'static str {
        if self.broken > 0 {
            "broken"
        } else if !self.not_read.is_empty() {
            "not_read"
        } else if self.not_assessable > 0 {
            "not_assessable"
        } else {
            "holds"
        }
    }

    /// Whether every sum of tables 三 and 四 was checked and holds.
    pub fn holds(&self) -> bool {
        self.status() == "holds"
    }

    /// One line of Chinese for the summary.
    pub fn message(&self) -> String {
        let unread: Vec<&str> = self.not_read.iter().map(|t| t.zh()).collect();
        let mut parts = Vec::new();
        if self.broken > 0 {
            parts.push(format!("表格勾稽关系有 {} 处不成立", self.broken));
        }
        if !unread.is_empty() {
            parts.push(format!("{}未能读出，其勾稽关系未核对", unread.join("、")));
        }
        if self.not_assessable > 0 {
            parts.push(format!("{} 项勾稽关系无法核对", self.not_assessable));
        }
        if parts.is_empty() {
            "表格勾稽关系全部成立".to_string()
        } else {
            parts.join("；")
        }
    }
}
