// seg/analysis/sql.hpp — a saved model as one standard SQL query, to segment where the data lives.
//
// ModelToSql turns a Model (segmentation.hpp) into a single SELECT (common table expressions, no
// user-defined functions) that returns, for every row of a warehouse table, the customer id, the
// segment id (1..k, like `segmenter apply`) and the segment name.
//
// Supported: method kmeans (preparation + nearest centroid), rules (level / band per column + the
// group map), rfm from customer columns with recency in days or a last-purchase date (score band
// edges + segment map), and rfm from transactions (the query reads the transaction table, sums its
// used lines per customer with the rules of transactions.hpp and the model's as-of day, one row per
// customer, then scores). Refused with an error naming what is supported: gmm, mixed, rules on date
// columns, rfm from transactions saved without its as-of day.
//
// Exactness contract (k-means): the core prepares every value in double precision, stores it as a
// 32-bit float and sums squared distances in float (kmeans.hpp SquaredDistance). The query does
// the same in IEEE double arithmetic and rounds to float after every step with Veltkamp's
// splitting (hi = a*(2^29+1) - (a*(2^29+1) - a): a rounded to 24 significant bits, ties to even;
// Dekker 1971), so distances are the core's bit for bit. The one difference is log1p, computed as
// ln(1+v)*v/((1+v)-1) (Goldberg 1991, Theorem 4), within a few ulps of std::log1p and identical
// after rounding to float in practice. Ties go to the lowest segment id, as in the core.
//
// Input contract: numeric columns may be typed numbers or text (as SQLite's `.import` and DuckDB's
// `read_csv` leave a column with blank cells). Text is trimmed and read as a plain number literal;
// blank, whitespace-only and anything that is not a number is missing (NULL) and imputed like a
// missing value in the core, never 0 and never an error. The CSV importer's decimal commas,
// thousands separators, percent signs and units are not re-parsed (such text is missing too).
// Booleans are numbers (0/1, any non-zero is true) or the importer's words (true/false, yes/no,
// ja/nein, y/n, wahr/falsch, t/f, j/n). Categorical levels are the exact strings the model was
// trained on. Every column is referenced as `seg_t."name"`, so a column the table lacks is an
// error in every dialect (SQLite would read an unqualified unknown "name" as a string).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "seg/analysis/segmentation.hpp"
#include "seg/common/result.hpp"

namespace seg::analysis {

enum class SqlDialect { kPostgres, kSqlite, kDuckDb, kBigQuery, kSpark };
std::string_view SqlDialectName(SqlDialect d);  // "postgres", "sqlite", "duckdb", "bigquery", "spark"
std::optional<SqlDialect> ParseSqlDialect(std::string_view s);

struct SqlOptions {
  SqlDialect dialect = SqlDialect::kPostgres;
  std::string table;                     // may be qualified: "schema.table", "project.dataset.table"
  // Returned as the first column, unchanged. Empty: the model's identifier column ("id_column",
  // the training file's first identifier column), else "customer_id" (SqlIdColumn).
  std::string id_column;
};

// One query (ending in ";\n"). Errors: unsupported method / model form, empty table name.
Result<std::string> ModelToSql(const Model& model, const SqlOptions& options);

}  // namespace seg::analysis
