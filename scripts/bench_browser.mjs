// Browser measurement (not a test): loads a generated customer file into the studio in headless
// Chromium and reports load-to-first-result time and frame times while the user interacts with
// the scatter plot (zoom, pan, hover). Prints a Markdown table.
//
//   node scripts/bench_browser.mjs [--rows 1000000] [--site build-web/site] [--segmenter build/segmenter]
//
// Needs the built site (scripts/build.sh web), the native CLI (to generate the file) and
// Debian's chromium + tests/e2e/node_modules (scripts/install_deps.sh test). Headless Chromium
// draws WebGL with SwiftShader (on the CPU), so frame times here are an upper bound: a laptop's
// GPU draws the points far faster; the wasm work per frame (time-boxed to 30 ms) is the same.
// Work that held the page for more than 50 ms at once (the app logs it) is listed under the table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const { chromium } = await import(path.join(REPO, 'tests', 'e2e', 'node_modules', 'playwright-core', 'index.mjs'));
const { startServer } = await import(path.join(REPO, 'scripts', 'serve.mjs'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const rowsList = arg('--rows', '100000,1000000').split(',').map(Number);
const site = path.resolve(REPO, arg('--site', 'build-web/site'));
const cli = path.resolve(REPO, arg('--segmenter', 'build/segmenter'));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
}

async function measure(rows, tmp) {
  const file = path.join(tmp, `customers-${rows}.csv`);
  execFileSync(cli, ['demo', '--rows', String(rows), '--seed', '7', '--out', file]);
  const mb = fs.statSync(file).size / 1e6;
  const server = await startServer(site, 0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(tmp, 'profile-')), {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1,
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    const longTasks = [];
    page.on('console', (msg) => { if (/held the page/.test(msg.text())) longTasks.push(msg.text().replace(/^segmenter: /, '')); });
    await page.goto(url);
    await page.waitForFunction(() => /Ready/.test(document.getElementById('status').textContent), null, { timeout: 120_000 });
    // Frame times for the whole run: every requestAnimationFrame gap, and the longest main-thread stall.
    await page.evaluate(() => {
      window.__frames = [];
      let last = performance.now();
      const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    const t0 = Date.now();
    await page.setInputFiles('#file-input', file);
    // The import ends where segmenting starts (the app starts a first segmentation at once).
    await page.waitForFunction(() => /Segmenting|Segmented/.test(document.getElementById('status').textContent), null, { timeout: 600_000, polling: 50 });
    const tImported = (Date.now() - t0) / 1000;
    await page.waitForFunction(() => /Segmented \d+ rows/.test(document.getElementById('status').textContent), null, { timeout: 900_000, polling: 100 });
    const tResult = (Date.now() - t0) / 1000;
    const workFrames = await page.evaluate(() => { const f = window.__frames; window.__frames = []; return f; });
    // Interaction over the scatter: hover sweeps, wheel zoom, drag pan (about 5 s).
    const box = { x: 360, y: 150, w: 980, h: 280 };
    for (let i = 0; i < 40; i++) {
      await page.mouse.move(box.x + (box.w * i) / 40, box.y + box.h / 2 + Math.sin(i / 3) * 100);
      if (i % 8 === 0) await page.mouse.wheel(0, i % 16 === 0 ? -240 : 120);
      await page.waitForTimeout(50);
    }
    await page.mouse.move(box.x + box.w / 2, box.y + box.h / 2);
    await page.mouse.down();
    for (let i = 0; i < 20; i++) {
      await page.mouse.move(box.x + box.w / 2 + i * 10, box.y + box.h / 2 + i * 4);
      await page.waitForTimeout(50);
    }
    await page.mouse.up();
    const frames = (await page.evaluate(() => window.__frames)).slice(2).sort((a, b) => a - b);
    const work = workFrames.slice(2).sort((a, b) => a - b);
    const heap = await page.evaluate(() => (window.Module && Module.HEAPU8 ? Module.HEAPU8.length : NaN));
    return { rows, mb, tImported, tResult, frames, work, heap, longTasks };
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-bench-browser-'));
const results = [];
for (const rows of rowsList) {
  process.stderr.write(`== ${rows} rows\n`);
  results.push(await measure(rows, tmp));
}
fs.rmSync(tmp, { recursive: true, force: true });
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
console.log(`Browser: headless Chromium ${execFileSync('/usr/bin/chromium', ['--version']).toString().trim().replace(/^Chromium /, '')}, ` +
  `WebGL2 via SwiftShader (CPU), ${os.cpus().length} cores, 1366x768 at DPR 1.\n`);
console.log('| rows | file MB | file → imported (s) | file → first result (s) | frame ms during work: median / p95 / max | frame ms while zooming, panning, hovering: median / p95 / max | wasm heap MB |');
console.log('|---:|---:|---:|---:|---|---|---:|');
for (const r of results) {
  console.log(`| ${r.rows.toLocaleString('en-US')} | ${f1(r.mb)} | ${f1(r.tImported)} | ${f1(r.tResult)} | ` +
    `${f1(quantile(r.work, 0.5))} / ${f1(quantile(r.work, 0.95))} / ${f1(r.work[r.work.length - 1])} | ` +
    `${f1(quantile(r.frames, 0.5))} / ${f1(quantile(r.frames, 0.95))} / ${f1(r.frames[r.frames.length - 1])} | ${f1(r.heap / 1e6)} |`);
}
for (const r of results) {
  if (r.longTasks.length) console.log(`\nLong tasks at ${r.rows.toLocaleString('en-US')} rows: ${r.longTasks.join('; ')}`);
}
