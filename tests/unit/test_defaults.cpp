// Defaults a marketer can trust (issue 19): identifiers, KPIs, automatic k, names, German texts.
//
// Index of this file
// [SECTION] Identifiers: never default features nor profile lines; repeated ids; processing record
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "seg/analysis/prep.hpp"
#include "seg/io/identifier.hpp"
#include "seg/io/inspect.hpp"
#include "seg/privacy/record.hpp"
#include "test_support.hpp"

using namespace seg;
using test::LoadOrFail;

namespace {

bool Has(const std::vector<int>& cols, const io::Table& t, const std::string& name) {
  return std::any_of(cols.begin(), cols.end(), [&](int c) { return t.columns[static_cast<size_t>(c)].name == name; });
}

// A German customer file as a German Excel would write it: "Kundennr." holds running numbers,
// "KdNr" codes with leading zeros; "Alter" and "Umsatz" are real properties.
std::string GermanCustomers(size_t rows) {
  std::string csv = "Kundennr.;KdNr;Kunden_ID;Alter;Umsatz (€);Zeile\n";
  for (size_t i = 0; i < rows; ++i) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%zu;%06zu;%zu;%zu;%zu,%02zu;%zu\n", 10001 + i, 37 * i + 1, 500000 + 7 * i,
                  20 + (i * 7) % 30, 100 + (i * 37) % 900, i % 100, i + 1);
    csv += buf;
  }
  return csv;
}

}  // namespace

// ---- [SECTION] Identifiers ---------------------------------------------------------------------

TEST_CASE("identifiers: German and English customer numbers are never default features", "[defaults][identifier]") {
  const io::Dataset d = LoadOrFail(GermanCustomers(300));
  std::vector<std::string> notes;
  const auto cols = analysis::DefaultFeatureColumns(d.table, &notes);
  for (const char* id : {"Kundennr.", "KdNr", "Kunden_ID", "Zeile"}) {
    INFO(id);
    CHECK_FALSE(Has(cols, d.table, id));
    const int c = d.table.FindColumn(id);
    REQUIRE(c >= 0);
    const auto found = io::DetectIdentifier(d.table, static_cast<size_t>(c));
    REQUIRE(found);
    CHECK_FALSE(found->repeated);
    CHECK_FALSE(found->reason_de.empty());
  }
  CHECK(Has(cols, d.table, "Alter"));
  CHECK(Has(cols, d.table, "Umsatz (€)"));
  // The numeric running number is left out with a note that says why.
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return n.find("Zeile") != std::string::npos; }));
}

TEST_CASE("identifiers: a few codes are categories, not keys", "[defaults][identifier]") {
  std::string csv = "Region code,Plan no,Spend\n";
  for (int i = 0; i < 200; ++i) csv += std::to_string(i % 5) + "," + std::to_string(i % 3) + "," + std::to_string(100 + i * 3 % 97) + "\n";
  const io::Dataset d = LoadOrFail(csv);
  CHECK_FALSE(io::DetectIdentifier(d.table, 0));
  CHECK_FALSE(io::DetectIdentifier(d.table, 1));
  CHECK_FALSE(io::DetectIdentifier(d.table, 2));
}

TEST_CASE("identifiers: Online Retail's CustomerID repeats (445 values over 36,378 rows): a transactions hint",
          "[defaults][identifier][shared]") {
  auto bytes = test::SharedDatasetBytes("online_retail/online_retail_customers_id_mod10_eq0_full_year.csv");
  if (!bytes) {
    WARN("skipped: ../shared/datasets/online_retail not found (only in the dev setup)");
    return;
  }
  const io::Dataset d = LoadOrFail(std::move(*bytes));
  const int c = d.table.FindColumn("CustomerID");
  REQUIRE(c >= 0);
  const auto id = io::DetectIdentifier(d.table, static_cast<size_t>(c));
  REQUIRE(id);
  CHECK(id->repeated);
  // The column inspection carries the hint for the transactions view.
  const auto j = io::DescribeDataset(d);
  CHECK(j["columns"][c]["id_like"] == true);
  CHECK(j["columns"][c]["repeated_id"] == true);
  const int q = d.table.FindColumn("Quantity");
  CHECK(j["columns"][q]["id_like"] == false);
}

TEST_CASE("identifiers: Mall's CustomerID (1..200) is no feature; Age, income and score are", "[defaults][identifier][shared]") {
  auto bytes = test::SharedDatasetBytes("mall_customers/Mall_Customers.csv");
  if (!bytes) {
    WARN("skipped: ../shared/datasets/mall_customers not found (only in the dev setup)");
    return;
  }
  const io::Dataset d = LoadOrFail(std::move(*bytes));
  const auto cols = analysis::DefaultFeatureColumns(d.table, nullptr);
  CHECK_FALSE(Has(cols, d.table, "CustomerID"));
  CHECK(Has(cols, d.table, "Age"));
  CHECK(Has(cols, d.table, "Spending Score (1-100)"));
  // Mall's CustomerID as a plain number column (no id name): a running number, still a key.
  std::string renamed = *test::SharedDatasetBytes("mall_customers/Mall_Customers.csv");
  renamed.replace(0, std::string("CustomerID").size(), "Laufend");
  const io::Dataset r = LoadOrFail(renamed);
  CHECK_FALSE(Has(analysis::DefaultFeatureColumns(r.table, nullptr), r.table, "Laufend"));
}

TEST_CASE("processing record: a customer number is personal data (GDPR Art. 4(1), 4(5))", "[defaults][identifier][privacy]") {
  const io::Dataset d = LoadOrFail(GermanCustomers(50));
  auto plan = privacy::PlanMinimisation(d.table, privacy::DetectPersonalData(d.table), {});
  REQUIRE(plan.ok());
  privacy::ProcessingRecord rec;
  rec.file_name = "kunden.csv";
  rec.plan = plan.value();
  const std::string de = privacy::WriteProcessingRecord(rec, Lang::kDe, privacy::RecordFormat::kMarkdown);
  const std::string en = privacy::WriteProcessingRecord(rec, Lang::kEn, privacy::RecordFormat::kMarkdown);
  CHECK(de.find("Kundennr.") != std::string::npos);
  CHECK(de.find("pseudonyme Kennung") != std::string::npos);
  CHECK(de.find("DSGVO Art. 4 Nr. 1 und 5") != std::string::npos);
  CHECK(de.find("Keine Spalte wurde als personenbezogen erkannt") == std::string::npos);
  CHECK(en.find("GDPR Art. 4(1), 4(5)") != std::string::npos);
  // "Alter" is no identifier and is not listed.
  CHECK(de.find("| Alter |") == std::string::npos);
}
