// seg/io/table.hpp — the typed, columnar table the importer produces and everything else reads.
//
// Storage is columnar and compact (1,000,000 rows x 20 columns must fit well under 1 GB in wasm):
// numeric-like columns hold one number per row (NaN = missing; 1, 2, 4 or 8 bytes, see
// NumericValues); string-like columns are
// dictionary-encoded (one uint32 code per row plus the distinct levels). The original text of
// every field stays available through io::Dataset (it keeps the decoded file), so nothing here
// needs per-cell strings.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seg/io/numeric_values.hpp"

namespace seg::io {

enum class ColumnType { kIdentifier, kCategorical, kNumeric, kDate, kBoolean, kText };

// "identifier", "categorical", "numeric", "date", "boolean", "text" (the CLI/JSON contract).
std::string_view ColumnTypeName(ColumnType type);
std::optional<ColumnType> ParseColumnType(std::string_view name);

// How a numeric column was written in the file.
struct NumberStyle {
  char decimal = '.';    // '.' or ','
  char thousands = 0;    // 0 (none), ',', '.', '\'', ' ' (also covers U+00A0 / U+202F)
  bool percent = false;  // values carried a '%' (stored as written: "12,5 %" -> 12.5)
};

struct Column {
  static constexpr uint32_t kMissingCode = std::numeric_limits<uint32_t>::max();

  std::string name;
  ColumnType type = ColumnType::kText;

  // kNumeric, kBoolean (0/1), kDate (days since 1970-01-01, fraction = time of day): one per row,
  // NaN where missing. Stored as narrowly as exactness allows (see NumericValues); reads as doubles.
  NumericValues values;
  // kIdentifier, kCategorical, kText: codes[row] indexes levels; kMissingCode where missing.
  std::vector<uint32_t> codes;
  std::vector<std::string> levels;

  // Metadata and statistics (filled by the importer).
  size_t missing = 0;
  size_t distinct = 0;           // distinct non-missing values (exact)
  bool constant = false;         // at most one distinct non-missing value
  std::string unit;              // currency or unit stripped from the values: "EUR", "CHF", "USD", "GBP", "%"
  NumberStyle number_style;      // numeric columns
  std::string date_format;       // date columns, e.g. "dd.mm.yyyy", "yyyy-mm-dd", "excel-serial"
  std::string bool_format;       // boolean columns, e.g. "ja/nein"
  double min = NAN, max = NAN, mean = NAN;  // numeric-like columns
  std::vector<std::pair<std::string, size_t>> top_values;  // string-like: most frequent (<= 5)
  std::vector<std::string> examples;                        // a few raw examples as written

  bool IsNumericLike() const {
    return type == ColumnType::kNumeric || type == ColumnType::kBoolean || type == ColumnType::kDate;
  }
  bool IsMissing(size_t row) const {
    return IsNumericLike() ? std::isnan(values[row]) : codes[row] == kMissingCode;
  }
  // Value as a number (NaN if missing or not numeric-like).
  double Number(size_t row) const { return IsNumericLike() ? values[row] : NAN; }
  // String-like value ("" if missing or not string-like).
  std::string_view Level(size_t row) const {
    if (IsNumericLike() || codes[row] == kMissingCode) return {};
    return levels[codes[row]];
  }
};

struct Table {
  size_t rows = 0;
  std::vector<Column> columns;

  // Index of the column with exactly this name, or -1.
  int FindColumn(std::string_view name) const;
};

}  // namespace seg::io
