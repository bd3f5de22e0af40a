// End-to-end test of the page's verdict (`.nb-verdict`): for a report whose table 四 was removed,
// one whose table-三 number was changed so that sums break, and a clean one, the page shows the
// same verdict as the CLI's JSON (`nianbao check --format json`): `data-verdict` equals its
// `verdict.status` and the element's text (less the decorative mark) its `verdict.message`. The
// exported JSON carries the same verdict too.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliJson, fixtures, launch, openPage, paste, serve } from './harness.mjs';

let srv;
let browser;
let tmp;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-verdict-'));
  srv = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function fixture(pred) {
  const fx = fixtures().find(pred);
  assert.ok(fx, 'fixture present');
  return fx;
}

// Seed 003 (tab rows) with everything between the headings 四、… and 五、… removed.
function withoutTableFour() {
  const fx = fixture((f) => f.name.startsWith('003_'));
  const lines = fx.text.split('\n');
  const i = lines.findIndex((l) => /^\s*四、.*行政复议/.test(l));
  const j = lines.findIndex((l, k) => k > i && /^\s*五、/.test(l));
  assert.ok(i >= 0 && j > i + 1, 'seed 003 has a table 四 between the headings 四 and 五');
  return [...lines.slice(0, i + 1), '', ...lines.slice(j)].join('\n');
}

// huaian-2024 (pdftotext -raw) with table 三's 予以公开/自然人 one more than printed: its row and
// column sums break.
function withOneNumberChanged() {
  const fx = fixture((f) => f.name === 'huaian-2024.pdftotext-raw.txt');
  const cell = JSON.parse(cliJson(fx.file)).tables.applications.granted.natural_person;
  assert.equal(cell.status, 'read');
  // Spans are UTF-16 offsets, as JavaScript strings index.
  const { start, end } = cell.span;
  assert.equal(fx.text.slice(start, end), String(cell.value), 'the span holds the digits');
  return fx.text.slice(0, start) + String(cell.value + 1) + fx.text.slice(end);
}

const CASES = [
  { name: 'table 四 removed', slug: 'no-table-four', make: withoutTableFour, status: 'not_read' },
  { name: 'one table-三 number changed', slug: 'one-number-changed', make: withOneNumberChanged, status: 'broken' },
  {
    name: 'a clean report',
    slug: 'clean',
    make: () => fixture((f) => f.name === 'pingtan-2024.browser-copy.txt').text,
    status: 'holds',
  },
];

/** The page's verdict: its status attribute and its text without the aria-hidden mark. */
async function pageVerdict(page) {
  return page.evaluate(() => {
    const all = document.querySelectorAll('.nb-verdict');
    if (all.length !== 1) return { count: all.length };
    const el = all[0];
    const copy = el.cloneNode(true);
    for (const n of copy.querySelectorAll('[aria-hidden="true"]')) n.remove();
    return { count: 1, status: el.dataset.verdict, message: copy.textContent.trim() };
  });
}

for (const c of CASES) {
  test(`verdict of ${c.name}: the page says what the CLI says`, async () => {
    const text = c.make();
    const file = path.join(tmp, `${c.slug}.txt`);
    fs.writeFileSync(file, text);
    const cli = JSON.parse(cliJson(file)).verdict;
    assert.equal(cli.status, c.status, `${c.name}: the CLI's verdict is ${cli.status} (${cli.message})`);

    const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
    await page.waitForSelector('.nb-text');
    await paste(page, text);
    const shown = await pageVerdict(page);
    assert.equal(shown.count, 1, `${c.name}: ${shown.count} .nb-verdict elements`);
    assert.deepEqual(
      { status: shown.status, message: shown.message },
      { status: cli.status, message: cli.message },
      `${c.name}: the page's verdict differs from the CLI's`,
    );

    // The JSON the page exports carries the same verdict object.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#nb-export-json')]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(exported.verdict, cli, `${c.name}: the exported verdict differs from the CLI's`);

    assert.deepEqual(problems, []);
    await context.close();
  });
}
