// segmenter compare MODEL.json OLD.csv NEW.csv --id COL --out MOVES.csv [--report COMPARE.json]
//   [--kpi revenue=col,...] [import options]
// segmenter export-crm SEGMENTED.csv --preset hubspot|salesforce|mailing [--id COL] [--email COL]
//   [--segment-column segment_name] [--split] --out OUT(.csv | directory with --split)
#include <filesystem>
#include <iostream>

#include "cli_common.hpp"
#include "commands.hpp"
#include "seg/analysis/compare.hpp"
#include "seg/io/crm_export.hpp"
#include "seg/io/csv_writer.hpp"

namespace seg::cli {
namespace {

Status WriteJson(const std::string& path, const nlohmann::json& j) {
  return WriteFileBytes(path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::string RowList(const std::vector<int64_t>& rows, size_t total) {
  std::string out;
  for (size_t i = 0; i < rows.size() && i < 10; ++i) out += (i ? ", " : "") + std::to_string(rows[i]);
  if (total > std::min<size_t>(rows.size(), 10)) out += ", ...";
  return out;
}

void ReportSnapshot(const char* which, const analysis::SnapshotReport& s) {
  if (!s.missing_id_rows.empty())
    std::cerr << "note: " << which << " file: rows without an id: " << s.missing_id_rows.size() << " (data rows "
              << RowList(s.missing_id_rows, s.missing_id_rows.size()) << "), not matched\n";
  if (!s.duplicates.empty()) {
    std::cerr << "note: " << which << " file: ids on more than one row: " << s.duplicates.size()
              << "; the first row of each is compared, e.g. \"" << s.duplicates[0].id
              << "\" on data rows " << RowList(s.duplicates[0].rows, s.duplicates[0].rows.size()) << "\n";
  }
}

}  // namespace

int RunCompare(const std::vector<std::string>& argv) {
  std::set<std::string> values = kImportValueFlags;
  values.insert({"--id", "--out", "--report", "--kpi"});
  std::set<std::string> bools = kImportBoolFlags;
  bools.insert("--no-formula-guard");
  auto args = Args::Parse(argv, values, bools);
  if (!args.ok()) return Fail(args.error());
  if (args->positionals().size() != 3) return Usage("compare expects MODEL.json, OLD.csv and NEW.csv");
  auto id = args->Get("--id");
  if (!id || id->empty()) return Usage("compare needs --id COLUMN (the customer id in both files)");
  auto out_path = args->Get("--out");
  auto report_path = args->Get("--report");
  if (!out_path && !report_path) return Usage("compare needs --out MOVES.csv and/or --report COMPARE.json");
  analysis::CompareParams params;
  params.id_column = *id;
  if (auto v = args->Get("--kpi")) {
    auto kpis = ParseKpiMappings(*v);
    if (!kpis.ok()) return Usage(kpis.error().message);
    params.kpis = std::move(kpis.value());
  }

  const auto& pos = args->positionals();
  auto model_text = ReadFileBytes(pos[0]);
  if (!model_text.ok()) return Fail(model_text.error());
  auto model = analysis::ParseModel(model_text.value());
  if (!model.ok()) return Fail(model.error());
  auto old_data = LoadCsv(pos[1], args.value());
  if (!old_data.ok()) return Fail(old_data.error());
  auto new_data = LoadCsv(pos[2], args.value());
  if (!new_data.ok()) return Fail(new_data.error());
  auto result = analysis::CompareSnapshots(model.value(), old_data.value(), new_data.value(), params);
  if (!result.ok()) return Fail(result.error());
  const analysis::CompareResult& r = result.value();

  if (out_path) {
    std::string csv = io::WriteCsv(analysis::MovesHeader(), analysis::MovesRows(r), ',', "\n", !args->Has("--no-formula-guard"));
    if (auto st = WriteFileBytes(*out_path, csv); !st.ok()) return Fail(st.error());
  }
  if (report_path) {
    nlohmann::json report = analysis::CompareToJson(r);
    report["input"] = {{"model", pos[0]},
                       {"old", {{"file", pos[1]}, {"rejected_rows", old_data->report.rejected_total}}},
                       {"new", {{"file", pos[2]}, {"rejected_rows", new_data->report.rejected_total}}}};
    if (auto st = WriteJson(*report_path, report); !st.ok()) return Fail(st.error());
  }
  std::cerr << "Compared " << r.old_snapshot.customers << " old and " << r.new_snapshot.customers << " new customers: "
            << r.stayed << " stayed, " << r.moved << " moved, " << r.churned << " churned, " << r.new_customers << " new\n";
  ReportSnapshot("old", r.old_snapshot);
  ReportSnapshot("new", r.new_snapshot);
  return 0;
}

int RunExportCrm(const std::vector<std::string>& argv) {
  std::set<std::string> values = kImportValueFlags;
  values.insert({"--preset", "--id", "--email", "--segment-column", "--out"});
  std::set<std::string> bools = kImportBoolFlags;
  bools.insert("--split");
  auto args = Args::Parse(argv, values, bools);
  if (!args.ok()) return Fail(args.error());
  if (args->positionals().size() != 1) return Usage("export-crm expects exactly one SEGMENTED.csv");
  auto preset_name = args->Get("--preset");
  if (!preset_name) return Usage("export-crm needs --preset hubspot|salesforce|mailing");
  auto preset = io::ParseCrmPreset(*preset_name);
  if (!preset) return Usage("--preset must be hubspot, salesforce or mailing (got \"" + *preset_name + "\")");
  auto out_path = args->Get("--out");
  if (!out_path) return Usage("export-crm needs --out OUT");
  io::CrmExportParams params;
  params.preset = *preset;
  params.id_column = args->Get("--id").value_or("");
  params.email_column = args->Get("--email").value_or("");
  params.segment_column = args->Get("--segment-column").value_or("segment_name");
  params.split = args->Has("--split");
  if (params.preset != io::CrmPreset::kMailing && params.id_column.empty())
    return Usage("export-crm --preset " + *preset_name + " needs --id COLUMN");
  if (params.preset == io::CrmPreset::kMailing && params.email_column.empty())
    return Usage("export-crm --preset mailing needs --email COLUMN");
  if (params.split && params.preset != io::CrmPreset::kMailing) return Usage("--split goes with --preset mailing");

  auto data = LoadCsv(args->positionals()[0], args.value());
  if (!data.ok()) return Fail(data.error());
  auto result = io::ExportCrm(data.value(), params);
  if (!result.ok()) return Fail(result.error());
  const io::CrmExportResult& r = result.value();
  if (params.split) {
    std::error_code ec;
    std::filesystem::create_directories(*out_path, ec);
    if (ec) return Fail(MakeError("io.write", "cannot create directory " + *out_path + ": " + ec.message()));
    for (const io::CrmFile& f : r.files) {
      if (auto st = WriteFileBytes((std::filesystem::path(*out_path) / f.name).string(), f.bytes); !st.ok()) return Fail(st.error());
      std::cerr << "  " << f.name << " (" << f.segment << "): " << f.rows << "\n";
    }
  } else if (auto st = WriteFileBytes(*out_path, r.files.front().bytes); !st.ok()) {
    return Fail(st.error());
  }
  std::cerr << "Wrote " << r.rows_written << " rows for " << *preset_name << " -> " << *out_path << "\n";
  auto note = [&](const io::SkippedRows& s, const char* what) {
    if (s.count) std::cerr << "note: left out, " << what << ": " << s.count << " (data rows " << RowList(s.rows, s.count) << ")\n";
  };
  note(r.missing_id, "rows without an id");
  note(r.missing_email, "rows without an e-mail address");
  note(r.invalid_email, "rows with an invalid e-mail address");
  note(r.missing_segment, "rows without a segment");
  for (const auto& w : r.warnings) std::cerr << "note: " << w << "\n";
  return 0;
}

}  // namespace seg::cli
