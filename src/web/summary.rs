//! The summary line: template, year, agency, counts of findings, and whether every sum holds.

use super::state::Checked;
use crate::model::{Severity, Status};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub checked: Checked,
}

#[function_component(Summary)]
pub fn summary(props: &Props) -> Html {
    let r = &props.checked.report;
    if props.checked.text.trim().is_empty() {
        return html! {
            <section class="nb-summary nb-empty" aria-live="polite">
                <p>{"粘贴一份报告，或打开文件、载入示例，即可在本机核对三张统计表。"}</p>
            </section>
        };
    }
    let errors = r.count(Severity::Error);
    let warnings = r.count(Severity::Warning);
    let infos = r.count(Severity::Info);
    let any_table = r
        .tables
        .applications
        .cells()
        .any(|(_, _, c)| c.status != Status::Missing);
    let arithmetic_ok = any_table
        && !r.diagnostics.iter().any(|d| {
            d.code.starts_with('A') && (d.severity == Severity::Error || d.code == "A005")
        });
    let verdict = if arithmetic_ok {
        html! { <p class="nb-verdict nb-ok"><span aria-hidden="true">{"✔ "}</span>{"表格勾稽关系全部成立"}</p> }
    } else if errors > 0 {
        html! { <p class="nb-verdict nb-bad"><span aria-hidden="true">{"✖ "}</span>{format!("发现 {errors} 个错误")}</p> }
    } else {
        html! { <p class="nb-verdict nb-warn"><span aria-hidden="true">{"! "}</span>{"部分勾稽关系无法核对"}</p> }
    };
    html! {
        <section class="nb-summary" aria-live="polite" data-errors={errors.to_string()}>
            <dl class="nb-meta">
                <div><dt>{"模板"}</dt><dd>{ r.template.map_or("未识别".to_string(), |t| format!("{} 年版", t.as_str())) }</dd></div>
                <div><dt>{"年度"}</dt><dd>{ r.year.map_or("未识别".to_string(), |y| y.to_string()) }</dd></div>
                <div><dt>{"机关"}</dt><dd>{ r.agency.clone().unwrap_or_else(|| "未识别".to_string()) }</dd></div>
                <div><dt>{"发现"}</dt><dd>
                    <span class="nb-count nb-error">{format!("错误 {errors}")}</span>
                    <span class="nb-count nb-warning">{format!("警告 {warnings}")}</span>
                    <span class="nb-count nb-info">{format!("提示 {infos}")}</span>
                </dd></div>
            </dl>
            { verdict }
        </section>
    }
}
