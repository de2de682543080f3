// seg/common/text.hpp — small UTF-8 helpers for text shown to people.
#pragma once

#include <string>
#include <string_view>

namespace seg {

// The longest prefix of `s` of at most `max_bytes` bytes that ends on a UTF-8 code point
// boundary, followed by "…" when something was cut. Never produces invalid UTF-8 from valid input.
inline std::string TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;  // continuation byte
  return std::string(s.substr(0, end)) + "\u2026";
}

}  // namespace seg
