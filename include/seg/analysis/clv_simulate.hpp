// seg/analysis/clv_simulate.hpp — transaction logs drawn from known BG/NBD and Gamma-Gamma
// parameters, for parameter-recovery tests and the CLV benchmark.
//
// Each customer is born (first purchase) on a day uniform in [0, birth_days), buys as a Poisson
// process of rate lambda ~ Gamma(r, alpha) per time unit while alive, and after every repeat purchase
// drops out with probability p ~ Beta(a, b) (FHL 2005, section 3); every purchase's value is
// Gamma(p_gg, nu) with nu ~ Gamma(q, v) (Fader & Hardie 2013). Purchases up to `end_day`
// (inclusive) are kept. Deterministic for a seed on every platform (seg::Rng and our own maps).
#pragma once

#include <cstddef>
#include <cstdint>

#include "seg/analysis/clv_data.hpp"
#include "seg/analysis/clv_models.hpp"
#include "seg/common/rng.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

struct ClvSimulationOptions {
  size_t customers = 1000;
  BgNbdParams bgnbd{0.25, 4.0, 0.8, 2.5};
  GammaGammaParams gamma_gamma{6.0, 4.0, 15.0};
  TimeUnit unit = TimeUnit::kWeek;
  int32_t start_day = 9862;  // 1997-01-01
  int birth_days = 84;       // births spread over the first 12 weeks
  int end_day_offset = 545;  // last observed day = start_day + this (78 weeks later)
  uint64_t seed = 1;
};

// Columns "customer_id" (numeric), "date" (kDate, whole days), "amount" (numeric), one row per
// purchase, grouped by customer in birth order (as an export sorted by customer would be).
io::Table SimulateClvTransactions(const ClvSimulationOptions& opt);

// Gamma(shape, 1) and Beta(a, b) draws (Marsaglia & Tsang 2000, with the shape < 1 boost).
double DrawGamma(Rng& rng, double shape);
double DrawBeta(Rng& rng, double a, double b);

}  // namespace seg::analysis
