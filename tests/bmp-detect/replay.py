#!/usr/bin/env python3
"""Replays an MRT update file over BMP into a running `manrs bmp`, then stops it.

usage: replay.py MRT-FILE PORT PID

The file becomes one router's BMP stream (bench/bmp/mrt2bmp.py's convert: Peer Up before a
peer's first UPDATE, one Route Monitoring message per UPDATE with the record's time in the
per-peer header, Peer Down for a STATE_CHANGE out of Established). It connects to 127.0.0.1:PORT
(retrying for 60 s), sends the stream, and waits until the collector has read every byte: our
send queue is empty (SIOCOUTQ) and the collector's socket has nothing left unread (its rx_queue
in /proc/net/tcp). The collector decodes a read before it returns to its event loop, so SIGTERM
sent then to PID is handled after the last message. The session stays open until PID has exited
(a router still connected when the collector stops). Prints the Route Monitoring messages sent.
Exit status 0, or 1 if the collector was unreachable or did not exit within 120 s.
"""
import fcntl
import os
import signal
import socket
import struct
import sys
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "bmp"))
import mrt2bmp  # noqa: E402


def rx_queue(local_port, remote_port):
    """Bytes the socket 127.0.0.1:local_port <-> :remote_port has not read yet (None if absent)."""
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            parts = line.split()
            lport = int(parts[1].split(":")[1], 16)
            rport = int(parts[2].split(":")[1], 16)
            if lport == local_port and rport == remote_port:
                return int(parts[4].split(":")[1], 16)
    return None


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main():
    path, port, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with mrt2bmp.openf(path) as f:
        stream, nmsg, _ = mrt2bmp.convert(f.read())
    deadline = time.time() + 60
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            if time.time() > deadline or not alive(pid):
                print("replay: cannot connect to 127.0.0.1:%d" % port, file=sys.stderr)
                return 1
            time.sleep(0.05)
    s.sendall(stream)
    me = s.getsockname()[1]
    while True:
        outq = struct.unpack("i", fcntl.ioctl(s.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[0]
        if outq == 0 and rx_queue(port, me) == 0:
            break
        if not alive(pid):
            print("replay: the collector exited before reading everything", file=sys.stderr)
            return 1
        time.sleep(0.02)
    os.kill(pid, signal.SIGTERM)
    deadline = time.time() + 120
    while alive(pid):
        if time.time() > deadline:
            print("replay: the collector did not exit", file=sys.stderr)
            return 1
        time.sleep(0.02)
    s.close()
    print(nmsg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
