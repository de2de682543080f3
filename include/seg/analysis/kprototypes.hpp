// seg/analysis/kprototypes.hpp — k-prototypes (Huang 1998) for mixed numeric + categorical data.
//
// Distance between a row and a prototype: squared Euclidean distance on the prepared numeric
// features plus gamma times the number of categorical columns where the row's level differs from
// the prototype's mode. Prototypes: numeric means and categorical modes. Seeding: greedy
// k-means++ on that distance; several restarts, lowest cost kept. Resumable like KMeansRunner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "seg/common/result.hpp"
#include "seg/common/rng.hpp"

namespace seg::analysis {

struct KPrototypesOptions {
  int k = 5;
  uint64_t seed = 42;
  int n_init = 4;
  int max_iter = 100;
  double gamma = -1.0;  // weight of one categorical mismatch; < 0: 0.5 x mean numeric variance (Huang), 1 if no numerics
};

struct KPrototypesModel {
  int k = 0;
  size_t num_dim = 0, cat_dim = 0;
  double gamma = 1.0;
  std::vector<double> means;     // k x num_dim
  std::vector<uint32_t> modes;   // k x cat_dim (level codes)
  std::vector<int32_t> labels;
  std::vector<size_t> sizes;
  double cost = 0.0;
  int iterations = 0;
  bool converged = false;
};

class KPrototypesRunner {
 public:
  // num: n x num_dim prepared numerics (may be empty with num_dim 0); cat: n x cat_dim level
  // codes (missing = its own code). Both must outlive the runner.
  static Result<KPrototypesRunner> Create(const float* num, size_t num_dim, const uint32_t* cat, size_t cat_dim,
                                          std::vector<uint32_t> levels_per_column, size_t n,
                                          const KPrototypesOptions& options);
  bool Step();
  bool Done() const { return done_; }
  double Progress() const;
  KPrototypesModel Take() { return std::move(best_); }

 private:
  KPrototypesRunner() = default;
  double Distance(size_t row, size_t proto) const;
  void Seed();
  bool Iterate();  // assign + update; true when labels stopped changing
  void FinishRestart();

  const float* num_ = nullptr;
  const uint32_t* cat_ = nullptr;
  size_t n_ = 0, nd_ = 0, cd_ = 0;
  std::vector<uint32_t> levels_;
  KPrototypesOptions opt_;
  Rng rng_;
  int restart_ = 0, iter_ = 0;
  bool seeded_ = false, done_ = false;
  std::vector<double> means_;
  std::vector<uint32_t> modes_;
  std::vector<int32_t> labels_;
  double cost_ = 0.0;
  KPrototypesModel best_;
  bool have_best_ = false;
};

// Label of one row for a fitted model (ties: lowest index).
int32_t NearestPrototype(const KPrototypesModel& m, const float* num_row, const uint32_t* cat_row);

}  // namespace seg::analysis
