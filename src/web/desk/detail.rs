//! One report of the desk opened: its verdict, its findings with the reviewer's 确认 / 忽略 (and reason), the 审核意见 ready to print, the three tables and the source text.

use super::list::verdict_zh;
use super::Item;
use crate::desk::review::{finding_keys, opinion, tally, Decision};
use crate::model::Severity;
use crate::template::cell_name;
use crate::web::findings::icon;
use crate::web::state::{Checked, Selection};
use crate::web::tables::Tables;
use std::collections::BTreeMap;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

impl PartialEq for Item {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && match (&self.report, &other.report) {
                (Some(a), Some(b)) => std::rc::Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub item: Item,
    /// The decisions on this report's findings (finding key → decision).
    pub decided: BTreeMap<String, Decision>,
    pub generation: u64,
    /// The file name of last year's report of the same agency, when it is in the list.
    pub last_year: Option<String>,
    pub on_open: Callback<Option<u64>>,
    /// (report key, finding key, decision or `None` to undo).
    pub on_decide: Callback<(String, String, Option<Decision>)>,
}

/// Prints only the 审核意见: the page's print style shows nothing else while the body has the
/// class `nb-print-opinion`.
fn print_opinion() {
    let Some(w) = web_sys::window() else { return };
    let body = w.document().and_then(|d| d.body());
    if let Some(b) = &body {
        let _ = b.class_list().add_1("nb-print-opinion");
    }
    let _ = w.print();
    if let Some(b) = &body {
        let _ = b.class_list().remove_1("nb-print-opinion");
    }
}

#[function_component(Detail)]
pub fn detail(props: &Props) -> Html {
    let selection = use_state(Selection::default);
    // The finding whose 忽略 reason is being written, and the reason so far.
    let ignoring = use_state(|| None::<String>);
    let reason = use_state(String::new);
    let source = use_node_ref();
    {
        let source = source.clone();
        let sel = (*selection).clone();
        use_effect_with(sel, move |sel| {
            if let (Some(span), Some(ta)) = (sel.span, source.cast::<HtmlTextAreaElement>()) {
                crate::web::dom::select_in(&ta, &span);
            }
        });
    }
    let item = &props.item;
    let back = {
        let on_open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(None))
    };
    let Some(report) = item.report.clone() else {
        return html! {
            <section class="nb-desk-detail" aria-label={item.name.clone()}>
                <button type="button" class="nb-button" onclick={back}>{"← 返回列表"}</button>
                <h2>{ &item.name }</h2>
                <p class="nb-verdict nb-bad" role="alert">{ item.error.clone().unwrap_or_default() }</p>
            </section>
        };
    };
    let checked = Checked {
        generation: item.id,
        text: item.text.clone(),
        report: report.clone(),
    };
    let keys = finding_keys(&report);
    let t = tally(&report, Some(&props.decided));
    let decide = |finding: &str, d: Option<Decision>| {
        let cb = props.on_decide.clone();
        let key = item.key.clone();
        let finding = finding.to_string();
        let ignoring = ignoring.clone();
        Callback::from(move |_: MouseEvent| {
            ignoring.set(None);
            cb.emit((key.clone(), finding.clone(), d.clone()))
        })
    };
    let on_cell = {
        let selection = selection.clone();
        let report = report.clone();
        Callback::from(move |r| {
            let span = report.tables.cell(&r).and_then(|c| c.span);
            selection.set(Selection {
                finding: None,
                cells: vec![r],
                span,
                nonce: selection.nonce + 1,
            });
        })
    };
    let findings = report.diagnostics.iter().zip(&keys).enumerate().map(|(i, (d, key))| {
        let choice = props.decided.get(key);
        let selected = selection.finding == Some(i);
        let select = {
            let selection = selection.clone();
            let report = report.clone();
            Callback::from(move |_: MouseEvent| {
                let d = &report.diagnostics[i];
                let span = report.source_of(d);
                selection.set(Selection { finding: Some(i), cells: d.cells.clone(), span, nonce: selection.nonce + 1 });
            })
        };
        let previous = d.previous.as_ref().map(|p| {
            let cells: Vec<String> = p.cells.iter().map(cell_name).collect();
            let year = p.year.map_or(String::new(), |y| format!("{y} 年"));
            let file = props.last_year.clone().map_or(String::new(), |f| format!("（{f}）"));
            let line = p.span.map_or(String::new(), |s| format!("第 {} 行", s.line));
            html! { <p class="nb-previous">{ format!("上年报告{year}{file}：{} {line}", cells.join("、")) }</p> }
        });
        let controls = match choice {
            Some(Decision::Confirm) => html! {
                <p class="nb-decision nb-confirmed" data-decision="confirm">
                    <strong>{"已确认：需修改"}</strong>
                    <button type="button" class="nb-link" onclick={decide(key, None)}>{"撤销"}</button>
                </p>
            },
            Some(Decision::Ignore { reason }) => html! {
                <p class="nb-decision nb-ignored" data-decision="ignore">
                    <strong>{"已忽略"}</strong>{ format!("：{reason}") }
                    <button type="button" class="nb-link" onclick={decide(key, None)}>{"撤销"}</button>
                </p>
            },
            None if ignoring.as_deref() == Some(key.as_str()) => {
                let ok = !reason.trim().is_empty();
                let on_reason = {
                    let reason = reason.clone();
                    Callback::from(move |e: InputEvent| {
                        if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                            reason.set(i.value());
                        }
                    })
                };
                let cancel = {
                    let ignoring = ignoring.clone();
                    Callback::from(move |_: MouseEvent| ignoring.set(None))
                };
                html! {
                    <p class="nb-decision nb-deciding">
                        <label>{"忽略的理由："}
                            <input type="text" class="nb-reason" value={(*reason).clone()} oninput={on_reason} placeholder="例如：原表如此，已与填报单位核实" />
                        </label>
                        <button type="button" class="nb-button nb-ignore-ok" disabled={!ok}
                            onclick={decide(key, Some(Decision::Ignore { reason: reason.trim().to_string() }))}>{"确定忽略"}</button>
                        <button type="button" class="nb-link" onclick={cancel}>{"取消"}</button>
                    </p>
                }
            }
            None => {
                let start_ignore = {
                    let ignoring = ignoring.clone();
                    let reason = reason.clone();
                    let key = key.clone();
                    Callback::from(move |_: MouseEvent| {
                        reason.set(String::new());
                        ignoring.set(Some(key.clone()));
                    })
                };
                html! {
                    <p class="nb-decision" data-decision="none">
                        <button type="button" class="nb-button nb-confirm" onclick={decide(key, Some(Decision::Confirm))}>{"确认"}</button>
                        <button type="button" class="nb-button nb-ignore" onclick={start_ignore}>{"忽略…"}</button>
                    </p>
                }
            }
        };
        html! {
            <li class={classes!("nb-finding", format!("nb-{}", d.severity.as_str()), selected.then_some("nb-selected"))} data-code={d.code} data-key={key.clone()}>
                <button type="button" aria-pressed={selected.to_string()} onclick={select}>
                    <span class="nb-icon" aria-hidden="true">{ icon(d.severity) }</span>
                    <span class="nb-visually-hidden">{ d.severity.zh() }</span>
                    <code>{ d.code }</code>
                    <span class="nb-message">{ &d.message }</span>
                    { d.span.map(|s| html! { <span class="nb-where">{ format!("第 {} 行", s.line) }</span> }).unwrap_or_default() }
                </button>
                { previous.unwrap_or_default() }
                { controls }
            </li>
        }
    });
    let points = opinion(&report, &item.text, Some(&props.decided));
    let who = report
        .agency
        .clone()
        .unwrap_or_else(|| "（机关未识别）".into());
    let year = report
        .year
        .map_or("（年度未识别）".to_string(), |y| format!("{y} 年度"));
    let on_print = Callback::from(|_: MouseEvent| print_opinion());
    let status = report.verdict.status();
    html! {
        <section class="nb-desk-detail" aria-label={item.name.clone()}>
            <div class="nb-toolbar">
                <button type="button" class="nb-button" id="nb-desk-back" onclick={back}>{"← 返回列表"}</button>
                <button type="button" class="nb-button" id="nb-desk-print" onclick={on_print}>{"打印审核意见"}</button>
            </div>
            <h2>{ &item.name }</h2>
            <section class="nb-summary">
                <dl class="nb-meta">
                    <div><dt>{"模板"}</dt><dd>{ report.template.map_or("未识别".to_string(), |t| format!("{} 年版", t.as_str())) }</dd></div>
                    <div><dt>{"年度"}</dt><dd>{ report.year.map_or("未识别".to_string(), |y| y.to_string()) }</dd></div>
                    <div><dt>{"机关"}</dt><dd>{ report.agency.clone().unwrap_or_else(|| "未识别".to_string()) }</dd></div>
                    <div><dt>{"审核"}</dt><dd class="nb-desk-tally">{ format!("已确认 {} · 已忽略 {} · 待定 {}", t.confirmed, t.ignored, t.open) }</dd></div>
                </dl>
                <p class={classes!("nb-verdict", if status == "holds" { "nb-ok" } else if status == "broken" { "nb-bad" } else { "nb-warn" })} data-verdict={status}>
                    { format!("{}：{}", verdict_zh(status), report.verdict.message()) }
                </p>
            </section>
            <div class="nb-layout">
                <section class="nb-results">
                    <section class="nb-findings nb-desk-findings" aria-label="发现的问题">
                        <h2>{ format!("发现的问题（{}）", report.diagnostics.len()) }</h2>
                        if report.diagnostics.is_empty() {
                            <p>{"没有发现问题。"}</p>
                        }
                        <ul>{ for findings }</ul>
                    </section>
                    <section class="nb-opinion" aria-label="审核意见">
                        <h2>{ format!("审核意见：{who} {year}政府信息公开工作年度报告") }</h2>
                        <p class="nb-opinion-file">{ format!("文件：{}", item.name) }</p>
                        if points.is_empty() {
                            <p>{"无需修改的问题。"}</p>
                        } else {
                            <ol>
                            { for points.iter().map(|p| html! {
                                <li data-code={p.finding.code}>
                                    <p>
                                        <strong>{ format!("[{} {}]", p.finding.severity.zh(), p.finding.code) }</strong>
                                        if !p.confirmed { <span class="nb-pending">{"（待确认）"}</span> }
                                        { format!(" {}", p.finding.message) }
                                    </p>
                                    if !p.cells.is_empty() {
                                        <p class="nb-opinion-cells">{ format!("单元格：{}", p.cells.join("、")) }</p>
                                    }
                                    { p.line.map(|(n, l)| html! { <p class="nb-opinion-line">{ format!("原文第 {n} 行：{l}") }</p> }).unwrap_or_default() }
                                </li>
                            }) }
                            </ol>
                        }
                        if t.ignored > 0 {
                            <p class="nb-opinion-ignored">{ format!("（另有 {} 项经审核忽略。）", t.ignored) }</p>
                        }
                        if report.diagnostics.iter().any(|d| d.severity == Severity::Error) && t.confirmed == 0 {
                            <p class="nb-hint">{"提示：对每条问题点“确认”或“忽略”，审核意见中“待确认”的标注随之去掉。"}</p>
                        }
                    </section>
                    <Tables checked={checked} selection={(*selection).clone()} on_select={on_cell} />
                </section>
                <section class="nb-input" aria-label="报告原文">
                    <h2>{"原文"}</h2>
                    <label for="nb-desk-source" class="nb-visually-hidden">{"报告原文"}</label>
                    <textarea id="nb-desk-source" class="nb-text" readonly=true ref={source} value={item.text.to_string()} spellcheck="false" />
                </section>
            </div>
        </section>
    }
}
