// Inputs found by fuzzing (tests/fuzz) that once crashed or misbehaved. Each stays as a test.
#include <catch2/catch.hpp>

#include "seg/analysis/segmentation.hpp"
#include "seg/common/text.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/inspect.hpp"

using namespace seg;
using namespace seg::analysis;

TEST_CASE("fuzz: GMM with automatic k on 4 rows and k_min 3 (once a segfault: no k was chosen)", "[regression]") {
  const std::string csv =
      "ue,vnsits,re<ion\n1,10.5,3,Nord\n2,200,40,S\xc3\xbc" "d\n3,61,K\xc3\xbcste,\" K\xc3\xbcste\"\n2,2ste,\" K\xc3\xbcste\"\n"
      "2,210.25,44,West\n";
  auto d = io::ReadCsv(csv);
  REQUIRE(d.ok());
  SegmentParams p;
  p.method = Method::kGmm;
  p.auto_k = true;
  p.k_min = 3;
  p.k_max = 6;
  p.seed = 110;
  auto r = RunSegmentation(d->table, p);
  REQUIRE(r.ok());
  CHECK(r->labels.size() == d->table.rows);
  CHECK(r->k >= 3);
  CHECK(r->k <= static_cast<int>(d->table.rows));
  for (int32_t l : r->labels) CHECK((l >= 0 && l < r->k));
}

TEST_CASE("fuzz: a long Windows-1252 level in a description (once cut inside a UTF-8 sequence)", "[regression]") {
  const std::string csv = "t" "o" "m" "r" "t" "\xfe" "\x0a" "\xff" "\xbc" "d" "\x0a" "2" "t" "\xfe" "\x0a" "\xff" "\xbc" "d" "\x0a" "3" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "\x95" "d" "\x0a" "\xfe" "\x0a" "\xff" "\xbc" "d" "\x0a" "3" "d" "\xff" "\xff" "\xff" "\xff" "\xff" "\xff" "\xff" "," "~" "~" "~" "\xcd" "\xca" "\xd3" "6" "7" "," "W" "W" "e" "s" "t" "*";
  auto d = io::ReadCsv(csv);
  REQUIRE(d.ok());
  SegmentParams p;
  p.method = Method::kMixed;
  p.k = 2;
  auto r = RunSegmentation(d->table, p);
  if (r.ok()) {
    // Strict serialisation throws on invalid UTF-8: every name and description must be valid.
    CHECK_NOTHROW(ReportToJson(r.value()).dump());
    CHECK_NOTHROW(ModelToJson(r.value()).dump());
  }
  CHECK(TruncateUtf8("\xe2\x80\xa2\xe2\x80\xa2", 4) == "\xe2\x80\xa2\xe2\x80\xa6");
}

TEST_CASE("fuzz: a quote-inside-field note over a long Windows-1252 field (once cut inside a UTF-8 sequence)", "[regression]") {
  // The crash input of fuzz_csv: the note quotes the field's first 80 bytes of decoded text.
  std::string csv = "sep=;\r\nKunde;Umsatz;Rabatt\r\nA;1.234,56 \xe2\x82";
  csv += std::string(9, '\x9a') + std::string(5, '\xff') + "\x9a\\" + std::string(6, '\x9a') + "\x1f\x8b\x9a\x9a\x9a\xac" +
         std::string(7, '\xff') + "?\"2.000,\x9a\x9a\x9a\x9a\x82\xac\";7,5 %\r\n";
  auto d = io::ReadCsv(csv);
  REQUIRE(d.ok());
  CHECK_NOTHROW(io::DescribeDataset(d.value(), 5).dump());
  for (const auto& n : d->report.notes) CHECK_NOTHROW(nlohmann::json(n).dump());
}
