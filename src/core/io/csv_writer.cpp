// Exports. The segmented file is the input file, record by record, with the new fields appended:
// the bytes of every original record are copied (so quoting, spacing and number formats stay as
// they were), and only cells a spreadsheet would run as a formula are rewritten when asked.
#include "seg/io/csv_writer.hpp"

#include <algorithm>

#include "csv_tokenizer.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::io {
namespace {

using detail::FieldRef;
using detail::RecordInfo;

// Raw extent of a field including its quotes.
uint64_t RawBegin(const FieldRef& f) { return f.quoted && !f.malformed ? f.begin - 1 : f.begin; }
uint64_t RawEnd(const FieldRef& f) { return f.quoted && !f.malformed ? f.begin + f.length + 1 : f.begin + f.length; }

}  // namespace

bool LooksLikeFormula(std::string_view field) {
  if (field.empty()) return false;
  char c = field[0];
  if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') return false;
  if ((c == '+' || c == '-') && ScanNumber(field).styles != 0) return false;  // a signed number
  if (c == '-' && field.size() == 1) return false;                            // a lone dash (missing)
  return true;
}

std::string QuoteField(std::string_view field, char delimiter, char quote) {
  if (quote == 0) quote = '"';
  bool needs = field.find(delimiter) != std::string_view::npos || field.find(quote) != std::string_view::npos ||
               field.find('\n') != std::string_view::npos || field.find('\r') != std::string_view::npos ||
               (delimiter == ' ' && field.find('\t') != std::string_view::npos) || (delimiter == ' ' && field.empty());
  if (!needs) return std::string(field);
  std::string out;
  out.reserve(field.size() + 2);
  out.push_back(quote);
  for (char c : field) {
    out.push_back(c);
    if (c == quote) out.push_back(quote);
  }
  out.push_back(quote);
  return out;
}

std::string WriteWithExtraColumns(const Dataset& data, const std::vector<std::string>& names,
                                  const std::vector<std::vector<std::string>>& values, const ExportOptions& options) {
  const std::string_view text = data.text;
  CsvDialect out_dialect = data.dialect;
  const bool redelimit = options.delimiter && *options.delimiter != data.dialect.delimiter;
  if (redelimit) {
    out_dialect.delimiter = *options.delimiter;
    out_dialect.whitespace_aligned = false;
  }
  const char delim = out_dialect.delimiter;
  const char quote = data.dialect.quote ? data.dialect.quote : '"';
  const size_t ncols = data.table.columns.size();

  auto new_cell = [&](std::string_view v) {
    std::string cell(v);
    if (options.neutralise_formulas && LooksLikeFormula(cell)) cell.insert(cell.begin(), '\'');
    return QuoteField(cell, delim, quote);
  };

  std::string out;
  out.reserve(text.size() + data.records.size() * 24 + 256);
  std::vector<FieldRef> fields;
  RecordInfo info;
  std::string scratch;

  const bool edits = std::any_of(options.column_edits.begin(), options.column_edits.end(),
                                 [](ColumnEdit e) { return e != ColumnEdit::kKeep; });
  auto edit_of = [&](size_t i) { return i < options.column_edits.size() ? options.column_edits[i] : ColumnEdit::kKeep; };

  // Writes the record's first `keep` original fields: raw bytes where possible.
  auto write_record = [&](const RecordSpan& span, size_t keep, bool neutralise, bool header) {
    std::string_view content = text.substr(span.begin, span.length);
    if (detail::ParseRecord(content, 0, data.dialect, fields, info) == detail::RecordStatus::kUnterminatedQuote) {
      out.append(content);  // a rejected record with an open quote: copied as it was
      return;
    }
    const size_t n = keep == 0 ? fields.size() : std::min(keep, fields.size());
    bool rewrite = redelimit || edits;
    if (neutralise && !rewrite) {
      for (size_t i = 0; i < n && !rewrite; ++i) {
        const FieldRef& f = fields[i];
        // The value's first character decides most cells without unescaping them (a 100 MB quoted
        // note once cost seconds here): it is content[f.begin] unless the field is malformed.
        if (!f.malformed) {
          if (f.length == 0) continue;
          const char c = content[f.begin];
          if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') continue;
        }
        rewrite = LooksLikeFormula(detail::FieldValue(content, f, data.dialect.quote, scratch));
      }
    }
    if (!rewrite) {
      out.append(content.substr(0, n == 0 ? 0 : RawEnd(fields[n - 1])));
      return;
    }
    bool first = true;
    for (size_t i = 0; i < n; ++i) {
      const ColumnEdit edit = edit_of(i);
      if (edit == ColumnEdit::kDrop) continue;
      if (!first) out.push_back(delim);
      first = false;
      std::string_view v = detail::FieldValue(content, fields[i], data.dialect.quote, scratch);
      if (edit == ColumnEdit::kReplace && !header && options.replace) {
        out.append(new_cell(options.replace(i, v)));
      } else if (neutralise && LooksLikeFormula(v)) {
        out.append(QuoteField("'" + std::string(v), delim, quote));
      } else if (!redelimit) {
        out.append(content.substr(RawBegin(fields[i]), RawEnd(fields[i]) - RawBegin(fields[i])));
      } else {
        out.append(QuoteField(v, delim, quote));
      }
    }
  };
  auto terminator = [&](const RecordSpan& span) {
    if (span.terminator > 0) out.append(text.substr(span.end(), span.terminator));
  };

  uint64_t cursor = 0;
  // Preamble (sep= line, title rows) as it was; a sep= line must name the output delimiter.
  if (data.preamble_end > 0) {
    if (redelimit && data.dialect.sep_line) {
      out.append("sep=");
      out.push_back(delim);
      size_t eol = text.find_first_of("\r\n");
      out.append(text.substr(eol, data.preamble_end - eol));
    } else {
      out.append(text.substr(0, data.preamble_end));
    }
    cursor = data.preamble_end;
  }
  if (data.dialect.header) {
    out.append(text.substr(cursor, data.header_span.begin - cursor));
    write_record(data.header_span, ncols, options.neutralise_formulas, true);
    for (const auto& name : names) {
      out.push_back(delim);
      out.append(new_cell(name));
    }
    terminator(data.header_span);
    if (data.header_span.terminator == 0 && !data.records.empty()) out.append(data.dialect.line_ending);
    cursor = data.header_span.next();
  }
  size_t row = 0;
  for (size_t r = 0; r < data.records.size(); ++r) {
    const RecordSpan& span = data.records[r];
    const bool rejected = data.record_rejected[r] != 0;
    if (options.rows) {  // a subset: the records left out take their line ends with them
      const bool keep = !rejected && row < options.rows->size() && (*options.rows)[row] != 0;
      if (!keep) {
        if (!rejected) ++row;
        cursor = span.next();
        continue;
      }
    }
    if (span.begin > cursor) out.append(text.substr(cursor, span.begin - cursor));
    cursor = span.next();
    if (rejected && (!options.include_rejected || edits)) continue;
    write_record(span, rejected ? 0 : ncols, options.neutralise_formulas, false);
    for (size_t c = 0; c < names.size(); ++c) {
      out.push_back(delim);
      if (!rejected && c < values.size() && row < values[c].size()) out.append(new_cell(values[c][row]));
    }
    if (!rejected) ++row;
    if (span.terminator == 0 && r + 1 < data.records.size()) out.append(data.dialect.line_ending);
    terminator(span);
  }
  if (cursor < text.size()) out.append(text.substr(cursor));

  Encoding enc = options.encoding.value_or(data.encoding.value);
  bool bom = options.encoding ? (enc != Encoding::kWindows1252 && *options.encoding != data.encoding.value
                                     ? enc != Encoding::kUtf8
                                     : data.bom_length > 0)
                              : data.bom_length > 0;
  if (enc == Encoding::kUtf8 && !bom) return out;
  return EncodeFromUtf8(out, enc, bom);
}

std::string WriteCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                     char delimiter, std::string_view line_ending, bool neutralise_formulas) {
  std::string out;
  auto write_row = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out.push_back(delimiter);
      if (neutralise_formulas && LooksLikeFormula(row[i])) out.append(QuoteField("'" + row[i], delimiter));
      else out.append(QuoteField(row[i], delimiter));
    }
    out.append(line_ending);
  };
  write_row(header);
  for (const auto& r : rows) write_row(r);
  return out;
}

}  // namespace seg::io
