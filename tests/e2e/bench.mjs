// Browser benchmarks (figures for the README, not tests): what the page loads (gzipped), time to
// first render on localhost, and time from paste to rendered tables per fixture, in headless
// Chromium. Run after a release build: `trunk build --release --public-url ./ && node tests/e2e/bench.mjs`.
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, fixtures, launch, serve, paste } from './harness.mjs';

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const srv = await serve();
const browser = await launch();

async function loaded(url) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const files = new Map();
  page.on('response', async (r) => {
    if (!r.url().startsWith(srv.origin)) return;
    try { files.set(new URL(r.url()).pathname, await r.body()); } catch { /* redirects */ }
  });
  await page.goto(url);
  return { ctx, page, files };
}

// 1. What the page loads, and time to first render.
const firsts = [];
let pageFiles;
for (let i = 0; i < 5; i++) {
  const { ctx, page, files } = await loaded(srv.base);
  await page.waitForSelector('.nb-summary');
  firsts.push(await page.evaluate(() => performance.now()));
  pageFiles = files;
  await ctx.close();
}
let raw = 0;
let zipped = 0;
const rows = [];
for (const [p, body] of pageFiles) {
  raw += body.length;
  zipped += gz(body);
  rows.push(`  ${path.basename(decodeURIComponent(p)) || 'index.html'}: ${kb(body.length)} raw, ${kb(gz(body))} gzip`);
}
console.log(`page loads ${pageFiles.size} files: ${kb(raw)} raw, ${kb(zipped)} gzip`);
console.log(rows.sort().join('\n'));
console.log(`time to first render (navigation start → summary shown), median of 5: ${median(firsts).toFixed(0)} ms`);

// 2. Paste → rendered tables, per fixture (median of 15 pastes after 3 warm-up pastes).
const { ctx, page } = await loaded(srv.base);
await page.waitForSelector('.nb-text');
for (const fx of fixtures().sort((a, b) => b.text.length - a.text.length)) {
  const times = [];
  for (let i = 0; i < 18; i++) {
    await paste(page, `x${i}`); // a different text first, so the fixture is a new check
    const t = await paste(page, fx.text);
    if (i >= 3) times.push(t);
  }
  console.log(`paste → tables ${fx.name} (${kb(Buffer.byteLength(fx.text))}): median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
}
await ctx.close();

// 3. The embed path: what a host page loads besides its own files.
{
  const { ctx: c2, page: p2, files } = await loaded(`${srv.base}embed.html`);
  await p2.waitForFunction(() => window.nianbaoDemo?.handle);
  await p2.waitForTimeout(300);
  const own = new Set(['embed.html', 'embed-demo.js', 'embed-host.css', 'icon.svg']);
  let eRaw = 0;
  let eGz = 0;
  const list = [];
  for (const [p, body] of files) {
    const name = path.basename(decodeURIComponent(p));
    if (own.has(name)) continue;
    eRaw += body.length;
    eGz += gz(body);
    list.push(`${name} ${kb(gz(body))}`);
  }
  const extra = ['nianbao.js', 'styles.css'].map((f) => gz(fs.readFileSync(path.join(DIST, f)))).reduce((a, b) => a + b);
  console.log(`embed path: a host page loads ${kb(eRaw)} raw, ${kb(eGz)} gzip (${list.sort().join(', ')}); ` +
    `of which nianbao.js + styles.css (the files only the embed path adds) ${kb(extra)} gzip`);
  await c2.close();
}

await browser.close();
await srv.close();
