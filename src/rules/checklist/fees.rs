//! C006 信息处理费: when fees were charged (table 三's fee row, or the text), section 六 reports them.

use super::*;

// ---------------------------------------------------------------------------------------------
// C006 信息处理费
// ---------------------------------------------------------------------------------------------

/// What in section 六 counts as reporting 信息处理费 (行政事业性收费 is removed first: it is table 二's
/// fee, not the 信息处理费 of 国办函〔2020〕109号).
const FEE_REPORT: &[&str] = &["处理费", "收费通知", "收取费用", "信息公开收费", "公开收费"];

/// Text that says fees were charged, and what negates it just before. (Each starts with 收 and no
/// two can start at one place: the text is scanned once, for 收.)
const FEE_MENTIONS: &[&str] = &["收费通知", "收取信息处理费", "收取政府信息公开信息处理费"];

/// The first mention of fees charged, not negated, outside `skip`.
fn fee_mention(f: &Flat, skip: Option<Range<usize>>) -> Option<(Range<usize>, &'static str)> {
    f.s.match_indices('收').find_map(|(i, _)| {
        let m = *FEE_MENTIONS.iter().find(|m| f.s[i..].starts_with(**m))?;
        let before: String = f.s[..i].chars().rev().take(4).collect();
        // The table-三 label “申请人逾期未按收费通知要求缴纳费用”; “未收取”, “无收取”, “不收取”.
        if before.starts_with("按未") || before.contains(['未', '无', '不', '免', '没']) {
            return None;
        }
        let r = f.orig(i..i + m.len());
        if skip.as_ref().is_some_and(|k| k.contains(&r.start)) {
            return None;
        }
        Some((r, m))
    })
}

pub(super) fn check_fees(idx: &LineIndex, report: &Report, flat: &Flat, out: &mut Vec<Diagnostic>) {
    let Some(six) = section(report, SectionKey::OtherMatters) else {
        return;
    };
    // C002 already says section 六 is silent on fees.
    if out.iter().any(|d| d.code == "C002") {
        return;
    }
    let body = flat.slice(six.body.byte_start..six.body.byte_end);
    let cleaned = body.replace("行政事业性收费", "");
    if FEE_REPORT.iter().any(|w| cleaned.contains(w)) {
        return;
    }
    let only_public_fees = body.contains("行政事业性收费");
    let note = if only_public_fees {
        "（只提到行政事业性收费，那是表二的收费，不是信息处理费）"
    } else {
        ""
    };
    let cell = CellRef::new(TableKey::Applications, "other_no_fee", "total");
    let no_fee = report
        .tables
        .cell(&cell)
        .and_then(Cell::known)
        .filter(|n| n.mantissa > 0);
    if let Some(n) = no_fee {
        out.push(diag(
            registry::C006,
            format!(
                "{}为 {n}，说明发出过收费通知，而第六部分未报告信息处理费收取情况{note}",
                cell_name(&cell)
            ),
            vec![cell],
            Some(six.span),
        ));
        return;
    }
    let six_range = six.body.byte_start..six.body.byte_end;
    if let Some((r, m)) = fee_mention(flat, Some(six_range)) {
        let line = idx.span(r.start, r.end).line;
        out.push(diag(
            registry::C006,
            format!("正文第 {line} 行提到“{m}”，而第六部分未报告信息处理费收取情况{note}"),
            Vec::new(),
            Some(six.span),
        ));
    }
}
