// src/app/panels/quality_tab.cpp — the "Quality" tab: the choice of k (scores over k) and the clustering's quality measures.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::DrawKChart(const analysis::AutoKResult& a, float height) {
  const auto& sc = a.scores;
  if (sc.size() < 2) return;
  const bool bic = std::isfinite(sc[0].bic);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = std::min(ImGui::GetContentRegionAvail().x, 520.0f * scale);
  const float pad = 28.0f * scale;
  ImGui::Dummy(ImVec2(w, height));
  const ImVec2 q0(p0.x + pad, p0.y + 6 * scale), q1(p0.x + w - 8 * scale, p0.y + height - pad);
  dl->AddRect(q0, q1, ImGui::GetColorU32(ImGuiCol_Border));
  auto series = [&](auto value, ImU32 color, const char* label, int row) {
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& s : sc) {
      const double v = value(s);
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (!std::isfinite(lo)) return;
    if (!bic) lo = std::min(lo, 0.0), hi = std::max(hi, 1.0);
    if (hi - lo < 1e-12) hi = lo + 1;
    ImVec2 prev;
    bool have = false;
    for (size_t i = 0; i < sc.size(); ++i) {
      const double v = value(sc[i]);
      if (!std::isfinite(v)) { have = false; continue; }
      const ImVec2 pt(q0.x + (q1.x - q0.x) * static_cast<float>(i) / static_cast<float>(sc.size() - 1),
                      q1.y - (q1.y - q0.y) * static_cast<float>((v - lo) / (hi - lo)));
      if (have) dl->AddLine(prev, pt, color, 2.0f * scale);
      dl->AddCircleFilled(pt, 3.0f * scale, color);
      prev = pt;
      have = true;
    }
    dl->AddText(ImVec2(q0.x + 6 * scale, q0.y + 2 * scale + row * ImGui::GetTextLineHeight()), color, label);
  };
  const ImU32 c1 = ImGui::ColorConvertFloat4ToU32(kPalette[0]), c2 = ImGui::ColorConvertFloat4ToU32(kPalette[1]);
  if (bic) {
    series([](const analysis::KScore& s) { return -s.bic; }, c1, Tr("BIC (higher on the chart = better)"), 0);
  } else {
    series([](const analysis::KScore& s) { return s.quality.silhouette; }, c1, Tr("silhouette (separation)"), 0);
    series([](const analysis::KScore& s) { return s.stability; }, c2, Tr("stability on resamples"), 1);
  }
  for (size_t i = 0; i < sc.size(); ++i) {
    const float x = q0.x + (q1.x - q0.x) * static_cast<float>(i) / static_cast<float>(sc.size() - 1);
    char label[16];
    std::snprintf(label, sizeof label, "%d", sc[i].k);
    const bool chosen = sc[i].k == a.recommended;
    if (chosen) dl->AddLine(ImVec2(x, q0.y), ImVec2(x, q1.y), ImGui::GetColorU32(ImGuiCol_PlotLinesHovered), 1.5f * scale);
    dl->AddText(ImVec2(x - 4 * scale, q1.y + 4 * scale), ImGui::GetColorU32(chosen ? ImGuiCol_Text : ImGuiCol_TextDisabled), label);
    if (!sc[i].eligible) dl->AddText(ImVec2(x - 3 * scale, q0.y + (q1.y - q0.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_TextDisabled), "×");
  }
}

void App::State::DrawQualityTab() {
  if (!result) {
    ImGui::TextDisabled("%s", Tr("No segmentation yet."));
    return;
  }
  const auto& q = result->quality;
  ImGui::SeparatorText(Tr("How well separated are the segments?"));
  ImGui::Text(Tr("Silhouette %s"), FormatFixed(q.silhouette, 2).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled(Tr("(-1..1; above 0.5 is clear, 0.25-0.5 reasonable; on %zu sampled rows)"), q.silhouette_sample);
  ImGui::Text(Tr("Calinski-Harabasz %s   Davies-Bouldin %s   smallest segment %s"), FormatFixed(q.calinski_harabasz, 0).c_str(),
              FormatFixed(q.davies_bouldin, 2).c_str(), FormatPercent(q.min_share, 1).c_str());
  if (current.edits.merged()) ImGui::TextDisabled("%s", Tr("These scores describe the computed segments, before merging."));
  if (result->auto_k) {
    ImGui::SeparatorText(Tr("Choosing the number of segments"));
    ImGui::TextWrapped("%s", result->auto_k->explanation.c_str());
    DrawKChart(*result->auto_k, 180.0f * scale);
    if (ImGui::BeginTable("kscores", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      for (const char* h : {"k", Tr("silhouette"), Tr("stability"), "Calinski-Harabasz", "Davies-Bouldin", Tr("smallest")}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const auto& sc : result->auto_k->scores) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text(sc.k == result->auto_k->recommended ? Tr("%d  (chosen)") : "%d", sc.k);
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", sc.quality.silhouette);
        ImGui::TableNextColumn();
        if (std::isfinite(sc.stability)) ImGui::Text("%.2f", sc.stability);
        else if (std::isfinite(sc.bic)) ImGui::Text("BIC %.0f", sc.bic);
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", sc.quality.calinski_harabasz);
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", sc.quality.davies_bouldin);
        ImGui::TableNextColumn();
        ImGui::Text("%s%s", FormatPercent(sc.quality.min_share, 1).c_str(), sc.eligible ? "" : Tr(" (too small)"));
      }
      ImGui::EndTable();
    }
  }
}

}  // namespace seg::app
