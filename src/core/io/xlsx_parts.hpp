// Internal to the workbook reader: the workbook's parts (sheets, shared strings, styles) and the
// streamed reading of repeated XML elements (<row>, <si>) in bounded fragments.
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/io/xlsx_reader.hpp"
#include "xlsx_zip.hpp"

namespace seg::io::detail {

// Local name of an element ("x:row" -> "row"): some writers prefix SpreadsheetML elements.
std::string_view LocalName(const pugi::xml_node& node);
// First child element with this local name (null if none).
pugi::xml_node Child(const pugi::xml_node& node, std::string_view local);
// ST_Xstring escapes (ECMA-376 Part 1, 22.9.2.19): "_x000D_" -> CR, "_x005F_" -> '_'.
std::string UnescapeXstring(std::string_view s);
// Text of a string item (<si>, <is>): its <t>, or the <t> of each rich-text run <r>; phonetic
// runs (<rPh>) are left out.
std::string StringItemText(const pugi::xml_node& item);

// 1 "Kunden", 2 "Notizen", ... (for messages naming the sheets).
std::string SheetList(const std::vector<SheetInfo>& sheets);

struct WorkbookParts {
  std::vector<SheetInfo> sheets;
  std::vector<std::string> sheet_paths;  // ZIP entry of each sheet ("xl/worksheets/sheet1.xml")
  bool date1904 = false;
  std::string shared_strings_path;  // empty when there is none
  std::string styles_path;
};

// The container's kind from its ZIP directory / CFB directory names.
ContainerKind IdentifyZip(const ZipArchive& zip);
// The error for a container that is not an .xlsx (kind != kXlsx).
Error ContainerError(ContainerKind kind, Lang lang);

Result<WorkbookParts> ReadWorkbookParts(const ZipArchive& zip, InflateLimits limits, Lang lang);
// Index into parts.sheets of the sheet `wanted` (name or 1-based number; empty: first worksheet).
Result<size_t> ChooseSheet(const WorkbookParts& parts, std::string_view wanted, Lang lang);

// How a style shows a number: per cellXfs index.
enum class NumberShow : uint8_t { kNumber, kDate, kTime, kDateTime };
Result<std::vector<NumberShow>> ReadStyles(const ZipArchive& zip, const std::string& path, InflateLimits limits, Lang lang);
NumberShow ShowForFormat(int builtin_id, std::string_view format_code);

// Streams an entry and hands over its <name> elements a fragment at a time (each fragment a
// pugixml document whose top-level children are complete elements). The tail after the last
// element stays available for what follows it (mergeCells after sheetData).
class ElementChunks {
 public:
  Status Open(const ZipArchive& zip, const ZipEntry& entry, std::string local_name, InflateLimits limits, Lang lang);
  // Inflates about `budget` bytes and calls `each` with every complete element read.
  Status Next(size_t budget, const std::function<Status(const pugi::xml_node&)>& each, bool* done);
  const std::string& tail() const { return buffer_; }  // after the end: what followed the last element
  std::string_view prefix() const { return prefix_; }
  uint64_t produced() const { return stream_.produced(); }

 private:
  EntryStream stream_;
  std::string buffer_;
  std::string name_;
  std::string prefix_;
  bool prefix_known_ = false;
  Lang lang_ = Lang::kEn;
};

}  // namespace seg::io::detail
