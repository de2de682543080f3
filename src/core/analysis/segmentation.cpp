#include "seg/analysis/segmentation.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "seg/analysis/pca.hpp"

namespace seg::analysis {
namespace {

// "support_tickets_90d" -> "support tickets 90d"; a trailing unit word is dropped ("mrr_eur" -> "mrr").
std::string HumanName(const std::string& name) {
  std::string s = name;
  for (char& c : s)
    if (c == '_' || c == '-') c = ' ';
  static const char* kUnits[] = {" eur", " chf", " usd", " gbp", " pct", " percent"};
  for (const char* u : kUnits) {
    const std::string unit = u;
    if (s.size() > unit.size() && s.compare(s.size() - unit.size(), unit.size(), unit) == 0) {
      s.resize(s.size() - unit.size());
      break;
    }
  }
  return s;
}

void Profile(const io::Table& table, const FeatureMatrix& m, const std::vector<int32_t>& labels, int k,
             std::vector<SegmentSummary>& out) {
  out.assign(static_cast<size_t>(k), SegmentSummary{});
  for (int c = 0; c < k; ++c) out[static_cast<size_t>(c)].id = c;
  for (int32_t l : labels) ++out[static_cast<size_t>(l)].size;
  for (auto& s : out) s.share = table.rows ? static_cast<double>(s.size) / static_cast<double>(table.rows) : 0.0;
  for (const PreparedFeature& f : m.features) {
    const io::Column& col = table.columns[static_cast<size_t>(f.column)];
    std::vector<double> sum(static_cast<size_t>(k), 0.0);
    std::vector<size_t> cnt(static_cast<size_t>(k), 0);
    double all_sum = 0.0, all_sq = 0.0;
    size_t all_cnt = 0;
    for (size_t i = 0; i < table.rows; ++i) {
      const double v = col.values[i];
      if (!std::isfinite(v)) continue;
      sum[static_cast<size_t>(labels[i])] += v;
      ++cnt[static_cast<size_t>(labels[i])];
      all_sum += v;
      ++all_cnt;
    }
    const double overall = all_cnt ? all_sum / static_cast<double>(all_cnt) : NAN;
    for (size_t i = 0; i < table.rows; ++i) {
      const double v = col.values[i];
      if (std::isfinite(v)) all_sq += (v - overall) * (v - overall);
    }
    const double sd = all_cnt ? std::sqrt(all_sq / static_cast<double>(all_cnt)) : 0.0;
    for (int c = 0; c < k; ++c) {
      FeatureProfile p;
      p.name = f.name;
      p.overall_mean = overall;
      p.mean = cnt[static_cast<size_t>(c)] ? sum[static_cast<size_t>(c)] / static_cast<double>(cnt[static_cast<size_t>(c)]) : NAN;
      p.std_diff = (sd > 0 && std::isfinite(p.mean)) ? (p.mean - overall) / sd : 0.0;
      out[static_cast<size_t>(c)].features.push_back(p);
    }
  }
}

// JSON cannot hold NaN; missing numbers become null.
nlohmann::json Num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

void NameSegments(std::vector<SegmentSummary>& segments) {
  std::set<std::string> used;
  for (auto& s : segments) {
    std::vector<const FeatureProfile*> order;
    for (const auto& f : s.features) order.push_back(&f);
    std::stable_sort(order.begin(), order.end(), [](const FeatureProfile* a, const FeatureProfile* b) {
      return std::fabs(a->std_diff) > std::fabs(b->std_diff);
    });
    std::string name;
    for (size_t i = 0; i < order.size() && i < 2; ++i) {
      const FeatureProfile& f = *order[i];
      if (std::fabs(f.std_diff) < 0.25) break;
      const char* level = f.std_diff >= 1.0 ? "very high " : f.std_diff > 0 ? "high " : f.std_diff <= -1.0 ? "very low " : "low ";
      if (!name.empty()) name += ", ";
      name += level + HumanName(f.name);
    }
    if (name.empty()) name = "average profile";
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    std::string unique = name;
    for (int n = 2; used.count(unique); ++n) unique = name + " (" + std::to_string(n) + ")";
    used.insert(unique);
    s.name = unique;
  }
}

Result<SegmentationJob> SegmentationJob::Create(const io::Table& table, const SegmentParams& params) {
  if (params.k < 1) {
    return MakeError("segment.bad_k", "The number of segments must be at least 1.", "Choose k of 2 or more.");
  }
  SegmentationJob job;
  job.table_ = &table;
  job.params_ = params;
  if (static_cast<size_t>(params.k) > table.rows) {
    return MakeError("segment.k_exceeds_rows",
                     "Cannot make " + std::to_string(params.k) + " segments from " + std::to_string(table.rows) +
                         " rows.",
                     "Choose k no larger than the number of rows.");
  }
  auto prepared = PrepareFeatures(table, params.features, &job.result_.warnings);
  if (!prepared.ok()) return prepared.error();
  job.features_ = std::move(prepared.value());
  KMeansOptions ko;
  ko.k = params.k;
  ko.seed = params.seed;
  ko.n_init = params.n_init;
  if (ko.n_init <= 0) {  // automatic: 10 restarts on small data, fewer where each costs seconds
    const double work = static_cast<double>(table.rows) * static_cast<double>(job.features_.cols) * params.k;
    ko.n_init = work <= 2e7 ? 10 : work <= 2e8 ? 4 : 2;
  }
  ko.max_iter = params.max_iter;
  auto runner = KMeansRunner::Create(job.features_.x.data(), job.features_.rows, job.features_.cols, ko);
  if (!runner.ok()) return runner.error();
  job.runner_.push_back(std::move(runner.value()));
  for (const auto& f : job.features_.features) job.result_.feature_names.push_back(f.name);
  return job;
}

double SegmentationJob::Progress() const {
  if (done_) return 1.0;
  return runner_.empty() ? 0.0 : 0.95 * runner_[0].Progress();
}

const char* SegmentationJob::Phase() const {
  if (done_) return "done";
  return runner_[0].Done() ? "profiling" : "clustering";
}

bool SegmentationJob::Step() {
  if (done_) return false;
  KMeansRunner& runner = runner_[0];
  if (!runner.Done()) {
    runner.Step();
    return true;
  }
  KMeansModel model = runner.Take();
  SegmentResult& r = result_;
  r.k = model.k;
  r.inertia = model.inertia;
  r.iterations = model.iterations;
  r.labels = std::move(model.labels);
  if (!model.converged) {
    r.warnings.push_back("k-means stopped after " + std::to_string(model.iterations) +
                         " iterations before fully settling");
  }
  Profile(*table_, features_, r.labels, r.k, r.segments);
  NameSegments(r.segments);
  PcaResult pca = ComputePca2(features_.x.data(), features_.rows, features_.cols);
  r.pca = std::move(pca.scores);
  for (size_t c = 0; c < 2 && c < pca.explained_variance_ratio.size(); ++c)
    r.explained_variance_ratio[c] = pca.explained_variance_ratio[c];
  done_ = true;
  return false;
}

Result<SegmentResult> RunSegmentation(const io::Table& table, const SegmentParams& params) {
  auto job = SegmentationJob::Create(table, params);
  if (!job.ok()) return job.error();
  SegmentationJob j = std::move(job.value());
  while (j.Step()) {
  }
  return j.Take();
}

nlohmann::json ReportToJson(const SegmentResult& r) {
  nlohmann::json j;
  j["k"] = r.k;
  j["method"] = "kmeans";
  j["rows"] = r.labels.size();
  j["features"] = r.feature_names;
  j["inertia"] = r.inertia;
  j["iterations"] = r.iterations;
  j["explained_variance_ratio"] = {r.explained_variance_ratio[0], r.explained_variance_ratio[1]};
  nlohmann::json segs = nlohmann::json::array();
  for (const auto& s : r.segments) {
    nlohmann::json means = nlohmann::json::object();
    nlohmann::json profiles = nlohmann::json::array();
    for (const auto& f : s.features) {
      means[f.name] = Num(f.mean);
      profiles.push_back({{"feature", f.name},
                          {"mean", Num(f.mean)},
                          {"overall_mean", Num(f.overall_mean)},
                          {"std_diff", Num(f.std_diff)}});
    }
    segs.push_back({{"id", s.id + 1},
                    {"name", s.name},
                    {"size", s.size},
                    {"share", s.share},
                    {"feature_means", means},
                    {"profiles", profiles}});
  }
  j["segments"] = segs;
  j["warnings"] = r.warnings;
  return j;
}

}  // namespace seg::analysis
