// The workbook's parts for the workbook reader: what the container is, the sheets and their
// parts (ECMA-376 Part 1: 18.2 workbook, Part 2: OPC relationships), shared strings (18.4),
// styles (18.8: which number formats show dates), and the fragment streaming of XML elements.
//
// Index of this file
//   [SECTION] XML helpers
//   [SECTION] Container identification and its messages
//   [SECTION] Workbook, relationships, sheet choice
//   [SECTION] Styles: number formats that are dates or times
//   [SECTION] ElementChunks
#include <algorithm>
#include <charconv>
#include <cstring>

#include "xlsx_parts.hpp"

namespace seg::io::detail {

// ---------------------------------------------------------------------------------------------
// [SECTION] XML helpers
// ---------------------------------------------------------------------------------------------

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view n = node.name();
  const size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  return {};
}

namespace {
int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

std::string UnescapeXstring(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      uint32_t cp = 0;
      bool hex = true;
      for (size_t k = 2; k < 6; ++k) {
        const int d = HexDigit(s[i + k]);
        hex = hex && d >= 0;
        cp = cp * 16 + static_cast<uint32_t>(std::max(d, 0));
      }
      if (hex) {
        AppendUtf8(out, cp);
        i += 6;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string StringItemText(const pugi::xml_node& item) {
  std::string text;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view local = LocalName(c);
    if (local == "t") {
      text += c.text().get();
    } else if (local == "r") {
      if (pugi::xml_node t = Child(c, "t")) text += t.text().get();
    }
  }
  return UnescapeXstring(text);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Container identification and its messages
// ---------------------------------------------------------------------------------------------

ContainerKind IdentifyZip(const ZipArchive& zip) {
  if (zip.Find("xl/workbook.xml") || zip.Find("xl/workbook.bin")) return ContainerKind::kXlsx;
  if (const ZipEntry* mime = zip.Find("mimetype")) {
    auto text = ReadEntry(zip, *mime, {1 << 16, 0}, Lang::kEn);
    if (text.ok() && text.value().find("opendocument.spreadsheet") != std::string::npos) return ContainerKind::kOds;
  }
  for (const ZipEntry& e : zip.entries)
    if (e.name.rfind("Index/", 0) == 0 && EndsWith(e.name, ".iwa")) return ContainerKind::kNumbers;
  if (zip.Find("Index.zip")) return ContainerKind::kNumbers;
  if (const ZipEntry* ct = zip.Find("[Content_Types].xml")) {
    auto text = ReadEntry(zip, *ct, {16 << 20, 0}, Lang::kEn);
    if (text.ok() && text.value().find("spreadsheetml.sheet.main") != std::string::npos) return ContainerKind::kXlsx;
  }
  return ContainerKind::kOtherZip;
}

}  // namespace seg::io::detail

namespace seg::io {
namespace {
bool ContainsUtf16Name(std::string_view bytes, std::string_view ascii) {
  std::string wide;
  for (char c : ascii) {
    wide += c;
    wide += '\0';
  }
  return bytes.find(wide) != std::string_view::npos;
}
}  // namespace

ContainerKind IdentifyContainer(std::string_view bytes) {
  if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
    // Compound File Binary ([MS-CFB]); an encrypted OOXML workbook is one ([MS-OFFCRYPTO] 2.3.4).
    if (ContainsUtf16Name(bytes, "EncryptedPackage") || ContainsUtf16Name(bytes, "EncryptionInfo")) return ContainerKind::kEncrypted;
    return ContainerKind::kLegacyXls;
  }
  if (!LooksLikeContainer(bytes)) return ContainerKind::kNone;
  auto zip = detail::OpenZip(bytes, Lang::kEn);
  if (!zip.ok()) return ContainerKind::kCorruptZip;
  return detail::IdentifyZip(zip.value());
}

bool LooksLikeContainer(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) || bytes.substr(0, 4) == std::string_view("PK\x05\x06", 4) ||
         bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4);
}

}  // namespace seg::io

namespace seg::io::detail {

Error ContainerError(ContainerKind kind, Lang lang) {
  const std::string save_en = "In Excel use File > Save As > \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\", then open that file";
  const std::string save_de = "Speichern Sie sie in Excel mit Datei > Speichern unter > „Excel-Arbeitsmappe (.xlsx)“ oder „CSV UTF-8“ und öffnen Sie diese Datei";
  switch (kind) {
    case ContainerKind::kEncrypted:
      return MakeError("xlsx.encrypted",
                       Say(lang, "The workbook is protected by a password (encrypted)", "Die Arbeitsmappe ist durch ein Kennwort geschützt (verschlüsselt)"),
                       Say(lang, "Remove the password in Excel (File > Info > Protect Workbook > Encrypt with Password), save, and open it again",
                           "Entfernen Sie das Kennwort in Excel (Datei > Informationen > Arbeitsmappe schützen > Mit Kennwort verschlüsseln), speichern Sie und öffnen Sie sie erneut"));
    case ContainerKind::kLegacyXls:
      return MakeError("xlsx.legacy_xls",
                       Say(lang, "This is a legacy Excel 97-2003 workbook (.xls), which cannot be read",
                           "Das ist eine alte Excel-97-2003-Arbeitsmappe (.xls), die nicht gelesen werden kann"),
                       Say(lang, save_en, save_de));
    case ContainerKind::kOds:
      return MakeError("xlsx.ods",
                       Say(lang, "This is an OpenDocument spreadsheet (.ods), not an Excel workbook",
                           "Das ist eine OpenDocument-Tabelle (.ods), keine Excel-Arbeitsmappe"),
                       Say(lang, "In LibreOffice use File > Save As > \"Excel 2007-365 (.xlsx)\" or \"Text CSV\", then open that file",
                           "Speichern Sie sie in LibreOffice mit Datei > Speichern unter > „Excel 2007-365 (.xlsx)“ oder „Text CSV“ und öffnen Sie diese Datei"));
    case ContainerKind::kNumbers:
      return MakeError("xlsx.numbers",
                       Say(lang, "This is an Apple Numbers file (.numbers), not an Excel workbook",
                           "Das ist eine Apple-Numbers-Datei (.numbers), keine Excel-Arbeitsmappe"),
                       Say(lang, "In Numbers use File > Export To > Excel or CSV, then open that file",
                           "Exportieren Sie sie in Numbers mit Ablage > Exportieren > Excel oder CSV und öffnen Sie diese Datei"));
    case ContainerKind::kOtherZip:
      return MakeError("xlsx.not_workbook",
                       Say(lang, "This is a ZIP archive but not an Excel workbook", "Das ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe"),
                       Say(lang, "Unpack it and open the CSV or .xlsx file inside", "Entpacken Sie es und öffnen Sie die CSV- oder .xlsx-Datei darin"));
    case ContainerKind::kCorruptZip:
    case ContainerKind::kNone:
    case ContainerKind::kXlsx: break;
  }
  return MakeError("xlsx.corrupt_zip", Say(lang, "The workbook is damaged", "Die Arbeitsmappe ist beschädigt"),
                   Say(lang, "Open it in Excel and save it again, or save the sheet as CSV UTF-8",
                       "Öffnen Sie sie in Excel und speichern Sie sie erneut, oder speichern Sie das Blatt als CSV UTF-8"));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Workbook, relationships, sheet choice
// ---------------------------------------------------------------------------------------------

namespace {

Error BadPart(Lang lang, const std::string& part) {
  return MakeError("xlsx.bad_part",
                   Say(lang, "The workbook is damaged: " + part + " is not valid XML",
                       "Die Arbeitsmappe ist beschädigt: " + part + " ist kein gültiges XML"),
                   Say(lang, "Open it in Excel and save it again, or save the sheet as CSV UTF-8",
                       "Öffnen Sie sie in Excel und speichern Sie sie erneut, oder speichern Sie das Blatt als CSV UTF-8"));
}

Result<std::string> ReadPart(const ZipArchive& zip, const std::string& path, InflateLimits limits, Lang lang, pugi::xml_document* doc) {
  const ZipEntry* e = zip.Find(path);
  if (!e) return MakeError("xlsx.missing_part", Say(lang, "The workbook is damaged: " + path + " is missing",
                                                     "Die Arbeitsmappe ist beschädigt: " + path + " fehlt"));
  auto text = ReadEntry(zip, *e, limits, lang);
  if (!text.ok()) return text.error();
  if (!doc->load_buffer(text.value().data(), text.value().size(), pugi::parse_default, pugi::encoding_utf8)) return BadPart(lang, path);
  return text;
}

// Target of a relationship, resolved against the folder of the part that holds it (OPC, ECMA-376
// Part 2, 9.3): "worksheets/sheet1.xml" from xl/ -> "xl/worksheets/sheet1.xml"; "/xl/..." absolute.
std::string ResolveTarget(std::string_view folder, std::string_view target) {
  std::string path = target.substr(0, 1) == "/" ? std::string(target.substr(1)) : std::string(folder) + std::string(target);
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string seg = path.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

struct Relationship {
  std::string type_suffix;  // last path segment of Type: "worksheet", "chartsheet", "sharedStrings", ...
  std::string target;       // resolved ZIP path
};

std::vector<std::pair<std::string, Relationship>> ReadRels(const ZipArchive& zip, const std::string& rels_path,
                                                            std::string_view folder, InflateLimits limits) {
  std::vector<std::pair<std::string, Relationship>> out;
  pugi::xml_document doc;
  if (!zip.Find(rels_path) || !ReadPart(zip, rels_path, limits, Lang::kEn, &doc).ok()) return out;
  for (pugi::xml_node r = doc.document_element().first_child(); r; r = r.next_sibling()) {
    if (LocalName(r) != "Relationship") continue;
    std::string_view type = r.attribute("Type").as_string();
    Relationship rel;
    rel.type_suffix = std::string(type.substr(type.rfind('/') == std::string_view::npos ? 0 : type.rfind('/') + 1));
    rel.target = ResolveTarget(folder, r.attribute("Target").as_string());
    out.emplace_back(r.attribute("Id").as_string(), std::move(rel));
  }
  return out;
}

}  // namespace

Result<WorkbookParts> ReadWorkbookParts(const ZipArchive& zip, InflateLimits limits, Lang lang) {
  std::string workbook_path = "xl/workbook.xml";
  for (auto& [id, rel] : ReadRels(zip, "_rels/.rels", "", limits))
    if (rel.type_suffix == "officeDocument" && zip.Find(rel.target)) workbook_path = rel.target;
  if (EndsWith(Lower(workbook_path), ".bin"))
    return MakeError("xlsx.binary_workbook",
                     Say(lang, "This is an Excel binary workbook (.xlsb), which cannot be read",
                         "Das ist eine binäre Excel-Arbeitsmappe (.xlsb), die nicht gelesen werden kann"),
                     Say(lang, "In Excel use File > Save As > \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\", then open that file",
                         "Speichern Sie sie in Excel mit Datei > Speichern unter > „Excel-Arbeitsmappe (.xlsx)“ oder „CSV UTF-8“"));
  pugi::xml_document doc;
  if (auto r = ReadPart(zip, workbook_path, limits, lang, &doc); !r.ok()) return r.error();
  const size_t slash = workbook_path.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : workbook_path.substr(0, slash + 1);
  const std::string rels_path = folder + "_rels/" + workbook_path.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
  auto rels = ReadRels(zip, rels_path, folder, limits);

  WorkbookParts parts;
  pugi::xml_node wb = doc.document_element();
  if (pugi::xml_node pr = Child(wb, "workbookPr")) {
    std::string_view d = pr.attribute("date1904").as_string();
    parts.date1904 = d == "1" || d == "true";
  }
  if (pugi::xml_node sheets = Child(wb, "sheets")) {
    for (pugi::xml_node s = sheets.first_child(); s; s = s.next_sibling()) {
      if (s.type() != pugi::node_element || LocalName(s) != "sheet") continue;
      // The relationship id is r:id in the officeDocument relationships namespace, whatever prefix.
      std::string rid;
      for (pugi::xml_attribute a = s.first_attribute(); a; a = a.next_attribute()) {
        std::string_view n = a.name();
        if (n.size() >= 3 && n.substr(n.size() - 3) == ":id") rid = a.value();
      }
      SheetInfo info;
      info.name = s.attribute("name").as_string();
      std::string_view state = s.attribute("state").as_string();
      info.hidden = state == "hidden" || state == "veryHidden";
      std::string path;
      for (auto& [id, rel] : rels)
        if (id == rid) {
          path = rel.target;
          info.chart = rel.type_suffix == "chartsheet" || rel.type_suffix == "dialogsheet";
        }
      parts.sheets.push_back(std::move(info));
      parts.sheet_paths.push_back(std::move(path));
    }
  }
  for (auto& [id, rel] : rels) {
    if (rel.type_suffix == "sharedStrings") parts.shared_strings_path = rel.target;
    if (rel.type_suffix == "styles") parts.styles_path = rel.target;
  }
  if (parts.shared_strings_path.empty() && zip.Find(folder + "sharedStrings.xml")) parts.shared_strings_path = folder + "sharedStrings.xml";
  if (parts.styles_path.empty() && zip.Find(folder + "styles.xml")) parts.styles_path = folder + "styles.xml";
  if (parts.sheets.empty())
    return MakeError("xlsx.no_sheet", Say(lang, "The workbook contains no sheet", "Die Arbeitsmappe enthält kein Blatt"),
                     Say(lang, "Open it in Excel, check that it holds your table, and save it again",
                         "Öffnen Sie sie in Excel, prüfen Sie, ob sie Ihre Tabelle enthält, und speichern Sie sie erneut"));
  return parts;
}


Result<size_t> ChooseSheet(const WorkbookParts& parts, std::string_view wanted, Lang lang) {
  std::optional<size_t> index;
  if (!wanted.empty()) {
    for (size_t i = 0; i < parts.sheets.size() && !index; ++i)
      if (parts.sheets[i].name == wanted) index = i;
    for (size_t i = 0; i < parts.sheets.size() && !index; ++i)
      if (Lower(parts.sheets[i].name) == Lower(wanted)) index = i;
    size_t number = 0;
    auto [end, ec] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), number);
    if (!index && ec == std::errc() && end == wanted.data() + wanted.size() && number >= 1 && number <= parts.sheets.size())
      index = number - 1;
    if (!index)
      return MakeError("xlsx.no_such_sheet",
                       Say(lang, "The workbook has no sheet \"" + std::string(wanted) + "\"",
                           "Die Arbeitsmappe hat kein Blatt „" + std::string(wanted) + "“"),
                       Say(lang, "Its sheets: " + SheetList(parts.sheets), "Ihre Blätter: " + SheetList(parts.sheets)));
  } else {
    // The first visible worksheet; else the first worksheet.
    for (size_t i = 0; i < parts.sheets.size() && !index; ++i)
      if (!parts.sheets[i].chart && !parts.sheets[i].hidden) index = i;
    for (size_t i = 0; i < parts.sheets.size() && !index; ++i)
      if (!parts.sheets[i].chart) index = i;
    if (!index) index = 0;  // only chart sheets: reported below
  }
  if (parts.sheets[*index].chart)
    return MakeError("xlsx.chart_sheet",
                     Say(lang, "The sheet \"" + parts.sheets[*index].name + "\" is a chart sheet: it holds a chart, no table",
                         "Das Blatt „" + parts.sheets[*index].name + "“ ist ein Diagrammblatt: es enthält ein Diagramm, keine Tabelle"),
                     Say(lang, "Choose a sheet with the table; the workbook's sheets: " + SheetList(parts.sheets),
                         "Wählen Sie ein Blatt mit der Tabelle; die Blätter der Arbeitsmappe: " + SheetList(parts.sheets)));
  if (parts.sheet_paths[*index].empty() || !parts.sheets.size())
    return MakeError("xlsx.missing_part", Say(lang, "The workbook is damaged: the sheet \"" + parts.sheets[*index].name + "\" has no part",
                                              "Die Arbeitsmappe ist beschädigt: das Blatt „" + parts.sheets[*index].name + "“ hat keinen Inhalt"));
  return *index;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Styles: number formats that are dates or times
// ---------------------------------------------------------------------------------------------

NumberShow ShowForFormat(int id, std::string_view code) {
  // Built-in formats (ECMA-376 Part 1, 18.8.30): 14-17 dates, 18-21 times, 22 date and time,
  // 45-47 times, 27-36 and 50-58 East Asian dates.
  if (id >= 0 && id < 164 && code.empty()) {
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return NumberShow::kDate;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return NumberShow::kTime;
    if (id == 22) return NumberShow::kDateTime;
    return NumberShow::kNumber;
  }
  // Custom codes: the first section, without quoted text, escaped characters, fills, paddings
  // and [..] parts other than elapsed time ([h], [mm], [ss]).
  bool date = false, time = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      std::string inner = Lower(code.substr(i + 1, close - i - 1));
      if (!inner.empty() && inner.find_first_not_of("hms") == std::string::npos) time = true;
      i = close;
    } else {
      const char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (l == 'y' || l == 'd') date = true;
      if (l == 'h' || l == 's') time = true;
      if (l == 'm') date = date || !time;  // "mm" alone is a month; next to h/s it is minutes
    }
  }
  if (date && time) return NumberShow::kDateTime;
  if (date) return NumberShow::kDate;
  if (time) return NumberShow::kTime;
  return NumberShow::kNumber;
}

Result<std::vector<NumberShow>> ReadStyles(const ZipArchive& zip, const std::string& path, InflateLimits limits, Lang lang) {
  std::vector<NumberShow> show;
  if (path.empty() || !zip.Find(path)) return show;
  pugi::xml_document doc;
  if (auto r = ReadPart(zip, path, limits, lang, &doc); !r.ok()) return r.error();
  pugi::xml_node root = doc.document_element();
  std::vector<std::pair<int, std::string>> custom;
  if (pugi::xml_node fmts = Child(root, "numFmts"))
    for (pugi::xml_node f = fmts.first_child(); f; f = f.next_sibling())
      if (f.type() == pugi::node_element) custom.emplace_back(f.attribute("numFmtId").as_int(-1), f.attribute("formatCode").as_string());
  if (pugi::xml_node xfs = Child(root, "cellXfs")) {
    for (pugi::xml_node xf = xfs.first_child(); xf; xf = xf.next_sibling()) {
      if (xf.type() != pugi::node_element) continue;
      const int id = xf.attribute("numFmtId").as_int(0);
      std::string code;
      for (auto& [cid, c] : custom)
        if (cid == id) code = c;
      show.push_back(ShowForFormat(id, code));
    }
  }
  return show;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] ElementChunks
// ---------------------------------------------------------------------------------------------

Status ElementChunks::Open(const ZipArchive& zip, const ZipEntry& entry, std::string local_name, InflateLimits limits, Lang lang) {
  name_ = std::move(local_name);
  lang_ = lang;
  return stream_.Open(zip, entry, limits, lang);
}

Status ElementChunks::Next(size_t budget, const std::function<Status(const pugi::xml_node&)>& each, bool* done) {
  bool end = false;
  if (Status st = stream_.Read(&buffer_, budget, &end); !st.ok()) return st;
  if (!prefix_known_) {
    // The root element's prefix ("x:" in <x:worksheet>) is the one of its children too.
    size_t lt = 0;
    while ((lt = buffer_.find('<', lt)) != std::string::npos && lt + 1 < buffer_.size() &&
           (buffer_[lt + 1] == '?' || buffer_[lt + 1] == '!'))
      ++lt;
    if (lt != std::string::npos) {
      const size_t name_end = buffer_.find_first_of(" \t\r\n/>", lt + 1);
      if (name_end != std::string::npos) {
        std::string_view root(buffer_.data() + lt + 1, name_end - lt - 1);
        const size_t colon = root.find(':');
        prefix_ = colon == std::string_view::npos ? "" : std::string(root.substr(0, colon + 1));
        prefix_known_ = true;
      }
    }
  }
  if (prefix_known_) {
    const std::string open = "<" + prefix_ + name_, close = "</" + prefix_ + name_ + ">";
    size_t first = 0;
    while ((first = buffer_.find(open, first)) != std::string::npos) {
      const size_t after = first + open.size();
      if (after < buffer_.size() && std::strchr(" \t\r\n/>", buffer_[after])) break;
      first = after;
    }
    const size_t last = buffer_.rfind(close);
    if (first != std::string::npos && last != std::string::npos && last > first) {
      const size_t stop = last + close.size();
      pugi::xml_document doc;
      const unsigned flags = pugi::parse_default | pugi::parse_fragment | pugi::parse_ws_pcdata_single;
      if (!doc.load_buffer_inplace(buffer_.data() + first, stop - first, flags, pugi::encoding_utf8))
        return MakeError("xlsx.bad_part", Say(lang_, "The workbook is damaged: a sheet part is not valid XML",
                                              "Die Arbeitsmappe ist beschädigt: ein Blattteil ist kein gültiges XML"));
      for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && LocalName(n) == name_)
          if (Status st = each(n); !st.ok()) return st;
      buffer_.erase(0, stop);
    } else if (buffer_.size() > (size_t(256) << 20)) {
      return MakeError("xlsx.bad_part", Say(lang_, "The workbook is damaged: one sheet row is longer than 256 MB",
                                            "Die Arbeitsmappe ist beschädigt: eine Blattzeile ist länger als 256 MB"));
    }
  }
  *done = end;
  return Ok{};
}

}  // namespace seg::io::detail
