#!/bin/bash
# IRR whois server benchmark: `manrs irr serve` over the six RIPE split
# dumps of 2024-01-23 in the shared data, then
#  1. queries per second: bench/irr-serve-qps.py pipelines N !g queries (the
#     ASNs of AS-UBNIX-MEMBERS, in turn) and N !i<set> queries on one
#     connection and times the answers;
#  2. the time bgpq4 (Debian's) takes to build an IPv4 prefix list and an
#     AS-path filter for AS-UBNIX-MEMBERS (about 18,000 ASNs) through our
#     server: !i expansion then one !g per AS, pipelined by bgpq4.
# The anchor would be IRRd 4 on the same dumps, which is not installed
# here (it needs PostgreSQL and Redis), so no ratio is printed.
#
# Usage: bench/irr-serve.sh [MANRS]     (default <repo>/build/manrs)
# Environment: DATA=dir (default /work/shared/data), QUERIES=N (20000).
set -uo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
manrs=${1:-$root/build/manrs}
data=${DATA:-/work/shared/data}
n=${QUERIES:-20000}
dumps=("$data"/irr/ripe_split_20240123/*.gz)
[ -x "$manrs" ] || { echo "irr-serve.sh: no manrs at $manrs (ninja -C build)" >&2; exit 1; }
[ -e "${dumps[0]}" ] || { echo "irr-serve.sh: no RIPE split dumps under $data/irr" >&2; exit 1; }
command -v bgpq4 > /dev/null || { echo "irr-serve.sh: needs bgpq4" >&2; exit 1; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

t0=$(date +%s.%N)
"$manrs" irr serve --rpsl "${dumps[@]}" --listen 127.0.0.1:0 --budget 120 2> "$tmp/log" &
pid=$!
port=
for _ in $(seq 1 1200); do
	port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/log")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "irr-serve.sh: the server did not start:"; cat "$tmp/log"; exit 1; }
t1=$(date +%s.%N)
grep 'objects loaded' "$tmp/log" | sed 's/^manrs: //'
printf 'load and listen: %.2f s\n' "$(echo "$t1 - $t0" | bc)"

python3 "$root/bench/irr-serve-qps.py" "$port" "$n"

for args in "-4 -l UBNIX" "-f 65000 -l UBNIX"; do
	s=$(date +%s.%N)
	# shellcheck disable=SC2086
	bgpq4 -h "127.0.0.1:$port" -S RIPE,RIPE-NONAUTH $args AS-UBNIX-MEMBERS > "$tmp/out" 2> "$tmp/err"
	rc=$?
	e=$(date +%s.%N)
	printf 'bgpq4 %s AS-UBNIX-MEMBERS: exit %d, %d lines in %.2f s\n' "$args" "$rc" "$(wc -l < "$tmp/out")" \
		"$(echo "$e - $s" | bc)"
done
echo "peak server memory: $(awk '/^VmHWM/{print int($2 / 1024)}' "/proc/$pid/status") MiB"
