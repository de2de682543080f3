// The header phase of dialect detection: is the table's first row a header or a customer? Title
// rows above the table. Evidence is collected in named booleans (HeaderEvidence) and then weighed,
// after DuckDB's sniffer (header_detection.cpp), which also compares the first row's types with
// the column's. Where nothing decides, the first row stays the header (most exports have one) and
// the decision is marked unsure, so the studio can ask and the CLI can say how to change it.
#include "csv_header.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "seg/io/value_parse.hpp"

namespace seg::io::detail {
namespace {

constexpr size_t kHeaderSampleRows = 200;

enum class Kind { kEmpty, kNumber, kDate, kBool, kOther };

Kind Classify(std::string_view v) {
  if (IsMissingValue(v)) return Kind::kEmpty;
  if (ScanDate(v) & ~static_cast<uint32_t>(kDateCompact)) return Kind::kDate;
  if (ScanNumber(v).styles) return Kind::kNumber;
  if (ScanBool(v).pairs) return Kind::kBool;  // yes/no, ja/nein, true/false, ... (0/1 are numbers above)
  return Kind::kOther;
}

bool Typed(Kind k) { return k == Kind::kNumber || k == Kind::kDate || k == Kind::kBool; }

// Words that name columns in customer exports (English and German), matched as whole tokens of a
// cell ("customer_id" -> customer, id). A header need not use them; a customer's name or city
// practically never is one.
bool IsHeaderWord(std::string_view token) {
  static const std::unordered_set<std::string_view> kWords = {
      "id", "nr", "no", "name", "first", "last", "vorname", "nachname", "firstname", "lastname", "city", "stadt",
      "ort", "wohnort", "email", "mail", "e", "phone", "telefon", "tel", "mobile", "date", "datum", "revenue",
      "umsatz", "country", "land", "plz", "zip", "postcode", "postleitzahl", "customer", "kunde", "kunden",
      "kundennummer", "kundennr", "status", "segment", "type", "typ", "amount", "betrag", "price", "preis",
      "total", "summe", "address", "adresse", "street", "strasse", "straße", "region", "company", "firma",
      "age", "alter", "gender", "geschlecht", "created", "since", "seit", "note", "notes", "notiz", "bemerkung",
      "orders", "bestellungen", "count", "anzahl", "value", "wert", "active", "aktiv", "industry", "branche",
      "employees", "mitarbeiter", "last_order", "first_order", "mrr", "arr", "churn", "churned", "plan", "tier",
      "category", "kategorie", "group", "gruppe", "description", "beschreibung", "birthday", "geburtstag"};
  return kWords.count(token) != 0;
}

bool HasHeaderWord(std::string_view cell) {
  std::string token;
  auto flush = [&]() {
    const bool hit = !token.empty() && IsHeaderWord(token);
    token.clear();
    return hit;
  };
  for (char ch : cell) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      token.push_back(static_cast<char>(std::tolower(c)));
    } else if (flush()) {
      return true;
    }
  }
  return flush();
}

bool HasDigitOrAt(std::string_view v) {
  return std::any_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '@'; });
}

}  // namespace

size_t FilledCells(std::string_view text, const std::vector<FieldRef>& fields) {
  size_t n = 0;
  for (const auto& f : fields) n += f.length > 0 && text.substr(f.begin, f.length).find_first_not_of(" \t") != std::string_view::npos;
  return n;
}

bool IsPaddedTitleRow(std::string_view text, const std::vector<FieldRef>& fields, char quote, size_t next_filled,
                      size_t table_fields) {
  if (fields.size() < 2 || table_fields < 2) return false;
  std::string scratch;
  const bool only_first_cell_filled = FilledCells(text, fields) == 1 && fields[0].length > 0;
  if (!only_first_cell_filled) return false;
  const bool first_cell_is_text = Classify(TrimValue(FieldValue(text, fields[0], quote, scratch))) == Kind::kOther;
  const bool next_row_fills_every_cell = next_filled >= table_fields;
  return first_cell_is_text && next_row_fills_every_cell;
}

HeaderDecision DecideHeader(std::string_view text, uint64_t data_start, uint64_t sample_end, const CsvDialect& dialect) {
  HeaderDecision out;
  std::vector<FieldRef> fields;
  RecordInfo info;
  std::string scratch;
  std::vector<std::string> first;          // the first row's trimmed values
  std::vector<std::vector<std::string>> body;  // the rows below, trimmed
  uint64_t pos = data_start;
  while (body.size() < kHeaderSampleRows && pos < sample_end) {
    if (ParseRecord(text, pos, dialect, fields, info) != RecordStatus::kOk) break;
    pos = info.next;
    if (info.blank) continue;
    std::vector<std::string> row;
    row.reserve(fields.size());
    for (const auto& f : fields) {
      // A long field is text whatever it holds; do not copy a huge one just to classify it.
      row.emplace_back(f.length > 256 ? std::string("\x01long") : std::string(TrimValue(FieldValue(text, f, dialect.quote, scratch))));
    }
    if (first.empty() && body.empty()) first = std::move(row);
    else body.push_back(std::move(row));
  }
  if (first.empty() || body.empty()) return out;  // nothing to compare with: a header, as before

  HeaderEvidence& ev = out.evidence;
  ev.compared = true;
  for (size_t c = 0; c < first.size(); ++c) {
    size_t counts[5] = {};
    bool every_value_has_digit_or_at = true, any_value = false, repeats = false;
    for (const auto& r : body) {
      if (c >= r.size()) continue;
      const Kind k = Classify(r[c]);
      ++counts[static_cast<int>(k)];
      if (k == Kind::kEmpty) continue;
      any_value = true;
      every_value_has_digit_or_at &= HasDigitOrAt(r[c]);
      repeats |= r[c] == first[c];
    }
    // The column's kind: the most common non-empty kind below the first row; text on a tie (a
    // column of "y" and "z" is not a yes/no column).
    Kind column = Kind::kEmpty;
    size_t most = 0;
    for (Kind k : {Kind::kOther, Kind::kNumber, Kind::kDate, Kind::kBool}) {
      if (counts[static_cast<int>(k)] > most) { most = counts[static_cast<int>(k)]; column = k; }
    }
    const Kind cell = Classify(first[c]);
    if (Typed(cell) && cell == column) ev.typed_cells_match_below = true;
    if (cell == Kind::kOther && Typed(column)) ev.label_over_typed_column = true;
    if (cell == Kind::kOther && column == Kind::kOther && any_value && every_value_has_digit_or_at && !HasDigitOrAt(first[c]))
      ev.label_unlike_column = true;
    if (cell == Kind::kOther && repeats) ev.first_values_repeat_below = true;
    if (cell == Kind::kOther && HasHeaderWord(first[c])) ev.names_like_header_words = true;
  }
  const bool header_like = ev.label_over_typed_column || ev.label_unlike_column || ev.names_like_header_words;
  const bool data_like = ev.typed_cells_match_below || ev.first_values_repeat_below;
  if (header_like && !data_like) {
    out.header = true;
  } else if (data_like && !header_like) {
    out.header = false;
  } else if (header_like && data_like) {
    // Both: a text cell over a typed column is the strongest sign (a customer's row would hold a
    // value of that type there), but the other evidence makes it a question worth asking.
    out.header = ev.label_over_typed_column;
    out.unsure = true;
  } else {
    out.header = true;  // only text columns, nothing repeats, no familiar names
    out.unsure = true;
  }
  return out;
}

}  // namespace seg::io::detail
