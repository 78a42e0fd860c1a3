#!/usr/bin/env python3
"""Turns an MRT update file into the BMP stream a router would send: an Initiation, a Peer Up
before each peer's first UPDATE (OPENs with the 4-octet AS and IPv4/IPv6 multiprotocol
capabilities), then one Route Monitoring message per BGP4MP(_ET) UPDATE with the record's time in
the per-peer header (RFC 7854). MESSAGE and MESSAGE_AS4 records (the A flag marks the 2-octet
ones); STATE_CHANGE records out of Established become Peer Down. tests/bmp-detect imports
convert().

usage: mrt2bmp.py MRT-FILE OUT-FILE [REPEAT]   (REPEAT: the UPDATEs again, times later by one hour)
Prints the number of Route Monitoring messages and of peers.
"""
import bz2
import gzip
import struct
import sys


def openf(path):
    with open(path, "rb") as f:
        head = f.read(3)
    if head[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")
    if head == b"BZh":
        return bz2.open(path, "rb")
    return open(path, "rb")


def bmp(mtype, body):
    return struct.pack(">BIB", 3, 6 + len(body), mtype) + body


def peer_hdr(ip, asn, ts, usec, flags):
    if len(ip) == 16:
        flags |= 0x80
        addr = ip
    else:
        addr = b"\0" * 12 + ip
    return struct.pack(">BB8s16sI4sII", 0, flags, b"\0" * 8, addr, asn, ip[-4:], ts, usec)


def open_msg(asn):
    caps = struct.pack(">BBI", 65, 4, asn) + struct.pack(">BBHBB", 1, 4, 1, 0, 1) + struct.pack(">BBHBB", 1, 4, 2, 0, 1)
    params = struct.pack(">BB", 2, len(caps)) + caps
    body = struct.pack(">BHH4sB", 4, asn if asn < 65536 else 23456, 90, b"\x0a\0\0\x01", len(params)) + params
    return b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 1) + body


def peer_up(pip, pas, ts, usec, asz):
    local = b"\0" * 12 + b"\x0a\0\0\x01" if len(pip) == 4 else b"\0" * 15 + b"\x01"
    body = peer_hdr(pip, pas, ts, usec, 0x20 if asz == 2 else 0) + local + struct.pack(">HH", 179, 40000)
    body += open_msg(65000) + open_msg(pas)
    return bmp(3, body)


def peer_down(pip, pas, ts, usec, asz):
    # Reason 4: the remote system closed the session without a notification (RFC 7854 section 4.9).
    return bmp(2, peer_hdr(pip, pas, ts, usec, 0x20 if asz == 2 else 0) + b"\x04")


def convert(data, repeat=1):
    """MRT bytes -> (BMP stream bytes, Route Monitoring messages, peers). A peer's Peer Up comes just
    before its first UPDATE (with that UPDATE's time); a STATE_CHANGE out of Established (6) is a
    Peer Down, and the peer's next UPDATE brings a new Peer Up."""
    events = []
    off = 0
    while off + 12 <= len(data):
        ts, mtype, sub, ln = struct.unpack(">IHHI", data[off:off + 12])
        body = data[off + 12:off + 12 + ln]
        off += 12 + ln
        usec = 0
        if mtype == 17:
            usec = struct.unpack(">I", body[:4])[0]
            body = body[4:]
        elif mtype != 16:
            continue
        if sub not in (0, 1, 4, 5):
            continue
        asz = 4 if sub in (4, 5) else 2
        pas = int.from_bytes(body[0:asz], "big")
        afi = struct.unpack(">H", body[2 * asz + 2:2 * asz + 4])[0]
        alen = 16 if afi == 2 else 4
        p = 2 * asz + 4
        pip = body[p:p + alen]
        rest = body[p + 2 * alen:]
        if sub in (0, 5):
            if len(rest) >= 4:
                events.append(("state", pip, pas, ts, usec, asz, struct.unpack(">H", rest[2:4])[0]))
            continue
        if len(rest) < 19 or rest[18] != 2:
            continue
        events.append(("update", pip, pas, ts, usec, asz, rest))
    out = [bmp(4, struct.pack(">HH", 2, 6) + b"replay")]
    nmsg = 0
    peers = set()
    for r in range(repeat):
        up = set()
        for kind, pip, pas, ts, usec, asz, x in events:
            ts += 3600 * r
            key = (pip, pas)
            if kind == "state":
                if x != 6 and key in up:
                    out.append(peer_down(pip, pas, ts, usec, asz))
                    up.discard(key)
                continue
            if key not in up:
                out.append(peer_up(pip, pas, ts, usec, asz))
                up.add(key)
                peers.add(key)
            out.append(bmp(0, peer_hdr(pip, pas, ts, usec, 0x20 if asz == 2 else 0) + x))
            nmsg += 1
    return b"".join(out), nmsg, len(peers)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    with openf(src) as f:
        data = f.read()
    stream, nmsg, npeers = convert(data, repeat)
    with open(dst, "wb") as f:
        f.write(stream)
    print(nmsg, npeers)


if __name__ == "__main__":
    main()
