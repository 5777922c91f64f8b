# Shared helpers for every end-to-end script (sourced first, not run):
#   source "$(dirname "$0")/lib.sh"
# A script counts its checks with ok/bad/check/check_exit and ends with `finish`, which prints
# the closing line "N passed, M failed" and gives the exit status. One EXIT trap stops what the
# script started (the tmux server, background simulators and processes) and removes E2E_TMP.
# tmux: a fresh server per scenario (re-using a socket right after kill-server races), the
# screen read with capture-pane and polled for text instead of fixed sleeps.
set -u
E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)   # the repository
BIN=${BIN:-$E2E_ROOT/.build/debug/gpcn}
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac   # relative to where the script was started
BIN_ARGS=$BIN                                      # what `start` runs
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/gpcn-e2e.XXXXXX")
pass=0; fail=0; T=""; e2e_servers=0; e2e_pids=(); KEY=""; CAP_FROM=0

# --- Checks and the closing line -------------------------------------------------------------
# ok TEXT / bad TEXT: one passed / failed check; bad also shows the screen when tmux is open.
ok()  { echo "ok   $*"; pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); [ -n "$T" ] && { echo "---- screen:"; cap | sed 's/^/    /'; echo "----"; }; }
# check TEXT COMMAND...: ok TEXT when COMMAND succeeds, else bad TEXT.
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
# check_exit CODE TEXT, right after a command: ok TEXT when it exited CODE, else bad (with its code).
check_exit() { local rc=$?; if [ "$rc" = "$1" ]; then ok "$2"; else bad "$2 (exit $rc)"; fi; }
# finish: the closing line; non-zero when a check failed (so it is a script's last command).
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
# abort TEXT: a failed check the script cannot go on after: the closing line, exit 1.
abort() { bad "$*"; finish; exit 1; }
# need_bin [FILE...]: abort unless BIN (and every FILE) is executable.
need_bin() { local f; for f in "$BIN" "$@"; do [ -x "$f" ] || abort "no binary at $f (swift build first)"; done; }

# --- Clean-up: one EXIT trap -------------------------------------------------------------------
# bg_pid PID...: background processes to kill (and reap) on exit.
bg_pid() { e2e_pids+=("$@"); }
e2e_cleanup() {
  local rc=$? p
  stop_tmux
  for p in "${e2e_pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${e2e_pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$E2E_TMP"
  exit "$rc"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM

# isolated_env: a clean environment for scripted runs: no real key, host, profile or config leaks
# in from the caller; config, state and HOME under E2E_TMP; KEY the simulators' key.
isolated_env() {
  unset GPCN_API_KEY GPCN_HOST GPCN_PROFILE GPCN_CONFIG GPCN_LOG GPCN_VM_PASSWORD GPCN_THEME
  export XDG_CONFIG_HOME=$E2E_TMP/config XDG_STATE_HOME=$E2E_TMP/state HOME=$E2E_TMP/home LANG=C.UTF-8
  mkdir -p "$HOME"
  KEY=gpcn_e2e_key_0123456789abcdef
}

# --- Processes and simulators ------------------------------------------------------------------
# wait_line FILE REGEX [SECONDS]: wait (15 s by default) until a line of FILE matches REGEX
# (grep -E); prints the first such line.
wait_line() {
  local n=$(( ${3:-15} * 10 ))
  for _ in $(seq "$n"); do grep -Em1 -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
# sim NAME ARGS...: `gpcn simulate --port 0 ARGS` in the background (stopped on exit), waited for
# until it listens on a free loopback port. Sets URL_<NAME>, PORT_<NAME>, SIM_PID_<NAME>, and KEY
# (the key it accepts) unless KEY is set already. Its stdout and stderr are in
# $E2E_TMP/sim-NAME.out and .err. Fails when it never listened.
sim() {
  local name=$1 out="$E2E_TMP/sim-$1" url key; shift
  "$BIN" simulate --port 0 "$@" >"$out.out" 2>"$out.err" </dev/null &
  bg_pid $!
  printf -v "SIM_PID_$name" '%s' $!
  url=$(wait_line "$out.out" 'listening on http://127\.0\.0\.1:[0-9]+' | grep -o 'http://127\.0\.0\.1:[0-9]*')
  key=$(sed -n 's/^accepted API key: //p' "$out.out" | head -1)
  printf -v "URL_$name" '%s' "$url"
  printf -v "PORT_$name" '%s' "${url##*:}"
  KEY=${KEY:-$key}
  [ -n "$url" ]
}
# api_env PORT: the environment (VAR=value words) that points gpcn at the simulator on PORT.
api_env() { echo "GPCN_HOST=http://127.0.0.1:$1 GPCN_API_KEY=$KEY"; }
# alive PID: the process exists and is not a zombie.
alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null); [ -n "$st" ] && [ "${st:0:1}" != Z ]; }
# waitexit PID [SECONDS]: wait (5 s by default) until PID has ended; fails if it is still alive.
waitexit() { local n=$(( ${2:-5} * 10 )); for _ in $(seq "$n"); do alive "$1" || return 0; sleep 0.1; done; ! alive "$1"; }

# --- tmux ------------------------------------------------------------------------------------
# tmux_new COLS ROWS COMMAND: a fresh tmux server ($T) whose session e2e runs COMMAND; no
# status line, 5000 lines of scrollback (both set before the pane exists, so they apply).
tmux_new() {
  stop_tmux
  e2e_servers=$((e2e_servers+1)); T="tmux -L gpcn-e2e-$$-$e2e_servers -f /dev/null"
  $T start-server \; set-option -g history-limit 5000 \; set-option -g status off \; \
    new-session -d -s e2e -x "$1" -y "$2" "$3"
}
# start COLS ROWS ENV...: runs $BIN_ARGS with ENV in a fresh tmux server; after it exits the pane
# shows EXIT=<code> and the tty modes, which prove endwin restored the terminal. (The \r puts
# EXIT= at column 0 even after a kill -9 in raw mode leaves the cursor mid-line, and \033[K clears
# what a crash printed on that line, so no digit of it is read as part of the code; no line
# wrap splits it.)
start() {
  local cols=$1 rows=$2; shift 2
  tmux_new "$cols" "$rows" \
    "env LANG=C.UTF-8 XDG_STATE_HOME=$E2E_TMP/state $* $BIN_ARGS; printf '\r\033[KEXIT=%s\n' \$?; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(echo|icanon)' | tr '\n' ' '; echo; sleep 600"
}
stop_tmux() { [ -n "$T" ] && $T kill-server 2>/dev/null; T=""; }
# cap: the screen as text; with CAP_FROM=-N, also the N lines of scrollback above it.
cap() { $T capture-pane -p -t e2e -S "$CAP_FROM" 2>/dev/null; }
# waitfor TEXT [SECONDS]: poll the screen until TEXT shows.
waitfor() { local n=$(( ${2:-10} * 10 )); for _ in $(seq "$n"); do cap | grep -qF -- "$1" && return 0; sleep 0.1; done; return 1; }
# waitgone TEXT [SECONDS]
waitgone() { local n=$(( ${2:-10} * 10 )); for _ in $(seq "$n"); do cap | grep -qF -- "$1" || return 0; sleep 0.1; done; return 1; }
# keys KEY...: tmux key names (Enter, C-c, Down…); text STRING: literal text.
keys() { $T send-keys -t e2e "$@"; }
text() { $T send-keys -t e2e -l -- "$1"; }
# deliberate KEY…: a key that confirms something that costs money (the Review's Enter, a retry's
# y), sent as a person presses it: on its own, not within gpcn's burst window (15 ms) of the key
# before it, or gpcn asks again (docs/architecture.md, "Paste and typed-ahead keys").
deliberate() { sleep 0.1; keys "$@"; }
tty_restored() { waitfor "icanon" 5 && cap | grep -qE '^(icanon echo|echo icanon) *$'; }
alt_screen_off() { [ "$($T display -p -t e2e '#{alternate_on}')" = 0 ]; }
# app_pid: the pid of gpcn running in the pane.
app_pid() { pgrep -P "$($T display -p -t e2e '#{pane_pid}')" -f gpcn | head -1; }
# rows_are N: every line that starts with a box character is exactly N display columns.
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
