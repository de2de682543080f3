// seg/analysis/sql_dialect.hpp — the pieces every model-as-SQL writer shares: per-dialect quoting,
// typed number literals, column references that fail loudly, numbers read from any column type,
// float rounding, and the chain of common table expressions (sql.cpp for k-means / rules / RFM;
// other writers, such as rule explanations, build on the same pieces).
//
// Column references are always qualified with the input table's alias (`seg_t."col"`): SQLite
// reads an unknown double-quoted *unqualified* name as a string literal, a qualified one is an
// error ("no such column") as in PostgreSQL, DuckDB, BigQuery and Spark.
//
// Numbers read from a column (SqlText::Number) follow the CSV importer whatever the column's type
// in the warehouse (a number, or text as SQLite's `.import` and DuckDB's `read_csv` leave a column
// with blank cells): a number is used as it is; text is trimmed, a number literal is read exactly,
// the importer's boolean words (true/false, yes/no, ja/nein, y/n, wahr/falsch, t/f, j/n; any case)
// are 1/0, and everything else — blank, whitespace, "n/a", "12abc" — is missing (NULL), never 0
// and never an error.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seg/analysis/sql.hpp"

namespace seg::analysis {

// The alias of the input table in the first step; column references are `seg_t.<ident>`.
inline constexpr const char* kSqlTableAlias = "seg_t";

class SqlText {
 public:
  explicit SqlText(SqlDialect d) : d_(d) {}
  SqlDialect dialect() const { return d_; }

  // PostgreSQL, SQLite and DuckDB know `AS MATERIALIZED`; BigQuery and Spark do not.
  bool CanMaterialize() const { return !Backticks(); }
  bool Backticks() const { return d_ == SqlDialect::kBigQuery || d_ == SqlDialect::kSpark; }

  std::string Ident(std::string_view name) const;  // "name" / `name`, escaped
  std::string Str(std::string_view s) const;       // 'text', escaped
  std::string Table(std::string_view qualified) const;  // "schema.table" -> each part quoted
  // The input table with its alias, for the FROM of the first step: "schema"."t" AS seg_t.
  std::string From(std::string_view qualified_table) const;
  // A column of the input table: seg_t."name" (a missing column is an error in every dialect).
  std::string Column(std::string_view name) const;
  // The column's value as a double under the importer's rules (see the file comment); NULL for
  // missing. `column` must be a plain column reference (it is named several times).
  std::string Number(const std::string& column) const;

  const char* DoubleType() const;
  std::string ToDouble(const std::string& expr) const;  // CAST(expr AS <double>)
  // A double-typed literal that parses back to exactly `v`.
  std::string Num(double v) const;
  std::string Int(long long v) const;
  // `e` rounded to the nearest 32-bit float, ties to even (Veltkamp splitting, Dekker 1971);
  // `e` appears three times, so it should be a column or a small expression.
  std::string F32(const std::string& e) const;
  // Whole days from a date (or timestamp) expression to the ISO day `as_of` (YYYY-MM-DD).
  std::string DaysBefore(const std::string& as_of, const std::string& date_expr) const;

 private:
  std::string Quote(std::string_view text, char q) const;
  SqlDialect d_;
};

// WITH a AS (SELECT seg_id, ... FROM <table> AS seg_t), b AS (SELECT seg_id, ... FROM a), ... SELECT ...
//
// Each step reads only plain columns of the one before, but F32 names its argument three times, so
// an engine that inlines the steps would grow every expression 3x per step. PostgreSQL, SQLite and
// DuckDB inline a CTE used once unless it is MATERIALIZED; BigQuery and Spark have no such keyword
// (Spark's CollapseProject keeps non-trivial expressions that are used more than once apart).
class SqlQuery {
 public:
  using Columns = std::vector<std::pair<std::string, std::string>>;  // (expression, alias)
  explicit SqlQuery(const SqlText& text) : materialize_(text.CanMaterialize()) {}
  // Adds a step selecting `columns` from the previous step; the first step passes `from_table`
  // (SqlText::From) and the row id expression, named seg_id.
  void Step(const std::string& name, const Columns& columns, const std::string& from_table = {},
            const std::string& id_expr = "seg_id");
  const std::string& Last() const { return last_; }
  std::string Render(const std::string& header, const std::string& final_select) const;

 private:
  bool materialize_ = false;
  std::vector<std::string> steps_;
  std::string last_;
};

// "c1", "c12", "a3_2": generated column names.
std::string SqlCol(const char* prefix, size_t i);
std::string SqlCol(const char* prefix, size_t i, size_t j);

// The id column the query returns: options.id_column, else the model's identifier column, else
// kSqlFallbackIdColumn (an older model that does not name it; the CLI warns).
inline constexpr const char* kSqlFallbackIdColumn = "customer_id";
std::string SqlIdColumn(const Model& model, const SqlOptions& options);

// The final SELECT: id, segment (1-based, from `segment_expr` over `from`) and its name. A model
// with saved edits (merged segments) maps the computed segment to the shown one, as ApplyModel does.
std::string SqlFinalSelect(const SqlText& text, const SqlOptions& options, std::string segment_expr,
                           const std::string& from, const Model& model);
// "-- Segmenter model (method ..., k segments) as SQL for <dialect>.\n-- <what>\n-- Returns ...\n"
std::string SqlHeader(const Model& model, const SqlOptions& options, const std::string& what);

}  // namespace seg::analysis
