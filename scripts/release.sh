#!/usr/bin/env bash
# Builds the release gpcn (and gpcn-bench) the way docs/performance.md measures them, into
# .build-static/release/ (GPCN_RELEASE_SCRATCH overrides the directory; extra arguments go to
# swift build, e.g. --product gpcn):
#   --static-swift-stdlib          the Swift runtime and Foundation linked in: only the code gpcn
#                                  uses is mapped, not whole libswiftCore.so / libFoundation.so
#   -use-ld=lld (release-toolset.json) and -z pack-relative-relocs
#                                  relative relocations packed (DT_RELR): ~3 MB of .rela.dyn that
#                                  the loader reads at every start shrinks to ~25 kB; the binary
#                                  then needs glibc 2.36 or later
#   --no-export-dynamic            undoes the -export-dynamic of a static-stdlib link, so ~38,000
#                                  symbols are not put in the dynamic symbol table
# The plain `swift build -c release` works as before (and CI builds debug); this is what the
# memory and start-up figures are for. Elsewhere than Linux it is a plain release build.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${GPCN_RELEASE_SCRATCH:-.build-static}
if [ "$(uname -s)" != Linux ]; then
  swift build -c release --scratch-path "$scratch" "$@"
else
  swift build -c release --scratch-path "$scratch" --static-swift-stdlib \
    --toolset "$PWD/scripts/release-toolset.json" \
    -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic "$@"
fi
echo "built: $scratch/release/gpcn (benchmark: $scratch/release/gpcn-bench)"
