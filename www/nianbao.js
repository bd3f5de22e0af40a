// nianbao for host pages: `import { check, mount } from './nianbao.js'` — no bundler needed.
// Loads the same WebAssembly as the nianbao page (once), then:
//   await check(text)              → the v1 result object (as `nianbao check --format json`)
//   await mount(element, options)  → a widget handle { setText, getText, getResult, destroy }
//   <nianbao-check compact text="…"></nianbao-check>  → the same widget as an HTML element
// The file names below are filled in at build time (scripts/trunk-post-build.sh).
const GLUE = '__NIANBAO_GLUE__';
const WASM = '__NIANBAO_WASM__';
const BUILD = '__NIANBAO_BUILD__';
const here = import.meta.url;
// Where the on-demand readers are (a .docx or PDF opened in a widget: src/web/dom.rs).
globalThis.nianbaoAssets ??= { base: new URL('./', here).href, build: BUILD };
const STYLE = new URL('styles.css', here).href;

let loading = null;

/** Loads the WebAssembly module (once); resolves to the raw bindings. */
export function load() {
  loading ??= (async () => {
    const glue = await import(new URL(GLUE, here).href);
    await glue.default({ module_or_path: new URL(WASM, here).href });
    return glue;
  })();
  return loading;
}

/** Checks a report's text; resolves to the v1 result object. */
export async function check(text) {
  const glue = await load();
  return glue.check(String(text ?? ''));
}

/** Mounts a checker widget into `element`; resolves to its handle. */
export async function mount(element, options = {}) {
  const glue = await load();
  return glue.mount(element, { ...options, styleUrl: options.styleUrl ?? STYLE });
}

/** Whether a result has error-severity findings (e.g. to block a form's submission). */
export function hasErrors(result) {
  return !!result && result.diagnostics.some((d) => d.severity === 'error');
}

/**
 * <nianbao-check> : the widget as an element. Attributes: `compact`, `text` (initial text).
 * Property `value` (get/set the text), `result` (the last result). Fires `nianbao-result`
 * (detail: the result) after every check.
 */
export class NianbaoCheck extends HTMLElement {
  #handle = null;
  #pending = null;
  #result = null;

  async connectedCallback() {
    const token = {};
    this.#pending = token;
    const handle = await mount(this, {
      text: this.#initialText ?? this.getAttribute('text') ?? '',
      compact: this.hasAttribute('compact'),
      onResult: (r) => {
        this.#result = r;
        this.dispatchEvent(new CustomEvent('nianbao-result', { detail: r, bubbles: true, composed: true }));
      },
    });
    if (this.#pending !== token || !this.isConnected) {
      handle.destroy(); // removed (or re-added) while loading
      return;
    }
    this.#handle = handle;
  }

  disconnectedCallback() {
    this.#pending = null;
    this.#handle?.destroy();
    this.#handle = null;
  }

  #initialText = null;

  get value() {
    return this.#handle ? this.#handle.getText() : (this.#initialText ?? this.getAttribute('text') ?? '');
  }

  set value(text) {
    if (this.#handle) this.#handle.setText(String(text));
    else this.#initialText = String(text);
  }

  get result() {
    return this.#result;
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('nianbao-check')) {
  customElements.define('nianbao-check', NianbaoCheck);
}
