#!/usr/bin/env bash
# The Debian Depends of an ELF binary, read from it (docs/install.md, "Debian package"):
#
#   scripts/deb-depends.sh [--allow-unpackaged-libs] BINARY
#
# prints `Depends: …` and, when some NEEDED libraries come from no Debian package (the Swift
# runtime of a debug build under /opt/swift), `Unpackaged: FOLDERS: LIBS` — only with
# --allow-unpackaged-libs; without it such a binary is refused (exit 1). scripts/package-deb.sh
# uses it; Tests/e2e/install.sh tries it on the gpcn binary and on a small C program.
set -euo pipefail
allow_unpackaged=0
if [ "${1:-}" = --allow-unpackaged-libs ]; then allow_unpackaged=1; shift; fi
bin=${1:?usage: deb-depends.sh [--allow-unpackaged-libs] BINARY}
die() { echo "deb-depends.sh: $*" >&2; exit 1; }
for tool in dpkg-shlibdeps readelf ldd; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install dpkg-dev binutils)"
done
[ -f "$bin" ] || die "no file $bin"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
arch=$(dpkg --print-architecture)
work=$(mktemp -d "${TMPDIR:-/tmp}/gpcn-depends.XXXXXX")
trap 'rm -rf "$work"' EXIT

# NEEDED libraries (readelf -d) that no package owns, e.g. the Swift runtime of a debug build
# under /opt/swift: refused, or (--allow-unpackaged-libs) printed as Unpackaged.
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
  die "the binary needs libraries no Debian package provides (${unpackaged[*]} in $(printf '%s\n' "${unpackaged_dirs[@]}" | sort -u | tr '\n' ' ')); package a release build (scripts/release.sh links the Swift runtime statically) or pass --allow-unpackaged-libs"
fi

# dpkg-shlibdeps wants a source tree's debian/control.
mkdir -p "$work/src/debian"
printf 'Source: gpcn\n\nPackage: gpcn\nArchitecture: any\n' >"$work/src/debian/control"
ignore=()
[ ${#unpackaged[@]} -gt 0 ] && ignore=(--ignore-missing-info)   # those libraries have no package to depend on
depends=$(cd "$work/src" && dpkg-shlibdeps -O "${ignore[@]}" -e"$bin" 2>"$work/shlibdeps.err" \
          | sed -n 's/^shlibs:Depends=//p') || { cat "$work/shlibdeps.err" >&2; die "dpkg-shlibdeps failed"; }
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies (is $binary a dynamic executable?)"

# dpkg-shlibdeps reads the versions of the symbols the binary uses, not its version needs
# without a symbol: the release build's packed relocations (-z pack-relative-relocs) need
# GLIBC_ABI_DT_RELR, i.e. glibc 2.36, yet it said libc6 (>= 2.35) (measured; docs/install.md).
# So every version the binary needs (readelf -V) is looked up as NAME@NAME in the symbols file
# of its library's package, and the package's minimum raised to it.
owner() {   # owner PATH: the package that ships it (merged /usr: tried both ways)
  local real; real=$(readlink -f "$1")
  for p in "$1" "$real" "/usr$real" "${real#/usr}"; do
    dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1 | cut -d, -f1 && return 0
  done
  return 1
}
raise() {   # raise PACKAGE VERSION: Depends with PACKAGE at least VERSION
  local pkg=$1 min=$2 out=() found=0 entry have
  IFS=',' read -ra entries <<<"$depends"
  for entry in "${entries[@]}"; do
    entry=$(echo "$entry" | sed 's/^ *//; s/ *$//')
    if [ "${entry%% *}" = "$pkg" ]; then
      found=1
      have=$(echo "$entry" | sed -n 's/.*(>= \(.*\))/\1/p')
      if [ -z "$have" ] || dpkg --compare-versions "$have" lt "$min"; then entry="$pkg (>= $min)"; fi
    fi
    out+=("$entry")
  done
  [ "$found" = 1 ] || out+=("$pkg (>= $min)")
  depends=$(printf '%s, ' "${out[@]}"); depends=${depends%, }
}
while read -r file name; do
  path=${where[$file]:-}
  [ -n "$path" ] || continue
  pkg=$(owner "$path") || continue
  symbols=
  for f in /var/lib/dpkg/info/"$pkg":"$arch".symbols /var/lib/dpkg/info/"$pkg".symbols; do
    if [ -f "$f" ]; then symbols=$f; break; fi
  done
  [ -n "$symbols" ] || continue
  min=$(awk -v n="$name@$name" '$1 == n { print $2; exit }' "$symbols")
  if [ -n "$min" ]; then raise "$pkg" "$min"; fi
done < <(readelf -V "$bin" | awk '
  /Version needs section/ { on = 1; next }
  /Version (definition|symbols) section/ { on = 0 }
  on && /File:/ { for (i = 1; i <= NF; i++) if ($i == "File:") file = $(i + 1) }
  on && /Name:/ { for (i = 1; i <= NF; i++) if ($i == "Name:") print file, $(i + 1) }')


echo "Depends: $depends"
if [ ${#unpackaged[@]} -gt 0 ]; then
  echo "Unpackaged: $(printf '%s\n' "${unpackaged_dirs[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//'): ${unpackaged[*]}"
fi
