// bench --transactions [N]: transactions -> customers on a generated invoice-line export (default
// 1,000,000 lines, 20,000 customers): import, detection, the sliced aggregation (the longest
// 100,000-line step), its state entries and memory. Prints a Markdown table.
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <string>


#include "seg/analysis/transactions.hpp"
#include "seg/common/rng.hpp"
#include "seg/io/csv_reader.hpp"

namespace {

// CPU time of the process: the machine the figures come from is shared, and wall time there
// measures the neighbours as much as this code.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};
double Since(double t0) { return Clock::now() - t0; }

double RssBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  long pages = 0, resident = 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return static_cast<double>(resident) * 4096.0;
}

// Online-Retail-shaped lines: invoices of 1..40 lines, 2% cancellations, 1% without a customer.
std::string GenerateLines(size_t lines, size_t customers) {
  seg::Rng rng(7);
  std::string csv = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
  csv.reserve(lines * 64);
  size_t invoice = 500000;
  char buf[160];
  for (size_t i = 0; i < lines;) {
    const size_t n = 1 + rng.Below(40);
    const bool cancel = rng.Below(50) == 0;
    const bool anonymous = rng.Below(100) == 0;
    const uint64_t customer = 10000 + rng.Below(customers);
    const uint64_t day = rng.Below(365);
    const int y = 2023 + static_cast<int>(day / 365);
    const unsigned m = 1 + static_cast<unsigned>((day % 365) / 31 % 12), d = 1 + static_cast<unsigned>(day % 28);
    ++invoice;
    for (size_t l = 0; l < n && i < lines; ++l, ++i) {
      const uint64_t q = 1 + rng.Below(24), cents = 10 + rng.Below(2000);
      std::snprintf(buf, sizeof buf, "%s%zu,%llu,%s%llu,%04d-%02u-%02u %02llu:%02llu:00,%llu.%02llu,%s,%s\n",
                    cancel ? "C" : "", invoice, static_cast<unsigned long long>(20000 + rng.Below(4000)), cancel ? "-" : "",
                    static_cast<unsigned long long>(q), y, m, d, static_cast<unsigned long long>(8 + day % 10),
                    static_cast<unsigned long long>(l % 60), static_cast<unsigned long long>(cents / 100),
                    static_cast<unsigned long long>(cents % 100),
                    anonymous ? "" : (std::to_string(customer) + ".0").c_str(), rng.Below(10) ? "United Kingdom" : "Germany");
      csv += buf;
    }
  }
  return csv;
}

}  // namespace

int RunTransactionsBench(size_t lines) {
  const size_t customers = 20000;
  const std::string csv = GenerateLines(lines, customers);
  auto t0 = Clock::now();
  auto d = seg::io::ReadCsv(csv);
  const double import_s = Since(t0);
  if (!d.ok()) {
    std::fprintf(stderr, "bench: import failed: %s\n", d.error().ToString().c_str());
    return 1;
  }
  t0 = Clock::now();
  const seg::analysis::TransactionGuess g = seg::analysis::DetectTransactions(d->table);
  const double detect_s = Since(t0);
  seg::analysis::TransactionsOptions o;
  o.columns = g.columns;
  o.keep = {"Country"};
  const double rss_before = RssBytes();
  t0 = Clock::now();
  auto agg = seg::analysis::TransactionAggregator::Start(d->table, o);
  if (!agg.ok()) {
    std::fprintf(stderr, "bench: %s\n", agg.error().ToString().c_str());
    return 1;
  }
  double longest = 0;
  size_t steps = 0;
  for (bool done = false; !done; ++steps) {
    const auto s0 = Clock::now();
    done = agg->Step(100000);
    longest = std::max(longest, Since(s0));
  }
  const size_t customer_entries = agg->CustomerEntries(), occasion_entries = agg->OccasionEntries();
  auto table = agg->Finish();
  const double aggregate_s = Since(t0);
  const double rss_after = RssBytes();
  if (!table.ok()) {
    std::fprintf(stderr, "bench: %s\n", table.error().ToString().c_str());
    return 1;
  }
  const std::string out = seg::analysis::CustomerTableToCsv(table.value());
  std::printf("**Transactions -> customers** — %zu generated lines (%.1f MB), %zu customers, invoices of 1..40 lines\n\n",
              lines, static_cast<double>(csv.size()) / 1e6, table->table.rows);
  std::printf("| Step (CPU time) | Figure |\n|---|---:|\n");
  std::printf("| Import (`ReadCsv`) | %.2f s |\n", import_s);
  std::printf("| Detection (`DetectTransactions`) | %.3f ms |\n", detect_s * 1e3);
  std::printf("| Aggregation, all %zu steps + `Finish` | %.3f s (%.1f M lines/s) |\n", steps, aggregate_s,
              static_cast<double>(lines) / aggregate_s / 1e6);
  std::printf("| Longest 100,000-line step | %.1f ms |\n", longest * 1e3);
  std::printf("| State entries: customers / purchase occasions | %zu / %zu |\n", customer_entries, occasion_entries);
  std::printf("| RSS growth during the aggregation | %.1f MB |\n", (rss_after - rss_before) / 1e6);
  std::printf("| Customer CSV | %.2f MB |\n", static_cast<double>(out.size()) / 1e6);
  std::printf("| Lines used / cancelled / without customer | %zu / %zu / %zu |\n", table->report.used, table->report.cancelled,
              table->report.missing_customer);
  return 0;
}
