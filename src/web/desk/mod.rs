//! The reviewer's desk page (www/desk.html, its own wasm module `nianbao-desk`, loaded only there): many reports at once, year against year, decisions that stay, the 审核意见 and the exports.
//!
//! Files (or a paste of several reports) are read and checked in slices of at most [`SLICE_MS`] on
//! the main thread, so the page answers input between them and a progress bar moves; when the
//! queue is empty the cross-year checks run over the whole list (the same `desk::batch` step as
//! the CLI's). Decisions are kept in local storage under the report's key (agency and year), so
//! re-checking the same or an edited report keeps them; the list's texts are kept too, so a
//! reload brings the batch back.

mod detail;
mod list;
mod store;

use crate::desk::review::{report_key, Decision, Decisions};
use crate::model::Report;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// A slice of checking ends after this many milliseconds (or one report, whichever is later);
/// then the page handles input and paints before the next one.
const SLICE_MS: f64 = 12.0;

/// Mounts the desk into `#nianbao-desk` (does nothing elsewhere, e.g. in a worker).
pub fn start() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("nianbao-desk"))
    else {
        return;
    };
    yew::Renderer::<Desk>::with_root(root).render();
}

/// One report of the list.
#[derive(Clone)]
pub struct Item {
    pub id: u64,
    pub name: String,
    pub text: Rc<str>,
    /// The report as checked alone; `None` when the file could not be read (see `error`).
    pub base: Option<Rc<Report>>,
    /// With its cross-year findings (as `base` until the list is complete).
    pub report: Option<Rc<Report>>,
    pub error: Option<String>,
    /// Its key in the decisions.
    pub key: String,
}

impl Item {
    /// The verdict's code, or `unreadable`.
    pub fn status(&self) -> &'static str {
        self.report
            .as_ref()
            .map_or("unreadable", |r| r.verdict.status())
    }
}

/// The list's columns, for sorting.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Column {
    Order,
    File,
    Agency,
    Year,
    Template,
    Errors,
    Warnings,
    Verdict,
    Open,
}

/// Which reports the list shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Show {
    All,
    Errors,
    NotHolding,
    Undecided,
}

#[derive(Clone, PartialEq)]
pub struct View {
    pub sort: Column,
    pub descending: bool,
    pub filter: String,
    pub show: Show,
}

#[derive(Clone)]
pub struct State {
    pub items: Vec<Item>,
    /// Inputs waiting to be read and checked (for the progress bar).
    pub queued: usize,
    /// Inputs read in the current run, and the run's total.
    pub run: (usize, usize),
    pub decisions: Decisions,
    pub open: Option<u64>,
    pub view: View,
    pub notice: Option<String>,
    /// Consecutive-year pairs found in the list.
    pub pairs: usize,
    next_id: u64,
    /// Bumped on every change of items or decisions (cheap equality for components).
    pub generation: u64,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
            && self.open == other.open
            && self.view == other.view
            && self.notice == other.notice
            && self.queued == other.queued
            && self.run == other.run
    }
}

/// What was read from one input: its name and its text, or why it could not be read.
pub struct Read {
    pub name: String,
    pub text: Result<String, String>,
}

pub enum Action {
    /// `n` more inputs are on their way.
    Queued(usize),
    /// Inputs read and checked (with their reports, checked alone).
    Add(Vec<(Read, Option<Report>)>),
    /// The queue is empty: year against year over the whole list, and the list kept.
    Done,
    Open(Option<u64>),
    Decide {
        key: String,
        finding: String,
        decision: Option<Decision>,
    },
    Remove(u64),
    Clear,
    Sort(Column),
    Filter(String),
    Show(Show),
    Notice(Option<String>),
}

impl State {
    fn new() -> State {
        State {
            items: Vec::new(),
            queued: 0,
            run: (0, 0),
            decisions: store::load_decisions(),
            open: None,
            view: View {
                sort: Column::Order,
                descending: false,
                filter: String::new(),
                show: Show::All,
            },
            notice: None,
            pairs: 0,
            next_id: 1,
            generation: 0,
        }
    }

    /// Cross-year findings over the whole list, from each report as checked alone.
    fn cross_year(&mut self) {
        let read: Vec<Option<(&str, &Report)>> = self
            .items
            .iter()
            .map(|i| i.base.as_deref().map(|r| (&*i.text, r)))
            .collect();
        let (pairing, found) = crate::desk::batch::cross_year(&read);
        self.pairs = pairing.pairs.len();
        for item in &mut self.items {
            item.report = item.base.clone();
        }
        for (i, findings) in found {
            if let Some(item) = self.items.get_mut(i) {
                if let Some(base) = &item.base {
                    let mut r = (**base).clone();
                    crate::desk::attach(&mut r, findings);
                    item.report = Some(Rc::new(r));
                }
            }
        }
    }

    fn save(&self) -> bool {
        let saved: Vec<store::Saved> = self
            .items
            .iter()
            .map(|i| store::Saved {
                name: i.name.clone(),
                text: i.error.is_none().then(|| i.text.to_string()),
                error: i.error.clone(),
            })
            .collect();
        store::save_batch(&saved)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = Rc::unwrap_or_clone(self);
        match action {
            Action::Queued(n) => {
                if s.queued == 0 {
                    s.run = (0, 0);
                }
                s.queued += n;
                s.run.1 += n;
            }
            Action::Add(done) => {
                s.queued = s.queued.saturating_sub(done.len());
                s.run.0 += done.len();
                for (read, report) in done {
                    let id = s.next_id;
                    s.next_id += 1;
                    let (text, error) = match read.text {
                        Ok(t) => (t, None),
                        Err(e) => (String::new(), Some(e)),
                    };
                    let key = report.as_ref().map_or_else(
                        || format!("file:{}", read.name),
                        |r| report_key(&read.name, r),
                    );
                    let base = report.map(Rc::new);
                    s.items.push(Item {
                        id,
                        name: read.name,
                        text: text.into(),
                        report: base.clone(),
                        base,
                        error,
                        key,
                    });
                }
                s.generation += 1;
            }
            Action::Done => {
                s.cross_year();
                s.generation += 1;
                if !s.save() {
                    s.notice = Some(
                        "列表太大，本机存储放不下：刷新页面后需重新打开这些文件（审核决定仍会保留）。"
                            .into(),
                    );
                }
            }
            Action::Open(id) => s.open = id,
            Action::Decide {
                key,
                finding,
                decision,
            } => {
                let m = s.decisions.entry(key.clone()).or_default();
                match decision {
                    Some(d) => {
                        m.insert(finding, d);
                    }
                    None => {
                        m.remove(&finding);
                    }
                }
                if m.is_empty() {
                    s.decisions.remove(&key);
                }
                s.generation += 1;
                if !store::save_decisions(&s.decisions) {
                    s.notice = Some("无法写入本机存储：审核决定在关闭页面后不会保留。".into());
                }
            }
            Action::Remove(id) => {
                s.items.retain(|i| i.id != id);
                if s.open == Some(id) {
                    s.open = None;
                }
                s.cross_year();
                s.generation += 1;
                s.save();
            }
            Action::Clear => {
                s.items.clear();
                s.open = None;
                s.pairs = 0;
                s.generation += 1;
                s.save();
            }
            Action::Sort(c) => {
                if s.view.sort == c {
                    s.view.descending = !s.view.descending;
                } else {
                    s.view.sort = c;
                    s.view.descending = false;
                }
            }
            Action::Filter(f) => s.view.filter = f,
            Action::Show(w) => s.view.show = w,
            Action::Notice(n) => s.notice = n,
        }
        Rc::new(s)
    }
}

/// An input waiting to be read.
enum Input {
    File(web_sys::File),
    Text(String, String),
    Saved(store::Saved),
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Lets the page handle input and paint: resolves on the next macrotask.
async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn read(input: Input) -> Read {
    match input {
        Input::File(f) => {
            let name = f.name();
            let text = super::dom::read_file(f).await.map(|o| o.text);
            Read { name, text }
        }
        Input::Text(name, text) => Read {
            name,
            text: Ok(text),
        },
        Input::Saved(s) => Read {
            name: s.name,
            text: match (s.text, s.error) {
                (Some(t), _) => Ok(t),
                (None, e) => Err(e.unwrap_or_else(|| "无法读取".into())),
            },
        },
    }
}

/// The queue of inputs and whether a run is working through it.
#[derive(Default)]
struct Queue {
    inputs: VecDeque<Input>,
    running: bool,
}

/// Adds inputs to the queue and, unless a run is already going, starts one: inputs are read and
/// checked in slices, each slice's results added to the list at once, then the cross-year step.
fn enqueue(
    queue: &Rc<RefCell<Queue>>,
    dispatcher: &UseReducerDispatcher<State>,
    inputs: Vec<Input>,
) {
    if inputs.is_empty() {
        return;
    }
    dispatcher.dispatch(Action::Queued(inputs.len()));
    let start = {
        let mut q = queue.borrow_mut();
        q.inputs.extend(inputs);
        !std::mem::replace(&mut q.running, true)
    };
    if !start {
        return;
    }
    let queue = queue.clone();
    let dispatcher = dispatcher.clone();
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            yield_now().await;
            let began = now();
            let mut done = Vec::new();
            loop {
                let next = queue.borrow_mut().inputs.pop_front();
                let Some(input) = next else { break };
                let read = read(input).await;
                let report = read.text.as_ref().ok().map(|t| crate::check(t));
                done.push((read, report));
                if now() - began >= SLICE_MS {
                    break;
                }
            }
            if !done.is_empty() {
                dispatcher.dispatch(Action::Add(done));
            }
            if queue.borrow().inputs.is_empty() {
                break;
            }
        }
        queue.borrow_mut().running = false;
        dispatcher.dispatch(Action::Done);
    });
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<Input> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(Input::File)
        .collect()
}

#[function_component(Desk)]
pub fn desk() -> Html {
    let state = use_reducer(State::new);
    let queue = use_mut_ref(Queue::default);
    let dragging = use_state(|| false);
    let paste_ref = use_node_ref();
    let pasted = use_mut_ref(|| 0usize);

    // Bring back the list of the last visit.
    {
        let queue = queue.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let saved = store::load_batch();
            enqueue(
                &queue,
                &dispatcher,
                saved.into_iter().map(Input::Saved).collect(),
            );
        });
    }

    let onchange_files = {
        let queue = queue.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            enqueue(&queue, &dispatcher, files_of(input.files()));
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
        let queue = queue.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            enqueue(
                &queue,
                &dispatcher,
                files_of(e.data_transfer().and_then(|d| d.files())),
            );
        })
    };
    let on_add_paste = {
        let queue = queue.clone();
        let dispatcher = state.dispatcher();
        let paste_ref = paste_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(ta) = paste_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = ta.value();
            if text.trim().is_empty() {
                return;
            }
            let mut n = pasted.borrow_mut();
            *n += 1;
            let pieces = crate::desk::split::split(&text);
            let many = pieces.len() > 1;
            let inputs: Vec<Input> = pieces
                .into_iter()
                .enumerate()
                .filter(|(_, r)| !text[r.clone()].trim().is_empty())
                .map(|(k, r)| {
                    let name = if many {
                        format!("粘贴 {}-{}", *n, k + 1)
                    } else {
                        format!("粘贴 {}", *n)
                    };
                    Input::Text(name, text[r].to_string())
                })
                .collect();
            ta.set_value("");
            enqueue(&queue, &dispatcher, inputs);
        })
    };
    // A paste whose clipboard holds an HTML table is read by its structure, as in the checker.
    let onpaste = Callback::from(move |e: Event| {
        let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
            return;
        };
        let opened = e
            .clipboard_data()
            .and_then(|d| super::dom::clipboard_table(&d));
        let ta = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok());
        if let (Some(opened), Some(ta)) = (opened, ta) {
            e.prevent_default();
            super::dom::insert_at_selection(&ta, &opened.text);
        }
    });

    let working = state.queued > 0;
    let progress = if working || state.run.0 < state.run.1 {
        let (done, total) = state.run;
        html! {
            <section class="nb-progress" aria-label="正在核对">
                <p role="status"><strong>{"正在核对…"}</strong>{ format!("已完成 {done} / {total} 份") }</p>
                <progress class="nb-desk-progress" max={total.to_string()} value={done.to_string()}
                    aria-label="核对进度"></progress>
            </section>
        }
    } else {
        html! {}
    };
    let open_item = state
        .open
        .and_then(|id| state.items.iter().find(|i| i.id == id).cloned());
    let on_open = {
        let d = state.dispatcher();
        Callback::from(move |id: Option<u64>| d.dispatch(Action::Open(id)))
    };
    let on_decide = {
        let d = state.dispatcher();
        Callback::from(
            move |(key, finding, decision): (String, String, Option<Decision>)| {
                d.dispatch(Action::Decide {
                    key,
                    finding,
                    decision,
                })
            },
        )
    };
    let decided = open_item
        .as_ref()
        .and_then(|i| state.decisions.get(&i.key).cloned())
        .unwrap_or_default();
    let last_year = open_item.as_ref().and_then(|item| {
        let r = item.report.as_ref()?;
        let has_previous = r.diagnostics.iter().any(|d| d.previous.is_some());
        if !has_previous {
            return None;
        }
        let key = crate::desk::pairing::agency_key(r.agency.as_deref()?);
        let year = r.year? - 1;
        state
            .items
            .iter()
            .find(|i| {
                i.base.as_ref().is_some_and(|b| {
                    b.year == Some(year)
                        && b.agency.as_deref().map(crate::desk::pairing::agency_key)
                            == Some(key.clone())
                })
            })
            .map(|i| i.name.clone())
    });

    html! {
        <div class="nb-app nb-desk">
            <header class="nb-header">
                <h1>{"年报审核台 nianbao"}</h1>
                <p class="nb-tagline">{"一次审核多份政府信息公开工作年度报告：逐份核对、跨年度比对、记录审核决定、出具审核意见 · 全部在本机浏览器中完成，不上传任何内容 · "}
                    <a href="./">{"返回单份核对"}</a></p>
            </header>
            { state.notice.as_ref().map(|n| html! { <p class="nb-notice" role="status">{ n }</p> }).unwrap_or_default() }
            if let Some(item) = open_item {
                <detail::Detail key={item.id} item={item.clone()} decided={decided} generation={state.generation}
                    last_year={last_year} on_open={on_open} on_decide={on_decide} />
            } else {
                <section class="nb-input nb-desk-input" aria-label="加入报告">
                    <div class={classes!("nb-drop", "nb-desk-drop", (*dragging).then_some("nb-dragging"))}
                        {ondragover} {ondragleave} {ondrop}>
                        <p>{"把多份报告文件拖到这里，或"}
                            <label class="nb-button">{"打开文件…"}
                                <input type="file" multiple=true class="nb-visually-hidden" id="nb-desk-files"
                                    accept=".txt,.md,.html,.htm,.docx,.pdf,text/plain,text/html,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf"
                                    onchange={onchange_files} />
                            </label>
                            {"（.txt .md .html .docx .pdf，可多选）"}</p>
                        <label for="nb-desk-paste" class="nb-visually-hidden">{"粘贴报告"}</label>
                        <textarea id="nb-desk-paste" class="nb-text nb-desk-paste" ref={paste_ref} {onpaste} spellcheck="false"
                            placeholder="或在此粘贴报告全文（可以一次粘贴多份，一份接一份；上年的报告也可以粘贴在这里，与本年的一起比对），再点“加入列表”。" />
                        <button type="button" class="nb-button" id="nb-desk-add" onclick={on_add_paste}>{"加入列表"}</button>
                    </div>
                </section>
                { progress }
                <list::List state={state.clone()} />
            }
        </div>
    }
}
