#!/usr/bin/env bash
# Secret hygiene, end to end: with a known API key and VM password (distinctive strings), run
# the whole flow with the real binary and prove neither appears anywhere gpcn leaves a trace:
# the files it wrote (journal, demo journal, presets, the --debug log, config init's file may
# hold the key only, 0600), the screens (tmux capture-pane every 0.2 s across the wizard with
# password auth, the review, the dashboard and its retry password prompt, the summary), the
# process arguments (ps -o args of gpcn and of any child while running), and stdout/stderr of
# --dry-run, --yes --wait --output json, the accessible flow and the other commands.
#   BIN=.build/debug/gpcn bash Tests/e2e/secrets.sh
# Ends with "N passed, M failed"; exits non-zero when anything failed.
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
TMP=$E2E_TMP
CAP_FROM=-200   # cap and waitfor read the screen and 200 lines of scrollback

KEY=gpcn_SECRETKEY_e2e_7f3a9c1b2d4e5f60
PW='Xk7-SecretPw.9q2'          # passes every rule: 16 chars, upper, lower, digit, '-' and '.'
# Where gpcn may write (HOME, config, state, the working directory) and where the test keeps
# what it captured (out); the simulator's output (given the key on purpose) is $TMP/sim-main.*.
mkdir -p "$TMP/home" "$TMP/config" "$TMP/state" "$TMP/work" "$TMP/out"
unset GPCN_API_KEY GPCN_HOST GPCN_PROFILE GPCN_CONFIG GPCN_LOG GPCN_VM_PASSWORD GPCN_THEME GPCN_DEBUG
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_STATE_HOME=$TMP/state LANG=C.UTF-8
cd "$TMP/work" || exit 1

# clean WHAT FILE...: neither secret in the files.
clean() {
  local what=$1; shift
  if grep -qsF -e "$KEY" -e "$PW" "$@"; then bad "$what: a secret in $(grep -lsF -e "$KEY" -e "$PW" "$@" | tr '\n' ' ')"
  else ok "$what: neither the key nor the password"; fi
}
mode_is() { [ "$(stat -c %a "$2" 2>/dev/null)" = "$1" ]; }
# args_clean LABEL PID: ps -o args of PID and every descendant, while it runs.
args_clean() {
  local label=$1 pids=$2 all="" p kids n=0
  while [ -n "$pids" ]; do
    kids=""
    for p in $pids; do all="$all $p"; kids="$kids $(pgrep -P "$p" | tr '\n' ' ')"; done
    pids=$(echo $kids)
  done
  for p in $all; do
    ps -o args= -p "$p" >>"$TMP/out/ps.txt" 2>/dev/null && n=$((n+1))
    tr '\0' ' ' <"/proc/$p/cmdline" >>"$TMP/out/ps.txt" 2>/dev/null; echo >>"$TMP/out/ps.txt"
  done
  if [ "$n" -eq 0 ]; then bad "$label: no process to look at"
  elif grep -qF -e "$KEY" -e "$PW" "$TMP/out/ps.txt"; then bad "$label: a secret in the process arguments"
  else ok "$label: $n process(es), no secret in their arguments"; fi
}

need_bin

# The simulator accepts only KEY; half its jobs fail, most failures can be retried.
sim main --api-key "$KEY" --speed 40 --fail-rate 0.5 --seed 3
URL=$URL_main
[ -n "$URL" ] && ok "simulator on $URL with the known key" || abort "simulator did not start"

# 1. config init: the key read from stdin into a 0600 file in a 0700 directory, and only there.
CFG=$XDG_CONFIG_HOME/gpcn/config.toml
printf '%s\n' "$KEY" | "$BIN" config init --api-key-stdin --profile e2e --host "$URL" >"$TMP/out/init.out" 2>"$TMP/out/init.err"
[ $? = 0 ] && mode_is 600 "$CFG" && ok "config init writes the key file 0600" || bad "config init: mode $(stat -c %a "$CFG" 2>/dev/null)"
mode_is 700 "$(dirname "$CFG")" && ok "its directory is 0700" || bad "config dir mode $(stat -c %a "$(dirname "$CFG")")"
grep -qF "$KEY" "$CFG" && ok "the key is in the config file (its one place)" || bad "config init lost the key"
clean "config init's output" "$TMP/out/init.out" "$TMP/out/init.err"
"$BIN" config show >"$TMP/out/show.out" 2>&1 && grep -q "set (not shown)" "$TMP/out/show.out" \
  && ok "config show: the key is set (not shown)" || bad "config show: $(cat "$TMP/out/show.out")"
"$BIN" auth check >"$TMP/out/auth.out" 2>&1 && ok "auth check passes with the config's key" || bad "auth check: $(cat "$TMP/out/auth.out")"
"$BIN" catalog data-centers --output json >"$TMP/out/catalog.out" 2>&1 || bad "catalog"
GPCN_API_KEY=gpcn_WRONG_0000 "$BIN" catalog data-centers >"$TMP/out/wrong.out" 2>&1; check_exit 2 "a refused key exits 2"
clean "config show, auth check, catalog, a refused key" "$TMP/out/show.out" "$TMP/out/auth.out" "$TMP/out/catalog.out" "$TMP/out/wrong.out"

# The hidden prompt of config init on a terminal: the key typed is never echoed.
tmux_new 100 30 "cd $TMP/work; env GPCN_CONFIG=$TMP/config/typed.toml $BIN config init --profile typed; echo EXIT=\$?; sleep 600"
waitfor "not shown" && text "$KEY" && keys Enter
waitfor "EXIT=0" && ok "config init on a terminal asks with a hidden prompt" || bad "config init prompt: $(cap | tail -3)"
cap >"$TMP/out/screen-init.txt"
clean "the config init screen" "$TMP/out/screen-init.txt"
mode_is 600 "$TMP/config/typed.toml" && grep -qF "$KEY" "$TMP/config/typed.toml" && ok "the typed key went to a 0600 file" || bad "typed config"
stop_tmux

# 2. The wizard with password auth, the review, a preset, submit, the dashboard, a retry with its
#    password prompt, quit, the summary; the screen is captured every 0.2 s throughout.
tmux_new 100 30 "cd $TMP/work; env LANG=C.UTF-8 $BIN --debug --log-file $TMP/work/gpcn.log; echo EXIT=\$?; sleep 600"
( while $T has-session -t e2e 2>/dev/null; do $T capture-pane -p -t e2e >>"$TMP/out/screens.txt" 2>/dev/null; sleep 0.2; done ) &
bg_pid $!
walked=0
if waitfor "Chicago" 15; then
  keys Enter; waitfor "2/7 Image" && waitfor "Ubuntu" && keys Enter
  waitfor "3/7 Size" && waitfor "vCPU" && keys Enter
  waitfor "4/7 Access" && waitfor "ops-laptop" && keys Right && waitfor "(●) Password"
  keys Tab
  text "${PW:0:8}"; sleep 0.3; cap >>"$TMP/out/screens.txt"
  text "${PW:8}"
  if waitfor "16 chars" && waitfor "✓ 12-20 characters"; then ok "wizard: password typed, every rule met"; else bad "wizard: password rules"; fi
  cap | grep -q "Password  *\*\{16\} " && ok "wizard: the password field shows 16 masks" || bad "wizard: mask: $(cap | grep "Password ")"
  args_clean "wizard running" "$(app_pid)"
  keys Enter; waitfor "5/7 Network" && keys Enter
  waitfor "6/7 Details" && text "sec" && keys Tab BSpace && text "8"
  waitfor "sec-8" && keys Enter
  if waitfor "7/7 Review"; then
    cap | grep -q "password (16 characters, not shown)" && ok "review: password not shown" || bad "review login line"
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do keys Down; done
    waitfor '"password" : "********"' && ok "review: the body's password masked" || bad "review body"
    waitfor 'X-API-Key: $GPCN_API_KEY' && ok "review: curl takes the key from \$GPCN_API_KEY" || bad "review curl"
    cap >>"$TMP/out/screens.txt"
    keys s
    for _ in $(seq 30); do [ -f "$TMP/work/sec.toml" ] && break; sleep 0.1; done
    [ -f "$TMP/work/sec.toml" ] && ok "review: s saved the preset sec.toml" || bad "no preset saved"
    # The create's Enter is pressed on its own, as a person would after reading the notice: an
    # Enter right behind `s` (within the burst window) would only ask again (the burst rule).
    waitfor "Saved " && deliberate Enter
    walked=1
  else
    bad "wizard did not reach the review"
  fi
else
  bad "wizard did not start: $(cap | tail -5)"
fi
if [ $walked = 1 ]; then
  waitfor "8 jobs" 10 && ok "dashboard of the 8 jobs" || bad "no dashboard"
  args_clean "dashboard running" "$(app_pid)"
  if waitfor "All jobs have ended" 40; then
    if cap | grep -q "R retries them"; then
      keys R; waitfor "y retry" && deliberate y
      if waitfor "type the password"; then
        text "$PW"; sleep 0.4
        cap | grep -q "│ \*\{16\} " && ok "retry prompt: the password masked" || bad "retry prompt mask: $(cap | grep -A3 Password)"
        cap >>"$TMP/out/screens.txt"
        args_clean "retry prompt open" "$(app_pid)"
        deliberate Enter
        waitfor "retried" 10 && ok "retry submitted with the typed password" || bad "retry not submitted"
        waitfor "All jobs have ended" 40 || bad "retries did not end"
      else
        bad "no password prompt for the retry"
      fi
    else
      bad "no retryable failure (seed)"
    fi
  else
    bad "jobs did not end"
  fi
  keys q
  waitfor "EXIT=" 10 && ok "q leaves ($(cap | grep -o 'EXIT=[0-9]*' | tail -1))" || bad "q did not leave"
  cap >"$TMP/out/summary.txt"
  grep -q "NAME *JOB ID *STATE" "$TMP/out/summary.txt" && ok "summary in the scrollback" || bad "no summary"
fi
stop_tmux
sleep 0.3
[ -s "$TMP/out/screens.txt" ] && ok "captured $(grep -c '' "$TMP/out/screens.txt") screen lines" || bad "no screens captured"
clean "every captured screen (wizard, review, dashboard, retry prompt, summary)" "$TMP/out/screens.txt" "$TMP/out/summary.txt"
grep -q "method=POST.*path=/resource/virtual-machines.*status=202" "$TMP/work/gpcn.log" \
  && ok "--debug log has the HTTP traces" || bad "debug log empty"
mode_is 600 "$TMP/work/gpcn.log" && ok "the log is 0600" || bad "log mode"

# 3. Scripts: --dry-run, --yes --wait --output json (password from stdin and from the
#    environment), watched with ps while they run; a preset from flags; --demo.
CREATE=(create --datacenter chicago --image 'ubuntu 24' --size g-micro-1 --auth password)
printf '%s\n' "$PW" | "$BIN" "${CREATE[@]}" --name dry --count 2 --password-stdin --dry-run >"$TMP/out/dry.out" 2>"$TMP/out/dry.err"
[ $? = 0 ] && grep -q '"password" : "\*\*\*\*\*\*\*\*"' "$TMP/out/dry.out" && ok "--dry-run prints the body, password masked" || bad "--dry-run"
printf '%s\n' "$PW" | "$BIN" "${CREATE[@]}" --name dry --count 2 --password-stdin --dry-run --output json >"$TMP/out/dry.json" 2>>"$TMP/out/dry.err"
clean "--dry-run stdout and stderr" "$TMP/out/dry.out" "$TMP/out/dry.json" "$TMP/out/dry.err"
{ printf '%s\n' "$PW"; sleep 3; } | "$BIN" "${CREATE[@]}" --name waitin --count 3 --password-stdin --yes --wait --output json \
  --save-preset "$TMP/work/waitin.toml" >"$TMP/out/wait1.json" 2>"$TMP/out/wait1.err" &
wpid=$!
sleep 1; args_clean "--yes --wait (--password-stdin) running" "$wpid"
wait "$wpid"; code=$?
[ $code = 0 ] || [ $code = 3 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out/wait1.json" \
  && ok "--yes --wait --output json: exit $code, JSON on stdout" || bad "--wait (stdin): exit $code"
GPCN_VM_PASSWORD=$PW "$BIN" "${CREATE[@]}" --name waitenv --count 3 --yes --wait --output json >"$TMP/out/wait2.json" 2>"$TMP/out/wait2.err" &
wpid=$!
sleep 0.5; args_clean "--yes --wait (GPCN_VM_PASSWORD) running" "$wpid"
wait "$wpid"; code=$?
[ $code = 0 ] || [ $code = 3 ] && ok "--yes --wait with GPCN_VM_PASSWORD: exit $code" || bad "--wait (env): exit $code"
clean "--yes --wait --output json stdout and stderr" "$TMP/out/wait1.json" "$TMP/out/wait1.err" "$TMP/out/wait2.json" "$TMP/out/wait2.err"
GPCN_DEMO_SPEED=200 GPCN_DEMO_FAIL_RATE=0 GPCN_VM_PASSWORD=$PW "$BIN" --demo "${CREATE[@]}" --name demo --count 2 --yes --wait \
  >"$TMP/out/demo.out" 2>"$TMP/out/demo.err"
[ $? = 0 ] && ok "--demo --yes --wait with a password" || bad "--demo run: $(cat "$TMP/out/demo.err")"
clean "--demo output" "$TMP/out/demo.out" "$TMP/out/demo.err"

# 4. The accessible flow (a pipe): password auth, the password read as a line and never echoed.
answers="1\n1\n1\n2\n$PW\n\n\nn\nacc\n2\n0\ny\n"
printf "$answers" | timeout 90 "$BIN" --accessible >"$TMP/out/acc.out" 2>&1 &
apid=$!
sleep 0.5; args_clean "accessible flow running" "$apid"
wait "$apid"; code=$?
grep -q "^Password set (16 characters)." "$TMP/out/acc.out" && ok "accessible: password accepted" || bad "accessible password: $(grep -i password "$TMP/out/acc.out" | head -3)"
grep -q "^Submitted: 2 jobs accepted" "$TMP/out/acc.out" && ok "accessible: submitted (exit $code)" || bad "accessible submit (exit $code)"
clean "accessible flow output" "$TMP/out/acc.out"
GPCN_DEMO_SPEED=200 GPCN_DEMO_FAIL_RATE=0 timeout 90 "$BIN" --demo --accessible >"$TMP/out/acc-demo.out" 2>&1 < <(printf "$answers")
grep -q "^Submitted: 2 jobs accepted" "$TMP/out/acc-demo.out" && ok "accessible --demo: submitted" || bad "accessible --demo"
clean "accessible --demo output" "$TMP/out/acc-demo.out"

# 5. gpcn jobs reopening the journal, and everything gpcn wrote.
"$BIN" jobs --all </dev/null >"$TMP/out/jobs.out" 2>&1
grep -q "sec-1" "$TMP/out/jobs.out" && ok "gpcn jobs --all lists the wizard's batch" || bad "gpcn jobs --all: $(head -3 "$TMP/out/jobs.out")"
clean "gpcn jobs output" "$TMP/out/jobs.out"
J=$XDG_STATE_HOME/gpcn/journal.jsonl; D=$XDG_STATE_HOME/gpcn/demo-journal.jsonl
[ "$(grep -c '"type":"submission"' "$J" 2>/dev/null)" -ge 5 ] && ok "journal has the submissions (wizard, retries, scripts, accessible)" || bad "journal: $(grep -c submission "$J")"
grep -q '"retryOf"' "$J" && ok "journal has the retries" || bad "no retry in the journal"
[ -s "$D" ] && ok "demo journal written" || bad "no demo journal"
for f in "$J" "$D"; do mode_is 600 "$f" && ok "$(basename "$f") is 0600" || bad "$(basename "$f") mode $(stat -c %a "$f")"; done
mode_is 700 "$XDG_STATE_HOME/gpcn" && ok "the state directory is 0700" || bad "state dir mode"
[ -f "$TMP/work/waitin.toml" ] && ok "--save-preset wrote waitin.toml" || bad "no --save-preset file"
written=$(find "$TMP/home" "$TMP/config" "$TMP/state" "$TMP/work" -type f | sort)
echo "$written" | sed "s|$TMP/|    |"
others=$(echo "$written" | grep -v -e "^$CFG\$" -e "^$TMP/config/typed.toml\$")
clean "every other file gpcn wrote ($(echo "$others" | grep -c .) files)" $others
! grep -qsF "$PW" "$CFG" "$TMP/config/typed.toml" && ok "no password in the config files" || bad "a password in a config file"

# 6. A generated password kept on purpose (Ctrl-O): written to a new 0600 file in a 0700 folder,
#    and nowhere else: not the screens (it was never shown), the journal, the log or ps.
GS="$TMP/out/gen-screens.txt"
tmux_new 100 30 "cd $TMP/work; env LANG=C.UTF-8 GPCN_DEMO_SPEED=200 GPCN_DEMO_FAIL_RATE=0 $BIN --demo --debug --log-file $TMP/work/gen.log; echo EXIT=\$?; sleep 600"
( while $T has-session -t e2e 2>/dev/null; do $T capture-pane -p -t e2e >>"$GS" 2>/dev/null; sleep 0.2; done ) &
bg_pid $!
if waitfor "Chicago" 15; then
  keys Enter; waitfor "2/7 Image" && waitfor "Ubuntu" && keys Enter
  waitfor "3/7 Size" && waitfor "vCPU" && keys Enter
  waitfor "4/7 Access" && waitfor "ops-laptop" && keys C-g
  waitfor "Generated a password" && ok "generated: Ctrl-G" || bad "generated: no password"
  args_clean "generated password on the Access step" "$(app_pid)"
  keys C-o
  if waitfor "Password written to" 5; then
    GENFILE=$(ls "$XDG_STATE_HOME"/gpcn/passwords/gpcn-password-*.txt 2>/dev/null | head -1)
    GEN=$(head -1 "$GENFILE" 2>/dev/null)
    [ ${#GEN} -ge 12 ] && ok "generated: Ctrl-O wrote it to $(basename "$GENFILE")" || bad "generated: file $GENFILE"
    mode_is 600 "$GENFILE" && ok "generated: the file is 0600" || bad "generated: file mode $(stat -c %a "$GENFILE")"
    mode_is 700 "$(dirname "$GENFILE")" && ok "generated: its folder is 0700" || bad "generated: folder mode"
  else
    bad "generated: Ctrl-O wrote nothing"
  fi
  keys Enter; waitfor "5/7 Network" && keys Enter
  waitfor "6/7 Details" && text "gen" && keys Enter
  if waitfor "7/7 Review"; then
    waitfor "generated; saved to" && ok "review: says the password was saved" || bad "review: no word on the generated password"
    deliberate Enter
    waitfor "All jobs have ended" 30 && ok "generated: created and followed" || bad "generated: jobs"
    keys q
  else
    bad "generated: no review"
  fi
  waitfor "EXIT=" 10
  stop_tmux; sleep 0.3
  if [ -n "${GEN:-}" ]; then
    if grep -qsF "$GEN" "$GS" "$TMP/work/gen.log" "$D" "$TMP/out/ps.txt"; then
      bad "generated: the password in $(grep -lsF "$GEN" "$GS" "$TMP/work/gen.log" "$D" "$TMP/out/ps.txt" | tr '\n' ' ')"
    else ok "generated: not on any screen, in the log, the demo journal or the process arguments"; fi
    others=$(find "$TMP/home" "$TMP/config" "$TMP/state" "$TMP/work" -type f ! -path "$GENFILE")
    grep -lsF "$GEN" $others >/dev/null && bad "generated: in $(grep -lsF "$GEN" $others)" || ok "generated: in no other file"
  fi
else
  bad "generated: the demo wizard did not start"
fi

finish
