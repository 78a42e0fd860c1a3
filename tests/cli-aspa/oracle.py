#!/usr/bin/env python3
"""Independent reading of draft-ietf-sidrops-aspa-verification-27 for the
cross-check in tests/cli-aspa/run.sh: reads an ASPA text file (aspa.h
format) and `manrs mrt dump` lines (bgpdump -m: field 5 the peer AS, field
7 the AS path) on stdin, and prints one verdict per RIB entry or
announcement. Written from the draft's principle (section 5.1: an up-ramp
and a down-ramp whose apexes are at most one hop apart), searched over all
apex positions rather than with the ramp-length formulas of section 5.3;
AS 0 (RFC 7607) and confederation segments after the first (RFC 5065
section 5) make the path malformed."""
import re
import sys

P, NP, NA = "P+", "NP+", "NA"


def load(path):
    spas = {}
    for line in open(path):
        line = line.split("#")[0].strip()
        if not line:
            continue
        cust, provs = line.split(":")
        ps = [int(x) for x in re.split(r"[ ,]+", provs.strip()) if x]
        spas.setdefault(int(cust), set()).update(p for p in ps if p != 0)
    return spas


def auth(spas, x, y):
    if x not in spas:
        return NA
    return P if y in spas[x] else NP


def verdict(spas, peer, text, down):
    segs = re.findall(r"\{[^}]*\}|\([^)]*\)|\[[^\]]*\]|[^ {}()\[\]]+", text)
    asns = [int(a) for a in re.findall(r"\d+", text)]
    if 0 in asns:
        return "Invalid"
    kinds = ["confed" if s[0] in "([" else "set" if s[0] == "{" else "seq" for s in segs]
    seen_other = False
    for k in kinds:
        if k != "confed":
            seen_other = True
        elif seen_other:
            return "Invalid"
    seq = [int(s) for s, k in zip(segs, kinds) if k == "seq"]
    if not seq and "set" not in kinds:
        return "Invalid"
    first = segs[0]
    if first[0] not in "{[" and int(re.findall(r"\d+", first)[0]) != peer:
        return "Invalid"
    if "set" in kinds:
        return "Invalid"
    a = []
    for x in seq:
        if not a or a[-1] != x:
            a.append(x)
    a.reverse()  # a[0] is the origin, AS(1)
    n = len(a)

    def ok(u, d, strict):
        # up-ramp AS(1)..AS(u), down-ramp AS(n-d+1)..AS(n), u + d >= n
        for i in range(u - 1):
            r = auth(spas, a[i], a[i + 1])
            if (r != P) if strict else (r == NP):
                return False
        for j in range(n - d, n - 1):
            r = auth(spas, a[j + 1], a[j])
            if (r != P) if strict else (r == NP):
                return False
        return True

    if not down:
        rs = [auth(spas, a[i], a[i + 1]) for i in range(n - 1)]
        return "Invalid" if NP in rs else "Unknown" if NA in rs else "Valid"
    splits = [(u, d) for u in range(1, n + 1) for d in range(1, n + 1) if u + d >= n]
    if any(ok(u, d, True) for u, d in splits):
        return "Valid"
    if any(ok(u, d, False) for u, d in splits):
        return "Unknown"
    return "Invalid"


def main():
    spas = load(sys.argv[1])
    down = sys.argv[2] == "downstream"
    for line in sys.stdin:
        f = line.rstrip("\n").split("|")
        if len(f) < 7 or f[2] not in ("B", "A"):
            continue
        print(verdict(spas, int(f[4]), f[6], down))


main()
