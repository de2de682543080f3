// Rule-based segments: groups by the levels / bands of up to three columns.
#include "seg/analysis/rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
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
  for (size_t i = 0; i < g; ++i) {
    rank[order[i]] = static_cast<int32_t>(i);
    out.names.push_back(names[order[i]]);
    out.sizes.push_back(counts[order[i]]);
  }
  out.labels.resize(t.rows);
  for (size_t r = 0; r < t.rows; ++r) out.labels[r] = rank[row_group[r]];
  for (const auto& rc : columns) out.column_names.push_back(rc.column);
  return out;
}

}  // namespace seg::analysis
