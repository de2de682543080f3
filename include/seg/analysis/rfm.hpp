// seg/analysis/rfm.hpp — RFM (recency, frequency, monetary) scoring and the classic named segments.
//
// Two ways in:
//   AggregateTransactions  one row per purchase line (e.g. the Online Retail export) -> one row per
//                          customer; cancellations, non-positive amounts and rows without customer,
//                          date or amount are counted in AggregationReport, never dropped silently.
//   CustomersFromColumns   a customer table that already has recency (or a last-purchase date),
//                          frequency and monetary columns.
// Then ScoreRfm gives every customer R, F, M scores 1..5 (quintiles of ranks) and a named segment
// from the R x F grid (RfmSegmentMap).
//
// Contract: nothing here throws on user data; every problem is an Error naming the column.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"
#include "seg/analysis/transactions.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

// Every (R, F) cell maps to exactly one named segment.
struct RfmSegmentMap {
  std::vector<std::string> names;  // segment names, index = segment id
  std::array<int, 25> cell{};      // cell[(r-1)*5 + (f-1)] = segment id

  // The 11 classic segments, ids in this order: Champions, Loyal, Potential Loyalist,
  // New Customers, Promising, Need Attention, About to Sleep, At Risk, Can't Lose Them,
  // Hibernating, Lost.
  static RfmSegmentMap Default();
  // Every cell in range, every name used at least once, names unique and non-empty.
  Status Validate() const;
  // {"names": [...], "grid": [[5 ids for R=1, F=1..5], ..., [R=5]]}
  nlohmann::json ToJson() const;
  // Checks types before reading (never throws) and validates the result.
  static Result<RfmSegmentMap> FromJson(const nlohmann::json& j);

  int SegmentOf(int r, int f) const { return cell[static_cast<size_t>((r - 1) * 5 + (f - 1))]; }
};

// Every row of the input is counted exactly once: used, or the first reason that applies in the
// order missing_customer, missing_date, cancelled, missing_amount, non_positive. So
// used + missing_customer + missing_date + cancelled + missing_amount + non_positive == transactions.
// (CustomersFromColumns: transactions = rows, missing_date = missing recency/date,
// missing_amount = missing frequency or monetary.)
struct AggregationReport {
  size_t transactions = 0, used = 0, cancelled = 0, non_positive = 0, missing_customer = 0,
         missing_date = 0, missing_amount = 0;
  double as_of_days = 0;  // reference day (days since 1970-01-01); NaN if recency was given in days
  // AggregateTransactions: what a purchase is (distinct invoices of invoice_column, or days).
  PurchaseBasis purchases_basis = PurchaseBasis::kDays;
  std::string invoice_column;
};

struct RfmCustomers {
  std::vector<std::string> id;
  std::vector<double> recency_days, frequency, monetary;
  AggregationReport report;
  // 0-based table row of each customer: the row read (CustomersFromColumns) or the customer's
  // first used transaction (AggregateTransactions). Empty when built by hand.
  std::vector<size_t> row;
};

// From a transaction table, through AggregateCustomers (transactions.hpp, its rules): per customer
// (in order of the first used line), recency = as_of - day of the last purchase (whole days; the
// time of day is dropped), frequency = distinct invoices (distinct days when there is no invoice
// column), monetary = revenue. as_of default: the
// day after the last used transaction date.
Result<RfmCustomers> AggregateTransactions(const io::Table& t, const TransactionColumns& cols,
                                           std::optional<double> as_of_days = std::nullopt);

// From a customer table with recency (days, numeric column; or a last-purchase date column,
// converted with as_of, default the day after the latest date), frequency and monetary columns.
// The customer id is the first identifier column, or the 1-based row number. Rows with a missing
// value are counted in the report and left out.
Result<RfmCustomers> CustomersFromColumns(const io::Table& t, const std::string& recency_or_date,
                                          const std::string& frequency, const std::string& monetary,
                                          std::optional<double> as_of_days = std::nullopt);

// Rows of a customer table left without an RFM segment, and why, in one sentence for the status,
// the report and the export notice: "484 of 5,000 rows have no RFM segment: 312 without recency,
// 172 without frequency or monetary value." Empty when every row has a segment.
std::string RfmLeftOutText(const AggregationReport& report, size_t table_rows, size_t scored, Lang lang);

struct RfmResult {
  RfmCustomers customers;
  std::vector<int> r, f, m;         // 1..5 per customer
  std::vector<int32_t> segment;     // index into map.names, per customer
  RfmSegmentMap map;
  std::vector<size_t> sizes;        // customers per segment
  std::array<size_t, 25> grid{};    // customers per R x F cell, index (r-1)*5 + (f-1)
};

// Scores 1..5 by quintiles of the ranks: rank by value (1 = smallest), ties share their average
// rank, score = 1 + floor(5 * (rank - 1) / n). R is reversed, r = 6 - score(recency), so the most
// recent customer always gets R = 5. Errors: no customers, vectors of different lengths,
// non-finite values, invalid map.
Result<RfmResult> ScoreRfm(RfmCustomers customers, const RfmSegmentMap& map = RfmSegmentMap::Default());

// The score rule on its own (exposed for tests and the UI): 1..5 per value, ascending.
std::vector<int> QuintileScores(const std::vector<double>& values);

// What scores other customers like the training ones (MODEL.json method "rfm", `segmenter apply`,
// `segmenter sql`): where each score starts on the training data, and the segment map. A new
// value gets the score of the training values at or below it, so the training rows keep theirs.
struct RfmModel {
  bool from_transactions = false;
  TransactionColumns transactions;            // from_transactions
  std::string recency, frequency, monetary;   // customer columns (recency: days, or a date)
  bool recency_is_date = false;
  double as_of_days = NAN;                    // recency from a date: the reference day
  // edges[x][s - 2] = smallest training value with score >= s (s = 2..5), +inf if none, so
  // score = 1 + #(edges <= v). x: 0 recency days (ascending; R = 6 - score), 1 frequency, 2 monetary.
  std::array<std::array<double, 4>, 3> edges{};
  RfmSegmentMap map;
};
std::array<double, 4> ScoreEdges(const std::vector<double>& values, const std::vector<int>& ascending_scores);
int ScoreFromEdges(const std::array<double, 4>& edges, double v);  // 1..5
// The edges of a scored result; the caller fills in the columns and the input form.
RfmModel RfmModelFromResult(const RfmResult& result);
nlohmann::json RfmModelToJson(const RfmModel& m);
Result<RfmModel> RfmModelFromJson(const nlohmann::json& j);  // checks types, edge order, the map
// Segment per row of a customer table (index into map.names); -1 where recency, frequency or
// monetary value is missing. Transaction models are refused (their rows are purchases).
Result<std::vector<int32_t>> ApplyRfm(const RfmModel& m, const io::Table& t);
// A transaction model on a transaction table: the lines aggregated per customer with the model's
// columns and as-of day (AggregateTransactions, its rules), then scored with the training edges
// (r, f, m and segment per customer, in order of the first used line). The SQL export
// (sql.cpp) computes the same labels in a warehouse. Errors: not a transaction model, the
// aggregation's errors (e.g. a purchase after the as-of day).
Result<RfmResult> ApplyRfmToTransactions(const RfmModel& m, const io::Table& t);

}  // namespace seg::analysis
