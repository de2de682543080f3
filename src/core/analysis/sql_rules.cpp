// A model's explanation rules as one CASE WHEN query (see sql_rules.hpp).
#include "seg/analysis/sql_rules.hpp"

#include "sql_dialect.hpp"

namespace seg::analysis {

namespace {

// One condition over the input table (alias seg_t: a missing column is an error). Text columns
// treat '' as missing, as the importer does; numbers are read as the importer reads them, also
// from text columns (blank or not a number: missing).
std::string ConditionSql(SqlDialect d, const RuleCondition& c) {
  const std::string col = sqldialect::Column(d, c.column);
  const std::string num = c.op == RuleOp::kLe || c.op == RuleOp::kGt ? sqldialect::Number(d, col) : std::string();
  std::string value_test, missing_test;
  switch (c.op) {
    case RuleOp::kLe: value_test = num + " <= " + sqldialect::Num(d, c.number); break;
    case RuleOp::kGt: value_test = num + " > " + sqldialect::Num(d, c.number); break;
    case RuleOp::kEq: value_test = "NULLIF(" + col + ", '') = " + sqldialect::Str(d, c.level); break;
    case RuleOp::kNe: value_test = "NULLIF(" + col + ", '') <> " + sqldialect::Str(d, c.level); break;
  }
  if (!c.missing) return value_test;
  missing_test = c.op == RuleOp::kLe || c.op == RuleOp::kGt ? num + " IS NULL" : "NULLIF(" + col + ", '') IS NULL";
  return "(" + value_test + " OR " + missing_test + ")";
}

}  // namespace

Result<std::string> RulesToSql(const Explanation& e, const std::vector<std::string>& names, const SqlOptions& o) {
  if (o.table.empty()) return MakeError("sql.no_table", "The query needs a table name.", "Pass --table TABLE.");
  if (e.rules.empty()) return MakeError("sql.no_rules", "The model holds no rules.", "Segment again with --explain --model MODEL.json.");
  const SqlDialect d = o.dialect;
  std::string out = "-- Segmenter rules (" + std::string(ExplainMethodName(e.method)) + ", " + std::to_string(e.Leaves()) +
                    " leaves, " + std::to_string(e.k) + " segments) as SQL for " + std::string(SqlDialectName(d)) +
                    ".\n-- Returns one row per input row: id, rule_segment (1.." + std::to_string(e.k) +
                    ") and segment_name, as `segmenter apply` writes rule_segment.\n";
  std::string when;
  for (const SegmentRule& r : e.rules) {
    std::string cond;
    for (const RuleCondition& c : r.conditions) cond += (cond.empty() ? "" : "\n         AND ") + ConditionSql(d, c);
    if (cond.empty()) cond = "1 = 1";
    when += "    WHEN " + cond + "\n      THEN " + std::to_string(r.segment + 1) + "\n";
  }
  std::string name_case = "CASE rule_segment";
  for (size_t s = 0; s < names.size(); ++s) name_case += " WHEN " + std::to_string(s + 1) + " THEN " + sqldialect::Str(d, names[s]);
  name_case += " END";
  if (names.empty()) name_case = "CAST(NULL AS " + std::string(d == SqlDialect::kBigQuery || d == SqlDialect::kSpark ? "STRING" : "VARCHAR(1)") + ")";
  const std::string id = o.id_column.empty() ? std::string(kSqlFallbackIdColumn) : o.id_column;  // the CLI passes SqlIdColumn
  out += "SELECT seg_id AS " + sqldialect::Ident(d, id) + ", rule_segment, " + name_case + " AS segment_name\nFROM (\n  SELECT " +
         sqldialect::Column(d, id) + " AS seg_id,\n  CASE\n" + when + "  END AS rule_segment\n  FROM " +
         sqldialect::From(d, o.table) + "\n) seg_rules;\n";
  return out;
}

}  // namespace seg::analysis
