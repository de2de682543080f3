// papaparse_bench.mjs — for comparison only: how fast Papa Parse (the usual JavaScript CSV parser)
// parses the same generated demo CSVs in Node that `bench --import-only` imports.
//
//   node --no-experimental-fetch src/bench/papaparse_bench.mjs FILE.csv [FILE.csv ...]
//
// Parse only, dynamicTyping on (numbers and booleans typed, no dialect sniffing beyond Papa's own
// delimiter guess, no statistics, no byte-exact export data kept). The file is read into a
// string first (not timed); each file is parsed three times and the best run reported. Prints one
// Markdown table. papaparse comes from tests/e2e/node_modules (a devDependency there).
import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/e2e/package.json'));
const Papa = require('papaparse');
const version = require('papaparse/package.json').version;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: papaparse_bench.mjs FILE.csv [FILE.csv ...]');
  process.exit(2);
}

const fmtMs = (s) => (s < 1 ? `${(s * 1e3).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const rows = [];
for (const file of files) {
  const bytes = statSync(file).size;
  let text = readFileSync(file, 'utf8');
  let best = Infinity;
  let records = 0;
  let peak = 0;
  for (let run = 0; run < 3; run++) {
    const rss0 = process.memoryUsage().rss;
    const t0 = process.hrtime.bigint();
    const result = Papa.parse(text, { dynamicTyping: true });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss - rss0);
    records = result.data.length;
    best = Math.min(best, s);
  }
  text = null;
  rows.push({ file: path.basename(file), bytes, records, best, peak });
}

let md = `**Papa Parse ${version}** in Node ${process.version}: \`Papa.parse(text, { dynamicTyping: true })\`, best of 3.\n\n`;
md += '| File | Size | Records | Parse | RSS growth (first run ≈ result) |\n|---|---:|---:|---:|---:|\n';
for (const r of rows) {
  md += `| ${r.file} | ${(r.bytes / 1e6).toFixed(1)} MB | ${r.records.toLocaleString('en-US')} | ` +
        `${fmtMs(r.best)} · ${(r.bytes / 1e6 / r.best).toFixed(0)} MB/s | ${(r.peak / 1e6).toFixed(0)} MB |\n`;
}
process.stdout.write(md);
