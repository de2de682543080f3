#include "seg/analysis/labelled.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "seg/analysis/kpi.hpp"
#include "seg/analysis/pca.hpp"

namespace seg::analysis {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Contains(const std::string& name, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (name.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace

SegmentResult ResultFromLabels(const io::Table& table, std::string method, std::vector<int32_t> labels,
                               const std::vector<std::string>& names) {
  SegmentResult r;
  r.method = std::move(method);
  r.k = static_cast<int>(names.size());
  r.labels = std::move(labels);
  const std::vector<PreparedFeature> features = ProfileFeatures(table);
  for (const auto& f : features) r.feature_names.push_back(f.name);
  ProfileSegments(table, features, r.labels, r.k, DetectKpis(table), r.segments);
  for (size_t s = 0; s < r.segments.size() && s < names.size(); ++s) {
    r.segments[s].name = names[s];
    r.segments[s].name_source = NameSource::kGiven;
  }
  DescribeSegments(r.segments);
  // The PCA view: z-scored numeric columns, missing values at the mean (0).
  const size_t n = table.rows, d = features.size();
  if (n > 0 && d > 0) {
    std::vector<float> x(n * d, 0.0f);
    for (size_t j = 0; j < d; ++j) {
      const auto& values = table.columns[static_cast<size_t>(features[j].column)].values;
      double sum = 0, sq = 0;
      size_t count = 0;
      for (double v : values)
        if (std::isfinite(v)) sum += v, sq += v * v, ++count;
      const double mean = count ? sum / static_cast<double>(count) : 0.0;
      const double sd = count > 1 ? std::sqrt(std::max(0.0, sq / static_cast<double>(count) - mean * mean)) : 0.0;
      for (size_t i = 0; i < n && i < values.size(); ++i)
        if (std::isfinite(values[i]) && sd > 0) x[i * d + j] = static_cast<float>((values[i] - mean) / sd);
    }
    PcaResult pca = ComputePca2(x.data(), n, d);
    r.pca = std::move(pca.scores);
    for (size_t c = 0; c < 2 && c < pca.explained_variance_ratio.size(); ++c) r.explained_variance_ratio[c] = pca.explained_variance_ratio[c];
  } else {
    r.pca.assign(2 * n, 0.0f);
  }
  return r;
}

Result<SegmentResult> RulesResult(const io::Table& table, const std::vector<RuleColumn>& columns) {
  auto rules = SegmentByRules(table, columns);
  if (!rules.ok()) return rules.error();
  SegmentResult r = ResultFromLabels(table, "rules", rules.value().labels, rules.value().names);
  for (size_t s = 0; s < r.segments.size(); ++s) {
    r.segments[s].name_source = NameSource::kRules;
    r.segments[s].name_ref = static_cast<int>(s);
  }
  r.rules = rules.value().model;
  AddNote(&r.warnings, &r.notes, {NoteKind::kRulesGroups, {}, rules.value().column_names.size(), {}, {}});
  return r;
}

Result<RfmTableResult> ScoreRfmTable(const io::Table& table, const std::string& recency_or_date, const std::string& frequency,
                                 const std::string& monetary) {
  auto customers = CustomersFromColumns(table, recency_or_date, frequency, monetary);
  if (!customers.ok()) return customers.error();
  const std::vector<size_t> rows = customers.value().row;
  auto scored = ScoreRfm(std::move(customers.value()));
  if (!scored.ok()) return scored.error();
  const RfmResult& s = scored.value();
  RfmTableResult out;
  std::vector<int32_t> labels(table.rows, -1);
  out.r_score.assign(table.rows, 0);
  out.f_score.assign(table.rows, 0);
  out.m_score.assign(table.rows, 0);
  for (size_t i = 0; i < rows.size() && i < s.segment.size(); ++i) {
    const size_t row = rows[i];
    if (row >= table.rows) continue;
    labels[row] = s.segment[i];
    out.r_score[row] = s.r[i];
    out.f_score[row] = s.f[i];
    out.m_score[row] = s.m[i];
  }
  out.grid = s.grid;
  out.report = s.customers.report;
  out.result = ResultFromLabels(table, "rfm", std::move(labels), s.map.names);
  for (size_t id = 0; id < out.result.segments.size(); ++id) {  // the default map: ids are RfmSegmentName's
    out.result.segments[id].name_source = NameSource::kRfm;
    out.result.segments[id].name_ref = static_cast<int>(id);
  }
  const size_t left_out = table.rows - rows.size();
  if (left_out > 0) AddNote(&out.result.warnings, &out.result.notes, {NoteKind::kRfmLeftOut, {}, left_out, {}, {}});
  return out;
}

RfmColumnGuess GuessRfmColumns(const io::Table& table) {
  RfmColumnGuess g;
  for (const auto& col : table.columns) {
    if (!col.IsNumericLike() || col.constant) continue;
    const std::string n = Lower(col.name);
    const bool date = col.type == io::ColumnType::kDate;
    if (g.recency.empty() && (Contains(n, {"recency", "days_since", "tage_seit", "last_order", "last_purchase", "letzte"}) ||
                              (date && Contains(n, {"last", "letzt"}))))
      g.recency = col.name;
    else if (g.frequency.empty() && !date && Contains(n, {"frequency", "orders", "bestellungen", "purchases", "käufe", "invoices", "transactions"}))
      g.frequency = col.name;
    else if (g.monetary.empty() && !date && Contains(n, {"monetary", "revenue", "umsatz", "spend", "sales", "amount", "betrag", "mrr", "arr"}))
      g.monetary = col.name;
  }
  return g;
}

}  // namespace seg::analysis
