#!/bin/bash
# Web server benchmark (`manrs serve`, wrk from Debian): requests per
# second and p99 latency for the cached regional summary
# (/api/v2/scores/summary?region=Americas) and for one network's report
# (/api/v2/scores/details?asn=3329, warmed once so the reference data and
# the answer are cached). The database is the demo's (scripts/demo.sh:
# 15 minutes of RouteViews updates, the 2023 VRP set, RIPE IRR, RIR stats,
# PeeringDB; about 450 networks scored), rebuilt in a temporary directory.
# Each run is 10 s per endpoint; under a minute in all.
# Usage: bench/web.sh [BUILD-DIR] [THREADS] [CONNECTIONS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$root/build}")
threads=${2:-2}
conns=${3:-32}
command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2> /dev/null; rm -rf "$tmp"' EXIT
cd "$root"
bash scripts/demo.sh "$tmp/manrs.db" > /dev/null 2>&1 || { echo "demo database build failed" >&2; exit 1; }
"$build/manrs" serve --db "$tmp/manrs.db" --listen 127.0.0.1:0 --rate-limit 0 --per-ip 1024 --threads "$threads" \
	> "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q '^listening' "$tmp/serve.out" 2> /dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$tmp/serve.out")
[ -n "$url" ] || { cat "$tmp/serve.err" >&2; exit 1; }
echo "manrs serve: $threads threads; wrk: 2 threads, $conns connections, 10 s; $(nproc) cores shared with wrk"
for path in "api/v2/scores/summary?region=Americas" "api/v2/scores/details?asn=3329"; do
	curl -sf -o /dev/null "$url$path" || { echo "warm-up of $path failed" >&2; exit 1; }
	wrk -t2 -c"$conns" -d10s --latency "$url$path" > "$tmp/wrk.out"
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.out")
	bad=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk.out")
	printf '%-45s %10s req/s   p99 %8s   non-2xx %s\n' "/$path" "$rps" "$p99" "${bad:-0}"
done
