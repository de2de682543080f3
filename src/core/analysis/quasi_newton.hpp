// Internal: BFGS with a backtracking (Armijo) line search, for the small smooth maximum-likelihood
// problems of the CLV models (3 or 4 log-parameters). Nocedal & Wright 2006, "Numerical
// Optimization", Algorithm 6.1 (BFGS) and Algorithm 3.1 (backtracking line search).
//
// The objective f(x, grad) returns the value and fills grad; it returns +inf (or NaN) where it
// cannot be evaluated (overflow), and the line search then steps back. Steps are capped at
// `max_step` in every coordinate so a log-parameter never jumps by more than e^max_step.
#pragma once

#include <cmath>

#include <Eigen/Dense>

namespace seg::analysis::qn {

struct Result {
  Eigen::VectorXd x;
  double f = INFINITY;
  double gradient_norm = INFINITY;  // max |gradient|
  int iterations = 0;
  bool converged = false;
  Eigen::MatrixXd inverse_hessian;  // the final approximation (to warm-start a related problem)
};

struct Options {
  int max_iterations = 500;
  double gradient_tolerance = 1e-9;  // max |gradient| at the solution
  double max_step = 3.0;
  // Newton steps at the end with a Hessian from central differences of the analytic gradient
  // (2n extra gradients each): they take the solution to the optimum up to rounding, so
  // platforms whose libm differs in the last ulp agree on the parameters (native = wasm).
  int polish_steps = 0;
};

// `h0`: an initial inverse Hessian (e.g. from the same problem on a subsample); identity if empty.
template <class F>
Result MinimizeBfgs(F&& f, Eigen::VectorXd x0, const Options& opt = {}, const Eigen::MatrixXd& h0 = {}) {
  const Eigen::Index n = x0.size();
  Result r;
  r.x = std::move(x0);
  Eigen::VectorXd g(n), g_new(n);
  r.f = f(r.x, g);
  if (!std::isfinite(r.f) || !g.allFinite()) return r;
  Eigen::MatrixXd h = h0.rows() == n && h0.cols() == n && h0.allFinite() ? h0 : Eigen::MatrixXd::Identity(n, n);
  const bool warm = h0.rows() == n;
  int stalls = 0;
  for (r.iterations = 0; r.iterations < opt.max_iterations; ++r.iterations) {
    r.gradient_norm = g.cwiseAbs().maxCoeff();
    if (r.gradient_norm < opt.gradient_tolerance) break;
    Eigen::VectorXd d = -h * g;
    if (!(d.dot(g) < 0)) {  // not a descent direction: restart from steepest descent
      h.setIdentity();
      d = -g;
    }
    const double biggest = d.cwiseAbs().maxCoeff();
    if (biggest > opt.max_step) d *= opt.max_step / biggest;
    double step = 1.0, f_new = INFINITY;
    Eigen::VectorXd x_new(n);
    const double slope = d.dot(g);
    bool accepted = false;
    for (int k = 0; k < 60; ++k, step *= 0.5) {
      x_new = r.x + step * d;
      f_new = f(x_new, g_new);
      if (std::isfinite(f_new) && g_new.allFinite() && f_new <= r.f + 1e-4 * step * slope) { accepted = true; break; }
    }
    if (!accepted) {
      // No decrease along d: at the optimum up to rounding, or a bad Hessian estimate.
      if (h.isIdentity()) break;
      h.setIdentity();
      continue;
    }
    const Eigen::VectorXd s = x_new - r.x, y = g_new - g;
    const double sy = s.dot(y);
    const double change = r.f - f_new;
    r.x = x_new;
    r.f = f_new;
    g = g_new;
    if (sy > 1e-14 * s.norm() * y.norm()) {
      if (r.iterations == 0 && !warm) h *= sy / y.dot(y);  // Nocedal & Wright (6.20): scale before the first update
      const double rho = 1.0 / sy;
      const Eigen::MatrixXd i_rsy = Eigen::MatrixXd::Identity(n, n) - rho * s * y.transpose();
      h = i_rsy * h * i_rsy.transpose() + rho * s * s.transpose();
    }
    stalls = change <= 1e-15 * (1.0 + std::fabs(r.f)) ? stalls + 1 : 0;
    if (stalls >= 5) break;
  }
  for (int k = 0; k < opt.polish_steps && std::isfinite(r.f); ++k) {
    Eigen::MatrixXd hess(n, n);
    Eigen::VectorXd gp(n), gm(n);
    const double eps = 1e-5;
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::VectorXd xp = r.x, xm = r.x;
      xp[i] += eps;
      xm[i] -= eps;
      f(xp, gp);
      f(xm, gm);
      hess.col(i) = (gp - gm) / (2 * eps);
    }
    hess = 0.5 * (hess + hess.transpose());
    Eigen::LLT<Eigen::MatrixXd> llt(hess);
    if (llt.info() != Eigen::Success) break;  // not positive definite: not at a minimum, leave it
    const Eigen::VectorXd x_new = r.x - llt.solve(g);
    const double f_new = f(x_new, g_new);
    if (!(std::isfinite(f_new) && f_new <= r.f + 1e-15 * std::fabs(r.f) && g_new.allFinite())) break;
    r.x = x_new;
    r.f = f_new;
    g = g_new;
  }
  r.gradient_norm = g.cwiseAbs().maxCoeff();
  r.inverse_hessian = h;
  // Stalled at machine precision with a small gradient: as good as it gets in doubles.
  r.converged = r.gradient_norm < std::max(opt.gradient_tolerance, 1e-6);
  return r;
}

}  // namespace seg::analysis::qn
