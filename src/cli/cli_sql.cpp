// segmenter sql MODEL.json --dialect postgres|sqlite|duckdb|bigquery|spark --table TABLE [--id COL]
//                          [--out FILE.sql] [--rules] [--lang en|de]
// Writes the model as one SQL query (seg/analysis/sql.hpp); stdout without --out. --rules writes
// the explanation saved with `segment --explain --model` as one CASE WHEN query (sql_rules.hpp).
// The id column defaults to the model's own (the training file's identifier); an older model that
// does not name one falls back to customer_id with a warning.
#include <iostream>

#include "cli_common.hpp"
#include "cli_methods.hpp"
#include "commands.hpp"
#include "seg/analysis/explain.hpp"
#include "seg/analysis/sql.hpp"
#include "seg/analysis/sql_dialect.hpp"
#include "seg/analysis/sql_rules.hpp"

namespace seg::cli {

int RunSql(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {"--dialect", "--table", "--id", "--out", "--lang"}, {"--rules"});
  if (!args.ok()) return Fail(args.error());
  const auto lang = SegmentLang(args.value());
  if (!lang) return Usage("--lang must be en or de (got \"" + args->Get("--lang").value_or("") + "\")");
  if (args->positionals().size() != 1) return Usage("sql expects exactly one MODEL.json");
  analysis::SqlOptions options;
  const std::string dialect = args->Get("--dialect").value_or("");
  auto parsed = analysis::ParseSqlDialect(dialect);
  if (!parsed) return Usage("sql needs --dialect postgres, sqlite, duckdb, bigquery or spark" +
                            (dialect.empty() ? std::string() : " (got \"" + dialect + "\")"));
  options.dialect = *parsed;
  auto table = args->Get("--table");
  if (!table || table->empty()) return Usage("sql needs --table TABLE (the warehouse table to segment)");
  options.table = *table;
  if (auto id = args->Get("--id")) options.id_column = *id;
  auto text = ReadFileBytes(args->positionals()[0]);
  if (!text.ok()) return Fail(text.error());
  auto model = analysis::ParseModel(text.value());
  if (!model.ok()) return Fail(model.error());
  if (options.id_column.empty() && model->id_column.empty()) {
    std::cerr << (*lang == Lang::kDe
                      ? "Warnung: Das Modell nennt keine Kennungsspalte (gespeichert von einer älteren Version oder aus einer Datei "
                        "ohne Kennung); die Abfrage liest \""
                      : "warning: the model does not name an identifier column (saved by an older version, or trained on a file "
                        "without one); the query reads \"")
              << analysis::kSqlFallbackIdColumn
              << (*lang == Lang::kDe ? "\". Geben Sie die Spalte mit --id SPALTE an.\n" : "\". Name the column with --id COL.\n");
  }
  options.id_column = analysis::SqlIdColumn(model.value(), options);
  const bool rules = args->Has("--rules");
  Result<std::string> sql = MakeError("", "");
  if (rules) {
    auto ex = model->source.is_object() ? model->source.find("explanation") : model->source.end();
    if (!model->source.is_object() || ex == model->source.end())
      return Fail(MakeError("sql.no_rules", "This model holds no rules.",
                            "Save the model with `segmenter segment FILE --explain --model MODEL.json`, then run sql --rules on it."));
    auto parsed_rules = analysis::ExplanationFromJson(*ex);
    if (!parsed_rules.ok()) return Fail(parsed_rules.error());
    std::vector<std::string> names = model->names;
    if (!model->label_map.empty()) names.clear();  // merged segments: the rules name computed segments
    sql = analysis::RulesToSql(parsed_rules.value(), names, options);
  } else {
    sql = analysis::ModelToSql(model.value(), options);
  }
  if (!sql.ok()) return Fail(sql.error());
  if (auto out = args->Get("--out")) {
    if (auto st = WriteFileBytes(*out, sql.value()); !st.ok()) return Fail(st.error());
    std::cerr << "Wrote the " << model->k << "-segment " << model->method << (rules ? " model's rules as " : " model as ")
              << analysis::SqlDialectName(options.dialect) << " SQL -> " << *out << "\n";
  } else {
    std::cout << sql.value();
  }
  return 0;
}

}  // namespace seg::cli
