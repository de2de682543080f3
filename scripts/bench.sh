#!/usr/bin/env bash
# Builds and runs the benchmark natively (build/bench) and as WebAssembly in Node
# (build-web/bench_node.js), and prints both Markdown tables (paste them into the README).
# It measures and prints; it never fails on slow figures.
#
# Usage: scripts/bench.sh [native] [web] [-- extra bench arguments, e.g. --quick or --k 5]
#   SEG_BENCH_ROWS=20000,100000 scripts/bench.sh     row counts (default 100000,1000000)
#   JOBS=2 scripts/bench.sh                          parallel build jobs (default: nproc)
#   SEG_BENCH_BUILD_DIR=build-x scripts/bench.sh     native build directory (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # emcc's helper scripts need Debian's node modules
JOBS=${JOBS:-$(nproc)}
ROWS=${SEG_BENCH_ROWS:-100000,1000000}
BUILD_DIR=${SEG_BENCH_BUILD_DIR:-build}

parts=()
while [ $# -gt 0 ]; do
  case "$1" in
    native|web) parts+=("$1"); shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ ${#parts[@]} -eq 0 ] && parts=(native web)
extra=("$@")
args=(--rows "$ROWS" "${extra[@]}")

tables=()
for part in "${parts[@]}"; do
  case "$part" in
    native)
      echo "== native: building $BUILD_DIR/bench" >&2
      cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build "$BUILD_DIR" -j "$JOBS" --target bench >&2
      echo "== native: running $BUILD_DIR/bench ${args[*]}" >&2
      tables+=("$("$BUILD_DIR/bench" "${args[@]}")")
      ;;
    web)
      echo "== wasm: building build-web/bench_node.js" >&2
      emcmake cmake -S . -B build-web -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build build-web -j "$JOBS" --target bench >&2
      echo "== wasm: running node build-web/bench_node.js ${args[*]}" >&2
      tables+=("$(node --no-experimental-fetch build-web/bench_node.js "${args[@]}")")
      ;;
  esac
done

for t in "${tables[@]}"; do
  printf '\n%s\n' "$t"
done
