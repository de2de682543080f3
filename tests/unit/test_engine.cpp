// Preparation options, automatic k, KPIs, profiles and saved models, on generated data with known
// structure and on the shipped demo base.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "seg/analysis/autok.hpp"
#include "seg/analysis/kpi.hpp"
#include "seg/analysis/pca.hpp"
#include "seg/analysis/prep.hpp"
#include "seg/analysis/quality.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/rng.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

io::Column Numeric(std::string name, std::vector<double> values) {
  io::Column c;
  c.name = std::move(name);
  c.type = io::ColumnType::kNumeric;
  c.values = std::move(values);
  std::set<double> distinct;
  c.min = INFINITY;
  c.max = -INFINITY;
  for (double v : c.values) {
    if (std::isnan(v)) {
      ++c.missing;
      continue;
    }
    distinct.insert(v);
    c.min = std::min(c.min, v);
    c.max = std::max(c.max, v);
  }
  c.distinct = distinct.size();
  c.constant = c.distinct <= 1;
  return c;
}

// k well separated blobs in d dimensions; truth labels returned.
std::vector<float> Blobs(int k, size_t per, size_t d, uint64_t seed, std::vector<int32_t>* truth) {
  Rng rng(seed);
  std::vector<float> x;
  for (int c = 0; c < k; ++c)
    for (size_t i = 0; i < per; ++i) {
      for (size_t j = 0; j < d; ++j) x.push_back(static_cast<float>(10.0 * ((c >> j) & 1) + 6.0 * c * (j == 0) + rng.Normal()));
      truth->push_back(c);
    }
  return x;
}

const io::Dataset& Demo() {
  static io::Dataset d = std::move(io::ReadCsv(demo::GenerateDemoCustomersCsv({})).value());
  return d;
}

}  // namespace

TEST_CASE("Quality indices rank a true partition above a random one", "[engine][quality]") {
  std::vector<int32_t> truth;
  auto x = Blobs(4, 200, 3, 1, &truth);
  QualityScores good = ScoreClustering(x.data(), truth.size(), 3, truth, 4);
  std::vector<int32_t> shuffled(truth.size());
  Rng rng(3);
  for (auto& l : shuffled) l = static_cast<int32_t>(rng.Below(4));
  QualityScores bad = ScoreClustering(x.data(), truth.size(), 3, shuffled, 4);
  CHECK(good.silhouette > 0.6);
  CHECK(std::fabs(bad.silhouette) < 0.05);
  CHECK(good.calinski_harabasz > 10 * bad.calinski_harabasz);
  CHECK(good.davies_bouldin < bad.davies_bouldin);
  CHECK(good.min_share == Approx(0.25));
  CHECK(good.silhouette_sample == 800);
  CHECK(AdjustedRandIndex(truth, truth) == Approx(1.0));
  CHECK(std::fabs(AdjustedRandIndex(truth, shuffled)) < 0.02);
  // Relabelled partitions are the same partition.
  std::vector<int32_t> relabelled(truth.size());
  for (size_t i = 0; i < truth.size(); ++i) relabelled[i] = 3 - truth[i];
  CHECK(AdjustedRandIndex(truth, relabelled) == Approx(1.0));
}

TEST_CASE("Automatic k finds the number of blobs and explains it", "[engine][autok]") {
  for (int k_true : {3, 5}) {
    std::vector<int32_t> truth;
    auto x = Blobs(k_true, 150, 3, 7 + k_true, &truth);
    AutoKOptions o;
    o.k_min = 2;
    o.k_max = 8;
    auto r = ChooseK(x.data(), truth.size(), 3, o);
    REQUIRE(r.ok());
    CHECK(r->scores.size() == 7);
    CHECK(r->recommended == k_true);
    CHECK(r->explanation.find("k = " + std::to_string(k_true)) == 0);
    CHECK(r->explanation.find("silhouette") != std::string::npos);
    for (const auto& s : r->scores) {
      CHECK(std::isfinite(s.quality.silhouette));
      CHECK(s.stability <= 1.0 + 1e-9);
    }
  }
}

TEST_CASE("Automatic k respects the minimum segment share", "[engine][autok]") {
  // Two big blobs and one tiny one (1%): with min_share 5%, k = 3 is not acceptable.
  std::vector<int32_t> truth;
  Rng rng(5);
  std::vector<float> x;
  auto blob = [&](double cx, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      x.push_back(static_cast<float>(cx + rng.Normal()));
      x.push_back(static_cast<float>(rng.Normal()));
    }
  };
  blob(0, 500);
  blob(12, 500);
  blob(40, 10);
  AutoKOptions o;
  o.k_min = 2;
  o.k_max = 4;
  o.min_share = 0.05;
  auto r = ChooseK(x.data(), 1010, 2, o);
  REQUIRE(r.ok());
  for (const auto& s : r->scores)
    if (s.k >= 3) CHECK_FALSE(s.eligible);
  CHECK(r->recommended == 2);
}

TEST_CASE("Automatic k rejects impossible ranges", "[engine][autok]") {
  std::vector<float> x = {0, 1, 2, 3};
  AutoKOptions o;
  o.k_min = 5;
  o.k_max = 3;
  CHECK_FALSE(ChooseK(x.data(), 4, 1, o).ok());
  o.k_min = 5;
  o.k_max = 8;
  auto r = ChooseK(x.data(), 4, 1, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "autok.too_few_rows");
  o.k_min = 2;
  o.k_max = 500;
  CHECK(ChooseK(x.data(), 4, 1, o).error().code == "autok.range_too_large");
}

TEST_CASE("Preparation: log1p for skewed columns, robust and min-max scaling, clipping, weights", "[engine][prep]") {
  Rng rng(11);
  std::vector<double> skewed, symmetric, negative;
  for (int i = 0; i < 1000; ++i) {
    skewed.push_back(std::exp(2.0 + 1.5 * rng.Normal()));  // log-normal revenue
    symmetric.push_back(50 + 10 * rng.Normal());
    negative.push_back(std::exp(rng.Normal()) - 3);  // skewed but with negatives
  }
  skewed[3] = NAN;
  io::Table t;
  t.rows = 1000;
  t.columns = {Numeric("revenue", skewed), Numeric("age", symmetric), Numeric("balance", negative)};
  std::vector<std::string> notes;
  auto m = PrepareFeatures(t, {}, &notes);
  REQUIRE(m.ok());
  CHECK(m->features[0].log1p);
  CHECK(m->features[0].skewness > 1.0);
  CHECK_FALSE(m->features[1].log1p);
  CHECK_FALSE(m->features[2].log1p);  // negative values: never logged
  bool noted = false;
  for (const auto& n : notes) noted |= n.find("'balance' is skewed but has negative values") != std::string::npos;
  CHECK(noted);
  // The imputed row gets exactly the transformed median.
  CHECK(m->x[3 * 3 + 0] == Approx(m->features[0].Transform(m->features[0].impute)));

  PrepOptions robust;
  robust.scaling = Scaling::kRobust;
  robust.log_auto = false;
  auto r = PrepareFeatures(t, {"age"}, nullptr, robust);
  REQUIRE(r.ok());
  std::vector<float> col(r->x.begin(), r->x.end());
  std::sort(col.begin(), col.end());
  CHECK(col[500] == Approx(0.0).margin(0.01));  // median -> 0

  PrepOptions minmax;
  minmax.scaling = Scaling::kMinMax;
  minmax.log_auto = false;
  minmax.clip_quantile = 0.01;
  minmax.weights = {{"age", 2.0}};
  auto mm = PrepareFeatures(t, {"age"}, nullptr, minmax);
  REQUIRE(mm.ok());
  const auto [lo, hi] = std::minmax_element(mm->x.begin(), mm->x.end());
  CHECK(*lo == Approx(0.0).margin(1e-6));
  CHECK(*hi == Approx(2.0).margin(1e-5));  // weight 2 on a 0..1 range
  CHECK(std::isfinite(mm->features[0].clip_lo));

  PrepOptions bad_log;
  bad_log.log_auto = false;
  bad_log.log_columns = {"no_such"};
  CHECK(PrepareFeatures(t, {}, nullptr, bad_log).error().code == "prep.no_such_column");
  PrepOptions bad_weight;
  bad_weight.weights = {{"age", -1.0}};
  CHECK(PrepareFeatures(t, {}, nullptr, bad_weight).error().code == "prep.bad_weight");
}

TEST_CASE("KPI columns are recognised on the demo base", "[engine][kpi]") {
  const io::Table& t = Demo().table;
  auto kpis = DetectKpis(t);
  std::map<std::string, std::string> by_kind;
  for (const auto& k : kpis) by_kind[std::string(KpiKindName(k.kind))] = k.name;
  CHECK(by_kind["revenue"] == "mrr_eur");
  CHECK(by_kind["margin"] == "gross_margin_pct");
  CHECK(by_kind["churn"] == "churned");
  CHECK(by_kind["nps"] == "nps");
  CHECK(by_kind["renewal"] == "renewed");
  CHECK(by_kind["tenure"] == "contract_start");
  CHECK(by_kind.count("conversion") == 0);
}

TEST_CASE("KPI values are exact on a small table", "[engine][kpi]") {
  io::Table t;
  t.rows = 6;
  t.columns = {Numeric("umsatz", {100, 200, 300, 400, 500, 600}), Numeric("churned", {1, 0, 0, 0, 1, 1}),
               Numeric("nps", {10, 9, 3, 7, 0, NAN})};
  std::vector<int32_t> labels = {0, 0, 0, 1, 1, 1};
  auto kpis = DetectKpis(t);
  REQUIRE(kpis.size() == 3);
  auto v = ComputeKpis(t, labels, 2, kpis);
  auto get = [&](int s, const std::string& key) {
    for (const auto& x : v[static_cast<size_t>(s)])
      if (x.key == key) return x;
    return KpiValue{};
  };
  CHECK(get(0, "revenue_sum").value == 600);
  CHECK(get(1, "revenue_share").value == Approx(1500.0 / 2100 * 100));
  CHECK(get(1, "revenue_mean").value == 500);
  CHECK(get(0, "churn_rate").value == Approx(100.0 / 3));
  CHECK(get(1, "churn_rate").overall == 50);
  CHECK(get(0, "nps").value == Approx((2 - 1) / 3.0 * 100));  // promoters 10, 9; detractor 3
  CHECK(get(1, "nps").value == Approx((0 - 1) / 2.0 * 100));  // 7 passive, 0 detractor, one missing
}

TEST_CASE("The demo base: automatic k finds its five latent segments, with profiles and KPIs", "[engine][demo]") {
  SegmentParams p;
  p.auto_k = true;
  auto r = RunSegmentation(Demo().table, p);
  REQUIRE(r.ok());
  REQUIRE(r->auto_k.has_value());
  CHECK(r->k == 5);
  CHECK(r->auto_k->recommended == 5);
  CHECK(r->quality.silhouette > 0.4);
  std::set<std::string> names;
  size_t total = 0;
  for (const auto& s : r->segments) {
    names.insert(s.name);
    total += s.size;
    CHECK(s.share > 0.05);
    CHECK_FALSE(s.description.empty());
    CHECK(s.kpis.size() >= 8);
  }
  CHECK(names.size() == 5);
  CHECK(total == 5000);
  // The enterprise-like segment (most employees) carries the largest revenue share.
  const SegmentSummary* big = nullptr;
  for (const auto& s : r->segments)
    for (const auto& f : s.features)
      if (f.name == "employees" && (!big || f.mean > big->features[0].mean)) big = &s;
  REQUIRE(big);
  double big_share = 0, max_share = 0;
  for (const auto& s : r->segments)
    for (const auto& k : s.kpis)
      if (k.key == "revenue_share") {
        max_share = std::max(max_share, k.value);
        if (&s == big) big_share = k.value;
      }
  CHECK(big_share == max_share);
  // The report carries the contract keys.
  nlohmann::json j = ReportToJson(r.value());
  for (const char* key : {"k", "method", "segments", "quality", "k_scores", "recommendation", "features"}) CHECK(j.contains(key));
  CHECK(j["k_scores"].size() == 9);
  CHECK(j["recommendation"]["k"] == 5);
  CHECK(j["segments"][0].contains("kpis"));
  CHECK(j["segments"][0]["kpis"].contains("churn_rate"));
}

TEST_CASE("A saved model applied to its training file gives the training labels", "[engine][model]") {
  SegmentParams p;
  p.k = 4;
  p.seed = 3;
  p.prep.clip_quantile = 0.01;
  auto r = RunSegmentation(Demo().table, p);
  REQUIRE(r.ok());
  const std::string text = ModelToJson(r.value()).dump();
  auto model = ParseModel(text);
  REQUIRE(model.ok());
  CHECK(model->k == 4);
  CHECK(model->names[0] == r->segments[0].name);
  auto labels = ApplyModel(model.value(), Demo().table);
  REQUIRE(labels.ok());
  CHECK(labels.value() == r->labels);
}

TEST_CASE("Broken, foreign and future models are refused with a reason", "[engine][model]") {
  CHECK(ParseModel("not json").error().code == "model.not_json");
  CHECK(ParseModel("[]").error().code == "model.invalid");
  CHECK(ParseModel(R"({"format":"other"})").error().code == "model.invalid");
  CHECK(ParseModel(R"({"format":"segmenter-model","version":99,"method":"kmeans"})").error().code == "model.future_version");
  // Type confusion must not throw (a throw aborts the wasm module).
  CHECK_FALSE(ParseModel(R"({"format":7,"version":"1"})").ok());
  SegmentParams p;
  p.k = 3;
  auto r = RunSegmentation(Demo().table, p);
  REQUIRE(r.ok());
  nlohmann::json j = ModelToJson(r.value());
  nlohmann::json broken = j;
  broken["centroids"][1].erase(0);
  CHECK(ModelFromJson(broken).error().code == "model.invalid");
  broken = j;
  broken["preparation"][0]["scale"] = 0;
  CHECK(ModelFromJson(broken).error().code == "model.bad_preparation");
  broken = j;
  broken["centroids"][0][0] = "x";
  CHECK_FALSE(ModelFromJson(broken).ok());
  broken = j;
  broken["k"] = 2;
  CHECK_FALSE(ModelFromJson(broken).ok());
  // A file without one of the model's columns.
  io::Table t;
  t.rows = 1;
  t.columns = {Numeric("mrr_eur", {1.0})};
  auto model = ModelFromJson(j);
  REQUIRE(model.ok());
  auto applied = ApplyModel(model.value(), t);
  REQUIRE_FALSE(applied.ok());
  CHECK(applied.error().code == "apply.missing_column");
}

TEST_CASE("Mixed data: k-prototypes finds groups that only the categorical columns reveal", "[engine][mixed]") {
  // Three groups that differ in industry and plan; the numeric column is the same noise for all.
  Rng rng(21);
  const char* industries[3] = {"Retail", "Software", "Energy"};
  const char* plans[3] = {"Starter", "Professional", "Enterprise"};
  io::Table t;
  t.rows = 600;
  io::Column industry, plan;
  industry.name = "industry";
  plan.name = "plan";
  industry.type = plan.type = io::ColumnType::kCategorical;
  industry.levels = {"Retail", "Software", "Energy"};
  plan.levels = {"Starter", "Professional", "Enterprise"};
  std::vector<double> noise;
  std::vector<int32_t> truth;
  for (size_t i = 0; i < t.rows; ++i) {
    const uint32_t g = static_cast<uint32_t>(i % 3);
    // 90% of the rows carry their group's levels.
    industry.codes.push_back(rng.Uniform() < 0.9 ? g : static_cast<uint32_t>(rng.Below(3)));
    plan.codes.push_back(rng.Uniform() < 0.9 ? g : static_cast<uint32_t>(rng.Below(3)));
    noise.push_back(50 + 10 * rng.Normal());
    truth.push_back(static_cast<int32_t>(g));
  }
  industry.codes[5] = io::Column::kMissingCode;
  industry.missing = 1;
  industry.distinct = plan.distinct = 3;
  t.columns = {Numeric("visits", noise), industry, plan};
  (void)industries;
  (void)plans;
  SegmentParams p;
  p.method = Method::kMixed;
  p.k = 3;
  p.gamma = 2.0;  // categorical agreement matters more than the noise
  auto r = RunSegmentation(t, p);
  REQUIRE(r.ok());
  CHECK(r->method == "mixed");
  CHECK(AdjustedRandIndex(r->labels, truth) > 0.6);
  REQUIRE(r->modes.size() == 3);
  std::set<std::string> mode_industries;
  for (const auto& m : r->modes) mode_industries.insert(m[0]);
  CHECK(mode_industries.size() == 3);
  // The saved model reproduces the labels, also with a level it never saw.
  auto model = ModelFromJson(ModelToJson(r.value()));
  REQUIRE(model.ok());
  auto labels = ApplyModel(model.value(), t);
  REQUIRE(labels.ok());
  CHECK(labels.value() == r->labels);
  t.columns[1].levels.push_back("Healthcare");
  t.columns[1].codes[0] = 3;
  CHECK(ApplyModel(model.value(), t).ok());
  // Errors.
  p.categorical = {"visits"};
  CHECK(RunSegmentation(t, p).error().code == "prep.not_categorical");
  p.categorical.clear();
  p.auto_k = true;
  CHECK(RunSegmentation(t, p).error().code == "segment.auto_k_mixed");
}

namespace {
std::optional<io::Dataset> SharedCsv(const std::string& rel) {
  std::ifstream f(std::string(SEG_DATASETS_DIR) + "/" + rel, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  auto d = io::ReadCsv(ss.str());
  if (!d.ok()) return std::nullopt;
  return std::move(d.value());
}
std::vector<int32_t> Codes(const io::Column& c) {
  std::vector<int32_t> out;
  for (size_t i = 0; i < c.codes.size(); ++i) out.push_back(static_cast<int32_t>(c.codes[i]));
  for (size_t i = 0; i < c.values.size(); ++i) out.push_back(static_cast<int32_t>(c.values[i]));
  return out;
}
}  // namespace

TEST_CASE("Wine: k-means and Gaussian mixtures recover the three cultivars", "[engine][shared]") {
  auto d = SharedCsv("wine/wine_named.csv");
  if (!d) {
    WARN("skipped: ../shared/datasets/wine/wine_named.csv not found (only in the dev setup)");
    return;
  }
  REQUIRE(d->table.rows == 178);
  const auto truth = Codes(d->table.columns[static_cast<size_t>(d->table.FindColumn("class"))]);
  SegmentParams p;
  p.k = 3;
  p.prep.log_auto = false;  // the classic z-scored setting (scikit-learn: ARI 0.897)
  auto km = RunSegmentation(d->table, p);
  REQUIRE(km.ok());
  CHECK(km->feature_names.size() == 13);
  CHECK(AdjustedRandIndex(km->labels, truth) > 0.85);
  p.auto_k = true;
  auto autok = RunSegmentation(d->table, p);
  REQUIRE(autok.ok());
  CHECK(autok->k == 3);
  p.auto_k = false;
  p.method = Method::kGmm;
  p.covariance = Covariance::kDiagonal;
  auto gmm = RunSegmentation(d->table, p);
  REQUIRE(gmm.ok());
  CHECK(AdjustedRandIndex(gmm->labels, truth) > 0.8);
}

TEST_CASE("Wholesale: log-scaled spend separates the Horeca and Retail channels", "[engine][shared]") {
  auto d = SharedCsv("wholesale/Wholesale customers data.csv");
  if (!d) {
    WARN("skipped: ../shared/datasets/wholesale not found (only in the dev setup)");
    return;
  }
  REQUIRE(d->table.rows == 440);
  const int channel = d->table.FindColumn("Channel");
  REQUIRE(channel >= 0);
  const auto truth = Codes(d->table.columns[static_cast<size_t>(channel)]);
  SegmentParams p;
  p.k = 2;
  p.features = {"Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"};
  auto logged = RunSegmentation(d->table, p);  // log1p chosen automatically (all six are skewed)
  REQUIRE(logged.ok());
  for (const auto& f : logged->preparation) CHECK(f.log1p);
  p.prep.log_auto = false;
  auto raw = RunSegmentation(d->table, p);
  REQUIRE(raw.ok());
  const double ari_log = AdjustedRandIndex(logged->labels, truth), ari_raw = AdjustedRandIndex(raw->labels, truth);
  INFO("ARI with log1p " << ari_log << ", without " << ari_raw);
  CHECK(ari_log > 0.4);
  CHECK(ari_log > ari_raw);
}

TEST_CASE("Categorical features are one-hot encoded with rare levels folded and the weight capped", "[engine][prep]") {
  io::Table t;
  t.rows = 1000;
  io::Column industry;
  industry.name = "industry";
  industry.type = io::ColumnType::kCategorical;
  // 12 levels: the 10 frequent ones, one at 0.5% (folded into other), one beyond the top 10.
  for (int l = 0; l < 12; ++l) industry.levels.push_back("L" + std::to_string(l));
  for (size_t i = 0; i < t.rows; ++i) {
    uint32_t code = static_cast<uint32_t>(i % 10);
    if (i % 200 == 7) code = 10;  // 0.5%
    industry.codes.push_back(code);
  }
  industry.codes[3] = io::Column::kMissingCode;
  industry.missing = 1;
  industry.distinct = 11;
  Rng rng(2);
  std::vector<double> revenue;
  for (size_t i = 0; i < t.rows; ++i) revenue.push_back(100 + 10 * rng.Normal());
  t.columns = {Numeric("revenue", revenue), industry};
  PrepOptions o;
  o.log_auto = false;
  auto m = PrepareFeatures(t, {"revenue", "industry"}, nullptr, o);
  REQUIRE(m.ok());
  REQUIRE(m->cols == 1 + 10 + 1);  // revenue, 10 levels, other
  CHECK(m->features[11].name == "industry=other");
  CHECK(m->features[11].other);
  // The indicators of one column weigh as much as one numeric feature: total variance ~1.
  double total = 0;
  for (size_t j = 1; j < m->cols; ++j) {
    double mean = 0, sq = 0;
    for (size_t i = 0; i < t.rows; ++i) mean += m->x[i * m->cols + j];
    mean /= static_cast<double>(t.rows);
    for (size_t i = 0; i < t.rows; ++i) sq += (m->x[i * m->cols + j] - mean) * (m->x[i * m->cols + j] - mean);
    total += sq / static_cast<double>(t.rows);
  }
  CHECK(total == Approx(1.0).margin(0.01));
  // A missing level counts as the most frequent level.
  const std::string mode = m->features[1].mode;
  for (size_t j = 1; j < 11; ++j) {
    const bool is_mode = m->features[j].levels[0] == mode;
    const float v = m->x[3 * m->cols + j];
    CHECK((v > 0) == is_mode);
  }
  // Saved and applied: the same labels; an unseen level lands in "other".
  SegmentParams p;
  p.k = 3;
  p.features = {"revenue", "industry"};
  auto r = RunSegmentation(t, p);
  REQUIRE(r.ok());
  auto model = ModelFromJson(ModelToJson(r.value()));
  REQUIRE(model.ok());
  auto labels = ApplyModel(model.value(), t);
  REQUIRE(labels.ok());
  CHECK(labels.value() == r->labels);
  t.columns[1].levels.push_back("Brand new");
  t.columns[1].codes[0] = 12;
  auto prepared = ApplyPreparation(t, model->preparation);
  REQUIRE(prepared.ok());
  CHECK(prepared->x[0 * prepared->cols + 11] > 0);  // other = 1
}

TEST_CASE("Mini-batch k-means matches full k-means on well separated data", "[engine][kmeans]") {
  std::vector<int32_t> truth;
  auto x = Blobs(5, 4000, 3, 17, &truth);
  KMeansOptions full;
  full.k = 5;
  full.n_init = 2;
  auto a = FitKMeans(x.data(), truth.size(), 3, full);
  KMeansOptions mb = full;
  mb.mini_batch = 256;
  mb.max_iter = 200;
  auto b = FitKMeans(x.data(), truth.size(), 3, mb);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(AdjustedRandIndex(b->labels, truth) > 0.95);
  CHECK(b->inertia <= a->inertia * 1.02);
  for (size_t s : b->sizes) CHECK(s > 0);
  // Deterministic too.
  auto c = FitKMeans(x.data(), truth.size(), 3, mb);
  CHECK(c->labels == b->labels);
}

TEST_CASE("Optional missing-value indicators", "[engine][prep]") {
  io::Table t;
  t.rows = 8;
  t.columns = {Numeric("nps", {9, NAN, 7, NAN, 10, 3, 8, NAN}), Numeric("mrr", {1, 2, 3, 4, 5, 6, 7, 8})};
  PrepOptions o;
  o.missing_indicators = true;
  o.log_auto = false;
  auto m = PrepareFeatures(t, {}, nullptr, o);
  REQUIRE(m.ok());
  REQUIRE(m->cols == 3);  // nps, nps missing, mrr (no gaps: no indicator)
  CHECK(m->features[1].name == "nps missing");
  CHECK(m->features[1].missing_indicator);
  CHECK(m->x[1 * 3 + 1] > 0);  // row 1 is missing
  CHECK(m->x[0 * 3 + 1] < 0);
  auto back = PreparationFromJson(PreparationToJson(m->features));
  REQUIRE(back.ok());
  auto again = ApplyPreparation(t, back.value());
  REQUIRE(again.ok());
  CHECK(again->x == m->x);
}

TEST_CASE("Scoring and the PCA projection run in bounded steps with the one-shot result", "[engine][quality][pca]") {
  // 300,000 rows x 3 features in 4 shifted blobs: several steps per pass.
  const size_t n = 300000, dim = 3;
  std::vector<float> x(n * dim);
  std::vector<int32_t> labels(n);
  Rng rng(11);
  for (size_t i = 0; i < n; ++i) {
    labels[i] = static_cast<int32_t>(i % 4);
    for (size_t j = 0; j < dim; ++j)
      x[i * dim + j] = static_cast<float>(rng.Uniform() + (j == static_cast<size_t>(labels[i]) % dim ? 3.0 * (labels[i] + 1) : 0.0));
  }
  QualityScorer scorer(x.data(), n, dim, labels, 4, 42, 1000);
  int steps = 0;
  double last = -1;
  while (scorer.Step()) {
    ++steps;
    CHECK(scorer.Progress() >= last);
    last = scorer.Progress();
  }
  CHECK(steps > 4);
  CHECK(scorer.Progress() == 1.0);
  const QualityScores stepped = scorer.Take();
  const QualityScores once = ScoreClustering(x.data(), n, dim, labels, 4, 42, 1000);
  CHECK(stepped.inertia == once.inertia);
  CHECK(stepped.silhouette == once.silhouette);
  CHECK(stepped.calinski_harabasz == once.calinski_harabasz);
  CHECK(stepped.davies_bouldin == once.davies_bouldin);
  CHECK(stepped.silhouette_sample == 1000);
  CHECK(stepped.silhouette > 0.5);

  Pca2Builder pca(x.data(), n, dim);
  steps = 0;
  while (pca.Step()) ++steps;
  CHECK(steps > 4);
  const PcaResult a = pca.Take();
  const PcaResult b = ComputePca2(x.data(), n, dim);
  CHECK(a.scores == b.scores);
  CHECK(a.loadings == b.loadings);
  CHECK(a.explained_variance_ratio == b.explained_variance_ratio);
  // Degenerate inputs finish at once.
  QualityScorer empty(x.data(), 0, dim, labels, 4);
  CHECK_FALSE(empty.Step());
  Pca2Builder none(x.data(), 0, dim);
  CHECK_FALSE(none.Step());
  CHECK(none.Take().components == 0);
}
