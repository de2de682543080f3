#!/usr/bin/env bash
# Builds and runs the benchmark natively (build/bench) and as WebAssembly in Node
# (build-web/bench_node.js), then parses the same generated CSVs with Papa Parse in Node for
# comparison, and prints the Markdown tables (paste them into the README).
# It measures and prints; it never fails on slow figures.
#
# Usage: scripts/bench.sh [native] [web] [papaparse] [-- extra bench arguments, e.g. --quick,
#                                                       --k 5 or --import-only]
#   SEG_BENCH_ROWS=20000,100000 scripts/bench.sh     row counts (default 100000,1000000)
#   JOBS=2 scripts/bench.sh                          parallel build jobs (default: nproc)
#   SEG_BENCH_BUILD_DIR=build-x scripts/bench.sh     native build directory (default build)
#   SEG_BENCH_WEB_BUILD_DIR=build-y scripts/bench.sh wasm build directory (default build-web)
# The papaparse part needs the native bench (to write the CSVs) and tests/e2e/node_modules
# (`npm ci` in tests/e2e); it is skipped with a note when papaparse is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # emcc's helper scripts need Debian's node modules
JOBS=${JOBS:-$(nproc)}
ROWS=${SEG_BENCH_ROWS:-100000,1000000}
BUILD_DIR=${SEG_BENCH_BUILD_DIR:-build}
WEB_BUILD_DIR=${SEG_BENCH_WEB_BUILD_DIR:-build-web}

parts=()
while [ $# -gt 0 ]; do
  case "$1" in
    native|web|papaparse) parts+=("$1"); shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ ${#parts[@]} -eq 0 ] && parts=(native web papaparse)
extra=("$@")
args=(--rows "$ROWS" "${extra[@]}")

build_native() {
  echo "== native: building $BUILD_DIR/bench" >&2
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j "$JOBS" --target bench >&2
}

tables=()
for part in "${parts[@]}"; do
  case "$part" in
    native)
      build_native
      echo "== native: running $BUILD_DIR/bench ${args[*]}" >&2
      tables+=("$("$BUILD_DIR/bench" "${args[@]}")")
      ;;
    web)
      echo "== wasm: building $WEB_BUILD_DIR/bench_node.js" >&2
      emcmake cmake -S . -B "$WEB_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build "$WEB_BUILD_DIR" -j "$JOBS" --target bench >&2
      echo "== wasm: running node $WEB_BUILD_DIR/bench_node.js ${args[*]}" >&2
      tables+=("$(node --no-experimental-fetch "$WEB_BUILD_DIR/bench_node.js" "${args[@]}")")
      ;;
    papaparse)
      if [ ! -f tests/e2e/node_modules/papaparse/package.json ]; then
        tables+=("Papa Parse comparison skipped: run \`npm ci\` in tests/e2e first.")
        continue
      fi
      [ -x "$BUILD_DIR/bench" ] || build_native
      csv_dir=$(mktemp -d)
      trap 'rm -rf "$csv_dir"' EXIT
      echo "== papaparse: writing the demo CSVs ($ROWS rows) to $csv_dir" >&2
      mapfile -t csv_files < <("$BUILD_DIR/bench" --rows "$ROWS" --write-csv "$csv_dir")
      echo "== papaparse: node src/bench/papaparse_bench.mjs" >&2
      tables+=("$(node --no-experimental-fetch --max-old-space-size=8192 src/bench/papaparse_bench.mjs "${csv_files[@]}")")
      rm -rf "$csv_dir"
      ;;
  esac
done

for t in "${tables[@]}"; do
  printf '\n%s\n' "$t"
done
