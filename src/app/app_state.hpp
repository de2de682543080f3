// src/app/app_state.hpp — the studio's state (private to src/app): every field of App::State and
// its members, grouped by the file that defines them (one file per panel, named as the tab the user
// sees: panels/segments_tab.cpp is the "Segments" tab). Like Tracy's TracyView.hpp.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.hpp"
#include "app/charts.hpp"
#include "app/i18n.hpp"
#include "app/scatter.hpp"
#include "platform/platform.hpp"
#include "seg/analysis/compare.hpp"
#include "seg/analysis/edits.hpp"
#include "seg/analysis/kpi.hpp"
#include "seg/analysis/labelled.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/analysis/segmented_csv.hpp"
#include "seg/analysis/sql.hpp"
#include "seg/analysis/summary.hpp"
#include "seg/common/text.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/encoding.hpp"
#include "seg/io/inspect.hpp"
#include "seg/project/project.hpp"
#include "seg/analysis/model_edits.hpp"
#include "seg/analysis/localize.hpp"
#include "seg/privacy/minimise.hpp"
#include "seg/privacy/personal_data.hpp"
#include "seg/privacy/record.hpp"

namespace seg::app {

// Background work per frame (import, segmentation). 30 ms leaves the page at about 30 fps while
// a long job runs (the progress bar and Cancel stay live) and gives the job about 90% of the time
// on a laptop; 12 ms (60 fps) gave it 70% there and under 20% where drawing is slow (software GL).
inline constexpr double kFrameBudgetMs = 30.0;

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
inline constexpr size_t kTooltipColumns = 14;  // fields of a row the scatter's tooltip lists
inline constexpr int kMaxK = 16;                // palette size; more segments are rarely readable

// A colour-blind-friendly palette (Tableau 10 + 6).
inline const ImVec4 kPalette[kMaxK] = {
    {0.306f, 0.475f, 0.655f, 1}, {0.949f, 0.557f, 0.169f, 1}, {0.882f, 0.341f, 0.349f, 1},
    {0.463f, 0.718f, 0.698f, 1}, {0.349f, 0.631f, 0.310f, 1}, {0.929f, 0.788f, 0.282f, 1},
    {0.690f, 0.478f, 0.631f, 1}, {1.000f, 0.616f, 0.655f, 1}, {0.612f, 0.459f, 0.373f, 1},
    {0.729f, 0.690f, 0.675f, 1}, {0.122f, 0.467f, 0.706f, 1}, {0.839f, 0.153f, 0.157f, 1},
    {0.580f, 0.404f, 0.741f, 1}, {0.549f, 0.337f, 0.294f, 1}, {0.090f, 0.745f, 0.812f, 1},
    {0.737f, 0.741f, 0.133f, 1}};

inline std::string BaseName(const std::string& name) {
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


struct App::State {
  // ---- state --------------------------------------------------------------------------------------
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
  std::optional<project::Project> project;
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
  long mini_batch = 0;     // k-means batch rows (SegmentParams::mini_batch); set only by the "run" command
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
  // Edits asked for while drawing (a click inside a loop over result->segments) wait here until
  // the frame is drawn: applying one replaces `result`, which the loop still reads.
  struct PendingEdit {
    enum class Kind { kRename, kMerge, kRecolour, kToggleHidden } kind;
    int id = 0;      // the segment (0-based, as shown)
    int other = 0;   // merge: the segment it goes into; recolour: the palette index
    std::string name;  // rename ("" = the generated name)
  };
  std::vector<PendingEdit> pending_edits;
  int focus_name = -1;  // the context menu's "Rename": the segment whose name field takes the keyboard next frame
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

  // ---- src/app/app.cpp -----------------------------------------------------------------------
  void HandleShortcuts();
  void Frame();
  // The core's language for the texts it writes (segment names, descriptions, explanations, notes).
  static seg::Lang CoreLang() { return CurrentLanguage() == Language::kGerman ? seg::Lang::kDe : seg::Lang::kEn; }
  void OnLanguageChanged();

  // ---- src/app/import_flow.cpp ---------------------------------------------------------------
  // A project file (JSON) rather than customer data? Decided from the content, not the name.
  static bool LooksLikeProject(const std::string& name, std::string_view bytes);
  void OpenProject(const std::string& name, std::string bytes);
  void OnFile(std::string name, std::string bytes);
  void StartImport(std::string name, std::string bytes, bool again);
  // The loaded file's original bytes, rebuilt from the decoded text (no second copy is kept):
  // UTF-8 is the text itself; other encodings re-encode losslessly, as the exports do.
  static std::string OriginalBytes(const io::Dataset& d);
  // Reads the loaded file again with the current import settings (after the user changed one).
  void Reimport();
  // The demo base is generated here (the same bytes as assets/demo_customers.csv): no request,
  // so it also works from the offline single-file build opened via file://.
  void LoadDemo() { OnFile("demo_customers.csv", demo::GenerateDemoCustomersCsv({})); }
  void FinishImport();
  void StopPendingImport();
  void AcceptImport(std::unique_ptr<io::Dataset> ds, const std::string& name);
  // After an import with unreadable rows (bad rows: "Ask me"): skip them or stop.
  void DrawPendingImport();
  void DecidePendingImport(bool skip);
  // Restores the side panel from a project (columns by name; what the file lacks is said).
  std::string ApplyProjectSettings(const project::Project& pr);

  // ---- src/app/jobs.cpp ----------------------------------------------------------------------
  // Rules and RFM are one pass over the rows: computed at once, shown like a clustering result.
  void RunLabelled();
  void SegmentFailed(const Error& e);
  void StartSegmentation();
  // The rule columns as the side panel shows them (numeric ones banded).
  std::vector<analysis::RuleColumn> CurrentRuleColumns() const;
  // SegmentationJob::Phase() in the UI language: "choosing k (trying 4)", "clustering", ...
  static std::string PhaseText(const std::string& phase);
  // The clustering parameters as the side panel shows them.
  analysis::SegmentParams CurrentParams() const;
  void FinishSegmentation();
  void ShowResult(analysis::SegmentResult r);
  // "Segmented N rows into K segments" is relied on by screen readers and the browser tests.
  void SegmentedStatus();
  // The file's columns a result segments on (what the user ticked): a categorical column's
  // indicators and a column's missing-value feature count with their column; k-prototypes adds
  // its categorical columns.
  static size_t SegmentingColumns(const analysis::SegmentResult& r);
  void PumpWork();

  // ---- src/app/edits.cpp ---------------------------------------------------------------------
  void ApplyCurrentEdits(bool relabelled);
  void Commit(Snapshot next, const std::string& status);
  void Undo();
  void Redo();
  void RenameSegment(int id, const std::string& name);
  void MergeSegments(int from, int into);
  void QueueEdit(PendingEdit edit) { pending_edits.push_back(std::move(edit)); }
  // The safe point: after the frame's drawing, before the next one reads `result`.
  void ApplyPendingEdits();
  void Recolour(int id, int palette_index);

  // ---- src/app/downloads.cpp -----------------------------------------------------------------
  void DownloadMoves();
  void DownloadComparison();
  bool NeedResult();
  void DownloadSegmentedCsv();
  privacy::PersonalExport PersonalChoice() const { return static_cast<privacy::PersonalExport>(std::clamp(personal_export, 0, 2)); }
  // Every export of customer rows goes through here: the personal-column choice applies to all.
  analysis::SegmentedCsvOptions RowExportOptions(const std::vector<uint8_t>* rows) const;
  void DownloadReport();
  // The summary in the loaded file's own dialect, so a German Excel opens it as it opened the input.
  void DownloadSummaryCsv();
  void DownloadModel();
  // The processing record for the data-protection officer: what was processed and how, no values.
  void DownloadRecord();
  // One SQL query that applies the model where the data lives (segmenter sql, in the browser).
  void DownloadSql();
  void DownloadPng();
  // Every unreadable row as it was in the file, with its line and the reason: to fix them at the source.
  void DownloadRejected(const io::Dataset& d, const std::string& name);
  void DownloadSelection();
  void DownloadProject();

  // ---- src/app/command.cpp -------------------------------------------------------------------
  // Scripted actions (see App::Command in app.hpp).
  void Command(const std::string& text);

  // ---- src/app/theme.cpp ---------------------------------------------------------------------
  ImVec4 ColorOf(int shown) const;
  SegmentStyle Style() const;
  std::vector<ImVec4> SegmentColors() const;
  static std::string HexColor(const ImVec4& c);

  // ---- src/app/panels/side_panel.cpp ---------------------------------------------------------
  void ErrorText(const std::string& text);
  void DrawWelcome();
  void DrawSidePanel();
  // What the importer detected, each overridable: a change reads the file again. "auto" or "set"
  // says which values were detected and which the user chose.
  void DrawImportSettings(const io::Dataset& d);
  // "comma", "semicolon", ... in the UI language.
  static std::string DelimiterName(char d) { return Tr(io::DelimiterDisplayName(d).c_str()); }
  static std::vector<std::string> SplitList(const std::string& text);
  // Column pickers for rules (up to three columns, numeric ones banded) and RFM (three columns).
  void DrawLabelledSettings();
  void DrawClusteringSettings(int max_k);
  void DrawRunAndResult();

  // ---- src/app/panels/segments_tab.cpp -------------------------------------------------------
  static platform::Rect ItemRect();
  void DrawRowTooltip(size_t row);
  void DrawSegmentsTab();
  // Pan / box / lasso: what a drag on the scatter does (Shift = box, Alt = lasso at any time).
  void DrawScatterTools();
  // "1,234 customers selected (4.5%): 60% Champions, 40% Loyal" (also mirrored into #selection).
  std::string SelectionText() const;
  void OnSelectionChanged();
  void DrawSelectionBar();
  // Mirrors the segment table into the page (#summary) for screen readers and tests.
  void PublishSummary();
  void DrawColourPicker(int id);
  void DrawSegmentMenu(int id);

  // ---- src/app/panels/profiles_tab.cpp -------------------------------------------------------
  void DrawProfilesTab();

  // ---- src/app/panels/charts_tab.cpp ---------------------------------------------------------
  // Old segments on the left, new ones on the right, a band per (old, new) pair with its
  // customers; churned customers flow to "left", new ones come from "new".
  void DrawFlow(const analysis::CompareResult& c, float height);
  void DrawChartsTab();

  // ---- src/app/panels/quality_tab.cpp --------------------------------------------------------
  // Scores over k: silhouette (and stability) for k-means, BIC for mixtures; the chosen k marked.
  void DrawKChart(const analysis::AutoKResult& a, float height);
  void DrawQualityTab();

  // ---- src/app/panels/data_tab.cpp -----------------------------------------------------------
  // Rebuilds the Data tab's row order: the filter (all, the scatter selection, one segment),
  // then a stable sort by the chosen column (missing values last, either direction).
  void RebuildPreviewRows();
  // The Data tab's order for screen readers and tests (#preview): "sorted by mrr, descending:
  // rows 17, 3, 99, …" with the file's 1-based row numbers.
  void PublishPreview();
  void DrawDataTab();

  // ---- src/app/panels/columns_tab.cpp --------------------------------------------------------
  void DrawColumnsTab();

  // ---- src/app/panels/compare_tab.cpp --------------------------------------------------------
  // A later export of the same customers: imported in slices like the first file, then compared.
  void OnCompareFile(std::string name, std::string bytes);
  void FinishCompareImport();
  void RunComparison();
  void DrawCompareTab();
};

}  // namespace seg::app
