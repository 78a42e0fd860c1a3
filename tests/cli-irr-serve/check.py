#!/usr/bin/env python3
"""Socket tests of `manrs irr serve` (run.sh starts the server). Expected
answers come from tests/cli-irr/oracle.py, a separate RPSL reader, never
from the server itself. Usage:
  check.py queries PORT FILE...     IRRd-style answers, pipelined and one-shot
  check.py hostile PORT             long lines, garbage, out-of-range ASNs
  check.py idle PORT N PER_IP       N idle connections; PER_IP admitted
  check.py stall PORT               a client that never reads
  check.py expect KIND NAME SET FILE...   bgpq4's output for our data
Prints "PASS name" / "FAIL name: why" lines."""
import os
import resource
import selectors
import socket
import sys
import time

import types  # noqa: E402

# The oracle of the `manrs irr` tests, loaded without running its main().
ORACLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cli-irr', 'oracle.py')
oracle = types.ModuleType('oracle')
exec(compile(open(ORACLE).read().replace('\nmain()\n', '\n'), ORACLE, 'exec'), oracle.__dict__)

HOST = '127.0.0.1'


def result(ok, name, why=''):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))


def connect(port, src=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(20)
    if src:
        s.bind((src, 0))
    s.connect((HOST, port))
    return s


def read_all(s):
    out = b''
    while True:
        try:
            b = s.recv(65536)
        except socket.timeout:
            break
        if not b:
            break
        out += b
    return out


def frame(body):
    if not body:
        return b'D\n'
    b = body.encode()
    return b'A%d\n' % (len(b) + 1) + b + b'\nC\n'


class Reader:
    """Reads IRRd answers one at a time from a socket."""

    def __init__(self, s):
        self.s, self.buf = s, b''

    def _fill(self):
        b = self.s.recv(65536)
        if not b:
            raise EOFError
        self.buf += b

    def line(self):
        while b'\n' not in self.buf:
            self._fill()
        i = self.buf.index(b'\n') + 1
        ln, self.buf = self.buf[:i], self.buf[i:]
        return ln

    def answer(self):
        ln = self.line()
        if not ln.startswith(b'A'):
            return ln
        n = int(ln[1:])
        while len(self.buf) < n + 2:
            self._fill()
        body, self.buf = self.buf[:n + 2], self.buf[n + 2:]
        return ln + body


def key(n):
    return (n.version, int(n.network_address), n.prefixlen)


def data(files):
    sets, routes = oracle.load(files)
    by_origin = {}
    for cls, net, o, _ in routes:
        by_origin.setdefault(o, set()).add(net)
    return sets, routes, by_origin


def prefixes_of(by_origin, asns, version):
    nets = set()
    for a in asns:
        nets |= {n for n in by_origin.get(a, ()) if n.version == version}
    return ' '.join(str(n) for n in sorted(nets, key=key))


def cmd_queries(port, files):
    sets, routes, by_origin = data(files)
    origins = sorted(by_origin)
    picks = origins[:40] + [3333, 4294967295]
    qs, want = [], []
    for a in picks:
        qs.append('!gas%d' % a)
        want.append(frame(prefixes_of(by_origin, [a], 4)))
        qs.append('!6AS%d' % a)
        want.append(frame(prefixes_of(by_origin, [a], 6)))
    for name in ['AS-MNETDE', 'AS15562:AS-LEVEL1', 'AS-NO-SUCH-SET']:
        asns = oracle.expand(sets, name) if name in sets else set()
        qs.append('!i%s,1' % name)
        want.append(frame(' '.join('AS%d' % a for a in sorted(asns))))
        qs.append('!a4%s' % name)
        want.append(frame(prefixes_of(by_origin, asns, 4)))
        qs.append('!a6%s' % name)
        want.append(frame(prefixes_of(by_origin, asns, 6)))
    # One connection, every query pipelined in one write, as bgpq4 does.
    s = connect(port)
    s.sendall(b'!!\n!nmanrs-test\n' + ''.join(q + '\n' for q in qs).encode() + b'!q\n')
    r = Reader(s)
    got_n = r.answer()
    bad = [(q, w, g) for q, w, g in ((q, w, r.answer()) for q, w in zip(qs, want)) if w != g]
    result(got_n == b'C\n', 'pipelined: !n answered C')
    result(not bad, 'pipelined: %d !g/!6/!i/!a answers equal the oracle\'s' % len(qs),
           bad and '%s: got %r, expected %r' % (bad[0][0], bad[0][2][:120], bad[0][1][:120]) or '')
    result(read_all(s) == b'', 'pipelined: !q closes the connection')
    s.close()
    # One-shot: no !!, the first answer then the close.
    s = connect(port)
    s.sendall(('%s\n%s\n' % (qs[0], qs[2])).encode())
    got = read_all(s)
    result(got == want[0], 'one-shot: one answer, then the close', repr(got[:100]))
    s.close()
    # Sources: !s restricts, !s-lc lists.
    s = connect(port)
    s.sendall(b'!!\n!s-lc\n!sRIPE\n!s-lc\n!gAS4663\n!sripe-nonauth\n!gAS4663\n!sNOPE\n!q\n')
    r = Reader(s)
    got = [r.answer() for _ in range(7)]
    srcs = sorted({src for _, _, _, src in routes} | {v[0] for v in sets.values()})
    ok = (sorted(got[0].split(b'\n')[1].decode().split(',')) == srcs and got[1] == b'C\n'
          and got[2] == frame('RIPE') and got[3] == b'D\n' and got[4] == b'C\n'
          and got[5] == frame(prefixes_of(by_origin, [4663], 4))
          and got[6] == b'F One or more selected sources are unavailable.\n')
    result(ok, 'sources: !s-lc, !sRIPE (no routes there), !sRIPE-NONAUTH, unknown source', repr(got))
    s.close()
    # RIPE style: -i origin in key-fields mode.
    a = 4663
    s = connect(port)
    s.sendall(b'-k\n-K -T route -i origin AS4663\n!q\n')
    got = read_all(s)
    nets = sorted((n for n in by_origin[a] if n.version == 4), key=key)
    body = '\n'.join('route: %s\norigin: AS%d\n' % (n, a) for n in nets)
    want_ripe = b'%  No entries found for the selected source(s).\n\n\n' + body.encode() + b'\n\n'
    result(got == want_ripe, 'RIPE style: -k, then -K -T route -i origin AS4663 (%d objects)' % len(nets),
           repr(got[:200]))
    s.close()


def cmd_hostile(port):
    # A 100 kB line: an error line, then the close.
    s = connect(port)
    s.sendall(b'!!\n!g' + b'1' * 100000 + b'\n')
    got = read_all(s)
    result(got == b'F Query too long (limit 4096 bytes)\n', '100 kB query line: F line and close', repr(got[:80]))
    s.close()
    # Binary garbage and out-of-range ASNs: error answers, the session goes on.
    s = connect(port)
    s.sendall(b'!!\n!g\xff\xfe\x00\x01\n!gAS4294967296\n!6AS-1\n!\x00\x80\n\x16\x03\x01\x02\x00\x01\n!v\n!q\n')
    r = Reader(s)
    got = [r.answer() for _ in range(6)]
    want = [b'F Invalid AS number: ????\n', b'F Invalid AS number: AS4294967296\n',
            b'F Invalid AS number: AS-1\n', b'F Unrecognised command: ?\n',
            b'%  No entries found for the selected source(s).\n']
    ok = got[:4] == want[:4] and got[4] == want[4] and got[5] == b'\n'
    ok = ok and r.answer() == b'\n' and r.answer().startswith(b'A') and read_all(s) == b''
    result(ok, 'binary garbage, ASN 2^32, AS-1, a TLS hello: error answers, then !v answered', repr(got))
    s.close()


def cmd_idle(port, n, per_ip):
    # As many as the descriptor limit allows, up to n.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    except (ValueError, OSError):
        pass
    n = min(n, soft - 100)
    conns = []
    for _ in range(n):
        try:
            conns.append(connect(port))
        except OSError as e:
            result(False, 'idle: opening %d connections' % n, str(e))
            return
    # Refused ones get one line and a close; the admitted stay open.
    refused = 0
    sel = selectors.DefaultSelector()
    for c in conns:
        sel.register(c, selectors.EVENT_READ)
    deadline = time.time() + 30
    while refused < n - per_ip and time.time() < deadline:
        for k, _ in sel.select(0.5):
            sel.unregister(k.fileobj)
            try:
                if k.fileobj.recv(100) == b'F Too many connections from your address\n':
                    refused += 1
            except OSError:
                pass
    sel.close()
    result(refused == n - per_ip, 'idle: %d of %d connections from one address refused with an F line'
           % (n - per_ip, n), 'refused %d' % refused)
    # Another client (another address) is still answered.
    s = connect(port, '127.0.0.2')
    s.sendall(b'!v\n')
    got = read_all(s)
    result(got.startswith(b'A') and b'manrs IRR server' in got, 'idle: another client is answered meanwhile',
           repr(got[:60]))
    s.close()
    # The idle ones are closed by the idle timeout (run.sh sets 2 s).
    closed = 0
    deadline = time.time() + 30
    open_ = [c for c in conns]
    for c in open_:
        c.setblocking(True)
        c.settimeout(max(0.1, deadline - time.time()))
        try:
            while c.recv(100):
                pass
            closed += 1
        except (socket.timeout, OSError):
            pass
        c.close()
    result(closed == n, 'idle: every idle connection closed by the server', 'closed %d of %d' % (closed, n))


def cmd_stall(port):
    # Pipelines queries with big answers and never reads: the server must
    # stop reading this client once 1 MiB of answers waits (run.sh checks
    # the largest unsent output the server logs at exit).
    s = connect(port)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setblocking(False)
    q = b'!!\n' + b'!a4AS-MNETDE\n' * 200000
    sent = 0
    t0 = time.time()
    while sent < len(q) and time.time() - t0 < 5:
        try:
            sent += s.send(q[sent:])
        except BlockingIOError:
            time.sleep(0.05)
    time.sleep(max(0, 5 - (time.time() - t0)))
    o = connect(port, '127.0.0.2')
    o.sendall(b'!gAS4663\n')
    got = read_all(o)
    result(got.startswith(b'A'), 'stall: another client is answered while one does not read', repr(got[:60]))
    o.close()
    s.close()


def cmd_expect(kind, name, setname, files):
    """bgpq4's Cisco and JSON output for our data, written from bgpq4's
    documented formats and the oracle's expansion."""
    sets, routes, by_origin = data(files)
    asns = oracle.expand(sets, setname)
    # bgpq4 drops private and documentation ASNs (its expander's rule).
    asns = {a for a in asns if not (a >= 4200000000 or 64496 <= a <= 65551)}
    out = []
    if kind in ('4', '6'):
        v = int(kind)
        nets = sorted({n for a in asns for n in by_origin.get(a, ()) if n.version == v}, key=key)
        kw = 'ip' if v == 4 else 'ipv6'
        out.append('no %s prefix-list %s' % (kw, name))
        out += ['%s prefix-list %s permit %s' % (kw, name, n) for n in nets]
    elif kind == 'json':
        nets = sorted({n for a in asns for n in by_origin.get(a, ()) if n.version == 4}, key=key)
        out.append('{ "%s": [' % name)
        items = ['    { "prefix": "%s", "exact": true }' % str(n).replace('/', '\\/') for n in nets]
        out.append(',\n'.join(items))
        out.append('] }')
    elif kind == 'aspath':
        out.append('no ip as-path access-list %s' % name)
        al = sorted(asns)
        for i in range(0, len(al), 4):
            out.append('ip as-path access-list %s permit ^65000(_[0-9]+)*_(%s)$'
                       % (name, '|'.join(str(a) for a in al[i:i + 4])))
    print('\n'.join(out))


def main():
    cmd = sys.argv[1]
    if cmd == 'queries':
        cmd_queries(int(sys.argv[2]), sys.argv[3:])
    elif cmd == 'hostile':
        cmd_hostile(int(sys.argv[2]))
    elif cmd == 'idle':
        cmd_idle(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == 'stall':
        cmd_stall(int(sys.argv[2]))
    elif cmd == 'expect':
        cmd_expect(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])


main()
