#include "app/app.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // TableSetColumnSortDirection: a scripted sort shows in the headers

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include "app/charts.hpp"
#include "app/i18n.hpp"
#include "app/scatter.hpp"
#include "platform/platform.hpp"
#include "seg/analysis/compare.hpp"
#include "seg/analysis/edits.hpp"
#include "seg/analysis/kpi.hpp"
#include "seg/analysis/labelled.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/analysis/sql.hpp"
#include "seg/analysis/summary.hpp"
#include "seg/common/text.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/encoding.hpp"
#include "seg/io/inspect.hpp"
#include "seg/io/project.hpp"
#include "seg/analysis/model_edits.hpp"
#include "seg/analysis/localize.hpp"
#include "seg/privacy/minimise.hpp"
#include "seg/privacy/personal_data.hpp"
#include "seg/privacy/record.hpp"

namespace seg::app {
namespace {

// Background work per frame (import, segmentation). 30 ms leaves the page at about 30 fps while
// a long job runs (the progress bar and Cancel stay live) and gives the job about 90% of the time
// on a laptop; 12 ms (60 fps) gave it 70% there and under 20% where drawing is slow (software GL).
constexpr double kFrameBudgetMs = 30.0;

// Runs `step` (returns true when the work is finished) until the frame's budget would be
// exceeded: a further step starts only if one more of the longest seen so far still fits, so a
// slice of steps that take 20 ms ends near 30 ms instead of near 50. Returns true when finished.
template <typename Step>
bool RunSlice(double t0, Step&& step) {
  double longest = 0.0;
  for (bool first = true;; first = false) {  // at least one step per frame, so the work always advances
    const double start = platform::NowMs();
    if (!first && start - t0 + longest >= kFrameBudgetMs) return false;
    if (step()) return true;
    longest = std::max(longest, platform::NowMs() - start);
  }
}

// Work that holds the page for longer than two frames is logged to the console, so it can be found
// and split (scripts/bench_browser.mjs reports these lines).
struct LongTask {
  explicit LongTask(const char* what) : what(what) {}
  ~LongTask() {
    const double ms = platform::NowMs() - t0;
    if (ms > 50.0) std::printf("segmenter: %s held the page for %.0f ms\n", what, ms);
  }
  const char* what;
  double t0 = platform::NowMs();
};
constexpr int kMaxK = 16;                // palette size; more segments are rarely readable

// A colour-blind-friendly palette (Tableau 10 + 6).
const ImVec4 kPalette[kMaxK] = {
    {0.306f, 0.475f, 0.655f, 1}, {0.949f, 0.557f, 0.169f, 1}, {0.882f, 0.341f, 0.349f, 1},
    {0.463f, 0.718f, 0.698f, 1}, {0.349f, 0.631f, 0.310f, 1}, {0.929f, 0.788f, 0.282f, 1},
    {0.690f, 0.478f, 0.631f, 1}, {1.000f, 0.616f, 0.655f, 1}, {0.612f, 0.459f, 0.373f, 1},
    {0.729f, 0.690f, 0.675f, 1}, {0.122f, 0.467f, 0.706f, 1}, {0.839f, 0.153f, 0.157f, 1},
    {0.580f, 0.404f, 0.741f, 1}, {0.549f, 0.337f, 0.294f, 1}, {0.090f, 0.745f, 0.812f, 1},
    {0.737f, 0.741f, 0.133f, 1}};

std::string BaseName(const std::string& name) {
  std::string b = name;
  const size_t slash = b.find_last_of("/\\");
  if (slash != std::string::npos) b = b.substr(slash + 1);
  const size_t dot = b.find_last_of('.');
  if (dot != std::string::npos && dot > 0) b.resize(dot);
  return b.empty() ? std::string("customers") : b;
}

// printf into a std::string (format strings come from Tr()).
template <typename... A>
std::string Printf(const char* format, A... args) {
  const int n = std::snprintf(nullptr, 0, format, args...);
  if (n <= 0) return std::string();
  std::string out(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), format, args...);
  out.resize(static_cast<size_t>(n));
  return out;
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
  // Import settings the user set (nullopt = detect); they apply when the file is read again.
  io::ReadOptions read_options;
  int bad_rows_mode = 0;        // rows that cannot be read: 0 ask, 1 skip and list them, 2 stop the import
  std::string missing_edit;     // the extra missing markers as typed ("unknown, k.A.")
  bool reimporting = false;     // the running import re-reads the loaded file with new settings
  // An import with unreadable rows waits here until the user skips them or stops (bad_rows_mode 0).
  std::unique_ptr<io::Dataset> pending;
  std::string pending_name;
  // A project file that was opened: its settings apply to the next import (its own embedded data,
  // or the customer file the user opens next); its segment edits to the first result after that.
  std::optional<io::Project> project;
  bool project_applies_to_next_import = false;
  bool project_include_data = false;      // Export: include the customer file in the project
  std::string project_warning;            // e.g. the opened file is not the project's file
  bool open_pending_popup = false;
  // Segmentation settings and work.
  int k = 5;
  int seed = 42;
  int method = 0;  // 0 k-means, 1 Gaussian mixture, 2 k-prototypes, 3 rules, 4 RFM
  int rule_columns[3] = {-1, -1, -1};  // table columns, -1 unused
  int rule_banding[3] = {0, 0, 0};     // numeric columns: 0 size bands, 1 quartiles, 2 by value
  int rfm_columns[3] = {-1, -1, -1};   // recency (days or last-purchase date), frequency, monetary
  struct RfmView {
    std::array<size_t, 25> grid{};
    std::array<int, 25> cell{};
  };
  std::optional<RfmView> rfm_view;  // the R x F grid of the last RFM result
  bool auto_k = true;
  int k_min = 2, k_max = 10;
  int scaling = 0;  // analysis::Scaling order
  bool log_auto = true;
  int gmm_covariance = 0;  // 0 full, 1 diagonal
  int sql_dialect = 0;     // analysis::SqlDialect order
  // Personal data (GDPR): detected at import, never a default feature; exports can leave it out.
  std::vector<privacy::PersonalColumn> personal;
  int personal_export = 0;  // 0 keep, 1 leave out, 2 mask
  // Comparison with a later export of the same customers (the model applied to both).
  std::optional<io::CsvImporter> compare_importer;
  std::string compare_name;
  std::unique_ptr<io::Dataset> compare_data;
  std::optional<analysis::CompareResult> comparison;
  std::string compare_error;
  int compare_cell_old = -2, compare_cell_new = -2;  // the selected matrix cell (-1 = absent)
  bool show_compare_tab = false;
  std::vector<std::string> name_edit;  // rename buffers per segment
  std::vector<int> candidate_columns;  // numeric-like columns the user may choose
  std::vector<bool> chosen;            // parallel to candidate_columns
  std::vector<float> weights;          // parallel to candidate_columns: the column's weight in the distance (1 = equal)
  bool clip_outliers = false;          // clip at the 1st and 99th percentiles before scaling
  bool missing_indicators = false;     // add "<column> missing" features for columns with gaps
  std::optional<analysis::SegmentationJob> job;
  double job_started = 0;
  std::unique_ptr<analysis::SegmentResult> original;  // as computed; edits never change it
  std::unique_ptr<analysis::SegmentResult> result;    // what is shown: original + edits
  std::vector<analysis::KpiColumn> kpis;
  std::string segment_error;
  double last_run_ms = 0;
  // The user's edits (rename, merge, recolour) with undo and redo.
  struct Snapshot {
    analysis::SegmentEdits edits;
    std::vector<int> colors;  // palette index per shown segment
  };
  Snapshot current;
  std::optional<Snapshot> project_edits;  // applied when a result with the same segment count appears
  std::vector<Snapshot> undo_stack, redo_stack;
  int result_version = 0;  // bumps when `result` changes (chart caches)
  // View.
  ScatterPlot scatter;
  Histograms histograms;
  std::vector<bool> hidden;  // per shown segment
  int highlight = -1;
  // The Data tab: rows in display order (sorted and/or filtered), rebuilt when something changes.
  std::vector<uint32_t> preview_rows;
  bool preview_identity = true;  // no sort, no filter: row r is shown at r
  int preview_sort_column = -1;  // table column, -2 = segment, -1 = file order
  bool preview_descending = false;
  int preview_filter = 0;        // 0 all rows, 1 the scatter selection, 2 + s = segment s
  bool preview_dirty = true;
  bool preview_sort_request = false;  // a scripted sort to show in the table's headers
  std::string select_tab;        // a tab to select next frame ("data", "segments", ...)
  bool bad_rows_skipped = false;  // the user chose to skip this file's unreadable rows (not asked again on re-reads)
  float scale = 1.0f;

  // ---- files ----------------------------------------------------------------------------------

  // A project file (JSON) rather than customer data? Decided from the content, not the name.
  static bool LooksLikeProject(const std::string& name, std::string_view bytes) {
    size_t i = 0;
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
    const bool json_name = name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
    return i < bytes.size() && bytes[i] == '{' && (json_name || bytes.substr(0, 4096).find("\"format\"") != std::string_view::npos);
  }

  void OpenProject(const std::string& name, std::string bytes) {
    auto parsed = io::ParseProject(bytes);
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

  void OnFile(std::string name, std::string bytes) {
    if (LooksLikeProject(name, bytes)) return OpenProject(name, std::move(bytes));
    std::string project_note;
    if (project && project_applies_to_next_import) {
      // The settings are the project's; a different file gets them too, with a warning.
      const Status same = io::CheckSource(*project, bytes);
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

  void StartImport(std::string name, std::string bytes, bool again) {
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
    options.lang = CoreLang();  // the import's notes and messages in the studio's language
    importer.emplace(std::move(bytes), options);
    importing_name = std::move(name);
    reimporting = again;
    import_started = platform::NowMs();
    import_error.clear();
    platform::SetStatus(Printf(Tr("Importing %s…"), importing_name.c_str()), 0.0);
  }

  // The loaded file's original bytes, rebuilt from the decoded text (no second copy is kept):
  // UTF-8 is the text itself; other encodings re-encode losslessly, as the exports do.
  static std::string OriginalBytes(const io::Dataset& d) {
    if (d.encoding.value == io::Encoding::kUtf8)
      return d.bom_length > 0 ? std::string("\xEF\xBB\xBF") + d.text : d.text;
    return io::EncodeFromUtf8(d.text, d.encoding.value, d.bom_length > 0);
  }

  // Reads the loaded file again with the current import settings (after the user changed one).
  void Reimport() {
    if (!data || importer) return;
    StartImport(file_name, OriginalBytes(*data), true);
  }

  // The demo base is generated here (the same bytes as assets/demo_customers.csv): no request,
  // so it also works from the offline single-file build opened via file://.
  void LoadDemo() { OnFile("demo_customers.csv", demo::GenerateDemoCustomersCsv({})); }

  // A later export of the same customers: imported in slices like the first file, then compared.
  void OnCompareFile(std::string name, std::string bytes) {
    if (!data || !original) {
      platform::SetStatus(Tr("Segment a file first; then compare it with a later export of the same customers."));
      return;
    }
    if (static_cast<double>(bytes.size()) * 3.0 > platform::HeapHeadroomBytes()) {
      platform::SetStatus(Printf(Tr("\"%s\" (%.0f MB) is too large for the memory this browser tab can use. Use the command-line tool "
                                    "for files this size, or split the file."), name.c_str(), static_cast<double>(bytes.size()) / 1e6));
      return;
    }
    compare_importer.emplace(std::move(bytes), io::ReadOptions{});
    compare_name = std::move(name);
    compare_error.clear();
    platform::SetStatus(Printf(Tr("Importing %s…"), compare_name.c_str()), 0.0);
  }

  void FinishCompareImport() {
    const LongTask long_task("finishing the comparison import");
    auto imported = compare_importer->Take();
    compare_importer.reset();
    if (!imported.ok()) {
      compare_error = Printf(Tr("Could not import %s: "), compare_name.c_str()) + imported.error().ToString();
      platform::SetStatus(compare_error);
      return;
    }
    compare_data = std::make_unique<io::Dataset>(std::move(imported.value()));
    RunComparison();
  }

  void RunComparison() {
    comparison.reset();
    if (!compare_data || !original || !data) return;
    // The customer id: the first identifier column of the first file that the second file has too.
    std::string id;
    for (const auto& col : data->table.columns) {
      if (col.type != io::ColumnType::kIdentifier) continue;
      for (const auto& other : compare_data->table.columns)
        if (other.name == col.name) id = col.name;
      if (!id.empty()) break;
    }
    if (id.empty()) {
      compare_error = Tr("Comparing needs a customer id column (unique values, e.g. customer_id) in both files.");
      platform::SetStatus(compare_error);
      return;
    }
    analysis::SegmentResult named = *original;
    for (size_t s = 0; s < named.segments.size() && s < result->segments.size(); ++s)
      named.segments[s].name = current.edits.merged() ? original->segments[s].name : result->segments[s].name;
    auto model = analysis::ModelFromJson(analysis::ModelToJson(named));
    if (!model.ok()) {
      compare_error = model.error().ToString();
      platform::SetStatus(compare_error);
      return;
    }
    analysis::CompareParams params;
    params.id_column = id;
    auto r = analysis::CompareSnapshots(model.value(), *data, *compare_data, params);
    if (!r.ok()) {
      compare_error = Tr("Could not compare: ") + r.error().ToString();
      platform::SetStatus(compare_error);
      return;
    }
    comparison = std::move(r.value());
    compare_cell_old = compare_cell_new = -2;
    show_compare_tab = true;
    // "Compared ... : N stayed, M moved, K churned, J new" is relied on by the browser tests.
    platform::SetStatus(Printf(Tr("Compared %s with %s by %s: %zu stayed, %zu moved, %zu churned, %zu new."), file_name.c_str(),
                               compare_name.c_str(), id.c_str(), comparison->stayed, comparison->moved, comparison->churned,
                               comparison->new_customers));
  }

  void DownloadMoves() {
    if (!comparison) return;
    const std::string out_name = BaseName(compare_name) + "-moves.csv";
    platform::Download(out_name, "text/csv;charset=utf-8",
                       io::WriteCsv(analysis::MovesHeader(), analysis::MovesRows(*comparison), ',', "\r\n"));
    platform::SetStatus(Printf(Tr("Saved %s: every customer of both files with the old and the new segment."), out_name.c_str()));
  }

  void DownloadComparison() {
    if (!comparison) return;
    const std::string out_name = BaseName(compare_name) + "-compare.json";
    platform::Download(out_name, "application/json",
                       analysis::CompareToJson(*comparison).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    platform::SetStatus(Printf(Tr("Saved %s (matrix, growth, KPI changes)."), out_name.c_str()));
  }

  bool NeedResult() {
    if (data && result) return true;
    platform::SetStatus(Tr("Nothing to download yet: load a file and segment it first."));
    return false;
  }

  void DownloadSegmentedCsv() {
    if (!NeedResult()) return;
    std::vector<std::string> ids(data->table.rows), names(data->table.rows);
    for (size_t i = 0; i < data->table.rows; ++i) {
      const int32_t label = result->labels[i];
      if (label < 0 || label >= result->k) continue;  // e.g. no RFM values: empty cells, row kept
      ids[i] = std::to_string(label + 1);
      names[i] = result->segments[static_cast<size_t>(label)].name;
    }
    io::ExportOptions eo;
    if (personal_export != 0 && !personal.empty()) {
      privacy::MinimiseParams mp;
      mp.drop_personal = personal_export == 1;
      mp.mask_personal = personal_export == 2;
      auto plan = privacy::PlanMinimisation(data->table, personal, mp);
      if (!plan.ok()) return platform::SetStatus(plan.error().ToString());
      eo = privacy::ExportOptionsFor(plan.value(), mp, eo);
    }
    const std::string csv = io::WriteWithExtraColumns(*data, {"segment", "segment_name"}, {ids, names}, eo);
    const std::string out_name = BaseName(file_name) + "-segmented.csv";
    platform::Download(out_name, "text/csv;charset=utf-8", csv);
    platform::SetStatus(Printf(Tr("Saved %s: %s rows with their segment, written in this browser."), out_name.c_str(),
                               FormatCount(data->table.rows).c_str()));
  }

  void DownloadReport() {
    if (!NeedResult()) return;
    nlohmann::json report = analysis::ReportToJson(*result);
    report["input"] = {{"file", file_name}, {"rows", data->table.rows}, {"rejected_rows", data->report.rejected_total}};
    const std::string out_name = BaseName(file_name) + "-segments.json";
    platform::Download(out_name, "application/json",
                       report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    platform::SetStatus(Printf(Tr("Saved %s (segment sizes, profiles and KPIs)."), out_name.c_str()));
  }

  // The summary in the loaded file's own dialect, so a German Excel opens it as it opened the input.
  void DownloadSummaryCsv() {
    if (!NeedResult()) return;
    analysis::SummaryCsvOptions o;
    o.delimiter = data->delimiter.value == ';' || data->delimiter.value == '\t' ? data->delimiter.value : ',';
    o.decimal = data->decimal.value == ',' && o.delimiter != ',' ? ',' : '.';
    o.utf8_bom = true;
    const std::string out_name = BaseName(file_name) + "-segment-summary.csv";
    platform::Download(out_name, "text/csv;charset=utf-8", analysis::SummaryCsv(*result, o));
    platform::SetStatus(Printf(Tr("Saved %s (one row per segment)."), out_name.c_str()));
  }

  void DownloadModel() {
    if (!NeedResult() || !original) return;
    if (original->method == "rules" || original->method == "rfm") {
      platform::SetStatus(Tr("Rules and RFM need no model file: the segmented CSV and the summary hold the result. "
                             "Use `segmenter segment --method rules|rfm` to repeat them on a later export."));
      return;
    }
    if (current.edits.merged()) {
      // The model keeps its computed segments and maps them to the merged ones the user sees, so
      // `segmenter apply` / `sql` / `compare` give the same segments as this view.
      std::vector<std::string> shown;
      for (const auto& seg : result->segments) shown.push_back(seg.name);
      auto edited = analysis::ModelWithEdits(analysis::ModelToJson(*original), current.edits, shown);
      if (!edited.ok()) return platform::SetStatus(Tr("Could not save the model: ") + edited.error().ToString());
      const std::string out_name = BaseName(file_name) + "-model.json";
      platform::Download(out_name, "application/json", edited.value().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
      platform::SetStatus(Printf(Tr("Saved %s with your merged segments. Apply it to next month's export with: segmenter apply %s FILE.csv"),
                                 out_name.c_str(), out_name.c_str()));
      return;
    }
    analysis::SegmentResult named = *original;
    for (size_t s = 0; s < named.segments.size() && s < result->segments.size(); ++s)
      named.segments[s].name = result->segments[s].name;
    const std::string out_name = BaseName(file_name) + "-model.json";
    platform::Download(out_name, "application/json",
                       analysis::ModelToJson(named).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    platform::SetStatus(Printf(Tr("Saved %s. Apply it to next month's export with: segmenter apply %s FILE.csv"),
                               out_name.c_str(), out_name.c_str()));
  }

  // The processing record for the data-protection officer: what was processed and how, no values.
  void DownloadRecord() {
    if (!NeedResult()) return;
    privacy::MinimiseParams mp;
    mp.drop_personal = personal_export == 1;
    mp.mask_personal = personal_export == 2;
    auto plan = privacy::PlanMinimisation(data->table, personal, mp);
    if (!plan.ok()) return platform::SetStatus(plan.error().ToString());
    privacy::ProcessingRecord rec;
    rec.file_name = file_name;
    rec.date = platform::TodayIso();
    rec.rows = data->table.rows;
    rec.columns = data->table.columns.size();
    rec.rejected_rows = data->report.rejected_total;
    rec.features = original->feature_names;
    rec.plan = std::move(plan.value());
    rec.method = original->method;
    rec.parameters = {{"seed", std::to_string(seed)}};
    if (original->auto_k) rec.parameters.push_back({"k", "automatic, " + std::to_string(k_min) + ".." + std::to_string(k_max)});
    rec.k = result->k;
    rec.software_version = "Segmenter studio (browser, WebAssembly)";
    rec.output_file = BaseName(file_name) + "-segmented.csv";
    const privacy::Lang lang = CurrentLanguage() == Language::kGerman ? privacy::Lang::kDe : privacy::Lang::kEn;
    const std::string out_name = BaseName(file_name) + (lang == privacy::Lang::kDe ? "-verarbeitungsnachweis.html" : "-processing-record.html");
    platform::Download(out_name, "text/html;charset=utf-8", privacy::WriteProcessingRecord(rec, lang, privacy::RecordFormat::kHtml));
    platform::SetStatus(Printf(Tr("Saved %s: what was processed and how, without any data values."), out_name.c_str()));
  }

  // One SQL query that applies the model where the data lives (segmenter sql, in the browser).
  void DownloadSql() {
    if (!NeedResult() || !original) return;
    if (original->method != "kmeans" || current.edits.merged()) {
      platform::SetStatus(Tr("SQL export covers k-means models (not merged). For rules and RFM use `segmenter segment "
                             "--model` and `segmenter sql` on the command line."));
      return;
    }
    analysis::SegmentResult named = *original;
    for (size_t s = 0; s < named.segments.size() && s < result->segments.size(); ++s)
      named.segments[s].name = result->segments[s].name;
    auto model = analysis::ModelFromJson(analysis::ModelToJson(named));
    if (!model.ok()) return platform::SetStatus(Tr("Could not build the SQL query: ") + model.error().ToString());
    analysis::SqlOptions o;
    o.dialect = static_cast<analysis::SqlDialect>(sql_dialect);
    // The table is named after the file (letters, digits, _); the id is the first identifier column.
    for (char c : BaseName(file_name)) o.table += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (o.table.empty() || std::isdigit(static_cast<unsigned char>(o.table[0]))) o.table = "customers";
    for (const auto& col : data->table.columns)
      if (col.type == io::ColumnType::kIdentifier) {
        o.id_column = col.name;
        break;
      }
    auto sql = analysis::ModelToSql(model.value(), o);
    if (!sql.ok()) return platform::SetStatus(Tr("Could not build the SQL query: ") + sql.error().ToString());
    const std::string dialect(analysis::SqlDialectName(o.dialect));
    const std::string out_name = BaseName(file_name) + "-segments-" + dialect + ".sql";
    platform::Download(out_name, "application/sql", sql.value());
    platform::SetStatus(Printf(Tr("Saved %s: one %s query that assigns every row of table %s to its segment."),
                               out_name.c_str(), dialect.c_str(), o.table.c_str()));
  }

  void DownloadPng() {
    if (!data) return;
    const std::string out_name = BaseName(file_name) + "-view.png";
    platform::CapturePng(out_name);
    platform::SetStatus(Printf(Tr("Saved %s (the current view)."), out_name.c_str()));
  }

  // ---- edits: rename, merge, recolour; undo and redo ---------------------------------------------

  void ApplyCurrentEdits(bool relabelled) {
    if (!original || !data) return;
    result = std::make_unique<analysis::SegmentResult>(analysis::ApplyEdits(data->table, *original, current.edits, kpis, CoreLang()));
    hidden.resize(static_cast<size_t>(result->k), false);
    name_edit.clear();
    for (const auto& seg : result->segments) name_edit.push_back(seg.name);
    if (relabelled) scatter.SetLabels(result->labels);
    ++result_version;
    preview_dirty = true;  // segment filter and sort follow the new labels
    PublishSummary();
    if (scatter.selected_count() > 0) platform::SetRegion("selection", SelectionText());
  }

  void Commit(Snapshot next, const std::string& status) {
    const bool relabelled = next.edits.group != current.edits.group;
    undo_stack.push_back(current);
    if (undo_stack.size() > 200) undo_stack.erase(undo_stack.begin());
    redo_stack.clear();
    if (relabelled) hidden.assign(static_cast<size_t>(next.edits.shown()), false);
    current = std::move(next);
    ApplyCurrentEdits(relabelled);
    platform::SetStatus(status);
  }

  void Undo() {
    if (undo_stack.empty()) return;
    const bool relabelled = undo_stack.back().edits.group != current.edits.group;
    redo_stack.push_back(current);
    current = undo_stack.back();
    undo_stack.pop_back();
    if (relabelled) hidden.assign(static_cast<size_t>(current.edits.shown()), false);
    ApplyCurrentEdits(relabelled);
    platform::SetStatus(Tr("Undone."));
  }

  void Redo() {
    if (redo_stack.empty()) return;
    const bool relabelled = redo_stack.back().edits.group != current.edits.group;
    undo_stack.push_back(current);
    current = redo_stack.back();
    redo_stack.pop_back();
    if (relabelled) hidden.assign(static_cast<size_t>(current.edits.shown()), false);
    ApplyCurrentEdits(relabelled);
    platform::SetStatus(Tr("Redone."));
  }

  void RenameSegment(int id, const std::string& name) {
    if (!result) return;
    auto next = analysis::RenameSegment(current.edits, id, name);
    if (!next.ok()) {
      platform::SetStatus(Printf(Tr("Could not rename: %s."), next.error().message.c_str()));
      if (id >= 0 && static_cast<size_t>(id) < name_edit.size()) name_edit[static_cast<size_t>(id)] = result->segments[static_cast<size_t>(id)].name;
      return;
    }
    if (next.value() == current.edits) return;
    Snapshot snap{std::move(next.value()), current.colors};
    // "Renamed segment N to" is relied on by screen readers and the browser tests.
    Commit(std::move(snap), Printf(Tr("Renamed segment %d to \"%s\"."), id + 1, name.c_str()));
  }

  void MergeSegments(int from, int into) {
    auto next = analysis::MergeSegments(current.edits, from, into);
    if (!next.ok()) {
      platform::SetStatus(Printf(Tr("Could not merge: %s."), next.error().message.c_str()));
      return;
    }
    std::vector<int> colors;
    for (size_t s = 0; s < current.colors.size(); ++s)
      if (static_cast<int>(s) != from) colors.push_back(current.colors[s]);
    const std::string a = result->segments[static_cast<size_t>(from)].name, b = result->segments[static_cast<size_t>(into)].name;
    Commit(Snapshot{std::move(next.value()), std::move(colors)},
           Printf(Tr("Merged \"%s\" into \"%s\" (Ctrl+Z undoes it)."), a.c_str(), b.c_str()));
  }

  void Recolour(int id, int palette_index) {
    if (id < 0 || static_cast<size_t>(id) >= current.colors.size() || current.colors[static_cast<size_t>(id)] == palette_index) return;
    Snapshot next = current;
    next.colors[static_cast<size_t>(id)] = palette_index;
    Commit(std::move(next), Printf(Tr("Changed the colour of segment %d."), id + 1));
  }

  ImVec4 ColorOf(int shown) const {
    const int p = shown >= 0 && static_cast<size_t>(shown) < current.colors.size() ? current.colors[static_cast<size_t>(shown)] : shown;
    return kPalette[((p % kMaxK) + kMaxK) % kMaxK];
  }

  SegmentStyle Style() const {
    SegmentStyle st;
    for (int i = 0; result && i < result->k; ++i) st.colors.push_back(ColorOf(i));
    st.hidden = hidden;
    st.scale = scale;
    return st;
  }

  // ---- background work --------------------------------------------------------------------------

  // Rules and RFM are one pass over the rows: computed at once, shown like a clustering result.
  void RunLabelled() {
    const io::Table& t = data->table;
    job_started = platform::NowMs();
    if (method == 3) {
      auto r = analysis::RulesResult(t, CurrentRuleColumns());
      if (!r.ok()) return SegmentFailed(r.error());
      rfm_view.reset();
      ShowResult(std::move(r.value()));
      return;
    }
    for (int c : rfm_columns)
      if (c < 0) return SegmentFailed(MakeError("rfm.columns", Tr("Choose the recency, frequency and monetary columns.")));
    auto r = analysis::ScoreRfmTable(t, t.columns[static_cast<size_t>(rfm_columns[0])].name,
                                 t.columns[static_cast<size_t>(rfm_columns[1])].name, t.columns[static_cast<size_t>(rfm_columns[2])].name);
    if (!r.ok()) return SegmentFailed(r.error());
    RfmView view;
    view.grid = r.value().grid;
    const analysis::RfmSegmentMap map = analysis::RfmSegmentMap::Default();
    view.cell = map.cell;
    rfm_view = view;
    ShowResult(std::move(r.value().result));
  }

  void SegmentFailed(const Error& e) {
    segment_error = e.ToString();
    platform::SetStatus(Tr("Could not segment: ") + segment_error);
  }

  void StartSegmentation() {
    const LongTask long_task("starting the segmentation");
    segment_error.clear();
    if (!data) return;
    if (method >= 3) return RunLabelled();
    const analysis::SegmentParams p = CurrentParams();
    if (p.features.empty()) {
      segment_error = Tr("Choose at least one column to segment on.");
      platform::SetStatus(segment_error);
      return;
    }
    auto created = analysis::SegmentationJob::Create(data->table, p);
    if (!created.ok()) {
      segment_error = created.error().ToString();
      platform::SetStatus(Tr("Could not segment: ") + segment_error);
      return;
    }
    job.emplace(std::move(created.value()));
    job_started = platform::NowMs();
    platform::SetStatus(Printf(Tr("Segmenting %s rows…"), FormatCount(data->table.rows).c_str()), 0.0);
  }

  // The rule columns as the side panel shows them (numeric ones banded).
  std::vector<analysis::RuleColumn> CurrentRuleColumns() const {
    const io::Table& t = data->table;
    std::vector<analysis::RuleColumn> cols;
    for (int i = 0; i < 3; ++i) {
      if (rule_columns[i] < 0) continue;
      analysis::RuleColumn rc;
      rc.column = t.columns[static_cast<size_t>(rule_columns[i])].name;
      if (t.columns[static_cast<size_t>(rule_columns[i])].type == io::ColumnType::kNumeric)
        rc.banding = rule_banding[i] == 0 ? analysis::RuleColumn::Banding::kDefaultSize
                     : rule_banding[i] == 1 ? analysis::RuleColumn::Banding::kQuantiles
                                            : analysis::RuleColumn::Banding::kNone;
      cols.push_back(std::move(rc));
    }
    return cols;
  }

  // SegmentationJob::Phase() in the UI language: "choosing k (trying 4)", "clustering", ...
  static std::string PhaseText(const std::string& phase) {
    for (const char* prefix : {"choosing k by BIC (trying ", "choosing k (trying "}) {
      const std::string p = prefix;
      if (phase.rfind(p, 0) == 0 && phase.size() > p.size() && phase.back() == ')')
        return Printf(Tr((p + "%s)").c_str()), phase.substr(p.size(), phase.size() - p.size() - 1).c_str());
    }
    return Tr(phase.c_str());
  }

  // The clustering parameters as the side panel shows them.
  analysis::SegmentParams CurrentParams() const {
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
    for (size_t i = 0; i < candidate_columns.size(); ++i) {
      if (!chosen[i]) continue;
      const std::string& name = data->table.columns[static_cast<size_t>(candidate_columns[i])].name;
      p.features.push_back(name);
      if (i < weights.size() && weights[i] != 1.0f) p.prep.weights.emplace_back(name, static_cast<double>(weights[i]));
    }
    p.prep.clip_quantile = clip_outliers ? 0.01 : 0.0;
    p.prep.missing_indicators = missing_indicators;
    return p;
  }

  void FinishImport() {
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

  void StopPendingImport() {
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

  // Every unreadable row as it was in the file, with its line and the reason: to fix them at the source.
  void DownloadRejected(const io::Dataset& d, const std::string& name) {
    std::vector<std::vector<std::string>> rows;
    size_t listed = 0;
    for (size_t r = 0; r < d.records.size(); ++r) {
      if (!d.record_rejected[r]) continue;
      const io::RecordSpan& span = d.records[r];
      std::string reason;
      std::string line;  // known for the first 100 (the import report); the byte offset is always there
      if (listed < d.report.rejected.size()) {
        reason = d.report.rejected[listed].reason;
        line = std::to_string(d.report.rejected[listed].line);
      } else {
        reason = std::to_string(d.RecordFields(r).size()) + " fields, expected " + std::to_string(d.table.columns.size());
      }
      ++listed;
      rows.push_back({line, std::to_string(span.begin), reason, d.text.substr(span.begin, span.length)});
    }
    platform::Download(BaseName(name) + "-unreadable-rows.csv", "text/csv;charset=utf-8",
                       io::WriteCsv({"line", "byte_offset", "reason", "record"}, rows));
  }

  void AcceptImport(std::unique_ptr<io::Dataset> ds, const std::string& name) {
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

  void FinishSegmentation() {
    const LongTask long_task("showing the result");
    analysis::SegmentResult r = job->Take();
    job.reset();
    if (r.method != "rfm") rfm_view.reset();
    ShowResult(std::move(r));
  }

  void ShowResult(analysis::SegmentResult r) {
    comparison.reset();  // it was for the previous model
    original = std::make_unique<analysis::SegmentResult>(std::move(r));
    if (CoreLang() != seg::Lang::kEn) analysis::LocalizeResult(*original, CoreLang());  // names, descriptions, notes
    last_run_ms = platform::NowMs() - job_started;
    current = Snapshot{analysis::IdentityEdits(original->k), {}};
    for (int i = 0; i < original->k; ++i) current.colors.push_back(i);
    undo_stack.clear();
    redo_stack.clear();
    hidden.assign(static_cast<size_t>(original->k), false);
    highlight = -1;
    if (project_edits && static_cast<int>(project_edits->edits.group.size()) == original->k) {
      // The project's renames, merges and colours; Undo goes back to the computed segments.
      undo_stack.push_back(current);
      current = *project_edits;
      hidden.assign(static_cast<size_t>(current.edits.shown()), false);
    }
    project_edits.reset();
    ApplyCurrentEdits(false);
    scatter.SetPoints(result->pca, result->labels);
    if (scatter.TakeSelectionChanged()) platform::SetRegion("selection", "");
    platform::SetResultAvailable(true);
    SegmentedStatus();
  }

  // "Segmented N rows into K segments" is relied on by screen readers and the browser tests.
  void SegmentedStatus() {
    if (!result || !data) return;
    char secs[32];
    std::snprintf(secs, sizeof secs, "%s", FormatFixed(last_run_ms / 1000.0, 1).c_str());
    const char* method = result->method == "gmm"     ? Tr("Gaussian mixture")
                         : result->method == "mixed" ? Tr("k-prototypes")
                         : result->method == "rules" ? Tr("rules")
                         : result->method == "rfm"   ? "RFM"
                                                     : "k-means";
    if (result->method == "rules" || result->method == "rfm")
      platform::SetStatus(Printf(Tr("Segmented %zu rows into %d segments (%s, %s s)."), data->table.rows, result->k, method, secs));
    else if (SegmentingColumns(*result) == result->feature_names.size())
      platform::SetStatus(Printf(Tr("Segmented %zu rows into %d segments (%s on %zu columns, %s s)."), data->table.rows,
                                 result->k, method, SegmentingColumns(*result), secs));
    else  // categorical columns become one yes/no feature per value, gaps a "missing" feature
      platform::SetStatus(Printf(Tr("Segmented %zu rows into %d segments (%s on %zu columns as %zu features, %s s)."),
                                 data->table.rows, result->k, method, SegmentingColumns(*result), result->feature_names.size(), secs));
  }

  // The file's columns a result segments on (what the user ticked): a categorical column's
  // indicators and a column's missing-value feature count with their column; k-prototypes adds
  // its categorical columns.
  static size_t SegmentingColumns(const analysis::SegmentResult& r) {
    std::vector<int> columns;
    for (const auto& f : r.preparation) columns.push_back(f.column);
    std::sort(columns.begin(), columns.end());
    return static_cast<size_t>(std::unique(columns.begin(), columns.end()) - columns.begin()) + r.categorical.size();
  }

  void PumpWork() {
    const double t0 = platform::NowMs();
    if (compare_importer) {
      const bool finished = RunSlice(t0, [&] { return compare_importer->Step(1 << 20); });
      if (finished) FinishCompareImport();
      else platform::SetStatus(Printf(Tr("Importing %s…"), compare_name.c_str()), compare_importer->Progress().fraction);
      return;
    }
    if (importer) {
      bool finished = false;
      {
        const LongTask long_task("an import slice");
        finished = RunSlice(t0, [&] { return importer->Step(1 << 20); });
      }
      if (finished) {
        FinishImport();
      } else {
        const io::ImportProgress p = importer->Progress();
        const double seconds = std::max(1e-3, (platform::NowMs() - import_started) / 1000.0);
        char buf[96];
        std::snprintf(buf, sizeof buf, Tr("%.0f of %.0f MB, %.0f MB/s"), p.bytes_done / 1e6, p.bytes_total / 1e6,
                      p.bytes_done / 1e6 / seconds);
        platform::SetStatus(Printf(Tr("Importing %s… (%s, %s)"), importing_name.c_str(), Tr(p.phase.c_str()), buf), p.fraction);
      }
      return;
    }
    if (job) {
      {
        const LongTask long_task("a segmentation slice");
        RunSlice(t0, [&] { return !job->Step(); });
      }
      if (job->Done() && job->Failure()) {
        segment_error = job->Failure()->ToString();
        job.reset();
        platform::SetStatus(Tr("Could not segment: ") + segment_error);
      } else if (job->Done()) {
        FinishSegmentation();
      } else {
        platform::SetStatus(Printf(Tr("Segmenting %s rows… (%s)"), FormatCount(data->table.rows).c_str(), PhaseText(job->Phase()).c_str()),
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

  void DrawSidePanel() {
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

  // What the importer detected, each overridable: a change reads the file again. "auto" or "set"
  // says which values were detected and which the user chose.
  void DrawImportSettings(const io::Dataset& d) {
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

  // "comma", "semicolon", ... in the UI language.
  static std::string DelimiterName(char d) { return Tr(io::DelimiterDisplayName(d).c_str()); }

  static std::vector<std::string> SplitList(const std::string& text) {
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

  // After an import with unreadable rows (bad rows: "Ask me"): skip them or stop.
  void DrawPendingImport() {
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

  void DecidePendingImport(bool skip) {
    if (!pending) return;
    bad_rows_skipped = skip;
    if (skip) AcceptImport(std::move(pending), pending_name);
    else StopPendingImport();
    pending.reset();
  }

  // Column pickers for rules (up to three columns, numeric ones banded) and RFM (three columns).
  void DrawLabelledSettings() {
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

  void DrawClusteringSettings(int max_k) {
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

  void DrawRunAndResult() {
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
      ImGui::BeginDisabled(original->method != "kmeans" || compare_importer.has_value());
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

  std::vector<ImVec4> SegmentColors() const {
    std::vector<ImVec4> colors;
    for (int i = 0; result && i < result->k; ++i) {
      ImVec4 c = ColorOf(i);
      if (hidden[static_cast<size_t>(i)]) c.w = 0.0f;
      colors.push_back(c);
    }
    return colors;
  }

  void DrawRowTooltip(size_t row) {
    if (row >= result->labels.size() || result->labels[row] < 0 || result->labels[row] >= result->k) return;
    const analysis::SegmentSummary& seg = result->segments[static_cast<size_t>(result->labels[row])];
    ImGui::BeginTooltip();
    ImGui::ColorButton("##c", ColorOf(seg.id), ImGuiColorEditFlags_NoTooltip, ImVec2(10 * scale, 10 * scale));
    ImGui::SameLine();
    ImGui::Text(Tr("Segment %d: %s"), seg.id + 1, seg.name.c_str());
    ImGui::TextDisabled(Tr("Row %s of the file"), FormatCount(row + 1).c_str());
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
      series([](const analysis::KScore& s) { return -s.bic; }, c1, Tr("BIC (higher on the chart = better)"), 0);
    } else {
      series([](const analysis::KScore& s) { return s.quality.silhouette; }, c1, Tr("silhouette (separation)"), 0);
      series([](const analysis::KScore& s) { return s.stability; }, c2, Tr("stability on resamples"), 1);
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
        ImGui::Text(Tr("Segmenting… %.0f%%"), job->Progress() * 100);
      } else {
        ImGui::TextDisabled("%s", Tr("Choose columns and press Run segmentation."));
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
    ImGui::Text(Tr("Principal components of the %zu segmenting columns"), SegmentingColumns(*result));
    ImGui::SameLine();
    ImGui::TextDisabled(Tr("(PC1 %.0f%%, PC2 %.0f%% of the variance; wheel zooms, drag pans, double-click resets)"),
                        result->explained_variance_ratio[0] * 100, result->explained_variance_ratio[1] * 100);
    DrawScatterTools();
    const float selection_h = scatter.selected_count() > 0 ? ImGui::GetFrameHeightWithSpacing() : 0.0f;
    const long hovered = scatter.Draw("scatter", ImVec2(avail.x, plot_h - 2 * ImGui::GetFrameHeightWithSpacing() - selection_h),
                                      SegmentColors(), highlight,
                                      std::clamp(5.0f - std::log10(static_cast<float>(scatter.size() + 1)), 1.5f, 4.5f) * scale);
    platform::SetPlotRect(scatter.rect_min().x, scatter.rect_min().y, scatter.rect_max().x - scatter.rect_min().x,
                          scatter.rect_max().y - scatter.rect_min().y);
    if (hovered >= 0) DrawRowTooltip(static_cast<size_t>(hovered));
    if (scatter.TakeSelectionChanged()) OnSelectionChanged();
    if (scatter.selected_count() > 0) DrawSelectionBar();

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
      ImGui::TableSetupColumn(Tr("Show"), ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn(Tr("Segment"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
      ImGui::TableSetupColumn(Tr("Customers"), ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn(Tr("Share"), ImGuiTableColumnFlags_WidthFixed);
      for (const auto& key : kpi_keys) {
        const char* label = key == "revenue_share" ? Tr("Revenue") : key == "churn_rate" ? Tr("Churn") : key == "nps" ? "NPS" : Tr("Conversion");
        ImGui::TableSetupColumn(label, ImGuiTableColumnFlags_WidthFixed);
      }
      ImGui::TableSetupColumn(Tr("Compared with all customers"), ImGuiTableColumnFlags_WidthStretch, 4.0f);
      ImGui::TableHeadersRow();
      for (auto& seg : result->segments) {
        ImGui::PushID(seg.id);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImVec4 c = ColorOf(seg.id);
        const bool is_hidden = hidden[static_cast<size_t>(seg.id)];
        if (is_hidden) c.w = 0.25f;
        if (ImGui::ColorButton("##swatch", c, ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_AlphaPreview,
                               ImVec2(ImGui::GetFrameHeight() * 1.4f, ImGui::GetFrameHeight() * 0.8f)))
          hidden[static_cast<size_t>(seg.id)] = !is_hidden;
        ImGui::SetItemTooltip("%s", is_hidden ? Tr("Show this segment (right-click: colour)") : Tr("Hide this segment (right-click: colour)"));
        if (ImGui::BeginPopupContextItem("##colour")) {
          DrawColourPicker(seg.id);
          ImGui::EndPopup();
        }
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
          ImGui::SetTooltip("%s\n\n%s", seg.description.c_str(), Tr("Click to rename; right-click to merge or recolour."));
        }
        if (ImGui::BeginPopupContextItem("##segment-menu")) {
          DrawSegmentMenu(seg.id);
          ImGui::EndPopup();
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatCount(seg.size).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatPercent(seg.share, 1).c_str());
        for (const auto& key : kpi_keys) {
          ImGui::TableNextColumn();
          for (const auto& kv : seg.kpis) {
            if (kv.key != key || !std::isfinite(kv.value)) continue;
            if (key == "nps") ImGui::Text("%+.0f", kv.value);
            else ImGui::TextUnformatted(FormatPercent(kv.value / 100.0, 0).c_str());
            if (ImGui::IsItemHovered())
              ImGui::SetTooltip(Tr("%s (%s): %s, all customers %s"), kv.label.c_str(), kv.column.c_str(), FormatFixed(kv.value, 1).c_str(),
                                FormatFixed(kv.overall, 1).c_str());
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
          text2 += f.name + (f.std_diff >= 0 ? " ↑ " : " ↓ ") + FormatNumber(f.mean) + " (" + Tr("all") + " " + FormatNumber(f.overall_mean) + ")";
        }
        ImGui::TextUnformatted(text2.c_str());
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }

  // Pan / box / lasso: what a drag on the scatter does (Shift = box, Alt = lasso at any time).
  void DrawScatterTools() {
    using Tool = ScatterPlot::Tool;
    const std::pair<Tool, const char*> tools[] = {{Tool::kPan, "Pan"}, {Tool::kBox, "Box select"}, {Tool::kLasso, "Lasso"}};
    for (const auto& [tool, label] : tools) {
      if (ImGui::RadioButton(Tr(label), scatter.tool() == tool)) scatter.SetTool(tool);
      ImGui::SameLine();
    }
    ImGui::TextDisabled("%s", Tr("(Shift+drag: box, Alt+drag: lasso, Ctrl adds; click empty space to clear)"));
  }

  // "1,234 customers selected (4.5%): 60% Champions, 40% Loyal" (also mirrored into #selection).
  std::string SelectionText() const {
    const size_t n = scatter.selected_count();
    if (n == 0 || !result) return {};
    std::vector<size_t> per(static_cast<size_t>(result->k), 0);
    const auto& sel = scatter.selection();
    for (size_t i = 0; i < sel.size() && i < result->labels.size(); ++i)
      if (sel[i] && result->labels[i] >= 0 && result->labels[i] < result->k) ++per[static_cast<size_t>(result->labels[i])];
    std::vector<int> order(static_cast<size_t>(result->k));
    for (int i = 0; i < result->k; ++i) order[static_cast<size_t>(i)] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return per[static_cast<size_t>(a)] > per[static_cast<size_t>(b)]; });
    std::string text = Printf(Tr("%s customers selected (%s)"), FormatCount(n).c_str(),
                              FormatPercent(static_cast<double>(n) / static_cast<double>(std::max<size_t>(1, data->table.rows)), 1).c_str());
    std::string mix;
    for (size_t j = 0; j < order.size() && j < 4; ++j) {
      const size_t c = per[static_cast<size_t>(order[j])];
      if (c == 0) break;
      mix += (mix.empty() ? ": " : ", ") + FormatPercent(static_cast<double>(c) / static_cast<double>(n), 0) + " " +
             result->segments[static_cast<size_t>(order[j])].name;
    }
    return text + mix + ".";
  }

  void OnSelectionChanged() {
    platform::SetRegion("selection", SelectionText());
    if (preview_filter == 1) preview_dirty = true;
  }

  void DrawSelectionBar() {
    if (ImGui::SmallButton(Tr("Clear selection"))) scatter.ClearSelection();
    ImGui::SameLine();
    if (ImGui::SmallButton(Tr("Show in Data"))) {
      preview_filter = 1;
      preview_dirty = true;
      select_tab = "data";
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(Tr("Download selection (CSV)"))) DownloadSelection();
    ImGui::SetItemTooltip("%s", Tr("The selected customers' rows exactly as in your file, plus segment and segment_name"));
    ImGui::SameLine();
    const std::string text = SelectionText();
    ImGui::TextUnformatted(text.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
  }

  void DownloadSelection() {
    if (!NeedResult() || scatter.selected_count() == 0) return;
    std::vector<std::string> ids(data->table.rows), names(data->table.rows);
    for (size_t i = 0; i < data->table.rows; ++i) {
      const int32_t label = result->labels[i];
      if (label < 0 || label >= result->k) continue;
      ids[i] = std::to_string(label + 1);
      names[i] = result->segments[static_cast<size_t>(label)].name;
    }
    io::ExportOptions eo;
    eo.rows = &scatter.selection();
    const std::string out_name = BaseName(file_name) + "-selection.csv";
    platform::Download(out_name, "text/csv;charset=utf-8", io::WriteWithExtraColumns(*data, {"segment", "segment_name"}, {ids, names}, eo));
    platform::SetStatus(Printf(Tr("Saved %s: the %s selected customers."), out_name.c_str(), FormatCount(scatter.selected_count()).c_str()));
  }

  void DrawQualityTab() {
    if (!result) {
      ImGui::TextDisabled("%s", Tr("No segmentation yet."));
      return;
    }
    const auto& q = result->quality;
    ImGui::SeparatorText(Tr("How well separated are the segments?"));
    ImGui::Text(Tr("Silhouette %s"), FormatFixed(q.silhouette, 2).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled(Tr("(-1..1; above 0.5 is clear, 0.25-0.5 reasonable; on %zu sampled rows)"), q.silhouette_sample);
    ImGui::Text(Tr("Calinski-Harabasz %s   Davies-Bouldin %s   smallest segment %s"), FormatFixed(q.calinski_harabasz, 0).c_str(),
                FormatFixed(q.davies_bouldin, 2).c_str(), FormatPercent(q.min_share, 1).c_str());
    if (current.edits.merged()) ImGui::TextDisabled("%s", Tr("These scores describe the computed segments, before merging."));
    if (result->auto_k) {
      ImGui::SeparatorText(Tr("Choosing the number of segments"));
      ImGui::TextWrapped("%s", result->auto_k->explanation.c_str());
      DrawKChart(*result->auto_k, 180.0f * scale);
      if (ImGui::BeginTable("kscores", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (const char* h : {"k", Tr("silhouette"), Tr("stability"), "Calinski-Harabasz", "Davies-Bouldin", Tr("smallest")}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const auto& sc : result->auto_k->scores) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::Text(sc.k == result->auto_k->recommended ? Tr("%d  (chosen)") : "%d", sc.k);
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
          ImGui::Text("%s%s", FormatPercent(sc.quality.min_share, 1).c_str(), sc.eligible ? "" : Tr(" (too small)"));
        }
        ImGui::EndTable();
      }
    }
  }

  void DrawProfilesTab() {
    if (!result) {
      ImGui::TextDisabled("%s", Tr("No segmentation yet."));
      return;
    }
    const float card_w = std::max(260.0f * scale, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2);
    int col = 0;
    for (auto& seg : result->segments) {
      if (col++ % 2 == 1) ImGui::SameLine();
      ImGui::PushID(seg.id);
      ImGui::BeginChild("card", ImVec2(card_w, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
      ImGui::ColorButton("##c", ColorOf(seg.id), ImGuiColorEditFlags_NoTooltip, ImVec2(14 * scale, 14 * scale));
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
          const std::string unit = kv.unit == "%" ? (CurrentLanguage() == Language::kGerman ? " %" : "%") : kv.unit == "points" ? "" : kv.unit.empty() ? "" : " " + kv.unit;
          ImGui::Text("%s%s", (kv.key == "nps" ? (kv.value >= 0 ? "+" : "") + FormatNumber(kv.value) : FormatNumber(kv.value)).c_str(), unit.c_str());
          ImGui::TableNextColumn();
          ImGui::TextDisabled(Tr("all %s%s"), FormatNumber(kv.overall).c_str(), unit.c_str());
        }
        ImGui::EndTable();
      }
      ImGui::EndChild();
      ImGui::PopID();
    }
  }

  // Mirrors the segment table into the page (#summary) for screen readers and tests.
  void PublishSummary() {
    nlohmann::json j = nlohmann::json::array();
    if (result)
      for (const auto& seg : result->segments)
        j.push_back({{"id", seg.id + 1}, {"name", seg.name}, {"size", seg.size}, {"share", seg.share}, {"description", seg.description}});
    platform::SetSummary(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

  // Rebuilds the Data tab's row order: the filter (all, the scatter selection, one segment),
  // then a stable sort by the chosen column (missing values last, either direction).
  void RebuildPreviewRows() {
    preview_dirty = false;
    const io::Table& t = data->table;
    preview_identity = preview_filter == 0 && preview_sort_column == -1;
    preview_rows.clear();
    if (preview_identity) return PublishPreview();
    const auto& sel = scatter.selection();
    for (size_t r = 0; r < t.rows; ++r) {
      if (preview_filter == 1 && (r >= sel.size() || !sel[r])) continue;
      if (preview_filter >= 2 && (!result || r >= result->labels.size() || result->labels[r] != preview_filter - 2)) continue;
      preview_rows.push_back(static_cast<uint32_t>(r));
    }
    if (preview_sort_column == -1) return PublishPreview();
    // One sortable key per row: the number, the rank of the text among the column's values, or the segment.
    std::vector<double> key(t.rows, NAN);
    if (preview_sort_column == -2) {
      for (size_t r = 0; result && r < t.rows && r < result->labels.size(); ++r)
        if (result->labels[r] >= 0) key[r] = result->labels[r];
    } else if (preview_sort_column >= 0 && static_cast<size_t>(preview_sort_column) < t.columns.size()) {
      const io::Column& col = t.columns[static_cast<size_t>(preview_sort_column)];
      if (col.IsNumericLike()) {
        key = col.values;
      } else {
        std::vector<uint32_t> by_text(col.levels.size());
        for (uint32_t i = 0; i < by_text.size(); ++i) by_text[i] = i;
        std::sort(by_text.begin(), by_text.end(), [&](uint32_t a, uint32_t b) { return col.levels[a] < col.levels[b]; });
        std::vector<double> rank(col.levels.size());
        for (size_t i = 0; i < by_text.size(); ++i) rank[by_text[i]] = static_cast<double>(i);
        for (size_t r = 0; r < t.rows; ++r)
          if (col.codes[r] != io::Column::kMissingCode) key[r] = rank[col.codes[r]];
      }
    }
    const bool desc = preview_descending;
    std::stable_sort(preview_rows.begin(), preview_rows.end(), [&](uint32_t a, uint32_t b) {
      const double ka = key[a], kb = key[b];
      if (std::isnan(ka) || std::isnan(kb)) return !std::isnan(ka) && std::isnan(kb);  // missing last
      return desc ? ka > kb : ka < kb;
    });
    PublishPreview();
  }

  // The Data tab's order for screen readers and tests (#preview): "sorted by mrr, descending:
  // rows 17, 3, 99, …" with the file's 1-based row numbers.
  void PublishPreview() {
    if (!data) return;
    std::string text = Printf(Tr("Data: %s of %s rows"), FormatCount(preview_identity ? data->table.rows : preview_rows.size()).c_str(),
                              FormatCount(data->table.rows).c_str());
    if (preview_sort_column != -1) {
      const std::string col = preview_sort_column == -2 ? std::string(Tr("segment"))
                              : static_cast<size_t>(preview_sort_column) < data->table.columns.size()
                                  ? data->table.columns[static_cast<size_t>(preview_sort_column)].name
                                  : std::string("?");
      text += Printf(Tr(", sorted by %s"), col.c_str()) + (preview_descending ? Tr(", descending") : "");
    }
    text += ": ";
    const size_t n = preview_identity ? data->table.rows : preview_rows.size();
    for (size_t i = 0; i < n && i < 10; ++i)
      text += (i ? ", " : "") + std::to_string((preview_identity ? i : preview_rows[i]) + 1);
    if (n > 10) text += ", …";
    platform::SetRegion("preview", text);
  }

  void DrawPreviewTab() {
    const io::Table& t = data->table;
    // Filter and the rows the importer could not read.
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    std::string current = preview_filter == 0   ? Tr("All rows")
                          : preview_filter == 1 ? Printf(Tr("Selected in the scatter (%s)"), FormatCount(scatter.selected_count()).c_str())
                                                : (result && preview_filter - 2 < result->k
                                                       ? std::to_string(preview_filter - 1) + " " + result->segments[static_cast<size_t>(preview_filter - 2)].name
                                                       : std::string(Tr("All rows")));
    if (ImGui::BeginCombo("##filter", current.c_str())) {
      if (ImGui::Selectable(Tr("All rows"), preview_filter == 0)) preview_filter = 0, preview_dirty = true;
      if (scatter.selected_count() > 0 &&
          ImGui::Selectable(Printf(Tr("Selected in the scatter (%s)"), FormatCount(scatter.selected_count()).c_str()).c_str(), preview_filter == 1))
        preview_filter = 1, preview_dirty = true;
      for (int sgm = 0; result && sgm < result->k; ++sgm) {
        const std::string label = std::to_string(sgm + 1) + " " + result->segments[static_cast<size_t>(sgm)].name;
        if (ImGui::Selectable(label.c_str(), preview_filter == sgm + 2)) preview_filter = sgm + 2, preview_dirty = true;
      }
      ImGui::EndCombo();
    }
    if (preview_filter >= 2 && (!result || preview_filter - 2 >= result->k)) preview_filter = 0, preview_dirty = true;
    if (preview_filter == 1 && scatter.selected_count() == 0) preview_filter = 0, preview_dirty = true;
    if (preview_dirty) RebuildPreviewRows();
    const size_t shown = preview_identity ? t.rows : preview_rows.size();
    ImGui::SameLine();
    ImGui::TextDisabled(Tr("%s of %s rows; click a column header to sort"), FormatCount(shown).c_str(), FormatCount(t.rows).c_str());
    if (data->report.rejected_total > 0) {
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.7f, 0.35f, 1));
      const bool open = ImGui::TreeNodeEx("##rejected", ImGuiTreeNodeFlags_None, Tr("%s rows could not be read (skipped)"),
                                          FormatCount(data->report.rejected_total).c_str());
      ImGui::PopStyleColor();
      if (open) {
        for (size_t i = 0; i < data->report.rejected.size() && i < 100; ++i)
          ImGui::BulletText(Tr("line %lld: %s"), static_cast<long long>(data->report.rejected[i].line), data->report.rejected[i].reason.c_str());
        if (ImGui::SmallButton(Tr("Download the list"))) DownloadRejected(*data, file_name);
        ImGui::TreePop();
      }
    }
    if (t.columns.size() > 200) ImGui::TextDisabled(Tr("Showing the first 200 of %zu columns."), t.columns.size());

    const int ncols = static_cast<int>(std::min<size_t>(t.columns.size(), 200)) + 1;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate;
    if (!ImGui::BeginTable("preview", ncols, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(Tr("# / segment"), ImGuiTableColumnFlags_WidthFixed, 0.0f, 0);
    for (int c = 1; c < ncols; ++c) {
      const io::Column& col = t.columns[static_cast<size_t>(c - 1)];
      const std::string label = col.name + "\n" + Tr(std::string(io::ColumnTypeName(col.type)).c_str());
      ImGui::TableSetupColumn(label.c_str(), ImGuiTableColumnFlags_WidthFixed, 0.0f, static_cast<ImGuiID>(c));
    }
    ImGui::TableHeadersRow();
    if (preview_sort_request) {  // the headers show a sort chosen by command; the specs below then carry it
      preview_sort_request = false;
      const int n = preview_sort_column == -2 ? 0 : preview_sort_column + 1;
      if (preview_sort_column == -1) {
        for (int c = 0; c < ncols; ++c) ImGui::TableSetColumnSortDirection(c, ImGuiSortDirection_None, false);
      } else if (n >= 0 && n < ncols) {
        ImGui::TableSetColumnSortDirection(n, preview_descending ? ImGuiSortDirection_Descending : ImGuiSortDirection_Ascending, false);
      }
    }
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
      specs->SpecsDirty = false;
      if (specs->SpecsCount == 0) {
        preview_sort_column = -1;
      } else {
        const ImGuiID uid = specs->Specs[0].ColumnUserID;
        preview_sort_column = uid == 0 ? -2 : static_cast<int>(uid) - 1;
        preview_descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
      }
      RebuildPreviewRows();
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(std::min<size_t>(preview_identity ? t.rows : preview_rows.size(), 0x7fffffff)));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const size_t r = preview_identity ? static_cast<size_t>(i) : preview_rows[static_cast<size_t>(i)];
        const std::vector<std::string> fields = data->RowFields(r);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (result && r < result->labels.size() && result->labels[r] >= 0) {
          ImGui::ColorButton("##s", ColorOf(result->labels[r]), ImGuiColorEditFlags_NoTooltip, ImVec2(8 * scale, 8 * scale));
          ImGui::SameLine();
        }
        ImGui::TextDisabled("%zu", r + 1);
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
    if (!ImGui::BeginTable("columns", 7, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(Tr("Column"), 0, 2.0f);
    ImGui::TableSetupColumn(Tr("Type"), 0, 1.0f);
    ImGui::TableSetupColumn(Tr("Missing"), 0, 0.8f);
    ImGui::TableSetupColumn(Tr("Distinct"), 0, 0.8f);
    ImGui::TableSetupColumn(Tr("Range / top values"), 0, 3.0f);
    ImGui::TableSetupColumn(Tr("Examples"), 0, 3.0f);
    ImGui::TableSetupColumn(Tr("Personal data"), 0, 2.0f);
    ImGui::TableHeadersRow();
    for (const io::Column& col : t.columns) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(col.name.c_str());
      ImGui::TableNextColumn();
      std::string type = Tr(std::string(io::ColumnTypeName(col.type)).c_str());
      if (!col.unit.empty()) type += " (" + col.unit + ")";
      if (col.constant) type += Tr(", constant");
      ImGui::TextUnformatted(type.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatCount(col.missing).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatCount(col.distinct).c_str());
      ImGui::TableNextColumn();
      std::string range;
      if (col.type == io::ColumnType::kNumeric) {
        range = FormatNumber(col.min) + " … " + FormatNumber(col.max) + Tr(", mean ") + FormatNumber(col.mean);
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
      ImGui::TableNextColumn();
      for (const auto& pc : personal) {
        if (pc.column != static_cast<int>(&col - t.columns.data())) continue;
        const privacy::Lang lang = CurrentLanguage() == Language::kGerman ? privacy::Lang::kDe : privacy::Lang::kEn;
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.65f, 0.3f, 1));
        ImGui::TextUnformatted(pc.Reason(lang).c_str());
        ImGui::PopStyleColor();
      }
    }
    ImGui::EndTable();
  }

  // Old segments on the left, new ones on the right, a band per (old, new) pair with its
  // customers; churned customers flow to "left", new ones come from "new".
  void DrawFlow(const analysis::CompareResult& c, float height) {
    const int k = c.k;
    const float sc = scale;
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w, height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bar_w = 14 * sc, label_w = std::min(200.0f * sc, w * 0.25f), gap = 6 * sc;
    const float xl = p0.x + label_w, xr = p0.x + w - label_w - bar_w;
    // Left: old segments then "new" (the source of new customers); right: new segments then "left".
    std::vector<double> left(static_cast<size_t>(k) + 1, 0.0), right(static_cast<size_t>(k) + 1, 0.0);
    for (int i = 0; i < k; ++i) {
      left[static_cast<size_t>(i)] = static_cast<double>(c.growth[static_cast<size_t>(i)].old_count);
      right[static_cast<size_t>(i)] = static_cast<double>(c.growth[static_cast<size_t>(i)].new_count);
    }
    left[static_cast<size_t>(k)] = static_cast<double>(c.new_customers);
    right[static_cast<size_t>(k)] = static_cast<double>(c.churned);
    double total = 0;
    for (double v : left) total += v;
    double total_r = 0;
    for (double v : right) total_r += v;
    total = std::max({total, total_r, 1.0});
    const float usable = height - gap * static_cast<float>(k + 1);
    const float unit = std::max(0.0f, usable) / static_cast<float>(total);
    std::vector<float> ly(static_cast<size_t>(k) + 1), ry(static_cast<size_t>(k) + 1);
    float y = p0.y;
    for (int i = 0; i <= k; ++i) ly[static_cast<size_t>(i)] = y, y += static_cast<float>(left[static_cast<size_t>(i)]) * unit + gap;
    y = p0.y;
    for (int i = 0; i <= k; ++i) ry[static_cast<size_t>(i)] = y, y += static_cast<float>(right[static_cast<size_t>(i)]) * unit + gap;
    const ImU32 grey = IM_COL32(150, 150, 150, 255), text = ImGui::GetColorU32(ImGuiCol_Text);
    auto color = [&](int seg) { return seg < k ? ImGui::ColorConvertFloat4ToU32(ColorOf(seg)) : grey; };
    auto name = [&](int seg, bool is_left) {
      if (seg < k) return std::to_string(seg + 1) + "  " + TruncateUtf8(c.segment_names[static_cast<size_t>(seg)], 18);
      return std::string(is_left ? Tr("new customers") : Tr("churned"));
    };
    // Bands, drawn as strips of quads along a smooth S curve.
    std::vector<float> lcur = ly, rcur = ry;
    auto band = [&](int from, int to, double count) {
      if (count <= 0) return;
      const float h = static_cast<float>(count) * unit;
      const float a0 = lcur[static_cast<size_t>(from)], b0 = rcur[static_cast<size_t>(to)];
      lcur[static_cast<size_t>(from)] += h;
      rcur[static_cast<size_t>(to)] += h;
      ImU32 col = color(from < k ? from : to);
      col = (col & 0x00FFFFFF) | (static_cast<ImU32>(110) << 24);
      const int steps = 24;
      for (int t = 0; t < steps; ++t) {
        auto at = [&](int u) {
          const float f = static_cast<float>(u) / steps;
          const float e = f * f * (3 - 2 * f);  // smoothstep
          return std::pair<float, float>(xl + bar_w + (xr - xl - bar_w) * f, a0 + (b0 - a0) * e);
        };
        const auto [x1, y1] = at(t);
        const auto [x2, y2] = at(t + 1);
        dl->AddQuadFilled(ImVec2(x1, y1), ImVec2(x2, y2), ImVec2(x2, y2 + h), ImVec2(x1, y1 + h), col);
      }
    };
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) band(i, j, static_cast<double>(c.matrix[static_cast<size_t>(i)][static_cast<size_t>(j)]));
      band(i, k, static_cast<double>(c.growth[static_cast<size_t>(i)].churned));
    }
    for (int j = 0; j < k; ++j) band(k, j, static_cast<double>(c.growth[static_cast<size_t>(j)].new_customers));
    for (int i = 0; i <= k; ++i) {
      const float lh = static_cast<float>(left[static_cast<size_t>(i)]) * unit, rh = static_cast<float>(right[static_cast<size_t>(i)]) * unit;
      dl->AddRectFilled(ImVec2(xl, ly[static_cast<size_t>(i)]), ImVec2(xl + bar_w, ly[static_cast<size_t>(i)] + std::max(lh, 1.0f)), color(i));
      dl->AddRectFilled(ImVec2(xr, ry[static_cast<size_t>(i)]), ImVec2(xr + bar_w, ry[static_cast<size_t>(i)] + std::max(rh, 1.0f)), color(i));
      const std::string ltext = name(i, true) + "  " + FormatCount(static_cast<size_t>(left[static_cast<size_t>(i)]));
      const std::string rtext = name(i, false) + "  " + FormatCount(static_cast<size_t>(right[static_cast<size_t>(i)]));
      const float th = ImGui::GetTextLineHeight();
      dl->AddText(ImVec2(p0.x, ly[static_cast<size_t>(i)] + std::max(0.0f, lh - th) / 2), text, ltext.c_str());
      dl->AddText(ImVec2(xr + bar_w + 6 * sc, ry[static_cast<size_t>(i)] + std::max(0.0f, rh - th) / 2), text, rtext.c_str());
    }
  }

  void DrawCompareTab() {
    const analysis::CompareResult& c = *comparison;
    const int k = c.k;
    ImGui::TextWrapped(Tr("%s (before) → %s (after), matched by %s: %s stayed, %s moved, %s churned, %s new."), file_name.c_str(),
                       compare_name.c_str(), c.id_column.c_str(), FormatCount(c.stayed).c_str(), FormatCount(c.moved).c_str(),
                       FormatCount(c.churned).c_str(), FormatCount(c.new_customers).c_str());
    for (const auto* snap : {&c.old_snapshot, &c.new_snapshot}) {
      const char* which = snap == &c.old_snapshot ? Tr("before") : Tr("after");
      if (!snap->duplicates.empty() || !snap->missing_id_rows.empty())
        ImGui::TextColored(ImVec4(0.95f, 0.65f, 0.3f, 1), Tr("%s: %zu ids on more than one row (the first row counts), %zu rows without an id; all listed in the JSON."),
                           which, snap->duplicates.size(), snap->missing_id_rows.size());
    }
    // The core's warnings, in the UI language (duplicates and rows without an id are said above).
    for (const auto& d : c.overall_kpi_deltas)
      if (std::isnan(d.old_value) != std::isnan(d.new_value))
        ImGui::TextDisabled("%s", Printf(Tr(std::isnan(d.old_value) ? "KPI \"%s\" is known only in the later file."
                                                                     : "KPI \"%s\" is known only in the earlier file."),
                                         d.label.c_str()).c_str());
    if (ImGui::Button(Tr("Moves (CSV)"))) DownloadMoves();
    ImGui::SetItemTooltip("%s", Tr("id, old_segment, new_segment, status for every customer of both files"));
    ImGui::SameLine();
    if (ImGui::Button(Tr("Comparison (JSON)"))) DownloadComparison();
    if (ImGui::BeginChild("compare", ImVec2(0, 0))) {
      if (ImGui::CollapsingHeader(Tr("Flow between segments"), ImGuiTreeNodeFlags_DefaultOpen))
        DrawFlow(c, std::clamp(ImGui::GetTextLineHeightWithSpacing() * 2.2f * static_cast<float>(k + 1), 200.0f * scale, 420.0f * scale));
      if (ImGui::CollapsingHeader(Tr("Migration matrix (click a cell for its customers)"), ImGuiTreeNodeFlags_DefaultOpen) &&
          ImGui::BeginTable("matrix", k + 2, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn(Tr("before → after"));
        for (int j = 0; j < k; ++j) ImGui::TableSetupColumn(std::to_string(j + 1).c_str());
        ImGui::TableSetupColumn(Tr("churned"));
        ImGui::TableHeadersRow();
        auto cell = [&](int i, int j, size_t count, double share) {
          ImGui::TableNextColumn();
          if (std::isfinite(share))
            ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::ColorConvertFloat4ToU32(ImVec4(0.31f, 0.55f, 1.0f, 0.1f + 0.6f * static_cast<float>(share))));
          const std::string label = FormatCount(count) + (std::isfinite(share) ? " (" + FormatPercent(share, 0) + ")" : "") +
                                    "##" + std::to_string(i) + "_" + std::to_string(j);
          if (ImGui::Selectable(label.c_str(), compare_cell_old == i && compare_cell_new == j)) compare_cell_old = i, compare_cell_new = j;
        };
        for (int i = 0; i <= k; ++i) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          if (i < k) {
            ImGui::ColorButton("##c", ColorOf(i), ImGuiColorEditFlags_NoTooltip, ImVec2(10 * scale, 10 * scale));
            ImGui::SameLine();
            ImGui::TextUnformatted((std::to_string(i + 1) + "  " + TruncateUtf8(c.segment_names[static_cast<size_t>(i)], 30)).c_str());
          } else {
            ImGui::TextUnformatted(Tr("new customers"));
          }
          for (int j = 0; j < k; ++j) {
            if (i < k) cell(i, j, c.matrix[static_cast<size_t>(i)][static_cast<size_t>(j)], c.row_shares[static_cast<size_t>(i)][static_cast<size_t>(j)]);
            else cell(-1, j, c.growth[static_cast<size_t>(j)].new_customers, NAN);
          }
          if (i < k) {
            const double old_count = static_cast<double>(c.growth[static_cast<size_t>(i)].old_count);
            cell(i, -1, c.growth[static_cast<size_t>(i)].churned, old_count > 0 ? static_cast<double>(c.growth[static_cast<size_t>(i)].churned) / old_count : NAN);
          } else {
            ImGui::TableNextColumn();
          }
        }
        ImGui::EndTable();
      }
      if (compare_cell_old != -2) {
        const auto idx = analysis::CustomersInCell(c, compare_cell_old, compare_cell_new);
        ImGui::TextDisabled(Tr("%s customers in the selected cell (first 200):"), FormatCount(idx.size()).c_str());
        std::string ids;
        for (size_t n = 0; n < idx.size() && n < 200; ++n) ids += (n ? ", " : "") + c.moves[idx[n]].id;
        ImGui::TextWrapped("%s", ids.c_str());
      }
      if (ImGui::CollapsingHeader(Tr("Growth by segment"), ImGuiTreeNodeFlags_DefaultOpen) &&
          ImGui::BeginTable("growth", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (const char* h : {Tr("Segment"), Tr("before"), Tr("after"), Tr("growth"), Tr("churned"), Tr("new customers"), Tr("Revenue")})
          ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (int i = 0; i < k; ++i) {
          const auto& g = c.growth[static_cast<size_t>(i)];
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted((std::to_string(i + 1) + "  " + TruncateUtf8(c.segment_names[static_cast<size_t>(i)], 30)).c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(FormatCount(g.old_count).c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(FormatCount(g.new_count).c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(((g.relative >= 0 ? "+" : "") + FormatPercent(g.relative, 1)).c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(FormatCount(g.churned).c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(FormatCount(g.new_customers).c_str());
          ImGui::TableNextColumn();
          if (std::isfinite(g.old_revenue)) ImGui::Text("%s → %s", FormatNumber(g.old_revenue).c_str(), FormatNumber(g.new_revenue).c_str());
        }
        ImGui::EndTable();
      }
    }
    ImGui::EndChild();
  }

  void DrawColourPicker(int id) {
    ImGui::TextDisabled("%s", Tr("Colour"));
    for (int p = 0; p < kMaxK; ++p) {
      ImGui::PushID(p);
      if (p % 8 != 0) ImGui::SameLine();
      if (ImGui::ColorButton("##p", kPalette[p], ImGuiColorEditFlags_NoTooltip, ImVec2(ImGui::GetFrameHeight(), ImGui::GetFrameHeight()))) {
        Recolour(id, p);
        ImGui::CloseCurrentPopup();
      }
      ImGui::PopID();
    }
  }

  void DrawSegmentMenu(int id) {
    ImGui::TextDisabled(Tr("Segment %d: %s"), id + 1, result->segments[static_cast<size_t>(id)].name.c_str());
    if (ImGui::BeginMenu(Tr("Merge into"))) {
      for (const auto& other : result->segments) {
        if (other.id == id) continue;
        const std::string label = std::to_string(other.id + 1) + "  " + other.name;
        if (ImGui::MenuItem(label.c_str())) MergeSegments(id, other.id);
      }
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(Tr("Colour"))) {
      DrawColourPicker(id);
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem(Tr("Use the generated name"), nullptr, false, !current.edits.names[static_cast<size_t>(id)].empty()))
      RenameSegment(id, "");
    if (ImGui::MenuItem(hidden[static_cast<size_t>(id)] ? Tr("Show") : Tr("Hide"))) hidden[static_cast<size_t>(id)] = !hidden[static_cast<size_t>(id)];
  }

  void DrawChartsTab() {
    if (!result) {
      ImGui::TextDisabled("%s", Tr("No segmentation yet."));
      return;
    }
    const SegmentStyle style = Style();
    if (ImGui::BeginChild("charts", ImVec2(0, 0))) {
      if (rfm_view && !current.edits.merged() && ImGui::CollapsingHeader(Tr("RFM grid (recency x frequency)"), ImGuiTreeNodeFlags_DefaultOpen))
        DrawRfmGrid(rfm_view->grid, rfm_view->cell, *result, style);
      if (ImGui::CollapsingHeader(Tr("What sets each segment apart (heatmap)"), ImGuiTreeNodeFlags_DefaultOpen)) DrawHeatmap(*result, style);
      if (ImGui::CollapsingHeader(Tr("Segment sizes"), ImGuiTreeNodeFlags_DefaultOpen)) DrawSegmentSizes(*result, style);
      if (ImGui::CollapsingHeader(Tr("KPIs by segment"), ImGuiTreeNodeFlags_DefaultOpen)) DrawKpiBars(*result, style);
      if (ImGui::CollapsingHeader(Tr("Distributions by segment"), ImGuiTreeNodeFlags_DefaultOpen))
        histograms.Draw(data->table, *result, style, result_version);
    }
    ImGui::EndChild();
  }

  void HandleShortcuts() {
    if (ImGui::GetIO().WantTextInput) return;  // typing a name: Ctrl+Z belongs to the text field
    if (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_Z)) Undo();
    if (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_Y) || ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiMod_Shift | ImGuiKey_Z)) Redo();
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
            {"Data###data", &State::DrawPreviewTab},          {"Columns###columns", &State::DrawColumnsTab}};
        for (const auto& [label, draw] : tabs) {
          // "Segments###segments" -> "segments"
          const bool select = !select_tab.empty() && std::string_view(label).substr(std::string_view(label).find("###") + 3) == select_tab;
          if (select) select_tab.clear();
          if (ImGui::BeginTabItem(Tr(label), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) {
            (this->*draw)();
            ImGui::EndTabItem();
          }
        }
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
  }

  // ---- project files ----------------------------------------------------------------------------

  // Restores the side panel from a project (columns by name; what the file lacks is said).
  std::string ApplyProjectSettings(const io::Project& pr) {
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

  static std::string HexColor(const ImVec4& c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(std::lround(c.x * 255)), static_cast<int>(std::lround(c.y * 255)),
                  static_cast<int>(std::lround(c.z * 255)));
    return buf;
  }

  void DownloadProject() {
    if (!data) return;
    io::Project pr;
    pr.app_version = "Segmenter studio " SEG_APP_VERSION;
    pr.created = platform::TodayIso();
    const std::string original_bytes = OriginalBytes(*data);
    pr.source = io::DescribeSource(file_name, original_bytes);
    pr.import = read_options;
    pr.import.bad_rows = bad_rows_mode == 2 ? io::BadRowPolicy::kStop : io::BadRowPolicy::kSkip;
    pr.method = static_cast<io::ProjectMethod>(std::clamp(method, 0, 4));
    pr.params = CurrentParams();
    const io::Table& t = data->table;
    pr.rules = CurrentRuleColumns();
    if (rfm_columns[0] >= 0) pr.rfm.recency = t.columns[static_cast<size_t>(rfm_columns[0])].name;
    if (rfm_columns[1] >= 0) pr.rfm.frequency = t.columns[static_cast<size_t>(rfm_columns[1])].name;
    if (rfm_columns[2] >= 0) pr.rfm.monetary = t.columns[static_cast<size_t>(rfm_columns[2])].name;
    pr.sql_dialect = static_cast<analysis::SqlDialect>(sql_dialect);
    pr.personal_export = static_cast<io::PersonalExport>(std::clamp(personal_export, 0, 2));
    if (original) {
      pr.edits = current.edits;
      for (int c : current.colors) pr.colors.push_back(HexColor(kPalette[((c % kMaxK) + kMaxK) % kMaxK]));
    }
    if (project_include_data) {
      const Status embedded = io::EmbedData(pr, original_bytes);
      if (!embedded.ok()) return platform::SetStatus(embedded.error().ToString());
    }
    const std::string out_name = BaseName(file_name) + ".segmenter.json";
    platform::Download(out_name, "application/json", io::ProjectToJson(pr));
    platform::SetStatus(project_include_data
                            ? Printf(Tr("Saved %s: settings, segment names and the customer file itself. Keep it as safe as the data."), out_name.c_str())
                            : Printf(Tr("Saved %s: settings and segment names, no customer data. Open it, then the same CSV, to continue."), out_name.c_str()));
  }

  // Scripted actions (see App::Command in app.hpp).
  void Command(const std::string& text) {
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

  // The core's language for the texts it writes (segment names, descriptions, explanations, notes).
  static seg::Lang CoreLang() { return CurrentLanguage() == Language::kGerman ? seg::Lang::kDe : seg::Lang::kEn; }

  void OnLanguageChanged() {
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
};

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
