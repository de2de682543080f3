// seg/analysis/quality.hpp — how good is a segmentation? Internal validity indices and
// agreement between labelings. All work on the prepared (scaled) feature matrix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace seg::analysis {

struct QualityScores {
  double inertia = 0.0;             // within-segment sum of squares (lower is tighter)
  double silhouette = NAN;          // -1..1, higher is better; NaN for k < 2
  double calinski_harabasz = NAN;   // higher is better; NaN for k < 2
  double davies_bouldin = NAN;      // lower is better; NaN for k < 2
  size_t silhouette_sample = 0;     // rows the silhouette was computed on
  double min_share = 0.0;           // smallest segment's share of rows
};

// `labels` in 0..k-1. The silhouette is computed on a deterministic random sample of at most
// `silhouette_sample` rows (O(sample^2 * dim) time, O(sample) memory), never on all pairs.
QualityScores ScoreClustering(const float* x, size_t n, size_t dim, const std::vector<int32_t>& labels, int k,
                              uint64_t seed = 1, size_t silhouette_sample = 3000);

// ScoreClustering in bounded pieces, so the browser can spread it over frames: each Step() does
// one block of rows (two passes over all rows) or of the silhouette sample, about a few
// milliseconds at 1,000,000 rows. The same operations in the same order as ScoreClustering
// (which runs one of these to the end), so the scores are identical. `x` and `labels` must
// outlive the scorer.
class QualityScorer {
 public:
  QualityScorer(const float* x, size_t n, size_t dim, const std::vector<int32_t>& labels, int k, uint64_t seed = 1,
                size_t silhouette_sample = 3000);
  bool Step();  // false once finished
  bool Done() const { return phase_ == Phase::kDone; }
  double Progress() const;  // 0..1
  QualityScores Take() { return q_; }

 private:
  enum class Phase { kCentroids, kWithin, kSilhouette, kDone };
  void FinishCentroids();
  void FinishWithin();
  const float* x_;
  size_t n_, dim_, K_;
  const std::vector<int32_t>* labels_;
  uint64_t seed_;
  size_t sample_target_;
  Phase phase_ = Phase::kCentroids;
  size_t next_ = 0;  // next row (passes) or sample position (silhouette)
  QualityScores q_;
  std::vector<double> centroid_, overall_, scatter_, sum_to_;
  std::vector<size_t> count_, idx_, sample_count_;
  double within_ = 0.0, total_ = 0.0;
  size_t counted_ = 0, s_ = 0;
};

// Adjusted Rand index between two labelings of the same rows (1 = identical partitions).
double AdjustedRandIndex(const std::vector<int32_t>& a, const std::vector<int32_t>& b);

nlohmann::json QualityToJson(const QualityScores& q);

}  // namespace seg::analysis
