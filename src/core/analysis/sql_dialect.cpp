// The shared pieces of model-as-SQL writers (see sql_dialect.hpp): quoting, literals, columns,
// numbers from any column type, float rounding, the CTE chain, the final SELECT.
#include "seg/analysis/sql_dialect.hpp"

#include <cstdio>

namespace seg::analysis {

// ---- Quoting ------------------------------------------------------------------------------------

std::string SqlText::Quote(std::string_view text, char q) const {
  // BigQuery and Spark read backslash escapes inside quotes; the others double the quote.
  std::string out(1, q);
  for (char ch : text) {
    if (Backticks() && d_ == SqlDialect::kBigQuery && (ch == '\\' || ch == q)) {
      out += '\\';
      out += ch;
    } else if (Backticks() && q == '\'' && (ch == '\\' || ch == '\'')) {
      out += '\\';
      out += ch;
    } else if (Backticks() && (ch == '\n' || ch == '\r')) {
      out += ch == '\n' ? "\\n" : "\\r";
    } else if (ch == q) {
      out += q;
      out += q;
    } else {
      out += ch;
    }
  }
  out += q;
  return out;
}

std::string SqlText::Ident(std::string_view name) const { return Quote(name, Backticks() ? '`' : '"'); }
std::string SqlText::Str(std::string_view s) const { return Quote(s, '\''); }

std::string SqlText::Table(std::string_view qualified) const {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t dot = qualified.find('.', start);
    if (!out.empty()) out += '.';
    out += Ident(qualified.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

std::string SqlText::From(std::string_view qualified_table) const { return Table(qualified_table) + " AS " + kSqlTableAlias; }
std::string SqlText::Column(std::string_view name) const { return std::string(kSqlTableAlias) + "." + Ident(name); }

// ---- Numbers from any column type ----------------------------------------------------------------

std::string SqlText::Number(const std::string& c) const {
  // The importer's boolean words (io/value_parse.cpp kBoolPairs) over lower-cased trimmed text.
  auto words = [&](const std::string& lowered) {
    std::string e = "CASE " + lowered;
    for (const char* w : {"true", "yes", "ja", "y", "wahr", "t", "j"}) e += " WHEN '" + std::string(w) + "' THEN " + Num(1.0);
    for (const char* w : {"false", "no", "nein", "n", "falsch", "f"}) e += " WHEN '" + std::string(w) + "' THEN " + Num(0.0);
    return e + " END";
  };
  const std::string blanks = Str(" \t");  // spaces and tabs, as the importer trims
  switch (d_) {
    case SqlDialect::kSqlite: {
      // Stored numbers as they are (text of a REAL has only 15 digits). Text: CAST reads the
      // longest numeric prefix ('12abc' -> 12, '' -> 0), so the CAST must equal the text itself:
      // the REAL affinity of the CAST applies numeric affinity to the other side, which turns only
      // a well-formed number into a number (a text never equals a number).
      const std::string t = "trim(" + c + ", " + blanks + ")";
      return "CASE WHEN typeof(" + c + ") IN ('integer', 'real') THEN CAST(" + c + " AS REAL) WHEN CAST(" + t + " AS REAL) = " + t +
             " THEN CAST(" + t + " AS REAL) ELSE " + words("lower(" + t + ")") + " END";
    }
    case SqlDialect::kPostgres: {
      // No TRY_CAST: the text (numbers print exactly: NUMERIC as written, float8 shortest
      // round-trip) must match a number literal before the cast.
      const std::string t = "btrim(CAST(" + c + " AS TEXT), " + blanks + ")";
      return "CASE WHEN " + t + " ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN CAST(" + t +
             " AS DOUBLE PRECISION) ELSE " + words("lower(" + t + ")") + " END";
    }
    case SqlDialect::kDuckDb:
      return "COALESCE(TRY_CAST(" + c + " AS DOUBLE), TRY_CAST(trim(CAST(" + c + " AS VARCHAR), " + blanks + ") AS DOUBLE), " +
             words("lower(trim(CAST(" + c + " AS VARCHAR), " + blanks + "))") + ")";
    case SqlDialect::kBigQuery:  // FLOAT64 -> STRING is approximate: numbers are cast directly
      return "COALESCE(SAFE_CAST(" + c + " AS FLOAT64), SAFE_CAST(TRIM(CAST(" + c + " AS STRING), " + blanks + ") AS FLOAT64), " +
             words("LOWER(TRIM(CAST(" + c + " AS STRING), " + blanks + "))") + ")";
    case SqlDialect::kSpark:  // TRY_CAST (Spark 3.2+) trims whitespace itself
      return "COALESCE(TRY_CAST(" + c + " AS DOUBLE), " + words("lower(trim(BOTH " + blanks + " FROM CAST(" + c + " AS STRING)))") + ")";
  }
  return ToDouble(c);
}

// ---- Literals and float rounding -----------------------------------------------------------------

const char* SqlText::DoubleType() const {
  switch (d_) {
    case SqlDialect::kPostgres: return "DOUBLE PRECISION";
    case SqlDialect::kSqlite: return "REAL";
    case SqlDialect::kBigQuery: return "FLOAT64";
    case SqlDialect::kDuckDb:
    case SqlDialect::kSpark: return "DOUBLE";
  }
  return "DOUBLE PRECISION";
}

std::string SqlText::ToDouble(const std::string& expr) const { return std::string("CAST(") + expr + " AS " + DoubleType() + ")"; }

// %.17g round-trips. Plain decimal literals are NUMERIC / DECIMAL in PostgreSQL, DuckDB and
// Spark, so those get a type.
std::string SqlText::Num(double v) const {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  switch (d_) {
    case SqlDialect::kPostgres: s += "::float8"; break;
    case SqlDialect::kDuckDb: s = "CAST('" + s + "' AS DOUBLE)"; break;  // DECIMAL -> DOUBLE may round twice
    case SqlDialect::kSpark:
      for (char& ch : s) ch = ch == 'e' ? 'E' : ch;
      s += "D";
      break;
    case SqlDialect::kSqlite:
    case SqlDialect::kBigQuery: break;
  }
  return v < 0 ? "(" + s + ")" : s;
}

std::string SqlText::Int(long long v) const {
  std::string s = std::to_string(v);
  if (v < 0) s = '(' + s + ')';  // char + string: GCC 12 warns falsely (-Wrestrict) on "(" + string
  return s;
}

// Veltkamp splitting with s = 29 = 53 - 24: hi = a*(2^29+1) - (a*(2^29+1) - a) is `a` rounded
// to 24 significant bits, ties to even (Dekker 1971); valid for |a| < 2^98.
std::string SqlText::F32(const std::string& e) const {
  const std::string big = "(" + e + ") * " + Num(536870913.0);
  return "(" + big + " - (" + big + " - (" + e + ")))";
}

std::string SqlText::DaysBefore(const std::string& as_of, const std::string& col) const {
  const std::string day = "DATE '" + as_of + "'";
  switch (d_) {
    // Text that is not a date (blank, "n/a") is missing, as in the importer, never an error.
    case SqlDialect::kPostgres: {
      const std::string t = "btrim(CAST(" + col + " AS TEXT))";
      return "(" + day + " - CASE WHEN " + t + " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$' THEN CAST(" + t + " AS DATE) END)";
    }
    case SqlDialect::kSqlite: return "(julianday('" + as_of + "') - julianday(date(" + col + ")))";  // NULL if not a date
    case SqlDialect::kDuckDb: return "date_diff('day', TRY_CAST(" + col + " AS DATE), " + day + ")";
    case SqlDialect::kBigQuery: return "DATE_DIFF(" + day + ", SAFE_CAST(" + col + " AS DATE), DAY)";
    case SqlDialect::kSpark: return "datediff(" + day + ", TRY_CAST(" + col + " AS DATE))";
  }
  return {};
}

// ---- The query ---------------------------------------------------------------------------------

void SqlQuery::Step(const std::string& name, const Columns& columns, const std::string& from_table, const std::string& id_expr) {
  std::string s = name + (materialize_ ? " AS MATERIALIZED (\n  SELECT " : " AS (\n  SELECT ") +
                  (id_expr == "seg_id" ? id_expr : id_expr + " AS seg_id");
  for (const auto& [expr, alias] : columns) s += ",\n    " + (expr == alias ? alias : expr + " AS " + alias);
  s += "\n  FROM " + (from_table.empty() ? last_ : from_table) + "\n)";
  steps_.push_back(std::move(s));
  last_ = name;
}

std::string SqlQuery::Render(const std::string& header, const std::string& final_select) const {
  std::string out = header + "WITH\n";
  for (size_t i = 0; i < steps_.size(); ++i) out += steps_[i] + (i + 1 < steps_.size() ? ",\n" : "\n");
  return out + final_select + ";\n";
}

std::string SqlCol(const char* prefix, size_t i) { return prefix + std::to_string(i + 1); }
std::string SqlCol(const char* prefix, size_t i, size_t j) { return prefix + std::to_string(i + 1) + "_" + std::to_string(j + 1); }

std::string SqlIdColumn(const Model& m, const SqlOptions& o) {
  if (!o.id_column.empty()) return o.id_column;
  if (!m.id_column.empty()) return m.id_column;
  return kSqlFallbackIdColumn;
}

std::string SqlFinalSelect(const SqlText& dl, const SqlOptions& o, std::string segment_expr, const std::string& from, const Model& m) {
  const std::vector<std::string>& names = m.names;
  if (!m.label_map.empty()) {
    std::string mapped = "CASE " + segment_expr;
    for (size_t g = 0; g < m.label_map.size(); ++g)
      mapped += " WHEN " + std::to_string(g + 1) + " THEN " + std::to_string(m.label_map[g] + 1);
    segment_expr = mapped + " END";
  }
  std::string name_case = "CASE segment";
  for (size_t s = 0; s < names.size(); ++s) name_case += " WHEN " + std::to_string(s + 1) + " THEN " + dl.Str(names[s]);
  name_case += " END";
  return "SELECT seg_id AS " + dl.Ident(SqlIdColumn(m, o)) + ", segment, " + name_case + " AS segment_name\nFROM (\n  SELECT seg_id, " +
         segment_expr + " AS segment\n  FROM " + from + "\n) seg_labels";
}

std::string SqlHeader(const Model& m, const SqlOptions& o, const std::string& what) {
  return "-- Segmenter model (method " + m.method + ", " + std::to_string(m.Segments()) + " segments) as SQL for " +
         std::string(SqlDialectName(o.dialect)) + ".\n-- " + what + "\n-- Returns one row per input row: id, segment (1.." +
         std::to_string(m.Segments()) + ") and segment_name, as `segmenter apply` would.\n";
}

}  // namespace seg::analysis

// Free-function shorthands for the other writers (src/core/analysis/sql_dialect.hpp).
namespace seg::analysis::sqldialect {
std::string Ident(SqlDialect d, std::string_view name) { return SqlText(d).Ident(name); }
std::string Str(SqlDialect d, std::string_view text) { return SqlText(d).Str(text); }
std::string Table(SqlDialect d, std::string_view qualified) { return SqlText(d).Table(qualified); }
std::string Num(SqlDialect d, double v) { return SqlText(d).Num(v); }
std::string From(SqlDialect d, std::string_view qualified) { return SqlText(d).From(qualified); }
std::string Column(SqlDialect d, std::string_view name) { return SqlText(d).Column(name); }
std::string Number(SqlDialect d, const std::string& column) { return SqlText(d).Number(column); }
}  // namespace seg::analysis::sqldialect
