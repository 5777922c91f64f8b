#!/usr/bin/env bash
# End-to-end checks of the job dashboard in tmux (the harness is lib.sh: a tmux server per
# scenario, keys with send-keys, the screen read with capture-pane; docs/architecture.md, "Testing").
# A separate `gpcn simulate` process is the API, so jobs outlive a killed gpcn.
#   BIN=.build/debug/gpcn bash Tests/e2e/dashboard.sh
# Ends with "N passed, M failed"; exits non-zero when anything failed.
source "$(dirname "$0")/lib.sh"
STATE="$E2E_TMP/state"
# dstart PORT ARGS...: `gpcn ARGS` at 100x30 against the simulator on PORT (lib.sh start).
dstart() { local port=$1; shift; BIN_ARGS="$BIN $*"; start 100 30 "$(api_env "$port")"; }

# wizard NAME: walks the wizard with the defaults, NAME ×10, and submits.
wizard() {
  waitfor "Chicago" 10 || { bad "wizard: data centers"; return 1; }
  keys Enter; waitfor "2/7 Image" || { bad "wizard: image step"; return 1; }
  waitfor "Ubuntu" 10; keys Enter; waitfor "3/7 Size" || { bad "wizard: size step"; return 1; }
  waitfor "vCPU" 10; keys Enter; waitfor "4/7 Access" || { bad "wizard: access step"; return 1; }
  waitfor "ops-laptop" 10; keys Enter; waitfor "5/7 Network" || { bad "wizard: network step"; return 1; }
  waitfor "prod-web" 10; keys Enter; waitfor "6/7 Details" || { bad "wizard: details step"; return 1; }
  text "$1"; keys Tab BSpace; text "10"
  waitfor "$1-10" || { bad "wizard: count 10"; return 1; }
  keys Enter; waitfor "7/7 Review" || { bad "wizard: review"; return 1; }
  waitfor "creates 10 VMs"; deliberate Enter
}

need_bin
sim fast --speed 60 --fail-rate 0.3 --seed 5
sim slow --speed 8 --fail-rate 0.2 --seed 9

# 1. wizard -> submit 10 -> dashboard until every job has ended -> q -> summary in scrollback.
dstart "$PORT_fast"
if wizard web; then
  waitfor "10 jobs" 10 && ok "dashboard shows the batch of 10" || bad "dashboard after submit"
  if waitfor "All jobs have ended" 30; then ok "every job ended on screen"; else bad "jobs did not all end"; fi
  line=$(cap | sed -n 2p)
  total=0; for n in $(echo "$line" | grep -oE '[0-9]+ (done|failed|cancelled|not visible)' | grep -oE '^[0-9]+'); do total=$((total+n)); done
  [ "$total" -eq 10 ] && ok "10 ended jobs counted ($line)" || bad "counts: $line"
  cap | grep -q "RUN " && bad "a RUN row after all ended" || ok "no running row left"
  keys q
  waitfor "EXIT=" 10 && ok "q leaves" || bad "q did not leave"
  cap | grep -qE "EXIT=(0|3)" && ok "exit code 0 or 3 ($(cap | grep -o 'EXIT=[0-9]*'))" || bad "exit code: $(cap | grep -o 'EXIT=[0-9]*')"
  hist=$(CAP_FROM=-200 cap)
  echo "$hist" | grep -qE "NAME +JOB ID +STATE +(ADDRESSES +)?ERROR" && ok "summary table in the scrollback" || bad "no summary table"
  [ "$(echo "$hist" | grep -cE '^web-([0-9]|10) ')" -eq 10 ] && ok "summary lists the 10 VMs" || bad "summary rows"
  echo "$hist" | grep -q "gpcn jobs" && ok "summary says how to come back" || bad "no gpcn jobs hint"
  tty_restored && ok "tty restored" || bad "tty modes"
  alt_screen_off && ok "alternate screen left" || bad "alternate screen"
fi

# 2. the same, killed with -9 mid-dashboard; `gpcn jobs` shows every job of that batch.
dstart "$PORT_slow"
if wizard kill; then
  waitfor "10 jobs" 10 && ok "dashboard up before the kill" || bad "no dashboard before the kill"
  pid=$(app_pid)
  if [ -n "$pid" ]; then kill -9 "$pid"; ok "killed gpcn -9 (pid $pid)"; else bad "no gpcn process to kill"; fi
  waitfor "EXIT=137" 5 && ok "gpcn died by SIGKILL" || bad "not killed: $(cap | grep EXIT)"
  J="$STATE/gpcn/journal.jsonl"
  [ "$(grep -c '"type":"submission"' "$J" 2>/dev/null)" -ge 2 ] && ok "submission journaled before the dashboard" || bad "journal: $(wc -l < "$J" 2>/dev/null)"
  [ "$(stat -c %a "$J")" = 600 ] && ok "journal is 0600" || bad "journal mode $(stat -c %a "$J")"
  grep -q "$KEY" "$J" && bad "API key in the journal" || ok "no API key in the journal"
  dstart "$PORT_slow" jobs
  waitfor "10 jobs" 10 && ok "gpcn jobs reopens the batch" || bad "gpcn jobs: $(cap | sed -n 2p)"
  missing=""; for i in $(seq 10); do cap | grep -qE "kill-$i " || missing="$missing kill-$i"; done
  [ -z "$missing" ] && ok "every job of the killed batch is shown" || bad "missing:$missing"
  cap | grep -q "web-" && bad "finished jobs of the first batch reopened" || ok "only unfinished jobs reopened"
  if waitfor "All jobs have ended" 40; then ok "reopened jobs followed to the end"; else bad "reopened jobs did not end"; fi
  keys q
  waitfor "EXIT=" 10
  hist=$(CAP_FROM=-200 cap)
  [ "$(echo "$hist" | grep -cE '^kill-([0-9]|10) ')" -eq 10 ] && ok "summary of the reopened batch" || bad "reopened summary"
  # Nothing is unfinished now.
  out=$(env XDG_STATE_HOME="$STATE" $(api_env "$PORT_slow") "$BIN" jobs </dev/null 2>&1); rc=$?
  echo "$out" | grep -q "No unfinished jobs" && [ $rc -eq 0 ] && ok "then gpcn jobs has nothing to reopen" || bad "gpcn jobs after: rc=$rc $out"
  out=$(env XDG_STATE_HOME="$STATE" $(api_env "$PORT_slow") "$BIN" jobs --all </dev/null 2>&1); rc=$?
  [ "$(echo "$out" | grep -cE '^kill-([0-9]|10) ')" -eq 10 ] && ok "gpcn jobs --all without a tty prints the table" || bad "jobs --all: rc=$rc $out"
fi

# 3. --demo jobs: the in-process simulator is gone; a clear message, exit 1.
out=$(env XDG_STATE_HOME="$STATE" "$BIN" --demo jobs </dev/null 2>&1); rc=$?
[ $rc -eq 1 ] && echo "$out" | grep -q "cannot be reopened" && ok "--demo jobs explains and exits 1" || bad "--demo jobs: rc=$rc $out"

# 4. gpcn --demo: submissions go to a journal of their own, never to the real one.
before=$(wc -l < "$STATE/gpcn/journal.jsonl")
dstart 1 --demo
if wizard demo; then
  waitfor "10 jobs" 10 && ok "demo dashboard" || bad "no demo dashboard"
  keys q
  waitfor "EXIT=" 10
  cap | grep -qE "EXIT=(0|3|4)" && ok "demo leaves ($(cap | grep -o 'EXIT=[0-9]*'))" || bad "demo exit: $(cap | grep EXIT)"
  [ "$(grep -c '"type":"submission"' "$STATE/gpcn/demo-journal.jsonl" 2>/dev/null)" = 1 ] && ok "demo submission in demo-journal.jsonl" || bad "no demo journal"
  [ "$(wc -l < "$STATE/gpcn/journal.jsonl")" = "$before" ] && ok "real journal untouched by the demo" || bad "demo wrote to the real journal"
  hist=$(CAP_FROM=-200 cap)
  if cap | grep -q "EXIT=4"; then
    echo "$hist" | grep -q "cannot be reopened" && ok "demo summary says its jobs cannot be reopened" || bad "demo summary hint"
  fi
fi

finish
