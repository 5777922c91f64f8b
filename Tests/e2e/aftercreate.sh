#!/usr/bin/env bash
# End to end: the dashboard after the create, in tmux, against the documented minimum (addresses
# only on …/network-interfaces and list items): the finished VMs' addresses on their rows, `s`
# running a stand-in `ssh` placed first on PATH with USER@ADDRESS and the dashboard back and
# polling afterwards with the terminal modes intact, `y` copying with OSC 52, and the OSC 777
# notification when all jobs have ended — read on the pty's bytes (script(1)).
source "$(dirname "$0")/lib.sh"
cd "$E2E_ROOT" || exit 1
isolated_env
need_bin
sim MIN --api-key "$KEY" --speed 300 --fail-rate 0 --dialect minimal || abort "simulator did not start"

# The stand-in ssh: records its arguments, says so, waits a moment, exits 0.
mkdir -p "$E2E_TMP/bin"
cat > "$E2E_TMP/bin/ssh" <<SH
#!/bin/sh
printf '%s\n' "\$*" > "$E2E_TMP/ssh-args"
stty -a > "$E2E_TMP/ssh-stty"
echo "stand-in ssh \$*"
sleep 0.5
exit 0
SH
chmod +x "$E2E_TMP/bin/ssh"

PLOG="$E2E_TMP/pty.log"
tmux_new 120 30 "cd $E2E_TMP; script -qefc 'env LANG=C.UTF-8 PATH=$E2E_TMP/bin:$PATH XDG_STATE_HOME=$E2E_TMP/state $(api_env "$PORT_MIN") \
$BIN create --datacenter chicago --image \"ubuntu 24\" --size g-small-1 --name after --count 2 --public-ip --wait --yes' $PLOG; \
printf '\r\033[KEXIT=%s\n' \$?; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(echo|icanon)' | tr '\n' ' '; echo; sleep 600"
waitfor "All jobs have ended" 30 && ok "the batch was followed on the dashboard" || bad "jobs did not end"
waitfor "public 203." 10 && ok "finished rows show their addresses (from the interfaces)" || bad "no addresses on the rows"
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(0 if b"\x1b]777;notify;gpcn: all jobs have ended;2 done" in d else 1)' "$PLOG" \
  && ok "OSC 777 notification in the pty bytes when all ended" || bad "no OSC 777"
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(0 if b"\x1b]2;gpcn: 2 done\x07" in d else 1)' "$PLOG" \
  && ok "the window title says the counts" || bad "no OSC 2 title"

keys y
waitfor "Copied after-" && ok "y says what it copied" || bad "y: no notice"
addr=$(cap | grep -o "Copied after-[0-9]'s address [0-9.]*" | awk '{print $NF}')
b64=$(printf '%s' "$addr" | base64)
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(0 if (b"\x1b]52;c;"+sys.argv[2].encode()+b"\x07") in d else 1)' "$PLOG" "$b64" \
  && ok "OSC 52 with the address ($addr) in the pty bytes" || bad "no OSC 52 for $addr"

keys s
waitfor "Back from ssh" 10 && ok "s ran ssh and the dashboard came back" || bad "no way back from ssh"
grep -qE '^[a-z_][a-z0-9_-]*@203\.0\.113\.[0-9]+$' "$E2E_TMP/ssh-args" && ok "ssh got USER@PUBLIC-ADDRESS ($(cat "$E2E_TMP/ssh-args"))" \
  || bad "ssh args: $(cat "$E2E_TMP/ssh-args" 2>/dev/null)"
grep -qw -- "-icanon" "$E2E_TMP/ssh-stty" 2>/dev/null && bad "ssh got the terminal in raw mode" || ok "ssh got the terminal in cooked mode (full screen left)"
cap | grep -q "after-1" && cap | grep -q "All jobs have ended" && ok "the dashboard is drawn again" || bad "not redrawn"
keys e
waitfor "Inventory written to" && ok "e says where the inventory went" || bad "e: no notice"
# The minimal server names no image default user, and none was asked for: no ansible_user is guessed.
grep -qE '^after-1 ansible_host=203\.0\.113\.[0-9]+$' "$E2E_TMP/after.ini" 2>/dev/null && grep -q '^\[after\]' "$E2E_TMP/after.ini" \
  && ok "after.ini: an Ansible inventory, a group for the batch, each VM at its address" || bad "inventory: $(cat "$E2E_TMP/after.ini" 2>&1)"
[ "$(stat -c %a "$E2E_TMP/after.ini" 2>/dev/null)" = 644 ] && ok "after.ini is 0644" || bad "inventory mode"
keys e
waitfor "after-2.ini" && ok "a second e never overwrites: after-2.ini" || bad "second export"
keys q
waitfor "EXIT=0" 10 && ok "q exits 0" || bad "exit after q"
CAP_FROM=-60
cap | grep -qE '^after-1 .* succeeded +10\.[0-9.]+ 203\.0\.113\.[0-9]+' && ok "the summary left in the scrollback has the addresses" \
  || bad "summary: $(cap | grep -A3 NAME)"
tty_restored && ok "terminal modes intact after ssh and q" || bad "tty modes"
finish
