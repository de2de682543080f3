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

}  // namespace

ScatterPlot::~ScatterPlot() {
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (program_) glDeleteProgram(program_);
}

bool ScatterPlot::EnsureGl() {
  if (program_) return true;
  if (gl_failed_) return false;
  GLuint vs = Compile(GL_VERTEX_SHADER, kShader_scatter_vs);
  GLuint fs = Compile(GL_FRAGMENT_SHADER, kShader_scatter_fs);
  if (!vs || !fs) {
    gl_failed_ = true;
    return false;
  }
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    glDeleteProgram(program_);
    program_ = 0;
    gl_failed_ = true;
    return false;
  }
  loc_scale_ = glGetUniformLocation(program_, "u_scale");
  loc_offset_ = glGetUniformLocation(program_, "u_offset");
  loc_size_ = glGetUniformLocation(program_, "u_point_size");
  loc_colors_ = glGetUniformLocation(program_, "u_colors");
  loc_highlight_ = glGetUniformLocation(program_, "u_highlight");
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
  fit_cx_ = (minx + maxx) / 2;
  fit_cy_ = (miny + maxy) / 2;
  fit_hx_ = std::max(1e-6f, (maxx - minx) / 2 * 1.06f);
  fit_hy_ = std::max(1e-6f, (maxy - miny) / 2 * 1.06f);
  ResetView();
  hovered_ = -1;
  last_mouse_ = ImVec2(-1, -1);
}

void ScatterPlot::SetLabels(const std::vector<int32_t>& segments) {
  if (segments.size() < n_) return;
  segments_.assign(segments.begin(), segments.begin() + static_cast<std::ptrdiff_t>(n_));
  dirty_ = true;  // one re-upload; the view (zoom, pan) stays
}

void ScatterPlot::Clear() {
  n_ = 0;
  xy_.clear();
  segments_.clear();
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
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
    cx_ -= io.MouseDelta.x / size.x * 2 * hx_;
    cy_ += io.MouseDelta.y / size.y * 2 * hy_;
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
    for (size_t i = 0; i < n_; ++i) {
      const int s = segments_[i];
      if (s < 0 || (s < 16 && colors_flat_[static_cast<size_t>(s) * 4 + 3] == 0.0f)) continue;  // no segment / hidden
      const float dx = bx + xy_[2 * i] * sx - io.MousePos.x;
      const float dy = by - xy_[2 * i + 1] * sy - io.MousePos.y;
      const float d = dx * dx + dy * dy;
      if (d < best) {
        best = d;
        arg = static_cast<long>(i);
      }
    }
    hovered_ = arg;
  }
  if (hovered_ >= 0) {
    const float sx = size.x / (2 * hx_), sy = size.y / (2 * hy_);
    const ImVec2 c(p0.x + (xy_[2 * hovered_] - (cx_ - hx_)) * sx, p0.y + (cy_ + hy_ - xy_[2 * hovered_ + 1]) * sy);
    dl->AddCircle(c, point_size * 1.6f + 2, ImGui::GetColorU32(ImGuiCol_Text), 0, 2.0f);
  }
  dl->PopClipRect();
  dl->AddRect(p0, p1, axis);
  return hovered_;
}

void ScatterPlot::RenderCallback(const ImDrawList*, const ImDrawCmd* cmd) {
  static_cast<ScatterPlot*>(cmd->UserCallbackData)->Render();
}

void ScatterPlot::Render() {
  if (!EnsureGl()) return;
  if (dirty_) {
    std::vector<float> buf(n_ * 3);
    for (size_t i = 0; i < n_; ++i) {
      buf[3 * i] = xy_[2 * i];
      buf[3 * i + 1] = xy_[2 * i + 1];
      buf[3 * i + 2] = static_cast<float>(segments_[i]);
    }
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(buf.size() * sizeof(float)), buf.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    dirty_ = false;
  }
  const ImGuiIO& io = ImGui::GetIO();
  const float fb_scale_x = io.DisplayFramebufferScale.x, fb_scale_y = io.DisplayFramebufferScale.y;
  const float fb_h = io.DisplaySize.y * fb_scale_y;
  const GLint x = static_cast<GLint>(rect_min_.x * fb_scale_x);
  const GLint y = static_cast<GLint>(fb_h - rect_max_.y * fb_scale_y);
  const GLsizei w = static_cast<GLsizei>((rect_max_.x - rect_min_.x) * fb_scale_x);
  const GLsizei h = static_cast<GLsizei>((rect_max_.y - rect_min_.y) * fb_scale_y);
  glViewport(x, y, w, h);
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, w, h);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(program_);
  glUniform2f(loc_scale_, 1.0f / hx_, 1.0f / hy_);
  glUniform2f(loc_offset_, -cx_ / hx_, -cy_ / hy_);
  glUniform1f(loc_size_, point_size_ * fb_scale_x);
  glUniform4fv(loc_colors_, 16, colors_flat_.data());
  glUniform1i(loc_highlight_, highlight_);
  glBindVertexArray(vao_);
  glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(n_));
  glBindVertexArray(0);
}

}  // namespace seg::app
