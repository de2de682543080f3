// seg/analysis/model_edits.hpp — a model that applies the user's segment edits (merges and
// renames), so `segmenter apply`, `segmenter sql`, `segmenter compare` and the studio's model
// download give the segments the user sees, not the ones the algorithm computed.
//
// MODEL.json with edits (only when segments were merged or reordered; a pure rename just changes
// the names in "segments" and stays format version 1):
//   "version": 2,
//   "segments": [...computed segments, unchanged...],
//   "edits": {"label_map": [1, 2, 1, 3, 4],      // computed segment i+1 -> shown segment
//             "segments": [{"id": 1, "name": "...", "size": 812}, ...]}   // shown segments
//
// Contract: nothing here throws; bad input is an Error saying what is wrong.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/analysis/edits.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/result.hpp"

namespace seg::analysis {

// Reads the "edits" block of a model JSON into `m` (label_map, shown names); called by
// ModelFromJson after the computed model was read. Error code model.bad_edits.
Status ReadModelEdits(const nlohmann::json& j, Model& m);

// `model` (as ModelToJson or MethodModelToJson wrote it, without edits) with `edits` applied.
// Shown names: `shown_names[s]` when given for every shown segment (e.g. the names ApplyEdits
// computed), else the user's name, else the computed name of a segment shown alone, else the
// merged segments' names joined by " + ". Errors: the model is invalid or already edited, the
// edits belong to a result with another number of segments, the edits are inconsistent.
Result<nlohmann::json> ModelWithEdits(const nlohmann::json& model, const SegmentEdits& edits,
                                      const std::vector<std::string>& shown_names = {});
// The same on text, pretty-printed as the exports are (2 spaces, trailing newline).
Result<std::string> ModelJsonWithEdits(std::string_view model_json, const SegmentEdits& edits,
                                       const std::vector<std::string>& shown_names = {});

}  // namespace seg::analysis
