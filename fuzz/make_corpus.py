#!/usr/bin/env python3
# Cuts the seed corpora of fuzz/corpus/ (mrt/ and bgp_update/) out of the real
# MRT samples in /work/shared/data/mrt. A development tool: tests never run it,
# the corpora it wrote are committed. Python 3 standard library only.
"""Usage: make_corpus.py [DATA_DIR [CORPUS_DIR]]

Keeps, per sample file, the records whose shape (type, subtype, BGP message
type, attribute codes, MP address families, ...) has not been kept yet, short
runs of consecutive records, the lab/ samples whole, and damaged stretches.
TABLE_DUMP_V2 RIB records always follow the file's PEER_INDEX_TABLE. UPDATE
bodies go to bgp_update/ with the selector byte the fuzz target reads first.
Files named regress-* and fuzz-* (kept from fuzzing) are never touched.
"""

import bz2
import os
import struct
import sys
import zlib

DATA = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/mrt"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

MAX_FILE = 20000          # bytes per corpus file
MAX_UPDATE = 8192         # fuzz_bgp_update runs with -max_len=8192
PER_FILE_MRT = 14         # new-shape records kept per sample file
PER_FILE_UPDATE = 12
RUN_LEN = 9               # records in a consecutive run

# fuzz_bgp_update selector bits
SEL_AS4, SEL_ADDPATH, SEL_RIB, SEL_CUT = 1, 2, 4, 8

MARKER = b"\xff" * 16


def load(path):
    """Decompressed bytes; a compressed stream cut short yields what it holds."""
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(31)
        out = []
        while raw:
            try:
                out.append(d.decompress(raw))
            except zlib.error:
                break
            raw = d.unused_data
            if raw:
                d = zlib.decompressobj(31)
        return b"".join(out)
    if raw[:3] == b"BZh":
        d = bz2.BZ2Decompressor()
        try:
            return d.decompress(raw)
        except (OSError, EOFError):
            return b""
    return raw


def records(data):
    """(offset, type, subtype, raw record bytes) until a short record."""
    off = 0
    while off + 12 <= len(data):
        _, typ, sub, length = struct.unpack(">IHHI", data[off:off + 12])
        if off + 12 + length > len(data):
            return
        yield off, typ, sub, data[off:off + 12 + length]
        off += 12 + length


def parse_attrs(attrs, asn_size):
    """A hashable summary of a path attribute block, or None if it is broken."""
    codes, mp, seg_types = [], [], set()
    i = 0
    while i < len(attrs):
        if i + 3 > len(attrs):
            return None
        flags, code = attrs[i], attrs[i + 1]
        if flags & 0x10:
            if i + 4 > len(attrs):
                return None
            alen = struct.unpack(">H", attrs[i + 2:i + 4])[0]
            i += 4
        else:
            alen = attrs[i + 2]
            i += 3
        val = attrs[i:i + alen]
        if len(val) < alen:
            return None
        i += alen
        codes.append(code)
        if code in (2, 17):
            j = 0
            size = 4 if code == 17 else asn_size
            while j + 2 <= len(val):
                seg_types.add((code, val[j]))
                j += 2 + val[j + 1] * size
        elif code == 14 and len(val) >= 4:
            if val[0] == 0:
                mp.append(("reach", struct.unpack(">H", val[0:2])[0], val[2], val[3]))
            else:
                mp.append(("reach-abbrev", val[0]))
        elif code == 15 and len(val) >= 3:
            mp.append(("unreach", struct.unpack(">H", val[0:2])[0], val[2]))
    return (tuple(sorted(set(codes))), tuple(sorted(mp)), tuple(sorted(seg_types)))


def update_shape(body, asn_size):
    """Shape of an UPDATE body (after the 19-byte header), or None."""
    if len(body) < 4:
        return None
    wlen = struct.unpack(">H", body[0:2])[0]
    if 2 + wlen + 2 > len(body):
        return None
    alen = struct.unpack(">H", body[2 + wlen:4 + wlen])[0]
    if 4 + wlen + alen > len(body):
        return None
    attrs = parse_attrs(body[4 + wlen:4 + wlen + alen], asn_size)
    if attrs is None:
        return None
    nlri = len(body) - 4 - wlen - alen
    return (wlen > 0, nlri > 0, attrs)


def bgp4mp_message(rec, typ, sub):
    """(asn_size, addpath, BGP message) of a BGP4MP(_ET) message record, or None."""
    if sub not in (1, 4, 6, 7, 8, 9, 10, 11):
        return None
    body = rec[12:]
    if typ == 17:
        body = body[4:]
    asn_size = 4 if sub in (4, 7, 9, 11) else 2
    addpath = sub >= 8
    hdr = 2 * asn_size + 4
    if len(body) < hdr:
        return None
    afi = struct.unpack(">H", body[hdr - 2:hdr])[0]
    alen = 16 if afi == 2 else 4
    msg = body[hdr + 2 * alen:]
    if len(msg) < 19 or msg[:16] != MARKER:
        return None
    return asn_size, addpath, msg


def td2_rib_entries(rec, sub):
    """Attribute blocks of a TABLE_DUMP_V2 RIB record."""
    body = rec[12:]
    addpath = sub >= 8
    if sub in (6, 12):
        if len(body) < 7:
            return []
        i = 7
    else:
        i = 4
    if i >= len(body):
        return []
    i += 1 + (body[i] + 7) // 8
    if i + 2 > len(body):
        return []
    count = struct.unpack(">H", body[i:i + 2])[0]
    i += 2
    out = []
    for _ in range(count):
        i += 2 + 4 + (4 if addpath else 0)
        if i + 2 > len(body):
            break
        alen = struct.unpack(">H", body[i:i + 2])[0]
        out.append(body[i + 2:i + 2 + alen])
        i += 2 + alen
    return out


def record_shape(rec, typ, sub):
    """What makes a record worth a corpus file of its own."""
    if typ in (16, 17):
        m = bgp4mp_message(rec, typ, sub)
        if m is None:
            return (typ, sub)
        asn_size, _, msg = m
        if msg[18] != 2:
            return (typ, sub, msg[18])
        return (typ, sub, 2, update_shape(msg[19:], asn_size))
    if typ == 13 and sub != 1:
        shapes = set()
        for a in td2_rib_entries(rec, sub):
            shapes.add(parse_attrs(a, 4))
        return (typ, sub, tuple(sorted(shapes, key=repr)))
    if typ == 12:
        asn_size = 4 if sub in (3, 4) else 2
        alen = 4 if sub in (1, 3) else 16
        at = 12 + 4 + alen + 2 + 4 + alen + asn_size
        return (typ, sub, parse_attrs(rec[at + 2:], asn_size))
    if typ == 5 and sub == 1:
        return (typ, sub, update_shape(rec[12 + 12:], 2))
    return (typ, sub)


class Corpus:
    def __init__(self, path, limit):
        self.path = path
        self.limit = limit
        self.seen = set()
        self.contents = set()
        self.written = 0
        os.makedirs(path, exist_ok=True)
        for f in os.listdir(path):
            if not f.startswith(("regress-", "fuzz-")) and f != "README.md":
                os.unlink(os.path.join(path, f))

    def add(self, name, data, key=None):
        if key is not None:
            if key in self.seen:
                return False
        if len(data) > self.limit or data in self.contents:
            return False
        self.contents.add(data)
        if key is not None:
            self.seen.add(key)
        with open(os.path.join(self.path, name), "wb") as f:
            f.write(data)
        self.written += 1
        return True


def short(name):
    base = name.replace("lab/", "lab-")
    for ext in (".gz", ".bz2"):
        if base.endswith(ext):
            base = base[:-len(ext)]
    return base.replace("/", "-")


def main():
    mrt = Corpus(os.path.join(OUT, "mrt"), MAX_FILE)
    upd = Corpus(os.path.join(OUT, "bgp_update"), MAX_UPDATE)
    names = []
    for root, _, files in os.walk(DATA):
        for f in files:
            names.append(os.path.relpath(os.path.join(root, f), DATA))
    names.sort()
    for name in names:
        data = load(os.path.join(DATA, name))
        tag = short(name)
        if name.startswith("lab/"):
            mrt.add(tag, data)
        elif len(data) <= 4096:
            mrt.add(tag + "-whole", data)

        recs = list(records(data))
        ends = recs[-1][0] + len(recs[-1][3]) if recs else 0
        if ends < len(data):
            # A damaged or misframed stretch: the last records before it
            # and what follows, raw.
            start = recs[-3][0] if len(recs) >= 3 else 0
            mrt.add(tag + "-damaged", data[start:start + 4096])

        peer_index = b""
        n_mrt = n_upd = 0
        cut_done = False
        run = recs[:RUN_LEN]
        if run:
            blob = b"".join(r[3] for r in run)
            if len(blob) > MAX_FILE:
                blob = b"".join(r[3] for r in run[:3])
            mrt.add(tag + "-run", blob)
        for off, typ, sub, rec in recs:
            if typ == 13 and sub == 1:
                peer_index = rec
            shape = record_shape(rec, typ, sub)
            if n_mrt < PER_FILE_MRT:
                blob = peer_index + rec if typ == 13 and sub != 1 else rec
                if mrt.add("%s-%08x-%d-%d" % (tag, off, typ, sub), blob, key=shape):
                    n_mrt += 1
            if n_upd >= PER_FILE_UPDATE:
                continue
            # UPDATE bodies for fuzz_bgp_update.
            body = sel = None
            if typ in (16, 17):
                m = bgp4mp_message(rec, typ, sub)
                if m and m[2][18] == 2:
                    asn_size, addpath, msg = m
                    body = msg[19:]
                    sel = (SEL_AS4 if asn_size == 4 else 0) | (SEL_ADDPATH if addpath else 0)
                    ukey = (sel, update_shape(body, asn_size))
            elif typ == 5 and sub == 1:
                body, sel = rec[24:], 0
                ukey = (sel, update_shape(body, 2))
            elif typ == 13 and sub != 1:
                # RIB attribute blocks, as an UPDATE with no NLRI.
                entries = td2_rib_entries(rec, sub)
                if entries:
                    a = entries[0]
                    body = struct.pack(">HH", 0, len(a)) + a
                    sel = SEL_AS4 | SEL_RIB | (SEL_ADDPATH if sub >= 8 else 0)
                    ukey = (sel, parse_attrs(a, 4))
            if body is not None and ukey[1] is not None:
                if upd.add("%s-%08x-%d-%d" % (tag, off, typ, sub), bytes([sel]) + body, key=ukey):
                    n_upd += 1
                    if n_upd == 1 and not sel & SEL_RIB and len(body) > 8:
                        # The same message as a collector that stopped
                        # writing mid-message would have recorded it.
                        upd.add("%s-%08x-%d-%d-cut" % (tag, off, typ, sub),
                                bytes([sel | SEL_CUT]) + body[:len(body) * 2 // 3])
            if typ in (16, 17) and n_mrt and not cut_done:
                m = bgp4mp_message(rec, typ, sub)
                if m and m[2][18] == 2 and len(m[2]) > 40:
                    # An MRT record shorter than the BGP message it holds
                    # (old Quagga wrote at most 4,096 bytes per record).
                    keep = len(rec) - (len(m[2]) - 19) // 3
                    cut = rec[:8] + struct.pack(">I", keep - 12) + rec[12:keep]
                    cut_done = mrt.add("%s-%08x-%d-%d-cut" % (tag, off, typ, sub), cut)
    print("mrt: %d files, bgp_update: %d files" % (mrt.written, upd.written))


if __name__ == "__main__":
    main()
