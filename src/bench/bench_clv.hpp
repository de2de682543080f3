// The predicted-customer-value benchmark (bench --clv-only), in its own file (bench_clv.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

// Prints a Markdown table: for each customer count, simulate a transaction log (not timed), then
// time reading the purchase occasions, both fits, scoring, and the whole RunClv with and without a
// calibration split; peak memory through the caller's probes (bench.cpp's).
int RunClvBench(const std::vector<size_t>& customers, const std::string& platform, double (*memory_bytes)(),
                void (*reset_peak_memory)());
