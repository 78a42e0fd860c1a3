#!/bin/bash
# Alert latency of the BMP collector: `manrs bmp --monitor` with a webhook
# sink, fed by bench/bmp/alert_latency.py (one BMP router and the webhook
# receiver in one process, one clock). N sub-prefix hijacks of monitored
# space, one at a time; for each, the time from its Route Monitoring
# message being sent to the open alert's POST arriving. Prints p50, p90,
# p99 and max. The goal is under one second. With LOAD=1 a second router
# meanwhile sends 15 minutes of RouteViews churn
# (data/mrt/rv2-updates.20241028.0000.bz2 as BMP, bench/bmp/mrt2bmp.py)
# over and over as fast as the collector reads it, so the alerts wait
# behind a busy decoder and detector.
# Usage: [N=200] [LOAD=1] bench/bmp-alert-latency.sh [BUILD-DIR]; writes nothing into the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
manrs=$build/manrs
[ -x "$manrs" ] || { echo "bmp-alert-latency: build first (ninja -C $build)" >&2; exit 1; }
n=${N:-200}
[ "$n" -ge 1 ] && [ "$n" -le 256 ] || { echo "bmp-alert-latency: N is 1 to 256" >&2; exit 2; }
tmp=$(mktemp -d)
mpid='' bpid='' lpid=''
cleanup() {
	[ -n "$lpid" ] && kill "$lpid" 2> /dev/null
	[ -n "$bpid" ] && kill "$bpid" 2> /dev/null
	[ -n "$mpid" ] && kill -9 "$mpid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

[ "${LOAD:-0}" = 1 ] &&
	python3 "$root/bench/bmp/mrt2bmp.py" "$root/data/mrt/rv2-updates.20241028.0000.bz2" "$tmp/feed.bmp" 3 > /dev/null
port=$(freeport)
hport=$(freeport)
{
	echo "min-suspicion 0"
	echo "webhook http://127.0.0.1:$hport/alert"
	for i in $(seq 0 $((n - 1))); do echo "prefix 45.$i.0.0/16 include-more-specifics"; done
} > "$tmp/monitor.conf"
# No history in an empty store: no warm-up, so the first hijack raises.
printf '[detect]\nwarmup = 0\n' > "$tmp/manrs.conf"
MANRS_CONFIG=$tmp/manrs.conf "$manrs" bmp --db "$tmp/bench.db" --listen "127.0.0.1:$port" --monitor "$tmp/monitor.conf" -q --json > "$tmp/summary.json" &
mpid=$!
if [ "${LOAD:-0}" = 1 ]; then
	python3 - "$port" "$tmp/feed.bmp" "$tmp/load.started" <<'PY' &
import socket, sys, time
port, data = int(sys.argv[1]), open(sys.argv[2], "rb").read()
for _ in range(400):
    try:
        s = socket.create_connection(("127.0.0.1", port))
        break
    except OSError:
        time.sleep(0.05)
s.sendall(data[:1 << 20])
open(sys.argv[3], "w").close()
s.sendall(data[1 << 20:])
# The whole stream again and again (a Peer Up for a peer already up just restarts it).
while True:
    s.sendall(data)
PY
	lpid=$!
	for _ in $(seq 600); do [ -e "$tmp/load.started" ] && break; sleep 0.1; done
	[ -e "$tmp/load.started" ] || { echo "bmp-alert-latency: the load router did not start" >&2; exit 1; }
fi
python3 "$root/bench/bmp/alert_latency.py" "$port" "$hport" "$tmp/lat.txt" "$n" > "$tmp/result" 2> "$tmp/bench.err" &
bpid=$!
if wait "$bpid"; then
	bpid=''
	cat "$tmp/result"
else
	bpid=''
	cat "$tmp/bench.err" >&2
	exit 1
fi
[ -n "$lpid" ] && kill "$lpid" 2> /dev/null
lpid=''
kill -TERM "$mpid"
wait "$mpid" || true
mpid=''
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("collector: %d routers, %d messages decoded, %d incidents opened" % (d["routers"], d["messages"], d["incidents_opened"]))' "$tmp/summary.json"
