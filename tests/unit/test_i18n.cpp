// The studio's German table covers every UI string, and numbers follow the chosen locale.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/i18n.hpp"

using namespace seg::app;

namespace {

// The string values of every Tr("...") / TrItems("...") call in a C++ source (adjacent literals
// joined, the escapes the UI uses decoded).
std::vector<std::pair<bool, std::string>> TrCalls(const std::string& src) {
  std::vector<std::pair<bool, std::string>> out;
  size_t pos = 0;
  while ((pos = src.find("Tr", pos)) != std::string::npos) {
    const bool items = src.compare(pos, 8, "TrItems(") == 0;
    const bool plain = src.compare(pos, 3, "Tr(") == 0 && (pos == 0 || !(std::isalnum(static_cast<unsigned char>(src[pos - 1])) || src[pos - 1] == '_'));
    if (!items && !plain) {
      pos += 2;
      continue;
    }
    size_t i = pos + (items ? 8 : 3);
    std::string value;
    bool any = false;
    for (;;) {
      while (i < src.size() && std::isspace(static_cast<unsigned char>(src[i]))) ++i;
      if (i >= src.size() || src[i] != '"') break;
      any = true;
      for (++i; i < src.size() && src[i] != '"'; ++i) {
        if (src[i] != '\\') {
          value += src[i];
          continue;
        }
        const char e = src[++i];
        value += e == 'n' ? '\n' : e == '0' ? '\0' : e == 't' ? '\t' : e;
      }
      ++i;
    }
    if (any && i < src.size() && src[i] == ')') out.emplace_back(items, value);
    pos = i;
  }
  return out;
}

}  // namespace

TEST_CASE("Every Tr() string in the studio has German text", "[i18n]") {
  const std::filesystem::path dir = std::filesystem::path(SEG_SOURCE_DIR) / "src" / "app";
  size_t checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {  // src/app/panels/ too
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    for (const auto& [items, text] : TrCalls(ss.str())) {
      INFO(entry.path().filename().string() << ": \"" << text << "\"");
      if (items) {
        std::string list = text + '\0';  // the literal's implicit terminator ends the list
        CHECK(HasGermanItems(list.c_str()));
      } else {
        CHECK(HasGerman(text.c_str()));
      }
      ++checked;
    }
  }
  CHECK(checked > 100);
  // Strings the app passes through Tr() at run time (tabs, column types, import phases).
  for (const char* s : {"Segments###segments", "Charts###charts", "numeric", "categorical", "identifier", "date",
                        "boolean", "text", "decoding", "sniffing", "reading", "typing", "statistics"})
    CHECK(HasGerman(s));
}

TEST_CASE("Switching the language switches text and number formats", "[i18n]") {
  SetLanguage(Language::kEnglish);
  CHECK(std::string(Tr("Load demo data")) == "Load demo data");
  CHECK(FormatCount(1234567) == "1,234,567");
  CHECK(FormatFixed(12345.678, 1) == "12,345.7");
  CHECK(FormatPercent(0.125, 1) == "12.5%");
  CHECK(FormatNumber(2.5e6) == "2.50 m");
  CHECK(FormatFixed(-0.01, 1) == "0.0");
  SetLanguage(ParseLanguage("de-AT"));
  CHECK(CurrentLanguage() == Language::kGerman);
  CHECK(std::string(Tr("Load demo data")) == "Demodaten laden");
  CHECK(std::string(Tr("not in the table")) == "not in the table");
  CHECK(FormatCount(1234567) == "1.234.567");
  CHECK(FormatFixed(12345.678, 1) == "12.345,7");
  CHECK(FormatPercent(0.125, 1) == "12,5 %");
  CHECK(FormatNumber(2.5e6) == "2,50 Mio.");
  CHECK(std::string(TrItems("z-score\0Robust (median/IQR)\0Min-max\0None\0")).rfind("z-Wert", 0) == 0);
  SetLanguage(ParseLanguage("en-GB"));
  CHECK(CurrentLanguage() == Language::kEnglish);
}

// Issue 19: no string the German studio shows is still English. A Tr() string whose German text
// equals the English one must be a name, a code or a format (no English word of 4+ letters).
TEST_CASE("German table: no Tr() string is left in English", "[i18n][german]") {
  const std::filesystem::path dir = std::filesystem::path(SEG_SOURCE_DIR) / "src" / "app";
  // Words that are the same in German, or names: methods, indices, products, formats.
  static const char* const kSame[] = {"silhouette", "calinski", "harabasz", "davies", "bouldin", "segmenter", "json",
                                      "hubspot", "salesforce", "kmeans", "means", "champions", "online", "export",
                                      "import", "demo", "studio", "name", "text", "start", "modell", "score", "scores",
                                      "status", "filter", "minimum", "maximum", "median", "cluster", "elbow", "inertia",
                                      "stop", "pause", "html", "markdown", "duckdb", "postgres", "sqlite", "bigquery",
                                      "spark", "mailing", "prototypes", "gmm", "pca", "recency", "frequency", "monetary", "auto",
                                      "problem", "segment"};
  SetLanguage(Language::kGerman);
  std::vector<std::string> english;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    for (const auto& [items, text] : TrCalls(ss.str())) {
      if (items || !HasGerman(text.c_str()) || text != Tr(text.c_str())) continue;
      // Any lower-case ASCII word of four or more letters that is not a known name?
      std::string word;
      bool found = false;
      for (size_t i = 0; i <= text.size() && !found; ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if (std::isalpha(static_cast<unsigned char>(c))) {
          word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          continue;
        }
        if (word.size() >= 4 && std::find(std::begin(kSame), std::end(kSame), word) == std::end(kSame)) found = true;
        word.clear();
      }
      if (found) english.push_back(entry.path().filename().string() + ": " + text);
    }
  }
  SetLanguage(Language::kEnglish);
  for (const auto& e : english) FAIL_CHECK("German text equals the English one: " << e);
}
