// src/main_web.cpp — the browser app's composition root: main(), the GLFW window on #canvas
// (WebGL2), Dear ImGui's start-up, HiDPI handling, fonts, the frame loop, and the functions the page
// (web/app.js) calls into the app. The app talks back to the page only through platform.hpp
// (src/platform/platform_web.cpp).
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "app/app.hpp"
#include "platform/platform.hpp"

namespace {

struct Host {
  GLFWwindow* window = nullptr;
  std::unique_ptr<seg::app::App> app;
  float font_scale = 0.0f;  // device pixel ratio the fonts were built for
  int fb_w = 0, fb_h = 0;
  bool dark = true;
  bool text_input = false;   // ImGui wanted text last frame (the page's text field has the focus)
};
Host g_host;

// Glyphs: Latin-1 plus the typographic marks, currency signs and arrows the UI and data use.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (ä ö ü ß é ...)
    0x0100, 0x017F,  // Latin Extended-A (Polish, Czech, Turkish names)
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A,  // per mille, guillemets
    0x20A3, 0x20BF,  // currency signs incl. € (U+20AC)
    0x2190, 0x2199,  // arrows
    0x2212, 0x2212,  // minus
    0x2248, 0x2265,  // approx, <=, >=
    0x25B2, 0x25BC,  // triangles
    0,
};

void BuildFonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  ImFont* regular = io.Fonts->AddFontFromFileTTF("/fonts/Inter-Regular.otf", std::round(15.0f * scale), &cfg,
                                                 kGlyphRanges);
  if (!regular) io.Fonts->AddFontDefault();
  io.Fonts->AddFontFromFileTTF("/fonts/Inter-SemiBold.otf", std::round(15.0f * scale), &cfg, kGlyphRanges);
  io.Fonts->Build();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void ApplyStyle(float scale) {
  ImGuiStyle style;
  if (g_host.dark) ImGui::StyleColorsDark(&style);
  else ImGui::StyleColorsLight(&style);
  style.WindowRounding = 0;
  style.FrameRounding = 4;
  style.GrabRounding = 4;
  style.ChildRounding = 4;
  style.PopupRounding = 4;
  style.FramePadding = ImVec2(8, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.WindowPadding = ImVec2(12, 10);
  style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  if (g_host.dark) {
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.078f, 0.086f, 0.106f, 1);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(0.125f, 0.137f, 0.165f, 1);
    style.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.03f);
  } else {
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.98f, 0.98f, 0.97f, 1);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(0.91f, 0.92f, 0.93f, 1);
    style.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(0, 0, 0, 0.035f);
    style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.38f, 0.40f, 0.43f, 1);  // readable on a projector
  }
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

// Keeps the canvas's backing store at CSS size x devicePixelRatio, so text is crisp on HiDPI
// screens and projectors alike; rebuilds fonts when the ratio changes (window moved to another
// screen, browser zoom).
void SyncCanvasSize() {
  const float dpr = std::max(0.5f, seg::platform::DevicePixelRatio());
  const int w = std::max(1, static_cast<int>(std::lround(seg::platform::CanvasCssWidth() * dpr)));
  const int h = std::max(1, static_cast<int>(std::lround(seg::platform::CanvasCssHeight() * dpr)));
  if (w != g_host.fb_w || h != g_host.fb_h) {
    glfwSetWindowSize(g_host.window, w, h);
    g_host.fb_w = w;
    g_host.fb_h = h;
  }
  if (dpr != g_host.font_scale) {
    g_host.font_scale = dpr;
    BuildFonts(dpr);
    ApplyStyle(dpr);
    g_host.app->SetScale(dpr);
  }
}

void Frame() {
  SyncCanvasSize();
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  g_host.app->Frame();
  ImGui::Render();
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(g_host.window, &fw, &fh);
  glViewport(0, 0, fw, fh);
  if (g_host.dark) glClearColor(0.078f, 0.086f, 0.106f, 1.0f);
  else glClearColor(0.98f, 0.98f, 0.97f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  const bool want_text = ImGui::GetIO().WantTextInput;
  if (want_text || g_host.text_input) seg::platform::SetTextInput(want_text);
  g_host.text_input = want_text;
  seg::platform::FlushCapture();
}

}  // namespace


// ---- called from web/app.js ----------------------------------------------------------------

extern "C" {

// Takes ownership of `data` (allocated with malloc by the page).
EMSCRIPTEN_KEEPALIVE void seg_load_bytes(const char* name, char* data, int size) {
  std::string bytes(data, data + std::max(0, size));
  std::free(data);
  if (g_host.app) g_host.app->OnFile(name ? name : "file.csv", std::move(bytes));
}

// A later export to compare with; takes ownership of `data` like seg_load_bytes.
EMSCRIPTEN_KEEPALIVE void seg_compare_bytes(const char* name, char* data, int size) {
  std::string bytes(data, data + std::max(0, size));
  std::free(data);
  if (g_host.app) g_host.app->OnCompareFile(name ? name : "later.csv", std::move(bytes));
}

// The page's pointerdown (before GLFW's press) and touch events, in canvas pixels: the press lands
// where the pointer is, not where it last moved. button: 1 down, 0 up, -1 position only.
EMSCRIPTEN_KEEPALIVE void seg_pointer(double x, double y, int button, int touch) {
  if (!g_host.app) return;
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(touch ? ImGuiMouseSource_TouchScreen : ImGuiMouseSource_Mouse);
  io.AddMousePosEvent(static_cast<float>(x), static_cast<float>(y));
  if (button >= 0) io.AddMouseButtonEvent(ImGuiMouseButton_Left, button != 0);
}

// Text from the page's text field (typing, IME, on-screen keyboards, dictation), UTF-8.
EMSCRIPTEN_KEEPALIVE void seg_input_text(const char* utf8) {
  if (g_host.app && utf8) ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

EMSCRIPTEN_KEEPALIVE void seg_download_csv() {
  if (g_host.app) g_host.app->DownloadSegmentedCsv();
}

// The accessible segment list (#summary) renames segments; id is 1-based as shown.
EMSCRIPTEN_KEEPALIVE void seg_rename_segment(int id, const char* name) {
  if (g_host.app) g_host.app->RenameSegment(id - 1, name ? name : "");
}

// Scripted actions (tests, accessibility): a JSON object {"cmd": ...}; see App::Command.
EMSCRIPTEN_KEEPALIVE void seg_command(const char* json) {
  if (g_host.app) g_host.app->Command(json ? json : "");
}

EMSCRIPTEN_KEEPALIVE void seg_load_demo() {
  if (g_host.app) g_host.app->LoadDemo();
}

EMSCRIPTEN_KEEPALIVE void seg_undo() {
  if (g_host.app) g_host.app->Undo();
}

EMSCRIPTEN_KEEPALIVE void seg_redo() {
  if (g_host.app) g_host.app->Redo();
}

// "en" or "de"; the page remembers the choice in localStorage.
EMSCRIPTEN_KEEPALIVE void seg_set_language(const char* code) {
  if (g_host.app) g_host.app->SetLanguage(code ? code : "en");
}

// 1 dark, 0 light; the page remembers the choice in localStorage.
EMSCRIPTEN_KEEPALIVE void seg_set_theme(int dark) {
  g_host.dark = dark != 0;
  if (g_host.font_scale > 0) ApplyStyle(g_host.font_scale);
}

}  // extern "C"

int main() {
  if (!glfwInit()) {
    seg::platform::Fatal("Segmenter could not start its drawing surface. Use a current browser with WebGL2.");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  g_host.window = glfwCreateWindow(1280, 800, "Segmenter", nullptr, nullptr);
  if (!g_host.window) {
    seg::platform::Fatal("This browser did not provide WebGL2, which Segmenter needs to draw. Enable hardware acceleration "
             "or use a current Chrome, Edge, Firefox or Safari.");
    return 1;
  }
  glfwMakeContextCurrent(g_host.window);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing persisted behind the user's back
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(g_host.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  g_host.app = std::make_unique<seg::app::App>();
  emscripten_set_main_loop(Frame, 0, false);
  seg::platform::Started();  // the page applies the remembered language and theme and hands over early files
  return 0;
}
