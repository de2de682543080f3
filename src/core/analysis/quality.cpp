#include "seg/analysis/quality.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "seg/analysis/kmeans.hpp"
#include "seg/common/rng.hpp"

namespace seg::analysis {

namespace {
constexpr size_t kRowsPerStep = 131072;      // rows per pass step (1M x 11 features: ~2 ms)
constexpr size_t kSilhouettePerStep = 256;   // sample rows per silhouette step (x 3,000 distances)
}  // namespace

QualityScorer::QualityScorer(const float* x, size_t n, size_t dim, const std::vector<int32_t>& labels, int k,
                             uint64_t seed, size_t silhouette_sample)
    : x_(x), n_(n), dim_(dim), K_(k < 1 ? 0 : static_cast<size_t>(k)), labels_(&labels), seed_(seed),
      sample_target_(silhouette_sample) {
  if (n == 0 || dim == 0 || k < 1) {
    phase_ = Phase::kDone;
    return;
  }
  centroid_.assign(K_ * dim_, 0.0);
  overall_.assign(dim_, 0.0);
  count_.assign(K_, 0);
}

double QualityScorer::Progress() const {
  switch (phase_) {
    case Phase::kCentroids: return 0.3 * static_cast<double>(next_) / static_cast<double>(n_);
    case Phase::kWithin: return 0.3 + 0.3 * static_cast<double>(next_) / static_cast<double>(n_);
    case Phase::kSilhouette: return 0.6 + 0.4 * static_cast<double>(next_) / static_cast<double>(std::max<size_t>(1, s_));
    case Phase::kDone: return 1.0;
  }
  return 1.0;
}

bool QualityScorer::Step() {
  const std::vector<int32_t>& labels = *labels_;
  const float* x = x_;
  const size_t dim = dim_;
  switch (phase_) {
    case Phase::kCentroids: {
      const size_t end = std::min(n_, next_ + kRowsPerStep);
      for (size_t i = next_; i < end; ++i) {
        const size_t c = static_cast<size_t>(labels[i]);
        ++count_[c];
        for (size_t j = 0; j < dim; ++j) {
          centroid_[c * dim + j] += x[i * dim + j];
          overall_[j] += x[i * dim + j];
        }
      }
      next_ = end;
      if (next_ == n_) FinishCentroids();
      break;
    }
    case Phase::kWithin: {
      const size_t end = std::min(n_, next_ + kRowsPerStep);
      for (size_t i = next_; i < end; ++i) {
        const size_t c = static_cast<size_t>(labels[i]);
        double d2 = 0.0;
        for (size_t j = 0; j < dim; ++j) {
          const double d = x[i * dim + j] - centroid_[c * dim + j];
          d2 += d * d;
        }
        within_ += d2;
        scatter_[c] += std::sqrt(d2);
      }
      next_ = end;
      if (next_ == n_) FinishWithin();
      break;
    }
    case Phase::kSilhouette: {
      const size_t end = std::min(s_, next_ + kSilhouettePerStep);
      for (size_t a = next_; a < end; ++a) {
        const size_t ia = idx_[a];
        std::fill(sum_to_.begin(), sum_to_.end(), 0.0);
        for (size_t b = 0; b < s_; ++b) {
          if (a == b) continue;
          const size_t ib = idx_[b];
          sum_to_[static_cast<size_t>(labels[ib])] += std::sqrt(static_cast<double>(SquaredDistance(x + ia * dim, x + ib * dim, dim)));
        }
        const size_t own = static_cast<size_t>(labels[ia]);
        if (sample_count_[own] <= 1) {  // a singleton's silhouette is 0 by convention
          ++counted_;
          continue;
        }
        const double a_i = sum_to_[own] / static_cast<double>(sample_count_[own] - 1);
        double b_i = std::numeric_limits<double>::infinity();
        for (size_t c = 0; c < K_; ++c)
          if (c != own && sample_count_[c] > 0) b_i = std::min(b_i, sum_to_[c] / static_cast<double>(sample_count_[c]));
        const double m = std::max(a_i, b_i);
        total_ += m > 0 && std::isfinite(b_i) ? (b_i - a_i) / m : 0.0;
        ++counted_;
      }
      next_ = end;
      if (next_ == s_) {
        q_.silhouette = counted_ ? total_ / static_cast<double>(counted_) : NAN;
        q_.silhouette_sample = s_;
        phase_ = Phase::kDone;
      }
      break;
    }
    case Phase::kDone: return false;
  }
  return phase_ != Phase::kDone;
}

void QualityScorer::FinishCentroids() {
  for (size_t c = 0; c < K_; ++c)
    for (size_t j = 0; j < dim_; ++j) centroid_[c * dim_ + j] /= std::max<size_t>(1, count_[c]);
  for (auto& v : overall_) v /= static_cast<double>(n_);
  q_.min_share = static_cast<double>(*std::min_element(count_.begin(), count_.end())) / static_cast<double>(n_);
  scatter_.assign(K_, 0.0);
  phase_ = Phase::kWithin;
  next_ = 0;
}

void QualityScorer::FinishWithin() {
  const size_t K = K_, dim = dim_, n = n_;
  q_.inertia = within_;
  size_t used = 0;
  for (size_t c = 0; c < K; ++c) {
    if (count_[c]) ++used;
    scatter_[c] /= std::max<size_t>(1, count_[c]);
  }
  if (used < 2) {
    phase_ = Phase::kDone;
    return;
  }
  // Calinski-Harabasz.
  double between = 0.0;
  for (size_t c = 0; c < K; ++c) {
    double d2 = 0.0;
    for (size_t j = 0; j < dim; ++j) {
      const double d = centroid_[c * dim + j] - overall_[j];
      d2 += d * d;
    }
    between += static_cast<double>(count_[c]) * d2;
  }
  if (n > used) {
    q_.calinski_harabasz = within_ > 0 ? (between / static_cast<double>(used - 1)) / (within_ / static_cast<double>(n - used))
                                       : std::numeric_limits<double>::infinity();
  }
  // Davies-Bouldin.
  double db = 0.0;
  for (size_t a = 0; a < K; ++a) {
    if (!count_[a]) continue;
    double worst = 0.0;
    for (size_t b = 0; b < K; ++b) {
      if (a == b || !count_[b]) continue;
      double d2 = 0.0;
      for (size_t j = 0; j < dim; ++j) {
        const double d = centroid_[a * dim + j] - centroid_[b * dim + j];
        d2 += d * d;
      }
      const double sep = std::sqrt(d2);
      worst = std::max(worst, sep > 0 ? (scatter_[a] + scatter_[b]) / sep : std::numeric_limits<double>::infinity());
    }
    db += worst;
  }
  q_.davies_bouldin = db / static_cast<double>(used);

  // Silhouette on a sample: partial Fisher-Yates with our portable RNG.
  idx_.resize(n);
  for (size_t i = 0; i < n; ++i) idx_[i] = i;
  s_ = std::min(n, std::max<size_t>(2, sample_target_));
  if (s_ < n) {
    Rng rng(seed_ ^ 0x5117u);
    for (size_t i = 0; i < s_; ++i) std::swap(idx_[i], idx_[i + static_cast<size_t>(rng.Below(n - i))]);
    idx_.resize(s_);
    idx_.shrink_to_fit();
    std::sort(idx_.begin(), idx_.end());
  }
  sample_count_.assign(K, 0);
  for (size_t i : idx_) ++sample_count_[static_cast<size_t>((*labels_)[i])];
  sum_to_.assign(K, 0.0);
  phase_ = Phase::kSilhouette;
  next_ = 0;
}

QualityScores ScoreClustering(const float* x, size_t n, size_t dim, const std::vector<int32_t>& labels, int k,
                              uint64_t seed, size_t silhouette_sample) {
  QualityScorer scorer(x, n, dim, labels, k, seed, silhouette_sample);
  while (scorer.Step()) {
  }
  return scorer.Take();
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
