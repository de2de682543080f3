// Purchase occasions (same-day purchases merged) and the BG/NBD customer summary.
#include "seg/analysis/clv_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_map>

#include "clv_text.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::analysis {

using clv_text::Count;
using clv_text::Tr;

double DaysPerUnit(TimeUnit unit) { return unit == TimeUnit::kWeek ? 7.0 : 1.0; }

std::string_view TimeUnitName(TimeUnit unit) { return unit == TimeUnit::kWeek ? "week" : "day"; }

std::optional<TimeUnit> ParseTimeUnit(std::string_view s) {
  if (s == "week" || s == "weeks") return TimeUnit::kWeek;
  if (s == "day" || s == "days") return TimeUnit::kDay;
  return std::nullopt;
}

namespace {

Error ColumnError(std::string code, std::string message, const std::string& column, std::string hint) {
  Error e = MakeError(std::move(code), std::move(message), std::move(hint));
  e.column_name = column;
  return e;
}

Result<const io::Column*> Find(const io::Table& t, const std::string& name, const std::string& role_en,
                               const std::string& role_de, bool numeric, Lang lang) {
  if (name.empty())
    return MakeError("clv.missing_column", Tr(lang, "No " + role_en + " column was chosen.", "Es wurde keine Spalte für " + role_de + " gewählt."),
                     Tr(lang, "Name the " + role_en + " column.", "Geben Sie die Spalte für " + role_de + " an."));
  const int i = t.FindColumn(name);
  if (i < 0)
    return ColumnError("clv.no_such_column",
                       Tr(lang, "There is no column named \"" + name + "\" (given as the " + role_en + " column).",
                          "Es gibt keine Spalte \"" + name + "\" (angegeben als Spalte für " + role_de + ")."),
                       name, Tr(lang, "Check the spelling; column names are case-sensitive.",
                                "Prüfen Sie die Schreibweise; Groß- und Kleinschreibung zählt."));
  const io::Column* c = &t.columns[static_cast<size_t>(i)];
  if (numeric && c->type != io::ColumnType::kNumeric)
    return ColumnError("clv.not_numeric",
                       Tr(lang, "The " + role_en + " column \"" + name + "\" is not numeric (it was read as " +
                                    std::string(io::ColumnTypeName(c->type)) + ").",
                          "Die Spalte für " + role_de + " \"" + name + "\" enthält keine Zahlen (gelesen als " +
                              std::string(io::ColumnTypeName(c->type)) + ")."),
                       name, Tr(lang, "Choose a column of numbers.", "Wählen Sie eine Spalte mit Zahlen."));
  return c;
}

// "17850.0" and 17850 both name customer "17850".
std::string IdText(const io::Column& c, size_t row) {
  if (c.IsNumericLike()) {
    const double v = c.values[row];
    char buf[64];
    if (std::floor(v) == v && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    else std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
  }
  std::string_view s = c.Level(row);
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0" &&
      std::all_of(s.begin(), s.end() - 2, [](char ch) { return ch >= '0' && ch <= '9'; }))
    s.remove_suffix(2);
  return std::string(s);
}

}  // namespace

Result<PurchaseOccasions> ReadPurchaseOccasions(const io::Table& t, const TransactionColumns& cols,
                                                std::optional<int32_t> observed_until_day, Lang lang) {
  auto cust = Find(t, cols.customer, "customer", "die Kundennummer", false, lang);
  if (!cust.ok()) return cust.error();
  auto date = Find(t, cols.date, "date", "das Kaufdatum", false, lang);
  if (!date.ok()) return date.error();
  const io::Column& dc = *date.value();
  if (dc.type != io::ColumnType::kDate)
    return ColumnError("clv.not_date",
                       Tr(lang, "The date column \"" + cols.date + "\" was not read as dates (it is " +
                                    std::string(io::ColumnTypeName(dc.type)) + ").",
                          "Die Datumsspalte \"" + cols.date + "\" wurde nicht als Datum gelesen (sondern als " +
                              std::string(io::ColumnTypeName(dc.type)) + ")."),
                       cols.date, Tr(lang, "Choose the purchase date column, or check its date format.",
                                     "Wählen Sie die Spalte mit dem Kaufdatum oder prüfen Sie das Datumsformat."));
  const io::Column *amount = nullptr, *quantity = nullptr, *price = nullptr, *invoice = nullptr;
  if (!cols.amount.empty()) {
    auto a = Find(t, cols.amount, "amount", "den Betrag", true, lang);
    if (!a.ok()) return a.error();
    amount = a.value();
  } else {
    if (cols.quantity.empty() || cols.price.empty())
      return MakeError("clv.no_amount",
                       Tr(lang, "No amount column, and not both a quantity and a price column, were chosen.",
                          "Es wurde weder eine Betragsspalte noch eine Mengen- und eine Preisspalte gewählt."),
                       Tr(lang, "Name an amount column, or a quantity and a unit price column (amount = quantity x price).",
                          "Geben Sie eine Betragsspalte an oder eine Mengen- und eine Stückpreisspalte (Betrag = Menge x Preis)."));
    auto q = Find(t, cols.quantity, "quantity", "die Menge", true, lang);
    if (!q.ok()) return q.error();
    auto p = Find(t, cols.price, "price", "den Preis", true, lang);
    if (!p.ok()) return p.error();
    quantity = q.value();
    price = p.value();
  }
  if (!cols.invoice.empty()) {
    auto inv = Find(t, cols.invoice, "invoice", "die Rechnungsnummer", false, lang);
    if (!inv.ok()) return inv.error();
    invoice = inv.value();
  }
  const io::Column& cc = *cust.value();

  PurchaseOccasions out;
  OccasionReport& rep = out.report;
  rep.transactions = t.rows;
  // Pass 1: a dense customer id per used row (first appearance order); -1 for rows not used.
  std::vector<int32_t> row_customer(t.rows, -1);
  std::vector<int32_t> row_day(t.rows, 0);
  std::vector<int32_t> by_code;
  if (!cc.IsNumericLike()) by_code.assign(cc.levels.size(), -1);
  std::unordered_map<double, int32_t> by_value;
  std::vector<uint32_t> count;
  for (size_t row = 0; row < t.rows; ++row) {
    if (cc.IsMissing(row)) { ++rep.missing_customer; continue; }
    const double d = dc.values[row];
    if (std::isnan(d)) { ++rep.missing_date; continue; }
    if (invoice && !invoice->IsNumericLike()) {
      const std::string_view inv = invoice->Level(row);
      if (!inv.empty() && inv.front() == 'C') { ++rep.cancelled; continue; }
    }
    const double value = amount ? amount->values[row] : quantity->values[row] * price->values[row];
    if (std::isnan(value)) { ++rep.missing_amount; continue; }
    if (value < 0) { ++rep.negative; continue; }
    const int32_t day = static_cast<int32_t>(std::floor(d));
    if (observed_until_day && day > *observed_until_day)
      return MakeError("clv.after_observed_until",
                       Tr(lang,
                          "Data row " + std::to_string(row + 1) + " has a purchase on " + io::FormatIsoDate(day) +
                              ", after the observed-until date " + io::FormatIsoDate(*observed_until_day) + ".",
                          "Datenzeile " + std::to_string(row + 1) + " enthält einen Kauf am " + io::FormatIsoDate(day) +
                              ", nach dem Beobachtungsende " + io::FormatIsoDate(*observed_until_day) + "."),
                       Tr(lang, "Choose an observed-until date on or after the last purchase, or leave it out (default: the last purchase).",
                          "Wählen Sie ein Beobachtungsende am oder nach dem letzten Kauf oder lassen Sie es weg (Standard: der letzte Kauf)."));
    int32_t* slot = cc.IsNumericLike() ? &by_value.try_emplace(cc.values[row], -1).first->second : &by_code[cc.codes[row]];
    if (*slot < 0) {
      *slot = static_cast<int32_t>(out.id.size());
      out.id.push_back(IdText(cc, row));
      out.first_row.push_back(row);
      count.push_back(0);
    }
    row_customer[row] = *slot;
    row_day[row] = day;
    ++count[static_cast<size_t>(*slot)];
    ++rep.used;
  }
  if (rep.used == 0)
    return MakeError("clv.no_usable_rows",
                     Tr(lang,
                        "No usable transactions: of " + std::to_string(rep.transactions) + " rows, " +
                            std::to_string(rep.missing_customer) + " have no customer, " + std::to_string(rep.missing_date) +
                            " no date, " + std::to_string(rep.cancelled) + " are cancellations, " +
                            std::to_string(rep.missing_amount) + " have no amount and " + std::to_string(rep.negative) +
                            " a negative amount.",
                        "Keine verwendbaren Transaktionen: von " + Count(rep.transactions, lang) + " Zeilen haben " +
                            Count(rep.missing_customer, lang) + " keine Kundennummer, " + Count(rep.missing_date, lang) +
                            " kein Datum, " + Count(rep.cancelled, lang) + " sind Stornierungen, " +
                            Count(rep.missing_amount, lang) + " haben keinen Betrag und " + Count(rep.negative, lang) +
                            " einen negativen Betrag."),
                     Tr(lang, "Check that the customer, date and amount columns are the right ones.",
                        "Prüfen Sie, ob Kunden-, Datums- und Betragsspalte die richtigen sind."));
  // Pass 2: counting sort of the used rows by customer, then per customer by day, merging days.
  const size_t n = out.id.size();
  std::vector<uint32_t> start(n + 1, 0);
  for (size_t i = 0; i < n; ++i) start[i + 1] = start[i] + count[i];
  std::vector<std::pair<int32_t, double>> rows(rep.used);
  std::vector<uint32_t> fill(start.begin(), start.end() - 1);
  for (size_t row = 0; row < t.rows; ++row) {
    const int32_t c = row_customer[row];
    if (c < 0) continue;
    const double value = amount ? amount->values[row] : quantity->values[row] * price->values[row];
    rows[fill[static_cast<size_t>(c)]++] = {row_day[row], value};
  }
  out.offset.assign(n + 1, 0);
  out.day.reserve(rep.used);
  out.amount.reserve(rep.used);
  out.first_day = INT32_MAX;
  out.last_day = INT32_MIN;
  for (size_t i = 0; i < n; ++i) {
    auto b = rows.begin() + start[i], e = rows.begin() + start[i + 1];
    std::sort(b, e, [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto it = b; it != e; ++it) {
      if (out.day.size() > out.offset[i] && out.day.back() == it->first) {
        out.amount.back() += it->second;
      } else {
        out.day.push_back(it->first);
        out.amount.push_back(it->second);
      }
    }
    out.offset[i + 1] = static_cast<uint32_t>(out.day.size());
    out.first_day = std::min(out.first_day, out.day[out.offset[i]]);
    out.last_day = std::max(out.last_day, out.day.back());
  }
  return out;
}

CustomerSummary SummarizeCustomers(const PurchaseOccasions& occ, int32_t cutoff_day, int32_t end_day, TimeUnit unit) {
  CustomerSummary s;
  const double per = 1.0 / DaysPerUnit(unit);
  const size_t n = occ.customers();
  for (auto* v : {&s.frequency, &s.recency, &s.T, &s.monetary, &s.holdout}) v->reserve(n);
  s.customer.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t b = occ.offset[i], e = occ.offset[i + 1];
    const int32_t first = occ.day[b];
    if (first > cutoff_day) continue;
    uint32_t last = b;  // last occasion on or before the cutoff
    double repeat_sum = 0;
    while (last + 1 < e && occ.day[last + 1] <= cutoff_day) repeat_sum += occ.amount[++last];
    const double x = static_cast<double>(last - b);
    s.customer.push_back(static_cast<uint32_t>(i));
    s.frequency.push_back(x);
    s.recency.push_back((occ.day[last] - first) * per);
    s.T.push_back((end_day - first) * per);
    s.monetary.push_back(x > 0 ? repeat_sum / x : NAN);
    s.holdout.push_back(static_cast<double>(e - last - 1));
  }
  return s;
}

}  // namespace seg::analysis
