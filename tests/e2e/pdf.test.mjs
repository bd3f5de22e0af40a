// Opening a PDF in the page: the PDF reader is its own wasm module (nianbao-pdf), not part of the
// page's first load, fetched the first time a PDF is opened; the result equals the CLI's JSON for
// the same file byte for byte (the real huaian-2024.pdf and a PDF printed from the corpus page);
// encrypted, damaged and scanned PDFs get their message; the page stays usable, and no console
// error. The time from choosing the file to the result is printed (a figure, not a test).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, cliJson, fixtures, launch, openPage, serve } from './harness.mjs';

const HUAIAN = path.resolve(ROOT, '../shared/corpus/files/huaian-2024.pdf');
const PRINTED = path.join(ROOT, 'tests/fixtures/pdf/pingtan-2024.lo-html.pdf');
const ENCRYPTED = path.join(ROOT, 'tests/fixtures/pdf/encrypted.pdf');

let browser;
let srv;
before(async () => {
  srv = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#nb-export-json')]);
  return fs.readFileSync(await download.path(), 'utf8');
}

/** Opens `file`; resolves when a result or a notice is shown, with the milliseconds it took. */
async function open(page, file) {
  await page.click('text=清空');
  await page.waitForSelector('.nb-notice', { state: 'detached' });
  const before = await page.locator('.nb-results').getAttribute('data-generation');
  const t0 = Date.now();
  await page.setInputFiles('input[type=file]', file);
  await page.waitForFunction((b) => document.querySelector('.nb-results').dataset.generation !== b
    || document.querySelector('.nb-notice'), before, { timeout: 60000 });
  await page.waitForSelector('.nb-notice');
  return { ms: Date.now() - t0, notice: await page.locator('.nb-notice').innerText() };
}

test('a PDF opened in the page equals the CLI; the reader loads only then; bad PDFs are told', async (t) => {
  const from = srv.requests.length;
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base, { serviceWorkers: 'block' });
  await page.waitForSelector('.nb-text');
  await page.waitForLoadState('networkidle');
  const reader = () => srv.requests.slice(from).filter((u) => u.includes('nianbao-pdf'))
    .map((u) => u.replace(/^.*\//, '').replace(/\?.*$/, ''));
  assert.deepEqual(reader(), [], 'the page loads without the PDF reader');

  const first = await open(page, HUAIAN);
  assert.match(first.notice, /PDF/);
  assert.equal(await exported(page), cliJson(HUAIAN), 'huaian-2024.pdf: the CLI\'s JSON');
  assert.deepEqual(reader(), ['nianbao-pdf.js', 'nianbao-pdf_bg.wasm'], 'fetched once, on the first PDF');
  const second = await open(page, PRINTED);
  assert.equal(await exported(page), cliJson(PRINTED), 'a printed PDF: the CLI\'s JSON');
  assert.equal(reader().length, 2, 'not fetched again');
  const again = await open(page, HUAIAN);

  // Bad PDFs: a message each, quickly.
  const bad = [
    [ENCRYPTED, /已加密/],
    [{ name: '坏.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n') }, /已损坏/],
    [{ name: '截断.pdf', mimeType: 'application/pdf', buffer: fs.readFileSync(HUAIAN).subarray(0, 4000) }, /已损坏|没有/],
  ];
  for (const [file, message] of bad) {
    const said = await open(page, file);
    assert.match(said.notice, message, file.name ?? file);
    assert.ok(said.ms < 5000, `${file.name ?? file}: ${said.ms} ms`);
  }
  // Still usable: a pasted report is checked.
  const fx = fixtures().find((f) => f.name.startsWith('000_'));
  await page.fill('.nb-text', fx.text);
  await page.waitForSelector('.nb-verdict');
  assert.deepEqual(problems, []);
  t.diagnostic(`PDF in the page: first (module fetched and compiled) ${first.ms} ms, then ${again.ms} ms (huaian-2024.pdf), ${second.ms} ms (printed)`);
  await context.close();
});
