// Privacy toolkit: SHA-256 / HMAC-SHA-256 vectors, personal-data detection (generated data with
// known answers and the shared real datasets), minimised exports and the processing record.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <set>

#include "seg/analysis/prep.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/value_parse.hpp"
#include "seg/privacy/hmac.hpp"
#include "seg/privacy/minimise.hpp"
#include "seg/privacy/personal_data.hpp"
#include "seg/privacy/record.hpp"
#include "test_support.hpp"

using namespace seg;
using namespace seg::privacy;

namespace {

using test::LoadOrFail;

std::string Bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) s.push_back(static_cast<char>(b));
  return s;
}

// Fixed "today" for the age checks: 2026-01-01.
DetectOptions Opts() {
  DetectOptions o;
  o.today = static_cast<double>(io::DaysFromCivil(2026, 1, 1));
  return o;
}

std::map<std::string, PersonalKind> Found(const io::Table& t) {
  std::map<std::string, PersonalKind> out;
  for (const auto& p : DetectPersonalData(t, Opts())) out[p.name] = p.kind;
  return out;
}

}  // namespace

// ---- SHA-256 and HMAC --------------------------------------------------------------------------

TEST_CASE("SHA-256: FIPS 180-4 example vectors", "[privacy][hmac]") {
  CHECK(ToHex(Sha256Of("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(ToHex(Sha256Of("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(ToHex(Sha256Of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(ToHex(Sha256Of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu")) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  // One million 'a', fed in uneven pieces to exercise the buffering.
  Sha256 s;
  const std::string chunk(997, 'a');
  size_t left = 1000000;
  while (left > 0) {
    const size_t n = std::min(left, chunk.size());
    s.Update(std::string_view(chunk).substr(0, n));
    left -= n;
  }
  CHECK(ToHex(s.Final()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundary (55, 56, 63, 64 bytes) agree between one-shot and split updates.
  for (size_t len : {55u, 56u, 63u, 64u, 65u, 119u, 120u}) {
    const std::string m(len, 'x');
    Sha256 a;
    a.Update(m.substr(0, len / 3));
    a.Update(m.substr(len / 3));
    CHECK(ToHex(a.Final()) == ToHex(Sha256Of(m)));
  }
}

TEST_CASE("HMAC-SHA-256: RFC 4231 test cases 1-7", "[privacy][hmac]") {
  // 1
  CHECK(ToHex(HmacSha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // 2: a key shorter than the output
  CHECK(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // 3
  CHECK(ToHex(HmacSha256(std::string(20, '\xaa'), std::string(50, '\xdd'))) ==
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  // 4
  std::string key4;
  for (int i = 1; i <= 25; ++i) key4.push_back(static_cast<char>(i));
  CHECK(ToHex(HmacSha256(key4, std::string(50, '\xcd'))) ==
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  // 5: output truncated to 128 bits
  CHECK(ToHex(HmacSha256(std::string(20, '\x0c'), "Test With Truncation")).substr(0, 32) ==
        "a3b6167473100ee06e0c796c2955552b");
  CHECK(Pseudonym(std::string(20, '\x0c'), "Test With Truncation", 32) == "a3b6167473100ee06e0c796c2955552b");
  // 6, 7: a 131-byte key (longer than the block, hashed first)
  const std::string key131(131, '\xaa');
  CHECK(ToHex(HmacSha256(key131, "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  CHECK(ToHex(HmacSha256(key131,
                         "This is a test using a larger than block-size key and a larger than block-size data. The key "
                         "needs to be hashed before being used by the HMAC algorithm.")) ==
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  CHECK(Bytes({0x61}) == "a");
}

TEST_CASE("pseudonyms: stable per key, different across keys, documented length", "[privacy][hmac]") {
  const std::string a1 = Pseudonym("key-one", "C-100001");
  CHECK(a1.size() == 64);
  CHECK(a1 == Pseudonym("key-one", "C-100001"));
  CHECK(a1 != Pseudonym("key-two", "C-100001"));
  CHECK(a1 != Pseudonym("key-one", "C-100002"));
  CHECK(a1.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(Pseudonym("key-one", "C-100001", 16) == a1.substr(0, 16));
  CHECK(Pseudonym("key-one", "C-100001", 500) == a1);
}

// ---- Detection on generated data ----------------------------------------------------------------

namespace {

struct Rng {  // xorshift64*: the same numbers on every platform
  uint64_t s;
  uint64_t Next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ULL;
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }
};

std::string Digits(Rng& r, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + r.Below(10)));
  return s;
}

// A German IBAN with a correct ISO 7064 mod 97-10 check number.
std::string MakeIban(Rng& r, bool spaced) {
  const std::string bban = Digits(r, 18);
  const std::string rearranged = bban + "131400";  // D = 13, E = 14, check digits 00
  unsigned rem = 0;
  for (char c : rearranged) rem = (rem * 10 + static_cast<unsigned>(c - '0')) % 97;
  const unsigned check = 98 - rem;
  std::string iban = "DE" + std::string(check < 10 ? "0" : "") + std::to_string(check) + bban;
  if (!spaced) return iban;
  std::string out;
  for (size_t i = 0; i < iban.size(); ++i) {
    if (i && i % 4 == 0) out.push_back(' ');
    out.push_back(iban[i]);
  }
  return out;
}

std::string Quote(const std::string& s) {
  return s.find_first_of(",\"\n") == std::string::npos ? s : "\"" + s + "\"";
}

struct Generated {
  std::string csv;
  std::map<std::string, PersonalKind> personal;  // expected
  std::vector<std::string> innocent;             // must not be flagged
  std::vector<std::vector<std::string>> values;  // every field, for the record check
};

Generated Generate(size_t rows, uint64_t seed) {
  Rng r{seed};
  const std::vector<std::string> first = {"Anna", "Hans", "Julia", "Thomas", "Sabine", "Michael", "Laura", "Jürgen",
                                          "Sophie", "Lukas", "Emma", "James", "Sarah", "Urs", "Yvonne", "Kevin",
                                          "Zoltan", "Aylin", "Mehmet", "Svenja"};  // the last four are not in the list
  const std::vector<std::string> last = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
                                         "Becker", "Schulz", "Hoffmann", "Gruber", "Huber", "Steiner", "Keller",
                                         "Smith", "Jones", "von Arnim", "Yılmaz", "Brown", "Wolf"};
  const std::vector<std::string> streets = {"Hauptstraße", "Bahnhofstr.", "Am Ring", "Lindenweg", "Schillergasse",
                                            "Marktplatz", "Goethestrasse", "Parkallee", "High Street", "Seeufer"};
  const std::vector<std::string> cities = {"Berlin", "Hamburg", "München", "Wien", "Graz", "Zürich", "Basel", "Köln"};
  const std::vector<std::string> industries = {"Retail", "Energy", "Media", "Manufacturing", "Financial Services"};
  const std::vector<std::string> words = {"Kunde", "wünscht", "Rückruf", "wegen", "Vertrag", "am", "Montag",
                                          "hat", "sich", "über", "Lieferzeit", "beschwert", "möchte", "Angebot",
                                          "für", "Lizenzen", "customer", "asked", "about", "the", "invoice",
                                          "renewal", "discount", "next", "quarter", "please", "call", "back"};
  const std::vector<std::string> domains = {"example.de", "firma.at", "web.de", "gmx.ch", "mail.example.com"};

  Generated g;
  const std::vector<std::string> header = {
      "customer_id", "Vorname", "Nachname", "E-Mail", "Telefon", "IBAN", "Straße", "PLZ", "Geburtsdatum",
      "ip", "Bemerkung", "Ansprechpartner", "contact", "field_7", "account_ref", "last_login_from", "remarks_2",
      "born", "revenue", "industry", "city", "employees", "signup", "company", "nps", "Mobil", "email_opt_in",
      "phone_calls_30d", "Year_Birth", "Age", "product"};
  g.personal = {{"Vorname", PersonalKind::kName},        {"Nachname", PersonalKind::kName},
                {"E-Mail", PersonalKind::kEmail},         {"Telefon", PersonalKind::kPhone},
                {"IBAN", PersonalKind::kIban},            {"Straße", PersonalKind::kAddress},
                {"PLZ", PersonalKind::kPostcode},         {"Geburtsdatum", PersonalKind::kBirthDate},
                {"ip", PersonalKind::kIpAddress},         {"Bemerkung", PersonalKind::kNotes},
                {"Ansprechpartner", PersonalKind::kName}, {"contact", PersonalKind::kEmail},
                {"field_7", PersonalKind::kName},         {"account_ref", PersonalKind::kIban},
                {"last_login_from", PersonalKind::kIpAddress}, {"remarks_2", PersonalKind::kNotes},
                {"born", PersonalKind::kBirthDate},       {"Mobil", PersonalKind::kPhone}};
  g.innocent = {"customer_id", "revenue", "industry", "city", "employees", "signup", "company", "nps",
                "email_opt_in", "phone_calls_30d", "Year_Birth", "Age", "product"};
  for (size_t i = 0; i < header.size(); ++i) g.csv += (i ? "," : "") + header[i];
  g.csv += "\n";
  for (size_t i = 0; i < rows; ++i) {
    const std::string fn = r.Pick(first), ln = r.Pick(last);
    const int by = 1940 + static_cast<int>(r.Below(65)), bm = 1 + static_cast<int>(r.Below(12)), bd = 1 + static_cast<int>(r.Below(28));
    char birth[16], born[16], signup[16];
    std::snprintf(birth, sizeof birth, "%02d.%02d.%04d", bd, bm, by);
    std::snprintf(born, sizeof born, "%04d-%02d-%02d", by, bm, bd);
    std::snprintf(signup, sizeof signup, "%04d-%02d-%02d", 2018 + static_cast<int>(r.Below(8)), bm, bd);
    std::string phone;
    switch (r.Below(4)) {
      case 0: phone = "+49 " + Digits(r, 2) + " " + Digits(r, 7); break;
      case 1: phone = "0049 (0)" + Digits(r, 2) + " " + Digits(r, 6); break;
      case 2: phone = "0" + std::to_string(1 + r.Below(9)) + Digits(r, 2) + "/" + Digits(r, 7); break;
      default: phone = "+41 44 " + Digits(r, 3) + " " + Digits(r, 2) + " " + Digits(r, 2); break;
    }
    std::string note;
    const size_t nw = 5 + r.Below(8);
    for (size_t w = 0; w < nw; ++w) note += (w ? " " : "") + r.Pick(words);
    note += " (" + std::to_string(i) + ")";
    std::string ip = r.Below(3) == 0 ? "2001:db8:" + std::to_string(r.Below(9999)) + "::" + std::to_string(1 + r.Below(99))
                                     : std::to_string(1 + r.Below(223)) + "." + std::to_string(r.Below(256)) + "." +
                                           std::to_string(r.Below(256)) + "." + std::to_string(1 + r.Below(254));
    std::string fold = fn + "." + ln;
    for (auto& c : fold) if (c == ' ') c = '-';
    std::vector<std::string> row = {
        "K-" + std::to_string(100000 + i),
        fn,
        ln,
        fold + "@" + r.Pick(domains),
        phone,
        MakeIban(r, r.Below(2) == 0),
        r.Pick(streets) + " " + std::to_string(1 + r.Below(120)) + (r.Below(4) == 0 ? "a" : ""),
        r.Below(3) == 0 ? std::to_string(1000 + r.Below(9000)) : Digits(r, 5),
        birth,
        ip,
        r.Below(5) == 0 ? "" : note,
        fn + " " + ln,
        "info." + std::to_string(i) + "@" + r.Pick(domains),
        r.Below(2) ? fn + " " + ln : ln + ", " + fn,
        MakeIban(r, false),
        ip,
        note + " " + r.Pick(words),
        born,
        std::to_string(100 + r.Below(100000)) + "." + std::to_string(r.Below(100)),
        r.Pick(industries),
        r.Pick(cities),
        std::to_string(1 + r.Below(5000)),
        signup,
        r.Pick(last) + " " + std::vector<std::string>{"GmbH", "AG", "KG", "OG", "& Co. KG"}[r.Below(5)],
        std::to_string(r.Below(11)),
        "+4917" + Digits(r, 9),
        r.Below(2) ? "yes" : "no",
        std::to_string(r.Below(40)),
        std::to_string(by),
        std::to_string(2026 - by),
        std::vector<std::string>{"Starter Plan", "Pro Plan", "Enterprise Plan"}[r.Below(3)]};
    for (size_t c = 0; c < row.size(); ++c) g.csv += (c ? "," : "") + Quote(row[c]);
    g.csv += "\n";
    g.values.push_back(std::move(row));
  }
  return g;
}

// Detects personal columns and plans the export, failing the test on an error.
MinimisePlan PlanOrFail(const io::Table& t, const MinimiseParams& p) {
  auto plan = PlanMinimisation(t, DetectPersonalData(t), p);
  if (!plan.ok()) FAIL("plan failed: " << plan.error().ToString());
  return std::move(plan.value());
}

MinimiseParams DropAndPseudonymise(std::vector<std::string> keep, std::vector<std::string> ids, std::string key) {
  MinimiseParams p;
  p.drop_personal = true;
  p.keep = std::move(keep);
  p.pseudonymise = std::move(ids);
  p.key = std::move(key);
  return p;
}

struct Score {
  size_t tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 1.0; }
};

}  // namespace

TEST_CASE("detection on generated data: precision and recall", "[privacy][detect]") {
  Score total;
  for (uint64_t seed : {1u, 2u, 3u}) {
    for (size_t rows : {40u, 3000u}) {
      const Generated g = Generate(rows, seed * 7919 + rows);
      const io::Dataset d = LoadOrFail(g.csv);
      const auto found = Found(d.table);
      Score s;
      for (const auto& [name, kind] : g.personal) {
        auto it = found.find(name);
        if (it != found.end() && it->second == kind) ++s.tp;
        else {
          ++s.fn;
          UNSCOPED_INFO("missed " << name << " (rows " << rows << ", seed " << seed << ")"
                                  << (it != found.end() ? " found as " + std::string(PersonalKindName(it->second)) : ""));
        }
      }
      for (const auto& [name, kind] : found) {
        if (g.personal.count(name)) continue;
        ++s.fp;
        UNSCOPED_INFO("false positive " << name << " as " << PersonalKindName(kind) << " (rows " << rows << ")");
      }
      for (const auto& name : g.innocent) CHECK(found.count(name) == 0);
      total.tp += s.tp;
      total.fp += s.fp;
      total.fn += s.fn;
    }
  }
  WARN("generated data: precision " << total.Precision() << ", recall " << total.Recall() << " (" << total.tp
                                    << " true, " << total.fp << " false positives, " << total.fn << " missed)");
  CHECK(total.Precision() >= 0.99);
  CHECK(total.Recall() >= 0.95);
}

TEST_CASE("detection: reasons in English and German, confidence, header-only hints", "[privacy][detect]") {
  const io::Dataset d = LoadOrFail(
      "E-Mail,Tel.,Kundennummer,Notiz,Name,Produktname\n"
      "a@example.de,089 123456,4711,ruft zurück,Anna Huber,Widget\n"
      "b@example.de,089 654321,4712,,Hans Maier,Gadget\n"
      "nobody,030 111222,4713,schickt Angebot,Julia Weber,Gizmo\n"
      "c@example.de,040-998877,4714,neue Adresse folgt,Peter Wolf,Widget\n");
  const auto found = DetectPersonalData(d.table, Opts());
  std::map<std::string, PersonalColumn> by;
  for (const auto& p : found) by[p.name] = p;
  REQUIRE(by.count("E-Mail"));
  CHECK(by["E-Mail"].reason_en == "75% of values are e-mail addresses (the column name agrees)");
  CHECK(by["E-Mail"].reason_de == "75 % der Werte sind E-Mail-Adressen (der Spaltenname passt dazu)");
  CHECK(by["E-Mail"].confidence == Approx(0.95));
  CHECK(by["E-Mail"].Reason(Lang::kDe) == by["E-Mail"].reason_de);
  REQUIRE(by.count("Tel."));
  CHECK(by["Tel."].kind == PersonalKind::kPhone);
  CHECK(by.count("Notiz"));
  REQUIRE(by.count("Name"));
  CHECK(by["Name"].kind == PersonalKind::kName);
  CHECK(by.count("Kundennummer") == 0);
  CHECK(by.count("Produktname") == 0);
  CHECK(PersonalKindName(PersonalKind::kBirthDate) == "birth_date");
  CHECK(ParseLang("de") == Lang::kDe);
  CHECK_FALSE(ParseLang("fr").has_value());
}

TEST_CASE("detection: things that must not be flagged", "[privacy][detect]") {
  const io::Dataset d = LoadOrFail(
      "PhoneService,email_opens,order_no,Age,Year_Birth,contract_start,InvoiceNo,Description,time\n"
      "Yes,3,0012345,34,1980,2021-03-01,536365,WHITE HANGING HEART T-LIGHT HOLDER,12:30:00\n"
      "No,0,0012346,51,1962,2022-04-02,536366,WHITE METAL LANTERN WITH GLASS COVER,08:15:00\n"
      "Yes,7,0012347,29,1995,2019-05-03,536367,CREAM CUPID HEARTS COAT HANGER,17:45:10\n");
  CHECK(Found(d.table).empty());
}

// ---- Shared real datasets: none of them holds direct personal data ------------------------------

TEST_CASE("shared datasets: no false positives (Age, Year_Birth, CustomerID, Description, dates)", "[privacy][shared]") {
  // Expectations per file: every column is NOT personal data in the sense of the detector.
  //  - Mall_Customers: CustomerID (a running number), Gender, Age: quasi-identifiers, not flagged.
  //  - marketing_campaign: ID, Year_Birth (a year, not a birth date), Dt_Customer (customer since).
  //  - telco: customerID identifier, PhoneService / MultipleLines are service flags.
  //  - online_retail: CustomerID, Description (repeating product text, upper case), InvoiceDate.
  //  - cdnow: purchase dates from 1997-98 are ~28 years ago but within two years: not birth dates.
  //  - bank_marketing: age, contact ("cellular"/"telephone" is a channel, not a number).
  const std::vector<std::string> files = {
      "mall_customers/Mall_Customers.csv", "marketing_campaign/marketing_campaign.csv",
      "telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv", "online_retail/online_retail_2010-12_all_rows.csv",
      "cdnow/CDNOW_master.txt", "bank_marketing/bank-additional.csv", "wholesale/Wholesale customers data.csv",
      "iris/iris_named.csv", "wine/wine_named.csv"};
  size_t checked = 0, columns = 0;
  for (const auto& rel : files) {
    auto bytes = test::SharedDatasetBytes(rel);
    if (!bytes) {
      WARN("skipped: ../shared/datasets/" << rel << " not found (only in the dev setup)");
      continue;
    }
    const io::Dataset d = LoadOrFail(std::move(*bytes));
    const auto found = DetectPersonalData(d.table);
    for (const auto& p : found) FAIL_CHECK(rel << ": " << p.name << " flagged as " << PersonalKindName(p.kind) << ": " << p.reason_en);
    // The default features are what they were before personal-data exclusion.
    std::vector<std::string> notes;
    const auto cols = analysis::DefaultFeatureColumns(d.table, &notes);
    size_t numeric = 0;
    for (const auto& c : d.table.columns)
      numeric += c.type == io::ColumnType::kNumeric && !c.constant && c.missing < d.table.rows;
    CHECK(cols.size() == numeric);
    ++checked;
    columns += d.table.columns.size();
  }
  if (checked) WARN("shared datasets: " << checked << " files, " << columns << " columns, 0 expected personal columns");
}

// ---- Feature choice --------------------------------------------------------------------------------

TEST_CASE("default features leave personal columns out unless named", "[privacy][prep]") {
  std::string csv = "revenue,Mobil,employees\n";
  for (int i = 0; i < 30; ++i)
    csv += std::to_string(100 + i * 7) + ",+49171" + std::to_string(1000000 + i * 13) + "," + std::to_string(5 + i % 9) + "\n";
  const io::Dataset d = LoadOrFail(csv);
  const int mobil = d.table.FindColumn("Mobil");
  REQUIRE(mobil >= 0);
  REQUIRE(d.table.columns[static_cast<size_t>(mobil)].type == io::ColumnType::kNumeric);
  std::vector<std::string> notes;
  auto cols = analysis::DefaultFeatureColumns(d.table, &notes);
  CHECK(std::find(cols.begin(), cols.end(), mobil) == cols.end());
  CHECK(cols.size() == 2);
  bool noted = false;
  for (const auto& n : notes) noted |= n.find("'Mobil' looks like personal data") != std::string::npos;
  CHECK(noted);
  // Exempted (--keep) or named in --features: used.
  cols = analysis::DefaultFeatureColumns(d.table, nullptr, {"Mobil"});
  CHECK(std::find(cols.begin(), cols.end(), mobil) != cols.end());
  auto m = analysis::PrepareFeatures(d.table, {"revenue", "Mobil"}, nullptr);
  REQUIRE(m.ok());
  CHECK(m->cols == 2);
}

// ---- Minimised exports --------------------------------------------------------------------------

TEST_CASE("export: drop, mask, pseudonymise, keep", "[privacy][export]") {
  const std::string csv =
      "id;E-Mail;Vorname;Umsatz;Bemerkung\r\n"
      "K1;anna@example.de;Anna;1.200,50;\"ruft zurück; wegen Angebot für Lizenzen\"\r\n"
      "K2;hans@example.de;Hans;300,00;\r\n"
      "K3;julia@example.de;Julia;999,90;\"möchte Rabatt auf die Verlängerung erhalten\"\r\n";
  const io::Dataset d = LoadOrFail(csv);
  const auto detected = DetectPersonalData(d.table);
  CHECK(detected.size() == 3);

  const MinimiseParams p = DropAndPseudonymise({"Vorname"}, {"id"}, "k");
  MinimisePlan plan = PlanOrFail(d.table, p);
  CHECK(plan.ExportedColumns() == std::vector<std::string>{"id", "Vorname", "Umsatz"});
  const std::string out = io::WriteWithExtraColumns(d, {"segment"}, {{"1", "2", "1"}}, ExportOptionsFor(plan, p));
  CHECK(out == "id;Vorname;Umsatz;segment\r\n" + Pseudonym("k", "K1") + ";Anna;1.200,50;1\r\n" + Pseudonym("k", "K2") +
                   ";Hans;300,00;2\r\n" + Pseudonym("k", "K3") + ";Julia;999,90;1\r\n");

  MinimiseParams mask;
  mask.mask_personal = true;
  plan = PlanOrFail(d.table, mask);
  const std::string masked = io::WriteWithExtraColumns(d, {}, {}, ExportOptionsFor(plan, mask));
  CHECK(masked == "id;E-Mail;Vorname;Umsatz;Bemerkung\r\nK1;***;***;1.200,50;***\r\nK2;***;***;300,00;\r\n"
                  "K3;***;***;999,90;***\r\n");

  // Errors: unknown column, empty key, drop and mask together.
  MinimiseParams bad;
  bad.pseudonymise = {"nope"};
  bad.key = "k";
  CHECK(PlanMinimisation(d.table, detected, bad).error().code == "privacy.no_such_column");
  bad.pseudonymise = {"id"};
  bad.key.clear();
  CHECK(PlanMinimisation(d.table, detected, bad).error().code == "privacy.empty_key");
  bad.key = "k";
  bad.drop_personal = bad.mask_personal = true;
  CHECK(PlanMinimisation(d.table, detected, bad).error().code == "privacy.drop_and_mask");
}

TEST_CASE("export with edits leaves rejected records out", "[privacy][export]") {
  const io::Dataset d = LoadOrFail("id,email,x\n1,a@b.de,5\n2,c@d.de\n3,e@f.de,7\n4,g@h.de,8\n");
  REQUIRE(d.report.rejected_total == 1);
  const MinimiseParams p = DropAndPseudonymise({}, {}, "");
  CHECK(io::WriteWithExtraColumns(d, {}, {}, ExportOptionsFor(PlanOrFail(d.table, p), p)) == "id,x\n1,5\n3,7\n4,8\n");
}

// ---- Processing record ----------------------------------------------------------------------------

TEST_CASE("processing record: facts in EN and DE, Markdown and HTML, no data values", "[privacy][record]") {
  const Generated g = Generate(60, 99);
  const io::Dataset d = LoadOrFail(g.csv);
  ProcessingRecord rec;
  rec.file_name = "kunden.csv";
  rec.date = "2026-01-15";
  rec.rows = d.table.rows;
  rec.columns = d.table.columns.size();
  rec.features = {"revenue", "employees", "nps"};
  rec.plan = PlanOrFail(d.table, DropAndPseudonymise({"Ansprechpartner"}, {"customer_id"}, "secret"));
  rec.method = "kmeans";
  rec.parameters = {{"seed", "42"}, {"scale", "zscore"}};
  rec.k = 4;
  rec.software_version = "segmenter 0.1.0";
  rec.output_file = "segmente.csv";
  for (Lang lang : {Lang::kEn, Lang::kDe}) {
    for (RecordFormat format : {RecordFormat::kMarkdown, RecordFormat::kHtml}) {
      const std::string text = WriteProcessingRecord(rec, lang, format);
      for (const char* fact : {"kunden.csv", "2026-01-15", "60", "kmeans", "segmenter 0.1.0", "revenue", "seed = 42",
                               "segmente.csv", "Geburtsdatum", "IBAN"})
        CHECK(text.find(fact) != std::string::npos);
      CHECK(text.find(lang == Lang::kDe ? "entfernt" : "dropped") != std::string::npos);
      CHECK(text.find(lang == Lang::kDe ? "pseudonymisiert" : "pseudonymised") != std::string::npos);
      CHECK(text.find(lang == Lang::kDe ? "als nicht personenbezogen markiert" : "marked as not personal") != std::string::npos);
      // No field value of the file, and (HTML) nothing loaded from elsewhere.
      size_t leaks = 0;
      for (const auto& row : g.values)
        for (const auto& v : row)
          if (v.size() >= 4 && text.find(v) != std::string::npos) {
            ++leaks;
            UNSCOPED_INFO("value in record: " << v);
          }
      CHECK(leaks == 0);
      if (format == RecordFormat::kHtml) {
        CHECK(text.rfind("<!DOCTYPE html>", 0) == 0);
        for (const char* ext : {"http:", "https:", "<script", "src=", "<link", "@import"}) CHECK(text.find(ext) == std::string::npos);
      } else {
        CHECK(text.rfind("# ", 0) == 0);
      }
    }
  }
}
