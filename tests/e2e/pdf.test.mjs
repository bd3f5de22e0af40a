// Opening a PDF in the page: the PDF reader is its own wasm module (nianbao-pdf), not part of the
// page's first load, fetched the first time a PDF is opened; the result equals the CLI's JSON for
// the same file byte for byte (the real huaian-2024.pdf and a PDF printed from the corpus page);
// encrypted, damaged, truncated, scanned, bomb and 200 MB PDFs get their message; the page stays usable, and no console
// error. The time from choosing the file to the result is printed (a figure, not a test).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
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
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// Hand-made PDFs (as tests/pdf.rs makes them): objects numbered from 1, a correct xref table.
function pdfFile(objects) {
  const parts = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = parts[0].length;
  const offsets = [];
  const push = (b) => { parts.push(b); size += b.length; };
  objects.forEach((body, i) => {
    offsets.push(size);
    push(Buffer.from(`${i + 1} 0 obj\n`));
    push(body);
    push(Buffer.from('\nendobj\n'));
  });
  const xref = size;
  push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
    + `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}
const stream = (dict, data) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
function onePage(resources, contents, rest) {
  return pdfFile([
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources ${resources} /Contents ${contents} >>`),
    ...rest,
  ]);
}
/** A scan: one page holding an image and no text. */
function scanned() {
  return onePage('<< /XObject << /Im1 5 0 R >> >>', '4 0 R', [
    stream('', Buffer.from('q 400 0 0 600 100 100 cm /Im1 Do Q')),
    stream('/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(64, 0x80)),
  ]);
}
/** A decompression bomb: 300 content streams of 1 MiB each, about 300 KB on disk. */
function bomb() {
  const packed = zlib.deflateSync(Buffer.alloc(1 << 20, 0x20), { level: 9 });
  const refs = Array.from({ length: 300 }, (_, i) => `${i + 4} 0 R`).join(' ');
  return onePage('<< >>', `[${refs}]`, Array.from({ length: 300 }, () => stream('/Filter /FlateDecode', packed)));
}

/** A 200 MB file starting as a PDF (sparse, written once to a temporary folder). */
let tmp;
function hugePdf() {
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-pdf-'));
  const file = path.join(tmp, 'huge.pdf');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '%PDF-1.7\n');
  fs.ftruncateSync(fd, 200 * 1024 * 1024);
  fs.closeSync(fd);
  return file;
}

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
    [{ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: scanned() }, /没有文字层.*OCR/],
    [{ name: 'bomb.pdf', mimeType: 'application/pdf', buffer: bomb() }, /解压后过大/],
    // 200 MB: refused by its size before it is read into memory.
    [hugePdf(), /过大/],
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
