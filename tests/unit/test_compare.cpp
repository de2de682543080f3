// Snapshot comparison and CRM exports. Two snapshots of the demo base are built so that every
// change is known in advance: customers whose features are replaced by those of a customer from
// another segment (so the model moves them deterministically), deleted customers, new ones,
// duplicated and missing ids. The comparison must report exactly those changes.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "seg/analysis/compare.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/column_text.hpp"
#include "seg/io/crm_export.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

using Rows = std::vector<std::vector<std::string>>;

io::Dataset Read(const std::string& text) {
  auto d = io::ReadCsv(text);
  REQUIRE(d.ok());
  return std::move(d.value());
}

std::string Write(const std::vector<std::string>& header, const Rows& rows) {
  return io::WriteCsv(header, rows, ',', "\n", false);
}

struct Expected {
  int32_t segment;
  int64_t row;  // 1-based data row
};

// The two snapshots and what the comparison must find in them.
struct Scenario {
  Model model;
  io::Dataset old_data, new_data;
  std::map<std::string, Expected> old_customers, new_customers;  // id -> first occurrence
  std::set<std::string> moved, churned, added;
  std::vector<std::vector<size_t>> matrix;
  std::string old_dup_id, new_dup_id;
  std::vector<int64_t> old_dup_rows, new_dup_rows, old_missing_rows, new_missing_rows;
};

const Scenario& Build() {
  static const Scenario s = [] {
    Scenario sc;
    const io::Dataset base = Read(demo::GenerateDemoCustomersCsv({1000, 20261031}));
    std::vector<std::string> header;
    for (const auto& c : base.table.columns) header.push_back(c.name);
    const size_t n = base.table.rows;
    Rows rows(n);
    for (size_t i = 0; i < n; ++i) rows[i] = base.RowFields(i);

    // Old snapshot: the base, plus a second row for customer 5's id and a row without an id.
    Rows old_rows = rows;
    old_rows.push_back(rows[10]);
    old_rows.back()[0] = rows[5][0];
    old_rows.push_back(rows[11]);
    old_rows.back()[0] = "";
    sc.old_data = Read(Write(header, old_rows));
    sc.old_dup_id = rows[5][0];
    sc.old_dup_rows = {6, static_cast<int64_t>(n) + 1};
    sc.old_missing_rows = {static_cast<int64_t>(n) + 2};

    SegmentParams p;
    p.k = 5;
    p.seed = 11;
    auto trained = RunSegmentation(sc.old_data.table, p);
    REQUIRE(trained.ok());
    auto model = ModelFromJson(ModelToJson(trained.value()));
    REQUIRE(model.ok());
    sc.model = std::move(model.value());
    auto labels = ApplyModel(sc.model, sc.old_data.table);
    REQUIRE(labels.ok());
    const std::vector<int32_t>& old_label = labels.value();
    for (size_t i = 0; i < n; ++i) sc.old_customers[rows[i][0]] = {old_label[i], static_cast<int64_t>(i) + 1};

    // New snapshot, built in reverse order so that matching cannot rely on row positions.
    auto donor_for = [&](size_t i) {  // the first customer of the next segment
      const int32_t want = (old_label[i] + 1) % 5;
      for (size_t j = 0; j < n; ++j)
        if (old_label[j] == want) return j;
      FAIL("segment without customers");
      return size_t{0};
    };
    std::map<std::string, int32_t> new_label;
    Rows new_rows;
    for (size_t r = n; r-- > 0;) {
      if (r % 40 == 7) {  // churned
        sc.churned.insert(rows[r][0]);
        continue;
      }
      std::vector<std::string> row = rows[r];
      int32_t label = old_label[r];
      if (r % 25 == 3) {  // moves: every field but the id from a customer of another segment
        const size_t d = donor_for(r);
        row = rows[d];
        row[0] = rows[r][0];
        label = old_label[d];
        sc.moved.insert(row[0]);
      }
      if (r == 30) row[0] = "  " + row[0] + " ";  // matched after trimming
      new_rows.push_back(row);
      sc.new_customers[rows[r][0]] = {label, static_cast<int64_t>(new_rows.size())};
    }
    for (int i = 0; i < 24; ++i) {  // new customers, copies of existing profiles under new ids
      const size_t src = 100 + static_cast<size_t>(i) * 13;
      std::vector<std::string> row = rows[src];
      row[0] = "N-" + std::to_string(900 + i);
      new_rows.push_back(row);
      sc.new_customers[row[0]] = {old_label[src], static_cast<int64_t>(new_rows.size())};
      sc.added.insert(row[0]);
    }
    // A second row for customer 20 with another segment's profile: reported, not compared.
    sc.new_dup_id = rows[20][0];
    new_rows.push_back(rows[donor_for(20)]);
    new_rows.back()[0] = sc.new_dup_id;
    sc.new_dup_rows = {sc.new_customers[sc.new_dup_id].row, static_cast<int64_t>(new_rows.size())};
    for (const char* missing : {"", "NA"}) {
      new_rows.push_back(rows[12]);
      new_rows.back()[0] = missing;
      sc.new_missing_rows.push_back(static_cast<int64_t>(new_rows.size()));
    }
    sc.new_data = Read(Write(header, new_rows));

    sc.matrix.assign(5, std::vector<size_t>(5, 0));
    for (const auto& [id, o] : sc.old_customers) {
      auto it = sc.new_customers.find(id);
      if (it != sc.new_customers.end()) ++sc.matrix[static_cast<size_t>(o.segment)][static_cast<size_t>(it->second.segment)];
    }
    return sc;
  }();
  return s;
}

std::set<std::string> IdsInCell(const CompareResult& r, int a, int b) {
  std::set<std::string> ids;
  for (size_t i : CustomersInCell(r, a, b)) ids.insert(r.moves[i].id);
  return ids;
}

}  // namespace

TEST_CASE("Compare: matrix, churned, new and moved customers are exactly the known changes", "[compare]") {
  const Scenario& sc = Build();
  REQUIRE(sc.moved.size() == 40);
  REQUIRE(sc.churned.size() == 25);
  auto result = CompareSnapshots(sc.model, sc.old_data, sc.new_data, {"customer_id", {}});
  REQUIRE(result.ok());
  const CompareResult& r = result.value();

  CHECK(r.k == 5);
  CHECK(r.matrix == sc.matrix);
  CHECK(r.moved == 40);
  CHECK(r.churned == 25);
  CHECK(r.new_customers == 24);
  CHECK(r.stayed == 1000 - 25 - 40);
  CHECK(r.old_snapshot.customers == 1000);
  CHECK(r.new_snapshot.customers == 1000 - 25 + 24);
  CHECK(r.moves.size() == 1000 + 24);

  // Every customer's old and new segment and rows are the constructed ones.
  std::set<std::string> moved, churned, added;
  for (const CustomerMove& m : r.moves) {
    auto o = sc.old_customers.find(m.id);
    auto n = sc.new_customers.find(m.id);
    if (o != sc.old_customers.end()) {
      CHECK(m.old_segment == o->second.segment);
      CHECK(m.old_row == o->second.row);
    } else {
      CHECK(m.old_segment == -1);
      CHECK(m.old_row == -1);
    }
    if (n != sc.new_customers.end()) {
      CHECK(m.new_segment == n->second.segment);
      CHECK(m.new_row == n->second.row);
    } else {
      CHECK(m.new_segment == -1);
    }
    if (m.status == MoveStatus::kMoved) moved.insert(m.id);
    if (m.status == MoveStatus::kChurned) churned.insert(m.id);
    if (m.status == MoveStatus::kNew) added.insert(m.id);
  }
  CHECK(moved == sc.moved);
  CHECK(churned == sc.churned);
  CHECK(added == sc.added);

  // Growth: counts, absolute and relative change; every customer accounted for.
  for (int s = 0; s < 5; ++s) {
    const SegmentGrowth& g = r.growth[static_cast<size_t>(s)];
    size_t old_count = 0, new_count = 0, churn = 0, fresh = 0;
    for (const auto& [id, e] : sc.old_customers)
      if (e.segment == s) {
        ++old_count;
        churn += sc.churned.count(id);
      }
    for (const auto& [id, e] : sc.new_customers)
      if (e.segment == s) {
        ++new_count;
        fresh += sc.added.count(id);
      }
    CHECK(g.old_count == old_count);
    CHECK(g.new_count == new_count);
    CHECK(g.absolute == static_cast<long long>(new_count) - static_cast<long long>(old_count));
    CHECK(g.relative == Approx((static_cast<double>(new_count) - old_count) / old_count));
    CHECK(g.churned == churn);
    CHECK(g.new_customers == fresh);
    size_t row_sum = 0, col_sum = 0;
    double shares = 0;
    for (int t = 0; t < 5; ++t) {
      row_sum += r.matrix[static_cast<size_t>(s)][static_cast<size_t>(t)];
      col_sum += r.matrix[static_cast<size_t>(t)][static_cast<size_t>(s)];
      shares += r.row_shares[static_cast<size_t>(s)][static_cast<size_t>(t)];
    }
    CHECK(row_sum + g.churned == g.old_count);
    CHECK(col_sum + g.new_customers == g.new_count);
    CHECK(shares + static_cast<double>(g.churned) / g.old_count == Approx(1.0));
    CHECK(g.stayed == r.matrix[static_cast<size_t>(s)][static_cast<size_t>(s)]);
  }

  // The customers behind each cell, churned and new lists per segment.
  for (int a = 0; a < 5; ++a) {
    std::set<std::string> churned_here, new_here;
    for (const auto& id : sc.churned)
      if (sc.old_customers.at(id).segment == a) churned_here.insert(id);
    for (const auto& id : sc.added)
      if (sc.new_customers.at(id).segment == a) new_here.insert(id);
    CHECK(IdsInCell(r, a, -1) == churned_here);
    CHECK(IdsInCell(r, -1, a) == new_here);
    for (int b = 0; b < 5; ++b) {
      std::set<std::string> expected;
      for (const auto& [id, o] : sc.old_customers) {
        auto n = sc.new_customers.find(id);
        if (o.segment == a && n != sc.new_customers.end() && n->second.segment == b) expected.insert(id);
      }
      CHECK(IdsInCell(r, a, b) == expected);
    }
  }
}

TEST_CASE("Compare: duplicate and missing ids are reported with their rows, never dropped silently", "[compare]") {
  const Scenario& sc = Build();
  auto result = CompareSnapshots(sc.model, sc.old_data, sc.new_data, {"customer_id", {}});
  REQUIRE(result.ok());
  const CompareResult& r = result.value();
  REQUIRE(r.old_snapshot.duplicates.size() == 1);
  CHECK(r.old_snapshot.duplicates[0].id == sc.old_dup_id);
  CHECK(r.old_snapshot.duplicates[0].rows == sc.old_dup_rows);
  REQUIRE(r.new_snapshot.duplicates.size() == 1);
  CHECK(r.new_snapshot.duplicates[0].id == sc.new_dup_id);
  CHECK(r.new_snapshot.duplicates[0].rows == sc.new_dup_rows);
  CHECK(r.old_snapshot.missing_id_rows == sc.old_missing_rows);
  CHECK(r.new_snapshot.missing_id_rows == sc.new_missing_rows);
  CHECK(r.old_snapshot.rows == 1002);
  CHECK(r.new_snapshot.rows == r.new_snapshot.customers + 3);
  // The duplicate row carries another segment's profile; the first occurrence is compared.
  const CustomerMove* dup = nullptr;
  for (const auto& m : r.moves)
    if (m.id == sc.new_dup_id) dup = &m;
  REQUIRE(dup);
  CHECK(dup->new_row == sc.new_dup_rows[0]);
  CHECK(dup->status == MoveStatus::kStayed);
  CHECK(r.warnings.size() == 2);

  nlohmann::json j = CompareToJson(r);
  CHECK(j["old"]["duplicates"][0]["id"] == sc.old_dup_id);
  CHECK(j["new"]["missing_id_rows"].size() == 2);
  CHECK(j["summary"]["moved"] == 40);
}

TEST_CASE("Compare: revenue and KPI deltas per segment, JSON and MOVES rows", "[compare]") {
  const Scenario& sc = Build();
  auto result = CompareSnapshots(sc.model, sc.old_data, sc.new_data, {"customer_id", {}});
  REQUIRE(result.ok());
  const CompareResult& r = result.value();
  // Revenue = sum of mrr_eur over the customers counted (first occurrences with an id).
  auto revenue = [](const io::Dataset& d, const std::map<std::string, Expected>& customers, int s) {
    const io::Column& mrr = d.table.columns[static_cast<size_t>(d.table.FindColumn("mrr_eur"))];
    double sum = 0;
    for (const auto& [id, e] : customers)
      if (e.segment == s && std::isfinite(mrr.values[static_cast<size_t>(e.row - 1)])) sum += mrr.values[static_cast<size_t>(e.row - 1)];
    return sum;
  };
  for (int s = 0; s < 5; ++s) {
    const SegmentGrowth& g = r.growth[static_cast<size_t>(s)];
    CHECK(g.old_revenue == Approx(revenue(sc.old_data, sc.old_customers, s)));
    CHECK(g.new_revenue == Approx(revenue(sc.new_data, sc.new_customers, s)));
    CHECK(g.revenue_relative == Approx((g.new_revenue - g.old_revenue) / g.old_revenue));
    const auto& deltas = r.kpi_deltas[static_cast<size_t>(s)];
    std::set<std::string> keys;
    for (const auto& d : deltas) {
      keys.insert(d.key);
      if (std::isfinite(d.delta)) CHECK(d.delta == Approx(d.new_value - d.old_value));
      if (d.key == "revenue_sum") CHECK(d.old_value == Approx(g.old_revenue));
    }
    CHECK(keys.count("churn_rate"));
    CHECK(keys.count("nps"));
  }
  CHECK(r.overall_kpi_deltas.size() == r.kpi_deltas[0].size());

  nlohmann::json j = CompareToJson(r);
  CHECK(j["matrix"]["counts"] == nlohmann::json(sc.matrix));
  CHECK(j["growth"].size() == 5);
  CHECK(j["growth"][0]["id"] == 1);
  CHECK(j["kpis"][0]["kpis"].contains("revenue_sum"));

  const auto header = MovesHeader();
  REQUIRE(header.size() >= 6);
  CHECK(std::vector<std::string>(header.begin(), header.begin() + 3) == std::vector<std::string>{"id", "old_segment", "new_segment"});
  const auto rows = MovesRows(r);
  REQUIRE(rows.size() == r.moves.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const CustomerMove& m = r.moves[i];
    CHECK(rows[i][0] == m.id);
    CHECK(rows[i][1] == (m.old_segment < 0 ? "" : sc.model.names[static_cast<size_t>(m.old_segment)]));
    CHECK(rows[i][4] == (m.new_segment < 0 ? "" : std::to_string(m.new_segment + 1)));
    CHECK(rows[i][5] == MoveStatusName(m.status));
  }
}

TEST_CASE("Compare: a missing id column or a model that does not fit is an error naming the snapshot", "[compare]") {
  const Scenario& sc = Build();
  auto no_id = CompareSnapshots(sc.model, sc.old_data, sc.new_data, {"kundennummer", {}});
  REQUIRE_FALSE(no_id.ok());
  CHECK(no_id.error().code == "io.no_such_column");
  CHECK(no_id.error().message.rfind("old snapshot", 0) == 0);
  const io::Dataset other = Read("customer_id,x\nA,1\nB,2\n");
  auto misfit = CompareSnapshots(sc.model, sc.old_data, other, {"customer_id", {}});
  REQUIRE_FALSE(misfit.ok());
  CHECK(misfit.error().message.rfind("new snapshot", 0) == 0);
}

TEST_CASE("Column texts keep ids as written: numeric ids keep leading zeros, values are trimmed", "[compare][io]") {
  const io::Dataset d = Read("id,name\n007,a\n 12 ,b\n,c\n3,d\n");
  auto ids = io::ColumnTexts(d, "id");
  REQUIRE(ids.ok());
  CHECK(ids.value() == std::vector<std::string>{"007", "12", "", "3"});
  CHECK(io::ColumnTexts(d, "nope").error().code == "io.no_such_column");
}

TEST_CASE("CRM exports: HubSpot, Salesforce and mailing presets", "[compare][crm]") {
  const io::Dataset d = Read(
      "customer_id,email,mrr,segment,segment_name\n"
      "0015g00000AbCdEAAV,anna@example.de,10,1,Große Kunden\n"
      "0015g00000AbCdFAAV,,20,2,@SUM(A1)\n"
      "0015g00000AbCdGAAV,not-an-address,30,1,Große Kunden\n"
      ",ben@example.ch,40,2,@SUM(A1)\n"
      "0015g00000AbCdHAAV,carl@example.at,50,2,@SUM(A1)\n"
      "0015g00000AbCdIAAV,dora@example.com,60,,\n");
  io::CrmExportParams p;
  p.preset = io::CrmPreset::kHubSpot;
  p.id_column = "customer_id";
  auto hub = io::ExportCrm(d, p);
  REQUIRE(hub.ok());
  REQUIRE(hub->files.size() == 1);
  CHECK(hub->files[0].bytes ==
        "customer_id,segmenter_segment\n"
        "0015g00000AbCdEAAV,Große Kunden\n"
        "0015g00000AbCdFAAV,'@SUM(A1)\n"
        "0015g00000AbCdGAAV,Große Kunden\n"
        "0015g00000AbCdHAAV,'@SUM(A1)\n");
  CHECK(hub->missing_id.count == 1);
  CHECK(hub->missing_id.rows == std::vector<int64_t>{4});
  CHECK(hub->missing_segment.rows == std::vector<int64_t>{6});
  CHECK(hub->rows_written == 4);

  p.preset = io::CrmPreset::kSalesforce;
  p.email_column = "email";
  auto sf = io::ExportCrm(d, p);
  REQUIRE(sf.ok());
  CHECK(sf->files[0].bytes ==
        "Id,Email,Segment__c\n"
        "0015g00000AbCdEAAV,anna@example.de,Große Kunden\n"
        "0015g00000AbCdHAAV,carl@example.at,'@SUM(A1)\n");
  CHECK(sf->missing_email.rows == std::vector<int64_t>{2});
  CHECK(sf->invalid_email.rows == std::vector<int64_t>{3});
  CHECK(sf->missing_id.rows == std::vector<int64_t>{4});
  CHECK(sf->warnings.empty());

  p.preset = io::CrmPreset::kMailing;
  p.id_column.clear();
  auto mail = io::ExportCrm(d, p);
  REQUIRE(mail.ok());
  CHECK(mail->files[0].bytes ==
        "email,segment\n"
        "anna@example.de,Große Kunden\n"
        "ben@example.ch,'@SUM(A1)\n"
        "carl@example.at,'@SUM(A1)\n");
  CHECK(mail->missing_email.count == 1);
  CHECK(mail->invalid_email.count == 1);
  CHECK(mail->missing_segment.count == 1);

  p.split = true;
  auto split = io::ExportCrm(d, p);
  REQUIRE(split.ok());
  REQUIRE(split->files.size() == 2);
  CHECK(split->files[0].name == "grosse-kunden.csv");
  CHECK(split->files[0].rows == 1);
  CHECK(split->files[1].name == "sum-a1.csv");
  CHECK(split->files[1].bytes == "email,segment\nben@example.ch,'@SUM(A1)\ncarl@example.at,'@SUM(A1)\n");

  // Ids that are not Salesforce record Ids are exported with a warning; split needs mailing.
  const io::Dataset plain = Read("customer_id,segment_name\nC-1,A\n");
  auto warn = io::ExportCrm(plain, {io::CrmPreset::kSalesforce, "customer_id", "", "segment_name", false});
  REQUIRE(warn.ok());
  CHECK(warn->warnings.size() == 1);
  CHECK(io::ExportCrm(plain, {io::CrmPreset::kHubSpot, "customer_id", "", "segment_name", true}).error().code == "crm.split");
  CHECK(io::ExportCrm(plain, {io::CrmPreset::kMailing, "", "", "segment_name", false}).error().code == "crm.no_email");
  CHECK(io::ExportCrm(plain, {io::CrmPreset::kHubSpot, "customer_id", "", "segment", false}).error().code == "io.no_such_column");
}

TEST_CASE("Safe slugs for segment file names", "[compare][crm]") {
  CHECK(io::SafeSlug("High mrr, low support tickets 90d") == "high-mrr-low-support-tickets-90d");
  CHECK(io::SafeSlug("Große Kunden · Österreich") == "grosse-kunden-oesterreich");
  CHECK(io::SafeSlug("../../etc/passwd") == "etc-passwd");
  CHECK(io::SafeSlug("***") == "segment");
  CHECK(io::SafeSlug(std::string(100, 'a')).size() == 60);
}
