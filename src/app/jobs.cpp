// src/app/jobs.cpp — the background work: segmentation jobs (k-means, GMM, k-prototypes) in time-boxed slices per
// frame, rules and RFM at once, and the status line while they run.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::RunLabelled() {
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

void App::State::SegmentFailed(const Error& e) {
  segment_error = e.ToString();
  platform::SetStatus(Tr("Could not segment: ") + segment_error);
}

void App::State::StartSegmentation() {
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

std::vector<analysis::RuleColumn> App::State::CurrentRuleColumns() const {
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

std::string App::State::PhaseText(const std::string& phase) {
  for (const char* prefix : {"choosing k by BIC (trying ", "choosing k (trying "}) {
    const std::string p = prefix;
    if (phase.rfind(p, 0) == 0 && phase.size() > p.size() && phase.back() == ')')
      return Printf(Tr((p + "%s)").c_str()), phase.substr(p.size(), phase.size() - p.size() - 1).c_str());
  }
  return Tr(phase.c_str());
}

analysis::SegmentParams App::State::CurrentParams() const {
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
  p.mini_batch = mini_batch;
  return p;
}

void App::State::FinishSegmentation() {
  const LongTask long_task("showing the result");
  analysis::SegmentResult r = job->Take();
  job.reset();
  if (r.method != "rfm") rfm_view.reset();
  ShowResult(std::move(r));
}

void App::State::ShowResult(analysis::SegmentResult r) {
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

void App::State::SegmentedStatus() {
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

size_t App::State::SegmentingColumns(const analysis::SegmentResult& r) {
  std::vector<int> columns;
  for (const auto& f : r.preparation) columns.push_back(f.column);
  std::sort(columns.begin(), columns.end());
  return static_cast<size_t>(std::unique(columns.begin(), columns.end()) - columns.begin()) + r.categorical.size();
}

void App::State::PumpWork() {
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

}  // namespace seg::app
