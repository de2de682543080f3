// Browser end-to-end test of Excel workbooks in the studio: a German customer workbook (two
// sheets, a title row, umlauts and €, dates) written at test time with Debian's python3-openpyxl
// is opened and segmented with automatic k; the download is a UTF-8 CSV with BOM holding every
// cell plus the segment columns; a legacy .xls then gets a clear message and the data stays.
// Skipped when python3-openpyxl is missing.
//
//   SEG_SITE_DIR=build-web/site node --test tests/e2e/workbook.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { ARGS, CHROMIUM, waitForElementText } from './fixtures.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SITE = path.resolve(process.env.SEG_SITE_DIR || path.join(HERE, '..', '..', 'build-web', 'site'));
let server, context, page, tmp, skip = '';
const consoleErrors = [];

// 300 customers in three groups, as a sales team keeps them in Excel.
const MAKE = String.raw`
import datetime, random, sys, openpyxl
random.seed(4711)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Kunden"
ws["A1"] = "Kundenliste Q1 – Vertrieb DACH"
ws.append([])
ws.append(["Kundennummer", "Firma", "Stadt", "Umsatz €", "Bestellungen", "Erstkauf"])
cities = ["München", "Köln", "Düsseldorf", "Graz", "Zürich"]
for i in range(300):
    rev, orders = [(800, 4), (12000, 30), (45000, 90)][i % 3]
    ws.append(["K-%d" % (10000 + i), "Bäckerei Schäfer %d" % i, cities[i % 5],
               round(rev * (0.8 + 0.4 * random.random()), 2), round(orders * (0.7 + 0.6 * random.random())),
               datetime.date(2020, 1, 1) + datetime.timedelta(days=i)])
    ws.cell(ws.max_row, 6).number_format = "dd.mm.yyyy"
wb.create_sheet("Notizen").append(["nichts"])
wb.save(sys.argv[1])
`;

const waitForStatus = (re, timeout) =>
  waitForElementText(page, 'status', re, { timeout, diagnostics: () => (consoleErrors.length ? `\n${consoleErrors.join('\n')}` : '') });

describe('Excel workbooks in the studio', { timeout: 300_000 }, () => {
  before(async () => {
    assert.ok(fs.existsSync(path.join(SITE, 'index.html')), `no built site in ${SITE}: run scripts/build.sh web`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-workbook-'));
    const gen = spawnSync('/usr/bin/python3', ['-c', MAKE, path.join(tmp, 'Kunden.xlsx')], { encoding: 'utf8' });
    if (gen.status !== 0) { skip = `python3-openpyxl is not installed: ${gen.stderr.trim().split('\n').pop()}`; return; }
    server = await startServer(SITE, 0);
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'seg-profile-')), {
      executablePath: CHROMIUM, headless: true, acceptDownloads: true, args: ARGS, viewport: { width: 1366, height: 768 },
    });
    page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await waitForStatus(/Ready/, 60_000);
  });

  after(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  test('a workbook is opened and segmented; the export is UTF-8 CSV with BOM', async (t) => {
    if (skip) return t.skip(skip);
    await page.setInputFiles('#file-input', path.join(tmp, 'Kunden.xlsx'));
    const status = await waitForStatus(/Segmented 300 rows into (\d+) segments/);
    assert.ok(Number(/into (\d+) segments/.exec(status)[1]) >= 2, status);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const saved = path.join(tmp, 'out.csv');
    await download.saveAs(saved);
    const out = fs.readFileSync(saved);
    assert.ok(out.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'starts with a UTF-8 BOM');
    const lines = out.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], 'Kundenliste Q1 – Vertrieb DACH', 'the title row stays');
    assert.match(lines[2], /^Kundennummer,Firma,Stadt,Umsatz €,Bestellungen,Erstkauf,segment,segment_name$/);
    assert.match(lines[3], /^K-10000,Bäckerei Schäfer 0,München,[\d.]+,\d+,2020-01-01,\d+,/);
    assert.equal(lines.filter((l) => l.startsWith('K-')).length, 300);
  });

  test('a legacy .xls gets a clear message and the loaded workbook stays', async (t) => {
    if (skip) return t.skip(skip);
    const file = path.join(tmp, 'Alt.xls');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
    await page.setInputFiles('#file-input', file);
    const status = await waitForStatus(/Could not import Alt\.xls/);
    assert.match(status, /\.xls/);
    assert.match(status, /unchanged/);
    assert.equal(await page.locator('#download-csv').isDisabled(), false);
    assert.deepEqual(consoleErrors, []);
  });
});
