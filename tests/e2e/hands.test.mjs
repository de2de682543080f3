// Browser tests of the studio as a person uses it: real mouse, keyboard, wheel and touch events at
// the canvas positions the page publishes (canvas.dataset.segmentNames, .segmentSwatches, .tabs,
// .segmentMenu, .mergeTargets, .palette, .scatter; "x,y,w,h|..." in CSS pixels), with every
// `pageerror` and console error collected and asserted empty. The crashes they guard against are
// issue 18's: renaming on the canvas (an edit applied inside the loop over the segments), a tap
// that only hovered, IME text that lost its umlauts, a passive wheel listener, the offline
// edition's CSP errors, exports that ignored the personal-column choice, mini-batch results
// refused as "not k-means".
//
//   SEG_SITE_DIR=build-web/site node --test tests/e2e/hands.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { ARGS, CHROMIUM, rng, waitForElementText } from './fixtures.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SITE = path.resolve(process.env.SEG_SITE_DIR || path.join(HERE, '..', '..', 'build-web', 'site'));
const ARTIFACTS = path.join(HERE, 'artifacts');
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
let server, origin, tmp;

// A page with its console watched: errors, page errors and the passive-listener intervention.
async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /preventDefault inside passive|Content Security Policy/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  await page.goto(url);
  const diagnostics = () => (problems.length ? `\n${problems.join('\n')}` : '');
  const h = {
    page, problems,
    status: (re, timeout = 90_000) => waitForElementText(page, 'status', re, { timeout, diagnostics }),
    command: (obj) => page.evaluate((o) => window.SegmenterPage.command(o), obj),
    // The published rectangles of `key`, in page pixels.
    async rects(key) {
      await page.waitForFunction((k) => !!document.getElementById('canvas').dataset[k], key, { timeout: 20_000 });
      const c = await page.locator('#canvas').boundingBox();
      const text = await page.evaluate((k) => document.getElementById('canvas').dataset[k], key);
      return text.split('|').map((p) => {
        const [x, y, w, hh] = p.split(',').map(Number);
        return { x: c.x + x, y: c.y + y, w, h: hh, cx: c.x + x + w / 2, cy: c.y + y + hh / 2 };
      });
    },
    async click(r, options = {}) {
      await page.mouse.move(r.cx, r.cy, { steps: 3 });
      await pause(60);
      await page.mouse.down(options);
      await pause(60);
      await page.mouse.up(options);
      await pause(150);
    },
    async noProblems(what) {
      await pause(400);
      assert.deepEqual(problems, [], `${what}: console errors or page errors`);
      assert.equal(await page.locator('#fatal').isHidden(), true, `${what}: the fatal message is showing`);
    },
    shot: (name) => page.screenshot({ path: path.join(ARTIFACTS, `hands-${name}.png`) }),
    summaryNames: () => page.locator('#summary-list li input').evaluateAll((els) => els.map((e) => e.value)),
  };
  await h.status(/Ready/, 60_000);
  return h;
}

async function newContext(options = {}) {
  return chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'seg-profile-')), {
    executablePath: CHROMIUM, headless: true, acceptDownloads: true, args: ARGS,
    viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, ...options,
  });
}

// 600 customers with e-mail addresses and names (personal data) and three spend groups.
function personalCsv() {
  const r = rng(1818);
  const lines = ['customer_id,name,email,revenue,orders,discount_pct'];
  const groups = [[900, 3, 2], [14000, 25, 7], [52000, 80, 14]];
  for (let i = 0; i < 600; i++) {
    const [rev, orders, disc] = groups[i % 3];
    lines.push([`K-${20000 + i}`, `Anna Beispiel ${i}`, `anna.beispiel${i}@example.org`, (rev * (0.8 + 0.4 * r())).toFixed(2),
      String(Math.round(orders * (0.7 + 0.6 * r()))), (disc + r()).toFixed(1)].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('The studio with real hands', { timeout: 600_000 }, () => {
  let context, h;
  before(async () => {
    assert.ok(fs.existsSync(path.join(SITE, 'index.html')), `no built site in ${SITE}: run scripts/build.sh web`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-hands-'));
    server = await startServer(SITE, 0);
    origin = `http://127.0.0.1:${server.address().port}/`;
    context = await newContext();
    h = await openPage(context, origin);
    await h.page.click('#load-demo');
    await h.status(/Segmented 5,?000 rows into \d+ segments/);
  });

  after(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  test('rename on the canvas: click the name, type, Enter; then type and click elsewhere', async () => {
    const { page } = h;
    const before = await h.summaryNames();
    let names = await h.rects('segmentNames');
    assert.equal(names.length, before.length, 'one published name field per segment');
    await h.click(names[0]);
    await page.keyboard.press('End');
    await page.keyboard.type(' X', { delay: 40 });
    await page.keyboard.press('Enter');
    await h.status(new RegExp(`Renamed segment 1 to "${before[0]} X"`));
    await pause(500);  // frames after the edit: the old crash came here
    await h.noProblems('rename with Enter');
    assert.equal((await h.summaryNames())[0], `${before[0]} X`);
    // Commit by clicking elsewhere (the scatter), not Enter.
    names = await h.rects('segmentNames');
    await h.click(names[1]);
    await page.keyboard.press('End');
    await page.keyboard.type(' Y', { delay: 40 });
    const [plot] = await h.rects('scatter');
    await h.click({ cx: plot.x + 5, cy: plot.y + 5 });
    await h.status(new RegExp(`Renamed segment 2 to "${before[1]} Y"`));
    await h.noProblems('rename by clicking elsewhere');
    await h.shot('1-renamed');
  });

  test('IME / dictation text (insertText) arrives intact: umlauts and dashes', async () => {
    const { page } = h;
    const names = await h.rects('segmentNames');
    await h.click(names[2]);
    await page.waitForFunction(() => document.activeElement?.id === 'text-sink', null, { timeout: 5_000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('Kündiger – Süd');
    await page.keyboard.press('Enter');
    await h.status(/Renamed segment 3 to "Kündiger – Süd"/);
    assert.equal((await h.summaryNames())[2], 'Kündiger – Süd');
    await h.noProblems('insertText');
  });

  test('a press and release at a new spot without a prior move clicks there', async () => {
    const { page } = h;
    const names = await h.rects('segmentNames');
    await page.mouse.move(5, 5);
    await pause(200);
    const cdp = await context.newCDPSession(page);
    const at = { x: names[3].cx, y: names[3].cy, button: 'left', clickCount: 1 };
    await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at });
    await pause(80);
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at });
    await page.waitForFunction(() => document.activeElement?.id === 'text-sink', null, { timeout: 5_000 });
    await page.keyboard.press('Escape');
    await cdp.detach();
    await h.noProblems('press without move');
  });

  test('wheel over the scatter: zooms without console warnings', async () => {
    const { page } = h;
    const [plot] = await h.rects('scatter');
    await page.mouse.move(plot.x + plot.w / 2, plot.y + plot.h / 2);
    for (let i = 0; i < 5; i++) {
      await page.mouse.wheel(0, -120);
      await pause(60);
    }
    await h.noProblems('wheel');
  });

  test('right-click menu: Rename focuses the name, merge, recolour, hide, undo', async () => {
    const { page } = h;
    const count = (await h.summaryNames()).length;
    let names = await h.rects('segmentNames');
    // Rename from the menu.
    await h.click(names[0], { button: 'right' });
    let menu = await h.rects('segmentMenu');
    await h.click(menu[0]);
    await page.waitForFunction(() => document.activeElement?.id === 'text-sink', null, { timeout: 5_000 });
    await page.keyboard.press('Escape');
    await pause(200);
    // Recolour segment 1 through its swatch's menu.
    const swatches = await h.rects('segmentSwatches');
    await h.click(swatches[0], { button: 'right' });
    const palette = await h.rects('palette');
    await h.click(palette[9]);
    await h.status(/Changed the colour of segment 1\./);
    // Hide segment 2 with a click on its swatch, and show it again.
    await h.click(swatches[1]);
    await h.status(/Segment 2 is hidden in the charts\./);
    await h.click(swatches[1]);
    await h.status(/Segment 2 is shown again\./);
    // Merge segment 2 into segment 1.
    names = await h.rects('segmentNames');
    await h.click(names[1], { button: 'right' });
    menu = await h.rects('segmentMenu');
    await page.mouse.move(menu[1].cx, menu[1].cy, { steps: 3 });
    await pause(400);  // the submenu opens on hover
    const targets = await h.rects('mergeTargets');
    await h.click(targets[0]);
    await h.status(/Merged ".*" into ".*" \(Ctrl\+Z undoes it\)\./);
    await page.waitForFunction((n) => document.querySelectorAll('#summary-list li').length === n, count - 1, { timeout: 10_000 });
    await pause(300);
    await h.shot('2-merged');
    await h.noProblems('merge');
    // Undo with the keyboard, on the canvas.
    await page.locator('#canvas').focus();
    await page.keyboard.press('Control+z');
    await h.status(/Undone\./);
    await page.waitForFunction((n) => document.querySelectorAll('#summary-list li').length === n, count, { timeout: 10_000 });
    await h.noProblems('undo');
  });

  test('box select by dragging, then the selection download honours "leave out personal columns"', async () => {
    const { page } = h;
    fs.writeFileSync(path.join(tmp, 'kunden_personal.csv'), personalCsv());
    await page.setInputFiles('#file-input', path.join(tmp, 'kunden_personal.csv'));
    await h.status(/Segmented 600 rows into \d+ segments/);
    // A second file: the segment table's columns keep readable widths.
    const names = await h.rects('segmentNames');
    assert.ok(names[0].w > 80, `the name column is ${names[0].w} px wide after a second file`);
    await h.command({ cmd: 'personal_export', choice: 'leave_out' });
    await h.command({ cmd: 'tool', tool: 'box' });
    const [plot] = await h.rects('scatter');
    await page.mouse.move(plot.x + 2, plot.y + 2);
    await pause(80);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) {
      await page.mouse.move(plot.x + 2 + (plot.w - 4) * i / 6, plot.y + 2 + (plot.h - 4) * i / 6, { steps: 3 });
      await pause(40);
    }
    await page.mouse.up();
    await waitForElementText(page, 'selection', /600 customers selected/, { timeout: 10_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), h.command({ cmd: 'download_selection' })]);
    const saved = path.join(tmp, 'selection.csv');
    await download.saveAs(saved);
    const lines = fs.readFileSync(saved, 'utf8').trim().split(/\r?\n/);
    assert.equal(lines.length, 601);
    assert.ok(!/email|@example\.org/.test(lines.join('\n')), `no e-mail column or address: ${lines[0]}`);
    assert.match(lines[0], /segment,segment_name$/);
    // The segmented CSV, the same choice.
    const [d2] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    await d2.saveAs(path.join(tmp, 'segmented.csv'));
    assert.ok(!/@example\.org/.test(fs.readFileSync(path.join(tmp, 'segmented.csv'), 'utf8')));
    await h.noProblems('selection download');
  });

  test('a forced mini-batch k-means result exports SQL like any k-means result', async () => {
    const { page } = h;
    await h.command({ cmd: 'run', mini_batch: 128 });
    await h.status(/Segmented 600 rows into \d+ segments/);
    const [download] = await Promise.all([page.waitForEvent('download'), h.command({ cmd: 'download_sql' })]);
    assert.match(download.suggestedFilename(), /\.sql$/);
    await h.command({ cmd: 'run', mini_batch: 0 });
    await h.status(/Segmented 600 rows/);
    await h.noProblems('mini-batch');
  });

  test('touch: a single tap clicks (focuses the name field)', async () => {
    const touch = await newContext({ hasTouch: true });
    try {
      const t = await openPage(touch, origin);
      await t.page.click('#load-demo');
      await t.status(/Segmented 5,?000 rows into \d+ segments/);
      const tabs = await t.rects('tabs');
      await t.page.touchscreen.tap(tabs[4].cx, tabs[4].cy);  // Data
      await waitForElementText(t.page, 'preview', /./, { timeout: 10_000 });
      await t.page.touchscreen.tap(tabs[0].cx, tabs[0].cy);  // Segments
      await pause(300);
      const names = await t.rects('segmentNames');
      await t.page.touchscreen.tap(names[0].cx, names[0].cy);
      await t.page.waitForFunction(() => document.activeElement?.id === 'text-sink', null, { timeout: 5_000 });
      await t.page.keyboard.insertText(' Tipp');
      await t.page.keyboard.press('Enter');
      await t.status(/Renamed segment 1 to ".*Tipp.*"/);  // the tap put the cursor where it landed
      await t.noProblems('touch');
    } finally {
      await touch.close();
    }
  });

  test('the offline edition starts and segments with a clean console', async () => {
    // As people use it: opened from disk (file://), under its own inline policy.
    const t = await openPage(context, 'file://' + path.join(SITE, 'segmenter-offline.html'));
    await t.page.click('#load-demo');
    await t.status(/Segmented 5,?000 rows into \d+ segments/);
    await t.noProblems('offline edition');
    await t.page.close();
  });

  test('a fatal module error shows a message and a reload button', async () => {
    const t = await openPage(context, origin);
    await t.page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('memory access out of bounds'); }, 0));
    await t.page.locator('#fatal').waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await t.page.locator('#fatal-text').textContent(), /stopped unexpectedly.*memory access out of bounds/);
    assert.equal(await t.page.locator('#fatal-reload').isVisible(), true);
    await t.page.close();
  });
});
