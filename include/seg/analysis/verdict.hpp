// seg/analysis/verdict.hpp — the Quality tab's plain verdict on a segmentation (clearly separated /
// usable / weak, with the reason) and the one-line explanation of each index (higher or lower is
// better), in English and German. The UI draws these; the decision is made here, once.
#pragma once

#include <string>
#include <string_view>

#include "seg/analysis/quality.hpp"
#include "seg/common/lang.hpp"

namespace seg::analysis {

enum class Verdict { kClear, kUsable, kWeak };
std::string_view VerdictName(Verdict v);  // "clear", "usable", "weak"

struct QualityVerdict {
  Verdict verdict = Verdict::kWeak;
  std::string label;   // "Clearly separated" / "Klar getrennt"
  std::string reason;  // "silhouette 0.55 (above 0.50) and the segments reproduce (stability 0.99)"
};

// Silhouette bands after Kaufman & Rousseeuw (1990), "Finding Groups in Data", ch. 2: above 0.50 a
// reasonable to strong structure, 0.25-0.50 a weak one that may be usable, below 0.25 none to speak
// of. Clearly separated also needs stability >= 0.8 when it was measured (NaN = not measured) and
// no segment below `min_share`; a segment below it makes the result weak for acting on.
QualityVerdict JudgeQuality(const QualityScores& q, double stability, double min_share, Lang lang);

// Tooltip text per index key: "silhouette", "calinski_harabasz", "davies_bouldin", "inertia",
// "stability", "min_share"; "" for an unknown key.
std::string QualityIndexHelp(std::string_view key, Lang lang);

// The silhouette as shown everywhere (two decimals, the language's decimal mark): "0.49" / "0,49".
std::string FormatSilhouette(double silhouette, Lang lang);

}  // namespace seg::analysis
