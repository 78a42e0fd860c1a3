#!/usr/bin/env python3
"""Feeds a BMP stream file to a collector process over TCP and measures it.

usage: measure.py PID PORT STREAM-FILE
Connects (retrying for 10 s), sends the whole file, closes, then watches the
process's CPU time (/proc/PID/stat) until it has not grown for 1.5 s. Prints
one line: wall seconds from the first byte to the last CPU tick, CPU seconds
used in that time, and peak resident memory (VmHWM, kB) and resident memory
before the feed (kB).
"""
import os
import socket
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / HZ


def mem(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def main():
    pid, port, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    data = open(path, "rb").read()
    deadline = time.time() + 10
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)
    rss0 = mem(pid, "VmRSS")
    c0 = cpu(pid)
    t0 = time.time()
    s.sendall(data)
    s.close()
    last_c, last_t = cpu(pid), time.time()
    while time.time() - last_t < 1.5:
        time.sleep(0.02)
        c = cpu(pid)
        if c != last_c:
            last_c, last_t = c, time.time()
    print("%.3f %.3f %d %d" % (last_t - t0, last_c - c0, mem(pid, "VmHWM"), rss0))


if __name__ == "__main__":
    main()
