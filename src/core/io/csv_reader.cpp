// The import driver: decode -> sniff -> pass 1 (records, field counts, type inference) -> plan
// column types -> pass 2 (typed columns) -> statistics. Both passes are sliced so a UI can call
// Step() once per frame; the decoded text is kept so exports can reproduce every field.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "csv_tokenizer.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/value_parse.hpp"
#include "type_infer.hpp"

namespace seg::io {
namespace {

using detail::FieldRef;
using detail::RecordInfo;
using detail::RecordStatus;

constexpr size_t kMaxReportedRows = 100;
constexpr size_t kMaxColumns = 20000;

// Dictionary of distinct strings -> dense codes (open addressing; keys live in `levels`). Each slot
// keeps 32 bits of the hash next to the code, so a probe rarely touches the string itself: with a
// million distinct ids that is the difference between one cache miss per cell and three.
class StringDict {
 public:
  explicit StringDict(std::vector<std::string>* levels) : levels_(levels) { slots_.assign(64, kEmpty); }
  uint32_t Intern(std::string_view s) {
    if ((levels_->size() + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = Hash(s);
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    const size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(h) & mask;
    while (slots_[i] != kEmpty) {
      if (static_cast<uint32_t>(slots_[i] >> 32) == tag) {
        uint32_t code = static_cast<uint32_t>(slots_[i]);
        if ((*levels_)[code] == s) return code;
      }
      i = (i + 1) & mask;
    }
    uint32_t code = static_cast<uint32_t>(levels_->size());
    levels_->emplace_back(s);
    slots_[i] = (static_cast<uint64_t>(tag) << 32) | code;
    return code;
  }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static uint64_t Hash(std::string_view s) {
    // 8 bytes at a time, multiply-xorshift mixing (not cryptographic; keys are the user's own data).
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h;
  }
  void Grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.size() * 2, kEmpty);
    const size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
      if (slot == kEmpty) continue;
      size_t i = static_cast<size_t>(Hash((*levels_)[static_cast<uint32_t>(slot)])) & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  std::vector<std::string>* levels_;
  std::vector<uint64_t> slots_;
};

// Exact number of distinct values (open-addressing set of the bit patterns; -0.0 folded to 0.0).
size_t CountDistinct(const std::vector<double>& values) {
  if (values.empty()) return 0;
  size_t cap = 16;
  int shift = 60;
  while (cap < values.size() * 2) { cap <<= 1; --shift; }
  std::vector<uint64_t> slots(cap, 0);
  std::vector<uint8_t> used(cap, 0);
  size_t distinct = 0;
  for (double v : values) {
    if (v == 0.0) v = 0.0;
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    // Fibonacci hashing: the top bits of the product (integers have many zero low bits).
    size_t i = static_cast<size_t>((bits * 0x9E3779B97F4A7C15ull) >> shift);
    while (used[i] && slots[i] != bits) i = (i + 1) & (cap - 1);
    if (!used[i]) {
      used[i] = 1;
      slots[i] = bits;
      ++distinct;
    }
  }
  return distinct;
}

std::string DelimiterLabel(char d) {
  switch (d) {
    case ',': return "','";
    case ';': return "';'";
    case '\t': return "tab";
    case '|': return "'|'";
    case ' ': return "whitespace";
    default: return std::string("'") + d + "'";
  }
}

}  // namespace

struct CsvImporter::State {
  enum class Phase { kDecode, kSniff, kPass1, kPass2, kFinalize, kDone };
  Phase phase = Phase::kDecode;
  std::string bytes;
  ReadOptions options;
  Dataset ds;
  std::optional<Error> error;
  bool taken = false;

  uint64_t total = 0;
  uint64_t pos = 0;
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

  void Fail(Error e) {
    error = std::move(e);
    phase = Phase::kDone;
  }
  void Decode();
  void Sniff();
  bool Pass1(uint64_t budget);
  void Plan();
  bool Pass2(uint64_t budget);
  void Finalize();
  void Reject(const RecordInfo& rec, int64_t line, std::string reason);
};

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
  Result<std::string> text = DecodeToUtf8(std::move(bytes), enc, bom);
  bytes = std::string();
  if (!text.ok()) {
    Fail(text.error());
    return;
  }
  ds.text = std::move(text.value());
  if (enc == Encoding::kWindows1252 && !options.encoding) {
    ds.report.notes.push_back("The file is not valid UTF-8; read it as Windows-1252 (what Excel writes in Western Europe)");
  }
  if (ds.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    Fail(MakeError("import.empty", "The file contains no data, only blank lines",
                   "Choose a CSV file that contains a header and data rows"));
    return;
  }
  phase = Phase::kSniff;
}

void CsvImporter::State::Sniff() {
  detail::SniffOutcome sniff = detail::SniffDialect(ds.text, options);
  ds.dialect = sniff.dialect;
  ds.delimiter = {sniff.dialect.delimiter, options.delimiter.has_value()};
  ds.header = {sniff.dialect.header, options.header.has_value()};
  ds.missing_markers = options.missing_markers;
  for (auto& n : sniff.notes) ds.report.notes.push_back(std::move(n));
  ds.preamble_end = sniff.data_start;
  pos = sniff.data_start;
  line = sniff.start_line;

  // Header (or the first record, to learn the field count).
  RecordStatus st = detail::ParseRecord(ds.text, pos, ds.dialect, fields, info);
  while (st == RecordStatus::kOk && info.blank) {
    line += info.newlines;
    pos = info.next;
    st = detail::ParseRecord(ds.text, pos, ds.dialect, fields, info);
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
  size_t columns = fields.size();
  if (sniff.field_count > 0 && !ds.dialect.header) columns = std::max(columns, sniff.field_count);
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
    ds.header_span = {info.begin, info.end, info.next, line};
    // Trailing empty header cells beyond the data's field count are dropped ("a;b;c;").
    size_t header_fields = fields.size();
    while (header_fields > 1 && sniff.field_count > 0 && header_fields > sniff.field_count &&
           fields[header_fields - 1].length == 0) {
      --header_fields;
    }
    names.resize(header_fields);
    columns = header_fields;
    for (size_t c = 0; c < header_fields; ++c) {
      std::string_view v = detail::FieldValue(ds.text, fields[c], ds.dialect.quote, scratch);
      names[c] = std::string(TrimValue(v));
    }
    line += info.newlines;
    pos = info.next;
  }
  // Empty and duplicate names get unique ones, and the report says so.
  for (size_t c = 0; c < names.size(); ++c) {
    if (names[c].empty()) {
      names[c] = "column_" + std::to_string(c + 1);
      if (ds.dialect.header)
        ds.report.notes.push_back("Column " + std::to_string(c + 1) + " has no name; called it \"" + names[c] + "\"");
    }
  }
  for (size_t c = 0; c < names.size(); ++c) {
    for (size_t prev = 0; prev < c; ++prev) {
      if (names[prev] != names[c]) continue;
      std::string base = names[c];
      for (int k = 2;; ++k) {
        std::string candidate = base + "_" + std::to_string(k);
        if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return n == candidate; })) {
          names[c] = candidate;
          break;
        }
      }
      ds.report.notes.push_back("Column " + std::to_string(c + 1) + " repeats the name \"" + base +
                                "\"; renamed it \"" + names[c] + "\"");
      break;
    }
  }
  expected = names.size();
  ds.table.columns.resize(expected);
  for (size_t c = 0; c < expected; ++c) ds.table.columns[c].name = names[c];
  inference.resize(expected);
  phase = Phase::kPass1;
}

void CsvImporter::State::Reject(const RecordInfo& rec, int64_t rec_line, std::string reason) {
  ds.records.push_back({rec.begin, rec.end, rec.next, rec_line});
  ds.record_rejected.push_back(1);
  ++ds.report.rejected_total;
  if (ds.report.rejected.size() < kMaxReportedRows) {
    ds.report.rejected.push_back({rec_line, static_cast<int64_t>(rec.begin + ds.bom_length), std::move(reason)});
  }
}

bool CsvImporter::State::Pass1(uint64_t budget) {
  const uint64_t stop = pos + budget;
  const std::string_view text = ds.text;
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
      Reject(bad, line, "a quote opened in column " + std::to_string(fields.size() + 1) + " (byte " +
                            std::to_string(info.error_offset + ds.bom_length) + ") is never closed");
      line += 1;
      pos = bad.next;
      continue;
    }
    const int64_t rec_line = line;
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
    for (size_t c = 0; c < expected; ++c) {
      inference[c].Observe(detail::FieldValue(text, fields[c], ds.dialect.quote, scratch), options.missing_markers);
    }
    ds.row_record.push_back(static_cast<uint32_t>(ds.records.size()));
    ds.records.push_back({info.begin, info.end, info.next, rec_line});
    ds.record_rejected.push_back(0);
  }
  return pos >= text.size();
}

void CsvImporter::State::Plan() {
  ds.table.rows = ds.row_record.size();
  ds.report.records = ds.records.size();
  if (blank_lines > 0) ds.report.notes.push_back("Ignored " + std::to_string(blank_lines) + " blank line(s)");
  if (trailing_trimmed > 0)
    ds.report.notes.push_back(std::to_string(trailing_trimmed) + " row(s) end with extra empty fields (trailing delimiters); ignored them");
  const char hint = options.decimal ? *options.decimal : (ds.dialect.delimiter == ';' ? ',' : '.');
  const char file_decimal = options.decimal ? *options.decimal : detail::DecideFileDecimal(inference, hint);
  ds.dialect.decimal = file_decimal;
  ds.decimal = {file_decimal, options.decimal.has_value()};
  const bool day_first = file_decimal == ',' || ds.dialect.delimiter == ';';
  plans.resize(expected);
  dicts.clear();
  dicts.reserve(expected);
  for (size_t c = 0; c < expected; ++c) {
    Column& col = ds.table.columns[c];
    plans[c] = detail::PlanColumn(inference[c], col.name, file_decimal, day_first, options.decimal);
    col.type = plans[c].type;
    if (col.IsNumericLike()) col.values.assign(ds.table.rows, NAN);
    else col.codes.assign(ds.table.rows, Column::kMissingCode);
    dicts.emplace_back(&col.levels);
  }
  pass2_row = 0;
}

bool CsvImporter::State::Pass2(uint64_t budget) {
  const std::string_view text = ds.text;
  uint64_t done = 0;
  const size_t rows = ds.table.rows;
  while (pass2_row < rows && done < budget) {
    const RecordSpan& span = ds.records[ds.row_record[pass2_row]];
    detail::ParseRecord(text, span.begin, ds.dialect, fields, info);
    done += span.next - span.begin;
    for (size_t c = 0; c < expected; ++c) {
      std::string_view v = detail::FieldValue(text, fields[c], ds.dialect.quote, scratch);
      if (IsMissingValue(v, options.missing_markers)) continue;
      Column& col = ds.table.columns[c];
      const detail::ColumnPlan& plan = plans[c];
      switch (plan.type) {
        case ColumnType::kNumeric:
          if (auto x = ParseNumber(v, plan.number_style)) col.values[pass2_row] = *x;
          break;
        case ColumnType::kDate:
          if (auto x = ParseDate(v, plan.date_format)) col.values[pass2_row] = *x;
          break;
        case ColumnType::kBoolean:
          col.values[pass2_row] = ScanBool(v).value ? 1.0 : 0.0;
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

void CsvImporter::State::Finalize() {
  Table& table = ds.table;
  for (size_t c = 0; c < table.columns.size(); ++c) {
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
          for (double& v : col.values) {
            if (!std::isnan(v)) v -= 25569.0;  // 1970-01-01 is serial 25569 (Excel's 1900 system)
          }
        }
      }
      size_t missing = 0;
      double lo = INFINITY, hi = -INFINITY, sum = 0;
      std::vector<double> sorted;
      sorted.reserve(col.values.size());
      for (double v : col.values) {
        if (std::isnan(v)) { ++missing; continue; }
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        sum += v;
        sorted.push_back(v);
      }
      col.distinct = CountDistinct(sorted);
      col.missing = missing;
      if (!sorted.empty()) {
        col.min = lo;
        col.max = hi;
        col.mean = sum / static_cast<double>(sorted.size());
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
      size_t missing = 0;
      std::vector<size_t> counts(col.levels.size(), 0);
      for (uint32_t code : col.codes) {
        if (code == Column::kMissingCode) ++missing;
        else ++counts[code];
      }
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
      std::vector<uint32_t> order(col.levels.size());
      for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
      const size_t top = std::min<size_t>(5, order.size());
      std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                        [&](uint32_t a, uint32_t b) { return counts[a] != counts[b] ? counts[a] > counts[b] : a < b; });
      for (size_t i = 0; i < top; ++i) col.top_values.emplace_back(col.levels[order[i]], counts[order[i]]);
    }
    col.constant = col.distinct <= 1;
  }
  if (ds.report.rejected_total > 0) {
    ds.report.notes.push_back(std::to_string(ds.report.rejected_total) +
                              " row(s) did not match the header and were set aside (see the list); they stay in exports");
  }
  phase = Phase::kDone;
}

CsvImporter::CsvImporter(std::string bytes, ReadOptions options) : state_(std::make_unique<State>()) {
  state_->bytes = std::move(bytes);
  state_->options = std::move(options);
  state_->total = state_->bytes.size();
}
CsvImporter::~CsvImporter() = default;
CsvImporter::CsvImporter(CsvImporter&&) noexcept = default;
CsvImporter& CsvImporter::operator=(CsvImporter&&) noexcept = default;

bool CsvImporter::Step(uint64_t byte_budget) {
  State& s = *state_;
  if (byte_budget == 0) byte_budget = 1;
  using Phase = State::Phase;
  switch (s.phase) {
    case Phase::kDecode:
      s.Decode();
      return s.phase == Phase::kDone;
    case Phase::kSniff:
      s.Sniff();
      return s.phase == Phase::kDone;
    case Phase::kPass1:
      if (s.Pass1(byte_budget)) {
        if (s.phase == Phase::kDone) return true;
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
        s.Plan();
        s.phase = Phase::kPass2;
      }
      return false;
    case Phase::kPass2:
      if (s.Pass2(byte_budget)) s.phase = Phase::kFinalize;
      return false;
    case Phase::kFinalize:
      s.Finalize();
      return true;
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
    case Phase::kDecode: p.phase = "decoding"; p.fraction = 0.0; break;
    case Phase::kSniff: p.phase = "sniffing"; p.fraction = 0.02; break;
    case Phase::kPass1:
      p.phase = "reading";
      p.fraction = 0.02 + 0.48 * static_cast<double>(s.pos) / text_size;
      break;
    case Phase::kPass2:
      p.phase = "typing";
      p.fraction = 0.5 + 0.48 * static_cast<double>(s.pass2_row) / std::max<double>(1.0, static_cast<double>(s.ds.table.rows));
      break;
    case Phase::kFinalize: p.phase = "statistics"; p.fraction = 0.98; break;
    case Phase::kDone: p.phase = "done"; p.fraction = 1.0; break;
  }
  p.bytes_done = static_cast<uint64_t>(p.fraction * static_cast<double>(s.total));
  return p;
}

Result<Dataset> CsvImporter::Take() {
  State& s = *state_;
  while (s.phase != State::Phase::kDone) Step(uint64_t{1} << 62);
  if (s.error) return *s.error;
  if (s.taken) return MakeError("import.taken", "The import result was already taken");
  s.taken = true;
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
  std::string_view content(text.data() + span.begin, span.end - span.begin);
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
