// seg/io/column_text.hpp — a column's values as the text people typed, for matching and exports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "seg/common/result.hpp"
#include "seg/io/csv_reader.hpp"

namespace seg::io {

// The value of `column` in every accepted row of `data`: the field exactly as written in the
// file, trimmed; "" where it is missing (empty or a missing-value marker). Works for any column
// type: a numeric column is read back from the file, so an id "007" stays "007".
// Error "io.no_such_column" when there is no column of that name.
Result<std::vector<std::string>> ColumnTexts(const Dataset& data, std::string_view column);

}  // namespace seg::io
