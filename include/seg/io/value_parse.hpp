// seg/io/value_parse.hpp — recognising and parsing the values people put in CSV cells.
//
// Type candidates are tried most specific first (boolean, date, number) and a column is demoted on
// the first value that fails. For numbers and dates, each cell yields the *set* of formats under
// which it is valid (a bit mask); a column keeps the intersection, so "1.234" stays ambiguous
// until another cell ("1.234,5" or "0.5") decides it.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/io/table.hpp"

namespace seg::io {

// ---- Missing values -------------------------------------------------------------------------
// Empty, whitespace-only, NA, N/A, n/a, null, NULL, NaN, -, ?, #N/A, #NV (German Excel), plus
// `extra` (compared case-insensitively after trimming).
bool IsMissingValue(std::string_view value, const std::vector<std::string>& extra = {});
// Trims ASCII spaces/tabs and the no-break / narrow no-break spaces (U+00A0, U+202F).
std::string_view TrimValue(std::string_view value);

// ---- Numbers ----------------------------------------------------------------------------------
// Number styles as bits: index = decimal (0 '.', 1 ',') * 5 + thousands (0 none, 1 ',', 2 '.',
// 3 '\'', 4 space). Combinations with decimal == thousands are never set.
constexpr int kNumberStyleCount = 10;
constexpr uint32_t kAllNumberStyles = 0b11'1011'1011;  // all but (. .) = bit 2 and (, ,) = bit 6
NumberStyle NumberStyleFromIndex(int index);
int NumberStyleIndex(const NumberStyle& style);

struct NumberScan {
  uint32_t styles = 0;        // bit mask of styles under which the cell is a number (0 = not one)
  bool integer = true;        // no fractional part in any style
  bool leading_zero = false;  // "00123": a code, not a quantity
  bool percent = false;
  std::string_view unit;      // "EUR", "CHF", "USD", "GBP" if a currency was written
};
// Accepts signs (+ - and SAP's trailing minus, accounting parentheses), currency symbols and codes
// before or after (EUR, €, CHF, Fr., USD, $, GBP, £), a trailing %, thousands separators and an
// exponent (only without thousands separators).
NumberScan ScanNumber(std::string_view value);
// Parses with a style the cell was scanned valid for. nullopt if it is not a number in that style.
std::optional<double> ParseNumber(std::string_view value, const NumberStyle& style);

// One pass over a plain number: optional '-', digits, optionally one '.' or ',' and more digits
// ("-123", "45.67", "0,5"), the shape of nearly every numeric cell. Fills *scan exactly as
// ScanNumber(value) would and *number as ParseNumber(value, style) would (NaN where that gives
// nullopt). Returns false, writing nothing, for every other shape. Up to 19 digits the value is
// exact without fast_float: mantissa <= 2^53 and at most 22 decimals make mantissa / 10^k one
// correctly rounded division (Clinger 1990, the "fast path" fast_float takes too).
// With `decimal`, also the number as an exact decimal where it was computed as one, *number being
// mantissa / 10^decimals correctly rounded (decimals = -1 where it was not: long mantissas, the
// general parser). The importer stores such a number as an integer code without re-deriving it.
struct PlainDecimal {
  int64_t mantissa = 0;  // signed; |mantissa| <= 2^53
  int decimals = -1;
};
bool ScanParsePlainNumber(std::string_view value, const NumberStyle& style, NumberScan* scan, double* number,
                          PlainDecimal* decimal = nullptr);
// (Defined inline at the end of this header: it runs for nearly every numeric cell of an import.)

// ---- Dates --------------------------------------------------------------------------------------
enum DateFormatBit : uint32_t {
  kDateIso = 1u << 0,        // 2024-03-31 [T12:00[:00[.000]][Z|+01:00]]
  kDateYmdSlash = 1u << 1,   // 2024/03/31
  kDateDmyDot = 1u << 2,     // 31.03.2024, 31.3.24
  kDateDmySlash = 1u << 3,   // 31/03/2024
  kDateMdySlash = 1u << 4,   // 03/31/2024
  kDateDmyDash = 1u << 5,    // 31-03-2024
  kDateMdyDash = 1u << 6,    // 03-31-2024
  kDateCompact = 1u << 7,    // 20240331 (only when a whole column looks like it)
};
constexpr uint32_t kAllDateFormats = 0xFF;
// Formats under which the cell is a valid date (optionally with a time of day).
uint32_t ScanDate(std::string_view value);
// Days since 1970-01-01 (fraction = time of day) under exactly one format bit.
std::optional<double> ParseDate(std::string_view value, uint32_t format_bit);
// One pass over the two most common date shapes, exactly ten characters "yyyy-mm-dd" or
// "dd.mm.yyyy": *mask as ScanDate(value) and *days as ParseDate(value, format_bit) (NaN where that
// gives nullopt). False, writing nothing, for every other shape.
// The ten characters at `p`; the view overload below is what callers use. (The view is not passed
// on: WebAssembly passes a view to a call through memory, a stall per date cell; see
// ScanParsePlainNumber.)
bool ScanParseTenChars(const char* p, uint32_t format_bit, uint32_t* mask, double* days);
inline bool ScanParseTenCharDate(std::string_view value, uint32_t format_bit, uint32_t* mask, double* days) {
  return value.size() == 10 && ScanParseTenChars(value.data(), format_bit, mask, days);
}
// "yyyy-mm-dd", "dd.mm.yyyy", "dd/mm/yyyy", "mm/dd/yyyy", ...
std::string_view DateFormatName(uint32_t format_bit);
// Picks one format from a column's surviving mask; `prefer_day_first` breaks dd/mm vs mm/dd ties.
uint32_t ChooseDateFormat(uint32_t mask, bool prefer_day_first);
// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t days, int64_t* y, unsigned* m, unsigned* d);
// "2024-03-31" or "2024-03-31 12:30:00" if the value has a time of day.
std::string FormatIsoDate(double days);

// ---- Booleans -----------------------------------------------------------------------------------
// Pairs: true/false, yes/no, ja/nein, y/n, wahr/falsch, 1/0, t/f, j/n, x/"" is not one.
constexpr int kBoolPairCount = 8;
constexpr uint32_t kAllBoolPairs = (1u << kBoolPairCount) - 1;
struct BoolScan {
  uint32_t pairs = 0;  // pairs this value belongs to
  bool value = false;
};
BoolScan ScanBool(std::string_view value);
std::string_view BoolPairName(int pair);  // "true/false", ...

// ---- Inline definitions ------------------------------------------------------------------------

// Forced inline (GCC inlines it anyway): where clang leaves it a call, WebAssembly passes the view
// and the style through memory and keeps `scan` and `number` in linear memory, and the stores and
// reloads of every numeric cell stall (measured in Node: about a tenth of the reading pass).
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
inline bool ScanParsePlainNumber(std::string_view v, const NumberStyle& style, NumberScan* scan, double* number,
                                 PlainDecimal* decimal) {
  const char* p = v.data();
  const size_t n = v.size();
  const bool negative = n > 0 && p[0] == '-';
  size_t i = negative ? 1 : 0;
  uint64_t mantissa = 0;  // wraps beyond 19 digits; only used up to 19
  const size_t int_start = i;
  while (i < n && (p[i] >= '0' && p[i] <= '9')) mantissa = mantissa * 10 + static_cast<unsigned>(p[i++] - '0');
  const size_t int_digits = i - int_start;
  if (int_digits == 0) return false;
  char sep = 0;
  size_t frac_digits = 0;
  bool frac_zero = true;
  if (i < n) {
    sep = p[i];
    if (sep != '.' && sep != ',') return false;
    const size_t frac_start = ++i;
    while (i < n && (p[i] >= '0' && p[i] <= '9')) {
      frac_zero &= p[i] == '0';
      mantissa = mantissa * 10 + static_cast<unsigned>(p[i++] - '0');
    }
    frac_digits = i - frac_start;
    if (i != n || frac_digits == 0) return false;
  }
  // The classification of ScanPlainNumber (ScanNumber's own fast path), computed the same way.
  NumberScan s;
  s.leading_zero = int_digits >= 2 && p[int_start] == '0';
  if (sep == 0) {
    s.styles = kAllNumberStyles;
    s.integer = true;
  } else {
    uint32_t styles = sep == '.' ? (1u << 0) | (1u << 1) | (1u << 3) | (1u << 4)
                                 : (1u << 5) | (1u << 7) | (1u << 8) | (1u << 9);
    if (frac_digits == 3 && int_digits <= 3) styles |= sep == '.' ? (1u << 7) : (1u << 1);
    s.styles = styles;
    s.integer = frac_zero;
  }
  *scan = s;
  static constexpr double kPow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if ((sep == 0 || sep == style.decimal) && int_digits + frac_digits <= 19 && mantissa <= (uint64_t{1} << 53)) {
    // frac_digits <= 19 here, so the power of ten is exact. Whole numbers skip the division (by
    // 1.0: the same value), which is the slowest instruction of the cell.
    const double m = static_cast<double>(mantissa);
    const double x = frac_digits == 0 ? m : m / kPow10[frac_digits];
    *number = negative ? -x : x;
    if (decimal != nullptr) {
      decimal->mantissa = negative ? -static_cast<int64_t>(mantissa) : static_cast<int64_t>(mantissa);
      decimal->decimals = static_cast<int>(frac_digits);
    }
    return true;
  }
  // Long mantissas, and a separator that is not this style's decimal: the general parser.
  const std::optional<double> x = ParseNumber(v, style);
  *number = x ? *x : NAN;
  return true;
}

}  // namespace seg::io
