// segmenter segment FILE --out OUT.csv [--report REPORT.json] [--k N] [--seed S] [--features a,b,c]
#include <iostream>

#include "cli_common.hpp"
#include "commands.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/io/csv_writer.hpp"

namespace seg::cli {

int RunSegment(const std::vector<std::string>& argv) {
  std::set<std::string> values = kImportValueFlags;
  values.insert({"--out", "--report", "--k", "--seed", "--features"});
  std::set<std::string> bools = kImportBoolFlags;
  bools.insert("--no-formula-guard");
  auto args = Args::Parse(argv, values, bools);
  if (!args.ok()) return Fail(args.error());
  if (args->positionals().size() != 1) return Usage("segment expects exactly one FILE");
  auto out_path = args->Get("--out");
  if (!out_path) return Usage("segment needs --out OUT.csv");

  analysis::SegmentParams params;
  if (auto k = args->Get("--k")) {
    auto n = ParseInteger("--k", *k, 1, 1000);
    if (!n.ok()) return Fail(n.error());
    params.k = static_cast<int>(n.value());
  }
  if (auto s = args->Get("--seed")) {
    auto n = ParseInteger("--seed", *s, 0, (1LL << 53));
    if (!n.ok()) return Fail(n.error());
    params.seed = static_cast<uint64_t>(n.value());
  }
  if (auto f = args->Get("--features")) params.features = SplitList(*f);

  auto data = LoadCsv(args->positionals()[0], args.value());
  if (!data.ok()) return Fail(data.error());
  const io::Dataset& d = data.value();
  auto result = analysis::RunSegmentation(d.table, params);
  if (!result.ok()) return Fail(result.error());
  const analysis::SegmentResult& r = result.value();

  std::vector<std::string> seg_ids(d.table.rows), seg_names(d.table.rows);
  for (size_t i = 0; i < d.table.rows; ++i) {
    const int label = r.labels[i];
    seg_ids[i] = std::to_string(label + 1);
    seg_names[i] = r.segments[static_cast<size_t>(label)].name;
  }
  io::ExportOptions eo;
  eo.neutralise_formulas = !args->Has("--no-formula-guard");
  std::string csv = io::WriteWithExtraColumns(d, {"segment", "segment_name"}, {seg_ids, seg_names}, eo);
  if (auto st = WriteFileBytes(*out_path, csv); !st.ok()) return Fail(st.error());
  if (auto rp = args->Get("--report")) {
    nlohmann::json report = analysis::ReportToJson(r);
    report["input"] = {{"file", args->positionals()[0]},
                       {"rows", d.table.rows},
                       {"rejected_rows", d.report.rejected_total}};
    if (auto st = WriteFileBytes(*rp, report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        !st.ok())
      return Fail(st.error());
  }
  std::cerr << "Segmented " << d.table.rows << " rows into " << r.k << " segments -> " << *out_path << "\n";
  for (const auto& w : r.warnings) std::cerr << "note: " << w << "\n";
  return 0;
}

}  // namespace seg::cli
