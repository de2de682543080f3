// seg/privacy/record.hpp — a processing record for one segmentation run (the facts a record of
// processing activities under GDPR Art. 30 / a DPIA asks for): which file, when, how many rows
// and columns, which columns were used, which personal columns were found and how each was
// handled, method, parameters, k and software version.
//
// It never contains a data value: only file name, column names, counts and settings. Segment
// names are left out too (rules segments are named after values, e.g. "Germany · 51–200").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "seg/privacy/minimise.hpp"

namespace seg::privacy {

enum class RecordFormat { kMarkdown, kHtml };

struct ProcessingRecord {
  std::string file_name;
  std::string date;  // yyyy-mm-dd, passed in (the core reads no clock for documents)
  size_t rows = 0;
  size_t columns = 0;
  size_t rejected_rows = 0;
  std::vector<std::string> features;  // columns used for segmentation
  MinimisePlan plan;                  // every column; personal ones carry their detection
  std::string method;                 // "kmeans", "gmm", ...
  std::vector<std::pair<std::string, std::string>> parameters;  // e.g. {"seed", "42"}, {"scaling", "zscore"}
  int k = 0;
  std::string software_version;       // "segmenter 0.1.0"
  std::string output_file;            // the export's file name, if any
};

// Markdown, or a self-contained printable HTML page (inline CSS, no scripts, no external resources).
std::string WriteProcessingRecord(const ProcessingRecord& record, Lang lang, RecordFormat format);

}  // namespace seg::privacy
