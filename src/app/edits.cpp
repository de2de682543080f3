// src/app/edits.cpp — the user's edits (rename, merge, recolour, hide) with undo and redo, and the queue that
// defers edits asked for while drawing to the frame's safe point.
#include "app/app_state.hpp"

namespace seg::app {

void App::State::ApplyCurrentEdits(bool relabelled) {
  if (!original || !data) return;
  result = std::make_unique<analysis::SegmentResult>(analysis::ApplyEdits(data->table, *original, current.edits, kpis, CoreLang()));
  hidden.resize(static_cast<size_t>(result->k), false);
  name_edit.clear();
  for (const auto& seg : result->segments) name_edit.push_back(seg.name);
  if (relabelled) scatter.SetLabels(result->labels);
  ++result_version;
  preview_dirty = true;  // segment filter and sort follow the new labels
  PublishSummary();
  if (scatter.selected_count() > 0) platform::SetRegion("selection", SelectionText());
}

void App::State::Commit(Snapshot next, const std::string& status) {
  const bool relabelled = next.edits.group != current.edits.group;
  undo_stack.push_back(current);
  if (undo_stack.size() > 200) undo_stack.erase(undo_stack.begin());
  redo_stack.clear();
  if (relabelled) hidden.assign(static_cast<size_t>(next.edits.shown()), false);
  current = std::move(next);
  ApplyCurrentEdits(relabelled);
  platform::SetStatus(status);
}

void App::State::Undo() {
  if (undo_stack.empty()) return;
  const bool relabelled = undo_stack.back().edits.group != current.edits.group;
  redo_stack.push_back(current);
  current = undo_stack.back();
  undo_stack.pop_back();
  if (relabelled) hidden.assign(static_cast<size_t>(current.edits.shown()), false);
  ApplyCurrentEdits(relabelled);
  platform::SetStatus(Tr("Undone."));
}

void App::State::Redo() {
  if (redo_stack.empty()) return;
  const bool relabelled = redo_stack.back().edits.group != current.edits.group;
  undo_stack.push_back(current);
  current = redo_stack.back();
  redo_stack.pop_back();
  if (relabelled) hidden.assign(static_cast<size_t>(current.edits.shown()), false);
  ApplyCurrentEdits(relabelled);
  platform::SetStatus(Tr("Redone."));
}

void App::State::RenameSegment(int id, const std::string& name) {
  if (!result) return;
  auto next = analysis::RenameSegment(current.edits, id, name);
  if (!next.ok()) {
    platform::SetStatus(Printf(Tr("Could not rename: %s."), next.error().message.c_str()));
    if (id >= 0 && static_cast<size_t>(id) < name_edit.size()) name_edit[static_cast<size_t>(id)] = result->segments[static_cast<size_t>(id)].name;
    return;
  }
  if (next.value() == current.edits) return;
  Snapshot snap{std::move(next.value()), current.colors};
  // "Renamed segment N to" is relied on by screen readers and the browser tests.
  Commit(std::move(snap), Printf(Tr("Renamed segment %d to \"%s\"."), id + 1, name.c_str()));
}

void App::State::MergeSegments(int from, int into) {
  if (!result) return;
  auto next = analysis::MergeSegments(current.edits, from, into);
  if (!next.ok()) {
    platform::SetStatus(Printf(Tr("Could not merge: %s."), next.error().message.c_str()));
    return;
  }
  std::vector<int> colors;
  for (size_t s = 0; s < current.colors.size(); ++s)
    if (static_cast<int>(s) != from) colors.push_back(current.colors[s]);
  const std::string a = result->segments[static_cast<size_t>(from)].name, b = result->segments[static_cast<size_t>(into)].name;
  Commit(Snapshot{std::move(next.value()), std::move(colors)},
         Printf(Tr("Merged \"%s\" into \"%s\" (Ctrl+Z undoes it)."), a.c_str(), b.c_str()));
}

void App::State::ApplyPendingEdits() {
  std::vector<PendingEdit> edits;
  edits.swap(pending_edits);
  for (PendingEdit& e : edits) {
    switch (e.kind) {
      case PendingEdit::Kind::kRename: RenameSegment(e.id, e.name); break;
      case PendingEdit::Kind::kMerge: MergeSegments(e.id, e.other); break;
      case PendingEdit::Kind::kRecolour: Recolour(e.id, e.other); break;
      case PendingEdit::Kind::kToggleHidden:
        if (e.id >= 0 && static_cast<size_t>(e.id) < hidden.size()) {
          const bool now = !hidden[static_cast<size_t>(e.id)];
          hidden[static_cast<size_t>(e.id)] = now;
          platform::SetStatus(Printf(now ? Tr("Segment %d is hidden in the charts.") : Tr("Segment %d is shown again."), e.id + 1));
        }
        break;
    }
  }
}

void App::State::Recolour(int id, int palette_index) {
  if (id < 0 || static_cast<size_t>(id) >= current.colors.size() || current.colors[static_cast<size_t>(id)] == palette_index) return;
  Snapshot next = current;
  next.colors[static_cast<size_t>(id)] = palette_index;
  Commit(std::move(next), Printf(Tr("Changed the colour of segment %d."), id + 1));
}

}  // namespace seg::app
