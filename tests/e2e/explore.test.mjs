// Browser end-to-end tests of the studio's import settings, unreadable rows, the Data tab's
// sorting and the scatter's box and lasso selection, on a German Excel export with three broken
// rows (a stray ";" in an unquoted field, as happens when someone types one into Excel).
//
// The canvas widgets are driven with real mouse drags where geometry matters (the plot's place on
// the canvas is published as canvas.dataset.scatter); choices inside ImGui combos and the modal
// use the page's scripted command hook (SegmenterPage.command), which runs the same code.
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
let server, context, page, tmp;
let segmentingColumns = 0;  // "k-means on N columns" after the broken rows were skipped
const consoleErrors = [];
const requests = [];

// The German file with three records that have one field too many (lines 53, 123 and 303).
const BROKEN = [50, 120, 300];
function brokenCsv() {
  const lines = germanExcelCsv().toString('latin1').split('\r\n');
  for (const i of BROKEN) lines[i + 2] += ';Notiz; mit Semikolon';
  return Buffer.from(lines.join('\r\n'), 'latin1');
}
// Data rows as the table holds them (the broken records left out), Windows-1252 kept as latin1.
function acceptedLines() {
  const lines = brokenCsv().toString('latin1').split('\r\n').slice(2, -1);
  return lines.filter((_, i) => !BROKEN.includes(i));
}
const umsatz = (line) => Number(line.split(';')[3].replace(' €', '').replace(/\./g, '').replace(',', '.'));

const diagnostics = () => (consoleErrors.length ? `\n${consoleErrors.join('\n')}` : '');
const waitForStatus = (re, timeout) => waitForElementText(page, 'status', re, { timeout, diagnostics });
const waitForText = (id, re, timeout = 30_000) => waitForElementText(page, id, re, { timeout, diagnostics });
const command = (obj) => page.evaluate((o) => window.SegmenterPage.command(o), obj);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function plotRect() {
  await page.waitForFunction(() => !!document.getElementById('canvas').dataset.scatter, null, { timeout: 20_000 });
  const [x, y, w, h] = (await page.evaluate(() => document.getElementById('canvas').dataset.scatter)).split(',').map(Number);
  const c = await page.locator('#canvas').boundingBox();
  return { x: c.x + x, y: c.y + y, w, h };
}
// A drag through `points` (page pixels) with frames in between, as a hand would do it.
async function drag(points) {
  await page.mouse.move(points[0][0], points[0][1]);
  await pause(80);
  await page.mouse.down();
  await pause(80);
  for (const [x, y] of points.slice(1)) {
    await page.mouse.move(x, y, { steps: 4 });
    await pause(40);
  }
  await pause(120);
  await page.mouse.up();
  await pause(150);
}
async function save(name) {
  return page.screenshot({ path: path.join(ARTIFACTS, `explore-${name}.png`) });
}

describe('Import settings, unreadable rows, sorting and selection', { timeout: 420_000 }, () => {
  before(async () => {
    assert.ok(fs.existsSync(path.join(SITE, 'index.html')), `no built site in ${SITE}: run scripts/build.sh web`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-explore-'));
    server = await startServer(SITE, 0);
    const origin = `http://127.0.0.1:${server.address().port}/`;
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'seg-profile-')), {
      executablePath: CHROMIUM, headless: true, acceptDownloads: true, args: ARGS,
      viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1,
    });
    context.on('request', (req) => requests.push(req.url()));
    page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(origin);
    await waitForStatus(/Ready/, 60_000);
    fs.writeFileSync(path.join(tmp, 'Kunden_kaputt.csv'), brokenCsv());
  });

  after(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  test('unreadable rows: the user is asked, and stopping keeps nothing half-loaded', async () => {
    await page.setInputFiles('#file-input', path.join(tmp, 'Kunden_kaputt.csv'));
    await waitForStatus(/3 rows of Kunden_kaputt\.csv could not be read\. Skip them, or stop/);
    await pause(300);
    await save('1-unreadable-rows');
    await command({ cmd: 'stop_import' });
    const status = await waitForStatus(/Import of Kunden_kaputt\.csv stopped: 3 rows could not be read, the first on line (\d+)/);
    assert.equal(Number(status.match(/line (\d+)/)[1]), BROKEN[0] + 3, 'sep= line + header + 1-based');
    assert.equal(await page.locator('#summary-list li').count(), 0, 'no segmentation of a stopped import');
  });

  test('skipping: 397 rows segmented, the export still has all 400 records', async () => {
    await page.setInputFiles('#file-input', path.join(tmp, 'Kunden_kaputt.csv'));
    await waitForStatus(/3 rows of Kunden_kaputt\.csv could not be read/);
    await command({ cmd: 'skip_bad_rows' });
    const status = await waitForStatus(/Segmented 397 rows into \d+ segments \(k-means on (\d+) columns/);
    segmentingColumns = Number(status.match(/on (\d+) columns/)[1]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const saved = path.join(tmp, 'out.csv');
    await download.saveAs(saved);
    const input = brokenCsv().toString('latin1').split('\r\n');
    const output = fs.readFileSync(saved).toString('latin1').split('\r\n');
    assert.equal(output.length, input.length, 'every record, the unreadable ones too');
    for (let i = 2; i < input.length - 1; i++) assert.ok(output[i].startsWith(input[i]), `record ${i} changed`);
  });

  test('import settings: forcing a decimal point loses the € columns; auto brings them back', async () => {
    const before = segmentingColumns;
    assert.ok(before > 0);
    await command({ cmd: 'import', decimal: '.' });
    // The user already chose to skip the broken rows of this file: not asked again.
    let status = await waitForStatus(/Segmented 397 rows into \d+ segments \(k-means on (\d+) columns/);
    const forced = Number(status.match(/on (\d+) columns/)[1]);
    assert.ok(forced < before, `"1.234,56 €" read with a decimal point is not a number: ${forced} vs ${before} columns`);
    await command({ cmd: 'import', decimal: 'auto' });
    status = await waitForStatus(new RegExp(`Segmented 397 rows into \\d+ segments \\(k-means on ${before} columns`));
    assert.ok(status);
  });

  test('the Data tab sorts by a column, missing values last', async () => {
    await command({ cmd: 'show_tab', tab: 'data' });
    await command({ cmd: 'sort', column: 'Umsatz', descending: true });
    await pause(400);
    await save('2-data-sorted');
    const text = await waitForText('preview', /sorted by Umsatz, descending: /);
    const rows = text.split(': ').pop().split(', ').filter((s) => /^\d+$/.test(s)).map(Number);
    assert.equal(rows.length, 10);
    const lines = acceptedLines();
    const values = rows.map((r) => umsatz(lines[r - 1]));
    const expected = lines.map(umsatz).sort((a, b) => b - a).slice(0, 10);
    assert.deepEqual(values, expected);
    await command({ cmd: 'sort', column: '' });
    await waitForText('preview', /^Data: 397 of 397 rows: 1, 2, 3/);
  });

  test('box selection on the scatter: all, then part; the selection downloads byte for byte', async () => {
    await command({ cmd: 'show_tab', tab: 'segments' });
    await pause(300);
    await command({ cmd: 'tool', tool: 'box' });
    const r = await plotRect();
    await drag([[r.x + 2, r.y + 2], [r.x + r.w - 2, r.y + r.h - 2]]);
    await waitForText('selection', /^397 customers selected \(100(\.0)?%\)/);
    await drag([[r.x + 2, r.y + 2], [r.x + r.w * 0.5, r.y + r.h - 2]]);
    const text = await waitForText('selection', /^\d+ customers selected/);
    const n = Number(text.match(/^(\d+)/)[1]);
    assert.ok(n > 0 && n < 397, `the left half holds some customers: ${text}`);
    await save('3-box-selection');
    const [download] = await Promise.all([page.waitForEvent('download'), command({ cmd: 'download_selection' })]);
    const saved = path.join(tmp, 'selection.csv');
    await download.saveAs(saved);
    const out = fs.readFileSync(saved).toString('latin1').split('\r\n');
    assert.equal(out[0], 'sep=;');
    assert.equal(out.length, n + 3, 'sep= line, header, the selected rows, final line end');
    const originals = new Set(acceptedLines());
    for (const line of out.slice(2, -1)) {
      const original = line.replace(/;\d+;[^;]*$/, '');
      assert.ok(originals.has(original), `not an original row: ${line}`);
    }
  });

  test('lasso selection and clearing it', async () => {
    await command({ cmd: 'tool', tool: 'lasso' });
    const r = await plotRect();
    const cx = r.x + r.w / 2, cy = r.y + r.h / 2;
    // A wide triangle around the centre.
    await drag([[cx - r.w * 0.45, cy + r.h * 0.45], [cx, cy - r.h * 0.45], [cx + r.w * 0.45, cy + r.h * 0.45], [cx - r.w * 0.44, cy + r.h * 0.45]]);
    const text = await waitForText('selection', /^\d+ customers selected/);
    const n = Number(text.match(/^(\d+)/)[1]);
    assert.ok(n > 0 && n <= 397, text);
    await save('4-lasso-selection');
    await command({ cmd: 'clear_selection' });
    await waitForText('selection', /^$/);
    await command({ cmd: 'tool', tool: 'pan' });
  });

  test('a project file brings back settings, names and merges; with data it opens on its own', async () => {
    await page.fill('#summary-list li[data-segment="1"] input', 'Stammkunden Nord');
    await page.press('#summary-list li[data-segment="1"] input', 'Enter');
    await waitForStatus(/Renamed segment 1 to "Stammkunden Nord"/);
    const k = await page.locator('#summary-list li').count();
    assert.ok(k >= 3, `auto k found ${k} segments`);
    await command({ cmd: 'merge', from: 3, into: 2 });
    await waitForStatus(/Merged ".*" into ".*"/);
    assert.equal(await page.locator('#summary-list li').count(), k - 1);
    const names = await page.locator('#summary-list li input').evaluateAll((els) => els.map((e) => e.value));

    const saveDownload = async (cmd, name) => {
      const [download] = await Promise.all([page.waitForEvent('download'), command(cmd)]);
      const file = path.join(tmp, name);
      await download.saveAs(file);
      return file;
    };
    // The model keeps its computed segments and maps them to the merged ones.
    const model = JSON.parse(fs.readFileSync(await saveDownload({ cmd: 'download_model' }, 'model.json'), 'utf8'));
    assert.equal(model.edits.label_map.length, k);
    assert.deepEqual(model.edits.segments.map((sg) => sg.name), names);
    // Without data: settings and edits only, and which file they belong to.
    const bare = await saveDownload({ cmd: 'download_project', include_data: false }, 'Kunden.segmenter.json');
    const pj = JSON.parse(fs.readFileSync(bare, 'utf8'));
    assert.equal(pj.format, 'segmenter-project');
    assert.equal(pj.data, undefined, 'no customer data unless asked');
    assert.equal(pj.source.file_name, 'Kunden_kaputt.csv');
    assert.match(pj.source.sha256, /^[0-9a-f]{64}$/);
    assert.ok(!fs.readFileSync(bare, 'latin1').includes('K-10050'), 'not a single customer id in the project');
    const full = await saveDownload({ cmd: 'download_project', include_data: true }, 'Kunden-mit-Daten.segmenter.json');

    // A fresh page: the project, then the customer file.
    await page.reload();
    await waitForStatus(/Ready/, 60_000);
    await page.setInputFiles('#file-input', bare);
    await waitForStatus(/Opened the project Kunden\.segmenter\.json\. Now open the customer file it belongs to: Kunden_kaputt\.csv/);
    await page.setInputFiles('#file-input', path.join(tmp, 'Kunden_kaputt.csv'));
    await waitForStatus(new RegExp(`Segmented 397 rows into ${k - 1} segments`));
    assert.deepEqual(await page.locator('#summary-list li input').evaluateAll((els) => els.map((e) => e.value)), names);

    // With data: one file is enough.
    await page.reload();
    await waitForStatus(/Ready/, 60_000);
    await page.setInputFiles('#file-input', full);
    await waitForStatus(new RegExp(`Segmented 397 rows into ${k - 1} segments`));
    assert.deepEqual(await page.locator('#summary-list li input').evaluateAll((els) => els.map((e) => e.value)), names);
    await pause(300);
    await save('5-project-reopened');
  });

  test('column roles: a categorical and a free-text column join k-means by their values', async () => {
    // Stadt: 6 cities (one-hot). Firma: 377 distinct names, of which only "Müller; Söhne" (every
    // 17th row) covers 1% of the rows; the rest count as "other".
    await command({ cmd: 'columns', use: ['Umsatz', 'Bestellungen', 'Stadt', 'Firma'], weights: { Stadt: 2 } });
    await command({ cmd: 'run' });
    const status = await waitForStatus(/Segmented 397 rows into \d+ segments \(k-means on \d+ columns/);
    const model = JSON.parse(fs.readFileSync(await (async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), command({ cmd: 'download_model' })]);
      const file = path.join(tmp, 'model-roles.json');
      await download.saveAs(file);
      return file;
    })(), 'utf8'));
    const names = model.preparation.map((f) => f.name);
    for (const city of ['München', 'Köln', 'Düsseldorf', 'Nürnberg', 'Graz', 'Zürich'])
      assert.ok(names.includes(`Stadt=${city}`), `Stadt=${city} in ${names}`);
    assert.ok(names.includes('Firma=Müller; Söhne & Co. "Nord"'), names.join(', '));
    assert.ok(names.includes('Firma=other'), names.join(', '));
    assert.ok(!names.includes('Rabatt'), 'Rabatt was not chosen');
    assert.equal(model.preparation.find((f) => f.name === 'Stadt=Köln').weight, 2);
    // The four ticked columns, and the features they became (Stadt: 6 values, Firma: 2).
    assert.match(status, new RegExp(`on 4 columns as ${names.length} features`));
    await pause(300);
    await save('6-column-roles');
    // A column that cannot segment (the customer number is an identifier) is refused by name.
    await command({ cmd: 'columns', use: ['Kundennummer'] });
    await waitForStatus(/Column "Kundennummer" cannot be used for segmenting/);
  });

  test('no request left the page origin and no console errors', () => {
    const foreign = requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(foreign, []);
    assert.deepEqual(consoleErrors, []);
  });
});
