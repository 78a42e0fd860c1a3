#!/bin/bash
# The incident detectors inside `manrs bmp`: replaying MRT update files
# over BMP (replay.py) raises exactly the incidents that ingesting the same
# files raises (`manrs incidents --json` of both databases compared byte
# for byte), on the hand-made incidents of tests/cli-incidents/gen.py (after
# the same RIB dump ingested into both) and on 15 minutes of real
# RouteViews churn (data/mrt/rv2-updates.20241028.0000.bz2, 531 incidents
# with warmup 0); --monitor sends the same alerts as `manrs ingest
# --monitor`; --no-detect; `manrs serve --bmp` (the collector as serve's
# child); usage and unreadable-monitor exits.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
tmp=$(mktemp -d)
cpid=''
cleanup() {
	[ -n "$cpid" ] && kill -9 "$cpid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
unset MANRS_DB MANRS_CONFIG
ok() { echo "PASS bmp-detect $1"; pass=$((pass + 1)); }
bad() { echo "FAIL bmp-detect $1"; fail=$((fail + 1)); }
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi; }

command -v python3 > /dev/null || { bad "python3 is not installed"; echo "$pass passed, $fail failed"; exit 1; }
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# replay NAME DB MRT-FILE [manrs bmp options...]: the collector on a free
# port, the file replayed into it, then SIGTERM (replay.py); the exit
# summary in $tmp/NAME.json, stderr in $tmp/NAME.err, the exit status in
# $tmp/NAME.rc.
replay() {
	local name=$1 db=$2 file=$3
	shift 3
	local port
	port=$(freeport)
	"$manrs" bmp --db "$db" --listen "127.0.0.1:$port" --json "$@" > "$tmp/$name.json" 2> "$tmp/$name.err" &
	cpid=$!
	python3 "$here/replay.py" "$file" "$port" "$cpid" > "$tmp/$name.sent" 2>> "$tmp/$name.err"
	wait "$cpid"
	echo $? > "$tmp/$name.rc"
	cpid=''
}
summary() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(str(d[k]) for k in sys.argv[2:]))' "$@"
}
count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$1"; }
types() { python3 -c 'import json,sys; print(" ".join(i["type"] for i in json.load(open(sys.argv[1]))))' "$1"; }

# 1. Hand-made incidents: the RIB dump ingested into both databases, then
# the updates ingested into one and replayed over BMP into the other.
python3 "$root/tests/cli-incidents/gen.py" "$tmp" || { echo "0 passed, 1 failed"; exit 1; }
rib=$tmp/test-bview.20080224.0000.mrt
upd=$tmp/test-updates.20080224.0001.mrt
"$manrs" ingest -q --db "$tmp/a.db" --collector test "$rib" > /dev/null
cp "$tmp/a.db" "$tmp/b.db"
cp "$tmp/a.db" "$tmp/c.db"
cp "$tmp/a.db" "$tmp/d.db"
cp "$tmp/a.db" "$tmp/e.db"
cp "$tmp/a.db" "$tmp/s.db"
"$manrs" ingest -q --db "$tmp/a.db" --collector test "$upd" > /dev/null
same "ingest of the updates: exit status" "$?" 0
replay gen "$tmp/b.db" "$upd"
same "bmp replay: exit status, messages sent" "$(cat "$tmp/gen.rc") $(cat "$tmp/gen.sent")" "0 18"
same "bmp replay: messages, elements, incidents opened and resolved" \
	"$(summary "$tmp/gen.json" messages elements incidents_opened incidents_resolved)" "23 22 4 3"
"$manrs" incidents --db "$tmp/a.db" --json > "$tmp/a.json"
"$manrs" incidents --db "$tmp/b.db" --json > "$tmp/b.json"
same "hand-made: the incidents ingest raised" "$(count "$tmp/a.json") $(types "$tmp/a.json")" \
	"4 submoas moas bogon-prefix edge"
if cmp -s "$tmp/a.json" "$tmp/b.json"; then ok "hand-made: BMP replay raises the same incidents (incidents --json identical)"
else bad "hand-made: incidents differ: $(diff "$tmp/a.json" "$tmp/b.json" | head -5)"; fi
"$manrs" incident --db "$tmp/a.db" --json "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$tmp/a.json")" > "$tmp/a1.json"
"$manrs" incident --db "$tmp/b.db" --json "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$tmp/b.json")" > "$tmp/b1.json"
# The router is collector bmp-127.0.0.1 where ingest said test.
sed -i 's/"collector":"bmp-127\.0\.0\.1"/"collector":"test"/g' "$tmp/b1.json"
if cmp -s "$tmp/a1.json" "$tmp/b1.json" && [ -s "$tmp/a1.json" ]; then ok "hand-made: the deep dive (timeline, paths, rules) identical but for the collector's name"
else bad "hand-made: deep dives differ: $(diff "$tmp/a1.json" "$tmp/b1.json" | head -5)"; fi

# 2. Alerts: the monitored /22's sub-prefix hijack, the same lines from
# both paths (a JSON-lines file sink).
printf 'prefix 208.65.152.0/22 include-more-specifics\nfile %s\n' "$tmp/ingest-alerts.jsonl" > "$tmp/mi.conf"
printf 'prefix 208.65.152.0/22 include-more-specifics\nfile %s\n' "$tmp/bmp-alerts.jsonl" > "$tmp/mb.conf"
"$manrs" ingest -q --db "$tmp/c.db" --monitor "$tmp/mi.conf" --collector test "$upd" > /dev/null
replay mon "$tmp/d.db" "$upd" --monitor "$tmp/mb.conf"
same "monitor: exit status" "$(cat "$tmp/mon.rc")" 0
same "monitor: one open and one resolved alert for the hijack" \
	"$(python3 -c 'import json,sys; print([(a["event"], a["incident"]["type"], a["incident"]["culprit_asn"]) for a in map(json.loads, open(sys.argv[1]))])' "$tmp/bmp-alerts.jsonl")" \
	"[('open', 'submoas', 17557), ('resolved', 'submoas', 17557)]"
if cmp -s "$tmp/ingest-alerts.jsonl" "$tmp/bmp-alerts.jsonl"; then ok "monitor: the same alert lines as ingest --monitor"
else bad "monitor: alerts differ: $(diff "$tmp/ingest-alerts.jsonl" "$tmp/bmp-alerts.jsonl" | head -4)"; fi

# 3. --no-detect: routes recorded, no incident.
replay nodet "$tmp/e.db" "$upd" --no-detect
same "--no-detect: exit status, elements, incidents opened" \
	"$(cat "$tmp/nodet.rc") $(summary "$tmp/nodet.json" elements incidents_opened)" "0 22 0"
same "--no-detect: no incident in the store" "$("$manrs" incidents --db "$tmp/e.db" --json)" "[]"

# 4. Real churn: 15 minutes of RouteViews route-views2 (29 peers, 109,198
# UPDATEs) into empty databases, with warmup 0 so the quarter of an hour
# is not all learning.
printf '[detect]\nwarmup = 0\n' > "$tmp/w0.conf"
rv=$root/data/mrt/rv2-updates.20241028.0000.bz2
MANRS_CONFIG=$tmp/w0.conf "$manrs" ingest -q --db "$tmp/rva.db" --collector rv2 "$rv" > /dev/null
same "rv2: ingest exit status" "$?" 0
MANRS_CONFIG=$tmp/w0.conf replay rv "$tmp/rvb.db" "$rv"
same "rv2: bmp replay: exit status, messages sent" "$(cat "$tmp/rv.rc") $(cat "$tmp/rv.sent")" "0 109198"
same "rv2: incidents opened and resolved" "$(summary "$tmp/rv.json" incidents_opened incidents_resolved)" "531 99"
"$manrs" incidents --db "$tmp/rva.db" --json > "$tmp/rva.json"
"$manrs" incidents --db "$tmp/rvb.db" --json > "$tmp/rvb.json"
same "rv2: incidents ingest raised" "$(count "$tmp/rva.json")" 531
if cmp -s "$tmp/rva.json" "$tmp/rvb.json"; then ok "rv2: BMP replay raises the same 531 incidents (incidents --json identical)"
else bad "rv2: incidents differ: $(diff "$tmp/rva.json" "$tmp/rvb.json" | head -5)"; fi

# 5. `manrs serve --bmp`: the collector as a child of the web server on the
# same database; the replay's SIGTERM goes to serve, which stops the child
# (it flushes its incidents first).
printf 'prefix 208.65.152.0/22 include-more-specifics\nfile %s\n' "$tmp/serve-alerts.jsonl" > "$tmp/ms.conf"
"$manrs" serve --db "$tmp/s.db" --listen 127.0.0.1:0 --bmp 127.0.0.1:0 --bmp-monitor "$tmp/ms.conf" > "$tmp/serve.out" 2> "$tmp/serve.err" &
cpid=$!
spid=$cpid
for _ in $(seq 300); do grep -q 'bmp: listening on .*(port [0-9]*)' "$tmp/serve.err" 2> /dev/null && break; sleep 0.1; done
sport=$(sed -n 's/.*bmp: listening on .* (port \([0-9]*\)).*/\1/p' "$tmp/serve.err" | head -1)
bchild=$(pgrep -P "$spid" | head -1)
same "serve --bmp: the web server and the collector listen" "$(grep -c '^listening on http://127.0.0.1:' "$tmp/serve.out") ${sport:+port}" "1 port"
python3 "$here/replay.py" "$upd" "${sport:-1}" "$spid" > "$tmp/serve.sent" 2>> "$tmp/serve.err"
wait "$spid"
same "serve --bmp: SIGTERM exit 0, messages sent" "$? $(cat "$tmp/serve.sent")" "0 18"
cpid=''
same "serve --bmp: the collector child stopped with it" "$(kill -0 "${bchild:-999999}" 2> /dev/null && echo running || echo gone)" "gone"
"$manrs" incidents --db "$tmp/s.db" --json > "$tmp/s.json"
if cmp -s "$tmp/a.json" "$tmp/s.json"; then ok "serve --bmp: the incidents of ingest, in serve's database"
else bad "serve --bmp: incidents differ: $(diff "$tmp/a.json" "$tmp/s.json" | head -5)"; fi
if cmp -s "$tmp/ingest-alerts.jsonl" "$tmp/serve-alerts.jsonl"; then ok "serve --bmp-monitor: the alerts of ingest --monitor"
else bad "serve --bmp-monitor: alerts differ: $(diff "$tmp/ingest-alerts.jsonl" "$tmp/serve-alerts.jsonl" | head -4)"; fi
"$manrs" serve --db "$tmp/s.db" --bmp-monitor "$tmp/ms.conf" > /dev/null 2> "$tmp/err"
same "serve --bmp-monitor without --bmp: usage" "$? $(cat "$tmp/err")" "2 manrs serve: --bmp-monitor needs --bmp"
"$manrs" serve --db "$tmp/s.db" --bmp nonsense > /dev/null 2> "$tmp/err"
same "serve --bmp with a bad address: usage" "$? $(cat "$tmp/err")" "2 manrs serve: --bmp: 'nonsense' is not ADDR:PORT (or [ADDR]:PORT for IPv6)"

# 6. Usage and unreadable monitor configurations: refused before listening.
"$manrs" bmp --db "$tmp/x.db" --listen 127.0.0.1:0 --no-detect --monitor "$tmp/mb.conf" > "$tmp/out" 2> "$tmp/err"
same "--monitor with --no-detect: usage" "$? $(cat "$tmp/err")" "2 manrs bmp: --monitor needs the detectors (drop --no-detect)"
printf 'prefix 208.65.152.0/22\n' > "$tmp/nosink.conf"
"$manrs" bmp --db "$tmp/x.db" --listen 127.0.0.1:0 --monitor "$tmp/nosink.conf" > "$tmp/out" 2> "$tmp/err"
same "a monitor without a sink: exit 1, nothing opened" "$? $(test -s "$tmp/out" && echo output)$(test -e "$tmp/x.db" && echo db)" "1 "
"$manrs" bmp --db "$tmp/x.db" --listen 127.0.0.1:0 --monitor "$tmp/none.conf" > "$tmp/out" 2> "$tmp/err"
same "a missing monitor file: exit 1" "$? $(grep -c "$tmp/none.conf" "$tmp/err")" "1 1"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
