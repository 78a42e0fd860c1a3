#!/usr/bin/env python3
"""Writes zebra-state-change-8byte.mrt byte by byte: the 8-byte BGP4MP
STATE_CHANGE early Zebra wrote (RIS rrc01, November 2000: source AS, then
destination AS, old state, new state, 2 bytes each; no interface index, AFI
or addresses), between records of the RFC 6396 form, so the golden tests
check both against bgpdump 1.6.2. Run from this directory."""
import struct

T = 975628800  # 2000-12-01T00:00:00Z


def rec(ts, typ, sub, body):
    return struct.pack(">IHHI", ts, typ, sub, len(body)) + body


def state8(src_as, dst_as, old, new):
    return struct.pack(">HHHH", src_as, dst_as, old, new)


def state_rfc(peer_as, local_as, peer_ip, local_ip, old, new):
    # RFC 6396 section 4.4.1: AS, AS, ifindex, AFI 1, two IPv4 addresses.
    return struct.pack(">HHHH", peer_as, local_as, 0, 1) + bytes(peer_ip) + bytes(local_ip) + \
        struct.pack(">HH", old, new)


def update(peer_as, local_as, peer_ip, local_ip):
    # BGP4MP_MESSAGE with an UPDATE announcing 193.0.0.0/21 (ORIGIN IGP,
    # AS_PATH 3333, NEXT_HOP = the peer).
    attrs = bytes([0x40, 1, 1, 0]) + bytes([0x40, 2, 4, 2, 1]) + struct.pack(">H", peer_as) + \
        bytes([0x40, 3, 4]) + bytes(peer_ip)
    nlri = bytes([21, 193, 0, 0])
    body = struct.pack(">H", 0) + struct.pack(">H", len(attrs)) + attrs + nlri
    msg = b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 2) + body
    return struct.pack(">HHHH", peer_as, local_as, 0, 1) + bytes(peer_ip) + bytes(local_ip) + msg


peer, coll = [193, 0, 4, 28], [193, 0, 4, 1]
out = b""
out += rec(T, 16, 0, state8(0, 12654, 3, 4))          # as rrc01 wrote it
out += rec(T + 1, 16, 0, state8(3333, 12654, 4, 6))
out += rec(T + 2, 16, 0, state_rfc(3333, 12654, peer, coll, 6, 1))
out += rec(T + 3, 16, 1, update(3333, 12654, peer, coll))
out += rec(T + 4, 16, 0, state8(65535, 0, 1, 2))
with open("zebra-state-change-8byte.mrt", "wb") as f:
    f.write(out)
