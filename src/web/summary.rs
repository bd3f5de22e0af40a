//! The summary line: template, year, agency, counts of findings, and whether every sum holds; with
//! nothing pasted yet, how to start instead.

use super::state::Checked;
use crate::model::Severity;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub checked: Checked,
    /// The input pane offers the bundled examples (the page does, a widget does not).
    #[prop_or(true)]
    pub examples: bool,
}

/// What to do first, shown while there is no text (instead of findings about an absent report).
fn start(examples: bool) -> Html {
    html! {
        <section class="nb-summary nb-empty nb-start" aria-label="如何开始" aria-live="polite">
            <h2>{"如何开始"}</h2>
            <ol>
                <li><strong>{"粘贴"}</strong>{"：把年度报告全文粘贴到文本框中（从 PDF、Word 或网页复制均可），立即读出三张统计表并核对。"}</li>
                <li><strong>{"打开文件"}</strong>{"：点“打开文件…”或把文件拖入文本框，可读 .txt、.md、.html、.docx、.pdf。"}</li>
                if examples {
                    <li><strong>{"载入示例"}</strong>{"：从“载入示例…”中选一份示例报告，看看核对结果的样子。"}</li>
                }
            </ol>
            <p class="nb-local">{"全部在本机浏览器中完成：文本和文件不会上传到任何地方。"}</p>
        </section>
    }
}

#[function_component(Summary)]
pub fn summary(props: &Props) -> Html {
    let r = &props.checked.report;
    if props.checked.is_empty() {
        return start(props.examples);
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
