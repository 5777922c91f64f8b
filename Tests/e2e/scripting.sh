#!/usr/bin/env bash
# End to end: gpcn as scripts use it, without a terminal. Two simulators on 127.0.0.1 (one
# whose jobs all fail, one whose jobs all succeed); their /_simulator/stats prove that
# nothing was sent when gpcn refused. Config files, presets, logs and completion too.
# Prints ok/FAIL lines and "N passed, M failed"; exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
TMP=$E2E_TMP

isolated_env
PW='Str0ng-Passw0rd!'

creates() { curl -s "$1/_simulator/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["createRequests"])'; }

need_bin
sim FAILING --api-key "$KEY" --speed 600 --fail-rate 1
sim GOOD --api-key "$KEY" --speed 600 --fail-rate 0
[ -n "$URL_FAILING" ] && [ -n "$URL_GOOD" ] && ok "two simulators on 127.0.0.1" || abort "simulators did not start"

on() { GPCN_HOST=$1 GPCN_API_KEY=$KEY "$BIN" "${@:2}"; }
CREATE=(create --datacenter chicago --image 'ubuntu 24' --size g-small-1)

# 1. --yes refuses bad input: exit 1, one line per bad field, nothing sent.
try_bad() {  # LABEL EXPECTED_LINES ARGS...
  local label=$1 lines=$2; shift 2
  on "$URL_GOOD" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; local code=$?
  local n; n=$(grep -c '^gpcn: --\|^gpcn: password' "$TMP/err")
  if [ "$code" = 1 ] && [ "$n" = "$lines" ] && [ ! -s "$TMP/out" ]; then ok "--yes $label: exit 1, $lines line(s)"
  else bad "--yes $label: exit $code, $n lines"; sed 's/^/    /' "$TMP/err"; fi
}
try_bad "unknown data center" 1 create --yes --datacenter chicgo --image 'ubuntu 24' --size g-small-1 --name a
grep -q "did you mean 'Chicago'" "$TMP/err" && ok "unknown name suggests the close match" || bad "no suggestion"
try_bad "ambiguous size" 1 "${CREATE[@]/g-small-1/small-1}" --name a --yes
grep -q "'G-Small-1'" "$TMP/err" && grep -q "'M-Small-1'" "$TMP/err" && ok "ambiguous name lists the matches" || bad "ambiguous matches"
try_bad "nothing given" 4 create --yes
try_bad "bad name and count" 2 "${CREATE[@]}" --name 'bad!' --count 251 --yes
try_bad "reserved username" 1 "${CREATE[@]}" --name a --username root --yes
try_bad "public IP on L2" 1 "${CREATE[@]}" --name a --network storage-l2 --public-ip --yes
printf 'weak\n' | on "$URL_GOOD" "${CREATE[@]}" --name a --auth password --password-stdin --yes >"$TMP/out" 2>"$TMP/err"
[ $? = 1 ] && [ "$(grep -c '^gpcn: password' "$TMP/err")" = 1 ] && ok "--yes weak password: exit 1, one line" || bad "weak password"
on "$URL_GOOD" "${CREATE[@]}" --name a </dev/null >"$TMP/out" 2>"$TMP/err"
# (no --yes, but no terminal either: the same as --yes; this one is valid and is sent)
[ $? = 0 ] && ok "no TTY without --yes submits without asking" || { bad "no TTY submit"; cat "$TMP/err"; }
[ "$(creates "$URL_GOOD")" = 1 ] && ok "refused requests sent nothing (1 create, the valid one)" || bad "create count $(creates "$URL_GOOD")"

# 2. --dry-run: the body as JSON (password masked), curl with the key from the environment, nothing sent.
printf '%s\n' "$PW" | on "$URL_GOOD" "${CREATE[@]}" --name dry --count 3 --auth password --password-stdin \
  --dry-run --output json >"$TMP/dry.json" 2>"$TMP/err"
check_exit 0 "--dry-run --output json exits 0"
python3 - "$TMP/dry.json" <<'EOF' && ok "--dry-run JSON parses; password masked; count 3" || bad "--dry-run JSON"
import json, sys
body = json.load(open(sys.argv[1]))
assert body["password"] == "********", body
assert body["numberOfInstances"] == 3 and body["name"] == "dry" and body["authMethod"] == "password"
assert "sshKeyId" not in body
EOF
printf '%s\n' "$PW" | on "$URL_GOOD" "${CREATE[@]}" --name dry --auth password --password-stdin --dry-run >"$TMP/dry.txt" 2>&1
grep -q '^curl .*X-API-Key: \$GPCN_API_KEY' "$TMP/dry.txt" && ok "--dry-run prints the curl command" || bad "curl line"
! grep -qF -- "$PW" "$TMP/dry.txt" "$TMP/dry.json" && ok "the password is never printed" || bad "password printed"
! grep -qF -- "$KEY" "$TMP/dry.txt" && ok "the API key is never printed" || bad "key printed"
[ "$(creates "$URL_GOOD")" = 1 ] && ok "--dry-run sent nothing" || bad "dry-run sent"

# 2b. Big batches, before anything is sent: --count 251 names the limit; a name the VM list already
#     has (the "a" created above) refuses --yes with exit 2 unless --allow-existing-names.
on "$URL_GOOD" "${CREATE[@]}" --name big --count 251 --yes >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 1 "--count 251 is refused (exit 1, the rules)"
grep -q '^gpcn: --count: Create 1-250 instances (now 251)$' "$TMP/err" && ok "… naming the limit 250" || bad "count 251: $(cat "$TMP/err")"
on "$URL_GOOD" "${CREATE[@]}" --name a --yes >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 2 "a name that already exists: --yes exits 2"
grep -q '^gpcn: a already exists .*nothing was sent.*--allow-existing-names' "$TMP/err" \
  && ok "… naming the VM and the flag" || bad "taken name: $(cat "$TMP/err")"
[ "$(creates "$URL_GOOD")" = 1 ] && ok "… and nothing was sent" || bad "taken name sent: $(creates "$URL_GOOD")"
on "$URL_GOOD" "${CREATE[@]}" --name a --dry-run >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 0 "--dry-run with a taken name exits 0"
grep -q '^gpcn: warning: a already exists: --yes would refuse' "$TMP/err" && ok "… and warns" || bad "dry-run warning: $(cat "$TMP/err")"
on "$URL_GOOD" "${CREATE[@]}" --name a --yes --allow-existing-names >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 0 "--allow-existing-names creates anyway"
grep -q '^gpcn: warning: a already exists; creating anyway' "$TMP/err" && ok "… with a warning" || bad "allow: $(cat "$TMP/err")"
[ "$(creates "$URL_GOOD")" = 2 ] && ok "… one create sent" || bad "allow creates: $(creates "$URL_GOOD")"

# 3. --wait --output json against failing jobs: exit 3, JSON on stdout only, no escapes in a pipe.
on "$URL_FAILING" "${CREATE[@]}" --name doomed --count 3 --yes --wait --output json 2>"$TMP/err" | cat >"$TMP/wait.json"
code=${PIPESTATUS[0]}
check "--wait with failed jobs exits 3" [ "$code" = 3 ]
python3 - "$TMP/wait.json" <<'EOF' && ok "--wait JSON parses: 3 jobs, all failed, exitCode 3" || bad "--wait JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
assert [j["state"] for j in doc["jobs"]] == ["failed"] * 3, doc
assert all(j["errorMessage"] for j in doc["jobs"]) and doc["exitCode"] == 3 and doc["finished"]
assert [j["name"] for j in doc["jobs"]] == ["doomed-1", "doomed-2", "doomed-3"]
EOF
! grep -q $'\x1b' "$TMP/wait.json" "$TMP/err" && ok "a pipe gets no escape sequences" || bad "escape sequences in a pipe"
[ "$(grep -c ' failed: ' "$TMP/err")" = 3 ] && ok "one stderr line per job end" || bad "progress lines"; sed 's/^/    /' "$TMP/err" | head -8
on "$URL_GOOD" "${CREATE[@]}" --name fine --count 2 --yes --wait >"$TMP/wait.txt" 2>"$TMP/err"
check_exit 0 "--wait with good jobs exits 0"
head -1 "$TMP/wait.txt" | grep -q '^NAME  *JOB  *STATE' && [ "$(grep -c succeeded "$TMP/wait.txt")" = 2 ] \
  && ok "--output text is a table of the jobs" || bad "text table"
python3 - "$XDG_STATE_HOME/gpcn/journal.jsonl" "$PW" <<'EOF' && ok "journal has the submissions and the ends, no password" || bad "journal"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert sum(1 for l in lines if l["type"] == "submission") == 4, lines  # a, a again (2b), doomed, fine
assert sum(1 for l in lines if l["type"] == "jobEnded") == 5, lines
assert sys.argv[2] not in open(sys.argv[1]).read()
EOF
GPCN_DEMO_FAIL_RATE=0 GPCN_DEMO_SPEED=600 "$BIN" --demo "${CREATE[@]}" --name demo --count 3 --yes --wait --output json \
  2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["summary"]=={"succeeded":3}' \
  && ok "README example: --demo --yes --wait --output json" || bad "--demo json"

# 4. Configuration: profiles, precedence, 0600.
mkdir -p "$XDG_CONFIG_HOME/gpcn"
CFG=$XDG_CONFIG_HOME/gpcn/config.toml
cat >"$CFG" <<EOF
default_profile = "good"
[profiles.good]
host = "$URL_GOOD"
api_key = "$KEY"
datacenter = "Chicago"
ssh_key = "ci-deploy"
[profiles.failing]
host = "$URL_FAILING"
api_key_file = "failing.key"
EOF
printf '%s\n' "$KEY" >"$XDG_CONFIG_HOME/gpcn/failing.key"
chmod 644 "$CFG"
"$BIN" catalog data-centers >"$TMP/out" 2>"$TMP/err"
[ $? = 1 ] && grep -q "chmod 600 $CFG" "$TMP/err" && ok "config with a key at 0644 refused with the chmod fix" || bad "0644 refusal"
! grep -qF -- "$KEY" "$TMP/err" && ok "the refusal does not print the key" || bad "refusal leaks key"
chmod 600 "$CFG"
"$BIN" catalog data-centers >"$TMP/out" 2>"$TMP/err" && grep -q Chicago "$TMP/out" \
  && ok "default_profile: host and key from the file" || { bad "profile use"; cat "$TMP/err"; }
"$BIN" --profile failing catalog data-centers >/dev/null 2>"$TMP/err"
[ $? = 1 ] && grep -q "chmod 600" "$TMP/err" && ok "api_key_file at 0644 refused too" || bad "key file refusal"
chmod 600 "$XDG_CONFIG_HOME/gpcn/failing.key"
"$BIN" config show --profile failing >"$TMP/show" 2>&1
grep -q "host .*$URL_FAILING .*profile failing" "$TMP/show" && grep -q "api key .*set (not shown) .*api_key_file" "$TMP/show" \
  && ok "--profile selects; config show says where values come from" || { bad "config show"; cat "$TMP/show"; }
! grep -qF -- "$KEY" "$TMP/show" && ok "config show never prints the key" || bad "config show leaks key"
GPCN_PROFILE=failing "$BIN" config show | grep -q "profile .*failing" && ok "GPCN_PROFILE selects" || bad "GPCN_PROFILE"
GPCN_HOST=http://127.0.0.1:9 "$BIN" config show | grep -q "host .*127.0.0.1:9 .*GPCN_HOST" \
  && ok "environment beats the profile" || bad "env precedence"
GPCN_HOST=http://127.0.0.1:9 "$BIN" --host http://127.0.0.1:8 config show | grep -q "host .*127.0.0.1:8 .*--host" \
  && ok "flags beat the environment" || bad "flag precedence"
"$BIN" --profile nope config show >/dev/null 2>"$TMP/err"
[ $? = 1 ] && grep -q "profiles: failing, good" "$TMP/err" && ok "unknown profile lists the known ones" || bad "unknown profile"
"$BIN" create --image 'ubuntu 24' --size g-small-1 --name prof --dry-run --output json </dev/null 2>"$TMP/err" \
  | python3 -c 'import json,sys; b=json.load(sys.stdin); assert b["sshKeyId"]=="d38b7233-ffa4-421c-aa40-a65cde63afc2", b' \
  && ok "profile create defaults (datacenter, ssh_key) fill the request" || { bad "profile defaults"; cat "$TMP/err"; }

# config init: hidden key from stdin, a 0600 file that works.
INIT=$TMP/init/config.toml
printf '%s\n' "$KEY" | GPCN_CONFIG=$INIT "$BIN" config init --api-key-stdin --profile sim --host "$URL_GOOD" 2>"$TMP/err"
[ "$(stat -c %a "$INIT" 2>/dev/null)" = 600 ] && ok "config init writes a 0600 file" || bad "config init mode"
grep -q '^# ' "$INIT" && ok "the starter file is commented" || bad "starter comments"
GPCN_CONFIG=$INIT "$BIN" catalog ssh-keys 2>&1 | grep -q ops-laptop && ok "the starter file works as written" || bad "starter usable"
GPCN_CONFIG=$INIT "$BIN" config init </dev/null >/dev/null 2>&1; check_exit 1 "config init never overwrites without --force"
rm -f "$CFG"

# 5. Presets: save from flags, load with overrides, the same body.
on "$URL_GOOD" "${CREATE[@]}" --name preset --network prod-web --network 'prod-db,primary' --public-ip \
  --save-preset "$TMP/web.toml" --dry-run --output json >"$TMP/a.json" 2>/dev/null
grep -q '^networks = \["prod-web", "prod-db,primary"\]' "$TMP/web.toml" && ok "--save-preset writes TOML with names" || bad "preset text"
on "$URL_GOOD" create --from "$TMP/web.toml" --dry-run --output json >"$TMP/b.json" 2>"$TMP/err"
cmp -s "$TMP/a.json" "$TMP/b.json" && ok "preset -> --from gives the identical body" || { bad "preset round trip"; cat "$TMP/err"; }
on "$URL_GOOD" create --from "$TMP/web.toml" --count 3 --no-public-ip --dry-run --output json 2>/dev/null \
  | python3 -c 'import json,sys; b=json.load(sys.stdin); assert b["numberOfInstances"]==3 and "allocatePublicIp" not in b, b' \
  && ok "flags override the preset (--count 3 --no-public-ip)" || bad "preset override"
printf 'password = "x"\n' >"$TMP/bad.toml"
on "$URL_GOOD" create --from "$TMP/bad.toml" --yes >/dev/null 2>"$TMP/err"; [ $? = 1 ] && grep -q "never holds a password" "$TMP/err" \
  && ok "a preset holding a password is refused" || bad "preset password"

# 6. Logs: HTTP traces, never the key or the password.
printf '%s\n' "$PW" | on "$URL_GOOD" "${CREATE[@]}" --name logged --auth password --password-stdin --yes \
  --log-file "$TMP/gpcn.log" --debug >/dev/null 2>&1
grep -q 'method=POST.*path=/resource/virtual-machines.*status=202' "$TMP/gpcn.log" && grep -q 'request_id=' "$TMP/gpcn.log" \
  && ok "--debug logs HTTP traces with request ids" || bad "debug traces"
! grep -qF -e "$KEY" -e "$PW" "$TMP/gpcn.log" && ok "the log holds neither the key nor the password" || bad "secret in log"
[ "$(stat -c %a "$TMP/gpcn.log")" = 600 ] && ok "the log file is 0600" || bad "log mode"

# 7. Exit codes, help, version, completion.
"$BIN" create --count x >/dev/null 2>&1; check_exit 1 "unreadable flag value exits 1"
"$BIN" catalog data-centers >/dev/null 2>&1; check_exit 2 "no API key exits 2"
GPCN_HOST=$URL_GOOD GPCN_API_KEY=wrong "$BIN" catalog data-centers >/dev/null 2>&1; check_exit 2 "a refused key exits 2"
"$BIN" --version | grep -qE '^[0-9]+\.[0-9]+' && ok "--version" || bad "--version"
for c in create catalog auth config simulate; do
  "$BIN" $c --help | grep -q "Example" || { bad "help of $c has no examples"; continue; }
  ok "help of $c has examples"
done
for sh in bash zsh fish; do
  "$BIN" --generate-completion-script $sh >"$TMP/comp.$sh" 2>&1 && grep -q -- "datacenter" "$TMP/comp.$sh" \
    && ok "completion script for $sh" || bad "completion $sh"
done
bash -n "$TMP/comp.bash" && ok "bash completion parses" || bad "bash completion syntax"

finish
