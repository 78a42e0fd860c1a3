#!/bin/bash
# RTR server benchmark: time to full synchronisation (a version 1 Reset
# Query answered to End of Data) for 1, 100 and 1000 routers connecting at
# once, and the server's peak resident set, manrs rtr against StayRTR on the
# same full VRP file, in one run; prints the ratios (StayRTR / manrs: above
# 1 means manrs is ahead). Each server is started afresh for each client
# count, given one warm-up synchronisation (StayRTR loads its file in the
# background; the warm-up tells when it is ready), then measured; the load
# client is bench/rtr_sync.c. Usage: bench/rtr.sh [BUILD-DIR] [VRP-FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${2:-$root/../shared/data/rpki/rpki-client_ripe-prepdev_20230504.json.gz}
# (The same file is bundled in data/, for a checkout without the shared data.)
[ -f "$data" ] || data=$root/../../shared/data/rpki/rpki-client_ripe-prepdev_20230504.json.gz
[ -f "$data" ] || data=$root/data/rpki/rpki-client_ripe-prepdev_20230504.json.gz
[ -x "$build/manrs" ] || { echo "rtr.sh: build first (ninja -C $build)" >&2; exit 1; }
command -v stayrtr > /dev/null || { echo "rtr.sh: needs stayrtr (apt-get install stayrtr)" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cc -O2 -std=c11 -D_GNU_SOURCE "$root/bench/rtr_sync.c" -o "$tmp/rtr_sync"
# Both read the same JSON: the file's VRPs without their "expires" (StayRTR
# drops VRPs whose expiry has passed, which is every one of an old file),
# decompressed (StayRTR does not read gzip).
zcat -f "$data" | python3 -c '
import json, sys
d = json.load(sys.stdin)
json.dump({"roas": [{"prefix": r["prefix"], "maxLength": r["maxLength"], "asn": r["asn"]} for r in d["roas"]]}, sys.stdout)
' > "$tmp/vrps.json"
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server NAME PORT: starts it in the background, sets pid.
start_server() {
	case $1 in
	manrs) "$build/manrs" rtr --vrps "$tmp/vrps.json" --listen "127.0.0.1:$2" -q > /dev/null 2> "$tmp/manrs.log" & ;;
	stayrtr) stayrtr -cache "$tmp/vrps.json" -bind "127.0.0.1:$2" -checktime=false -metrics.addr "127.0.0.1:$(free_port)" \
		-log.verbose=false -loglevel error > /dev/null 2> "$tmp/stayrtr.log" & ;;
	esac
	pid=$!
	for _ in $(seq 600); do
		"$tmp/rtr_sync" 127.0.0.1 "$2" 1 > /dev/null 2>&1 && return
		sleep 0.1
	done
	echo "rtr.sh: $1 did not serve within 60 s" >&2
	exit 1
}

# Each measurement gives up after this many seconds (the whole run stays
# within about two minutes); a time shown as ">40" did not finish.
deadline=${DEADLINE:-40}
declare -A T R P D
for srv in manrs stayrtr; do
	for n in 1 100 1000; do
		port=$(free_port)
		start_server $srv "$port"
		out=$("$tmp/rtr_sync" 127.0.0.1 "$port" "$n" 1 "$deadline") || true
		read -r _ t pdus bytes failed done <<< "$out"
		if [ "$done" != "$n" ]; then
			# Past the deadline: the time is a lower bound.
			T[$srv.$n]=">$deadline"
			D[$srv.$n]=$done
		elif [ "$failed" != 0 ]; then
			echo "rtr.sh: $srv: $failed of $n routers failed" >&2
			exit 1
		else
			T[$srv.$n]=$t
			P[$srv]=$pdus
		fi
		R[$srv.$n]=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
		kill "$pid"
		wait "$pid" 2> /dev/null || true
		pid=
	done
done
echo "# RTR full synchronisation, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD)"
echo "# $(basename "$data"): manrs sent ${P[manrs]:-?} PDUs per router, StayRTR ${P[stayrtr]:-?} (version 1)"
printf '%-8s %12s %12s %8s %14s %14s %8s\n' routers "manrs s" "StayRTR s" ratio "manrs RSS MB" "StayRTR RSS MB" ratio
for n in 1 100 1000; do
	awk -v n="$n" -v tm="${T[manrs.$n]}" -v ts="${T[stayrtr.$n]}" -v rm="${R[manrs.$n]}" -v rs="${R[stayrtr.$n]}" \
		-v dm="${D[manrs.$n]:-}" -v ds="${D[stayrtr.$n]:-}" 'BEGIN {
		ratio = (tm ~ />/ || ts ~ />/) ? (tm ~ />/ ? "?" : ">" sprintf("%.2f", substr(ts, 2) / tm)) : sprintf("%.2f", ts / tm)
		if (dm != "") tm = tm " (" dm " done)"
		if (ds != "") ts = ts " (" ds " done)"
		printf "%-8s %12s %12s %8s %14.1f %14.1f %8.2f\n", n, tm, ts, ratio, rm / 1024, rs / 1024, rs / rm }'
done
