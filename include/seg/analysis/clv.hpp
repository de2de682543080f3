// seg/analysis/clv.hpp — predicted customer value from a transaction log: BG/NBD + Gamma-Gamma fits,
// per-customer P(alive), expected purchases, expected spend and CLV, the calibration/holdout
// validation, and value x activity segments with KPIs. The verbs behind
// `segmenter segment --method clv` and `segmenter apply` of a CLV model (and the studio's view).
//
//   RunClv     fits both models on all data (the predictions) and, with a calibration end, again on
//              the data up to it, comparing that fit's forecast of the holdout with what happened.
//   ApplyClv   scores a later transaction export with a saved ClvModel, without refitting.
//
// CLV = margin x sum over the horizon of (expected purchases in each step) x expected spend, a
// step ending at time t discounted by (1 + discount_rate)^-(t - step/2), with up to 13 equal steps
// (one per time unit for horizons up to 13; no discounting at rate 0: then
// CLV = margin x E[purchases over the horizon] x E[spend]). Purchases and spend are independent
// in the model (Gamma-Gamma's assumption; a warning gives the observed correlation).
//
// For the studio's "Predicted value" view (not built yet): call RunClv(table, options) once (a
// few hundred ms for 100k customers natively) and draw from the ClvResult:
//   P(alive) map        BgNbdPAlive(r.bgnbd.params, x, t_x, T) over a frequency x recency grid at
//                       a fixed T (clv_models.hpp), or the customers' own p_alive by (frequency, recency);
//   validation chart    r.validation->by_frequency (actual_mean vs predicted_mean per 0..7+);
//   CLV per segment     r.segments (share_of_predicted_revenue, mean_p_alive, mean_clv);
//   list                r.customers (sort an index by clv or p_alive; segment ids 0..8,
//                       names ClvSegmentName(id, lang));
//   downloads           ClvReportToJson(r), ClvModelToJson(ClvModelFromResult(r)), and OUT.csv as
//                       src/cli/cli_clv.cpp writes it (move that writer into the core when the app needs it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/analysis/clv_data.hpp"
#include "seg/analysis/clv_models.hpp"
#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

struct ClvOptions {
  TransactionColumns columns;
  TimeUnit time_unit = TimeUnit::kWeek;
  double horizon = 52;        // time units after the observed-until day
  double discount_rate = 0;   // per time unit, >= 0
  double margin = 1;          // share of revenue that is profit, (0, 1]
  std::optional<int32_t> observed_until_day;   // default: the last purchase in the data
  std::optional<int32_t> calibration_end_day;  // validation when set
  Lang lang = Lang::kEn;
};

// Value tier x activity: segment id = tier * 3 + activity (0..8).
enum class ClvValueTier { kHigh, kMedium, kLow };
enum class ClvActivity { kActive, kSlipping, kLost };
constexpr int kClvSegmentCount = 9;
// "High value, active", "Hoher Wert, aktiv", ...
std::string ClvSegmentName(int segment, Lang lang);
// Where the tiers start: high = CLV >= clv_edges[1] (the top 20% of the fit's customers), medium =
// CLV >= clv_edges[0] (the next 30%), low below; active = P(alive) >= p_alive_edges[1],
// slipping away >= p_alive_edges[0], probably lost below.
struct ClvSegmentRule {
  std::array<double, 2> clv_edges{0, 0};
  std::array<double, 2> p_alive_edges{0.3, 0.7};
  int SegmentOf(double clv, double p_alive) const;
};

// One row per customer, in order of first appearance in the file. NaN = no value (monetary
// without a repeat purchase; expected values where a formula had no finite answer; holdout for
// customers who first bought after the calibration end or without validation).
struct ClvCustomers {
  std::vector<std::string> id;
  std::vector<double> frequency, recency, T, monetary, p_alive, expected_purchases, expected_value, clv;
  std::vector<int32_t> segment;  // 0..8
  std::vector<double> holdout_actual, holdout_expected;
  size_t size() const { return id.size(); }
};

struct ClvValidationRow {
  int frequency = 0;  // 0..7, 7 = "7+"
  size_t customers = 0;
  double actual_mean = 0, predicted_mean = 0;
};
struct ClvValidation {
  int32_t calibration_end_day = 0;
  double holdout_periods = 0;  // time units after the calibration end, to the observed-until day
  BgNbdFit bgnbd;
  GammaGammaFit gamma_gamma;
  size_t customers = 0;           // who had bought by the calibration end
  size_t new_in_holdout = 0;      // first bought after it (not in the table)
  double actual_total = 0, predicted_total = 0;
  std::vector<ClvValidationRow> by_frequency;
};

struct ClvSegmentKpis {
  int id = 0;
  std::string name;
  size_t customers = 0;
  double share_of_customers = 0, predicted_revenue = 0, share_of_predicted_revenue = 0, mean_p_alive = 0,
         mean_clv = 0, mean_expected_purchases = 0;
};

struct ClvResult {
  ClvOptions options;           // as given, observed_until_day filled in
  OccasionReport transactions;
  BgNbdFit bgnbd;
  GammaGammaFit gamma_gamma;
  size_t gamma_gamma_excluded = 0;    // repeat buyers with zero mean spend
  double spend_frequency_correlation = NAN;  // Pearson, over the Gamma-Gamma customers
  ClvCustomers customers;
  std::optional<ClvValidation> validation;
  ClvSegmentRule rule;
  std::vector<ClvSegmentKpis> segments;  // all nine, in id order
  std::vector<std::string> warnings;     // in options.lang
};

// Errors (in options.lang): columns, a transaction after the observed-until day (with its row),
// one customer, one day of data, only one-time buyers, a calibration end outside the data,
// absurd horizon / discount / margin.
Result<ClvResult> RunClv(const io::Table& t, const ClvOptions& options);

// REPORT.json of `segment --method clv` (keys in the README and issue 22's contract).
nlohmann::json ClvReportToJson(const ClvResult& r);

// What scores a later export: the parameters, the time unit, the observed-until day of the fit,
// horizon, discounting, margin, the columns and the segment rule.
struct ClvModel {
  TransactionColumns columns;
  TimeUnit time_unit = TimeUnit::kWeek;
  int32_t observed_until_day = 0;
  double horizon = 52, discount_rate = 0, margin = 1;
  BgNbdParams bgnbd;
  GammaGammaParams gamma_gamma;
  ClvSegmentRule rule;
};
ClvModel ClvModelFromResult(const ClvResult& r);
nlohmann::json ClvModelToJson(const ClvModel& m);  // {"method": "clv", "version": 1, ...}
Result<ClvModel> ClvModelFromJson(const nlohmann::json& j, Lang lang = Lang::kEn);  // checks every field
// Scores the customers of `t` with the model's parameters (no fit): T runs to observed_until_day
// (default: the later of the model's day and the file's last purchase). Segment KPIs are filled;
// bgnbd/gamma_gamma carry the model's parameters with NaN likelihoods.
Result<ClvResult> ApplyClv(const ClvModel& m, const io::Table& t, std::optional<int32_t> observed_until_day,
                           Lang lang = Lang::kEn);

}  // namespace seg::analysis
