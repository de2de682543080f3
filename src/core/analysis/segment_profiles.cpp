// Segment profiles (per-feature mean/median vs overall, category shares, KPIs), segment names and descriptions.
//
// Index of this file
// [SECTION] Formatting helpers (HumanName, Fmt, FmtDe, Median)
// [SECTION] SegmentProfiler (stepped profiles per segment)
// [SECTION] NameSegments
// [SECTION] DescribeSegment(s)

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "order_statistics.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/text.hpp"
#include "seg/io/identifier.hpp"
#include "seg/privacy/personal_data.hpp"

namespace seg::analysis {
namespace {

// "support_tickets_90d" -> "support tickets 90d"; a trailing unit word is dropped ("mrr_eur" -> "mrr").
// Hyphens stay: "Spending Score (1-100)" keeps its range. A leading abbreviation is upper-cased
// ("nps" -> "NPS", "mrr_eur" -> "MRR").
std::string HumanName(const std::string& name) {
  std::string s = name;
  for (char& c : s)
    if (c == '_') c = ' ';
  static const char* kUnits[] = {" eur", " chf", " usd", " gbp", " pct", " percent"};
  for (const char* u : kUnits) {
    const std::string unit = u;
    if (s.size() > unit.size() && s.compare(s.size() - unit.size(), unit.size(), unit) == 0) {
      s.resize(s.size() - unit.size());
      break;
    }
  }
  static const char* kAbbreviations[] = {"nps", "mrr", "arr", "clv", "arpu", "kpi", "roi", "aov"};
  for (const char* a : kAbbreviations) {
    const size_t n = std::char_traits<char>::length(a);
    if (s.compare(0, n, a) == 0 && (s.size() == n || s[n] == ' ')) {
      for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
      break;
    }
  }
  return s;
}

// A name starts with a capital ("Orders 12m sehr hoch"); non-ASCII first letters are left as written.
void Capitalise(std::string& s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
}

// A duration reads as short/long, not low/high: tenure, Laufzeit, months, days, recency, Dauer.
bool IsDuration(const std::string& name) {
  std::string l = " ";
  for (char c : name) l += std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80
                               ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                               : ' ';
  l += ' ';
  // Whole words only: "monthly active users" is no duration.
  for (const char* w : {" tenure ", " laufzeit ", " months ", " monate ", " days ", " tage ", " recency ", " dauer ",
                        " duration ", " kundendauer ", " seit "})
    if (l.find(w) != std::string::npos) return true;
  return false;
}

// A yes/no level means nothing without its column: "Angehörige: Nein", "Partner: Yes".
bool IsYesNoLevel(const std::string& level) {
  std::string l;
  for (char c : level) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* w : {"yes", "no", "ja", "nein", "true", "false", "wahr", "falsch", "y", "n", "j", "0", "1"})
    if (l == w) return true;
  return false;
}

std::string CategoryLabel(const CategoryProfile& c, size_t max_chars) {
  if (IsYesNoLevel(c.level)) return TruncateUtf8(HumanName(c.column), max_chars) + ": " + c.level;
  return TruncateUtf8(c.level, max_chars);
}

std::string Fmt(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  const double a = std::fabs(v);
  if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.1fm", v / 1e6);
  else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  else if (a >= 100) std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (a >= 10) std::snprintf(buf, sizeof buf, "%.1f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Fmt in German: "1,5 Mio.", "219 Tsd.", "1545", "10,4", "1,65"; "k. A." for a missing value.
std::string FmtDe(double v) {
  if (!std::isfinite(v)) return "k. A.";
  const double a = std::fabs(v);
  if (a >= 1e6) return FormatDecimal(v / 1e6, 1, Lang::kDe) + " Mio.";
  if (a >= 1e4) return FormatDecimal(v / 1e3, 0, Lang::kDe) + " Tsd.";
  if (a >= 100) return FormatDecimal(v, 0, Lang::kDe);
  if (a >= 10) return FormatDecimal(v, 1, Lang::kDe);
  return FormatDecimal(v, 2, Lang::kDe);
}

// v[0..n) is reordered. Linear-time exact selection (order_statistics.hpp): the same value as sorting.
double Median(double* v, size_t n) {
  if (n == 0) return NAN;
  const size_t mid = n / 2;
  const bool even = n % 2 == 0;
  const detail::OrderPair p = detail::SelectOrder(v, n, mid, even);
  return even ? (p.at + p.prev) / 2 : p.at;
}

}  // namespace

SegmentProfiler::SegmentProfiler(const io::Table& table, const std::vector<PreparedFeature>& features,
                                 const std::vector<int32_t>& labels, int k, const std::vector<KpiColumn>& kpis)
    : table_(&table), features_(&features), labels_(&labels), kpis_(&kpis), k_(k), K_(static_cast<size_t>(k)) {
  out_.assign(K_, SegmentSummary{});
  for (size_t c = 0; c < K_; ++c) out_[c].id = static_cast<int>(c);
  for (int32_t l : labels)
    if (l >= 0) {
      ++out_[static_cast<size_t>(l)].size;
      ++labelled_;
    }
  for (auto& s : out_) s.share = labelled_ ? static_cast<double>(s.size) / static_cast<double>(labelled_) : 0.0;
  // Per feature, the finite values of every segment in row order, side by side in one buffer
  // (segment c from start_[c]), and all of them in row order.
  start_.assign(K_ + 1, 0);
  end_.assign(K_, 0);
  for (size_t c = 0; c < K_; ++c) start_[c + 1] = start_[c] + out_[c].size;
}

double SegmentProfiler::Progress() const {
  const double nf = static_cast<double>(features_->size()), nc = static_cast<double>(table_->columns.size());
  switch (stage_) {
    case 0: return 0.6 * static_cast<double>(next_) / std::max(1.0, nf);
    case 1: return 0.6 + 0.3 * static_cast<double>(next_) / std::max(1.0, nc);
    case 2: return 0.9;
    default: return 1.0;
  }
}

bool SegmentProfiler::Step() {
  if (stage_ == 0) {
    // The next numeric feature (categorical columns are profiled below, by level).
    while (next_ < features_->size() && ((*features_)[next_].IsIndicator() || (*features_)[next_].missing_indicator)) ++next_;
    if (next_ < features_->size()) {
      ProfileFeature((*features_)[next_++]);
      return true;
    }
    per_.clear();
    per_.shrink_to_fit();
    all_.clear();
    all_.shrink_to_fit();
    stage_ = 1;
    next_ = 0;
  }
  if (stage_ == 1) {
    // The next categorical column: the most over-represented level per segment (lift, at least
    // 30% share). Never a personal column's: its levels would end up in segment names, reports
    // and exports.
    const io::Table& table = *table_;
    while (next_ < table.columns.size()) {
      const size_t c = next_++;
      const io::Column& col = table.columns[c];
      if (col.type != io::ColumnType::kCategorical || col.levels.size() > 50 || col.levels.size() < 2) continue;
      if (io::DetectIdentifier(table, c) || privacy::DetectPersonalColumn(table, c)) continue;
      ProfileCategories(c);
      return true;
    }
    for (auto& s : out_)
      std::stable_sort(s.categories.begin(), s.categories.end(), [](const CategoryProfile& a, const CategoryProfile& b) {
        return a.share / a.overall_share > b.share / b.overall_share;
      });
    stage_ = 2;
    return true;
  }
  if (stage_ == 2) {
    auto values = ComputeKpis(*table_, *labels_, k_, *kpis_);
    for (size_t c = 0; c < K_; ++c) out_[c].kpis = std::move(values[c]);
    stage_ = 3;
  }
  return false;
}

void SegmentProfiler::ProfileFeature(const PreparedFeature& f) {
  const size_t K = K_;
  const std::vector<int32_t>& labels = *labels_;
  const io::Column& col = table_->columns[static_cast<size_t>(f.column)];
  if (per_.size() != labelled_) {
    per_.resize(labelled_);
    all_.resize(labelled_);
  }
  std::copy(start_.begin(), start_.begin() + static_cast<std::ptrdiff_t>(K), end_.begin());
  size_t count = 0;
  double all_sum = 0.0;
  for (size_t i = 0; i < table_->rows; ++i) {
    const double v = col.values[i];
    if (!std::isfinite(v) || labels[i] < 0) continue;
    per_[end_[static_cast<size_t>(labels[i])]++] = v;
    all_[count++] = v;
    all_sum += v;
  }
  const double overall = count == 0 ? NAN : all_sum / static_cast<double>(count);
  double ss = 0.0;
  for (size_t i = 0; i < count; ++i) ss += (all_[i] - overall) * (all_[i] - overall);
  const double sd = count == 0 ? 0.0 : std::sqrt(ss / static_cast<double>(count));
  const double overall_median = Median(all_.data(), count);
  for (size_t c = 0; c < K; ++c) {
    FeatureProfile p;
    p.name = f.name;
    p.overall_mean = overall;
    p.overall_median = overall_median;
    double* seg = per_.data() + start_[c];
    const size_t nc = end_[c] - start_[c];
    double sum = 0.0;
    for (size_t i = 0; i < nc; ++i) sum += seg[i];
    p.mean = nc == 0 ? NAN : sum / static_cast<double>(nc);
    p.median = Median(seg, nc);
    p.std_diff = (sd > 0 && std::isfinite(p.mean)) ? (p.mean - overall) / sd : 0.0;
    out_[c].features.push_back(p);
  }
}

void SegmentProfiler::ProfileCategories(size_t column) {
  const size_t K = K_;
  const std::vector<int32_t>& labels = *labels_;
  const io::Column& col = table_->columns[column];
  const size_t L = col.levels.size();
  std::vector<double> counts(K * L, 0.0), seg_total(K, 0.0), overall(L, 0.0);
  double total = 0.0;
  for (size_t i = 0; i < table_->rows; ++i) {
    const uint32_t code = col.codes[i];
    if (code == io::Column::kMissingCode || labels[i] < 0) continue;
    const size_t s = static_cast<size_t>(labels[i]);
    counts[s * L + code] += 1;
    seg_total[s] += 1;
    overall[code] += 1;
    total += 1;
  }
  if (total == 0) return;
  for (size_t s = 0; s < K; ++s) {
    if (seg_total[s] == 0) continue;
    double best_lift = 1.25;
    int best = -1;
    for (size_t l = 0; l < L; ++l) {
      const double share = counts[s * L + l] / seg_total[s];
      const double base = overall[l] / total;
      if (share >= 0.3 && base > 0 && share / base > best_lift) {
        best_lift = share / base;
        best = static_cast<int>(l);
      }
    }
    if (best >= 0) {
      out_[s].categories.push_back({col.name, col.levels[static_cast<size_t>(best)],
                                    counts[s * L + static_cast<size_t>(best)] / seg_total[s],
                                    overall[static_cast<size_t>(best)] / total});
    }
  }
}

void ProfileSegments(const io::Table& table, const std::vector<PreparedFeature>& features,
                     const std::vector<int32_t>& labels, int k, const std::vector<KpiColumn>& kpis,
                     std::vector<SegmentSummary>& out) {
  SegmentProfiler profiler(table, features, labels, k, kpis);
  while (profiler.Step()) {
  }
  out = profiler.Take();
}

std::vector<PreparedFeature> ProfileFeatures(const io::Table& table) {
  std::vector<PreparedFeature> out;
  for (int c : DefaultFeatureColumns(table, nullptr)) {
    PreparedFeature f;
    f.name = table.columns[static_cast<size_t>(c)].name;
    f.column = c;
    out.push_back(std::move(f));
  }
  return out;
}

void NameSegments(std::vector<SegmentSummary>& segments, Lang lang) {
  const bool de = lang == Lang::kDe;
  std::set<std::string> used;
  for (auto& s : segments) {
    std::vector<const FeatureProfile*> order;
    for (const auto& f : s.features) order.push_back(&f);
    std::stable_sort(order.begin(), order.end(), [](const FeatureProfile* a, const FeatureProfile* b) {
      return std::fabs(a->std_diff) > std::fabs(b->std_diff);
    });
    std::string name;
    int parts = 0;
    for (size_t i = 0; i < order.size() && i < 2; ++i) {
      const FeatureProfile& f = *order[i];
      if (std::fabs(f.std_diff) < 0.25) break;
      if (!name.empty()) name += ", ";
      ++parts;
      const bool duration = IsDuration(f.name);
      if (de) {
        // The column name stays as the user wrote it, so the level follows it: "MRR hoch", "Laufzeit kurz".
        const char* level = duration ? (f.std_diff >= 1.0 ? " sehr lang" : f.std_diff > 0 ? " lang" : f.std_diff <= -1.0 ? " sehr kurz" : " kurz")
                                     : (f.std_diff >= 1.0 ? " sehr hoch" : f.std_diff > 0 ? " hoch" : f.std_diff <= -1.0 ? " sehr niedrig" : " niedrig");
        name += TruncateUtf8(HumanName(f.name), 40) + level;
        continue;
      }
      const char* level = duration ? (f.std_diff >= 1.0 ? "very long " : f.std_diff > 0 ? "long " : f.std_diff <= -1.0 ? "very short " : "short ")
                                   : (f.std_diff >= 1.0 ? "very high " : f.std_diff > 0 ? "high " : f.std_diff <= -1.0 ? "very low " : "low ");
      name += level + TruncateUtf8(HumanName(f.name), 40);
    }
    if (de) {
      if (!s.categories.empty() && s.categories[0].share >= 0.5 && parts < 2)
        name += (name.empty() ? "Überwiegend " : ", überwiegend ") + CategoryLabel(s.categories[0], 40);
      if (name.empty()) name = "Durchschnittliches Profil";
      Capitalise(name);
    } else {
      if (!s.categories.empty() && s.categories[0].share >= 0.5 && name.find(',') == std::string::npos) {
        if (!name.empty()) name += ", ";
        name += "mostly " + CategoryLabel(s.categories[0], 40);
      }
      if (name.empty()) name = "average profile";
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    }
    // Two segments with the same numeric profile usually differ by a category (segmenting on a
    // region or an industry): say which before falling back to a number.
    if (used.count(name)) {
      for (const CategoryProfile& c : s.categories) {
        if (c.share < 0.5 || name.find(c.level) != std::string::npos) continue;
        const std::string with = name + (de ? ", überwiegend " : ", mostly ") + CategoryLabel(c, 40);
        if (!used.count(with)) {
          name = with;
          break;
        }
      }
    }
    std::string unique = name;
    for (int n = 2; used.count(unique); ++n) unique = name + " (" + std::to_string(n) + ")";
    used.insert(unique);
    s.name = unique;
  }
}

// The segment's features, the most distinctive first (largest |standardised difference|).
static std::vector<const FeatureProfile*> ByDifference(const SegmentSummary& s) {
  std::vector<const FeatureProfile*> order;
  for (const auto& f : s.features) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return std::fabs(a->std_diff) > std::fabs(b->std_diff); });
  return order;
}

std::string DescribeSegment(const SegmentSummary& s, Lang lang) {
  if (lang == Lang::kDe) {
    std::string d = FormatCount(s.size, lang) + (s.size == 1 ? " Kunde (" : " Kunden (") + FormatPercent(s.share * 100, 0, lang) + ")";
    const std::vector<const FeatureProfile*> order = ByDifference(s);
    std::string diffs;
    for (size_t i = 0; i < order.size() && i < 3; ++i) {
      const auto& f = *order[i];
      if (std::fabs(f.std_diff) < 0.2) break;
      if (!diffs.empty()) diffs += ", ";
      diffs += TruncateUtf8(HumanName(f.name), 60) + " " + FmtDe(f.mean) + " (alle: " + FmtDe(f.overall_mean) + ")";
    }
    d += diffs.empty() ? ", nahe am durchschnittlichen Kunden" : ": im Schnitt " + diffs;
    if (!s.categories.empty()) {
      const auto& c = s.categories[0];
      d += IsYesNoLevel(c.level) ? "; " + CategoryLabel(c, 60) + " " + FormatPercent(c.share * 100, 0, lang)
                                 : "; " + FormatPercent(c.share * 100, 0, lang) + " " + CategoryLabel(c, 60);
      d += " (alle: " + FormatPercent(c.overall_share * 100, 0, lang) + ")";
    }
    d += ".";
    std::string k;
    for (const auto& v : s.kpis) {
      if (v.key != "churn_rate" && v.key != "nps" && v.key != "revenue_share" && v.key != "conversion_rate") continue;
      if (!std::isfinite(v.value)) continue;
      if (!k.empty()) k += ", ";
      if (v.key == "revenue_share") {
        k += FormatPercent(v.value, 0, lang) + " des Umsatzes";
      } else if (v.key == "nps") {
        char buf[96];
        std::snprintf(buf, sizeof buf, "NPS %+.0f (alle: %+.0f)", v.value, v.overall);
        k += buf;
      } else {
        k += std::string(v.key == "churn_rate" ? "Abwanderung " : "Konversion ") + FormatPercent(v.value, 0, lang) +
             " (alle: " + FormatPercent(v.overall, 0, lang) + ")";
      }
    }
    if (!k.empty()) d += " " + k + ".";
    return d;
  }
  std::string d = FormatCount(s.size, lang) + (s.size == 1 ? " customer (" : " customers (") +
                  FormatPercent(s.share * 100, 0, lang) + ")";
  const std::vector<const FeatureProfile*> order = ByDifference(s);
  std::string diffs;
  for (size_t i = 0; i < order.size() && i < 3; ++i) {
    const auto& f = *order[i];
    if (std::fabs(f.std_diff) < 0.2) break;
    if (!diffs.empty()) diffs += ", ";
    diffs += TruncateUtf8(HumanName(f.name), 60) + " " + Fmt(f.mean) + " vs " + Fmt(f.overall_mean);
  }
  d += diffs.empty() ? ", close to the average customer" : ": " + diffs + " on average";
  if (!s.categories.empty()) {
    const auto& c = s.categories[0];
    d += IsYesNoLevel(c.level) ? "; " + CategoryLabel(c, 60) + " " + FormatPercent(c.share * 100, 0, lang)
                               : "; " + FormatPercent(c.share * 100, 0, lang) + " " + CategoryLabel(c, 60);
    d += " (all: " + FormatPercent(c.overall_share * 100, 0, lang) + ")";
  }
  d += ".";
  std::string k;
  for (const auto& v : s.kpis) {
    if (v.key != "churn_rate" && v.key != "nps" && v.key != "revenue_share" && v.key != "conversion_rate") continue;
    if (!std::isfinite(v.value)) continue;
    char buf[128];
    if (v.key == "revenue_share") std::snprintf(buf, sizeof buf, "%.0f%% of revenue", v.value);
    else if (v.key == "nps") std::snprintf(buf, sizeof buf, "NPS %+.0f (all %+.0f)", v.value, v.overall);
    else std::snprintf(buf, sizeof buf, "%s %.0f%% (all %.0f%%)", v.key == "churn_rate" ? "churn" : "conversion", v.value, v.overall);
    if (!k.empty()) k += ", ";
    k += buf;
  }
  if (!k.empty()) d += " " + std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(k[0])))) + k.substr(1) + ".";
  return d;
}

void DescribeSegments(std::vector<SegmentSummary>& segments, Lang lang) {
  for (auto& s : segments) s.description = DescribeSegment(s, lang);
}

}  // namespace seg::analysis
