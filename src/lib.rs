//! nianbao: reads a pasted 政府信息公开工作年度报告 into its three standard tables and checks them (pure core, no I/O).

pub mod desk;
pub mod input;
pub mod json;
pub mod model;
pub mod pack;
pub mod parse;
pub mod render;
pub mod rules;
pub mod template;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use model::*;
pub use rules::registry::{rule_by_code, Rule, RULES};

/// Reads a report from pasted text and runs every check. Never panics, never fails: whatever could
/// not be read is said in the report's diagnostics.
pub fn check(text: &str) -> Report {
    // Table markup blanked out and lone CRs made newlines, in place: offsets still point into
    // `text`.
    let text = parse::markup::prepare(text);
    let idx = parse::text::LineIndex::new(&text);
    // The text without white space (line breaks kept) for the headings, and without line breaks
    // either for the checks' phrase searches: normalised once. A second report pasted after the
    // first: the first is read and checked on its own (normalised again, alone), the second's
    // tables and prose never mix into it, and S013 says where the second begins.
    let mut first: &str = &text;
    let mut second = None;
    loop {
        let sq = parse::sections::Squeezed::new(first);
        let (headings, next) = parse::sections::find_headings_and_next(&sq);
        match next.filter(|_| second.is_none()) {
            Some(at) => {
                // At its line's start, unless text of the first report comes before it on that
                // line (collapsed text, one line for everything): then where it starts.
                let line = text[..at].rfind('\n').map_or(0, |n| n + 1);
                let cut = if text[line..at].trim().is_empty() {
                    line
                } else {
                    at
                };
                second = Some(rules::structure::second_report(&text, &idx, cut));
                first = &text[..cut];
            }
            None => return check_prepared(first, &idx, sq, &headings, second),
        }
    }
}

/// Reads and checks `text` (prepared, squeezed and its headings found); `idx` may index a longer
/// text that `text` begins.
fn check_prepared(
    text: &str,
    idx: &parse::text::LineIndex,
    sq: parse::sections::Squeezed,
    headings: &[parse::sections::Heading],
    extra: Option<Diagnostic>,
) -> Report {
    let (mut report, notes) = parse::parse_squeezed(text, idx, &sq, headings);
    report.diagnostics.extend(extra);
    let flat = rules::checklist::Flat::from_squeezed(sq);
    rules::run_with(text, idx, &notes, &flat, &mut report);
    report
}

/// [`check`], serialised as the v1 JSON contract (the same bytes the CLI and the JS API produce).
pub fn check_json(text: &str) -> String {
    json::to_json(&check(text))
}
