//! The browser app (wasm32 only): a Yew single-page checker, a thin shell over the same core as the CLI; also mounted as a widget by the JS API.

// The JS API (`check`, `mount`; `checkPacked` for the page's check worker): wasm exports, kept by every module that links the
// library, so the on-demand readers (built without default features) leave it out.
#[cfg(feature = "js-api")]
pub mod api;
mod bigtext;
pub mod desk;
mod dom;
mod export;
mod findings;
mod input;
pub mod reader;
mod state;
mod summary;
mod tables;
mod worker;

use crate::model::Report;
use crate::template::cell_name;
use state::{Action, State};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Shows a message in the page when the app fails; the page's text is already in local storage.
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

/// Mounts the page app into `#nianbao-app`. The same module also serves host pages through the JS
/// API (nianbao.js); there, with no `#nianbao-app`, this does nothing and `mount` is used instead.
pub fn start() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("nianbao-app"))
    else {
        return;
    };
    install_panic_hook();
    let props = CheckerProps {
        initial: dom::load_text().unwrap_or_default().into(),
        persist: true,
        compact: false,
        controller: None,
        on_result: None,
    };
    yew::Renderer::<Checker>::with_root_and_props(root, props).render();
}

/// Lets code outside the component (the JS API) set the text and read the last result.
#[derive(Default)]
pub struct Controller {
    /// Set by the mounted component: puts a text in its paste area and checks it.
    set_text: RefCell<Option<Callback<String>>>,
    /// Text given before the component was ready.
    pending: RefCell<Option<String>>,
    /// The text and report of the last check.
    last: RefCell<Option<(Rc<str>, Rc<Report>)>>,
    /// The text the component was mounted with (its result until the first check reports).
    initial: RefCell<Rc<str>>,
}

impl Controller {
    pub fn set_text(&self, text: String) {
        let cb = self.set_text.borrow().clone();
        match cb {
            Some(cb) => cb.emit(text),
            None => *self.pending.borrow_mut() = Some(text),
        }
    }

    /// The last checked text and its report (checking the initial text if the component has not
    /// reported yet).
    pub fn last(&self) -> (Rc<str>, Rc<Report>) {
        if let Some(l) = self.last.borrow().clone() {
            return l;
        }
        let text = self.initial.borrow().clone();
        let report = Rc::new(crate::check(&text));
        *self.last.borrow_mut() = Some((text.clone(), report.clone()));
        (text, report)
    }

    pub fn new(initial: Rc<str>) -> Controller {
        Controller {
            initial: RefCell::new(initial),
            ..Controller::default()
        }
    }
}

/// Wraps a controller so that props compare by identity.
#[derive(Clone)]
pub struct ControllerRef(pub Rc<Controller>);

impl PartialEq for ControllerRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckerProps {
    /// The text to start with.
    pub initial: Rc<str>,
    /// Keep the text in local storage (the page: yes; a widget in a host's form: no).
    pub persist: bool,
    /// Findings first, tables folded away (for widgets in forms).
    pub compact: bool,
    pub controller: Option<ControllerRef>,
    /// Called with every new result (and the first).
    pub on_result: Option<Callback<Rc<Report>>>,
}

static INSTANCES: AtomicUsize = AtomicUsize::new(0);

#[function_component(Checker)]
pub fn checker(props: &CheckerProps) -> Html {
    let initial = props.initial.to_string();
    let state = use_reducer(move || State::new(initial));
    let textarea = use_node_ref();
    let instance = use_memo((), |_| INSTANCES.fetch_add(1, Ordering::Relaxed));
    // Large texts are checked in the page's worker (worker.rs); this sends them and takes results.
    worker::use_worker(&state);

    // Put the starting text into the (uncontrolled) textarea, and let the controller drive it.
    {
        let textarea = textarea.clone();
        // (Worker: a large starting text is still pending, not yet checked.)
        let text = state
            .pending
            .as_ref()
            .map_or(state.checked.text.clone(), |p| p.text.clone());
        let controller = props.controller.clone();
        let s = state.clone();
        let persist = props.persist;
        use_effect_with((), move |_| {
            // (A text too large for the textarea is shown by bigtext.rs instead.)
            if let Some(ta) = textarea.cast::<HtmlTextAreaElement>() {
                ta.set_value(if bigtext::wanted(&text) { "" } else { &text });
            }
            if let Some(ControllerRef(c)) = &controller {
                let cb = Callback::from(move |t: String| {
                    if let Some(ta) = textarea.cast::<HtmlTextAreaElement>() {
                        ta.set_value(if bigtext::wanted(&t) { "" } else { &t });
                    }
                    if persist {
                        dom::save_text(&t);
                    }
                    s.dispatch(Action::Check(t));
                });
                let pending = c.pending.borrow_mut().take();
                *c.set_text.borrow_mut() = Some(cb.clone());
                if let Some(t) = pending {
                    cb.emit(t);
                }
            }
            let controller = controller.clone();
            move || {
                if let Some(ControllerRef(c)) = controller {
                    *c.set_text.borrow_mut() = None;
                }
            }
        });
    }
    // Report every result.
    {
        let checked = state.checked.clone();
        let on_result = props.on_result.clone();
        let controller = props.controller.clone();
        use_effect_with(checked, move |checked| {
            if let Some(ControllerRef(c)) = &controller {
                *c.last.borrow_mut() = Some((checked.text.clone(), checked.report.clone()));
            }
            if let Some(cb) = on_result {
                cb.emit(checked.report.clone());
            }
        });
    }
    // Select the source text of whatever was selected.
    {
        let textarea = textarea.clone();
        let sel = state.selection.clone();
        use_effect_with(sel, move |sel| {
            if let (Some(span), Some(ta)) = (sel.span, textarea.cast::<HtmlTextAreaElement>()) {
                if !ta.hidden() {
                    dom::select_in(&ta, &span);
                }
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
    // The text shown in the input pane: the one being checked, else the last checked.
    let shown = Some(
        state
            .pending
            .as_ref()
            .map_or(state.checked.text.clone(), |p| p.text.clone()),
    );
    let tables = html! {
        <tables::Tables checked={state.checked.clone()} selection={state.selection.clone()} on_select={on_cell} />
    };
    html! {
        <div class={classes!("nb-app", props.compact.then_some("nb-compact"))}>
            if !props.compact {
                <header class="nb-header">
                    <h1>{"年报核对 nianbao"}</h1>
                    <p class="nb-tagline">{"政府信息公开工作年度报告 · 三张统计表读取与勾稽关系核对 · 全部在本机浏览器中完成，不上传任何内容 · "}
                        <a href="desk.html" id="nb-to-desk">{"批量审核多份报告 →"}</a></p>
                </header>
                <p id="nb-fatal" class="nb-fatal" role="alert" hidden=true></p>
            }
            { state.notice.as_ref().map(|n| html! { <p class="nb-notice" role="status">{ n }</p> }).unwrap_or_default() }
            <div class="nb-layout">
                <input::Input textarea={textarea.clone()} {on_check} {on_notice} persist={props.persist}
                    id={format!("nb-text-{}", *instance)} big={shown.filter(|t| bigtext::wanted(t))}
                    span={state.selection.span} nonce={state.selection.nonce} />
                // While the worker checks a large text, progress stands in for the last result
                // (hidden by CSS under aria-busy: its spans are not the new text's).
                <section class="nb-results" aria-label="核对结果" data-generation={state.checked.generation.to_string()}
                    aria-busy={state.pending.is_some().to_string()}>
                    { state.pending.as_ref().map(|p| html! { <worker::Progress key={p.id} bytes={p.text.len()} /> }).unwrap_or_default() }
                    <summary::Summary checked={state.checked.clone()} examples={props.persist} />
                    <export::Export checked={state.checked.clone()} />
                    <p class="nb-cell-info" aria-live="polite">{ info }</p>
                    <findings::Findings checked={state.checked.clone()} selection={state.selection.clone()} on_select={on_finding} />
                    if props.compact && !state.checked.is_empty() {
                        <details class="nb-tables-fold">
                            <summary>{"展开三张统计表"}</summary>
                            { tables }
                        </details>
                    } else {
                        { tables }
                    }
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
