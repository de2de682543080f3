#include "seg/io/column_text.hpp"

#include "seg/io/value_parse.hpp"

namespace seg::io {

Result<std::vector<std::string>> ColumnTexts(const Dataset& data, std::string_view column) {
  const int c = data.table.FindColumn(column);
  if (c < 0) {
    Error e = MakeError("io.no_such_column", "There is no column named \"" + std::string(column) + "\".",
                        "Check the column name (it is case-sensitive); `segmenter inspect FILE` lists them.");
    e.column_name = std::string(column);
    return e;
  }
  const Column& col = data.table.columns[static_cast<size_t>(c)];
  std::vector<std::string> out(data.table.rows);
  for (size_t i = 0; i < data.table.rows; ++i) {
    if (col.IsMissing(i)) continue;
    // String-like columns keep every distinct value as written; numeric-like ones hold parsed
    // numbers, so their text comes from the record itself.
    if (!col.IsNumericLike()) out[i] = std::string(TrimValue(col.Level(i)));
    else out[i] = std::string(TrimValue(data.RowFields(i)[static_cast<size_t>(c)]));
  }
  return out;
}

}  // namespace seg::io
