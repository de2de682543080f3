// seg/common/lang.hpp — the language of texts the core writes for people (segment names and
// descriptions, the choice-of-k explanation, notes, privacy reasons), and locale-aware numbers
// for them.
//
// The core stays UI-free: it never reads a locale or a setting. Every text generator takes a
// Lang (English is the default everywhere, and English output never changes); results keep the
// structured facts behind their texts, so they can be written again in the other language
// (analysis::LocalizeResult) without re-running anything.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace seg {

enum class Lang { kEn, kDe };

// "en", "de" (also "EN", "DE", "english", "deutsch", "german"); nullopt otherwise.
std::optional<Lang> ParseLang(std::string_view s);
std::string_view LangCode(Lang lang);  // "en", "de"

// Numbers inside generated texts.
//   English: "1234.5" (plain printf, no grouping: the English texts have always looked like this).
//   German:  decimal comma; a thousands dot once the integer part has five or more digits
//            ("12.345,6", "1234,5", "2024"). DIN 5008 leaves four-digit numbers ungrouped, and it
//            keeps years and codes ("2019") readable when they are averaged or banded.
std::string FormatDecimal(double v, int decimals, Lang lang);
// Counts of customers or rows, grouped from four digits: "5.000 Kunden" / "5,000 customers".
std::string FormatCount(size_t n, Lang lang);
// A percentage (already times 100): "12%" / "12 %"; below 1 % one decimal ("0.3%", not "0%").
std::string FormatPercent(double percent, int decimals, Lang lang);
// Rewrites the plain numbers inside `text` (as written by "%g", "%.2f", "%lld": optional '-',
// digits, optional '.' and digits, optional exponent) in German style; other characters are kept.
// Digits that are part of a longer word ("90d", "x2") or of an ISO date are left alone.
std::string GermanNumbersInText(std::string_view text);

}  // namespace seg
