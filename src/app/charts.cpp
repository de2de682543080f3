#include "app/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/i18n.hpp"
#include "seg/common/text.hpp"

namespace seg::app {
namespace {

ImU32 U32(ImVec4 c) { return ImGui::ColorConvertFloat4ToU32(c); }

ImVec4 SegColor(const SegmentStyle& style, size_t s) {
  return s < style.colors.size() ? style.colors[s] : ImVec4(0.5f, 0.5f, 0.5f, 1);
}

bool Hidden(const SegmentStyle& style, size_t s) { return s < style.hidden.size() && style.hidden[s]; }

// Blue (below the base) - neutral - orange (above), symmetric in [-2, 2] standard deviations.
ImVec4 Diverging(double z, bool dark) {
  const float t = static_cast<float>(std::clamp(z / 2.0, -1.0, 1.0));
  const ImVec4 mid = dark ? ImVec4(0.16f, 0.17f, 0.20f, 1) : ImVec4(0.96f, 0.96f, 0.96f, 1);
  const ImVec4 lo(0.20f, 0.45f, 0.80f, 1), hi(0.90f, 0.45f, 0.15f, 1);
  const ImVec4 end = t < 0 ? lo : hi;
  const float a = std::fabs(t);
  return ImVec4(mid.x + (end.x - mid.x) * a, mid.y + (end.y - mid.y) * a, mid.z + (end.z - mid.z) * a, 1);
}

bool DarkTheme() {
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  return bg.x + bg.y + bg.z < 1.5f;
}

std::string SegmentLabel(const analysis::SegmentSummary& s, size_t max_bytes) {
  return std::to_string(s.id + 1) + "  " + TruncateUtf8(s.name, max_bytes);
}

// One horizontal bar per segment; `overall` (if finite) drawn as a vertical line.
void Bars(const char* id, const analysis::SegmentResult& result, const SegmentStyle& style,
          const std::vector<double>& values, double overall, bool signed_axis, const std::vector<std::string>& texts) {
  const float sc = style.scale;
  const float row_h = ImGui::GetTextLineHeight() + 6 * sc;
  const float label_w = std::min(220.0f * sc, ImGui::GetContentRegionAvail().x * 0.4f);
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = row_h * static_cast<float>(values.size()) + 4 * sc;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(std::max(w, 1.0f), std::max(h, 1.0f)));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  double lo = 0, hi = 0;
  for (double v : values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (std::isfinite(overall)) lo = std::min(lo, overall), hi = std::max(hi, overall);
  if (signed_axis) {
    const double m = std::max(std::fabs(lo), std::fabs(hi));
    lo = -m, hi = m;
  }
  if (hi - lo < 1e-12) hi = lo + 1;
  const float text_w = 90.0f * sc;
  const float x0 = p0.x + label_w, x1 = std::max(x0 + 10 * sc, p0.x + w - text_w);
  auto X = [&](double v) { return x0 + static_cast<float>((v - lo) / (hi - lo)) * (x1 - x0); };
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (size_t s = 0; s < values.size() && s < result.segments.size(); ++s) {
    const float y = p0.y + row_h * static_cast<float>(s);
    const std::string label = SegmentLabel(result.segments[s], 28);
    dl->PushClipRect(ImVec2(p0.x, y), ImVec2(x0 - 6 * sc, y + row_h), true);
    dl->AddText(ImVec2(p0.x, y + 3 * sc), Hidden(style, s) ? dim : text, label.c_str());
    dl->PopClipRect();
    if (!std::isfinite(values[s])) continue;
    ImVec4 c = SegColor(style, s);
    if (Hidden(style, s)) c.w = 0.3f;
    const float a = X(std::max(lo, 0.0)), b = X(values[s]);
    dl->AddRectFilled(ImVec2(std::min(a, b), y + 3 * sc), ImVec2(std::max(a, b) + 1, y + row_h - 3 * sc), U32(c), 2 * sc);
    const std::string& t = texts[s];
    dl->AddText(ImVec2(x1 + 6 * sc, y + 3 * sc), text, t.c_str());
    if (hovered && ImGui::GetIO().MousePos.y >= y && ImGui::GetIO().MousePos.y < y + row_h)
      ImGui::SetTooltip("%s\n%s", result.segments[s].name.c_str(), t.c_str());
  }
  if (std::isfinite(overall)) {
    const float x = X(overall);
    for (float y = p0.y; y < p0.y + h; y += 6 * sc) dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 3 * sc, p0.y + h)), dim, 1.5f * sc);
  }
}

}  // namespace

void DrawSegmentSizes(const analysis::SegmentResult& result, const SegmentStyle& style) {
  std::vector<double> values;
  std::vector<std::string> texts;
  for (const auto& s : result.segments) {
    values.push_back(static_cast<double>(s.size));
    texts.push_back(FormatCount(s.size) + " (" + FormatPercent(s.share, 1) + ")");
  }
  Bars("##sizes", result, style, values, NAN, false, texts);
}

void DrawKpiBars(const analysis::SegmentResult& result, const SegmentStyle& style) {
  if (result.segments.empty() || result.segments.front().kpis.empty()) {
    ImGui::TextDisabled("%s", Tr("No KPI columns were recognised (revenue, margin, churn, NPS, conversion, ...)."));
    return;
  }
  const auto& first = result.segments.front().kpis;
  for (size_t i = 0; i < first.size(); ++i) {
    const std::string& key = first[i].key;
    std::vector<double> values;
    std::vector<std::string> texts;
    for (const auto& s : result.segments) {
      const double v = i < s.kpis.size() ? s.kpis[i].value : NAN;
      values.push_back(v);
      std::string t = key == "nps" ? (v >= 0 ? "+" : "") + FormatFixed(v, 0) : FormatNumber(v);
      const std::string& unit = first[i].unit;
      if (unit == "%") t = FormatFixed(v, 1) + (CurrentLanguage() == Language::kGerman ? " %" : "%");
      else if (!unit.empty() && unit != "points") t += " " + unit;
      texts.push_back(t);
    }
    bool any = false;
    for (double v : values) any = any || std::isfinite(v);
    if (!any) continue;
    ImGui::PushID(static_cast<int>(i));
    ImGui::SeparatorText(first[i].label.c_str());
    const std::string all = key == "nps" ? (first[i].overall >= 0 ? "+" : "") + FormatFixed(first[i].overall, 0)
                                         : FormatNumber(first[i].overall);
    // Totals and shares (revenue_sum, revenue_share: 100% for all customers) have no "all
    // customers" line on the same scale; rates and means do.
    auto ends_with = [&](const char* suffix) {
      const size_t n = std::char_traits<char>::length(suffix);
      return key.size() > n && key.compare(key.size() - n, n, suffix) == 0;
    };
    const bool total = ends_with("_sum") || ends_with("_share");
    if (!total) ImGui::TextDisabled("%s %s", Tr("dashed line: all customers"), all.c_str());
    Bars("##kpi", result, style, values, total ? NAN : first[i].overall, key == "nps", texts);
    ImGui::PopID();
  }
}

void DrawHeatmap(const analysis::SegmentResult& result, const SegmentStyle& style) {
  if (result.segments.empty() || result.segments.front().features.empty()) return;
  const float sc = style.scale;
  const auto& feats = result.segments.front().features;
  const size_t nf = feats.size(), ns = result.segments.size();
  const float label_w = std::min(200.0f * sc, ImGui::GetContentRegionAvail().x * 0.35f);
  const float cell_h = ImGui::GetTextLineHeight() + 8 * sc;
  const float cell_w = std::clamp((ImGui::GetContentRegionAvail().x - label_w) / static_cast<float>(ns), 36.0f * sc, 120.0f * sc);
  const float head_h = ImGui::GetTextLineHeight() + 8 * sc;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size(label_w + cell_w * static_cast<float>(ns), head_h + cell_h * static_cast<float>(nf));
  ImGui::InvisibleButton("##heatmap", size);
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool dark = DarkTheme();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  for (size_t s = 0; s < ns; ++s) {
    const float x = p0.x + label_w + cell_w * static_cast<float>(s);
    dl->AddRectFilled(ImVec2(x + 2 * sc, p0.y + 2 * sc), ImVec2(x + 10 * sc, p0.y + head_h - 4 * sc), U32(SegColor(style, s)), 2 * sc);
    dl->AddText(ImVec2(x + 14 * sc, p0.y + 3 * sc), text, std::to_string(result.segments[s].id + 1).c_str());
  }
  for (size_t f = 0; f < nf; ++f) {
    const float y = p0.y + head_h + cell_h * static_cast<float>(f);
    dl->PushClipRect(ImVec2(p0.x, y), ImVec2(p0.x + label_w - 6 * sc, y + cell_h), true);
    dl->AddText(ImVec2(p0.x, y + 4 * sc), text, feats[f].name.c_str());
    dl->PopClipRect();
    for (size_t s = 0; s < ns; ++s) {
      if (f >= result.segments[s].features.size()) continue;
      const auto& fp = result.segments[s].features[f];
      const float x = p0.x + label_w + cell_w * static_cast<float>(s);
      const ImVec4 c = Diverging(fp.std_diff, dark);
      dl->AddRectFilled(ImVec2(x + 1, y + 1), ImVec2(x + cell_w - 1, y + cell_h - 1), U32(c));
      const std::string v = (fp.std_diff >= 0 ? "+" : "") + FormatFixed(fp.std_diff, 1);
      const ImVec2 ts = ImGui::CalcTextSize(v.c_str());
      const float lum = 0.299f * c.x + 0.587f * c.y + 0.114f * c.z;
      if (ts.x < cell_w - 4 * sc)
        dl->AddText(ImVec2(x + (cell_w - ts.x) / 2, y + 4 * sc), lum > 0.55f ? IM_COL32(20, 20, 20, 255) : IM_COL32(240, 240, 240, 255), v.c_str());
      if (hovered && mouse.x >= x && mouse.x < x + cell_w && mouse.y >= y && mouse.y < y + cell_h)
        ImGui::SetTooltip("%s\n%s: %s\n%s %s (%s %s)\n%s", result.segments[s].name.c_str(), Tr("Column"), fp.name.c_str(),
                          Tr("Segment mean"), FormatNumber(fp.mean).c_str(), Tr("all customers"),
                          FormatNumber(fp.overall_mean).c_str(),
                          (std::string(Tr("Standardised difference")) + ": " + v).c_str());
    }
  }
  ImGui::TextDisabled("%s", Tr("Cells: (segment mean - mean of all customers) / standard deviation. Orange: above, blue: below."));
}

void Histograms::Compute(const io::Table& table, const analysis::SegmentResult& result) {
  share_.assign(static_cast<size_t>(result.k), {});
  missing_.assign(static_cast<size_t>(result.k), 0);
  computed_column_ = column_;
  if (column_ < 0 || static_cast<size_t>(column_) >= table.columns.size()) return;
  const io::Column& col = table.columns[static_cast<size_t>(column_)];
  if (!col.IsNumericLike() || col.values.size() != result.labels.size()) return;
  // Axis: 1st to 99th percentile of a strided sample, so a few giants do not squash the rest.
  std::vector<double> sample;
  const size_t step = std::max<size_t>(1, col.values.size() / 20000);
  for (size_t i = 0; i < col.values.size(); i += step)
    if (std::isfinite(col.values[i])) sample.push_back(col.values[i]);
  if (sample.empty()) return;
  std::sort(sample.begin(), sample.end());
  lo_ = sample[static_cast<size_t>(0.01 * static_cast<double>(sample.size() - 1))];
  hi_ = sample[static_cast<size_t>(0.99 * static_cast<double>(sample.size() - 1))];
  if (hi_ <= lo_) lo_ = sample.front(), hi_ = sample.back();
  if (hi_ <= lo_) hi_ = lo_ + 1;
  const bool discrete = col.distinct <= 30 && col.distinct > 0;
  const int bins = discrete ? static_cast<int>(std::min<double>(30, std::floor(hi_ - lo_) + 1)) : 30;
  if (discrete) hi_ = lo_ + bins;  // one bin per integer step
  std::vector<std::vector<double>> counts(static_cast<size_t>(result.k), std::vector<double>(static_cast<size_t>(std::max(1, bins)), 0.0));
  std::vector<double> totals(static_cast<size_t>(result.k), 0.0);
  for (size_t i = 0; i < col.values.size(); ++i) {
    const int s = result.labels[i];
    if (s < 0 || s >= result.k) continue;
    const double v = col.values[i];
    if (!std::isfinite(v)) {
      ++missing_[static_cast<size_t>(s)];
      continue;
    }
    int b = static_cast<int>(std::floor((v - lo_) / (hi_ - lo_) * bins));
    b = std::clamp(b, 0, bins - 1);
    counts[static_cast<size_t>(s)][static_cast<size_t>(b)] += 1;
    totals[static_cast<size_t>(s)] += 1;
  }
  for (size_t s = 0; s < counts.size(); ++s) {
    share_[s].resize(counts[s].size());
    for (size_t b = 0; b < counts[s].size(); ++b)
      share_[s][b] = totals[s] > 0 ? static_cast<float>(counts[s][b] / totals[s]) : 0.0f;
  }
}

void Histograms::Draw(const io::Table& table, const analysis::SegmentResult& result, const SegmentStyle& style, int version) {
  const float sc = style.scale;
  std::vector<int> numeric;
  for (size_t c = 0; c < table.columns.size(); ++c)
    if (table.columns[c].IsNumericLike() && !table.columns[c].constant && table.columns[c].missing < table.rows)
      numeric.push_back(static_cast<int>(c));
  if (numeric.empty()) {
    ImGui::TextDisabled("%s", Tr("No numeric columns."));
    return;
  }
  if (std::find(numeric.begin(), numeric.end(), column_) == numeric.end()) {
    column_ = numeric.front();
    for (int c : numeric)  // prefer the first segmenting column
      if (!result.feature_names.empty() && table.columns[static_cast<size_t>(c)].name == result.feature_names.front()) column_ = c;
  }
  ImGui::SetNextItemWidth(std::min(320.0f * sc, ImGui::GetContentRegionAvail().x));
  if (ImGui::BeginCombo(Tr("Column"), table.columns[static_cast<size_t>(column_)].name.c_str())) {
    for (int c : numeric)
      if (ImGui::Selectable(table.columns[static_cast<size_t>(c)].name.c_str(), c == column_)) column_ = c;
    ImGui::EndCombo();
  }
  if (computed_column_ != column_ || computed_version_ != version) {
    Compute(table, result);
    computed_version_ = version;
  }
  if (share_.empty() || share_.front().empty()) return;
  const size_t bins = share_.front().size();
  float top = 0;
  for (size_t s = 0; s < share_.size(); ++s)
    if (!Hidden(style, s))
      for (float v : share_[s]) top = std::max(top, v);
  if (top <= 0) top = 1;
  const float w = ImGui::GetContentRegionAvail().x, h = std::max(160.0f * sc, std::min(ImGui::GetContentRegionAvail().y - 40 * sc, 360.0f * sc));
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##hist", ImVec2(std::max(w, 1.0f), h));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad_l = 44 * sc, pad_b = 22 * sc;
  const ImVec2 q0(p0.x + pad_l, p0.y + 4 * sc), q1(p0.x + w - 8 * sc, p0.y + h - pad_b);
  const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddRect(q0, q1, border);
  const float bw = (q1.x - q0.x) / static_cast<float>(bins);
  for (size_t s = 0; s < share_.size(); ++s) {
    if (Hidden(style, s)) continue;
    const ImU32 c = U32(SegColor(style, s));
    ImVec2 prev;
    for (size_t b = 0; b < bins; ++b) {
      const ImVec2 pt(q0.x + bw * (static_cast<float>(b) + 0.5f), q1.y - (q1.y - q0.y) * share_[s][b] / top);
      if (b > 0) dl->AddLine(prev, pt, c, 2.0f * sc);
      prev = pt;
    }
  }
  dl->AddText(ImVec2(q0.x, q1.y + 3 * sc), dim, FormatNumber(lo_).c_str());
  const std::string hi = FormatNumber(hi_);
  dl->AddText(ImVec2(q1.x - ImGui::CalcTextSize(hi.c_str()).x, q1.y + 3 * sc), dim, hi.c_str());
  dl->AddText(ImVec2(p0.x, q0.y), dim, FormatPercent(top, 0).c_str());
  dl->AddText(ImVec2(p0.x, q1.y - ImGui::GetTextLineHeight()), dim, "0");
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    const int b = std::clamp(static_cast<int>((mx - q0.x) / bw), 0, static_cast<int>(bins) - 1);
    const double a = lo_ + (hi_ - lo_) * b / static_cast<double>(bins), z = lo_ + (hi_ - lo_) * (b + 1) / static_cast<double>(bins);
    ImGui::BeginTooltip();
    ImGui::Text("%s … %s", FormatNumber(a).c_str(), FormatNumber(z).c_str());
    for (size_t s = 0; s < share_.size(); ++s) {
      if (Hidden(style, s)) continue;
      ImGui::ColorButton("##c", SegColor(style, s), ImGuiColorEditFlags_NoTooltip, ImVec2(10 * sc, 10 * sc));
      ImGui::SameLine();
      ImGui::Text("%s: %s", SegmentLabel(result.segments[s], 40).c_str(), FormatPercent(share_[s][static_cast<size_t>(b)], 1).c_str());
    }
    ImGui::EndTooltip();
  }
  ImGui::TextDisabled("%s", Tr("Share of each segment's customers per range of values (1st to 99th percentile of all customers)."));
}

void DrawRfmGrid(const std::array<size_t, 25>& grid, const std::array<int, 25>& cell_segment,
                 const analysis::SegmentResult& result, const SegmentStyle& style) {
  const float sc = style.scale;
  const float label_w = 34 * sc, head_h = ImGui::GetTextLineHeight() + 6 * sc;
  const float cell = std::clamp((ImGui::GetContentRegionAvail().x - label_w) / 5.0f, 60.0f * sc, 130.0f * sc);
  const float cell_h = std::max(cell * 0.55f, ImGui::GetTextLineHeight() * 2.6f);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##rfm", ImVec2(label_w + 5 * cell, head_h + 5 * cell_h));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  size_t total = 0;
  for (size_t c : grid) total += c;
  for (int f = 1; f <= 5; ++f)
    dl->AddText(ImVec2(p0.x + label_w + cell * static_cast<float>(f - 1) + 6 * sc, p0.y), dim, ("F" + std::to_string(f)).c_str());
  for (int r = 5; r >= 1; --r) {
    const float y = p0.y + head_h + cell_h * static_cast<float>(5 - r);
    dl->AddText(ImVec2(p0.x, y + 4 * sc), dim, ("R" + std::to_string(r)).c_str());
    for (int f = 1; f <= 5; ++f) {
      const size_t i = static_cast<size_t>((r - 1) * 5 + (f - 1));
      const int seg = cell_segment[i];
      const float x = p0.x + label_w + cell * static_cast<float>(f - 1);
      ImVec4 c = SegColor(style, static_cast<size_t>(std::max(0, seg)));
      c.w = Hidden(style, static_cast<size_t>(std::max(0, seg))) ? 0.15f : 0.85f;
      dl->AddRectFilled(ImVec2(x + 1, y + 1), ImVec2(x + cell - 1, y + cell_h - 1), U32(c), 3 * sc);
      const ImU32 ink = 0.299f * c.x + 0.587f * c.y + 0.114f * c.z > 0.55f ? IM_COL32(20, 20, 20, 255) : IM_COL32(245, 245, 245, 255);
      dl->AddText(ImVec2(x + 6 * sc, y + 4 * sc), ink, FormatCount(grid[i]).c_str());
      if (seg >= 0 && static_cast<size_t>(seg) < result.segments.size()) {
        dl->PushClipRect(ImVec2(x, y), ImVec2(x + cell - 4 * sc, y + cell_h), true);
        dl->AddText(ImVec2(x + 6 * sc, y + 4 * sc + ImGui::GetTextLineHeight()), ink, result.segments[static_cast<size_t>(seg)].name.c_str());
        dl->PopClipRect();
      }
      if (hovered && mouse.x >= x && mouse.x < x + cell && mouse.y >= y && mouse.y < y + cell_h && seg >= 0 &&
          static_cast<size_t>(seg) < result.segments.size())
        ImGui::SetTooltip("R %d, F %d: %s\n%s %s (%s)", r, f, result.segments[static_cast<size_t>(seg)].name.c_str(),
                          FormatCount(grid[i]).c_str(), Tr("customers"), FormatPercent(total ? static_cast<double>(grid[i]) / static_cast<double>(total) : 0.0, 1).c_str());
    }
  }
  ImGui::TextDisabled("%s", Tr("R: recency score (5 = bought most recently), F: frequency score (5 = buys most often); quintiles of all scored customers."));
}

}  // namespace seg::app
