#!/usr/bin/env bash
# End to end: a finished batch read back from the journal as JSON and as inventories, against a
# server that gives addresses only on VM list items and …/network-interfaces
# (`gpcn simulate --dialect minimal`, docs/api.md §2.9), and the one --output of every command.
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
TMP=$E2E_TMP
isolated_env

need_bin
sim MIN --api-key "$KEY" --speed 600 --fail-rate 0 --dialect minimal || abort "simulator did not start"
ok "minimal simulator"
on() { GPCN_HOST=$URL_MIN GPCN_API_KEY=$KEY "$BIN" "$@"; }

# 1. A batch of three, created and followed to the end (journaled under XDG_STATE_HOME), and one more VM.
on create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --name web --count 3 --username deploy \
  --yes --wait --output json >"$TMP/create.json" 2>"$TMP/err" </dev/null
check_exit 0 "create --count 3 --yes --wait"
python3 - "$TMP/create.json" <<'PY' && ok "create --wait --output json: every job with its VM id and private address" || bad "create json: $(cat "$TMP/create.json" "$TMP/err")"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if len(d["jobs"]) == 3 and all(j["vmId"] and j["addresses"]["privateIp"] for j in d["jobs"]) else 1)
PY
on create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --name db --public-ip \
  --yes --wait >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 0 "create one VM with a public IP --yes --wait"

# 2. gpcn jobs --all --output json: every job, its state, stage, progress, VM id and addresses.
on jobs --all --output json >"$TMP/jobs.json" 2>"$TMP/err" </dev/null
check_exit 0 "jobs --all --output json exits 0"
python3 - "$TMP/jobs.json" <<'PY' && ok "jobs --output json: 4 succeeded jobs, each with a private address" || bad "jobs json: $(cat "$TMP/jobs.json" "$TMP/err")"
import json, sys
d = json.load(open(sys.argv[1]))
jobs = d["jobs"]
good = (len(jobs) == 4 and d["summary"] == {"succeeded": 4} and d["exitCode"] == 0
        and sorted(j["name"] for j in jobs) == ["db", "web-1", "web-2", "web-3"]
        and all(j["state"] == "succeeded" and j["progressPercentage"] == 100 and "stage" in j and j["vmId"]
                and j["addresses"]["privateIp"].count(".") == 3 for j in jobs)
        and [j["addresses"].get("publicIp") is not None for j in jobs if j["name"] == "db"] == [True])
sys.exit(0 if good else 1)
PY
[ ! -s "$TMP/err" ] && ok "… and nothing on stderr" || bad "stderr: $(cat "$TMP/err")"
on jobs --output json >"$TMP/plain.json" 2>"$TMP/err" </dev/null
check_exit 0 "jobs --output json (no --all) exits 0"
python3 - "$TMP/plain.json" <<'PY' && ok "… lists the finished batch too, each job with its private address" || bad "plain json: $(cat "$TMP/plain.json" "$TMP/err")"
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
sys.exit(0 if len(jobs) == 4 and all(j["addresses"]["privateIp"] for j in jobs) else 1)
PY
WEB2=$(python3 -c "import json,sys; print([j['jobId'] for j in json.load(open(sys.argv[1]))['jobs'] if j['name']=='web-2'][0])" "$TMP/jobs.json")
on jobs "$WEB2" --export ansible >"$TMP/one.ini" 2>"$TMP/err" </dev/null
check_exit 0 "jobs JOB_ID --export ansible"
[ "$(grep -c 'ansible_host=' "$TMP/one.ini")" = 1 ] && grep -q '^web-2 ansible_host=' "$TMP/one.ini" \
  && ok "… only that job's VM" || bad "one: $(cat "$TMP/one.ini" "$TMP/err")"
on jobs --all --output text >"$TMP/out" 2>&1 </dev/null
check_exit 0 "jobs --output text is the table"
grep -q "^NAME *JOB ID *STATE" "$TMP/out" && ok "… with its header" || bad "table: $(cat "$TMP/out")"

# 3. gpcn jobs --all --export FORMAT on stdout.
on jobs --all --export ansible >"$TMP/inventory.ini" 2>"$TMP/err" </dev/null
check_exit 0 "jobs --all --export ansible"
[ "$(grep -cE '^web-[123] ansible_host=[0-9.]+ ansible_user=deploy$' "$TMP/inventory.ini")" = 3 ] \
  && grep -q '^\[web\]$' "$TMP/inventory.ini" && grep -qE '^db ansible_host=[0-9.]+$' "$TMP/inventory.ini" \
  && ok "ansible: [web] with each VM, its address and the request's user; db with its public address, no guessed user" \
  || bad "ansible: $(cat "$TMP/inventory.ini" "$TMP/err")"
DB_PUBLIC=$(python3 -c "import json,sys; print([j for j in json.load(open(sys.argv[1]))['jobs'] if j['name']=='db'][0]['addresses']['publicIp'])" "$TMP/jobs.json")
grep -q "^db ansible_host=$DB_PUBLIC\$" "$TMP/inventory.ini" && ok "… the public address when there is one" || bad "db: $DB_PUBLIC $(cat "$TMP/inventory.ini")"
on jobs --all --export ssh-config >"$TMP/ssh_config" 2>"$TMP/err" </dev/null
check_exit 0 "jobs --all --export ssh-config"
grep -q "^Host web-2$" "$TMP/ssh_config" && grep -q "^  User deploy$" "$TMP/ssh_config" && grep -qE "^  HostName [0-9.]+$" "$TMP/ssh_config" \
  && ok "ssh-config: Host / HostName / User" || bad "ssh-config: $(cat "$TMP/ssh_config")"
if command -v ssh >/dev/null; then
  ssh -G -F "$TMP/ssh_config" web-2 2>/dev/null | grep -qE '^hostname [0-9.]+$' && ok "… which ssh -G reads" || bad "ssh -G: $(ssh -G -F "$TMP/ssh_config" web-2 2>&1 | head -3)"
fi
on jobs --all --export csv >"$TMP/vms.csv" 2>"$TMP/err" </dev/null
check_exit 0 "jobs --all --export csv"
python3 - "$TMP/vms.csv" <<'PY' && ok "csv: a header and 4 rows with addresses" || bad "csv: $(cat "$TMP/vms.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
sys.exit(0 if len(rows) == 4 and all(r["address"] and r["vm_id"] for r in rows) else 1)
PY
on jobs --all --export json >"$TMP/vms.json" 2>"$TMP/err" </dev/null
check_exit 0 "jobs --all --export json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d)==4 and all(r['address'] for r in d) else 1)" "$TMP/vms.json" \
  && ok "json export: 4 VMs with an address" || bad "json export: $(cat "$TMP/vms.json")"
on jobs --all --export ansible-yaml >"$TMP/inventory.yml" 2>"$TMP/err" </dev/null
check_exit 0 "jobs --all --export ansible-yaml"
if python3 -c "import yaml" 2>/dev/null; then
  python3 - "$TMP/inventory.yml" <<'PY' && ok "ansible-yaml parses: web's 3 hosts with ansible_host" || bad "yaml: $(cat "$TMP/inventory.yml")"
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
hosts = d["all"]["children"]["web"]["hosts"]
sys.exit(0 if sorted(hosts) == ["web-1", "web-2", "web-3"] and all(h["ansible_host"] and h["ansible_user"] == "deploy" for h in hosts.values()) else 1)
PY
else
  grep -qE '^        "web-1":$' "$TMP/inventory.yml" && grep -q 'ansible_user: "deploy"' "$TMP/inventory.yml" \
    && ok "ansible-yaml: web-1 with its user" || bad "yaml: $(cat "$TMP/inventory.yml")"
fi
on jobs --all --export nope >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 1 "an unknown --export format is a usage error"
grep -q "ansible-yaml" "$TMP/err" && ok "… that lists the formats" || bad "formats: $(cat "$TMP/err")"
on jobs --all --export ansible --output json >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 1 "--export with --output json is refused"

# 4. A VPC-era batch (one create per VM, journaled apart): still one [vpc] group with every VM.
#    Another seed: two simulators on one seed hand out the same job ids, which one journal cannot tell apart.
sim VPC --api-key "$KEY" --speed 600 --fail-rate 0 --dialect minimal --vpc --seed 7 || abort "VPC simulator did not start"
GPCN_HOST=$URL_VPC GPCN_API_KEY=$KEY "$BIN" create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 \
  --subnet app --count 3 --name vpc --yes --wait >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 0 "vpc: --subnet app --count 3 --yes --wait"
GPCN_HOST=$URL_VPC GPCN_API_KEY=$KEY "$BIN" jobs --export ansible >"$TMP/vpc.ini" 2>"$TMP/err" </dev/null
check_exit 0 "vpc: jobs --export ansible"
[ "$(grep -c '^\[' "$TMP/vpc.ini")" = 1 ] && grep -q '^\[vpc\]$' "$TMP/vpc.ini" \
  && [ "$(grep -cE '^vpc-[123] ansible_host=[0-9.]+$' "$TMP/vpc.ini")" = 3 ] \
  && ok "vpc: one [vpc] group with its 3 VMs and their addresses" || bad "vpc: $(cat "$TMP/vpc.ini" "$TMP/err")"

# 5. One --output for vms, catalog and create: table|json, text still taken by create.
on vms --name web --output json >"$TMP/vms" 2>"$TMP/err"; check_exit 0 "vms --output json"
python3 -c "import json,sys; d=[v for v in json.load(open(sys.argv[1])) if v['name'].startswith('web-')]; sys.exit(0 if len(d)==3 and all(v['primaryPrivateIp'] for v in d) else 1)" "$TMP/vms" \
  && ok "… the list items with their addresses" || bad "vms json: $(cat "$TMP/vms")"
on vms --name web --output table >"$TMP/out" 2>&1; check_exit 0 "vms --output table"
on catalog data-centers --output json >"$TMP/out" 2>&1; check_exit 0 "catalog --output json"
on catalog data-centers --output text >"$TMP/out" 2>&1; check_exit 0 "catalog --output text (the table)"
on create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --name dry --dry-run --output table >"$TMP/out" 2>&1 </dev/null
check_exit 0 "create --output table"
on create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --name dry --dry-run --output text >"$TMP/out2" 2>&1 </dev/null
check_exit 0 "create --output text"
cmp -s "$TMP/out" "$TMP/out2" && ok "… the same as table" || bad "text vs table differ"
on vms --output yaml >"$TMP/out" 2>"$TMP/err"; check_exit 1 "an unknown --output is a usage error"

# 6. A VM deleted since its job succeeded: said once on stderr, kept as a comment, not an error.
DB_ID=$(python3 -c "import json,sys; print([j['vmId'] for j in json.load(open(sys.argv[1]))['jobs'] if j['name']=='db'][0])" "$TMP/jobs.json")
curl -s -X DELETE -H "X-API-Key: $KEY" "$URL_MIN/v1/resource/virtual-machines/$DB_ID" >/dev/null
gone=""
for _ in $(seq 100); do
  on vms --name db --output json 2>/dev/null | python3 -c "import json,sys; sys.exit(0 if not any(v['id']=='$DB_ID' for v in json.load(sys.stdin)) else 1)" && { gone=1; break; }
  sleep 0.1
done
[ -n "$gone" ] && ok "the db VM was deleted" || bad "db still listed"
on jobs --export ansible >"$TMP/after.ini" 2>"$TMP/err" </dev/null
check_exit 0 "jobs --export ansible after a deletion"
grep -q "^# db: not found on the server (deleted?)$" "$TMP/after.ini" && [ "$(grep -c 'ansible_host=' "$TMP/after.ini")" = 3 ] \
  && ok "… the deleted VM is a comment, the others are listed" || bad "after: $(cat "$TMP/after.ini")"
grep -q "1 VM(s) of these jobs are not on the server any more (deleted?): db" "$TMP/err" && ok "… and said on stderr" || bad "err: $(cat "$TMP/err")"
finish
