// Threshold trees in the prepared space: IMM (Dasgupta, Frost, Moshkovitz & Rashtchian, ICML
// 2020) and the ExKMC expansion (Frost, Moshkovitz & Rashtchian 2020). See explain.hpp.
//
// [SECTION] Sorting: every feature's (value, row) pairs once (LSD radix sort), node ranges split stably
// [SECTION] IMM: the split with the fewest mistakes per node
// [SECTION] ExKMC: the split that lowers the surrogate cost most, leaf by leaf
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <queue>
#include <utility>

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

struct Entry {
  float v;
  uint32_t row;
  int32_t label;  // the row's centre (IMM), kept here so the sweeps never look it up
};

// Every splittable feature's rows sorted by value (equal values in row order), value kept next to
// the row so sweeps read memory in order. A node owns the same range [begin, end) in every
// feature's array; splitting it partitions each range stably (left, right, dropped).
class SortedFeatures {
 public:
  SortedFeatures(const float* x, size_t n, size_t dim, const std::vector<bool>& splittable, const int32_t* labels = nullptr)
      : cols_(dim), tmp_(n) {
    std::vector<uint32_t> keys(n), tmp_keys(n);
    for (size_t f = 0; f < dim; ++f) {
      if (!splittable.empty() && !splittable[f]) continue;
      std::vector<Entry>& e = cols_[f];
      e.resize(n);
      for (size_t i = 0; i < n; ++i) {
        e[i] = {x[i * dim + f] + 0.0f, static_cast<uint32_t>(i), labels ? labels[i] : 0};
        keys[i] = FloatKey(e[i].v);
      }
      for (int shift = 0; shift < 32; shift += 11) {  // LSD radix sort, three stable 11-bit passes
        size_t count[2049] = {0};
        for (size_t i = 0; i < n; ++i) ++count[((keys[i] >> shift) & 2047u) + 1];
        for (size_t b = 1; b <= 2048; ++b) count[b] += count[b - 1];
        for (size_t i = 0; i < n; ++i) {
          const size_t p = count[(keys[i] >> shift) & 2047u]++;
          tmp_keys[p] = keys[i];
          tmp_[p] = e[i];
        }
        keys.swap(tmp_keys);
        e.swap(tmp_);
      }
    }
  }
  bool Has(size_t f) const { return !cols_[f].empty(); }
  const Entry* Col(size_t f) const { return cols_[f].data(); }
  // side[row]: 0 left, 1 right, anything else dropped. Returns the end of the left part and of
  // the right part; both parts keep their sorted order.
  std::pair<size_t, size_t> Split(size_t begin, size_t end, const std::vector<uint8_t>& side) {
    size_t mid = begin, stop = begin;
    if (right_.size() < tmp_.size()) right_.resize(tmp_.size());
    for (std::vector<Entry>& e : cols_) {
      if (e.empty()) continue;
      size_t l = begin, r = 0;
      for (size_t p = begin; p < end; ++p) {  // one pass: left entries in place, right ones aside
        const uint8_t s = side[e[p].row];
        if (s == 0) e[l++] = e[p];
        else if (s == 1) right_[r++] = e[p];
      }
      mid = l;
      std::copy(right_.begin(), right_.begin() + static_cast<std::ptrdiff_t>(r), e.begin() + static_cast<std::ptrdiff_t>(l));
      stop = l + r;
    }
    return {mid, stop};
  }

 private:
  std::vector<std::vector<Entry>> cols_;
  std::vector<Entry> tmp_, right_;
};

struct Split {
  int feature = -1;
  double threshold = 0.0;
  double score = std::numeric_limits<double>::infinity();  // lower is better
};

// ---- [SECTION] IMM ----------------------------------------------------------------------------

// The fewest-mistakes threshold on feature f for the node's points `pts` (sorted by f) whose
// centres are `ids` (at least two). Candidates: every distinct point or centre value v with at
// least one centre on each side (x <= v left). Sweep: all items start on the right; moving a point
// of centre j left adds a mistake while j is right, removes one once j is left; moving centre j
// left turns its left points into hits and its right points into mistakes.
void BestImmSplit(size_t dim, size_t f, const Entry* pts, size_t n, const std::vector<double>& centres,
                  const std::vector<int>& ids, const std::vector<size_t>& total, Split& best) {
  std::vector<std::pair<double, int>> cv;
  for (int j : ids) cv.emplace_back(centres[static_cast<size_t>(j) * dim + f], j);
  std::sort(cv.begin(), cv.end());
  if (cv.front().first == cv.back().first) return;
  const size_t k = total.size();
  std::vector<size_t> left_count(k, 0);
  std::vector<uint8_t> centre_left(k, 0);
  long long mistakes = 0;
  size_t centres_left = 0, ci = 0, pi = 0;
  while (ci < cv.size()) {
    const double pv = pi < n ? static_cast<double>(pts[pi].v) : INFINITY;
    const double v = std::min(pv, cv[ci].first);
    for (; pi < n && static_cast<double>(pts[pi].v) == v; ++pi) {
      const auto j = static_cast<size_t>(pts[pi].label);
      mistakes += centre_left[j] ? -1 : 1;
      ++left_count[j];
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
  SortedFeatures sorted(x, n, dim, splittable, labels.data());
  size_t any = dim;
  for (size_t f = 0; f < dim; ++f)
    if (sorted.Has(f)) any = std::min(any, f);
  struct Pending {
    int node;
    size_t begin, end;  // the node's points (mistakes already dropped)
    std::vector<int> ids;
  };
  std::vector<int> all(static_cast<size_t>(k));
  for (int j = 0; j < k; ++j) all[static_cast<size_t>(j)] = j;
  tree.nodes.push_back({});
  std::queue<Pending> todo;
  todo.push({0, 0, n, all});
  std::vector<uint8_t> side(n, 2);
  while (!todo.empty()) {
    Pending p = std::move(todo.front());
    todo.pop();
    std::vector<size_t> total(static_cast<size_t>(k), 0);
    if (any < dim)
      for (size_t q = p.begin; q < p.end; ++q) ++total[static_cast<size_t>(sorted.Col(any)[q].label)];
    if (p.ids.size() == 1) {
      tree.nodes[static_cast<size_t>(p.node)].segment = p.ids[0];
      continue;
    }
    Split best;
    for (size_t f = 0; f < dim; ++f)
      if (sorted.Has(f)) BestImmSplit(dim, f, sorted.Col(f) + p.begin, p.end - p.begin, centres, p.ids, total, best);
    if (best.feature < 0) {  // identical centres: the leaf goes to the one with most customers
      int pick = p.ids[0];
      for (int j : p.ids)
        if (total[static_cast<size_t>(j)] > total[static_cast<size_t>(pick)]) pick = j;
      tree.nodes[static_cast<size_t>(p.node)].segment = pick;
      continue;
    }
    const int left = static_cast<int>(tree.nodes.size());
    PreparedNode& node = tree.nodes[static_cast<size_t>(p.node)];
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.left = left;
    node.right = left + 1;
    tree.nodes.push_back({});
    tree.nodes.push_back({});
    Pending l{left, 0, 0, {}}, r{left + 1, 0, 0, {}};
    std::vector<uint8_t> goes_left(static_cast<size_t>(k), 0);
    for (int j : p.ids) {
      const bool is_left = centres[static_cast<size_t>(j) * dim + static_cast<size_t>(best.feature)] <= best.threshold;
      goes_left[static_cast<size_t>(j)] = is_left;
      (is_left ? l : r).ids.push_back(j);
    }
    // Points separated from their centre are mistakes: they leave the subtree's data (IMM).
    const Entry* col = sorted.Col(static_cast<size_t>(best.feature));
    for (size_t q = p.begin; q < p.end; ++q) {
      const uint32_t row = col[q].row;
      const bool is_left = static_cast<double>(col[q].v) <= best.threshold;
      side[row] = is_left != static_cast<bool>(goes_left[static_cast<size_t>(col[q].label)]) ? 2 : (is_left ? 0 : 1);
    }
    if (l.ids.size() == 1 && r.ids.size() == 1) {  // both children are leaves: their points need no order
      tree.nodes[static_cast<size_t>(left)].segment = l.ids[0];
      tree.nodes[static_cast<size_t>(left) + 1].segment = r.ids[0];
      continue;
    }
    const auto [mid, stop] = sorted.Split(p.begin, p.end, side);
    l.begin = p.begin;
    l.end = mid;
    r.begin = mid;
    r.end = stop;
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
  size_t begin = 0, end = 0;
};

void PlanLeaf(size_t dim, const SortedFeatures& sorted, LeafPlan& plan, const std::vector<double>& dots, const std::vector<double>& squares,
              const std::vector<double>& norms) {
  const size_t k = norms.size();
  CostSums all{0.0, 0.0, std::vector<double>(k, 0.0)};
  size_t any = dim;
  for (size_t f = 0; f < dim && any == dim; ++f)
    if (sorted.Has(f)) any = f;
  plan.split = Split{};
  if (any == dim) return;
  for (size_t q = plan.begin; q < plan.end; ++q) {
    const uint32_t i = sorted.Col(any)[q].row;
    all.count += 1.0;
    all.squares += squares[i];
    for (size_t j = 0; j < k; ++j) all.dots[j] += dots[i * k + j];
  }
  const double cost = BestCost(all, norms, &plan.segment);
  for (size_t f = 0; f < dim; ++f) {
    if (!sorted.Has(f)) continue;
    CostSums left{0.0, 0.0, std::vector<double>(k, 0.0)}, right = all;
    const Entry* e = sorted.Col(f);
    for (size_t q = plan.begin; q + 1 < plan.end; ++q) {
      const uint32_t i = e[q].row;
      left.count += 1.0;
      left.squares += squares[i];
      right.count -= 1.0;
      right.squares -= squares[i];
      for (size_t j = 0; j < k; ++j) {
        left.dots[j] += dots[i * k + j];
        right.dots[j] -= dots[i * k + j];
      }
      if (e[q + 1].v == e[q].v) continue;
      const double gain = cost - BestCost(left, norms) - BestCost(right, norms);
      if (-gain < plan.split.score) plan.split = {static_cast<int>(f), static_cast<double>(e[q].v), -gain};
    }
  }
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
  SortedFeatures sorted(x, n, dim, splittable);
  // Every point (mistakes included) goes down the tree; each leaf gets its range by splitting
  // the root's range along the tree, node by node.
  std::vector<LeafPlan> plans(tree.nodes.size());
  plans[0].begin = 0;
  plans[0].end = n;
  std::vector<uint8_t> side(n, 2);
  for (size_t v = 0; v < tree.nodes.size(); ++v) {
    const PreparedNode& node = tree.nodes[v];
    if (node.feature < 0) continue;
    const Entry* col = sorted.Col(static_cast<size_t>(node.feature));  // split features are splittable
    for (size_t q = plans[v].begin; q < plans[v].end; ++q) side[col[q].row] = static_cast<double>(col[q].v) <= node.threshold ? 0 : 1;
    const auto [mid, stop] = sorted.Split(plans[v].begin, plans[v].end, side);
    plans[static_cast<size_t>(node.left)].begin = plans[v].begin;
    plans[static_cast<size_t>(node.left)].end = mid;
    plans[static_cast<size_t>(node.right)].begin = mid;
    plans[static_cast<size_t>(node.right)].end = stop;
  }
  for (size_t v = 0; v < tree.nodes.size(); ++v) {
    if (tree.nodes[v].feature >= 0) continue;
    PlanLeaf(dim, sorted, plans[v], dots, squares, norms);
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
    const size_t b = plans[static_cast<size_t>(pick)].begin, e = plans[static_cast<size_t>(pick)].end;
    const Entry* col = sorted.Col(static_cast<size_t>(s.feature));
    for (size_t q = b; q < e; ++q) side[col[q].row] = static_cast<double>(col[q].v) <= s.threshold ? 0 : 1;
    const auto [mid, stop] = sorted.Split(b, e, side);
    plans.resize(tree.nodes.size());
    plans[static_cast<size_t>(left)].begin = b;
    plans[static_cast<size_t>(left)].end = mid;
    plans[static_cast<size_t>(left) + 1].begin = mid;
    plans[static_cast<size_t>(left) + 1].end = stop;
    for (int c : {left, left + 1}) {
      PlanLeaf(dim, sorted, plans[static_cast<size_t>(c)], dots, squares, norms);
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
