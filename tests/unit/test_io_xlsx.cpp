// Excel workbooks read as the CSV Excel would save (seg/io/xlsx_reader.hpp). The workbooks are
// written at test time by tests/xlsx/make_workbooks.py with Debian's python3-openpyxl (skipped
// when it is not installed), each next to the CSV Excel's "Save as CSV UTF-8" gives for it; the
// shared datasets (../shared/datasets, skipped when absent) are turned into workbooks the same way.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/xlsx_reader.hpp"
#include "test_support.hpp"

using namespace seg;

namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The generated workbooks' folder, or empty when python3-openpyxl is missing (made once per run).
const std::filesystem::path& Workbooks() {
  static std::filesystem::path dir = [] {
    std::filesystem::path d = std::filesystem::temp_directory_path() / ("seg_xlsx_" + std::to_string(::getpid()));
    const std::string cmd = "/usr/bin/python3 " + std::string(SEG_SOURCE_DIR) + "/tests/xlsx/make_workbooks.py '" + d.string() +
                            "' '" + std::string(SEG_DATASETS_DIR) + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return std::filesystem::path();
    return d;
  }();
  return dir;
}

#define REQUIRE_WORKBOOKS()                                                                  \
  if (Workbooks().empty()) {                                                                 \
    WARN("SKIPPED: python3-openpyxl is not installed (scripts/install_deps.sh test)");       \
    return;                                                                                  \
  }

io::Dataset Load(const std::string& name, io::ReadOptions options = {}) {
  return test::LoadOrFail(Slurp(Workbooks() / name), options);
}

// The same table: names, types, and every value (doubles bit for bit, strings byte for byte).
void RequireSameTable(const io::Table& a, const io::Table& b) {
  REQUIRE(a.rows == b.rows);
  REQUIRE(a.columns.size() == b.columns.size());
  for (size_t c = 0; c < a.columns.size(); ++c) {
    const io::Column& x = a.columns[c];
    const io::Column& y = b.columns[c];
    INFO("column " << x.name);
    REQUIRE(x.name == y.name);
    REQUIRE(io::ColumnTypeName(x.type) == io::ColumnTypeName(y.type));
    for (size_t r = 0; r < a.rows; ++r) {
      INFO("row " << r);
      REQUIRE(x.IsMissing(r) == y.IsMissing(r));
      if (x.IsNumericLike()) {
        if (!x.IsMissing(r)) REQUIRE(x.Number(r) == y.Number(r));
      } else {
        REQUIRE(x.Level(r) == y.Level(r));
      }
    }
  }
}

}  // namespace

TEST_CASE("Workbook: tricky cells read as the CSV Excel saves for them", "[xlsx]") {
  REQUIRE_WORKBOOKS();
  for (const char* name : {"tricky", "date1904"}) {
    INFO(name);
    io::Dataset wb = Load(std::string(name) + ".xlsx");
    io::ReadOptions comma;  // the long text's semicolons would otherwise win the CSV's sniffing
    comma.delimiter = ',';
    io::Dataset csv = Load(std::string(name) + ".csv", comma);
    RequireSameTable(wb.table, csv.table);
    CHECK(wb.workbook.is_workbook);
    CHECK(wb.dialect.skipped_lines == csv.dialect.skipped_lines);  // title row + blank row
  }
  io::Dataset wb = Load("tricky.xlsx");
  const io::Table& t = wb.table;
  // 0.1 + 0.2 is stored as the double 0.30000000000000004 and read back exactly.
  CHECK(t.columns[t.FindColumn("Umsatz €")].Number(0) == 0.1 + 0.2);
  CHECK(t.columns[t.FindColumn("Doppelt")].Number(0) == (0.1 + 0.2) * 2);  // the formula's cached value
  const io::Column& date = t.columns[t.FindColumn("Datum")];
  CHECK(date.type == io::ColumnType::kDate);
  CHECK(date.Number(0) == 19797);  // 2024-03-15 = day 19797 after 1970-01-01
  CHECK(date.Number(2) == -25508);  // 1900-03-01: serial 61, after Excel's nonexistent 1900-02-29
  CHECK(t.columns[t.FindColumn("Aktiv")].type == io::ColumnType::kBoolean);
  CHECK(t.columns[t.FindColumn("Status")].IsMissing(0));  // #N/A
  CHECK(t.columns[t.FindColumn("Notiz")].Level(0).size() > 4000);  // long text with quotes, newlines
  REQUIRE(wb.workbook.sheets.size() == 3);
  CHECK(wb.workbook.sheets[1].name == "Notizen");
  CHECK(wb.workbook.sheets[2].chart);
  REQUIRE(wb.workbook.merged.size() == 1);
  CHECK(wb.workbook.merged[0] == "A1:F1");
  bool merged_note = false;
  for (const std::string& n : wb.report.notes) merged_note = merged_note || n.find("merged") != std::string::npos;
  CHECK(merged_note);
}

TEST_CASE("Workbook: sheets by name or number", "[xlsx]") {
  REQUIRE_WORKBOOKS();
  io::ReadOptions o;
  o.sheet = "notizen";  // case-insensitive
  io::Dataset notes = Load("tricky.xlsx", o);
  CHECK(notes.workbook.sheet == 1);
  CHECK(notes.table.columns.size() == 2);
  o.sheet = "2";
  CHECK(Load("tricky.xlsx", o).workbook.sheet == 1);
  o.sheet = "Umsatz";
  auto missing = io::ReadCsv(Slurp(Workbooks() / "tricky.xlsx"), o);
  REQUIRE(!missing.ok());
  CHECK(missing.error().code == "xlsx.no_such_sheet");
  CHECK(missing.error().hint.find("\"Kunden\"") != std::string::npos);
  o.sheet = "3";
  auto chart = io::ReadCsv(Slurp(Workbooks() / "tricky.xlsx"), o);
  REQUIRE(!chart.ok());
  CHECK(chart.error().code == "xlsx.chart_sheet");
  auto list = io::ListXlsxSheets(Slurp(Workbooks() / "tricky.xlsx"));
  REQUIRE(list.ok());
  CHECK(list.value().size() == 3);
}

TEST_CASE("Workbook: 1900-02-29 (serial 60) is missing and noted", "[xlsx]") {
  REQUIRE_WORKBOOKS();
  io::Dataset d = Load("leapday.xlsx");
  const io::Column& date = d.table.columns[1];
  CHECK(date.type == io::ColumnType::kDate);
  CHECK(date.Number(0) == -25509);  // serial 59 = 1900-02-28 (1900-01-01 is day -25567)
  CHECK(date.IsMissing(1));         // serial 60
  CHECK(date.Number(2) == -25508);  // serial 61 = 1900-03-01
  bool noted = false;
  for (const std::string& n : d.report.notes) noted = noted || n.find("1900-02-29") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("Workbook: bad containers are clear errors in English and German", "[xlsx]") {
  REQUIRE_WORKBOOKS();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"legacy.xls", "xlsx.legacy_xls"},     {"encrypted.xlsx", "xlsx.encrypted"}, {"odf.ods", "xlsx.ods"},
      {"other.zip", "xlsx.not_workbook"},    {"corrupt.xlsx", "xlsx.corrupt_zip"}, {"bomb.xlsx", "xlsx.zip_bomb"},
      {"empty_sheet.xlsx", "xlsx.empty_sheet"}, {"chart_only.xlsx", "xlsx.chart_sheet"}};
  for (const auto& [file, code] : cases) {
    INFO(file);
    const std::string bytes = Slurp(Workbooks() / file);
    auto en = io::ReadCsv(bytes);
    REQUIRE(!en.ok());
    CHECK(en.error().code == code);
    CHECK(!en.error().hint.empty());
    io::ReadOptions de;
    de.lang = Lang::kDe;
    auto german = io::ReadCsv(bytes, de);
    REQUIRE(!german.ok());
    CHECK(german.error().code == code);
    CHECK(german.error().message != en.error().message);
    CHECK(german.error().message.find("Arbeitsmappe") + german.error().message.find("Blatt") + 2 > 1);
  }
  // An .xlsx cut anywhere never crashes: every prefix is an error value.
  const std::string whole = Slurp(Workbooks() / "tricky.xlsx");
  for (size_t n = 4; n < whole.size(); n += 97) CHECK(!io::ReadCsv(whole.substr(0, n)).ok());
  // Noise inside the compressed data: an error or a table, never a crash.
  std::string noisy = whole;
  for (size_t i = 200; i < noisy.size(); i += 301) noisy[i] = static_cast<char>(noisy[i] ^ 0x5A);
  (void)io::ReadCsv(noisy);
}

TEST_CASE("Workbook: the segmented export is UTF-8 CSV with BOM in the locale's delimiter", "[xlsx]") {
  REQUIRE_WORKBOOKS();
  io::Dataset en = Load("tricky.xlsx");
  std::vector<std::vector<std::string>> seg(1, std::vector<std::string>(en.table.rows, "1"));
  const std::string out = io::WriteWithExtraColumns(en, {"segment"}, seg);
  REQUIRE(out.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(out.find("Müller GmbH,Köln,0.30000000000000004,2024-03-15,2024-03-15 13:45:30,TRUE,0.6000000000000001,") != std::string::npos);
  CHECK(out.find("Status,segment") != std::string::npos);
  io::ReadOptions o;
  o.lang = Lang::kDe;
  io::Dataset de = Load("tricky.xlsx", o);
  RequireSameTable(de.table, en.table);
  CHECK(de.delimiter.value == ';');
  CHECK(de.decimal.value == ',');
  CHECK(!de.delimiter.set_by_user);
  const std::string out_de = io::WriteWithExtraColumns(de, {"segment"}, seg);
  CHECK(out_de.find("Müller GmbH;Köln;0,30000000000000004;2024-03-15;") != std::string::npos);
}

TEST_CASE("Workbook: bounded steps with progress", "[xlsx]") {
  REQUIRE_WORKBOOKS();
  const std::filesystem::path file = Workbooks() / "ds_telco.xlsx";
  if (!std::filesystem::exists(file)) {
    WARN("SKIPPED: the shared datasets are absent (" << SEG_DATASETS_DIR << ")");
    return;
  }
  io::CsvImporter importer(Slurp(file), {});
  size_t steps = 0, workbook_steps = 0;
  double last = -1;
  while (!importer.Step(1 << 16)) {
    io::ImportProgress p = importer.Progress();
    CHECK(p.fraction >= last);
    last = p.fraction;
    workbook_steps += p.phase == "workbook";
    ++steps;
  }
  CHECK(workbook_steps > 10);  // the sheet's ~5 MB of XML in 64 KiB slices
  auto d = importer.Take();
  REQUIRE(d.ok());
  CHECK(d.value().table.rows == 7043);
}

TEST_CASE("Workbook: shared datasets read as their CSV", "[xlsx]") {
  REQUIRE_WORKBOOKS();
  size_t compared = 0;
  for (const char* name : {"iris", "mall", "wholesale", "telco", "bank", "campaign"}) {
    const std::filesystem::path xlsx = Workbooks() / (std::string("ds_") + name + ".xlsx");
    if (!std::filesystem::exists(xlsx)) continue;
    INFO(name);
    io::Dataset wb = Load(xlsx.filename().string());
    io::Dataset csv = Load(std::string("ds_") + name + ".csv");
    RequireSameTable(wb.table, csv.table);
    ++compared;
  }
  if (compared == 0) WARN("SKIPPED: the shared datasets are absent (" << SEG_DATASETS_DIR << ")");
}
