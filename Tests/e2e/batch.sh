#!/usr/bin/env bash
# End to end, issue 13's done-means for a big batch under a rate limit: `gpcn create … --count 25
# --yes --wait --output json` against `gpcn simulate --rate-limit 10 --rate-window 20` (30 requests
# a minute, in 20 s windows so the run stays short). The creates of the split batch, the job polls
# and the catalog and address look-ups all spend one request budget (docs/api.md §1.7), so the
# simulator answers no 429 — without it, they do: the creates alone go 0.6 s apart. The
# simulator's own record proves every VM was asked for exactly once.
# Prints ok/FAIL lines and "N passed, M failed"; exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
TMP=$E2E_TMP
isolated_env

need_bin
sim GATE --api-key "$KEY" --speed 60 --fail-rate 0 --rate-limit 10 --rate-window 20 || abort "simulator did not start"
ok "gpcn simulate limited to 10 requests per 20 s window"

started=$SECONDS
GPCN_HOST=$URL_GATE GPCN_API_KEY=$KEY "$BIN" create --datacenter chicago --image 'ubuntu 24' --size g-small-1 \
  --name gate --count 25 --yes --wait --output json >"$TMP/batch.json" 2>"$TMP/err" </dev/null
check_exit 0 "create --count 25 --yes --wait --output json exits 0"
echo "     (took $((SECONDS - started)) s)"

python3 - "$TMP/batch.json" <<'PY' && ok "the JSON follows 25 jobs named gate-1 … gate-25 to their end" \
  || bad "batch JSON: $(head -c 600 "$TMP/batch.json"; sed 's/^/    /' "$TMP/err" | tail -5)"
import json, sys
d = json.load(open(sys.argv[1]))
jobs = d["jobs"]
assert sorted(j["name"] for j in jobs) == sorted(f"gate-{i}" for i in range(1, 26)), [j["name"] for j in jobs]
assert all(j["state"] == "succeeded" for j in jobs), [j["state"] for j in jobs]
assert d["finished"] and d["exitCode"] == 0 and d["summary"] == {"succeeded": 25}, d["summary"]
PY

curl -s "$URL_GATE/_simulator/stats" >"$TMP/stats.json"
python3 - "$TMP/stats.json" <<'PY' && ok "the simulator answered no 429 (to more requests than two windows allow)" \
  || bad "simulator stats: $(cat "$TMP/stats.json")"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["rateLimited"] == 0 and "429" not in s["responsesByStatus"], s
# The limit mattered: the run needed three windows' worth of requests.
assert s["totalRequests"] > 2 * 10, s["totalRequests"]
PY
! grep -qi 'rate limited\|429' "$TMP/err" && ok "no rate-limit message on stderr" || bad "stderr: $(cat "$TMP/err")"

curl -s "$URL_GATE/_simulator/creates" >"$TMP/creates.json"
python3 - "$TMP/creates.json" <<'PY' && ok "the simulator's record: every VM named in exactly one accepted create" \
  || bad "the simulator's record of the creates (above)"
import json, sys
creates = json.load(open(sys.argv[1]))
assert all(c["accepted"] and c["answer"] == "202" for c in creates), [(c["name"], c["answer"]) for c in creates]
names = [n for c in creates for n in c["vmNames"]]
assert sorted(names) == sorted(f"gate-{i}" for i in range(1, 26)), names
print(f"     ({len(creates)} creates: {[c['count'] for c in creates]})")
PY

finish
