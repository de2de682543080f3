// src/app/panels/compare_tab.cpp — the "Compare" tab: a later export of the same customers, the model applied to it, who moved.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::OnCompareFile(std::string name, std::string bytes) {
  if (!data || !original) {
    platform::SetStatus(Tr("Segment a file first; then compare it with a later export of the same customers."));
    return;
  }
  if (static_cast<double>(bytes.size()) * 3.0 > platform::HeapHeadroomBytes()) {
    platform::SetStatus(Printf(Tr("\"%s\" (%.0f MB) is too large for the memory this browser tab can use. Use the command-line tool "
                                  "for files this size, or split the file."), name.c_str(), static_cast<double>(bytes.size()) / 1e6));
    return;
  }
  compare_importer.emplace(std::move(bytes), io::ReadOptions{});
  compare_name = std::move(name);
  compare_error.clear();
  platform::SetStatus(Printf(Tr("Importing %s…"), compare_name.c_str()), 0.0);
}

void App::State::FinishCompareImport() {
  const LongTask long_task("finishing the comparison import");
  auto imported = compare_importer->Take();
  compare_importer.reset();
  if (!imported.ok()) {
    compare_error = Printf(Tr("Could not import %s: "), compare_name.c_str()) + imported.error().ToString();
    platform::SetStatus(compare_error);
    return;
  }
  compare_data = std::make_unique<io::Dataset>(std::move(imported.value()));
  RunComparison();
}

void App::State::RunComparison() {
  comparison.reset();
  if (!compare_data || !original || !data) return;
  // The customer id: the first identifier column of the first file that the second file has too.
  std::string id;
  for (const auto& col : data->table.columns) {
    if (col.type != io::ColumnType::kIdentifier) continue;
    for (const auto& other : compare_data->table.columns)
      if (other.name == col.name) id = col.name;
    if (!id.empty()) break;
  }
  if (id.empty()) {
    compare_error = Tr("Comparing needs a customer id column (unique values, e.g. customer_id) in both files.");
    platform::SetStatus(compare_error);
    return;
  }
  analysis::SegmentResult named = *original;
  for (size_t s = 0; s < named.segments.size() && s < result->segments.size(); ++s)
    named.segments[s].name = current.edits.merged() ? original->segments[s].name : result->segments[s].name;
  auto model = analysis::ModelFromJson(analysis::ModelToJson(named));
  if (!model.ok()) {
    compare_error = model.error().ToString();
    platform::SetStatus(compare_error);
    return;
  }
  analysis::CompareParams params;
  params.id_column = id;
  auto r = analysis::CompareSnapshots(model.value(), *data, *compare_data, params);
  if (!r.ok()) {
    compare_error = Tr("Could not compare: ") + r.error().ToString();
    platform::SetStatus(compare_error);
    return;
  }
  comparison = std::move(r.value());
  compare_cell_old = compare_cell_new = -2;
  show_compare_tab = true;
  // "Compared ... : N stayed, M moved, K churned, J new" is relied on by the browser tests.
  platform::SetStatus(Printf(Tr("Compared %s with %s by %s: %zu stayed, %zu moved, %zu churned, %zu new."), file_name.c_str(),
                             compare_name.c_str(), id.c_str(), comparison->stayed, comparison->moved, comparison->churned,
                             comparison->new_customers));
}

void App::State::DrawCompareTab() {
  const analysis::CompareResult& c = *comparison;
  const int k = c.k;
  ImGui::TextWrapped(Tr("%s (before) → %s (after), matched by %s: %s stayed, %s moved, %s churned, %s new."), file_name.c_str(),
                     compare_name.c_str(), c.id_column.c_str(), FormatCount(c.stayed).c_str(), FormatCount(c.moved).c_str(),
                     FormatCount(c.churned).c_str(), FormatCount(c.new_customers).c_str());
  for (const auto* snap : {&c.old_snapshot, &c.new_snapshot}) {
    const char* which = snap == &c.old_snapshot ? Tr("before") : Tr("after");
    if (!snap->duplicates.empty() || !snap->missing_id_rows.empty())
      ImGui::TextColored(ImVec4(0.95f, 0.65f, 0.3f, 1), Tr("%s: %zu ids on more than one row (the first row counts), %zu rows without an id; all listed in the JSON."),
                         which, snap->duplicates.size(), snap->missing_id_rows.size());
  }
  // The core's warnings, in the UI language (duplicates and rows without an id are said above).
  for (const auto& d : c.overall_kpi_deltas)
    if (std::isnan(d.old_value) != std::isnan(d.new_value))
      ImGui::TextDisabled("%s", Printf(Tr(std::isnan(d.old_value) ? "KPI \"%s\" is known only in the later file."
                                                                   : "KPI \"%s\" is known only in the earlier file."),
                                       d.label.c_str()).c_str());
  if (ImGui::Button(Tr("Moves (CSV)"))) DownloadMoves();
  ImGui::SetItemTooltip("%s", Tr("id, old_segment, new_segment, status for every customer of both files"));
  ImGui::SameLine();
  if (ImGui::Button(Tr("Comparison (JSON)"))) DownloadComparison();
  if (ImGui::BeginChild("compare", ImVec2(0, 0))) {
    if (ImGui::CollapsingHeader(Tr("Flow between segments"), ImGuiTreeNodeFlags_DefaultOpen))
      DrawFlow(c, std::clamp(ImGui::GetTextLineHeightWithSpacing() * 2.2f * static_cast<float>(k + 1), 200.0f * scale, 420.0f * scale));
    if (ImGui::CollapsingHeader(Tr("Migration matrix (click a cell for its customers)"), ImGuiTreeNodeFlags_DefaultOpen) &&
        ImGui::BeginTable(("matrix" + std::to_string(k)).c_str(), k + 2, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn(Tr("before → after"));
      for (int j = 0; j < k; ++j) ImGui::TableSetupColumn(std::to_string(j + 1).c_str());
      ImGui::TableSetupColumn(Tr("churned"));
      ImGui::TableHeadersRow();
      auto cell = [&](int i, int j, size_t count, double share) {
        ImGui::TableNextColumn();
        if (std::isfinite(share))
          ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::ColorConvertFloat4ToU32(ImVec4(0.31f, 0.55f, 1.0f, 0.1f + 0.6f * static_cast<float>(share))));
        const std::string label = FormatCount(count) + (std::isfinite(share) ? " (" + FormatPercent(share, 0) + ")" : "") +
                                  "##" + std::to_string(i) + "_" + std::to_string(j);
        if (ImGui::Selectable(label.c_str(), compare_cell_old == i && compare_cell_new == j)) compare_cell_old = i, compare_cell_new = j;
      };
      for (int i = 0; i <= k; ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (i < k) {
          ImGui::ColorButton("##c", ColorOf(i), ImGuiColorEditFlags_NoTooltip, ImVec2(10 * scale, 10 * scale));
          ImGui::SameLine();
          ImGui::TextUnformatted((std::to_string(i + 1) + "  " + TruncateUtf8(c.segment_names[static_cast<size_t>(i)], 30)).c_str());
        } else {
          ImGui::TextUnformatted(Tr("new customers"));
        }
        for (int j = 0; j < k; ++j) {
          if (i < k) cell(i, j, c.matrix[static_cast<size_t>(i)][static_cast<size_t>(j)], c.row_shares[static_cast<size_t>(i)][static_cast<size_t>(j)]);
          else cell(-1, j, c.growth[static_cast<size_t>(j)].new_customers, NAN);
        }
        if (i < k) {
          const double old_count = static_cast<double>(c.growth[static_cast<size_t>(i)].old_count);
          cell(i, -1, c.growth[static_cast<size_t>(i)].churned, old_count > 0 ? static_cast<double>(c.growth[static_cast<size_t>(i)].churned) / old_count : NAN);
        } else {
          ImGui::TableNextColumn();
        }
      }
      ImGui::EndTable();
    }
    if (compare_cell_old != -2) {
      const auto idx = analysis::CustomersInCell(c, compare_cell_old, compare_cell_new);
      ImGui::TextDisabled(Tr("%s customers in the selected cell (first 200):"), FormatCount(idx.size()).c_str());
      std::string ids;
      for (size_t n = 0; n < idx.size() && n < 200; ++n) ids += (n ? ", " : "") + c.moves[idx[n]].id;
      ImGui::TextWrapped("%s", ids.c_str());
    }
    if (ImGui::CollapsingHeader(Tr("Growth by segment"), ImGuiTreeNodeFlags_DefaultOpen) &&
        ImGui::BeginTable("growth", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      for (const char* h : {Tr("Segment"), Tr("before"), Tr("after"), Tr("growth"), Tr("churned"), Tr("new customers"), Tr("Revenue")})
        ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (int i = 0; i < k; ++i) {
        const auto& g = c.growth[static_cast<size_t>(i)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted((std::to_string(i + 1) + "  " + TruncateUtf8(c.segment_names[static_cast<size_t>(i)], 30)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatCount(g.old_count).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatCount(g.new_count).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(((g.relative >= 0 ? "+" : "") + FormatPercent(g.relative, 1)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatCount(g.churned).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatCount(g.new_customers).c_str());
        ImGui::TableNextColumn();
        if (std::isfinite(g.old_revenue)) ImGui::Text("%s → %s", FormatNumber(g.old_revenue).c_str(), FormatNumber(g.new_revenue).c_str());
      }
      ImGui::EndTable();
    }
  }
  ImGui::EndChild();
}

}  // namespace seg::app
