#!/usr/bin/env python3
"""Scores `manrs incidents --json` against mrt-synth ground truth (bench/detect.sh).

Usage: detect_score.py MIN_SUSPICION (TRUTH.json INCIDENTS.json)...

A truth event is found when an incident of the matching type (hijack exact
-> moas, hijack subprefix -> submoas, leak -> leak, bogon -> bogon-prefix)
with the same culprit and, except for leaks, a shared prefix has suspicion
>= MIN_SUSPICION. Precision: of the incidents at >= MIN_SUSPICION, those that
match a truth event. Delay: the incident's start (first offending route
seen) minus the injection time. Prints one line per type and a total, then
one line per scenario. Bogons already in the RIB dump (incident start at or
before the window's start: real bogons of the 2014 table the scenario was
built from, not injected) are listed apart, and the total precision is
printed with and without them."""
import json
import sys
from collections import defaultdict

TYPE = {("hijack", "exact"): "moas", ("hijack", "subprefix"): "submoas", ("leak", None): "leak",
        ("bogon", None): "bogon-prefix"}


def ts(s):
    import calendar
    import time
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def main():
    thr = int(sys.argv[1])
    args = sys.argv[2:]
    found = defaultdict(int)
    total = defaultdict(int)
    delays = defaultdict(list)
    tp = defaultdict(int)
    alarms = defaultdict(int)
    fps = []
    pre = []
    per_seed = []
    for k in range(0, len(args), 2):
        truth = json.load(open(args[k]))
        incs = [i for i in json.load(open(args[k + 1])) if i["suspicion"] >= thr]
        matched = set()
        s_found = s_total = 0
        for ev in truth["events"]:
            t = TYPE[(ev["type"], ev.get("subtype"))]
            total[t] += 1
            s_total += 1
            best = None
            for n, i in enumerate(incs):
                if i["type"] != t or i["culprit_asn"] != ev["culprit_asn"]:
                    continue
                if t != "leak" and not set(i["prefixes"]) & set(ev["prefixes"]):
                    continue
                matched.add(n)
                d = ts(i["start"]) - ev["start"]
                if best is None or d < best:
                    best = d
            if best is not None:
                found[t] += 1
                s_found += 1
                delays[t].append(best)
        s_pre = 0
        for n, i in enumerate(incs):
            alarms[i["type"]] += 1
            if n in matched:
                tp[i["type"]] += 1
            elif i["type"].startswith("bogon") and ts(i["start"]) <= truth["window"]["start"]:
                s_pre += 1
                pre.append((args[k], i["type"], i["culprit_asn"], i["prefixes"][:1], i["suspicion"]))
            else:
                fps.append((args[k], i["type"], i["culprit_asn"], i["prefixes"][:1], i["suspicion"]))
        per_seed.append((truth.get("seed"), s_found, s_total, len(matched), len(incs), s_pre))
    print(f"at suspicion >= {thr}:")
    print(f"{'type':14} {'recall':>12} {'precision':>14} {'delay s (min/median/max)':>26}")
    for t in sorted(set(total) | set(alarms)):
        r = f"{found[t]}/{total[t]}" if total[t] else "-"
        p = f"{tp[t]}/{alarms[t]}" if alarms[t] else "-"
        dl = sorted(delays[t])
        d = f"{dl[0]}/{dl[len(dl) // 2]}/{dl[-1]}" if dl else "-"
        print(f"{t:14} {r:>12} {p:>14} {d:>26}")
    R = sum(found.values()) / max(1, sum(total.values()))
    P = sum(tp.values()) / max(1, sum(alarms.values()))
    npre = len(pre)
    P2 = sum(tp.values()) / max(1, sum(alarms.values()) - npre)
    print(f"{'all':14} {R:12.3f} {P:14.3f}   (precision {P2:.3f} without the {npre} bogons already in the RIB)")
    for seed, f, t, m, a, sp in per_seed:
        print(f"  seed {seed}: recall {f}/{t}, precision {m}/{a} ({sp} bogons in the RIB table)")
    for fp in fps[:10]:
        print("  unmatched:", *fp)
    for fp in pre[:10]:
        print("  in the RIB table:", *fp)


if __name__ == "__main__":
    main()
