// Segments explained as threshold rules in the original units of the file (see explain.hpp).
//
// [SECTION] Names and conditions
// [SECTION] From the prepared tree to original units
// [SECTION] ExplainSegmentation: tree, rules, agreement, price of explainability
// [SECTION] ApplyExplanation
// [SECTION] Texts (English, German)
// [SECTION] JSON
#include "seg/analysis/explain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "seg/analysis/segmentation.hpp"

namespace seg::analysis {

// ---- [SECTION] Names and conditions -----------------------------------------------------------

std::string_view ExplainMethodName(ExplainMethod m) { return m == ExplainMethod::kExKmc ? "exkmc" : "imm"; }

std::string_view RuleOpName(RuleOp op) {
  switch (op) {
    case RuleOp::kLe: return "<=";
    case RuleOp::kGt: return ">";
    case RuleOp::kEq: return "==";
    case RuleOp::kNe: return "!=";
  }
  return "<=";
}

namespace {

bool IsNumericOp(RuleOp op) { return op == RuleOp::kLe || op == RuleOp::kGt; }

RuleCondition Negate(RuleCondition c) {
  switch (c.op) {
    case RuleOp::kLe: c.op = RuleOp::kGt; break;
    case RuleOp::kGt: c.op = RuleOp::kLe; break;
    case RuleOp::kEq: c.op = RuleOp::kNe; break;
    case RuleOp::kNe: c.op = RuleOp::kEq; break;
  }
  c.missing = !c.missing;
  return c;
}

}  // namespace

bool RuleCondition::Holds(const io::Column& col, size_t row) const {
  if (col.IsMissing(row)) return missing;
  switch (op) {
    case RuleOp::kLe: return col.Number(row) <= number;
    case RuleOp::kGt: return col.Number(row) > number;
    case RuleOp::kEq: return col.Level(row) == level;
    case RuleOp::kNe: return col.Level(row) != level;
  }
  return false;
}

namespace {

// ---- [SECTION] From the prepared tree to original units ---------------------------------------

// The original value behind a numeric feature before the monotone transforms (imputed, clipped).
double Untransformed(const PreparedFeature& f, double v) {
  if (!std::isfinite(v)) v = f.impute;
  return std::clamp(v, f.clip_lo, f.clip_hi);
}

// The left condition of a split "prepared[f] <= threshold", valid for every training row: halfway
// between the largest original value going left and the smallest going right (prepared values
// are a non-decreasing function of those, so the two sides never share a value).
RuleCondition OriginalSplit(const io::Table& table, const FeatureMatrix& m, size_t f, double threshold) {
  const PreparedFeature& pf = m.features[f];
  const io::Column& col = table.columns[static_cast<size_t>(pf.column)];
  RuleCondition c;
  if (pf.IsIndicator()) {  // 0 (level absent) goes left: scale and weight are positive
    c.column = pf.source;
    c.op = RuleOp::kNe;
    c.level = pf.levels.empty() ? std::string() : pf.levels[0];
    c.missing = pf.mode != c.level;
    return c;
  }
  c.column = col.name;
  c.op = RuleOp::kLe;
  double lo = -INFINITY, hi = INFINITY;
  for (size_t i = 0; i < m.rows; ++i) {
    const double u = Untransformed(pf, col.Number(i));
    if (static_cast<double>(m.x[i * m.cols + f]) <= threshold) lo = std::max(lo, u);
    else hi = std::min(hi, u);
  }
  double t;
  if (std::isfinite(lo) && std::isfinite(hi)) {
    t = lo + (hi - lo) / 2.0;
    if (!(t < hi)) t = lo;
  } else {
    t = std::isfinite(lo) ? lo : std::nextafter(hi, -INFINITY);
  }
  c.number = t;
  c.missing = Untransformed(pf, NAN) <= t;
  c.missing_seen = pf.imputed > 0;
  return c;
}

// Adds `c` to a leaf's conditions, keeping the tightest bound per column and side (the same rows
// satisfy the shorter list; a missing value's side follows the tighter bound too).
void AddCondition(std::vector<RuleCondition>& list, const RuleCondition& c) {
  for (RuleCondition& have : list) {
    if (have.column != c.column) continue;
    if (have.op == c.op && IsNumericOp(c.op)) {
      if ((c.op == RuleOp::kLe && c.number < have.number) || (c.op == RuleOp::kGt && c.number > have.number)) have = c;
      return;
    }
    if (have.op == RuleOp::kEq && c.op == RuleOp::kNe) return;  // "== a" implies "!= b"
    if (have.op == RuleOp::kNe && c.op == RuleOp::kEq) {
      have = c;
      list.erase(std::remove_if(list.begin(), list.end(),
                                [&](const RuleCondition& o) { return &o != &have && o.column == c.column && o.op == RuleOp::kNe; }),
                 list.end());
      return;
    }
  }
  list.push_back(c);
}

void CollectRules(const std::vector<ExplainNode>& nodes, int v, std::vector<RuleCondition> path, std::vector<SegmentRule>& out) {
  const ExplainNode& node = nodes[static_cast<size_t>(v)];
  if (node.left < 0) {
    out.push_back({node.segment, 0, std::move(path)});
    return;
  }
  std::vector<RuleCondition> left = path;
  AddCondition(left, node.go_left);
  CollectRules(nodes, node.left, std::move(left), out);
  AddCondition(path, Negate(node.go_left));
  CollectRules(nodes, node.right, std::move(path), out);
}

int LeafOf(const std::vector<ExplainNode>& nodes, const std::vector<const io::Column*>& cols, size_t row) {
  int v = 0;
  while (nodes[static_cast<size_t>(v)].left >= 0) {
    const ExplainNode& node = nodes[static_cast<size_t>(v)];
    v = node.go_left.Holds(*cols[static_cast<size_t>(v)], row) ? node.left : node.right;
  }
  return v;
}

// Per node the column its condition reads (null for leaves); errors name a missing column.
Result<std::vector<const io::Column*>> NodeColumns(const std::vector<ExplainNode>& nodes, const io::Table& table) {
  std::vector<const io::Column*> cols(nodes.size(), nullptr);
  for (size_t v = 0; v < nodes.size(); ++v) {
    if (nodes[v].left < 0) continue;
    const RuleCondition& c = nodes[v].go_left;
    const int idx = table.FindColumn(c.column);
    if (idx < 0)
      return MakeError("explain.missing_column", "The rules read the column \"" + c.column + "\", which this file does not have.",
                       "Use a file with the columns the model was trained on.");
    const io::Column& col = table.columns[static_cast<size_t>(idx)];
    if (IsNumericOp(c.op) != col.IsNumericLike())
      return MakeError("explain.column_kind", "The rules compare \"" + c.column + "\" as " +
                           (IsNumericOp(c.op) ? "numbers" : "levels") + ", but this file holds " +
                           (col.IsNumericLike() ? "numbers" : "text") + " there.",
                       "Check that the column holds the same kind of values as in the training file.");
    cols[v] = &col;
  }
  return cols;
}

}  // namespace

// ---- [SECTION] ExplainSegmentation ------------------------------------------------------------

Result<Explanation> ExplainSegmentation(const io::Table& table, const SegmentResult& result, const ExplainOptions& options) {
  const int k = result.k;
  if (k < 1 || result.centroids.empty() || result.preparation.empty())
    return MakeError("explain.no_centres", "Rules can explain k-means, Gaussian-mixture and mixed results (they need segment centres).",
                     "Run the segmentation with --method kmeans, gmm or mixed.");
  const int leaves = options.leaves <= 0 ? k : options.leaves;
  if (leaves < k || leaves > 1024)
    return MakeError("explain.leaves", "The tree needs between k = " + std::to_string(k) + " and 1024 leaves (asked: " +
                                           std::to_string(leaves) + ").",
                     "Give --explain-leaves a number from k to 2k, e.g. " + std::to_string(2 * k) + ".");
  auto prepared = ApplyPreparation(table, result.preparation);
  if (!prepared.ok()) return prepared.error();
  const FeatureMatrix& m = prepared.value();
  if (m.cols * static_cast<size_t>(k) != result.centroids.size() || result.labels.size() != m.rows)
    return MakeError("explain.shape", "The result's centres do not match its features.", "Run the segmentation again.");
  std::vector<bool> splittable(m.cols, false);
  bool any = false;
  for (size_t f = 0; f < m.cols; ++f) {
    const PreparedFeature& pf = m.features[f];
    const io::Column& col = table.columns[static_cast<size_t>(pf.column)];
    // "other" (many levels) and "missing" indicators have no single condition; weight 0 never splits.
    splittable[f] = !pf.missing_indicator && !pf.other && pf.weight > 0 && pf.scale > 0 &&
                    (pf.IsIndicator() ? !col.IsNumericLike() : col.IsNumericLike());
    any = any || splittable[f];
  }
  if (!any)
    return MakeError("explain.no_feature", "None of the features can be stated as a rule.",
                     "Include at least one numeric or categorical column among the features.");

  PreparedTree tree = BuildImmTree(m.x.data(), m.rows, m.cols, result.centroids, k, result.labels, splittable);
  Explanation e;
  e.k = k;
  if (leaves > k) {
    ExpandTree(tree, m.x.data(), m.rows, m.cols, result.centroids, k, leaves, splittable);
    e.method = ExplainMethod::kExKmc;
  }
  e.nodes.resize(tree.nodes.size());
  for (size_t v = 0; v < tree.nodes.size(); ++v) {
    const PreparedNode& p = tree.nodes[v];
    e.nodes[v].left = p.left;
    e.nodes[v].right = p.right;
    e.nodes[v].segment = p.segment;
    if (p.feature >= 0) e.nodes[v].go_left = OriginalSplit(table, m, static_cast<size_t>(p.feature), p.threshold);
  }
  CollectRules(e.nodes, 0, {}, e.rules);

  auto labels = ApplyExplanation(e, table);
  if (!labels.ok()) return labels.error();
  e.rule_labels = std::move(labels.value());
  // Leaf sizes: rules are in tree order (left first), as CollectRules visits the leaves.
  std::vector<int> leaf_rule(e.nodes.size(), -1);
  {
    int r = 0;
    std::vector<int> stack{0};
    while (!stack.empty()) {
      const int v = stack.back();
      stack.pop_back();
      if (e.nodes[static_cast<size_t>(v)].left < 0) {
        leaf_rule[static_cast<size_t>(v)] = r++;
        continue;
      }
      stack.push_back(e.nodes[static_cast<size_t>(v)].right);
      stack.push_back(e.nodes[static_cast<size_t>(v)].left);
    }
  }
  auto cols = NodeColumns(e.nodes, table);
  if (!cols.ok()) return cols.error();
  for (size_t i = 0; i < m.rows; ++i) ++e.rules[static_cast<size_t>(leaf_rule[static_cast<size_t>(LeafOf(e.nodes, cols.value(), i))])].customers;

  size_t agree = 0;
  std::vector<size_t> found(static_cast<size_t>(k), 0), kept(static_cast<size_t>(k), 0);
  for (size_t i = 0; i < m.rows; ++i) {
    const auto s = static_cast<size_t>(result.labels[i]);
    ++found[s];
    if (e.rule_labels[i] == result.labels[i]) {
      ++agree;
      ++kept[s];
    }
  }
  e.agreement = m.rows ? static_cast<double>(agree) / static_cast<double>(m.rows) : 1.0;
  e.fits.resize(static_cast<size_t>(k));
  for (size_t s = 0; s < found.size(); ++s) e.fits[s] = found[s] ? static_cast<double>(kept[s]) / static_cast<double>(found[s]) : 0.0;
  e.tree_cost = PartitionCost(m.x.data(), m.rows, m.cols, e.rule_labels, k);
  e.clustering_cost = PartitionCost(m.x.data(), m.rows, m.cols, result.labels, k);
  e.cost_ratio = e.clustering_cost > 0 ? e.tree_cost / e.clustering_cost : 1.0;
  return e;
}

// ---- [SECTION] ApplyExplanation ---------------------------------------------------------------

Result<std::vector<int32_t>> ApplyExplanation(const Explanation& e, const io::Table& table) {
  if (e.nodes.empty()) return MakeError("explain.empty", "The model holds no rules.", "Segment again with --explain.");
  auto cols = NodeColumns(e.nodes, table);
  if (!cols.ok()) return cols.error();
  std::vector<int32_t> out(table.rows);
  for (size_t i = 0; i < table.rows; ++i) out[i] = e.nodes[static_cast<size_t>(LeafOf(e.nodes, cols.value(), i))].segment;
  return out;
}

// ---- [SECTION] Texts --------------------------------------------------------------------------

namespace {

std::string ThresholdText(double v, Lang lang) {  // six significant digits, German decimal comma
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return lang == Lang::kDe ? GermanNumbersInText(buf) : std::string(buf);
}

}  // namespace

std::string ConditionText(const RuleCondition& c, Lang lang) {
  std::string s = c.column;
  switch (c.op) {
    case RuleOp::kLe: s += " \u2264 "; break;
    case RuleOp::kGt: s += " > "; break;
    case RuleOp::kEq: s += " = "; break;
    case RuleOp::kNe: s += " \u2260 "; break;
  }
  if (IsNumericOp(c.op)) {
    s += ThresholdText(c.number, lang);
    if (c.missing && c.missing_seen) s += lang == Lang::kDe ? " (oder fehlend)" : " (or missing)";
  } else {
    s += c.level;
  }
  return s;
}

std::string ExplanationSummary(const Explanation& e, Lang lang) {
  const std::string how = std::string(ExplainMethodName(e.method)) + ", " + std::to_string(e.Leaves());
  if (lang == Lang::kDe)
    return "Regeln (" + how + (e.Leaves() == 1 ? " Blatt" : " Blätter") + "): Übereinstimmung " + FormatPercent(e.agreement * 100.0, 1, lang) +
           ", Kostenverhältnis " + FormatDecimal(e.cost_ratio, 4, lang);
  return "Rules (" + how + (e.Leaves() == 1 ? " leaf" : " leaves") + "): agreement " + FormatPercent(e.agreement * 100.0, 1, lang) +
         ", cost ratio " + FormatDecimal(e.cost_ratio, 4, lang);
}

std::string RuleText(const Explanation& e, int segment, Lang lang) {
  const bool de = lang == Lang::kDe;
  std::string body;
  int leaves = 0;
  for (const SegmentRule& r : e.rules) leaves += r.segment == segment ? 1 : 0;
  for (const SegmentRule& r : e.rules) {
    if (r.segment != segment) continue;
    std::string one;
    for (size_t a = 0; a < r.conditions.size(); ++a) {
      const RuleCondition& c = r.conditions[a];
      std::string text = ConditionText(c, lang);
      // "> lo" and "<= hi" on one column read as one range: "2.45 < petal length ≤ 5.15".
      if (c.op == RuleOp::kGt || c.op == RuleOp::kLe) {
        const RuleOp other = c.op == RuleOp::kGt ? RuleOp::kLe : RuleOp::kGt;
        const auto it = std::find_if(r.conditions.begin(), r.conditions.end(),
                                     [&](const RuleCondition& o) { return o.column == c.column && o.op == other; });
        if (it != r.conditions.end()) {
          if (it < r.conditions.begin() + static_cast<std::ptrdiff_t>(a)) continue;  // written with the first one
          const RuleCondition& lo = c.op == RuleOp::kGt ? c : *it;
          RuleCondition hi = c.op == RuleOp::kLe ? c : *it;
          hi.missing = lo.missing && hi.missing;
          const std::string upper = ConditionText(hi, lang);
          text = ThresholdText(lo.number, lang) + " < " + upper;
        }
      }
      one += (one.empty() ? "" : de ? " und " : " and ") + text;
    }
    if (one.empty()) one = de ? "alle Kunden" : "every customer";
    body += (body.empty() ? "" : de ? " oder " : " or ") + (r.conditions.size() > 1 && leaves > 1 ? "(" + one + ")" : one);
  }
  if (body.empty()) body = de ? "keine Regel" : "no rule";
  const double fit = static_cast<size_t>(segment) < e.fits.size() ? e.fits[static_cast<size_t>(segment)] * 100.0 : 0.0;
  std::string out = "Segment " + std::to_string(segment + 1) + " \u2248 " + body + " \u2014 ";
  out += de ? "trifft auf " + FormatPercent(fit, 0, lang) + " seiner Kunden zu" : "fits " + FormatPercent(fit, 0, lang) + " of its customers";
  return out;
}

// ---- [SECTION] JSON ---------------------------------------------------------------------------

namespace {

Error BadJson(const std::string& what) {
  return MakeError("explain.bad_json", "The model's explanation is damaged: " + what + ".", "Segment again with --explain --model.");
}

nlohmann::json ConditionToJson(const RuleCondition& c) {
  nlohmann::json j = {{"column", c.column}, {"op", RuleOpName(c.op)}};
  if (IsNumericOp(c.op)) j["value"] = c.number;
  else j["value"] = c.level;
  j["missing"] = c.missing;
  if (c.missing_seen) j["missing_seen"] = true;
  return j;
}

Result<RuleCondition> ConditionFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return BadJson("a condition is not an object");
  RuleCondition c;
  auto col = j.find("column");
  auto op = j.find("op");
  auto value = j.find("value");
  if (col == j.end() || !col->is_string() || op == j.end() || !op->is_string() || value == j.end())
    return BadJson("a condition needs column, op and value");
  c.column = col->get<std::string>();
  const std::string o = op->get<std::string>();
  if (o == "<=") c.op = RuleOp::kLe;
  else if (o == ">") c.op = RuleOp::kGt;
  else if (o == "==") c.op = RuleOp::kEq;
  else if (o == "!=") c.op = RuleOp::kNe;
  else return BadJson("unknown op \"" + o + "\"");
  if (IsNumericOp(c.op)) {
    if (!value->is_number() || !std::isfinite(value->get<double>())) return BadJson("a threshold is not a finite number");
    c.number = value->get<double>();
  } else {
    if (!value->is_string()) return BadJson("a level is not text");
    c.level = value->get<std::string>();
  }
  auto missing = j.find("missing");
  c.missing = missing != j.end() && missing->is_boolean() && missing->get<bool>();
  auto seen = j.find("missing_seen");
  c.missing_seen = seen != j.end() && seen->is_boolean() && seen->get<bool>();
  return c;
}

}  // namespace

nlohmann::json ExplanationToJson(const Explanation& e, Lang lang) {
  nlohmann::json rules = nlohmann::json::array();
  for (const SegmentRule& r : e.rules) {
    nlohmann::json conditions = nlohmann::json::array();
    for (const RuleCondition& c : r.conditions) conditions.push_back(ConditionToJson(c));
    rules.push_back({{"segment", r.segment + 1}, {"customers", r.customers}, {"conditions", conditions}});
  }
  nlohmann::json texts = nlohmann::json::array();
  for (int s = 0; s < e.k; ++s) texts.push_back(RuleText(e, s, lang));
  nlohmann::json tree = nlohmann::json::array();
  for (const ExplainNode& n : e.nodes) {
    if (n.left < 0) tree.push_back({{"segment", n.segment + 1}});
    else tree.push_back({{"left", n.left}, {"right", n.right}, {"go_left", ConditionToJson(n.go_left)}});
  }
  nlohmann::json fits = nlohmann::json::array();
  for (double f : e.fits) fits.push_back(f);
  return {{"method", ExplainMethodName(e.method)},
          {"k", e.k},
          {"leaves", e.Leaves()},
          {"agreement", e.agreement},
          {"cost_ratio", e.cost_ratio},
          {"tree_cost", e.tree_cost},
          {"clustering_cost", e.clustering_cost},
          {"fits", fits},
          {"texts", texts},
          {"rules", rules},
          {"tree", tree}};
}

Result<Explanation> ExplanationFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return BadJson("it is not an object");
  Explanation e;
  auto method = j.find("method");
  e.method = method != j.end() && method->is_string() && method->get<std::string>() == "exkmc" ? ExplainMethod::kExKmc : ExplainMethod::kImm;
  auto k = j.find("k");
  if (k == j.end() || !k->is_number_integer() || k->get<int>() < 1 || k->get<int>() > 100000) return BadJson("k is missing");
  e.k = k->get<int>();
  auto tree = j.find("tree");
  if (tree == j.end() || !tree->is_array() || tree->empty() || tree->size() > 4096) return BadJson("the tree is missing");
  const int size = static_cast<int>(tree->size());
  for (int v = 0; v < size; ++v) {
    const nlohmann::json& n = (*tree)[static_cast<size_t>(v)];
    if (!n.is_object()) return BadJson("a tree node is not an object");
    ExplainNode node;
    if (auto s = n.find("segment"); s != n.end()) {
      if (!s->is_number_integer() || s->get<int>() < 1 || s->get<int>() > e.k) return BadJson("a leaf's segment is out of range");
      node.segment = s->get<int>() - 1;
    } else {
      auto l = n.find("left"), r = n.find("right"), c = n.find("go_left");
      if (l == n.end() || r == n.end() || c == n.end() || !l->is_number_integer() || !r->is_number_integer())
        return BadJson("a split needs left, right and go_left");
      node.left = l->get<int>();
      node.right = r->get<int>();
      // Children after their parent: no cycles, every walk ends in a leaf.
      if (node.left <= v || node.right <= v || node.left >= size || node.right >= size) return BadJson("a split points outside the tree");
      auto cond = ConditionFromJson(*c);
      if (!cond.ok()) return cond.error();
      node.go_left = std::move(cond.value());
    }
    e.nodes.push_back(std::move(node));
  }
  CollectRules(e.nodes, 0, {}, e.rules);
  auto rules = j.find("rules");
  if (rules != j.end() && rules->is_array() && rules->size() == e.rules.size())
    for (size_t r = 0; r < e.rules.size(); ++r)
      if (auto c = (*rules)[r].find("customers"); c != (*rules)[r].end() && c->is_number_unsigned()) e.rules[r].customers = c->get<size_t>();
  for (const char* key : {"agreement", "cost_ratio", "tree_cost", "clustering_cost"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number()) continue;
    const double x = it->get<double>();
    if (std::string(key) == "agreement") e.agreement = x;
    else if (std::string(key) == "cost_ratio") e.cost_ratio = x;
    else if (std::string(key) == "tree_cost") e.tree_cost = x;
    else e.clustering_cost = x;
  }
  if (auto f = j.find("fits"); f != j.end() && f->is_array())
    for (const auto& x : *f) e.fits.push_back(x.is_number() ? x.get<double>() : 0.0);
  return e;
}

}  // namespace seg::analysis
