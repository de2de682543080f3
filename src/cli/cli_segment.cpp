// segmenter segment FILE --out OUT.csv [--report REPORT.json] [--model MODEL.json] [--k N|auto]
//   [--k-min A --k-max B] [--seed S] [--features a,b,c] [--scale zscore|robust|minmax|none]
//   [--log auto|none|a,b] [--clip Q] [--weights a=2,b=0.5] [--kpi revenue=col,churn=col]
//   [--explain [--explain-leaves N]]   (segments as threshold rules: REPORT "explanation", OUT rule_segment)
// segmenter apply MODEL.json FILE --out OUT.csv
#include <cmath>
#include <iostream>

#include "cli_clv.hpp"
#include "cli_common.hpp"
#include "cli_methods.hpp"
#include "cli_privacy.hpp"
#include "cli_project.hpp"
#include "commands.hpp"
#include "seg/analysis/edits.hpp"
#include "seg/analysis/explain.hpp"
#include "seg/analysis/model_edits.hpp"
#include "seg/analysis/localize.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/io/csv_writer.hpp"

namespace seg::cli {

namespace {

// OUT.csv "rule_segment": the segment (1-based) the explanation's rules give each row.
std::vector<std::string> RuleSegmentColumn(const std::vector<int32_t>& labels) {
  std::vector<std::string> out(labels.size());
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] >= 0) out[i] = std::to_string(labels[i] + 1);
  return out;
}

}  // namespace

int RunSegment(const std::vector<std::string>& argv) {
  std::set<std::string> values = kImportValueFlags;
  values.insert({"--out", "--report", "--model", "--k", "--k-min", "--k-max", "--min-share", "--seed", "--features",
                 "--method", "--scale", "--log", "--clip", "--weights", "--kpi", "--covariance", "--by", "--customer",
                 "--date", "--amount", "--quantity", "--price", "--invoice", "--as-of", "--recency", "--frequency",
                 "--monetary", "--categorical", "--gamma", "--rfm-map", "--mini-batch", "--project", "--save-project",
                 "--explain-leaves"});
  values.insert(kPrivacyValueFlags.begin(), kPrivacyValueFlags.end());
  values.insert(kRecordValueFlags.begin(), kRecordValueFlags.end());
  values.insert(kClvValueFlags.begin(), kClvValueFlags.end());
  values.insert("--lang");  // names, descriptions, explanation and notes in en (default) or de
  std::set<std::string> bools = kImportBoolFlags;
  bools.insert({"--no-formula-guard", "--missing-indicators", "--include-data", "--explain"});
  bools.insert(kPrivacyBoolFlags.begin(), kPrivacyBoolFlags.end());
  auto args = Args::Parse(argv, values, bools);
  if (!args.ok()) return Fail(args.error());
  // --project P.json: the project's settings as flags after the user's; explicit flags win.
  std::optional<project::Project> project;
  if (auto pp = args->Get("--project")) {
    auto loaded = LoadProject(*pp);
    if (!loaded.ok()) return Fail(loaded.error());
    project = std::move(loaded.value());
    std::vector<std::string> merged = argv;
    for (std::string& flag : ProjectFlags(*project, args.value())) merged.push_back(std::move(flag));
    args = Args::Parse(merged, values, bools);
    if (!args.ok()) return Fail(args.error());
  }
  // A project with embedded data runs without FILE.
  const bool embedded = args->positionals().empty() && project && project->data;
  if (args->positionals().size() != 1 && !embedded) return Usage("segment expects exactly one FILE");
  auto out_path = args->Get("--out");
  if (!out_path) return Usage("segment needs --out OUT.csv");
  if (args->Has("--include-data") && !args->Has("--save-project")) return Usage("--include-data goes with --save-project P.json");
  const auto lang = SegmentLang(args.value());
  if (!lang) return Usage("--lang must be en or de (got \"" + args->Get("--lang").value_or("") + "\")");
  const std::string file_path = embedded ? project->source.file_name : args->positionals()[0];

  analysis::SegmentParams params;
  if (auto m = args->Get("--method")) {
    if ((*m == "rules" || *m == "rfm") && HasPrivacyFlags(args.value()))
      return Usage("--drop-personal, --mask-personal, --pseudonymise, --keep and --record work with --method kmeans, gmm "
                   "and mixed (not yet with " + *m + ")");
    if (*m == "clv") {  // predicted customer value (cli_clv.cpp)
      if (HasPrivacyFlags(args.value())) return Usage("--drop-personal, --mask-personal, --pseudonymise, --keep and --record do not work with --method clv yet");
      if (embedded) return Usage("--method clv reads FILE: name the transaction file");
      return RunClvSegment(args.value(), *out_path);
    }
    if ((*m == "rules" || *m == "rfm") && (args->Has("--explain") || args->Has("--explain-leaves")))
      return Usage("--explain explains kmeans, gmm and mixed segments (--method " + *m + " is already a set of rules)");
    if (*m == "rules" || *m == "rfm") {
      if (embedded) return Usage("--method " + *m + " reads FILE: name the customer file (a project's embedded data works with kmeans, gmm and mixed)");
      if (project && !project->edits.group.empty()) std::cerr << "note: the project's segment edits apply to kmeans, gmm and mixed results only\n";
      const int rc = *m == "rules" ? RunRulesSegment(args.value(), *out_path) : RunRfmSegment(args.value(), *out_path);
      if (rc != 0) return rc;
      if (auto sp = args->Get("--save-project")) {
        auto bytes = ReadFileBytes(file_path);
        if (!bytes.ok()) return Fail(bytes.error());
        if (auto st = SaveProject(args.value(), *sp, file_path, bytes.value(), nullptr, nullptr, nullptr); !st.ok()) return Fail(st.error());
      }
      return 0;
    }
    if (*m == "gmm") params.method = analysis::Method::kGmm;
    else if (*m == "mixed") params.method = analysis::Method::kMixed;
    else if (*m != "kmeans") return Usage("--method must be kmeans, gmm, mixed, rules, rfm or clv (got \"" + *m + "\")");
  }
  if (auto c = args->Get("--covariance")) {
    if (*c == "full") params.covariance = analysis::Covariance::kFull;
    else if (*c == "diagonal" || *c == "diag") params.covariance = analysis::Covariance::kDiagonal;
    else return Usage("--covariance must be full or diagonal (got \"" + *c + "\")");
  }
  if (auto k = args->Get("--k")) {
    if (*k == "auto") {
      params.auto_k = true;
    } else {
      auto n = ParseInteger("--k", *k, 1, 1000);
      if (!n.ok()) return Fail(n.error());
      params.k = static_cast<int>(n.value());
    }
  }
  for (const char* flag : {"--k-min", "--k-max"}) {
    if (auto v = args->Get(flag)) {
      auto n = ParseInteger(flag, *v, 1, 50);
      if (!n.ok()) return Fail(n.error());
      (std::string(flag) == "--k-min" ? params.k_min : params.k_max) = static_cast<int>(n.value());
      params.auto_k = true;
      if (auto k = args->Get("--k"); k && *k != "auto") return Usage(std::string(flag) + " goes with --k auto, not --k " + *k);
    }
  }
  if (params.auto_k && params.k_max < params.k_min) {
    return Usage("--k-max (" + std::to_string(params.k_max) + ") must not be below --k-min (" + std::to_string(params.k_min) + ")");
  }
  if (auto v = args->Get("--min-share")) {
    auto x = ParseFraction("--min-share", *v, 0.0, 0.5);
    if (!x.ok()) return Fail(x.error());
    params.min_share = x.value();
  }
  if (auto v = args->Get("--scale")) {
    auto sc = analysis::ParseScaling(*v);
    if (!sc) return Usage("--scale must be zscore, robust, minmax or none (got \"" + *v + "\")");
    params.prep.scaling = *sc;
  }
  if (auto v = args->Get("--log")) {
    if (*v == "auto") {
      params.prep.log_auto = true;
    } else if (*v == "none") {
      params.prep.log_auto = false;
    } else {
      params.prep.log_auto = false;
      params.prep.log_columns = SplitList(*v);
    }
  }
  if (auto v = args->Get("--clip")) {
    auto x = ParseFraction("--clip", *v, 0.0, 0.25);
    if (!x.ok()) return Fail(x.error());
    params.prep.clip_quantile = x.value();
  }
  if (auto v = args->Get("--weights")) {
    for (const std::string& item : SplitList(*v)) {
      const size_t eq = item.find('=');
      if (eq == std::string::npos) return Usage("--weights takes column=weight pairs, e.g. mrr_eur=2,nps=0.5");
      auto w = ParseFraction("--weights " + item.substr(0, eq), item.substr(eq + 1), 0.0, 100.0);
      if (!w.ok()) return Fail(w.error());
      params.prep.weights.emplace_back(item.substr(0, eq), w.value());
    }
  }
  if (auto v = args->Get("--kpi")) {
    auto kpis = ParseKpiMappings(*v);
    if (!kpis.ok()) return Usage(kpis.error().message);
    params.kpis = std::move(kpis.value());
  }
  if (auto s = args->Get("--seed")) {
    auto n = ParseInteger("--seed", *s, 0, (1LL << 53));
    if (!n.ok()) return Fail(n.error());
    params.seed = static_cast<uint64_t>(n.value());
  }
  if (auto f = args->Get("--features")) params.features = SplitList(*f);
  if (auto f = args->Get("--categorical")) params.categorical = SplitList(*f);
  params.prep.missing_indicators = args->Has("--missing-indicators");
  if (auto mb = args->Get("--mini-batch")) {
    if (*mb == "auto") params.mini_batch = 0;
    else if (*mb == "off") params.mini_batch = -1;
    else {
      auto n = ParseInteger("--mini-batch", *mb, 64, 1000000);
      if (!n.ok()) return Fail(n.error());
      params.mini_batch = n.value();
    }
  }
  if (auto g = args->Get("--gamma")) {
    auto x = ParseFraction("--gamma", *g, 0.0, 1000.0);
    if (!x.ok()) return Fail(x.error());
    params.gamma = x.value();
  }

  const bool explain = args->Has("--explain") || args->Has("--explain-leaves");
  analysis::ExplainOptions explain_options;
  if (auto v = args->Get("--explain-leaves")) {
    auto n = ParseInteger("--explain-leaves", *v, 1, 1024);
    if (!n.ok()) return Fail(n.error());
    explain_options.leaves = static_cast<int>(n.value());
  }

  if (project) {  // no flags for these
    params.n_init = project->params.n_init;
    params.max_iter = project->params.max_iter;
  }

  // The original bytes are kept only when a project needs them (hash check, --save-project).
  std::string bytes;
  Result<io::Dataset> data = MakeError("", "");
  if (embedded || (project && !project->source.sha256.empty()) || args->Has("--save-project")) {
    auto read = embedded ? Result<std::string>(*project->data) : ReadFileBytes(file_path);
    if (!read.ok()) return Fail(read.error());
    bytes = std::move(read.value());
    if (project && !embedded && !project::CheckSource(*project, bytes).ok())
      std::cerr << "note: " << file_path << " is not the file the project was made with (" << project->source.file_name << ", "
                << project->source.size << " bytes); using the project's settings anyway\n";
    auto options = ImportOptionsFromArgs(args.value());
    if (!options.ok()) return Fail(options.error());
    data = io::ReadCsv(bytes, options.value());
    if (!data.ok()) {
      Error e = data.error();
      e.message = file_path + ": " + e.message;
      return Fail(e);
    }
  } else {
    data = LoadCsv(file_path, args.value());
  }
  if (!data.ok()) return Fail(data.error());
  const io::Dataset& d = data.value();
  auto privacy_choice = PrivacyFromArgs(args.value(), d);
  if (!privacy_choice.ok()) return Fail(privacy_choice.error());
  params.prep.not_personal = privacy_choice->params.keep;
  auto result = analysis::RunSegmentation(d.table, params);
  if (!result.ok()) return Fail(result.error());
  if (*lang != Lang::kEn) analysis::LocalizeResult(result.value(), *lang);
  // A project's segment edits (merges, names) when they fit this result.
  const analysis::SegmentResult& computed = result.value();
  std::optional<analysis::SegmentResult> edited;
  const analysis::SegmentEdits* edits = nullptr;
  if (project && !project->edits.group.empty()) {
    if (static_cast<int>(project->edits.group.size()) == computed.k) {
      auto kpis = analysis::ResolveKpis(d.table, params.kpis);
      if (!kpis.ok()) return Fail(kpis.error());
      edited = analysis::ApplyEdits(d.table, computed, project->edits, kpis.value(), *lang);
      edits = &project->edits;
    } else {
      std::cerr << "note: the project's segment edits were made for " << project->edits.group.size() << " segments; this run has "
                << computed.k << ", so they were not applied\n";
    }
  }
  const analysis::SegmentResult& r = edited ? *edited : computed;
  // Rules for the segments as computed (a project's merges are not part of the tree).
  std::optional<analysis::Explanation> explanation;
  if (explain) {
    auto ex = analysis::ExplainSegmentation(d.table, computed, explain_options);
    if (!ex.ok()) return Fail(ex.error());
    explanation = std::move(ex.value());
  }

  std::vector<std::string> seg_ids(d.table.rows), seg_names(d.table.rows);
  for (size_t i = 0; i < d.table.rows; ++i) {
    const int label = r.labels[i];
    seg_ids[i] = std::to_string(label + 1);
    seg_names[i] = r.segments[static_cast<size_t>(label)].name;
  }
  io::ExportOptions eo;
  eo.neutralise_formulas = !args->Has("--no-formula-guard");
  eo = PrivacyExportOptions(privacy_choice.value(), std::move(eo));
  std::vector<std::string> extra_names{"segment", "segment_name"};
  std::vector<std::vector<std::string>> extra{seg_ids, seg_names};
  if (explanation) {
    extra_names.push_back("rule_segment");
    extra.push_back(RuleSegmentColumn(explanation->rule_labels));
  }
  std::string csv = io::WriteWithExtraColumns(d, extra_names, extra, eo);
  if (auto st = WriteFileBytes(*out_path, csv); !st.ok()) return Fail(st.error());
  if (auto st = WriteRecordIfAsked(args.value(), file_path, *out_path, d, privacy_choice.value(), r); !st.ok())
    return Fail(st.error());
  if (auto rp = args->Get("--report")) {
    nlohmann::json report = analysis::ReportToJson(r);
    report["input"] = {{"file", file_path},
                       {"rows", d.table.rows},
                       {"rejected_rows", d.report.rejected_total}};
    if (explanation) report["explanation"] = analysis::ExplanationToJson(*explanation, *lang);
    if (auto st = WriteFileBytes(*rp, report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        !st.ok())
      return Fail(st.error());
  }
  if (auto mp = args->Get("--model")) {
    nlohmann::json model = analysis::ModelToJson(computed);
    if (explanation) model["explanation"] = analysis::ExplanationToJson(*explanation, *lang);  // for apply and sql --rules
    if (edits) {
      std::vector<std::string> shown;
      for (const auto& seg : r.segments) shown.push_back(seg.name);
      auto with = analysis::ModelWithEdits(model, *edits, shown);
      if (!with.ok()) return Fail(with.error());
      model = std::move(with.value());
    }
    if (auto st = WriteFileBytes(*mp, model.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"); !st.ok())
      return Fail(st.error());
  }
  if (auto sp = args->Get("--save-project")) {
    if (auto st = SaveProject(args.value(), *sp, file_path, bytes, &params, edits, edits ? &project->colors : nullptr); !st.ok())
      return Fail(st.error());
  }
  if (r.auto_k) std::cerr << r.auto_k->explanation << "\n";
  if (explanation) {
    std::cerr << analysis::ExplanationSummary(*explanation, *lang) << "\n";
    if (edits) std::cerr << "note: the rules explain the " << computed.k << " segments as computed, before the project's merges\n";
    for (int s = 0; s < explanation->k; ++s) std::cerr << "  " << analysis::RuleText(*explanation, s, *lang) << "\n";
  }
  std::cerr << "Segmented " << d.table.rows << " rows into " << r.k << " segments -> " << *out_path << "\n";
  for (const auto& w : r.warnings) std::cerr << "note: " << w << "\n";
  return 0;
}

int RunApply(const std::vector<std::string>& argv) {
  std::set<std::string> values = kImportValueFlags;
  values.insert("--out");
  values.insert({"--observed-until", "--report", "--lang"});  // CLV models
  values.insert(kPrivacyValueFlags.begin(), kPrivacyValueFlags.end());
  std::set<std::string> bools = kImportBoolFlags;
  bools.insert("--no-formula-guard");
  bools.insert(kPrivacyBoolFlags.begin(), kPrivacyBoolFlags.end());
  auto args = Args::Parse(argv, values, bools);
  if (!args.ok()) return Fail(args.error());
  if (args->positionals().size() != 2) return Usage("apply expects MODEL.json and FILE");
  auto out_path = args->Get("--out");
  if (!out_path) return Usage("apply needs --out OUT.csv");
  auto model_text = ReadFileBytes(args->positionals()[0]);
  if (!model_text.ok()) return Fail(model_text.error());
  if (const nlohmann::json j = nlohmann::json::parse(model_text.value(), nullptr, false);
      j.is_object() && j.contains("method") && j["method"] == "clv") {  // a CLV model scores customers (cli_clv.cpp)
    auto later = LoadCsv(args->positionals()[1], args.value());
    if (!later.ok()) return Fail(later.error());
    return RunClvApply(args.value(), j, later.value(), *out_path);
  }
  auto model = analysis::ParseModel(model_text.value());
  if (!model.ok()) return Fail(model.error());
  auto data = LoadCsv(args->positionals()[1], args.value());
  if (!data.ok()) return Fail(data.error());
  const io::Dataset& d = data.value();
  if (model->rfm && model->rfm->from_transactions) return RunRfmTransactionsApply(model.value(), d, *out_path);
  auto privacy_choice = PrivacyFromArgs(args.value(), d);
  if (!privacy_choice.ok()) return Fail(privacy_choice.error());
  auto labels = analysis::ApplyModel(model.value(), d.table);
  if (!labels.ok()) return Fail(labels.error());
  // A model saved with --explain also carries its rules: apply writes their segment too.
  std::optional<std::vector<int32_t>> rule_labels;
  if (auto ex = model->source.find("explanation"); model->source.is_object() && ex != model->source.end()) {
    auto parsed = analysis::ExplanationFromJson(*ex);
    if (!parsed.ok()) return Fail(parsed.error());
    auto applied = analysis::ApplyExplanation(parsed.value(), d.table);
    if (!applied.ok()) return Fail(applied.error());
    rule_labels = std::move(applied.value());
  }
  std::vector<std::string> seg_ids(d.table.rows), seg_names(d.table.rows);
  for (size_t i = 0; i < d.table.rows; ++i) {
    const int32_t label = labels.value()[i];
    if (label < 0) continue;  // rules / RFM: no segment for this row (cells stay empty)
    seg_ids[i] = std::to_string(label + 1);
    seg_names[i] = model->names[static_cast<size_t>(label)];
  }
  io::ExportOptions eo;
  eo.neutralise_formulas = !args->Has("--no-formula-guard");
  eo = PrivacyExportOptions(privacy_choice.value(), std::move(eo));
  std::vector<std::string> extra_names{"segment", "segment_name"};
  std::vector<std::vector<std::string>> extra{seg_ids, seg_names};
  if (rule_labels) {
    extra_names.push_back("rule_segment");
    extra.push_back(RuleSegmentColumn(*rule_labels));
  }
  std::string csv = io::WriteWithExtraColumns(d, extra_names, extra, eo);
  if (auto st = WriteFileBytes(*out_path, csv); !st.ok()) return Fail(st.error());
  std::cerr << "Applied the " << model->Segments() << "-segment model to " << d.table.rows << " rows -> " << *out_path << "\n";
  return 0;
}

}  // namespace seg::cli
