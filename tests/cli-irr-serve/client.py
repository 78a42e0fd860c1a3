#!/usr/bin/env python3
"""A tiny whois client for the `manrs irr serve` tests: sends stdin (or
the arguments, one query each) in one write, half-closes, and prints
everything the server answers until it closes. Usage:
  client.py HOST:PORT [QUERY...]"""
import socket
import sys


def main():
    host, port = sys.argv[1].rsplit(':', 1)
    if len(sys.argv) > 2:
        data = ''.join(q + '\n' for q in sys.argv[2:]).encode()
    else:
        data = sys.stdin.buffer.read()
    s = socket.create_connection((host, int(port)), timeout=20)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    out = b''
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
    sys.stdout.buffer.write(out)


main()
