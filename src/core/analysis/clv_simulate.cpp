// Simulated transaction logs from BG/NBD + Gamma-Gamma (for recovery tests and the benchmark).
#include "seg/analysis/clv_simulate.hpp"

#include <cmath>

namespace seg::analysis {

double DrawGamma(Rng& rng, double shape) {
  if (shape < 1) {
    // Gamma(shape) = Gamma(shape + 1) * U^(1 / shape) (Marsaglia & Tsang 2000, section 6).
    double u = rng.Uniform();
    if (u < 1e-300) u = 1e-300;
    return DrawGamma(rng, shape + 1) * std::pow(u, 1 / shape);
  }
  const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
  for (;;) {
    double x, v;
    do {
      x = rng.Normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = rng.Uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

double DrawBeta(Rng& rng, double a, double b) {
  const double x = DrawGamma(rng, a), y = DrawGamma(rng, b);
  return x + y > 0 ? x / (x + y) : 0.5;
}

io::Table SimulateClvTransactions(const ClvSimulationOptions& opt) {
  Rng rng(opt.seed);
  std::vector<double> id, day, amount;
  const double per_day = 1.0 / DaysPerUnit(opt.unit);
  const int32_t end_day = opt.start_day + opt.end_day_offset;
  for (size_t c = 0; c < opt.customers; ++c) {
    const double lambda = DrawGamma(rng, opt.bgnbd.r) / opt.bgnbd.alpha;  // per time unit
    const double p = DrawBeta(rng, opt.bgnbd.a, opt.bgnbd.b);
    const double nu = DrawGamma(rng, opt.gamma_gamma.q) / opt.gamma_gamma.v;
    double t = opt.start_day + static_cast<double>(rng.Below(static_cast<uint64_t>(opt.birth_days)));  // in days
    for (bool first = true;; first = false) {
      id.push_back(static_cast<double>(c + 1));
      day.push_back(std::floor(t));
      amount.push_back(std::round(DrawGamma(rng, opt.gamma_gamma.p) / nu * 100) / 100);
      // Dropout after a repeat purchase only: the first purchase starts the customer's life (FHL 2005, assumption iii).
      if ((!first && rng.Uniform() < p) || lambda <= 0) break;
      double u = rng.Uniform();
      if (u < 1e-300) u = 1e-300;
      t += -std::log(u) / lambda / per_day;
      if (t >= end_day + 1) break;
    }
  }
  io::Table table;
  table.rows = id.size();
  auto add = [&](const char* name, io::ColumnType type, std::vector<double>& v) {
    io::Column col;
    col.name = name;
    col.type = type;
    col.values = v;
    table.columns.push_back(std::move(col));
  };
  add("customer_id", io::ColumnType::kNumeric, id);
  add("date", io::ColumnType::kDate, day);
  add("amount", io::ColumnType::kNumeric, amount);
  return table;
}

}  // namespace seg::analysis
