#include "seg/analysis/quality.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "seg/analysis/kmeans.hpp"
#include "seg/common/rng.hpp"

namespace seg::analysis {

QualityScores ScoreClustering(const float* x, size_t n, size_t dim, const std::vector<int32_t>& labels, int k,
                              uint64_t seed, size_t silhouette_sample) {
  QualityScores q;
  if (n == 0 || dim == 0 || k < 1) return q;
  const size_t K = static_cast<size_t>(k);
  std::vector<double> centroid(K * dim, 0.0), overall(dim, 0.0);
  std::vector<size_t> count(K, 0);
  for (size_t i = 0; i < n; ++i) {
    const size_t c = static_cast<size_t>(labels[i]);
    ++count[c];
    for (size_t j = 0; j < dim; ++j) {
      centroid[c * dim + j] += x[i * dim + j];
      overall[j] += x[i * dim + j];
    }
  }
  for (size_t c = 0; c < K; ++c)
    for (size_t j = 0; j < dim; ++j) centroid[c * dim + j] /= std::max<size_t>(1, count[c]);
  for (auto& v : overall) v /= static_cast<double>(n);
  q.min_share = static_cast<double>(*std::min_element(count.begin(), count.end())) / static_cast<double>(n);

  // Within (inertia) and mean distance to the centroid per segment.
  std::vector<double> scatter(K, 0.0);
  double within = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const size_t c = static_cast<size_t>(labels[i]);
    double d2 = 0.0;
    for (size_t j = 0; j < dim; ++j) {
      const double d = x[i * dim + j] - centroid[c * dim + j];
      d2 += d * d;
    }
    within += d2;
    scatter[c] += std::sqrt(d2);
  }
  q.inertia = within;
  size_t used = 0;
  for (size_t c = 0; c < K; ++c) {
    if (count[c]) ++used;
    scatter[c] /= std::max<size_t>(1, count[c]);
  }
  if (used < 2) return q;

  // Calinski-Harabasz.
  double between = 0.0;
  for (size_t c = 0; c < K; ++c) {
    double d2 = 0.0;
    for (size_t j = 0; j < dim; ++j) {
      const double d = centroid[c * dim + j] - overall[j];
      d2 += d * d;
    }
    between += static_cast<double>(count[c]) * d2;
  }
  if (n > used) {
    q.calinski_harabasz = within > 0 ? (between / static_cast<double>(used - 1)) / (within / static_cast<double>(n - used))
                                     : std::numeric_limits<double>::infinity();
  }

  // Davies-Bouldin.
  double db = 0.0;
  for (size_t a = 0; a < K; ++a) {
    if (!count[a]) continue;
    double worst = 0.0;
    for (size_t b = 0; b < K; ++b) {
      if (a == b || !count[b]) continue;
      double d2 = 0.0;
      for (size_t j = 0; j < dim; ++j) {
        const double d = centroid[a * dim + j] - centroid[b * dim + j];
        d2 += d * d;
      }
      const double sep = std::sqrt(d2);
      worst = std::max(worst, sep > 0 ? (scatter[a] + scatter[b]) / sep : std::numeric_limits<double>::infinity());
    }
    db += worst;
  }
  q.davies_bouldin = db / static_cast<double>(used);

  // Silhouette on a sample: partial Fisher-Yates with our portable RNG.
  std::vector<size_t> idx(n);
  for (size_t i = 0; i < n; ++i) idx[i] = i;
  const size_t s = std::min(n, std::max<size_t>(2, silhouette_sample));
  if (s < n) {
    Rng rng(seed ^ 0x5117u);
    for (size_t i = 0; i < s; ++i) std::swap(idx[i], idx[i + static_cast<size_t>(rng.Below(n - i))]);
    idx.resize(s);
    std::sort(idx.begin(), idx.end());
  }
  std::vector<size_t> sample_count(K, 0);
  for (size_t i : idx) ++sample_count[static_cast<size_t>(labels[i])];
  std::vector<double> sum_to(K);
  double total = 0.0;
  size_t counted = 0;
  for (size_t a = 0; a < s; ++a) {
    const size_t ia = idx[a];
    std::fill(sum_to.begin(), sum_to.end(), 0.0);
    for (size_t b = 0; b < s; ++b) {
      if (a == b) continue;
      const size_t ib = idx[b];
      sum_to[static_cast<size_t>(labels[ib])] += std::sqrt(static_cast<double>(SquaredDistance(x + ia * dim, x + ib * dim, dim)));
    }
    const size_t own = static_cast<size_t>(labels[ia]);
    if (sample_count[own] <= 1) {  // a singleton's silhouette is 0 by convention
      ++counted;
      continue;
    }
    const double a_i = sum_to[own] / static_cast<double>(sample_count[own] - 1);
    double b_i = std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < K; ++c)
      if (c != own && sample_count[c] > 0) b_i = std::min(b_i, sum_to[c] / static_cast<double>(sample_count[c]));
    const double m = std::max(a_i, b_i);
    total += m > 0 && std::isfinite(b_i) ? (b_i - a_i) / m : 0.0;
    ++counted;
  }
  q.silhouette = counted ? total / static_cast<double>(counted) : NAN;
  q.silhouette_sample = s;
  return q;
}

double AdjustedRandIndex(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  const size_t n = std::min(a.size(), b.size());
  if (n < 2) return 1.0;
  std::map<std::pair<int32_t, int32_t>, double> nij;
  std::map<int32_t, double> ai, bj;
  for (size_t i = 0; i < n; ++i) {
    nij[{a[i], b[i]}] += 1;
    ai[a[i]] += 1;
    bj[b[i]] += 1;
  }
  auto c2 = [](double v) { return v * (v - 1) / 2; };
  double index = 0, sa = 0, sb = 0;
  for (auto& kv : nij) index += c2(kv.second);
  for (auto& kv : ai) sa += c2(kv.second);
  for (auto& kv : bj) sb += c2(kv.second);
  const double expected = sa * sb / c2(static_cast<double>(n));
  const double max_index = (sa + sb) / 2;
  if (max_index == expected) return 1.0;  // both trivial partitions
  return (index - expected) / (max_index - expected);
}

nlohmann::json QualityToJson(const QualityScores& q) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  return {{"inertia", num(q.inertia)},
          {"silhouette", num(q.silhouette)},
          {"silhouette_sample", q.silhouette_sample},
          {"calinski_harabasz", num(q.calinski_harabasz)},
          {"davies_bouldin", num(q.davies_bouldin)},
          {"min_share", q.min_share}};
}

}  // namespace seg::analysis
