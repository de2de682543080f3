// seg/analysis/clv_models.hpp — the BG/NBD purchase model and the Gamma-Gamma spend model:
// maximum-likelihood fits and the per-customer quantities (P(alive), expected purchases,
// expected spend per purchase).
//
//   BG/NBD      Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way: An Alternative
//               to the Pareto/NBD Model", Marketing Science 24(2) 275-284, and Fader, Hardie &
//               Lee, "Implementing the BG/NBD Model for Customer Base Analysis in Excel" (2005 note):
//               purchases Poisson(lambda) while alive, lambda ~ Gamma(r, alpha); after each
//               purchase the customer drops out with probability p ~ Beta(a, b).
//   Gamma-Gamma Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
//               Analysis", Journal of Marketing Research 42(4) 415-430; Colombo & Jiang 1999; and
//               Fader & Hardie, "The Gamma-Gamma Model of Monetary Value" (2013 note): spend per
//               transaction ~ Gamma(p, nu), nu ~ Gamma(q, v), independent of the purchase process.
//
// Both are fitted on log-parameters with analytic gradients and BFGS (quasi_newton.hpp), from
// several starting points (the best likelihood wins). A fit always returns finite parameters;
// `converged` says whether the gradient vanished — callers report it, they never hide it.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"

namespace seg::analysis {

struct BgNbdParams {
  double r = NAN, alpha = NAN, a = NAN, b = NAN;
};
struct GammaGammaParams {
  double p = NAN, q = NAN, v = NAN;
};

struct FitInfo {
  double log_likelihood = NAN;
  bool converged = false;
  int iterations = 0;        // of the best start
  double gradient_norm = NAN;  // max |d mean log-likelihood / d log-parameter|
};

struct BgNbdFit {
  BgNbdParams params;
  FitInfo info;
};
struct GammaGammaFit {
  GammaGammaParams params;
  FitInfo info;
  size_t customers = 0;  // repeat buyers with positive mean spend the fit used
};

// ---- BG/NBD ---------------------------------------------------------------------------------
// Sum over customers of the log-likelihood (FHL 2005, eq. 6), x = repeat purchases, tx = time of the
// last one, T = age, in one time unit.
double BgNbdLogLikelihood(const BgNbdParams& p, const std::vector<double>& x, const std::vector<double>& tx,
                          const std::vector<double>& T);
// Errors: no customers, vectors of different lengths, values that are not x >= 0 whole,
// 0 <= tx <= T, T > 0 for some; nobody with a repeat purchase; fewer than two customers.
Result<BgNbdFit> FitBgNbd(const std::vector<double>& x, const std::vector<double>& tx, const std::vector<double>& T,
                          Lang lang = Lang::kEn);
// P(alive | x, tx, T) (FHL note, eq. 4); 1 for x = 0.
double BgNbdPAlive(const BgNbdParams& p, double x, double tx, double T);
// E[Y(t) | x, tx, T]: expected purchases in the next t time units (FHL 2005, eq. 10), with the
// stable 2F1 of hyp2f1.hpp. NaN if 2F1 did not converge.
double BgNbdExpectedPurchases(const BgNbdParams& p, double t, double x, double tx, double T);

// ---- Gamma-Gamma ----------------------------------------------------------------------------
// Sum over customers of log f(m | p, q, v, x) for x > 0 repeat purchases of mean value m > 0.
double GammaGammaLogLikelihood(const GammaGammaParams& g, const std::vector<double>& x, const std::vector<double>& m);
// Uses the customers with x > 0 and m > 0 (the others are skipped; callers count them).
// Errors: fewer than two such customers, vectors of different lengths.
Result<GammaGammaFit> FitGammaGamma(const std::vector<double>& x, const std::vector<double>& m, Lang lang = Lang::kEn);
// E[M | x, m] = p (v + x m) / (p x + q - 1) (Fader & Hardie 2013, eq. 5); for x = 0 or m missing
// the population mean p v / (q - 1). NaN where the mean does not exist (p x + q <= 1).
double GammaGammaExpectedSpend(const GammaGammaParams& g, double x, double m);

}  // namespace seg::analysis
