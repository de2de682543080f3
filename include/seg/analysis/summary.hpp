// seg/analysis/summary.hpp — the segment summary as a spreadsheet: one row per segment with its
// size, share, KPIs and the segment mean of every segmenting column.
#pragma once

#include <string>

#include "seg/analysis/segmentation.hpp"

namespace seg::analysis {

struct SummaryCsvOptions {
  char delimiter = ',';   // ';' for German Excel
  char decimal = '.';     // ',' for German Excel
  std::string line_ending = "\r\n";
  bool utf8_bom = false;  // Excel on Windows needs it to read UTF-8 names correctly
};

// Header: segment, name, customers, share, description, <kpi keys...>, mean_<feature>...
// Numbers with up to 6 significant digits; missing values are empty cells.
std::string SummaryCsv(const SegmentResult& result, const SummaryCsvOptions& options = {});

}  // namespace seg::analysis
