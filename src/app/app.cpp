// src/app/app.cpp — the studio's facade (App) and its frame: the side panel, the tab bar and the safe point where
// queued edits apply. The state and every member live in app_state.hpp; each room has its own file.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::HandleShortcuts() {
  if (ImGui::GetIO().WantTextInput) return;  // typing a name: Ctrl+Z belongs to the text field
  if (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_Z)) Undo();
  if (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_Y) || ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiMod_Shift | ImGuiKey_Z)) Redo();
}

void App::State::Frame() {
  PumpWork();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags wf = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                              ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Segmenter", nullptr, wf);
  if (!data) {
    DrawWelcome();
    DrawPendingImport();
    ImGui::End();
    return;
  }
  DrawPendingImport();
  HandleShortcuts();
  const float side_w = std::clamp(vp->WorkSize.x * 0.24f, 220.0f * scale, 340.0f * scale);
  if (ImGui::BeginChild("side", ImVec2(side_w, 0), ImGuiChildFlags_None)) DrawSidePanel();
  ImGui::EndChild();
  ImGui::SameLine();
  if (ImGui::BeginChild("main", ImVec2(0, 0), ImGuiChildFlags_None)) {
    if (ImGui::BeginTabBar("views")) {
      // "###id": the tab keeps its identity (and stays selected) when the language changes.
      const std::pair<const char*, void (State::*)()> tabs[] = {
          {"Segments###segments", &State::DrawSegmentsTab}, {"Profiles###profiles", &State::DrawProfilesTab},
          {"Charts###charts", &State::DrawChartsTab},       {"Quality###quality", &State::DrawQualityTab},
          {"Data###data", &State::DrawDataTab},          {"Columns###columns", &State::DrawColumnsTab}};
      std::vector<platform::Rect> tab_rects;  // canvas.dataset.tabs, in the order below (Compare last)
      for (const auto& [label, draw] : tabs) {
        // "Segments###segments" -> "segments"
        const bool select = !select_tab.empty() && std::string_view(label).substr(std::string_view(label).find("###") + 3) == select_tab;
        if (select) select_tab.clear();
        const bool open = ImGui::BeginTabItem(Tr(label), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
        tab_rects.push_back(ItemRect());
        if (open) {
          (this->*draw)();
          ImGui::EndTabItem();
        }
      }
      platform::PublishRects("tabs", tab_rects);
      if (comparison) {
        const ImGuiTabItemFlags f = show_compare_tab ? ImGuiTabItemFlags_SetSelected : 0;
        show_compare_tab = false;
        if (ImGui::BeginTabItem(Tr("Compare###compare"), nullptr, f)) {
          DrawCompareTab();
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::EndChild();
  ImGui::End();
  ApplyPendingEdits();
}

void App::State::OnLanguageChanged() {
  if (original && data) {
    // Generated texts follow the language without re-running; the user's names stay (they are edits).
    analysis::LocalizeResult(*original, CoreLang());
    ApplyCurrentEdits(false);
  }
  PublishSummary();
  // The status line follows the language: the ready message, or where the work stands.
  if (!data) platform::SetStatus(Tr("Ready. Load the demo data or open a customer CSV; it stays in this browser."));
  else if (result && !job && !importer && !compare_importer) SegmentedStatus();
}


App::App() : s_(std::make_unique<State>()) {
  platform::SetStatus(Tr("Ready. Load the demo data or open a customer CSV; it stays in this browser."));
}
App::~App() = default;
void App::Frame() { s_->Frame(); }
void App::OnFile(std::string name, std::string bytes) { s_->OnFile(std::move(name), std::move(bytes)); }
void App::DownloadSegmentedCsv() { s_->DownloadSegmentedCsv(); }
void App::SetScale(float scale) { s_->scale = scale; }
void App::RenameSegment(int id, const std::string& name) { s_->RenameSegment(id, name); }
void App::Undo() { s_->Undo(); }
void App::LoadDemo() { s_->LoadDemo(); }
void App::OnCompareFile(std::string name, std::string bytes) { s_->OnCompareFile(std::move(name), std::move(bytes)); }
void App::Redo() { s_->Redo(); }
void App::Command(const std::string& json) { s_->Command(json); }
void App::SetLanguage(const std::string& code) {
  app::SetLanguage(ParseLanguage(code));
  s_->OnLanguageChanged();
}

}  // namespace seg::app
