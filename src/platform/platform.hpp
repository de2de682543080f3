// src/platform/platform.hpp — the one place where the app meets its host (the browser page).
//
// The app (src/app) draws with Dear ImGui and GL and talks to the page only through these
// functions; platform_web.cpp implements them with Emscripten. main(), the window, the GL
// context, the fonts and the frame loop are in src/main_web.cpp, which uses the host part below.
#pragma once

#include <string>
#include <vector>

namespace seg::platform {

// Mirrors the status line into the page's #status element (screen readers, tests); progress in
// [0, 1] shows the page's progress bar, a negative value hides it.
void SetStatus(const std::string& text, double progress = -1.0);
// The segment summary as JSON ([{id, name, size, share, description}]) for the page's #summary.
void SetSummary(const std::string& json);
// Enables the page's "Download segmented CSV" button.
void SetResultAvailable(bool available);
// Offers `bytes` as a file download (a Blob in the page; nothing is uploaded).
void Download(const std::string& file_name, const std::string& mime, const std::string& bytes);
// Opens the page's file picker (#file-input); the chosen file arrives through the app's OnFile.
void OpenFilePicker();
// Today's date as yyyy-mm-dd (the browser's local date), for documents such as the processing record.
std::string TodayIso();
// Opens the page's picker for a later export to compare with (#compare-input).
void OpenComparePicker();
// Milliseconds from an arbitrary start, for time-boxing work per frame.
double NowMs();
// Current device pixel ratio (2 on most laptops' HiDPI screens, 1 on most projectors).
float DevicePixelRatio();
// Bytes the wasm heap may still grow to, for refusing files that cannot fit.
double HeapHeadroomBytes();
// Sets the text of one of the page's live regions (`id`: "selection") for screen readers and tests.
void SetRegion(const std::string& id, const std::string& text);
// Where the scatter plot is on the canvas (ImGui pixels; the page converts to CSS pixels) so
// scripted tests can drag a box on it: canvas.dataset.scatter = "x,y,w,h".
void SetPlotRect(float x, float y, float w, float h);
// Publishes where widgets are on the canvas (ImGui pixels; the page converts to CSS pixels) for
// tests and assistive tools that drive the canvas with real pointer events:
// canvas.dataset[key] = "x,y,w,h|x,y,w,h|..." (e.g. "segmentNames", "segmentSwatches", "tabs").
struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};
void PublishRects(const char* key, const std::vector<Rect>& rects);
// Offers the next rendered frame of the canvas as a PNG download named `file_name`.
void CapturePng(const std::string& file_name);

// ---- for the host (src/main_web.cpp), not the app ----
// After a frame is rendered: offers it as the PNG CapturePng asked for, if any.
void FlushCapture();
// The canvas's CSS size (the host sizes the backing store to it times the device pixel ratio).
double CanvasCssWidth();
double CanvasCssHeight();
// Gives the page's hidden text field the focus while ImGui wants text (IME, dictation, on-screen keyboards).
void SetTextInput(bool on);
// A start-up failure the user must see (no WebGL2): the page's #fatal message.
void Fatal(const std::string& text);
// The module is running: the page applies the remembered language and theme and hands over early files.
void Started();

}  // namespace seg::platform
