// Predicted customer value: the pipeline behind `segment --method clv` (fits, scores, validation,
// value x activity segments, warnings, REPORT.json).
//
// Index of this file
//   [SECTION] Segment names and rule
//   [SECTION] Scoring (P(alive), expected purchases, spend, discounted CLV)
//   [SECTION] Segments and their KPIs
//   [SECTION] Validation (calibration fit vs holdout)
//   [SECTION] RunClv
//   [SECTION] Report JSON
#include "seg/analysis/clv.hpp"

#include <algorithm>
#include <cmath>

#include "clv_scoring.hpp"
#include "clv_text.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::analysis {

using clv_text::Count;
using clv_text::Num;
using clv_text::Tr;

// [SECTION] Segment names and rule --------------------------------------------------------------

std::string ClvSegmentName(int segment, Lang lang) {
  static const char* kTierEn[] = {"High value", "Medium value", "Low value"};
  static const char* kTierDe[] = {"Hoher Wert", "Mittlerer Wert", "Geringer Wert"};
  static const char* kActEn[] = {"active", "slipping away", "probably lost"};
  static const char* kActDe[] = {"aktiv", "droht abzuwandern", "vermutlich verloren"};
  if (segment < 0 || segment >= kClvSegmentCount) return {};
  const int tier = segment / 3, act = segment % 3;
  return lang == Lang::kDe ? std::string(kTierDe[tier]) + ", " + kActDe[act] : std::string(kTierEn[tier]) + ", " + kActEn[act];
}

int ClvSegmentRule::SegmentOf(double clv, double p_alive) const {
  // A missing CLV (no finite answer) counts as low value.
  const int tier = !(clv >= clv_edges[0]) ? 2 : (clv >= clv_edges[1] ? 0 : 1);
  const int act = p_alive >= p_alive_edges[1] ? 0 : (p_alive >= p_alive_edges[0] ? 1 : 2);
  return tier * 3 + act;
}

// [SECTION] Scoring ----------------------------------------------------------------------------

namespace clv_scoring {

double ExpectedRevenue(const BgNbdParams& bg, double horizon, double discount_rate, double x, double tx, double T,
                       double spend) {
  if (discount_rate <= 0) return BgNbdExpectedPurchases(bg, horizon, x, tx, T) * spend;
  // The purchases expected in each of up to 13 equal steps of the horizon (one per time unit for
  // short horizons; four-week steps for a year of weeks), discounted at the middle of the step:
  // (1 + d)^-t is smooth, so this is within a fraction of a percent of the continuous sum at the
  // rates people use, at 13 evaluations of 2F1 per customer instead of one per time unit.
  const int steps = std::max(1, std::min(13, static_cast<int>(std::ceil(horizon))));
  const double dt = horizon / steps;
  double total = 0, previous = 0;
  for (int k = 1; k <= steps; ++k) {
    const double e = BgNbdExpectedPurchases(bg, k * dt, x, tx, T);
    if (!std::isfinite(e)) return NAN;
    total += (e - previous) * std::pow(1 + discount_rate, -(k - 0.5) * dt);
    previous = e;
  }
  return total * spend;
}

ClvCustomers Score(const PurchaseOccasions& occ, const CustomerSummary& s, const BgNbdParams& bg,
                   const GammaGammaParams& gg, double horizon, double discount_rate, double margin) {
  ClvCustomers c;
  const size_t n = s.size();
  c.id.reserve(n);
  c.frequency = s.frequency;
  c.recency = s.recency;
  c.T = s.T;
  c.monetary = s.monetary;
  c.p_alive.resize(n);
  c.expected_purchases.resize(n);
  c.expected_value.resize(n);
  c.clv.resize(n);
  c.segment.assign(n, 0);
  c.holdout_actual.assign(n, NAN);
  c.holdout_expected.assign(n, NAN);
  for (size_t i = 0; i < n; ++i) {
    c.id.push_back(occ.id[s.customer[i]]);
    const double x = s.frequency[i], tx = s.recency[i], T = s.T[i];
    c.p_alive[i] = BgNbdPAlive(bg, x, tx, T);
    c.expected_purchases[i] = BgNbdExpectedPurchases(bg, horizon, x, tx, T);
    // A zero mean spend (free repeat purchases) is not a spend the model can use: population mean.
    c.expected_value[i] = GammaGammaExpectedSpend(gg, x, s.monetary[i] > 0 ? s.monetary[i] : NAN);
    c.clv[i] = margin * ExpectedRevenue(bg, horizon, discount_rate, x, tx, T, c.expected_value[i]);
    if (!std::isfinite(c.clv[i])) c.clv[i] = NAN;
  }
  return c;
}

}  // namespace clv_scoring

namespace {

// [SECTION] Segments and their KPIs -------------------------------------------------------------

double Quantile(std::vector<double> v, double q) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double d) { return !std::isfinite(d); }), v.end());
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(std::floor(q * static_cast<double>(v.size()))));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

namespace clv_scoring {

std::vector<ClvSegmentKpis> Segment(ClvCustomers* c, const ClvSegmentRule& rule, Lang lang) {
  std::vector<ClvSegmentKpis> kpis(kClvSegmentCount);
  double revenue = 0;
  for (size_t i = 0; i < c->size(); ++i) {
    const int s = rule.SegmentOf(c->clv[i], c->p_alive[i]);
    c->segment[i] = s;
    ClvSegmentKpis& k = kpis[static_cast<size_t>(s)];
    ++k.customers;
    if (std::isfinite(c->clv[i])) { k.predicted_revenue += c->clv[i]; revenue += c->clv[i]; }
    k.mean_p_alive += c->p_alive[i];
    if (std::isfinite(c->expected_purchases[i])) k.mean_expected_purchases += c->expected_purchases[i];
  }
  for (int s = 0; s < kClvSegmentCount; ++s) {
    ClvSegmentKpis& k = kpis[static_cast<size_t>(s)];
    k.id = s + 1;
    k.name = ClvSegmentName(s, lang);
    const double n = static_cast<double>(k.customers);
    k.share_of_customers = c->size() ? n / static_cast<double>(c->size()) : 0;
    k.share_of_predicted_revenue = revenue > 0 ? k.predicted_revenue / revenue : 0;
    if (k.customers) {
      k.mean_clv = k.predicted_revenue / n;
      k.mean_p_alive /= n;
      k.mean_expected_purchases /= n;
    }
  }
  return kpis;
}

void Warn(const ClvCustomers& c, std::vector<std::string>* warnings, Lang lang) {
  size_t bad_purchases = 0, bad_value = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    bad_purchases += !std::isfinite(c.expected_purchases[i]);
    bad_value += !std::isfinite(c.expected_value[i]);
  }
  if (bad_purchases)
    warnings->push_back(Tr(lang, "For " + Count(bad_purchases, lang) + " customers the expected purchases have no finite value (the hypergeometric series did not converge); their cells are empty.",
                           "Für " + Count(bad_purchases, lang) + " Kunden haben die erwarteten Käufe keinen endlichen Wert (die hypergeometrische Reihe konvergierte nicht); ihre Zellen bleiben leer."));
  if (bad_value)
    warnings->push_back(Tr(lang, "For " + Count(bad_value, lang) + " customers the expected spend does not exist (Gamma-Gamma's q <= 1: the mean spend is unbounded); their value cells are empty.",
                           "Für " + Count(bad_value, lang) + " Kunden existiert der erwartete Umsatz nicht (q <= 1 im Gamma-Gamma-Modell: der mittlere Umsatz ist unbeschränkt); ihre Wertzellen bleiben leer."));
}

}  // namespace clv_scoring

namespace {

std::string FitWarning(const char* model_en, const char* model_de, const FitInfo& f, Lang lang) {
  return Tr(lang, std::string("The ") + model_en + " fit did not converge (largest gradient " + Num(f.gradient_norm, 6, lang) + " after " +
                      std::to_string(f.iterations) + " iterations); its parameters are the best found, treat the predictions with care.",
            std::string("Die Schätzung des ") + model_de + " konvergierte nicht (größter Gradient " + Num(f.gradient_norm, 6, lang) +
                " nach " + std::to_string(f.iterations) + " Iterationen); die Parameter sind die besten gefundenen, die Vorhersagen mit Vorsicht lesen.");
}

// BG/NBD then Gamma-Gamma on one summary; warnings for non-convergence, excluded and correlated spend.
struct Fits {
  BgNbdFit bgnbd;
  GammaGammaFit gamma_gamma;
  size_t excluded = 0;
  double correlation = NAN;
};
Result<Fits> FitBoth(const CustomerSummary& s, Lang lang, std::vector<std::string>* warnings, const char* which_en,
                     const char* which_de) {
  Fits f;
  auto bg = FitBgNbd(s.frequency, s.recency, s.T, lang);
  if (!bg.ok()) return bg.error();
  f.bgnbd = bg.value();
  auto gg = FitGammaGamma(s.frequency, s.monetary, lang);
  if (!gg.ok()) return gg.error();
  f.gamma_gamma = gg.value();
  const std::string tag = Tr(lang, which_en, which_de);
  if (!f.bgnbd.info.converged) warnings->push_back(tag + FitWarning("BG/NBD", "BG/NBD-Modells", f.bgnbd.info, lang));
  if (!f.gamma_gamma.info.converged) warnings->push_back(tag + FitWarning("Gamma-Gamma", "Gamma-Gamma-Modells", f.gamma_gamma.info, lang));
  // Pearson correlation of x and mean spend over the Gamma-Gamma customers; zero-spend repeat buyers counted.
  double sx = 0, sm = 0, sxx = 0, smm = 0, sxm = 0, n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!(s.frequency[i] > 0)) continue;
    if (!(s.monetary[i] > 0)) { ++f.excluded; continue; }
    const double x = s.frequency[i], m = s.monetary[i];
    sx += x; sm += m; sxx += x * x; smm += m * m; sxm += x * m; n += 1;
  }
  const double vx = sxx - sx * sx / n, vm = smm - sm * sm / n;
  if (n > 2 && vx > 0 && vm > 0) f.correlation = (sxm - sx * sm / n) / std::sqrt(vx * vm);
  if (f.excluded)
    warnings->push_back(tag + Tr(lang, Count(f.excluded, lang) + " repeat buyers with a mean repeat spend of zero were left out of the spend model (Gamma-Gamma).",
                                 Count(f.excluded, lang) + " Wiederkäufer mit einem mittleren Wiederkaufumsatz von null blieben im Ausgabenmodell (Gamma-Gamma) unberücksichtigt."));
  if (std::isfinite(f.correlation) && std::fabs(f.correlation) >= 0.3)
    warnings->push_back(tag + Tr(lang, "Spend per purchase and the number of purchases are correlated (r = " + Num(f.correlation, 2, lang) +
                                           "); the spend model assumes they are independent, so expected spend is less reliable.",
                                 "Umsatz je Kauf und Zahl der Käufe sind korreliert (r = " + Num(f.correlation, 2, lang) +
                                     "); das Ausgabenmodell setzt Unabhängigkeit voraus, der erwartete Umsatz ist daher unsicherer."));
  return f;
}

// [SECTION] Validation ----------------------------------------------------------------------------

Result<ClvValidation> Validate(const PurchaseOccasions& occ, int32_t cal_end, int32_t observed_until,
                               const ClvOptions& o, std::vector<std::string>* warnings) {
  const Lang lang = o.lang;
  if (cal_end < occ.first_day || cal_end >= observed_until)
    return MakeError("clv.calibration_outside",
                     Tr(lang, "The calibration end " + io::FormatIsoDate(cal_end) + " is outside the data (" + io::FormatIsoDate(occ.first_day) +
                                  " to " + io::FormatIsoDate(observed_until) + "): the fit needs purchases up to it and the check needs days after it.",
                        "Das Kalibrierungsende " + io::FormatIsoDate(cal_end) + " liegt außerhalb der Daten (" + io::FormatIsoDate(occ.first_day) +
                            " bis " + io::FormatIsoDate(observed_until) + "): die Schätzung braucht Käufe bis dahin, die Prüfung Tage danach."),
                     Tr(lang, "Choose a calibration end between the first purchase and the day before the observed-until date.",
                        "Wählen Sie ein Kalibrierungsende zwischen dem ersten Kauf und dem Tag vor dem Beobachtungsende."));
  ClvValidation v;
  v.calibration_end_day = cal_end;
  v.holdout_periods = (observed_until - cal_end) / DaysPerUnit(o.time_unit);
  CustomerSummary s = SummarizeCustomers(occ, cal_end, cal_end, o.time_unit);
  v.customers = s.size();
  v.new_in_holdout = occ.customers() - s.size();
  auto fits = FitBoth(s, lang, warnings, "Calibration: ", "Kalibrierung: ");
  if (!fits.ok()) return fits.error();
  v.bgnbd = fits->bgnbd;
  v.gamma_gamma = fits->gamma_gamma;
  v.by_frequency.resize(8);
  for (int k = 0; k < 8; ++k) v.by_frequency[static_cast<size_t>(k)].frequency = k;
  for (size_t i = 0; i < s.size(); ++i) {
    double e = BgNbdExpectedPurchases(v.bgnbd.params, v.holdout_periods, s.frequency[i], s.recency[i], s.T[i]);
    if (!std::isfinite(e)) e = 0;
    ClvValidationRow& row = v.by_frequency[static_cast<size_t>(std::min(7.0, s.frequency[i]))];
    ++row.customers;
    row.actual_mean += s.holdout[i];
    row.predicted_mean += e;
    v.actual_total += s.holdout[i];
    v.predicted_total += e;
  }
  for (ClvValidationRow& row : v.by_frequency) {
    if (row.customers) {
      row.actual_mean /= static_cast<double>(row.customers);
      row.predicted_mean /= static_cast<double>(row.customers);
    }
  }
  if (v.new_in_holdout)
    warnings->push_back(Tr(lang, Count(v.new_in_holdout, lang) + " customers first bought after the calibration end; the validation leaves them out.",
                           Count(v.new_in_holdout, lang) + " Kunden kauften erst nach dem Kalibrierungsende zum ersten Mal; die Prüfung lässt sie aus."));
  return v;
}

Status CheckOptions(const ClvOptions& o) {
  const Lang lang = o.lang;
  if (!(o.horizon > 0 && o.horizon <= 10000))
    return MakeError("clv.bad_horizon", Tr(lang, "The horizon must be between 0 and 10000 time units (got " + Num(o.horizon, 2, lang) + ").",
                                           "Der Horizont muss zwischen 0 und 10000 Zeiteinheiten liegen (angegeben: " + Num(o.horizon, 2, lang) + ")."));
  if (!(o.discount_rate >= 0 && o.discount_rate < 1))
    return MakeError("clv.bad_discount", Tr(lang, "The discount rate per time unit must be at least 0 and below 1 (got " + Num(o.discount_rate, 4, lang) + ").",
                                            "Der Diskontsatz je Zeiteinheit muss mindestens 0 und kleiner als 1 sein (angegeben: " + Num(o.discount_rate, 4, lang) + ")."),
                     Tr(lang, "A yearly rate of 10% is about 0.0018 per week or 0.00026 per day.",
                        "Ein Jahreszins von 10 % sind etwa 0,0018 je Woche oder 0,00026 je Tag."));
  if (!(o.margin > 0 && o.margin <= 1))
    return MakeError("clv.bad_margin", Tr(lang, "The margin must be above 0 and at most 100% (got " + Num(o.margin, 4, lang) + ").",
                                          "Die Marge muss über 0 und höchstens 100 % betragen (angegeben: " + Num(o.margin, 4, lang) + ")."));
  return Ok{};
}

}  // namespace

// [SECTION] RunClv ---------------------------------------------------------------------------------

Result<ClvResult> RunClv(const io::Table& t, const ClvOptions& options) {
  if (Status st = CheckOptions(options); !st.ok()) return st.error();
  const Lang lang = options.lang;
  auto occ = ReadPurchaseOccasions(t, options.columns, options.observed_until_day, lang);
  if (!occ.ok()) return occ.error();
  ClvResult r;
  r.options = options;
  r.transactions = occ->report;
  const int32_t observed = options.observed_until_day ? *options.observed_until_day : occ->last_day;
  r.options.observed_until_day = observed;
  if (occ->customers() < 2)
    return MakeError("clv.one_customer", Tr(lang, "The file has the purchases of only one customer; the models describe a customer base.",
                                            "Die Datei enthält die Käufe nur eines Kunden; die Modelle beschreiben einen Kundenstamm."),
                     Tr(lang, "Check the customer column, or use the export of all customers.",
                        "Prüfen Sie die Kundenspalte oder verwenden Sie den Export aller Kunden."));
  if (occ->first_day == occ->last_day && observed == occ->last_day)
    return MakeError("clv.one_day", Tr(lang, "All purchases are on one day (" + io::FormatIsoDate(occ->first_day) + "), so there is no time to observe repeat buying.",
                                       "Alle Käufe liegen an einem Tag (" + io::FormatIsoDate(occ->first_day) + "); es bleibt keine Zeit, Wiederkäufe zu beobachten."),
                     Tr(lang, "Use transactions over a longer period.", "Verwenden Sie Transaktionen über einen längeren Zeitraum."));
  if (options.calibration_end_day) {
    auto v = Validate(occ.value(), *options.calibration_end_day, observed, options, &r.warnings);
    if (!v.ok()) return v.error();
    r.validation = std::move(v.value());
  }
  CustomerSummary s = SummarizeCustomers(occ.value(), observed, observed, options.time_unit);
  auto fits = FitBoth(s, lang, &r.warnings, "", "");
  if (!fits.ok()) return fits.error();
  r.bgnbd = fits->bgnbd;
  r.gamma_gamma = fits->gamma_gamma;
  r.gamma_gamma_excluded = fits->excluded;
  r.spend_frequency_correlation = fits->correlation;
  r.customers = clv_scoring::Score(occ.value(), s, r.bgnbd.params, r.gamma_gamma.params, options.horizon,
                                   options.discount_rate, options.margin);
  if (r.validation) {
    // Per customer: holdout purchases that happened, and what the calibration fit predicted.
    CustomerSummary cal = SummarizeCustomers(occ.value(), r.validation->calibration_end_day, r.validation->calibration_end_day,
                                             options.time_unit);
    std::vector<int64_t> pos(occ->customers(), -1);
    for (size_t i = 0; i < s.size(); ++i) pos[s.customer[i]] = static_cast<int64_t>(i);
    for (size_t j = 0; j < cal.size(); ++j) {
      const int64_t i = pos[cal.customer[j]];
      if (i < 0) continue;
      r.customers.holdout_actual[static_cast<size_t>(i)] = cal.holdout[j];
      const double e = BgNbdExpectedPurchases(r.validation->bgnbd.params, r.validation->holdout_periods, cal.frequency[j],
                                              cal.recency[j], cal.T[j]);
      r.customers.holdout_expected[static_cast<size_t>(i)] = std::isfinite(e) ? e : NAN;
    }
  }
  r.rule.clv_edges = {Quantile(r.customers.clv, 0.5), Quantile(r.customers.clv, 0.8)};
  r.segments = clv_scoring::Segment(&r.customers, r.rule, lang);
  clv_scoring::Warn(r.customers, &r.warnings, lang);
  return r;
}

// [SECTION] Report JSON ---------------------------------------------------------------------------

namespace {

nlohmann::json Finite(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json BgNbdJson(const BgNbdFit& f) {
  return {{"r", Finite(f.params.r)}, {"alpha", Finite(f.params.alpha)}, {"a", Finite(f.params.a)}, {"b", Finite(f.params.b)},
          {"log_likelihood", Finite(f.info.log_likelihood)}, {"converged", f.info.converged}, {"iterations", f.info.iterations}};
}
nlohmann::json GammaGammaJson(const GammaGammaFit& f) {
  return {{"p", Finite(f.params.p)}, {"q", Finite(f.params.q)}, {"v", Finite(f.params.v)}, {"customers", f.customers},
          {"log_likelihood", Finite(f.info.log_likelihood)}, {"converged", f.info.converged}, {"iterations", f.info.iterations}};
}

}  // namespace

nlohmann::json ClvReportToJson(const ClvResult& r) {
  nlohmann::json j;
  j["method"] = "clv";
  j["time_unit"] = std::string(TimeUnitName(r.options.time_unit));
  j["observed_until"] = io::FormatIsoDate(r.options.observed_until_day.value_or(0));
  j["horizon"] = r.options.horizon;
  j["discount_rate"] = r.options.discount_rate;
  j["margin"] = r.options.margin;
  j["customers"] = r.customers.size();
  j["bgnbd"] = BgNbdJson(r.bgnbd);
  j["gamma_gamma"] = GammaGammaJson(r.gamma_gamma);
  j["gamma_gamma"]["excluded_zero_spend"] = r.gamma_gamma_excluded;
  j["gamma_gamma"]["spend_frequency_correlation"] = Finite(r.spend_frequency_correlation);
  const OccasionReport& t = r.transactions;
  j["transactions"] = {{"rows", t.transactions}, {"used", t.used}, {"missing_customer", t.missing_customer},
                       {"missing_date", t.missing_date}, {"cancelled", t.cancelled}, {"missing_amount", t.missing_amount},
                       {"negative", t.negative}};
  if (r.validation) {
    const ClvValidation& v = *r.validation;
    nlohmann::json rows = nlohmann::json::array();
    for (const ClvValidationRow& row : v.by_frequency)
      rows.push_back({{"frequency", row.frequency}, {"label", row.frequency == 7 ? "7+" : std::to_string(row.frequency)},
                      {"customers", row.customers}, {"actual_mean", row.actual_mean}, {"predicted_mean", row.predicted_mean}});
    j["validation"] = {{"calibration_end", io::FormatIsoDate(v.calibration_end_day)}, {"holdout_periods", v.holdout_periods},
                       {"bgnbd", BgNbdJson(v.bgnbd)}, {"gamma_gamma", GammaGammaJson(v.gamma_gamma)},
                       {"customers", v.customers}, {"new_in_holdout", v.new_in_holdout},
                       {"actual_total", v.actual_total}, {"predicted_total", v.predicted_total}, {"by_frequency", rows}};
  }
  nlohmann::json segs = nlohmann::json::array();
  for (const ClvSegmentKpis& k : r.segments)
    segs.push_back({{"id", k.id}, {"name", k.name}, {"customers", k.customers}, {"share_of_customers", k.share_of_customers},
                    {"predicted_revenue", k.predicted_revenue}, {"share_of_predicted_revenue", k.share_of_predicted_revenue},
                    {"mean_p_alive", k.mean_p_alive}, {"mean_clv", k.mean_clv}, {"mean_expected_purchases", k.mean_expected_purchases}});
  j["segments"] = segs;
  j["segment_rule"] = {{"clv_edges", {Finite(r.rule.clv_edges[0]), Finite(r.rule.clv_edges[1])}},
                       {"p_alive_edges", {r.rule.p_alive_edges[0], r.rule.p_alive_edges[1]}}};
  j["warnings"] = r.warnings;
  return j;
}

}  // namespace seg::analysis
