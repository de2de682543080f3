#include "seg/analysis/prep.hpp"

#include <algorithm>
#include <cmath>

namespace seg::analysis {
namespace {

// Quantile q in [0, 1] of v (linear interpolation between order statistics); v is reordered.
double QuantileOf(std::vector<double>& v, double q) {
  if (v.empty()) return 0.0;
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (b - a) * (pos - static_cast<double>(lo));
}

double MedianOf(std::vector<double> v) {
  if (v.empty()) return 0.0;
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) {
    const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    m = (m + lo) / 2.0;
  }
  return m;
}

std::string ColumnList(const io::Table& table) {
  std::string out;
  for (const auto& c : table.columns) {
    if (c.type != io::ColumnType::kNumeric) continue;
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out.empty() ? std::string("(none)") : out;
}

}  // namespace

std::vector<int> DefaultFeatureColumns(const io::Table& table, std::vector<std::string>* notes) {
  std::vector<int> cols;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const io::Column& col = table.columns[c];
    if (col.type != io::ColumnType::kNumeric) continue;
    if (col.missing == table.rows) {
      if (notes) notes->push_back("column '" + col.name + "' is empty and was left out");
      continue;
    }
    if (col.constant) {
      if (notes) notes->push_back("column '" + col.name + "' is constant and was left out");
      continue;
    }
    cols.push_back(static_cast<int>(c));
  }
  return cols;
}


std::string_view ScalingName(Scaling s) {
  switch (s) {
    case Scaling::kZScore: return "zscore";
    case Scaling::kRobust: return "robust";
    case Scaling::kMinMax: return "minmax";
    case Scaling::kNone: return "none";
  }
  return "zscore";
}

std::optional<Scaling> ParseScaling(std::string_view s) {
  if (s == "zscore" || s == "z-score" || s == "standard") return Scaling::kZScore;
  if (s == "robust") return Scaling::kRobust;
  if (s == "minmax" || s == "min-max") return Scaling::kMinMax;
  if (s == "none") return Scaling::kNone;
  return std::nullopt;
}

double PreparedFeature::Transform(double v) const {
  if (!std::isfinite(v)) v = impute;
  v = std::clamp(v, clip_lo, clip_hi);
  if (log1p) v = std::log1p(std::max(v, 0.0));
  return (v - center) / scale * weight;
}

namespace {

// Fits one feature on a column: every statistic in original units first, then the transform.
PreparedFeature FitFeature(const io::Column& col, int index, size_t rows, const PrepOptions& o, bool want_log,
                           std::vector<std::string>* notes) {
  PreparedFeature f;
  f.name = col.name;
  f.column = index;
  std::vector<double> present;
  present.reserve(rows);
  for (size_t i = 0; i < rows; ++i)
    if (std::isfinite(col.values[i])) present.push_back(col.values[i]);
  f.imputed = rows - present.size();
  // Skewness of the observed values.
  double mean = 0.0;
  for (double v : present) mean += v;
  mean /= std::max<size_t>(1, present.size());
  double m2 = 0.0, m3 = 0.0;
  for (double v : present) {
    const double d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= std::max<size_t>(1, present.size());
  m3 /= std::max<size_t>(1, present.size());
  f.skewness = m2 > 0 ? m3 / std::pow(m2, 1.5) : 0.0;
  const double min_v = present.empty() ? 0.0 : *std::min_element(present.begin(), present.end());
  f.impute = MedianOf(present);
  if (o.clip_quantile > 0.0 && o.clip_quantile < 0.5 && !present.empty()) {
    std::vector<double> tmp = present;
    f.clip_lo = QuantileOf(tmp, o.clip_quantile);
    f.clip_hi = QuantileOf(tmp, 1.0 - o.clip_quantile);
  }
  const bool skewed = col.type == io::ColumnType::kNumeric && f.skewness > 1.0;
  f.log1p = want_log || (o.log_auto && skewed);
  if (f.log1p && min_v < 0.0) {
    f.log1p = false;
    if (notes) {
      notes->push_back("column '" + col.name + "' is " + (want_log ? "listed for log1p" : "skewed") +
                       " but has negative values, so log1p was not applied");
    }
  }
  // Transformed values (imputed, clipped, logged) for the scaling statistics.
  std::vector<double> t(rows);
  for (size_t i = 0; i < rows; ++i) {
    double v = std::isfinite(col.values[i]) ? col.values[i] : f.impute;
    v = std::clamp(v, f.clip_lo, f.clip_hi);
    t[i] = f.log1p ? std::log1p(std::max(v, 0.0)) : v;
  }
  double center = 0.0, scale = 1.0;
  switch (o.scaling) {
    case Scaling::kZScore: {
      double sum = 0.0;
      for (double v : t) sum += v;
      center = sum / static_cast<double>(rows);
      double ss = 0.0;
      for (double v : t) ss += (v - center) * (v - center);
      scale = std::sqrt(ss / static_cast<double>(rows));
      break;
    }
    case Scaling::kRobust: {
      std::vector<double> tmp = t;
      center = QuantileOf(tmp, 0.5);
      const double q1 = QuantileOf(tmp, 0.25), q3 = QuantileOf(tmp, 0.75);
      scale = q3 - q1;
      if (!(scale > 0)) {  // more than half the values equal: fall back to the standard deviation
        double ss = 0.0;
        for (double v : t) ss += (v - center) * (v - center);
        scale = std::sqrt(ss / static_cast<double>(rows));
      }
      break;
    }
    case Scaling::kMinMax: {
      const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
      center = *lo;
      scale = *hi - *lo;
      break;
    }
    case Scaling::kNone:
      center = 0.0;
      scale = 1.0;
      break;
  }
  const double tiny = 1e-12 * std::max(1.0, std::fabs(center));
  if (!(scale > tiny)) {
    scale = 1.0;
    if (notes) notes->push_back("column '" + col.name + "' is constant once missing values are filled in");
  }
  f.center = center;
  f.scale = scale;
  for (const auto& [name, w] : o.weights)
    if (name == col.name) f.weight = w;
  if (f.imputed > 0 && notes) {
    notes->push_back("column '" + col.name + "': " + std::to_string(f.imputed) + " missing values filled with the median");
  }
  return f;
}

void FillMatrix(const io::Table& table, FeatureMatrix& m) {
  m.rows = table.rows;
  m.cols = m.features.size();
  m.x.assign(m.rows * m.cols, 0.0f);
  for (size_t j = 0; j < m.cols; ++j) {
    const PreparedFeature& f = m.features[j];
    const io::Column& col = table.columns[static_cast<size_t>(f.column)];
    for (size_t i = 0; i < m.rows; ++i) m.x[i * m.cols + j] = static_cast<float>(f.Transform(col.values[i]));
  }
}

}  // namespace

Result<FeatureMatrix> PrepareFeatures(const io::Table& table, const std::vector<std::string>& requested,
                                      std::vector<std::string>* notes, const PrepOptions& options) {
  if (table.rows == 0) {
    return MakeError("prep.no_rows", "The file has no data rows to segment.",
                     "Check that the file holds more than a header line.");
  }
  std::vector<int> cols;
  if (requested.empty()) {
    cols = DefaultFeatureColumns(table, notes);
    if (cols.empty()) {
      return MakeError("prep.no_features",
                       "No usable numeric column to segment on (numeric columns: " + ColumnList(table) + ").",
                       "Segmenting needs at least one numeric column that is not constant; choose columns "
                       "with --features or check the detected column types with `segmenter inspect`.");
    }
  } else {
    for (const std::string& name : requested) {
      const int c = table.FindColumn(name);
      if (c < 0) {
        Error e = MakeError("prep.no_such_column", "There is no column named \"" + name + "\".",
                            "Numeric columns are: " + ColumnList(table) + ".");
        e.column_name = name;
        return e;
      }
      const io::Column& col = table.columns[static_cast<size_t>(c)];
      Error e;
      if (!col.IsNumericLike()) {
        e = MakeError("prep.not_numeric",
                      "Column \"" + name + "\" holds " + std::string(io::ColumnTypeName(col.type)) +
                          " values, not numbers, so k-means cannot use it.",
                      "Choose numeric columns (" + ColumnList(table) + ").");
      } else if (col.missing == table.rows) {
        e = MakeError("prep.empty_column", "Column \"" + name + "\" has no values.", "Leave it out of --features.");
      } else if (col.constant) {
        e = MakeError("prep.constant_column", "Column \"" + name + "\" has the same value in every row.",
                      "A constant column cannot separate segments; leave it out of --features.");
      } else {
        if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
        continue;
      }
      e.column = c + 1;
      e.column_name = name;
      return e;
    }
  }
  for (const std::string& name : options.log_columns) {
    if (table.FindColumn(name) < 0) {
      Error e = MakeError("prep.no_such_column", "There is no column named \"" + name + "\" to log-transform.",
                          "Numeric columns are: " + ColumnList(table) + ".");
      e.column_name = name;
      return e;
    }
  }
  for (const auto& [name, w] : options.weights) {
    if (!(w >= 0.0) || !std::isfinite(w)) {
      Error e = MakeError("prep.bad_weight", "The weight of column \"" + name + "\" must be a number of 0 or more.");
      e.column_name = name;
      return e;
    }
  }

  FeatureMatrix m;
  for (int c : cols) {
    const io::Column& col = table.columns[static_cast<size_t>(c)];
    const bool want_log = std::find(options.log_columns.begin(), options.log_columns.end(), col.name) !=
                          options.log_columns.end();
    m.features.push_back(FitFeature(col, c, table.rows, options, want_log, notes));
  }
  FillMatrix(table, m);
  return m;
}

Result<FeatureMatrix> ApplyPreparation(const io::Table& table, const std::vector<PreparedFeature>& features) {
  FeatureMatrix m;
  for (PreparedFeature f : features) {
    const int c = table.FindColumn(f.name);
    if (c < 0) {
      Error e = MakeError("apply.missing_column", "The model needs column \"" + f.name + "\", which this file lacks.",
                          "Use a file with the same columns as the one the model was trained on.");
      e.column_name = f.name;
      return e;
    }
    if (!table.columns[static_cast<size_t>(c)].IsNumericLike()) {
      Error e = MakeError("apply.not_numeric",
                          "Column \"" + f.name + "\" is numeric in the model but holds " +
                              std::string(io::ColumnTypeName(table.columns[static_cast<size_t>(c)].type)) +
                              " values in this file.",
                          "Check the column's format (decimal separator, units) with `segmenter inspect`.");
      e.column = c + 1;
      e.column_name = f.name;
      return e;
    }
    f.column = c;
    f.imputed = table.columns[static_cast<size_t>(c)].missing;
    m.features.push_back(std::move(f));
  }
  FillMatrix(table, m);
  return m;
}

nlohmann::json PreparationToJson(const std::vector<PreparedFeature>& features) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : features) {
    nlohmann::json j = {{"name", f.name},         {"impute", "median"},   {"impute_value", f.impute},
                        {"log1p", f.log1p},       {"skewness", f.skewness}, {"center", f.center},
                        {"scale", f.scale},       {"weight", f.weight},   {"imputed", f.imputed}};
    j["clip"] = std::isfinite(f.clip_lo) ? nlohmann::json::array({f.clip_lo, f.clip_hi}) : nlohmann::json(nullptr);
    out.push_back(std::move(j));
  }
  return out;
}

Result<std::vector<PreparedFeature>> PreparationFromJson(const nlohmann::json& j) {
  auto bad = [](const std::string& what) {
    return MakeError("model.bad_preparation", "The model's preparation is invalid: " + what + ".",
                     "Export the model again from Segmenter; hand-edited models must keep every field.");
  };
  if (!j.is_array() || j.empty()) return bad("expected a non-empty list of features");
  std::vector<PreparedFeature> out;
  for (const auto& e : j) {
    if (!e.is_object()) return bad("a feature is not an object");
    PreparedFeature f;
    auto num = [&](const char* key, double& dst) {
      auto it = e.find(key);
      if (it == e.end() || !it->is_number()) return false;
      dst = it->get<double>();
      return std::isfinite(dst);
    };
    auto name = e.find("name");
    if (name == e.end() || !name->is_string() || name->get<std::string>().empty()) return bad("a feature has no name");
    f.name = name->get<std::string>();
    if (!num("impute_value", f.impute) || !num("center", f.center) || !num("scale", f.scale) || !(f.scale > 0))
      return bad("feature \"" + f.name + "\" lacks impute_value, center or a positive scale");
    if (e.contains("weight") && (!num("weight", f.weight) || f.weight < 0)) return bad("feature \"" + f.name + "\" has a bad weight");
    auto lg = e.find("log1p");
    f.log1p = lg != e.end() && lg->is_boolean() && lg->get<bool>();
    auto clip = e.find("clip");
    if (clip != e.end() && clip->is_array()) {
      if (clip->size() != 2 || !(*clip)[0].is_number() || !(*clip)[1].is_number())
        return bad("feature \"" + f.name + "\" has a bad clip range");
      f.clip_lo = (*clip)[0].get<double>();
      f.clip_hi = (*clip)[1].get<double>();
      if (!(f.clip_lo <= f.clip_hi)) return bad("feature \"" + f.name + "\" has a clip range with low > high");
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace seg::analysis
