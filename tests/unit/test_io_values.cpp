// Value recognition: numbers in every style people export, dates, booleans, missing markers.
#include <catch2/catch.hpp>

#include <cmath>

#include "seg/io/value_parse.hpp"

using namespace seg::io;

namespace {
double Num(std::string_view v, char dec, char thou = 0) {
  NumberStyle s;
  s.decimal = dec;
  s.thousands = thou;
  auto r = ParseNumber(v, s);
  return r ? *r : NAN;
}
bool ValidIn(std::string_view v, char dec, char thou) {
  NumberStyle s;
  s.decimal = dec;
  s.thousands = thou;
  return (ScanNumber(v).styles >> NumberStyleIndex(s)) & 1u;
}
}  // namespace

TEST_CASE("numbers: decimal comma, thousands separators, signs, currencies, percent", "[io][values]") {
  CHECK(Num("1.234,56", ',', '.') == Approx(1234.56));
  CHECK(Num("1,234.56", '.', ',') == Approx(1234.56));
  CHECK(Num("1'234.56", '.', '\'') == Approx(1234.56));
  CHECK(Num("1 234,56", ',', ' ') == Approx(1234.56));
  CHECK(Num("1\xC2\xA0" "234,56", ',', ' ') == Approx(1234.56));  // no-break space
  CHECK(Num("-12,5", ',') == Approx(-12.5));
  CHECK(Num("+3.25", '.') == Approx(3.25));
  CHECK(Num("1.234,50-", ',', '.') == Approx(-1234.5));  // SAP trailing minus
  CHECK(Num("(99.50)", '.') == Approx(-99.5));           // accounting negative
  CHECK(Num("\xE2\x82\xAC 1.299,00", ',', '.') == Approx(1299.0));
  CHECK(Num("1.299,00 \xE2\x82\xAC", ',', '.') == Approx(1299.0));
  CHECK(Num("CHF 1'500.00", '.', '\'') == Approx(1500.0));
  CHECK(Num("$1,500", '.', ',') == Approx(1500.0));
  CHECK(Num("12,5 %", ',') == Approx(12.5));
  CHECK(Num("1.5e3", '.') == Approx(1500.0));
  CHECK(ScanNumber("EUR 12").unit == "EUR");
  CHECK(ScanNumber("12 %").percent);
  // Ambiguity is kept until the column decides.
  CHECK(ValidIn("1.234", '.', 0));
  CHECK(ValidIn("1.234", ',', '.'));
  CHECK_FALSE(ValidIn("1.23", ',', '.'));   // groups of three only
  CHECK_FALSE(ValidIn("1,2,3", '.', ','));
  CHECK_FALSE(ValidIn("12.345,6", '.', ','));
  CHECK(ScanNumber("0123").leading_zero);
  CHECK_FALSE(ScanNumber("0,5").leading_zero);
  CHECK(ScanNumber("abc").styles == 0);
  CHECK(ScanNumber("12abc").styles == 0);
  CHECK(ScanNumber("1-2").styles == 0);
  CHECK(ScanNumber("").styles == 0);
  CHECK(ScanNumber("5").integer);
  CHECK_FALSE(ScanNumber("5.5").integer);
}

TEST_CASE("dates: ISO, German, day-first vs month-first, times, compact", "[io][values]") {
  CHECK((ScanDate("2024-03-31") & kDateIso));
  CHECK((ScanDate("31.03.2024") & kDateDmyDot));
  CHECK((ScanDate("31.3.24") & kDateDmyDot));
  CHECK(ScanDate("31/03/2024") == kDateDmySlash);        // 31 cannot be a month
  CHECK(ScanDate("03/31/2024") == kDateMdySlash);        // 31 cannot be a month either way
  CHECK(ScanDate("03/04/2024") == (kDateDmySlash | kDateMdySlash));  // ambiguous alone
  CHECK((ScanDate("12/1/2010 8:26") & kDateMdySlash));
  CHECK(ScanDate("2024-02-30") == 0);
  CHECK(ScanDate("29.02.2023") == 0);
  CHECK(ScanDate("29.02.2024") != 0);
  CHECK(ScanDate("hello") == 0);
  CHECK(ScanDate("20240331") == kDateCompact);
  CHECK(*ParseDate("1970-01-02", kDateIso) == Approx(1.0));
  CHECK(*ParseDate("01.01.2000", kDateDmyDot) == Approx(10957.0));
  CHECK(*ParseDate("2000-01-01T12:00:00", kDateIso) == Approx(10957.5));
  CHECK(*ParseDate("2000-01-01 06:00", kDateIso) == Approx(10957.25));
  CHECK(*ParseDate("1/1/2000 6:00 PM", kDateMdySlash) == Approx(10957.75));
  CHECK(FormatIsoDate(10957.0) == "2000-01-01");
  CHECK(ChooseDateFormat(kDateDmySlash | kDateMdySlash, true) == kDateDmySlash);
  CHECK(ChooseDateFormat(kDateDmySlash | kDateMdySlash, false) == kDateMdySlash);
  int64_t y;
  unsigned m, d;
  CivilFromDays(DaysFromCivil(2024, 2, 29), &y, &m, &d);
  CHECK((y == 2024 && m == 2 && d == 29));
}

TEST_CASE("booleans and missing markers", "[io][values]") {
  CHECK(ScanBool("Ja").value);
  CHECK_FALSE(ScanBool("nein").value);
  CHECK(ScanBool("nein").pairs != 0);
  CHECK(ScanBool("TRUE").value);
  CHECK(ScanBool("maybe").pairs == 0);
  for (const char* m : {"", "  ", "NA", "N/A", "n/a", "null", "NULL", "-", "?", "#N/A", "#NV", "NaN"}) {
    CAPTURE(m);
    CHECK(IsMissingValue(m));
  }
  CHECK_FALSE(IsMissingValue("0"));
  CHECK_FALSE(IsMissingValue("None"));
  CHECK(IsMissingValue("unknown", {"unknown"}));
  CHECK(IsMissingValue(" Unknown ", {"unknown"}));
}
