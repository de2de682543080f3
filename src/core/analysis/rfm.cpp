// RFM: aggregation of transactions, quintile scores and the named R x F segments.
#include "seg/analysis/rfm.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "column_lookup.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::analysis {

namespace {

using detail::ColumnError;
using detail::Quoted;
Result<const io::Column*> FindCol(const io::Table& t, const std::string& name, const std::string& role) {
  return detail::FindCol(t, name, role, "rfm");
}
Result<const io::Column*> NumericCol(const io::Table& t, const std::string& name, const std::string& role) {
  return detail::NumericCol(t, name, role, "rfm");
}

}  // namespace

// ---- Segment map ------------------------------------------------------------------------------

RfmSegmentMap RfmSegmentMap::Default() {
  enum : int {
    kChampions, kLoyal, kPotentialLoyalist, kNewCustomers, kPromising, kNeedAttention,
    kAboutToSleep, kAtRisk, kCantLose, kHibernating, kLost
  };
  RfmSegmentMap m;
  m.names = {"Champions",      "Loyal",          "Potential Loyalist", "New Customers",
             "Promising",      "Need Attention", "About to Sleep",     "At Risk",
             "Can't Lose Them", "Hibernating",   "Lost"};
  // Rows R = 1..5, columns F = 1..5.
  const int grid[5][5] = {
      {kLost, kHibernating, kAtRisk, kAtRisk, kCantLose},
      {kHibernating, kHibernating, kAtRisk, kAtRisk, kCantLose},
      {kAboutToSleep, kAboutToSleep, kNeedAttention, kLoyal, kLoyal},
      {kPromising, kPotentialLoyalist, kPotentialLoyalist, kLoyal, kLoyal},
      {kNewCustomers, kPotentialLoyalist, kPotentialLoyalist, kChampions, kChampions},
  };
  for (int r = 0; r < 5; ++r)
    for (int f = 0; f < 5; ++f) m.cell[static_cast<size_t>(r * 5 + f)] = grid[r][f];
  return m;
}

Status RfmSegmentMap::Validate() const {
  if (names.empty()) {
    return MakeError("rfm.map_no_segments", "The segment map has no segment names.",
                     "Give at least one segment name and assign every R x F cell to it.");
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      return MakeError("rfm.map_empty_name", "Segment " + std::to_string(i + 1) + " has an empty name.",
                       "Give every segment a name.");
    }
    for (size_t j = 0; j < i; ++j) {
      if (names[j] == names[i]) {
        return MakeError("rfm.map_duplicate_name", "The segment name " + Quoted(names[i]) + " is used twice.",
                         "Segment names must be unique; merge the two or rename one.");
      }
    }
  }
  std::vector<bool> used(names.size(), false);
  for (size_t c = 0; c < cell.size(); ++c) {
    int id = cell[c];
    if (id < 0 || static_cast<size_t>(id) >= names.size()) {
      return MakeError("rfm.map_bad_cell",
                       "Cell R" + std::to_string(c / 5 + 1) + " F" + std::to_string(c % 5 + 1) +
                           " points to segment " + std::to_string(id) + ", which does not exist.",
                       "Assign every cell to one of the " + std::to_string(names.size()) + " segments.");
    }
    used[static_cast<size_t>(id)] = true;
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!used[i]) {
      return MakeError("rfm.map_unused_segment", "The segment " + Quoted(names[i]) + " has no R x F cell.",
                       "Assign at least one cell to it or remove it.");
    }
  }
  return Ok{};
}

nlohmann::json RfmSegmentMap::ToJson() const {
  nlohmann::json j;
  j["names"] = names;
  nlohmann::json grid = nlohmann::json::array();
  for (int r = 0; r < 5; ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (int f = 0; f < 5; ++f) row.push_back(cell[static_cast<size_t>(r * 5 + f)]);
    grid.push_back(std::move(row));
  }
  j["grid"] = std::move(grid);
  return j;
}

Result<RfmSegmentMap> RfmSegmentMap::FromJson(const nlohmann::json& j) {
  const char* kHint = R"(Expected {"names": ["Champions", ...], "grid": [[5 segment ids for R=1], ..., [R=5]]}.)";
  if (!j.is_object() || !j.contains("names") || !j.contains("grid")) {
    return MakeError("rfm.map_json", "The segment map must be an object with \"names\" and \"grid\".", kHint);
  }
  const auto& jn = j["names"];
  const auto& jg = j["grid"];
  if (!jn.is_array()) return MakeError("rfm.map_json", "\"names\" must be an array of strings.", kHint);
  RfmSegmentMap m;
  for (const auto& n : jn) {
    if (!n.is_string()) return MakeError("rfm.map_json", "\"names\" must be an array of strings.", kHint);
    m.names.push_back(n.get<std::string>());
  }
  if (!jg.is_array() || jg.size() != 5) {
    return MakeError("rfm.map_json", "\"grid\" must have 5 rows (R = 1..5).", kHint);
  }
  for (size_t r = 0; r < 5; ++r) {
    const auto& row = jg[r];
    if (!row.is_array() || row.size() != 5) {
      return MakeError("rfm.map_json", "Row R" + std::to_string(r + 1) + " of \"grid\" must have 5 segment ids.",
                       kHint);
    }
    for (size_t f = 0; f < 5; ++f) {
      if (!row[f].is_number_integer()) {
        return MakeError("rfm.map_json",
                         "Cell R" + std::to_string(r + 1) + " F" + std::to_string(f + 1) + " must be an integer.",
                         kHint);
      }
      int64_t v = row[f].get<int64_t>();
      if (v < -1 || v > 1000000) v = -1;  // out of range; Validate() reports it
      m.cell[r * 5 + f] = static_cast<int>(v);
    }
  }
  Status s = m.Validate();
  if (!s.ok()) return s.error();
  return m;
}

// ---- Aggregation ------------------------------------------------------------------------------

Result<RfmCustomers> AggregateTransactions(const io::Table& t, const TransactionColumns& cols,
                                           std::optional<double> as_of_days) {
  // One aggregation for every caller (transactions.hpp): purchases are distinct invoices, or
  // distinct days without an invoice column. Its error codes keep their "rfm." prefix here.
  TransactionsOptions options;
  options.columns = cols;
  options.as_of_days = as_of_days;
  auto agg = AggregateCustomers(t, std::move(options));
  if (!agg.ok()) {
    Error e = agg.error();
    if (e.code.rfind("transactions.", 0) == 0) e.code = "rfm." + e.code.substr(13);
    return e;
  }
  const CustomerTable& c = agg.value();
  const TransactionsReport& tr = c.report;
  RfmCustomers out;
  AggregationReport& rep = out.report;
  rep.transactions = tr.lines;
  rep.used = tr.used;
  rep.cancelled = tr.cancelled;
  rep.non_positive = tr.non_positive;
  rep.missing_customer = tr.missing_customer;
  rep.missing_date = tr.missing_date;
  rep.missing_amount = tr.missing_amount;
  rep.as_of_days = tr.as_of_days;
  rep.purchases_basis = tr.basis;
  rep.invoice_column = tr.invoice_column;
  out.id = c.ids;
  out.row = c.first_row;
  const io::Table& ct = c.table;
  auto column = [&](const char* name) {
    const io::Column& col = ct.columns[static_cast<size_t>(ct.FindColumn(name))];
    return std::vector<double>(col.values.begin(), col.values.end());
  };
  out.recency_days = column("recency_days");
  out.frequency = column("purchases");
  out.monetary = column("revenue");
  return out;
}

Result<RfmCustomers> CustomersFromColumns(const io::Table& t, const std::string& recency_or_date,
                                          const std::string& frequency, const std::string& monetary,
                                          std::optional<double> as_of_days) {
  auto rc = FindCol(t, recency_or_date, "recency");
  if (!rc.ok()) return rc.error();
  const io::Column& rcol = *rc.value();
  bool is_date = rcol.type == io::ColumnType::kDate;
  if (!is_date && rcol.type != io::ColumnType::kNumeric) {
    return ColumnError("rfm.bad_recency",
                       "The recency column " + Quoted(recency_or_date) + " is neither a number of days nor a date (it is " +
                           std::string(io::ColumnTypeName(rcol.type)) + ").",
                       recency_or_date, "Choose days since the last purchase, or the date of the last purchase.");
  }
  auto fc = NumericCol(t, frequency, "frequency");
  if (!fc.ok()) return fc.error();
  auto mc = NumericCol(t, monetary, "monetary");
  if (!mc.ok()) return mc.error();
  const io::Column& fcol = *fc.value();
  const io::Column& mcol = *mc.value();
  const io::Column* idcol = nullptr;
  for (const auto& c : t.columns) {
    if (c.type == io::ColumnType::kIdentifier) { idcol = &c; break; }
  }

  RfmCustomers out;
  AggregationReport& rep = out.report;
  rep.transactions = t.rows;
  double max_day = -INFINITY;
  for (size_t row = 0; row < t.rows; ++row) {
    double r = rcol.values[row];
    if (std::isnan(r)) { ++rep.missing_date; continue; }
    double f = fcol.values[row], m = mcol.values[row];
    if (std::isnan(f) || std::isnan(m)) { ++rep.missing_amount; continue; }
    ++rep.used;
    if (is_date) {
      r = std::floor(r);
      max_day = std::max(max_day, r);
    } else if (r < 0) {
      Error e = ColumnError("rfm.negative_recency",
                            "Recency is negative in row " + std::to_string(row + 1) + " of " + Quoted(recency_or_date) + ".",
                            recency_or_date, "Recency counts the days since the last purchase and cannot be negative.");
      e.row = static_cast<int64_t>(row + 1);
      return e;
    }
    if (idcol && !idcol->IsMissing(row)) {
      out.id.emplace_back(idcol->Level(row));
    } else {
      out.id.push_back("row " + std::to_string(row + 1));
    }
    out.row.push_back(row);
    out.recency_days.push_back(r);
    out.frequency.push_back(f);
    out.monetary.push_back(m);
  }
  if (rep.used == 0) {
    return MakeError("rfm.no_usable_rows",
                     "No row has all of recency, frequency and monetary value (" + std::to_string(rep.missing_date) +
                         " without recency, " + std::to_string(rep.missing_amount) + " without frequency or monetary).",
                     "Check that the right columns were chosen.");
  }
  if (is_date) {
    double as_of = as_of_days ? *as_of_days : max_day + 1;
    if (!std::isfinite(as_of)) {
      return MakeError("rfm.bad_as_of", "The reference date is not a valid date.", "Give the reference date as yyyy-mm-dd.");
    }
    if (as_of < max_day) {
      return MakeError("rfm.as_of_before_last",
                       "The reference date " + io::FormatIsoDate(as_of) + " is before the last purchase (" +
                           io::FormatIsoDate(max_day) + ").",
                       "Choose a reference date on or after the last purchase, or leave it out (default: the day after).");
    }
    rep.as_of_days = as_of;
    for (double& r : out.recency_days) r = as_of - r;
  } else {
    rep.as_of_days = NAN;
  }
  return out;
}

// ---- Scores -----------------------------------------------------------------------------------

std::vector<int> QuintileScores(const std::vector<double>& values) {
  const size_t n = values.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<int> score(n, 1);
  for (size_t lo = 0; lo < n;) {
    size_t hi = lo;
    while (hi + 1 < n && values[order[hi + 1]] == values[order[lo]]) ++hi;
    // 1-based positions lo+1 .. hi+1 share the average rank (lo + hi + 2) / 2;
    // 5 * (rank - 1) / n = 5 * (lo + hi) / (2n), exact in integers.
    size_t s = 1 + (5 * (lo + hi)) / (2 * n);
    for (size_t k = lo; k <= hi; ++k) score[order[k]] = static_cast<int>(std::min<size_t>(s, 5));
    lo = hi + 1;
  }
  return score;
}

Result<RfmResult> ScoreRfm(RfmCustomers customers, const RfmSegmentMap& map) {
  const size_t n = customers.recency_days.size();
  if (n == 0) {
    return MakeError("rfm.no_customers", "There are no customers to score.", "Check the input table.");
  }
  if (customers.frequency.size() != n || customers.monetary.size() != n ||
      (!customers.id.empty() && customers.id.size() != n)) {
    return MakeError("rfm.length_mismatch", "Recency, frequency, monetary and id lists differ in length.");
  }
  auto check = [&](const std::vector<double>& v, const char* what) -> Status {
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(v[i])) {
        Error e = MakeError("rfm.not_finite",
                            std::string("The ") + what + " of customer " +
                                (customers.id.empty() ? std::to_string(i + 1) : Quoted(customers.id[i])) +
                                " is missing or not finite.",
                            "Leave out customers without a value, or fill it in.");
        e.row = static_cast<int64_t>(i + 1);
        return e;
      }
    }
    return Ok{};
  };
  for (auto [v, what] : {std::pair{&customers.recency_days, "recency"}, std::pair{&customers.frequency, "frequency"},
                         std::pair{&customers.monetary, "monetary value"}}) {
    Status s = check(*v, what);
    if (!s.ok()) return s.error();
  }
  Status valid = map.Validate();
  if (!valid.ok()) return valid.error();

  RfmResult res;
  res.r = QuintileScores(customers.recency_days);
  for (int& r : res.r) r = 6 - r;
  res.f = QuintileScores(customers.frequency);
  res.m = QuintileScores(customers.monetary);
  res.map = map;
  res.sizes.assign(map.names.size(), 0);
  res.segment.resize(n);
  for (size_t i = 0; i < n; ++i) {
    size_t c = static_cast<size_t>((res.r[i] - 1) * 5 + (res.f[i] - 1));
    int seg = map.cell[c];
    res.segment[i] = seg;
    ++res.sizes[static_cast<size_t>(seg)];
    ++res.grid[c];
  }
  res.customers = std::move(customers);
  return res;
}

// ---- Saved scoring ----------------------------------------------------------------------------

std::array<double, 4> ScoreEdges(const std::vector<double>& values, const std::vector<int>& ascending_scores) {
  std::array<double, 4> edges;
  edges.fill(INFINITY);
  for (size_t i = 0; i < values.size() && i < ascending_scores.size(); ++i)
    for (int s = 2; s <= ascending_scores[i] && s <= 5; ++s) edges[static_cast<size_t>(s - 2)] = std::min(edges[static_cast<size_t>(s - 2)], values[i]);
  return edges;
}

int ScoreFromEdges(const std::array<double, 4>& edges, double v) {
  int s = 1;
  for (double e : edges) s += e <= v ? 1 : 0;
  return s;
}

RfmModel RfmModelFromResult(const RfmResult& r) {
  RfmModel m;
  std::vector<int> r_ascending(r.r.size());
  for (size_t i = 0; i < r.r.size(); ++i) r_ascending[i] = 6 - r.r[i];
  m.edges[0] = ScoreEdges(r.customers.recency_days, r_ascending);
  m.edges[1] = ScoreEdges(r.customers.frequency, r.f);
  m.edges[2] = ScoreEdges(r.customers.monetary, r.m);
  m.map = r.map;
  return m;
}

nlohmann::json RfmModelToJson(const RfmModel& m) {
  auto edges = [](const std::array<double, 4>& e) {
    nlohmann::json out = nlohmann::json::array();
    for (double v : e) out.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr));  // null: never reached
    return out;
  };
  nlohmann::json j = {{"from", m.from_transactions ? "transactions" : "columns"},
                      {"score_edges", {{"recency_days", edges(m.edges[0])}, {"frequency", edges(m.edges[1])}, {"monetary", edges(m.edges[2])}}},
                      {"segment_map", m.map.ToJson()}};
  if (m.from_transactions) {
    const TransactionColumns& c = m.transactions;
    j["transactions"] = {{"customer", c.customer}, {"date", c.date},   {"amount", c.amount},
                         {"quantity", c.quantity}, {"price", c.price}, {"invoice", c.invoice},
                         // What `segmenter sql` and apply aggregate by (transactions.hpp has the line rules).
                         {"purchases", PurchaseBasisName(c.invoice.empty() ? PurchaseBasis::kDays : PurchaseBasis::kInvoices)}};
  } else {
    j["columns"] = {{"recency", m.recency}, {"frequency", m.frequency}, {"monetary", m.monetary}, {"recency_is_date", m.recency_is_date}};
  }
  j["as_of"] = std::isfinite(m.as_of_days) ? nlohmann::json(io::FormatIsoDate(m.as_of_days)) : nlohmann::json(nullptr);
  return j;
}

Result<RfmModel> RfmModelFromJson(const nlohmann::json& j) {
  auto bad = [](const std::string& what) {
    return MakeError("model.bad_rfm", "The model's RFM scoring is invalid: " + what + ".",
                     "Export the model again (segment --method rfm --model MODEL.json); hand-edited models must keep every field.");
  };
  if (!j.is_object()) return bad("expected an object");
  RfmModel m;
  auto text = [](const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string from = text(j, "from");
  if (from != "columns" && from != "transactions") return bad("\"from\" must be \"columns\" or \"transactions\"");
  m.from_transactions = from == "transactions";
  if (m.from_transactions) {
    auto t = j.find("transactions");
    if (t == j.end() || !t->is_object()) return bad("\"transactions\" must name the columns");
    m.transactions = {text(*t, "customer"), text(*t, "date"), text(*t, "amount"), text(*t, "quantity"), text(*t, "price"), text(*t, "invoice"), ""};
  } else {
    auto c = j.find("columns");
    if (c == j.end() || !c->is_object()) return bad("\"columns\" must name recency, frequency and monetary");
    m.recency = text(*c, "recency");
    m.frequency = text(*c, "frequency");
    m.monetary = text(*c, "monetary");
    if (m.recency.empty() || m.frequency.empty() || m.monetary.empty()) return bad("\"columns\" must name recency, frequency and monetary");
    auto d = c->find("recency_is_date");
    m.recency_is_date = d != c->end() && d->is_boolean() && d->get<bool>();
  }
  auto as_of = j.find("as_of");
  if (as_of != j.end() && as_of->is_string()) {
    auto day = io::ParseDate(as_of->get<std::string>(), io::kDateIso);
    if (!day) return bad("\"as_of\" is not a yyyy-mm-dd date");
    m.as_of_days = std::floor(*day);
  }
  if (m.recency_is_date && !std::isfinite(m.as_of_days)) return bad("a recency date needs \"as_of\"");
  auto edges = j.find("score_edges");
  if (edges == j.end() || !edges->is_object()) return bad("\"score_edges\" is missing");
  const char* keys[3] = {"recency_days", "frequency", "monetary"};
  for (size_t x = 0; x < 3; ++x) {
    auto e = edges->find(keys[x]);
    if (e == edges->end() || !e->is_array() || e->size() != 4) return bad(std::string("\"score_edges.") + keys[x] + "\" must hold 4 edges");
    for (size_t s = 0; s < 4; ++s) {
      const auto& v = (*e)[s];
      if (!v.is_null() && !(v.is_number() && std::isfinite(v.get<double>()))) return bad("score edges must be numbers or null");
      m.edges[x][s] = v.is_null() ? INFINITY : v.get<double>();
      if (s > 0 && m.edges[x][s] < m.edges[x][s - 1]) return bad("score edges must not decrease");
    }
  }
  auto map = j.find("segment_map");
  if (map == j.end()) return bad("\"segment_map\" is missing");
  auto parsed = RfmSegmentMap::FromJson(*map);
  if (!parsed.ok()) return parsed.error();
  m.map = std::move(parsed.value());
  return m;
}

Result<RfmResult> ApplyRfmToTransactions(const RfmModel& m, const io::Table& t) {
  if (!m.from_transactions || !std::isfinite(m.as_of_days)) {
    return MakeError("rfm.apply_not_transactions", "This RFM model was not built from transactions with a reference date.",
                     "Apply it to a customer table, or train it again from the transaction file.");
  }
  auto customers = AggregateTransactions(t, m.transactions, m.as_of_days);
  if (!customers.ok()) return customers.error();
  RfmResult out;
  out.customers = std::move(customers.value());
  out.map = m.map;
  const size_t n = out.customers.id.size();
  out.r.resize(n);
  out.f.resize(n);
  out.m.resize(n);
  out.segment.resize(n);
  out.sizes.assign(m.map.names.size(), 0);
  for (size_t i = 0; i < n; ++i) {
    out.r[i] = 6 - ScoreFromEdges(m.edges[0], out.customers.recency_days[i]);
    out.f[i] = ScoreFromEdges(m.edges[1], out.customers.frequency[i]);
    out.m[i] = ScoreFromEdges(m.edges[2], out.customers.monetary[i]);
    out.segment[i] = m.map.SegmentOf(out.r[i], out.f[i]);
    ++out.grid[static_cast<size_t>((out.r[i] - 1) * 5 + (out.f[i] - 1))];
    if (out.segment[i] >= 0 && static_cast<size_t>(out.segment[i]) < out.sizes.size()) ++out.sizes[static_cast<size_t>(out.segment[i])];
  }
  return out;
}

Result<std::vector<int32_t>> ApplyRfm(const RfmModel& m, const io::Table& t) {
  if (m.from_transactions) {
    return MakeError("rfm.apply_transactions",
                     "This RFM model was built from transactions; applying it row by row is supported only for customer "
                     "tables (segment --method rfm --recency COL --frequency COL --monetary COL).",
                     "Run `segmenter apply` on the transaction file (one row per customer), or `segmenter sql` for a warehouse.");
  }
  auto rc = FindCol(t, m.recency, "recency");
  if (!rc.ok()) return rc.error();
  auto fc = NumericCol(t, m.frequency, "frequency");
  if (!fc.ok()) return fc.error();
  auto mc = NumericCol(t, m.monetary, "monetary");
  if (!mc.ok()) return mc.error();
  const io::Column& rcol = *rc.value();
  if ((rcol.type == io::ColumnType::kDate) != m.recency_is_date || (!m.recency_is_date && rcol.type != io::ColumnType::kNumeric)) {
    return ColumnError("rfm.bad_recency",
                       "The recency column " + Quoted(m.recency) + " holds " + std::string(io::ColumnTypeName(rcol.type)) +
                           " values, but the model expects " + (m.recency_is_date ? "dates." : "days."),
                       m.recency, "Use a file with the same columns as the one the model was trained on.");
  }
  std::vector<int32_t> labels(t.rows, -1);
  for (size_t row = 0; row < t.rows; ++row) {
    double r = rcol.values[row];
    const double f = fc.value()->values[row], mo = mc.value()->values[row];
    if (std::isnan(r) || std::isnan(f) || std::isnan(mo)) continue;
    if (m.recency_is_date) r = m.as_of_days - std::floor(r);
    const int rs = 6 - ScoreFromEdges(m.edges[0], r);
    const int fs = ScoreFromEdges(m.edges[1], f);
    labels[row] = m.map.SegmentOf(rs, fs);
  }
  return labels;
}

std::string RfmLeftOutText(const AggregationReport& report, size_t table_rows, size_t scored, Lang lang) {
  if (scored >= table_rows) return {};
  const size_t left = table_rows - scored;
  const bool de = lang == Lang::kDe;
  std::string t = FormatCount(left, lang) + (de ? " von " : " of ") + FormatCount(table_rows, lang) +
                  (de ? (left == 1 ? " Zeilen hat kein RFM-Segment" : " Zeilen haben kein RFM-Segment")
                      : (left == 1 ? " rows has no RFM segment" : " rows have no RFM segment"));
  std::vector<std::string> why;
  if (report.missing_date)
    why.push_back(FormatCount(report.missing_date, lang) + (de ? " ohne Recency (letzter Kauf)" : " without recency (last purchase)"));
  if (report.missing_amount)
    why.push_back(FormatCount(report.missing_amount, lang) + (de ? " ohne Häufigkeit oder Umsatz" : " without frequency or monetary value"));
  for (size_t i = 0; i < why.size(); ++i) t += (i == 0 ? ": " : (de ? " und " : " and ")) + why[i];
  return t + ".";
}

}  // namespace seg::analysis
