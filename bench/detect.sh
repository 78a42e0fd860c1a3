#!/bin/bash
# Detector benchmark and validation. Writes nothing into the repository.
#  1. Throughput: the background half-day (RouteViews route-views2,
#     2008-02-24 00:07-11:46, ../shared/data/background) decoded into
#     memory, then timed through every detector on one core (CPU time);
#     the incidents at suspicion >= 80 are listed (the false-alarm figure).
#  2. Baseline memory of a full table: the 2014 pyasn table (512,621
#     prefixes) as history, then a RIB of 20 peers (bench/detect_bench.c).
#  3. mrt-synth scenarios (../shared/tools/mrt-synth; SEEDS, default
#     "7 11 23"): a RIB of 20 peers over a 20,000-prefix slice of the 2014
#     table, then 900 s of updates with churn and four injected incidents
#     (exact and sub-prefix hijack, a 200-prefix leak, a bogon) whose
#     prefixes and ASes vary with the seed; each is ingested into a fresh
#     store with the 2014 CAIDA relationships loaded, and
#     bench/detect_score.py prints recall, precision and detection delay
#     per type. Generated files are cached in $DETECT_BENCH_DIR (default
#     /tmp/manrs-detect-bench).
# PARTS (default "1 2 3") picks the sections to run.
# Usage: [SEEDS="7 11"] [PARTS="3"] bench/detect.sh [BUILD-DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=$root/../shared
[ -d "$shared/data" ] || shared=/work/shared
manrs=$build/manrs
[ -x "$manrs" ] && [ -f "$build/libmanrs.a" ] || { echo "detect.sh: build first (ninja -C $build)" >&2; exit 1; }
cache=${DETECT_BENCH_DIR:-/tmp/manrs-detect-bench}
mkdir -p "$cache"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -std=c11 -D_GNU_SOURCE -I"$root/src" "$root/bench/detect_bench.c" "$build/libmanrs.a" \
	-lz -lbz2 -llzma -lzstd -ljansson -lsqlite3 -lpthread -lcurl -levent -lmicrohttpd -lm -o "$tmp/detect_bench"

pfx=$shared/data/pfx2as/ipasn_20140513.dat.gz
rel=$shared/data/asrel/20140101.as-rel.txt.gz
synth=$shared/tools/mrt-synth

parts=" ${PARTS:-1 2 3} "
if [[ $parts == *" 1 "* ]]; then
echo "== 1. throughput and false alarms: background half-day (no relationships: the 2008 ones are not in the data)"
"$tmp/detect_bench" replay "$shared"/data/background/*.bz2
fi

if [[ $parts == *" 2 "* ]]; then
echo "== 2. baseline memory: 2014 full table, 20 peers"
"$tmp/detect_bench" table "$pfx" 20
fi
[[ $parts == *" 3 "* ]] || exit 0

echo "== 3. mrt-synth scenarios"
# Per seed: the leaker and the bogon from fixed lists; the hijacked
# prefixes and the culprit picked (seeded) from the RIB itself, so the
# victims are in the slice of the table the RIB holds.
scenario() {
	local i=$(( $1 % 3 ))
	local leakers=(4788 7473 9002) bogons=(192.168.0.0/16 10.0.0.0/8 100.64.0.0/10) bogas=(4837 4134 3216)
	"$manrs" mrt dump "$2" | python3 -c '
import random, sys
seed = int(sys.argv[1])
pfx = {}
for line in sys.stdin:
    f = line.split("|")
    if len(f) > 6 and f[6]:
        pfx[f[5]] = f[6].split()[-1]
rng = random.Random(seed)
cands = sorted(p for p in pfx if ":" not in p and 16 <= int(p.split("/")[1]) <= 22)
exact, cover = rng.sample(cands, 2)
a, l = cover.split("/")
sub = a + "/24"
origins = sorted(set(pfx.values()) - {pfx[exact], pfx[cover]})
print(exact, sub, rng.choice(origins))' "$1"
	echo "${leakers[$i]} ${bogons[$i]} ${bogas[$i]}"
}
args=()
for seed in ${SEEDS:-7 11 23}; do
	r=$cache/rib.$seed.mrt.gz u=$cache/upd.$seed.mrt.gz t=$cache/truth.$seed.json
	[ -f "$r" ] || python3 "$synth" rib --pfx2as "$pfx" --asrel "$rel" --peers 20 --time 1400000000 --seed "$seed" \
		--max-prefixes 20000 -o "$r" > /dev/null
	if [ ! -f "$t" ]; then
		read -r exact sub culprit leaker bogon bogas <<< "$(scenario "$seed" "$r" | tr '\n' ' ')"
		echo "seed $seed: exact $exact, sub-prefix $sub, culprit AS$culprit, leaker AS$leaker, bogon $bogon from AS$bogas"
		python3 "$synth" updates --pfx2as "$pfx" --asrel "$rel" --peers 20 --seed "$seed" --start 1400000000 \
			--duration 900 --max-prefixes 20000 \
			--inject "hijack:exact:$exact:$culprit:+60:600" \
			--inject "hijack:subprefix:$sub:$culprit:+120:300" \
			--inject "leak:$leaker:+300:300:200" \
			--inject "bogon:$bogon:$bogas:+400:120" -o "$u" -t "$t" > /dev/null
	fi
	db=$tmp/s$seed.db
	"$manrs" refdata load -q --db "$db" --kind asrel --time 2014-01-01 "$rel" > /dev/null
	"$manrs" ingest -q --db "$db" --collector synth "$r" "$u" > /dev/null || [ $? -eq 3 ]
	"$manrs" incidents --db "$db" --json > "$tmp/inc.$seed.json"
	args+=("$t" "$tmp/inc.$seed.json")
done
for thr in 0 50 80; do
	python3 "$root/bench/detect_score.py" "$thr" "${args[@]}"
done
