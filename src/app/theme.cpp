// src/app/theme.cpp — how segments look: the palette, each shown segment's colour, the chart style; the ImGui
// theme (dark and light).
#include "app/app_state.hpp"

namespace seg::app {

ImVec4 App::State::ColorOf(int shown) const {
  const int p = shown >= 0 && static_cast<size_t>(shown) < current.colors.size() ? current.colors[static_cast<size_t>(shown)] : shown;
  return kPalette[((p % kMaxK) + kMaxK) % kMaxK];
}

SegmentStyle App::State::Style() const {
  SegmentStyle st;
  for (int i = 0; result && i < result->k; ++i) st.colors.push_back(ColorOf(i));
  st.hidden = hidden;
  st.scale = scale;
  return st;
}

std::vector<ImVec4> App::State::SegmentColors() const {
  std::vector<ImVec4> colors;
  for (int i = 0; result && i < result->k; ++i) {
    ImVec4 c = ColorOf(i);
    if (hidden[static_cast<size_t>(i)]) c.w = 0.0f;
    colors.push_back(c);
  }
  return colors;
}

std::string App::State::HexColor(const ImVec4& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(std::lround(c.x * 255)), static_cast<int>(std::lround(c.y * 255)),
                static_cast<int>(std::lround(c.z * 255)));
  return buf;
}

}  // namespace seg::app
