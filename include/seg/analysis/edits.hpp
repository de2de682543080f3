// seg/analysis/edits.hpp — the user's edits on top of a segmentation: renaming and merging
// segments. Edits are small values (one entry per original segment), so the studio keeps an
// undo/redo history of them and re-derives the shown result from the untouched original.
//
// Contract: nothing here throws; invalid requests return an Error saying why.
#pragma once

#include <string>
#include <vector>

#include "seg/analysis/kpi.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/result.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

struct SegmentEdits {
  // Original segment -> shown segment (0..shown-1, in order of first appearance).
  std::vector<int> group;
  // Per shown segment: the user's name, or "" for the generated one.
  std::vector<std::string> names;

  int shown() const { return static_cast<int>(names.size()); }
  bool merged() const;  // some shown segment holds more than one original segment
  bool operator==(const SegmentEdits&) const = default;
};

// No edits: every original segment shown as itself with its generated name.
SegmentEdits IdentityEdits(int k);
// Names shown segment `id` (0-based); an empty name restores the generated one.
Result<SegmentEdits> RenameSegment(const SegmentEdits& edits, int id, const std::string& name);
// Merges shown segment `from` into shown segment `into`; later segments move up by one.
// The merged segment keeps `into`'s user name, if any.
Result<SegmentEdits> MergeSegments(const SegmentEdits& edits, int from, int into);

// The shown result: labels mapped through the edits, profiles, KPIs, names and descriptions
// recomputed for merged segments (the original's are reused otherwise), user names applied.
// Model parts (centroids, preparation) and quality scores stay those of the original.
// Merged segments are named and described in `lang`; the rest keep the original's texts, so
// localise the original first (LocalizeResult in localize.hpp) and pass the same language.
SegmentResult ApplyEdits(const io::Table& table, const SegmentResult& original, const SegmentEdits& edits,
                         const std::vector<KpiColumn>& kpis, Lang lang = Lang::kEn);

}  // namespace seg::analysis
