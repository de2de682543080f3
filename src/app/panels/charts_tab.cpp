// src/app/panels/charts_tab.cpp — the "Charts" tab: RFM grid, heatmap, sizes, KPI bars, distributions (drawn by charts.cpp).
#include "app/app_state.hpp"

namespace seg::app {

void App::State::DrawFlow(const analysis::CompareResult& c, float height) {
  const int k = c.k;
  const float sc = scale;
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(w, height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float bar_w = 14 * sc, label_w = std::min(200.0f * sc, w * 0.25f), gap = 6 * sc;
  const float xl = p0.x + label_w, xr = p0.x + w - label_w - bar_w;
  // Left: old segments then "new" (the source of new customers); right: new segments then "left".
  std::vector<double> left(static_cast<size_t>(k) + 1, 0.0), right(static_cast<size_t>(k) + 1, 0.0);
  for (int i = 0; i < k; ++i) {
    left[static_cast<size_t>(i)] = static_cast<double>(c.growth[static_cast<size_t>(i)].old_count);
    right[static_cast<size_t>(i)] = static_cast<double>(c.growth[static_cast<size_t>(i)].new_count);
  }
  left[static_cast<size_t>(k)] = static_cast<double>(c.new_customers);
  right[static_cast<size_t>(k)] = static_cast<double>(c.churned);
  double total = 0;
  for (double v : left) total += v;
  double total_r = 0;
  for (double v : right) total_r += v;
  total = std::max({total, total_r, 1.0});
  const float usable = height - gap * static_cast<float>(k + 1);
  const float unit = std::max(0.0f, usable) / static_cast<float>(total);
  std::vector<float> ly(static_cast<size_t>(k) + 1), ry(static_cast<size_t>(k) + 1);
  float y = p0.y;
  for (int i = 0; i <= k; ++i) ly[static_cast<size_t>(i)] = y, y += static_cast<float>(left[static_cast<size_t>(i)]) * unit + gap;
  y = p0.y;
  for (int i = 0; i <= k; ++i) ry[static_cast<size_t>(i)] = y, y += static_cast<float>(right[static_cast<size_t>(i)]) * unit + gap;
  const ImU32 grey = IM_COL32(150, 150, 150, 255), text = ImGui::GetColorU32(ImGuiCol_Text);
  auto color = [&](int seg) { return seg < k ? ImGui::ColorConvertFloat4ToU32(ColorOf(seg)) : grey; };
  auto name = [&](int seg, bool is_left) {
    if (seg < k) return std::to_string(seg + 1) + "  " + TruncateUtf8(c.segment_names[static_cast<size_t>(seg)], 18);
    return std::string(is_left ? Tr("new customers") : Tr("churned"));
  };
  // Bands, drawn as strips of quads along a smooth S curve.
  std::vector<float> lcur = ly, rcur = ry;
  auto band = [&](int from, int to, double count) {
    if (count <= 0) return;
    const float h = static_cast<float>(count) * unit;
    const float a0 = lcur[static_cast<size_t>(from)], b0 = rcur[static_cast<size_t>(to)];
    lcur[static_cast<size_t>(from)] += h;
    rcur[static_cast<size_t>(to)] += h;
    ImU32 col = color(from < k ? from : to);
    col = (col & 0x00FFFFFF) | (static_cast<ImU32>(110) << 24);
    const int steps = 24;
    for (int t = 0; t < steps; ++t) {
      auto at = [&](int u) {
        const float f = static_cast<float>(u) / steps;
        const float e = f * f * (3 - 2 * f);  // smoothstep
        return std::pair<float, float>(xl + bar_w + (xr - xl - bar_w) * f, a0 + (b0 - a0) * e);
      };
      const auto [x1, y1] = at(t);
      const auto [x2, y2] = at(t + 1);
      dl->AddQuadFilled(ImVec2(x1, y1), ImVec2(x2, y2), ImVec2(x2, y2 + h), ImVec2(x1, y1 + h), col);
    }
  };
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) band(i, j, static_cast<double>(c.matrix[static_cast<size_t>(i)][static_cast<size_t>(j)]));
    band(i, k, static_cast<double>(c.growth[static_cast<size_t>(i)].churned));
  }
  for (int j = 0; j < k; ++j) band(k, j, static_cast<double>(c.growth[static_cast<size_t>(j)].new_customers));
  for (int i = 0; i <= k; ++i) {
    const float lh = static_cast<float>(left[static_cast<size_t>(i)]) * unit, rh = static_cast<float>(right[static_cast<size_t>(i)]) * unit;
    dl->AddRectFilled(ImVec2(xl, ly[static_cast<size_t>(i)]), ImVec2(xl + bar_w, ly[static_cast<size_t>(i)] + std::max(lh, 1.0f)), color(i));
    dl->AddRectFilled(ImVec2(xr, ry[static_cast<size_t>(i)]), ImVec2(xr + bar_w, ry[static_cast<size_t>(i)] + std::max(rh, 1.0f)), color(i));
    const std::string ltext = name(i, true) + "  " + FormatCount(static_cast<size_t>(left[static_cast<size_t>(i)]));
    const std::string rtext = name(i, false) + "  " + FormatCount(static_cast<size_t>(right[static_cast<size_t>(i)]));
    const float th = ImGui::GetTextLineHeight();
    dl->AddText(ImVec2(p0.x, ly[static_cast<size_t>(i)] + std::max(0.0f, lh - th) / 2), text, ltext.c_str());
    dl->AddText(ImVec2(xr + bar_w + 6 * sc, ry[static_cast<size_t>(i)] + std::max(0.0f, rh - th) / 2), text, rtext.c_str());
  }
}

void App::State::DrawChartsTab() {
  if (!result) {
    ImGui::TextDisabled("%s", Tr("No segmentation yet."));
    return;
  }
  const SegmentStyle style = Style();
  if (ImGui::BeginChild("charts", ImVec2(0, 0))) {
    if (rfm_view && !current.edits.merged() && ImGui::CollapsingHeader(Tr("RFM grid (recency x frequency)"), ImGuiTreeNodeFlags_DefaultOpen))
      DrawRfmGrid(rfm_view->grid, rfm_view->cell, *result, style);
    if (ImGui::CollapsingHeader(Tr("What sets each segment apart (heatmap)"), ImGuiTreeNodeFlags_DefaultOpen)) DrawHeatmap(*result, style);
    if (ImGui::CollapsingHeader(Tr("Segment sizes"), ImGuiTreeNodeFlags_DefaultOpen)) DrawSegmentSizes(*result, style);
    if (ImGui::CollapsingHeader(Tr("KPIs by segment"), ImGuiTreeNodeFlags_DefaultOpen)) DrawKpiBars(*result, style);
    if (ImGui::CollapsingHeader(Tr("Distributions by segment"), ImGuiTreeNodeFlags_DefaultOpen))
      histograms.Draw(data->table, *result, style, result_version);
  }
  ImGui::EndChild();
}

}  // namespace seg::app
