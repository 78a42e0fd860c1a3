#!/usr/bin/env python3
"""Independent oracle for the filter tests: reads bgpdump -m lines on stdin
and prints those a filter keeps, computed with Python's ipaddress module
rather than with manrs's own code. Usage: oracle.py more|less|exact PREFIX."""
import ipaddress
import sys

mode, arg = sys.argv[1], ipaddress.ip_network(sys.argv[2], strict=False)
for line in sys.stdin:
    f = line.rstrip('\n').split('|')
    if f[2] not in ('A', 'B', 'W'):
        continue
    p = ipaddress.ip_network(f[5], strict=False)
    if p.version != arg.version:
        continue
    if (mode == 'more' and p.subnet_of(arg)) or (mode == 'less' and arg.subnet_of(p)) or \
       (mode == 'exact' and p == arg):
        sys.stdout.write(line)
