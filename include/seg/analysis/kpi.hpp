// seg/analysis/kpi.hpp — business KPIs per segment from columns recognised by name and type:
// revenue (sum, share, mean), margin, churn rate, NPS, conversion and renewal rates, tenure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

enum class KpiKind { kRevenue, kMargin, kChurn, kNps, kConversion, kRenewal, kTenure, kOrders };
// "revenue", "margin", "churn", "nps", "conversion", "renewal", "tenure", "orders"
std::string_view KpiKindName(KpiKind k);

struct KpiColumn {
  KpiKind kind;
  int column = -1;
  std::string name;  // the column's name
  std::string reason_en, reason_de;  // why this column: "its name says spend (beats turnover, income)"
  bool by_user = false;              // chosen by the user (a KpiMapping), not detected
};

// Recognises at most one column per kind (English and German names; e.g. mrr / umsatz / spend
// for revenue, churn / gekündigt, nps / weiterempfehlung, conversion / response / y, renew /
// verlängert, contract_start / signup / kunde_seit for tenure). Identifiers, text and constant
// columns never count. Revenue is what the customer pays us: MRR/ARR first, then spend, charges,
// fees, Umsatz, Gebühren (Gesamtgebühren (€), Monatliche Gebühren), then revenue/amount/Betrag;
// never a person's income (Annual Income, Einkommen), a company's own turnover (annual_revenue,
// Jahresumsatz, Firmenumsatz) or a score ("Spending Score (1-100)").
std::vector<KpiColumn> DetectKpis(const io::Table& table);
// Every numeric column that could be the `kind` KPI, best first, each with its reason (for a
// picker): the detected one first, then the other candidates by the same rules.
std::vector<KpiColumn> KpiCandidates(const io::Table& table, KpiKind kind);
// Resolves user-given mappings "kind=column" on top of the detected ones (the override). An empty
// column ("revenue=") removes that KPI. Unknown kinds or columns, or a column whose type does not
// fit the kind, are errors with a hint.
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

// The label of a KPI key in the user's language ("revenue_sum" -> "Revenue" / "Umsatz", "churn_rate"
// -> "Churn rate" / "Kündigungsquote"); unknown keys come back as they are.
std::string KpiLabel(std::string_view key, Lang lang);
// A KPI unit for display: "months" -> "Monate", "days" -> "Tage", "points" -> "Punkte".
std::string KpiUnitLabel(std::string_view unit, Lang lang);

}  // namespace seg::analysis
