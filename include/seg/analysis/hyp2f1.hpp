// seg/analysis/hyp2f1.hpp — the Gaussian hypergeometric function 2F1(a, b; c; z) for real
// arguments, z < 1 (and z = 1 where Gauss's sum exists), as the BG/NBD conditional expectation needs it.
//
// Python's `lifetimes` users report that this function is where BG/NBD predictions go wrong
// (overflowing terms, silent non-convergence for arguments near 1). Here every evaluation says
// whether it converged, and its value is also given as log|value| with a sign, so callers can
// multiply by small prefactors such as (1 - z)^(r + x) without overflow.
//
// Method (Abramowitz & Stegun 1964, ch. 15):
//   0 <= z <= 0.75            the defining series, summed with a running scale (no overflow) until a
//                             term falls below 1e-16 of the sum while the term ratio is below one;
//   0.75 < z < 1              A&S 15.3.6, the transformation to 1 - z (two series in 1 - z < 0.25),
//                             unless c - a - b is within 1e-6 of an integer (where 15.3.6 is singular):
//                             then the series in z, which converges for every z < 1;
//   z < 0                     Pfaff's transformation (A&S 15.3.5) to z / (z - 1) in (0, 1);
//   z = 1                     Gauss's sum (A&S 15.1.20) when c - a - b > 0.
#pragma once

#include <cmath>

namespace seg::analysis {

struct Hyp2F1Value {
  double value = NAN;     // sign * exp(log_abs); +-inf when it does not fit a double
  double log_abs = NAN;   // log |value| (-inf for 0)
  int sign = 0;           // -1, 0, +1
  int terms = 0;          // series terms summed
  bool converged = false; // false: value is NaN (c a non-positive integer, z > 1, divergent at z = 1, too many terms)
};

// max_terms bounds each series (the series in z needs about log(eps) / log(z) terms near z = 1).
Hyp2F1Value Hyp2F1(double a, double b, double c, double z, int max_terms = 1000000);

}  // namespace seg::analysis
