// segmenter segment FILE --method rules --by industry,employees:size,mrr_eur:q4,nps:cuts=7|9 --out OUT.csv
// segmenter segment FILE --method rfm --customer COL --date COL (--amount COL | --quantity COL --price COL)
//                        [--invoice COL] [--as-of yyyy-mm-dd] --out CUSTOMERS.csv
// segmenter segment FILE --method rfm --recency COL --frequency COL --monetary COL --out OUT.csv
//   [--rfm-map MAP.json]  an edited segment map ({"names": [...], "grid": [[R=1: 5 ids], ..., [R=5]]})
#include "cli_methods.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

#include <fast_float/fast_float.h>

#include "seg/analysis/localize.hpp"
#include "seg/analysis/rfm.hpp"
#include "seg/analysis/rules.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::cli {
namespace {

Status WriteReport(const Args& args, analysis::SegmentResult& r, const io::Table& profile_table, nlohmann::json extra,
                   Lang lang) {
  auto path = args.Get("--report");
  if (!path) return Ok{};
  analysis::ProfileSegments(profile_table, analysis::ProfileFeatures(profile_table), r.labels, r.k,
                            analysis::DetectKpis(profile_table), r.segments);
  std::vector<std::string> names;
  for (const auto& s : r.segments) names.push_back(s.name);
  analysis::DescribeSegments(r.segments, lang);
  nlohmann::json report = analysis::ReportToJson(r);
  for (auto& [key, value] : extra.items()) report[key] = value;
  return WriteFileBytes(*path, report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

// --model MODEL.json for the methods without preparation (segmentation.hpp MethodModelToJson).
Status WriteMethodModel(const Args& args, const std::string& method, const std::vector<std::string>& names,
                        const std::vector<size_t>& sizes, const nlohmann::json& body, const std::string& id_column) {
  auto path = args.Get("--model");
  if (!path) return Ok{};
  const nlohmann::json model = analysis::MethodModelToJson(method, names, sizes, body, id_column);
  return WriteFileBytes(*path, model.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

Result<double> ParseDay(const std::string& flag, const std::string& text) {
  auto d = io::ParseDate(text, io::kDateIso);
  if (!d) return MakeError("cli.bad_date", flag + " expects a date like 2026-10-31, got \"" + text + "\"");
  return std::floor(*d);
}

}  // namespace

Result<std::vector<analysis::RuleColumn>> ParseRuleColumns(const std::string& by) {
  std::vector<analysis::RuleColumn> columns;
  for (const std::string& item : SplitList(by)) {
    analysis::RuleColumn rc;
    const size_t colon = item.rfind(':');
    rc.column = item.substr(0, colon);
    if (colon != std::string::npos) {
      const std::string spec = item.substr(colon + 1);
      if (spec == "size") {
        rc.banding = analysis::RuleColumn::Banding::kDefaultSize;
      } else if (spec.size() > 1 && spec[0] == 'q') {
        auto q = ParseInteger("--by " + item, spec.substr(1), 2, 50);
        if (!q.ok()) return q.error();
        rc.banding = analysis::RuleColumn::Banding::kQuantiles;
        rc.quantiles = static_cast<int>(q.value());
      } else if (spec.rfind("cuts=", 0) == 0) {
        rc.banding = analysis::RuleColumn::Banding::kCuts;
        std::string rest = spec.substr(5);
        size_t start = 0;
        while (start <= rest.size()) {
          const size_t bar = rest.find('|', start);
          const std::string num = rest.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
          double v = 0;
          auto res = fast_float::from_chars(num.data(), num.data() + num.size(), v);
          if (num.empty() || res.ec != std::errc() || res.ptr != num.data() + num.size())
            return MakeError("cli.usage", "--by " + item + ": cut points are numbers separated by |, e.g. nps:cuts=7|9");
          rc.cuts.push_back(v);
          if (bar == std::string::npos) break;
          start = bar + 1;
        }
      } else {
        return MakeError("cli.usage", "--by " + item + ": use COL, COL:size, COL:qN or COL:cuts=a|b");
      }
    }
    columns.push_back(std::move(rc));
  }
  return columns;
}

std::optional<Lang> SegmentLang(const Args& args) {
  auto l = args.Get("--lang");
  return l ? ParseLang(*l) : std::optional<Lang>(Lang::kEn);
}

int RunRulesSegment(const Args& args, const std::string& out_path) {
  auto by = args.Get("--by");
  if (!by) return Usage("--method rules needs --by COL[,COL[,COL]] (bands: employees:size, revenue:q4, nps:cuts=7|9)");
  auto parsed = ParseRuleColumns(*by);
  if (!parsed.ok()) return parsed.error().code == "cli.usage" ? Usage(parsed.error().message) : Fail(parsed.error());
  std::vector<analysis::RuleColumn> columns = std::move(parsed.value());
  const auto lang = SegmentLang(args);
  if (!lang) return Usage("--lang must be en or de (got \"" + args.Get("--lang").value_or("") + "\")");
  auto data = LoadCsv(args.positionals()[0], args);
  if (!data.ok()) return Fail(data.error());
  const io::Dataset& d = data.value();
  auto rules = analysis::SegmentByRules(d.table, columns);
  if (!rules.ok()) return Fail(rules.error());
  const analysis::RuleSegments& g = rules.value();
  std::vector<std::string> group_names = g.names;
  if (*lang != Lang::kEn)
    for (size_t i = 0; i < group_names.size(); ++i) group_names[i] = analysis::RulesGroupName(g.model, static_cast<int>(i), *lang);
  std::vector<std::string> ids(d.table.rows), names(d.table.rows);
  for (size_t i = 0; i < d.table.rows; ++i) {
    ids[i] = std::to_string(g.labels[i] + 1);
    names[i] = group_names[static_cast<size_t>(g.labels[i])];
  }
  io::ExportOptions eo;
  eo.neutralise_formulas = !args.Has("--no-formula-guard");
  if (auto st = WriteFileBytes(out_path, io::WriteWithExtraColumns(d, {"segment", "segment_name"}, {ids, names}, eo)); !st.ok())
    return Fail(st.error());
  analysis::SegmentResult r;
  r.method = "rules";
  r.k = static_cast<int>(g.names.size());
  r.labels = g.labels;
  r.feature_names = g.column_names;
  if (auto st = WriteReport(args, r, d.table, {{"rules", g.column_names}}, *lang); !st.ok()) return Fail(st.error());
  if (auto st = WriteMethodModel(args, "rules", group_names, g.sizes, analysis::RulesModelToJson(g.model), analysis::IdColumnName(d.table)); !st.ok())
    return Fail(st.error());
  // Names from the rules, not from profiles.
  if (auto path = args.Get("--report")) {
    auto text = ReadFileBytes(*path);
    if (text.ok()) {
      nlohmann::json j = nlohmann::json::parse(text.value(), nullptr, false);
      if (j.is_object() && j.contains("segments") && j["segments"].is_array())
        for (size_t s = 0; s < j["segments"].size() && s < group_names.size(); ++s) j["segments"][s]["name"] = group_names[s];
      (void)WriteFileBytes(*path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    }
  }
  std::cerr << "Segmented " << d.table.rows << " rows into " << r.k << " rule-based segments -> " << out_path << "\n";
  return 0;
}

std::string RfmCustomersCsv(const analysis::RfmResult& rfm, const std::vector<int32_t>& segment,
                            const std::vector<std::string>& names, const std::string& customer_column) {
  auto fmt = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return std::string(buf);
  };
  std::vector<std::vector<std::string>> rows;
  rows.reserve(rfm.customers.id.size());
  for (size_t i = 0; i < rfm.customers.id.size(); ++i) {
    const bool named = segment[i] >= 0 && static_cast<size_t>(segment[i]) < names.size();
    rows.push_back({rfm.customers.id[i], fmt(rfm.customers.recency_days[i]), fmt(rfm.customers.frequency[i]),
                    fmt(rfm.customers.monetary[i]), std::to_string(rfm.r[i]), std::to_string(rfm.f[i]), std::to_string(rfm.m[i]),
                    std::to_string(segment[i] + 1), named ? names[static_cast<size_t>(segment[i])] : std::string()});
  }
  return io::WriteCsv({customer_column, "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment", "segment_name"},
                      rows, ',');
}

int RunRfmTransactionsApply(const analysis::Model& model, const io::Dataset& d, const std::string& out_path) {
  auto scored = analysis::ApplyRfmToTransactions(*model.rfm, d.table);
  if (!scored.ok()) return Fail(scored.error());
  const analysis::RfmResult& rfm = scored.value();
  std::vector<int32_t> shown = rfm.segment;  // saved edits (merged segments), as ApplyModel
  for (int32_t& l : shown)
    if (l >= 0 && static_cast<size_t>(l) < model.label_map.size()) l = model.label_map[static_cast<size_t>(l)];
  if (auto st = WriteFileBytes(out_path, RfmCustomersCsv(rfm, shown, model.names, model.rfm->transactions.customer)); !st.ok())
    return Fail(st.error());
  std::cerr << "Applied the " << model.Segments() << "-segment RFM model to " << d.table.rows << " transaction lines: "
            << rfm.customers.id.size() << " customers -> " << out_path << "\n";
  return 0;
}

int RunRfmSegment(const Args& args, const std::string& out_path) {
  const auto lang = SegmentLang(args);
  if (!lang) return Usage("--lang must be en or de (got \"" + args.Get("--lang").value_or("") + "\")");
  std::optional<double> as_of;
  if (auto a = args.Get("--as-of")) {
    auto day = ParseDay("--as-of", *a);
    if (!day.ok()) return Fail(day.error());
    as_of = day.value();
  }
  const bool transactions = args.Has("--customer") || args.Has("--date") || args.Has("--amount");
  const bool table_mode = args.Has("--recency") || args.Has("--frequency") || args.Has("--monetary");
  if (transactions == table_mode) {
    return Usage("--method rfm needs either --customer COL --date COL --amount COL (a transaction file) or "
                 "--recency COL --frequency COL --monetary COL (a customer file)");
  }
  auto data = LoadCsv(args.positionals()[0], args);
  if (!data.ok()) return Fail(data.error());
  const io::Dataset& d = data.value();
  Result<analysis::RfmCustomers> customers = MakeError("", "");
  std::string invoice_used, basis_note;  // said on stderr once the aggregation succeeded
  if (transactions) {
    analysis::TransactionColumns cols = ChosenTransactionColumns(args);
    if (cols.customer.empty() || cols.date.empty() || (cols.amount.empty() && (cols.quantity.empty() || cols.price.empty())))
      return Usage("a transaction file needs --customer, --date and --amount (or --quantity and --price)");
    // Purchases are distinct invoices: without --invoice, of an invoice column found by name, else
    // distinct days (never lines).
    const bool de = *lang == Lang::kDe;
    if (cols.invoice.empty()) {
      cols.invoice = TransactionColumnsFromArgs(args, d.table).columns.invoice;
      if (!cols.invoice.empty()) {
        basis_note = (de ? "Kein --invoice: Käufe = verschiedene Rechnungen der Spalte \"" + cols.invoice + "\" (am Namen erkannt).\n"
                         : "No --invoice: purchases = distinct invoices of the column \"" + cols.invoice + "\" (found by its name).\n");
      } else {
        basis_note = (de ? "Kein --invoice und keine Rechnungsspalte: Käufe = verschiedene Kauftage je Kunde.\n"
                         : "No --invoice and no invoice column: purchases = distinct days with a purchase per customer.\n");
      }
    }
    invoice_used = cols.invoice;
    customers = analysis::AggregateTransactions(d.table, cols, as_of);
  } else {
    auto rec = args.Get("--recency"), fr = args.Get("--frequency"), mo = args.Get("--monetary");
    if (!rec || !fr || !mo) return Usage("a customer file needs --recency, --frequency and --monetary");
    customers = analysis::CustomersFromColumns(d.table, *rec, *fr, *mo, as_of);
  }
  if (!customers.ok()) return Fail(customers.error());
  std::cerr << basis_note;
  const analysis::AggregationReport agg = customers->report;
  analysis::RfmSegmentMap map = analysis::RfmSegmentMap::Default();
  if (auto mp = args.Get("--rfm-map")) {
    auto text = ReadFileBytes(*mp);
    if (!text.ok()) return Fail(text.error());
    nlohmann::json j = nlohmann::json::parse(text.value(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Fail(MakeError("rfm.map_not_json", "The segment map " + *mp + " is not valid JSON."));
    auto parsed = analysis::RfmSegmentMap::FromJson(j);
    if (!parsed.ok()) return Fail(parsed.error());
    map = std::move(parsed.value());
  }
  auto scored = analysis::ScoreRfm(std::move(customers.value()), map);
  if (!scored.ok()) return Fail(scored.error());
  const analysis::RfmResult& rfm = scored.value();
  // The default map's names in the chosen language; an edited map's own names as they are.
  std::vector<std::string> seg_names = rfm.map.names;
  if (*lang != Lang::kEn && rfm.map.names == analysis::RfmSegmentMap::Default().names)
    seg_names = analysis::RfmDefaultMap(*lang).names;
  const size_t n = rfm.customers.id.size();
  io::ExportOptions eo;
  eo.neutralise_formulas = !args.Has("--no-formula-guard");
  // A customer-level table (for the report's profiles, and the transaction-mode export).
  io::Table ct;
  ct.rows = n;
  auto numeric = [&](const char* name, const std::vector<double>& v) {
    io::Column c;
    c.name = name;
    c.type = io::ColumnType::kNumeric;
    c.values = v;
    std::set<double> distinct(v.begin(), v.end());
    c.distinct = distinct.size();
    c.constant = c.distinct <= 1;
    ct.columns.push_back(std::move(c));
  };
  numeric("recency_days", rfm.customers.recency_days);
  numeric("frequency", rfm.customers.frequency);
  numeric("monetary", rfm.customers.monetary);
  if (transactions) {
    std::string csv = RfmCustomersCsv(rfm, rfm.segment, seg_names, args.Get("--customer").value_or("customer_id"));
    if (auto st = WriteFileBytes(out_path, csv); !st.ok()) return Fail(st.error());
  } else {
    std::vector<std::vector<std::string>> extra(5, std::vector<std::string>(d.table.rows));
    for (size_t i = 0; i < n; ++i) {
      const size_t row = rfm.customers.row[i];
      extra[0][row] = std::to_string(rfm.r[i]);
      extra[1][row] = std::to_string(rfm.f[i]);
      extra[2][row] = std::to_string(rfm.m[i]);
      extra[3][row] = std::to_string(rfm.segment[i] + 1);
      extra[4][row] = seg_names[static_cast<size_t>(rfm.segment[i])];
    }
    std::string csv = io::WriteWithExtraColumns(d, {"r_score", "f_score", "m_score", "segment", "segment_name"}, extra, eo);
    if (auto st = WriteFileBytes(out_path, csv); !st.ok()) return Fail(st.error());
  }
  analysis::SegmentResult r;
  r.method = "rfm";
  r.k = static_cast<int>(rfm.map.names.size());
  r.labels = rfm.segment;
  r.feature_names = {"recency_days", "frequency", "monetary"};
  nlohmann::json grid = nlohmann::json::array();
  for (int rs = 5; rs >= 1; --rs) {
    nlohmann::json row = nlohmann::json::array();
    for (int fs = 1; fs <= 5; ++fs) row.push_back(rfm.grid[static_cast<size_t>((rs - 1) * 5 + (fs - 1))]);
    grid.push_back(row);
  }
  analysis::RfmSegmentMap shown_map = rfm.map;
  shown_map.names = seg_names;
  nlohmann::json extra = {
      {"rfm",
       {{"customers", n},
        {"grid_rows_r5_to_r1_cols_f1_to_f5", grid},
        {"segment_map", shown_map.ToJson()},
        {"as_of", std::isfinite(agg.as_of_days) ? nlohmann::json(io::FormatIsoDate(agg.as_of_days)) : nlohmann::json(nullptr)},
        {"transactions", agg.transactions},
        {"used", agg.used},
        {"cancelled", agg.cancelled},
        {"non_positive", agg.non_positive},
        {"missing_customer", agg.missing_customer},
        {"missing_date", agg.missing_date},
        {"missing_amount", agg.missing_amount}}}};
  if (transactions) {
    extra["rfm"]["purchases_basis"] = analysis::PurchaseBasisName(agg.purchases_basis);
    extra["rfm"]["invoice_column"] = invoice_used.empty() ? nlohmann::json(nullptr) : nlohmann::json(invoice_used);
  }
  // Rows of a customer table without R, F or M get no segment: say how many and why (issue 19).
  const size_t table_rows = transactions ? n : d.table.rows;
  extra["rfm"]["rows"] = table_rows;
  extra["rfm"]["rows_without_segment"] = table_rows - std::min(n, table_rows);
  extra["rfm"]["rows_without_segment_reason"] = analysis::RfmLeftOutText(agg, table_rows, n, *lang);
  analysis::RfmModel model = analysis::RfmModelFromResult(rfm);
  model.from_transactions = transactions;
  model.as_of_days = agg.as_of_days;
  if (transactions) {
    model.transactions = {args.Get("--customer").value_or(""), args.Get("--date").value_or(""), args.Get("--amount").value_or(""),
                          args.Get("--quantity").value_or(""), args.Get("--price").value_or(""), invoice_used, ""};
  } else {
    model.recency = args.Get("--recency").value_or("");
    model.frequency = args.Get("--frequency").value_or("");
    model.monetary = args.Get("--monetary").value_or("");
    model.recency_is_date = std::isfinite(agg.as_of_days);
  }
  model.map.names = seg_names;
  if (auto st = WriteMethodModel(args, "rfm", seg_names, rfm.sizes, analysis::RfmModelToJson(model),
                                 transactions ? model.transactions.customer : analysis::IdColumnName(d.table)); !st.ok())
    return Fail(st.error());
  if (auto path = args.Get("--report")) {
    analysis::ProfileSegments(ct, analysis::ProfileFeatures(ct), r.labels, r.k, analysis::DetectKpis(ct), r.segments);
    for (size_t s = 0; s < r.segments.size(); ++s) r.segments[s].name = seg_names[s];
    analysis::DescribeSegments(r.segments, *lang);
    nlohmann::json report = analysis::ReportToJson(r);
    for (auto& [key, value] : extra.items()) report[key] = value;
    if (auto st = WriteFileBytes(*path, report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"); !st.ok())
      return Fail(st.error());
  }
  std::cerr << "Scored " << n << " customers into " << r.k << " RFM segments";
  if (transactions) {
    std::cerr << " (" << agg.used << " of " << agg.transactions << " transactions used; " << agg.cancelled << " cancelled, "
              << agg.non_positive << " non-positive, " << agg.missing_customer << " without customer id)";
  }
  std::cerr << " -> " << out_path << "\n";
  if (!transactions) {
    const std::string left = analysis::RfmLeftOutText(agg, d.table.rows, n, *lang);
    if (!left.empty()) std::cerr << left << (*lang == Lang::kDe ? " Ihre Zellen in segment und segment_name bleiben leer.\n"
                                                               : " Their segment and segment_name cells are empty.\n");
  }
  return 0;
}

}  // namespace seg::cli
