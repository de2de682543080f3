// src/app/panels/profiles_tab.cpp — the "Profiles" tab: each segment's description, features and KPIs.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::DrawProfilesTab() {
  if (!result) {
    ImGui::TextDisabled("%s", Tr("No segmentation yet."));
    return;
  }
  const float card_w = std::max(260.0f * scale, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2);
  int col = 0;
  for (auto& seg : result->segments) {
    if (col++ % 2 == 1) ImGui::SameLine();
    ImGui::PushID(seg.id);
    ImGui::BeginChild("card", ImVec2(card_w, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::ColorButton("##c", ColorOf(seg.id), ImGuiColorEditFlags_NoTooltip, ImVec2(14 * scale, 14 * scale));
    ImGui::SameLine();
    ImGui::Text("%d  %s", seg.id + 1, seg.name.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", seg.description.c_str());
    ImGui::PopStyleColor();
    if (!seg.kpis.empty() && ImGui::BeginTable("kpis", 3, ImGuiTableFlags_SizingStretchProp)) {
      for (const auto& kv : seg.kpis) {
        if (!std::isfinite(kv.value)) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", kv.label.c_str());
        ImGui::TableNextColumn();
        const std::string unit = kv.unit == "%" ? (CurrentLanguage() == Language::kGerman ? " %" : "%") : kv.unit == "points" ? "" : kv.unit.empty() ? "" : " " + kv.unit;
        ImGui::Text("%s%s", (kv.key == "nps" ? (kv.value >= 0 ? "+" : "") + FormatNumber(kv.value) : FormatNumber(kv.value)).c_str(), unit.c_str());
        ImGui::TableNextColumn();
        ImGui::TextDisabled(Tr("all %s%s"), FormatNumber(kv.overall).c_str(), unit.c_str());
      }
      ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopID();
  }
}

}  // namespace seg::app
