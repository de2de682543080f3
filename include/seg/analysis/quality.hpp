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

// Adjusted Rand index between two labelings of the same rows (1 = identical partitions).
double AdjustedRandIndex(const std::vector<int32_t>& a, const std::vector<int32_t>& b);

nlohmann::json QualityToJson(const QualityScores& q);

}  // namespace seg::analysis
