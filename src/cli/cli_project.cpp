// segmenter project show P.json [--json], and the project pieces of `segmenter segment`.
#include "cli_project.hpp"

#include <cstdio>
#include <ctime>
#include <iostream>

#include "cli_methods.hpp"
#include "commands.hpp"
#include "seg/analysis/kpi.hpp"
#include "seg/io/encoding.hpp"

namespace seg::cli {
namespace {

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string Join(const std::vector<std::string>& items, const char* sep = ",") {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) s += (i ? sep : "") + items[i];
  return s;
}

std::string RuleSpec(const analysis::RuleColumn& rc) {
  using B = analysis::RuleColumn::Banding;
  switch (rc.banding) {
    case B::kNone: return rc.column;
    case B::kDefaultSize: return rc.column + ":size";
    case B::kQuantiles: return rc.column + ":q" + std::to_string(rc.quantiles);
    case B::kCuts: {
      std::string s = rc.column + ":cuts=";
      for (size_t i = 0; i < rc.cuts.size(); ++i) s += (i ? "|" : "") + Number(rc.cuts[i]);
      return s;
    }
  }
  return rc.column;
}

std::string DelimiterText(char c) {
  if (c == '\t') return "tab";
  if (c == ' ') return "space";
  return std::string(1, c);
}

std::string NowIso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void PrintSummary(const project::Project& p) {
  auto or_auto = [](bool set, const std::string& v) { return set ? v + " (set)" : std::string("auto"); };
  const auto& s = p.params;
  std::cout << "project     " << (p.source.file_name.empty() ? "(no file name)" : p.source.file_name) << ", " << p.source.size
            << " bytes" << (p.source.sha256.empty() ? "" : ", sha256 " + p.source.sha256.substr(0, 16) + "…") << "\n";
  std::cout << "saved       " << (p.created.empty() ? "?" : p.created) << " by " << (p.app_version.empty() ? "?" : p.app_version) << "\n";
  std::cout << "data        "
            << (p.data ? "included (" + std::to_string(p.data->size()) + " bytes; `segment --project` can run without FILE)"
                       : std::string("not included (open the file itself with the project)"))
            << "\n";
  std::cout << "encoding    " << or_auto(p.import.encoding.has_value(), p.import.encoding ? std::string(io::EncodingName(*p.import.encoding)) : "")
            << "\n";
  std::cout << "delimiter   " << or_auto(p.import.delimiter.has_value(), p.import.delimiter ? DelimiterText(*p.import.delimiter) : "") << "\n";
  std::cout << "decimal     " << or_auto(p.import.decimal.has_value(), p.import.decimal ? std::string(1, *p.import.decimal) : "") << "\n";
  std::cout << "header      " << or_auto(p.import.header.has_value(), p.import.header ? (*p.import.header ? "yes" : "no") : "") << "\n";
  if (!p.import.missing_markers.empty()) std::cout << "missing     " << Join(p.import.missing_markers, ", ") << "\n";
  std::cout << "bad rows    " << (p.import.bad_rows == io::BadRowPolicy::kStop ? "stop" : "skip and report") << "\n";
  std::cout << "method      " << project::ProjectMethodName(p.method) << "\n";
  if (p.method == project::ProjectMethod::kRules) {
    std::vector<std::string> specs;
    for (const auto& rc : p.rules) specs.push_back(RuleSpec(rc));
    std::cout << "rules       " << (specs.empty() ? std::string("(no columns chosen)") : Join(specs, ", ")) << "\n";
  } else if (p.method == project::ProjectMethod::kRfm) {
    const auto& r = p.rfm;
    if (!r.customer.empty()) std::cout << "rfm         transactions: customer " << r.customer << ", date " << r.date << ", amount "
                                       << (r.amount.empty() ? r.quantity + " x " + r.price : r.amount) << "\n";
    else std::cout << "rfm         recency " << r.recency << ", frequency " << r.frequency << ", monetary " << r.monetary << "\n";
  } else {
    std::cout << "k           " << (s.auto_k ? "auto, " + std::to_string(s.k_min) + ".." + std::to_string(s.k_max) : std::to_string(s.k))
              << "\n";
    std::cout << "seed        " << s.seed << "\n";
    std::cout << "features    " << (s.features.empty() ? std::string("every numeric column") : Join(s.features, ", ")) << "\n";
    if (p.method == project::ProjectMethod::kGmm) std::cout << "covariance  " << analysis::CovarianceName(s.covariance) << "\n";
    if (p.method == project::ProjectMethod::kMixed)
      std::cout << "categorical " << (s.categorical.empty() ? std::string("automatic") : Join(s.categorical, ", ")) << "\n";
    std::cout << "scaling     " << analysis::ScalingName(s.prep.scaling) << ", log1p "
              << (s.prep.log_auto ? std::string("auto") : s.prep.log_columns.empty() ? std::string("none") : Join(s.prep.log_columns, ", "))
              << (s.prep.clip_quantile > 0 ? ", clip " + Number(s.prep.clip_quantile) : std::string()) << "\n";
    if (!s.prep.weights.empty()) {
      std::vector<std::string> w;
      for (const auto& [c, v] : s.prep.weights) w.push_back(c + "=" + Number(v));
      std::cout << "weights     " << Join(w, ", ") << "\n";
    }
  }
  if (p.edits.group.empty()) {
    std::cout << "edits       none\n";
  } else {
    std::cout << "edits       " << p.edits.group.size() << " computed segments shown as " << p.edits.shown() << "\n";
    for (int sh = 0; sh < p.edits.shown(); ++sh) {
      std::vector<std::string> members;
      for (size_t g = 0; g < p.edits.group.size(); ++g)
        if (p.edits.group[g] == sh) members.push_back(std::to_string(g + 1));
      const std::string& name = p.edits.names[static_cast<size_t>(sh)];
      std::cout << "  " << sh + 1 << "  " << (name.empty() ? std::string("(generated name)") : "\"" + name + "\"") << "  from "
                << Join(members, "+")
                << (p.colors.size() == p.edits.names.size() && !p.colors[static_cast<size_t>(sh)].empty() ? "  " + p.colors[static_cast<size_t>(sh)] : "")
                << "\n";
    }
  }
}

}  // namespace

Result<project::Project> LoadProject(const std::string& path) {
  auto text = ReadFileBytes(path);
  if (!text.ok()) return text.error();
  auto p = project::ParseProject(text.value());
  if (!p.ok()) {
    Error e = p.error();
    e.message = path + ": " + e.message;
    return e;
  }
  return p;
}

int RunProject(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] != "show") return Usage("project expects: project show P.json [--json]");
  auto args = Args::Parse(std::vector<std::string>(argv.begin() + 1, argv.end()), {}, {"--json"});
  if (!args.ok()) return Fail(args.error());
  if (args->positionals().size() != 1) return Usage("project show expects exactly one project file");
  auto p = LoadProject(args->positionals()[0]);
  if (!p.ok()) return Fail(p.error());
  if (args->Has("--json")) {
    // The settings as saved; the embedded data only as its size.
    project::Project settings = p.value();
    settings.data.reset();
    nlohmann::json j = nlohmann::json::parse(project::ProjectToJson(settings), nullptr, false);
    j["data"] = {{"included", p->data.has_value()}, {"size", p->data ? p->data->size() : 0}};
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    PrintSummary(p.value());
  }
  return 0;
}

std::vector<std::string> ProjectFlags(const project::Project& p, const Args& given) {
  std::vector<std::string> out;
  auto add = [&](const std::string& flag, const std::string& value) {
    if (!given.Has(flag)) out.push_back(flag + "=" + value);
  };
  auto add_list = [&](const std::string& flag, const std::vector<std::string>& items) {
    if (!items.empty()) add(flag, Join(items));
  };
  // Import.
  if (p.import.encoding) add("--encoding", std::string(io::EncodingName(*p.import.encoding)));
  if (p.import.delimiter) add("--delimiter", DelimiterText(*p.import.delimiter));
  if (p.import.decimal) add("--decimal", std::string(1, *p.import.decimal));
  if (p.import.header && !given.Has("--header") && !given.Has("--no-header")) out.push_back(*p.import.header ? "--header" : "--no-header");
  add_list("--missing", p.import.missing_markers);
  if (p.import.bad_rows == io::BadRowPolicy::kStop && !given.Has("--stop-on-bad-rows")) out.push_back("--stop-on-bad-rows");
  // Method.
  const std::string method = given.Get("--method").value_or(std::string(project::ProjectMethodName(p.method)));
  add("--method", std::string(project::ProjectMethodName(p.method)));
  if (method == "rules") {
    std::vector<std::string> specs;
    for (const auto& rc : p.rules) specs.push_back(RuleSpec(rc));
    add_list("--by", specs);
    return out;
  }
  if (method == "rfm") {
    const auto& r = p.rfm;
    const bool user_rfm = given.Has("--recency") || given.Has("--frequency") || given.Has("--monetary") || given.Has("--customer") ||
                          given.Has("--date") || given.Has("--amount");
    if (!user_rfm) {
      for (auto [flag, value] : {std::pair<const char*, const std::string*>{"--recency", &r.recency}, {"--frequency", &r.frequency},
                                 {"--monetary", &r.monetary}, {"--customer", &r.customer}, {"--date", &r.date}, {"--amount", &r.amount},
                                 {"--quantity", &r.quantity}, {"--price", &r.price}, {"--invoice", &r.invoice}})
        if (!value->empty()) add(flag, *value);
    }
    if (!r.as_of.empty()) add("--as-of", r.as_of);
    return out;
  }
  // kmeans, gmm, mixed.
  const auto& s = p.params;
  if (!given.Has("--k") && !given.Has("--k-min") && !given.Has("--k-max")) {
    if (s.auto_k) {
      out.push_back("--k=auto");
      out.push_back("--k-min=" + std::to_string(s.k_min));
      out.push_back("--k-max=" + std::to_string(s.k_max));
    } else {
      out.push_back("--k=" + std::to_string(s.k));
    }
  }
  add("--min-share", Number(s.min_share));
  add("--seed", std::to_string(s.seed));
  add_list("--features", s.features);
  add_list("--categorical", s.categorical);
  if (s.gamma >= 0) add("--gamma", Number(s.gamma));
  add("--covariance", std::string(analysis::CovarianceName(s.covariance)));
  add("--scale", std::string(analysis::ScalingName(s.prep.scaling)));
  add("--log", s.prep.log_auto ? std::string("auto") : s.prep.log_columns.empty() ? std::string("none") : Join(s.prep.log_columns));
  if (s.prep.clip_quantile > 0) add("--clip", Number(s.prep.clip_quantile));
  std::vector<std::string> weights;
  for (const auto& [c, w] : s.prep.weights) weights.push_back(c + "=" + Number(w));
  add_list("--weights", weights);
  std::vector<std::string> kpis;
  for (const auto& k : s.kpis) kpis.push_back(std::string(analysis::KpiKindName(k.kind)) + "=" + k.column);
  add_list("--kpi", kpis);
  if (s.prep.missing_indicators && !given.Has("--missing-indicators")) out.push_back("--missing-indicators");
  if (s.mini_batch != 0) add("--mini-batch", s.mini_batch < 0 ? std::string("off") : std::to_string(s.mini_batch));
  add_list("--keep", s.prep.not_personal);
  if (!given.Has("--drop-personal") && !given.Has("--mask-personal")) {
    if (p.personal_export == project::PersonalExport::kDrop) out.push_back("--drop-personal");
    if (p.personal_export == project::PersonalExport::kMask) out.push_back("--mask-personal");
  }
  return out;
}

Status SaveProject(const Args& args, const std::string& path, const std::string& file_name, const std::string& bytes,
                   const analysis::SegmentParams* params, const analysis::SegmentEdits* edits,
                   const std::vector<std::string>* colors) {
  project::Project p;
  p.app_version = std::string("segmenter ") + kSegmenterVersion;
  p.created = NowIso();
  p.source = project::DescribeSource(BaseName(file_name), bytes);
  auto import = ImportOptionsFromArgs(args);
  if (!import.ok()) return import.error();
  p.import = import.value();
  const std::string method = args.Get("--method").value_or("kmeans");
  for (project::ProjectMethod m : {project::ProjectMethod::kKMeans, project::ProjectMethod::kGmm, project::ProjectMethod::kMixed, project::ProjectMethod::kRules,
                              project::ProjectMethod::kRfm})
    if (project::ProjectMethodName(m) == method) p.method = m;
  if (params) p.params = *params;
  p.params.method = p.method == project::ProjectMethod::kGmm     ? analysis::Method::kGmm
                    : p.method == project::ProjectMethod::kMixed ? analysis::Method::kMixed
                                                            : analysis::Method::kKMeans;
  if (auto by = args.Get("--by"); by && p.method == project::ProjectMethod::kRules) {
    auto rules = ParseRuleColumns(*by);
    if (!rules.ok()) return rules.error();
    p.rules = std::move(rules.value());
  }
  if (p.method == project::ProjectMethod::kRfm) {
    for (auto [flag, out] : {std::pair<const char*, std::string*>{"--recency", &p.rfm.recency}, {"--frequency", &p.rfm.frequency},
                             {"--monetary", &p.rfm.monetary}, {"--customer", &p.rfm.customer}, {"--date", &p.rfm.date},
                             {"--amount", &p.rfm.amount}, {"--quantity", &p.rfm.quantity}, {"--price", &p.rfm.price},
                             {"--invoice", &p.rfm.invoice}, {"--as-of", &p.rfm.as_of}})
      *out = args.Get(flag).value_or("");
  }
  if (args.Has("--drop-personal")) p.personal_export = project::PersonalExport::kDrop;
  if (args.Has("--mask-personal")) p.personal_export = project::PersonalExport::kMask;
  if (edits) p.edits = *edits;
  if (colors) p.colors = *colors;
  if (args.Has("--include-data"))
    if (auto st = project::EmbedData(p, bytes); !st.ok()) return st.error();
  std::string text = project::ProjectToJson(p);
  // Never write a project this version could not open again (e.g. more than 50 cut points).
  if (auto back = project::ParseProject(text); !back.ok()) {
    Error e = back.error();
    e.message = "the project cannot be saved: " + e.message;
    return e;
  }
  return WriteFileBytes(path, text);
}

}  // namespace seg::cli
