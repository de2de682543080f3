// seg/analysis/rules.hpp — rule-based segments: one group per combination of 1..3 columns'
// levels (categorical, boolean) or bands (numeric), e.g. "Manufacturing · 51–200".
//
// Contract: nothing here throws on user data; every problem is an Error naming the column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

struct RuleSegments {
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
