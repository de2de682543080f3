// Privacy options shared by `segment` and `apply`, and the `privacy` command:
//   --drop-personal | --mask-personal   what happens to detected personal columns in the export
//   --pseudonymise COL[,COL2] --key-file F   keyed HMAC-SHA-256 pseudonyms for identifiers
//   --keep COL[,COL2]                    not personal (a false positive of the detection)
//   --record RECORD.md|.html [--record-lang en|de]   processing record (segment only)
#pragma once

#include <set>
#include <string>
#include <vector>

#include "cli_common.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/privacy/minimise.hpp"

namespace seg::cli {

extern const std::set<std::string> kPrivacyValueFlags;  // --pseudonymise --key-file --keep
extern const std::set<std::string> kPrivacyBoolFlags;   // --drop-personal --mask-personal
extern const std::set<std::string> kRecordValueFlags;   // --record --record-lang

struct PrivacyChoice {
  privacy::MinimiseParams params;
  std::vector<privacy::PersonalColumn> detected;
  privacy::MinimisePlan plan;
};

// True when any privacy or record flag was given.
bool HasPrivacyFlags(const Args& args);
// Reads the flags and the key file, detects personal columns and plans the export.
Result<PrivacyChoice> PrivacyFromArgs(const Args& args, const io::Dataset& data);
// Export options for the plan (column edits, pseudonyms, masks) on top of `base`.
io::ExportOptions PrivacyExportOptions(const PrivacyChoice& choice, io::ExportOptions base);
// Writes --record if given: Markdown, or HTML for a .html/.htm path.
Status WriteRecordIfAsked(const Args& args, const std::string& input_path, const std::string& out_path,
                          const io::Dataset& data, const PrivacyChoice& choice, const analysis::SegmentResult& result);

}  // namespace seg::cli
