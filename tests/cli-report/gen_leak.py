#!/usr/bin/env python3
"""Writes the hand-made MRT files of the route-leak metric test (RFC 6396),
byte by byte: a TABLE_DUMP_V2 RIB of two peers, AS701 and AS2914, holding
Google's 8.8.8.0/24 directly (the history), then BGP4MP_MESSAGE_AS4 updates
in which the 2019-06-24 Verizon/DQE pattern carries it: AS396531 takes the
route from its provider AS33154 and sends it to its provider AS701 (RFC 7908
type 1), which passes it to the collector and to AS2914. Relationships come
from data/leaks/20180101.as-rel.leaks-slice.txt. The leak lasts 40 minutes
at AS701 and 20 at AS2914. Usage: gen_leak.py OUTDIR"""
import struct
import sys

T0 = 1561334400  # 2019-06-24T00:00:00Z
PEERS = [(701, "192.0.2.1"), (2914, "192.0.2.2")]
COLLECTOR = "198.51.100.1"
GOOG = "8.8.8.0/24"


def ip(s):
    return bytes(int(x) for x in s.split("."))


def rec(ts, typ, sub, body):
    return struct.pack(">IHHI", ts, typ, sub, len(body)) + body


def attrs(path, nh):
    seg = bytes([2, len(path)]) + b"".join(struct.pack(">I", x) for x in path)
    return (bytes([0x40, 1, 1, 0])  # ORIGIN IGP
            + bytes([0x40, 2, len(seg)]) + seg  # AS_PATH of 4-octet ASNs (RFC 6793 session)
            + bytes([0x40, 3, 4]) + ip(nh))  # NEXT_HOP


def pfx(s):
    addr, ln = s.split("/")
    ln = int(ln)
    return bytes([ln]) + ip(addr)[: (ln + 7) // 8]


def rib():
    body = ip(COLLECTOR) + struct.pack(">H", 4) + b"leak" + struct.pack(">H", len(PEERS))
    for asn, addr in PEERS:
        body += bytes([0x02]) + ip(addr) + ip(addr) + struct.pack(">I", asn)  # IPv4 peer, 4-octet AS
    out = rec(T0, 13, 1, body)
    ents = [(0, [701, 15169]), (1, [2914, 15169])]
    body = struct.pack(">I", 0) + pfx(GOOG) + struct.pack(">H", len(ents))
    for pi, path in ents:
        a = attrs(path, PEERS[pi][1])
        body += struct.pack(">HIH", pi, T0 - 3600, len(a)) + a
    return out + rec(T0, 13, 2, body)


def update(ts, pi, path):
    asn, addr = PEERS[pi]
    a = attrs(path, addr)
    body = struct.pack(">H", 0) + struct.pack(">H", len(a)) + a + pfx(GOOG)
    msg = b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 2) + body
    hdr = struct.pack(">IIHH", asn, 6447, 0, 1) + ip(addr) + ip(COLLECTOR)
    return rec(ts, 16, 4, hdr + msg)


u = b""
u += update(T0 + 100, 0, [701, 396531, 33154, 3356, 15169])
u += update(T0 + 110, 1, [2914, 701, 396531, 33154, 3356, 15169])
u += update(T0 + 110 + 1200, 1, [2914, 15169])
u += update(T0 + 100 + 2400, 0, [701, 15169])
u += update(T0 + 3600, 0, [701, 15169])  # a duplicate: the input goes on an hour

out = sys.argv[1]
with open(out + "/leak-bview.20190624.0000.mrt", "wb") as f:
    f.write(rib())
with open(out + "/leak-updates.20190624.0001.mrt", "wb") as f:
    f.write(u)
