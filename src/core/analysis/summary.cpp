#include "seg/analysis/summary.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include "seg/io/csv_writer.hpp"

namespace seg::analysis {
namespace {

std::string Number(double v, char decimal) {
  if (!std::isfinite(v)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  std::string s = buf;
  if (decimal != '.')
    for (char& c : s)
      if (c == '.') c = decimal;
  return s;
}

}  // namespace

std::string SummaryCsv(const SegmentResult& result, const SummaryCsvOptions& options) {
  std::vector<std::string> header = {"segment", "name", "customers", "share", "description"};
  std::vector<std::string> kpi_keys;
  if (!result.segments.empty())
    for (const auto& kv : result.segments.front().kpis) kpi_keys.push_back(kv.key);
  for (const auto& key : kpi_keys) header.push_back(key);
  std::vector<std::string> features;
  if (!result.segments.empty())
    for (const auto& f : result.segments.front().features) features.push_back(f.name);
  for (const auto& f : features) header.push_back("mean_" + f);

  std::vector<std::vector<std::string>> rows;
  for (const auto& s : result.segments) {
    std::vector<std::string> row = {std::to_string(s.id + 1), s.name, std::to_string(s.size),
                                    Number(s.share, options.decimal), s.description};
    for (const auto& key : kpi_keys) {
      double v = NAN;
      for (const auto& kv : s.kpis)
        if (kv.key == key) v = kv.value;
      row.push_back(Number(v, options.decimal));
    }
    for (const auto& name : features) {
      double v = NAN;
      for (const auto& f : s.features)
        if (f.name == name) v = f.mean;
      row.push_back(Number(v, options.decimal));
    }
    rows.push_back(std::move(row));
  }
  std::string out = options.utf8_bom ? "\xEF\xBB\xBF" : "";
  out += io::WriteCsv(header, rows, options.delimiter, options.line_ending, /*neutralise_formulas=*/true);
  return out;
}

}  // namespace seg::analysis
