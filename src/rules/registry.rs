//! The rule registry: every check's stable code, severity, name, one-line summary and doc, as data.

use crate::model::Severity;

/// One check. `code` is stable forever: tools and people filter on it. `doc` says what the rule
/// checks, why it matters and gives an example (plain text, Chinese, a few lines).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub doc: &'static str,
}

const fn rule(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    doc: &'static str,
) -> Rule {
    Rule {
        code,
        name,
        severity,
        summary,
        doc,
    }
}

use Severity::{Error, Info, Warning};

pub const A001: Rule = rule(
    "A001",
    "applications-column-balance",
    Error,
    "表三每列：第一项加第二项之和应等于第三项（七）总计加第四项",
    "检查：表三每一列，“一、本年新收”＋“二、上年结转”＝“（七）总计”＋“四、结转下年度继续办理”。\n\
     原因：这是表三表头印明的勾稽关系，不成立说明有数字抄错、漏填或结转口径不一致。\n\
     示例：自然人列 新收 3001＋结转 34＝3035，而 总计 2932＋结转下年 103＝3035，成立；若结转下年写成 13，则报错。",

);

pub const A002: Rule = rule(
    "A002",
    "applications-column-total",
    Error,
    "表三每列：（七）总计应等于各项办理结果之和",
    "检查：表三每一列，“（七）总计”＝（一）予以公开至（六）其他处理各行之和。\n\
     原因：总计若与分项之和不符，要么某个分项漏报，要么总计算错。\n\
     示例：总计列 予以公开 1362＋部分公开 454＋…＝3050，总计应为 3050。",
);

pub const A003: Rule = rule(
    "A003",
    "applications-row-total",
    Error,
    "表三每行：总计列应等于六类申请人之和",
    "检查：表三每一行，“总计”列＝自然人＋商业企业＋科研机构＋社会公益组织＋法律服务机构＋其他。\n\
     原因：总计列是横向合计，不等说明某类申请人的数字或总计有误。\n\
     示例：新收 3001＋53＋0＋0＋61＋4＝3119，总计应为 3119。",
);

pub const A004: Rule = rule(
    "A004",
    "review-group-total",
    Error,
    "表四每组：总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
    "检查：表四的行政复议、未经复议直接起诉、复议后起诉三组，各组“总计”＝四项结果之和。\n\
     原因：总计与分项不符，说明案件数漏填或算错。\n\
     示例：行政复议 72＋64＋178＋37＝351，总计应为 351。",
);

pub const A005: Rule = rule(
    "A005",
    "not-assessable",
    Info,
    "某项勾稽关系因单元格缺失、空白或有歧义而无法核对",
    "检查：一项勾稽关系所需的单元格中有缺失、空白（“/”“—”“无”等）或有歧义的，该关系不判定成立，而报告为无法核对。\n\
     原因：把空白当 0、把猜测当读数都会让错误被掩盖；无法核对必须明说。\n\
     示例：表三没有“其他”列时，各行“总计＝六类申请人之和”无法核对。",

);

pub const C001: Rule = rule(
    "C001",
    "problems-section-empty",
    Warning,
    "第五部分“存在的主要问题及改进情况”为空或只写“无”",
    "检查：第五部分是否写出了具体问题和改进措施。\n\
     原因：年度报告格式要求如实报告存在的问题及改进情况，写“无”不符合要求。\n\
     示例：“五、存在的主要问题及改进情况  无”。",
);

pub const C002: Rule = rule(
    "C002",
    "fee-statement-missing",
    Warning,
    "2021 年版报告第六部分未说明信息处理费收取情况",
    "检查：按 2021 年版格式，第六部分“其他需要报告的事项”应报告依据国办函〔2020〕109号收取信息处理费的情况（含未收取）。\n\
     原因：格式模板在第六部分专门提示报告信息处理费。\n\
     示例：“六、其他需要报告的事项  无”——未提及信息处理费。",

);

pub const C003: Rule = rule(
    "C003",
    "year-mismatch",
    Warning,
    "标题年度与统计期限年度不一致",
    "检查：标题中的报告年度与“统计期限自X年1月1日起至X年12月31日止”的年度是否一致。\n\
     原因：复制上一年报告修改时常漏改年份。\n\
     示例：标题“2022年政府信息公开工作年度报告”，正文“统计期限自2021年1月1日起”。",
);

pub const P001: Rule = rule(
    "P001",
    "prose-table-mismatch",
    Warning,
    "正文复述的数字与表格不一致",
    "检查：正文中“新收/收到/受理政府信息公开申请N件”“上年结转N件”“行政复议N件”“行政诉讼N件”等与表格对应单元格是否一致。\n\
     原因：正文和表格常由不同人填写，不一致会让读者无所适从。\n\
     示例：正文“全年收到政府信息公开申请 34 件”，而表三新收总计为 43。",

);

pub const R001: Rule = rule(
    "R001",
    "ambiguous-cell",
    Warning,
    "单元格有多种读法都满足全部约束，无法确定",
    "检查：文本中数字粘连（如“6233440”）或错位时，若不止一种拆分满足所有勾稽关系，就报告歧义并列出候选值，不作猜测。\n\
     原因：猜错的数字比缺失的数字更糟。\n\
     示例：“行政规范性文件6233440”可拆为 62/33/440 或 62/3/3440。",

);

pub const R002: Rule = rule(
    "R002",
    "inferred-cell",
    Info,
    "单元格未直接读出，由勾稽关系推得",
    "检查：某个单元格在文本中没有（或数字错位），但可由表格的勾稽关系唯一确定时，标记为“推得”并说明依据。\n\
     原因：推得的数字可以用，但应让读者知道它不是抄自原文。\n\
     示例：“（七）总计”某列为 0 且各分项非负，则缺失的分项只能是 0。",

);

pub const R003: Rule = rule(
    "R003",
    "unread-text",
    Info,
    "表格区域中有未能归入任何单元格的数字",
    "检查：表格区域内没有对应到任何行的数字（如多出的一行、孤立的数字）。\n\
     原因：可能是漏行、错行或转换残留，应人工确认。\n\
     示例：表三两行之间孤立的一个“1”。",
);

pub const R004: Rule = rule(
    "R004",
    "unreliable-reading",
    Error,
    "表格或表格中的一行未能可靠读出",
    "检查：读出的表格是否可信：行是否由其标签找到、每行数字个数是否与列数相符、多出的数字是否为 0、逐行排列的一段数字能否判定按行还是按列排列、不成立的勾稽关系能否由单个数字的差错解释。读不可信时，相关单元格不予采用（标为有歧义），并说明哪里读不通。\n\
     原因：把读错的数字当作报告的错误，或者把读错的表格判为“全部成立”，都比说“读不出”更糟。\n\
     示例：从 PDF 复制的文字中，表三一段 70 个数字按列排列，按行读与按列读都不能使各行合计成立。",

);

pub const R005: Rule = rule(
    "R005",
    "template-choice",
    Info,
    "表三的模板版本（2019 年版或 2021 年版）判断依据不足",
    "检查：表三的行与 2019 年版、2021 年版模板的吻合程度相近，或仅凭报告年度决定时，说明选了哪一版、依据是什么。\n\
     原因：两版表三的行不同（2021 年版分“（三）不予公开”8 项等），选错版本会使行对不上。\n\
     示例：表三只找到“一、本年新收”“（七）总计”等两版共有的行，按 2022 年度选用 2021 年版。",

);

pub const S001: Rule = rule(
    "S001",
    "missing-section",
    Warning,
    "缺少规定的六个部分之一",
    "检查：报告是否包含总体情况、主动公开、依申请公开、复议诉讼、问题及改进、其他事项六个部分（允许序号不同或旧措辞）。\n\
     原因：年度报告格式规定了六个部分。\n\
     示例：缺少“五、存在的主要问题及改进情况”。",

);

pub const S002: Rule = rule(
    "S002",
    "missing-table",
    Error,
    "缺少规定的统计表",
    "检查：表二（主动公开）、表三（依申请公开）、表四（复议诉讼）是否都能找到。\n\
     原因：三张表是年度报告的核心数据。\n\
     示例：第四部分只有文字，没有行政复议、行政诉讼情况表。",
);

pub const S003: Rule = rule(
    "S003",
    "missing-row",
    Warning,
    "表格缺少规定的行",
    "检查：表二、表三的每一行是否都读到了数字。\n\
     原因：漏行使表格不完整，也使勾稽关系无法核对。\n\
     示例：表三缺少“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用…”一行。",
);

pub const S004: Rule = rule(
    "S004",
    "missing-column",
    Warning,
    "表格缺少规定的列",
    "检查：表三是否有自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计七列。\n\
     原因：缺列（常见为缺“其他”列）使横向合计无法核对。\n\
     示例：表三每行只有 6 个数字，表头没有“其他”。",
);

pub const S005: Rule = rule(
    "S005",
    "blank-cell",
    Warning,
    "应填数字的单元格为空或填了“/”“—”“无”",
    "检查：模板要求填数字的单元格是否为空白或占位符。\n\
     原因：没有发生应填 0；空白与 0 含义不同，核对时不能当作 0。\n\
     示例：“四、结转下年度继续办理”总计列为空。",
);

pub const S006: Rule = rule(
    "S006",
    "outdated-template",
    Warning,
    "2021 年及以后的报告仍使用 2019 年版（试行）表格",
    "检查：报告年度为 2021 年或以后时，是否仍使用国办公开办函〔2019〕60号的表格。\n\
     原因：自 2021 年度起应使用国办公开办函〔2021〕30号格式。\n\
     示例：2022 年度报告表二仍为“本年新制作数量/本年新公开数量”。",
);

pub const S007: Rule = rule(
    "S007",
    "label-deviation",
    Warning,
    "表格行标签与官方措辞不一致",
    "检查：表格行标签是否与模板的官方措辞一致，不一致时指出应为哪一项。\n\
     原因：改动标签容易造成口径混乱，也使机器核对困难。\n\
     示例：“2.其他法律法规禁止公开”应为“2.其他法律行政法规禁止公开”。",
);

pub const S008: Rule = rule(
    "S008",
    "mixed-template",
    Warning,
    "表三与表二所用的模板版本不一致",
    "检查：表二用 2021 年版而表三“（六）其他处理”只有一行（2019 年版），或反之。\n\
     原因：混用模板会漏报 2021 年版新增的分项。\n\
     示例：2023 年度报告表三“（六）其他处理”未细分三项。",
);

pub const S009: Rule = rule(
    "S009",
    "extra-numbers",
    Warning,
    "一行中的数字多于规定列数",
    "检查：表格一行读到的数字个数多于该行的列数。\n\
     原因：多出的数字常是转换残留或错行，需人工确认取用了哪几个。\n\
     示例：表三一行有 12 个数字，只取前 7 个。",
);

pub const V001: Rule = rule(
    "V001",
    "negative-count",
    Error,
    "件数为负数",
    "检查：除“本年增/减”外，表格中的件数、数量不应为负。\n\
     原因：负的件数没有意义，多为录入错误。\n\
     示例：“行政处罚 -3”。",
);

pub const V002: Rule = rule(
    "V002",
    "fractional-count",
    Error,
    "件数不是整数",
    "检查：除金额外，表格中的件数、数量应为整数。\n\
     原因：件数带小数多为把金额或百分比填错了格。\n\
     示例：“行政许可 12.5”。",
);

pub const V004: Rule = rule(
    "V004",
    "fee-unit",
    Warning,
    "收费金额看起来是以元而非万元填报",
    "检查：表二“行政事业性收费”金额单位为万元；数字带“元”字（非“万元”），或为超过一百万的整数时提示。\n\
     原因：把元填进万元栏会把金额放大一万倍。\n\
     示例：“行政事业性收费 473300元”。",

);

/// Every rule, ordered by code.
pub const RULES: &[Rule] = &[
    A001, A002, A003, A004, A005, C001, C002, C003, P001, R001, R002, R003, R004, R005, S001, S002,
    S003, S004, S005, S006, S007, S008, S009, V001, V002, V004,
];

/// Looks a rule up by code (case-insensitive).
pub fn rule_by_code(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_sorted() {
        for w in RULES.windows(2) {
            assert!(w[0].code < w[1].code, "{} !< {}", w[0].code, w[1].code);
        }
        for r in RULES {
            assert!(!r.summary.is_empty() && r.doc.contains("检查") && r.doc.contains("示例"));
        }
    }
}
