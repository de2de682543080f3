// Activation exports (see crm_export.hpp): the segmented file's id, e-mail and segment columns in
// the shape HubSpot's importer, Salesforce's Data Import Wizard / Data Loader or a mailing tool
// expects, written with WriteCsv (RFC 4180 quoting, formula neutralisation).
#include "seg/io/crm_export.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "seg/io/column_text.hpp"
#include "seg/io/csv_writer.hpp"

namespace seg::io {
namespace {

constexpr size_t kListedRows = 100;

void Skip(SkippedRows& s, size_t row) {
  ++s.count;
  if (s.rows.size() < kListedRows) s.rows.push_back(static_cast<int64_t>(row) + 1);
}

// A deliberately loose check: something@something.something, no spaces. Mail tools validate
// properly on import; this only catches columns that are clearly not addresses.
bool LooksLikeEmail(std::string_view e) {
  const size_t at = e.find('@');
  if (at == 0 || at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos) return false;
  if (e.find_first_of(" \t,;<>") != std::string_view::npos) return false;
  const size_t dot = e.rfind('.');
  return dot != std::string_view::npos && dot > at + 1 && dot + 1 < e.size();
}

// Salesforce record Ids are 15 (case-sensitive) or 18 (case-insensitive) letters and digits.
bool LooksLikeSalesforceId(std::string_view id) {
  if (id.size() != 15 && id.size() != 18) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

Result<std::vector<std::string>> Texts(const Dataset& data, const std::string& column, const char* role) {
  auto t = ColumnTexts(data, column);
  if (!t.ok()) {
    Error e = t.error();
    e.message = "The " + std::string(role) + " column \"" + column + "\" is not in the segmented file.";
    return e;
  }
  return t;
}

}  // namespace

std::optional<CrmPreset> ParseCrmPreset(std::string_view name) {
  if (name == "hubspot") return CrmPreset::kHubSpot;
  if (name == "salesforce") return CrmPreset::kSalesforce;
  if (name == "mailing") return CrmPreset::kMailing;
  return std::nullopt;
}

std::string_view CrmPresetName(CrmPreset preset) {
  switch (preset) {
    case CrmPreset::kHubSpot: return "hubspot";
    case CrmPreset::kSalesforce: return "salesforce";
    case CrmPreset::kMailing: return "mailing";
  }
  return "hubspot";
}

std::string SafeSlug(std::string_view name) {
  static const std::map<std::string, const char*> kFold = {
      {"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "ae"}, {"Ö", "oe"}, {"Ü", "ue"}, {"ß", "ss"},
      {"é", "e"},  {"è", "e"},  {"à", "a"},  {"ç", "c"},  {"ñ", "n"}};
  std::string out;
  bool dash = false;
  auto put = [&](std::string_view s) {
    if (dash && !out.empty()) out.push_back('-');
    dash = false;
    out.append(s);
  };
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      put(std::string_view(&name[i], 1));
      ++i;
    } else if (c >= 'A' && c <= 'Z') {
      const char lower = static_cast<char>(c - 'A' + 'a');
      put(std::string_view(&lower, 1));
      ++i;
    } else if (c >= 0x80) {
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      len = std::min(len, name.size() - i);
      auto it = kFold.find(std::string(name.substr(i, len)));
      if (it != kFold.end()) put(it->second);
      else dash = true;
      i += len;
    } else {
      dash = true;
      ++i;
    }
  }
  if (out.size() > 60) out.resize(60);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "segment" : out;
}

Result<CrmExportResult> ExportCrm(const Dataset& segmented, const CrmExportParams& params) {
  const bool mailing = params.preset == CrmPreset::kMailing;
  if (!mailing && params.id_column.empty())
    return MakeError("crm.no_id", "The " + std::string(CrmPresetName(params.preset)) + " export needs the id column.",
                     "Name it with --id (HubSpot: your record id or company id; Salesforce: the 15/18-character record Id).");
  if (mailing && params.email_column.empty())
    return MakeError("crm.no_email", "The mailing export needs the e-mail column.", "Name it with --email.");
  if (params.split && !mailing)
    return MakeError("crm.split", "Only the mailing export can be split into one file per segment.");

  auto segments = Texts(segmented, params.segment_column, "segment");
  if (!segments.ok()) {
    Error e = segments.error();
    e.hint = "Use the output of `segmenter segment` or `segmenter apply` (it ends with segment and segment_name), or name "
             "the column with --segment-column.";
    return e;
  }
  std::vector<std::string> ids, emails;
  if (!params.id_column.empty()) {
    auto t = Texts(segmented, params.id_column, "id");
    if (!t.ok()) return t.error();
    ids = std::move(t.value());
  }
  if (!params.email_column.empty()) {
    auto t = Texts(segmented, params.email_column, "e-mail");
    if (!t.ok()) return t.error();
    emails = std::move(t.value());
  }

  std::vector<std::string> header;
  switch (params.preset) {
    case CrmPreset::kHubSpot: header = {params.id_column}; break;
    case CrmPreset::kSalesforce: header = {"Id"}; break;
    case CrmPreset::kMailing: header = {"email"}; break;
  }
  if (!mailing && !emails.empty()) header.push_back("Email");
  header.push_back(params.preset == CrmPreset::kHubSpot ? "segmenter_segment"
                   : params.preset == CrmPreset::kSalesforce ? "Segment__c"
                                                              : "segment");

  CrmExportResult r;
  std::vector<std::string> order;                              // segments in first-seen order
  std::map<std::string, std::vector<std::vector<std::string>>> by_segment;
  size_t not_salesforce_ids = 0;
  for (size_t i = 0; i < segmented.table.rows; ++i) {
    if (!mailing && ids[i].empty()) { Skip(r.missing_id, i); continue; }
    if (!emails.empty()) {
      if (emails[i].empty()) { Skip(r.missing_email, i); continue; }
      if (!LooksLikeEmail(emails[i])) { Skip(r.invalid_email, i); continue; }
    }
    const std::string& segment = segments.value()[i];
    if (segment.empty()) { Skip(r.missing_segment, i); continue; }
    std::vector<std::string> row;
    row.push_back(mailing ? emails[i] : ids[i]);
    if (!mailing && !emails.empty()) row.push_back(emails[i]);
    row.push_back(segment);
    if (params.preset == CrmPreset::kSalesforce && !LooksLikeSalesforceId(ids[i])) ++not_salesforce_ids;
    auto [it, fresh] = by_segment.try_emplace(params.split ? segment : std::string());
    if (fresh) order.push_back(it->first);
    it->second.push_back(std::move(row));
    ++r.rows_written;
  }
  if (not_salesforce_ids > 0)
    r.warnings.push_back(std::to_string(not_salesforce_ids) + " of " + std::to_string(r.rows_written) +
                         " ids do not look like Salesforce record Ids (15 or 18 letters and digits): to match on your own "
                         "id, create an External ID field, name the column after it and upsert on it.");
  if (!params.split && order.empty()) order.push_back({});

  std::set<std::string> used;
  for (const std::string& key : order) {
    CrmFile f;
    const auto& rows = by_segment[key];
    f.rows = rows.size();
    f.bytes = WriteCsv(header, rows, ',', "\n", true);
    if (params.split) {
      f.segment = key;
      const std::string stem = SafeSlug(key);
      std::string name = stem + ".csv";
      for (int n = 2; used.count(name); ++n) name = stem + "-" + std::to_string(n) + ".csv";
      used.insert(name);
      f.name = name;
    }
    r.files.push_back(std::move(f));
  }
  return r;
}

}  // namespace seg::io
