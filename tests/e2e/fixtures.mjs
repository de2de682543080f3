// Shared fixtures of the browser tests: the Chromium we drive, the German Excel file, and waiting
// for the page's mirrored text (#status, #selection, ...).
import assert from 'node:assert/strict';

export const CHROMIUM = process.env.SEG_CHROMIUM || '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// Windows-1252 for the characters we use (everything else here is ASCII).
const CP1252 = { '€': 0x80, 'ä': 0xe4, 'ö': 0xf6, 'ü': 0xfc, 'Ä': 0xc4, 'Ö': 0xd6, 'Ü': 0xdc, 'ß': 0xdf, 'é': 0xe9 };
function encode1252(text) {
  const out = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80) out.push(code);
    else if (CP1252[ch] !== undefined) out.push(CP1252[ch]);
    else throw new Error(`no Windows-1252 byte for ${ch}`);
  }
  return Buffer.from(out);
}

// Deterministic PRNG (mulberry32) so a failing run can be reproduced.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// 400 customers in three groups, written the way German Excel saves "CSV (Trennzeichen-getrennt)".
export function germanExcelCsv() {
  const r = rng(4711);
  const cities = ['München', 'Köln', 'Düsseldorf', 'Nürnberg', 'Graz', 'Zürich'];
  const lines = ['sep=;', 'Kundennummer;Firma;Stadt;Umsatz;Bestellungen;Rabatt;Gekündigt'];
  const groups = [[800, 4, 2], [12000, 30, 8], [45000, 90, 15]];
  for (let i = 0; i < 400; i++) {
    const [rev, orders, discount] = groups[i % 3];
    const umsatz = (rev * (0.8 + 0.4 * r())).toFixed(2).replace('.', ',');
    const thousands = umsatz.replace(/\B(?=(\d{3})+,)/g, '.');
    const firma = i % 17 === 0 ? `"Müller; Söhne & Co. ""Nord"""` : `Bäckerei Schäfer ${i}`;
    lines.push([`K-${10000 + i}`, firma, cities[i % cities.length], `${thousands} €`,
      String(Math.round(orders * (0.7 + 0.6 * r()))), `${(discount + r()).toFixed(1).replace('.', ',')} %`,
      i % 3 === 0 && r() < 0.5 ? 'ja' : 'nein'].join(';'));
  }
  return encode1252(lines.join('\r\n') + '\r\n');
}

// Waits until the text of element #id matches `re`; on timeout fails with the text it has and
// whatever `diagnostics()` adds (console errors, failed requests, ...). Returns the text.
export async function waitForElementText(page, id, re, { timeout = 90_000, diagnostics = () => '' } = {}) {
  const text = () => page.locator('#' + id).textContent({ timeout: 2_000 }).catch(() => `<#${id} not found>`);
  try {
    await page.waitForFunction(([i, s, f]) => new RegExp(s, f).test(document.getElementById(i)?.textContent || ''),
      [id, re.source, re.flags], { timeout, polling: 200 });
  } catch (err) {
    assert.fail(`#${id} did not match ${re} within ${timeout / 1000} s; it reads: ${JSON.stringify(await text())}` +
      `${diagnostics()}\n(${err.message.split('\n')[0]})`);
  }
  return (await text()) ?? '';
}
