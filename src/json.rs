//! The v1 JSON contract: serialises a [`Report`] in a fixed key order (what the CLI, the page and the JS API emit).

use crate::model::*;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// The contract's version number, bumped on any incompatible change.
pub const VERSION: u32 = 1;

/// Serialises a report as compact JSON (v1 contract).
pub fn to_json(report: &Report) -> String {
    serde_json::to_string(&JsonReport(report)).unwrap_or_else(|_| String::from("{}"))
}

/// Serialises a report as indented JSON (v1 contract; same content as [`to_json`]).
pub fn to_json_pretty(report: &Report) -> String {
    serde_json::to_string_pretty(&JsonReport(report)).unwrap_or_else(|_| String::from("{}"))
}

/// Serialises a report into any serde serializer (e.g. serde-wasm-bindgen, into a JS object).
pub fn serialize<S: Serializer>(report: &Report, s: S) -> Result<S::Ok, S::Error> {
    JsonReport(report).serialize(s)
}

struct JsonReport<'a>(&'a Report);

impl Serialize for JsonReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("version", &VERSION)?;
        m.serialize_entry("template", &r.template.map(|t| t.as_str()))?;
        m.serialize_entry("year", &r.year)?;
        m.serialize_entry("agency", &r.agency)?;
        m.serialize_entry("sections", &Seq(&r.sections, JsonSection))?;
        m.serialize_entry("tables", &JsonTables(&r.tables))?;
        m.serialize_entry("diagnostics", &Seq(&r.diagnostics, JsonDiagnostic))?;
        m.serialize_entry("verdict", &JsonVerdict(&r.verdict))?;
        m.end()
    }
}

struct JsonVerdict<'a>(&'a Verdict);

impl Serialize for JsonVerdict<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("status", v.status())?;
        m.serialize_entry("broken", &v.broken)?;
        m.serialize_entry("not_assessable", &v.not_assessable)?;
        let unread: Vec<&str> = v.not_read.iter().map(|t| t.as_str()).collect();
        m.serialize_entry("not_read", &unread)?;
        m.serialize_entry("message", &v.message())?;
        m.end()
    }
}

struct Seq<'a, T, W>(&'a [T], fn(&'a T) -> W);

impl<'a, T, W: Serialize> Serialize for Seq<'a, T, W> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
}

struct JsonSection<'a>(&'a Section);

impl Serialize for JsonSection<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("key", self.0.key.as_str())?;
        m.serialize_entry("title", &self.0.title)?;
        m.serialize_entry("span", &JsonSpan(&self.0.span))?;
        m.end()
    }
}

struct JsonSpan<'a>(&'a Span);

impl Serialize for JsonSpan<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("start", &self.0.start)?;
        m.serialize_entry("end", &self.0.end)?;
        m.serialize_entry("line", &self.0.line)?;
        m.serialize_entry("column", &self.0.column)?;
        m.end()
    }
}

struct JsonNum(Num);

impl Serialize for JsonNum {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0.normalized();
        if n.scale == 0 {
            s.serialize_i64(n.mantissa)
        } else {
            s.serialize_f64(n.as_f64())
        }
    }
}

struct JsonCell<'a>(&'a Cell);

impl Serialize for JsonCell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("value", &c.value.map(JsonNum))?;
        m.serialize_entry("text", &c.text)?;
        m.serialize_entry("status", c.status.as_str())?;
        m.serialize_entry("span", &c.span.as_ref().map(JsonSpan))?;
        if let Some(from) = &c.from {
            m.serialize_entry("from", from)?;
        }
        if !c.candidates.is_empty() {
            let cands: Vec<JsonNum> = c.candidates.iter().map(|n| JsonNum(*n)).collect();
            m.serialize_entry("candidates", &cands)?;
        }
        m.end()
    }
}

struct JsonRow<'a>(&'a Row);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.cells.len()))?;
        for (k, c) in &self.0.cells {
            m.serialize_entry(k, &JsonCell(c))?;
        }
        m.end()
    }
}

struct JsonTable<'a>(&'a Table, bool);

impl Serialize for JsonTable<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.1 {
            // Table 四: a flat map of cell key → cell.
            let mut m = s.serialize_map(None)?;
            for (_, k, c) in self.0.cells() {
                m.serialize_entry(k, &JsonCell(c))?;
            }
            return m.end();
        }
        let mut m = s.serialize_map(Some(self.0.rows.len()))?;
        for r in &self.0.rows {
            m.serialize_entry(r.key, &JsonRow(r))?;
        }
        m.end()
    }
}

struct JsonTables<'a>(&'a Tables);

impl Serialize for JsonTables<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry(
            "active_disclosure",
            &JsonTable(&self.0.active_disclosure, false),
        )?;
        m.serialize_entry("applications", &JsonTable(&self.0.applications, false))?;
        m.serialize_entry(
            "review_litigation",
            &JsonTable(&self.0.review_litigation, true),
        )?;
        m.end()
    }
}

struct JsonCellRef<'a>(&'a CellRef);

impl Serialize for JsonCellRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("table", r.table.as_str())?;
        if let Some(row) = r.row {
            m.serialize_entry("row", row)?;
        }
        m.serialize_entry("column", r.column)?;
        m.end()
    }
}

struct JsonDiagnostic<'a>(&'a Diagnostic);

impl Serialize for JsonDiagnostic<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", d.code)?;
        m.serialize_entry("severity", d.severity.as_str())?;
        m.serialize_entry("message", &d.message)?;
        m.serialize_entry("cells", &Seq(&d.cells, JsonCellRef))?;
        m.serialize_entry("span", &d.span.as_ref().map(JsonSpan))?;
        // Only on cross-year findings (Y001–Y004): last year's report's cells and source.
        if let Some(p) = &d.previous {
            m.serialize_entry("previous", &JsonPrevious(p))?;
        }
        m.end()
    }
}

struct JsonPrevious<'a>(&'a Previous);

impl Serialize for JsonPrevious<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("year", &p.year)?;
        m.serialize_entry("cells", &Seq(&p.cells, JsonCellRef))?;
        m.serialize_entry("span", &p.span.as_ref().map(JsonSpan))?;
        m.end()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the contract back
// ---------------------------------------------------------------------------------------------

/// Reads a v1 JSON object (as [`to_json`] writes it) back into a [`Report`] (for library users; the
/// page's worker hands its report over packed, [`crate::pack`], which is tested to read back the
/// same report as this). Writing the result again gives the same bytes
/// (`to_json(&from_json(s)?) == s`) for every figure of up to 15 significant digits (decimals
/// travel as JSON numbers, that is as `f64`). What the contract does not carry is not restored:
/// spans' byte offsets (0), sections' bodies (empty) and [`Meta`] (default). A key that names no
/// template row, column or rule is an error.
pub fn from_json(s: &str) -> Result<Report, String> {
    let tree = read::parse(s).ok_or_else(|| String::from("not JSON"))?;
    read::report(&tree).ok_or_else(|| String::from("not a v1 report"))
}

/// Reading the contract: the JSON as a plain tree (objects in document order, which is the
/// template's order of rows and columns; numbers as written, so read exactly), then walked into the
/// model. A small reader of its own rather than serde's, for the wasm's size (when the page used
/// it): serde types for these shapes cost it 26 KB gzipped, serde_json's reader into a tree 13 KB,
/// this one 6 KB.
mod read {
    use crate::model::{self, CellRef, Num, Severity, Status, TableKey, Template};
    use crate::template::{self, RowDef};

    pub enum J {
        Null,
        Bool,
        /// A number, as written.
        Num(String),
        Str(String),
        Arr(Vec<J>),
        Obj(Vec<(String, J)>),
    }

    /// Parses a JSON text (RFC 8259; nesting at most 64 deep). `None` if it is not JSON.
    pub fn parse(s: &str) -> Option<J> {
        let mut p = Parser { s, i: 0 };
        let v = p.value(0)?;
        p.ws();
        (p.i == s.len()).then_some(v)
    }

    struct Parser<'a> {
        s: &'a str,
        i: usize,
    }

    impl Parser<'_> {
        fn peek(&self) -> Option<u8> {
            self.s.as_bytes().get(self.i).copied()
        }

        fn ws(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.i += 1;
            }
        }

        fn eat(&mut self, lit: &str) -> Option<()> {
            self.s[self.i..]
                .starts_with(lit)
                .then(|| self.i += lit.len())
        }

        fn value(&mut self, depth: u8) -> Option<J> {
            if depth > 64 {
                return None;
            }
            self.ws();
            match self.peek()? {
                b'{' => {
                    self.i += 1;
                    let mut out = Vec::new();
                    self.ws();
                    if self.eat("}").is_some() {
                        return Some(J::Obj(out));
                    }
                    loop {
                        self.ws();
                        let key = self.string()?;
                        self.ws();
                        self.eat(":")?;
                        out.push((key, self.value(depth + 1)?));
                        self.ws();
                        if self.eat("}").is_some() {
                            return Some(J::Obj(out));
                        }
                        self.eat(",")?;
                    }
                }
                b'[' => {
                    self.i += 1;
                    let mut out = Vec::new();
                    self.ws();
                    if self.eat("]").is_some() {
                        return Some(J::Arr(out));
                    }
                    loop {
                        out.push(self.value(depth + 1)?);
                        self.ws();
                        if self.eat("]").is_some() {
                            return Some(J::Arr(out));
                        }
                        self.eat(",")?;
                    }
                }
                b'"' => self.string().map(J::Str),
                b't' => self.eat("true").map(|_| J::Bool),
                b'f' => self.eat("false").map(|_| J::Bool),
                b'n' => self.eat("null").map(|_| J::Null),
                _ => {
                    let start = self.i;
                    while matches!(
                        self.peek(),
                        Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                    ) {
                        self.i += 1;
                    }
                    let n = &self.s[start..self.i];
                    // Checked for form when read as a number (`num`); here only not empty.
                    (!n.is_empty()).then(|| J::Num(n.to_string()))
                }
            }
        }

        fn hex4(&mut self) -> Option<u32> {
            let h = self.s.get(self.i..self.i + 4)?;
            self.i += 4;
            u32::from_str_radix(h, 16).ok()
        }

        fn string(&mut self) -> Option<String> {
            self.eat("\"")?;
            let mut out = String::new();
            loop {
                let start = self.i;
                while !matches!(self.peek()?, b'"' | b'\\' | 0..=0x1f) {
                    self.i += 1;
                }
                out.push_str(&self.s[start..self.i]);
                match self.peek()? {
                    b'"' => {
                        self.i += 1;
                        return Some(out);
                    }
                    b'\\' => {
                        self.i += 1;
                        let c = self.peek()?;
                        self.i += 1;
                        out.push(match c {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let hi = self.hex4()?;
                                let code = if (0xD800..0xDC00).contains(&hi) {
                                    self.eat("\\u")?;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return None;
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    hi
                                };
                                char::from_u32(code)?
                            }
                            _ => return None,
                        });
                    }
                    _ => return None, // a raw control character
                }
            }
        }
    }

    impl J {
        fn get(&self, key: &str) -> Option<&J> {
            match self {
                J::Obj(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }
        fn entries(&self) -> Option<&[(String, J)]> {
            match self {
                J::Obj(entries) => Some(entries),
                _ => None,
            }
        }
        fn items(&self) -> Option<&[J]> {
            match self {
                J::Arr(items) => Some(items),
                _ => None,
            }
        }
        fn str(&self) -> Option<&str> {
            match self {
                J::Str(s) => Some(s),
                _ => None,
            }
        }
        fn int(&self) -> Option<i64> {
            match self {
                J::Num(n) => n.parse().ok(),
                _ => None,
            }
        }
        fn usize(&self) -> Option<usize> {
            usize::try_from(self.int()?).ok()
        }
        /// `null` → `Some(None)`; otherwise what `f` reads, or `None` when it cannot.
        fn opt<T>(&self, f: impl FnOnce(&J) -> Option<T>) -> Option<Option<T>> {
            match self {
                J::Null => Some(None),
                v => f(v).map(Some),
            }
        }
        /// An optional key: absent → `Some(None)`.
        fn key_opt<'a, T>(
            &'a self,
            key: &str,
            f: impl FnOnce(&'a J) -> Option<T>,
        ) -> Option<Option<T>> {
            match self.get(key) {
                None => Some(None),
                Some(v) => f(v).map(Some),
            }
        }
        fn string(&self) -> Option<String> {
            self.str().map(str::to_string)
        }
    }

    /// A number as `JsonNum` writes it: an integer, or a decimal in its shortest round-trip digits
    /// (as `1.25`, or `1e-8`), read exactly.
    fn num(v: &J) -> Option<Num> {
        let J::Num(text) = v else {
            return None;
        };
        let (digits, exp) = match text.split_once(['e', 'E']) {
            Some((d, e)) => (d, e.trim_start_matches('+').parse::<i32>().ok()?),
            None => (text.as_str(), 0),
        };
        let (neg, digits) = match digits.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, digits),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty()
            || (int.len() > 1 && int.starts_with('0'))
            || (digits.contains('.') && frac.is_empty())
        {
            return None;
        }
        let mut mantissa: i64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        let mut scale = i32::try_from(frac.len()).ok()? - exp;
        while scale < 0 {
            mantissa = mantissa.checked_mul(10)?;
            scale += 1;
        }
        Some(
            Num {
                mantissa: if neg { -mantissa } else { mantissa },
                scale: u8::try_from(scale).ok()?,
            }
            .normalized(),
        )
    }

    fn span(v: &J) -> Option<model::Span> {
        Some(model::Span {
            start: v.get("start")?.usize()?,
            end: v.get("end")?.usize()?,
            line: v.get("line")?.usize()?,
            column: v.get("column")?.usize()?,
            byte_start: 0,
            byte_end: 0,
        })
    }

    fn table_key(s: &str) -> Option<TableKey> {
        TableKey::ALL.iter().copied().find(|t| t.as_str() == s)
    }

    /// The template's own `&'static str` for a row key of `table` (`""` for table 四's one row).
    fn row_key(table: TableKey, key: &str) -> Option<&'static str> {
        match table {
            TableKey::ReviewLitigation => key.is_empty().then_some(""),
            t => template::find_row(t, key).map(|r| r.key),
        }
    }

    /// The template's own `&'static str` for a column key of `row` in `table` (either template).
    fn col_key(table: TableKey, row: &str, key: &str) -> Option<&'static str> {
        let lists: [&'static [RowDef]; 2] = match table {
            TableKey::ActiveDisclosure => [template::ACTIVE_2021, template::ACTIVE_2019],
            TableKey::Applications => [template::APPLICATIONS_2021, template::APPLICATIONS_2019],
            TableKey::ReviewLitigation => return template::review_keys().find(|k| *k == key),
        };
        lists
            .iter()
            .flat_map(|l| l.iter())
            .filter(|r| r.key == row)
            .flat_map(|r| r.cols.iter())
            .find(|c| c.key == key)
            .map(|c| c.key)
    }

    fn cell(v: &J) -> Option<model::Cell> {
        Some(model::Cell {
            value: v.get("value")?.opt(num)?,
            text: v.get("text")?.opt(J::string)?,
            status: match v.get("status")?.str()? {
                "read" => Status::Read,
                "inferred" => Status::Inferred,
                "blank" => Status::Blank,
                "missing" => Status::Missing,
                "ambiguous" => Status::Ambiguous,
                _ => return None,
            },
            span: v.get("span")?.opt(span)?,
            from: v.key_opt("from", J::string)?,
            candidates: v
                .key_opt("candidates", |c| c.items()?.iter().map(num).collect())?
                .unwrap_or_default(),
        })
    }

    fn row(table: TableKey, key: &'static str, cells: &J) -> Option<model::Row> {
        let cells = cells
            .entries()?
            .iter()
            .map(|(k, c)| Some((col_key(table, key, k)?, cell(c)?)))
            .collect::<Option<Vec<_>>>()?;
        Some(model::Row { key, cells })
    }

    fn table(t: TableKey, v: &J) -> Option<model::Table> {
        if t == TableKey::ReviewLitigation {
            // A flat map of cell key → cell: the one row with key "".
            return Some(model::Table {
                rows: vec![row(t, "", v)?],
            });
        }
        let rows = v
            .entries()?
            .iter()
            .map(|(k, cells)| row(t, row_key(t, k)?, cells))
            .collect::<Option<Vec<_>>>()?;
        Some(model::Table { rows })
    }

    fn refs(v: &J) -> Option<Vec<CellRef>> {
        v.items()?
            .iter()
            .map(|r| {
                let t = table_key(r.get("table")?.str()?)?;
                let row = row_key(t, r.key_opt("row", J::str)?.unwrap_or(""))?;
                Some(CellRef::new(
                    t,
                    row,
                    col_key(t, row, r.get("column")?.str()?)?,
                ))
            })
            .collect()
    }

    fn diagnostic(v: &J) -> Option<model::Diagnostic> {
        // A cross-year finding's last-year side (see `model::Previous`).
        let previous = v.key_opt("previous", |p| {
            Some(Box::new(model::Previous {
                year: p.get("year")?.opt(|y| i32::try_from(y.int()?).ok())?,
                cells: refs(p.get("cells")?)?,
                span: p.get("span")?.opt(span)?,
            }))
        })?;
        Some(model::Diagnostic {
            code: crate::rules::registry::rule_by_code(v.get("code")?.str()?)?.code,
            severity: match v.get("severity")?.str()? {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                _ => return None,
            },
            message: v.get("message")?.string()?,
            cells: refs(v.get("cells")?)?,
            span: v.get("span")?.opt(span)?,
            previous,
        })
    }

    pub fn report(v: &J) -> Option<model::Report> {
        if v.get("version")?.int()? != i64::from(super::VERSION) {
            return None;
        }
        let template = v.get("template")?.opt(|t| match t.str()? {
            "2019" => Some(Template::Y2019),
            "2021" => Some(Template::Y2021),
            _ => None,
        })?;
        let sections = v
            .get("sections")?
            .items()?
            .iter()
            .map(|s| {
                let key = s.get("key")?.str()?;
                Some(model::Section {
                    key: *model::SectionKey::ALL.iter().find(|k| k.as_str() == key)?,
                    title: s.get("title")?.string()?,
                    span: span(s.get("span")?)?,
                    body: model::Span::default(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let t = v.get("tables")?;
        let verdict = v.get("verdict")?;
        Some(model::Report {
            template,
            year: v.get("year")?.opt(|y| i32::try_from(y.int()?).ok())?,
            agency: v.get("agency")?.opt(J::string)?,
            sections,
            tables: model::Tables {
                active_disclosure: table(TableKey::ActiveDisclosure, t.get("active_disclosure")?)?,
                applications: table(TableKey::Applications, t.get("applications")?)?,
                review_litigation: table(TableKey::ReviewLitigation, t.get("review_litigation")?)?,
            },
            diagnostics: v
                .get("diagnostics")?
                .items()?
                .iter()
                .map(diagnostic)
                .collect::<Option<Vec<_>>>()?,
            meta: model::Meta::default(),
            verdict: model::Verdict {
                broken: verdict.get("broken")?.usize()?,
                not_assessable: verdict.get("not_assessable")?.usize()?,
                not_read: verdict
                    .get("not_read")?
                    .items()?
                    .iter()
                    .map(|t| table_key(t.str()?))
                    .collect::<Option<Vec<_>>>()?,
            },
        })
    }
}
