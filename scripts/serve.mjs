#!/usr/bin/env node
// Zero-dependency static server for the Segmenter browser app.
//
//   node scripts/serve.mjs SITE_DIR [PORT]     (default port 8080)
//
// Binds 127.0.0.1 only, serves GET/HEAD for files under SITE_DIR, and sends a strict
// Content-Security-Policy (connect-src 'self': the page cannot send data anywhere else) plus
// cross-origin isolation headers on every response.
// Tests import startServer(siteDir, port) (port 0 = random free port).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

export const HOST = '127.0.0.1';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
});

export const MIME_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.data': 'application/octet-stream',
});

function send(res, status, body, extraHeaders = {}, headOnly = false) {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': buf.length,
    ...extraHeaders,
  });
  res.end(headOnly ? undefined : buf);
}

// Maps a request URL path onto a file inside root, or returns null if it escapes root / is invalid.
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (!decoded.startsWith('/')) return null;
  // Reject any ".." segment outright rather than normalising it away.
  if (decoded.split('/').some((seg) => seg === '..')) return null;
  if (decoded.endsWith('/')) decoded += 'index.html';
  const full = path.resolve(root, '.' + decoded);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

function makeHandler(root) {
  return (req, res) => {
    const headOnly = req.method === 'HEAD';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let pathname;
    try {
      pathname = new URL(req.url, `http://${HOST}`).pathname;
    } catch {
      send(res, 400, 'Bad Request\n', {}, headOnly);
      return;
    }
    const file = resolveInside(root, pathname);
    if (!file) {
      send(res, 404, 'Not Found\n', {}, headOnly);
      return;
    }
    fs.realpath(file, (rpErr, real) => {
      // Also refuse symlinks that point outside the site directory.
      if (rpErr || (real !== root && !real.startsWith(root + path.sep))) {
        send(res, 404, 'Not Found\n', {}, headOnly);
        return;
      }
      fs.stat(real, (statErr, st) => {
        if (statErr || !st.isFile()) {
          send(res, 404, 'Not Found\n', {}, headOnly);
          return;
        }
        const type = MIME_TYPES[path.extname(real).toLowerCase()] || 'application/octet-stream';
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': type,
          'Content-Length': st.size,
        });
        if (headOnly) {
          res.end();
          return;
        }
        const stream = fs.createReadStream(real);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
      });
    });
  };
}

/**
 * Starts the static server on 127.0.0.1:port (0 = random free port).
 * Resolves with the listening http.Server; rejects on listen errors (e.g. EADDRINUSE).
 */
export function startServer(siteDir, port = 8080) {
  return new Promise((resolve, reject) => {
    let root;
    try {
      root = fs.realpathSync(path.resolve(siteDir));
      if (!fs.statSync(root).isDirectory()) throw new Error('not a directory');
    } catch {
      reject(new Error(`site directory not found: ${siteDir}`));
      return;
    }
    const server = http.createServer(makeHandler(root));
    const onError = (err) => {
      server.removeListener('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      resolve(server);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(Number(port), HOST);
  });
}

async function main(argv) {
  const [siteDir, portArg] = argv;
  if (!siteDir) {
    console.error('usage: node scripts/serve.mjs SITE_DIR [PORT]');
    process.exit(2);
  }
  const port = portArg === undefined || portArg === '' ? 8080 : Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port "${portArg}": use a number from 0 to 65535.`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(siteDir, 'index.html'))) {
    console.error(`No index.html in ${siteDir}: build the web app first (scripts/build.sh web).`);
    process.exit(1);
  }
  let server;
  try {
    server = await startServer(siteDir, port);
  } catch (err) {
    if (err && err.code === 'EADDRINUSE') {
      console.error(`Port ${port} on ${HOST} is already in use; choose another, e.g. PORT=9000 scripts/serve.sh`);
    } else if (err && err.code === 'EACCES') {
      console.error(`Not allowed to listen on ${HOST}:${port}; choose another, e.g. PORT=9000 scripts/serve.sh`);
    } else {
      console.error(`Could not start the server: ${err && err.message ? err.message : err}`);
    }
    process.exit(1);
  }
  const actual = server.address().port;
  console.log(`Segmenter is running at http://${HOST}:${actual}/`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
