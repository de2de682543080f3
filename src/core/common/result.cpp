#include "seg/common/result.hpp"

namespace seg {

std::string Error::ToString() const {
  // Messages and hints are sentences; keep one period between the parts.
  std::string out = message;
  if (!out.empty() && out.back() == '.') out.pop_back();
  std::string where;
  auto add = [&](const std::string& part) {
    if (!where.empty()) where += ", ";
    where += part;
  };
  if (row >= 0) add("line " + std::to_string(row));
  if (column >= 0) {
    std::string c = "column " + std::to_string(column);
    if (!column_name.empty()) c += " \"" + column_name + "\"";
    add(c);
  } else if (!column_name.empty()) {
    add("column \"" + column_name + "\"");
  }
  if (byte_offset >= 0) add("byte " + std::to_string(byte_offset));
  if (!where.empty()) out += " (" + where + ")";
  if (!hint.empty()) out += ". " + hint;
  return out;
}

Error MakeError(std::string code, std::string message, std::string hint) {
  Error e;
  e.code = std::move(code);
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

}  // namespace seg
