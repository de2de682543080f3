// Shared pieces of the command-line tool: argument parsing, file I/O, import flags.
// The CLI is a thin shell: it reads bytes, calls the core, writes bytes.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "seg/analysis/kpi.hpp"
#include "seg/common/result.hpp"
#include "seg/io/csv_reader.hpp"

namespace seg::cli {

// Strict flag parser: `--name value`, `--name=value`, boolean `--flag`; positionals in order.
class Args {
 public:
  // `value_flags` take a value, `bool_flags` do not. Unknown flags are an error.
  static Result<Args> Parse(const std::vector<std::string>& argv, const std::set<std::string>& value_flags,
                            const std::set<std::string>& bool_flags);
  bool Has(const std::string& flag) const { return values_.count(flag) || bools_.count(flag); }
  std::optional<std::string> Get(const std::string& flag) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> bools_;
  std::vector<std::string> positionals_;
};

Result<std::string> ReadFileBytes(const std::string& path);
Status WriteFileBytes(const std::string& path, const std::string& bytes);

// Import flags shared by every command that reads a CSV.
extern const std::set<std::string> kImportValueFlags;  // --encoding --delimiter --decimal --missing --sheet
extern const std::set<std::string> kImportBoolFlags;   // --no-header --header --stop-on-bad-rows
Result<io::ReadOptions> ImportOptionsFromArgs(const Args& args);
// Reads and imports FILE with the import flags; errors carry the file name.
Result<io::Dataset> LoadCsv(const std::string& path, const Args& args);

Result<long long> ParseInteger(const std::string& flag, const std::string& text, long long min, long long max);
// A decimal number in [min, max] ("0.05"; "5%" means 0.05).
Result<double> ParseFraction(const std::string& flag, const std::string& text, double min, double max);
std::vector<std::string> SplitList(const std::string& text);
// --kpi revenue=col,churn=col,... (kinds: revenue, margin, churn, nps, conversion, renewal, tenure).
Result<std::vector<analysis::KpiMapping>> ParseKpiMappings(const std::string& text);

// Prints "segmenter: <message>" on stderr and returns the exit status for bad input (1) or
// bad usage (2).
int Fail(const Error& error);
int Usage(const std::string& message);

}  // namespace seg::cli
