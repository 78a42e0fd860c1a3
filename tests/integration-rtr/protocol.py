#!/usr/bin/env python3
"""`manrs rtr` at the protocol level, with Python sockets on 127.0.0.1:
version negotiation (RFC 8210 section 7), Reset and Serial Queries, Cache
Reset, Session ID mismatch, Serial Notify after SIGHUP, Router Keys and ASPA
(8210bis, --aspa), SLURM, --max-age, exit statuses; and hostile clients:
garbage, wrong lengths, a header announcing 4 GB, half-open, silent and
never-reading connections, a query flood. Each hostile session must get an
Error Report or a close, and a good client must be served meanwhile.

The expected VRPs come from the JSON file itself (json + ipaddress), never
from manrs. Usage: protocol.py path/to/manrs
"""
import ipaddress
import json
import os
import gzip
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

MANRS = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CUT = os.path.join(ROOT, "data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz")
FULL = os.path.join(ROOT, "data/rpki/rpki-client_ripe-prepdev_20230504.json.gz")
TMP = tempfile.mkdtemp()
passed = failed = 0
servers = []


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("PASS " + name)
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail))


def expect(name, want, got):
    check(name, want == got, "got %r, expected %r" % (got, want))


class Server:
    """A manrs rtr process on an ephemeral port; events from --json."""

    def __init__(self, vrps, *args):
        self.out = open(os.path.join(TMP, "srv%d.out" % len(servers)), "w+")
        self.err = open(os.path.join(TMP, "srv%d.err" % len(servers)), "w+")
        self.p = subprocess.Popen([MANRS, "rtr", "--vrps", vrps, "--listen", "127.0.0.1:0", "--json"] + list(args),
                                  stdout=self.out, stderr=self.err)
        servers.append(self)
        self.port = None
        # Loading the full file under ASan on a busy machine takes a while:
        # wait up to 3 minutes (a bound, not a measurement).
        for _ in range(3600):
            ev = self.events()
            ports = [e["port"] for e in ev if e.get("event") == "listen"]
            if ports:
                self.port = ports[0]
                break
            if self.p.poll() is not None:
                break
            time.sleep(0.05)

    def events(self):
        self.out.flush()
        with open(self.out.name) as f:
            return [json.loads(line) for line in f if line.startswith("{")]

    def stderr(self):
        with open(self.err.name) as f:
            return f.read()

    def wait_event(self, pred, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            for e in self.events():
                if pred(e):
                    return e
            time.sleep(0.1)
        return None

    def rss_kib(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            return self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return -9


class Conn:
    """A client socket with a receive buffer (PDUs parsed from it)."""

    def __init__(self, port, rcvbuf=None):
        self.s = socket.socket()
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.s.settimeout(20)
        self.s.connect(("127.0.0.1", port))
        self.buf = bytearray()

    def sendall(self, b):
        self.s.sendall(b)

    def settimeout(self, t):
        self.s.settimeout(t)

    def close(self):
        self.s.close()

    def need(self, n):
        while len(self.buf) < n:
            c = self.s.recv(1 << 20)
            if not c:
                return False
            self.buf += c
        return True


def connect(port, rcvbuf=None):
    return Conn(port, rcvbuf)


def read_pdu(c):
    """(version, type, field, body) or None at EOF."""
    if not c.need(8):
        return None
    v, t, f, n = struct.unpack_from("!BBHI", c.buf)
    if not c.need(n):
        return None
    body = bytes(c.buf[8:n])
    del c.buf[:n]
    return (v, t, f, body)


def closed(c, timeout=15, budget=1 << 62):
    """True if the peer closes within timeout, having sent at most budget
    more bytes (read and dropped)."""
    c.s.settimeout(timeout)
    end = time.time() + timeout
    got = 0
    try:
        while time.time() < end and got <= budget:
            b = c.s.recv(1 << 20)
            if not b:
                return True
            got += len(b)
    except ConnectionResetError:
        return True   # closed with our unread queries in its buffer
    except socket.timeout:
        return False
    return False


def reset_query(v):
    return struct.pack("!BBHI", v, 2, 0, 8)


def serial_query(v, session, serial):
    return struct.pack("!BBHII", v, 1, session, 12, serial)


def sync(s, v):
    """Sends a Reset Query, reads to End of Data. Returns (pdus, eod)."""
    s.sendall(reset_query(v))
    return read_answer(s)


def read_answer(s):
    first = read_pdu(s)
    if first is None or first[1] != 3:
        return [first], None
    pdus = []
    while True:
        p = read_pdu(s)
        if p is None:
            return pdus, None
        if p[1] == 7:
            return pdus, p
        pdus.append(p)


def vrp_of(p):
    v, t, f, b = p
    flags, plen, maxlen = b[0], b[1], b[2]
    if t == 4:
        addr = ipaddress.IPv4Address(b[4:8])
        asn = struct.unpack("!I", b[8:12])[0]
    else:
        addr = ipaddress.IPv6Address(b[4:20])
        asn = struct.unpack("!I", b[20:24])[0]
    return flags, "%s/%d-%d AS%d" % (addr.compressed, plen, maxlen, asn)


def file_vrps(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        d = json.load(f)
    out = set()
    for r in d["roas"]:
        n = ipaddress.ip_network(r["prefix"], strict=False)
        out.add("%s/%d-%d AS%d" % (n.network_address.compressed, n.prefixlen, r["maxLength"], r["asn"]))
    return out


def error_of(p):
    """(code, encapsulated PDU, text) of an Error Report PDU."""
    v, t, code, b = p
    n = struct.unpack("!I", b[0:4])[0]
    enc = b[4:4 + n]
    tn = struct.unpack("!I", b[4 + n:8 + n])[0]
    return code, enc, b[8 + n:8 + n + tn].decode("utf-8", "replace")


def main():
    cut = os.path.join(TMP, "cut.json")
    with gzip.open(CUT, "rt") as f, open(cut, "w") as g:
        g.write(f.read())
    want = file_vrps(cut)

    # ---- Negotiation and queries ------------------------------------
    s1 = Server(cut, "--poll", "1", "--timeout", "2", "--session-id", "100", "-v")
    check("server starts on an ephemeral port", s1.port is not None, s1.stderr())
    port = s1.port

    c = connect(port)
    pdus, eod = sync(c, 1)
    got = set(vrp_of(p)[1] for p in pdus)
    expect("v1 Reset Query: the file's exact VRP set", want, got)
    expect("v1 Reset Query: all announcements", {1}, set(vrp_of(p)[0] for p in pdus))
    expect("v1 End of Data: session 101, serial 1, 3600/600/7200", (1, 7, 101, struct.pack("!IIII", 1, 3600, 600, 7200)),
           eod)
    # The first PDU, byte for byte: the lowest IPv4 VRP of the file.
    low = min((ipaddress.ip_network(v.split("-")[0]), v) for v in want if ":" not in v)[1]
    net, rest = low.split("-")
    maxlen, asn = rest.split(" AS")
    n = ipaddress.ip_network(net)
    raw = struct.pack("!BBHIBBBB4sI", 1, 4, 0, 20, 1, n.prefixlen, int(maxlen), 0, n.network_address.packed, int(asn))
    expect("first prefix PDU, exact bytes", raw, struct.pack("!BBHI", pdus[0][0], pdus[0][1], pdus[0][2], 20) + pdus[0][3])
    # Serial Query for the current serial: an empty answer.
    c.sendall(serial_query(1, 101, 1))
    pdus, eod = read_answer(c)
    expect("Serial Query for the current serial: no records", 0, len(pdus))
    expect("... and End of Data serial 1", 1, eod and struct.unpack("!I", eod[3][:4])[0])
    # A serial never given: Cache Reset, and the session goes on.
    c.sendall(serial_query(1, 101, 999))
    expect("Serial Query for an unknown serial: Cache Reset", (1, 8, 0, b""), read_pdu(c))
    pdus, eod = sync(c, 1)
    expect("... then a Reset Query on the same session", len(want), len(pdus))
    # Another version in the same session: code 8, closed.
    c.sendall(reset_query(0))
    p = read_pdu(c)
    expect("version change mid-session: Error Report code 8", (1, 10, 8), p and p[:3])
    check("... and the session is closed", closed(c))

    c = connect(port)
    pdus, eod = sync(c, 0)
    expect("v0 Reset Query: same set", want, set(vrp_of(p)[1] for p in pdus))
    expect("v0 End of Data: 12 bytes, session 100, serial 1", (0, 7, 100, struct.pack("!I", 1)), eod)
    c.close()

    c = connect(port)
    c.sendall(reset_query(2))
    p = read_pdu(c)
    expect("v2 without --aspa: Error Report code 4 in version 1", (1, 10, 4), p and p[:3])
    code, enc, text = error_of(p)
    expect("... carrying the query", reset_query(2), enc)
    check("... and the session is closed", closed(c))

    c = connect(port)
    c.sendall(serial_query(1, 4242, 1))
    p = read_pdu(c)
    expect("Serial Query with another Session ID: Corrupt Data (code 0)", (1, 10, 0), p and p[:3])
    check("... and the session is closed", closed(c))

    c = connect(port)
    c.sendall(struct.pack("!BBHI", 1, 3, 101, 8))
    p = read_pdu(c)
    expect("a Cache Response from the router: Invalid Request (code 3)", (1, 10, 3), p and p[:3])
    check("... and the session is closed", closed(c))

    c = connect(port)
    c.sendall(struct.pack("!BBHIII", 1, 10, 1, 16, 0, 0))
    check("an Error Report from the router: closed without an answer", closed(c))

    # ---- Hostile input -----------------------------------------------
    c = connect(port)
    c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    p = read_pdu(c)
    expect("HTTP garbage: Error Report code 4 (version 71)", (1, 10, 4), p and p[:3])
    check("... closed", closed(c))

    c = connect(port)
    c.sendall(struct.pack("!BBHI", 1, 5, 0, 8))
    p = read_pdu(c)
    expect("PDU type 5: Error Report code 5", (1, 10, 5), p and p[:3])
    check("... closed", closed(c))

    c = connect(port)
    bad = struct.pack("!BBHII", 1, 2, 0, 12, 0)
    c.sendall(bad)
    p = read_pdu(c)
    expect("Reset Query of 12 bytes: Corrupt Data", (1, 10, 0), p and p[:3])
    expect("... with the 12 bytes encapsulated", bad, p and error_of(p)[1])
    check("... closed", closed(c))

    c = connect(port)
    c.sendall(struct.pack("!BBHI", 1, 2, 0, 4))
    p = read_pdu(c)
    expect("length 4 (below the header): Corrupt Data", (1, 10, 0), p and p[:3])
    check("... closed", closed(c))

    c = connect(port)
    c.sendall(struct.pack("!BBHI", 1, 10, 0, 0xffffffff))
    p = read_pdu(c)
    expect("a header announcing 4 GB: Corrupt Data at once", (1, 10, 0), p and p[:3])
    check("... the text gives the length", p is not None and "4294967295" in error_of(p)[2], p and error_of(p)[2])
    check("... closed", closed(c))

    half = connect(port)
    half.sendall(b"\x01\x02\x00")
    silent = connect(port)
    started = connect(port)
    sync(started, 1)
    started.sendall(b"\x01\x01\x00\x65\x00\x00")   # a Serial Query cut short
    check("half-open (3 bytes of a header): closed by --timeout", closed(half))
    check("silent (no query at all): closed by --timeout", closed(silent))
    check("synchronised, then a PDU cut short: closed by --timeout", closed(started))
    idle = connect(port)
    sync(idle, 1)

    # ---- Never-reading clients, a flood, and a good client meanwhile -
    full = os.path.join(TMP, "full.json.gz")
    shutil.copy(FULL, full)
    want_full = file_vrps(full)
    s2 = Server(full, "--timeout", "3")
    check("full file server starts", s2.port is not None, s2.stderr())
    warm = connect(s2.port)
    pdus, eod = sync(warm, 1)
    expect("full file: %d VRPs" % len(want_full), len(want_full), len(pdus))
    warm.close()
    rss0 = s2.rss_kib()
    stuck = []
    for _ in range(40):
        k = connect(s2.port, rcvbuf=4096)
        k.sendall(reset_query(1))
        stuck.append(k)
    flood = connect(s2.port, rcvbuf=4096)
    try:
        flood.settimeout(5)
        flood.sendall(reset_query(1) * 20000)
    except (socket.timeout, OSError):
        pass
    time.sleep(1)
    good = connect(s2.port)
    pdus, eod = sync(good, 1)
    expect("a good client is served while 41 never read", len(want_full), len(pdus))
    good.close()
    rss1 = s2.rss_kib()
    check("41 never-reading sessions add under 8 MiB (%d KiB)" % (rss1 - rss0), rss1 - rss0 < 8192)
    # Past --timeout without reading: each is closed with at most the
    # bytes already queued (a session still answering would send 9 MB per
    # query, 20,000 queries for the flood).
    time.sleep(5)
    check("never-reading sessions are closed by --timeout", all(closed(k, 30, 16 << 20) for k in stuck))
    check("the flooding session is closed too", closed(flood, 30, 16 << 20))
    expect("server 2 stops with exit status 0", 0, s2.stop())

    # The earlier synchronised idle session was never touched.
    idle.sendall(serial_query(1, 101, 1))
    pdus, eod = read_answer(idle)
    check("an idle synchronised session survives the hostile ones", eod is not None and len(pdus) == 0)

    # ---- SIGHUP, Serial Notify, an incremental answer -----------------
    hup = os.path.join(TMP, "hup.json")
    shutil.copy(cut, hup)
    s3 = Server(hup, "--poll", "3600", "--session-id", "7")
    c = connect(s3.port)
    sync(c, 1)
    d = json.load(open(hup))
    gone = d["roas"][:3]
    d["roas"] = d["roas"][3:] + [{"prefix": "198.51.100.0/24", "maxLength": 24, "asn": 64511}]
    json.dump(d, open(hup + ".tmp", "w"))
    os.rename(hup + ".tmp", hup)
    s3.p.send_signal(signal.SIGHUP)
    e = s3.wait_event(lambda e: e.get("event") == "load" and e.get("serial") == 2)
    check("SIGHUP reloads: serial 2", e is not None and e["vrps_announced"] == 1 and e["vrps_withdrawn"] == 3, e)
    expect("the synchronised session gets a Serial Notify for serial 2", (1, 0, 8, struct.pack("!I", 2)), read_pdu(c))
    c.sendall(serial_query(1, 8, 1))
    pdus, eod = read_answer(c)
    diff = sorted(vrp_of(p) for p in pdus)
    wd = sorted((0, v) for v in file_vrps(cut) - file_vrps(hup))
    expect("Serial Query from 1: the 3 withdrawals and 1 announcement", wd + [(1, "198.51.100.0/24-24 AS64511")], diff)
    expect("three distinct ROAs went", 3, len(gone))
    expect("... End of Data serial 2", 2, eod and struct.unpack("!I", eod[3][:4])[0])
    expect("SIGTERM: exit 0", 0, s3.stop())

    # ---- Router Keys, ASPA (--aspa), SLURM ------------------------------
    spki = bytes(range(91))
    import base64
    keys = {
        "roas": [{"prefix": "192.0.2.0/24", "maxLength": 24, "asn": 64496},
                 {"prefix": "203.0.113.0/24", "maxLength": 24, "asn": 64497}],
        "aspas": [{"customer": 64496, "providers": [64498, 64497]}],
        "bgpsec_keys": [{"asn": 64496, "ski": "0102030405060708090A0B0C0D0E0F1011121314",
                         "pubkey": base64.b64encode(spki).decode()}],
    }
    kf = os.path.join(TMP, "keys.json")
    json.dump(keys, open(kf, "w"))
    slurm = os.path.join(TMP, "slurm.json")
    json.dump({"slurmVersion": 1,
               "validationOutputFilters": {"prefixFilters": [{"prefix": "203.0.113.0/24"}], "bgpsecFilters": []},
               "locallyAddedAssertions": {"prefixAssertions": [{"asn": 64510, "prefix": "198.51.100.0/24"}],
                                          "bgpsecAssertions": []}}, open(slurm, "w"))
    s4 = Server(kf, "--aspa", "--slurm", slurm, "--session-id", "50")
    c = connect(s4.port)
    pdus, eod = sync(c, 2)
    types = [p[1] for p in pdus]
    expect("v2: 2 prefixes (SLURM: one filtered, one asserted), 1 Router Key, 1 ASPA", [4, 4, 9, 11], types)
    expect("SLURM applied", ["192.0.2.0/24-24 AS64496", "198.51.100.0/24-24 AS64510"],
           sorted(vrp_of(p)[1] for p in pdus if p[1] == 4))
    rk = [p for p in pdus if p[1] == 9][0]
    expect("Router Key PDU exact bytes", (2, 9, 0x0100, bytes(range(1, 21)) + struct.pack("!I", 64496) + spki), rk)
    aspa = [p for p in pdus if p[1] == 11][0]
    expect("ASPA PDU exact bytes (providers sorted)", (2, 11, 0x0100, struct.pack("!III", 64496, 64497, 64498)), aspa)
    expect("v2 End of Data: session 52", 52, eod and eod[2])
    c.close()
    c = connect(s4.port)
    pdus, eod = sync(c, 1)
    expect("v1: prefixes and the Router Key, no ASPA", [4, 4, 9], [p[1] for p in pdus])
    c.close()
    c = connect(s4.port)
    pdus, eod = sync(c, 0)
    expect("v0: prefixes only", [4, 4], [p[1] for p in pdus])
    c.close()
    expect("keys server: exit 0", 0, s4.stop())

    # ---- --max-age ---------------------------------------------------------
    old = os.path.join(TMP, "old.json")
    shutil.copy(cut, old)
    t = time.time() - 3 * 3600
    os.utime(old, (t, t))
    s5 = Server(old, "--max-age", "1h", "--poll", "1")
    check("stale at start: said loudly on stderr",
          s5.wait_event(lambda e: e.get("event") == "stale") is not None and "NOT SERVING" in s5.stderr(), s5.stderr())
    c = connect(s5.port)
    c.sendall(reset_query(1))
    p = read_pdu(c)
    expect("stale data: Error Report No Data Available (code 2)", (1, 10, 2), p and p[:3])
    c.sendall(reset_query(1))
    p = read_pdu(c)
    expect("... the session stays open: code 2 again", (1, 10, 2), p and p[:3])
    os.utime(old, None)
    check("a fresh file is served again", s5.wait_event(lambda e: e.get("event") == "fresh") is not None)
    pdus, eod = sync(c, 1)
    expect("... the full set", len(want), len(pdus))
    expect("--max-age server: exit 0", 0, s5.stop())

    # ---- Exit statuses -------------------------------------------------------
    def run(*args):
        r = subprocess.run([MANRS, "rtr"] + list(args), capture_output=True, text=True, timeout=30)
        return r.returncode, r.stderr

    rc, err = run("--vrps", os.path.join(TMP, "missing.json"))
    expect("missing file: exit 1", 1, rc)
    expect("... named once", 1, err.count("missing.json"))
    rc, err = run("--vrps", TMP)
    expect("a directory: exit 1", 1, rc)
    empty = os.path.join(TMP, "empty.json")
    open(empty, "w").close()
    rc, err = run("--vrps", empty)
    expect("an empty file: exit 1", 1, rc)
    rc, err = run("--vrps", cut, "--slurm", os.path.join(TMP, "missing-slurm.json"))
    expect("an unreadable SLURM file: exit 1", 1, rc)
    rc, err = run("--vrps", cut, "--listen", "256.1.1.1:5")
    expect("an address that cannot be listened on: exit 1", 1, rc)
    rc, err = run("--vrps", cut, "--expire", "100")
    expect("--expire 100: exit 2", 2, rc)
    rc, err = run("--vrps", cut, "--refresh", "8000", "--expire", "7200")
    expect("--expire not above --refresh: exit 2", 2, rc)
    rc, err = run("--vrps", cut, "--max-age", "soon")
    expect("--max-age soon: exit 2", 2, rc)
    rc, err = run()
    expect("no --vrps: exit 2", 2, rc)
    rc, err = run("--bogus")
    expect("unknown option: exit 2", 2, rc)
    rc, err = run("--help")
    expect("--help: exit 0", 0, rc)
    badf = os.path.join(TMP, "bad.json")
    json.dump({"roas": [{"prefix": "192.0.2.0/24", "maxLength": 24, "asn": 64496},
                        {"prefix": "192.0.2.0/33", "maxLength": 24, "asn": 64496}]}, open(badf, "w"))
    s6 = Server(badf)
    expect("a file with a skipped entry: exit 3 at SIGTERM", 3, s6.stop())

    expect("server 1 stops with exit status 0", 0, s1.stop())


try:
    main()
finally:
    for s in servers:
        if s.p.poll() is None:
            s.p.kill()
            s.p.wait()
    shutil.rmtree(TMP, ignore_errors=True)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
