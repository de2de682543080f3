// Predicted customer value: 2F1, the customer summary, BG/NBD and Gamma-Gamma fits (published
// CDNOW results and parameter recovery on simulated logs).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "seg/analysis/clv.hpp"
#include "seg/analysis/clv_data.hpp"
#include "seg/analysis/clv_models.hpp"
#include "seg/analysis/clv_simulate.hpp"
#include "seg/analysis/hyp2f1.hpp"
#include "seg/io/value_parse.hpp"

using namespace seg;
using namespace seg::analysis;

TEST_CASE("Hyp2F1 matches closed forms, near z = 1 and for z < 0", "[clv][hyp2f1]") {
  // A&S 15.1.3: 2F1(1, 1; 2; z) = -ln(1 - z) / z.
  for (double z : {0.1, 0.5, 0.74, 0.8, 0.95, 0.999, -0.5, -3.0}) {
    Hyp2F1Value h = Hyp2F1(1, 1, 2, z);
    REQUIRE(h.converged);
    CHECK(h.value == Approx(-std::log1p(-z) / z).epsilon(1e-12));
  }
  // A&S 15.1.8: 2F1(a, b; b; z) = (1 - z)^(-a).
  for (double z : {0.3, 0.9, 0.99, -0.9}) {
    Hyp2F1Value h = Hyp2F1(0.7, 2.3, 2.3, z);
    REQUIRE(h.converged);
    CHECK(h.value == Approx(std::pow(1 - z, -0.7)).epsilon(1e-11));
  }
  // A&S 15.1.6: 2F1(1/2, 1/2; 3/2; z^2) = arcsin(z) / z.
  for (double s : {0.5, 0.9, 0.99}) {
    Hyp2F1Value h = Hyp2F1(0.5, 0.5, 1.5, s * s);
    REQUIRE(h.converged);
    CHECK(h.value == Approx(std::asin(s) / s).epsilon(1e-11));
  }
  // Gauss's sum (A&S 15.1.20) at z = 1; divergent there when c - a - b <= 0.
  Hyp2F1Value g = Hyp2F1(0.5, 0.25, 2.0, 1.0);
  REQUIRE(g.converged);
  CHECK(g.value == Approx(std::tgamma(2.0) * std::tgamma(1.25) / (std::tgamma(1.5) * std::tgamma(1.75))));
  CHECK_FALSE(Hyp2F1(1, 1, 2, 1.0).converged);
  CHECK_FALSE(Hyp2F1(1, 1, -2, 0.5).converged);
  CHECK_FALSE(Hyp2F1(1, 1, 2, 1.5).converged);
  // Large parameters (a customer with 300 repeat purchases): log|value| stays finite.
  Hyp2F1Value big = Hyp2F1(300.2, 302.4, 302.2, 0.6);
  REQUIRE(big.converged);
  CHECK(std::isfinite(big.log_abs));
  // 2F1(a, b; b; z) again, but reached through the series with huge terms.
  CHECK(Hyp2F1(300.2, 5.5, 5.5, 0.6).log_abs == Approx(-300.2 * std::log(0.4)).epsilon(1e-12));
}

namespace {

// CDNOW_sample.txt: " 00004 0001 19970101  2   29.33" = master id, sample id, yyyymmdd, CDs, dollars.
bool ReadCdnow(io::Table* t) {
  std::ifstream f(SEG_DATASETS_DIR "/cdnow/CDNOW_sample.txt", std::ios::binary);
  if (!f) return false;
  std::vector<double> id, day, amount;
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream ls(line);
    long long master, sample, ymd, count;
    double dollars;
    if (!(ls >> master >> sample >> ymd >> count >> dollars)) continue;
    id.push_back(static_cast<double>(sample));
    day.push_back(static_cast<double>(io::DaysFromCivil(ymd / 10000, static_cast<unsigned>(ymd / 100 % 100), static_cast<unsigned>(ymd % 100))));
    amount.push_back(dollars);
  }
  t->rows = id.size();
  auto add = [&](const char* name, io::ColumnType type, std::vector<double>& v) {
    io::Column c;
    c.name = name;
    c.type = type;
    c.values = v;
    t->columns.push_back(std::move(c));
  };
  add("customer", io::ColumnType::kNumeric, id);
  add("date", io::ColumnType::kDate, day);
  add("amount", io::ColumnType::kNumeric, amount);
  return true;
}

int32_t Day(int y, unsigned m, unsigned d) { return static_cast<int32_t>(io::DaysFromCivil(y, m, d)); }

TransactionColumns Cols(const char* customer, const char* date, const char* amount) {
  TransactionColumns c;
  c.customer = customer;
  c.date = date;
  c.amount = amount;
  return c;
}

}  // namespace

TEST_CASE("CDNOW: BG/NBD and Gamma-Gamma reproduce the published estimates", "[clv][cdnow]") {
  io::Table t;
  if (!ReadCdnow(&t)) {
    WARN("skipped: ../shared/datasets/cdnow/CDNOW_sample.txt not found (only in the dev setup)");
    return;
  }
  const TransactionColumns cols = Cols("customer", "date", "amount");
  auto occ = ReadPurchaseOccasions(t, cols, std::nullopt);
  REQUIRE(occ.ok());
  // FHL 2005, section 4: 2,357 customers of the 1/10 sample, first purchase in Q1 1997.
  CHECK(occ->customers() == 2357);
  const int32_t cal_end = Day(1997, 9, 30);
  CustomerSummary s = SummarizeCustomers(occ.value(), cal_end, cal_end, TimeUnit::kWeek);
  REQUIRE(s.size() == 2357);
  // FHL 2005, Table/section 4: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4.
  auto fit = FitBgNbd(s.frequency, s.recency, s.T);
  REQUIRE(fit.ok());
  CHECK(fit->info.converged);
  CHECK(fit->params.r == Approx(0.243).margin(0.0005));
  CHECK(fit->params.alpha == Approx(4.414).margin(0.0005));
  CHECK(fit->params.a == Approx(0.793).margin(0.0005));
  CHECK(fit->params.b == Approx(2.426).margin(0.0005));
  CHECK(fit->info.log_likelihood == Approx(-9582.4).margin(0.05));
  // Fader, Hardie & Lee 2005 (JMR), and Fader & Hardie 2013: 946 repeat buyers, p = 6.25, q = 3.74, v = 15.44.
  size_t repeat = 0;
  for (double x : s.frequency) repeat += x > 0;
  CHECK(repeat == 946);
  auto gg = FitGammaGamma(s.frequency, s.monetary);
  REQUIRE(gg.ok());
  CHECK(gg->info.converged);
  CHECK(gg->customers == 946);
  CHECK(gg->params.p == Approx(6.25).margin(0.005));
  CHECK(gg->params.q == Approx(3.74).margin(0.005));
  CHECK(gg->params.v == Approx(15.44).margin(0.005));
  // FHL, "Implementing the BG/NBD model" (note): a customer with x = 2, t_x = 30.43, T = 38.86 is
  // expected to make 1.226 purchases in the next 39 weeks (CDNOW customer 0001 is that customer).
  CHECK(BgNbdExpectedPurchases(fit->params, 39, 2, 30.43, 38.86) == Approx(1.226).margin(0.0005));
  // Per-customer formulas are finite and in range for everyone.
  for (size_t i = 0; i < s.size(); ++i) {
    const double pa = BgNbdPAlive(fit->params, s.frequency[i], s.recency[i], s.T[i]);
    const double e = BgNbdExpectedPurchases(fit->params, 39, s.frequency[i], s.recency[i], s.T[i]);
    REQUIRE((pa > 0 && pa <= 1));
    REQUIRE((std::isfinite(e) && e >= 0));
  }
  WARN("CDNOW fit: r=" << fit->params.r << " alpha=" << fit->params.alpha << " a=" << fit->params.a << " b="
                      << fit->params.b << " LL=" << fit->info.log_likelihood << "; GG p=" << gg->params.p << " q="
                      << gg->params.q << " v=" << gg->params.v << " LL=" << gg->info.log_likelihood);
}

TEST_CASE("BG/NBD and Gamma-Gamma recover the parameters of simulated transaction logs", "[clv][recovery]") {
  // 30,000 customers, births over 12 weeks, 78 weeks observed; the truth is CDNOW-like.
  ClvSimulationOptions opt;
  opt.customers = 30000;
  opt.bgnbd = {0.4, 5.0, 0.7, 2.5};
  opt.gamma_gamma = {5.0, 4.0, 20.0};
  opt.seed = 20260501;
  io::Table t = SimulateClvTransactions(opt);
  const TransactionColumns cols = Cols("customer_id", "date", "amount");
  const int32_t end = opt.start_day + opt.end_day_offset;
  auto occ = ReadPurchaseOccasions(t, cols, end);
  REQUIRE(occ.ok());
  REQUIRE(occ->customers() == opt.customers);
  CustomerSummary s = SummarizeCustomers(occ.value(), end, end, TimeUnit::kWeek);
  auto fit = FitBgNbd(s.frequency, s.recency, s.T);
  REQUIRE(fit.ok());
  CHECK(fit->info.converged);
  // Sampling error at n = 30,000 is a few percent; whole days add a little more.
  CHECK(fit->params.r == Approx(opt.bgnbd.r).epsilon(0.10));
  CHECK(fit->params.alpha == Approx(opt.bgnbd.alpha).epsilon(0.12));
  CHECK(fit->params.a == Approx(opt.bgnbd.a).epsilon(0.15));
  CHECK(fit->params.b == Approx(opt.bgnbd.b).epsilon(0.20));
  auto gg = FitGammaGamma(s.frequency, s.monetary);
  REQUIRE(gg.ok());
  CHECK(gg->info.converged);
  CHECK(gg->params.p == Approx(opt.gamma_gamma.p).epsilon(0.10));
  CHECK(gg->params.q == Approx(opt.gamma_gamma.q).epsilon(0.15));
  CHECK(gg->params.v == Approx(opt.gamma_gamma.v).epsilon(0.20));
  WARN("recovered r=" << fit->params.r << " alpha=" << fit->params.alpha << " a=" << fit->params.a << " b=" << fit->params.b
                      << "; p=" << gg->params.p << " q=" << gg->params.q << " v=" << gg->params.v);
}

TEST_CASE("Customer summary: same-day purchases merge, T runs to the observed-until day", "[clv]") {
  io::Table t;
  t.rows = 6;
  auto add = [&](const char* name, io::ColumnType type, std::vector<double> v) {
    io::Column c;
    c.name = name;
    c.type = type;
    c.values = v;
    t.columns.push_back(std::move(c));
  };
  const double d0 = Day(2024, 1, 1);
  add("c", io::ColumnType::kNumeric, {1, 1, 1, 2, 1, 2});
  add("d", io::ColumnType::kDate, {d0, d0 + 0.5, d0 + 7, d0 + 14, d0 + 21, d0 + 28});
  add("a", io::ColumnType::kNumeric, {10, 5, 20, 7, 40, 8});
  const TransactionColumns cols = Cols("c", "d", "a");
  auto occ = ReadPurchaseOccasions(t, cols, std::nullopt);
  REQUIRE(occ.ok());
  CustomerSummary s = SummarizeCustomers(occ.value(), Day(2024, 1, 15), Day(2024, 1, 15), TimeUnit::kWeek);
  REQUIRE(s.size() == 2);
  CHECK(s.frequency[0] == 1);  // 1 Jan (merged, 15), 8 Jan (20); 22 Jan is after the cutoff
  CHECK(s.recency[0] == Approx(1.0));
  CHECK(s.T[0] == Approx(2.0));
  CHECK(s.monetary[0] == Approx(20.0));
  CHECK(s.holdout[0] == 1);
  CHECK(s.frequency[1] == 0);
  CHECK(std::isnan(s.monetary[1]));
  CHECK(s.T[1] == Approx(0.0));
  // A purchase after the observed-until day is refused with its row.
  auto late = ReadPurchaseOccasions(t, cols, Day(2024, 1, 20), Lang::kDe);
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == "clv.after_observed_until");
  CHECK(late.error().message.find("Datenzeile 5") != std::string::npos);
}

TEST_CASE("RunClv: validation table, segments, and a model that scores the same customers identically", "[clv]") {
  ClvSimulationOptions sim;
  sim.customers = 3000;
  sim.seed = 7;
  io::Table t = SimulateClvTransactions(sim);
  ClvOptions o;
  o.columns = Cols("customer_id", "date", "amount");
  o.calibration_end_day = sim.start_day + 272;  // 39 weeks in
  o.discount_rate = 0.002;
  auto r = RunClv(t, o);
  REQUIRE(r.ok());
  REQUIRE(r->validation);
  const ClvValidation& v = *r->validation;
  CHECK(v.holdout_periods == Approx((sim.end_day_offset - 272) / 7.0));
  REQUIRE(v.by_frequency.size() == 8);
  size_t customers = 0;
  for (const ClvValidationRow& row : v.by_frequency) customers += row.customers;
  CHECK(customers == v.customers);
  // The model is true to the simulation: the forecast is within 15% of what happened.
  CHECK(v.predicted_total == Approx(v.actual_total).epsilon(0.15));
  double share = 0;
  for (const ClvSegmentKpis& k : r->segments) share += k.share_of_predicted_revenue;
  CHECK(share == Approx(1.0));
  for (size_t i = 0; i < r->customers.size(); ++i) {
    REQUIRE(std::isfinite(r->customers.clv[i]));
    REQUIRE((r->customers.p_alive[i] > 0 && r->customers.p_alive[i] <= 1));
  }
  // Round trip through JSON, then apply to the same data: identical scores.
  auto m = ClvModelFromJson(nlohmann::json::parse(ClvModelToJson(ClvModelFromResult(r.value())).dump()));
  REQUIRE(m.ok());
  auto a = ApplyClv(m.value(), t, std::nullopt);
  REQUIRE(a.ok());
  REQUIRE(a->customers.size() == r->customers.size());
  for (size_t i = 0; i < a->customers.size(); ++i) {
    REQUIRE(a->customers.clv[i] == Approx(r->customers.clv[i]).epsilon(1e-12));
    REQUIRE(a->customers.segment[i] == r->customers.segment[i]);
  }
  CHECK_FALSE(ClvModelFromJson(nlohmann::json::parse(R"({"method":"clv","time_unit":"month"})"), Lang::kDe).ok());
  // Bad options are messages.
  o.horizon = -1;
  auto bad = RunClv(t, o);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "clv.bad_horizon");
}
