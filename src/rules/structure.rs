//! The structure rules (S001, S002, S004, S005, S006, S008, S013): sections and tables present, columns complete, no blank cells, the right template for the year, one report in the text. (S003, S007 and S009 come from the parser, which sees the rows.)

use crate::model::*;
use crate::rules::registry;
use crate::template::cell_name;

fn table_missing(t: &Table) -> bool {
    t.cells().all(|(_, _, c)| c.status == Status::Missing)
}

/// Which template table 二 and table 三 follow, judged from their keys.
pub fn table_templates(t: &Tables) -> (Option<Template>, Option<Template>) {
    let t2 = (!table_missing(&t.active_disclosure)).then(|| {
        if t.active_disclosure.row("procurement").is_some() {
            Template::Y2019
        } else {
            Template::Y2021
        }
    });
    let t3 = (!table_missing(&t.applications)).then(|| {
        if t.applications.row("other").is_some() {
            Template::Y2019
        } else {
            Template::Y2021
        }
    });
    (t2, t3)
}

pub fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    for key in SectionKey::ALL {
        if !report.sections.iter().any(|s| s.key == key) {
            out.push(Diagnostic::new(
                &registry::S001,
                format!(
                    "未找到第{}部分“{}”",
                    &key.official_title()[..3],
                    &key.official_title()[6..]
                ),
                Vec::new(),
                None,
            ));
        }
    }
    for table in TableKey::ALL {
        if table_missing(report.tables.get(table)) {
            out.push(Diagnostic::new(
                &registry::S002,
                format!("未找到{}，或其中没有可读的数字", table.zh()),
                Vec::new(),
                report
                    .sections
                    .iter()
                    .find(|s| s.key.as_str() == table.as_str())
                    .map(|s| s.span),
            ));
        }
    }
    let apps = &report.tables.applications;
    if !table_missing(apps) {
        let other_missing: Vec<CellRef> = apps
            .rows
            .iter()
            .filter(|r| {
                r.cell("other_org")
                    .is_some_and(|c| c.status == Status::Missing)
            })
            .map(|r| CellRef::new(TableKey::Applications, r.key, "other_org"))
            .collect();
        if other_missing.len() == apps.rows.len() {
            out.push(Diagnostic::new(
                &registry::S004,
                "表三缺少“其他”列（法人或其他组织·其他），各行总计无法逐项核对".into(),
                other_missing,
                None,
            ));
        }
    }
    for table in TableKey::ALL {
        let blanks: Vec<(CellRef, &Cell)> = report
            .tables
            .get(table)
            .cells()
            .filter(|(_, _, c)| c.status == Status::Blank)
            .map(|(r, c, cell)| (CellRef::new(table, r, c), cell))
            .collect();
        if let Some((_, first)) = blanks.first() {
            let shown: Vec<String> = blanks
                .iter()
                .take(3)
                .map(
                    |(r, c)| match c.text.as_deref().map(str::trim).unwrap_or("") {
                        // An empty table field (HTML, Word, a tab-separated row).
                        "" => format!("{}（空）", cell_name(r)),
                        t => format!("{}“{t}”", cell_name(r)),
                    },
                )
                .collect();
            out.push(Diagnostic::new(
                &registry::S005,
                format!(
                    "{}有 {} 个应填数字的单元格为空白或占位符（未当作 0；按 0 计也不成立的勾稽关系照常报错）：{}{}",
                    table.zh(),
                    blanks.len(),
                    shown.join("、"),
                    if blanks.len() > 3 { " 等" } else { "" }
                ),
                blanks.iter().map(|(r, _)| *r).collect(),
                first.span,
            ));
        }
    }
    let (t2, t3) = table_templates(&report.tables);
    if let Some(year) = report.year {
        if year >= 2021 && (t2 == Some(Template::Y2019) || t3 == Some(Template::Y2019)) {
            let which = match (t2, t3) {
                (Some(Template::Y2019), Some(Template::Y2019)) => "表二、表三",
                (Some(Template::Y2019), _) => "表二",
                _ => "表三",
            };
            out.push(Diagnostic::new(&registry::S006, format!(
                    "{year} 年度报告的{which}仍使用 2019 年版（国办公开办函〔2019〕60号）格式，应使用 2021 年版（国办公开办函〔2021〕30号）"
                ), Vec::new(), None));
        }
    }
    if let (Some(a), Some(b)) = (t2, t3) {
        if a != b {
            out.push(Diagnostic::new(
                &registry::S008,
                format!(
                    "表二为 {} 年版格式，而表三为 {} 年版格式（“（六）其他处理”{}）",
                    a.as_str(),
                    b.as_str(),
                    if b == Template::Y2019 {
                        "未细分三项"
                    } else {
                        "细分为三项"
                    }
                ),
                Vec::new(),
                None,
            ));
        }
    }
}

/// S013: a second report begins at byte `at` of `text` (the line of its title or first heading);
/// only the text before it was read and checked.
pub fn second_report(text: &str, idx: &crate::parse::text::LineIndex, at: usize) -> Diagnostic {
    let line = text.get(at..).unwrap_or("").lines().next().unwrap_or("");
    let end = at + line.len();
    let shown: String = line.trim().chars().take(40).collect();
    let span = idx.span(at, end);
    // Mid-line in collapsed text (one line for everything): its column too.
    let place = if span.column > 1 {
        format!("第 {} 行第 {} 字", span.line, span.column)
    } else {
        format!("第 {} 行", span.line)
    };
    Diagnostic::new(
        &registry::S013,
        format!(
            "{place}起是另一份报告（“{shown}”），只读取并核对了它之前的第一份；请把每份报告分开核对"
        ),
        Vec::new(),
        Some(span),
    )
}
