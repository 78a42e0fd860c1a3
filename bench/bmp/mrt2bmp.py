#!/usr/bin/env python3
"""Turns an MRT update file into the BMP stream a router would send: an Initiation, one Peer Up
per peer (OPENs with the 4-octet AS and IPv4/IPv6 multiprotocol capabilities), then one Route
Monitoring message per BGP4MP(_ET) UPDATE with the record's time in the per-peer header
(RFC 7854). Only MESSAGE and MESSAGE_AS4 records (the A flag marks the 2-octet ones).

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


def main():
    src, dst = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    msgs = []
    peers = {}
    with openf(src) as f:
        data = f.read()
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
        if sub not in (1, 4):
            continue
        asz = 4 if sub == 4 else 2
        pas = int.from_bytes(body[0:asz], "big")
        afi = struct.unpack(">H", body[2 * asz + 2:2 * asz + 4])[0]
        alen = 16 if afi == 2 else 4
        p = 2 * asz + 4
        pip = body[p:p + alen]
        msg = body[p + 2 * alen:]
        if len(msg) < 19 or msg[18] != 2:
            continue
        key = (pip, pas)
        if key not in peers:
            peers[key] = (ts, usec, asz)
        msgs.append((pip, pas, ts, usec, 0x20 if asz == 2 else 0, msg))
    out = [bmp(4, struct.pack(">HH", 2, 6) + b"replay")]
    for (pip, pas), (ts, usec, asz) in peers.items():
        local = b"\0" * 12 + b"\x0a\0\0\x01" if len(pip) == 4 else b"\0" * 15 + b"\x01"
        body = peer_hdr(pip, pas, ts, usec, 0x20 if asz == 2 else 0) + local + struct.pack(">HH", 179, 40000)
        body += open_msg(65000) + open_msg(pas)
        out.append(bmp(3, body))
    for r in range(repeat):
        for pip, pas, ts, usec, flags, msg in msgs:
            out.append(bmp(0, peer_hdr(pip, pas, ts + 3600 * r, usec, flags) + msg))
    with open(dst, "wb") as f:
        f.write(b"".join(out))
    print(len(msgs) * repeat, len(peers))


if __name__ == "__main__":
    main()
