#!/usr/bin/env python3
"""Cuts data/irr/ripe-slice/ out of the RIPE split dump of 2024-01-23 (the
project's shared data, /work/shared/data/irr/ripe_split_20240123/): whole
objects, byte for byte, in their original order, gzip'd again. What is kept
and why is listed in data/README.md. Usage: make_slice.py SRC_DIR DST_DIR"""
import gzip
import os
import sys

src, dst = sys.argv[1], sys.argv[2]
ROOT = 'AS-MNETDE'                 # a set whose whole closure is kept
EXTRA_SETS = {'AS-ARISTANETWORKS', 'AS-PEERING-TESTBED'}   # mbrs-by-ref
CHAIN = 'AS15562:AS-LEVEL'        # a real 300-level nesting chain


def paragraphs(path):
    """(header lines, [object text]) of a split dump."""
    with gzip.open(path, 'rb') as f:
        data = f.read().decode('latin-1')
    parts = data.split('\n\n')
    head = [p for p in parts if p.startswith('#')]
    objs = [p.strip('\n') for p in parts if p.strip('\n') and not p.startswith('#')]
    return head, objs


def attrs(obj, name):
    out = []
    for line in obj.split('\n'):
        if line.lower().startswith(name + ':'):
            out.append(line.split(':', 1)[1].split('#', 1)[0].strip())
    return out


def key(obj):
    return obj.split('\n', 1)[0].split(':', 1)[1].split('#', 1)[0].strip().upper()


def write(name, head, objs):
    os.makedirs(dst, exist_ok=True)
    text = '\n\n'.join(head + objs) + '\n'
    with gzip.GzipFile(os.path.join(dst, name), 'wb', mtime=0) as f:
        f.write(text.encode('latin-1'))


head, sets = paragraphs(os.path.join(src, 'ripe.db.as-set.gz'))
by_name = {key(o): o for o in sets}
closure, todo, asns = {ROOT}, [ROOT], set()
while todo:
    o = by_name.get(todo.pop())
    if o is None:
        continue
    for v in attrs(o, 'members'):
        for m in v.replace(',', ' ').split():
            m = m.upper()
            if m[2:].isdigit():
                asns.add(int(m[2:]))
            elif m not in closure:
                closure.add(m)
                todo.append(m)
keep = [o for i, o in enumerate(sets)
        if i < 1000 or key(o) in closure or key(o) in EXTRA_SETS or key(o).startswith(CHAIN)]
write('ripe.db.as-set.gz', head, keep)

head, objs = paragraphs(os.path.join(src, 'ripe-nonauth.db.aut-num.gz'))
keep = [o for i, o in enumerate(objs) if i < 200 or int(key(o)[2:]) in asns or attrs(o, 'member-of')]
write('ripe-nonauth.db.aut-num.gz', head, keep)

for cls, first in (('route', 2000), ('route6', 200)):
    head, objs = paragraphs(os.path.join(src, 'ripe-nonauth.db.%s.gz' % cls))
    keep = [o for i, o in enumerate(objs) if i < first or int(attrs(o, 'origin')[0][2:]) in asns]
    write('ripe-nonauth.db.%s.gz' % cls, head, keep)

for cls, first in (('as-block', 100), ('filter-set', 10)):
    head, objs = paragraphs(os.path.join(src, 'ripe.db.%s.gz' % cls))
    write('ripe.db.%s.gz' % cls, head, objs[:first])
