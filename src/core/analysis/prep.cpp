#include "seg/analysis/prep.hpp"

#include <algorithm>
#include <cmath>

#include "order_statistics.hpp"
#include "seg/io/identifier.hpp"
#include "seg/privacy/personal_data.hpp"

namespace seg::analysis {
namespace {

// Quantile q in [0, 1] of v (linear interpolation between order statistics); v is reordered.
// Order statistics by linear-time exact selection (order_statistics.hpp): the same values as sorting.
double QuantileOf(std::vector<double>& v, double q) {
  if (v.empty()) return 0.0;
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  if (lo + 1 >= v.size()) return detail::SelectOrder(v, lo, false).at;
  const detail::OrderPair p = detail::SelectOrder(v, lo + 1, true);  // values lo and lo + 1
  const double a = p.prev, b = p.at;
  return a + (b - a) * (pos - static_cast<double>(lo));
}

// v is reordered.
double MedianInPlace(std::vector<double>& v) {
  if (v.empty()) return 0.0;
  const size_t mid = v.size() / 2;
  const bool even = v.size() % 2 == 0;
  const detail::OrderPair p = detail::SelectOrder(v, mid, even);
  return even ? (p.at + p.prev) / 2.0 : p.at;
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

std::vector<int> DefaultFeatureColumns(const io::Table& table, std::vector<std::string>* notes,
                                       const std::vector<std::string>& not_personal, std::vector<Note>* structured) {
  std::vector<int> cols;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const io::Column& col = table.columns[c];
    if (col.type != io::ColumnType::kNumeric) continue;
    if (col.missing == table.rows) {
      AddNote(notes, structured, {NoteKind::kColumnEmpty, col.name, 0, {}, {}});
      continue;
    }
    if (col.constant) {
      AddNote(notes, structured, {NoteKind::kColumnConstant, col.name, 0, {}, {}});
      continue;
    }
    if (std::find(not_personal.begin(), not_personal.end(), col.name) == not_personal.end()) {
      // A key ("Kundennr.", CustomerID, 1..n) describes no customer; it is a pseudonymous identifier.
      if (auto id = io::DetectIdentifier(table, c)) {
        AddNote(notes, structured, {NoteKind::kColumnPersonal, col.name, 0, id->reason_en, id->reason_de});
        continue;
      }
      if (auto personal = privacy::DetectPersonalColumn(table, c)) {
        AddNote(notes, structured, {NoteKind::kColumnPersonal, col.name, 0, personal->reason_en, personal->reason_de});
        continue;
      }
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
  if (missing_indicator) return ((std::isfinite(v) ? 0.0 : 1.0) - center) / scale * weight;
  if (IsIndicator()) return ((std::isfinite(v) ? v : 0.0) - center) / scale * weight;
  if (!std::isfinite(v)) v = impute;
  v = std::clamp(v, clip_lo, clip_hi);
  if (log1p) v = std::log1p(std::max(v, 0.0));
  return (v - center) / scale * weight;
}

namespace {

// Fits one feature on a column: every statistic in original units first, then the transform.
// `out` (optional) receives the feature's matrix values, out[i * stride] = f.Transform(value) as
// float for every row i, from the transformed values computed here anyway (so the matrix need not
// be transformed again).
PreparedFeature FitFeature(const io::Column& col, int index, size_t rows, const PrepOptions& o, bool want_log,
                           std::vector<std::string>* notes, std::vector<Note>* structured, float* out = nullptr,
                           size_t stride = 0) {
  PreparedFeature f;
  f.name = col.name;
  f.column = index;
  std::vector<double> present;
  present.reserve(rows);
  col.values.Visit([&](auto values) {
    for (size_t i = 0; i < rows; ++i) {
      const double v = values[i];
      if (std::isfinite(v)) present.push_back(v);
    }
  });
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
  // Order statistics only depend on the values, so they can share (and reorder) `present`.
  if (o.clip_quantile > 0.0 && o.clip_quantile < 0.5 && !present.empty()) {
    f.clip_lo = QuantileOf(present, o.clip_quantile);
    f.clip_hi = QuantileOf(present, 1.0 - o.clip_quantile);
  }
  f.impute = MedianInPlace(present);
  present.clear();
  present.shrink_to_fit();
  const bool skewed = col.type == io::ColumnType::kNumeric && f.skewness > 1.0;
  f.log1p = want_log || (o.log_auto && skewed);
  if (f.log1p && min_v < 0.0) {
    f.log1p = false;
    AddNote(notes, structured, {want_log ? NoteKind::kLogNegativeListed : NoteKind::kLogNegativeSkewed, col.name, 0, {}, {}});
  }
  // Transformed values (imputed, clipped, logged) for the scaling statistics.
  std::vector<double> t(rows);
  col.values.Visit([&](auto values) {
    for (size_t i = 0; i < rows; ++i) {
      double v = values[i];
      v = std::isfinite(v) ? v : f.impute;
      v = std::clamp(v, f.clip_lo, f.clip_hi);
      t[i] = f.log1p ? std::log1p(std::max(v, 0.0)) : v;
    }
  });
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
    AddNote(notes, structured, {NoteKind::kConstantAfterFill, col.name, 0, {}, {}});
  }
  f.center = center;
  f.scale = scale;
  for (const auto& [name, w] : o.weights)
    if (name == col.name) f.weight = w;
  if (f.imputed > 0) AddNote(notes, structured, {NoteKind::kImputed, col.name, f.imputed, {}, {}});
  if (out) {
    // The last step of PreparedFeature::Transform on the values t holds (imputed, clipped, logged).
    for (size_t i = 0; i < rows; ++i) out[i * stride] = static_cast<float>((t[i] - f.center) / f.scale * f.weight);
  }
  return f;
}

// 1 where the level (by code; the last entry is "missing") belongs to indicator f.
std::vector<uint8_t> IndicatorHits(const io::Column& col, const PreparedFeature& f, const std::vector<PreparedFeature>& siblings) {
  std::vector<uint8_t> hit(col.levels.size() + 1, 0);
  auto member = [](const PreparedFeature& g, const std::string& level) {
    return std::find(g.levels.begin(), g.levels.end(), level) != g.levels.end();
  };
  for (size_t code = 0; code <= col.levels.size(); ++code) {
    const std::string& level = code < col.levels.size() ? col.levels[code] : f.mode;
    if (f.other) {
      // "other" takes every level no sibling indicator claims (its own rare levels and levels
      // unseen in training): checked against the siblings' few levels, so a text column with
      // many distinct values stays linear.
      bool claimed = false;
      for (const auto& g : siblings)
        if (g.source == f.source && !g.other && member(g, level)) claimed = true;
      hit[code] = claimed ? 0 : 1;
    } else if (member(f, level)) {
      hit[code] = 1;
    }
  }
  return hit;
}

// `filled` (optional, one flag per feature): columns FitFeature already wrote into m.x, which
// then must be allocated; otherwise m.x is allocated here.
void FillMatrix(const io::Table& table, FeatureMatrix& m, const std::vector<bool>* filled = nullptr) {
  m.rows = table.rows;
  m.cols = m.features.size();
  if (!filled) m.x.assign(m.rows * m.cols, 0.0f);
  for (size_t j = 0; j < m.cols; ++j) {
    const PreparedFeature& f = m.features[j];
    if (filled && (*filled)[j]) continue;
    const io::Column& col = table.columns[static_cast<size_t>(f.column)];
    if (f.IsIndicator()) {
      const std::vector<uint8_t> hit = IndicatorHits(col, f, m.features);
      const size_t missing = col.levels.size();
      for (size_t i = 0; i < m.rows; ++i) {
        const uint32_t code = col.codes[i];
        const double v = hit[code == io::Column::kMissingCode ? missing : code];
        m.x[i * m.cols + j] = static_cast<float>(f.Transform(v));
      }
      continue;
    }
    col.values.Visit([&](auto values) {
      for (size_t i = 0; i < m.rows; ++i) m.x[i * m.cols + j] = static_cast<float>(f.Transform(values[i]));
    });
  }
}

// One-hot indicators for a categorical column.
std::vector<PreparedFeature> FitIndicators(const io::Column& col, int index, size_t rows) {
  std::vector<size_t> counts(col.levels.size(), 0);
  for (size_t i = 0; i < rows; ++i)
    if (col.codes[i] != io::Column::kMissingCode) ++counts[col.codes[i]];
  std::vector<size_t> order(col.levels.size());
  for (size_t l = 0; l < order.size(); ++l) order[l] = l;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return counts[a] > counts[b]; });
  const std::string mode = order.empty() ? std::string() : col.levels[order[0]];
  // Counts with missing rows given to the mode.
  std::vector<double> share(col.levels.size(), 0.0);
  for (size_t l = 0; l < counts.size(); ++l) share[l] = static_cast<double>(counts[l]) / static_cast<double>(rows);
  if (!order.empty()) share[order[0]] += static_cast<double>(col.missing) / static_cast<double>(rows);
  std::vector<PreparedFeature> out;
  PreparedFeature other;
  double other_share = 0.0;
  for (size_t r = 0; r < order.size(); ++r) {
    const size_t l = order[r];
    if (r < 10 && share[l] >= 0.01) {
      PreparedFeature f;
      f.name = col.name + "=" + col.levels[l];
      f.column = index;
      f.source = col.name;
      f.levels = {col.levels[l]};
      f.mode = mode;
      f.center = share[l];
      out.push_back(std::move(f));
    } else {
      // The rare levels are listed for readers of the model (at most 200); "other" itself is
      // defined as every level the indicators above do not claim.
      if (other.levels.size() < 200) other.levels.push_back(col.levels[l]);
      other_share += share[l];
    }
  }
  if (!other.levels.empty()) {
    other.name = col.name + "=other";
    other.column = index;
    other.source = col.name;
    other.mode = mode;
    other.other = true;
    other.center = other_share;
    out.push_back(std::move(other));
  }
  const double cap = std::sqrt(static_cast<double>(std::max<size_t>(1, out.size())));
  for (auto& f : out) {
    const double p = f.center;
    const double sd = std::sqrt(std::max(p * (1 - p), 1e-12));
    f.scale = sd * cap;
  }
  return out;
}

}  // namespace

Result<FeaturePreparer> FeaturePreparer::Create(const io::Table& table, const std::vector<std::string>& requested,
                                                std::vector<std::string>* notes, const PrepOptions& options,
                                                std::vector<Note>* structured) {
  if (table.rows == 0) {
    return MakeError("prep.no_rows", "The file has no data rows to segment.",
                     "Check that the file holds more than a header line.");
  }
  std::vector<int> cols;
  if (requested.empty()) {
    cols = DefaultFeatureColumns(table, notes, options.not_personal, structured);
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
      if (col.type == io::ColumnType::kCategorical && col.levels.size() >= 2 && col.levels.size() <= 200) {
        if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
        continue;
      }
      // Asked for explicitly, a free-text column or one with more than 200 values is used by its
      // most frequent values (one-hot, at most 10 that each cover 1% of the rows, the rest as
      // "other"), and said so. Identifiers stay refused: every value is unique.
      if ((col.type == io::ColumnType::kText || col.type == io::ColumnType::kCategorical) && !col.constant &&
          col.distinct >= 2 && col.missing < table.rows) {
        // Without one value shared by 1% of the rows (missing ones count as the most frequent),
        // every row would land in "other": nothing to separate segments by.
        std::vector<size_t> counts(col.levels.size(), 0);
        for (uint32_t code : col.codes)
          if (code != io::Column::kMissingCode && code < counts.size()) ++counts[code];
        const size_t top = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
        if (static_cast<double>(top + col.missing) < 0.01 * static_cast<double>(table.rows)) {
          e = MakeError("prep.no_frequent_values",
                        "Column \"" + name + "\" has " + std::to_string(col.distinct) +
                            " different values and none of them is shared by 1% of the rows, so it cannot form segments.",
                        "Leave it out, or group its values into fewer categories first.");
          e.column = c + 1;
          e.column_name = name;
          return e;
        }
        if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
        AddNote(notes, structured, {NoteKind::kManyLevels, name, col.distinct, {}, {}});
        continue;
      }
      if (!col.IsNumericLike()) {
        e = MakeError("prep.not_numeric",
                      "Column \"" + name + "\" holds " + std::string(io::ColumnTypeName(col.type)) +
                          " values (" + std::to_string(col.distinct) + " distinct), which cannot form segments.",
                      "Choose numeric columns (" + ColumnList(table) + ") or categorical ones with 2 to 200 levels.");
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

  // The features in column order: a categorical column's indicators, or a numeric feature (and its
  // missing-value indicator). The layout is known before any numeric column is fitted, so
  // FitFeature writes its matrix column directly.
  FeaturePreparer prep;
  prep.table_ = &table;
  prep.options_ = options;
  prep.notes_ = notes;
  prep.structured_ = structured;
  FeatureMatrix& m = prep.m_;
  std::vector<Slot>& numeric = prep.numeric_;
  for (int c : cols) {
    const io::Column& col = table.columns[static_cast<size_t>(c)];
    if (col.type == io::ColumnType::kCategorical || col.type == io::ColumnType::kText) {
      for (auto& f : FitIndicators(col, c, table.rows)) {
        for (const auto& [name, w] : options.weights)
          if (name == col.name) f.weight = w;
        m.features.push_back(std::move(f));
      }
      continue;
    }
    bool indicator = false;
    if (options.missing_indicators) {
      size_t gaps = 0;
      col.values.Visit([&](auto values) {
        for (size_t i = 0; i < table.rows; ++i) gaps += !std::isfinite(values[i]);
      });
      indicator = gaps > 0 && gaps < table.rows;
    }
    numeric.push_back({c, m.features.size(), indicator});
    m.features.emplace_back();
    if (indicator) m.features.emplace_back();
  }
  m.rows = table.rows;
  m.cols = m.features.size();
  m.x.reserve(m.rows * m.cols);  // zeroed by the first Steps (see kZeroBlock)
  prep.filled_.assign(m.cols, false);
  return prep;
}

// The matrix is zeroed 4M values (16 MB) per Step rather than all at once in Create: at a million
// rows its fresh memory took more than 100 ms in the browser (the first touch of newly grown wasm
// memory), one long freeze as the segmentation started.
constexpr size_t kZeroBlock = size_t{1} << 22;

bool FeaturePreparer::Step() {
  if (done_) return false;
  const io::Table& table = *table_;
  FeatureMatrix& m = m_;
  if (const size_t total = m.rows * m.cols; m.x.size() < total) {  // within the reserve: no reallocation
    m.x.resize(std::min(total, m.x.size() + kZeroBlock));
    return true;
  }
  if (next_ < numeric_.size()) {  // one numeric column: fitted, and its matrix column written
    const Slot& slot = numeric_[next_++];
    const io::Column& col = table.columns[static_cast<size_t>(slot.column)];
    const bool want_log = std::find(options_.log_columns.begin(), options_.log_columns.end(), col.name) !=
                          options_.log_columns.end();
    const size_t j = slot.feature;
    m.features[j] = FitFeature(col, slot.column, table.rows, options_, want_log, notes_, structured_, m.x.data() + j, m.cols);
    filled_[j] = true;
    const PreparedFeature& fitted = m.features[j];
    if (slot.indicator) {
      PreparedFeature mi;
      mi.name = col.name + " missing";
      mi.column = slot.column;
      mi.missing_indicator = true;
      const double p = static_cast<double>(fitted.imputed) / static_cast<double>(table.rows);
      mi.center = p;
      mi.scale = std::sqrt(p * (1 - p));
      m.features[j + 1] = std::move(mi);
    }
    return true;
  }
  FillMatrix(table, m, &filled_);  // the categorical indicators and missing-value flags
  done_ = true;
  return false;
}

double FeaturePreparer::Progress() const {
  if (done_) return 1.0;
  return static_cast<double>(next_) / static_cast<double>(numeric_.size() + 1);
}

Result<FeatureMatrix> PrepareFeatures(const io::Table& table, const std::vector<std::string>& requested,
                                      std::vector<std::string>* notes, const PrepOptions& options,
                                      std::vector<Note>* structured) {
  auto prep = FeaturePreparer::Create(table, requested, notes, options, structured);
  if (!prep.ok()) return prep.error();
  while (prep->Step()) {
  }
  return prep->Take();
}

Result<FeatureMatrix> ApplyPreparation(const io::Table& table, const std::vector<PreparedFeature>& features) {
  FeatureMatrix m;
  for (PreparedFeature f : features) {
    const std::string column_name =
        f.IsIndicator() ? f.source
        : f.missing_indicator ? f.name.substr(0, f.name.size() - std::string(" missing").size())
                              : f.name;
    const int c = table.FindColumn(column_name);
    if (c < 0) {
      Error e = MakeError("apply.missing_column", "The model needs column \"" + f.name + "\", which this file lacks.",
                          "Use a file with the same columns as the one the model was trained on.");
      e.column_name = f.name;
      return e;
    }
    if (f.IsIndicator()) {
      const io::Column& col = table.columns[static_cast<size_t>(c)];
      if (col.IsNumericLike()) {
        Error e = MakeError("apply.not_categorical", "Column \"" + f.source + "\" is categorical in the model but holds " +
                                                         std::string(io::ColumnTypeName(col.type)) + " values in this file.");
        e.column = c + 1;
        e.column_name = f.source;
        return e;
      }
      f.column = c;
      m.features.push_back(std::move(f));
      continue;
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
    if (f.missing_indicator) j["missing_indicator"] = true;
    if (f.IsIndicator()) {
      j["impute"] = "mode";
      j["impute_value"] = 0;
      j["source"] = f.source;
      j["levels"] = f.levels;
      j["mode"] = f.mode;
      j["other"] = f.other;
    }
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
    auto mi = e.find("missing_indicator");
    f.missing_indicator = mi != e.end() && mi->is_boolean() && mi->get<bool>();
    if (f.missing_indicator && (f.name.size() <= 8 || f.name.compare(f.name.size() - 8, 8, " missing") != 0))
      return bad("missing indicator \"" + f.name + "\" must be named \"<column> missing\"");
    auto src = e.find("source");
    if (src != e.end()) {
      if (!src->is_string() || src->get<std::string>().empty()) return bad("feature \"" + f.name + "\" has a bad source column");
      f.source = src->get<std::string>();
      auto lv = e.find("levels");
      if (lv == e.end() || !lv->is_array()) return bad("indicator \"" + f.name + "\" needs its levels");
      for (const auto& l : *lv) {
        if (!l.is_string()) return bad("indicator \"" + f.name + "\" has a level that is not text");
        f.levels.push_back(l.get<std::string>());
      }
      auto md = e.find("mode");
      if (md != e.end() && md->is_string()) f.mode = md->get<std::string>();
      auto ot = e.find("other");
      f.other = ot != e.end() && ot->is_boolean() && ot->get<bool>();
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace seg::analysis
