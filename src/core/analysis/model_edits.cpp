// Segment edits inside a model (seg/analysis/model_edits.hpp).
#include "seg/analysis/model_edits.hpp"

#include <algorithm>
#include <set>

namespace seg::analysis {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxNameBytes = 1000;

Error BadEdits(const std::string& what) {
  return MakeError("model.bad_edits", "This model's segment edits are damaged: " + what + ".",
                   "Export the model again from Segmenter; hand-edited models must keep every field.");
}

bool IsIdentity(const SegmentEdits& e) {
  if (e.merged()) return false;
  for (size_t g = 0; g < e.group.size(); ++g)
    if (e.group[g] != static_cast<int>(g)) return false;
  return true;
}

}  // namespace

Status ReadModelEdits(const json& j, Model& m) {
  auto e = j.find("edits");
  if (e == j.end() || !e->is_object()) return BadEdits("\"edits\" must be an object");
  auto map = e->find("label_map");
  auto segs = e->find("segments");
  if (map == e->end() || !map->is_array() || map->size() != static_cast<size_t>(m.k))
    return BadEdits("\"edits.label_map\" must hold one shown segment for each of the k = " + std::to_string(m.k) + " segments");
  if (segs == e->end() || !segs->is_array() || segs->empty() || segs->size() > static_cast<size_t>(m.k))
    return BadEdits("\"edits.segments\" must list 1 to " + std::to_string(m.k) + " shown segments");
  const size_t shown = segs->size();
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const json& s : *segs) {
    auto name = s.is_object() ? s.find("name") : s.end();
    if (!s.is_object() || name == s.end() || !name->is_string() || name->get_ref<const std::string&>().empty() ||
        name->get_ref<const std::string&>().size() > kMaxNameBytes)
      return BadEdits("every shown segment needs a name (at most 1000 bytes)");
    if (!seen.insert(name->get<std::string>()).second) return BadEdits("two shown segments are called \"" + name->get<std::string>() + "\"");
    names.push_back(name->get<std::string>());
  }
  std::vector<int> label_map;
  std::vector<bool> used(shown, false);
  for (const json& x : *map) {
    // is_number_integer() also holds for unsigned values; read both without wrapping.
    const bool in_range = x.is_number_unsigned() ? x.get<uint64_t>() >= 1 && x.get<uint64_t>() <= shown
                          : x.is_number_integer() ? x.get<long long>() >= 1 && x.get<long long>() <= static_cast<long long>(shown)
                                                  : false;
    if (!in_range) return BadEdits("\"edits.label_map\" must hold shown segment numbers from 1 to " + std::to_string(shown));
    const int s = static_cast<int>(x.get<long long>()) - 1;
    used[static_cast<size_t>(s)] = true;
    label_map.push_back(s);
  }
  for (size_t s = 0; s < shown; ++s)
    if (!used[s]) return BadEdits("shown segment " + std::to_string(s + 1) + " holds no computed segment");
  m.label_map = std::move(label_map);
  m.names = std::move(names);
  return Ok{};
}

Result<json> ModelWithEdits(const json& model, const SegmentEdits& edits, const std::vector<std::string>& shown_names) {
  auto parsed = ModelFromJson(model);
  if (!parsed.ok()) return parsed.error();
  const Model& m = parsed.value();
  if (!m.label_map.empty())
    return MakeError("model.already_edited", "This model already holds segment edits.",
                     "Start from the model as computed (ModelToJson of the original result).");
  if (static_cast<int>(edits.group.size()) != m.k)
    return MakeError("model.edits_mismatch",
                     "The segment edits were made for " + std::to_string(edits.group.size()) + " segments, but the model has " +
                         std::to_string(m.k) + ".",
                     "Save the model of the result the edits were made on.");
  const int shown = edits.shown();
  std::vector<std::vector<int>> members(static_cast<size_t>(std::max(0, shown)));
  for (size_t g = 0; g < edits.group.size(); ++g) {
    const int s = edits.group[g];
    if (s < 0 || s >= shown) return MakeError("model.edits_mismatch", "The segment edits are inconsistent (segment " + std::to_string(g + 1) + ").");
    members[static_cast<size_t>(s)].push_back(static_cast<int>(g));
  }
  std::vector<std::string> names(static_cast<size_t>(shown));
  for (int s = 0; s < shown; ++s) {
    const auto& mem = members[static_cast<size_t>(s)];
    if (mem.empty()) return MakeError("model.edits_mismatch", "The segment edits leave shown segment " + std::to_string(s + 1) + " empty.");
    std::string& name = names[static_cast<size_t>(s)];
    if (shown_names.size() == static_cast<size_t>(shown)) name = shown_names[static_cast<size_t>(s)];
    if (name.empty()) name = edits.names[static_cast<size_t>(s)];
    if (name.empty()) {
      for (size_t i = 0; i < mem.size(); ++i) name += (i ? " + " : "") + m.names[static_cast<size_t>(mem[i])];
    }
  }
  std::set<std::string> seen;
  for (int s = 0; s < shown; ++s)  // names must stay unique, as RenameSegment keeps them
    if (!seen.insert(names[static_cast<size_t>(s)]).second) names[static_cast<size_t>(s)] += " (" + std::to_string(s + 1) + ")";

  json out = model;
  auto segs = out.find("segments");
  if (IsIdentity(edits)) {  // a rename only: format version 1, readable by every Segmenter
    if (segs != out.end() && segs->is_array())
      for (size_t g = 0; g < segs->size() && g < names.size(); ++g)
        if ((*segs)[g].is_object()) (*segs)[g]["name"] = names[g];
    return out;
  }
  json label_map = json::array();
  for (int s : edits.group) label_map.push_back(s + 1);
  json shown_segments = json::array();
  for (int s = 0; s < shown; ++s) {
    uint64_t size = 0;
    bool sized = segs != out.end() && segs->is_array();
    for (int g : members[static_cast<size_t>(s)]) {
      const json* sj = sized && static_cast<size_t>(g) < segs->size() && (*segs)[static_cast<size_t>(g)].is_object() &&
                               (*segs)[static_cast<size_t>(g)].contains("size")
                           ? &(*segs)[static_cast<size_t>(g)]["size"]
                           : nullptr;
      if (sj && sj->is_number_unsigned()) size += sj->get<uint64_t>();
      else sized = false;
    }
    json entry = {{"id", s + 1}, {"name", names[static_cast<size_t>(s)]}};
    if (sized) entry["size"] = size;
    shown_segments.push_back(entry);
  }
  out["version"] = kModelEditsFormatVersion;
  out["edits"] = {{"label_map", label_map}, {"segments", shown_segments}};
  return out;
}

Result<std::string> ModelJsonWithEdits(std::string_view model_json, const SegmentEdits& edits, const std::vector<std::string>& shown_names) {
  json j = json::parse(model_json.begin(), model_json.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return MakeError("model.not_json", "The model is not valid JSON.");
  auto out = ModelWithEdits(j, edits, shown_names);
  if (!out.ok()) return out.error();
  return out->dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace seg::analysis
