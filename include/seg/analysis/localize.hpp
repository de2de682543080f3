// seg/analysis/localize.hpp — the texts the core generates, in English or German.
//
// Results keep the structured facts behind their texts (profiles with std_diff, the
// over-represented level, KPIs, the k scores, RFM segment ids, rule groups, notes), so every
// generated text can be written again in another language without re-running the segmentation:
//
//   analysis::LocalizeResult(original, seg::Lang::kDe);            // names, descriptions, k, notes
//   shown = analysis::ApplyEdits(table, original, edits, kpis, seg::Lang::kDe);  // user renames win
//
// English is the default everywhere and is byte for byte what the core always wrote.
#pragma once

#include <string>
#include <vector>

#include "seg/analysis/rfm.hpp"
#include "seg/analysis/rules.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/lang.hpp"

namespace seg::analysis {

// Name of segment `id` of RfmSegmentMap::Default() (0 Champions ... 10 Lost): English as in the
// map; German "Champions", "Treue Kunden", "Potenzielle Stammkunden", "Neukunden",
// "Vielversprechend", "Mit Handlungsbedarf", "Kurz vor dem Einschlafen", "Gefährdet",
// "Wertvoll, aber abwandernd", "Winterschlaf", "Verloren". "" for an id out of range.
std::string RfmSegmentName(int id, Lang lang = Lang::kEn);
// The default map's id of an English or German default name, or -1 (an edited map's own names).
int RfmDefaultSegmentId(const std::string& name);
// RfmSegmentMap::Default() with the names in `lang` (same ids and grid).
RfmSegmentMap RfmDefaultMap(Lang lang);

// Name of rule group `group` of `model`: the levels joined by " · ", e.g. "Germany · 51–200".
// German keeps the data's own levels and writes numbers with a decimal comma ("7,23–224,64"),
// yes/no as ja/nein and a missing value as "(keine Angabe)". English equals RuleSegments::names.
std::string RulesGroupName(const RulesModel& model, int group, Lang lang = Lang::kEn);

// Rewrites in place every text the core generated in `result`: segment names (by NameSource:
// profile names, RFM names, rule group names; kGiven names are kept), descriptions, the
// choice-of-k explanation and the notes in `warnings` (when `notes` matches them one for one).
// It never sees user renames (those live in SegmentEdits): apply the edits afterwards.
// LocalizeResult(r, kEn) restores exactly the English texts.
void LocalizeResult(SegmentResult& result, Lang lang);

}  // namespace seg::analysis
