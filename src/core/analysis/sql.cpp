// A saved model as one standard SQL query (see sql.hpp for the exactness and input contracts).
//
// (Quoting, literals, number reading and the CTE chain live in sql_dialect.{hpp,cpp}.)
// [SECTION] k-means: prepare -> round to float -> squared distances in float -> nearest centroid
// [SECTION] rules and RFM: CASE bands + the group / segment map (RFM from transactions: lines -> customers)
#include "seg/analysis/sql.hpp"

#include "seg/analysis/sql_dialect.hpp"

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

// ---- [SECTION] k-means ------------------------------------------------------------------------

std::string SourceColumn(const PreparedFeature& f) {
  if (f.IsIndicator()) return f.source;
  if (f.missing_indicator) return f.name.substr(0, f.name.size() - std::string(" missing").size());
  return f.name;
}

// IN-list of level literals.
std::string InList(const SqlText& dl, const std::vector<std::string>& levels) {
  std::string s = "(";
  for (size_t i = 0; i < levels.size(); ++i) s += (i ? ", " : "") + dl.Str(levels[i]);
  return s + ")";
}

// The 0/1 hit of indicator f (prepared.cpp IndicatorHits): a missing level counts as the mode;
// "other" also takes every level no sibling indicator claims.
std::string IndicatorHit(const SqlText& dl, const PreparedFeature& f, const std::vector<PreparedFeature>& all,
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

Result<std::string> KMeansSql(const Model& m, const SqlOptions& o, const SqlText& dl) {
  const std::vector<PreparedFeature>& feats = m.preparation;
  const size_t d = feats.size(), k = static_cast<size_t>(m.k);
  SqlQuery q(dl);
  // Step 1: the source columns, numbers cast to double.
  std::map<std::string, std::string> alias;  // source column -> alias in seg_in
  SqlQuery::Columns in_cols;
  for (const auto& f : feats) {
    const std::string col = SourceColumn(f);
    if (alias.count(col)) continue;
    const std::string name = SqlCol("c", alias.size());
    alias.emplace(col, name);
    in_cols.push_back({f.IsIndicator() ? dl.Column(col) : dl.Number(dl.Column(col)), name});
  }
  q.Step("seg_in", in_cols, dl.From(o.table), dl.Column(SqlIdColumn(m, o)));
  // Step 2: imputation and clipping (numbers), indicator hits, missing flags.
  SqlQuery::Columns cols;
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
    cols.push_back({e, SqlCol("v", j)});
  }
  q.Step("seg_clip", cols);
  // Step 3: log1p(max(v, 0)) where fitted, as ln(1+p)*p/((1+p)-1) (Goldberg 1991, Theorem 4).
  cols.clear();
  for (size_t j = 0; j < d; ++j) {
    const std::string v = SqlCol("v", j);
    cols.push_back({feats[j].log1p ? "CASE WHEN " + v + " < " + dl.Num(0.0) + " THEN " + dl.Num(0.0) + " ELSE " + v + " END" : v, v});
  }
  q.Step("seg_pos", cols);
  cols.clear();
  for (size_t j = 0; j < d; ++j) {
    const PreparedFeature& f = feats[j];
    std::string v = SqlCol("v", j);
    if (f.log1p && !f.IsIndicator() && !f.missing_indicator) {
      const std::string u = "(" + dl.Num(1.0) + " + " + v + ")";
      v = "CASE WHEN " + u + " = " + dl.Num(1.0) + " THEN " + v + " ELSE LN" + u + " * " + v + " / (" + u + " - " + dl.Num(1.0) + ") END";
    }
    // (v - center) / scale * weight, in this order (PreparedFeature::Transform).
    std::string t = "((" + v + ") - " + dl.Num(f.center) + ") / " + dl.Num(f.scale);
    if (f.weight != 1.0) t = "(" + t + ") * " + dl.Num(f.weight);
    cols.push_back({t, SqlCol("t", j)});
  }
  q.Step("seg_prep", cols);
  // Step 4: the prepared matrix is float32 in the core.
  cols.clear();
  for (size_t j = 0; j < d; ++j) cols.push_back({dl.F32(SqlCol("t", j)), SqlCol("x", j)});
  q.Step("seg_x", cols);
  // Step 5: float differences to every centroid (float32 as in ApplyModel), then their squares.
  cols.clear();
  for (size_t c = 0; c < k; ++c)
    for (size_t j = 0; j < d; ++j) {
      const double centre = static_cast<double>(static_cast<float>(m.centroids[c * d + j]));
      cols.push_back({dl.F32(SqlCol("x", j) + " - " + dl.Num(centre)), SqlCol("a", c, j)});
    }
  q.Step("seg_diff", cols);
  cols.clear();
  for (size_t c = 0; c < k; ++c)
    for (size_t j = 0; j < d; ++j)
      cols.push_back({dl.F32(SqlCol("a", c, j) + " * " + SqlCol("a", c, j)), j == 0 ? SqlCol("s", c) : SqlCol("q", c, j)});
  q.Step("seg_sq", cols);
  // Step 6..: s += q, one feature per step, rounded to float each time (SquaredDistance).
  for (size_t j = 1; j < d; ++j) {
    cols.clear();
    for (size_t c = 0; c < k; ++c) {
      cols.push_back({dl.F32(SqlCol("s", c) + " + " + SqlCol("q", c, j)), SqlCol("s", c)});
      for (size_t r = j + 1; r < d; ++r) cols.push_back({SqlCol("q", c, r), SqlCol("q", c, r)});
    }
    q.Step("seg_sum" + std::to_string(j + 1), cols);
  }
  // Nearest centroid; the first of equal distances wins (strict < in ApplyModel). Segment c is
  // reached only when every earlier one lost, so it needs only to be <= every later one.
  std::string label = "CASE";
  for (size_t c = 0; c + 1 < k; ++c) {
    label += "\n    WHEN ";
    for (size_t other = c + 1; other < k; ++other) label += (other > c + 1 ? " AND " : "") + SqlCol("s", c) + " <= " + SqlCol("s", other);
    label += " THEN " + std::to_string(c + 1);
  }
  label += "\n    ELSE " + std::to_string(k) + " END";
  if (k == 1) label = "1";
  return q.Render(SqlHeader(m, o, "Nearest centroid after the model's preparation, in 32-bit float steps like the core."),
                  SqlFinalSelect(dl, o, label, q.Last(), m));
}

// ---- [SECTION] rules and RFM ------------------------------------------------------------------

Error Unsupported(const std::string& what, const std::string& hint) {
  return MakeError("sql.unsupported_model", "This model cannot be exported as SQL: " + what + ".", hint);
}

// Level index per rule column (-1 missing, -2 never seen in training), as ApplyRules.
std::string RuleLevel(const SqlText& dl, const RuleColumnModel& rc, const std::string& c) {
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

Result<std::string> RulesSql(const Model& m, const SqlOptions& o, const SqlText& dl) {
  const RulesModel& rm = *m.rules;
  SqlQuery q(dl);
  SqlQuery::Columns in_cols, level_cols;
  for (size_t i = 0; i < rm.columns.size(); ++i) {
    const RuleColumnModel& rc = rm.columns[i];
    if (rc.date)
      return Unsupported("the rules group the date column \"" + rc.column + "\"", "Use `segmenter apply`, or rules on numeric or categorical columns.");
    const std::string col = dl.Column(rc.column);
    in_cols.push_back({rc.kind == RuleColumnModel::Kind::kLevels ? col : dl.Number(col), SqlCol("c", i)});
    level_cols.push_back({RuleLevel(dl, rc, SqlCol("c", i)), SqlCol("l", i)});
  }
  q.Step("seg_in", in_cols, dl.From(o.table), dl.Column(SqlIdColumn(m, o)));
  q.Step("seg_levels", level_cols);
  // Groups as in training; a combination never seen there gets no segment (NULL), as in apply.
  std::string segment = "CASE";
  for (size_t g = 0; g < rm.groups.size(); ++g) {
    segment += "\n    WHEN ";
    for (size_t i = 0; i < rm.columns.size(); ++i) segment += (i ? " AND " : "") + SqlCol("l", i) + " = " + dl.Int(rm.groups[g][i]);
    segment += " THEN " + std::to_string(g + 1);
  }
  segment += "\n    END";
  return q.Render(SqlHeader(m, o, "Rule groups: each column's level or band, then the group of the combination (NULL if unseen in training)."),
                  SqlFinalSelect(dl, o, segment, q.Last(), m));
}

// 1 + #(edges <= v): the largest score whose edge v reaches (edges ascending, +inf = never).
std::string Score(const SqlText& dl, const std::array<double, 4>& edges, const std::string& v) {
  std::string e = "CASE";
  for (int s = 5; s >= 2; --s)
    if (std::isfinite(edges[static_cast<size_t>(s - 2)])) e += " WHEN " + v + " >= " + dl.Num(edges[static_cast<size_t>(s - 2)]) + " THEN " + std::to_string(s);
  return e + " ELSE 1 END";
}

// The customer column, a transaction's invoice: trimmed text, NULL when blank.
std::string KeyText(const SqlText& dl, const std::string& col) {
  const char* type = dl.Backticks() ? "STRING" : "TEXT";
  return "NULLIF(TRIM(CAST(" + col + " AS " + type + ")), '')";
}

// RFM from a transaction table, per customer, with the rules of transactions.hpp: a line is used
// when it has a customer, a date, amount > 0 (or quantity > 0 and price > 0) and is no
// cancellation (an invoice starting with 'C'); recency = days from the line's day to the model's
// as-of day (the smallest over the customer's lines), frequency = distinct invoices (a line
// without an invoice counts on its own), or distinct days without an invoice column, monetary =
// the sum of the line amounts in whole millionths (exact like the core for up to 6 decimals).
void TransactionCustomers(const RfmModel& rm, const SqlOptions& o, const SqlText& dl, SqlQuery& q) {
  const TransactionColumns& c = rm.transactions;
  SqlQuery::Columns lines = {{dl.ToDouble(dl.DaysBefore(io::FormatIsoDate(rm.as_of_days), dl.Column(c.date))), "ago"}};
  if (!c.invoice.empty()) lines.push_back({KeyText(dl, dl.Column(c.invoice)), "inv"});
  if (!c.amount.empty()) {
    lines.push_back({dl.Number(dl.Column(c.amount)), "a"});
  } else {
    lines.push_back({dl.Number(dl.Column(c.quantity)), "qty"});
    lines.push_back({dl.Number(dl.Column(c.price)), "price"});
  }
  q.Step("seg_lines", lines, dl.From(o.table), KeyText(dl, dl.Column(c.customer)));
  const std::string value = c.amount.empty() ? "qty * price" : "a";
  std::string used = "seg_id IS NOT NULL AND ago IS NOT NULL AND " +
                     (c.amount.empty() ? std::string("qty > 0 AND price > 0") : std::string("a > 0"));
  if (!c.invoice.empty()) used += " AND (inv IS NULL OR SUBSTR(inv, 1, 1) <> 'C')";
  q.Step("seg_used", {{"ago", "ago"}, {c.invoice.empty() ? "ago" : "inv", "occasion"},
                      {"CAST(ROUND(" + value + " * " + dl.Num(1e6) + ") AS BIGINT)", "micros"}},
         "seg_lines\n  WHERE " + used);
  // Step() reads FROM the named step; the WHERE and GROUP BY ride along with its name.
  const std::string purchases = c.invoice.empty()
                                    ? "COUNT(DISTINCT occasion)"
                                    : "COUNT(DISTINCT occasion) + SUM(CASE WHEN occasion IS NULL THEN 1 ELSE 0 END)";
  q.Step("seg_in", {{"MIN(ago)", "r"}, {dl.ToDouble(purchases), "f"}, {dl.ToDouble("SUM(micros)") + " / " + dl.Num(1e6), "m"}},
         "seg_used\n  GROUP BY seg_id");
}

Result<std::string> RfmSql(const Model& m, const SqlOptions& o, const SqlText& dl) {
  const RfmModel& rm = *m.rfm;
  SqlQuery q(dl);
  if (rm.from_transactions) {
    if (!std::isfinite(rm.as_of_days))
      return Unsupported("the model does not name its reference (as-of) date", "Export the model again with this version of Segmenter.");
    TransactionCustomers(rm, o, dl, q);
  } else {
    const std::string r = dl.Column(rm.recency);
    const std::string recency = rm.recency_is_date ? dl.ToDouble(dl.DaysBefore(io::FormatIsoDate(rm.as_of_days), r)) : dl.Number(r);
    q.Step("seg_in", {{recency, "r"}, {dl.Number(dl.Column(rm.frequency)), "f"}, {dl.Number(dl.Column(rm.monetary)), "m"}},
           dl.From(o.table), dl.Column(SqlIdColumn(m, o)));
  }
  // A customer without R, F or M is not scored (CustomersFromColumns leaves the row out).
  q.Step("seg_scores", {{"CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL ELSE 6 - (" + Score(dl, rm.edges[0], "r") + ") END", "r_score"},
                        {"CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL ELSE " + Score(dl, rm.edges[1], "f") + " END", "f_score"}});
  std::string segment = "CASE";
  for (int rs = 1; rs <= 5; ++rs)
    for (int fs = 1; fs <= 5; ++fs)
      segment += "\n    WHEN r_score = " + std::to_string(rs) + " AND f_score = " + std::to_string(fs) + " THEN " +
                 std::to_string(rm.map.SegmentOf(rs, fs) + 1);
  segment += "\n    END";
  const std::string what = rm.from_transactions
                               ? "RFM from transaction lines: used lines summed per customer (the rows below are customers), then "
                                 "R and F scores from the training data's score edges and the R x F segment map."
                               : "RFM: R and F scores from the training data's score edges, then the R x F segment map.";
  return q.Render(SqlHeader(m, o, what),
                  SqlFinalSelect(dl, o, segment, q.Last(), m));
}

}  // namespace

Result<std::string> ModelToSql(const Model& model, const SqlOptions& options) {
  if (options.table.empty()) return MakeError("sql.no_table", "No table name was given.", "Name the warehouse table, e.g. --table customers.");
  const SqlText dl(options.dialect);
  if (model.method == "kmeans" && !model.preparation.empty() && model.centroids.size() == model.preparation.size() * static_cast<size_t>(model.k))
    return KMeansSql(model, options, dl);
  if (model.method == "rules" && model.rules) return RulesSql(model, options, dl);
  if (model.method == "rfm" && model.rfm) return RfmSql(model, options, dl);
  return MakeError("sql.unsupported_method",
                   "SQL export supports the methods kmeans, rules and rfm (from customer columns); this model uses " + model.method + ".",
                   "Use `segmenter apply` for this model, or train a kmeans, rules or rfm model for the warehouse.");
}

}  // namespace seg::analysis

