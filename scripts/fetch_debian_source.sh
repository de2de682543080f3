#!/usr/bin/env bash
# Fetches the upstream sources of a Debian *source* package (zlib, pugixml: the browser build
# compiles them with emcc because their binary packages ship only headers and native libraries)
# and unpacks them into DEST. The suite is this machine's Debian release (bookworm here), so the
# browser build compiles the same upstream version the native build links. Cached: a second run
# with DEST/MARKER present is a no-op. Never commit the unpacked code.
#   Usage: scripts/fetch_debian_source.sh SOURCE_PACKAGE DEST MARKER
#   e.g.   scripts/fetch_debian_source.sh zlib build-web/_deps/zlib zlib.h
set -euo pipefail
PKG=$1 DEST=$2 MARKER=$3
if [ -f "$DEST/$MARKER" ]; then exit 0; fi
CACHE=${SEGMENTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/segmenter}
mkdir -p "$CACHE/apt/lists/partial" "$CACHE/src"
SUITE=$( (. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}") || true)
SUITE=${SUITE:-bookworm}
TARBALL=$(ls "$CACHE"/src/${PKG}_*.orig.tar.* 2>/dev/null | head -n1 || true)
if [ -z "$TARBALL" ]; then
  echo "fetch_debian_source: downloading $PKG source from Debian ($SUITE main)" >&2
  LIST="$CACHE/apt/sources-$SUITE.list"
  # Reuse the Debian mirror this machine's apt already uses (first "debian" URI found).
  MIRROR=$(grep -hE '^[[:space:]]*(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
             /etc/apt/sources.list.d/*.list 2>/dev/null | grep -oE '(https?|file)://[^ ]*/debian/?' | head -n1 || true)
  [ -n "$MIRROR" ] || { echo "fetch_debian_source: no Debian mirror found in /etc/apt" >&2; exit 1; }
  echo "deb-src ${MIRROR%/} $SUITE main" > "$LIST"
  APT_OPTS=(-o "Dir::Etc::SourceList=$LIST" -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::State::Lists=$CACHE/apt/lists-$SUITE" -o "APT::Sandbox::User=root")
  mkdir -p "$CACHE/apt/lists-$SUITE/partial"
  apt-get "${APT_OPTS[@]}" -q update >&2
  (cd "$CACHE/src" && apt-get "${APT_OPTS[@]}" source --download-only "$PKG" >&2)
  TARBALL=$(ls "$CACHE"/src/${PKG}_*.orig.tar.* 2>/dev/null | head -n1 || true)
  [ -n "$TARBALL" ] || { echo "fetch_debian_source: no $PKG source tarball found" >&2; exit 1; }
fi
TMP=$(mktemp -d)
tar -xf "$TARBALL" -C "$TMP"
SRC=$(dirname "$(find "$TMP" -name "$(basename "$MARKER")" -path "*$MARKER" | sort | head -n1)")
SRC=${SRC%/$(dirname "$MARKER")}
mkdir -p "$DEST"
cp -r "$SRC"/. "$DEST"/
rm -rf "$TMP"
echo "fetch_debian_source: $PKG in $DEST" >&2
