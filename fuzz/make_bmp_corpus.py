#!/usr/bin/env python3
"""Writes fuzz/corpus/bmp/ seeds from the BMP captures in data/pcap/ (never touches regress-* or fuzz-*).

Each classic pcap is reassembled per TCP direction (in sequence order; the
captures are clean), and the BMP stream is cut into pieces of at most 8
messages; the smallest captures are also copied whole, for the pcap path.
"""
import os
import struct
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = os.path.join(root, "data", "pcap")
out = os.path.join(root, "fuzz", "corpus", "bmp")


def streams(path):
    data = open(path, "rb").read()
    magic = struct.unpack(">I", data[:4])[0]
    e = "<" if magic in (0xd4c3b2a1, 0x4d3cb2a1) else ">"
    off = 24
    flows = {}
    while off + 16 <= len(data):
        incl = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(pkt) < 14 or pkt[12:14] not in (b"\x08\x00", b"\x86\xdd"):
            continue
        ip = pkt[14:]
        if ip[0] >> 4 == 4:
            ihl = (ip[0] & 15) * 4
            total = struct.unpack(">H", ip[2:4])[0]
            if ip[9] != 6:
                continue
            key, tcp = (ip[12:20],), ip[ihl:total]
        else:
            plen = struct.unpack(">H", ip[4:6])[0]
            if ip[6] != 6:
                continue
            key, tcp = (ip[8:40],), ip[40:40 + plen]
        sport, dport, seq = struct.unpack(">HHI", tcp[:8])
        doff = (tcp[12] >> 4) * 4
        payload = tcp[doff:]
        if payload:
            flows.setdefault(key + (sport, dport), []).append((seq, payload))
    for k, segs in flows.items():
        segs.sort()
        yield b"".join(p for _, p in segs)


def cut(stream, n=8):
    msgs, off = [], 0
    while off + 6 <= len(stream) and stream[off] == 3:
        ln = struct.unpack(">I", stream[off + 1:off + 5])[0]
        if ln < 6 or off + ln > len(stream):
            break
        msgs.append(stream[off:off + ln])
        off += ln
    for i in range(0, len(msgs), n):
        yield b"".join(msgs[i:i + n])


def main():
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if not name.startswith(("regress-", "fuzz-")):
            os.unlink(os.path.join(out, name))
    count = 0
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        base = name.rsplit(".", 1)[0]
        if os.path.getsize(path) < 4096:
            open(os.path.join(out, base + "-pcap"), "wb").write(open(path, "rb").read())
            count += 1
        seen = 0
        for s in streams(path):
            for piece in cut(s):
                if seen >= 12:
                    break
                open(os.path.join(out, "%s-%02d" % (base, seen)), "wb").write(piece)
                seen += 1
                count += 1
    print("%d seeds in %s" % (count, out), file=sys.stderr)


if __name__ == "__main__":
    main()
