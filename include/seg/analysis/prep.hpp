// seg/analysis/prep.hpp — from table columns to the numeric matrix the clustering sees.
//
// Skeleton-level preparation: chosen numeric-like columns, median imputation, z-score scaling,
// float32 row-major storage (1,000,000 x 20 features = 80 MB). The fitted values (medians,
// means, standard deviations) are kept so a model can be re-applied to other data.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

struct PreparedFeature {
  std::string name;
  int column = -1;         // index into Table::columns
  double impute = 0.0;     // median of the non-missing values
  double center = 0.0;     // mean after imputation
  double scale = 1.0;      // standard deviation after imputation (> 0)
  size_t imputed = 0;      // rows whose missing value was replaced
};

struct FeatureMatrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<float> x;    // rows x cols, row-major, z-scored
  std::vector<PreparedFeature> features;

  const float* Row(size_t i) const { return x.data() + i * cols; }
};

// Default feature choice: every numeric column that is not constant and not entirely missing
// (booleans, dates, identifiers and text are left out). Notes on skipped columns go to `notes`.
std::vector<int> DefaultFeatureColumns(const io::Table& table, std::vector<std::string>* notes);

// Builds the matrix from `requested` column names (empty = the default choice). Errors name the
// column: unknown names, non-numeric columns, constant or empty columns asked for explicitly.
Result<FeatureMatrix> PrepareFeatures(const io::Table& table, const std::vector<std::string>& requested,
                                      std::vector<std::string>* notes);

nlohmann::json PreparationToJson(const FeatureMatrix& m);

}  // namespace seg::analysis
