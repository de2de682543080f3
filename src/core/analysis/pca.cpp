#include "seg/analysis/pca.hpp"

#include <cmath>

#include <Eigen/Dense>

namespace seg::analysis {

PcaResult ComputePca2(const float* x, size_t n, size_t dim) {
  PcaResult r;
  r.scores.assign(n * 2, 0.0f);
  if (n == 0 || dim == 0) return r;
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(dim), static_cast<Eigen::Index>(dim));
  std::vector<double> mean(dim, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < dim; ++j) mean[j] += x[i * dim + j];
  for (auto& m : mean) m /= static_cast<double>(n);
  std::vector<double> row(dim);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < dim; ++j) row[j] = x[i * dim + j] - mean[j];
    for (size_t a = 0; a < dim; ++a) {
      const double va = row[a];
      for (size_t b = a; b < dim; ++b) cov(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) += va * row[b];
    }
  }
  for (size_t a = 0; a < dim; ++a)
    for (size_t b = a; b < dim; ++b) {
      const double v = cov(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) / static_cast<double>(n);
      cov(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = v;
      cov(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)) = v;
    }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
  const Eigen::VectorXd& values = solver.eigenvalues();   // ascending
  const Eigen::MatrixXd& vectors = solver.eigenvectors();
  double total = 0.0;
  for (Eigen::Index i = 0; i < values.size(); ++i) total += std::max(0.0, values(i));
  r.components = std::min<size_t>(2, dim);
  r.loadings.assign(r.components * dim, 0.0);
  for (size_t c = 0; c < r.components; ++c) {
    const Eigen::Index col = static_cast<Eigen::Index>(dim - 1 - c);
    Eigen::VectorXd v = vectors.col(col);
    Eigen::Index arg = 0;
    v.cwiseAbs().maxCoeff(&arg);
    if (v(arg) < 0) v = -v;
    for (size_t j = 0; j < dim; ++j) r.loadings[c * dim + j] = v(static_cast<Eigen::Index>(j));
    r.explained_variance_ratio.push_back(total > 0 ? std::max(0.0, values(col)) / total : 0.0);
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t c = 0; c < r.components; ++c) {
      double s = 0.0;
      for (size_t j = 0; j < dim; ++j) s += (x[i * dim + j] - mean[j]) * r.loadings[c * dim + j];
      r.scores[i * 2 + c] = static_cast<float>(s);
    }
  }
  return r;
}

}  // namespace seg::analysis
