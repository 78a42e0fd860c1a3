#!/bin/bash
# Filter benchmark: AS-UBNIX-MEMBERS (about 18,000 AS numbers in the RIPE
# split dump of 2024-01-23) as an AS-path filter (-f) and as an aggregated
# prefix list (-A), built two ways on the same data:
#   manrs filter --rpsl DUMPS       (loads the dumps, expands, prints)
#   bgpq4 -h our `manrs irr serve`  (the server holds the dumps already;
#                                    only the queries and bgpq4 are timed)
# Prints the best of N wall-clock times, the ratio bgpq4 / manrs, and
# whether both printed the same bytes. A run takes well under two minutes.
#
# Usage: bench/filter.sh [MANRS]     (default <repo>/build/manrs)
# Environment: DATA=dir (default /work/shared/data), BENCH_RUNS=N (3).
set -uo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
manrs=${1:-$root/build/manrs}
data=${DATA:-/work/shared/data}
runs=${BENCH_RUNS:-3}
d=$data/irr/ripe_split_20240123
dumps=("$d/ripe.db.as-set.gz" "$d/ripe-nonauth.db.route.gz" "$d/ripe-nonauth.db.route6.gz")
set_name=AS-UBNIX-MEMBERS
[ -x "$manrs" ] || { echo "filter.sh: no manrs at $manrs (ninja -C build)" >&2; exit 1; }
for f in "${dumps[@]}"; do [ -e "$f" ] || { echo "filter.sh: missing $f" >&2; exit 1; }; done
command -v bgpq4 >/dev/null || { echo "filter.sh: bgpq4 is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$tmp"' EXIT

rpsl=()
for f in "${dumps[@]}"; do rpsl+=(--rpsl "$f"); done

"$manrs" irr serve "${rpsl[@]}" --listen 127.0.0.1:0 >"$tmp/srv.out" 2>"$tmp/srv.err" &
srv=$!
port=
for _ in $(seq 1 600); do
	port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$tmp/srv.err" | head -1)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "filter.sh: irr serve did not start" >&2; cat "$tmp/srv.err" >&2; exit 1; }

# best CMD...: best wall-clock seconds of $runs runs; the output goes to $tmp/out.
best() {
	local b= s e t
	for _ in $(seq "$runs"); do
		s=$EPOCHREALTIME
		"$@" >"$tmp/out" 2>/dev/null
		e=$EPOCHREALTIME
		t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
		b=$(awk -v a="$t" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
	done
	echo "$b"
}

echo "set: $set_name from ${#dumps[@]} RIPE split dumps (as-set, route, route6); best of $runs runs"
# Loading alone (a one-AS list): nearly all of manrs filter's time; the
# server spent it once, at its start, and it is not in bgpq4's time.
tl=$(best "$manrs" filter -q "${rpsl[@]}" AS3333)
echo "manrs filter loading the dumps (a one-AS list): $tl s"
for mode in "-f 1" "-A" "-6 -A"; do
	# shellcheck disable=SC2086
	tm=$(best "$manrs" filter -q "${rpsl[@]}" $mode "$set_name")
	cp "$tmp/out" "$tmp/manrs"
	# shellcheck disable=SC2086
	tb=$(best bgpq4 -h 127.0.0.1:"$port" $mode "$set_name")
	cp "$tmp/out" "$tmp/bgpq4"
	same=different
	cmp -s "$tmp/manrs" "$tmp/bgpq4" && same=identical
	printf '%-6s manrs filter (load + expand + print) %5.2f s   bgpq4 via irr serve %5.2f s   ratio bgpq4/manrs %5.2f   output %s (%s lines)\n' \
		"$mode" "$tm" "$tb" "$(awk -v a="$tb" -v b="$tm" 'BEGIN { printf "%.2f", a / b }')" "$same" "$(wc -l <"$tmp/manrs")"
done
