// Project files (seg/project/project.hpp), Base64 (seg/common/base64.hpp) and models that carry
// segment edits (seg/analysis/model_edits.hpp).
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "seg/analysis/edits.hpp"
#include "seg/analysis/model_edits.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/analysis/sql.hpp"
#include "seg/common/base64.hpp"
#include "seg/demo/customers.hpp"
#include "seg/project/project.hpp"
#include "test_support.hpp"

using namespace seg;
using nlohmann::json;

namespace {

// A project as the studio would save it after a German Excel import, k-means with automatic k,
// two merged segments and a rename.
project::Project FullProject() {
  project::Project p;
  p.app_version = "Segmenter studio 0.1.0";
  p.created = "2026-03-14T09:30:00Z";
  p.source = project::DescribeSource("kunden_export.csv", "kundennr;umsatz\nK-1;12,5\n");
  p.import.encoding = io::Encoding::kWindows1252;
  p.import.delimiter = ';';
  p.import.decimal = ',';
  p.import.header = true;
  p.import.missing_markers = {"k.A.", "n/a"};
  p.import.bad_rows = io::BadRowPolicy::kStop;
  p.method = project::ProjectMethod::kGmm;
  p.params.method = analysis::Method::kGmm;
  p.params.covariance = analysis::Covariance::kDiagonal;
  p.params.k = 6;
  p.params.auto_k = true;
  p.params.k_min = 3;
  p.params.k_max = 8;
  p.params.min_share = 0.05;
  p.params.seed = 9007199254740992ull;  // 2^53, the largest seed
  p.params.features = {"mrr_eur", "seats", "support_tickets_90d", "Umsatz (€)"};
  p.params.categorical = {"industry"};
  p.params.gamma = 0.75;
  p.params.n_init = 12;
  p.params.max_iter = 250;
  p.params.mini_batch = 4096;
  p.params.prep.scaling = analysis::Scaling::kRobust;
  p.params.prep.log_auto = false;
  p.params.prep.log_columns = {"mrr_eur"};
  p.params.prep.clip_quantile = 0.01;
  p.params.prep.weights = {{"mrr_eur", 2.0}, {"seats", 0.5}};
  p.params.prep.missing_indicators = true;
  p.params.prep.not_personal = {"PLZ"};
  p.params.kpis = {{analysis::KpiKind::kRevenue, "mrr_eur"}, {analysis::KpiKind::kChurn, "churned"}};
  analysis::RuleColumn by_industry;
  by_industry.column = "industry";
  analysis::RuleColumn by_size;
  by_size.column = "employees";
  by_size.banding = analysis::RuleColumn::Banding::kCuts;
  by_size.cuts = {10, 50.5, 250};
  p.rules = {by_industry, by_size};
  p.rfm.recency = "days_since_last_order";
  p.rfm.frequency = "orders_12m";
  p.rfm.monetary = "revenue_12m";
  p.sql_dialect = analysis::SqlDialect::kDuckDb;
  p.personal_export = project::PersonalExport::kMask;
  p.edits = analysis::IdentityEdits(6);
  p.edits = analysis::MergeSegments(p.edits, 4, 1).value();
  p.edits = analysis::RenameSegment(p.edits, 0, "Key accounts").value();
  p.colors = {"#4e79a7", "", "#E15759", "", ""};
  return p;
}

std::string Mutated(const std::string& text, const std::string& pointer, const json& value) {
  json j = json::parse(text);
  j[json::json_pointer(pointer)] = value;
  return j.dump();
}

std::string Without(const std::string& text, const std::string& parent, const std::string& key) {
  json j = json::parse(text);
  j[json::json_pointer(parent)].erase(key);
  return j.dump();
}

}  // namespace

TEST_CASE("base64: RFC 4648 test vectors", "[project][base64]") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(EncodeBase64(plain) == encoded);
    auto back = DecodeBase64(encoded);
    REQUIRE(back);
    CHECK(*back == plain);
    CHECK(DecodedBase64Size(encoded) == std::string(plain).size());
  }
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  CHECK(DecodeBase64(EncodeBase64(all)) == all);
  CHECK(EncodeBase64("\xff\xfe\xfd") == "//79");
}

TEST_CASE("base64: refuses non-canonical and broken text", "[project][base64]") {
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Zg==Zg==", "Z===", "=Zg=", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "Zm-v", "Zm_v", "Zm=v"})
    CHECK_FALSE(DecodeBase64(bad));
  CHECK(DecodedBase64Size("=") == 0);
  CHECK(DecodedBase64Size("==") == 0);
}

TEST_CASE("project: a full project survives a round trip, with and without data", "[project]") {
  project::Project p = FullProject();
  const std::string text = project::ProjectToJson(p);
  auto back = project::ParseProject(text);
  REQUIRE(back.ok());
  CHECK(back.value() == p);
  CHECK(back->edits.shown() == 5);
  CHECK(back->edits.names[0] == "Key accounts");
  CHECK(back->import.delimiter == ';');
  CHECK_FALSE(back->data);
  // Only what the user set is saved: an automatic setting stays absent.
  project::Project autos;
  const json j = json::parse(project::ProjectToJson(autos));
  CHECK_FALSE(j["import"].contains("encoding"));
  CHECK_FALSE(j["import"].contains("delimiter"));
  CHECK_FALSE(j["import"].contains("header"));
  auto autos_back = project::ParseProject(j.dump());
  REQUIRE(autos_back.ok());
  CHECK_FALSE(autos_back->import.encoding);
  CHECK(autos_back.value() == autos);

  // With the customer file embedded: the same bytes come back, and the hash is recorded.
  const std::string csv = demo::GenerateDemoCustomersCsv({300, 5});
  REQUIRE(project::EmbedData(p, csv).ok());
  CHECK(p.source.size == csv.size());
  CHECK(p.source.file_name == "kunden_export.csv");
  const std::string with_data = project::ProjectToJson(p);
  CHECK(json::parse(with_data)["data"]["bytes"].get<std::string>() == EncodeBase64(csv));
  auto reopened = project::ParseProject(with_data);
  REQUIRE(reopened.ok());
  CHECK(reopened.value() == p);
  REQUIRE(reopened->data);
  CHECK(*reopened->data == csv);
  CHECK(project::CheckSource(reopened.value(), csv).ok());
  // Windows-1252 bytes (not UTF-8) are embedded untouched.
  project::Project latin;
  REQUIRE(project::EmbedData(latin, "name;ort\nM\xfcller;K\xf6ln\n").ok());
  auto latin_back = project::ParseProject(project::ProjectToJson(latin));
  REQUIRE(latin_back.ok());
  CHECK(*latin_back->data == "name;ort\nM\xfcller;K\xf6ln\n");
}

TEST_CASE("project: reopening checks that the user picked the same file", "[project]") {
  project::Project p = FullProject();
  p.source = project::DescribeSource("customers.csv", "id,revenue\n1,10\n2,20\n");
  // FIPS 180-2 example: SHA-256("abc").
  CHECK(project::DescribeSource("abc.csv", "abc").sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(p.source.size == 21);
  CHECK(project::CheckSource(p, "id,revenue\n1,10\n2,20\n").ok());
  auto other = project::CheckSource(p, "id,revenue\n1,10\n2,21\n");
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == "project.other_file");
  CHECK(other.error().message.find("customers.csv") != std::string::npos);
  CHECK_FALSE(other.error().hint.empty());
  p.source.sha256.clear();
  CHECK(project::CheckSource(p, "anything").ok());
}

TEST_CASE("project: refuses embedding more than the limit (200 MB by default)", "[project]") {
  CHECK(project::kMaxEmbeddedBytes == 200000000u);
  project::Project p;
  auto st = project::EmbedData(p, std::string(1001, 'x'), 1000);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().code == "project.data_too_large");
  CHECK(st.error().message.find("at most 200 MB") != std::string::npos);
  CHECK_FALSE(p.data);
  CHECK(p.source.size == 0);
  CHECK(project::EmbedData(p, std::string(1000, 'x'), 1000).ok());
}

TEST_CASE("project: every refusal says what is wrong", "[project]") {
  const std::string good = project::ProjectToJson(FullProject());
  auto code = [](const std::string& text) {
    auto r = project::ParseProject(text);
    return r.ok() ? std::string("ok") : r.error().code;
  };
  auto message = [](const std::string& text) {
    auto r = project::ParseProject(text);
    return r.ok() ? std::string("ok") : r.error().message + " | " + r.error().hint;
  };
  CHECK(code(good) == "ok");

  // Not JSON, cut off, or another JSON file.
  CHECK(code("") == "project.not_json");
  CHECK(code(good.substr(0, good.size() / 2)) == "project.not_json");
  CHECK(code("[1,2]") == "project.not_project");
  CHECK(code(R"({"format":"something-else"})") == "project.not_project");

  // A model picked instead of a project.
  analysis::SegmentResult r;
  r.k = 1;
  r.method = "kmeans";
  const std::string model = analysis::ModelToJson(r).dump();
  CHECK(code(model) == "project.is_model");
  CHECK(message(model).find("model file, not a project") != std::string::npos);

  // A newer format version.
  auto future = project::ParseProject(Mutated(good, "/version", 2));
  REQUIRE_FALSE(future.ok());
  CHECK(future.error().code == "project.future_version");
  CHECK(future.error().message ==
        "This project was saved by a newer Segmenter (format version 2); this version reads up to 1.");
  CHECK(future.error().hint == "Update Segmenter or re-create the project.");
  CHECK(code(Mutated(good, "/version", 18446744073709551615ull)) == "project.future_version");
  CHECK(code(Mutated(good, "/version", 0)) == "project.invalid");
  CHECK(code(Mutated(good, "/version", -3)) == "project.invalid");
  CHECK(code(Mutated(good, "/version", "1")) == "project.invalid");
  CHECK(code(Mutated(good, "/version", 1.5)) == "project.invalid");

  // Hand-edited nonsense: each names the key.
  const std::pair<std::pair<const char*, json>, const char*> cases[] = {
      {{"/segmentation/k", 5000}, "\"segmentation.k\" must be from 1 to 1000 (found 5000)"},
      {{"/segmentation/k", -1}, "segmentation.k"},
      {{"/segmentation/k", 18446744073709551615ull}, "segmentation.k"},
      {{"/segmentation/k", 5.5}, "segmentation.k\" must be a whole number"},
      {{"/segmentation/k", "5"}, "segmentation.k"},
      {{"/segmentation/k", nullptr}, "segmentation.k"},
      {{"/segmentation/k_min", 9}, "\"segmentation.k_max\" must not be below"},
      {{"/segmentation/seed", -1}, "segmentation.seed"},
      {{"/segmentation/seed", 1e300}, "segmentation.seed"},
      {{"/segmentation/min_share", -0.1}, "segmentation.min_share"},
      {{"/segmentation/min_share", "NaN"}, "segmentation.min_share"},
      {{"/segmentation/gamma", -5}, "segmentation.gamma"},
      {{"/segmentation/method", "dbscan"}, "\"segmentation.method\" must be kmeans, gmm, mixed, rules or rfm (found \"dbscan\")"},
      {{"/segmentation/method", 3}, "segmentation.method\" must be text"},
      {{"/segmentation/covariance", "spherical"}, "segmentation.covariance"},
      {{"/segmentation/features", "mrr_eur"}, "segmentation.features\" must be a list"},
      {{"/segmentation/features", json::array({1, 2})}, "segmentation.features\" must hold only texts"},
      {{"/segmentation/mini_batch", 10}, "segmentation.mini_batch"},
      {{"/segmentation/prep/scaling", "log"}, "segmentation.prep.scaling"},
      {{"/segmentation/prep/log", true}, "segmentation.prep.log"},
      {{"/segmentation/prep/clip_quantile", 0.9}, "segmentation.prep.clip_quantile"},
      {{"/segmentation/prep/weights", json::array({{{"column", "a"}, {"weight", -2}}})}, "segmentation.prep.weights.weight"},
      {{"/segmentation/prep/weights", json::object()}, "segmentation.prep.weights"},
      {{"/segmentation/kpis", json::array({{{"kind", "profit"}, {"column", "x"}}})}, "segmentation.kpis.kind"},
      {{"/segmentation/rules", json::array({1, 2, 3, 4})}, "segmentation.rules"},
      {{"/segmentation/rules/0/banding", "deciles"}, "segmentation.rules.banding"},
      {{"/segmentation/rules/1/cuts", json::array({5, 5})}, "strictly increasing"},
      {{"/segmentation/rules/1/cuts", json::array()}, "segmentation.rules.cuts"},
      {{"/segmentation/rfm", nullptr}, "segmentation.rfm\" must be an object"},
      {{"/import/encoding", "ebcdic"}, "import.encoding"},
      {{"/import/delimiter", "::"}, "import.delimiter"},
      {{"/import/decimal", ";"}, "import.decimal"},
      {{"/import/header", "yes"}, "import.header"},
      {{"/import/bad_rows", "ignore"}, "import.bad_rows"},
      {{"/source/size", -1}, "source.size"},
      {{"/source/sha256", "ABC"}, "source.sha256"},
      {{"/studio/sql_dialect", "oracle"}, "studio.sql_dialect"},
      {{"/studio/personal_export", "shred"}, "studio.personal_export"},
      {{"/edits/group", json::array({1, 2, 3, 4, 7, 5})}, "edits.group"},
      {{"/edits/group", json::array({1, 1, 1, 1, 1, 1})}, "never uses shown segment 2"},
      {{"/edits/group", json::array({0, 2, 3, 4, 2, 5})}, "edits.group"},
      {{"/edits/names", json::array({"A", "A", "", "", ""})}, "names two segments \"A\""},
      {{"/edits/names", json::array({std::string(201, 'x'), "", "", "", ""})}, "edits.names"},
      {{"/edits/colors", json::array({"red", "", "", "", ""})}, "edits.colors"},
      {{"/edits/colors", json::array({"#123456"})}, "one colour per shown segment"},
  };
  for (const auto& [edit, expected] : cases) {
    const std::string text = Mutated(good, edit.first, edit.second);
    auto r = project::ParseProject(text);
    INFO(edit.first << " = " << edit.second.dump());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "project.invalid");
    CHECK(r.error().message.find(expected) != std::string::npos);
    CHECK(r.error().message.rfind("This project file is damaged or was edited by hand: ", 0) == 0);
    CHECK_FALSE(r.error().hint.empty());
  }
  // Missing keys.
  for (const auto& [parent, key] : {std::pair<const char*, const char*>{"", "segmentation"}, {"", "edits"}, {"", "source"},
                                    {"/segmentation", "k"}, {"/segmentation", "prep"}, {"/segmentation/prep", "log"},
                                    {"/import", "missing"}, {"/source", "sha256"}}) {
    auto r = project::ParseProject(Without(good, parent, key));
    INFO(parent << "/" << key);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("is missing") != std::string::npos);
  }
}

TEST_CASE("project: damaged embedded data is refused", "[project]") {
  project::Project p = FullProject();
  const std::string csv = "id,revenue\n1,10\n2,20\n";
  REQUIRE(project::EmbedData(p, csv).ok());
  const std::string good = project::ProjectToJson(p);
  auto code = [](const std::string& text) {
    auto r = project::ParseProject(text);
    return r.ok() ? std::string("ok") : r.error().code;
  };
  CHECK(code(good) == "ok");
  CHECK(code(Mutated(good, "/data/bytes", "not base64!")) == "project.bad_data");
  CHECK(code(Mutated(good, "/data/bytes", 42)) == "project.bad_data");
  CHECK(code(Mutated(good, "/data/encoding", "hex")) == "project.bad_data");
  CHECK(code(Mutated(good, "/data", "raw")) == "project.bad_data");
  // Valid Base64 of other bytes: the recorded size and SHA-256 catch it.
  auto other = project::ParseProject(Mutated(good, "/data/bytes", EncodeBase64("id,revenue\n1,10\n2,99\n")));
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == "project.data_mismatch");
  CHECK(other.error().message.find("SHA-256") != std::string::npos);
  CHECK(code(Mutated(good, "/source/sha256", std::string(64, 'a'))) == "project.data_mismatch");
  CHECK(code(Mutated(good, "/source/sha256", "")) == "project.bad_data");
  // More than the limit, by the Base64 length, is refused before decoding.
  auto big = project::ParseProject(good, csv.size() - 1);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == "project.data_too_large");
  CHECK(project::ParseProject(good, csv.size()).ok());
}

// ---- models that apply the user's edits --------------------------------------------------------

namespace {

struct Trained {
  io::Dataset data;
  analysis::SegmentResult result;
};

Trained TrainK5() {
  Trained t{test::LoadOrFail(demo::GenerateDemoCustomersCsv({1500, 11})), {}};
  analysis::SegmentParams params;
  params.k = 5;
  params.seed = 3;
  auto r = analysis::RunSegmentation(t.data.table, params);
  REQUIRE(r.ok());
  t.result = std::move(r.value());
  return t;
}

}  // namespace

TEST_CASE("model with edits: apply gives the merged, renamed segments of every row", "[project][model_edits]") {
  const Trained t = TrainK5();
  analysis::SegmentEdits edits = analysis::IdentityEdits(5);
  edits = analysis::MergeSegments(edits, 3, 1).value();  // segment 4 into segment 2
  edits = analysis::RenameSegment(edits, 1, "Merged growth accounts").value();
  edits = analysis::RenameSegment(edits, 3, "Small & quiet").value();
  const auto kpis = analysis::ResolveKpis(t.data.table, {}).value();
  const analysis::SegmentResult shown = analysis::ApplyEdits(t.data.table, t.result, edits, kpis);
  REQUIRE(shown.k == 4);
  std::vector<std::string> names;
  for (const auto& s : shown.segments) names.push_back(s.name);

  auto text = analysis::ModelJsonWithEdits(analysis::ModelToJson(t.result).dump(), edits, names);
  REQUIRE(text.ok());
  const json j = json::parse(text.value());
  CHECK(j["version"] == analysis::kModelEditsFormatVersion);
  CHECK(j["edits"]["label_map"] == json::array({1, 2, 3, 2, 4}));
  CHECK(j["edits"]["segments"][1]["name"] == "Merged growth accounts");
  CHECK(j["edits"]["segments"][1]["size"] == shown.segments[1].size);

  auto model = analysis::ParseModel(text.value());
  REQUIRE(model.ok());
  CHECK(model->k == 5);
  CHECK(model->Segments() == 4);
  CHECK(model->names == names);
  auto labels = analysis::ApplyModel(model.value(), t.data.table);
  REQUIRE(labels.ok());
  REQUIRE(labels->size() == shown.labels.size());
  size_t same = 0;
  for (size_t i = 0; i < shown.labels.size(); ++i) same += labels.value()[i] == shown.labels[i];
  CHECK(same == shown.labels.size());
  for (size_t i = 0; i < shown.labels.size(); ++i)
    CHECK(model->names[static_cast<size_t>(labels.value()[i])] == shown.segments[static_cast<size_t>(shown.labels[i])].name);

  // SQL maps the computed segment to the shown one and names the shown segments.
  analysis::SqlOptions o;
  o.table = "customers";
  o.id_column = "customer_id";
  auto sql = analysis::ModelToSql(model.value(), o);
  REQUIRE(sql.ok());
  CHECK(sql->find("4 segments") != std::string::npos);
  CHECK(sql->find("WHEN 4 THEN 2 WHEN 5 THEN 4 END") != std::string::npos);
  CHECK(sql->find("'Merged growth accounts'") != std::string::npos);
  CHECK(sql->find("'Small & quiet'") != std::string::npos);
}

TEST_CASE("model with edits: a rename only stays format version 1", "[project][model_edits]") {
  const Trained t = TrainK5();
  analysis::SegmentEdits edits = analysis::RenameSegment(analysis::IdentityEdits(5), 2, "Champions").value();
  auto out = analysis::ModelWithEdits(analysis::ModelToJson(t.result), edits);
  REQUIRE(out.ok());
  CHECK(out.value()["version"] == 1);
  CHECK_FALSE(out->contains("edits"));
  CHECK(out.value()["segments"][2]["name"] == "Champions");
  CHECK(out.value()["segments"][0]["name"] == t.result.segments[0].name);
  auto model = analysis::ModelFromJson(out.value());
  REQUIRE(model.ok());
  CHECK(model->label_map.empty());
  CHECK(model->names[2] == "Champions");
}

TEST_CASE("model with edits: without shown names, merged segments join their names", "[project][model_edits]") {
  const Trained t = TrainK5();
  auto edits = analysis::MergeSegments(analysis::IdentityEdits(5), 0, 4).value();
  auto out = analysis::ModelWithEdits(analysis::ModelToJson(t.result), edits);
  REQUIRE(out.ok());
  const auto& segs = out.value()["edits"]["segments"];
  REQUIRE(segs.size() == 4);
  CHECK(segs[3]["name"] == t.result.segments[0].name + " + " + t.result.segments[4].name);
  CHECK(segs[0]["name"] == t.result.segments[1].name);
}

TEST_CASE("model with edits: refusals", "[project][model_edits]") {
  const Trained t = TrainK5();
  const json model = analysis::ModelToJson(t.result);
  auto merged = analysis::MergeSegments(analysis::IdentityEdits(5), 1, 0).value();
  CHECK(analysis::ModelWithEdits(model, analysis::IdentityEdits(4)).error().code == "model.edits_mismatch");
  const json edited = analysis::ModelWithEdits(model, merged).value();
  CHECK(analysis::ModelWithEdits(edited, merged).error().code == "model.already_edited");
  CHECK(analysis::ModelJsonWithEdits("{", merged).error().code == "model.not_json");

  // Hand-edited edits blocks.
  auto code = [&](const std::string& pointer, const json& value) {
    json j = edited;
    j[json::json_pointer(pointer)] = value;
    auto m = analysis::ModelFromJson(j);
    return m.ok() ? std::string("ok") : m.error().code;
  };
  CHECK(code("/edits/label_map/0", 1) == "ok");
  CHECK(code("/edits/label_map", json::array({1, 1, 2, 3})) == "model.bad_edits");
  CHECK(code("/edits/label_map/0", 9) == "model.bad_edits");
  CHECK(code("/edits/label_map/0", 0) == "model.bad_edits");
  CHECK(code("/edits/label_map/0", -1) == "model.bad_edits");
  CHECK(code("/edits/label_map/0", "1") == "model.bad_edits");
  CHECK(code("/edits/label_map/0", 18446744073709551615ull) == "model.bad_edits");
  CHECK(code("/edits/label_map", json::array({1, 1, 1, 1, 1})) == "model.bad_edits");  // shown 2..4 empty
  CHECK(code("/edits/segments", json::array()) == "model.bad_edits");
  CHECK(code("/edits/segments/0/name", "") == "model.bad_edits");
  CHECK(code("/edits/segments/0/name", 7) == "model.bad_edits");
  CHECK(code("/edits", "merge") == "model.bad_edits");
  json dup = edited;
  dup["edits"]["segments"][1]["name"] = dup["edits"]["segments"][0]["name"];
  CHECK(analysis::ModelFromJson(dup).error().code == "model.bad_edits");
  // An older reader's view: version 2 is "newer" for a version that reads up to 1; this one reads it.
  json future = edited;
  future["version"] = 3;
  auto f = analysis::ModelFromJson(future);
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().code == "model.future_version");
  CHECK(f.error().message.find("format version 3") != std::string::npos);
}

TEST_CASE("model loader: hand-edited nonsense is refused with a message, never applied blindly", "[project][model_hardening]") {
  const Trained t = TrainK5();
  const json good = analysis::ModelToJson(t.result);
  REQUIRE(analysis::ModelFromJson(good).ok());
  auto code = [&](const std::string& pointer, const json& value) {
    json j = good;
    j[json::json_pointer(pointer)] = value;
    auto m = analysis::ModelFromJson(j);
    if (m.ok()) {  // whatever is accepted must apply without trouble
      auto labels = analysis::ApplyModel(m.value(), t.data.table);
      if (labels.ok())
        for (int32_t l : labels.value()) REQUIRE((l >= 0 && l < m->Segments()));
      return std::string("ok");
    }
    CHECK_FALSE(m.error().message.empty());
    CHECK_FALSE(m.error().hint.empty());
    return m.error().code;
  };
  CHECK(code("/k", 5000) == "model.invalid");
  CHECK(code("/k", -5) == "model.invalid");
  CHECK(code("/k", 18446744073709551615ull) == "model.invalid");
  CHECK(code("/k", 2.5) == "model.invalid");
  CHECK(code("/centroids/0", json::array({1, 2})) == "model.invalid");
  CHECK(code("/centroids/0/0", "NaN") == "model.invalid");
  CHECK(code("/centroids/0/0", nullptr) == "model.invalid");
  CHECK(code("/centroids/0/0", 1e300) == "model.invalid");   // overflows the 32-bit distances
  CHECK(code("/centroids/0/0", -1e39) == "model.invalid");
  CHECK(code("/centroids/0/0", 1e6) == "ok");
  CHECK(code("/preparation/0/scale", -1) == "model.bad_preparation");
  CHECK(code("/preparation/0/scale", 0) == "model.bad_preparation");
  CHECK(code("/preparation", json::array()) == "model.bad_preparation");
  CHECK(code("/method", "dbscan") == "model.invalid");
  CHECK(code("/version", 18446744073709551615ull) == "model.future_version");
  CHECK(code("/version", -1) == "model.invalid");
  CHECK(code("/segments", "x") == "ok");  // names fall back to "Segment N"
}

TEST_CASE("model loader: a Gaussian mixture with unusable covariances is refused", "[project][model_hardening]") {
  auto data = test::LoadOrFail(demo::GenerateDemoCustomersCsv({600, 4}));
  analysis::SegmentParams params;
  params.method = analysis::Method::kGmm;
  params.k = 3;
  params.features = {"mrr_eur", "seats"};
  auto r = analysis::RunSegmentation(data.table, params);
  REQUIRE(r.ok());
  const json good = analysis::ModelToJson(r.value());
  REQUIRE(analysis::ModelFromJson(good).ok());
  auto try_model = [&](const json& j) {
    auto m = analysis::ModelFromJson(j);
    if (!m.ok()) return m.error().code;
    auto labels = analysis::ApplyModel(m.value(), data.table);
    if (!labels.ok()) return labels.error().code;
    for (int32_t l : labels.value()) REQUIRE((l >= 0 && l < m->k));
    return std::string("ok");
  };
  // Not positive definite: off-diagonal larger than the variances.
  json j = good;
  j["gmm"]["covariances"][1] = 1e6;
  j["gmm"]["covariances"][2] = 1e6;
  CHECK(try_model(j) == "model.invalid");
  j = good;
  j["gmm"]["covariances"][1] = 0.5;  // no longer symmetric
  CHECK(try_model(j) == "model.invalid");
  j = good;
  j["gmm"]["covariances"][0] = 1e300;  // absurd, but usable: must not crash
  const std::string huge_variance = try_model(j);
  CHECK((huge_variance == "ok" || huge_variance == "model.invalid"));
  j = good;
  j["gmm"]["weights"][0] = 1e308;
  const std::string huge_weight = try_model(j);
  CHECK((huge_weight == "ok" || huge_weight == "model.invalid"));
}
