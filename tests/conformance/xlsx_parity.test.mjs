// Excel workbooks, native vs WebAssembly: the workbook reader (zlib + pugixml, compiled from
// Debian's source packages for wasm, Debian's libraries natively) must read every workbook the
// same way in both builds.
//
//   SEGMENTER=build/segmenter SEGMENTER_WASM=build-web/segmenter_node.js \
//     node --test tests/conformance/xlsx_parity.test.mjs
//
// The workbooks are written at test time by tests/xlsx/make_workbooks.py (Debian's
// python3-openpyxl; skipped without it, or without the wasm CLI). Asserted, for each workbook:
// `inspect --json` identical; for the demo data as a workbook, `segment --k 4 --seed 7` gives a
// byte-identical OUT.csv; for each bad file, the same exit status and the same message.

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
const DATASETS = path.resolve(REPO, '..', 'shared', 'datasets');

function run(kind, args) {
  const [cmd, argv] = kind === 'native' ? [NATIVE, args] : [process.execPath, ['--no-experimental-fetch', WASM, ...args]];
  const r = spawnSync(cmd, argv, { cwd: REPO, encoding: 'utf8', timeout: 10 * 60 * 1000, maxBuffer: 256 << 20 });
  if (r.error) throw new Error(`${kind} CLI could not run: ${r.error.message}`);
  return r;
}

let dir = '';
let skip = '';
before(() => {
  if (!fs.existsSync(WASM)) { skip = `no wasm CLI at ${WASM} (scripts/build.sh web)`; return; }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-xlsx-parity-'));
  const gen = spawnSync('/usr/bin/python3', [path.join(REPO, 'tests', 'xlsx', 'make_workbooks.py'), dir, DATASETS], { encoding: 'utf8' });
  if (gen.status !== 0) skip = 'python3-openpyxl is not installed (scripts/install_deps.sh test)';
});
after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

describe('workbooks: native = wasm', () => {
  test('inspect --json of every generated workbook', (t) => {
    if (skip) return t.skip(skip);
    const books = fs.readdirSync(dir).filter((f) => f.endsWith('.xlsx') && !['bomb.xlsx', 'corrupt.xlsx', 'encrypted.xlsx', 'empty_sheet.xlsx', 'chart_only.xlsx'].includes(f));
    assert.ok(books.length >= 3);
    for (const book of books) {
      for (const sheet of book === 'tricky.xlsx' ? ['1', '2'] : ['1']) {
        const args = ['inspect', path.join(dir, book), '--json', '--sheet', sheet];
        const n = run('native', args);
        const w = run('wasm', args);
        assert.equal(n.status, 0, `${book}: ${n.stderr}`);
        assert.equal(w.status, n.status, `${book}: ${w.stderr}`);
        assert.deepEqual(JSON.parse(w.stdout), JSON.parse(n.stdout), `${book} sheet ${sheet}`);
      }
    }
  });

  test('bad workbooks: the same status and message', (t) => {
    if (skip) return t.skip(skip);
    for (const f of ['bomb.xlsx', 'corrupt.xlsx', 'encrypted.xlsx', 'legacy.xls', 'odf.ods', 'other.zip', 'empty_sheet.xlsx', 'chart_only.xlsx']) {
      const args = ['segment', path.join(dir, f), '--out', path.join(dir, 'x.csv'), '--lang', 'de'];
      const n = run('native', args);
      const w = run('wasm', args);
      assert.equal(n.status, 1, `${f}: ${n.stderr}`);
      assert.equal(w.status, n.status, f);
      assert.equal(w.stderr, n.stderr, f);
    }
  });

  test('segment a workbook: byte-identical export', (t) => {
    if (skip) return t.skip(skip);
    const book = path.join(dir, 'ds_mall.xlsx');
    if (!fs.existsSync(book)) return t.skip(`shared datasets absent (${DATASETS})`);
    const outs = {};
    for (const kind of ['native', 'wasm']) {
      const out = path.join(dir, `mall_${kind}.csv`);
      const r = run(kind, ['segment', book, '--out', out, '--k', '4', '--seed', '7']);
      assert.equal(r.status, 0, `${kind}: ${r.stderr}`);
      outs[kind] = fs.readFileSync(out);
    }
    assert.ok(outs.native.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 BOM');
    assert.ok(outs.wasm.equals(outs.native), 'OUT.csv differs between native and wasm');
  });
});
