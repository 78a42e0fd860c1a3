#!/usr/bin/env python3
"""Alert latency of `manrs bmp --monitor`: plays one BMP router on a TCP connection to the
collector and runs the webhook receiver the monitor configuration points at, in one process (one
clock). The router announces N covering prefixes 45.I.0.0/16 from AS 3333 (the monitored space),
then, one at a time, a hijack 45.I.1.0/24 from AS 20000+I (a sub-prefix hijack; a new culprit
each time, so each is its own incident) with the current time in the per-peer header, and waits
for the webhook's open alert for it; then withdraws it. The latency of event I is the time from
the Route Monitoring message leaving this process (sendall on 127.0.0.1) to the POST body being
read here. Prints N lines "I SECONDS" to OUT-FILE and the summary on stdout.

usage: alert_latency.py COLLECTOR-PORT HOOK-PORT OUT-FILE N
(HOOK-PORT: the free port the webhook receiver listens on, as the monitor configuration says.)
"""
import http.server
import json
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import mrt2bmp  # noqa: E402

PEER = bytes([192, 0, 2, 7])
PEER_AS = 3333

arrived = {}
cond = threading.Condition()


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        t = time.monotonic()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        a = json.loads(body)
        if a.get("event") == "open":
            with cond:
                arrived[a["prefixes"][0]] = t
                cond.notify_all()

    def log_message(self, *args):
        pass


def attrs(path):
    # ORIGIN IGP, AS_PATH (one AS_SEQUENCE of 4-octet ASes), NEXT_HOP 192.0.2.1.
    aspath = struct.pack(">BB", 2, len(path)) + b"".join(struct.pack(">I", a) for a in path)
    return (struct.pack(">BBBB", 0x40, 1, 1, 0) + struct.pack(">BBB", 0x40, 2, len(aspath)) + aspath
            + struct.pack(">BBB", 0x40, 3, 4) + bytes([192, 0, 2, 1]))


def nlri(prefix, length):
    return bytes([length]) + bytes(prefix[:(length + 7) // 8])


def update(withdrawn, path, announced):
    a = attrs(path) if announced else b""
    body = struct.pack(">H", len(withdrawn)) + withdrawn + struct.pack(">H", len(a)) + a + announced
    return b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 2) + body


def rm(msg):
    now = time.time()
    return mrt2bmp.bmp(0, mrt2bmp.peer_hdr(PEER, PEER_AS, int(now), int(now % 1 * 1e6), 0) + msg)


def main():
    cport, hport, out, n = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", hport), Hook)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    deadline = time.time() + 20
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", cport))
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    now = int(time.time())
    s.sendall(mrt2bmp.bmp(4, struct.pack(">HH", 2, 5) + b"bench") + mrt2bmp.peer_up(PEER, PEER_AS, now, 0, 4))
    for i in range(n):
        s.sendall(rm(update(b"", [PEER_AS], nlri([45, i, 0, 0], 16))))
    time.sleep(1)
    lat = []
    with open(out, "w") as f:
        for i in range(n):
            key = "45.%d.1.0/24" % i
            msg = rm(update(b"", [PEER_AS, 20000 + i], nlri([45, i, 1, 0], 24)))
            t0 = time.monotonic()
            s.sendall(msg)
            with cond:
                if not cond.wait_for(lambda: key in arrived, timeout=10):
                    print("no open alert for %s within 10 s" % key, file=sys.stderr)
                    return 1
                t1 = arrived[key]
            lat.append(t1 - t0)
            f.write("%d %.6f\n" % (i, t1 - t0))
            s.sendall(rm(update(nlri([45, i, 1, 0], 24), [], b"")))
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))]
    print("alert latency over %d hijacks (BMP message sent -> webhook POST received): "
          "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (n, pct(50) * 1e3, pct(90) * 1e3, pct(99) * 1e3, lat[-1] * 1e3))
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
