#!/usr/bin/env bash
# Installs what Segmenter needs from Debian's packages (and npm for the browser tests), only what
# is missing. Runs as root or through sudo. Usage: scripts/install_deps.sh [native|web|test]...
set -euo pipefail
cd "$(dirname "$0")/.."

want_native=0 want_web=0 want_test=0
[ $# -eq 0 ] && set -- native web test
for arg in "$@"; do
  case "$arg" in
    native) want_native=1 ;;
    web) want_web=1 ;;
    test) want_test=1 ;;
    *) echo "install_deps: unknown part '$arg' (native, web, test)" >&2; exit 2 ;;
  esac
done

pkgs=()
# Excel workbooks: zlib (deflate) and pugixml (XML). The browser build compiles the same upstream
# sources from Debian's source packages (scripts/fetch_debian_source.sh; the binary packages hold
# only headers and native libraries); see CMakeLists.txt.
[ $want_native = 1 ] && pkgs+=(cmake make g++ ccache libeigen3-dev nlohmann-json3-dev catch2 libfast-float-dev zlib1g-dev libpugixml-dev)
[ $want_web = 1 ] && pkgs+=(cmake make emscripten fonts-inter xz-utils libeigen3-dev nlohmann-json3-dev libfast-float-dev)
# python3-openpyxl writes the test workbooks at test time (tests/xlsx/make_workbooks.py).
[ $want_test = 1 ] && pkgs+=(chromium chromium-driver fonts-inter clang libclang-rt-14-dev sqlite3 postgresql python3-openpyxl)
# Node.js and npm: Debian's, unless some node is already on the PATH.
if [ $want_web = 1 ] || [ $want_test = 1 ]; then
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    [[ " ${missing[*]-} " == *" $p "* ]] || missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install_deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "install_deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if [ $want_test = 1 ] && [ -f tests/e2e/package.json ]; then
  if [ ! -d tests/e2e/node_modules/playwright-core ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
    echo "install_deps: npm ci in tests/e2e" >&2
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi
# DuckDB for tests/sql/sql_test.sh: @duckdb/node-api, whose engine binary ships inside the npm
# package (@duckdb/node-bindings-linux-x64); nothing is downloaded at test time.
if [ $want_test = 1 ] && [ -f tests/sql/package.json ]; then
  if [ ! -d tests/sql/node_modules/@duckdb/node-api ] || [ tests/sql/package-lock.json -nt tests/sql/node_modules ]; then
    echo "install_deps: npm ci in tests/sql" >&2
    (cd tests/sql && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi
