// Snapshot comparison: label both files with one model, match customers by id text, count the
// migration matrix, growth, churn, new customers and KPI deltas (see compare.hpp for the rules).
#include "seg/analysis/compare.hpp"

#include <cmath>
#include <unordered_map>

#include "seg/io/column_text.hpp"

namespace seg::analysis {
namespace {

nlohmann::json Num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// Error from one snapshot, with the snapshot named so people know which file to fix.
Error InSnapshot(Error e, const char* which) {
  e.message = std::string(which) + " snapshot: " + e.message;
  return e;
}

// Labels, customers (first row of each id), duplicates and missing ids of one snapshot.
// `first_row[id]` gets the 0-based row of each id's first occurrence.
Status Index(const Model& model, const io::Table& table, const std::vector<std::string>& ids, const CompareParams& params,
             const char* which, SnapshotReport& out, std::unordered_map<std::string, size_t>& first_row,
             std::vector<int32_t>& counted_labels) {
  if (table.FindColumn(params.id_column) < 0) {
    Error e = MakeError("compare.no_id_column", "There is no column named \"" + params.id_column + "\".",
                        "Name the customer id column with --id; it must exist in both files.");
    e.column_name = params.id_column;
    return InSnapshot(std::move(e), which);
  }
  if (ids.size() != table.rows)
    return InSnapshot(MakeError("compare.bad_ids", "The ids do not match the rows (one id per row is needed)."), which);
  auto labels = ApplyModel(model, table);
  if (!labels.ok()) return InSnapshot(labels.error(), which);
  for (int32_t l : labels.value())
    if (l < 0)  // rules / RFM models leave rows they cannot place without a segment
      return InSnapshot(MakeError("compare.unlabelled_rows", "The model cannot place every row of this file in a segment.",
                                  "Compare needs a segment for every row; use a k-means model, or fill in the missing values."),
                        which);
  out.rows = table.rows;
  out.labels = std::move(labels.value());
  out.sizes.assign(static_cast<size_t>(model.Segments()), 0);
  counted_labels.assign(table.rows, -1);
  std::unordered_map<std::string, size_t> duplicate_index;  // id -> index into out.duplicates
  first_row.reserve(table.rows);
  for (size_t i = 0; i < table.rows; ++i) {
    const std::string& id = ids[i];
    const int64_t row = static_cast<int64_t>(i) + 1;
    if (id.empty()) {
      out.missing_id_rows.push_back(row);
      continue;
    }
    auto [it, inserted] = first_row.emplace(id, i);
    if (inserted) {
      counted_labels[i] = out.labels[i];
      ++out.sizes[static_cast<size_t>(out.labels[i])];
      continue;
    }
    auto [d, fresh] = duplicate_index.emplace(id, out.duplicates.size());
    if (fresh) out.duplicates.push_back({id, {static_cast<int64_t>(it->second) + 1}});
    out.duplicates[d->second].rows.push_back(row);
  }
  out.customers = first_row.size();
  auto kpis = ResolveKpis(table, params.kpis);
  if (!kpis.ok()) return InSnapshot(kpis.error(), which);
  out.kpis = ComputeKpis(table, counted_labels, model.Segments(), kpis.value());
  return Ok{};
}

// Old and new KPI values side by side, by key (keys of either side; a missing side is NaN).
std::vector<KpiDelta> Deltas(const std::vector<KpiValue>& old_values, const std::vector<KpiValue>& new_values, bool overall) {
  std::vector<KpiDelta> out;
  auto slot = [&](const KpiValue& v) -> KpiDelta& {
    for (auto& d : out)
      if (d.key == v.key) return d;
    out.push_back({v.key, v.label, v.unit, v.column});
    return out.back();
  };
  for (const auto& v : old_values) slot(v).old_value = overall ? v.overall : v.value;
  for (const auto& v : new_values) slot(v).new_value = overall ? v.overall : v.value;
  for (auto& d : out) d.delta = d.new_value - d.old_value;
  return out;
}

double Revenue(const std::vector<KpiValue>& values) {
  for (const auto& v : values)
    if (v.key == "revenue_sum") return v.value;
  return NAN;
}

nlohmann::json SnapshotToJson(const SnapshotReport& s) {
  nlohmann::json dups = nlohmann::json::array();
  for (const auto& d : s.duplicates) dups.push_back({{"id", d.id}, {"rows", d.rows}});
  return {{"rows", s.rows}, {"customers", s.customers}, {"missing_id_rows", s.missing_id_rows}, {"duplicates", dups}};
}

nlohmann::json DeltasToJson(const std::vector<KpiDelta>& deltas) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& d : deltas)
    out[d.key] = {{"label", d.label}, {"column", d.column}, {"unit", d.unit}, {"old", Num(d.old_value)}, {"new", Num(d.new_value)}, {"delta", Num(d.delta)}};
  return out;
}

std::string SegmentName(const CompareResult& r, int32_t s) {
  return s >= 0 && static_cast<size_t>(s) < r.segment_names.size() ? r.segment_names[static_cast<size_t>(s)] : std::string();
}

}  // namespace

std::string_view MoveStatusName(MoveStatus s) {
  switch (s) {
    case MoveStatus::kStayed: return "stayed";
    case MoveStatus::kMoved: return "moved";
    case MoveStatus::kNew: return "new";
    case MoveStatus::kChurned: return "churned";
  }
  return "stayed";
}

Result<CompareResult> CompareSnapshots(const Model& model, const io::Dataset& old_data, const io::Dataset& new_data,
                                       const CompareParams& params) {
  auto old_ids = io::ColumnTexts(old_data, params.id_column);
  if (!old_ids.ok()) return InSnapshot(old_ids.error(), "old");
  auto new_ids = io::ColumnTexts(new_data, params.id_column);
  if (!new_ids.ok()) return InSnapshot(new_ids.error(), "new");
  return CompareTables(model, old_data.table, old_ids.value(), new_data.table, new_ids.value(), params);
}

Result<CompareResult> CompareTables(const Model& model, const io::Table& old_table, const std::vector<std::string>& old_ids,
                                    const io::Table& new_table, const std::vector<std::string>& new_ids,
                                    const CompareParams& params) {
  CompareResult r;
  r.k = model.Segments();
  r.id_column = params.id_column;
  r.segment_names = model.names;
  r.segment_names.resize(static_cast<size_t>(model.Segments()));
  std::unordered_map<std::string, size_t> old_first, new_first;
  std::vector<int32_t> old_counted, new_counted;
  if (auto st = Index(model, old_table, old_ids, params, "old", r.old_snapshot, old_first, old_counted); !st.ok()) return st.error();
  if (auto st = Index(model, new_table, new_ids, params, "new", r.new_snapshot, new_first, new_counted); !st.ok()) return st.error();

  const size_t K = static_cast<size_t>(r.k);
  r.matrix.assign(K, std::vector<size_t>(K, 0));
  r.growth.assign(K, SegmentGrowth{});
  // Old customers in old-file order, then new ones in new-file order.
  for (size_t i = 0; i < old_table.rows; ++i) {
    if (old_counted[i] < 0) continue;
    CustomerMove m;
    m.id = old_ids[i];
    m.old_segment = old_counted[i];
    m.old_row = static_cast<int64_t>(i) + 1;
    auto it = new_first.find(m.id);
    SegmentGrowth& g = r.growth[static_cast<size_t>(m.old_segment)];
    if (it == new_first.end()) {
      m.status = MoveStatus::kChurned;
      ++g.churned;
      ++r.churned;
    } else {
      m.new_segment = new_counted[it->second];
      m.new_row = static_cast<int64_t>(it->second) + 1;
      ++r.matrix[static_cast<size_t>(m.old_segment)][static_cast<size_t>(m.new_segment)];
      if (m.new_segment == m.old_segment) {
        m.status = MoveStatus::kStayed;
        ++g.stayed;
        ++r.stayed;
      } else {
        m.status = MoveStatus::kMoved;
        ++g.moved_out;
        ++r.growth[static_cast<size_t>(m.new_segment)].moved_in;
        ++r.moved;
      }
    }
    r.moves.push_back(std::move(m));
  }
  for (size_t i = 0; i < new_table.rows; ++i) {
    if (new_counted[i] < 0 || old_first.count(new_ids[i])) continue;
    CustomerMove m;
    m.id = new_ids[i];
    m.status = MoveStatus::kNew;
    m.new_segment = new_counted[i];
    m.new_row = static_cast<int64_t>(i) + 1;
    ++r.growth[static_cast<size_t>(m.new_segment)].new_customers;
    ++r.new_customers;
    r.moves.push_back(std::move(m));
  }

  r.row_shares.assign(K, std::vector<double>(K, NAN));
  r.kpi_deltas.resize(K);
  for (size_t s = 0; s < K; ++s) {
    SegmentGrowth& g = r.growth[s];
    g.old_count = r.old_snapshot.sizes[s];
    g.new_count = r.new_snapshot.sizes[s];
    g.absolute = static_cast<long long>(g.new_count) - static_cast<long long>(g.old_count);
    g.relative = g.old_count ? static_cast<double>(g.absolute) / static_cast<double>(g.old_count) : NAN;
    for (size_t t = 0; t < K && g.old_count; ++t)
      r.row_shares[s][t] = static_cast<double>(r.matrix[s][t]) / static_cast<double>(g.old_count);
    static const std::vector<KpiValue> kNone;
    const auto& old_kpis = s < r.old_snapshot.kpis.size() ? r.old_snapshot.kpis[s] : kNone;
    const auto& new_kpis = s < r.new_snapshot.kpis.size() ? r.new_snapshot.kpis[s] : kNone;
    g.old_revenue = Revenue(old_kpis);
    g.new_revenue = Revenue(new_kpis);
    g.revenue_relative = g.old_revenue != 0 ? (g.new_revenue - g.old_revenue) / g.old_revenue : NAN;
    r.kpi_deltas[s] = Deltas(old_kpis, new_kpis, false);
  }
  if (K > 0) r.overall_kpi_deltas = Deltas(r.old_snapshot.kpis[0], r.new_snapshot.kpis[0], true);
  for (const auto& d : r.overall_kpi_deltas) {
    if (std::isnan(d.old_value) != std::isnan(d.new_value))
      r.warnings.push_back("KPI \"" + d.label + "\" is known in only one snapshot (" +
                           (std::isnan(d.old_value) ? "new" : "old") + ").");
  }
  if (!r.old_snapshot.duplicates.empty() || !r.new_snapshot.duplicates.empty())
    r.warnings.push_back("Some ids occur more than once; the first row of each is compared, the others are listed under duplicates.");
  if (!r.old_snapshot.missing_id_rows.empty() || !r.new_snapshot.missing_id_rows.empty())
    r.warnings.push_back("Some rows have no id and could not be matched; they are listed under missing_id_rows.");
  return r;
}

std::vector<size_t> CustomersInCell(const CompareResult& result, int old_segment, int new_segment) {
  std::vector<size_t> out;
  for (size_t i = 0; i < result.moves.size(); ++i)
    if (result.moves[i].old_segment == old_segment && result.moves[i].new_segment == new_segment) out.push_back(i);
  return out;
}

nlohmann::json CompareToJson(const CompareResult& r) {
  nlohmann::json j;
  j["k"] = r.k;
  j["id_column"] = r.id_column;
  j["segments"] = r.segment_names;
  j["summary"] = {{"old_rows", r.old_snapshot.rows},       {"new_rows", r.new_snapshot.rows},
                  {"old_customers", r.old_snapshot.customers}, {"new_customers", r.new_snapshot.customers},
                  {"stayed", r.stayed},                     {"moved", r.moved},
                  {"churned", r.churned},                   {"new", r.new_customers}};
  nlohmann::json shares = nlohmann::json::array();
  for (const auto& row : r.row_shares) {
    nlohmann::json js = nlohmann::json::array();
    for (double v : row) js.push_back(Num(v));
    shares.push_back(js);
  }
  j["matrix"] = {{"rows", "old segment"}, {"columns", "new segment"}, {"counts", r.matrix}, {"row_shares", shares}};
  nlohmann::json growth = nlohmann::json::array(), kpis = nlohmann::json::array();
  for (size_t s = 0; s < r.growth.size(); ++s) {
    const SegmentGrowth& g = r.growth[s];
    const double old_count = static_cast<double>(g.old_count);
    growth.push_back({{"id", s + 1},
                      {"name", r.segment_names[s]},
                      {"old_count", g.old_count},
                      {"new_count", g.new_count},
                      {"absolute", g.absolute},
                      {"relative", Num(g.relative)},
                      {"old_revenue", Num(g.old_revenue)},
                      {"new_revenue", Num(g.new_revenue)},
                      {"revenue_relative", Num(g.revenue_relative)},
                      {"stayed", g.stayed},
                      {"moved_out", g.moved_out},
                      {"moved_in", g.moved_in},
                      {"churned", g.churned},
                      {"churn_share", Num(g.old_count ? static_cast<double>(g.churned) / old_count : NAN)},
                      {"new_customers", g.new_customers}});
    kpis.push_back({{"id", s + 1}, {"name", r.segment_names[s]}, {"kpis", DeltasToJson(r.kpi_deltas[s])}});
  }
  j["growth"] = growth;
  j["kpis"] = kpis;
  j["overall_kpis"] = DeltasToJson(r.overall_kpi_deltas);
  j["old"] = SnapshotToJson(r.old_snapshot);
  j["new"] = SnapshotToJson(r.new_snapshot);
  j["warnings"] = r.warnings;
  return j;
}

std::vector<std::string> MovesHeader() {
  return {"id", "old_segment", "new_segment", "old_segment_id", "new_segment_id", "status", "old_row", "new_row"};
}

std::vector<std::vector<std::string>> MovesRows(const CompareResult& r) {
  auto id_text = [](int64_t v) { return v < 0 ? std::string() : std::to_string(v); };
  std::vector<std::vector<std::string>> rows;
  rows.reserve(r.moves.size());
  for (const CustomerMove& m : r.moves) {
    rows.push_back({m.id, SegmentName(r, m.old_segment), SegmentName(r, m.new_segment),
                    m.old_segment < 0 ? std::string() : std::to_string(m.old_segment + 1),
                    m.new_segment < 0 ? std::string() : std::to_string(m.new_segment + 1),
                    std::string(MoveStatusName(m.status)), id_text(m.old_row), id_text(m.new_row)});
  }
  return rows;
}

}  // namespace seg::analysis
