#!/usr/bin/env bash
# End to end: the real gpcn binary in tmux against --demo: walk the seven wizard steps with
# filters, submit, see the jobs; resize mid-wizard; Ctrl-C and SIGTERM leave the terminal sane;
# a paste is text, never a command, and bracketed paste is turned off on every way out.
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
waitfor "(default)" && ok "default SSH key preselected" || bad "default key"  # the key list loads after the heading
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
deliberate Enter
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

# 9. Paste is text, never a command: at the Details step a bracketed paste of "name" and three
# newlines (tmux paste-buffer -p brackets it because gpcn asked for bracketed paste) stays on
# Details and creates nothing; Enters typed ahead in one burst stop at the Review; an Enter
# pressed on its own there creates exactly once. A separate `gpcn simulate` counts the creates.
# pstart ENV...: $BIN_ARGS under script(1) in a fresh tmux server: the pty bytes go to $PLOG (to
# see bracketed paste turned off on the way out), gpcn's pid to $PPIDF.
printf '#!/bin/sh\necho $$ > "$1"; shift; exec "$@"\n' > "$E2E_TMP/pidexec"; chmod +x "$E2E_TMP/pidexec"
pn=0
pstart() {
  pn=$((pn+1)); PLOG="$E2E_TMP/pty-$pn.log"; PPIDF="$E2E_TMP/pid-$pn"
  tmux_new 100 30 "script -qefc '$E2E_TMP/pidexec $PPIDF env LANG=C.UTF-8 XDG_STATE_HOME=$E2E_TMP/state $* $BIN_ARGS' $PLOG; printf '\r\033[KEXIT=%s\n' \$?; sleep 600"
}
# paste_off: the pty bytes turned bracketed paste on, and the last word about it is "off".
paste_off() {
  python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); on=d.rfind(b"\x1b[?2004h"); off=d.rfind(b"\x1b[?2004l"); sys.exit(0 if on>=0 and off>on else 1)' "$PLOG"
}
creates() { curl -s "127.0.0.1:$PORT_paste/_simulator/creates" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
SAVED_ARGS=$BIN_ARGS
if sim paste --speed 60 --fail-rate 0; then
  BIN_ARGS=$BIN
  pstart "$(api_env "$PORT_paste")"
  waitfor "Chicago" 10; keys Enter; waitfor "2/7 Image"
  waitfor "Ubuntu" 10; keys Enter; waitfor "3/7 Size"
  waitfor "vCPU" 10; keys Enter; waitfor "4/7 Access"
  waitfor "ops-laptop" 10; keys Enter; waitfor "5/7 Network"
  waitfor "prod-web" 10; keys Enter
  waitfor "6/7 Details" && ok "paste: at the Details step" || bad "paste: no Details step"
  $T set-buffer -b gpcnpaste $'name\n\n\n'
  $T paste-buffer -p -b gpcnpaste -t e2e
  waitfor "control characters were dropped" && ok "paste: the name field says the line breaks were dropped" \
    || bad "paste: no notice"
  sleep 0.5
  cap | grep -q "6/7 Details" && ok "paste: still on Details (a paste never moves a step)" || bad "paste moved the wizard"
  [ "$(creates)" = 0 ] && ok "paste: the simulator received no create" || bad "paste: $(creates) creates"
  # Without bracketed paste (or keys typed ahead): Enters in one burst stop at the Review.
  keys Enter Enter Enter
  waitfor "Press Enter again to create" && ok "burst: Enters typed ahead stop at the Review" || bad "burst: no 'Press Enter again'"
  sleep 0.5
  [ "$(creates)" = 0 ] && ok "burst: still no create" || bad "burst: $(creates) creates"
  keys Enter
  waitfor "All jobs have ended" 30 && ok "an Enter pressed on its own on the Review submits" || bad "no submit after Enter"
  [ "$(creates)" = 1 ] && ok "exactly one create" || bad "$(creates) creates after the Review's Enter"
  keys q
  waitfor "EXIT=" && paste_off && ok "bracketed paste off after q" || bad "bracketed paste left on after q"
else
  bad "paste: no simulator"
fi
BIN_ARGS="$BIN --demo"
pstart "$DEMO"
waitfor "Choose a data center"; keys C-c; waitfor "Quit gpcn?"; keys y
waitfor "EXIT=" && paste_off && ok "bracketed paste off after Ctrl-C" || bad "bracketed paste left on after Ctrl-C"
for how in TERM HUP; do
  pstart "$DEMO"
  waitfor "Choose a data center"
  kill -$how "$(cat "$PPIDF")"
  waitfor "EXIT=" && paste_off && ok "bracketed paste off after SIG$how" || bad "bracketed paste left on after SIG$how"
done
# Ctrl-Z: off while stopped (the shell has the terminal), on again after fg, off after quitting.
# (bash without readline: readline turns bracketed paste on for its own prompt.)
pn=$((pn+1)); PLOG="$E2E_TMP/pty-$pn.log"
tmux_new 100 30 "script -qfc \"env -i PATH=$PATH HOME=$HOME TERM=tmux-256color LANG=C.UTF-8 PS1='sh$ ' bash --norc --noediting -i\" $PLOG"
waitfor 'sh$'
text "XDG_STATE_HOME=$E2E_TMP/state $DEMO $BIN_ARGS"; keys Enter
waitfor "Choose a data center"; keys C-z
waitfor "Stopped" && paste_off && ok "bracketed paste off while suspended (Ctrl-Z)" || bad "bracketed paste left on at Ctrl-Z"
text "fg"; keys Enter
waitfor "Choose a data center" && ! paste_off && ok "bracketed paste on again after fg" || bad "bracketed paste not back after fg"
keys C-c; waitfor "Quit gpcn?" && keys y
waitfor 'sh$' && paste_off && ok "bracketed paste off after quitting from fg" || bad "bracketed paste after quit from fg"
if [ "${SKIP_CRASH:-}" != 1 ]; then
  pstart "$DEMO GPCN_DEBUG_CRASH=wizard SWIFT_BACKTRACE=interactive=no"
  waitfor "EXIT=" 15 && paste_off && ok "bracketed paste off after a crash (the crash handler's bytes)" \
    || bad "bracketed paste left on after a crash"
fi
BIN_ARGS=$SAVED_ARGS

# 7. No terminal, no curses.
stop_tmux
out=$(env LANG=C.UTF-8 TERM=xterm "$BIN" --demo </dev/null 2>&1); rc=$?
[ $rc -eq 1 ] && echo "$out" | grep -q "terminal" && ok "no tty: exit 1 with a message" || bad "no tty rc=$rc $out"
out=$(script -qec "env TERM=dumb $BIN --demo" /dev/null 2>&1 </dev/null); rc=$?
echo "$out" | grep -qi "terminal" && ok "TERM=dumb refused with a message" || bad "TERM=dumb: $out"

finish
