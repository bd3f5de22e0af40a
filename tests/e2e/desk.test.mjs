// The reviewer's desk (desk.html, its own wasm module): 12 files (text, .docx, PDF) dropped give 12 rows whose counts
// and verdicts equal the CLI's for the same files; a report opened, one finding confirmed and one
// ignored with a reason; after a reload the list and the decisions are back; the three exports
// carry them; two reports of one agency for consecutive years pasted together are paired and
// checked year against year as the CLI does; 200 reports are checked with a progress bar while the
// page keeps handling input. The single checker never loads the desk's module.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, fixtures, launch, openPage, serve } from './harness.mjs';

const CLI = path.join(ROOT, 'target', 'release', 'nianbao');
const DOCX = path.resolve(ROOT, '../shared/corpus/files/pingtan-2024.docx');
const PDF = path.resolve(ROOT, '../shared/corpus/files/huaian-2024.pdf');

let srv;
let browser;
let tmp;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-desk-'));
  srv = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The CLI's JSON for several files at once (an array, with the cross-year findings). */
function cliBatch(files) {
  let out;
  try {
    out = execFileSync(CLI, ['check', '--format', 'json', ...files], { encoding: 'utf8' });
  } catch (e) {
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return JSON.parse(out);
}

const count = (r, sev) => r.diagnostics.filter((d) => d.severity === sev).length;

async function waitForList(page, n) {
  await page.waitForFunction(
    (n) => document.querySelector('.nb-desk-totals')?.dataset.reports === String(n)
      && !document.querySelector('.nb-progress'),
    n, { timeout: 60000 },
  );
}

/** The list's rows: file, agency, year, errors, warnings, verdict status, decisions text. */
async function rows(page) {
  return page.$$eval('.nb-desk-table tbody tr', (trs) => trs.map((tr) => ({
    file: tr.querySelector('.nb-desk-open').textContent,
    agency: tr.children[2].textContent,
    year: tr.children[3].textContent,
    errors: tr.querySelector('[data-col=errors]').textContent,
    warnings: tr.querySelector('[data-col=warnings]').textContent,
    status: tr.dataset.status,
    decisions: tr.querySelector('[data-col=decisions]').textContent,
  })));
}

async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return fs.readFileSync(await dl.path(), 'utf8');
}

test('12 files, decisions that stay, exports', async () => {
  // Ten text fixtures, a Word file and a PDF (each read by its on-demand module).
  const files = [...fixtures().slice(0, 10).map((f) => f.file), DOCX, PDF];
  assert.equal(files.length, 12);
  const cli = cliBatch(files);
  const { context, page, problems } = await openPage(browser, srv.origin, `${srv.base}desk.html`);
  await page.waitForSelector('.nb-desk');
  await page.setInputFiles('#nb-desk-files', files);
  await waitForList(page, 12);
  const got = await rows(page);
  assert.equal(got.length, 12);
  for (const [i, r] of got.entries()) {
    assert.equal(r.file, path.basename(files[i]));
    assert.equal(r.errors, String(count(cli[i], 'error')), `${r.file}: errors`);
    assert.equal(r.warnings, String(count(cli[i], 'warning')), `${r.file}: warnings`);
    assert.equal(r.status, cli[i].verdict.status, `${r.file}: verdict`);
    assert.equal(r.year, String(cli[i].year ?? '—'));
  }

  // Open seed 000 (it has warnings): confirm its first finding, ignore its second with a reason.
  const row = got.findIndex((r) => r.file.startsWith('000_'));
  const findings = cli[row].diagnostics;
  assert.ok(findings.length >= 2, 'seed 000 has two findings to decide');
  await page.locator('.nb-desk-open').nth(row).click();
  await page.waitForSelector('.nb-desk-detail');
  const items = page.locator('.nb-desk-findings li.nb-finding');
  assert.equal(await items.count(), findings.length);
  await items.nth(0).locator('.nb-confirm').click();
  await items.nth(1).locator('.nb-ignore').click();
  assert.equal(await page.locator('.nb-ignore-ok').isDisabled(), true, 'a reason is required');
  await page.fill('.nb-reason', '原表如此，已与填报单位核实');
  await page.click('.nb-ignore-ok');
  assert.equal(await items.nth(0).getAttribute('data-key') !== null, true);
  assert.equal(await items.nth(0).locator('[data-decision=confirm]').count(), 1);
  assert.match(await items.nth(1).locator('[data-decision=ignore]').innerText(), /原表如此/);
  const opinion = await page.locator('.nb-opinion').innerText();
  assert.match(opinion, /另有 1 项经审核忽略/);
  assert.doesNotMatch(opinion, new RegExp(findings[1].message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.click('#nb-desk-back');
  assert.match((await rows(page))[row].decisions, /已确认 1 · 已忽略 1/);

  // Reload: the list comes back from local storage and so do the decisions.
  await page.reload();
  await waitForList(page, 12);
  const again = await rows(page);
  assert.deepEqual(again.map((r) => [r.file, r.errors, r.warnings, r.status]),
    got.map((r) => [r.file, r.errors, r.warnings, r.status]));
  assert.match(again[row].decisions, /已确认 1 · 已忽略 1/);
  await page.locator('.nb-desk-open').nth(row).click();
  await page.waitForSelector('.nb-desk-detail');
  assert.equal(await page.locator('.nb-desk-findings [data-decision=confirm]').count(), 1);
  assert.equal(await page.locator('.nb-desk-findings [data-decision=ignore]').count(), 1);
  await page.click('#nb-desk-back');

  // Exports: the summary CSV, the dataset CSV and the JSON carry the decisions.
  const summary = await download(page, '#nb-desk-summary');
  assert.ok(summary.startsWith('\uFEFFfile,agency,year,template,errors,warnings,infos,verdict,confirmed,ignored,undecided\r\n'));
  const lines = summary.slice(1).trim().split('\r\n');
  assert.equal(lines.length, 13);
  assert.match(lines[row + 1], new RegExp(`^${path.basename(files[row])},.*,1,1,${findings.length - 2}$`));
  const dataset = await download(page, '#nb-desk-dataset');
  assert.ok(dataset.startsWith('\uFEFFfile,agency,year,template,table,row,column,value,status,review\r\n'));
  const cliCsv = execFileSync(CLI, ['check', '--format', 'csv', ...files], { encoding: 'utf8' });
  // The same cells as the CLI's dataset (whose file column holds the paths, here the names), and a
  // last column with the decisions on the findings that name each cell.
  const cells = (csv, review) => csv.replace(/^\uFEFF/, '').split('\r\n').slice(1)
    .map((l) => l.replace(/^[^,]*,/, '')).map((l) => (review ? l.replace(/,[^,]*$/, '') : l));
  assert.deepEqual(cells(dataset, true), cells(cliCsv, false));
  const named = new Set([...findings[0].cells, ...findings[1].cells].map((c) => `${c.table},${c.row ?? ''},${c.column}`));
  const reviewed = dataset.split('\r\n')
    .filter((l) => l.startsWith(`${path.basename(files[row])},`) && /确认|忽略：/.test(l.split(',').at(-1)));
  assert.equal(reviewed.length, named.size, 'each cell the two decided findings name carries the decision');
  const all = JSON.parse(await download(page, '#nb-desk-json'));
  assert.equal(all.reports.length, 12);
  const decided = all.reports[row].decisions;
  assert.deepEqual(decided.map((d) => d.decision), ['confirm', 'ignore']);
  assert.equal(decided[1].reason, '原表如此，已与填报单位核实');
  assert.equal(decided[0].code, findings[0].code);
  assert.deepEqual(all.reports[row].report.tables, cli[row].tables);
  assert.deepEqual(problems, []);
  await context.close();
});

test('consecutive years pasted together are checked year against year, as the CLI does', async () => {
  const fx = fixtures().find((f) => f.name.startsWith('000_'));
  // Last year's report: the same agency, the title's and the period's year one less.
  const last = fx.text.replaceAll('2021', '2020');
  const lastFile = path.join(tmp, 'last.txt');
  fs.writeFileSync(lastFile, last);
  const cli = cliBatch([lastFile, fx.file]);
  const cross = cli[1].diagnostics.filter((d) => d.code.startsWith('Y'));
  assert.ok(cross.length > 0, 'the CLI checks the pair');

  const { context, page, problems } = await openPage(browser, srv.origin, `${srv.base}desk.html`);
  await page.waitForSelector('.nb-desk');
  await page.fill('#nb-desk-paste', `${last}\n${fx.text}`);
  await page.click('#nb-desk-add');
  await waitForList(page, 2);
  assert.match(await page.locator('.nb-desk-totals').innerText(), /相邻年度配对 1 组/);
  const got = await rows(page);
  assert.deepEqual(got.map((r) => r.year), ['2020', '2021']);
  await page.locator('.nb-desk-open').nth(1).click();
  const codes = await page.$$eval('.nb-desk-findings li.nb-finding', (lis) => lis.map((li) => li.dataset.code));
  assert.deepEqual(codes.filter((c) => c.startsWith('Y')), cross.map((d) => d.code));
  assert.ok(await page.locator('.nb-previous').count() > 0, 'the finding names last year\'s cells');
  assert.deepEqual(problems, []);
  await context.close();
});

test('200 reports: a progress bar, and input handled while it works', async () => {
  const dir = path.join(tmp, 'many');
  fs.mkdirSync(dir);
  const fx = fixtures();
  const files = [];
  for (let i = 0; i < 200; i++) {
    const f = fx[i % fx.length];
    const file = path.join(dir, `${String(i).padStart(3, '0')}-${f.name}`);
    fs.writeFileSync(file, f.text);
    files.push(file);
  }
  const { context, page, problems } = await openPage(browser, srv.origin, `${srv.base}desk.html`);
  await page.waitForSelector('.nb-desk');
  // A probe of the main thread: the longest gap between timer ticks while the desk works.
  await page.evaluate(() => {
    window.gaps = [];
    let last = performance.now();
    window.probe = setInterval(() => { const t = performance.now(); window.gaps.push(t - last); last = t; }, 10);
  });
  await page.setInputFiles('#nb-desk-files', files);
  await page.waitForSelector('.nb-progress progress');
  // While it works: type in the filter; the list answers before the run ends.
  await page.fill('#nb-desk-filter', '信访局');
  const during = await page.evaluate(() => ({
    progress: !!document.querySelector('.nb-progress'),
    value: Number(document.querySelector('.nb-desk-progress')?.value ?? -1),
    max: Number(document.querySelector('.nb-desk-progress')?.max ?? -1),
    filtered: document.querySelector('#nb-desk-filter').value,
    shown: document.querySelector('.nb-desk-shown')?.textContent ?? '',
  }));
  assert.ok(during.progress, 'the input was handled while the reports were being checked');
  assert.equal(during.max, 200);
  assert.ok(during.value < 200);
  assert.equal(during.filtered, '信访局');
  await waitForList(page, 200);
  const gaps = await page.evaluate(() => { clearInterval(window.probe); return window.gaps; });
  const worst = Math.max(...gaps);
  const shown = await page.locator('.nb-desk-table tbody tr').count();
  const agencies = await page.$$eval('.nb-desk-table tbody tr', (trs) => trs.map((tr) => tr.children[2].textContent));
  assert.ok(shown > 0 && shown < 200 && agencies.every((a) => a.includes('信访局')), 'the filter applies');
  // A figure for the README, not an assertion (timings on a shared machine vary).
  console.log(`desk: 200 reports; longest main-thread gap while checking ${worst.toFixed(0)} ms; during: ${JSON.stringify(during)}`);
  assert.deepEqual(problems.filter((p) => !p.includes('QuotaExceeded')), []);
  await context.close();
});

test('the single checker does not load the desk', async () => {
  const from = srv.requests.length;
  const { context, page } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-app');
  await page.waitForLoadState('networkidle');
  // (desk.html and its loader are precached by the service worker: 2.4 KB; the module is not.)
  const loaded = srv.requests.slice(from).filter((u) => u.includes('nianbao-desk'));
  assert.deepEqual(loaded, []);
  assert.equal(await page.locator('#nb-to-desk').getAttribute('href'), 'desk.html');
  await context.close();
});

test('after one online visit the desk works offline, with its list', async () => {
  const own = await serve();
  const fx = fixtures().slice(0, 3);
  const { context, page, problems } = await openPage(browser, own.origin, `${own.base}desk.html`);
  await page.waitForSelector('.nb-desk');
  await page.setInputFiles('#nb-desk-files', fx.map((f) => f.file));
  await waitForList(page, 3);
  // The worker is active and has kept the desk's module (asked by desk-boot.js).
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (reg.active?.state !== 'activated') return false;
    const keys = (await caches.keys()).filter((k) => k.startsWith('nianbao-'));
    if (keys.length !== 1) return false;
    const urls = (await (await caches.open(keys[0])).keys()).map((r) => r.url);
    return urls.some((u) => u.includes('nianbao-desk_bg.wasm')) && urls.some((u) => u.includes('nianbao-desk.js'));
  }, null, { timeout: 20000, polling: 200 });
  await context.setOffline(true);
  const closed = own.close();
  own.server.closeAllConnections();
  await closed;
  await page.reload();
  await waitForList(page, 3);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  assert.deepEqual((await rows(page)).map((r) => r.file), fx.map((f) => f.name));
  assert.deepEqual(problems, []);
  await context.close();
});
