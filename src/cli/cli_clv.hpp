// Predicted customer value in the CLI: `segment --method clv` and `apply` of a "clv" MODEL.json.
#pragma once

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.hpp"

namespace seg::cli {

// Flags `segment --method clv` adds to `segment`'s own (value flags).
inline const std::set<std::string> kClvValueFlags = {"--time-unit", "--horizon", "--discount-rate", "--margin",
                                                     "--observed-until", "--calibration-end"};
int RunClvSegment(const Args& args, const std::string& out_path);
// `apply` of a model whose "method" is "clv" (the CLI checked that); d is the later export.
int RunClvApply(const Args& args, const nlohmann::json& model_json, const io::Dataset& d, const std::string& out_path);

}  // namespace seg::cli
