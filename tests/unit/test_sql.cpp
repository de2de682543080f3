// Models as SQL (sql.hpp), and the saved rules / RFM models behind `apply` and `sql`. The queries
// themselves run in SQLite and PostgreSQL in tests/sql/sql_test.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "seg/analysis/sql.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

const io::Table& DemoTable() {
  static io::Dataset d = std::move(io::ReadCsv(demo::GenerateDemoCustomersCsv({1500, 7})).value());
  return d.table;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

// Two segments over one numeric feature with an awkward name and a categorical one.
Model TinyKMeans() {
  Model m;
  m.method = "kmeans";
  m.k = 2;
  PreparedFeature num;
  num.name = "Umsatz \"MRR\" (\xE2\x82\xAC)";
  num.impute = 950.5;
  num.clip_lo = 10;
  num.clip_hi = 30000;
  num.log1p = true;
  num.center = 6.5;
  num.scale = 1.25;
  num.weight = 2;
  PreparedFeature ind;
  ind.name = "owner=O'Brien";
  ind.source = "owner";
  ind.levels = {"O'Brien"};
  ind.mode = "O'Brien";
  ind.center = 0.4;
  ind.scale = 0.7;
  PreparedFeature other = ind;
  other.name = "owner=other";
  other.levels = {"back\\slash"};
  other.other = true;
  m.preparation = {num, ind, other};
  m.centroids = {-1, 0.5, 0.25, 1, -0.5, 0.125};
  m.names = {"Small \"accounts\"", "Big accounts"};
  return m;
}

std::string Sql(const Model& m, SqlDialect d, std::string table = "customers") {
  SqlOptions o;
  o.dialect = d;
  o.table = std::move(table);
  auto r = ModelToSql(m, o);
  if (!r.ok()) FAIL(r.error().ToString());
  return r.value();
}

}  // namespace

TEST_CASE("SQL dialect names parse and print", "[sql]") {
  for (SqlDialect d : {SqlDialect::kPostgres, SqlDialect::kSqlite, SqlDialect::kDuckDb, SqlDialect::kBigQuery, SqlDialect::kSpark})
    CHECK(ParseSqlDialect(SqlDialectName(d)) == d);
  CHECK(ParseSqlDialect("postgresql") == SqlDialect::kPostgres);
  CHECK_FALSE(ParseSqlDialect("oracle").has_value());
}

TEST_CASE("k-means SQL quotes identifiers, strings and numbers per dialect", "[sql]") {
  const Model m = TinyKMeans();
  const std::string pg = Sql(m, SqlDialect::kPostgres, "analytics.customers");
  CHECK(Count(pg, "\"Umsatz \"\"MRR\"\" (\xE2\x82\xAC)\"") == 1);  // read once, in the first step
  CHECK(Count(pg, "FROM \"analytics\".\"customers\"") == 1);
  CHECK(Count(pg, "'O''Brien'") >= 2);                              // its indicator and "other"
  CHECK(Count(pg, "'back\\slash'") == 1);                           // backslashes are literal
  CHECK(Count(pg, "COALESCE(c1, 950.5::float8)") == 3);              // imputation, typed as double
  CHECK(Count(pg, "AS MATERIALIZED (") > 5);
  CHECK(Count(pg, "'Small \"accounts\"'") == 1);
  CHECK(pg.rfind("SELECT seg_id AS \"customer_id\", segment,") != std::string::npos);
  CHECK(pg.substr(pg.size() - 2) == ";\n");

  const std::string bq = Sql(m, SqlDialect::kBigQuery, "project.dataset.customers");
  CHECK(Count(bq, "`Umsatz \"MRR\" (\xE2\x82\xAC)`") == 1);
  CHECK(Count(bq, "`project`.`dataset`.`customers`") == 1);
  CHECK(Count(bq, "'O\\'Brien'") >= 2);
  CHECK(Count(bq, "'back\\\\slash'") == 1);
  CHECK(Count(bq, "MATERIALIZED") == 0);
  CHECK(Count(bq, "CAST(") > 0);
  CHECK(Count(bq, "FLOAT64") > 0);

  const std::string spark = Sql(m, SqlDialect::kSpark);
  CHECK(Count(spark, "COALESCE(c1, 950.5D)") == 3);
  CHECK(Count(spark, "536870913.0D") > 0);
  const std::string duck = Sql(m, SqlDialect::kDuckDb);
  CHECK(Count(duck, "COALESCE(c1, CAST('950.5' AS DOUBLE))") == 3);
  const std::string lite = Sql(m, SqlDialect::kSqlite);
  CHECK(Count(lite, "CAST(\"Umsatz \"\"MRR\"\" (\xE2\x82\xAC)\" AS REAL)") == 1);
  CHECK(Count(lite, "THEN 1.0 ELSE 0.0 END") > 0);  // every literal has a decimal point (no integer maths)
}

TEST_CASE("k-means SQL: one accumulation step per extra feature, argmin over every centroid", "[sql]") {
  const Model m = TinyKMeans();
  const std::string pg = Sql(m, SqlDialect::kPostgres);
  CHECK(Count(pg, "seg_sum2 AS") == 1);
  CHECK(Count(pg, "seg_sum3 AS") == 1);
  CHECK(Count(pg, "seg_sum4 AS") == 0);
  CHECK(Count(pg, "WHEN s1 <= s2 THEN 1") == 1);  // ties go to the lower segment, as in the core
  CHECK(Count(pg, "ELSE 2 END") == 1);
  // Centroids are the core's float32 values: 0.1 would be printed as its float, not as 0.1.
  Model f = m;
  f.centroids[0] = 0.1;
  CHECK(Count(Sql(f, SqlDialect::kSqlite), "x1 - 0.10000000149011612") == 3);  // F32 names its argument 3 times
}

TEST_CASE("SQL export refuses what it cannot reproduce, and says what it supports", "[sql]") {
  Model m = TinyKMeans();
  SqlOptions o;
  auto no_table = ModelToSql(m, o);
  REQUIRE_FALSE(no_table.ok());
  CHECK(no_table.error().code == "sql.no_table");
  o.table = "customers";
  m.method = "gmm";
  auto gmm = ModelToSql(m, o);
  REQUIRE_FALSE(gmm.ok());
  CHECK(gmm.error().code == "sql.unsupported_method");
  CHECK(gmm.error().message.find("kmeans, rules and rfm") != std::string::npos);
  CHECK(gmm.error().message.find("gmm") != std::string::npos);

  Model rfm;
  rfm.method = "rfm";
  rfm.k = 11;
  rfm.rfm = RfmModel();
  rfm.rfm->from_transactions = true;
  rfm.rfm->map = RfmSegmentMap::Default();
  rfm.names = rfm.rfm->map.names;
  auto tx = ModelToSql(rfm, o);
  REQUIRE_FALSE(tx.ok());
  CHECK(tx.error().code == "sql.unsupported_model");
  CHECK(tx.error().hint.find("--recency") != std::string::npos);
}

TEST_CASE("A trained k-means model exports for every dialect", "[sql]") {
  SegmentParams p;
  p.k = 3;
  p.features = {"mrr_eur", "seats", "nps", "industry"};
  p.prep.missing_indicators = true;
  auto r = RunSegmentation(DemoTable(), p);
  REQUIRE(r.ok());
  auto model = ModelFromJson(ModelToJson(r.value()));
  REQUIRE(model.ok());
  for (SqlDialect d : {SqlDialect::kPostgres, SqlDialect::kSqlite, SqlDialect::kDuckDb, SqlDialect::kBigQuery, SqlDialect::kSpark}) {
    const std::string sql = Sql(model.value(), d);
    CHECK(Count(sql, "THEN 1\n") == 1);
    CHECK(Count(sql, " AS segment_name") == 1);
    CHECK(sql.find("inf") == std::string::npos);  // non-finite numbers never reach the query
    CHECK(Count(sql, "nan") == Count(sql, "Financial"));
  }
}

TEST_CASE("Rules models save, load and label rows like the training run", "[sql][rules]") {
  std::vector<RuleColumn> cols(3);
  cols[0].column = "industry";
  cols[1].column = "employees";
  cols[1].banding = RuleColumn::Banding::kDefaultSize;
  cols[2].column = "mrr_eur";
  cols[2].banding = RuleColumn::Banding::kQuantiles;
  auto g = SegmentByRules(DemoTable(), cols);
  REQUIRE(g.ok());
  const nlohmann::json doc = MethodModelToJson("rules", g->names, g->sizes, RulesModelToJson(g->model));
  auto model = ModelFromJson(nlohmann::json::parse(doc.dump()));
  REQUIRE(model.ok());
  CHECK(model->k == static_cast<int>(g->names.size()));
  CHECK(model->names == g->names);
  auto labels = ApplyModel(model.value(), DemoTable());
  REQUIRE(labels.ok());
  CHECK(labels.value() == g->labels);
  CHECK(Count(Sql(model.value(), SqlDialect::kPostgres), "\n    WHEN l1 = ") == g->names.size());

  // Strict loading: k must match, groups must name existing levels.
  nlohmann::json broken = doc;
  broken["k"] = 2;
  CHECK(ModelFromJson(broken).error().code == "model.invalid");
  broken = doc;
  broken["rules"]["groups"][0][0] = 999;
  CHECK(ModelFromJson(broken).error().code == "model.bad_rules");
  broken = doc;
  broken["rules"]["columns"][1]["kind"] = "colour";
  CHECK(ModelFromJson(broken).error().code == "model.bad_rules");
}

TEST_CASE("RFM score edges reproduce the training scores and the segment map", "[sql][rfm]") {
  auto customers = CustomersFromColumns(DemoTable(), "last_order_date", "orders_12m", "total_spend_eur");
  REQUIRE(customers.ok());
  auto scored = ScoreRfm(customers.value());
  REQUIRE(scored.ok());
  RfmModel m = RfmModelFromResult(scored.value());
  for (size_t i = 0; i < scored->f.size(); ++i) {
    CHECK(ScoreFromEdges(m.edges[1], scored->customers.frequency[i]) == scored->f[i]);
    CHECK(6 - ScoreFromEdges(m.edges[0], scored->customers.recency_days[i]) == scored->r[i]);
  }
  m.recency = "last_order_date";
  m.frequency = "orders_12m";
  m.monetary = "total_spend_eur";
  m.recency_is_date = true;
  m.as_of_days = customers->report.as_of_days;
  const nlohmann::json doc = MethodModelToJson("rfm", scored->map.names, scored->sizes, RfmModelToJson(m));
  auto model = ModelFromJson(nlohmann::json::parse(doc.dump()));
  REQUIRE(model.ok());
  auto labels = ApplyModel(model.value(), DemoTable());
  REQUIRE(labels.ok());
  for (size_t i = 0; i < scored->segment.size(); ++i) CHECK(labels.value()[scored->customers.row[i]] == scored->segment[i]);
  const std::string sql = Sql(model.value(), SqlDialect::kPostgres);
  CHECK(Count(sql, "DATE '") == 1);
  CHECK(Count(sql, "WHEN r_score = ") == 25);

  nlohmann::json broken = doc;
  broken["rfm"]["score_edges"]["frequency"] = {5, 3, 2, 1};
  CHECK(ModelFromJson(broken).error().code == "model.bad_rfm");
  broken = doc;
  broken["rfm"]["from"] = "somewhere";
  CHECK(ModelFromJson(broken).error().code == "model.bad_rfm");
}
