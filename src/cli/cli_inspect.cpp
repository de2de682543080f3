// segmenter inspect FILE [--json] [--rows N] [import flags]
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli_common.hpp"
#include "seg/common/text.hpp"
#include "commands.hpp"
#include "seg/io/inspect.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::cli {

int RunInspect(const std::vector<std::string>& argv) {
  std::set<std::string> values = kImportValueFlags;
  values.insert("--rows");
  values.insert("--lang");
  std::set<std::string> bools = kImportBoolFlags;
  bools.insert("--json");
  auto args = Args::Parse(argv, values, bools);
  if (!args.ok()) return Fail(args.error());
  if (args->positionals().size() != 1) return Usage("inspect expects exactly one FILE");
  size_t preview = 0;
  if (auto r = args->Get("--rows")) {
    auto n = ParseInteger("--rows", *r, 0, 1000000);
    if (!n.ok()) return Fail(n.error());
    preview = static_cast<size_t>(n.value());
  }
  auto data = LoadCsv(args->positionals()[0], args.value());
  if (!data.ok()) return Fail(data.error());
  nlohmann::json j = io::DescribeDataset(data.value(), preview);
  j["file"] = args->positionals()[0];
  if (args->Has("--json")) {
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  const io::Dataset& d = data.value();
  auto src = [](bool set) { return set ? "set" : "auto"; };
  std::printf("file        %s\n", args->positionals()[0].c_str());
  std::printf("encoding    %s%s (%s)\n", std::string(io::EncodingName(d.encoding.value)).c_str(),
              d.bom_length ? " with BOM" : "", src(d.encoding.set_by_user));
  std::printf("delimiter   %s (%s)\n", io::DelimiterDisplayName(d.dialect.delimiter).c_str(), src(d.delimiter.set_by_user));
  std::printf("quote       %s\n", d.dialect.quote ? std::string(1, d.dialect.quote).c_str() : "none");
  std::printf("decimal     %c (%s)\n", d.dialect.decimal, src(d.decimal.set_by_user));
  {
    // Which line was taken as the header, and how to change it.
    const io::HeaderGuess& g = d.header_guess;
    const long long line = static_cast<long long>(g.line);
    if (d.dialect.header) {
      std::printf("header      yes, line %lld (%s%s)%s\n", line, src(d.header.set_by_user), g.unsure ? ", not sure" : "",
                  d.header.set_by_user ? "" : "; --no-header reads it as a customer");
    } else {
      std::printf("header      no, data from line %lld (%s%s)%s\n", line, src(d.header.set_by_user), g.unsure ? ", not sure" : "",
                  d.header.set_by_user ? "" : "; --header reads that line as the header");
    }
    for (int64_t t : g.title_lines) std::printf("title       line %lld skipped (a title above the table)\n", static_cast<long long>(t));
  }
  std::printf("rows        %zu (rejected: %zu)\n", d.table.rows, d.report.rejected_total);
  std::printf("\n%-32s %-12s %8s %9s  %s\n", "column", "type", "missing", "distinct", "summary");
  for (const auto& c : d.table.columns) {
    std::string summary;
    char buf[160];
    if (c.IsNumericLike() && c.type != io::ColumnType::kDate && std::isfinite(c.min)) {
      std::snprintf(buf, sizeof buf, "min %.6g  max %.6g  mean %.6g", c.min, c.max, c.mean);
      summary = buf;
      if (!c.unit.empty()) summary += "  [" + c.unit + "]";
    } else if (c.type == io::ColumnType::kDate && std::isfinite(c.min)) {
      summary = io::FormatIsoDate(c.min) + " .. " + io::FormatIsoDate(c.max) + "  (" + c.date_format + ")";
    } else if (!c.top_values.empty()) {
      for (size_t i = 0; i < c.top_values.size() && i < 3; ++i) {
        if (i) summary += ", ";
        summary += TruncateUtf8(c.top_values[i].first, 24);
      }
    }
    if (c.constant) summary += "  (constant)";
    std::printf("%-32s %-12s %8zu %9zu  %s\n", c.name.c_str(), std::string(io::ColumnTypeName(c.type)).c_str(),
                c.missing, c.distinct, summary.c_str());
  }
  for (const auto& note : d.report.notes) std::printf("\nnote: %s", note.c_str());
  if (!d.report.notes.empty()) std::printf("\n");
  for (const auto& r : d.report.rejected) std::printf("rejected line %lld: %s\n", static_cast<long long>(r.line), r.reason.c_str());
  return 0;
}

}  // namespace seg::cli
