// A saved model as one standard SQL query (see sql.hpp for the exactness and input contracts).
//
// [SECTION] Dialect: quoting, typed number literals, float rounding
// [SECTION] Query: a chain of common table expressions, one small step each
// [SECTION] k-means: prepare -> round to float -> squared distances in float -> nearest centroid
// [SECTION] rules and RFM: CASE bands + the group / segment map
#include "seg/analysis/sql.hpp"
#include "sql_dialect.hpp"

#include <cmath>
#include <cstdio>
#include <array>
#include <map>
#include <utility>
#include <vector>

#include "seg/io/value_parse.hpp"

namespace seg::analysis {

std::string_view SqlDialectName(SqlDialect d) {
  switch (d) {
    case SqlDialect::kPostgres: return "postgres";
    case SqlDialect::kSqlite: return "sqlite";
    case SqlDialect::kDuckDb: return "duckdb";
    case SqlDialect::kBigQuery: return "bigquery";
    case SqlDialect::kSpark: return "spark";
  }
  return "postgres";
}

std::optional<SqlDialect> ParseSqlDialect(std::string_view s) {
  for (SqlDialect d : {SqlDialect::kPostgres, SqlDialect::kSqlite, SqlDialect::kDuckDb, SqlDialect::kBigQuery, SqlDialect::kSpark})
    if (s == SqlDialectName(d)) return d;
  if (s == "postgresql") return SqlDialect::kPostgres;
  return std::nullopt;
}

namespace {

// ---- [SECTION] Dialect ------------------------------------------------------------------------

class Dialect {
 public:
  explicit Dialect(SqlDialect d) : d_(d) {}

  bool CanMaterialize() const { return !Backticks(); }
  bool Backticks() const { return d_ == SqlDialect::kBigQuery || d_ == SqlDialect::kSpark; }
  // BigQuery and Spark read backslash escapes inside quotes; the others double the quote.
  bool BackslashEscapes() const { return Backticks(); }

  std::string Quote(std::string_view text, char q) const {
    std::string out(1, q);
    for (char ch : text) {
      if (BackslashEscapes() && d_ == SqlDialect::kBigQuery && (ch == '\\' || ch == q)) {
        out += '\\';
        out += ch;
      } else if (BackslashEscapes() && q == '\'' && (ch == '\\' || ch == '\'')) {
        out += '\\';
        out += ch;
      } else if (BackslashEscapes() && (ch == '\n' || ch == '\r')) {
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

  std::string Ident(std::string_view name) const { return Quote(name, Backticks() ? '`' : '"'); }
  std::string Str(std::string_view s) const { return Quote(s, '\''); }

  // "schema.table" -> each part quoted on its own.
  std::string Table(std::string_view qualified) const {
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

  const char* DoubleType() const {
    switch (d_) {
      case SqlDialect::kPostgres: return "DOUBLE PRECISION";
      case SqlDialect::kSqlite: return "REAL";
      case SqlDialect::kBigQuery: return "FLOAT64";
      case SqlDialect::kDuckDb:
      case SqlDialect::kSpark: return "DOUBLE";
    }
    return "DOUBLE PRECISION";
  }
  std::string ToDouble(const std::string& expr) const { return std::string("CAST(") + expr + " AS " + DoubleType() + ")"; }

  // A double-typed literal that parses back to exactly `v` (%.17g round-trips). Plain decimal
  // literals are NUMERIC / DECIMAL in PostgreSQL, DuckDB and Spark, so those get a type.
  std::string Num(double v) const {
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
  std::string Int(long long v) const { return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v); }

  // `column_expr` rounded to the nearest 32-bit float, ties to even (Veltkamp splitting with
  // s = 29 = 53 - 24; valid for |v| < 2^98, far beyond prepared features). The argument should be
  // a column or a small expression: it appears three times.
  std::string F32(const std::string& e) const {
    const std::string big = "(" + e + ") * " + Num(536870913.0);
    return "(" + big + " - (" + big + " - (" + e + ")))";
  }

 private:
  SqlDialect d_;
};

// ---- [SECTION] Query --------------------------------------------------------------------------

// WITH a AS (SELECT seg_id, ... FROM <table>), b AS (SELECT seg_id, ... FROM a), ... SELECT ...
//
// Each step reads only plain columns of the one before, but F32 names its argument three times, so
// an engine that inlines the steps would grow every expression 3x per step. PostgreSQL, SQLite and
// DuckDB inline a CTE used once unless it is MATERIALIZED; BigQuery and Spark have no such keyword
// (Spark's CollapseProject keeps non-trivial expressions that are used more than once apart).
class Query {
 public:
  explicit Query(bool materialize) : materialize_(materialize) {}
  // Adds a step selecting `columns` (expression, alias) from the previous step; the first step
  // reads `from_table` and names the row id `seg_id`.
  void Step(const std::string& name, const std::vector<std::pair<std::string, std::string>>& columns,
            const std::string& from_table = {}, const std::string& id_expr = "seg_id") {
    std::string s = name + (materialize_ ? " AS MATERIALIZED (\n  SELECT " : " AS (\n  SELECT ") + (id_expr == "seg_id" ? id_expr : id_expr + " AS seg_id");
    for (const auto& [expr, alias] : columns) s += ",\n    " + (expr == alias ? alias : expr + " AS " + alias);
    s += "\n  FROM " + (from_table.empty() ? last_ : from_table) + "\n)";
    steps_.push_back(std::move(s));
    last_ = name;
  }
  const std::string& Last() const { return last_; }
  std::string Render(const std::string& header, const std::string& final_select) const {
    std::string out = header + "WITH\n";
    for (size_t i = 0; i < steps_.size(); ++i) out += steps_[i] + (i + 1 < steps_.size() ? ",\n" : "\n");
    return out + final_select + ";\n";
  }

 private:
  bool materialize_ = false;
  std::vector<std::string> steps_;
  std::string last_;
};

std::string Col(const char* prefix, size_t i) { return prefix + std::to_string(i + 1); }
std::string Col(const char* prefix, size_t i, size_t j) { return prefix + std::to_string(i + 1) + "_" + std::to_string(j + 1); }

// The final SELECT: id, segment (1-based, from `label_expr` over the last step) and its name.
// A model with saved edits (merged segments) maps the computed segment to the shown one, as
// ApplyModel does.
std::string FinalSelect(const Dialect& dl, const SqlOptions& o, std::string segment_expr, const std::string& from, const Model& m) {
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
  return "SELECT seg_id AS " + dl.Ident(o.id_column) + ", segment, " + name_case + " AS segment_name\nFROM (\n  SELECT seg_id, " +
         segment_expr + " AS segment\n  FROM " + from + "\n) seg_labels";
}

std::string Header(const Model& m, const SqlOptions& o, const std::string& what) {
  return "-- Segmenter model (method " + m.method + ", " + std::to_string(m.Segments()) + " segments) as SQL for " +
         std::string(SqlDialectName(o.dialect)) + ".\n-- " + what +
         "\n-- Returns one row per input row: id, segment (1.." + std::to_string(m.Segments()) +
         ") and segment_name, as `segmenter apply` would.\n";
}

// ---- [SECTION] k-means ------------------------------------------------------------------------

std::string SourceColumn(const PreparedFeature& f) {
  if (f.IsIndicator()) return f.source;
  if (f.missing_indicator) return f.name.substr(0, f.name.size() - std::string(" missing").size());
  return f.name;
}

// IN-list of level literals.
std::string InList(const Dialect& dl, const std::vector<std::string>& levels) {
  std::string s = "(";
  for (size_t i = 0; i < levels.size(); ++i) s += (i ? ", " : "") + dl.Str(levels[i]);
  return s + ")";
}

// The 0/1 hit of indicator f (prepared.cpp IndicatorHits): a missing level counts as the mode;
// "other" also takes every level no sibling indicator claims.
std::string IndicatorHit(const Dialect& dl, const PreparedFeature& f, const std::vector<PreparedFeature>& all,
                         const std::string& level) {
  const std::string one = dl.Num(1.0), zero = dl.Num(0.0);
  const std::string lvl = "COALESCE(" + level + ", " + dl.Str(f.mode) + ")";
  std::string s = "CASE";
  if (!f.levels.empty()) s += " WHEN " + lvl + " IN " + InList(dl, f.levels) + " THEN " + one;
  if (f.other) {
    std::vector<std::string> claimed;
    for (const auto& g : all)
      if (g.source == f.source && !g.other) claimed.insert(claimed.end(), g.levels.begin(), g.levels.end());
    if (!claimed.empty()) s += " WHEN " + lvl + " IN " + InList(dl, claimed) + " THEN " + zero;
    return s + " ELSE " + one + " END";
  }
  return s + " ELSE " + zero + " END";
}

Result<std::string> KMeansSql(const Model& m, const SqlOptions& o, const Dialect& dl) {
  const std::vector<PreparedFeature>& feats = m.preparation;
  const size_t d = feats.size(), k = static_cast<size_t>(m.k);
  Query q(dl.CanMaterialize());
  // Step 1: the source columns, numbers cast to double.
  std::map<std::string, std::string> alias;  // source column -> alias in seg_in
  std::vector<std::pair<std::string, std::string>> in_cols;
  for (const auto& f : feats) {
    const std::string col = SourceColumn(f);
    if (alias.count(col)) continue;
    const std::string name = Col("c", alias.size());
    alias.emplace(col, name);
    in_cols.push_back({f.IsIndicator() ? dl.Ident(col) : dl.ToDouble(dl.Ident(col)), name});
  }
  q.Step("seg_in", in_cols, dl.Table(o.table), dl.Ident(o.id_column));
  // Step 2: imputation and clipping (numbers), indicator hits, missing flags.
  std::vector<std::pair<std::string, std::string>> cols;
  for (size_t j = 0; j < d; ++j) {
    const PreparedFeature& f = feats[j];
    const std::string& c = alias[SourceColumn(f)];
    std::string e;
    if (f.missing_indicator) {
      e = "CASE WHEN " + c + " IS NULL THEN " + dl.Num(1.0) + " ELSE " + dl.Num(0.0) + " END";
    } else if (f.IsIndicator()) {
      e = IndicatorHit(dl, f, feats, c);
    } else {
      e = "COALESCE(" + c + ", " + dl.Num(f.impute) + ")";
      // std::clamp(v, lo, hi): v < lo ? lo : hi < v ? hi : v
      if (std::isfinite(f.clip_lo) || std::isfinite(f.clip_hi))
        e = "CASE WHEN " + e + " < " + dl.Num(f.clip_lo) + " THEN " + dl.Num(f.clip_lo) + " WHEN " + dl.Num(f.clip_hi) + " < " + e +
            " THEN " + dl.Num(f.clip_hi) + " ELSE " + e + " END";
    }
    cols.push_back({e, Col("v", j)});
  }
  q.Step("seg_clip", cols);
  // Step 3: log1p(max(v, 0)) where fitted, as ln(1+p)*p/((1+p)-1) (Goldberg 1991, Theorem 4).
  cols.clear();
  for (size_t j = 0; j < d; ++j) {
    const std::string v = Col("v", j);
    cols.push_back({feats[j].log1p ? "CASE WHEN " + v + " < " + dl.Num(0.0) + " THEN " + dl.Num(0.0) + " ELSE " + v + " END" : v, v});
  }
  q.Step("seg_pos", cols);
  cols.clear();
  for (size_t j = 0; j < d; ++j) {
    const PreparedFeature& f = feats[j];
    std::string v = Col("v", j);
    if (f.log1p && !f.IsIndicator() && !f.missing_indicator) {
      const std::string u = "(" + dl.Num(1.0) + " + " + v + ")";
      v = "CASE WHEN " + u + " = " + dl.Num(1.0) + " THEN " + v + " ELSE LN" + u + " * " + v + " / (" + u + " - " + dl.Num(1.0) + ") END";
    }
    // (v - center) / scale * weight, in this order (PreparedFeature::Transform).
    std::string t = "((" + v + ") - " + dl.Num(f.center) + ") / " + dl.Num(f.scale);
    if (f.weight != 1.0) t = "(" + t + ") * " + dl.Num(f.weight);
    cols.push_back({t, Col("t", j)});
  }
  q.Step("seg_prep", cols);
  // Step 4: the prepared matrix is float32 in the core.
  cols.clear();
  for (size_t j = 0; j < d; ++j) cols.push_back({dl.F32(Col("t", j)), Col("x", j)});
  q.Step("seg_x", cols);
  // Step 5: float differences to every centroid (float32 as in ApplyModel), then their squares.
  cols.clear();
  for (size_t c = 0; c < k; ++c)
    for (size_t j = 0; j < d; ++j) {
      const double centre = static_cast<double>(static_cast<float>(m.centroids[c * d + j]));
      cols.push_back({dl.F32(Col("x", j) + " - " + dl.Num(centre)), Col("a", c, j)});
    }
  q.Step("seg_diff", cols);
  cols.clear();
  for (size_t c = 0; c < k; ++c)
    for (size_t j = 0; j < d; ++j)
      cols.push_back({dl.F32(Col("a", c, j) + " * " + Col("a", c, j)), j == 0 ? Col("s", c) : Col("q", c, j)});
  q.Step("seg_sq", cols);
  // Step 6..: s += q, one feature per step, rounded to float each time (SquaredDistance).
  for (size_t j = 1; j < d; ++j) {
    cols.clear();
    for (size_t c = 0; c < k; ++c) {
      cols.push_back({dl.F32(Col("s", c) + " + " + Col("q", c, j)), Col("s", c)});
      for (size_t r = j + 1; r < d; ++r) cols.push_back({Col("q", c, r), Col("q", c, r)});
    }
    q.Step("seg_sum" + std::to_string(j + 1), cols);
  }
  // Nearest centroid; the first of equal distances wins (strict < in ApplyModel). Segment c is
  // reached only when every earlier one lost, so it needs only to be <= every later one.
  std::string label = "CASE";
  for (size_t c = 0; c + 1 < k; ++c) {
    label += "\n    WHEN ";
    for (size_t other = c + 1; other < k; ++other) label += (other > c + 1 ? " AND " : "") + Col("s", c) + " <= " + Col("s", other);
    label += " THEN " + std::to_string(c + 1);
  }
  label += "\n    ELSE " + std::to_string(k) + " END";
  if (k == 1) label = "1";
  return q.Render(Header(m, o, "Nearest centroid after the model's preparation, in 32-bit float steps like the core."),
                  FinalSelect(dl, o, label, q.Last(), m));
}

// ---- [SECTION] rules and RFM ------------------------------------------------------------------

Error Unsupported(const std::string& what, const std::string& hint) {
  return MakeError("sql.unsupported_model", "This model cannot be exported as SQL: " + what + ".", hint);
}

// Level index per rule column (-1 missing, -2 never seen in training), as ApplyRules.
std::string RuleLevel(const Dialect& dl, const RuleColumnModel& rc, const std::string& c) {
  using K = RuleColumnModel::Kind;
  std::string e = "CASE WHEN " + c + " IS NULL THEN -1";
  if (rc.kind == K::kBoolean) return e + " WHEN " + c + " <> " + dl.Num(0.0) + " THEN 1 ELSE 0 END";
  for (size_t l = 0; l < rc.labels.size(); ++l) {
    std::string when;
    if (rc.kind == K::kLevels) when = c + " = " + dl.Str(rc.levels[l]);
    if (rc.kind == K::kValues) when = c + " = " + dl.Num(rc.values[l]);
    if (rc.kind == K::kBands) {  // FindBand: the first band with lo <= v < hi
      const Band& b = rc.bands[l];
      if (std::isfinite(b.lo)) when = c + " >= " + dl.Num(b.lo);
      if (std::isfinite(b.hi)) when += (when.empty() ? "" : " AND ") + c + " < " + dl.Num(b.hi);
      if (when.empty()) when = "1 = 1";
    }
    e += " WHEN " + when + " THEN " + std::to_string(l);
  }
  return e + " ELSE -2 END";
}

Result<std::string> RulesSql(const Model& m, const SqlOptions& o, const Dialect& dl) {
  const RulesModel& rm = *m.rules;
  Query q(dl.CanMaterialize());
  std::vector<std::pair<std::string, std::string>> in_cols, level_cols;
  for (size_t i = 0; i < rm.columns.size(); ++i) {
    const RuleColumnModel& rc = rm.columns[i];
    if (rc.date)
      return Unsupported("the rules group the date column \"" + rc.column + "\"", "Use `segmenter apply`, or rules on numeric or categorical columns.");
    const std::string col = dl.Ident(rc.column);
    in_cols.push_back({rc.kind == RuleColumnModel::Kind::kLevels ? col : dl.ToDouble(col), Col("c", i)});
    level_cols.push_back({RuleLevel(dl, rc, Col("c", i)), Col("l", i)});
  }
  q.Step("seg_in", in_cols, dl.Table(o.table), dl.Ident(o.id_column));
  q.Step("seg_levels", level_cols);
  // Groups as in training; a combination never seen there gets no segment (NULL), as in apply.
  std::string segment = "CASE";
  for (size_t g = 0; g < rm.groups.size(); ++g) {
    segment += "\n    WHEN ";
    for (size_t i = 0; i < rm.columns.size(); ++i) segment += (i ? " AND " : "") + Col("l", i) + " = " + dl.Int(rm.groups[g][i]);
    segment += " THEN " + std::to_string(g + 1);
  }
  segment += "\n    END";
  return q.Render(Header(m, o, "Rule groups: each column's level or band, then the group of the combination (NULL if unseen in training)."),
                  FinalSelect(dl, o, segment, q.Last(), m));
}

// Whole days from a date (or timestamp) column to the reference day `as_of`.
std::string DaysBefore(SqlDialect d, const std::string& as_of, const std::string& col) {
  const std::string day = "DATE '" + as_of + "'";
  switch (d) {
    case SqlDialect::kPostgres: return "(" + day + " - CAST(" + col + " AS DATE))";
    case SqlDialect::kSqlite: return "(julianday('" + as_of + "') - julianday(date(" + col + ")))";
    case SqlDialect::kDuckDb: return "date_diff('day', CAST(" + col + " AS DATE), " + day + ")";
    case SqlDialect::kBigQuery: return "DATE_DIFF(" + day + ", CAST(" + col + " AS DATE), DAY)";
    case SqlDialect::kSpark: return "datediff(" + day + ", CAST(" + col + " AS DATE))";
  }
  return {};
}

// 1 + #(edges <= v): the largest score whose edge v reaches (edges ascending, +inf = never).
std::string Score(const Dialect& dl, const std::array<double, 4>& edges, const std::string& v) {
  std::string e = "CASE";
  for (int s = 5; s >= 2; --s)
    if (std::isfinite(edges[static_cast<size_t>(s - 2)])) e += " WHEN " + v + " >= " + dl.Num(edges[static_cast<size_t>(s - 2)]) + " THEN " + std::to_string(s);
  return e + " ELSE 1 END";
}

Result<std::string> RfmSql(const Model& m, const SqlOptions& o, const Dialect& dl) {
  const RfmModel& rm = *m.rfm;
  if (rm.from_transactions) {
    return Unsupported("the RFM scores were computed from a transaction file",
                       "SQL export supports RFM models built from customer columns (segment --method rfm --recency COL "
                       "--frequency COL --monetary COL); aggregate the transactions per customer first.");
  }
  Query q(dl.CanMaterialize());
  const std::string r = dl.Ident(rm.recency);
  std::string recency = dl.ToDouble(r);
  if (rm.recency_is_date) {
    recency = dl.ToDouble(DaysBefore(o.dialect, io::FormatIsoDate(rm.as_of_days), r));
  }
  q.Step("seg_in", {{recency, "r"}, {dl.ToDouble(dl.Ident(rm.frequency)), "f"}, {dl.ToDouble(dl.Ident(rm.monetary)), "m"}},
         dl.Table(o.table), dl.Ident(o.id_column));
  // A customer without R, F or M is not scored (CustomersFromColumns leaves the row out).
  q.Step("seg_scores", {{"CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL ELSE 6 - (" + Score(dl, rm.edges[0], "r") + ") END", "r_score"},
                        {"CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL ELSE " + Score(dl, rm.edges[1], "f") + " END", "f_score"}});
  std::string segment = "CASE";
  for (int rs = 1; rs <= 5; ++rs)
    for (int fs = 1; fs <= 5; ++fs)
      segment += "\n    WHEN r_score = " + std::to_string(rs) + " AND f_score = " + std::to_string(fs) + " THEN " +
                 std::to_string(rm.map.SegmentOf(rs, fs) + 1);
  segment += "\n    END";
  return q.Render(Header(m, o, "RFM: R and F scores from the training data's score edges, then the R x F segment map."),
                  FinalSelect(dl, o, segment, q.Last(), m));
}

}  // namespace

Result<std::string> ModelToSql(const Model& model, const SqlOptions& options) {
  if (options.table.empty()) return MakeError("sql.no_table", "No table name was given.", "Name the warehouse table, e.g. --table customers.");
  if (options.id_column.empty()) return MakeError("sql.no_id", "No id column was given.", "Name the customer id column, e.g. --id customer_id.");
  const Dialect dl(options.dialect);
  if (model.method == "kmeans" && !model.preparation.empty() && model.centroids.size() == model.preparation.size() * static_cast<size_t>(model.k))
    return KMeansSql(model, options, dl);
  if (model.method == "rules" && model.rules) return RulesSql(model, options, dl);
  if (model.method == "rfm" && model.rfm) return RfmSql(model, options, dl);
  return MakeError("sql.unsupported_method",
                   "SQL export supports the methods kmeans, rules and rfm (from customer columns); this model uses " + model.method + ".",
                   "Use `segmenter apply` for this model, or train a kmeans, rules or rfm model for the warehouse.");
}

}  // namespace seg::analysis

// The dialect helpers for the other SQL writers (sql_dialect.hpp).
namespace seg::analysis::sqldialect {
std::string Ident(SqlDialect d, std::string_view name) { return Dialect(d).Ident(name); }
std::string Str(SqlDialect d, std::string_view text) { return Dialect(d).Str(text); }
std::string Table(SqlDialect d, std::string_view qualified) { return Dialect(d).Table(qualified); }
std::string Num(SqlDialect d, double v) { return Dialect(d).Num(v); }
}  // namespace seg::analysis::sqldialect
