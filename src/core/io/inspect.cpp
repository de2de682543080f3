#include "seg/io/inspect.hpp"

#include <cmath>

#include "seg/io/identifier.hpp"

namespace seg::io {
namespace {

nlohmann::json NumberOrNull(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

std::string LineEndingName(const std::string& le) {
  if (le == "\r\n") return "CRLF";
  if (le == "\r") return "CR";
  return "LF";
}

}  // namespace

std::string DelimiterDisplayName(char d) {
  switch (d) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
    case ' ': return "whitespace";
    case '\x1F': return "unit separator (0x1F)";
    case '\x1E': return "record separator (0x1E)";
    default: return std::string(1, d);
  }
}

nlohmann::json DescribeDataset(const Dataset& data, size_t preview_rows) {
  using nlohmann::json;
  auto source = [](bool set) { return set ? "set" : "auto"; };
  json j;
  j["encoding"] = std::string(EncodingName(data.encoding.value));
  j["bom"] = data.bom_length > 0;
  j["delimiter"] = std::string(1, data.dialect.delimiter);
  j["whitespace_aligned"] = data.dialect.whitespace_aligned;
  j["quote"] = data.dialect.quote ? std::string(1, data.dialect.quote) : std::string();
  j["decimal"] = std::string(1, data.dialect.decimal);
  j["header"] = data.dialect.header;
  j["line_ending"] = LineEndingName(data.dialect.line_ending);
  j["skipped_lines"] = data.dialect.skipped_lines;
  j["settings"] = {
      {"encoding", {{"value", std::string(EncodingName(data.encoding.value))}, {"source", source(data.encoding.set_by_user)}}},
      {"delimiter", {{"value", std::string(1, data.dialect.delimiter)}, {"source", source(data.delimiter.set_by_user)}}},
      {"decimal", {{"value", std::string(1, data.dialect.decimal)}, {"source", source(data.decimal.set_by_user)}}},
      {"header", {{"value", data.dialect.header}, {"source", source(data.header.set_by_user)}}},
      {"missing", {{"value", data.missing_markers}, {"source", source(!data.missing_markers.empty())}}},
  };
  const HeaderGuess& g = data.header_guess;
  const HeaderEvidence& ev = g.evidence;
  j["header_detection"] = {
      {"line", g.line},
      {"header", data.dialect.header},
      {"source", source(data.header.set_by_user)},
      {"unsure", g.unsure},
      {"title_lines", g.title_lines},
      {"evidence",
       {{"typed_cells_match_below", ev.typed_cells_match_below},
        {"first_values_repeat_below", ev.first_values_repeat_below},
        {"label_over_typed_column", ev.label_over_typed_column},
        {"label_unlike_column", ev.label_unlike_column},
        {"names_like_header_words", ev.names_like_header_words},
        {"compared", ev.compared}}},
  };
  j["row_count"] = data.table.rows;
  j["column_count"] = data.table.columns.size();
  json cols = json::array();
  for (const Column& c : data.table.columns) {
    json col;
    col["name"] = c.name;
    col["type"] = std::string(ColumnTypeName(c.type));
    col["missing"] = c.missing;
    col["distinct"] = c.distinct;
    col["constant"] = c.constant;
    if (!c.unit.empty()) col["unit"] = c.unit;
    if (c.IsNumericLike()) {
      col["min"] = NumberOrNull(c.min);
      col["max"] = NumberOrNull(c.max);
      col["mean"] = NumberOrNull(c.mean);
    } else {
      json top = json::array();
      for (const auto& [value, count] : c.top_values) top.push_back({{"value", value}, {"count", count}});
      col["top_values"] = top;
    }
    if (c.type == ColumnType::kNumeric) {
      col["number_format"] = {{"decimal", std::string(1, c.number_style.decimal)},
                              {"thousands", c.number_style.thousands ? std::string(1, c.number_style.thousands) : ""}};
    }
    if (c.type == ColumnType::kDate) col["date_format"] = c.date_format;
    if (c.type == ColumnType::kBoolean) col["bool_format"] = c.bool_format;
    col["examples"] = c.examples;
    // A key column; `repeated_id` = its values repeat, so rows are transactions or events.
    const auto id = DetectIdentifier(data.table, static_cast<size_t>(&c - data.table.columns.data()));
    col["id_like"] = id.has_value();
    col["repeated_id"] = id && id->repeated;
    if (id) col["id_reason"] = id->reason_en;
    cols.push_back(std::move(col));
  }
  j["columns"] = std::move(cols);
  json rejected = json::array();
  for (const auto& r : data.report.rejected) {
    rejected.push_back({{"line", r.line}, {"byte_offset", r.byte_offset}, {"reason", r.reason}});
  }
  j["report"] = {{"records", data.report.records},
                 {"rejected_total", data.report.rejected_total},
                 {"rejected", std::move(rejected)},
                 {"notes", data.report.notes}};
  if (preview_rows > 0) {
    json rows = json::array();
    for (size_t r = 0; r < std::min(preview_rows, data.table.rows); ++r) rows.push_back(data.RowFields(r));
    j["rows"] = std::move(rows);
  }
  return j;
}

}  // namespace seg::io
