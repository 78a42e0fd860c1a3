#!/usr/bin/env python3
"""Compares `manrs bmp decode --json` with tshark's BMP and BGP fields, frame by frame.

usage: compare.py TSHARK_FIELDS_FILE MANRS_JSON_FILE
The first file is `tshark -T fields -E occurrence=a -E aggregator=, -E separator=/t`
output with the columns FIELDS below (frame.number first). Prints one line per
difference and a last line "frames N, messages N, prefixes N, differences N".
Frames that carry BGP NLRI of a SAFI other than unicast/multicast (VPN, EVPN,
VPLS, flowspec: manrs keeps those raw) have their prefixes left out of the
comparison and counted as such.
"""
import json
import sys
from collections import Counter, defaultdict

FIELDS = [
    "frame.number", "bmp.type", "bmp.peer.type", "bmp.peer.flags", "bmp.peer.ip.addr", "bmp.peer.ipv6.addr",
    "bmp.peer.asn", "bmp.peer.id", "bmp.peer.timestamp.sec", "bmp.peer.timestamp.msec",
    "bmp.peer.distinguisher", "bmp.peer.up.port.local", "bmp.peer.up.port.remote",
    "bmp.peer.down.reason", "bmp.stats.count", "bmp.stats.type", "bmp.init.type", "bmp.term.type",
    "bgp.update.path_attribute.mp_reach_nlri.safi", "bgp.update.path_attribute.mp_unreach_nlri.safi",
    "bgp.nlri_prefix", "bgp.withdrawn_prefix", "bgp.mp_reach_nlri_ipv4_prefix",
    "bgp.mp_reach_nlri_ipv6_prefix", "bgp.mp_unreach_nlri_ipv4_prefix", "bgp.mp_unreach_nlri_ipv6_prefix",
    "bgp.prefix_length",
]


def split(v):
    return [x for x in v.split(",")] if v != "" else []


def tshark_frames(path):
    frames = {}
    with open(path) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            cols += [""] * (len(FIELDS) - len(cols))
            d = {FIELDS[i]: split(cols[i]) for i in range(1, len(FIELDS))}
            frames[int(cols[0])] = d
    return frames


def norm_hex(v):
    return str(int(v, 16)) if v.startswith("0x") else v


def manrs_frames(path):
    frames = defaultdict(list)
    with open(path) as f:
        for line in f:
            m = json.loads(line)
            frames[m["frame"]].append(m)
    return frames


def ours(msgs):
    """The same columns from our messages, in message order."""
    d = defaultdict(list)
    prefixes, lengths = [], []
    for m in msgs:
        d["bmp.type"].append(str(m["type"]))
        p = m.get("peer")
        if p:
            d["bmp.peer.type"].append(str(p["type"]))
            d["bmp.peer.flags"].append(str(p["flags"]))
            # tshark reads flag 0x80 as V for every peer type; for Loc-RIB
            # peers it is F (RFC 9069 section 4.2) and the address is zero,
            # which manrs shows as 0.0.0.0: the same zero address.
            v6 = bool(p["flags"] & 0x80)
            addr = p["address"]
            if p["type"] == 3 and v6 and addr == "0.0.0.0":
                addr = "::"
            d["bmp.peer.ipv6.addr" if v6 else "bmp.peer.ip.addr"].append(addr)
            d["bmp.peer.asn"].append(str(p["as"]))
            d["bmp.peer.id"].append(p["bgp_id"])
            d["bmp.peer.timestamp.sec"].append(str(p["ts_sec"]))
            d["bmp.peer.timestamp.msec"].append(str(p["ts_usec"]))
            d["bmp.peer.distinguisher"].append(p["distinguisher"])
        if m["type"] == 3 and "local_port" in m:
            d["bmp.peer.up.port.local"].append(str(m["local_port"]))
            d["bmp.peer.up.port.remote"].append(str(m["remote_port"]))
        if m["type"] == 2 and "reason" in m:
            d["bmp.peer.down.reason"].append(str(m["reason"]))
        if m["type"] == 1 and "count" in m:
            d["bmp.stats.count"].append(str(m["count"]))
            d["bmp.stats.type"] += [str(s["type"]) for s in m["stats"]]
        if m["type"] == 4:
            d["bmp.init.type"] += [str(t["type"]) for t in m["tlvs"]]
        if m["type"] == 5:
            # tshark 4.0 dissects only the first Termination TLV (the
            # Reason TLV after a String is not shown): compare that one.
            d["bmp.term.type"] += [str(t["type"]) for t in m["tlvs"][:1]]
        if m["type"] == 0:
            for e in m.get("elems", []):
                if "prefix" in e:
                    a, l = e["prefix"].split("/")
                    prefixes.append(a)
                    lengths.append(l)
    return d, prefixes, lengths


def main():
    ts = tshark_frames(sys.argv[1])
    mf = manrs_frames(sys.argv[2])
    diffs = 0
    nmsg = npfx = skipped = 0
    for fr in sorted(set(ts) | set(mf)):
        t = ts.get(fr)
        msgs = mf.get(fr, [])
        if t is None or not t["bmp.type"]:
            if msgs:
                print(f"frame {fr}: manrs decoded {len(msgs)} messages, tshark none")
                diffs += 1
            continue
        nmsg += len(msgs)
        d, prefixes, lengths = ours(msgs)
        for k in FIELDS[1:18]:
            want = [norm_hex(x) for x in t[k]]
            if k == "bmp.peer.distinguisher":
                want = [x.replace(":", "") for x in want]
            if want != d.get(k, []):
                print(f"frame {fr}: {k}: tshark {want}, manrs {d.get(k, [])}")
                diffs += 1
        safis = set(t["bgp.update.path_attribute.mp_reach_nlri.safi"] + t["bgp.update.path_attribute.mp_unreach_nlri.safi"])
        if safis - {"1", "2"}:
            skipped += 1
            continue
        tp = []
        for k in FIELDS[20:26]:
            tp += t[k]
        # Peer Up / Down frames carry no prefixes but may hold other BGP lengths.
        tl = t["bgp.prefix_length"]
        if Counter(tp) != Counter(prefixes) or Counter(tl) != Counter(lengths):
            print(f"frame {fr}: prefixes: tshark {sorted(tp)} /{sorted(tl)}, manrs {sorted(prefixes)} /{sorted(lengths)}")
            diffs += 1
        npfx += len(prefixes)
    print(f"frames {len(ts)}, messages {nmsg}, prefixes {npfx}, frames with other SAFIs {skipped}, differences {diffs}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
