// RFM: aggregation of transactions, quintile scores, the named R x F segments.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "seg/analysis/rfm.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/value_parse.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

io::Table ReadTable(std::string bytes) {
  auto r = io::ReadCsv(std::move(bytes));
  if (!r.ok()) FAIL("import failed: " << r.error().ToString());
  return std::move(r.value().table);
}

size_t SegmentId(const RfmSegmentMap& m, const std::string& name) {
  for (size_t i = 0; i < m.names.size(); ++i)
    if (m.names[i] == name) return i;
  FAIL("no segment " << name);
  return 0;
}

// Transaction lines with every kind of row that must be counted, not used.
const char* kTransactions =
    "InvoiceNo,Customer,Date,Quantity,Price,Amount\n"
    "1001,A,2024-01-01,2,5.00,10\n"     // used
    "1001,A,2024-01-01,1,10.00,10\n"    // used, same invoice
    "1002,B,2024-01-05,1,3.00,3\n"      // used
    "C1003,A,2024-01-06,-1,10.00,-10\n"  // cancelled
    "1004,,2024-01-07,1,1.00,1\n"       // missing customer
    "1005,C,2024-01-10,0,4.00,0\n"      // non-positive
    "1006,C,2024-01-10,-2,4.00,-8\n"    // non-positive (return without C invoice)
    "1007,A,2024-01-20,3,2.00,6\n"      // used
    "1008,B,,1,1.00,1\n"                // missing date
    "1009,D,2024-01-31,1,NA,NA\n";      // missing amount

}  // namespace

TEST_CASE("QuintileScores: ranks, average-rank ties, 1 + floor(5 (rank-1) / n)", "[rfm]") {
  CHECK(QuintileScores({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}) == std::vector<int>{5, 5, 4, 4, 3, 3, 2, 2, 1, 1});
  // Four tied 1s share rank 2.5 -> 1; rank 5 -> 3.
  CHECK(QuintileScores({1, 1, 1, 1, 2, 3, 4, 5, 6, 7}) == std::vector<int>{1, 1, 1, 1, 3, 3, 4, 4, 5, 5});
  // Six tied 5s share rank 7.5 -> 1 + floor(5 * 6.5 / 10) = 4.
  CHECK(QuintileScores({5, 5, 5, 5, 5, 5, 1, 1, 1, 1}) == std::vector<int>{4, 4, 4, 4, 4, 4, 1, 1, 1, 1});
  CHECK(QuintileScores({1, 2, 4}) == std::vector<int>{1, 2, 4});
  CHECK(QuintileScores({3, 3, 3}) == std::vector<int>{2, 2, 2});  // rank 2 -> 1 + floor(5 / 3)
  CHECK(QuintileScores({42}) == std::vector<int>{1});
  CHECK(QuintileScores({}).empty());
}

TEST_CASE("Default RFM map: 11 named segments, every R x F cell exactly once", "[rfm]") {
  RfmSegmentMap m = RfmSegmentMap::Default();
  REQUIRE(m.Validate().ok());
  REQUIRE(m.names.size() == 11);
  const char* expected[5][5] = {
      {"Lost", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"},
      {"Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"},
      {"About to Sleep", "About to Sleep", "Need Attention", "Loyal", "Loyal"},
      {"Promising", "Potential Loyalist", "Potential Loyalist", "Loyal", "Loyal"},
      {"New Customers", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"},
  };
  std::map<std::string, int> cells_per_name;
  for (int r = 1; r <= 5; ++r) {
    for (int f = 1; f <= 5; ++f) {
      int id = m.cell[static_cast<size_t>((r - 1) * 5 + (f - 1))];
      REQUIRE(id >= 0);
      REQUIRE(static_cast<size_t>(id) < m.names.size());
      CHECK(m.SegmentOf(r, f) == id);
      INFO("R" << r << " F" << f);
      CHECK(m.names[static_cast<size_t>(id)] == expected[r - 1][f - 1]);
      ++cells_per_name[m.names[static_cast<size_t>(id)]];
    }
  }
  CHECK(cells_per_name.size() == 11);
  int total = 0;
  for (auto& [name, n] : cells_per_name) total += n;
  CHECK(total == 25);
  CHECK(cells_per_name["Hibernating"] == 3);
  CHECK(cells_per_name["Loyal"] == 4);
  CHECK(cells_per_name["Potential Loyalist"] == 4);
  CHECK(cells_per_name["At Risk"] == 4);
  CHECK(cells_per_name["Lost"] == 1);
}

TEST_CASE("RfmSegmentMap::Validate rejects broken maps", "[rfm]") {
  RfmSegmentMap m = RfmSegmentMap::Default();
  SECTION("cell out of range") {
    m.cell[7] = 11;
    auto s = m.Validate();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "rfm.map_bad_cell");
    m.cell[7] = -1;
    CHECK_FALSE(m.Validate().ok());
  }
  SECTION("a segment without any cell") {
    m.names.push_back("Nobody");
    auto s = m.Validate();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "rfm.map_unused_segment");
    CHECK(s.error().message.find("Nobody") != std::string::npos);
  }
  SECTION("duplicate name") {
    m.names[1] = m.names[0];
    auto s = m.Validate();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "rfm.map_duplicate_name");
  }
  SECTION("empty name") {
    m.names[3] = "";
    auto s = m.Validate();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "rfm.map_empty_name");
  }
  SECTION("no names") {
    RfmSegmentMap empty;
    CHECK_FALSE(empty.Validate().ok());
  }
  SECTION("a two-segment map is fine") {
    RfmSegmentMap two;
    two.names = {"Inactive", "Active"};
    for (int r = 1; r <= 5; ++r)
      for (int f = 1; f <= 5; ++f) two.cell[static_cast<size_t>((r - 1) * 5 + f - 1)] = r >= 3 ? 1 : 0;
    CHECK(two.Validate().ok());
  }
}

TEST_CASE("RfmSegmentMap JSON round trip and malformed JSON", "[rfm]") {
  RfmSegmentMap m = RfmSegmentMap::Default();
  nlohmann::json j = nlohmann::json::parse(m.ToJson().dump());
  CHECK(j["grid"].size() == 5);
  CHECK(j["grid"][0][0] == SegmentId(m, "Lost"));
  CHECK(j["grid"][4][4] == SegmentId(m, "Champions"));
  auto back = RfmSegmentMap::FromJson(j);
  REQUIRE(back.ok());
  CHECK(back->names == m.names);
  CHECK(back->cell == m.cell);

  auto bad = [](const char* text) {
    auto r = RfmSegmentMap::FromJson(nlohmann::json::parse(text));
    return r.ok() ? std::string() : r.error().code;
  };
  CHECK(bad("[]") == "rfm.map_json");
  CHECK(bad(R"({"names": "x", "grid": []})") == "rfm.map_json");
  CHECK(bad(R"({"names": ["a", 3], "grid": []})") == "rfm.map_json");
  CHECK(bad(R"({"names": ["a"], "grid": [[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0]]})") == "rfm.map_json");
  CHECK(bad(R"({"names": ["a"], "grid": [[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,"0",0,0]]})") ==
        "rfm.map_json");
  CHECK(bad(R"({"names": ["a"], "grid": [[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,1]]})") ==
        "rfm.map_bad_cell");
  CHECK(bad(R"({"names": ["a", "b"], "grid": [[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0]]})") ==
        "rfm.map_unused_segment");
  CHECK(bad(R"({"names": ["a"], "grid": [[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0]]})").empty());
}

TEST_CASE("AggregateTransactions counts every row: used, cancelled, non-positive, missing", "[rfm]") {
  io::Table t = ReadTable(kTransactions);
  REQUIRE(t.rows == 10);
  const double jan21 = static_cast<double>(io::DaysFromCivil(2024, 1, 21));

  auto check_counts = [](const AggregationReport& rep) {
    CHECK(rep.transactions == 10);
    CHECK(rep.used == 4);
    CHECK(rep.cancelled == 1);
    CHECK(rep.missing_customer == 1);
    CHECK(rep.non_positive == 2);
    CHECK(rep.missing_date == 1);
    CHECK(rep.missing_amount == 1);
    CHECK(rep.used + rep.cancelled + rep.missing_customer + rep.non_positive + rep.missing_date +
              rep.missing_amount ==
          rep.transactions);
  };

  SECTION("amount = quantity x price, frequency = distinct invoices") {
    TransactionColumns cols;
    cols.customer = "Customer";
    cols.date = "Date";
    cols.quantity = "Quantity";
    cols.price = "Price";
    cols.invoice = "InvoiceNo";
    auto r = AggregateTransactions(t, cols);
    REQUIRE(r.ok());
    check_counts(r->report);
    CHECK(r->report.as_of_days == jan21);  // the day after the last used purchase (Jan 20)
    REQUIRE(r->id == std::vector<std::string>{"A", "B"});
    CHECK(r->recency_days == std::vector<double>{1, 16});
    CHECK(r->frequency == std::vector<double>{2, 1});
    CHECK(r->monetary[0] == Approx(26));
    CHECK(r->monetary[1] == Approx(3));
    CHECK(r->row == std::vector<size_t>{0, 2});
  }
  SECTION("amount column, no invoice: purchases are distinct days, explicit as-of date") {
    TransactionColumns cols;
    cols.customer = "Customer";
    cols.date = "Date";
    cols.amount = "Amount";
    auto r = AggregateTransactions(t, cols, static_cast<double>(io::DaysFromCivil(2024, 2, 1)));
    REQUIRE(r.ok());
    const auto& rep = r->report;
    // Without invoice numbers the cancellation is only visible as a negative amount.
    CHECK(rep.cancelled == 0);
    CHECK(rep.non_positive == 3);
    CHECK(rep.used == 4);
    CHECK(r->frequency == std::vector<double>{2, 1});  // distinct days (Jan 1 twice, Jan 20), not lines
    CHECK(r->recency_days == std::vector<double>{12, 27});
    CHECK(r->monetary[0] == Approx(26));
  }
  SECTION("errors name the column") {
    TransactionColumns cols;
    cols.customer = "Customer";
    cols.date = "Date";
    cols.amount = "Amount";
    cols.customer = "Kunde";
    auto r = AggregateTransactions(t, cols);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "rfm.no_such_column");
    CHECK(r.error().column_name == "Kunde");

    cols.customer = "Customer";
    cols.date = "";
    r = AggregateTransactions(t, cols);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "rfm.no_date_column");

    cols.date = "Price";
    r = AggregateTransactions(t, cols);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "rfm.not_date");
    CHECK(r.error().column_name == "Price");

    cols.date = "Date";
    cols.amount = "InvoiceNo";
    r = AggregateTransactions(t, cols);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "rfm.not_numeric");
    CHECK(r.error().column_name == "InvoiceNo");

    cols.amount = "";
    cols.quantity = "Quantity";
    r = AggregateTransactions(t, cols);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "rfm.no_amount");

    cols.amount = "Amount";
    r = AggregateTransactions(t, cols, static_cast<double>(io::DaysFromCivil(2024, 1, 10)));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "rfm.as_of_before_last");
  }
}

TEST_CASE("AggregateTransactions: numeric ids and invoices, times of day, no usable rows", "[rfm]") {
  io::Table t = ReadTable(
      "InvoiceNo,CustomerID,InvoiceDate,Amount\n"
      "5001,17850.0,2011-12-01 08:26:00,10.5\n"
      "5001,17850.0,2011-12-01 08:26:00,4.5\n"
      "5002,12346.0,2011-12-08 18:00:00,7\n"
      "5003,17850.0,2011-12-09 12:50:00,1\n");
  TransactionColumns cols;
  cols.customer = "CustomerID";
  cols.date = "InvoiceDate";
  cols.amount = "Amount";
  cols.invoice = "InvoiceNo";
  auto r = AggregateTransactions(t, cols);
  REQUIRE(r.ok());
  CHECK(r->id == std::vector<std::string>{"17850", "12346"});
  CHECK(r->report.as_of_days == static_cast<double>(io::DaysFromCivil(2011, 12, 10)));
  CHECK(r->recency_days == std::vector<double>{1, 2});
  CHECK(r->frequency == std::vector<double>{2, 1});
  CHECK(r->monetary[0] == Approx(16));

  io::Table cancelled = ReadTable(
      "InvoiceNo,CustomerID,InvoiceDate,Amount\n"
      "C1,A,2024-01-01,-5\n"
      "C2,B,2024-01-02,-1\n");
  auto none = AggregateTransactions(cancelled, cols);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "rfm.no_usable_rows");
  CHECK(none.error().message.find("2 are cancellations") != std::string::npos);
}

TEST_CASE("CustomersFromColumns: recency in days or as a last-purchase date", "[rfm]") {
  io::Table t = ReadTable(
      "customer_id,last_purchase,days,orders,revenue\n"
      "K-001,2024-03-01,30,5,500\n"
      "K-002,2024-03-31,0,1,20\n"
      "K-003,,NA,2,40\n"
      "K-004,2024-01-01,90,NA,10\n");
  auto by_date = CustomersFromColumns(t, "last_purchase", "orders", "revenue");
  REQUIRE(by_date.ok());
  CHECK(by_date->id == std::vector<std::string>{"K-001", "K-002"});
  CHECK(by_date->row == std::vector<size_t>{0, 1});
  CHECK(by_date->recency_days == std::vector<double>{31, 1});  // as of 2024-04-01
  CHECK(by_date->report.as_of_days == static_cast<double>(io::DaysFromCivil(2024, 4, 1)));
  CHECK(by_date->report.transactions == 4);
  CHECK(by_date->report.used == 2);
  CHECK(by_date->report.missing_date == 1);
  CHECK(by_date->report.missing_amount == 1);

  auto by_days = CustomersFromColumns(t, "days", "orders", "revenue");
  REQUIRE(by_days.ok());
  CHECK(by_days->recency_days == std::vector<double>{30, 0});
  CHECK(std::isnan(by_days->report.as_of_days));

  auto bad = CustomersFromColumns(t, "days", "customer_id", "revenue");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "rfm.not_numeric");
  CHECK(bad.error().column_name == "customer_id");
  bad = CustomersFromColumns(t, "days", "orders", "umsatz");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().column_name == "umsatz");
}

TEST_CASE("ScoreRfm: exact scores, segments, sizes and grid", "[rfm]") {
  RfmCustomers c;
  for (int i = 1; i <= 10; ++i) c.id.push_back("c" + std::to_string(i));
  c.recency_days = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  c.frequency = {9, 1, 3, 7, 5, 6, 10, 4, 2, 8};
  c.monetary = {50, 10, 20, 30, 40, 60, 70, 80, 90, 100};
  auto res = ScoreRfm(c);
  REQUIRE(res.ok());
  CHECK(res->r == std::vector<int>{5, 5, 4, 4, 3, 3, 2, 2, 1, 1});
  CHECK(res->f == std::vector<int>{5, 1, 2, 4, 3, 3, 5, 2, 1, 4});
  CHECK(res->m == std::vector<int>{3, 1, 1, 2, 2, 3, 4, 4, 5, 5});
  std::vector<std::string> names;
  for (int32_t s : res->segment) names.push_back(res->map.names[static_cast<size_t>(s)]);
  CHECK(names == std::vector<std::string>{"Champions", "New Customers", "Potential Loyalist", "Loyal",
                                          "Need Attention", "Need Attention", "Can't Lose Them", "Hibernating",
                                          "Lost", "At Risk"});
  const RfmSegmentMap& m = res->map;
  REQUIRE(res->sizes.size() == 11);
  CHECK(res->sizes[SegmentId(m, "Need Attention")] == 2);
  CHECK(res->sizes[SegmentId(m, "Promising")] == 0);
  CHECK(res->sizes[SegmentId(m, "About to Sleep")] == 0);
  CHECK(res->sizes[SegmentId(m, "Champions")] == 1);
  std::array<size_t, 25> grid{};
  auto at = [](int r, int f) { return static_cast<size_t>((r - 1) * 5 + (f - 1)); };
  grid[at(5, 5)] = 1;
  grid[at(5, 1)] = 1;
  grid[at(4, 2)] = 1;
  grid[at(4, 4)] = 1;
  grid[at(3, 3)] = 2;
  grid[at(2, 5)] = 1;
  grid[at(2, 2)] = 1;
  grid[at(1, 1)] = 1;
  grid[at(1, 4)] = 1;
  CHECK(res->grid == grid);
  CHECK(res->customers.id == c.id);

  SECTION("R is reversed: the most recent customer gets 5 even with three customers") {
    RfmCustomers three;
    three.recency_days = {10, 1, 5};
    three.frequency = {1, 1, 1};
    three.monetary = {1, 2, 3};
    auto r3 = ScoreRfm(three);
    REQUIRE(r3.ok());
    CHECK(r3->r == std::vector<int>{2, 5, 4});
    CHECK(r3->f == std::vector<int>{2, 2, 2});
    CHECK(r3->m == std::vector<int>{1, 2, 4});
  }
  SECTION("a custom two-segment map") {
    RfmSegmentMap two;
    two.names = {"Inactive", "Active"};
    for (int r = 1; r <= 5; ++r)
      for (int f = 1; f <= 5; ++f) two.cell[at(r, f)] = r >= 3 ? 1 : 0;
    auto r2 = ScoreRfm(c, two);
    REQUIRE(r2.ok());
    CHECK(r2->sizes == std::vector<size_t>{4, 6});
    CHECK(r2->segment == std::vector<int32_t>{1, 1, 1, 1, 1, 1, 0, 0, 0, 0});
  }
  SECTION("errors") {
    CHECK(ScoreRfm(RfmCustomers{}).error().code == "rfm.no_customers");
    RfmCustomers nan = c;
    nan.monetary[3] = NAN;
    auto e = ScoreRfm(nan);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == "rfm.not_finite");
    CHECK(e.error().message.find("c4") != std::string::npos);
    RfmCustomers short_f = c;
    short_f.frequency.pop_back();
    CHECK(ScoreRfm(short_f).error().code == "rfm.length_mismatch");
    RfmSegmentMap broken = RfmSegmentMap::Default();
    broken.cell[0] = 99;
    CHECK(ScoreRfm(c, broken).error().code == "rfm.map_bad_cell");
  }
}

TEST_CASE("RFM on the Online Retail export (customers with id mod 10 == 0)", "[rfm][shared]") {
  std::ifstream f(SEG_DATASETS_DIR "/online_retail/online_retail_customers_id_mod10_eq0_full_year.csv",
                  std::ios::binary);
  if (!f) {
    WARN("skipped: ../shared/datasets/online_retail/online_retail_customers_id_mod10_eq0_full_year.csv not found "
         "(only in the dev setup)");
    return;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  auto d = io::ReadCsv(ss.str());
  REQUIRE(d.ok());
  const io::Table& t = d->table;
  REQUIRE(t.rows > 30000);
  int di = t.FindColumn("InvoiceDate");
  REQUIRE(di >= 0);
  CHECK(t.columns[static_cast<size_t>(di)].type == io::ColumnType::kDate);
  CHECK(t.columns[static_cast<size_t>(di)].date_format == "yyyy-mm-dd");

  TransactionColumns cols;
  cols.customer = "CustomerID";
  cols.date = "InvoiceDate";
  cols.quantity = "Quantity";
  cols.price = "UnitPrice";
  cols.invoice = "InvoiceNo";
  auto agg = AggregateTransactions(t, cols);
  REQUIRE(agg.ok());
  const AggregationReport& rep = agg->report;
  CHECK(rep.transactions == t.rows);
  CHECK(rep.cancelled > 0);
  CHECK(rep.used > rep.transactions * 9 / 10);
  CHECK(rep.used + rep.cancelled + rep.missing_customer + rep.non_positive + rep.missing_date + rep.missing_amount ==
        rep.transactions);
  // The last purchases in the data are on 2011-12-09.
  CHECK(rep.as_of_days == static_cast<double>(io::DaysFromCivil(2011, 12, 10)));
  const size_t n = agg->id.size();
  CHECK(n > 300);
  for (size_t i = 0; i < n; ++i) {
    INFO("customer " << agg->id[i]);
    REQUIRE(std::isfinite(agg->monetary[i]));
    CHECK(agg->monetary[i] > 0);
    CHECK(agg->frequency[i] >= 1);
    CHECK(agg->recency_days[i] >= 1);
    CHECK(agg->recency_days[i] <= 400);
    CHECK(agg->id[i].size() == 5);  // "17850", not "17850.0"
    CHECK(agg->id[i].back() == '0');
  }

  auto res = ScoreRfm(std::move(agg.value()));
  REQUIRE(res.ok());
  REQUIRE(res->segment.size() == n);
  size_t total = 0, grid_total = 0;
  for (size_t s : res->sizes) total += s;
  for (size_t g : res->grid) grid_total += g;
  CHECK(total == n);
  CHECK(grid_total == n);
  for (size_t i = 0; i < n; ++i) {
    REQUIRE(res->segment[i] >= 0);
    REQUIRE(static_cast<size_t>(res->segment[i]) < res->map.names.size());
    CHECK(res->r[i] >= 1);
    CHECK(res->r[i] <= 5);
  }
  // Real data spreads over many segments, and Champions buy more often than the Lost.
  size_t non_empty = 0;
  for (size_t s : res->sizes) non_empty += s > 0;
  CHECK(non_empty >= 8);
  CHECK(res->sizes[SegmentId(res->map, "Champions")] > 0);
}

TEST_CASE("ApplyRfmToTransactions: the training lines get the training scores and segments", "[rfm]") {
  const io::Table t = ReadTable(kTransactions);
  TransactionColumns cols;
  cols.customer = "Customer";
  cols.date = "Date";
  cols.quantity = "Quantity";
  cols.price = "Price";
  cols.invoice = "InvoiceNo";
  auto agg = AggregateTransactions(t, cols);
  REQUIRE(agg.ok());
  const double as_of = agg->report.as_of_days;
  auto trained = ScoreRfm(std::move(agg.value()));
  REQUIRE(trained.ok());
  RfmModel m = RfmModelFromResult(trained.value());
  m.from_transactions = true;
  m.transactions = cols;
  m.as_of_days = as_of;
  auto applied = ApplyRfmToTransactions(m, t);
  REQUIRE(applied.ok());
  CHECK(applied->customers.id == trained->customers.id);
  CHECK(applied->r == trained->r);
  CHECK(applied->f == trained->f);
  CHECK(applied->m == trained->m);
  CHECK(applied->segment == trained->segment);
  CHECK(applied->sizes == trained->sizes);
  // The JSON carries what the SQL export needs: columns, purchase basis, as-of day.
  const nlohmann::json j = RfmModelToJson(m);
  CHECK(j["transactions"]["purchases"] == "distinct_invoices");
  CHECK(j["as_of"] == io::FormatIsoDate(as_of));
  auto back = RfmModelFromJson(j);
  REQUIRE(back.ok());
  CHECK(ApplyRfmToTransactions(back.value(), t)->segment == trained->segment);
  // A customer-table model is refused.
  m.from_transactions = false;
  CHECK(ApplyRfmToTransactions(m, t).error().code == "rfm.apply_not_transactions");
}
