// Shared pieces of the browser tests: a static server for dist/ under a subfolder, Chromium via
// playwright-core, the fixtures and the CLI's JSON for them.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'target', 'e2e-artifacts');
export const SUBFOLDER = '/some/sub folder/';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8', '.d.ts': 'text/plain',
};

/** Serves `dir` (default dist/) at http://127.0.0.1:PORT/some/sub%20folder/ ; logs every request. */
export async function serve(dir = DIST) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://x');
    const prefix = encodeURI(SUBFOLDER);
    let rel = url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : null;
    if (rel === null) { res.writeHead(404); res.end(); return; }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    const ext = file.endsWith('.d.ts') ? '.d.ts' : path.extname(file);
    res.writeHead(200, { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { server, origin, base: origin + encodeURI(SUBFOLDER), requests, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors, page errors and requests leaving the origin. */
export async function openPage(browser, origin, url, opts = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, ...opts });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) problems.push(`off-origin request: ${u}`);
  });
  await page.goto(url);
  return { context, page, problems };
}

export function fixtures() {
  const out = [];
  for (const dir of ['seeds', 'corpus']) {
    const d = path.join(ROOT, 'tests/fixtures', dir);
    for (const f of fs.readdirSync(d).sort()) {
      if (!f.endsWith('.txt')) continue;
      const stem = f.split('.')[0];
      out.push({
        name: f, dir, file: path.join(d, f),
        text: fs.readFileSync(path.join(d, f), 'utf8'),
        expected: JSON.parse(fs.readFileSync(path.join(d, `${stem}.expected.json`), 'utf8')),
      });
    }
  }
  return out;
}

/** What `nianbao check --format json FILE` prints. */
export function cliJson(file) {
  const bin = path.join(ROOT, 'target', 'release', process.platform === 'win32' ? 'nianbao.exe' : 'nianbao');
  try {
    return execFileSync(bin, ['check', '--format', 'json', file], { encoding: 'utf8' });
  } catch (e) {
    if (e.status === 1) return e.stdout; // errors found: still JSON
    throw e;
  }
}

/** Pastes `text` into the page's textarea (as a paste: checked at once) and waits for the result. */
export async function paste(page, text) {
  return page.evaluate(async (t) => {
    const ta = document.querySelector('.nb-text');
    const results = document.querySelector('.nb-results');
    const before = results.dataset.generation;
    const t0 = performance.now();
    ta.value = t;
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    if (results.dataset.generation === before) {
      await new Promise((resolve) => {
        const obs = new MutationObserver(() => {
          if (results.dataset.generation !== before) { obs.disconnect(); resolve(); }
        });
        obs.observe(results, { attributes: true });
      });
    }
    // Wait for the browser to paint the new tables.
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t0;
  }, text);
}

/** Every rendered cell: { "table/row/col": {value, status} }. */
export async function renderedCells(page) {
  return page.evaluate(() => {
    const out = {};
    for (const td of document.querySelectorAll('td[data-table]')) {
      out[`${td.dataset.table}/${td.dataset.row}/${td.dataset.col}`] = { value: td.dataset.value, status: td.dataset.status };
    }
    return out;
  });
}

export function expectedCells(exp) {
  const out = [];
  for (const table of ['active_disclosure', 'applications']) {
    for (const [row, cols] of Object.entries(exp[table] || {})) {
      for (const [col, v] of Object.entries(cols)) if (v !== null) out.push([`${table}/${row}/${col}`, v]);
    }
  }
  for (const [k, v] of Object.entries(exp.review_litigation || {})) if (v !== null) out.push([`review_litigation//${k}`, v]);
  return out;
}
