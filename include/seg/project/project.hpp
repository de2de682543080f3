// seg/project/project.hpp — the project file: everything needed to reopen a segmentation as it was
// left (import overrides, method and parameters, the user's segment edits and colours), and the
// customer file itself only when the user asks for it.
//
//   {"format": "segmenter-project", "version": 1, "app_version", "created",
//    "source": {"file_name", "size", "sha256"},            // which file the settings belong to
//    "import": {"encoding"?, "delimiter"?, "decimal"?, "header"?, "missing", "bad_rows"},
//    "segmentation": {"method", "k", "auto_k", "k_min", "k_max", "min_share", "seed", "features",
//                     "categorical", "gamma", "covariance", "n_init", "max_iter", "mini_batch",
//                     "prep": {...}, "kpis", "rules", "rfm"},
//    "studio": {"sql_dialect", "personal_export"},
//    "edits": {"group", "names", "colors"},                 // group: 1-based shown segment per computed one
//    "data"?: {"encoding": "base64", "bytes"}}              // only with the user's consent
//
// Import settings hold only what the user set (an absent key stays automatic). Segment ids are
// 1-based in the file, 0-based in memory, as everywhere else.
//
// Contract: ParseProject treats its input as hostile (a hand-edited or damaged file, a model
// picked by mistake, a file from a newer Segmenter) and answers with an Error that says what is
// wrong and what to do; it never throws and never aborts. parse(ToJson(p)) == p for every p that
// ParseProject accepted (fuzzed in tests/fuzz/fuzz_project.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seg/analysis/edits.hpp"
#include "seg/analysis/rules.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/analysis/sql.hpp"
#include "seg/common/result.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/privacy/minimise.hpp"

namespace seg::project {

inline constexpr int kProjectFormatVersion = 1;
// Largest customer file a project embeds (the Base64 text is 4/3 of it).
inline constexpr uint64_t kMaxEmbeddedBytes = 200ull * 1000 * 1000;

// Same order as the studio's method choice.
enum class ProjectMethod { kKMeans, kGmm, kMixed, kRules, kRfm };
std::string_view ProjectMethodName(ProjectMethod m);  // "kmeans", "gmm", "mixed", "rules", "rfm"

// What an export does with detected personal columns (studio order: keep, leave out, mask).
using privacy::PersonalExport;  // one identity for the export choice (privacy/minimise.hpp)

struct ProjectSource {
  std::string file_name;  // as the user picked it (no directories needed)
  uint64_t size = 0;      // bytes of the original file
  std::string sha256;     // 64 lowercase hex digits of the original bytes; "" = not recorded
};

// RFM columns: customer table (recency or last-purchase date, frequency, monetary) or
// transactions (customer, date, amount or quantity x price, invoice). "" = not chosen.
struct ProjectRfm {
  std::string recency, frequency, monetary;
  std::string customer, date, amount, quantity, price, invoice;
  std::string as_of;  // yyyy-mm-dd, "" = the day after the last transaction
};

struct Project {
  std::string app_version;  // e.g. "0.1.0" or "Segmenter studio 0.1.0"
  std::string created;      // ISO date/time given by the caller (the core has no clock)
  ProjectSource source;
  // Import overrides: only what the user set (encoding/delimiter/decimal/header nullopt = auto).
  // max_bytes is not saved.
  io::ReadOptions import;
  ProjectMethod method = ProjectMethod::kKMeans;
  // Parameters of kmeans, gmm and mixed; params.method mirrors `method` for those three (kKMeans
  // for rules and rfm). k, seed, auto_k etc. are kept for every method, so switching back in the
  // studio restores them.
  analysis::SegmentParams params;
  std::vector<analysis::RuleColumn> rules;  // method rules: 0..3 columns by name with banding
  ProjectRfm rfm;
  analysis::SqlDialect sql_dialect = analysis::SqlDialect::kPostgres;
  PersonalExport personal_export = PersonalExport::kKeep;
  // The user's segment edits (empty group = none). Valid for a result with group.size() segments.
  analysis::SegmentEdits edits;
  // Per shown segment: "#rrggbb" or "" for the default colour (empty vector = all default).
  std::vector<std::string> colors;
  // The original file bytes, only when the user asked to include the data (EmbedData).
  std::optional<std::string> data;
};

bool operator==(const Project& a, const Project& b);

// Name, size and SHA-256 of the original bytes (before any decoding).
ProjectSource DescribeSource(std::string file_name, std::string_view bytes);
// Embeds `bytes` (and records its size and hash in `project.source`). Refuses files larger than
// kMaxEmbeddedBytes with a message; the project is unchanged then.
Status EmbedData(Project& project, std::string bytes, uint64_t max_bytes = kMaxEmbeddedBytes);
// Whether `bytes` is the file the project was made with (size and SHA-256). An error names the
// expected file and size; a project without a recorded hash accepts any file.
Status CheckSource(const Project& project, std::string_view bytes);

// Pretty-printed JSON (2 spaces). The data, if any, is written as Base64 without building a
// second copy inside a JSON value.
std::string ProjectToJson(const Project& project);
// Parses and validates a project file (see the contract above). Error codes: project.not_json,
// project.is_model, project.not_project, project.future_version, project.invalid,
// project.bad_data, project.data_too_large, project.data_mismatch.
// Embedded data larger than `max_data_bytes` is refused before decoding.
Result<Project> ParseProject(std::string_view text, uint64_t max_data_bytes = kMaxEmbeddedBytes);

}  // namespace seg::project
