// seg/analysis/rules.hpp — rule-based segments: one group per combination of 1..3 columns'
// levels (categorical, boolean) or bands (numeric), e.g. "Manufacturing · 51–200".
//
// Contract: nothing here throws on user data; every problem is an Error naming the column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

struct Band {
  double lo, hi;      // [lo, hi); -inf / +inf for open ends
  std::string label;
};

struct RuleColumn {
  std::string column;
  // kNone: by level (categorical, boolean, identifier, text) or by exact value (numeric with at
  //        most 50 distinct values).
  // kDefaultSize: company-size bands "1–20", "21–50", "51–200", "201–500", ">500" (employees;
  //        values below 1 get a "<1" band).
  // kQuantiles: `quantiles` equal-count bands, labelled with the range of their values ("12–40").
  // kCuts: user cut points (strictly increasing): "<c1", "c1–<c2", ..., "≥ck".
  enum class Banding { kNone, kDefaultSize, kQuantiles, kCuts } banding = Banding::kNone;
  int quantiles = 4;
  std::vector<double> cuts;
};

// What labels other rows like the training rows (MODEL.json method "rules", `segmenter apply`,
// `segmenter sql`): per column how a value becomes a level, and per group its levels.
struct RuleColumnModel {
  std::string column;
  // kLevels: the level text; kBoolean: 0 -> level 0 ("no"), non-zero -> 1; kValues: the exact
  // number (dates: the day); kBands: the band holding the value.
  enum class Kind { kLevels, kBoolean, kValues, kBands } kind = Kind::kLevels;
  bool date = false;                // values / band edges are days since 1970-01-01
  std::vector<std::string> levels;  // kLevels, index = level
  std::vector<double> values;       // kValues, index = level
  std::vector<Band> bands;          // kBands, index = level
  std::vector<std::string> labels;  // one per level
};
struct RulesModel {
  std::vector<RuleColumnModel> columns;
  std::vector<std::vector<int32_t>> groups;  // per group (segment): level per column, -1 = missing
};
nlohmann::json RulesModelToJson(const RulesModel& m);  // {"columns": [...], "groups": [[...], ...]}
Result<RulesModel> RulesModelFromJson(const nlohmann::json& j);  // checks every type and index
// Group per row of `t` (columns matched by name); -1 where a level or a combination of levels
// never occurred in training. Errors: a missing column, a column of the wrong kind.
Result<std::vector<int32_t>> ApplyRules(const RulesModel& m, const io::Table& t);

struct RuleSegments {
  RulesModel model;
  std::vector<std::string> names;         // e.g. "Manufacturing · 51–200"; labels joined by " · "
  std::vector<int32_t> labels;            // per row, index into names (every row has a group)
  std::vector<size_t> sizes;              // rows per group
  std::vector<std::string> column_names;  // the columns used, in order
};

// 1..3 columns. Categorical/boolean by level, numeric by band; a missing value is its own
// "(missing)" level. Groups are ordered by size descending, ties by name.
// Errors: 0 or more than 3 columns, unknown column, the same column twice, a text/identifier
// column with more than 50 levels, banding on a non-numeric column, a numeric column with more
// than 50 distinct values and no banding, cuts not strictly increasing, quantiles < 2.
Result<RuleSegments> SegmentByRules(const io::Table& t, const std::vector<RuleColumn>& columns);

// The bands behind the banding modes (exposed for the UI and tests).
std::vector<Band> DefaultSizeBands();
// Equal-count bands over the non-missing values; tied values never straddle a band, so there may
// be fewer than `q` bands. Labels are the min–max of the values inside each band.
std::vector<Band> QuantileBands(const std::vector<double>& values, int q);
// Bands (-inf, c1), [c1, c2), ..., [ck, +inf). Cuts must be finite and strictly increasing.
Result<std::vector<Band>> CutBands(const std::vector<double>& cuts);
// Index of the band containing v, or -1.
int FindBand(const std::vector<Band>& bands, double v);

}  // namespace seg::analysis
