#include "seg/analysis/gmm.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace seg::analysis {

namespace {

constexpr double kLog2Pi = 1.8378770664093453;
constexpr double kCollapse = 1e-10;  // a component collapses below kCollapse * n responsibility
constexpr int kJitterTries = 8;      // extra diagonal: base, x10, x100, ...

// Per-component quantities for evaluating log weight + log density.
//   full:     prec = k x dim x dim lower-triangular L^-1, stored transposed (column b of L^-1
//             contiguous at prec[b * dim]), where cov = L L^T
//   diagonal: prec = k x dim, 1 / sqrt(variance)
//   log_norm[c] = log w_c - dim/2 log(2 pi) - 1/2 log det cov_c
struct Factors {
  std::vector<double> prec;
  std::vector<double> log_norm;
};

double MeanDiagonal(const double* cov, size_t dim, bool full) {
  double s = 0.0;
  for (size_t j = 0; j < dim; ++j) s += std::fabs(full ? cov[j * dim + j] : cov[j]);
  return s / static_cast<double>(dim);
}

// A tiny diagonal addition that is still meaningful at the scale of `cov`.
double JitterBase(double reg_covar, double mean_diag) {
  const double scale = std::isfinite(mean_diag) && mean_diag > 0 ? mean_diag : 1.0;
  return std::max(reg_covar, 1e-10 * scale);
}

// Cholesky of one dim x dim covariance (row-major, symmetric). On failure more is added to the
// diagonal (x10 each time); as a last resort the off-diagonal is dropped. `cov` is updated to the
// matrix actually factorised so that a saved model reproduces the same densities.
void FactorFull(double* cov, size_t dim, double reg_covar, double* prec, double* half_logdet) {
  const Eigen::Index d = static_cast<Eigen::Index>(dim);
  Eigen::MatrixXd a(d, d);
  for (Eigen::Index r = 0; r < d; ++r)
    for (Eigen::Index c = 0; c < d; ++c) {
      const double v = cov[r * d + c];
      a(r, c) = std::isfinite(v) ? v : 0.0;
    }
  a = (0.5 * (a + a.transpose())).eval();  // exact symmetry
  Eigen::LLT<Eigen::MatrixXd> llt;
  auto usable = [&]() {
    if (llt.info() != Eigen::Success) return false;
    const Eigen::MatrixXd& m = llt.matrixLLT();
    for (Eigen::Index j = 0; j < d; ++j)
      if (!(m(j, j) > 0.0) || !std::isfinite(m(j, j))) return false;
    return true;
  };
  llt.compute(a);
  bool ok = usable();
  double add = JitterBase(reg_covar, MeanDiagonal(cov, dim, true));
  for (int t = 0; !ok && t < kJitterTries; ++t, add *= 10.0) {
    Eigen::MatrixXd b = a;
    b.diagonal().array() += add;
    llt.compute(b);
    if ((ok = usable())) a = b;
  }
  if (!ok) {
    // Diagonal fallback: always positive definite.
    Eigen::MatrixXd b = Eigen::MatrixXd::Zero(d, d);
    for (Eigen::Index j = 0; j < d; ++j) b(j, j) = std::max(a(j, j), 0.0) + add;
    a = b;
    llt.compute(a);
  }
  for (Eigen::Index r = 0; r < d; ++r)
    for (Eigen::Index c = 0; c < d; ++c) cov[r * d + c] = a(r, c);
  const Eigen::MatrixXd l = llt.matrixL();
  const Eigen::MatrixXd p = l.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(d, d));
  double hl = 0.0;
  for (Eigen::Index j = 0; j < d; ++j) hl += std::log(l(j, j));
  *half_logdet = hl;
  for (Eigen::Index r = 0; r < d; ++r)
    for (Eigen::Index c = 0; c < d; ++c) prec[c * d + r] = c <= r ? p(r, c) : 0.0;  // transposed
}

void FactorDiagonal(double* var, size_t dim, double reg_covar, double* prec, double* half_logdet) {
  double add = JitterBase(reg_covar, MeanDiagonal(var, dim, false));
  double hl = 0.0;
  for (size_t j = 0; j < dim; ++j) {
    double v = var[j];
    if (!std::isfinite(v)) v = 0.0;
    for (int t = 0; !(v > 0.0 && std::isfinite(1.0 / std::sqrt(v))) && t < kJitterTries + 1; ++t, add *= 10.0) v = var[j] + add;
    if (!(v > 0.0)) v = 1.0;
    var[j] = v;
    prec[j] = 1.0 / std::sqrt(v);
    hl += 0.5 * std::log(v);
  }
  *half_logdet = hl;
}

void Factorize(Covariance type, int k, size_t dim, double reg_covar, const std::vector<double>& weights,
               std::vector<double>& covs, Factors& f) {
  const bool full = type == Covariance::kFull;
  const size_t per = full ? dim * dim : dim;
  f.prec.assign(static_cast<size_t>(k) * per, 0.0);
  f.log_norm.assign(static_cast<size_t>(k), 0.0);
  for (int c = 0; c < k; ++c) {
    const size_t cc = static_cast<size_t>(c);
    double hl = 0.0;
    if (full) FactorFull(covs.data() + cc * per, dim, reg_covar, f.prec.data() + cc * per, &hl);
    else FactorDiagonal(covs.data() + cc * per, dim, reg_covar, f.prec.data() + cc * per, &hl);
    const double w = weights[cc];
    const double lw = w > 0.0 ? std::log(w) : -std::numeric_limits<double>::infinity();
    f.log_norm[cc] = lw - 0.5 * static_cast<double>(dim) * kLog2Pi - hl;
  }
}

constexpr size_t kBlock = 64;  // rows evaluated together (vectorises across rows)

// Scratch for BlockLogProb.
struct BlockScratch {
  std::vector<double> dt, yt, maha;  // dim x kBlock, dim x kBlock, kBlock
  explicit BlockScratch(size_t dim) : dt(dim * kBlock), yt(dim * kBlock), maha(kBlock) {}
};

// lp[r * k + c] = log w_c + log N(row r | mean_c, cov_c) for rows r < rows <= kBlock of `x`.
// For every row the sums run in a fixed order (y[a] over b ascending, then the squares over a),
// so the result does not depend on vectorisation or on how rows are grouped into blocks.
void BlockLogProb(const float* x, size_t rows, Covariance type, int k, size_t dim, const double* means,
                  const Factors& f, BlockScratch& s, double* lp) {
  const size_t kk = static_cast<size_t>(k);
  double* dt = s.dt.data();
  double* yt = s.yt.data();
  double* maha = s.maha.data();
  for (size_t c = 0; c < kk; ++c) {
    const double* mu = means + c * dim;
    for (size_t r = 0; r < rows; ++r) maha[r] = 0.0;
    if (type == Covariance::kFull) {
      const double* pt = f.prec.data() + c * dim * dim;
      for (size_t b = 0; b < dim; ++b) {
        double* db = dt + b * kBlock;
        for (size_t r = 0; r < rows; ++r) db[r] = static_cast<double>(x[r * dim + b]) - mu[b];
      }
      std::fill(yt, yt + dim * kBlock, 0.0);
      for (size_t b = 0; b < dim; ++b) {
        const double* db = dt + b * kBlock;
        const double* col = pt + b * dim;
        for (size_t a = b; a < dim; ++a) {
          const double pab = col[a];
          double* ya = yt + a * kBlock;
          for (size_t r = 0; r < rows; ++r) ya[r] += pab * db[r];
        }
      }
      for (size_t a = 0; a < dim; ++a) {
        const double* ya = yt + a * kBlock;
        for (size_t r = 0; r < rows; ++r) maha[r] += ya[r] * ya[r];
      }
    } else {
      const double* p = f.prec.data() + c * dim;
      for (size_t j = 0; j < dim; ++j) {
        const double m = mu[j], pj = p[j];
        for (size_t r = 0; r < rows; ++r) {
          const double v = (static_cast<double>(x[r * dim + j]) - m) * pj;
          maha[r] += v * v;
        }
      }
    }
    const double ln = f.log_norm[c];
    for (size_t r = 0; r < rows; ++r) lp[r * kk + c] = ln - 0.5 * maha[r];
  }
}

// Argmax (ties: lowest index) and log-sum-exp of lp[0..k).
inline int32_t ArgmaxLse(const double* lp, int k, double* lse) {
  int32_t arg = 0;
  double mx = lp[0];
  for (int c = 1; c < k; ++c)
    if (lp[c] > mx) { mx = lp[c]; arg = c; }
  if (!std::isfinite(mx)) {
    *lse = mx;
    return arg;
  }
  double s = 0.0;
  for (int c = 0; c < k; ++c) s += std::exp(lp[c] - mx);
  *lse = mx + std::log(s);
  return arg;
}

int CountParameters(int k, size_t dim, Covariance type) {
  const double kd = static_cast<double>(k), d = static_cast<double>(dim);
  const double cov = type == Covariance::kFull ? kd * d * (d + 1) / 2 : kd * d;
  const double p = (kd - 1) + kd * d + cov;
  return p > 2147483647.0 ? 2147483647 : static_cast<int>(p);
}

uint64_t RestartSeed(uint64_t seed, int restart) {
  uint64_t s = seed ^ (0xA0761D6478BD642FULL * static_cast<uint64_t>(restart + 1));
  return SplitMix64(s);
}

}  // namespace

std::string_view CovarianceName(Covariance c) {
  switch (c) {
    case Covariance::kFull: return "full";
    case Covariance::kDiagonal: return "diagonal";
  }
  return "full";
}

Result<GmmRunner> GmmRunner::Create(const float* x, size_t n, size_t dim, const GmmOptions& options) {
  if (dim == 0) return MakeError("gmm.no_features", "A Gaussian mixture needs at least one feature.");
  if (options.k < 1) {
    return MakeError("gmm.bad_k", "The number of segments must be at least 1.", "Choose k between 1 and the number of rows.");
  }
  if (static_cast<size_t>(options.k) > n) {
    return MakeError("gmm.k_exceeds_rows",
                     "Cannot make " + std::to_string(options.k) + " segments from " + std::to_string(n) + " rows.",
                     "Choose k no larger than the number of rows.");
  }
  if (!(options.reg_covar >= 0.0) || !std::isfinite(options.reg_covar)) {
    return MakeError("gmm.bad_reg_covar", "The covariance regularisation must be a finite number >= 0.",
                     "Use a small value such as 1e-6.");
  }
  if (!std::isfinite(options.tol)) {
    return MakeError("gmm.bad_tol", "The convergence tolerance must be a finite number.", "Use a small value such as 1e-4.");
  }
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < dim; ++j)
      if (!std::isfinite(x[i * dim + j])) {
        Error e = MakeError("gmm.non_finite",
                            "Data row " + std::to_string(i + 1) + ", feature " + std::to_string(j + 1) +
                                " is not a finite number.",
                            "Impute or drop missing and infinite values before fitting.");
        e.row = static_cast<int64_t>(i + 1);
        e.column = static_cast<int64_t>(j + 1);
        return e;
      }
  GmmRunner r;
  r.x_ = x;
  r.n_ = n;
  r.dim_ = dim;
  r.opt_ = options;
  r.opt_.n_init = std::max(1, options.n_init);
  r.opt_.max_iter = std::max(0, options.max_iter);
  // Data covariance: the shape given to re-seeded components.
  const bool full = options.covariance == Covariance::kFull;
  std::vector<double> mean(dim, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < dim; ++j) mean[j] += x[i * dim + j];
  for (auto& m : mean) m /= static_cast<double>(n);
  r.global_cov_.assign(full ? dim * dim : dim, 0.0);
  std::vector<double> diff(dim);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < dim; ++j) diff[j] = x[i * dim + j] - mean[j];
    if (full) {
      for (size_t a = 0; a < dim; ++a)
        for (size_t b = 0; b <= a; ++b) r.global_cov_[a * dim + b] += diff[a] * diff[b];
    } else {
      for (size_t j = 0; j < dim; ++j) r.global_cov_[j] += diff[j] * diff[j];
    }
  }
  for (auto& v : r.global_cov_) v /= static_cast<double>(n);
  if (full) {
    for (size_t a = 0; a < dim; ++a)
      for (size_t b = 0; b < a; ++b) r.global_cov_[b * dim + a] = r.global_cov_[a * dim + b];
    for (size_t j = 0; j < dim; ++j) r.global_cov_[j * dim + j] += options.reg_covar;
  } else {
    for (auto& v : r.global_cov_) v += options.reg_covar;
  }
  const size_t k = static_cast<size_t>(options.k);
  r.resp_.assign(n * k, 0.0);
  r.row_ll_.assign(n, 0.0);
  r.labels_.assign(n, 0);
  return r;
}

double GmmRunner::Progress() const {
  if (done_) return 1.0;
  const double per = 1.0 / opt_.n_init;
  double within = 0.0;
  if (!initialised_) {
    within = km_ ? 0.2 * km_->Progress() : 0.0;
  } else {
    // EM usually converges in tens of iterations; show progress on a soft scale.
    const double soft = 1.0 - std::exp(-iter_ / 20.0);
    const double hard = opt_.max_iter > 0 ? static_cast<double>(iter_) / opt_.max_iter : 1.0;
    within = 0.2 + 0.8 * std::max(soft, hard);
  }
  return std::min(1.0, per * (restart_ + within));
}

void GmmRunner::StartRestart() {
  KMeansOptions ko;
  ko.k = opt_.k;
  ko.seed = RestartSeed(opt_.seed, restart_);
  ko.n_init = 1;
  auto km = KMeansRunner::Create(x_, n_, dim_, ko);
  // Create cannot fail here: the same checks passed in GmmRunner::Create.
  if (km.ok()) km_.emplace(std::move(km.value()));
}

void GmmRunner::InitFromKMeans(const KMeansModel& km) {
  const size_t k = static_cast<size_t>(opt_.k);
  std::fill(resp_.begin(), resp_.end(), 0.0);
  for (size_t i = 0; i < n_; ++i) {
    const size_t l = static_cast<size_t>(km.labels[i]);
    resp_[i * k + l] = 1.0;
    labels_[i] = static_cast<int32_t>(l);
    // Worst-explained so far: farthest from its centroid.
    double d2 = 0.0;
    for (size_t j = 0; j < dim_; ++j) {
      const double d = x_[i * dim_ + j] - km.centroids[l * dim_ + j];
      d2 += d * d;
    }
    row_ll_[i] = -d2;
  }
  iter_ = 0;
  reseeded_ = 0;
  converged_ = false;
  trace_.clear();
  MStep();
  ll_ = EStep();
  trace_.push_back(ll_);
  initialised_ = true;
  if (opt_.max_iter == 0) FinishRestart();
}

void GmmRunner::MStep() {
  const int k = opt_.k;
  const size_t kk = static_cast<size_t>(k);
  const bool full = opt_.covariance == Covariance::kFull;
  const size_t per = full ? dim_ * dim_ : dim_;
  const double n = static_cast<double>(n_);
  std::vector<double> nk(kk, 0.0);
  means_.assign(kk * dim_, 0.0);
  for (size_t i = 0; i < n_; ++i) {
    const float* row = x_ + i * dim_;
    const double* r = resp_.data() + i * kk;
    for (size_t c = 0; c < kk; ++c) {
      const double rc = r[c];
      if (rc == 0.0) continue;
      nk[c] += rc;
      double* m = means_.data() + c * dim_;
      for (size_t j = 0; j < dim_; ++j) m[j] += rc * static_cast<double>(row[j]);
    }
  }
  std::vector<char> collapsed(kk, 0);
  for (size_t c = 0; c < kk; ++c) {
    if (!(nk[c] >= kCollapse * n)) {
      collapsed[c] = 1;
      continue;
    }
    for (size_t j = 0; j < dim_; ++j) means_[c * dim_ + j] /= nk[c];
  }
  // Covariances around the new means (two-pass for accuracy).
  covs_.assign(kk * per, 0.0);
  if (full) {
    // Blocks of rows: per component and pair (a, b), a fixed 4-way partial sum over the block's
    // rows (deterministic by construction, and friendly to vectorisation).
    std::vector<double> dt(dim_ * kBlock), wt(dim_ * kBlock);
    for (size_t i0 = 0; i0 < n_; i0 += kBlock) {
      const size_t rows = std::min(kBlock, n_ - i0);
      for (size_t c = 0; c < kk; ++c) {
        if (collapsed[c]) continue;
        const double* m = means_.data() + c * dim_;
        for (size_t b = 0; b < dim_; ++b) {
          double* db = dt.data() + b * kBlock;
          double* wb = wt.data() + b * kBlock;
          for (size_t r = 0; r < rows; ++r) {
            const double d = static_cast<double>(x_[(i0 + r) * dim_ + b]) - m[b];
            db[r] = d;
            wb[r] = resp_[(i0 + r) * kk + c] * d;
          }
        }
        double* cov = covs_.data() + c * per;
        for (size_t a = 0; a < dim_; ++a) {
          const double* wa = wt.data() + a * kBlock;
          for (size_t b = 0; b <= a; ++b) {
            const double* db = dt.data() + b * kBlock;
            double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
            size_t r = 0;
            for (; r + 4 <= rows; r += 4) {
              s0 += wa[r] * db[r];
              s1 += wa[r + 1] * db[r + 1];
              s2 += wa[r + 2] * db[r + 2];
              s3 += wa[r + 3] * db[r + 3];
            }
            for (; r < rows; ++r) s0 += wa[r] * db[r];
            cov[a * dim_ + b] += (s0 + s1) + (s2 + s3);
          }
        }
      }
    }
  } else {
    std::vector<double> diff(dim_);
    for (size_t i = 0; i < n_; ++i) {
      const float* row = x_ + i * dim_;
      const double* r = resp_.data() + i * kk;
      for (size_t c = 0; c < kk; ++c) {
        const double rc = r[c];
        if (rc == 0.0 || collapsed[c]) continue;
        const double* m = means_.data() + c * dim_;
        double* cov = covs_.data() + c * per;
        for (size_t j = 0; j < dim_; ++j) {
          const double d = static_cast<double>(row[j]) - m[j];
          cov[j] += rc * d * d;
        }
      }
    }
  }
  for (size_t c = 0; c < kk; ++c) {
    if (collapsed[c]) continue;
    double* cov = covs_.data() + c * per;
    if (full) {
      for (size_t a = 0; a < dim_; ++a) {
        for (size_t b = 0; b <= a; ++b) cov[a * dim_ + b] /= nk[c];
        cov[a * dim_ + a] += opt_.reg_covar;
      }
      for (size_t a = 0; a < dim_; ++a)
        for (size_t b = 0; b < a; ++b) cov[b * dim_ + a] = cov[a * dim_ + b];
    } else {
      for (size_t j = 0; j < dim_; ++j) cov[j] = cov[j] / nk[c] + opt_.reg_covar;
    }
  }
  // Collapsed components restart at the worst-explained rows (lowest log-likelihood, ties: lowest
  // index, each row used once) with the data covariance and a weight of one row.
  std::vector<char> used;
  for (size_t c = 0; c < kk; ++c) {
    if (!collapsed[c]) continue;
    if (used.empty()) used.assign(n_, 0);
    size_t worst = 0;
    double worst_ll = std::numeric_limits<double>::infinity();
    bool found = false;
    for (size_t i = 0; i < n_; ++i) {
      if (used[i]) continue;
      if (!found || row_ll_[i] < worst_ll) {
        worst_ll = row_ll_[i];
        worst = i;
        found = true;
      }
    }
    used[worst] = 1;
    for (size_t j = 0; j < dim_; ++j) means_[c * dim_ + j] = x_[worst * dim_ + j];
    std::copy(global_cov_.begin(), global_cov_.end(), covs_.begin() + static_cast<std::ptrdiff_t>(c * per));
    nk[c] = 1.0;
    ++reseeded_;
  }
  double total = 0.0;
  for (double v : nk) total += v;
  weights_.assign(kk, 0.0);
  for (size_t c = 0; c < kk; ++c) weights_[c] = nk[c] / total;
}

double GmmRunner::EStep() {
  const int k = opt_.k;
  const size_t kk = static_cast<size_t>(k);
  Factors f;
  Factorize(opt_.covariance, k, dim_, opt_.reg_covar, weights_, covs_, f);
  BlockScratch scratch(dim_);
  std::vector<double> lp(kBlock * kk);
  double total = 0.0;
  for (size_t i0 = 0; i0 < n_; i0 += kBlock) {
    const size_t rows = std::min(kBlock, n_ - i0);
    BlockLogProb(x_ + i0 * dim_, rows, opt_.covariance, k, dim_, means_.data(), f, scratch, lp.data());
    for (size_t r = 0; r < rows; ++r) {
      const size_t i = i0 + r;
      const double* l = lp.data() + r * kk;
      double lse = 0.0;
      labels_[i] = ArgmaxLse(l, k, &lse);
      row_ll_[i] = lse;
      total += lse;
      double* resp = resp_.data() + i * kk;
      for (size_t c = 0; c < kk; ++c) resp[c] = std::exp(l[c] - lse);
    }
  }
  return total;
}

void GmmRunner::FinishRestart() {
  if (!have_best_ || ll_ > best_.log_likelihood) {
    best_.k = opt_.k;
    best_.dim = dim_;
    best_.covariance = opt_.covariance;
    best_.weights = weights_;
    best_.means = means_;
    best_.covariances = covs_;
    best_.labels = labels_;
    best_.log_likelihood = ll_;
    best_.iterations = iter_;
    best_.converged = converged_;
    best_.reseeded = reseeded_;
    best_.trace = trace_;
    have_best_ = true;
  }
  ++restart_;
  initialised_ = false;
  km_.reset();
  if (restart_ >= opt_.n_init) {
    best_.sizes.assign(static_cast<size_t>(best_.k), 0);
    for (int32_t l : best_.labels) ++best_.sizes[static_cast<size_t>(l)];
    best_.parameters = CountParameters(best_.k, dim_, opt_.covariance);
    best_.bic = -2.0 * best_.log_likelihood + best_.parameters * std::log(static_cast<double>(n_));
    // Release the working memory; the model keeps what it needs.
    std::vector<double>().swap(resp_);
    std::vector<double>().swap(row_ll_);
    done_ = true;
  }
}

bool GmmRunner::Step() {
  if (done_) return false;
  if (!initialised_) {
    if (!km_) {
      StartRestart();
      if (!km_) {  // cannot happen (validated in Create); finish rather than loop forever
        done_ = true;
        return false;
      }
    }
    if (km_->Step()) return true;
    KMeansModel km = km_->Take();
    km_.reset();
    InitFromKMeans(km);
    return !done_;
  }
  MStep();
  const double ll = EStep();
  ++iter_;
  const double change = (ll - ll_) / static_cast<double>(n_);
  ll_ = ll;
  trace_.push_back(ll);
  if (std::fabs(change) < opt_.tol) converged_ = true;
  if (converged_ || iter_ >= opt_.max_iter) FinishRestart();
  return !done_;
}

Result<GmmModel> FitGmm(const float* x, size_t n, size_t dim, const GmmOptions& options) {
  auto runner = GmmRunner::Create(x, n, dim, options);
  if (!runner.ok()) return runner.error();
  GmmRunner r = std::move(runner.value());
  while (r.Step()) {
  }
  return r.Take();
}

std::vector<int32_t> PredictGmm(const GmmModel& model, const float* x, size_t n) {
  const int k = model.k;
  const size_t dim = model.dim;
  if (k < 1 || dim == 0) return {};
  const size_t kk = static_cast<size_t>(k);
  const size_t per = model.covariance == Covariance::kFull ? dim * dim : dim;
  if (model.weights.size() != kk || model.means.size() != kk * dim || model.covariances.size() != kk * per) return {};
  std::vector<double> covs = model.covariances;
  Factors f;
  Factorize(model.covariance, k, dim, 0.0, model.weights, covs, f);
  std::vector<int32_t> labels(n, 0);
  BlockScratch scratch(dim);
  std::vector<double> lp(kBlock * kk);
  for (size_t i0 = 0; i0 < n; i0 += kBlock) {
    const size_t rows = std::min(kBlock, n - i0);
    BlockLogProb(x + i0 * dim, rows, model.covariance, k, dim, model.means.data(), f, scratch, lp.data());
    for (size_t r = 0; r < rows; ++r) {
      const double* l = lp.data() + r * kk;
      int32_t arg = 0;
      double mx = l[0];
      for (int c = 1; c < k; ++c)
        if (l[c] > mx) { mx = l[c]; arg = c; }
      labels[i0 + r] = arg;
    }
  }
  return labels;
}

}  // namespace seg::analysis
