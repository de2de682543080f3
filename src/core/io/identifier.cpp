// Identifier (key) columns: by type, by name, by integer sequence, by leading zeros.
#include "seg/io/identifier.hpp"

#include <cmath>

#include "type_infer.hpp"

namespace seg::io {
namespace {

constexpr size_t kMinDistinctByName = 20;  // "Region code" with 5 values is a category, not a key
constexpr size_t kMinRowsForSequence = 20;

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Unique non-negative integers whose range is at most twice their count: 1..n, 10001..10200.
bool IntegerSequence(const Column& c, size_t present) {
  if (c.type != ColumnType::kNumeric || present < kMinRowsForSequence || c.distinct != present) return false;
  if (!(c.min >= 0) || !std::isfinite(c.max) || c.max - c.min + 1 > 2.0 * static_cast<double>(present)) return false;
  bool integer = true;
  c.values.Visit([&](auto values) {
    for (size_t i = 0; i < values.size() && integer; ++i) {
      const double v = values[i];
      if (std::isfinite(v) && v != std::floor(v)) integer = false;
    }
  });
  return integer;
}

// Text codes with leading zeros ("000123"), mostly distinct.
bool LeadingZeroCodes(const Column& c, size_t present) {
  if (c.type != ColumnType::kCategorical && c.type != ColumnType::kIdentifier) return false;
  if (c.levels.size() < kMinDistinctByName || c.levels.size() * 2 < present) return false;
  bool zero = false;
  const size_t n = std::min<size_t>(c.levels.size(), 200);
  for (size_t i = 0; i < n; ++i) {
    if (!AllDigits(c.levels[i])) return false;
    zero |= c.levels[i].size() > 1 && c.levels[i][0] == '0';
  }
  return zero;
}

}  // namespace

std::optional<IdentifierColumn> DetectIdentifier(const Table& table, size_t column) {
  if (column >= table.columns.size()) return std::nullopt;
  const Column& c = table.columns[column];
  const size_t present = table.rows - std::min(c.missing, table.rows);
  if (present == 0 || c.type == ColumnType::kBoolean || c.type == ColumnType::kDate || c.type == ColumnType::kText)
    return std::nullopt;
  IdentifierColumn out;
  out.column = static_cast<int>(column);
  out.name = c.name;
  out.repeated = c.distinct < present;
  const std::string count = std::to_string(c.distinct);
  const std::string rep_en = out.repeated ? ", repeated" : ", unique";
  const std::string rep_de = out.repeated ? ", wiederholt" : ", eindeutig";
  if (c.type == ColumnType::kIdentifier) {
    out.reason_en = "a key: every value occurs once (" + count + " values)";
    out.reason_de = "ein Schlüssel: jeder Wert kommt einmal vor (" + count + " Werte)";
    return out;
  }
  if (detail::LooksLikeIdName(c.name) && c.distinct >= kMinDistinctByName) {
    out.reason_en = "a customer or record number by its name (" + count + " values" + rep_en + ")";
    out.reason_de = "eine Kunden- oder Datensatznummer laut Spaltenname (" + count + " Werte" + rep_de + ")";
    return out;
  }
  if (IntegerSequence(c, present)) {
    out.reason_en = "a running number: unique integers from " + std::to_string(static_cast<long long>(c.min)) + " to " +
                    std::to_string(static_cast<long long>(c.max));
    out.reason_de = "eine laufende Nummer: eindeutige ganze Zahlen von " +
                    std::to_string(static_cast<long long>(c.min)) + " bis " + std::to_string(static_cast<long long>(c.max));
    return out;
  }
  if (LeadingZeroCodes(c, present)) {
    out.reason_en = "a number with leading zeros (" + count + " values" + rep_en + ")";
    out.reason_de = "eine Nummer mit führenden Nullen (" + count + " Werte" + rep_de + ")";
    return out;
  }
  return std::nullopt;
}

std::vector<IdentifierColumn> DetectIdentifiers(const Table& table) {
  std::vector<IdentifierColumn> out;
  for (size_t c = 0; c < table.columns.size(); ++c)
    if (auto id = DetectIdentifier(table, c)) out.push_back(std::move(*id));
  return out;
}

}  // namespace seg::io
