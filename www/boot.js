// Loads the app: the wasm module and its JS glue, whose hashed names Trunk writes into this
// script tag's data-* attributes. A static file, so the page's CSP needs no inline script.
const me = document.querySelector('script[data-js][data-wasm]');
const glue = await import(new URL(me.dataset.js, document.baseURI).href);
await glue.default({ module_or_path: new URL(me.dataset.wasm, document.baseURI).href });
window.nianbaoBindings = glue;
dispatchEvent(new CustomEvent('nianbao-ready'));

// Offline from the first visit: the service worker stores every file the app needs when it installs.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch((e) => console.warn('nianbao: no offline copy', e));
}
