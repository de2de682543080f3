// BG/NBD and Gamma-Gamma: log-likelihoods with analytic gradients, BFGS fits, per-customer formulas.
//
// Index of this file
//   [SECTION] Shared helpers
//   [SECTION] BG/NBD likelihood (FHL 2005, eq. 6) and its gradient
//   [SECTION] BG/NBD fit, P(alive), conditional expectation (FHL 2005, eq. 10)
//   [SECTION] Gamma-Gamma likelihood, fit, expected spend (Fader & Hardie 2013)
#include "seg/analysis/clv_models.hpp"

#include <algorithm>
#include <array>

#include <unsupported/Eigen/SpecialFunctions>

#include "clv_text.hpp"
#include "quasi_newton.hpp"
#include "seg/analysis/hyp2f1.hpp"

namespace seg::analysis {

using clv_text::Tr;

// [SECTION] Shared helpers --------------------------------------------------------------------

namespace {

double Digamma(double v) { return Eigen::numext::digamma(v); }

// log(e^u + e^v) without overflow.
double LogAddExp(double u, double v) {
  const double m = std::max(u, v);
  if (m == -INFINITY) return -INFINITY;
  return m + std::log1p(std::exp(-std::fabs(u - v)));
}

// Customers grouped by x: the terms of the likelihood that depend on x alone are computed once
// per distinct x (x is a small whole number for nearly everyone), the rest once per customer.
struct XCounts {
  std::vector<double> count;  // count[x] = customers with x repeat purchases
};
XCounts CountByX(const std::vector<double>& x) {
  XCounts c;
  double max_x = 0;
  for (double v : x) max_x = std::max(max_x, v);
  c.count.assign(static_cast<size_t>(max_x) + 1, 0.0);
  for (double v : x) c.count[static_cast<size_t>(v)] += 1.0;
  return c;
}

// Runs BFGS from each start and keeps the best (lowest objective).
template <class F, size_t N>
qn::Result BestOfStarts(F&& f, const std::vector<std::array<double, N>>& starts) {
  qn::Result best;
  for (const auto& s : starts) {
    Eigen::VectorXd x0(static_cast<Eigen::Index>(N));
    for (size_t i = 0; i < N; ++i) x0[static_cast<Eigen::Index>(i)] = std::log(s[i]);
    qn::Options opt;
    opt.polish_steps = 2;
    qn::Result r = qn::MinimizeBfgs(f, x0, opt);
    if (std::isfinite(r.f) && (!std::isfinite(best.f) || r.f < best.f - 1e-12 ||
                               (r.converged && !best.converged && r.f <= best.f + 1e-9))) {
      best = std::move(r);
    }
  }
  return best;
}

// Large bases: the starts run on an evenly spaced subsample of about kSampleSize customers, and
// only the best of them is refined on everyone (a handful of iterations from so close). If that
// refinement does not converge, every start runs on the full data after all.
constexpr size_t kSampleSize = 20000;
size_t SampleStride(size_t n) { return n > 2 * kSampleSize ? n / kSampleSize : 1; }
std::vector<double> EveryNth(const std::vector<double>& v, size_t stride) {
  std::vector<double> out;
  out.reserve(v.size() / stride + 1);
  for (size_t i = 0; i < v.size(); i += stride) out.push_back(v[i]);
  return out;
}
template <class F, size_t N>
qn::Result SampledStarts(const F& full, const F* sample, const std::vector<std::array<double, N>>& starts) {
  if (sample) {
    qn::Result s = BestOfStarts(*sample, starts);
    if (std::isfinite(s.f)) {
      // Both objectives are means per customer, so the sample's curvature is a good first guess.
      // A max gradient of 1e-7 per customer moves the parameters by far less than their standard
      // errors at these sizes (n > 40,000); reaching 1e-9 there costs ten more passes over everyone.
      qn::Options refine;
      refine.gradient_tolerance = 1e-7;
      qn::Result r = qn::MinimizeBfgs(full, s.x, refine, s.inverse_hessian);
      if (r.converged) return r;
    }
  }
  return BestOfStarts(full, starts);
}

// [SECTION] BG/NBD likelihood ------------------------------------------------------------------

// Mean negative log-likelihood per customer and its gradient in (log r, log alpha, log a, log b).
// ln L_i = A1 + A2 + ln(e^A3 + [x > 0] e^A4) with (FHL note, eq. 7)
//   A1 = lnG(r + x) - lnG(r) + r ln(alpha)
//   A2 = lnG(a + b) + lnG(b + x) - lnG(b) - lnG(a + b + x)
//   A3 = -(r + x) ln(alpha + T)
//   A4 = ln(a) - ln(b + x - 1) - (r + x) ln(alpha + tx)
struct BgNbdObjective {
  const std::vector<double>& x;
  const std::vector<double>& tx;
  const std::vector<double>& T;
  XCounts by_x;

  double operator()(const Eigen::VectorXd& lp, Eigen::VectorXd& grad) const {
    const double r = std::exp(lp[0]), alpha = std::exp(lp[1]), a = std::exp(lp[2]), b = std::exp(lp[3]);
    if (!(std::isfinite(r) && std::isfinite(alpha) && std::isfinite(a) && std::isfinite(b)) || r <= 0 || alpha <= 0 ||
        a <= 0 || b <= 0)
      return INFINITY;
    const double n = static_cast<double>(x.size());
    double ll = 0, dr = 0, dalpha = 0, da = 0, db = 0;
    const double ln_alpha = std::log(alpha), psi_r = Digamma(r), psi_b = Digamma(b), psi_ab = Digamma(a + b);
    const double lg_r = std::lgamma(r), lg_b = std::lgamma(b), lg_ab = std::lgamma(a + b);
    for (size_t k = 0; k < by_x.count.size(); ++k) {
      const double c = by_x.count[k];
      if (c == 0) continue;
      const double xv = static_cast<double>(k);
      ll += c * (std::lgamma(r + xv) - lg_r + r * ln_alpha + lg_ab + std::lgamma(b + xv) - lg_b - std::lgamma(a + b + xv));
      const double psi_abx = Digamma(a + b + xv);
      dr += c * (Digamma(r + xv) - psi_r + ln_alpha);
      dalpha += c * r / alpha;
      da += c * (psi_ab - psi_abx);
      db += c * (psi_ab + Digamma(b + xv) - psi_b - psi_abx);
    }
    const double ln_a = std::log(a);
    for (size_t i = 0; i < x.size(); ++i) {
      const double xi = x[i], rx = r + xi;
      const double ln_at = std::log(alpha + T[i]);
      const double a3 = -rx * ln_at;
      if (xi > 0) {
        const double ln_atx = std::log(alpha + tx[i]);
        const double a4 = ln_a - std::log(b + xi - 1) - rx * ln_atx;
        const double l = LogAddExp(a3, a4);
        const double w = std::exp(a4 - l);  // weight of the "dropped out after the last purchase" term
        ll += l;
        dr -= (1 - w) * ln_at + w * ln_atx;
        dalpha -= rx * ((1 - w) / (alpha + T[i]) + w / (alpha + tx[i]));
        da += w / a;
        db -= w / (b + xi - 1);
      } else {
        ll += a3;
        dr -= ln_at;
        dalpha -= rx / (alpha + T[i]);
      }
    }
    grad.resize(4);
    grad[0] = -dr * r / n;
    grad[1] = -dalpha * alpha / n;
    grad[2] = -da * a / n;
    grad[3] = -db * b / n;
    return -ll / n;
  }
};

Status CheckSummary(const std::vector<double>& x, const std::vector<double>& tx, const std::vector<double>& T, Lang lang) {
  if (x.size() != tx.size() || x.size() != T.size())
    return MakeError("clv.bad_summary", "The frequency, recency and T vectors differ in length.");
  if (x.size() < 2)
    return MakeError("clv.too_few_customers",
                     Tr(lang, "BG/NBD needs at least two customers (found " + std::to_string(x.size()) + ").",
                        "BG/NBD braucht mindestens zwei Kunden (gefunden: " + std::to_string(x.size()) + ")."),
                     Tr(lang, "Use a transaction file with the purchases of many customers.",
                        "Verwenden Sie eine Transaktionsdatei mit den Käufen vieler Kunden."));
  bool any_repeat = false, any_age = false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] >= 0 && x[i] == std::floor(x[i]) && x[i] < 1e7 && tx[i] >= 0 && tx[i] <= T[i] && std::isfinite(T[i])))
      return MakeError("clv.bad_summary", "Customer " + std::to_string(i + 1) + " has an impossible summary (x, t_x, T).");
    any_repeat |= x[i] > 0;
    any_age |= T[i] > 0;
  }
  if (!any_repeat)
    return MakeError("clv.no_repeat_buyers",
                     Tr(lang, "No customer bought more than once (on more than one day), so repeat buying cannot be estimated.",
                        "Kein Kunde hat mehr als einmal (an mehr als einem Tag) gekauft; Wiederkäufe lassen sich so nicht schätzen."),
                     Tr(lang, "Use a longer period of transactions, or check the customer and date columns.",
                        "Verwenden Sie einen längeren Zeitraum oder prüfen Sie Kunden- und Datumsspalte."));
  if (!any_age)
    return MakeError("clv.one_day",
                     Tr(lang, "All purchases are on one day, so there is no time to observe repeat buying.",
                        "Alle Käufe liegen an einem Tag; es bleibt keine Zeit, Wiederkäufe zu beobachten."),
                     Tr(lang, "Use transactions over a longer period.", "Verwenden Sie Transaktionen über einen längeren Zeitraum."));
  return Ok{};
}

}  // namespace

// [SECTION] BG/NBD fit, P(alive), conditional expectation -----------------------------------------

double BgNbdLogLikelihood(const BgNbdParams& p, const std::vector<double>& x, const std::vector<double>& tx,
                          const std::vector<double>& T) {
  BgNbdObjective f{x, tx, T, CountByX(x)};
  Eigen::VectorXd lp(4), g(4);
  lp << std::log(p.r), std::log(p.alpha), std::log(p.a), std::log(p.b);
  return -f(lp, g) * static_cast<double>(x.size());
}

Result<BgNbdFit> FitBgNbd(const std::vector<double>& x, const std::vector<double>& tx, const std::vector<double>& T,
                          Lang lang) {
  if (Status st = CheckSummary(x, tx, T, lang); !st.ok()) return st.error();
  BgNbdObjective f{x, tx, T, CountByX(x)};
  double mean_t = 0;
  for (double v : T) mean_t += v;
  mean_t /= static_cast<double>(T.size());
  // Starts: the unit point (as lifetimes and CLVTools use), and points scaled to the data's time
  // unit (alpha ~ the mean age), with low and high dropout.
  const std::vector<std::array<double, 4>> starts = {
      {1.0, 1.0, 1.0, 1.0}, {0.5, std::max(0.1, mean_t / 4), 0.5, 2.0}, {2.0, std::max(0.1, mean_t), 2.0, 10.0}};
  const size_t stride = SampleStride(x.size());
  const std::vector<double> sx = EveryNth(x, stride), stx = EveryNth(tx, stride), sT = EveryNth(T, stride);
  BgNbdObjective sample{sx, stx, sT, CountByX(sx)};
  qn::Result best = SampledStarts(f, stride > 1 ? &sample : nullptr, starts);
  if (!std::isfinite(best.f))
    return MakeError("clv.bgnbd_failed", Tr(lang, "The BG/NBD model could not be fitted (the likelihood overflowed from every start).",
                                            "Das BG/NBD-Modell ließ sich nicht schätzen (die Likelihood lief von jedem Startpunkt über)."));
  BgNbdFit fit;
  fit.params = {std::exp(best.x[0]), std::exp(best.x[1]), std::exp(best.x[2]), std::exp(best.x[3])};
  fit.info.log_likelihood = -best.f * static_cast<double>(x.size());
  fit.info.converged = best.converged && best.x.cwiseAbs().maxCoeff() < 25;
  fit.info.iterations = best.iterations;
  fit.info.gradient_norm = best.gradient_norm;
  return fit;
}

double BgNbdPAlive(const BgNbdParams& p, double x, double tx, double T) {
  if (x <= 0) return 1.0;
  // 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx))^(r + x)), in logs (large x overflows).
  const double l = std::log(p.a) - std::log(p.b + x - 1) + (p.r + x) * (std::log(p.alpha + T) - std::log(p.alpha + tx));
  return l > 0 ? std::exp(-l) / (1 + std::exp(-l)) : 1 / (1 + std::exp(l));
}

double BgNbdExpectedPurchases(const BgNbdParams& p, double t, double x, double tx, double T) {
  if (t <= 0) return 0.0;
  double a = p.a;
  // The formula has a removable singularity at a = 1; a fitted a that close is moved off it by
  // 1e-7 (the expectation changes by about the same relative amount).
  if (std::fabs(a - 1) < 1e-7) a = a < 1 ? 1 - 1e-7 : 1 + 1e-7;
  const double z = t / (p.alpha + T + t);
  const Hyp2F1Value h = Hyp2F1(p.r + x, p.b + x, a + p.b + x - 1, z);
  if (!h.converged || h.sign <= 0) return NAN;
  // ((alpha + T) / (alpha + T + t))^(r + x) 2F1(...), in logs.
  const double tail = std::exp((p.r + x) * std::log1p(-z) + h.log_abs);
  const double numerator = (a + p.b + x - 1) / (a - 1) * (1 - tail);
  return numerator * BgNbdPAlive(p, x, tx, T);
}

// [SECTION] Gamma-Gamma ---------------------------------------------------------------------------

namespace {

// Mean negative log-likelihood over the used customers, gradient in (log p, log q, log v):
// ln f = lnG(px + q) - lnG(px) - lnG(q) + q ln v + (px - 1) ln m + px ln x - (px + q) ln(v + x m).
struct GammaGammaObjective {
  std::vector<double> x, m, ln_m, ln_x;
  XCounts by_x;

  double operator()(const Eigen::VectorXd& lp, Eigen::VectorXd& grad) const {
    const double p = std::exp(lp[0]), q = std::exp(lp[1]), v = std::exp(lp[2]);
    if (!(std::isfinite(p) && std::isfinite(q) && std::isfinite(v)) || p <= 0 || q <= 0 || v <= 0) return INFINITY;
    const double n = static_cast<double>(x.size());
    double ll = 0, dp = 0, dq = 0, dv = 0;
    const double lg_q = std::lgamma(q), psi_q = Digamma(q), ln_v = std::log(v);
    for (size_t k = 1; k < by_x.count.size(); ++k) {
      const double c = by_x.count[k];
      if (c == 0) continue;
      const double px = p * static_cast<double>(k);
      ll += c * (std::lgamma(px + q) - std::lgamma(px) - lg_q + q * ln_v);
      const double psi_pxq = Digamma(px + q);
      dp += c * static_cast<double>(k) * (psi_pxq - Digamma(px));
      dq += c * (psi_pxq - psi_q + ln_v);
      dv += c * q / v;
    }
    for (size_t i = 0; i < x.size(); ++i) {
      const double px = p * x[i], vxm = v + x[i] * m[i], ln_vxm = std::log(vxm);
      ll += (px - 1) * ln_m[i] + px * ln_x[i] - (px + q) * ln_vxm;
      dp += x[i] * (ln_m[i] + ln_x[i] - ln_vxm);
      dq -= ln_vxm;
      dv -= (px + q) / vxm;
    }
    grad.resize(3);
    grad[0] = -dp * p / n;
    grad[1] = -dq * q / n;
    grad[2] = -dv * v / n;
    return -ll / n;
  }
};

GammaGammaObjective MakeGammaGamma(const std::vector<double>& x, const std::vector<double>& m) {
  GammaGammaObjective f;
  for (size_t i = 0; i < x.size() && i < m.size(); ++i) {
    if (!(x[i] > 0 && m[i] > 0 && std::isfinite(m[i]))) continue;
    f.x.push_back(x[i]);
    f.m.push_back(m[i]);
    f.ln_m.push_back(std::log(m[i]));
    f.ln_x.push_back(std::log(x[i]));
  }
  f.by_x = CountByX(f.x);
  return f;
}

}  // namespace

double GammaGammaLogLikelihood(const GammaGammaParams& g, const std::vector<double>& x, const std::vector<double>& m) {
  GammaGammaObjective f = MakeGammaGamma(x, m);
  Eigen::VectorXd lp(3), grad(3);
  lp << std::log(g.p), std::log(g.q), std::log(g.v);
  return -f(lp, grad) * static_cast<double>(f.x.size());
}

Result<GammaGammaFit> FitGammaGamma(const std::vector<double>& x, const std::vector<double>& m, Lang lang) {
  if (x.size() != m.size()) return MakeError("clv.bad_summary", "The frequency and monetary vectors differ in length.");
  GammaGammaObjective f = MakeGammaGamma(x, m);
  if (f.x.size() < 2)
    return MakeError("clv.gamma_gamma_too_few",
                     Tr(lang, "The spend model needs at least two repeat buyers with a positive spend (found " + std::to_string(f.x.size()) + ").",
                        "Das Ausgabenmodell braucht mindestens zwei Wiederkäufer mit positivem Umsatz (gefunden: " +
                            std::to_string(f.x.size()) + ")."),
                     Tr(lang, "Use a longer period of transactions, or check the amount column.",
                        "Verwenden Sie einen längeren Zeitraum oder prüfen Sie die Betragsspalte."));
  double mean_m = 0;
  for (double v : f.m) mean_m += v;
  mean_m /= static_cast<double>(f.m.size());
  // Starts: the unit point, and points whose population mean p v / (q - 1) is the observed mean.
  const std::vector<std::array<double, 3>> starts = {{1.0, 1.0, 1.0}, {2.0, 3.0, std::max(1e-6, mean_m)},
                                                     {5.0, 5.0, std::max(1e-6, mean_m * 0.8)}};
  const size_t stride = SampleStride(f.x.size());
  GammaGammaObjective sample = MakeGammaGamma(EveryNth(f.x, stride), EveryNth(f.m, stride));
  qn::Result best = SampledStarts(f, stride > 1 ? &sample : nullptr, starts);
  if (!std::isfinite(best.f))
    return MakeError("clv.gamma_gamma_failed", Tr(lang, "The spend model could not be fitted (the likelihood overflowed from every start).",
                                                  "Das Ausgabenmodell ließ sich nicht schätzen (die Likelihood lief von jedem Startpunkt über)."));
  GammaGammaFit fit;
  fit.params = {std::exp(best.x[0]), std::exp(best.x[1]), std::exp(best.x[2])};
  fit.info.log_likelihood = -best.f * static_cast<double>(f.x.size());
  fit.info.converged = best.converged && best.x.cwiseAbs().maxCoeff() < 25;
  fit.info.iterations = best.iterations;
  fit.info.gradient_norm = best.gradient_norm;
  fit.customers = f.x.size();
  return fit;
}

double GammaGammaExpectedSpend(const GammaGammaParams& g, double x, double m) {
  if (!(x > 0) || !(m > 0) || !std::isfinite(m)) return g.q > 1 ? g.p * g.v / (g.q - 1) : NAN;
  const double d = g.p * x + g.q - 1;
  return d > 0 ? g.p * (g.v + x * m) / d : NAN;
}

}  // namespace seg::analysis
