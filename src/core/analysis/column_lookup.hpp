// Private to src/core/analysis: looking up the column a person named for a role ("customer",
// "date", ...), with errors that name the column. `code_prefix` ("rfm", "transactions") starts
// each error code: <prefix>.missing_column, .no_such_column, .not_numeric.
#pragma once

#include <string>
#include <string_view>

#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis::detail {

inline std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

inline Error ColumnError(std::string code, std::string message, const std::string& column, std::string hint) {
  Error e = MakeError(std::move(code), std::move(message), std::move(hint));
  e.column_name = column;
  return e;
}

inline Result<const io::Column*> FindCol(const io::Table& t, const std::string& name, const std::string& role,
                                         std::string_view code_prefix) {
  const std::string prefix(code_prefix);
  if (name.empty()) return MakeError(prefix + ".missing_column", "No " + role + " column was chosen.", "Name the " + role + " column.");
  const int i = t.FindColumn(name);
  if (i < 0) {
    return ColumnError(prefix + ".no_such_column",
                       "There is no column named " + Quoted(name) + " (given as the " + role + " column).", name,
                       "Check the spelling; column names are case-sensitive.");
  }
  const io::Column* c = &t.columns[static_cast<size_t>(i)];
  return c;
}

inline Result<const io::Column*> NumericCol(const io::Table& t, const std::string& name, const std::string& role,
                                            std::string_view code_prefix) {
  auto c = FindCol(t, name, role, code_prefix);
  if (!c.ok()) return c;
  if (c.value()->type != io::ColumnType::kNumeric) {
    return ColumnError(std::string(code_prefix) + ".not_numeric",
                       "The " + role + " column " + Quoted(name) + " is not numeric (it was read as " +
                           std::string(io::ColumnTypeName(c.value()->type)) + ").",
                       name, "Choose a column of numbers, or fix the values that are not numbers.");
  }
  return c;
}

}  // namespace seg::analysis::detail
