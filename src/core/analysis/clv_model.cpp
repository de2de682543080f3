// The saved CLV model (MODEL.json, method "clv") and scoring a later export with it, without refitting.
#include <cmath>

#include "clv_scoring.hpp"
#include "clv_text.hpp"
#include "seg/analysis/clv.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::analysis {

using clv_text::Tr;

ClvModel ClvModelFromResult(const ClvResult& r) {
  ClvModel m;
  m.columns = r.options.columns;
  m.time_unit = r.options.time_unit;
  m.observed_until_day = r.options.observed_until_day.value_or(0);
  m.horizon = r.options.horizon;
  m.discount_rate = r.options.discount_rate;
  m.margin = r.options.margin;
  m.bgnbd = r.bgnbd.params;
  m.gamma_gamma = r.gamma_gamma.params;
  m.rule = r.rule;
  return m;
}

nlohmann::json ClvModelToJson(const ClvModel& m) {
  const TransactionColumns& c = m.columns;
  return {{"method", "clv"},
          {"version", 1},
          {"time_unit", std::string(TimeUnitName(m.time_unit))},
          {"observed_until", io::FormatIsoDate(m.observed_until_day)},
          {"horizon", m.horizon},
          {"discount_rate", m.discount_rate},
          {"margin", m.margin},
          {"columns", {{"customer", c.customer}, {"date", c.date}, {"amount", c.amount}, {"quantity", c.quantity},
                       {"price", c.price}, {"invoice", c.invoice}}},
          {"bgnbd", {{"r", m.bgnbd.r}, {"alpha", m.bgnbd.alpha}, {"a", m.bgnbd.a}, {"b", m.bgnbd.b}}},
          {"gamma_gamma", {{"p", m.gamma_gamma.p}, {"q", m.gamma_gamma.q}, {"v", m.gamma_gamma.v}}},
          {"segment_rule", {{"clv_edges", {m.rule.clv_edges[0], m.rule.clv_edges[1]}},
                            {"p_alive_edges", {m.rule.p_alive_edges[0], m.rule.p_alive_edges[1]}}}}};
}

Result<ClvModel> ClvModelFromJson(const nlohmann::json& j, Lang lang) {
  auto bad = [&](const std::string& what) {
    return MakeError("clv.bad_model", Tr(lang, "The CLV model is not valid: " + what + ".", "Das CLV-Modell ist ungültig: " + what + "."),
                     Tr(lang, "Use a MODEL.json written by `segmenter segment --method clv --model`.",
                        "Verwenden Sie eine MODEL.json aus `segmenter segment --method clv --model`."));
  };
  if (!j.is_object() || !j.contains("method") || j["method"] != "clv") return bad("\"method\" is not \"clv\"");
  ClvModel m;
  auto number = [&](const nlohmann::json& o, const char* key, double* out, bool positive) -> bool {
    if (!o.is_object() || !o.contains(key) || !o[key].is_number()) return false;
    *out = o[key].get<double>();
    return std::isfinite(*out) && (!positive || *out > 0);
  };
  if (!j.contains("time_unit") || !j["time_unit"].is_string()) return bad("no \"time_unit\"");
  auto unit = ParseTimeUnit(j["time_unit"].get<std::string>());
  if (!unit) return bad("\"time_unit\" is neither day nor week");
  m.time_unit = *unit;
  if (!j.contains("observed_until") || !j["observed_until"].is_string()) return bad("no \"observed_until\"");
  auto day = io::ParseDate(j["observed_until"].get<std::string>(), io::kDateIso);
  if (!day) return bad("\"observed_until\" is not a yyyy-mm-dd date");
  m.observed_until_day = static_cast<int32_t>(std::floor(*day));
  if (!number(j, "horizon", &m.horizon, true) || !number(j, "discount_rate", &m.discount_rate, false) ||
      !number(j, "margin", &m.margin, true))
    return bad("\"horizon\", \"discount_rate\" or \"margin\" is missing or not a number");
  if (!j.contains("bgnbd") || !number(j["bgnbd"], "r", &m.bgnbd.r, true) || !number(j["bgnbd"], "alpha", &m.bgnbd.alpha, true) ||
      !number(j["bgnbd"], "a", &m.bgnbd.a, true) || !number(j["bgnbd"], "b", &m.bgnbd.b, true))
    return bad("\"bgnbd\" needs positive r, alpha, a and b");
  if (!j.contains("gamma_gamma") || !number(j["gamma_gamma"], "p", &m.gamma_gamma.p, true) ||
      !number(j["gamma_gamma"], "q", &m.gamma_gamma.q, true) || !number(j["gamma_gamma"], "v", &m.gamma_gamma.v, true))
    return bad("\"gamma_gamma\" needs positive p, q and v");
  if (j.contains("columns") && j["columns"].is_object()) {
    const auto& c = j["columns"];
    auto text = [&](const char* key) { return c.contains(key) && c[key].is_string() ? c[key].get<std::string>() : std::string(); };
    m.columns = {text("customer"), text("date"), text("amount"), text("quantity"), text("price"), text("invoice")};
  }
  if (m.columns.customer.empty() || m.columns.date.empty()) return bad("\"columns\" needs the customer and date columns");
  if (j.contains("segment_rule") && j["segment_rule"].is_object()) {
    const auto& s = j["segment_rule"];
    for (const char* key : {"clv_edges", "p_alive_edges"}) {
      if (!s.contains(key) || !s[key].is_array() || s[key].size() != 2 || !s[key][0].is_number() || !s[key][1].is_number())
        return bad(std::string("\"segment_rule\" needs two numbers in \"") + key + "\"");
      auto& edges = std::string(key) == "clv_edges" ? m.rule.clv_edges : m.rule.p_alive_edges;
      edges = {s[key][0].get<double>(), s[key][1].get<double>()};
      if (!(edges[0] <= edges[1])) return bad(std::string("\"") + key + "\" must be ascending");
    }
  }
  return m;
}

Result<ClvResult> ApplyClv(const ClvModel& m, const io::Table& t, std::optional<int32_t> observed_until_day, Lang lang) {
  auto occ = ReadPurchaseOccasions(t, m.columns, observed_until_day, lang);
  if (!occ.ok()) return occ.error();
  ClvResult r;
  r.options.columns = m.columns;
  r.options.time_unit = m.time_unit;
  r.options.horizon = m.horizon;
  r.options.discount_rate = m.discount_rate;
  r.options.margin = m.margin;
  r.options.lang = lang;
  const int32_t observed = observed_until_day ? *observed_until_day : std::max(m.observed_until_day, occ->last_day);
  r.options.observed_until_day = observed;
  r.transactions = occ->report;
  r.bgnbd.params = m.bgnbd;
  r.gamma_gamma.params = m.gamma_gamma;
  r.rule = m.rule;
  CustomerSummary s = SummarizeCustomers(occ.value(), observed, observed, m.time_unit);
  r.customers = clv_scoring::Score(occ.value(), s, m.bgnbd, m.gamma_gamma, m.horizon, m.discount_rate, m.margin);
  r.segments = clv_scoring::Segment(&r.customers, r.rule, lang);
  clv_scoring::Warn(r.customers, &r.warnings, lang);
  if (observed < m.observed_until_day)
    r.warnings.push_back(Tr(lang, "The file ends before the model's observed-until date " + io::FormatIsoDate(m.observed_until_day) + "; customers are scored as of " + io::FormatIsoDate(observed) + ".",
                            "Die Datei endet vor dem Beobachtungsende des Modells (" + io::FormatIsoDate(m.observed_until_day) + "); die Kunden werden zum " + io::FormatIsoDate(observed) + " bewertet."));
  return r;
}

}  // namespace seg::analysis
