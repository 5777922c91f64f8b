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
# Depends is read from the binary, not guessed: dpkg-shlibdeps takes its NEEDED libraries
# (readelf -d), finds the package of each (dpkg -S) and the lowest version that has every
# versioned symbol the binary uses (the packages' symbols files), e.g. libc6 (>= 2.36).
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
for tool in dpkg-deb dpkg-shlibdeps readelf; do
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

# NEEDED libraries (readelf -d) that no package owns, e.g. the Swift runtime of a debug build
# under /opt/swift: refused, or (--allow-unpackaged-libs) named in the Description.
declare -A where
while read -r lib path; do where[$lib]=$path; done < <(ldd "$bin" | awk '/=>/ { print $1, ($3 ~ /^\//) ? $3 : "" }')
unpackaged=()
unpackaged_dirs=()
for lib in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  path=${where[$lib]:-}
  case "$lib" in ld-linux*) continue ;; esac   # the loader itself: part of libc6
  [ -n "$path" ] || die "$lib, needed by the binary, is not found on this machine"
  real=$(readlink -f "$path")
  if ! dpkg -S "$path" >/dev/null 2>&1 && ! dpkg -S "$real" >/dev/null 2>&1 \
     && ! dpkg -S "/usr$real" >/dev/null 2>&1 && ! dpkg -S "${real#/usr}" >/dev/null 2>&1; then
    unpackaged+=("$lib")
    unpackaged_dirs+=("$(dirname "$path")")
  fi
done
if [ ${#unpackaged[@]} -gt 0 ] && [ "$allow_unpackaged" = 0 ]; then
  die "the binary needs libraries no Debian package provides (${unpackaged[*]} in $(printf '%s\n' "${unpackaged_dirs[@]}" | sort -u | tr '\n' ' ')); package the release build (scripts/release.sh links the Swift runtime statically) or pass --allow-unpackaged-libs"
fi

# dpkg-shlibdeps wants a source tree's debian/control.
mkdir -p "$work/src/debian"
printf 'Source: gpcn\n\nPackage: gpcn\nArchitecture: any\n' >"$work/src/debian/control"
ignore=()
[ ${#unpackaged[@]} -gt 0 ] && ignore=(--ignore-missing-info)   # those libraries have no package to depend on
depends=$(cd "$work/src" && dpkg-shlibdeps -O "${ignore[@]}" -e"$bin" 2>"$work/shlibdeps.err" \
          | sed -n 's/^shlibs:Depends=//p') || { cat "$work/shlibdeps.err" >&2; die "dpkg-shlibdeps failed"; }
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies (is $binary a dynamic executable?)"

description="Provision GPCN cloud virtual machines from the terminal
 gpcn is a console for the GPCN cloud API: a create wizard and a live jobs
 dashboard in the terminal, a scriptable command line, and a built-in
 simulator of the API (gpcn --demo, gpcn simulate)."
if [ ${#unpackaged[@]} -gt 0 ]; then
  description+="
 .
$(echo "This build needs shared libraries that no Debian package provides, from $(printf '%s\n' "${unpackaged_dirs[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//'): ${unpackaged[*]}" | fold -s -w 72 | sed 's/^/ /; s/ *$//')"
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
