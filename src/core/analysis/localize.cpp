#include "seg/analysis/localize.hpp"

#include <array>

namespace seg::analysis {
namespace {

// In the order of RfmSegmentMap::Default()'s ids. German: the names German CRM and e-mail
// marketing tools use for the classic RFM segments ("Champions" stays, as in German practice);
// each is a group name, not an order ("Wertvoll, aber abwandernd", not "Nicht verlieren").
// Names of earlier versions, still recognised in saved projects and models.
constexpr std::array<const char*, 11> kRfmDeBefore = {"", "", "", "", "", "Brauchen Aufmerksamkeit", "", "", "Nicht verlieren", "", ""};
constexpr std::array<const char*, 11> kRfmEn = {"Champions",      "Loyal",          "Potential Loyalist", "New Customers",
                                                "Promising",      "Need Attention", "About to Sleep",     "At Risk",
                                                "Can't Lose Them", "Hibernating",   "Lost"};
constexpr std::array<const char*, 11> kRfmDe = {"Champions",
                                                "Treue Kunden",
                                                "Potenzielle Stammkunden",
                                                "Neukunden",
                                                "Vielversprechend",
                                                "Mit Handlungsbedarf",
                                                "Kurz vor dem Einschlafen",
                                                "Gefährdet",
                                                "Wertvoll, aber abwandernd",
                                                "Winterschlaf",
                                                "Verloren"};

std::string GermanRuleLabel(const RuleColumnModel& c, size_t level) {
  const std::string& label = c.labels[level];
  switch (c.kind) {
    case RuleColumnModel::Kind::kLevels: return label;  // the data's own text
    case RuleColumnModel::Kind::kBoolean:
      if (label == c.column + ": no") return c.column + ": nein";
      if (label == c.column + ": yes") return c.column + ": ja";
      return label;  // the file's own yes/no words
    case RuleColumnModel::Kind::kValues:
    case RuleColumnModel::Kind::kBands: return c.date ? label : GermanNumbersInText(label);
  }
  return label;
}

}  // namespace

std::string RfmSegmentName(int id, Lang lang) {
  if (id < 0 || static_cast<size_t>(id) >= kRfmEn.size()) return {};
  return lang == Lang::kDe ? kRfmDe[static_cast<size_t>(id)] : kRfmEn[static_cast<size_t>(id)];
}

int RfmDefaultSegmentId(const std::string& name) {
  for (size_t i = 0; i < kRfmEn.size(); ++i)
    if (name == kRfmEn[i] || name == kRfmDe[i] || (*kRfmDeBefore[i] && name == kRfmDeBefore[i])) return static_cast<int>(i);
  return -1;
}

RfmSegmentMap RfmDefaultMap(Lang lang) {
  RfmSegmentMap m = RfmSegmentMap::Default();
  for (size_t i = 0; i < m.names.size(); ++i) {
    const std::string n = RfmSegmentName(static_cast<int>(i), lang);
    if (!n.empty()) m.names[i] = n;
  }
  return m;
}

std::string RulesGroupName(const RulesModel& model, int group, Lang lang) {
  if (group < 0 || static_cast<size_t>(group) >= model.groups.size()) return {};
  const auto& levels = model.groups[static_cast<size_t>(group)];
  std::string name;
  for (size_t c = 0; c < levels.size() && c < model.columns.size(); ++c) {
    if (c) name += " \xC2\xB7 ";  // " · ", as SegmentByRules joins them
    const RuleColumnModel& col = model.columns[c];
    const int l = levels[c];
    if (l < 0 || static_cast<size_t>(l) >= col.labels.size()) {
      name += lang == Lang::kDe ? "(keine Angabe)" : "(missing)";
      continue;
    }
    name += lang == Lang::kDe ? GermanRuleLabel(col, static_cast<size_t>(l)) : col.labels[static_cast<size_t>(l)];
  }
  return name;
}

void LocalizeResult(SegmentResult& r, Lang lang) {
  std::vector<std::string> before;
  bool any_profile = false;
  for (const auto& s : r.segments) {
    before.push_back(s.name);
    any_profile |= s.name_source == NameSource::kProfile;
  }
  // Profile names are unique across the whole result, so they are made together, as when the
  // result was built; the other sources then overwrite theirs.
  if (any_profile) NameSegments(r.segments, lang);
  for (size_t i = 0; i < r.segments.size(); ++i) {
    SegmentSummary& s = r.segments[i];
    std::string name;
    switch (s.name_source) {
      case NameSource::kProfile: continue;
      case NameSource::kRfm: name = RfmSegmentName(s.name_ref, lang); break;
      case NameSource::kRules:
        if (r.rules) name = RulesGroupName(*r.rules, s.name_ref, lang);
        break;
      case NameSource::kGiven: break;
    }
    s.name = name.empty() ? before[i] : name;
  }
  DescribeSegments(r.segments, lang);
  if (r.auto_k) r.auto_k->explanation = ExplainAutoK(*r.auto_k, lang);
  if (r.notes.size() == r.warnings.size())
    for (size_t i = 0; i < r.notes.size(); ++i) r.warnings[i] = NoteText(r.notes[i], lang);
}

}  // namespace seg::analysis
