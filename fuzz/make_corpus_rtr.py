#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_rtr_pdu (fuzz/corpus/rtr_pdu/): every PDU
type of RFC 6810, RFC 8210 and draft-ietf-sidrops-8210bis in each version
it exists in, a Cache Response stream built from the first VRPs of the
bundled rpki-client file (data/rpki/...cut.json.gz), and the hostile inputs
of the protocol tests (garbage, wrong lengths, a header announcing 4 GB).
A development tool: tests never run it; its output is committed. Files named
regress-* or fuzz-* are never touched.
"""
import gzip
import ipaddress
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "rtr_pdu")
DATA = os.path.join(HERE, "..", "data", "rpki", "rpki-client_ripe-prepdev_20230504.cut.json.gz")


def hdr(v, t, f, n):
    return struct.pack("!BBHI", v, t, f, n)


def prefix(v, flags, net, maxlen, asn):
    n = ipaddress.ip_network(net, strict=False)
    if n.version == 4:
        return hdr(v, 4, 0, 20) + struct.pack("!BBBB4sI", flags, n.prefixlen, maxlen, 0, n.network_address.packed, asn)
    return hdr(v, 6, 0, 32) + struct.pack("!BBBB16sI", flags, n.prefixlen, maxlen, 0, n.network_address.packed, asn)


def error(v, code, pdu, text):
    t = text.encode()
    return hdr(v, 10, code, 16 + len(pdu) + len(t)) + struct.pack("!I", len(pdu)) + pdu + struct.pack("!I", len(t)) + t


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {}
    for v in (0, 1, 2):
        seeds["notify-v%d" % v] = hdr(v, 0, 77, 12) + struct.pack("!I", 5)
        seeds["serial-query-v%d" % v] = hdr(v, 1, 77, 12) + struct.pack("!I", 5)
        seeds["reset-query-v%d" % v] = hdr(v, 2, 0, 8)
        seeds["cache-reset-v%d" % v] = hdr(v, 8, 0, 8)
        eod = struct.pack("!I", 9) if v == 0 else struct.pack("!IIII", 9, 3600, 600, 7200)
        seeds["end-of-data-v%d" % v] = hdr(v, 7, 77, 8 + len(eod)) + eod
        seeds["error-v%d" % v] = error(v, 4, hdr(3, 2, 0, 8), "version 3?")
    seeds["router-key-v1"] = hdr(1, 9, 0x100, 8 + 24 + 91) + bytes(range(1, 21)) + struct.pack("!I", 64496) + bytes(91)
    seeds["aspa-v2"] = hdr(2, 11, 0x100, 20) + struct.pack("!III", 64496, 64497, 64498)
    seeds["aspa-withdraw-v2"] = hdr(2, 11, 0, 12) + struct.pack("!I", 64496)
    with gzip.open(DATA, "rt") as f:
        roas = json.load(f)["roas"]
    for v in (0, 1):
        s = hdr(v, 3, 77, 8)
        for r in roas[:40] + [x for x in roas if ":" in x["prefix"]][:20]:
            s += prefix(v, 1, r["prefix"], r["maxLength"], r["asn"])
        s += prefix(v, 0, roas[0]["prefix"], roas[0]["maxLength"], roas[0]["asn"])
        eod = struct.pack("!I", 1) if v == 0 else struct.pack("!IIII", 1, 3600, 600, 7200)
        seeds["stream-v%d" % v] = s + hdr(v, 7, 77, 8 + len(eod)) + eod
    seeds["hostile-http"] = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    seeds["hostile-4gb"] = hdr(1, 10, 0, 0xffffffff)
    seeds["hostile-short-length"] = hdr(1, 2, 0, 4)
    seeds["hostile-reset-12"] = hdr(1, 2, 0, 12) + bytes(4)
    seeds["hostile-type5"] = hdr(1, 5, 0, 8)
    seeds["hostile-error-overrun"] = hdr(1, 10, 0, 16) + struct.pack("!II", 9, 0)
    seeds["hostile-prefix-33"] = hdr(1, 4, 0, 20) + bytes([1, 33, 33, 0, 10, 0, 0, 0, 0, 0, 0, 1])
    seeds["hostile-flood"] = hdr(1, 2, 0, 8) * 512
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


main()
