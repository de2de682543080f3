// Exact linear-time order statistics (src/core/analysis/order_statistics.hpp), used by the medians
// and quantiles of the preparation and of the segment profiles: the same values as sorting, and
// the prepared matrix they feed equals the one ApplyPreparation transforms value by value.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "../../src/core/analysis/order_statistics.hpp"
#include "seg/analysis/prep.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/rng.hpp"
#include "seg/demo/customers.hpp"
#include "test_support.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

// Value sets that stress the bucket pass: wide and narrow ranges, heavy ties, negatives, zeros of
// both signs, subnormals and infinities.
std::vector<double> Values(int kind, size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) {
    switch (kind) {
      case 0: v[i] = rng.Normal(); break;                                          // around 0, both signs
      case 1: v[i] = std::exp(3.0 * rng.Normal()) * 1000.0; break;                 // skewed, many binades
      case 2: v[i] = static_cast<double>(rng.Below(11)); break;                    // NPS-like ties
      case 3: v[i] = 1000.0 + rng.Uniform(); break;                                // one narrow bucket
      case 4: v[i] = (i % 3 == 0) ? 0.0 : (i % 3 == 1 ? -0.0 : rng.Normal() * 1e-310); break;  // zeros, subnormals
      case 5: v[i] = i % 97 == 0 ? (i % 2 ? INFINITY : -INFINITY) : -std::fabs(rng.Normal()) * 1e6; break;
      default: v[i] = 42.0; break;                                                 // all equal
    }
  }
  return v;
}

}  // namespace

TEST_CASE("Order statistics: the same values as sorting", "[order_statistics]") {
  for (int kind = 0; kind <= 6; ++kind)
    for (size_t n : {size_t{1}, size_t{2}, size_t{5}, size_t{8191}, size_t{8192}, size_t{20001}, size_t{100000}}) {
      const std::vector<double> v = Values(kind, n, 100 + static_cast<uint64_t>(kind));
      std::vector<double> sorted = v;
      std::sort(sorted.begin(), sorted.end());
      for (size_t r : {size_t{0}, size_t{1}, n / 4, n / 2, n / 2 + 1, n - 1}) {
        if (r >= n) continue;
        std::vector<double> w = v;
        const detail::OrderPair p = detail::SelectOrder(w, r, true);
        INFO("kind " << kind << ", n " << n << ", r " << r);
        CHECK(p.at == sorted[r]);
        if (r > 0) CHECK(p.prev == sorted[r - 1]);
        // Reordered, never changed.
        std::sort(w.begin(), w.end());
        CHECK(w == sorted);
      }
    }
}

TEST_CASE("Order statistics: the prepared matrix equals ApplyPreparation's transform", "[order_statistics][prep]") {
  demo::DemoOptions o;
  o.rows = 30000;
  const io::Dataset ds = test::LoadOrFail(demo::GenerateDemoCustomersCsv(o));
  for (int variant = 0; variant < 3; ++variant) {
    PrepOptions po;
    if (variant == 1) po.clip_quantile = 0.01;
    if (variant == 2) {
      po.scaling = Scaling::kRobust;
      po.missing_indicators = true;
    }
    auto m = PrepareFeatures(ds.table, {}, nullptr, po);
    REQUIRE(m.ok());
    auto again = ApplyPreparation(ds.table, m->features);
    REQUIRE(again.ok());
    REQUIRE(again->x.size() == m->x.size());
    CHECK(std::memcmp(again->x.data(), m->x.data(), m->x.size() * sizeof(float)) == 0);
    // The medians (imputation values) are the sorted middle of the present values.
    for (const PreparedFeature& f : m->features) {
      if (f.IsIndicator() || f.missing_indicator) continue;
      std::vector<double> present;
      for (double v : ds.table.columns[static_cast<size_t>(f.column)].values)
        if (std::isfinite(v)) present.push_back(v);
      std::sort(present.begin(), present.end());
      const size_t mid = present.size() / 2;
      const double median = present.size() % 2 ? present[mid] : (present[mid] + present[mid - 1]) / 2.0;
      CHECK(f.impute == median);
    }
  }
}

TEST_CASE("Order statistics: profile medians are the sorted middles", "[order_statistics][profiles]") {
  demo::DemoOptions o;
  o.rows = 25000;
  const io::Dataset ds = test::LoadOrFail(demo::GenerateDemoCustomersCsv(o));
  auto m = PrepareFeatures(ds.table, {}, nullptr);
  REQUIRE(m.ok());
  const int k = 4;
  std::vector<int32_t> labels(ds.table.rows);
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<int32_t>((i * 7 + i / 13) % k);
  std::vector<SegmentSummary> out;
  ProfileSegments(ds.table, m->features, labels, k, {}, out);
  REQUIRE(out.size() == static_cast<size_t>(k));
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t mid = v.size() / 2;
    return v.size() % 2 ? v[mid] : (v[mid] + v[mid - 1]) / 2;
  };
  for (size_t fi = 0; fi < out[0].features.size(); ++fi) {
    const FeatureProfile& p0 = out[0].features[fi];
    const int c = ds.table.FindColumn(p0.name);
    REQUIRE(c >= 0);
    const auto& values = ds.table.columns[static_cast<size_t>(c)].values;
    std::vector<double> all;
    std::vector<std::vector<double>> per(static_cast<size_t>(k));
    for (size_t i = 0; i < values.size(); ++i)
      if (std::isfinite(values[i])) {
        all.push_back(values[i]);
        per[static_cast<size_t>(labels[i])].push_back(values[i]);
      }
    CHECK(p0.overall_median == median(all));
    for (int s = 0; s < k; ++s) CHECK(out[static_cast<size_t>(s)].features[fi].median == median(per[static_cast<size_t>(s)]));
  }
}
