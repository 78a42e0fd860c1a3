#!/usr/bin/env python3
"""VRP sets as each RTR client prints them, normalised to one sorted line per
VRP, "PREFIX/LEN-MAXLEN ASN", so a client's table compares with the file's
own VRPs (the oracle: Python's json and ipaddress, not manrs) byte for byte.

  vrpset.py json FILE       the distinct VRPs of an rpki-client JSON file
  vrpset.py rtrclient FILE  rtrclient -e -t csv output
  vrpset.py frr FILE        vtysh "show rpki prefix-table json"
  vrpset.py bird FILE...    birdc "show route table rN" output
  vrpset.py gobgp FILE...   gobgp "rpki table -a ipv4|ipv6" output
  vrpset.py mutate IN OUT   IN without its first 5 ROAs, plus 192.0.2.0/24
                            AS64496 and 2001:db8::/32-48 AS64497
"""
import ipaddress
import json
import re
import sys


def norm(prefix, plen, maxlen, asn):
    net = ipaddress.ip_network("%s/%s" % (prefix, plen), strict=False)
    return "%s-%d AS%d" % (net.compressed, int(maxlen), int(asn))


def out(lines):
    for line in sorted(set(lines)):
        print(line)


def main():
    kind, args = sys.argv[1], sys.argv[2:]
    lines = []
    if kind == "json":
        for r in json.load(open(args[0]))["roas"]:
            net = ipaddress.ip_network(r["prefix"], strict=False)
            asn = r["asn"]
            if isinstance(asn, str):
                asn = int(asn.upper().removeprefix("AS"))
            lines.append(norm(net.network_address, net.prefixlen, r["maxLength"], asn))
    elif kind == "rtrclient":
        for line in open(args[0]):
            f = [x.strip() for x in line.split(",")]
            if len(f) == 4 and f[1].isdigit():
                lines.append(norm(f[0], f[1], f[2], f[3]))
    elif kind == "frr":
        for p in json.load(open(args[0]))["prefixes"]:
            lines.append(norm(p["prefix"], p["prefixLenMin"], p["prefixLenMax"], p["asn"]))
    elif kind == "bird":
        for a in args:
            for line in open(a):
                m = re.match(r"^(\S+)/(\d+)-(\d+) AS(\d+)\s", line)
                if m:
                    lines.append(norm(*m.groups()))
    elif kind == "gobgp":
        for a in args:
            for line in open(a):
                f = line.split()
                if len(f) >= 3 and "/" in f[0] and f[1].isdigit():
                    p, plen = f[0].split("/")
                    lines.append(norm(p, plen, f[1], f[2]))
    elif kind == "mutate":
        d = json.load(open(args[0]))
        d["roas"] = d["roas"][5:] + [
            {"prefix": "192.0.2.0/24", "maxLength": 24, "asn": 64496, "ta": "test", "expires": 0},
            {"prefix": "2001:db8::/32", "maxLength": 48, "asn": 64497, "ta": "test", "expires": 0},
        ]
        json.dump(d, open(args[1], "w"))
        return
    else:
        sys.exit("vrpset.py: unknown kind " + kind)
    out(lines)


main()
