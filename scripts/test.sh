#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds everything, and runs every test: the native unit
# and CLI tests (CTest), the unit tests again under ASan + UBSan, the CSV conformance, round-trip and
# native-vs-wasm parity tests, and the browser end-to-end tests (headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh native web test
scripts/build.sh native web

echo "== native tests (ctest)"
ctest --test-dir build --output-on-failure -j "$(nproc)"

echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
launcher=()  # ccache where installed (see scripts/build.sh)
command -v ccache >/dev/null 2>&1 && { export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1; launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); }
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DSEG_SANITIZE=ON "${launcher[@]}" >/dev/null
cmake --build build-asan -j "$(nproc)" --target seg_tests
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ./build-asan/seg_tests

echo "== fuzzing: importer, model loader, pipeline (about a minute each)"
scripts/fuzz.sh "${SEG_FUZZ_SECONDS:-60}"

echo "== CSV conformance (csv-spectrum) and byte-exact round trips (node --test)"
SEGMENTER="$PWD/build/segmenter" node --test tests/conformance/

echo "== browser end-to-end tests (node --test, headless Chromium)"
SEG_SITE_DIR="$PWD/build-web/site" node --test --test-concurrency=1 tests/e2e/
