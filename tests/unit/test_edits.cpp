// Renaming and merging segments (the studio's undoable edits) on the demo base.
#include <catch2/catch.hpp>

#include <numeric>

#include "seg/analysis/edits.hpp"
#include "seg/analysis/kpi.hpp"
#include "seg/analysis/labelled.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/analysis/summary.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

struct Fixture {
  io::Dataset data = std::move(io::ReadCsv(demo::GenerateDemoCustomersCsv({})).value());
  SegmentResult original = [this] {
    SegmentParams p;
    p.auto_k = false;
    p.k = 5;
    return std::move(RunSegmentation(data.table, p).value());
  }();
  std::vector<KpiColumn> kpis = DetectKpis(data.table);
};

const Fixture& F() {
  static Fixture f;
  return f;
}

}  // namespace

TEST_CASE("Identity edits give back the original result", "[edits]") {
  const auto& f = F();
  const SegmentEdits e = IdentityEdits(f.original.k);
  CHECK_FALSE(e.merged());
  const SegmentResult r = ApplyEdits(f.data.table, f.original, e, f.kpis);
  CHECK(r.labels == f.original.labels);
  REQUIRE(r.segments.size() == f.original.segments.size());
  for (size_t s = 0; s < r.segments.size(); ++s) CHECK(r.segments[s].name == f.original.segments[s].name);
}

TEST_CASE("Renaming changes one name; duplicates and unknown segments are refused", "[edits]") {
  const auto& f = F();
  auto e = RenameSegment(IdentityEdits(f.original.k), 2, "Key accounts");
  REQUIRE(e.ok());
  const SegmentResult r = ApplyEdits(f.data.table, f.original, e.value(), f.kpis);
  CHECK(r.segments[2].name == "Key accounts");
  CHECK(r.segments[1].name == f.original.segments[1].name);
  CHECK(r.labels == f.original.labels);
  CHECK_FALSE(RenameSegment(e.value(), 3, "Key accounts").ok());
  CHECK_FALSE(RenameSegment(e.value(), 5, "x").ok());
  CHECK_FALSE(RenameSegment(e.value(), -1, "x").ok());
  // An empty name restores the generated one.
  auto back = RenameSegment(e.value(), 2, "");
  REQUIRE(back.ok());
  CHECK(ApplyEdits(f.data.table, f.original, back.value(), f.kpis).segments[2].name == f.original.segments[2].name);
}

TEST_CASE("Merging two segments pools their rows and recomputes the profile", "[edits]") {
  const auto& f = F();
  auto named = RenameSegment(IdentityEdits(f.original.k), 1, "Growth");
  REQUIRE(named.ok());
  auto merged = MergeSegments(named.value(), 3, 1);  // segment 4 into segment 2
  REQUIRE(merged.ok());
  const SegmentEdits& e = merged.value();
  CHECK(e.merged());
  CHECK(e.shown() == 4);
  CHECK(e.group == std::vector<int>{0, 1, 2, 1, 3});
  const SegmentResult r = ApplyEdits(f.data.table, f.original, e, f.kpis);
  REQUIRE(r.k == 4);
  REQUIRE(r.segments.size() == 4);
  CHECK(r.segments[1].name == "Growth");
  CHECK(r.segments[1].size == f.original.segments[1].size + f.original.segments[3].size);
  CHECK(r.segments[3].size == f.original.segments[4].size);
  CHECK(r.segments[3].name == f.original.segments[4].name);  // unmerged segments keep their names
  size_t total = 0;
  for (const auto& s : r.segments) total += s.size;
  CHECK(total == f.data.table.rows);
  for (size_t i = 0; i < r.labels.size(); ++i) CHECK(r.labels[i] == e.group[static_cast<size_t>(f.original.labels[i])]);
  // The merged mean lies between the two parts' means.
  for (size_t j = 0; j < r.segments[1].features.size(); ++j) {
    const double a = f.original.segments[1].features[j].mean, b = f.original.segments[3].features[j].mean;
    CHECK(r.segments[1].features[j].mean >= std::min(a, b) - 1e-9);
    CHECK(r.segments[1].features[j].mean <= std::max(a, b) + 1e-9);
  }
  CHECK_FALSE(MergeSegments(e, 1, 1).ok());
  CHECK_FALSE(MergeSegments(e, 0, 4).ok());
  // Merging down to one segment works and then nothing more can be merged.
  SegmentEdits all = e;
  while (all.shown() > 1) all = MergeSegments(all, all.shown() - 1, 0).value();
  CHECK(ApplyEdits(f.data.table, f.original, all, f.kpis).segments.at(0).size == f.data.table.rows);
  CHECK_FALSE(MergeSegments(all, 0, 0).ok());
}

TEST_CASE("The segment summary CSV has one row per segment, in the chosen dialect", "[edits][summary]") {
  const auto& f = F();
  const std::string en = SummaryCsv(f.original);
  auto parsed = io::ReadCsv(en);
  REQUIRE(parsed.ok());
  const io::Table& t = parsed.value().table;
  CHECK(t.rows == static_cast<size_t>(f.original.k));
  CHECK(t.columns.at(0).name == "segment");
  CHECK(t.columns.at(1).name == "name");
  CHECK(t.columns.at(2).name == "customers");
  double total = 0;
  for (double v : t.columns.at(2).values) total += v;
  CHECK(total == Approx(static_cast<double>(f.data.table.rows)));
  // German Excel: semicolons, decimal comma, BOM; the importer reads it back with the same numbers.
  SummaryCsvOptions de;
  de.delimiter = ';';
  de.decimal = ',';
  de.utf8_bom = true;
  const std::string ger = SummaryCsv(f.original, de);
  CHECK(ger.rfind("\xEF\xBB\xBF" "segment;name;customers;share", 0) == 0);
  auto back = io::ReadCsv(ger);
  REQUIRE(back.ok());
  CHECK(back.value().decimal.value == ',');
  const io::Column* share_en = nullptr;
  const io::Column* share_de = nullptr;
  for (const auto& c : t.columns) if (c.name == "share") share_en = &c;
  for (const auto& c : back.value().table.columns) if (c.name == "share") share_de = &c;
  REQUIRE(share_en);
  REQUIRE(share_de);
  CHECK(share_en->values == share_de->values);
}

TEST_CASE("Rules and RFM give full results the studio can show", "[labelled]") {
  const auto& f = F();
  RuleColumn industry;
  industry.column = "industry";
  RuleColumn size;
  size.column = "employees";
  size.banding = RuleColumn::Banding::kDefaultSize;
  auto rules = RulesResult(f.data.table, {industry, size});
  REQUIRE(rules.ok());
  const SegmentResult& r = rules.value();
  CHECK(r.method == "rules");
  CHECK(r.labels.size() == f.data.table.rows);
  CHECK(r.pca.size() == 2 * f.data.table.rows);
  CHECK(r.segments.size() == static_cast<size_t>(r.k));
  size_t total = 0;
  for (const auto& s : r.segments) total += s.size;
  CHECK(total == f.data.table.rows);
  CHECK(r.segments.front().name.find(" · ") != std::string::npos);  // "Manufacturing · 51–200"
  CHECK_FALSE(r.segments.front().kpis.empty());
  CHECK_FALSE(RulesResult(f.data.table, {}).ok());

  const RfmColumnGuess g = GuessRfmColumns(f.data.table);
  CHECK(g.recency == "last_order_date");
  CHECK(g.frequency == "orders_12m");
  CHECK_FALSE(g.monetary.empty());
  auto rfm = ScoreRfmTable(f.data.table, g.recency, g.frequency, g.monetary);
  REQUIRE(rfm.ok());
  const RfmTableResult& m = rfm.value();
  CHECK(m.result.method == "rfm");
  CHECK(m.result.k == 11);
  size_t scored = 0, in_grid = 0;
  for (size_t i = 0; i < m.result.labels.size(); ++i)
    if (m.result.labels[i] >= 0) {
      ++scored;
      CHECK(m.r_score[i] >= 1);
      CHECK(m.r_score[i] <= 5);
      CHECK(m.result.labels[i] == RfmSegmentMap::Default().SegmentOf(m.r_score[i], m.f_score[i]));
    }
  for (size_t c : m.grid) in_grid += c;
  CHECK(in_grid == scored);
  CHECK(scored + m.report.missing_date + m.report.missing_amount == f.data.table.rows);
  CHECK_FALSE(ScoreRfmTable(f.data.table, "no such column", g.frequency, g.monetary).ok());
}
