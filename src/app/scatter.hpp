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

  // Draws into a rect of `size` at the cursor, handles zoom (wheel), pan (drag), reset (double
  // click). colors: RGBA per segment (alpha 0 hides it). Returns the hovered point or -1.
  long Draw(const char* id, ImVec2 size, const std::vector<ImVec4>& colors, int highlight, float point_size);
  void ResetView();

 private:
  static void RenderCallback(const ImDrawList* list, const ImDrawCmd* cmd);
  bool EnsureGl();
  void Render();

  std::vector<float> xy_;
  std::vector<int32_t> segments_;
  size_t n_ = 0;
  bool dirty_ = false;
  // View: data-space centre and half extents.
  float cx_ = 0, cy_ = 0, hx_ = 1, hy_ = 1;
  float fit_cx_ = 0, fit_cy_ = 0, fit_hx_ = 1, fit_hy_ = 1;
  // GL state.
  unsigned program_ = 0, vao_ = 0, vbo_ = 0;
  int loc_scale_ = -1, loc_offset_ = -1, loc_size_ = -1, loc_colors_ = -1, loc_highlight_ = -1;
  bool gl_failed_ = false;
  // Per-draw parameters for the callback.
  ImVec2 rect_min_{}, rect_max_{};
  std::vector<float> colors_flat_;
  int highlight_ = -1;
  float point_size_ = 3.0f;
  // Hover cache.
  ImVec2 last_mouse_{-1, -1};
  float last_view_[4] = {0, 0, 0, 0};
  long hovered_ = -1;
};

}  // namespace seg::app
