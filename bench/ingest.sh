#!/bin/bash
# Ingest benchmark: route elements/s of `manrs ingest` (MRT -> route state
# -> SQLite), with --no-detect and with the incident detectors (the
# default), beside `manrs mrt stats` (the decoder alone) on the same file;
# route-state bytes per route (bench/rib_bench.c: resident-set growth over
# routes held); database bytes per month row and per month.
# Inputs: ../shared/data/mrt/rv2-updates.20241028.0000.bz2 (RouteViews
# route-views2, 15 minutes of 2024 updates) and a RIB from
# ../shared/tools/mrt-synth (2014 table, 20 peers; 100,000 prefixes, or the
# full 512,621 with FULL=1), cached in $INGEST_BENCH_DIR
# (default /tmp/manrs-ingest-bench). Writes nothing into the repository.
# Usage: [FULL=1] [RUNS=N] bench/ingest.sh [BUILD-DIR]   (best of RUNS runs, default 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=$root/../shared
[ -d "$shared/data" ] || shared=/work/shared
manrs=$build/manrs
[ -x "$manrs" ] && [ -f "$build/libmanrs.a" ] || { echo "ingest.sh: build first (ninja -C $build)" >&2; exit 1; }
cache=${INGEST_BENCH_DIR:-/tmp/manrs-ingest-bench}
mkdir -p "$cache"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -std=c11 -D_GNU_SOURCE -I"$root/src" "$root/bench/rib_bench.c" "$build/libmanrs.a" \
	-lz -lbz2 -llzma -lzstd -ljansson -lsqlite3 -lpthread -o "$tmp/rib_bench"

upd=$shared/data/mrt/rv2-updates.20241028.0000.bz2
if [ "${FULL:-0}" = 1 ]; then maxp=(); tag=full; else maxp=(--max-prefixes 100000); tag=100k; fi
rib=$cache/rib.20140513.$tag.mrt.gz
if [ ! -f "$rib" ]; then
	echo "generating $rib with mrt-synth..." >&2
	python3 "$shared/tools/mrt-synth" rib --pfx2as "$shared/data/pfx2as/ipasn_20140513.dat.gz" \
		--asrel "$shared/data/asrel/20140101.as-rel.txt.gz" --peers 20 --time 1400000000 --seed 7 \
		"${maxp[@]}" -o "$rib" > /dev/null
fi

# "wall cpu rss": wall and CPU (user + system) seconds and peak RSS (KiB)
# of a command, the run with the least CPU of $2 (the machine is shared:
# CPU time is the steadier figure)
timed() {
	local out=$1 runs=$2 best=
	shift 2
	for _ in $(seq "$runs"); do
		[ -n "${PRE:-}" ] && eval "$PRE"
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" > "$out" 2> /dev/null || true
		read -r w u s m < "$tmp/time"
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
		if [ -z "$best" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then best="$w $c $m" bc=$c; fi
	done
	echo "$best"
}

echo "# ingest benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?'), binary $manrs, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for f in "$upd" "$rib"; do
	[ -f "$f" ] || { echo "skipping missing $f"; continue; }
	name=$(basename "$f")
	read -r sw sc srss < <(timed "$tmp/stats" "${RUNS:-3}" "$manrs" mrt stats "$f")
	elems=$(awk '/^elements:/ { print $2 }' "$tmp/stats")
	# Each ingest run starts from an empty database: first without the
	# incident detectors (the archive path alone), then as by default.
	read -r nw nc nrss < <(PRE='rm -f "$tmp/db"*' timed "$tmp/json" "${RUNS:-3}" "$manrs" ingest -q --json --no-detect \
		--db "$tmp/db" --collector bench "$f")
	read -r iw ic irss < <(PRE='rm -f "$tmp/db"*' timed "$tmp/json" "${RUNS:-3}" "$manrs" ingest -q --json --db "$tmp/db" \
		--collector bench "$f")
	dbsize=$(stat -c %s "$tmp/db")
	read -r rows pairs < <(sqlite3 -separator ' ' "$tmp/db" 'SELECT (SELECT count(*) FROM obs_month),
		(SELECT count(*) FROM obs_day)')
	obs_bytes=$(sqlite3 "$tmp/db" "SELECT sum(pgsize) FROM dbstat WHERE name IN ('obs_month', 'obs_month_origin')")
	day_bytes=$(sqlite3 "$tmp/db" "SELECT sum(pgsize) FROM dbstat WHERE name = 'obs_day'")
	pfx_bytes=$(sqlite3 "$tmp/db" "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%prefixes%'")
	echo
	echo "## $name: $elems route elements"
	awk -v e="$elems" -v w="$sw" -v c="$sc" -v m="$srss" 'BEGIN { printf "mrt stats (decoder):  wall %6.2f s  CPU %6.2f s  %5.2f M elements/CPU-s  peak RSS %4.0f MB\n", w, c, e / c / 1e6, m / 1024 }'
	awk -v e="$elems" -v w="$nw" -v c="$nc" -v m="$nrss" 'BEGIN { printf "ingest --no-detect:   wall %6.2f s  CPU %6.2f s  %5.2f M elements/CPU-s  peak RSS %4.0f MB\n", w, c, e / c / 1e6, m / 1024 }'
	awk -v e="$elems" -v w="$iw" -v c="$ic" -v m="$irss" 'BEGIN { printf "ingest (detectors on): wall %6.2f s  CPU %6.2f s  %5.2f M elements/CPU-s  peak RSS %4.0f MB\n", w, c, e / c / 1e6, m / 1024 }'
	awk -v s="$dbsize" -v r="$rows" -v o="$obs_bytes" -v d="$day_bytes" -v p="$pfx_bytes" -v n="$pairs" 'BEGIN {
		printf "database: %.1f MB; %d month rows (%.1f bytes each with the origin index), %d day rows (%.1f bytes each), prefixes %.1f MB\n",
			s / 1e6, r, o / r, n, d / n, p / 1e6 }'
	"$tmp/rib_bench" "$f" | sed 's/^/route state only: /'
done
