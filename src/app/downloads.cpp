// src/app/downloads.cpp — every download: the segmented CSV and the selection (one core verb, the personal-column
// choice honoured), report, summary, model, processing record, SQL, PNG, project, comparisons.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::DownloadMoves() {
  if (!comparison) return;
  const std::string out_name = BaseName(compare_name) + "-moves.csv";
  platform::Download(out_name, "text/csv;charset=utf-8",
                     io::WriteCsv(analysis::MovesHeader(), analysis::MovesRows(*comparison), ',', "\r\n"));
  platform::SetStatus(Printf(Tr("Saved %s: every customer of both files with the old and the new segment."), out_name.c_str()));
}

void App::State::DownloadComparison() {
  if (!comparison) return;
  const std::string out_name = BaseName(compare_name) + "-compare.json";
  platform::Download(out_name, "application/json",
                     analysis::CompareToJson(*comparison).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  platform::SetStatus(Printf(Tr("Saved %s (matrix, growth, KPI changes)."), out_name.c_str()));
}

bool App::State::NeedResult() {
  if (data && result) return true;
  platform::SetStatus(Tr("Nothing to download yet: load a file and segment it first."));
  return false;
}

void App::State::DownloadSegmentedCsv() {
  if (!NeedResult()) return;
  auto csv = analysis::WriteSegmentedCsv(*data, *result, RowExportOptions(nullptr));
  if (!csv.ok()) return platform::SetStatus(csv.error().ToString());
  const std::string out_name = BaseName(file_name) + "-segmented.csv";
  platform::Download(out_name, "text/csv;charset=utf-8", csv.value());
  platform::SetStatus(Printf(Tr("Saved %s: %s rows with their segment, written in this browser."), out_name.c_str(),
                             FormatCount(data->table.rows).c_str()));
}

analysis::SegmentedCsvOptions App::State::RowExportOptions(const std::vector<uint8_t>* rows) const {
  analysis::SegmentedCsvOptions o;
  o.personal = &personal;
  o.personal_export = PersonalChoice();
  o.rows = rows;
  return o;
}

void App::State::DownloadReport() {
  if (!NeedResult()) return;
  nlohmann::json report = analysis::ReportToJson(*result);
  report["input"] = {{"file", file_name}, {"rows", data->table.rows}, {"rejected_rows", data->report.rejected_total}};
  const std::string out_name = BaseName(file_name) + "-segments.json";
  platform::Download(out_name, "application/json",
                     report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  platform::SetStatus(Printf(Tr("Saved %s (segment sizes, profiles and KPIs)."), out_name.c_str()));
}

void App::State::DownloadSummaryCsv() {
  if (!NeedResult()) return;
  analysis::SummaryCsvOptions o;
  o.delimiter = data->delimiter.value == ';' || data->delimiter.value == '\t' ? data->delimiter.value : ',';
  o.decimal = data->decimal.value == ',' && o.delimiter != ',' ? ',' : '.';
  o.utf8_bom = true;
  const std::string out_name = BaseName(file_name) + "-segment-summary.csv";
  platform::Download(out_name, "text/csv;charset=utf-8", analysis::SummaryCsv(*result, o));
  platform::SetStatus(Printf(Tr("Saved %s (one row per segment)."), out_name.c_str()));
}

void App::State::DownloadModel() {
  if (!NeedResult() || !original) return;
  if (original->method == "rules" || original->method == "rfm") {
    platform::SetStatus(Tr("Rules and RFM need no model file: the segmented CSV and the summary hold the result. "
                           "Use `segmenter segment --method rules|rfm` to repeat them on a later export."));
    return;
  }
  if (current.edits.merged()) {
    // The model keeps its computed segments and maps them to the merged ones the user sees, so
    // `segmenter apply` / `sql` / `compare` give the same segments as this view.
    std::vector<std::string> shown;
    for (const auto& seg : result->segments) shown.push_back(seg.name);
    auto edited = analysis::ModelWithEdits(analysis::ModelToJson(*original), current.edits, shown);
    if (!edited.ok()) return platform::SetStatus(Tr("Could not save the model: ") + edited.error().ToString());
    const std::string out_name = BaseName(file_name) + "-model.json";
    platform::Download(out_name, "application/json", edited.value().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    platform::SetStatus(Printf(Tr("Saved %s with your merged segments. Apply it to next month's export with: segmenter apply %s FILE.csv"),
                               out_name.c_str(), out_name.c_str()));
    return;
  }
  analysis::SegmentResult named = *original;
  for (size_t s = 0; s < named.segments.size() && s < result->segments.size(); ++s)
    named.segments[s].name = result->segments[s].name;
  const std::string out_name = BaseName(file_name) + "-model.json";
  platform::Download(out_name, "application/json",
                     analysis::ModelToJson(named).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  platform::SetStatus(Printf(Tr("Saved %s. Apply it to next month's export with: segmenter apply %s FILE.csv"),
                             out_name.c_str(), out_name.c_str()));
}

void App::State::DownloadRecord() {
  if (!NeedResult()) return;
  auto plan = privacy::PlanMinimisation(data->table, personal, privacy::MinimiseParamsFor(PersonalChoice()));
  if (!plan.ok()) return platform::SetStatus(plan.error().ToString());
  privacy::ProcessingRecord rec;
  rec.file_name = file_name;
  rec.date = platform::TodayIso();
  rec.rows = data->table.rows;
  rec.columns = data->table.columns.size();
  rec.rejected_rows = data->report.rejected_total;
  rec.features = original->feature_names;
  rec.plan = std::move(plan.value());
  rec.method = original->method;
  rec.parameters = {{"seed", std::to_string(seed)}};
  if (original->auto_k) rec.parameters.push_back({"k", "automatic, " + std::to_string(k_min) + ".." + std::to_string(k_max)});
  rec.k = result->k;
  rec.software_version = "Segmenter studio (browser, WebAssembly)";
  rec.output_file = BaseName(file_name) + "-segmented.csv";
  const privacy::Lang lang = CurrentLanguage() == Language::kGerman ? privacy::Lang::kDe : privacy::Lang::kEn;
  const std::string out_name = BaseName(file_name) + (lang == privacy::Lang::kDe ? "-verarbeitungsnachweis.html" : "-processing-record.html");
  platform::Download(out_name, "text/html;charset=utf-8", privacy::WriteProcessingRecord(rec, lang, privacy::RecordFormat::kHtml));
  platform::SetStatus(Printf(Tr("Saved %s: what was processed and how, without any data values."), out_name.c_str()));
}

void App::State::DownloadSql() {
  if (!NeedResult() || !original) return;
  if (analysis::ResultMethod(*original) != analysis::Method::kKMeans || current.edits.merged()) {
    platform::SetStatus(Tr("SQL export covers k-means models (not merged). For rules and RFM use `segmenter segment "
                           "--model` and `segmenter sql` on the command line."));
    return;
  }
  analysis::SegmentResult named = *original;
  for (size_t s = 0; s < named.segments.size() && s < result->segments.size(); ++s)
    named.segments[s].name = result->segments[s].name;
  auto model = analysis::ModelFromJson(analysis::ModelToJson(named));
  if (!model.ok()) return platform::SetStatus(Tr("Could not build the SQL query: ") + model.error().ToString());
  analysis::SqlOptions o;
  o.dialect = static_cast<analysis::SqlDialect>(sql_dialect);
  // The table is named after the file (letters, digits, _); the id is the first identifier column.
  for (char c : BaseName(file_name)) o.table += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (o.table.empty() || std::isdigit(static_cast<unsigned char>(o.table[0]))) o.table = "customers";
  for (const auto& col : data->table.columns)
    if (col.type == io::ColumnType::kIdentifier) {
      o.id_column = col.name;
      break;
    }
  auto sql = analysis::ModelToSql(model.value(), o);
  if (!sql.ok()) return platform::SetStatus(Tr("Could not build the SQL query: ") + sql.error().ToString());
  const std::string dialect(analysis::SqlDialectName(o.dialect));
  const std::string out_name = BaseName(file_name) + "-segments-" + dialect + ".sql";
  platform::Download(out_name, "application/sql", sql.value());
  platform::SetStatus(Printf(Tr("Saved %s: one %s query that assigns every row of table %s to its segment."),
                             out_name.c_str(), dialect.c_str(), o.table.c_str()));
}

void App::State::DownloadPng() {
  if (!data) return;
  const std::string out_name = BaseName(file_name) + "-view.png";
  platform::CapturePng(out_name);
  platform::SetStatus(Printf(Tr("Saved %s (the current view)."), out_name.c_str()));
}

void App::State::DownloadRejected(const io::Dataset& d, const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  size_t listed = 0;
  for (size_t r = 0; r < d.records.size(); ++r) {
    if (!d.record_rejected[r]) continue;
    const io::RecordSpan& span = d.records[r];
    std::string reason;
    std::string line;  // known for the first 100 (the import report); the byte offset is always there
    if (listed < d.report.rejected.size()) {
      reason = d.report.rejected[listed].reason;
      line = std::to_string(d.report.rejected[listed].line);
    } else {
      reason = std::to_string(d.RecordFields(r).size()) + " fields, expected " + std::to_string(d.table.columns.size());
    }
    ++listed;
    rows.push_back({line, std::to_string(span.begin), reason, d.text.substr(span.begin, span.length)});
  }
  platform::Download(BaseName(name) + "-unreadable-rows.csv", "text/csv;charset=utf-8",
                     io::WriteCsv({"line", "byte_offset", "reason", "record"}, rows));
}

void App::State::DownloadSelection() {
  if (!NeedResult() || scatter.selected_count() == 0) return;
  auto csv = analysis::WriteSegmentedCsv(*data, *result, RowExportOptions(&scatter.selection()));
  if (!csv.ok()) return platform::SetStatus(csv.error().ToString());
  const std::string out_name = BaseName(file_name) + "-selection.csv";
  platform::Download(out_name, "text/csv;charset=utf-8", csv.value());
  platform::SetStatus(Printf(Tr("Saved %s: the %s selected customers."), out_name.c_str(), FormatCount(scatter.selected_count()).c_str()));
}

void App::State::DownloadProject() {
  if (!data) return;
  project::Project pr;
  pr.app_version = "Segmenter studio " SEG_APP_VERSION;
  pr.created = platform::TodayIso();
  const std::string original_bytes = OriginalBytes(*data);
  pr.source = project::DescribeSource(file_name, original_bytes);
  pr.import = read_options;
  pr.import.bad_rows = bad_rows_mode == 2 ? io::BadRowPolicy::kStop : io::BadRowPolicy::kSkip;
  pr.method = static_cast<project::ProjectMethod>(std::clamp(method, 0, 4));
  pr.params = CurrentParams();
  const io::Table& t = data->table;
  pr.rules = CurrentRuleColumns();
  if (rfm_columns[0] >= 0) pr.rfm.recency = t.columns[static_cast<size_t>(rfm_columns[0])].name;
  if (rfm_columns[1] >= 0) pr.rfm.frequency = t.columns[static_cast<size_t>(rfm_columns[1])].name;
  if (rfm_columns[2] >= 0) pr.rfm.monetary = t.columns[static_cast<size_t>(rfm_columns[2])].name;
  pr.sql_dialect = static_cast<analysis::SqlDialect>(sql_dialect);
  pr.personal_export = PersonalChoice();
  if (original) {
    pr.edits = current.edits;
    for (int c : current.colors) pr.colors.push_back(HexColor(kPalette[((c % kMaxK) + kMaxK) % kMaxK]));
  }
  if (project_include_data) {
    const Status embedded = project::EmbedData(pr, original_bytes);
    if (!embedded.ok()) return platform::SetStatus(embedded.error().ToString());
  }
  const std::string out_name = BaseName(file_name) + ".segmenter.json";
  platform::Download(out_name, "application/json", project::ProjectToJson(pr));
  platform::SetStatus(project_include_data
                          ? Printf(Tr("Saved %s: settings, segment names and the customer file itself. Keep it as safe as the data."), out_name.c_str())
                          : Printf(Tr("Saved %s: settings and segment names, no customer data. Open it, then the same CSV, to continue."), out_name.c_str()));
}

}  // namespace seg::app
