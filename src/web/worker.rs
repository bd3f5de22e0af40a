//! Large texts checked off the main thread: the page's loader (`www/boot.js`) offers a worker that runs this same wasm module (`www/worker.js`); a text of [`MIN_BYTES`] or more goes there, its report comes back packed as numbers (`crate::pack`, a `Uint32Array`: a much smaller reader than JSON's) and is read back, and meanwhile the page shows progress and keeps answering. Without that worker (the JS API's widgets, a browser without module workers) every check runs here, as before.

use super::state::{Action, State};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Texts of at least this many bytes (UTF-8) are checked in the worker. Shorter ones are checked
/// here at once: a report of a few pages takes milliseconds, so typing stays immediate.
pub const MIN_BYTES: usize = 256 * 1024;

#[wasm_bindgen]
extern "C" {
    /// `globalThis.nianbaoCheckWorker`, set by boot.js.
    type CheckWorker;

    /// Resolves to the report packed (`pack::pack`, a `Uint32Array`), or to `null` when a newer
    /// text replaced this one before the worker began it; rejects when the worker failed.
    #[wasm_bindgen(method)]
    fn check(this: &CheckWorker, text: &str) -> js_sys::Promise;
}

fn worker() -> Option<CheckWorker> {
    let w = js_sys::Reflect::get(&js_sys::global(), &"nianbaoCheckWorker".into()).ok()?;
    w.is_object().then(|| w.unchecked_into())
}

/// Whether `text` is to be checked in the worker (large, and the page has one).
pub fn wanted(text: &str) -> bool {
    text.len() >= MIN_BYTES && worker().is_some()
}

/// Checks `text` in the worker: its report, `Ok(None)` when a newer text superseded it.
async fn run(text: &str) -> Result<Option<crate::model::Report>, String> {
    let w = worker().ok_or("no check worker")?;
    let packed = JsFuture::from(w.check(text))
        .await
        .map_err(|e| format!("{e:?}"))?;
    if packed.is_null() {
        return Ok(None);
    }
    let packed: js_sys::Uint32Array = packed.dyn_into().map_err(|_| "not a Uint32Array")?;
    crate::pack::unpack(&packed.to_vec())
        .map(Some)
        .ok_or_else(|| String::from("not a packed report"))
}

/// Sends each new pending text to the worker and hands its result to the reducer (which ignores
/// it if a newer text came meanwhile). If the worker fails, the text is checked here instead.
#[hook]
pub fn use_worker(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with(state.pending.clone(), move |pending| {
        if let Some(p) = pending.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                match run(&p.text).await {
                    Ok(Some(report)) => {
                        dispatcher.dispatch(Action::Checked(p.id, Some(Rc::new(report))))
                    }
                    Ok(None) => {}
                    Err(e) => {
                        web_sys::console::warn_1(
                            &format!("nianbao: 核对线程出错，改在页面中核对：{e}").into(),
                        );
                        dispatcher.dispatch(Action::Checked(p.id, None));
                    }
                }
            });
        }
    });
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A size for people: "10.0 MB", "300 KB".
pub fn size(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        // Tenths of a megabyte in whole numbers: no float formatting code in the page.
        let tenths = (bytes / MB) * 10 + ((bytes % MB) * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// The size of the text being checked (UTF-8 bytes).
    pub bytes: usize,
}

/// Shown while a large text is checked: what is happening and on how much text, a moving bar and
/// the seconds so far, so it is plain the page is working. The bar moves by a CSS transform
/// animation, which the compositor runs without the main thread: a bar repainted every frame would
/// cost a frame's commit each time, and next to a textarea holding megabytes of text that commit
/// takes 50–150 ms (measured in Chromium). The seconds tick once a second for the same reason.
#[function_component(Progress)]
pub fn progress(props: &ProgressProps) -> Html {
    let started = use_memo((), |_| now());
    let seconds = use_state(|| 0u64);
    {
        let seconds = seconds.clone();
        let started = *started;
        use_effect_with((), move |_| {
            let tick = Closure::<dyn FnMut()>::new(move || {
                seconds.set(((now() - started) / 1000.0).max(0.0) as u64);
            });
            let window = web_sys::window();
            let id = window.as_ref().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(
                    tick.as_ref().unchecked_ref(),
                    1000,
                )
                .ok()
            });
            move || {
                if let (Some(w), Some(id)) = (window, id) {
                    w.clear_interval_with_handle(id);
                }
                drop(tick);
            }
        });
    }
    html! {
        <section class="nb-progress" aria-label="正在核对">
            <p role="status"><strong>{"正在核对…"}</strong>{ format!("（文本 {}，在后台核对）", size(props.bytes)) }</p>
            <div class="nb-bar" role="progressbar" aria-label="核对进度"><span></span></div>
            <p class="nb-elapsed" aria-hidden="true">{ format!("已用 {} 秒", *seconds) }</p>
        </section>
    }
}
