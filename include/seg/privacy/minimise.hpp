// seg/privacy/minimise.hpp — data minimisation for exports (GDPR Art. 5(1)(c), Art. 25): decide
// per column whether it is kept, dropped, masked or pseudonymised, and turn that decision into
// io::ExportOptions for the writer.
//
//   auto found = DetectPersonalData(data.table);
//   auto plan  = PlanMinimisation(data.table, found, params);        // validates names and key
//   io::ExportOptions eo = ExportOptionsFor(plan.value(), params.key);
//   std::string csv = io::WriteWithExtraColumns(data, names, values, eo);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/common/result.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/identifier.hpp"
#include "seg/privacy/personal_data.hpp"

namespace seg::privacy {

enum class Handling { kKept, kDropped, kMasked, kPseudonymised };
std::string_view HandlingName(Handling h);             // "kept", "dropped", "masked", "pseudonymised"
std::string_view HandlingLabel(Handling h, Lang lang);  // "kept" / "unverändert übernommen", ...

struct MinimiseParams {
  bool drop_personal = false;  // leave every detected personal column out
  bool mask_personal = false;  // replace their non-empty values with `mask`
  std::string mask = "***";
  std::vector<std::string> pseudonymise;  // columns whose values become keyed pseudonyms
  std::vector<std::string> keep;          // columns exempt from detection (false positives)
  std::string key;                        // HMAC key; required when `pseudonymise` is not empty
  size_t pseudonym_hex_chars = 64;        // see Pseudonym()
};

struct ColumnDecision {
  int column = -1;
  std::string name;
  Handling handling = Handling::kKept;
  std::optional<PersonalColumn> personal;  // the detection, if the column looked personal
  bool exempted = false;                   // named in `keep`
  // A key column (customer number, ...): pseudonymous personal data, GDPR Art. 4(1), 4(5), even
  // when no detector above fires. Listed in the processing record; exports keep it unless asked.
  std::optional<io::IdentifierColumn> identifier;
};

struct MinimisePlan {
  std::vector<ColumnDecision> columns;  // one per table column, in order

  // Personal columns (detected and not exempted) whose values leave unchanged.
  std::vector<const ColumnDecision*> PersonalKept() const;
  // Names of the columns an export contains (dropped ones left out).
  std::vector<std::string> ExportedColumns() const;
  bool Edits() const;  // anything but "keep everything"
};

// Errors: a name in `pseudonymise` or `keep` that is no column, both drop and mask, an empty key
// with columns to pseudonymise.
Result<MinimisePlan> PlanMinimisation(const io::Table& table, const std::vector<PersonalColumn>& detected,
                                      const MinimiseParams& params);

// Sets column_edits and replace on a copy of `base` (the key and mask are copied into it).
io::ExportOptions ExportOptionsFor(const MinimisePlan& plan, const MinimiseParams& params,
                                   io::ExportOptions base = {});

// The studio's and the project's choice for the personal columns of a row export; decided once
// here and honoured by every export that writes customer rows (analysis::WriteSegmentedCsv).
enum class PersonalExport { kKeep, kDrop, kMask };
MinimiseParams MinimiseParamsFor(PersonalExport choice);
// ExportOptionsFor(PlanMinimisation(table, detected, MinimiseParamsFor(choice))) on a copy of
// `base`; kKeep (or nothing detected) returns `base` unchanged.
Result<io::ExportOptions> PersonalExportOptions(const io::Table& table, const std::vector<PersonalColumn>& detected,
                                                PersonalExport choice, io::ExportOptions base = {});

// Detected personal columns minus the exempted ones, as column indices (for feature choice).
std::vector<int> PersonalColumnIndices(const std::vector<PersonalColumn>& detected,
                                       const std::vector<std::string>& exempt = {});

}  // namespace seg::privacy
