#!/usr/bin/env bash
# End to end: the real binary against servers that send less than our own picture of the API
# (docs/api.md, "When the server does not say"): `gpcn simulate --dialect minimal` (only what
# the reference documents) and a VPC-era account (`--vpc`, on the minimal dialect too). The
# scripted create, the catalog, a server refusal at its flag, the VPC cut-over, and the wizard
# in tmux walking to a subnet create.
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
TMP=$E2E_TMP
isolated_env

need_bin
sim MIN --api-key "$KEY" --speed 600 --fail-rate 0 --dialect minimal
sim VPC --api-key "$KEY" --speed 600 --fail-rate 0 --dialect minimal --vpc
sim NOLIST --api-key "$KEY" --speed 600 --fail-rate 0 --dialect minimal --vpc --no-vpc-list
[ -n "$URL_MIN" ] && [ -n "$URL_VPC" ] && [ -n "$URL_NOLIST" ] && ok "minimal, VPC and unlisted-VPC simulators" || abort "simulators did not start"
on() { GPCN_HOST=$1 GPCN_API_KEY=$KEY "$BIN" "${@:2}"; }
json_count() { python3 -c "import json,sys; d=json.load(sys.stdin); print(sum(1 for j in d['jobs'] if j['state']=='$1'))"; }

# 1. The documented minimum: images are {id, name} only, yet a Linux create with an SSH key works.
on "$URL_MIN" catalog images --datacenter Chicago >"$TMP/images" 2>&1
grep -q "not stated (the server decides)" "$TMP/images" && ok "minimal: images' logins are 'not stated', not 'none'" || bad "images: $(head -3 "$TMP/images")"
on "$URL_MIN" catalog sizes --datacenter Chicago >"$TMP/sizes" 2>&1
! grep -q "PRICE\|STATE" "$TMP/sizes" && grep -q "G-Small-1" "$TMP/sizes" && ok "minimal: no price or state column" || bad "sizes: $(head -2 "$TMP/sizes")"
on "$URL_MIN" catalog resource-groups >"$TMP/out" 2>"$TMP/err"; check_exit 2 "minimal: resource-groups 404 is exit 2"
grep -q "does not list resource groups" "$TMP/err" && ok "… with what to do instead" || bad "rg: $(cat "$TMP/err")"
on "$URL_MIN" create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --name lin --count 2 --public-ip \
  --yes --wait --output json >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 0 "minimal: an SSH-key Linux create, followed to the end"
[ "$(json_count succeeded <"$TMP/out")" = 2 ] && ok "minimal: 2 jobs succeeded" || bad "minimal jobs: $(cat "$TMP/out" "$TMP/err")"
GPCN_VM_PASSWORD='Str0ng-Passw0rd!' on "$URL_MIN" create --datacenter Chicago --image 'Windows 2022' --size G-Small-1 \
  --name win --auth password --yes --wait >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 0 "minimal: a password Windows create"
on "$URL_MIN" create --datacenter Chicago --image 'Windows 2022' --size G-Small-1 --name win2 --yes >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 1 "minimal: the server refuses an SSH key for Windows (exit 1)"
grep -q "^gpcn: --auth: .*ssh-key" "$TMP/err" && ok "… the server's words on the --auth flag" || bad "refusal: $(cat "$TMP/err")"

on "$URL_MIN" create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size M-Medium-1 --name big --yes >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 2 "minimal: a sold-out size (not said in the list) is the server's 409, exit 2"
grep -q "^gpcn: --size: .*M-Medium-1" "$TMP/err" && ok "… on the --size flag with the server's words" || bad "409: $(cat "$TMP/err")"

# 2. A VPC account: subnets, one create per VM with the documented keys, the cut-over words.
on "$URL_VPC" catalog subnets --datacenter Chicago >"$TMP/subnets" 2>&1
grep -q "^app " "$TMP/subnets" && grep -q "creating" "$TMP/subnets" && ok "vpc: catalog subnets shows app and a creating one" || bad "subnets: $(cat "$TMP/subnets")"
on "$URL_VPC" create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --subnet app --count 3 --public-ip \
  --name vpc --yes --wait --output json >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 0 "vpc: --subnet app --count 3 --yes --wait"
[ "$(json_count succeeded <"$TMP/out")" = 3 ] && ok "vpc: 3 jobs followed to the end" || bad "vpc jobs: $(cat "$TMP/out" "$TMP/err")"
curl -s "$URL_VPC/_simulator/creates" >"$TMP/creates"
python3 - "$TMP/creates" <<'PY' && ok "vpc: 3 one-VM creates with the documented keys only, in Chicago's subnet" || bad "vpc creates: $(cat "$TMP/creates" | head -c 600)"
import json, sys
d = json.load(open(sys.argv[1]))
recs = d if isinstance(d, list) else d.get("creates", d.get("data", []))
want = ["acquirePublicIp", "authMethod", "datacenterId", "imageId", "name", "skuId", "sshKeyId", "subnetId"]
ok = len(recs) == 3 and all(r["keys"] == want for r in recs) and [r["name"] for r in recs] == ["vpc-1", "vpc-2", "vpc-3"]
sys.exit(0 if ok else 1)
PY
on "$URL_VPC" create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --name legacy --yes >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 2 "vpc: a legacy body (default network) is exit 2"
grep -q "this account uses VPC networking; choose a subnet" "$TMP/err" && grep -q -- "--subnet" "$TMP/err" \
  && ok "… saying to choose a subnet, with the --subnet hint" || bad "cut-over: $(cat "$TMP/err")"
on "$URL_VPC" create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --subnet batch --name b --yes >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 1 "vpc: a subnet that is not ready is refused before sending"
SUBNET_ID=$(on "$URL_VPC" catalog subnets --datacenter Chicago --output json | python3 -c 'import json,sys; print([s["id"] for s in json.load(sys.stdin) if s["name"]=="app"][0])')
on "$URL_NOLIST" catalog subnets >"$TMP/out" 2>"$TMP/err"; check_exit 2 "unlisted VPCs: catalog subnets is exit 2"
on "$URL_NOLIST" create --datacenter Chicago --image 'Ubuntu 24.04 LTS' --size G-Small-1 --subnet "$SUBNET_ID" --name byid \
  --yes >"$TMP/out" 2>"$TMP/err" </dev/null
check_exit 0 "unlisted VPCs: --subnet ID is taken as given"

# 3. The wizard in a real terminal against the VPC account: the subnet is offered and chosen.
BIN_ARGS="$BIN"
start 100 30 "$(api_env "$PORT_VPC")"
waitfor "Choose a data center" && ok "wizard on the VPC account" || bad "first frame"
keys /; text "chic"; waitfor "/chic" && keys Enter
waitfor "Choose an image" && { keys /; text "ubuntu 24"; waitfor "/ubuntu 24" && keys Enter; }
waitfor "Choose a size" && { keys /; text "small-1"; waitfor "/small-1" && keys Enter; }
waitfor "(default)" && keys Enter
waitfor "VPC subnets" && ok "the network step offers the VPC subnets" || bad "no subnets"
cap | grep -q "batch .*creating\|creating" && ok "a subnet that is not ready shows its state" || bad "subnet state"
keys /; text "app"; waitfor "/app" && keys Escape
keys Space
waitfor "VPC subnet app" && ok "subnet chosen" || bad "subnet choice"
keys Enter
waitfor "Name and count" && { text "tui"; keys Tab; text "+"; text "+"; waitfor "creates tui-1" && keys Enter; }
waitfor "Sent as" && ok "review says how it is sent" || bad "review"
deliberate Enter
waitfor "All jobs have ended" 30 && ok "the subnet create was followed to the end" || bad "jobs"
keys q
waitfor "EXIT=0" && ok "q exits 0" || bad "exit"
finish
