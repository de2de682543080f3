// Subcommands of `segmenter`; each takes the arguments after its name and returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace seg::cli {

int RunInspect(const std::vector<std::string>& args);
int RunSegment(const std::vector<std::string>& args);
int RunDemo(const std::vector<std::string>& args);
int RunApply(const std::vector<std::string>& args);

}  // namespace seg::cli
