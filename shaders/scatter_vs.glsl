#version 300 es
// Scatter plot points: one vertex per customer (x, y in principal-component units, segment id).
precision highp float;
layout(location = 0) in vec2 a_pos;
layout(location = 1) in float a_segment;

uniform vec2 u_scale;       // data units -> NDC
uniform vec2 u_offset;
uniform float u_point_size; // framebuffer pixels
uniform vec4 u_colors[16];  // palette, alpha = visibility
uniform int u_highlight;    // segment to emphasise, -1 for none
uniform int u_has_selection; // 1: a box/lasso selection exists; unselected points fade

out vec4 v_color;

void main() {
  int raw = int(floor(a_segment + 0.5));
  bool selected = raw >= 32;           // selected points carry segment + 32
  int s = selected ? raw - 32 : raw;
  vec4 c = s >= 0 ? u_colors[s % 16] : vec4(0.0);  // -1: in no segment (e.g. not RFM-scored)
  float dim = (u_highlight >= 0 && u_highlight != s) ? 0.25 : 1.0;
  if (u_has_selection == 1 && !selected) dim *= 0.15;
  v_color = vec4(c.rgb, c.a * dim);
  gl_Position = vec4(a_pos * u_scale + u_offset, 0.0, 1.0);
  // Hidden segments collapse to nothing.
  gl_PointSize = c.a > 0.0 ? u_point_size : 0.0;
}
