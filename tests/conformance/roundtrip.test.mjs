// Round trip through `segmenter segment`: the export must be the input, byte for byte, with
// `<delim>segment<delim>segment_name` appended to every record.
//
//   node --test tests/conformance/
//   SEGMENTER=build-helper-conf/segmenter node --test tests/conformance/
//
// Inputs: a set of tricky files generated into a temp dir (German Excel with `sep=;`, decimal
// comma and Windows-1252 bytes; UTF-16LE with BOM and tabs; UTF-8 BOM; CR-only line ends; quoted
// fields with delimiters, doubled quotes and line breaks; a title row; a malformed row; no final
// newline; thousands separators; currency and percentages), plus every ../shared/datasets/*/*.csv
// (skipped with a message when that folder is absent, as in a fresh clone).
//
// Documented behaviour asserted here (README "What the importer understands", csv_writer.hpp):
//   - the export is written in the input's encoding, with its BOM if it had one;
//   - every original record is copied unchanged; lines above the header (sep=, title and blank
//     rows) are copied unchanged with nothing appended;
//   - the header record gets `segment` and `segment_name` (a file read without a header gets no
//     header), every accepted row its segment (1..k) and a non-empty segment name;
//   - rows with the wrong number of fields are set aside, listed by `inspect` (report.rejected,
//     with their line) and "stay in exports": unchanged, with both new fields empty.
// Comparison works on bytes: BOMs are compared as bytes, the rest is decoded with TextDecoder
// (utf-8 fatal, utf-16le/be, windows-1252), split into records with an RFC 4180 splitter, checked
// record by record, then re-encoded and compared with the output file as a whole.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SEGMENTER = path.resolve(REPO, process.env.SEGMENTER || path.join('build', 'segmenter'));
const DATASETS = path.resolve(REPO, '..', 'shared', 'datasets');
const K = 2;

// ---- encodings -----------------------------------------------------------------------------------

const BOMS = {
  'utf-8': Buffer.from([0xef, 0xbb, 0xbf]),
  'utf-16le': Buffer.from([0xff, 0xfe]),
  'utf-16be': Buffer.from([0xfe, 0xff]),
};

// Windows-1252 as WHATWG defines it: Latin-1 except 0x80..0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D map to
// the C1 controls, so decode + encode is lossless for every byte). Built by hand because Node 20's
// TextDecoder('windows-1252') decodes as ISO-8859-1 (0x80 -> U+0080 instead of U+20AC).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_TO_CHAR = Array.from({ length: 256 }, (_, b) =>
  String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b));
const CP1252 = new Map(CP1252_TO_CHAR.map((ch, b) => [ch, b]));

function encode(text, enc) {
  switch (enc) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'windows-1252': {
      const out = Buffer.alloc(text.length);
      for (let i = 0; i < text.length; ++i) {
        const b = CP1252.get(text[i]);
        if (b === undefined) throw new Error(`${JSON.stringify(text[i])} is not in Windows-1252`);
        out[i] = b;
      }
      return out;
    }
    default:
      throw new Error(`unknown encoding ${enc}`);
  }
}

function decode(bytes, enc) {
  if (enc === 'windows-1252') {
    let s = '';
    for (const b of bytes) s += CP1252_TO_CHAR[b];
    return s;
  }
  return new TextDecoder(enc, { fatal: true, ignoreBOM: true }).decode(bytes);
}

function bomOf(bytes) {
  for (const [enc, bom] of Object.entries(BOMS)) {
    if (bytes.length >= bom.length && bytes.subarray(0, bom.length).equals(bom)) return { enc, bom };
  }
  return { enc: null, bom: Buffer.alloc(0) };
}

// ---- CSV splitting -------------------------------------------------------------------------------

// Splits CSV text into records: [{ body, term, line }], `term` being the record's line ending
// ('\r\n', '\n', '\r' or '' at the end of the text) and `line` the 1-based physical line it starts
// on. RFC 4180: a quote opens a quoted field only at the start of a field; inside one, a doubled
// quote is a quote and line breaks belong to the field.
function splitRecords(text, delim, quote = '"') {
  const out = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  let i = 0;
  let inQuotes = false;
  let fieldStart = true;
  while (i < text.length) {
    const c = text[i];
    const eol = c === '\r' || c === '\n' ? (c === '\r' && text[i + 1] === '\n' ? 2 : 1) : 0;
    if (inQuotes) {
      if (c === quote) {
        if (text[i + 1] === quote) i += 2;
        else { inQuotes = false; i += 1; }
      } else {
        if (eol) line += 1;
        i += eol || 1;
      }
      continue;
    }
    if (c === quote && fieldStart) { inQuotes = true; fieldStart = false; i += 1; continue; }
    if (eol) {
      out.push({ body: text.slice(start, i), term: text.slice(i, i + eol), line: startLine });
      i += eol;
      line += 1;
      start = i;
      startLine = line;
      fieldStart = true;
      continue;
    }
    fieldStart = c === delim;
    i += 1;
  }
  if (start < text.length) out.push({ body: text.slice(start), term: '', line: startLine });
  return out;
}

// Splits one record body into field values (quotes removed, doubled quotes undone).
function splitFields(body, delim, quote = '"') {
  const fields = [];
  let i = 0;
  for (;;) {
    let v = '';
    if (body[i] === quote) {
      i += 1;
      for (;;) {
        if (i >= body.length) throw new Error(`unterminated quote in ${JSON.stringify(body)}`);
        if (body[i] === quote) {
          if (body[i + 1] === quote) { v += quote; i += 2; } else { i += 1; break; }
        } else v += body[i++];
      }
    }
    while (i < body.length && body[i] !== delim) v += body[i++];
    fields.push(v);
    if (i >= body.length) return fields;
    i += 1;
  }
}

const show = (s) => (s.length > 300 ? `${JSON.stringify(s.slice(0, 300))}...` : JSON.stringify(s));

// ---- running the CLI -----------------------------------------------------------------------------

function run(args) {
  const r = spawnSync(SEGMENTER, args, { encoding: 'buffer', timeout: 300_000, maxBuffer: 512 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function inspectFile(file) {
  const r = run(['inspect', file, '--json']);
  assert.equal(r.status, 0, `inspect exited ${r.status} (${r.signal ?? 'no signal'}): ${r.stderr}`);
  return JSON.parse(r.stdout.toString('utf8'));
}

// Runs `segment FILE --out OUT --k 2` and checks the export against the input. `expect` (for the
// generated files) pins what the importer must have detected: encoding, delimiter, bom, the
// number of lines above the header and the lines of the rejected rows.
function checkRoundTrip(file, outDir, expect = null) {
  const info = inspectFile(file);
  if (expect) {
    assert.equal(info.encoding, expect.encoding, 'detected encoding');
    assert.equal(info.delimiter, expect.delimiter, 'detected delimiter');
    assert.equal(info.bom, expect.bom, 'detected BOM');
    assert.equal(info.header, true, 'detected header');
    assert.equal(info.skipped_lines, expect.skipped, 'lines skipped above the header');
    assert.deepEqual(info.report.rejected.map((x) => x.line), expect.rejectedLines,
      `rejected rows: ${JSON.stringify(info.report.rejected)}`);
    if (expect.rows !== undefined) assert.equal(info.row_count, expect.rows, 'row count');
    if (expect.numeric) {
      for (const name of expect.numeric) {
        const col = info.columns.find((c) => c.name === name);
        assert.ok(col, `no column ${name}: ${info.columns.map((c) => c.name)}`);
        assert.equal(col.type, 'numeric', `type of ${name}`);
        assert.equal(col.missing, 0, `missing values in ${name}`);
      }
    }
  }
  const enc = info.encoding;
  const delim = info.delimiter;
  const rejectedLines = new Set(info.report.rejected.map((x) => x.line));

  const out = path.join(outDir, `${path.basename(file)}.out`);
  fs.rmSync(out, { force: true });
  const r = run(['segment', file, '--out', out, '--k', String(K)]);
  assert.equal(r.signal, null, `segment crashed with ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, `segment exited ${r.status}: ${r.stderr}`);

  const inBytes = fs.readFileSync(file);
  const outBytes = fs.readFileSync(out);
  const inBom = bomOf(inBytes);
  const outBom = bomOf(outBytes);
  assert.equal(outBom.enc, inBom.enc, 'BOM of the export');
  if (inBom.enc) assert.equal(inBom.enc, enc, 'BOM vs detected encoding');
  const inText = decode(inBytes.subarray(inBom.bom.length), enc);
  assert.ok(encode(inText, enc).equals(inBytes.subarray(inBom.bom.length)), 'test bug: decoding is not lossless');
  let outText;
  try {
    outText = decode(outBytes.subarray(outBom.bom.length), enc);
  } catch (e) {
    assert.fail(`export is not valid ${enc}: ${e.message}`);
  }

  const inRecs = splitRecords(inText, delim);
  const outRecs = splitRecords(outText, delim);
  const skipped = info.skipped_lines;
  let rebuilt = '';
  // With no header (`header: false`, e.g. wine_sklearn.csv) there is no header record to name the
  // new columns: every record after the skipped lines is a data row.
  let header = !info.header;
  let accepted = 0;
  let rejected = 0;
  const n = Math.min(inRecs.length, outRecs.length);
  for (let i = 0; i < n; ++i) {
    const a = inRecs[i];
    const b = outRecs[i];
    const where = `record ${i + 1} (line ${a.line}):\n in: ${show(a.body + a.term)}\nout: ${show(b.body + b.term)}`;
    assert.equal(b.term, a.term, `line ending of ${where}`);
    rebuilt += b.body + b.term;
    if (a.line <= skipped || (a.body === '' && header)) {
      // Above the header (sep=, title and blank rows), or a blank line between records.
      assert.equal(b.body, a.body, `line above the header changed: ${where}`);
      continue;
    }
    assert.ok(b.body.startsWith(a.body + delim), `original record not kept: ${where}`);
    const extra = splitFields(b.body.slice(a.body.length + 1), delim);
    if (!header) {
      assert.deepEqual(extra, ['segment', 'segment_name'], `header: ${where}`);
      header = true;
    } else if (rejectedLines.has(a.line)) {
      assert.deepEqual(extra, ['', ''], `a rejected row must keep empty new fields: ${where}`);
      rejected += 1;
    } else {
      assert.equal(extra.length, 2, `new fields: ${where}`);
      assert.match(extra[0], /^[1-9][0-9]*$/, `segment: ${where}`);
      assert.ok(Number(extra[0]) <= K, `segment > k: ${where}`);
      assert.ok(extra[1].length > 0, `empty segment_name: ${where}`);
      accepted += 1;
    }
  }
  if (outRecs.length !== inRecs.length) {
    const extra = outRecs[n] ?? inRecs[n];
    assert.fail(`record count: input ${inRecs.length}, export ${outRecs.length}; first unmatched: ${show(extra.body + extra.term)}`);
  }
  assert.ok(header, 'no header record in the export');
  assert.ok(accepted > 0, 'no segmented row in the export');
  assert.equal(accepted, info.row_count, 'accepted rows in the export vs inspect row_count');
  assert.equal(rejected, info.report.rejected_total, 'rejected rows in the export vs inspect');
  // The whole file, as bytes: BOM + the records above, re-encoded.
  const expected = Buffer.concat([inBom.bom, encode(rebuilt, enc)]);
  assert.ok(outBytes.equals(expected), 'export bytes differ from the records checked above');
  fs.rmSync(out, { force: true });
  return { records: inRecs.length, accepted, rejected };
}

// ---- generated files -----------------------------------------------------------------------------

// Eight customers with spread-out numbers (two clear groups), formatted per file.
const PEOPLE = [
  ['1001', 'Müller & Söhne GmbH', 'München', 1234.56, 12.5, 34],
  ['1002', 'Bäckerei Öztürk', 'Köln', 987.1, 8.25, 41],
  ['1003', 'Straße; Nr. 5 "Süd"', 'Düsseldorf', 15000, 3.1, 29],
  ['1004', 'Preis in € e.K.', 'Würzburg', 2500.75, -4.2, 57],
  ['1005', 'Jäger\nLogistik', 'Graz', 48210.9, 22, 63],
  ['1006', 'Zürcher Großhandel AG', 'Zürich', 51234.5, 19.75, 48],
  ['1007', 'Ærø Café', 'Linz', 45999.99, 17, 52],
  ['1008', 'Ölmühle Nord', 'Kiel', 1500, 6.5, 38],
];

function german(x, decimals = 2) {
  const [int, frac] = Math.abs(x).toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${x < 0 ? '-' : ''}${grouped},${frac}`;
}
const plainComma = (x) => String(x).replace('.', ',');

// Quotes a field when it needs it, or always when given as { q: 'text' }.
function quote(v, delim) {
  const force = typeof v === 'object';
  const s = force ? v.q : String(v);
  return force || /["\r\n]/.test(s) || s.includes(delim) ? `"${s.replace(/"/g, '""')}"` : s;
}

function table(rows, delim, eol) {
  return rows.map((r) => r.map((v) => quote(v, delim)).join(delim)).join(eol) + eol;
}

const SAFE = (s) => s.replace(/\n/g, ' ');

const GENERATED = [
  {
    name: 'german_excel_cp1252.csv',
    note: 'sep=; line, ; delimiter, decimal comma, thousands dots, Windows-1252 (€ = 0x80, umlauts), CRLF',
    bytes: () => encode(
      'sep=;\r\n' + table([['Kundennr', 'Firma', 'Ort', 'Umsatz', 'Marge'],
        ...PEOPLE.map((p) => [p[0], SAFE(p[1]), p[2], german(p[3]), plainComma(p[4])])], ';', '\r\n'),
      'windows-1252'),
    expect: { encoding: 'windows-1252', delimiter: ';', bom: false, skipped: 1, rejectedLines: [], rows: 8, numeric: ['Umsatz', 'Marge'] },
  },
  {
    name: 'utf16le_tab.csv',
    note: 'UTF-16LE with BOM, tab delimiter, CRLF, non-BMP character',
    bytes: () => Buffer.concat([BOMS['utf-16le'], encode(
      table([['id', 'name', 'city', 'revenue', 'age'],
        ...PEOPLE.map((p, i) => [p[0], SAFE(p[1]) + (i === 2 ? ' 😀' : ''), p[2], p[3].toFixed(2), p[5]])], '\t', '\r\n'),
      'utf-16le')]),
    expect: { encoding: 'utf-16le', delimiter: '\t', bom: true, skipped: 0, rejectedLines: [], rows: 8, numeric: ['revenue', 'age'] },
  },
  {
    name: 'utf8_bom.csv',
    note: 'UTF-8 with BOM, comma, LF',
    bytes: () => Buffer.concat([BOMS['utf-8'], encode(
      table([['id', 'name', 'city', 'revenue', 'age'],
        ...PEOPLE.map((p) => [p[0], SAFE(p[1]), p[2], p[3], p[5]])], ',', '\n'), 'utf-8')]),
    expect: { encoding: 'utf-8', delimiter: ',', bom: true, skipped: 0, rejectedLines: [], rows: 8, numeric: ['revenue', 'age'] },
  },
  {
    name: 'cr_only.csv',
    note: 'classic Mac line ends (CR only)',
    bytes: () => encode(table([['id', 'name', 'revenue', 'age'],
      ...PEOPLE.map((p) => [p[0], SAFE(p[1]), p[3], p[5]])], ',', '\r'), 'utf-8'),
    expect: { encoding: 'utf-8', delimiter: ',', bom: false, skipped: 0, rejectedLines: [], rows: 8, numeric: ['revenue', 'age'] },
  },
  {
    name: 'quoted_fields.csv',
    note: '; delimiter, quoted fields with ;, doubled quotes, LF and CRLF inside quotes, empty quoted field, CRLF',
    bytes: () => encode(table([['Kundennr', 'Firma', 'Notiz', 'Umsatz', 'Alter'],
      ...PEOPLE.map((p, i) => [p[0], { q: p[1] }, [{ q: '' }, 'a;b', 'er sagte "ja"', 'Zeile 1\r\nZeile 2', '"', ';', '""', 'x\ny'][i],
        plainComma(p[3]), p[5]])],
    ';', '\r\n'), 'utf-8'),
    expect: { encoding: 'utf-8', delimiter: ';', bom: false, skipped: 0, rejectedLines: [], rows: 8, numeric: ['Umsatz', 'Alter'] },
  },
  {
    name: 'title_row.csv',
    note: 'a title row and a blank row above the header',
    bytes: () => encode('Kundenliste Q3 2024\n\n' + table([['id', 'name', 'revenue', 'age'],
      ...PEOPLE.map((p) => [p[0], SAFE(p[1]), p[3], p[5]])], ',', '\n'), 'utf-8'),
    expect: { encoding: 'utf-8', delimiter: ',', bom: false, skipped: 2, rejectedLines: [], rows: 8, numeric: ['revenue', 'age'] },
  },
  {
    name: 'malformed_row.csv',
    note: 'a row with too many fields in the middle (line 5)',
    bytes: () => {
      const rows = [['id', 'name', 'revenue', 'age'], ...PEOPLE.map((p) => [p[0], SAFE(p[1]), p[3], p[5]])];
      rows[4] = [...rows[4], 'surplus'];
      return encode(table(rows, ',', '\n'), 'utf-8');
    },
    expect: { encoding: 'utf-8', delimiter: ',', bom: false, skipped: 0, rejectedLines: [5], rows: 7, numeric: ['revenue', 'age'] },
  },
  {
    name: 'no_final_newline.csv',
    note: 'the last line has no line ending',
    bytes: () => encode(table([['id', 'name', 'revenue', 'age'],
      ...PEOPLE.map((p) => [p[0], SAFE(p[1]), p[3], p[5]])], ',', '\n').replace(/\n$/, ''), 'utf-8'),
    expect: { encoding: 'utf-8', delimiter: ',', bom: false, skipped: 0, rejectedLines: [], rows: 8, numeric: ['revenue', 'age'] },
  },
  {
    name: 'thousands.csv',
    note: 'thousands separators with decimal comma: 1.234,56 and 12.345.678,90',
    bytes: () => encode(table([['id', 'name', 'umsatz', 'bestand'],
      ...PEOPLE.map((p, i) => [p[0], SAFE(p[1]), german(p[3]), german(p[3] * (i + 1) * 251.3)])], ';', '\n'), 'utf-8'),
    expect: { encoding: 'utf-8', delimiter: ';', bom: false, skipped: 0, rejectedLines: [], rows: 8, numeric: ['umsatz', 'bestand'] },
  },
  {
    name: 'currency_percent.csv',
    note: 'currency "€ 1.234,50" and percentages "12,5 %" (UTF-8)',
    bytes: () => encode(table([['id', 'name', 'umsatz', 'rabatt'],
      ...PEOPLE.map((p) => [p[0], SAFE(p[1]), `€ ${german(p[3])}`, `${plainComma(p[4])} %`])], ';', '\n'), 'utf-8'),
    expect: { encoding: 'utf-8', delimiter: ';', bom: false, skipped: 0, rejectedLines: [], rows: 8, numeric: ['umsatz', 'rabatt'] },
  },
  // A few more combinations of the above.
  {
    name: 'utf16be_semicolon.csv',
    note: 'UTF-16BE with BOM, ; delimiter, decimal comma, quoted LF inside a field, LF',
    bytes: () => Buffer.concat([BOMS['utf-16be'], encode(table([['Kundennr', 'Firma', 'Umsatz', 'Alter'],
      ...PEOPLE.map((p) => [p[0], p[1], german(p[3]), p[5]])], ';', '\n'), 'utf-16be')]),
    expect: { encoding: 'utf-16be', delimiter: ';', bom: true, skipped: 0, rejectedLines: [], rows: 8, numeric: ['Umsatz', 'Alter'] },
  },
  {
    name: 'cr_only_quoted.csv',
    note: 'CR-only line ends with a CR inside a quoted field',
    bytes: () => encode(table([['id', 'name', 'revenue', 'age'],
      ...PEOPLE.map((p) => [p[0], p[1].replace('\n', '\r'), p[3], p[5]])], ',', '\r'), 'utf-8'),
    expect: { encoding: 'utf-8', delimiter: ',', bom: false, skipped: 0, rejectedLines: [], rows: 8, numeric: ['revenue', 'age'] },
  },
  {
    name: 'cp1252_malformed_last_no_newline.csv',
    note: 'Windows-1252, ; CRLF, too many fields in the middle and a short last row without line ending',
    bytes: () => {
      const rows = [['Kundennr', 'Firma', 'Umsatz', 'Alter'], ...PEOPLE.map((p) => [p[0], SAFE(p[1]), german(p[3]), p[5]])];
      rows[3] = [...rows[3], '€ extra'];
      rows[8] = rows[8].slice(0, 3);
      return encode(table(rows, ';', '\r\n').replace(/\r\n$/, ''), 'windows-1252');
    },
    expect: { encoding: 'windows-1252', delimiter: ';', bom: false, skipped: 0, rejectedLines: [4, 9], rows: 6, numeric: ['Umsatz', 'Alter'] },
  },
  {
    name: 'trailing_blank_lines.csv',
    note: 'blank lines after the last record, CRLF',
    bytes: () => encode(table([['id', 'name', 'revenue', 'age'],
      ...PEOPLE.map((p) => [p[0], SAFE(p[1]), p[3], p[5]])], ',', '\r\n') + '\r\n\r\n', 'utf-8'),
    expect: { encoding: 'utf-8', delimiter: ',', bom: false, skipped: 0, rejectedLines: [], rows: 8, numeric: ['revenue', 'age'] },
  },
];

// ---- tests ---------------------------------------------------------------------------------------

let tmp = null;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-roundtrip-'));
});
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('prerequisite: segmenter binary', () => {
  assert.ok(fs.existsSync(SEGMENTER), `no segmenter at ${SEGMENTER}: build it or set SEGMENTER=path/to/segmenter`);
});

describe('round trip: generated files', { skip: !fs.existsSync(SEGMENTER) }, () => {
  for (const g of GENERATED) {
    test(`${g.name}: ${g.note}`, () => {
      const file = path.join(tmp, g.name);
      fs.writeFileSync(file, g.bytes());
      checkRoundTrip(file, tmp, g.expect);
    });
  }
});

const SHARED = fs.existsSync(DATASETS)
  ? fs.readdirSync(DATASETS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(DATASETS, d.name))
      .filter((f) => f.endsWith('.csv'))
      .map((f) => path.join(DATASETS, d.name, f)))
    .sort()
  : [];

describe('round trip: ../shared/datasets/*/*.csv', () => {
  if (!fs.existsSync(DATASETS)) {
    test('shared datasets', { skip: `${DATASETS} is absent (as in a fresh clone): nothing to round-trip` }, () => {});
    return;
  }
  for (const file of SHARED) {
    test(path.relative(DATASETS, file), { skip: !fs.existsSync(SEGMENTER), timeout: 600_000 }, (t) => {
      const r = checkRoundTrip(file, tmp);
      t.diagnostic(`${r.records} records, ${r.accepted} segmented, ${r.rejected} rejected and kept`);
    });
  }
});
