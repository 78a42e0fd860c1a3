#!/usr/bin/env python3
"""Writes the hand-made MRT files of the incident tests (RFC 6396), byte by
byte: a TABLE_DUMP_V2 RIB of four peers (the history), then BGP4MP_MESSAGE_AS4
updates with benign churn (a path change, a flap, a duplicate, a prepend) and
three incidents whose truth the test asserts: a sub-prefix hijack of
YouTube's /22 by AS17557 through AS3491 (the 2008 pattern), an exact-prefix
origin change of 8.8.8.0/24 to AS4134, and a full bogon 192.168.0.0/16 from
AS4837. A second update file (an hour later) has an administrative bogon:
196.50.21.0/24 from AS37100 at three of four peers for 600 s, space the
tests' delegated file lists as available. Usage: gen.py OUTDIR"""
import struct
import sys

T0 = 1203811200  # 2008-02-24T00:00:00Z
PEERS = [  # (AS, IPv4)
    (3356, "4.68.1.166"),
    (174, "66.28.1.1"),
    (2914, "129.250.0.11"),
    (1299, "213.248.83.252"),
]
COLLECTOR = "198.51.100.1"


def ip(s):
    return bytes(int(x) for x in s.split("."))


def rec(ts, typ, sub, body):
    return struct.pack(">IHHI", ts, typ, sub, len(body)) + body


def attrs(path, nh):
    a = bytes([0x40, 1, 1, 0])  # ORIGIN IGP
    seg = bytes([2, len(path)]) + b"".join(struct.pack(">I", x) for x in path)
    a += bytes([0x40, 2, len(seg)]) + seg  # AS_PATH, 4-byte ASNs (RFC 6396 4.3.4 / AS4 session)
    a += bytes([0x40, 3, 4]) + ip(nh)  # NEXT_HOP
    return a


def pfx(s):
    addr, ln = s.split("/")
    ln = int(ln)
    return bytes([ln]) + ip(addr)[: (ln + 7) // 8]


def rib(routes):
    """routes: {prefix: [(peer index, path)]}"""
    out = b""
    body = ip(COLLECTOR) + struct.pack(">H", 4) + b"test" + struct.pack(">H", len(PEERS))
    for asn, addr in PEERS:
        body += bytes([0x02]) + ip(addr) + ip(addr) + struct.pack(">I", asn)
    out += rec(T0, 13, 1, body)
    for seq, (p, ents) in enumerate(routes.items()):
        body = struct.pack(">I", seq) + pfx(p) + struct.pack(">H", len(ents))
        for pi, path in ents:
            a = attrs(path, PEERS[pi][1])
            body += struct.pack(">HIH", pi, T0 - 3600, len(a)) + a
        out += rec(T0, 13, 2, body)
    return out


def update(ts, pi, announce=None, path=None, withdraw=None):
    asn, addr = PEERS[pi]
    w = pfx(withdraw) if withdraw else b""
    a = attrs(path, addr) if announce else b""
    n = pfx(announce) if announce else b""
    body = struct.pack(">H", len(w)) + w + struct.pack(">H", len(a)) + a + n
    msg = b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 2) + body
    hdr = struct.pack(">IIHH", asn, 6447, 0, 1) + ip(addr) + ip(COLLECTOR)
    return rec(ts, 16, 4, hdr + msg)


YT, YT24, GOOG = "208.65.152.0/22", "208.65.153.0/24", "8.8.8.0/24"
routes = {
    YT: [(0, [3356, 3491, 36561]), (1, [174, 3491, 36561]), (2, [2914, 3491, 36561]), (3, [1299, 3491, 36561])],
    GOOG: [(0, [3356, 15169]), (1, [174, 15169]), (2, [2914, 15169]), (3, [1299, 15169])],
    "1.2.0.0/16": [(0, [3356, 1234]), (1, [174, 1234]), (2, [2914, 1234]), (3, [1299, 1234])],
}
u = b""
# Benign churn: a path change, a duplicate, a prepend, a flap.
u += update(T0 + 60, 0, GOOG, [3356, 174, 15169])
u += update(T0 + 61, 0, GOOG, [3356, 174, 15169])
u += update(T0 + 70, 1, "1.2.0.0/16", [174, 1234, 1234, 1234])
u += update(T0 + 80, 2, withdraw=GOOG)
u += update(T0 + 110, 2, GOOG, [2914, 15169])
# The sub-prefix hijack: three of four peers, for 780 s.
u += update(T0 + 120, 0, YT24, [3356, 3491, 17557])
u += update(T0 + 125, 1, YT24, [174, 3491, 17557])
u += update(T0 + 131, 2, YT24, [2914, 3491, 17557])
# The exact-prefix origin change: two peers, for 200 s.
u += update(T0 + 200, 1, GOOG, [174, 4134])
u += update(T0 + 205, 3, GOOG, [1299, 4134])
# The bogon: one peer.
u += update(T0 + 300, 3, "192.168.0.0/16", [1299, 4837])
u += update(T0 + 350, 3, withdraw="192.168.0.0/16")
u += update(T0 + 400, 1, GOOG, [174, 15169])
u += update(T0 + 405, 3, GOOG, [1299, 15169])
u += update(T0 + 900, 0, withdraw=YT24)
u += update(T0 + 901, 1, withdraw=YT24)
u += update(T0 + 902, 2, withdraw=YT24)
u += update(T0 + 1800, 0, GOOG, [3356, 15169])

outdir = sys.argv[1]
with open(outdir + "/test-bview.20080224.0000.mrt", "wb") as f:
    f.write(rib(routes))
with open(outdir + "/test-updates.20080224.0001.mrt", "wb") as f:
    f.write(u)

T1 = T0 + 3600
u = b""
for pi in range(3):
    u += update(T1 + pi, pi, "196.50.21.0/24", [PEERS[pi][0], 37100])
for pi in range(3):
    u += update(T1 + 600 + pi, pi, withdraw="196.50.21.0/24")
with open(outdir + "/test-updates.20080224.0100.mrt", "wb") as f:
    f.write(u)
