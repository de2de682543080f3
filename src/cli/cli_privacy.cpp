// segmenter privacy FILE [--json] [--keep COL] [--drop-personal|--mask-personal]
//   [--pseudonymise COL --key-file F] [import options]
// and the privacy options of `segment` / `apply` (see cli_privacy.hpp).
#include "cli_privacy.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "seg/privacy/record.hpp"

namespace seg::cli {

const std::set<std::string> kPrivacyValueFlags = {"--pseudonymise", "--key-file", "--keep"};
const std::set<std::string> kPrivacyBoolFlags = {"--drop-personal", "--mask-personal"};
const std::set<std::string> kRecordValueFlags = {"--record", "--record-lang"};

namespace {

std::string Today() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool HasPrivacyFlags(const Args& args) {
  for (const auto* set : {&kPrivacyValueFlags, &kPrivacyBoolFlags, &kRecordValueFlags})
    for (const auto& flag : *set)
      if (args.Has(flag)) return true;
  return false;
}

Result<PrivacyChoice> PrivacyFromArgs(const Args& args, const io::Dataset& data) {
  PrivacyChoice c;
  c.params.drop_personal = args.Has("--drop-personal");
  c.params.mask_personal = args.Has("--mask-personal");
  if (auto v = args.Get("--pseudonymise")) c.params.pseudonymise = SplitList(*v);
  if (auto v = args.Get("--keep")) c.params.keep = SplitList(*v);
  if (c.params.drop_personal && c.params.mask_personal)
    return MakeError("cli.drop_and_mask", "--drop-personal and --mask-personal exclude each other");
  if (!c.params.pseudonymise.empty()) {
    auto key_path = args.Get("--key-file");
    if (!key_path) return MakeError("cli.no_key", "--pseudonymise needs --key-file FILE (the secret HMAC key)");
    auto key = ReadFileBytes(*key_path);
    if (!key.ok()) return key.error();
    std::string k = std::move(key.value());
    if (!k.empty() && k.back() == '\n') k.pop_back();
    if (!k.empty() && k.back() == '\r') k.pop_back();
    if (k.empty())
      return MakeError("privacy.empty_key", "the key file " + *key_path + " is empty",
                       "put a long random secret into it, e.g. `head -c 32 /dev/urandom | base64 > " + *key_path + "`");
    c.params.key = std::move(k);
  } else if (args.Has("--key-file")) {
    return MakeError("cli.key_without_columns", "--key-file goes with --pseudonymise COL[,COL2]");
  }
  c.detected = privacy::DetectPersonalData(data.table);
  auto plan = privacy::PlanMinimisation(data.table, c.detected, c.params);
  if (!plan.ok()) return plan.error();
  c.plan = std::move(plan.value());
  return c;
}

io::ExportOptions PrivacyExportOptions(const PrivacyChoice& choice, io::ExportOptions base) {
  if (!choice.plan.Edits()) return base;
  return privacy::ExportOptionsFor(choice.plan, choice.params, std::move(base));
}

Status WriteRecordIfAsked(const Args& args, const std::string& input_path, const std::string& out_path,
                          const io::Dataset& data, const PrivacyChoice& choice, const analysis::SegmentResult& result) {
  auto path = args.Get("--record");
  if (!path) return Ok{};
  privacy::Lang lang = privacy::Lang::kEn;
  if (auto l = args.Get("--record-lang")) {
    auto parsed = privacy::ParseLang(*l);
    if (!parsed) return MakeError("cli.bad_lang", "--record-lang must be en or de (got \"" + *l + "\")");
    lang = *parsed;
  }
  privacy::ProcessingRecord rec;
  rec.file_name = BaseName(input_path);
  rec.date = Today();
  rec.rows = data.table.rows;
  rec.columns = data.table.columns.size();
  rec.rejected_rows = data.report.rejected_total;
  rec.features = result.feature_names;
  rec.features.insert(rec.features.end(), result.categorical.begin(), result.categorical.end());
  rec.plan = choice.plan;
  rec.method = result.method;
  rec.k = result.k;
  rec.software_version = std::string("segmenter ") + kSegmenterVersion;
  rec.output_file = BaseName(out_path);
  rec.parameters.push_back({"seed", std::to_string(result.seed)});
  for (const char* flag : {"--k", "--scale", "--log", "--clip", "--weights", "--covariance", "--gamma", "--mini-batch"})
    if (auto v = args.Get(flag)) rec.parameters.push_back({std::string(flag).substr(2), *v});
  if (args.Has("--missing-indicators")) rec.parameters.push_back({"missing-indicators", "on"});
  const bool html = EndsWith(*path, ".html") || EndsWith(*path, ".htm");
  return WriteFileBytes(*path, privacy::WriteProcessingRecord(rec, lang, html ? privacy::RecordFormat::kHtml
                                                                               : privacy::RecordFormat::kMarkdown));
}

int RunPrivacy(const std::vector<std::string>& argv) {
  std::set<std::string> values = kImportValueFlags;
  values.insert(kPrivacyValueFlags.begin(), kPrivacyValueFlags.end());
  values.insert("--lang");
  std::set<std::string> bools = kImportBoolFlags;
  bools.insert(kPrivacyBoolFlags.begin(), kPrivacyBoolFlags.end());
  bools.insert("--json");
  auto args = Args::Parse(argv, values, bools);
  if (!args.ok()) return Fail(args.error());
  if (args->positionals().size() != 1) return Usage("privacy expects exactly one FILE");
  privacy::Lang lang = privacy::Lang::kEn;
  if (auto l = args->Get("--lang")) {
    auto parsed = privacy::ParseLang(*l);
    if (!parsed) return Usage("--lang must be en or de (got \"" + *l + "\")");
    lang = *parsed;
  }
  auto data = LoadCsv(args->positionals()[0], args.value());
  if (!data.ok()) return Fail(data.error());
  auto choice = PrivacyFromArgs(args.value(), data.value());
  if (!choice.ok()) return Fail(choice.error());
  const privacy::MinimisePlan& plan = choice->plan;

  if (args->Has("--json")) {
    nlohmann::json personal = nlohmann::json::array();
    for (const auto& d : plan.columns) {
      if (!d.personal) continue;
      personal.push_back({{"column", d.name},
                          {"kind", privacy::PersonalKindName(d.personal->kind)},
                          {"confidence", d.personal->confidence},
                          {"share", d.personal->share},
                          {"by_header", d.personal->by_header},
                          {"by_content", d.personal->by_content},
                          {"reason", d.personal->reason_en},
                          {"reason_de", d.personal->reason_de},
                          {"exempted", d.exempted},
                          {"handling", privacy::HandlingName(d.handling)}});
    }
    nlohmann::json handled = nlohmann::json::object();
    for (const auto& d : plan.columns) handled[d.name] = privacy::HandlingName(d.handling);
    nlohmann::json j = {{"personal_columns", personal},
                        {"export_columns", plan.ExportedColumns()},
                        {"handling", handled},
                        {"rows", data->table.rows}};
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  const bool de = lang == privacy::Lang::kDe;
  size_t n = 0;
  for (const auto& d : plan.columns) n += d.personal.has_value();
  std::cout << (de ? "Personenbezogene Spalten: " : "Personal columns: ") << n << "\n";
  for (const auto& d : plan.columns) {
    if (!d.personal) continue;
    char conf[16];
    std::snprintf(conf, sizeof conf, "%.2f", d.personal->confidence);
    std::cout << "  " << d.name << "  " << privacy::PersonalKindName(d.personal->kind) << "  " << conf << "  "
              << d.personal->Reason(lang) << "  -> " << privacy::HandlingLabel(d.handling, lang)
              << (d.exempted ? (de ? " (--keep)" : " (--keep)") : "") << "\n";
  }
  for (const auto& d : plan.columns)
    if (!d.personal && d.handling == privacy::Handling::kPseudonymised)
      std::cout << "  " << d.name << "  -> " << privacy::HandlingLabel(d.handling, lang) << "\n";
  std::cout << (de ? "Spalten im Export: " : "Columns in the export: ");
  const auto exported = plan.ExportedColumns();
  for (size_t i = 0; i < exported.size(); ++i) std::cout << (i ? ", " : "") << exported[i];
  std::cout << "\n";
  if (!plan.PersonalKept().empty())
    std::cout << (de ? "Hinweis: personenbezogene Spalten bleiben im Export; --drop-personal oder --mask-personal "
                       "entfernt oder maskiert sie.\n"
                     : "note: personal columns stay in the export; --drop-personal or --mask-personal removes or "
                       "masks them.\n");
  return 0;
}

}  // namespace seg::cli
