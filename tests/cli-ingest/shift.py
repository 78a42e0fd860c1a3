#!/usr/bin/env python3
"""Writes a copy of a gzip MRT file with every record header's time moved by
SHIFT seconds (BGP4MP bodies carry no time of their own): the tests' way to
get the same updates on another day. Usage: shift.py SRC SHIFT DST"""
import gzip
import struct
import sys

src, shift, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
b = gzip.open(src).read()
out, off = bytearray(), 0
while off + 12 <= len(b):
    ts, typ, sub, ln = struct.unpack_from(">IHHI", b, off)
    out += struct.pack(">IHHI", ts + shift, typ, sub, ln) + b[off + 12:off + 12 + ln]
    off += 12 + ln
with gzip.open(dst, "wb") as f:
    f.write(bytes(out))
