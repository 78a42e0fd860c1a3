#!/usr/bin/env bash
# Benchmark `manrs rov` against rtrlib (Debian rtr-tools' rpki-rov fed by
# StayRTR over RTR on 127.0.0.1): the whole RouteViews 2014 table (pyasn,
# 512,621 routes) against the RIPE NCC pre-production VRP set of 2023
# (424,223 VRPs). Prints manrs's load time, table bytes per VRP, peak RSS,
# validations per second (validation alone, input order and shuffled), the
# same for rtrlib, and the verdict agreement over the whole table (at
# rtrlib's granularity: valid, invalid, not found), which must be total.
#
# Inputs come from ../shared/data relative to the repository root; scratch
# files go to a temporary directory removed on exit. Installs nothing.
#
# Usage: bench/rov.sh
# Environment:
#   MANRS=PATH        binary to test (default: <repo>/build/manrs)
#   BENCH_RUNS=N      timed runs per measurement, best is kept (default 3)
set -euo pipefail
export LC_ALL=C

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd)
DATA="$REPO/../shared/data"
MANRS=${MANRS:-$REPO/build/manrs}
RUNS=${BENCH_RUNS:-3}
VRPS=$DATA/rpki/rpki-client_ripe-prepdev_20230504.json.gz
ROUTES=$DATA/pfx2as/ipasn_20140513.dat.gz

die() { echo "rov.sh: $*" >&2; exit 1; }
missing=()
command -v stayrtr > /dev/null || missing+=(stayrtr)
command -v rpki-rov > /dev/null || missing+=(rtr-tools)
command -v python3 > /dev/null || missing+=(python3)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
	echo "rov.sh: missing tools; install them with:" >&2
	echo "  apt-get install -y ${missing[*]}" >&2
	exit 1
fi
[[ -x $MANRS ]] || die "no manrs binary at $MANRS (build it: ninja -C $REPO/build)"
[[ -f $VRPS && -f $ROUTES ]] || die "no input data under $DATA"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rov-bench.XXXXXX")
SRV=
cleanup() {
	[[ -n $SRV ]] && kill "$SRV" 2> /dev/null && wait "$SRV" 2> /dev/null
	rm -rf -- "$TMP"
}
trap cleanup EXIT

now() { echo "$EPOCHREALTIME"; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else printf "-" }'; }

# ------------------------------------------------------------ inputs ----
gzip -dc "$ROUTES" | grep -v '^;' > "$TMP/routes.txt"
NROUTES=$(wc -l < "$TMP/routes.txt")
shuf --random-source=<(yes) "$TMP/routes.txt" > "$TMP/routes-shuffled.txt"
awk '{ split($1, a, "/"); print a[1], a[2], $2 }' "$TMP/routes.txt" > "$TMP/routes.rov"
# StayRTR drops VRPs past their "expires" (this set expired in May 2023).
gzip -dc "$VRPS" | sed -E 's/"expires": [0-9]+/"expires": 4102444800/' > "$TMP/vrps.json"

echo "routes: $NROUTES (RouteViews 2014-05-13, pyasn); VRPs: $(basename "$VRPS")"
echo

# ------------------------------------------------------------- manrs ----
best_bench=0 best_shuf=0 best_load=999
for _ in $(seq "$RUNS"); do
	/usr/bin/time -f "%M" -o "$TMP/rss" "$MANRS" rov --bench --vrps "$VRPS" --routes "$TMP/routes.txt" 2> "$TMP/bench.err" || true
	cat "$TMP/rss" >> "$TMP/bench.err"
	r=$(sed -nE 's/.*bench: .* ([0-9]+) validations\/s/\1/p' "$TMP/bench.err")
	l=$(sed -nE 's/.* loaded in ([0-9.]+) s.*/\1/p' "$TMP/bench.err")
	((r > best_bench)) && best_bench=$r
	best_load=$(awk -v a="$l" -v b="$best_load" 'BEGIN { print (a < b) ? a : b }')
	"$MANRS" rov --bench --vrps "$VRPS" --routes "$TMP/routes-shuffled.txt" 2> "$TMP/shuf.err" || true
	r=$(sed -nE 's/.*bench: .* ([0-9]+) validations\/s/\1/p' "$TMP/shuf.err")
	((r > best_shuf)) && best_shuf=$r
done
bpv=$(sed -nE 's/.* ([0-9.]+) bytes\/VRP.*/\1/p' "$TMP/bench.err")
nvrps=$(sed -nE 's/^manrs rov: ([0-9]+) VRPs .*/\1/p' "$TMP/bench.err")
rss=$(tail -n 1 "$TMP/bench.err")

# End to end, as rtrlib is measured: read routes, validate, print a line
# each (manrs times this part itself, after loading).
manrs_e2e=999999
for _ in $(seq "$RUNS"); do
	"$MANRS" rov --vrps "$VRPS" --routes "$TMP/routes.txt" > "$TMP/manrs.out" 2> "$TMP/e2e.err" || true
	d=$(sed -nE 's/.* not-found \(([0-9.]+) s\)$/\1/p' "$TMP/e2e.err")
	manrs_e2e=$(awk -v a="$d" -v b="$manrs_e2e" 'BEGIN { print (a < b) ? a : b }')
done

# ------------------------------------------------------------ rtrlib ----
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 900 stayrtr -bind "127.0.0.1:$port" -metrics.addr "127.0.0.1:$mport" -protocol 1 -checktime=false \
	-refresh 3600 -cache "$TMP/vrps.json" > "$TMP/stayrtr.log" 2>&1 &
SRV=$!
for _ in $(seq 300); do
	grep -q "StayRTR Server started" "$TMP/stayrtr.log" && break
	sleep 0.2
done
grep -q "StayRTR Server started" "$TMP/stayrtr.log" || die "StayRTR did not start: $(cat "$TMP/stayrtr.log")"

# rpki-rov syncs the whole table (polling once a second), then reads its
# input: the clock starts when its first answer arrives and stops at the
# end of its output, so neither the sync nor the poll is counted.
cat > "$TMP/rtrlib.py" << 'EOF'
import subprocess, sys, threading, time
host, port, path, out = sys.argv[1:5]
data = open(path, 'rb').read()
p = subprocess.Popen(['rpki-rov', host, port], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL)
def feed():
    try:
        p.stdin.write(data)
        p.stdin.close()
    except BrokenPipeError:
        pass
threading.Thread(target=feed, daemon=True).start()
chunks = [p.stdout.read1(1 << 16)]
t0 = time.monotonic()
while True:
    b = p.stdout.read1(1 << 20)
    if not b:
        break
    chunks.append(b)
t1 = time.monotonic()
p.wait()
open(out, 'wb').write(b''.join(chunks))
print(f'{t1 - t0:.4f}')
EOF
best_rtr=999999
for _ in $(seq "$RUNS"); do
	d=$(timeout 600 python3 "$TMP/rtrlib.py" 127.0.0.1 "$port" "$TMP/routes.rov" "$TMP/rtrlib.out")
	best_rtr=$(awk -v a="$d" -v b="$best_rtr" 'BEGIN { print (a < b) ? a : b }')
done

# ---------------------------------------------------------- agreement ----
awk -F'|' 'NF == 3 { split($1, a, " "); v = $3 == 0 ? "valid" : $3 == 1 ? "not-found" : "invalid"; print a[1] "/" a[2], a[3], v }' \
	"$TMP/rtrlib.out" > "$TMP/rtrlib.v"
awk '{ v = $3; if (v ~ /^invalid/) v = "invalid"; print $1, $2, v }' "$TMP/manrs.out" > "$TMP/manrs.v"
answered=$(wc -l < "$TMP/rtrlib.v")
differ=$(diff "$TMP/rtrlib.v" "$TMP/manrs.v" | grep -c '^<' || true)

# ------------------------------------------------------------- report ----
printf '%-44s %s\n' "manrs: VRPs loaded" "$nvrps"
printf '%-44s %s s\n' "manrs: load time (gzip JSON, 58 MB)" "$best_load"
printf '%-44s %s\n' "manrs: table bytes per VRP" "$bpv"
printf '%-44s %.1f MiB\n' "manrs: peak RSS (load + bench)" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
printf '%-44s %s\n' "manrs: validations/s, input order" "$best_bench"
printf '%-44s %s\n' "manrs: validations/s, shuffled" "$best_shuf"
printf '%-44s %s s (%s routes/s)\n' "manrs: read + validate + print, no load" "$manrs_e2e" "$(rate "$NROUTES" "$manrs_e2e")"
printf '%-44s %s s (%s routes/s)\n' "rtrlib rpki-rov: read + validate + print" "$best_rtr" "$(rate "$NROUTES" "$best_rtr")"
printf '%-44s %s\n' "speed-up (end to end, manrs over rtrlib)" \
	"$(awk -v a="$best_rtr" -v b="$manrs_e2e" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')"
printf '%-44s %s of %s answered, %s disagreements\n' "verdicts vs rtrlib" "$answered" "$NROUTES" "$differ"
[[ $differ -eq 0 && $answered -eq $NROUTES ]] || die "manrs and rtrlib disagree"
echo "manrs verdicts: $(awk '{ print $3 }' "$TMP/manrs.out" | sort | uniq -c | awk '{ printf "%s %s, ", $2, $1 }' | sed 's/, $//')"
