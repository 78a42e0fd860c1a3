#!/usr/bin/env python3
"""A small HTTP server for the `manrs sync` tests: serves a directory tree
laid out like the RIS and RouteViews archives on 127.0.0.1, with HEAD and
single byte ranges (RFC 9110 section 14), logs every request, and injects
failures on chosen paths:

  --fail500 PATH     the first GET of PATH gets a 500
  --always500 PATH   every GET of PATH gets a 500
  --cut PATH         the first GET of PATH sends half the body, then closes
  --badlen PATH      the first GET of PATH declares 1000 bytes more than it
                     sends, then closes
  --stall PATH       the first GET of PATH sends half the body, then waits
                     (connection open) for --stall-seconds before closing
  --no-range PATH    GETs of PATH ignore Range and send the whole file (200)
  --delay SECONDS    every request waits this long before answering

The log has one line per request: METHOD PATH RANGE-or-dash INFLIGHT,
where INFLIGHT counts requests being answered at once, this one included.
The port is written to --port-file once the server listens.
"""
import argparse
import http.server
import os
import re
import sys
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--fail500", action="append", default=[])
    ap.add_argument("--always500", action="append", default=[])
    ap.add_argument("--cut", action="append", default=[])
    ap.add_argument("--badlen", action="append", default=[])
    ap.add_argument("--no-range", action="append", default=[])
    ap.add_argument("--stall", action="append", default=[])
    ap.add_argument("--stall-seconds", type=float, default=10.0)
    ap.add_argument("--delay", type=float, default=0.0)
    a = ap.parse_args()
    root = os.path.realpath(a.root)
    lock = threading.Lock()
    gets = {}
    state = {"inflight": 0}
    logf = open(a.log, "a")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"   # keep-alive, as the real archives

        def log_message(self, fmt, *args):
            pass

        def local_path(self):
            rel = self.path.split("?", 1)[0].lstrip("/")
            full = os.path.realpath(os.path.join(root, rel))
            if not full.startswith(root + os.sep) or not os.path.isfile(full):
                return None
            return full

        def answer(self, head):
            rng = self.headers.get("Range")
            with lock:
                state["inflight"] += 1
                logf.write("%s %s %s %d\n" % (self.command, self.path, rng or "-", state["inflight"]))
                logf.flush()
                n = 0
                if not head:
                    n = gets.get(self.path, 0) + 1
                    gets[self.path] = n
            try:
                if a.delay:
                    time.sleep(a.delay)
                self.respond(head, rng, n)
            finally:
                with lock:
                    state["inflight"] -= 1

        def respond(self, head, rng, n):
            rel = self.path.lstrip("/")
            if not head and (rel in a.always500 or (rel in a.fail500 and n == 1)):
                body = b"injected failure\n"
                self.send_response(500)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            full = self.local_path()
            if full is None:
                body = b"not found\n"
                self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)
                return
            with open(full, "rb") as f:
                data = f.read()
            size = len(data)
            start, status = 0, 200
            if rng is not None and rel not in a.no_range:
                m = re.fullmatch(r"bytes=(\d+)-(\d*)", rng)
                if m:
                    start = int(m.group(1))
                    end = int(m.group(2)) if m.group(2) else size - 1
                    if start >= size:
                        self.send_response(416)
                        self.send_header("Content-Range", "bytes */%d" % size)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    data = data[start:min(end, size - 1) + 1]
                    status = 206
            self.send_response(status)
            if status == 206:
                self.send_header("Content-Range", "bytes %d-%d/%d" % (start, start + len(data) - 1, size))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Type", "application/octet-stream")
            declared = len(data)
            if not head and rel in a.badlen and n == 1:
                declared += 1000
            self.send_header("Content-Length", str(declared))
            self.end_headers()
            if head:
                return
            if (rel in a.cut or rel in a.stall) and n == 1:
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                if rel in a.stall:
                    time.sleep(a.stall_seconds)
                self.close_connection = True
                return
            self.wfile.write(data)
            if not head and rel in a.badlen and n == 1:
                # Close rather than keep the connection waiting for bytes
                # that never come (that case is --stall's).
                self.close_connection = True

        def do_GET(self):
            self.answer(False)

        def do_HEAD(self):
            self.answer(True)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
