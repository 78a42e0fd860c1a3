#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz/corpus/ for paths the real samples do
not reach (a development tool: the files it writes are committed). mrt/:
Zebra's 8-byte STATE_CHANGE, repeated and badly flagged attributes, a run of
garbage between records. bgp_update/: the selector byte fuzz_bgp_update
reads first (bit 0: 4-octet AS), then an UPDATE body."""
import os
import struct

here = os.path.dirname(os.path.abspath(__file__))
TS = 975628800


def rec(typ, sub, body, ts=TS):
    return struct.pack(">IHHI", ts, typ, sub, len(body)) + body


def update(withdrawn=b"", attrs=b"", nlri=b""):
    return struct.pack(">H", len(withdrawn)) + withdrawn + struct.pack(">H", len(attrs)) + attrs + nlri


def bgp4mp(msg_body, as4=True):
    asn = ">II" if as4 else ">HH"
    hdr = struct.pack(asn, 65001, 65000) + struct.pack(">HH", 0, 1) + bytes([10, 0, 0, 1, 10, 0, 0, 2])
    return hdr + b"\xff" * 16 + struct.pack(">HB", 19 + len(msg_body), 2) + msg_body


ORIGIN = b"\x40\x01\x01\x00"
ASPATH2 = b"\x40\x02\x04\x02\x01\xfd\xe9"
ASPATH4 = b"\x40\x02\x06\x02\x01\x00\x00\xfd\xe9"
NEXTHOP = b"\x40\x03\x04\x0a\x00\x00\x01"
NLRI = b"\x18\xc0\x00\x02"
AGGR_BAD2 = b"\xc0\x07\x07\xfd\xe9\x0a\x00\x00\x01\x00"   # 7 bytes on a 2-octet session
AGGR_GOOD2 = b"\xc0\x07\x06\xfd\xea\x0a\x00\x00\x02"
AGGR_BAD4 = b"\xc0\x07\x07\x00\x00\xfd\xe9\x0a\x00\x00"
AGGR_GOOD4 = b"\xc0\x07\x08\x00\x00\xfd\xea\x0a\x00\x00\x02"
# Every known type with its Optional/Transitive bits inverted.
BAD_FLAGS = (b"\x80\x01\x01\x00" + b"\x80\x02\x00" + b"\x00\x03\x04\x0a\x00\x00\x01" + b"\x40\x04\x04\x00\x00\x00\x07" +
             b"\xc0\x05\x04\x00\x00\x00\x64" + b"\x80\x06\x00" + b"\x40\x07\x06\xfd\xe9\x0a\x00\x00\x01" +
             b"\x40\x08\x04\x00\x01\x00\x02" + b"\xc0\x09\x04\x0a\x00\x00\x09" + b"\x40\x0a\x04\x0a\x00\x00\x0a" +
             b"\x80\x10\x08" + bytes(8) + b"\x80\x11\x06\x02\x01\x00\x00\xfd\xe9" + b"\x40\x12\x08" + bytes(8) +
             b"\x80\x20\x0c" + bytes(12) + b"\x40\x23\x04\x00\x00\xfd\xe9")
MP_UNREACH = b"\x80\x0f\x03\x00\x02\x01"

upd = {
    "handmade-aggregator-bad-then-good-as2": b"\x00" + update(attrs=ORIGIN + ASPATH2 + NEXTHOP + AGGR_BAD2 + AGGR_GOOD2, nlri=NLRI),
    "handmade-aggregator-good-then-bad-as2": b"\x00" + update(attrs=ORIGIN + ASPATH2 + NEXTHOP + AGGR_GOOD2 + AGGR_BAD2, nlri=NLRI),
    "handmade-origin-bad-then-good": b"\x01" + update(attrs=b"\x40\x01\x02\x00\x00" + ORIGIN + ASPATH4 + NEXTHOP, nlri=NLRI),
    "handmade-every-type-bad-flags": b"\x01" + update(attrs=BAD_FLAGS, nlri=NLRI),
    "handmade-mp-unreach-twice": b"\x01" + update(attrs=MP_UNREACH + MP_UNREACH),
    "handmade-mp-unreach-bad-flags": b"\x01" + update(attrs=b"\xc0\x0f\x03\x00\x02\x01"),
    "handmade-unknown-twice": b"\x01" + update(attrs=ORIGIN + ASPATH4 + NEXTHOP + b"\xc0\x63\x01\xaa\xc0\x63\x01\xbb", nlri=NLRI),
    "handmade-flags-partial-extlen-ok": b"\x01" + update(attrs=b"\x50\x01\x00\x01\x00" + ASPATH4 + NEXTHOP + b"\xe0\x08\x04\x00\x01\x00\x02", nlri=NLRI),
}

good = rec(16, 4, bgp4mp(update(attrs=ORIGIN + ASPATH4 + NEXTHOP, nlri=NLRI)))
state8 = rec(16, 0, struct.pack(">HHHH", 3333, 12654, 4, 6))
mrt = {
    "handmade-zebra-state8": rec(16, 0, struct.pack(">HHHH", 0, 12654, 3, 4)) + state8 + good,
    "handmade-zebra-state8-et": rec(17, 0, struct.pack(">I", 5) + struct.pack(">HHHH", 3333, 12654, 4, 6)) + good,
    "handmade-state-7-and-9-bytes": rec(16, 0, bytes(7)) + rec(16, 0, struct.pack(">HHHH", 1, 2, 3, 4) + b"\x00") + good,
    "handmade-aggregator-bad-then-good": rec(16, 4, bgp4mp(update(attrs=ORIGIN + ASPATH4 + NEXTHOP + AGGR_BAD4 + AGGR_GOOD4, nlri=NLRI))),
    "handmade-aggregator-bad-then-good-as2": rec(16, 1, bgp4mp(update(attrs=ORIGIN + ASPATH2 + NEXTHOP + AGGR_BAD2 + AGGR_GOOD2, nlri=NLRI), as4=False)),
    "handmade-every-type-bad-flags": rec(16, 4, bgp4mp(update(attrs=BAD_FLAGS, nlri=NLRI))) + good,
    "handmade-garbage-gap": good + bytes(4096) + good + b"\xde\xad\xbe\xef" * 64 + good,
}

for sub, items in (("bgp_update", upd), ("mrt", mrt)):
    for name, data in items.items():
        with open(os.path.join(here, "corpus", sub, name), "wb") as f:
            f.write(data)
