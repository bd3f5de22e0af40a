//! The page's worker hand-off: a [`Report`] as a list of numbers (what the v1 JSON carries), written by the check worker and read back by the page in one walk over the model.

// The page's check worker runs the same wasm module as the page (`src/web/worker.rs`), so what
// one writes the other reads: there is no contract to keep, only a reader to make small. This
// replaces the v1 JSON text and its reader (`json::from_json`) on that path, 3.5 KB gzip off the
// page's first load. Writing and reading are the same walk over a `Tape` that either appends each
// number or reads it back, so the code is written once. It carries what the v1 JSON carries, and
// read back it is the same report as `json::from_json` of `json::to_json` (tests/pack.rs), except
// that a decimal of more than 15 significant digits stays exact. Numbers are `u32` (the page's
// `usize`; a `Uint32Array` in JS), text is one number a `char`.

use crate::model::*;
use crate::template::{self, RowDef};

/// One direction of the walk: writing appends every number to `out`, reading takes each from `rest`.
struct Tape<'a> {
    reading: bool,
    out: Vec<u32>,
    rest: &'a [u32],
    /// Reading: the tape ended early, or names something that does not exist.
    bad: bool,
}

impl Tape<'_> {
    /// Writes `*n`, or reads the next number into it (past the end: 0, and the tape is bad).
    fn n(&mut self, n: &mut u32) {
        if !self.reading {
            self.out.push(*n);
        } else if let Some((x, rest)) = self.rest.split_first() {
            *n = *x;
            self.rest = rest;
        } else {
            *n = 0;
            self.bad = true;
        }
    }

    fn size(&mut self, x: &mut usize) {
        // The page's `usize` is 32 bits (natively, where nothing is packed, more would not fit).
        let mut n = *x as u32;
        self.n(&mut n);
        *x = n as usize;
    }

    /// A list's length: at most what is left of the tape (every item takes a number at least).
    fn len(&mut self, mut len: usize) -> usize {
        self.size(&mut len);
        if self.reading && len > self.rest.len() {
            self.bad = true;
            return 0;
        }
        len
    }

    /// Whether an `Option` is `Some`.
    fn some(&mut self, some: bool) -> bool {
        let mut n = u32::from(some);
        self.n(&mut n);
        self.bad |= n > 1;
        n == 1
    }

    /// A variant's place among `n` (its enum's order of declaration): read, at most `n - 1`.
    fn index(&mut self, i: usize, n: usize) -> usize {
        let mut i = i;
        self.size(&mut i);
        if i >= n {
            self.bad = true;
            return 0;
        }
        i
    }

    fn text(&mut self, s: &mut String) {
        let len = self.len(s.chars().count());
        if !self.reading {
            self.out.extend(s.chars().map(u32::from));
            return;
        }
        for _ in 0..len {
            let mut c = 0;
            self.n(&mut c);
            match char::from_u32(c) {
                Some(c) => s.push(c),
                None => self.bad = true,
            }
        }
    }

    /// A row or column key or a rule's code: its place among [`each_key`]'s keys.
    fn key(&mut self, k: &mut &'static str) {
        let mut i = 0;
        if !self.reading {
            // Not found (no such key): past the last, so that reading it fails.
            each_key(&mut |x| {
                x == *k || {
                    i += 1;
                    false
                }
            });
        }
        self.size(&mut i);
        if self.reading
            && !each_key(&mut |x| {
                i == 0 && {
                    *k = x;
                    true
                } || {
                    i -= 1;
                    false
                }
            })
        {
            self.bad = true;
        }
    }

    fn span(&mut self, s: &mut Span) {
        self.size(&mut s.start);
        self.size(&mut s.end);
        self.size(&mut s.line);
        self.size(&mut s.column);
    }

    fn opt_span(&mut self, s: &mut Option<Span>) {
        *s = match self.some(s.is_some()) {
            true => {
                let mut v = s.unwrap_or_default();
                self.span(&mut v);
                Some(v)
            }
            false => None,
        };
    }

    fn opt_text(&mut self, s: &mut Option<String>) {
        if self.some(s.is_some()) {
            self.text(s.get_or_insert_with(String::new));
        } else {
            *s = None;
        }
    }

    fn opt_int(&mut self, x: &mut Option<i32>) {
        *x = match self.some(x.is_some()) {
            true => {
                let mut n = x.unwrap_or(0) as u32;
                self.n(&mut n);
                Some(n as i32)
            }
            false => None,
        };
    }

    /// A number as the v1 JSON has it: normalised (no trailing zero decimals).
    fn num(&mut self, x: &mut Num) {
        let n = x.normalized();
        let (mut lo, mut hi) = (n.mantissa as u32, (n.mantissa >> 32) as u32);
        let mut scale = u32::from(n.scale);
        self.n(&mut lo);
        self.n(&mut hi);
        self.n(&mut scale);
        *x = Num {
            mantissa: (i64::from(hi) << 32) | i64::from(lo),
            scale: scale as u8,
        }
        .normalized();
    }

    fn refs(&mut self, cells: &mut Vec<CellRef>) {
        let len = self.len(cells.len());
        cells.resize_with(len, || CellRef::new(TableKey::Applications, "", ""));
        for c in cells {
            c.table = TABLES[self.index(c.table as usize, TABLES.len())];
            // No row (table 四) as "", as `CellRef::new` takes it.
            let mut row = c.row.unwrap_or("");
            self.key(&mut row);
            self.key(&mut c.column);
            c.row = (!row.is_empty()).then_some(row);
        }
    }

    /// A table's rows (table 四: its one row, key "", as the parser makes it and the v1 JSON
    /// writes it).
    fn table(&mut self, table: &mut Table) {
        let len = self.len(table.rows.len());
        table.rows.resize_with(len, || Row {
            key: "",
            cells: Vec::new(),
        });
        for row in &mut table.rows {
            self.key(&mut row.key);
            let len = self.len(row.cells.len());
            row.cells.resize_with(len, || ("", Cell::missing()));
            for (col, cell) in &mut row.cells {
                self.key(col);
                if self.some(cell.value.is_some()) {
                    self.num(cell.value.get_or_insert(Num::ZERO));
                } else {
                    cell.value = None;
                }
                self.opt_text(&mut cell.text);
                cell.status = STATUSES[self.index(cell.status as usize, STATUSES.len())];
                self.opt_span(&mut cell.span);
                self.opt_text(&mut cell.from);
                let len = self.len(cell.candidates.len());
                cell.candidates.resize(len, Num::ZERO);
                for n in &mut cell.candidates {
                    self.num(n);
                }
            }
        }
    }

    fn walk(&mut self, r: &mut Report) {
        r.template = match self.some(r.template.is_some()) {
            true => {
                Some(TEMPLATES[self.index(r.template.map_or(0, |t| t as usize), TEMPLATES.len())])
            }
            false => None,
        };
        self.opt_int(&mut r.year);
        self.opt_text(&mut r.agency);
        let len = self.len(r.sections.len());
        r.sections.resize_with(len, || Section {
            key: SectionKey::Overview,
            title: String::new(),
            span: Span::default(),
            body: Span::default(),
        });
        for s in &mut r.sections {
            s.key = SectionKey::ALL[self.index(s.key as usize, SectionKey::ALL.len())];
            self.text(&mut s.title);
            self.span(&mut s.span);
        }
        self.table(&mut r.tables.active_disclosure);
        self.table(&mut r.tables.applications);
        self.table(&mut r.tables.review_litigation);
        let len = self.len(r.diagnostics.len());
        r.diagnostics.resize_with(len, || Diagnostic {
            code: "",
            severity: Severity::Info,
            message: String::new(),
            cells: Vec::new(),
            span: None,
            previous: None,
        });
        for d in &mut r.diagnostics {
            self.key(&mut d.code);
            d.severity = SEVERITIES[self.index(d.severity as usize, SEVERITIES.len())];
            self.text(&mut d.message);
            self.refs(&mut d.cells);
            self.opt_span(&mut d.span);
            if self.some(d.previous.is_some()) {
                let p = d.previous.get_or_insert_with(|| {
                    Box::new(Previous {
                        year: None,
                        cells: Vec::new(),
                        span: None,
                    })
                });
                self.opt_int(&mut p.year);
                self.refs(&mut p.cells);
                self.opt_span(&mut p.span);
            } else {
                d.previous = None;
            }
        }
        let v = &mut r.verdict;
        self.size(&mut v.broken);
        self.size(&mut v.not_assessable);
        let len = self.len(v.not_read.len());
        v.not_read.resize(len, TableKey::Applications);
        for k in &mut v.not_read {
            *k = TABLES[self.index(*k as usize, TABLES.len())];
        }
    }
}

/// Calls `f` with every key a report's `&'static str`s can hold, in a fixed order, until it says
/// `true`; whether it did: "" (table 四's row), the rules' codes, table 四's cell keys, then the
/// row and column keys of both templates' tables 二 and 三 (repeats are harmless: the first is
/// taken). The same module writes and reads, so the order only has to be the same.
fn each_key(f: &mut dyn FnMut(&'static str) -> bool) -> bool {
    let rows: [&[RowDef]; 4] = [
        template::ACTIVE_2021,
        template::ACTIVE_2019,
        template::APPLICATIONS_2021,
        template::APPLICATIONS_2019,
    ];
    f("")
        || crate::RULES.iter().any(|r| f(r.code))
        || template::REVIEW_GROUPS
            .iter()
            .any(|g| g.cells.iter().any(|k| f(k)))
        || rows.iter().any(|l| {
            l.iter()
                .any(|r| f(r.key) || r.cols.iter().any(|c| f(c.key)))
        })
}

// The variants in their order of declaration (`as usize` gives the place; tested below).
const TEMPLATES: [Template; 2] = [Template::Y2019, Template::Y2021];
const TABLES: [TableKey; 3] = TableKey::ALL;
const STATUSES: [Status; 5] = [
    Status::Read,
    Status::Inferred,
    Status::Blank,
    Status::Missing,
    Status::Ambiguous,
];
const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

/// A report as numbers (what the v1 JSON carries, in the same order).
pub fn pack(mut report: Report) -> Vec<u32> {
    let mut tape = Tape {
        reading: false,
        out: Vec::new(),
        rest: &[],
        bad: false,
    };
    tape.walk(&mut report);
    tape.out
}

/// Reads [`pack`]'s numbers back into a report (spans' byte offsets 0, sections' bodies empty and
/// [`Meta`] default, as from the v1 JSON); `None` if they are not a packed report.
pub fn unpack(tape: &[u32]) -> Option<Report> {
    let table = || Table { rows: Vec::new() };
    let mut report = Report {
        template: None,
        year: None,
        agency: None,
        sections: Vec::new(),
        tables: Tables {
            active_disclosure: table(),
            applications: table(),
            review_litigation: table(),
        },
        diagnostics: Vec::new(),
        meta: Meta::default(),
        verdict: Verdict::default(),
    };
    let mut tape = Tape {
        reading: true,
        out: Vec::new(),
        rest: tape,
        bad: false,
    };
    tape.walk(&mut report);
    (!tape.bad && tape.rest.is_empty()).then_some(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_in_their_order_of_declaration() {
        assert!(TEMPLATES.iter().enumerate().all(|(i, v)| *v as usize == i));
        assert!(TABLES.iter().enumerate().all(|(i, v)| *v as usize == i));
        assert!(STATUSES.iter().enumerate().all(|(i, v)| *v as usize == i));
        assert!(SEVERITIES.iter().enumerate().all(|(i, v)| *v as usize == i));
        assert!(SectionKey::ALL
            .iter()
            .enumerate()
            .all(|(i, v)| *v as usize == i));
    }
}
