// segmenter — customer segmentation on the command line. Thin shell over the seg core.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

constexpr const char* kUsage = R"(segmenter — customer segmentation (the same core as the browser app)

usage:
  segmenter inspect FILE [--json] [--rows N] [import options]
      Detected dialect (encoding, delimiter, quote, decimal separator, header) and every column's
      name, type, missing and distinct count. --rows N adds the first N rows as read.
  segmenter segment FILE --out OUT.csv [--report REPORT.json] [--model MODEL.json] [--k N|auto]
                    [--seed S] [--features a,b,c]
      k-means over the chosen (default: all numeric) columns after imputation, log1p of skewed
      columns and z-scaling. OUT.csv holds every original row and column unchanged plus
      `segment` and `segment_name`. REPORT.json: sizes, profiles, KPIs, quality, k scores.
      --k auto [--k-min 2 --k-max 10 --min-share 0.02]  choose k and explain why
      --scale zscore|robust|minmax|none   --log auto|none|a,b   --clip 0.01 (quantile clipping)
      --weights a=2,b=0.5   --kpi revenue=col,churn=col,nps=col,margin=col,conversion=col,...
      --no-formula-guard  do not neutralise cells starting with = + - @ in the export
  segmenter apply MODEL.json FILE --out OUT.csv
      Applies a saved model to another file with the same columns (e.g. next month's export).
  segmenter demo [--rows N] [--seed S] [--out FILE]
      Writes the generated demo customer base (B2B SaaS, DACH) as CSV.

import options:
  --encoding utf-8|utf-16le|utf-16be|windows-1252   --delimiter , ; tab |   --decimal . ,
  --no-header   --missing a,b (extra missing-value markers)   --stop-on-bad-rows

Exit status: 0 on success, 1 for bad input, 2 for bad arguments; the message names the problem.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "segmenter 0.1.0\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "inspect") return seg::cli::RunInspect(args);
  if (command == "segment") return seg::cli::RunSegment(args);
  if (command == "demo") return seg::cli::RunDemo(args);
  if (command == "apply") return seg::cli::RunApply(args);
  std::cerr << "segmenter: unknown command \"" << command << "\" (run `segmenter help`)\n";
  return 2;
}
