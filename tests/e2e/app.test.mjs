// End-to-end tests of the built page (dist/) in headless Chromium: every fixture pasted and read
// exactly, exported JSON equal to the CLI's, finding → cell highlight and source selection,
// reload keeps the text, subfolder URL, no console errors, no request leaving the origin (offline
// from the first visit: offline.test.mjs; the empty state: start.test.mjs). Screenshots of each seed go to target/e2e-artifacts/.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, cliJson, expectedCells, fixtures, launch, openPage, paste, renderedCells, serve } from './harness.mjs';

// Cells the source cannot settle (see tests/fixtures.rs): reported ambiguous, not guessed.
const KNOWN_AMBIGUOUS = new Set([
  'pingtan-2024.collapsed.txt:active_disclosure/normative_documents/issued',
  'pingtan-2024.collapsed.txt:active_disclosure/normative_documents/repealed',
  'pingtan-2024.collapsed.txt:active_disclosure/normative_documents/in_force',
]);

let srv;
let browser;
before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  srv = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

for (const fx of fixtures()) {
  test(`reads ${fx.dir}/${fx.name} exactly and exports the CLI's JSON`, async () => {
    const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
    await page.waitForSelector('.nb-text');
    await paste(page, fx.text);
    const cells = await renderedCells(page);
    let checked = 0;
    for (const [key, v] of expectedCells(fx.expected)) {
      if (KNOWN_AMBIGUOUS.has(`${fx.name}:${key}`)) {
        assert.equal(cells[key]?.status, 'ambiguous', `${fx.name} ${key}`);
        continue;
      }
      assert.ok(cells[key], `${fx.name}: no rendered cell ${key}`);
      assert.equal(Number(cells[key].value), v, `${fx.name}: ${key} shows ${cells[key].value}, expected ${v}`);
      assert.ok(['read', 'inferred'].includes(cells[key].status), `${fx.name}: ${key} is ${cells[key].status}`);
      checked++;
    }
    assert.ok(checked > 100, `only ${checked} cells checked`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#nb-export-json')]);
    const exported = fs.readFileSync(await download.path(), 'utf8');
    assert.equal(exported, cliJson(fx.file), `${fx.name}: exported JSON differs from the CLI's`);

    if (fx.dir === 'seeds') {
      await page.screenshot({ path: path.join(ARTIFACTS, `${fx.name.replace('.txt', '')}.png`), fullPage: true });
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('clicking a finding highlights its cells and selects its source text', async () => {
  const fx = fixtures().find((f) => f.name.startsWith('003_'));
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');
  await paste(page, fx.text);
  const report = JSON.parse(cliJson(fx.file));
  const idx = report.diagnostics.findIndex((d) => d.span && d.cells.length > 0);
  assert.ok(idx >= 0, 'fixture has a finding with cells and a span');
  const d = report.diagnostics[idx];
  await page.locator('.nb-finding > button').nth(idx).click();
  const sel = await page.evaluate(() => {
    const ta = document.querySelector('.nb-text');
    return { start: ta.selectionStart, end: ta.selectionEnd, focused: document.activeElement === ta };
  });
  assert.deepEqual({ start: sel.start, end: sel.end }, { start: d.span.start, end: d.span.end });
  const c = d.cells[0];
  const selected = await page.locator(
    `td.nb-selected[data-table="${c.table}"][data-row="${c.row || ''}"][data-col="${c.column}"]`).count();
  assert.equal(selected, 1, 'the finding\'s first cell is highlighted');
  assert.equal(await page.locator('td.nb-selected').count(), d.cells.length);

  // And the other way: clicking a cell selects where it was read.
  const cellRef = report.tables.applications.new_received.natural_person;
  await page.locator('td[data-table="applications"][data-row="new_received"][data-col="natural_person"] button').click();
  const sel2 = await page.evaluate(() => {
    const ta = document.querySelector('.nb-text');
    return [ta.selectionStart, ta.selectionEnd];
  });
  assert.deepEqual(sel2, [cellRef.span.start, cellRef.span.end]);
  assert.match(await page.locator('.nb-cell-info').innerText(), /读自第 \d+ 行/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a finding's rule explanation is loaded when first opened (rules.json, kept out of the wasm)", async () => {
  const fx = fixtures().find((f) => f.name.startsWith('003_'));
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');
  await paste(page, fx.text);
  const docs = JSON.parse(fs.readFileSync(path.join(ROOT, 'www', 'rules.json'), 'utf8'));
  const finding = page.locator('.nb-finding').first();
  const code = await finding.getAttribute('data-code');
  await finding.locator('summary').click();
  const doc = finding.locator('.nb-doc');
  await page.waitForFunction((el) => el.textContent.startsWith('检查：'), await doc.elementHandle());
  assert.equal(await doc.textContent(), docs[code]);
  // Another finding's explanation comes from the same load.
  const second = page.locator('.nb-finding').nth(1);
  await second.locator('summary').click();
  const code2 = await second.getAttribute('data-code');
  assert.equal(await second.locator('.nb-doc').textContent(), docs[code2]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the text survives a reload; 清空 empties it and the stored copy', async () => {
  const fx = fixtures().find((f) => f.name.startsWith('002_'));
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');
  await paste(page, fx.text);
  await page.reload();
  await page.waitForSelector('td[data-table]');
  assert.equal(await page.inputValue('.nb-text'), fx.text);
  // Clear empties the text and the stored copy.
  await page.getByRole('button', { name: '清空' }).click();
  await page.reload();
  await page.waitForSelector('.nb-text');
  assert.equal(await page.inputValue('.nb-text'), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: findings and cells are reachable and show visible focus; phone width works', async () => {
  const fx = fixtures().find((f) => f.name.startsWith('003_'));
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base, { viewport: { width: 390, height: 844 } });
  await page.waitForSelector('.nb-text');
  await paste(page, fx.text);
  const first = page.locator('.nb-finding > button').first();
  await first.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.nb-finding.nb-selected').count(), 1);
  const outline = await page.locator('td[data-table] button').first().evaluate((b) => {
    b.focus();
    return getComputedStyle(b).outlineStyle;
  });
  assert.notEqual(outline, 'none');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px at phone width`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'phone-003.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('opening files: GB18030 text is decoded, and HTML tables are read by their structure', async () => {
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');
  const all = fixtures();
  // GB18030 bytes of seed 000.
  const seed0 = all.find((f) => f.name.startsWith('000_'));
  const before = await page.locator('.nb-results').getAttribute('data-generation');
  await page.setInputFiles('input[type=file]', path.join(ROOT, 'tests/fixtures/encodings/000.gb18030.txt'));
  await page.waitForFunction((b) => document.querySelector('.nb-results').dataset.generation !== b, before);
  assert.equal(await page.inputValue('.nb-text'), seed0.text);

  // An HTML page whose tables are real <table> elements (seed 003's rows as table rows).
  const seed3 = all.find((f) => f.name.startsWith('003_'));
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const html = `<!doctype html><html><head><title>x</title><style>p{color:red}</style><script>x()</script></head><body style="margin:0">${
    seed3.text.split('\n').map((line) => (line.includes('\t')
      ? `<table style='width:100%'><tr>${line.split('\t').map((c) => `<td style="padding:2px">${esc(c)}</td>`).join('')}</tr></table>`
      : `<p>${esc(line)}</p>`)).join('\n')}</body></html>`;
  const gen = await page.locator('.nb-results').getAttribute('data-generation');
  await page.setInputFiles('input[type=file]', { name: 'report.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.waitForFunction((b) => document.querySelector('.nb-results').dataset.generation !== b, gen);
  const cells = await renderedCells(page);
  let checked = 0;
  for (const [key, v] of expectedCells(seed3.expected)) {
    assert.equal(Number(cells[key]?.value), v, `html: ${key}`);
    checked++;
  }
  assert.ok(checked > 100);
  assert.deepEqual(problems, []);
  await context.close();
});
