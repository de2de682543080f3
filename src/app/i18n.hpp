// src/app/i18n.hpp — the studio's two languages (English, German) and locale-aware numbers.
//
// Every user-visible string in src/app goes through Tr("English text"); the German table in
// i18n.cpp maps it. Format strings keep their printf specifiers in both languages. Strings the
// table does not know stay English (a test lists them), so a missing translation never shows a key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace seg::app {

enum class Language { kEnglish, kGerman };

void SetLanguage(Language language);
Language CurrentLanguage();
// "en" / "de" (also accepts "de-DE", "de-AT", "de-CH"); anything else is English.
Language ParseLanguage(std::string_view code);

// The current language's text for an English UI string (a literal or a printf format).
const char* Tr(const char* english);
// The same for an ImGui combo item list ("a\0b\0c\0"), which holds NULs.
const char* TrItems(const char* items);
// Whether the German table has the string (the test that keeps the table complete uses these).
bool HasGerman(const char* english);
bool HasGermanItems(const char* items);

// Locale-aware numbers: 12,345 and 1.5 in English; 12.345 and 1,5 in German; "–" for NaN.
std::string FormatCount(size_t n);
std::string FormatNumber(double v);             // 2-3 significant decimals, k/m/bn suffixes
std::string FormatFixed(double v, int decimals);  // fixed decimals with grouping
std::string FormatPercent(double fraction, int decimals);  // 0.125 -> "12.5%" / "12,5 %"

}  // namespace seg::app
