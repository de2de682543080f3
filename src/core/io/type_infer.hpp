// Internal to seg::io: per-column type inference. Every value narrows a set of candidates
// (boolean pairs, date formats, number styles); a candidate is dropped on its first failure.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
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

#if defined(__GNUC__) || defined(__clang__)
  __attribute__((always_inline))
#endif
  void CountPresent(std::string_view value) {
    ++present_;
    total_length_ += value.size();
    // A column of two values (0/1) never has three examples: every cell checks, so the check is
    // inline and decides on size and first byte before comparing more.
    if (examples_.size() < 3 && value.size() <= 80 && !IsExample(value)) AddExample(value);
  }
  bool IsExample(std::string_view value) const {
    for (const auto& e : examples_) {
      if (e.size() == value.size() &&
          (value.empty() || (e[0] == value[0] && (value.size() == 1 || std::memcmp(e.data(), value.data(), value.size()) == 0))))
        return true;
    }
    return false;
  }
  void AddExample(std::string_view value);
};

// ---- Inline definitions of the fast paths ------------------------------------------------------
// Forced inline: they run for nearly every cell, and a call costs about as much as their work.
#if defined(__GNUC__) || defined(__clang__)
#define SEG_INFER_INLINE inline __attribute__((always_inline))
#else
#define SEG_INFER_INLINE inline
#endif

namespace infer_detail {
// True when IsMissingValue(value, {}) is certainly false: its own first two shortcuts, inlined
// (this runs for every cell).
inline bool CertainlyPresent(std::string_view v) {
  if (v.empty()) return false;
  const unsigned char f = static_cast<unsigned char>(v.front()), b = static_cast<unsigned char>(v.back());
  if (v.size() > 4 && f > ' ' && b > ' ' && f < 0x80 && b < 0x80) return true;
  const char c = v.front();
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z' && c != 'n') || (c >= 'A' && c <= 'Z' && c != 'N');
}

inline bool HasSpace(std::string_view v) {
  if (v.size() > 16) return v.find(' ') != std::string_view::npos;
  const char* p = v.data();
  const size_t n = v.size();
  if constexpr (std::endian::native == std::endian::little) {
    // Up to 16 bytes as two (overlapping) words, or one partial word, without a byte loop.
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull, kSpaces = kOnes * ' ';
    auto has_space = [&](uint64_t w) { const uint64_t x = w ^ kSpaces; return ((x - kOnes) & ~x & kHighs) != 0; };
    if (n >= 8) {
      uint64_t a, b;
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + n - 8, 8);
      return has_space(a) || has_space(b);
    }
    if (n >= 4) {  // the upper half of each word is zero: no space there
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return has_space(lo) || has_space(hi);
    }
    for (size_t i = 0; i < n; ++i) {
      if (p[i] == ' ') return true;
    }
    return false;
  } else {
    for (size_t i = 0; i < n; ++i) {
      if (p[i] == ' ') return true;
    }
    return false;
  }
}
}  // namespace infer_detail

SEG_INFER_INLINE bool ColumnInference::MergeNumber(const NumberScan& n) {
  const uint32_t before = number_styles_;
  const bool integer_before = all_integer_, zero_before = leading_zero_;
  number_styles_ &= n.styles;
  number_ok_ = number_styles_ != 0;
  all_integer_ &= n.integer;
  leading_zero_ |= n.leading_zero;
  percent_ |= n.percent;
  return before != number_styles_ || integer_before != all_integer_ || zero_before != leading_zero_;
}

SEG_INFER_INLINE unsigned ColumnInference::ObservePlainNumber(std::string_view value, const NumberScan& n) {
  // Still a date candidate: ScanDate would have to run too ("20240331"). A boolean candidate is
  // cheap only for the 0/1 pair and the values "0" and "1" (which leave every mask as it is).
  if (date_ok_ || !number_ok_) return kNotHandled;
  if (bool_ok_ && !(bool_pairs_ == (1u << 5) && value.size() == 1 && (value[0] == '0' || value[0] == '1')))
    return kNotHandled;
  // A plain number is never a built-in missing marker and holds no space.
  unsigned changed = present_ == 0;
  CountPresent(value);
  changed |= MergeNumber(n);
  return changed ? kObservedChanged : 0u;
}

SEG_INFER_INLINE unsigned ColumnInference::ObserveTenCharDate(std::string_view value, uint32_t mask) {
  // Ten digits and separators: certainly present, no space, not a number ("2024-03-31" fails
  // ScanNumber, "31.03.2024" has two separators) and not a boolean; but the column must already
  // have dropped those candidates for the masks to stay as they are.
  if (!date_ok_ || number_ok_ || bool_ok_) return kNotHandled;
  unsigned changed = present_ == 0;
  CountPresent(value);
  const uint32_t before = date_formats_;
  date_formats_ &= mask;
  date_ok_ = date_formats_ != 0;
  changed |= before != date_formats_;
  return changed ? kObservedChanged : 0u;
}

SEG_INFER_INLINE unsigned ColumnInference::ObserveText(std::string_view value) {
  if (date_ok_ || number_ok_ || bool_ok_ || !infer_detail::CertainlyPresent(value)) return kNotHandled;
  unsigned changed = present_ == 0;
  CountPresent(value);
  if (infer_detail::HasSpace(value)) ++spaces_;
  return changed ? kObservedChanged : 0u;
}

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
