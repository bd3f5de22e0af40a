//! The summary line: template, year, agency, counts of findings, and whether every sum holds.

use super::state::Checked;
use crate::model::Severity;
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
    // The core's verdict, the same one the CLI prints and the JS API returns.
    let v = &r.verdict;
    let (class, mark) = match v.status() {
        "holds" => ("nb-verdict nb-ok", "✔ "),
        "broken" => ("nb-verdict nb-bad", "✖ "),
        _ => ("nb-verdict nb-warn", "! "),
    };
    let verdict = html! {
        <p class={class} data-verdict={v.status()}><span aria-hidden="true">{mark}</span>{v.message()}</p>
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
