// seg/common/base64.hpp — Base64 (RFC 4648 section 4, the standard alphabet with '=' padding),
// used to embed a customer file in a project file.
//
// Contract: DecodeBase64 is strict (padding required, no whitespace, no other alphabet, no
// non-zero bits after the last byte) so a damaged project is reported instead of silently
// yielding other bytes; it never throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace seg {

std::string EncodeBase64(std::string_view bytes);
// The decoded bytes, or nullopt when `text` is not canonical padded Base64.
std::optional<std::string> DecodeBase64(std::string_view text);
// Bytes that `text` decodes to if it is valid (for size checks before decoding).
inline size_t DecodedBase64Size(std::string_view text) {
  size_t n = text.size() / 4 * 3;
  if (n == 0) return 0;
  if (text[text.size() - 1] == '=') --n;
  if (text[text.size() - 2] == '=') --n;
  return n;
}

}  // namespace seg
