// seg/privacy/personal_data.hpp — which columns of a customer table hold personal data (GDPR /
// DSGVO Art. 4(1)): e-mail addresses, phone numbers, IBANs, postal addresses, postcodes, names,
// birth dates, IP addresses and free-text notes.
//
// Two kinds of evidence, combined per column:
//   header   the column name in English or German ("E-Mail", "Telefon", "Tel.", "Vorname",
//            "Straße", "PLZ", "Geburtsdatum", "Bemerkung", ...), tokenised like "customerID" ->
//            customer id and with umlauts folded ("Straße" -> strasse);
//   content  the share of sampled values that match the kind's syntax (e-mail, phone numbers with
//            +49 / 0049 / (0), IBANs with a valid ISO 13616 mod-97 checksum, IPv4/IPv6,
//            "Firstname Lastname" with a known first name, long multi-word free text, dates of
//            birth 0-110 years ago).
// Postcodes are recognised only when the header suggests them (any 5-digit number would match).
// A numeric column such as `Age` or `Year_Birth` is not a birth date, and an identifier such as
// `CustomerID` is not flagged: it identifies a customer only together with the company's own
// records (pseudonymise it on export if it must not leave the house).
//
// At most `max_samples` non-missing values per column are looked at, spread over the whole
// table, so detection stays fast on a million rows.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/common/lang.hpp"
#include "seg/io/table.hpp"

namespace seg::privacy {

// The core's one language type (seg/common/lang.hpp), also under its old name seg::privacy::Lang.
using seg::Lang;
using seg::ParseLang;  // "en", "de"

enum class PersonalKind { kEmail, kPhone, kIban, kAddress, kPostcode, kName, kBirthDate, kIpAddress, kNotes };

// "email", "phone", "iban", "address", "postcode", "name", "birth_date", "ip_address", "notes".
std::string_view PersonalKindName(PersonalKind kind);
// "e-mail addresses" / "E-Mail-Adressen", ... (plural, for sentences).
std::string_view PersonalKindLabel(PersonalKind kind, Lang lang);

struct PersonalColumn {
  int column = -1;  // index into Table::columns
  std::string name;
  PersonalKind kind = PersonalKind::kEmail;
  double confidence = 0.0;  // 0..1
  double share = -1.0;      // share of sampled non-missing values that matched; -1 = not checked
  bool by_header = false;   // the column name suggests the kind
  bool by_content = false;  // the values do
  std::string reason_en;    // "98% of values are e-mail addresses"
  std::string reason_de;    // "98 % der Werte sind E-Mail-Adressen"

  const std::string& Reason(Lang lang) const { return lang == Lang::kDe ? reason_de : reason_en; }
};

struct DetectOptions {
  size_t max_samples = 2000;  // non-missing values looked at per column
  // Today as days since 1970-01-01, for the age check of birth dates; NaN = the system clock.
  double today = NAN;
  double min_share = 0.5;     // content alone must match at least this share of values
};

// Every column that looks personal, in column order.
std::vector<PersonalColumn> DetectPersonalData(const io::Table& table, const DetectOptions& options = {});
// One column (index into table.columns); nullopt when it does not look personal.
std::optional<PersonalColumn> DetectPersonalColumn(const io::Table& table, size_t column,
                                                   const DetectOptions& options = {});

}  // namespace seg::privacy
