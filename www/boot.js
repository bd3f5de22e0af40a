// Loads the app: the wasm module and its JS glue, whose hashed names Trunk writes into this
// script tag's data-* attributes. A static file, so the page's CSP needs no inline script.
const me = document.querySelector('script[data-js][data-wasm]');
const glueUrl = new URL(me.dataset.js, document.baseURI).href;
const wasmUrl = new URL(me.dataset.wasm, document.baseURI).href;
// Where the on-demand readers are (nianbao-docx.js, nianbao-pdf.js: loaded by src/web/dom.rs the
// first time such a file is opened), and the build's name that keeps their files together.
globalThis.nianbaoAssets = { base: new URL('./', document.baseURI).href, build: me.dataset.build };
const glue = await import(glueUrl);
// Compiled here once: the page instantiates it, and the check worker gets the same module.
const module = await compile(wasmUrl);
// Offered before the app starts, so that a large text restored from storage is checked there too.
const checker = checkWorker(glueUrl, module);
globalThis.nianbaoCheckWorker = checker;
// Started ahead of need, at the first focus or drag in the page (a paste needs the focus first): a
// worker cannot start while the page's main thread is busy, and right after a paste of megabytes
// Chromium keeps it busy for seconds laying the text out.
for (const type of ['focusin', 'dragenter']) {
  addEventListener(type, () => checker.warm(), { once: true, capture: true });
}
await glue.default({ module_or_path: module });
window.nianbaoBindings = glue;
dispatchEvent(new CustomEvent('nianbao-ready'));

// Offline from the first visit: the service worker stores every file the app needs when it installs.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch((e) => console.warn('nianbao: no offline copy', e));
}

async function compile(url) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`nianbao: ${url}: HTTP ${resp.status}`);
  try {
    return await WebAssembly.compileStreaming(resp.clone());
  } catch {
    return WebAssembly.compile(await resp.arrayBuffer()); // served without application/wasm
  }
}

// Large texts are checked off the main thread, in a module worker (worker.js) that runs the same
// wasm module (posted to it, not downloaded again) and answers with the report packed as numbers
// (a Uint32Array, moved, not copied), which the app reads back (src/web/worker.rs). Started by `warm()` or by the first text. One text at a time: a
// text sent while another is being checked waits, and a newer one replaces it (its promise
// resolves to null). If the worker cannot start or fails, every promise rejects, the app stops
// offering it and checks in the page as before.
function checkWorker(glue, wasm) {
  let worker = null;
  let dead = false;
  let busy = null; // { text, resolve, reject } being checked
  let queued = null; // the next one
  const fail = (why) => {
    dead = true;
    if (globalThis.nianbaoCheckWorker === api) delete globalThis.nianbaoCheckWorker;
    worker?.terminate();
    for (const job of [busy, queued]) job?.reject(new Error(why));
    busy = queued = null;
  };
  const start = () => {
    if (worker || dead) return;
    worker = new Worker(new URL('worker.js', document.baseURI), { type: 'module' });
    worker.onerror = (e) => fail(`check worker: ${e.message || 'failed to start'}`);
    worker.onmessageerror = () => fail('check worker: message error');
    worker.onmessage = ({ data }) => {
      if (data.failed) return fail(`check worker: ${data.failed}`);
      if (data.ready) {
        api.ready = true;
        return;
      }
      const job = busy;
      busy = null;
      if (data.error) {
        job?.reject(new Error(data.error));
      } else {
        api.lastCheckMs = data.ms; // for the browser tests' figures
        job?.resolve(data.packed);
      }
      next();
    };
    worker.postMessage({ glue, module: wasm });
  };
  const next = () => {
    if (busy || !queued) return;
    busy = queued;
    queued = null;
    worker.postMessage({ text: busy.text });
  };
  const api = {
    warm() {
      try {
        start();
      } catch (e) {
        fail(String(e));
      }
    },
    check(text) {
      return new Promise((resolve, reject) => {
        api.warm();
        if (dead) {
          reject(new Error('check worker: cannot start'));
          return;
        }
        queued?.resolve(null);
        queued = { text, resolve, reject };
        next();
      });
    },
  };
  return api;
}
