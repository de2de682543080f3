// seg/analysis/kmeans.hpp — k-means (Lloyd) with greedy k-means++ seeding and restarts.
//
// KMeansRunner is resumable: Step() does one bounded piece of work (seeding one restart or one
// Lloyd iteration), so the browser can run it in per-frame slices and show progress. FitKMeans
// runs it to the end. Deterministic for a given seed on every platform.
//
// Iterations use Hamerly's bounds (an upper bound on each row's distance to its centre and a
// lower bound on the distance to every other centre): rows whose bounds prove the centre cannot
// change are skipped, which after the first few iterations is most of them. The final
// assignment of each restart is a full scan, so labels and inertia are exact.
//
// Large inputs (KMeansOptions::restart_sample, set by SetAutomaticRestarts from 200,000 rows on):
// the n_init restarts (seeding + Lloyd) run on a deterministic random sample of the rows, the
// centres with the lowest inertia on the sample start one Lloyd fit on all rows, and that fit is
// the result. Below the threshold (and with restart_sample = 0) every restart runs on all rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "seg/common/result.hpp"
#include "seg/common/rng.hpp"

namespace seg::analysis {

struct KMeansOptions {
  int k = 5;
  uint64_t seed = 42;
  int n_init = 4;          // restarts; the lowest inertia wins
  int max_iter = 300;      // Lloyd iterations per restart
  size_t mini_batch = 0;   // > 0: mini-batch k-means with batches of this many rows (very large inputs)
  double tol = 1e-4;       // stop when the squared centroid shift (sum over segments) < tol * mean feature variance (as scikit-learn)
  // > 0 and k <= restart_sample < rows (and no mini-batch): the restarts run on a deterministic
  // random sample of this many rows (drawn from `seed`), then one Lloyd fit on all rows starts
  // from the sample's best centres. 0 = every restart on all rows.
  size_t restart_sample = 0;
};

// Automatic restarts, as RunSegmentation chooses them (the bench uses the same function):
// n_init <= 0 becomes 20, 10, 4 or 2 restarts for rows x features x k up to 2e6, 2e7, 2e8 and
// above; from kRestartSampleFrom rows on (without mini-batches) the restarts run on a
// kRestartSampleRows-row sample (restart_sample above). `o.k` and `o.mini_batch` must be set.
inline constexpr size_t kRestartSampleFrom = 200000;
inline constexpr size_t kRestartSampleRows = 100000;
void SetAutomaticRestarts(KMeansOptions& o, size_t rows, size_t dim);

struct KMeansModel {
  int k = 0;
  size_t dim = 0;
  std::vector<double> centroids;  // k x dim, row-major
  std::vector<int32_t> labels;    // one per row, 0..k-1
  std::vector<size_t> sizes;      // rows per cluster
  double inertia = 0.0;           // sum of squared distances to the assigned centroid
  int iterations = 0;             // Lloyd iterations of the winning restart (sampled restarts: of the fit on all rows)
  bool converged = false;
  int repaired_empty = 0;         // empty clusters re-seeded during the winning restart
  size_t sample_rows = 0;         // rows the restarts ran on (KMeansOptions::restart_sample); 0 = all rows
};

class KMeansRunner {
 public:
  // `x` (n x dim, row-major) must outlive the runner.
  static Result<KMeansRunner> Create(const float* x, size_t n, size_t dim, const KMeansOptions& options);

  // One bounded piece of work. Returns false once finished.
  bool Step();
  bool Done() const { return done_; }
  double Progress() const;  // 0..1
  KMeansModel Take() { return std::move(best_); }

 private:
  KMeansRunner() = default;
  void Seed();
  double Assign();                 // labels + inertia for the current centroids (full scan)
  void ScanRows(const size_t* rows, size_t count);  // nearest and second-nearest centre (sets the bounds); null rows: all
  size_t AssignBounded();          // Hamerly's bounds: skips rows whose centre provably did not change; returns how many rows changed centre
  bool MiniBatchStep();            // one batch update; true when the centres barely moved
  bool Update();                   // new centroids from labels; true if moved less than tol
  void RepairEmpty(std::vector<double>& sums, std::vector<size_t>& counts);
  void FinishRestart();
  void StartFullFit();             // sampled restarts done: the best centres start the fit on all rows
  void MoveRowSums(size_t row, int32_t from);  // full fit: move a row that changed centre between the kept sums
  // The rows the current phase works on: the restart sample, or all rows.
  const float* Data() const { return sampling_ ? sample_.data() : x_; }
  size_t Rows() const { return sampling_ ? sample_rows_ : n_; }

  const float* x_ = nullptr;
  size_t n_ = 0, dim_ = 0;
  // Sampled restarts (KMeansOptions::restart_sample).
  bool sampling_ = false;          // restarts on sample_ (row-major, sample_rows_ x dim_)
  bool full_fit_ = false;          // the final fit on all rows from the sample's best centres
  std::vector<float> sample_;
  size_t sample_rows_ = 0;
  std::vector<double> sample_best_;  // centres of the best sampled restart
  double sample_best_inertia_ = 0.0;
  int sample_best_restart_ = -1;
  std::vector<double> inc_sums_;   // full fit: per-centre sums (k x dim) and counts, kept between iterations
  std::vector<size_t> inc_counts_;
  bool inc_valid_ = false;
  KMeansOptions opt_;
  Rng rng_;
  int restart_ = 0;
  int iter_ = 0;
  bool seeded_ = false;
  bool done_ = false;
  double shift_tol_ = 0.0;
  int repaired_ = 0;
  std::vector<double> centroids_;
  std::vector<float> centroids_f_;
  std::vector<int32_t> labels_;
  std::vector<float> dist_;        // squared distance to the assigned centroid
  // Hamerly (2010) bounds, in Euclidean (not squared) distance.
  std::vector<float> upper_, lower_;
  std::vector<size_t> rescan_;     // rows AssignBounded must scan in full this iteration
  std::vector<int32_t> old_labels_;  // their labels before the scan
  std::vector<double> moved_;      // per centre: how far it moved in the last update
  bool bounds_valid_ = false;
  // Mini-batch state.
  Rng mb_rng_;
  std::vector<double> mb_counts_;
  double inertia_ = 0.0;
  KMeansModel best_;
  bool have_best_ = false;
};

Result<KMeansModel> FitKMeans(const float* x, size_t n, size_t dim, const KMeansOptions& options);

// Squared Euclidean distance between a float row and a float centroid. The order of operations is
// a contract (sql.cpp reproduces it, distance_kernels.hpp computes it 4 rows at a time).
inline float SquaredDistance(const float* a, const float* b, size_t dim) {
  float s = 0.0f;
  for (size_t j = 0; j < dim; ++j) {
    const float d = a[j] - b[j];
    s += d * d;
  }
  return s;
}

}  // namespace seg::analysis
