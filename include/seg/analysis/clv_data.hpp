// seg/analysis/clv_data.hpp — purchase occasions and the customer summary (x, t_x, T, mean repeat
// spend) that BG/NBD and Gamma-Gamma are fitted on, from a transaction table.
//
// This is not RFM's aggregation (seg/analysis/rfm.hpp): the models count purchase *occasions*, so
// several transactions of one customer on one day are merged into one occasion (Fader, Hardie &
// Lee 2005, CDNOW), and the first occasion is the customer's "birth", not a repeat purchase.
//
// Dates are whole days (days since 1970-01-01; the time of day is dropped). The observed-until
// day and the calibration end are inclusive last days: T is measured from the first purchase to
// the observed-until day, and calibration data are the occasions up to and including its end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/analysis/rfm.hpp"  // TransactionColumns
#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

enum class TimeUnit { kDay, kWeek };
double DaysPerUnit(TimeUnit unit);                        // 1, 7
std::string_view TimeUnitName(TimeUnit unit);             // "day", "week" (CLI and JSON contract)
std::optional<TimeUnit> ParseTimeUnit(std::string_view s);  // "day"/"days", "week"/"weeks"

// Every row is counted once: used, or the first reason in the order missing_customer,
// missing_date, cancelled (invoice starting with 'C'), missing_amount, negative (a return).
struct OccasionReport {
  size_t transactions = 0, used = 0, missing_customer = 0, missing_date = 0, cancelled = 0, missing_amount = 0,
         negative = 0;
};

// Customers in order of first appearance; customer i's occasions are [offset[i], offset[i + 1])
// of day/amount, days ascending and distinct, amount = the day's total (zero allowed).
struct PurchaseOccasions {
  std::vector<std::string> id;
  std::vector<size_t> first_row;   // 0-based table row of the customer's first used transaction
  std::vector<uint32_t> offset;    // customers + 1 entries
  std::vector<int32_t> day;
  std::vector<double> amount;
  int32_t first_day = 0, last_day = 0;  // over all occasions
  OccasionReport report;
  size_t customers() const { return id.size(); }
};

// Reads the customer, date and amount (or quantity x price) columns; `invoice` only marks
// cancellations. Errors (in `lang`): a missing or mistyped column, no usable row, and — with
// observed_until_day — a transaction after that day (the message names its data row).
Result<PurchaseOccasions> ReadPurchaseOccasions(const io::Table& t, const TransactionColumns& cols,
                                                std::optional<int32_t> observed_until_day, Lang lang = Lang::kEn);

// The model's view of each customer who had bought by `cutoff_day` (inclusive), in time units:
// frequency x = occasions up to the cutoff minus one, recency t_x = last minus first of those,
// T = end_day - first occasion, monetary = mean amount of the repeat occasions (NaN when x = 0),
// holdout = occasions after the cutoff (up to the end of the data).
struct CustomerSummary {
  std::vector<uint32_t> customer;  // index into PurchaseOccasions::id
  std::vector<double> frequency, recency, T, monetary, holdout;
  size_t size() const { return customer.size(); }
};
CustomerSummary SummarizeCustomers(const PurchaseOccasions& occ, int32_t cutoff_day, int32_t end_day, TimeUnit unit);

}  // namespace seg::analysis
