// seg/analysis/pca.hpp — principal components of the prepared features, for the scatter view.
#pragma once

#include <cstddef>
#include <vector>

namespace seg::analysis {

struct PcaResult {
  size_t components = 0;            // min(2, dim)
  std::vector<double> loadings;     // components x dim, row-major; unit vectors
  std::vector<double> explained_variance_ratio;  // per component
  std::vector<float> scores;        // rows x 2 (second column 0 when dim == 1)
};

// `x` is n x dim, centred (z-scored) data. Eigen decomposition of the covariance; each
// component's sign is fixed so that its largest-magnitude loading is positive (deterministic).
PcaResult ComputePca2(const float* x, size_t n, size_t dim);

// ComputePca2 in bounded pieces (blocks of rows for the mean, the covariance and the scores), so
// the browser can spread it over frames. The same operations in the same order, so the result is
// identical; ComputePca2 runs one of these to the end. `x` must outlive the builder.
class Pca2Builder {
 public:
  Pca2Builder(const float* x, size_t n, size_t dim);
  bool Step();  // false once finished
  bool Done() const { return phase_ == Phase::kDone; }
  double Progress() const;  // 0..1
  PcaResult Take() { return std::move(r_); }

 private:
  enum class Phase { kMean, kCovariance, kScores, kDone };
  void Solve();
  const float* x_;
  size_t n_, dim_;
  Phase phase_ = Phase::kMean;
  size_t next_ = 0;
  std::vector<double> mean_, cov_;  // cov_: dim x dim, upper triangle accumulated
  PcaResult r_;
};

}  // namespace seg::analysis
