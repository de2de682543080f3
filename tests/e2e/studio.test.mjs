// Browser end-to-end tests of the studio with the files our users actually have: a German Excel
// export (sep=; line, semicolons, decimal comma, Windows-1252, CRLF) segmented with automatic k,
// the segment summary mirrored into the DOM, a byte-exact download, a broken file that leaves the
// loaded data intact, and crisp rendering at devicePixelRatio 2.
//
//   SEG_SITE_DIR=build-web/site node --test tests/e2e/
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { ARGS, CHROMIUM, germanExcelCsv, waitForElementText } from './fixtures.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SITE = path.resolve(process.env.SEG_SITE_DIR || path.join(HERE, '..', '..', 'build-web', 'site'));
const ARTIFACTS = path.join(HERE, 'artifacts');
let server, context, page, origin, tmp;
const consoleErrors = [];
const requests = [];

const waitForStatus = (re, timeout) =>
  waitForElementText(page, 'status', re, { timeout, diagnostics: () => (consoleErrors.length ? `\n${consoleErrors.join('\n')}` : '') });

describe('Segmenter studio with real-world files', { timeout: 300_000 }, () => {
  before(async () => {
    assert.ok(fs.existsSync(path.join(SITE, 'index.html')), `no built site in ${SITE}: run scripts/build.sh web`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-studio-'));
    server = await startServer(SITE, 0);
    origin = `http://127.0.0.1:${server.address().port}/`;
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'seg-profile-')), {
      executablePath: CHROMIUM, headless: true, acceptDownloads: true, args: ARGS,
      viewport: { width: 1366, height: 768 }, deviceScaleFactor: 2,
    });
    context.on('request', (req) => requests.push(req.url()));
    page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(origin);
    await waitForStatus(/Ready/, 60_000);
  });

  after(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  test('HiDPI: the canvas backing store follows devicePixelRatio 2 on a 1366x768 laptop', async () => {
    const dims = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      const r = c.getBoundingClientRect();
      return { w: c.width, h: c.height, cw: r.width, ch: r.height, dpr: window.devicePixelRatio };
    });
    assert.equal(dims.dpr, 2);
    assert.ok(Math.abs(dims.w - dims.cw * 2) <= 2 && Math.abs(dims.h - dims.ch * 2) <= 2, JSON.stringify(dims));
  });

  test('a German Excel export (Windows-1252, ;, decimal comma, sep=) is segmented with automatic k', async () => {
    const file = path.join(tmp, 'Kunden_Export.csv');
    fs.writeFileSync(file, germanExcelCsv());
    await page.setInputFiles('#file-input', file);
    const status = await waitForStatus(/Segmented 400 rows into (\d+) segments/);
    const k = Number(/into (\d+) segments/.exec(status)[1]);
    assert.equal(k, 3, `three generated groups, automatic k chose ${k}: ${status}`);
    // The summary region mirrors the segments for screen readers.
    const items = await page.locator('#summary-list li').allTextContents();
    assert.equal(items.length, 3);
    const total = items.reduce((sum, t) => sum + Number(/: (\d+) customers/.exec(t)[1]), 0);
    assert.equal(total, 400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'german-excel-hidpi.png') });

    // The download is the original file byte for byte (Windows-1252, ;, CRLF, the sep= line),
    // with ;segment;segment_name appended to every record.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const saved = path.join(tmp, 'out.csv');
    await download.saveAs(saved);
    const input = fs.readFileSync(file);
    const output = fs.readFileSync(saved);
    const inLines = input.toString('latin1').split('\r\n');
    const outLines = output.toString('latin1').split('\r\n');
    assert.equal(outLines.length, inLines.length);
    assert.equal(outLines[0], 'sep=;');
    assert.equal(outLines[1], inLines[1] + ';segment;segment_name');
    for (let i = 2; i < inLines.length - 1; i++) {
      assert.ok(outLines[i].startsWith(inLines[i] + ';'), `record ${i} changed:\n${inLines[i]}\n${outLines[i]}`);
      assert.match(outLines[i].slice(inLines[i].length), /^;[1-3];./);
    }
    assert.ok(output.includes(Buffer.from([0x80])), 'the euro sign stays the Windows-1252 byte 0x80');
  });

  test('a file that is not a CSV gets a clear message and the loaded data stays', async () => {
    const file = path.join(tmp, 'Kunden.xlsx');
    fs.writeFileSync(file, Buffer.from('PK\x03\x04\x14\x00\x06\x00[Content_Types].xml', 'latin1'));
    await page.setInputFiles('#file-input', file);
    const status = await waitForStatus(/Could not import Kunden\.xlsx/);
    assert.match(status, /Excel/);
    assert.match(status, /unchanged/);
    assert.equal(await page.locator('#summary-list li').count(), 3, 'the previous segmentation is still shown');
    assert.equal(await page.locator('#download-csv').isDisabled(), false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'bad-file.png') });
  });

  test('no request left the page origin and no console errors', () => {
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert.deepEqual(foreign, []);
    assert.deepEqual(consoleErrors, []);
  });
});
