// src/app/command.cpp — scripted actions ({"cmd": ...} JSON for tests and assistive tools; documented in app.hpp).
#include "app/app_state.hpp"

namespace seg::app {

void App::State::Command(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("cmd") || !j["cmd"].is_string())
    return platform::SetStatus(Tr("Unknown command: ") + TruncateUtf8(text, 80));
  const std::string cmd = j["cmd"].get<std::string>();
  auto str = [&](const char* key) -> std::optional<std::string> {
    if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
    return j[key].get<std::string>();
  };
  if (cmd == "import") {
    if (auto v = str("encoding")) {
      if (*v == "auto") read_options.encoding.reset();
      else if (auto e = io::ParseEncodingName(*v)) read_options.encoding = *e;
    }
    if (auto v = str("delimiter")) {
      if (*v == "auto") read_options.delimiter.reset();
      else if (*v == "tab" || *v == "\t") read_options.delimiter = '\t';
      else if (v->size() == 1) read_options.delimiter = (*v)[0];
    }
    if (auto v = str("decimal")) {
      if (*v == "auto") read_options.decimal.reset();
      else if (*v == "," || *v == ".") read_options.decimal = (*v)[0];
    }
    if (j.contains("header") && j["header"].is_boolean()) read_options.header = j["header"].get<bool>();
    if (auto v = str("header"); v && *v == "auto") read_options.header.reset();
    if (j.contains("missing") && j["missing"].is_array()) {
      read_options.missing_markers.clear();
      for (const auto& m : j["missing"]) if (m.is_string()) read_options.missing_markers.push_back(m.get<std::string>());
      missing_edit.clear();
      for (const auto& m : read_options.missing_markers) missing_edit += (missing_edit.empty() ? "" : ", ") + m;
    }
    if (auto v = str("bad_rows")) bad_rows_mode = *v == "skip" ? 1 : *v == "stop" ? 2 : 0;
    return Reimport();
  }
  if (cmd == "skip_bad_rows" || cmd == "stop_import") return DecidePendingImport(cmd == "skip_bad_rows");
  if (cmd == "clear_selection") return scatter.ClearSelection();
  if (cmd == "download_selection") return DownloadSelection();
  if (cmd == "download_project") {  // {"cmd": "download_project", "include_data": bool}
    project_include_data = j.contains("include_data") && j["include_data"].is_boolean() && j["include_data"].get<bool>();
    return DownloadProject();
  }
  if (cmd == "download_model") return DownloadModel();
  if (cmd == "download_sql") return DownloadSql();
  if (cmd == "personal_export") {  // {"cmd": "personal_export", "choice": "keep"|"leave_out"|"mask"}: the Export combo
    const std::string c = str("choice").value_or("keep");
    personal_export = c == "leave_out" ? 1 : c == "mask" ? 2 : 0;
    return;
  }
  if (cmd == "merge" && j.contains("from") && j.contains("into") && j["from"].is_number_integer() && j["into"].is_number_integer())
    return MergeSegments(j["from"].get<int>() - 1, j["into"].get<int>() - 1);  // 1-based as shown
  if (cmd == "tool") {
    const std::string t = str("tool").value_or("pan");
    scatter.SetTool(t == "box" ? ScatterPlot::Tool::kBox : t == "lasso" ? ScatterPlot::Tool::kLasso : ScatterPlot::Tool::kPan);
    return;
  }
  if (cmd == "show_tab") {
    select_tab = str("tab").value_or("");
    return;
  }
  if (cmd == "filter") {  // {"cmd": "filter", "what": "all"|"selection"|"segment", "segment": 1-based}
    const std::string w = str("what").value_or("all");
    preview_filter = w == "selection" ? 1 : 0;
    if (w == "segment" && j.contains("segment") && j["segment"].is_number_integer()) preview_filter = 1 + j["segment"].get<int>();
    preview_dirty = true;
    return;
  }
  if (cmd == "columns" && data) {  // {"cmd": "columns", "use": [names], "weights": {name: w}}: the Preparation list
    std::vector<std::string> use;
    if (j.contains("use") && j["use"].is_array())
      for (const auto& v : j["use"])
        if (v.is_string()) use.push_back(v.get<std::string>());
    for (const std::string& name : use) {
      bool offered = false;
      for (int c : candidate_columns) offered = offered || data->table.columns[static_cast<size_t>(c)].name == name;
      if (!offered) return platform::SetStatus(Printf(Tr("Column \"%s\" cannot be used for segmenting."), name.c_str()));
    }
    for (size_t i = 0; i < candidate_columns.size(); ++i) {
      const std::string& name = data->table.columns[static_cast<size_t>(candidate_columns[i])].name;
      chosen[i] = std::find(use.begin(), use.end(), name) != use.end();
      weights[i] = 1.0f;
      if (j.contains("weights") && j["weights"].is_object() && j["weights"].contains(name) && j["weights"][name].is_number())
        weights[i] = std::clamp(j["weights"][name].get<float>(), 0.0f, 5.0f);
    }
    return;
  }
  if (cmd == "run") {  // as Ctrl+Enter: not while a file is being read or a run is going on
    // {"cmd": "run", "mini_batch": N} forces mini-batch k-means (normally from 2,000,000 rows on).
    if (j.contains("mini_batch") && j["mini_batch"].is_number_integer()) mini_batch = j["mini_batch"].get<long>();
    if (!job && !importer) StartSegmentation();
    return;
  }
  if (cmd == "sort" && data) {
    const std::string col = str("column").value_or("");
    preview_sort_column = col.empty() ? -1 : col == "segment" ? -2 : data->table.FindColumn(col);
    preview_descending = j.contains("descending") && j["descending"].is_boolean() && j["descending"].get<bool>();
    preview_dirty = true;
    preview_sort_request = true;
    return;
  }
  platform::SetStatus(Tr("Unknown command: ") + cmd);
}

}  // namespace seg::app
