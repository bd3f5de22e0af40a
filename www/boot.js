// Loads the app: the wasm module and its JS glue, whose hashed names Trunk writes into this
// script tag's data-* attributes. A static file, so the page's CSP needs no inline script.
const me = document.querySelector('script[data-js][data-wasm]');
const glue = await import(new URL(me.dataset.js, document.baseURI).href);
await glue.default({ module_or_path: new URL(me.dataset.wasm, document.baseURI).href });
window.nianbaoBindings = glue;
dispatchEvent(new CustomEvent('nianbao-ready'));

// Offline after the first visit: a service worker keeps a copy of everything the page loaded.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch((e) => console.warn('nianbao: no offline copy', e));
}
