#!/usr/bin/env python3
"""Queries per second of an IRRd-style whois server: on one connection,
pipelines N !g queries (the ASNs of AS-UBNIX-MEMBERS, from !i...,1) and N
!iAS-UBNIX-MEMBERS queries, reading the answers as they come.
Usage: irr-serve-qps.py PORT N"""
import socket
import sys
import threading
import time


def answers(s, count):
    """Reads count IRRd answers; returns their total bytes."""
    buf, total = b'', 0
    for _ in range(count):
        while b'\n' not in buf:
            buf += s.recv(1 << 20)
        i = buf.index(b'\n') + 1
        head, buf = buf[:i], buf[i:]
        if head.startswith(b'A'):
            need = int(head[1:]) + 2
            while len(buf) < need:
                buf += s.recv(1 << 20)
            buf = buf[need:]
            total += need
    return total


def run(port, queries):
    s = socket.create_connection(('127.0.0.1', port))
    s.sendall(b'!!\n')
    data = b''.join(q + b'\n' for q in queries)
    t = threading.Thread(target=s.sendall, args=(data,))
    t0 = time.time()
    t.start()
    size = answers(s, len(queries))
    dt = time.time() - t0
    t.join()
    s.close()
    return dt, size


def main():
    port, n = int(sys.argv[1]), int(sys.argv[2])
    s = socket.create_connection(('127.0.0.1', port))
    s.sendall(b'!!\n!iAS-UBNIX-MEMBERS,1\n')
    f = s.makefile('rb')
    head = f.readline()
    asns = f.read(int(head[1:])).split() if head.startswith(b'A') else [b'AS1']
    s.close()
    print('AS-UBNIX-MEMBERS: %d ASNs' % len(asns))
    g = [b'!g' + asns[i % len(asns)] for i in range(n)]
    dt, size = run(port, g)
    print('!g:  %d queries pipelined in %.2f s: %.0f queries/s (%.1f MB answered)' % (n, dt, n / dt, size / 1e6))
    m = max(1, n // 100)
    dt, size = run(port, [b'!iAS-UBNIX-MEMBERS,1'] * m)
    print('!i<set>,1 (18k ASNs): %d queries in %.2f s: %.1f queries/s' % (m, dt, m / dt))
    dt, size = run(port, [b'!iAS-MNETDE,1'] * n)
    print('!iAS-MNETDE,1: %d queries in %.2f s: %.0f queries/s' % (n, dt, n / dt))


main()
