// src/app/charts.hpp — the studio's charts, drawn with ImDrawList: segment sizes, KPI bars, the
// heatmap of standardised differences, and per-feature
// histograms by segment.
#pragma once

#include <imgui.h>

#include <array>
#include <string>
#include <vector>

#include "seg/analysis/segmentation.hpp"
#include "seg/io/table.hpp"

namespace seg::app {

// How segments look: one entry per shown segment.
struct SegmentStyle {
  std::vector<ImVec4> colors;
  std::vector<bool> hidden;
  float scale = 1.0f;
};

// Horizontal bars: customers per segment, with the share.
void DrawSegmentSizes(const analysis::SegmentResult& result, const SegmentStyle& style);
// One small bar chart per KPI (revenue share, churn, NPS, ...), the whole base as a line.
void DrawKpiBars(const analysis::SegmentResult& result, const SegmentStyle& style);
// Features x segments, coloured by (segment mean - overall mean) / overall std; hover for values.
void DrawHeatmap(const analysis::SegmentResult& result, const SegmentStyle& style);

// Distribution of one numeric column per segment (share of the segment per bin), lines on a
// common axis from the 1st to the 99th percentile. Caches the binning until the inputs change.
class Histograms {
 public:
  void Draw(const io::Table& table, const analysis::SegmentResult& result, const SegmentStyle& style, int version);

 private:
  void Compute(const io::Table& table, const analysis::SegmentResult& result);
  int column_ = -1;
  int computed_column_ = -2;
  int computed_version_ = -1;
  double lo_ = 0, hi_ = 1;
  std::vector<std::vector<float>> share_;  // segment x bin
  std::vector<size_t> missing_;            // per segment
};

// The RFM grid: recency score (rows, 5 at the top) x frequency score (columns), customers per
// cell, each cell in the colour of its named segment. `grid[(r-1)*5 + (f-1)]`.
void DrawRfmGrid(const std::array<size_t, 25>& grid, const std::array<int, 25>& cell_segment,
                 const analysis::SegmentResult& result, const SegmentStyle& style);

}  // namespace seg::app
