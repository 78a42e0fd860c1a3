#!/bin/bash
# IRR benchmark: `manrs irr` on all six RIPE split dumps of 2024-01-23 in the
# shared data (route, route6, aut-num, as-set, as-block, filter-set; 68 MB
# uncompressed): load time, objects per second and peak RSS (best of N runs,
# next to the time `zcat` alone needs, the floor), then the as-set
# expansion time of the largest sets, found by expanding every set once
# (bench/irr_sets.c, compiled here against build/libmanrs.a).
#
# No anchor ratio: bgpq4, the tool this would be compared with, only
# expands sets by querying an IRRd server over whois (default rr.ntt.net);
# it cannot read dump files and cannot work offline (docs/irr.md).
#
# Usage: bench/irr.sh [MANRS]     (default <repo>/build/manrs)
# Environment: DATA=dir (default /work/shared/data), BENCH_RUNS=N (3),
# BENCH_TOP=N largest sets timed (5).
set -uo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
manrs=${1:-$root/build/manrs}
build=$(cd "$(dirname "$manrs")" && pwd)
data=${DATA:-/work/shared/data}
runs=${BENCH_RUNS:-3}
top=${BENCH_TOP:-5}
dumps=("$data"/irr/ripe_split_20240123/*.gz)
[ -x "$manrs" ] || { echo "irr.sh: no manrs at $manrs (ninja -C build)" >&2; exit 1; }
[ -e "${dumps[0]}" ] || { echo "irr.sh: no RIPE split dumps under $data/irr" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "irr.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }

echo "inputs: ${#dumps[@]} RIPE split dumps, $(du -ch "${dumps[@]}" | tail -1 | cut -f1) gzip'd," \
	"$(zcat "${dumps[@]}" | wc -c | awk '{ printf "%.1f MB", $1 / 1e6 }') uncompressed"

# Decompression alone: the floor for a streaming loader.
best=
for _ in $(seq "$runs"); do
	s=$EPOCHREALTIME
	zcat "${dumps[@]}" > /dev/null
	best=$(min "$(awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" "$best")
done
printf 'zcat alone:           %6.3f s\n' "$best"

# Loading: wall time, the loader's own figure, peak RSS.
best= rss= objs=
for _ in $(seq "$runs"); do
	s=$EPOCHREALTIME
	/usr/bin/time -f '%M' -o "$tmp/rss" "$manrs" irr origin AS3333 --rpsl "${dumps[@]}" > /dev/null 2> "$tmp/err"
	t=$(awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
	best=$(min "$t" "$best")
	rss=$(min "$(tail -n 1 "$tmp/rss")" "$rss")
	objs=$(sed -n 's/^manrs: loaded [0-9]* files: \([0-9]*\) objects.*/\1/p' "$tmp/err")
done
printf 'manrs load (wall):    %6.3f s  %s objects, %.0f objects/s, peak RSS %.1f MB\n' "$best" "$objs" \
	"$(awk -v n="$objs" -v t="$best" 'BEGIN { print n / t }')" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
grep '^manrs: source' "$tmp/err" | sed 's/^manrs: /  /'

# Streaming: the as-set dump 8 times over through stdin (duplicates are
# not stored), so peak RSS must stay that of one copy.
asset=$data/irr/ripe_split_20240123/ripe.db.as-set.gz
/usr/bin/time -f '%M' -o "$tmp/rss1" "$manrs" irr expand AS-NETIX -q --rpsl "$asset" > /dev/null
(for _ in 1 2 3 4 5 6 7 8; do zcat "$asset"; echo; done) |
	/usr/bin/time -f '%M' -o "$tmp/rss8" "$manrs" irr expand AS-NETIX -q --rpsl - > /dev/null
printf 'streaming:            as-set dump once: peak RSS %.1f MB; 8 copies (%.0f MB) through stdin: %.1f MB\n' \
	"$(awk 'END { print $1 / 1024 }' "$tmp/rss1")" "$(zcat "$asset" | wc -c | awk '{ print 8 * $1 / 1e6 }')" \
	"$(awk 'END { print $1 / 1024 }' "$tmp/rss8")"

# Expansion of the largest sets.
if ! cc -O2 -std=c11 -D_GNU_SOURCE -I"$root/src" "$root/bench/irr_sets.c" "$build/libmanrs.a" \
	-lz -lbz2 -llzma -lzstd -ljansson -lpthread -o "$tmp/irr_sets" 2> "$tmp/cc"; then
	echo "irr.sh: cannot build bench/irr_sets.c:" >&2
	cat "$tmp/cc" >&2
	exit 1
fi
"$tmp/irr_sets" "$top" "$runs" 64 "${dumps[@]}" > "$tmp/sets"
awk -F'\t' '$1 == "all" { printf "every set expanded:   %6s (%s, %s)\n", $2, $3, $4 }' "$tmp/sets"
echo "largest as-sets (depth limit 64, best of $runs, in-process; then end to end with loading):"
awk -F'\t' '$1 == "set"' "$tmp/sets" | while IFS=$'\t' read -r _ name asns sets t pfx tp; do
	best=
	for _ in $(seq "$runs"); do
		s=$EPOCHREALTIME
		"$manrs" irr expand "$name" -q --rpsl "${dumps[@]}" > /dev/null
		best=$(min "$(awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" "$best")
	done
	printf '  %-26s %-11s %-11s %9s  --prefixes: %-15s %9s  manrs irr expand: %.3f s\n' \
		"$name" "$asns" "$sets" "$t" "$pfx" "$tp" "$best"
done
