// bench_explain.hpp — the explanation-tree benchmark (bench --explain-only), bench_explain.cpp.
#pragma once

#include <cstddef>

namespace seg::bench {

// Times IMM (k leaves) and the ExKMC expansion (2k leaves) on `rows` x `dims` generated points
// with k clusters; prints a Markdown table. Returns 0.
int RunExplainBench(size_t rows, size_t dims, int k);

}  // namespace seg::bench
