#!/usr/bin/env bash
# Fetches the Dear ImGui 1.90.1 sources from Debian's *source* package (no binary package ships
# them) and unpacks them into DEST (default: build/_deps/imgui). Cached: a second run is a no-op.
# Never commit the unpacked code.
set -euo pipefail
DEST=${1:-build/_deps/imgui}
VERSION=1.90.1
if [ -f "$DEST/imgui.cpp" ] && grep -q "\"$VERSION\"" "$DEST/imgui.h" 2>/dev/null; then
  exit 0
fi
CACHE=${SEGMENTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/segmenter}
mkdir -p "$CACHE/apt/lists/partial" "$CACHE/src"
TARBALL=$(ls "$CACHE"/src/imgui_${VERSION}*.orig.tar.* 2>/dev/null | head -n1 || true)
if [ -z "$TARBALL" ]; then
  echo "fetch_imgui: downloading Dear ImGui $VERSION source from Debian (trixie main)" >&2
  LIST="$CACHE/apt/sources.list"
  # Reuse the Debian mirror this machine's apt already uses (first "debian" URI found).
  MIRROR=$(grep -hE '^[[:space:]]*(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
             /etc/apt/sources.list.d/*.list 2>/dev/null | grep -oE '(https?|file)://[^ ]*/debian/?' | head -n1 || true)
  [ -n "$MIRROR" ] || { echo "fetch_imgui: no Debian mirror found in /etc/apt" >&2; exit 1; }
  echo "deb-src ${MIRROR%/} trixie main" > "$LIST"
  APT_OPTS=(-o "Dir::Etc::SourceList=$LIST" -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::State::Lists=$CACHE/apt/lists" -o "APT::Sandbox::User=root")
  apt-get "${APT_OPTS[@]}" -q update >&2
  (cd "$CACHE/src" && apt-get "${APT_OPTS[@]}" source --download-only "imgui=${VERSION}+ds-1" >&2 \
     || apt-get "${APT_OPTS[@]}" source --download-only imgui >&2)
  TARBALL=$(ls "$CACHE"/src/imgui_${VERSION}*.orig.tar.* 2>/dev/null | head -n1 || true)
  [ -n "$TARBALL" ] || { echo "fetch_imgui: no imgui_${VERSION} source tarball found" >&2; exit 1; }
fi
TMP=$(mktemp -d)
tar -xf "$TARBALL" -C "$TMP"
SRC=$(dirname "$(find "$TMP" -name imgui.cpp -not -path '*/examples/*' | head -n1)")
mkdir -p "$DEST"
cp -r "$SRC"/. "$DEST"/
rm -rf "$TMP"
echo "fetch_imgui: Dear ImGui $VERSION in $DEST" >&2
