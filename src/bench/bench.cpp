// bench — prints how long each step of the segmentation takes on the demo customer base.
//
//   bench [--rows 100000,1000000] [--k 8] [--quick] [--import-only] [--kernels-only] [--pipeline-only [N]]
//         [--write-csv DIR] [--clv-only] [--explain-only]
//
// --import-only times just the importer (three runs, the best reported) and its peak memory, for
// working on src/core/io without waiting for the clustering steps. --write-csv DIR only writes the
// generated CSVs as DIR/demo_<rows>.csv (for comparing other parsers on the same bytes) and exits.
// --kernels-only imports and prepares, then times only the k-means distance kernels (scalar vs SIMD).
// --clv-only times predicted customer value instead (bench_clv.cpp; --rows = customers).
// --explain-only times only the explanation tree (IMM, ExKMC) on 12 generated features (bench_explain.cpp).
// --pipeline-only [N] times only the whole pipeline, N times (default 1), with its per-step split.
//
// A benchmark, not a test: it measures and prints, it never asserts timings. For each row count
// the deterministic 21-column demo CSV is generated in memory (not timed), then every step is
// timed once with std::chrono::steady_clock. The output is one Markdown table (steps x row counts)
// with a header line naming the platform, so it can be pasted into the README.
//
// Built natively as `bench` and under Emscripten as `bench_node.js` (run it with
// `node --no-experimental-fetch build-web/bench_node.js`). scripts/bench.sh builds and runs both.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/heap.h>
#else
#include <sys/resource.h>
#endif

#include "bench_explain.hpp"
#include "seg/analysis/autok.hpp"
#include "seg/analysis/distance_kernels.hpp"
#include "seg/analysis/gmm.hpp"
#include "seg/analysis/kmeans.hpp"
#include "seg/analysis/kpi.hpp"
#include "seg/analysis/pca.hpp"
#include "seg/analysis/prep.hpp"
#include "seg/analysis/quality.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"
#include "bench_clv.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace seg;

double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

template <class F>
double Time(F&& f) {
  const auto t0 = Clock::now();
  f();
  return SecondsSince(t0);
}

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// "0.84 ms", "12.3 ms", "456 ms", "1.23 s", "12.3 s"
std::string Dur(double s) {
  if (s < 0.01) return Fmt("%.2f ms", s * 1e3);
  if (s < 0.1) return Fmt("%.1f ms", s * 1e3);
  if (s < 1.0) return Fmt("%.0f ms", s * 1e3);
  if (s < 10.0) return Fmt("%.2f s", s);
  return Fmt("%.1f s", s);
}

// FNV-1a over raw bytes: a fingerprint of results, to compare runs, builds and platforms.
uint64_t Fnv(const void* data, size_t bytes, uint64_t h = 1469598103934665603ULL) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

std::string Hex(uint64_t h) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string Mb(double bytes) { return Fmt("%.1f MB", bytes / 1e6); }
std::string MbPerS(double bytes, double s) { return Fmt("%.0f MB/s", s > 0 ? bytes / 1e6 / s : 0.0); }

std::string Thousands(size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

// Peak memory of the process so far (natively) or the current wasm heap size (it only grows).
double MemoryBytes() {
#ifdef __EMSCRIPTEN__
  return static_cast<double>(emscripten_get_heap_size());
#else
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) * 1024.0;  // Linux: kilobytes
#endif
}

// Natively the peak RSS is reset before the pipeline (Linux: "5" > /proc/self/clear_refs resets
// the high-water mark that ru_maxrss reports). The wasm heap never shrinks, so there the figure
// is the largest heap the module ever needed up to that point.
void ResetPeakMemory() {
#ifndef __EMSCRIPTEN__
  std::ofstream("/proc/self/clear_refs") << "5";
#endif
}

// Natively a line of /proc/self/status ("VmRSS", "VmHWM") in bytes; in wasm the heap size.
double StatusBytes(const char* key) {
#ifdef __EMSCRIPTEN__
  (void)key;
  return static_cast<double>(emscripten_get_heap_size());
#else
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line)) {
    if (line.compare(0, n, key) == 0 && line.size() > n && line[n] == ':') return std::atof(line.c_str() + n + 1) * 1024.0;
  }
  return 0.0;
#endif
}
// CPU time of the process (natively; the wall clock in wasm).
double CpuSeconds() {
#ifdef __EMSCRIPTEN__
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
#else
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
#endif
}
double CurrentBytes() { return StatusBytes("VmRSS"); }

#ifdef __EMSCRIPTEN__
const char* const kPeakImport =
    "Memory: import peak (heap growth during the first import + the input bytes; the heap never shrinks)";
#else
const char* const kPeakImport = "Memory: import peak (peak RSS during `ReadCsv` − RSS before + the input bytes)";
#endif

#ifdef __EMSCRIPTEN__
const char* const kPeakPipeline = "Memory: wasm heap size after the pipeline (`emscripten_get_heap_size`)";
const char* const kPeakAll = "Memory: wasm heap size after all steps (grows only)";
#else
const char* const kPeakPipeline = "Memory: peak RSS of the pipeline (`getrusage` ru_maxrss, incl. the CSV bytes)";
const char* const kPeakAll = "Memory: peak RSS over all steps of this row count";
#endif

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string m = line.substr(colon + 1);
        m.erase(0, m.find_first_not_of(" \t"));
        return m;
      }
    }
  }
  return "unknown CPU";
}

std::string Platform() {
#ifdef __EMSCRIPTEN__
  const char* node = emscripten_run_script_string("typeof process !== 'undefined' ? process.version : 'unknown'");
  return "wasm (Emscripten " + std::to_string(__EMSCRIPTEN_major__) + "." + std::to_string(__EMSCRIPTEN_minor__) + "." +
         std::to_string(__EMSCRIPTEN_tiny__) + ", -O3, " +
         (analysis::SimdKernelAvailable() ? "SIMD128 only in the distance kernels and the CSV field scan" : "no SIMD") +
         ", single thread) in Node " + std::string(node);
#elif defined(__clang__)
  return "native clang " + std::string(__clang_version__) + " -O3";
#elif defined(__GNUC__)
  return "native g++ " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + " -O3";
#else
  return "native";
#endif
}

void Progress(const std::string& what) {
  std::fprintf(stderr, "  %s\n", what.c_str());
  std::fflush(stderr);
}

[[noreturn]] void Die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "bench: %s failed: %s\n", what.c_str(), e.ToString().c_str());
  std::exit(1);
}

// Step names in table order; cells[step][row count index].
struct Table {
  std::vector<std::string> steps;
  std::map<std::string, std::vector<std::string>> cells;
  size_t columns = 0;
  void Set(size_t col, const std::string& step, const std::string& value) {
    if (!cells.count(step)) {
      steps.push_back(step);
      cells[step].assign(columns, "");
    }
    cells[step][col] = value;
  }
};

struct Options {
  std::vector<size_t> rows{100000, 1000000};
  int k = 8;
};

bool g_kernels_only = false;  // --kernels-only
int g_pipeline_runs = 0;      // --pipeline-only [N]: > 0 = only the whole pipeline, this many times

// ---- k-means distance kernels, scalar vs SIMD (distance_kernels.hpp): one full nearest-centre
// scan of all rows (best of 3), and a whole n_init=1 fit stepped by hand with each kernel. The
// kernels give bit-identical distances, so both fits take the same path; the table says whether
// their labels agree. The process default kernel is restored afterwards.
void RunKernels(size_t col, const analysis::FeatureMatrix& X, int k, Table& t) {
  using analysis::DistanceKernel;
  const std::string K = std::to_string(k);
  const DistanceKernel saved = analysis::ActiveDistanceKernel();
  const bool simd = analysis::SimdKernelAvailable();
  const std::string simd_name = analysis::DistanceKernelName(DistanceKernel::kSimd);
  struct Fit {
    double seeding = 0, lloyd = 0, total = 0;
    int iterations = 0;
    std::vector<int32_t> labels;
    std::vector<double> centroids;
  };
  auto fit = [&](DistanceKernel kernel) {
    analysis::SetDistanceKernel(kernel);
    analysis::KMeansOptions ko;
    ko.k = k;
    ko.n_init = 1;
    auto runner = analysis::KMeansRunner::Create(X.x.data(), X.rows, X.cols, ko);
    if (!runner.ok()) Die("KMeansRunner::Create", runner.error());
    analysis::KMeansRunner km = std::move(runner.value());
    std::vector<double> steps;
    Fit f;
    f.total = Time([&] {
      bool more = true;
      while (more) {
        const auto t0 = Clock::now();
        more = km.Step();
        steps.push_back(SecondsSince(t0));
      }
    });
    analysis::KMeansModel m = km.Take();
    f.seeding = steps.empty() ? 0.0 : steps[0];
    for (size_t i = 1; i < steps.size(); ++i) f.lloyd += steps[i];
    f.lloyd /= static_cast<double>(steps.size() > 1 ? steps.size() - 1 : 1);
    f.iterations = m.iterations;
    f.labels = std::move(m.labels);
    f.centroids = std::move(m.centroids);
    return f;
  };
  Progress("k-means distance kernels: scalar fit");
  const Fit fs = fit(DistanceKernel::kScalar);
  Progress("k-means distance kernels: " + simd_name + " fit");
  const Fit fv = simd ? fit(DistanceKernel::kSimd) : Fit{};
  // One full scan over all rows with the fitted centres: nearest + second nearest, as the first
  // Lloyd iteration (and every full assignment) does it.
  const std::vector<float> c(fs.centroids.begin(), fs.centroids.end());
  std::vector<int32_t> labels(X.rows);
  std::vector<float> best(X.rows), second(X.rows);
  auto scan = [&](DistanceKernel kernel) {
    analysis::SetDistanceKernel(kernel);
    double b = 1e300;
    for (int run = 0; run < 3; ++run)
      b = std::min(b, Time([&] {
            analysis::NearestCentroids(X.x.data(), X.cols, nullptr, X.rows, c.data(), k, labels.data(), best.data(),
                                       second.data());
          }));
    return b;
  };
  Progress("k-means distance kernels: full scans");
  const double scan_s = scan(DistanceKernel::kScalar);
  const double scan_v = simd ? scan(DistanceKernel::kSimd) : 0.0;
  analysis::SetDistanceKernel(saved);

  const std::string pre = "k-means k=" + K + " distance kernel: ";
  const std::string v = simd ? " (SIMD: " + simd_name + ")" : " (SIMD: not in this build)";
  auto speedup = [](double scalar, double vec) { return vec > 0 ? Fmt(" · %.2f×", scalar / vec) : std::string(); };
  t.Set(col, pre + "assign, one full scan of all rows (scalar)", Dur(scan_s));
  t.Set(col, pre + "assign, one full scan of all rows" + v, simd ? Dur(scan_v) + speedup(scan_s, scan_v) : "–");
  t.Set(col, pre + "k-means++ seeding (scalar)", Dur(fs.seeding));
  t.Set(col, pre + "k-means++ seeding" + v, simd ? Dur(fv.seeding) + speedup(fs.seeding, fv.seeding) : "–");
  t.Set(col, pre + "one Lloyd iteration, mean over the fit (scalar)", Dur(fs.lloyd));
  t.Set(col, pre + "one Lloyd iteration, mean over the fit" + v, simd ? Dur(fv.lloyd) + speedup(fs.lloyd, fv.lloyd) : "–");
  t.Set(col, pre + "full fit, n_init=1 (scalar)", Dur(fs.total) + " (" + std::to_string(fs.iterations) + " it.)");
  t.Set(col, pre + "full fit, n_init=1" + v,
        simd ? Dur(fv.total) + speedup(fs.total, fv.total) + " (" + std::to_string(fv.iterations) + " it., labels " +
                   (fv.labels == fs.labels && fv.centroids == fs.centroids ? "identical" : "DIFFER") + ")"
             : "–");
}

void RunOne(size_t col, size_t rows, int k, Table& t, std::vector<std::string>& notes) {
  const std::string K = std::to_string(k);
  std::fprintf(stderr, "bench: %s rows\n", Thousands(rows).c_str());

  Progress("generating the demo CSV (not timed)");
  demo::DemoOptions demo_opt;
  demo_opt.rows = rows;
  const std::string csv = demo::GenerateDemoCustomersCsv(demo_opt);
  const double csv_bytes = static_cast<double>(csv.size());
  t.Set(col, "Demo CSV (generated in memory, not timed)", Mb(csv_bytes));

  // ---- the whole pipeline first, so its memory figure is not inflated by the steps below:
  // import -> prepare -> k-means (automatic n_init) -> profiles -> PCA
  if (!g_kernels_only) {
    const int runs = std::max(1, g_pipeline_runs);
    std::vector<double> totals;
    std::string split, fingerprint;
    for (int run = 0; run < runs; ++run) {
      Progress("whole pipeline");
      analysis::KMeansOptions kp;
      kp.k = k;
      kp.n_init = 0;
      std::string copy2 = csv;
      size_t sink = 0;
      double s_imp = 0, s_prep = 0, s_km = 0, s_prof = 0, s_pca = 0;
      // Results moved out of the timed part for the fingerprint (moves only).
      std::vector<float> r_x;
      analysis::KMeansModel r_km;
      std::vector<analysis::SegmentSummary> r_prof;
      std::vector<float> r_pca;
      ResetPeakMemory();
      const double t_all = Time([&] {
        auto t0 = Clock::now();
        auto d2 = io::ReadCsv(std::move(copy2));
        if (!d2.ok()) Die("ReadCsv", d2.error());
        s_imp = SecondsSince(t0);
        t0 = Clock::now();
        std::vector<std::string> n2;
        auto f2 = analysis::PrepareFeatures(d2->table, {}, &n2);
        if (!f2.ok()) Die("PrepareFeatures", f2.error());
        s_prep = SecondsSince(t0);
        t0 = Clock::now();
        analysis::SetAutomaticRestarts(kp, f2->rows, f2->cols);  // as RunSegmentation chooses them
        auto m2 = analysis::FitKMeans(f2->x.data(), f2->rows, f2->cols, kp);
        if (!m2.ok()) Die("FitKMeans", m2.error());
        s_km = SecondsSince(t0);
        t0 = Clock::now();
        std::vector<analysis::SegmentSummary> s2;
        analysis::ProfileSegments(d2->table, f2->features, m2->labels, k, analysis::DetectKpis(d2->table), s2);
        s_prof = SecondsSince(t0);
        t0 = Clock::now();
        analysis::PcaResult p2 = analysis::ComputePca2(f2->x.data(), f2->rows, f2->cols);
        s_pca = SecondsSince(t0);
        sink += s2.size() + p2.scores.size();
        r_x = std::move(f2->x);
        r_km = std::move(m2.value());
        r_prof = std::move(s2);
        r_pca = std::move(p2.scores);
      });
      if (run == 0) {
        // Prepared matrix, k-means labels + centroids + inertia, profile statistics, PCA scores.
        uint64_t hp = 1469598103934665603ULL;
        for (const auto& seg : r_prof)
          for (const auto& f : seg.features) {
            const double v[4] = {f.mean, f.median, f.overall_mean, f.overall_median};
            hp = Fnv(v, sizeof v, hp);
          }
        fingerprint = "matrix " + Hex(Fnv(r_x.data(), r_x.size() * sizeof(float))) + ", labels " +
                      Hex(Fnv(r_km.labels.data(), r_km.labels.size() * sizeof(int32_t))) + ", centroids " +
                      Hex(Fnv(r_km.centroids.data(), r_km.centroids.size() * sizeof(double))) +
                      Fmt(", inertia %.17g", r_km.inertia) + ", profiles " + Hex(hp) + ", PCA " +
                      Hex(Fnv(r_pca.data(), r_pca.size() * sizeof(float)));
      }
      totals.push_back(t_all);
      if (run == 0 || t_all <= *std::min_element(totals.begin(), totals.end())) {
        split = "import " + Dur(s_imp) + ", prepare " + Dur(s_prep) + ", k-means " + Dur(s_km) + " (n_init=" +
                std::to_string(kp.n_init) +
                (kp.restart_sample > 0 && kp.restart_sample < rows ? " on " + Thousands(kp.restart_sample) + " rows" : "") +
                "), profiles " + Dur(s_prof) + ", PCA " + Dur(s_pca);
      }
      if (sink == 0) std::fprintf(stderr, "bench: empty pipeline result\n");
    }
    std::string all;
    for (double v : totals) all += (all.empty() ? "" : ", ") + Dur(v);
    t.Set(col, "Whole pipeline: import → prepare → k-means k=" + K + " (auto n_init) → profiles → PCA",
          Dur(*std::min_element(totals.begin(), totals.end())) + (runs > 1 ? " (best of " + all + ")" : ""));
    t.Set(col, std::string("Whole pipeline: time per step") + (runs > 1 ? " (best run)" : ""), split);
    t.Set(col, "Whole pipeline: result fingerprint (FNV-1a)", fingerprint);
    t.Set(col, kPeakPipeline, Mb(MemoryBytes()));
    if (g_pipeline_runs > 0) return;
  }


  // ---- import
  Progress("import");
  std::string copy = csv;
  Result<io::Dataset> ds = io::Dataset{};
  const double t_import = Time([&] { ds = io::ReadCsv(std::move(copy)); });
  if (!ds.ok()) Die("ReadCsv", ds.error());
  const io::Dataset& data = ds.value();
  t.Set(col, "Import (`ReadCsv`: decode, sniff, tokenize, type)",
        Dur(t_import) + " · " + MbPerS(csv_bytes, t_import));

  // ---- preparation
  Progress("prepare");
  std::vector<std::string> prep_notes;
  Result<analysis::FeatureMatrix> fm = analysis::FeatureMatrix{};
  const double t_prep = Time([&] { fm = analysis::PrepareFeatures(data.table, {}, &prep_notes); });
  if (!fm.ok()) Die("PrepareFeatures", fm.error());
  const analysis::FeatureMatrix& X = fm.value();
  t.Set(col, "Prepare features (default columns; impute, log1p auto, z-score)", Dur(t_prep));
  if (col == 0) {
    std::string list;
    for (const auto& f : X.features) list += (list.empty() ? "" : ", ") + f.name + (f.log1p ? " (log1p)" : "");
    notes.push_back("Features: the " + std::to_string(X.cols) + " default numeric columns, float32: " + list + ".");
  }
  if (g_kernels_only) {
    RunKernels(col, X, k, t);
    return;
  }

  // ---- k-means: seeding and Lloyd iterations, timed step by step
  Progress("k-means, n_init=1, step by step");
  analysis::KMeansOptions ko;
  ko.k = k;
  ko.n_init = 1;
  auto runner = analysis::KMeansRunner::Create(X.x.data(), X.rows, X.cols, ko);
  if (!runner.ok()) Die("KMeansRunner::Create", runner.error());
  analysis::KMeansRunner km = std::move(runner.value());
  std::vector<double> steps;
  const double t_km1 = Time([&] {
    bool more = true;
    while (more) {
      const auto t0 = Clock::now();
      more = km.Step();
      steps.push_back(SecondsSince(t0));
    }
  });
  const analysis::KMeansModel km_model = km.Take();
  // steps[0] is the k-means++ seeding, every later step one Lloyd iteration (assign + update).
  double lloyd = 0.0;
  for (size_t i = 1; i < steps.size(); ++i) lloyd += steps[i];
  const size_t lloyd_n = steps.size() > 1 ? steps.size() - 1 : 1;
  t.Set(col, "k-means k=" + K + ": k-means++ seeding", Dur(steps.empty() ? 0.0 : steps[0]));
  t.Set(col, "k-means k=" + K + ": one Lloyd iteration (mean over the fit)", Dur(lloyd / static_cast<double>(lloyd_n)));
  t.Set(col, "k-means k=" + K + ": full fit, n_init=1",
        Dur(t_km1) + " (" + std::to_string(km_model.iterations) + " it.)");
  RunKernels(col, X, k, t);

  // ---- k-means with the automatic restarts (as RunSegmentation chooses them); on large inputs
  // also every restart on all rows, for comparison (time and inertia).
  analysis::KMeansOptions ka = ko;
  ka.n_init = 0;
  analysis::SetAutomaticRestarts(ka, X.rows, X.cols);
  const int auto_n_init = ka.n_init;
  const bool sampled = ka.restart_sample > 0 && ka.restart_sample < X.rows;
  Progress("k-means, automatic n_init=" + std::to_string(auto_n_init) + (sampled ? " (sampled restarts)" : ""));
  Result<analysis::KMeansModel> km_auto = analysis::KMeansModel{};
  const double t_kma = Time([&] { km_auto = analysis::FitKMeans(X.x.data(), X.rows, X.cols, ka); });
  if (!km_auto.ok()) Die("FitKMeans", km_auto.error());
  t.Set(col, "k-means k=" + K + ": full fit, automatic n_init",
        Dur(t_kma) + " (n_init=" + std::to_string(auto_n_init) +
            (sampled ? " on a " + Thousands(ka.restart_sample) + "-row sample, then " +
                           std::to_string(km_auto->iterations) + " it. on all rows"
                     : "") +
            Fmt(", inertia %.6g)", km_auto->inertia));
  if (sampled) {
    Progress("k-means, n_init=" + std::to_string(auto_n_init) + ", every restart on all rows");
    analysis::KMeansOptions kf = ka;
    kf.restart_sample = 0;
    Result<analysis::KMeansModel> km_full = analysis::KMeansModel{};
    const double t_kmf = Time([&] { km_full = analysis::FitKMeans(X.x.data(), X.rows, X.cols, kf); });
    if (!km_full.ok()) Die("FitKMeans", km_full.error());
    t.Set(col, "k-means k=" + K + ": full fit, same n_init, every restart on all rows",
          Dur(t_kmf) + Fmt(" (inertia %.6g; ", km_full->inertia) +
              Fmt("sampled restarts' inertia %+.3f %%)", 100.0 * (km_auto->inertia / km_full->inertia - 1.0)));
  }
  const std::vector<int32_t>& labels = km_auto->labels;

  // ---- GMM, full and diagonal, timed step by step: the last `iterations` steps are EM iterations,
  // everything before is the k-means initialisation.
  for (analysis::Covariance cov : {analysis::Covariance::kFull, analysis::Covariance::kDiagonal}) {
    const std::string name = std::string(analysis::CovarianceName(cov));
    Progress("GMM " + name);
    analysis::GmmOptions go;
    go.k = k;
    go.covariance = cov;
    go.max_iter = 50;
    auto gr = analysis::GmmRunner::Create(X.x.data(), X.rows, X.cols, go);
    if (!gr.ok()) Die("GmmRunner::Create", gr.error());
    analysis::GmmRunner g = std::move(gr.value());
    std::vector<double> gsteps;
    const double t_g = Time([&] {
      bool more = true;
      while (more) {
        const auto t0 = Clock::now();
        more = g.Step();
        gsteps.push_back(SecondsSince(t0));
      }
    });
    const analysis::GmmModel gm = g.Take();
    const size_t em = std::min(static_cast<size_t>(std::max(gm.iterations, 0)), gsteps.size());
    double em_s = 0.0;
    for (size_t i = gsteps.size() - em; i < gsteps.size(); ++i) em_s += gsteps[i];
    t.Set(col, "GMM " + name + " k=" + K + ", max_iter 50: full fit",
          Dur(t_g) + " (k-means init " + Dur(t_g - em_s) + " + " + std::to_string(gm.iterations) + " EM it." +
              (gm.converged ? "" : ", not converged") + ")");
    t.Set(col, "GMM " + name + " k=" + K + ": one EM iteration", Dur(em > 0 ? em_s / static_cast<double>(em) : 0.0));
  }

  // ---- auto k
  Progress("auto-k 2..10");
  analysis::AutoKOptions ao;
  Result<analysis::AutoKResult> ak = analysis::AutoKResult{};
  const double t_ak = Time([&] { ak = analysis::ChooseK(X.x.data(), X.rows, X.cols, ao); });
  if (!ak.ok()) Die("ChooseK", ak.error());
  t.Set(col, "Auto k, k=2..10 (`ChooseK` defaults: searches a 20,000-row sample)",
        Dur(t_ak) + " (chose k=" + std::to_string(ak->recommended) + ")");

  // ---- silhouette and the other quality indices
  Progress("quality");
  analysis::QualityScores q;
  const double t_q = Time([&] { q = analysis::ScoreClustering(X.x.data(), X.rows, X.cols, labels, k, 1, 3000); });
  t.Set(col, "Quality (`ScoreClustering`: silhouette on 3,000 rows + CH, DB on all)", Dur(t_q));

  // ---- PCA
  Progress("PCA");
  analysis::PcaResult pca;
  const double t_pca = Time([&] { pca = analysis::ComputePca2(X.x.data(), X.rows, X.cols); });
  t.Set(col, "PCA (2 components + scores)", Dur(t_pca));

  // ---- profiles
  Progress("profiles");
  std::vector<analysis::SegmentSummary> segments;
  const double t_prof = Time([&] {
    const auto kpis = analysis::DetectKpis(data.table);
    analysis::ProfileSegments(data.table, X.features, labels, k, kpis, segments);
  });
  t.Set(col, "Profiles (`DetectKpis` + `ProfileSegments`)", Dur(t_prof));

  // ---- export
  Progress("export");
  analysis::NameSegments(segments);
  std::vector<std::string> ids(data.table.rows), names(data.table.rows);
  for (size_t i = 0; i < data.table.rows; ++i) {
    ids[i] = std::to_string(labels[i] + 1);
    names[i] = segments[static_cast<size_t>(labels[i])].name;
  }
  std::string out;
  const double t_exp = Time([&] { out = io::WriteWithExtraColumns(data, {"segment", "segment_name"}, {ids, names}); });
  t.Set(col, "Export (`WriteWithExtraColumns`, +segment, segment_name)",
        Dur(t_exp) + " · " + MbPerS(static_cast<double>(out.size()), t_exp) + " (" +
            Mb(static_cast<double>(out.size())) + ")");
  out.clear();
  out.shrink_to_fit();

  t.Set(col, kPeakAll, Mb(MemoryBytes()));
}

// Peak memory of one import, natively from the kernel's high-water mark (VmHWM, reset just before),
// in wasm as the growth of the heap (which never shrinks; the warm-up runs first, so only growth
// caused by this file counts).
void RunImportOnly(size_t col, size_t rows, Table& t) {
  std::fprintf(stderr, "bench: %s rows (import only)\n", Thousands(rows).c_str());
  demo::DemoOptions demo_opt;
  demo_opt.rows = rows;
  std::string csv = demo::GenerateDemoCustomersCsv(demo_opt);
  const double csv_bytes = static_cast<double>(csv.size());
  t.Set(col, "Demo CSV (generated in memory, not timed)", Mb(csv_bytes));
  double best = 1e300, best_cpu = 1e300;
  double peak_extra = 0;
  for (int run = 0; run < 3; ++run) {
    std::string copy = csv;
    const double before = MemoryBytes();
    ResetPeakMemory();
    const double base = CurrentBytes();
    Result<io::Dataset> ds = io::Dataset{};
    const double cpu0 = CpuSeconds();
    const double s = Time([&] { ds = io::ReadCsv(std::move(copy)); });
    best_cpu = std::min(best_cpu, CpuSeconds() - cpu0);
    if (!ds.ok()) Die("ReadCsv", ds.error());
    best = std::min(best, s);
#ifdef __EMSCRIPTEN__
    (void)base;
    // The input copy lived in the heap before the import; count it as the file.
    if (run == 0) peak_extra = MemoryBytes() - before + csv_bytes;
#else
    (void)before;
    peak_extra = std::max(peak_extra, StatusBytes("VmHWM") - base + csv_bytes);
#endif
    if (run == 0) {
      const io::Dataset& d = ds.value();
      t.Set(col, "Imported table (rows x columns)",
            Thousands(d.table.rows) + " x " + std::to_string(d.table.columns.size()));
    }
  }
  t.Set(col, "Import (`ReadCsv`: decode, sniff, tokenize, type), best of 3", Dur(best) + " · " + MbPerS(csv_bytes, best));
#ifndef __EMSCRIPTEN__
  // On a shared machine the wall clock also counts time the process waited for a core.
  t.Set(col, "Import, CPU time of the process (best of 3)", Dur(best_cpu) + " · " + MbPerS(csv_bytes, best_cpu));
#else
  (void)best_cpu;
#endif
  t.Set(col, kPeakImport, Mb(peak_extra) + Fmt(" (%.2f× the file)", peak_extra / csv_bytes));
}

bool ParseRows(const std::string& s, std::vector<size_t>& rows) {
  rows.clear();
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(std::remove(item.begin(), item.end(), '_'), item.end());
    char* end = nullptr;
    const unsigned long long v = std::strtoull(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || v < 100 || v > 5000000) return false;
    rows.push_back(static_cast<size_t>(v));
  }
  return !rows.empty();
}

int Usage(const char* why) {
  std::fprintf(stderr,
               "bench: %s\nusage: bench [--rows 100000,1000000] [--k 8] [--quick] [--import-only] [--kernels-only]\n"
               "             [--pipeline-only [N]] [--write-csv DIR] [--transactions [N]]\n"
               "  --rows  comma-separated row counts (100 .. 5,000,000)\n"
               "  --k     segments for k-means, GMM, profiles and the pipeline (2 .. 50)\n"
               "  --quick 20,000 rows only (smoke run)\n"
               "  --import-only  time only the importer (best of 3) and its peak memory\n"
               "  --kernels-only  time only the k-means distance kernels, scalar vs SIMD\n"
               "  --explain-only  time only the explanation tree (IMM k leaves, ExKMC 2k) on 12 generated features\n"
               "  --pipeline-only [N]  time only the whole pipeline, N runs (default 1), with its split\n"
               "  --write-csv DIR  write the generated CSVs to DIR/demo_<rows>.csv and exit\n"
               "  --transactions [N]  transactions -> customers on N generated invoice lines (default 1,000,000)\n",
               why);
  return 2;
}

}  // namespace

int RunTransactionsBench(size_t lines);  // bench_transactions.cpp

int main(int argc, char** argv) {
  Options opt;
  bool quick = false;
  bool import_only = false;
  bool clv_only = false;
  bool explain_only = false;
  std::string write_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") {
      quick = true;
    } else if (a == "--transactions") {
      size_t lines = 1000000;
      if (i + 1 < argc && argv[i + 1][0] >= '1' && argv[i + 1][0] <= '9') lines = static_cast<size_t>(std::atoll(argv[++i]));
      return RunTransactionsBench(lines);
    } else if (a == "--import-only") {
      import_only = true;
    } else if (a == "--clv-only") {  // predicted customer value (bench_clv.cpp), after --rows
      clv_only = true;
    } else if (a == "--kernels-only") {
      g_kernels_only = true;
    } else if (a == "--explain-only") {
      explain_only = true;
    } else if (a == "--pipeline-only") {
      g_pipeline_runs = 1;
      if (i + 1 < argc && argv[i + 1][0] >= '1' && argv[i + 1][0] <= '9') g_pipeline_runs = std::max(1, std::min(20, std::atoi(argv[++i])));
    } else if (a == "--write-csv" && i + 1 < argc) {
      write_dir = argv[++i];
    } else if (a == "--rows" && i + 1 < argc) {
      if (!ParseRows(argv[++i], opt.rows)) return Usage("--rows takes comma-separated row counts, e.g. 100000,1000000");
    } else if (a == "--k" && i + 1 < argc) {
      opt.k = std::atoi(argv[++i]);
      if (opt.k < 2 || opt.k > 50) return Usage("--k must be between 2 and 50");
    } else if (a == "--help" || a == "-h") {
      Usage("prints a Markdown table of timings");
      return 0;
    } else {
      return Usage(("unknown argument " + a).c_str());
    }
  }
  if (quick) opt.rows = {20000};
  if (clv_only) return RunClvBench(opt.rows, Platform(), &MemoryBytes, &ResetPeakMemory);
  if (explain_only) {
    for (size_t rows : opt.rows) seg::bench::RunExplainBench(rows, 12, opt.k);
    return 0;
  }

  if (!write_dir.empty()) {
    for (size_t rows : opt.rows) {
      demo::DemoOptions demo_opt;
      demo_opt.rows = rows;
      const std::string csv = demo::GenerateDemoCustomersCsv(demo_opt);
      const std::string path = write_dir + "/demo_" + std::to_string(rows) + ".csv";
      std::ofstream out(path, std::ios::binary);
      out.write(csv.data(), static_cast<std::streamsize>(csv.size()));
      if (!out) {
        std::fprintf(stderr, "bench: cannot write %s\n", path.c_str());
        return 1;
      }
      std::printf("%s\n", path.c_str());
    }
    return 0;
  }

  if (import_only) {
    Table warm;
    warm.columns = 1;
    RunImportOnly(0, 2000, warm);
    Table t;
    t.columns = opt.rows.size();
    for (size_t c = 0; c < opt.rows.size(); ++c) RunImportOnly(c, opt.rows[c], t);
    std::ostringstream md;
    md << "**Segmenter import benchmark** — " << Platform() << " — " << CpuModel() << "; demo customer CSV (21 columns).\n\n";
    md << "| Step |";
    for (size_t r : opt.rows) md << " " << Thousands(r) << " rows |";
    md << "\n|---|";
    for (size_t c = 0; c < opt.rows.size(); ++c) md << "---:|";
    md << "\n";
    for (const std::string& step : t.steps) {
      md << "| " << step << " |";
      for (const std::string& cell : t.cells[step]) md << " " << cell << " |";
      md << "\n";
    }
    std::fwrite(md.str().data(), 1, md.str().size(), stdout);
    std::fflush(stdout);
    return 0;
  }

  // Untimed warm-up on a small file: page faults, allocator pools and, in wasm, V8's tier-up from
  // the baseline compiler (Liftoff) to the optimising one (TurboFan) happen here, not in the figures.
  {
    std::fprintf(stderr, "bench: warm-up (not reported)\n");
    Table warm;
    warm.columns = 1;
    std::vector<std::string> ignored;
    RunOne(0, 2000, opt.k, warm, ignored);
  }

  Table t;
  t.columns = opt.rows.size();
  std::vector<std::string> notes;
  for (size_t c = 0; c < opt.rows.size(); ++c) RunOne(c, opt.rows[c], opt.k, t, notes);

  std::ostringstream md;
  md << "**Segmenter benchmark** — " << Platform() << " — " << CpuModel() << "; demo customer CSV (21 columns), k="
     << opt.k << ", seed 42, one run per figure.\n\n";
  md << "| Step |";
  for (size_t r : opt.rows) md << " " << Thousands(r) << " rows |";
  md << "\n|---|";
  for (size_t c = 0; c < opt.rows.size(); ++c) md << "---:|";
  md << "\n";
  // The pipeline and memory rows last, whatever order they were measured in.
  std::stable_partition(t.steps.begin(), t.steps.end(), [](const std::string& s) {
    return s.rfind("Whole pipeline", 0) != 0 && s.rfind("Memory:", 0) != 0;
  });
  for (const std::string& step : t.steps) {
    md << "| " << step << " |";
    for (const std::string& cell : t.cells[step]) md << " " << cell << " |";
    md << "\n";
  }
  md << "\n";
  notes.push_back(
      "k-means per iteration: a `KMeansRunner` with n_init=1 is stepped by hand; its first step (k-means++ "
      "seeding) is timed apart, every later step is one Lloyd iteration (assign + update), averaged.");
  notes.push_back(std::string("k-means distance kernels: the default kernel here is ") +
                  analysis::DistanceKernelName(analysis::DefaultDistanceKernel()) +
                  " (every row without \"(scalar)\" uses it). \"assign, one full scan\" = nearest and second-nearest "
                  "centre of every row for the fitted centres (best of 3); the kernels give bit-identical distances, so "
                  "both fits take the same iterations. Most Lloyd iterations skip most rows (Hamerly's bounds), so they "
                  "gain less than a full scan.");
  notes.push_back(
      "GMM per iteration: a `GmmRunner` (n_init=1) is stepped by hand; the last `iterations` steps are the EM "
      "iterations (M-step + E-step), averaged; the steps before them are its k-means initialisation.");
  notes.push_back("Each figure is one run after an untimed warm-up pass on 2,000 rows. The pipeline runs first; its "
                  "memory row includes the bench's generated CSV bytes; the all-steps row also holds a second "
                  "imported copy, GMM responsibilities and the export string. Timings on a shared machine are noisy.");
  notes.push_back("Automatic restarts as `RunSegmentation` chooses them (`SetAutomaticRestarts`): 20 restarts up to "
                  "rows x features x k = 2e6, 10 up to 2e7, 4 up to 2e8, else 2; from 200,000 rows on they run on a "
                  "100,000-row sample and the best centres start one Lloyd fit on all rows.");
  for (const std::string& n : notes) md << "- " << n << "\n";
  std::fwrite(md.str().data(), 1, md.str().size(), stdout);
  std::fflush(stdout);
  return 0;
}
