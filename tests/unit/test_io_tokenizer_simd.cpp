// The tokenizer's 16-bytes-at-a-time fast path (ScanPlainFields, csv_scan_simd.cpp) must leave
// ParseRecord's output exactly as it was: the same fields with the same flags, the same RecordInfo
// and the same status, for any text and any start position. RefParseRecord below is the tokenizer
// as it was before the fast path (eight bytes at a time, one field after the other), kept verbatim
// as the reference.
#include <catch2/catch.hpp>

#include <bit>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/io/csv_tokenizer.hpp"

using namespace seg::io;
using namespace seg::io::detail;

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;
inline uint64_t ZeroBytes(uint64_t x) { return (x - kOnes) & ~x & kHighs; }

inline uint64_t RefFindFieldEnd(const char* data, uint64_t p, uint64_t n, char delim) {
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

inline uint64_t SkipLineBreak(std::string_view text, uint64_t p) {
  if (text[p] == '\r' && p + 1 < text.size() && text[p + 1] == '\n') return p + 2;
  return p + 1;
}

RecordStatus RefParseRecord(std::string_view text, uint64_t pos, const CsvDialect& d, std::vector<FieldRef>& fields,
                            RecordInfo& info) {
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
    while (p < n && (data[p] == ' ' || data[p] == '\t')) ++p;
  }
  for (;;) {
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
        if (q + 1 < n && data[q + 1] == quote) {
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
      if (p < n && data[p] != delim && !IsLineBreak(data[p]) && !(ws && (data[p] == ' ' || data[p] == '\t'))) {
        f.malformed = true;
        f.escaped = true;
        f.begin = open;
        while (p < n && data[p] != delim && !IsLineBreak(data[p])) ++p;
        f.length = static_cast<uint32_t>(p - open);
      }
    } else {
      f.begin = p;
      if (ws) {
        while (p < n && data[p] != ' ' && data[p] != '\t' && !IsLineBreak(data[p])) ++p;
      } else {
        p = RefFindFieldEnd(data, p, n, delim);
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

bool SameField(const FieldRef& a, const FieldRef& b) {
  return a.begin == b.begin && a.length == b.length && a.quoted == b.quoted && a.escaped == b.escaped &&
         a.malformed == b.malformed;
}

bool SameInfo(const RecordInfo& a, const RecordInfo& b) {
  return a.begin == b.begin && a.end == b.end && a.next == b.next && a.newlines == b.newlines &&
         a.error_offset == b.error_offset && a.blank == b.blank;
}

// Parses `text` from every start position with both tokenizers; returns the number of mismatches
// (each reported through INFO/CHECK). The fields vectors start non-empty to check they are cleared.
int CompareAllStarts(std::string_view text, const CsvDialect& d) {
  std::vector<FieldRef> got(3), want(5);
  RecordInfo gi, wi;
  int bad = 0;
  for (uint64_t pos = 0; pos <= text.size() + 1; ++pos) {
    const RecordStatus gs = ParseRecord(text, pos, d, got, gi);
    const RecordStatus ws = RefParseRecord(text, pos, d, want, wi);
    bool same = gs == ws && SameInfo(gi, wi) && got.size() == want.size();
    for (size_t i = 0; same && i < got.size(); ++i) same = SameField(got[i], want[i]);
    if (!same) {
      ++bad;
      INFO("text '" << std::string(text) << "' pos " << pos << " delim " << static_cast<int>(d.delimiter) << " quote "
                    << static_cast<int>(d.quote) << " ws " << d.whitespace_aligned << " fields " << got.size()
                    << " vs " << want.size());
      CHECK(same);
    }
  }
  return bad;
}

std::vector<CsvDialect> Dialects() {
  std::vector<CsvDialect> out;
  for (char delim : {',', ';', '\t', '|'}) {
    for (char quote : {'"', '\'', '\0'}) {
      CsvDialect d;
      d.delimiter = delim;
      d.quote = quote;
      out.push_back(d);
    }
  }
  CsvDialect ws;
  ws.delimiter = ' ';
  ws.whitespace_aligned = true;
  out.push_back(ws);
  ws.quote = 0;
  out.push_back(ws);
  return out;
}

// Text made of the pieces that matter to the tokenizer: every delimiter, both quote characters,
// doubled quotes, CR, LF, CRLF, blanks, and plain runs short and long (fields crossing one or more
// 16-byte blocks).
std::string RandomText(std::mt19937& rng, size_t pieces) {
  static const char* const kPieces[] = {",", ";", "\t", "|", "\"", "'", "\"\"", "\n", "\r", "\r\n", " ", "  ",
                                        "a", "bc", "def", "1234567", "x,y", "\"q\"", "\"a,b\"", "\"l1\nl2\"",
                                        "\"e\"\"x\"", "\"ab\"c", "'s'", "\"cr\rlf\"", ",,", "\0"};
  constexpr size_t kCount = sizeof kPieces / sizeof kPieces[0];
  std::string s;
  std::uniform_int_distribution<size_t> pick(0, kCount);  // kCount: a long plain run
  std::uniform_int_distribution<int> len(1, 80);
  for (size_t i = 0; i < pieces; ++i) {
    const size_t k = pick(rng);
    if (k == kCount) {
      s += std::string(static_cast<size_t>(len(rng)), static_cast<char>('k' + i % 10));
    } else if (kPieces[k][0] == '\0') {
      s.push_back('\0');
    } else {
      s += kPieces[k];
    }
  }
  return s;
}

// CSV-like text: records of mostly plain fields (the importer's common case), with now and then a
// quoted field, an empty one or a long one, and the three line endings.
std::string RandomCsv(std::mt19937& rng, char delim, size_t records) {
  std::string s;
  std::uniform_int_distribution<int> fields(1, 24), kind(0, 19), len(0, 70);
  const char* eols[] = {"\n", "\r\n", "\r"};
  const char* eol = eols[rng() % 3];
  for (size_t r = 0; r < records; ++r) {
    const int nf = fields(rng);
    for (int f = 0; f < nf; ++f) {
      if (f > 0) s.push_back(delim);
      const int k = kind(rng);
      if (k == 0) continue;  // empty
      if (k == 1) {
        s += "\"quoted" + std::string(1, delim) + "\"\"x\"\"\"";
      } else if (k == 2) {
        s += "\"multi\nline\"";
      } else if (k == 3) {
        s += std::string(static_cast<size_t>(len(rng)) + 16, 'L');
      } else {
        s += std::to_string(rng() % 100000);
      }
    }
    if (r + 1 < records || rng() % 2 == 0) s += (rng() % 10 == 0) ? eols[rng() % 3] : eol;
  }
  return s;
}

}  // namespace

TEST_CASE("the 16-byte field scan parses records exactly like the eight-byte tokenizer", "[io][fast]") {
  const std::vector<CsvDialect> dialects = Dialects();
  std::mt19937 rng(20261204);
  int bad = 0;
  for (int round = 0; round < 400 && bad < 5; ++round) {
    const std::string text = RandomText(rng, 1 + rng() % 40);
    for (const CsvDialect& d : dialects) bad += CompareAllStarts(text, d);
  }
  for (int round = 0; round < 200 && bad < 5; ++round) {
    const char delim = ",;\t|"[round % 4];
    const std::string text = RandomCsv(rng, delim, 1 + rng() % 4);
    for (const CsvDialect& d : dialects) {
      if (d.delimiter == delim || d.whitespace_aligned) bad += CompareAllStarts(text, d);
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("the 16-byte field scan stops at the end of the text at every offset", "[io][fast]") {
  // Records ending exactly at, just before and just after a 16-byte block boundary, with and
  // without a terminator, an unterminated quote at the end, and a quote opening a field in the
  // middle of a block. The text is a copy of exact size so a read past its end would stand out
  // under the sanitizers.
  const std::vector<CsvDialect> dialects = Dialects();
  int bad = 0;
  for (size_t pad = 0; pad < 40 && bad < 5; ++pad) {
    for (const char* tail : {"", "\n", "\r\n", "\r", ",", ",\"", ",\"open", ",\"x\"", ",\"x\"y", "\"\"", ",,"}) {
      std::string body;
      for (size_t i = 0; i < pad; ++i) body.push_back(i % 5 == 4 ? ',' : static_cast<char>('a' + i % 26));
      const std::string s = body + tail;
      const std::vector<char> exact(s.begin(), s.end());
      const std::string_view text(exact.data(), exact.size());
      for (const CsvDialect& d : dialects) bad += CompareAllStarts(text, d);
    }
  }
  CHECK(bad == 0);
}
