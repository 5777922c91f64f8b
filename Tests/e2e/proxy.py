#!/usr/bin/env python3
"""A small HTTP proxy for the end-to-end tests (Tests/e2e/install.sh), on 127.0.0.1 only.

    python3 proxy.py LOGFILE [--refuse-connect] [--auth USER:PASSWORD]

Prints "listening on PORT" once bound. Tunnels CONNECT (what gpcn sends for https and http
alike) and forwards absolute-form plain-HTTP requests (what curl sends for http). Appends one
line per request to LOGFILE: "CONNECT host:port", "GET http://...", "DENIED CONNECT host:port"
(--refuse-connect answers 403), "AUTH-MISSING"/"AUTH-WRONG" (--auth wants Basic credentials,
407 otherwise). Never logs the credentials themselves.
"""
import base64
import select
import socket
import sys
import threading

log_path = sys.argv[1]
refuse = "--refuse-connect" in sys.argv
auth = None
if "--auth" in sys.argv:
    auth = sys.argv[sys.argv.index("--auth") + 1]
lock = threading.Lock()


def log(line):
    with lock, open(log_path, "a") as f:
        f.write(line + "\n")


def read_head(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None, b""
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    return head.decode("latin-1"), rest


def pipe(a, b):
    socks = [a, b]
    try:
        while True:
            ready, _, _ = select.select(socks, [], [], 60)
            if not ready:
                return
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        return


def handle(conn):
    try:
        head, rest = read_head(conn)
        if head is None:
            return
        lines = head.split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if auth is not None:
            given = headers.get("proxy-authorization", "")
            want = "Basic " + base64.b64encode(auth.encode()).decode()
            if not given:
                log("AUTH-MISSING")
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"e2e\"\r\nContent-Length: 0\r\n\r\n")
                return
            if given != want:
                log("AUTH-WRONG")
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
                return
            log("AUTH-OK")
        if method == "CONNECT":
            if refuse:
                log("DENIED CONNECT " + target)
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host.strip("[]"), int(port)))
            log("CONNECT " + target)
            conn.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            pipe(conn, upstream)
            upstream.close()
            return
        # Absolute-form plain HTTP: forward it, one request per connection.
        log(method + " " + target)
        without = target.split("://", 1)[1]
        hostport, _, path = without.partition("/")
        host, _, port = hostport.partition(":")
        upstream = socket.create_connection((host, int(port or 80)))
        kept = [l for l in lines[1:] if not l.lower().startswith(("proxy-", "connection:"))]
        request = "\r\n".join([f"{method} /{path} HTTP/1.1"] + kept + ["Connection: close", "", ""]).encode("latin-1")
        upstream.sendall(request + rest)
        pipe(conn, upstream)
        upstream.close()
    except Exception as e:  # one broken exchange must not stop the proxy
        log("ERROR " + type(e).__name__)
    finally:
        conn.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    print("listening on", server.getsockname()[1], flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


main()
