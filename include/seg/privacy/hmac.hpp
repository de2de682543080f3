// seg/privacy/hmac.hpp — SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104, tested with the
// RFC 4231 vectors), and the keyed pseudonyms built on them.
//
// Our own small implementation (no OpenSSL: the core also runs as wasm with nothing but the
// standard library). Not constant-time with respect to the key length; fine for pseudonymising
// exports, not meant for authenticating messages to an attacker who can time us.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace seg::privacy {

using Digest = std::array<uint8_t, 32>;

// Incremental SHA-256: Update() any number of times, then Final() once.
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  Digest Final();

 private:
  void Block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // bytes hashed so far
};

Digest Sha256Of(std::string_view bytes);
// HMAC-SHA-256(key, message); keys longer than the 64-byte block are hashed first (RFC 2104).
Digest HmacSha256(std::string_view key, std::string_view message);
// Lowercase hexadecimal.
std::string ToHex(const uint8_t* bytes, size_t n);
inline std::string ToHex(const Digest& d) { return ToHex(d.data(), d.size()); }

// The pseudonym of `value` under `key`: the first `hex_chars` lowercase hex digits of
// HMAC-SHA-256(key, value) (64 = the whole MAC, the default; clamped to 1..64). The same key and
// value always give the same pseudonym, so pseudonymised files can still be joined on the column;
// without the key the value cannot be recovered or confirmed by hashing guesses.
std::string Pseudonym(std::string_view key, std::string_view value, size_t hex_chars = 64);

}  // namespace seg::privacy
