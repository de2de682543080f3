// RFM: aggregation of transactions, quintile scores and the named R x F segments.
#include "seg/analysis/rfm.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "seg/io/value_parse.hpp"

namespace seg::analysis {

namespace {

Error ColumnError(std::string code, std::string message, const std::string& column, std::string hint) {
  Error e = MakeError(std::move(code), std::move(message), std::move(hint));
  e.column_name = column;
  return e;
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// Looks a column up by name; `role` ("customer", "date", ...) goes into the message.
Result<const io::Column*> FindCol(const io::Table& t, const std::string& name, const std::string& role) {
  if (name.empty()) {
    return MakeError("rfm.missing_column", "No " + role + " column was chosen.",
                     "Name the " + role + " column.");
  }
  int i = t.FindColumn(name);
  if (i < 0) {
    return ColumnError("rfm.no_such_column",
                       "There is no column named " + Quoted(name) + " (given as the " + role + " column).",
                       name, "Check the spelling; column names are case-sensitive.");
  }
  const io::Column* c = &t.columns[static_cast<size_t>(i)];
  return c;
}

Result<const io::Column*> NumericCol(const io::Table& t, const std::string& name, const std::string& role) {
  auto c = FindCol(t, name, role);
  if (!c.ok()) return c;
  if ((*c.value()).type != io::ColumnType::kNumeric) {
    return ColumnError("rfm.not_numeric",
                       "The " + role + " column " + Quoted(name) + " is not numeric (it was read as " +
                           std::string(io::ColumnTypeName((*c.value()).type)) + ").",
                       name, "Choose a column of numbers, or fix the values that are not numbers.");
  }
  return c;
}

std::string FormatId(double v) {
  char buf[64];
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", v);
  }
  return buf;
}

// "17850.0" -> "17850": ids exported through a float column (pandas) read as people write them.
std::string CleanId(std::string_view s) {
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0" &&
      std::all_of(s.begin(), s.end() - 2, [](char c) { return c >= '0' && c <= '9'; })) {
    s.remove_suffix(2);
  }
  return std::string(s);
}

// Maps a string-like or numeric key column to dense ids (first appearance order); -1 = missing.
class KeyIndex {
 public:
  explicit KeyIndex(const io::Column& c) : col_(c) {
    if (!c.IsNumericLike()) by_code_.assign(c.levels.size(), -1);
  }
  // Dense id of the row's key, creating it if new; -1 if missing.
  int64_t Get(size_t row, bool* created = nullptr) {
    if (created) *created = false;
    if (col_.IsMissing(row)) return -1;
    int64_t* slot;
    if (col_.IsNumericLike()) {
      auto [it, inserted] = by_value_.try_emplace(col_.values[row], -1);
      slot = &it->second;
    } else {
      slot = &by_code_[col_.codes[row]];
    }
    if (*slot < 0) {
      *slot = count_++;
      if (created) *created = true;
    }
    return *slot;
  }
  std::string Name(size_t row) const {
    return col_.IsNumericLike() ? FormatId(col_.values[row]) : CleanId(col_.Level(row));
  }

 private:
  const io::Column& col_;
  std::vector<int64_t> by_code_;
  std::unordered_map<double, int64_t> by_value_;
  int64_t count_ = 0;
};

struct PairHash {
  size_t operator()(const std::pair<int64_t, int64_t>& p) const {
    uint64_t h = static_cast<uint64_t>(p.first) * 0x9E3779B97F4A7C15ull;
    h ^= static_cast<uint64_t>(p.second) + 0x7F4A7C159E3779B9ull + (h << 6) + (h >> 2);
    return static_cast<size_t>(h);
  }
};

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
  auto cust = FindCol(t, cols.customer, "customer");
  if (!cust.ok()) return cust.error();
  if (cols.date.empty()) {
    return MakeError("rfm.no_date_column", "A transaction table needs a date column to compute recency.",
                     "Choose the column with the purchase date (e.g. InvoiceDate).");
  }
  auto date = FindCol(t, cols.date, "date");
  if (!date.ok()) return date.error();
  if ((*date.value()).type != io::ColumnType::kDate) {
    return ColumnError("rfm.not_date",
                       "The date column " + Quoted(cols.date) + " was not read as dates (it is " +
                           std::string(io::ColumnTypeName((*date.value()).type)) + ").",
                       cols.date, "Choose the purchase date column, or check its date format.");
  }
  const io::Column* amount = nullptr;
  const io::Column* quantity = nullptr;
  const io::Column* price = nullptr;
  if (!cols.amount.empty()) {
    auto a = NumericCol(t, cols.amount, "amount");
    if (!a.ok()) return a.error();
    amount = a.value();
  } else {
    if (cols.quantity.empty() || cols.price.empty()) {
      return MakeError("rfm.no_amount", "No amount column, and not both a quantity and a price column, were chosen.",
                       "Name an amount column, or a quantity and a unit price column (amount = quantity x price).");
    }
    auto q = NumericCol(t, cols.quantity, "quantity");
    if (!q.ok()) return q.error();
    auto p = NumericCol(t, cols.price, "price");
    if (!p.ok()) return p.error();
    quantity = q.value();
    price = p.value();
  }
  const io::Column* invoice = nullptr;
  if (!cols.invoice.empty()) {
    auto inv = FindCol(t, cols.invoice, "invoice");
    if (!inv.ok()) return inv.error();
    invoice = inv.value();
  }

  const io::Column& cc = *cust.value();
  const io::Column& dc = *date.value();
  KeyIndex customers(cc);
  std::optional<KeyIndex> invoices;
  if (invoice) invoices.emplace(*invoice);

  RfmCustomers out;
  AggregationReport& rep = out.report;
  rep.transactions = t.rows;
  std::vector<double> last_day;
  std::unordered_set<std::pair<int64_t, int64_t>, PairHash> seen_invoice;
  double max_day = -INFINITY;

  for (size_t row = 0; row < t.rows; ++row) {
    if (cc.IsMissing(row)) { ++rep.missing_customer; continue; }
    double day = dc.values[row];
    if (std::isnan(day)) { ++rep.missing_date; continue; }
    if (invoice && !invoice->IsNumericLike()) {
      std::string_view inv = invoice->Level(row);
      if (!inv.empty() && inv.front() == 'C') { ++rep.cancelled; continue; }
    }
    double value = amount ? amount->values[row] : quantity->values[row] * price->values[row];
    if (std::isnan(value)) { ++rep.missing_amount; continue; }
    if (!(value > 0)) { ++rep.non_positive; continue; }
    ++rep.used;

    bool created = false;
    int64_t c = customers.Get(row, &created);
    size_t ci = static_cast<size_t>(c);
    if (created) {
      out.id.push_back(customers.Name(row));
      out.row.push_back(row);
      out.frequency.push_back(0);
      out.monetary.push_back(0);
      last_day.push_back(-INFINITY);
    }
    day = std::floor(day);
    last_day[ci] = std::max(last_day[ci], day);
    max_day = std::max(max_day, day);
    out.monetary[ci] += value;
    if (invoices) {
      int64_t inv = invoices->Get(row);
      // A missing invoice number counts as a transaction of its own.
      if (inv < 0 || seen_invoice.insert({c, inv}).second) out.frequency[ci] += 1;
    } else {
      out.frequency[ci] += 1;
    }
  }

  if (rep.used == 0) {
    return MakeError("rfm.no_usable_rows",
                     "No usable transactions: of " + std::to_string(rep.transactions) + " rows, " +
                         std::to_string(rep.missing_customer) + " have no customer, " +
                         std::to_string(rep.missing_date) + " no date, " + std::to_string(rep.cancelled) +
                         " are cancellations, " + std::to_string(rep.missing_amount) + " have no amount and " +
                         std::to_string(rep.non_positive) + " an amount of zero or less.",
                     "Check that the customer, date and amount columns are the right ones.");
  }

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
  out.recency_days.resize(last_day.size());
  for (size_t i = 0; i < last_day.size(); ++i) out.recency_days[i] = as_of - last_day[i];
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
                         {"quantity", c.quantity}, {"price", c.price}, {"invoice", c.invoice}};
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
    m.transactions = {text(*t, "customer"), text(*t, "date"), text(*t, "amount"), text(*t, "quantity"), text(*t, "price"), text(*t, "invoice")};
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

Result<std::vector<int32_t>> ApplyRfm(const RfmModel& m, const io::Table& t) {
  if (m.from_transactions) {
    return MakeError("rfm.apply_transactions",
                     "This RFM model was built from transactions; applying it row by row is supported only for customer "
                     "tables (segment --method rfm --recency COL --frequency COL --monetary COL).",
                     "Run `segmenter segment --method rfm` on the new transaction file instead.");
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
