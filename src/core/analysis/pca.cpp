#include "seg/analysis/pca.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

namespace seg::analysis {

namespace {
constexpr size_t kRowsPerStep = 65536;  // 1M x 11 features: a few ms per step
}  // namespace

Pca2Builder::Pca2Builder(const float* x, size_t n, size_t dim) : x_(x), n_(n), dim_(dim) {
  r_.scores.assign(n * 2, 0.0f);
  if (n == 0 || dim == 0) {
    phase_ = Phase::kDone;
    return;
  }
  mean_.assign(dim, 0.0);
  cov_.assign(dim * dim, 0.0);
}

double Pca2Builder::Progress() const {
  const double f = n_ ? static_cast<double>(next_) / static_cast<double>(n_) : 1.0;
  switch (phase_) {
    case Phase::kMean: return 0.2 * f;
    case Phase::kCovariance: return 0.2 + 0.5 * f;
    case Phase::kScores: return 0.7 + 0.3 * f;
    case Phase::kDone: return 1.0;
  }
  return 1.0;
}

bool Pca2Builder::Step() {
  const size_t dim = dim_;
  const float* x = x_;
  const size_t end = std::min(n_, next_ + kRowsPerStep);
  switch (phase_) {
    case Phase::kMean:
      for (size_t i = next_; i < end; ++i)
        for (size_t j = 0; j < dim; ++j) mean_[j] += x[i * dim + j];
      next_ = end;
      if (next_ == n_) {
        for (auto& m : mean_) m /= static_cast<double>(n_);
        phase_ = Phase::kCovariance;
        next_ = 0;
      }
      break;
    case Phase::kCovariance: {
      std::vector<double> row(dim);
      for (size_t i = next_; i < end; ++i) {
        for (size_t j = 0; j < dim; ++j) row[j] = x[i * dim + j] - mean_[j];
        for (size_t a = 0; a < dim; ++a) {
          const double va = row[a];
          for (size_t b = a; b < dim; ++b) cov_[a * dim + b] += va * row[b];
        }
      }
      next_ = end;
      if (next_ == n_) {
        Solve();
        phase_ = Phase::kScores;
        next_ = 0;
      }
      break;
    }
    case Phase::kScores:
      for (size_t i = next_; i < end; ++i) {
        for (size_t c = 0; c < r_.components; ++c) {
          double s = 0.0;
          for (size_t j = 0; j < dim; ++j) s += (x[i * dim + j] - mean_[j]) * r_.loadings[c * dim + j];
          r_.scores[i * 2 + c] = static_cast<float>(s);
        }
      }
      next_ = end;
      if (next_ == n_) phase_ = Phase::kDone;
      break;
    case Phase::kDone: return false;
  }
  return phase_ != Phase::kDone;
}

void Pca2Builder::Solve() {
  const size_t dim = dim_;
  Eigen::MatrixXd cov(static_cast<Eigen::Index>(dim), static_cast<Eigen::Index>(dim));
  for (size_t a = 0; a < dim; ++a)
    for (size_t b = a; b < dim; ++b) {
      const double v = cov_[a * dim + b] / static_cast<double>(n_);
      cov(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = v;
      cov(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)) = v;
    }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
  const Eigen::VectorXd& values = solver.eigenvalues();   // ascending
  const Eigen::MatrixXd& vectors = solver.eigenvectors();
  double total = 0.0;
  for (Eigen::Index i = 0; i < values.size(); ++i) total += std::max(0.0, values(i));
  r_.components = std::min<size_t>(2, dim);
  r_.loadings.assign(r_.components * dim, 0.0);
  for (size_t c = 0; c < r_.components; ++c) {
    const Eigen::Index col = static_cast<Eigen::Index>(dim - 1 - c);
    Eigen::VectorXd v = vectors.col(col);
    Eigen::Index arg = 0;
    v.cwiseAbs().maxCoeff(&arg);
    if (v(arg) < 0) v = -v;
    for (size_t j = 0; j < dim; ++j) r_.loadings[c * dim + j] = v(static_cast<Eigen::Index>(j));
    r_.explained_variance_ratio.push_back(total > 0 ? std::max(0.0, values(col)) / total : 0.0);
  }
  cov_.clear();
  cov_.shrink_to_fit();
}

PcaResult ComputePca2(const float* x, size_t n, size_t dim) {
  Pca2Builder builder(x, n, dim);
  while (builder.Step()) {
  }
  return builder.Take();
}

}  // namespace seg::analysis
