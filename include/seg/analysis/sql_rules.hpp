// seg/analysis/sql_rules.hpp — a model's explanation rules (explain.hpp) as one SQL query: one
// CASE WHEN per leaf, so a warehouse or CRM list reproduces `rule_segment` and updates itself as
// customers change (`segmenter sql MODEL.json --rules`).
//
// Every condition is written as the core evaluates it: numbers compared as doubles with exact
// literals, levels as exact strings, and a missing value (NULL, or '' for text) sent to the side
// the rule sends it (its imputed value's side), so each row meets exactly one leaf.
#pragma once

#include <string>
#include <vector>

#include "seg/analysis/explain.hpp"
#include "seg/analysis/sql.hpp"
#include "seg/common/result.hpp"

namespace seg::analysis {

// SELECT id, rule_segment (1..k), segment_name FROM table. `names`: one per segment (may be empty).
Result<std::string> RulesToSql(const Explanation& e, const std::vector<std::string>& names, const SqlOptions& options);

}  // namespace seg::analysis
