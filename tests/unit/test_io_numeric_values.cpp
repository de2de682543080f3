// A numeric column stored narrowly (8/16/32-bit codes with a column-wide number of decimals) must
// read back every value bit for bit, whatever order the values come in and whichever widening steps
// that forces; anything that cannot be stored exactly turns the column into doubles.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/numeric_values.hpp"
#include "seg/io/value_parse.hpp"

using seg::io::NumericValues;
using Storage = seg::io::NumericValues::Storage;

namespace {

bool SameBits(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::memcmp(&a, &b, sizeof a) == 0;  // also tells -0.0 from 0.0
}

void CheckHolds(const NumericValues& v, const std::vector<double>& want) {
  REQUIRE(v.size() == want.size());
  size_t differing = 0;
  for (size_t i = 0; i < want.size(); ++i) differing += !SameBits(v[i], want[i]);
  CHECK(differing == 0);
  // The visitor, the iterator and the copy agree with operator[].
  v.Visit([&](auto view) {
    size_t bad = 0;
    for (size_t i = 0; i < want.size(); ++i) bad += !SameBits(view[i], want[i]);
    CHECK(bad == 0);
  });
  size_t i = 0, bad = 0;
  for (double x : v) bad += !SameBits(x, want[i++]);
  CHECK(bad == 0);
  const std::vector<double> copy = v.ToVector();
  for (size_t k = 0; k < want.size(); ++k) bad += !SameBits(copy[k], want[k]);
  CHECK(bad == 0);
}

NumericValues Pushed(const std::vector<double>& xs) {
  NumericValues v;
  for (double x : xs) v.push_back(x);
  return v;
}

// What the importer stores for the text `s` ("1234.56", "-0.5", ...).
double Parsed(const std::string& s) {
  auto x = seg::io::ParseNumber(s, seg::io::NumberStyle{});
  REQUIRE(x.has_value());
  return *x;
}

}  // namespace

TEST_CASE("Numeric values: small integers, flags and missing values take one byte each") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> xs = {0, 1, nan, 1, 0, 10, -127, 127, nan};
  const NumericValues v = Pushed(xs);
  CHECK(v.storage() == Storage::kInt8);
  CHECK(v.decimals() == 0);
  CheckHolds(v, xs);
}

TEST_CASE("Numeric values: widen step by step, re-encoding what they hold") {
  std::vector<double> xs = {3, std::nan(""), 1};
  NumericValues v = Pushed(xs);
  CHECK(v.storage() == Storage::kInt8);

  xs.push_back(1000);  // 16 bits
  v.push_back(1000);
  CHECK(v.storage() == Storage::kInt16);
  CheckHolds(v, xs);

  xs.push_back(Parsed("12.5"));  // one decimal: 1000 becomes code 10000, still 16 bits
  v.push_back(xs.back());
  CHECK(v.storage() == Storage::kInt16);
  CHECK(v.decimals() == 1);
  CheckHolds(v, xs);

  xs.push_back(Parsed("0.25"));  // two decimals: 1000 becomes 100000, 32 bits
  v.push_back(xs.back());
  CHECK(v.storage() == Storage::kInt32);
  CHECK(v.decimals() == 2);
  CheckHolds(v, xs);

  xs.push_back(Parsed("25631746.27"));  // beyond 32 bits at two decimals: doubles
  v.push_back(xs.back());
  CHECK(v.storage() == Storage::kDouble);
  CheckHolds(v, xs);

  xs.push_back(3);  // and stays doubles
  v.push_back(3);
  CHECK(v.storage() == Storage::kDouble);
  CheckHolds(v, xs);
}

TEST_CASE("Numeric values: what cannot be stored exactly as codes makes the column doubles") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (double odd : {-0.0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                     0.1 + 0.2, 1.0 / 3.0, 1e-5, 3e9, -3e9, 2147483648.0, Parsed("1.23456")}) {
    INFO(odd);
    const std::vector<double> xs = {1, 2, nan, odd, 4};
    const NumericValues v = Pushed(xs);
    CHECK(v.storage() == Storage::kDouble);
    CheckHolds(v, xs);
  }
  // "-0" keeps its sign through the importer's direct path too.
  {
    seg::io::NumberScan scan;
    double x;
    seg::io::PlainDecimal dec;
    REQUIRE(seg::io::ScanParsePlainNumber("-0.00", seg::io::NumberStyle{}, &scan, &x, &dec));
    NumericValues v = Pushed({1, 2});
    v.PushDecimal(dec.mantissa, dec.decimals, x);
    CheckHolds(v, {1, 2, -0.0});
  }
  // The largest codes still fit.
  const std::vector<double> edge = {2147483647.0, -2147483647.0, nan};
  CHECK(Pushed(edge).storage() == Storage::kInt32);
  CheckHolds(Pushed(edge), edge);
}

TEST_CASE("Numeric values: amounts with up to four decimals read back as parsed, in any order") {
  std::mt19937_64 rng(20261205);
  for (int decimals = 0; decimals <= 6; ++decimals) {
    for (int magnitude : {2, 5, 9}) {
      INFO("decimals " << decimals << ", integer digits " << magnitude);
      std::vector<double> xs;
      NumericValues direct;
      std::uniform_int_distribution<int64_t> whole(-static_cast<int64_t>(std::pow(10, magnitude)),
                                                   static_cast<int64_t>(std::pow(10, magnitude)));
      std::uniform_int_distribution<int64_t> frac(0, static_cast<int64_t>(std::pow(10, decimals)) - 1);
      std::uniform_int_distribution<int> gap(0, 9);
      for (int i = 0; i < 3000; ++i) {
        if (gap(rng) == 0) {
          xs.push_back(std::nan(""));
          direct.push_back(xs.back());
          continue;
        }
        // Decimals vary per value (trailing digits dropped), so the column widens as it goes.
        const int d = decimals == 0 ? 0 : static_cast<int>(rng() % (decimals + 1));
        char buf[64];
        if (d == 0) {
          std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(whole(rng)));
        } else {
          std::snprintf(buf, sizeof buf, "%lld.%0*lld", static_cast<long long>(whole(rng)), d,
                        static_cast<long long>(frac(rng) % static_cast<int64_t>(std::pow(10, d))));
        }
        xs.push_back(Parsed(buf));
        // The importer's way: the plain-number scan hands over the decimal it computed.
        seg::io::NumberScan scan;
        double x;
        seg::io::PlainDecimal dec;
        REQUIRE(seg::io::ScanParsePlainNumber(buf, seg::io::NumberStyle{}, &scan, &x, &dec));
        REQUIRE(SameBits(x, xs.back()));
        direct.PushDecimal(dec.mantissa, dec.decimals, x);
      }
      const NumericValues v = Pushed(xs);
      CheckHolds(v, xs);
      CheckHolds(direct, xs);
      CHECK(direct.storage() == v.storage());
      if (decimals <= 4 && magnitude + decimals <= 9) CHECK(v.storage() != Storage::kDouble);
      if (decimals > 4) CHECK(v.storage() == Storage::kDouble);
    }
  }
}

TEST_CASE("Numeric values: Set, resize, assign, clear and copies") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  NumericValues v;
  v.assign(5, nan);
  CHECK(v.size() == 5);
  CHECK(v.storage() == Storage::kInt8);
  v.Set(1, 7);
  v.Set(3, Parsed("19.99"));  // widens, keeps the 7
  v.Set(4, -40000);
  CheckHolds(v, {nan, 7, nan, Parsed("19.99"), -40000});
  CHECK(v.storage() == Storage::kInt32);
  v.resize(7, 2);
  CheckHolds(v, {nan, 7, nan, Parsed("19.99"), -40000, 2, 2});
  v.resize(2);
  CheckHolds(v, {nan, 7});
  v.Set(0, 0.1 + 0.2);
  CHECK(v.storage() == Storage::kDouble);
  CheckHolds(v, {0.1 + 0.2, 7});

  const std::vector<double> plain = {1.5, nan, -2};
  NumericValues w = plain;
  CheckHolds(w, plain);
  std::vector<double> back = w;
  CheckHolds(NumericValues(back), plain);
  CHECK(NumericValues(plain) == w);
  w.clear();
  CHECK(w.empty());
  CHECK(w.storage() == Storage::kInt8);
  w.push_back(5);
  CheckHolds(w, {5});
  w.Release();
  CHECK(w.empty());
  CHECK(w.bytes() == 0);
}

TEST_CASE("Numeric values: the demo file's columns are stored narrowly and read back as parsed") {
  seg::demo::DemoOptions opt;
  opt.rows = 20000;
  const std::string csv = seg::demo::GenerateDemoCustomersCsv(opt);
  auto ds = seg::io::ReadCsv(csv);
  REQUIRE(ds.ok());
  const seg::io::Table& t = ds->table;
  auto storage = [&](const char* name) {
    const int c = t.FindColumn(name);
    REQUIRE(c >= 0);
    return t.columns[static_cast<size_t>(c)].values.storage();
  };
  CHECK(storage("churned") == Storage::kInt8);
  CHECK(storage("nps") == Storage::kInt8);
  CHECK(storage("orders_12m") == Storage::kInt8);
  CHECK(storage("employees") == Storage::kInt16);
  CHECK(storage("contract_start") == Storage::kInt16);  // days since 1970 (16 bits last until 2059)
  CHECK(storage("mrr_eur") == Storage::kInt32);         // cents
  CHECK(storage("gross_margin_pct") == Storage::kInt16);
  CHECK(storage("annual_revenue_eur") == Storage::kDouble);
  // Every stored number equals the field parsed on its own.
  const int c = t.FindColumn("mrr_eur");
  size_t differing = 0;
  for (size_t r = 0; r < t.rows; ++r) {
    const std::string field = ds->RowFields(r)[static_cast<size_t>(c)];
    const double want = field.empty() ? NAN : Parsed(field);
    differing += !SameBits(t.columns[static_cast<size_t>(c)].values[r], want);
  }
  CHECK(differing == 0);
}
