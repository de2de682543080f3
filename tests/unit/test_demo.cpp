// The demo customer base: deterministic, importable with the intended types, and the committed
// assets/demo_customers.csv never drifts from the generator.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sstream>

#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/value_parse.hpp"

using seg::demo::DemoOptions;
using seg::demo::GenerateDemoCustomersCsv;
using namespace seg::io;

namespace {

const Column& DemoCol(const Dataset& d, std::string_view name) {
  int i = d.table.FindColumn(name);
  if (i < 0) FAIL("no column " << name);
  return d.table.columns[static_cast<size_t>(i)];
}

}  // namespace

TEST_CASE("demo: generation is deterministic per seed", "[demo]") {
  DemoOptions small;
  small.rows = 300;
  const std::string a = GenerateDemoCustomersCsv(small);
  const std::string b = GenerateDemoCustomersCsv(small);
  CHECK(a == b);
  DemoOptions other = small;
  other.seed = small.seed + 1;
  CHECK(GenerateDemoCustomersCsv(other) != a);
  // Fewer rows are a prefix of more rows with the same seed.
  DemoOptions more = small;
  more.rows = 400;
  CHECK(GenerateDemoCustomersCsv(more).compare(0, a.size(), a) == 0);
  CHECK(GenerateDemoCustomersCsv() == GenerateDemoCustomersCsv());
}

TEST_CASE("demo: CSV shape, header and line ends", "[demo]") {
  const std::string csv = GenerateDemoCustomersCsv();
  CHECK(csv.find('\r') == std::string::npos);
  REQUIRE(!csv.empty());
  CHECK(csv.back() == '\n');
  CHECK(csv.rfind("customer_id,company,industry,plan,employees,country,region,annual_revenue_eur,mrr_eur,seats,"
                  "monthly_active_users,logins_30d,support_tickets_90d,nps,contract_start,last_order_date,"
                  "orders_12m,total_spend_eur,gross_margin_pct,churned,renewed\n",
                  0) == 0);
  CHECK(csv.find("C-100001,") != std::string::npos);
  // Some company names need RFC 4180 quoting (comma or embedded quotes).
  CHECK(csv.find(", ") != std::string::npos);
  CHECK(csv.find("\"\"") != std::string::npos);
}

TEST_CASE("demo: imports with the intended types and values", "[demo]") {
  auto r = ReadCsv(GenerateDemoCustomersCsv());
  REQUIRE(r.ok());
  const Dataset& d = r.value();
  CHECK(d.report.rejected_total == 0);
  CHECK(d.table.rows == 5000);
  REQUIRE(d.table.columns.size() == 21);

  CHECK(DemoCol(d, "customer_id").type == ColumnType::kIdentifier);
  CHECK(DemoCol(d, "industry").type == ColumnType::kCategorical);
  CHECK(DemoCol(d, "industry").distinct == 10);
  CHECK(DemoCol(d, "plan").type == ColumnType::kCategorical);
  CHECK(DemoCol(d, "country").type == ColumnType::kCategorical);
  CHECK(DemoCol(d, "country").distinct == 3);
  CHECK(DemoCol(d, "region").type == ColumnType::kCategorical);
  for (const char* name : {"employees", "annual_revenue_eur", "mrr_eur", "seats", "monthly_active_users",
                           "logins_30d", "support_tickets_90d", "nps", "orders_12m", "total_spend_eur",
                           "gross_margin_pct"}) {
    INFO(name);
    CHECK(DemoCol(d, name).type == ColumnType::kNumeric);
  }
  CHECK(DemoCol(d, "contract_start").type == ColumnType::kDate);
  CHECK(DemoCol(d, "last_order_date").type == ColumnType::kDate);
  CHECK(DemoCol(d, "churned").type == ColumnType::kBoolean);
  CHECK(DemoCol(d, "renewed").type == ColumnType::kBoolean);

  size_t missing = 0;
  for (const auto& c : d.table.columns) missing += c.missing;
  const double share = static_cast<double>(missing) / static_cast<double>(d.table.rows * d.table.columns.size());
  CHECK(share >= 0.01);
  CHECK(share <= 0.05);
  for (const char* name : {"customer_id", "country", "churned"}) {
    INFO(name);
    CHECK(DemoCol(d, name).missing == 0);
  }

  const Column& nps = DemoCol(d, "nps");
  CHECK(nps.min >= 0.0);
  CHECK(nps.max <= 10.0);
  CHECK(nps.missing > 0);

  // Company names with commas and quotes survive the round trip.
  const Column& company = DemoCol(d, "company");
  bool comma = false, quote = false;
  for (const auto& level : company.levels) {
    comma |= level.find(',') != std::string::npos;
    quote |= level.find('"') != std::string::npos;
  }
  CHECK(comma);
  CHECK(quote);

  // Dates: last order within [contract start, 2026-10-31]; renewed only when not churned.
  const Column& start = DemoCol(d, "contract_start");
  const Column& last = DemoCol(d, "last_order_date");
  const Column& churned = DemoCol(d, "churned");
  const Column& renewed = DemoCol(d, "renewed");
  size_t bad_dates = 0, bad_flags = 0;
  for (size_t row = 0; row < d.table.rows; ++row) {
    if (!(last.Number(row) >= start.Number(row))) ++bad_dates;
    if (churned.Number(row) == 1.0 && renewed.Number(row) == 1.0) ++bad_flags;
  }
  CHECK(bad_dates == 0);
  CHECK(bad_flags == 0);
  CHECK(FormatIsoDate(last.max) <= std::string("2026-10-31"));
  CHECK(FormatIsoDate(start.min) >= std::string("2010-01-01"));
  CHECK(churned.mean > 0.05);
  CHECK(churned.mean < 0.4);
}

TEST_CASE("demo: committed assets/demo_customers.csv matches the generator", "[demo]") {
  std::ifstream in(SEG_SOURCE_DIR "/assets/demo_customers.csv", std::ios::binary);
  REQUIRE(in.good());
  std::string committed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Regenerate with scripts/generate_demo_data.sh if this fails.
  CHECK(committed == GenerateDemoCustomersCsv({}));
}
