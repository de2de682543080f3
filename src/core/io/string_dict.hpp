// Internal to seg::io: the reader's dictionary of distinct strings -> dense codes (StringDict),
// and the prefetch / forced-inline helpers of the reading loop it shares with csv_reader.cpp.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "distinct_counter.hpp"

namespace seg::io::detail {

// Asks for the cache line at p ahead of its use (a hint; nothing where there is no prefetch
// instruction, as in WebAssembly).
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__EMSCRIPTEN__)
#define SEG_IO_PREFETCH 1
inline void PrefetchLine(const void* p) { __builtin_prefetch(p); }
#else
#define SEG_IO_PREFETCH 0
inline void PrefetchLine(const void*) {}
#endif

// For the per-cell helpers of the reading loop, in WebAssembly: inlined at the source level, so
// clang keeps the cell's string_view in registers. A call that is left to WebAssembly's own inliner
// passes the view through linear memory (aggregates go by pointer in the wasm C ABI), and reloading
// its two 32-bit halves as one 64-bit word stalls on every cell (Node: 15-20 % of the reading loop).
// Natively GCC's own choice is faster (forcing it made the reading pass about 10 % slower).
#if defined(__EMSCRIPTEN__)
#define SEG_IO_HOT inline __attribute__((always_inline))
#else
#define SEG_IO_HOT inline
#endif

// Dictionary of distinct strings -> dense codes (open addressing; keys live in `levels`). Each slot
// keeps 32 bits of the hash next to the code, so a probe rarely touches the string itself: with a
// million distinct ids that is the difference between one cache miss per cell and three. Where the
// tag matches, the value is compared with the level's Head (its size and first 28 bytes, 32 bytes
// per level in one array) rather than with the level: a std::string longer than the small-string
// buffer (15 bytes natively, 10 in WebAssembly) keeps its characters elsewhere on the heap, one
// more dependent cache miss per cell (company names: about 60 % more time per cell in wasm).
class StringDict {
 public:
  explicit StringDict(std::vector<std::string>* levels) : levels_(levels) { slots_.assign(64, kEmpty); }
  uint32_t Intern(std::string_view s) { return Intern(s, Hash(s)); }
  // Intern with `h` = Hash(s), after Prefetch(h) had time to bring the slot into cache. Forced
  // inline for the reason given at SEG_IO_HOT.
  SEG_IO_HOT uint32_t Intern(std::string_view s, uint64_t h) {
    if ((levels_->size() + 1) * 2 > slots_.size()) Grow();
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    const size_t mask = slots_.size() - 1;
    // The slot index comes from the tag too, so growing never has to hash the strings again.
    size_t i = tag & mask;
    while (slots_[i] != kEmpty) {
      if (static_cast<uint32_t>(slots_[i] >> 32) == tag) {
        uint32_t code = static_cast<uint32_t>(slots_[i]);
        if (Equal(code, s)) return code;
      }
      i = (i + 1) & mask;
    }
    uint32_t code = static_cast<uint32_t>(levels_->size());
    levels_->emplace_back(s);
    Head& head = heads_.emplace_back();
    head.size = static_cast<uint32_t>(std::min<size_t>(s.size(), UINT32_MAX));
    std::memcpy(head.bytes, s.data(), std::min(s.size(), kHeadBytes));
    slots_[i] = (static_cast<uint64_t>(tag) << 32) | code;
    return code;
  }
  // Beyond this many slots a lookup is likely to miss the cache, and is worth deferring (Pass1).
  // Never turns false again before Clear() (which comes after a flush), so a column's deferred
  // lookups are never overtaken by immediate ones.
  bool Large() const { return slots_.size() >= 8192; }
  void Prefetch(uint64_t h) const { PrefetchLine(&slots_[static_cast<uint32_t>(h >> 32) & (slots_.size() - 1)]); }
  // The code of the first level whose slot carries h's tag (the one Intern will compare first),
  // or kNoCode; reads only, after Prefetch(h). For prefetching the level before Intern(s, h).
  static constexpr uint32_t kNoCode = ~0u;
  uint32_t Candidate(uint64_t h) const {
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    const size_t mask = slots_.size() - 1;
    for (size_t i = tag & mask, probes = 0; slots_[i] != kEmpty && probes < 4; i = (i + 1) & mask, ++probes) {
      if (static_cast<uint32_t>(slots_[i] >> 32) == tag) return static_cast<uint32_t>(slots_[i]);
    }
    return kNoCode;
  }
  // Prefetches level `code`'s head or, with `chars`, the characters beyond it (long levels only).
  void PrefetchLevel(uint32_t code, bool chars) const {
    if (code >= heads_.size()) return;
    if (!chars) PrefetchLine(&heads_[code]);
    else if (heads_[code].size > kHeadBytes) PrefetchLine((*levels_)[code].data() + kHeadBytes);
  }
  // Forgets every level (and empties the levels vector).
  void Clear() {
    levels_->clear();
    heads_.clear();
    slots_.assign(64, kEmpty);
  }
  // Frees the slots but keeps the levels: for a key column (see CsvImporter::State::key_mode),
  // whose levels are appended without lookups from then on. Intern must not be called again
  // before Clear().
  void ReleaseSlots() {
    std::vector<uint64_t>().swap(slots_);
    std::vector<Head>().swap(heads_);
  }

  // The last r (1..7) bytes of data[0, n) as the low bytes of a word, as a memcpy of them into a
  // zeroed word gives on a little-endian machine, but from whole loads: a memcpy of variable length
  // stores byte by byte and the load right after it then waits for the stores to drain.
  static uint64_t Tail(const char* data, size_t n, size_t r) {
    if constexpr (std::endian::native == std::endian::little) {
      if (n >= 8) {
        uint64_t w;
        std::memcpy(&w, data + n - 8, 8);
        return w >> (8 * (8 - r));
      }
      const auto* b = reinterpret_cast<const unsigned char*>(data);  // r == n here
      if (r >= 4) {
        uint32_t lo, hi;
        std::memcpy(&lo, b, 4);
        std::memcpy(&hi, b + r - 4, 4);
        return uint64_t{lo} | (uint64_t{hi} << (8 * (r - 4)));
      }
      return uint64_t{b[0]} | (uint64_t{b[r / 2]} << (8 * (r / 2))) | (uint64_t{b[r - 1]} << (8 * (r - 1)));
    } else {
      uint64_t tail = 0;
      std::memcpy(&tail, data + n - r, r);
      return tail;
    }
  }
  SEG_IO_HOT static uint64_t Hash(std::string_view s) {
    // 8 bytes at a time, multiply-xorshift mixing (not cryptographic; keys are the user's own data).
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    const uint64_t tail = i < s.size() ? Tail(s.data(), s.size(), s.size() - i) : 0;
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h;
  }
 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  // Levels are mostly short (names, regions, ids): compare eight bytes at a time without a library
  // call, the last word overlapping the one before it.
  static constexpr size_t kHeadBytes = 28;
  struct alignas(32) Head {
    uint32_t size = 0;              // the level's size (saturated at 2^32 - 1; longer ones compare in full)
    char bytes[kHeadBytes] = {};    // its first min(size, 28) bytes
  };
  static_assert(sizeof(Head) == 32);
  // Level `code` == s: from its head where that holds all of it, else the rest from the level.
  SEG_IO_HOT bool Equal(uint32_t code, std::string_view s) const {
    const Head& head = heads_[code];
    const size_t n = s.size();
    if (head.size != std::min<size_t>(n, UINT32_MAX)) return false;
    if (n > kHeadBytes) {
      return SameBytes(head.bytes, s.data(), kHeadBytes) &&
             SameBytes((*levels_)[code].data() + kHeadBytes, s.data() + kHeadBytes, n - kHeadBytes);
    }
    return SameBytes(head.bytes, s.data(), n);
  }
  // a[0, n) == b[0, n), eight bytes at a time without a library call (levels are mostly short), the
  // last word overlapping the one before it.
  static bool SameBytes(const char* a, const char* b, size_t n) {
    if (n < 8) return n == 0 || Tail(a, n, n) == Tail(b, n, n);
    if (n > 64) return std::memcmp(a, b, n) == 0;
    uint64_t x, y, diff = 0;
    for (size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      diff |= x ^ y;
    }
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return (diff | (x ^ y)) == 0;
  }
  void Grow() { Rebuild(slots_.size() * 2); }
  void Rebuild(size_t size) {
    std::vector<uint64_t> old = std::move(slots_);
    // Reserved and advised before the first write: pages touched before the hint stay small, and
    // with small pages every probe of a large table is a TLB miss as well as a cache miss.
    slots_ = std::vector<uint64_t>();
    slots_.reserve(size);
    AdviseHugePages(slots_);
    slots_.assign(size, kEmpty);
    const size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
      if (slot == kEmpty) continue;
      size_t i = static_cast<size_t>(slot >> 32) & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  std::vector<std::string>* levels_;
  std::vector<uint64_t> slots_;
  std::vector<Head> heads_;  // one per level, in code order
};

}  // namespace seg::io::detail
