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
        // Divided by 10,000 exactly (a decimal shift): no float formatting code in the page.
        let shifted = Num {
            mantissa: v.mantissa,
            scale: v.scale.saturating_add(4),
        };
        if yuan || huge {
            let r = CellRef::new(TableKey::ActiveDisclosure, "fees", "amount");
            out.push(Diagnostic::new(
                &registry::V004,
                if yuan {
                    format!(
                        "{}填为“{text}”，单位应为万元（{v} 元 = {shifted} 万元）",
                        cell_name(&r),
                    )
                } else {
                    format!(
                        "{}为 {v} 万元（约 {} 亿元），是否误以元填报？",
                        cell_name(&r),
                        tenths(shifted)
                    )
                },
                vec![r],
                c.span,
            ));
        }
    }
}

/// `n` rounded to one decimal place, half away from zero, always printed with it ("1.0").
fn tenths(n: Num) -> String {
    let m = n.mantissa.unsigned_abs();
    // Tenths of `n` are `m / 10^(scale-1)`; a divisor past u64 is larger than any mantissa.
    let t = match n.scale {
        0 => m.saturating_mul(10),
        s => 10u64
            .checked_pow(u32::from(s) - 1)
            .map_or(0, |div| m / div + u64::from(m % div >= div - div / 2)),
    };
    let sign = if n.mantissa < 0 && t > 0 { "-" } else { "" };
    format!("{sign}{}.{}", t / 10, t % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(mantissa: i64, scale: u8) -> Num {
        Num { mantissa, scale }
    }

    #[test]
    fn tenths_rounds_half_away_from_zero_and_keeps_one_decimal() {
        assert_eq!(tenths(num(1_234_567, 4)), "123.5");
        assert_eq!(tenths(num(1_234_549, 4)), "123.5");
        assert_eq!(tenths(num(1_234_449, 4)), "123.4");
        assert_eq!(tenths(num(20_000, 4)), "2.0");
        assert_eq!(tenths(num(-15, 1)), "-1.5");
        assert_eq!(tenths(num(7, 0)), "7.0");
        assert_eq!(tenths(num(4, 2)), "0.0");
        assert_eq!(tenths(num(i64::MAX, 40)), "0.0");
    }
}
