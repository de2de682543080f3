// seg/analysis/gmm.hpp — Gaussian mixture models fitted by expectation-maximisation.
//
// Each restart is initialised from k-means (one-hot responsibilities from its labels, then an
// M-step); the restart with the highest log-likelihood wins. The E-step works in log space with
// log-sum-exp; covariances are factorised with Cholesky (LLT) and, should a factorisation fail even
// with reg_covar on the diagonal, more is added (x10, a few times) instead of producing NaN.
// Components whose weight collapses are re-seeded at the worst-explained row.
//
// GmmRunner is resumable like KMeansRunner: Step() does one bounded piece of work (one k-means
// step of a restart's initialisation, or one EM iteration), so the browser can run it in
// per-frame slices and show progress. FitGmm runs it to the end. Rows are visited in order and no
// threads are used: the same input and seed give the same model.
//
// Memory: the responsibilities are n x k doubles (80 MB for 1M rows and k = 10), plus O(n).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "seg/analysis/kmeans.hpp"
#include "seg/common/result.hpp"

namespace seg::analysis {

enum class Covariance { kFull, kDiagonal };
std::string_view CovarianceName(Covariance c);  // "full", "diagonal"

struct GmmOptions {
  int k = 5;
  Covariance covariance = Covariance::kFull;
  uint64_t seed = 42;
  int n_init = 1;          // restarts; the highest log-likelihood wins
  int max_iter = 200;      // EM iterations per restart (0: the k-means initialisation only)
  double tol = 1e-4;       // stop when the mean log-likelihood per row changes less than this
  double reg_covar = 1e-6; // added to the covariance diagonal (must be >= 0)
};

struct GmmModel {
  int k = 0;
  size_t dim = 0;
  Covariance covariance = Covariance::kFull;
  std::vector<double> weights;      // k
  std::vector<double> means;        // k x dim, row-major
  std::vector<double> covariances;  // full: k x dim x dim; diagonal: k x dim (reg_covar included)
  std::vector<int32_t> labels;      // argmax posterior per row
  std::vector<size_t> sizes;        // rows per component (by label)
  double log_likelihood = 0;        // total over rows
  double bic = 0;                   // -2 LL + p ln n
  int parameters = 0;               // p: (k-1) + k*dim + k*dim*(dim+1)/2 (full) or k*dim (diagonal)
  int iterations = 0;               // EM iterations of the winning restart
  bool converged = false;
  int reseeded = 0;                 // collapsed components re-seeded during the winning restart
  // Total log-likelihood of the winning restart after its initialisation and after each EM
  // iteration (iterations + 1 values; back() == log_likelihood).
  std::vector<double> trace;
};

class GmmRunner {
 public:
  // `x` (n x dim, row-major) must outlive the runner.
  static Result<GmmRunner> Create(const float* x, size_t n, size_t dim, const GmmOptions& options);

  // One bounded piece of work. Returns false once finished.
  bool Step();
  bool Done() const { return done_; }
  double Progress() const;  // 0..1
  GmmModel Take() { return std::move(best_); }

 private:
  GmmRunner() = default;
  void StartRestart();
  void InitFromKMeans(const KMeansModel& km);
  void MStep();
  double EStep();  // responsibilities, labels and per-row log-likelihood; returns the total
  void FinishRestart();

  const float* x_ = nullptr;
  size_t n_ = 0, dim_ = 0;
  GmmOptions opt_;
  int restart_ = 0;
  int iter_ = 0;
  bool initialised_ = false;  // current restart has finished its k-means initialisation
  bool done_ = false;
  std::optional<KMeansRunner> km_;
  std::vector<double> global_cov_;  // data covariance (full: dim x dim, diagonal: dim) + reg_covar
  // Current restart.
  std::vector<double> weights_, means_, covs_;
  std::vector<double> resp_;    // n x k
  std::vector<double> row_ll_;  // per-row log-likelihood of the last E-step
  std::vector<int32_t> labels_;
  std::vector<double> trace_;
  double ll_ = 0.0;
  int reseeded_ = 0;
  bool converged_ = false;
  GmmModel best_;
  bool have_best_ = false;
};

Result<GmmModel> FitGmm(const float* x, size_t n, size_t dim, const GmmOptions& options);

// Log-likelihood-based assignment of new rows (same dim), for applying a saved model: the
// component with the highest log weight + log density (ties: lowest index). Returns an empty
// vector if the model is malformed (k < 1, dim 0, or parameter sizes that do not match).
std::vector<int32_t> PredictGmm(const GmmModel& model, const float* x, size_t n);

}  // namespace seg::analysis
