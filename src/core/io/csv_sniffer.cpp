// Dialect detection, after DuckDB's CSV sniffer: a search over candidate delimiters scored by how
// consistently they split the sample into the same number of fields, then the rows to skip above
// the header, then whether the first row is a header. Options the user set narrow the search.
#include <algorithm>
#include <array>
#include <map>

#include "csv_header.hpp"
#include "csv_tokenizer.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::io::detail {
namespace {

constexpr size_t kSampleBytes = 1 << 20;
constexpr size_t kSampleRecords = 1000;
constexpr size_t kMaxSkippedLines = 25;
// ASCII's own field separators (some database and mainframe exports use them): last in the search,
// so they only win where nothing else splits the file.
constexpr char kUnitSeparator = '\x1F';
constexpr char kRecordSeparator = '\x1E';

struct CandidateScore {
  CsvDialect dialect;
  size_t mode = 0;            // most common field count
  double consistency = 0.0;   // records with that count / non-blank records
  size_t records = 0;
  size_t first_consistent = 0;  // index of the first record with the mode count
  uint64_t first_offset = 0;
  int64_t first_line = 1;
  bool ok = false;
  int64_t open_quote_line = 0;  // when quoting failed: the line of the quote that is never closed
  bool quote_fallback = false;  // quoting with d failed, so this candidate reads without quotes
};

// Scores the records that start within the first `sample_end` bytes. They are parsed in the whole
// text, so a quoted field that runs past the sample (a long note with line breaks, up to a 100 MB
// field) is seen closed, as the reader will see it, instead of looking unterminated.
CandidateScore ScoreCandidate(std::string_view text, uint64_t sample_end, uint64_t start, int64_t start_line,
                              const CsvDialect& d) {
  CandidateScore s;
  s.dialect = d;
  std::vector<FieldRef> fields;
  RecordInfo info;
  struct Rec { size_t count; uint64_t offset; int64_t line; };
  std::vector<Rec> recs;
  uint64_t pos = start;
  int64_t line = start_line;
  while (recs.size() < kSampleRecords && pos < sample_end) {
    RecordStatus st = ParseRecord(text, pos, d, fields, info);
    if (st == RecordStatus::kEnd) break;
    if (st == RecordStatus::kUnterminatedQuote) {
      // A quote that is still open at the end of the file, in one of the first records and well
      // before the end, counts against quoting with d; a late one is a bad row for the reader.
      s.open_quote_line = line + std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                            text.begin() + static_cast<std::ptrdiff_t>(info.error_offset), '\n');
      if (text.size() - info.error_offset > 4096 && recs.size() < 2) return s;
      break;
    }
    if (!info.blank) recs.push_back({fields.size(), pos, line});
    line += info.newlines;
    pos = info.next;
  }
  // The file's last record may be cut short (a truncated export): ignore it.
  if (recs.size() > 2 && pos >= text.size()) recs.pop_back();
  if (recs.empty()) return s;
  std::map<size_t, size_t> counts;
  for (const auto& r : recs) ++counts[r.count];
  size_t best = 0, best_n = 0;
  for (auto [c, n] : counts) {
    if (n > best_n || (n == best_n && c > best)) { best = c; best_n = n; }
  }
  s.mode = best;
  s.records = recs.size();
  s.consistency = static_cast<double>(best_n) / static_cast<double>(recs.size());
  for (size_t i = 0; i < recs.size(); ++i) {
    if (recs[i].count == best) {
      s.first_consistent = i;
      s.first_offset = recs[i].offset;
      s.first_line = recs[i].line;
      break;
    }
  }
  s.ok = true;
  return s;
}

// Whitespace-aligned text (e.g. fixed-width exports): same number of blank-separated tokens per line.
CandidateScore ScoreWhitespace(std::string_view text, uint64_t sample_end, uint64_t start, int64_t start_line) {
  CsvDialect d;
  d.delimiter = ' ';
  d.whitespace_aligned = true;
  d.quote = '"';
  return ScoreCandidate(text, sample_end, start, start_line, d);
}

}  // namespace

SniffOutcome SniffDialect(std::string_view text, const ReadOptions& options) {
  SniffOutcome out;
  uint64_t start = 0;
  int64_t start_line = 1;
  // Excel's "sep=;" first line.
  std::optional<char> delimiter = options.delimiter;
  if (text.size() >= 5 && (text.substr(0, 4) == "sep=" || text.substr(0, 4) == "SEP=" || text.substr(0, 4) == "Sep=")) {
    size_t eol = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, eol);
    if (line.size() == 5) {
      if (!delimiter) delimiter = line[4];
      out.dialect.sep_line = true;
      start = eol == std::string_view::npos ? text.size() : (text[eol] == '\r' && eol + 1 < text.size() && text[eol + 1] == '\n' ? eol + 2 : eol + 1);
      start_line = 2;
      out.notes.push_back("Excel's \"sep=\" line found: using '" + std::string(1, line[4]) + "' as delimiter");
    }
  }
  std::string_view sample = text.substr(0, std::min<size_t>(text.size(), start + kSampleBytes));
  const uint64_t sample_end = sample.size();


  std::vector<char> delimiters;
  if (delimiter) delimiters = {*delimiter};
  else delimiters = {',', ';', '\t', '|', kUnitSeparator, kRecordSeparator};
  CandidateScore best;
  for (char delim : delimiters) {
    CsvDialect d;
    d.delimiter = delim;
    d.quote = '"';
    if (delim == ' ') { d.whitespace_aligned = true; }
    CandidateScore s = ScoreCandidate(text, sample_end, start, start_line, d);
    if (!s.ok) {
      const int64_t open_quote_line = s.open_quote_line;
      d.quote = 0;  // quotes that never close: try without quoting
      s = ScoreCandidate(text, sample_end, start, start_line, d);
      if (!s.ok) continue;
      s.quote_fallback = true;
      s.open_quote_line = open_quote_line;
    }
    auto better = [&](const CandidateScore& a, const CandidateScore& b) {
      const bool a_multi = a.mode >= 2, b_multi = b.mode >= 2;
      if (a_multi != b_multi) return a_multi;
      if (std::abs(a.consistency - b.consistency) > 1e-9) return a.consistency > b.consistency;
      return a.mode > b.mode;
    };
    if (!best.ok || better(s, best)) best = s;
  }
  if (!options.delimiter && (!best.ok || best.mode < 2 || best.consistency < 0.5)) {
    CandidateScore ws = ScoreWhitespace(text, sample_end, start, start_line);
    if (ws.ok && ws.mode >= 2 && ws.consistency >= 0.9 && (!best.ok || ws.consistency > best.consistency || best.mode < 2)) {
      best = ws;
      out.notes.push_back("No delimiter found: reading whitespace-aligned columns");
    }
  }
  if (!best.ok) {
    best.dialect.delimiter = delimiter.value_or(',');
    best.first_offset = start;
    best.first_line = start_line;
  }
  out.dialect.delimiter = best.dialect.delimiter;
  out.field_count = best.ok ? best.mode : 0;
  out.dialect.quote = best.dialect.quote;
  out.dialect.whitespace_aligned = best.dialect.whitespace_aligned;
  if (best.ok && best.quote_fallback) {
    const std::string n = std::to_string(best.open_quote_line);
    out.notes.push_back(options.lang == Lang::kDe
                            ? "Ein in Zeile " + n + " geöffnetes Anführungszeichen wird nie geschlossen; die Datei wurde ohne "
                              "Anführungszeichen-Regeln gelesen, Anführungszeichen bleiben Text. Falls das falsch ist, schließen "
                              "Sie das Anführungszeichen in der Datei und öffnen Sie sie erneut"
                            : "A quote opened in line " + n + " is never closed; read the file without quote handling, quotes "
                              "kept as text. If that is wrong, close the quote in the file and open it again");
  }

  // Line ending: the dominant record terminator in the sample. Line breaks inside quoted fields do
  // not count (Excel ends rows with CRLF but writes LF inside cells); without records that end in
  // the sample (one long quoted field), every line break in the sample counts.
  size_t crlf = 0, lf = 0, cr = 0;
  {
    std::vector<FieldRef> fields;
    RecordInfo info;
    uint64_t pos = start;
    for (size_t n = 0; n < kSampleRecords && pos < sample_end; ++n) {
      if (ParseRecord(text, pos, out.dialect, fields, info) != RecordStatus::kOk || info.next == info.end) break;
      if (info.next - info.end == 2) ++crlf;
      else if (text[info.end] == '\r') ++cr;
      else ++lf;
      pos = info.next;
    }
  }
  if (crlf + lf + cr == 0) {
    for (size_t i = 0; i < sample.size(); ++i) {
      if (sample[i] == '\r') {
        if (i + 1 < sample.size() && sample[i + 1] == '\n') { ++crlf; ++i; } else { ++cr; }
      } else if (sample[i] == '\n') {
        ++lf;
      }
    }
  }
  out.dialect.line_ending = crlf >= lf && crlf >= cr && crlf > 0 ? "\r\n" : (cr > lf ? "\r" : "\n");

  // Rows above the table. An explicit --header / --no-header is final: the table starts at the
  // first record (blank lines aside) and no title logic moves it; a record that does not fit is
  // then a rejected row, listed with its line, not a skipped one.
  const bool header_set_by_user = options.header.has_value();
  out.data_start = start;
  out.start_line = start_line;
  if (!header_set_by_user && best.ok && best.first_line - start_line <= static_cast<int64_t>(kMaxSkippedLines)) {
    // Rows above the first consistent record (unpadded titles, notes) are skipped, if there are few.
    out.data_start = best.first_offset;
    out.start_line = best.first_line;
    // A padded title ("Kundenliste Q3 2026;;;", Excel's title in A1) has the table's field count
    // and is consistent: skip it too when the row below it fills every cell.
    std::vector<FieldRef> fields, next_fields;
    RecordInfo info, next_info;
    for (size_t guard = 0; guard < kMaxSkippedLines; ++guard) {
      if (ParseRecord(text, out.data_start, out.dialect, fields, info) != RecordStatus::kOk || info.blank) break;
      uint64_t next = info.next;
      int64_t next_line = out.start_line + info.newlines;
      RecordStatus st = ParseRecord(text, next, out.dialect, next_fields, next_info);
      while (st == RecordStatus::kOk && next_info.blank && next < sample_end) {
        next_line += next_info.newlines;
        next = next_info.next;
        st = ParseRecord(text, next, out.dialect, next_fields, next_info);
      }
      if (st != RecordStatus::kOk || next_info.blank) break;
      if (!IsPaddedTitleRow(text, fields, out.dialect.quote, FilledCells(text, next_fields), best.mode)) break;
      // The row below must read as a header: above a header-less table, a first customer with only
      // a name filled in is not a title.
      if (!DecideHeader(text, next, sample_end, out.dialect).header) break;
      out.title_lines.push_back(out.start_line);
      out.data_start = next;
      out.start_line = next_line;
    }
  }
  // Skip leading blank lines even when nothing else is skipped.
  out.dialect.skipped_lines = static_cast<size_t>(out.start_line - 1);
  if (out.start_line - start_line > 0) {
    std::string lines = out.start_line - start_line == 1 ? "line " + std::to_string(start_line)
                                                           : "lines " + std::to_string(start_line) + "-" + std::to_string(out.start_line - 1);
    std::string zeilen = out.start_line - start_line == 1 ? "Zeile " + std::to_string(start_line)
                                                            : "Zeilen " + std::to_string(start_line) + "-" + std::to_string(out.start_line - 1);
    out.notes.push_back(options.lang == Lang::kDe
                            ? "Über der Kopfzeile übersprungen: " + zeilen + " (Titel- oder Leerzeilen); die Tabelle beginnt in Zeile " +
                                  std::to_string(out.start_line) + ". Mit --header oder --no-header wird nichts übersprungen"
                            : "Skipped " + lines + " above the header (title or blank rows); the table starts in line " +
                                  std::to_string(out.start_line) + ". With --header or --no-header nothing is skipped");
  }

  // Header: the user's choice, else the evidence (csv_header.cpp).
  if (header_set_by_user) {
    out.dialect.header = *options.header;
  } else {
    HeaderDecision h = DecideHeader(text, out.data_start, sample_end, out.dialect);
    out.dialect.header = h.header;
    out.header_unsure = h.unsure;
    out.header_evidence = h.evidence;
  }
  return out;
}

}  // namespace seg::io::detail
