// seg/analysis/segmented_csv.hpp — the customer file with its segments: the `segment` and
// `segment_name` columns from a result's labels and names, written under the one personal-data
// choice that every row export (segmented CSV, selection, CLI) honours.
#pragma once

#include <string>
#include <vector>

#include "seg/analysis/segmentation.hpp"
#include "seg/common/result.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/privacy/minimise.hpp"

namespace seg::analysis {

// The two columns every segmented export appends, one value per table row: `segment` (1-based id
// as shown) and `segment_name`. A row without a segment (e.g. no RFM values) gets empty cells.
struct SegmentColumns {
  std::vector<std::string> names = {"segment", "segment_name"};
  std::vector<std::vector<std::string>> values;  // 2 x rows
};
SegmentColumns SegmentColumnValues(const SegmentResult& result, size_t rows);

struct SegmentedCsvOptions {
  // Personal data detected at import and what the user chose for exports (keep, leave out, mask).
  const std::vector<privacy::PersonalColumn>* personal = nullptr;
  privacy::PersonalExport personal_export = privacy::PersonalExport::kKeep;
  const std::vector<uint8_t>* rows = nullptr;  // only these table rows (a selection, != 0); nullptr = all
  io::ExportOptions base;                   // encoding, delimiter, ... (column edits are set here)
};

// Every original row as read, plus `segment` and `segment_name`. Errors: the personal-data plan
// could not be made (see privacy::PlanMinimisation).
Result<std::string> WriteSegmentedCsv(const io::Dataset& data, const SegmentResult& result,
                                      const SegmentedCsvOptions& options = {});

}  // namespace seg::analysis
