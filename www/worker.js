// nianbao's check worker (a module worker; boot.js starts it): runs the page's own wasm module,
// compiled once by the page and posted here, so large texts are checked off the main thread.
// Messages in: { glue, module } first (the hashed JS glue's URL and the compiled module), then
// { text } for each check. Out: { ready } once the module runs, then { packed, ms } for each check
// (the report packed as numbers, a Uint32Array whose buffer is moved, and how long the check took), or
// { error } for a check that threw; { failed } when the module could not start.
// The wasm's start function mounts the page app only where there is a document: here it does
// nothing.
let ready = null;

self.onmessage = async ({ data }) => {
  if (data.module) {
    ready = import(data.glue).then(async (glue) => {
      await glue.default({ module_or_path: data.module });
      return glue;
    });
    ready.then(
      () => self.postMessage({ ready: true }),
      (e) => self.postMessage({ failed: String(e && e.message || e) }),
    );
    return;
  }
  let glue;
  try {
    glue = await ready;
  } catch {
    return; // already said { failed }
  }
  try {
    const t0 = performance.now();
    const packed = glue.checkPacked(data.text);
    self.postMessage({ packed, ms: performance.now() - t0 }, [packed.buffer]);
  } catch (e) {
    self.postMessage({ error: String(e && e.message || e) });
  }
};
