#include "seg/io/value_parse.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <fast_float/fast_float.h>

namespace seg::io {
namespace {

inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool IStartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && IEquals(s.substr(0, p.size()), p); }
bool IEndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && IEquals(s.substr(s.size() - p.size()), p);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of a space-like character at s[i] (ASCII space/tab, U+00A0, U+202F, U+2009), or 0.
size_t SpaceLen(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == ' ' || s[i] == '\t') return 1;
  if (s[i] == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;
  if (s[i] == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && (s[i + 2] == '\xAF' || s[i + 2] == '\x89')) return 3;
  return 0;
}

size_t SpaceLenBack(std::string_view s) {
  if (s.empty()) return 0;
  size_t n = s.size();
  if (s[n - 1] == ' ' || s[n - 1] == '\t') return 1;
  if (n >= 2 && s[n - 2] == '\xC2' && s[n - 1] == '\xA0') return 2;
  if (n >= 3 && s[n - 3] == '\xE2' && s[n - 2] == '\x80' && (s[n - 1] == '\xAF' || s[n - 1] == '\x89')) return 3;
  return 0;
}

struct Currency {
  std::string_view text;
  std::string_view code;
};
constexpr std::array<Currency, 11> kCurrencies = {{
    {"EUR", "EUR"}, {"\xE2\x82\xAC", "EUR"}, {"CHF", "CHF"}, {"SFr.", "CHF"}, {"Fr.", "CHF"},
    {"USD", "USD"}, {"US$", "USD"}, {"$", "USD"}, {"GBP", "GBP"}, {"\xC2\xA3", "GBP"}, {"\xC2\xA5", "JPY"}}};

// Strips currency, sign, percent and spaces around a number; returns the core digits part.
struct Stripped {
  std::string_view core;
  bool negative = false;
  bool percent = false;
  std::string_view unit;
  bool ok = true;
};

Stripped StripDecorations(std::string_view v) {
  Stripped r;
  v = TrimValue(v);
  auto trim = [&]() { v = TrimValue(v); };
  auto strip_currency = [&]() {
    for (const auto& c : kCurrencies) {
      if (IStartsWith(v, c.text)) {
        if (!r.unit.empty() && r.unit != c.code) { r.ok = false; return; }
        r.unit = c.code; v.remove_prefix(c.text.size()); trim(); return;
      }
      if (IEndsWith(v, c.text)) {
        if (!r.unit.empty() && r.unit != c.code) { r.ok = false; return; }
        r.unit = c.code; v.remove_suffix(c.text.size()); trim(); return;
      }
    }
  };
  if (v.size() >= 2 && v.front() == '(' && v.back() == ')') {  // accounting negative
    r.negative = true;
    v = v.substr(1, v.size() - 2);
    trim();
  }
  strip_currency();
  if (!r.ok) return r;
  if (!v.empty() && (v.front() == '-' || v.front() == '+')) {
    if (r.negative) { r.ok = false; return r; }
    r.negative = v.front() == '-';
    v.remove_prefix(1);
    trim();
  } else if (StartsWith(v, "\xE2\x88\x92")) {  // U+2212 minus sign
    r.negative = true;
    v.remove_prefix(3);
    trim();
  }
  if (!v.empty() && v.back() == '%') {
    r.percent = true;
    v.remove_suffix(1);
    trim();
  }
  if (!v.empty() && v.back() == '-' && !r.negative) {  // SAP: "1.234,50-"
    r.negative = true;
    v.remove_suffix(1);
    trim();
  }
  if (r.unit.empty()) strip_currency();
  if (!r.ok) return r;
  r.core = v;
  r.ok = !v.empty();
  return r;
}

constexpr char kDecimals[2] = {'.', ','};
constexpr char kThousands[5] = {0, ',', '.', '\'', ' '};

// Validates `core` (digits and separators, space-likes normalised to ' ') under one style.
// `seps` lists (position, char) of separators; digits elsewhere.
struct Sep {
  size_t pos;
  char c;
};

bool ValidUnderStyle(std::string_view core, const Sep* seps, size_t nseps, bool has_exp, size_t mantissa_end,
                     char dec, char thou, bool* integer) {
  // All separators must be dec or thou; dec at most once and after every thou.
  int dec_count = 0;
  size_t dec_pos = 0;
  for (size_t i = 0; i < nseps; ++i) {
    if (seps[i].c == dec) {
      if (++dec_count > 1) return false;
      dec_pos = seps[i].pos;
    } else if (thou != 0 && seps[i].c == thou) {
      if (dec_count > 0) return false;
    } else {
      return false;
    }
  }
  const bool has_thou = static_cast<int>(nseps) > dec_count;
  if (has_thou && has_exp) return false;
  // Group sizes: first group 1..3 digits, following groups exactly 3 (up to dec or mantissa end).
  size_t group_end = dec_count ? dec_pos : mantissa_end;
  if (has_thou) {
    size_t prev = static_cast<size_t>(-1);
    for (size_t i = 0; i < nseps; ++i) {
      if (seps[i].c != thou) continue;
      size_t start = prev == static_cast<size_t>(-1) ? 0 : prev + 1;
      size_t len = seps[i].pos - start;
      if (prev == static_cast<size_t>(-1) ? (len < 1 || len > 3) : len != 3) return false;
      prev = seps[i].pos;
    }
    if (group_end - (prev + 1) != 3) return false;
  }
  if (dec_count) {
    if (dec_pos + 1 >= mantissa_end) return false;  // "5." has no digits after the separator
    if (dec_pos == 0 && has_thou) return false;
    bool all_zero = true;
    for (size_t i = dec_pos + 1; i < mantissa_end; ++i) all_zero &= core[i] == '0';
    *integer = all_zero && !has_exp;
  } else {
    *integer = !has_exp;
  }
  return true;
}

}  // namespace

std::string_view TrimValue(std::string_view v) {
  while (size_t n = SpaceLen(v, 0)) v.remove_prefix(n);
  while (size_t n = SpaceLenBack(v)) v.remove_suffix(n);
  return v;
}

bool IsMissingValue(std::string_view value, const std::vector<std::string>& extra) {
  // Fast path: a value longer than every built-in marker that neither starts nor ends with a
  // space-like byte cannot be missing unless the user listed extra markers.
  if (extra.empty() && value.size() > 4 && static_cast<unsigned char>(value.front()) > ' ' &&
      static_cast<unsigned char>(value.back()) > ' ' && static_cast<unsigned char>(value.front()) < 0x80 &&
      static_cast<unsigned char>(value.back()) < 0x80) {
    return false;
  }
  // No built-in marker starts with a digit or with a letter other than n/N.
  if (extra.empty() && !value.empty()) {
    const char c = value.front();
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z' && c != 'n') || (c >= 'A' && c <= 'Z' && c != 'N')) return false;
  }
  std::string_view v = TrimValue(value);
  if (v.empty()) return true;
  if (v.size() <= 4) {
    static constexpr std::string_view kMarkers[] = {"na", "n/a", "null", "nan", "-", "?", "#n/a", "#nv", "--"};
    for (auto m : kMarkers) {
      if (IEquals(v, m)) return true;
    }
  }
  for (const auto& m : extra) {
    if (IEquals(v, TrimValue(m))) return true;
  }
  return false;
}

NumberStyle NumberStyleFromIndex(int index) {
  NumberStyle s;
  s.decimal = kDecimals[index / 5];
  s.thousands = kThousands[index % 5];
  return s;
}

int NumberStyleIndex(const NumberStyle& style) {
  int d = style.decimal == ',' ? 1 : 0;
  int t = 0;
  for (int i = 0; i < 5; ++i) {
    if (kThousands[i] == style.thousands) t = i;
  }
  return d * 5 + t;
}

namespace {
// Plain numbers ("-123", "45.67", "0,5") are by far the most common cells: classify them without
// the decoration search. Returns false if the value needs the general path.
bool ScanPlainNumber(std::string_view v, NumberScan* scan) {
  size_t i = 0;
  if (!v.empty() && v[0] == '-') i = 1;
  size_t int_digits = 0;
  while (i < v.size() && IsDigit(v[i])) { ++i; ++int_digits; }
  if (int_digits == 0) return false;
  if (i == v.size()) {
    scan->styles = kAllNumberStyles;
    scan->integer = true;
    scan->leading_zero = int_digits >= 2 && v[v[0] == '-' ? 1 : 0] == '0';
    return true;
  }
  const char sep = v[i];
  if (sep != '.' && sep != ',') return false;
  size_t j = i + 1, frac_digits = 0;
  bool frac_zero = true;
  while (j < v.size() && IsDigit(v[j])) { frac_zero &= v[j] == '0'; ++j; ++frac_digits; }
  if (j != v.size() || frac_digits == 0) return false;
  scan->leading_zero = int_digits >= 2 && v[v[0] == '-' ? 1 : 0] == '0';
  // sep as the decimal separator: valid with any thousands separator other than itself.
  uint32_t styles = sep == '.' ? (1u << 0) | (1u << 1) | (1u << 3) | (1u << 4)
                               : (1u << 5) | (1u << 7) | (1u << 8) | (1u << 9);
  // "1.234" is also 1234 with sep as the thousands separator (and the other decimal).
  if (frac_digits == 3 && int_digits <= 3) styles |= sep == '.' ? (1u << 7) : (1u << 1);
  scan->styles = styles;
  scan->integer = frac_zero;
  return true;
}
}  // namespace

NumberScan ScanNumber(std::string_view value) {
  NumberScan scan;
  if (!value.empty() && (IsDigit(value.back())) && (IsDigit(value.front()) || value.front() == '-') &&
      ScanPlainNumber(value, &scan)) {
    return scan;
  }
  Stripped s = StripDecorations(value);
  if (!s.ok) return scan;
  std::string_view core = s.core;
  // Normalise: collect separators; space-likes become ' '.
  Sep seps[24];
  size_t nseps = 0;
  size_t digits = 0;
  bool has_exp = false;
  size_t mantissa_end = core.size();
  // Positions are in a virtual string where each space-like counts as one char.
  size_t vpos = 0;
  for (size_t i = 0; i < core.size();) {
    char c = core[i];
    if (IsDigit(c)) {
      ++digits;
      ++i;
      ++vpos;
      continue;
    }
    if ((c == 'e' || c == 'E') && digits > 0 && !has_exp) {
      // exponent: [eE][+-]?digits to the end
      size_t j = i + 1;
      if (j < core.size() && (core[j] == '+' || core[j] == '-')) ++j;
      size_t exp_digits = 0;
      while (j < core.size() && IsDigit(core[j])) { ++j; ++exp_digits; }
      if (exp_digits == 0 || j != core.size()) return scan;
      has_exp = true;
      mantissa_end = vpos;
      break;
    }
    char sc;
    size_t len = 1;
    if (c == '.' || c == ',' || c == '\'') sc = c;
    else if ((len = SpaceLen(core, i)) != 0) sc = ' ';
    else if (c == '\xE2' && i + 2 < core.size() && core[i + 1] == '\x80' && core[i + 2] == '\x99') { sc = '\''; len = 3; }  // ’
    else return scan;
    if (nseps == 24) return scan;
    seps[nseps++] = {vpos, sc};
    i += len;
    ++vpos;
  }
  if (digits == 0) return scan;
  if (!has_exp) mantissa_end = vpos;
  // Leading zero: "0123" or "00,5"? A single 0 before a separator is fine ("0,5").
  if (core.size() >= 2 && core[0] == '0' && IsDigit(core[1])) scan.leading_zero = true;
  bool any_integer = false, any_fraction = false;
  for (int idx = 0; idx < kNumberStyleCount; ++idx) {
    if (!((kAllNumberStyles >> idx) & 1u)) continue;
    bool integer = true;
    if (ValidUnderStyle(core, seps, nseps, has_exp, mantissa_end, kDecimals[idx / 5], kThousands[idx % 5], &integer)) {
      scan.styles |= 1u << idx;
      any_integer |= integer;
      any_fraction |= !integer;
    }
  }
  scan.integer = scan.styles != 0 && any_integer && !any_fraction;
  scan.percent = s.percent;
  scan.unit = s.unit;
  return scan;
}

std::optional<double> ParseNumber(std::string_view value, const NumberStyle& style) {
  // Fast path: no decorations and no thousands separators in the text.
  if (!value.empty() && IsDigit(value.back()) && (IsDigit(value.front()) || value.front() == '-') &&
      (style.thousands == 0 || value.find(style.thousands) == std::string_view::npos)) {
    double out = 0;
    fast_float::parse_options opts{fast_float::chars_format::general, style.decimal};
    auto res = fast_float::from_chars_advanced(value.data(), value.data() + value.size(), out, opts);
    if (res.ec == std::errc() && res.ptr == value.data() + value.size() && std::isfinite(out)) return out;
  }
  Stripped s = StripDecorations(value);
  if (!s.ok) return std::nullopt;
  char buf[128];
  size_t n = 0;
  std::string_view core = s.core;
  for (size_t i = 0; i < core.size();) {
    char c = core[i];
    size_t sl;
    if (IsDigit(c) || c == 'e' || c == 'E' || c == '+' || c == '-') {
      if (n >= sizeof(buf) - 1) return std::nullopt;
      buf[n++] = c;
      ++i;
    } else if (c == style.decimal) {
      if (n >= sizeof(buf) - 1) return std::nullopt;
      buf[n++] = '.';
      ++i;
    } else if (style.thousands == ' ' && (sl = SpaceLen(core, i)) != 0) {
      i += sl;
    } else if (style.thousands == '\'' && c == '\xE2' && i + 2 < core.size() && core[i + 1] == '\x80' && core[i + 2] == '\x99') {
      i += 3;
    } else if (style.thousands != 0 && c == style.thousands) {
      ++i;
    } else {
      return std::nullopt;
    }
  }
  double out = 0;
  auto res = fast_float::from_chars(buf, buf + n, out);
  if (res.ec != std::errc() || res.ptr != buf + n) return std::nullopt;
  if (!std::isfinite(out)) return std::nullopt;
  return s.negative ? -out : out;
}

// ---- Dates -----------------------------------------------------------------------------------

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

namespace {

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}
bool ValidYmd(int64_t y, int64_t m, int64_t d) {
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, static_cast<unsigned>(m));
}

struct DateParts {
  int64_t g[3] = {0, 0, 0};
  int len[3] = {0, 0, 0};
  char sep = 0;
  double time = 0;  // fraction of a day
  bool ok = false;
};

// Parses "hh:mm[:ss[.fff]] [AM|PM] [Z|+hh:mm]" into a fraction of a day.
bool ParseTime(std::string_view t, double* frac) {
  t = TrimValue(t);
  int parts[3] = {0, 0, 0};
  int n = 0;
  size_t i = 0;
  double seconds_frac = 0;
  while (n < 3) {
    size_t start = i;
    int v = 0;
    while (i < t.size() && IsDigit(t[i]) && i - start < 2) v = v * 10 + (t[i++] - '0');
    if (i == start) return false;
    parts[n++] = v;
    if (i < t.size() && t[i] == ':') { ++i; continue; }
    break;
  }
  if (n < 2) return false;
  if (i < t.size() && (t[i] == '.' || t[i] == ',') && n == 3) {
    ++i;
    double scale = 0.1;
    while (i < t.size() && IsDigit(t[i])) { seconds_frac += (t[i++] - '0') * scale; scale /= 10; }
  }
  std::string_view rest = TrimValue(t.substr(i));
  int hour = parts[0];
  if (IEquals(rest, "am") || IEquals(rest, "pm")) {
    if (hour < 1 || hour > 12) return false;
    if (IEquals(rest, "pm") && hour != 12) hour += 12;
    if (IEquals(rest, "am") && hour == 12) hour = 0;
    rest = {};
  } else if (!rest.empty()) {
    // Time zone designator: accepted and ignored (local wall time is what people segment on).
    if (!(rest == "Z" || ((rest[0] == '+' || rest[0] == '-') && rest.size() <= 6))) return false;
  }
  if (hour > 23 || parts[1] > 59 || parts[2] > 60) return false;
  *frac = (hour * 3600.0 + parts[1] * 60.0 + parts[2] + seconds_frac) / 86400.0;
  return true;
}

DateParts SplitDate(std::string_view v) {
  DateParts p;
  v = TrimValue(v);
  size_t i = 0;
  for (int k = 0; k < 3; ++k) {
    size_t start = i;
    int64_t val = 0;
    while (i < v.size() && IsDigit(v[i]) && i - start < 4) val = val * 10 + (v[i++] - '0');
    p.len[k] = static_cast<int>(i - start);
    p.g[k] = val;
    if (p.len[k] == 0) return p;
    if (k < 2) {
      if (i >= v.size()) return p;
      char c = v[i];
      if (c != '-' && c != '/' && c != '.') return p;
      if (k == 0) p.sep = c;
      else if (c != p.sep) return p;
      ++i;
    }
  }
  if (i < v.size()) {
    // "31.12.2024." is not a date; a time may follow after 'T' or space(s).
    if (v[i] == 'T' || v[i] == ' ') {
      if (!ParseTime(v.substr(i + 1), &p.time)) return p;
    } else {
      return p;
    }
  }
  p.ok = true;
  return p;
}

int64_t ExpandYear(int64_t y, int len) {
  if (len == 4) return y;
  if (len == 2) return y < 70 ? 2000 + y : 1900 + y;
  return -1;
}

bool CompactDate(std::string_view v, int64_t* y, int64_t* m, int64_t* d) {
  v = TrimValue(v);
  if (v.size() != 8) return false;
  for (char c : v) {
    if (!IsDigit(c)) return false;
  }
  *y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  *m = (v[4] - '0') * 10 + (v[5] - '0');
  *d = (v[6] - '0') * 10 + (v[7] - '0');
  return ValidYmd(*y, *m, *d) && *y >= 1900 && *y <= 2100;
}

}  // namespace

uint32_t ScanDate(std::string_view value) {
  uint32_t mask = 0;
  int64_t cy, cm, cd;
  if (CompactDate(value, &cy, &cm, &cd)) mask |= kDateCompact;
  DateParts p = SplitDate(value);
  if (!p.ok) return mask;
  const int64_t a = p.g[0], b = p.g[1], c = p.g[2];
  const int la = p.len[0], lb = p.len[1], lc = p.len[2];
  if (la == 4 && lb <= 2 && lc <= 2 && ValidYmd(a, b, c)) {
    if (p.sep == '-') mask |= kDateIso;
    if (p.sep == '/') mask |= kDateYmdSlash;
  }
  if (la <= 2 && lb <= 2 && (lc == 4 || (lc == 2 && p.sep == '.'))) {
    int64_t y = ExpandYear(c, lc);
    if (ValidYmd(y, b, a)) {
      if (p.sep == '.') mask |= kDateDmyDot;
      if (p.sep == '/') mask |= kDateDmySlash;
      if (p.sep == '-') mask |= kDateDmyDash;
    }
    if (ValidYmd(y, a, b)) {
      if (p.sep == '/') mask |= kDateMdySlash;
      if (p.sep == '-') mask |= kDateMdyDash;
    }
  }
  return mask;
}

std::optional<double> ParseDate(std::string_view value, uint32_t bit) {
  if (bit == kDateCompact) {
    int64_t y, m, d;
    if (!CompactDate(value, &y, &m, &d)) return std::nullopt;
    return static_cast<double>(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
  }
  DateParts p = SplitDate(value);
  if (!p.ok) return std::nullopt;
  int64_t y, m, d;
  switch (bit) {
    case kDateIso:
    case kDateYmdSlash:
      if (p.len[0] != 4) return std::nullopt;
      y = p.g[0]; m = p.g[1]; d = p.g[2];
      if ((bit == kDateIso) != (p.sep == '-') || (bit == kDateYmdSlash && p.sep != '/')) return std::nullopt;
      break;
    case kDateDmyDot:
    case kDateDmySlash:
    case kDateDmyDash: {
      char want = bit == kDateDmyDot ? '.' : bit == kDateDmySlash ? '/' : '-';
      if (p.sep != want || p.len[0] > 2) return std::nullopt;
      y = ExpandYear(p.g[2], p.len[2]); m = p.g[1]; d = p.g[0];
      break;
    }
    case kDateMdySlash:
    case kDateMdyDash: {
      char want = bit == kDateMdySlash ? '/' : '-';
      if (p.sep != want || p.len[0] > 2) return std::nullopt;
      y = ExpandYear(p.g[2], p.len[2]); m = p.g[0]; d = p.g[1];
      break;
    }
    default:
      return std::nullopt;
  }
  if (!ValidYmd(y, m, d)) return std::nullopt;
  return static_cast<double>(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) + p.time;
}

bool ScanParseTenChars(const char* p, uint32_t bit, uint32_t* mask, double* days) {
  auto d2 = [p](size_t i) { return static_cast<int64_t>((p[i] - '0') * 10 + (p[i + 1] - '0')); };
  auto digits = [p](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (!IsDigit(p[i])) return false;
    }
    return true;
  };
  int64_t y, m, d;
  uint32_t shape;
  if (p[4] == '-' && p[7] == '-' && digits(0, 4) && digits(5, 7) && digits(8, 10)) {
    y = d2(0) * 100 + d2(2);
    m = d2(5);
    d = d2(8);
    shape = kDateIso;  // SplitDate: groups of 4, 2, 2 -> only yyyy-mm-dd can hold
  } else if (p[2] == '.' && p[5] == '.' && digits(0, 2) && digits(3, 5) && digits(6, 10)) {
    d = d2(0);
    m = d2(3);
    y = d2(6) * 100 + d2(8);
    shape = kDateDmyDot;  // groups of 2, 2, 4 with dots: only dd.mm.yyyy can hold
  } else {
    return false;
  }
  const bool valid = ValidYmd(y, m, d);
  *mask = valid ? shape : 0;
  *days = valid && bit == shape ? static_cast<double>(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)))
                                : NAN;
  return true;
}

std::string_view DateFormatName(uint32_t bit) {
  switch (bit) {
    case kDateIso: return "yyyy-mm-dd";
    case kDateYmdSlash: return "yyyy/mm/dd";
    case kDateDmyDot: return "dd.mm.yyyy";
    case kDateDmySlash: return "dd/mm/yyyy";
    case kDateMdySlash: return "mm/dd/yyyy";
    case kDateDmyDash: return "dd-mm-yyyy";
    case kDateMdyDash: return "mm-dd-yyyy";
    case kDateCompact: return "yyyymmdd";
    default: return "";
  }
}

uint32_t ChooseDateFormat(uint32_t mask, bool prefer_day_first) {
  // Written out on purpose: GCC 12 at -O3 miscompiled the former range-for over
  // `prefer_day_first ? order_a : order_b` (the test of the last entry, kDateCompact, used the
  // array's address instead of its value, so yyyymmdd columns came out all-missing at random).
  // Order: ISO, dd.mm.yyyy, yyyy/mm/dd, then slash and dash dates with the preferred day/month
  // order first, then yyyymmdd.
  const uint32_t slash_first = prefer_day_first ? kDateDmySlash : kDateMdySlash;
  const uint32_t slash_second = prefer_day_first ? kDateMdySlash : kDateDmySlash;
  const uint32_t dash_first = prefer_day_first ? kDateDmyDash : kDateMdyDash;
  const uint32_t dash_second = prefer_day_first ? kDateMdyDash : kDateDmyDash;
  if (mask & kDateIso) return kDateIso;
  if (mask & kDateDmyDot) return kDateDmyDot;
  if (mask & kDateYmdSlash) return kDateYmdSlash;
  if (mask & slash_first) return slash_first;
  if (mask & slash_second) return slash_second;
  if (mask & dash_first) return dash_first;
  if (mask & dash_second) return dash_second;
  if (mask & kDateCompact) return kDateCompact;
  return 0;
}

std::string FormatIsoDate(double days) {
  if (!std::isfinite(days)) return {};
  double whole = std::floor(days);
  int64_t y;
  unsigned m, d;
  CivilFromDays(static_cast<int64_t>(whole), &y, &m, &d);
  char buf[48];
  long secs = std::lround((days - whole) * 86400.0);
  if (secs >= 86400) secs = 86399;
  if (secs > 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02ld:%02ld:%02ld", static_cast<long long>(y), m, d,
                  secs / 3600, (secs / 60) % 60, secs % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  }
  return buf;
}

// ---- Booleans --------------------------------------------------------------------------------

namespace {
struct BoolPair {
  std::string_view yes, no, name;
};
constexpr BoolPair kBoolPairs[kBoolPairCount] = {
    {"true", "false", "true/false"}, {"yes", "no", "yes/no"}, {"ja", "nein", "ja/nein"}, {"y", "n", "y/n"},
    {"wahr", "falsch", "wahr/falsch"}, {"1", "0", "1/0"},     {"t", "f", "t/f"},          {"j", "n", "j/n"}};
}  // namespace

BoolScan ScanBool(std::string_view value) {
  BoolScan s;
  if (value.size() == 1 && (value[0] == '0' || value[0] == '1')) {  // the common 0/1 flag
    s.pairs = 1u << 5;
    s.value = value[0] == '1';
    return s;
  }
  std::string_view v = TrimValue(value);
  if (v.empty() || v.size() > 6) return s;
  for (int i = 0; i < kBoolPairCount; ++i) {
    if (IEquals(v, kBoolPairs[i].yes)) { s.pairs |= 1u << i; s.value = true; }
    else if (IEquals(v, kBoolPairs[i].no)) { s.pairs |= 1u << i; s.value = false; }
  }
  // "1.0"/"0.0" as written by some tools also count as 1/0.
  if (s.pairs == 0 && (v == "1.0" || v == "0.0")) {
    s.pairs = 1u << 5;
    s.value = v[0] == '1';
  }
  return s;
}

std::string_view BoolPairName(int pair) {
  return pair >= 0 && pair < kBoolPairCount ? kBoolPairs[pair].name : "";
}

}  // namespace seg::io
