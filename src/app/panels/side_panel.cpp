// src/app/panels/side_panel.cpp — the side panel: the welcome screen, import settings, columns and method, Run and the
// result's exports.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::ErrorText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.55f, 0.5f, 1));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void App::State::DrawWelcome() {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = std::min(avail.x - 20, 620.0f * scale);
  ImGui::SetCursorPos(ImVec2(std::max(10.0f, (avail.x - w) / 2), std::max(avail.y * 0.2f, 10.0f)));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
  ImGui::TextUnformatted(Tr("Customer segmentation that never leaves your browser"));
  ImGui::Spacing();
  ImGui::TextDisabled("%s",
      Tr("Drop a customer CSV anywhere on this page, or open one. Segmenter detects the format (Excel, CRM and "
         "shop exports; comma or semicolon; decimal comma; Windows-1252), finds groups of similar customers with "
         "k-means and shows what sets each group apart. Files are read locally; nothing is uploaded."));
  ImGui::Spacing();
  if (importer) {
    ImGui::ProgressBar(static_cast<float>(importer->Progress().fraction), ImVec2(w, 0));
  } else {
    if (ImGui::Button(Tr("Open CSV…"))) platform::OpenFilePicker();
    ImGui::SameLine();
    if (ImGui::Button(Tr("Load demo data"))) LoadDemo();
  }
  ImGui::Spacing();
  ImGui::TextDisabled("%s", Tr("Shortcuts: Ctrl+O open · Ctrl+Enter run · Ctrl+S save the segmented CSV · Ctrl+Z / Ctrl+Y undo / redo"));
  if (!import_error.empty()) {
    ImGui::Spacing();
    ErrorText(import_error);
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

void App::State::DrawSidePanel() {
  const io::Dataset& d = *data;
  ImGui::SeparatorText(Tr("Data"));
  ImGui::TextWrapped("%s", file_name.c_str());
  ImGui::TextDisabled(Tr("%s rows × %zu columns"), FormatCount(d.table.rows).c_str(), d.table.columns.size());
  if (d.report.rejected_total > 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.7f, 0.35f, 1));
    ImGui::TextWrapped(Tr("%s malformed rows set aside (hover for details)"), FormatCount(d.report.rejected_total).c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered() && !d.report.rejected.empty()) {
      ImGui::BeginTooltip();
      for (size_t i = 0; i < d.report.rejected.size() && i < 12; ++i)
        ImGui::Text(Tr("line %lld: %s"), static_cast<long long>(d.report.rejected[i].line),
                    d.report.rejected[i].reason.c_str());
      ImGui::EndTooltip();
    }
  }
  if (!personal.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.65f, 0.3f, 1));
    ImGui::TextWrapped(Tr("%zu columns hold personal data; they are not used for segmenting (hover)"), personal.size());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      const privacy::Lang lang = CurrentLanguage() == Language::kGerman ? privacy::Lang::kDe : privacy::Lang::kEn;
      for (const auto& pc : personal) ImGui::Text("%s: %s", pc.name.c_str(), pc.Reason(lang).c_str());
      ImGui::EndTooltip();
    }
  }
  DrawImportSettings(d);
  if (!import_error.empty()) ErrorText(Tr("Last import failed: ") + import_error);

  ImGui::SeparatorText(Tr("Segmentation"));
  const int max_k = static_cast<int>(std::min<size_t>(kMaxK, d.table.rows));
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::Combo("##method", &method,
               TrItems("k-means\0Gaussian mixture\0Mixed: numbers + categories\0Rules: groups by columns\0RFM: recency, frequency, monetary\0"));
  ImGui::SetItemTooltip("%s", Tr("k-means: compact, similar-sized groups.\nGaussian mixture: groups of different shapes and spreads, k chosen by BIC.\n"
                        "Mixed (k-prototypes): also uses categorical columns such as industry or plan.\n"
                        "Rules: one group per combination of up to three columns (industry, region, size bands).\n"
                        "RFM: scores 1-5 for recency, frequency and monetary value and the classic segments (Champions, At Risk, ...)."));
  if (method >= 3) DrawLabelledSettings();
  else DrawClusteringSettings(max_k);
  DrawRunAndResult();
}

void App::State::DrawImportSettings(const io::Dataset& d) {
  const std::string header = std::string(Tr("Import")) + ": " + std::string(io::EncodingName(d.encoding.value)) + ", " +
                             DelimiterName(d.delimiter.value) + ", " + (d.decimal.value == ',' ? Tr("comma") : Tr("point")) +
                             "###import";
  if (!ImGui::CollapsingHeader(header.c_str())) return;
  bool changed = false;
  const float label_w = ImGui::CalcTextSize(Tr("Missing values")).x + ImGui::GetStyle().ItemSpacing.x * 2;
  auto label = [&](const char* text, bool set) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", text);
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize(Tr("auto")).x - ImGui::GetStyle().ItemSpacing.x * 2);
    (void)set;
  };
  auto tag = [&](bool set) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", set ? Tr("set") : Tr("auto"));
  };
  // Encoding.
  {
    const io::Encoding encs[] = {io::Encoding::kUtf8, io::Encoding::kWindows1252, io::Encoding::kUtf16Le, io::Encoding::kUtf16Be};
    const char* names[] = {"UTF-8", "Windows-1252", "UTF-16 LE", "UTF-16 BE"};
    int cur = 0;
    for (int i = 0; i < 4; ++i) if (encs[i] == d.encoding.value) cur = i;
    label(Tr("Encoding"), d.encoding.set_by_user);
    if (ImGui::BeginCombo("##encoding", names[cur])) {
      if (ImGui::Selectable(Tr("Detect automatically"), !read_options.encoding)) { read_options.encoding.reset(); changed = true; }
      for (int i = 0; i < 4; ++i)
        if (ImGui::Selectable(names[i], read_options.encoding && *read_options.encoding == encs[i])) { read_options.encoding = encs[i]; changed = true; }
      ImGui::EndCombo();
    }
    ImGui::SetItemTooltip("%s", Tr("Windows-1252 is what Excel writes in Western Europe (€ is 0x80); UTF-8 what most CRMs and shops export."));
    tag(d.encoding.set_by_user);
  }
  // Delimiter.
  {
    const char delims[] = {',', ';', '\t', '|'};
    label(Tr("Delimiter"), d.delimiter.set_by_user);
    if (ImGui::BeginCombo("##delimiter", DelimiterName(d.delimiter.value).c_str())) {
      if (ImGui::Selectable(Tr("Detect automatically"), !read_options.delimiter)) { read_options.delimiter.reset(); changed = true; }
      for (char c : delims)
        if (ImGui::Selectable(DelimiterName(c).c_str(), read_options.delimiter && *read_options.delimiter == c)) { read_options.delimiter = c; changed = true; }
      ImGui::EndCombo();
    }
    tag(d.delimiter.set_by_user);
  }
  // Decimal separator.
  {
    label(Tr("Decimal"), d.decimal.set_by_user);
    if (ImGui::BeginCombo("##decimal", d.decimal.value == ',' ? Tr("comma (1.234,56)") : Tr("point (1,234.56)"))) {
      if (ImGui::Selectable(Tr("Detect automatically"), !read_options.decimal)) { read_options.decimal.reset(); changed = true; }
      if (ImGui::Selectable(Tr("point (1,234.56)"), read_options.decimal && *read_options.decimal == '.')) { read_options.decimal = '.'; changed = true; }
      if (ImGui::Selectable(Tr("comma (1.234,56)"), read_options.decimal && *read_options.decimal == ',')) { read_options.decimal = ','; changed = true; }
      ImGui::EndCombo();
    }
    tag(d.decimal.set_by_user);
  }
  // Header row.
  {
    label(Tr("Header"), d.header.set_by_user);
    if (ImGui::BeginCombo("##header", d.header.value ? Tr("first row") : Tr("none"))) {
      if (ImGui::Selectable(Tr("Detect automatically"), !read_options.header)) { read_options.header.reset(); changed = true; }
      if (ImGui::Selectable(Tr("first row"), read_options.header && *read_options.header)) { read_options.header = true; changed = true; }
      if (ImGui::Selectable(Tr("none"), read_options.header && !*read_options.header)) { read_options.header = false; changed = true; }
      ImGui::EndCombo();
    }
    tag(d.header.set_by_user);
  }
  // Extra missing-value markers.
  {
    label(Tr("Missing values"), !read_options.missing_markers.empty());
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", missing_edit.c_str());
    if (ImGui::InputTextWithHint("##missing", Tr("e.g. unknown, k.A."), buf, sizeof buf)) missing_edit = buf;
    if (ImGui::IsItemDeactivatedAfterEdit()) {
      std::vector<std::string> markers;
      for (const std::string& m : SplitList(missing_edit)) markers.push_back(m);
      if (markers != read_options.missing_markers) {
        read_options.missing_markers = markers;
        changed = true;
      }
    }
    ImGui::SetItemTooltip("%s", Tr("Values that mean \"missing\" in this file, separated by commas. Empty cells, NA, N/A, null, -, ? and #N/A always count."));
    tag(!read_options.missing_markers.empty());
  }
  // Unreadable rows.
  {
    label(Tr("Bad rows"), true);
    if (ImGui::Combo("##badrows", &bad_rows_mode, TrItems("Ask me\0Skip and list them\0Stop the import\0"))) changed = changed || d.report.rejected_total > 0 || bad_rows_mode == 2;
    ImGui::SetItemTooltip("%s", Tr("Rows with too many or too few fields. Skipped rows are listed under Data and stay in the segmented export."));
  }
  if (changed) Reimport();
}

std::vector<std::string> App::State::SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.erase(item.begin());
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

void App::State::DrawLabelledSettings() {
  const io::Table& t = data->table;
  auto picker = [&](const char* id, int& column, bool numeric_only, bool allow_none) {
    const char* current_name = column >= 0 ? t.columns[static_cast<size_t>(column)].name.c_str() : Tr("(none)");
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo(id, current_name)) {
      if (allow_none && ImGui::Selectable(Tr("(none)"), column < 0)) column = -1;
      for (size_t c = 0; c < t.columns.size(); ++c) {
        const io::Column& col = t.columns[c];
        if (col.constant || col.missing == t.rows) continue;
        if (numeric_only ? !col.IsNumericLike() : (col.type == io::ColumnType::kText || col.type == io::ColumnType::kIdentifier || col.type == io::ColumnType::kDate))
          continue;
        const std::string label = col.name + "  (" + Tr(std::string(io::ColumnTypeName(col.type)).c_str()) + ")";
        if (ImGui::Selectable(label.c_str(), column == static_cast<int>(c))) column = static_cast<int>(c);
      }
      ImGui::EndCombo();
    }
  };
  if (method == 3) {
    ImGui::TextDisabled("%s", Tr("Group by (up to three columns)"));
    for (int i = 0; i < 3; ++i) {
      ImGui::PushID(i);
      picker("##rule", rule_columns[i], false, i > 0);
      if (rule_columns[i] >= 0 && t.columns[static_cast<size_t>(rule_columns[i])].type == io::ColumnType::kNumeric) {
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::Combo("##band", &rule_banding[i], TrItems("Company-size bands (1-20, 21-50, ...)\0Quartiles\0Each value\0"));
      }
      ImGui::PopID();
    }
  } else {
    const char* labels[3] = {Tr("Recency: days since, or last purchase date"), Tr("Frequency: orders, purchases"),
                             Tr("Monetary: revenue, spend")};
    for (int i = 0; i < 3; ++i) {
      ImGui::PushID(10 + i);
      ImGui::TextDisabled("%s", labels[i]);
      picker("##rfm", rfm_columns[i], true, false);
      ImGui::PopID();
    }
    ImGui::TextWrapped("%s", Tr("Each customer gets R, F and M scores from 1 to 5 (quintiles) and a named segment from the R x F grid."));
  }
}

void App::State::DrawClusteringSettings(int max_k) {
  const io::Dataset& d = *data;
  if (method != 2) ImGui::Checkbox(Tr("Choose the number of segments automatically"), &auto_k);
  if (auto_k && method != 2) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::DragIntRange2("##krange", &k_min, &k_max, 0.1f, 2, std::max(2, max_k), Tr("from k = %d"), Tr("to %d"));
    k_min = std::clamp(k_min, 2, std::max(2, max_k));
    k_max = std::clamp(k_max, k_min, std::max(k_min, max_k));
  } else {
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::SliderInt("##k", &k, 1, std::max(1, max_k), Tr("k = %d segments"), ImGuiSliderFlags_AlwaysClamp);
  }
  if (method == 1) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::Combo("##cov", &gmm_covariance, TrItems("Full covariances\0Diagonal covariances\0"));
  }
  if (ImGui::TreeNode(Tr("Preparation"))) {
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    ImGui::Combo(Tr("Scaling"), &scaling, TrItems("z-score\0Robust (median/IQR)\0Min-max\0None\0"));
    ImGui::Checkbox(Tr("log1p for skewed columns"), &log_auto);
    ImGui::SetItemTooltip("%s", Tr("Money and counts are usually right-skewed; log1p keeps a few giants from dominating."));
    ImGui::Checkbox(Tr("Clip outliers (1st/99th percentile)"), &clip_outliers);
    ImGui::SetItemTooltip("%s", Tr("Values beyond the 1st and 99th percentiles count as those percentiles, so a few extreme customers do not pull a segment."));
    ImGui::Checkbox(Tr("Missing values as a feature"), &missing_indicators);
    ImGui::SetItemTooltip("%s", Tr("Adds \"<column> missing\" (0/1) for columns with gaps: customers without a value can form their own group."));
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    if (ImGui::InputInt(Tr("Seed"), &seed)) seed = std::max(0, seed);
    ImGui::TreePop();
  }
  ImGui::TextDisabled("%s", Tr("Columns to segment on"));
  const float rows_h = ImGui::GetFrameHeightWithSpacing() * static_cast<float>(candidate_columns.size() + 1);
  const float list_h = std::clamp(rows_h, ImGui::GetFrameHeight() * 2, std::max(ImGui::GetContentRegionAvail().y * 0.5f, ImGui::GetFrameHeight() * 3));
  if (ImGui::BeginChild("features", ImVec2(0, list_h), ImGuiChildFlags_Border)) {
    for (size_t i = 0; i < candidate_columns.size(); ++i) {
      const io::Column& col = d.table.columns[static_cast<size_t>(candidate_columns[i])];
      ImGui::PushID(static_cast<int>(i));
      bool on = chosen[i];
      if (ImGui::Checkbox(col.name.c_str(), &on)) chosen[i] = on;
      if (col.type == io::ColumnType::kCategorical || col.type == io::ColumnType::kText) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", Printf(Tr(col.type == io::ColumnType::kText ? "(text, %s values)" : "(categories, %s values)"),
                                         FormatCount(col.distinct).c_str()).c_str());
        ImGui::SetItemTooltip("%s", Tr(method == 2 && col.type == io::ColumnType::kCategorical ? "Mixed segmentation compares this column's values directly."
                                       : col.distinct > 10 ? "Used as yes/no columns for its most frequent values (each at least 1% of the rows); the rest count as \"other\"."
                                                           : "Used as one yes/no column per value; together they weigh as much as one numeric column."));
      } else if (col.type != io::ColumnType::kNumeric) {
        ImGui::SameLine();
        ImGui::TextDisabled("(%s)", Tr(std::string(io::ColumnTypeName(col.type)).c_str()));
      }
      if (on && i < weights.size()) {  // the weight, right-aligned: 0 ignores the column, 2 counts it twice
        const float w = ImGui::CalcTextSize("×0.00").x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - w));
        ImGui::SetNextItemWidth(w);
        ImGui::DragFloat("##w", &weights[i], 0.02f, 0.0f, 5.0f, "×%.2f", ImGuiSliderFlags_AlwaysClamp);
        ImGui::SetItemTooltip("%s", Tr("Weight in the distance: 1 = as important as the other columns, 2 = twice, 0 = ignored. Drag or double-click to type."));
      }
      ImGui::PopID();
    }
    if (candidate_columns.empty()) ImGui::TextWrapped("%s", Tr("No numeric columns: k-means needs numbers."));
  }
  ImGui::EndChild();
}

void App::State::DrawRunAndResult() {
  if (job) {
    ImGui::ProgressBar(static_cast<float>(job->Progress()), ImVec2(-FLT_MIN, 0));
    if (ImGui::Button(Tr("Cancel"), ImVec2(-FLT_MIN, 0)) || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
      job.reset();
      platform::SetStatus(Tr("Segmentation cancelled; the previous result is unchanged."));
    }
  } else if (ImGui::Button(Tr("Run segmentation"), ImVec2(-FLT_MIN, 0)) ||
             (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_Enter) && !importer)) {
    StartSegmentation();
  }
  ImGui::SetItemTooltip("Ctrl+Enter");
  if (!segment_error.empty()) ErrorText(segment_error);
  if (result) {
    ImGui::SeparatorText(Tr("Edit"));
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    ImGui::BeginDisabled(undo_stack.empty());
    if (ImGui::Button(Tr("Undo"), ImVec2(half, 0))) Undo();
    ImGui::EndDisabled();
    ImGui::SetItemTooltip("Ctrl+Z");
    ImGui::SameLine();
    ImGui::BeginDisabled(redo_stack.empty());
    if (ImGui::Button(Tr("Redo"), ImVec2(-FLT_MIN, 0))) Redo();
    ImGui::EndDisabled();
    ImGui::SetItemTooltip("Ctrl+Y, Ctrl+Shift+Z");
    ImGui::TextDisabled("%s", Tr("Right-click a segment to rename, merge or recolour it."));

    ImGui::SeparatorText(Tr("Export"));
    if (!personal.empty()) {
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::Combo("##personal", &personal_export,
                   TrItems("Personal columns: keep\0Personal columns: leave out\0Personal columns: mask (***)\0"));
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(Tr("The segmented CSV will contain these columns:"));
        std::string cols;
        for (size_t c = 0; c < data->table.columns.size(); ++c) {
          bool is_personal = false;
          for (const auto& pc : personal) is_personal = is_personal || pc.column == static_cast<int>(c);
          if (is_personal && personal_export == 1) continue;
          cols += (cols.empty() ? "" : ", ") + data->table.columns[c].name + (is_personal && personal_export == 2 ? " (***)" : "");
        }
        cols += ", segment, segment_name";
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(cols.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    if (ImGui::Button(Tr("Segmented CSV"), ImVec2(-FLT_MIN, 0))) DownloadSegmentedCsv();
    ImGui::SetItemTooltip("%s", Tr("Every original row and column, byte for byte, plus segment and segment_name (Ctrl+S)"));
    if (ImGui::Button(Tr("Segment summary (CSV)"), ImVec2(half, 0))) DownloadSummaryCsv();
    ImGui::SetItemTooltip("%s", Tr("One row per segment: size, share, KPIs, means; in the loaded file's delimiter and decimal separator"));
    ImGui::SameLine();
    if (ImGui::Button(Tr("Summary (JSON)"), ImVec2(-FLT_MIN, 0))) DownloadReport();
    if (ImGui::Button(Tr("Model (JSON)"), ImVec2(half, 0))) DownloadModel();
    ImGui::SetItemTooltip("%s", Tr("Preparation, centroids and names: apply them to a later export with `segmenter apply`"));
    ImGui::SameLine();
    if (ImGui::Button(Tr("Picture (PNG)"), ImVec2(-FLT_MIN, 0))) DownloadPng();
    ImGui::SetItemTooltip("%s", Tr("The current view as an image, e.g. for slides"));
    if (ImGui::Button(Tr("SQL query"), ImVec2(half, 0))) DownloadSql();
    ImGui::SetItemTooltip("%s", Tr("Segments every customer in your database with the same model: one standard SQL query, no data leaves"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::Combo("##dialect", &sql_dialect, "PostgreSQL\0SQLite\0DuckDB\0BigQuery\0Spark SQL\0");
    if (ImGui::Button(Tr("Project file"), ImVec2(half, 0))) DownloadProject();
    ImGui::SetItemTooltip("%s", Tr("Settings, segment names, merges and colours, to continue later: open it, then the same CSV. "
                                   "The customer data is included only if you tick the box."));
    ImGui::SameLine();
    ImGui::Checkbox(Tr("with data"), &project_include_data);
    ImGui::SetItemTooltip("%s", Tr("Puts the customer file itself into the project (Base64), so it opens without the CSV. "
                                   "Treat the project like the data then."));
    if (ImGui::Button(Tr("Processing record (GDPR)"), ImVec2(-FLT_MIN, 0))) DownloadRecord();
    ImGui::SetItemTooltip("%s", Tr("A printable summary for your data-protection officer: file, counts, columns used, personal columns and their handling, method; no data values"));
    ImGui::SeparatorText(Tr("Over time"));
    ImGui::BeginDisabled(analysis::ResultMethod(*original) != analysis::Method::kKMeans || compare_importer.has_value());
    if (ImGui::Button(Tr("Compare with a later export…"), ImVec2(-FLT_MIN, 0))) platform::OpenComparePicker();
    ImGui::EndDisabled();
    ImGui::SetItemTooltip("%s", Tr("Applies this model to next month's export of the same customers: who moved, who left, who is new"));
    if (!compare_error.empty()) ErrorText(compare_error);
    if (!result->warnings.empty()) ImGui::SeparatorText(Tr("Notes"));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    for (const auto& w : result->warnings) ImGui::TextWrapped("• %s", w.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace seg::app
