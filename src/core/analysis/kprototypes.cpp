#include "seg/analysis/kprototypes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace seg::analysis {

Result<KPrototypesRunner> KPrototypesRunner::Create(const float* num, size_t num_dim, const uint32_t* cat, size_t cat_dim,
                                                    std::vector<uint32_t> levels_per_column, size_t n,
                                                    const KPrototypesOptions& options) {
  if (num_dim + cat_dim == 0) return MakeError("kprototypes.no_features", "k-prototypes needs at least one column.");
  if (levels_per_column.size() != cat_dim) return MakeError("kprototypes.bad_levels", "Internal error: level counts do not match the columns.");
  if (options.k < 1) return MakeError("kprototypes.bad_k", "The number of segments must be at least 1.");
  if (static_cast<size_t>(options.k) > n) {
    return MakeError("kprototypes.k_exceeds_rows",
                     "Cannot make " + std::to_string(options.k) + " segments from " + std::to_string(n) + " rows.",
                     "Choose k no larger than the number of rows.");
  }
  KPrototypesRunner r;
  r.num_ = num;
  r.cat_ = cat;
  r.n_ = n;
  r.nd_ = num_dim;
  r.cd_ = cat_dim;
  r.levels_ = std::move(levels_per_column);
  r.opt_ = options;
  r.opt_.n_init = std::max(1, options.n_init);
  r.opt_.max_iter = std::max(1, options.max_iter);
  if (r.opt_.gamma < 0) {
    double var = 0.0;
    if (num_dim > 0) {
      std::vector<double> mean(num_dim, 0.0);
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < num_dim; ++j) mean[j] += num[i * num_dim + j];
      for (auto& m : mean) m /= static_cast<double>(n);
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < num_dim; ++j) var += (num[i * num_dim + j] - mean[j]) * (num[i * num_dim + j] - mean[j]);
      var /= static_cast<double>(n * num_dim);
    }
    r.opt_.gamma = num_dim > 0 ? 0.5 * std::max(var, 1e-12) : 1.0;
  }
  r.rng_ = Rng(options.seed);
  r.labels_.assign(n, 0);
  return r;
}

double KPrototypesRunner::Distance(size_t row, size_t proto) const {
  double d = 0.0;
  const float* x = num_ + row * nd_;
  const double* m = means_.data() + proto * nd_;
  for (size_t j = 0; j < nd_; ++j) d += (x[j] - m[j]) * (x[j] - m[j]);
  const uint32_t* c = cat_ + row * cd_;
  const uint32_t* mo = modes_.data() + proto * cd_;
  size_t mismatches = 0;
  for (size_t j = 0; j < cd_; ++j) mismatches += c[j] != mo[j];
  return d + opt_.gamma * static_cast<double>(mismatches);
}

double KPrototypesRunner::Progress() const {
  if (done_) return 1.0;
  const double within = seeded_ ? 0.1 + 0.9 * (1.0 - std::exp(-iter_ / 8.0)) : 0.0;
  return std::min(1.0, (restart_ + within) / opt_.n_init);
}

void KPrototypesRunner::Seed() {
  const size_t k = static_cast<size_t>(opt_.k);
  Rng rng = rng_.Fork(static_cast<uint64_t>(restart_));
  means_.assign(k * nd_, 0.0);
  modes_.assign(k * cd_, 0);
  auto take = [&](size_t proto, size_t row) {
    for (size_t j = 0; j < nd_; ++j) means_[proto * nd_ + j] = num_[row * nd_ + j];
    for (size_t j = 0; j < cd_; ++j) modes_[proto * cd_ + j] = cat_[row * cd_ + j];
  };
  take(0, static_cast<size_t>(rng.Below(n_)));
  std::vector<double> closest(n_);
  double potential = 0.0;
  for (size_t i = 0; i < n_; ++i) potential += closest[i] = Distance(i, 0);
  for (size_t c = 1; c < k; ++c) {
    size_t idx = static_cast<size_t>(rng.Below(n_));
    if (potential > 0) {
      double target = rng.Uniform() * potential, acc = 0.0;
      idx = n_ - 1;
      for (size_t i = 0; i < n_; ++i) {
        acc += closest[i];
        if (acc > target) {
          idx = i;
          break;
        }
      }
    }
    take(c, idx);
    potential = 0.0;
    for (size_t i = 0; i < n_; ++i) potential += closest[i] = std::min(closest[i], Distance(i, c));
  }
  seeded_ = true;
  iter_ = 0;
}

bool KPrototypesRunner::Iterate() {
  const size_t k = static_cast<size_t>(opt_.k);
  bool changed = false;
  cost_ = 0.0;
  for (size_t i = 0; i < n_; ++i) {
    double best = std::numeric_limits<double>::infinity();
    int32_t arg = 0;
    for (size_t c = 0; c < k; ++c) {
      const double d = Distance(i, c);
      if (d < best) {
        best = d;
        arg = static_cast<int32_t>(c);
      }
    }
    changed |= labels_[i] != arg || iter_ == 0;
    labels_[i] = arg;
    cost_ += best;
  }
  // Update: means and modes; an empty prototype keeps its place (repaired below).
  std::vector<double> sums(k * nd_, 0.0);
  std::vector<size_t> counts(k, 0);
  for (size_t i = 0; i < n_; ++i) {
    const size_t c = static_cast<size_t>(labels_[i]);
    ++counts[c];
    for (size_t j = 0; j < nd_; ++j) sums[c * nd_ + j] += num_[i * nd_ + j];
  }
  for (size_t j = 0; j < cd_; ++j) {
    const size_t L = levels_[j];
    std::vector<size_t> freq(k * L, 0);
    for (size_t i = 0; i < n_; ++i) {
      const uint32_t v = cat_[i * cd_ + j];
      if (v < L) ++freq[static_cast<size_t>(labels_[i]) * L + v];
    }
    for (size_t c = 0; c < k; ++c) {
      if (!counts[c]) continue;
      size_t best = 0;
      for (size_t l = 1; l < L; ++l)
        if (freq[c * L + l] > freq[c * L + best]) best = l;
      modes_[c * cd_ + j] = static_cast<uint32_t>(best);
    }
  }
  for (size_t c = 0; c < k; ++c) {
    if (counts[c]) {
      for (size_t j = 0; j < nd_; ++j) means_[c * nd_ + j] = sums[c * nd_ + j] / static_cast<double>(counts[c]);
      continue;
    }
    // Empty: re-seed at the row farthest from its prototype.
    size_t far = 0;
    double far_d = -1.0;
    for (size_t i = 0; i < n_; ++i) {
      if (counts[static_cast<size_t>(labels_[i])] < 2) continue;
      const double d = Distance(i, static_cast<size_t>(labels_[i]));
      if (d > far_d) {
        far_d = d;
        far = i;
      }
    }
    --counts[static_cast<size_t>(labels_[far])];
    labels_[far] = static_cast<int32_t>(c);
    counts[c] = 1;
    for (size_t j = 0; j < nd_; ++j) means_[c * nd_ + j] = num_[far * nd_ + j];
    for (size_t j = 0; j < cd_; ++j) modes_[c * cd_ + j] = cat_[far * cd_ + j];
    changed = true;
  }
  ++iter_;
  return !changed;
}

void KPrototypesRunner::FinishRestart() {
  // Final assignment consistent with the prototypes.
  const size_t k = static_cast<size_t>(opt_.k);
  cost_ = 0.0;
  for (size_t i = 0; i < n_; ++i) {
    double best = std::numeric_limits<double>::infinity();
    int32_t arg = 0;
    for (size_t c = 0; c < k; ++c) {
      const double d = Distance(i, c);
      if (d < best) {
        best = d;
        arg = static_cast<int32_t>(c);
      }
    }
    labels_[i] = arg;
    cost_ += best;
  }
  if (!have_best_ || cost_ < best_.cost) {
    best_.k = opt_.k;
    best_.num_dim = nd_;
    best_.cat_dim = cd_;
    best_.gamma = opt_.gamma;
    best_.means = means_;
    best_.modes = modes_;
    best_.labels = labels_;
    best_.cost = cost_;
    best_.iterations = iter_;
    best_.converged = iter_ < opt_.max_iter;
    have_best_ = true;
  }
  ++restart_;
  seeded_ = false;
  if (restart_ >= opt_.n_init) {
    best_.sizes.assign(k, 0);
    for (int32_t l : best_.labels) ++best_.sizes[static_cast<size_t>(l)];
    done_ = true;
  }
}

bool KPrototypesRunner::Step() {
  if (done_) return false;
  if (!seeded_) {
    Seed();
    return true;
  }
  const bool settled = Iterate();
  if (settled || iter_ >= opt_.max_iter) FinishRestart();
  return !done_;
}

int32_t NearestPrototype(const KPrototypesModel& m, const float* num_row, const uint32_t* cat_row) {
  double best = std::numeric_limits<double>::infinity();
  int32_t arg = 0;
  for (int c = 0; c < m.k; ++c) {
    double d = 0.0;
    for (size_t j = 0; j < m.num_dim; ++j) {
      const double diff = num_row[j] - m.means[static_cast<size_t>(c) * m.num_dim + j];
      d += diff * diff;
    }
    size_t mism = 0;
    for (size_t j = 0; j < m.cat_dim; ++j) mism += cat_row[j] != m.modes[static_cast<size_t>(c) * m.cat_dim + j];
    d += m.gamma * static_cast<double>(mism);
    if (d < best) {
      best = d;
      arg = c;
    }
  }
  return arg;
}

}  // namespace seg::analysis
