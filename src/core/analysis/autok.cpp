#include "seg/analysis/autok.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "seg/analysis/distance_kernels.hpp"
#include "seg/common/rng.hpp"

namespace seg::analysis {
namespace {

std::vector<int32_t> Nearest(const std::vector<float>& x, size_t n, size_t dim, const std::vector<double>& centroids, int k) {
  std::vector<float> c(centroids.begin(), centroids.end());
  std::vector<int32_t> labels(n);
  std::vector<float> best(n);
  NearestCentroids(x.data(), dim, nullptr, n, c.data(), k, labels.data(), best.data(), nullptr);
  return labels;
}

std::string Fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

struct AutoKRunner::State {
  AutoKOptions opt;
  size_t dim = 0;
  std::vector<float> xs;  // search sample
  size_t ns = 0;
  std::vector<float> sub[2];  // stability subsamples
  size_t nsub[2] = {0, 0};
  int k = 0;
  int phase = 0;  // 0 main fit, 1 stability fit A, 2 stability fit B, 3 score
  std::optional<KMeansRunner> runner;
  KMeansModel main_model;
  std::vector<double> stab_centroids[2];
  AutoKResult result;
  bool done = false;
  size_t total_rows = 0;
};

AutoKRunner::AutoKRunner() : s_(std::make_unique<State>()) {}
AutoKRunner::AutoKRunner(AutoKRunner&&) noexcept = default;
AutoKRunner& AutoKRunner::operator=(AutoKRunner&&) noexcept = default;
AutoKRunner::~AutoKRunner() = default;

std::optional<Error> AutoKRunner::Check(size_t n, size_t dim, const AutoKOptions& options) {
  if (dim == 0) return MakeError("autok.no_features", "Choosing k needs at least one feature.");
  if (options.k_min < 1 || options.k_max < options.k_min) {
    return MakeError("autok.bad_range",
                     "The range of k to try is empty (" + std::to_string(options.k_min) + " to " +
                         std::to_string(options.k_max) + ").",
                     "Use a range such as 2 to 10.");
  }
  if (options.k_max > 50) {
    return MakeError("autok.range_too_large", "Trying up to " + std::to_string(options.k_max) + " segments is more than anyone can act on.",
                     "Use at most 50 as the upper end of the range.");
  }
  if (static_cast<size_t>(options.k_min) > n) {
    return MakeError("autok.too_few_rows",
                     "Cannot try " + std::to_string(options.k_min) + " segments with " + std::to_string(n) + " rows.",
                     "Load more rows or lower the smallest k.");
  }
  return std::nullopt;
}

Result<AutoKRunner> AutoKRunner::Create(const float* x, size_t n, size_t dim, const AutoKOptions& options) {
  if (auto e = Check(n, dim, options)) return *e;
  AutoKRunner r;
  State& s = *r.s_;
  s.opt = options;
  s.opt.k_max = static_cast<int>(std::min<size_t>(static_cast<size_t>(options.k_max), n));
  s.dim = dim;
  s.total_rows = n;
  Rng rng(options.seed ^ 0xA070Bu);
  // Search sample: all rows, or a deterministic random subset kept in file order.
  std::vector<size_t> idx(n);
  for (size_t i = 0; i < n; ++i) idx[i] = i;
  size_t m = std::min(n, std::max<size_t>(options.sample_rows, 100));
  if (m < n) {
    for (size_t i = 0; i < m; ++i) std::swap(idx[i], idx[i + static_cast<size_t>(rng.Below(n - i))]);
    idx.resize(m);
    std::sort(idx.begin(), idx.end());
  }
  s.ns = idx.size();
  s.xs.resize(s.ns * dim);
  for (size_t i = 0; i < s.ns; ++i) std::copy(x + idx[i] * dim, x + (idx[i] + 1) * dim, s.xs.begin() + static_cast<std::ptrdiff_t>(i * dim));
  // Two 80% subsamples for stability.
  for (int t = 0; t < 2; ++t) {
    std::vector<size_t> p(s.ns);
    for (size_t i = 0; i < s.ns; ++i) p[i] = i;
    const size_t q = std::max<size_t>(static_cast<size_t>(s.opt.k_max), s.ns * 4 / 5);
    for (size_t i = 0; i < q && i < s.ns; ++i) std::swap(p[i], p[i + static_cast<size_t>(rng.Below(s.ns - i))]);
    p.resize(std::min(q, s.ns));
    std::sort(p.begin(), p.end());
    s.nsub[t] = p.size();
    s.sub[t].resize(p.size() * dim);
    for (size_t i = 0; i < p.size(); ++i)
      std::copy(s.xs.begin() + static_cast<std::ptrdiff_t>(p[i] * dim), s.xs.begin() + static_cast<std::ptrdiff_t>((p[i] + 1) * dim),
                s.sub[t].begin() + static_cast<std::ptrdiff_t>(i * dim));
  }
  s.k = s.opt.k_min;
  s.phase = 0;
  s.result.sample_rows = s.ns;
  return r;
}

bool AutoKRunner::Done() const { return s_->done; }
int AutoKRunner::CurrentK() const { return s_->k; }

double AutoKRunner::Progress() const {
  const State& s = *s_;
  if (s.done) return 1.0;
  const int ks = s.opt.k_max - s.opt.k_min + 1;
  const double per_phase = s.opt.stability ? 0.25 : 0.5;
  double within = s.phase * per_phase;
  if (s.runner) within += per_phase * s.runner->Progress();
  // Larger k costs more: weight each k by k.
  double done_w = 0, total_w = 0;
  for (int k = s.opt.k_min; k <= s.opt.k_max; ++k) {
    total_w += k;
    if (k < s.k) done_w += k;
  }
  (void)ks;
  return std::min(0.999, (done_w + s.k * std::min(1.0, within)) / total_w);
}

bool AutoKRunner::Step() {
  State& s = *s_;
  if (s.done) return false;
  auto start = [&](const std::vector<float>& x, size_t n, int n_init, uint64_t seed) {
    KMeansOptions o;
    o.k = s.k;
    o.seed = seed;
    o.n_init = n_init;
    auto r = KMeansRunner::Create(x.data(), n, s.dim, o);
    s.runner.emplace(std::move(r.value()));  // k <= rows is guaranteed by Create
  };
  const uint64_t base = s.opt.seed + 1000003ULL * static_cast<uint64_t>(s.k);
  if (s.phase == 0) {
    if (!s.runner) start(s.xs, s.ns, s.opt.n_init, base);
    if (s.runner->Step()) return true;
    s.main_model = s.runner->Take();
    s.runner.reset();
    s.phase = s.opt.stability ? 1 : 3;
    return true;
  }
  if (s.phase == 1 || s.phase == 2) {
    const int t = s.phase - 1;
    if (static_cast<size_t>(s.k) > s.nsub[t]) {
      s.phase = 3;
      return true;
    }
    if (!s.runner) start(s.sub[t], s.nsub[t], 1, base + 17 + static_cast<uint64_t>(t));
    if (s.runner->Step()) return true;
    s.stab_centroids[t] = s.runner->Take().centroids;
    s.runner.reset();
    ++s.phase;
    return true;
  }
  // Phase 3: score this k.
  KScore score;
  score.k = s.k;
  score.quality = ScoreClustering(s.xs.data(), s.ns, s.dim, s.main_model.labels, s.k, s.opt.seed, 2000);
  if (s.opt.stability && !s.stab_centroids[0].empty() && !s.stab_centroids[1].empty()) {
    score.stability = s.k == 1 ? 1.0
                               : AdjustedRandIndex(Nearest(s.xs, s.ns, s.dim, s.stab_centroids[0], s.k),
                                                   Nearest(s.xs, s.ns, s.dim, s.stab_centroids[1], s.k));
  }
  score.eligible = score.quality.min_share >= s.opt.min_share;
  s.result.scores.push_back(score);
  s.stab_centroids[0].clear();
  s.stab_centroids[1].clear();
  s.phase = 0;
  ++s.k;
  if (s.k > s.opt.k_max) {
    Recommend(s.result, s.opt.min_share);
    s.done = true;
    return false;
  }
  return true;
}

AutoKResult AutoKRunner::Take() { return std::move(s_->result); }

// Combined score: the silhouette, discounted when the segments do not reproduce on resampled
// data (stability 1 keeps it, stability 0 halves it).
double Combined(const KScore& s) {
  const double stab = std::isfinite(s.stability) ? std::clamp(s.stability, 0.0, 1.0) : 1.0;
  return s.quality.silhouette * (0.5 + 0.5 * stab);
}

// The elbow: the k farthest below the straight line from the first to the last (k, inertia)
// point, both axes scaled to 0..1.
int ElbowK(const std::vector<KScore>& scores) {
  if (scores.size() < 3) return 0;
  const double k0 = scores.front().k, k1 = scores.back().k;
  const double i0 = scores.front().quality.inertia, i1 = scores.back().quality.inertia;
  if (!(i0 > i1) || k1 <= k0) return 0;
  int best = 0;
  double best_gap = 0.0;
  for (const auto& s : scores) {
    const double x = (s.k - k0) / (k1 - k0);
    const double y = (s.quality.inertia - i1) / (i0 - i1);
    const double gap = (1.0 - x) - y;  // the chord runs from (0, 1) to (1, 0)
    if (gap > best_gap) {
      best_gap = gap;
      best = s.k;
    }
  }
  return best;
}

namespace {

// The choice among the scores, shared by Recommend (which k) and ExplainAutoK (why).
struct Decision {
  const KScore* best = nullptr;       // highest combined score
  const KScore* pick = nullptr;       // the recommendation (best, or a near-tie the other indices prefer)
  const KScore* runner_up = nullptr;  // highest combined score other than pick
  const KScore* top_ch = nullptr;     // among the near-ties: highest Calinski-Harabasz
  const KScore* top_db = nullptr;     // among the near-ties: lowest Davies-Bouldin
};

// A k "reproduces" when two fits on different 80 % subsamples agree (ARI >= 0.8, "good" agreement
// after Steinley 2004); an unmeasured stability (stability off) does not count against a k.
constexpr double kStableAri = 0.8;
// How far below the best combined score a larger, stable k may be and still be preferred.
constexpr double kLargerKTolerance = 0.05;

bool Stable(const KScore& s) { return !std::isfinite(s.stability) || s.stability >= kStableAri; }

// The rule, validated on generated bases with 2-8 latent groups, the demo, Mall and wine
// (tests/unit/test_autok_validation.cpp, README "How automatic k was validated"):
//   1. only k whose smallest segment reaches min_share (if any k does);
//   2. best = the highest combined score (silhouette discounted by instability);
//   3. pick = the LARGEST stable k whose combined score is within 0.05 of the best.
// Silhouette alone favours the trivial split k = 2 on real files (Telco, Bank Marketing): a
// stable k with more segments that separates nearly as well tells a marketer more.
Decision Decide(const std::vector<KScore>& scores) {
  Decision d;
  // Only k >= 2 have a silhouette; k = 1 is never recommended when larger k were tried.
  auto usable = [](const KScore& s) { return s.k >= 2 && std::isfinite(s.quality.silhouette); };
  bool any_eligible = false;
  for (const auto& s : scores) any_eligible |= usable(s) && s.eligible;
  auto candidate = [&](const KScore& s) { return usable(s) && (!any_eligible || s.eligible); };
  for (const auto& s : scores) {
    if (!candidate(s)) continue;
    if (!d.best || Combined(s) > Combined(*d.best)) d.best = &s;
  }
  if (!d.best) return d;
  d.pick = d.best;
  for (const auto& s : scores) {
    if (!candidate(s) || !Stable(s) || Combined(*d.best) - Combined(s) > kLargerKTolerance) continue;
    if (s.k > d.pick->k) d.pick = &s;
  }
  for (const auto& s : scores) {
    if (!candidate(s)) continue;
    if (!d.top_ch || s.quality.calinski_harabasz > d.top_ch->quality.calinski_harabasz) d.top_ch = &s;
    if (!d.top_db || s.quality.davies_bouldin < d.top_db->quality.davies_bouldin) d.top_db = &s;
  }
  for (const auto& s : scores) {
    if (&s == d.pick || !usable(s)) continue;
    if (!d.runner_up || Combined(s) > Combined(*d.runner_up)) d.runner_up = &s;
  }
  return d;
}

// Gaussian mixtures: the lowest BIC among the k whose smallest component is large enough.
std::string ExplainBic(const AutoKResult& r, Lang lang) {
  const bool de = lang == Lang::kDe;
  bool any_ok = false;
  for (const auto& s : r.scores) any_ok |= s.eligible;
  const KScore* best = nullptr;
  for (const auto& s : r.scores) {
    if (any_ok && !s.eligible) continue;
    if (!best || s.bic < best->bic) best = &s;
  }
  if (!best) {
    return de ? "Auf diesen Daten ließ sich kein k bewerten; verwendet wird k = " + std::to_string(r.recommended) + "."
              : "No k could be evaluated on this data; using k = " + std::to_string(r.recommended) + ".";
  }
  if (de) {
    return "k = " + std::to_string(best->k) + " hat den niedrigsten BIC (" + FormatDecimal(best->bic, 0, lang) +
           "), die beste Balance aus Anpassung und Modellgröße unter k = " + std::to_string(r.scores.front().k) +
           " bis " + std::to_string(r.scores.back().k) +
           (any_ok ? "; das kleinste Segment ist groß genug, um damit zu arbeiten."
                   : "; allerdings hat jedes getestete k ein sehr kleines Segment.");
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, "k = %d has the lowest BIC (%.0f), the best balance of fit and model size among k = %d to %d",
                best->k, best->bic, r.scores.front().k, r.scores.back().k);
  std::string e = buf;
  e += any_ok ? "; its smallest segment holds enough customers to act on."
              : "; note that every k tried has a very small segment.";
  return e;
}

std::string ExplainSeparation(const AutoKResult& r, Lang lang) {
  const Decision d = Decide(r.scores);
  const bool de = lang == Lang::kDe;
  if (!d.best) {
    return de ? "Nur k = " + std::to_string(r.recommended) + " ließ sich bewerten."
              : "Only k = " + std::to_string(r.recommended) + " could be evaluated.";
  }
  const KScore* pick = d.pick;
  auto scores = [&](const KScore& s) {
    if (de) {
      std::string t = "Silhouette " + FormatDecimal(s.quality.silhouette, 2, lang);
      if (std::isfinite(s.stability)) t += ", Stabilität " + FormatDecimal(s.stability, 2, lang);
      return t;
    }
    std::string t = "silhouette " + Fmt("%.2f", s.quality.silhouette);
    if (std::isfinite(s.stability)) t += ", stability " + Fmt("%.2f", s.stability);
    return t;
  };
  const std::string pick_k = "k = " + std::to_string(pick->k);
  std::string e;
  if (de) {
    if (pick == d.best) {
      e = pick_k + (Stable(*pick) ? " trennt die Kunden am klarsten und reproduzierbar (" + scores(*pick) + ")"
                                  : " trennt die Kunden am klarsten, ist auf Teilstichproben aber nicht stabil (" +
                                        scores(*pick) + ")");
      if (d.runner_up) e += "; am zweitbesten ist k = " + std::to_string(d.runner_up->k) + " (" + scores(*d.runner_up) + ")";
    } else {
      e = pick_k + " (" + scores(*pick) + ") trennt die Kunden fast so gut wie k = " + std::to_string(d.best->k) + " (" +
          scores(*d.best) + "), ist ebenso reproduzierbar und liefert mehr Segmente, mit denen sich arbeiten lässt";
    }
    e += ". ";
    if (pick->eligible) {
      e += "Das kleinste Segment umfasst " + FormatPercent(pick->quality.min_share * 100, 0, lang) +
           " der Kunden, genug, um damit zu arbeiten.";
    } else {
      e += "Jedes getestete k hat ein Segment mit weniger als " + FormatPercent(r.min_share * 100, 0, lang) +
           " der Kunden (hier " + FormatPercent(pick->quality.min_share * 100, 1, lang) +
           "); weniger Merkmale oder ein kleinerer Bereich für k können helfen.";
    }
    if (r.elbow > 0) {
      e += r.elbow == pick->k ? " Die Inertia-Kurve knickt beim selben k ab."
                              : " (Die Inertia-Kurve knickt bei k = " + std::to_string(r.elbow) + " ab.)";
    }
    return e;
  }
  if (pick == d.best) {
    e = pick_k + (Stable(*pick) ? " gives the clearest separation and reproduces on resampled data (" + scores(*pick) + ")"
                                : " gives the clearest separation but does not reproduce well on resampled data (" +
                                      scores(*pick) + ")");
    if (d.runner_up) e += "; the next best is k = " + std::to_string(d.runner_up->k) + " (" + scores(*d.runner_up) + ")";
  } else {
    e = pick_k + " (" + scores(*pick) + ") separates the customers nearly as well as k = " + std::to_string(d.best->k) +
        " (" + scores(*d.best) + "), reproduces as well and gives more segments to act on";
  }
  e += ". ";
  if (pick->eligible) {
    e += "Its smallest segment holds " + Fmt("%.0f", pick->quality.min_share * 100) + "% of customers, enough to act on.";
  } else {
    e += "Every k tried has a segment smaller than " + Fmt("%.0f", r.min_share * 100) + "% of customers (here " +
         Fmt("%.1f", pick->quality.min_share * 100) + "%); consider fewer features or a smaller range.";
  }
  if (r.elbow > 0) {
    e += r.elbow == pick->k ? " The inertia curve bends at the same k."
                            : " (The inertia curve bends at k = " + std::to_string(r.elbow) + ".)";
  }
  return e;
}

}  // namespace

void Recommend(AutoKResult& r, double min_share) {
  if (r.scores.empty()) return;
  r.min_share = min_share;
  r.by_bic = false;
  r.elbow = ElbowK(r.scores);
  const Decision d = Decide(r.scores);
  r.recommended = d.pick ? d.pick->k : r.scores.front().k;
  r.explanation = ExplainAutoK(r, Lang::kEn);
}

std::string ExplainAutoK(const AutoKResult& r, Lang lang) {
  if (r.by_bic) return ExplainBic(r, lang);
  if (r.scores.empty()) return {};
  return ExplainSeparation(r, lang);
}

Result<AutoKResult> ChooseK(const float* x, size_t n, size_t dim, const AutoKOptions& options) {
  auto runner = AutoKRunner::Create(x, n, dim, options);
  if (!runner.ok()) return runner.error();
  AutoKRunner r = std::move(runner.value());
  while (r.Step()) {
  }
  return r.Take();
}

nlohmann::json AutoKToJson(const AutoKResult& r) {
  nlohmann::json scores = nlohmann::json::array();
  for (const auto& s : r.scores) {
    nlohmann::json j = QualityToJson(s.quality);
    j["k"] = s.k;
    j["stability"] = std::isfinite(s.stability) ? nlohmann::json(s.stability) : nlohmann::json(nullptr);
    j["eligible"] = s.eligible;
    if (std::isfinite(s.bic)) j["bic"] = s.bic;
    scores.push_back(std::move(j));
  }
  return {{"k_scores", scores},
          {"recommendation",
           {{"k", r.recommended}, {"explanation", r.explanation}, {"sample_rows", r.sample_rows},
            {"elbow_k", r.elbow > 0 ? nlohmann::json(r.elbow) : nlohmann::json(nullptr)}}}};
}

}  // namespace seg::analysis
