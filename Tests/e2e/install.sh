#!/usr/bin/env bash
# End-to-end checks of installing and connecting like an operator (docs/install.md):
#   1. scripts/install.sh --prefix with --binary: runs from another folder with the themes found,
#      man -l renders the page, completions in place, --uninstall leaves the prefix as it was;
#   2. scripts/package-deb.sh from the same binary: Depends read from it, dpkg -x into a scratch
#      root, gpcn --version, --demo catalog data-centers and man -l from there;
#   3. proxies (Tests/e2e/proxy.py logs what went through it): http_proxy, HTTPS_PROXY with
#      CONNECT, HTTP_PROXY (ignored under CGI), NO_PROXY, credentials, and one
#      line naming the cause when the proxy refuses the connection or the CONNECT;
#   4. the simulator serving TLS from a CA made here with openssl: one TLS line without the CA,
#      works with SSL_CERT_FILE and with a profile's ca_file;
#   5. gpcn doctor: a 0644 key file is a failure with chmod 600 FILE as the fix; a healthy setup
#      against gpcn simulate exits 0.
#
#   swift build && BIN=$PWD/.build/debug/gpcn bash Tests/e2e/install.sh
#
# Needs python3, openssl, gcc, man (man-db), dpkg-deb and dpkg-shlibdeps (dpkg-dev); .ci/run
# installs them. The debug binary is packaged with --allow-unpackaged-libs: it needs the Swift
# runtime under /opt/swift, which CI has (a release package links it in statically).
source "$(dirname "$0")/lib.sh"
need_bin
TMP=$E2E_TMP
ROOT=$E2E_ROOT
for tool in python3 openssl man dpkg-deb dpkg-shlibdeps gcc; do
  command -v "$tool" >/dev/null || abort "$tool is missing (.ci/run installs it)"
done

# run [VAR=value ...] -- ARGS...: gpcn with only PATH, a scratch HOME and the given variables
# (no proxy or key of the caller leaks in); sets RC, OUT, ERR.
run() {
  local vars=()
  while [ "$1" != "--" ]; do vars+=("$1"); shift; done
  shift
  env -i PATH="$PATH" HOME="$TMP/home" LANG=C.UTF-8 "${vars[@]}" timeout 60 "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
  RC=$?
  OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
}
# one_line NAME REGEX: RC 2, exactly one stderr line matching REGEX.
one_line() {
  local lines; lines=$(printf '%s' "$ERR" | awk 'END { print NR }')
  if [ "$RC" -eq 2 ] && [ "$lines" -eq 1 ] && printf '%s' "$ERR" | grep -Eq -- "$2"; then ok "$1"
  else bad "$1: exit $RC, stderr: $ERR"; fi
}
mkdir -p "$TMP/home" "$TMP/elsewhere"

# --- 1. install.sh ------------------------------------------------------------------------------
P="$TMP/prefix"
mkdir -p "$P/bin" "$P/share/man"
echo keep >"$P/bin/other-tool"
before=$(cd "$P" && find . | sort)
if (cd "$TMP/elsewhere" && "$ROOT/scripts/install.sh" --prefix "$P" --binary "$BIN") >"$TMP/install.out" 2>&1; then
  ok "install.sh --prefix --binary"
else
  bad "install.sh failed: $(cat "$TMP/install.out")"
fi
for f in bin/gpcn share/man/man1/gpcn.1 share/bash-completion/completions/gpcn share/zsh/site-functions/_gpcn \
         share/fish/vendor_completions.d/gpcn.fish share/gpcn/themes/default.toml share/gpcn/install-manifest; do
  [ -s "$P/$f" ] || bad "install.sh did not install $f"
done
check "the bash completion is valid bash and completes doctor" bash -c "bash -n '$P/share/bash-completion/completions/gpcn' && grep -q doctor '$P/share/bash-completion/completions/gpcn'"
check "the installed binary is stripped" bash -c "! readelf -S '$P/bin/gpcn' | grep -q '\.debug_info'"
(cd "$TMP/elsewhere" && env -i PATH=/usr/bin:/bin HOME="$TMP/home" "$P/bin/gpcn" --demo catalog data-centers >"$TMP/dc.out" 2>&1)
check "the installed gpcn --demo catalog data-centers works from another folder" grep -q Chicago "$TMP/dc.out"
(cd "$TMP/elsewhere" && env -i PATH=/usr/bin:/bin HOME="$TMP/home" "$P/bin/gpcn" themes high-contrast >"$TMP/theme.out" 2>&1)
check "the installed gpcn finds its themes in PREFIX/share/gpcn/themes" grep -qF "$P/share/gpcn/themes/high-contrast.toml" "$TMP/theme.out"
MANWIDTH=80 man -l "$P/share/man/man1/gpcn.1" >"$TMP/man.out" 2>"$TMP/man.err"
check "man -l renders the page without warnings" test ! -s "$TMP/man.err"
check "the man page documents the commands (simulate --tls-cert, doctor)" bash -c "grep -q -- '--tls-cert' '$TMP/man.out' && grep -q 'doctor' '$TMP/man.out'"
"$ROOT/scripts/install.sh" --prefix "$P" --uninstall >/dev/null 2>&1
after=$(cd "$P" && find . | sort)
if [ "$before" = "$after" ] && [ "$(cat "$P/bin/other-tool")" = keep ]; then ok "--uninstall leaves the prefix as it was"
else bad "--uninstall left: $(diff <(echo "$before") <(echo "$after"))"; fi
"$ROOT/scripts/install.sh" --prefix "$TMP/new/prefix" --binary "$BIN" >/dev/null 2>&1 \
  && "$ROOT/scripts/install.sh" --prefix "$TMP/new/prefix" --uninstall >/dev/null 2>&1
check "--uninstall removes the folders the install made (a new prefix is gone again)" test ! -e "$TMP/new"
echo mine >"$P/bin/gpcn"
"$ROOT/scripts/install.sh" --prefix "$P" --binary "$BIN" >/dev/null 2>"$TMP/refuse.err"
check_exit 1 "install.sh refuses to overwrite a gpcn it did not install"
check "…and writes nothing" bash -c "[ \"\$(cat '$P/bin/gpcn')\" = mine ] && [ ! -e '$P/share/gpcn' ]"
rm -f "$P/bin/gpcn"

# --- 2. the Debian package -----------------------------------------------------------------------
if "$ROOT/scripts/package-deb.sh" --binary "$BIN" --out "$TMP/deb" >"$TMP/deb.out" 2>&1; then
  bad "package-deb.sh packaged a binary that needs the unpackaged Swift runtime without --allow-unpackaged-libs"
else
  check "package-deb.sh refuses a binary needing libraries no package provides, naming them" grep -q libswiftCore "$TMP/deb.out"
fi
if "$ROOT/scripts/package-deb.sh" --binary "$BIN" --out "$TMP/deb" --allow-unpackaged-libs >"$TMP/deb.out" 2>&1; then
  ok "package-deb.sh builds the package"
else
  bad "package-deb.sh failed: $(cat "$TMP/deb.out")"
fi
deb=$(ls "$TMP"/deb/gpcn_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
  depends=$(dpkg-deb -f "$deb" Depends)
  check "Depends names libc6 and ncurses with versions read from the binary ($depends)" \
    bash -c "echo '$depends' | grep -Eq 'libc6 \(>= [0-9.]+\)' && echo '$depends' | grep -Eq 'libncursesw6 \(>= [0-9.]+\)'"
  dpkg -x "$deb" "$TMP/root"
  OUT=$(env -i PATH=/usr/bin:/bin "$TMP/root/usr/bin/gpcn" --version 2>&1)
  check "gpcn --version from the scratch root" test "$OUT" = "$("$BIN" --version)"
  (cd "$TMP/elsewhere" && env -i PATH=/usr/bin:/bin HOME="$TMP/home" "$TMP/root/usr/bin/gpcn" --demo catalog data-centers >"$TMP/dc2.out" 2>&1)
  check "gpcn --demo catalog data-centers from the scratch root" grep -q Chicago "$TMP/dc2.out"
  MANWIDTH=80 man -l "$TMP/root/usr/share/man/man1/gpcn.1" >"$TMP/man2.out" 2>&1
  check "man -l renders the packaged page" grep -q "gpcn doctor" "$TMP/man2.out"
  check "the package has the completions and themes under /usr/share" test -s "$TMP/root/usr/share/zsh/site-functions/_gpcn" -a -s "$TMP/root/usr/share/gpcn/themes/light.toml"
  check "the package carries no install manifest" test ! -e "$TMP/root/usr/share/gpcn/install-manifest"
else
  bad "no .deb in $TMP/deb"
fi

# Depends counts the version needs that name no symbol: packed relative relocations (the
# release build's -z pack-relative-relocs) need GLIBC_ABI_DT_RELR, glibc 2.36, which
# dpkg-shlibdeps alone misses (it said 2.35 for the release gpcn). A small C program shows it.
printf '#include <stdio.h>\nconst char *words[] = {"a", "b", "c"};\nint main(void) { puts(words[1]); return 0; }\n' >"$TMP/relr.c"
gcc -O1 -pie -fPIE -o "$TMP/relr" "$TMP/relr.c" -Wl,-z,pack-relative-relocs && gcc -O1 -pie -fPIE -o "$TMP/plain" "$TMP/relr.c" \
  || abort "gcc could not build the packed-relocation probe"
relr=$("$ROOT/scripts/deb-depends.sh" "$TMP/relr"); plain=$("$ROOT/scripts/deb-depends.sh" "$TMP/plain")
check "a binary with packed relocations depends on libc6 (>= 2.36) ($relr; without them: $plain)" \
  bash -c "[ '$relr' = 'Depends: libc6 (>= 2.36)' ] && [ '$plain' != '$relr' ]"

# --- 3. proxies ---------------------------------------------------------------------------------
# proxy NAME ARGS...: Tests/e2e/proxy.py in the background; sets PROXY_<NAME> (its port); its log
# is $TMP/proxy-NAME.log.
proxy() {
  local name=$1; shift
  python3 "$ROOT/Tests/e2e/proxy.py" "$TMP/proxy-$name.log" "$@" >"$TMP/proxy-$name.out" 2>&1 &
  bg_pid $!
  touch "$TMP/proxy-$name.log"
  printf -v "PROXY_$name" '%s' "$(wait_line "$TMP/proxy-$name.out" '^listening on' | awk '{print $3}')"
}
sim plain || abort "gpcn simulate did not start"
proxy open; proxy deny --refuse-connect; proxy auth --auth 'e2e user:pa:ss word'
[ -n "$PROXY_open" ] && [ -n "$PROXY_deny" ] && [ -n "$PROXY_auth" ] || abort "the test proxy did not start"
H="GPCN_HOST=$URL_plain"
run "$H" "GPCN_API_KEY=$KEY" "http_proxy=http://127.0.0.1:$PROXY_open" NO_PROXY= -- catalog data-centers
check "http_proxy: catalog data-centers works through the proxy" test "$RC" = 0 -a -n "$OUT"
check "…and the proxy logged the request" grep -q "CONNECT 127.0.0.1:$PORT_plain" "$TMP/proxy-open.log"
lines=$(wc -l <"$TMP/proxy-open.log")
run "$H" "GPCN_API_KEY=$KEY" "HTTP_PROXY=http://127.0.0.1:$PROXY_open" NO_PROXY= -- catalog data-centers
check "HTTP_PROXY (NO_PROXY empty): catalog data-centers goes through the proxy" \
  test "$RC" = 0 -a "$(wc -l <"$TMP/proxy-open.log")" -gt "$lines"
lines=$(wc -l <"$TMP/proxy-open.log")
run "$H" "GPCN_API_KEY=$KEY" "HTTP_PROXY=http://127.0.0.1:$PROXY_open" REQUEST_METHOD=GET -- catalog data-centers
check "HTTP_PROXY is ignored under CGI (REQUEST_METHOD set: httpoxy), direct" \
  test "$RC" = 0 -a "$(wc -l <"$TMP/proxy-open.log")" = "$lines"
run "$H" "GPCN_API_KEY=$KEY" "http_proxy=http://127.0.0.1:$PROXY_open" NO_PROXY=127.0.0.1 -- catalog data-centers
check "NO_PROXY=127.0.0.1 goes direct" test "$RC" = 0 -a "$(wc -l <"$TMP/proxy-open.log")" = "$lines"
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run "$H" "GPCN_API_KEY=$KEY" "http_proxy=http://127.0.0.1:$closed" -- catalog data-centers
one_line "a proxy that refuses the connection: one line naming it and its variable" \
  "proxy 127\.0\.0\.1:$closed \(from http_proxy\) refused the connection"
run "$H" "GPCN_API_KEY=$KEY" "http_proxy=http://127.0.0.1:$PROXY_deny" -- catalog data-centers
one_line "a proxy that refuses the CONNECT: one line" "proxy 127\.0\.0\.1:$PROXY_deny \(from http_proxy\) refused to connect to 127\.0\.0\.1:$PORT_plain"
run "$H" "GPCN_API_KEY=$KEY" "http_proxy=http://127.0.0.1:$PROXY_auth" -- catalog data-centers
one_line "a proxy that wants credentials (407): one line" "wants a user name and password \(407\)"
run "$H" "GPCN_API_KEY=$KEY" "http_proxy=http://e2e%20user:pa%3Ass%20word@127.0.0.1:$PROXY_auth" -- --debug --log-file "$TMP/debug.log" catalog data-centers
check "proxy credentials from the URL are sent as Basic (the proxy accepted them)" bash -c "[ $RC = 0 ] && grep -q AUTH-OK '$TMP/proxy-auth.log'"
check "…and the password is in no output or log" bash -c "[ -s '$TMP/debug.log' ] && ! grep -qF 'pa:ss' '$TMP/out' '$TMP/err' '$TMP/debug.log'"
run "HTTPS_PROXY=http://ops:s3cr3t-proxy-pw@10.9.8.7:3128" "SSL_CERT_FILE=/etc/corp-ca.pem" -- config show
check "config show names the proxy, its variable and the extra CA, never the proxy password" bash -c \
  "grep -Eq '^proxy +10\.9\.8\.7:3128 \(with credentials, not shown\) +HTTPS_PROXY' '$TMP/out' && grep -Eq '^extra CA +/etc/corp-ca.pem +SSL_CERT_FILE' '$TMP/out' && ! grep -qF 's3cr3t-proxy-pw' '$TMP/out'"
run "$H" "GPCN_API_KEY=$KEY" "http_proxy=socks5://127.0.0.1:1080" -- catalog data-centers
check "a SOCKS proxy URL is refused with one usage line" bash -c "[ $RC = 1 ] && grep -q 'SOCKS proxy' '$TMP/err'"

# --- 4. TLS from a test CA ----------------------------------------------------------------------
C="$TMP/ca"; mkdir -p "$C"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$C/ca.key" -out "$C/ca.pem" -days 2 -subj "/CN=gpcn e2e CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$C/server.key" -out "$C/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$C/ext"
openssl x509 -req -in "$C/server.csr" -CA "$C/ca.pem" -CAkey "$C/ca.key" -CAcreateserial -out "$C/server.pem" \
  -days 2 -extfile "$C/ext" 2>/dev/null || abort "openssl could not make the test certificates"
"$BIN" simulate --port 0 --tls-cert "$C/server.pem" --tls-key "$C/server.key" >"$TMP/tls.out" 2>&1 </dev/null &
bg_pid $!
TLS_URL=$(wait_line "$TMP/tls.out" 'listening on https://127\.0\.0\.1:[0-9]+' | grep -o 'https://127\.0\.0\.1:[0-9]*')
[ -n "$TLS_URL" ] || abort "gpcn simulate --tls-cert did not start: $(cat "$TMP/tls.out")"
T="GPCN_HOST=$TLS_URL"
run "$T" "GPCN_API_KEY=$KEY" -- catalog data-centers
one_line "without the test CA: one TLS line naming the cause and the fix" \
  "TLS: the server's certificate is not signed by a trusted CA \(add it with SSL_CERT_FILE or ca_file\)"
run "$T" "GPCN_API_KEY=$KEY" "SSL_CERT_FILE=$C/ca.pem" -- catalog data-centers
check "with SSL_CERT_FILE=the test CA: catalog data-centers works over TLS" test "$RC" = 0 -a -n "$OUT"
mkdir -p "$C/dir"; cp "$C/ca.pem" "$C/dir/"
run "$T" "GPCN_API_KEY=$KEY" "SSL_CERT_DIR=$C/dir" -- catalog data-centers
check "with SSL_CERT_DIR holding the test CA: works" test "$RC" = 0
run "$T" "GPCN_API_KEY=$KEY" "SSL_CERT_FILE=$C/missing.pem" -- catalog data-centers
check "a missing SSL_CERT_FILE is one usage line naming it" bash -c "[ $RC = 1 ] && grep -q 'SSL_CERT_FILE $C/missing.pem: no such file' '$TMP/err'"
mkdir -p "$TMP/cfg"
printf '[profiles.corp]\nhost = "%s"\nca_file = "ca.pem"\n' "$TLS_URL" >"$TMP/cfg/config.toml"
cp "$C/ca.pem" "$TMP/cfg/ca.pem"
run "GPCN_CONFIG=$TMP/cfg/config.toml" "GPCN_API_KEY=$KEY" -- --profile corp catalog data-centers
check "a profile's ca_file (relative to the config file) is trusted" test "$RC" = 0 -a -n "$OUT"
run "$T" "GPCN_API_KEY=$KEY" "SSL_CERT_FILE=$C/ca.pem" "HTTPS_PROXY=http://127.0.0.1:$PROXY_open" NO_PROXY= -- catalog data-centers
check "https through HTTPS_PROXY with CONNECT, verified by the test CA" \
  bash -c "[ $RC = 0 ] && grep -q 'CONNECT 127.0.0.1:${TLS_URL##*:}' '$TMP/proxy-open.log'"

# --- 5. gpcn doctor -----------------------------------------------------------------------------
D="$TMP/doctor"; mkdir -p "$D"
printf '%s\n' "$KEY" >"$D/prod.key"; chmod 644 "$D/prod.key"
printf 'default_profile = "prod"\n[profiles.prod]\nhost = "%s"\napi_key_file = "%s"\n' "$URL_plain" "$D/prod.key" >"$D/config.toml"
chmod 600 "$D/config.toml"
run "GPCN_CONFIG=$D/config.toml" "XDG_STATE_HOME=$TMP/state" -- doctor
check "doctor: a 0644 key file fails (exit 1)" test "$RC" = 1
check "…on the key file row, with chmod 600 FILE as the fix" bash -c "grep -E '^key file +fail .*0644.*chmod 600 $D/prod.key\$' '$TMP/out' >/dev/null"
check "…and never prints the key" bash -c "! grep -qF '$KEY' '$TMP/out' '$TMP/err'"
run "GPCN_CONFIG=$D/config.toml" "XDG_STATE_HOME=$TMP/state" -- doctor --output json
check "doctor --output json: the key file's verdict is fail with the fix" python3 -c "
import json, sys
r = json.load(open('$TMP/out'))
row = [c for c in r['checks'] if c['name'] == 'key file'][0]
sys.exit(0 if not r['ok'] and row['verdict'] == 'fail' and row['fix'] == 'chmod 600 $D/prod.key' else 1)"
chmod 600 "$D/prod.key"
run "GPCN_CONFIG=$D/config.toml" "XDG_STATE_HOME=$TMP/state" TERM=xterm-256color -- doctor
check "doctor against gpcn simulate: nothing fails once the key file is 0600 (exit 0)" test "$RC" = 0
check "…the key is accepted and the clock is compared" bash -c "grep -Eq '^API key accepted +ok' '$TMP/out' && grep -Eq '^clock +ok' '$TMP/out'"
run "$T" "GPCN_API_KEY=$KEY" "SSL_CERT_FILE=$C/ca.pem" "XDG_STATE_HOME=$TMP/state" -- doctor
check "doctor over TLS names the CA that verified it" grep -Eq "^TLS +ok +verified by SSL_CERT_FILE $C/ca.pem" "$TMP/out"
run "$T" "GPCN_API_KEY=$KEY" "XDG_STATE_HOME=$TMP/state" -- doctor
check "doctor without the CA: the TLS row fails with the SSL_CERT_FILE fix" grep -Eq "^TLS +fail .*SSL_CERT_FILE" "$TMP/out"
run "XDG_STATE_HOME=$TMP/state" -- --demo doctor
check "gpcn --demo doctor exits 0" test "$RC" = 0

finish
