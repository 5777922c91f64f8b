#!/usr/bin/env bash
# Builds gpcn_VERSION_ARCH.deb with dpkg-deb from scripts/install.sh's layout under /usr
# (docs/install.md, "Debian package"):
#
#   scripts/package-deb.sh [--binary FILE] [--out DIR] [--allow-unpackaged-libs]
#
# --binary FILE             package this gpcn (default: the release build of scripts/release.sh,
#                           Swift runtime linked in statically)
# --out DIR                 where the .deb goes (default: the current folder)
# --allow-unpackaged-libs   package a binary that needs shared libraries no Debian package
#                           provides (a debug build needs the Swift runtime under /opt/swift):
#                           they are listed in the Description instead of Depends. Without it
#                           such a binary is refused.
#
# Depends is read from the binary, not guessed (scripts/deb-depends.sh): dpkg-shlibdeps for
# the versioned symbols it uses, plus its version needs without a symbol, e.g. libc6 (>= 2.36).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

binary=${GPCN_BINARY:-}
out=$PWD
allow_unpackaged=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=${2:?--binary needs a file}; shift 2 ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --allow-unpackaged-libs) allow_unpackaged=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "package-deb.sh: unknown argument $1 (see --help)" >&2; exit 1 ;;
  esac
done
die() { echo "package-deb.sh: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps readelf; do   # the last two for scripts/deb-depends.sh
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install dpkg-dev binutils)"
done

if [ -z "$binary" ]; then
  scratch=${GPCN_RELEASE_SCRATCH:-.build-static}
  "$ROOT/scripts/release.sh" --product gpcn
  binary="$ROOT/$scratch/release/gpcn"
fi
case "$binary" in /*) ;; *) binary="$PWD/$binary" ;; esac
[ -x "$binary" ] || die "no executable at $binary"

work=$(mktemp -d "${TMPDIR:-/tmp}/gpcn-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage="$work/stage"
DESTDIR="$stage" "$ROOT/scripts/install.sh" --prefix /usr --binary "$binary" >/dev/null
bin="$stage/usr/bin/gpcn"

version=$("$bin" --version)
version=${version##* }
arch=$(dpkg --print-architecture)

# Depends, read from the binary (scripts/deb-depends.sh).
flags=()
if [ "$allow_unpackaged" = 1 ]; then flags=(--allow-unpackaged-libs); fi
computed=$("$ROOT/scripts/deb-depends.sh" "${flags[@]}" "$bin") || exit 1
depends=$(sed -n 's/^Depends: //p' <<<"$computed")
unpackaged=$(sed -n 's/^Unpackaged: //p' <<<"$computed")

description="Provision GPCN cloud virtual machines from the terminal
 gpcn is a console for the GPCN cloud API: a create wizard and a live jobs
 dashboard in the terminal, a scriptable command line, and a built-in
 simulator of the API (gpcn --demo, gpcn simulate)."
if [ -n "$unpackaged" ]; then
  description+="
 .
$(echo "This build needs shared libraries that no Debian package provides, from $unpackaged" | fold -s -w 72 | sed 's/^/ /; s/ *$//')"
fi

mkdir -p "$stage/DEBIAN"
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<EOF
Package: gpcn
Version: $version
Architecture: $arch
Maintainer: gpcn authors <gpcn@localhost>
Installed-Size: $installed_size
Depends: $depends
Section: admin
Priority: optional
Description: $description
EOF
# Conffiles: none (themes are read-only defaults; users override in ~/.config/gpcn/themes).
find "$stage" -type d -exec chmod 755 {} +
mkdir -p "$out"
deb="$out/gpcn_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "built $deb (Depends: $depends)"
