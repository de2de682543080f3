// segmenter customers TXNS.csv --customer COL --date COL (--amount COL | --quantity COL --price COL)
//                    [--invoice COL] [--status COL] [--as-of yyyy-mm-dd] [--keep country,...]
//                    --out CUSTOMERS.csv [--report REPORT.json] [--lang en|de]
// One row per customer from a transaction file (seg/analysis/transactions.hpp). Roles not given
// are taken from the detected guess, and stderr says so.
#include <cmath>
#include <iostream>

#include "cli_common.hpp"
#include "cli_methods.hpp"
#include "commands.hpp"
#include "seg/analysis/transactions.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::cli {

analysis::TransactionColumns ChosenTransactionColumns(const Args& args) {
  analysis::TransactionColumns chosen;
  chosen.customer = args.Get("--customer").value_or("");
  chosen.date = args.Get("--date").value_or("");
  chosen.amount = args.Get("--amount").value_or("");
  chosen.quantity = args.Get("--quantity").value_or("");
  chosen.price = args.Get("--price").value_or("");
  chosen.invoice = args.Get("--invoice").value_or("");
  chosen.status = args.Get("--status").value_or("");
  return chosen;
}

analysis::CompletedColumns TransactionColumnsFromArgs(const Args& args, const io::Table& table) {
  return analysis::CompleteTransactionColumns(analysis::DetectTransactions(table), ChosenTransactionColumns(args));
}

int RunCustomers(const std::vector<std::string>& argv) {
  std::set<std::string> values = kImportValueFlags;
  values.insert({"--customer", "--date", "--amount", "--quantity", "--price", "--invoice", "--status", "--as-of", "--keep",
                 "--out", "--report", "--lang"});
  auto args = Args::Parse(argv, values, kImportBoolFlags);
  if (!args.ok()) return Fail(args.error());
  if (args->positionals().size() != 1) return Usage("customers expects exactly one TXNS.csv");
  auto out_path = args->Get("--out");
  if (!out_path) return Usage("customers needs --out CUSTOMERS.csv");
  const auto lang = args->Has("--lang") ? ParseLang(*args->Get("--lang")) : std::optional<Lang>(Lang::kEn);
  if (!lang) return Usage("--lang must be en or de (got \"" + args->Get("--lang").value_or("") + "\")");
  if (args->Has("--amount") && (args->Has("--quantity") || args->Has("--price")))
    return Usage("give either --amount COL or --quantity COL --price COL, not both");
  analysis::TransactionsOptions options;
  if (auto a = args->Get("--as-of")) {
    auto d = io::ParseDate(*a, io::kDateIso);
    if (!d) return Fail(MakeError("cli.bad_date", "--as-of expects a date like 2011-12-10, got \"" + *a + "\""));
    options.as_of_days = std::floor(*d);
  }
  if (auto k = args->Get("--keep")) options.keep = SplitList(*k);

  auto data = LoadCsv(args->positionals()[0], args.value());
  if (!data.ok()) return Fail(data.error());
  const io::Dataset& d = data.value();
  const analysis::CompletedColumns cols = TransactionColumnsFromArgs(args.value(), d.table);
  options.columns = cols.columns;
  options.source = &d;
  auto customers = analysis::AggregateCustomers(d.table, options);
  if (!customers.ok()) return Fail(customers.error());  // one line; the guesses follow a success
  for (const analysis::ColumnGuess& g : cols.guessed)
    std::cerr << (*lang == Lang::kDe ? "erkannt: " : "detected: ") << analysis::ColumnGuessText(g, *lang) << "\n";
  if (auto st = WriteFileBytes(*out_path, analysis::CustomerTableToCsv(customers.value())); !st.ok()) return Fail(st.error());

  const analysis::TransactionsReport& rep = customers->report;
  const std::vector<std::string> notes = analysis::TransactionsReportNotes(rep, *lang);
  if (auto path = args->Get("--report")) {
    const analysis::TransactionColumns& c = cols.columns;
    nlohmann::json guessed = nlohmann::json::array();
    for (const auto& g : cols.guessed)
      guessed.push_back({{"role", analysis::TransactionRoleName(g.role)}, {"column", g.column}, {"reason", analysis::ColumnGuessText(g, *lang)}});
    auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
    nlohmann::json report = {{"columns",
                              {{"customer", c.customer}, {"date", c.date}, {"amount", opt(c.amount)}, {"quantity", opt(c.quantity)},
                               {"price", opt(c.price)}, {"invoice", opt(c.invoice)}, {"status", opt(c.status)}}},
                             {"guessed", guessed},
                             {"kept", options.keep},
                             {"transactions", analysis::TransactionsReportToJson(rep)},
                             {"notes", notes}};
    if (auto st = WriteFileBytes(*path, report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"); !st.ok())
      return Fail(st.error());
  }
  for (const std::string& n : notes) std::cerr << n << "\n";
  std::cerr << "-> " << *out_path << "\n";
  return 0;
}

}  // namespace seg::cli
