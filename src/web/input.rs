//! The input pane: the paste area (re-checks as the text changes, debounced; an HTML table on the clipboard read by its structure), file open and drop (.txt/.md/.html/.docx through the core's reader), the bundled examples, clear.

use super::bigtext::{self, BigText};
use super::dom;
use crate::model::Span;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, InputEvent};
use yew::prelude::*;

/// The bundled examples: file name under `examples/` and a label.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "000_1d8a7430696514a6.txt",
        "周口市信访局 2021（制表符分隔）",
    ),
    (
        "001_8be41c244005adf4.txt",
        "周口市政务服务和大数据管理局 2021（错行）",
    ),
    (
        "002_fd51e9f6bd28d4cd.txt",
        "济宁市信访局 2020（一格一行，2019 版）",
    ),
    ("003_2baf5ee0490418e5.txt", "郏县人民政府 2021（缺列）"),
    (
        "004_63cb935bb53fbf27.txt",
        "中卫市信访局 2022（无“其他”列）",
    ),
];

/// Typing waits this long after the last keystroke before re-checking; a paste checks at once.
const DEBOUNCE_MS: i32 = 200;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub textarea: NodeRef,
    /// Keep the text in local storage.
    pub persist: bool,
    /// The textarea's id (unique per checker on the page).
    pub id: AttrValue,
    pub on_check: Callback<String>,
    pub on_notice: Callback<Option<String>>,
    /// The text, when it is too large for the paste area (shown read-only by [`BigText`]).
    pub big: Option<Rc<str>>,
    /// The selected source and the selection's nonce (for [`BigText`]).
    pub span: Option<Span>,
    pub nonce: u64,
}

/// Puts `text` in the textarea (a text too large for it is shown by [`BigText`] instead, and the
/// textarea emptied) and checks it.
pub fn load(textarea: &NodeRef, on_check: &Callback<String>, persist: bool, text: String) {
    if let Some(ta) = textarea.cast::<HtmlTextAreaElement>() {
        ta.set_value(if bigtext::wanted(&text) { "" } else { &text });
    }
    if persist {
        dom::save_text(&text);
    }
    on_check.emit(text);
}

#[function_component(Input)]
pub fn input(props: &Props) -> Html {
    let timer = use_mut_ref(|| None::<i32>);
    let dragging = use_state(|| false);

    let oninput = {
        let on_check = props.on_check.clone();
        let timer = timer.clone();
        let persist = props.persist;
        Callback::from(move |e: InputEvent| {
            let Some(ta) = e.target_dyn_into::<HtmlTextAreaElement>() else {
                return;
            };
            let text = ta.value();
            if persist {
                dom::save_text(&text);
            }
            let Some(window) = web_sys::window() else {
                return;
            };
            if let Some(id) = timer.borrow_mut().take() {
                window.clear_timeout_with_handle(id);
            }
            let pasted =
                e.input_type().starts_with("insertFromPaste") || e.input_type() == "insertFromDrop";
            if pasted {
                on_check.emit(text);
                return;
            }
            let on_check = on_check.clone();
            let cb = Closure::once_into_js(move || on_check.emit(text));
            if let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                DEBOUNCE_MS,
            ) {
                *timer.borrow_mut() = Some(id);
            }
        })
    };

    // A paste whose clipboard holds an HTML table (from a web page, Word, WPS, Excel) is read by
    // its structure: the core's HTML reader writes each row as a line of tab-separated cells, and
    // that text goes into the paste area in place of the flattened plain text. A paste that makes
    // the text too large for the paste area is taken over too: the text is shown by `BigText`.
    let onpaste = {
        let on_check = props.on_check.clone();
        let on_notice = props.on_notice.clone();
        let persist = props.persist;
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let Some(data) = e.clipboard_data() else {
                return;
            };
            let Some(ta) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            else {
                return;
            };
            let (insert, note) = match dom::clipboard_table(&data) {
                Some(o) => {
                    let note = o.note().to_string();
                    (o.text, Some(note))
                }
                None => (data.get_data("text/plain").unwrap_or_default(), None),
            };
            let big = insert.len() + ta.text_length() as usize >= bigtext::MIN_BYTES;
            if note.is_none() && !big {
                return; // the browser's own paste
            }
            e.prevent_default();
            let (text, caret) = dom::joined_at_selection(&ta, &insert);
            if bigtext::wanted(&text) {
                ta.set_value("");
            } else {
                ta.set_value(&text);
                let _ = ta.set_selection_range(caret, caret);
            }
            if persist {
                dom::save_text(&text);
            }
            on_check.emit(text);
            on_notice.emit(note);
        })
    };

    let persist = props.persist;
    let open_file = {
        let textarea = props.textarea.clone();
        let on_check = props.on_check.clone();
        let on_notice = props.on_notice.clone();
        move |file: web_sys::File| {
            let textarea = textarea.clone();
            let on_check = on_check.clone();
            let on_notice = on_notice.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match dom::read_file(file).await {
                    Ok(opened) => {
                        load(&textarea, &on_check, persist, opened.text.clone());
                        if opened.how != crate::input::How::Text {
                            on_notice.emit(Some(opened.note().to_string()));
                        }
                    }
                    Err(e) => on_notice.emit(Some(e)),
                }
            });
        }
    };

    let onchange_file = {
        let open_file = open_file.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if let Some(f) = input.files().and_then(|fs| fs.get(0)) {
                open_file(f);
            }
            input.set_value("");
        })
    };

    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            dragging.set(false);
            let file = e
                .data_transfer()
                .and_then(|dt| dt.files())
                .and_then(|fs| fs.get(0));
            if let Some(f) = file {
                e.prevent_default();
                open_file(f);
            }
        })
    };

    let onexample = {
        let textarea = props.textarea.clone();
        let on_check = props.on_check.clone();
        let on_notice = props.on_notice.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            let name = sel.value();
            sel.set_value("");
            if name.is_empty() {
                return;
            }
            let textarea = textarea.clone();
            let on_check = on_check.clone();
            let on_notice = on_notice.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match dom::fetch_text(&format!("examples/{name}")).await {
                    Ok(text) => load(&textarea, &on_check, persist, text),
                    Err(e) => on_notice.emit(Some(e)),
                }
            });
        })
    };

    let onclear = {
        let textarea = props.textarea.clone();
        let on_check = props.on_check.clone();
        Callback::from(move |_: MouseEvent| load(&textarea, &on_check, persist, String::new()))
    };

    html! {
        <section class="nb-input" aria-label="报告文本">
            <div class="nb-toolbar">
                <label class="nb-button">
                    {"打开文件…"}
                    <input type="file" class="nb-visually-hidden" accept=".txt,.md,.html,.htm,.docx,.pdf,text/plain,text/html,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf"
                        onchange={onchange_file} />
                </label>
                if props.persist {
                <label class="nb-select">
                        <span class="nb-visually-hidden">{"载入示例"}</span>
                        <select onchange={onexample} aria-label="载入示例报告">
                            <option value="" selected=true>{"载入示例…"}</option>
                            { for EXAMPLES.iter().map(|(f, l)| html! { <option value={*f}>{*l}</option> }) }
                        </select>
                    </label>
                }
                <button type="button" class="nb-button" onclick={onclear}>{"清空"}</button>
            </div>
            <div class={classes!("nb-drop", (*dragging).then_some("nb-dragging"))}
                {ondragover} {ondragleave} {ondrop}>
                <label for={props.id.clone()} class="nb-visually-hidden">{"粘贴年度报告全文"}</label>
                if let Some(text) = props.big.clone() {
                    <p class="nb-big-note">{ format!("文本较大（{}），为保持页面流畅只读显示；要修改请改好原文件后重新打开，或点“清空”后重新粘贴。", super::worker::size(text.len())) }</p>
                    <BigText {text} span={props.span} nonce={props.nonce} />
                }
                <textarea id={props.id.clone()} class="nb-text" ref={props.textarea.clone()} {oninput} {onpaste} spellcheck="false"
                    hidden={props.big.is_some()}
                    placeholder="在此粘贴政府信息公开工作年度报告全文（网页、Word、WPS 中复制的表格按表格结构读取；也可拖入 .txt / .md / .html / .docx / .pdf 文件）。文本只在本机浏览器中处理，不会上传。" />
            </div>
        </section>
    }
}
