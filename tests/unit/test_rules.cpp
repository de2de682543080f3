// Rule-based segments: groups by levels and bands of one to three columns.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "seg/analysis/rules.hpp"
#include "seg/io/csv_reader.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

io::Table ReadTable(std::string bytes) {
  auto r = io::ReadCsv(std::move(bytes));
  if (!r.ok()) FAIL("import failed: " << r.error().ToString());
  return std::move(r.value().table);
}

const std::string D = "\xE2\x80\x93";  // en dash
const std::string S = " \xC2\xB7 ";    // " · "

RuleColumn Col(std::string name, RuleColumn::Banding b = RuleColumn::Banding::kNone) {
  RuleColumn c;
  c.column = std::move(name);
  c.banding = b;
  return c;
}

}  // namespace

TEST_CASE("Default company-size bands on an employees column", "[rules]") {
  io::Table t = ReadTable(
      "company,employees\n"
      "Acme,5\nBeta,20\nGamma,21\nDelta,50\nEpsilon,51\nZeta,200\nEta,201\nTheta,500\nIota,501\nKappa,10000\n"
      "Lambda,NA\n");
  auto r = SegmentByRules(t, {Col("employees", RuleColumn::Banding::kDefaultSize)});
  REQUIRE(r.ok());
  CHECK(r->column_names == std::vector<std::string>{"employees"});
  // Size descending, ties by name (byte order).
  CHECK(r->names == std::vector<std::string>{"1" + D + "20", "201" + D + "500", "21" + D + "50", "51" + D + "200",
                                             ">500", "(missing)"});
  CHECK(r->sizes == std::vector<size_t>{2, 2, 2, 2, 2, 1});
  CHECK(r->labels == std::vector<int32_t>{0, 0, 2, 2, 3, 3, 1, 1, 4, 4, 5});

  auto bands = DefaultSizeBands();
  CHECK(bands[FindBand(bands, 1)].label == "1" + D + "20");
  CHECK(bands[FindBand(bands, 0)].label == "<1");
  CHECK(bands[FindBand(bands, 501)].label == ">500");
}

TEST_CASE("Quantile bands have near-equal counts and range labels", "[rules]") {
  std::string csv = "id,score\n";
  // 1..100 in a scrambled order.
  for (int i = 0; i < 100; ++i) csv += "r" + std::to_string(i) + "," + std::to_string((i * 37) % 100 + 1) + "\n";
  io::Table t = ReadTable(csv);

  RuleColumn q = Col("score", RuleColumn::Banding::kQuantiles);
  q.quantiles = 4;
  auto r = SegmentByRules(t, {q});
  REQUIRE(r.ok());
  CHECK(r->sizes == std::vector<size_t>{25, 25, 25, 25});
  CHECK(r->names == std::vector<std::string>{"1" + D + "25", "26" + D + "50", "51" + D + "75", "76" + D + "100"});

  q.quantiles = 3;
  r = SegmentByRules(t, {q});
  REQUIRE(r.ok());
  REQUIRE(r->sizes.size() == 3);
  CHECK(*std::max_element(r->sizes.begin(), r->sizes.end()) - *std::min_element(r->sizes.begin(), r->sizes.end()) <=
        1);
  CHECK(r->names[0] == "67" + D + "100");  // the band of 34
  CHECK(r->sizes[0] == 34);

  // Ties never straddle a band: heavy ties give fewer, still disjoint bands.
  auto tied = QuantileBands({1, 1, 1, 1, 1, 1, 2, 3, 4, 5}, 4);
  // Cuts at positions 2, 5, 7 of the sorted values: 1, 1 (both the minimum, dropped) and 3.
  REQUIRE(tied.size() == 2);
  CHECK(tied[0].label == "1" + D + "2");
  CHECK(tied[1].label == "3" + D + "5");
  CHECK(FindBand(tied, 2.5) == 0);
  CHECK(FindBand(tied, 3) == 1);

  q.quantiles = 1;
  auto bad = SegmentByRules(t, {q});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "rules.bad_quantiles");
}

TEST_CASE("Two columns: industry x size band, exact names and sizes", "[rules]") {
  io::Table t = ReadTable(
      "company,industry,employees,active\n"
      "A1,Manufacturing,10,yes\n"
      "A2,Manufacturing,60,no\n"
      "A3,Manufacturing,70,yes\n"
      "A4,Retail,5,no\n"
      "A5,Retail,8,no\n"
      "A6,Retail,100,yes\n"
      "A7,,15,yes\n"
      "A8,Manufacturing,NA,no\n"
      "A9,Services,600,yes\n");
  auto r = SegmentByRules(t, {Col("industry"), Col("employees", RuleColumn::Banding::kDefaultSize)});
  REQUIRE(r.ok());
  CHECK(r->column_names == std::vector<std::string>{"industry", "employees"});
  CHECK(r->names == std::vector<std::string>{
                        "Manufacturing" + S + "51" + D + "200",
                        "Retail" + S + "1" + D + "20",
                        "(missing)" + S + "1" + D + "20",
                        "Manufacturing" + S + "(missing)",
                        "Manufacturing" + S + "1" + D + "20",
                        "Retail" + S + "51" + D + "200",
                        "Services" + S + ">500",
                    });
  CHECK(r->sizes == std::vector<size_t>{2, 2, 1, 1, 1, 1, 1});
  CHECK(r->labels == std::vector<int32_t>{4, 0, 0, 1, 1, 5, 2, 3, 6});

  SECTION("boolean levels carry the column name; three columns") {
    auto b = SegmentByRules(t, {Col("active")});
    REQUIRE(b.ok());
    CHECK(b->names == std::vector<std::string>{"active: yes", "active: no"});
    CHECK(b->sizes == std::vector<size_t>{5, 4});

    auto three = SegmentByRules(t, {Col("industry"), Col("active"), Col("employees", RuleColumn::Banding::kDefaultSize)});
    REQUIRE(three.ok());
    CHECK(three->names[0] == "Retail" + S + "active: no" + S + "1" + D + "20");
    CHECK(three->names[1] == "(missing)" + S + "active: yes" + S + "1" + D + "20");
    CHECK(three->sizes == std::vector<size_t>{2, 1, 1, 1, 1, 1, 1, 1});
    CHECK(three->labels[3] == 0);
    CHECK(three->labels[4] == 0);
  }
  SECTION("user cut points") {
    RuleColumn c = Col("employees", RuleColumn::Banding::kCuts);
    c.cuts = {10, 50};
    auto cut = SegmentByRules(t, {c});
    REQUIRE(cut.ok());
    CHECK(cut->names == std::vector<std::string>{"\xE2\x89\xA5" "50", "10" + D + "<50", "<10", "(missing)"});
    CHECK(cut->sizes == std::vector<size_t>{4, 2, 2, 1});

    c.cuts = {50, 10};
    auto bad = SegmentByRules(t, {c});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "rules.cuts_not_increasing");
    CHECK(bad.error().column_name == "employees");
    c.cuts = {10, 10};
    CHECK(SegmentByRules(t, {c}).error().code == "rules.cuts_not_increasing");
    c.cuts = {};
    CHECK(SegmentByRules(t, {c}).error().code == "rules.no_cuts");
  }
  SECTION("errors") {
    CHECK(SegmentByRules(t, {}).error().code == "rules.column_count");
    CHECK(SegmentByRules(t, {Col("industry"), Col("active"), Col("employees"), Col("company")}).error().code ==
          "rules.column_count");
    auto unknown = SegmentByRules(t, {Col("branche")});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "rules.no_such_column");
    CHECK(unknown.error().column_name == "branche");
    CHECK(SegmentByRules(t, {Col("industry"), Col("industry")}).error().code == "rules.duplicate_column");
    CHECK(SegmentByRules(t, {Col("industry", RuleColumn::Banding::kQuantiles)}).error().code ==
          "rules.banding_not_numeric");
  }
}

TEST_CASE("A text or identifier column with more than 50 levels is refused", "[rules]") {
  std::string csv = "company,employees\n";
  for (int i = 0; i < 60; ++i) csv += "Company " + std::to_string(i) + "," + std::to_string(i * 7) + "\n";
  io::Table t = ReadTable(csv);
  auto r = SegmentByRules(t, {Col("company")});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "rules.too_many_levels");
  CHECK(r.error().column_name == "company");
  CHECK(r.error().hint.find("bands") != std::string::npos);
  // A numeric column with many values needs bands, too.
  auto n = SegmentByRules(t, {Col("employees")});
  REQUIRE_FALSE(n.ok());
  CHECK(n.error().code == "rules.too_many_values");
  // ...and with bands it is fine.
  RuleColumn q = Col("employees", RuleColumn::Banding::kQuantiles);
  q.quantiles = 5;
  auto ok = SegmentByRules(t, {q});
  REQUIRE(ok.ok());
  CHECK(ok->sizes == std::vector<size_t>{12, 12, 12, 12, 12});
}
