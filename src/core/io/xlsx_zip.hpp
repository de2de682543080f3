// Internal to the workbook reader: a ZIP archive's central directory and its entries' bytes.
// PKWARE APPNOTE.TXT 6.3.10: end of central directory (4.3.16), ZIP64 end record and locator
// (4.3.14-15), central file headers (4.3.12), ZIP64 extra field (4.5.3). Every offset and size
// read from the file is checked against the buffer before use; deflate (RFC 1951) is zlib's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "seg/common/lang.hpp"
#include "seg/common/result.hpp"

namespace seg::io::detail {

// English or German, as the reader's options say.
inline std::string Say(Lang lang, std::string en, std::string de) { return lang == Lang::kDe ? std::move(de) : std::move(en); }

struct ZipEntry {
  std::string name;
  uint16_t flags = 0;   // bit 0: encrypted
  uint16_t method = 0;  // 0 stored, 8 deflate
  uint64_t compressed = 0;
  uint64_t uncompressed = 0;
  uint64_t local_offset = 0;
};

struct ZipArchive {
  std::string_view bytes;
  std::vector<ZipEntry> entries;
  // Exact name first, then ASCII case-insensitively (some writers vary the case); null if absent.
  const ZipEntry* Find(std::string_view name) const;
};

// Reads the central directory. Errors: "xlsx.corrupt_zip".
Result<ZipArchive> OpenZip(std::string_view bytes, Lang lang);

struct InflateLimits {
  uint64_t max_bytes = 0;  // refuse an entry inflating beyond this (0: no limit)
  double max_ratio = 0;    // refuse inflated/compressed beyond this once past 16 MiB (0: none)
};

// Streams one entry's inflated bytes in slices. Errors: "xlsx.corrupt_zip", "xlsx.zip_bomb",
// "xlsx.encrypted".
class EntryStream {
 public:
  EntryStream();
  ~EntryStream();
  EntryStream(EntryStream&&) noexcept;
  EntryStream& operator=(EntryStream&&) noexcept;
  Status Open(const ZipArchive& zip, const ZipEntry& entry, InflateLimits limits, Lang lang);
  // Appends up to about `budget` inflated bytes to *out. Sets *done at the entry's end.
  Status Read(std::string* out, size_t budget, bool* done);
  uint64_t produced() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The whole entry (for the small parts: workbook, relationships, styles).
Result<std::string> ReadEntry(const ZipArchive& zip, const ZipEntry& entry, InflateLimits limits, Lang lang);

}  // namespace seg::io::detail
