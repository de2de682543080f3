#include "seg/analysis/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "seg/analysis/distance_kernels.hpp"

namespace seg::analysis {

Result<KMeansRunner> KMeansRunner::Create(const float* x, size_t n, size_t dim, const KMeansOptions& options) {
  if (dim == 0) return MakeError("kmeans.no_features", "k-means needs at least one feature.");
  if (options.k < 1) {
    return MakeError("kmeans.bad_k", "The number of segments must be at least 1.", "Choose k between 1 and the number of rows.");
  }
  if (static_cast<size_t>(options.k) > n) {
    return MakeError("kmeans.k_exceeds_rows",
                     "Cannot make " + std::to_string(options.k) + " segments from " + std::to_string(n) + " rows.",
                     "Choose k no larger than the number of rows.");
  }
  KMeansRunner r;
  r.x_ = x;
  r.n_ = n;
  r.dim_ = dim;
  r.opt_ = options;
  r.opt_.n_init = std::max(1, options.n_init);
  r.opt_.max_iter = std::max(1, options.max_iter);
  r.rng_ = Rng(options.seed);
  // Tolerance relative to the data's total variance per feature.
  double var = 0.0;
  std::vector<double> mean(dim, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < dim; ++j) mean[j] += x[i * dim + j];
  for (auto& m : mean) m /= static_cast<double>(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < dim; ++j) {
      const double d = x[i * dim + j] - mean[j];
      var += d * d;
    }
  var /= static_cast<double>(n * dim);
  r.shift_tol_ = options.tol * std::max(var, 1e-30);
  // Sampled restarts: a deterministic random subset (partial Fisher-Yates on the row indices with
  // its own generator, kept in file order).
  const size_t m = options.restart_sample;
  if (options.mini_batch == 0 && m >= static_cast<size_t>(options.k) && m < n) {
    Rng pick(options.seed ^ 0x5A3B1E5D0C4AULL);
    std::vector<size_t> idx(n);
    for (size_t i = 0; i < n; ++i) idx[i] = i;
    for (size_t i = 0; i < m; ++i) std::swap(idx[i], idx[i + static_cast<size_t>(pick.Below(n - i))]);
    idx.resize(m);
    std::sort(idx.begin(), idx.end());
    r.sample_.resize(m * dim);
    for (size_t i = 0; i < m; ++i)
      std::copy(x + idx[i] * dim, x + (idx[i] + 1) * dim, r.sample_.begin() + static_cast<std::ptrdiff_t>(i * dim));
    r.sample_rows_ = m;
    r.sampling_ = true;
  }
  r.labels_.assign(r.Rows(), 0);
  r.dist_.assign(r.Rows(), 0.0f);
  return r;
}

void SetAutomaticRestarts(KMeansOptions& o, size_t rows, size_t dim) {
  if (o.n_init <= 0) {
    const double work = static_cast<double>(rows) * static_cast<double>(dim) * o.k;
    o.n_init = work <= 2e6 ? 20 : work <= 2e7 ? 10 : work <= 2e8 ? 4 : 2;
  }
  o.restart_sample = o.mini_batch == 0 && rows >= kRestartSampleFrom ? kRestartSampleRows : 0;
}

double KMeansRunner::Progress() const {
  if (done_) return 1.0;
  // The final fit on all rows after sampled restarts: the second half (it costs about as much as
  // all the sampled restarts together).
  if (full_fit_) return std::min(1.0, 0.5 + 0.5 * (1.0 - std::exp(-iter_ / 8.0)));
  const double per = 1.0 / opt_.n_init;
  // Lloyd usually converges in tens of iterations; show progress on a soft scale.
  const double within = seeded_ ? 0.1 + 0.9 * (1.0 - std::exp(-iter_ / 15.0)) : 0.0;
  const double restarts = std::min(1.0, per * (restart_ + within));
  return sampling_ ? 0.5 * restarts : restarts;
}

// Greedy k-means++: each new centre is the best (lowest potential) of 2 + ln k candidates
// drawn with probability proportional to the squared distance to the nearest chosen centre.
void KMeansRunner::Seed() {
  const int k = opt_.k;
  Rng rng = rng_.Fork(static_cast<uint64_t>(restart_));
  centroids_.assign(static_cast<size_t>(k) * dim_, 0.0);
  centroids_f_.assign(static_cast<size_t>(k) * dim_, 0.0f);
  // Mini-batch: seed on a random sample (the full greedy k-means++ pass is what costs most there).
  const float* xs = Data();
  size_t ns = Rows();
  std::vector<float> sample;
  if (opt_.mini_batch > 0) {
    const size_t m = std::min(n_, std::max<size_t>(10 * opt_.mini_batch, 20 * static_cast<size_t>(k)));
    sample.resize(m * dim_);
    for (size_t i = 0; i < m; ++i) {
      const size_t row = static_cast<size_t>(rng.Below(n_));
      std::copy(x_ + row * dim_, x_ + (row + 1) * dim_, sample.begin() + static_cast<std::ptrdiff_t>(i * dim_));
    }
    xs = sample.data();
    ns = m;
  }
  std::vector<double> closest(ns);
  std::vector<float> dist(ns);  // squared distances to one point (distance_kernels.hpp)
  const size_t first = static_cast<size_t>(rng.Below(ns));
  std::copy(xs + first * dim_, xs + (first + 1) * dim_, centroids_f_.begin());
  double potential = 0.0;
  DistancesToPoint(xs, ns, dim_, centroids_f_.data(), dist.data());
  for (size_t i = 0; i < ns; ++i) {
    closest[i] = dist[i];
    potential += closest[i];
  }
  const int trials = 2 + static_cast<int>(std::log(static_cast<double>(k)));
  std::vector<double> cand_closest(ns), best_closest(ns);
  for (int c = 1; c < k; ++c) {
    size_t best_idx = 0;
    double best_pot = std::numeric_limits<double>::infinity();
    for (int t = 0; t < trials; ++t) {
      size_t idx;
      if (potential > 0.0) {
        double target = rng.Uniform() * potential, acc = 0.0;
        idx = ns - 1;
        for (size_t i = 0; i < ns; ++i) {
          acc += closest[i];
          if (acc > target) { idx = i; break; }
        }
      } else {
        idx = static_cast<size_t>(rng.Below(ns));
      }
      const float* cand = xs + idx * dim_;
      double pot = 0.0;
      DistancesToPoint(xs, ns, dim_, cand, dist.data());
      for (size_t i = 0; i < ns; ++i) {
        const double d = std::min<double>(closest[i], dist[i]);
        cand_closest[i] = d;
        pot += d;
      }
      if (pot < best_pot) {
        best_pot = pot;
        best_idx = idx;
        best_closest.swap(cand_closest);
      }
    }
    std::copy(xs + best_idx * dim_, xs + (best_idx + 1) * dim_, centroids_f_.begin() + static_cast<std::ptrdiff_t>(c * dim_));
    closest.swap(best_closest);
    potential = best_pot;
  }
  for (size_t i = 0; i < centroids_f_.size(); ++i) centroids_[i] = centroids_f_[i];
  seeded_ = true;
  iter_ = 0;
  mb_rng_ = rng.Fork(0xB47C);
  mb_counts_.assign(static_cast<size_t>(k), 0.0);
  repaired_ = 0;
  bounds_valid_ = false;
}

double KMeansRunner::Assign() {
  const size_t n = Rows();
  NearestCentroids(Data(), dim_, nullptr, n, centroids_f_.data(), opt_.k, labels_.data(), dist_.data(), nullptr);
  double inertia = 0.0;
  for (size_t i = 0; i < n; ++i) inertia += dist_[i];
  return inertia;
}

// Empty clusters take the point farthest from its centre (ties: lowest index), one each, from
// clusters that keep at least one member. `sums` (k x dim) and `counts` are updated in place.
void KMeansRunner::RepairEmpty(std::vector<double>& sums, std::vector<size_t>& counts) {
  const int k = opt_.k;
  const float* x = Data();
  const size_t n = Rows();
  for (int c = 0; c < k; ++c) {
    if (counts[static_cast<size_t>(c)] > 0) continue;
    size_t far = 0;
    float far_d = -1.0f;
    for (size_t i = 0; i < n; ++i) {
      if (counts[static_cast<size_t>(labels_[i])] > 1 && dist_[i] > far_d) { far_d = dist_[i]; far = i; }
    }
    const size_t old = static_cast<size_t>(labels_[far]);
    const float* row = x + far * dim_;
    for (size_t j = 0; j < dim_; ++j) {
      sums[old * dim_ + j] -= row[j];
      sums[static_cast<size_t>(c) * dim_ + j] = row[j];
    }
    --counts[old];
    counts[static_cast<size_t>(c)] = 1;
    labels_[far] = c;
    dist_[far] = 0.0f;
    bounds_valid_ = false;  // a row changed centre outside the bounds' bookkeeping
    ++repaired_;
  }
}

// Full scan of the given rows (all rows when `rows` is null): nearest centre, and the distances to
// it and to the second nearest, which set the bounds. Batched so the SIMD kernel sees 4 rows at once.
void KMeansRunner::ScanRows(const size_t* rows, size_t count) {
  NearestCentroids(Data(), dim_, rows, count, centroids_f_.data(), opt_.k, labels_.data(), dist_.data(), lower_.data());
  for (size_t t = 0; t < count; ++t) {
    const size_t i = rows ? rows[t] : t;
    upper_[i] = std::sqrt(dist_[i]);
    lower_[i] = std::sqrt(lower_[i]);
  }
}

size_t KMeansRunner::AssignBounded() {
  const size_t k = static_cast<size_t>(opt_.k);
  const size_t n = Rows();
  if (!bounds_valid_ || k < 2) {
    // Full scan that also records the distance to the second-closest centre. The first iteration
    // has no previous labels to compare with.
    std::vector<int32_t> old;
    if (iter_ > 0) old = labels_;
    upper_.resize(n);
    lower_.resize(n);
    ScanRows(nullptr, n);
    bounds_valid_ = true;
    if (iter_ == 0) return n;
    size_t changed = 0;
    for (size_t i = 0; i < n; ++i) {
      if (old[i] == labels_[i]) continue;
      ++changed;
      MoveRowSums(i, old[i]);
    }
    return changed;
  }
  // Half the distance from each centre to its nearest other centre.
  std::vector<float> half(k, std::numeric_limits<float>::infinity());
  for (size_t a = 0; a < k; ++a)
    for (size_t b = a + 1; b < k; ++b) {
      const float d = 0.5f * std::sqrt(SquaredDistance(centroids_f_.data() + a * dim_, centroids_f_.data() + b * dim_, dim_));
      half[a] = std::min(half[a], d);
      half[b] = std::min(half[b], d);
    }
  // Shrink/grow the bounds by how far the centres moved. Float rounding is covered by a small
  // relative margin, so a skipped row is always one a full scan would leave where it is.
  size_t far1 = 0;
  for (size_t c = 1; c < k; ++c)
    if (moved_[c] > moved_[far1]) far1 = c;
  double max2 = 0.0;
  for (size_t c = 0; c < k; ++c)
    if (c != far1) max2 = std::max(max2, moved_[c]);
  // Three batched passes (a row's checks read and write only that row's state, so doing them
  // pass by pass is the same as row by row): bounds -> rows whose bounds fail; their exact
  // distance to their own centre tightens the upper bound -> rows that still fail get a full scan.
  rescan_.clear();
  for (size_t i = 0; i < n; ++i) {
    const size_t a = static_cast<size_t>(labels_[i]);
    upper_[i] = static_cast<float>(upper_[i] + moved_[a]) * 1.0001f + 1e-6f;
    lower_[i] = static_cast<float>(lower_[i] - (a == far1 ? max2 : moved_[far1])) * 0.9999f - 1e-6f;
    const float bound = std::max(half[a], lower_[i]);
    if (upper_[i] <= bound) continue;
    rescan_.push_back(i);
  }
  DistancesToAssigned(Data(), dim_, rescan_.data(), rescan_.size(), centroids_f_.data(), labels_.data(), dist_.data());
  size_t still = 0;
  for (const size_t i : rescan_) {
    upper_[i] = std::sqrt(dist_[i]);
    if (upper_[i] <= std::max(half[static_cast<size_t>(labels_[i])], lower_[i])) continue;
    rescan_[still++] = i;
  }
  rescan_.resize(still);
  // Only the rows scanned in full can change centre.
  old_labels_.resize(still);
  for (size_t t = 0; t < still; ++t) old_labels_[t] = labels_[rescan_[t]];
  ScanRows(rescan_.data(), rescan_.size());
  size_t changed = 0;
  for (size_t t = 0; t < still; ++t) {
    if (old_labels_[t] == labels_[rescan_[t]]) continue;
    ++changed;
    MoveRowSums(rescan_[t], old_labels_[t]);
  }
  return changed;
}

// The fit on all rows after sampled restarts keeps the centroid sums between iterations and moves
// only the rows that changed centre (Hamerly 2010, section 3.2), instead of summing all rows again.
// The sums then differ from a fresh sum by rounding only; no effect outside that fit.
void KMeansRunner::MoveRowSums(size_t row, int32_t from) {
  if (!full_fit_ || !inc_valid_) return;
  const size_t a = static_cast<size_t>(from), b = static_cast<size_t>(labels_[row]);
  const float* x = Data() + row * dim_;
  double* sa = inc_sums_.data() + a * dim_;
  double* sb = inc_sums_.data() + b * dim_;
  for (size_t j = 0; j < dim_; ++j) {
    sa[j] -= x[j];
    sb[j] += x[j];
  }
  --inc_counts_[a];
  ++inc_counts_[b];
}

bool KMeansRunner::Update() {
  const int k = opt_.k;
  // The fit on all rows after sampled restarts updates its sums incrementally (MoveRowSums).
  std::vector<double> local_sums;
  std::vector<size_t> local_counts;
  std::vector<double>& sums = full_fit_ ? inc_sums_ : local_sums;
  std::vector<size_t>& counts = full_fit_ ? inc_counts_ : local_counts;
  if (!full_fit_ || !inc_valid_) {
    sums.assign(static_cast<size_t>(k) * dim_, 0.0);
    counts.assign(static_cast<size_t>(k), 0);
    const float* x = Data();
    const size_t n = Rows();
    for (size_t i = 0; i < n; ++i) {
      const size_t c = static_cast<size_t>(labels_[i]);
      ++counts[c];
      const float* row = x + i * dim_;
      double* s = sums.data() + c * dim_;
      for (size_t j = 0; j < dim_; ++j) s[j] += row[j];
    }
    inc_valid_ = full_fit_;
  }
  RepairEmpty(sums, counts);
  double shift = 0.0;
  moved_.assign(static_cast<size_t>(k), 0.0);
  for (int c = 0; c < k; ++c) {
    const double cnt = static_cast<double>(counts[static_cast<size_t>(c)]);
    double own = 0.0;
    for (size_t j = 0; j < dim_; ++j) {
      const size_t idx = static_cast<size_t>(c) * dim_ + j;
      const double v = sums[idx] / cnt;
      const float vf = static_cast<float>(v);
      own += (static_cast<double>(vf) - centroids_f_[idx]) * (static_cast<double>(vf) - centroids_f_[idx]);
      shift += (v - centroids_[idx]) * (v - centroids_[idx]);
      centroids_[idx] = v;
      centroids_f_[idx] = vf;
    }
    moved_[static_cast<size_t>(c)] = std::sqrt(own);
  }
  return shift <= shift_tol_;
}

void KMeansRunner::FinishRestart() {
  const float* x = Data();
  const size_t n = Rows();
  Assign();
  // The final assignment can empty a cluster again (duplicate points tie to the lowest index):
  // repair it, then take the centroids and inertia that match the labels exactly.
  {
    std::vector<double> sums(static_cast<size_t>(opt_.k) * dim_, 0.0);
    std::vector<size_t> counts(static_cast<size_t>(opt_.k), 0);
    for (size_t i = 0; i < n; ++i) {
      const size_t c = static_cast<size_t>(labels_[i]);
      ++counts[c];
      for (size_t j = 0; j < dim_; ++j) sums[c * dim_ + j] += x[i * dim_ + j];
    }
    bool empty = false;
    for (size_t cnt : counts) empty |= cnt == 0;
    if (empty) {
      RepairEmpty(sums, counts);
      for (int c = 0; c < opt_.k; ++c)
        for (size_t j = 0; j < dim_; ++j) {
          const size_t idx = static_cast<size_t>(c) * dim_ + j;
          centroids_[idx] = sums[idx] / static_cast<double>(counts[static_cast<size_t>(c)]);
          centroids_f_[idx] = static_cast<float>(centroids_[idx]);
        }
    }
  }
  DistancesToAssigned(x, dim_, nullptr, n, centroids_f_.data(), labels_.data(), dist_.data());
  inertia_ = 0.0;
  for (size_t i = 0; i < n; ++i) inertia_ += dist_[i];
  if (sampling_) {
    // A restart on the sample: keep its centres if they are the best so far (ties: the earlier).
    if (sample_best_restart_ < 0 || inertia_ < sample_best_inertia_) {
      sample_best_ = centroids_;
      sample_best_inertia_ = inertia_;
      sample_best_restart_ = restart_;
    }
    ++restart_;
    seeded_ = false;
    if (restart_ >= opt_.n_init) StartFullFit();
    return;
  }
  if (full_fit_ || !have_best_ || inertia_ < best_.inertia) {
    best_.k = opt_.k;
    best_.dim = dim_;
    best_.centroids = centroids_;
    best_.labels = labels_;
    best_.inertia = inertia_;
    best_.iterations = iter_;
    best_.converged = iter_ < opt_.max_iter;
    best_.repaired_empty = repaired_;
    have_best_ = true;
  }
  ++restart_;
  seeded_ = false;
  if (full_fit_ || restart_ >= opt_.n_init) {
    best_.sample_rows = sample_rows_;
    best_.sizes.assign(static_cast<size_t>(best_.k), 0);
    for (int32_t l : best_.labels) ++best_.sizes[static_cast<size_t>(l)];
    done_ = true;
  }
}

void KMeansRunner::StartFullFit() {
  sampling_ = false;
  full_fit_ = true;
  sample_.clear();
  sample_.shrink_to_fit();
  centroids_ = sample_best_;
  for (size_t i = 0; i < centroids_.size(); ++i) centroids_f_[i] = static_cast<float>(centroids_[i]);
  labels_.assign(n_, 0);
  dist_.assign(n_, 0.0f);
  upper_.clear();
  lower_.clear();
  bounds_valid_ = false;
  inc_valid_ = false;
  iter_ = 0;
  repaired_ = 0;
  seeded_ = true;  // no seeding: the first step is the full-data Lloyd iteration
}

// One mini-batch update (Sculley 2010): each centre moves towards the batch rows assigned to it
// with a per-centre learning rate 1 / (rows it has seen).
bool KMeansRunner::MiniBatchStep() {
  const size_t k = static_cast<size_t>(opt_.k);
  double moved = 0.0;
  std::vector<double> before(centroids_);
  for (size_t b = 0; b < opt_.mini_batch; ++b) {
    const size_t row = static_cast<size_t>(mb_rng_.Below(n_));
    const float* x = x_ + row * dim_;
    float best = std::numeric_limits<float>::infinity();
    size_t arg = 0;
    for (size_t c = 0; c < k; ++c) {
      const float d = SquaredDistance(x, centroids_f_.data() + c * dim_, dim_);
      if (d < best) {
        best = d;
        arg = c;
      }
    }
    mb_counts_[arg] += 1.0;
    const double eta = 1.0 / mb_counts_[arg];
    for (size_t j = 0; j < dim_; ++j) {
      double& c = centroids_[arg * dim_ + j];
      c += eta * (x[j] - c);
      centroids_f_[arg * dim_ + j] = static_cast<float>(c);
    }
  }
  for (size_t i = 0; i < centroids_.size(); ++i) moved += (centroids_[i] - before[i]) * (centroids_[i] - before[i]);
  ++iter_;
  return moved <= shift_tol_;
}

bool KMeansRunner::Step() {
  if (done_) return false;
  if (!seeded_) {
    Seed();
    return true;
  }
  if (opt_.mini_batch > 0) {
    const bool settled = MiniBatchStep();
    if ((settled && iter_ >= 10) || iter_ >= opt_.max_iter) FinishRestart();
    return !done_;
  }
  const size_t changed = AssignBounded();
  ++iter_;
  const bool labels_stable = iter_ > 1 && changed == 0;
  const bool small_shift = Update();
  if (labels_stable || small_shift || iter_ >= opt_.max_iter) FinishRestart();
  return !done_;
}

Result<KMeansModel> FitKMeans(const float* x, size_t n, size_t dim, const KMeansOptions& options) {
  auto runner = KMeansRunner::Create(x, n, dim, options);
  if (!runner.ok()) return runner.error();
  KMeansRunner r = std::move(runner.value());
  while (r.Step()) {
  }
  return r.Take();
}

}  // namespace seg::analysis
