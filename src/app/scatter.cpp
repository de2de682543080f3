#include "app/scatter.hpp"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "seg_shaders.hpp"

namespace seg::app {
namespace {

GLuint Compile(GLenum type, const char* src) {
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::printf("scatter shader did not compile: %s\n", log);
    glDeleteShader(s);
    return 0;
  }
  return s;
}

// A linked program from two shader sources, or 0 (the reason is printed to the console).
GLuint Link(const char* vs_src, const char* fs_src) {
  GLuint vs = Compile(GL_VERTEX_SHADER, vs_src);
  GLuint fs = Compile(GL_FRAGMENT_SHADER, fs_src);
  GLuint program = 0;
  if (vs && fs) {
    program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
      std::printf("scatter shaders did not link\n");
      glDeleteProgram(program);
      program = 0;
    }
  }
  if (vs) glDeleteShader(vs);
  if (fs) glDeleteShader(fs);
  return program;
}

}  // namespace

ScatterPlot::~ScatterPlot() {
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (program_) glDeleteProgram(program_);
  if (layer_fbo_) glDeleteFramebuffers(1, &layer_fbo_);
  if (layer_tex_) glDeleteTextures(1, &layer_tex_);
  if (layer_program_) glDeleteProgram(layer_program_);
  if (layer_vao_) glDeleteVertexArrays(1, &layer_vao_);
}

// The offscreen layer of w x h framebuffer pixels (re-created when the plot is resized). False
// when the browser cannot give one; the points are then drawn straight onto the page every frame.
bool ScatterPlot::EnsureLayer(int w, int h) {
  if (layer_failed_ || w <= 0 || h <= 0) return false;
  if (!layer_program_) {
    layer_program_ = Link(kShader_layer_vs, kShader_layer_fs);
    if (!layer_program_) {
      layer_failed_ = true;
      return false;
    }
    loc_layer_ = glGetUniformLocation(layer_program_, "u_layer");
    loc_origin_ = glGetUniformLocation(layer_program_, "u_origin");
    glGenFramebuffers(1, &layer_fbo_);
    glGenTextures(1, &layer_tex_);
    glGenVertexArrays(1, &layer_vao_);  // no attributes: the triangle comes from gl_VertexID
  }
  if (w == layer_w_ && h == layer_h_) return true;
  GLint prev_fbo = 0, prev_tex = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
  glBindTexture(GL_TEXTURE_2D, layer_tex_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindFramebuffer(GL_FRAMEBUFFER, layer_fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, layer_tex_, 0);
  const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev_tex));
  if (!complete) {
    std::printf("scatter: no offscreen layer (framebuffer incomplete); drawing points directly\n");
    layer_failed_ = true;
    return false;
  }
  layer_w_ = w;
  layer_h_ = h;
  layer_valid_ = false;
  return true;
}

bool ScatterPlot::EnsureGl() {
  if (program_) return true;
  if (gl_failed_) return false;
  program_ = Link(kShader_scatter_vs, kShader_scatter_fs);
  if (!program_) {
    gl_failed_ = true;
    return false;
  }
  loc_scale_ = glGetUniformLocation(program_, "u_scale");
  loc_offset_ = glGetUniformLocation(program_, "u_offset");
  loc_size_ = glGetUniformLocation(program_, "u_point_size");
  loc_colors_ = glGetUniformLocation(program_, "u_colors");
  loc_highlight_ = glGetUniformLocation(program_, "u_highlight");
  loc_selection_ = glGetUniformLocation(program_, "u_has_selection");
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 3 * sizeof(float), reinterpret_cast<void*>(0));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 3 * sizeof(float), reinterpret_cast<void*>(2 * sizeof(float)));
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return true;
}

void ScatterPlot::SetPoints(const std::vector<float>& xy, const std::vector<int32_t>& segments) {
  n_ = std::min(xy.size() / 2, segments.size());
  xy_.assign(xy.begin(), xy.begin() + static_cast<std::ptrdiff_t>(2 * n_));
  segments_.assign(segments.begin(), segments.begin() + static_cast<std::ptrdiff_t>(n_));
  dirty_ = true;
  float minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
  for (size_t i = 0; i < n_; ++i) {
    minx = std::min(minx, xy_[2 * i]);
    maxx = std::max(maxx, xy_[2 * i]);
    miny = std::min(miny, xy_[2 * i + 1]);
    maxy = std::max(maxy, xy_[2 * i + 1]);
  }
  if (n_ == 0) minx = maxx = miny = maxy = 0;
  BuildGrid(minx, miny, maxx, maxy);
  // A fixed shuffle (xorshift, same on every run): the first m vertices are a random sample, and
  // no segment is drawn systematically on top of another.
  draw_order_.resize(n_);
  for (size_t i = 0; i < n_; ++i) draw_order_[i] = static_cast<uint32_t>(i);
  uint64_t state = 0x9E3779B97F4A7C15ull;
  for (size_t i = n_; i > 1; --i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    std::swap(draw_order_[i - 1], draw_order_[static_cast<size_t>(state % i)]);
  }
  fit_cx_ = (minx + maxx) / 2;
  fit_cy_ = (miny + maxy) / 2;
  fit_hx_ = std::max(1e-6f, (maxx - minx) / 2 * 1.06f);
  fit_hy_ = std::max(1e-6f, (maxy - miny) / 2 * 1.06f);
  ResetView();
  selection_changed_ = selection_changed_ || selected_count_ > 0;
  selected_.assign(n_, 0);
  selected_count_ = 0;
  selecting_ = false;
  hovered_ = -1;
  last_mouse_ = ImVec2(-1, -1);
}

void ScatterPlot::BuildGrid(float minx, float miny, float maxx, float maxy) {
  // About 4 points per cell on average, at most 512 x 512 cells (1 MB of offsets).
  const int g = static_cast<int>(std::clamp(std::sqrt(static_cast<double>(n_) / 4.0), 1.0, 512.0));
  grid_w_ = grid_h_ = g;
  grid_x0_ = minx;
  grid_y0_ = miny;
  grid_cw_ = std::max(1e-12f, (maxx - minx) / static_cast<float>(g));
  grid_ch_ = std::max(1e-12f, (maxy - miny) / static_cast<float>(g));
  auto index = [](float v, float origin, float width, int count) {  // NaN / inf: the edge cells
    const float f = (v - origin) / width;
    return f >= 0.0f ? static_cast<int>(std::min(f, static_cast<float>(count - 1))) : 0;
  };
  auto cell = [&](size_t i) {
    const int cx = index(xy_[2 * i], grid_x0_, grid_cw_, grid_w_);
    const int cy = index(xy_[2 * i + 1], grid_y0_, grid_ch_, grid_h_);
    return static_cast<size_t>(cy) * static_cast<size_t>(grid_w_) + static_cast<size_t>(cx);
  };
  // Counting sort by cell: points of a cell stay in index order.
  cell_start_.assign(static_cast<size_t>(g) * static_cast<size_t>(g) + 1, 0);
  for (size_t i = 0; i < n_; ++i) ++cell_start_[cell(i) + 1];
  for (size_t c = 1; c < cell_start_.size(); ++c) cell_start_[c] += cell_start_[c - 1];
  cell_points_.resize(n_);
  std::vector<uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (size_t i = 0; i < n_; ++i) cell_points_[fill[cell(i)]++] = static_cast<uint32_t>(i);
}

void ScatterPlot::SetLabels(const std::vector<int32_t>& segments) {
  if (segments.size() < n_) return;
  segments_.assign(segments.begin(), segments.begin() + static_cast<std::ptrdiff_t>(n_));
  dirty_ = true;  // one re-upload; the view (zoom, pan) stays
}

void ScatterPlot::ClearSelection() {
  if (selected_count_ == 0) return;
  std::fill(selected_.begin(), selected_.end(), 0);
  selected_count_ = 0;
  selection_changed_ = true;
  dirty_ = true;
}

void ScatterPlot::SelectInside(const std::vector<ImVec2>& polygon, bool box, bool add, const ImVec2& p0, const ImVec2& size) {
  if (polygon.size() < 2 || n_ == 0) return;
  if (!add) std::fill(selected_.begin(), selected_.end(), 0);
  float minx = polygon[0].x, maxx = minx, miny = polygon[0].y, maxy = miny;
  for (const ImVec2& v : polygon) {
    minx = std::min(minx, v.x);
    maxx = std::max(maxx, v.x);
    miny = std::min(miny, v.y);
    maxy = std::max(maxy, v.y);
  }
  const float sx = size.x / (2 * hx_), sy = size.y / (2 * hy_);
  const float bx = p0.x - (cx_ - hx_) * sx, by = p0.y + (cy_ + hy_) * sy;
  const size_t m = polygon.size();
  for (size_t i = 0; i < n_; ++i) {
    const int s = segments_[i];
    if (s < 0 || (s < 16 && colors_flat_[static_cast<size_t>(s) * 4 + 3] == 0.0f)) continue;  // no segment / hidden
    const float x = bx + xy_[2 * i] * sx, y = by - xy_[2 * i + 1] * sy;
    if (x < minx || x > maxx || y < miny || y > maxy) continue;
    bool inside = box;
    if (!box) {  // even-odd rule (the lasso closes from its last point back to the first)
      inside = false;
      for (size_t a = 0, b = m - 1; a < m; b = a++) {
        const ImVec2 &pa = polygon[a], &pb = polygon[b];
        if ((pa.y > y) != (pb.y > y) && x < (pb.x - pa.x) * (y - pa.y) / (pb.y - pa.y) + pa.x) inside = !inside;
      }
    }
    if (inside) selected_[i] = 1;
  }
  selected_count_ = static_cast<size_t>(std::count(selected_.begin(), selected_.end(), uint8_t{1}));
  selection_changed_ = true;
  dirty_ = true;
}

void ScatterPlot::Clear() {
  n_ = 0;
  xy_.clear();
  draw_order_.clear();
  grid_w_ = grid_h_ = 0;
  cell_start_.clear();
  cell_points_.clear();
  segments_.clear();
  selection_changed_ = selection_changed_ || selected_count_ > 0;
  selected_.clear();
  selected_count_ = 0;
  selecting_ = false;
  dirty_ = true;
  hovered_ = -1;
}

void ScatterPlot::ResetView() {
  cx_ = fit_cx_;
  cy_ = fit_cy_;
  hx_ = fit_hx_;
  hy_ = fit_hy_;
}

long ScatterPlot::Draw(const char* id, ImVec2 size, const std::vector<ImVec4>& colors, int highlight,
                       float point_size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  size.x = std::max(size.x, 50.0f);
  size.y = std::max(size.y, 50.0f);
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  ImGui::InvisibleButton(id, size, ImGuiButtonFlags_MouseButtonLeft);
  const bool hovered = ImGui::IsItemHovered();
  ImGuiIO& io = ImGui::GetIO();

  // Interaction: wheel zooms about the cursor, drag pans, double click resets.
  if (hovered && io.MouseWheel != 0.0f) {
    const float f = std::pow(0.85f, io.MouseWheel);
    const float mx = cx_ + ((io.MousePos.x - p0.x) / size.x * 2 - 1) * hx_;
    const float my = cy_ + (1 - (io.MousePos.y - p0.y) / size.y * 2) * hy_;
    hx_ *= f;
    hy_ *= f;
    cx_ = mx - ((io.MousePos.x - p0.x) / size.x * 2 - 1) * hx_;
    cy_ = my - (1 - (io.MousePos.y - p0.y) / size.y * 2) * hy_;
  }
  // A press starts a pan, a box (Box tool or Shift) or a lasso (Lasso tool or Alt).
  if (ImGui::IsItemActivated()) {
    const bool box = io.KeyShift || (tool_ == Tool::kBox && !io.KeyAlt);
    const bool lasso = !box && (io.KeyAlt || tool_ == Tool::kLasso);
    selecting_ = box || lasso;
    selecting_box_ = box;
    lasso_.assign(1, io.MousePos);
  }
  auto clamp_to_plot = [&](ImVec2 m) { return ImVec2(std::clamp(m.x, p0.x, p1.x), std::clamp(m.y, p0.y, p1.y)); };
  if (selecting_) {
    if (ImGui::IsItemActive()) {
      const ImVec2 m = clamp_to_plot(io.MousePos);
      if (selecting_box_) {
        if (lasso_.size() < 2) lasso_.push_back(m);
        else lasso_[1] = m;
      } else if (lasso_.size() < 4096) {
        const ImVec2 last = lasso_.back();
        if ((m.x - last.x) * (m.x - last.x) + (m.y - last.y) * (m.y - last.y) > 9.0f) lasso_.push_back(m);
      }
    } else {  // released: select, or a plain click clears the selection
      selecting_ = false;
      const bool add = io.KeyCtrl || io.KeySuper;
      bool dragged = false;
      if (selecting_box_ && lasso_.size() == 2)
        dragged = std::fabs(lasso_[1].x - lasso_[0].x) > 3 && std::fabs(lasso_[1].y - lasso_[0].y) > 3;
      if (!selecting_box_) dragged = lasso_.size() >= 3;
      if (dragged) SelectInside(lasso_, selecting_box_, add, p0, size);
      else if (!add) ClearSelection();
      lasso_.clear();
    }
  } else if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
    cx_ -= io.MouseDelta.x / size.x * 2 * hx_;
    cy_ += io.MouseDelta.y / size.y * 2 * hy_;
  } else if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < io.MouseDragThreshold * io.MouseDragThreshold && hovered_ < 0 &&
             !(io.KeyCtrl || io.KeySuper)) {
    ClearSelection();  // a click on empty space
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) ResetView();

  dl->AddRectFilled(p0, p1, ImGui::GetColorU32(ImGuiCol_FrameBg));
  // Axes through the origin of the principal components.
  const float ox = p0.x + (0 - (cx_ - hx_)) / (2 * hx_) * size.x;
  const float oy = p0.y + (1 - (0 - (cy_ - hy_)) / (2 * hy_)) * size.y;
  const ImU32 axis = ImGui::GetColorU32(ImGuiCol_Border);
  dl->PushClipRect(p0, p1, true);
  if (ox > p0.x && ox < p1.x) dl->AddLine(ImVec2(ox, p0.y), ImVec2(ox, p1.y), axis);
  if (oy > p0.y && oy < p1.y) dl->AddLine(ImVec2(p0.x, oy), ImVec2(p1.x, oy), axis);

  rect_min_ = p0;
  rect_max_ = p1;
  highlight_ = highlight;
  point_size_ = point_size;
  colors_flat_.assign(16 * 4, 0.0f);
  for (size_t s = 0; s < colors.size() && s < 16; ++s) {
    colors_flat_[s * 4 + 0] = colors[s].x;
    colors_flat_[s * 4 + 1] = colors[s].y;
    colors_flat_[s * 4 + 2] = colors[s].z;
    colors_flat_[s * 4 + 3] = colors[s].w;
  }
  if (n_ > 0) {
    dl->AddCallback(&ScatterPlot::RenderCallback, this);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  }
  // Hover: nearest visible point within a few pixels (recomputed only when something changed).
  const float view[4] = {cx_, cy_, hx_, hy_};
  if (!hovered) {
    hovered_ = -1;
  } else if (io.MousePos.x != last_mouse_.x || io.MousePos.y != last_mouse_.y ||
             !std::equal(view, view + 4, last_view_)) {
    last_mouse_ = io.MousePos;
    std::copy(view, view + 4, last_view_);
    const float r = std::max(6.0f, point_size * 1.5f);
    float best = r * r;
    long arg = -1;
    const float sx = size.x / (2 * hx_), sy = size.y / (2 * hy_);
    const float bx = p0.x - (cx_ - hx_) * sx, by = p0.y + (cy_ + hy_) * sy;
    // The cells that the circle of radius r around the cursor touches (data space).
    const float mx = (io.MousePos.x - bx) / sx, my = (by - io.MousePos.y) / sy;
    const float rx = r / sx, ry = r / sy;
    auto cell_range = [](float lo, float hi, float origin, float width, int count, int& a, int& b) {
      a = static_cast<int>(std::floor(std::clamp((lo - origin) / width, -1.0f, static_cast<float>(count))));
      b = static_cast<int>(std::floor(std::clamp((hi - origin) / width, -1.0f, static_cast<float>(count))));
      a = std::max(a, 0);
      b = std::min(b, count - 1);
    };
    int cx0 = 0, cx1 = -1, cy0 = 0, cy1 = -1;
    if (grid_w_ > 0 && n_ > 0) {
      cell_range(mx - rx, mx + rx, grid_x0_, grid_cw_, grid_w_, cx0, cx1);
      cell_range(my - ry, my + ry, grid_y0_, grid_ch_, grid_h_, cy0, cy1);
    }
    for (int gy = cy0; gy <= cy1; ++gy) {
      for (int gx = cx0; gx <= cx1; ++gx) {
        const size_t c = static_cast<size_t>(gy) * static_cast<size_t>(grid_w_) + static_cast<size_t>(gx);
        for (uint32_t e = cell_start_[c]; e < cell_start_[c + 1]; ++e) {
          const size_t i = cell_points_[e];
          const int s = segments_[i];
          if (s < 0 || (s < 16 && colors_flat_[static_cast<size_t>(s) * 4 + 3] == 0.0f)) continue;  // no segment / hidden
          const float dx = bx + xy_[2 * i] * sx - io.MousePos.x;
          const float dy = by - xy_[2 * i + 1] * sy - io.MousePos.y;
          const float d = dx * dx + dy * dy;
          if (d < best || (d == best && arg >= 0 && static_cast<long>(i) < arg)) {  // ties: the lowest row, as a full scan
            best = d;
            arg = static_cast<long>(i);
          }
        }
      }
    }
    hovered_ = arg;
  }
  if (hovered_ >= 0) {
    const float sx = size.x / (2 * hx_), sy = size.y / (2 * hy_);
    const ImVec2 c(p0.x + (xy_[2 * hovered_] - (cx_ - hx_)) * sx, p0.y + (cy_ + hy_ - xy_[2 * hovered_ + 1]) * sy);
    dl->AddCircle(c, point_size * 1.6f + 2, ImGui::GetColorU32(ImGuiCol_Text), 0, 2.0f);
  }
  if (selecting_ && !lasso_.empty()) {
    const ImU32 line = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 fill = ImGui::GetColorU32(ImGuiCol_Text, 0.08f);
    if (selecting_box_ && lasso_.size() == 2) {
      const ImVec2 a(std::min(lasso_[0].x, lasso_[1].x), std::min(lasso_[0].y, lasso_[1].y));
      const ImVec2 b(std::max(lasso_[0].x, lasso_[1].x), std::max(lasso_[0].y, lasso_[1].y));
      dl->AddRectFilled(a, b, fill);
      dl->AddRect(a, b, line, 0, 0, 1.5f);
    } else if (!selecting_box_ && lasso_.size() >= 2) {
      dl->AddPolyline(lasso_.data(), static_cast<int>(lasso_.size()), line, ImDrawFlags_Closed, 1.5f);
    }
  }
  dl->PopClipRect();
  dl->AddRect(p0, p1, axis);
  return hovered_;
}

void ScatterPlot::RenderCallback(const ImDrawList*, const ImDrawCmd* cmd) {
  static_cast<ScatterPlot*>(cmd->UserCallbackData)->Render();
}

void ScatterPlot::DrawPoints(size_t first, size_t count) {
  glEnable(GL_BLEND);
  // Colour blends as usual; alpha accumulates, so the offscreen layer holds premultiplied colour.
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(program_);
  glUniform2f(loc_scale_, 1.0f / hx_, 1.0f / hy_);
  glUniform2f(loc_offset_, -cx_ / hx_, -cy_ / hy_);
  glUniform1f(loc_size_, point_size_ * ImGui::GetIO().DisplayFramebufferScale.x);
  glUniform4fv(loc_colors_, 16, colors_flat_.data());
  glUniform1i(loc_highlight_, highlight_);
  glUniform1i(loc_selection_, selected_count_ > 0 ? 1 : 0);
  glBindVertexArray(vao_);
  glDrawArrays(GL_POINTS, static_cast<GLint>(first), static_cast<GLsizei>(count));
  glBindVertexArray(0);
}

void ScatterPlot::Render() {
  if (!EnsureGl()) return;
  if (dirty_) {
    std::vector<float> buf(n_ * 3);
    for (size_t k = 0; k < n_; ++k) {
      const size_t i = k < draw_order_.size() ? draw_order_[k] : k;
      buf[3 * k] = xy_[2 * i];
      buf[3 * k + 1] = xy_[2 * i + 1];
      // Selected points carry segment + 32; the shader dims the others while there is a selection.
      const bool sel = selected_count_ > 0 && i < selected_.size() && selected_[i] && segments_[i] >= 0;
      buf[3 * k + 2] = static_cast<float>(segments_[i] + (sel ? 32 : 0));
    }
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(buf.size() * sizeof(float)), buf.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    dirty_ = false;
    layer_valid_ = false;
  }
  const ImGuiIO& io = ImGui::GetIO();
  const float fb_scale_x = io.DisplayFramebufferScale.x, fb_scale_y = io.DisplayFramebufferScale.y;
  const float fb_h = io.DisplaySize.y * fb_scale_y;
  const GLint x = static_cast<GLint>(rect_min_.x * fb_scale_x);
  const GLint y = static_cast<GLint>(fb_h - rect_max_.y * fb_scale_y);
  const GLsizei w = static_cast<GLsizei>((rect_max_.x - rect_min_.x) * fb_scale_x);
  const GLsizei h = static_cast<GLsizei>((rect_max_.y - rect_min_.y) * fb_scale_y);
  if (!EnsureLayer(w, h)) {  // no offscreen layer: straight onto the page, every frame
    glViewport(x, y, w, h);
    glEnable(GL_SCISSOR_TEST);
    glScissor(x, y, w, h);
    DrawPoints(0, n_);
    return;
  }
  // Everything the points' pixels depend on.
  std::vector<float> key = {cx_, cy_, hx_, hy_, static_cast<float>(w), static_cast<float>(h), point_size_ * fb_scale_x,
                            static_cast<float>(highlight_), static_cast<float>(selected_count_ > 0)};
  key.insert(key.end(), colors_flat_.begin(), colors_flat_.end());
  const bool changed = !layer_valid_ || key != layer_key_;
  if (changed || layer_drawn_ < n_) {
    GLint prev_fbo = 0;
    GLfloat clear[4] = {0, 0, 0, 0};
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
    glGetFloatv(GL_COLOR_CLEAR_VALUE, clear);
    glBindFramebuffer(GL_FRAMEBUFFER, layer_fbo_);
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    if (changed) {
      glClearColor(0, 0, 0, 0);
      glClear(GL_COLOR_BUFFER_BIT);
      glClearColor(clear[0], clear[1], clear[2], clear[3]);
      layer_drawn_ = 0;
    }
    const size_t count = std::min(n_ - layer_drawn_, kPointsPerFrame);
    DrawPoints(layer_drawn_, count);
    layer_drawn_ += count;
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
    if (changed) layer_key_ = std::move(key);
    layer_valid_ = true;
  }
  // Composite: one triangle over the plot, premultiplied "over".
  glViewport(x, y, w, h);
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, w, h);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(layer_program_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, layer_tex_);
  glUniform1i(loc_layer_, 0);
  glUniform2i(loc_origin_, x, y);
  glBindVertexArray(layer_vao_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace seg::app
