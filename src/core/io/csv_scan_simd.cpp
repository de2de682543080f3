// The tokenizer's fast path for runs of unquoted fields (see ScanPlainFields in csv_tokenizer.hpp):
// 16 bytes at a time, SSE2 natively on x86-64 (part of the baseline, no runtime dispatch) and wasm
// SIMD128 under Emscripten. CMakeLists.txt compiles only this file with -msimd128, for the same reason
// as distance_kernels_simd.cpp: the flag on the whole core auto-vectorises other loops into slower
// code in Node.
#include "csv_tokenizer.hpp"

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#define SEG_CSV_SCAN_SSE2 1
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define SEG_CSV_SCAN_WASM 1
#endif

namespace seg::io::detail {
namespace {

#if defined(SEG_CSV_SCAN_SSE2)
struct Splats {
  __m128i delim, lf, cr;
  explicit Splats(char d) : delim(_mm_set1_epi8(d)), lf(_mm_set1_epi8('\n')), cr(_mm_set1_epi8('\r')) {}
};
// Bit i set when byte i of the 16 at `p` is the delimiter or a line break.
inline uint32_t BreakMask(const char* p, const Splats& s) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, s.delim), _mm_or_si128(_mm_cmpeq_epi8(v, s.lf), _mm_cmpeq_epi8(v, s.cr)));
  return static_cast<uint32_t>(_mm_movemask_epi8(hit));
}
#elif defined(SEG_CSV_SCAN_WASM)
struct Splats {
  v128_t delim, lf, cr;
  explicit Splats(char d) : delim(wasm_i8x16_splat(d)), lf(wasm_i8x16_splat('\n')), cr(wasm_i8x16_splat('\r')) {}
};
inline uint32_t BreakMask(const char* p, const Splats& s) {
  const v128_t v = wasm_v128_load(p);
  const v128_t hit = wasm_v128_or(wasm_i8x16_eq(v, s.delim), wasm_v128_or(wasm_i8x16_eq(v, s.lf), wasm_i8x16_eq(v, s.cr)));
  return static_cast<uint32_t>(wasm_i8x16_bitmask(hit));
}
#endif

}  // namespace

uint64_t ScanPlainFields(const char* data, uint64_t p, uint64_t n, char delim, char quote,
                         std::vector<FieldRef>& fields, bool& ended) {
  ended = false;
#if defined(SEG_CSV_SCAN_SSE2) || defined(SEG_CSV_SCAN_WASM)
  // A field that starts with the quote goes back to the general code; 256 matches no byte, so
  // without a quote character nothing does.
  const unsigned qc = quote != 0 ? static_cast<unsigned char>(quote) : 256u;
  if (p < n && static_cast<unsigned char>(data[p]) == qc) return p;
  const Splats s(delim);
  uint64_t start = p;  // start of the field being scanned
  // Whole blocks only: the last < 16 bytes of the text are left to the scalar code, so no load
  // ever reads past text.size().
  for (uint64_t b = p; b + 16 <= n; b += 16) {
    uint32_t m = BreakMask(data + b, s);
    while (m != 0) {
      const uint64_t e = b + static_cast<uint64_t>(std::countr_zero(m));
      m &= m - 1;
      FieldRef f;
      f.begin = start;
      f.length = static_cast<uint32_t>(e - start);
      fields.push_back(f);
      if (data[e] != delim) {  // a line break: the record ends here
        ended = true;
        return e;
      }
      start = e + 1;
      if (start < n && static_cast<unsigned char>(data[start]) == qc) return start;
    }
  }
  return start;
#else
  // No SIMD on this platform: the general code scans every field (eight bytes at a time).
  (void)data, (void)n, (void)delim, (void)quote, (void)fields;
  return p;
#endif
}

}  // namespace seg::io::detail
