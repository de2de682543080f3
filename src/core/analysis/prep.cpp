#include "seg/analysis/prep.hpp"

#include <algorithm>
#include <cmath>

namespace seg::analysis {
namespace {

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
    if (!c.IsNumericLike()) continue;
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

Result<FeatureMatrix> PrepareFeatures(const io::Table& table, const std::vector<std::string>& requested,
                                      std::vector<std::string>* notes) {
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

  FeatureMatrix m;
  m.rows = table.rows;
  m.cols = cols.size();
  m.x.assign(m.rows * m.cols, 0.0f);
  std::vector<double> present;
  for (size_t j = 0; j < cols.size(); ++j) {
    const io::Column& col = table.columns[static_cast<size_t>(cols[j])];
    PreparedFeature f;
    f.name = col.name;
    f.column = cols[j];
    present.clear();
    present.reserve(table.rows);
    for (size_t i = 0; i < table.rows; ++i) {
      const double v = col.values[i];
      if (std::isfinite(v)) present.push_back(v);
    }
    f.impute = MedianOf(present);
    f.imputed = table.rows - present.size();
    double sum = 0.0;
    for (size_t i = 0; i < table.rows; ++i) {
      const double v = col.values[i];
      sum += std::isfinite(v) ? v : f.impute;
    }
    f.center = sum / static_cast<double>(table.rows);
    double ss = 0.0;
    for (size_t i = 0; i < table.rows; ++i) {
      const double v = col.values[i];
      const double d = (std::isfinite(v) ? v : f.impute) - f.center;
      ss += d * d;
    }
    const double sd = std::sqrt(ss / static_cast<double>(table.rows));
    f.scale = sd > 1e-12 * std::max(1.0, std::fabs(f.center)) ? sd : 1.0;
    if (sd <= 1e-12 * std::max(1.0, std::fabs(f.center)) && notes) {
      notes->push_back("column '" + col.name + "' is constant once missing values are filled in");
    }
    for (size_t i = 0; i < table.rows; ++i) {
      const double v = col.values[i];
      m.x[i * m.cols + j] = static_cast<float>(((std::isfinite(v) ? v : f.impute) - f.center) / f.scale);
    }
    if (f.imputed > 0 && notes) {
      notes->push_back("column '" + col.name + "': " + std::to_string(f.imputed) +
                       " missing values filled with the median");
    }
    m.features.push_back(std::move(f));
  }
  return m;
}

nlohmann::json PreparationToJson(const FeatureMatrix& m) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : m.features) {
    out.push_back({{"name", f.name}, {"impute", "median"}, {"impute_value", f.impute}, {"scaling", "z-score"},
                   {"center", f.center}, {"scale", f.scale}, {"imputed", f.imputed}});
  }
  return out;
}

}  // namespace seg::analysis
