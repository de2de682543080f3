// RFC 4180 tokenizer: fields separated by the delimiter, records by LF, CRLF or CR; a field that
// starts with the quote character runs to the matching quote, with "" standing for one quote and
// delimiters and line breaks inside kept as text.
#include "csv_tokenizer.hpp"

#include <bit>
#include <cstring>

namespace seg::io::detail {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;
// High bit set in each byte of x that is zero. Borrows only run upwards from a zero byte, so the
// lowest flagged byte is always a real zero (all we use).
inline uint64_t ZeroBytes(uint64_t x) { return (x - kOnes) & ~x & kHighs; }

// First position >= p holding the delimiter or a line break, or n. Eight bytes at a time: most
// fields are short, but this also keeps long text fields cheap. Where SIMD is available this only
// sees the fields in the last 16 bytes of the text (ScanPlainFields takes the others).
inline uint64_t FindFieldEnd(const char* data, uint64_t p, uint64_t n, char delim) {
  if constexpr (std::endian::native == std::endian::little) {
    const uint64_t d = kOnes * static_cast<unsigned char>(delim);
    while (p + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, data + p, 8);
      const uint64_t m = ZeroBytes(w ^ d) | ZeroBytes(w ^ (kOnes * '\n')) | ZeroBytes(w ^ (kOnes * '\r'));
      if (m != 0) return p + static_cast<uint64_t>(std::countr_zero(m) >> 3);
      p += 8;
    }
  }
  while (p < n && data[p] != delim && data[p] != '\n' && data[p] != '\r') ++p;
  return p;
}

inline bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Position after the line break at p (CRLF counts as one).
inline uint64_t SkipLineBreak(std::string_view text, uint64_t p) {
  if (text[p] == '\r' && p + 1 < text.size() && text[p + 1] == '\n') return p + 2;
  return p + 1;
}

}  // namespace

RecordStatus ParseRecord(std::string_view text, uint64_t pos, const CsvDialect& d,
                         std::vector<FieldRef>& fields, RecordInfo& info) {
  fields.clear();
  info = RecordInfo{};
  const uint64_t n = text.size();
  if (pos >= n) return RecordStatus::kEnd;
  info.begin = pos;
  const char delim = d.delimiter;
  const char quote = d.quote;
  const bool ws = d.whitespace_aligned;
  const char* data = text.data();

  uint64_t p = pos;
  if (ws) {
    // Whitespace-aligned text: fields are runs of non-blank characters.
    while (p < n && (data[p] == ' ' || data[p] == '\t')) ++p;
  }
  for (;;) {
    if (!ws) {
      // The common case, a run of unquoted fields, 16 bytes at a time (csv_scan_simd.cpp); it stops
      // at a field that starts with the quote, which the code below takes, then resumes after it.
      bool ended = false;
      p = ScanPlainFields(data, p, n, delim, quote, fields, ended);
      if (ended) break;
    }
    FieldRef f;
    if (quote != 0 && p < n && data[p] == quote) {
      f.quoted = true;
      const uint64_t open = p;
      ++p;
      f.begin = p;
      for (;;) {
        const void* hit = p < n ? std::memchr(data + p, quote, n - p) : nullptr;
        if (hit == nullptr) {
          info.error_offset = open;
          for (uint64_t i = open; i < n; ++i) info.newlines += data[i] == '\n' || (data[i] == '\r' && (i + 1 >= n || data[i + 1] != '\n'));
          return RecordStatus::kUnterminatedQuote;
        }
        uint64_t q = static_cast<uint64_t>(static_cast<const char*>(hit) - data);
        if (q + 1 < n && data[q + 1] == quote) {  // doubled quote
          f.escaped = true;
          p = q + 2;
          continue;
        }
        f.length = static_cast<uint32_t>(q - f.begin);
        p = q + 1;
        break;
      }
      for (uint64_t i = f.begin; i < f.begin + f.length; ++i) {
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= n || data[i + 1] != '\n'))) ++info.newlines;
      }
      // Text after the closing quote up to the next delimiter: keep it (malformed but not lost).
      if (p < n && data[p] != delim && !IsLineBreak(data[p]) && !(ws && (data[p] == ' ' || data[p] == '\t'))) {
        f.malformed = true;
        f.escaped = true;  // value must be rebuilt from the raw span
        f.begin = open;
        while (p < n && data[p] != delim && !IsLineBreak(data[p])) ++p;
        f.length = static_cast<uint32_t>(p - open);
      }
    } else {
      f.begin = p;
      if (ws) {
        while (p < n && data[p] != ' ' && data[p] != '\t' && !IsLineBreak(data[p])) ++p;
      } else {
        p = FindFieldEnd(data, p, n, delim);
      }
      f.length = static_cast<uint32_t>(p - f.begin);
    }
    fields.push_back(f);
    if (ws) {
      while (p < n && (data[p] == ' ' || data[p] == '\t')) ++p;
      if (p >= n || IsLineBreak(data[p])) break;
      continue;
    }
    if (p < n && data[p] == delim) {
      ++p;
      continue;
    }
    break;
  }
  info.end = p;
  if (p < n) {
    info.next = SkipLineBreak(text, p);
    ++info.newlines;
  } else {
    info.next = n;
  }
  info.blank = fields.size() == 1 && !fields[0].quoted &&
               text.substr(fields[0].begin, fields[0].length).find_first_not_of(" \t") == std::string_view::npos;
  if (ws && fields.size() == 1 && fields[0].length == 0) info.blank = true;
  return RecordStatus::kOk;
}

std::string_view FieldValue(std::string_view text, const FieldRef& f, char quote, std::string& scratch) {
  std::string_view raw = text.substr(f.begin, f.length);
  if (!f.escaped) return raw;
  scratch.clear();
  if (f.malformed) {
    // raw = "quoted part"trailing : undo the quoting of the first part, keep the rest.
    size_t i = 1;
    for (; i < raw.size(); ++i) {
      if (raw[i] == quote) {
        if (i + 1 < raw.size() && raw[i + 1] == quote) { scratch.push_back(quote); ++i; continue; }
        ++i;
        break;
      }
      scratch.push_back(raw[i]);
    }
    scratch.append(raw.substr(std::min(i, raw.size())));
    return scratch;
  }
  scratch.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    scratch.push_back(raw[i]);
    if (raw[i] == quote && i + 1 < raw.size() && raw[i + 1] == quote) ++i;
  }
  return scratch;
}

}  // namespace seg::io::detail
