// Builds the offline edition: one self-contained HTML file (page, style, glue, WebAssembly and
// fonts inline) that works when opened from file://, e.g. from a USB stick for a sales demo.
// Usage: node scripts/make_offline_html.mjs WEB_DIR OFFLINE_JS OUT_HTML
// The inline scripts and style are allowed by their SHA-256 hashes in the Content-Security-Policy,
// which otherwise stays as strict as the served page: no connections at all.
import crypto from 'node:crypto';
import fs from 'node:fs';

const [webDir, offlineJs, outHtml] = process.argv.slice(2);
if (!outHtml) {
  console.error('usage: make_offline_html.mjs WEB_DIR OFFLINE_JS OUT_HTML');
  process.exit(2);
}
const read = (p) => fs.readFileSync(p, 'utf8');
const hash = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
// Inside <script>, "</script" would end the element; "<\/script" means the same to JavaScript.
const safeScript = (text) => text.replace(/<\/script/gi, '<\\/script');

let html = read(`${webDir}/index.html`);
const css = read(`${webDir}/style.css`);
const appJs = safeScript(read(`${webDir}/app.js`));
// Emscripten 3.1.6's glue fetch()es its inline wasm (a data: URI) before decoding it by hand; under
// connect-src 'none' that logs two policy errors at every start. The inline wasm needs no fetch:
// the glue decodes it directly (tryParseAsDataURI) when this condition is false.
const FETCH_WASM = 'function getBinaryPromise(){if(!wasmBinary&&(ENVIRONMENT_IS_WEB||ENVIRONMENT_IS_WORKER)){if(typeof fetch=="function"){';
const glue = read(offlineJs);
if (!glue.includes(FETCH_WASM)) throw new Error('the Emscripten glue no longer has the expected wasm fetch: update make_offline_html.mjs');
const moduleJs = safeScript(glue.replace(FETCH_WASM, FETCH_WASM.replace('typeof fetch=="function"', 'typeof fetch=="function"&&!isDataURI(wasmBinaryFile)')));

const replaceOnce = (from, to) => {
  if (!html.includes(from)) throw new Error(`index.html has no ${from}`);
  html = html.replace(from, () => to);
};
replaceOnce('<link rel="stylesheet" href="style.css">', `<style>${css}</style>`);
replaceOnce('<script src="app.js"></script>', `<script>${appJs}</script>`);
replaceOnce('<script src="segmenter.js"></script>', `<script>${moduleJs}</script>`);
const policy = [
  "default-src 'none'",
  `script-src ${hash(appJs)} ${hash(moduleJs)} 'wasm-unsafe-eval'`,
  "connect-src 'none'",
  'img-src data: blob:',
  `style-src ${hash(css)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () =>
  `<meta http-equiv="Content-Security-Policy" content="${policy}">\n<meta name="segmenter-edition" content="offline">`);
if (!html.includes('segmenter-edition')) throw new Error('index.html has no Content-Security-Policy meta element');
fs.writeFileSync(outHtml, html);
console.log(`offline edition: ${outHtml} (${(html.length / 1e6).toFixed(1)} MB)`);
