// Threshold trees in the prepared space: IMM (Dasgupta, Frost, Moshkovitz & Rashtchian, ICML
// 2020) and the ExKMC expansion (Frost, Moshkovitz & Rashtchian 2020). See explain.hpp.
//
// [SECTION] Sorting: every feature's row order once (LSD radix sort on the float bits, stable)
// [SECTION] IMM: the split with the fewest mistakes per node
// [SECTION] ExKMC: the split that lowers the surrogate cost most, leaf by leaf
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <queue>

#include "seg/analysis/explain.hpp"

namespace seg::analysis {

int PreparedTree::Leaves() const {
  int n = 0;
  for (const auto& node : nodes) n += node.feature < 0 ? 1 : 0;
  return n;
}

int PreparedTree::Leaf(const float* row) const {
  int i = 0;
  while (nodes[static_cast<size_t>(i)].feature >= 0) {
    const PreparedNode& node = nodes[static_cast<size_t>(i)];
    i = static_cast<double>(row[node.feature]) <= node.threshold ? node.left : node.right;
  }
  return i;
}

namespace {

// ---- [SECTION] Sorting ------------------------------------------------------------------------

// Order-preserving map of a float to 32 bits (-0 is folded onto +0 by the caller).
inline uint32_t FloatKey(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// Rows 0..n-1 sorted by feature f, equal values in row order (three stable 11-bit passes).
std::vector<uint32_t> SortedRows(const float* x, size_t n, size_t dim, size_t f) {
  std::vector<uint32_t> keys(n), order(n), tmp_keys(n), tmp_order(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = FloatKey(x[i * dim + f] + 0.0f);
    order[i] = static_cast<uint32_t>(i);
  }
  for (int shift = 0; shift < 32; shift += 11) {
    size_t count[2049] = {0};
    for (size_t i = 0; i < n; ++i) ++count[((keys[i] >> shift) & 2047u) + 1];
    for (size_t b = 1; b <= 2048; ++b) count[b] += count[b - 1];
    for (size_t i = 0; i < n; ++i) {
      const size_t p = count[(keys[i] >> shift) & 2047u]++;
      tmp_keys[p] = keys[i];
      tmp_order[p] = order[i];
    }
    keys.swap(tmp_keys);
    order.swap(tmp_order);
  }
  return order;
}

std::vector<std::vector<uint32_t>> SortAll(const float* x, size_t n, size_t dim, const std::vector<bool>& splittable) {
  std::vector<std::vector<uint32_t>> sorted(dim);
  for (size_t f = 0; f < dim; ++f)
    if (splittable.empty() || splittable[f]) sorted[f] = SortedRows(x, n, dim, f);
  return sorted;
}

bool CanSplit(const std::vector<bool>& splittable, size_t f) { return splittable.empty() || splittable[f]; }

struct Split {
  int feature = -1;
  double threshold = 0.0;
  double score = std::numeric_limits<double>::infinity();  // lower is better
};

// ---- [SECTION] IMM ----------------------------------------------------------------------------

// The fewest-mistakes threshold on feature f for the points in `node` (node_of == node) whose
// centres are `ids` (at least two). Candidates: every distinct point or centre value v with at
// least one centre on each side (x <= v left). Sweep: all items start on the right; moving a point
// of centre j left adds a mistake while j is right, removes one once j is left; moving centre j
// left turns its left points into hits and its right points into mistakes.
void BestImmSplit(const float* x, size_t dim, size_t f, const std::vector<uint32_t>& sorted, const std::vector<int32_t>& node_of,
                  int node, const std::vector<int32_t>& labels, const std::vector<double>& centres, const std::vector<int>& ids,
                  const std::vector<size_t>& total, Split& best) {
  std::vector<std::pair<double, int>> cv;
  for (int j : ids) cv.emplace_back(centres[static_cast<size_t>(j) * dim + f], j);
  std::sort(cv.begin(), cv.end());
  if (cv.front().first == cv.back().first) return;
  const size_t k = total.size();
  std::vector<size_t> left_count(k, 0);
  std::vector<uint8_t> centre_left(k, 0);
  long long mistakes = 0;
  size_t centres_left = 0, ci = 0, pi = 0;
  const size_t n = sorted.size();
  auto next_point = [&]() {
    while (pi < n && node_of[sorted[pi]] != node) ++pi;
  };
  next_point();
  while (ci < cv.size()) {
    const double pv = pi < n ? static_cast<double>(x[static_cast<size_t>(sorted[pi]) * dim + f]) : INFINITY;
    const double v = std::min(pv, cv[ci].first);
    while (pi < n && static_cast<double>(x[static_cast<size_t>(sorted[pi]) * dim + f]) == v) {
      const auto j = static_cast<size_t>(labels[sorted[pi]]);
      mistakes += centre_left[j] ? -1 : 1;
      ++left_count[j];
      ++pi;
      next_point();
    }
    while (ci < cv.size() && cv[ci].first == v) {
      const auto j = static_cast<size_t>(cv[ci].second);
      mistakes += static_cast<long long>(total[j] - left_count[j]) - static_cast<long long>(left_count[j]);
      centre_left[j] = 1;
      ++centres_left;
      ++ci;
    }
    if (centres_left == cv.size()) break;
    if (centres_left > 0 && static_cast<double>(mistakes) < best.score) best = {static_cast<int>(f), v, static_cast<double>(mistakes)};
  }
}

}  // namespace

PreparedTree BuildImmTree(const float* x, size_t n, size_t dim, const std::vector<double>& centres, int k,
                          const std::vector<int32_t>& labels, const std::vector<bool>& splittable) {
  PreparedTree tree;
  const auto sorted = SortAll(x, n, dim, splittable);
  std::vector<int32_t> node_of(n, 0);  // -1: a mistake, no longer part of any node's data
  struct Pending {
    int node;
    std::vector<int> ids;
  };
  std::vector<int> all(static_cast<size_t>(k));
  for (int j = 0; j < k; ++j) all[static_cast<size_t>(j)] = j;
  tree.nodes.push_back({});
  std::queue<Pending> todo;
  todo.push({0, all});
  while (!todo.empty()) {
    Pending p = std::move(todo.front());
    todo.pop();
    PreparedNode& node = tree.nodes[static_cast<size_t>(p.node)];
    std::vector<size_t> total(static_cast<size_t>(k), 0);
    for (size_t i = 0; i < n; ++i)
      if (node_of[i] == p.node) ++total[static_cast<size_t>(labels[i])];
    if (p.ids.size() == 1) {
      node.segment = p.ids[0];
      continue;
    }
    Split best;
    for (size_t f = 0; f < dim; ++f)
      if (CanSplit(splittable, f)) BestImmSplit(x, dim, f, sorted[f], node_of, p.node, labels, centres, p.ids, total, best);
    if (best.feature < 0) {  // identical centres: the leaf goes to the one with most customers
      int pick = p.ids[0];
      for (int j : p.ids)
        if (total[static_cast<size_t>(j)] > total[static_cast<size_t>(pick)]) pick = j;
      node.segment = pick;
      continue;
    }
    const int left = static_cast<int>(tree.nodes.size());
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.left = left;
    node.right = left + 1;
    tree.nodes.push_back({});
    tree.nodes.push_back({});
    Pending l{left, {}}, r{left + 1, {}};
    std::vector<uint8_t> goes_left(static_cast<size_t>(k), 0);
    for (int j : p.ids) {
      const bool is_left = centres[static_cast<size_t>(j) * dim + static_cast<size_t>(best.feature)] <= best.threshold;
      goes_left[static_cast<size_t>(j)] = is_left;
      (is_left ? l : r).ids.push_back(j);
    }
    for (size_t i = 0; i < n; ++i) {
      if (node_of[i] != p.node) continue;
      const bool is_left = static_cast<double>(x[i * dim + static_cast<size_t>(best.feature)]) <= best.threshold;
      node_of[i] = is_left != static_cast<bool>(goes_left[static_cast<size_t>(labels[i])]) ? -1 : (is_left ? left : left + 1);
    }
    todo.push(std::move(l));
    todo.push(std::move(r));
  }
  return tree;
}

// ---- [SECTION] ExKMC --------------------------------------------------------------------------

namespace {

// Surrogate cost of giving a set of points to centre j: sum |x|^2 - 2 c_j . sum x + |S| |c_j|^2,
// from the set's count, sum of squares and per-centre dot sums.
struct CostSums {
  double count = 0.0, squares = 0.0;
  std::vector<double> dots;
};

double BestCost(const CostSums& s, const std::vector<double>& norms, int* centre = nullptr) {
  double best = INFINITY;
  for (size_t j = 0; j < norms.size(); ++j) {
    const double c = s.squares - 2.0 * s.dots[j] + s.count * norms[j];
    if (c < best) {
      best = c;
      if (centre) *centre = static_cast<int>(j);
    }
  }
  return best;
}

struct LeafPlan {
  Split split;  // score = -gain
  int segment = 0;
};

LeafPlan PlanLeaf(const float* x, size_t dim, const std::vector<std::vector<uint32_t>>& sorted, const std::vector<int32_t>& leaf_of,
                  int leaf, const std::vector<double>& dots, const std::vector<double>& squares, const std::vector<double>& norms,
                  const std::vector<bool>& splittable) {
  const size_t k = norms.size();
  CostSums all{0.0, 0.0, std::vector<double>(k, 0.0)};
  const size_t n = leaf_of.size();
  for (size_t i = 0; i < n; ++i) {
    if (leaf_of[i] != leaf) continue;
    all.count += 1.0;
    all.squares += squares[i];
    for (size_t j = 0; j < k; ++j) all.dots[j] += dots[i * k + j];
  }
  LeafPlan plan;
  const double cost = BestCost(all, norms, &plan.segment);
  for (size_t f = 0; f < dim; ++f) {
    if (!CanSplit(splittable, f)) continue;
    CostSums left{0.0, 0.0, std::vector<double>(k, 0.0)}, right = all;
    const auto& order = sorted[f];
    for (size_t p = 0; p < n; ++p) {
      const uint32_t i = order[p];
      if (leaf_of[i] != leaf) continue;
      left.count += 1.0;
      left.squares += squares[i];
      right.count -= 1.0;
      right.squares -= squares[i];
      for (size_t j = 0; j < k; ++j) {
        left.dots[j] += dots[i * k + j];
        right.dots[j] -= dots[i * k + j];
      }
      const float v = x[static_cast<size_t>(i) * dim + f];
      size_t q = p + 1;
      while (q < n && leaf_of[order[q]] != leaf) ++q;
      if (q >= n) break;  // everything left: no split
      if (x[static_cast<size_t>(order[q]) * dim + f] == v) continue;
      const double gain = cost - BestCost(left, norms) - BestCost(right, norms);
      if (-gain < plan.split.score) plan.split = {static_cast<int>(f), static_cast<double>(v), -gain};
    }
  }
  return plan;
}

}  // namespace

void ExpandTree(PreparedTree& tree, const float* x, size_t n, size_t dim, const std::vector<double>& centres, int k, int leaves,
                const std::vector<bool>& splittable) {
  if (tree.Leaves() >= leaves) return;
  const auto K = static_cast<size_t>(k);
  std::vector<double> dots(n * K), squares(n, 0.0), norms(K, 0.0);
  for (size_t j = 0; j < K; ++j)
    for (size_t f = 0; f < dim; ++f) norms[j] += centres[j * dim + f] * centres[j * dim + f];
  for (size_t i = 0; i < n; ++i) {
    const float* row = x + i * dim;
    for (size_t f = 0; f < dim; ++f) squares[i] += static_cast<double>(row[f]) * row[f];
    for (size_t j = 0; j < K; ++j) {
      double d = 0.0;
      for (size_t f = 0; f < dim; ++f) d += static_cast<double>(row[f]) * centres[j * dim + f];
      dots[i * K + j] = d;
    }
  }
  const auto sorted = SortAll(x, n, dim, splittable);
  std::vector<int32_t> leaf_of(n);
  for (size_t i = 0; i < n; ++i) leaf_of[i] = tree.Leaf(x + i * dim);
  std::vector<LeafPlan> plans(tree.nodes.size());
  for (size_t v = 0; v < tree.nodes.size(); ++v) {
    if (tree.nodes[v].feature >= 0) continue;
    plans[v] = PlanLeaf(x, dim, sorted, leaf_of, static_cast<int>(v), dots, squares, norms, splittable);
    tree.nodes[v].segment = plans[v].segment;  // the surrogate's centre (ExKMC)
  }
  // Gains below this are rounding noise of the summed costs.
  double scale = 0.0;
  for (double s : squares) scale += s;
  const double min_gain = 1e-12 * std::max(1.0, scale);
  for (int have = tree.Leaves(); have < leaves; ++have) {
    int pick = -1;
    for (size_t v = 0; v < tree.nodes.size(); ++v) {
      if (tree.nodes[v].feature >= 0 || plans[v].split.feature < 0 || -plans[v].split.score <= min_gain) continue;
      if (pick < 0 || plans[v].split.score < plans[static_cast<size_t>(pick)].split.score) pick = static_cast<int>(v);
    }
    if (pick < 0) break;
    const Split s = plans[static_cast<size_t>(pick)].split;
    const int left = static_cast<int>(tree.nodes.size());
    PreparedNode& node = tree.nodes[static_cast<size_t>(pick)];
    node.feature = s.feature;
    node.threshold = s.threshold;
    node.left = left;
    node.right = left + 1;
    node.segment = -1;
    tree.nodes.push_back({});
    tree.nodes.push_back({});
    plans.resize(tree.nodes.size());
    for (size_t i = 0; i < n; ++i)
      if (leaf_of[i] == pick)
        leaf_of[i] = static_cast<double>(x[i * dim + static_cast<size_t>(s.feature)]) <= s.threshold ? left : left + 1;
    for (int c : {left, left + 1}) {
      plans[static_cast<size_t>(c)] = PlanLeaf(x, dim, sorted, leaf_of, c, dots, squares, norms, splittable);
      tree.nodes[static_cast<size_t>(c)].segment = plans[static_cast<size_t>(c)].segment;
    }
  }
}

double PartitionCost(const float* x, size_t n, size_t dim, const std::vector<int32_t>& labels, int k) {
  const auto K = static_cast<size_t>(std::max(k, 0));
  std::vector<double> sum(K * dim, 0.0), count(K, 0.0);
  for (size_t i = 0; i < n; ++i) {
    if (labels[i] < 0 || static_cast<size_t>(labels[i]) >= K) continue;
    const auto c = static_cast<size_t>(labels[i]);
    count[c] += 1.0;
    for (size_t f = 0; f < dim; ++f) sum[c * dim + f] += x[i * dim + f];
  }
  for (size_t c = 0; c < K; ++c)
    for (size_t f = 0; f < dim; ++f) sum[c * dim + f] /= std::max(1.0, count[c]);
  double cost = 0.0;
  for (size_t i = 0; i < n; ++i) {
    if (labels[i] < 0 || static_cast<size_t>(labels[i]) >= K) continue;
    const double* mean = sum.data() + static_cast<size_t>(labels[i]) * dim;
    for (size_t f = 0; f < dim; ++f) {
      const double d = x[i * dim + f] - mean[f];
      cost += d * d;
    }
  }
  return cost;
}

}  // namespace seg::analysis
