#!/bin/bash
# Alert latency of the BMP collector: `manrs bmp --monitor` with a webhook
# sink, fed by bench/bmp/alert_latency.py (one BMP router and the webhook
# receiver in one process, one clock). N sub-prefix hijacks of monitored
# space, one at a time; for each, the time from its Route Monitoring
# message being sent to the open alert's POST arriving. Prints p50, p90,
# p99 and max. The goal is under one second.
# Usage: [N=200] bench/bmp-alert-latency.sh [BUILD-DIR]; writes nothing into the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
manrs=$build/manrs
[ -x "$manrs" ] || { echo "bmp-alert-latency: build first (ninja -C $build)" >&2; exit 1; }
n=${N:-200}
[ "$n" -ge 1 ] && [ "$n" -le 256 ] || { echo "bmp-alert-latency: N is 1 to 256" >&2; exit 2; }
tmp=$(mktemp -d)
mpid='' bpid=''
cleanup() {
	[ -n "$bpid" ] && kill "$bpid" 2> /dev/null
	[ -n "$mpid" ] && kill -9 "$mpid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

port=$(freeport)
python3 "$root/bench/bmp/alert_latency.py" "$port" "$tmp/hook.port" "$tmp/lat.txt" "$n" > "$tmp/result" 2> "$tmp/bench.err" &
bpid=$!
for _ in $(seq 100); do [ -s "$tmp/hook.port" ] && break; sleep 0.1; done
{
	echo "min-suspicion 0"
	echo "webhook http://127.0.0.1:$(cat "$tmp/hook.port")/alert"
	for i in $(seq 0 $((n - 1))); do echo "prefix 45.$i.0.0/16 include-more-specifics"; done
} > "$tmp/monitor.conf"
# No history in an empty store: no warm-up, so the first hijack raises.
printf '[detect]\nwarmup = 0\n' > "$tmp/manrs.conf"
MANRS_CONFIG=$tmp/manrs.conf "$manrs" bmp --db "$tmp/bench.db" --listen "127.0.0.1:$port" --monitor "$tmp/monitor.conf" -q > /dev/null &
mpid=$!
if wait "$bpid"; then
	bpid=''
	cat "$tmp/result"
else
	bpid=''
	cat "$tmp/bench.err" >&2
	exit 1
fi
kill -TERM "$mpid"
wait "$mpid" || true
mpid=''
