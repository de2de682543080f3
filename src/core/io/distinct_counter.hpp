// Exact distinct count (with missing/min/max/sum) of a numeric column's values, for the importer's
// statistics. Internal to the importer; a header of its own so the unit tests can reach it.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#endif

namespace seg::io::detail {

// The importer writes a few hundred MB of fresh column memory for a million rows. With 4 KiB pages
// every page costs a fault (a few microseconds under virtualisation) and a TLB entry; on Linux,
// where transparent huge pages are usually granted on request ("madvise" mode), asking for them on
// the big reserved buffers removes most of that (measured: about a third of the import's CPU time).
// A hint only: the kernel may ignore it, and nothing else changes.
template <class T>
void AdviseHugePages(const std::vector<T>& v) {
#if defined(__linux__) && !defined(__EMSCRIPTEN__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(v.data()) + v.capacity() * sizeof(T)) & ~(kHuge - 1);
  if (v.data() != nullptr && end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)v;
#endif
}

// Exact number of distinct non-NaN values (the bit patterns, -0.0 folded to 0.0). A column starts
// in one open-addressing table that grows with the distinct count, so a low-cardinality column
// stays in cache. Once that table would outgrow the cache (a key-like column: every insert a
// cache miss, and no prefetch in WebAssembly), the column is counted by partitioning instead: one
// sequential pass scatters the (mixed) keys by their top bits into buckets of about a thousand,
// each then counted in a small table that stays in L1. Same count, either way. Measured on the
// 1M-row demo file: its three columns of 470k-900k distinct values take about half the time in
// Node, a third less natively, and 10 MB instead of a 16 MB table. The buffers are kept from
// column to column (each page faulted in once per import) until Release().
class DistinctCounter {
 public:
  struct Summary {
    size_t distinct = 0, missing = 0;
    double lo = INFINITY, hi = -INFINITY, sum = 0;
  };
  // Slots (8 bytes each) the direct table may reach before the column is partitioned instead:
  // 512 KB, within the L2 cache of any machine that runs this.
  static constexpr size_t kMaxDirectSlots = size_t{1} << 16;
  explicit DistinctCounter(size_t max_direct_slots = kMaxDirectSlots) : max_direct_(max_direct_slots) {}

  // Distinct count plus missing/min/max/sum in the same sweep (the values are cold by now).
  // `values`: anything with size() and operator[] giving doubles (a vector, a NumericValues::View).
  template <class Values>
  Summary Summarize(const Values& values) {
    size_t cap = 256;
    int shift = 56;
    Reset(table_, cap);
    // The sweep's state in locals: through the result (or a member) the compiler would store each
    // statistic every row, since a store into the table might alias it.
    uint64_t* table = table_.data();
    const Values& data = values;
    size_t distinct = 0, missing = 0;
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    const size_t n = values.size();
    size_t k = 0;
    bool partition = false;
    for (; k < n; ++k) {
      const double v = data[k];
      if (std::isnan(v)) {
        ++missing;
        continue;
      }
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
      if (!Insert(table, cap, shift, Bits(v))) continue;
      if (++distinct * 2 > cap) {
        if (cap >= max_direct_) {
          // It would outgrow the cache: what the table holds is thrown away and the whole column
          // counted by partitioning (at most a cache-sized table's worth of inserts lost).
          partition = true;
          ++k;
          break;
        }
        // Grow to what the distinct rate so far predicts for the whole column, up to the cache's
        // share (a key column goes to that size at once instead of re-inserting a few times).
        const double predicted = static_cast<double>(distinct) * static_cast<double>(n) / static_cast<double>(k + 1);
        size_t next = cap * 2;
        int next_shift = shift - 1;
        while (static_cast<double>(next) < 2.0 * predicted && next < 2 * n && next < max_direct_) {
          next <<= 1;
          --next_shift;
        }
        // Rebuilt in place (one table, not two); the keys wait in a short-lived list.
        std::vector<uint64_t> keys;
        keys.reserve(distinct);
        for (size_t i = 0; i < cap; ++i) {
          if (table[i] != kEmpty) keys.push_back(table[i]);
        }
        Reset(table_, next);
        table = table_.data();
        for (uint64_t key : keys) Insert(table, next, next_shift, key);
        cap = next;
        shift = next_shift;
      }
    }
    Summary out;
    out.missing = missing;
    out.lo = lo;
    out.hi = hi;
    out.sum = sum;
    out.distinct = partition ? CountPartitioned(values, k, out) : distinct;
    return out;
  }

  // A bijection of 64-bit words (odd multiplications and xor-shifts, each invertible) that mixes
  // every input bit into the top bits: distinct keys stay distinct, so the mixed key can stand
  // for the value, and both the bucket and the slot in it can be taken from its top bits. (Public
  // for the tests, which aim keys at one bucket.)
  static uint64_t Mix(uint64_t x) {
    x *= 0x9E3779B97F4A7C15ull;
    x ^= x >> 32;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    return x;
  }

  // Frees the buffers (after the last column).
  void Release() {
    std::vector<uint64_t>().swap(table_);
    std::vector<uint64_t>().swap(keys_);
    std::vector<uint32_t>().swap(next_block_);
    std::vector<uint32_t>().swap(last_block_);
    std::vector<size_t>().swap(write_);
    std::vector<uint64_t>().swap(local_);
  }

 private:
  static constexpr uint64_t kEmpty = 0x7FF8DEADBEEF0001ull;  // a NaN: never a key (NaN is skipped)
  // The bits of a non-NaN value, with -0.0 (== 0.0) as 0.0.
  static uint64_t Bits(double v) {
    if (v == 0.0) v = 0.0;
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    return bits;
  }
  static void Reset(std::vector<uint64_t>& t, size_t cap) {
    if (t.size() < cap) {
      // Reserved and advised before the first write: pages touched before the hint stay small.
      std::vector<uint64_t> bigger;
      bigger.reserve(cap);
      AdviseHugePages(bigger);
      bigger.resize(cap);
      t.swap(bigger);
    }
    std::fill(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(cap), kEmpty);
  }
  static bool Insert(uint64_t* table, size_t cap, int shift, uint64_t bits) {
    // Fibonacci hashing: the top bits of the product (integers have many zero low bits).
    size_t i = static_cast<size_t>((bits * 0x9E3779B97F4A7C15ull) >> shift);
    while (table[i] != kEmpty && table[i] != bits) i = (i + 1) & (cap - 1);
    const bool added = table[i] == kEmpty;
    table[i] = bits;
    return added;
  }

  // The distinct count of every non-NaN value, by partitioning. The statistics of values[from, n)
  // are still to be added to `out` (those before `from` are in it), in order, as the sweep would.
  template <class Values>
  size_t CountPartitioned(const Values& values, size_t from, Summary& out) {
    const size_t n = values.size();
    // Buckets of about a thousand keys: a bucket's table (four slots a key, 8 bytes each) fits in
    // L1, and the scatter's 2^b write positions stay in L1/L2.
    const int b = std::clamp(static_cast<int>(std::bit_width(n / 1024)), 4, 11);
    const size_t nb = size_t{1} << b;
    const int bucket_shift = 64 - b;
    // One pass scatters the keys: each bucket fills blocks of kBlock keys, taking the next free
    // block of the pool when one is full (no counting pass first: a second read of the column
    // and of its hashes cost more than the blocks). Every bucket starts with block i, and takes
    // at most one block per kBlock of its keys: nb + n / kBlock blocks are enough.
    const size_t blocks = nb + n / kBlock;
    if (keys_.size() < blocks * kBlock) {
      std::vector<uint64_t>().swap(keys_);  // no copy of the old keys
      keys_.reserve(blocks * kBlock);
      AdviseHugePages(keys_);
      keys_.resize(blocks * kBlock);
    }
    next_block_.assign(blocks, kNoBlock);
    last_block_.resize(nb);
    write_.resize(nb);
    for (size_t i = 0; i < nb; ++i) {
      last_block_[i] = static_cast<uint32_t>(i);
      write_[i] = i * kBlock;
    }
    uint64_t* keys = keys_.data();
    size_t* write = write_.data();
    uint32_t free_block = static_cast<uint32_t>(nb);
    const auto scatter = [&](uint64_t key) {
      const size_t bucket = static_cast<size_t>(key >> bucket_shift);
      size_t w = write[bucket];
      keys[w++] = key;
      if ((w & (kBlock - 1)) == 0) {
        next_block_[last_block_[bucket]] = free_block;
        last_block_[bucket] = free_block;
        w = size_t{free_block++} * kBlock;
      }
      write[bucket] = w;
    };
    for (size_t k = 0; k < from; ++k) {
      const double v = values[k];
      if (!std::isnan(v)) scatter(Mix(Bits(v)));
    }
    // The sweep's statistics go on in locals (through `out` the compiler would store each one).
    size_t missing = out.missing;
    double lo = out.lo, hi = out.hi, sum = out.sum;
    for (size_t k = from; k < n; ++k) {
      const double v = values[k];
      if (std::isnan(v)) {
        ++missing;
        continue;
      }
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
      scatter(Mix(Bits(v)));
    }
    out.missing = missing;
    out.lo = lo;
    out.hi = hi;
    out.sum = sum;

    // Each bucket's table starts at four slots a key (from 16 up to 16384 slots, 128 KB) and
    // doubles only if its distinct keys need it: a bucket of one value repeated stays small.
    const uint64_t empty = Mix(kEmpty);  // the image of a NaN: never a key's
    size_t distinct = 0;
    for (size_t i = 0; i < nb; ++i) {
      size_t m = write[i] % kBlock;  // keys in the bucket's last block (the others are full)
      for (uint32_t blk = static_cast<uint32_t>(i); blk != last_block_[i]; blk = next_block_[blk]) m += kBlock;
      if (m == 0) continue;
      size_t cap = std::bit_ceil(std::clamp<size_t>(4 * m, 16, size_t{1} << 14));
      int local_shift = 64 - std::countr_zero(cap);
      if (local_.size() < cap) local_.resize(cap);
      std::fill(local_.begin(), local_.begin() + static_cast<std::ptrdiff_t>(cap), empty);
      uint64_t* table = local_.data();
      size_t in_bucket = 0;
      for (uint32_t blk = static_cast<uint32_t>(i);; blk = next_block_[blk]) {
        const bool last = blk == last_block_[i];
        const size_t end = last ? write[i] : (size_t{blk} + 1) * kBlock;
        for (size_t j = size_t{blk} * kBlock; j < end; ++j) {
          const uint64_t key = keys[j];
          // The bits below the bucket's (which all keys of a bucket share).
          size_t s = static_cast<size_t>((key << b) >> local_shift);
          while (table[s] != empty && table[s] != key) s = (s + 1) & (cap - 1);
          if (table[s] == key) continue;
          table[s] = key;
          if (++in_bucket * 2 > cap) {
            // Rebuilt twice as large from the distinct keys it holds (rare: a bucket of more than
            // a few thousand distinct values, in a column of several million).
            std::vector<uint64_t> held;
            held.reserve(in_bucket);
            for (size_t t = 0; t < cap; ++t) {
              if (table[t] != empty) held.push_back(table[t]);
            }
            cap *= 2;
            --local_shift;
            if (local_.size() < cap) local_.resize(cap);
            std::fill(local_.begin(), local_.begin() + static_cast<std::ptrdiff_t>(cap), empty);
            table = local_.data();
            for (uint64_t again : held) {
              size_t u = static_cast<size_t>((again << b) >> local_shift);
              while (table[u] != empty) u = (u + 1) & (cap - 1);
              table[u] = again;
            }
          }
        }
        if (last) break;
      }
      distinct += in_bucket;
    }
    return distinct;
  }

  static constexpr size_t kBlock = 256;  // keys; a power of two
  static constexpr uint32_t kNoBlock = ~0u;
  size_t max_direct_;
  std::vector<uint64_t> table_;    // the direct table
  // Partitioned columns: the mixed keys in blocks, each block holding one bucket's.
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> next_block_;  // per block: the bucket's next block
  std::vector<uint32_t> last_block_;  // per bucket: the block it writes to
  std::vector<size_t> write_;         // per bucket: the index of its next key in keys_
  std::vector<uint64_t> local_;       // one bucket's table
};

}  // namespace seg::io::detail
