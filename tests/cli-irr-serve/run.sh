#!/bin/bash
# Tests of `manrs irr serve`: the server is started on 127.0.0.1 (a free
# port it picks and logs) over the bundled RIPE slice (data/irr/ripe-slice),
# then spoken to with Python sockets (check.py: answers against the
# independent oracle of tests/cli-irr, pipelining, one-shot, hostile lines,
# idle connections, a client that never reads) and with Debian's bgpq4
# (prefix lists, IPv6, AS-path filters, JSON), whose output is compared
# with bgpq4's format written from the oracle's expansion. Then SIGHUP
# reloads and SIGTERM stops it (exit 0). Prints PASS/FAIL lines and
# "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
manrs=$(cd "$(dirname "$manrs")" && pwd)/$(basename "$manrs")
slice=("$root"/data/irr/ripe-slice/*.gz)
# check ARGS...: check.py's PASS/FAIL lines, and a FAIL if it dies.
check() {
	python3 "$here/check.py" "$@" 2>&1
	local rc=$?
	[ $rc -eq 0 ] || echo "FAIL check.py $1 exited $rc"
}
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0

ok() { echo "PASS cli-irr-serve $1"; pass=$((pass + 1)); }
ko() { echo "FAIL cli-irr-serve $1"; fail=$((fail + 1)); }

# Counts the PASS/FAIL lines of a check.py run.
tally() {
	while IFS= read -r line; do
		case $line in
		PASS*) ok "${line#PASS }" ;;
		FAIL*) ko "${line#FAIL }" ;;
		*) echo "$line" ;;
		esac
	done
}

# start ARGS...: starts the server, sets $pid and $port (waits for its
# "listening on" line).
start() {
	"$manrs" irr serve --listen 127.0.0.1:0 "$@" 2> "$tmp/log" &
	pid=$!
	port=
	for _ in $(seq 1 300); do
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/log")
		[ -n "$port" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	ko "server did not start: $(head -3 "$tmp/log")"
	return 1
}

stop() {
	kill -TERM "$pid"
	wait "$pid"
	local rc=$?
	pid=
	return $rc
}

# ---- Usage and unreadable input --------------------------------------
"$manrs" irr serve --help > "$tmp/help" 2>&1 && grep -q -- '--rpki-hide-invalid' "$tmp/help" &&
	ok "--help (exit 0)" || ko "--help"
"$manrs" irr serve > /dev/null 2>&1
[ $? -eq 2 ] && ok "no --rpsl: exit 2" || ko "no --rpsl: not exit 2"
"$manrs" irr serve --rpsl "${slice[0]}" --listen nowhere > /dev/null 2>&1
[ $? -eq 2 ] && ok "bad --listen: exit 2" || ko "bad --listen: not exit 2"
"$manrs" irr serve --rpsl "${slice[0]}" --rpki-hide-invalid > /dev/null 2>&1
[ $? -eq 2 ] && ok "--rpki-hide-invalid without --vrps: exit 2" || ko "--rpki-hide-invalid without --vrps"
"$manrs" irr serve --rpsl "$tmp/missing.db" --listen 127.0.0.1:0 > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ "$(grep -c "missing.db" "$tmp/err")" -eq 1 ] && ! grep -q listening "$tmp/err" &&
	ok "missing file: exit 1, named once, nothing served" || ko "missing file: exit $rc"
: > "$tmp/empty.db"
"$manrs" irr serve --rpsl "$tmp/empty.db" --listen 127.0.0.1:0 > /dev/null 2>&1
[ $? -eq 1 ] && ok "empty file: exit 1" || ko "empty file: not exit 1"

# ---- Queries, hostile input, bgpq4 -----------------------------------
if start --rpsl "${slice[@]}" --idle-timeout 2 --max-per-ip 50; then
	tally < <(check queries "$port" "${slice[@]}")
	tally < <(check hostile "$port")
	tally < <(check stall "$port")
	S=RIPE,RIPE-NONAUTH
	for kind in 4 6 json aspath; do
		case $kind in
		4) args=(-4 -l PL4) name=PL4 ;;
		6) args=(-6 -l PL6) name=PL6 ;;
		json) args=(-4 -j -l J4) name=J4 ;;
		aspath) args=(-f 65000 -l AP) name=AP ;;
		esac
		check expect "$kind" "$name" AS-MNETDE "${slice[@]}" > "$tmp/want.$kind"
		timeout 60 bgpq4 -h "127.0.0.1:$port" -S "$S" "${args[@]}" AS-MNETDE > "$tmp/got.$kind" 2> "$tmp/bgpq4.err"
		rc=$?
		if [ $rc -eq 0 ] && [ "$(wc -l < "$tmp/want.$kind")" -gt 3 ] && cmp -s "$tmp/want.$kind" "$tmp/got.$kind"; then
			ok "bgpq4 ${args[*]} AS-MNETDE through our server ($(wc -l < "$tmp/got.$kind") lines, as expected)"
		else
			ko "bgpq4 ${args[*]} AS-MNETDE: exit $rc; $(head -2 "$tmp/bgpq4.err")"
			diff "$tmp/want.$kind" "$tmp/got.$kind" | head -5
		fi
	done
	# An AS number (bgpq4 sends !g itself) and a set no source has.
	timeout 30 bgpq4 -h "127.0.0.1:$port" -S "$S" -4 -l X AS4663 > "$tmp/got.as" 2>&1
	zcat "$root/data/irr/ripe-slice/ripe-nonauth.db.route.gz" | awk '/^route:/{p=$2} /^origin:/{if ($2=="AS4663") print p}' |
		sort -t. -k1,1n -k2,2n -k3,3n -k4,4n | sed 's/^/ip prefix-list X permit /' > "$tmp/want.as"
	{ echo "no ip prefix-list X"; cat "$tmp/want.as"; } > "$tmp/want.as2"
	[ "$(wc -l < "$tmp/want.as2")" -gt 5 ] && cmp -s "$tmp/want.as2" "$tmp/got.as" &&
		ok "bgpq4 -4 AS4663 (!g): $(($(wc -l < "$tmp/got.as") - 1)) prefixes as in the dump" ||
		{ ko "bgpq4 -4 AS4663"; diff "$tmp/want.as2" "$tmp/got.as" | head -5; }
	timeout 30 bgpq4 -h "127.0.0.1:$port" -S "$S" -4 -l X AS-NO-SUCH-SET > "$tmp/got.none" 2>&1
	grep -q "deny 0.0.0.0/0" "$tmp/got.none" && ok "bgpq4 on a missing set: an empty (deny) list" ||
		ko "bgpq4 on a missing set: $(head -2 "$tmp/got.none")"

	# SIGHUP: the files are loaded again and the server keeps answering.
	kill -HUP "$pid"
	for _ in $(seq 1 100); do grep -q reloaded "$tmp/log" && break; sleep 0.1; done
	got=$(python3 "$here/client.py" "127.0.0.1:$port" '!!' '!iAS15562:AS-LEVEL300' '!q')
	grep -q reloaded "$tmp/log" && [ "$got" = $'A20\nAS15562:AS-LEVEL299\nC' ] &&
		ok "SIGHUP: reloaded, still answering" || ko "SIGHUP: $(tail -2 "$tmp/log") / $got"
	stop
	rc=$?
	[ $rc -eq 0 ] && ok "SIGTERM: exit 0" || ko "SIGTERM: exit $rc"
	# The client that did not read: at most the 1 MiB watermark plus one
	# answer (1.7 kB here) and a read's worth of queries waited unsent.
	peak=$(sed -n 's/.*largest unsent output \([0-9]*\) bytes.*/\1/p' "$tmp/log")
	[ -n "$peak" ] && [ "$peak" -gt 0 ] && [ "$peak" -le $((1048576 + 65536)) ] &&
		ok "stall: the largest unsent output stayed at $peak bytes (write watermark 1 MiB)" ||
		ko "stall: largest unsent output '$peak' bytes"
fi

# ---- Connection limits ------------------------------------------------
# Up to 2,000 idle connections from one address (fewer if the descriptor
# limit is lower: check.py says how many); 100 are admitted.
if start --rpsl "${slice[@]}" --idle-timeout 2 --max-per-ip 100 --max-clients 1000 -q; then
	tally < <(check idle "$port" 2000 100)
	stop
fi

# ---- RPKI: marks and hiding -------------------------------------------
# VRPs written here for two of AS4663's route objects: 61.106.32.0/19 valid,
# 63.105.192.0/20 invalid (another origin); the rest not found.
printf 'ASN,IP Prefix,Max Length,Trust Anchor\nAS4663,61.106.32.0/19,19,t\nAS64500,63.105.192.0/20,20,t\n' > "$tmp/vrps.csv"
if start --rpsl "${slice[@]}" --vrps "$tmp/vrps.csv" --rpki-hide-invalid -q; then
	got=$(python3 "$here/client.py" "127.0.0.1:$port" '!!' '!r63.105.192.0/20' '!r61.106.32.0/19' '!gAS4663' '!q')
	want_all=$(zcat "$root/data/irr/ripe-slice/ripe-nonauth.db.route.gz" | awk '/^route:/{p=$2} /^origin:/{if ($2=="AS4663") print p}' |
		sort -t. -k1,1n -k2,2n -k3,3n -k4,4n | grep -v '^63\.105\.192\.0/20$' | tr '\n' ' ' | sed 's/ $//')
	echo "$got" | grep -q '^rpki-ov-state:  invalid$' && ok "RPKI: an invalid route object is marked in !r" ||
		ko "RPKI: invalid mark: $got"
	echo "$got" | grep -q '^rpki-ov-state:  valid$' && ok "RPKI: a valid route object is marked in !r" ||
		ko "RPKI: valid mark"
	echo "$got" | grep -qxF "$want_all" && ! echo "$got" | tail -2 | grep -q '63\.105\.192\.0/20' &&
		ok "RPKI: --rpki-hide-invalid leaves the invalid prefix out of !g" || ko "RPKI: hiding: $got"
	stop
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
