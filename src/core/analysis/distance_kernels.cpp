// Scalar distance kernels and the process-wide kernel switch. The SIMD kernels live in
// distance_kernels_simd.cpp, the only file compiled with -msimd128 under Emscripten; this file is
// compiled without it so the scalar path stays what it was (auto-vectorising the whole core with
// -msimd128 made Lloyd iterations 2.8x slower in Node).
#include "seg/analysis/distance_kernels.hpp"

#include <atomic>
#include <limits>

#include "seg/analysis/kmeans.hpp"

namespace seg::analysis {
namespace {

std::atomic<DistanceKernel>& Active() {
  static std::atomic<DistanceKernel> active{DefaultDistanceKernel()};
  return active;
}

}  // namespace

bool SimdKernelAvailable() { return kernels::SimdCompiled(); }

DistanceKernel DefaultDistanceKernel() {
  // Measured with src/bench (README, "SIMD kernels"): SIMD is faster natively and in Node.
  return SimdKernelAvailable() ? DistanceKernel::kSimd : DistanceKernel::kScalar;
}

DistanceKernel ActiveDistanceKernel() { return Active().load(std::memory_order_relaxed); }

void SetDistanceKernel(DistanceKernel kernel) {
  if (kernel == DistanceKernel::kSimd && !SimdKernelAvailable()) kernel = DistanceKernel::kScalar;
  Active().store(kernel, std::memory_order_relaxed);
}

const char* DistanceKernelName(DistanceKernel kernel) {
  if (kernel == DistanceKernel::kScalar) return "scalar";
#if defined(__EMSCRIPTEN__) || defined(__wasm__)
  return "wasm SIMD128";
#else
  return "SSE2";
#endif
}

void NearestCentroids(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids, int k,
                      int32_t* labels, float* best, float* second) {
  if (ActiveDistanceKernel() == DistanceKernel::kSimd) {
    kernels::NearestCentroidsSimd(x, dim, rows, count, centroids, k, labels, best, second);
  } else {
    kernels::NearestCentroidsScalar(x, dim, rows, count, centroids, k, labels, best, second);
  }
}

void DistancesToPoint(const float* x, size_t n, size_t dim, const float* point, float* out) {
  if (ActiveDistanceKernel() == DistanceKernel::kSimd) {
    kernels::DistancesToPointSimd(x, n, dim, point, out);
  } else {
    kernels::DistancesToPointScalar(x, n, dim, point, out);
  }
}

void DistancesToAssigned(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                         const int32_t* labels, float* out) {
  if (ActiveDistanceKernel() == DistanceKernel::kSimd) {
    kernels::DistancesToAssignedSimd(x, dim, rows, count, centroids, labels, out);
  } else {
    kernels::DistancesToAssignedScalar(x, dim, rows, count, centroids, labels, out);
  }
}

namespace kernels {

void NearestCentroidsScalar(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                            int k, int32_t* labels, float* best, float* second) {
  for (size_t t = 0; t < count; ++t) {
    const size_t r = rows ? rows[t] : t;
    const float* row = x + r * dim;
    float b = std::numeric_limits<float>::infinity(), s = b;
    int32_t arg = 0;
    for (int c = 0; c < k; ++c) {
      const float d = SquaredDistance(row, centroids + static_cast<size_t>(c) * dim, dim);
      if (d < b) {
        s = b;
        b = d;
        arg = c;
      } else if (d < s) {
        s = d;
      }
    }
    labels[r] = arg;
    best[r] = b;
    if (second) second[r] = s;
  }
}

void DistancesToPointScalar(const float* x, size_t n, size_t dim, const float* point, float* out) {
  for (size_t i = 0; i < n; ++i) out[i] = SquaredDistance(x + i * dim, point, dim);
}

void DistancesToAssignedScalar(const float* x, size_t dim, const size_t* rows, size_t count, const float* centroids,
                               const int32_t* labels, float* out) {
  for (size_t t = 0; t < count; ++t) {
    const size_t r = rows ? rows[t] : t;
    out[r] = SquaredDistance(x + r * dim, centroids + static_cast<size_t>(labels[r]) * dim, dim);
  }
}

}  // namespace kernels
}  // namespace seg::analysis
