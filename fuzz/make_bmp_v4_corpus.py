#!/usr/bin/env python3
"""Writes fuzz/corpus/bmp/v4-* seeds: BMP version 4 streams (draft-ietf-grow-bmp-tlv-20) built
by hand: Route Monitoring with indexed TLVs (group, sequence, timestamp, VRF name, stateless
parsing, an enterprise TLV, the BGP Message TLV), Statistics with its Stats TLV, Peer Down with
TLVs after the reason, and a whole session (Initiation, Peer Up, Route Monitoring with ADD-PATH
announced by a Stateless Parsing TLV, Peer Down, Termination)."""
import os
import struct

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "bmp")


def msg(version, mtype, body):
    return struct.pack(">BIB", version, 6 + len(body), mtype) + body


def peer_hdr(asn=65001, ts=1700000000):
    return struct.pack(">BB8s16sI4sII", 0, 0, b"\0" * 8, b"\0" * 12 + bytes([192, 0, 2, 1]), asn,
                       bytes([10, 0, 0, 1]), ts, 0)


def tlv(t, val, index=None, pen=None):
    h = struct.pack(">HH", t | (0x8000 if pen is not None else 0), len(val) + (4 if pen is not None else 0))
    if index is not None:
        h += struct.pack(">H", index)
    if pen is not None:
        h += struct.pack(">I", pen)
    return h + val


def update(path_id=None):
    aspath = struct.pack(">BBI", 2, 1, 64500)
    attrs = (struct.pack(">BBBB", 0x40, 1, 1, 0) + struct.pack(">BBB", 0x40, 2, len(aspath)) + aspath
             + struct.pack(">BBB", 0x40, 3, 4) + bytes([192, 0, 2, 1]))
    nlri = (struct.pack(">I", path_id) if path_id is not None else b"") + bytes([24, 198, 51, 100])
    body = struct.pack(">H", 0) + struct.pack(">H", len(attrs)) + attrs + nlri
    return b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 2) + body


def open_msg(asn):
    caps = struct.pack(">BBI", 65, 4, asn) + struct.pack(">BBHBB", 1, 4, 1, 0, 1)
    params = struct.pack(">BB", 2, len(caps)) + caps
    body = struct.pack(">BHH4sB", 4, asn if asn < 65536 else 23456, 90, b"\x0a\0\0\x01", len(params)) + params
    return b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 1) + body


def rm(tlvs, ts=1700000000):
    return msg(4, 0, peer_hdr(ts=ts) + b"".join(tlvs))


def main():
    seeds = {}
    seeds["v4-route-monitoring"] = rm([
        tlv(4, struct.pack(">HH", 1, 1), 0x8001),
        tlv(1, struct.pack(">Q", 42), 0),
        tlv(3, struct.pack(">BII", 1, 1700000001, 7), 0),
        tlv(5, b"blue", 0),
        tlv(6, struct.pack(">BBI", 65, 4, 4200000001), 0),
        tlv(1, b"jj", 0, pen=2636),
        tlv(99, b"x", 1),
        tlv(7, update(), 0),
    ])
    seeds["v4-stats"] = msg(4, 1, peer_hdr() + tlv(1, struct.pack(">I", 2) + struct.pack(">HHI", 7, 4, 5)
                                                   + struct.pack(">HHHBII", 9, 11, 1, 1, 0, 900))
                             + tlv(1, struct.pack(">Q", 3)) + tlv(3, struct.pack(">BII", 0, 1700000002, 0)))
    seeds["v4-peer-down"] = (msg(4, 2, peer_hdr() + b"\x04" + tlv(3, struct.pack(">BII", 0, 1700000003, 0)))
                             + msg(4, 2, peer_hdr() + b"\x02" + struct.pack(">H", 24) + tlv(1, struct.pack(">Q", 9))))
    init = msg(4, 4, struct.pack(">HH", 2, 2) + b"r4")
    up = msg(4, 3, peer_hdr() + b"\0" * 12 + bytes([192, 0, 2, 254]) + struct.pack(">HH", 179, 40000)
             + open_msg(65000) + open_msg(65001))
    ap = rm([tlv(6, struct.pack(">BBHBB", 69, 4, 1, 1, 3), 0), tlv(7, update(path_id=9), 0)])
    down = msg(4, 2, peer_hdr(ts=1700000100) + b"\x04")
    term = msg(4, 5, struct.pack(">HHH", 1, 2, 0))
    seeds["v4-session"] = init + up + ap + rm([tlv(7, update(), 0)]) + down + term
    seeds["v4-mixed-versions"] = msg(3, 4, struct.pack(">HH", 2, 2) + b"r3") + ap
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
