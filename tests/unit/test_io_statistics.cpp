// A numeric column's statistics (distinct count, missing, min, max, mean) must not depend on how
// the distinct values are counted: in one table for few distinct values, by partitioning for many,
// or switching from one to the other part way through. Each case is checked against a plain set of
// the values' bit patterns (-0.0 counted as 0.0, NaN as missing).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/io/distinct_counter.hpp"
#include "seg/io/csv_reader.hpp"

using seg::io::detail::DistinctCounter;

namespace {

uint64_t BitsOf(double v) {
  uint64_t b;
  std::memcpy(&b, &v, 8);
  return b;
}
double FromBits(uint64_t b) {
  double v;
  std::memcpy(&v, &b, 8);
  return v;
}

// What the sweep computes, the plain way.
DistinctCounter::Summary Reference(const std::vector<double>& values) {
  DistinctCounter::Summary s;
  std::set<uint64_t> seen;
  for (double v : values) {
    if (std::isnan(v)) {
      ++s.missing;
      continue;
    }
    s.lo = std::min(s.lo, v);
    s.hi = std::max(s.hi, v);
    s.sum += v;
    seen.insert(BitsOf(v == 0.0 ? 0.0 : v));
  }
  s.distinct = seen.size();
  return s;
}

// Bit for bit (NaN sums included, and the sign of a zero minimum).
void CheckSame(const DistinctCounter::Summary& got, const DistinctCounter::Summary& want) {
  CHECK(got.distinct == want.distinct);
  CHECK(got.missing == want.missing);
  CHECK(BitsOf(got.lo) == BitsOf(want.lo));
  CHECK(BitsOf(got.hi) == BitsOf(want.hi));
  CHECK(BitsOf(got.sum) == BitsOf(want.sum));
}

// Every way of counting: the importer's, one that partitions almost at once, one that never does.
void CheckAllWays(const std::vector<double>& values) {
  const DistinctCounter::Summary want = Reference(values);
  DistinctCounter importer, early(256), never(size_t{1} << 30);
  INFO("values " << values.size() << ", distinct " << want.distinct);
  CheckSame(importer.Summarize(values), want);
  CheckSame(early.Summarize(values), want);
  CheckSame(never.Summarize(values), want);
}

// The inverse of DistinctCounter::Mix, to aim keys at one bucket.
uint64_t InverseXorShift(uint64_t y, int s) {
  uint64_t x = y;
  for (int i = 0; i < 64 / s + 1; ++i) x = y ^ (x >> s);
  return x;
}
uint64_t InverseOdd(uint64_t a) {  // a * InverseOdd(a) == 1 (mod 2^64), by Newton's iteration
  uint64_t x = a;
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}
uint64_t Unmix(uint64_t y) {
  y = InverseXorShift(y, 29);
  y *= InverseOdd(0xBF58476D1CE4E5B9ull);
  y = InverseXorShift(y, 32);
  y *= InverseOdd(0x9E3779B97F4A7C15ull);
  return y;
}

}  // namespace

TEST_CASE("distinct counter: edge values", "[io][statistics]") {
  const double inf = std::numeric_limits<double>::infinity();
  const double sub = std::numeric_limits<double>::denorm_min();
  CheckAllWays({});
  CheckAllWays({NAN, NAN});
  CheckAllWays({-0.0});
  CheckAllWays({-0.0, 0.0, -0.0});  // one value; the minimum is the first of the equal zeros
  CheckAllWays({0.0, -0.0, 1.0, -1.0});
  CheckAllWays({inf, -inf, inf, 1.0, NAN, -inf});
  CheckAllWays({sub, -sub, 2 * sub, sub, 0.0, -0.0, std::numeric_limits<double>::min()});
  // NaNs of any payload are missing, the one the table uses for an empty slot included.
  CheckAllWays({FromBits(0x7FF8DEADBEEF0001ull), FromBits(0xFFF8000000000000ull), FromBits(0x7FF0000000000001ull),
                3.0});
}

TEST_CASE("distinct counter: many values, few and many distinct", "[io][statistics]") {
  std::mt19937_64 rng(7);
  const double inf = std::numeric_limits<double>::infinity();
  const double sub = std::numeric_limits<double>::denorm_min();
  SECTION("many duplicates") {
    std::vector<double> v(200000);
    for (auto& x : v) x = static_cast<double>(rng() % 10) - 4.5;
    CheckAllWays(v);
  }
  SECTION("keys, with zeros of both signs, infinities, subnormals and missing values") {
    std::vector<double> v(150000);
    for (size_t i = 0; i < v.size(); ++i) {
      switch (rng() % 16) {
        case 0: v[i] = NAN; break;
        case 1: v[i] = (rng() & 1) ? 0.0 : -0.0; break;
        case 2: v[i] = (rng() & 1) ? inf : -inf; break;
        case 3: v[i] = sub * static_cast<double>(rng() % 5000); break;
        default: v[i] = static_cast<double>(i) * 0.01; break;
      }
    }
    CheckAllWays(v);
  }
  SECTION("a few distinct values for most of the column, then many") {
    std::vector<double> v(300000);
    for (size_t i = 0; i < v.size(); ++i) {
      v[i] = static_cast<double>(i < 250000 ? rng() % 5 : rng() % 1000000);
    }
    CheckAllWays(v);
  }
  SECTION("many distinct values first, then only repeats") {
    std::vector<double> v(300000);
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i < 80000 ? i : rng() % 80000);
    CheckAllWays(v);
  }
  SECTION("one value repeated in most rows") {
    std::vector<double> v(200000, 42.0);
    for (size_t i = 0; i < v.size(); i += 3) v[i] = static_cast<double>(rng());
    CheckAllWays(v);
  }
  SECTION("every key in one bucket") {
    // Keys whose mixed bits share their top bits, so a single bucket's table has to grow.
    std::vector<double> v;
    for (uint64_t i = 0; v.size() < 40000; ++i) {
      const double x = FromBits(Unmix(i * 0x10001ull));  // top bits zero
      if (!std::isnan(x)) {
        v.push_back(x);
        if (i % 7 == 0) v.push_back(x);
      }
    }
    REQUIRE(DistinctCounter::Mix(BitsOf(v[1])) >> 40 == 0);
    CheckAllWays(v);
  }
}

TEST_CASE("distinct counter: one counter for columns of every size, and after Release", "[io][statistics]") {
  std::mt19937_64 rng(11);
  DistinctCounter counter(1024);
  for (size_t n : {size_t{100000}, size_t{5000}, size_t{0}, size_t{250000}, size_t{3000}}) {
    std::vector<double> v(n);
    for (auto& x : v) x = static_cast<double>(rng() % (n / 2 + 1));
    CheckSame(counter.Summarize(v), Reference(v));
    if (n == 0) counter.Release();
  }
}

TEST_CASE("import statistics of a high-cardinality numeric column", "[io][statistics]") {
  // Values printed exactly, so the import reads back the doubles generated here.
  std::mt19937_64 rng(3);
  std::vector<double> amount, small;
  std::string csv = "id,amount,small\n";
  char buf[64];
  for (int i = 0; i < 90000; ++i) {
    const bool missing = rng() % 20 == 0;
    const double a = static_cast<double>(rng() % 20000000) / 100.0 - 50000.0;
    const double s = static_cast<double>(rng() % 7);
    amount.push_back(missing ? NAN : a);
    small.push_back(s);
    std::snprintf(buf, sizeof buf, "%d,", i);
    csv += buf;
    if (!missing) {
      std::snprintf(buf, sizeof buf, "%.17g", a);
      csv += buf;
    }
    std::snprintf(buf, sizeof buf, ",%.17g\n", s);
    csv += buf;
  }
  auto r = seg::io::ReadCsv(csv);
  REQUIRE(r.ok());
  const seg::io::Table& t = r.value().table;
  using Named = std::pair<std::string, const std::vector<double>*>;
  for (const auto& [name, values] : {Named{"amount", &amount}, Named{"small", &small}}) {
    INFO(name);
    const seg::io::Column& col = t.columns[static_cast<size_t>(t.FindColumn(name))];
    REQUIRE(col.IsNumericLike());
    const DistinctCounter::Summary want = Reference(*values);
    CHECK(col.distinct == want.distinct);
    CHECK(col.missing == want.missing);
    CHECK(col.min == want.lo);
    CHECK(col.max == want.hi);
    CHECK(col.mean == want.sum / static_cast<double>(values->size() - want.missing));
    CHECK(col.constant == (want.distinct <= 1));
  }
}
