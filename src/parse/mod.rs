//! Parsing: pasted text → sections, metadata and the three tables (never fails, never panics).

use crate::model::*;

/// Parses a report. Work in progress: returns an empty report.
pub fn parse(_text: &str) -> Report {
    Report {
        template: None,
        year: None,
        agency: None,
        sections: Vec::new(),
        tables: Tables {
            active_disclosure: Table { rows: Vec::new() },
            applications: Table { rows: Vec::new() },
            review_litigation: Table { rows: Vec::new() },
        },
        diagnostics: Vec::new(),
    }
}
