// libFuzzer target: the project file loader. Hostile or damaged projects must give an error,
// never a crash or a throw (a throw aborts the wasm module); whatever is accepted must survive
// a round trip: ParseProject(ProjectToJson(p)) == p.
#include <cstddef>
#include <cstdint>
#include <string>

#include "seg/project/project.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto p = seg::project::ParseProject(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!p.ok()) {
    if (p.error().code.empty() || p.error().message.empty()) __builtin_trap();
    return 0;
  }
  const std::string text = seg::project::ProjectToJson(p.value());
  auto back = seg::project::ParseProject(text);
  if (!back.ok() || !(back.value() == p.value())) __builtin_trap();
  if (seg::project::ProjectToJson(back.value()) != text) __builtin_trap();
  // The saved edits must be usable: every computed segment maps to a shown one.
  for (int g : back->edits.group)
    if (g < 0 || g >= back->edits.shown()) __builtin_trap();
  return 0;
}
