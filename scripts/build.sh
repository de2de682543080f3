#!/usr/bin/env bash
# Builds the native tree (build/: core, CLI, tests, bench) and/or the browser app (build-web/site/).
# Usage: scripts/build.sh [native] [web]
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # emcc's helper scripts need Debian's node modules
JOBS=${JOBS:-$(nproc)}
# ccache, where installed, makes rebuilds and other checkouts of the same tree cheap: paths are
# hashed relative to the checkout, so a second clone (CI's) reuses the first one's objects.
LAUNCHER=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
  LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
[ $# -eq 0 ] && set -- native web
for part in "$@"; do
  case "$part" in
    native)
      cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${LAUNCHER[@]}" >/dev/null
      cmake --build build -j "$JOBS"
      ;;
    web)
      emcmake cmake -S . -B build-web -DCMAKE_BUILD_TYPE=Release "${LAUNCHER[@]}" >/dev/null
      cmake --build build-web -j "$JOBS"
      ;;
    *) echo "build: unknown part '$part' (native, web)" >&2; exit 2 ;;
  esac
done
