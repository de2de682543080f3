// Encoding detection and conversion. WHATWG Encoding Standard names; Windows-1252 table from
// https://encoding.spec.whatwg.org/index-windows-1252.txt (undefined bytes map to C1 controls, so
// decoding is lossless and re-encoding gives back the original bytes).
#include "seg/io/encoding.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace seg::io {
namespace {

constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid (RFC 3629: no overlongs,
// no surrogates, max U+10FFFF).
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end, char32_t* cp_out) {
  unsigned char c = p[0];
  if (c < 0x80) {
    if (cp_out) *cp_out = c;
    return 1;
  }
  size_t len;
  char32_t cp;
  char32_t min;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (static_cast<size_t>(end - p) < len) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  if (cp_out) *cp_out = cp;
  return len;
}

// Offset of the first invalid UTF-8 byte, or npos.
size_t FirstInvalidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  const auto* begin = p;
  while (p < end) {
    // Fast path: 32, then 8 ASCII bytes at a time.
    while (end - p >= 32) {
      uint64_t w[4];
      std::memcpy(w, p, 32);
      if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) != 0) break;
      p += 32;
    }
    if (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    if (*p < 0x80) {
      ++p;
      continue;
    }
    size_t len = Utf8SequenceLength(p, end, nullptr);
    if (len == 0) return static_cast<size_t>(p - begin);
    p += len;
  }
  return std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  out.erase(std::remove(out.begin(), out.end(), '_'), out.end());
  return out;
}

}  // namespace

std::string_view EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kUtf8: return "utf-8";
    case Encoding::kUtf16Le: return "utf-16le";
    case Encoding::kUtf16Be: return "utf-16be";
    case Encoding::kWindows1252: return "windows-1252";
  }
  return "utf-8";
}

std::optional<Encoding> ParseEncodingName(std::string_view name) {
  std::string n = Lower(name);
  if (n == "utf-8" || n == "utf8" || n == "utf-8-sig" || n == "unicode-1-1-utf-8") return Encoding::kUtf8;
  if (n == "utf-16le" || n == "utf16le" || n == "utf-16" || n == "utf16" || n == "ucs-2") return Encoding::kUtf16Le;
  if (n == "utf-16be" || n == "utf16be") return Encoding::kUtf16Be;
  if (n == "windows-1252" || n == "cp1252" || n == "windows1252" || n == "latin1" || n == "latin-1" ||
      n == "iso-8859-1" || n == "iso8859-1" || n == "ansi" || n == "x-cp1252" || n == "iso-8859-15")
    return Encoding::kWindows1252;
  return std::nullopt;
}

bool IsValidUtf8(std::string_view bytes) { return FirstInvalidUtf8(bytes) == std::string_view::npos; }

namespace {
// DetectEncoding without the final UTF-8 validation (the answer is then kUtf8 for anything that is
// not UTF-16): enough for callers that only ask "UTF-16 or not".
EncodingGuess DetectEncodingBomOrUtf16(std::string_view bytes, bool* decided) {
  EncodingGuess g;
  *decided = true;
  auto b = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  if (bytes.size() >= 3 && b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
    g.encoding = Encoding::kUtf8;
    g.bom_length = 3;
    return g;
  }
  if (bytes.size() >= 2 && b(0) == 0xFF && b(1) == 0xFE) {
    g.encoding = Encoding::kUtf16Le;
    g.bom_length = 2;
    return g;
  }
  if (bytes.size() >= 2 && b(0) == 0xFE && b(1) == 0xFF) {
    g.encoding = Encoding::kUtf16Be;
    g.bom_length = 2;
    return g;
  }
  // UTF-16 without BOM: text of mostly ASCII has a zero in every other byte.
  size_t probe = std::min<size_t>(bytes.size() & ~size_t{1}, 4096);
  if (probe >= 8) {
    size_t even_zero = 0, odd_zero = 0;
    for (size_t i = 0; i < probe; i += 2) {
      even_zero += b(i) == 0;
      odd_zero += b(i + 1) == 0;
    }
    if (odd_zero * 10 > probe / 2 * 7 && even_zero * 20 < probe / 2) { g.encoding = Encoding::kUtf16Le; return g; }
    if (even_zero * 10 > probe / 2 * 7 && odd_zero * 20 < probe / 2) { g.encoding = Encoding::kUtf16Be; return g; }
  }
  *decided = false;
  return g;
}
}  // namespace

EncodingGuess DetectEncoding(std::string_view bytes) {
  bool decided = false;
  EncodingGuess g = DetectEncodingBomOrUtf16(bytes, &decided);
  if (!decided) g.encoding = IsValidUtf8(bytes) ? Encoding::kUtf8 : Encoding::kWindows1252;
  return g;
}

// A file is binary by its control characters only with at least this many of them in the first
// 64 KiB, making up at least this share of it.
constexpr size_t kBinaryMinControls = 64;
constexpr size_t kBinaryControlPercent = 5;

std::optional<std::string> DescribeBinary(std::string_view bytes) {
  auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
  if (starts(std::string_view("PK\x03\x04", 4))) {
    std::string_view head = bytes.substr(0, 4096);
    if (head.find("xl/") != std::string_view::npos || head.find("[Content_Types].xml") != std::string_view::npos)
      return std::string("an Excel workbook (.xlsx)");
    return std::string("a ZIP archive");
  }
  if (starts("\xD0\xCF\x11\xE0")) return std::string("a legacy Office file (.xls)");
  if (starts("%PDF")) return std::string("a PDF document");
  if (starts("\x89PNG")) return std::string("a PNG image");
  if (starts("\xFF\xD8\xFF")) return std::string("a JPEG image");
  if (starts("GIF8")) return std::string("a GIF image");
  if (starts("\x1F\x8B")) return std::string("a gzip-compressed file");
  if (starts("SQLite format 3")) return std::string("an SQLite database");
  bool decided = false;  // only UTF-16 matters here, so skip the UTF-8 validation of the whole file
  EncodingGuess g = DetectEncodingBomOrUtf16(bytes, &decided);
  if (g.encoding == Encoding::kUtf16Le || g.encoding == Encoding::kUtf16Be) return std::nullopt;
  // What binaries look like, beyond the magic numbers above: a NUL byte (text never has one once
  // UTF-16 is ruled out), or control characters at scale. Text exports do carry a few control
  // bytes (PostgreSQL COPY keeps a backspace in a field, DOS ends files with Ctrl-Z, notes hold
  // vertical tabs, 0x1E/0x1F separate fields), so those alone never make a file binary: random
  // bytes have about 12 % controls, text practically none.
  const size_t probe = std::min<size_t>(bytes.size(), 65536);
  size_t control = 0;
  for (size_t i = 0; i < probe; ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return std::string("a binary file");
    control += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
  }
  const bool controls_at_scale = control >= kBinaryMinControls && control * 100 >= probe * kBinaryControlPercent;
  if (controls_at_scale) return std::string("a binary file");
  return std::nullopt;
}

Result<std::string> DecodeToUtf8(std::string bytes, Encoding encoding, size_t bom_length) {
  bom_length = std::min(bom_length, bytes.size());
  switch (encoding) {
    case Encoding::kUtf8: {
      if (bom_length > 0) bytes.erase(0, bom_length);
      size_t bad = FirstInvalidUtf8(bytes);
      if (bad != std::string_view::npos) {
        Error e = MakeError("encoding.invalid_utf8", "The file is not valid UTF-8",
                            "Choose the file's encoding (e.g. windows-1252 for files saved by Excel)");
        e.byte_offset = static_cast<int64_t>(bad + bom_length);
        e.row = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
        return e;
      }
      return Result<std::string>(std::move(bytes));
    }
    case Encoding::kWindows1252: {
      std::string out;
      size_t high = 0;
      for (size_t i = bom_length; i < bytes.size(); ++i) high += static_cast<unsigned char>(bytes[i]) >= 0x80;
      out.reserve(bytes.size() - bom_length + high * 2);
      for (size_t i = bom_length; i < bytes.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80) out.push_back(static_cast<char>(c));
        else if (c < 0xA0) AppendUtf8(out, kCp1252High[c - 0x80]);
        else AppendUtf8(out, c);
      }
      return out;
    }
    case Encoding::kUtf16Le:
    case Encoding::kUtf16Be: {
      const bool le = encoding == Encoding::kUtf16Le;
      std::string out;
      out.reserve(bytes.size());
      size_t n = bytes.size();
      auto unit = [&](size_t i) -> char32_t {
        auto lo = static_cast<unsigned char>(bytes[le ? i : i + 1]);
        auto hi = static_cast<unsigned char>(bytes[le ? i + 1 : i]);
        return static_cast<char32_t>(lo | (hi << 8));
      };
      size_t i = bom_length;
      for (; i + 1 < n; i += 2) {
        char32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
          char32_t u2 = unit(i + 2);
          if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
            AppendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
            i += 2;
            continue;
          }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
          Error e = MakeError("encoding.invalid_utf16", "The file has a broken UTF-16 surrogate pair",
                              "Re-save the file as UTF-8");
          e.byte_offset = static_cast<int64_t>(i);
          return e;
        }
        AppendUtf8(out, u);
      }
      if (i < n) {
        Error e = MakeError("encoding.odd_utf16", "The UTF-16 file ends in the middle of a character",
                            "The file may be truncated; re-export it");
        e.byte_offset = static_cast<int64_t>(i);
        return e;
      }
      return out;
    }
  }
  return MakeError("encoding.unknown", "Unknown encoding");
}

std::string EncodeFromUtf8(std::string_view utf8, Encoding encoding, bool bom, size_t* unmappable) {
  std::string out;
  size_t bad = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  switch (encoding) {
    case Encoding::kUtf8:
      out.reserve(utf8.size() + 3);
      if (bom) out.append("\xEF\xBB\xBF");
      out.append(utf8);
      break;
    case Encoding::kWindows1252:
      out.reserve(utf8.size());
      while (p < end) {
        char32_t cp = 0;
        size_t len = Utf8SequenceLength(p, end, &cp);
        if (len == 0) { out.push_back('?'); ++bad; ++p; continue; }
        p += len;
        if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) { out.push_back(static_cast<char>(cp)); continue; }
        auto it = std::find(kCp1252High.begin(), kCp1252High.end(), cp);
        if (it != kCp1252High.end()) { out.push_back(static_cast<char>(0x80 + (it - kCp1252High.begin()))); continue; }
        out.push_back('?');
        ++bad;
      }
      break;
    case Encoding::kUtf16Le:
    case Encoding::kUtf16Be: {
      const bool le = encoding == Encoding::kUtf16Le;
      out.reserve(utf8.size() * 2 + 2);
      auto put = [&](char32_t u) {
        char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
        if (le) { out.push_back(lo); out.push_back(hi); } else { out.push_back(hi); out.push_back(lo); }
      };
      if (bom) put(0xFEFF);
      while (p < end) {
        char32_t cp = 0;
        size_t len = Utf8SequenceLength(p, end, &cp);
        if (len == 0) { put('?'); ++bad; ++p; continue; }
        p += len;
        if (cp >= 0x10000) {
          cp -= 0x10000;
          put(0xD800 + (cp >> 10));
          put(0xDC00 + (cp & 0x3FF));
        } else {
          put(cp);
        }
      }
      break;
    }
  }
  if (unmappable) *unmappable = bad;
  return out;
}

}  // namespace seg::io
