// The importer's fast paths (values converted while the types are still being inferred, columns
// re-read when their plan changes, skipped re-validation of UTF-8) must give exactly what a plain
// two-pass read gives. Each case builds the expected column by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "seg/io/csv_reader.hpp"
#include "seg/io/value_parse.hpp"

using namespace seg::io;

namespace {

Dataset Read(std::string bytes, ReadOptions options = {}) {
  auto r = ReadCsv(std::move(bytes), options);
  if (!r.ok()) FAIL("import failed: " << r.error().ToString());
  return std::move(r.value());
}

const Column& Col(const Dataset& d, std::string_view name) {
  int i = d.table.FindColumn(name);
  if (i < 0) FAIL("no column " << name);
  return d.table.columns[static_cast<size_t>(i)];
}

// Reads `csv` in one go and in small slices; both must agree on every value.
Dataset ReadBothWays(const std::string& csv, ReadOptions options = {}) {
  Dataset a = Read(csv, options);
  CsvImporter imp(csv, options);
  while (!imp.Step(97)) {
  }
  auto r = imp.Take();
  REQUIRE(r.ok());
  const Dataset& b = r.value();
  REQUIRE(a.table.columns.size() == b.table.columns.size());
  for (size_t c = 0; c < a.table.columns.size(); ++c) {
    const Column& x = a.table.columns[c];
    const Column& y = b.table.columns[c];
    CHECK(x.type == y.type);
    CHECK(x.codes == y.codes);
    CHECK(x.levels == y.levels);
    REQUIRE(x.values.size() == y.values.size());
    for (size_t i = 0; i < x.values.size(); ++i) {
      CHECK((x.values[i] == y.values[i] || (std::isnan(x.values[i]) && std::isnan(y.values[i]))));
    }
  }
  return a;
}

}  // namespace

TEST_CASE("a 0/1 column that turns numeric after a few rows keeps its first values", "[io][speed]") {
  std::string csv = "id,flag\n";
  for (int i = 0; i < 20; ++i) csv += "k" + std::to_string(i) + "," + std::to_string(i < 10 ? i % 2 : i * 3) + "\n";
  Dataset d = ReadBothWays(csv);
  const Column& c = Col(d, "flag");
  REQUIRE(c.type == ColumnType::kNumeric);
  for (int i = 0; i < 20; ++i) CHECK(c.values[static_cast<size_t>(i)] == (i < 10 ? i % 2 : i * 3));
}

TEST_CASE("a column that stops being numeric late is read again as strings, in order", "[io][speed]") {
  // The change comes after more rows than the importer re-reads on the spot.
  std::string csv = "n,code\n";
  const int rows = 12000;
  for (int i = 0; i < rows; ++i) csv += std::to_string(i) + "," + (i == rows - 5 ? std::string("x7") : std::to_string(i % 7)) + "\n";
  Dataset d = ReadBothWays(csv);
  const Column& code = Col(d, "code");
  REQUIRE(code.type == ColumnType::kCategorical);
  REQUIRE(code.levels.size() == 8);
  for (int k = 0; k < 7; ++k) CHECK(code.levels[static_cast<size_t>(k)] == std::to_string(k));
  CHECK(code.levels[7] == "x7");
  CHECK(code.Level(static_cast<size_t>(rows - 5)) == "x7");
  CHECK(code.Level(100) == std::to_string(100 % 7));
  const Column& n = Col(d, "n");
  REQUIRE(n.type == ColumnType::kNumeric);
  CHECK(n.values[11999] == 11999);
}

TEST_CASE("a column that stops being a date early is re-read from its first row", "[io][speed]") {
  std::string csv = "d;x\n";
  for (int i = 0; i < 30; ++i) csv += (i == 25 ? std::string("soon") : "0" + std::to_string(1 + i % 9) + ".03.2024") + ";" + std::to_string(i) + "\n";
  Dataset d = ReadBothWays(csv);
  const Column& c = Col(d, "d");
  REQUIRE(c.type == ColumnType::kCategorical);
  CHECK(c.levels[0] == "01.03.2024");
  CHECK(c.Level(25) == "soon");
  CHECK(c.codes[9] == c.codes[0]);
}

TEST_CASE("the file decimal decided at the end overrides the guess from the delimiter", "[io][speed]") {
  // ';' suggests a decimal comma, but the numbers use '.' ("1.234" stays ambiguous alone).
  std::string csv = "a;b;c\n";
  for (int i = 0; i < 50; ++i) csv += "1.234;" + std::to_string(i) + ".5;" + std::to_string(i) + ".25\n";
  Dataset d = ReadBothWays(csv);
  CHECK(d.decimal.value == '.');
  CHECK(Col(d, "a").values[0] == Approx(1.234));
  CHECK(Col(d, "b").values[3] == Approx(3.5));
}

TEST_CASE("quoted and escaped fields are interned like plain ones", "[io][speed]") {
  std::string csv = "name,v\n";
  for (int i = 0; i < 40; ++i) {
    const int k = i % 4;
    if (k == 0) csv += "plain," + std::to_string(i) + "\n";
    if (k == 1) csv += "\"plain\"," + std::to_string(i) + "\n";
    if (k == 2) csv += "\"say \"\"hi\"\"\"," + std::to_string(i) + "\n";
    if (k == 3) csv += "\"a,b\"," + std::to_string(i) + "\n";
  }
  Dataset d = ReadBothWays(csv);
  const Column& c = Col(d, "name");
  REQUIRE(c.levels.size() == 3);
  CHECK(c.levels[0] == "plain");
  CHECK(c.levels[1] == "say \"hi\"");
  CHECK(c.levels[2] == "a,b");
  CHECK(c.codes[1] == 0);
  CHECK(c.codes[6] == 1);
}

TEST_CASE("key columns list their first values as the most frequent", "[io][speed]") {
  std::string csv = "customer_id,x\n";
  for (int i = 0; i < 5000; ++i) csv += "C-" + std::to_string(100000 + i) + "," + std::to_string(i % 3) + "\n";
  Dataset d = ReadBothWays(csv);
  const Column& c = Col(d, "customer_id");
  CHECK(c.type == ColumnType::kIdentifier);
  CHECK(c.distinct == 5000);
  REQUIRE(c.top_values.size() == 5);
  for (size_t i = 0; i < 5; ++i) {
    CHECK(c.top_values[i].first == "C-" + std::to_string(100000 + i));
    CHECK(c.top_values[i].second == 1);
  }
}

TEST_CASE("yyyymmdd columns are always parsed", "[io][speed]") {
  // ChooseDateFormat once picked the last format (yyyymmdd) only at random (a GCC 12 -O3 issue).
  CHECK(ChooseDateFormat(kDateCompact, true) == kDateCompact);
  CHECK(ChooseDateFormat(kDateCompact, false) == kDateCompact);
  CHECK(ChooseDateFormat(kDateDmySlash | kDateMdySlash, true) == kDateDmySlash);
  CHECK(ChooseDateFormat(kDateDmySlash | kDateMdySlash, false) == kDateMdySlash);
  CHECK(ChooseDateFormat(0, true) == 0);
  Dataset d = ReadBothWays("when,x\n19970101,1\n19970118,2\n19971231,3\n");
  const Column& c = Col(d, "when");
  REQUIRE(c.type == ColumnType::kDate);
  CHECK(c.date_format == "yyyymmdd");
  CHECK(c.missing == 0);
  CHECK(c.values[0] == DaysFromCivil(1997, 1, 1));
}

TEST_CASE("numeric statistics count distinct values exactly", "[io][speed]") {
  std::string csv = "v\n";
  for (int i = 0; i < 3000; ++i) csv += (i % 10 == 0 ? std::string("NA") : std::to_string(i % 1500) + ".5") + "\n";
  csv += "0\n-0\n";
  Dataset d = ReadBothWays(csv);
  const Column& c = Col(d, "v");
  REQUIRE(c.type == ColumnType::kNumeric);
  CHECK(c.missing == 300);
  // i % 1500 for i not a multiple of 10: 1350 distinct, plus 0 (== -0).
  CHECK(c.distinct == 1351);
}

TEST_CASE("UTF-8 input is taken as is; invalid UTF-8 still falls back to Windows-1252", "[io][speed]") {
  Dataset a = Read("name,x\nM\xC3\xBCller,1\n");
  CHECK(a.encoding.value == Encoding::kUtf8);
  CHECK(Col(a, "name").levels[0] == "M\xC3\xBCller");
  Dataset b = Read("name,x\nM\xFCller,1\n");
  CHECK(b.encoding.value == Encoding::kWindows1252);
  CHECK(Col(b, "name").levels[0] == "M\xC3\xBCller");
  Dataset c = Read("\xEF\xBB\xBFname,x\nM\xC3\xBCller,1\n");
  CHECK(c.bom_length == 3);
  CHECK(Col(c, "name").levels[0] == "M\xC3\xBCller");
}
