//! The two official templates as data: every table's rows and columns, their keys, official labels and the keywords that recognise them.

use crate::model::Template;

/// A column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColDef {
    pub key: &'static str,
    pub label: &'static str,
    /// Whether values in this column may be fractional (fees in 万元, procurement amounts).
    pub decimal: bool,
    /// Whether values in this column may be negative (本年增/减).
    pub signed: bool,
}

/// A row of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowDef {
    pub key: &'static str,
    /// The official label, with its group label in brackets when the row has one.
    pub label: &'static str,
    /// Distinctive fragments that identify the row in mangled text (short, so that line breaks
    /// inside a label still leave one whole). Matched after normalisation (no spaces, ASCII digits
    /// and parentheses). The first keyword is the strongest.
    pub keywords: &'static [&'static str],
    /// The sub-item number printed before the label (1. 2. …), when the row has one.
    pub marker: Option<u8>,
    pub cols: &'static [ColDef],
}

const fn col(key: &'static str, label: &'static str) -> ColDef {
    ColDef {
        key,
        label,
        decimal: false,
        signed: false,
    }
}

const fn dec(key: &'static str, label: &'static str) -> ColDef {
    ColDef {
        key,
        label,
        decimal: true,
        signed: false,
    }
}

const fn signed(key: &'static str, label: &'static str) -> ColDef {
    ColDef {
        key,
        label,
        decimal: false,
        signed: true,
    }
}

const fn row(
    key: &'static str,
    label: &'static str,
    keywords: &'static [&'static str],
    marker: Option<u8>,
    cols: &'static [ColDef],
) -> RowDef {
    RowDef {
        key,
        label,
        keywords,
        marker,
        cols,
    }
}

// ---------------------------------------------------------------------------------------------
// Table 二
// ---------------------------------------------------------------------------------------------

const DOCS_2021: &[ColDef] = &[
    col("issued", "本年制发件数"),
    col("repealed", "本年废止件数"),
    col("in_force", "现行有效件数"),
];
const DECISIONS_2021: &[ColDef] = &[col("decisions", "本年处理决定数量")];
const FEES_2021: &[ColDef] = &[dec("amount", "本年收费金额（单位：万元）")];

/// Table 二 of the 2021 template.
pub const ACTIVE_2021: &[RowDef] = &[
    row("rules", "规章", &["规章"], None, DOCS_2021),
    row(
        "normative_documents",
        "行政规范性文件",
        &["规范性文件", "行政规范", "规范性"],
        None,
        DOCS_2021,
    ),
    row("licensing", "行政许可", &["行政许可"], None, DECISIONS_2021),
    row("penalty", "行政处罚", &["行政处罚"], None, DECISIONS_2021),
    row("coercion", "行政强制", &["行政强制"], None, DECISIONS_2021),
    row(
        "fees",
        "行政事业性收费",
        &["行政事业性收费", "事业性收费", "行政事业"],
        None,
        FEES_2021,
    ),
];

const DOCS_2019: &[ColDef] = &[
    col("new_made", "本年新制作数量"),
    col("new_published", "本年新公开数量"),
    col("total_published", "对外公开总数量"),
];
const ITEMS_2019: &[ColDef] = &[
    col("prev_year_items", "上一年项目数量"),
    signed("change", "本年增/减"),
    col("decisions", "处理决定数量"),
];
const FEES_2019: &[ColDef] = &[
    col("prev_year_items", "上一年项目数量"),
    signed("change", "本年增/减"),
];
const PROCUREMENT_2019: &[ColDef] = &[col("projects", "采购项目数量"), dec("amount", "采购总金额")];

/// Table 二 of the 2019 template.
pub const ACTIVE_2019: &[RowDef] = &[
    row("rules", "规章", &["规章"], None, DOCS_2019),
    row(
        "normative_documents",
        "规范性文件",
        &["规范性文件", "行政规范", "规范性"],
        None,
        DOCS_2019,
    ),
    row("licensing", "行政许可", &["行政许可"], None, ITEMS_2019),
    row(
        "other_services",
        "其他对外管理服务事项",
        &["对外管理服务", "管理服务事项", "其他对外管理"],
        None,
        ITEMS_2019,
    ),
    row("penalty", "行政处罚", &["行政处罚"], None, ITEMS_2019),
    row("coercion", "行政强制", &["行政强制"], None, ITEMS_2019),
    row(
        "fees",
        "行政事业性收费",
        &["行政事业性收费", "事业性收费", "行政事业"],
        None,
        FEES_2019,
    ),
    row(
        "procurement",
        "政府集中采购",
        &["集中采购", "政府采购"],
        None,
        PROCUREMENT_2019,
    ),
];

// ---------------------------------------------------------------------------------------------
// Table 三
// ---------------------------------------------------------------------------------------------

/// The applicant columns of table 三, in order, then `total`.
pub const APPLICANT_COLS: &[ColDef] = &[
    col("natural_person", "自然人"),
    col("commercial", "商业企业"),
    col("research", "科研机构"),
    col("social_welfare", "社会公益组织"),
    col("legal_service", "法律服务机构"),
    col("other_org", "其他"),
    col("total", "总计"),
];

/// Index of `other_org` in [`APPLICANT_COLS`] (the column some tables leave out).
pub const OTHER_ORG: usize = 5;
/// Index of `total` in [`APPLICANT_COLS`].
pub const TOTAL_COL: usize = 6;

const fn app(
    key: &'static str,
    label: &'static str,
    keywords: &'static [&'static str],
    marker: Option<u8>,
) -> RowDef {
    row(key, label, keywords, marker, APPLICANT_COLS)
}

const APP_HEAD: [RowDef; 20] = [
    app(
        "new_received",
        "一、本年新收政府信息公开申请数量",
        &["本年新收", "新收政府信息", "新收"],
        None,
    ),
    app(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        &["上年结转", "上年度结转"],
        None,
    ),
    app(
        "granted",
        "[三、本年度办理结果] （一）予以公开",
        &["予以公开"],
        None,
    ),
    app(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        &["部分公开", "区分处理"],
        None,
    ),
    app(
        "denied_state_secret",
        "[（三）不予公开] 1.属于国家秘密",
        &["国家秘密"],
        Some(1),
    ),
    app(
        "denied_prohibited",
        "2.其他法律行政法规禁止公开",
        &["禁止公开", "法规禁止", "行政止公开", "其他法律"],
        Some(2),
    ),
    app(
        "denied_security_stability",
        "3.危及“三安全一稳定”",
        &["三安全", "一稳定", "危及"],
        Some(3),
    ),
    app(
        "denied_third_party",
        "4.保护第三方合法权益",
        &["第三方", "合法权益"],
        Some(4),
    ),
    app(
        "denied_internal_affairs",
        "5.属于三类内部事务信息",
        &["内部事务", "三类内部"],
        Some(5),
    ),
    app(
        "denied_process_info",
        "6.属于四类过程性信息",
        &["过程性", "四类过程"],
        Some(6),
    ),
    app(
        "denied_enforcement_file",
        "7.属于行政执法案卷",
        &["执法案卷", "行政执法"],
        Some(7),
    ),
    app(
        "denied_query",
        "8.属于行政查询事项",
        &["查询事项", "行政查询"],
        Some(8),
    ),
    app(
        "unavailable_not_held",
        "[（四）无法提供] 1.本机关不掌握相关政府信息",
        &["不掌握"],
        Some(1),
    ),
    app(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        &["另行制作", "没有现成", "现成信息"],
        Some(2),
    ),
    app(
        "unavailable_unclear",
        "3.补正后申请内容仍不明确",
        &["仍不明确", "补正后", "不明确"],
        Some(3),
    ),
    app(
        "rejected_petition",
        "[（五）不予处理] 1.信访举报投诉类申请",
        &["举报投诉", "信访举报", "投诉类"],
        Some(1),
    ),
    app("rejected_duplicate", "2.重复申请", &["重复申请"], Some(2)),
    app(
        "rejected_publication",
        "3.要求提供公开出版物",
        &["出版物"],
        Some(3),
    ),
    app(
        "rejected_excessive",
        "4.无正当理由大量反复申请",
        &["大量反复", "反复申请"],
        Some(4),
    ),
    app(
        "rejected_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        &["重新出具", "已获取信息", "确认或"],
        Some(5),
    ),
];

const APP_TAIL: [RowDef; 2] = [
    app("total", "（七）总计", &["总计"], None),
    app(
        "carried_forward",
        "四、结转下年度继续办理",
        &["结转下年", "下年度继续", "继续办理"],
        None,
    ),
];

const OTHER_2021: [RowDef; 3] = [
    app(
        "other_no_correction",
        "[（六）其他处理] 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        &["不补正", "逾期不补", "期不补正"],
        Some(1),
    ),
    app(
        "other_no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        &["缴纳费用", "收费通知", "未按收费"],
        Some(2),
    ),
    app("other_other", "3.其他", &["3.其他", "3其他"], Some(3)),
];

const OTHER_2019: [RowDef; 1] = [app("other", "（六）其他处理", &["其他处理"], None)];

const fn applications_2021() -> [RowDef; 25] {
    let mut out = [APP_HEAD[0]; 25];
    let mut i = 0;
    while i < 20 {
        out[i] = APP_HEAD[i];
        i += 1;
    }
    out[20] = OTHER_2021[0];
    out[21] = OTHER_2021[1];
    out[22] = OTHER_2021[2];
    out[23] = APP_TAIL[0];
    out[24] = APP_TAIL[1];
    out
}

const fn applications_2019() -> [RowDef; 23] {
    let mut out = [APP_HEAD[0]; 23];
    let mut i = 0;
    while i < 20 {
        out[i] = APP_HEAD[i];
        i += 1;
    }
    out[20] = OTHER_2019[0];
    out[21] = APP_TAIL[0];
    out[22] = APP_TAIL[1];
    out
}

const APPLICATIONS_2021_ARR: [RowDef; 25] = applications_2021();
const APPLICATIONS_2019_ARR: [RowDef; 23] = applications_2019();

/// Table 三 of the 2021 template: 25 rows.
pub const APPLICATIONS_2021: &[RowDef] = &APPLICATIONS_2021_ARR;
/// Table 三 of the 2019 template: 23 rows (one （六）其他处理 row).
pub const APPLICATIONS_2019: &[RowDef] = &APPLICATIONS_2019_ARR;

/// Rows of table 三 that are results (summed into `total`): from `granted` to the last （六） row.
pub fn result_rows(rows: &'static [RowDef]) -> &'static [RowDef] {
    let end = rows.len() - 2;
    &rows[2..end]
}

// ---------------------------------------------------------------------------------------------
// Table 四
// ---------------------------------------------------------------------------------------------

/// One group of table 四: its name and its five cell keys (upheld, corrected, other, pending, total).
#[derive(Debug, Clone, Copy)]
pub struct ReviewGroup {
    pub name: &'static str,
    pub cells: [&'static str; 5],
}

pub const REVIEW_GROUPS: [ReviewGroup; 3] = [
    ReviewGroup {
        name: "行政复议",
        cells: [
            "review_upheld",
            "review_corrected",
            "review_other",
            "review_pending",
            "review_total",
        ],
    },
    ReviewGroup {
        name: "行政诉讼（未经复议直接起诉）",
        cells: [
            "direct_suit_upheld",
            "direct_suit_corrected",
            "direct_suit_other",
            "direct_suit_pending",
            "direct_suit_total",
        ],
    },
    ReviewGroup {
        name: "行政诉讼（复议后起诉）",
        cells: [
            "suit_after_review_upheld",
            "suit_after_review_corrected",
            "suit_after_review_other",
            "suit_after_review_pending",
            "suit_after_review_total",
        ],
    },
];

/// The labels of the five cells of each table-四 group.
pub const REVIEW_CELL_LABELS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The 15 cell keys of table 四, in order.
pub fn review_keys() -> impl Iterator<Item = &'static str> {
    REVIEW_GROUPS.iter().flat_map(|g| g.cells.iter().copied())
}

/// A readable Chinese name for a table-四 cell key, e.g. "行政复议·总计".
pub fn review_cell_label(key: &str) -> String {
    for g in REVIEW_GROUPS.iter() {
        if let Some(i) = g.cells.iter().position(|c| *c == key) {
            return format!("{}·{}", g.name, REVIEW_CELL_LABELS[i]);
        }
    }
    key.to_string()
}

/// Table 二's rows for a template.
pub fn active_rows(t: Template) -> &'static [RowDef] {
    match t {
        Template::Y2019 => ACTIVE_2019,
        Template::Y2021 => ACTIVE_2021,
    }
}

/// Table 三's rows for a template.
pub fn application_rows(t: Template) -> &'static [RowDef] {
    match t {
        Template::Y2019 => APPLICATIONS_2019,
        Template::Y2021 => APPLICATIONS_2021,
    }
}

/// The official label of a row, without the bracketed group label.
pub fn short_label(label: &str) -> &str {
    match label.find("] ") {
        Some(i) => &label[i + 2..],
        None => label,
    }
}

/// Finds a row definition by key among both templates' tables.
pub fn find_row(table: crate::model::TableKey, key: &str) -> Option<&'static RowDef> {
    use crate::model::TableKey::*;
    let lists: [&'static [RowDef]; 2] = match table {
        ActiveDisclosure => [ACTIVE_2021, ACTIVE_2019],
        Applications => [APPLICATIONS_2021, APPLICATIONS_2019],
        ReviewLitigation => return None,
    };
    lists.iter().flat_map(|l| l.iter()).find(|r| r.key == key)
}

/// A readable Chinese name for a cell, e.g. "表三「（七）总计」自然人".
pub fn cell_name(r: &crate::model::CellRef) -> String {
    use crate::model::TableKey;
    match r.table {
        TableKey::ReviewLitigation => format!("表四「{}」", review_cell_label(r.column)),
        t => {
            let row = r
                .row
                .and_then(|k| find_row(t, k))
                .map(|d| short_label(d.label))
                .unwrap_or("?");
            let lists: [&'static [RowDef]; 2] = if t == TableKey::ActiveDisclosure {
                [ACTIVE_2021, ACTIVE_2019]
            } else {
                [APPLICATIONS_2021, APPLICATIONS_2019]
            };
            let col = lists
                .iter()
                .flat_map(|l| l.iter())
                .filter(|d| Some(d.key) == r.row)
                .find_map(|d| d.cols.iter().find(|c| c.key == r.column))
                .map(|c| c.label)
                .unwrap_or(r.column);
            let tname = if t == TableKey::ActiveDisclosure {
                "表二"
            } else {
                "表三"
            };
            format!("{tname}「{row}」{col}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_match_the_templates() {
        assert_eq!(APPLICATIONS_2021.len(), 25);
        assert_eq!(APPLICATIONS_2019.len(), 23);
        assert_eq!(result_rows(APPLICATIONS_2021).len(), 21);
        assert_eq!(result_rows(APPLICATIONS_2019).len(), 19);
        assert_eq!(result_rows(APPLICATIONS_2021)[0].key, "granted");
        assert_eq!(result_rows(APPLICATIONS_2021)[20].key, "other_other");
        assert_eq!(review_keys().count(), 15);
    }
}
