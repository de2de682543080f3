// Texts the core generates, in English and German: segment names and descriptions, the
// choice-of-k explanation, RFM and rule group names, notes; and LocalizeResult switching a
// finished result between the two without re-running it. English must stay exactly as before.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "seg/analysis/edits.hpp"
#include "seg/analysis/kpi.hpp"
#include "seg/analysis/labelled.hpp"
#include "seg/analysis/localize.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/analysis/summary.hpp"
#include "seg/common/lang.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/privacy/personal_data.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

struct Fixture {
  io::Dataset data = std::move(io::ReadCsv(demo::GenerateDemoCustomersCsv({})).value());
  SegmentResult k5 = Run(false, 5);
  SegmentResult autok = Run(true, 0);

  SegmentResult Run(bool auto_k, int k) const {
    SegmentParams p;  // seed 42
    p.auto_k = auto_k;
    if (!auto_k) p.k = k;
    return std::move(RunSegmentation(data.table, p).value());
  }
};

const Fixture& F() {
  static Fixture f;
  return f;
}

struct Texts {
  std::vector<std::string> names, descriptions, warnings;
  std::string explanation;
  bool operator==(const Texts&) const = default;
};

Texts TextsOf(const SegmentResult& r) {
  Texts t;
  for (const auto& s : r.segments) {
    t.names.push_back(s.name);
    t.descriptions.push_back(s.description);
  }
  t.warnings = r.warnings;
  if (r.auto_k) t.explanation = r.auto_k->explanation;
  return t;
}

// English words that must not appear in German generated text (column names and data levels
// of the demo contain none of them).
void CheckNoEnglish(const std::string& text) {
  static const std::regex english(R"(\b(high|low|very|mostly|average|customers|vs|on average|all|of revenue|churn|conversion|the|and|is|column|values|filled|missing|gives|separation|next best|smallest|holds|enough|inertia curve bends)\b)",
                                  std::regex::icase);
  INFO(text);
  CHECK_FALSE(std::regex_search(text, english));
}

}  // namespace

TEST_CASE("Numbers in German texts: decimal comma, thousands dot, percent with a space", "[lang]") {
  CHECK(FormatDecimal(1234.5, 1, Lang::kEn) == "1234.5");
  CHECK(FormatDecimal(1234.5, 1, Lang::kDe) == "1234,5");  // four digits stay ungrouped (DIN 5008)
  CHECK(FormatDecimal(12345.6, 1, Lang::kDe) == "12.345,6");
  CHECK(FormatDecimal(-1234567.0, 0, Lang::kDe) == "-1.234.567");
  CHECK(FormatCount(5000, Lang::kDe) == "5.000");
  CHECK(FormatCount(5000, Lang::kEn) == "5,000");  // issue 19: grouped in both languages
  CHECK(FormatCount(999, Lang::kDe) == "999");
  CHECK(FormatPercent(12, 0, Lang::kEn) == "12%");
  CHECK(FormatPercent(12.5, 1, Lang::kDe) == "12,5 %");
  CHECK(GermanNumbersInText("7.23\xE2\x80\x93" "224.64") == "7,23\xE2\x80\x93" "224,64");
  CHECK(GermanNumbersInText("3689.54\xE2\x80\x93" "52540.4") == "3689,54\xE2\x80\x93" "52.540,4");
  CHECK(GermanNumbersInText("\xE2\x89\xA5" "2.5") == "\xE2\x89\xA5" "2,5");
  CHECK(GermanNumbersInText("<-0.5") == "<-0,5");
  CHECK(GermanNumbersInText("2024-01-31") == "2024-01-31");
  CHECK(GermanNumbersInText("logins 30d 1.5") == "logins 30d 1,5");
  CHECK(GermanNumbersInText("v1.2") == "v1.2");
  CHECK(ParseLang("de") == Lang::kDe);
  CHECK(ParseLang("en") == Lang::kEn);
  CHECK_FALSE(ParseLang("fr"));
  CHECK(privacy::ParseLang("de") == privacy::Lang::kDe);  // the privacy module uses the same type
}

TEST_CASE("English texts are unchanged on the demo data (seed 42)", "[lang]") {
  const auto& f = F();
  // Pinned from the output before texts became bilingual; issue 19: "NPS" upper-cased, counts grouped, the k rule.
  const std::vector<std::string> names = {"Very low NPS, very high support tickets 90d", "High gross margin, high NPS",
                                          "Very high employees, very high monthly active users",
                                          "Very high orders 12m, mostly Professional", "Very low gross margin, low orders 12m"};
  REQUIRE(f.k5.segments.size() == 5);
  for (size_t s = 0; s < 5; ++s) CHECK(f.k5.segments[s].name == names[s]);
  CHECK(f.k5.segments[0].description ==
        "1,002 customers (20%): NPS 3.06 vs 6.91, support tickets 90d 26.8 vs 10.6, orders 12m 1.60 vs 9.79 on average; "
        "56% Professional (all: 42%). 7% of revenue, churn 48% (all 16%), NPS -99 (all -3).");
  REQUIRE(f.k5.warnings.size() == 6);
  CHECK(f.k5.warnings[0] == "column 'employees': 225 missing values filled with the median");
  REQUIRE(f.autok.auto_k);
  CHECK(f.autok.auto_k->explanation ==
        "k = 5 gives the clearest separation and reproduces on resampled data (silhouette 0.49, stability 1.00); the next best is "
        "k = 4 (silhouette 0.51, stability 0.63). Its smallest segment holds 13% of customers, enough to act on. The "
        "inertia curve bends at the same k.");
  // The English generators called directly give the same texts.
  std::vector<SegmentSummary> again = f.k5.segments;
  NameSegments(again, Lang::kEn);
  DescribeSegments(again, Lang::kEn);
  for (size_t s = 0; s < again.size(); ++s) {
    CHECK(again[s].name == f.k5.segments[s].name);
    CHECK(again[s].description == f.k5.segments[s].description);
    CHECK(DescribeSegment(again[s]) == f.k5.segments[s].description);
  }
  CHECK(ExplainAutoK(*f.autok.auto_k) == f.autok.auto_k->explanation);
  REQUIRE(f.k5.notes.size() == f.k5.warnings.size());
  for (size_t i = 0; i < f.k5.notes.size(); ++i) CHECK(NoteText(f.k5.notes[i], Lang::kEn) == f.k5.warnings[i]);
}

TEST_CASE("German segment names and descriptions keep column names and drop English words", "[lang]") {
  const auto& f = F();
  SegmentResult r = f.k5;
  LocalizeResult(r, Lang::kDe);
  std::set<std::string> unique;
  for (const auto& s : r.segments) {
    unique.insert(s.name);
    CheckNoEnglish(s.name);
    CheckNoEnglish(s.description);
  }
  CHECK(unique.size() == r.segments.size());
  CHECK(r.segments[0].name == "NPS sehr niedrig, support tickets 90d sehr hoch");
  CHECK(r.segments[3].name == "Orders 12m sehr hoch, \xC3\xBC" "berwiegend Professional");
  CHECK(r.segments[0].description ==
        "1.002 Kunden (20 %): im Schnitt NPS 3,06 (alle: 6,91), support tickets 90d 26,8 (alle: 10,6), orders 12m 1,60 "
        "(alle: 9,79); 56 % Professional (alle: 42 %). 7 % des Umsatzes, Abwanderung 48 % (alle: 16 %), NPS -99 (alle: -3).");
  CHECK(r.segments[2].description.find("employees 1574 (alle: 340)") != std::string::npos);
  for (const auto& w : r.warnings) CheckNoEnglish(w);
  CHECK(r.warnings[0] == "Spalte \xE2\x80\x9E" "employees\xE2\x80\x9C: 225 fehlende Werte mit dem Median aufgef\xC3\xBCllt");
  // Structure untouched.
  CHECK(r.labels == f.k5.labels);
  CHECK(r.centroids == f.k5.centroids);
}

TEST_CASE("A segment with no distinctive feature and only a category is named in German", "[lang]") {
  std::vector<SegmentSummary> segs(3);
  segs[0].categories.push_back({"industry", "Handel", 0.7, 0.2});
  segs[1].features.push_back({"mrr_eur", 900, 800, 500, 450, 0.6});
  segs[1].features.push_back({"support_tickets", 1, 1, 5, 4, -0.4});
  NameSegments(segs, Lang::kDe);
  CHECK(segs[0].name == "\xC3\x9C" "berwiegend Handel");
  CHECK(segs[1].name == "MRR hoch, support tickets niedrig");
  CHECK(segs[2].name == "Durchschnittliches Profil");
  NameSegments(segs, Lang::kEn);
  CHECK(segs[0].name == "Mostly Handel");
  CHECK(segs[1].name == "High MRR, low support tickets");
  CHECK(segs[2].name == "Average profile");
  segs[2].size = 12345;
  segs[2].share = 0.125;
  CHECK(DescribeSegment(segs[2], Lang::kDe) == "12.345 Kunden (12 %), nahe am durchschnittlichen Kunden.");
  CHECK(DescribeSegment(segs[2], Lang::kEn) == "12,345 customers (12%), close to the average customer.");
}

TEST_CASE("The German choice-of-k explanation names the chosen k", "[lang]") {
  const auto& f = F();
  REQUIRE(f.autok.auto_k);
  const std::string de = ExplainAutoK(*f.autok.auto_k, Lang::kDe);
  const std::string k = "k = " + std::to_string(f.autok.auto_k->recommended);
  CHECK(de.rfind(k + " ", 0) == 0);
  CHECK(de.find("Silhouette 0,49") != std::string::npos);
  CHECK(de.find("13 % der Kunden") != std::string::npos);
  CheckNoEnglish(de);

  // The other branches: a near-tie won by the larger stable k (issue 19), no eligible k, a different elbow.
  AutoKResult a;
  a.min_share = 0.05;
  for (int kk = 2; kk <= 4; ++kk) {
    KScore s;
    s.k = kk;
    s.quality.silhouette = kk == 3 ? 0.50 : 0.495;
    s.quality.calinski_harabasz = kk == 2 ? 900 : 500;
    s.quality.davies_bouldin = kk == 2 ? 0.5 : 0.9;
    s.quality.min_share = 0.01;
    s.quality.inertia = 100.0 / kk;
    s.eligible = false;
    a.scores.push_back(s);
  }
  Recommend(a, 0.05);
  CHECK(a.recommended == 4);
  CHECK(ExplainAutoK(a, Lang::kEn) == a.explanation);
  const std::string tie = ExplainAutoK(a, Lang::kDe);
  INFO(a.explanation << "\n" << tie);
  CHECK(tie.rfind("k = 4 (Silhouette 0,", 0) == 0);
  CHECK(tie.find("trennt die Kunden fast so gut wie k = 3 (Silhouette 0,50)") != std::string::npos);
  CHECK(tie.find("liefert mehr Segmente") != std::string::npos);
  CHECK(tie.find("weniger als 5 % der Kunden (hier 1,0 %)") != std::string::npos);
  CheckNoEnglish(tie);

  AutoKResult bic;
  bic.by_bic = true;
  for (int kk = 2; kk <= 3; ++kk) {
    KScore s;
    s.k = kk;
    s.bic = kk == 3 ? 40864.2 : 41000;
    bic.scores.push_back(s);
  }
  bic.recommended = 3;
  CHECK(ExplainAutoK(bic, Lang::kEn) ==
        "k = 3 has the lowest BIC (40864), the best balance of fit and model size among k = 2 to 3; its smallest segment "
        "holds enough customers to act on.");
  CHECK(ExplainAutoK(bic, Lang::kDe) ==
        "k = 3 hat den niedrigsten BIC (40.864), die beste Balance aus Anpassung und Modellgr\xC3\xB6\xC3\x9F" "e unter k = 2 "
        "bis 3; das kleinste Segment ist gro\xC3\x9F genug, um damit zu arbeiten.");
}

TEST_CASE("Every RFM segment has a German name; RFM results switch language", "[lang][rfm]") {
  const RfmSegmentMap map = RfmSegmentMap::Default();
  std::set<std::string> german;
  for (size_t id = 0; id < map.names.size(); ++id) {
    CHECK(RfmSegmentName(static_cast<int>(id), Lang::kEn) == map.names[id]);
    const std::string de = RfmSegmentName(static_cast<int>(id), Lang::kDe);
    CHECK_FALSE(de.empty());
    german.insert(de);
    CHECK(RfmDefaultSegmentId(de) == static_cast<int>(id));
    CHECK(RfmDefaultSegmentId(map.names[id]) == static_cast<int>(id));
  }
  CHECK(german.size() == map.names.size());
  CHECK(german.count("Champions"));
  CHECK(german.count("Gef\xC3\xA4hrdet"));
  CHECK(german.count("Winterschlaf"));
  CHECK(german.count("Verloren"));
  CHECK(RfmSegmentName(11, Lang::kDe).empty());
  CHECK(RfmDefaultMap(Lang::kDe).Validate().ok());
  CHECK(RfmDefaultMap(Lang::kDe).cell == map.cell);

  const auto& f = F();
  auto rfm = ScoreRfmTable(f.data.table, "last_order_date", "orders_12m", "total_spend_eur");
  REQUIRE(rfm.ok());
  SegmentResult r = rfm.value().result;
  const Texts en = TextsOf(r);
  LocalizeResult(r, Lang::kDe);
  CHECK(r.segments[1].name == "Treue Kunden");
  CHECK(r.segments[8].name == "Wertvoll, aber abwandernd");
  for (const auto& s : r.segments) CheckNoEnglish(s.description);
  LocalizeResult(r, Lang::kEn);
  CHECK(TextsOf(r) == en);
}

TEST_CASE("Rule group names in German: data levels kept, numbers and yes/no localised", "[lang][rules]") {
  const auto& f = F();
  std::vector<RuleColumn> cols(3);
  cols[0].column = "plan";
  cols[1].column = "mrr_eur";
  cols[1].banding = RuleColumn::Banding::kQuantiles;
  cols[2].column = "employees";
  cols[2].banding = RuleColumn::Banding::kDefaultSize;
  auto rules = SegmentByRules(f.data.table, cols);
  REQUIRE(rules.ok());
  for (size_t g = 0; g < rules->names.size(); ++g) {
    CHECK(RulesGroupName(rules->model, static_cast<int>(g), Lang::kEn) == rules->names[g]);
    const std::string de = RulesGroupName(rules->model, static_cast<int>(g), Lang::kDe);
    CHECK(de.find("(missing)") == std::string::npos);
    INFO(rules->names[g] << " -> " << de);
    // Same shape; only '.' decimal points became commas, "(missing)" became "(keine Angabe)".
    if (rules->names[g].find('.') != std::string::npos) CHECK(de != rules->names[g]);
  }
  // A hand-made model covers booleans, missing levels and big numbers.
  RulesModel m;
  RuleColumnModel b;
  b.column = "churned";
  b.kind = RuleColumnModel::Kind::kBoolean;
  b.labels = {"churned: no", "churned: yes"};
  RuleColumnModel v;
  v.column = "revenue";
  v.kind = RuleColumnModel::Kind::kBands;
  v.bands = {{-INFINITY, 1000.5, "<1000.5"}, {1000.5, INFINITY, "\xE2\x89\xA5" "1000.5"}};
  v.labels = {"<1000.5", "1000.5\xE2\x80\x93" "25000.75"};
  m.columns = {b, v};
  m.groups = {{1, 0}, {0, -1}, {-1, 1}};
  CHECK(RulesGroupName(m, 0, Lang::kDe) == "churned: ja \xC2\xB7 <1000,5");
  CHECK(RulesGroupName(m, 1, Lang::kDe) == "churned: nein \xC2\xB7 (keine Angabe)");
  CHECK(RulesGroupName(m, 1, Lang::kEn) == "churned: no \xC2\xB7 (missing)");
  CHECK(RulesGroupName(m, 2, Lang::kDe) == "(keine Angabe) \xC2\xB7 1000,5\xE2\x80\x93" "25.000,75");
  CHECK(RulesGroupName(m, 3, Lang::kDe).empty());

  auto result = RulesResult(f.data.table, cols);
  REQUIRE(result.ok());
  SegmentResult r = result.value();
  const Texts en = TextsOf(r);
  LocalizeResult(r, Lang::kDe);
  CHECK(r.warnings.at(0) == "Gruppen nach 3 Spalten; die Profile vergleichen jede Gruppe auf den numerischen Spalten mit allen Kunden.");
  LocalizeResult(r, Lang::kEn);
  CHECK(TextsOf(r) == en);
}

TEST_CASE("LocalizeResult de then en gives back the exact English texts", "[lang]") {
  const auto& f = F();
  for (const SegmentResult* original : {&f.k5, &f.autok}) {
    SegmentResult r = *original;
    const Texts en = TextsOf(r);
    LocalizeResult(r, Lang::kDe);
    const Texts de = TextsOf(r);
    CHECK_FALSE(de.names == en.names);
    CHECK_FALSE(de.descriptions == en.descriptions);
    CHECK_FALSE(de.warnings == en.warnings);
    if (r.auto_k) CHECK(de.explanation != en.explanation);
    LocalizeResult(r, Lang::kDe);  // idempotent
    CHECK(TextsOf(r) == de);
    LocalizeResult(r, Lang::kEn);
    CHECK(TextsOf(r) == en);
    CHECK(ReportToJson(r) == ReportToJson(*original));
    CHECK(SummaryCsv(r) == SummaryCsv(*original));
  }
}

TEST_CASE("Edits on a localised result: user names win, merged segments are named in the language", "[lang][edits]") {
  const auto& f = F();
  const auto kpis = DetectKpis(f.data.table);
  SegmentResult original = f.k5;
  LocalizeResult(original, Lang::kDe);
  auto renamed = RenameSegment(IdentityEdits(5), 1, "Key Accounts");
  REQUIRE(renamed.ok());
  auto merged = MergeSegments(renamed.value(), 4, 0);
  REQUIRE(merged.ok());
  const SegmentResult shown = ApplyEdits(f.data.table, original, merged.value(), kpis, Lang::kDe);
  REQUIRE(shown.k == 4);
  CHECK(shown.segments[1].name == "Key Accounts");
  CHECK(shown.segments[2].name == original.segments[2].name);
  for (const auto& s : shown.segments) {
    if (s.name != "Key Accounts") CheckNoEnglish(s.name);
    CheckNoEnglish(s.description);
  }
  // Switching back to English: the same edits on the English original equal the English edits.
  LocalizeResult(original, Lang::kEn);
  const SegmentResult en = ApplyEdits(f.data.table, original, merged.value(), kpis, Lang::kEn);
  const SegmentResult direct = ApplyEdits(f.data.table, f.k5, merged.value(), kpis);
  CHECK(TextsOf(en) == TextsOf(direct));
}

TEST_CASE("Segments with the same numeric profile are told apart by their dominant category", "[lang]") {
  // Segmenting on revenue and city: three low-revenue segments, one per group of cities.
  std::vector<SegmentSummary> segs(4);
  for (auto& s : segs) {
    s.features.push_back({"Umsatz", 800, 790, 19000, 12000, -0.9});
    s.features.push_back({"Bestellungen", 4, 4, 42, 30, -0.8});
  }
  segs[0].categories.push_back({"Stadt", "Köln", 0.9, 0.17});
  segs[1].categories.push_back({"Stadt", "Graz", 0.8, 0.17});
  segs[2].categories.push_back({"Stadt", "Zürich", 0.3, 0.17});  // no city dominates: a number
  segs[3].categories.push_back({"Stadt", "Graz", 0.6, 0.17});    // the same city again: a number
  NameSegments(segs, Lang::kEn);
  CHECK(segs[0].name == "Low Umsatz, low Bestellungen");
  CHECK(segs[1].name == "Low Umsatz, low Bestellungen, mostly Graz");
  CHECK(segs[2].name == "Low Umsatz, low Bestellungen (2)");
  CHECK(segs[3].name == "Low Umsatz, low Bestellungen (3)");
  NameSegments(segs, Lang::kDe);
  CHECK(segs[1].name == "Umsatz niedrig, Bestellungen niedrig, \xC3\xBC" "berwiegend Graz");
  CHECK(segs[2].name == "Umsatz niedrig, Bestellungen niedrig (2)");
}
