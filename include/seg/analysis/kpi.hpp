// seg/analysis/kpi.hpp — business KPIs per segment from columns recognised by name and type:
// revenue (sum, share, mean), margin, churn rate, NPS, conversion and renewal rates, tenure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

enum class KpiKind { kRevenue, kMargin, kChurn, kNps, kConversion, kRenewal, kTenure };
std::string_view KpiKindName(KpiKind k);  // "revenue", "margin", "churn", "nps", "conversion", "renewal", "tenure"

struct KpiColumn {
  KpiKind kind;
  int column = -1;
  std::string name;  // the column's name
};

// Recognises at most one column per kind (English and German names; e.g. mrr / umsatz / spend
// for revenue, churn / gekündigt, nps / weiterempfehlung, conversion / response / y, renew /
// verlängert, contract_start / signup / kunde_seit for tenure). Identifiers and text never count.
std::vector<KpiColumn> DetectKpis(const io::Table& table);
// Resolves user-given mappings "kind=column" on top of the detected ones. Unknown kinds or
// columns, or a column whose type does not fit the kind, are errors with a hint.
struct KpiMapping {
  KpiKind kind;
  std::string column;
};
Result<std::vector<KpiColumn>> ResolveKpis(const io::Table& table, const std::vector<KpiMapping>& mappings);

struct KpiValue {
  std::string key;     // e.g. "revenue_sum", "churn_rate", "nps"
  std::string label;   // e.g. "Revenue (mrr_eur)"
  std::string column;
  double value = NAN;    // this segment
  double overall = NAN;  // all rows
  std::string unit;      // "", "%", "EUR", "days", "points"
};

// values[s] holds segment s's KPIs (same keys, same order for every segment).
std::vector<std::vector<KpiValue>> ComputeKpis(const io::Table& table, const std::vector<int32_t>& labels, int k,
                                               const std::vector<KpiColumn>& kpis);

nlohmann::json KpisToJson(const std::vector<KpiValue>& values);

}  // namespace seg::analysis
