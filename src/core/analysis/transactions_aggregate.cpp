// Transactions -> customers: the sliced aggregation, the customer table, its CSV and the report.
//
// Index of this file:
//   [SECTION] Helpers: exact decimals, ids, column lookup
//   [SECTION] State and Start (column checks)
//   [SECTION] Step (one line at a time, the rules of transactions.hpp)
//   [SECTION] Finish (the customer table)
//   [SECTION] CSV, report JSON, notes
#include "seg/analysis/transactions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "column_lookup.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::analysis {

// ---- [SECTION] Helpers: exact decimals, ids, column lookup -----------------------------------------

namespace {

constexpr int kMicroDigits = 6;
constexpr double kPow10[7] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
constexpr int64_t kPow10i[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};

// v as mantissa / 10^decimals with the fewest decimals (<= 6) whose correctly rounded value is v,
// i.e. the decimal the importer read (it parses "2.55" to the double nearest 255/100).
bool AsDecimal(double v, int64_t* mantissa, int* decimals) {
  for (int k = 0; k <= kMicroDigits; ++k) {
    const double s = std::nearbyint(v * kPow10[k]);
    if (std::fabs(s) > 9e15) return false;
    if (s / kPow10[k] == v) {
      *mantissa = static_cast<int64_t>(s);
      *decimals = k;
      return true;
    }
  }
  return false;
}

// Amount in millionths: exact where the inputs are decimals with at most 6 digits together,
// otherwise rounded (and *exact = false).
int64_t Micros(double a, bool* exact) {
  int64_t m = 0;
  int k = 0;
  int64_t out = 0;
  if (AsDecimal(a, &m, &k) && !__builtin_mul_overflow(m, kPow10i[kMicroDigits - k], &out)) return out;
  *exact = false;
  return std::llround(a * 1e6);
}
int64_t ProductMicros(double q, double p, bool* exact) {
  int64_t mq = 0, mp = 0, prod = 0, out = 0;
  int kq = 0, kp = 0;
  if (AsDecimal(q, &mq, &kq) && AsDecimal(p, &mp, &kp) && kq + kp <= kMicroDigits &&
      !__builtin_mul_overflow(mq, mp, &prod) && !__builtin_mul_overflow(prod, kPow10i[kMicroDigits - kq - kp], &out))
    return out;
  *exact = false;
  return std::llround(q * p * 1e6);
}

// "833273.87", "10.00", "0.125": at least two decimals, more only where they are not zero.
std::string FormatMicros(int64_t micros) {
  const bool neg = micros < 0;
  const uint64_t u = neg ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  std::string frac = std::to_string(u % 1000000);
  frac.insert(0, 6 - frac.size(), '0');
  while (frac.size() > 2 && frac.back() == '0') frac.pop_back();
  return (neg ? "-" : "") + std::to_string(u / 1000000) + "." + frac;
}

std::string FormatNumber(double v) {
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

// Dense ids for the values of a key column (first appearance order); kNone = missing.
class KeyIndex {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  explicit KeyIndex(const io::Column* c) : col_(c) {
    if (c && !c->IsNumericLike()) by_code_.assign(c->levels.size(), kNone);
  }
  uint32_t Get(size_t row) {
    if (col_->IsMissing(row)) return kNone;
    uint32_t* slot;
    if (col_->IsNumericLike()) {
      slot = &by_value_.try_emplace(col_->values[row], kNone).first->second;
    } else {
      slot = &by_code_[col_->codes[row]];
    }
    if (*slot == kNone) {
      *slot = count_++;
      names_row_.push_back(row);
    }
    return *slot;
  }
  // The text of key `id` ("17850", "United Kingdom").
  std::string Name(uint32_t id) const {
    const size_t row = names_row_[id];
    return col_->IsNumericLike() ? FormatNumber(col_->values[row]) : CleanId(col_->Level(row));
  }
  size_t size() const { return count_; }

 private:
  const io::Column* col_;
  std::vector<uint32_t> by_code_;
  std::unordered_map<double, uint32_t> by_value_;
  std::vector<size_t> names_row_;  // a row holding each key
  uint32_t count_ = 0;
};

using detail::ColumnError;
using detail::Quoted;
Result<const io::Column*> FindCol(const io::Table& t, const std::string& name, const std::string& role) {
  return detail::FindCol(t, name, role, "transactions");
}
Result<const io::Column*> NumericCol(const io::Table& t, const std::string& name, const std::string& role) {
  return detail::NumericCol(t, name, role, "transactions");
}

// Status values that mean the line did not happen (English and German shop/ERP exports).
bool IsCancelledStatus(std::string_view s) {
  std::string l;
  for (char ch : s) l.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
  static const char* kWords[] = {"cancel", "storn", "refund", "return", "void", "erstatt", "retour", "zurück", "annul"};
  for (const char* w : kWords)
    if (l.find(w) != std::string::npos) return true;
  return false;
}

// Day numbers of a date column read as text (a few values did not parse as dates, so the importer
// kept text): the format most values fit, NaN where a value fits none (counted as unparseable).
std::vector<double> LevelDays(const io::Column& c) {
  std::vector<uint32_t> masks(c.levels.size());
  size_t votes[8] = {};
  for (size_t i = 0; i < c.levels.size(); ++i) {
    masks[i] = io::ScanDate(io::TrimValue(c.levels[i]));
    for (int b = 0; b < 8; ++b) votes[b] += (masks[i] >> b) & 1u;
  }
  int best = -1;
  for (int b = 0; b < 8; ++b)
    if (votes[b] > 0 && (best < 0 || votes[b] > votes[best])) best = b;
  std::vector<double> days(c.levels.size(), NAN);
  if (best < 0) return days;
  for (size_t i = 0; i < c.levels.size(); ++i) {
    if (!(masks[i] & (1u << best))) continue;
    if (auto d = io::ParseDate(io::TrimValue(c.levels[i]), 1u << best)) days[i] = *d;
  }
  return days;
}

struct CustomerState {
  double first_day = INFINITY, last_day = -INFINITY;
  int64_t revenue = 0, returned = 0;  // millionths
  uint32_t purchases = 0, returns = 0, used = 0;
  uint32_t last_occasion = KeyIndex::kNone;  // fast path: consecutive lines of one invoice
  size_t first_row = 0;
};

struct KeptColumn {
  std::string name;
  const io::Column* col = nullptr;
  KeyIndex values{nullptr};
  std::unordered_map<uint64_t, uint32_t> counts;  // (customer << 32 | value) -> used lines
  std::vector<uint32_t> best, best_count;         // per customer
};

uint64_t PairKey(uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; }

}  // namespace

// ---- [SECTION] State and Start (column checks) -----------------------------------------------------

struct TransactionAggregator::State {
  const io::Table* t = nullptr;
  TransactionsOptions options;
  const io::Column *customer = nullptr, *date = nullptr, *amount = nullptr, *quantity = nullptr, *price = nullptr,
                   *invoice = nullptr, *status = nullptr;
  std::vector<double> level_days;           // date column read as text
  std::vector<uint8_t> status_cancelled;    // per status level
  KeyIndex customers{nullptr};
  KeyIndex invoices{nullptr};
  std::vector<CustomerState> cust;
  std::unordered_set<uint64_t> occasions;   // (customer << 32) | invoice id or day
  std::vector<KeptColumn> kept;
  TransactionsReport rep;
  size_t next_row = 0;
  int64_t min_day = 0;                      // days are stored relative to the first one seen
  bool have_min_day = false;
  bool finished = false;

  void Skip(size_t row, LineIssue issue) {
    if (rep.skipped.size() < TransactionsReport::kListedLines) rep.skipped.push_back({row + 1, -1, issue});
  }
  // Exact amount of a line in millionths (as summed into revenue).
  int64_t LineMicros(size_t row) {
    return amount ? Micros(amount->values[row], &rep.revenue_exact)
                  : ProductMicros(quantity->values[row], price->values[row], &rep.revenue_exact);
  }
  void Return(uint32_t c, size_t row, double value) {
    ++rep.return_lines;
    ++cust[c].returns;
    if (std::isfinite(value)) cust[c].returned += std::llabs(LineMicros(row));
  }
  void Line(size_t row);
};

TransactionAggregator::TransactionAggregator(std::unique_ptr<State> s) : state_(std::move(s)) {}
TransactionAggregator::~TransactionAggregator() = default;
TransactionAggregator::TransactionAggregator(TransactionAggregator&&) noexcept = default;
TransactionAggregator& TransactionAggregator::operator=(TransactionAggregator&&) noexcept = default;

Result<TransactionAggregator> TransactionAggregator::Start(const io::Table& t, TransactionsOptions options) {
  auto s = std::make_unique<State>();
  s->t = &t;
  const TransactionColumns& cols = options.columns;
  auto cust = FindCol(t, cols.customer, "customer");
  if (!cust.ok()) return cust.error();
  s->customer = cust.value();
  if (cols.date.empty()) {
    return MakeError("transactions.no_date_column", "A transaction table needs a date column to compute recency.",
                     "Choose the column with the purchase date (e.g. InvoiceDate, Rechnungsdatum).");
  }
  auto date = FindCol(t, cols.date, "date");
  if (!date.ok()) return date.error();
  s->date = date.value();
  if (s->date->type != io::ColumnType::kDate) {
    if (s->date->IsNumericLike()) {
      return ColumnError("transactions.not_date",
                         "The date column " + Quoted(cols.date) + " was not read as dates (it is " +
                             std::string(io::ColumnTypeName(s->date->type)) + ").",
                         cols.date, "Choose the purchase date column, or check its date format.");
    }
    s->level_days = LevelDays(*s->date);
    if (std::none_of(s->level_days.begin(), s->level_days.end(), [](double d) { return std::isfinite(d); })) {
      return ColumnError("transactions.not_date",
                         "The date column " + Quoted(cols.date) + " holds no dates (it was read as " +
                             std::string(io::ColumnTypeName(s->date->type)) + ").",
                         cols.date, "Choose the purchase date column, or check its date format.");
    }
  }
  if (!cols.amount.empty()) {
    auto a = NumericCol(t, cols.amount, "amount");
    if (!a.ok()) return a.error();
    s->amount = a.value();
  } else {
    if (cols.quantity.empty() || cols.price.empty()) {
      return MakeError("transactions.no_amount",
                       "No amount column, and not both a quantity and a price column, were chosen.",
                       "Name an amount column, or a quantity and a unit price column (amount = quantity x price).");
    }
    auto q = NumericCol(t, cols.quantity, "quantity");
    if (!q.ok()) return q.error();
    auto p = NumericCol(t, cols.price, "price");
    if (!p.ok()) return p.error();
    s->quantity = q.value();
    s->price = p.value();
  }
  if (!cols.invoice.empty()) {
    auto inv = FindCol(t, cols.invoice, "invoice");
    if (!inv.ok()) return inv.error();
    s->invoice = inv.value();
  }
  if (!cols.status.empty()) {
    auto st = FindCol(t, cols.status, "status");
    if (!st.ok()) return st.error();
    s->status = st.value();
    if (s->status->IsNumericLike()) {
      return ColumnError("transactions.bad_status", "The status column " + Quoted(cols.status) + " holds numbers, not statuses.",
                         cols.status, "Choose a column with values such as \"cancelled\" or \"storniert\", or none.");
    }
    for (const std::string& level : s->status->levels) s->status_cancelled.push_back(IsCancelledStatus(level));
  }
  for (const std::string& name : options.keep) {
    auto k = FindCol(t, name, "kept");
    if (!k.ok()) return k.error();
    KeptColumn kc;
    kc.name = name;
    kc.col = k.value();
    kc.values = KeyIndex(kc.col);
    s->kept.push_back(std::move(kc));
  }
  if (options.as_of_days && !std::isfinite(*options.as_of_days)) {
    return MakeError("transactions.bad_as_of", "The reference date is not a valid date.", "Give the reference date as yyyy-mm-dd.");
  }
  s->customers = KeyIndex(s->customer);
  s->invoices = KeyIndex(s->invoice);
  s->rep.lines = t.rows;
  s->rep.basis = s->invoice ? PurchaseBasis::kInvoices : PurchaseBasis::kDays;
  s->rep.invoice_column = s->invoice ? cols.invoice : "";
  s->options = std::move(options);
  return TransactionAggregator(std::move(s));
}

// ---- [SECTION] Step (one line at a time, the rules of transactions.hpp) ---------------------------

void TransactionAggregator::State::Line(size_t row) {
  const uint32_t c = customers.Get(row);
  if (c == KeyIndex::kNone) {
    ++rep.missing_customer;
    Skip(row, LineIssue::kMissingCustomer);
    return;
  }
  if (c == cust.size()) cust.emplace_back();
  double day;
  if (level_days.empty()) {
    day = date->values[row];
  } else {
    const uint32_t code = date->codes[row];
    day = code == io::Column::kMissingCode ? NAN : level_days[code];
    if (code != io::Column::kMissingCode && std::isnan(day)) ++rep.unparseable_dates;
  }
  if (std::isnan(day)) {
    ++rep.missing_date;
    Skip(row, LineIssue::kMissingDate);
    return;
  }
  const double value = amount ? amount->values[row] : quantity->values[row] * price->values[row];
  bool cancelled = false;
  if (invoice && !invoice->IsNumericLike()) {
    const std::string_view inv = invoice->Level(row);
    cancelled = !inv.empty() && inv.front() == 'C';
  }
  if (status && !cancelled) {
    const uint32_t code = status->codes[row];
    cancelled = code != io::Column::kMissingCode && status_cancelled[code];
  }
  if (cancelled) {
    ++rep.cancelled;
    Skip(row, LineIssue::kCancelled);
    Return(c, row, value);
    return;
  }
  if (std::isnan(value)) {
    ++rep.missing_amount;
    Skip(row, LineIssue::kMissingAmount);
    return;
  }
  const bool positive = amount ? value > 0 : quantity->values[row] > 0 && price->values[row] > 0;
  if (!positive) {
    ++rep.non_positive;
    Skip(row, LineIssue::kNonPositive);
    if ((amount ? value : quantity->values[row]) < 0) Return(c, row, value);
    return;
  }
  ++rep.used;
  CustomerState& cs = cust[c];
  if (cs.used++ == 0) cs.first_row = row;
  day = std::floor(day);
  cs.first_day = std::min(cs.first_day, day);
  cs.last_day = std::max(cs.last_day, day);
  cs.revenue += LineMicros(row);
  // One purchase occasion per distinct invoice (a line without an invoice number is one of its
  // own), else per distinct day.
  uint32_t occasion;
  if (invoice) {
    occasion = invoices.Get(row);
    if (occasion == KeyIndex::kNone) {
      ++cs.purchases;
      cs.last_occasion = KeyIndex::kNone;
      occasion = KeyIndex::kNone;
    }
  } else {
    if (!have_min_day) {
      min_day = static_cast<int64_t>(day) - (int64_t{1} << 30);
      have_min_day = true;
    }
    occasion = static_cast<uint32_t>(static_cast<int64_t>(day) - min_day);
  }
  if (occasion != KeyIndex::kNone && occasion != cs.last_occasion) {
    cs.last_occasion = occasion;
    if (occasions.insert(PairKey(c, occasion)).second) ++cs.purchases;
  }
  for (KeptColumn& k : kept) {
    const uint32_t v = k.values.Get(row);
    if (v == KeyIndex::kNone) continue;
    if (k.best.size() < cust.size()) {
      k.best.resize(cust.size(), KeyIndex::kNone);
      k.best_count.resize(cust.size(), 0);
    }
    const uint32_t n = ++k.counts[PairKey(c, v)];
    if (n > k.best_count[c]) {  // ties: the value that reached the count first
      k.best_count[c] = n;
      k.best[c] = v;
    }
  }
}

bool TransactionAggregator::Step(size_t max_lines) {
  State& s = *state_;
  const size_t end = std::min(s.t->rows, s.next_row + std::max<size_t>(max_lines, 1));
  for (; s.next_row < end; ++s.next_row) s.Line(s.next_row);
  return s.next_row >= s.t->rows;
}

double TransactionAggregator::Progress() const {
  return state_->t->rows == 0 ? 1.0 : static_cast<double>(state_->next_row) / static_cast<double>(state_->t->rows);
}
size_t TransactionAggregator::CustomerEntries() const { return state_->cust.size(); }
size_t TransactionAggregator::OccasionEntries() const { return state_->occasions.size(); }

// ---- [SECTION] Finish (the customer table) ---------------------------------------------------------

namespace {

void FillNumericStats(io::Column& c) {
  double lo = INFINITY, hi = -INFINITY, sum = 0;
  size_t n = 0;
  std::unordered_set<double> distinct;
  for (double v : c.values) {
    if (std::isnan(v)) { ++c.missing; continue; }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
    ++n;
    distinct.insert(v);
  }
  c.distinct = distinct.size();
  c.constant = c.distinct <= 1;
  if (n > 0) {
    c.min = lo;
    c.max = hi;
    c.mean = sum / static_cast<double>(n);
  }
}

io::Column NumericColumn(std::string name, io::ColumnType type, std::vector<double> v) {
  io::Column c;
  c.name = std::move(name);
  c.type = type;
  if (type == io::ColumnType::kDate) c.date_format = "yyyy-mm-dd";
  c.values = v;
  FillNumericStats(c);
  return c;
}

// A string-like column from per-row texts (empty = missing).
io::Column StringColumn(std::string name, io::ColumnType type, const std::vector<std::string>& text) {
  io::Column c;
  c.name = std::move(name);
  c.type = type;
  std::unordered_map<std::string, uint32_t> index;
  std::vector<size_t> counts;
  for (const std::string& s : text) {
    if (s.empty()) {
      c.codes.push_back(io::Column::kMissingCode);
      ++c.missing;
      continue;
    }
    auto [it, inserted] = index.try_emplace(s, static_cast<uint32_t>(c.levels.size()));
    if (inserted) {
      c.levels.push_back(s);
      counts.push_back(0);
    }
    ++counts[it->second];
    c.codes.push_back(it->second);
  }
  c.distinct = c.levels.size();
  c.constant = c.distinct <= 1;
  std::vector<size_t> order(c.levels.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return counts[a] > counts[b]; });
  for (size_t i = 0; i < order.size() && i < 5; ++i) c.top_values.emplace_back(c.levels[order[i]], counts[order[i]]);
  return c;
}

// 1-based physical lines of the listed rows: one scan of the decoded text up to the last of them.
void FillLines(const io::Dataset& d, std::vector<SkippedLine>& listed) {
  const char nl = d.dialect.line_ending == "\r" ? '\r' : '\n';
  size_t pos = 0;
  int64_t line = 1;
  for (SkippedLine& s : listed) {
    if (s.row == 0 || s.row > d.row_record.size()) continue;
    const size_t target = static_cast<size_t>(d.records[d.row_record[s.row - 1]].begin);
    if (target < pos) continue;
    const char* p = d.text.data() + pos;
    const char* end = d.text.data() + std::min(target, d.text.size());
    while (p < end && (p = static_cast<const char*>(std::memchr(p, nl, static_cast<size_t>(end - p)))) != nullptr) {
      ++line;
      ++p;
    }
    pos = target;
    s.line = line;
  }
}

}  // namespace

Result<CustomerTable> TransactionAggregator::Finish() {
  State& s = *state_;
  if (s.finished) return MakeError("transactions.finished", "The customer table was already built.");
  while (!Step(1 << 20)) {
  }
  s.finished = true;
  TransactionsReport& rep = s.rep;
  if (rep.used == 0) {
    return MakeError("transactions.no_usable_rows",
                     "No usable transactions: of " + std::to_string(rep.lines) + " rows, " +
                         std::to_string(rep.missing_customer) + " have no customer, " + std::to_string(rep.missing_date) +
                         " no date, " + std::to_string(rep.cancelled) + " are cancellations, " +
                         std::to_string(rep.missing_amount) + " have no amount and " + std::to_string(rep.non_positive) +
                         " an amount of zero or less.",
                     "Check that the customer, date and amount columns are the right ones.");
  }
  // Customers in order of their first used line; those with none are counted, not listed.
  std::vector<uint32_t> order;
  double first = INFINITY, last = -INFINITY;
  for (uint32_t c = 0; c < s.cust.size(); ++c) {
    if (s.cust[c].used == 0) {
      ++rep.customers_only_returns;
      continue;
    }
    order.push_back(c);
    first = std::min(first, s.cust[c].first_day);
    last = std::max(last, s.cust[c].last_day);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return s.cust[a].first_row < s.cust[b].first_row; });
  const double as_of = s.options.as_of_days ? std::floor(*s.options.as_of_days) : last + 1;
  if (as_of < last) {
    return MakeError("transactions.as_of_before_last",
                     "The reference date " + io::FormatIsoDate(as_of) + " is before the last purchase (" +
                         io::FormatIsoDate(last) + ").",
                     "Choose a reference date on or after the last purchase, or leave it out (default: the day after).");
  }
  rep.as_of_days = as_of;
  rep.first_day = first;
  rep.last_day = last;
  rep.customers = order.size();
  if (s.options.source) FillLines(*s.options.source, rep.skipped);

  CustomerTable out;
  const size_t n = order.size();
  std::vector<double> first_p(n), last_p(n), recency(n), purchases(n), revenue(n), aov(n), tenure(n), returns(n), returned(n);
  out.ids.resize(n);
  out.revenue_micros.resize(n);
  out.first_row.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const CustomerState& cs = s.cust[order[i]];
    out.ids[i] = s.customers.Name(order[i]);
    out.revenue_micros[i] = cs.revenue;
    out.first_row[i] = cs.first_row;
    first_p[i] = cs.first_day;
    last_p[i] = cs.last_day;
    recency[i] = as_of - cs.last_day;
    purchases[i] = cs.purchases;
    rep.purchases += cs.purchases;
    revenue[i] = static_cast<double>(cs.revenue) / 1e6;
    // Rounded half away from zero to the cent: revenue / purchases.
    const int64_t per = static_cast<int64_t>(cs.purchases) * 10000;
    aov[i] = static_cast<double>((cs.revenue + per / 2) / per) / 100.0;
    tenure[i] = as_of - cs.first_day;
    returns[i] = cs.returns;
    returned[i] = static_cast<double>(cs.returned) / 1e6;
  }
  io::Table& t = out.table;
  t.rows = n;
  t.columns.push_back(StringColumn(s.options.columns.customer, io::ColumnType::kIdentifier, out.ids));
  t.columns.push_back(NumericColumn("first_purchase", io::ColumnType::kDate, first_p));
  t.columns.push_back(NumericColumn("last_purchase", io::ColumnType::kDate, last_p));
  t.columns.push_back(NumericColumn("recency_days", io::ColumnType::kNumeric, recency));
  t.columns.push_back(NumericColumn("purchases", io::ColumnType::kNumeric, purchases));
  t.columns.push_back(NumericColumn("revenue", io::ColumnType::kNumeric, revenue));
  t.columns.push_back(NumericColumn("average_order_value", io::ColumnType::kNumeric, aov));
  t.columns.push_back(NumericColumn("tenure_days", io::ColumnType::kNumeric, tenure));
  t.columns.push_back(NumericColumn("returns", io::ColumnType::kNumeric, returns));
  for (KeptColumn& k : s.kept) {
    std::vector<std::string> text(n);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t c = order[i];
      if (c < k.best.size() && k.best[c] != KeyIndex::kNone) text[i] = k.values.Name(k.best[c]);
    }
    t.columns.push_back(StringColumn(k.name, io::ColumnType::kCategorical, text));
  }
  t.columns.push_back(NumericColumn("returned_value", io::ColumnType::kNumeric, returned));
  out.report = rep;
  return out;
}

Result<CustomerTable> AggregateCustomers(const io::Table& t, TransactionsOptions options) {
  auto agg = TransactionAggregator::Start(t, std::move(options));
  if (!agg.ok()) return agg.error();
  return agg->Finish();
}

// ---- [SECTION] CSV, report JSON, notes -------------------------------------------------------------

std::string CustomerTableToCsv(const CustomerTable& c) {
  const io::Table& t = c.table;
  std::vector<std::string> header;
  for (const io::Column& col : t.columns) header.push_back(col.name);
  std::vector<std::vector<std::string>> rows(t.rows);
  const int revenue_col = 5;
  for (size_t r = 0; r < t.rows; ++r) {
    rows[r].reserve(t.columns.size());
    for (size_t j = 0; j < t.columns.size(); ++j) {
      const io::Column& col = t.columns[j];
      if (col.IsMissing(r)) {
        rows[r].emplace_back();
      } else if (static_cast<int>(j) == revenue_col && c.report.revenue_exact) {
        rows[r].push_back(FormatMicros(c.revenue_micros[r]));
      } else if (col.type == io::ColumnType::kDate) {
        rows[r].push_back(io::FormatIsoDate(col.values[r]));
      } else if (col.IsNumericLike()) {
        const bool money = col.name == "average_order_value" || col.name == "returned_value" || col.name == "revenue";
        rows[r].push_back(money ? FormatMicros(std::llround(col.values[r] * 1e6)) : FormatNumber(col.values[r]));
      } else {
        rows[r].emplace_back(col.Level(r));
      }
    }
  }
  return io::WriteCsv(header, rows, ',');
}

std::string_view PurchaseBasisName(PurchaseBasis b) {
  return b == PurchaseBasis::kInvoices ? "distinct_invoices" : "distinct_days";
}

std::string_view LineIssueName(LineIssue issue) {
  switch (issue) {
    case LineIssue::kMissingCustomer: return "missing_customer";
    case LineIssue::kMissingDate: return "missing_date";
    case LineIssue::kCancelled: return "cancelled";
    case LineIssue::kMissingAmount: return "missing_amount";
    case LineIssue::kNonPositive: return "non_positive";
  }
  return "";
}

nlohmann::json TransactionsReportToJson(const TransactionsReport& r) {
  nlohmann::json skipped = nlohmann::json::array();
  for (const SkippedLine& s : r.skipped) {
    nlohmann::json j = {{"row", s.row}, {"reason", LineIssueName(s.issue)}};
    j["line"] = s.line >= 0 ? nlohmann::json(s.line) : nlohmann::json(nullptr);
    skipped.push_back(std::move(j));
  }
  const size_t not_used = r.lines - r.used;
  return {{"lines", r.lines},
          {"used", r.used},
          {"missing_customer", r.missing_customer},
          {"missing_date", r.missing_date},
          {"unparseable_dates", r.unparseable_dates},
          {"cancelled", r.cancelled},
          {"missing_amount", r.missing_amount},
          {"non_positive", r.non_positive},
          {"return_lines", r.return_lines},
          {"customers", r.customers},
          {"customers_only_returns", r.customers_only_returns},
          {"purchases", r.purchases},
          {"purchases_basis", PurchaseBasisName(r.basis)},
          {"invoice_column", r.invoice_column.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.invoice_column)},
          {"revenue_exact", r.revenue_exact},
          {"as_of", io::FormatIsoDate(r.as_of_days)},
          {"first_purchase", io::FormatIsoDate(r.first_day)},
          {"last_purchase", io::FormatIsoDate(r.last_day)},
          {"skipped_listed", skipped},
          {"skipped_not_listed", not_used - r.skipped.size()}};
}

std::vector<std::string> TransactionsReportNotes(const TransactionsReport& r, Lang lang) {
  const bool de = lang == Lang::kDe;
  auto n = [&](size_t v) { return FormatCount(v, lang); };
  std::vector<std::string> notes;
  notes.push_back(de ? n(r.used) + " von " + n(r.lines) + " Zeilen ergeben " + n(r.customers) + " Kunden mit " +
                           n(r.purchases) + " Käufen (Stichtag " + io::FormatIsoDate(r.as_of_days) + ")."
                     : n(r.used) + " of " + n(r.lines) + " lines give " + n(r.customers) + " customers with " +
                           n(r.purchases) + " purchases (as of " + io::FormatIsoDate(r.as_of_days) + ").");
  if (r.basis == PurchaseBasis::kInvoices) {
    notes.push_back(de ? "Käufe = verschiedene Rechnungen (Spalte \"" + r.invoice_column + "\")."
                       : "Purchases = distinct invoices (column \"" + r.invoice_column + "\").");
  } else {
    notes.push_back(de ? "Keine Rechnungsspalte: Käufe = verschiedene Kauftage je Kunde (nicht Zeilen)."
                       : "No invoice column: purchases = distinct days with a purchase per customer (not lines).");
  }
  struct Count {
    size_t v;
    const char *en, *de;
  };
  const Count counts[] = {
      {r.cancelled, "cancelled lines (invoice starting with C or a cancelled status)", "stornierte Zeilen (Rechnung beginnt mit C oder Status storniert)"},
      {r.non_positive, "lines with a quantity, price or amount of zero or less", "Zeilen mit Menge, Preis oder Betrag von null oder weniger"},
      {r.missing_customer, "lines without a customer", "Zeilen ohne Kunde"},
      {r.missing_date, "lines without a date", "Zeilen ohne Datum"},
      {r.unparseable_dates, "of them with a value that is not a date", "davon mit einem Wert, der kein Datum ist"},
      {r.missing_amount, "lines without an amount", "Zeilen ohne Betrag"},
  };
  for (const Count& c : counts)
    if (c.v > 0) notes.push_back(n(c.v) + " " + (de ? c.de : c.en) + (de ? " — gezählt, nicht verwendet." : " — counted, not used."));
  if (r.customers_only_returns > 0) {
    notes.push_back(n(r.customers_only_returns) + (de ? " Kunden haben nur nicht verwendete Zeilen und fehlen in der Tabelle."
                                                      : " customers have only unused lines and are not in the table."));
  }
  if (!r.revenue_exact) {
    notes.push_back(de ? "Einige Beträge haben mehr als 6 Nachkommastellen: der Umsatz ist gerundet summiert."
                       : "Some amounts have more than 6 decimals: revenue was summed with rounding.");
  }
  return notes;
}

}  // namespace seg::analysis
