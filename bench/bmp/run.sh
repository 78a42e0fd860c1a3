#!/bin/bash
# BMP collector benchmark: Route Monitoring messages per second into
# `manrs bmp` and into pmacct's pmbmpd (Debian package pmacct) on the same
# feed in the same run, and memory per route held. The feed is an MRT day's
# worth of churn replayed as BMP: data/mrt/rv2-updates.20241028.0000.bz2
# (RouteViews route-views2, 15 minutes, 29 peers, 109,198 UPDATEs) turned
# into one router's BMP stream by mrt2bmp.py (REPEAT times, default 3, each
# copy an hour later), sent over TCP on 127.0.0.1 as fast as the collector
# reads it. measure.py times from the first byte to the collector's last CPU
# tick and reads its CPU time and peak RSS from /proc. manrs keeps the route
# state, runs the incident detectors (and once more without, --no-detect)
# and writes observations to SQLite when stopped (timed separately);
# pmbmpd keeps its BMP tables (no output plugin). Prints both and the ratio.
# Usage: [REPEAT=N] bench/bmp/run.sh [BUILD-DIR]; writes nothing into the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
manrs=$build/manrs
[ -x "$manrs" ] || { echo "bmp bench: build first (ninja -C $build)" >&2; exit 1; }
command -v pmbmpd > /dev/null || { echo "bmp bench: pmbmpd missing (apt-get install pmacct)" >&2; exit 1; }
repeat=${REPEAT:-3}
tmp=$(mktemp -d)
mpid='' ppid=''
cleanup() {
	[ -n "$mpid" ] && kill -9 "$mpid" 2> /dev/null
	[ -n "$ppid" ] && kill -9 "$ppid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mrt=$root/data/mrt/rv2-updates.20241028.0000.bz2
read -r nmsg npeers < <(python3 "$root/bench/bmp/mrt2bmp.py" "$mrt" "$tmp/feed.bmp" "$repeat")
# Routes held at the end: the feed's announcements minus withdrawals per (peer, prefix).
routes=$("$manrs" bmp decode "$tmp/feed.bmp" | awk -F'|' '$3 == "A" {r[$4 " " $6] = 1} $3 == "W" {delete r[$4 " " $6]} END {print length(r)}')
echo "feed: $nmsg Route Monitoring messages from $npeers peers ($(($(stat -c %s "$tmp/feed.bmp") / 1048576)) MiB), $routes routes held at the end"

# manrs bmp, without the incident detectors (--no-detect) and with them
# (the default); the store is empty, so the detectors learn for their
# warm-up (15 minutes of event time) and raise from the second copy on.
run_manrs() { # NAME [OPTION...]: sets m_wall m_cpu m_hwm m_rss0 m_flush m_seen m_inc
	local name=$1
	shift
	port=$(freeport)
	"$manrs" bmp --db "$tmp/$name.db" --listen "127.0.0.1:$port" -q --json "$@" > "$tmp/$name.json" &
	mpid=$!
	read -r m_wall m_cpu m_hwm m_rss0 < <(python3 "$root/bench/bmp/measure.py" "$mpid" "$port" "$tmp/feed.bmp")
	local t0 t1
	t0=$(date +%s.%N)
	kill -TERM "$mpid"
	wait "$mpid" || true
	t1=$(date +%s.%N)
	mpid=''
	m_flush=$(echo "$t1 - $t0" | bc)
	read -r m_seen m_inc < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["messages"], d["incidents_opened"])' "$tmp/$name.json")
}
run_manrs nodetect --no-detect
n_wall=$m_wall n_cpu=$m_cpu n_hwm=$m_hwm n_rss0=$m_rss0 n_flush=$m_flush
run_manrs detect

# pmbmpd
port=$(freeport)
printf 'bmp_daemon: true\nbmp_daemon_ip: 127.0.0.1\nbmp_daemon_port: %s\nbmp_daemon_max_peers: 10\n' "$port" > "$tmp/pm.conf"
setsid pmbmpd -f "$tmp/pm.conf" -F "$tmp/pm.pid" > "$tmp/pm.log" 2>&1 < /dev/null &
for _ in $(seq 100); do [ -s "$tmp/pm.pid" ] && break; sleep 0.1; done
ppid=$(cat "$tmp/pm.pid")
read -r p_wall p_cpu p_hwm p_rss0 < <(python3 "$root/bench/bmp/measure.py" "$ppid" "$port" "$tmp/feed.bmp")
kill -9 "$ppid" 2> /dev/null || true
ppid=''

python3 - "$nmsg" "$routes" "$m_seen" "$m_wall" "$m_cpu" "$m_hwm" "$m_rss0" "$p_wall" "$p_cpu" "$p_hwm" "$p_rss0" \
	"$m_flush" "$n_wall" "$n_cpu" "$n_hwm" "$n_rss0" "$n_flush" "$m_inc" <<'PY'
import sys
n, routes, seen = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
mw, mc, mh, m0, pw, pc, ph, p0 = map(float, sys.argv[4:12])
flush = float(sys.argv[12])
nw, nc, nh, n0, nflush = map(float, sys.argv[13:18])
inc = int(sys.argv[18])
print("manrs bmp: %d messages decoded (feed + %d session messages); the detectors opened %d incidents" % (seen, seen - n, inc))
print("%-18s %10s %12s %10s %12s %14s" % ("collector", "wall s", "msgs/s", "CPU s", "msgs/CPU s", "bytes/route"))
for name, w, c, h, r0 in (("manrs --no-detect", nw, nc, nh, n0), ("manrs (detectors)", mw, mc, mh, m0),
                          ("pmbmpd", pw, pc, ph, p0)):
    print("%-18s %10.2f %12.0f %10.2f %12.0f %14.0f" % (name, w, n / w, c, n / c if c else 0, (h - r0) * 1024 / routes))
print("ratio manrs with detectors / pmbmpd: %.2fx messages/s (wall), %.2fx per CPU second; %.2fx the memory per route"
      % ((n / mw) / (n / pw), (pc / mc) if mc else 0, ((mh - m0) / (ph - p0)) if ph > p0 else 0))
print("detectors on / off: %.2fx the CPU time, %.2fx the memory per route" % (mc / nc if nc else 0, (mh - m0) / (nh - n0) if nh > n0 else 0))
print("manrs: SIGTERM to exit, everything committed to SQLite: %.2f s without, %.2f s with the detectors" % (nflush, flush))
PY
