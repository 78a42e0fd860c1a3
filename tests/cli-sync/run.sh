#!/bin/bash
# Command-line tests of `manrs sync`, offline: server.py serves a tree laid
# out like the RIS and RouteViews archives (small files of data/mrt copied
# under archive names) on 127.0.0.1 and injects failures: a 500, a
# connection cut mid-file, a wrong Content-Length, a missing file, a file
# that always fails. Checks exact outcomes: the files and their bytes, the
# JSON summary, the requests the server saw (Range on resume, HEAD on
# re-runs, at most --parallel at once), messages and exit statuses.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
mrt=$root/data/mrt
tmp=$(mktemp -d)
srvpid=
trap '[ -n "$srvpid" ] && kill "$srvpid" 2> /dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
pass=0 fail=0

check() { # name, then a command whose success means pass
	local name=$1
	shift
	if "$@"; then
		echo "PASS sync $name"
		pass=$((pass + 1))
	else
		echo "FAIL sync $name"
		fail=$((fail + 1))
	fi
}

# jcheck FILE NAME EXPR [NAME EXPR...]: each Python expression over the
# JSON in FILE (as j; its files by path as f) is true. One interpreter for
# all of them: Python starts slowly on a loaded machine.
jcheck() {
	local file=$1 line
	shift
	while read -r line; do
		echo "$line"
		case $line in
		PASS*) pass=$((pass + 1)) ;;
		FAIL*) fail=$((fail + 1)) ;;
		esac
	done < <(python3 -c '
import json, sys
try:
    j = json.load(open(sys.argv[1]))
    f = {x["path"]: x for x in j["list"]}
except Exception as e:
    j, f = None, None
    print("  no JSON: %s" % e)
args = sys.argv[2:]
for name, expr in zip(args[::2], args[1::2]):
    try:
        ok = j is not None and eval(expr)
    except Exception as e:
        ok = False
        print("  %s: %s" % (type(e).__name__, e))
    print("%s sync %s" % ("PASS" if ok else "FAIL", name))
    if not ok and j is not None:
        print("  false: " + expr)
        print("  " + json.dumps({k: v for k, v in j.items() if k != "list"}))
' "$file" "$@" 2>&1)
}

# same NAME FILE EXPECTED-TEXT: FILE holds exactly the text (and a newline).
same() {
	printf '%s\n' "$3" > "$tmp/want"
	if cmp -s "$tmp/want" "$2"; then
		echo "PASS sync $1"
		pass=$((pass + 1))
	else
		echo "FAIL sync $1"
		diff "$tmp/want" "$2" | head -10
		fail=$((fail + 1))
	fi
}

status() { # NAME WANT-RC GOT-RC
	check "$1 (exit $2)" test "$3" -eq "$2"
}

# The archive tree: the 18 files rrc00 and route-views2 publish from
# 2024-01-31T23:30 to 2024-02-01T00:30 (written out here, independently of
# the layout code), less one the archive "lost".
expected=(
	rrc00/2024.01/updates.20240131.2330.gz
	rrc00/2024.01/updates.20240131.2335.gz
	rrc00/2024.01/updates.20240131.2340.gz
	rrc00/2024.01/updates.20240131.2345.gz
	rrc00/2024.01/updates.20240131.2350.gz
	rrc00/2024.01/updates.20240131.2355.gz
	rrc00/2024.02/bview.20240201.0000.gz
	rrc00/2024.02/updates.20240201.0000.gz
	rrc00/2024.02/updates.20240201.0005.gz
	rrc00/2024.02/updates.20240201.0010.gz
	rrc00/2024.02/updates.20240201.0015.gz
	rrc00/2024.02/updates.20240201.0020.gz
	rrc00/2024.02/updates.20240201.0025.gz
	route-views2/bgpdata/2024.01/UPDATES/updates.20240131.2330.bz2
	route-views2/bgpdata/2024.01/UPDATES/updates.20240131.2345.bz2
	route-views2/bgpdata/2024.02/RIBS/rib.20240201.0000.bz2
	route-views2/bgpdata/2024.02/UPDATES/updates.20240201.0000.bz2
	route-views2/bgpdata/2024.02/UPDATES/updates.20240201.0015.bz2
)
lost=rrc00/2024.02/updates.20240201.0010.gz
gz=(bgpdump-updates.20020722.2238.gz ris-rrc06-updates.1427846400.gz
    ris-rrc03-updates.20100227.1600.first-796-records.gz bgpdump-updates.20100722.2015.gz
    ris-rrc00-updates.20000102.2014.gz ris-rrc00-updates.20000325.0345.gz)
bz=(bgpkit-local_only-updates.bz2 ris-bview.20140112.1600_3samples.bz2 rv-jinx-updates.1427846400.bz2)
srv=$tmp/srv
# Where the server keeps a local path: RIS under ris/, route-views2 at the
# RouteViews root (no collector directory), under rv/.
remote() {
	case $1 in
	route-views2/*) echo "rv/${1#route-views2/}" ;;
	*) echo "ris/$1" ;;
	esac
}
i=0
for p in "${expected[@]}"; do
	i=$((i + 1))
	[ "$p" = "$lost" ] && continue
	r=$srv/$(remote "$p")
	mkdir -p "$(dirname "$r")"
	case $p in
	*RIBS/rib.*) cp "$mrt/rv-jinx-updates.1427846400.bz2" "$r" ;;  # the largest: cut in half below
	*.bz2) cp "$mrt/${bz[$((i % 2))]}" "$r" ;;
	*) cp "$mrt/${gz[$((i % ${#gz[@]}))]}" "$r" ;;
	esac
done
fail500=ris/rrc00/2024.01/updates.20240131.2345.gz
cut=rv/bgpdata/2024.02/RIBS/rib.20240201.0000.bz2
badlen=rv/bgpdata/2024.01/UPDATES/updates.20240131.2345.bz2
cut_size=$(stat -c %s "$srv/$cut")
badlen_size=$(stat -c %s "$srv/$badlen")
total_bytes=0
for p in "${expected[@]}"; do
	[ "$p" = "$lost" ] || total_bytes=$((total_bytes + $(stat -c %s "$srv/$(remote "$p")")))
done

log=$tmp/requests.log
start_server() {
	rm -f "$tmp/port"
	python3 "$here/server.py" --root "$srv" --log "$log" --port-file "$tmp/port" "$@" &
	srvpid=$!
	for _ in $(seq 100); do
		[ -s "$tmp/port" ] && break
		sleep 0.1
	done
	port=$(cat "$tmp/port")
	base="--ris-base http://127.0.0.1:$port/ris --routeviews-base http://127.0.0.1:$port/rv/"
}
stop_server() {
	kill "$srvpid"
	wait "$srvpid" 2> /dev/null
	srvpid=
}
# Requests logged since line $1 of the log, without the in-flight count.
since() { tail -n +"$(($1 + 1))" "$log" | cut -d' ' -f1-3; }
lines() { [ -f "$log" ] && wc -l < "$log" || echo 0; }

# All the downloaded files are byte-identical with the archive's, and
# nothing else (no .part) is under the destination.
tree_ok() {
	local d=$1 p n=0
	for p in "${expected[@]}"; do
		[ "$p" = "$lost" ] && continue
		cmp -s "$srv/$(remote "$p")" "$d/$p" || { echo "  differs: $p" >&2; return 1; }
		n=$((n + 1))
	done
	[ "$(find "$d" -type f | wc -l)" -eq "$n" ]
}

norange=ris/rrc00/2024.02/updates.20240201.0025.gz
start_server --fail500 "$fail500" --cut "$cut" --badlen "$badlen" --no-range "$norange"
dst=$tmp/dst
run=(--collector rrc00,route-views2 --from 2024-01-31T23:30 --to 2024-02-01T00:30 --dest "$dst" --retry-delay 10)

# 1. A first run: everything but the lost file, through the injected faults.
n0=$(lines)
"$manrs" sync "${run[@]}" $base --json > "$tmp/1.json" 2> "$tmp/1.err"
status "first run: one file missing" 3 $?
paths=$(printf '"%s",' "${expected[@]}")
jcheck "$tmp/1.json" \
	"first run: totals" "(j['files'], j['fetched'], j['present'], j['missing'], j['failed'], j['retries'], j['resumed']) == (18, 17, 0, 1, 0, 3, 2)" \
	"first run: bytes received are the archive's bytes" "j['bytes'] == $total_bytes" \
	"first run: the file list, in order" "[x['path'] for x in j['list']] == [${paths%,}]" \
	"first run: the lost file is missing after one request" "(f['$lost']['status'], f['$lost']['http'], f['$lost']['attempts'], f['$lost']['error']) == ('missing', 404, 1, 'HTTP 404: not in the archive')" \
	"first run: the 500 was retried" "(f['rrc00/2024.01/updates.20240131.2345.gz']['status'], f['rrc00/2024.01/updates.20240131.2345.gz']['attempts'], f['rrc00/2024.01/updates.20240131.2345.gz']['resumed']) == ('fetched', 2, False)" \
	"first run: the cut file was resumed" "(f['route-views2/${cut#rv/}']['status'], f['route-views2/${cut#rv/}']['attempts'], f['route-views2/${cut#rv/}']['resumed'], f['route-views2/${cut#rv/}']['size']) == ('fetched', 2, True, $cut_size)" \
	"first run: the wrong Content-Length was retried" "(f['route-views2/${badlen#rv/}']['status'], f['route-views2/${badlen#rv/}']['attempts']) == ('fetched', 2)" \
	"first run: URLs follow the archive layouts" "f['route-views2/${cut#rv/}']['url'] == 'http://127.0.0.1:$port/$cut' and f['$lost']['url'] == 'http://127.0.0.1:$port/ris/$lost'"
same "first run: stderr is the missing file only (no progress when piped)" "$tmp/1.err" \
	"manrs: http://127.0.0.1:$port/ris/$lost: HTTP 404: not in the archive"
check "first run: files identical, no .part left" tree_ok "$dst"
since "$n0" > "$tmp/1.log"
grep " /$cut " "$tmp/1.log" > "$tmp/cut.log"
same "first run: the cut file was continued with a Range request" "$tmp/cut.log" \
	"GET /$cut -
GET /$cut bytes=$((cut_size / 2))-"
grep " /$badlen " "$tmp/1.log" > "$tmp/badlen.log"
same "first run: after a short body, a Range request from its end" "$tmp/badlen.log" \
	"GET /$badlen -
GET /$badlen bytes=$badlen_size-"
grep " /$fail500 " "$tmp/1.log" > "$tmp/500.log"
same "first run: the 500 got one plain retry" "$tmp/500.log" \
	"GET /$fail500 -
GET /$fail500 -"
check "first run: 21 GETs, no HEAD" test "$(grep -c '^GET ' "$tmp/1.log")-$(grep -c '^HEAD ' "$tmp/1.log")" = 21-0
check "first run: at most 4 requests at once (default --parallel)" \
	test "$(tail -n +"$((n0 + 1))" "$log" | cut -d' ' -f4 | sort -n | tail -1)" -le 4

# 2. Again: every file is there; a HEAD checks each size.
n0=$(lines)
"$manrs" sync "${run[@]}" $base --json > "$tmp/2.json" 2> /dev/null
status "second run: present files are not fetched again" 3 $?
jcheck "$tmp/2.json" \
	"second run: totals" "(j['fetched'], j['present'], j['missing'], j['failed'], j['bytes'], j['retries']) == (0, 17, 1, 0, 0, 0)"
since "$n0" | sort > "$tmp/2.log"
check "second run: 17 HEADs and the GET of the missing file" \
	test "$(grep -c '^HEAD ' "$tmp/2.log")-$(grep -c '^GET ' "$tmp/2.log")-$(grep -c "^GET /ris/$lost -" "$tmp/2.log")" = 17-1-1

# 3. --trust-existing: no request for files that are there.
n0=$(lines)
"$manrs" sync "${run[@]}" $base --trust-existing -q > "$tmp/3.out" 2> "$tmp/3.err"
status "trust-existing run" 3 $?
since "$n0" > "$tmp/3.log"
same "trust-existing: only the missing file is asked for" "$tmp/3.log" "GET /ris/$lost -"
same "trust-existing: summary line" "$tmp/3.out" \
	"18 files: 0 fetched, 17 already present, 1 missing, 0 failed; 0 bytes received, 0 retries, 0 resumed"
check "trust-existing: -q keeps stderr empty" test ! -s "$tmp/3.err"

# 4. A partial file left by an earlier run is continued; a final file of
# the wrong size is fetched again; a server that ignores Range replaces the
# partial file instead of having its answer appended to it.
part=rrc00/2024.02/updates.20240201.0020.gz
short=route-views2/bgpdata/2024.02/UPDATES/updates.20240201.0015.bz2
head -c 1000 "$srv/$(remote "$part")" > "$dst/$part.part"
rm "$dst/$part"
head -c 700 /dev/zero > "$dst/${norange#ris/}.part"
rm "$dst/${norange#ris/}"
head -c 100 "$srv/$(remote "$short")" > "$dst/$short"
n0=$(lines)
"$manrs" sync "${run[@]}" $base --json > "$tmp/4.json" 2> /dev/null
status "resume run" 3 $?
jcheck "$tmp/4.json" \
	"resume run: totals" "(j['fetched'], j['present'], j['missing'], j['resumed']) == (3, 14, 1, 1) and f['$part']['resumed'] and not f['$short']['resumed'] and not f['${norange#ris/}']['resumed']"
since "$n0" > "$tmp/4.log"
grep -E " /(ris/$part|$norange) " "$tmp/4.log" | sort > "$tmp/4a.log"
same "resume run: Range from each partial file's end" "$tmp/4a.log" \
	"GET /ris/$part bytes=1000-
GET /$norange bytes=700-"
grep " /$(remote "$short") " "$tmp/4.log" > "$tmp/4b.log"
same "resume run: HEAD then GET for the short final file" "$tmp/4b.log" \
	"HEAD /$(remote "$short") -
GET /$(remote "$short") -"
check "resume run: files identical, no .part left" tree_ok "$dst"
stop_server

# 5. A file that always fails: retried --retries times, then reported; the
# others still arrive; --parallel bounds the requests in flight.
: > "$log"
stall=ris/rrc00/2024.02/updates.20240201.0015.gz
start_server --always500 ris/rrc00/2024.01/updates.20240131.2330.gz --stall "$stall" --delay 0.5
d5=$tmp/dst5
"$manrs" sync --collector rrc00 --from 2024-01-31T23:30 --to 2024-01-31T23:50 --dest "$d5" $base \
	--parallel 2 --retries 2 --retry-delay 10 --json > "$tmp/5.json" 2> "$tmp/5.err"
status "always-500 run" 3 $?
jcheck "$tmp/5.json" \
	"always-500: failed after 3 attempts, the others fetched" "(j['fetched'], j['failed'], j['retries']) == (3, 1, 2) and (f['rrc00/2024.01/updates.20240131.2330.gz']['status'], f['rrc00/2024.01/updates.20240131.2330.gz']['attempts'], f['rrc00/2024.01/updates.20240131.2330.gz']['error']) == ('failed', 3, 'HTTP 500')"
same "always-500: one message naming the URL" "$tmp/5.err" \
	"manrs: http://127.0.0.1:$port/ris/rrc00/2024.01/updates.20240131.2330.gz: HTTP 500 (3 attempts)"
check "always-500: nothing under the failed file's name, no .part" \
	test "$(cd "$d5" && find . -type f | sort | tr '\n' ' ')" = "./rrc00/2024.01/updates.20240131.2335.gz ./rrc00/2024.01/updates.20240131.2340.gz ./rrc00/2024.01/updates.20240131.2345.gz "
check "--parallel 2: two requests in flight at most, and two at some point" \
	test "$(cut -d' ' -f4 "$log" | sort -n | tail -1)" -eq 2

# 5b. A server that stops sending mid-file: --timeout gives up on the
# transfer, and the retry continues it.
n0=$(lines)
"$manrs" sync --collector rrc00 --from 2024-02-01T00:15 --to 2024-02-01T00:16 --dest "$tmp/d5b" $base \
	--timeout 2 --retry-delay 10 --json > "$tmp/5b.json" 2> "$tmp/5b.err"
status "stalled transfer" 0 $?
jcheck "$tmp/5b.json" \
	"stalled transfer: timed out, then resumed" "(j['fetched'], j['retries'], j['resumed']) == (1, 1, 1) and f['${stall#ris/}']['attempts'] == 2"
since "$n0" > "$tmp/5b.log"
same "stalled transfer: the retry asked for the rest" "$tmp/5b.log" \
	"GET /$stall -
GET /$stall bytes=$(($(stat -c %s "$srv/$stall") / 2))-"
check "stalled transfer: file identical" cmp -s "$srv/$stall" "$tmp/d5b/${stall#ris/}"

# 5c. On a terminal (script(1) gives one), a progress line on stderr that
# ends with every file done; -q silences it.
if command -v script > /dev/null; then
	tty_run=("$manrs" sync --collector rrc00 --from 2024-01-31T23:35 --to 2024-01-31T23:50 --dest "$tmp/d5c" $base)
	script -qec "$(printf '%q ' "${tty_run[@]}")" /dev/null > "$tmp/5c.out" 2>&1
	status "on a terminal" 0 $?
	check "on a terminal: progress reaches 3/3 files" grep -q 'manrs sync: 3/3 files, ' "$tmp/5c.out"
	script -qec "$(printf '%q ' "${tty_run[@]}") -q" /dev/null > "$tmp/5d.out" 2>&1
	check "on a terminal with -q: no progress" test "$(grep -c 'manrs sync:' "$tmp/5d.out")" -eq 0
fi

# 6. Nothing to be had: exit 1.
"$manrs" sync --collector rrc00 --from 2023-06-01 --to 2023-06-01T00:10 --dest "$tmp/d6" $base > "$tmp/6.out" 2> "$tmp/6.err"
status "nothing in the archive" 1 $?
same "nothing in the archive: summary" "$tmp/6.out" \
	"3 files: 0 fetched, 0 already present, 3 missing, 0 failed; 0 bytes received, 0 retries, 0 resumed"
check "nothing in the archive: one message per file (a bview, two updates)" test "$(wc -l < "$tmp/6.err")" -eq 3
stop_server

# 7. The server is gone: connection errors are retried, then exit 1.
"$manrs" sync --collector rrc00 --from 2024-01-31T23:30 --to 2024-01-31T23:40 --dest "$tmp/d7" $base \
	--retries 1 --retry-delay 1 --json > "$tmp/7.json" 2> "$tmp/7.err"
status "server down" 1 $?
jcheck "$tmp/7.json" \
	"server down: both failed after 2 attempts" "(j['failed'], j['retries']) == (2, 2) and all(x['attempts'] == 2 and x['status'] == 'failed' for x in j['list'])"
check "server down: no file, no .part" test -z "$(find "$tmp/d7" -type f)"

# 8. A destination that cannot be written: exit 1, the directory named once.
: > "$tmp/afile"
"$manrs" sync --collector rrc00 --from 2024-01-01 --to 2024-01-01T00:05 --dest "$tmp/afile/sub" > "$tmp/8.out" 2> "$tmp/8.err"
status "destination under a file" 1 $?
same "destination under a file: message" "$tmp/8.err" "manrs: $tmp/afile/sub: Not a directory"
"$manrs" sync --collector rrc00 --from 2024-01-01 --to 2024-01-01T00:05 --dest "$tmp/afile" > /dev/null 2> "$tmp/8b.err"
status "destination is a file" 1 $?
same "destination is a file: message" "$tmp/8b.err" "manrs: $tmp/afile: not a directory"
check "destination errors print no summary" test ! -s "$tmp/8.out"

# 9. Usage errors: exit 2, before any request.
usage() { # NAME ARGS...: exit 2 and a message
	local name=$1
	shift
	"$manrs" sync "$@" > /dev/null 2> "$tmp/u.err"
	local rc=$?
	check "usage: $name" test "$rc" -eq 2 -a -s "$tmp/u.err"
}
ok=(--collector rrc00 --dest "$tmp/d9")
for d in 2023-02-29 2100-02-29 2024-02-30 2024-04-31 2024-13-01 2024-00-01 2024-01-00 2024-01-01T24:00 \
	2024-01-01T23:60 2024-1-01 2024-01-01T1:00 "2024-01-01 10:00" 2024-01-01T10:00Z 1700000000 ""; do
	usage "--from '$d'" "${ok[@]}" --from "$d" --to 2025-01-01
done
usage "--to before --from" "${ok[@]}" --from 2024-01-02 --to 2024-01-01
usage "--to equal to --from" "${ok[@]}" --from 2024-01-01 --to 2024-01-01
usage "unknown collector" --collector rrc00,rrc1 --dest "$tmp/d9" --from 2024-01-01 --to 2024-01-02
usage "collector that is a path" --collector ../x --dest "$tmp/d9" --from 2024-01-01 --to 2024-01-02
usage "no --dest" --collector rrc00 --from 2024-01-01 --to 2024-01-02
usage "no --collector" --dest "$tmp/d9" --from 2024-01-01 --to 2024-01-02
usage "--parallel 0" "${ok[@]}" --from 2024-01-01 --to 2024-01-02 --parallel 0
usage "--parallel 65" "${ok[@]}" --from 2024-01-01 --to 2024-01-02 --parallel 65
usage "--retries x" "${ok[@]}" --from 2024-01-01 --to 2024-01-02 --retries x
usage "--ris-base ftp" "${ok[@]}" --from 2024-01-01 --to 2024-01-02 --ris-base ftp://example.net
usage "extra argument" "${ok[@]}" --from 2024-01-01 --to 2024-01-02 extra
usage "range too large" "${ok[@]}" --from 2010-01-01 --to 2020-01-01
check "usage errors create nothing" test ! -e "$tmp/d9"
"$manrs" sync --help > "$tmp/help" 2>&1
status "--help" 0 $?

# 10. --list: URLs and local paths with the default archive roots.
"$manrs" sync --list --collector rrc00,route-views2,route-views.amsix --rib-only --from 2024-02-29T16:00 --to 2024-03-01T01:00 > "$tmp/10.out"
status "--list" 0 $?
same "--list: default roots, RIS 8-hourly, RouteViews 2-hourly, route-views2 at the root" "$tmp/10.out" \
	"https://data.ris.ripe.net/rrc00/2024.02/bview.20240229.1600.gz rrc00/2024.02/bview.20240229.1600.gz
https://data.ris.ripe.net/rrc00/2024.03/bview.20240301.0000.gz rrc00/2024.03/bview.20240301.0000.gz
https://archive.routeviews.org/bgpdata/2024.02/RIBS/rib.20240229.1600.bz2 route-views2/bgpdata/2024.02/RIBS/rib.20240229.1600.bz2
https://archive.routeviews.org/bgpdata/2024.02/RIBS/rib.20240229.1800.bz2 route-views2/bgpdata/2024.02/RIBS/rib.20240229.1800.bz2
https://archive.routeviews.org/bgpdata/2024.02/RIBS/rib.20240229.2000.bz2 route-views2/bgpdata/2024.02/RIBS/rib.20240229.2000.bz2
https://archive.routeviews.org/bgpdata/2024.02/RIBS/rib.20240229.2200.bz2 route-views2/bgpdata/2024.02/RIBS/rib.20240229.2200.bz2
https://archive.routeviews.org/bgpdata/2024.03/RIBS/rib.20240301.0000.bz2 route-views2/bgpdata/2024.03/RIBS/rib.20240301.0000.bz2
https://archive.routeviews.org/route-views.amsix/bgpdata/2024.02/RIBS/rib.20240229.1600.bz2 route-views.amsix/bgpdata/2024.02/RIBS/rib.20240229.1600.bz2
https://archive.routeviews.org/route-views.amsix/bgpdata/2024.02/RIBS/rib.20240229.1800.bz2 route-views.amsix/bgpdata/2024.02/RIBS/rib.20240229.1800.bz2
https://archive.routeviews.org/route-views.amsix/bgpdata/2024.02/RIBS/rib.20240229.2000.bz2 route-views.amsix/bgpdata/2024.02/RIBS/rib.20240229.2000.bz2
https://archive.routeviews.org/route-views.amsix/bgpdata/2024.02/RIBS/rib.20240229.2200.bz2 route-views.amsix/bgpdata/2024.02/RIBS/rib.20240229.2200.bz2
https://archive.routeviews.org/route-views.amsix/bgpdata/2024.03/RIBS/rib.20240301.0000.bz2 route-views.amsix/bgpdata/2024.03/RIBS/rib.20240301.0000.bz2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
