//! The value rules (V001, V002, V004): counts are whole and non-negative; fee amounts are in 万元.

use crate::model::*;
use crate::rules::registry;
use crate::template::{self, cell_name};

pub fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    let (t2, _) = super::structure::table_templates(&report.tables);
    for table in TableKey::ALL {
        for (row, col, cell) in report.tables.get(table).cells() {
            let Some(v) = cell.known() else { continue };
            // Most values are whole and non-negative: nothing to look up.
            if !v.is_negative() && v.is_integer() {
                continue;
            }
            let rows: &[template::RowDef] = match table {
                TableKey::ActiveDisclosure => template::active_rows(t2.unwrap_or(Template::Y2021)),
                _ => template::application_rows(Template::Y2021),
            };
            let def = rows
                .iter()
                .find(|r| r.key == row)
                .and_then(|r| r.cols.iter().find(|c| c.key == col));
            let (signed, decimal) = def.map_or((false, false), |d| (d.signed, d.decimal));
            let r = CellRef::new(table, row, col);
            if v.is_negative() && !signed {
                out.push(Diagnostic::new(
                    &registry::V001,
                    format!("{}为负数 {v}，件数不能为负", cell_name(&r)),
                    vec![r],
                    cell.span,
                ));
            }
            if !v.is_integer() && !decimal {
                out.push(Diagnostic::new(
                    &registry::V002,
                    format!("{}为 {v}，件数应为整数", cell_name(&r)),
                    vec![r],
                    cell.span,
                ));
            }
        }
    }
    let fee = report
        .tables
        .active_disclosure
        .cell("fees", "amount")
        .filter(|c| c.known().is_some());
    if let Some(c) = fee {
        let v = c.known().unwrap_or(Num::ZERO);
        let text = c.text.as_deref().unwrap_or("");
        let yuan = text.ends_with('元') && !text.ends_with("万元");
        let huge = v.as_f64() >= 1_000_000.0;
        if yuan || huge {
            let r = CellRef::new(TableKey::ActiveDisclosure, "fees", "amount");
            out.push(Diagnostic::new(
                &registry::V004,
                if yuan {
                    format!(
                        "{}填为“{text}”，单位应为万元（{v} 元 = {} 万元）",
                        cell_name(&r),
                        v.as_f64() / 10_000.0
                    )
                } else {
                    format!(
                        "{}为 {v} 万元（约 {:.1} 亿元），是否误以元填报？",
                        cell_name(&r),
                        v.as_f64() / 10_000.0
                    )
                },
                vec![r],
                c.span,
            ));
        }
    }
}
