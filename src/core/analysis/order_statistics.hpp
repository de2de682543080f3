// order_statistics.hpp (internal to the core) — exact order statistics of doubles in linear time.
//
// SelectOrder(v, r) returns the r-th smallest value of v (0-based), and optionally the (r-1)-th:
// the values std::nth_element + std::max_element give, i.e. what sorting would give (-0 and +0
// count as equal). One counting pass over the top 16 bits of an order-preserving key finds the
// bucket holding rank r; only that bucket's values are moved to the front and handed to
// std::nth_element. On a million values this is several times faster than nth_element over all of
// them (the medians of the preparation and of the segment profiles); short inputs take
// nth_element directly. `v` is reordered, as by nth_element. Values must not be NaN.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace seg::analysis::detail {

// Monotonic map of a (non-NaN) double to an unsigned key: a < b <=> key(a) < key(b); -0 -> key(+0).
inline uint64_t OrderKey(double v) {
  if (v == 0.0) v = 0.0;
  uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return (b >> 63) ? ~b : (b | 0x8000000000000000ULL);
}

struct OrderPair {
  double at = 0.0;    // the r-th smallest
  double prev = 0.0;  // the (r-1)-th smallest (when asked for and r > 0)
};

inline OrderPair SelectOrder(double* v, size_t n, size_t r, bool want_prev) {
  OrderPair out;
  if (r >= n) return out;
  if (n < 8192) {
    std::nth_element(v, v + r, v + n);
    out.at = v[r];
    if (want_prev && r > 0) out.prev = *std::max_element(v, v + r);
    return out;
  }
  constexpr int kShift = 48;
  std::vector<uint32_t> counts(size_t{1} << (64 - kShift), 0);
  for (size_t i = 0; i < n; ++i) ++counts[OrderKey(v[i]) >> kShift];
  size_t below = 0, b = 0;
  while (below + counts[b] <= r) below += counts[b++];
  // The (r-1)-th value lies in a lower bucket when r is the bucket's first rank: the largest
  // value of the highest non-empty bucket below.
  if (want_prev && r > 0 && r == below) {
    size_t lower = b - 1;
    while (counts[lower] == 0) --lower;
    bool any = false;
    double m = 0.0;
    for (size_t i = 0; i < n; ++i)
      if ((OrderKey(v[i]) >> kShift) == lower && (!any || v[i] > m)) {
        m = v[i];
        any = true;
      }
    out.prev = m;
  }
  // Move bucket b's values to the front and select within them. Columns with few distinct values
  // (counts, scores) often have one value filling the bucket: then there is nothing to select.
  size_t front = 0;
  double lo = 0.0, hi = 0.0;
  for (size_t i = 0; i < n; ++i) {
    if ((OrderKey(v[i]) >> kShift) != b) continue;
    const double x = v[i];
    if (front == 0 || x < lo) lo = x;
    if (front == 0 || x > hi) hi = x;
    std::swap(v[i], v[front++]);
  }
  const size_t rank = r - below;
  if (lo == hi) {
    out.at = v[rank];
    if (want_prev && rank > 0) out.prev = v[rank - 1];
    return out;
  }
  std::nth_element(v, v + rank, v + front);
  out.at = v[rank];
  if (want_prev && rank > 0) out.prev = *std::max_element(v, v + rank);
  return out;
}

inline OrderPair SelectOrder(std::vector<double>& v, size_t r, bool want_prev) {
  return SelectOrder(v.data(), v.size(), r, want_prev);
}

}  // namespace seg::analysis::detail
