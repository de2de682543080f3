// segmenter segment TXNS.csv --method clv --customer COL --date COL (--amount COL | --quantity COL --price COL)
//   [--invoice COL] [--time-unit day|week] [--horizon N] [--discount-rate R] [--margin M]
//   [--observed-until yyyy-mm-dd] [--calibration-end yyyy-mm-dd] --out OUT.csv --report REPORT.json
//   [--model MODEL.json] [--lang en|de]
// segmenter apply MODEL.json LATER_TXNS.csv --out OUT.csv [--observed-until yyyy-mm-dd]   (a "clv" model)
//
// A thin shell over seg::analysis::RunClv / ApplyClv: flags in, OUT.csv / REPORT.json / MODEL.json out.
#include "cli_clv.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli_methods.hpp"
#include "seg/analysis/clv.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::cli {

namespace {

std::string Cell(double v) {
  if (!std::isfinite(v)) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

Result<int32_t> ParseIsoDay(const std::string& flag, const std::string& text) {
  auto d = io::ParseDate(text, io::kDateIso);
  if (!d) return MakeError("cli.bad_date", flag + " expects a date like 1997-09-30, got \"" + text + "\"");
  return static_cast<int32_t>(std::floor(*d));
}

Status WriteClvOutputs(const analysis::ClvResult& r, const std::string& customer_col, const std::string& out_path,
                       bool neutralise_formulas) {
  const analysis::ClvCustomers& c = r.customers;
  const bool holdout = r.validation.has_value();
  std::vector<std::string> header = {customer_col, "frequency", "recency", "T", "monetary", "p_alive", "expected_purchases",
                                     "expected_value", "clv", "segment", "segment_name"};
  if (holdout) header.insert(header.end(), {"holdout_actual", "holdout_expected"});
  std::vector<std::vector<std::string>> rows;
  rows.reserve(c.size());
  for (size_t i = 0; i < c.size(); ++i) {
    const int s = c.segment[i];
    std::vector<std::string> row = {c.id[i], Cell(c.frequency[i]), Cell(c.recency[i]), Cell(c.T[i]), Cell(c.monetary[i]),
                                    Cell(c.p_alive[i]), Cell(c.expected_purchases[i]), Cell(c.expected_value[i]), Cell(c.clv[i]),
                                    std::to_string(s + 1), r.segments[static_cast<size_t>(s)].name};
    if (holdout) {
      row.push_back(Cell(c.holdout_actual[i]));
      row.push_back(Cell(c.holdout_expected[i]));
    }
    rows.push_back(std::move(row));
  }
  return WriteFileBytes(out_path, io::WriteCsv(header, rows, ',', "\n", neutralise_formulas));
}

std::string Dump(const nlohmann::json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }

}  // namespace

int RunClvSegment(const Args& args, const std::string& out_path) {
  const auto lang = SegmentLang(args);
  if (!lang) return Usage("--lang must be en or de (got \"" + args.Get("--lang").value_or("") + "\")");
  analysis::ClvOptions o;
  o.lang = *lang;
  o.columns.customer = args.Get("--customer").value_or("");
  o.columns.date = args.Get("--date").value_or("");
  o.columns.amount = args.Get("--amount").value_or("");
  o.columns.quantity = args.Get("--quantity").value_or("");
  o.columns.price = args.Get("--price").value_or("");
  o.columns.invoice = args.Get("--invoice").value_or("");
  if (o.columns.customer.empty() || o.columns.date.empty() ||
      (o.columns.amount.empty() && (o.columns.quantity.empty() || o.columns.price.empty())))
    return Usage("--method clv needs --customer COL --date COL and --amount COL (or --quantity COL --price COL)");
  if (!o.columns.amount.empty() && (args.Has("--quantity") || args.Has("--price")))
    return Usage("--method clv takes --amount or --quantity with --price, not both");
  if (!args.Has("--report")) return Usage("--method clv needs --report REPORT.json");
  if (auto u = args.Get("--time-unit")) {
    auto unit = analysis::ParseTimeUnit(*u);
    if (!unit) return Usage("--time-unit must be day or week (got \"" + *u + "\")");
    o.time_unit = *unit;
  }
  for (auto [flag, target] : {std::pair<const char*, double*>{"--horizon", &o.horizon}, {"--discount-rate", &o.discount_rate},
                               {"--margin", &o.margin}}) {
    if (auto text = args.Get(flag)) {
      auto v = ParseFraction(flag, *text, -1e300, 1e300);  // "5%" = 0.05; the core checks the range
      if (!v.ok()) return Fail(v.error());
      *target = v.value();
    }
  }
  for (auto [flag, target] : {std::pair<const char*, std::optional<int32_t>*>{"--observed-until", &o.observed_until_day},
                               {"--calibration-end", &o.calibration_end_day}}) {
    if (auto text = args.Get(flag)) {
      auto day = ParseIsoDay(flag, *text);
      if (!day.ok()) return Fail(day.error());
      *target = day.value();
    }
  }
  auto data = LoadCsv(args.positionals()[0], args);
  if (!data.ok()) return Fail(data.error());
  auto result = analysis::RunClv(data->table, o);
  if (!result.ok()) return Fail(result.error());
  const analysis::ClvResult& r = result.value();
  if (auto st = WriteClvOutputs(r, o.columns.customer, out_path, !args.Has("--no-formula-guard")); !st.ok()) return Fail(st.error());
  if (auto st = WriteFileBytes(*args.Get("--report"), Dump(analysis::ClvReportToJson(r))); !st.ok()) return Fail(st.error());
  if (auto path = args.Get("--model")) {
    if (auto st = WriteFileBytes(*path, Dump(analysis::ClvModelToJson(analysis::ClvModelFromResult(r)))); !st.ok())
      return Fail(st.error());
  }
  for (const std::string& w : r.warnings) std::cerr << (o.lang == Lang::kDe ? "Hinweis: " : "warning: ") << w << "\n";
  std::cerr << (o.lang == Lang::kDe ? "Kundenwert für " : "Predicted value for ") << r.customers.size()
            << (o.lang == Lang::kDe ? " Kunden -> " : " customers -> ") << out_path << "\n";
  return 0;
}

int RunClvApply(const Args& args, const nlohmann::json& model_json, const io::Dataset& d, const std::string& out_path) {
  const auto lang = SegmentLang(args);
  if (!lang) return Usage("--lang must be en or de (got \"" + args.Get("--lang").value_or("") + "\")");
  auto model = analysis::ClvModelFromJson(model_json, *lang);
  if (!model.ok()) return Fail(model.error());
  std::optional<int32_t> observed;
  if (auto o = args.Get("--observed-until")) {
    auto day = ParseIsoDay("--observed-until", *o);
    if (!day.ok()) return Fail(day.error());
    observed = day.value();
  }
  auto result = analysis::ApplyClv(model.value(), d.table, observed, *lang);
  if (!result.ok()) return Fail(result.error());
  const analysis::ClvResult& r = result.value();
  if (auto st = WriteClvOutputs(r, model->columns.customer, out_path, !args.Has("--no-formula-guard")); !st.ok()) return Fail(st.error());
  if (auto p = args.Get("--report")) {
    if (auto st = WriteFileBytes(*p, Dump(analysis::ClvReportToJson(r))); !st.ok()) return Fail(st.error());
  }
  for (const std::string& w : r.warnings) std::cerr << (*lang == Lang::kDe ? "Hinweis: " : "warning: ") << w << "\n";
  std::cerr << "Scored " << r.customers.size() << " customers with the CLV model -> " << out_path << "\n";
  return 0;
}

}  // namespace seg::cli
