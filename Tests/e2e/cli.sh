#!/usr/bin/env bash
# End-to-end checks of the built gpcn binary as a subprocess: bad input (one "gpcn: " line on
# stderr, nothing on stdout, the exit code of docs/product.md §2, never the key), the --demo commands,
# and the documented curl example (docs/api.md §2.7) against `gpcn simulate`.
#
#   swift build && bash Tests/e2e/cli.sh        (GPCN=/path/to/gpcn or BIN=… to test another binary)
#
# Needs python3 and curl. Binds 127.0.0.1 only; stops everything it started on exit.
BIN=${GPCN:-${BIN:-}}   # GPCN= names the binary too
source "$(dirname "$0")/lib.sh"
need_bin
TMP=$E2E_TMP

WRONG_KEY=gpcn_wrong_key_e2e_0123456789abcd

# run [VAR=value ...] -- ARGS...: gpcn with only PATH, a scratch HOME and the given variables
# (so a GPCN_API_KEY of the caller cannot leak in); sets RC, OUT, ERR.
run() {
    local vars=()
    while [ "$1" != "--" ]; do vars+=("$1"); shift; done
    shift
    env -i PATH="$PATH" HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" LANG=C.UTF-8 "${vars[@]}" \
        timeout 50 "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    RC=$?
    OUT=$(cat "$TMP/out")
    ERR=$(cat "$TMP/err")
}

# expect_error NAME RC REGEX [SECRET]: exactly one stderr line "gpcn: …" matching REGEX, empty
# stdout, exit code RC, and SECRET (a key) nowhere in the output.
expect_error() {
    local name=$1 rc=$2 regex=$3 secret=${4:-}
    local lines
    lines=$(printf '%s' "$ERR" | awk 'END { print NR }')
    if [ "$RC" -ne "$rc" ]; then bad "$name: exit $RC, want $rc (stderr: $ERR)"
    elif [ -n "$OUT" ]; then bad "$name: stdout not empty: $OUT"
    elif [ "$lines" -ne 1 ]; then bad "$name: $lines stderr lines, want 1: $ERR"
    elif [[ "$ERR" != "gpcn: "* ]]; then bad "$name: stderr does not start with 'gpcn: ': $ERR"
    elif ! printf '%s' "$ERR" | grep -Eq -- "$regex"; then bad "$name: stderr does not match /$regex/: $ERR"
    elif [ -n "$secret" ] && printf '%s%s' "$OUT" "$ERR" | grep -Fq -- "$secret"; then bad "$name: the key was printed"
    else ok "$name  ->  $ERR"
    fi
}

# expect_ok NAME: exit 0 and nothing on stderr.
expect_ok() {
    if [ "$RC" -ne 0 ]; then bad "$1: exit $RC: $ERR"; return 1; fi
    if [ -n "$ERR" ]; then bad "$1: stderr not empty: $ERR"; return 1; fi
    return 0
}

# json_id FILE FIELD VALUE [ID_FIELD]: the id of the item of a `--output json` list whose FIELD is VALUE.
json_id() {
    python3 - "$@" <<'PY'
import json, sys
path, field, value = sys.argv[1:4]
id_field = sys.argv[4] if len(sys.argv) > 4 else "id"
items = [i for i in json.load(open(path, encoding="utf-8")) if i.get(field) == value]
if len(items) != 1:
    sys.exit(f"{len(items)} items with {field} == {value!r}")
print(items[0][id_field])
PY
}

START=$(date +%s)

# --- A simulator in the background, on a free port -------------------------------------------
if sim main --seed 1 --fail-rate 0 --speed 30; then
    SIM=$URL_main
    ok "gpcn simulate --port 0 listens on $SIM"
else
    abort "gpcn simulate: no 'listening on' line: $(cat "$TMP/sim-main.out" "$TMP/sim-main.err")"
fi

# --- Demo and simulator commands that work ---------------------------------------------------
run -- --demo catalog data-centers
if expect_ok "--demo catalog data-centers"; then
    rows=$(printf '%s\n' "$OUT" | tail -n +2 | awk 'NF' | wc -l)
    missing=""
    for dc in Chicago Kansas "New York" Frankfurt "東京 Tokyo" "São Paulo" Zürich Kraków Montréal Bogotá; do
        printf '%s' "$OUT" | grep -Fq -- "$dc" || missing="$missing '$dc'"
    done
    if [ "$rows" -eq 10 ] && [ -z "$missing" ]; then ok "--demo catalog data-centers prints the ten data centers"
    else bad "--demo catalog data-centers: $rows rows, missing:$missing"$'\n'"$OUT"; fi
fi

run -- --demo catalog data-centers --output json
if expect_ok "--demo catalog data-centers --output json"; then
    if printf '%s' "$OUT" | python3 -c '
import json, sys
items = json.load(sys.stdin)
names = [i["name"] for i in items]
assert len(items) == 10 and "東京 Tokyo" in names, names
'; then ok "--output json parses: ten data centers, 東京 Tokyo among them"
    else bad "--output json: not the expected JSON"; fi
fi

run -- --demo auth check
if expect_ok "--demo auth check"; then
    if printf '%s' "$OUT" | grep -q '^API key accepted by http://127\.0\.0\.1:[0-9]*/v1' &&
       ! printf '%s' "$OUT" | grep -Fq -- "$KEY"; then ok "--demo auth check accepts the key without printing it"
    else bad "--demo auth check: $OUT"; fi
fi

run GPCN_HOST="$SIM" GPCN_API_KEY="$KEY" -- auth check
if expect_ok "auth check against gpcn simulate"; then
    if printf '%s' "$OUT" | grep -Fq "permissions: " && ! printf '%s' "$OUT" | grep -Fq -- "$KEY"; then
        ok "auth check against gpcn simulate (GPCN_HOST + GPCN_API_KEY)"
    else bad "auth check against gpcn simulate: $OUT"; fi
fi

run GPCN_API_KEY="$KEY" -- --host "$SIM" catalog networks --datacenter "東京 Tokyo"
if expect_ok "--host flag, networks of 東京 Tokyo"; then
    if printf '%s' "$OUT" | grep -q 'tokyo-web' && printf '%s' "$OUT" | grep -q 'tokyo-l2' &&
       ! printf '%s' "$OUT" | grep -q 'prod-web'; then ok "--host flag: networks filtered to 東京 Tokyo"
    else bad "--host flag, networks of 東京 Tokyo: $OUT"; fi
fi

# --- Usage errors (exit 1) ----------------------------------------------------------------
run -- --demo catalog images
expect_error "catalog images without --datacenter lists the data centers" 1 \
    'add --datacenter .*Chicago.*東京 Tokyo.*São Paulo'

run -- --demo catalog images --datacenter tokio
expect_error "catalog images --datacenter tokio suggests 東京 Tokyo" 1 "no data center 'tokio'.*東京 Tokyo"

run -- --demo catalog sizes --datacenter 'sao paolo'
expect_error "a misspelt data center with a diacritic suggests São Paulo" 1 "São Paulo"

run GPCN_API_KEY="$WRONG_KEY" GPCN_HOST='not a url' -- catalog data-centers
expect_error "GPCN_HOST='not a url'" 1 "GPCN_HOST 'not a url' is not a URL" "$WRONG_KEY"

run GPCN_API_KEY="$WRONG_KEY" GPCN_HOST='http://' -- auth check
expect_error "GPCN_HOST='http://'" 1 "GPCN_HOST 'http://' has no host name" "$WRONG_KEY"

run GPCN_API_KEY="$WRONG_KEY" GPCN_HOST='http://host:99999' -- auth check
expect_error "GPCN_HOST='http://host:99999'" 1 "bad port '99999'" "$WRONG_KEY"

run GPCN_API_KEY="$WRONG_KEY" -- --host 'ftp://api.gpcn.com' auth check
expect_error "--host ftp://… (flag, not the variable)" 1 "is not a URL" "$WRONG_KEY"

run GPCN_API_KEY="$KEY" GPCN_HOST="$SIM" GPCN_TIMEOUT=soon -- auth check
expect_error "GPCN_TIMEOUT=soon" 1 "GPCN_TIMEOUT 'soon' is not a number of seconds" "$KEY"

# --- Authentication and API errors (exit 2) ---------------------------------------------------
run GPCN_HOST="$SIM" -- auth check
expect_error "no GPCN_API_KEY" 2 "no API key: set GPCN_API_KEY"

run GPCN_HOST="$SIM" GPCN_API_KEY="$WRONG_KEY" -- auth check
expect_error "wrong key (auth check)" 2 'API key was refused \(401\): check GPCN_API_KEY' "$WRONG_KEY"

run GPCN_HOST="$SIM" GPCN_API_KEY="$WRONG_KEY" -- catalog ssh-keys
expect_error "wrong key (catalog ssh-keys)" 2 'refused \(401\).*GPCN_API_KEY' "$WRONG_KEY"

run GPCN_HOST="$SIM/api" GPCN_API_KEY="$KEY" -- catalog data-centers
expect_error "GPCN_HOST with a wrong path (404 Route Not Found)" 2 'does not know this route \(404\): check GPCN_HOST' "$KEY"

run GPCN_HOST=http://127.0.0.1:1 GPCN_API_KEY="$WRONG_KEY" -- auth check
expect_error "unreachable host http://127.0.0.1:1" 2 'cannot reach 127\.0\.0\.1:1: .*check GPCN_HOST' "$WRONG_KEY"

# A web server that is not the GPCN API: HTML for the auth check (200), HTML 404s elsewhere.
mkdir -p "$TMP/www/v1/auth"
printf '<!doctype html><html><head><title>Welcome</title></head><body>It works</body></html>\n' >"$TMP/www/v1/auth/check"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/www.out" 2>&1 &
bg_pid $!
if line=$(wait_line "$TMP/www.out" 'port [0-9]+'); then
    WWW=http://127.0.0.1:$(printf '%s' "$line" | sed -E 's/.*port ([0-9]+).*/\1/')
    run GPCN_HOST="$WWW" GPCN_API_KEY="$WRONG_KEY" -- auth check
    expect_error "non-JSON body (HTML with 200)" 2 'cannot read .*is GPCN_HOST a GPCN API' "$WRONG_KEY"
    run GPCN_HOST="$WWW" GPCN_API_KEY="$WRONG_KEY" -- catalog data-centers
    expect_error "non-JSON body (HTML 404)" 2 'cannot read \(a 404 page that is not JSON.*is GPCN_HOST a GPCN API' "$WRONG_KEY"
else
    bad "python3 http.server: did not start: $(cat "$TMP/www.out")"
fi

# A server that accepts connections and never answers.
python3 -u - >"$TMP/silent.out" 2>&1 <<'PY' &
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
print("port", s.getsockname()[1])
held = []
while True:
    held.append(s.accept()[0])
PY
bg_pid $!
if line=$(wait_line "$TMP/silent.out" 'port [0-9]+'); then
    SILENT=http://127.0.0.1:${line#port }
    t0=$(date +%s)
    run GPCN_HOST="$SILENT" GPCN_API_KEY="$WRONG_KEY" GPCN_TIMEOUT=1 -- auth check
    expect_error "timeout (server never answers, GPCN_TIMEOUT=1)" 2 'no answer from 127\.0\.0\.1:[0-9]+ within 1 s' "$WRONG_KEY"
    echo "     (took $(( $(date +%s) - t0 )) s with retries)"
else
    bad "silent server: did not start: $(cat "$TMP/silent.out")"
fi

# Something ArgumentParser rejects: no crash, nothing on stdout, non-zero.
run -- --demo catalog flavours
if [ "$RC" -ne 0 ] && [ "$RC" -lt 128 ] && [ -z "$OUT" ] && printf '%s' "$ERR" | grep -q "flavours"; then
    ok "unknown catalog kind is rejected (exit $RC)"
else bad "unknown catalog kind: exit $RC, stdout: $OUT, stderr: $ERR"; fi

# --- The documented curl example (docs/api.md §2.7) against gpcn simulate ---------------------------------------
catalog_json() {  # catalog_json FILE ARGS...: `gpcn catalog ARGS --output json` into FILE
    local file=$1; shift
    run GPCN_HOST="$SIM" GPCN_API_KEY="$KEY" -- catalog "$@" --output json
    if [ "$RC" -ne 0 ]; then bad "catalog $*: exit $RC: $ERR"; return 1; fi
    printf '%s' "$OUT" >"$file"
}
ids_ok=1
catalog_json "$TMP/dcs.json" data-centers &&
    DC_ID=$(json_id "$TMP/dcs.json" name Chicago) || ids_ok=0
catalog_json "$TMP/images.json" images --datacenter Chicago &&
    IMAGE_ID=$(json_id "$TMP/images.json" name "Ubuntu 24.04 LTS") || ids_ok=0
catalog_json "$TMP/sizes.json" sizes --datacenter Chicago &&
    SKU_ID=$(json_id "$TMP/sizes.json" name G-Micro-1 skuId) || ids_ok=0
catalog_json "$TMP/groups.json" resource-groups &&
    GROUP_ID=$(json_id "$TMP/groups.json" name Production) || ids_ok=0
catalog_json "$TMP/nets.json" networks --datacenter Chicago &&
    NET_ID=$(json_id "$TMP/nets.json" name prod-web) || ids_ok=0
catalog_json "$TMP/keys.json" ssh-keys &&
    SSH_KEY_ID=$(json_id "$TMP/keys.json" name ops-laptop) || ids_ok=0

# seed_body DATACENTER IMAGE SKU NAME GROUP NETWORK SSHKEY: the documented example's --data, verbatim but
# for the values.
seed_body() {
    cat <<EOF
{
"datacenterId": "$1",
"imageId": "$2",
"skuId": "$3",
"name": "$4",
"resourceGroupId": "$5",
"numberOfInstances": 1,
"allocatePublicIp": false,
"networkInterfaces": [
{
"networkId": "$6",
"primary": true
}
],
"authMethod": "ssh-key",
"sshKeyId": "$7",
"password": "",
"username": "myuser"
}
EOF
}

# seed_curl BODY: the documented curl command against the simulator; sets CODE, writes the body.
seed_curl() {
    CODE=$(curl -sS -o "$TMP/curl.out" -w '%{http_code}' "$SIM/v1/resource/virtual-machines" \
        --request POST \
        --header 'Content-Type: application/json' \
        --header "X-API-Key: $KEY" \
        --data "$1")
}

if [ "$ids_ok" -eq 1 ]; then
    ok "catalog ids for the seed example from gpcn catalog --output json"
    seed_curl "$(seed_body "$DC_ID" "$IMAGE_ID" "$SKU_ID" web-server "$GROUP_ID" "$NET_ID" "$SSH_KEY_ID")"
    if [ "$CODE" = 202 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
jobs = d["data"]["jobs"]
assert d["success"] is True and len(jobs) == 1, d
assert jobs[0]["jobId"] and jobs[0]["resourceName"] == "web-server" and jobs[0]["stage"] == "initializing", jobs
' "$TMP/curl.out"; then ok "seed curl example with catalog ids -> 202 with one job"
    else bad "seed curl example with catalog ids: HTTP $CODE: $(cat "$TMP/curl.out")"; fi
    echo "     datacenterId=$DC_ID imageId=$IMAGE_ID skuId=$SKU_ID"
    echo "     resourceGroupId=$GROUP_ID networkId=$NET_ID sshKeyId=$SSH_KEY_ID"
fi

seed_curl "$(seed_body "" "" "" "" "" "" "")"
if [ "$CODE" = 422 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
paths = [i["path"] for i in d["error"]["details"]["issues"]]
want = {"datacenterId", "imageId", "skuId", "name", "resourceGroupId", "networkInterfaces.0.networkId", "sshKeyId"}
assert set(paths) == want, paths
assert d["success"] is False and d["error"]["code"] == "Validation Error", d
assert d["message"].startswith("Invalid Parameters: datacenterId: "), d["message"]
' "$TMP/curl.out"; then ok "seed curl example as printed (empty strings) -> 422 listing the 7 bad fields"
else bad "seed curl example as printed: HTTP $CODE: $(cat "$TMP/curl.out")"; fi

# The simulator is still running and logged no error (it logs at info level on stderr).
if kill -0 "$SIM_PID_main" 2>/dev/null && ! grep -Eq ' (error|critical|warning) ' "$TMP/sim-main.err"; then
    ok "gpcn simulate still running, no errors logged"
else bad "gpcn simulate: died or logged an error: $(cat "$TMP/sim-main.err")"; fi

echo "took $(( $(date +%s) - START )) s"
finish
