// The importer's one-pass fast paths (issue 3) must agree exactly with the general code they stand
// in for: ScanParsePlainNumber with ScanNumber + ParseNumber, ScanParseTenCharDate with ScanDate +
// ParseDate, the hot loop's Observe* shortcuts with ColumnInference::Observe (checked by importing
// with and without an extra missing marker, which switches the shortcuts off), and the tokenizer's
// eight-bytes-at-a-time scan with a byte-by-byte reference at every alignment.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "seg/io/csv_reader.hpp"
#include "seg/io/value_parse.hpp"

using namespace seg::io;

namespace {

bool SameDouble(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::memcmp(&a, &b, sizeof a) == 0;  // also tells -0.0 from 0.0
}

void CheckPlainNumber(const std::string& v) {
  for (int idx = 0; idx < kNumberStyleCount; ++idx) {
    if (!((kAllNumberStyles >> idx) & 1u)) continue;
    const NumberStyle style = NumberStyleFromIndex(idx);
    NumberScan fast;
    double x = 0;
    if (!ScanParsePlainNumber(v, style, &fast, &x)) continue;
    INFO("value '" << v << "' style " << idx);
    const NumberScan slow = ScanNumber(v);
    CHECK(fast.styles == slow.styles);
    CHECK(fast.integer == slow.integer);
    CHECK(fast.leading_zero == slow.leading_zero);
    CHECK(fast.percent == slow.percent);
    CHECK(fast.unit == slow.unit);
    const std::optional<double> y = ParseNumber(v, style);
    CHECK(SameDouble(x, y ? *y : NAN));
  }
}

Dataset Read(const std::string& csv, ReadOptions options = {}) {
  auto r = ReadCsv(csv, options);
  if (!r.ok()) FAIL("import failed: " << r.error().ToString());
  return std::move(r.value());
}

// Byte-by-byte RFC 4180 split of one record without line breaks outside quotes.
std::vector<std::string> ReferenceSplit(const std::string& s, char delim) {
  std::vector<std::string> out;
  std::string cur;
  size_t i = 0;
  for (;;) {
    cur.clear();
    if (i < s.size() && s[i] == '"') {
      ++i;
      while (i < s.size()) {
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') { cur += '"'; i += 2; continue; }
          ++i;
          break;
        }
        cur += s[i++];
      }
    } else {
      while (i < s.size() && s[i] != delim) cur += s[i++];
    }
    out.push_back(cur);
    if (i < s.size() && s[i] == delim) { ++i; continue; }
    break;
  }
  return out;
}

}  // namespace

TEST_CASE("ScanParsePlainNumber agrees with ScanNumber and ParseNumber", "[io][fast]") {
  const char* fixed[] = {"0", "-0", "1", "-1", "007", "0.5", "-0.5", "0,5", "1.234", "1,234", "12.345", "1234.5",
                         "1.2345", "123.456", "999,999", "1.000", "10.000", "-1.234", "00.5", "0.000",
                         "9007199254740992", "9007199254740993", "18446744073709551615", "18446744073709551616",
                         "1234567890123456789", "12345678901234567890", "0.1234567890123456789",
                         "0.12345678901234567890123", "1.7976931348623157", "5.", ".5", "-", "1..2", "1.2.3",
                         "1e5", "1 234", "12%", "+5", "1,2", "3.14159265358979323846",
                         "99999999999999999999999999999999999999999999999999999999999999999999999999999999999"
                         "99999999999999999999999999999999999999999999999999999999999999999999999999999999999"
                         "99999999999999999999999999999999999999999999999999999999999999999999999999999999999"
                         "9999999999999999999999999999999999999999999999999999999999999999999999999"};
  for (const char* v : fixed) CheckPlainNumber(v);
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 20000; ++i) {
    std::string v;
    if (rng() % 4 == 0) v += '-';
    const int int_digits = 1 + static_cast<int>(rng() % 21);
    for (int d = 0; d < int_digits; ++d) v += static_cast<char>('0' + rng() % 10);
    if (rng() % 3 != 0) {
      v += rng() % 2 ? '.' : ',';
      const int frac = 1 + static_cast<int>(rng() % 24);
      for (int d = 0; d < frac; ++d) v += static_cast<char>('0' + rng() % 10);
    }
    CheckPlainNumber(v);
  }
}

TEST_CASE("ScanParseTenCharDate agrees with ScanDate and ParseDate", "[io][fast]") {
  const uint32_t bits[] = {kDateIso, kDateYmdSlash, kDateDmyDot, kDateDmySlash, kDateMdySlash,
                           kDateDmyDash, kDateMdyDash, kDateCompact, 0};
  std::vector<std::string> values = {"2024-02-29", "2023-02-29", "1800-01-01", "1799-12-31", "2200-12-31",
                                     "2201-01-01", "2024-00-10", "2024-13-01", "2024-12-00", "2024-12-32",
                                     "29.02.2024", "29.02.2023", "31.04.2024", "01.01.1800", "00.01.2000",
                                     "2024/03/31", "31/03/2024", "03-31-2024", "2024-3-31", "2024-03-3x",
                                     "20240331", "2024-03-31T10:00", "3a.03.2024", "31.03.20244"};
  for (int y = 1795; y <= 2205; y += 41) {
    for (int m = 0; m <= 13; ++m) {
      for (int d = 0; d <= 32; d += 3) {
        char a[16], b[16];
        std::snprintf(a, sizeof a, "%04d-%02d-%02d", y, m, d);
        std::snprintf(b, sizeof b, "%02d.%02d.%04d", d, m, y);
        values.emplace_back(a);
        values.emplace_back(b);
      }
    }
  }
  for (const std::string& v : values) {
    for (uint32_t bit : bits) {
      uint32_t mask = 0;
      double days = 0;
      if (!ScanParseTenCharDate(v, bit, &mask, &days)) continue;
      INFO("value '" << v << "' format " << bit);
      CHECK(mask == ScanDate(v));
      const std::optional<double> want = ParseDate(v, bit);
      CHECK(SameDouble(days, want ? *want : NAN));
    }
  }
  uint32_t mask;
  double days;
  CHECK_FALSE(ScanParseTenCharDate("2024/03/31", kDateYmdSlash, &mask, &days));
  CHECK_FALSE(ScanParseTenCharDate("20240331", kDateCompact, &mask, &days));
  CHECK(ScanParseTenCharDate("2024-03-31", kDateIso, &mask, &days));
  CHECK(mask == kDateIso);
  CHECK(days == static_cast<double>(DaysFromCivil(2024, 3, 31)));
}

TEST_CASE("the hot loop's shortcuts type columns exactly like the general path", "[io][fast]") {
  // An extra missing marker that never occurs switches the shortcuts off; nothing else may change.
  std::mt19937_64 rng(7);
  std::string csv = "id,n,price,flag,d,dd,name,mixed\n";
  const char* late_numbers[] = {"1.234", "0012", "-5", "12%", "1e3", "n/a", "", "1,5", "2"};
  const char* late_dates[] = {"2024-02-30", "31.12.2024", "2024-01-05T10:00", "", "x", "20240105"};
  for (int r = 0; r < 12000; ++r) {
    const bool late = r > 9000 && rng() % 50 == 0;
    csv += "k" + std::to_string(r) + ",";
    csv += late ? late_numbers[rng() % 9] : std::to_string(static_cast<int>(rng() % 2000) - 1000);
    csv += ",";
    csv += std::to_string(rng() % 100000) + "." + std::to_string(10 + rng() % 90) + ",";
    csv += late ? late_numbers[rng() % 9] : (rng() % 2 ? "1" : "0");
    csv += ",";
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 1990 + static_cast<int>(rng() % 40),
                  1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
    csv += late ? late_dates[rng() % 6] : date;
    csv += ",";
    std::snprintf(date, sizeof date, "%02d.%02d.%04d", 1 + static_cast<int>(rng() % 28),
                  1 + static_cast<int>(rng() % 12), 1990 + static_cast<int>(rng() % 40));
    csv += late ? late_dates[rng() % 6] : date;
    csv += ",";
    csv += rng() % 10 == 0 ? "\"Weber, Braun & Partner\"" : (rng() % 2 ? "Alpen AG" : "Rhein GmbH");
    csv += ",";
    csv += rng() % 3 == 0 ? "" : std::to_string(rng() % 10);
    csv += "\n";
  }
  ReadOptions slow_options;
  slow_options.missing_markers = {"never-in-this-file"};
  const Dataset fast = Read(csv);
  const Dataset slow = Read(csv, slow_options);
  REQUIRE(fast.table.columns.size() == slow.table.columns.size());
  for (size_t c = 0; c < fast.table.columns.size(); ++c) {
    const Column& a = fast.table.columns[c];
    const Column& b = slow.table.columns[c];
    INFO("column " << a.name);
    CHECK(a.type == b.type);
    CHECK(a.missing == b.missing);
    CHECK(a.distinct == b.distinct);
    CHECK(a.examples == b.examples);
    CHECK(a.unit == b.unit);
    CHECK(a.date_format == b.date_format);
    CHECK(a.codes == b.codes);
    CHECK(a.levels == b.levels);
    REQUIRE(a.values.size() == b.values.size());
    size_t differing = 0;
    for (size_t i = 0; i < a.values.size(); ++i) differing += !SameDouble(a.values[i], b.values[i]);
    CHECK(differing == 0);
  }
}

TEST_CASE("the eight-byte field scan splits like a byte-by-byte reference at every alignment", "[io][fast]") {
  CsvDialect dialect;
  const std::string pieces[] = {"", "a", "abcdefg", "abcdefgh", "abcdefghi", "0123456789abcdef", "x y",
                                "\"q\"", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"\""};
  for (size_t pad = 0; pad < 16; ++pad) {
    for (const std::string& a : pieces) {
      for (const std::string& b : pieces) {
        // Record content only (the terminator is not part of SplitRecord's input): the scan must
        // stop at the end of the buffer wherever that falls within an eight-byte word.
        const std::string record = std::string(pad, 'p') + "," + a + "," + b;
        INFO("record '" << record << "'");
        CHECK(SplitRecord(record, dialect) == ReferenceSplit(record, ','));
      }
    }
  }
  // Whole files: LF, CRLF and a lone CR at every offset, also as the very last byte.
  for (size_t pad = 0; pad < 16; ++pad) {
    for (const char* eol : {"\n", "\r\n", "\r"}) {
      for (bool final_eol : {false, true}) {
        std::string csv = "h1,h2\n";
        csv += std::string(pad, 'v') + ",1" + eol;
        csv += "\"a" + std::string(pad, 'w') + "\"" + "," + std::to_string(pad) + eol;
        csv += std::string(pad + 1, 'z') + ",3";
        if (final_eol) csv += eol;
        INFO("pad " << pad << " eol " << static_cast<int>(eol[0]) << " final " << final_eol);
        const Dataset d = Read(csv);
        REQUIRE(d.table.rows == 3);
        CHECK(d.RowFields(0) == std::vector<std::string>{std::string(pad, 'v'), "1"});
        CHECK(d.RowFields(1) == std::vector<std::string>{"a" + std::string(pad, 'w'), std::to_string(pad)});
        CHECK(d.RowFields(2) == std::vector<std::string>{std::string(pad + 1, 'z'), "3"});
      }
    }
  }
}
