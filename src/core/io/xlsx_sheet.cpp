// The workbook reader's driver: open the container, read shared strings, then stream the chosen
// sheet's rows into CSV text in bounded steps (see seg/io/xlsx_reader.hpp for the contract).
//
// Index of this file
//   [SECTION] Cell values as text: numbers, dates (1900 and 1904 systems)
//   [SECTION] XlsxReader::State: phases
//   [SECTION] Rows -> CSV records, padding, merged cells
//   [SECTION] Public entry points
#include <fast_float/fast_float.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

#include "seg/io/csv_writer.hpp"
#include "seg/io/value_parse.hpp"
#include "seg/io/xlsx_reader.hpp"
#include "xlsx_parts.hpp"

namespace seg::io {
namespace {

using detail::NumberShow;
using detail::Say;

// ---------------------------------------------------------------------------------------------
// [SECTION] Cell values as text: numbers, dates (1900 and 1904 systems)
// ---------------------------------------------------------------------------------------------

// The shortest "%.{15,16,17}g" text that reads back as exactly `v` (17 significant digits always
// do: IEEE 754-2008, 5.12.2), with `decimal` as the decimal separator.
std::string NumberText(double v, char decimal) {
  char buf[40];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    double back = 0;
    const char* end = buf + std::strlen(buf);
    auto r = fast_float::from_chars(buf, end, back);
    if (r.ec == std::errc() && back == v) break;
  }
  std::string s = buf;
  if (decimal != '.')
    for (char& c : s) c = c == '.' ? decimal : c;
  return s;
}

// Serial day number -> text as the format shows it; empty for a value Excel cannot show as a date
// (negative, or the 1900 system's nonexistent 1900-02-29, serial 60: Lotus 1-2-3's leap-year bug
// that Excel keeps, ECMA-376 Part 1, 18.17.4.1). `*fake_leap_day` is set for the latter.
std::string SerialText(double serial, bool date1904, NumberShow show, bool* fake_leap_day) {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return {};  // beyond 9999-12-31
  int64_t day = static_cast<int64_t>(std::floor(serial));
  int64_t seconds = std::llround((serial - static_cast<double>(day)) * 86400.0);
  if (seconds >= 86400) { ++day; seconds -= 86400; }
  const bool time_only = show == NumberShow::kTime && serial < 1;
  int64_t unix_days = 0;
  if (date1904) {
    unix_days = day - 24107;  // serial 0 = 1904-01-01
  } else {
    if (day == 60 && !time_only) { *fake_leap_day = true; return {}; }
    unix_days = day < 60 ? day - 25568 : day - 25569;  // serial 1 = 1900-01-01, 61 = 1900-03-01
  }
  char buf[64];
  int64_t y = 0;  // CivilFromDays: Hinnant's civil_from_days (value_parse.hpp)
  unsigned m = 0, d = 0;
  CivilFromDays(unix_days, &y, &m, &d);
  const int hh = static_cast<int>(seconds / 3600), mi = static_cast<int>(seconds / 60 % 60), ss = static_cast<int>(seconds % 60);
  if (time_only) {
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", hh, mi, ss);
  } else if (show == NumberShow::kDate && seconds == 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02d:%02d:%02d", static_cast<long long>(y), m, d, hh, mi, ss);
  }
  return buf;
}

// ISO 8601 text of a t="d" cell ("2024-03-15T13:45:00Z") as the other dates are written.
std::string IsoCellText(std::string_view v) {
  std::string s(v.substr(0, 19));
  for (char& c : s) c = c == 'T' ? ' ' : c;
  if (s.size() == 19 && s.substr(10) == " 00:00:00") s.resize(10);
  return s;
}

}  // namespace

// 1 "Kunden", 2 "Notizen", ...
std::string detail::SheetList(const std::vector<SheetInfo>& sheets) {
  std::string list;
  for (size_t i = 0; i < sheets.size(); ++i) list += (i ? ", " : "") + std::to_string(i + 1) + " \"" + sheets[i].name + "\"";
  return list;
}

namespace {
using detail::SheetList;

// "AB12" -> column 27 (0-based), row 12; false where there is no reference.
bool ParseRef(std::string_view ref, uint32_t* col, uint32_t* row) {
  size_t i = 0;
  uint32_t c = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && c <= 16384) c = c * 26 + static_cast<uint32_t>(ref[i++] - 'A' + 1);
  if (c == 0 || c > 16384) return false;
  uint32_t r = 0;
  auto res = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  *col = c - 1;
  *row = res.ec == std::errc() ? r : 0;
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] XlsxReader::State: phases
// ---------------------------------------------------------------------------------------------

struct XlsxReader::State {
  enum class Phase { kOpen, kStrings, kSheet, kFinish, kDone };
  Phase phase = Phase::kOpen;
  std::string_view bytes;
  XlsxOptions options;
  detail::InflateLimits limits;
  std::optional<Error> error;
  XlsxResult result;
  detail::ZipArchive zip;
  detail::WorkbookParts parts;
  std::vector<NumberShow> styles;
  std::vector<std::string> strings;
  detail::ElementChunks chunks;
  uint64_t done_before = 0;  // inflated bytes of finished parts
  uint64_t total = 0;

  // Sheet rows already written: where each record's content starts and ends, and how many fields
  // it holds before padding (0 for an empty row, written as a blank line).
  struct RowSpan {
    uint64_t begin;
    uint32_t length;
    uint32_t fields;
  };
  std::vector<RowSpan> rows;
  uint32_t next_row = 1;  // sheet row number the next record stands for
  size_t errors = 0, fake_leap_days = 0, bad_strings = 0;
  std::vector<std::string> cells;  // of the current row, by column

  void Fail(Error e) {
    error = std::move(e);
    phase = Phase::kDone;
  }
  void Open();
  Status StartPart(const std::string& path, const char* element);
  Status Row(const pugi::xml_node& row);
  std::string CellText(const pugi::xml_node& c);
  void Finish();
};

void XlsxReader::State::Open() {
  limits = {options.max_entry_bytes, options.max_ratio};
  const Lang lang = options.lang;
  const ContainerKind kind = IdentifyContainer(bytes);
  if (kind == ContainerKind::kCorruptZip) {
    auto z = detail::OpenZip(bytes, lang);
    return Fail(z.ok() ? detail::ContainerError(kind, lang) : z.error());
  }
  if (kind != ContainerKind::kXlsx) return Fail(detail::ContainerError(kind, lang));
  auto z = detail::OpenZip(bytes, lang);
  if (!z.ok()) return Fail(z.error());
  zip = std::move(z.value());
  auto p = detail::ReadWorkbookParts(zip, limits, lang);
  if (!p.ok()) return Fail(p.error());
  parts = std::move(p.value());
  result.sheets = parts.sheets;
  result.date1904 = parts.date1904;
  auto chosen = detail::ChooseSheet(parts, options.sheet, lang);
  if (!chosen.ok()) return Fail(chosen.error());
  result.sheet = chosen.value();
  auto st = detail::ReadStyles(zip, parts.styles_path, limits, lang);
  if (!st.ok()) return Fail(st.error());
  styles = std::move(st.value());
  for (const std::string& path : {parts.shared_strings_path, parts.sheet_paths[result.sheet]})
    if (const detail::ZipEntry* e = path.empty() ? nullptr : zip.Find(path)) total += e->uncompressed;
  if (!parts.shared_strings_path.empty() && zip.Find(parts.shared_strings_path)) {
    if (Status s = StartPart(parts.shared_strings_path, "si"); !s.ok()) return Fail(s.error());
    phase = Phase::kStrings;
  } else {
    if (Status s = StartPart(parts.sheet_paths[result.sheet], "row"); !s.ok()) return Fail(s.error());
    phase = Phase::kSheet;
  }
}

Status XlsxReader::State::StartPart(const std::string& path, const char* element) {
  const detail::ZipEntry* e = zip.Find(path);
  if (!e)
    return MakeError("xlsx.missing_part", Say(options.lang, "The workbook is damaged: " + path + " is missing",
                                               "Die Arbeitsmappe ist beschädigt: " + path + " fehlt"));
  done_before += chunks.produced();
  chunks = detail::ElementChunks();
  return chunks.Open(zip, *e, element, limits, options.lang);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Rows -> CSV records, padding, merged cells
// ---------------------------------------------------------------------------------------------

std::string XlsxReader::State::CellText(const pugi::xml_node& c) {
  std::string_view type = c.attribute("t").as_string();
  pugi::xml_node v = detail::Child(c, "v");
  std::string_view value = v ? v.text().get() : "";
  if (type == "s") {
    size_t index = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), index);
    if (r.ec != std::errc() || index >= strings.size()) { ++bad_strings; return {}; }
    return strings[index];
  }
  if (type == "inlineStr") {
    pugi::xml_node is = detail::Child(c, "is");
    return is ? detail::StringItemText(is) : std::string();
  }
  if (type == "str") return detail::UnescapeXstring(value);
  if (type == "b") return value == "1" ? "TRUE" : value.empty() ? "" : "FALSE";
  if (type == "e") { ++errors; return {}; }
  if (type == "d") return IsoCellText(value);
  if (value.empty()) return {};
  double number = 0;
  auto r = fast_float::from_chars(value.data(), value.data() + value.size(), number);
  if (r.ec != std::errc()) return std::string(value);
  const size_t style = static_cast<size_t>(c.attribute("s").as_uint(0));
  const NumberShow show = style < styles.size() ? styles[style] : NumberShow::kNumber;
  if (show == NumberShow::kNumber) return NumberText(number, options.decimal);
  bool fake = false;
  std::string text = SerialText(number, parts.date1904, show, &fake);
  fake_leap_days += fake;
  return text;
}

Status XlsxReader::State::Row(const pugi::xml_node& row) {
  uint32_t number = row.attribute("r").as_uint(0);
  if (number < next_row) number = next_row;  // no or out-of-order row numbers: the next row
  // Rows the sheet leaves out are empty: blank lines, skipped like blank lines of a CSV.
  for (; next_row < number; ++next_row) {
    rows.push_back({result.text.size(), 0, 0});
    result.text += "\r\n";
  }
  cells.clear();
  uint32_t next_col = 0;
  for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || detail::LocalName(c) != "c") continue;
    uint32_t col = next_col, r = 0;
    if (!ParseRef(c.attribute("r").as_string(), &col, &r)) col = next_col;
    next_col = col + 1;
    std::string text = CellText(c);
    if (text.empty()) continue;
    if (cells.size() <= col) cells.resize(col + 1);
    cells[col] = std::move(text);
  }
  const uint64_t begin = result.text.size();
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) result.text += options.delimiter;
    result.text += cells[i].empty() ? std::string() : QuoteField(cells[i], options.delimiter);
  }
  const uint64_t length = result.text.size() - begin;
  if (length > UINT32_MAX)
    return MakeError("xlsx.too_large", Say(options.lang, "A sheet row is longer than 4 GB", "Eine Blattzeile ist länger als 4 GB"));
  rows.push_back({begin, static_cast<uint32_t>(length), static_cast<uint32_t>(cells.size())});
  result.text += "\r\n";
  ++next_row;
  if (result.text.size() > options.max_text_bytes)
    return MakeError("xlsx.too_large",
                     Say(options.lang, "The sheet holds more than " + std::to_string(options.max_text_bytes >> 20) + " MB of text",
                         "Das Blatt enthält mehr als " + std::to_string(options.max_text_bytes >> 20) + " MB Text"),
                     Say(options.lang, "Split the sheet, or use the command-line tool for sheets this large",
                         "Teilen Sie das Blatt auf, oder nutzen Sie für so große Blätter das Kommandozeilenwerkzeug"));
  return Ok{};
}

// Pads every record below the table's first wide row to the widest row (as Excel's "Save as CSV"
// does), so trailing empty cells are empty fields rather than short records. Rows above it (a
// title, blank rows) stay short, which is how the CSV sniffer recognises them as a preamble.
void XlsxReader::State::Finish() {
  const Lang lang = options.lang;
  // Merged ranges follow <sheetData>: <mergeCells><mergeCell ref="A1:E1"/>...</mergeCells>.
  const std::string& tail = chunks.tail();
  const std::string open = "<" + std::string(chunks.prefix()) + "mergeCells";
  const std::string close = "</" + std::string(chunks.prefix()) + "mergeCells>";
  const size_t a = tail.find(open), b = tail.find(close);
  if (a != std::string::npos && b != std::string::npos && b > a) {
    pugi::xml_document doc;
    if (doc.load_buffer(tail.data() + a, b + close.size() - a, pugi::parse_default | pugi::parse_fragment, pugi::encoding_utf8))
      for (pugi::xml_node m = doc.first_child().first_child(); m; m = m.next_sibling())
        if (m.type() == pugi::node_element) result.merged.emplace_back(m.attribute("ref").as_string());
  }
  uint32_t width = 0;
  for (const RowSpan& r : rows) width = std::max(width, r.fields);
  const std::string& sheet_name = result.sheets[result.sheet].name;
  if (width == 0)
    return Fail(MakeError("xlsx.empty_sheet",
                          Say(lang, "The sheet \"" + sheet_name + "\" is empty", "Das Blatt „" + sheet_name + "“ ist leer"),
                          Say(lang, "Choose the sheet that holds the table; the workbook's sheets: " + SheetList(result.sheets),
                              "Wählen Sie das Blatt mit der Tabelle; die Blätter der Arbeitsmappe: " + SheetList(result.sheets))));
  size_t first_wide = rows.size();
  for (size_t i = 0; i < rows.size() && first_wide == rows.size(); ++i)
    if (rows[i].fields >= std::max<uint32_t>(2, (width + 1) / 2)) first_wide = i;
  uint64_t extra = 0;
  for (size_t i = first_wide; i < rows.size(); ++i)
    if (rows[i].fields > 0) extra += width - rows[i].fields;
  if (extra > 0) {
    std::string padded;
    padded.reserve(result.text.size() + extra);
    padded.append(result.text, 0, rows[first_wide].begin);
    for (size_t i = first_wide; i < rows.size(); ++i) {
      padded.append(result.text, rows[i].begin, rows[i].length);
      if (rows[i].fields > 0) padded.append(width - rows[i].fields, options.delimiter);
      padded += "\r\n";
    }
    result.text = std::move(padded);
  }
  rows = {};
  strings = {};
  if (result.sheets.size() > 1) {
    const std::string list = SheetList(result.sheets);
    result.notes.push_back(Say(lang, "Read sheet \"" + sheet_name + "\" of " + std::to_string(result.sheets.size()) + " (" + list + ")",
                               "Blatt „" + sheet_name + "“ von " + std::to_string(result.sheets.size()) + " gelesen (" + list + ")"));
  }
  result.notes.push_back(Say(lang, "Excel workbook: the segmented export is a CSV file (UTF-8 with BOM, delimiter \"" + std::string(1, options.delimiter) +
                                        "\") holding every cell as Excel displays it, plus the segment columns",
                             "Excel-Arbeitsmappe: der segmentierte Export ist eine CSV-Datei (UTF-8 mit BOM, Trennzeichen „" + std::string(1, options.delimiter) +
                                 "“) mit jeder Zelle, wie Excel sie anzeigt, und den Segmentspalten"));
  if (parts.date1904)
    result.notes.push_back(Say(lang, "The workbook counts dates from 1904 (Mac Excel); dates were converted accordingly",
                               "Die Arbeitsmappe zählt Datumswerte ab 1904 (Mac-Excel); die Datumswerte wurden entsprechend umgerechnet"));
  if (!result.merged.empty()) {
    std::string list;
    for (size_t i = 0; i < result.merged.size() && i < 5; ++i) list += (i ? ", " : "") + result.merged[i];
    if (result.merged.size() > 5) list += ", ...";
    result.notes.push_back(Say(lang, std::to_string(result.merged.size()) + " merged cell ranges (" + list + "): their value is read in the top-left cell only",
                               std::to_string(result.merged.size()) + " verbundene Zellbereiche (" + list + "): ihr Wert steht nur in der Zelle oben links"));
  }
  if (errors > 0)
    result.notes.push_back(Say(lang, std::to_string(errors) + " cells held Excel errors (#N/A, #DIV/0!, ...) and are read as missing",
                               std::to_string(errors) + " Zellen enthielten Excel-Fehler (#NV, #DIV/0!, ...) und gelten als fehlend"));
  if (fake_leap_days > 0)
    result.notes.push_back(Say(lang, std::to_string(fake_leap_days) + " cells held 1900-02-29, a day that does not exist (Excel's 1900 leap-year bug), and are read as missing",
                               std::to_string(fake_leap_days) + " Zellen enthielten den 29.02.1900, einen Tag, den es nicht gibt (Excels Schaltjahrfehler), und gelten als fehlend"));
  if (bad_strings > 0)
    result.notes.push_back(Say(lang, std::to_string(bad_strings) + " cells referred to a missing shared string and are read as missing",
                               std::to_string(bad_strings) + " Zellen verwiesen auf einen fehlenden Text und gelten als fehlend"));
  phase = Phase::kDone;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Public entry points
// ---------------------------------------------------------------------------------------------

XlsxReader::XlsxReader(std::string_view bytes, XlsxOptions options) : state_(std::make_unique<State>()) {
  state_->bytes = bytes;
  state_->options = std::move(options);
}
XlsxReader::~XlsxReader() = default;
XlsxReader::XlsxReader(XlsxReader&&) noexcept = default;
XlsxReader& XlsxReader::operator=(XlsxReader&&) noexcept = default;

bool XlsxReader::Step(uint64_t byte_budget) {
  State& s = *state_;
  const size_t budget = static_cast<size_t>(std::clamp<uint64_t>(byte_budget, 1 << 16, 64 << 20));
  switch (s.phase) {
    case State::Phase::kOpen: s.Open(); break;
    case State::Phase::kStrings: {
      bool done = false;
      Status st = s.chunks.Next(budget, [&](const pugi::xml_node& si) {
        s.strings.push_back(detail::StringItemText(si));
        return Status(Ok{});
      }, &done);
      if (!st.ok()) { s.Fail(st.error()); break; }
      if (done) {
        if (Status o = s.StartPart(s.parts.sheet_paths[s.result.sheet], "row"); !o.ok()) { s.Fail(o.error()); break; }
        s.phase = State::Phase::kSheet;
      }
      break;
    }
    case State::Phase::kSheet: {
      bool done = false;
      Status st = s.chunks.Next(budget, [&](const pugi::xml_node& row) { return s.Row(row); }, &done);
      if (!st.ok()) { s.Fail(st.error()); break; }
      if (done) s.phase = State::Phase::kFinish;
      break;
    }
    case State::Phase::kFinish: s.Finish(); break;
    case State::Phase::kDone: break;
  }
  return s.phase == State::Phase::kDone;
}

XlsxProgress XlsxReader::Progress() const {
  return {state_->done_before + state_->chunks.produced(), state_->total};
}

Result<XlsxResult> XlsxReader::Take() {
  State& s = *state_;
  if (s.error) return *s.error;
  return std::move(s.result);
}

Result<XlsxResult> ReadXlsx(std::string_view bytes, const XlsxOptions& options) {
  XlsxReader reader(bytes, options);
  while (!reader.Step(16 << 20)) {
  }
  return reader.Take();
}

Result<std::vector<SheetInfo>> ListXlsxSheets(std::string_view bytes, Lang lang) {
  const ContainerKind kind = IdentifyContainer(bytes);
  if (kind != ContainerKind::kXlsx) return detail::ContainerError(kind, lang);
  auto zip = detail::OpenZip(bytes, lang);
  if (!zip.ok()) return zip.error();
  auto parts = detail::ReadWorkbookParts(zip.value(), {uint64_t(64) << 20, 200}, lang);
  if (!parts.ok()) return parts.error();
  return parts.value().sheets;
}

}  // namespace seg::io
