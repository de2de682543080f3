// Transactions -> customers: detection, the aggregation rules, the step API and its memory, and the
// Online Retail year (English and a German Excel variant generated here) against an independent
// recompute of the standard recipe.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>

#include "seg/analysis/rfm.hpp"
#include "seg/analysis/transactions.hpp"
#include "seg/common/rng.hpp"
#include "seg/io/value_parse.hpp"
#include "test_support.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

const io::Column& Col(const io::Table& t, const std::string& name) {
  const int i = t.FindColumn(name);
  if (i < 0) FAIL("no column " << name);
  return t.columns[static_cast<size_t>(i)];
}

double Day(int y, unsigned m, unsigned d) { return static_cast<double>(io::DaysFromCivil(y, m, d)); }

// A log with every kind of line; the answers below are worked out by hand.
const char* kLog =
    "Invoice,Customer,Date,Qty,Price,Country\n"
    "1001,A,2024-01-01 09:00,2,5.10,DE\n"   // A: 10.20
    "1001,A,2024-01-01 09:00,1,0.15,DE\n"   // A: 0.15 (same invoice)
    "1002,B,2024-01-05,1,3.00,AT\n"         // B: 3.00
    "C1003,A,2024-01-06,-1,5.10,DE\n"       // cancelled, a return of A (5.10)
    "1004,,2024-01-07,1,1.00,DE\n"          // missing customer
    "1005,A,2024-01-10,0,4.00,DE\n"         // non-positive, not a return
    "1006,B,2024-01-10,-2,4.00,AT\n"        // non-positive, a return of B (8.00)
    "1007,A,2024-01-20,3,0.10,CH\n"         // A: 0.30
    "1008,B,sometime,1,1.00,AT\n"           // unparseable date
    "1009,D,2024-01-31,1,NA,DE\n"           // missing amount
    "1010,B,2024-01-25,1,2.00,DE\n"         // B: 2.00
    "1011,A,2024-01-26,1,0.00,DE\n";        // price 0: non-positive

}  // namespace

TEST_CASE("Transactions: every column of a small log with known answers", "[transactions]") {
  io::Dataset d = test::LoadOrFail(kLog);
  TransactionsOptions o;
  o.columns.customer = "Customer";
  o.columns.date = "Date";
  o.columns.quantity = "Qty";
  o.columns.price = "Price";
  o.columns.invoice = "Invoice";
  o.keep = {"Country"};
  o.source = &d;
  auto r = AggregateCustomers(d.table, o);
  REQUIRE(r.ok());
  const TransactionsReport& rep = r->report;
  CHECK(rep.lines == 12);
  CHECK(rep.used == 5);
  CHECK(rep.cancelled == 1);
  CHECK(rep.missing_customer == 1);
  CHECK(rep.non_positive == 3);
  CHECK(rep.missing_date == 1);
  CHECK(rep.unparseable_dates == 1);
  CHECK(rep.missing_amount == 1);
  CHECK(rep.used + rep.cancelled + rep.missing_customer + rep.non_positive + rep.missing_date + rep.missing_amount == rep.lines);
  CHECK(rep.return_lines == 2);
  CHECK(rep.customers == 2);
  CHECK(rep.customers_only_returns == 1);  // D
  CHECK(rep.basis == PurchaseBasis::kInvoices);
  CHECK(rep.revenue_exact);
  CHECK(rep.as_of_days == Day(2024, 1, 26));  // the day after the last used line (Jan 25)
  // Listed in file order with physical lines (header = line 1).
  REQUIRE(rep.skipped.size() == 7);
  CHECK(rep.skipped[0].row == 4);
  CHECK(rep.skipped[0].line == 5);
  CHECK(rep.skipped[0].issue == LineIssue::kCancelled);
  CHECK(rep.skipped[4].issue == LineIssue::kMissingDate);
  CHECK(rep.skipped[4].line == 10);

  const io::Table& t = r->table;
  REQUIRE(t.rows == 2);
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"Customer", "first_purchase", "last_purchase", "recency_days", "purchases",
                                          "revenue", "average_order_value", "tenure_days", "returns", "Country",
                                          "returned_value"});
  CHECK(r->ids == std::vector<std::string>{"A", "B"});
  CHECK(Col(t, "first_purchase").values[0] == Day(2024, 1, 1));
  CHECK(Col(t, "last_purchase").values[0] == Day(2024, 1, 20));
  CHECK(Col(t, "recency_days").values[0] == 6);
  CHECK(Col(t, "recency_days").values[1] == 1);
  CHECK(Col(t, "purchases").values[0] == 2);  // invoices 1001, 1007
  CHECK(Col(t, "purchases").values[1] == 2);  // 1002, 1010
  CHECK(r->revenue_micros == std::vector<int64_t>{10650000, 5000000});
  CHECK(Col(t, "average_order_value").values[0] == 5.33);  // 10.65 / 2 = 5.325, half away from zero
  CHECK(Col(t, "tenure_days").values[0] == 25);
  CHECK(Col(t, "tenure_days").values[1] == 21);
  CHECK(Col(t, "returns").values[0] == 1);
  CHECK(Col(t, "returns").values[1] == 1);
  CHECK(Col(t, "returned_value").values[0] == Approx(5.10));
  CHECK(Col(t, "returned_value").values[1] == Approx(8.00));
  CHECK(Col(t, "Country").Level(0) == "DE");  // 2 of 3 used lines
  CHECK(Col(t, "Country").Level(1) == "AT");  // tie AT/DE: the first to reach it

  const std::string csv = CustomerTableToCsv(r.value());
  CHECK(csv.rfind("Customer,first_purchase,last_purchase,recency_days,purchases,revenue,average_order_value,tenure_days,"
                  "returns,Country,returned_value\n"
                  "A,2024-01-01,2024-01-20,6,2,10.65,5.33,25,1,DE,5.10\n"
                  "B,2024-01-05,2024-01-25,1,2,5.00,2.50,21,1,AT,8.00\n",
                  0) == 0);
  // The report in both languages says which purchase basis was used.
  auto en = TransactionsReportNotes(rep, Lang::kEn);
  auto de = TransactionsReportNotes(rep, Lang::kDe);
  CHECK(en[1] == "Purchases = distinct invoices (column \"Invoice\").");
  CHECK(de[1] == "Käufe = verschiedene Rechnungen (Spalte \"Invoice\").");
  const nlohmann::json j = TransactionsReportToJson(rep);
  CHECK(j["purchases_basis"] == "distinct_invoices");
  CHECK(j["skipped_listed"].size() == 7);
  CHECK(j["skipped_listed"][0]["line"] == 5);

  SECTION("without an invoice column: distinct days, never lines; an as-of date") {
    o.columns.invoice.clear();
    o.as_of_days = Day(2024, 2, 1);
    auto days = AggregateCustomers(d.table, o);
    REQUIRE(days.ok());
    CHECK(days->report.basis == PurchaseBasis::kDays);
    CHECK(days->report.cancelled == 0);  // the C invoice is now only a negative quantity
    CHECK(Col(days->table, "purchases").values[0] == 2);  // Jan 1 (two lines), Jan 20
    CHECK(Col(days->table, "recency_days").values[0] == 12);
    CHECK(TransactionsReportNotes(days->report, Lang::kEn)[1].find("distinct days") != std::string::npos);
  }
  SECTION("a status column marks cancellations") {
    io::Dataset s = test::LoadOrFail(
        "order_id,customer_id,created_at,total,status\n"
        "1,A,2024-03-01,10.00,paid\n"
        "2,A,2024-03-02,20.00,Storniert\n"
        "3,B,2024-03-02,5.50,paid\n");
    TransactionGuess g = DetectTransactions(s.table);
    CHECK(g.columns.status == "status");
    CHECK(g.columns.amount == "total");
    TransactionsOptions so;
    so.columns = g.columns;
    auto sr = AggregateCustomers(s.table, so);
    REQUIRE(sr.ok());
    CHECK(sr->report.cancelled == 1);
    CHECK(sr->revenue_micros == std::vector<int64_t>{10000000, 5500000});
    CHECK(Col(sr->table, "returns").values[0] == 1);
  }
  SECTION("errors name the column; as-of before the last purchase") {
    TransactionsOptions bad = o;
    bad.columns.price = "Country";
    auto e = AggregateCustomers(d.table, bad);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == "transactions.not_numeric");
    CHECK(e.error().column_name == "Country");
    bad = o;
    bad.keep = {"Land"};
    CHECK(AggregateCustomers(d.table, bad).error().code == "transactions.no_such_column");
    bad = o;
    bad.as_of_days = Day(2024, 1, 10);
    CHECK(AggregateCustomers(d.table, bad).error().code == "transactions.as_of_before_last");
  }
}

TEST_CASE("Transactions: detection with English and German column names", "[transactions]") {
  io::Dataset en = test::LoadOrFail(
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
      "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
      "536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n"
      "536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n"
      "536367,84879,BIRD,32,2010-12-01 08:34:00,1.69,13047.0,United Kingdom\n");
  TransactionGuess g = DetectTransactions(en.table);
  CHECK(g.looks_like_transactions);
  CHECK(g.columns.customer == "CustomerID");
  CHECK(g.columns.date == "InvoiceDate");
  CHECK(g.columns.quantity == "Quantity");
  CHECK(g.columns.price == "UnitPrice");
  CHECK(g.columns.invoice == "InvoiceNo");
  CHECK(g.columns.amount.empty());
  CHECK(g.rows == 4);
  CHECK(g.customers == 2);
  REQUIRE(g.guesses.size() == 5);
  CHECK(g.guesses[0].role == TransactionRole::kCustomer);
  CHECK(ColumnGuessText(g.guesses[0], Lang::kEn) == "customer: \"CustomerID\" — a usual name for this column");
  CHECK(ColumnGuessText(g.guesses[0], Lang::kDe) == "Kunde: \"CustomerID\" — ein üblicher Name für diese Spalte");
  CHECK(TransactionOfferText(g, Lang::kEn) == "This looks like transactions: 4 rows, 2 customers — build the customer table.");

  io::Dataset de = test::LoadOrFail(
      "Rechnungsnr.;Kundennr.;Rechnungsdatum;Menge;Stückpreis;Land\n"
      "R-1;K1;01.12.2010;2;2,55;DE\n"
      "R-1;K1;01.12.2010;1;1,20;DE\n"
      "R-2;K2;02.12.2010;1;9,99;AT\n");
  g = DetectTransactions(de.table);
  CHECK(g.looks_like_transactions);
  CHECK(g.columns.customer == "Kundennr.");
  CHECK(g.columns.date == "Rechnungsdatum");
  CHECK(g.columns.quantity == "Menge");
  CHECK(g.columns.price == "Stückpreis");
  CHECK(g.columns.invoice == "Rechnungsnr.");
  CHECK(TransactionOfferText(g, Lang::kDe) == "Das sieht nach Transaktionen aus: 3 Zeilen, 2 Kunden — Kundentabelle erstellen.");

  io::Dataset shop = test::LoadOrFail(
      "Bestellnummer,Kunden-ID,Bestelldatum,Umsatz\n"
      "1,7,2024-01-01,5\n1,7,2024-01-01,6\n2,8,2024-01-02,7\n");
  g = DetectTransactions(shop.table);
  CHECK(g.columns.invoice == "Bestellnummer");
  CHECK(g.columns.date == "Bestelldatum");
  CHECK(g.columns.customer == "Kunden-ID");
  CHECK(g.columns.amount == "Umsatz");

  // One row per customer is not a transaction file.
  io::Dataset customers = test::LoadOrFail("customer_id,signup_date,revenue\nA,2024-01-01,5\nB,2024-01-02,6\n");
  CHECK_FALSE(DetectTransactions(customers.table).looks_like_transactions);
}

TEST_CASE("Transactions: slices give the same table, and the state grows with customers, not lines", "[transactions]") {
  // A generated log: 40 customers, lines in random order, invoices of 1..4 lines.
  Rng rng(2024);
  std::string csv = "order_id,customer_id,date,amount\n";
  std::map<int, std::set<int>> invoices_of;
  std::map<int, int64_t> cents_of;
  int invoice = 0;
  for (int i = 0; i < 3000; ++i) {
    const int c = static_cast<int>(rng.Below(40));
    const int lines = 1 + static_cast<int>(rng.Below(4));
    ++invoice;
    const int day = 1 + static_cast<int>(rng.Below(28));
    for (int l = 0; l < lines; ++l) {
      const int64_t cents = 1 + static_cast<int64_t>(rng.Below(100000));
      csv += std::to_string(invoice) + ",K" + std::to_string(c) + ",2024-02-" + (day < 10 ? "0" : "") + std::to_string(day) +
             "," + std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100) + "\n";
      invoices_of[c].insert(invoice);
      cents_of[c] += cents;
    }
  }
  io::Dataset d = test::LoadOrFail(csv);
  TransactionsOptions o;
  o.columns = DetectTransactions(d.table).columns;
  REQUIRE(o.columns.invoice == "order_id");
  auto one = AggregateCustomers(d.table, o);
  REQUIRE(one.ok());
  auto agg = TransactionAggregator::Start(d.table, o);
  REQUIRE(agg.ok());
  double progress = 0;
  size_t steps = 0;
  std::vector<size_t> customer_entries;
  while (!agg->Step(500)) {
    CHECK(agg->Progress() > progress);
    progress = agg->Progress();
    customer_entries.push_back(agg->CustomerEntries());
    ++steps;
  }
  CHECK(steps >= 10);
  CHECK(agg->CustomerEntries() == 40);
  size_t invoices = 0;
  for (auto& [c, s] : invoices_of) invoices += s.size();
  CHECK(agg->OccasionEntries() == invoices);  // one per (customer, invoice), none per line
  CHECK(d.table.rows > 2 * invoices);
  // After the first slices every customer is known; thousands more lines add no entry.
  CHECK(customer_entries[customer_entries.size() / 2] == 40);
  auto sliced = agg->Finish();
  REQUIRE(sliced.ok());
  CHECK(CustomerTableToCsv(sliced.value()) == CustomerTableToCsv(one.value()));
  for (size_t i = 0; i < sliced->ids.size(); ++i) {
    const int c = std::stoi(sliced->ids[i].substr(1));
    CHECK(sliced->revenue_micros[i] == cents_of[c] * 10000);
    CHECK(Col(sliced->table, "purchases").values[i] == static_cast<double>(invoices_of[c].size()));
  }
}

namespace {

// The Online Retail lines as fields (RFC 4180: quoted descriptions hold commas and doubled quotes).
std::vector<std::vector<std::string>> SplitCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
      else if (ch == '"') quoted = false;
      else field += ch;
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (ch == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += ch;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

struct Expected {
  std::set<std::string> invoices;
  int64_t cents = 0;
  int64_t last_day = INT64_MIN;
};

// The standard recipe, recomputed without the importer: drop C invoices, quantity <= 0, missing
// customer, unit price <= 0; amount = quantity x price in cents; purchases = distinct invoices.
std::map<std::string, Expected> StandardRecipe(const std::vector<std::vector<std::string>>& rows, int64_t* max_day) {
  std::map<std::string, Expected> out;
  *max_day = INT64_MIN;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];  // InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
    if (r[0][0] == 'C' || r[6].empty()) continue;
    const long q = std::stol(r[3]);
    const size_t dot = r[5].find('.');
    std::string frac = dot == std::string::npos ? "" : r[5].substr(dot + 1);
    frac.resize(2, '0');
    const long price_cents = std::stol(r[5].substr(0, dot)) * 100 + std::stol(frac);
    if (q <= 0 || price_cents <= 0) continue;
    const std::string id = r[6].substr(0, r[6].find('.'));
    Expected& e = out[id];
    e.invoices.insert(r[0]);
    e.cents += q * price_cents;
    const int64_t day = io::DaysFromCivil(std::stoi(r[4].substr(0, 4)), static_cast<unsigned>(std::stoi(r[4].substr(5, 2))),
                                          static_cast<unsigned>(std::stoi(r[4].substr(8, 2))));
    e.last_day = std::max(e.last_day, day);
    *max_day = std::max(*max_day, day);
  }
  return out;
}

void CheckAgainstRecipe(const CustomerTable& c, const std::map<std::string, Expected>& expected, int64_t max_day) {
  REQUIRE(c.table.rows == expected.size());
  CHECK(c.report.as_of_days == static_cast<double>(max_day + 1));
  CHECK(c.report.revenue_exact);
  const io::Column& rec = Col(c.table, "recency_days");
  const io::Column& pur = Col(c.table, "purchases");
  int64_t total = 0;
  for (size_t i = 0; i < c.table.rows; ++i) {
    INFO("customer " << c.ids[i]);
    auto it = expected.find(c.ids[i]);
    REQUIRE(it != expected.end());
    CHECK(c.revenue_micros[i] == it->second.cents * 10000);
    CHECK(pur.values[i] == static_cast<double>(it->second.invoices.size()));
    CHECK(rec.values[i] == static_cast<double>(max_day + 1 - it->second.last_day));
    total += c.revenue_micros[i];
  }
  // sqlite3 on the CSV (README "From transactions to customers" gives the query): 442 customers,
  // 1,710 invoices, revenue 833,273.87.
  CHECK(expected.size() == 442);
  CHECK(total == 833273870000);
  CHECK(c.report.purchases == 1710);
}

// The German Excel export of the same lines: semicolons, decimal comma, dd.mm.yyyy hh:mm, German
// headers, windows-1252 ("Stückpreis" is one byte 0xFC), CRLF, ids without ".0".
std::string GermanVariant(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "Rechnungsnr.;Artikelnr.;Bezeichnung;Menge;Rechnungsdatum;St\xFC" "ckpreis;Kundennr.;Land\r\n";
  for (size_t i = 1; i < rows.size(); ++i) {
    std::vector<std::string> r = rows[i];
    std::string& d = r[4];  // 2010-12-01 08:26:00 -> 01.12.2010 08:26
    d = d.substr(8, 2) + "." + d.substr(5, 2) + "." + d.substr(0, 4) + " " + d.substr(11, 5);
    for (char& ch : r[5]) if (ch == '.') ch = ',';
    r[6] = r[6].substr(0, r[6].find('.'));
    for (size_t j = 0; j < r.size(); ++j) {
      std::string f = r[j];
      if (f.find_first_of(";\"") != std::string::npos) {
        std::string q = "\"";
        for (char ch : f) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        f = q + "\"";
      }
      out += (j ? ";" : "") + f;
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace

TEST_CASE("Transactions: the Online Retail year and its German Excel variant match the standard recipe",
          "[transactions][shared]") {
  const char* kFile = "online_retail/online_retail_customers_id_mod10_eq0_full_year.csv";
  auto bytes = test::SharedDatasetBytes(kFile);
  if (!bytes) {
    WARN("skipped: ../shared/datasets/" << kFile << " not found (only in the dev setup)");
    return;
  }
  const auto rows = SplitCsv(*bytes);
  REQUIRE(rows.size() == 36379);
  int64_t max_day = 0;
  const auto expected = StandardRecipe(rows, &max_day);

  io::Dataset en = test::LoadOrFail(*bytes);
  TransactionGuess g = DetectTransactions(en.table);
  CHECK(g.looks_like_transactions);
  CHECK(g.rows == 36378);
  CHECK(g.customers == 445);
  TransactionsOptions o;
  o.columns = g.columns;
  o.keep = {"Country"};
  o.source = &en;
  auto c = AggregateCustomers(en.table, o);
  REQUIRE(c.ok());
  CheckAgainstRecipe(c.value(), expected, max_day);
  CHECK(c->report.customers_only_returns == 3);  // 445 = 442 + 3 with only cancellations
  CHECK(c->report.cancelled == 742);              // sqlite3: InvoiceNo LIKE 'C%'

  io::Dataset de = test::LoadOrFail(GermanVariant(rows));
  CHECK(de.encoding.value == io::Encoding::kWindows1252);
  TransactionGuess gd = DetectTransactions(de.table);
  CHECK(gd.looks_like_transactions);
  CHECK(gd.customers == 445);
  CHECK(gd.columns.customer == "Kundennr.");
  CHECK(gd.columns.price == "Stückpreis");
  CHECK(gd.columns.invoice == "Rechnungsnr.");
  TransactionsOptions od;
  od.columns = gd.columns;
  od.keep = {"Land"};
  auto cd = AggregateCustomers(de.table, od);
  REQUIRE(cd.ok());
  CheckAgainstRecipe(cd.value(), expected, max_day);
  // The same export saved as UTF-8 with a BOM ("CSV UTF-8" in Excel) reads the same.
  std::string utf8 = GermanVariant(rows);
  utf8.replace(utf8.find('\xFC'), 1, "\xC3\xBC");
  io::Dataset bom = test::LoadOrFail("\xEF\xBB\xBF" + utf8);
  CHECK(bom.encoding.value == io::Encoding::kUtf8);
  auto cb = AggregateCustomers(bom.table, od);
  REQUIRE(cb.ok());
  CHECK(CustomerTableToCsv(cb.value()) == CustomerTableToCsv(cd.value()));
  // The same table apart from the customer column's name.
  std::string en_csv = CustomerTableToCsv(c.value()), de_csv = CustomerTableToCsv(cd.value());
  en_csv = en_csv.substr(en_csv.find('\n'));
  de_csv = de_csv.substr(de_csv.find('\n'));
  CHECK(en_csv == de_csv);

  // RFM from these transactions counts invoices (17450: 46 invoices in sqlite3), not its 337 lines.
  auto rfm = AggregateTransactions(en.table, g.columns);
  REQUIRE(rfm.ok());
  for (size_t i = 0; i < rfm->id.size(); ++i)
    if (rfm->id[i] == "17450") CHECK(rfm->frequency[i] == 46);
}
