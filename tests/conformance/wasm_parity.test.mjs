// Native vs WebAssembly parity: the same CLI command must give the same result natively and in
// wasm (README: "same seed + data -> same labels, natively and in wasm").
//
//   SEGMENTER=build/segmenter SEGMENTER_WASM=build-web/segmenter_node.js \
//     node --test tests/conformance/wasm_parity.test.mjs
//
// Defaults: SEGMENTER = <repo>/build/segmenter, SEGMENTER_WASM = <repo>/build-web/segmenter_node.js
// (run as `node --no-experimental-fetch <js> ...args`; build it with `scripts/build.sh web`).
//
// Cases, each run with both binaries into separate temp folders:
//   (a) segment assets/demo_customers.csv --k 4 --seed 7
//   (b) segment assets/demo_customers.csv --k auto
//   (c) demo --rows 2000 --seed 5                     (the generated CSV, byte for byte)
//   (d) segment <the file from (c)> --k 4 --seed 7
//   (e) segment <a generated transaction log> --method clv --calibration-end ... (BG/NBD + Gamma-Gamma:
//       segments and counts exactly, every OUT.csv number and the fitted parameters to 1e-5
//       relative: the maximum-likelihood fit stops once the gradient is below 1e-9, and libm's
//       last-ulp differences between glibc and Emscripten's musl move that stopping point by ~1e-6)
// Asserted: OUT.csv byte-identical and identical labels (segment, segment_name per row);
// REPORT.json and MODEL.json: `k`, segment sizes and names exactly, every other string, boolean
// and null exactly, every number to 1e-9 relative (with a 1e-12 absolute floor for values that are
// zero on one side and rounding noise on the other). On a mismatch the message lists which rows
// and labels differ (or which JSON paths), so it can be reported without changing core code.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const NATIVE = path.resolve(REPO, process.env.SEGMENTER || path.join('build', 'segmenter'));
const WASM = path.resolve(REPO, process.env.SEGMENTER_WASM || path.join('build-web', 'segmenter_node.js'));
const DEMO = path.join(REPO, 'assets', 'demo_customers.csv');
const REL_TOL = 1e-9;
const ABS_FLOOR = 1e-12;
const MAX_LISTED = 25;
const TIMEOUT_MS = 10 * 60 * 1000;

// ---- running the two CLIs -------------------------------------------------------------------

function runCli(kind, args) {
  const [cmd, argv] =
    kind === 'native' ? [NATIVE, args] : [process.execPath, ['--no-experimental-fetch', WASM, ...args]];
  const r = spawnSync(cmd, argv, { cwd: REPO, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${kind} CLI could not run (${cmd}): ${r.error.message}`);
  assert.equal(
    r.status,
    0,
    `${kind} CLI failed: ${path.basename(cmd)} ${argv.join(' ')}\nexit ${r.status} signal ${r.signal}\n` +
      `stderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 2000)}`,
  );
  return r;
}

// ---- CSV records (RFC 4180) -----------------------------------------------------------------

function splitRecords(text) {
  const records = [];
  let fields = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else {
      field += ch;
    }
    i += 1;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}

// Row-by-row labels: { header, rows: [{ row, segment, name }] } from the last two columns.
function labelsOf(csvText) {
  const records = splitRecords(csvText);
  const header = records[0] || [];
  const si = header.lastIndexOf('segment');
  const ni = header.lastIndexOf('segment_name');
  assert.ok(si >= 0 && ni >= 0, `OUT.csv header has no segment/segment_name columns: ${header.join(',')}`);
  return records.slice(1).map((f, idx) => ({ row: idx + 1, segment: f[si], name: f[ni] }));
}

function describeLabelDiffs(native, wasm) {
  const lines = [];
  let count = 0;
  const n = Math.max(native.length, wasm.length);
  const moves = new Map();  // "native label -> wasm label" counts
  for (let i = 0; i < n; ++i) {
    const a = native[i];
    const b = wasm[i];
    if (a && b && a.segment === b.segment && a.name === b.name) continue;
    count += 1;
    const key = `${a ? a.segment : '(none)'} -> ${b ? b.segment : '(none)'}`;
    moves.set(key, (moves.get(key) || 0) + 1);
    if (lines.length < MAX_LISTED) {
      lines.push(
        `  data row ${i + 1}: native ${a ? `${a.segment} "${a.name}"` : '(missing)'}, ` +
          `wasm ${b ? `${b.segment} "${b.name}"` : '(missing)'}`,
      );
    }
  }
  if (count === 0) return '';
  // Same partition with other numbers? (every native label maps to one wasm label and back)
  const fwd = new Map();
  const back = new Map();
  let bijective = native.length === wasm.length;
  for (let i = 0; bijective && i < native.length; ++i) {
    const a = native[i].segment;
    const b = wasm[i].segment;
    if ((fwd.has(a) && fwd.get(a) !== b) || (back.has(b) && back.get(b) !== a)) bijective = false;
    fwd.set(a, b);
    back.set(b, a);
  }
  const summary = [...moves.entries()].map(([k, v]) => `${k}: ${v}`).join(', ');
  return (
    `${count} of ${n} rows have different labels (native segment -> wasm segment: ${summary})\n` +
    (bijective ? '  (the same partition, numbered differently)\n' : '') +
    lines.join('\n') +
    (count > lines.length ? `\n  ... and ${count - lines.length} more` : '')
  );
}

function firstByteDiff(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; ++i) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function describeByteDiff(a, b) {
  const at = firstByteDiff(a, b);
  if (at < 0) return '';
  const line = a.subarray(0, at).toString('latin1').split('\n').length;
  const show = (buf) => JSON.stringify(buf.subarray(Math.max(0, at - 40), at + 80).toString('utf8'));
  return `sizes native ${a.length} / wasm ${b.length} bytes; first difference at byte ${at} (line ${line})\n` +
    `  native: ${show(a)}\n  wasm:   ${show(b)}`;
}

// ---- JSON comparison ------------------------------------------------------------------------

function numbersClose(a, b) {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_FLOOR);
}

// Collects differences as "path: native X, wasm Y". `exact` paths (regexes) compare numbers exactly.
function diffJson(a, b, where, out, exact) {
  const isExact = exact.some((re) => re.test(where));
  if (typeof a === 'number' && typeof b === 'number') {
    if (isExact ? a !== b : !numbersClose(a, b)) {
      const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
      out.push(`${where}: native ${a}, wasm ${b}${isExact ? ' (must be equal)' : ` (relative difference ${rel.toExponential(2)})`}`);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${where}: native has ${a.length} items, wasm ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); ++i) diffJson(a[i], b[i], `${where}[${i}]`, out, exact);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in a)) out.push(`${where}.${key}: only in wasm`);
      else if (!(key in b)) out.push(`${where}.${key}: only in native`);
      else diffJson(a[key], b[key], `${where}.${key}`, out, exact);
    }
    return;
  }
  if (a !== b) out.push(`${where}: native ${JSON.stringify(a)}, wasm ${JSON.stringify(b)}`);
}

function assertJsonParity(native, wasm, what, exact) {
  const diffs = [];
  diffJson(native, wasm, '$', diffs, exact);
  assert.ok(
    diffs.length === 0,
    `${what}: ${diffs.length} difference(s) between native and wasm (numbers to ${REL_TOL} relative):\n` +
      diffs.slice(0, MAX_LISTED).map((d) => `  ${d}`).join('\n') +
      (diffs.length > MAX_LISTED ? `\n  ... and ${diffs.length - MAX_LISTED} more` : ''),
  );
}

// ---- the tests ------------------------------------------------------------------------------

let tmp;

function segmentBoth(name, input, extra) {
  const out = {};
  for (const kind of ['native', 'wasm']) {
    const dir = path.join(tmp, name, kind);
    fs.mkdirSync(dir, { recursive: true });
    const files = { out: path.join(dir, 'OUT.csv'), report: path.join(dir, 'R.json'), model: path.join(dir, 'M.json') };
    runCli(kind, ['segment', input, '--out', files.out, '--report', files.report, '--model', files.model, ...extra]);
    out[kind] = {
      csv: fs.readFileSync(files.out),
      report: JSON.parse(fs.readFileSync(files.report, 'utf8')),
      model: JSON.parse(fs.readFileSync(files.model, 'utf8')),
    };
  }
  return out;
}

function assertSegmentParity(r) {
  // Labels first: the clearest message when clustering differs.
  const ln = labelsOf(r.native.csv.toString('utf8'));
  const lw = labelsOf(r.wasm.csv.toString('utf8'));
  const labelDiff = describeLabelDiffs(ln, lw);
  assert.ok(labelDiff === '', `labels differ between native and wasm:\n${labelDiff}`);
  assert.ok(
    r.native.csv.equals(r.wasm.csv),
    `OUT.csv differs between native and wasm although the labels agree:\n${describeByteDiff(r.native.csv, r.wasm.csv)}`,
  );

  const a = r.native.report;
  const b = r.wasm.report;
  assert.equal(b.k, a.k, `REPORT.json k: native ${a.k}, wasm ${b.k}`);
  assert.deepEqual(
    (b.segments || []).map((s) => [s.size, s.name]),
    (a.segments || []).map((s) => [s.size, s.name]),
    'REPORT.json segment sizes and names differ (entries are [size, name])',
  );
  // Counts, sizes, ids, k and iteration counts must be equal; everything else numeric to 1e-9.
  const exact = [/^\$\.k$/, /\.size$/, /\.id$/, /\.rows$/, /\.iterations$/, /\.seed$/, /\.recommended$/, /\.sample_rows$/,
    /\.silhouette_sample$/];
  assertJsonParity(a, b, 'REPORT.json', exact);
  assertJsonParity(r.native.model, r.wasm.model, 'MODEL.json', [/^\$\.k$/, /\.version$/]);
}

describe('native vs wasm CLI parity', () => {
  before(() => {
    assert.ok(
      fs.existsSync(NATIVE),
      `native CLI not found at ${NATIVE}: build it with \`scripts/build.sh native\` or set SEGMENTER=/path/to/segmenter`,
    );
    assert.ok(
      fs.existsSync(WASM) && fs.existsSync(WASM.replace(/\.js$/, '.wasm')),
      `wasm CLI not found at ${WASM} (and its .wasm next to it): build it with \`scripts/build.sh web\` ` +
        '(or `cmake --build build-web --target segmenter`), or set SEGMENTER_WASM=/path/to/segmenter_node.js',
    );
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-parity-'));
  });
  after(() => {
    if (tmp && !process.env.SEG_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('(a) segment demo_customers.csv --k 4 --seed 7', () => {
    assertSegmentParity(segmentBoth('k4', DEMO, ['--k', '4', '--seed', '7']));
  });

  test('(b) segment demo_customers.csv --k auto', () => {
    const r = segmentBoth('auto', DEMO, ['--k', 'auto']);
    assert.ok(Array.isArray(r.native.report.k_scores), 'REPORT.json of --k auto has k_scores');
    assertSegmentParity(r);
  });

  let demoFile;
  test('(c) demo --rows 2000 --seed 5 is byte-identical', () => {
    const outs = {};
    for (const kind of ['native', 'wasm']) {
      const file = path.join(tmp, `demo-${kind}.csv`);
      runCli(kind, ['demo', '--rows', '2000', '--seed', '5', '--out', file]);
      outs[kind] = fs.readFileSync(file);
    }
    assert.ok(outs.native.length > 0, 'native demo output is empty');
    assert.ok(
      outs.native.equals(outs.wasm),
      `demo output differs between native and wasm:\n${describeByteDiff(outs.native, outs.wasm)}`,
    );
    const lines = outs.native.toString('utf8').trimEnd().split('\n');
    assert.equal(lines.length, 2001, 'demo --rows 2000 writes a header and 2000 rows');
    demoFile = path.join(tmp, 'demo-native.csv');
  });

  test('(d) segment the generated demo file --k 4 --seed 7', (t) => {
    if (!demoFile) return t.skip('needs the demo file from (c)');
    assertSegmentParity(segmentBoth('demo2000', demoFile, ['--k', '4', '--seed', '7']));
  });
  test('(e) segment a transaction log --method clv with a calibration end', () => {
    // 600 customers over two years, deterministic (an LCG, so the file is the same everywhere).
    let s = 987654321;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const day0 = Date.UTC(2024, 0, 1);
    const rows = ['customer,order_date,amount'];
    for (let c = 1; c <= 600; c++) {
      // A personal purchase rate and dropout probability (heterogeneous, as BG/NBD assumes).
      const rate = 0.005 + 0.1 * rnd() * rnd(), drop = 0.5 * rnd();
      for (let t = Math.floor(80 * rnd()), first = true; t < 729; t += 1 + Math.floor(-Math.log(1 - rnd()) / rate), first = false) {
        if (!first && rnd() < drop) break;
        rows.push(['K' + c, new Date(day0 + t * 86400000).toISOString().slice(0, 10), (5 + 60 * rnd()).toFixed(2)].join(','));
      }
    }
    const input = path.join(tmp, 'txns.csv');
    fs.writeFileSync(input, rows.join('\n') + '\n');
    const r = segmentBoth('clv', input, ['--method', 'clv', '--customer', 'customer', '--date', 'order_date', '--amount', 'amount',
      '--calibration-end', '2025-06-30', '--discount-rate', '0.002']);
    const a = splitRecords(r.native.csv.toString('utf8'));
    const b = splitRecords(r.wasm.csv.toString('utf8'));
    assert.equal(b.length, a.length, 'OUT.csv row counts differ');
    assert.ok(a.length > 500, 'one row per customer who bought');
    const CLV_TOL = 1e-5;
    const close = (x, y) => x === y || Math.abs(x - y) <= Math.max(CLV_TOL * Math.max(Math.abs(x), Math.abs(y)), 1e-9);
    const diffs = [];
    for (let i = 0; i < a.length; i++) {
      for (let k = 0; k < a[i].length; k++) {
        const x = a[i][k], y = b[i][k];
        if (x === y) continue;
        const numeric = !['segment', 'segment_name', 'customer'].includes(a[0][k]);
        if (numeric && x !== '' && y !== '' && close(Number(x), Number(y))) continue;
        diffs.push(`row ${i} column ${a[0][k]}: native ${x}, wasm ${y}`);
      }
    }
    assert.ok(diffs.length === 0, `OUT.csv differs:\n${diffs.slice(0, MAX_LISTED).join('\n')}`);
    const ra = r.native.report, rb = r.wasm.report;
    assert.ok(ra.bgnbd.converged && ra.validation.bgnbd.converged, 'the BG/NBD fits converge on this log');
    assert.deepEqual(rb.segments.map((x) => [x.customers, x.name]), ra.segments.map((x) => [x.customers, x.name]), 'segments');
    for (const fit of [['bgnbd', ['r', 'alpha', 'a', 'b', 'log_likelihood']], ['gamma_gamma', ['p', 'q', 'v', 'log_likelihood']]])
      for (const where of [ra, ra.validation].map((x, i) => [x, i === 0 ? rb : rb.validation]))
        for (const key of fit[1])
          assert.ok(close(where[0][fit[0]][key], where[1][fit[0]][key]), `${fit[0]}.${key}: native ${where[0][fit[0]][key]}, wasm ${where[1][fit[0]][key]}`);
    assert.deepEqual(rb.validation.by_frequency.map((x) => x.customers), ra.validation.by_frequency.map((x) => x.customers));
    assert.equal(rb.validation.actual_total, ra.validation.actual_total);
    assert.ok(close(ra.validation.predicted_total, rb.validation.predicted_total), 'predicted_total');
  });
});
