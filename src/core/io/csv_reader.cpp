// The import driver: decode -> sniff -> pass 1 (records, field counts, type inference, and the
// typed columns under the plan inferred so far) -> plan column types -> pass 2 (only for columns
// whose final plan differs from what pass 1 converted; usually none) -> statistics. Both passes
// are sliced so a UI can call Step() once per frame; the decoded text is kept so exports can
// reproduce every field.
//
// Index of this file
// [SECTION] Column specs (the plan pass 1 converts under)
// [SECTION] Importer state
// [SECTION] Decode and sniff (header row, column names: csv_column_names.cpp)
// [SECTION] Key columns
// [SECTION] Column storage
// [SECTION] Pass 1 (records, inference, typed columns; deferred interning)
// [SECTION] Plan and pass 2
// [SECTION] Statistics
// [SECTION] Public API (CsvImporter, ReadCsv, record access)
// The string dictionary is string_dict.hpp.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "csv_column_names.hpp"
#include "csv_tokenizer.hpp"
#include "distinct_counter.hpp"
#include "io_text.hpp"
#include "seg/common/text.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/value_parse.hpp"
#include "string_dict.hpp"
#include "type_infer.hpp"

namespace seg::io {
namespace {

using detail::AdviseHugePages;
using detail::DistinctCounter;
using detail::FieldRef;
using detail::RecordInfo;
using detail::RecordStatus;
using detail::StringDict;
using detail::Say;

constexpr size_t kMaxReportedRows = 100;

constexpr size_t kMaxColumns = 20000;

std::string DelimiterLabel(char d) {
  switch (d) {
    case ',': return "','";
    case ';': return "';'";
    case '\t': return "tab";
    case '|': return "'|'";
    case ' ': return "whitespace";
    case '\x1F': return "unit separator (0x1F)";
    case '\x1E': return "record separator (0x1E)";
    default: return std::string("'") + d + "'";
  }
}

// [SECTION] Column specs (the plan pass 1 converts under)

// Pass 1 converts each column's values while it infers the column's type, under the plan the
// values seen so far imply (with the file decimal guessed from the delimiter). A column whose plan
// changes after only a few rows is converted again from its first row right away; one that changes
// later, or whose final plan differs from the guess, is converted by pass 2. Most files need no
// pass 2 at all, so every record is tokenized once.
enum class Spec : uint8_t { kUndecided, kBool, kDate, kNumber, kString, kNone };
struct ColumnSpec {
  Spec mode = Spec::kUndecided;
  uint32_t date_format = 0;
  char decimal = '.';
  char thousands = 0;
  int switches = 0;
};

ColumnSpec SpecFromPlan(const detail::ColumnPlan& plan, size_t present) {
  ColumnSpec s;
  if (present == 0) return s;
  switch (plan.type) {
    case ColumnType::kBoolean: s.mode = Spec::kBool; break;
    case ColumnType::kDate: s.mode = Spec::kDate; s.date_format = plan.date_format; break;
    case ColumnType::kNumeric:
      s.mode = Spec::kNumber;
      s.decimal = plan.number_style.decimal;
      s.thousands = plan.number_style.thousands;
      break;
    default: s.mode = Spec::kString; break;
  }
  return s;
}

bool SameSpec(const ColumnSpec& a, const ColumnSpec& b) {
  if (a.mode != b.mode) return false;
  if (a.mode == Spec::kDate) return a.date_format == b.date_format;
  if (a.mode == Spec::kNumber) return a.decimal == b.decimal && a.thousands == b.thousands;
  return true;
}

// A column whose plan changes within this many rows is converted again at once (else: pass 2).
constexpr size_t kMaxCatchUpRows = 8192;
constexpr int kMaxSwitches = 8;
constexpr size_t kKeyCheckRows = 4096;

}  // namespace

// [SECTION] Importer state

struct CsvImporter::State {
  enum class Phase { kWorkbook, kDecode, kSniff, kPass1, kKeys, kPass2, kFinalize, kDone };
  Phase phase = Phase::kDecode;
  // A workbook (ZIP/CFB container): its sheet becomes CSV text first (xlsx_reader.hpp), then the
  // text goes through the phases below like any CSV. The user's own settings are remembered so
  // the ones the workbook route fixes are not reported as "set".
  std::optional<XlsxReader> workbook;
  ReadOptions user_options;
  void ReadWorkbook(uint64_t budget);
  std::string bytes;
  ReadOptions options;
  Dataset ds;
  std::optional<Error> error;
  bool taken = false;

  uint64_t total = 0;
  uint64_t pos = 0;
  uint64_t text_end = 0;  // the text that is read: ds.text without a final Ctrl-Z
  std::string_view Body() const { return std::string_view(ds.text).substr(0, text_end); }
  int64_t line = 1;
  size_t expected = 0;
  size_t blank_lines = 0;
  size_t trailing_trimmed = 0;
  std::vector<detail::ColumnInference> inference;
  std::vector<detail::ColumnPlan> plans;
  std::vector<StringDict> dicts;
  size_t pass2_row = 0;
  std::vector<FieldRef> fields;
  RecordInfo info;
  std::string scratch;

  std::vector<ColumnSpec> specs;
  std::vector<size_t> redo;  // columns pass 2 converts
  char guess_decimal = '.';
  bool guess_day_first = false;
  size_t reserve_rows = 0;  // estimated data records, for reserving columns
  // String cells of a large dictionary (StringDict::Large) wait a few records before they are
  // interned (see AdvancePending): a lookup in a dictionary far larger than the cache costs up to
  // three dependent misses (slot, level, its characters), each prefetched one record ahead. Their
  // codes are pushed as placeholders at once, so every column keeps one code per row, and filled
  // in when interned (in row order; FlushPending before anything else reads or interns).
  struct PendingString {
    size_t column;
    size_t index;  // into the column's codes
    std::string_view value;
    uint64_t hash;
    uint32_t candidate;
  };
  // Records between a cell and its interning; 0 (intern at the end of the record, as before the
  // pipeline) without prefetching, where waiting gains nothing (measured in Node: no better).
  static constexpr size_t kInternDelay = SEG_IO_PREFETCH ? 3 : 0;
  std::vector<PendingString> pending;  // (kInternDelay + 1) groups of `expected` entries
  size_t pending_count[kInternDelay + 1] = {};
  size_t pending_newest = 0;  // group of the record being read
  void InternPending(size_t group);
  void AdvancePending();
  void FlushPending();
  std::vector<FieldRef> catchup_fields;
  RecordInfo catchup_info;
  std::string catchup_scratch;

  void Fail(Error e) {
    error = std::move(e);
    phase = Phase::kDone;
  }
  void Decode();
  void Sniff();
  bool Pass1(uint64_t budget);
  void Plan();
  bool Pass2(uint64_t budget);
  bool Finalize();
  DistinctCounter distinct_counter;  // its tables are reused for every column's statistics
  size_t finalize_next = 0;          // next column whose statistics Finalize computes
  void Reject(const RecordInfo& rec, int64_t line, std::string reason);
  // Quotes that RFC 4180 does not allow, read as Python's csv module reads them, and noted once
  // each (the first place and how many): text after a closing quote ("b"c -> bc, "B" , -> "B "),
  // and a quote inside an unquoted field (b"c -> b"c, looked for through kMaxQuoteChecks records
  // that hold a quote, so quoted-heavy files are not scanned twice).
  struct QuoteNote {
    size_t count = 0;
    int64_t line = 0;
    size_t column = 0;  // 1-based
    std::string raw, value;
  };
  QuoteNote quote_tail, quote_tail_spaces, quote_inside;
  static constexpr size_t kMaxQuoteChecks = 50000;
  size_t quote_checks = 0;
  uint64_t next_quote = 0;  // the next quote character at or after it, once looked for
  bool next_quote_known = false;
  void NoteQuoteTail(std::string_view text, const FieldRef& f, int64_t rec_line, size_t c, std::string_view value);
  void FindStrayQuote(std::string_view text, int64_t rec_line);
  size_t unterminated_rejects = 0;  // rejected records whose quote is never closed
  bool TooLong(uint64_t begin, uint64_t end, int64_t line);
  void EstimateRows();
  void ReserveKeyColumns();
  // Key columns: a string column whose first kKeyCheckRows values were all distinct (customer
  // ids, e-mail addresses) appends every further value as a new level at once, without a
  // dictionary lookup. With a million ids each lookup is a cache miss (in WebAssembly, which has no
  // prefetch, the column's lookups took about a tenth of the import); instead FinishNextKeyColumn finds
  // the duplicates, if any, after pass 1 in cache-sized partitions and folds them into their
  // first occurrence, so levels, codes and their order end up exactly as interning gives them.
  std::vector<uint8_t> key_mode;  // per column
  void AppendKey(size_t c, std::string_view v) {
    Column& col = ds.table.columns[c];
    col.codes.push_back(static_cast<uint32_t>(col.levels.size()));
    col.levels.emplace_back(v);
  }
  // Deduplicates the next key column (one per Step, so a slice stays short); false when none is left.
  bool FinishNextKeyColumn();
  void Respecialize(size_t c, size_t row);
  void StartStorage(size_t c, size_t row);
  void DropStorage(size_t c, bool release);
  void Store(size_t c, std::string_view v, bool missing);
};

void CsvImporter::State::ReadWorkbook(uint64_t budget) {
  if (!workbook->Step(budget)) return;
  Result<XlsxResult> sheet = workbook->Take();
  workbook.reset();
  bytes = std::string();
  if (!sheet.ok()) return Fail(sheet.error());
  XlsxResult& r = sheet.value();
  ds.workbook.is_workbook = true;
  ds.workbook.sheets = std::move(r.sheets);
  ds.workbook.sheet = r.sheet;
  ds.workbook.merged = std::move(r.merged);
  for (std::string& n : r.notes) ds.report.notes.push_back(std::move(n));
  bytes = std::move(r.text);
  phase = Phase::kDecode;
}
// [SECTION] Decode and sniff (header row, column names: csv_column_names.cpp)

void CsvImporter::State::Decode() {
  total = bytes.size();
  if (options.max_bytes && bytes.size() > options.max_bytes) {
    Fail(MakeError("import.too_large",
                   "The file is " + std::to_string(bytes.size() / (1 << 20)) + " MB, more than the " +
                       std::to_string(options.max_bytes / (1 << 20)) + " MB this browser can hold",
                   "Split the file, or use the command-line tool for files this large"));
    return;
  }
  if (bytes.empty()) {
    Fail(MakeError("import.empty", "The file is empty", "Choose a CSV file that contains a header and data rows"));
    return;
  }
  EncodingGuess guess = DetectEncoding(bytes);
  if (auto binary = DescribeBinary(bytes)) {
    Error e = MakeError("import.binary", "This is " + *binary + ", not a CSV text file",
                        "In Excel use File > Save As > \"CSV UTF-8 (comma delimited)\", then open that file");
    Fail(std::move(e));
    return;
  }
  Encoding enc = guess.encoding;
  size_t bom = guess.bom_length;
  ds.encoding.set_by_user = options.encoding.has_value();
  if (options.encoding) {
    enc = *options.encoding;
    // A BOM of the chosen encoding is still removed.
    if (!(enc == guess.encoding)) bom = 0;
  }
  ds.bom_length = bom;
  ds.encoding.value = enc;
  if (enc == Encoding::kUtf8 && bom == 0 && guess.encoding == Encoding::kUtf8 && guess.bom_length == 0) {
    // DetectEncoding only says UTF-8 without a BOM after validating every byte: take the bytes as
    // they are (no second validation, no copy).
    ds.text = std::move(bytes);
  } else {
    Result<std::string> text = DecodeToUtf8(std::move(bytes), enc, bom);
    if (!text.ok()) {
      bytes = std::string();
      Fail(text.error());
      return;
    }
    ds.text = std::move(text.value());
  }
  bytes = std::string();
  if (ds.workbook.is_workbook) ds.bom_length = 3;  // exports write the sheet back as UTF-8 with BOM
  if (enc == Encoding::kWindows1252 && !options.encoding) {
    ds.report.notes.push_back("The file is not valid UTF-8; read it as Windows-1252 (what Excel writes in Western Europe)");
  }
  // DOS programs end a text file with Ctrl-Z (0x1A): not data. The reader stops before it; the
  // byte stays in ds.text, so exports still end with it.
  text_end = ds.text.size();
  if (text_end > 0 && ds.text[text_end - 1] == '\x1A') {
    --text_end;
    ds.report.notes.push_back(Say(options.lang, "The file ends with Ctrl-Z (an old DOS end-of-file mark); ignored it",
                                  "Die Datei endet mit Strg+Z (einer alten DOS-Dateiende-Marke); ignoriert"));
  }
  if (Body().find_first_not_of(" \t\r\n") == std::string::npos) {
    Fail(MakeError("import.empty", "The file contains no data, only blank lines",
                   "Choose a CSV file that contains a header and data rows"));
    return;
  }
  phase = Phase::kSniff;
}

void CsvImporter::State::Sniff() {
  detail::SniffOutcome sniff = detail::SniffDialect(Body(), options);
  ds.dialect = sniff.dialect;
  ds.delimiter = {sniff.dialect.delimiter, options.delimiter.has_value()};
  ds.header = {sniff.dialect.header, options.header.has_value()};
  ds.missing_markers = options.missing_markers;
  for (auto& n : sniff.notes) ds.report.notes.push_back(std::move(n));
  ds.preamble_end = sniff.data_start;
  pos = sniff.data_start;
  line = sniff.start_line;

  // Header (or the first record, to learn the field count).
  RecordStatus st = detail::ParseRecord(Body(), pos, ds.dialect, fields, info);
  while (st == RecordStatus::kOk && info.blank) {
    line += info.newlines;
    pos = info.next;
    st = detail::ParseRecord(Body(), pos, ds.dialect, fields, info);
  }
  if (st == RecordStatus::kUnterminatedQuote) {
    Error e = MakeError("csv.unterminated_quote", "A quoted field in the first row is never closed",
                        "Check the quotes in the first line, or choose another delimiter");
    e.row = line;
    e.byte_offset = static_cast<int64_t>(info.error_offset);
    e.column = static_cast<int64_t>(fields.size() + 1);
    Fail(std::move(e));
    return;
  }
  if (st != RecordStatus::kOk) {
    Fail(MakeError("import.empty", "The file contains no rows", "Choose a CSV file with a header and data rows"));
    return;
  }
  ds.header_guess.line = line;
  ds.header_guess.unsure = sniff.header_unsure;
  ds.header_guess.evidence = sniff.header_evidence;
  ds.header_guess.title_lines = sniff.title_lines;
  if (sniff.header_unsure) {
    const std::string n = std::to_string(line);
    ds.report.notes.push_back(ds.dialect.header
        ? Say(options.lang, "Not sure whether line " + n + " is a header or a customer; read it as the header. If it is a customer, choose \"no header\" (--no-header)",
              "Nicht sicher, ob Zeile " + n + " eine Kopfzeile oder ein Kunde ist; als Kopfzeile gelesen. Falls es ein Kunde ist, wählen Sie „keine Kopfzeile“ (--no-header)")
        : Say(options.lang, "Not sure whether line " + n + " is a header or a customer; read it as a customer. If it is the header, choose \"header\" (--header)",
              "Nicht sicher, ob Zeile " + n + " eine Kopfzeile oder ein Kunde ist; als Kunde gelesen. Falls es die Kopfzeile ist, wählen Sie „Kopfzeile“ (--header)"));
  }
  size_t columns = fields.size();
  // Without a header the columns are the records' most common field count: a first record that is
  // shorter or longer is a rejected row like any other (never the table's shape).
  if (sniff.field_count > 0 && !ds.dialect.header) columns = sniff.field_count;
  if (columns > kMaxColumns) {
    Error e = MakeError("csv.too_many_columns",
                        "The first row has " + std::to_string(columns) + " columns; Segmenter reads at most " +
                            std::to_string(kMaxColumns),
                        "Check the delimiter, or remove columns you do not need");
    e.row = line;
    Fail(std::move(e));
    return;
  }
  std::vector<std::string> names(columns);
  if (ds.dialect.header) {
    if (TooLong(info.begin, info.end, line)) return;
    ds.header_span = RecordSpan::Make(info.begin, info.end, info.next);
    // Trailing empty header cells beyond the data's field count are dropped ("a;b;c;").
    size_t header_fields = fields.size();
    while (header_fields > 1 && sniff.field_count > 0 && header_fields > sniff.field_count &&
           fields[header_fields - 1].length == 0) {
      --header_fields;
    }
    names.resize(header_fields);
    columns = header_fields;
    for (size_t c = 0; c < header_fields; ++c) {
      names[c] = detail::ColumnNameFromCell(TrimValue(detail::FieldValue(ds.text, fields[c], ds.dialect.quote, scratch)), c,
                                            ds.report.notes);
    }
    if (scratch.capacity() > (size_t{1} << 20)) std::string().swap(scratch);
    line += info.newlines;
    pos = info.next;
  }
  detail::MakeColumnNamesUnique(names, ds.dialect.header, ds.report.notes);
  expected = names.size();
  ds.table.columns.resize(expected);
  for (size_t c = 0; c < expected; ++c) ds.table.columns[c].name = names[c];
  inference.resize(expected);
  specs.assign(expected, ColumnSpec{});
  dicts.clear();
  dicts.reserve(expected);
  key_mode.assign(expected, 0);
  for (size_t c = 0; c < expected; ++c) dicts.emplace_back(&ds.table.columns[c].levels);
  guess_decimal = options.decimal ? *options.decimal : (ds.dialect.delimiter == ';' ? ',' : '.');
  guess_day_first = guess_decimal == ',' || ds.dialect.delimiter == ';';
  pending.resize(expected * (kInternDelay + 1));
  EstimateRows();
  phase = Phase::kPass1;
}

// [SECTION] Key columns

// After kKeyCheckRows rows: string columns whose values were all distinct so far are probably
// keys; size their dictionaries for the whole file.
void CsvImporter::State::ReserveKeyColumns() {
  FlushPending();
  for (size_t c = 0; c < expected; ++c) {
    Column& col = ds.table.columns[c];
    if (specs[c].mode == Spec::kString && col.levels.size() == col.codes.size() && reserve_rows > col.codes.size()) {
      col.levels.reserve(reserve_rows - reserve_rows / 26);  // without the estimate's margin
      AdviseHugePages(col.levels);
      dicts[c].ReleaseSlots();
      key_mode[c] = 1;
    }
  }
}

// Folds the duplicates of the next key column into their first occurrence (see key_mode). The levels'
// hashes are partitioned by their top bits into buckets of about 4,096 (one sequential scatter),
// and each bucket is deduplicated with a small table that stays in cache; strings are compared
// only where 32 more bits of their hashes agree. A real key has no duplicates, and then nothing moves.
bool CsvImporter::State::FinishNextKeyColumn() {
  for (size_t c = 0; c < expected; ++c) {
    if (!key_mode[c]) continue;
    key_mode[c] = 0;
    Column& col = ds.table.columns[c];
    std::vector<std::string>& levels = col.levels;
    const size_t m = levels.size();
    int bits = 0;
    while ((m >> bits) > 4096) ++bits;
    const size_t buckets = size_t{1} << bits;
    auto bucket_of = [bits](uint64_t h) { return bits == 0 ? size_t{0} : static_cast<size_t>(h >> (64 - bits)); };
    // Counting sort by bucket, stable: within a bucket the levels stay in code order, so the first
    // occurrence of a value is always met first.
    // The hashes are computed twice (to count, then to scatter) rather than kept: cheaper than
    // 8 more bytes per level at the import's peak.
    std::vector<size_t> start(buckets + 1, 0);
    if (bits > 0) {
      for (size_t i = 0; i < m; ++i) ++start[bucket_of(StringDict::Hash(levels[i])) + 1];
    } else {
      start[1] = m;
    }
    for (size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
    // One word per level: the low 32 bits of its hash (the top bits chose the bucket) above its code.
    std::vector<uint64_t> part;
    part.reserve(m);
    AdviseHugePages(part);
    part.resize(m);
    {
      std::vector<size_t> next(start.begin(), start.end() - 1);
      for (size_t i = 0; i < m; ++i) {
        const uint64_t h = StringDict::Hash(levels[i]);
        part[next[bucket_of(h)]++] = (h << 32) | i;
      }
    }
    size_t largest = 0;
    for (size_t b = 0; b < buckets; ++b) largest = std::max(largest, start[b + 1] - start[b]);
    size_t cap = 16;
    while (cap < 2 * largest) cap <<= 1;
    constexpr uint32_t kFree = ~0u;
    std::vector<uint32_t> table(cap);
    std::vector<uint32_t> first;  // code -> code of its first occurrence; only once a duplicate is found
    for (size_t b = 0; b < buckets; ++b) {
      const size_t lo = start[b], hi = start[b + 1];
      if (hi - lo < 2) continue;
      size_t size = 16;
      while (size < 2 * (hi - lo)) size <<= 1;
      std::fill(table.begin(), table.begin() + static_cast<std::ptrdiff_t>(size), kFree);
      for (size_t p = lo; p < hi; ++p) {
        const uint32_t h = static_cast<uint32_t>(part[p] >> 32), code = static_cast<uint32_t>(part[p]);
        size_t i = h & (size - 1);
        for (; table[i] != kFree; i = (i + 1) & (size - 1)) {
          const uint64_t q = part[lo + table[i]];
          if (static_cast<uint32_t>(q >> 32) == h && levels[static_cast<uint32_t>(q)] == levels[code]) break;
        }
        if (table[i] == kFree) {
          table[i] = static_cast<uint32_t>(p - lo);
          continue;
        }
        if (first.empty()) {
          first.resize(m);
          for (size_t k = 0; k < m; ++k) first[k] = static_cast<uint32_t>(k);
        }
        first[code] = static_cast<uint32_t>(part[lo + table[i]]);
      }
    }
    if (first.empty()) return true;  // a real key: every level is its own first occurrence
    // Renumber the surviving levels in order and move them down; a duplicate takes the new code
    // of its first occurrence, which comes earlier and is therefore already renumbered.
    uint32_t kept = 0;
    for (size_t k = 0; k < m; ++k) {
      if (first[k] == k) {
        if (kept != k) levels[kept] = std::move(levels[k]);
        first[k] = kept++;
      } else {
        first[k] = first[first[k]];
      }
    }
    levels.resize(kept);
    for (uint32_t& code : col.codes) {
      if (code != Column::kMissingCode) code = first[code];
    }
    return true;
  }
  return false;
}

// [SECTION] Column storage

// Records left from `pos`, from the line length of the next 64 KiB (a little high rather than low:
// an untouched reserve costs address space, a short one a copy of the column).
void CsvImporter::State::EstimateRows() {
  const std::string_view text = ds.text;
  const size_t rest = text.size() - std::min<size_t>(pos, text.size());
  const size_t sample = std::min<size_t>(rest, 64 << 10);
  size_t lines = 0;
  for (size_t i = pos; i < pos + sample; ++i) lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'));
  if (sample == rest) {
    reserve_rows = lines + 1;
  } else {
    const double per_line = static_cast<double>(sample) / static_cast<double>(std::max<size_t>(lines, 1));
    reserve_rows = static_cast<size_t>(static_cast<double>(rest) / per_line * 1.04) + 64;
  }
  reserve_rows = std::min(reserve_rows, rest / 2 + 1);
  ds.records.reserve(reserve_rows);
  ds.record_rejected.reserve(reserve_rows);
  ds.row_record.reserve(reserve_rows);
  AdviseHugePages(ds.records);
  AdviseHugePages(ds.row_record);
}

void CsvImporter::State::StartStorage(size_t c, size_t row) {
  Column& col = ds.table.columns[c];
  if (specs[c].mode == Spec::kString) {
    col.codes.reserve(std::max(reserve_rows, row + 1));
    AdviseHugePages(col.codes);
    col.codes.assign(row, Column::kMissingCode);
  } else {
    col.values.reserve(std::max(reserve_rows, row + 1));
    col.values.assign(row, NAN);
  }
}

void CsvImporter::State::DropStorage(size_t c, bool release) {
  Column& col = ds.table.columns[c];
  dicts[c].Clear();
  key_mode[c] = 0;
  col.values.clear();
  col.codes.clear();
  if (release) {
    col.values.Release();
    std::vector<uint32_t>().swap(col.codes);
    std::vector<std::string>().swap(col.levels);
  }
}

SEG_IO_HOT void CsvImporter::State::Store(size_t c, std::string_view v, bool missing) {
  const ColumnSpec& sp = specs[c];
  Column& col = ds.table.columns[c];
  switch (sp.mode) {
    case Spec::kUndecided:
    case Spec::kNone:
      return;
    case Spec::kString:
      if (missing) {
        col.codes.push_back(Column::kMissingCode);
      } else if (key_mode[c]) {
        AppendKey(c, v);
      } else {
        FlushPending();  // keeps levels in order of first appearance
        col.codes.push_back(dicts[c].Intern(v));
      }
      return;
    case Spec::kNumber: {
      double x = NAN;
      if (!missing) {
        if (auto p = ParseNumber(v, NumberStyle{sp.decimal, sp.thousands, false})) x = *p;
      }
      col.values.push_back(x);
      return;
    }
    case Spec::kDate: {
      double x = NAN;
      if (!missing) {
        if (auto p = ParseDate(v, sp.date_format)) x = *p;
      }
      col.values.push_back(x);
      return;
    }
    case Spec::kBool:
      col.values.push_back(missing ? NAN : (ScanBool(v).value ? 1.0 : 0.0));
      return;
  }
}

// The plan implied by column c's values changed while reading data row `row` (not yet stored).
void CsvImporter::State::Respecialize(size_t c, size_t row) {
  FlushPending();
  ColumnSpec& sp = specs[c];
  if (sp.mode == Spec::kNone) return;
  const Column& col = ds.table.columns[c];
  ColumnSpec next = SpecFromPlan(detail::PlanColumn(inference[c], col.name, guess_decimal, guess_day_first, options.decimal),
                                 inference[c].present());
  if (SameSpec(sp, next)) return;
  if (sp.mode == Spec::kUndecided) {  // every earlier value was missing
    next.switches = sp.switches;
    sp = next;
    StartStorage(c, row);
    return;
  }
  if (row > kMaxCatchUpRows || sp.switches >= kMaxSwitches) {
    DropStorage(c, true);
    sp.mode = Spec::kNone;
    return;
  }
  DropStorage(c, false);
  next.switches = sp.switches + 1;
  sp = next;
  StartStorage(c, 0);
  const std::string_view text = ds.text;
  for (size_t r = 0; r < row; ++r) {
    const RecordSpan& span = ds.records[ds.row_record[r]];
    detail::ParseRecord(text, span.begin, ds.dialect, catchup_fields, catchup_info);
    std::string_view v = detail::FieldValue(text, catchup_fields[c], ds.dialect.quote, catchup_scratch);
    Store(c, v, IsMissingValue(v, options.missing_markers));
  }
}

// [SECTION] Pass 1 (records, inference, typed columns; deferred interning)

// RecordSpan holds a record's length in 32 bits: a longer record stops the import (natively only;
// a browser tab cannot hold such a file anyway).
bool CsvImporter::State::TooLong(uint64_t begin, uint64_t end, int64_t rec_line) {
  if (end - begin <= std::numeric_limits<uint32_t>::max()) return false;
  Error e = MakeError("csv.record_too_long",
                      "A row is " + std::to_string((end - begin) >> 20) + " MB long; Segmenter reads rows of up to 4 GB",
                      "Check the quotes in that row: a quote that is never closed can swallow the rest of the file");
  e.row = rec_line;
  e.byte_offset = static_cast<int64_t>(begin + ds.bom_length);
  Fail(std::move(e));
  return true;
}

void CsvImporter::State::Reject(const RecordInfo& rec, int64_t rec_line, std::string reason) {
  ds.records.push_back(RecordSpan::Make(rec.begin, rec.end, rec.next));
  ds.record_rejected.push_back(1);
  ++ds.report.rejected_total;
  if (ds.report.rejected.size() < kMaxReportedRows) {
    ds.report.rejected.push_back({rec_line, static_cast<int64_t>(rec.begin + ds.bom_length), std::move(reason)});
  }
}

void CsvImporter::State::NoteQuoteTail(std::string_view text, const FieldRef& f, int64_t rec_line, size_t c,
                                       std::string_view value) {
  const std::string_view raw = text.substr(f.begin, f.length);
  const size_t close = raw.find_last_of(ds.dialect.quote);
  const bool only_spaces = close != std::string_view::npos &&
                           raw.substr(close + 1).find_first_not_of(" \t") == std::string_view::npos;
  QuoteNote& n = only_spaces ? quote_tail_spaces : quote_tail;
  if (n.count++ == 0) {
    n.line = rec_line;
    n.column = c + 1;
    n.raw = TruncateUtf8(raw, 80);  // never cut inside a UTF-8 sequence: notes go into JSON
    n.value = TruncateUtf8(value, 80);
  }
}

void CsvImporter::State::FindStrayQuote(std::string_view text, int64_t rec_line) {
  const char quote = ds.dialect.quote;
  if (!next_quote_known || next_quote < info.begin) {
    const void* q = std::memchr(text.data() + info.begin, quote, text.size() - info.begin);
    next_quote = q ? static_cast<uint64_t>(static_cast<const char*>(q) - text.data()) : text.size();
    next_quote_known = true;
  }
  if (next_quote >= info.end) return;  // no quote in this record
  ++quote_checks;
  next_quote_known = false;  // look again from the next record on
  for (size_t c = 0; c < fields.size(); ++c) {
    const FieldRef& f = fields[c];
    if (f.quoted || f.length == 0) continue;
    if (!std::memchr(text.data() + f.begin, quote, f.length)) continue;
    if (quote_inside.count++ == 0) {
      quote_inside.line = rec_line;
      quote_inside.column = c + 1;
      quote_inside.raw = TruncateUtf8(text.substr(f.begin, f.length), 80);
    }
  }
}

bool CsvImporter::State::Pass1(uint64_t budget) {
  const uint64_t stop = pos + budget;
  const std::string_view text = Body();
  // The fast paths stand for Observe(value, {}): only without extra missing markers.
  const bool fast_observe = options.missing_markers.empty();
  while (pos < text.size() && pos < stop) {
    RecordStatus st = detail::ParseRecord(text, pos, ds.dialect, fields, info);
    if (st == RecordStatus::kEnd) break;
    if (st == RecordStatus::kUnterminatedQuote) {
      int64_t quote_line = line + std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                             text.begin() + static_cast<std::ptrdiff_t>(info.error_offset), '\n');
      if (options.bad_rows == BadRowPolicy::kStop) {
        Error e = MakeError("csv.unterminated_quote", "A quoted field is opened but never closed",
                            "Close the quote in that line, or choose \"skip bad rows\" to import the rest");
        e.row = quote_line;
        e.column = static_cast<int64_t>(fields.size() + 1);
        e.byte_offset = static_cast<int64_t>(info.error_offset + ds.bom_length);
        Fail(std::move(e));
        return true;
      }
      // Skip just the line with the open quote and carry on after it.
      uint64_t eol = text.find_first_of("\r\n", pos);
      RecordInfo bad;
      bad.begin = pos;
      bad.end = eol == std::string_view::npos ? text.size() : eol;
      bad.next = bad.end < text.size() ? (text[bad.end] == '\r' && bad.end + 1 < text.size() && text[bad.end + 1] == '\n' ? bad.end + 2 : bad.end + 1) : text.size();
      if (TooLong(bad.begin, bad.end, line)) return true;
      const std::string col = std::to_string(fields.size() + 1), byte = std::to_string(info.error_offset + ds.bom_length);
      Reject(bad, line, Say(options.lang, "a quote opened in column " + col + " (byte " + byte + ") is never closed",
                            "ein in Spalte " + col + " (Byte " + byte + ") geöffnetes Anführungszeichen wird nie geschlossen"));
      ++unterminated_rejects;
      line += 1;
      pos = bad.next;
      continue;
    }
    const int64_t rec_line = line;
    if (TooLong(info.begin, info.end, rec_line)) return true;
    line += info.newlines;
    pos = info.next;
    if (info.blank) {
      ++blank_lines;
      continue;
    }
    size_t count = fields.size();
    if (count > expected) {
      // Extra fields that are all empty (trailing delimiters) are harmless.
      bool extra_empty = true;
      for (size_t i = expected; i < count; ++i) extra_empty &= fields[i].length == 0;
      if (extra_empty) {
        ++trailing_trimmed;
        count = expected;
      }
    }
    if (count != expected) {
      std::string reason = std::to_string(fields.size()) + " fields, expected " + std::to_string(expected);
      if (options.bad_rows == BadRowPolicy::kStop) {
        Error e = MakeError("csv.field_count", "A row has " + reason,
                            "Fix that row, or choose \"skip bad rows\" to import the rest and list the skipped ones");
        e.row = rec_line;
        e.byte_offset = static_cast<int64_t>(info.begin + ds.bom_length);
        Fail(std::move(e));
        return true;
      }
      Reject(info, rec_line, reason);
      continue;
    }
    const size_t row = ds.row_record.size();
    const char quote = ds.dialect.quote;
    if (quote != 0 && quote_checks < kMaxQuoteChecks) FindStrayQuote(text, rec_line);
    // Strings of large dictionaries are interned a few records later (AdvancePending), so the
    // prefetched dictionary slots and levels have arrived by then.
    PendingString* const group = &pending[pending_newest * expected];
    size_t& npending = pending_count[pending_newest];
    for (size_t c = 0; c < expected; ++c) {
      const FieldRef& f = fields[c];
      // Not a conditional expression: FieldValue returns its view through memory in WebAssembly,
      // and sharing that slot would keep every cell's view in memory too (see SEG_IO_HOT).
      std::string_view v(text.data() + f.begin, f.length);
      if (f.escaped) [[unlikely]] {
        v = detail::FieldValue(text, f, quote, scratch);
        if (f.malformed) NoteQuoteTail(text, f, rec_line, c, v);
      }
      detail::ColumnInference& inf = inference[c];
      unsigned seen = detail::ColumnInference::kNotHandled;
      if (fast_observe) {
        // The common cells of a settled column, typed in one pass (ScanParse* + Observe*); anything else,
        // and any cell that changes what the column can be, takes the general path below.
        if (v.empty()) {
          inf.ObserveEmpty();
          Store(c, v, true);
          continue;
        }
        const ColumnSpec& sp = specs[c];
        Column& col = ds.table.columns[c];
        switch (sp.mode) {
          case Spec::kNumber: {
            NumberScan scan;
            double x;
            PlainDecimal dec;
            if (ScanParsePlainNumber(v, NumberStyle{sp.decimal, sp.thousands, false}, &scan, &x, &dec)) {
              seen = inf.ObservePlainNumber(v, scan);
              if (seen == 0) {
                col.values.PushDecimal(dec.mantissa, dec.decimals, x);
                continue;
              }
            }
            break;
          }
          case Spec::kBool:
            if (v.size() == 1 && (v[0] == '0' || v[0] == '1')) {
              NumberScan scan;
              scan.styles = kAllNumberStyles;
              seen = inf.ObservePlainNumber(v, scan);
              if (seen == 0) {
                col.values.push_back(v[0] == '1' ? 1.0 : 0.0);
                continue;
              }
            }
            break;
          case Spec::kDate: {
            uint32_t mask;
            double x;
            if (ScanParseTenCharDate(v, sp.date_format, &mask, &x)) {
              seen = inf.ObserveTenCharDate(v, mask);
              if (seen == 0) {
                col.values.push_back(x);
                continue;
              }
            }
            break;
          }
          case Spec::kString:
            seen = inf.ObserveText(v);
            break;
          default:
            break;
        }
      }
      if (seen == detail::ColumnInference::kNotHandled) seen = inf.Observe(v, options.missing_markers);
      if (seen & detail::kObservedChanged) Respecialize(c, row);
      if (specs[c].mode == Spec::kString && !(seen & detail::kObservedMissing) && key_mode[c]) {
        AppendKey(c, v);
        continue;
      }
      if (specs[c].mode == Spec::kString && !(seen & detail::kObservedMissing) && !f.escaped) {
        const uint64_t h = StringDict::Hash(v);
        StringDict& dict = dicts[c];
        std::vector<uint32_t>& codes = ds.table.columns[c].codes;
        // In cache, or nothing to prefetch with (WebAssembly): no point in waiting.
        if (!SEG_IO_PREFETCH || !dict.Large()) {
          codes.push_back(dict.Intern(v, h));
          continue;
        }
        dict.Prefetch(h);
        group[npending++] = {c, codes.size(), v, h, StringDict::kNoCode};
        codes.push_back(Column::kMissingCode);
        continue;
      }
      Store(c, v, seen & detail::kObservedMissing);
    }
    AdvancePending();
    if (row == kKeyCheckRows) ReserveKeyColumns();
    ds.row_record.push_back(static_cast<uint32_t>(ds.records.size()));
    ds.records.push_back(RecordSpan::Make(info.begin, info.end, info.next));
    ds.record_rejected.push_back(0);
  }
  FlushPending();
  return pos >= text.size();
}

void CsvImporter::State::InternPending(size_t g) {
  const PendingString* p = &pending[g * expected];
  for (size_t i = 0, n = pending_count[g]; i < n; ++i) {
    ds.table.columns[p[i].column].codes[p[i].index] = dicts[p[i].column].Intern(p[i].value, p[i].hash);
  }
  pending_count[g] = 0;
}

// After each accepted record: the cells of one record ago find their candidate level (their slot
// has arrived) and prefetch it, those of two records ago prefetch its characters, and those of
// kInternDelay records ago are interned.
void CsvImporter::State::AdvancePending() {
  constexpr size_t kGroups = kInternDelay + 1;
  if constexpr (kInternDelay >= 2) {
    const size_t g1 = (pending_newest + kGroups - 1) % kGroups;
    PendingString* p = &pending[g1 * expected];
    for (size_t i = 0, n = pending_count[g1]; i < n; ++i) {
      p[i].candidate = dicts[p[i].column].Candidate(p[i].hash);
      dicts[p[i].column].PrefetchLevel(p[i].candidate, false);
    }
  }
  if constexpr (kInternDelay >= 3) {
    const size_t g2 = (pending_newest + kGroups - 2) % kGroups;
    const PendingString* p = &pending[g2 * expected];
    for (size_t i = 0, n = pending_count[g2]; i < n; ++i) dicts[p[i].column].PrefetchLevel(p[i].candidate, true);
  }
  const size_t oldest = (pending_newest + 1) % kGroups;
  InternPending(oldest);
  pending_newest = oldest;
}

// Interns every waiting cell, oldest first: before anything reads codes or levels, or interns a
// value directly (levels are numbered in order of first appearance).
void CsvImporter::State::FlushPending() {
  constexpr size_t kGroups = kInternDelay + 1;
  for (size_t k = 1; k <= kGroups; ++k) {
    const size_t g = (pending_newest + k) % kGroups;
    if (pending_count[g] != 0) InternPending(g);
  }
}

// [SECTION] Plan and pass 2

void CsvImporter::State::Plan() {
  ds.table.rows = ds.row_record.size();
  ds.report.records = ds.records.size();
  const Lang lang = options.lang;
  if (blank_lines > 0)
    ds.report.notes.push_back(Say(lang, "Ignored " + std::to_string(blank_lines) + " blank line(s)",
                                  std::to_string(blank_lines) + " Leerzeile(n) ignoriert"));
  if (trailing_trimmed > 0)
    ds.report.notes.push_back(Say(lang, std::to_string(trailing_trimmed) + " row(s) end with extra empty fields (trailing delimiters); ignored them",
                                  std::to_string(trailing_trimmed) + " Zeile(n) enden mit zusätzlichen leeren Feldern (Trennzeichen am Zeilenende); ignoriert"));
  auto where = [&](const QuoteNote& n) {
    return Say(lang, "line " + std::to_string(n.line) + ", column " + std::to_string(n.column),
               "Zeile " + std::to_string(n.line) + ", Spalte " + std::to_string(n.column));
  };
  auto more = [&](const QuoteNote& n) {
    if (n.count < 2) return std::string();
    return Say(lang, " (" + std::to_string(n.count) + " such fields in all)", " (insgesamt " + std::to_string(n.count) + " solche Felder)");
  };
  if (quote_tail.count > 0)
    ds.report.notes.push_back(Say(lang, "Text after a closing quote in " + where(quote_tail) + ": " + quote_tail.raw + " was read as \"" +
                                            quote_tail.value + "\" (as Python's csv module reads it)" + more(quote_tail),
                                  "Text nach einem schließenden Anführungszeichen in " + where(quote_tail) + ": " + quote_tail.raw +
                                      " wurde als „" + quote_tail.value + "“ gelesen (wie Pythons csv-Modul es liest)" + more(quote_tail)));
  if (quote_tail_spaces.count > 0)
    ds.report.notes.push_back(Say(lang, "Spaces after a closing quote in " + where(quote_tail_spaces) + ": " + quote_tail_spaces.raw +
                                            " was read as \"" + quote_tail_spaces.value + "\" (spaces kept)" + more(quote_tail_spaces),
                                  "Leerzeichen nach einem schließenden Anführungszeichen in " + where(quote_tail_spaces) + ": " +
                                      quote_tail_spaces.raw + " wurde als „" + quote_tail_spaces.value + "“ gelesen (Leerzeichen behalten)" +
                                      more(quote_tail_spaces)));
  if (quote_inside.count > 0)
    ds.report.notes.push_back(Say(lang, "A quote inside an unquoted field in " + where(quote_inside) + ": " + quote_inside.raw +
                                            " was kept as written (as Python's csv module reads it)" + more(quote_inside),
                                  "Ein Anführungszeichen in einem Feld ohne Anführungszeichen in " + where(quote_inside) + ": " +
                                      quote_inside.raw + " wurde so behalten, wie es steht (wie Pythons csv-Modul es liest)" + more(quote_inside)));
  const char hint = options.decimal ? *options.decimal : (ds.dialect.delimiter == ';' ? ',' : '.');
  const char file_decimal = options.decimal ? *options.decimal : detail::DecideFileDecimal(inference, hint);
  ds.dialect.decimal = file_decimal;
  ds.decimal = {file_decimal, options.decimal.has_value()};
  const bool day_first = file_decimal == ',' || ds.dialect.delimiter == ';';
  plans.resize(expected);
  redo.clear();
  const size_t rows = ds.table.rows;
  for (size_t c = 0; c < expected; ++c) {
    Column& col = ds.table.columns[c];
    plans[c] = detail::PlanColumn(inference[c], col.name, file_decimal, day_first, options.decimal);
    col.type = plans[c].type;
    const ColumnSpec final_spec = SpecFromPlan(plans[c], inference[c].present());
    const ColumnSpec& sp = specs[c];
    if (sp.mode == Spec::kUndecided && final_spec.mode == Spec::kUndecided) {  // all missing
      col.codes.assign(rows, Column::kMissingCode);
      continue;
    }
    const size_t stored = sp.mode == Spec::kString ? col.codes.size() : col.values.size();
    if (sp.mode != Spec::kNone && SameSpec(sp, final_spec) && stored == rows) continue;
    DropStorage(c, true);
    if (col.IsNumericLike()) col.values.assign(rows, NAN);
    else col.codes.assign(rows, Column::kMissingCode);
    redo.push_back(c);
  }
  pass2_row = 0;
}

bool CsvImporter::State::Pass2(uint64_t budget) {
  const std::string_view text = ds.text;
  uint64_t done = 0;
  const size_t rows = ds.table.rows;
  if (redo.empty()) return true;
  while (pass2_row < rows && done < budget) {
    const RecordSpan& span = ds.records[ds.row_record[pass2_row]];
    detail::ParseRecord(text, span.begin, ds.dialect, fields, info);
    done += span.next() - span.begin;
    for (size_t c : redo) {
      std::string_view v = detail::FieldValue(text, fields[c], ds.dialect.quote, scratch);
      if (IsMissingValue(v, options.missing_markers)) continue;
      Column& col = ds.table.columns[c];
      const detail::ColumnPlan& plan = plans[c];
      switch (plan.type) {
        case ColumnType::kNumeric:
          if (auto x = ParseNumber(v, plan.number_style)) col.values.Set(pass2_row, *x);
          break;
        case ColumnType::kDate:
          if (auto x = ParseDate(v, plan.date_format)) col.values.Set(pass2_row, *x);
          break;
        case ColumnType::kBoolean:
          col.values.Set(pass2_row, ScanBool(v).value ? 1.0 : 0.0);
          break;
        default:
          col.codes[pass2_row] = dicts[c].Intern(v);
          break;
      }
    }
    ++pass2_row;
  }
  return pass2_row >= rows;
}

// [SECTION] Statistics

// One column's statistics per call (a million rows: a few milliseconds to a few tens), so the
// browser's import slices stay short; true once every column is done.
bool CsvImporter::State::Finalize() {
  Table& table = ds.table;
  if (finalize_next == 0) {
    // The dictionaries' hash slots (16 MB for a million-row key column) are done with.
    std::vector<StringDict>().swap(dicts);
  }
  if (finalize_next < table.columns.size()) {
    const size_t c = finalize_next++;
    Column& col = table.columns[c];
    const detail::ColumnInference& inf = inference[c];
    const detail::ColumnPlan& plan = plans[c];
    col.examples = inf.examples();
    if (col.IsNumericLike()) {
      // Excel serial dates: a numeric column named like a date with values in 1954..2119.
      if (col.type == ColumnType::kNumeric && detail::LooksLikeDateName(col.name) && col.unit.empty()) {
        bool serial = inf.present() > 0;
        for (double v : col.values) {
          if (!std::isnan(v) && (v < 20000 || v > 80000)) { serial = false; break; }
        }
        if (serial) {
          col.type = ColumnType::kDate;
          col.date_format = "excel-serial";
          for (size_t r = 0; r < col.values.size(); ++r) {
            const double v = col.values[r];
            if (!std::isnan(v)) col.values.Set(r, v - 25569.0);  // 1970-01-01 is serial 25569 (Excel's 1900 system)
          }
        }
      }
      const DistinctCounter::Summary sum = col.values.Visit([&](auto view) { return distinct_counter.Summarize(view); });
      const size_t present = col.values.size() - sum.missing;
      col.distinct = sum.distinct;
      col.missing = sum.missing;
      if (present > 0) {
        col.min = sum.lo;
        col.max = sum.hi;
        col.mean = sum.sum / static_cast<double>(present);
      }
      if (col.type == ColumnType::kNumeric) {
        col.number_style = plan.number_style;
        col.unit = inf.percent() ? "%" : inf.unit();
      } else if (col.type == ColumnType::kDate && col.date_format.empty()) {
        col.date_format = std::string(DateFormatName(plan.date_format));
      } else if (col.type == ColumnType::kBoolean) {
        col.bool_format = std::string(BoolPairName(plan.bool_pair));
      }
    } else {
      const size_t missing = static_cast<size_t>(std::count(col.codes.begin(), col.codes.end(), Column::kMissingCode));
      col.missing = missing;
      col.distinct = col.levels.size();
      const size_t present = table.rows - missing;
      if (present > 0 && col.distinct == present && present >= 2 && inf.mean_length() <= 64 &&
          (!inf.has_spaces() || detail::LooksLikeIdName(col.name))) {
        col.type = ColumnType::kIdentifier;
      } else if (present > 0 && (inf.mean_length() > 40 ||
                                 (inf.has_spaces() && col.distinct * 2 > present && col.distinct > 20))) {
        col.type = ColumnType::kText;
      } else if (present > 0) {
        col.type = ColumnType::kCategorical;
      } else {
        col.type = ColumnType::kText;  // all missing
      }
      const size_t top = std::min<size_t>(5, col.levels.size());
      if (col.distinct == present) {
        // Every level occurs once (keys): the most frequent are simply the first ones.
        for (size_t i = 0; i < top; ++i) col.top_values.emplace_back(col.levels[i], 1);
      } else {
        std::vector<size_t> counts(col.levels.size(), 0);
        for (uint32_t code : col.codes) {
          if (code != Column::kMissingCode) ++counts[code];
        }
        std::vector<uint32_t> order(col.levels.size());
        for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                          [&](uint32_t a, uint32_t b) { return counts[a] != counts[b] ? counts[a] > counts[b] : a < b; });
        for (size_t i = 0; i < top; ++i) col.top_values.emplace_back(col.levels[order[i]], counts[order[i]]);
      }
    }
    col.constant = col.distinct <= 1;
    if (finalize_next < table.columns.size()) return false;
  }
  distinct_counter.Release();  // its tables are kept from column to column, not beyond the last
  if (ds.report.rejected_total > 0) {
    ds.report.notes.push_back(std::to_string(ds.report.rejected_total) +
                              " row(s) did not match the header and were set aside (see the list); they stay in exports");
  }
  phase = Phase::kDone;
  return true;
}

// [SECTION] Public API (CsvImporter, ReadCsv, record access)

CsvImporter::CsvImporter(std::string bytes, ReadOptions options) : state_(std::make_unique<State>()) {
  state_->bytes = std::move(bytes);
  state_->options = std::move(options);
  state_->total = state_->bytes.size();
  State& s = *state_;
  if (LooksLikeContainer(s.bytes)) {
    // The CSV text of a sheet: the user's delimiter and decimal separator, else the locale's
    // (German Excel saves "1,5;2" and reads it back; English "1.5,2"), always UTF-8.
    s.user_options = s.options;
    XlsxOptions xo;
    xo.sheet = s.options.sheet;
    xo.lang = s.options.lang;
    xo.delimiter = s.options.delimiter.value_or(s.options.lang == Lang::kDe ? ';' : ',');
    if (xo.delimiter == '"' || xo.delimiter == '\r' || xo.delimiter == '\n' || xo.delimiter == ' ') xo.delimiter = ',';
    xo.decimal = s.options.decimal.value_or(xo.delimiter == ',' || s.options.lang != Lang::kDe ? '.' : ',');
    if (s.options.max_bytes) xo.max_text_bytes = s.options.max_bytes;
    s.options.encoding = Encoding::kUtf8;
    s.options.delimiter = xo.delimiter;
    s.options.decimal = xo.decimal;
    s.workbook.emplace(s.bytes, std::move(xo));
    s.phase = State::Phase::kWorkbook;
  }
}
CsvImporter::~CsvImporter() = default;
CsvImporter::CsvImporter(CsvImporter&&) noexcept = default;
CsvImporter& CsvImporter::operator=(CsvImporter&&) noexcept = default;

bool CsvImporter::Step(uint64_t byte_budget) {
  State& s = *state_;
  if (byte_budget == 0) byte_budget = 1;
  using Phase = State::Phase;
  switch (s.phase) {
    case Phase::kWorkbook:
      s.ReadWorkbook(byte_budget);
      return s.phase == Phase::kDone;
    case Phase::kDecode:
      s.Decode();
      return s.phase == Phase::kDone;
    case Phase::kSniff:
      s.Sniff();
      return s.phase == Phase::kDone;
    case Phase::kPass1:
      if (s.Pass1(byte_budget)) {
        if (s.phase == Phase::kDone) return true;
        if (s.ds.row_record.empty() && !s.ds.records.empty() && s.unterminated_rejects == s.ds.records.size()) {
          const Lang lang = s.options.lang;
          const bool one = s.ds.records.size() == 1;
          Error e = MakeError("csv.unterminated_quote",
                              one ? Say(lang, "The only data row has a quote that is never closed",
                                        "Die einzige Datenzeile enthält ein Anführungszeichen, das nie geschlossen wird")
                                  : Say(lang, "Every data row has a quote that is never closed",
                                        "Jede Datenzeile enthält ein Anführungszeichen, das nie geschlossen wird"),
                              Say(lang, "Close the quote in that line (a value in quotes ends with a second quote)",
                                  "Schließen Sie das Anführungszeichen in dieser Zeile (ein Wert in Anführungszeichen endet mit einem zweiten)"));
          e.row = s.ds.report.rejected.empty() ? -1 : s.ds.report.rejected[0].line;
          e.byte_offset = s.ds.report.rejected.empty() ? -1 : s.ds.report.rejected[0].byte_offset;
          s.Fail(std::move(e));
          return true;
        }
        if (s.ds.row_record.empty()) {
          Error e = s.ds.records.empty()
                        ? MakeError("import.no_rows", "The file has a header but no data rows",
                                    "Export the data again including its rows")
                        : MakeError("import.no_valid_rows",
                                    "None of the " + std::to_string(s.ds.records.size()) +
                                        " rows has the header's " + std::to_string(s.expected) + " fields",
                                    "Check the delimiter (detected " + DelimiterLabel(s.ds.dialect.delimiter) +
                                        ") and the header row");
          s.Fail(std::move(e));
          return true;
        }
        s.phase = Phase::kKeys;
      }
      return false;
    case Phase::kKeys:
      if (!s.FinishNextKeyColumn()) {
        s.Plan();
        s.phase = Phase::kPass2;
      }
      return false;
    case Phase::kPass2:
      if (s.Pass2(byte_budget)) s.phase = Phase::kFinalize;
      return false;
    case Phase::kFinalize:
      return s.Finalize();
    case Phase::kDone:
      return true;
  }
  return true;
}

ImportProgress CsvImporter::Progress() const {
  const State& s = *state_;
  ImportProgress p;
  p.bytes_total = s.total;
  using Phase = State::Phase;
  const double text_size = std::max<double>(1.0, static_cast<double>(s.ds.text.size()));
  switch (s.phase) {
    case Phase::kWorkbook: {
      const XlsxProgress w = s.workbook->Progress();
      p.phase = "workbook";
      p.fraction = 0.5 * static_cast<double>(w.done) / std::max<double>(1.0, static_cast<double>(w.total));
      p.fraction = std::min(p.fraction, 0.5);
      break;
    }
    case Phase::kDecode: p.phase = "decoding"; p.fraction = 0.0; break;
    case Phase::kSniff: p.phase = "sniffing"; p.fraction = 0.02; break;
    case Phase::kPass1:
      p.phase = "reading";
      p.fraction = 0.02 + 0.48 * static_cast<double>(s.pos) / text_size;
      break;
    case Phase::kKeys:  // the end of reading: key columns' duplicates, one column per step
      p.phase = "reading";
      p.fraction = 0.5;
      break;
    case Phase::kPass2:
      p.phase = "typing";
      p.fraction = 0.5 + 0.48 * static_cast<double>(s.pass2_row) / std::max<double>(1.0, static_cast<double>(s.ds.table.rows));
      break;
    case Phase::kFinalize:
      p.phase = "statistics";
      p.fraction = 0.98 + 0.02 * static_cast<double>(s.finalize_next) /
                              std::max<double>(1.0, static_cast<double>(s.ds.table.columns.size()));
      break;
    case Phase::kDone: p.phase = "done"; p.fraction = 1.0; break;
  }
  // A workbook's sheet was read in the first half; the CSV phases take the second.
  if (s.ds.workbook.is_workbook && s.phase != Phase::kDone) p.fraction = 0.5 + 0.5 * p.fraction;
  p.bytes_done = static_cast<uint64_t>(p.fraction * static_cast<double>(s.total));
  return p;
}

Result<Dataset> CsvImporter::Take() {
  State& s = *state_;
  while (s.phase != State::Phase::kDone) Step(uint64_t{1} << 62);
  if (s.error) return *s.error;
  if (s.taken) return MakeError("import.taken", "The import result was already taken");
  s.taken = true;
  if (s.ds.workbook.is_workbook) {
    s.ds.encoding.set_by_user = s.user_options.encoding.has_value();
    s.ds.delimiter.set_by_user = s.user_options.delimiter.has_value();
    s.ds.decimal.set_by_user = s.user_options.decimal.has_value();
  }
  return std::move(s.ds);
}

Result<Dataset> ReadCsv(std::string bytes, const ReadOptions& options) {
  CsvImporter importer(std::move(bytes), options);
  return importer.Take();
}

std::vector<std::string> SplitRecord(std::string_view content, const CsvDialect& dialect) {
  std::vector<FieldRef> fields;
  RecordInfo info;
  std::string scratch;
  std::vector<std::string> out;
  if (detail::ParseRecord(content, 0, dialect, fields, info) == RecordStatus::kEnd) return out;
  out.reserve(fields.size());
  for (const auto& f : fields) out.emplace_back(detail::FieldValue(content, f, dialect.quote, scratch));
  return out;
}

std::vector<std::string> Dataset::RecordFields(size_t record) const {
  if (record >= records.size()) return {};
  const RecordSpan& span = records[record];
  std::string_view content(text.data() + span.begin, span.length);
  if (record_rejected[record]) {
    // A rejected record may hold an unterminated quote: split it without quote handling then.
    std::vector<FieldRef> fields;
    RecordInfo info;
    if (detail::ParseRecord(content, 0, dialect, fields, info) == RecordStatus::kUnterminatedQuote) {
      CsvDialect plain = dialect;
      plain.quote = 0;
      return SplitRecord(content, plain);
    }
  }
  return SplitRecord(content, dialect);
}

std::vector<std::string> Dataset::RowFields(size_t row) const {
  if (row >= row_record.size()) return {};
  std::vector<std::string> f = RecordFields(row_record[row]);
  f.resize(table.columns.size());  // trailing empty fields beyond the header are not data
  return f;
}

}  // namespace seg::io
