#!/usr/bin/env python3
# Independent model of M8 (docs/observatory.md, docs/configuration.md) over
# the raw files: PeeringDB API pages (net, poc) and an RPSL aut-num dump.
# Prints one line per AS: "ASn score from contacts peeringdb_net counted-sources".
# usage: oracle.py PDB-DIR RPSL.gz PEERINGDB(0/1) RIR(0/1) ATTRS OTHER_IRR(0/1) ASN...
import glob, gzip, json, re, sys

pdb_dir, rpsl, use_pdb, use_rir, attrs, other = sys.argv[1:7]
asns = [int(a) for a in sys.argv[7:]]
use_pdb, use_rir, other = use_pdb == "1", use_rir == "1", other == "1"
attrs = attrs.split(",")
RIRS = {"RIPE", "APNIC", "AFRINIC", "ARIN", "LACNIC"}

nets, pocs = {}, {}
for f in glob.glob(pdb_dir + "/net_page-*.json.gz"):
    for o in json.load(gzip.open(f))["data"]:
        nets[o["asn"]] = o["id"]
for f in glob.glob(pdb_dir + "/poc_page-*.json.gz"):
    for o in json.load(gzip.open(f))["data"]:
        if o.get("email") or o.get("phone"):
            pocs[o["net_id"]] = pocs.get(o["net_id"], 0) + 1

autnums = {}   # asn -> [(source, {attr: first handle})]
for para in gzip.open(rpsl).read().decode("latin-1").split("\n\n"):
    m = re.search(r"^aut-num:\s*AS(\d+)", para, re.M | re.I)
    if not m:
        continue
    src = re.search(r"^source:\s*(\S+)", para, re.M).group(1).upper()
    h = {}
    for a in ("admin-c", "tech-c", "abuse-c"):
        x = re.search(r"^" + a + r":\s*(\S+)", para, re.M)
        if x:
            h[a] = x.group(1)
    autnums.setdefault(int(m.group(1)), []).append((src, h))

def counts(src):
    return src.replace("-NONAUTH", "") in RIRS or other

irr_used = use_rir and any(counts(s) for v in autnums.values() for s, _ in v)
for a in asns:
    if not use_pdb and not irr_used:
        print("AS%d None" % a)
        continue
    n = pocs.get(nets.get(a), 0) if use_pdb else 0
    net = use_pdb and a in nets
    counted = [s for s, h in autnums.get(a, []) if irr_used and counts(s) and any(k in h for k in attrs)]
    frm = (["peeringdb"] if n else []) + (["irr"] if counted else [])
    print("AS%d %d %s %d %s %s" % (a, 1 if frm else 0, "+".join(frm) or "-", n, net, "+".join(counted) or "-"))
