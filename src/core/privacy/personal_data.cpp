// Personal-data detection: header hints (EN/DE) and content checks on a bounded sample.
//
// [SECTION] text helpers        folding "Straße" -> "strasse", header tokens
// [SECTION] header hints        column name -> kind
// [SECTION] content checks      one predicate per kind (IBAN: ISO 13616 mod 97)
// [SECTION] detection           sampling, combining the evidence, reasons in EN and DE
#include "seg/privacy/personal_data.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "seg/io/value_parse.hpp"

namespace seg::privacy {
namespace {

// ---- [SECTION] text helpers -------------------------------------------------------------------

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLowerAscii(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlphaAscii(char c) { return IsUpperAscii(c) || IsLowerAscii(c); }
bool IsAlnumAscii(char c) { return IsAlphaAscii(c) || IsDigit(c); }

// Lower-case ASCII with German letters spelled out (ä -> ae, ß -> ss); other non-ASCII bytes kept.
std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 4);
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size()) {
      const unsigned char d = static_cast<unsigned char>(s[i + 1]);
      const char* rep = nullptr;
      switch (d) {
        case 0xA4: case 0x84: rep = "ae"; break;
        case 0xB6: case 0x96: rep = "oe"; break;
        case 0xBC: case 0x9C: rep = "ue"; break;
        case 0x9F: rep = "ss"; break;
        default: break;
      }
      if (rep) {
        out += rep;
        ++i;
        continue;
      }
    }
    out.push_back(IsUpperAscii(static_cast<char>(c)) ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
  }
  return out;
}

// Header tokens: split at anything but letters and digits and at camelCase steps, then folded.
// "E-Mail-Adresse" -> e mail adresse, "customerID" -> customer id, "Straße" -> strasse.
std::vector<std::string> HeaderTokens(std::string_view name) {
  std::vector<std::string> tokens;
  std::string raw;
  auto flush = [&] {
    if (!raw.empty()) tokens.push_back(Fold(raw));
    raw.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = IsAlnumAscii(c) || static_cast<unsigned char>(c) >= 0x80;
    if (!letter) {
      flush();
      continue;
    }
    if (IsUpperAscii(c) && i > 0 && IsLowerAscii(name[i - 1])) flush();
    raw.push_back(c);
  }
  flush();
  return tokens;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
template <size_t N>
bool OneOf(std::string_view s, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// ---- [SECTION] header hints -------------------------------------------------------------------

// Tokens that turn a personal-sounding name into something else: "email_opt_in", "PhoneService",
// "phone_calls", "email_domain" count or describe, they do not hold the data itself.
constexpr std::array<std::string_view, 30> kNegativeTokens = {
    "count", "anzahl", "opt", "optin", "optout", "consent", "einwilligung", "verified", "verifiziert",
    "valid", "service", "services", "opens", "clicks", "calls", "anrufe", "type", "typ", "flag", "status",
    "domain", "provider", "anbieter", "bounced", "bounce", "campaign", "kampagne", "score", "rate", "quote"};

// "name" is a person's name unless another token says whose: company_name, Produktname, ...
constexpr std::array<std::string_view, 36> kNotPersonNameTokens = {
    "company", "firma", "firmen", "product", "produkt", "artikel", "item", "file", "datei", "segment",
    "brand", "marke", "plan", "stock", "branch", "filiale", "shop", "store", "city", "stadt", "ort",
    "country", "land", "region", "category", "kategorie", "bank", "street", "strasse", "host", "server",
    "column", "feature", "job", "group", "gruppe"};

std::optional<PersonalKind> HeaderKind(std::string_view name) {
  const std::vector<std::string> tokens = HeaderTokens(name);
  if (tokens.empty()) return std::nullopt;
  std::string joined;
  for (const auto& t : tokens) {
    if (OneOf(t, kNegativeTokens)) return std::nullopt;
    joined += t;
  }
  auto any = [&](auto pred) { return std::any_of(tokens.begin(), tokens.end(), pred); };
  auto has = [&](std::string_view w) { return any([&](const std::string& t) { return t == w; }); };

  if (joined.find("email") != std::string::npos ||
      any([](const std::string& t) { return t == "mail" || EndsWith(t, "mail") || StartsWith(t, "mailadress"); }))
    return PersonalKind::kEmail;
  if (joined.find("iban") != std::string::npos || has("kontonummer") || has("bankverbindung"))
    return PersonalKind::kIban;
  if (any([](const std::string& t) {
        return t == "ip" || t == "ipv4" || t == "ipv6" || StartsWith(t, "ipadr") || StartsWith(t, "ipadd");
      }))
    return PersonalKind::kIpAddress;
  if (any([](const std::string& t) {
        return t == "tel" || t == "fax" || t == "handy" || t == "cell" || t == "mobil" || t == "mobile" ||
               StartsWith(t, "phone") || EndsWith(t, "phone") || t.find("telefon") != std::string::npos ||
               StartsWith(t, "mobilnummer") || StartsWith(t, "handynummer") || t == "rufnummer" || t == "festnetz";
      }))
    return PersonalKind::kPhone;
  if (joined.find("birth") != std::string::npos || joined.find("geburt") != std::string::npos || has("dob") ||
      has("geb") || has("gebdatum"))
    return PersonalKind::kBirthDate;
  if (has("plz") || has("zip") || has("zipcode") || has("postleitzahl") || joined.find("postcode") != std::string::npos ||
      joined.find("postalcode") != std::string::npos)
    return PersonalKind::kPostcode;
  // Names.
  if (any([](const std::string& t) {
        return t == "vorname" || t == "nachname" || t == "familienname" || t == "ansprechpartner" ||
               t == "kontaktperson" || t == "surname" || t == "firstname" || t == "lastname" || t == "fullname" ||
               t == "givenname" || t == "kundenname" || t == "customername" || t == "clientname" ||
               t == "contactname" || t == "kontaktname";
      }) ||
      joined.find("firstname") != std::string::npos || joined.find("lastname") != std::string::npos ||
      joined.find("fullname") != std::string::npos || joined.find("givenname") != std::string::npos ||
      joined.find("contactperson") != std::string::npos)
    return PersonalKind::kName;
  if (has("name") && !any([](const std::string& t) { return OneOf(t, kNotPersonNameTokens); }))
    return PersonalKind::kName;
  // Addresses (after e-mail and IP, which also say "address").
  if (any([](const std::string& t) {
        return t == "address" || t == "str" || t == "street" || t == "hausnummer" || t == "housenumber" ||
               EndsWith(t, "adresse") || EndsWith(t, "address") || EndsWith(t, "strasse") || EndsWith(t, "anschrift");
      }))
    return PersonalKind::kAddress;
  if (any([](const std::string& t) {
        return t == "note" || t == "notes" || t == "memo" || t == "comment" || t == "comments" || t == "remark" ||
               t == "remarks" || t == "freitext" || t == "hinweis" || t == "hinweise" || t.find("notiz") != std::string::npos ||
               t.find("bemerkung") != std::string::npos || t.find("kommentar") != std::string::npos ||
               t.find("anmerkung") != std::string::npos;
      }))
    return PersonalKind::kNotes;
  return std::nullopt;
}

// ---- [SECTION] content checks -----------------------------------------------------------------

bool IsEmail(std::string_view v) {
  const size_t at = v.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || v.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = v.substr(0, at), domain = v.substr(at + 1);
  if (local.front() == '.' || local.back() == '.') return false;
  for (char c : local)
    if (!(IsAlnumAscii(c) || static_cast<unsigned char>(c) >= 0x80 || std::string_view("._%+-'").find(c) != std::string_view::npos))
      return false;
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) return false;
  for (size_t i = dot + 1; i < domain.size(); ++i)
    if (!IsAlphaAscii(domain[i])) return false;
  char prev = '.';
  for (char c : domain) {
    if (c == '.' && prev == '.') return false;
    if (!(IsAlnumAscii(c) || c == '.' || c == '-' || static_cast<unsigned char>(c) >= 0x80)) return false;
    prev = c;
  }
  return true;
}

// Phone numbers: +49 89 1234567, 0049 (0)89 123 45 67, 089/1234567, 0171-1234567. Without a
// header hint a bare digit string (an order number?) does not count: it needs a leading + or 00,
// or a national 0 followed by separators.
bool IsPhone(std::string_view v, bool header_hint) {
  size_t digits = 0, separators = 0;
  bool plus = false;
  std::string lead;  // the first digits
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (IsDigit(c)) {
      ++digits;
      if (lead.size() < 3) lead.push_back(c);
    } else if (c == '+') {
      if (digits > 0 || plus) return false;
      plus = true;
    } else if (c == ' ' || c == '-' || c == '/' || c == '(' || c == ')' || c == '.') {
      ++separators;
    } else {
      return false;
    }
  }
  if (digits < 6 || digits > 15) return false;
  if (plus) return lead.empty() || lead[0] != '0';
  if (StartsWith(lead, "00")) return lead.size() > 2 && lead[2] != '0' && (header_hint || separators > 0 || digits >= 10);
  if (!lead.empty() && lead[0] == '0') return lead.size() > 1 && lead[1] != '0' && (header_hint || separators > 0);
  return header_hint && digits >= 6;
}

// ISO 13616: country code, two check digits, up to 30 alphanumerics; valid when the number formed
// by moving the first four characters to the end (A = 10 ... Z = 35) is 1 mod 97.
bool IsIban(std::string_view v) {
  std::string s;
  for (char c : v) {
    if (c == ' ') continue;
    if (!IsAlnumAscii(c)) return false;
    s.push_back(IsLowerAscii(c) ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (s.size() < 15 || s.size() > 34) return false;
  if (!IsUpperAscii(s[0]) || !IsUpperAscii(s[1]) || !IsDigit(s[2]) || !IsDigit(s[3])) return false;
  unsigned remainder = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    const char c = s[(k + 4) % s.size()];
    if (IsDigit(c)) remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
    else remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
  }
  return remainder == 1;
}

bool IsIpv4(std::string_view v) {
  int parts = 0;
  size_t i = 0;
  while (true) {
    size_t j = i;
    unsigned value = 0;
    while (j < v.size() && IsDigit(v[j]) && j - i < 3) value = value * 10 + static_cast<unsigned>(v[j++] - '0');
    if (j == i || value > 255) return false;
    ++parts;
    if (j == v.size()) return parts == 4;
    if (v[j] != '.' || parts == 4) return false;
    i = j + 1;
  }
}

// RFC 4291 text form: eight groups of 1-4 hex digits, "::" once for a run of zero groups, an
// optional dotted IPv4 tail.
bool IsIpv6(std::string_view v) {
  if (v.size() < 2 || v.find(':') == std::string_view::npos) return false;
  const size_t gap = v.find("::");
  if (gap != std::string_view::npos && v.find("::", gap + 1) != std::string_view::npos) return false;
  int groups = 0;
  size_t i = 0;
  while (i < v.size()) {
    if (v[i] == ':') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < v.size() && v[j] != ':') ++j;
    const std::string_view g = v.substr(i, j - i);
    if (j == v.size() && g.find('.') != std::string_view::npos) {
      if (!IsIpv4(g)) return false;
      groups += 2;
    } else {
      if (g.size() > 4) return false;
      for (char c : g)
        if (!(IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
      ++groups;
    }
    i = j;
  }
  return gap != std::string_view::npos ? groups < 8 : groups == 8;
}

// DACH and US postcodes: 1010, 8001, 10115, D-10115, CH-8001, A 1010, 12345-6789.
bool IsPostcode(std::string_view v) {
  for (std::string_view prefix : {"DE-", "AT-", "CH-", "D-", "A-", "CH ", "D ", "A "})
    if (StartsWith(v, prefix)) {
      v.remove_prefix(prefix.size());
      break;
    }
  if (v.size() == 10 && v[5] == '-') v = v.substr(0, 5);
  if (v.size() != 4 && v.size() != 5) return false;
  // German postcodes may start with 0 (01067 Dresden); Austrian and Swiss ones have four digits.
  return std::all_of(v.begin(), v.end(), IsDigit) && (v.size() == 5 || v[0] != '0');
}

const std::unordered_set<std::string_view>& FirstNames() {
  // Common first names in Germany, Austria, Switzerland and English-speaking countries, folded.
  static const std::unordered_set<std::string_view> names = {
      "alexander", "andreas", "anton", "benjamin", "bernd", "christian", "christoph", "daniel", "david", "dennis",
      "dieter", "dirk", "elias", "emil", "erik", "fabian", "felix", "finn", "florian", "frank", "franz",
      "friedrich", "georg", "gerhard", "guenter", "hans", "harald", "heinz", "helmut", "henrik", "holger", "jakob",
      "jan", "jens", "joachim", "johann", "johannes", "jonas", "josef", "juergen", "julian", "kai", "karl", "klaus",
      "konstantin", "lars", "leon", "lukas", "luca", "manfred", "marcel", "marco", "marcus", "mario", "markus",
      "martin", "matthias", "max", "maximilian", "michael", "moritz", "niklas", "nico", "noah", "norbert",
      "oliver", "patrick", "paul", "peter", "philipp", "rainer", "ralf", "reinhard", "robert", "roland", "rolf",
      "sebastian", "simon", "stefan", "stephan", "sven", "thomas", "tim", "timo", "tobias", "torsten", "ulrich",
      "uwe", "volker", "walter", "werner", "wolfgang", "urs", "reto", "beat", "jonathan", "alexandra", "andrea",
      "angelika", "anja", "anna", "anne", "annika", "antonia", "barbara", "birgit", "brigitte", "carina",
      "carolin", "charlotte", "christina", "christine", "claudia", "clara", "cornelia", "daniela", "doris",
      "elena", "elisabeth", "ella", "emilia", "emma", "eva", "franziska", "gabriele", "gisela", "hannah", "heike",
      "helga", "ines", "ingrid", "jana", "janina", "jasmin", "jennifer", "johanna", "julia", "jutta", "karin",
      "katharina", "kathrin", "katrin", "kerstin", "laura", "lea", "lena", "leonie", "lisa", "luisa", "maria",
      "marie", "marina", "marion", "martina", "melanie", "mia", "michaela", "monika", "nadine", "natalie",
      "nicole", "nina", "petra", "renate", "sabine", "sandra", "sarah", "silke", "simone", "sofia", "sophie",
      "stefanie", "susanne", "tanja", "ulrike", "ursula", "ute", "vanessa", "verena", "yvonne", "james", "john",
      "william", "richard", "joseph", "charles", "christopher", "matthew", "anthony", "mark", "donald", "steven",
      "andrew", "joshua", "kenneth", "kevin", "brian", "george", "edward", "ronald", "timothy", "jason",
      "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "stephen", "larry", "justin", "scott", "brandon",
      "gregory", "samuel", "raymond", "jack", "jerry", "harry", "henry", "mary", "patricia", "linda",
      "elizabeth", "susan", "jessica", "karen", "nancy", "betty", "margaret", "ashley", "kimberly", "emily",
      "donna", "michelle", "dorothy", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon",
      "cynthia", "kathleen", "amy", "shirley", "angela", "helen", "olivia", "sophia", "amelia", "grace", "lucy",
      "chloe", "jane", "kate", "rachel"};
  return names;
}

constexpr std::array<std::string_view, 14> kNameParticles = {"von", "van", "de", "der", "den", "zu", "vom",
                                                             "di", "da", "le", "la", "du", "ten", "ter"};
constexpr std::array<std::string_view, 22> kCompanyWords = {
    "gmbh", "ag", "kg", "og", "ug", "se", "ltd", "inc", "llc", "co", "corp", "plc", "sa", "sarl", "ohg",
    "gbr", "ev", "mbh", "partner", "partners", "holding", "group"};

// One capitalised word of a name: "Müller", "Hans-Peter", "O'Brien"; not "GMBH" or "123".
bool IsNameWord(std::string_view w) {
  if (w.empty()) return false;
  const unsigned char first = static_cast<unsigned char>(w[0]);
  const bool upper_first = IsUpperAscii(w[0]) || (first == 0xC3 && w.size() > 1 &&
                                                  static_cast<unsigned char>(w[1]) >= 0x80 &&
                                                  static_cast<unsigned char>(w[1]) <= 0x9E);
  if (!upper_first) return false;
  size_t lower = 0, upper = 0;
  for (char c : w) {
    if (IsLowerAscii(c) || static_cast<unsigned char>(c) >= 0x80) ++lower;
    else if (IsUpperAscii(c)) ++upper;
    else if (c != '-' && c != '\'') return false;
  }
  return w.size() == 1 || lower > upper;
}

struct NameShape {
  bool shaped = false;       // one to four name words (particles allowed)
  bool known_first = false;  // two or more words, and the first name is a common one
};

NameShape CheckName(std::string_view v) {
  NameShape r;
  std::vector<std::string_view> words = Words(v);
  if (words.empty() || words.size() > 5) return r;
  // "Müller, Hans": the first name comes after the comma.
  size_t first_index = 0;
  if (words.size() >= 2 && words[0].size() > 1 && words[0].back() == ',') {
    words[0].remove_suffix(1);
    first_index = 1;
  }
  size_t name_words = 0;
  for (std::string_view w : words) {
    const std::string folded = Fold(w);
    if (OneOf(folded, kCompanyWords)) return r;
    if (OneOf(folded, kNameParticles) && IsLowerAscii(w[0])) continue;
    if (!IsNameWord(w)) return r;
    ++name_words;
  }
  r.shaped = name_words >= 1 && name_words <= 4;
  r.known_first = r.shaped && name_words >= 2 && FirstNames().count(Fold(words[first_index])) > 0;
  return r;
}

// "Hauptstraße 12", "Am Ring 5a", "221B Baker Street", "Bahnhofstr. 3, 8001 Zürich".
bool IsStreetAddress(std::string_view v) {
  static constexpr std::array<std::string_view, 22> kSuffixes = {
      "strasse", "str.", "str", "weg", "gasse", "platz", "allee", "ring", "damm", "ufer", "chaussee", "steig",
      "street", "st.", "st", "road", "rd.", "avenue", "ave", "lane", "way", "drive"};
  const std::string folded = Fold(v);
  const std::vector<std::string_view> words = Words(folded);
  if (words.size() < 2) return false;
  bool number = false, street = false;
  for (std::string_view w : words) {
    std::string_view t = w;
    while (!t.empty() && (t.back() == ',' || t.back() == ';')) t.remove_suffix(1);
    if (!t.empty() && IsDigit(t[0]) && t.size() <= 8) number = true;
    for (std::string_view s : kSuffixes)
      if (EndsWith(t, s) && (t.size() > s.size() + 2 || t == s)) street = true;
  }
  return number && street;
}

// Free text: at least four words, 25 characters, some lower-case letters (not an upper-case
// product description).
bool IsNoteLike(std::string_view v) {
  if (v.size() < 25) return false;
  size_t lower = 0, upper = 0;
  for (char c : v) {
    if (IsLowerAscii(c)) ++lower;
    else if (IsUpperAscii(c)) ++upper;
  }
  return lower > upper && Words(v).size() >= 4;
}

double TodayDays(const DetectOptions& o) {
  if (std::isfinite(o.today)) return o.today;
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<double>(std::chrono::duration_cast<std::chrono::hours>(now).count() / 24);
}

// ---- [SECTION] detection ----------------------------------------------------------------------

constexpr size_t kKinds = 9;

std::string Percent(double share, Lang lang) {
  char buf[16];
  std::snprintf(buf, sizeof buf, lang == Lang::kDe ? "%.0f %%" : "%.0f%%", std::floor(share * 100.0 + 0.5));
  return buf;
}

// What the content check found, for reasons: "IBANs with a valid check digit".
std::string_view ContentLabel(PersonalKind kind, Lang lang) {
  const bool de = lang == Lang::kDe;
  switch (kind) {
    case PersonalKind::kIban: return de ? "IBANs mit gültiger Prüfziffer" : "IBANs with a valid check digit";
    case PersonalKind::kAddress: return de ? "Straßenadressen" : "street addresses";
    case PersonalKind::kName: return de ? "Personennamen" : "person names";
    case PersonalKind::kBirthDate:
      return de ? "plausible Geburtsdaten (vor 0–110 Jahren)" : "plausible birth dates (0–110 years ago)";
    default: return PersonalKindLabel(kind, lang);
  }
}

PersonalColumn MakeDetection(const io::Table& table, size_t column, PersonalKind kind, double share,
                             bool by_header, bool by_content) {
  PersonalColumn p;
  p.column = static_cast<int>(column);
  p.name = table.columns[column].name;
  p.kind = kind;
  p.share = share;
  p.by_header = by_header;
  p.by_content = by_content;
  if (by_content) {
    p.confidence = by_header ? 0.8 + 0.2 * share : 0.5 + 0.45 * share;
    p.reason_en = Percent(share, Lang::kEn) + " of values are " + std::string(ContentLabel(kind, Lang::kEn));
    p.reason_de = Percent(share, Lang::kDe) + " der Werte sind " + std::string(ContentLabel(kind, Lang::kDe));
    if (by_header) {
      p.reason_en += " (the column name agrees)";
      p.reason_de += " (der Spaltenname passt dazu)";
    }
  } else {
    p.confidence = 0.6;
    p.reason_en = "the column name suggests " + std::string(PersonalKindLabel(kind, Lang::kEn));
    p.reason_de = "der Spaltenname deutet auf " + std::string(PersonalKindLabel(kind, Lang::kDe)) + " hin";
  }
  p.confidence = std::min(1.0, p.confidence);
  return p;
}

// Up to `max` rows spread evenly over the table (missing values skipped).
template <class Visit>
void SampleRows(const io::Column& col, size_t rows, size_t max, Visit visit) {
  const size_t present = rows - std::min(rows, col.missing);
  const size_t step = std::max<size_t>(1, present / std::max<size_t>(1, max));
  size_t seen = 0, taken = 0;
  for (size_t r = 0; r < rows && taken < max; ++r) {
    if (col.IsMissing(r)) continue;
    if (seen++ % step != 0) continue;
    visit(r);
    ++taken;
  }
}

std::optional<PersonalColumn> DetectNumeric(const io::Table& table, size_t c, std::optional<PersonalKind> hint,
                                            const DetectOptions& o) {
  if (hint != PersonalKind::kPostcode && hint != PersonalKind::kPhone) return std::nullopt;
  const io::Column& col = table.columns[c];
  size_t n = 0, hits = 0;
  SampleRows(col, table.rows, o.max_samples, [&](size_t r) {
    const double v = col.values[r];
    ++n;
    const bool integer = v == std::floor(v);
    if (hint == PersonalKind::kPostcode) hits += integer && v >= 1000 && v <= 99999;
    else hits += integer && v >= 1e5 && v < 1e15;  // 6 to 15 digits (a leading 0 or + was dropped)
  });
  if (n == 0) return std::nullopt;
  const double share = static_cast<double>(hits) / static_cast<double>(n);
  if (share < 0.8) return std::nullopt;
  return MakeDetection(table, c, *hint, share, true, true);
}

std::optional<PersonalColumn> DetectDate(const io::Table& table, size_t c, std::optional<PersonalKind> hint,
                                         const DetectOptions& o) {
  const io::Column& col = table.columns[c];
  const double today = TodayDays(o);
  size_t n = 0, plausible = 0, adult = 0;
  std::vector<double> ages;
  SampleRows(col, table.rows, o.max_samples, [&](size_t r) {
    const double age = (today - col.values[r]) / 365.2425;
    ++n;
    plausible += age >= 0 && age <= 110;
    adult += age >= 14 && age <= 110;
    ages.push_back(age);
  });
  if (n == 0) return std::nullopt;
  const double share = static_cast<double>(plausible) / static_cast<double>(n);
  if (hint == PersonalKind::kBirthDate) {
    if (share >= 0.8) return MakeDetection(table, c, PersonalKind::kBirthDate, share, true, true);
    return std::nullopt;
  }
  if (hint) return std::nullopt;  // e.g. "Datum Notiz": another kind's header on a date column
  // Without a header hint: nearly every date 14-110 years ago and a median age of an adult
  // customer base. Contract or order dates lie within a few decades and are named as such.
  for (const auto& t : HeaderTokens(col.name))
    for (std::string_view w : {"found", "gruend", "start", "contract", "vertrag", "order", "bestell", "created",
                               "signup", "since", "seit", "last", "letzt", "first", "erst", "regist", "invoice",
                               "rechnung", "payment", "zahlung", "deliver", "liefer", "purchase", "kauf", "customer",
                               "kunde", "end", "ende", "renew"})
      if (t.find(w) != std::string::npos) return std::nullopt;
  std::nth_element(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(ages.size() / 2), ages.end());
  const double median = ages[ages.size() / 2];
  // Birth dates of a customer base spread over decades; purchase dates from the 1990s (CDNOW) lie
  // as far back but within a year or two.
  std::nth_element(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(ages.size() / 4), ages.end());
  const double q1 = ages[ages.size() / 4];
  std::nth_element(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(3 * ages.size() / 4), ages.end());
  const double q3 = ages[3 * ages.size() / 4];
  const double adult_share = static_cast<double>(adult) / static_cast<double>(n);
  if (adult_share < 0.95 || median < 25 || median > 80 || n < 20 || q3 - q1 < 8.0) return std::nullopt;
  PersonalColumn p = MakeDetection(table, c, PersonalKind::kBirthDate, adult_share, false, true);
  p.confidence = 0.6;
  return p;
}

std::optional<PersonalColumn> DetectString(const io::Table& table, size_t c, std::optional<PersonalKind> hint,
                                           const DetectOptions& o) {
  const io::Column& col = table.columns[c];
  // Strict counts (content alone) and lenient ones (what a header hint needs confirmed).
  std::array<size_t, kKinds> strict{}, lenient{};
  std::unordered_set<uint32_t> distinct;
  size_t n = 0;
  SampleRows(col, table.rows, o.max_samples, [&](size_t r) {
    const std::string_view v = io::TrimValue(col.Level(r));
    ++n;
    if (v.empty()) return;
    distinct.insert(col.codes[r]);
    auto count = [&](PersonalKind k, bool s, bool l) {
      strict[static_cast<size_t>(k)] += s;
      lenient[static_cast<size_t>(k)] += s || l;
    };
    count(PersonalKind::kEmail, IsEmail(v), false);
    count(PersonalKind::kPhone, IsPhone(v, false), hint == PersonalKind::kPhone && IsPhone(v, true));
    count(PersonalKind::kIban, IsIban(v), false);
    count(PersonalKind::kIpAddress, IsIpv4(v) || IsIpv6(v), false);
    count(PersonalKind::kPostcode, false, hint == PersonalKind::kPostcode && IsPostcode(v));
    if (hint == PersonalKind::kName || IsUpperAscii(v[0]) || static_cast<unsigned char>(v[0]) == 0xC3) {
      const NameShape shape = CheckName(v);
      count(PersonalKind::kName, shape.known_first, shape.shaped);
    }
    const bool street = IsStreetAddress(v);
    const bool words = Words(v).size() >= 2;
    count(PersonalKind::kAddress, street, hint == PersonalKind::kAddress && words && v.find_first_of("0123456789") != std::string_view::npos);
    count(PersonalKind::kNotes, IsNoteLike(v), hint == PersonalKind::kNotes && words);
  });
  if (n == 0) return std::nullopt;
  const double dn = static_cast<double>(n);
  const double distinct_ratio = static_cast<double>(distinct.size()) / dn;
  // 1. The header's kind, confirmed by (lenient) content.
  if (hint) {
    const double share = static_cast<double>(lenient[static_cast<size_t>(*hint)]) / dn;
    if (share >= 0.3) return MakeDetection(table, c, *hint, share, true, true);
  }
  // 2. Content alone: the best strict share. Free text also needs mostly different values (a
  // product description repeats; notes about customers do not).
  int best = -1;
  double best_share = 0.0;
  for (size_t k = 0; k < kKinds; ++k) {
    double share = static_cast<double>(strict[k]) / dn;
    if (static_cast<PersonalKind>(k) == PersonalKind::kNotes && distinct_ratio < 0.9) share = 0.0;
    if (share > best_share) {
      best_share = share;
      best = static_cast<int>(k);
    }
  }
  if (best >= 0 && best_share >= o.min_share) {
    const auto kind = static_cast<PersonalKind>(best);
    return MakeDetection(table, c, kind, best_share, hint == kind, true);
  }
  // 3. The header alone, for values the checks cannot confirm (foreign formats, typos), when
  // they differ from row to row like personal data does (not "mobile"/"landline" categories).
  if (hint && *hint != PersonalKind::kEmail && *hint != PersonalKind::kIpAddress && *hint != PersonalKind::kBirthDate &&
      distinct_ratio >= 0.5) {
    return MakeDetection(table, c, *hint, -1.0, true, false);
  }
  return std::nullopt;
}

}  // namespace

std::string_view PersonalKindName(PersonalKind kind) {
  switch (kind) {
    case PersonalKind::kEmail: return "email";
    case PersonalKind::kPhone: return "phone";
    case PersonalKind::kIban: return "iban";
    case PersonalKind::kAddress: return "address";
    case PersonalKind::kPostcode: return "postcode";
    case PersonalKind::kName: return "name";
    case PersonalKind::kBirthDate: return "birth_date";
    case PersonalKind::kIpAddress: return "ip_address";
    case PersonalKind::kNotes: return "notes";
  }
  return "email";
}

std::string_view PersonalKindLabel(PersonalKind kind, Lang lang) {
  const bool de = lang == Lang::kDe;
  switch (kind) {
    case PersonalKind::kEmail: return de ? "E-Mail-Adressen" : "e-mail addresses";
    case PersonalKind::kPhone: return de ? "Telefonnummern" : "phone numbers";
    case PersonalKind::kIban: return "IBANs";
    case PersonalKind::kAddress: return de ? "Adressen" : "addresses";
    case PersonalKind::kPostcode: return de ? "Postleitzahlen" : "postcodes";
    case PersonalKind::kName: return de ? "Namen" : "names";
    case PersonalKind::kBirthDate: return de ? "Geburtsdaten" : "birth dates";
    case PersonalKind::kIpAddress: return de ? "IP-Adressen" : "IP addresses";
    case PersonalKind::kNotes: return de ? "Freitext-Notizen" : "free-text notes";
  }
  return {};
}

std::optional<PersonalColumn> DetectPersonalColumn(const io::Table& table, size_t column, const DetectOptions& options) {
  if (column >= table.columns.size()) return std::nullopt;
  const io::Column& col = table.columns[column];
  if (col.missing >= table.rows) return std::nullopt;
  const std::optional<PersonalKind> hint = HeaderKind(col.name);
  switch (col.type) {
    case io::ColumnType::kBoolean: return std::nullopt;
    case io::ColumnType::kNumeric: return DetectNumeric(table, column, hint, options);
    case io::ColumnType::kDate: return DetectDate(table, column, hint, options);
    default: return DetectString(table, column, hint, options);
  }
}

std::vector<PersonalColumn> DetectPersonalData(const io::Table& table, const DetectOptions& options) {
  std::vector<PersonalColumn> out;
  for (size_t c = 0; c < table.columns.size(); ++c)
    if (auto p = DetectPersonalColumn(table, c, options)) out.push_back(std::move(*p));
  return out;
}

}  // namespace seg::privacy
