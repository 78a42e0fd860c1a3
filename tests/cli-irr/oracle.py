#!/usr/bin/env python3
"""Independent oracle for the `manrs irr` command-line tests: a small RPSL
reader and set expander written separately from src/irr/ (no shared code),
simple on purpose. Usage:
  oracle.py expand SET FILE...        AS numbers of an as-set, one per line
  oracle.py prefixes SET FILE...      route/route6 prefixes of those ASes
  oracle.py origin ASN FILE...        "route PREFIX" / "route6 PREFIX" lines
  oracle.py counts FILE...            "SOURCE CLASS N" lines
"""
import gzip
import ipaddress
import sys


def objects(path):
    opener = gzip.open if open(path, 'rb').read(2) == b'\x1f\x8b' else open
    with opener(path, 'rb') as f:
        cur = []
        for raw in f:
            line = raw.decode('latin-1').rstrip('\r\n')
            if line == '':
                if cur:
                    yield cur
                cur = []
                continue
            if line[0] in '#%':
                continue
            if line[0] in ' \t+':
                if cur:
                    cur[-1][1] += '\n' + line[1:]
                continue
            name, _, value = line.partition(':')
            cur.append([name.lower(), value])
        if cur:
            yield cur


def clean(v):
    return ' '.join(part.split('#', 1)[0] for part in v.split('\n')).strip()


def load(paths):
    sets, routes = {}, []
    for p in paths:
        for obj in objects(p):
            cls = obj[0][0]
            attrs = {}
            for n, v in obj:
                attrs.setdefault(n, []).append(clean(v))
            src = attrs.get('source', [''])[0].upper()
            if cls == 'as-set':
                members = []
                for v in attrs.get('members', []):
                    members += [m for m in v.replace(',', ' ').split() if m]
                sets.setdefault(attrs['as-set'][0].upper(), (src, members))
            elif cls in ('route', 'route6'):
                routes.append((cls, ipaddress.ip_network(attrs[cls][0]), int(attrs['origin'][0][2:]), src))
    return sets, routes


def expand(sets, name):
    asns, seen, todo = set(), {name.upper()}, [name.upper()]
    while todo:
        s = todo.pop()
        if s not in sets:
            continue
        for m in sets[s][1]:
            u = m.upper()
            if u.startswith('AS') and u[2:].isdigit():
                asns.add(int(u[2:]))
            elif u not in seen:
                seen.add(u)
                todo.append(u)
    return asns


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'counts':
        sets, routes = load(args)
        counts = {}
        for s, _ in sets.values():
            counts[(s, 'as-set')] = counts.get((s, 'as-set'), 0) + 1
        for cls, _, _, s in set(routes):
            counts[(s, cls)] = counts.get((s, cls), 0) + 1
        for (s, c), n in sorted(counts.items()):
            print(s, c, n)
        return
    sets, routes = load(args[1:])
    if cmd == 'expand':
        for a in sorted(expand(sets, args[0])):
            print('AS%d' % a)
    elif cmd == 'prefixes':
        asns = expand(sets, args[0])
        nets = {net for _, net, o, _ in routes if o in asns}
        for n in sorted(nets, key=lambda n: (n.version, n.network_address, n.prefixlen)):
            print(n)
    elif cmd == 'origin':
        asn = int(args[0].upper().lstrip('AS'))
        out = sorted({(cls, net) for cls, net, o, _ in routes if o == asn},
                     key=lambda t: (t[1].version, t[1].network_address, t[1].prefixlen))
        for cls, net in out:
            print(cls, net)


main()
