// Subcommands of `segmenter`; each takes the arguments after its name and returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace seg::cli {

inline constexpr const char* kSegmenterVersion = "0.1.0";  // `segmenter --version`, processing records

int RunInspect(const std::vector<std::string>& args);
int RunSegment(const std::vector<std::string>& args);
int RunDemo(const std::vector<std::string>& args);
int RunApply(const std::vector<std::string>& args);
int RunSql(const std::vector<std::string>& args);
int RunPrivacy(const std::vector<std::string>& args);
int RunCompare(const std::vector<std::string>& args);
int RunExportCrm(const std::vector<std::string>& args);
int RunProject(const std::vector<std::string>& args);   // cli_project.cpp
int RunCustomers(const std::vector<std::string>& args);  // cli_customers.cpp

}  // namespace seg::cli
