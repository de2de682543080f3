// seg/analysis/explain.hpp — segments explained as threshold rules a person can read and a CRM
// can apply: IMM (Dasgupta, Frost, Moshkovitz & Rashtchian, "Explainable k-Means and k-Medians
// Clustering", ICML 2020) builds a threshold tree with exactly k leaves; ExKMC (Frost, Moshkovitz
// & Rashtchian, "ExKMC: Expanding Explainable k-Means Clustering", 2020) expands it greedily to
// more leaves, each new split the one that lowers the k-means surrogate cost most.
//
// Two layers:
//   BuildImmTree / ExpandTree work on the prepared matrix (float, row-major) and the centres, and
//   return a PreparedTree (feature index + threshold in prepared units per split).
//   ExplainSegmentation runs them for a SegmentResult (k-means, GMM means, k-prototypes'
//   numeric prototypes) and states every split in the ORIGINAL units of the file: scaling, log1p,
//   clipping and imputation are monotone, so "prepared <= t" is "original <= t'" with t' halfway
//   between the neighbouring original values; a one-hot indicator becomes "== level" / "!= level";
//   a missing value goes where its imputed value (numeric median, categorical mode) goes.
//
// Contracts: deterministic (ties go to the lower feature index, then the lower threshold), so
// native == wasm. Applying `rules` (ApplyExplanation, or by hand on the original values) gives
// exactly `rule_labels` on the training file. Nothing here throws on user data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/analysis/prep.hpp"
#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

struct SegmentResult;  // segmentation.hpp

enum class ExplainMethod { kImm, kExKmc };
std::string_view ExplainMethodName(ExplainMethod m);  // "imm", "exkmc"

// ---- Prepared space --------------------------------------------------------------------------

struct PreparedNode {
  int feature = -1;        // -1: leaf
  double threshold = 0.0;  // x[feature] <= threshold goes left
  int left = -1, right = -1;
  int segment = -1;        // leaves: the centre the leaf's customers are given
};
struct PreparedTree {
  std::vector<PreparedNode> nodes;  // nodes[0] is the root
  int Leaves() const;
  int Leaf(const float* row) const;  // node index of the leaf `row` reaches
};

// IMM: a tree with one leaf per centre (k leaves). At each node every splittable feature is swept
// once in sorted order (the points are sorted per feature once, O(d n log n), each node filters the
// sorted order, O(d n)) and the threshold between two centres with the fewest mistakes (points
// separated from their own centre) wins; mistakes leave the subtree's data, as in the paper.
// `labels` gives each row's centre (0..k-1); `splittable` (size dim, empty = all) excludes
// features no rule can state. Centres: k x dim, row-major.
PreparedTree BuildImmTree(const float* x, size_t n, size_t dim, const std::vector<double>& centres, int k,
                          const std::vector<int32_t>& labels, const std::vector<bool>& splittable = {});
// ExKMC: splits leaves until the tree has `leaves` leaves (or no split lowers the surrogate cost:
// every leaf's points to the one centre that suits them best). Each leaf's segment is that centre.
void ExpandTree(PreparedTree& tree, const float* x, size_t n, size_t dim, const std::vector<double>& centres, int k,
                int leaves, const std::vector<bool>& splittable = {});

// ---- Original units --------------------------------------------------------------------------

enum class RuleOp { kLe, kGt, kEq, kNe };
std::string_view RuleOpName(RuleOp op);  // "<=", ">", "==", "!="

struct RuleCondition {
  std::string column;
  RuleOp op = RuleOp::kLe;
  double number = 0.0;   // kLe, kGt
  std::string level;     // kEq, kNe
  bool missing = false;  // a missing value satisfies this condition (it goes this way)
  bool missing_seen = false;  // the training column had missing values (texts then say where they go)
  bool Holds(const io::Column& col, size_t row) const;
};

struct SegmentRule {  // one leaf
  int segment = 0;        // 0-based
  size_t customers = 0;   // training rows in this leaf
  std::vector<RuleCondition> conditions;  // all must hold
};

struct ExplainNode {  // the tree in original units (saved in the model for apply and sql)
  int left = -1, right = -1;  // -1: leaf
  int segment = -1;
  RuleCondition go_left;      // the left child's condition (the right child's is its negation)
};

struct Explanation {
  ExplainMethod method = ExplainMethod::kImm;
  int k = 0;
  std::vector<ExplainNode> nodes;
  std::vector<SegmentRule> rules;     // one per leaf, in tree order (left first)
  std::vector<int32_t> rule_labels;   // training rows: the segment the rules give (0-based)
  double agreement = 0.0;             // share of rows whose rule segment is their segment
  double tree_cost = 0.0;             // k-means cost of the rule partition (own means, prepared)
  double clustering_cost = 0.0;       // the same for the clustering's labels
  double cost_ratio = 1.0;            // tree_cost / clustering_cost
  std::vector<double> fits;           // per segment: share of its customers its rules place in it
  int Leaves() const { return static_cast<int>(rules.size()); }
};

struct ExplainOptions {
  int leaves = 0;  // 0 or k: IMM; more: ExKMC up to this many leaves (at most 1024)
};

// The tree for a clustering result on `table` (the file it was fitted on). Errors: no centres
// (methods rules / rfm), no feature a rule can state, leaves below k or above 1024.
Result<Explanation> ExplainSegmentation(const io::Table& table, const SegmentResult& result,
                                        const ExplainOptions& options = {});
// The segment (0-based) the saved rules give every row of `table` (columns matched by name);
// error when a column is missing or has another kind (numbers vs levels).
Result<std::vector<int32_t>> ApplyExplanation(const Explanation& e, const io::Table& table);
// The k-means cost of a labelling: squared distances to each label's mean (rows labelled < 0 skipped).
double PartitionCost(const float* x, size_t n, size_t dim, const std::vector<int32_t>& labels, int k);

// "Segment 3 ≈ employees > 200 and nps ≤ 6 — fits 94 % of its customers" (segment is 0-based;
// several leaves are joined with "or"; "> a" and "<= b" on one column read "a < column ≤ b").
// German: "… und … — trifft auf 94 % seiner Kunden zu".
std::string RuleText(const Explanation& e, int segment, Lang lang = Lang::kEn);
std::string ConditionText(const RuleCondition& c, Lang lang = Lang::kEn);
// "Rules (imm, 4 leaves): agreement 92.5%, cost ratio 1.1719" / "Regeln (imm, 4 Blätter): Übereinstimmung 92,5 %, Kostenverhältnis 1,1719".
std::string ExplanationSummary(const Explanation& e, Lang lang = Lang::kEn);

// REPORT.json / MODEL.json "explanation": {"method", "leaves", "agreement", "cost_ratio",
// "tree_cost", "clustering_cost", "rules": [{"segment" (1-based), "customers", "text",
// "conditions": [{"column", "op", "value", "missing"}]}], "tree": [...]}.
nlohmann::json ExplanationToJson(const Explanation& e, Lang lang = Lang::kEn);
Result<Explanation> ExplanationFromJson(const nlohmann::json& j);

}  // namespace seg::analysis
