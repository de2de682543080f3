// src/app/scatter.hpp — the segment scatter plot: all points in one vertex buffer, drawn by our
// own WebGL2 shaders (shaders/scatter_*.glsl) inside an ImGui window via a draw callback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <imgui.h>

namespace seg::app {

class ScatterPlot {
 public:
  ScatterPlot() = default;
  ~ScatterPlot();
  ScatterPlot(const ScatterPlot&) = delete;
  ScatterPlot& operator=(const ScatterPlot&) = delete;

  // Uploads points (xy: n x 2) and their segment ids. Resets the view to fit all points.
  void SetPoints(const std::vector<float>& xy, const std::vector<int32_t>& segments);
  // New segment ids for the same points (after merging segments); keeps the view.
  void SetLabels(const std::vector<int32_t>& segments);
  void Clear();
  size_t size() const { return n_; }

  // What a left drag does. Shift+drag always draws a box, Alt+drag a lasso; Ctrl adds to the
  // selection instead of replacing it.
  enum class Tool { kPan, kBox, kLasso };
  void SetTool(Tool tool) { tool_ = tool; }
  Tool tool() const { return tool_; }

  // Draws into a rect of `size` at the cursor, handles zoom (wheel), pan or selection (drag),
  // reset (double click). colors: RGBA per segment (alpha 0 hides it). Returns the hovered point
  // or -1.
  long Draw(const char* id, ImVec2 size, const std::vector<ImVec4>& colors, int highlight, float point_size);
  void ResetView();

  // Box / lasso selection: one flag per point. Points of hidden segments are never selected.
  const std::vector<uint8_t>& selection() const { return selected_; }
  size_t selected_count() const { return selected_count_; }
  // True once after the selection changed (drag released, cleared).
  bool TakeSelectionChanged() {
    const bool c = selection_changed_;
    selection_changed_ = false;
    return c;
  }
  void ClearSelection();
  // The plot's rectangle on screen in the last frame (ImGui pixels).
  ImVec2 rect_min() const { return rect_min_; }
  ImVec2 rect_max() const { return rect_max_; }

 private:
  static void RenderCallback(const ImDrawList* list, const ImDrawCmd* cmd);
  bool EnsureGl();
  void Render();

  // Selects the visible points inside `polygon` (screen pixels; 2 points = a box).
  void SelectInside(const std::vector<ImVec2>& polygon, bool box, bool add, const ImVec2& p0, const ImVec2& size);

  std::vector<float> xy_;
  std::vector<int32_t> segments_;
  Tool tool_ = Tool::kPan;
  std::vector<uint8_t> selected_;
  size_t selected_count_ = 0;
  bool selection_changed_ = false;
  bool selecting_ = false, selecting_box_ = true;
  std::vector<ImVec2> lasso_;  // the drag's path (lasso) or its two corners (box)
  size_t n_ = 0;
  bool dirty_ = false;
  // View: data-space centre and half extents.
  float cx_ = 0, cy_ = 0, hx_ = 1, hy_ = 1;
  float fit_cx_ = 0, fit_cy_ = 0, fit_hx_ = 1, fit_hy_ = 1;
  // GL state.
  unsigned program_ = 0, vao_ = 0, vbo_ = 0;
  int loc_scale_ = -1, loc_offset_ = -1, loc_size_ = -1, loc_colors_ = -1, loc_highlight_ = -1, loc_selection_ = -1;
  bool gl_failed_ = false;
  // Per-draw parameters for the callback.
  ImVec2 rect_min_{}, rect_max_{};
  std::vector<float> colors_flat_;
  int highlight_ = -1;
  float point_size_ = 3.0f;
  // The cached points layer. Points are drawn into a texture only when something they show
  // changed (view, plot size, colours, highlight, selection, data); every other frame (hover,
  // tooltips, the rest of the UI) just composites that texture, so hovering over 1,000,000 points
  // costs what hovering over ten does. No frame draws more than kPointsPerFrame points: after a
  // change the layer starts with the first kPointsPerFrame (a fixed random sample: the vertex
  // buffer is in a shuffled order) and the following frames add the rest, in the same order, so
  // the finished layer is exactly what one draw of every point gives. While the view moves, each
  // frame therefore shows a 131,072-point sample, and the full picture builds up once it rests.
  static constexpr size_t kPointsPerFrame = 131072;
  bool EnsureLayer(int w, int h);
  void DrawPoints(size_t first, size_t count);
  size_t layer_drawn_ = 0;  // points already in the layer
  unsigned layer_program_ = 0, layer_fbo_ = 0, layer_tex_ = 0, layer_vao_ = 0;
  int loc_layer_ = -1, loc_origin_ = -1;
  int layer_w_ = 0, layer_h_ = 0;
  bool layer_failed_ = false, layer_valid_ = false;
  std::vector<float> layer_key_;  // what the cached layer shows
  std::vector<uint32_t> draw_order_;  // vertex k is point draw_order_[k]
  // Hover index: a uniform grid over the points' bounding box (cell_start_: first entry of each
  // cell in cell_points_, row-major, plus an end marker), so hovering at 1,000,000 points looks at
  // the few cells under the cursor instead of every point.
  void BuildGrid(float minx, float miny, float maxx, float maxy);
  int grid_w_ = 0, grid_h_ = 0;
  float grid_x0_ = 0, grid_y0_ = 0, grid_cw_ = 1, grid_ch_ = 1;
  std::vector<uint32_t> cell_start_, cell_points_;
  // Hover cache.
  ImVec2 last_mouse_{-1, -1};
  float last_view_[4] = {0, 0, 0, 0};
  long hovered_ = -1;
};

}  // namespace seg::app
