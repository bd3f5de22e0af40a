// Loads the reviewer's desk (desk.html): the desk's wasm module, whose JS glue (nianbao-desk.js,
// loaded just before this script) defines `wasm_bindgen`. Starting it mounts the desk into
// #nianbao-desk. A static file, so the page's CSP needs no inline script.
(function () {
  const me = document.currentScript;
  const wasm = new URL(me.dataset.wasm, document.baseURI);
  // Where the on-demand readers are (a .docx or PDF opened: src/web/dom.rs).
  globalThis.nianbaoAssets = { base: new URL('./', document.baseURI).href, build: me.dataset.build };
  const fail = (e) => {
    console.error('nianbao desk:', e);
    const root = document.getElementById('nianbao-desk');
    if (root) root.textContent = '审核台无法载入（需要支持 WebAssembly 的浏览器）。请刷新页面重试。';
  };
  if (typeof wasm_bindgen !== 'function') return fail(new Error('nianbao-desk.js did not load'));
  wasm_bindgen({ module_or_path: wasm }).catch(fail);
  // Offline after this visit: the same service worker as the page's, asked to keep the desk's
  // module and glue too (they are not in its install-time list, which every visitor downloads).
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    const glue = document.querySelector('script[src*="nianbao-desk.js"]');
    navigator.serviceWorker.register('sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => reg.active && reg.active.postMessage({ keep: [glue && glue.src, wasm.href].filter(Boolean) }))
      .catch((e) => console.warn('nianbao: no offline copy', e));
  }
})();
