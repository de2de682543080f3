#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds the browser app and serves it on
# http://127.0.0.1:8080 (loopback only). Ctrl+C stops it. PORT=9000 scripts/serve.sh for another port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh web
scripts/build.sh web
exec node scripts/serve.mjs build-web/site "${PORT:-8080}"
