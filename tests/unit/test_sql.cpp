// Models as SQL (sql.hpp, sql_dialect.hpp), and the saved rules / RFM models behind `apply` and
// `sql`. The queries themselves run in SQLite, PostgreSQL and DuckDB in tests/sql/sql_test.sh; the
// text of every dialect (BigQuery and Spark have no engine here) is checked against the snapshots
// in tests/sql/snapshots/ (to update them after an intended change:
// SEG_UPDATE_SNAPSHOTS=1 ./build/seg_tests "[sql-snapshot]", then review `git diff tests/sql/snapshots`).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "seg/analysis/sql.hpp"
#include "seg/analysis/sql_dialect.hpp"
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
  // Read in the first step only, qualified with the table alias (a missing column is an error).
  CHECK(Count(pg, "seg_t.\"Umsatz \"\"MRR\"\" (\xE2\x82\xAC)\"") == Count(pg, "\"Umsatz \"\"MRR\"\" (\xE2\x82\xAC)\""));
  CHECK(Count(pg, "seg_t.\"Umsatz \"\"MRR\"\" (\xE2\x82\xAC)\"") >= 1);
  CHECK(Count(pg, "FROM \"analytics\".\"customers\" AS seg_t") == 1);
  CHECK(Count(pg, "'O''Brien'") >= 2);                              // its indicator and "other"
  CHECK(Count(pg, "'back\\slash'") == 1);                           // backslashes are literal
  CHECK(Count(pg, "COALESCE(c1, 950.5::float8)") == 3);              // imputation, typed as double
  CHECK(Count(pg, "AS MATERIALIZED (") > 5);
  CHECK(Count(pg, "'Small \"accounts\"'") == 1);
  CHECK(pg.rfind("SELECT seg_id AS \"customer_id\", segment,") != std::string::npos);  // no id in the model: fallback
  CHECK(Count(pg, "seg_t.\"customer_id\" AS seg_id") == 1);
  CHECK(pg.substr(pg.size() - 2) == ";\n");

  const std::string bq = Sql(m, SqlDialect::kBigQuery, "project.dataset.customers");
  CHECK(Count(bq, "seg_t.`Umsatz \"MRR\" (\xE2\x82\xAC)`") >= 1);
  CHECK(Count(bq, "`project`.`dataset`.`customers` AS seg_t") == 1);
  CHECK(Count(bq, "SAFE_CAST(") > 0);
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
  CHECK(Count(lite, "WHEN typeof(seg_t.\"Umsatz \"\"MRR\"\" (\xE2\x82\xAC)\") IN ('integer', 'real')") == 1);
  CHECK(Count(duck, "TRY_CAST(seg_t.") > 0);
  CHECK(Count(spark, "TRY_CAST(seg_t.") > 0);
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
  auto no_table = ModelToSql(m, o);  // (an empty id is fine: the model's own, else customer_id)
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
  auto tx = ModelToSql(rfm, o);  // from transactions, but saved without its as-of day
  REQUIRE_FALSE(tx.ok());
  CHECK(tx.error().code == "sql.unsupported_model");
  CHECK(tx.error().message.find("as-of") != std::string::npos);
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

TEST_CASE("The query returns the model's identifier column unless --id names another", "[sql]") {
  SegmentParams p;
  p.k = 2;
  p.features = {"mrr_eur", "seats"};
  auto r = RunSegmentation(DemoTable(), p);
  REQUIRE(r.ok());
  CHECK(r->id_column == "customer_id");  // the demo file's identifier column
  io::Table renamed = DemoTable();
  for (auto& c : renamed.columns)
    if (c.name == "customer_id") c.name = "Kundennummer";
  CHECK(IdColumnName(renamed) == "Kundennummer");
  auto r2 = RunSegmentation(renamed, p);
  REQUIRE(r2.ok());
  const nlohmann::json doc = ModelToJson(r2.value());
  CHECK(doc["id_column"] == "Kundennummer");
  auto model = ModelFromJson(nlohmann::json::parse(doc.dump()));
  REQUIRE(model.ok());
  CHECK(model->id_column == "Kundennummer");
  const std::string lite = Sql(model.value(), SqlDialect::kSqlite);
  CHECK(Count(lite, "seg_t.\"Kundennummer\" AS seg_id") == 1);
  CHECK(Count(lite, "SELECT seg_id AS \"Kundennummer\"") == 1);
  SqlOptions o;
  o.dialect = SqlDialect::kSqlite;
  o.table = "customers";
  o.id_column = "crm_id";
  CHECK(SqlIdColumn(model.value(), o) == "crm_id");
  CHECK(ModelToSql(model.value(), o).value().find("seg_t.\"crm_id\" AS seg_id") != std::string::npos);
  // A model saved before "id_column" existed (or from a file without identifier) falls back.
  nlohmann::json old = doc;
  old.erase("id_column");
  auto old_model = ModelFromJson(old);
  REQUIRE(old_model.ok());
  CHECK(old_model->id_column.empty());
  o.id_column.clear();
  CHECK(SqlIdColumn(old_model.value(), o) == kSqlFallbackIdColumn);
  // Rules and RFM models name it too.
  CHECK(MethodModelToJson("rules", {"a"}, {1}, nlohmann::json::object(), "crm_id")["id_column"] == "crm_id");
  CHECK_FALSE(MethodModelToJson("rules", {"a"}, {1}, nlohmann::json::object()).contains("id_column"));
}

TEST_CASE("Numbers are read from any column type: blank and non-numbers are missing", "[sql]") {
  // The expression per dialect (what runs is tested in tests/sql/sql_test.sh).
  const std::string col = SqlText(SqlDialect::kSqlite).Column("TotalCharges");
  CHECK(col == "seg_t.\"TotalCharges\"");
  const std::string lite = SqlText(SqlDialect::kSqlite).Number(col);
  CHECK(Count(lite, "CAST(trim(seg_t.\"TotalCharges\", ' \t') AS REAL) = trim(seg_t.\"TotalCharges\", ' \t')") == 1);
  CHECK(Count(lite, "WHEN 'yes' THEN 1.0") == 1);
  CHECK(Count(lite, "WHEN 'nein' THEN 0.0") == 1);
  const std::string pg = SqlText(SqlDialect::kPostgres).Number("seg_t.\"x\"");
  CHECK(Count(pg, "~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'") == 1);
  CHECK(Count(SqlText(SqlDialect::kDuckDb).Number("seg_t.\"x\""), "TRY_CAST(seg_t.\"x\" AS DOUBLE)") == 1);
  CHECK(Count(SqlText(SqlDialect::kBigQuery).Number("seg_t.`x`"), "SAFE_CAST(seg_t.`x` AS FLOAT64)") == 1);
  CHECK(Count(SqlText(SqlDialect::kSpark).Number("seg_t.`x`"), "TRY_CAST(seg_t.`x` AS DOUBLE)") == 1);
}

namespace {

// A rules model over every kind of rule column, and an RFM model from a last-purchase date.
Model TinyRules() {
  RulesModel rm;
  RuleColumnModel plan;
  plan.column = "plan";
  plan.levels = {"Basic", "Pro's"};
  plan.labels = plan.levels;
  RuleColumnModel churned;
  churned.column = "churned";
  churned.kind = RuleColumnModel::Kind::kBoolean;
  churned.labels = {"no", "yes"};
  RuleColumnModel mrr;
  mrr.column = "mrr";
  mrr.kind = RuleColumnModel::Kind::kBands;
  mrr.bands = {{-INFINITY, 100, "< 100"}, {100, INFINITY, ">= 100"}};
  mrr.labels = {"< 100", ">= 100"};
  RuleColumnModel seats;
  seats.column = "seats";
  seats.kind = RuleColumnModel::Kind::kValues;
  seats.values = {1, 2.5};
  seats.labels = {"1", "2.5"};
  rm.columns = {plan, churned, mrr, seats};
  rm.groups = {{0, 0, 0, 0}, {1, 1, 1, 1}, {-1, 0, 1, 0}};
  Model m;
  m.method = "rules";
  m.k = 3;
  m.rules = rm;
  m.names = {"Basic · no", "Pro's · yes", "other"};
  m.id_column = "account";
  return m;
}

Model TinyRfm() {
  Model m;
  m.method = "rfm";
  m.rfm = RfmModel();
  m.rfm->recency = "last order";
  m.rfm->frequency = "orders";
  m.rfm->monetary = "spend";
  m.rfm->recency_is_date = true;
  m.rfm->as_of_days = 20000;  // 2024-10-04
  m.rfm->edges = {{{10, 30, 90, 180}, {2, 3, 5, INFINITY}, {50, 100, 500, 1000}}};
  m.rfm->map = RfmSegmentMap::Default();
  m.names = m.rfm->map.names;
  m.k = static_cast<int>(m.names.size());
  m.id_column = "customer";
  return m;
}

Model TinyRfmTransactions() {
  Model m = TinyRfm();
  m.rfm->from_transactions = true;
  m.rfm->recency_is_date = false;
  m.rfm->transactions = {"Customer ID", "InvoiceDate", "", "Quantity", "Price", "Invoice", ""};
  m.id_column = "Customer ID";
  return m;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("Generated SQL of every dialect matches its snapshot", "[sql][sql-snapshot]") {
  const bool update = std::getenv("SEG_UPDATE_SNAPSHOTS") != nullptr;
  const std::string dir = std::string(SEG_SOURCE_DIR) + "/tests/sql/snapshots/";
  const std::pair<const char*, Model> models[] = {{"kmeans", TinyKMeans()}, {"rules", TinyRules()}, {"rfm", TinyRfm()},
                                                  {"rfm_transactions", TinyRfmTransactions()}};
  for (const auto& [name, model] : models)
    for (SqlDialect d : {SqlDialect::kPostgres, SqlDialect::kSqlite, SqlDialect::kDuckDb, SqlDialect::kBigQuery, SqlDialect::kSpark}) {
      const std::string path = dir + name + "." + std::string(SqlDialectName(d)) + ".sql";
      const std::string got = Sql(model, d, "shop.customers");
      if (update) {
        std::ofstream(path, std::ios::binary) << got;
        continue;
      }
      INFO(path << " (update: SEG_UPDATE_SNAPSHOTS=1 ./build/seg_tests \"[sql-snapshot]\")");
      const std::string want = ReadText(path);
      REQUIRE_FALSE(want.empty());
      CHECK(got == want);
    }
}

TEST_CASE("RFM from transactions: the SQL aggregates the lines with the core's rules", "[sql][rfm]") {
  const std::string q = Sql(TinyRfmTransactions(), SqlDialect::kPostgres, "shop.order_lines");
  // Lines: customer and invoice as trimmed text, days before the model's as-of day, numbers read.
  CHECK(q.find("NULLIF(TRIM(CAST(seg_t.\"Customer ID\" AS TEXT)), '') AS seg_id") != std::string::npos);
  CHECK(q.find("DATE '2024-10-04'") != std::string::npos);
  // Used lines (transactions.hpp): a customer, a date, quantity > 0 and price > 0, no C-invoice.
  CHECK(q.find("WHERE seg_id IS NOT NULL AND ago IS NOT NULL AND qty > 0 AND price > 0 AND (inv IS NULL OR SUBSTR(inv, 1, 1) <> 'C')") !=
        std::string::npos);
  // Revenue in whole millionths; purchases = distinct invoices, a line without one counts alone.
  CHECK(q.find("CAST(ROUND(qty * price * ") != std::string::npos);
  CHECK(q.find("COUNT(DISTINCT occasion) + SUM(CASE WHEN occasion IS NULL THEN 1 ELSE 0 END)") != std::string::npos);
  CHECK(Count(q, "GROUP BY seg_id") == 1);
  CHECK(q.find("MIN(ago)") != std::string::npos);

  // No invoice column: distinct days; an amount column is used as it is.
  Model days = TinyRfmTransactions();
  days.rfm->transactions = {"Customer ID", "InvoiceDate", "Total", "", "", "", ""};
  const std::string d = Sql(days, SqlDialect::kSqlite, "lines");
  CHECK(d.find("SUBSTR(inv") == std::string::npos);
  CHECK(d.find("AND a > 0") != std::string::npos);
  CHECK(d.find("COUNT(DISTINCT occasion) AS f") == std::string::npos);  // wrapped in the double cast
  CHECK(d.find("COUNT(DISTINCT occasion)") != std::string::npos);
  CHECK(d.find("occasion IS NULL") == std::string::npos);
  // BigQuery and Spark cast to STRING.
  CHECK(Sql(TinyRfmTransactions(), SqlDialect::kBigQuery, "ds.lines").find("AS STRING)") != std::string::npos);
}
