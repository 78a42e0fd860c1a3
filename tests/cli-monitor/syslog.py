#!/usr/bin/env python3
"""A local syslog listener for tests/cli-monitor: binds a unix datagram
socket at SOCKET and appends every datagram as one line to OUTFILE until
killed. Usage: syslog.py SOCKET OUTFILE."""
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
open(out + ".ready", "w").close()
while True:
    d = s.recv(1 << 20)
    with open(out, "ab") as f:
        f.write(d + b"\n")
