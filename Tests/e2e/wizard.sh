#!/usr/bin/env bash
# End to end: the real gpcn binary in tmux against --demo: walk the seven wizard steps with
# filters, submit, see the jobs; resize mid-wizard; Ctrl-C and SIGTERM leave the terminal sane.
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
DEMO="GPCN_DEMO_SPEED=120 GPCN_DEMO_FAIL_RATE=0"
BIN_ARGS="$BIN --demo"

# 1. The whole walk.
start 100 30 "$DEMO"
waitfor "Choose a data center" && ok "first frame: data centers listed" || bad "first frame"
rows_are 100 && ok "rows are 100 columns (wide names aligned)" || bad "row widths at 100 columns"
cap | grep -q "東京 Tokyo" && ok "Unicode data center names shown" || bad "Unicode names"
keys /; text "chic"; waitfor "/chic" && keys Enter
waitfor "Choose an image for Chicago" && ok "step 2 image after / filter" || bad "image step"
keys /; text "ubuntu 24"; waitfor "/ubuntu 24" && keys Enter
waitfor "Choose a size" && ok "step 3 size" || bad "size step"
keys /; text "small-1"; waitfor "/small-1" && keys Enter
waitfor "How to log in to Ubuntu 24.04 LTS" && ok "step 4 access" || bad "access step"
cap | grep -q "(default)" && ok "default SSH key preselected" || bad "default key"
keys Enter
waitfor "Networks of Chicago" && ok "step 5 network" || bad "network step"
keys Space
waitfor "[✓]" && ok "network selected with Space" || bad "network select"
keys Enter
waitfor "Name and count" && ok "step 6 details" || bad "details step"
text "e2e"; keys Tab; text "+"; text "+"
waitfor "creates e2e-1" && ok "name preview" || bad "name preview"
keys Enter
waitfor "Review: Enter creates 3 VMs" && ok "step 7 review" || bad "review step"
cap | grep -q '"name" : "e2e"' && ok "review shows the JSON body" || bad "review JSON"
keys Enter
waitfor "e2e-3" 10 && ok "submitted: jobs listed" || bad "jobs after submit"
waitfor "All jobs have ended" 30 && ok "jobs followed to the end" || bad "jobs did not end"
journal="$E2E_TMP/state/gpcn/demo-journal.jsonl"  # --demo keeps its own journal
[ "$(stat -c %a "$journal" 2>/dev/null)" = 600 ] && ok "journal written, mode 0600" || bad "journal mode"
[ "$(grep -c '"type":"submission"' "$journal")" = 1 ] && ok "submission journaled" || bad "journal submission"
keys q
waitfor "EXIT=0" && ok "q exits 0 when all succeeded" || bad "exit code after q"
cap | grep -q "^e2e-1 " && ok "summary left on the normal screen" || bad "summary"
tty_restored && ok "tty restored (icanon echo)" || bad "tty after q"

# 2. Resize in the middle of the wizard loses nothing.
start 100 30 "$DEMO"
waitfor "Choose a data center"; keys Enter
waitfor "Choose an image"; keys /; text "deb"; waitfor "/deb"
$T resize-window -t e2e -x 80 -y 24
waitfor "Choose an image" && sleep 0.2 && rows_are 80 && ok "re-laid out at 80x24" || bad "80x24 layout"
cap | grep -q "/deb" && ok "filter text kept across resize" || bad "filter lost on resize"
$T resize-window -t e2e -x 60 -y 20
waitfor "too small" && ok "too-small screen below 80x24" || bad "too small"
$T resize-window -t e2e -x 100 -y 30
waitfor "Debian" && waitfor "/deb" && ok "back to 100x30 with the filter" || bad "resize back"
rows_are 100 && ok "rows are 100 columns again" || bad "widths after resize back"

# 3. Ctrl-C asks, then quits; the terminal is sane.
keys C-c
waitfor "Quit gpcn?" && ok "Ctrl-C asks before quitting" || bad "quit confirm"
keys y
waitfor "EXIT=130" && ok "confirmed quit exits 130" || bad "exit after Ctrl-C"
tty_restored && ok "tty restored after Ctrl-C" || bad "tty after Ctrl-C"
alt_screen_off && ok "alternate screen left" || bad "alternate screen"

# 4. SIGTERM.
start 100 30 "$DEMO"
waitfor "Choose a data center"
pid=$(app_pid)
[ -n "$pid" ] && kill -TERM "$pid"
waitfor "EXIT=" && ok "SIGTERM ends gpcn" || bad "SIGTERM"
tty_restored && ok "tty restored after SIGTERM" || bad "tty after SIGTERM"
alt_screen_off && ok "alternate screen left after SIGTERM" || bad "alt screen after SIGTERM"

# 5. The terminal closes while SIGHUP is ignored (nohup-like): gpcn must exit, not spin.
tmux_new 100 30 "trap '' HUP; env LANG=C.UTF-8 XDG_STATE_HOME=$E2E_TMP/state $DEMO exec $BIN_ARGS"
waitfor "Choose a data center"
hpid=$($T display -p -t e2e '#{pane_pid}')
stop_tmux
if ! waitexit "$hpid"; then
  cpu=$(ps -o %cpu= -p "$hpid"); bad "still running after the terminal closed (cpu $cpu%)"; kill -KILL "$hpid"
else
  ok "exits when the terminal closes, SIGHUP ignored"
fi

# 6. Ctrl-Z and fg from an interactive shell.
tmux_new 100 30 "env -i PATH=$PATH HOME=$HOME TERM=tmux-256color LANG=C.UTF-8 PS1='sh$ ' bash --norc -i"
waitfor 'sh$'
text "XDG_STATE_HOME=$E2E_TMP/state $DEMO $BIN_ARGS"; keys Enter
waitfor "Choose a data center" && keys Down
waitfor "▶ Kansas" || true
keys C-z
waitfor "Stopped" && ok "Ctrl-Z suspends to the shell" || bad "Ctrl-Z"
text "fg"; keys Enter
waitfor "Choose a data center" && keys Down
waitfor "▶ New York" && ok "fg resumes and keys work" || bad "fg resume"
keys C-c; waitfor "Quit gpcn?" && keys y
waitfor 'sh$' && ok "quit back to the shell" || bad "quit after fg"

# 8. A secret prompt (echo off) ended by SIGTERM, SIGHUP or Ctrl-C gives the echo back: the
# shared reader of --password-stdin on a terminal, `config init` and accessible mode.
SAVED_ARGS=$BIN_ARGS
BIN_ARGS="$BIN create --demo --password-stdin --yes"
for how in TERM HUP INT; do
  start 100 30 "$DEMO"
  waitfor "VM password (not shown)" || bad "no password prompt ($how)"
  pid=$(app_pid)
  if [ "$how" = INT ]; then keys C-c; else [ -n "$pid" ] && kill -$how "$pid"; fi
  want="EXIT="; [ "$how" = INT ] && want="EXIT=130"
  waitfor "$want" && ok "SIG$how at the password prompt ends gpcn" || bad "SIG$how at the password prompt"
  tty_restored && ok "echo back after SIG$how at the password prompt" || bad "tty after SIG$how at the password prompt"
done
BIN_ARGS="$BIN config init --profile e2e-secret"
start 100 30 "XDG_CONFIG_HOME=$E2E_TMP/config"
if waitfor "not shown" 5; then
  pid=$(app_pid); [ -n "$pid" ] && kill -TERM "$pid"
  waitfor "EXIT=" && tty_restored && ok "echo back after SIGTERM at config init's key prompt" || bad "tty after config init SIGTERM"
else
  bad "config init showed no key prompt"
fi
BIN_ARGS=$SAVED_ARGS

# 7. No terminal, no curses.
stop_tmux
out=$(env LANG=C.UTF-8 TERM=xterm "$BIN" --demo </dev/null 2>&1); rc=$?
[ $rc -eq 1 ] && echo "$out" | grep -q "terminal" && ok "no tty: exit 1 with a message" || bad "no tty rc=$rc $out"
out=$(script -qec "env TERM=dumb $BIN --demo" /dev/null 2>&1 </dev/null); rc=$?
echo "$out" | grep -qi "terminal" && ok "TERM=dumb refused with a message" || bad "TERM=dumb: $out"

finish
