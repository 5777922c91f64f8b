# Shared helpers for the tmux end-to-end scripts (sourced, not run).
# A fresh tmux server per scenario (re-using a socket right after kill-server races), the
# screen read with capture-pane and polled for text instead of fixed sleeps.
set -u
BIN=${BIN:-$PWD/.build/debug/gpcn}
E2E_TMP=$(mktemp -d /tmp/gpcn-e2e.XXXXXX)
pass=0; fail=0; run=0; T=""
ok()  { echo "ok   $*"; pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); [ -n "$T" ] && { echo "---- screen:"; cap | sed 's/^/    /'; echo "----"; }; }
cap() { $T capture-pane -p -t e2e 2>/dev/null; }
# waitfor TEXT [SECONDS]: poll the screen until TEXT shows.
waitfor() { local n=$(( ${2:-10} * 10 )); for _ in $(seq "$n"); do cap | grep -qF -- "$1" && return 0; sleep 0.1; done; return 1; }
# waitgone TEXT [SECONDS]
waitgone() { local n=$(( ${2:-10} * 10 )); for _ in $(seq "$n"); do cap | grep -qF -- "$1" || return 0; sleep 0.1; done; return 1; }
keys() { $T send-keys -t e2e "$@"; }
text() { $T send-keys -t e2e -l -- "$1"; }
# start COLS ROWS ENV...: runs gpcn in a new tmux server; after it exits the pane shows
# EXIT=<code> and the tty modes, which prove endwin restored the terminal.
start() {
  local cols=$1 rows=$2; shift 2
  stop_tmux
  run=$((run+1)); T="tmux -L gpcn-e2e-$$-$run -f /dev/null"
  $T new-session -d -s e2e -x "$cols" -y "$rows" \
    "env LANG=C.UTF-8 XDG_STATE_HOME=$E2E_TMP/state $* $BIN_ARGS; echo EXIT=\$?; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(echo|icanon)' | tr '\n' ' '; echo; sleep 600"
  $T set-option -t e2e status off >/dev/null
}
stop_tmux() { [ -n "$T" ] && $T kill-server 2>/dev/null; T=""; }
tty_restored() { waitfor "icanon" 5 && cap | grep -qE '^(icanon echo|echo icanon) *$'; }
alt_screen_off() { [ "$($T display -p -t e2e '#{alternate_on}')" = 0 ]; }
app_pid() { pgrep -P "$($T display -p -t e2e '#{pane_pid}')" -f gpcn | head -1; }
# Every line that starts with a box character must be exactly N display columns.
rows_are() {
  cap | python3 -c '
import sys, unicodedata
n = int(sys.argv[1]); bad = 0
for line in sys.stdin.read().splitlines():
    if not line or line[0] not in "┌│└+|": continue
    w = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    if w != n: bad += 1; print("width", w, repr(line), file=sys.stderr)
sys.exit(1 if bad else 0)' "$1"
}
finish() {
  stop_tmux
  rm -rf "$E2E_TMP"
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
