#include "seg/common/lang.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace seg {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// ASCII only: the en dash and "≥" around band numbers are multi-byte UTF-8 and must not glue.
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Groups the digits of a plain integer part with dots, from `min_digits` digits on.
std::string GroupThousands(std::string_view digits, size_t min_digits) {
  if (digits.size() < min_digits) return std::string(digits);
  std::string out;
  const size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits.substr(0, first));
  for (size_t i = first; i < digits.size(); i += 3) out.append(".").append(digits.substr(i, 3));
  return out;
}

// One number as printf wrote it ("-1234.5", "3e+06") in German style.
std::string GermanNumber(std::string_view s, size_t group_from) {
  std::string out;
  size_t i = 0;
  if (i < s.size() && s[i] == '-') out += s[i++];
  const size_t int_start = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  const std::string_view int_part = s.substr(int_start, i - int_start);
  const bool exponent = s.find_first_of("eE") != std::string_view::npos;
  out += exponent ? std::string(int_part) : GroupThousands(int_part, group_from);
  for (; i < s.size(); ++i) out += s[i] == '.' ? ',' : s[i];
  return out;
}

}  // namespace

std::optional<Lang> ParseLang(std::string_view s) {
  if (s == "en" || s == "EN" || s == "english") return Lang::kEn;
  if (s == "de" || s == "DE" || s == "deutsch" || s == "german") return Lang::kDe;
  return std::nullopt;
}

std::string_view LangCode(Lang lang) { return lang == Lang::kDe ? "de" : "en"; }

std::string FormatDecimal(double v, int decimals, Lang lang) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return lang == Lang::kDe ? GermanNumber(buf, 5) : std::string(buf);
}

std::string FormatCount(size_t n, Lang lang) {
  const std::string s = std::to_string(n);
  if (lang == Lang::kDe) return GroupThousands(s, 4);
  // English groups with a comma from four digits ("5,000 rows"), the same in every text.
  if (s.size() < 4) return s;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

std::string FormatPercent(double percent, int decimals, Lang lang) {
  // 0.28 % is not "0 %": a share below one percent keeps one decimal.
  if (decimals == 0 && percent != 0 && std::fabs(percent) < 0.95) decimals = 1;
  return FormatDecimal(percent, decimals, lang) + (lang == Lang::kDe ? " %" : "%");
}

std::string GermanNumbersInText(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const bool prev_word = i > 0 && (IsWordChar(text[i - 1]) || text[i - 1] == '.');
    const bool starts = IsDigit(text[i]) || (text[i] == '-' && i + 1 < text.size() && IsDigit(text[i + 1]));
    if (!starts || prev_word) {
      out += text[i++];
      continue;
    }
    size_t j = i + (text[i] == '-' ? 1 : 0);
    while (j < text.size() && IsDigit(text[j])) ++j;
    if (j + 1 < text.size() && text[j] == '.' && IsDigit(text[j + 1])) {
      ++j;
      while (j < text.size() && IsDigit(text[j])) ++j;
    }
    if (j + 1 < text.size() && (text[j] == 'e' || text[j] == 'E')) {
      size_t k = j + 1;
      if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
      if (k < text.size() && IsDigit(text[k])) {
        j = k;
        while (j < text.size() && IsDigit(text[j])) ++j;
      }
    }
    // Part of a word ("90d") or of a date/time ("2024-01-31", "12:30"): keep the whole run.
    const bool date_like = j + 1 < text.size() && (text[j] == '-' || text[j] == ':' || text[j] == '/') && IsDigit(text[j + 1]);
    if ((j < text.size() && (IsWordChar(text[j]) || text[j] == '.')) || date_like) {
      while (j < text.size() && (IsWordChar(text[j]) || IsDigit(text[j]) || text[j] == '-' || text[j] == ':' ||
                                 text[j] == '/' || text[j] == '.'))
        ++j;
      out.append(text.substr(i, j - i));
    } else {
      out += GermanNumber(text.substr(i, j - i), 5);
    }
    i = j;
  }
  return out;
}

}  // namespace seg
