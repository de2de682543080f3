// src/core/analysis/segmented_csv.cpp — the segment columns and the segmented CSV (see the header).
#include "seg/analysis/segmented_csv.hpp"

namespace seg::analysis {

SegmentColumns SegmentColumnValues(const SegmentResult& result, size_t rows) {
  SegmentColumns out;
  out.values.assign(2, std::vector<std::string>(rows));
  for (size_t i = 0; i < rows && i < result.labels.size(); ++i) {
    const int32_t label = result.labels[i];
    if (label < 0 || label >= result.k || static_cast<size_t>(label) >= result.segments.size()) continue;
    out.values[0][i] = std::to_string(label + 1);
    out.values[1][i] = result.segments[static_cast<size_t>(label)].name;
  }
  return out;
}

Result<std::string> WriteSegmentedCsv(const io::Dataset& data, const SegmentResult& result,
                                      const SegmentedCsvOptions& options) {
  auto eo = options.personal ? privacy::PersonalExportOptions(data.table, *options.personal, options.personal_export, options.base)
                             : Result<io::ExportOptions>(options.base);
  if (!eo.ok()) return eo.error();
  io::ExportOptions export_options = std::move(eo.value());
  export_options.rows = options.rows;
  const SegmentColumns cols = SegmentColumnValues(result, data.table.rows);
  return io::WriteWithExtraColumns(data, cols.names, cols.values, export_options);
}

}  // namespace seg::analysis
