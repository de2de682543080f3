// seg/analysis/distance_kernels.hpp — squared-distance kernels for k-means assignment and seeding.
//
// Two implementations of the same contract:
//   kScalar  portable C++, one row and one centre at a time (SquaredDistance in kmeans.hpp);
//   kSimd    explicit 4-lane SIMD: SSE2 on x86-64 (<emmintrin.h>, part of the x86-64 baseline, no
//            runtime dispatch) and wasm SIMD (<wasm_simd128.h>; only distance_kernels_simd.cpp is
//            compiled with -msimd128, so nothing else in the module gets auto-vectorised).
//
// Bit-identical by construction: the SIMD kernels vectorise across ROWS (4 rows per vector), never
// across features. Each lane computes one row x centre distance with exactly the scalar's float
// operations in the scalar's order: s = 0; for j = 0..dim-1 { d = row[j] - c[j]; s += d * d; }
// (sub, mul, add; no FMA, no reassociation). Both kernels therefore give the same floats, the same
// labels (ties go to the lowest centre index) and the same inertia, on every platform; the SQL
// export (sql.cpp) and the native-vs-wasm parity test rely on that.
//
// The switch is process-wide (an atomic); the default is the faster kernel for the platform.
// Nothing here reads the environment.
#pragma once

#include <cstddef>
#include <cstdint>

namespace seg::analysis {

enum class DistanceKernel : uint8_t { kScalar, kSimd };

// True when this build has a SIMD kernel (x86-64 SSE2, or wasm compiled with -msimd128).
bool SimdKernelAvailable();
// The kernel in use now. kSimd is only ever returned when SimdKernelAvailable().
DistanceKernel ActiveDistanceKernel();
// Selects the kernel for the whole process; asking for kSimd without SIMD selects kScalar.
void SetDistanceKernel(DistanceKernel kernel);
// The platform default (what the process starts with).
DistanceKernel DefaultDistanceKernel();
// "scalar", "SSE2", "wasm SIMD128".
const char* DistanceKernelName(DistanceKernel kernel);

// Nearest centre of each row: for t in 0..count-1, row r = rows ? rows[t] : t, whose features are
// x[r*dim .. r*dim+dim). Writes labels[r] (index of the nearest of the k centres, row-major
// k x dim floats in `centroids`; ties: lowest index), best[r] (its squared distance) and, when
// `second` is not null, second[r] (squared distance to the second-nearest centre; +inf if k == 1).
// k >= 1, dim >= 1. Output arrays are indexed by row, like x.
void NearestCentroids(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids, int k,
                      int32_t* labels, float* best, float* second);

// out[i] = SquaredDistance(x + i*dim, point, dim) for i in 0..n-1.
void DistancesToPoint(const float* x, size_t n, size_t dim, const float* point, float* out);

// Distance of each row to its own centre: for t in 0..count-1, r = rows ? rows[t] : t,
// out[r] = SquaredDistance(x + r*dim, centroids + labels[r]*dim, dim).
void DistancesToAssigned(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                         const int32_t* labels, float* out);

namespace kernels {
// The two implementations, callable directly (tests and the benchmark compare them).
void NearestCentroidsScalar(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                            int k, int32_t* labels, float* best, float* second);
void DistancesToPointScalar(const float* x, size_t n, size_t dim, const float* point, float* out);
void DistancesToAssignedScalar(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                               const int32_t* labels, float* out);
// Without SIMD in the build (not x86-64, or wasm without -msimd128) these forward to the scalar ones.
void NearestCentroidsSimd(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                          int k, int32_t* labels, float* best, float* second);
void DistancesToPointSimd(const float* x, size_t n, size_t dim, const float* point, float* out);
void DistancesToAssignedSimd(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                             const int32_t* labels, float* out);
// Whether distance_kernels_simd.cpp was compiled with SIMD (SimdKernelAvailable() asks this).
bool SimdCompiled();
}  // namespace kernels

}  // namespace seg::analysis
