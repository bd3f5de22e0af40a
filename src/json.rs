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

/// Serialises a report into any serde serializer (e.g. serde-wasm-bindgen for the JS API).
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

/// Reads a v1 JSON object (as [`to_json`] writes it) back into a [`Report`]: how the page takes in
/// a check its worker ran on the same core. Writing the result again gives the same bytes
/// (`to_json(&from_json(s)?) == s`) for every figure of up to 15 significant digits (decimals
/// travel as JSON numbers, that is as `f64`). What the contract does not carry is not restored:
/// spans' byte offsets (0), sections' bodies (empty) and [`Meta`] (default). A key that names no
/// template row, column or rule is an error.
pub fn from_json(s: &str) -> Result<Report, String> {
    let r: read::Report = serde_json::from_str(s).map_err(|e| e.to_string())?;
    r.into_report()
        .ok_or_else(|| String::from("not a v1 report"))
}

/// The contract's shapes as serde reads them (maps in document order), then turned into the model.
mod read {
    use crate::model::{self, CellRef, Num, Severity, Status, TableKey, Template};
    use crate::template::{self, RowDef};
    use serde::de::{Deserializer, MapAccess, Visitor};
    use serde::Deserialize;
    use std::fmt;

    #[derive(Deserialize)]
    pub struct Report {
        version: u32,
        template: Option<String>,
        year: Option<i32>,
        agency: Option<String>,
        sections: Vec<Section>,
        tables: Tables,
        diagnostics: Vec<Diagnostic>,
        verdict: Verdict,
    }

    #[derive(Deserialize)]
    struct Section {
        key: String,
        title: String,
        span: Span,
    }

    #[derive(Deserialize, Clone, Copy)]
    struct Span {
        start: usize,
        end: usize,
        line: usize,
        column: usize,
    }

    #[derive(Deserialize)]
    struct Tables {
        active_disclosure: Ordered<Ordered<Cell>>,
        applications: Ordered<Ordered<Cell>>,
        review_litigation: Ordered<Cell>,
    }

    #[derive(Deserialize)]
    struct Cell {
        value: Option<JsonNum>,
        text: Option<String>,
        status: String,
        span: Option<Span>,
        #[serde(default)]
        from: Option<String>,
        #[serde(default)]
        candidates: Vec<JsonNum>,
    }

    #[derive(Deserialize)]
    struct Diagnostic {
        code: String,
        severity: String,
        message: String,
        cells: Vec<Ref>,
        span: Option<Span>,
        #[serde(default)]
        previous: Option<Previous>,
    }

    /// A cross-year finding's last-year side (see `model::Previous`).
    #[derive(Deserialize)]
    struct Previous {
        year: Option<i32>,
        cells: Vec<Ref>,
        span: Option<Span>,
    }

    #[derive(Deserialize)]
    struct Ref {
        table: String,
        #[serde(default)]
        row: Option<String>,
        column: String,
    }

    #[derive(Deserialize)]
    struct Verdict {
        broken: usize,
        not_assessable: usize,
        not_read: Vec<String>,
    }

    /// A JSON object's entries in the order written (row and column order is the template's).
    struct Ordered<T>(Vec<(String, T)>);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(std::marker::PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
                type Value = Ordered<T>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Ordered<T>, A::Error> {
                    let mut out = Vec::new();
                    while let Some(e) = m.next_entry()? {
                        out.push(e);
                    }
                    Ok(Ordered(out))
                }
            }
            d.deserialize_map(V(std::marker::PhantomData))
        }
    }

    /// A number as `JsonNum` writes it: an integer, or a decimal as an `f64`.
    struct JsonNum(Num);

    impl<'de> Deserialize<'de> for JsonNum {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = JsonNum;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a number")
                }
                fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<JsonNum, E> {
                    Ok(JsonNum(Num::int(v)))
                }
                fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<JsonNum, E> {
                    i64::try_from(v)
                        .map(|v| JsonNum(Num::int(v)))
                        .map_err(|_| E::custom("number out of range"))
                }
                fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<JsonNum, E> {
                    decimal(v)
                        .map(JsonNum)
                        .ok_or_else(|| E::custom("number out of range"))
                }
            }
            d.deserialize_any(V)
        }
    }

    /// The decimal whose digits are `f`'s shortest round-trip digits (how Rust prints an f64:
    /// never in exponent form).
    fn decimal(f: f64) -> Option<Num> {
        if !f.is_finite() {
            return None;
        }
        let digits = format!("{f}");
        let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
        let neg = int.starts_with('-');
        let mut mantissa: i64 = 0;
        for b in int.trim_start_matches('-').bytes().chain(frac.bytes()) {
            mantissa = mantissa.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        Some(
            Num {
                mantissa: if neg { -mantissa } else { mantissa },
                scale: u8::try_from(frac.len()).ok()?,
            }
            .normalized(),
        )
    }

    impl Span {
        fn model(self) -> model::Span {
            model::Span {
                start: self.start,
                end: self.end,
                line: self.line,
                column: self.column,
                byte_start: 0,
                byte_end: 0,
            }
        }
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

    impl Cell {
        fn model(self) -> Option<model::Cell> {
            Some(model::Cell {
                value: self.value.map(|n| n.0),
                text: self.text,
                status: match self.status.as_str() {
                    "read" => Status::Read,
                    "inferred" => Status::Inferred,
                    "blank" => Status::Blank,
                    "missing" => Status::Missing,
                    "ambiguous" => Status::Ambiguous,
                    _ => return None,
                },
                span: self.span.map(Span::model),
                from: self.from,
                candidates: self.candidates.into_iter().map(|n| n.0).collect(),
            })
        }
    }

    fn row(table: TableKey, key: &'static str, cells: Ordered<Cell>) -> Option<model::Row> {
        let cells = cells
            .0
            .into_iter()
            .map(|(k, c)| Some((col_key(table, key, &k)?, c.model()?)))
            .collect::<Option<Vec<_>>>()?;
        Some(model::Row { key, cells })
    }

    fn table(t: TableKey, rows: Ordered<Ordered<Cell>>) -> Option<model::Table> {
        let rows = rows
            .0
            .into_iter()
            .map(|(k, cells)| row(t, row_key(t, &k)?, cells))
            .collect::<Option<Vec<_>>>()?;
        Some(model::Table { rows })
    }

    impl Diagnostic {
        fn model(self) -> Option<model::Diagnostic> {
            let refs = |cells: Vec<Ref>| {
                cells
                    .into_iter()
                    .map(|r| {
                        let t = table_key(&r.table)?;
                        let row = row_key(t, r.row.as_deref().unwrap_or(""))?;
                        Some(CellRef::new(t, row, col_key(t, row, &r.column)?))
                    })
                    .collect::<Option<Vec<_>>>()
            };
            let cells = refs(self.cells)?;
            let previous = match self.previous {
                None => None,
                Some(p) => Some(Box::new(model::Previous {
                    year: p.year,
                    cells: refs(p.cells)?,
                    span: p.span.map(Span::model),
                })),
            };
            Some(model::Diagnostic {
                code: crate::rules::registry::rule_by_code(&self.code)?.code,
                severity: match self.severity.as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    "info" => Severity::Info,
                    _ => return None,
                },
                message: self.message,
                cells,
                span: self.span.map(Span::model),
                previous,
            })
        }
    }

    impl Report {
        pub fn into_report(self) -> Option<model::Report> {
            if self.version != super::VERSION {
                return None;
            }
            let template = match self.template.as_deref() {
                None => None,
                Some("2019") => Some(Template::Y2019),
                Some("2021") => Some(Template::Y2021),
                Some(_) => return None,
            };
            let sections = self
                .sections
                .into_iter()
                .map(|s| {
                    Some(model::Section {
                        key: *model::SectionKey::ALL
                            .iter()
                            .find(|k| k.as_str() == s.key)?,
                        title: s.title,
                        span: s.span.model(),
                        body: model::Span::default(),
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            let review = TableKey::ReviewLitigation;
            let tables = model::Tables {
                active_disclosure: table(
                    TableKey::ActiveDisclosure,
                    self.tables.active_disclosure,
                )?,
                applications: table(TableKey::Applications, self.tables.applications)?,
                // A flat map of cell key → cell: the one row with key "".
                review_litigation: model::Table {
                    rows: vec![row(review, "", self.tables.review_litigation)?],
                },
            };
            Some(model::Report {
                template,
                year: self.year,
                agency: self.agency,
                sections,
                tables,
                diagnostics: self
                    .diagnostics
                    .into_iter()
                    .map(Diagnostic::model)
                    .collect::<Option<Vec<_>>>()?,
                meta: model::Meta::default(),
                verdict: model::Verdict {
                    broken: self.verdict.broken,
                    not_assessable: self.verdict.not_assessable,
                    not_read: self
                        .verdict
                        .not_read
                        .iter()
                        .map(|t| table_key(t))
                        .collect::<Option<Vec<_>>>()?,
                },
            })
        }
    }
}
