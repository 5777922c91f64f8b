#!/usr/bin/env bash
# Load, end to end: `gpcn simulate --rate-limit 100` gets 50 creates of 10 VMs (curl, 50
# requests), then the real `gpcn jobs ID...` dashboard follows the 500 jobs in tmux to the end.
# The simulator's own stats must show no 429; the header's "updated N s ago" is sampled all
# along and must stay within one polling interval (the budget spreads 100 requests a minute
# over rounds of 10). Real time: about a minute and a half; GPCN_LOAD_SPEED=1 (3-minute jobs)
# is the long run. The in-process test (LoadTests) measures each job's staleness exactly.
#   BIN=.build/debug/gpcn bash Tests/e2e/load.sh
# Ends with "N passed, M failed"; exits non-zero when anything failed.
cd "$(dirname "$0")/../.." || exit 1
set -u
BIN=${BIN:-$PWD/.build/debug/gpcn}
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
SPEED=${GPCN_LOAD_SPEED:-3}
TMP=$(mktemp -d /tmp/gpcn-load.XXXXXX)
pass=0; fail=0; T=""; PIDS=()
ok()  { echo "ok   $*"; pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
cleanup() {
  [ -n "$T" ] && $T kill-server 2>/dev/null
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
[ -x "$BIN" ] || { echo "no binary at $BIN (swift build first)"; echo "0 passed, 1 failed"; exit 1; }

KEY=gpcn_load_e2e_key_000000000000
"$BIN" simulate --port 0 --api-key "$KEY" --rate-limit 100 --speed "$SPEED" --fail-rate 0.1 --seed 500 >"$TMP/sim.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q "listening on" "$TMP/sim.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$TMP/sim.out")
[ -n "$URL" ] && ok "simulator at 100 requests/min, speed $SPEED" || { bad "simulator did not start"; echo "$pass passed, $fail failed"; exit 1; }
stat() { curl -s "$URL/_simulator/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# 50 creates of 10 VMs with the create page's ids (the simulator's catalog), one request each.
for b in $(seq -w 1 50); do
  curl -s "$URL/v1/resource/virtual-machines" --request POST --header 'Content-Type: application/json' \
    --header "X-API-Key: $KEY" --data '{"datacenterId":"518e14bd-66d7-4f65-82ad-c22888272068","imageId":"483e165a-7692-48b1-8f32-b18886dd4a95","skuId":"ca0a2cd9-02cf-460a-81b8-93d0a807f093","name":"load'"$b"'","numberOfInstances":10,"allocatePublicIp":false,"authMethod":"ssh-key","sshKeyId":"5f98fe23-050c-48d6-8b10-54bfd2376f8c"}'
  echo
done >"$TMP/creates.jsonl"
python3 - "$TMP/creates.jsonl" >"$TMP/ids" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    if line.strip():
        for j in json.loads(line)["data"]["jobs"]:
            print(j["jobId"])
EOF
[ "$(grep -c . "$TMP/ids")" = 500 ] && ok "500 jobs created in 50 requests" || bad "created $(grep -c . "$TMP/ids") jobs: $(head -c 300 "$TMP/creates.jsonl")"

# The dashboard on all 500, sampled every half second until every job has ended.
T="tmux -L gpcn-load-$$ -f /dev/null"
# (500 ids are too long for a tmux command line: a small script holds them.)
{ echo "env LANG=C.UTF-8 XDG_STATE_HOME=$TMP/state GPCN_HOST=$URL GPCN_API_KEY=$KEY $BIN jobs $(tr '\n' ' ' <"$TMP/ids")"
  echo 'echo EXIT=$?; sleep 600'; } >"$TMP/run.sh"
$T new-session -d -s e2e -x 120 -y 40 "bash $TMP/run.sh"
$T set-option -t e2e status off >/dev/null
$T set-option -t e2e history-limit 5000 >/dev/null
cap() { $T capture-pane -p -t e2e; }
worst=0; samples=0; ended=0; unreadable=""
deadline=$(( $(date +%s) + 240 * 3 / SPEED + 60 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  screen=$(cap) || break
  if echo "$screen" | grep -q "all ended"; then ended=1; break; fi
  line=$(echo "$screen" | sed -n 2p)
  if echo "$line" | grep -q "updated"; then
    n=$(echo "$line" | sed -n 's/.*updated \([0-9]*\) s ago.*/\1/p')
    if [ -n "$n" ]; then samples=$((samples+1)); [ "$n" -gt "$worst" ] && worst=$n
    else unreadable="$line"; fi
  fi
  sleep 0.5
done
echo "    $(cap | sed -n 2,3p)"
[ $ended = 1 ] && ok "every one of the 500 jobs followed to its end" || bad "jobs did not end in time: $(cap | sed -n 2p)"
cap | sed -n 2p | grep -q "500 jobs" && ok "the header counts 500 jobs" || bad "header: $(cap | sed -n 2p)"
[ -z "$unreadable" ] && ok "the header's refresh age was readable in $samples samples" || bad "unreadable header: $unreadable"
[ "$worst" -le 20 ] && ok "data never older than one polling interval: at most $worst s (budget-spread interval <= 20 s)" \
  || bad "the header said updated $worst s ago"
$T send-keys -t e2e q
for _ in $(seq 100); do cap | grep -q "EXIT=" && break; sleep 0.1; done
cap | grep -qE "EXIT=(0|3)" && ok "q leaves ($(cap | grep -o 'EXIT=[0-9]*'))" || bad "exit: $(cap | grep EXIT)"

polls=$(stat '["jobPolls"]'); limited=$(stat '["rateLimited"]'); total=$(stat '["totalRequests"]')
echo "    requests: $total ($polls job polls), 429s: $limited"
[ "$limited" = 0 ] && ok "no 429 at the simulator ($total requests, $polls job polls)" || bad "$limited answers were 429"
[ "$polls" -ge 20 ] && ok "polled in rounds of 10 ($polls requests)" || bad "only $polls polls"

$T kill-server; T=""
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
