//! The browser app (wasm32 only): a Yew single-page checker, a thin shell over the same core as the CLI.

mod dom;
mod export;
mod findings;
mod input;
mod state;
mod summary;
mod tables;

use crate::template::cell_name;
use state::{Action, State};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Shows a message in the page when the app fails; the text is already in local storage.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = format!("nianbao 出错：{info}");
        web_sys::console::error_1(&msg.clone().into());
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("nb-fatal"))
        {
            el.set_text_content(Some(
                "页面出错，已停止核对。您粘贴的文本仍保存在本机，刷新页面即可恢复。",
            ));
            let _ = el.remove_attribute("hidden");
        }
    }));
}

/// Mounts the app into `#nianbao-app` (or the body).
pub fn start() {
    install_panic_hook();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("nianbao-app"));
    match root {
        Some(el) => {
            yew::Renderer::<App>::with_root(el).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(dom::load_text().unwrap_or_default()));
    let textarea = use_node_ref();

    // Restore the saved text into the (uncontrolled) textarea once.
    {
        let textarea = textarea.clone();
        let text = state.checked.text.clone();
        use_effect_with((), move |_| {
            if let Some(ta) = textarea.cast::<HtmlTextAreaElement>() {
                ta.set_value(&text);
            }
        });
    }
    // Select the source text of whatever was selected.
    {
        let textarea = textarea.clone();
        let sel = state.selection.clone();
        use_effect_with(sel, move |sel| {
            if let (Some(span), Some(ta)) = (sel.span, textarea.cast::<HtmlTextAreaElement>()) {
                dom::select_in(&ta, &span);
            }
        });
    }
    let on_check = {
        let s = state.clone();
        Callback::from(move |t: String| s.dispatch(Action::Check(t)))
    };
    let on_notice = {
        let s = state.clone();
        Callback::from(move |n: Option<String>| s.dispatch(Action::Notice(n)))
    };
    let on_finding = {
        let s = state.clone();
        Callback::from(move |i: usize| s.dispatch(Action::SelectFinding(i)))
    };
    let on_cell = {
        let s = state.clone();
        Callback::from(move |r| s.dispatch(Action::SelectCell(r)))
    };
    let info = selection_info(&state);
    html! {
        <div class="nb-app">
            <header class="nb-header">
                <h1>{"年报核对 nianbao"}</h1>
                <p class="nb-tagline">{"政府信息公开工作年度报告 · 三张统计表读取与勾稽关系核对 · 全部在本机浏览器中完成，不上传任何内容"}</p>
            </header>
            <p id="nb-fatal" class="nb-fatal" role="alert" hidden=true></p>
            { state.notice.as_ref().map(|n| html! { <p class="nb-notice" role="status">{ n }</p> }).unwrap_or_default() }
            <div class="nb-layout">
                <input::Input textarea={textarea.clone()} {on_check} {on_notice} />
                <section class="nb-results" aria-label="核对结果" data-generation={state.checked.generation.to_string()}>
                    <summary::Summary checked={state.checked.clone()} />
                    <export::Export checked={state.checked.clone()} />
                    <p class="nb-cell-info" aria-live="polite">{ info }</p>
                    <findings::Findings checked={state.checked.clone()} selection={state.selection.clone()} on_select={on_finding} />
                    <tables::Tables checked={state.checked.clone()} selection={state.selection.clone()} on_select={on_cell} />
                </section>
            </div>
        </div>
    }
}

/// One line about the selected cell: its value, status and where it was read.
fn selection_info(state: &State) -> String {
    let sel = &state.selection;
    if sel.finding.is_some() || sel.cells.len() != 1 {
        return String::new();
    }
    let r = sel.cells[0];
    let Some(c) = state.checked.report.tables.cell(&r) else {
        return String::new();
    };
    let value = c.value.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
    let place = match (c.span, &c.text) {
        (Some(s), Some(t)) => format!("读自第 {} 行第 {} 列：“{}”", s.line, s.column, t.trim()),
        _ => "文本中没有对应位置".to_string(),
    };
    let extra = match (&c.from, c.candidates.is_empty()) {
        (Some(f), _) => format!("；推得：{f}"),
        (None, false) => format!(
            "；可能为 {}",
            c.candidates
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        _ => String::new(),
    };
    format!(
        "{}：{}（{}）{}{}",
        cell_name(&r),
        value,
        c.status.as_str(),
        place,
        extra
    )
}
