// Gaussian mixture models (EM): recovery of known structure, model selection by BIC, monotone
// likelihood, determinism, degenerate data, errors and prediction.
#include <catch2/catch.hpp>

#include <ctime>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "seg/analysis/gmm.hpp"
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

std::vector<int> ToInt(const std::vector<int32_t>& v) { return std::vector<int>(v.begin(), v.end()); }

// Points from Gaussians given by a mean and a lower-triangular factor A (cov = A A^T), row-major.
struct Mixture {
  size_t dim = 0;
  std::vector<float> x;
  std::vector<int> truth;
};
struct Component {
  std::vector<double> mean;
  std::vector<double> factor;  // dim x dim, row-major, lower triangular
  size_t count;
};
Mixture Sample(const std::vector<Component>& comps, uint64_t seed) {
  Rng rng(seed);
  Mixture m;
  m.dim = comps[0].mean.size();
  std::vector<double> z(m.dim);
  for (size_t c = 0; c < comps.size(); ++c) {
    for (size_t i = 0; i < comps[c].count; ++i) {
      for (auto& v : z) v = rng.Normal();
      for (size_t a = 0; a < m.dim; ++a) {
        double v = comps[c].mean[a];
        for (size_t b = 0; b <= a; ++b) v += comps[c].factor[a * m.dim + b] * z[b];
        m.x.push_back(static_cast<float>(v));
      }
      m.truth.push_back(static_cast<int>(c));
    }
  }
  return m;
}

// Three blobs with very different, correlated covariances (a full model is needed to separate
// them cleanly from their neighbours).
Mixture CorrelatedBlobs(uint64_t seed) {
  return Sample({{{0, 0}, {3.0, 0, 2.7, 0.4}, 400},       // long thin diagonal streak
                 {{9, -3}, {0.5, 0, 0, 0.5}, 300},        // small round blob
                 {{2, 9}, {2.5, 0, -1.5, 0.6}, 300}},     // streak the other way
                seed);
}

// Axis-aligned blobs with unequal variances per feature.
Mixture AxisBlobs(uint64_t seed) {
  return Sample({{{0, 0, 0}, {4, 0, 0, 0, 0.3, 0, 0, 0, 0.3}, 300},
                 {{0, 4, 0}, {0.3, 0, 0, 0, 0.5, 0, 0, 0, 2}, 300},
                 {{5, 8, 5}, {1, 0, 0, 0, 1, 0, 0, 0, 0.2}, 300}},
                seed);
}

bool AllFinite(const GmmModel& m) {
  for (double v : m.weights)
    if (!std::isfinite(v)) return false;
  for (double v : m.means)
    if (!std::isfinite(v)) return false;
  for (double v : m.covariances)
    if (!std::isfinite(v)) return false;
  for (double v : m.trace)
    if (!std::isfinite(v)) return false;
  return std::isfinite(m.log_likelihood) && std::isfinite(m.bic);
}

}  // namespace

TEST_CASE("GMM recovers blobs with different covariances", "[gmm]") {
  SECTION("full covariance") {
    const Mixture m = CorrelatedBlobs(3);
    GmmOptions o;
    o.k = 3;
    o.n_init = 2;
    auto r = FitGmm(m.x.data(), m.truth.size(), m.dim, o);
    REQUIRE(r.ok());
    const double ari = AdjustedRand(ToInt(r->labels), m.truth);
    INFO("ARI " << ari << ", iterations " << r->iterations);
    CHECK(ari > 0.95);
    CHECK(r->converged);
    CHECK(r->covariances.size() == 3 * 2 * 2);
    CHECK(r->parameters == 2 + 3 * 2 + 3 * 3);
    double wsum = 0;
    for (double w : r->weights) wsum += w;
    CHECK(wsum == Approx(1.0));
    size_t total = 0;
    for (size_t s : r->sizes) total += s;
    CHECK(total == m.truth.size());
    CHECK(CovarianceName(r->covariance) == "full");
  }
  SECTION("diagonal covariance") {
    const Mixture m = AxisBlobs(5);
    GmmOptions o;
    o.k = 3;
    o.covariance = Covariance::kDiagonal;
    auto r = FitGmm(m.x.data(), m.truth.size(), m.dim, o);
    REQUIRE(r.ok());
    const double ari = AdjustedRand(ToInt(r->labels), m.truth);
    INFO("ARI " << ari);
    CHECK(ari > 0.95);
    CHECK(r->covariances.size() == 3 * 3);
    CHECK(r->parameters == 2 + 3 * 3 + 3 * 3);
    CHECK(CovarianceName(r->covariance) == "diagonal");
    // The estimated variances are close to the generating ones (some component has var ~16).
    double max_var = 0;
    for (double v : r->covariances) max_var = std::max(max_var, v);
    CHECK(max_var == Approx(16.0).epsilon(0.25));
  }
}

TEST_CASE("GMM: BIC is lowest at the true k", "[gmm]") {
  const Mixture m = Sample({{{0, 0}, {1, 0, 0, 1}, 200}, {{12, 0}, {1, 0, 0.5, 1}, 200}, {{6, 10}, {1.5, 0, 0, 0.7}, 200}}, 11);
  for (Covariance cov : {Covariance::kFull, Covariance::kDiagonal}) {
    int best_k = 0;
    double best_bic = INFINITY;
    for (int k = 1; k <= 6; ++k) {
      GmmOptions o;
      o.k = k;
      o.covariance = cov;
      o.n_init = 2;
      auto r = FitGmm(m.x.data(), m.truth.size(), m.dim, o);
      REQUIRE(r.ok());
      REQUIRE(AllFinite(r.value()));
      INFO(CovarianceName(cov) << " k=" << k << " BIC " << r->bic);
      if (r->bic < best_bic) {
        best_bic = r->bic;
        best_k = k;
      }
    }
    INFO(CovarianceName(cov));
    CHECK(best_k == 3);
  }
}

TEST_CASE("GMM: the log-likelihood never decreases across EM steps", "[gmm]") {
  const Mixture m = CorrelatedBlobs(21);
  for (Covariance cov : {Covariance::kFull, Covariance::kDiagonal}) {
    GmmOptions o;
    o.k = 5;  // more components than blobs: slow, many-step convergence
    o.covariance = cov;
    o.tol = 0;
    o.max_iter = 60;
    auto rr = GmmRunner::Create(m.x.data(), m.truth.size(), m.dim, o);
    REQUIRE(rr.ok());
    GmmRunner runner = std::move(rr.value());
    double progress = runner.Progress();
    CHECK(progress == 0.0);
    int steps = 0;
    while (runner.Step()) {
      ++steps;
      CHECK(runner.Progress() >= progress);
      progress = runner.Progress();
    }
    CHECK(runner.Done());
    CHECK(runner.Progress() == 1.0);
    const GmmModel model = runner.Take();
    REQUIRE(model.trace.size() == static_cast<size_t>(model.iterations) + 1);
    CHECK(model.trace.back() == model.log_likelihood);
    CHECK(model.iterations == 60);
    CHECK_FALSE(model.converged);
    for (size_t i = 1; i < model.trace.size(); ++i) {
      INFO(CovarianceName(cov) << " step " << i << ": " << model.trace[i - 1] << " -> " << model.trace[i]);
      CHECK(model.trace[i] >= model.trace[i - 1] - 1e-9 * std::fabs(model.trace[i - 1]));
    }
    CHECK(model.trace.back() > model.trace.front());
    // Fitting with max_iter = t stops at the t-th value of the trace.
    for (int t : {0, 1, 2, 3, 7}) {
      GmmOptions ot = o;
      ot.max_iter = t;
      auto r = FitGmm(m.x.data(), m.truth.size(), m.dim, ot);
      REQUIRE(r.ok());
      CHECK(r->iterations == t);
      CHECK(r->log_likelihood == model.trace[static_cast<size_t>(t)]);
    }
  }
}

TEST_CASE("GMM is deterministic for a seed", "[gmm]") {
  const Mixture m = CorrelatedBlobs(8);
  GmmOptions o;
  o.k = 4;
  o.n_init = 3;
  auto a = FitGmm(m.x.data(), m.truth.size(), m.dim, o);
  auto b = FitGmm(m.x.data(), m.truth.size(), m.dim, o);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->labels == b->labels);
  CHECK(a->means == b->means);
  CHECK(a->covariances == b->covariances);
  CHECK(a->weights == b->weights);
  CHECK(a->log_likelihood == b->log_likelihood);
  CHECK(a->trace == b->trace);
  // More restarts never give a worse winner than the first restart alone.
  GmmOptions one = o;
  one.n_init = 1;
  auto c = FitGmm(m.x.data(), m.truth.size(), m.dim, one);
  REQUIRE(c.ok());
  CHECK(a->log_likelihood >= c->log_likelihood);
}

TEST_CASE("GMM stays finite on duplicated points and constant features", "[gmm]") {
  for (Covariance cov : {Covariance::kFull, Covariance::kDiagonal}) {
    INFO(CovarianceName(cov));
    SECTION("three distinct points repeated, k up to 5") {
      std::vector<float> x;
      for (int rep = 0; rep < 40; ++rep)
        for (float v : {1.f, 2.f, 3.f, 4.f, 5.f, 6.f, -1.f, 0.f, 2.f}) x.push_back(v);
      for (int k : {1, 3, 5}) {
        GmmOptions o;
        o.k = k;
        o.covariance = cov;
        auto r = FitGmm(x.data(), 120, 3, o);
        REQUIRE(r.ok());
        INFO("k=" << k << " LL " << r->log_likelihood);
        CHECK(AllFinite(r.value()));
        CHECK(PredictGmm(r.value(), x.data(), 120) == r->labels);
      }
    }
    SECTION("all rows identical") {
      std::vector<float> x(50 * 2, 3.5f);
      GmmOptions o;
      o.k = 2;
      o.covariance = cov;
      auto r = FitGmm(x.data(), 50, 2, o);
      REQUIRE(r.ok());
      CHECK(AllFinite(r.value()));
    }
    SECTION("a constant feature next to structure") {
      Mixture m = CorrelatedBlobs(4);
      std::vector<float> x;
      for (size_t i = 0; i < m.truth.size(); ++i) {
        x.push_back(m.x[i * 2]);
        x.push_back(7.0f);
        x.push_back(m.x[i * 2 + 1]);
      }
      GmmOptions o;
      o.k = 3;
      o.covariance = cov;
      auto r = FitGmm(x.data(), m.truth.size(), 3, o);
      REQUIRE(r.ok());
      CHECK(AllFinite(r.value()));
      if (cov == Covariance::kFull) CHECK(AdjustedRand(ToInt(r->labels), m.truth) > 0.9);
    }
    SECTION("reg_covar = 0 on degenerate data still gives no NaN") {
      std::vector<float> x;
      for (int rep = 0; rep < 30; ++rep)
        for (float v : {0.f, 0.f, 1.f, 1.f, 5.f, 5.f}) x.push_back(v);  // rows lie on a line
      GmmOptions o;
      o.k = 3;
      o.covariance = cov;
      o.reg_covar = 0;
      auto r = FitGmm(x.data(), 90, 2, o);
      REQUIRE(r.ok());
      CHECK(AllFinite(r.value()));
      CHECK(PredictGmm(r.value(), x.data(), 90) == r->labels);
    }
  }
}

TEST_CASE("GMM reports bad input as errors", "[gmm]") {
  std::vector<float> x = {1, 2, 3, 4, 5, 6};
  GmmOptions o;
  o.k = 4;
  auto too_many = FitGmm(x.data(), 3, 2, o);
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.error().code == "gmm.k_exceeds_rows");
  o.k = 0;
  auto zero = FitGmm(x.data(), 3, 2, o);
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.error().code == "gmm.bad_k");
  o.k = 1;
  auto nodim = FitGmm(x.data(), 3, 0, o);
  REQUIRE_FALSE(nodim.ok());
  CHECK(nodim.error().code == "gmm.no_features");
  auto empty = FitGmm(nullptr, 0, 2, o);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == "gmm.k_exceeds_rows");
  x[3] = NAN;
  auto nan = FitGmm(x.data(), 3, 2, o);
  REQUIRE_FALSE(nan.ok());
  CHECK(nan.error().code == "gmm.non_finite");
  CHECK(nan.error().row == 2);
  CHECK(nan.error().column == 2);
  x[3] = INFINITY;
  CHECK(FitGmm(x.data(), 3, 2, o).error().code == "gmm.non_finite");
  x[3] = 4;
  o.reg_covar = -1;
  CHECK(FitGmm(x.data(), 3, 2, o).error().code == "gmm.bad_reg_covar");
  CHECK(PredictGmm(GmmModel{}, x.data(), 3).empty());
}

TEST_CASE("GMM: Predict on the training data reproduces the labels", "[gmm]") {
  for (Covariance cov : {Covariance::kFull, Covariance::kDiagonal}) {
    const Mixture m = AxisBlobs(17);
    GmmOptions o;
    o.k = 4;
    o.covariance = cov;
    auto r = FitGmm(m.x.data(), m.truth.size(), m.dim, o);
    REQUIRE(r.ok());
    CHECK(PredictGmm(r.value(), m.x.data(), m.truth.size()) == r->labels);
    // New rows near a component's mean go to that component.
    for (int c = 0; c < 4; ++c) {
      std::vector<float> row(r->means.begin() + c * 3, r->means.begin() + c * 3 + 3);
      auto p = PredictGmm(r.value(), row.data(), 1);
      REQUIRE(p.size() == 1);
      if (r->weights[static_cast<size_t>(c)] > 0.1) CHECK(p[0] == c);
    }
  }
}

TEST_CASE("Iris: a full GMM on the standardised measurements matches the species", "[gmm][shared]") {
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
  const int species = t.FindColumn("species");
  REQUIRE(species >= 0);
  std::vector<int> numeric;
  for (size_t c = 0; c < t.columns.size(); ++c)
    if (static_cast<int>(c) != species && t.columns[c].type == io::ColumnType::kNumeric) numeric.push_back(static_cast<int>(c));
  REQUIRE(numeric.size() == 4);
  std::vector<float> x(150 * 4);
  for (size_t j = 0; j < 4; ++j) {
    const auto& v = t.columns[static_cast<size_t>(numeric[j])].values;
    double mean = 0, sq = 0;
    for (double a : v) mean += a;
    mean /= 150;
    for (double a : v) sq += (a - mean) * (a - mean);
    const double sd = std::sqrt(sq / 150);
    for (size_t i = 0; i < 150; ++i) x[i * 4 + j] = static_cast<float>((v[i] - mean) / sd);
  }
  std::vector<int> truth;
  for (size_t i = 0; i < t.rows; ++i) truth.push_back(static_cast<int>(t.columns[static_cast<size_t>(species)].codes[i]));
  GmmOptions o;
  o.k = 3;
  o.n_init = 4;
  auto r = FitGmm(x.data(), 150, 4, o);
  REQUIRE(r.ok());
  const double ari = AdjustedRand(ToInt(r->labels), truth);
  INFO("ARI " << ari << ", LL " << r->log_likelihood << ", iterations " << r->iterations);
  CHECK(ari > 0.8);
  CHECK(AllFinite(r.value()));
}

TEST_CASE("GMM timing on 100k x 10 (prints, never asserts)", "[.][gmm_bench]") {
  const size_t n = 100000, dim = 10;
  Rng rng(1);
  std::vector<float> x(n * dim);
  for (size_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(rng.Below(8));
    for (size_t j = 0; j < dim; ++j) x[i * dim + j] = static_cast<float>((j == static_cast<size_t>(c) ? 3.0 : 0.0) + rng.Normal());
  }
  for (Covariance cov : {Covariance::kFull, Covariance::kDiagonal}) {
    GmmOptions o;
    o.k = 8;
    o.covariance = cov;
    o.tol = 0;
    o.max_iter = 20;
    auto rr = GmmRunner::Create(x.data(), n, dim, o);
    REQUIRE(rr.ok());
    GmmRunner runner = std::move(rr.value());
    // CPU time of this process (the machine may be shared; wall time would count waiting).
    auto cpu_ms = [] { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
    const double t0 = cpu_ms();
    int init_steps = 0;
    while (runner.Step() && runner.Progress() < 0.2 + 1e-12) ++init_steps;
    const double t1 = cpu_ms();
    while (runner.Step()) {
    }
    const double t2 = cpu_ms();
    const GmmModel m = runner.Take();
    const double init_ms = t1 - t0;
    const double em_ms = t2 - t1;
    WARN(CovarianceName(cov) << " k=8, 100000 x 10: init (k-means + first EM) " << init_ms << " ms CPU in " << init_steps
                             << " steps; EM " << em_ms / (m.iterations - 1) << " ms CPU/iteration over " << m.iterations - 1
                             << " iterations");
  }
}
