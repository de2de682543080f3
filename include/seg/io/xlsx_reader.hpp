// seg/io/xlsx_reader.hpp — Excel workbooks (.xlsx, .xlsm: Office Open XML, ECMA-376) as CSV text.
//
// A workbook sheet is turned into the CSV text Excel's own "Save as CSV (UTF-8)" would give
// (every cell as displayed, one record per sheet row, trailing empty cells padded), and that text
// goes through the CSV importer unchanged: the table, its types, the import report and every
// export are the ones a CSV gives, and the segmented export re-emits the cells byte for byte.
// CsvImporter/ReadCsv call this transparently when the bytes are a ZIP or CFB container, so
// callers only pass bytes (ReadOptions::sheet picks the sheet).
//
// Pipeline (src/core/io/):
//   xlsx_zip.cpp       ZIP central directory (APPNOTE 6.3.10, ZIP64 included) read with strict
//                      bounds; entries inflated by zlib in slices, with size and ratio limits
//   xlsx_workbook.cpp  container identification (.xls/CFB, encrypted, .ods, .numbers, other ZIP),
//                      workbook + relationships, shared strings, styles (which cells are dates)
//   xlsx_sheet.cpp     the sheet's <sheetData> streamed row by row -> CSV text, in bounded steps
//
// Cell values (ECMA-376 Part 1, 18.3.1.4 c, 18.18.11 ST_CellType):
//   shared (s) and inline (inlineStr) strings, formula strings (str) -> the text
//   numbers (n)      -> the shortest text that reads back as the exact double stored
//   dates            -> numbers whose number format is a date/time format: "yyyy-mm-dd",
//                       "yyyy-mm-dd hh:mm:ss" or "hh:mm:ss", from the 1900 system (with Excel's
//                       nonexistent 1900-02-29, serial 60, read as missing and noted) or 1904
//   booleans (b)     -> TRUE / FALSE;  errors (e: #N/A, #DIV/0! ...) -> empty (missing), counted
//   formulas         -> their cached values;  merged ranges -> noted (value in the top-left cell)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"

namespace seg::io {

// What a ZIP or CFB container holds, as far as an import cares.
enum class ContainerKind {
  kNone,          // neither ZIP nor CFB: text (CSV)
  kXlsx,          // Office Open XML workbook (.xlsx, .xlsm)
  kEncrypted,     // CFB holding EncryptionInfo/EncryptedPackage: a password-protected workbook
  kLegacyXls,     // CFB holding a BIFF Workbook/Book stream (.xls) or another legacy Office file
  kOds,           // OpenDocument spreadsheet (.ods)
  kNumbers,       // Apple Numbers (.numbers)
  kOtherZip,      // a ZIP archive that is no workbook (including .docx, .pptx)
  kCorruptZip,    // starts like a ZIP but its directory cannot be read
};

// Quick look at the first bytes: ZIP local header / empty ZIP, or the CFB signature D0 CF 11 E0.
bool LooksLikeContainer(std::string_view bytes);

struct XlsxOptions {
  // Sheet by name (exact, then case-insensitive) or 1-based number; empty: the first worksheet.
  std::string sheet;
  char delimiter = ',';  // of the CSV text written
  char decimal = '.';    // of the numbers written
  // Limits against zip bombs; memory stays bounded by the sheet, never by the ZIP's ratio.
  uint64_t max_text_bytes = uint64_t(3) << 30;   // CSV text of the sheet
  uint64_t max_entry_bytes = uint64_t(8) << 30;  // one inflated XML part (sheet, shared strings)
  double max_ratio = 200;  // inflated / compressed, checked once an entry passes 16 MiB
  Lang lang = Lang::kEn;   // of error messages and notes
};

struct SheetInfo {
  std::string name;
  bool chart = false;   // a chart sheet (no cells)
  bool hidden = false;  // state="hidden" or "veryHidden"
};

struct XlsxResult {
  std::string text;               // CSV text (UTF-8, no BOM, CRLF), ready for the CSV importer
  std::vector<SheetInfo> sheets;  // every sheet, in workbook order
  size_t sheet = 0;               // index into sheets of the sheet read
  bool date1904 = false;
  std::vector<std::string> merged;  // merged ranges of that sheet ("A1:E1")
  std::vector<std::string> notes;   // for the import report (in XlsxOptions::lang)
};

struct XlsxProgress {
  uint64_t done = 0;   // inflated bytes of the parts read so far
  uint64_t total = 0;  // their declared size
};

// Sliced conversion: construct, Step() until true, then Take(). `bytes` must outlive the reader.
class XlsxReader {
 public:
  XlsxReader(std::string_view bytes, XlsxOptions options);
  ~XlsxReader();
  XlsxReader(XlsxReader&&) noexcept;
  XlsxReader& operator=(XlsxReader&&) noexcept;
  // Inflates and converts about `byte_budget` bytes of XML. True when finished (ok or not).
  bool Step(uint64_t byte_budget);
  XlsxProgress Progress() const;
  Result<XlsxResult> Take();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// What the container is (reads the ZIP directory or the CFB directory names).
ContainerKind IdentifyContainer(std::string_view bytes);
// One-shot conversion.
Result<XlsxResult> ReadXlsx(std::string_view bytes, const XlsxOptions& options = {});
// The sheets of a workbook without converting any (for a sheet picker).
Result<std::vector<SheetInfo>> ListXlsxSheets(std::string_view bytes, Lang lang = Lang::kEn);

}  // namespace seg::io
