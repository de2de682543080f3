// seg/io/encoding.hpp — text encodings of customer files (WHATWG Encoding names where they exist).
//
// Everything inside Segmenter is UTF-8. Input may be UTF-8 (with or without BOM), UTF-16 LE/BE
// with BOM, or Windows-1252 (what German Excel writes; note 0x80 is the euro sign there, unlike
// ISO-8859-1). Decoding is lossless: the five bytes Windows-1252 leaves undefined map to the
// matching C1 control code points, so re-encoding an export gives back the original bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "seg/common/result.hpp"

namespace seg::io {

enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kWindows1252 };

std::string_view EncodingName(Encoding e);  // "utf-8", "utf-16le", "utf-16be", "windows-1252"
// Accepts common spellings: utf8, UTF-8, cp1252, windows-1252, latin1 (treated as 1252), utf-16le...
std::optional<Encoding> ParseEncodingName(std::string_view name);

struct EncodingGuess {
  Encoding encoding = Encoding::kUtf8;
  size_t bom_length = 0;  // bytes of byte-order mark at the start (0, 2 or 3)
};
// BOM first; otherwise UTF-8 if the bytes are valid UTF-8, else Windows-1252.
EncodingGuess DetectEncoding(std::string_view bytes);

bool IsValidUtf8(std::string_view bytes);

// What kind of non-text file this looks like ("an Excel workbook (.xlsx)", "a ZIP archive", "a PNG
// image", "a binary file"), or nullopt if it looks like text.
std::optional<std::string> DescribeBinary(std::string_view bytes);

// Decodes `bytes` (without its BOM) to UTF-8. UTF-8 input is validated; an invalid sequence is an
// error with its byte offset (the caller may then retry as Windows-1252). Takes ownership so
// UTF-8 input is not copied.
Result<std::string> DecodeToUtf8(std::string bytes, Encoding encoding, size_t bom_length);

// Encodes UTF-8 text for export. Characters Windows-1252 cannot hold become '?' and are counted
// in *unmappable (if given). `bom` prepends the byte-order mark (UTF-8 / UTF-16 only).
std::string EncodeFromUtf8(std::string_view utf8, Encoding encoding, bool bom,
                           size_t* unmappable = nullptr);

}  // namespace seg::io
