// bench --explain-only: how long the threshold tree takes (IMM, Dasgupta et al. 2020; ExKMC,
// Frost et al. 2020; src/core/analysis/explain_tree.cpp) on a large prepared matrix.
//
// The data: `rows` points in `dims` z-scored-like features around k seeded random centres
// (uniform in [-2, 2], unit-variance noise from the project's Rng), labelled by their nearest
// centre, as a converged k-means would leave them. Generating and labelling is not timed.
#include "bench_explain.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "seg/analysis/explain.hpp"
#include "seg/common/rng.hpp"

namespace seg::bench {

int RunExplainBench(size_t rows, size_t dims, int k) {
  using Clock = std::chrono::steady_clock;
  Rng rng(42);
  const auto K = static_cast<size_t>(k);
  std::vector<double> centres(K * dims);
  for (double& c : centres) c = -2.0 + 4.0 * rng.Uniform();
  std::vector<float> x(rows * dims);
  for (size_t i = 0; i < rows; ++i) {
    const size_t c = static_cast<size_t>(rng.Below(K));
    for (size_t f = 0; f < dims; ++f) {
      x[i * dims + f] = static_cast<float>(centres[c * dims + f] + rng.Normal());
    }
  }
  std::vector<int32_t> labels(rows);
  for (size_t i = 0; i < rows; ++i) {
    double best = INFINITY;
    for (size_t c = 0; c < K; ++c) {
      double d = 0.0;
      for (size_t f = 0; f < dims; ++f) {
        const double t = x[i * dims + f] - centres[c * dims + f];
        d += t * t;
      }
      if (d < best) {
        best = d;
        labels[i] = static_cast<int32_t>(c);
      }
    }
  }
  const auto t0 = Clock::now();
  analysis::PreparedTree tree = analysis::BuildImmTree(x.data(), rows, dims, centres, k, labels);
  const double imm = std::chrono::duration<double>(Clock::now() - t0).count();
  std::vector<int32_t> by_tree(rows);
  size_t agree = 0;
  for (size_t i = 0; i < rows; ++i) {
    by_tree[i] = tree.nodes[static_cast<size_t>(tree.Leaf(x.data() + i * dims))].segment;
    agree += by_tree[i] == labels[i] ? 1 : 0;
  }
  const double cost = analysis::PartitionCost(x.data(), rows, dims, labels, k);
  const double tree_cost = analysis::PartitionCost(x.data(), rows, dims, by_tree, k);
  const auto t1 = Clock::now();
  analysis::ExpandTree(tree, x.data(), rows, dims, centres, k, 2 * k);
  const double exkmc = std::chrono::duration<double>(Clock::now() - t1).count();
  std::printf("**Explanation tree benchmark** — %zu rows x %zu features, k = %d, one run per figure.\n\n", rows, dims, k);
  std::printf("| Step | Time | Result |\n|---|---:|---|\n");
  std::printf("| IMM tree, %d leaves | %.3f s | agreement %.4f, cost ratio %.4f |\n", k, imm, static_cast<double>(agree) / rows,
              cost > 0 ? tree_cost / cost : 1.0);
  std::printf("| ExKMC expansion to %d leaves | %.3f s | %d leaves |\n", 2 * k, exkmc, tree.Leaves());
  return 0;
}

}  // namespace seg::bench
