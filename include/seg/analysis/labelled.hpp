// seg/analysis/labelled.hpp — a full SegmentResult (profiles, KPIs, descriptions, a PCA view) for
// methods that label rows without a model of their own: rule-based groups and RFM scores. The
// studio shows these exactly like clustering results.
//
// Contract: nothing here throws on user data; every problem is an Error naming the column.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "seg/analysis/rfm.hpp"
#include "seg/analysis/rules.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

// Profiles every segment on the table's numeric columns, applies `names`, and projects the rows
// on the first two principal components of those columns (z-scored, missing values at the mean).
// Rows labelled -1 are left out of profiles and drawn in no segment.
SegmentResult ResultFromLabels(const io::Table& table, std::string method, std::vector<int32_t> labels,
                               const std::vector<std::string>& names);

// Rule-based groups as a result (method "rules").
Result<SegmentResult> RulesResult(const io::Table& table, const std::vector<RuleColumn>& columns);

struct RfmTableResult {
  SegmentResult result;             // method "rfm"; rows left out of scoring are labelled -1
  std::vector<int> r_score, f_score, m_score;  // per table row, 0 where left out
  std::array<size_t, 25> grid{};    // customers per R x F cell, index (r-1)*5 + (f-1)
  AggregationReport report;
};
// RFM from a customer table's recency (days or a last-purchase date), frequency and monetary
// columns, with the default segment map.
Result<RfmTableResult> ScoreRfmTable(const io::Table& table, const std::string& recency_or_date,
                                 const std::string& frequency, const std::string& monetary);

// Best guesses for the RFM columns by name (EN/DE) and type, or "" where nothing fits.
struct RfmColumnGuess {
  std::string recency, frequency, monetary;
};
RfmColumnGuess GuessRfmColumns(const io::Table& table);

}  // namespace seg::analysis
