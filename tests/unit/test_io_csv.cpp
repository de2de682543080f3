// Importing the CSV files people actually export, and writing them back without losing a byte.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/inspect.hpp"
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

// Export with no new columns must reproduce the input exactly.
void CheckByteRoundTrip(const std::string& bytes, ReadOptions options = {}) {
  Dataset d = Read(bytes, options);
  ExportOptions eo;
  eo.neutralise_formulas = false;
  CHECK(WriteWithExtraColumns(d, {}, {}, eo) == bytes);
}

}  // namespace

TEST_CASE("plain comma file with header: dialect and column types", "[io][csv]") {
  Dataset d = Read(
      "customer_id,company,industry,employees,revenue,signup,active,nps\n"
      "C001,Acme GmbH,Retail,12,1200.50,2024-01-15,yes,9\n"
      "C002,\"Müller, Schmidt & Partner\",Retail,250,99000,2023-11-02,no,\n"
      "C003,\"\"\"Alpen\"\" AG\",Manufacturing,40,15000.25,2022-06-30,yes,7\n"
      "C004,Beta KG,Manufacturing,NA,500,2021-03-01,no,3\n");
  CHECK(d.dialect.delimiter == ',');
  CHECK(d.dialect.header);
  CHECK(d.table.rows == 4);
  CHECK(Col(d, "customer_id").type == ColumnType::kIdentifier);
  CHECK(Col(d, "industry").type == ColumnType::kCategorical);
  CHECK(Col(d, "employees").type == ColumnType::kNumeric);
  CHECK(Col(d, "employees").missing == 1);
  CHECK(Col(d, "revenue").values[3] == Approx(500));
  CHECK(Col(d, "signup").type == ColumnType::kDate);
  CHECK(Col(d, "active").type == ColumnType::kBoolean);
  CHECK(Col(d, "nps").missing == 1);
  auto row = d.RowFields(1);
  CHECK(row[1] == "Müller, Schmidt & Partner");
  CHECK(d.RowFields(2)[1] == "\"Alpen\" AG");
  CheckByteRoundTrip(
      "a,b\n1,\"x\"\"y\"\n2,\"multi\nline\"\n");
}

TEST_CASE("German Excel export: semicolon, decimal comma, Windows-1252, euro sign", "[io][csv]") {
  // "Umsatz €" header and values with thousands dots and decimal commas, in Windows-1252 bytes.
  std::string bytes =
      "Kunde;Stadt;Umsatz \x80;Marge;Datum\r\n"
      "M\xFCller GmbH;M\xFCnchen;1.234,56;12,5 %;31.12.2024\r\n"
      "Gr\xFC\xDF" "e AG;K\xF6ln;987,10;8 %;01.02.2024\r\n"
      "\x84Quote\x93 KG;Z\xFCrich;12.000,00;-3,5 %;15.06.2023\r\n";
  Dataset d = Read(bytes);
  CHECK(d.encoding.value == Encoding::kWindows1252);
  CHECK_FALSE(d.encoding.set_by_user);
  CHECK(d.dialect.delimiter == ';');
  CHECK(d.dialect.decimal == ',');
  CHECK(d.dialect.line_ending == "\r\n");
  CHECK(d.table.columns[2].name == "Umsatz \xE2\x82\xAC");  // € as UTF-8
  CHECK(Col(d, "Umsatz \xE2\x82\xAC").type == ColumnType::kNumeric);
  CHECK(Col(d, "Umsatz \xE2\x82\xAC").values[0] == Approx(1234.56));
  CHECK(Col(d, "Umsatz \xE2\x82\xAC").values[2] == Approx(12000.0));
  CHECK(Col(d, "Marge").unit == "%");
  CHECK(Col(d, "Marge").values[2] == Approx(-3.5));
  CHECK(Col(d, "Datum").type == ColumnType::kDate);
  CHECK(Col(d, "Datum").date_format == "dd.mm.yyyy");
  CHECK(d.RowFields(0)[0] == "M\xC3\xBCller GmbH");
  CHECK(d.RowFields(2)[0] == "\xE2\x80\x9EQuote\xE2\x80\x9C KG");
  // The export is Windows-1252 again, byte for byte, with the new column appended.
  CheckByteRoundTrip(bytes);
  std::string out = WriteWithExtraColumns(d, {"segment"}, {{"1", "2", "3"}});
  CHECK(out.substr(0, 40) == "Kunde;Stadt;Umsatz \x80;Marge;Datum;segment");
  CHECK(out.find("M\xFCller GmbH;M\xFCnchen;1.234,56;12,5 %;31.12.2024;1\r\n") != std::string::npos);
}

TEST_CASE("BOMs and UTF-16", "[io][csv]") {
  Dataset d = Read("\xEF\xBB\xBFid;name\n1;a\n2;b\n");
  CHECK(d.table.columns[0].name == "id");
  CHECK(d.bom_length == 3);
  CheckByteRoundTrip("\xEF\xBB\xBFid;name\n1;a\n2;b\n");

  std::string utf16 = std::string("\xFF\xFE", 2);
  for (char c : std::string("x,y\r\n1,\xC3\xA4\r\n")) {
    (void)c;
  }
  // "x,y\r\n1,ä\r\n" in UTF-16LE
  const char16_t units[] = u"x,y\r\n1,\u00e4\r\n2,b\r\n";
  for (size_t i = 0; units[i]; ++i) {
    utf16.push_back(static_cast<char>(units[i] & 0xFF));
    utf16.push_back(static_cast<char>(units[i] >> 8));
  }
  Dataset u = Read(utf16);
  CHECK(u.encoding.value == Encoding::kUtf16Le);
  CHECK(u.RowFields(0)[1] == "\xC3\xA4");
  CheckByteRoundTrip(utf16);
}

TEST_CASE("sep= line, title rows, blank lines, CR line ends, no header", "[io][csv]") {
  Dataset s = Read("sep=;\nname;value\na;1,5\nb;2,5\n");
  CHECK(s.dialect.sep_line);
  CHECK(s.dialect.delimiter == ';');
  CHECK(s.table.columns[0].name == "name");
  CHECK(s.table.columns[1].values[1] == Approx(2.5));
  CheckByteRoundTrip("sep=;\nname;value\na;1,5\nb;2,5\n");

  Dataset t = Read("Customer report Q3 2024\n\nname,revenue,region\nA,10,North\nB,20,South\nC,30,North\n");
  CHECK(t.table.columns[0].name == "name");
  CHECK(t.table.rows == 3);
  CHECK(t.dialect.skipped_lines == 2);
  CheckByteRoundTrip("Customer report Q3 2024\n\nname,revenue,region\nA,10,North\nB,20,South\nC,30,North\n");

  Dataset cr = Read("a,b\r1,2\r3,4\r");
  CHECK(cr.table.rows == 2);
  CHECK(cr.dialect.line_ending == "\r");
  CheckByteRoundTrip("a,b\r1,2\r3,4\r");

  Dataset nh = Read("1,2.5,x\n2,3.5,y\n3,4.5,z\n");
  CHECK_FALSE(nh.dialect.header);
  CHECK(nh.table.rows == 3);
  CHECK(nh.table.columns[1].name == "column_2");

  Dataset blank = Read("a,b\n1,2\n\n3,4\n\n");
  CHECK(blank.table.rows == 2);
  CheckByteRoundTrip("a,b\n1,2\n\n3,4\n\n");
}

TEST_CASE("tab and pipe delimiters, whitespace-aligned text", "[io][csv]") {
  CHECK(Read("a\tb\tc\n1\t2\t3\n4\t5\t6\n").dialect.delimiter == '\t');
  CHECK(Read("a|b|c\n1|2|3\n4|5|6\n").dialect.delimiter == '|');
  Dataset ws = Read(" 00001 19970101  1   11.77\n 00002 19970112  2   89.00\n 00003 19970102  5   57.77\n");
  CHECK(ws.dialect.whitespace_aligned);
  CHECK(ws.table.columns.size() == 4);
  CHECK(ws.table.columns[0].type != ColumnType::kNumeric);  // leading zeros: a code
  CHECK(ws.table.columns[1].type == ColumnType::kDate);
  CHECK(ws.table.columns[3].values[2] == Approx(57.77));
}

TEST_CASE("bad rows are reported with line numbers, never dropped silently", "[io][csv]") {
  std::string bytes = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n";
  Dataset d = Read(bytes);
  CHECK(d.table.rows == 2);
  REQUIRE(d.report.rejected_total == 2);
  CHECK(d.report.rejected[0].line == 3);
  CHECK(d.report.rejected[0].reason == "2 fields, expected 3");
  CHECK(d.report.rejected[1].line == 4);
  // Rejected rows stay in the export.
  CheckByteRoundTrip(bytes);
  std::string out = WriteWithExtraColumns(d, {"segment"}, {{"1", "2"}});
  CHECK(out == "a,b,c,segment\n1,2,3,1\n4,5,\n6,7,8,9,\n10,11,12,2\n");

  ReadOptions stop;
  stop.bad_rows = BadRowPolicy::kStop;
  auto r = ReadCsv(bytes, stop);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().row == 3);
  CHECK(r.error().code == "csv.field_count");
  CHECK(r.error().ToString().find("line 3") != std::string::npos);
}

TEST_CASE("unterminated quote: error with position, or the line is set aside", "[io][csv]") {
  std::string bytes = "name,city\nA,Berlin\n\"B,Hamburg\nC,Köln\nD,Bonn\n";
  ReadOptions stop;
  stop.bad_rows = BadRowPolicy::kStop;
  auto r = ReadCsv(bytes, stop);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "csv.unterminated_quote");
  CHECK(r.error().row == 3);
  CHECK(r.error().byte_offset == 19);
  CHECK(r.error().column == 1);
  Dataset d = Read(bytes);
  CHECK(d.table.rows == 3);
  CHECK(d.report.rejected_total == 1);
  CheckByteRoundTrip(bytes);
}

TEST_CASE("files that are not CSV get a clear message", "[io][csv]") {
  auto empty = ReadCsv("");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == "import.empty");
  static const char kXlsx[] = "PK\x03\x04\x14\x00\x06\x00[Content_Types].xml";
  auto xlsx = ReadCsv(std::string(kXlsx, sizeof kXlsx - 1));
  REQUIRE_FALSE(xlsx.ok());
  // Workbooks are read (test_io_xlsx.cpp); a cut-off one is a damaged workbook.
  CHECK(xlsx.error().code == "xlsx.corrupt_zip");
  CHECK(xlsx.error().message.find("workbook") != std::string::npos);
  CHECK(xlsx.error().hint.find("CSV") != std::string::npos);
  static const char kPng[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  auto png = ReadCsv(std::string(kPng, sizeof kPng - 1));
  REQUIRE_FALSE(png.ok());
  CHECK(png.error().message.find("PNG") != std::string::npos);
  auto header_only = ReadCsv("a,b,c\n");
  REQUIRE_FALSE(header_only.ok());
  CHECK(header_only.error().code == "import.no_rows");
  auto blank = ReadCsv("\n\n  \n");
  REQUIRE_FALSE(blank.ok());
  ReadOptions limit;
  limit.max_bytes = 10;
  auto big = ReadCsv("a,b\n1,2\n3,4\n5,6\n", limit);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == "import.too_large");
}

TEST_CASE("duplicate and empty header names are renamed and reported", "[io][csv]") {
  Dataset d = Read("id,value,value,,x\n1,2,3,4,5\n2,3,4,5,6\n");
  CHECK(d.table.columns[1].name == "value");
  CHECK(d.table.columns[2].name == "value_2");
  CHECK(d.table.columns[3].name == "column_4");
  CHECK(d.report.notes.size() >= 2);
}

TEST_CASE("user settings narrow the search and are marked as set", "[io][csv]") {
  ReadOptions o;
  o.delimiter = ';';
  o.header = false;
  o.missing_markers = {"unknown"};
  Dataset d = Read("1;unknown\n2;5\n3;6\n", o);
  CHECK(d.delimiter.set_by_user);
  CHECK(d.header.set_by_user);
  CHECK_FALSE(d.decimal.set_by_user);
  CHECK(d.table.rows == 3);
  CHECK(d.table.columns[1].type == ColumnType::kNumeric);
  CHECK(d.table.columns[1].missing == 1);
  auto j = DescribeDataset(d, 2);
  CHECK(j["settings"]["delimiter"]["source"] == "set");
  CHECK(j["settings"]["encoding"]["source"] == "auto");
  CHECK(j["rows"].size() == 2);
  CHECK(j["rows"][0][1] == "unknown");
}

TEST_CASE("per-column decimal separators and day/month order decided from the data", "[io][csv]") {
  Dataset d = Read(
      "a,b,when\n"
      "\"1,5\",2.25,03/04/2024\n"
      "\"2,75\",3.5,13/04/2024\n"
      "\"10,0\",4.75,01/12/2024\n");
  CHECK(Col(d, "a").values[1] == Approx(2.75));
  CHECK(Col(d, "b").values[1] == Approx(3.5));
  CHECK(Col(d, "when").date_format == "dd/mm/yyyy");
  Dataset us = Read("when,x\n03/04/2024,1\n04/13/2024,2\n");
  CHECK(Col(us, "when").date_format == "mm/dd/yyyy");
}

TEST_CASE("column roles: identifier, categorical, text, constant, all-missing", "[io][csv]") {
  std::string csv = "key,plan,note,const,empty,zip\n";
  for (int i = 0; i < 60; ++i) {
    csv += "K" + std::to_string(i) + "," + (i % 3 ? "Pro" : "Basic") + ",customer asked about invoice number " +
           std::to_string(i * 7) + " and a discount,same,," + (i % 2 ? "01067" : "80331") + "\n";
  }
  Dataset d = Read(csv);
  CHECK(Col(d, "key").type == ColumnType::kIdentifier);
  CHECK(Col(d, "plan").type == ColumnType::kCategorical);
  CHECK(Col(d, "plan").top_values[0].first == "Pro");
  CHECK(Col(d, "note").type == ColumnType::kText);
  CHECK(Col(d, "const").constant);
  CHECK(Col(d, "empty").missing == 60);
  CHECK(Col(d, "zip").type == ColumnType::kCategorical);  // postcodes with leading zeros stay text
}

TEST_CASE("formula injection is neutralised in exports (OWASP), and can be switched off", "[io][csv]") {
  std::string bytes = "name,score\n=HYPERLINK(\"x\"),1\n-5,2\n@SUM(A1),3\n";
  Dataset d = Read(bytes);
  std::string out = WriteWithExtraColumns(d, {"segment_name"}, {{"=evil()", "ok", "+x"}});
  CHECK(out.find("'=HYPERLINK") != std::string::npos);
  CHECK(out.find("\n-5,2,ok\n") != std::string::npos);  // a negative number is not a formula
  CHECK(out.find("'@SUM(A1)") != std::string::npos);
  CHECK(out.find(",'=evil()") != std::string::npos);
  CheckByteRoundTrip(bytes);
}

TEST_CASE("the sliced importer reports progress and gives the same result", "[io][csv]") {
  std::string csv = "id,x,y\n";
  for (int i = 0; i < 5000; ++i) csv += std::to_string(i) + "," + std::to_string(i * 0.5) + ",v" + std::to_string(i % 7) + "\n";
  CsvImporter imp(csv, {});
  int steps = 0;
  double last = 0;
  while (!imp.Step(4096)) {
    ++steps;
    auto p = imp.Progress();
    CHECK(p.fraction >= last);
    last = p.fraction;
  }
  CHECK(steps > 10);
  auto d = imp.Take();
  REQUIRE(d.ok());
  CHECK(d->table.rows == 5000);
  CHECK(d->table.columns[1].values[4999] == Approx(2499.5));
}

// ---- Real exports from ../shared/datasets (skipped in a clone without them) --------------------

namespace {
std::optional<std::string> SharedFile(const std::string& rel) {
  std::ifstream f(std::string(SEG_DATASETS_DIR) + "/" + rel, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
#define SHARED_OR_SKIP(var, rel)                                                  \
  auto var##_opt = SharedFile(rel);                                               \
  if (!var##_opt) {                                                               \
    WARN("skipped: ../shared/datasets/" rel " not found (only in the dev setup)"); \
    return;                                                                       \
  }                                                                               \
  std::string var = *var##_opt
}  // namespace

TEST_CASE("shared: Telco churn (CRLF, blank TotalCharges are missing)", "[io][shared]") {
  SHARED_OR_SKIP(bytes, "telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv");
  Dataset d = Read(bytes);
  CHECK(d.dialect.line_ending == "\r\n");
  CHECK(d.table.rows == 7043);
  CHECK(d.table.columns.size() == 21);
  CHECK(Col(d, "customerID").type == ColumnType::kIdentifier);
  CHECK(Col(d, "TotalCharges").type == ColumnType::kNumeric);
  CHECK(Col(d, "TotalCharges").missing == 11);
  CHECK(Col(d, "Churn").type == ColumnType::kBoolean);
  CHECK(Col(d, "Contract").type == ColumnType::kCategorical);
  CheckByteRoundTrip(bytes);
}

TEST_CASE("shared: marketing campaign (semicolon, CRLF, UTF-8 BOM)", "[io][shared]") {
  SHARED_OR_SKIP(bytes, "marketing_campaign/marketing_campaign.csv");
  Dataset d = Read(bytes);
  CHECK(d.dialect.delimiter == ';');
  CHECK(d.bom_length == 3);
  CHECK(d.table.columns[0].name == "ID");  // the BOM is not part of the first name
  CHECK(d.table.rows == 2240);
  CHECK(d.table.columns.size() == 29);
  CHECK(Col(d, "Income").type == ColumnType::kNumeric);
  CHECK(Col(d, "Income").missing == 24);
  CHECK(Col(d, "Dt_Customer").type == ColumnType::kDate);
  CheckByteRoundTrip(bytes);
}

TEST_CASE("shared: bank marketing (semicolon, quoted strings)", "[io][shared]") {
  SHARED_OR_SKIP(bytes, "bank_marketing/bank-additional.csv");
  Dataset d = Read(bytes);
  CHECK(d.dialect.delimiter == ';');
  CHECK(d.table.rows == 4119);
  CHECK(d.table.columns.size() == 21);
  CHECK(Col(d, "job").type == ColumnType::kCategorical);
  CHECK(Col(d, "age").type == ColumnType::kNumeric);
  CHECK(Col(d, "euribor3m").values[0] > 0.5);
  CHECK(Col(d, "y").type == ColumnType::kBoolean);
  CheckByteRoundTrip(bytes);
}

TEST_CASE("shared: online retail transactions (date-times, cancellations, missing customer ids)", "[io][shared]") {
  SHARED_OR_SKIP(bytes, "online_retail/online_retail_2010-12_all_rows.csv");
  Dataset d = Read(bytes);
  CHECK(d.table.rows == 42481);
  CHECK(d.table.columns.size() == 8);
  CHECK(Col(d, "InvoiceDate").type == ColumnType::kDate);
  CHECK(FormatIsoDate(Col(d, "InvoiceDate").min) == "2010-12-01 08:26:00");
  CHECK(Col(d, "Quantity").type == ColumnType::kNumeric);
  CHECK(Col(d, "Quantity").min < 0);  // cancellations
  CHECK(Col(d, "CustomerID").missing > 0);
  CheckByteRoundTrip(bytes);
}

TEST_CASE("shared: small classic files and the CDNOW text file", "[io][shared]") {
  SHARED_OR_SKIP(wholesale, "wholesale/Wholesale customers data.csv");
  Dataset w = Read(wholesale);
  CHECK(w.table.rows == 440);
  CHECK(w.table.columns.size() == 8);
  CHECK(Col(w, "Fresh").type == ColumnType::kNumeric);
  CheckByteRoundTrip(wholesale);
  SHARED_OR_SKIP(mall, "mall_customers/Mall_Customers.csv");
  Dataset m = Read(mall);
  CHECK(m.table.rows == 200);
  CHECK(Col(m, "CustomerID").type == ColumnType::kIdentifier);
  CHECK(Col(m, "Annual Income (k$)").type == ColumnType::kNumeric);
  CheckByteRoundTrip(mall);
  SHARED_OR_SKIP(cdnow, "cdnow/CDNOW_master.txt");
  Dataset c = Read(cdnow);
  CHECK(c.dialect.whitespace_aligned);
  CHECK(c.table.rows == 69659);
  CHECK(c.table.columns[1].type == ColumnType::kDate);
  CHECK(c.table.columns[3].type == ColumnType::kNumeric);
  CheckByteRoundTrip(cdnow);
}

TEST_CASE("a subset of rows (the studio's scatter selection) is written byte for byte", "[io][csv][export]") {
  // Windows-1252, a sep= line, quoted fields with the delimiter, a broken record and CRLF.
  const std::string bytes =
      "sep=;\r\nid;firma;umsatz\r\n1;\"M\xfcller; S\xf6hne\";1.234,5\r\n2;Beta;99\r\n3;zu;viele;felder\r\n4;Gamma;7,25\r\n5;\"Delta\r\nzwei\";3";
  Dataset d = Read(bytes);
  REQUIRE(d.table.rows == 4);
  REQUIRE(d.report.rejected_total == 1);
  const std::vector<uint8_t> rows = {1, 0, 0, 1};  // ids 1 and 5
  ExportOptions eo;
  eo.rows = &rows;
  const std::string out = WriteWithExtraColumns(d, {"segment"}, {{"1", "2", "2", "1"}}, eo);
  CHECK(out == "sep=;\r\nid;firma;umsatz;segment\r\n1;\"M\xfcller; S\xf6hne\";1.234,5;1\r\n5;\"Delta\r\nzwei\";3;1");
  // No rows: header only. All rows: the same as without a subset, minus the broken record.
  const std::vector<uint8_t> none(4, 0);
  eo.rows = &none;
  CHECK(WriteWithExtraColumns(d, {"segment"}, {{"1", "2", "2", "1"}}, eo) == "sep=;\r\nid;firma;umsatz;segment\r\n");
  const std::vector<uint8_t> all(4, 1);
  eo.rows = &all;
  CHECK(WriteWithExtraColumns(d, {"segment"}, {{"1", "2", "2", "1"}}, eo) ==
        "sep=;\r\nid;firma;umsatz;segment\r\n1;\"M\xfcller; S\xf6hne\";1.234,5;1\r\n2;Beta;99;2\r\n4;Gamma;7,25;2\r\n5;\"Delta\r\nzwei\";3;1");
}
