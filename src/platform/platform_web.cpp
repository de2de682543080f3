// src/platform/platform_web.cpp — the page bridge: the platform functions the app calls
// (platform.hpp), implemented with the JavaScript of web/app.js (window.SegmenterPage). main(), the
// window, ImGui's start-up and the frame loop live in src/main_web.cpp, the composition root.
#include <emscripten/emscripten.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "platform/platform.hpp"

// ---- page bridge (web/app.js defines window.SegmenterPage) -------------------------------------

EM_JS(void, js_set_status, (const char* text, double progress), {
  if (window.SegmenterPage) window.SegmenterPage.setStatus(UTF8ToString(text), progress);
});
EM_JS(void, js_set_summary, (const char* json), {
  if (window.SegmenterPage && window.SegmenterPage.setSummary) window.SegmenterPage.setSummary(UTF8ToString(json));
});
EM_JS(void, js_set_result_available, (int on), {
  if (window.SegmenterPage) window.SegmenterPage.setResultAvailable(!!on);
});
EM_JS(void, js_download, (const char* name, const char* mime, const char* data, double size), {
  // Copy out of the wasm heap: the Blob must not alias memory that may grow or be freed.
  const bytes = HEAPU8.slice(data, data + size);
  if (window.SegmenterPage) window.SegmenterPage.download(UTF8ToString(name), UTF8ToString(mime), bytes);
});
EM_JS(void, js_open_picker, (), {
  if (window.SegmenterPage) window.SegmenterPage.openPicker();
});
EM_JS(void, js_open_compare_picker, (), {
  if (window.SegmenterPage && window.SegmenterPage.openComparePicker) window.SegmenterPage.openComparePicker();
});
EM_JS(char*, js_today_iso, (), {
  const d = new Date();
  const text = d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  const size = lengthBytesUTF8(text) + 1;
  const ptr = _malloc(size);
  stringToUTF8(text, ptr, size);
  return ptr;
});
EM_JS(double, js_device_pixel_ratio, (), {
  return window.devicePixelRatio || 1;
});
EM_JS(double, js_canvas_css_width, (), {
  return Module.canvas.getBoundingClientRect().width;
});
EM_JS(double, js_canvas_css_height, (), {
  return Module.canvas.getBoundingClientRect().height;
});
EM_JS(double, js_heap_headroom, (), {
  // The heap can grow to 4 GB in wasm32; browsers often refuse well before that on laptops.
  const max = 2 * 1024 * 1024 * 1024;
  return Math.max(0, max - HEAPU8.length) + (HEAPU8.length * 0.5);
});
EM_JS(void, js_started, (), {
  if (window.SegmenterPage && window.SegmenterPage.started) window.SegmenterPage.started();
});
EM_JS(void, js_capture_png, (const char* name), {
  const file = UTF8ToString(name);
  Module.canvas.toBlob((blob) => {
    if (blob && window.SegmenterPage) window.SegmenterPage.downloadBlob(file, blob);
  }, 'image/png');
});
EM_JS(void, js_set_region, (const char* id, const char* text), {
  if (window.SegmenterPage && window.SegmenterPage.setRegion) window.SegmenterPage.setRegion(UTF8ToString(id), UTF8ToString(text));
});
EM_JS(void, js_set_plot_rect, (double x, double y, double w, double h), {
  const r = window.devicePixelRatio || 1;
  const v = [x / r, y / r, w / r, h / r].map((n) => n.toFixed(1)).join(',');
  if (Module.canvas.dataset.scatter !== v) Module.canvas.dataset.scatter = v;
});
EM_JS(void, js_publish_rects, (const char* key, const float* v, int n), {
  const r = window.devicePixelRatio || 1;
  const parts = [];
  for (let i = 0; i < n; i++) {
    const o = (v >> 2) + 4 * i;
    parts.push([HEAPF32[o], HEAPF32[o + 1], HEAPF32[o + 2], HEAPF32[o + 3]].map((x) => (x / r).toFixed(1)).join(','));
  }
  const text = parts.join('|');
  const k = UTF8ToString(key);
  if (Module.canvas.dataset[k] !== text) Module.canvas.dataset[k] = text;
});
EM_JS(void, js_text_input, (int on), {
  if (window.SegmenterPage && window.SegmenterPage.textInput) window.SegmenterPage.textInput(!!on);
});
EM_JS(void, js_fatal, (const char* text), {
  if (window.SegmenterPage && window.SegmenterPage.fatal) window.SegmenterPage.fatal(UTF8ToString(text));
  else if (window.SegmenterPage) window.SegmenterPage.setStatus(UTF8ToString(text));
});

namespace seg::platform {

void SetStatus(const std::string& text, double progress) { js_set_status(text.c_str(), progress); }
void SetSummary(const std::string& json) { js_set_summary(json.c_str()); }
void SetResultAvailable(bool available) { js_set_result_available(available ? 1 : 0); }
void Download(const std::string& name, const std::string& mime, const std::string& bytes) {
  js_download(name.c_str(), mime.c_str(), bytes.data(), static_cast<double>(bytes.size()));
}
void OpenFilePicker() { js_open_picker(); }
void SetRegion(const std::string& id, const std::string& text) { js_set_region(id.c_str(), text.c_str()); }
void SetPlotRect(float x, float y, float w, float h) { js_set_plot_rect(x, y, w, h); }
void OpenComparePicker() { js_open_compare_picker(); }
void PublishRects(const char* key, const std::vector<Rect>& rects) {
  static_assert(sizeof(Rect) == 4 * sizeof(float));
  js_publish_rects(key, reinterpret_cast<const float*>(rects.data()), static_cast<int>(rects.size()));
}
std::string TodayIso() {
  char* text = js_today_iso();
  std::string out = text ? text : "";
  std::free(text);
  return out;
}
double NowMs() { return emscripten_get_now(); }
float DevicePixelRatio() { return static_cast<float>(js_device_pixel_ratio()); }
double HeapHeadroomBytes() { return js_heap_headroom(); }

}  // namespace seg::platform

namespace seg::platform {
namespace {
std::string g_capture_name;  // a PNG of the next rendered frame was asked for
}  // namespace
void CapturePng(const std::string& file_name) { g_capture_name = file_name; }
void FlushCapture() {
  if (g_capture_name.empty()) return;
  // Same task as the drawing: the WebGL drawing buffer still holds this frame.
  js_capture_png(g_capture_name.c_str());
  g_capture_name.clear();
}
double CanvasCssWidth() { return js_canvas_css_width(); }
double CanvasCssHeight() { return js_canvas_css_height(); }
void SetTextInput(bool on) { js_text_input(on ? 1 : 0); }
void Fatal(const std::string& text) { js_fatal(text.c_str()); }
void Started() { js_started(); }
}  // namespace seg::platform
