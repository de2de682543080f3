// The demo customer base: five latent segments of DACH B2B SaaS customers, written as CSV.
//
// Determinism across compilers and C libraries (g++/glibc natively, clang/musl under Emscripten):
//   * own RNG: splitmix64 seeds xoshiro256**; uniform doubles from the top 53 bits;
//   * no std::*_distribution (their algorithms are implementation-defined);
//   * no libm transcendental functions (log/exp/cos may differ in the last ulp between C
//     libraries): Log, Exp and CosTwoPi below use only + - * /, sqrt, floor, frexp and ldexp, all
//     exactly specified by IEEE 754 / C;
//   * every value is rounded to an integer (cents, tenths, counts) before printing, and only
//     integers go through snprintf.
#include "seg/demo/customers.hpp"

#include "seg/common/rng.hpp"

#include <cmath>
#include <cstdio>
#include <string_view>

namespace seg::demo {
namespace {

// ---- RNG ---------------------------------------------------------------------------------------

constexpr double kLn2 = 0.69314718055994530942;
constexpr double kTwoPi = 6.28318530717958647693;

// log(x) for finite x > 0: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), log(m) = 2 atanh(s).
double Log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    --e;
  }
  const double s = (m - 1.0) / (m + 1.0);  // |s| < 0.1716
  const double s2 = s * s;
  double p = 1.0 / 21.0;
  for (int k = 19; k >= 1; k -= 2) p = p * s2 + 1.0 / k;
  return static_cast<double>(e) * kLn2 + 2.0 * s * p;
}

// exp(x), clamped to a finite range: x = k ln2 + r, |r| <= ln2 / 2, Taylor series for e^r.
double Exp(double x) {
  if (x > 700.0) x = 700.0;
  if (x < -700.0) x = -700.0;
  const double k = std::floor(x / kLn2 + 0.5);
  const double r = x - k * kLn2;
  double p = 1.0;
  for (int n = 18; n >= 1; --n) p = 1.0 + p * r / n;
  return std::ldexp(p, static_cast<int>(k));
}

// cos(2 pi u) for any finite u.
double CosTwoPi(double u) {
  double a = std::fabs(u - std::floor(u + 0.5));  // [0, 0.5]
  double sign = 1.0;
  if (a > 0.25) {  // cos(2 pi a) = -cos(2 pi (1/2 - a))
    a = 0.5 - a;
    sign = -1.0;
  }
  const double x = kTwoPi * a;  // [0, pi/2]
  const double x2 = x * x;
  double p = 1.0;
  for (int k = 12; k >= 1; --k) p = 1.0 - x2 / static_cast<double>((2 * k - 1) * (2 * k)) * p;
  return sign * p;
}

// The core's xoshiro256** (seg::Rng) with the demo's own distributions on top: Log, Exp and
// CosTwoPi above keep the generated file bit-identical across libm implementations.
class Rng {
 public:
  explicit Rng(uint64_t seed) : core_(seed) {}
  uint64_t Next() { return core_.Next(); }
  // [0, 1)
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // (0, 1]
  double UniformOpen0() { return static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // [0, n) for n >= 1 (multiply-shift on 32 bits; the tiny bias is irrelevant here).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  bool Chance(double p) { return Uniform() < p; }
  // Standard normal by Box–Muller (cosine branch only).
  double Normal() {
    const double u1 = UniformOpen0();
    const double u2 = Uniform();
    return std::sqrt(-2.0 * Log(u1)) * CosTwoPi(u2);
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // Log-normal with the given median and log-scale sigma.
  double LogNormal(double median, double sigma) { return median * Exp(sigma * Normal()); }
  double Exponential(double mean) { return -mean * Log(UniformOpen0()); }
  int64_t Poisson(double lambda) {
    if (lambda <= 0.0) return 0;
    if (lambda > 30.0) {
      const double v = std::floor(Normal(lambda, std::sqrt(lambda)) + 0.5);
      return v < 0.0 ? 0 : static_cast<int64_t>(v);
    }
    const double limit = Exp(-lambda);
    int64_t k = 0;
    double p = Uniform();
    while (p > limit) {
      ++k;
      p *= Uniform();
    }
    return k;
  }
  // Index drawn with the given (not necessarily normalised) weights.
  template <size_t N>
  size_t Pick(const double (&weights)[N]) {
    double total = 0.0;
    for (double w : weights) total += w;
    double u = Uniform() * total;
    for (size_t i = 0; i < N; ++i) {
      if (u < weights[i]) return i;
      u -= weights[i];
    }
    return N - 1;
  }
  template <size_t N>
  std::string_view PickOne(const std::string_view (&items)[N]) {
    return items[Below(static_cast<uint32_t>(N))];
  }

 private:
  seg::Rng core_;
};

double Clamp(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }
int64_t RoundInt(double v) { return static_cast<int64_t>(std::floor(v + 0.5)); }

// ---- Calendar (proleptic Gregorian, days since 1970-01-01) -------------------------------------

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void AppendDate(std::string& out, int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  out += buf;
}

// ---- Formatting ----------------------------------------------------------------------------------

void AppendInt(std::string& out, int64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  out += buf;
}

// v rounded to `decimals` (1 or 2) places, printed from an integer so no float formatting is involved.
void AppendFixed(std::string& out, double v, int decimals) {
  const int64_t scale = decimals == 1 ? 10 : 100;
  int64_t units = RoundInt(v * static_cast<double>(scale));
  if (units < 0) {
    out += '-';
    units = -units;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, decimals == 1 ? "%lld.%01lld" : "%lld.%02lld", static_cast<long long>(units / scale),
                static_cast<long long>(units % scale));
  out += buf;
}

// RFC 4180: quote fields holding the delimiter, a quote or a line break; double inner quotes.
void AppendText(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// ---- Vocabulary ----------------------------------------------------------------------------------

constexpr std::string_view kIndustries[] = {"Manufacturing", "Retail",    "Healthcare", "Software", "Logistics",
                                            "Financial Services", "Construction", "Education", "Media", "Energy"};

// Per industry: words that name a business of that kind.
constexpr std::string_view kSectorWords[10][4] = {
    {"Maschinenbau", "Präzisionstechnik", "Metallwerke", "Kunststofftechnik"},
    {"Handel", "Warenhaus", "Einzelhandel", "Versand"},
    {"Medizintechnik", "Pflegedienste", "Klinikgruppe", "Pharma"},
    {"Software", "Digital", "IT-Systeme", "Datentechnik"},
    {"Logistik", "Spedition", "Transport", "Lagertechnik"},
    {"Finanz", "Vermögensberatung", "Treuhand", "Versicherungsmakler"},
    {"Bau", "Hochbau", "Bauunternehmung", "Holzbau"},
    {"Bildungswerk", "Akademie", "Lernsysteme", "Schulungszentrum"},
    {"Medien", "Verlag", "Kommunikation", "Werbeagentur"},
    {"Energie", "Solartechnik", "Stadtwerke", "Windkraft"},
};

constexpr std::string_view kSurnames[] = {
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber",  "Meyer",   "Wagner",  "Becker",   "Schulz",
    "Hoffmann", "Schäfer", "Koch",    "Bauer",   "Richter", "Klein",  "Wolf",    "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger",  "Hofmann", "Hartmann", "Lange", "Werner",  "Krause",
    "Lehmann", "Köhler",  "Huber",   "Gruber",  "Steiner", "Moser",   "Mayer",   "Egger",   "Brunner",
    "Keller",  "Frei",    "Gerber",  "Baumann", "Meier",   "Widmer",  "Lüthi",   "Bühler",  "Vogt"};

constexpr std::string_view kPlaceWords[] = {
    "Alpen",  "Rhein",   "Donau",  "Nordsee", "Bodensee", "Elbe",    "Schwarzwald", "Bavaria", "Helvetia",
    "Tirol",  "Main",    "Isar",   "Spree",   "Neckar",   "Säntis",  "Jura",        "Wien",    "Hanse",
    "Nordlicht", "Südwest", "Mittelland", "Taunus", "Harz", "Allgäu", "Zürichsee"};

constexpr std::string_view kColours[] = {"Blau", "Rot", "Grün", "Silber", "Gold", "Weiß", "Schwarz", "Orange"};

constexpr std::string_view kLegalDe[] = {"GmbH", "GmbH", "GmbH", "AG", "GmbH & Co. KG", "KG", "SE", "UG"};
constexpr std::string_view kLegalAt[] = {"GmbH", "GmbH", "GmbH", "AG", "KG", "OG", "e.U."};
constexpr std::string_view kLegalCh[] = {"AG", "AG", "GmbH", "GmbH", "SA", "Sàrl"};

constexpr std::string_view kCountries[] = {"Germany", "Austria", "Switzerland"};
constexpr double kCountryWeights[] = {70, 15, 15};

constexpr std::string_view kRegionsDe[] = {
    "Nordrhein-Westfalen", "Bayern",  "Baden-Württemberg", "Niedersachsen", "Hessen", "Rheinland-Pfalz",
    "Sachsen",  "Berlin",  "Schleswig-Holstein", "Brandenburg", "Sachsen-Anhalt", "Thüringen", "Hamburg",
    "Mecklenburg-Vorpommern", "Saarland", "Bremen"};
constexpr double kRegionWeightsDe[] = {18.0, 13.2, 11.2, 8.0, 6.3, 4.1, 4.1, 3.7, 2.9, 2.5, 2.2, 2.1, 1.9, 1.6, 1.0, 0.7};

constexpr std::string_view kRegionsAt[] = {"Wien",     "Niederösterreich", "Oberösterreich", "Steiermark", "Tirol",
                                           "Kärnten",  "Salzburg",         "Vorarlberg",     "Burgenland"};
constexpr double kRegionWeightsAt[] = {19.5, 17.0, 15.2, 12.5, 7.7, 5.6, 5.0, 4.4, 3.0};

constexpr std::string_view kRegionsCh[] = {
    "Zürich", "Bern",  "Waadt",   "Aargau", "St. Gallen", "Genf",    "Luzern",  "Tessin",
    "Wallis", "Freiburg", "Basel-Landschaft", "Thurgau", "Solothurn", "Graubünden", "Basel-Stadt",
    "Neuenburg", "Schwyz", "Zug", "Schaffhausen", "Jura", "Appenzell Ausserrhoden", "Nidwalden",
    "Glarus", "Obwalden", "Uri", "Appenzell Innerrhoden"};
constexpr double kRegionWeightsCh[] = {18.1, 12.1, 9.4, 8.2, 5.9, 5.9, 4.8, 4.0, 4.0, 3.7, 3.3, 3.3, 3.2,
                                       2.3,  2.3,  2.0, 1.8, 1.5, 1.0, 0.8, 0.6, 0.5, 0.5, 0.4, 0.4, 0.2};

constexpr std::string_view kPlans[] = {"Starter", "Professional", "Enterprise"};
constexpr double kPricePerSeat[] = {19.0, 35.0, 59.0};  // EUR per seat and month, list price

// ---- Latent segments -----------------------------------------------------------------------------

struct Segment {
  const char* name;
  double weight;
  double plan_weights[3];   // Starter, Professional, Enterprise
  double employees_median, employees_sigma;
  double seat_share;        // seats per employee (median)
  double price_factor;      // discount/uplift on the list price per seat
  double utilisation;       // monthly active users / seats (mean)
  double logins_per_user;   // logins per active user in 30 days (median)
  double tickets_90d;       // mean support tickets in 90 days
  double nps_mean, nps_sd;
  double tenure_min_days, tenure_max_days;
  double order_gap_mean_days;  // mean days since the last order for active customers
  double orders_per_month;
  double margin_mean;       // gross margin in percent
  double churn_p;
  double renew_p;           // renewal probability for active customers past their first year
  double industry_weights[10];
};

constexpr Segment kSegments[] = {
    {"Enterprise champions", 0.12, {2, 18, 80}, 1500, 0.35, 0.25, 0.85, 0.86, 19, 12, 8.6, 1.0, 730, 3650, 10,
     1.3, 74, 0.03, 0.95, {16, 8, 10, 8, 10, 16, 6, 4, 6, 16}},
    {"Growing mid-market", 0.25, {20, 65, 15}, 350, 0.45, 0.30, 1.0, 0.65, 12, 10, 7.0, 1.2, 365, 1460, 12, 1.8,
     62, 0.08, 0.85, {12, 12, 10, 16, 12, 10, 8, 6, 8, 6}},
    {"Small & loyal", 0.28, {65, 33, 2}, 25, 0.5, 0.45, 1.0, 0.90, 18, 1.5, 9.0, 0.8, 1095, 3650, 25, 0.8, 72,
     0.04, 0.92, {8, 16, 10, 8, 8, 8, 16, 10, 10, 6}},
    {"At-risk / low usage", 0.20, {35, 55, 10}, 120, 0.5, 0.35, 0.9, 0.20, 4, 25, 3.0, 1.4, 365, 2190, 150, 0.3,
     50, 0.45, 0.40, {12, 14, 8, 8, 12, 8, 12, 8, 12, 6}},
    {"New trials", 0.15, {70, 28, 2}, 40, 0.7, 0.12, 0.5, 0.55, 8, 3, 6.8, 1.5, 7, 120, 20, 1.0, 30, 0.20, 0.0,
     {8, 10, 8, 20, 8, 6, 8, 12, 14, 6}},
};

// Share of missing cells per column (numeric columns only).
constexpr double kMissEmployees = 0.05;
constexpr double kMissRevenue = 0.10;
constexpr double kMissActiveUsers = 0.07;
constexpr double kMissLogins = 0.05;
constexpr double kMissNps = 0.18;  // survey non-response
constexpr double kMissMargin = 0.07;

std::string CompanyName(Rng& rng, size_t industry, size_t country) {
  const std::string_view legal = country == 0   ? rng.PickOne(kLegalDe)
                                 : country == 1 ? rng.PickOne(kLegalAt)
                                                : rng.PickOne(kLegalCh);
  const std::string_view sector = kSectorWords[industry][rng.Below(4)];
  std::string name;
  const double u = rng.Uniform();
  if (u < 0.015) {  // "Schmidt, Weber & Partner GmbH": holds the delimiter
    name.append(rng.PickOne(kSurnames)).append(", ").append(rng.PickOne(kSurnames)).append(" & Partner ");
  } else if (u < 0.03) {  // "\"Blau\" Software KG": holds quotes
    name.append("\"").append(rng.PickOne(kColours)).append("\" ").append(sector).append(" ");
  } else if (u < 0.45) {  // "Müller Logistik GmbH"
    name.append(rng.PickOne(kSurnames)).append(" ").append(sector).append(" ");
  } else if (u < 0.80) {  // "Alpen Digital AG"
    name.append(rng.PickOne(kPlaceWords)).append(" ").append(sector).append(" ");
  } else {  // "Huber & Steiner KG"
    const std::string_view a = rng.PickOne(kSurnames);
    std::string_view b = rng.PickOne(kSurnames);
    while (b == a) b = rng.PickOne(kSurnames);
    name.append(a).append(" & ").append(b).append(" ");
  }
  name.append(legal);
  return name;
}

}  // namespace

std::string GenerateDemoCustomersCsv(const DemoOptions& options) {
  Rng rng(options.seed);
  const int64_t reference = DaysFromCivil(2026, 10, 31);

  std::string out;
  out.reserve(options.rows * 200 + 512);
  out +=
      "customer_id,company,industry,plan,employees,country,region,annual_revenue_eur,mrr_eur,seats,"
      "monthly_active_users,logins_30d,support_tickets_90d,nps,contract_start,last_order_date,orders_12m,"
      "total_spend_eur,gross_margin_pct,churned,renewed\n";

  double segment_weights[std::size(kSegments)];
  for (size_t i = 0; i < std::size(kSegments); ++i) segment_weights[i] = kSegments[i].weight;

  for (size_t row = 0; row < options.rows; ++row) {
    const Segment& seg = kSegments[rng.Pick(segment_weights)];

    // Firmographics.
    const size_t industry = rng.Pick(seg.industry_weights);
    const size_t plan = rng.Pick(seg.plan_weights);
    const size_t country = rng.Pick(kCountryWeights);
    const std::string_view region = country == 0   ? kRegionsDe[rng.Pick(kRegionWeightsDe)]
                                    : country == 1 ? kRegionsAt[rng.Pick(kRegionWeightsAt)]
                                                   : kRegionsCh[rng.Pick(kRegionWeightsCh)];
    const std::string company = CompanyName(rng, industry, country);
    const double employees = std::floor(Clamp(rng.LogNormal(seg.employees_median, seg.employees_sigma), 1.0, 250000.0) + 0.5);
    const double revenue = employees * rng.LogNormal(160000.0, 0.4);

    // Subscription and usage.
    double seats = std::floor(Clamp(employees * rng.LogNormal(seg.seat_share, 0.2), 1.0, employees * 1.2 + 1.0) + 0.5);
    if (seats < 1.0) seats = 1.0;
    const double mrr = seats * kPricePerSeat[plan] * seg.price_factor * rng.LogNormal(1.0, 0.12);
    const double active_users =
        std::floor(seats * Clamp(rng.Normal(seg.utilisation, 0.08), 0.01, 1.0) + 0.5);
    const double logins = std::floor(active_users * rng.LogNormal(seg.logins_per_user, 0.25) + 0.5);
    const int64_t tickets = rng.Poisson(seg.tickets_90d * rng.LogNormal(1.0, 0.35));
    const int64_t nps = RoundInt(Clamp(rng.Normal(seg.nps_mean, seg.nps_sd), 0.0, 10.0));

    // Contract, orders, money.
    const bool churned = rng.Chance(seg.churn_p);
    const int64_t tenure = RoundInt(rng.Uniform(seg.tenure_min_days, seg.tenure_max_days));
    const int64_t start = reference - tenure;
    double gap = rng.Exponential(seg.order_gap_mean_days);
    if (churned) gap += rng.Uniform(60.0, 400.0);
    int64_t gap_days = RoundInt(gap);
    if (gap_days > tenure) gap_days = RoundInt(rng.Uniform() * static_cast<double>(tenure));
    const int64_t last_order = reference - gap_days;
    const double active_days_12m = Clamp(static_cast<double>(tenure < 365 ? tenure : 365) - static_cast<double>(gap_days), 0.0, 365.0);
    int64_t orders = rng.Poisson(seg.orders_per_month * active_days_12m / 30.44);
    if (gap_days <= 365 && orders < 1) orders = 1;
    if (gap_days > 365) orders = 0;
    const double billed_months =
        Clamp(static_cast<double>(churned ? tenure - gap_days : tenure) / 30.44, 1.0, 1000.0);
    const double spend = mrr * billed_months * rng.LogNormal(1.0, 0.08);
    const double margin = Clamp(rng.Normal(seg.margin_mean, 4.0), 5.0, 95.0);
    const bool renewed = !churned && tenure > 365 && rng.Chance(seg.renew_p);

    // Missing values, drawn for every row so the stream does not depend on earlier draws.
    const bool miss_employees = rng.Chance(kMissEmployees);
    const bool miss_revenue = rng.Chance(kMissRevenue);
    const bool miss_active = rng.Chance(kMissActiveUsers);
    const bool miss_logins = rng.Chance(kMissLogins);
    const bool miss_nps = rng.Chance(kMissNps);
    const bool miss_margin = rng.Chance(kMissMargin);

    out += "C-";
    AppendInt(out, static_cast<int64_t>(100001 + row));
    out += ',';
    AppendText(out, company);
    out += ',';
    AppendText(out, kIndustries[industry]);
    out += ',';
    out += kPlans[plan];
    out += ',';
    if (!miss_employees) AppendInt(out, static_cast<int64_t>(employees));
    out += ',';
    out += kCountries[country];
    out += ',';
    AppendText(out, region);
    out += ',';
    if (!miss_revenue) AppendFixed(out, revenue, 2);
    out += ',';
    AppendFixed(out, mrr, 2);
    out += ',';
    AppendInt(out, static_cast<int64_t>(seats));
    out += ',';
    if (!miss_active) AppendInt(out, static_cast<int64_t>(active_users));
    out += ',';
    if (!miss_logins) AppendInt(out, static_cast<int64_t>(logins));
    out += ',';
    AppendInt(out, tickets);
    out += ',';
    if (!miss_nps) AppendInt(out, nps);
    out += ',';
    AppendDate(out, start);
    out += ',';
    AppendDate(out, last_order);
    out += ',';
    AppendInt(out, orders);
    out += ',';
    AppendFixed(out, spend, 2);
    out += ',';
    if (!miss_margin) AppendFixed(out, margin, 1);
    out += ',';
    out += churned ? '1' : '0';
    out += ',';
    out += renewed ? '1' : '0';
    out += '\n';
  }
  return out;
}

}  // namespace seg::demo
