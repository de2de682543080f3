// src/app/import_flow.cpp — reading a file: customer data or a project, in slices; re-reading with new import
// settings; the unreadable-rows question; applying an opened project's settings.
#include "app/app_state.hpp"

namespace seg::app {

bool App::State::LooksLikeProject(const std::string& name, std::string_view bytes) {
  size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
  const bool json_name = name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
  return i < bytes.size() && bytes[i] == '{' && (json_name || bytes.substr(0, 4096).find("\"format\"") != std::string_view::npos);
}

void App::State::OpenProject(const std::string& name, std::string bytes) {
  auto parsed = project::ParseProject(bytes);
  bytes.clear();
  if (!parsed.ok()) {
    import_error = parsed.error().ToString();
    std::string text = Printf(Tr("Could not open %s: "), name.c_str()) + import_error;
    if (data) text += Printf(Tr(" Your previously loaded data (%s) is unchanged."), file_name.c_str());
    platform::SetStatus(text);
    return;
  }
  project = std::move(parsed.value());
  project_applies_to_next_import = true;
  project_edits.reset();
  read_options = project->import;
  bad_rows_mode = project->import.bad_rows == io::BadRowPolicy::kStop ? 2 : 1;
  missing_edit.clear();
  for (const auto& m : read_options.missing_markers) missing_edit += (missing_edit.empty() ? "" : ", ") + m;
  if (project->data) {
    std::string embedded = std::move(*project->data);
    project->data.reset();
    bad_rows_skipped = false;
    StartImport(project->source.file_name.empty() ? name : project->source.file_name, std::move(embedded), false);
    return;
  }
  platform::SetStatus(Printf(Tr("Opened the project %s. Now open the customer file it belongs to: %s (%s bytes); its settings and segment names will be applied."),
                             name.c_str(), project->source.file_name.c_str(), FormatCount(project->source.size).c_str()));
}

void App::State::OnFile(std::string name, std::string bytes) {
  if (LooksLikeProject(name, bytes)) return OpenProject(name, std::move(bytes));
  std::string project_note;
  if (project && project_applies_to_next_import) {
    // The settings are the project's; a different file gets them too, with a warning.
    const Status same = project::CheckSource(*project, bytes);
    if (!same.ok()) project_note = same.error().message;
    read_options = project->import;
    bad_rows_skipped = false;
    project_warning = project_note;
    StartImport(std::move(name), std::move(bytes), false);
    return;
  }
  // A new file gets its own detection; the missing markers and the bad-row choice are the user's
  // preferences and stay.
  read_options.encoding.reset();
  read_options.delimiter.reset();
  read_options.decimal.reset();
  read_options.header.reset();
  bad_rows_skipped = false;
  StartImport(std::move(name), std::move(bytes), false);
}

void App::State::StartImport(std::string name, std::string bytes, bool again) {
  const double size = static_cast<double>(bytes.size());
  // The decoded text, the record index and the typed columns need a few times the file size.
  if (size * 3.0 > platform::HeapHeadroomBytes()) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  Tr("\"%s\" (%.0f MB) is too large for the memory this browser tab can use. Use the command-line tool "
                     "for files this size, or split the file."),
                  name.c_str(), size / 1e6);
    import_error = buf;
    platform::SetStatus(import_error);
    return;
  }
  job.reset();  // a running segmentation reads the old table; the new file will replace it
  pending.reset();
  io::ReadOptions options = read_options;
  options.bad_rows = bad_rows_mode == 2 ? io::BadRowPolicy::kStop : io::BadRowPolicy::kSkip;
  options.lang = CoreLang();  // workbooks: messages, notes and the CSV delimiter in the UI's language
  importer.emplace(std::move(bytes), options);
  importing_name = std::move(name);
  reimporting = again;
  import_started = platform::NowMs();
  import_error.clear();
  platform::SetStatus(Printf(Tr("Importing %s…"), importing_name.c_str()), 0.0);
}

std::string App::State::OriginalBytes(const io::Dataset& d) {
  if (d.encoding.value == io::Encoding::kUtf8)
    return d.bom_length > 0 ? std::string("\xEF\xBB\xBF") + d.text : d.text;
  return io::EncodeFromUtf8(d.text, d.encoding.value, d.bom_length > 0);
}

void App::State::Reimport() {
  if (!data || importer) return;
  StartImport(file_name, OriginalBytes(*data), true);
}

void App::State::FinishImport() {
  const LongTask long_task("finishing the import");
  auto imported = importer->Take();
  importer.reset();
  if (!imported.ok()) {
    import_error = imported.error().ToString();
    if (!import_error.empty() && import_error.back() != '.') import_error += '.';
    const std::string keep = data ? Printf(Tr(" Your previously loaded data (%s) is unchanged."), file_name.c_str()) : "";
    platform::SetStatus(Printf(Tr("Could not import %s: "), importing_name.c_str()) + import_error + keep);
    return;
  }
  auto ds = std::make_unique<io::Dataset>(std::move(imported.value()));
  if (ds->report.rejected_total > 0 && bad_rows_mode == 0 && !(reimporting && bad_rows_skipped)) {
    // The user decides: skip the unreadable rows (listed) or stop and keep what was loaded.
    pending = std::move(ds);
    pending_name = importing_name;
    open_pending_popup = true;
    platform::SetStatus(Printf(Tr("%s rows of %s could not be read. Skip them, or stop the import and keep your data as it was?"),
                               FormatCount(pending->report.rejected_total).c_str(), pending_name.c_str()));
    return;
  }
  AcceptImport(std::move(ds), importing_name);
}

void App::State::StopPendingImport() {
  if (!pending) return;
  const std::string name = pending_name;
  const size_t n = pending->report.rejected_total;
  const int64_t line = pending->report.rejected.empty() ? 0 : pending->report.rejected.front().line;
  pending.reset();
  std::string text = Printf(Tr("Import of %s stopped: %s rows could not be read, the first on line %lld. Fix them and load the file again."),
                            name.c_str(), FormatCount(n).c_str(), static_cast<long long>(line));
  if (data) text += Printf(Tr(" Your previously loaded data (%s) is unchanged."), file_name.c_str());
  import_error = text;
  platform::SetStatus(text);
}

void App::State::AcceptImport(std::unique_ptr<io::Dataset> ds, const std::string& name) {
  const bool again = reimporting && data && name == file_name;
  data = std::move(ds);
  file_name = name;
  preview_filter = 0;
  preview_dirty = true;
  result.reset();
  original.reset();
  undo_stack.clear();
  redo_stack.clear();
  compare_data.reset();
  comparison.reset();
  kpis = analysis::DetectKpis(data->table);
  personal = privacy::DetectPersonalData(data->table);
  scatter.Clear();
  platform::SetResultAvailable(false);
  // Column roles. Default features: the numeric columns. Booleans and dates can be added, and so
  // can categorical columns (one-hot) and free-text columns (by their most frequent values);
  // identifiers, constant and empty columns are never offered.
  candidate_columns.clear();
  chosen.clear();
  weights.clear();
  const auto defaults = analysis::DefaultFeatureColumns(data->table, nullptr);
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t c = 0; c < data->table.columns.size(); ++c) {
      const io::Column& col = data->table.columns[c];
      if (col.constant || col.missing == data->table.rows) continue;
      // Text needs one value shared by 1% of the rows (the importer's top value tells), or it
      // separates nothing (the core would refuse it by name).
      const bool frequent = col.top_values.empty() ||
                            static_cast<double>(col.top_values.front().second + col.missing) >= 0.01 * static_cast<double>(data->table.rows);
      const bool text_like = (col.type == io::ColumnType::kCategorical || col.type == io::ColumnType::kText) && col.distinct >= 2 && frequent;
      if (pass == 0 ? !col.IsNumericLike() : !text_like) continue;
      candidate_columns.push_back(static_cast<int>(c));
      weights.push_back(1.0f);
      chosen.push_back(std::find(defaults.begin(), defaults.end(), static_cast<int>(c)) != defaults.end());
    }
  }
  k = static_cast<int>(std::min<size_t>(5, std::max<size_t>(1, data->table.rows)));
  // Rules: the first categorical column (industry, region, ...); RFM: columns guessed by name.
  rule_columns[0] = rule_columns[1] = rule_columns[2] = -1;
  for (size_t c = 0; c < data->table.columns.size() && rule_columns[0] < 0; ++c)
    if (data->table.columns[c].type == io::ColumnType::kCategorical && !data->table.columns[c].constant) rule_columns[0] = static_cast<int>(c);
  const analysis::RfmColumnGuess guess = analysis::GuessRfmColumns(data->table);
  const std::string* names[3] = {&guess.recency, &guess.frequency, &guess.monetary};
  for (int i = 0; i < 3; ++i) {
    rfm_columns[i] = -1;
    for (size_t c = 0; c < data->table.columns.size(); ++c)
      if (data->table.columns[c].name == *names[i]) rfm_columns[i] = static_cast<int>(c);
  }
  rfm_view.reset();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s s", FormatFixed((platform::NowMs() - import_started) / 1000.0, 1).c_str());  // 0,3 s in German
  std::string status = Printf(Tr("Imported %s rows × %zu columns from %s in %s."), FormatCount(data->table.rows).c_str(),
                              data->table.columns.size(), file_name.c_str(), buf);
  if (data->report.rejected_total > 0)
    status += Printf(Tr(" %s rows could not be read and were skipped (listed under Data)."), FormatCount(data->report.rejected_total).c_str());
  if (again) status = Tr("Read again with the new import settings. ") + status;
  reimporting = false;
  if (project && project_applies_to_next_import) {
    project_applies_to_next_import = false;
    status += " " + ApplyProjectSettings(*project);
    if (!project_warning.empty()) status += " " + project_warning;
    project_warning.clear();
  }
  platform::SetStatus(status);
  StartSegmentation();  // a first result straight away; settings can be changed afterwards
}

void App::State::DrawPendingImport() {
  if (open_pending_popup) {
    ImGui::OpenPopup(Tr("Rows that could not be read###pending"));
    open_pending_popup = false;
  }
  ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetMainViewport()->WorkSize.x * 0.9f, 720.0f * scale), 0));
  if (!ImGui::BeginPopupModal(Tr("Rows that could not be read###pending"), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  if (!pending) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  const io::Dataset& p = *pending;
  ImGui::TextWrapped(Tr("%s of %s records in %s have a different number of fields than the header (%zu columns)."),
                     FormatCount(p.report.rejected_total).c_str(), FormatCount(p.report.records).c_str(), pending_name.c_str(),
                     p.table.columns.size());
  ImGui::TextWrapped("%s", Tr("Skipped rows are not segmented but stay in the segmented export, unchanged. Often a delimiter inside an unquoted field is the cause."));
  if (ImGui::BeginTable("rejected", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp,
                        ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 10))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(Tr("Line"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(Tr("Problem"), 0, 1.0f);
    ImGui::TableSetupColumn(Tr("Row as written"), 0, 2.5f);
    ImGui::TableHeadersRow();
    size_t listed = 0;
    for (size_t r = 0; r < p.records.size() && listed < p.report.rejected.size(); ++r) {
      if (!p.record_rejected[r]) continue;
      const io::RejectedRow& rr = p.report.rejected[listed++];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(rr.line));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(rr.reason.c_str());
      ImGui::TableNextColumn();
      const std::string raw = TruncateUtf8(p.text.substr(p.records[r].begin, std::min<uint64_t>(400, p.records[r].length)), 120);
      ImGui::TextUnformatted(raw.c_str());
    }
    ImGui::EndTable();
  }
  if (p.report.rejected_total > p.report.rejected.size())
    ImGui::TextDisabled(Tr("The first %zu are listed; the download has all %s."), p.report.rejected.size(), FormatCount(p.report.rejected_total).c_str());
  if (ImGui::Button(Tr("Download the list"))) DownloadRejected(p, pending_name);
  ImGui::Separator();
  if (ImGui::Button(Tr("Skip these rows and continue"))) {
    ImGui::CloseCurrentPopup();
    DecidePendingImport(true);
  }
  ImGui::SameLine();
  if (ImGui::Button(data ? Tr("Stop: keep my previous data") : Tr("Stop the import"))) {
    ImGui::CloseCurrentPopup();
    DecidePendingImport(false);
  }
  ImGui::EndPopup();
}

void App::State::DecidePendingImport(bool skip) {
  if (!pending) return;
  bad_rows_skipped = skip;
  if (skip) AcceptImport(std::move(pending), pending_name);
  else StopPendingImport();
  pending.reset();
}

std::string App::State::ApplyProjectSettings(const project::Project& pr) {
  const io::Table& t = data->table;
  std::vector<std::string> missing;
  method = static_cast<int>(pr.method);
  const analysis::SegmentParams& p = pr.params;
  k = std::clamp(p.k, 1, kMaxK);
  seed = static_cast<int>(p.seed);
  auto_k = p.auto_k;
  k_min = std::clamp(p.k_min, 2, kMaxK);
  k_max = std::clamp(p.k_max, k_min, kMaxK);
  scaling = static_cast<int>(p.prep.scaling);
  log_auto = p.prep.log_auto;
  gmm_covariance = p.covariance == analysis::Covariance::kDiagonal ? 1 : 0;
  clip_outliers = p.prep.clip_quantile > 0;
  missing_indicators = p.prep.missing_indicators;
  for (size_t i = 0; i < candidate_columns.size() && i < weights.size(); ++i) {
    weights[i] = 1.0f;
    for (const auto& [name, w] : p.prep.weights)
      if (t.columns[static_cast<size_t>(candidate_columns[i])].name == name) weights[i] = static_cast<float>(std::clamp(w, 0.0, 5.0));
  }
  sql_dialect = static_cast<int>(pr.sql_dialect);
  personal_export = static_cast<int>(pr.personal_export);
  if (!p.features.empty()) {
    for (size_t i = 0; i < candidate_columns.size(); ++i) chosen[i] = false;
    for (const std::string& f : p.features) {
      bool found = false;
      for (size_t i = 0; i < candidate_columns.size(); ++i)
        if (t.columns[static_cast<size_t>(candidate_columns[i])].name == f) chosen[i] = found = true;
      if (!found) missing.push_back(f);
    }
  }
  for (int i = 0; i < 3; ++i) rule_columns[i] = -1;
  for (size_t i = 0; i < pr.rules.size() && i < 3; ++i) {
    rule_columns[i] = t.FindColumn(pr.rules[i].column);
    if (rule_columns[i] < 0) missing.push_back(pr.rules[i].column);
    rule_banding[i] = pr.rules[i].banding == analysis::RuleColumn::Banding::kQuantiles ? 1
                      : pr.rules[i].banding == analysis::RuleColumn::Banding::kNone  ? 2
                                                                                     : 0;
  }
  const std::string* rfm[3] = {&pr.rfm.recency, &pr.rfm.frequency, &pr.rfm.monetary};
  for (int i = 0; i < 3; ++i)
    if (!rfm[i]->empty()) {
      rfm_columns[i] = t.FindColumn(*rfm[i]);
      if (rfm_columns[i] < 0) missing.push_back(*rfm[i]);
    }
  if (!pr.edits.group.empty()) {
    Snapshot snap{pr.edits, {}};
    for (int sgm = 0; sgm < pr.edits.shown(); ++sgm) {
      int palette = sgm;
      if (static_cast<size_t>(sgm) < pr.colors.size())
        for (int c = 0; c < kMaxK; ++c)
          if (HexColor(kPalette[c]) == pr.colors[static_cast<size_t>(sgm)]) palette = c;
      snap.colors.push_back(palette);
    }
    project_edits = snap;
  }
  std::string text = Tr("Project settings applied.");
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    text += Printf(Tr(" These columns of the project are not in this file: %s."), list.c_str());
  }
  return text;
}

}  // namespace seg::app
