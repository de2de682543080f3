// seg/io/crm_export.hpp — activation exports: hand segments to a CRM or a mailing tool.
//
// Input is a segmented file (the output of `segmenter segment` / `apply`, or the app's export):
// the original columns plus `segment` and `segment_name`. Every preset writes UTF-8 CSV with
// comma delimiters, LF line ends and formula neutralisation (cells starting with = + - @ get a
// leading quote, as in csv_writer.hpp):
//   kHubSpot     <id column>[,Email],segmenter_segment   HubSpot maps columns by header; the
//                custom property `segmenter_segment` must exist or be created while mapping.
//   kSalesforce  Id[,Email],Segment__c                   Data Import Wizard / Data Loader; the
//                custom field Segment__c must exist on the object.
//   kMailing     email,segment                            one file, or one file per segment.
// Rows that cannot be used are left out and counted, never dropped silently: a missing id
// (HubSpot, Salesforce), a missing or malformed e-mail where one is required (mailing always;
// HubSpot and Salesforce when an e-mail column is given), a missing segment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/common/result.hpp"
#include "seg/io/csv_reader.hpp"

namespace seg::io {

enum class CrmPreset { kHubSpot, kSalesforce, kMailing };
std::optional<CrmPreset> ParseCrmPreset(std::string_view name);  // "hubspot", "salesforce", "mailing"
std::string_view CrmPresetName(CrmPreset preset);

struct CrmExportParams {
  CrmPreset preset = CrmPreset::kHubSpot;
  std::string id_column;                        // required for HubSpot and Salesforce
  std::string email_column;                     // required for mailing; optional otherwise
  std::string segment_column = "segment_name";  // the segment as people read it
  bool split = false;                           // mailing: one file per segment
};

struct CrmFile {
  std::string name;   // "" for the single file; with split a safe file name such as "high-mrr.csv"
  std::string segment;
  size_t rows = 0;    // data rows written
  std::string bytes;
};

struct SkippedRows {
  size_t count = 0;
  std::vector<int64_t> rows;  // 1-based data rows, the first 100
};

struct CrmExportResult {
  std::vector<CrmFile> files;
  size_t rows_written = 0;
  SkippedRows missing_id, missing_email, invalid_email, missing_segment;
  std::vector<std::string> warnings;  // e.g. ids that do not look like Salesforce record Ids
};

Result<CrmExportResult> ExportCrm(const Dataset& segmented, const CrmExportParams& params);

// A file-name stem from a segment name: lower-case ASCII letters, digits and '-', German umlauts
// transliterated (ä -> ae, ß -> ss), other characters folded into '-', at most 60 bytes, never
// empty ("segment"). Callers make stems unique.
std::string SafeSlug(std::string_view name);

}  // namespace seg::io
