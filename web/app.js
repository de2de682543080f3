// Segmenter page glue: the DOM side of the app. Everything about data happens in the WebAssembly
// module (segmenter.js/.wasm); this file only hands it files the user chose and shows its status.
// No network access beyond this page's own files (the Content-Security-Policy enforces it).
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const statusEl = $('status');
  const progressEl = $('progress');
  const fileInput = $('file-input');
  let ready = false;
  let pending = null;  // a file chosen before the module was ready

  function setStatus(text, progress) {
    statusEl.textContent = text;
    if (progress === undefined || progress < 0) {
      progressEl.hidden = true;
    } else {
      progressEl.hidden = false;
      progressEl.value = progress;
    }
  }

  function showFatal(text) {
    $('fatal-text').textContent = text;
    $('fatal').hidden = false;
    setStatus(text);
  }

  // Hands bytes to the module: copied into the wasm heap, the module takes ownership.
  function loadBytes(name, bytes) {
    if (!ready) { pending = { name, bytes }; return; }
    const n = bytes.byteLength;
    const ptr = Module._malloc(Math.max(1, n));
    if (!ptr) { setStatus('Not enough memory to load ' + name + ' (' + n + ' bytes).'); return; }
    Module.HEAPU8.set(new Uint8Array(bytes), ptr);
    Module.ccall('seg_load_bytes', null, ['string', 'number', 'number'], [name, ptr, n]);
  }

  // Larger files cannot fit the tab's WebAssembly memory (4 GB at most, usually less in practice:
  // the file, its decoded text and the typed columns live there together). Checked before reading.
  const MAX_FILE_BYTES = 1024 * 1024 * 1024;

  function readFile(file) {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setStatus(file.name + ' is ' + (file.size / 1e9).toFixed(1) + ' GB, more than this browser tab can segment (about 1 GB). ' +
        'Use the segmenter command-line tool for files this size, or split the file. Nothing was read.');
      return;
    }
    setStatus('Reading ' + file.name + '…', 0);
    file.arrayBuffer().then((buf) => loadBytes(file.name, buf), (err) => {
      setStatus('Could not read ' + file.name + ': ' + err.message + '. Try choosing the file again.');
    });
  }

  function loadDemo() {
    setStatus('Loading the demo data…', 0);
    fetch('data/demo_customers.csv').then((r) => {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.arrayBuffer();
    }).then((buf) => loadBytes('demo_customers.csv', buf), (err) => {
      setStatus('Could not load the demo data (' + err.message + '). Reload the page and try again.');
    });
  }

  $('open-file').addEventListener('click', () => fileInput.click());
  $('load-demo').addEventListener('click', loadDemo);
  $('download-csv').addEventListener('click', () => {
    if (ready) Module.ccall('seg_download_csv', null, [], []);
  });
  $('fatal-reload').addEventListener('click', () => location.reload());
  fileInput.addEventListener('change', () => {
    readFile(fileInput.files[0]);
    fileInput.value = '';  // choosing the same file again fires change again
  });

  // Drag and drop anywhere on the page.
  const hint = $('drop-hint');
  let dragDepth = 0;
  window.addEventListener('dragenter', (e) => { e.preventDefault(); dragDepth++; hint.hidden = false; });
  window.addEventListener('dragleave', () => { if (--dragDepth <= 0) { dragDepth = 0; hint.hidden = true; } });
  window.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    hint.hidden = true;
    if (e.dataTransfer.files.length) readFile(e.dataTransfer.files[0]);
  });

  // Keyboard shortcuts that need the browser (file picker, download).
  window.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    const k = e.key.toLowerCase();
    if (k === 'o') { e.preventDefault(); fileInput.click(); }
    if (k === 's' && !$('download-csv').disabled) { e.preventDefault(); $('download-csv').click(); }
  });

  // The module's hooks into the page (called from C++ through EM_JS).
  window.SegmenterPage = {
    setStatus,
    setResultAvailable(on) { $('download-csv').disabled = !on; },
    setSummary(json) {
      const list = $('summary-list');
      list.replaceChildren();
      let segments = [];
      try { segments = JSON.parse(json); } catch (e) { segments = []; }
      $('summary-empty').hidden = segments.length > 0;
      for (const s of segments) {
        const li = document.createElement('li');
        li.dataset.segment = String(s.id);
        li.textContent = s.name + ': ' + s.size + ' customers (' + (s.share * 100).toFixed(1) + '%). ' + s.description;
        list.appendChild(li);
      }
    },
    fatal: showFatal,
    openPicker() { fileInput.click(); },
    loadDemo,
    download(name, mime, bytes) {
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
  };

  window.Module = {
    canvas: $('canvas'),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onRuntimeInitialized() {
      ready = true;
      if (pending) { const p = pending; pending = null; loadBytes(p.name, p.bytes); }
    },
    onAbort(what) {
      showFatal('Segmenter stopped unexpectedly (' + what + '). Your file was not sent anywhere. ' +
        'Reload the page to start again; if it happens again with the same file, the file may be too large for this browser tab.');
    },
  };
  window.addEventListener('error', (e) => {
    if (!ready) showFatal('Segmenter could not start: ' + e.message + '. Reload the page; if it persists, use a current browser with WebGL2 and WebAssembly.');
  });
})();
