//! The findings list, grouped by severity, each with its code, message and the rule's explanation (loaded when first opened); a click selects its cells and source text.

use super::state::{Checked, Selection};
use crate::model::Severity;
use crate::rules::registry::rule_by_code;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub checked: Checked,
    pub selection: Selection,
    pub on_select: Callback<usize>,
}

pub fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✖",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

/// A severity group lists at most this many findings until asked for all: a text of many reports
/// one after another can have thousands, and drawing them all holds the page (1,418 findings:
/// 0.5–1.2 s in headless Chromium). The tables' marks and the counts always cover every finding.
const SHOWN: usize = 100;

/// The rules' docs, loaded when a finding's explanation is first opened.
#[derive(Clone)]
enum Docs {
    Unasked,
    Loading,
    Loaded(wasm_bindgen::JsValue),
    Failed,
}

impl Docs {
    fn of(&self, code: &str) -> String {
        match self {
            Docs::Loaded(d) => js_sys::Reflect::get(d, &code.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default(),
            Docs::Failed => "规则说明未能载入（离线时需先在线打开过一次）".into(),
            _ => "正在载入规则说明…".into(),
        }
    }
}

#[function_component(Findings)]
pub fn findings(props: &Props) -> Html {
    // The check (generation) whose findings are all shown, after a click on "还有 N 条".
    let all_of = use_state(|| None::<u64>);
    let docs = use_state(|| Docs::Unasked);
    let on_toggle = {
        let docs = docs.clone();
        Callback::from(move |_: Event| {
            if matches!(*docs, Docs::Unasked) {
                docs.set(Docs::Loading);
                let docs = docs.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    docs.set(match super::dom::rule_docs().await {
                        Ok(d) => Docs::Loaded(d),
                        Err(_) => Docs::Failed,
                    });
                });
            }
        })
    };
    let r = &props.checked.report;
    // Nothing pasted yet: the summary says how to start (not S001/S002 about an absent report).
    if props.checked.is_empty() || r.diagnostics.is_empty() {
        return html! {};
    }
    let generation = props.checked.generation;
    let all = *all_of == Some(generation);
    let group = |sev: Severity| -> Html {
        let mut items: Vec<(usize, &crate::model::Diagnostic)> = r
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.severity == sev)
            .collect();
        if items.is_empty() {
            return html! {};
        }
        let total = items.len();
        if !all {
            items.truncate(SHOWN);
        }
        let more = total - items.len();
        let show_all = {
            let all_of = all_of.clone();
            Callback::from(move |_: MouseEvent| all_of.set(Some(generation)))
        };
        html! {
            <section class={classes!("nb-findings-group", format!("nb-{}", sev.as_str()))}>
                <h3>{ format!("{}（{}）", sev.zh(), total) }</h3>
                <ul>
                { for items.into_iter().map(|(i, d)| {
                    let on_select = props.on_select.clone();
                    let selected = props.selection.finding == Some(i);
                    let rule = rule_by_code(d.code);
                    html! {
                        <li class={classes!("nb-finding", selected.then_some("nb-selected"))} data-code={d.code}>
                            <button type="button" aria-pressed={selected.to_string()}
                                onclick={Callback::from(move |_| on_select.emit(i))}>
                                <span class="nb-icon" aria-hidden="true">{ icon(d.severity) }</span>
                                <span class="nb-visually-hidden">{ d.severity.zh() }</span>
                                <code>{ d.code }</code>
                                <span class="nb-message">{ &d.message }</span>
                                { d.span.map(|s| html! { <span class="nb-where">{ format!("第 {} 行", s.line) }</span> }).unwrap_or_default() }
                            </button>
                            { rule.map(|rule| html! {
                                <details ontoggle={on_toggle.clone()}>
                                    <summary>{ format!("{} {}", rule.code, rule.summary) }</summary>
                                    <p class="nb-doc">{ docs.of(rule.code) }</p>
                                </details>
                            }).unwrap_or_default() }
                        </li>
                    }
                }) }
                if more > 0 {
                    <li class="nb-more">
                        <button type="button" class="nb-button" onclick={show_all}>{ format!("还有 {more} 条，全部显示") }</button>
                    </li>
                }
                </ul>
            </section>
        }
    };
    html! {
        <section class="nb-findings" aria-label="发现的问题">
            <h2>{"核对结果"}</h2>
            { group(Severity::Error) }
            { group(Severity::Warning) }
            { group(Severity::Info) }
        </section>
    }
}
