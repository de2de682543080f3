// src/app/panels/columns_tab.cpp — the "Columns" tab: each column's detected type, missing values and use.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::DrawColumnsTab() {
  const io::Table& t = data->table;
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("columns", 7, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(Tr("Column"), 0, 2.0f);
  ImGui::TableSetupColumn(Tr("Type"), 0, 1.0f);
  ImGui::TableSetupColumn(Tr("Missing"), 0, 0.8f);
  ImGui::TableSetupColumn(Tr("Distinct"), 0, 0.8f);
  ImGui::TableSetupColumn(Tr("Range / top values"), 0, 3.0f);
  ImGui::TableSetupColumn(Tr("Examples"), 0, 3.0f);
  ImGui::TableSetupColumn(Tr("Personal data"), 0, 2.0f);
  ImGui::TableHeadersRow();
  for (const io::Column& col : t.columns) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(col.name.c_str());
    ImGui::TableNextColumn();
    std::string type = Tr(std::string(io::ColumnTypeName(col.type)).c_str());
    if (!col.unit.empty()) type += " (" + col.unit + ")";
    if (col.constant) type += Tr(", constant");
    ImGui::TextUnformatted(type.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(FormatCount(col.missing).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(FormatCount(col.distinct).c_str());
    ImGui::TableNextColumn();
    std::string range;
    if (col.type == io::ColumnType::kNumeric) {
      range = FormatNumber(col.min) + " … " + FormatNumber(col.max) + Tr(", mean ") + FormatNumber(col.mean);
    } else {
      for (const auto& [value, count] : col.top_values) {
        if (!range.empty()) range += ", ";
        range += value + " (" + FormatCount(count) + ")";
      }
    }
    ImGui::TextUnformatted(range.c_str());
    ImGui::TableNextColumn();
    std::string ex;
    for (const auto& e : col.examples) {
      if (!ex.empty()) ex += " · ";
      ex += e;
    }
    ImGui::TextUnformatted(ex.c_str());
    ImGui::TableNextColumn();
    for (const auto& pc : personal) {
      if (pc.column != static_cast<int>(&col - t.columns.data())) continue;
      const privacy::Lang lang = CurrentLanguage() == Language::kGerman ? privacy::Lang::kDe : privacy::Lang::kEn;
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.65f, 0.3f, 1));
      ImGui::TextUnformatted(pc.Reason(lang).c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

}  // namespace seg::app
