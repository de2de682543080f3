// Internal to seg::io: the header phase of the sniffer (after DuckDB's sniffer/header_detection):
// title rows above the table, and whether the table's first row is a header, from evidence.
#pragma once

#include <cstdint>
#include <string_view>

#include "csv_tokenizer.hpp"
#include "seg/io/csv_reader.hpp"

namespace seg::io::detail {

// Whether the first row of the table at `data_start` is a header, from the records that start
// before `sample_end`. header_evidence says why; unsure is set where the evidence does not decide
// (the studio asks, the CLI says how to change it).
struct HeaderDecision {
  bool header = true;
  bool unsure = false;
  HeaderEvidence evidence;
};
HeaderDecision DecideHeader(std::string_view text, uint64_t data_start, uint64_t sample_end, const CsvDialect& dialect);

// A title row as Excel writes it above a table whose A1 holds a title: the record's only
// non-empty cell is its first, and it is text (not a number or a date). `next_filled` is how many
// cells of the next non-blank record are non-empty, `fields` the table's field count: the row
// below must fill every cell (a header) for this one to be a title.
bool IsPaddedTitleRow(std::string_view text, const std::vector<FieldRef>& fields, char quote, size_t next_filled,
                      size_t table_fields);

// Non-empty cells of a record.
size_t FilledCells(std::string_view text, const std::vector<FieldRef>& fields);

}  // namespace seg::io::detail
