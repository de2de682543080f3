// Internal to seg::io: column names from the header row's cells (long cells shortened, empty and
// repeated names made unique), each change noted for the import report.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace seg::io::detail {

// Header cells longer than this are shortened to kShortNameBytes (plus "…") to make a column name.
constexpr size_t kMaxNameBytes = 1000;
constexpr size_t kShortNameBytes = 60;

// The name of column c (0-based) from its trimmed header cell `v`: v itself, or its start when v is
// longer than kMaxNameBytes (a note then says so). Exports still write the header cell as read.
std::string ColumnNameFromCell(std::string_view v, size_t c, std::vector<std::string>& notes);

// Empty names become column_k (noted when `from_header`: a file without a header has no names to
// complain about); a repeated name becomes name_k with the smallest k no column is called (noted).
void MakeColumnNamesUnique(std::vector<std::string>& names, bool from_header, std::vector<std::string>& notes);

}  // namespace seg::io::detail
