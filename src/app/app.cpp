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
#include "seg/common/text.hpp"
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
  int method = 0;  // 0 k-means, 1 Gaussian mixture
  bool auto_k = true;
  int k_min = 2, k_max = 10;
  int scaling = 0;  // analysis::Scaling order
  bool log_auto = true;
  int gmm_covariance = 0;  // 0 full, 1 diagonal
  std::vector<std::string> name_edit;  // rename buffers per segment
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
    p.method = method == 1 ? analysis::Method::kGmm : method == 2 ? analysis::Method::kMixed : analysis::Method::kKMeans;
    if (method == 2) p.auto_k = false;  // k-prototypes has no automatic k yet
    p.covariance = gmm_covariance == 1 ? analysis::Covariance::kDiagonal : analysis::Covariance::kFull;
    p.auto_k = auto_k && method != 2;
    p.k_min = k_min;
    p.k_max = std::max(k_min, std::min<int>(k_max, static_cast<int>(data->table.rows)));
    p.prep.scaling = static_cast<analysis::Scaling>(scaling);
    p.prep.log_auto = log_auto;
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
      if (!import_error.empty() && import_error.back() != '.') import_error += '.';
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
    name_edit.clear();
    for (const auto& seg : result->segments) name_edit.push_back(seg.name);
    PublishSummary();
    highlight = -1;
    scatter.SetPoints(result->pca, result->labels);
    platform::SetResultAvailable(true);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f s", last_run_ms / 1000.0);
    // "Segmented N rows into K segments" is relied on by screen readers and the browser tests.
    platform::SetStatus("Segmented " + std::to_string(data->table.rows) + " rows into " + std::to_string(result->k) +
                        " segments (" + (result->method == "gmm" ? std::string("Gaussian mixture") : result->method == "mixed" ? std::string("k-prototypes") : std::string("k-means")) +
                        " on " + std::to_string(result->feature_names.size()) + " columns, " +
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
        const double seconds = std::max(1e-3, (platform::NowMs() - import_started) / 1000.0);
        char buf[96];
        std::snprintf(buf, sizeof buf, "%.0f of %.0f MB, %.0f MB/s", p.bytes_done / 1e6, p.bytes_total / 1e6,
                      p.bytes_done / 1e6 / seconds);
        platform::SetStatus("Importing " + importing_name + "… (" + p.phase + ", " + buf + ")", p.fraction);
      }
      return;
    }
    if (job) {
      while (!job->Done() && platform::NowMs() - t0 < kFrameBudgetMs) job->Step();
      if (job->Done() && job->Failure()) {
        segment_error = job->Failure()->ToString();
        job.reset();
        platform::SetStatus("Could not segment: " + segment_error);
      } else if (job->Done()) {
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
    ImGui::Combo("##method", &method, "k-means\0Gaussian mixture\0Mixed: numbers + categories\0");
    ImGui::SetItemTooltip("k-means: compact, similar-sized groups.\nGaussian mixture: groups of different shapes and spreads, k chosen by BIC.\n"
                          "Mixed (k-prototypes): also uses categorical columns such as industry or plan.");
    if (method != 2) ImGui::Checkbox("Choose the number of segments automatically", &auto_k);
    if (auto_k && method != 2) {
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::DragIntRange2("##krange", &k_min, &k_max, 0.1f, 2, std::max(2, max_k), "from k = %d", "to %d");
      k_min = std::clamp(k_min, 2, std::max(2, max_k));
      k_max = std::clamp(k_max, k_min, std::max(k_min, max_k));
    } else {
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::SliderInt("##k", &k, 1, std::max(1, max_k), "k = %d segments", ImGuiSliderFlags_AlwaysClamp);
    }
    if (method == 1) {
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::Combo("##cov", &gmm_covariance, "Full covariances\0Diagonal covariances\0");
    }
    if (ImGui::TreeNode("Preparation")) {
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
      ImGui::Combo("Scaling", &scaling, "z-score\0Robust (median/IQR)\0Min-max\0None\0");
      ImGui::Checkbox("log1p for skewed columns", &log_auto);
      ImGui::SetItemTooltip("Money and counts are usually right-skewed; log1p keeps a few giants from dominating.");
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
      if (ImGui::InputInt("Seed", &seed)) seed = std::max(0, seed);
      ImGui::TreePop();
    }
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
        ImGui::TextUnformatted(TruncateUtf8(fields[c], 60).c_str());
      }
      ImGui::EndTable();
    }
    ImGui::EndTooltip();
  }

  // Scores over k: silhouette (and stability) for k-means, BIC for mixtures; the chosen k marked.
  void DrawKChart(const analysis::AutoKResult& a, float height) {
    const auto& sc = a.scores;
    if (sc.size() < 2) return;
    const bool bic = std::isfinite(sc[0].bic);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = std::min(ImGui::GetContentRegionAvail().x, 520.0f * scale);
    const float pad = 28.0f * scale;
    ImGui::Dummy(ImVec2(w, height));
    const ImVec2 q0(p0.x + pad, p0.y + 6 * scale), q1(p0.x + w - 8 * scale, p0.y + height - pad);
    dl->AddRect(q0, q1, ImGui::GetColorU32(ImGuiCol_Border));
    auto series = [&](auto value, ImU32 color, const char* label, int row) {
      double lo = INFINITY, hi = -INFINITY;
      for (const auto& s : sc) {
        const double v = value(s);
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      }
      if (!std::isfinite(lo)) return;
      if (!bic) lo = std::min(lo, 0.0), hi = std::max(hi, 1.0);
      if (hi - lo < 1e-12) hi = lo + 1;
      ImVec2 prev;
      bool have = false;
      for (size_t i = 0; i < sc.size(); ++i) {
        const double v = value(sc[i]);
        if (!std::isfinite(v)) { have = false; continue; }
        const ImVec2 pt(q0.x + (q1.x - q0.x) * static_cast<float>(i) / static_cast<float>(sc.size() - 1),
                        q1.y - (q1.y - q0.y) * static_cast<float>((v - lo) / (hi - lo)));
        if (have) dl->AddLine(prev, pt, color, 2.0f * scale);
        dl->AddCircleFilled(pt, 3.0f * scale, color);
        prev = pt;
        have = true;
      }
      dl->AddText(ImVec2(q0.x + 6 * scale, q0.y + 2 * scale + row * ImGui::GetTextLineHeight()), color, label);
    };
    const ImU32 c1 = ImGui::ColorConvertFloat4ToU32(kPalette[0]), c2 = ImGui::ColorConvertFloat4ToU32(kPalette[1]);
    if (bic) {
      series([](const analysis::KScore& s) { return -s.bic; }, c1, "BIC (higher on the chart = better)", 0);
    } else {
      series([](const analysis::KScore& s) { return s.quality.silhouette; }, c1, "silhouette (separation)", 0);
      series([](const analysis::KScore& s) { return s.stability; }, c2, "stability on resamples", 1);
    }
    for (size_t i = 0; i < sc.size(); ++i) {
      const float x = q0.x + (q1.x - q0.x) * static_cast<float>(i) / static_cast<float>(sc.size() - 1);
      char label[16];
      std::snprintf(label, sizeof label, "%d", sc[i].k);
      const bool chosen = sc[i].k == a.recommended;
      if (chosen) dl->AddLine(ImVec2(x, q0.y), ImVec2(x, q1.y), ImGui::GetColorU32(ImGuiCol_PlotLinesHovered), 1.5f * scale);
      dl->AddText(ImVec2(x - 4 * scale, q1.y + 4 * scale), ImGui::GetColorU32(chosen ? ImGuiCol_Text : ImGuiCol_TextDisabled), label);
      if (!sc[i].eligible) dl->AddText(ImVec2(x - 3 * scale, q0.y + (q1.y - q0.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_TextDisabled), "×");
    }
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
    if (result->auto_k) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
      ImGui::TextWrapped("%s", result->auto_k->explanation.c_str());
      ImGui::PopStyleColor();
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float plot_h = std::max(avail.y * 0.55f, 160.0f * scale);
    ImGui::Text("Principal components of the %zu segmenting columns", result->feature_names.size());
    ImGui::SameLine();
    ImGui::TextDisabled("(PC1 %.0f%%, PC2 %.0f%% of the variance; wheel zooms, drag pans, double-click resets)",
                        result->explained_variance_ratio[0] * 100, result->explained_variance_ratio[1] * 100);
    const long hovered = scatter.Draw("scatter", ImVec2(avail.x, plot_h - ImGui::GetFrameHeightWithSpacing()),
                                      SegmentColors(), highlight,
                                      std::clamp(5.0f - std::log10(static_cast<float>(scatter.size() + 1)), 1.5f, 4.5f) * scale);
    if (hovered >= 0) DrawRowTooltip(static_cast<size_t>(hovered));

    // Segment table: legend (click the swatch to hide/show), size, share, KPIs, what sets it apart.
    highlight = -1;
    std::vector<std::string> kpi_keys;
    for (const auto& kv : result->segments.front().kpis)
      if (kv.key == "revenue_share" || kv.key == "churn_rate" || kv.key == "nps" || kv.key == "conversion_rate") kpi_keys.push_back(kv.key);
    const int ncols = 5 + static_cast<int>(kpi_keys.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
    if (ImGui::BeginTable("segments", ncols, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("Show", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("Segment", ImGuiTableColumnFlags_WidthStretch, 2.2f);
      ImGui::TableSetupColumn("Customers", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthFixed);
      for (const auto& key : kpi_keys) {
        const char* label = key == "revenue_share" ? "Revenue" : key == "churn_rate" ? "Churn" : key == "nps" ? "NPS" : "Conversion";
        ImGui::TableSetupColumn(label, ImGuiTableColumnFlags_WidthFixed);
      }
      ImGui::TableSetupColumn("Compared with all customers", ImGuiTableColumnFlags_WidthStretch, 4.0f);
      ImGui::TableHeadersRow();
      for (auto& seg : result->segments) {
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
        ImGui::Text("%d", seg.id + 1);
        ImGui::SameLine();
        std::string& buf = name_edit[static_cast<size_t>(seg.id)];
        char text[160];
        std::snprintf(text, sizeof text, "%s", buf.c_str());
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (ImGui::InputText("##name", text, sizeof text)) buf = text;
        if (ImGui::IsItemDeactivatedAfterEdit()) RenameSegment(seg.id, buf);
        if (ImGui::IsItemHovered()) {
          highlight = seg.id;
          ImGui::SetTooltip("%s\n\nClick to rename.", seg.description.c_str());
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatCount(seg.size).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.1f%%", seg.share * 100);
        for (const auto& key : kpi_keys) {
          ImGui::TableNextColumn();
          for (const auto& kv : seg.kpis) {
            if (kv.key != key || !std::isfinite(kv.value)) continue;
            if (key == "nps") ImGui::Text("%+.0f", kv.value);
            else ImGui::Text("%.0f%%", kv.value);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s): %.1f, all customers %.1f", kv.label.c_str(), kv.column.c_str(), kv.value, kv.overall);
          }
        }
        ImGui::TableNextColumn();
        std::vector<const analysis::FeatureProfile*> order;
        for (const auto& f : seg.features) order.push_back(&f);
        std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return std::fabs(a->std_diff) > std::fabs(b->std_diff); });
        std::string text2;
        for (size_t i = 0; i < order.size() && i < 3; ++i) {
          const auto& f = *order[i];
          if (!text2.empty()) text2 += "   ";
          text2 += f.name + (f.std_diff >= 0 ? " ↑ " : " ↓ ") + FormatNumber(f.mean) + " (all " + FormatNumber(f.overall_mean) + ")";
        }
        ImGui::TextUnformatted(text2.c_str());
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }

  void DrawQualityTab() {
    if (!result) {
      ImGui::TextDisabled("No segmentation yet.");
      return;
    }
    const auto& q = result->quality;
    ImGui::SeparatorText("How well separated are the segments?");
    ImGui::Text("Silhouette %.2f", q.silhouette);
    ImGui::SameLine();
    ImGui::TextDisabled("(-1..1; above 0.5 is clear, 0.25-0.5 reasonable; on %zu sampled rows)", q.silhouette_sample);
    ImGui::Text("Calinski-Harabasz %.0f   Davies-Bouldin %.2f   smallest segment %.1f%%", q.calinski_harabasz, q.davies_bouldin,
                q.min_share * 100);
    if (result->auto_k) {
      ImGui::SeparatorText("Choosing the number of segments");
      ImGui::TextWrapped("%s", result->auto_k->explanation.c_str());
      DrawKChart(*result->auto_k, 180.0f * scale);
      if (ImGui::BeginTable("kscores", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (const char* h : {"k", "silhouette", "stability", "Calinski-Harabasz", "Davies-Bouldin", "smallest"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const auto& sc : result->auto_k->scores) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::Text(sc.k == result->auto_k->recommended ? "%d  (chosen)" : "%d", sc.k);
          ImGui::TableNextColumn();
          ImGui::Text("%.3f", sc.quality.silhouette);
          ImGui::TableNextColumn();
          if (std::isfinite(sc.stability)) ImGui::Text("%.2f", sc.stability);
          else if (std::isfinite(sc.bic)) ImGui::Text("BIC %.0f", sc.bic);
          ImGui::TableNextColumn();
          ImGui::Text("%.0f", sc.quality.calinski_harabasz);
          ImGui::TableNextColumn();
          ImGui::Text("%.2f", sc.quality.davies_bouldin);
          ImGui::TableNextColumn();
          ImGui::Text("%.1f%%%s", sc.quality.min_share * 100, sc.eligible ? "" : " (too small)");
        }
        ImGui::EndTable();
      }
    }
  }

  void DrawProfilesTab() {
    if (!result) {
      ImGui::TextDisabled("No segmentation yet.");
      return;
    }
    const float card_w = std::max(260.0f * scale, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2);
    int col = 0;
    for (auto& seg : result->segments) {
      if (col++ % 2 == 1) ImGui::SameLine();
      ImGui::PushID(seg.id);
      ImGui::BeginChild("card", ImVec2(card_w, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
      ImGui::ColorButton("##c", kPalette[seg.id % kMaxK], ImGuiColorEditFlags_NoTooltip, ImVec2(14 * scale, 14 * scale));
      ImGui::SameLine();
      ImGui::Text("%d  %s", seg.id + 1, seg.name.c_str());
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("%s", seg.description.c_str());
      ImGui::PopStyleColor();
      if (!seg.kpis.empty() && ImGui::BeginTable("kpis", 3, ImGuiTableFlags_SizingStretchProp)) {
        for (const auto& kv : seg.kpis) {
          if (!std::isfinite(kv.value)) continue;
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextDisabled("%s", kv.label.c_str());
          ImGui::TableNextColumn();
          const std::string unit = kv.unit == "%" ? "%" : kv.unit == "points" ? "" : kv.unit.empty() ? "" : " " + kv.unit;
          ImGui::Text("%s%s", (kv.key == "nps" ? (kv.value >= 0 ? "+" : "") + FormatNumber(kv.value) : FormatNumber(kv.value)).c_str(), unit.c_str());
          ImGui::TableNextColumn();
          ImGui::TextDisabled("all %s%s", FormatNumber(kv.overall).c_str(), unit.c_str());
        }
        ImGui::EndTable();
      }
      ImGui::EndChild();
      ImGui::PopID();
    }
  }

  void RenameSegment(int id, const std::string& name) {
    if (!result || name.empty()) return;
    result->segments[static_cast<size_t>(id)].name = name;
    PublishSummary();
    platform::SetStatus("Renamed segment " + std::to_string(id + 1) + " to \"" + name + "\".");
  }

  // Mirrors the segment table into the page (#summary) for screen readers and tests.
  void PublishSummary() {
    nlohmann::json j = nlohmann::json::array();
    if (result)
      for (const auto& seg : result->segments)
        j.push_back({{"id", seg.id + 1}, {"name", seg.name}, {"size", seg.size}, {"share", seg.share}, {"description", seg.description}});
    platform::SetSummary(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
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
          if (v.size() > 80) ImGui::TextUnformatted(TruncateUtf8(v, 77).c_str());
          else ImGui::TextUnformatted(v.c_str());
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
        if (ImGui::BeginTabItem("Profiles")) {
          DrawProfilesTab();
          ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Quality")) {
          DrawQualityTab();
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
