// End-to-end tests of the embed path (dist/embed.html, dist/nianbao.js) in headless Chromium:
// the demo host page loads cleanly; check() equals the CLI's JSON for every seed; two widgets keep
// their own text and result; the host's styled elements are untouched; destroy() removes the
// widget's DOM; the submit button follows the error state; mount/destroy cycles leak nothing.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { cliJson, fixtures, launch, openPage, serve } from './harness.mjs';

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

const seeds = () => fixtures().filter((f) => f.dir === 'seeds');

async function openDemo() {
  const o = await openPage(browser, srv.origin, `${srv.base}embed.html`);
  await o.page.waitForFunction(() => window.nianbaoDemo?.handle);
  return o;
}

/** Sets the form widget's text and waits for the submit button to reflect it. */
async function setFormText(page, text) {
  await page.evaluate((t) => window.nianbaoDemo.handle.setText(t), text);
  await page.waitForFunction((t) => window.nianbaoDemo.handle.getText() === t, text);
  // onResult runs right after the render that follows the check.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test('the demo host page loads with no console errors and no off-origin requests', async () => {
  const { context, page, problems } = await openDemo();
  assert.equal(await page.locator('#submit').isDisabled(), true, 'empty form: submit disabled');
  assert.deepEqual(problems, []);
  await context.close();
});

test('check() equals the CLI JSON for every seed, byte for byte', async () => {
  const { context, page, problems } = await openDemo();
  for (const fx of seeds()) {
    const json = await page.evaluate(async (t) => {
      const m = await import('./nianbao.js');
      return `${JSON.stringify(await m.check(t))}\n`;
    }, fx.text);
    assert.equal(json, cliJson(fx.file), fx.name);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('two widgets on one page hold different texts and results', async () => {
  const { context, page, problems } = await openDemo();
  const [a, b] = seeds();
  await setFormText(page, a.text);
  await page.waitForFunction(() => document.getElementById('second').result !== null);
  await page.evaluate((t) => { document.getElementById('second').value = t; }, b.text);
  await page.waitForFunction((t) => document.getElementById('second').value === t
    && document.getElementById('second').result?.agency, b.text);
  const got = await page.evaluate(() => ({
    first: window.nianbaoDemo.handle.getResult().agency,
    second: document.getElementById('second').result.agency,
    firstText: document.getElementById('checker').shadowRoot.querySelector('.nb-text').value,
    secondText: document.getElementById('second').shadowRoot.querySelector('.nb-text').value,
  }));
  assert.equal(got.first, a.expected.agency);
  assert.equal(got.second, b.expected.agency);
  assert.equal(got.firstText, a.text);
  assert.equal(got.secondText, b.text);
  assert.deepEqual(problems, []);
  await context.close();
});

const HOST_ELEMENTS = ['body', '.portal-header', 'fieldset', 'label', '#submit', '.portal-table td',
  '.portal-table th', '#agency', '.portal-status'];
const PROPS = ['color', 'background-color', 'font-family', 'font-size', 'line-height', 'padding-top',
  'border-top-style', 'border-top-width', 'display', 'box-sizing', 'font-style', 'margin-top'];

async function hostStyles(page) {
  return page.evaluate(([sels, props]) => sels.map((s) => {
    const cs = getComputedStyle(document.querySelector(s));
    return [s, Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]))];
  }), [HOST_ELEMENTS, PROPS]);
}

test("the host page's own styled elements are unchanged by the widgets, and the host's CSS does not reach them", async () => {
  // Before: the same page with the widget's script blocked.
  const bare = await browser.newContext();
  const p0 = await bare.newPage();
  await p0.route(/nianbao\.js|embed-demo\.js/, (r) => r.abort());
  await p0.goto(`${srv.base}embed.html`);
  await p0.waitForLoadState('load');
  const before = await hostStyles(p0);
  await bare.close();

  const { context, page, problems } = await openDemo();
  const afterMount = await hostStyles(page);
  assert.deepEqual(afterMount, before);
  // With a report in the widget (the submit button's state is the host script's business).
  await setFormText(page, seeds()[0].text);
  const withReport = (await hostStyles(page)).filter(([s]) => s !== '#submit');
  assert.deepEqual(withReport, before.filter(([s]) => s !== '#submit'));
  // The host's "button { background: hotpink }", ".nb-app { display: none }" and
  // "textarea { background: #000 }" do not reach inside.
  const inside = await page.evaluate(() => {
    const root = document.getElementById('checker').shadowRoot;
    const cs = (el) => getComputedStyle(el);
    return {
      app: cs(root.querySelector('.nb-app')).display,
      button: cs(root.querySelector('.nb-button')).backgroundColor,
      textarea: cs(root.querySelector('.nb-text')).backgroundColor,
      font: cs(root.querySelector('.nb-app')).fontFamily,
    };
  });
  assert.notEqual(inside.app, 'none');
  assert.notEqual(inside.button, 'rgb(255, 105, 180)');
  assert.notEqual(inside.textarea, 'rgb(0, 0, 0)');
  assert.doesNotMatch(inside.font, /Georgia/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the submit button follows the error state', async () => {
  const { context, page, problems } = await openDemo();
  const fx = fixtures().find((f) => f.name.startsWith('huaian-2024.pdftotext-raw'));
  await setFormText(page, fx.text);
  assert.equal(await page.locator('#submit').isDisabled(), false, 'a clean report can be submitted');
  // Break one sum: 新收 total 3119 → 3129.
  await setFormText(page, fx.text.replace('61 4 3119', '61 4 3129'));
  assert.equal(await page.locator('#submit').isDisabled(), true, 'an arithmetic error blocks submission');
  assert.match(await page.locator('#status').innerText(), /错误/);
  await setFormText(page, fx.text);
  assert.equal(await page.locator('#submit').isDisabled(), false);
  await setFormText(page, '');
  assert.equal(await page.locator('#submit').isDisabled(), true, 'nothing to submit');
  assert.deepEqual(problems, []);
  await context.close();
});

test('destroy() removes the widget, and mount/destroy/remount leaks nothing', async () => {
  const { context, page, problems } = await openDemo();
  const text = seeds()[0].text;
  const client = await context.newCDPSession(page);
  const measure = async () => {
    await client.send('HeapProfiler.collectGarbage');
    return page.evaluate(() => ({
      nodes: document.getElementsByTagName('*').length,
      heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
    }));
  };
  const cycle = (n) => page.evaluate(async ([t, n]) => {
    const m = await import('./nianbao.js');
    const host = document.createElement('div');
    document.body.append(host);
    for (let i = 0; i < n; i++) {
      const h = await m.mount(host, { text: t, compact: true });
      if (h.getResult().agency === null) throw new Error('no result');
      h.destroy();
      if (host.shadowRoot.childNodes.length !== 0) throw new Error('destroy left DOM behind');
    }
    host.remove();
  }, [text, n]);
  await cycle(3); // warm up: code and caches loaded once
  const base = await measure();
  await cycle(40);
  const end = await measure();
  assert.equal(end.nodes, base.nodes, 'DOM nodes after 40 mount/destroy cycles');
  assert.ok(end.heap - base.heap < 300_000, `JS heap grew by ${end.heap - base.heap} bytes`);
  // The demo's own widget: destroy() empties its host, and a remount works.
  const left = await page.evaluate(async () => {
    window.nianbaoDemo.handle.destroy();
    const n = document.getElementById('checker').shadowRoot.childNodes.length;
    const m = await import('./nianbao.js');
    const h = await m.mount(document.getElementById('checker'), { compact: true });
    h.setText('');
    return { n, again: document.getElementById('checker').shadowRoot.querySelectorAll('.nb-app').length };
  });
  assert.deepEqual(left, { n: 0, again: 1 });
  assert.deepEqual(problems, []);
  await context.close();
});
