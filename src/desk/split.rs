//! Several reports pasted one after another, cut into one text per report at their titles.
//!
//! A report opens with its title (“某某局2023年政府信息公开工作年度报告”) and ends with its last
//! sections (五、…存在的主要问题…, 六、其他需要报告的事项). A title line starts a new report only
//! once the current one has reached those last sections, and only when it is not the current
//! report's own title again (a PDF's running page header). Nothing is dropped: the pieces, in
//! order, are the whole text.

use std::ops::Range;

/// Lines longer than this (in characters) are prose, never a title.
const MAX_TITLE_CHARS: usize = 80;

/// The byte ranges of the reports in `text`, in order, covering it entirely (one range for a
/// single report, and for an empty text).
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    // The current piece's title (normalised) and whether it has reached its last sections.
    let mut title: Option<String> = None;
    let mut ended = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        if let Some(t) = as_title(line) {
            if ended && title.as_deref() != Some(t.as_str()) {
                pieces.push(start..line_start);
                start = line_start;
                ended = false;
            }
            if title.is_none() || start == line_start {
                title = Some(t);
            }
            continue;
        }
        if line.contains("其他需要报告的事项") || line.contains("存在的主要问题") {
            ended = true;
        }
    }
    pieces.push(start..text.len());
    pieces
}

/// The line as a report title (white space removed), if it is one: short, naming a year, an
/// annual report and government information disclosure, and not a citation of one (《…》).
fn as_title(line: &str) -> Option<String> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > MAX_TITLE_CHARS || t.contains(['《', '〈']) {
        return None;
    }
    let report = t.contains("年度报告") || t.contains("工作报告");
    let subject = t.contains("政府信息公开") || t.contains("政务公开");
    (report && subject && has_year(&t)).then_some(t)
}

/// Whether `s` names a year: four digits 19xx or 20xx followed by 年.
fn has_year(s: &str) -> bool {
    s.match_indices('年').any(|(i, _)| {
        let d = &s.as_bytes()[..i];
        d.len() >= 4
            && d[d.len() - 4..].iter().all(u8::is_ascii_digit)
            && matches!(&d[d.len() - 4..d.len() - 2], b"19" | b"20")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "甲局2022年政府信息公开工作年度报告\n一、总体情况\n文字\n五、存在的主要问题及改进情况\n无\n六、其他需要报告的事项\n无\n";
    const B: &str =
        "乙局 2023 年政府信息公开工作年度报告\n一、总体情况\n文字\n六、其他需要报告的事项\n无\n";

    fn pieces(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn reports_one_after_another() {
        let text = format!("{A}\n{B}{A}");
        assert_eq!(pieces(&text), vec![&format!("{A}\n")[..], B, A]);
    }

    #[test]
    fn a_running_header_or_a_citation_is_not_a_new_report() {
        // The same title again after the last sections (a PDF's page header) stays in the report.
        let text = format!("{A}甲局2022年政府信息公开工作年度报告\n- 5 -\n");
        assert_eq!(pieces(&text).len(), 1);
        // A title before the report's last sections: the intro quoting it, a page header.
        let text = "甲局2022年政府信息公开工作年度报告\n乙局2021年政府信息公开工作年度报告\n六、其他需要报告的事项\n";
        assert_eq!(pieces(text).len(), 1);
        let text = format!("{A}根据《乙局2023年政府信息公开工作年度报告》\n");
        assert_eq!(pieces(&text).len(), 1);
    }

    #[test]
    fn nothing_is_lost() {
        for text in ["", "\n", "无标题", A, &format!("{A}{B}{A}{B}")[..]] {
            let r = split(text);
            assert_eq!(r.first().map(|r| r.start), Some(0));
            assert_eq!(r.last().map(|r| r.end), Some(text.len()));
            assert!(r.windows(2).all(|w| w[0].end == w[1].start));
        }
    }
}
