// ZIP central directory and entry inflation for the workbook reader (see xlsx_zip.hpp).
#include "xlsx_zip.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace seg::io::detail {
namespace {

uint16_t U16(std::string_view b, uint64_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
uint32_t U32(std::string_view b, uint64_t at) { return U16(b, at) | static_cast<uint32_t>(U16(b, at + 2)) << 16; }
uint64_t U64(std::string_view b, uint64_t at) { return U32(b, at) | static_cast<uint64_t>(U32(b, at + 4)) << 32; }

Error Corrupt(Lang lang, const std::string& what_en, const std::string& what_de) {
  return MakeError("xlsx.corrupt_zip",
                   Say(lang, "The workbook is damaged (" + what_en + ")", "Die Arbeitsmappe ist beschädigt (" + what_de + ")"),
                   Say(lang, "Open it in Excel and save it again, or save the sheet as CSV UTF-8",
                       "Öffnen Sie sie in Excel und speichern Sie sie erneut, oder speichern Sie das Blatt als CSV UTF-8"));
}

bool Fits(std::string_view b, uint64_t at, uint64_t n) { return at <= b.size() && n <= b.size() - at; }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

const ZipEntry* ZipArchive::Find(std::string_view name) const {
  for (const ZipEntry& e : entries)
    if (e.name == name) return &e;
  for (const ZipEntry& e : entries)
    if (e.name.size() == name.size() &&
        std::equal(e.name.begin(), e.name.end(), name.begin(), [](char a, char b) { return Lower(a) == Lower(b); }))
      return &e;
  return nullptr;
}

Result<ZipArchive> OpenZip(std::string_view b, Lang lang) {
  // End of central directory: 22 bytes plus a comment of up to 65535 bytes, searched backwards.
  if (b.size() < 22) return Corrupt(lang, "too short for a ZIP archive", "zu kurz für ein ZIP-Archiv");
  uint64_t eocd = UINT64_MAX;
  const uint64_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
  for (uint64_t at = b.size() - 22 + 1; at-- > lowest;) {
    if (U32(b, at) == 0x06054b50 && at + 22 + U16(b, at + 20) == b.size()) { eocd = at; break; }
  }
  if (eocd == UINT64_MAX) {
    for (uint64_t at = b.size() - 22 + 1; at-- > lowest;)
      if (U32(b, at) == 0x06054b50) { eocd = at; break; }  // comment length wrong: still try
  }
  if (eocd == UINT64_MAX)
    return Corrupt(lang, "no end of central directory: the file is cut off", "kein Zentralverzeichnis: die Datei ist abgeschnitten");
  uint64_t count = U16(b, eocd + 10);
  uint64_t dir_size = U32(b, eocd + 12);
  uint64_t dir_offset = U32(b, eocd + 16);
  if (eocd >= 20 && U32(b, eocd - 20) == 0x07064b50) {  // ZIP64 end of central directory locator
    uint64_t z64 = U64(b, eocd - 20 + 8);
    if (!Fits(b, z64, 56) || U32(b, z64) != 0x06064b50)
      return Corrupt(lang, "bad ZIP64 directory record", "fehlerhafter ZIP64-Verzeichniseintrag");
    count = U64(b, z64 + 32);
    dir_size = U64(b, z64 + 40);
    dir_offset = U64(b, z64 + 48);
  }
  if (!Fits(b, dir_offset, dir_size))
    return Corrupt(lang, "the central directory lies outside the file", "das Zentralverzeichnis liegt außerhalb der Datei");
  if (count > dir_size / 46 + 1)
    return Corrupt(lang, "more entries than the directory can hold", "mehr Einträge, als das Verzeichnis fassen kann");
  ZipArchive zip;
  zip.bytes = b;
  zip.entries.reserve(static_cast<size_t>(count));
  uint64_t at = dir_offset;
  const uint64_t end = dir_offset + dir_size;
  for (uint64_t i = 0; i < count; ++i) {
    if (at + 46 > end || U32(b, at) != 0x02014b50)
      return Corrupt(lang, "bad central directory entry", "fehlerhafter Eintrag im Zentralverzeichnis");
    ZipEntry e;
    e.flags = U16(b, at + 8);
    e.method = U16(b, at + 10);
    e.compressed = U32(b, at + 20);
    e.uncompressed = U32(b, at + 24);
    const uint64_t name_len = U16(b, at + 28), extra_len = U16(b, at + 30), comment_len = U16(b, at + 32);
    e.local_offset = U32(b, at + 42);
    if (at + 46 + name_len + extra_len + comment_len > end)
      return Corrupt(lang, "a directory entry runs past the directory", "ein Verzeichniseintrag reicht über das Verzeichnis hinaus");
    e.name.assign(b.substr(at + 46, name_len));
    // ZIP64 extended information: the 64-bit values, in this order, for the fields set to all ones.
    uint64_t x = at + 46 + name_len;
    const uint64_t x_end = x + extra_len;
    while (x + 4 <= x_end) {
      const uint16_t id = U16(b, x), len = U16(b, x + 2);
      if (x + 4 + len > x_end) break;
      if (id == 0x0001) {
        uint64_t f = x + 4;
        auto take = [&](uint64_t* v, uint64_t all_ones) {
          if (*v == all_ones && f + 8 <= x + 4 + len) { *v = U64(b, f); f += 8; }
        };
        take(&e.uncompressed, 0xFFFFFFFFu);
        take(&e.compressed, 0xFFFFFFFFu);
        take(&e.local_offset, 0xFFFFFFFFu);
      }
      x += 4 + len;
    }
    zip.entries.push_back(std::move(e));
    at += 46 + name_len + extra_len + comment_len;
  }
  return zip;
}

struct EntryStream::State {
  z_stream z{};
  bool z_open = false;
  std::string_view data;  // the entry's compressed (or stored) bytes
  uint64_t consumed = 0;
  uint64_t produced = 0;
  uint64_t declared = 0;
  uint16_t method = 0;
  InflateLimits limits;
  Lang lang = Lang::kEn;
  bool finished = false;
  ~State() {
    if (z_open) inflateEnd(&z);
  }
};

EntryStream::EntryStream() = default;
EntryStream::~EntryStream() = default;
EntryStream::EntryStream(EntryStream&&) noexcept = default;
EntryStream& EntryStream::operator=(EntryStream&&) noexcept = default;
uint64_t EntryStream::produced() const { return state_ ? state_->produced : 0; }

Status EntryStream::Open(const ZipArchive& zip, const ZipEntry& entry, InflateLimits limits, Lang lang) {
  state_ = std::make_unique<State>();
  State& s = *state_;
  s.lang = lang;
  s.limits = limits;
  s.method = entry.method;
  s.declared = entry.uncompressed;
  std::string_view b = zip.bytes;
  if (entry.flags & 1)
    return MakeError("xlsx.encrypted", Say(lang, "The workbook is encrypted", "Die Arbeitsmappe ist verschlüsselt"),
                     Say(lang, "Remove the password in Excel (File > Info > Protect Workbook), save, and open it again",
                         "Entfernen Sie das Kennwort in Excel (Datei > Informationen > Arbeitsmappe schützen), speichern Sie und öffnen Sie sie erneut"));
  if (!Fits(b, entry.local_offset, 30) || U32(b, entry.local_offset) != 0x04034b50)
    return Corrupt(lang, "bad local header of " + entry.name, "fehlerhafter lokaler Kopf von " + entry.name);
  const uint64_t start = entry.local_offset + 30 + U16(b, entry.local_offset + 26) + U16(b, entry.local_offset + 28);
  if (!Fits(b, start, entry.compressed))
    return Corrupt(lang, entry.name + " runs past the end of the file", entry.name + " reicht über das Dateiende hinaus");
  s.data = b.substr(start, entry.compressed);
  if (limits.max_bytes && entry.uncompressed > limits.max_bytes)
    return MakeError("xlsx.zip_bomb",
                     Say(lang, entry.name + " would expand to " + std::to_string(entry.uncompressed >> 20) + " MB, more than a sheet can hold",
                         entry.name + " würde sich auf " + std::to_string(entry.uncompressed >> 20) + " MB entpacken, mehr als ein Blatt fassen kann"),
                     Say(lang, "This is not a normal workbook (a \"zip bomb\"?); save the sheet as CSV UTF-8 if it is yours",
                         "Das ist keine gewöhnliche Arbeitsmappe (eine „ZIP-Bombe“?); speichern Sie das Blatt als CSV UTF-8, wenn es Ihres ist"));
  if (entry.method == 8) {
    if (inflateInit2(&s.z, -MAX_WBITS) != Z_OK) return Corrupt(lang, "zlib could not start", "zlib konnte nicht starten");
    s.z_open = true;
  } else if (entry.method != 0) {
    return Corrupt(lang, entry.name + " uses compression method " + std::to_string(entry.method),
                   entry.name + " nutzt die Kompressionsmethode " + std::to_string(entry.method));
  }
  return Ok{};
}

Status EntryStream::Read(std::string* out, size_t budget, bool* done) {
  State& s = *state_;
  *done = s.finished;
  if (s.finished) return Ok{};
  budget = std::max<size_t>(budget, 1 << 16);
  const size_t base = out->size();
  if (s.method == 0) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(budget, s.data.size() - s.consumed));
    out->append(s.data.substr(s.consumed, n));
    s.consumed += n;
    s.produced += n;
  } else {
    out->resize(base + budget);
    // zlib counts in uInt: feed at most 1 GiB per call.
    const uint64_t avail = std::min<uint64_t>(s.data.size() - s.consumed, 1u << 30);
    s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data.data() + s.consumed));
    s.z.avail_in = static_cast<uInt>(avail);
    s.z.next_out = reinterpret_cast<Bytef*>(out->data() + base);
    s.z.avail_out = static_cast<uInt>(budget);
    const int rc = inflate(&s.z, Z_NO_FLUSH);
    const size_t got = budget - s.z.avail_out;
    s.consumed += avail - s.z.avail_in;
    s.produced += got;
    out->resize(base + got);
    if (rc == Z_STREAM_END) {
      s.finished = true;
    } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && got > 0)) {
      return Corrupt(s.lang, std::string("deflate data: ") + (s.z.msg ? s.z.msg : "error"),
                     std::string("Deflate-Daten: ") + (s.z.msg ? s.z.msg : "Fehler"));
    } else if (got == 0 && s.consumed == s.data.size()) {
      return Corrupt(s.lang, "the compressed data ends early", "die komprimierten Daten enden zu früh");
    }
  }
  if (s.method == 0 && s.consumed == s.data.size()) s.finished = true;
  const bool over_size = s.limits.max_bytes && s.produced > s.limits.max_bytes;
  const bool over_declared = s.produced > s.declared;  // more than the directory promised
  const bool over_ratio = s.limits.max_ratio > 0 && s.produced > (uint64_t(16) << 20) &&
                          static_cast<double>(s.produced) > s.limits.max_ratio * static_cast<double>(std::max<uint64_t>(s.consumed, 1));
  if (over_size || over_declared || over_ratio)
    return MakeError("xlsx.zip_bomb",
                     Say(s.lang, "The workbook expands far beyond any sheet (" + std::to_string(s.produced >> 20) + " MB from " +
                                     std::to_string(std::max<uint64_t>(s.consumed >> 10, 1)) + " KB)",
                         "Die Arbeitsmappe entpackt sich weit über jedes Blatt hinaus (" + std::to_string(s.produced >> 20) + " MB aus " +
                             std::to_string(std::max<uint64_t>(s.consumed >> 10, 1)) + " KB)"),
                     Say(s.lang, "This is not a normal workbook (a \"zip bomb\"?); save the sheet as CSV UTF-8 if it is yours",
                         "Das ist keine gewöhnliche Arbeitsmappe (eine „ZIP-Bombe“?); speichern Sie das Blatt als CSV UTF-8, wenn es Ihres ist"));
  *done = s.finished;
  return Ok{};
}

Result<std::string> ReadEntry(const ZipArchive& zip, const ZipEntry& entry, InflateLimits limits, Lang lang) {
  EntryStream stream;
  if (Status st = stream.Open(zip, entry, limits, lang); !st.ok()) return st.error();
  std::string out;
  out.reserve(static_cast<size_t>(std::min<uint64_t>(entry.uncompressed, uint64_t(64) << 20)));
  bool done = false;
  while (!done)
    if (Status st = stream.Read(&out, 4 << 20, &done); !st.ok()) return st.error();
  return out;
}

}  // namespace seg::io::detail
