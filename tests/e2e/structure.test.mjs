// Reading by structure in the page: a paste whose clipboard holds an HTML table, and .docx/.html
// files, give the CLI's JSON byte for byte; hostile HTML runs and loads nothing; files nianbao
// cannot read get a message saying what to do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, cliJson, launch, openPage, serve } from './harness.mjs';

const FILES = path.resolve(ROOT, '../shared/corpus/files');
const PINGTAN_HTML = path.join(FILES, 'pingtan-2024.html');
const PINGTAN_DOCX = path.join(FILES, 'pingtan-2024.docx');

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

/** Dispatches a paste event carrying `html` and `plain`, as a browser's clipboard would. */
async function pasteClipboard(page, html, plain) {
  const before = await page.locator('.nb-results').getAttribute('data-generation');
  await page.evaluate(([h, p]) => {
    const ta = document.querySelector('.nb-text');
    ta.focus();
    const dt = new DataTransfer();
    dt.setData('text/html', h);
    dt.setData('text/plain', p);
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, [html, plain]);
  await page.waitForFunction((b) => document.querySelector('.nb-results').dataset.generation !== b, before);
}

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#nb-export-json')]);
  return fs.readFileSync(await download.path(), 'utf8');
}

async function openFile(page, file) {
  const before = await page.locator('.nb-results').getAttribute('data-generation');
  await page.setInputFiles('input[type=file]', file);
  await page.waitForFunction((b) => document.querySelector('.nb-results').dataset.generation !== b, before);
}

async function notice(page, file) {
  // 清空 checks the empty text, which clears the last notice.
  await page.click('text=清空');
  await page.waitForSelector('.nb-notice', { state: 'detached' });
  await page.setInputFiles('input[type=file]', file);
  await page.waitForSelector('.nb-notice');
  return page.locator('.nb-notice').innerText();
}

test('a paste with an HTML table is read by its structure and equals the CLI on the .html file', async () => {
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');
  const html = fs.readFileSync(PINGTAN_HTML, 'utf8');
  // The flattened text a browser puts beside it: every cell on its own line, blanks gone.
  const plain = html.replace(/<[^>]*>/g, '\n').replace(/\n+/g, '\n');
  await pasteClipboard(page, html, plain);
  assert.match(await page.locator('.nb-notice').innerText(), /已按表格结构读取/);
  const text = await page.inputValue('.nb-text');
  assert.ok(text.includes('\t'), 'the paste area shows the rows as tab-separated cells');
  assert.equal(await exported(page), cliJson(PINGTAN_HTML));
  // What the paste area shows reads back the same when pasted again as plain text.
  await page.fill('.nb-text', '');
  await page.evaluate((t) => {
    const ta = document.querySelector('.nb-text');
    ta.value = t;
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
  await page.waitForTimeout(50);
  assert.equal(await exported(page), cliJson(PINGTAN_HTML));
  assert.deepEqual(problems, []);
  await context.close();
});

test('opening the .docx and the .html equals the CLI on each, byte for byte', async () => {
  // (The service worker blocked: it would fetch every file at install, the .docx reader too.)
  const from = srv.requests.length;
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base, { serviceWorkers: 'block' });
  await page.waitForSelector('.nb-text');
  await page.waitForLoadState('networkidle');
  const reader = () => srv.requests.slice(from).filter((u) => u.includes('nianbao-docx'));
  assert.deepEqual(reader(), [], 'the page loads without the .docx reader');
  // The .docx and the .html give the same text: the blank template goes between them.
  for (const file of [PINGTAN_DOCX, path.join(FILES, 'template-2021-blank.docx'), PINGTAN_HTML]) {
    await openFile(page, file);
    assert.equal(await exported(page), cliJson(file), path.basename(file));
  }
  // The reader was loaded by the first Word file, once: its glue and its module.
  assert.deepEqual(reader().map((u) => u.replace(/^.*\/|\?.*$/g, '')), ['nianbao-docx.js', 'nianbao-docx_bg.wasm']);
  assert.match(await page.locator('.nb-notice').innerText(), /已按表格结构读取/);
  assert.deepEqual(problems, []);
  await context.close();
});

const HOSTILE = `<html><head><link rel="stylesheet" href="http://evil.example/s.css">
<script>window.__pwned = 1</script><style>body{background:url(http://evil.example/bg.png)}</style></head>
<body onload="window.__pwned = 2"><img src="http://evil.example/x.png" onerror="window.__pwned = 3">
<iframe src="http://evil.example/frame"></iframe><object data="http://evil.example/o"></object>
<p style="background:url('http://evil.example/p.png')">一、总体情况</p><a href="javascript:window.__pwned = 4">链接</a>
<svg onload="window.__pwned = 5"><image href="http://evil.example/i.png"/></svg>
<table><tr><td onmouseover="window.__pwned = 6">信息内容</td><td>本年制发件数</td></tr>
<tr><td>规章</td><td><img src=x onerror="window.__pwned = 7">3</td></tr></table></body></html>`;

test('hostile HTML, pasted or opened, runs nothing and loads nothing', async () => {
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await pasteClipboard(page, HOSTILE, '规章 3');
  await page.click('text=清空');
  await openFile(page, { name: 'hostile.html', mimeType: 'text/html', buffer: Buffer.from(HOSTILE) });
  await page.waitForTimeout(300);
  const text = await page.inputValue('.nb-text');
  assert.ok(text.includes('规章\t3'), text);
  assert.ok(!/pwned|evil|script/.test(text), text);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(requests.filter((u) => !u.startsWith(srv.origin)), []);
  assert.deepEqual(problems, []);
  await context.close();
});

/** A zip holding one entry, deflated (method 8): enough to make a .docx-shaped file. */
function zipOf(name, data, { claimedSize } = {}) {
  const body = zlib.deflateRawSync(data);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(body.length, 18); local.writeUInt32LE(claimedSize ?? data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10); central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(claimedSize ?? data.length, 24); central.writeUInt16LE(n.length, 28);
  const cdOffset = local.length + n.length + body.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12); end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, body, central, n, end]);
}

/** A 100 MB file on disk (passed by path: too big for an in-memory upload). */
function bigFile() {
  const file = path.join(ROOT, 'target', 'e2e-artifacts', 'big-100mb.docx');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.statSync(file).size !== 100 * 1024 * 1024) {
    fs.writeFileSync(file, Buffer.alloc(100 * 1024 * 1024, 0x41));
  }
  return file;
}

test('files nianbao cannot read get a message saying what to do; the page stays usable', async () => {
  const { context, page, problems } = await openPage(browser, srv.origin, srv.base);
  await page.waitForSelector('.nb-text');
  const ole = Buffer.concat([Buffer.from([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), Buffer.alloc(512)]);
  const cases = [
    [{ name: '报告.doc', mimeType: 'application/msword', buffer: ole }, /另存为.*\.docx/],
    [{ name: '报告.wps', mimeType: 'application/octet-stream', buffer: ole }, /另存为.*\.docx/],
    [{ name: '表.xlsx', mimeType: 'application/octet-stream', buffer: zipOf('xl/workbook.xml', Buffer.from('<x/>')) }, /电子表格/],
    [{ name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\n0000', 'binary') }, /OCR/],
    [{ name: '坏.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a zip at all') }, /损坏|不是有效/],
    [{ name: '截断.docx', mimeType: 'application/octet-stream', buffer: fs.readFileSync(PINGTAN_DOCX).subarray(0, 6000) }, /损坏|不是有效/],
    // A zip bomb: 200 MB of zeros deflated to ~200 KB, its size understated in the directory.
    [{ name: 'bomb.docx', mimeType: 'application/octet-stream', buffer: zipOf('word/document.xml', Buffer.alloc(200 * 1024 * 1024), { claimedSize: 1000 }) }, /过大|恶意/],
    // A 100 MB file: refused by its size before it is read into memory.
    [bigFile(), /过大/],
  ];
  for (const [file, message] of cases) {
    const t0 = Date.now();
    const said = await notice(page, file);
    assert.match(said, message, typeof file === 'string' ? file : file.name);
    assert.ok(Date.now() - t0 < 5000, `${file.name ?? file}: answered in ${Date.now() - t0} ms`);
  }
  // Still usable: a real file opens after all that.
  await openFile(page, PINGTAN_DOCX);
  assert.equal(await exported(page), cliJson(PINGTAN_DOCX));
  assert.deepEqual(problems, []);
  await context.close();
});
