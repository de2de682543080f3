// Rule-based and RFM segmentation for `segmenter segment --method rules|rfm`.
#pragma once

#include <optional>
#include <string>

#include "cli_common.hpp"
#include "seg/analysis/rules.hpp"
#include "seg/common/lang.hpp"

namespace seg::cli {

int RunRulesSegment(const Args& args, const std::string& out_path);
int RunRfmSegment(const Args& args, const std::string& out_path);
// --by COL[:size|:qN|:cuts=a|b],... -> rule columns. Errors with code "cli.usage" are usage errors.
Result<std::vector<analysis::RuleColumn>> ParseRuleColumns(const std::string& by);
// --lang en|de of `segment` (English when absent); nullopt for any other value.
std::optional<Lang> SegmentLang(const Args& args);

}  // namespace seg::cli
