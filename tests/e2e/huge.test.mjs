// End-to-end test of large texts: a 10 MB paste (the fixtures one after another, again and again)
// is checked in the page's worker, off the main thread. A real paste (the clipboard and Ctrl+V):
// the page takes it over (a textarea takes Chromium 8–11 s to lay out 10 MB), shows it read-only a
// screenful at a time and progress at once, clicks on the page are handled within 100 ms while the
// worker checks, and the result equals the CLI's for the same text (verdict, counts, every cell,
// the exported JSON byte for byte), with the findings list capped; a cell clicked scrolls the view
// to its source and marks it; 清空 goes back to the paste area; the wasm is downloaded once. Then
// the order of things: a newer text wins over an older one still being checked, 清空 drops a
// check, a large text restored on reload goes to the worker too, small texts stay on the main
// thread.
// The measured times are printed as test diagnostics and kept in target/e2e-artifacts/huge.json.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, cliJson, fixtures, launch, openPage, renderedCells, serve } from './harness.mjs';

const MB = 1024 * 1024;
/** The page's worker threshold (src/web/worker.rs MIN_BYTES). */
const WORKER_MIN_BYTES = 256 * 1024;
/** Findings shown per severity group before "还有 N 条" (src/web/findings.rs SHOWN). */
const SHOWN = 100;

let srv;
let browser;
let tmp;
const figures = {};
before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-huge-'));
  srv = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'huge.json'), `${JSON.stringify(figures, null, 2)}\n`);
});

/** The fixtures (of `dirs`) one after another, repeated until the text has at least `bytes` bytes. */
function reports(bytes, dirs = ['seeds', 'corpus']) {
  const texts = fixtures().filter((f) => dirs.includes(f.dir)).map((f) => f.text);
  const parts = [];
  let n = 0;
  while (n < bytes) {
    for (const t of texts) {
      parts.push(t);
      n += Buffer.byteLength(t) + 2;
    }
  }
  return parts.join('\n\n');
}

/** The CLI's JSON for `text` (as a file), raw and parsed. */
function cli(text, name) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  const raw = cliJson(file);
  return { raw, json: JSON.parse(raw) };
}

/** A page with the service worker blocked, so that every request the server sees is the page's or
 * its check worker's (the service worker would fetch every file again to store it). */
async function open() {
  const opened = await openPage(browser, srv.origin, srv.base, { serviceWorkers: 'block' });
  await opened.page.waitForFunction(() => window.nianbaoBindings && window.nianbaoCheckWorker);
  return opened;
}

/** Sets each text in turn as a paste would (the harness's way) and says, a task later (Yew renders
 * in a microtask after the event), whether its result was there (a check on the main thread) and
 * whether progress was shown (a check in the worker); then, with `clear`, clicks 清空. All in one
 * go in the page, so that no check in the worker can finish in between. */
async function setText(page, texts, clear = false) {
  return page.evaluate(async ([texts, clear]) => {
    const ta = document.querySelector('.nb-text');
    const results = document.querySelector('.nb-results');
    const out = [];
    for (const t of texts) {
      const before = results.dataset.generation;
      ta.value = t;
      ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      await new Promise((r) => setTimeout(r));
      out.push({ checked: results.dataset.generation !== before, progress: !!results.querySelector('.nb-progress') });
    }
    if (clear) {
      [...document.querySelectorAll('.nb-toolbar button')].find((b) => b.textContent === '清空').click();
      await new Promise((r) => setTimeout(r));
    }
    return out;
  }, [texts, clear]);
}

async function waitResult(page, generationBefore) {
  await page.waitForFunction(
    (g) => document.querySelector('.nb-results').dataset.generation !== g
      && document.querySelector('.nb-results').getAttribute('aria-busy') === 'false',
    generationBefore,
    { timeout: 120000 },
  );
}

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#nb-export-json')]);
  return fs.readFileSync(await download.path(), 'utf8');
}

const ms = (x) => Math.round(x);
const sorted = (xs) => [...xs].sort((a, b) => a - b);

/** Installs probes, all in page time (performance.now): the paste/keydown and input events, the
 * progress panel (in the DOM, and painted), the result (in the DOM, and painted), every click's
 * delay (from the event's timestamp to its handler) and the next frame after it, and an
 * event-loop probe. `window.__probe` starts afresh on each call. */
async function probe(page) {
  await page.evaluate(() => {
    const results = document.querySelector('.nb-results');
    const p = { before: results.dataset.generation, lags: [], clicks: [] };
    window.__probe = p;
    if (window.__probed) return;
    window.__probed = true;
    const afterFrame = (f) => requestAnimationFrame(() => setTimeout(f));
    const on = (type, f) => document.addEventListener(type, (e) => f(window.__probe, e), { capture: true });
    on('paste', (q) => { q.start ??= performance.now(); });
    on('keydown', (q) => { q.start ??= performance.now(); });
    on('input', (q) => { q.input ??= performance.now(); });
    on('click', (q, e) => {
      const c = { at: performance.now(), delay: performance.now() - e.timeStamp, busy: results.getAttribute('aria-busy') };
      q.clicks.push(c);
      afterFrame(() => { c.frame = performance.now() - e.timeStamp; });
    });
    new MutationObserver(() => {
      const q = window.__probe;
      if (q.progress === undefined && results.querySelector('.nb-progress')) {
        q.progress = performance.now();
        q.progressText = results.querySelector('.nb-progress').textContent;
        afterFrame(() => { q.progressPainted = performance.now(); });
      }
      if (q.done === undefined && results.dataset.generation !== q.before) {
        q.done = performance.now();
        afterFrame(() => { q.painted = performance.now(); });
      }
    }).observe(results, { attributes: true, childList: true, subtree: true });
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      window.__probe.lags.push([now, now - last - 20]);
      last = now;
    }, 20);
  });
}

/** After `act` (a paste, a keystroke): waits for the browser's first frame with the progress, then
 * clicks the page's title (not a control: nothing changes) every 100 ms until the result is in;
 * returns the probe's figures. */
async function checkWithClicks(page, act, header) {
  await probe(page);
  await act();
  await page.waitForFunction(() => window.__probe.progressPainted !== undefined, null, { timeout: 120000 });
  while (!(await page.evaluate(() => window.__probe.done !== undefined))) {
    await page.mouse.click(header.x + 20, header.y + header.height / 2);
    await page.waitForTimeout(100);
  }
  await page.waitForFunction(() => window.__probe.painted !== undefined, null, { timeout: 120000 });
  const p = await page.evaluate(() => ({ ...window.__probe, workerMs: window.nianbaoCheckWorker.lastCheckMs }));
  // Clicks while the check ran, after the browser's first frame with the new text.
  p.during = p.clicks.filter((c) => c.at < p.done && c.busy === 'true');
  // Event-loop lag in the intervals that began after that frame and ended before the result.
  p.lag = sorted(p.lags.filter(([at, l]) => at - l - 20 > p.progressPainted && at < p.done).map(([, l]) => l));
  // A large paste is taken over by the page (no `input` event): times count from the paste event.
  p.base = p.input ?? p.start;
  p.figures = {
    browser_ms: p.input === undefined ? null : ms(p.input - p.start),
    progress_in_dom_after_input_ms: ms(p.progress - p.base),
    progress_painted_after_input_ms: ms(p.progressPainted - p.base),
    result_in_dom_after_input_ms: ms(p.done - p.base),
    result_painted_after_input_ms: ms(p.painted - p.base),
    result_painted_after_key_ms: ms(p.painted - p.start),
    check_in_worker_ms: ms(p.workerMs),
    page_free_during_check_ms: ms(Math.max(0, p.done - p.progressPainted)),
    clicks_during_check: p.during.map((c) => ({ delay_ms: ms(c.delay), next_frame_ms: ms(c.frame) })),
    event_loop_lag_during_check_ms: { max: ms(p.lag.at(-1) ?? 0), p95: ms(p.lag[Math.floor(p.lag.length * 0.95)] ?? 0) },
  };
  return p;
}

/** The page shows the CLI's result for `json`/`raw`: verdict, counts, every cell, the export. */
async function assertCliResult(page, json, raw) {
  const verdict = await page.locator('.nb-verdict').getAttribute('data-verdict');
  assert.equal(verdict, json.verdict.status);
  const verdictText = await page.evaluate(() => {
    const copy = document.querySelector('.nb-verdict').cloneNode(true);
    for (const n of copy.querySelectorAll('[aria-hidden="true"]')) n.remove();
    return copy.textContent.trim();
  });
  assert.equal(verdictText, json.verdict.message);
  const count = (sev) => json.diagnostics.filter((d) => d.severity === sev).length;
  const counts = await page.locator('.nb-count').allInnerTexts();
  assert.deepEqual(counts, [`错误 ${count('error')}`, `警告 ${count('warning')}`, `提示 ${count('info')}`]);
  assert.equal(await page.locator('.nb-summary').getAttribute('data-errors'), String(count('error')));
  const cells = await renderedCells(page);
  const shown = (v) => (v === null ? '' : String(v));
  let compared = 0;
  for (const table of ['active_disclosure', 'applications']) {
    for (const [row, cols] of Object.entries(json.tables[table])) {
      for (const [col, c] of Object.entries(cols)) {
        const key = `${table}/${row}/${col}`;
        assert.deepEqual(cells[key], { value: shown(c.value), status: c.status }, key);
        compared++;
      }
    }
  }
  for (const [k, c] of Object.entries(json.tables.review_litigation)) {
    assert.deepEqual(cells[`review_litigation//${k}`], { value: shown(c.value), status: c.status }, k);
    compared++;
  }
  assert.ok(compared > 150, `${compared} cells compared`);
  assert.equal(await exported(page), raw, 'the exported JSON is the CLI\'s, byte for byte');
}

test('a 10 MB paste is checked off the main thread: progress at once, clicks answered, the CLI\'s result', async (t) => {
  const text = reports(10 * MB);
  const bytes = Buffer.byteLength(text);
  assert.ok(bytes >= 10 * MB, `${bytes} bytes`);
  const { raw, json } = cli(text, 'huge.txt');

  const { context, page, problems } = await open();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
  await page.evaluate((s) => navigator.clipboard.writeText(s), text);
  const header = await page.locator('.nb-header h1').boundingBox();
  // Into the paste area first, as a person does (that starts the check worker), then paste.
  await page.focus('.nb-text');
  await page.waitForFunction(() => window.nianbaoCheckWorker.ready, null, { timeout: 10000 });

  // 1. The paste. Ctrl+V: the page takes a paste this large over (Chromium takes 8–11 s to lay
  // out 10 MB in a textarea, with the page frozen): the text goes to the worker and is shown
  // read-only, a screenful at a time (src/web/bigtext.rs). Clicks on the page while the worker
  // checks are answered within 100 ms.
  const pasted = await checkWithClicks(page, () => page.keyboard.press('Control+V'), header);
  assert.ok(pasted.during.length >= 1, `${pasted.during.length} clicks during the check`);
  for (const c of pasted.during) {
    assert.ok(c.delay < 100, `a click during the check waited ${ms(c.delay)} ms for its handler`);
  }
  // Progress as soon as our code runs, with the size; the results hidden behind it.
  assert.match(pasted.progressText, /正在核对/);
  assert.match(pasted.progressText, new RegExp(`${(bytes / MB).toFixed(1)} MB`));
  assert.ok(pasted.progress - pasted.base < 1000, `progress ${ms(pasted.progress - pasted.base)} ms after the paste`);
  // The text is shown (read-only, its first lines drawn), not put in the paste area.
  assert.equal(await page.locator('.nb-text').inputValue(), '');
  assert.equal(await page.locator('.nb-text').isHidden(), true);
  const firstLine = text.slice(0, text.indexOf('\n'));
  assert.ok((await page.locator('.nb-big pre').innerText()).startsWith(firstLine));
  assert.match(await page.locator('.nb-big-note').innerText(), new RegExp(`${(bytes / MB).toFixed(1)} MB`));
  // The result equals the CLI's.
  await assertCliResult(page, json, raw);

  // The findings list: at most SHOWN a group, then "还有 N 条"; a click shows them all.
  const count = (sev) => json.diagnostics.filter((d) => d.severity === sev).length;
  const shown = ['error', 'warning', 'info'].reduce((n, s) => n + Math.min(count(s), SHOWN), 0);
  assert.equal(await page.locator('.nb-finding').count(), shown);
  const hidden = ['error', 'warning', 'info'].map((s) => Math.max(0, count(s) - SHOWN)).filter((n) => n > 0);
  assert.deepEqual(await page.locator('.nb-more').allInnerTexts(), hidden.map((n) => `还有 ${n} 条，全部显示`));
  let showAll = null;
  if (hidden.length) {
    showAll = await page.evaluate(async () => {
      const t0 = performance.now();
      document.querySelector('.nb-more button').click();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      return performance.now() - t0;
    });
    assert.equal(await page.locator('.nb-finding').count(), json.diagnostics.length);
    assert.equal(await page.locator('.nb-more').count(), 0);
  }

  // 2. A cell clicked: the view scrolls to its source line and marks the digits read.
  const [row, c] = Object.entries(json.tables.applications).flatMap(([r, cols]) =>
    Object.entries(cols).filter(([, v]) => v.status === 'read' && v.span).map(([col, v]) => [r, col, v]))
    .map(([r, col, v]) => [r, { col, ...v }]).at(-1);
  await page.click(`td[data-table=applications][data-row="${row}"][data-col="${c.col}"] button`);
  await page.waitForSelector('.nb-big-mark');
  assert.equal(await page.locator('.nb-big-mark').innerText(), c.text.trim());
  const drawnFrom = Number(await page.locator('.nb-big pre').getAttribute('data-first-line'));
  assert.ok(drawnFrom <= c.span.line, `line ${c.span.line} drawn (from ${drawnFrom})`);

  // 3. 清空: back to the (empty) paste area.
  await page.click('.nb-toolbar button:text("清空")');
  await page.waitForSelector('.nb-start');
  assert.equal(await page.locator('.nb-big').count(), 0);
  assert.equal(await page.locator('.nb-text').isHidden(), false);

  // The wasm was downloaded once (the worker got the page's compiled module).
  const got = (re) => srv.requests.filter((u) => re.test(u)).length;
  assert.equal(got(/_bg\.wasm$/), 1, 'the wasm is fetched once');
  assert.equal(got(/\/worker\.js$/), 1, 'worker.js is fetched');
  assert.deepEqual(problems, []);

  Object.assign(figures, {
    text_bytes: bytes,
    findings: json.diagnostics.length,
    paste: pasted.figures,
    show_all_findings_ms: showAll === null ? null : ms(showAll),
  });
  t.diagnostic(`10 MB paste: ${JSON.stringify(pasted.figures)}`);
  t.diagnostic(`"还有 N 条" → all ${json.diagnostics.length} findings drawn: ${ms(showAll)} ms`);
  await context.close();
});

test('a newer text wins over one still being checked; 清空 drops a check; small texts stay synchronous', async () => {
  const a = reports(MB, ['corpus']);
  const b = reports(MB, ['seeds']);
  assert.ok(Buffer.byteLength(a) > WORKER_MIN_BYTES && Buffer.byteLength(b) > WORKER_MIN_BYTES);
  const cliA = cli(a, 'a.txt').raw;
  const cliB = cli(b, 'b.txt').raw;
  const small = fixtures().find((f) => f.name.startsWith('000_'));
  const { context, page, problems } = await open();

  // A small text is checked at once, with no progress.
  assert.deepEqual(await setText(page, [small.text]), [{ checked: true, progress: false }]);
  assert.equal(await exported(page), cliJson(small.file));

  // A large text goes to the worker (progress; the last result waits behind it), and a newer one
  // given while it is checked wins: its result is shown, never the older one's.
  let generation = await page.locator('.nb-results').getAttribute('data-generation');
  assert.deepEqual(await setText(page, [a, b]), [{ checked: false, progress: true }, { checked: false, progress: true }]);
  await waitResult(page, generation);
  assert.equal(await exported(page), cliB, 'the newer text\'s result');
  // Whatever was still running in the worker has finished by now, and replaced nothing.
  generation = await page.locator('.nb-results').getAttribute('data-generation');
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('.nb-results').getAttribute('data-generation'), generation);
  assert.equal(await exported(page), cliB);

  // 清空 during a check: the start panel at once, and the check's late result is dropped.
  assert.deepEqual(await setText(page, [a], true), [{ checked: false, progress: true }]);
  assert.equal(await page.locator('.nb-progress').count(), 0);
  assert.equal(await page.locator('.nb-start').count(), 1);
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('.nb-start').count(), 1, 'the late result of the dropped check is not shown');
  assert.equal(await page.locator('.nb-verdict').count(), 0);

  // The same large text again: checked again, the CLI's result.
  generation = await page.locator('.nb-results').getAttribute('data-generation');
  await setText(page, [a]);
  await waitResult(page, generation);
  assert.equal(await exported(page), cliA);

  // A large text restored from storage on a reload is checked in the worker too.
  await page.reload();
  await page.waitForSelector('.nb-results');
  await waitResult(page, '0');
  // (Over 1 MB: shown read-only, not in the paste area.)
  assert.equal(await page.locator('.nb-big').count(), 1);
  assert.ok((await page.locator('.nb-big pre').innerText()).startsWith(a.slice(0, a.indexOf('\n'))));
  assert.equal(await exported(page), cliA);
  assert.deepEqual(problems, []);
  await context.close();
});
