// seg/analysis/autok.hpp — choosing the number of segments, with a reason people can read.
//
// For each k in [k_min, k_max], k-means runs on a search sample (all rows up to `sample_rows`)
// and is scored: silhouette (on a bounded sample), Calinski-Harabasz, Davies-Bouldin, inertia
// (for the elbow), the smallest segment's share, and stability (adjusted Rand index between two
// fits on different 80% subsamples). Among the k whose smallest segment is large enough to act on,
// the recommendation is the largest stable k (ARI >= 0.8) whose combined score (silhouette
// discounted by instability) is within 0.05 of the best: a stable k = 5 that separates nearly as
// well beats the trivial split k = 2. Validated in tests/unit/test_autok_validation.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/analysis/kmeans.hpp"
#include "seg/analysis/quality.hpp"
#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"

namespace seg::analysis {

struct AutoKOptions {
  int k_min = 2;
  int k_max = 10;
  uint64_t seed = 42;
  double min_share = 0.02;    // business limit: every segment holds at least this share of rows
  size_t sample_rows = 20000; // rows the search runs on (all rows when fewer)
  int n_init = 3;
  bool stability = true;
};

struct KScore {
  int k = 0;
  QualityScores quality;
  double stability = NAN;  // ARI between fits on two subsamples, 0..1
  bool eligible = true;    // smallest segment >= min_share
  double bic = NAN;        // Gaussian mixtures only
};

struct AutoKResult {
  std::vector<KScore> scores;
  int recommended = 0;
  int elbow = 0;            // where the inertia curve bends most (0 if not computed)
  std::string explanation;  // one or two plain sentences (English; ExplainAutoK for German)
  size_t sample_rows = 0;
  double min_share = 0.02;  // the business limit the scores were judged against
  bool by_bic = false;      // Gaussian mixtures: lowest BIC among the eligible k (else silhouette etc.)
};

class AutoKRunner {
 public:
  // `x` (n x dim) must outlive the runner.
  static Result<AutoKRunner> Create(const float* x, size_t n, size_t dim, const AutoKOptions& options);
  // The errors Create would give for n rows of dim features, without touching any data.
  static std::optional<Error> Check(size_t n, size_t dim, const AutoKOptions& options);
  AutoKRunner(AutoKRunner&&) noexcept;
  AutoKRunner& operator=(AutoKRunner&&) noexcept;
  ~AutoKRunner();
  bool Step();  // one bounded piece of work; false once finished
  bool Done() const;
  double Progress() const;
  int CurrentK() const;
  AutoKResult Take();

 private:
  AutoKRunner();
  struct State;
  std::unique_ptr<State> s_;
};

Result<AutoKResult> ChooseK(const float* x, size_t n, size_t dim, const AutoKOptions& options);

// Picks the k and writes the explanation (exposed for tests).
void Recommend(AutoKResult& result, double min_share);

// The explanation of the recommendation, written again from the scores (and min_share, by_bic,
// recommended, elbow), e.g. "k = 4 gives the clearest and most reproducible separation
// (silhouette 0.51, stability 1.00); ..." / "k = 4 trennt die Kunden am klarsten und am besten
// reproduzierbar (Silhouette 0,51, Stabilität 1,00); ...". English equals `explanation`.
std::string ExplainAutoK(const AutoKResult& result, Lang lang = Lang::kEn);

nlohmann::json AutoKToJson(const AutoKResult& r);

}  // namespace seg::analysis
