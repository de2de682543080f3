// seg/analysis/segmentation.hpp — the end-to-end segmentation the CLI and the app both run:
// choose features -> prepare (impute, scale) -> cluster -> profile -> PCA for the scatter view.
//
// Contract: RunSegmentation never throws and never aborts on user data; every problem (no usable
// feature, k larger than the rows, constant columns only, ...) is an Error with a hint.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/analysis/kmeans.hpp"
#include "seg/analysis/prep.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

struct SegmentParams {
  int k = 5;                          // number of segments (>= 1, <= rows)
  uint64_t seed = 42;                 // same seed + data -> same labels, natively and in wasm
  std::vector<std::string> features;  // column names; empty = every numeric column
  int n_init = 0;                     // k-means restarts, lowest inertia kept; 0 = automatic (10, fewer on big data)
  int max_iter = 300;
};

struct FeatureProfile {
  std::string name;
  double mean = 0.0;          // segment mean of the original (unscaled) values
  double overall_mean = 0.0;  // whole base
  double std_diff = 0.0;      // (segment mean - overall mean) / overall std
};

struct SegmentSummary {
  int id = 0;                 // 0-based inside the program; people and exports see id + 1
  std::string name;           // readable name, e.g. "High mrr, low tickets"
  size_t size = 0;
  double share = 0.0;         // size / rows
  std::vector<FeatureProfile> features;
};

struct SegmentResult {
  int k = 0;
  std::vector<std::string> feature_names;
  std::vector<int32_t> labels;        // one per table row, 0..k-1
  std::vector<SegmentSummary> segments;
  double inertia = 0.0;               // on the prepared (scaled) features
  int iterations = 0;
  std::vector<float> pca;             // row-major rows x 2: first two principal components
  std::array<double, 2> explained_variance_ratio{0.0, 0.0};
  std::vector<std::string> warnings;  // e.g. "column 'x' is constant and was left out"
};

Result<SegmentResult> RunSegmentation(const io::Table& table, const SegmentParams& params);

// The same work in bounded slices, for the browser's frame loop:
//   auto job = SegmentationJob::Create(table, params);   // validates, prepares the features
//   while (!job->Done()) job->Step();                      // each Step is one bounded piece
//   SegmentResult r = job->Take();
// `table` must outlive the job.
class SegmentationJob {
 public:
  static Result<SegmentationJob> Create(const io::Table& table, const SegmentParams& params);
  bool Step();                 // false once finished
  bool Done() const { return done_; }
  double Progress() const;     // 0..1
  const char* Phase() const;   // "clustering", "profiling", "done"
  SegmentResult Take() { return std::move(result_); }

 private:
  SegmentationJob() = default;
  const io::Table* table_ = nullptr;
  SegmentParams params_;
  FeatureMatrix features_;
  std::vector<KMeansRunner> runner_;  // 0 or 1 (KMeansRunner has no default constructor)
  SegmentResult result_;
  bool done_ = false;
};

// Readable segment names from the profiles: the one or two features that differ most from
// the whole base, e.g. "High mrr, low support tickets 90d"; unique within the result.
void NameSegments(std::vector<SegmentSummary>& segments);

// REPORT.json: {"k", "method", "rows", "features", "inertia", "segments": [{"id", "name", "size",
// "share", "feature_means": {name: mean}, "profiles": [...]}], "warnings"}
nlohmann::json ReportToJson(const SegmentResult& result);

}  // namespace seg::analysis
