// seg/analysis/segmentation.hpp — the end-to-end segmentation the CLI and the app both run:
// choose features -> prepare (impute, clip, log1p, scale, weight) -> [choose k] -> cluster ->
// profile (features, categories, KPIs, names, descriptions) -> quality -> PCA for the scatter.
//
// Contract: nothing here throws or aborts on user data; every problem (no usable feature, k
// larger than the rows, constant columns only, ...) is an Error with a hint.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/analysis/autok.hpp"
#include "seg/analysis/gmm.hpp"
#include "seg/analysis/kmeans.hpp"
#include "seg/analysis/kprototypes.hpp"
#include "seg/analysis/kpi.hpp"
#include "seg/analysis/notes.hpp"
#include "seg/analysis/prep.hpp"
#include "seg/analysis/quality.hpp"
#include "seg/analysis/rfm.hpp"
#include "seg/analysis/rules.hpp"
#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

enum class Method { kKMeans, kGmm, kMixed };
std::string_view MethodName(Method m);  // "kmeans", "gmm", "mixed"
struct SegmentResult;
// The method identity of a result (its `method` string is for files and people): "kmeans" and
// "kmeans-minibatch" are both kKMeans; nullopt for rules, RFM and unknown methods.
std::optional<Method> ResultMethod(const SegmentResult& result);

struct SegmentParams {
  Method method = Method::kKMeans;
  Covariance covariance = Covariance::kFull;  // gmm
  int k = 5;                          // number of segments (>= 1, <= rows) unless auto_k
  bool auto_k = false;                // choose k in [k_min, k_max] (see autok.hpp)
  int k_min = 2, k_max = 10;
  double min_share = 0.02;            // auto k: smallest acceptable segment share
  uint64_t seed = 42;                 // same seed + data -> same labels, natively and in wasm
  std::vector<std::string> features;  // column names; empty = every numeric column
  // Method mixed (k-prototypes): categorical columns; empty = every categorical column with 2-50
  // levels. Categorical names in `features` are used too.
  std::vector<std::string> categorical;
  double gamma = -1.0;                // mixed: weight of a categorical mismatch (< 0: automatic)
  PrepOptions prep;                   // scaling, log1p, clipping, weights
  // k-means restarts, lowest inertia kept; 0 = automatic (20 on small data, 10, fewer on big data).
  // From 200,000 rows on (below the mini-batch sizes) the restarts run on a 100,000-row sample and
  // the best centres start one fit on all rows (SetAutomaticRestarts in kmeans.hpp).
  int n_init = 0;
  int max_iter = 300;
  // k-means: rows per mini-batch; 0 = automatic (mini-batches of 4,096 rows from 2,000,000 rows
  // on), -1 = never.
  long mini_batch = 0;
  std::vector<KpiMapping> kpis;       // KPI columns in addition to / instead of the detected ones
};

struct FeatureProfile {
  std::string name;
  double mean = 0.0;          // segment mean of the original (unscaled) values
  double median = 0.0;        // segment median of the original values
  double overall_mean = 0.0;  // whole base
  double overall_median = 0.0;
  double std_diff = 0.0;      // (segment mean - overall mean) / overall std
};

struct CategoryProfile {      // the most over-represented level of a categorical column
  std::string column;
  std::string level;
  double share = 0.0;          // within the segment
  double overall_share = 0.0;  // in the whole base
};

// Where a segment's generated name comes from, so it can be written again in another language
// (LocalizeResult in localize.hpp).
enum class NameSource {
  kProfile,  // NameSegments: the features that differ most, the over-represented level
  kRfm,      // name_ref = id in RfmSegmentMap::Default() (RfmSegmentName)
  kRules,    // name_ref = group in SegmentResult::rules (RulesGroupName)
  kGiven,    // a name from outside (e.g. an edited RFM map): never rewritten
};

struct SegmentSummary {
  int id = 0;                 // 0-based inside the program; people and exports see id + 1
  std::string name;           // readable name, e.g. "High mrr, low support tickets"
  std::string description;    // one or two sentences: size, what sets it apart, KPIs
  NameSource name_source = NameSource::kProfile;
  int name_ref = -1;          // see NameSource
  size_t size = 0;
  double share = 0.0;         // size / rows
  std::vector<FeatureProfile> features;
  std::vector<CategoryProfile> categories;
  std::vector<KpiValue> kpis;
};

struct SegmentResult {
  std::string method = "kmeans";
  int k = 0;
  std::vector<std::string> feature_names;
  std::vector<PreparedFeature> preparation;  // fitted; part of the saved model
  std::vector<double> centroids;             // k x features, in the prepared space (GMM: means)
  std::optional<GmmModel> gmm;               // method gmm: weights, covariances, BIC
  // Method mixed: categorical columns, their modes per segment (level strings), mismatch weight.
  std::vector<std::string> categorical;
  std::vector<std::vector<std::string>> modes;  // k x categorical
  double gamma = 0.0;
  std::vector<int32_t> labels;               // one per table row, 0..k-1
  std::vector<SegmentSummary> segments;
  double inertia = 0.0;                      // on the prepared (scaled) features
  int iterations = 0;
  QualityScores quality;
  std::optional<AutoKResult> auto_k;         // when k was chosen automatically
  std::vector<KpiColumn> kpi_columns;        // the KPIs used: kind, source column, reason (detected or chosen)
  std::vector<float> pca;                    // row-major rows x 2: first two principal components
  std::array<double, 2> explained_variance_ratio{0.0, 0.0};
  std::vector<std::string> warnings;         // e.g. "column 'x' is constant and was left out"
  std::vector<Note> notes;                   // the values behind `warnings`, one for one (notes.hpp)
  std::optional<RulesModel> rules;           // method rules: the groups behind the segment names
  uint64_t seed = 0;
  std::string id_column;                     // the training file's identifier column ("" if none)
};

Result<SegmentResult> RunSegmentation(const io::Table& table, const SegmentParams& params);

// The same work in bounded slices, for the browser's frame loop:
//   auto job = SegmentationJob::Create(table, params);   // validates, prepares the features
//   while (job->Step()) {}                                 // each Step is one bounded piece
//   SegmentResult r = job->Take();
// `table` must outlive the job.
class SegmentationJob {
 public:
  static Result<SegmentationJob> Create(const io::Table& table, const SegmentParams& params);
  SegmentationJob(SegmentationJob&&) noexcept;
  SegmentationJob& operator=(SegmentationJob&&) noexcept;
  ~SegmentationJob();
  bool Step();                 // false once finished
  bool Done() const;
  double Progress() const;     // 0..1
  std::string Phase() const;   // "choosing k (trying 4)", "clustering", "profiling", "done"
  SegmentResult Take();
  // Set when the job ended without a result (Done() is true); Take() must not be used then.
  const Error* Failure() const;

 private:
  SegmentationJob();
  void FinishGmmSearch();
  bool StepGmm();
  bool StepMixed();
  std::optional<Error> FinishPreparation();  // names the features, sets up the k search or fit
  double WorkProgress() const;                // progress after the preparation, 0..1
  void Finish();      // starts the finishing steps: profiles, names, quality, PCA
  void StepFinish();  // one of them per Step
  struct State;
  std::unique_ptr<State> s_;
};

// Profiles, KPIs, names and descriptions for any labeling (also used by rules/RFM/GMM and by
// edits such as merging segments). Rows labelled -1 (e.g. left out of RFM) are skipped.
void ProfileSegments(const io::Table& table, const std::vector<PreparedFeature>& features,
                     const std::vector<int32_t>& labels, int k, const std::vector<KpiColumn>& kpis,
                     std::vector<SegmentSummary>& out);

// ProfileSegments in bounded pieces, so the browser can spread it over frames: each Step() profiles
// one numeric feature or one categorical column, and the last one the KPIs. The same work in the
// same order, so the profiles are identical. Everything passed in must outlive the profiler.
class SegmentProfiler {
 public:
  SegmentProfiler(const io::Table& table, const std::vector<PreparedFeature>& features,
                  const std::vector<int32_t>& labels, int k, const std::vector<KpiColumn>& kpis);
  bool Step();  // false once finished
  bool Done() const { return stage_ == 3; }
  double Progress() const;  // 0..1
  std::vector<SegmentSummary> Take() { return std::move(out_); }

 private:
  void ProfileFeature(const PreparedFeature& f);
  void ProfileCategories(size_t column);
  const io::Table* table_;
  const std::vector<PreparedFeature>* features_;
  const std::vector<int32_t>* labels_;
  const std::vector<KpiColumn>* kpis_;
  int k_;
  size_t K_, labelled_ = 0;
  int stage_ = 0;    // 0: numeric features, 1: categorical columns, 2: KPIs, 3: done
  size_t next_ = 0;  // next feature or column
  std::vector<SegmentSummary> out_;
  std::vector<size_t> start_, end_;
  std::vector<double> per_, all_;
};

// Readable segment names from the profiles: the one or two features that differ most from
// the whole base, e.g. "High mrr, low support tickets 90d"; unique within the result.
// German keeps the column names as they are and puts the level after them:
// "support tickets 90d niedrig, gross margin hoch", "orders 12m sehr hoch, überwiegend Professional".
void NameSegments(std::vector<SegmentSummary>& segments, Lang lang = Lang::kEn);
// The numeric columns as profile-only features (no transform), for methods without preparation.
std::vector<PreparedFeature> ProfileFeatures(const io::Table& table);
// One or two sentences per segment from its size, profiles, categories and KPIs, e.g.
// "851 customers (28%): support tickets 90d 1.65 vs 10.4 on average; 67% Starter (all: 42%). ..."
// / "851 Kunden (28 %): im Schnitt support tickets 90d 1,65 (alle: 10,4); 67 % Starter (alle: 42 %). ..."
void DescribeSegments(std::vector<SegmentSummary>& segments, Lang lang = Lang::kEn);
std::string DescribeSegment(const SegmentSummary& segment, Lang lang = Lang::kEn);

// REPORT.json: {"k", "method", "rows", "features", "inertia", "quality", "k_scores",
// "recommendation", "segments": [{"id", "name", "description", "size", "share", "feature_means",
// "profiles", "categories", "kpis"}], "warnings"}
nlohmann::json ReportToJson(const SegmentResult& result);

// MODEL.json: versioned, self-contained (preparation, centroids, names), applies to new files.
inline constexpr int kModelFormatVersion = 1;
// A model with merged segments carries an "edits" block (model_edits.hpp) and format version 2,
// so an older Segmenter refuses it instead of silently applying the unmerged segments.
inline constexpr int kModelEditsFormatVersion = 2;
nlohmann::json ModelToJson(const SegmentResult& result);
// The first identifier column's name, "" if there is none: the id a saved model names as
// "id_column", so `segmenter sql` returns the right id by default.
std::string IdColumnName(const io::Table& table);

struct Model {
  std::string method;
  int k = 0;
  std::optional<GmmModel> gmm;    // method gmm (labels and trace empty)
  std::vector<std::string> categorical;          // method mixed
  std::vector<std::vector<std::string>> modes;   // k x categorical
  double gamma = 0.0;
  std::vector<PreparedFeature> preparation;
  std::vector<double> centroids;  // k x features
  std::vector<std::string> names;
  std::optional<RulesModel> rules;  // method rules (no preparation, no centroids)
  std::optional<RfmModel> rfm;      // method rfm (no preparation, no centroids)
  std::string id_column;            // "id_column": the training file's identifier ("" in older models)
  nlohmann::json source;          // the parsed JSON, for method-specific parts
  // Saved segment edits (merges): computed segment (0..k-1) -> shown segment; empty = none.
  // With edits, `names` holds the shown segments' names and ApplyModel returns shown segments.
  std::vector<int> label_map;
  // Segments ApplyModel assigns (k without edits).
  int Segments() const { return label_map.empty() ? k : static_cast<int>(names.size()); }
};
// MODEL.json for the methods without preparation: method "rules" (key "rules", RulesModelToJson)
// or "rfm" (key "rfm", RfmModelToJson); `names` and `sizes` per segment; `id_column` as IdColumnName
// (or the customer column of a transaction file), left out when empty.
nlohmann::json MethodModelToJson(const std::string& method, const std::vector<std::string>& names,
                                 const std::vector<size_t>& sizes, const nlohmann::json& body,
                                 const std::string& id_column = {});
// Parses and validates a model (format, version, shapes, finite numbers); errors say what is wrong.
Result<Model> ModelFromJson(const nlohmann::json& j);
Result<Model> ParseModel(std::string_view text);
// Labels for every row of `table` (same columns as the training file, matched by name). Methods
// rules and rfm give -1 to rows they cannot place (a level or combination unseen in training, a
// missing R, F or M value); the others always give 0..k-1. Saved edits are applied: labels are
// then shown segments, 0..Segments()-1.
Result<std::vector<int32_t>> ApplyModel(const Model& model, const io::Table& table);

}  // namespace seg::analysis
