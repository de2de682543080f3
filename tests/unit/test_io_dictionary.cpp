// String columns are dictionary-coded while reading. Cells of large dictionaries are interned a
// few records late (so their cache misses can be prefetched); the result must not show it: levels
// in order of first appearance, one code per row, whatever mix of large and small dictionaries,
// quoted and escaped cells, missing values, late type changes and slicing.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "seg/io/csv_reader.hpp"
#include "seg/io/value_parse.hpp"

using namespace seg::io;
using seg::Result;

namespace {

// Checks every string column of `ds` against the text of its cells.
void CheckDictionaries(const Dataset& ds) {
  for (size_t c = 0; c < ds.table.columns.size(); ++c) {
    const Column& col = ds.table.columns[c];
    if (col.IsNumericLike()) continue;
    INFO("column " << col.name);
    REQUIRE(col.codes.size() == ds.table.rows);
    std::unordered_map<std::string, uint32_t> first;  // value -> code it must have
    std::vector<std::string> expected_levels;
    for (size_t r = 0; r < ds.table.rows; ++r) {
      const std::string v = ds.RowFields(r)[c];
      INFO("row " << r << " value '" << v << "'");
      if (IsMissingValue(v)) {
        REQUIRE(col.codes[r] == Column::kMissingCode);
        continue;
      }
      auto [it, added] = first.emplace(v, static_cast<uint32_t>(expected_levels.size()));
      if (added) expected_levels.push_back(v);
      REQUIRE(col.codes[r] == it->second);
    }
    REQUIRE(col.levels == expected_levels);
  }
}

// `rows` records: a key column, a column of a few thousand names with quoted and escaped cells and
// missing values, a small categorical column, and a column that is numeric until `text_from`.
std::string MakeCsv(size_t rows, size_t text_from) {
  std::string csv = "id,name,size,late\n";
  uint64_t state = 12345;
  auto next = [&state]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  for (size_t r = 0; r < rows; ++r) {
    csv += "K" + std::to_string(100000 + r) + ",";
    const uint32_t n = next() % 3000;
    if (r % 13 == 0) {
      // empty: missing
    } else if (r % 29 == 0) {
      csv += "NA";
    } else if (r % 97 == 0) {
      csv += "\"Name \"\"" + std::to_string(n % 50) + "\"\"\"";  // escaped quotes
    } else if (r % 7 == 0) {
      csv += "\"Name, " + std::to_string(n) + "\"";  // quoted, with the delimiter
    } else {
      csv += "Name-" + std::to_string(n);
    }
    csv += ",";
    csv += (next() % 2) ? "small" : "large";
    csv += ",";
    csv += r >= text_from && r % 5 == 0 ? "text " + std::to_string(next() % 100) : std::to_string(next() % 1000);
    csv += "\n";
  }
  return csv;
}

}  // namespace

TEST_CASE("String columns: levels in first-appearance order, one code per row", "[io][dictionary]") {
  // 20,000 rows: the key column's and the names' dictionaries outgrow the "large" threshold; the
  // last column turns to text after the catch-up window (pass 2) or within it (catch-up).
  for (size_t text_from : {size_t{300}, size_t{15000}, size_t{1} << 30}) {
    INFO("text from row " << text_from);
    const std::string csv = MakeCsv(20000, text_from);
    Result<Dataset> ds = ReadCsv(csv);
    REQUIRE(ds.ok());
    REQUIRE(ds->table.rows == 20000);
    REQUIRE(ds->table.columns[0].levels.size() == 20000);
    CheckDictionaries(ds.value());

    // Sliced into small steps (the pipeline is flushed at every slice): the same table.
    CsvImporter imp(csv, {});
    while (!imp.Step(1000)) {
    }
    Result<Dataset> sliced = imp.Take();
    REQUIRE(sliced.ok());
    for (size_t c = 0; c < ds->table.columns.size(); ++c) {
      REQUIRE(sliced->table.columns[c].type == ds->table.columns[c].type);
      REQUIRE(sliced->table.columns[c].codes == ds->table.columns[c].codes);
      REQUIRE(sliced->table.columns[c].levels == ds->table.columns[c].levels);
    }
  }
}

TEST_CASE("String columns: the same codes with extra missing markers (general path)", "[io][dictionary]") {
  const std::string csv = MakeCsv(12000, size_t{1} << 30);
  ReadOptions options;
  options.missing_markers = {"Name-7"};
  Result<Dataset> ds = ReadCsv(csv, options);
  REQUIRE(ds.ok());
  const Column& names = ds->table.columns[1];
  for (size_t r = 0; r < ds->table.rows; ++r) {
    if (ds->RowFields(r)[1] == "Name-7") REQUIRE(names.codes[r] == Column::kMissingCode);
  }
  for (const auto& level : names.levels) REQUIRE(level != "Name-7");
}

TEST_CASE("Key columns: duplicates after the key check fold into their first occurrence", "[io][dictionary]") {
  // The first 4,096 ids are distinct, so the column is read as a key (levels appended without
  // lookups, duplicates found after pass 1). Then: repeats of early ids and of ids appended after
  // the switch, quoted and escaped ids (also repeated), missing cells, and a file that is simply
  // its first half twice. Levels, codes and their order must be those of plain interning.
  auto make = [](size_t rows, bool twice) {
    std::string csv = "customer_id,plan\n";
    std::string body;
    uint64_t state = 99;
    auto next = [&state]() {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      return static_cast<uint32_t>(state >> 33);
    };
    for (size_t r = 0; r < rows; ++r) {
      std::string id = "C-" + std::to_string(100000 + r);
      if (r > 5000) {
        const uint32_t pick = next() % 100;
        if (pick < 3) id = "C-" + std::to_string(100000 + next() % 4096);          // an early id again
        else if (pick < 6) id = "C-" + std::to_string(100000 + 4096 + next() % (r - 4096));  // a later one
        else if (pick < 8) id = "";                                                   // missing
        else if (pick < 9) id = "\"X \"\"" + std::to_string(next() % 40) + "\"\"\"";  // escaped, repeated
        else if (pick < 10) id = "\"Q, " + std::to_string(r) + "\"";                  // quoted, unique
      }
      body += id + "," + (r % 3 ? "Pro" : "Basic") + "\n";
    }
    return csv + body + (twice ? body : std::string());
  };
  for (const auto& [rows, twice] : {std::pair<size_t, bool>{30000, false}, std::pair<size_t, bool>{9000, true},
                                    std::pair<size_t, bool>{3000, false}}) {
    INFO(rows << " rows" << (twice ? ", twice" : ""));
    const std::string csv = make(rows, twice);
    Result<Dataset> ds = ReadCsv(csv);
    REQUIRE(ds.ok());
    CheckDictionaries(ds.value());
    const Column& id = ds->table.columns[0];
    REQUIRE(id.distinct == id.levels.size());
    CsvImporter imp(csv, {});
    while (!imp.Step(777)) {
    }
    Result<Dataset> sliced = imp.Take();
    REQUIRE(sliced.ok());
    REQUIRE(sliced->table.columns[0].codes == id.codes);
    REQUIRE(sliced->table.columns[0].levels == id.levels);
  }
  // A real key: every value its own level, in file order; the column is an identifier.
  std::string csv = "email,n\n";
  for (int r = 0; r < 10000; ++r) csv += "kunde" + std::to_string(r) + "@example.de," + std::to_string(r % 7) + "\n";
  Result<Dataset> ds = ReadCsv(csv);
  REQUIRE(ds.ok());
  CheckDictionaries(ds.value());
  CHECK(ds->table.columns[0].type == ColumnType::kIdentifier);
  CHECK(ds->table.columns[0].levels.size() == 10000);
  CHECK(ds->table.columns[0].levels[9999] == "kunde9999@example.de");
}

TEST_CASE("String columns: levels that share their first 28 bytes stay apart", "[io][dictionary]") {
  // The dictionary compares a value with a level's head (size and first 28 bytes) and only then
  // with the rest of the level: values of 27, 28, 29 and 60 bytes that agree on the head and differ
  // after it, in its last byte, or only in size, each keep their own level.
  const std::string head28 = "Sonnenschein Handelsgesellsc";  // 28 bytes
  REQUIRE(head28.size() == 28);
  std::vector<std::string> values = {head28.substr(0, 27), head28, head28 + "A", head28 + "B",
                                     head28.substr(0, 27) + "X", head28 + std::string(32, 'z'),
                                     head28 + std::string(31, 'z') + "y", "a", "ab", "abcdefg", "abcdefgh"};
  std::string csv = "firma,n\n";
  uint64_t state = 5;
  for (int r = 0; r < 30000; ++r) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const size_t pick = static_cast<size_t>(state >> 33) % (values.size() + 3);
    // Plus a few thousand other long names, so the dictionary also grows past its first tables.
    const std::string v = pick < values.size() ? values[pick] : head28 + " Nr. " + std::to_string((state >> 40) % 5000);
    csv += v + "," + std::to_string(r % 10) + "\n";
  }
  Result<Dataset> ds = ReadCsv(csv);
  REQUIRE(ds.ok());
  CheckDictionaries(ds.value());
  CHECK(ds->table.columns[0].levels.size() > values.size());
}

TEST_CASE("String columns: values whose hash tags collide are told apart by their full text", "[io][dictionary]") {
  // 250,000 distinct 36-byte values with the same first 28 bytes, each twice in a row (so the column
  // is not read as a key): among that many, several pairs share the 32-bit hash tag the dictionary
  // probes with, and for those only the bytes after the head tell them apart.
  std::string csv = "firma\n";
  csv.reserve(250000 * 2 * 37 + 8);
  for (int i = 0; i < 250000; ++i) {
    char tail[16];
    std::snprintf(tail, sizeof tail, "%08d", i * 7919 % 100000000);
    const std::string v = std::string("Sonnenschein-Handelsgesellsc") + tail;
    csv += v + "\n" + v + "\n";
  }
  Result<Dataset> ds = ReadCsv(csv);
  REQUIRE(ds.ok());
  const Column& col = ds->table.columns[0];
  REQUIRE(col.levels.size() == 250000);
  for (size_t r = 0; r < ds->table.rows; ++r) REQUIRE(col.codes[r] == r / 2);
}
