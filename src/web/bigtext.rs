//! A text too large for the paste area (≥ [`MIN_BYTES`]), shown read-only and drawn a screenful at a time: Chromium takes 8–11 s to lay out 10 MB in a textarea, with the page frozen; this draws the visible lines only, at once.

use crate::model::Span;
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Texts of at least this many bytes (UTF-8) are shown here instead of in the paste area.
pub const MIN_BYTES: usize = 1024 * 1024;

/// Whether `text` is shown here rather than in the paste area.
pub fn wanted(text: &str) -> bool {
    text.len() >= MIN_BYTES
}

/// Each line's height in CSS pixels (`.nb-big pre` sets the same).
const LINE_PX: i32 = 20;
/// Lines drawn above and below the visible ones.
const OVERSCAN: usize = 20;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    /// The source of what is selected: scrolled to and marked.
    pub span: Option<Span>,
    /// Changes with every selection (selecting the same thing again scrolls to it again).
    pub nonce: u64,
}

#[function_component(BigText)]
pub fn big_text(props: &Props) -> Html {
    // Byte offset of each line's start (and the text's end).
    let starts = use_memo(props.text.clone(), |t| {
        let mut v = vec![0usize];
        v.extend(t.match_indices('\n').map(|(i, _)| i + 1));
        v.push(t.len() + 1);
        v
    });
    let lines = starts.len() - 1;
    let scroller = use_node_ref();
    let top = use_state(|| 0usize);
    let height = use_state(|| 40usize);
    let onscroll = {
        let top = top.clone();
        let height = height.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlElement>() {
                top.set((el.scroll_top().max(0) / LINE_PX) as usize);
                height.set((el.client_height().max(0) / LINE_PX) as usize + 1);
            }
        })
    };
    // A selection scrolls its line into view (a few lines down from the top).
    {
        let scroller = scroller.clone();
        let top = top.clone();
        use_effect_with((props.span, props.nonce), move |(span, _)| {
            if let (Some(span), Some(el)) = (span, scroller.cast::<HtmlElement>()) {
                let line = span.line.saturating_sub(1).saturating_sub(5);
                el.set_scroll_top((line as i32).saturating_mul(LINE_PX));
                top.set(line);
            }
        });
    }
    let first = top.saturating_sub(OVERSCAN).min(lines);
    // The spacer's height and the drawn lines' place, set through the CSSOM: the page's CSP
    // refuses style attributes.
    let space = use_node_ref();
    let drawn = use_node_ref();
    {
        let (space, drawn) = (space.clone(), drawn.clone());
        use_effect_with((lines, first), move |&(lines, first)| {
            let px = |n: usize| format!("{}px", n.saturating_mul(LINE_PX as usize));
            if let Some(el) = space.cast::<HtmlElement>() {
                let _ = el.style().set_property("height", &px(lines));
            }
            if let Some(el) = drawn.cast::<HtmlElement>() {
                let _ = el.style().set_property("top", &px(first));
            }
        });
    }
    let last = (*top + *height + OVERSCAN).min(lines);
    let text = &*props.text;
    let piece = |a: usize, b: usize| text.get(a.min(text.len())..b.min(text.len())).unwrap_or("");
    let from = starts[first];
    let to = starts[last].saturating_sub(1).max(from);
    // The selected source, marked where it falls inside the drawn lines (found from its line,
    // column and UTF-16 length: a report read back from the worker's JSON has no byte offsets).
    let marked = props.span.and_then(|s| {
        let line_start = *starts.get(s.line.checked_sub(1)?)?;
        let line = text.get(line_start..)?;
        let mut chars = line.char_indices().skip(s.column.checked_sub(1)?);
        let (a, _) = chars.next()?;
        let mut units = 0;
        let mut b = line.len();
        for (i, c) in line[a..].char_indices() {
            if units >= s.end.saturating_sub(s.start) {
                b = a + i;
                break;
            }
            units += c.len_utf16();
        }
        Some((line_start + a, line_start + b))
    });
    let body = match marked {
        Some((a, b)) if a < b && a >= from && b <= to => html! {
            <>
                { piece(from, a) }
                <mark class="nb-big-mark">{ piece(a, b) }</mark>
                { piece(b, to) }
            </>
        },
        _ => html! { { piece(from, to) } },
    };
    html! {
        <div class="nb-big" ref={scroller} {onscroll} tabindex="0" role="region"
            aria-label="报告文本（只读）">
            <div class="nb-big-space" ref={space}>
                <pre ref={drawn} data-first-line={(first + 1).to_string()}>{ body }</pre>
            </div>
        </div>
    }
}
