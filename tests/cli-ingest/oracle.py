#!/usr/bin/env python3
"""Independent model of `manrs ingest` for the tests: reads `bgpdump -m`
lines of MRT files (given in time order, as DUMPFILE:KIND:FIRST:LAST, KIND
rib or updates, FIRST and LAST the times of the file's first and last MRT
records, which may carry no route)
and prints the observations the store must hold, one canonical line each:

    kind|period|prefix|origin|first|last|seconds|n_peers|n_collectors|peers

peers as sorted "ip AS" pairs joined by ",". The rules are docs/store.md's:
an announcement replaces the peer's route for the prefix (same origin: it
goes on), a withdrawal ends it, a STATE line to anything but Established (6)
ends all of the peer's routes, a RIB dump ends the routes of its peers it
does not list, and the routes still up at the end are closed at the last
time any file showed (also before a gap of more than two days, after which
the state starts empty; before a file on a later day they are counted up to
its midnight). Intervals are cut at UTC day and month boundaries.

With --db FILE instead, prints the same lines from the database through
the sqlite3 command-line tool (decoding the varint peer sets here)."""
import calendar
import datetime
import subprocess
import sys


def origin_of(path):
    toks = path.split()
    if not toks:
        return 0
    last = toks[-1]
    if not last.isdigit():
        return 0      # an AS_SET or confederation segment ends the path
    return int(last)


def day_of(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.year * 10000 + d.month * 100 + d.day


def month_of(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.year * 100 + d.month


def day_end(t):
    return (t // 86400 + 1) * 86400


def month_end(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return calendar.timegm((y, m, 1, 0, 0, 0))


class Model:
    def __init__(self):
        self.routes = {}      # (peer, prefix) -> [origin, since, marked]
        self.rows = {}        # (kind, period, prefix, origin) -> [first, last, seconds, peers]

    def piece(self, kind, period, peer, prefix, origin, s, e, secs):
        row = self.rows.setdefault((kind, period, prefix, origin), [s, e, 0, set()])
        row[0] = min(row[0], s)
        row[1] = max(row[1], e)
        row[2] += secs
        row[3].add(peer)

    def interval(self, peer, prefix, origin, start, end):
        if origin == 0:
            return
        if end <= start:
            self.piece("day", day_of(start), peer, prefix, origin, start, start, 0)
            self.piece("month", month_of(start), peer, prefix, origin, start, start, 0)
            return
        for kind, of, stop_of in (("day", day_of, day_end), ("month", month_of, month_end)):
            s = start
            while s < end:
                stop = stop_of(s)
                e = min(stop, end)
                self.piece(kind, of(s), peer, prefix, origin, s, e - 1 if e == stop else e, e - s)
                s = e

    def set_route(self, peer, prefix, origin, t, mark):
        r = self.routes.get((peer, prefix))
        if r is None:
            self.routes[(peer, prefix)] = [origin, t, mark]
            return
        if r[0] != origin:
            self.interval(peer, prefix, r[0], r[1], t)
            r[0], r[1] = origin, t
        r[2] = r[2] or mark

    def withdraw(self, peer, prefix, t):
        r = self.routes.pop((peer, prefix), None)
        if r is not None:
            self.interval(peer, prefix, r[0], r[1], t)

    def peer_down(self, peer, t):
        for key in [k for k in self.routes if k[0] == peer]:
            self.withdraw(key[0], key[1], t)

    def dump_end(self, t):
        for key in list(self.routes):
            r = self.routes[key]
            if r[2]:
                r[2] = False
            else:
                self.withdraw(key[0], key[1], t)

    def close_all(self, t):
        for (peer, prefix), r in self.routes.items():
            self.interval(peer, prefix, r[0], r[1], t)
            r[1] = max(r[1], t)


def model_rows(files):
    m = Model()
    last = None
    specs = [f.rsplit(":", 3) for f in files]
    for i, (name, kind, first, lastrec) in enumerate(specs):
        first = int(first)
        fmax = int(lastrec)
        with open(name) as f:
            for line in f:
                x = line.rstrip("\n").split("|")
                t = int(x[1])
                if t + 86400 < first or t > first + 7 * 86400:
                    continue      # a wild record time: skipped
                peer = (x[3], int(x[4]))
                if x[2] == "STATE":
                    if int(x[6]) != 6:
                        m.peer_down(peer, t)
                elif x[2] == "W":
                    m.withdraw(peer, x[5], t)
                elif x[2] == "A":
                    m.set_route(peer, x[5], origin_of(x[6]), t, False)
                elif x[2] == "B":
                    m.set_route(peer, x[5], origin_of(x[6]), t, True)
        if kind == "rib" and fmax is not None:
            m.dump_end(fmax)
        if fmax is not None:
            last = fmax if last is None else max(last, fmax)
        if last is None:
            continue
        # The end of the run or a gap of more than two days: count up to the
        # last time seen (and forget the state at a gap); a next file on a
        # later day: count up to its midnight.
        nxt = int(specs[i + 1][2]) if i + 1 < len(specs) else None
        if nxt is None or nxt - last > 2 * 86400:
            m.close_all(last)
            if nxt is not None:
                m.routes.clear()
        elif nxt // 86400 > last // 86400:
            m.close_all(nxt // 86400 * 86400)
    out = []
    for (kind, period, prefix, origin), (first, lastseen, secs, peers) in m.rows.items():
        ps = ",".join("%s %d" % p for p in sorted(peers))
        out.append("%s|%d|%s|%d|%d|%d|%d|%d|%d|%s" % (kind, period, prefix, origin, first, lastseen, secs,
                                                    len(peers), 1, ps))
    return out


def varints(hexs):
    """Decodes an id set (docs/store.md): a head varint first id << 1 | form,
    then gaps (form 0) or a bitmap (form 1)."""
    b = bytes.fromhex(hexs)
    vals, v, shift, off = [], 0, 0, 0
    if not b:
        return []
    while True:
        byte = b[off]
        off += 1
        v |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    first, form = v >> 1, v & 1
    if form == 1:
        return [first + k for k in range((len(b) - off) * 8) if b[off + k // 8] >> (k % 8) & 1]
    ids, v, shift = [first], 0, 0
    for byte in b[off:]:
        v |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            ids.append(ids[-1] + v)
            v, shift = 0, 0
    return ids


def db_rows(db):
    def q(sql):
        r = subprocess.run(["sqlite3", "-separator", "|", db, sql], check=True, capture_output=True, text=True)
        return [l.split("|") for l in r.stdout.splitlines()]
    peers = {int(i): (ip, int(asn)) for i, ip, asn in q("SELECT id, ip, asn FROM peers")}
    out = []
    for kind, table, col in (("day", "obs_day", "day"), ("month", "obs_month", "month")):
        for r in q("SELECT o.%s, p.prefix, o.origin, o.first_seen, o.last_seen, o.seconds, o.n_peers, "
                   "o.n_collectors, hex(o.peers) FROM %s o JOIN prefixes p ON p.id = o.prefix_id" % (col, table)):
            ps = ",".join("%s %d" % p for p in sorted(peers[i] for i in varints(r[8])))
            out.append("%s|%s|%s|%s|%s|%s|%s|%s|%s|%s" % (kind, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], ps))
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--db":
        rows = db_rows(sys.argv[2])
    else:
        rows = model_rows(sys.argv[1:])
    for line in sorted(rows):
        print(line)


if __name__ == "__main__":
    main()
