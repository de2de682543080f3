// Browser end-to-end tests for the Segmenter web app.
//
//   SEG_SITE_DIR=build-web/site node --test tests/e2e/
//
// Serves the built site with scripts/serve.mjs on a random loopback port, drives the system
// Chromium (/usr/bin/chromium, headless, SwiftShader WebGL2) through playwright-core, and checks
// the page contract: #status, #load-demo, #file-input, #download-csv, #canvas, #privacy.
// It also checks that the page never talks to anything but its own origin and that the CSP
// blocks any attempt to.
//
// Screenshots go to tests/e2e/artifacts/ (gitignored).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { rng, waitForElementText } from './fixtures.mjs';
import { startServer } from '../../scripts/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SITE = path.resolve(process.env.SEG_SITE_DIR || path.join(REPO, 'build-web', 'site'));
const ARTIFACTS = path.join(HERE, 'artifacts');
const CHROMIUM = process.env.SEG_CHROMIUM || '/usr/bin/chromium';

const READY_TIMEOUT = 60_000; // wasm start-up under SwiftShader can take 10-30 s
const SEGMENT_TIMEOUT = 60_000;
const STEP_TIMEOUT = 120_000; // per test
const FILE_TIMEOUT = 290_000; // whole file stays under 5 minutes

// The deliberate CSP probe: a fetch to another origin that must be refused.
const CSP_PROBE_URL = 'https://example.com/';

// ---- shared state --------------------------------------------------------------------------------

let server = null;
let origin = ''; // "http://127.0.0.1:PORT/"
let context = null;
let page = null;
let userDataDir = null;
let tmpDir = null;
let docResponse = null;
let csvPath = null;
let csvText = '';
let csvClusterOf = []; // per data row: 'A' | 'B'
let fileSegments = 0; // N from "Segmented 300 rows into N segments"

const requests = []; // every request URL the browser made
const consoleErrors = []; // console messages of type error (text + location)
const ignoredConsole = []; // expected console errors (CSP probe, the browser's own favicon request)
const pageErrors = []; // uncaught exceptions in the page
const badResponses = []; // responses with HTTP status >= 400
let probeInFlight = false; // console errors caused by the deliberate CSP probe are expected

function diagnostics() {
  const lines = [];
  if (consoleErrors.length) lines.push(`console errors:\n  ${consoleErrors.join('\n  ')}`);
  if (pageErrors.length) lines.push(`page errors:\n  ${pageErrors.join('\n  ')}`);
  if (badResponses.length) lines.push(`failed responses:\n  ${badResponses.join('\n  ')}`);
  return lines.length ? `\n${lines.join('\n')}` : '';
}

// Waits until #status matches re; on timeout fails with the last status text and page errors.
const waitForStatus = (re, timeout) => waitForElementText(page, 'status', re, { timeout, diagnostics });

// Clicks a contract button. A visible one gets a real mouse click (so a button covered by the
// canvas fails the test); one the app keeps hidden on purpose (e.g. when ImGui draws the visible
// control) gets a DOM click().
async function press(selector) {
  const el = page.locator(selector);
  assert.equal(await el.count(), 1, `${selector} missing${diagnostics()}`);
  if (await el.isVisible()) await el.click({ timeout: 15_000 });
  else await el.evaluate((node) => node.click());
}

// ---- test data -----------------------------------------------------------------------------------

const mulberry32 = rng;  // deterministic, so a failing run can be reproduced

// 300 rows in two obvious clusters: A = low revenue / few visits, B = high revenue / many visits.
// Region is text; one of its values needs quoting because it contains a comma.
function makeCsv(rows = 300) {
  const rnd = mulberry32(20240607);
  const regionsA = ['North', '"North, Coast"', 'East'];
  const regionsB = ['South', 'West', '"North, Coast"'];
  const lines = ['id,revenue,visits,region'];
  const clusters = [];
  for (let i = 0; i < rows; i++) {
    const isA = i % 2 === 0;
    const revenue = isA ? 20 + rnd() * 20 : 900 + rnd() * 200;
    const visits = isA ? 1 + Math.floor(rnd() * 4) : 40 + Math.floor(rnd() * 20);
    const regions = isA ? regionsA : regionsB;
    const region = regions[Math.floor(rnd() * regions.length)];
    lines.push(`${i + 1},${revenue.toFixed(2)},${visits},${region}`);
    clusters.push(isA ? 'A' : 'B');
  }
  return { text: lines.join('\n') + '\n', clusters };
}

// Minimal RFC 4180 record splitter (quoted fields may hold commas, quotes and newlines).
function parseCsv(text) {
  const records = [];
  let row = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      records.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    records.push(row);
  }
  return records;
}

function splitLines(text) {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// ---- the suite -----------------------------------------------------------------------------------

describe('Segmenter in headless Chromium', { timeout: FILE_TIMEOUT }, () => {
  before(async () => {
    if (!fs.existsSync(path.join(SITE, 'index.html'))) {
      throw new Error(
        `No index.html in the site directory ${SITE}. Build the web app first ` +
          `(scripts/build.sh web) or point SEG_SITE_DIR at a built site.`,
      );
    }
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/install_deps.sh test (apt package chromium).`);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-e2e-'));
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-e2e-profile-'));

    server = await startServer(SITE, 0);
    origin = `http://127.0.0.1:${server.address().port}/`;

    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 800 },
      timeout: 60_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    context.setDefaultTimeout(30_000);

    context.on('request', (req) => requests.push(req.url()));
    context.on('response', (res) => {
      if (res.status() >= 400) badResponses.push(`${res.status()} ${res.url()}`);
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      const text = `${msg.text()}${where}`;
      // The CSP probe in test (a) makes Chromium log "Refused to connect ..." on purpose.
      if (probeInFlight && /Content Security Policy|Refused to connect/i.test(text)) {
        ignoredConsole.push(text);
        return;
      }
      // Chromium asks for /favicon.ico by itself and logs a 404 if the site has none; that
      // is the browser's request, not the app's.
      if (loc && /\/favicon\.ico$/.test(loc.url || '') && /status of 404/.test(text)) {
        ignoredConsole.push(text);
        return;
      }
      consoleErrors.push(text);
    });
    page.on('pageerror', (err) => pageErrors.push(String(err && err.stack ? err.stack : err)));
  });

  after(async () => {
    try {
      if (page && !page.isClosed()) {
        await page.screenshot({ path: path.join(ARTIFACTS, 'final.png') }).catch(() => {});
      }
    } finally {
      if (context) await context.close().catch(() => {});
      if (server) {
        server.closeAllConnections?.();
        await new Promise((resolve) => server.close(() => resolve()));
      }
      for (const dir of [userDataDir, tmpDir]) {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  test('a. page loads, reaches Ready, strict CSP blocks other origins', { timeout: STEP_TIMEOUT }, async () => {
    docResponse = await page.goto(origin, { waitUntil: 'load', timeout: 60_000 });
    assert.ok(docResponse, 'no response for the document');
    assert.equal(docResponse.status(), 200, `document status ${docResponse.status()}`);

    const headers = docResponse.headers();
    const csp = headers['content-security-policy'] || '';
    assert.match(csp, /default-src 'none'/, `CSP header: ${csp}`);
    assert.match(csp, /connect-src 'self'/, `CSP header: ${csp}`);
    assert.equal(headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(headers['cross-origin-embedder-policy'], 'require-corp');
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.match(headers['content-type'] || '', /^text\/html/);

    await waitForStatus(/Ready/, READY_TIMEOUT);

    // The page contract beyond #status.
    const privacy = (await page.locator('#privacy').textContent()) ?? '';
    assert.match(privacy, /Your data stays in this browser/, `#privacy reads ${JSON.stringify(privacy)}`);
    assert.equal(await page.locator('#load-demo').count(), 1, '#load-demo missing');
    assert.equal(await page.locator('#download-csv').count(), 1, '#download-csv missing');
    assert.equal(
      await page.locator('#file-input').getAttribute('type'),
      'file',
      '#file-input is not an <input type="file">',
    );
    const canvas = await page.locator('#canvas').boundingBox();
    assert.ok(canvas, '#canvas missing or not rendered');
    assert.ok(
      canvas.width >= 640 && canvas.height >= 400,
      `#canvas should fill the window, is ${canvas.width}x${canvas.height}`,
    );

    // The CSP must stop the page from sending anything to another origin.
    probeInFlight = true;
    let probe;
    try {
      probe = await page.evaluate(async (url) => {
        try {
          const r = await fetch(url, { mode: 'no-cors' });
          return `resolved (type ${r.type}, status ${r.status})`;
        } catch (e) {
          return `rejected: ${e && e.name}: ${e && e.message}`;
        }
      }, CSP_PROBE_URL);
      await page.waitForTimeout(200); // let the CSP violation console message arrive
    } finally {
      probeInFlight = false;
    }
    assert.match(probe, /^rejected/, `fetch(${CSP_PROBE_URL}) in the page should be blocked by CSP: ${probe}`);

    assert.deepEqual(consoleErrors, [], `console errors during start-up${diagnostics()}`);
    assert.deepEqual(pageErrors, [], `page errors during start-up${diagnostics()}`);
  });

  test('b. the demo data loads and is segmented', { timeout: STEP_TIMEOUT }, async () => {
    await press('#load-demo');
    const status = await waitForStatus(/Segmented 5000 rows into \d+ segments/, SEGMENT_TIMEOUT);
    const n = Number(/into (\d+) segments/.exec(status)[1]);
    assert.ok(n >= 1, `demo produced ${n} segments: ${status}`);
    await page.waitForTimeout(500); // let a frame or two render the result
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo.png') });
    assert.deepEqual(pageErrors, [], `page errors after loading the demo${diagnostics()}`);
  });

  test('c. an uploaded CSV is imported and segmented', { timeout: STEP_TIMEOUT }, async () => {
    const { text, clusters } = makeCsv(300);
    csvText = text;
    csvClusterOf = clusters;
    csvPath = path.join(tmpDir, 'customers.csv');
    fs.writeFileSync(csvPath, csvText);

    await page.setInputFiles('#file-input', csvPath);
    const status = await waitForStatus(/Segmented 300 rows into \d+ segments/, SEGMENT_TIMEOUT);
    fileSegments = Number(/into (\d+) segments/.exec(status)[1]);
    assert.ok(fileSegments >= 2, `two obvious clusters should give at least 2 segments: ${status}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'upload.png') });
    assert.deepEqual(pageErrors, [], `page errors after the upload${diagnostics()}`);
  });

  test('d. the segmented CSV downloads with segment columns appended', { timeout: STEP_TIMEOUT }, async () => {
    assert.ok(csvPath, 'test (c) did not run');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      press('#download-csv'),
    ]);
    assert.equal(await download.failure(), null, 'download failed');
    assert.match(download.suggestedFilename(), /\.csv$/i, `file name ${download.suggestedFilename()}`);
    const outPath = path.join(tmpDir, 'segmented.csv');
    await download.saveAs(outPath);
    const outText = fs.readFileSync(outPath, 'utf8').replace(/^\uFEFF/, '');

    const inLines = splitLines(csvText);
    const outLines = splitLines(outText);
    const inRecords = parseCsv(csvText);
    const outRecords = parseCsv(outText).filter((r) => !(r.length === 1 && r[0] === ''));
    assert.equal(inRecords.length, 301, 'test input should be header + 300 records');
    assert.equal(outRecords.length, inRecords.length, 'output must have the same number of records as the input');
    assert.equal(outLines.length, inLines.length, 'output must have the same number of lines as the input');
    assert.equal(outLines[0], `${inLines[0]},segment,segment_name`, 'header = original header + segment columns');

    const segOf = [];
    const nameOfSeg = new Map();
    for (let i = 1; i < inLines.length; i++) {
      assert.ok(
        outLines[i].startsWith(`${inLines[i]},`),
        `output line ${i + 1} should start with the original line:\n  in:  ${inLines[i]}\n  out: ${outLines[i]}`,
      );
      const orig = inRecords[i];
      const rec = outRecords[i];
      assert.equal(rec.length, orig.length + 2, `record ${i + 1} should have 2 more fields: ${outLines[i]}`);
      assert.deepEqual(rec.slice(0, orig.length), orig, `record ${i + 1} original fields changed`);
      const [seg, name] = rec.slice(orig.length);
      assert.match(seg, /^\d+$/, `record ${i + 1}: segment should be an integer, is ${JSON.stringify(seg)}`);
      assert.ok(name.trim().length > 0, `record ${i + 1}: segment_name is empty`);
      if (nameOfSeg.has(seg)) {
        assert.equal(nameOfSeg.get(seg), name, `segment ${seg} has two names`);
      } else nameOfSeg.set(seg, name);
      segOf.push(seg);
    }
    assert.equal(nameOfSeg.size, fileSegments, `distinct segments in the file vs. the status line (${fileSegments})`);

    // The two obvious clusters should not end up mostly in the same segment.
    const modeOf = (label) => {
      const counts = new Map();
      segOf.forEach((s, i) => {
        if (csvClusterOf[i] === label) counts.set(s, (counts.get(s) || 0) + 1);
      });
      return [...counts.entries()].sort((x, y) => y[1] - x[1])[0][0];
    };
    assert.notEqual(modeOf('A'), modeOf('B'), 'low- and high-value customers landed in the same segment');
  });

  test('e. the page only ever talked to its own origin, with no errors', { timeout: STEP_TIMEOUT }, async (t) => {
    t.diagnostic(`${requests.length} requests recorded, all checked against ${origin}`);
    for (const url of requests) t.diagnostic(`request: ${url.length > 120 ? url.slice(0, 120) + "…" : url}`);
    for (const text of ignoredConsole) t.diagnostic(`expected console error (ignored): ${text}`);
    assert.ok(origin, 'server did not start');
    assert.ok(requests.length > 0, 'no requests were recorded');
    const foreign = requests.filter(
      (u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    assert.deepEqual(foreign, [], `requests to other origins: ${foreign.join(', ')}`);
    const missing = badResponses.filter((r) => !/\/favicon\.ico$/.test(r));
    assert.deepEqual(missing, [], `failed responses${diagnostics()}`);
    assert.deepEqual(consoleErrors, [], `console errors${diagnostics()}`);
    assert.deepEqual(pageErrors, [], `page errors${diagnostics()}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'final.png') });
  });
});
