#include "seg/privacy/minimise.hpp"

#include <algorithm>

#include "seg/io/value_parse.hpp"
#include "seg/privacy/hmac.hpp"

namespace seg::privacy {

std::string_view HandlingName(Handling h) {
  switch (h) {
    case Handling::kKept: return "kept";
    case Handling::kDropped: return "dropped";
    case Handling::kMasked: return "masked";
    case Handling::kPseudonymised: return "pseudonymised";
  }
  return "kept";
}

std::string_view HandlingLabel(Handling h, Lang lang) {
  const bool de = lang == Lang::kDe;
  switch (h) {
    case Handling::kKept: return de ? "unverändert übernommen" : "kept unchanged";
    case Handling::kDropped: return de ? "entfernt" : "dropped";
    case Handling::kMasked: return de ? "maskiert" : "masked";
    case Handling::kPseudonymised: return de ? "pseudonymisiert (HMAC-SHA-256)" : "pseudonymised (HMAC-SHA-256)";
  }
  return {};
}

std::vector<const ColumnDecision*> MinimisePlan::PersonalKept() const {
  std::vector<const ColumnDecision*> out;
  for (const auto& d : columns)
    if (d.personal && !d.exempted && d.handling == Handling::kKept) out.push_back(&d);
  return out;
}

std::vector<std::string> MinimisePlan::ExportedColumns() const {
  std::vector<std::string> out;
  for (const auto& d : columns)
    if (d.handling != Handling::kDropped) out.push_back(d.name);
  return out;
}

bool MinimisePlan::Edits() const {
  return std::any_of(columns.begin(), columns.end(), [](const ColumnDecision& d) { return d.handling != Handling::kKept; });
}

Result<MinimisePlan> PlanMinimisation(const io::Table& table, const std::vector<PersonalColumn>& detected,
                                      const MinimiseParams& params) {
  if (params.drop_personal && params.mask_personal) {
    return MakeError("privacy.drop_and_mask", "Personal columns can be dropped or masked, not both.",
                     "Choose --drop-personal or --mask-personal.");
  }
  auto check_names = [&](const std::vector<std::string>& names, const char* what) -> Status {
    for (const auto& name : names) {
      if (table.FindColumn(name) >= 0) continue;
      std::string all;
      for (const auto& c : table.columns) all += (all.empty() ? "" : ", ") + c.name;
      Error e = MakeError("privacy.no_such_column", std::string("There is no column named \"") + name + "\" (" + what + ").",
                          "Columns are: " + all + ".");
      e.column_name = name;
      return e;
    }
    return Ok{};
  };
  if (auto st = check_names(params.pseudonymise, "to pseudonymise"); !st.ok()) return st.error();
  if (auto st = check_names(params.keep, "to keep"); !st.ok()) return st.error();
  if (!params.pseudonymise.empty() && params.key.empty()) {
    return MakeError("privacy.empty_key", "The pseudonymisation key is empty.",
                     "Put a long random secret into the key file (for example `head -c 32 /dev/urandom | base64 > key.txt`) "
                     "and keep it apart from the exported data.");
  }
  MinimisePlan plan;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    ColumnDecision d;
    d.column = static_cast<int>(c);
    d.name = table.columns[c].name;
    for (const auto& p : detected)
      if (p.column == d.column) d.personal = p;
    d.identifier = io::DetectIdentifier(table, c);
    d.exempted = std::find(params.keep.begin(), params.keep.end(), d.name) != params.keep.end();
    if (std::find(params.pseudonymise.begin(), params.pseudonymise.end(), d.name) != params.pseudonymise.end()) {
      d.handling = Handling::kPseudonymised;
    } else if (d.personal && !d.exempted) {
      if (params.drop_personal) d.handling = Handling::kDropped;
      else if (params.mask_personal) d.handling = Handling::kMasked;
    }
    plan.columns.push_back(std::move(d));
  }
  return plan;
}

io::ExportOptions ExportOptionsFor(const MinimisePlan& plan, const MinimiseParams& params, io::ExportOptions base) {
  base.column_edits.assign(plan.columns.size(), io::ColumnEdit::kKeep);
  std::vector<Handling> handling(plan.columns.size(), Handling::kKept);
  for (size_t c = 0; c < plan.columns.size(); ++c) {
    handling[c] = plan.columns[c].handling;
    if (handling[c] == Handling::kDropped) base.column_edits[c] = io::ColumnEdit::kDrop;
    else if (handling[c] != Handling::kKept) base.column_edits[c] = io::ColumnEdit::kReplace;
  }
  // Missing cells (empty, NA, ...) stay as they are: hashing them would give every gap the same
  // pseudonym. Values are trimmed first, so " 4711" and "4711" get the same pseudonym.
  base.replace = [handling, key = params.key, mask = params.mask, chars = params.pseudonym_hex_chars](
                     size_t column, std::string_view value) -> std::string {
    if (io::IsMissingValue(value)) return std::string(value);
    const std::string_view v = io::TrimValue(value);
    if (column < handling.size() && handling[column] == Handling::kPseudonymised) return Pseudonym(key, v, chars);
    return mask;
  };
  return base;
}

std::vector<int> PersonalColumnIndices(const std::vector<PersonalColumn>& detected, const std::vector<std::string>& exempt) {
  std::vector<int> out;
  for (const auto& p : detected)
    if (std::find(exempt.begin(), exempt.end(), p.name) == exempt.end()) out.push_back(p.column);
  return out;
}

MinimiseParams MinimiseParamsFor(PersonalExport choice) {
  MinimiseParams mp;
  mp.drop_personal = choice == PersonalExport::kDrop;
  mp.mask_personal = choice == PersonalExport::kMask;
  return mp;
}

Result<io::ExportOptions> PersonalExportOptions(const io::Table& table, const std::vector<PersonalColumn>& detected,
                                                PersonalExport choice, io::ExportOptions base) {
  if (choice == PersonalExport::kKeep || detected.empty()) return base;
  const MinimiseParams mp = MinimiseParamsFor(choice);
  auto plan = PlanMinimisation(table, detected, mp);
  if (!plan.ok()) return plan.error();
  return ExportOptionsFor(plan.value(), mp, std::move(base));
}

}  // namespace seg::privacy
