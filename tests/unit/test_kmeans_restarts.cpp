// k-means restarts on large inputs: the automatic choice (SetAutomaticRestarts) and sampled
// restarts (KMeansOptions::restart_sample): the restarts run on a deterministic sample, the best
// centres start one Lloyd fit on all rows.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "seg/analysis/kmeans.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/rng.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

// k overlapping Gaussian blobs in d dimensions, rows interleaved (not sorted by blob).
std::vector<float> Mixture(int k, size_t n, size_t d, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> x(n * d);
  for (size_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(rng.Below(static_cast<uint64_t>(k)));
    for (size_t j = 0; j < d; ++j)
      x[i * d + j] = static_cast<float>(2.5 * ((c + static_cast<int>(j)) % 3) + 1.5 * c * (j == 0) + rng.Normal());
  }
  return x;
}

// Every label is the nearest centre (ties: the lower index) of its row, in float as the runner
// computes it, and the inertia is their sum.
void CheckExactAssignment(const std::vector<float>& x, size_t n, size_t d, const KMeansModel& m) {
  std::vector<float> c(m.centroids.begin(), m.centroids.end());
  double inertia = 0.0;
  size_t wrong = 0;
  for (size_t i = 0; i < n; ++i) {
    float best = std::numeric_limits<float>::infinity();
    int arg = 0;
    for (int a = 0; a < m.k; ++a) {
      const float dist = SquaredDistance(x.data() + i * d, c.data() + static_cast<size_t>(a) * d, d);
      if (dist < best) {
        best = dist;
        arg = a;
      }
    }
    wrong += arg != m.labels[i];
    inertia += best;
  }
  CHECK(wrong == 0);
  CHECK(m.inertia == Approx(inertia).epsilon(1e-9));
  std::vector<size_t> sizes(static_cast<size_t>(m.k), 0);
  for (int32_t l : m.labels) ++sizes[static_cast<size_t>(l)];
  CHECK(sizes == m.sizes);
}

}  // namespace

TEST_CASE("Automatic restarts: counts by work, a restart sample from 200,000 rows", "[kmeans][restarts]") {
  KMeansOptions o;
  o.k = 8;
  o.n_init = 0;
  SetAutomaticRestarts(o, 20000, 11);  // 1.76e6
  CHECK(o.n_init == 20);
  CHECK(o.restart_sample == 0);
  o.n_init = 0;
  SetAutomaticRestarts(o, 100000, 11);  // 8.8e6
  CHECK(o.n_init == 10);
  CHECK(o.restart_sample == 0);
  o.n_init = 0;
  SetAutomaticRestarts(o, kRestartSampleFrom - 1, 11);  // 1.76e7
  CHECK(o.n_init == 10);
  CHECK(o.restart_sample == 0);
  o.n_init = 0;
  SetAutomaticRestarts(o, 1000000, 11);  // 8.8e7
  CHECK(o.n_init == 4);
  CHECK(o.restart_sample == kRestartSampleRows);
  o.n_init = 0;
  SetAutomaticRestarts(o, 1000000, 40);  // 3.2e8
  CHECK(o.n_init == 2);
  // An explicit count is kept; mini-batches never sample their restarts.
  o.n_init = 7;
  SetAutomaticRestarts(o, 1000000, 11);
  CHECK(o.n_init == 7);
  CHECK(o.restart_sample == kRestartSampleRows);
  o.mini_batch = 4096;
  SetAutomaticRestarts(o, 3000000, 11);
  CHECK(o.restart_sample == 0);
}

TEST_CASE("Sampled restarts: exact, deterministic, as good as restarts on all rows", "[kmeans][restarts]") {
  const size_t n = 30000, d = 4;
  const auto x = Mixture(6, n, d, 11);
  KMeansOptions full;
  full.k = 6;
  full.n_init = 4;
  KMeansOptions sampled = full;
  sampled.restart_sample = 3000;
  auto a = FitKMeans(x.data(), n, d, full);
  auto b = FitKMeans(x.data(), n, d, sampled);
  auto c = FitKMeans(x.data(), n, d, sampled);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(c.ok());
  CHECK(a->sample_rows == 0);
  CHECK(b->sample_rows == 3000);
  // Same seed, same result.
  CHECK(b->labels == c->labels);
  CHECK(b->centroids == c->centroids);
  CHECK(b->inertia == c->inertia);
  // The fit on all rows is a full k-means fit: exact labels, sizes and inertia.
  CheckExactAssignment(x, n, d, b.value());
  CHECK(b->labels.size() == n);
  CHECK(b->converged);
  CHECK(b->iterations >= 1);
  // Quality: within 1 % of restarts on all rows (this mixture overlaps, so the optimum is not trivial).
  CHECK(b->inertia <= a->inertia * 1.01);
  // Another seed draws another sample and restarts.
  KMeansOptions other = sampled;
  other.seed = 7;
  auto e = FitKMeans(x.data(), n, d, other);
  REQUIRE(e.ok());
  CheckExactAssignment(x, n, d, e.value());
}

TEST_CASE("Sampled restarts: a sample as large as the data is no sample", "[kmeans][restarts]") {
  const size_t n = 2000, d = 3;
  const auto x = Mixture(4, n, d, 3);
  KMeansOptions o;
  o.k = 4;
  o.n_init = 3;
  auto plain = FitKMeans(x.data(), n, d, o);
  for (size_t m : {n, n + 1, size_t{3}}) {  // >= rows, or fewer than k rows: every restart on all rows
    KMeansOptions s = o;
    s.restart_sample = m;
    auto r = FitKMeans(x.data(), n, d, s);
    REQUIRE(r.ok());
    CHECK(r->sample_rows == 0);
    CHECK(r->labels == plain->labels);
    CHECK(r->centroids == plain->centroids);
  }
  // A mini-batch fit ignores the restart sample.
  KMeansOptions mb = o;
  mb.mini_batch = 256;
  auto m1 = FitKMeans(x.data(), n, d, mb);
  mb.restart_sample = 500;
  auto m2 = FitKMeans(x.data(), n, d, mb);
  REQUIRE(m1.ok());
  REQUIRE(m2.ok());
  CHECK(m1->labels == m2->labels);
  CHECK(m2->sample_rows == 0);
}

TEST_CASE("Sampled restarts: resumable, bounded steps, progress from 0 to 1", "[kmeans][restarts]") {
  const size_t n = 20000, d = 3;
  const auto x = Mixture(5, n, d, 5);
  KMeansOptions o;
  o.k = 5;
  o.n_init = 3;
  o.restart_sample = 2000;
  auto created = KMeansRunner::Create(x.data(), n, d, o);
  REQUIRE(created.ok());
  KMeansRunner runner = std::move(created.value());
  double last = runner.Progress();
  CHECK(last == 0.0);
  int steps = 0;
  bool half = false;
  while (runner.Step()) {
    ++steps;
    const double p = runner.Progress();
    CHECK(p >= last);
    CHECK(p <= 1.0);
    half |= p >= 0.5 && p < 1.0;  // the fit on all rows is the second half
    last = p;
    // Moving the runner between steps (the browser keeps it in a std::optional) keeps it valid.
    KMeansRunner moved = std::move(runner);
    runner = std::move(moved);
  }
  CHECK(runner.Done());
  CHECK(runner.Progress() == 1.0);
  CHECK(half);
  CHECK(steps > 3);  // at least the 3 seedings, and iterations
  KMeansModel stepped = runner.Take();
  auto fitted = FitKMeans(x.data(), n, d, o);
  REQUIRE(fitted.ok());
  CHECK(stepped.labels == fitted->labels);
  CHECK(stepped.inertia == fitted->inertia);
}

TEST_CASE("RunSegmentation samples its restarts from 200,000 rows on, deterministically", "[kmeans][restarts][engine]") {
  const size_t n = kRestartSampleFrom;
  const auto x = Mixture(3, n, 2, 9);
  io::Table t;
  t.rows = n;
  for (size_t j = 0; j < 2; ++j) {
    io::Column c;
    c.name = j == 0 ? "spend" : "visits";
    c.type = io::ColumnType::kNumeric;
    c.values.resize(n);
    c.min = INFINITY;
    c.max = -INFINITY;
    for (size_t i = 0; i < n; ++i) {
      c.values.Set(i, x[i * 2 + j]);
      c.min = std::min(c.min, c.values[i]);
      c.max = std::max(c.max, c.values[i]);
    }
    c.distinct = n;
    t.columns.push_back(std::move(c));
  }
  SegmentParams p;
  p.k = 3;
  p.prep.log_auto = false;
  auto a = RunSegmentation(t, p);
  auto b = RunSegmentation(t, p);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->labels == b->labels);
  CHECK(a->inertia == b->inertia);
  CHECK(a->labels.size() == n);
  // The same data with restarts on all rows (the explicit option, as before) finds the same
  // partition within 0.5 % of inertia.
  auto prepared = PrepareFeatures(t, {}, nullptr, p.prep);
  REQUIRE(prepared.ok());
  KMeansOptions all;
  all.k = 3;
  all.n_init = 0;
  SetAutomaticRestarts(all, n, prepared->cols);
  REQUIRE(all.restart_sample == kRestartSampleRows);
  all.restart_sample = 0;
  auto full = FitKMeans(prepared->x.data(), prepared->rows, prepared->cols, all);
  REQUIRE(full.ok());
  CHECK(a->inertia <= full->inertia * 1.005);
}
