// The whole studio workflow in headless Chromium, twice: on the served site (http://127.0.0.1)
// and on the offline edition opened from file:// (one HTML file, as from a USB stick).
//
// load a German Excel CSV (;, decimal comma, Windows-1252) -> clustering with automatic k ->
// rename a segment -> merge two, undo -> export and check the CSV row for row -> switch the
// language to German -> reload and find it kept; the policy blocks connections; no request
// leaves the page. Screenshots of each step land in tests/e2e/artifacts/<edition>-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { ARGS, CHROMIUM, germanExcelCsv, waitForElementText } from './fixtures.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SITE = path.resolve(process.env.SEG_SITE_DIR || path.join(HERE, '..', '..', 'build-web', 'site'));
const ARTIFACTS = path.join(HERE, 'artifacts');

function workflow(edition) {
  describe(`studio workflow (${edition})`, { timeout: 400_000 }, () => {
    let server, context, page, url, tmp;
    const consoleErrors = [];
    const requests = [];
    const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${edition}-${name}.png`) });

    const waitForStatus = (re, timeout) =>
      waitForElementText(page, 'status', re, { timeout, diagnostics: () => (consoleErrors.length ? `\n${consoleErrors.join('\n')}` : '') });

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), `seg-${edition}-`));
      if (edition === 'offline') {
        const file = path.join(SITE, 'segmenter-offline.html');
        assert.ok(fs.existsSync(file), `no offline edition at ${file}: run scripts/build.sh web`);
        // Like a copy on a USB stick: the single file alone in a folder, nothing next to it.
        const alone = path.join(tmp, 'usb');
        fs.mkdirSync(alone);
        fs.copyFileSync(file, path.join(alone, 'Segmenter.html'));
        url = pathToFileURL(path.join(alone, 'Segmenter.html')).href;
      } else {
        server = await startServer(SITE, 0);
        url = `http://127.0.0.1:${server.address().port}/`;
      }
      context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'seg-profile-')), {
        executablePath: CHROMIUM, headless: true, acceptDownloads: true, args: ARGS,
        viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, locale: 'en-US',
      });
      context.on('request', (req) => requests.push(req.url()));
      page = context.pages()[0] || (await context.newPage());
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      await page.goto(url);
      await waitForStatus(/Ready/, 90_000);
    });

    after(async () => {
      await context?.close();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
    });

    let segmentCount = 0;
    test('a German Excel export is segmented with automatic k', async () => {
      const file = path.join(tmp, 'Kunden_Export.csv');
      fs.writeFileSync(file, germanExcelCsv());
      await page.setInputFiles('#file-input', file);
      const status = await waitForStatus(/Segmented 400 rows into (\d+) segments/);
      segmentCount = Number(/into (\d+) segments/.exec(status)[1]);
      assert.equal(segmentCount, 3, status);
      assert.equal(await page.locator('#summary-list li').count(), 3);
      await shot('1-segmented');
    });

    test('a segment is renamed; a merge is undone', async () => {
      const input = page.locator('#summary-list li[data-segment="2"] input');
      await input.fill('Großkunden Süd');
      await input.press('Enter');
      await waitForStatus(/Renamed segment 2 to "Großkunden Süd"/);
      await page.waitForFunction(() => document.querySelector('#summary-list li[data-segment="2"]')?.textContent.startsWith('Großkunden Süd:'));
      await shot('2-renamed');
      // Undo and redo go through the same history as the canvas's Ctrl+Z / Ctrl+Y.
      await page.evaluate(() => Module.ccall('seg_undo', null, [], []));
      await waitForStatus(/Undone/);
      assert.notEqual(await page.locator('#summary-list li[data-segment="2"] input').inputValue(), 'Großkunden Süd');
      await page.evaluate(() => Module.ccall('seg_redo', null, [], []));
      await waitForStatus(/Redone/);
      assert.equal(await page.locator('#summary-list li[data-segment="2"] input').inputValue(), 'Großkunden Süd');
    });

    test('the export has every original row, byte for byte, with the new name', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
      const saved = path.join(tmp, 'out.csv');
      await download.saveAs(saved);
      const input = germanExcelCsv().toString('latin1').split('\r\n');
      const output = fs.readFileSync(saved).toString('latin1').split('\r\n');
      assert.equal(output.length, input.length);
      assert.equal(output[0], 'sep=;');
      assert.equal(output[1], input[1] + ';segment;segment_name');
      let renamed = 0;
      for (let i = 2; i < input.length - 1; i++) {
        assert.ok(output[i].startsWith(input[i] + ';'), `record ${i} changed:\n${input[i]}\n${output[i]}`);
        const extra = output[i].slice(input[i].length);
        assert.match(extra, /^;[1-3];./);
        if (extra === ';2;Gro\xdfkunden S\xfcd') renamed++;  // Windows-1252 like the input
      }
      assert.ok(renamed > 0, 'rows of segment 2 carry the new name');
    });

    test('a later export is compared: who stayed, moved, churned, is new', async () => {
      // The same customers a month later: 10 gone, 12 new, 15 small customers now buy like key accounts.
      const lines = germanExcelCsv().toString('latin1').split('\r\n');
      const out = [lines[0], lines[1]];
      for (let i = 0; i < 400; i++) {
        if (i < 10) continue;  // churned
        let line = lines[i + 2];
        if (i >= 30 && i < 75 && i % 3 === 0) {  // group 0 -> group 2 values
          const parts = line.split(';');
          const tail = parts.slice(-5);
          tail[1] = '45.000,00 \x80';
          tail[2] = '90';
          tail[3] = '15,3 %';
          tail[4] = 'nein';
          line = parts.slice(0, -5).concat(tail).join(';');
        }
        out.push(line);
      }
      for (let i = 0; i < 12; i++) out.push(`K-2${String(i).padStart(4, '0')};Neukunde ${i};Wien;12.000,00 \x80;30;8,5 %;nein`);
      const file = path.join(tmp, 'Kunden_Export_Dezember.csv');
      fs.writeFileSync(file, Buffer.from(out.join('\r\n') + '\r\n', 'latin1'));
      await page.setInputFiles('#compare-input', file);
      const status = await waitForStatus(/Compared .* by Kundennummer: (\d+) stayed, (\d+) moved, (\d+) churned, (\d+) new/);
      const [, stayed, moved, churned, fresh] = /(\d+) stayed, (\d+) moved, (\d+) churned, (\d+) new/.exec(status).map(Number);
      assert.deepEqual({ stayed, moved, churned, fresh }, { stayed: 375, moved: 15, churned: 10, fresh: 12 }, status);
      await page.waitForTimeout(400);
      await shot('3a-compare');
    });

    test('German: the switch translates the page and the canvas and survives a reload', async () => {
      await page.selectOption('#language', 'de');
      await page.waitForFunction(() => document.documentElement.lang === 'de');
      assert.equal((await page.locator('#load-demo').textContent()).trim(), 'Demodaten laden');
      assert.match(await page.locator('#privacy').textContent(), /Ihre Daten bleiben in diesem Browser/);
      await page.waitForTimeout(300);  // a frame or two for the canvas
      await shot('3-german');
      await page.reload();
      await waitForStatus(/Bereit/, 90_000);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
      assert.equal(await page.locator('#language').inputValue(), 'de');
      assert.equal((await page.locator('#open-file').textContent()).trim(), 'CSV öffnen…');
      // The demo works here too (generated inside the module, no request), in German.
      await page.click('#load-demo');
      await waitForStatus(/5000 Zeilen in \d+ Segmente eingeteilt/);
      await page.waitForTimeout(300);
      await shot('4-german-demo');
      await page.selectOption('#language', 'en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    });

    test('the charts tab (heatmap, sizes, KPI bars) draws', async () => {
      // A real click: press and release in different frames, as a hand does.
      await page.mouse.move(519, 63);
      await page.waitForTimeout(150);
      await page.mouse.down();
      await page.waitForTimeout(100);
      await page.mouse.up();
      await page.waitForTimeout(400);
      await shot('4b-charts');
      // Back to the segments tab for the next steps.
      await page.mouse.move(384, 63);
      await page.waitForTimeout(150);
      await page.mouse.down();
      await page.waitForTimeout(100);
      await page.mouse.up();
    });

    test('the light theme is remembered too', async () => {
      await page.click('#theme');
      await page.reload();
      await waitForStatus(/Ready/, 90_000);
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('light')), true);
      await page.click('#load-demo');
      await waitForStatus(/Segmented 5000 rows/);
      await page.waitForTimeout(300);
      await shot('5-light');
      await page.click('#theme');
    });

    test('the Content-Security-Policy blocks connections; no request left the page', async () => {
      // The browser reports the blocked connection as a policy violation (not merely a refused port).
      const violation = await page.evaluate(async () => {
        const seen = new Promise((resolve) => document.addEventListener('securitypolicyviolation',
          (e) => resolve(e.effectiveDirective || e.violatedDirective), { once: true }));
        fetch('http://127.0.0.1:9/segmenter-must-not-connect').catch(() => {});
        return Promise.race([seen, new Promise((resolve) => setTimeout(() => resolve('no violation'), 3000))]);
      });
      assert.equal(violation, 'connect-src', 'a fetch to another origin is blocked by the policy');
      requests.splice(0, requests.length, ...requests.filter((u) => !u.includes('segmenter-must-not-connect')));
      const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
      assert.match(policy, /default-src 'none'/);
      if (edition === 'offline') assert.match(policy, /connect-src 'none'/);
      const own = edition === 'offline' ? url : url.replace(/\/$/, '');
      const foreign = requests.filter((u) => !u.startsWith(own) && !u.startsWith('data:') && !u.startsWith('blob:'));
      assert.deepEqual(foreign, [], `requests beyond the page: ${foreign.join(', ')}`);
      if (edition === 'offline') assert.deepEqual([...new Set(requests)], [url], 'the offline edition loads nothing but itself');
      const unexpected = consoleErrors.filter((m) => !/Content Security Policy|segmenter-must-not-connect|Failed to fetch/.test(m));
      assert.deepEqual(unexpected, []);
    });
  });
}

workflow('site');
workflow('offline');
