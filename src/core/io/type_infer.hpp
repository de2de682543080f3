// Internal to seg::io: per-column type inference. Every value narrows a set of candidates
// (boolean pairs, date formats, number styles); a candidate is dropped on its first failure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/io/table.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::io::detail {

// Observe() result bits.
constexpr unsigned kObservedMissing = 1;  // the value is a missing marker
constexpr unsigned kObservedChanged = 2;  // something PlanColumn reads changed (first value, masks, flags)

class ColumnInference {
 public:
  // Returns kObserved* bits.
  unsigned Observe(std::string_view value, const std::vector<std::string>& missing_markers);

  // Fast paths for the importer's hot loop, once a column has settled. Each records a value
  // exactly as Observe(value, {}) would (so only when no extra missing markers are set), but only
  // in a state where that is cheap; otherwise it changes nothing and returns kNotHandled.
  static constexpr unsigned kNotHandled = ~0u;
  // An empty value (always missing, whatever the markers).
  void ObserveEmpty() { ++missing_; }
  // `value` is a plain number and `scan` its ScanNumber() result (see ScanParsePlainNumber).
  unsigned ObservePlainNumber(std::string_view value, const NumberScan& scan);
  // `value` is a ten-character date and `mask` its ScanDate() result (see ScanParseTenCharDate).
  unsigned ObserveTenCharDate(std::string_view value, uint32_t mask);
  // A column that is no longer a boolean, date or number candidate: only counts are left to keep.
  unsigned ObserveText(std::string_view value);

  size_t missing() const { return missing_; }
  size_t present() const { return present_; }
  // Styles under which every value is a number (0 = not numeric).
  uint32_t number_styles() const { return number_ok_ ? number_styles_ : 0; }
  bool all_integer() const { return all_integer_; }
  uint32_t date_formats() const { return date_ok_ ? date_formats_ : 0; }
  uint32_t bool_pairs() const { return bool_ok_ ? bool_pairs_ : 0; }
  bool leading_zero() const { return leading_zero_; }
  const std::string& unit() const { return unit_; }
  bool percent() const { return percent_; }
  double mean_length() const { return present_ ? static_cast<double>(total_length_) / present_ : 0.0; }
  bool has_spaces() const { return spaces_ * 2 > present_; }
  const std::vector<std::string>& examples() const { return examples_; }

 private:
  // Narrows the number candidates by one value's scan; true if the column's number state changed.
  bool MergeNumber(const NumberScan& n);

  size_t missing_ = 0, present_ = 0;
  bool number_ok_ = true, all_integer_ = true, leading_zero_ = false, percent_ = false, unit_conflict_ = false;
  uint32_t number_styles_ = kAllNumberStyles;
  bool date_ok_ = true;
  uint32_t date_formats_ = kAllDateFormats;
  bool bool_ok_ = true;
  uint32_t bool_pairs_ = kAllBoolPairs;
  std::string unit_;
  size_t total_length_ = 0, spaces_ = 0;
  std::vector<std::string> examples_;

  void CountPresent(std::string_view value) {
    ++present_;
    total_length_ += value.size();
    if (examples_.size() < 3 && value.size() <= 80) AddExample(value);
  }
  void AddExample(std::string_view value);
};

// The decision for a column after the inference pass.
struct ColumnPlan {
  ColumnType type = ColumnType::kText;
  bool string_family = true;  // identifier / categorical / text: decided after dictionary building
  NumberStyle number_style;
  uint32_t date_format = 0;
  bool excel_serial = false;
  int bool_pair = -1;
};

// Decides the file's decimal separator from all columns (columns that are only numbers under ','
// vs only under '.'), preferring `hint` when undecided.
char DecideFileDecimal(const std::vector<ColumnInference>& columns, char hint);

ColumnPlan PlanColumn(const ColumnInference& inference, std::string_view name, char file_decimal,
                      bool prefer_day_first, std::optional<char> forced_decimal);

}  // namespace seg::io::detail

namespace seg::io::detail {
// Column names that announce a key ("customer_id", "Kunden-Nr", "PLZ") or a date ("Bestelldatum").
bool LooksLikeIdName(std::string_view name);
bool LooksLikeDateName(std::string_view name);
}  // namespace seg::io::detail
