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

}  // namespace seg::analysis
