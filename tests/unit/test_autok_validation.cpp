// Validation of automatic k (issue 19, item 3) on data with known structure: generated customer
// bases with 3-8 latent groups of different sizes and overlaps (the project's seeded Rng), the demo
// base (5 latent segments), Mall customers (5 groups in Annual Income x Spending Score) and wine
// (3 cultivars). The table printed here is the README's "data, true k, chosen k".
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "seg/analysis/autok.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/rng.hpp"
#include "seg/demo/customers.hpp"
#include "test_support.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

struct Base {
  std::vector<float> x;
  size_t n = 0, dim = 0;
};

// `groups` Gaussian groups (unit spread) in `dim` dimensions; centres drawn with spread
// `separation` until every pair is at least `min_gap` apart; group sizes 1:..:3 (smallest >= 4 %);
// then every feature z-scaled, as the preparation would.
Base GeneratedBase(int groups, size_t dim, size_t n, double separation, double min_gap, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> centres;
  for (int tries = 0; tries < 10000; ++tries) {
    centres.clear();
    for (int g = 0; g < groups; ++g)
      for (size_t j = 0; j < dim; ++j) centres.push_back(rng.Normal() * separation);
    bool ok = true;
    for (int a = 0; a < groups && ok; ++a)
      for (int b = a + 1; b < groups && ok; ++b) {
        double d2 = 0;
        for (size_t j = 0; j < dim; ++j) d2 += std::pow(centres[a * dim + j] - centres[b * dim + j], 2);
        ok = std::sqrt(d2) >= min_gap;
      }
    if (ok) break;
  }
  std::vector<double> w(static_cast<size_t>(groups));
  double total = 0;
  for (auto& v : w) total += v = 1.0 + 2.0 * rng.Uniform();
  Base b;
  b.n = n;
  b.dim = dim;
  b.x.resize(n * dim);
  for (size_t i = 0; i < n; ++i) {
    double u = rng.Uniform() * total;
    int g = 0;
    while (g + 1 < groups && u > w[static_cast<size_t>(g)]) u -= w[static_cast<size_t>(g++)];
    for (size_t j = 0; j < dim; ++j) b.x[i * dim + j] = static_cast<float>(centres[static_cast<size_t>(g) * dim + j] + rng.Normal());
  }
  for (size_t j = 0; j < dim; ++j) {
    double m = 0, s = 0;
    for (size_t i = 0; i < n; ++i) m += b.x[i * dim + j];
    m /= static_cast<double>(n);
    for (size_t i = 0; i < n; ++i) s += std::pow(b.x[i * dim + j] - m, 2);
    s = std::sqrt(s / static_cast<double>(n));
    for (size_t i = 0; i < n; ++i) b.x[i * dim + j] = static_cast<float>((b.x[i * dim + j] - m) / s);
  }
  return b;
}

}  // namespace

TEST_CASE("automatic k on generated bases with 2-8 latent groups", "[autok][validation]") {
  // 5 features, 3,000 rows, group sizes 1:3 at most; "clear": centres >= 6 sd apart, "overlapping":
  // >= 3.5 sd apart (neighbouring groups touch). Five seeds each.
  struct Case { int groups; double separation, gap; const char* overlap; };
  std::vector<Case> cases;
  for (int g = 2; g <= 8; ++g) cases.push_back({g, 6, 6, "clear"});
  for (int g = 2; g <= 8; ++g) cases.push_back({g, 3, 3.5, "overlapping"});
  int hits = 0, total = 0, clear_hits = 0, clear_total = 0;
  std::string table = "| data | true k | chosen k (5 seeds) |\n|---|---|---|\n";
  for (const Case& c : cases) {
    std::string chosen;
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      const Base b = GeneratedBase(c.groups, 5, 3000, c.separation, c.gap, 1000 * c.groups + seed);
      AutoKOptions o;
      o.seed = 42;
      auto r = ChooseK(b.x.data(), b.n, b.dim, o);
      REQUIRE(r.ok());
      const int k = r.value().recommended;
      chosen += (chosen.empty() ? "" : ", ") + std::to_string(k);
      hits += k == c.groups;
      ++total;
      if (std::string(c.overlap) == "clear") {
        clear_hits += k == c.groups;
        ++clear_total;
      }
    }
    table += "| generated, " + std::string(c.overlap) + " | " + std::to_string(c.groups) + " | " + chosen + " |\n";
  }
  WARN(table << "hits " << hits << "/" << total << " (clear " << clear_hits << "/" << clear_total << ")");
  // Measured with the rule in autok.cpp: 61 of 70 in all, 34 of 35 on clear groups (the one miss
  // is 8 groups of which two merge into 7). The bars leave room for other seeds, not for k = 2.
  CHECK(clear_hits >= 33);
  CHECK(hits >= 56);
}

TEST_CASE("automatic k on the demo base, Mall customers and wine", "[autok][validation][shared]") {
  struct Real { const char* name; const char* file; int true_k; std::vector<std::string> features; };
  // Mall: 5 groups in Annual Income x Spending Score (the data set's well-known picture); wine: 3
  // cultivars (UCI Wine, Forina et al. 1991), 13 chemical features; demo: 5 latent segments
  // (src/core/demo/customers.cpp).
  const Real cases[] = {{"demo (5,000 rows)", nullptr, 5, {}},
                        {"Mall customers", "mall_customers/Mall_Customers.csv", 5, {"Annual Income (k$)", "Spending Score (1-100)"}},
                        {"wine", "wine/wine_named.csv", 3, {}}};
  std::string table;
  for (const Real& c : cases) {
    std::string csv;
    if (!c.file) {
      csv = demo::GenerateDemoCustomersCsv();
    } else if (auto bytes = test::SharedDatasetBytes(c.file)) {
      csv = std::move(*bytes);
    } else {
      WARN("skipped: ../shared/datasets/" << c.file << " not found (only in the dev setup)");
      continue;
    }
    const io::Dataset d = test::LoadOrFail(std::move(csv));
    SegmentParams p;
    p.auto_k = true;
    p.features = c.features;
    auto r = RunSegmentation(d.table, p);
    REQUIRE(r.ok());
    INFO(c.name << ": " << r.value().auto_k->explanation);
    CHECK(r.value().k == c.true_k);
    table += "| " + std::string(c.name) + " | " + std::to_string(c.true_k) + " | " + std::to_string(r.value().k) + " |\n";
  }
  WARN(table);
}
