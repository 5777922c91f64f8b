#!/usr/bin/env bash
# Load, end to end: `gpcn simulate --rate-limit 100` gets 50 creates of 10 VMs (curl, 50
# requests), then the real `gpcn jobs ID...` dashboard follows the 500 jobs in tmux to the end.
# The simulator's own stats must show no 429; the header's "updated N s ago" is sampled all
# along and must stay within one polling interval (the budget spreads 100 requests a minute
# over rounds of 10). Real time: about a minute and a half; GPCN_LOAD_SPEED=1 (3-minute jobs)
# is the long run. The in-process test (LoadTests) measures each job's staleness exactly.
#   BIN=.build/debug/gpcn bash Tests/e2e/load.sh
# Ends with "N passed, M failed"; exits non-zero when anything failed.
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
SPEED=${GPCN_LOAD_SPEED:-3}
TMP=$E2E_TMP
need_bin

KEY=gpcn_load_e2e_key_000000000000
sim load --api-key "$KEY" --rate-limit 100 --speed "$SPEED" --fail-rate 0.1 --seed 500
URL=$URL_load
[ -n "$URL" ] && ok "simulator at 100 requests/min, speed $SPEED" || abort "simulator did not start"
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
# (500 ids are too long for a tmux command line: a small script holds them.)
{ echo "env LANG=C.UTF-8 XDG_STATE_HOME=$TMP/state GPCN_HOST=$URL GPCN_API_KEY=$KEY $BIN jobs $(tr '\n' ' ' <"$TMP/ids")"
  echo 'echo EXIT=$?; sleep 600'; } >"$TMP/run.sh"
tmux_new 120 40 "bash $TMP/run.sh"
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
keys q
waitfor "EXIT=" 10
cap | grep -qE "EXIT=(0|3)" && ok "q leaves ($(cap | grep -o 'EXIT=[0-9]*'))" || bad "exit: $(cap | grep EXIT)"

polls=$(stat '["jobPolls"]'); limited=$(stat '["rateLimited"]'); total=$(stat '["totalRequests"]')
echo "    requests: $total ($polls job polls), 429s: $limited"
[ "$limited" = 0 ] && ok "no 429 at the simulator ($total requests, $polls job polls)" || bad "$limited answers were 429"
[ "$polls" -ge 20 ] && ok "polled in rounds of 10 ($polls requests)" || bad "only $polls polls"

stop_tmux
finish
