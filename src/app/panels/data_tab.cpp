// src/app/panels/data_tab.cpp — the "Data" tab: the loaded rows, sorted and filtered (all, the selection, one segment).
#include <imgui_internal.h>  // TableSetColumnSortDirection: a scripted sort shows in the headers

#include "app/app_state.hpp"

namespace seg::app {

void App::State::RebuildPreviewRows() {
  preview_dirty = false;
  const io::Table& t = data->table;
  preview_identity = preview_filter == 0 && preview_sort_column == -1;
  preview_rows.clear();
  if (preview_identity) return PublishPreview();
  const auto& sel = scatter.selection();
  for (size_t r = 0; r < t.rows; ++r) {
    if (preview_filter == 1 && (r >= sel.size() || !sel[r])) continue;
    if (preview_filter >= 2 && (!result || r >= result->labels.size() || result->labels[r] != preview_filter - 2)) continue;
    preview_rows.push_back(static_cast<uint32_t>(r));
  }
  if (preview_sort_column == -1) return PublishPreview();
  // One sortable key per row: the number, the rank of the text among the column's values, or the segment.
  std::vector<double> key(t.rows, NAN);
  if (preview_sort_column == -2) {
    for (size_t r = 0; result && r < t.rows && r < result->labels.size(); ++r)
      if (result->labels[r] >= 0) key[r] = result->labels[r];
  } else if (preview_sort_column >= 0 && static_cast<size_t>(preview_sort_column) < t.columns.size()) {
    const io::Column& col = t.columns[static_cast<size_t>(preview_sort_column)];
    if (col.IsNumericLike()) {
      key = col.values;
    } else {
      std::vector<uint32_t> by_text(col.levels.size());
      for (uint32_t i = 0; i < by_text.size(); ++i) by_text[i] = i;
      std::sort(by_text.begin(), by_text.end(), [&](uint32_t a, uint32_t b) { return col.levels[a] < col.levels[b]; });
      std::vector<double> rank(col.levels.size());
      for (size_t i = 0; i < by_text.size(); ++i) rank[by_text[i]] = static_cast<double>(i);
      for (size_t r = 0; r < t.rows; ++r)
        if (col.codes[r] != io::Column::kMissingCode) key[r] = rank[col.codes[r]];
    }
  }
  const bool desc = preview_descending;
  std::stable_sort(preview_rows.begin(), preview_rows.end(), [&](uint32_t a, uint32_t b) {
    const double ka = key[a], kb = key[b];
    if (std::isnan(ka) || std::isnan(kb)) return !std::isnan(ka) && std::isnan(kb);  // missing last
    return desc ? ka > kb : ka < kb;
  });
  PublishPreview();
}

void App::State::PublishPreview() {
  if (!data) return;
  std::string text = Printf(Tr("Data: %s of %s rows"), FormatCount(preview_identity ? data->table.rows : preview_rows.size()).c_str(),
                            FormatCount(data->table.rows).c_str());
  if (preview_sort_column != -1) {
    const std::string col = preview_sort_column == -2 ? std::string(Tr("segment"))
                            : static_cast<size_t>(preview_sort_column) < data->table.columns.size()
                                ? data->table.columns[static_cast<size_t>(preview_sort_column)].name
                                : std::string("?");
    text += Printf(Tr(", sorted by %s"), col.c_str()) + (preview_descending ? Tr(", descending") : "");
  }
  text += ": ";
  const size_t n = preview_identity ? data->table.rows : preview_rows.size();
  for (size_t i = 0; i < n && i < 10; ++i)
    text += (i ? ", " : "") + std::to_string((preview_identity ? i : preview_rows[i]) + 1);
  if (n > 10) text += ", …";
  platform::SetRegion("preview", text);
}

void App::State::DrawDataTab() {
  const io::Table& t = data->table;
  // Filter and the rows the importer could not read.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  std::string current = preview_filter == 0   ? Tr("All rows")
                        : preview_filter == 1 ? Printf(Tr("Selected in the scatter (%s)"), FormatCount(scatter.selected_count()).c_str())
                                              : (result && preview_filter - 2 < result->k
                                                     ? std::to_string(preview_filter - 1) + " " + result->segments[static_cast<size_t>(preview_filter - 2)].name
                                                     : std::string(Tr("All rows")));
  if (ImGui::BeginCombo("##filter", current.c_str())) {
    if (ImGui::Selectable(Tr("All rows"), preview_filter == 0)) preview_filter = 0, preview_dirty = true;
    if (scatter.selected_count() > 0 &&
        ImGui::Selectable(Printf(Tr("Selected in the scatter (%s)"), FormatCount(scatter.selected_count()).c_str()).c_str(), preview_filter == 1))
      preview_filter = 1, preview_dirty = true;
    for (int sgm = 0; result && sgm < result->k; ++sgm) {
      const std::string label = std::to_string(sgm + 1) + " " + result->segments[static_cast<size_t>(sgm)].name;
      if (ImGui::Selectable(label.c_str(), preview_filter == sgm + 2)) preview_filter = sgm + 2, preview_dirty = true;
    }
    ImGui::EndCombo();
  }
  if (preview_filter >= 2 && (!result || preview_filter - 2 >= result->k)) preview_filter = 0, preview_dirty = true;
  if (preview_filter == 1 && scatter.selected_count() == 0) preview_filter = 0, preview_dirty = true;
  if (preview_dirty) RebuildPreviewRows();
  const size_t shown = preview_identity ? t.rows : preview_rows.size();
  ImGui::SameLine();
  ImGui::TextDisabled(Tr("%s of %s rows; click a column header to sort"), FormatCount(shown).c_str(), FormatCount(t.rows).c_str());
  if (data->report.rejected_total > 0) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.7f, 0.35f, 1));
    const bool open = ImGui::TreeNodeEx("##rejected", ImGuiTreeNodeFlags_None, Tr("%s rows could not be read (skipped)"),
                                        FormatCount(data->report.rejected_total).c_str());
    ImGui::PopStyleColor();
    if (open) {
      for (size_t i = 0; i < data->report.rejected.size() && i < 100; ++i)
        ImGui::BulletText(Tr("line %lld: %s"), static_cast<long long>(data->report.rejected[i].line), data->report.rejected[i].reason.c_str());
      if (ImGui::SmallButton(Tr("Download the list"))) DownloadRejected(*data, file_name);
      ImGui::TreePop();
    }
  }
  if (t.columns.size() > 200) ImGui::TextDisabled(Tr("Showing the first 200 of %zu columns."), t.columns.size());

  const int ncols = static_cast<int>(std::min<size_t>(t.columns.size(), 200)) + 1;
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate;
  const std::string table_id = "preview" + std::to_string(ncols);  // widths per column count (see the segment table)
  if (!ImGui::BeginTable(table_id.c_str(), ncols, flags)) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn(Tr("# / segment"), ImGuiTableColumnFlags_WidthFixed, 0.0f, 0);
  for (int c = 1; c < ncols; ++c) {
    const io::Column& col = t.columns[static_cast<size_t>(c - 1)];
    const std::string label = col.name + "\n" + Tr(std::string(io::ColumnTypeName(col.type)).c_str());
    ImGui::TableSetupColumn(label.c_str(), ImGuiTableColumnFlags_WidthFixed, 0.0f, static_cast<ImGuiID>(c));
  }
  ImGui::TableHeadersRow();
  if (preview_sort_request) {  // the headers show a sort chosen by command; the specs below then carry it
    preview_sort_request = false;
    const int n = preview_sort_column == -2 ? 0 : preview_sort_column + 1;
    if (preview_sort_column == -1) {
      for (int c = 0; c < ncols; ++c) ImGui::TableSetColumnSortDirection(c, ImGuiSortDirection_None, false);
    } else if (n >= 0 && n < ncols) {
      ImGui::TableSetColumnSortDirection(n, preview_descending ? ImGuiSortDirection_Descending : ImGuiSortDirection_Ascending, false);
    }
  }
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    specs->SpecsDirty = false;
    if (specs->SpecsCount == 0) {
      preview_sort_column = -1;
    } else {
      const ImGuiID uid = specs->Specs[0].ColumnUserID;
      preview_sort_column = uid == 0 ? -2 : static_cast<int>(uid) - 1;
      preview_descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    }
    RebuildPreviewRows();
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(std::min<size_t>(preview_identity ? t.rows : preview_rows.size(), 0x7fffffff)));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const size_t r = preview_identity ? static_cast<size_t>(i) : preview_rows[static_cast<size_t>(i)];
      const std::vector<std::string> fields = data->RowFields(r);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (result && r < result->labels.size() && result->labels[r] >= 0) {
        ImGui::ColorButton("##s", ColorOf(result->labels[r]), ImGuiColorEditFlags_NoTooltip, ImVec2(8 * scale, 8 * scale));
        ImGui::SameLine();
      }
      ImGui::TextDisabled("%zu", r + 1);
      for (int c = 1; c < ncols; ++c) {
        ImGui::TableNextColumn();
        if (static_cast<size_t>(c - 1) >= fields.size()) continue;
        const std::string& v = fields[static_cast<size_t>(c - 1)];
        if (v.size() > 80) ImGui::TextUnformatted(TruncateUtf8(v, 77).c_str());
        else ImGui::TextUnformatted(v.c_str());
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace seg::app
