// The SIMD distance kernels must give exactly the scalar's floats (distance_kernels.hpp): same
// labels, bit-identical best / second-best distances, identical k-means fits.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "seg/analysis/distance_kernels.hpp"
#include "seg/analysis/kmeans.hpp"
#include "seg/analysis/prep.hpp"
#include "seg/demo/customers.hpp"
#include "test_support.hpp"

using namespace seg;
using namespace seg::analysis;

namespace {

// The demo customers, prepared with the default features (z-scored floats, n x cols).
const FeatureMatrix& DemoFeatures() {
  static const FeatureMatrix fm = [] {
    demo::DemoOptions o;
    o.rows = 2003;  // not a multiple of 4
    io::Dataset ds = test::LoadOrFail(demo::GenerateDemoCustomersCsv(o));
    auto f = PrepareFeatures(ds.table, {}, nullptr);
    if (!f.ok()) FAIL("prepare failed: " << f.error().ToString());
    return std::move(f.value());
  }();
  return fm;
}

// The first `dim` columns of the demo features, row-major.
std::vector<float> Columns(const FeatureMatrix& fm, size_t dim) {
  std::vector<float> x(fm.rows * dim);
  for (size_t i = 0; i < fm.rows; ++i)
    for (size_t j = 0; j < dim; ++j) x[i * dim + j] = fm.x[i * fm.cols + j];
  return x;
}

// k centres: demo rows spread over the table, nudged so distances are not exact zeros.
std::vector<float> Centres(const std::vector<float>& x, size_t n, size_t dim, int k) {
  std::vector<float> c(static_cast<size_t>(k) * dim);
  for (int q = 0; q < k; ++q) {
    const size_t row = (static_cast<size_t>(q) * 7919 + 13) % n;
    for (size_t j = 0; j < dim; ++j) c[static_cast<size_t>(q) * dim + j] = x[row * dim + j] + 0.01f * static_cast<float>(q - 3);
  }
  return c;
}

bool SameBits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

struct KernelGuard {
  DistanceKernel saved = ActiveDistanceKernel();
  ~KernelGuard() { SetDistanceKernel(saved); }
};

}  // namespace

TEST_CASE("SIMD and scalar nearest-centre kernels agree bit for bit", "[kernels][kmeans]") {
  const FeatureMatrix& fm = DemoFeatures();
  REQUIRE(fm.cols >= 8);
#if defined(__x86_64__) || defined(__wasm_simd128__)
  CHECK(SimdKernelAvailable());
#endif
  const size_t n = fm.rows;
  // Scattered rows (as Hamerly's rescans), a count that is not a multiple of 4.
  std::vector<size_t> some;
  for (size_t i = 5; i < n; i += 3) some.push_back(i);
  if (some.size() % 4 == 0) some.pop_back();
  REQUIRE(some.size() % 4 != 0);
  for (size_t dim : {size_t{1}, size_t{2}, size_t{3}, size_t{4}, size_t{5}, size_t{7}, size_t{8}, fm.cols}) {
    const std::vector<float> x = Columns(fm, dim);
    for (int k = 1; k <= 12; ++k) {
      INFO("dim " << dim << ", k " << k);
      const std::vector<float> c = Centres(x, n, dim, k);
      std::vector<int32_t> la(n, -1), lb(n, -1);
      std::vector<float> ba(n, -1.0f), bb(n, -1.0f), sa(n, -1.0f), sb(n, -1.0f);
      kernels::NearestCentroidsScalar(x.data(), dim, nullptr, n, c.data(), k, la.data(), ba.data(), sa.data());
      kernels::NearestCentroidsSimd(x.data(), dim, nullptr, n, c.data(), k, lb.data(), bb.data(), sb.data());
      CHECK(la == lb);
      CHECK(SameBits(ba, bb));
      CHECK(SameBits(sa, sb));
      // The scalar kernel is the definition: SquaredDistance in feature order.
      CHECK(ba[n - 1] == SquaredDistance(x.data() + (n - 1) * dim, c.data() + static_cast<size_t>(la[n - 1]) * dim, dim));
      // A list of rows: only those rows are written.
      std::vector<int32_t> lc(n, -1);
      std::vector<float> bc(n, -1.0f), sc(n, -1.0f);
      std::vector<int32_t> ld(n, -1);
      std::vector<float> bd(n, -1.0f), sd(n, -1.0f);
      kernels::NearestCentroidsScalar(x.data(), dim, some.data(), some.size(), c.data(), k, lc.data(), bc.data(), sc.data());
      kernels::NearestCentroidsSimd(x.data(), dim, some.data(), some.size(), c.data(), k, ld.data(), bd.data(), sd.data());
      CHECK(lc == ld);
      CHECK(SameBits(bc, bd));
      CHECK(SameBits(sc, sd));
      CHECK(ld[0] == -1);
      CHECK(ld[some[0]] == la[some[0]]);
      // Each row to its own (here: nearest) centre, all rows and a list; labels vary per lane.
      std::vector<float> oa(n, -1.0f), ob(n, -1.0f);
      kernels::DistancesToAssignedScalar(x.data(), dim, nullptr, n, c.data(), la.data(), oa.data());
      kernels::DistancesToAssignedSimd(x.data(), dim, nullptr, n, c.data(), la.data(), ob.data());
      CHECK(SameBits(oa, ba));
      CHECK(SameBits(ob, ba));
      std::vector<int32_t> shifted(n);
      for (size_t i = 0; i < n; ++i) shifted[i] = static_cast<int32_t>((static_cast<size_t>(la[i]) + i) % static_cast<size_t>(k));
      std::vector<float> pa(n, -1.0f), pb(n, -1.0f);
      kernels::DistancesToAssignedScalar(x.data(), dim, some.data(), some.size(), c.data(), shifted.data(), pa.data());
      kernels::DistancesToAssignedSimd(x.data(), dim, some.data(), some.size(), c.data(), shifted.data(), pb.data());
      CHECK(SameBits(pa, pb));
      CHECK(pb[0] == -1.0f);
      // Without the second distance.
      std::vector<int32_t> le(n, -1);
      std::vector<float> be(n, -1.0f);
      kernels::NearestCentroidsSimd(x.data(), dim, nullptr, n, c.data(), k, le.data(), be.data(), nullptr);
      CHECK(le == la);
      CHECK(SameBits(be, ba));
    }
    // Distances to one point (k-means++ seeding).
    std::vector<float> da(n), db(n);
    kernels::DistancesToPointScalar(x.data(), n, dim, x.data() + 17 * dim, da.data());
    kernels::DistancesToPointSimd(x.data(), n, dim, x.data() + 17 * dim, db.data());
    CHECK(SameBits(da, db));
    CHECK(da[17] == 0.0f);
  }
}

TEST_CASE("Duplicate centres: both kernels pick the lowest index", "[kernels][kmeans]") {
  const FeatureMatrix& fm = DemoFeatures();
  const size_t dim = 5, n = 101;
  const std::vector<float> x = Columns(fm, dim);
  std::vector<float> c = Centres(x, fm.rows, dim, 6);
  std::copy(c.begin() + 2 * dim, c.begin() + 3 * dim, c.begin() + 4 * dim);  // centre 4 == centre 2
  std::copy(x.begin(), x.begin() + dim, c.begin() + 5 * dim);                 // centre 5 == row 0
  std::vector<int32_t> la(n), lb(n);
  std::vector<float> ba(n), bb(n), sa(n), sb(n);
  kernels::NearestCentroidsScalar(x.data(), dim, nullptr, n, c.data(), 6, la.data(), ba.data(), sa.data());
  kernels::NearestCentroidsSimd(x.data(), dim, nullptr, n, c.data(), 6, lb.data(), bb.data(), sb.data());
  CHECK(la == lb);
  CHECK(SameBits(ba, bb));
  CHECK(SameBits(sa, sb));
  for (size_t i = 0; i < n; ++i) CHECK(lb[i] != 4);
  CHECK(lb[0] == 5);
  CHECK(bb[0] == 0.0f);
}

TEST_CASE("k-means fits identically with the scalar and the SIMD kernel", "[kernels][kmeans]") {
  KernelGuard guard;
  const FeatureMatrix& fm = DemoFeatures();
  for (size_t dim : {size_t{3}, size_t{6}, fm.cols}) {
    const std::vector<float> x = Columns(fm, dim);
    for (int k : {2, 5, 8, 12}) {
      INFO("dim " << dim << ", k " << k);
      KMeansOptions o;
      o.k = k;
      o.n_init = 2;
      SetDistanceKernel(DistanceKernel::kScalar);
      REQUIRE(ActiveDistanceKernel() == DistanceKernel::kScalar);
      auto a = FitKMeans(x.data(), fm.rows, dim, o);
      SetDistanceKernel(DistanceKernel::kSimd);
      auto b = FitKMeans(x.data(), fm.rows, dim, o);
      REQUIRE(a.ok());
      REQUIRE(b.ok());
      CHECK(a->labels == b->labels);
      CHECK(a->centroids == b->centroids);
      CHECK(std::memcmp(&a->inertia, &b->inertia, sizeof(double)) == 0);
      CHECK(a->iterations == b->iterations);
    }
  }
  CHECK(std::string(DistanceKernelName(DistanceKernel::kScalar)) == "scalar");
}
