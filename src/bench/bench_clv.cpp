// bench --clv-only [--rows 100000,1000000]: BG/NBD + Gamma-Gamma fit and scoring on simulated logs.
//
// A benchmark, not a test: it measures and prints. Each log is drawn by SimulateClvTransactions
// (CDNOW-like parameters, about 3.5 transactions per customer over 78 weeks), then every step is
// timed once with std::chrono::steady_clock after an untimed warm-up on 2,000 customers.
#include "bench_clv.hpp"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <map>
#include <sstream>

#include "seg/analysis/clv.hpp"
#include "seg/analysis/clv_simulate.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace seg::analysis;

double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
// Process CPU seconds: on a shared machine the honest figure next to the wall clock.
double Cpu() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

std::string Cell(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}
std::string Ms(double s) { return s < 1 ? Cell("%.0f ms", s * 1e3) : Cell("%.2f s", s); }

ClvSimulationOptions Simulation(size_t customers) {
  ClvSimulationOptions o;
  o.customers = customers;
  o.bgnbd = {0.4, 4.0, 0.8, 2.5};
  o.gamma_gamma = {6.0, 4.0, 15.0};
  o.seed = 42;
  return o;
}

}  // namespace

int RunClvBench(const std::vector<size_t>& customers, const std::string& platform, double (*memory_bytes)(),
                void (*reset_peak_memory)()) {
  std::vector<std::string> steps;
  std::map<std::string, std::vector<std::string>> cells;
  auto put = [&](const std::string& step, const std::string& v) {
    if (!cells.count(step)) steps.push_back(step);
    cells[step].push_back(v);
  };
  std::vector<size_t> runs = {2000};  // warm-up, not reported
  runs.insert(runs.end(), customers.begin(), customers.end());
  for (size_t k = 0; k < runs.size(); ++k) {
    const bool report = k > 0;
    const ClvSimulationOptions sim = Simulation(runs[k]);
    seg::io::Table t = SimulateClvTransactions(sim);
    ClvOptions o;
    o.columns.customer = "customer_id";
    o.columns.date = "date";
    o.columns.amount = "amount";
    const int32_t end = sim.start_day + sim.end_day_offset;
    auto t0 = Clock::now();
    auto occ = ReadPurchaseOccasions(t, o.columns, std::nullopt);
    const double read_s = Since(t0);
    if (!occ.ok()) { std::fprintf(stderr, "bench: %s\n", occ.error().ToString().c_str()); return 1; }
    t0 = Clock::now();
    CustomerSummary s = SummarizeCustomers(occ.value(), end, end, o.time_unit);
    const double summary_s = Since(t0);
    t0 = Clock::now();
    auto bg = FitBgNbd(s.frequency, s.recency, s.T);
    const double bg_s = Since(t0);
    t0 = Clock::now();
    auto gg = FitGammaGamma(s.frequency, s.monetary);
    const double gg_s = Since(t0);
    if (!bg.ok() || !gg.ok()) { std::fprintf(stderr, "bench: a fit failed\n"); return 1; }
    t0 = Clock::now();
    double sum = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      const double e = BgNbdExpectedPurchases(bg->params, 52, s.frequency[i], s.recency[i], s.T[i]);
      sum += BgNbdPAlive(bg->params, s.frequency[i], s.recency[i], s.T[i]) + e * GammaGammaExpectedSpend(gg->params, s.frequency[i], s.monetary[i]);
    }
    const double score_s = Since(t0);
    reset_peak_memory();
    const double before = memory_bytes();
    t0 = Clock::now();
    const double c0 = Cpu();
    auto whole = RunClv(t, o);
    const double whole_s = Since(t0), whole_cpu = Cpu() - c0;
    const double peak = memory_bytes();
    o.calibration_end_day = sim.start_day + 272;
    o.discount_rate = 0.002;
    t0 = Clock::now();
    const double c1 = Cpu();
    auto validated = RunClv(t, o);
    const double validated_s = Since(t0), validated_cpu = Cpu() - c1;
    if (!whole.ok() || !validated.ok()) { std::fprintf(stderr, "bench: RunClv failed\n"); return 1; }
    if (!report) continue;
    put("Transactions (simulated)", std::to_string(t.rows));
    put("Read purchase occasions", Ms(read_s));
    put("Customer summary (x, t_x, T, m)", Ms(summary_s));
    put("BG/NBD fit", Ms(bg_s) + Cell(" (%.0f it.)", bg->info.iterations));
    put("Gamma-Gamma fit", Ms(gg_s) + Cell(" (%.0f it.)", gg->info.iterations));
    put("Score: P(alive), E[purchases 52], E[spend]", Ms(score_s) + (sum > 0 ? "" : " (!)"));
    put("**RunClv: fit + score + segments** (wall / CPU)", "**" + Ms(whole_s) + " / " + Ms(whole_cpu) + "**");
    put("RunClv + calibration fit + discounting (wall / CPU)", Ms(validated_s) + " / " + Ms(validated_cpu));
    put("Memory: peak during RunClv", Cell("%.0f MB", peak / 1e6) + Cell(" (+%.0f MB)", (peak - before) / 1e6));
  }
  std::ostringstream md;
  md << "**Segmenter CLV benchmark** — " << platform
     << "; simulated BG/NBD + Gamma-Gamma logs (r 0.4, alpha 4, a 0.8, b 2.5; 78 weeks), weeks, horizon 52.\n\n| Step |";
  for (size_t c : customers) md << " " << c << " customers |";
  md << "\n|---|";
  for (size_t c = 0; c < customers.size(); ++c) md << "---:|";
  md << "\n";
  for (const std::string& step : steps) {
    md << "| " << step << " |";
    for (const std::string& cell : cells[step]) md << " " << cell << " |";
    md << "\n";
  }
  std::fwrite(md.str().data(), 1, md.str().size(), stdout);
  return 0;
}
