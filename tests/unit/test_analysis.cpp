// Scaling, k-means, PCA and the end-to-end segmentation on generated data with known structure.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "seg/analysis/kmeans.hpp"
#include "seg/analysis/pca.hpp"
#include "seg/analysis/prep.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/analysis/quality.hpp"
#include "seg/common/rng.hpp"
#include "seg/io/csv_reader.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

// Adjusted Rand index between two labelings (the core's implementation, tested in test_engine).
double AdjustedRand(const std::vector<int>& a, const std::vector<int>& b) {
  return AdjustedRandIndex(std::vector<int32_t>(a.begin(), a.end()), std::vector<int32_t>(b.begin(), b.end()));
}

io::Column NumericColumn(std::string name, std::vector<double> values) {
  io::Column c;
  c.name = std::move(name);
  c.type = io::ColumnType::kNumeric;
  c.values = std::move(values);
  std::map<double, int> distinct;
  for (double v : c.values) {
    if (std::isnan(v)) ++c.missing;
    else distinct[v]++;
  }
  c.distinct = distinct.size();
  c.constant = c.distinct <= 1;
  return c;
}

// Three well separated blobs in (revenue, visits, tenure) on very different scales.
struct Blobs {
  io::Table table;
  std::vector<int> truth;
};
Blobs MakeBlobs(size_t per_blob, uint64_t seed) {
  Rng rng(seed);
  const double centers[3][3] = {{200, 5, 12}, {5000, 40, 36}, {1200, 90, 3}};
  const double spread[3] = {60, 4, 2};
  std::vector<double> revenue, visits, tenure;
  Blobs b;
  for (int c = 0; c < 3; ++c) {
    for (size_t i = 0; i < per_blob; ++i) {
      revenue.push_back(centers[c][0] + spread[0] * rng.Normal());
      visits.push_back(centers[c][1] + spread[1] * rng.Normal());
      tenure.push_back(centers[c][2] + spread[2] * rng.Normal());
      b.truth.push_back(c);
    }
  }
  b.table.rows = revenue.size();
  b.table.columns.push_back(NumericColumn("revenue_eur", revenue));
  b.table.columns.push_back(NumericColumn("visits", visits));
  b.table.columns.push_back(NumericColumn("tenure_months", tenure));
  return b;
}

std::vector<int> ToInt(const std::vector<int32_t>& v) { return std::vector<int>(v.begin(), v.end()); }

}  // namespace

TEST_CASE("Rng is deterministic and roughly uniform", "[analysis][rng]") {
  Rng a(7), b(7), c(8);
  for (int i = 0; i < 100; ++i) REQUIRE(a.Next() == b.Next());
  CHECK(Rng(7).Next() != c.Next());
  Rng r(1);
  double sum = 0;
  size_t below[10] = {};
  for (int i = 0; i < 100000; ++i) {
    sum += r.Uniform();
    ++below[r.Below(10)];
  }
  CHECK(sum / 100000 == Approx(0.5).margin(0.01));
  for (size_t x : below) CHECK(x == Approx(10000).margin(400));
}

TEST_CASE("PrepareFeatures imputes medians and z-scores", "[analysis][prep]") {
  io::Table t;
  t.rows = 5;
  t.columns.push_back(NumericColumn("a", {1, 2, NAN, 4, 100}));
  t.columns.push_back(NumericColumn("constant", {3, 3, 3, 3, 3}));
  io::Column text;
  text.name = "city";
  text.type = io::ColumnType::kCategorical;
  text.codes = {0, 1, 0, 1, 0};
  text.levels = {"Berlin", "Wien"};
  t.columns.push_back(text);
  std::vector<std::string> notes;
  auto m = PrepareFeatures(t, {}, &notes);
  REQUIRE(m.ok());
  REQUIRE(m->cols == 1);
  CHECK(m->features[0].name == "a");
  CHECK(m->features[0].impute == 3.0);  // median of 1, 2, 4, 100
  CHECK(m->features[0].imputed == 1);
  double mean = 0, sq = 0;
  for (float v : m->x) mean += v;
  for (float v : m->x) sq += v * v;
  CHECK(mean / 5 == Approx(0).margin(1e-6));
  CHECK(sq / 5 == Approx(1).margin(1e-5));
  bool noted = false;
  for (auto& n : notes) noted |= n.find("'constant' is constant") != std::string::npos;
  CHECK(noted);

  auto unknown = PrepareFeatures(t, {"a", "revenue"}, nullptr);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == "prep.no_such_column");
  CHECK(unknown.error().message.find("revenue") != std::string::npos);
  auto categorical = PrepareFeatures(t, {"city"}, nullptr);  // one-hot encoded
  REQUIRE(categorical.ok());
  CHECK(categorical->cols == 2);
  CHECK(categorical->features[0].name == "city=Berlin");
  io::Column ids = text;
  ids.name = "customer_id";
  ids.type = io::ColumnType::kIdentifier;
  t.columns.push_back(ids);
  auto identifier = PrepareFeatures(t, {"customer_id"}, nullptr);
  REQUIRE_FALSE(identifier.ok());
  CHECK(identifier.error().code == "prep.not_numeric");
  t.columns.pop_back();
  auto constant = PrepareFeatures(t, {"constant"}, nullptr);
  REQUIRE_FALSE(constant.ok());
  CHECK(constant.error().code == "prep.constant_column");
  io::Table only_text;
  only_text.rows = 5;
  only_text.columns.push_back(text);
  auto none = PrepareFeatures(only_text, {}, nullptr);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "prep.no_features");
}

TEST_CASE("PrepareFeatures uses a free-text column asked for by its frequent values", "[analysis][prep]") {
  // 3,000 rows: "Newsletter" 50%, "Messe" 30%, then 600 one-off comments (0.03% each).
  io::Table t;
  t.rows = 3000;
  io::Column source;
  source.name = "Quelle";
  source.type = io::ColumnType::kText;
  source.levels = {"Newsletter", "Messe"};
  for (size_t i = 0; i < 600; ++i) source.levels.push_back("Kommentar " + std::to_string(i));
  for (size_t i = 0; i < t.rows; ++i) {
    const uint32_t code = i % 10 < 5 ? 0u : i % 10 < 8 ? 1u : static_cast<uint32_t>(2 + (i / 10) * 2 + (i % 10 == 9));
    source.codes.push_back(i == 7 ? io::Column::kMissingCode : code);
  }
  source.distinct = source.levels.size();
  source.missing = 1;
  t.columns.push_back(source);
  std::vector<std::string> notes;
  std::vector<Note> structured;
  auto m = PrepareFeatures(t, {"Quelle"}, &notes, {}, &structured);
  REQUIRE(m.ok());
  REQUIRE(m->cols == 3);  // Newsletter, Messe, other
  CHECK(m->features[0].name == "Quelle=Newsletter");
  CHECK(m->features[1].name == "Quelle=Messe");
  CHECK(m->features[2].other);
  CHECK(m->features[2].levels.size() == 200);  // listed for readers, capped
  bool noted = false;
  for (auto& n : notes) noted |= n.find("602 different values") != std::string::npos;
  CHECK(noted);
  REQUIRE(structured.size() == notes.size());
  CHECK(NoteText(structured.back(), Lang::kDe).find("602 verschiedene Werte") != std::string::npos);
  // Every row has exactly one indicator set: its own value, or "other" (also for values beyond the
  // 200 listed ones); the missing row counts as the most frequent value.
  for (size_t i = 0; i < t.rows; ++i) {
    int on = 0;
    for (size_t j = 0; j < 3; ++j) {
      const PreparedFeature& f = m->features[j];
      on += std::abs(m->Row(i)[j] * f.scale + f.center - 1.0) < 1e-4;
    }
    REQUIRE(on == 1);
  }
  const auto& f = m->features;
  auto value = [&](size_t row, size_t j) { return m->Row(row)[j] * f[j].scale + f[j].center; };
  CHECK(value(7, 0) == Approx(1).margin(1e-4));     // missing -> Newsletter
  CHECK(value(2999, 2) == Approx(1).margin(1e-4));  // comment 299 (beyond the listed 200) -> other
  // The same preparation applied again gives the same matrix.
  auto again = ApplyPreparation(t, m->features);
  REQUIRE(again.ok());
  CHECK(again->x == m->x);
  // Free text where no value is shared by 1% of the rows (3,000 different comments) cannot
  // separate anything: refused by name instead of becoming a constant "other" column.
  io::Column notes_col;
  notes_col.name = "Bemerkung";
  notes_col.type = io::ColumnType::kText;
  for (size_t i = 0; i < t.rows; ++i) {
    notes_col.levels.push_back("Anruf am " + std::to_string(i));
    notes_col.codes.push_back(static_cast<uint32_t>(i));
  }
  notes_col.distinct = t.rows;
  t.columns.push_back(notes_col);
  auto refused = PrepareFeatures(t, {"Quelle", "Bemerkung"}, nullptr);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "prep.no_frequent_values");
  CHECK(refused.error().column_name == "Bemerkung");
  CHECK(refused.error().message.find("3000 different values") != std::string::npos);
}

TEST_CASE("k-means recovers well separated blobs on differently scaled columns", "[analysis][kmeans]") {
  Blobs b = MakeBlobs(400, 3);
  SegmentParams p;
  p.k = 3;
  auto r = RunSegmentation(b.table, p);
  REQUIRE(r.ok());
  CHECK(r->k == 3);
  CHECK(r->labels.size() == 1200);
  CHECK(AdjustedRand(ToInt(r->labels), b.truth) > 0.99);
  for (const auto& s : r->segments) CHECK(s.size == 400);
  // Profiles are in original units: one segment's revenue mean is near 5000.
  bool found = false;
  for (const auto& s : r->segments)
    for (const auto& f : s.features)
      if (f.name == "revenue_eur" && std::fabs(f.mean - 5000) < 30) found = true;
  CHECK(found);
  // Names are unique and readable.
  std::set<std::string> names;
  for (const auto& s : r->segments) names.insert(s.name);
  CHECK(names.size() == 3);
  CHECK(names.count("Very high revenue, long tenure months") + names.count("Very high revenue, very long tenure months") == 1);  // a duration is long, not high
}

TEST_CASE("k-means is deterministic for a seed and restarts keep the lowest inertia", "[analysis][kmeans]") {
  Blobs b = MakeBlobs(300, 11);
  SegmentParams p;
  p.k = 5;  // more segments than blobs: the solution depends on seeding
  p.seed = 9;
  auto r1 = RunSegmentation(b.table, p);
  auto r2 = RunSegmentation(b.table, p);
  REQUIRE(r1.ok());
  REQUIRE(r2.ok());
  CHECK(r1->labels == r2->labels);
  CHECK(r1->inertia == r2->inertia);
  p.n_init = 1;
  double worst_single = 0;
  for (uint64_t s = 0; s < 6; ++s) {
    p.seed = s;
    auto one = RunSegmentation(b.table, p);
    REQUIRE(one.ok());
    worst_single = std::max(worst_single, one->inertia);
  }
  p.n_init = 8;
  p.seed = 0;
  auto many = RunSegmentation(b.table, p);
  REQUIRE(many.ok());
  CHECK(many->inertia <= worst_single + 1e-9);
}

TEST_CASE("k-means handles duplicates, k = rows and k = 1 without empty segments", "[analysis][kmeans]") {
  std::vector<float> x(20, 1.0f);  // 10 identical 2-d points
  KMeansOptions o;
  o.k = 3;
  auto m = FitKMeans(x.data(), 10, 2, o);
  REQUIRE(m.ok());
  for (size_t s : m->sizes) CHECK(s >= 1);
  CHECK(m->inertia == 0.0);

  std::vector<float> y = {0, 0, 1, 1, 5, 5, 9, 9};
  o.k = 4;
  auto all = FitKMeans(y.data(), 4, 2, o);
  REQUIRE(all.ok());
  CHECK(all->inertia == 0.0);
  o.k = 1;
  auto one = FitKMeans(y.data(), 4, 2, o);
  REQUIRE(one.ok());
  CHECK(one->centroids[0] == Approx(3.75));

  o.k = 5;
  auto too_many = FitKMeans(y.data(), 4, 2, o);
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.error().code == "kmeans.k_exceeds_rows");
}

TEST_CASE("The stepped job gives the same result as the one-shot run and reports progress", "[analysis][job]") {
  Blobs b = MakeBlobs(200, 5);
  SegmentParams p;
  p.k = 3;
  auto job = SegmentationJob::Create(b.table, p);
  REQUIRE(job.ok());
  double last = -1;
  int steps = 0;
  while (job->Step()) {
    CHECK(job->Progress() >= last);
    last = job->Progress();
    ++steps;
  }
  CHECK(job->Progress() == 1.0);
  CHECK(steps > 3);
  SegmentResult stepped = job->Take();
  auto direct = RunSegmentation(b.table, p);
  REQUIRE(direct.ok());
  CHECK(stepped.labels == direct->labels);
}

TEST_CASE("PCA finds the dominant direction with a deterministic sign", "[analysis][pca]") {
  // Points along (1, 2) with small noise: PC1 ~ (1, 2)/sqrt(5), explains nearly everything.
  Rng rng(2);
  std::vector<float> x;
  for (int i = 0; i < 500; ++i) {
    const double t = rng.Normal();
    x.push_back(static_cast<float>(t + 0.01 * rng.Normal()));
    x.push_back(static_cast<float>(2 * t + 0.01 * rng.Normal()));
  }
  PcaResult p = ComputePca2(x.data(), 500, 2);
  REQUIRE(p.components == 2);
  CHECK(p.loadings[0] == Approx(1 / std::sqrt(5.0)).margin(1e-3));
  CHECK(p.loadings[1] == Approx(2 / std::sqrt(5.0)).margin(1e-3));
  CHECK(p.explained_variance_ratio[0] > 0.999);
  CHECK(p.scores.size() == 1000);
}

TEST_CASE("Segmentation errors are values with hints", "[analysis]") {
  Blobs b = MakeBlobs(2, 1);  // 6 rows
  SegmentParams p;
  p.k = 7;
  auto r = RunSegmentation(b.table, p);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("6 rows") != std::string::npos);
  CHECK_FALSE(r.error().hint.empty());
  p.k = 0;
  CHECK_FALSE(RunSegmentation(b.table, p).ok());
}

TEST_CASE("ReportToJson holds the contract keys with 1-based ids", "[analysis]") {
  Blobs b = MakeBlobs(50, 4);
  SegmentParams p;
  p.k = 3;
  auto r = RunSegmentation(b.table, p);
  REQUIRE(r.ok());
  nlohmann::json j = ReportToJson(r.value());
  CHECK(j["k"] == 3);
  CHECK(j["segments"].size() == 3);
  CHECK(j["segments"][0]["id"] == 1);
  CHECK(j["segments"][0]["feature_means"].contains("visits"));
  size_t total = 0;
  for (auto& s : j["segments"]) total += s["size"].get<size_t>();
  CHECK(total == 150);
}

TEST_CASE("Iris: k-means on the four measurements matches the species well", "[analysis][shared]") {
  std::ifstream f(SEG_DATASETS_DIR "/iris/iris_named.csv", std::ios::binary);
  if (!f) {
    WARN("skipped: ../shared/datasets/iris/iris_named.csv not found (only in the dev setup)");
    return;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  auto d = io::ReadCsv(ss.str());
  REQUIRE(d.ok());
  const io::Table& t = d->table;
  REQUIRE(t.rows == 150);
  SegmentParams p;
  p.k = 3;
  auto r = RunSegmentation(t, p);
  REQUIRE(r.ok());
  CHECK(r->feature_names.size() == 4);
  const int species = t.FindColumn("species");
  REQUIRE(species >= 0);
  std::vector<int> truth;
  for (size_t i = 0; i < t.rows; ++i) truth.push_back(static_cast<int>(t.columns[species].codes[i]));
  const double ari = AdjustedRand(ToInt(r->labels), truth);
  INFO("ARI " << ari << ", inertia " << r->inertia);
  // Two local optima dominate z-scored iris at k = 3: inertia 139.82 (ARI 0.62) and 140.03
  // (ARI 0.59). scikit-learn's best of ten k-means++ restarts reaches 139.82; so must we, on
  // several seeds (the automatic 20 restarts on small data make a miss very unlikely).
  CHECK(r->inertia < 139.83);
  CHECK(ari > 0.6);
  for (uint64_t seed : {1u, 7u, 2024u}) {
    p.seed = seed;
    auto again = RunSegmentation(t, p);
    REQUIRE(again.ok());
    CHECK(again->inertia < 139.83);
  }
}

TEST_CASE("A stepped job refuses bad requests at once, before any column is prepared", "[analysis][job]") {
  Blobs b = MakeBlobs(200, 5);
  SegmentParams p;
  p.auto_k = true;
  p.k_min = 2;
  p.k_max = 60;  // more than anyone can act on
  auto too_wide = SegmentationJob::Create(b.table, p);
  REQUIRE_FALSE(too_wide.ok());
  CHECK(too_wide.error().code == "autok.range_too_large");
  p.k_max = 10;
  p.features = {"revenue_eur", "no_such_column"};
  auto unknown = SegmentationJob::Create(b.table, p);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == "prep.no_such_column");
  // A good request: the first steps prepare the columns (phase "preparing the data"), then k is chosen.
  p.features.clear();
  auto job = SegmentationJob::Create(b.table, p);
  REQUIRE(job.ok());
  CHECK(job->Phase() == "preparing the data");
  CHECK(job->Progress() < 0.05);
  int preparing = 0;
  while (job->Phase() == "preparing the data" && job->Step()) ++preparing;
  // One step zeroes the matrix (up to 4M values per step), then three numeric columns, then the
  // indicators and the k search set-up.
  CHECK(preparing == 5);
  CHECK(job->Phase().rfind("choosing k", 0) == 0);
  while (job->Step()) {
  }
  REQUIRE(job->Failure() == nullptr);
  const SegmentResult stepped = job->Take();
  auto once = RunSegmentation(b.table, p);
  REQUIRE(once.ok());
  CHECK(stepped.labels == once->labels);
  CHECK(stepped.feature_names == once->feature_names);
}
