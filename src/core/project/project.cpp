// The project file (seg/project/project.hpp). Every read of the untrusted JSON checks the type first:
// nlohmann's get<>() throws on a mismatch, and a throw aborts the wasm module.
#include "seg/project/project.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "seg/common/base64.hpp"
#include "seg/privacy/hmac.hpp"

namespace seg::project {
using namespace seg::io;  // the project layer sits on io (ReadOptions, encodings, BadRowPolicy)
namespace {

using json = nlohmann::json;

constexpr size_t kMaxName = 1000;       // bytes of a column name, file name, version string
constexpr size_t kMaxList = 100000;     // entries of a feature / marker list
constexpr size_t kMaxSegmentName = 200;  // as RenameSegment
constexpr int kMaxK = 1000;             // as `segmenter segment --k`
constexpr long long kMaxSeed = 1LL << 53;  // exact in JavaScript too

const char* const kMethodNames[] = {"kmeans", "gmm", "mixed", "rules", "rfm"};
const char* const kPersonalNames[] = {"keep", "drop", "mask"};
const char* const kBandingNames[] = {"none", "size", "quantiles", "cuts"};

std::string DelimiterName(char c) {
  if (c == '\t') return "tab";
  if (c == ' ') return "space";
  return std::string(1, c);
}

// ---- [SECTION] writing --------------------------------------------------------------------

json ToJsonValue(const Project& p) {
  json j = json::object();
  j["format"] = "segmenter-project";
  j["version"] = kProjectFormatVersion;
  j["app_version"] = p.app_version;
  j["created"] = p.created;
  j["source"] = {{"file_name", p.source.file_name}, {"size", p.source.size}, {"sha256", p.source.sha256}};

  json imp = json::object();
  if (p.import.encoding) imp["encoding"] = std::string(EncodingName(*p.import.encoding));
  if (p.import.delimiter) imp["delimiter"] = DelimiterName(*p.import.delimiter);
  if (p.import.decimal) imp["decimal"] = std::string(1, *p.import.decimal);
  if (p.import.header) imp["header"] = *p.import.header;
  imp["missing"] = p.import.missing_markers;
  imp["bad_rows"] = p.import.bad_rows == BadRowPolicy::kStop ? "stop" : "skip";
  j["import"] = imp;

  const analysis::SegmentParams& s = p.params;
  json seg = json::object();
  seg["method"] = kMethodNames[static_cast<int>(p.method)];
  seg["k"] = s.k;
  seg["auto_k"] = s.auto_k;
  seg["k_min"] = s.k_min;
  seg["k_max"] = s.k_max;
  seg["min_share"] = s.min_share;
  seg["seed"] = s.seed;
  seg["features"] = s.features;
  seg["categorical"] = s.categorical;
  seg["gamma"] = s.gamma < 0 ? json(nullptr) : json(s.gamma);
  seg["covariance"] = std::string(analysis::CovarianceName(s.covariance));
  seg["n_init"] = s.n_init;
  seg["max_iter"] = s.max_iter;
  seg["mini_batch"] = s.mini_batch;
  json prep = json::object();
  prep["scaling"] = std::string(analysis::ScalingName(s.prep.scaling));
  if (s.prep.log_auto) prep["log"] = "auto";
  else if (s.prep.log_columns.empty()) prep["log"] = "none";
  else prep["log"] = s.prep.log_columns;
  prep["clip_quantile"] = s.prep.clip_quantile;
  json weights = json::array();
  for (const auto& [name, w] : s.prep.weights) weights.push_back({{"column", name}, {"weight", w}});
  prep["weights"] = weights;
  prep["missing_indicators"] = s.prep.missing_indicators;
  prep["not_personal"] = s.prep.not_personal;
  seg["prep"] = prep;
  json kpis = json::array();
  for (const auto& k : s.kpis) kpis.push_back({{"kind", std::string(analysis::KpiKindName(k.kind))}, {"column", k.column}});
  seg["kpis"] = kpis;
  json rules = json::array();
  for (const auto& r : p.rules) {
    json rj = {{"column", r.column}, {"banding", kBandingNames[static_cast<int>(r.banding)]}};
    if (r.banding == analysis::RuleColumn::Banding::kQuantiles) rj["quantiles"] = r.quantiles;
    if (r.banding == analysis::RuleColumn::Banding::kCuts) rj["cuts"] = r.cuts;
    rules.push_back(rj);
  }
  seg["rules"] = rules;
  seg["rfm"] = {{"recency", p.rfm.recency},   {"frequency", p.rfm.frequency}, {"monetary", p.rfm.monetary},
                {"customer", p.rfm.customer}, {"date", p.rfm.date},           {"amount", p.rfm.amount},
                {"quantity", p.rfm.quantity}, {"price", p.rfm.price},         {"invoice", p.rfm.invoice},
                {"as_of", p.rfm.as_of}};
  j["segmentation"] = seg;

  j["studio"] = {{"sql_dialect", std::string(analysis::SqlDialectName(p.sql_dialect))},
                 {"personal_export", kPersonalNames[static_cast<int>(p.personal_export)]}};
  json group = json::array();
  for (int g : p.edits.group) group.push_back(g + 1);
  j["edits"] = {{"group", group}, {"names", p.edits.names}, {"colors", p.colors}};
  return j;
}

// ---- [SECTION] reading --------------------------------------------------------------------

// Collects the first problem as "where: what".
struct Reader {
  std::string problem;

  bool Fail(const std::string& where, const std::string& what) {
    if (problem.empty()) problem = "\"" + where + "\" " + what;
    return false;
  }
  static std::string Found(const json& v) {
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return " (found " + s + ")";
  }
  // A member of `obj`; nullptr when absent (or `obj` is no object).
  static const json* Member(const json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  bool Object(const json& obj, const char* key, const std::string& where, const json*& out) {
    out = Member(obj, key);
    if (!out) return Fail(where, "is missing");
    if (!out->is_object()) return Fail(where, "must be an object" + Found(*out));
    return true;
  }
  bool String(const json& obj, const char* key, const std::string& where, std::string& out, size_t max = kMaxName,
              bool required = true) {
    const json* v = Member(obj, key);
    if (!v) return required ? Fail(where, "is missing") : true;
    if (!v->is_string()) return Fail(where, "must be text" + Found(*v));
    const std::string& s = v->get_ref<const std::string&>();
    if (s.size() > max) return Fail(where, "is longer than " + std::to_string(max) + " bytes");
    out = s;
    return true;
  }
  bool Bool(const json& obj, const char* key, const std::string& where, bool& out) {
    const json* v = Member(obj, key);
    if (!v) return Fail(where, "is missing");
    if (!v->is_boolean()) return Fail(where, "must be true or false" + Found(*v));
    out = v->get<bool>();
    return true;
  }
  // Whole number in [lo, hi]; unsigned values above LLONG_MAX are out of range, not wrapped.
  bool Integer(const json& v, const std::string& where, long long lo, long long hi, long long& out) {
    bool fits = false;
    if (v.is_number_unsigned()) {
      const uint64_t u = v.get<uint64_t>();
      fits = u <= static_cast<uint64_t>(hi);
      if (fits) out = static_cast<long long>(u);
    } else if (v.is_number_integer()) {
      out = v.get<long long>();
      fits = out >= lo && out <= hi;
    } else {
      return Fail(where, "must be a whole number" + Found(v));
    }
    if (!fits || out < lo) return Fail(where, "must be from " + std::to_string(lo) + " to " + std::to_string(hi) + Found(v));
    return true;
  }
  template <class T>
  bool Int(const json& obj, const char* key, const std::string& where, long long lo, long long hi, T& out) {
    const json* v = Member(obj, key);
    if (!v) return Fail(where, "is missing");
    long long x = 0;
    if (!Integer(*v, where, lo, hi, x)) return false;
    out = static_cast<T>(x);
    return true;
  }
  bool Number(const json& v, const std::string& where, double lo, double hi, double& out) {
    if (!v.is_number()) return Fail(where, "must be a number" + Found(v));
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < lo || x > hi) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "must be a number from %g to %g", lo, hi);
      return Fail(where, buf + Found(v));
    }
    out = x;
    return true;
  }
  bool Num(const json& obj, const char* key, const std::string& where, double lo, double hi, double& out) {
    const json* v = Member(obj, key);
    if (!v) return Fail(where, "is missing");
    return Number(*v, where, lo, hi, out);
  }
  bool Strings(const json& obj, const char* key, const std::string& where, std::vector<std::string>& out,
               size_t max_items = kMaxList, size_t max_len = kMaxName) {
    const json* v = Member(obj, key);
    if (!v) return Fail(where, "is missing");
    return StringList(*v, where, out, max_items, max_len);
  }
  bool StringList(const json& v, const std::string& where, std::vector<std::string>& out, size_t max_items = kMaxList,
                  size_t max_len = kMaxName) {
    if (!v.is_array()) return Fail(where, "must be a list of texts" + Found(v));
    if (v.size() > max_items) return Fail(where, "has more than " + std::to_string(max_items) + " entries");
    out.clear();
    for (const json& x : v) {
      if (!x.is_string()) return Fail(where, "must hold only texts" + Found(x));
      if (x.get_ref<const std::string&>().size() > max_len)
        return Fail(where, "holds a text longer than " + std::to_string(max_len) + " bytes");
      out.push_back(x.get<std::string>());
    }
    return true;
  }
  // One of `names` (by index).
  template <class E, size_t N>
  bool Choice(const json& obj, const char* key, const std::string& where, const char* const (&names)[N], E& out) {
    std::string s;
    if (!String(obj, key, where, s)) return false;
    for (size_t i = 0; i < N; ++i)
      if (s == names[i]) {
        out = static_cast<E>(i);
        return true;
      }
    std::string list;
    for (size_t i = 0; i < N; ++i) list += (i ? (i + 1 == N ? " or " : ", ") : "") + std::string(names[i]);
    return Fail(where, "must be " + list + Found(*Member(obj, key)));
  }
};

bool IsHexColor(const std::string& s) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (size_t i = 1; i < 7; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

bool IsLowerHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool ReadImport(Reader& r, const json& j, ReadOptions& o) {
  const json* imp = nullptr;
  if (!r.Object(j, "import", "import", imp)) return false;
  if (const json* e = Reader::Member(*imp, "encoding")) {
    std::string s;
    if (!r.String(*imp, "encoding", "import.encoding", s)) return false;
    auto enc = ParseEncodingName(s);
    if (!enc) return r.Fail("import.encoding", "must be utf-8, utf-16le, utf-16be or windows-1252" + Reader::Found(*e));
    o.encoding = *enc;
  }
  if (const json* d = Reader::Member(*imp, "delimiter")) {
    std::string s;
    if (!r.String(*imp, "delimiter", "import.delimiter", s)) return false;
    if (s == "tab") s = "\t";
    if (s == "space") s = " ";
    if (s != "," && s != ";" && s != "\t" && s != "|" && s != " ")
      return r.Fail("import.delimiter", "must be \",\", \";\", \"|\", \"tab\" or \"space\"" + Reader::Found(*d));
    o.delimiter = s[0];
  }
  if (const json* d = Reader::Member(*imp, "decimal")) {
    std::string s;
    if (!r.String(*imp, "decimal", "import.decimal", s)) return false;
    if (s != "." && s != ",") return r.Fail("import.decimal", "must be \".\" or \",\"" + Reader::Found(*d));
    o.decimal = s[0];
  }
  if (Reader::Member(*imp, "header")) {
    bool h = true;
    if (!r.Bool(*imp, "header", "import.header", h)) return false;
    o.header = h;
  }
  if (!r.Strings(*imp, "missing", "import.missing", o.missing_markers, 1000, 100)) return false;
  const char* const policies[] = {"stop", "skip"};
  int policy = 1;
  if (!r.Choice(*imp, "bad_rows", "import.bad_rows", policies, policy)) return false;
  o.bad_rows = policy == 0 ? BadRowPolicy::kStop : BadRowPolicy::kSkip;
  return true;
}

bool ReadPrep(Reader& r, const json& seg, analysis::PrepOptions& o) {
  const json* prep = nullptr;
  if (!r.Object(seg, "prep", "segmentation.prep", prep)) return false;
  std::string scaling;
  if (!r.String(*prep, "scaling", "segmentation.prep.scaling", scaling)) return false;
  auto sc = analysis::ParseScaling(scaling);
  if (!sc) return r.Fail("segmentation.prep.scaling", "must be zscore, robust, minmax or none" + Reader::Found(*Reader::Member(*prep, "scaling")));
  o.scaling = *sc;
  const json* log = Reader::Member(*prep, "log");
  if (!log) return r.Fail("segmentation.prep.log", "is missing");
  if (log->is_string() && log->get_ref<const std::string&>() == "auto") {
    o.log_auto = true;
  } else if (log->is_string() && log->get_ref<const std::string&>() == "none") {
    o.log_auto = false;
  } else if (log->is_array()) {
    o.log_auto = false;
    if (!r.StringList(*log, "segmentation.prep.log", o.log_columns)) return false;
  } else {
    return r.Fail("segmentation.prep.log", "must be \"auto\", \"none\" or a list of columns" + Reader::Found(*log));
  }
  if (!r.Num(*prep, "clip_quantile", "segmentation.prep.clip_quantile", 0.0, 0.25, o.clip_quantile)) return false;
  const json* w = Reader::Member(*prep, "weights");
  if (!w) return r.Fail("segmentation.prep.weights", "is missing");
  if (!w->is_array() || w->size() > kMaxList) return r.Fail("segmentation.prep.weights", "must be a list of {\"column\", \"weight\"}" + Reader::Found(*w));
  for (const json& item : *w) {
    std::string column;
    double weight = 1.0;
    if (!item.is_object()) return r.Fail("segmentation.prep.weights", "must hold {\"column\", \"weight\"} objects" + Reader::Found(item));
    if (!r.String(item, "column", "segmentation.prep.weights.column", column)) return false;
    if (!r.Num(item, "weight", "segmentation.prep.weights.weight", 0.0, 100.0, weight)) return false;
    o.weights.emplace_back(std::move(column), weight);
  }
  if (!r.Bool(*prep, "missing_indicators", "segmentation.prep.missing_indicators", o.missing_indicators)) return false;
  return r.Strings(*prep, "not_personal", "segmentation.prep.not_personal", o.not_personal);
}

bool ReadRules(Reader& r, const json& seg, std::vector<analysis::RuleColumn>& out) {
  const json* rules = Reader::Member(seg, "rules");
  if (!rules) return r.Fail("segmentation.rules", "is missing");
  if (!rules->is_array() || rules->size() > 3) return r.Fail("segmentation.rules", "must be a list of at most 3 columns" + Reader::Found(*rules));
  for (const json& item : *rules) {
    const std::string where = "segmentation.rules";
    if (!item.is_object()) return r.Fail(where, "must hold {\"column\", \"banding\"} objects" + Reader::Found(item));
    analysis::RuleColumn rc;
    if (!r.String(item, "column", where + ".column", rc.column)) return false;
    if (!r.Choice(item, "banding", where + ".banding", kBandingNames, rc.banding)) return false;
    if (rc.banding == analysis::RuleColumn::Banding::kQuantiles && !r.Int(item, "quantiles", where + ".quantiles", 2, 50, rc.quantiles))
      return false;
    if (rc.banding == analysis::RuleColumn::Banding::kCuts) {
      const json* cuts = Reader::Member(item, "cuts");
      if (!cuts || !cuts->is_array() || cuts->empty() || cuts->size() > 50)
        return r.Fail(where + ".cuts", "must list 1 to 50 cut points" + (cuts ? Reader::Found(*cuts) : std::string()));
      for (const json& c : *cuts) {
        double v = 0;
        if (!r.Number(c, where + ".cuts", -1e300, 1e300, v)) return false;
        if (!rc.cuts.empty() && !(v > rc.cuts.back())) return r.Fail(where + ".cuts", "must be strictly increasing" + Reader::Found(*cuts));
        rc.cuts.push_back(v);
      }
    }
    out.push_back(std::move(rc));
  }
  return true;
}

bool ReadSegmentation(Reader& r, const json& j, Project& p) {
  const json* seg = nullptr;
  if (!r.Object(j, "segmentation", "segmentation", seg)) return false;
  analysis::SegmentParams& s = p.params;
  if (!r.Choice(*seg, "method", "segmentation.method", kMethodNames, p.method)) return false;
  s.method = p.method == ProjectMethod::kGmm ? analysis::Method::kGmm
             : p.method == ProjectMethod::kMixed ? analysis::Method::kMixed
                                                 : analysis::Method::kKMeans;
  if (!r.Int(*seg, "k", "segmentation.k", 1, kMaxK, s.k)) return false;
  if (!r.Bool(*seg, "auto_k", "segmentation.auto_k", s.auto_k)) return false;
  if (!r.Int(*seg, "k_min", "segmentation.k_min", 1, 50, s.k_min)) return false;
  if (!r.Int(*seg, "k_max", "segmentation.k_max", 1, 50, s.k_max)) return false;
  if (s.k_max < s.k_min) return r.Fail("segmentation.k_max", "must not be below \"k_min\" (" + std::to_string(s.k_min) + ")");
  if (!r.Num(*seg, "min_share", "segmentation.min_share", 0.0, 0.5, s.min_share)) return false;
  if (!r.Int(*seg, "seed", "segmentation.seed", 0, kMaxSeed, s.seed)) return false;
  if (!r.Strings(*seg, "features", "segmentation.features", s.features)) return false;
  if (!r.Strings(*seg, "categorical", "segmentation.categorical", s.categorical)) return false;
  const json* gamma = Reader::Member(*seg, "gamma");
  if (!gamma) return r.Fail("segmentation.gamma", "is missing");
  s.gamma = -1.0;
  if (!gamma->is_null() && !r.Number(*gamma, "segmentation.gamma", 0.0, 1000.0, s.gamma)) return false;
  const char* const covariances[] = {"full", "diagonal"};
  if (!r.Choice(*seg, "covariance", "segmentation.covariance", covariances, s.covariance)) return false;
  if (!r.Int(*seg, "n_init", "segmentation.n_init", 0, 1000, s.n_init)) return false;
  if (!r.Int(*seg, "max_iter", "segmentation.max_iter", 1, 100000, s.max_iter)) return false;
  if (!r.Int(*seg, "mini_batch", "segmentation.mini_batch", -1, 1000000, s.mini_batch)) return false;
  if (s.mini_batch > 0 && s.mini_batch < 64) return r.Fail("segmentation.mini_batch", "must be -1 (never), 0 (automatic) or 64 and more");
  if (!ReadPrep(r, *seg, s.prep)) return false;
  const json* kpis = Reader::Member(*seg, "kpis");
  if (!kpis) return r.Fail("segmentation.kpis", "is missing");
  if (!kpis->is_array() || kpis->size() > 100) return r.Fail("segmentation.kpis", "must be a list of {\"kind\", \"column\"}" + Reader::Found(*kpis));
  const char* const kinds[] = {"revenue", "margin", "churn", "nps", "conversion", "renewal", "tenure", "orders"};
  for (const json& item : *kpis) {
    analysis::KpiMapping m{analysis::KpiKind::kRevenue, ""};
    if (!item.is_object()) return r.Fail("segmentation.kpis", "must hold {\"kind\", \"column\"} objects" + Reader::Found(item));
    if (!r.Choice(item, "kind", "segmentation.kpis.kind", kinds, m.kind)) return false;
    if (!r.String(item, "column", "segmentation.kpis.column", m.column)) return false;
    s.kpis.push_back(std::move(m));
  }
  if (!ReadRules(r, *seg, p.rules)) return false;
  const json* rfm = nullptr;
  if (!r.Object(*seg, "rfm", "segmentation.rfm", rfm)) return false;
  std::pair<const char*, std::string*> fields[] = {{"recency", &p.rfm.recency},   {"frequency", &p.rfm.frequency},
                                                   {"monetary", &p.rfm.monetary}, {"customer", &p.rfm.customer},
                                                   {"date", &p.rfm.date},         {"amount", &p.rfm.amount},
                                                   {"quantity", &p.rfm.quantity}, {"price", &p.rfm.price},
                                                   {"invoice", &p.rfm.invoice},   {"as_of", &p.rfm.as_of}};
  for (auto& [key, out] : fields)
    if (!r.String(*rfm, key, std::string("segmentation.rfm.") + key, *out)) return false;
  return true;
}

bool ReadEdits(Reader& r, const json& j, Project& p) {
  const json* e = nullptr;
  if (!r.Object(j, "edits", "edits", e)) return false;
  const json* group = Reader::Member(*e, "group");
  if (!group || !group->is_array() || group->size() > static_cast<size_t>(kMaxK))
    return r.Fail("edits.group", "must be a list of at most " + std::to_string(kMaxK) + " segment numbers" + (group ? Reader::Found(*group) : std::string()));
  if (!r.Strings(*e, "names", "edits.names", p.edits.names, static_cast<size_t>(kMaxK), kMaxSegmentName)) return false;
  const long long shown = static_cast<long long>(p.edits.names.size());
  if (group->empty() != (shown == 0)) return r.Fail("edits.names", "must name each shown segment (" + std::to_string(shown) + " names)");
  std::vector<bool> used(static_cast<size_t>(shown), false);
  for (const json& g : *group) {
    long long id = 0;
    if (!r.Integer(g, "edits.group", 1, std::max<long long>(1, shown), id)) return false;
    used[static_cast<size_t>(id - 1)] = true;
    p.edits.group.push_back(static_cast<int>(id - 1));
  }
  for (long long s = 0; s < shown; ++s)
    if (!used[static_cast<size_t>(s)]) return r.Fail("edits.group", "never uses shown segment " + std::to_string(s + 1) + " of " + std::to_string(shown));
  std::set<std::string> seen;
  for (const std::string& n : p.edits.names)
    if (!n.empty() && !seen.insert(n).second) return r.Fail("edits.names", "names two segments \"" + n + "\"");
  if (!r.Strings(*e, "colors", "edits.colors", p.colors, static_cast<size_t>(kMaxK), 7)) return false;
  if (!p.colors.empty() && static_cast<long long>(p.colors.size()) != shown)
    return r.Fail("edits.colors", "must hold one colour per shown segment (" + std::to_string(shown) + ") or none");
  for (const std::string& c : p.colors)
    if (!c.empty() && !IsHexColor(c)) return r.Fail("edits.colors", "must hold \"#rrggbb\" colours or \"\"" + Reader::Found(json(c)));
  return true;
}

Error Invalid(const std::string& what) {
  return MakeError("project.invalid", "This project file is damaged or was edited by hand: " + what + ".",
                   "Restore the project file from a copy, or open the customer file again and re-create the project.");
}

}  // namespace

std::string_view ProjectMethodName(ProjectMethod m) { return kMethodNames[static_cast<int>(m)]; }

bool operator==(const Project& a, const Project& b) {
  auto import_key = [](const ReadOptions& o) { return std::tie(o.encoding, o.delimiter, o.decimal, o.header, o.missing_markers, o.bad_rows); };
  auto prep_key = [](const analysis::PrepOptions& o) {
    return std::tie(o.scaling, o.log_auto, o.log_columns, o.clip_quantile, o.weights, o.missing_indicators, o.not_personal);
  };
  auto params_key = [](const analysis::SegmentParams& s) {
    return std::tie(s.method, s.covariance, s.k, s.auto_k, s.k_min, s.k_max, s.min_share, s.seed, s.features, s.categorical,
                    s.gamma, s.n_init, s.max_iter, s.mini_batch);
  };
  auto kpis_equal = [](const std::vector<analysis::KpiMapping>& x, const std::vector<analysis::KpiMapping>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i].kind != y[i].kind || x[i].column != y[i].column) return false;
    return true;
  };
  auto rules_equal = [](const std::vector<analysis::RuleColumn>& x, const std::vector<analysis::RuleColumn>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (std::tie(x[i].column, x[i].banding, x[i].quantiles, x[i].cuts) != std::tie(y[i].column, y[i].banding, y[i].quantiles, y[i].cuts))
        return false;
    return true;
  };
  auto rfm_key = [](const ProjectRfm& r) {
    return std::tie(r.recency, r.frequency, r.monetary, r.customer, r.date, r.amount, r.quantity, r.price, r.invoice, r.as_of);
  };
  return a.app_version == b.app_version && a.created == b.created && a.source.file_name == b.source.file_name &&
         a.source.size == b.source.size && a.source.sha256 == b.source.sha256 && import_key(a.import) == import_key(b.import) &&
         a.method == b.method && params_key(a.params) == params_key(b.params) && prep_key(a.params.prep) == prep_key(b.params.prep) &&
         kpis_equal(a.params.kpis, b.params.kpis) && rules_equal(a.rules, b.rules) && rfm_key(a.rfm) == rfm_key(b.rfm) &&
         a.sql_dialect == b.sql_dialect && a.personal_export == b.personal_export && a.edits == b.edits && a.colors == b.colors &&
         a.data == b.data;
}

ProjectSource DescribeSource(std::string file_name, std::string_view bytes) {
  return ProjectSource{std::move(file_name), bytes.size(), privacy::ToHex(privacy::Sha256Of(bytes))};
}

Status EmbedData(Project& project, std::string bytes, uint64_t max_bytes) {
  if (bytes.size() > max_bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f MB", static_cast<double>(bytes.size()) / 1e6);
    return MakeError("project.data_too_large",
                     "The customer file (" + std::string(buf) + ") is too large to include in a project file (at most 200 MB).",
                     "Save the project without the data and keep the customer file next to it.");
  }
  ProjectSource s = DescribeSource(project.source.file_name, bytes);
  project.source = std::move(s);
  project.data = std::move(bytes);
  return Ok{};
}

Status CheckSource(const Project& project, std::string_view bytes) {
  if (project.source.sha256.empty()) return Ok{};
  if (bytes.size() == project.source.size && privacy::ToHex(privacy::Sha256Of(bytes)) == project.source.sha256) return Ok{};
  const std::string name = project.source.file_name.empty() ? std::string("the original file") : "\"" + project.source.file_name + "\"";
  return MakeError("project.other_file",
                   "This is not the file the project was made with: it expects " + name + " with " +
                       std::to_string(project.source.size) + " bytes, and this file's contents differ.",
                   "Pick the original file; if it has changed since, open it without the project and segment it again.");
}

std::string ProjectToJson(const Project& project) {
  std::string text = ToJsonValue(project).dump(2, ' ', false, json::error_handler_t::replace);
  if (project.data) {
    // Splice the Base64 in as the last member instead of copying it into (and out of) a json value.
    const size_t close = text.rfind('}');
    text.resize(close);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    text += ",\n  \"data\": {\n    \"encoding\": \"base64\",\n    \"bytes\": \"";
    text += EncodeBase64(*project.data);
    text += "\"\n  }\n}";
  }
  return text + "\n";
}

Result<Project> ParseProject(std::string_view text, uint64_t max_data_bytes) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return MakeError("project.not_json", "This project file is not valid JSON (it may be cut off or damaged).",
                     "Choose the .segmenter.json project file that Segmenter saved, or restore it from a copy.");
  }
  const json* format = Reader::Member(j, "format");
  const std::string fmt = format && format->is_string() ? format->get<std::string>() : std::string();
  if (fmt == "segmenter-model") {
    return MakeError("project.is_model", "This is a Segmenter model file, not a project file.",
                     "Open the customer file instead and apply the model to it (`segmenter apply MODEL.json FILE`), or "
                     "choose the project file.");
  }
  if (fmt != "segmenter-project") {
    return MakeError("project.not_project", "This JSON file is not a Segmenter project (its \"format\" is not \"segmenter-project\").",
                     "Choose the project file that Segmenter saved.");
  }
  const json* version = Reader::Member(j, "version");
  if (!version || !version->is_number_integer()) return Invalid("\"version\" must be a whole number");
  if (version->is_number_unsigned() ? version->get<uint64_t>() > static_cast<uint64_t>(kProjectFormatVersion)
                                    : version->get<long long>() > kProjectFormatVersion) {
    const std::string v = version->dump();
    return MakeError("project.future_version",
                     "This project was saved by a newer Segmenter (format version " + v + "); this version reads up to " +
                         std::to_string(kProjectFormatVersion) + ".",
                     "Update Segmenter or re-create the project.");
  }
  if (version->get<long long>() < 1) return Invalid("\"version\" must be 1 or more");

  Project p;
  Reader r;
  bool ok = r.String(j, "app_version", "app_version", p.app_version) && r.String(j, "created", "created", p.created);
  const json* source = nullptr;
  ok = ok && r.Object(j, "source", "source", source) && r.String(*source, "file_name", "source.file_name", p.source.file_name) &&
       r.Int(*source, "size", "source.size", 0, (1LL << 53), p.source.size) &&
       r.String(*source, "sha256", "source.sha256", p.source.sha256, 64);
  if (ok && !p.source.sha256.empty() && !IsLowerHex64(p.source.sha256))
    ok = r.Fail("source.sha256", "must be 64 lowercase hex digits or \"\"");
  ok = ok && ReadImport(r, j, p.import) && ReadSegmentation(r, j, p);
  const json* studio = nullptr;
  const char* const dialects[] = {"postgres", "sqlite", "duckdb", "bigquery", "spark"};
  ok = ok && r.Object(j, "studio", "studio", studio) && r.Choice(*studio, "sql_dialect", "studio.sql_dialect", dialects, p.sql_dialect) &&
       r.Choice(*studio, "personal_export", "studio.personal_export", kPersonalNames, p.personal_export);
  ok = ok && ReadEdits(r, j, p);
  if (!ok) return Invalid(r.problem);

  if (const json* data = Reader::Member(j, "data")) {
    auto bad = [](const std::string& what) {
      return MakeError("project.bad_data", "The customer data inside this project file is damaged: " + what + ".",
                       "Open the original customer file with the project instead (re-save the project without data), or "
                       "restore the project file from a copy.");
    };
    const json* enc = Reader::Member(*data, "encoding");
    const json* bytes = Reader::Member(*data, "bytes");
    if (!enc || !enc->is_string() || enc->get_ref<const std::string&>() != "base64") return bad("\"data.encoding\" must be \"base64\"");
    if (!bytes || !bytes->is_string()) return bad("\"data.bytes\" must be Base64 text");
    const std::string& b64 = bytes->get_ref<const std::string&>();
    if (DecodedBase64Size(b64) > max_data_bytes)
      return MakeError("project.data_too_large", "The customer data inside this project file is larger than 200 MB.",
                       "Open the customer file itself with the project; Segmenter does not embed files this large.");
    auto decoded = DecodeBase64(b64);
    if (!decoded) return bad("\"data.bytes\" is not valid Base64");
    if (p.source.sha256.empty()) return bad("\"source.sha256\" is missing, so the data cannot be checked");
    if (decoded->size() != p.source.size || privacy::ToHex(privacy::Sha256Of(*decoded)) != p.source.sha256)
      return MakeError("project.data_mismatch",
                       "The customer data inside this project file does not match its recorded size and SHA-256: the file "
                       "was changed or damaged after saving.",
                       "Restore the project file from a copy, or open the original customer file and re-create the project.");
    p.data = std::move(*decoded);
  }
  return p;
}

}  // namespace seg::project
