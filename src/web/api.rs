//! The JS API for host pages: `check(text)` → the v1 object, and `mount(element, options)` → a widget handle (setText, getText, getResult, destroy), each widget in its own shadow root.

use super::{install_panic_hook, Checker, CheckerProps, Controller, ControllerRef};
use crate::model::{Report, TableKey};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::prelude::*;
use yew::AppHandle;

/// The v1 object: the v1 JSON text, parsed by JS (`JSON.parse`). The same object serde-wasm-bindgen
/// made from the report (plain objects with their keys in the same order, numbers, strings, null),
/// for 4 KB gzip less wasm (tests/wasm.rs compares the two). Like it, a whole number beyond JS's
/// exact integers (±(2^53 − 1), a figure of 16 digits or more in a hostile text) is refused, with
/// its message, rather than rounded.
pub fn to_js(report: &Report) -> Result<JsValue, JsValue> {
    const EXACT: u64 = (1 << 53) - 1;
    // In the order the JSON writes them: cells in table order, a cell's value before its candidates.
    let cells = TableKey::ALL
        .into_iter()
        .flat_map(|k| report.tables.get(k).cells());
    for (_, _, c) in cells {
        for n in c.value.iter().chain(&c.candidates) {
            let n = n.normalized();
            if n.scale == 0 && n.mantissa.unsigned_abs() > EXACT {
                return Err(JsValue::from_str(&format!(
                    "Error: {} can't be represented as a JavaScript number",
                    n.mantissa
                )));
            }
        }
    }
    js_sys::JSON::parse(&crate::json::to_json(report))
}

/// Checks a report's text: the v1 JSON object, the same as `nianbao check --format json` prints.
#[wasm_bindgen(js_name = check)]
pub fn js_check(text: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::check(text))
}

/// Checks a report's text and returns its report packed (`pack::pack`, a `Uint32Array`): what the
/// page's check worker (`www/worker.js`) answers with, read back by the page (`src/web/worker.rs`).
#[wasm_bindgen(js_name = checkPacked)]
pub fn js_check_packed(text: &str) -> Vec<u32> {
    crate::pack::pack(crate::check(text))
}

fn get(options: &JsValue, key: &str) -> JsValue {
    if options.is_object() {
        js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// What a widget app renders: a checker (re-keyed on every mount, so it starts fresh) or, while
/// parked in the pool, nothing.
#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    /// `None` while parked.
    pub checker: Option<Rc<CheckerProps>>,
    pub mount_id: u64,
}

#[function_component(Widget)]
fn widget(props: &WidgetProps) -> Html {
    match &props.checker {
        Some(p) => html! {
            <Checker key={props.mount_id} initial={p.initial.clone()} persist={p.persist}
                compact={p.compact} controller={p.controller.clone()} on_result={p.on_result.clone()} />
        },
        None => html! {},
    }
}

/// An app and its root element, kept for reuse. Yew never removes an app root's event listeners
/// (by design), so a fresh root per mount would leak them; parked apps make repeated
/// mount/destroy cost nothing, and memory is bounded by the most widgets mounted at once.
struct Parked {
    app: AppHandle<Widget>,
    root: Element,
}

thread_local! {
    static POOL: RefCell<Vec<Parked>> = const { RefCell::new(Vec::new()) };
    static MOUNTS: Cell<u64> = const { Cell::new(0) };
}

/// A mounted widget.
#[wasm_bindgen]
pub struct Handle {
    parked: Option<Parked>,
    controller: Rc<Controller>,
    shadow: ShadowRoot,
}

#[wasm_bindgen]
impl Handle {
    /// Replaces the widget's text and checks it.
    #[wasm_bindgen(js_name = setText)]
    pub fn set_text(&self, text: String) {
        if self.parked.is_some() {
            self.controller.set_text(text);
        }
    }

    /// The text last checked.
    #[wasm_bindgen(js_name = getText)]
    pub fn get_text(&self) -> String {
        self.controller.last().0.to_string()
    }

    /// The v1 object for the text last checked.
    #[wasm_bindgen(js_name = getResult)]
    pub fn get_result(&self) -> Result<JsValue, JsValue> {
        to_js(&self.controller.last().1)
    }

    /// Unmounts the widget and removes everything it put in the host element.
    pub fn destroy(&mut self) {
        if let Some(mut p) = self.parked.take() {
            p.app.update(WidgetProps {
                checker: None,
                mount_id: 0,
            });
            p.root.remove();
            POOL.with(|pool| pool.borrow_mut().push(p));
        }
        self.shadow.set_inner_html("");
    }
}

/// Mounts a checker widget into `element` (in an open shadow root, so that the host's CSS and the
/// widget's do not meet). Options: `text` (string), `compact` (bool), `onResult` (function called
/// with the v1 object after every check, and once at mount), `styleUrl` (the widget stylesheet;
/// nianbao.js sets it).
#[wasm_bindgen]
pub fn mount(element: Element, options: JsValue) -> Result<Handle, JsValue> {
    install_panic_hook();
    let shadow = match element.shadow_root() {
        Some(s) => s,
        None => element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    shadow.set_inner_html("");
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    if let Some(href) = get(&options, "styleUrl").as_string() {
        let link = doc.create_element("link")?;
        link.set_attribute("rel", "stylesheet")?;
        link.set_attribute("href", &href)?;
        shadow.append_child(&link)?;
    }

    let initial: Rc<str> = get(&options, "text").as_string().unwrap_or_default().into();
    let controller = Rc::new(Controller::new(initial.clone()));
    let on_result = get(&options, "onResult")
        .dyn_into::<js_sys::Function>()
        .ok()
        .map(|f| {
            Callback::from(move |report: Rc<Report>| {
                if let Ok(v) = to_js(&report) {
                    let _ = f.call1(&JsValue::NULL, &v);
                }
            })
        });
    let props = WidgetProps {
        checker: Some(Rc::new(CheckerProps {
            initial,
            persist: false,
            compact: get(&options, "compact").is_truthy(),
            controller: Some(ControllerRef(controller.clone())),
            on_result,
        })),
        mount_id: MOUNTS.with(|m| {
            m.set(m.get() + 1);
            m.get()
        }),
    };
    let parked = match POOL.with(|pool| pool.borrow_mut().pop()) {
        Some(mut p) => {
            shadow.append_child(&p.root)?;
            p.app.update(props);
            p
        }
        None => {
            let root = doc.create_element("div")?;
            root.set_class_name("nb-widget");
            shadow.append_child(&root)?;
            let app = yew::Renderer::<Widget>::with_root_and_props(root.clone(), props).render();
            Parked { app, root }
        }
    };
    Ok(Handle {
        parked: Some(parked),
        controller,
        shadow,
    })
}
