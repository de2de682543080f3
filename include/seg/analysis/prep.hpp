// seg/analysis/prep.hpp — from table columns to the numeric matrix the clustering sees.
//
// Chosen numeric-like columns -> median imputation -> optional quantile clipping -> optional
// log1p (suggested automatically for skewed, non-negative columns) -> scaling (z-score, robust
// median/IQR, min-max or none) -> per-feature weight. Float32 row-major storage (1,000,000 x 20
// features = 80 MB). Every fitted value is kept, so a saved model re-applies the exact same
// preparation to other data (ApplyPreparation).
#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/analysis/notes.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

enum class Scaling { kZScore, kRobust, kMinMax, kNone };
std::string_view ScalingName(Scaling s);                 // "zscore", "robust", "minmax", "none"
std::optional<Scaling> ParseScaling(std::string_view s);

struct PrepOptions {
  Scaling scaling = Scaling::kZScore;
  // log1p: "auto" (skewness > 1 and no negative values), "none", or the listed columns.
  bool log_auto = true;
  std::vector<std::string> log_columns;  // used when log_auto is false
  double clip_quantile = 0.0;            // e.g. 0.01 clips at the 1st and 99th percentiles; 0 = off
  std::vector<std::pair<std::string, double>> weights;  // per-feature weight (default 1)
  bool missing_indicators = false;  // add "<column> missing" (0/1) for numeric columns with gaps
  // Columns the user marked as not personal data (privacy::DetectPersonalData false positives):
  // the default feature choice may use them again.
  std::vector<std::string> not_personal;
};

struct PreparedFeature {
  std::string name;
  int column = -1;         // index into Table::columns
  double impute = 0.0;     // median of the non-missing values (original units)
  double clip_lo = -INFINITY, clip_hi = INFINITY;  // original units
  bool log1p = false;      // log1p applied after imputation and clipping
  double skewness = 0.0;   // of the non-missing values, before any transform
  double center = 0.0;     // subtracted after the transform (mean, median or min)
  double scale = 1.0;      // divided by after centring (std, IQR or range; > 0)
  double weight = 1.0;     // multiplied last
  size_t imputed = 0;      // rows whose missing value was replaced
  // One-hot indicator of a categorical column (empty `source` for numeric features): the value is
  // 1 when the row's level is one of `levels`, else 0; a missing level counts as `mode`. Rare
  // levels (under 1%, or beyond the 10 most frequent) share one "<column>=other" indicator, which
  // also takes levels never seen in training. Each column's indicators together weigh as much as
  // one numeric feature (their scales include sqrt(number of indicators)).
  std::string source;
  std::vector<std::string> levels;
  std::string mode;
  bool other = false;

  bool missing_indicator = false;  // 1 where `name`'s column is missing (name = "<column> missing")

  bool IsIndicator() const { return !source.empty(); }
  // The prepared value of one original value (NaN = missing); indicators take 0 or 1.
  double Transform(double v) const;
};

struct FeatureMatrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<float> x;    // rows x cols, row-major, z-scored
  std::vector<PreparedFeature> features;

  const float* Row(size_t i) const { return x.data() + i * cols; }
};

// Default feature choice: every numeric column that is not constant and not entirely missing
// (booleans, dates, identifiers and text are left out), and that does not hold personal data
// (privacy::DetectPersonalColumn: postcodes, phone numbers, ...) unless it is named in
// `not_personal`. Personal columns are still used when named explicitly (`requested`, --features).
// Notes on skipped columns go to `notes` (English text) and `structured` (notes.hpp; either may be null).
std::vector<int> DefaultFeatureColumns(const io::Table& table, std::vector<std::string>* notes,
                                       const std::vector<std::string>& not_personal = {},
                                       std::vector<Note>* structured = nullptr);

// Builds the matrix from `requested` column names (empty = the default choice). Categorical
// columns named there are one-hot encoded. Errors name the column: unknown names, identifiers
// and free text, constant or empty columns asked for explicitly.
// Notes (skipped columns, filled values, ...) go to `notes` as English text and to `structured` as
// values that can be written in another language (notes.hpp); either may be null.
Result<FeatureMatrix> PrepareFeatures(const io::Table& table, const std::vector<std::string>& requested,
                                      std::vector<std::string>* notes, const PrepOptions& options = {},
                                      std::vector<Note>* structured = nullptr);

// PrepareFeatures in bounded pieces, so the browser can spread it over frames: Create validates
// the request and lays out the features (the same errors as PrepareFeatures), each Step() fits one
// numeric column (about 20-40 ms at 1,000,000 rows) and the last one fills the categorical
// indicators. The same work in the same order: the matrix, features and notes are identical.
// `table` must outlive the preparer; `notes` and `structured` (either may be null) receive the
// notes as the work goes, so they must outlive it too.
class FeaturePreparer {
 public:
  static Result<FeaturePreparer> Create(const io::Table& table, const std::vector<std::string>& requested,
                                        std::vector<std::string>* notes, const PrepOptions& options = {},
                                        std::vector<Note>* structured = nullptr);
  bool Step();  // false once finished
  bool Done() const { return done_; }
  double Progress() const;  // 0..1
  size_t cols() const { return m_.cols; }  // features in the matrix (known from Create on)
  FeatureMatrix Take() { return std::move(m_); }

 private:
  FeaturePreparer() = default;
  struct Slot {
    int column;      // index in table.columns
    size_t feature;  // index in the matrix's features
    bool indicator;  // followed by its missing-value indicator
  };
  const io::Table* table_ = nullptr;
  PrepOptions options_;
  std::vector<std::string>* notes_ = nullptr;
  std::vector<Note>* structured_ = nullptr;
  FeatureMatrix m_;
  std::vector<Slot> numeric_;
  std::vector<bool> filled_;
  size_t next_ = 0;
  bool done_ = false;
};

// Re-applies fitted features to another table (columns matched by name).
Result<FeatureMatrix> ApplyPreparation(const io::Table& table, const std::vector<PreparedFeature>& features);

nlohmann::json PreparationToJson(const std::vector<PreparedFeature>& features);
Result<std::vector<PreparedFeature>> PreparationFromJson(const nlohmann::json& j);

}  // namespace seg::analysis
