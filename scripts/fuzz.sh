#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS (default 60) on a
# scratch copy of its seed corpus in tests/fuzz/corpus/<name>. A crash fails the run and leaves the
# input in build-fuzz/artifacts/ — turn it into a test in tests/unit/test_regressions.cpp.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: csv model pipeline project)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(csv model pipeline project)
launcher=()  # ccache where installed (see scripts/build.sh)
command -v ccache >/dev/null 2>&1 && { export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1; launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); }
CXX=clang++ CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DSEG_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${TARGETS[@]}")
mkdir -p build-fuzz/artifacts
for t in "${TARGETS[@]}"; do
  work=$(mktemp -d)
  cp -r tests/fuzz/corpus/"$t"/. "$work"/
  echo "== fuzz_$t for ${SECONDS_PER_TARGET}s"
  if ! ./build-fuzz/fuzz_"$t" "$work" -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=20 \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=build-fuzz/artifacts/"$t"- 2> build-fuzz/fuzz_"$t".log; then
    tail -n 60 build-fuzz/fuzz_"$t".log >&2
    echo "fuzz_$t found a crash: see build-fuzz/artifacts/ and build-fuzz/fuzz_$t.log" >&2
    rm -rf "$work"
    exit 1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" build-fuzz/fuzz_"$t".log | tr '\n' ' '
  echo
  rm -rf "$work"
done
