// The Gaussian hypergeometric function 2F1 (series, A&S 15.3.6 near z = 1, Pfaff for z < 0).
#include "seg/analysis/hyp2f1.hpp"

#include <algorithm>
#include <limits>

namespace seg::analysis {

namespace {

bool IsNonPositiveInteger(double v) { return v <= 0 && v == std::floor(v); }

// log|Gamma(v)| and its sign; sign 0 at a pole (where 1/Gamma is zero).
double LogAbsGamma(double v, int* sign) {
  if (IsNonPositiveInteger(v)) {
    *sign = 0;
    return INFINITY;
  }
  *sign = (v > 0 || static_cast<long long>(std::floor(v)) % 2 == 0) ? 1 : -1;
  return std::lgamma(v);
}

Hyp2F1Value FromLog(double log_abs, int sign, int terms, bool converged) {
  Hyp2F1Value r;
  r.log_abs = log_abs;
  r.sign = sign;
  r.terms = terms;
  r.converged = converged;
  r.value = sign == 0 ? 0.0 : sign * std::exp(log_abs);
  if (!converged) r.value = NAN;
  return r;
}

// The defining series sum_n (a)_n (b)_n / ((c)_n n!) z^n, |z| < 1. The partial sum is kept scaled
// (sum * exp(log_scale)) so that huge intermediate terms (large a, b) never overflow. It stops
// when a term is below 1e-16 of the sum and the term ratio is below one (in magnitude); a series
// that terminates (a or b a non-positive integer) stops at its last term.
Hyp2F1Value Series(double a, double b, double c, double z, int max_terms) {
  double sum = 1.0, term = 1.0, log_scale = 0.0;
  for (int n = 0; n < max_terms; ++n) {
    const double ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    term *= ratio;
    sum += term;
    if (term == 0.0) return FromLog(std::log(std::fabs(sum)) + log_scale, sum > 0 ? 1 : (sum < 0 ? -1 : 0), n + 1, true);
    if (std::fabs(term) <= 1e-16 * std::fabs(sum) && std::fabs(ratio) < 1.0) {
      const int sign = sum > 0 ? 1 : (sum < 0 ? -1 : 0);
      return FromLog(sign == 0 ? -INFINITY : std::log(std::fabs(sum)) + log_scale, sign, n + 1, true);
    }
    if (std::fabs(sum) > 1e250 || std::fabs(term) > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      log_scale += 250.0 * std::log(10.0);
    }
    if (!std::isfinite(sum)) break;
  }
  return FromLog(NAN, 0, max_terms, false);
}

// sign1 * exp(l1) + sign2 * exp(l2) as (log|.|, sign).
void AddLog(double l1, int s1, double l2, int s2, double* out_log, int* out_sign) {
  if (s1 == 0) { *out_log = l2; *out_sign = s2; return; }
  if (s2 == 0) { *out_log = l1; *out_sign = s1; return; }
  const double m = std::max(l1, l2);
  const double v = s1 * std::exp(l1 - m) + s2 * std::exp(l2 - m);
  *out_sign = v > 0 ? 1 : (v < 0 ? -1 : 0);
  *out_log = *out_sign == 0 ? -INFINITY : m + std::log(std::fabs(v));
}

}  // namespace

Hyp2F1Value Hyp2F1(double a, double b, double c, double z, int max_terms) {
  if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c) || !std::isfinite(z) || z > 1.0 ||
      IsNonPositiveInteger(c)) {
    return FromLog(NAN, 0, 0, false);
  }
  if (z == 0.0 || a == 0.0 || b == 0.0) return FromLog(0.0, 1, 0, true);
  if (z < 0.0) {
    // Pfaff (A&S 15.3.5): 2F1(a, b; c; z) = (1 - z)^(-a) 2F1(a, c - b; c; z / (z - 1)).
    Hyp2F1Value inner = Hyp2F1(a, c - b, c, z / (z - 1.0), max_terms);
    if (!inner.converged) return inner;
    return FromLog(inner.log_abs - a * std::log1p(-z), inner.sign, inner.terms, true);
  }
  const double s = c - a - b;
  if (z == 1.0) {
    // Gauss (A&S 15.1.20): Gamma(c) Gamma(c - a - b) / (Gamma(c - a) Gamma(c - b)), c - a - b > 0.
    if (!(s > 0)) return FromLog(NAN, 0, 0, false);
    int g1, g2, g3, g4;
    const double l = LogAbsGamma(c, &g1) + LogAbsGamma(s, &g2);
    const double d1 = LogAbsGamma(c - a, &g3), d2 = LogAbsGamma(c - b, &g4);
    if (g3 == 0 || g4 == 0) return FromLog(-INFINITY, 0, 0, true);
    return FromLog(l - d1 - d2, g1 * g2 * g3 * g4, 0, true);
  }
  const bool near_integer = std::fabs(s - std::round(s)) < 1e-6;
  if (z <= 0.75 || near_integer) return Series(a, b, c, z, max_terms);
  // A&S 15.3.6: 2F1(a,b;c;z) = G(c)G(s)/(G(c-a)G(c-b)) 2F1(a, b; 1 - s; 1 - z)
  //                         + (1-z)^s G(c)G(-s)/(G(a)G(b)) 2F1(c - a, c - b; 1 + s; 1 - z).
  const double w = 1.0 - z;
  Hyp2F1Value f1 = Series(a, b, 1.0 - s, w, max_terms);
  Hyp2F1Value f2 = Series(c - a, c - b, 1.0 + s, w, max_terms);
  if (!f1.converged || !f2.converged) return FromLog(NAN, 0, f1.terms + f2.terms, false);
  int gc, gs, gms, gca, gcb, ga, gb;
  const double lc = LogAbsGamma(c, &gc);
  const double ls = LogAbsGamma(s, &gs), lms = LogAbsGamma(-s, &gms);
  const double lca = LogAbsGamma(c - a, &gca), lcb = LogAbsGamma(c - b, &gcb);
  const double la = LogAbsGamma(a, &ga), lb = LogAbsGamma(b, &gb);
  // A pole of a Gamma in a denominator makes that part zero.
  const int s1 = (gca == 0 || gcb == 0) ? 0 : gc * gs * gca * gcb * f1.sign;
  const double l1 = lc + ls - lca - lcb + f1.log_abs;
  const int s2 = (ga == 0 || gb == 0) ? 0 : gc * gms * ga * gb * f2.sign;
  const double l2 = lc + lms - la - lb + s * std::log(w) + f2.log_abs;
  double l;
  int sign;
  AddLog(l1, s1, l2, s2, &l, &sign);
  return FromLog(l, sign, f1.terms + f2.terms, true);
}

}  // namespace seg::analysis
