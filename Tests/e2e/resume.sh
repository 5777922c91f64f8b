#!/usr/bin/env bash
# Issue 13 item 3, against the real binary and a separate `gpcn simulate` process: a batch of 14
# VMs (one create of 10, then four one-VM creates) is killed (-9) between two creates; `gpcn jobs`
# says which VMs were never sent, the dashboard shows them as queued rows and sends them only
# after S and a deliberate y (n sends nothing); the simulator's own record shows every VM of the
# batch created exactly once.
source "$(dirname "$0")/lib.sh"
need_bin
isolated_env
sim rs --api-key "$KEY" --speed 5 --fail-rate 0 --seed 5 --latency-ms 400 || abort "simulator did not start"
API="$(api_env "$PORT_rs")"
J="$E2E_TMP/state/gpcn/journal.jsonl"
creates() { curl -s "127.0.0.1:$PORT_rs/_simulator/creates"; }
ncreates() { creates | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# 1. The batch, killed after its second create was answered (the third not sent yet).
env $API "$BIN" create --datacenter chicago --image 24.04 --size g-small-1 --name big --count 14 --yes \
  </dev/null >"$E2E_TMP/create.out" 2>"$E2E_TMP/create.err" &
pid=$!
for _ in $(seq 150); do [ "$(ncreates)" -ge 2 ] && break; sleep 0.1; done
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
sent=$(ncreates)
[ "$sent" -ge 2 ] && [ "$sent" -lt 5 ] && ok "killed between creates: $sent of 5 creates reached the server" \
  || bad "kill timing: $sent creates reached the server"
grep -q '"type":"batch"' "$J" && ok "the journal has the batch line (every create's names)" || bad "no batch line in the journal"

# 2. Without a terminal: gpcn jobs says what was never sent, and sends nothing.
sleep 1
out=$(env $API "$BIN" jobs </dev/null 2>&1)
echo "$out" | grep -q "never sent (big-" && ok "gpcn jobs (no terminal) names the VMs never sent" \
  || bad "gpcn jobs did not name the unsent VMs: $out"
[ "$(ncreates)" = "$sent" ] && ok "gpcn jobs without a terminal sent nothing" || bad "gpcn jobs sent a create by itself"
json=$(env $API "$BIN" jobs --output json </dev/null 2>/dev/null)
echo "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin); u = d.get("unsent") or []
sys.exit(0 if len(u) == 1 and u[0]["names"] and all(n.startswith("big-") for n in u[0]["names"]) and not u[0]["stillSending"] else 1)' \
  && ok "gpcn jobs --output json lists the never-sent VMs (unsent[])" || bad "no unsent[] in the JSON: $json"

# 3. The dashboard: queued rows, S asks, n sends nothing, S + y sends the rest.
BIN_ARGS="$BIN jobs"
start 120 40 "$API"
waitfor "were never sent" 15 && ok "dashboard: the status line says VMs were never sent" || bad "dashboard: no unsent line"
waitfor "not sent" 5 && cap | grep -q "big-14" && ok "dashboard: unsent VMs shown as rows (not sent)" || bad "dashboard: no rows for the unsent VMs"
sleep 1.5
[ "$(ncreates)" = "$sent" ] && ok "dashboard: nothing sent before the operator asks" || bad "dashboard sent by itself"
keys S
waitfor "Send the rest of the batch?" 5 && ok "S asks before sending" || bad "S did not ask"
deliberate n
waitgone "Send the rest of the batch?" 5
sleep 1
[ "$(ncreates)" = "$sent" ] && ok "n sends nothing" || bad "n sent something"
keys S
waitfor "Send the rest of the batch?" 5 || bad "S did not ask again"
deliberate y
for _ in $(seq 150); do
  done_=$(creates | python3 -c 'import json,sys; c=json.load(sys.stdin); print(sum(len(x["vmNames"]) for x in c if x["accepted"]))')
  [ "$done_" -ge 14 ] && break; sleep 0.2
done
verdict=$(creates | python3 -c '
import json, sys, collections
c = json.load(sys.stdin)
names = collections.Counter(v for x in c if x["accepted"] for v in x["vmNames"])
want = {"big-%d" % i for i in range(1, 15)}
print("ok" if set(names) == want and all(n == 1 for n in names.values()) else "bad %s" % dict(names))')
[ "$verdict" = ok ] && ok "the simulator created big-1 … big-14 exactly once each" || bad "simulator record: $verdict"
waitgone "were never sent" 10 && ok "dashboard: nothing left unsent" || bad "dashboard still shows unsent VMs"
keys q
waitfor "EXIT=" 10 || bad "q did not leave"
stop_tmux
grep -q '"outcome":"sent"' "$J" && ok "the journal ends the batch as sent" || bad "no batchEnded sent in the journal"
out=$(env $API "$BIN" jobs --all </dev/null 2>&1)
echo "$out" | grep -q "never sent" && bad "gpcn jobs still offers the batch: $out" || ok "gpcn jobs offers nothing more"

# 4. The line front ends' way: gpcn jobs --send-unsent (a second batch, killed the same way).
env $API "$BIN" create --datacenter chicago --image 24.04 --size g-small-1 --name two --count 13 --yes \
  </dev/null >/dev/null 2>&1 &
pid=$!
for _ in $(seq 150); do [ "$(creates | grep -o '"name":"two' | wc -l)" -ge 2 ] && break; sleep 0.1; done
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
sleep 1
before=$(ncreates)
two=$(creates | grep -o '"name":"two' | wc -l)
[ "$two" -ge 2 ] && [ "$two" -lt 4 ] && ok "second batch killed between creates ($two of 4 sent)" || bad "second kill timing: $two of 4"
env $API "$BIN" jobs --send-unsent </dev/null >"$E2E_TMP/su.out" 2>"$E2E_TMP/su.err"
check_exit 1 "--send-unsent without a terminal and without --yes: exit 1"
grep -q "add --yes" "$E2E_TMP/su.err" && [ "$(ncreates)" = "$before" ] && ok "... says to add --yes and sends nothing" \
  || bad "--send-unsent without --yes: $(cat "$E2E_TMP/su.err")"
env $API "$BIN" jobs --send-unsent --yes </dev/null >"$E2E_TMP/su.out" 2>"$E2E_TMP/su.err"
check_exit 0 "--send-unsent --yes: exit 0"
verdict=$(creates | python3 -c '
import json, sys, collections
c = json.load(sys.stdin)
names = collections.Counter(v for x in c if x["accepted"] for v in x["vmNames"] if v.startswith("two-"))
want = {"two-%d" % i for i in range(1, 14)}
print("ok" if set(names) == want and all(n == 1 for n in names.values()) else "bad %s" % dict(names))')
[ "$verdict" = ok ] && ok "--send-unsent: two-1 … two-13 created exactly once each" || bad "--send-unsent record: $verdict"
env $API "$BIN" jobs --send-unsent --yes </dev/null >"$E2E_TMP/su.out" 2>&1
grep -q "Nothing left unsent" "$E2E_TMP/su.out" && ok "--send-unsent again: nothing left" || bad "--send-unsent again: $(cat "$E2E_TMP/su.out")"
finish
