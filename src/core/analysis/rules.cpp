// Rule-based segments: groups by the levels / bands of up to three columns.
#include "seg/analysis/rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <unordered_map>

#include "seg/io/value_parse.hpp"

namespace seg::analysis {

namespace {

constexpr size_t kMaxLevels = 50;
constexpr const char* kDash = "\xE2\x80\x93";  // en dash
constexpr const char* kDot = " \xC2\xB7 ";     // " · "
constexpr const char* kMissing = "(missing)";

std::string FormatNum(double v) {
  char buf[64];
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

std::string FormatDay(double v) { return io::FormatIsoDate(std::floor(v)); }

Error ColumnError(std::string code, std::string message, const std::string& column, std::string hint) {
  Error e = MakeError(std::move(code), std::move(message), std::move(hint));
  e.column_name = column;
  return e;
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

std::vector<Band> QuantileBandsWith(const std::vector<double>& values, int q,
                                    const std::function<std::string(double)>& fmt) {
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values)
    if (!std::isnan(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  std::vector<Band> bands;
  if (v.empty() || q < 1) return bands;
  const size_t n = v.size();
  std::vector<double> cuts;
  for (int i = 1; i < q; ++i) {
    double c = v[static_cast<size_t>(i) * n / static_cast<size_t>(q)];
    if (c > v.front() && (cuts.empty() || c > cuts.back())) cuts.push_back(c);
  }
  // Band k holds [cuts[k-1], cuts[k]); labels from the smallest and largest value inside.
  size_t pos = 0;
  for (size_t k = 0; k <= cuts.size(); ++k) {
    double lo = k == 0 ? -INFINITY : cuts[k - 1];
    double hi = k == cuts.size() ? INFINITY : cuts[k];
    size_t first = pos;
    while (pos < n && v[pos] < hi) ++pos;
    double a = v[first], b = v[pos - 1];  // non-empty: cuts are data values > the minimum
    std::string label = a == b ? fmt(a) : fmt(a) + kDash + fmt(b);
    bands.push_back({lo, hi, std::move(label)});
  }
  return bands;
}

Result<std::vector<Band>> CutBandsWith(const std::vector<double>& cuts, const std::function<std::string(double)>& fmt) {
  if (cuts.empty()) {
    return MakeError("rules.no_cuts", "No cut points were given.", "Give one or more increasing cut points, e.g. 10,50,200.");
  }
  for (size_t i = 0; i < cuts.size(); ++i) {
    if (!std::isfinite(cuts[i])) {
      return MakeError("rules.bad_cuts", "Cut point " + std::to_string(i + 1) + " is not a finite number.",
                       "Give finite, increasing cut points, e.g. 10,50,200.");
    }
    if (i > 0 && !(cuts[i] > cuts[i - 1])) {
      return MakeError("rules.cuts_not_increasing",
                       "Cut points must be strictly increasing, but " + fmt(cuts[i]) + " follows " + fmt(cuts[i - 1]) + ".",
                       "Sort the cut points and remove duplicates.");
    }
  }
  // Labels built by append (GCC 12 warns falsely about `"<" + std::string`, -Wrestrict).
  auto label = [&](const char* before, double a, const char* middle, double b, bool with_b) {
    std::string l(before);
    l.append(fmt(a));
    if (with_b) l.append(middle).append(fmt(b));
    return l;
  };
  std::vector<Band> bands;
  bands.push_back({-INFINITY, cuts.front(), label("<", cuts.front(), "", 0, false)});
  for (size_t i = 1; i < cuts.size(); ++i) {
    bands.push_back({cuts[i - 1], cuts[i], label("", cuts[i - 1], "\xE2\x80\x93<", cuts[i], true)});
  }
  bands.push_back({cuts.back(), INFINITY, label("\xE2\x89\xA5", cuts.back(), "", 0, false)});  // ≥
  return bands;
}

// One column turned into a level per row (-1 = missing) and the level labels.
struct Levels {
  std::vector<int32_t> index;
  std::vector<std::string> labels;
  RuleColumnModel model;  // how `index` was computed, for other rows
};

Result<Levels> ColumnLevels(const io::Table& t, const RuleColumn& rc) {
  int ci = t.FindColumn(rc.column);
  if (ci < 0) {
    return ColumnError("rules.no_such_column", "There is no column named " + Quoted(rc.column) + ".", rc.column,
                       "Check the spelling; column names are case-sensitive.");
  }
  const io::Column& c = t.columns[static_cast<size_t>(ci)];
  using B = RuleColumn::Banding;
  Levels out;
  out.index.assign(t.rows, -1);

  if (!c.IsNumericLike()) {
    if (rc.banding != B::kNone) {
      return ColumnError("rules.banding_not_numeric",
                         "Column " + Quoted(rc.column) + " is " + std::string(io::ColumnTypeName(c.type)) +
                             ", so it cannot be split into number bands.",
                         rc.column, "Group it by its values (no banding), or choose a numeric column for bands.");
    }
    if ((c.type == io::ColumnType::kText || c.type == io::ColumnType::kIdentifier) && c.levels.size() > kMaxLevels) {
      return ColumnError("rules.too_many_levels",
                         "Column " + Quoted(rc.column) + " has " + std::to_string(c.levels.size()) +
                             " different values; more than " + std::to_string(kMaxLevels) + " groups are not useful.",
                         rc.column,
                         "Choose a column with fewer values (e.g. industry or region), or a numeric column split into bands.");
    }
    out.labels = c.levels;
    out.model.levels = c.levels;
    for (size_t r = 0; r < t.rows; ++r) {
      if (c.codes[r] != io::Column::kMissingCode) out.index[r] = static_cast<int32_t>(c.codes[r]);
    }
    return out;
  }

  if (c.type == io::ColumnType::kBoolean) {
    if (rc.banding != B::kNone) {
      return ColumnError("rules.banding_not_numeric",
                         "Column " + Quoted(rc.column) + " is yes/no, so it cannot be split into number bands.",
                         rc.column, "Group it by its values (no banding).");
    }
    std::string yes = "yes", no = "no";
    size_t slash = c.bool_format.find('/');
    if (slash != std::string::npos && slash > 0 && slash + 1 < c.bool_format.size()) {
      yes = c.bool_format.substr(0, slash);
      no = c.bool_format.substr(slash + 1);
    }
    out.labels = {rc.column + ": " + no, rc.column + ": " + yes};
    out.model.kind = RuleColumnModel::Kind::kBoolean;
    for (size_t r = 0; r < t.rows; ++r) {
      if (!std::isnan(c.values[r])) out.index[r] = c.values[r] != 0 ? 1 : 0;
    }
    return out;
  }

  const bool is_date = c.type == io::ColumnType::kDate;
  std::function<std::string(double)> fmt = is_date ? FormatDay : FormatNum;
  std::vector<double> vals = c.values;
  if (is_date)
    for (double& v : vals) v = std::floor(v);  // group dates by day

  std::vector<Band> bands;
  switch (rc.banding) {
    case B::kNone: {
      std::vector<double> distinct;
      for (double v : vals)
        if (!std::isnan(v)) distinct.push_back(v);
      std::sort(distinct.begin(), distinct.end());
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
      if (distinct.size() > kMaxLevels) {
        return ColumnError("rules.too_many_values",
                           "Column " + Quoted(rc.column) + " has " + std::to_string(distinct.size()) +
                               " different values; more than " + std::to_string(kMaxLevels) + " groups are not useful.",
                           rc.column, "Split it into bands: quantiles, your own cut points or company-size bands.");
      }
      std::unordered_map<double, int32_t> pos;
      for (size_t i = 0; i < distinct.size(); ++i) {
        pos[distinct[i]] = static_cast<int32_t>(i);
        out.labels.push_back(fmt(distinct[i]));
      }
      out.model.kind = RuleColumnModel::Kind::kValues;
      out.model.date = is_date;
      out.model.values = distinct;
      for (size_t r = 0; r < t.rows; ++r)
        if (!std::isnan(vals[r])) out.index[r] = pos[vals[r]];
      return out;
    }
    case B::kDefaultSize:
      if (is_date) {
        return ColumnError("rules.size_bands_on_date", "Column " + Quoted(rc.column) + " holds dates, not employee counts.",
                           rc.column, "Use quantile bands or your own cut points for dates.");
      }
      bands = DefaultSizeBands();
      break;
    case B::kQuantiles:
      if (rc.quantiles < 2 || rc.quantiles > static_cast<int>(kMaxLevels)) {
        return ColumnError("rules.bad_quantiles",
                           "The number of quantile bands must be between 2 and " + std::to_string(kMaxLevels) + ".",
                           rc.column, "Use e.g. 4 (quartiles) or 5 (quintiles).");
      }
      bands = QuantileBandsWith(vals, rc.quantiles, fmt);
      break;
    case B::kCuts: {
      std::vector<double> cuts = rc.cuts;
      auto b = CutBandsWith(cuts, fmt);
      if (!b.ok()) {
        Error e = b.error();
        e.column_name = rc.column;
        return e;
      }
      bands = std::move(b.value());
      break;
    }
  }
  for (const auto& b : bands) out.labels.push_back(b.label);
  out.model.kind = RuleColumnModel::Kind::kBands;
  out.model.date = is_date;
  out.model.bands = bands;
  for (size_t r = 0; r < t.rows; ++r) {
    if (!std::isnan(vals[r])) out.index[r] = FindBand(bands, vals[r]);
  }
  return out;
}

}  // namespace

std::vector<Band> DefaultSizeBands() {
  const std::string d = kDash;
  return {{-INFINITY, 1, "<1"},      {1, 21, "1" + d + "20"},     {21, 51, "21" + d + "50"},
          {51, 201, "51" + d + "200"}, {201, 501, "201" + d + "500"}, {501, INFINITY, ">500"}};
}

std::vector<Band> QuantileBands(const std::vector<double>& values, int q) {
  return QuantileBandsWith(values, q, FormatNum);
}

Result<std::vector<Band>> CutBands(const std::vector<double>& cuts) { return CutBandsWith(cuts, FormatNum); }

int FindBand(const std::vector<Band>& bands, double v) {
  if (std::isnan(v)) return -1;
  for (size_t i = 0; i < bands.size(); ++i)
    if (v >= bands[i].lo && v < bands[i].hi) return static_cast<int>(i);
  return -1;
}

Result<RuleSegments> SegmentByRules(const io::Table& t, const std::vector<RuleColumn>& columns) {
  if (columns.empty() || columns.size() > 3) {
    return MakeError("rules.column_count",
                     "Rule-based segments use 1 to 3 columns, but " + std::to_string(columns.size()) + " were given.",
                     "Choose one, two or three columns (e.g. industry and company size).");
  }
  for (size_t i = 0; i < columns.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (columns[i].column == columns[j].column) {
        return ColumnError("rules.duplicate_column", "Column " + Quoted(columns[i].column) + " is chosen twice.",
                           columns[i].column, "Choose each column once.");
      }

  std::vector<Levels> levels;
  for (const auto& rc : columns) {
    auto l = ColumnLevels(t, rc);
    if (!l.ok()) return l.error();
    levels.push_back(std::move(l.value()));
  }

  // Mixed-radix key per row: digit = level index, or the level count for "missing".
  std::unordered_map<uint64_t, size_t> group_of_key;
  std::vector<uint64_t> keys;
  std::vector<size_t> counts;
  std::vector<size_t> row_group(t.rows);
  for (size_t r = 0; r < t.rows; ++r) {
    uint64_t key = 0;
    for (const auto& l : levels) {
      uint64_t radix = l.labels.size() + 1;
      uint64_t digit = l.index[r] < 0 ? l.labels.size() : static_cast<uint64_t>(l.index[r]);
      key = key * radix + digit;
    }
    auto [it, inserted] = group_of_key.try_emplace(key, keys.size());
    if (inserted) {
      keys.push_back(key);
      counts.push_back(0);
    }
    ++counts[it->second];
    row_group[r] = it->second;
  }

  const size_t g = keys.size();
  std::vector<std::string> names(g);
  for (size_t i = 0; i < g; ++i) {
    uint64_t key = keys[i];
    std::vector<std::string> parts(levels.size());
    for (size_t c = levels.size(); c-- > 0;) {
      uint64_t radix = levels[c].labels.size() + 1;
      uint64_t digit = key % radix;
      key /= radix;
      parts[c] = digit == levels[c].labels.size() ? std::string(kMissing) : levels[c].labels[digit];
    }
    for (size_t c = 0; c < parts.size(); ++c) names[i] += (c ? kDot : "") + parts[c];
  }

  std::vector<size_t> order(g);
  for (size_t i = 0; i < g; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (counts[a] != counts[b]) return counts[a] > counts[b];
    return names[a] < names[b];
  });
  std::vector<int32_t> rank(g);
  RuleSegments out;
  for (const auto& l : levels) {
    out.model.columns.push_back(l.model);
    out.model.columns.back().labels = l.labels;
  }
  for (size_t i = 0; i < g; ++i) {
    rank[order[i]] = static_cast<int32_t>(i);
    out.names.push_back(names[order[i]]);
    out.sizes.push_back(counts[order[i]]);
    std::vector<int32_t> digits(levels.size());
    uint64_t key = keys[order[i]];
    for (size_t c = levels.size(); c-- > 0;) {
      const uint64_t radix = levels[c].labels.size() + 1;
      const uint64_t digit = key % radix;
      key /= radix;
      digits[c] = digit == levels[c].labels.size() ? -1 : static_cast<int32_t>(digit);
    }
    out.model.groups.push_back(std::move(digits));
  }
  out.labels.resize(t.rows);
  for (size_t r = 0; r < t.rows; ++r) out.labels[r] = rank[row_group[r]];
  for (size_t c = 0; c < columns.size(); ++c) {
    out.column_names.push_back(columns[c].column);
    out.model.columns[c].column = columns[c].column;
  }
  return out;
}

// ---- Saved rules ------------------------------------------------------------------------------

namespace {

const char* KindName(RuleColumnModel::Kind k) {
  switch (k) {
    case RuleColumnModel::Kind::kLevels: return "levels";
    case RuleColumnModel::Kind::kBoolean: return "boolean";
    case RuleColumnModel::Kind::kValues: return "values";
    case RuleColumnModel::Kind::kBands: return "bands";
  }
  return "levels";
}

nlohmann::json Edge(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json RulesModelToJson(const RulesModel& m) {
  nlohmann::json cols = nlohmann::json::array();
  for (const auto& c : m.columns) {
    nlohmann::json j = {{"column", c.column}, {"kind", KindName(c.kind)}, {"date", c.date}, {"labels", c.labels}};
    if (c.kind == RuleColumnModel::Kind::kLevels) j["levels"] = c.levels;
    if (c.kind == RuleColumnModel::Kind::kValues) j["values"] = c.values;
    if (c.kind == RuleColumnModel::Kind::kBands) {
      nlohmann::json bands = nlohmann::json::array();
      for (const auto& b : c.bands) bands.push_back({Edge(b.lo), Edge(b.hi)});  // null = open end
      j["bands"] = bands;
    }
    cols.push_back(std::move(j));
  }
  return {{"columns", cols}, {"groups", m.groups}};
}

Result<RulesModel> RulesModelFromJson(const nlohmann::json& j) {
  auto bad = [](const std::string& what) {
    return MakeError("model.bad_rules", "The model's rules are invalid: " + what + ".",
                     "Export the model again (segment --method rules --model MODEL.json); hand-edited models must keep every field.");
  };
  if (!j.is_object()) return bad("expected an object");
  auto cols = j.find("columns");
  if (cols == j.end() || !cols->is_array() || cols->empty() || cols->size() > 3) return bad("\"columns\" must list 1 to 3 columns");
  RulesModel m;
  for (const auto& c : *cols) {
    if (!c.is_object()) return bad("a column is not an object");
    RuleColumnModel rc;
    auto name = c.find("column");
    if (name == c.end() || !name->is_string() || name->get<std::string>().empty()) return bad("a column has no name");
    rc.column = name->get<std::string>();
    auto kind = c.find("kind");
    const std::string k = kind != c.end() && kind->is_string() ? kind->get<std::string>() : "";
    if (k == "levels") rc.kind = RuleColumnModel::Kind::kLevels;
    else if (k == "boolean") rc.kind = RuleColumnModel::Kind::kBoolean;
    else if (k == "values") rc.kind = RuleColumnModel::Kind::kValues;
    else if (k == "bands") rc.kind = RuleColumnModel::Kind::kBands;
    else return bad("column \"" + rc.column + "\" has no kind (levels, boolean, values or bands)");
    auto date = c.find("date");
    rc.date = date != c.end() && date->is_boolean() && date->get<bool>();
    auto labels = c.find("labels");
    if (labels == c.end() || !labels->is_array()) return bad("column \"" + rc.column + "\" has no labels");
    for (const auto& l : *labels) {
      if (!l.is_string()) return bad("column \"" + rc.column + "\" has a label that is not text");
      rc.labels.push_back(l.get<std::string>());
    }
    size_t want = rc.labels.size();
    if (rc.kind == RuleColumnModel::Kind::kLevels) {
      auto lv = c.find("levels");
      if (lv == c.end() || !lv->is_array()) return bad("column \"" + rc.column + "\" has no levels");
      for (const auto& l : *lv) {
        if (!l.is_string()) return bad("column \"" + rc.column + "\" has a level that is not text");
        rc.levels.push_back(l.get<std::string>());
      }
      want = rc.levels.size();
    } else if (rc.kind == RuleColumnModel::Kind::kBoolean) {
      want = 2;
    } else if (rc.kind == RuleColumnModel::Kind::kValues) {
      auto vs = c.find("values");
      if (vs == c.end() || !vs->is_array()) return bad("column \"" + rc.column + "\" has no values");
      for (const auto& v : *vs) {
        if (!v.is_number()) return bad("column \"" + rc.column + "\" has a value that is not a number");
        rc.values.push_back(v.get<double>());
      }
      want = rc.values.size();
    } else {
      auto bs = c.find("bands");
      if (bs == c.end() || !bs->is_array() || bs->empty()) return bad("column \"" + rc.column + "\" has no bands");
      for (const auto& b : *bs) {
        if (!b.is_array() || b.size() != 2 || !(b[0].is_number() || b[0].is_null()) || !(b[1].is_number() || b[1].is_null()))
          return bad("column \"" + rc.column + "\" has a band that is not [low, high]");
        const double lo = b[0].is_null() ? -INFINITY : b[0].get<double>();
        const double hi = b[1].is_null() ? INFINITY : b[1].get<double>();
        if (!(lo < hi)) return bad("column \"" + rc.column + "\" has a band with low >= high");
        rc.bands.push_back({lo, hi, ""});
      }
      want = rc.bands.size();
    }
    if (rc.labels.size() != want) return bad("column \"" + rc.column + "\" needs one label per level");
    for (size_t i = 0; i < rc.bands.size(); ++i) rc.bands[i].label = rc.labels[i];
    m.columns.push_back(std::move(rc));
  }
  auto groups = j.find("groups");
  if (groups == j.end() || !groups->is_array() || groups->empty()) return bad("\"groups\" must list the segments");
  for (const auto& g : *groups) {
    if (!g.is_array() || g.size() != m.columns.size()) return bad("every group needs one level per column");
    std::vector<int32_t> digits;
    for (size_t c = 0; c < g.size(); ++c) {
      if (!g[c].is_number_integer()) return bad("group levels must be whole numbers");
      const long long v = g[c].get<long long>();
      if (v < -1 || v >= static_cast<long long>(m.columns[c].labels.size())) return bad("a group names a level that does not exist");
      digits.push_back(static_cast<int32_t>(v));
    }
    m.groups.push_back(std::move(digits));
  }
  return m;
}

Result<std::vector<int32_t>> ApplyRules(const RulesModel& m, const io::Table& t) {
  constexpr int32_t kUnseen = -2;
  std::vector<std::vector<int32_t>> level(m.columns.size(), std::vector<int32_t>(t.rows, -1));
  for (size_t ci = 0; ci < m.columns.size(); ++ci) {
    const RuleColumnModel& rc = m.columns[ci];
    const int idx = t.FindColumn(rc.column);
    if (idx < 0) {
      return ColumnError("apply.missing_column", "The model needs column " + Quoted(rc.column) + ", which this file lacks.",
                         rc.column, "Use a file with the same columns as the one the model was trained on.");
    }
    const io::Column& c = t.columns[static_cast<size_t>(idx)];
    const bool want_numbers = rc.kind != RuleColumnModel::Kind::kLevels;
    if (want_numbers != c.IsNumericLike()) {
      return ColumnError("apply.wrong_kind",
                         "Column " + Quoted(rc.column) + " holds " + std::string(io::ColumnTypeName(c.type)) + " values, but the rules " +
                             (want_numbers ? "need numbers." : "group it by its text."),
                         rc.column, "Use a file with the same columns as the one the model was trained on.");
    }
    std::unordered_map<std::string, int32_t> text_level;
    for (size_t l = 0; l < rc.levels.size(); ++l) text_level.emplace(rc.levels[l], static_cast<int32_t>(l));
    std::unordered_map<double, int32_t> value_level;
    for (size_t l = 0; l < rc.values.size(); ++l) value_level.emplace(rc.values[l], static_cast<int32_t>(l));
    for (size_t r = 0; r < t.rows; ++r) {
      int32_t& out = level[ci][r];
      if (!want_numbers) {
        if (c.codes[r] == io::Column::kMissingCode) continue;
        auto it = text_level.find(std::string(c.Level(r)));
        out = it == text_level.end() ? kUnseen : it->second;
        continue;
      }
      double v = c.values[r];
      if (std::isnan(v)) continue;
      if (rc.date) v = std::floor(v);
      if (rc.kind == RuleColumnModel::Kind::kBoolean) {
        out = v != 0 ? 1 : 0;
      } else if (rc.kind == RuleColumnModel::Kind::kValues) {
        auto it = value_level.find(v);
        out = it == value_level.end() ? kUnseen : it->second;
      } else {
        const int b = FindBand(rc.bands, v);
        out = b < 0 ? kUnseen : b;
      }
    }
  }
  std::map<std::vector<int32_t>, int32_t> group_of;
  for (size_t g = 0; g < m.groups.size(); ++g) group_of.emplace(m.groups[g], static_cast<int32_t>(g));
  std::vector<int32_t> labels(t.rows, -1);
  std::vector<int32_t> key(m.columns.size());
  for (size_t r = 0; r < t.rows; ++r) {
    for (size_t ci = 0; ci < key.size(); ++ci) key[ci] = level[ci][r];
    auto it = group_of.find(key);
    if (it != group_of.end()) labels[r] = it->second;
  }
  return labels;
}

}  // namespace seg::analysis
