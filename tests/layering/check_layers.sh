#!/usr/bin/env bash
# Layering test (CTest "layering"): fails when an #include climbs the layers the README describes.
#   common -> io -> privacy -> analysis -> project -> cli / app      (demo: common, io)
# - the core (include/seg, src/core) includes no ImGui, GL, GLFW or Emscripten header;
# - a core layer includes only its own and lower layers (io never analysis, privacy or project);
# - src/app and src/cli include only the public core API (seg/...), never src/core's private headers;
# - src/platform (the page bridge) never includes the app; src/cli never includes the app.
# Usage: tests/layering/check_layers.sh [REPO]
set -uo pipefail
cd "${1:-$(dirname "$0")/../..}" || exit 2
fail=0
bad() { echo "layering: $1"; fail=1; }

# includes FILE...: "file:line:header" for every quoted or angled include.
includes() { grep -HnoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]+[>"]' "$@" 2>/dev/null |
             sed -E 's/#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"]/\1/; s/:[[:space:]]+/:/'; }
files() { find "$@" -type f \( -name '*.hpp' -o -name '*.h' -o -name '*.cpp' \) 2>/dev/null | sort; }

# 1. No UI, GL or browser headers in the core.
while IFS= read -r hit; do
  hdr=${hit##*:}
  case "$hdr" in
    imgui*|*/imgui*|GL/*|GLES*/*|GLFW/*|emscripten*|emscripten/*) bad "$hit: the core must not include $hdr" ;;
  esac
done < <(includes $(files include/seg src/core))

# 2. Core layers only include their own and lower layers.
allowed() {  # allowed LAYER -> the seg/<layer> folders it may include
  case $1 in
    common) echo "common" ;;
    io) echo "common io" ;;
    privacy) echo "common io privacy" ;;
    analysis) echo "common io privacy analysis" ;;
    project) echo "common io privacy analysis project" ;;
    demo) echo "common io demo" ;;
    *) echo "" ;;
  esac
}
for dir in include/seg/* src/core/*; do
  [ -d "$dir" ] || continue
  layer=$(basename "$dir")
  ok=$(allowed "$layer")
  [ -n "$ok" ] || { bad "$dir: unknown layer '$layer' (add it to tests/layering/check_layers.sh and the README)"; continue; }
  while IFS= read -r hit; do
    hdr=${hit##*:}
    case "$hdr" in
      seg/*/*)
        to=${hdr#seg/}; to=${to%%/*}
        [[ " $ok " == *" $to "* ]] || bad "$hit: layer '$layer' must not include $hdr (allowed: $ok)" ;;
    esac
  done < <(includes $(files "$dir"))
done

# 3. Shells use the public API only; the platform bridge never reaches into the app.
while IFS= read -r hit; do
  hdr=${hit##*:}
  case "$hdr" in core/*|*/core/*) bad "$hit: src/app and src/cli use the public core API (seg/...), not $hdr" ;; esac
done < <(includes $(files src/app src/cli))
while IFS= read -r hit; do
  hdr=${hit##*:}
  case "$hdr" in app/*|*/app/*) bad "$hit: src/platform is the page bridge and must not include $hdr" ;; esac
done < <(includes $(files src/platform))
while IFS= read -r hit; do
  hdr=${hit##*:}
  case "$hdr" in app/*|*/app/*|imgui*) bad "$hit: the CLI must not include $hdr" ;; esac
done < <(includes $(files src/cli))

if [ $fail -eq 0 ]; then echo "layering: ok ($(files include/seg src | wc -l) files)"; fi
exit $fail
