// src/app/app.hpp — the Segmenter studio: state and ImGui drawing, on top of the core.
//
// Long work (import, clustering) runs in time-boxed slices from Frame(), so the page keeps
// painting and the user can cancel.
#pragma once

#include <memory>
#include <string>

namespace seg::app {

class App {
 public:
  App();
  ~App();
  // One frame: advance background work within the time budget, then draw the UI (between
  // ImGui::NewFrame and ImGui::Render, which the platform calls).
  void Frame();
  // A file's bytes arrived (picker, drop, demo). Imports it without blocking the page.
  void OnFile(std::string name, std::string bytes);
  // A later export of the same customers, to compare with the segmented file (#compare-input).
  void OnCompareFile(std::string name, std::string bytes);
  // Page button / shortcut: download the segmented CSV.
  void DownloadSegmentedCsv();
  // Scales the style for the device pixel ratio (fonts are rebuilt by the platform).
  void SetScale(float scale);
  // Page hooks: the accessible segment list renames; the language switch ("en", "de").
  void RenameSegment(int id, const std::string& name);
  void LoadDemo();  // the generated demo customers (no request)
  void Undo();
  void Redo();
  void SetLanguage(const std::string& code);
  // Scripted actions as JSON, for tests and assistive tools. {"cmd": "import", "delimiter": ";",
  // "decimal": ",", "encoding": "windows-1252", "header": true, "missing": ["unknown"],
  // "bad_rows": "ask"|"skip"|"stop"} re-reads the loaded file; {"cmd": "skip_bad_rows"} /
  // {"cmd": "stop_import"} answer the unreadable-rows question; {"cmd": "sort", "column": NAME,
  // "descending": bool} sorts the Data tab; {"cmd": "clear_selection"}; {"cmd": "download_selection"};
  // {"cmd": "tool", "tool": "pan"|"box"|"lasso"}; {"cmd": "download_project", "include_data": bool};
  // {"cmd": "download_model"}; {"cmd": "merge", "from": 2, "into": 1} (1-based segments).
  // Unknown commands are reported in the status line.
  void Command(const std::string& json);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace seg::app
