// Rule-based and RFM segmentation for `segmenter segment --method rules|rfm`.
#pragma once

#include <string>

#include "cli_common.hpp"

namespace seg::cli {

int RunRulesSegment(const Args& args, const std::string& out_path);
int RunRfmSegment(const Args& args, const std::string& out_path);

}  // namespace seg::cli
