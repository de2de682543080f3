// src/app/panels/segments_tab.cpp — the "Segments" tab: the scatter with its tools and selection, the segment table
// (rename, hide, the right-click menu: rename, merge, recolour).
#include "app/app_state.hpp"

namespace seg::app {

platform::Rect App::State::ItemRect() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return {a.x, a.y, b.x - a.x, b.y - a.y};
}

void App::State::DrawRowTooltip(size_t row) {
  if (row >= result->labels.size() || result->labels[row] < 0 || result->labels[row] >= result->k) return;
  const analysis::SegmentSummary& seg = result->segments[static_cast<size_t>(result->labels[row])];
  ImGui::BeginTooltip();
  ImGui::ColorButton("##c", ColorOf(seg.id), ImGuiColorEditFlags_NoTooltip, ImVec2(10 * scale, 10 * scale));
  ImGui::SameLine();
  ImGui::Text(Tr("Segment %d: %s"), seg.id + 1, seg.name.c_str());
  ImGui::TextDisabled(Tr("Row %s of the file"), FormatCount(row + 1).c_str());
  const std::vector<std::string> fields = data->RowFields(row);
  const size_t shown = std::min(fields.size(), data->table.columns.size());
  if (ImGui::BeginTable("row", 2, ImGuiTableFlags_SizingFixedFit)) {
    for (size_t c = 0; c < shown && c < kTooltipColumns; ++c) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", data->table.columns[c].name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(TruncateUtf8(fields[c], 60).c_str());
    }
    ImGui::EndTable();
  }
  if (shown > kTooltipColumns) ImGui::TextDisabled(Tr("… and %zu more columns (the Data tab shows them all)"), shown - kTooltipColumns);
  ImGui::EndTooltip();
}

void App::State::DrawSegmentsTab() {
  if (!result) {
    if (job) {
      ImGui::Text(Tr("Segmenting… %.0f%%"), job->Progress() * 100);
    } else {
      ImGui::TextDisabled("%s", Tr("Choose columns and press Run segmentation."));
    }
    return;
  }
  if (result->auto_k) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
    ImGui::TextWrapped("%s", result->auto_k->explanation.c_str());
    ImGui::PopStyleColor();
    // The explanation is about the computed k; after a merge fewer segments are shown.
    if (current.edits.merged()) ImGui::TextWrapped(Tr("You merged segments: %d of the %d computed segments are shown."), result->k, original->k);
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float plot_h = std::max(avail.y * 0.55f, 160.0f * scale);
  ImGui::Text(Tr("Principal components of the %zu segmenting columns"), SegmentingColumns(*result));
  ImGui::SameLine();
  ImGui::TextDisabled(Tr("(PC1 %.0f%%, PC2 %.0f%% of the variance; wheel zooms, drag pans, double-click resets)"),
                      result->explained_variance_ratio[0] * 100, result->explained_variance_ratio[1] * 100);
  DrawScatterTools();
  const float selection_h = scatter.selected_count() > 0 ? ImGui::GetFrameHeightWithSpacing() : 0.0f;
  const long hovered = scatter.Draw("scatter", ImVec2(avail.x, plot_h - 2 * ImGui::GetFrameHeightWithSpacing() - selection_h),
                                    SegmentColors(), highlight,
                                    std::clamp(5.0f - std::log10(static_cast<float>(scatter.size() + 1)), 1.5f, 4.5f) * scale);
  platform::SetPlotRect(scatter.rect_min().x, scatter.rect_min().y, scatter.rect_max().x - scatter.rect_min().x,
                        scatter.rect_max().y - scatter.rect_min().y);
  if (hovered >= 0) DrawRowTooltip(static_cast<size_t>(hovered));
  if (scatter.TakeSelectionChanged()) OnSelectionChanged();
  if (scatter.selected_count() > 0) DrawSelectionBar();

  // Segment table: legend (click the swatch to hide/show), size, share, KPIs, what sets it apart.
  highlight = -1;
  std::vector<std::string> kpi_keys;
  for (const auto& kv : result->segments.front().kpis)
    if (kv.key == "revenue_share" || kv.key == "churn_rate" || kv.key == "nps" || kv.key == "conversion_rate") kpi_keys.push_back(kv.key);
  const int ncols = 5 + static_cast<int>(kpi_keys.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
  // The table's ID carries its column count: ImGui keeps column widths per ID, and a table whose
  // column count changes under one ID (a second file, RFM -> k-means) squeezes its columns.
  const std::string table_id = "segments" + std::to_string(ncols);
  if (ImGui::BeginTable(table_id.c_str(), ncols, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(Tr("Show"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(Tr("Segment"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn(Tr("Customers"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(Tr("Share"), ImGuiTableColumnFlags_WidthFixed);
    for (const auto& key : kpi_keys) {
      const char* label = key == "revenue_share" ? Tr("Revenue") : key == "churn_rate" ? Tr("Churn") : key == "nps" ? "NPS" : Tr("Conversion");
      ImGui::TableSetupColumn(label, ImGuiTableColumnFlags_WidthFixed);
    }
    ImGui::TableSetupColumn(Tr("Compared with all customers"), ImGuiTableColumnFlags_WidthStretch, 4.0f);
    ImGui::TableHeadersRow();
    std::vector<platform::Rect> name_rects, swatch_rects;  // published for real-pointer tests
    for (auto& seg : result->segments) {
      ImGui::PushID(seg.id);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImVec4 c = ColorOf(seg.id);
      const bool is_hidden = hidden[static_cast<size_t>(seg.id)];
      if (is_hidden) c.w = 0.25f;
      if (ImGui::ColorButton("##swatch", c, ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_AlphaPreview,
                             ImVec2(ImGui::GetFrameHeight() * 1.4f, ImGui::GetFrameHeight() * 0.8f)))
        QueueEdit({PendingEdit::Kind::kToggleHidden, seg.id});
      swatch_rects.push_back(ItemRect());
      ImGui::SetItemTooltip("%s", is_hidden ? Tr("Show this segment (right-click: colour)") : Tr("Hide this segment (right-click: colour)"));
      if (ImGui::BeginPopupContextItem("##colour")) {
        DrawColourPicker(seg.id);
        ImGui::EndPopup();
      }
      ImGui::TableNextColumn();
      ImGui::Text("%d", seg.id + 1);
      ImGui::SameLine();
      std::string& buf = name_edit[static_cast<size_t>(seg.id)];
      char text[160];
      std::snprintf(text, sizeof text, "%s", buf.c_str());
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (focus_name == seg.id) {
        ImGui::SetKeyboardFocusHere();
        focus_name = -1;
      }
      if (ImGui::InputText("##name", text, sizeof text)) buf = text;
      if (ImGui::IsItemDeactivatedAfterEdit()) QueueEdit({PendingEdit::Kind::kRename, seg.id, 0, buf});
      name_rects.push_back(ItemRect());
      if (ImGui::IsItemHovered()) {
        highlight = seg.id;
        ImGui::SetTooltip("%s\n\n%s", seg.description.c_str(), Tr("Click to rename; right-click to merge or recolour."));
      }
      if (ImGui::BeginPopupContextItem("##segment-menu")) {
        DrawSegmentMenu(seg.id);
        ImGui::EndPopup();
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatCount(seg.size).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatPercent(seg.share, 1).c_str());
      for (const auto& key : kpi_keys) {
        ImGui::TableNextColumn();
        for (const auto& kv : seg.kpis) {
          if (kv.key != key || !std::isfinite(kv.value)) continue;
          if (key == "nps") ImGui::Text("%+.0f", kv.value);
          else ImGui::TextUnformatted(FormatPercent(kv.value / 100.0, 0).c_str());
          if (ImGui::IsItemHovered())
            ImGui::SetTooltip(Tr("%s (%s): %s, all customers %s"), kv.label.c_str(), kv.column.c_str(), FormatFixed(kv.value, 1).c_str(),
                              FormatFixed(kv.overall, 1).c_str());
        }
      }
      ImGui::TableNextColumn();
      std::vector<const analysis::FeatureProfile*> order;
      for (const auto& f : seg.features) order.push_back(&f);
      std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return std::fabs(a->std_diff) > std::fabs(b->std_diff); });
      std::string text2;
      for (size_t i = 0; i < order.size() && i < 3; ++i) {
        const auto& f = *order[i];
        if (!text2.empty()) text2 += "   ";
        text2 += f.name + (f.std_diff >= 0 ? " ↑ " : " ↓ ") + FormatNumber(f.mean) + " (" + Tr("all") + " " + FormatNumber(f.overall_mean) + ")";
      }
      ImGui::TextUnformatted(text2.c_str());
      ImGui::PopID();
    }
    ImGui::EndTable();
    platform::PublishRects("segmentNames", name_rects);
    platform::PublishRects("segmentSwatches", swatch_rects);
  }
}

void App::State::DrawScatterTools() {
  using Tool = ScatterPlot::Tool;
  const std::pair<Tool, const char*> tools[] = {{Tool::kPan, "Pan"}, {Tool::kBox, "Box select"}, {Tool::kLasso, "Lasso"}};
  for (const auto& [tool, label] : tools) {
    if (ImGui::RadioButton(Tr(label), scatter.tool() == tool)) scatter.SetTool(tool);
    ImGui::SameLine();
  }
  ImGui::TextDisabled("%s", Tr("(Shift+drag: box, Alt+drag: lasso, Ctrl adds; click empty space to clear)"));
}

std::string App::State::SelectionText() const {
  const size_t n = scatter.selected_count();
  if (n == 0 || !result) return {};
  std::vector<size_t> per(static_cast<size_t>(result->k), 0);
  const auto& sel = scatter.selection();
  for (size_t i = 0; i < sel.size() && i < result->labels.size(); ++i)
    if (sel[i] && result->labels[i] >= 0 && result->labels[i] < result->k) ++per[static_cast<size_t>(result->labels[i])];
  std::vector<int> order(static_cast<size_t>(result->k));
  for (int i = 0; i < result->k; ++i) order[static_cast<size_t>(i)] = i;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return per[static_cast<size_t>(a)] > per[static_cast<size_t>(b)]; });
  std::string text = Printf(Tr("%s customers selected (%s)"), FormatCount(n).c_str(),
                            FormatPercent(static_cast<double>(n) / static_cast<double>(std::max<size_t>(1, data->table.rows)), 1).c_str());
  std::string mix;
  for (size_t j = 0; j < order.size() && j < 4; ++j) {
    const size_t c = per[static_cast<size_t>(order[j])];
    if (c == 0) break;
    mix += (mix.empty() ? ": " : ", ") + FormatPercent(static_cast<double>(c) / static_cast<double>(n), 0) + " " +
           result->segments[static_cast<size_t>(order[j])].name;
  }
  return text + mix + ".";
}

void App::State::OnSelectionChanged() {
  platform::SetRegion("selection", SelectionText());
  if (preview_filter == 1) preview_dirty = true;
}

void App::State::DrawSelectionBar() {
  if (ImGui::SmallButton(Tr("Clear selection"))) scatter.ClearSelection();
  ImGui::SameLine();
  if (ImGui::SmallButton(Tr("Show in Data"))) {
    preview_filter = 1;
    preview_dirty = true;
    select_tab = "data";
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(Tr("Download selection (CSV)"))) DownloadSelection();
  ImGui::SetItemTooltip("%s", Tr("The selected customers' rows exactly as in your file, plus segment and segment_name"));
  ImGui::SameLine();
  const std::string text = SelectionText();
  ImGui::TextUnformatted(text.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

void App::State::PublishSummary() {
  nlohmann::json j = nlohmann::json::array();
  if (result)
    for (const auto& seg : result->segments)
      j.push_back({{"id", seg.id + 1}, {"name", seg.name}, {"size", seg.size}, {"share", seg.share}, {"description", seg.description}});
  platform::SetSummary(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void App::State::DrawColourPicker(int id) {
  ImGui::TextDisabled("%s", Tr("Colour"));
  std::vector<platform::Rect> swatches;  // canvas.dataset.palette, in palette order
  for (int p = 0; p < kMaxK; ++p) {
    ImGui::PushID(p);
    if (p % 8 != 0) ImGui::SameLine();
    if (ImGui::ColorButton("##p", kPalette[p], ImGuiColorEditFlags_NoTooltip, ImVec2(ImGui::GetFrameHeight(), ImGui::GetFrameHeight()))) {
      QueueEdit({PendingEdit::Kind::kRecolour, id, p});
      ImGui::CloseCurrentPopup();
    }
    swatches.push_back(ItemRect());
    ImGui::PopID();
  }
  platform::PublishRects("palette", swatches);
}

void App::State::DrawSegmentMenu(int id) {
  ImGui::TextDisabled(Tr("Segment %d: %s"), id + 1, result->segments[static_cast<size_t>(id)].name.c_str());
  std::vector<platform::Rect> items;  // canvas.dataset.segmentMenu: Rename, Merge into, Colour, generated name, Hide/Show
  if (ImGui::MenuItem(Tr("Rename"))) focus_name = id;
  items.push_back(ItemRect());
  const bool merge_open = ImGui::BeginMenu(Tr("Merge into"));
  items.push_back(ItemRect());
  if (merge_open) {
    std::vector<platform::Rect> targets;  // canvas.dataset.mergeTargets, in segment order without `id`
    for (const auto& other : result->segments) {
      if (other.id == id) continue;
      const std::string label = std::to_string(other.id + 1) + "  " + other.name;
      if (ImGui::MenuItem(label.c_str())) QueueEdit({PendingEdit::Kind::kMerge, id, other.id});
      targets.push_back(ItemRect());
    }
    platform::PublishRects("mergeTargets", targets);
    ImGui::EndMenu();
  }
  const bool colour_open = ImGui::BeginMenu(Tr("Colour"));
  items.push_back(ItemRect());
  if (colour_open) {
    DrawColourPicker(id);
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem(Tr("Use the generated name"), nullptr, false, !current.edits.names[static_cast<size_t>(id)].empty()))
    QueueEdit({PendingEdit::Kind::kRename, id, 0, ""});
  items.push_back(ItemRect());
  if (ImGui::MenuItem(hidden[static_cast<size_t>(id)] ? Tr("Show") : Tr("Hide"))) QueueEdit({PendingEdit::Kind::kToggleHidden, id});
  items.push_back(ItemRect());
  platform::PublishRects("segmentMenu", items);
}

}  // namespace seg::app
