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
