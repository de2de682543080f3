// Tests of the segmented-CSV verb: the segment columns from labels and names, and the one
// personal-column choice that every row export honours (issue 18: the selection download ignored it).
#include <catch2/catch.hpp>

#include "seg/analysis/segmented_csv.hpp"
#include "seg/privacy/personal_data.hpp"
#include "test_support.hpp"

using namespace seg;
using seg::test::LoadOrFail;

namespace {
analysis::SegmentResult TwoSegments() {
  analysis::SegmentResult r;
  r.k = 2;
  r.labels = {0, 1, -1};  // the third row has no segment (e.g. no RFM values)
  r.segments.resize(2);
  r.segments[0].name = "Stammkunden";
  r.segments[1].name = "Neue";
  return r;
}
const char* kCsv =
    "id;E-Mail;Umsatz\r\n"
    "K1;anna@example.de;1.200,50\r\n"
    "K2;hans@example.de;300,00\r\n"
    "K3;julia@example.de;999,90\r\n";
}  // namespace

TEST_CASE("segment columns: 1-based ids and names, empty cells without a segment", "[segmented_csv]") {
  const auto cols = analysis::SegmentColumnValues(TwoSegments(), 3);
  CHECK(cols.names == std::vector<std::string>{"segment", "segment_name"});
  CHECK(cols.values[0] == std::vector<std::string>{"1", "2", ""});
  CHECK(cols.values[1] == std::vector<std::string>{"Stammkunden", "Neue", ""});
}

TEST_CASE("segmented CSV: every row export honours the personal-column choice", "[segmented_csv][privacy]") {
  const io::Dataset d = LoadOrFail(kCsv);
  const auto personal = privacy::DetectPersonalData(d.table);
  REQUIRE(!personal.empty());
  analysis::SegmentedCsvOptions o;
  o.personal = &personal;

  auto keep = analysis::WriteSegmentedCsv(d, TwoSegments(), o);
  REQUIRE(keep.ok());
  CHECK(keep.value().rfind("id;E-Mail;Umsatz;segment;segment_name\r\n", 0) == 0);
  CHECK(keep.value().find("anna@example.de;1.200,50;1;Stammkunden\r\n") != std::string::npos);

  o.personal_export = privacy::PersonalExport::kDrop;
  auto drop = analysis::WriteSegmentedCsv(d, TwoSegments(), o);
  REQUIRE(drop.ok());
  CHECK(drop.value() == "id;Umsatz;segment;segment_name\r\nK1;1.200,50;1;Stammkunden\r\nK2;300,00;2;Neue\r\nK3;999,90;;\r\n");

  // The selection: only the chosen rows, under the same choice.
  const std::vector<uint8_t> rows = {0, 1, 0};
  o.rows = &rows;
  o.personal_export = privacy::PersonalExport::kMask;
  auto masked = analysis::WriteSegmentedCsv(d, TwoSegments(), o);
  REQUIRE(masked.ok());
  CHECK(masked.value() == "id;E-Mail;Umsatz;segment;segment_name\r\nK2;***;300,00;2;Neue\r\n");
}

TEST_CASE("result method: mini-batch k-means is k-means", "[segmented_csv][method]") {
  analysis::SegmentResult r;
  r.method = "kmeans-minibatch";
  CHECK(analysis::ResultMethod(r) == analysis::Method::kKMeans);
  r.method = "gmm";
  CHECK(analysis::ResultMethod(r) == analysis::Method::kGmm);
  r.method = "rfm";
  CHECK(!analysis::ResultMethod(r).has_value());
}
