#!/usr/bin/env python3
"""Independent model of `manrs report` for the cli-report suite.

  oracle.py rpki-irr BGPDUMP_M VRP_CSV RPSL CONF MANRS_CONF ASN...
      from bgpdump -m output of a RIB dump (every pair counts: min_peers 1),
      a VRP CSV and an RPSL file: one line per AS, the M7RPKI and M7IRR
      counts, scores, per-source registrations and evidence statuses.
  oracle.py m3 DB MANRS_CONF MONTH ASN...
      M3 from the day observations in the store: full bogons by the IANA
      special-purpose registries, events merged when they overlap or touch,
      the official duration weighting, the curve exp(-k sqrt(raw)).
  oracle.py extract REPORT_JSON
      the same lines from a `manrs report --json` answer.
Written from MANRS-SPEC 2.3/2.4 and RFC 6811, not from the C code."""
import ipaddress
import json
import math
import sqlite3
import sys


def fmt(v):
    if v is None:
        return "null"
    s = "%.4f" % v
    s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def conf(paths):
    c = {}
    sec = ""
    for p in paths:
        for line in open(p):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("["):
                sec = line.strip("[]")
                continue
            k, v = [x.strip() for x in line.split("=", 1)]
            c[sec + "." + k] = v
    return c


def rov(vrps, net, origin):
    cover = [v for v in vrps if net.version == v[0].version and net.subnet_of(v[0])]
    if not cover:
        return "not-found"
    for pfx, maxlen, asn in cover:
        if asn != 0 and asn == origin and net.prefixlen <= maxlen:
            return "valid"
    if any(asn == origin and asn != 0 for _, _, asn in cover):
        return "invalid-length"
    return "invalid-origin"


def rpki_irr(args):
    dump, vrpf, rpsl, cfiles = args[0], args[1], args[2], args[3:5]
    asns = [int(a) for a in args[5:]]
    c = conf(cfiles)
    pairs = set()
    for line in open(dump):
        f = line.rstrip("\n").split("|")
        path = f[6].split()
        if not path or not path[-1].isdigit():
            continue
        pairs.add((ipaddress.ip_network(f[5]), int(path[-1])))
    vrps = []
    for line in open(vrpf).readlines()[1:]:
        a, p, m, _ = line.strip().split(",")
        vrps.append((ipaddress.ip_network(p), int(m), int(a[2:])))
    routes = []
    obj = {}
    for line in open(rpsl).read().split("\n") + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if "route" in obj:
                routes.append((ipaddress.ip_network(obj["route"]), int(obj["origin"][2:]), obj["source"]))
            obj = {}
            continue
        k, v = line.split(":", 1)
        obj[k.strip()] = v.strip()
    sources = sorted({r[2] for r in routes})
    covering = c["irr.match"] == "covering"
    weight = float(c["rpki.invalid_weight"])
    floor = float(c["rpki.floor"])
    for asn in asns:
        mine = sorted((p for p in pairs if p[1] == asn), key=lambda p: (str(p[0]), p[1]))
        st = {"valid": 0, "invalid": 0, "not-found": 0}
        ev = []
        reg = unreg = 0
        by = {s: 0 for s in sources}
        iev = []
        for net, origin in mine:
            r = rov(vrps, net, origin)
            st["invalid" if r.startswith("invalid") else r] += 1
            if r != "valid":
                ev.append("%s:%s" % (net, r))
            ok_any = False
            for s in sources:
                ok = any(o == origin and src == s and (rn == net or (covering and net.subnet_of(rn)))
                         for rn, o, src in routes)
                by[s] += ok
                ok_any |= ok
            if ok_any:
                reg += 1
            else:
                unreg += 1
                other = any(rn == net and o != origin for rn, o, _ in routes)
                iev.append("%s:%s" % (net, "other-origin" if other else "no-route-object"))
        n = len(mine)
        rs = None if n == 0 else min(1.0, max(floor, st["valid"] / n - weight * st["invalid"] / n))
        irs = None if n == 0 else reg / n
        print("AS%d rpki %s valid %d invalid %d not_found %d [%s] irr %s registered %d unregistered %d {%s} [%s]" % (
            asn, fmt(rs), st["valid"], st["invalid"], st["not-found"], " ".join(ev), fmt(irs), reg, unreg,
            " ".join("%s=%d" % (s, by[s]) for s in sources), " ".join(iev)))


FULL_V4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
           "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
           "203.0.113.0/24", "240.0.0.0/4"]


def penalty(events, c):
    short = float(c["filtering.short_incident_seconds"])
    # Equal weights only here (culprit): merge overlapping or touching spans.
    events = sorted(events)
    merged = []
    for s, e in events:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    total = 0.0
    for s, e in merged:
        d = e - s
        if d <= 0:
            continue
        n = d // 86400
        if n == 0:
            total += float(c["filtering.short_incident_weight"]) if d < short else float(c["filtering.day_incident_weight"])
        else:
            total += n + 1
    return total * float(c["filtering.culprit_weight"]), len([m for m in merged if m[1] > m[0]])


def m3(args):
    db, cfile, month = args[0], args[1], int(args[2])
    c = conf([cfile])
    full = [ipaddress.ip_network(x) for x in FULL_V4]
    con = sqlite3.connect(db)
    for a in args[3:]:
        asn = int(a)
        ev = []
        pfx = set()
        for prefix, first, last in con.execute(
                "SELECT p.prefix, d.first_seen, d.last_seen FROM obs_day d JOIN prefixes p ON p.id = d.prefix_id"
                " WHERE d.origin = ? AND d.day / 100 = ?", (asn, month)):
            net = ipaddress.ip_network(prefix)
            if net.version == 4 and any(net.subnet_of(b) or b.subnet_of(net) for b in full):
                ev.append((first, last))
                pfx.add(prefix)
        raw, inc = penalty(ev, c)
        k = float(c["filtering.curve_k"])
        print("AS%d M3 raw %s score %s incidents %d [%s]" % (asn, fmt(raw), fmt(math.exp(-k * math.sqrt(raw))), inc,
                                                           " ".join(sorted(pfx))))


def extract(args):
    r = json.load(open(args[0]))
    m = r["metrics"]
    if args[1:] == ["m3"]:
        x = m["M3"]
        print("AS%d M3 raw %s score %s incidents %d [%s]" % (
            r["asn"], fmt(x["raw"]), fmt(x["score"]), x["incidents"],
            " ".join(sorted(e["prefix"] for e in x["evidence"] if e["scored"]))))
        return
    x, y = m["M7RPKI"], m["M7IRR"]
    print("AS%d rpki %s valid %d invalid %d not_found %d [%s] irr %s registered %d unregistered %d {%s} [%s]" % (
        r["asn"], fmt(x["score"]), x["valid"], x["invalid"], x["not_found"],
        " ".join("%s:%s" % (e["prefix"], e["status"]) for e in x["evidence"]), fmt(y["score"]),
        y["registered"], y["unregistered"], " ".join("%s=%d" % kv for kv in sorted(y["by_source"].items())),
        " ".join("%s:%s" % (e["prefix"], e["status"]) for e in y["evidence"])))


if __name__ == "__main__":
    {"rpki-irr": rpki_irr, "m3": m3, "extract": extract}[sys.argv[1]](sys.argv[2:])
