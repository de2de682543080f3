// SIMD distance kernels: SSE2 (x86-64 baseline) or wasm SIMD128. Under Emscripten this is the only
// file compiled with -msimd128 (CMakeLists.txt); without SIMD it forwards to the scalar kernels.
//
// Layout (n x dim row-major floats, as everywhere in the core): a block of 4 rows is transposed
// into a small buffer xt (dim x 4: xt[4j + l] = row_l[j]), 4 x 4 at a time with shuffles; each
// centre is pre-broadcast into cb (cb[(c*dim + j)*4 + l] = c[j]). Then one vector holds the same
// feature of 4 rows and lane l accumulates row l's distance to a centre in feature order:
//   acc = 0; for j: d = xt[j] - cb[c][j]; acc = acc + d * d
// which is the scalar SquaredDistance's sequence of float operations, lane by lane, so results
// are bit-identical (see distance_kernels.hpp). Four centres are accumulated at once (four
// independent add chains share each row load). Best/second-best/argmin are kept per lane with
// compare + select, visiting centres in index order with strict "<", as the scalar loop does.
#include "seg/analysis/distance_kernels.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define SEG_SIMD_WASM 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define SEG_SIMD_SSE2 1
#endif

namespace seg::analysis::kernels {

#if defined(SEG_SIMD_WASM) || defined(SEG_SIMD_SSE2)

namespace {

// ---- a minimal 4-lane vector vocabulary over the two instruction sets
#if defined(SEG_SIMD_WASM)
using F4 = v128_t;
using I4 = v128_t;
inline F4 Load(const float* p) { return wasm_v128_load(p); }
inline void Store(float* p, F4 v) { wasm_v128_store(p, v); }
inline void StoreI(int32_t* p, I4 v) { wasm_v128_store(p, v); }
inline F4 Splat(float v) { return wasm_f32x4_splat(v); }
inline I4 SplatI(int32_t v) { return wasm_i32x4_splat(v); }
inline F4 Zero() { return wasm_f32x4_splat(0.0f); }
inline F4 Make(float a, float b, float c, float d) { return wasm_f32x4_make(a, b, c, d); }
inline F4 Sub(F4 a, F4 b) { return wasm_f32x4_sub(a, b); }
inline F4 Mul(F4 a, F4 b) { return wasm_f32x4_mul(a, b); }
inline F4 Add(F4 a, F4 b) { return wasm_f32x4_add(a, b); }
inline F4 Lt(F4 a, F4 b) { return wasm_f32x4_lt(a, b); }
inline F4 Select(F4 mask, F4 a, F4 b) { return wasm_v128_bitselect(a, b, mask); }  // mask ? a : b
inline I4 SelectI(F4 mask, I4 a, I4 b) { return wasm_v128_bitselect(a, b, mask); }
// 4 x 4 transpose: in r0..r3 (rows), out c0..c3 (columns).
inline void Transpose(F4& r0, F4& r1, F4& r2, F4& r3) {
  const F4 t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
  const F4 t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
  const F4 t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
  const F4 t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  r0 = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5);
  r1 = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);
  r2 = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5);
  r3 = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);
}
#else
using F4 = __m128;
using I4 = __m128i;
inline F4 Load(const float* p) { return _mm_loadu_ps(p); }
inline void Store(float* p, F4 v) { _mm_storeu_ps(p, v); }
inline void StoreI(int32_t* p, I4 v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }
inline F4 Splat(float v) { return _mm_set1_ps(v); }
inline I4 SplatI(int32_t v) { return _mm_set1_epi32(v); }
inline F4 Zero() { return _mm_setzero_ps(); }
inline F4 Make(float a, float b, float c, float d) { return _mm_setr_ps(a, b, c, d); }
inline F4 Sub(F4 a, F4 b) { return _mm_sub_ps(a, b); }
inline F4 Mul(F4 a, F4 b) { return _mm_mul_ps(a, b); }
inline F4 Add(F4 a, F4 b) { return _mm_add_ps(a, b); }
inline F4 Lt(F4 a, F4 b) { return _mm_cmplt_ps(a, b); }
inline F4 Select(F4 mask, F4 a, F4 b) { return _mm_or_ps(_mm_and_ps(mask, a), _mm_andnot_ps(mask, b)); }
inline I4 SelectI(F4 mask, I4 a, I4 b) {
  const I4 m = _mm_castps_si128(mask);
  return _mm_or_si128(_mm_and_si128(m, a), _mm_andnot_si128(m, b));
}
inline void Transpose(F4& r0, F4& r1, F4& r2, F4& r3) { _MM_TRANSPOSE4_PS(r0, r1, r2, r3); }
#endif

// xt[4j + l] = rows[l][j] for j in 0..dim-1: 4 x 4 blocks by shuffles, the last dim % 4 features
// one by one.
inline void TransposeRows(const float* const rp[4], size_t dim, float* xt) {
  size_t j = 0;
  for (; j + 4 <= dim; j += 4) {
    F4 a = Load(rp[0] + j), b = Load(rp[1] + j), c = Load(rp[2] + j), d = Load(rp[3] + j);
    Transpose(a, b, c, d);
    Store(xt + 4 * j, a);
    Store(xt + 4 * j + 4, b);
    Store(xt + 4 * j + 8, c);
    Store(xt + 4 * j + 12, d);
  }
  for (; j < dim; ++j)
    for (int l = 0; l < 4; ++l) xt[4 * j + static_cast<size_t>(l)] = rp[l][j];
}

struct Lanes {
  F4 best, second;
  I4 arg;
};

// Distances of the 4 transposed rows to N consecutive centres (cb points at the first one's
// broadcast block), folded into the running best / second / argmin in centre order.
template <int N, bool kSecond>
inline void CentreBlock(const float* xt, const float* cb, size_t dim, int first, Lanes& s) {
  F4 acc[N];
  for (int q = 0; q < N; ++q) acc[q] = Zero();
  for (size_t j = 0; j < dim; ++j) {
    const F4 xv = Load(xt + 4 * j);
    for (int q = 0; q < N; ++q) {
      const F4 d = Sub(xv, Load(cb + (static_cast<size_t>(q) * dim + j) * 4));
      acc[q] = Add(acc[q], Mul(d, d));
    }
  }
  for (int q = 0; q < N; ++q) {
    const F4 lt = Lt(acc[q], s.best);
    if constexpr (kSecond) s.second = Select(lt, s.best, Select(Lt(acc[q], s.second), acc[q], s.second));
    s.best = Select(lt, acc[q], s.best);
    s.arg = SelectI(lt, SplatI(first + q), s.arg);
  }
}

template <bool kSecond>
void Nearest(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids, int k,
             int32_t* labels, float* best, float* second) {
  std::vector<float> cb(static_cast<size_t>(k) * dim * 4);
  for (size_t i = 0; i < static_cast<size_t>(k) * dim; ++i)
    for (size_t l = 0; l < 4; ++l) cb[i * 4 + l] = centroids[i];
  std::vector<float> xt(dim * 4);
  const float inf = std::numeric_limits<float>::infinity();
  alignas(16) float out_best[4], out_second[4];
  alignas(16) int32_t out_arg[4];
  for (size_t t0 = 0; t0 < count; t0 += 4) {
    const size_t m = std::min<size_t>(4, count - t0);
    size_t ri[4];
    const float* rp[4];
    for (size_t l = 0; l < 4; ++l) {
      const size_t t = t0 + std::min(l, m - 1);  // a short last block repeats its last row
      ri[l] = rows ? rows[t] : t;
      rp[l] = x + ri[l] * dim;
    }
    TransposeRows(rp, dim, xt.data());
    Lanes s{Splat(inf), Splat(inf), SplatI(0)};
    int c = 0;
    for (; c + 4 <= k; c += 4) CentreBlock<4, kSecond>(xt.data(), cb.data() + static_cast<size_t>(c) * dim * 4, dim, c, s);
    const float* rest = cb.data() + static_cast<size_t>(c) * dim * 4;
    switch (k - c) {
      case 3: CentreBlock<3, kSecond>(xt.data(), rest, dim, c, s); break;
      case 2: CentreBlock<2, kSecond>(xt.data(), rest, dim, c, s); break;
      case 1: CentreBlock<1, kSecond>(xt.data(), rest, dim, c, s); break;
      default: break;
    }
    Store(out_best, s.best);
    StoreI(out_arg, s.arg);
    if constexpr (kSecond) Store(out_second, s.second);
    for (size_t l = 0; l < m; ++l) {
      labels[ri[l]] = out_arg[l];
      best[ri[l]] = out_best[l];
      if constexpr (kSecond) second[ri[l]] = out_second[l];
    }
  }
}

}  // namespace

bool SimdCompiled() { return true; }

void NearestCentroidsSimd(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                          int k, int32_t* labels, float* best, float* second) {
  if (second) {
    Nearest<true>(x, dim, rows, count, centroids, k, labels, best, second);
  } else {
    Nearest<false>(x, dim, rows, count, centroids, k, labels, best, second);
  }
}

void DistancesToPointSimd(const float* x, size_t n, size_t dim, const float* point, float* out) {
  std::vector<float> pb(dim * 4);
  for (size_t j = 0; j < dim; ++j)
    for (size_t l = 0; l < 4; ++l) pb[j * 4 + l] = point[j];
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float* r0 = x + i * dim;
    const float* r1 = r0 + dim;
    const float* r2 = r1 + dim;
    const float* r3 = r2 + dim;
    F4 acc = Zero();
    size_t j = 0;
    for (; j + 4 <= dim; j += 4) {
      F4 a = Load(r0 + j), b = Load(r1 + j), c = Load(r2 + j), d = Load(r3 + j);
      Transpose(a, b, c, d);
      F4 e = Sub(a, Load(pb.data() + 4 * j));
      acc = Add(acc, Mul(e, e));
      e = Sub(b, Load(pb.data() + 4 * j + 4));
      acc = Add(acc, Mul(e, e));
      e = Sub(c, Load(pb.data() + 4 * j + 8));
      acc = Add(acc, Mul(e, e));
      e = Sub(d, Load(pb.data() + 4 * j + 12));
      acc = Add(acc, Mul(e, e));
    }
    for (; j < dim; ++j) {
      const F4 e = Sub(Make(r0[j], r1[j], r2[j], r3[j]), Load(pb.data() + 4 * j));
      acc = Add(acc, Mul(e, e));
    }
    Store(out + i, acc);
  }
  if (i < n) DistancesToPointScalar(x + i * dim, n - i, dim, point, out + i);
}

// Rows and their own centres are both transposed 4 x 4 on the fly (each lane a different centre).
void DistancesToAssignedSimd(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                             const int32_t* labels, float* out) {
  alignas(16) float res[4];
  for (size_t t0 = 0; t0 < count; t0 += 4) {
    const size_t m = std::min<size_t>(4, count - t0);
    size_t ri[4];
    const float* rp[4];
    const float* cp[4];
    for (size_t l = 0; l < 4; ++l) {
      const size_t t = t0 + std::min(l, m - 1);
      ri[l] = rows ? rows[t] : t;
      rp[l] = x + ri[l] * dim;
      cp[l] = centroids + static_cast<size_t>(labels[ri[l]]) * dim;
    }
    F4 acc = Zero();
    size_t j = 0;
    for (; j + 4 <= dim; j += 4) {
      F4 a = Load(rp[0] + j), b = Load(rp[1] + j), c = Load(rp[2] + j), d = Load(rp[3] + j);
      Transpose(a, b, c, d);
      F4 p = Load(cp[0] + j), q = Load(cp[1] + j), r = Load(cp[2] + j), s = Load(cp[3] + j);
      Transpose(p, q, r, s);
      F4 e = Sub(a, p);
      acc = Add(acc, Mul(e, e));
      e = Sub(b, q);
      acc = Add(acc, Mul(e, e));
      e = Sub(c, r);
      acc = Add(acc, Mul(e, e));
      e = Sub(d, s);
      acc = Add(acc, Mul(e, e));
    }
    for (; j < dim; ++j) {
      const F4 e = Sub(Make(rp[0][j], rp[1][j], rp[2][j], rp[3][j]), Make(cp[0][j], cp[1][j], cp[2][j], cp[3][j]));
      acc = Add(acc, Mul(e, e));
    }
    Store(res, acc);
    for (size_t l = 0; l < m; ++l) out[ri[l]] = res[l];
  }
}

#else  // no SIMD in this build: the scalar kernels

bool SimdCompiled() { return false; }

void NearestCentroidsSimd(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                          int k, int32_t* labels, float* best, float* second) {
  NearestCentroidsScalar(x, dim, rows, count, centroids, k, labels, best, second);
}

void DistancesToPointSimd(const float* x, size_t n, size_t dim, const float* point, float* out) {
  DistancesToPointScalar(x, n, dim, point, out);
}

void DistancesToAssignedSimd(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                             const int32_t* labels, float* out) {
  DistancesToAssignedScalar(x, dim, rows, count, centroids, labels, out);
}

#endif

}  // namespace seg::analysis::kernels
