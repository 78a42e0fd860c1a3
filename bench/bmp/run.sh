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
# state and writes observations to SQLite when stopped (timed separately);
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

# manrs bmp
port=$(freeport)
"$manrs" bmp --db "$tmp/bench.db" --listen "127.0.0.1:$port" -q --json > "$tmp/manrs.json" &
mpid=$!
read -r m_wall m_cpu m_hwm m_rss0 < <(python3 "$root/bench/bmp/measure.py" "$mpid" "$port" "$tmp/feed.bmp")
t0=$(date +%s.%N)
kill -TERM "$mpid"
wait "$mpid" || true
t1=$(date +%s.%N)
mpid=''
m_seen=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["messages"])' "$tmp/manrs.json")

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
	"$(echo "$t1 - $t0" | bc)" <<'PY'
import sys
n, routes, seen = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
mw, mc, mh, m0, pw, pc, ph, p0 = map(float, sys.argv[4:12])
flush = float(sys.argv[12])
print("manrs bmp: %d messages decoded (feed + %d session messages)" % (seen, seen - n))
print("%-10s %10s %12s %10s %12s %14s" % ("collector", "wall s", "msgs/s", "CPU s", "msgs/CPU s", "bytes/route"))
for name, w, c, h, r0 in (("manrs", mw, mc, mh, m0), ("pmbmpd", pw, pc, ph, p0)):
    print("%-10s %10.2f %12.0f %10.2f %12.0f %14.0f" % (name, w, n / w, c, n / c if c else 0, (h - r0) * 1024 / routes))
print("ratio manrs/pmbmpd: %.2fx messages/s (wall), %.2fx per CPU second; %.2fx the memory per route"
      % ((n / mw) / (n / pw), (pc / mc) if mc else 0, ((mh - m0) / (ph - p0)) if ph > p0 else 0))
print("manrs: SIGTERM to exit, observations committed to SQLite: %.2f s" % flush)
PY
