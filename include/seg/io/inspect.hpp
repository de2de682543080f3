// seg/io/inspect.hpp — a JSON description of an imported file (`segmenter inspect --json`, and the
// app's import summary).
#pragma once

#include <nlohmann/json.hpp>

#include "seg/io/csv_reader.hpp"

namespace seg::io {

// Keys: encoding, delimiter, quote, decimal, header, line_ending, settings {name: {value, source:
// "auto"|"set"}}, row_count, column_count, columns [{name, type, missing, distinct, constant,
// unit, min, max, mean, top_values, examples, date_format, number_format, id_like, repeated_id,
// id_reason (seg/io/identifier.hpp)}], report {records,
// rejected_total, rejected [{line, byte_offset, reason}], notes}; with preview_rows > 0 also
// `rows`: the first N data rows as arrays of field strings exactly as read.
nlohmann::json DescribeDataset(const Dataset& data, size_t preview_rows = 0);

// "," -> ",", '\t' -> "\t" (JSON keeps the character itself); for text output: "tab", "semicolon"...
std::string DelimiterDisplayName(char delimiter);

}  // namespace seg::io
