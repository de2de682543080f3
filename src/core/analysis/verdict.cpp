// The Quality verdict and the index help texts (seg/analysis/verdict.hpp).
#include "seg/analysis/verdict.hpp"

#include <cmath>

namespace seg::analysis {

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kClear: return "clear";
    case Verdict::kUsable: return "usable";
    case Verdict::kWeak: return "weak";
  }
  return "weak";
}

std::string FormatSilhouette(double silhouette, Lang lang) {
  return std::isfinite(silhouette) ? FormatDecimal(silhouette, 2, lang) : (lang == Lang::kDe ? "k. A." : "n/a");
}

QualityVerdict JudgeQuality(const QualityScores& q, double stability, double min_share, Lang lang) {
  const bool de = lang == Lang::kDe;
  QualityVerdict v;
  const std::string sil = (de ? "Silhouette " : "silhouette ") + FormatSilhouette(q.silhouette, lang);
  const bool stable = !std::isfinite(stability) || stability >= 0.8;
  const std::string stab = std::isfinite(stability) ? (de ? "Stabilität " : "stability ") + FormatDecimal(stability, 2, lang) : "";
  if (q.min_share < min_share) {
    v.verdict = Verdict::kWeak;
    v.reason = de ? "das kleinste Segment umfasst nur " + FormatPercent(q.min_share * 100, 1, lang) + " der Kunden (Mindestanteil " +
                        FormatPercent(min_share * 100, 0, lang) + ")"
                  : "the smallest segment holds only " + FormatPercent(q.min_share * 100, 1, lang) + " of customers (minimum " +
                        FormatPercent(min_share * 100, 0, lang) + ")";
  } else if (std::isfinite(q.silhouette) && q.silhouette > 0.5 && stable) {
    v.verdict = Verdict::kClear;
    v.reason = de ? sil + " (über 0,50)" + (stab.empty() ? "" : " und die Segmente sind reproduzierbar (" + stab + ")")
                  : sil + " (above 0.50)" + (stab.empty() ? "" : " and the segments reproduce (" + stab + ")");
  } else if (std::isfinite(q.silhouette) && q.silhouette >= 0.25) {
    v.verdict = Verdict::kUsable;
    v.reason = de ? sil + " (0,25 bis 0,50: Gruppen mit Überlappung)" +
                        (stable ? std::string() : "; auf Teilstichproben nicht stabil (" + stab + ")")
                  : sil + " (0.25 to 0.50: groups that overlap)" +
                        (stable ? std::string() : "; not stable on resampled data (" + stab + ")");
  } else {
    v.verdict = Verdict::kWeak;
    v.reason = de ? sil + " (unter 0,25: kaum Struktur; weniger oder andere Merkmale können helfen)"
                  : sil + " (below 0.25: little structure; fewer or other features may help)";
  }
  switch (v.verdict) {
    case Verdict::kClear: v.label = de ? "Klar getrennt" : "Clearly separated"; break;
    case Verdict::kUsable: v.label = de ? "Brauchbar" : "Usable"; break;
    case Verdict::kWeak: v.label = de ? "Schwach" : "Weak"; break;
  }
  return v;
}

std::string QualityIndexHelp(std::string_view key, Lang lang) {
  const bool de = lang == Lang::kDe;
  if (key == "silhouette")
    return de ? "Silhouette (-1 bis 1, höher ist besser): wie viel näher jeder Kunde seinem eigenen Segment ist als dem nächsten."
              : "Silhouette (-1 to 1, higher is better): how much closer each customer is to its own segment than to the next.";
  if (key == "calinski_harabasz")
    return de ? "Calinski-Harabasz (höher ist besser): Abstand zwischen den Segmenten im Verhältnis zur Streuung in ihnen."
              : "Calinski-Harabasz (higher is better): spread between segments relative to the spread within them.";
  if (key == "davies_bouldin")
    return de ? "Davies-Bouldin (niedriger ist besser): wie sehr sich jedes Segment mit seinem ähnlichsten überschneidet."
              : "Davies-Bouldin (lower is better): how much each segment overlaps its most similar one.";
  if (key == "inertia")
    return de ? "Inertia (niedriger ist dichter): Summe der quadrierten Abstände zum Segmentzentrum; sinkt mit jedem weiteren Segment."
              : "Inertia (lower is tighter): sum of squared distances to the segment centre; falls with every extra segment.";
  if (key == "stability")
    return de ? "Stabilität (0 bis 1, höher ist besser): Übereinstimmung zweier Läufe auf verschiedenen 80-%-Stichproben."
              : "Stability (0 to 1, higher is better): agreement of two runs on different 80% samples.";
  if (key == "min_share")
    return de ? "Kleinstes Segment (höher ist leichter umsetzbar): Anteil der Kunden im kleinsten Segment."
              : "Smallest segment (higher is easier to act on): share of customers in the smallest segment.";
  return {};
}

}  // namespace seg::analysis
