// End-to-end test of "offline from the first visit": the page is opened once, online, and nothing
// else: its service worker installs (fetching and keeping every file the app needs) and takes
// over. Then the network goes (the browser context offline and the server shut), the page reloads
// and checks a pasted report, and loads a bundled example, from the worker's copy alone.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, cliJson, expectedCells, fixtures, launch, openPage, paste, renderedCells, serve } from './harness.mjs';

let srv;
let browser;
before(async () => {
  srv = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

/** The hashed JS glue and wasm the built page loads (what the worker must have kept). */
function hashedFiles() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const attr = (name) => html.match(new RegExp(`${name}="(?:\\./)?([^"]+)"`))[1];
  const css = html.match(/href="(?:\.\/)?(styles-[^"]+\.css)"/)[1];
  return [attr('data-js'), attr('data-wasm'), css];
}

test('one online visit is enough: offline, the page reloads, checks a pasted report and loads an example', async () => {
  const fx = fixtures().find((f) => f.name.startsWith('003_'));
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');

  // The first (and only) online visit: wait until the worker is activated; its install step has
  // then stored the app. No reload, no second visit.
  const sw = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const w = reg.active;
    if (w.state !== 'activated') {
      await new Promise((resolve) => w.addEventListener('statechange', () => w.state === 'activated' && resolve()));
    }
    const keys = (await caches.keys()).filter((k) => k.startsWith('nianbao-'));
    const cache = await caches.open(keys[0]);
    const base = new URL('./', document.baseURI).href;
    const urls = (await cache.keys()).map((r) => decodeURI(r.url).replace(decodeURI(base), ''));
    return { keys, urls, scope: decodeURI(reg.scope).replace(decodeURI(base), '') };
  });
  assert.equal(sw.scope, '', 'the worker covers the page\'s folder');
  assert.equal(sw.keys.length, 1, `one nianbao cache: ${sw.keys}`);
  assert.match(sw.keys[0], /^nianbao-[0-9a-f]{16}$/, 'the cache is named after the build');
  for (const f of ['', 'index.html', 'boot.js', 'styles.css', 'icon.svg', 'manifest.webmanifest', 'nianbao.js',
    'embed.html', `examples/${fx.name}`, 'nianbao-docx.js', 'nianbao-docx_bg.wasm', ...hashedFiles()]) {
    assert.ok(sw.urls.includes(f), `the worker's copy lacks '${f}' (has: ${sw.urls.join(', ')})`);
  }
  assert.ok(!sw.urls.some((u) => u.endsWith('sw.js') || u.endsWith('.expected.json')), sw.urls.join(', '));

  // The network goes: the context is offline and the server is shut, so nothing can come from it.
  const served = srv.requests.length;
  await context.setOffline(true);
  const closed = srv.close();
  srv.server.closeAllConnections();
  await closed;

  await page.reload();
  await page.waitForSelector('.nb-start');
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  await paste(page, fx.text);
  const cells = await renderedCells(page);
  let checked = 0;
  for (const [key, v] of expectedCells(fx.expected)) {
    assert.equal(Number(cells[key]?.value), v, `offline: ${key}`);
    checked++;
  }
  assert.ok(checked > 100, `only ${checked} cells checked`);
  const report = JSON.parse(cliJson(fx.file));
  assert.equal(await page.locator('.nb-verdict').getAttribute('data-verdict'), report.verdict.status);
  assert.equal(await page.locator('.nb-finding').count(), report.diagnostics.length);

  // A bundled example comes from the copy too.
  const seed = fixtures().find((f) => f.name.startsWith('000_'));
  const gen = await page.locator('.nb-results').getAttribute('data-generation');
  await page.selectOption('select[aria-label="载入示例报告"]', seed.name);
  await page.waitForFunction((b) => document.querySelector('.nb-results').dataset.generation !== b, gen);
  assert.equal(await page.inputValue('.nb-text'), seed.text);
  assert.ok((await page.locator('td[data-table]').count()) > 100);

  assert.equal(srv.requests.length, served, 'no request reached the server while offline');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new build replaces the copy: its worker stores the new files under the new build name', async () => {
  // A copy of dist/ whose files are then changed as a new build would change them.
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(path.join(DIST, '..', 'target')), 'e2e-build-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const own = await serve(dir);
  const { context, page, problems } = await openPage(browser, own.origin, own.base);
  try {
    await page.waitForSelector('.nb-text');
    const cacheNames = () => page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      return (await caches.keys()).filter((k) => k.startsWith('nianbao-'));
    });
    const [first] = await cacheNames();
    assert.match(first, /^nianbao-[0-9a-f]{16}$/);

    // Another build name: the first hex digit changed (so it differs whatever the build's hash).
    const next = `nianbao-${first[8] === '0' ? '1' : '0'}${first.slice(9)}`;
    const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
    fs.writeFileSync(path.join(dir, 'sw.js'), sw.replace(first, next));
    fs.appendFileSync(path.join(dir, 'styles.css'), '\n/* the next build */\n');
    await page.reload();
    await page.waitForSelector('.nb-text');
    // The new worker installs (storing the new files), takes over and drops the old copy.
    const activated = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
      const w = reg.installing || reg.waiting || reg.active;
      if (w.state !== 'activated') {
        await new Promise((resolve) => w.addEventListener('statechange', () => w.state === 'activated' && resolve()));
      }
      return w === reg.active;
    });
    assert.ok(activated, 'the new worker is the active one');
    assert.deepEqual(await cacheNames(), [next]);
    const css = await page.evaluate(async (n) => (await (await caches.open(n)).match('styles.css')).text(), next);
    assert.match(css, /the next build/, 'the new copy holds the new files');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await own.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
