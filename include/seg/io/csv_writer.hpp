// seg/io/csv_writer.hpp — exports that keep every original row and field.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/io/csv_reader.hpp"

namespace seg::io {

// What an export does with one original column (see ExportOptions::column_edits).
enum class ColumnEdit : uint8_t { kKeep, kDrop, kReplace };

struct ExportOptions {
  // Neutralise cells that start with = + - @ (or tab / CR) and are not numbers by prefixing a
  // single quote (OWASP "CSV injection"). Applies to new columns always and to original fields
  // only when this is on; rows without such cells are copied byte for byte either way.
  bool neutralise_formulas = true;
  // Output encoding: by default the input's (with its BOM if it had one).
  std::optional<Encoding> encoding;
  std::optional<char> delimiter;  // default: the input's
  // Include rejected records (with empty new fields) so nothing the user loaded is lost.
  bool include_rejected = true;
  // Per original column (index = table column; columns beyond the vector are kept): kDrop leaves
  // the column out, header cell included; kReplace writes replace(column, value) for each accepted
  // row (the header cell stays). Kept fields are still copied byte for byte. With any edit,
  // rejected records are left out whatever include_rejected says: their fields do not line up
  // with the columns, so the edit could not be applied to them.
  std::vector<ColumnEdit> column_edits;
  std::function<std::string(size_t column, std::string_view value)> replace;
  // Only these accepted rows (rows[row] != 0; e.g. a selection in the studio); rejected records
  // are left out. Null: every row. Written rows are still copied byte for byte.
  const std::vector<uint8_t>* rows = nullptr;
};

// Appends columns to the dataset: `names` are the new header cells, `values[c][row]` the value of
// new column c for accepted table row `row`. Every original record (and, with include_rejected,
// every rejected one) is written exactly as read, followed by the new fields.
std::string WriteWithExtraColumns(const Dataset& data, const std::vector<std::string>& names,
                                  const std::vector<std::vector<std::string>>& values,
                                  const ExportOptions& options = {});

// Writes a plain table (header + rows) with RFC 4180 quoting where needed.
std::string WriteCsv(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows, char delimiter = ',',
                     std::string_view line_ending = "\n", bool neutralise_formulas = true);

// Quotes a field if it contains the delimiter, a quote, CR or LF (or leading/trailing spaces).
std::string QuoteField(std::string_view field, char delimiter, char quote = '"');
// True if a spreadsheet would read this cell as a formula (and it is not a plain number).
bool LooksLikeFormula(std::string_view field);

}  // namespace seg::io
