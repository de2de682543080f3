// The segmentation job: features -> preparation -> k search / fit (k-means, GMM, k-prototypes) -> profiles, quality, PCA.
//
// Index of this file
// [SECTION] Default features and categorical codes
// [SECTION] SegmentationJob: Create, FinishPreparation, progress
// [SECTION] SegmentationJob::Step (k-means), StepGmm, StepMixed
// [SECTION] Finish: profiles, quality, PCA; RunSegmentation

#include "seg/analysis/segmentation.hpp"

#include <algorithm>
#include <cmath>

#include "seg/analysis/distance_kernels.hpp"
#include "seg/analysis/pca.hpp"
#include "seg/analysis/quality.hpp"
#include "seg/io/identifier.hpp"
#include "seg/privacy/personal_data.hpp"

namespace seg::analysis {

std::string_view MethodName(Method m) { return m == Method::kGmm ? "gmm" : m == Method::kMixed ? "mixed" : "kmeans"; }

namespace {

bool UsableCategorical(const io::Column& c, size_t rows) {
  return c.type == io::ColumnType::kCategorical && c.levels.size() >= 2 && c.levels.size() <= 50 && c.missing < rows;
}

// Personal data (names, postcodes, ...) is never a default feature; see DefaultFeatureColumns.
bool PersonalByDefault(const io::Table& t, size_t c, const std::vector<std::string>& not_personal) {
  if (std::find(not_personal.begin(), not_personal.end(), t.columns[c].name) != not_personal.end()) return false;
  return io::DetectIdentifier(t, c).has_value() || privacy::DetectPersonalColumn(t, c).has_value();
}

// Level codes of categorical columns for k-prototypes: the column's codes, missing = its own code.
void CategoricalCodes(const io::Table& t, const std::vector<int>& cols, std::vector<uint32_t>& codes,
                      std::vector<uint32_t>& levels) {
  const size_t cd = cols.size();
  codes.assign(t.rows * cd, 0);
  levels.clear();
  for (size_t j = 0; j < cd; ++j) {
    const io::Column& col = t.columns[static_cast<size_t>(cols[j])];
    const uint32_t missing = static_cast<uint32_t>(col.levels.size());
    levels.push_back(missing + 1);
    for (size_t i = 0; i < t.rows; ++i) codes[i * cd + j] = col.codes[i] == io::Column::kMissingCode ? missing : col.codes[i];
  }
}

}  // namespace

struct SegmentationJob::State {
  const io::Table* table = nullptr;
  // k-means / GMM: the features are prepared in steps (one column per Step), then the search or
  // fit starts (FinishPreparation).
  std::optional<FeaturePreparer> preparer;
  // Finishing: scoring and the chart's projection run in bounded pieces (one per Step).
  std::optional<SegmentProfiler> profiler;
  std::optional<QualityScorer> scorer;
  std::optional<Pca2Builder> pca;
  // Mixed (k-prototypes).
  std::vector<int> cat_columns;
  std::vector<uint32_t> cat_codes, cat_levels;
  std::optional<KPrototypesRunner> kp_runner;
  std::optional<Error> failure;  // a step could not continue (the job is done, without a result)
  // GMM: automatic k by BIC over the search sample, then the final fit.
  std::optional<GmmRunner> gmm_runner;
  std::vector<float> gmm_sample;
  size_t gmm_sample_rows = 0;
  int gmm_search_k = 0;
  bool gmm_search_done = false;
  std::vector<std::pair<int, GmmModel>> gmm_scores;
  SegmentParams params;
  FeatureMatrix features;
  std::vector<KpiColumn> kpis;
  std::optional<AutoKRunner> autok;
  std::optional<KMeansRunner> runner;
  KMeansOptions kmeans;
  SegmentResult result;
  bool done = false;
  int finish_phase = 0;  // 1 profiles, 2 quality, 3 PCA (one Step each)
};

SegmentationJob::SegmentationJob() : s_(std::make_unique<State>()) {}
SegmentationJob::SegmentationJob(SegmentationJob&&) noexcept = default;
SegmentationJob& SegmentationJob::operator=(SegmentationJob&&) noexcept = default;
SegmentationJob::~SegmentationJob() = default;

namespace {
AutoKOptions AutoKOptionsFor(const SegmentParams& params) {
  AutoKOptions ao;
  ao.k_min = params.k_min;
  ao.k_max = params.k_max;
  ao.seed = params.seed;
  ao.min_share = params.min_share;
  return ao;
}
}  // namespace

Result<SegmentationJob> SegmentationJob::Create(const io::Table& table, const SegmentParams& params) {
  if (!params.auto_k && params.k < 1) {
    return MakeError("segment.bad_k", "The number of segments must be at least 1.", "Choose k of 2 or more, or auto.");
  }
  if (!params.auto_k && static_cast<size_t>(params.k) > table.rows) {
    return MakeError("segment.k_exceeds_rows",
                     "Cannot make " + std::to_string(params.k) + " segments from " + std::to_string(table.rows) + " rows.",
                     "Choose k no larger than the number of rows.");
  }
  if (params.auto_k && (params.k_min < 1 || params.k_max < params.k_min)) {
    return MakeError("segment.bad_k_range",
                     "The range of k to try (" + std::to_string(params.k_min) + " to " + std::to_string(params.k_max) + ") is empty.",
                     "Use --k-min and --k-max such as 2 and 10.");
  }
  if (params.auto_k && static_cast<size_t>(params.k_min) > table.rows) {
    return MakeError("segment.k_exceeds_rows",
                     "Cannot try " + std::to_string(params.k_min) + " segments with " + std::to_string(table.rows) + " rows.",
                     "Lower --k-min or load more rows.");
  }
  SegmentationJob job;
  State& s = *job.s_;
  s.table = &table;
  s.params = params;
  auto kpis = ResolveKpis(table, params.kpis);
  if (!kpis.ok()) return kpis.error();
  s.kpis = std::move(kpis.value());
  s.result.kpi_columns = s.kpis;
  if (params.method == Method::kMixed) {
    // Split the requested columns into numeric and categorical ones.
    std::vector<std::string> numeric;
    std::vector<std::string> categorical = params.categorical;
    for (const std::string& name : params.features) {
      const int c = table.FindColumn(name);
      if (c >= 0 && table.columns[static_cast<size_t>(c)].type == io::ColumnType::kCategorical) categorical.push_back(name);
      else numeric.push_back(name);
    }
    if (categorical.empty()) {
      for (size_t c = 0; c < table.columns.size(); ++c)
        if (UsableCategorical(table.columns[c], table.rows) && !PersonalByDefault(table, c, params.prep.not_personal))
          s.cat_columns.push_back(static_cast<int>(c));
    } else {
      for (const std::string& name : categorical) {
        const int c = table.FindColumn(name);
        if (c < 0) {
          Error e = MakeError("prep.no_such_column", "There is no column named \"" + name + "\".");
          e.column_name = name;
          return e;
        }
        const io::Column& col = table.columns[static_cast<size_t>(c)];
        if (col.type != io::ColumnType::kCategorical || col.levels.size() > 50) {
          Error e = MakeError("prep.not_categorical",
                              "Column \"" + name + "\" is not a categorical column with at most 50 levels (it is " +
                                  std::string(io::ColumnTypeName(col.type)) + ", " + std::to_string(col.levels.size()) + " levels).",
                              "Use columns such as industry, region or plan; identifiers and free text cannot form segments.");
          e.column = c + 1;
          e.column_name = name;
          return e;
        }
        if (std::find(s.cat_columns.begin(), s.cat_columns.end(), c) == s.cat_columns.end()) s.cat_columns.push_back(c);
      }
    }
    const bool have_numeric = !numeric.empty() || !DefaultFeatureColumns(table, nullptr).empty();
    if (s.cat_columns.empty()) {
      return MakeError("segment.no_categorical", "No categorical column (2 to 50 levels) for mixed segmentation.",
                       "Use --method kmeans for numeric-only data, or name categorical columns with --categorical.");
    }
    if (have_numeric) {
      auto prepared = PrepareFeatures(table, numeric, &s.result.warnings, params.prep, &s.result.notes);
      if (!prepared.ok()) return prepared.error();
      s.features = std::move(prepared.value());
    } else {
      s.features.rows = table.rows;
      s.features.cols = 0;
    }
    CategoricalCodes(table, s.cat_columns, s.cat_codes, s.cat_levels);
    for (int c : s.cat_columns) s.result.categorical.push_back(table.columns[static_cast<size_t>(c)].name);
  } else {
    // Validated now (the same errors as PrepareFeatures and the k search would give); the columns
    // are fitted in the first Steps.
    auto prep = FeaturePreparer::Create(table, params.features, &s.result.warnings, params.prep, &s.result.notes);
    if (!prep.ok()) return prep.error();
    if (params.auto_k && params.method != Method::kGmm)
      if (auto e = AutoKRunner::Check(table.rows, prep->cols(), AutoKOptionsFor(params))) return *e;
    s.preparer.emplace(std::move(prep.value()));
  }
  s.result.seed = params.seed;
  s.result.id_column = IdColumnName(table);
  s.kmeans.seed = params.seed;
  s.kmeans.max_iter = params.max_iter;
  if (params.auto_k && params.method == Method::kMixed) {
    return MakeError("segment.auto_k_mixed", "Automatic k is not available for mixed data yet.",
                     "Choose k (for example --k 5), or segment the numeric columns with --method kmeans --k auto.");
  }
  if (!s.preparer)
    if (auto e = job.FinishPreparation()) return *e;
  return job;
}

// Once the features are prepared: their names in the result, and the k search or fit set up.
std::optional<Error> SegmentationJob::FinishPreparation() {
  State& s = *s_;
  const SegmentParams& params = s.params;
  for (const auto& f : s.features.features) s.result.feature_names.push_back(f.name);
  if (params.auto_k && params.method == Method::kGmm) {
    // BIC needs the same rows for every k: a deterministic sample of at most 20,000 rows.
    const size_t n = s.features.rows, d = s.features.cols;
    std::vector<size_t> idx(n);
    for (size_t i = 0; i < n; ++i) idx[i] = i;
    const size_t m = std::min<size_t>(n, 20000);
    Rng rng(params.seed ^ 0xB1Cu);
    if (m < n) {
      for (size_t i = 0; i < m; ++i) std::swap(idx[i], idx[i + static_cast<size_t>(rng.Below(n - i))]);
      idx.resize(m);
      std::sort(idx.begin(), idx.end());
    }
    s.gmm_sample.resize(idx.size() * d);
    for (size_t i = 0; i < idx.size(); ++i)
      std::copy(s.features.x.begin() + static_cast<std::ptrdiff_t>(idx[i] * d),
                s.features.x.begin() + static_cast<std::ptrdiff_t>((idx[i] + 1) * d),
                s.gmm_sample.begin() + static_cast<std::ptrdiff_t>(i * d));
    s.gmm_sample_rows = idx.size();
    s.gmm_search_k = params.k_min;
  } else if (params.auto_k) {
    auto runner = AutoKRunner::Create(s.features.x.data(), s.features.rows, s.features.cols, AutoKOptionsFor(params));
    if (!runner.ok()) return runner.error();
    s.autok.emplace(std::move(runner.value()));
  } else {
    s.kmeans.k = params.k;
  }
  return std::nullopt;
}

bool SegmentationJob::Done() const { return s_->done; }

double SegmentationJob::Progress() const {
  const State& s = *s_;
  if (s.done) return 1.0;
  if (s.preparer) return 0.05 * s.preparer->Progress();  // preparing takes about the first 5%
  return 0.05 + 0.95 * WorkProgress();
}

double SegmentationJob::WorkProgress() const {
  const State& s = *s_;
  if (s.finish_phase > 0) {
    const double within = s.finish_phase == 1 && s.profiler ? s.profiler->Progress()
                          : s.finish_phase == 2 && s.scorer ? s.scorer->Progress()
                          : s.finish_phase >= 3 && s.pca  ? s.pca->Progress()
                                                          : 0.0;
    return std::min(1.0, 0.94 + 0.02 * (s.finish_phase + within));
  }
  if (s.params.method == Method::kGmm) {
    const bool searching = s.params.auto_k && !s.gmm_search_done;
    const int span = std::max(1, s.params.k_max - s.params.k_min + 1);
    if (searching) {
      const double within = s.gmm_runner ? s.gmm_runner->Progress() : 0.0;
      return 0.6 * std::min(1.0, (s.gmm_search_k - s.params.k_min + within) / span);
    }
    const double base = s.params.auto_k ? 0.6 : 0.0;
    return base + (0.95 - base) * (s.gmm_runner ? s.gmm_runner->Progress() : 0.0);
  }
  if (s.autok && !s.autok->Done()) return 0.6 * s.autok->Progress();
  const double base = s.autok ? 0.6 : 0.0;
  return base + (0.95 - base) * (s.runner ? s.runner->Progress() : 0.0);
}

std::string SegmentationJob::Phase() const {
  const State& s = *s_;
  if (s.done) return "done";
  if (s.preparer) return "preparing the data";
  if (s.finish_phase == 1) return "profiling";
  if (s.finish_phase == 2) return "scoring";
  if (s.finish_phase >= 3) return "projecting for the chart";
  if (s.autok && !s.autok->Done()) return "choosing k (trying " + std::to_string(s.autok->CurrentK()) + ")";
  if (s.params.method == Method::kGmm && s.params.auto_k && !s.gmm_search_done)
    return "choosing k by BIC (trying " + std::to_string(s.gmm_search_k) + ")";
  if (s.runner && s.runner->Done()) return "profiling";
  return "clustering";
}

SegmentResult SegmentationJob::Take() { return std::move(s_->result); }
const Error* SegmentationJob::Failure() const { return s_->failure ? &*s_->failure : nullptr; }

bool SegmentationJob::Step() {
  State& s = *s_;
  if (s.done) return false;
  if (s.preparer) {  // one column per Step
    if (s.preparer->Step()) return true;
    s.features = s.preparer->Take();
    s.preparer.reset();
    if (auto e = FinishPreparation()) {
      s.failure = std::move(*e);
      s.done = true;
      return false;
    }
    return true;
  }
  if (s.finish_phase > 0) {
    StepFinish();
    return !s.done;
  }
  if (s.params.method == Method::kGmm) return StepGmm();
  if (s.params.method == Method::kMixed) return StepMixed();
  if (s.autok && !s.autok->Done()) {
    if (!s.autok->Step()) {
      AutoKResult a = s.autok->Take();
      s.kmeans.k = a.recommended;
      s.result.auto_k = std::move(a);
    }
    return true;
  }
  if (!s.runner) {
    s.kmeans.n_init = s.params.n_init;
    s.kmeans.mini_batch = s.params.mini_batch > 0 ? static_cast<size_t>(s.params.mini_batch)
                          : s.params.mini_batch == 0 && s.features.rows >= 2000000 ? 4096
                                                                                   : 0;
    if (s.kmeans.mini_batch > 0) s.kmeans.max_iter = std::max(s.params.max_iter, 200);
    // n_init <= 0: 20 restarts on small data, fewer where each costs seconds; from 200,000 rows on
    // (below the mini-batch sizes) the restarts run on a 100,000-row sample (kmeans.hpp).
    SetAutomaticRestarts(s.kmeans, s.features.rows, s.features.cols);
    auto runner = KMeansRunner::Create(s.features.x.data(), s.features.rows, s.features.cols, s.kmeans);
    if (!runner.ok()) {
      s.failure = runner.error();
      s.done = true;
      return false;
    }
    s.runner.emplace(std::move(runner.value()));
    return true;
  }
  if (!s.runner->Done()) {
    s.runner->Step();
    return true;
  }
  KMeansModel model = s.runner->Take();
  SegmentResult& r = s.result;
  r.method = "kmeans";
  r.k = model.k;
  r.inertia = model.inertia;
  r.iterations = model.iterations;
  r.labels = std::move(model.labels);
  r.centroids = std::move(model.centroids);
  if (!model.converged) {
    AddNote(&r.warnings, &r.notes, {NoteKind::kKMeansStopped, {}, static_cast<size_t>(model.iterations), {}, {}});
  }
  if (s.kmeans.mini_batch > 0) {
    r.method = "kmeans-minibatch";
    AddNote(&r.warnings, &r.notes, {NoteKind::kMiniBatch, {}, static_cast<size_t>(s.kmeans.mini_batch), {}, {}});
  }
  Finish();
  return true;
}

// Lowest BIC among the k whose smallest component holds at least min_share.
void SegmentationJob::FinishGmmSearch() {
  State& s = *s_;
  const size_t d = s.features.cols;
  s.gmm_search_done = true;
  AutoKResult a;
  a.sample_rows = s.gmm_sample_rows;
  const std::pair<int, GmmModel>* best = nullptr;
  bool any_ok = false;
  for (const auto& [k, m] : s.gmm_scores) {
    KScore ks;
    ks.k = k;
    ks.quality = ScoreClustering(s.gmm_sample.data(), s.gmm_sample_rows, d, m.labels, k, s.params.seed, 2000);
    ks.eligible = ks.quality.min_share >= s.params.min_share;
    ks.bic = m.bic;
    any_ok |= ks.eligible;
    a.scores.push_back(ks);
  }
  for (size_t i = 0; i < s.gmm_scores.size(); ++i) {
    if (any_ok && !a.scores[i].eligible) continue;
    if (!best || s.gmm_scores[i].second.bic < best->second.bic) best = &s.gmm_scores[i];
  }
  a.by_bic = true;
  a.min_share = s.params.min_share;
  if (best) a.recommended = best->first;
  else a.recommended = std::max(1, std::min<int>(s.params.k_min, static_cast<int>(s.table->rows)));
  a.explanation = ExplainAutoK(a);
  s.kmeans.k = a.recommended;
  s.result.auto_k = std::move(a);
  s.gmm_scores.clear();
  s.gmm_sample.clear();
  s.gmm_sample.shrink_to_fit();
}

bool SegmentationJob::StepGmm() {
  State& s = *s_;
  const size_t d = s.features.cols;
  auto options = [&](int k) {
    GmmOptions o;
    o.k = k;
    o.covariance = s.params.covariance;
    o.seed = s.params.seed;
    o.n_init = s.params.n_init > 0 ? s.params.n_init : 1;
    return o;
  };
  if (s.params.auto_k && !s.gmm_search_done) {
    if (!s.gmm_runner) {
      if (static_cast<size_t>(s.gmm_search_k) > s.gmm_sample_rows || s.gmm_search_k > s.params.k_max) {
        FinishGmmSearch();
        return true;
      }
      auto r = GmmRunner::Create(s.gmm_sample.data(), s.gmm_sample_rows, d, options(s.gmm_search_k));
      if (!r.ok()) {
        AddNote(&s.result.warnings, &s.result.notes, {NoteKind::kText, {}, 0, r.error().message, {}});
        FinishGmmSearch();
        return true;
      }
      s.gmm_runner.emplace(std::move(r.value()));
      return true;
    }
    if (s.gmm_runner->Step()) return true;
    s.gmm_scores.emplace_back(s.gmm_search_k, s.gmm_runner->Take());
    s.gmm_runner.reset();
    ++s.gmm_search_k;
    return true;
  }
  if (!s.gmm_runner) {
    GmmOptions o = options(s.params.auto_k ? s.kmeans.k : s.params.k);
    auto r = GmmRunner::Create(s.features.x.data(), s.features.rows, d, o);
    if (!r.ok()) {
      s.failure = r.error();
      s.done = true;
      return false;
    }
    s.gmm_runner.emplace(std::move(r.value()));
    return true;
  }
  if (s.gmm_runner->Step()) return true;
  GmmModel model = s.gmm_runner->Take();
  s.gmm_runner.reset();
  SegmentResult& r = s.result;
  r.method = "gmm";
  r.k = model.k;
  r.iterations = model.iterations;
  r.labels = model.labels;
  r.centroids = model.means;
  if (!model.converged) {
    AddNote(&r.warnings, &r.notes, {NoteKind::kGmmStopped, {}, static_cast<size_t>(model.iterations), {}, {}});
  }
  model.labels.clear();
  model.labels.shrink_to_fit();
  model.trace.clear();
  r.gmm = std::move(model);
  Finish();  // the inertia is set from the quality scores in the finishing steps
  return true;
}

bool SegmentationJob::StepMixed() {
  State& s = *s_;
  if (!s.kp_runner) {
    KPrototypesOptions o;
    o.k = s.params.k;
    o.seed = s.params.seed;
    o.gamma = s.params.gamma;
    o.n_init = s.params.n_init > 0 ? s.params.n_init : (s.table->rows <= 200000 ? 4 : 2);
    auto r = KPrototypesRunner::Create(s.features.x.data(), s.features.cols, s.cat_codes.data(), s.cat_columns.size(),
                                       s.cat_levels, s.table->rows, o);
    if (!r.ok()) {
      s.failure = r.error();
      s.done = true;
      return false;
    }
    s.kp_runner.emplace(std::move(r.value()));
    return true;
  }
  if (s.kp_runner->Step()) return true;
  KPrototypesModel model = s.kp_runner->Take();
  s.kp_runner.reset();
  SegmentResult& r = s.result;
  r.method = "mixed";
  r.k = model.k;
  r.iterations = model.iterations;
  r.labels = std::move(model.labels);
  r.centroids = std::move(model.means);
  r.gamma = model.gamma;
  r.modes.assign(static_cast<size_t>(model.k), {});
  for (int c = 0; c < model.k; ++c)
    for (size_t j = 0; j < s.cat_columns.size(); ++j) {
      const io::Column& col = s.table->columns[static_cast<size_t>(s.cat_columns[j])];
      const uint32_t code = model.modes[static_cast<size_t>(c) * s.cat_columns.size() + j];
      r.modes[static_cast<size_t>(c)].push_back(code < col.levels.size() ? col.levels[code] : std::string());
    }
  if (!model.converged) AddNote(&r.warnings, &r.notes, {NoteKind::kKPrototypesStopped, {}, static_cast<size_t>(model.iterations), {}, {}});
  r.inertia = model.cost;
  Finish();
  return true;
}

// The clustering is done; profiles, quality scores and the PCA view follow in three more Steps,
// so that a frame loop never waits for all of them at once (each is a pass over every row).
void SegmentationJob::Finish() {
  State& s = *s_;
  s.result.preparation = s.features.features;
  s.finish_phase = 1;
}

void SegmentationJob::StepFinish() {
  State& s = *s_;
  SegmentResult& r = s.result;
  switch (s.finish_phase) {
    case 1:
      if (!s.profiler) s.profiler.emplace(*s.table, s.features.features, r.labels, r.k, s.kpis);
      if (s.profiler->Step()) return;  // one column per Step
      r.segments = s.profiler->Take();
      s.profiler.reset();
      NameSegments(r.segments);
      DescribeSegments(r.segments);
      break;
    case 2:
      if (s.features.cols > 0) {
        if (!s.scorer) s.scorer.emplace(s.features.x.data(), s.features.rows, s.features.cols, r.labels, r.k, s.params.seed);
        if (s.scorer->Step()) return;  // more to do in the next Step
        r.quality = s.scorer->Take();
        s.scorer.reset();
      }
      if (r.method == "gmm") r.inertia = r.quality.inertia;
      break;
    default: {
      if (!s.pca) s.pca.emplace(s.features.x.data(), s.features.rows, s.features.cols);
      if (s.pca->Step()) return;
      PcaResult pca = s.pca->Take();
      s.pca.reset();
      r.pca = std::move(pca.scores);
      for (size_t c = 0; c < 2 && c < pca.explained_variance_ratio.size(); ++c)
        r.explained_variance_ratio[c] = pca.explained_variance_ratio[c];
      s.done = true;
      return;
    }
  }
  ++s.finish_phase;
}

Result<SegmentResult> RunSegmentation(const io::Table& table, const SegmentParams& params) {
  auto job = SegmentationJob::Create(table, params);
  if (!job.ok()) return job.error();
  SegmentationJob j = std::move(job.value());
  while (j.Step()) {
  }
  if (const Error* e = j.Failure()) return *e;
  return j.Take();
}

}  // namespace seg::analysis
