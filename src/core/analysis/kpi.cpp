#include "seg/analysis/kpi.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

#include "seg/io/identifier.hpp"

namespace seg::analysis {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits a column name into lower-case words ("Total_Spend EUR" -> total, spend, eur).
std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  for (char ch : Lower(name)) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || static_cast<unsigned char>(ch) >= 0x80) {
      cur += ch;
    } else if (!cur.empty()) {
      words.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(cur);
  return words;
}

bool HasWord(const std::vector<std::string>& words, std::initializer_list<const char*> options) {
  for (const auto& w : words)
    for (const char* o : options)
      if (w == o) return true;
  return false;
}

bool HasPrefix(const std::vector<std::string>& words, std::initializer_list<const char*> options) {
  for (const auto& w : words)
    for (const char* o : options)
      if (w.rfind(o, 0) == 0) return true;
  return false;
}

bool IsFlag(const io::Column& c) {
  if (c.type == io::ColumnType::kBoolean) return true;
  return c.type == io::ColumnType::kNumeric && c.min >= 0 && c.max <= 1 && c.distinct <= 2;
}

std::string UnitOf(const io::Column& c) { return c.unit == "%" ? "" : c.unit; }

}  // namespace

std::string_view KpiKindName(KpiKind k) {
  switch (k) {
    case KpiKind::kRevenue: return "revenue";
    case KpiKind::kMargin: return "margin";
    case KpiKind::kChurn: return "churn";
    case KpiKind::kNps: return "nps";
    case KpiKind::kConversion: return "conversion";
    case KpiKind::kRenewal: return "renewal";
    case KpiKind::kTenure: return "tenure";
    case KpiKind::kOrders: return "orders";
  }
  return "revenue";
}

namespace {

struct KpiRule {
  std::function<bool(const io::Column&, const std::vector<std::string>&)> match;
  const char* reason_en;
  const char* reason_de;
};

bool Contains(const std::vector<std::string>& words, std::initializer_list<const char*> parts) {
  for (const auto& w : words)
    for (const char* p : parts)
      if (w.find(p) != std::string::npos) return true;
  return false;
}

// Money that is not what the customer pays us: a person's income, a company's own turnover, a score.
bool NotCustomerRevenue(const std::vector<std::string>& w) {
  if (HasPrefix(w, {"score", "income", "einkommen", "salary", "gehalt", "turnover", "jahresumsatz", "firmenumsatz",
                    "unternehmensumsatz", "company", "firma", "firmen", "unternehmen"}))
    return true;
  return HasWord(w, {"annual", "jährlich", "jaehrlich"}) && HasPrefix(w, {"revenue", "umsatz"});
}

// The rules per kind, best first (tiers); the first matching column of the first tier wins.
std::vector<KpiRule> RulesFor(KpiKind kind) {
  auto numeric = [](const io::Column& c) { return c.type == io::ColumnType::kNumeric; };
  switch (kind) {
    case KpiKind::kRevenue:
      return {{[=](const io::Column& c, const std::vector<std::string>& w) {
                 return numeric(c) && !NotCustomerRevenue(w) && HasPrefix(w, {"mrr", "arr"});
               },
               "recurring revenue (MRR/ARR) by its name", "wiederkehrender Umsatz (MRR/ARR) laut Spaltenname"},
              {[=](const io::Column& c, const std::vector<std::string>& w) {
                 return numeric(c) && !NotCustomerRevenue(w) &&
                        (HasPrefix(w, {"spend", "spent", "umsatz", "sales", "monetary", "clv", "charges", "totalcharges",
                                       "fee", "fees", "ausgaben", "gebühr", "gebuehr"}) ||
                         Contains(w, {"gebühr", "gebuehr", "charges"}));
               },
               "what customers spend with us (spend, charges, fees, Umsatz) by its name; beats turnover and income",
               "was Kunden bei uns ausgeben (Ausgaben, Gebühren, Umsatz) laut Spaltenname; geht vor Firmenumsatz und "
               "Einkommen"},
              {[=](const io::Column& c, const std::vector<std::string>& w) {
                 return numeric(c) && !NotCustomerRevenue(w) && HasPrefix(w, {"revenue", "amount", "betrag", "erlös", "erloes"});
               },
               "revenue or amount by its name", "Umsatz oder Betrag laut Spaltenname"}};
    case KpiKind::kMargin:
      return {{[=](const io::Column& c, const std::vector<std::string>& w) {
                 return numeric(c) && HasPrefix(w, {"margin", "marge", "deckungsbeitrag", "db"}) && !HasWord(w, {"dbid"});
               },
               "margin by its name", "Marge laut Spaltenname"}};
    case KpiKind::kChurn:
      return {{[](const io::Column& c, const std::vector<std::string>& w) {
                 return IsFlag(c) && HasPrefix(w, {"churn", "gekündigt", "gekuendigt", "kündigung", "kuendigung", "attrition",
                                                   "cancelled", "exited", "abwanderung", "abgewandert"});
               },
               "a yes/no column named churn, cancelled or exited", "eine Ja/Nein-Spalte namens Kündigung oder Abwanderung"}};
    case KpiKind::kNps:
      return {{[=](const io::Column& c, const std::vector<std::string>& w) {
                 return numeric(c) && c.min >= 0 && c.max <= 10 &&
                        HasPrefix(w, {"nps", "weiterempfehlung", "recommend", "likelihood"});
               },
               "a 0-10 recommendation score", "eine Weiterempfehlungsbewertung von 0 bis 10"}};
    case KpiKind::kConversion:
      return {{[](const io::Column& c, const std::vector<std::string>& w) {
                 return IsFlag(c) && (HasPrefix(w, {"convert", "conversion", "response", "responded", "purchased", "abschluss"}) ||
                                      (w.size() == 1 && w[0] == "y"));
               },
               "a yes/no column named conversion or response", "eine Ja/Nein-Spalte namens Abschluss oder Reaktion"}};
    case KpiKind::kRenewal:
      return {{[](const io::Column& c, const std::vector<std::string>& w) {
                 return IsFlag(c) && HasPrefix(w, {"renew", "verlängert", "verlaengert", "extended"});
               },
               "a yes/no column named renewed", "eine Ja/Nein-Spalte namens verlängert"}};
    case KpiKind::kTenure:
      return {{[=](const io::Column& c, const std::vector<std::string>& w) {
                 if (c.type == io::ColumnType::kDate)
                   return HasPrefix(w, {"contract", "signup", "since", "seit", "created", "start", "joined", "customer", "dt"});
                 return numeric(c) && HasPrefix(w, {"tenure", "laufzeit", "months", "kundendauer", "monate"});
               },
               "customer since / tenure by its name", "Kunde seit / Laufzeit laut Spaltenname"}};
    case KpiKind::kOrders:
      return {{[=](const io::Column& c, const std::vector<std::string>& w) {
                 return numeric(c) && c.min >= 0 &&
                        (HasPrefix(w, {"orders", "bestellungen", "invoices", "rechnungen", "purchases", "käufe", "kaeufe",
                                       "frequency"}) ||
                         (HasWord(w, {"anzahl", "num", "number", "count"}) &&
                          HasPrefix(w, {"order", "bestellung", "invoice", "rechnung", "purchase", "kauf", "einkäufe"})));
               },
               "a number of orders or invoices by its name", "eine Anzahl Bestellungen oder Rechnungen laut Spaltenname"}};
  }
  return {};
}

}  // namespace

std::vector<KpiColumn> KpiCandidates(const io::Table& table, KpiKind kind) {
  std::vector<KpiColumn> out;
  std::vector<bool> taken(table.columns.size(), false);
  for (const KpiRule& rule : RulesFor(kind)) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const io::Column& col = table.columns[c];
      // A constant column ("Z_Revenue" = 11 for everyone) or a key says nothing about a segment.
      if (taken[c] || col.missing == table.rows || col.constant || io::DetectIdentifier(table, c)) continue;
      if (!rule.match(col, Words(col.name))) continue;
      taken[c] = true;
      out.push_back({kind, static_cast<int>(c), col.name, rule.reason_en, rule.reason_de, false});
    }
  }
  return out;
}

std::vector<KpiColumn> DetectKpis(const io::Table& table) {
  std::vector<KpiColumn> out;
  for (KpiKind kind : {KpiKind::kRevenue, KpiKind::kMargin, KpiKind::kChurn, KpiKind::kNps, KpiKind::kConversion,
                       KpiKind::kRenewal, KpiKind::kTenure, KpiKind::kOrders}) {
    auto candidates = KpiCandidates(table, kind);
    if (!candidates.empty()) out.push_back(std::move(candidates.front()));
  }
  return out;
}

Result<std::vector<KpiColumn>> ResolveKpis(const io::Table& table, const std::vector<KpiMapping>& mappings) {
  std::vector<KpiColumn> kpis = DetectKpis(table);
  for (const KpiMapping& m : mappings) {
    if (m.column.empty()) {  // "revenue=": no revenue KPI
      kpis.erase(std::remove_if(kpis.begin(), kpis.end(), [&](const KpiColumn& k) { return k.kind == m.kind; }), kpis.end());
      continue;
    }
    const int c = table.FindColumn(m.column);
    if (c < 0) {
      Error e = MakeError("kpi.no_such_column",
                          "There is no column named \"" + m.column + "\" for the " + std::string(KpiKindName(m.kind)) + " KPI.");
      e.column_name = m.column;
      return e;
    }
    const io::Column& col = table.columns[static_cast<size_t>(c)];
    if (!col.IsNumericLike()) {
      Error e = MakeError("kpi.not_numeric",
                          "Column \"" + m.column + "\" holds " + std::string(io::ColumnTypeName(col.type)) +
                              " values and cannot be the " + std::string(KpiKindName(m.kind)) + " KPI.",
                          "Choose a numeric, boolean (0/1, yes/no) or date column.");
      e.column = c + 1;
      e.column_name = m.column;
      return e;
    }
    kpis.erase(std::remove_if(kpis.begin(), kpis.end(), [&](const KpiColumn& k) { return k.kind == m.kind; }), kpis.end());
    kpis.push_back({m.kind, c, col.name, "chosen by you", "von Ihnen gewählt", true});
  }
  return kpis;
}

std::vector<std::vector<KpiValue>> ComputeKpis(const io::Table& table, const std::vector<int32_t>& labels, int k,
                                               const std::vector<KpiColumn>& kpis) {
  const size_t K = static_cast<size_t>(std::max(k, 0));
  std::vector<std::vector<KpiValue>> out(K);
  auto push = [&](const std::string& key, const std::string& label, const std::string& column,
                  const std::vector<double>& seg, double overall, const std::string& unit) {
    for (size_t s = 0; s < K; ++s) out[s].push_back({key, label, column, seg[s], overall, unit});
  };
  for (const KpiColumn& kc : kpis) {
    const io::Column& col = table.columns[static_cast<size_t>(kc.column)];
    std::vector<double> sum(K, 0.0), cnt(K, 0.0), hi(K, 0.0), lo(K, 0.0);
    double all_sum = 0, all_cnt = 0, all_hi = 0, all_lo = 0;
    double ref = -INFINITY;  // tenure: the latest date in the column
    col.values.Visit([&](auto values) {  // one storage dispatch per column
      if (kc.kind == KpiKind::kTenure && col.type == io::ColumnType::kDate)
        for (size_t i = 0; i < table.rows; ++i)
          if (std::isfinite(values[i])) ref = std::max(ref, values[i]);
      for (size_t i = 0; i < table.rows && i < labels.size(); ++i) {
        double v = values[i];
        if (!std::isfinite(v) || labels[i] < 0) continue;
        if (kc.kind == KpiKind::kTenure && col.type == io::ColumnType::kDate) v = ref - v;
        const size_t s = static_cast<size_t>(labels[i]);
        sum[s] += v;
        cnt[s] += 1;
        all_sum += v;
        all_cnt += 1;
        if (kc.kind == KpiKind::kNps) {
          if (v >= 9) { hi[s] += 1; all_hi += 1; }
          if (v <= 6) { lo[s] += 1; all_lo += 1; }
        }
      }
    });
    std::vector<double> v(K, NAN);
    const std::string& name = col.name;
    switch (kc.kind) {
      case KpiKind::kRevenue: {
        for (size_t s = 0; s < K; ++s) v[s] = sum[s];
        push("revenue_sum", "Revenue", name, v, all_sum, UnitOf(col));
        for (size_t s = 0; s < K; ++s) v[s] = all_sum != 0 ? sum[s] / all_sum * 100 : NAN;
        push("revenue_share", "Share of revenue", name, v, 100.0, "%");
        for (size_t s = 0; s < K; ++s) v[s] = cnt[s] ? sum[s] / cnt[s] : NAN;
        push("revenue_mean", "Revenue per customer", name, v, all_cnt ? all_sum / all_cnt : NAN, UnitOf(col));
        break;
      }
      case KpiKind::kMargin:
        for (size_t s = 0; s < K; ++s) v[s] = cnt[s] ? sum[s] / cnt[s] : NAN;
        push("margin", "Margin", name, v, all_cnt ? all_sum / all_cnt : NAN, col.unit == "%" || Lower(name).find("pct") != std::string::npos ? "%" : UnitOf(col));
        break;
      case KpiKind::kChurn:
      case KpiKind::kConversion:
      case KpiKind::kRenewal: {
        for (size_t s = 0; s < K; ++s) v[s] = cnt[s] ? sum[s] / cnt[s] * 100 : NAN;
        const char* key = kc.kind == KpiKind::kChurn ? "churn_rate" : kc.kind == KpiKind::kConversion ? "conversion_rate" : "renewal_rate";
        const char* label = kc.kind == KpiKind::kChurn ? "Churn rate" : kc.kind == KpiKind::kConversion ? "Conversion rate" : "Renewal rate";
        push(key, label, name, v, all_cnt ? all_sum / all_cnt * 100 : NAN, "%");
        break;
      }
      case KpiKind::kNps:
        for (size_t s = 0; s < K; ++s) v[s] = cnt[s] ? (hi[s] - lo[s]) / cnt[s] * 100 : NAN;
        push("nps", "NPS", name, v, all_cnt ? (all_hi - all_lo) / all_cnt * 100 : NAN, "points");
        break;
      case KpiKind::kOrders:
        for (size_t s = 0; s < K; ++s) v[s] = cnt[s] ? sum[s] / cnt[s] : NAN;
        push("orders_mean", "Orders per customer", name, v, all_cnt ? all_sum / all_cnt : NAN, "");
        break;
      case KpiKind::kTenure: {
        const bool date = col.type == io::ColumnType::kDate;
        for (size_t s = 0; s < K; ++s) v[s] = cnt[s] ? sum[s] / cnt[s] / (date ? 30.4375 : 1.0) : NAN;
        push("tenure_months", "Tenure", name, v, all_cnt ? all_sum / all_cnt / (date ? 30.4375 : 1.0) : NAN, "months");
        break;
      }
    }
  }
  // A simple CLV estimate where revenue and churn are known: revenue per customer x margin
  // (when mapped) / churn rate, i.e. revenue per period times the expected number of periods.
  auto find = [&](size_t s, const char* key) -> const KpiValue* {
    for (const auto& v : out[s])
      if (v.key == key) return &v;
    return nullptr;
  };
  if (K > 0 && find(0, "revenue_mean") && find(0, "churn_rate")) {
    std::vector<double> clv(K, NAN);
    double overall = NAN;
    auto estimate = [](const KpiValue* rev, const KpiValue* margin, const KpiValue* churn, bool all) {
      const double r = all ? rev->overall : rev->value;
      const double c = (all ? churn->overall : churn->value) / 100.0;
      double m = 1.0;
      if (margin) {
        const double mv = all ? margin->overall : margin->value;
        m = margin->unit == "%" || mv > 1.0 ? mv / 100.0 : mv;
      }
      return c > 0 && std::isfinite(r) && std::isfinite(m) ? r * m / c : NAN;
    };
    for (size_t s = 0; s < K; ++s) clv[s] = estimate(find(s, "revenue_mean"), find(s, "margin"), find(s, "churn_rate"), false);
    overall = estimate(find(0, "revenue_mean"), find(0, "margin"), find(0, "churn_rate"), true);
    // Copies: push() appends to the vectors these pointers point into.
    const std::string column = find(0, "revenue_mean")->column, unit = find(0, "revenue_mean")->unit;
    const std::string label = find(0, "margin") ? "CLV estimate (revenue x margin / churn)" : "CLV estimate (revenue / churn)";
    push("clv_estimate", label, column, clv, overall, unit);
  }
  return out;
}

nlohmann::json KpisToJson(const std::vector<KpiValue>& values) {
  nlohmann::json out = nlohmann::json::object();
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  for (const auto& v : values) {
    out[v.key] = {{"value", num(v.value)}, {"overall", num(v.overall)}, {"column", v.column}, {"label", v.label}, {"unit", v.unit}};
  }
  return out;
}

std::string KpiLabel(std::string_view key, Lang lang) {
  struct Entry { const char* key; const char* en; const char* de; };
  static constexpr Entry kLabels[] = {
      {"revenue_sum", "Revenue", "Umsatz"},
      {"revenue_share", "Share of revenue", "Umsatzanteil"},
      {"revenue_mean", "Revenue per customer", "Umsatz je Kunde"},
      {"margin", "Margin", "Marge"},
      {"churn_rate", "Churn rate", "Kündigungsquote"},
      {"conversion_rate", "Conversion rate", "Abschlussquote"},
      {"renewal_rate", "Renewal rate", "Verlängerungsquote"},
      {"nps", "NPS", "NPS"},
      {"tenure_months", "Tenure", "Kundendauer"},
      {"orders_mean", "Orders per customer", "Bestellungen je Kunde"},
      {"clv_estimate", "CLV estimate", "CLV-Schätzung"},
  };
  for (const Entry& e : kLabels)
    if (key == e.key) return lang == Lang::kDe ? e.de : e.en;
  return std::string(key);
}

std::string KpiUnitLabel(std::string_view unit, Lang lang) {
  if (lang != Lang::kDe) return std::string(unit);
  if (unit == "months") return "Monate";
  if (unit == "days") return "Tage";
  if (unit == "points") return "Punkte";
  return std::string(unit);
}

}  // namespace seg::analysis
