#!/usr/bin/env bash
# Installs gpcn under a prefix (docs/install.md):
#   PREFIX/bin/gpcn                                  the release binary of scripts/release.sh, stripped
#   PREFIX/share/gpcn/themes/*.toml                  the themes (found as ../share/gpcn/themes from the binary)
#   PREFIX/share/man/man1/gpcn.1                     generated from the command definitions
#   PREFIX/share/bash-completion/completions/gpcn    completions, from gpcn --generate-completion-script
#   PREFIX/share/zsh/site-functions/_gpcn
#   PREFIX/share/fish/vendor_completions.d/gpcn.fish
#   PREFIX/share/gpcn/install-manifest               what was installed and which folders were made
#
#   scripts/install.sh [--prefix DIR] [--binary FILE] [--uninstall]
#
# --prefix DIR    where to install (default /usr/local)
# --binary FILE   install this gpcn instead of building the release one (GPCN_BINARY= too), e.g.
#                 the debug build for a test
# --uninstall     remove exactly what the manifest lists, then the folders the install made if
#                 they are empty: the prefix is left as it was
# DESTDIR=/stage  stage the files under DESTDIR (packaging: scripts/package-deb.sh); no manifest
#
# The man page is rendered by swift-argument-parser's generate-manual tool (the one its
# generate-manual plugin runs) from the binary's --experimental-dump-help; the tool is built
# once into .build-tools/ (GPCN_GENERATE_MANUAL=/path/to/generate-manual skips that).
# A file the install would overwrite that an earlier install did not write is refused, so an
# uninstall never removes or loses something that was there before.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

prefix=/usr/local
binary=${GPCN_BINARY:-}
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --binary) binary=${2:?--binary needs a file}; shift 2 ;;
    --binary=*) binary=${1#--binary=}; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 1 ;;
  esac
done
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
prefix=${prefix%/}
DESTDIR=${DESTDIR:-}
dest="$DESTDIR$prefix"
manifest="$dest/share/gpcn/install-manifest"

say() { echo "install.sh: $*"; }
die() { echo "install.sh: $*" >&2; exit 1; }

# --- Uninstall: the manifest's files, then the folders it made (deepest first) when empty ----
if [ "$uninstall" = 1 ]; then
  [ -z "$DESTDIR" ] || die "--uninstall does not take DESTDIR"
  [ -f "$manifest" ] || die "no $manifest: nothing was installed under $prefix by this script"
  files=0
  while read -r kind path; do
    if [ "$kind" = file ]; then rm -f -- "$path"; files=$((files+1)); fi
  done <"$manifest"
  dirs=$(grep '^dir ' "$manifest" | cut -d' ' -f2- | sort -r)
  rm -f -- "$manifest"
  # Deepest first (reverse sort puts a folder after everything inside it).
  while IFS= read -r d; do
    [ -n "$d" ] && rmdir -- "$d" 2>/dev/null || true
  done <<<"$dirs"
  say "removed $files files from $prefix"
  exit 0
fi

# --- The binary --------------------------------------------------------------------------------
if [ -z "$binary" ]; then
  scratch=${GPCN_RELEASE_SCRATCH:-.build-static}
  "$ROOT/scripts/release.sh" --product gpcn
  binary="$ROOT/$scratch/release/gpcn"
fi
[ -x "$binary" ] || die "no executable at $binary"
"$binary" --version >/dev/null || die "$binary --version failed: is it gpcn?"

# --- The man page tool ---------------------------------------------------------------------------
generate_manual=${GPCN_GENERATE_MANUAL:-}
if [ -z "$generate_manual" ]; then
  tools="$ROOT/.build-tools"
  if [ ! -x "$tools/debug/generate-manual" ]; then
    say "building swift-argument-parser's generate-manual into $tools"
    # The argument-parser version Package.swift resolves to, from the local checkout SwiftPM keeps.
    (cd "$ROOT" && swift package --scratch-path "$tools/resolve" resolve >/dev/null)
    swift build --package-path "$tools/resolve/checkouts/swift-argument-parser" --scratch-path "$tools" \
      --product generate-manual >/dev/null
  fi
  generate_manual="$tools/debug/generate-manual"
fi

# --- Install -----------------------------------------------------------------------------------
stage=$(mktemp -d "${TMPDIR:-/tmp}/gpcn-install.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/man"
"$generate_manual" "$binary" --output-directory "$stage/man" --section 1 \
  --authors "the gpcn authors" >/dev/null
[ -s "$stage/man/gpcn.1" ] || die "generate-manual wrote no gpcn.1"
# The commands' blank discussion lines come out as empty mdoc lines, which man warns about:
# make each a paragraph break.
sed -i 's/^$/.Pp/' "$stage/man/gpcn.1"
for shell in bash zsh fish; do
  "$binary" --generate-completion-script "$shell" >"$stage/completion.$shell"
done

# An earlier install under this prefix is removed first (its manifest says what it wrote).
if [ -z "$DESTDIR" ] && [ -f "$manifest" ]; then
  say "replacing the earlier install under $prefix"
  "$0" --prefix "$prefix" --uninstall >/dev/null
fi

entries=()
# mkdirs DIR: make DIR and its missing parents, recording each one made.
mkdirs() {
  local d=$1 missing=()
  while [ ! -d "$d" ]; do missing=("$d" "${missing[@]}"); d=$(dirname "$d"); done
  for d in "${missing[@]}"; do mkdir -- "$d"; entries+=("dir $d"); done
}
# What goes where: MODE, SOURCE and TARGET separated by tabs (paths may hold spaces), one per line.
T=$'\t'
plan="755$T$binary$T$dest/bin/gpcn"
for theme in "$ROOT"/themes/*.toml; do
  plan+=$'\n'"644$T$theme$T$dest/share/gpcn/themes/$(basename "$theme")"
done
plan+=$'\n'"644$T$stage/man/gpcn.1$T$dest/share/man/man1/gpcn.1"
plan+=$'\n'"644$T$stage/completion.bash$T$dest/share/bash-completion/completions/gpcn"
plan+=$'\n'"644$T$stage/completion.zsh$T$dest/share/zsh/site-functions/_gpcn"
plan+=$'\n'"644$T$stage/completion.fish$T$dest/share/fish/vendor_completions.d/gpcn.fish"
# Nothing is written until every target is known to be free: a file the install did not write
# is never overwritten (an uninstall could not bring it back).
while IFS=$T read -r mode src dst; do
  [ -e "$dst" ] && die "$dst exists and was not installed by this script: remove it or choose another --prefix"
done <<<"$plan"
while IFS=$T read -r mode src dst; do
  mkdirs "$(dirname "$dst")"
  install -m "$mode" -- "$src" "$dst"
  entries+=("file $dst")
done <<<"$plan"
strip --strip-unneeded "$dest/bin/gpcn" 2>/dev/null || strip "$dest/bin/gpcn"

if [ -z "$DESTDIR" ]; then
  mkdirs "$(dirname "$manifest")"
  printf '%s\n' "${entries[@]}" >"$manifest"
fi
say "installed gpcn $("$dest/bin/gpcn" --version) under $dest (${#entries[@]} entries)"
