// Segmentation report and model JSON (ReportToJson, ModelToJson/ModelFromJson, ParseModel) and ApplyModel.
//
// Index of this file
// [SECTION] ReportToJson, ModelToJson, MethodModelToJson
// [SECTION] Model readers (rules/rfm, computed k-means/GMM/mixed), ModelFromJson, ParseModel
// [SECTION] ApplyModel

#include <algorithm>
#include <cmath>
#include <map>

#include "seg/analysis/distance_kernels.hpp"
#include "seg/analysis/model_edits.hpp"
#include "seg/analysis/segmentation.hpp"

namespace seg::analysis {
namespace {

nlohmann::json Num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// nlohmann's value()/get() throw on a type mismatch, and a throw aborts the wasm module: every
// read of untrusted JSON goes through checks like this one.
std::string StringField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

nlohmann::json ReportToJson(const SegmentResult& r) {
  nlohmann::json j;
  j["k"] = r.k;
  j["method"] = r.method;
  j["rows"] = r.labels.size();
  j["features"] = r.feature_names;
  j["inertia"] = r.inertia;
  j["iterations"] = r.iterations;
  j["seed"] = r.seed;
  j["quality"] = QualityToJson(r.quality);
  if (r.gmm) {
    j["quality"]["bic"] = r.gmm->bic;
    j["quality"]["log_likelihood"] = r.gmm->log_likelihood;
  }
  if (r.auto_k) {
    nlohmann::json a = AutoKToJson(*r.auto_k);
    j["k_scores"] = a["k_scores"];
    j["recommendation"] = a["recommendation"];
  }
  j["preparation"] = PreparationToJson(r.preparation);
  // Each KPI with the column it came from and why (issue 19): a picker shows and changes the choice.
  nlohmann::json kpi_columns = nlohmann::json::array();
  for (const KpiColumn& k : r.kpi_columns)
    kpi_columns.push_back({{"kind", std::string(KpiKindName(k.kind))}, {"column", k.name}, {"reason", k.reason_en},
                           {"reason_de", k.reason_de}, {"by_user", k.by_user}});
  j["kpi_columns"] = kpi_columns;
  j["explained_variance_ratio"] = {r.explained_variance_ratio[0], r.explained_variance_ratio[1]};
  nlohmann::json segs = nlohmann::json::array();
  for (const auto& s : r.segments) {
    nlohmann::json means = nlohmann::json::object();
    nlohmann::json profiles = nlohmann::json::array();
    for (const auto& f : s.features) {
      means[f.name] = Num(f.mean);
      profiles.push_back({{"feature", f.name},
                          {"mean", Num(f.mean)},
                          {"median", Num(f.median)},
                          {"overall_mean", Num(f.overall_mean)},
                          {"overall_median", Num(f.overall_median)},
                          {"std_diff", Num(f.std_diff)}});
    }
    nlohmann::json cats = nlohmann::json::array();
    for (const auto& c : s.categories)
      cats.push_back({{"column", c.column}, {"level", c.level}, {"share", c.share}, {"overall_share", c.overall_share}});
    segs.push_back({{"id", s.id + 1},
                    {"name", s.name},
                    {"description", s.description},
                    {"size", s.size},
                    {"share", s.share},
                    {"feature_means", means},
                    {"profiles", profiles},
                    {"categories", cats},
                    {"kpis", KpisToJson(s.kpis)}});
  }
  j["segments"] = segs;
  j["warnings"] = r.warnings;
  return j;
}

nlohmann::json ModelToJson(const SegmentResult& r) {
  nlohmann::json centroids = nlohmann::json::array();
  const size_t d = r.feature_names.size();
  for (int c = 0; c < r.k; ++c) {
    nlohmann::json row = nlohmann::json::array();
    for (size_t j = 0; j < d; ++j) row.push_back(r.centroids[static_cast<size_t>(c) * d + j]);
    centroids.push_back(row);
  }
  nlohmann::json segs = nlohmann::json::array();
  for (const auto& s : r.segments) segs.push_back({{"id", s.id + 1}, {"name", s.name}, {"size", s.size}});
  nlohmann::json gmm = nullptr;
  if (r.gmm) {
    gmm = {{"covariance", std::string(CovarianceName(r.gmm->covariance))},
           {"weights", r.gmm->weights},
           {"covariances", r.gmm->covariances},
           {"bic", r.gmm->bic},
           {"log_likelihood", r.gmm->log_likelihood}};
  }
  nlohmann::json mixed = nullptr;
  if (r.method == "mixed") mixed = {{"categorical", r.categorical}, {"modes", r.modes}, {"gamma", r.gamma}};
  nlohmann::json j = {{"format", "segmenter-model"},
          {"gmm", gmm},
          {"mixed", mixed},
          {"version", kModelFormatVersion},
          {"method", r.method},
          {"k", r.k},
          {"seed", r.seed},
          {"preparation", PreparationToJson(r.preparation)},
          {"centroids", centroids},
          {"segments", segs},
          {"training", {{"rows", r.labels.size()}, {"inertia", r.inertia}}}};
  if (!r.id_column.empty()) j["id_column"] = r.id_column;
  return j;
}

std::string IdColumnName(const io::Table& table) {
  for (const auto& c : table.columns)
    if (c.type == io::ColumnType::kIdentifier) return c.name;
  return {};
}

nlohmann::json MethodModelToJson(const std::string& method, const std::vector<std::string>& names,
                                 const std::vector<size_t>& sizes, const nlohmann::json& body, const std::string& id_column) {
  nlohmann::json segs = nlohmann::json::array();
  for (size_t s = 0; s < names.size(); ++s) segs.push_back({{"id", s + 1}, {"name", names[s]}, {"size", s < sizes.size() ? sizes[s] : 0}});
  nlohmann::json j = {{"format", "segmenter-model"}, {"version", kModelFormatVersion}, {"method", method},
                      {"k", names.size()},          {"segments", segs},                 {method, body}};
  if (!id_column.empty()) j["id_column"] = id_column;
  return j;
}

namespace {

// Methods rules and rfm: k, the segment names (required) and the method's own part.
Result<Model> MethodModelFromJson(const nlohmann::json& j, Model m) {
  auto bad = [](const std::string& what) {
    return MakeError("model.invalid", "This is not a valid Segmenter model: " + what + ".",
                     "Export the model again from Segmenter (segment --model MODEL.json); hand-edited models must keep every field.");
  };
  auto body = j.find(m.method);
  if (body == j.end()) return bad("a " + m.method + " model needs its \"" + m.method + "\" part");
  size_t groups = 0;
  if (m.method == "rules") {
    auto r = RulesModelFromJson(*body);
    if (!r.ok()) return r.error();
    groups = r->groups.size();
    m.rules = std::move(r.value());
  } else {
    auto r = RfmModelFromJson(*body);
    if (!r.ok()) return r.error();
    groups = r->map.names.size();
    m.rfm = std::move(r.value());
  }
  auto k = j.find("k");
  if (k == j.end() || !k->is_number_integer() || k->get<long long>() != static_cast<long long>(groups))
    return bad("\"k\" must equal the number of segments (" + std::to_string(groups) + ")");
  m.k = static_cast<int>(groups);
  auto segs = j.find("segments");
  if (segs == j.end() || !segs->is_array() || segs->size() != groups) return bad("\"segments\" must name all " + std::to_string(groups) + " segments");
  for (const auto& s : *segs) {
    if (!s.is_object() || StringField(s, "name").empty()) return bad("every segment needs a name");
    m.names.push_back(StringField(s, "name"));
  }
  return m;
}

}  // namespace

namespace {

Result<Model> ComputedModelFromJson(const nlohmann::json& j) {
  auto bad = [](const std::string& what) {
    return MakeError("model.invalid", "This is not a valid Segmenter model: " + what + ".",
                     "Export the model again from Segmenter (segment --model MODEL.json); hand-edited models must keep every field.");
  };
  if (!j.is_object()) return bad("expected a JSON object");
  if (StringField(j, "format") != "segmenter-model") return bad("\"format\" is not \"segmenter-model\"");
  auto v = j.find("version");
  if (v == j.end() || !v->is_number_integer()) return bad("\"version\" is missing");
  if (v->is_number_unsigned() ? v->get<uint64_t>() > static_cast<uint64_t>(kModelEditsFormatVersion)
                              : v->get<long long>() > kModelEditsFormatVersion) {
    return MakeError("model.future_version",
                     "This model was saved by a newer Segmenter (format version " + v->dump() +
                         "); this version reads up to " + std::to_string(kModelEditsFormatVersion) + ".",
                     "Update Segmenter, or export the model again with this version.");
  }
  if (v->get<long long>() < 1) return bad("\"version\" must be 1 or more");
  Model m;
  m.source = j;
  m.method = StringField(j, "method");
  m.id_column = StringField(j, "id_column");
  if (m.method == "kmeans-minibatch") m.method = "kmeans";
  if (m.method == "rules" || m.method == "rfm") return MethodModelFromJson(j, std::move(m));
  if (m.method != "kmeans" && m.method != "gmm" && m.method != "mixed") return bad("method \"" + m.method + "\" cannot be applied by this version");
  auto k = j.find("k");
  if (k == j.end() || !k->is_number_integer() || k->get<long long>() < 1 || k->get<long long>() > 1000)
    return bad("\"k\" must be a whole number from 1 to 1000");
  m.k = static_cast<int>(k->get<long long>());
  auto prep_it = j.find("preparation");
  const bool no_numeric = m.method == "mixed" && prep_it != j.end() && prep_it->is_array() && prep_it->empty();
  if (!no_numeric) {
    auto prep = PreparationFromJson(prep_it != j.end() ? *prep_it : nlohmann::json());
    if (!prep.ok()) return prep.error();
    m.preparation = std::move(prep.value());
  }
  const size_t d = m.preparation.size();
  auto cen = j.find("centroids");
  if (cen == j.end() || !cen->is_array() || cen->size() != static_cast<size_t>(m.k))
    return bad("\"centroids\" must hold k = " + std::to_string(m.k) + " rows");
  for (const auto& row : *cen) {
    if (!row.is_array() || row.size() != d) return bad("every centroid must have " + std::to_string(d) + " numbers");
    for (const auto& x : row) {
      // Distances are computed in 32-bit floats: a centroid beyond 1e30 would overflow them and
      // silently send every row to one segment.
      if (!x.is_number() || !std::isfinite(x.get<double>()) || std::abs(x.get<double>()) > 1e30)
        return bad("centroids must be finite numbers (at most 1e30 in size)");
      m.centroids.push_back(x.get<double>());
    }
  }
  if (m.method == "gmm") {
    auto g = j.find("gmm");
    if (g == j.end() || !g->is_object()) return bad("a gmm model needs its \"gmm\" parameters");
    GmmModel gm;
    gm.k = m.k;
    gm.dim = d;
    const std::string cov = StringField(*g, "covariance");
    if (cov != "full" && cov != "diagonal") return bad("\"gmm.covariance\" must be \"full\" or \"diagonal\"");
    gm.covariance = cov == "full" ? Covariance::kFull : Covariance::kDiagonal;
    auto numbers = [&](const char* key, std::vector<double>& out, size_t want) {
      auto it = g->find(key);
      if (it == g->end() || !it->is_array() || it->size() != want) return false;
      for (const auto& x : *it) {
        if (!x.is_number() || !std::isfinite(x.get<double>())) return false;
        out.push_back(x.get<double>());
      }
      return true;
    };
    const size_t k = static_cast<size_t>(m.k);
    if (!numbers("weights", gm.weights, k)) return bad("\"gmm.weights\" must hold k finite numbers");
    if (!numbers("covariances", gm.covariances, gm.covariance == Covariance::kFull ? k * d * d : k * d))
      return bad("\"gmm.covariances\" has the wrong size for k and the features");
    gm.means = m.centroids;
    // Covariances must be usable: positive diagonal.
    for (size_t c = 0; c < k; ++c)
      for (size_t a = 0; a < d; ++a) {
        const double v = gm.covariance == Covariance::kFull ? gm.covariances[c * d * d + a * d + a] : gm.covariances[c * d + a];
        if (!(v > 0)) return bad("\"gmm.covariances\" must have positive variances");
      }
    for (double w : gm.weights)
      if (!(w > 0)) return bad("\"gmm.weights\" must be positive");
    // Full covariances must be symmetric and positive definite (a Cholesky factor exists);
    // otherwise the densities are NaN and every row would silently land in segment 1.
    if (gm.covariance == Covariance::kFull) {
      std::vector<double> l(d * d);
      for (size_t c = 0; c < k; ++c) {
        const double* a = gm.covariances.data() + c * d * d;
        for (size_t r = 0; r < d; ++r)
          for (size_t q = 0; q < r; ++q)
            if (std::abs(a[r * d + q] - a[q * d + r]) > 1e-6 * (std::abs(a[r * d + q]) + std::abs(a[q * d + r]) + 1e-300))
              return bad("\"gmm.covariances\" must be symmetric");
        for (size_t r = 0; r < d; ++r)
          for (size_t q = 0; q <= r; ++q) {
            double sum = a[r * d + q];
            for (size_t t = 0; t < q; ++t) sum -= l[r * d + t] * l[q * d + t];
            if (r == q) {
              if (!(sum > 0) || !std::isfinite(sum)) return bad("\"gmm.covariances\" must be positive definite");
              l[r * d + r] = std::sqrt(sum);
            } else {
              l[r * d + q] = sum / l[q * d + q];
            }
          }
      }
    }
    m.gmm = std::move(gm);
  }
  if (m.method == "mixed") {
    auto mx = j.find("mixed");
    if (mx == j.end() || !mx->is_object()) return bad("a mixed model needs its \"mixed\" parameters");
    auto cats = mx->find("categorical");
    auto modes = mx->find("modes");
    auto gamma = mx->find("gamma");
    if (cats == mx->end() || !cats->is_array() || cats->empty()) return bad("\"mixed.categorical\" must list columns");
    for (const auto& c : *cats) {
      if (!c.is_string()) return bad("\"mixed.categorical\" must hold column names");
      m.categorical.push_back(c.get<std::string>());
    }
    if (modes == mx->end() || !modes->is_array() || modes->size() != static_cast<size_t>(m.k)) return bad("\"mixed.modes\" must hold k rows");
    for (const auto& row : *modes) {
      if (!row.is_array() || row.size() != m.categorical.size()) return bad("every mode row needs one level per categorical column");
      std::vector<std::string> levels;
      for (const auto& l : row) {
        if (!l.is_string()) return bad("modes must be level names");
        levels.push_back(l.get<std::string>());
      }
      m.modes.push_back(std::move(levels));
    }
    if (gamma == mx->end() || !gamma->is_number() || !(gamma->get<double>() >= 0)) return bad("\"mixed.gamma\" must be a number of 0 or more");
    m.gamma = gamma->get<double>();
  }
  auto segs = j.find("segments");
  for (int c = 0; c < m.k; ++c) m.names.push_back("Segment " + std::to_string(c + 1));
  if (segs != j.end() && segs->is_array()) {
    for (size_t c = 0; c < segs->size() && c < static_cast<size_t>(m.k); ++c) {
      const auto& s = (*segs)[c];
      if (s.is_object() && !StringField(s, "name").empty()) m.names[c] = StringField(s, "name");
    }
  }
  return m;
}

}  // namespace

Result<Model> ModelFromJson(const nlohmann::json& j) {
  auto m = ComputedModelFromJson(j);
  if (!m.ok() || !j.contains("edits")) return m;
  if (auto st = ReadModelEdits(j, m.value()); !st.ok()) return st.error();
  return m;
}

Result<Model> ParseModel(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return MakeError("model.not_json", "The model file is not valid JSON.",
                     "Choose the MODEL.json that `segmenter segment --model` or the app wrote.");
  }
  return ModelFromJson(j);
}

static Result<std::vector<int32_t>> ApplyComputedModel(const Model& model, const io::Table& table);

Result<std::vector<int32_t>> ApplyModel(const Model& model, const io::Table& table) {
  auto labels = ApplyComputedModel(model, table);
  if (labels.ok() && !model.label_map.empty())
    for (int32_t& l : labels.value())
      if (l >= 0 && static_cast<size_t>(l) < model.label_map.size()) l = model.label_map[static_cast<size_t>(l)];
  return labels;
}

static Result<std::vector<int32_t>> ApplyComputedModel(const Model& model, const io::Table& table) {
  if (model.rules) return ApplyRules(*model.rules, table);
  if (model.rfm) return ApplyRfm(*model.rfm, table);
  FeatureMatrix empty;
  empty.rows = table.rows;
  auto m = model.preparation.empty() ? Result<FeatureMatrix>(empty) : ApplyPreparation(table, model.preparation);
  if (!m.ok()) return m.error();
  const FeatureMatrix& x = m.value();
  if (model.method == "mixed") {
    // Level strings -> per-column codes; a level the model never saw matches no mode.
    const size_t cd = model.categorical.size();
    KPrototypesModel kp;
    kp.k = model.k;
    kp.num_dim = x.cols;
    kp.cat_dim = cd;
    kp.gamma = model.gamma;
    kp.means = model.centroids;
    std::vector<uint32_t> row_codes(table.rows * cd);
    for (size_t j = 0; j < cd; ++j) {
      const int c = table.FindColumn(model.categorical[j]);
      if (c < 0) {
        Error e = MakeError("apply.missing_column", "The model needs column \"" + model.categorical[j] + "\", which this file lacks.",
                            "Use a file with the same columns as the one the model was trained on.");
        e.column_name = model.categorical[j];
        return e;
      }
      const io::Column& col = table.columns[static_cast<size_t>(c)];
      std::map<std::string, uint32_t> index;  // model's mode levels -> small codes
      for (int p = 0; p < model.k; ++p) index.emplace(model.modes[static_cast<size_t>(p)][j], static_cast<uint32_t>(index.size()));
      const uint32_t unseen = static_cast<uint32_t>(index.size());
      for (int p = 0; p < model.k; ++p) kp.modes.push_back(index[model.modes[static_cast<size_t>(p)][j]]);
      for (size_t i = 0; i < table.rows; ++i) {
        const std::string level(col.Level(i));  // "" when missing, as in the training modes
        auto it = index.find(level);
        row_codes[i * cd + j] = it == index.end() ? unseen : it->second;
      }
    }
    // modes were pushed column-major above; reorder to k x cd.
    std::vector<uint32_t> modes(static_cast<size_t>(model.k) * cd);
    for (size_t j = 0; j < cd; ++j)
      for (int p = 0; p < model.k; ++p) modes[static_cast<size_t>(p) * cd + j] = kp.modes[j * static_cast<size_t>(model.k) + static_cast<size_t>(p)];
    kp.modes = std::move(modes);
    std::vector<int32_t> labels(table.rows);
    for (size_t i = 0; i < table.rows; ++i)
      labels[i] = NearestPrototype(kp, x.cols ? x.Row(i) : nullptr, row_codes.data() + i * cd);
    return labels;
  }
  if (model.gmm) {
    std::vector<int32_t> labels = PredictGmm(*model.gmm, x.x.data(), x.rows);
    if (labels.size() != x.rows) return MakeError("model.invalid", "The Gaussian mixture in this model cannot be evaluated.");
    return labels;
  }
  // The same float distances as the fit (and as the SQL export): kmeans.hpp SquaredDistance.
  std::vector<float> c(model.centroids.begin(), model.centroids.end());
  std::vector<int32_t> labels(x.rows);
  std::vector<float> best(x.rows);
  NearestCentroids(x.x.data(), x.cols, nullptr, x.rows, c.data(), model.k, labels.data(), best.data(), nullptr);
  return labels;
}

}  // namespace seg::analysis
