#version 300 es
// Composites the cached points layer (premultiplied alpha) pixel for pixel onto the plot.
precision mediump float;
uniform sampler2D u_layer;
uniform ivec2 u_origin;  // the plot's lower-left corner in framebuffer pixels
out vec4 frag_color;

void main() {
  frag_color = texelFetch(u_layer, ivec2(gl_FragCoord.xy) - u_origin, 0);
}
