#!/usr/bin/env bash
# Smoke run of the benchmarks (issue 8): tiny sizes, the numbers mean nothing; it checks that
# gpcn-bench builds, runs against the real binary and produces every row of its table.
#   BIN=.build/debug/gpcn bash Tests/e2e/bench-smoke.sh
# Ends with "N passed, M failed"; exits non-zero when anything failed.
source "$(dirname "$0")/lib.sh"
BENCH=${BENCH:-$(dirname "$BIN")/gpcn-bench}
need_bin "$BENCH"

out=$(timeout 180 "$BENCH" --smoke --gpcn "$BIN" 2>&1); rc=$?
echo "$out" | sed 's/^/    /'
[ $rc -eq 0 ] && ok "gpcn-bench --smoke exits 0" || bad "gpcn-bench --smoke exited $rc"
for row in "start-up to data-center list" "start-up to first frame" "keystroke -> frame" \
           "dashboard frame" "cells redrawn per dashboard refresh" "bytes to the terminal per dashboard refresh" \
           "API requests per refresh, 10 " "API requests per refresh, 120 " "API requests per refresh, 500 " \
           "poll round" "idle CPU" "peak RSS" "simulator throughput" \
           "VM VPC batch: creates sent" "VM VPC batch: time to the last create" "VM VPC batch: 429 answers"; do
  line=$(echo "$out" | grep -F -- "$row" | grep -v '^- ' | head -1)
  if [ -n "$line" ] && ! echo "$line" | grep -q MISSING; then ok "row: $row"; else bad "row missing: $row"; fi
done
# The fleet rows (issue 13): three dashboard sizes and the largest/smallest frame ratio.
[ "$(echo "$out" | grep -cE '^dashboard frame, [0-9,]+ jobs \(view \+ diff\) ')" -eq 3 ] \
  && ok "rows: dashboard frame at three sizes" || bad "rows missing: dashboard frame at three sizes"
echo "$out" | grep -E '^dashboard frame, [0-9,]+ / [0-9,]+ jobs ' | grep -qv MISSING \
  && ok "row: dashboard frame ratio" || bad "row missing: dashboard frame ratio"
# The request counts are exact even in a smoke run: ceil(N/50) per refresh, N for the reference.
for n in 10:1 120:3 500:10; do
  echo "$out" | grep -E "API requests per refresh, ${n%%:*} active jobs +${n##*:} " | grep -q "per-job poller: ${n%%:*} " \
    && ok "requests for ${n%%:*} jobs: ${n##*:} (per-job: ${n%%:*})" || bad "request count for ${n%%:*} jobs"
done
finish
