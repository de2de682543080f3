// Internal to seg::io: the RFC 4180 record tokenizer shared by the sniffer, the reader and the
// writer. Not part of the public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "seg/io/csv_reader.hpp"

namespace seg::io::detail {

struct FieldRef {
  uint64_t begin = 0;  // content start (inside the quotes for a quoted field)
  uint32_t length = 0;
  bool quoted = false;
  bool escaped = false;    // contains doubled quotes that must be undone
  bool malformed = false;  // text after a closing quote, e.g. "ab"c (kept, as Excel does)
};

enum class RecordStatus { kOk, kEnd, kUnterminatedQuote };

struct RecordInfo {
  uint64_t begin = 0, end = 0, next = 0;
  int64_t newlines = 0;      // line breaks consumed, terminator included
  uint64_t error_offset = 0;  // for kUnterminatedQuote: the opening quote
  bool blank = false;         // an empty (or whitespace-only) line
};

// Parses the record starting at `pos` into `fields`. kUnterminatedQuote when a quote opened in
// this record is never closed (info.error_offset = the opening quote).
RecordStatus ParseRecord(std::string_view text, uint64_t pos, const CsvDialect& dialect,
                         std::vector<FieldRef>& fields, RecordInfo& info);

// The fast path of ParseRecord for runs of unquoted fields (csv_scan_simd.cpp), not whitespace-aligned:
// appends the fields from the field start `p` on, 16 bytes at a time, and returns where it stopped.
// With `ended` set, the record ends at the returned line break; otherwise the return value is the
// start of a field left to the general code: one that starts with the quote, or one in the last
// < 16 bytes of the text (no load reads past `n`). Without SIMD on the platform it returns p at once.
uint64_t ScanPlainFields(const char* data, uint64_t p, uint64_t n, char delim, char quote,
                         std::vector<FieldRef>& fields, bool& ended);

// The value of a field: a view into text, or (for escaped fields) into `scratch`.
std::string_view FieldValue(std::string_view text, const FieldRef& f, char quote, std::string& scratch);

// Dialect search on a sample of the text (see csv_sniffer.cpp).
struct SniffOutcome {
  CsvDialect dialect;
  uint64_t data_start = 0;  // byte offset of the header (or first record) after skipped lines
  int64_t start_line = 1;   // its 1-based line number
  size_t field_count = 0;   // the most common number of fields per record (0 if unknown)
  std::vector<std::string> notes;
  std::vector<int64_t> title_lines;  // padded title rows skipped (1-based lines)
  bool header_unsure = false;        // see HeaderGuess
  HeaderEvidence header_evidence;
};
SniffOutcome SniffDialect(std::string_view text, const ReadOptions& options);

}  // namespace seg::io::detail
