// End-to-end test of the empty state: with nothing pasted (empty or white space only) the page says
// how to start, not the findings about an absent report (S001/S002) and not empty tables; a paste
// shows the results; clearing brings the start back. A widget with no text says how to start too.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { cliJson, fixtures, launch, openPage, paste, serve } from './harness.mjs';

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

/** The start panel is shown, and nothing that belongs to a result. */
async function assertStart(root, what) {
  const start = root.locator('.nb-start');
  assert.equal(await start.count(), 1, `${what}: one start panel`);
  assert.ok(await start.isVisible(), `${what}: the start panel is visible`);
  const text = await start.innerText();
  for (const s of ['粘贴', '打开文件', '.txt', '.md', '.html', '.docx', '不会上传']) {
    assert.ok(text.includes(s), `${what}: the start panel says '${s}': ${text}`);
  }
  assert.equal(await root.locator('.nb-findings, .nb-finding').count(), 0, `${what}: no findings`);
  assert.equal(await root.locator('td[data-table], .nb-tables, .nb-tables-fold').count(), 0, `${what}: no tables`);
  assert.equal(await root.locator('.nb-export, #nb-export-json').count(), 0, `${what}: no export`);
  assert.equal(await root.locator('.nb-verdict').count(), 0, `${what}: no verdict`);
  const results = await root.locator('.nb-results').innerText();
  assert.doesNotMatch(results, /S00\d|未找到|错误 \d/, `${what}: no findings about an absent report`);
  return text;
}

test('nothing pasted: how to start; a paste shows the results; clearing shows how to start again', async () => {
  const fx = fixtures().find((f) => f.name.startsWith('001_'));
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');
  const text = await assertStart(page, 'fresh page');
  assert.ok(text.includes('载入示例'), 'the page offers its examples');

  await paste(page, '  \n\t\n   ');
  await assertStart(page, 'white space only');

  await paste(page, fx.text);
  const report = JSON.parse(cliJson(fx.file));
  assert.equal(await page.locator('.nb-start').count(), 0, 'a report: no start panel');
  assert.equal(await page.locator('.nb-verdict').getAttribute('data-verdict'), report.verdict.status);
  assert.equal(await page.locator('.nb-finding').count(), report.diagnostics.length);
  assert.ok((await page.locator('td[data-table]').count()) > 100, 'the tables are drawn');
  assert.equal(await page.locator('#nb-export-json').count(), 1, 'the result can be exported');

  const gen = await page.locator('.nb-results').getAttribute('data-generation');
  await page.getByRole('button', { name: '清空' }).click();
  await page.waitForFunction((b) => document.querySelector('.nb-results').dataset.generation !== b, gen);
  assert.equal(await page.inputValue('.nb-text'), '');
  await assertStart(page, 'after 清空');
  // And after a reload (the cleared text is what was stored).
  await page.reload();
  await page.waitForSelector('.nb-text');
  await assertStart(page, 'reloaded after 清空');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a widget with no text says how to start (without the page\'s examples)', async () => {
  const { context, page, problems } = await openPage(browser, srv.origin, `${srv.base}embed.html`);
  await page.waitForFunction(() => window.nianbaoDemo?.handle);
  const widget = page.locator('#checker');
  const text = await assertStart(widget, 'empty widget');
  assert.ok(!text.includes('载入示例'), `a widget has no examples to offer: ${text}`);
  await page.evaluate((t) => window.nianbaoDemo.handle.setText(t), fixtures()[0].text);
  await widget.locator('.nb-finding').first().waitFor();
  assert.equal(await widget.locator('.nb-start').count(), 0);
  assert.equal(await widget.locator('.nb-tables-fold').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});
