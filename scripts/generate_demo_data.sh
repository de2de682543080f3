#!/usr/bin/env bash
# Regenerates assets/demo_customers.csv with the native CLI (`segmenter demo`).
# The file is committed; tests/unit/test_demo.cpp checks it equals the generator's output byte for
# byte, so run this script after changing src/core/demo/customers.cpp.
# Usage: scripts/generate_demo_data.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target segmenter -j "${JOBS:-$(nproc)}"
mkdir -p assets
"$BUILD_DIR"/segmenter demo --out assets/demo_customers.csv
echo "wrote assets/demo_customers.csv ($(wc -l < assets/demo_customers.csv) lines)"
