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
  let pending = null;  // a file (or the demo) chosen before the module was ready

  // ---- language and theme, remembered in this browser only (localStorage) ----------------------
  const TEXT = {
    en: {
      open: 'Open CSV…', open_title: 'Open a CSV file (Ctrl+O)',
      demo: 'Load demo data', demo_title: 'Load 5,000 generated B2B customers',
      download: 'Download segmented CSV', download_title: 'Download every original row with its segment (Ctrl+S)',
      language: 'Language', theme_title: 'Switch between dark and light theme',
      privacy: 'Your data stays in this browser',
      privacy_title: "Segmenter runs entirely in this tab. Files are read locally; nothing is uploaded, and the page's security policy blocks every connection to other servers.",
      drop: 'Drop a CSV file to segment it. It is read here, never uploaded.',
      reload: 'Reload Segmenter', segments: 'Segments', no_segments: 'No segmentation yet.',
      rename_hint: "Each segment's name can be edited here; press Enter to rename it.",
      name_of: 'Name of segment', customers: 'customers',
      too_big: (name, gb) => name + ' is ' + gb + ' GB, more than this browser tab can segment (about 1 GB). Use the segmenter command-line tool for files this size, or split the file. Nothing was read.',
      reading: (name) => 'Reading ' + name + '…',
      read_failed: (name, msg) => 'Could not read ' + name + ': ' + msg + '. Try choosing the file again.',
      no_memory: (name, n) => 'Not enough memory to load ' + name + ' (' + n + ' bytes).',
      demo_loading: 'Generating the demo data…',
      aborted: (what) => 'Segmenter stopped unexpectedly (' + what + '). Your file was not sent anywhere. Reload the page to start again; if it happens again with the same file, the file may be too large for this browser tab.',
      no_start: (msg) => 'Segmenter could not start: ' + msg + '. Reload the page; if it persists, use a current browser with WebGL2 and WebAssembly.',
    },
    de: {
      open: 'CSV öffnen…', open_title: 'Eine CSV-Datei öffnen (Strg+O)',
      demo: 'Demodaten laden', demo_title: '5.000 erzeugte B2B-Kunden laden',
      download: 'Segmentierte CSV herunterladen', download_title: 'Jede Originalzeile mit ihrem Segment herunterladen (Strg+S)',
      language: 'Sprache', theme_title: 'Zwischen dunklem und hellem Design wechseln',
      privacy: 'Ihre Daten bleiben in diesem Browser',
      privacy_title: 'Segmenter läuft vollständig in diesem Tab. Dateien werden lokal gelesen; nichts wird hochgeladen, und die Sicherheitsrichtlinie der Seite blockiert jede Verbindung zu anderen Servern.',
      drop: 'CSV-Datei hier ablegen, um sie zu segmentieren. Sie wird hier gelesen, nie hochgeladen.',
      reload: 'Segmenter neu laden', segments: 'Segmente', no_segments: 'Noch keine Segmentierung.',
      rename_hint: 'Der Name jedes Segments kann hier geändert werden; Enter benennt es um.',
      name_of: 'Name von Segment', customers: 'Kunden',
      too_big: (name, gb) => name + ' ist ' + gb.replace('.', ',') + ' GB groß, mehr als dieser Browser-Tab segmentieren kann (etwa 1 GB). Verwenden Sie für Dateien dieser Größe das Kommandozeilen-Werkzeug segmenter, oder teilen Sie die Datei. Es wurde nichts gelesen.',
      reading: (name) => 'Lese ' + name + '…',
      read_failed: (name, msg) => name + ' konnte nicht gelesen werden: ' + msg + '. Wählen Sie die Datei bitte erneut.',
      no_memory: (name, n) => 'Nicht genug Speicher, um ' + name + ' zu laden (' + n + ' Bytes).',
      demo_loading: 'Erzeuge die Demodaten…',
      aborted: (what) => 'Segmenter wurde unerwartet beendet (' + what + '). Ihre Datei wurde nirgendwohin gesendet. Laden Sie die Seite neu; passiert es mit derselben Datei wieder, ist sie vielleicht zu groß für diesen Browser-Tab.',
      no_start: (msg) => 'Segmenter konnte nicht starten: ' + msg + '. Laden Sie die Seite neu; verwenden Sie sonst einen aktuellen Browser mit WebGL2 und WebAssembly.',
    },
  };
  function stored(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ } }
  let lang = stored('segmenter.language') || ((navigator.language || 'en').toLowerCase().startsWith('de') ? 'de' : 'en');
  if (!TEXT[lang]) lang = 'en';
  let dark = stored('segmenter.theme') !== 'light';
  const t = (key) => TEXT[lang][key];

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
    $('language').value = lang;
    if (ready) Module.ccall('seg_set_language', null, ['string'], [lang]);
    renderSummary();
  }

  function applyTheme() {
    document.documentElement.classList.toggle('light', !dark);
    $('theme').setAttribute('aria-pressed', String(dark));
    if (ready) Module.ccall('seg_set_theme', null, ['number'], [dark ? 1 : 0]);
  }

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
  function loadBytes(name, bytes, compare) {
    if (!ready) { pending = { name, bytes, compare }; return; }
    const n = bytes.byteLength;
    const ptr = Module._malloc(Math.max(1, n));
    if (!ptr) { setStatus(t('no_memory')(name, n)); return; }
    Module.HEAPU8.set(new Uint8Array(bytes), ptr);
    Module.ccall(compare ? 'seg_compare_bytes' : 'seg_load_bytes', null, ['string', 'number', 'number'], [name, ptr, n]);
  }

  // Larger files cannot fit the tab's WebAssembly memory (4 GB at most, usually less in practice:
  // the file, its decoded text and the typed columns live there together). Checked before reading.
  const MAX_FILE_BYTES = 1024 * 1024 * 1024;

  function readFile(file, compare) {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setStatus(t('too_big')(file.name, (file.size / 1e9).toFixed(1)));
      return;
    }
    setStatus(t('reading')(file.name), 0);
    file.arrayBuffer().then((buf) => loadBytes(file.name, buf, compare), (err) => {
      setStatus(t('read_failed')(file.name, err.message));
    });
  }

  // The demo customers are generated inside the module: no request, works offline too.
  function loadDemo() {
    if (!ready) { pending = { demo: true }; setStatus(t('demo_loading'), 0); return; }
    Module.ccall('seg_load_demo', null, [], []);
  }

  $('open-file').addEventListener('click', () => fileInput.click());
  $('load-demo').addEventListener('click', loadDemo);
  $('download-csv').addEventListener('click', () => {
    if (ready) Module.ccall('seg_download_csv', null, [], []);
  });
  $('fatal-reload').addEventListener('click', () => location.reload());
  $('language').addEventListener('change', () => {
    lang = TEXT[$('language').value] ? $('language').value : 'en';
    store('segmenter.language', lang);
    applyLanguage();
  });
  $('theme').addEventListener('click', () => {
    dark = !dark;
    store('segmenter.theme', dark ? 'dark' : 'light');
    applyTheme();
  });
  const compareInput = $('compare-input');
  compareInput.addEventListener('change', () => {
    readFile(compareInput.files[0], true);
    compareInput.value = '';
  });
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

  // The segment summary for screen readers (and tests): one item per segment with an editable
  // name, so renaming works without the canvas too.
  let segments = [];
  function renderSummary() {
    const list = $('summary-list');
    list.replaceChildren();
    $('summary-empty').hidden = segments.length > 0;
    const fmt = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-US', { maximumFractionDigits: 1 });
    for (const s of segments) {
      const li = document.createElement('li');
      li.dataset.segment = String(s.id);
      const input = document.createElement('input');
      input.type = 'text';
      input.value = s.name;
      input.setAttribute('aria-label', t('name_of') + ' ' + s.id);
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && ready && input.value !== s.name) {
          Module.ccall('seg_rename_segment', null, ['number', 'string'], [s.id, input.value]);
        }
      });
      const text = document.createElement('span');
      // "NAME: N customers (S%)" is relied on by tests (English: plain digits).
      text.textContent = s.name + ': ' + s.size + ' ' + t('customers') + ' (' + fmt.format(s.share * 100) + (lang === 'de' ? ' %' : '%') + '). ' + s.description;
      li.append(input, text);
      list.appendChild(li);
    }
  }

  // The module's hooks into the page (called from C++ through EM_JS).
  window.SegmenterPage = {
    setStatus,
    setResultAvailable(on) { $('download-csv').disabled = !on; },
    setSummary(json) {
      try { segments = JSON.parse(json); } catch (e) { segments = []; }
      renderSummary();
    },
    downloadBlob(name, blob) {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    fatal: showFatal,
    // Live regions the module fills (only these ids): the scatter selection, the Data tab's order.
    setRegion(id, text) {
      if (id !== 'selection' && id !== 'preview') return;
      const el = $(id);
      if (el && el.textContent !== text) el.textContent = text;
    },
    // Scripted actions for tests and assistive tools: SegmenterPage.command({cmd: 'sort', column: 'mrr'}).
    command(obj) {
      if (ready) Module.ccall('seg_command', null, ['string'], [JSON.stringify(obj)]);
    },
    openPicker() { fileInput.click(); },
    openComparePicker() { compareInput.click(); },
    // main() has created the app: from now on the module takes files and settings.
    started() {
      ready = true;
      applyLanguage();
      applyTheme();
      if (pending) {
        const p = pending;
        pending = null;
        if (p.demo) loadDemo(); else loadBytes(p.name, p.bytes, p.compare);
      }
    },
    loadDemo,
    textInput,
    download(name, mime, bytes) {
      window.SegmenterPage.downloadBlob(name, new Blob([bytes], { type: mime }));
    },
  };

  window.Module = {
    canvas: $('canvas'),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),

    onAbort(what) { showFatal(t('aborted')(what)); },
  };
  // A trap in the module (RuntimeError: memory access out of bounds, unreachable, ...) ends its
  // frame loop: say so and offer a reload instead of leaving a frozen canvas.
  const isModuleFailure = (err, message) =>
    (typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) || /RuntimeError|abort\(/.test(String(message || ''));
  window.addEventListener('error', (e) => {
    if (!ready) showFatal(t('no_start')(e.message));
    else if (isModuleFailure(e.error, e.message)) showFatal(t('aborted')(String(e.message || e.error).replace(/^Uncaught /, '')));
  });
  window.addEventListener('unhandledrejection', (e) => {
    if (ready && isModuleFailure(e.reason, e.reason && e.reason.message)) showFatal(t('aborted')(String(e.reason.message || e.reason)));
  });

  // ---- pointer, touch and text input for the canvas ------------------------------------------
  // GLFW's browser glue reports a button press at the last *moved-to* position and reads touches
  // not at all (a tap only hovered). So the page feeds the position on every pointerdown before the
  // press, and carries touches itself: GLFW's touch listeners never see them (ours are registered
  // first, app.js runs before segmenter.js), and touchstart's default (emulated mouse events, scroll)
  // is prevented. Wheel and touch listeners on the canvas are non-passive, so preventDefault works.
  // (Dear ImGui's backend listens for the wheel on the document, which browsers make passive.)
  const canvas = $('canvas');
  for (const target of [canvas, document, window]) {
    const nativeAdd = target.addEventListener.bind(target);
    target.addEventListener = (type, fn, opts) => {
      if (type === 'wheel' || type === 'mousewheel' || type.startsWith('touch')) {
        const capture = opts === true || !!(opts && opts.capture);
        return nativeAdd(type, fn, { capture, passive: false });
      }
      return nativeAdd(type, fn, opts);
    };
  }
  function pointer(e, button) {
    if (!ready) return;
    const r = canvas.getBoundingClientRect();
    const x = (e.clientX - r.left) * (canvas.width / Math.max(1, r.width));
    const y = (e.clientY - r.top) * (canvas.height / Math.max(1, r.height));
    Module.ccall('seg_pointer', null, ['number', 'number', 'number', 'number'], [x, y, button, e.pointerType === 'touch' ? 1 : 0]);
  }
  canvas.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'touch') { canvas.focus({ preventScroll: true }); pointer(e, 1); } else pointer(e, -1);
  }, true);
  canvas.addEventListener('pointermove', (e) => { if (e.pointerType === 'touch') pointer(e, -1); }, true);
  canvas.addEventListener('pointerup', (e) => { if (e.pointerType === 'touch') pointer(e, 0); }, true);
  canvas.addEventListener('pointercancel', (e) => { if (e.pointerType === 'touch') pointer(e, 0); }, true);
  for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
    canvas.addEventListener(type, (e) => { e.stopImmediatePropagation(); if (e.cancelable) e.preventDefault(); }, true);
  }

  // Text reaches ImGui through a hidden text field that holds the focus while an ImGui text field
  // is active: typed characters, IME compositions, on-screen keyboards and dictation all arrive as
  // its input events, in UTF-8 (GLFW's keypress path drops everything that is not a key press).
  const sink = $('text-sink');
  const sendText = (text) => {
    if (ready && text) Module.ccall('seg_input_text', null, ['string'], [text]);
    sink.value = '';
  };
  window.addEventListener('keypress', (e) => { if (e.target === sink) e.stopImmediatePropagation(); }, true);
  sink.addEventListener('input', (e) => {
    if (e.isComposing) return;
    if (e.inputType === 'insertText' || e.inputType === 'insertReplacementText') sendText(e.data);
    else sink.value = '';
  });
  sink.addEventListener('compositionend', (e) => sendText(e.data));
  // Called every frame while ImGui wants text, once when it stops.
  function textInput(on) {
    if (on && document.activeElement !== sink) sink.focus({ preventScroll: true });
    else if (!on && document.activeElement === sink) canvas.focus({ preventScroll: true });
  }
  applyLanguage();
  applyTheme();
})();
