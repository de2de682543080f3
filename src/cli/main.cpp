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
  segmenter segment FILE --out OUT.csv [--report REPORT.json] [--k N] [--seed S] [--features a,b,c]
      k-means over the chosen (default: all numeric) columns after imputation and z-scaling.
      OUT.csv holds every original row and column unchanged plus `segment` and `segment_name`.
      --no-formula-guard  do not neutralise cells starting with = + - @ in the export
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
  std::cerr << "segmenter: unknown command \"" << command << "\" (run `segmenter help`)\n";
  return 2;
}
