// Project files on the command line (seg/project/project.hpp):
//   segmenter project show P.json [--json]
//   segmenter segment FILE --project P.json ...      the project's settings; explicit flags win
//   segmenter segment FILE ... --save-project P.json [--include-data]
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli_common.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/project/project.hpp"

namespace seg::cli {

int RunProject(const std::vector<std::string>& args);

// Reads and parses a project file; errors carry the file name.
Result<project::Project> LoadProject(const std::string& path);

// `--flag=value` arguments that reproduce the project's settings on `segment`, leaving out every
// setting the user gave explicitly in `given` (related flags count as one: --k/--k-min/--k-max,
// --header/--no-header, --drop-personal/--mask-personal). Privacy flags only for kmeans, gmm and
// mixed (rules and rfm refuse them). Known limit: list values are comma-separated, so a column
// name containing a comma cannot come from a project.
std::vector<std::string> ProjectFlags(const project::Project& project, const Args& given);

// What `segment --save-project` writes: the run's import options, method and parameters (params:
// the parsed k-means/GMM/mixed parameters; nullptr for rules and rfm), the source file's name,
// size and hash, the edits that were applied, and the file itself with --include-data. Checks
// that the written project reads back.
Status SaveProject(const Args& args, const std::string& path, const std::string& file_name, const std::string& bytes,
                   const analysis::SegmentParams* params, const analysis::SegmentEdits* edits,
                   const std::vector<std::string>* colors);

}  // namespace seg::cli
