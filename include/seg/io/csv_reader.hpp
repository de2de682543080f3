// seg/io/csv_reader.hpp — import a customer CSV: encoding, dialect sniffing, typing, report.
//
// Pipeline (each phase in its own file under src/core/io/):
//   encoding.cpp    bytes -> UTF-8 (BOM, UTF-16, Windows-1252 fallback)
//   csv_sniffer.cpp dialect search: delimiter x quote scored by consistent field counts,
//                   `sep=;` line, title/blank rows above the header
//   csv_header.cpp  padded title rows; header or not, from named evidence (HeaderEvidence)
//   csv_tokenizer   RFC 4180 records (doubled quotes, newlines inside quotes, LF/CRLF/CR)
//   type_infer.cpp  per column: boolean > date > numeric > identifier/categorical/text, demoted
//                   on the first failure; number styles (decimal comma, thousands, currency)
//   csv_reader.cpp  drives the phases in slices (Step) so a UI can show progress
//
// A setting the user gave is a first-class value: it narrows the search instead of being
// overwritten, and is reported as "set" rather than "auto".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"
#include "seg/io/encoding.hpp"
#include "seg/io/table.hpp"
#include "seg/io/xlsx_reader.hpp"

namespace seg::io {

// A detected or user-given setting.
template <class T>
struct Setting {
  T value{};
  bool set_by_user = false;  // "set" vs "auto"
};

struct CsvDialect {
  char delimiter = ',';           // ',', ';', '\t', '|', or ' ' for whitespace-aligned text
  bool whitespace_aligned = false;  // fields separated by runs of spaces (fixed-width-ish text)
  char quote = '"';               // '"' or 0 for none
  char decimal = '.';             // the file's dominant decimal separator
  bool header = true;
  size_t skipped_lines = 0;       // title, blank or `sep=` lines above the header
  bool sep_line = false;          // Excel's "sep=;" first line was present
  std::string line_ending = "\n";  // dominant: "\n", "\r\n" or "\r"
};

// Why the first row was (or was not) taken as the header: named pieces of evidence (csv_header.cpp).
struct HeaderEvidence {
  bool typed_cells_match_below = false;   // data: number/date/yes-no cells over columns of that kind
  bool first_values_repeat_below = false;  // data: a text value of the first row occurs again below it
  bool label_over_typed_column = false;    // header: a text cell over a number/date/yes-no column
  bool label_unlike_column = false;        // header: no digit and no @ over a column whose every value has one
  bool names_like_header_words = false;    // header: a cell is a common column name (id, name, Stadt, ...)
  bool compared = false;                   // there were rows below to compare with
};

// The header decision as the importer made it.
struct HeaderGuess {
  int64_t line = 0;        // 1-based line of the table's first row (the header when dialect.header)
  bool unsure = false;     // the evidence did not decide: ask the user (--header / --no-header)
  HeaderEvidence evidence;
  std::vector<int64_t> title_lines;  // 1-based lines skipped above the table as titles
};

enum class BadRowPolicy { kStop, kSkip };

struct ReadOptions {
  std::optional<Encoding> encoding;
  std::optional<char> delimiter;
  std::optional<char> decimal;
  std::optional<bool> header;
  // Extra missing-value markers on top of the built-in ones (empty, NA, N/A, null, -, ?, #N/A ...).
  std::vector<std::string> missing_markers;
  // Rows whose field count differs from the header: stop with an error, or skip and report them.
  BadRowPolicy bad_rows = BadRowPolicy::kSkip;
  // Refuse files larger than this many bytes before decoding (0 = no limit). For a workbook it
  // also bounds the CSV text its sheet expands to.
  uint64_t max_bytes = 0;
  // Excel workbooks (.xlsx, .xlsm; see xlsx_reader.hpp): the sheet by name or 1-based number
  // (empty: the first worksheet). Ignored for CSV.
  std::string sheet;
  // The language of the report's notes and of the messages of errors (the studio's or `--lang`),
  // workbook messages included.
  Lang lang = Lang::kEn;
};

struct RejectedRow {
  int64_t line = 0;         // 1-based physical line where the record starts
  int64_t byte_offset = 0;  // of the record start in the original file
  std::string reason;       // e.g. "23 fields, expected 21"
};

struct ImportReport {
  size_t records = 0;            // data records read (accepted + rejected)
  size_t rejected_total = 0;
  std::vector<RejectedRow> rejected;  // the first 100
  std::vector<std::string> notes;     // renamed headers, skipped title rows, ...
};

// Byte span of one record inside Dataset::text: content [begin, end()), terminator [end(), next()).
// 16 bytes, one per record (a million-row file keeps a million of them): a record's content is at
// most 4 GiB (longer ones are refused) and its terminator 0, 1 (LF or CR) or 2 (CRLF) bytes.
struct RecordSpan {
  uint64_t begin = 0;
  uint32_t length = 0;      // content bytes
  uint32_t terminator = 0;  // line-break bytes after the content
  uint64_t end() const { return begin + length; }
  uint64_t next() const { return begin + length + terminator; }
  static RecordSpan Make(uint64_t begin, uint64_t end, uint64_t next) {
    return {begin, static_cast<uint32_t>(end - begin), static_cast<uint32_t>(next - end)};
  }
};
static_assert(sizeof(RecordSpan) == 16);

// Where the text came from when the file was an Excel workbook.
struct WorkbookSource {
  bool is_workbook = false;
  std::vector<SheetInfo> sheets;  // every sheet of the workbook (a UI may offer them)
  size_t sheet = 0;               // index into sheets of the sheet read
  std::vector<std::string> merged;  // merged ranges of that sheet
};

// Everything read from one file. Keeps the decoded text so every original field can be written
// back exactly as read.
struct Dataset {
  std::string text;  // the file decoded to UTF-8, BOM removed
  Setting<Encoding> encoding;
  size_t bom_length = 0;
  Setting<char> delimiter;
  Setting<char> decimal;
  Setting<bool> header;
  HeaderGuess header_guess;
  CsvDialect dialect;  // the full dialect (delimiter/decimal/header mirror the settings above)
  std::vector<std::string> missing_markers;  // extra markers the user set

  uint64_t preamble_end = 0;  // bytes of text before the header (or first record)
  RecordSpan header_span;     // valid when dialect.header
  std::vector<RecordSpan> records;      // every data record in file order, accepted or rejected
  std::vector<uint8_t> record_rejected;  // 1 where records[i] was rejected
  std::vector<uint32_t> row_record;     // accepted table row -> index into records

  Table table;
  ImportReport report;
  // A workbook's sheet is read as the CSV text Excel would save (`text`, UTF-8 written back with
  // a BOM by the exports), so every export re-emits its cells as displayed.
  WorkbookSource workbook;

  // The fields of accepted row `row` exactly as read (quotes removed, doubled quotes undone).
  std::vector<std::string> RowFields(size_t row) const;
  // The fields of record `record` (accepted or rejected).
  std::vector<std::string> RecordFields(size_t record) const;
};

// Progress of a sliced import: phase name and fraction done in [0, 1].
struct ImportProgress {
  std::string phase;  // "workbook", "decoding", "sniffing", "reading", "typing", "done"
  double fraction = 0.0;
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
};

// Sliced import for UIs: construct, call Step() until it returns true, then Take().
//   CsvImporter imp(std::move(bytes), options);
//   while (!imp.Step(4 << 20)) ShowProgress(imp.Progress());
//   Result<Dataset> ds = imp.Take();
class CsvImporter {
 public:
  CsvImporter(std::string bytes, ReadOptions options);
  ~CsvImporter();
  CsvImporter(CsvImporter&&) noexcept;
  CsvImporter& operator=(CsvImporter&&) noexcept;

  // Does about `byte_budget` bytes of work. Returns true when finished (successfully or not).
  bool Step(uint64_t byte_budget);
  ImportProgress Progress() const;
  // The result; call once after Step() returned true.
  Result<Dataset> Take();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One-shot import.
Result<Dataset> ReadCsv(std::string bytes, const ReadOptions& options = {});

// Splits one record's content (no terminator) into fields with the given dialect.
std::vector<std::string> SplitRecord(std::string_view content, const CsvDialect& dialect);

}  // namespace seg::io
