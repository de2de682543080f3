#include "app/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include "app/scatter.hpp"
#include "platform/platform.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/encoding.hpp"
#include "seg/io/inspect.hpp"

namespace seg::app {
namespace {

constexpr double kFrameBudgetMs = 12.0;  // background work per frame; keeps the page at ~60 fps
constexpr int kMaxK = 16;                // palette size; more segments are rarely readable

// A colour-blind-friendly palette (Tableau 10 + 6).
const ImVec4 kPalette[kMaxK] = {
    {0.306f, 0.475f, 0.655f, 1}, {0.949f, 0.557f, 0.169f, 1}, {0.882f, 0.341f, 0.349f, 1},
    {0.463f, 0.718f, 0.698f, 1}, {0.349f, 0.631f, 0.310f, 1}, {0.929f, 0.788f, 0.282f, 1},
    {0.690f, 0.478f, 0.631f, 1}, {1.000f, 0.616f, 0.655f, 1}, {0.612f, 0.459f, 0.373f, 1},
    {0.729f, 0.690f, 0.675f, 1}, {0.122f, 0.467f, 0.706f, 1}, {0.839f, 0.153f, 0.157f, 1},
    {0.580f, 0.404f, 0.741f, 1}, {0.549f, 0.337f, 0.294f, 1}, {0.090f, 0.745f, 0.812f, 1},
    {0.737f, 0.741f, 0.133f, 1}};

std::string FormatCount(size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string FormatNumber(double v) {
  if (!std::isfinite(v)) return "–";
  char buf[64];
  const double a = std::fabs(v);
  if (a >= 1e9) std::snprintf(buf, sizeof buf, "%.2f bn", v / 1e9);
  else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.2f m", v / 1e6);
  else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (a >= 100) std::snprintf(buf, sizeof buf, "%.1f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string BaseName(const std::string& name) {
  std::string b = name;
  const size_t slash = b.find_last_of("/\\");
  if (slash != std::string::npos) b = b.substr(slash + 1);
  const size_t dot = b.find_last_of('.');
  if (dot != std::string::npos && dot > 0) b.resize(dot);
  return b.empty() ? std::string("customers") : b;
}

}  // namespace

struct App::State {
  // Import in progress.
  std::optional<io::CsvImporter> importer;
  std::string importing_name;
  double import_started = 0;
  // Loaded data (kept intact until a new file imports successfully).
  std::unique_ptr<io::Dataset> data;
  std::string file_name;
  std::string import_error;
  // Segmentation settings and work.
  int k = 5;
  int seed = 42;
  std::vector<int> candidate_columns;  // numeric-like columns the user may choose
  std::vector<bool> chosen;            // parallel to candidate_columns
  std::optional<analysis::SegmentationJob> job;
  double job_started = 0;
  std::unique_ptr<analysis::SegmentResult> result;
  std::string segment_error;
  double last_run_ms = 0;
  // View.
  ScatterPlot scatter;
  std::vector<bool> hidden;  // per segment
  int highlight = -1;
  float scale = 1.0f;

  // ---- files ----------------------------------------------------------------------------------

  void OnFile(std::string name, std::string bytes) {
    const double size = static_cast<double>(bytes.size());
    // The decoded text, the record index and the typed columns need a few times the file size.
    if (size * 3.0 > platform::HeapHeadroomBytes()) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.0f MB", size / 1e6);
      import_error = "\"" + name + "\" (" + buf +
                     ") is too large for the memory this browser tab can use. Use the command-line tool "
                     "for files this size, or split the file.";
      platform::SetStatus(import_error);
      return;
    }
    job.reset();  // a running segmentation reads the old table; the new file will replace it
    importer.emplace(std::move(bytes), io::ReadOptions{});
    importing_name = std::move(name);
    import_started = platform::NowMs();
    import_error.clear();
    platform::SetStatus("Importing " + importing_name + "…", 0.0);
  }

  void DownloadSegmentedCsv() {
    if (!data || !result) {
      platform::SetStatus("Nothing to download yet: load a file and segment it first.");
      return;
    }
    std::vector<std::string> ids(data->table.rows), names(data->table.rows);
    for (size_t i = 0; i < data->table.rows; ++i) {
      ids[i] = std::to_string(result->labels[i] + 1);
      names[i] = result->segments[static_cast<size_t>(result->labels[i])].name;
    }
    const std::string csv = io::WriteWithExtraColumns(*data, {"segment", "segment_name"}, {ids, names});
    const std::string out_name = BaseName(file_name) + "-segmented.csv";
    platform::Download(out_name, "text/csv;charset=utf-8", csv);
    platform::SetStatus("Saved " + out_name + ": " + FormatCount(data->table.rows) +
                        " rows with their segment, written in this browser.");
  }

  void DownloadReport() {
    if (!result) return;
    nlohmann::json report = analysis::ReportToJson(*result);
    report["input"] = {{"file", file_name}, {"rows", data->table.rows}, {"rejected_rows", data->report.rejected_total}};
    const std::string out_name = BaseName(file_name) + "-segments.json";
    platform::Download(out_name, "application/json",
                       report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    platform::SetStatus("Saved " + out_name + " (segment sizes and profiles).");
  }

  // ---- background work --------------------------------------------------------------------------

  void StartSegmentation() {
    segment_error.clear();
    if (!data) return;
    analysis::SegmentParams p;
    p.k = k;
    p.seed = static_cast<uint64_t>(seed);
    for (size_t i = 0; i < candidate_columns.size(); ++i)
      if (chosen[i]) p.features.push_back(data->table.columns[static_cast<size_t>(candidate_columns[i])].name);
    if (p.features.empty()) {
      segment_error = "Choose at least one column to segment on.";
      platform::SetStatus(segment_error);
      return;
    }
    auto created = analysis::SegmentationJob::Create(data->table, p);
    if (!created.ok()) {
      segment_error = created.error().ToString();
      platform::SetStatus("Could not segment: " + segment_error);
      return;
    }
    job.emplace(std::move(created.value()));
    job_started = platform::NowMs();
    platform::SetStatus("Segmenting " + FormatCount(data->table.rows) + " rows…", 0.0);
  }

  void FinishImport() {
    auto imported = importer->Take();
    importer.reset();
    if (!imported.ok()) {
      import_error = imported.error().ToString();
      const std::string keep = data ? " Your previously loaded data (" + file_name + ") is unchanged." : "";
      platform::SetStatus("Could not import " + importing_name + ": " + import_error + keep);
      return;
    }
    data = std::make_unique<io::Dataset>(std::move(imported.value()));
    file_name = importing_name;
    result.reset();
    scatter.Clear();
    platform::SetResultAvailable(false);
    // Default features: the numeric columns; booleans and dates can be added by the user.
    candidate_columns.clear();
    chosen.clear();
    const auto defaults = analysis::DefaultFeatureColumns(data->table, nullptr);
    for (size_t c = 0; c < data->table.columns.size(); ++c) {
      const io::Column& col = data->table.columns[c];
      if (!col.IsNumericLike() || col.constant || col.missing == data->table.rows) continue;
      candidate_columns.push_back(static_cast<int>(c));
      chosen.push_back(std::find(defaults.begin(), defaults.end(), static_cast<int>(c)) != defaults.end());
    }
    k = static_cast<int>(std::min<size_t>(5, std::max<size_t>(1, data->table.rows)));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f s", (platform::NowMs() - import_started) / 1000.0);
    platform::SetStatus("Imported " + FormatCount(data->table.rows) + " rows × " +
                        std::to_string(data->table.columns.size()) + " columns from " + file_name + " in " + buf + ".");
    StartSegmentation();  // a first result straight away; settings can be changed afterwards
  }

  void FinishSegmentation() {
    result = std::make_unique<analysis::SegmentResult>(job->Take());
    job.reset();
    last_run_ms = platform::NowMs() - job_started;
    hidden.assign(static_cast<size_t>(result->k), false);
    highlight = -1;
    scatter.SetPoints(result->pca, result->labels);
    platform::SetResultAvailable(true);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f s", last_run_ms / 1000.0);
    // "Segmented N rows into K segments" is relied on by screen readers and the browser tests.
    platform::SetStatus("Segmented " + std::to_string(data->table.rows) + " rows into " + std::to_string(result->k) +
                        " segments (k-means on " + std::to_string(result->feature_names.size()) + " columns, " +
                        buf + ").");
  }

  void PumpWork() {
    const double t0 = platform::NowMs();
    if (importer) {
      bool finished = false;
      while (!finished && platform::NowMs() - t0 < kFrameBudgetMs) finished = importer->Step(1 << 20);
      if (finished) {
        FinishImport();
      } else {
        const io::ImportProgress p = importer->Progress();
        platform::SetStatus("Importing " + importing_name + "… (" + p.phase + ")", p.fraction);
      }
      return;
    }
    if (job) {
      while (!job->Done() && platform::NowMs() - t0 < kFrameBudgetMs) job->Step();
      if (job->Done()) {
        FinishSegmentation();
      } else {
        platform::SetStatus("Segmenting " + FormatCount(data->table.rows) + " rows… (" + job->Phase() + ")",
                            job->Progress());
      }
    }
  }

  // ---- drawing ----------------------------------------------------------------------------------

  void ErrorText(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.55f, 0.5f, 1));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
  }

  void DrawWelcome() {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float w = std::min(avail.x - 20, 620.0f * scale);
    ImGui::SetCursorPos(ImVec2(std::max(10.0f, (avail.x - w) / 2), std::max(avail.y * 0.2f, 10.0f)));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ImGui::TextUnformatted("Customer segmentation that never leaves your browser");
    ImGui::Spacing();
    ImGui::TextDisabled(
        "Drop a customer CSV anywhere on this page, or open one. Segmenter detects the format (Excel, CRM and "
        "shop exports; comma or semicolon; decimal comma; Windows-1252), finds groups of similar customers with "
        "k-means and shows what sets each group apart. Files are read locally; nothing is uploaded.");
    ImGui::Spacing();
    if (importer) {
      ImGui::ProgressBar(static_cast<float>(importer->Progress().fraction), ImVec2(w, 0));
    } else {
      if (ImGui::Button("Open CSV…")) platform::OpenFilePicker();
      ImGui::SameLine();
      if (ImGui::Button("Load demo data")) platform::LoadDemo();
    }
    if (!import_error.empty()) {
      ImGui::Spacing();
      ErrorText(import_error);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }

  void DrawSidePanel() {
    const io::Dataset& d = *data;
    ImGui::SeparatorText("Data");
    ImGui::TextWrapped("%s", file_name.c_str());
    ImGui::TextDisabled("%s rows × %zu columns", FormatCount(d.table.rows).c_str(), d.table.columns.size());
    if (d.report.rejected_total > 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.7f, 0.35f, 1));
      ImGui::TextWrapped("%s malformed rows set aside (hover for details)", FormatCount(d.report.rejected_total).c_str());
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered() && !d.report.rejected.empty()) {
        ImGui::BeginTooltip();
        for (size_t i = 0; i < d.report.rejected.size() && i < 12; ++i)
          ImGui::Text("line %lld: %s", static_cast<long long>(d.report.rejected[i].line),
                      d.report.rejected[i].reason.c_str());
        ImGui::EndTooltip();
      }
    }
    if (ImGui::BeginTable("dialect", 2, ImGuiTableFlags_SizingFixedFit)) {
      auto row = [](const char* key, const std::string& value, bool set_by_user) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", key);
        ImGui::TableNextColumn();
        ImGui::Text("%s", value.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled(set_by_user ? "set" : "auto");
      };
      row("Encoding", std::string(io::EncodingName(d.encoding.value)), d.encoding.set_by_user);
      row("Delimiter", io::DelimiterDisplayName(d.delimiter.value), d.delimiter.set_by_user);
      row("Decimal", d.decimal.value == ',' ? "comma" : "point", d.decimal.set_by_user);
      row("Header", d.header.value ? "first row" : "none", d.header.set_by_user);
      ImGui::EndTable();
    }
    if (!import_error.empty()) ErrorText("Last import failed: " + import_error);

    ImGui::SeparatorText("Segmentation");
    const int max_k = static_cast<int>(std::min<size_t>(kMaxK, d.table.rows));
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::SliderInt("##k", &k, 1, std::max(1, max_k), "k = %d segments", ImGuiSliderFlags_AlwaysClamp);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    if (ImGui::InputInt("Seed", &seed)) seed = std::max(0, seed);
    ImGui::TextDisabled("Columns to segment on");
    const float rows_h = ImGui::GetFrameHeightWithSpacing() * static_cast<float>(candidate_columns.size() + 1);
    const float list_h = std::clamp(rows_h, ImGui::GetFrameHeight() * 2, std::max(ImGui::GetContentRegionAvail().y * 0.5f, ImGui::GetFrameHeight() * 3));
    if (ImGui::BeginChild("features", ImVec2(0, list_h), ImGuiChildFlags_Border)) {
      for (size_t i = 0; i < candidate_columns.size(); ++i) {
        const io::Column& col = d.table.columns[static_cast<size_t>(candidate_columns[i])];
        bool on = chosen[i];
        if (ImGui::Checkbox(col.name.c_str(), &on)) chosen[i] = on;
        if (col.type != io::ColumnType::kNumeric) {
          ImGui::SameLine();
          ImGui::TextDisabled("(%s)", std::string(io::ColumnTypeName(col.type)).c_str());
        }
      }
      if (candidate_columns.empty()) ImGui::TextWrapped("No numeric columns: k-means needs numbers.");
    }
    ImGui::EndChild();
    if (job) {
      ImGui::ProgressBar(static_cast<float>(job->Progress()), ImVec2(-FLT_MIN, 0));
      if (ImGui::Button("Cancel", ImVec2(-FLT_MIN, 0))) {
        job.reset();
        platform::SetStatus("Segmentation cancelled; the previous result is unchanged.");
      }
    } else if (ImGui::Button("Run segmentation", ImVec2(-FLT_MIN, 0)) ||
               (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_Enter) && !importer)) {
      StartSegmentation();
    }
    ImGui::SetItemTooltip("Ctrl+Enter");
    if (!segment_error.empty()) ErrorText(segment_error);
    if (result) {
      ImGui::SeparatorText("Export");
      if (ImGui::Button("Segmented CSV", ImVec2(-FLT_MIN, 0))) DownloadSegmentedCsv();
      ImGui::SetItemTooltip("Every original row and column, byte for byte, plus segment and segment_name");
      if (ImGui::Button("Segment summary (JSON)", ImVec2(-FLT_MIN, 0))) DownloadReport();
      if (!result->warnings.empty()) ImGui::SeparatorText("Notes");
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      for (const auto& w : result->warnings) ImGui::TextWrapped("• %s", w.c_str());
      ImGui::PopStyleColor();
    }
  }

  std::vector<ImVec4> SegmentColors() const {
    std::vector<ImVec4> colors;
    for (int i = 0; result && i < result->k; ++i) {
      ImVec4 c = kPalette[i % kMaxK];
      if (hidden[static_cast<size_t>(i)]) c.w = 0.0f;
      colors.push_back(c);
    }
    return colors;
  }

  void DrawRowTooltip(size_t row) {
    const analysis::SegmentSummary& seg = result->segments[static_cast<size_t>(result->labels[row])];
    ImGui::BeginTooltip();
    ImGui::ColorButton("##c", kPalette[seg.id % kMaxK], ImGuiColorEditFlags_NoTooltip, ImVec2(10 * scale, 10 * scale));
    ImGui::SameLine();
    ImGui::Text("Segment %d: %s", seg.id + 1, seg.name.c_str());
    ImGui::TextDisabled("Row %zu of the file", row + 1);
    const std::vector<std::string> fields = data->RowFields(row);
    if (ImGui::BeginTable("row", 2, ImGuiTableFlags_SizingFixedFit)) {
      for (size_t c = 0; c < fields.size() && c < data->table.columns.size() && c < 14; ++c) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", data->table.columns[c].name.c_str());
        ImGui::TableNextColumn();
        std::string v = fields[c];
        if (v.size() > 60) v = v.substr(0, 57) + "…";
        ImGui::TextUnformatted(v.c_str());
      }
      ImGui::EndTable();
    }
    ImGui::EndTooltip();
  }

  void DrawSegmentsTab() {
    if (!result) {
      if (job) {
        ImGui::Text("Segmenting… %.0f%%", job->Progress() * 100);
      } else {
        ImGui::TextDisabled("Choose columns and press Run segmentation.");
      }
      return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float plot_h = std::max(avail.y * 0.58f, 160.0f * scale);
    ImGui::Text("Principal components of the %zu segmenting columns", result->feature_names.size());
    ImGui::SameLine();
    ImGui::TextDisabled("(PC1 %.0f%%, PC2 %.0f%% of the variance; wheel zooms, drag pans, double-click resets)",
                        result->explained_variance_ratio[0] * 100, result->explained_variance_ratio[1] * 100);
    const long hovered = scatter.Draw("scatter", ImVec2(avail.x, plot_h - ImGui::GetFrameHeightWithSpacing()),
                                      SegmentColors(), highlight,
                                      std::clamp(5.0f - std::log10(static_cast<float>(scatter.size() + 1)), 1.5f, 4.5f) * scale);
    if (hovered >= 0) DrawRowTooltip(static_cast<size_t>(hovered));

    // Segment table: legend (click the swatch to hide/show), size, share, distinguishing features.
    highlight = -1;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
    if (ImGui::BeginTable("segments", 5, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("Show", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("Segment", ImGuiTableColumnFlags_WidthStretch, 2.0f);
      ImGui::TableSetupColumn("Customers", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("Compared with all customers", ImGuiTableColumnFlags_WidthStretch, 4.0f);
      ImGui::TableHeadersRow();
      for (const auto& seg : result->segments) {
        ImGui::PushID(seg.id);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImVec4 c = kPalette[seg.id % kMaxK];
        const bool is_hidden = hidden[static_cast<size_t>(seg.id)];
        if (is_hidden) c.w = 0.25f;
        if (ImGui::ColorButton("##swatch", c, ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_AlphaPreview,
                               ImVec2(ImGui::GetFrameHeight() * 1.4f, ImGui::GetFrameHeight() * 0.8f)))
          hidden[static_cast<size_t>(seg.id)] = !is_hidden;
        ImGui::SetItemTooltip(is_hidden ? "Show this segment" : "Hide this segment");
        ImGui::TableNextColumn();
        ImGui::Text("%d  %s", seg.id + 1, seg.name.c_str());
        if (ImGui::IsItemHovered()) highlight = seg.id;
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatCount(seg.size).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.1f%%", seg.share * 100);
        ImGui::TableNextColumn();
        // The three features that differ most, with the segment mean against the overall mean.
        std::vector<const analysis::FeatureProfile*> order;
        for (const auto& f : seg.features) order.push_back(&f);
        std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return std::fabs(a->std_diff) > std::fabs(b->std_diff); });
        std::string text;
        for (size_t i = 0; i < order.size() && i < 3; ++i) {
          const auto& f = *order[i];
          if (!text.empty()) text += "   ";
          text += f.name + (f.std_diff >= 0 ? " ↑ " : " ↓ ") + FormatNumber(f.mean) + " (all " + FormatNumber(f.overall_mean) + ")";
        }
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }

  void DrawPreviewTab() {
    const io::Table& t = data->table;
    const int ncols = static_cast<int>(std::min<size_t>(t.columns.size(), 200)) + 1;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingFixedFit;
    if (t.columns.size() > 200) ImGui::TextDisabled("Showing the first 200 of %zu columns.", t.columns.size());
    if (!ImGui::BeginTable("preview", ncols, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed);
    for (int c = 1; c < ncols; ++c) {
      const io::Column& col = t.columns[static_cast<size_t>(c - 1)];
      const std::string label = col.name + "\n" + std::string(io::ColumnTypeName(col.type));
      ImGui::TableSetupColumn(label.c_str(), ImGuiTableColumnFlags_WidthFixed, 0.0f);
    }
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(std::min<size_t>(t.rows, 0x7fffffff)));
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const std::vector<std::string> fields = data->RowFields(static_cast<size_t>(r));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (result) {
          ImGui::ColorButton("##s", kPalette[result->labels[static_cast<size_t>(r)] % kMaxK], ImGuiColorEditFlags_NoTooltip,
                             ImVec2(8 * scale, 8 * scale));
          ImGui::SameLine();
        }
        ImGui::TextDisabled("%d", r + 1);
        for (int c = 1; c < ncols; ++c) {
          ImGui::TableNextColumn();
          if (static_cast<size_t>(c - 1) >= fields.size()) continue;
          const std::string& v = fields[static_cast<size_t>(c - 1)];
          if (v.size() > 80) {
            ImGui::TextUnformatted(v.data(), v.data() + 77);
            ImGui::SameLine(0, 0);
            ImGui::TextUnformatted("…");
          } else {
            ImGui::TextUnformatted(v.c_str());
          }
        }
      }
    }
    ImGui::EndTable();
  }

  void DrawColumnsTab() {
    const io::Table& t = data->table;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("columns", 6, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Column", 0, 2.0f);
    ImGui::TableSetupColumn("Type", 0, 1.0f);
    ImGui::TableSetupColumn("Missing", 0, 0.8f);
    ImGui::TableSetupColumn("Distinct", 0, 0.8f);
    ImGui::TableSetupColumn("Range / top values", 0, 3.0f);
    ImGui::TableSetupColumn("Examples", 0, 3.0f);
    ImGui::TableHeadersRow();
    for (const io::Column& col : t.columns) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(col.name.c_str());
      ImGui::TableNextColumn();
      std::string type(io::ColumnTypeName(col.type));
      if (!col.unit.empty()) type += " (" + col.unit + ")";
      if (col.constant) type += ", constant";
      ImGui::TextUnformatted(type.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatCount(col.missing).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatCount(col.distinct).c_str());
      ImGui::TableNextColumn();
      std::string range;
      if (col.type == io::ColumnType::kNumeric) {
        range = FormatNumber(col.min) + " … " + FormatNumber(col.max) + ", mean " + FormatNumber(col.mean);
      } else {
        for (const auto& [value, count] : col.top_values) {
          if (!range.empty()) range += ", ";
          range += value + " (" + FormatCount(count) + ")";
        }
      }
      ImGui::TextUnformatted(range.c_str());
      ImGui::TableNextColumn();
      std::string ex;
      for (const auto& e : col.examples) {
        if (!ex.empty()) ex += " · ";
        ex += e;
      }
      ImGui::TextUnformatted(ex.c_str());
    }
    ImGui::EndTable();
  }

  void Frame() {
    PumpWork();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags wf = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Segmenter", nullptr, wf);
    if (!data) {
      DrawWelcome();
      ImGui::End();
      return;
    }
    const float side_w = std::clamp(vp->WorkSize.x * 0.24f, 220.0f * scale, 340.0f * scale);
    if (ImGui::BeginChild("side", ImVec2(side_w, 0), ImGuiChildFlags_None)) DrawSidePanel();
    ImGui::EndChild();
    ImGui::SameLine();
    if (ImGui::BeginChild("main", ImVec2(0, 0), ImGuiChildFlags_None)) {
      if (ImGui::BeginTabBar("views")) {
        if (ImGui::BeginTabItem("Segments")) {
          DrawSegmentsTab();
          ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Data")) {
          DrawPreviewTab();
          ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Columns")) {
          DrawColumnsTab();
          ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
      }
    }
    ImGui::EndChild();
    ImGui::End();
  }
};

App::App() : s_(std::make_unique<State>()) {
  platform::SetStatus("Ready. Load the demo data or open a customer CSV; it stays in this browser.");
}
App::~App() = default;
void App::Frame() { s_->Frame(); }
void App::OnFile(std::string name, std::string bytes) { s_->OnFile(std::move(name), std::move(bytes)); }
void App::DownloadSegmentedCsv() { s_->DownloadSegmentedCsv(); }
void App::SetScale(float scale) { s_->scale = scale; }

}  // namespace seg::app
