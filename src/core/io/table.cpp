#include "seg/io/table.hpp"

namespace seg::io {

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kIdentifier: return "identifier";
    case ColumnType::kCategorical: return "categorical";
    case ColumnType::kNumeric: return "numeric";
    case ColumnType::kDate: return "date";
    case ColumnType::kBoolean: return "boolean";
    case ColumnType::kText: return "text";
  }
  return "text";
}

std::optional<ColumnType> ParseColumnType(std::string_view name) {
  for (ColumnType t : {ColumnType::kIdentifier, ColumnType::kCategorical, ColumnType::kNumeric,
                       ColumnType::kDate, ColumnType::kBoolean, ColumnType::kText}) {
    if (ColumnTypeName(t) == name) return t;
  }
  return std::nullopt;
}

int Table::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace seg::io
