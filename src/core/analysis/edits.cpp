#include "seg/analysis/edits.hpp"

#include <algorithm>

namespace seg::analysis {

bool SegmentEdits::merged() const { return static_cast<int>(group.size()) != shown(); }

SegmentEdits IdentityEdits(int k) {
  SegmentEdits e;
  for (int i = 0; i < k; ++i) e.group.push_back(i);
  e.names.assign(static_cast<size_t>(std::max(0, k)), "");
  return e;
}

Result<SegmentEdits> RenameSegment(const SegmentEdits& edits, int id, const std::string& name) {
  if (id < 0 || id >= edits.shown())
    return MakeError("edit.no_segment", "there is no segment " + std::to_string(id + 1) + " (there are " + std::to_string(edits.shown()) + ")");
  if (name.size() > 200) return MakeError("edit.name_too_long", "a segment name can have at most 200 bytes");
  for (int i = 0; i < edits.shown(); ++i)
    if (i != id && !name.empty() && edits.names[static_cast<size_t>(i)] == name)
      return MakeError("edit.duplicate_name", "segment " + std::to_string(i + 1) + " is already called \"" + name + "\"; choose another name");
  SegmentEdits e = edits;
  e.names[static_cast<size_t>(id)] = name;
  return e;
}

Result<SegmentEdits> MergeSegments(const SegmentEdits& edits, int from, int into) {
  const int n = edits.shown();
  if (from < 0 || from >= n || into < 0 || into >= n)
    return MakeError("edit.no_segment", "both segments must exist (there are " + std::to_string(n) + ")");
  if (from == into) return MakeError("edit.same_segment", "choose two different segments to merge");
  if (n < 2) return MakeError("edit.one_segment", "there is only one segment");
  SegmentEdits e;
  // New shown index of old shown index s: `from` becomes `into`; everything after `from` moves up.
  auto renumber = [&](int s) {
    const int t = s == from ? into : s;
    return t > from ? t - 1 : t;
  };
  for (int g : edits.group) e.group.push_back(renumber(g));
  for (int s = 0; s < n; ++s)
    if (s != from) e.names.push_back(edits.names[static_cast<size_t>(s)]);
  return e;
}

SegmentResult ApplyEdits(const io::Table& table, const SegmentResult& original, const SegmentEdits& edits,
                         const std::vector<KpiColumn>& kpis, Lang lang) {
  SegmentResult r = original;
  if (static_cast<int>(edits.group.size()) != original.k) return r;  // edits of another result: ignore
  if (edits.merged()) {
    r.k = edits.shown();
    for (auto& label : r.labels)
      if (label >= 0 && label < original.k) label = edits.group[static_cast<size_t>(label)];
    r.segments.clear();
    // Rules and RFM have no preparation: they are profiled on the numeric columns.
    ProfileSegments(table, original.preparation.empty() ? ProfileFeatures(table) : original.preparation, r.labels, r.k,
                    kpis, r.segments);
    NameSegments(r.segments, lang);
    // A shown segment that is one original segment keeps its original generated name.
    for (int s = 0; s < r.k; ++s) {
      int only = -1, count = 0;
      for (int g = 0; g < original.k; ++g)
        if (edits.group[static_cast<size_t>(g)] == s) only = g, ++count;
      if (count == 1) {
        SegmentSummary& shown = r.segments[static_cast<size_t>(s)];
        const SegmentSummary& from = original.segments[static_cast<size_t>(only)];
        shown.name = from.name;
        shown.name_source = from.name_source;
        shown.name_ref = from.name_ref;
      }
    }
    DescribeSegments(r.segments, lang);  // descriptions hold sizes and profiles, not names
  }
  for (int s = 0; s < r.k && s < edits.shown(); ++s)
    if (!edits.names[static_cast<size_t>(s)].empty()) r.segments[static_cast<size_t>(s)].name = edits.names[static_cast<size_t>(s)];
  return r;
}

}  // namespace seg::analysis
