//! The three tables drawn like the official template; each cell shows its value and status (text and icon, not colour alone), and a click shows where it was read.

use super::state::{Checked, Selection};
use crate::model::{Cell, CellRef, Severity, Status, TableKey};
use crate::template::{self, ColDef, RowDef, APPLICANT_COLS, REVIEW_CELL_LABELS, REVIEW_GROUPS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub checked: Checked,
    pub selection: Selection,
    pub on_select: Callback<CellRef>,
}

/// The worst finding on each cell: a list searched in order (a few hundred cells at most; a
/// `HashMap` of cell references cost the page 0.2 KB gzip of wasm).
fn marks(c: &Checked) -> Vec<(CellRef, Severity)> {
    let mut m: Vec<(CellRef, Severity)> = Vec::new();
    for d in &c.report.diagnostics {
        if d.severity == Severity::Info {
            continue;
        }
        for r in &d.cells {
            match m.iter_mut().find(|(k, _)| k == r) {
                Some((_, e)) => *e = (*e).max(d.severity),
                None => m.push((*r, d.severity)),
            }
        }
    }
    m
}

struct Ctx<'a> {
    checked: &'a Checked,
    marks: Vec<(CellRef, Severity)>,
    selection: &'a Selection,
    on_select: &'a Callback<CellRef>,
}

impl Ctx<'_> {
    fn td(&self, r: CellRef) -> Html {
        let cell: Option<&Cell> = self.checked.report.tables.cell(&r);
        let status = cell.map_or(Status::Missing, |c| c.status);
        let mark = self.marks.iter().find(|(k, _)| *k == r).map(|(_, s)| *s);
        let selected = self.selection.cells.contains(&r);
        let (shown, badge, title) = match cell {
            Some(c) => match c.status {
                Status::Read => (
                    c.value.map(|v| v.to_string()).unwrap_or_default(),
                    "",
                    String::new(),
                ),
                Status::Inferred => (
                    c.value.map(|v| v.to_string()).unwrap_or_default(),
                    "推",
                    format!("推得：{}", c.from.as_deref().unwrap_or("")),
                ),
                Status::Blank => (
                    c.text.clone().unwrap_or_default(),
                    "空",
                    "空白或占位符，不按 0 处理".to_string(),
                ),
                Status::Missing => (String::new(), "缺", "文本中没有此格".to_string()),
                Status::Ambiguous => {
                    let cands: Vec<String> = c.candidates.iter().map(|v| v.to_string()).collect();
                    (
                        "?".to_string(),
                        "疑",
                        if cands.is_empty() {
                            "有多种读法，无法确定".to_string()
                        } else {
                            format!("有多种读法：{}", cands.join(" / "))
                        },
                    )
                }
            },
            None => (String::new(), "缺", "文本中没有此格".to_string()),
        };
        let on_select = self.on_select.clone();
        let label = template::cell_name(&r);
        let value_attr = cell
            .and_then(|c| c.value)
            .map(|v| v.to_string())
            .unwrap_or_default();
        html! {
            <td class={classes!(
                    "nb-cell",
                    format!("nb-{}", status.as_str()),
                    mark.map(|m| format!("nb-has-{}", m.as_str())),
                    selected.then_some("nb-selected"),
                )}
                data-table={r.table.as_str()} data-row={r.row.unwrap_or("")} data-col={r.column}
                data-value={value_attr} data-status={status.as_str()}>
                <button type="button" title={title.clone()} aria-label={format!("{label}：{} {}", if shown.is_empty() { "—" } else { &shown }, title)}
                    onclick={Callback::from(move |_| on_select.emit(r))}>
                    { mark.map(|m| html! { <span class={classes!("nb-mark", format!("nb-mark-{}", m.as_str()))} aria-hidden="true">{ super::findings::icon(m) }</span> }).unwrap_or_default() }
                    <span class="nb-value">{ shown }</span>
                    if !badge.is_empty() { <span class="nb-badge" aria-hidden="true">{ badge }</span> }
                </button>
            </td>
        }
    }
}

/// Table 二's sub-tables: (heading, rows sharing the same columns).
fn active_groups(rows: &'static [RowDef]) -> Vec<(&'static str, Vec<&'static RowDef>)> {
    let heading = |key: &str| match key {
        "rules" | "normative_documents" => "第二十条第（一）项",
        "licensing" | "other_services" => "第二十条第（五）项",
        "penalty" | "coercion" => "第二十条第（六）项",
        "fees" => "第二十条第（八）项",
        _ => "第二十条第（九）项",
    };
    let mut out: Vec<(&'static str, Vec<&'static RowDef>)> = Vec::new();
    for r in rows {
        let h = heading(r.key);
        match out.last_mut() {
            Some((last, list)) if *last == h => list.push(r),
            _ => out.push((h, vec![r])),
        }
    }
    out
}

fn active_table(ctx: &Ctx) -> Html {
    let t = &ctx.checked.report.tables.active_disclosure;
    let tpl = if t.row("procurement").is_some() {
        crate::model::Template::Y2019
    } else {
        crate::model::Template::Y2021
    };
    let rows = template::active_rows(tpl);
    html! {
        <section class="nb-table-wrap" aria-labelledby="nb-t2">
            <h3 id="nb-t2">{"二、主动公开政府信息情况"}</h3>
            { for active_groups(rows).into_iter().map(|(heading, group)| {
                let cols: &[ColDef] = group[0].cols;
                html! {
                    <table class="nb-table nb-t2">
                        <caption>{ heading }</caption>
                        <thead><tr><th scope="col">{"信息内容"}</th>
                            { for cols.iter().map(|c| html! { <th scope="col">{ c.label }</th> }) }
                        </tr></thead>
                        <tbody>
                        { for group.iter().map(|r| html! {
                            <tr><th scope="row">{ r.label }</th>
                                { for cols.iter().map(|c| ctx.td(CellRef::new(TableKey::ActiveDisclosure, r.key, c.key))) }
                            </tr>
                        }) }
                        </tbody>
                    </table>
                }
            }) }
        </section>
    }
}

/// Group label and row span for the first row of each grouped block of table 三.
fn app_group(key: &str) -> Option<(&'static str, usize)> {
    match key {
        "denied_state_secret" => Some(("（三）不予公开", 8)),
        "unavailable_not_held" => Some(("（四）无法提供", 3)),
        "rejected_petition" => Some(("（五）不予处理", 5)),
        "other_no_correction" => Some(("（六）其他处理", 3)),
        _ => None,
    }
}

fn applications_table(ctx: &Ctx) -> Html {
    let t = &ctx.checked.report.tables.applications;
    let rows: &'static [RowDef] = if t.row("other").is_some() {
        template::APPLICATIONS_2019
    } else {
        template::APPLICATIONS_2021
    };
    // 三、本年度办理结果 spans the result rows and （七）总计.
    let result_span = template::result_rows(rows).len() + 1;
    let cells = |key: &'static str| -> Html {
        html! { <>{ for APPLICANT_COLS.iter().map(|c| ctx.td(CellRef::new(TableKey::Applications, key, c.key))) }</> }
    };
    let body = rows.iter().map(|r| {
        let short = template::short_label(r.label);
        match r.key {
            "new_received" | "carried_over" | "carried_forward" => html! {
                <tr><th scope="row" colspan="3">{ short }</th>{ cells(r.key) }</tr>
            },
            "granted" => html! {
                <tr>
                    <th scope="rowgroup" rowspan={result_span.to_string()} class="nb-vertical">{"三、本年度办理结果"}</th>
                    <th scope="row" colspan="2">{ short }</th>{ cells(r.key) }
                </tr>
            },
            _ => match (app_group(r.key), r.marker) {
                (Some((g, span)), _) => html! {
                    <tr>
                        <th scope="rowgroup" rowspan={span.to_string()}>{ g }</th>
                        <th scope="row">{ short }</th>{ cells(r.key) }
                    </tr>
                },
                (None, Some(_)) => html! { <tr><th scope="row">{ short }</th>{ cells(r.key) }</tr> },
                (None, None) => html! { <tr><th scope="row" colspan="2">{ short }</th>{ cells(r.key) }</tr> },
            },
        }
    });
    html! {
        <section class="nb-table-wrap" aria-labelledby="nb-t3">
            <h3 id="nb-t3">{"三、收到和处理政府信息公开申请情况"}</h3>
            <table class="nb-table nb-t3">
                <thead>
                    <tr>
                        <th colspan="3" rowspan="3" class="nb-note">{"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"}</th>
                        <th colspan="7" scope="colgroup">{"申请人情况"}</th>
                    </tr>
                    <tr>
                        <th rowspan="2" scope="col">{"自然人"}</th>
                        <th colspan="5" scope="colgroup">{"法人或其他组织"}</th>
                        <th rowspan="2" scope="col">{"总计"}</th>
                    </tr>
                    <tr>{ for APPLICANT_COLS[1..6].iter().map(|c| html! { <th scope="col">{ c.label }</th> }) }</tr>
                </thead>
                <tbody>{ for body }</tbody>
            </table>
        </section>
    }
}

fn review_table(ctx: &Ctx) -> Html {
    let cell = |k: &'static str| ctx.td(CellRef::new(TableKey::ReviewLitigation, "", k));
    html! {
        <section class="nb-table-wrap" aria-labelledby="nb-t4">
            <h3 id="nb-t4">{"四、政府信息公开行政复议、行政诉讼情况"}</h3>
            <table class="nb-table nb-t4">
                <thead>
                    <tr>
                        <th colspan="5" rowspan="2" scope="colgroup">{"行政复议"}</th>
                        <th colspan="10" scope="colgroup">{"行政诉讼"}</th>
                    </tr>
                    <tr>
                        <th colspan="5" scope="colgroup">{"未经复议直接起诉"}</th>
                        <th colspan="5" scope="colgroup">{"复议后起诉"}</th>
                    </tr>
                    <tr>{ for (0..3).flat_map(|_| REVIEW_CELL_LABELS.iter()).map(|l| html! { <th scope="col">{ *l }</th> }) }</tr>
                </thead>
                <tbody><tr>{ for REVIEW_GROUPS.iter().flat_map(|g| g.cells.iter()).map(|k| cell(k)) }</tr></tbody>
            </table>
        </section>
    }
}

#[function_component(Tables)]
pub fn tables(props: &Props) -> Html {
    if props.checked.is_empty() {
        return html! {};
    }
    let ctx = Ctx {
        checked: &props.checked,
        marks: marks(&props.checked),
        selection: &props.selection,
        on_select: &props.on_select,
    };
    html! {
        <section class="nb-tables" aria-label="统计表">
            <p class="nb-legend">
                {"图例："}<span class="nb-badge">{"推"}</span>{"由勾稽关系推得 "}
                <span class="nb-badge">{"空"}</span>{"空白/占位符 "}
                <span class="nb-badge">{"缺"}</span>{"缺失 "}
                <span class="nb-badge">{"疑"}</span>{"有歧义 "}
                <span class="nb-mark nb-mark-error">{"✖"}</span>{"涉及错误 "}
                <span class="nb-mark nb-mark-warning">{"!"}</span>{"涉及警告"}
            </p>
            { active_table(&ctx) }
            { applications_table(&ctx) }
            { review_table(&ctx) }
        </section>
    }
}
