#include "seg/analysis/segmentation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "order_statistics.hpp"
#include "seg/analysis/distance_kernels.hpp"
#include "seg/analysis/model_edits.hpp"
#include "seg/analysis/pca.hpp"
#include "seg/analysis/quality.hpp"
#include "seg/common/text.hpp"
#include "seg/privacy/personal_data.hpp"

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

std::string Fmt(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  const double a = std::fabs(v);
  if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.1fm", v / 1e6);
  else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  else if (a >= 100) std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (a >= 10) std::snprintf(buf, sizeof buf, "%.1f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Fmt in German: "1,5 Mio.", "219 Tsd.", "1545", "10,4", "1,65"; "k. A." for a missing value.
std::string FmtDe(double v) {
  if (!std::isfinite(v)) return "k. A.";
  const double a = std::fabs(v);
  if (a >= 1e6) return FormatDecimal(v / 1e6, 1, Lang::kDe) + " Mio.";
  if (a >= 1e4) return FormatDecimal(v / 1e3, 0, Lang::kDe) + " Tsd.";
  if (a >= 100) return FormatDecimal(v, 0, Lang::kDe);
  if (a >= 10) return FormatDecimal(v, 1, Lang::kDe);
  return FormatDecimal(v, 2, Lang::kDe);
}

// v[0..n) is reordered. Linear-time exact selection (order_statistics.hpp): the same value as sorting.
double Median(double* v, size_t n) {
  if (n == 0) return NAN;
  const size_t mid = n / 2;
  const bool even = n % 2 == 0;
  const detail::OrderPair p = detail::SelectOrder(v, n, mid, even);
  return even ? (p.at + p.prev) / 2 : p.at;
}

nlohmann::json Num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// nlohmann's value()/get() throw on a type mismatch, and a throw aborts the wasm module: every
// read of untrusted JSON goes through checks like this one.
std::string StringField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

SegmentProfiler::SegmentProfiler(const io::Table& table, const std::vector<PreparedFeature>& features,
                                 const std::vector<int32_t>& labels, int k, const std::vector<KpiColumn>& kpis)
    : table_(&table), features_(&features), labels_(&labels), kpis_(&kpis), k_(k), K_(static_cast<size_t>(k)) {
  out_.assign(K_, SegmentSummary{});
  for (size_t c = 0; c < K_; ++c) out_[c].id = static_cast<int>(c);
  for (int32_t l : labels)
    if (l >= 0) {
      ++out_[static_cast<size_t>(l)].size;
      ++labelled_;
    }
  for (auto& s : out_) s.share = labelled_ ? static_cast<double>(s.size) / static_cast<double>(labelled_) : 0.0;
  // Per feature, the finite values of every segment in row order, side by side in one buffer
  // (segment c from start_[c]), and all of them in row order.
  start_.assign(K_ + 1, 0);
  end_.assign(K_, 0);
  for (size_t c = 0; c < K_; ++c) start_[c + 1] = start_[c] + out_[c].size;
}

double SegmentProfiler::Progress() const {
  const double nf = static_cast<double>(features_->size()), nc = static_cast<double>(table_->columns.size());
  switch (stage_) {
    case 0: return 0.6 * static_cast<double>(next_) / std::max(1.0, nf);
    case 1: return 0.6 + 0.3 * static_cast<double>(next_) / std::max(1.0, nc);
    case 2: return 0.9;
    default: return 1.0;
  }
}

bool SegmentProfiler::Step() {
  if (stage_ == 0) {
    // The next numeric feature (categorical columns are profiled below, by level).
    while (next_ < features_->size() && ((*features_)[next_].IsIndicator() || (*features_)[next_].missing_indicator)) ++next_;
    if (next_ < features_->size()) {
      ProfileFeature((*features_)[next_++]);
      return true;
    }
    per_.clear();
    per_.shrink_to_fit();
    all_.clear();
    all_.shrink_to_fit();
    stage_ = 1;
    next_ = 0;
  }
  if (stage_ == 1) {
    // The next categorical column: the most over-represented level per segment (lift, at least
    // 30% share). Never a personal column's: its levels would end up in segment names, reports
    // and exports.
    const io::Table& table = *table_;
    while (next_ < table.columns.size()) {
      const size_t c = next_++;
      const io::Column& col = table.columns[c];
      if (col.type != io::ColumnType::kCategorical || col.levels.size() > 50 || col.levels.size() < 2) continue;
      if (privacy::DetectPersonalColumn(table, c)) continue;
      ProfileCategories(c);
      return true;
    }
    for (auto& s : out_)
      std::stable_sort(s.categories.begin(), s.categories.end(), [](const CategoryProfile& a, const CategoryProfile& b) {
        return a.share / a.overall_share > b.share / b.overall_share;
      });
    stage_ = 2;
    return true;
  }
  if (stage_ == 2) {
    auto values = ComputeKpis(*table_, *labels_, k_, *kpis_);
    for (size_t c = 0; c < K_; ++c) out_[c].kpis = std::move(values[c]);
    stage_ = 3;
  }
  return false;
}

void SegmentProfiler::ProfileFeature(const PreparedFeature& f) {
  const size_t K = K_;
  const std::vector<int32_t>& labels = *labels_;
  const io::Column& col = table_->columns[static_cast<size_t>(f.column)];
  if (per_.size() != labelled_) {
    per_.resize(labelled_);
    all_.resize(labelled_);
  }
  std::copy(start_.begin(), start_.begin() + static_cast<std::ptrdiff_t>(K), end_.begin());
  size_t count = 0;
  double all_sum = 0.0;
  for (size_t i = 0; i < table_->rows; ++i) {
    const double v = col.values[i];
    if (!std::isfinite(v) || labels[i] < 0) continue;
    per_[end_[static_cast<size_t>(labels[i])]++] = v;
    all_[count++] = v;
    all_sum += v;
  }
  const double overall = count == 0 ? NAN : all_sum / static_cast<double>(count);
  double ss = 0.0;
  for (size_t i = 0; i < count; ++i) ss += (all_[i] - overall) * (all_[i] - overall);
  const double sd = count == 0 ? 0.0 : std::sqrt(ss / static_cast<double>(count));
  const double overall_median = Median(all_.data(), count);
  for (size_t c = 0; c < K; ++c) {
    FeatureProfile p;
    p.name = f.name;
    p.overall_mean = overall;
    p.overall_median = overall_median;
    double* seg = per_.data() + start_[c];
    const size_t nc = end_[c] - start_[c];
    double sum = 0.0;
    for (size_t i = 0; i < nc; ++i) sum += seg[i];
    p.mean = nc == 0 ? NAN : sum / static_cast<double>(nc);
    p.median = Median(seg, nc);
    p.std_diff = (sd > 0 && std::isfinite(p.mean)) ? (p.mean - overall) / sd : 0.0;
    out_[c].features.push_back(p);
  }
}

void SegmentProfiler::ProfileCategories(size_t column) {
  const size_t K = K_;
  const std::vector<int32_t>& labels = *labels_;
  const io::Column& col = table_->columns[column];
  const size_t L = col.levels.size();
  std::vector<double> counts(K * L, 0.0), seg_total(K, 0.0), overall(L, 0.0);
  double total = 0.0;
  for (size_t i = 0; i < table_->rows; ++i) {
    const uint32_t code = col.codes[i];
    if (code == io::Column::kMissingCode || labels[i] < 0) continue;
    const size_t s = static_cast<size_t>(labels[i]);
    counts[s * L + code] += 1;
    seg_total[s] += 1;
    overall[code] += 1;
    total += 1;
  }
  if (total == 0) return;
  for (size_t s = 0; s < K; ++s) {
    if (seg_total[s] == 0) continue;
    double best_lift = 1.25;
    int best = -1;
    for (size_t l = 0; l < L; ++l) {
      const double share = counts[s * L + l] / seg_total[s];
      const double base = overall[l] / total;
      if (share >= 0.3 && base > 0 && share / base > best_lift) {
        best_lift = share / base;
        best = static_cast<int>(l);
      }
    }
    if (best >= 0) {
      out_[s].categories.push_back({col.name, col.levels[static_cast<size_t>(best)],
                                    counts[s * L + static_cast<size_t>(best)] / seg_total[s],
                                    overall[static_cast<size_t>(best)] / total});
    }
  }
}

void ProfileSegments(const io::Table& table, const std::vector<PreparedFeature>& features,
                     const std::vector<int32_t>& labels, int k, const std::vector<KpiColumn>& kpis,
                     std::vector<SegmentSummary>& out) {
  SegmentProfiler profiler(table, features, labels, k, kpis);
  while (profiler.Step()) {
  }
  out = profiler.Take();
}

std::vector<PreparedFeature> ProfileFeatures(const io::Table& table) {
  std::vector<PreparedFeature> out;
  for (int c : DefaultFeatureColumns(table, nullptr)) {
    PreparedFeature f;
    f.name = table.columns[static_cast<size_t>(c)].name;
    f.column = c;
    out.push_back(std::move(f));
  }
  return out;
}

void NameSegments(std::vector<SegmentSummary>& segments, Lang lang) {
  const bool de = lang == Lang::kDe;
  std::set<std::string> used;
  for (auto& s : segments) {
    std::vector<const FeatureProfile*> order;
    for (const auto& f : s.features) order.push_back(&f);
    std::stable_sort(order.begin(), order.end(), [](const FeatureProfile* a, const FeatureProfile* b) {
      return std::fabs(a->std_diff) > std::fabs(b->std_diff);
    });
    std::string name;
    int parts = 0;
    for (size_t i = 0; i < order.size() && i < 2; ++i) {
      const FeatureProfile& f = *order[i];
      if (std::fabs(f.std_diff) < 0.25) break;
      if (!name.empty()) name += ", ";
      ++parts;
      if (de) {
        // The column name stays as the user wrote it, so the level follows it: "mrr hoch".
        const char* level = f.std_diff >= 1.0 ? " sehr hoch" : f.std_diff > 0 ? " hoch" : f.std_diff <= -1.0 ? " sehr niedrig" : " niedrig";
        name += TruncateUtf8(HumanName(f.name), 40) + level;
        continue;
      }
      const char* level = f.std_diff >= 1.0 ? "very high " : f.std_diff > 0 ? "high " : f.std_diff <= -1.0 ? "very low " : "low ";
      name += level + TruncateUtf8(HumanName(f.name), 40);
    }
    if (de) {
      if (!s.categories.empty() && s.categories[0].share >= 0.5 && parts < 2)
        name += (name.empty() ? "Überwiegend " : ", überwiegend ") + TruncateUtf8(s.categories[0].level, 40);
      if (name.empty()) name = "Durchschnittliches Profil";
    } else {
      if (!s.categories.empty() && s.categories[0].share >= 0.5 && name.find(',') == std::string::npos) {
        if (!name.empty()) name += ", ";
        name += "mostly " + TruncateUtf8(s.categories[0].level, 40);
      }
      if (name.empty()) name = "average profile";
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    }
    // Two segments with the same numeric profile usually differ by a category (segmenting on a
    // region or an industry): say which before falling back to a number.
    if (used.count(name)) {
      for (const CategoryProfile& c : s.categories) {
        if (c.share < 0.5 || name.find(c.level) != std::string::npos) continue;
        const std::string with = name + (de ? ", überwiegend " : ", mostly ") + TruncateUtf8(c.level, 40);
        if (!used.count(with)) {
          name = with;
          break;
        }
      }
    }
    std::string unique = name;
    for (int n = 2; used.count(unique); ++n) unique = name + " (" + std::to_string(n) + ")";
    used.insert(unique);
    s.name = unique;
  }
}

// The segment's features, the most distinctive first (largest |standardised difference|).
static std::vector<const FeatureProfile*> ByDifference(const SegmentSummary& s) {
  std::vector<const FeatureProfile*> order;
  for (const auto& f : s.features) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return std::fabs(a->std_diff) > std::fabs(b->std_diff); });
  return order;
}

std::string DescribeSegment(const SegmentSummary& s, Lang lang) {
  if (lang == Lang::kDe) {
    std::string d = FormatCount(s.size, lang) + (s.size == 1 ? " Kunde (" : " Kunden (") + FormatPercent(s.share * 100, 0, lang) + ")";
    const std::vector<const FeatureProfile*> order = ByDifference(s);
    std::string diffs;
    for (size_t i = 0; i < order.size() && i < 3; ++i) {
      const auto& f = *order[i];
      if (std::fabs(f.std_diff) < 0.2) break;
      if (!diffs.empty()) diffs += ", ";
      diffs += TruncateUtf8(HumanName(f.name), 60) + " " + FmtDe(f.mean) + " (alle: " + FmtDe(f.overall_mean) + ")";
    }
    d += diffs.empty() ? ", nahe am durchschnittlichen Kunden" : ": im Schnitt " + diffs;
    if (!s.categories.empty()) {
      const auto& c = s.categories[0];
      d += "; " + FormatPercent(c.share * 100, 0, lang) + " " + TruncateUtf8(c.level, 60) + " (alle: " +
           FormatPercent(c.overall_share * 100, 0, lang) + ")";
    }
    d += ".";
    std::string k;
    for (const auto& v : s.kpis) {
      if (v.key != "churn_rate" && v.key != "nps" && v.key != "revenue_share" && v.key != "conversion_rate") continue;
      if (!std::isfinite(v.value)) continue;
      if (!k.empty()) k += ", ";
      if (v.key == "revenue_share") {
        k += FormatPercent(v.value, 0, lang) + " des Umsatzes";
      } else if (v.key == "nps") {
        char buf[96];
        std::snprintf(buf, sizeof buf, "NPS %+.0f (alle: %+.0f)", v.value, v.overall);
        k += buf;
      } else {
        k += std::string(v.key == "churn_rate" ? "Abwanderung " : "Konversion ") + FormatPercent(v.value, 0, lang) +
             " (alle: " + FormatPercent(v.overall, 0, lang) + ")";
      }
    }
    if (!k.empty()) d += " " + k + ".";
    return d;
  }
  char head[96];
  std::snprintf(head, sizeof head, "%zu customers (%.0f%%)", s.size, s.share * 100);
  std::string d = head;
  const std::vector<const FeatureProfile*> order = ByDifference(s);
  std::string diffs;
  for (size_t i = 0; i < order.size() && i < 3; ++i) {
    const auto& f = *order[i];
    if (std::fabs(f.std_diff) < 0.2) break;
    if (!diffs.empty()) diffs += ", ";
    diffs += TruncateUtf8(HumanName(f.name), 60) + " " + Fmt(f.mean) + " vs " + Fmt(f.overall_mean);
  }
  d += diffs.empty() ? ", close to the average customer" : ": " + diffs + " on average";
  if (!s.categories.empty()) {
    const auto& c = s.categories[0];
    char a[32], b[32];
    std::snprintf(a, sizeof a, "; %.0f%% ", c.share * 100);
    std::snprintf(b, sizeof b, " (all: %.0f%%)", c.overall_share * 100);
    d += a + TruncateUtf8(c.level, 60) + b;
  }
  d += ".";
  std::string k;
  for (const auto& v : s.kpis) {
    if (v.key != "churn_rate" && v.key != "nps" && v.key != "revenue_share" && v.key != "conversion_rate") continue;
    if (!std::isfinite(v.value)) continue;
    char buf[128];
    if (v.key == "revenue_share") std::snprintf(buf, sizeof buf, "%.0f%% of revenue", v.value);
    else if (v.key == "nps") std::snprintf(buf, sizeof buf, "NPS %+.0f (all %+.0f)", v.value, v.overall);
    else std::snprintf(buf, sizeof buf, "%s %.0f%% (all %.0f%%)", v.key == "churn_rate" ? "churn" : "conversion", v.value, v.overall);
    if (!k.empty()) k += ", ";
    k += buf;
  }
  if (!k.empty()) d += " " + std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(k[0])))) + k.substr(1) + ".";
  return d;
}

void DescribeSegments(std::vector<SegmentSummary>& segments, Lang lang) {
  for (auto& s : segments) s.description = DescribeSegment(s, lang);
}

// ---- the job --------------------------------------------------------------------------------

std::string_view MethodName(Method m) { return m == Method::kGmm ? "gmm" : m == Method::kMixed ? "mixed" : "kmeans"; }

namespace {

bool UsableCategorical(const io::Column& c, size_t rows) {
  return c.type == io::ColumnType::kCategorical && c.levels.size() >= 2 && c.levels.size() <= 50 && c.missing < rows;
}

// Personal data (names, postcodes, ...) is never a default feature; see DefaultFeatureColumns.
bool PersonalByDefault(const io::Table& t, size_t c, const std::vector<std::string>& not_personal) {
  if (std::find(not_personal.begin(), not_personal.end(), t.columns[c].name) != not_personal.end()) return false;
  return privacy::DetectPersonalColumn(t, c).has_value();
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

// ---- JSON -----------------------------------------------------------------------------------

nlohmann::json ReportToJson(const SegmentResult& r) {
  nlohmann::json j;
  j["k"] = r.k;
  j["method"] = r.method;
  j["rows"] = r.labels.size();
  j["features"] = r.feature_names;
  j["inertia"] = r.inertia;
  j["iterations"] = r.iterations;
  j["seed"] = r.seed;
  j["quality"] = QualityToJson(r.quality);
  if (r.gmm) {
    j["quality"]["bic"] = r.gmm->bic;
    j["quality"]["log_likelihood"] = r.gmm->log_likelihood;
  }
  if (r.auto_k) {
    nlohmann::json a = AutoKToJson(*r.auto_k);
    j["k_scores"] = a["k_scores"];
    j["recommendation"] = a["recommendation"];
  }
  j["preparation"] = PreparationToJson(r.preparation);
  j["explained_variance_ratio"] = {r.explained_variance_ratio[0], r.explained_variance_ratio[1]};
  nlohmann::json segs = nlohmann::json::array();
  for (const auto& s : r.segments) {
    nlohmann::json means = nlohmann::json::object();
    nlohmann::json profiles = nlohmann::json::array();
    for (const auto& f : s.features) {
      means[f.name] = Num(f.mean);
      profiles.push_back({{"feature", f.name},
                          {"mean", Num(f.mean)},
                          {"median", Num(f.median)},
                          {"overall_mean", Num(f.overall_mean)},
                          {"overall_median", Num(f.overall_median)},
                          {"std_diff", Num(f.std_diff)}});
    }
    nlohmann::json cats = nlohmann::json::array();
    for (const auto& c : s.categories)
      cats.push_back({{"column", c.column}, {"level", c.level}, {"share", c.share}, {"overall_share", c.overall_share}});
    segs.push_back({{"id", s.id + 1},
                    {"name", s.name},
                    {"description", s.description},
                    {"size", s.size},
                    {"share", s.share},
                    {"feature_means", means},
                    {"profiles", profiles},
                    {"categories", cats},
                    {"kpis", KpisToJson(s.kpis)}});
  }
  j["segments"] = segs;
  j["warnings"] = r.warnings;
  return j;
}

nlohmann::json ModelToJson(const SegmentResult& r) {
  nlohmann::json centroids = nlohmann::json::array();
  const size_t d = r.feature_names.size();
  for (int c = 0; c < r.k; ++c) {
    nlohmann::json row = nlohmann::json::array();
    for (size_t j = 0; j < d; ++j) row.push_back(r.centroids[static_cast<size_t>(c) * d + j]);
    centroids.push_back(row);
  }
  nlohmann::json segs = nlohmann::json::array();
  for (const auto& s : r.segments) segs.push_back({{"id", s.id + 1}, {"name", s.name}, {"size", s.size}});
  nlohmann::json gmm = nullptr;
  if (r.gmm) {
    gmm = {{"covariance", std::string(CovarianceName(r.gmm->covariance))},
           {"weights", r.gmm->weights},
           {"covariances", r.gmm->covariances},
           {"bic", r.gmm->bic},
           {"log_likelihood", r.gmm->log_likelihood}};
  }
  nlohmann::json mixed = nullptr;
  if (r.method == "mixed") mixed = {{"categorical", r.categorical}, {"modes", r.modes}, {"gamma", r.gamma}};
  nlohmann::json j = {{"format", "segmenter-model"},
          {"gmm", gmm},
          {"mixed", mixed},
          {"version", kModelFormatVersion},
          {"method", r.method},
          {"k", r.k},
          {"seed", r.seed},
          {"preparation", PreparationToJson(r.preparation)},
          {"centroids", centroids},
          {"segments", segs},
          {"training", {{"rows", r.labels.size()}, {"inertia", r.inertia}}}};
  if (!r.id_column.empty()) j["id_column"] = r.id_column;
  return j;
}

std::string IdColumnName(const io::Table& table) {
  for (const auto& c : table.columns)
    if (c.type == io::ColumnType::kIdentifier) return c.name;
  return {};
}

nlohmann::json MethodModelToJson(const std::string& method, const std::vector<std::string>& names,
                                 const std::vector<size_t>& sizes, const nlohmann::json& body, const std::string& id_column) {
  nlohmann::json segs = nlohmann::json::array();
  for (size_t s = 0; s < names.size(); ++s) segs.push_back({{"id", s + 1}, {"name", names[s]}, {"size", s < sizes.size() ? sizes[s] : 0}});
  nlohmann::json j = {{"format", "segmenter-model"}, {"version", kModelFormatVersion}, {"method", method},
                      {"k", names.size()},          {"segments", segs},                 {method, body}};
  if (!id_column.empty()) j["id_column"] = id_column;
  return j;
}

namespace {

// Methods rules and rfm: k, the segment names (required) and the method's own part.
Result<Model> MethodModelFromJson(const nlohmann::json& j, Model m) {
  auto bad = [](const std::string& what) {
    return MakeError("model.invalid", "This is not a valid Segmenter model: " + what + ".",
                     "Export the model again from Segmenter (segment --model MODEL.json); hand-edited models must keep every field.");
  };
  auto body = j.find(m.method);
  if (body == j.end()) return bad("a " + m.method + " model needs its \"" + m.method + "\" part");
  size_t groups = 0;
  if (m.method == "rules") {
    auto r = RulesModelFromJson(*body);
    if (!r.ok()) return r.error();
    groups = r->groups.size();
    m.rules = std::move(r.value());
  } else {
    auto r = RfmModelFromJson(*body);
    if (!r.ok()) return r.error();
    groups = r->map.names.size();
    m.rfm = std::move(r.value());
  }
  auto k = j.find("k");
  if (k == j.end() || !k->is_number_integer() || k->get<long long>() != static_cast<long long>(groups))
    return bad("\"k\" must equal the number of segments (" + std::to_string(groups) + ")");
  m.k = static_cast<int>(groups);
  auto segs = j.find("segments");
  if (segs == j.end() || !segs->is_array() || segs->size() != groups) return bad("\"segments\" must name all " + std::to_string(groups) + " segments");
  for (const auto& s : *segs) {
    if (!s.is_object() || StringField(s, "name").empty()) return bad("every segment needs a name");
    m.names.push_back(StringField(s, "name"));
  }
  return m;
}

}  // namespace

namespace {

Result<Model> ComputedModelFromJson(const nlohmann::json& j) {
  auto bad = [](const std::string& what) {
    return MakeError("model.invalid", "This is not a valid Segmenter model: " + what + ".",
                     "Export the model again from Segmenter (segment --model MODEL.json); hand-edited models must keep every field.");
  };
  if (!j.is_object()) return bad("expected a JSON object");
  if (StringField(j, "format") != "segmenter-model") return bad("\"format\" is not \"segmenter-model\"");
  auto v = j.find("version");
  if (v == j.end() || !v->is_number_integer()) return bad("\"version\" is missing");
  if (v->is_number_unsigned() ? v->get<uint64_t>() > static_cast<uint64_t>(kModelEditsFormatVersion)
                              : v->get<long long>() > kModelEditsFormatVersion) {
    return MakeError("model.future_version",
                     "This model was saved by a newer Segmenter (format version " + v->dump() +
                         "); this version reads up to " + std::to_string(kModelEditsFormatVersion) + ".",
                     "Update Segmenter, or export the model again with this version.");
  }
  if (v->get<long long>() < 1) return bad("\"version\" must be 1 or more");
  Model m;
  m.source = j;
  m.method = StringField(j, "method");
  m.id_column = StringField(j, "id_column");
  if (m.method == "kmeans-minibatch") m.method = "kmeans";
  if (m.method == "rules" || m.method == "rfm") return MethodModelFromJson(j, std::move(m));
  if (m.method != "kmeans" && m.method != "gmm" && m.method != "mixed") return bad("method \"" + m.method + "\" cannot be applied by this version");
  auto k = j.find("k");
  if (k == j.end() || !k->is_number_integer() || k->get<long long>() < 1 || k->get<long long>() > 1000)
    return bad("\"k\" must be a whole number from 1 to 1000");
  m.k = static_cast<int>(k->get<long long>());
  auto prep_it = j.find("preparation");
  const bool no_numeric = m.method == "mixed" && prep_it != j.end() && prep_it->is_array() && prep_it->empty();
  if (!no_numeric) {
    auto prep = PreparationFromJson(prep_it != j.end() ? *prep_it : nlohmann::json());
    if (!prep.ok()) return prep.error();
    m.preparation = std::move(prep.value());
  }
  const size_t d = m.preparation.size();
  auto cen = j.find("centroids");
  if (cen == j.end() || !cen->is_array() || cen->size() != static_cast<size_t>(m.k))
    return bad("\"centroids\" must hold k = " + std::to_string(m.k) + " rows");
  for (const auto& row : *cen) {
    if (!row.is_array() || row.size() != d) return bad("every centroid must have " + std::to_string(d) + " numbers");
    for (const auto& x : row) {
      // Distances are computed in 32-bit floats: a centroid beyond 1e30 would overflow them and
      // silently send every row to one segment.
      if (!x.is_number() || !std::isfinite(x.get<double>()) || std::abs(x.get<double>()) > 1e30)
        return bad("centroids must be finite numbers (at most 1e30 in size)");
      m.centroids.push_back(x.get<double>());
    }
  }
  if (m.method == "gmm") {
    auto g = j.find("gmm");
    if (g == j.end() || !g->is_object()) return bad("a gmm model needs its \"gmm\" parameters");
    GmmModel gm;
    gm.k = m.k;
    gm.dim = d;
    const std::string cov = StringField(*g, "covariance");
    if (cov != "full" && cov != "diagonal") return bad("\"gmm.covariance\" must be \"full\" or \"diagonal\"");
    gm.covariance = cov == "full" ? Covariance::kFull : Covariance::kDiagonal;
    auto numbers = [&](const char* key, std::vector<double>& out, size_t want) {
      auto it = g->find(key);
      if (it == g->end() || !it->is_array() || it->size() != want) return false;
      for (const auto& x : *it) {
        if (!x.is_number() || !std::isfinite(x.get<double>())) return false;
        out.push_back(x.get<double>());
      }
      return true;
    };
    const size_t k = static_cast<size_t>(m.k);
    if (!numbers("weights", gm.weights, k)) return bad("\"gmm.weights\" must hold k finite numbers");
    if (!numbers("covariances", gm.covariances, gm.covariance == Covariance::kFull ? k * d * d : k * d))
      return bad("\"gmm.covariances\" has the wrong size for k and the features");
    gm.means = m.centroids;
    // Covariances must be usable: positive diagonal.
    for (size_t c = 0; c < k; ++c)
      for (size_t a = 0; a < d; ++a) {
        const double v = gm.covariance == Covariance::kFull ? gm.covariances[c * d * d + a * d + a] : gm.covariances[c * d + a];
        if (!(v > 0)) return bad("\"gmm.covariances\" must have positive variances");
      }
    for (double w : gm.weights)
      if (!(w > 0)) return bad("\"gmm.weights\" must be positive");
    // Full covariances must be symmetric and positive definite (a Cholesky factor exists);
    // otherwise the densities are NaN and every row would silently land in segment 1.
    if (gm.covariance == Covariance::kFull) {
      std::vector<double> l(d * d);
      for (size_t c = 0; c < k; ++c) {
        const double* a = gm.covariances.data() + c * d * d;
        for (size_t r = 0; r < d; ++r)
          for (size_t q = 0; q < r; ++q)
            if (std::abs(a[r * d + q] - a[q * d + r]) > 1e-6 * (std::abs(a[r * d + q]) + std::abs(a[q * d + r]) + 1e-300))
              return bad("\"gmm.covariances\" must be symmetric");
        for (size_t r = 0; r < d; ++r)
          for (size_t q = 0; q <= r; ++q) {
            double sum = a[r * d + q];
            for (size_t t = 0; t < q; ++t) sum -= l[r * d + t] * l[q * d + t];
            if (r == q) {
              if (!(sum > 0) || !std::isfinite(sum)) return bad("\"gmm.covariances\" must be positive definite");
              l[r * d + r] = std::sqrt(sum);
            } else {
              l[r * d + q] = sum / l[q * d + q];
            }
          }
      }
    }
    m.gmm = std::move(gm);
  }
  if (m.method == "mixed") {
    auto mx = j.find("mixed");
    if (mx == j.end() || !mx->is_object()) return bad("a mixed model needs its \"mixed\" parameters");
    auto cats = mx->find("categorical");
    auto modes = mx->find("modes");
    auto gamma = mx->find("gamma");
    if (cats == mx->end() || !cats->is_array() || cats->empty()) return bad("\"mixed.categorical\" must list columns");
    for (const auto& c : *cats) {
      if (!c.is_string()) return bad("\"mixed.categorical\" must hold column names");
      m.categorical.push_back(c.get<std::string>());
    }
    if (modes == mx->end() || !modes->is_array() || modes->size() != static_cast<size_t>(m.k)) return bad("\"mixed.modes\" must hold k rows");
    for (const auto& row : *modes) {
      if (!row.is_array() || row.size() != m.categorical.size()) return bad("every mode row needs one level per categorical column");
      std::vector<std::string> levels;
      for (const auto& l : row) {
        if (!l.is_string()) return bad("modes must be level names");
        levels.push_back(l.get<std::string>());
      }
      m.modes.push_back(std::move(levels));
    }
    if (gamma == mx->end() || !gamma->is_number() || !(gamma->get<double>() >= 0)) return bad("\"mixed.gamma\" must be a number of 0 or more");
    m.gamma = gamma->get<double>();
  }
  auto segs = j.find("segments");
  for (int c = 0; c < m.k; ++c) m.names.push_back("Segment " + std::to_string(c + 1));
  if (segs != j.end() && segs->is_array()) {
    for (size_t c = 0; c < segs->size() && c < static_cast<size_t>(m.k); ++c) {
      const auto& s = (*segs)[c];
      if (s.is_object() && !StringField(s, "name").empty()) m.names[c] = StringField(s, "name");
    }
  }
  return m;
}

}  // namespace

Result<Model> ModelFromJson(const nlohmann::json& j) {
  auto m = ComputedModelFromJson(j);
  if (!m.ok() || !j.contains("edits")) return m;
  if (auto st = ReadModelEdits(j, m.value()); !st.ok()) return st.error();
  return m;
}

Result<Model> ParseModel(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return MakeError("model.not_json", "The model file is not valid JSON.",
                     "Choose the MODEL.json that `segmenter segment --model` or the app wrote.");
  }
  return ModelFromJson(j);
}

static Result<std::vector<int32_t>> ApplyComputedModel(const Model& model, const io::Table& table);

Result<std::vector<int32_t>> ApplyModel(const Model& model, const io::Table& table) {
  auto labels = ApplyComputedModel(model, table);
  if (labels.ok() && !model.label_map.empty())
    for (int32_t& l : labels.value())
      if (l >= 0 && static_cast<size_t>(l) < model.label_map.size()) l = model.label_map[static_cast<size_t>(l)];
  return labels;
}

static Result<std::vector<int32_t>> ApplyComputedModel(const Model& model, const io::Table& table) {
  if (model.rules) return ApplyRules(*model.rules, table);
  if (model.rfm) return ApplyRfm(*model.rfm, table);
  FeatureMatrix empty;
  empty.rows = table.rows;
  auto m = model.preparation.empty() ? Result<FeatureMatrix>(empty) : ApplyPreparation(table, model.preparation);
  if (!m.ok()) return m.error();
  const FeatureMatrix& x = m.value();
  if (model.method == "mixed") {
    // Level strings -> per-column codes; a level the model never saw matches no mode.
    const size_t cd = model.categorical.size();
    KPrototypesModel kp;
    kp.k = model.k;
    kp.num_dim = x.cols;
    kp.cat_dim = cd;
    kp.gamma = model.gamma;
    kp.means = model.centroids;
    std::vector<uint32_t> row_codes(table.rows * cd);
    for (size_t j = 0; j < cd; ++j) {
      const int c = table.FindColumn(model.categorical[j]);
      if (c < 0) {
        Error e = MakeError("apply.missing_column", "The model needs column \"" + model.categorical[j] + "\", which this file lacks.",
                            "Use a file with the same columns as the one the model was trained on.");
        e.column_name = model.categorical[j];
        return e;
      }
      const io::Column& col = table.columns[static_cast<size_t>(c)];
      std::map<std::string, uint32_t> index;  // model's mode levels -> small codes
      for (int p = 0; p < model.k; ++p) index.emplace(model.modes[static_cast<size_t>(p)][j], static_cast<uint32_t>(index.size()));
      const uint32_t unseen = static_cast<uint32_t>(index.size());
      for (int p = 0; p < model.k; ++p) kp.modes.push_back(index[model.modes[static_cast<size_t>(p)][j]]);
      for (size_t i = 0; i < table.rows; ++i) {
        const std::string level(col.Level(i));  // "" when missing, as in the training modes
        auto it = index.find(level);
        row_codes[i * cd + j] = it == index.end() ? unseen : it->second;
      }
    }
    // modes were pushed column-major above; reorder to k x cd.
    std::vector<uint32_t> modes(static_cast<size_t>(model.k) * cd);
    for (size_t j = 0; j < cd; ++j)
      for (int p = 0; p < model.k; ++p) modes[static_cast<size_t>(p) * cd + j] = kp.modes[j * static_cast<size_t>(model.k) + static_cast<size_t>(p)];
    kp.modes = std::move(modes);
    std::vector<int32_t> labels(table.rows);
    for (size_t i = 0; i < table.rows; ++i)
      labels[i] = NearestPrototype(kp, x.cols ? x.Row(i) : nullptr, row_codes.data() + i * cd);
    return labels;
  }
  if (model.gmm) {
    std::vector<int32_t> labels = PredictGmm(*model.gmm, x.x.data(), x.rows);
    if (labels.size() != x.rows) return MakeError("model.invalid", "The Gaussian mixture in this model cannot be evaluated.");
    return labels;
  }
  // The same float distances as the fit (and as the SQL export): kmeans.hpp SquaredDistance.
  std::vector<float> c(model.centroids.begin(), model.centroids.end());
  std::vector<int32_t> labels(x.rows);
  std::vector<float> best(x.rows);
  NearestCentroids(x.x.data(), x.cols, nullptr, x.rows, c.data(), model.k, labels.data(), best.data(), nullptr);
  return labels;
}

}  // namespace seg::analysis
