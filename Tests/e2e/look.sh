#!/usr/bin/env bash
# End to end, look and compatibility: the real gpcn in tmux with TERM=linux, NO_COLOR=1 and
# the C locale (the wizard still walks and reads: ASCII only, no replacement characters);
# colour depth per TERM; --theme; a broken theme; `gpcn themes`; the accessible flow driven
# through a pipe from a script to a submitted batch.
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
DEMO="GPCN_DEMO_SPEED=120 GPCN_DEMO_FAIL_RATE=0"
BIN_ARGS="$BIN --demo"
# Nothing but printable ASCII on the screen (no U+FFFD, no mojibake, no stray escapes).
ascii_only() { cap | LC_ALL=C grep -q '[^ -~]' && return 1; return 0; }

# 1. TERM=linux, NO_COLOR=1, LANG=C: walk the wizard to a submitted batch.
start 100 30 "$DEMO TERM=linux NO_COLOR=1 LANG=C LC_ALL=C"
waitfor "Choose a data center" && ok "C locale, TERM=linux, NO_COLOR: first frame" || bad "first frame in the C locale"
cap | grep -q '^+- Choose a data center -' && ok "ASCII box corners" || bad "ASCII borders"
cap | grep -q '| > Chicago ' && ok "ASCII pointer on the selected row" || bad "ASCII pointer"
cap | grep -q '???? Tokyo  NRT-1' && ok "non-ASCII API data replaced with ? per column" || bad "Tokyo row"
ascii_only && ok "no replacement or non-ASCII characters on screen" || bad "non-ASCII on screen"
rows_are 100 && ok "rows are 100 columns" || bad "row widths"
[ -z "$($T capture-pane -p -e -t e2e | grep -E $'\e\\[[0-9;]*(3[0-7]|38;5;[0-9]+|4[0-7]|48;5;[0-9]+)m')" ] \
  && ok "NO_COLOR: no colour escapes, attributes only" || bad "colour escapes under NO_COLOR"
$T capture-pane -p -e -t e2e | grep '> Chicago' | grep -qE $'\e\\[([0-9]+;)*7m' && ok "selection shown in reverse video" || bad "selection attribute"
keys /; text "chic"; waitfor "/chic" && keys Enter
waitfor "Choose an image for Chicago" && ok "step 2 image" || bad "image step"
keys /; text "ubuntu 24"; waitfor "/ubuntu 24" && keys Enter
waitfor "Choose a size" && keys Enter
waitfor "How to log in to" && ok "step 4 access" || bad "access step"
$T capture-pane -p -e -t e2e | grep 'Login method' | grep -qE $'\e\\[([0-9]+;)*7m> Login' && ok "focused field in reverse video" || bad "focus attribute"
cap | grep -q '> Login method' && ok "focused field has a text marker" || bad "focus marker"
keys Enter
waitfor "Networks of Chicago" && keys Space
waitfor "[x]" && ok "ASCII checkbox [x]" || bad "ASCII checkbox"
keys Enter
waitfor "Name and count" && { text "clook"; keys Tab; text "+"; }
waitfor "creates clook-1 and clook-2" && keys Enter
waitfor "Review: Enter creates 2 VMs" && ok "step 7 review" || bad "review"
ascii_only && ok "review is ASCII" || bad "review not ASCII"
deliberate Enter
waitfor "All jobs have ended" 30 && ok "submitted and followed in the C locale" || bad "jobs in the C locale"
ascii_only && ok "jobs screen is ASCII" || bad "jobs screen not ASCII"
keys q
waitfor "EXIT=0" && ok "exit 0" || bad "exit code"
tty_restored && ok "tty restored" || bad "tty"

# 2. Colour depth by TERM (tmux passes the escapes through to capture-pane -e).
depth_check() {  # TERM, pattern expected in the selected row, label
  start 100 30 "$DEMO TERM=$1"
  if waitfor "Choose a data center" && waitfor "Chicago"; then  # the title is drawn before the rows
    if $T capture-pane -p -e -t e2e | grep 'Chicago' | grep -qE "$2"; then ok "TERM=$1: $3"; else bad "TERM=$1: $3"; fi
  else
    bad "TERM=$1: no first frame"
  fi
  keys C-c; waitfor "Quit gpcn?" && keys y; waitfor "EXIT=130" || bad "TERM=$1: quit"
}
depth_check xterm-256color $'\e\\[38;5;231m' "256 colours"
depth_check tmux-256color $'\e\\[38;5;231m' "256 colours"
depth_check xterm $'\e\\[(1m\e\\[)?37m' "8 colours (bright as bold)"
depth_check screen $'\e\\[(1m\e\\[)?37m' "8 colours"
depth_check linux $'\e\\[(1m\e\\[)?37m' "8 colours"
depth_check vt100 $'\e\\[7m' "no colours: reverse video"

# 3. --colors none and --theme light on a 256-colour terminal.
BIN_ARGS="$BIN --demo --colors none"
depth_check xterm-256color $'\e\\[7m' "--colors none: reverse video"
BIN_ARGS="$BIN --demo --theme light"
start 100 30 "$DEMO TERM=xterm-256color"
waitfor "Choose a data center"
$T capture-pane -p -e -t e2e | grep -q $'\e\\[38;5;24m' && ok "--theme light draws its colours (title 24)" || bad "--theme light"
keys C-c; waitfor "Quit gpcn?" && keys y; waitfor "EXIT=130"

# 4. A broken theme: a message with file, line and key, then the default theme.
mkdir -p "$E2E_TMP/cfg/gpcn/themes"
printf 'name = "broken"\n[roles.text]\nfg = 999\n' > "$E2E_TMP/cfg/gpcn/themes/broken.toml"
BIN_ARGS="$BIN --demo --theme broken"
start 100 30 "$DEMO TERM=xterm-256color XDG_CONFIG_HOME=$E2E_TMP/cfg"
waitfor "Choose a data center" && ok "a broken theme does not stop gpcn" || bad "broken theme"
keys C-c; waitfor "Quit gpcn?" && keys y; waitfor "EXIT=130"
$T capture-pane -p -J -t e2e | grep -q "broken.toml:3: roles.text.fg: colour 999 is out of range 0-255; using the default theme" \
  && ok "broken theme reported with line and key" || bad "broken theme message"
stop_tmux

# 5. gpcn themes: every shipped theme, plain text when not a terminal.
out=$(cd / && "$BIN" themes)
for name in default light high-contrast monochrome solarized-dark; do
  echo "$out" | grep -q "^$name " || bad "gpcn themes lists $name"
done
echo "$out" | grep -q "text muted accent" && ok "gpcn themes lists every theme with a preview, from any directory" || bad "themes preview"
printf '%s' "$out" | grep -q $'\e' && bad "escapes in piped gpcn themes" || ok "no escapes when piped"

# 6. The accessible flow, driven through a pipe from a script to a submitted batch.
answers=$'1\n1\n1\n\n\n\n5\nn\nacc\n2\n0\ny\n'
out=$(printf '%s' "$answers" | env LANG=C.UTF-8 XDG_STATE_HOME="$E2E_TMP/state" GPCN_DEMO_SPEED=120 GPCN_DEMO_FAIL_RATE=0 \
      timeout 60 "$BIN" --demo --accessible 2>&1); rc=$?
[ $rc -eq 0 ] && ok "accessible flow exits 0" || bad "accessible rc=$rc"
echo "$out" | grep -q "^Step 1 of 7: Data center" && ok "accessible: numbered steps" || bad "accessible steps"
echo "$out" | grep -q "^  1\. Chicago" && ok "accessible: numbered choices" || bad "accessible choices"
echo "$out" | grep -q "^Create 2 VMs?" && ok "accessible: review and confirm" || bad "accessible confirm"
echo "$out" | grep -q "^Submitted: 2 jobs accepted" && ok "accessible: batch submitted" || bad "accessible submit"
echo "$out" | grep -q "^acc-2: succeeded" && echo "$out" | grep -q "^Done: 2 succeeded." \
  && ok "accessible: line-per-event progress to the end" || bad "accessible progress"
printf '%s' "$out" | grep -q $'\e' && bad "accessible output has escape sequences" || ok "accessible: no escape sequences"
grep -q '"name":"acc"' "$E2E_TMP/state/gpcn/demo-journal.jsonl" 2>/dev/null && ok "accessible: submission journaled" || bad "accessible journal"
# On a terminal, the create question takes only a line typed after it: a pasted block whose
# last line is "y" answers every question but that one (the waiting "y" is dropped and said so).
SAVED_ARGS=$BIN_ARGS
BIN_ARGS="$BIN --demo --accessible"
start 100 30 "GPCN_DEMO_SPEED=120 GPCN_DEMO_FAIL_RATE=0"
if waitfor "Data center" 10; then
  $T set-buffer -b accpaste "${answers//acc/tty}"
  $T paste-buffer -b accpaste -t e2e
  waitfor "Ignored 1 line already waiting" 15 && ok "accessible: a pasted 'y' is not the create's answer" \
    || bad "accessible: pasted answer not dropped"
  sleep 0.5
  cap | grep -q "Submitted:" && bad "accessible: a paste created VMs" || ok "accessible: nothing sent by the paste"
  text "y"; keys Enter
  waitfor "Submitted: 2 jobs accepted" 10 && ok "accessible: a 'y' typed after the question creates" \
    || bad "accessible: typed 'y' did not create"
else
  bad "accessible on a terminal: no first question"
fi
stop_tmux
BIN_ARGS=$SAVED_ARGS
out=$(printf '1\n1\n7\n' | env LANG=C.UTF-8 XDG_STATE_HOME="$E2E_TMP/state" timeout 30 "$BIN" --demo --accessible 2>&1); rc=$?
echo "$out" | grep -q "Not accepted: M-Medium-1 cannot be chosen" && ok "accessible: unavailable size refused with the reason" \
  || bad "accessible refusal"
[ $rc -eq 1 ] && echo "$out" | grep -q "input ended before the VMs were submitted" \
  && ok "accessible: end of input exits 1, nothing sent" || bad "accessible EOF rc=$rc"
out=$(printf '5\n' | env LANG=C GPCN_ACCESSIBLE=1 XDG_STATE_HOME="$E2E_TMP/state" timeout 30 "$BIN" --demo 2>&1)
echo "$out" | grep -q "Chosen: ???? Tokyo" && ! printf '%s' "$out" | LC_ALL=C grep -q '[^ -~]' \
  && ok "GPCN_ACCESSIBLE=1 in the C locale: ASCII output" || bad "accessible C locale"

finish
