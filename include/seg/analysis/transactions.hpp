// seg/analysis/transactions.hpp — from a transaction file (one row per invoice line) to a customer
// table (one row per customer).
//
// Two pieces, each in its own file:
//   transactions_detect.cpp     DetectTransactions: which columns are the customer, the date, the
//                               amount (or quantity x unit price), the invoice and a status, with a
//                               reason per column (English and German column names).
//   transactions_aggregate.cpp  TransactionAggregator: one pass over the lines in bounded steps
//                               (the studio runs a ~30 ms slice per frame), state proportional to
//                               customers and purchase occasions, never to lines; then the customer
//                               table as an ordinary io::Table, its CSV, and a report that counts
//                               and lists every line that was not used.
//
// Rules (the "standard recipe" for the Online Retail data, Chen, Sain & Guo 2012): a line is used
// when it has a customer, a date, an amount > 0 (with quantity and price: quantity > 0 and unit
// price > 0), and is no cancellation (an invoice starting with 'C', or a status such as
// "cancelled"/"storniert"). Every other line is counted once under the first reason that applies,
// in the order missing_customer, missing_date, cancelled, missing_amount, non_positive.
// Cancellations and lines with a negative quantity/amount are the customer's `returns`.
// Purchases are distinct invoices when there is an invoice column, else distinct days (never lines).
// Revenue is summed exactly in millionths (quantity and price as decimals); `revenue_exact` says so.
//
// Contract: nothing here throws on user data; every problem is an Error naming the column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

// Column names of a transaction table. Either `amount`, or `quantity` and `price` (amount =
// quantity * price). `invoice` and `status` are optional. Empty = not chosen.
struct TransactionColumns {
  std::string customer, date, amount, quantity, price, invoice, status;
};

// ---- Detection -----------------------------------------------------------------------------------

enum class TransactionRole { kCustomer, kDate, kAmount, kQuantity, kPrice, kInvoice, kStatus };
// Why a column was guessed for a role.
enum class GuessReason {
  kName,        // its name is a known name for the role ("CustomerID", "Kundennr.", ...)
  kNameAndType, // a name that hints at the role (contains "kunde", "datum", ...) and the right type
  kOnlyDate,    // the only date column
  kRepeatingId, // an id-like column whose values repeat (few distinct values for many rows)
};
struct ColumnGuess {
  TransactionRole role = TransactionRole::kCustomer;
  std::string column;  // the input name
  GuessReason reason = GuessReason::kName;
};

struct TransactionGuess {
  TransactionColumns columns;       // changeable: edit and pass to the aggregator
  std::vector<ColumnGuess> guesses; // one per role found, in the order of TransactionRole
  bool looks_like_transactions = false;  // customer + date + amount (or quantity and price), ids repeat
  size_t rows = 0;
  size_t customers = 0;             // distinct customer values (the importer's count)
};
TransactionGuess DetectTransactions(const io::Table& t);
// "customer: \"CustomerID\" — a usual name for this column" / German.
std::string ColumnGuessText(const ColumnGuess& g, Lang lang);
// "This looks like transactions: 36,378 rows, 445 customers — build the customer table." / German.
std::string TransactionOfferText(const TransactionGuess& g, Lang lang);
std::string_view TransactionRoleName(TransactionRole role);  // "customer", "date", ... (JSON keys)
// The columns a person chose, the empty roles filled from the guess (a chosen amount keeps the
// guessed quantity and price out, and the other way round). The guesses used, for saying so.
struct CompletedColumns {
  TransactionColumns columns;
  std::vector<ColumnGuess> guessed;
};
CompletedColumns CompleteTransactionColumns(const TransactionGuess& guess, const TransactionColumns& chosen);

// ---- Aggregation ---------------------------------------------------------------------------------

struct TransactionsOptions {
  TransactionColumns columns;
  std::optional<double> as_of_days;  // reference day (days since 1970-01-01); default: day after the last purchase
  std::vector<std::string> keep;     // categorical columns: the customer's most frequent value
  // The file the table was read from (optional): listed lines then carry their physical line
  // number (one scan of the text up to the last listed line, at Finish). Must outlive Finish().
  const io::Dataset* source = nullptr;
};

enum class PurchaseBasis { kInvoices, kDays };
std::string_view PurchaseBasisName(PurchaseBasis b);  // "distinct_invoices", "distinct_days"

enum class LineIssue { kMissingCustomer, kMissingDate, kCancelled, kMissingAmount, kNonPositive };
std::string_view LineIssueName(LineIssue issue);  // "missing_customer", ...
struct SkippedLine {
  size_t row = 0;    // 1-based data row of the table
  int64_t line = -1; // 1-based physical line of the file, -1 if unknown
  LineIssue issue = LineIssue::kMissingCustomer;
};

// Every line is counted exactly once: used + missing_customer + missing_date + cancelled +
// missing_amount + non_positive == lines.
struct TransactionsReport {
  static constexpr size_t kListedLines = 100;
  size_t lines = 0, used = 0, missing_customer = 0, missing_date = 0, cancelled = 0, missing_amount = 0,
         non_positive = 0;
  size_t unparseable_dates = 0;     // of missing_date: a value was written but is not a date
  size_t return_lines = 0;          // cancelled or negative lines of known customers (the `returns` column)
  size_t customers = 0;             // rows of the customer table
  size_t customers_only_returns = 0;  // customers seen only on unused lines (not in the table)
  size_t purchases = 0;             // sum of the purchases column
  PurchaseBasis basis = PurchaseBasis::kDays;
  std::string invoice_column;       // the invoice column used, empty with kDays
  bool revenue_exact = true;        // every amount was a decimal summed without rounding
  double as_of_days = 0;
  double first_day = 0, last_day = 0;  // of the used lines
  std::vector<SkippedLine> skipped;    // the first kListedLines lines not used, in file order
};
nlohmann::json TransactionsReportToJson(const TransactionsReport& r);
// Plain sentences for people: what was used, what was counted and why, which purchase basis.
std::vector<std::string> TransactionsReportNotes(const TransactionsReport& r, Lang lang);

struct CustomerTable {
  // Columns: the customer column (its input name), first_purchase, last_purchase (dates),
  // recency_days, purchases, revenue, average_order_value, tenure_days, returns (numeric), the kept
  // columns (categorical), returned_value (numeric). One row per customer, in order of first use.
  io::Table table;
  std::vector<std::string> ids;         // customer id as text ("17850", not "17850.0")
  std::vector<int64_t> revenue_micros;  // exact revenue in millionths (valid when report.revenue_exact)
  std::vector<size_t> first_row;        // 0-based input row of each customer's first used line
  TransactionsReport report;
};
// The customer table as CSV (comma, '.' decimals, ISO dates; revenue written exactly).
std::string CustomerTableToCsv(const CustomerTable& c);

// Sliced aggregation for UIs:
//   auto agg = TransactionAggregator::Start(table, options);   // checks the columns
//   while (!agg->Step(200000)) ShowProgress(agg->Progress());
//   Result<CustomerTable> customers = agg->Finish();
// The table must outlive the aggregator. Memory: one entry per customer, one per purchase
// occasion (customer x invoice or customer x day) and one per (customer, kept value).
class TransactionAggregator {
 public:
  static Result<TransactionAggregator> Start(const io::Table& t, TransactionsOptions options);
  ~TransactionAggregator();
  TransactionAggregator(TransactionAggregator&&) noexcept;
  TransactionAggregator& operator=(TransactionAggregator&&) noexcept;

  // Reads up to `max_lines` more lines. True when every line has been read.
  bool Step(size_t max_lines);
  double Progress() const;  // 0..1
  // Entries of the aggregation state (for the memory contract; see the tests).
  size_t CustomerEntries() const;
  size_t OccasionEntries() const;
  // The customer table; call once after Step() returned true (it finishes reading otherwise).
  Result<CustomerTable> Finish();

 private:
  struct State;
  explicit TransactionAggregator(std::unique_ptr<State> s);
  std::unique_ptr<State> state_;
};

// One-shot aggregation.
Result<CustomerTable> AggregateCustomers(const io::Table& t, TransactionsOptions options);

}  // namespace seg::analysis
