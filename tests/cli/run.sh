#!/bin/bash
# Command-line tests of `manrs mrt dump` and `manrs mrt stats`: every filter
# against an independent oracle (awk or Python's ipaddress over bgpdump's own
# -m output from tests/golden), stdin, several files, JSON validity, exit
# statuses and messages. Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
data=$root/data/mrt
gold=$root/tests/golden/expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check() { # name, then a command whose success means pass
	local name=$1
	shift
	if "$@"; then
		echo "PASS cli $name"
		pass=$((pass + 1))
	else
		echo "FAIL cli $name"
		fail=$((fail + 1))
	fi
}

# same NAME EXPECTED-FILE COMMAND...: the command's stdout equals the file
same() {
	local name=$1 want=$2
	shift 2
	"$@" > "$tmp/got" 2> "$tmp/err"
	if cmp -s "$want" "$tmp/got" && [ -s "$want" ]; then
		echo "PASS cli $name ($(wc -l < "$want") lines)"
		pass=$((pass + 1))
	else
		echo "FAIL cli $name: $(wc -l < "$tmp/got") lines, expected $(wc -l < "$want")"
		diff "$want" "$tmp/got" | head -5
		fail=$((fail + 1))
	fi
}

rib=$data/ris-rrc00-bview.20020722.2337.gz
upd=$data/bgpdump-updates.20160811.1600.gz
gzip -dc "$gold/ris-rrc00-bview.20020722.2337.gz.m.gz" > "$tmp/rib.m"
gzip -dc "$gold/bgpdump-updates.20160811.1600.gz.m.gz" > "$tmp/upd.m"
gzip -dc "$gold/bgpdump-updates.20020722.2238.gz.m.gz" > "$tmp/upd2002.m"

awk -F'|' '$5 == 1853' "$tmp/rib.m" > "$tmp/want"
same "--peer-as" "$tmp/want" "$manrs" mrt dump -m --peer-as 1853 "$rib"
awk -F'|' '$5 == 1853 || $5 == 3257' "$tmp/rib.m" > "$tmp/want"
same "--peer-as twice (either)" "$tmp/want" "$manrs" mrt dump -m --peer-as AS1853 --peer-as 3257 "$rib"
awk -F'|' '$4 == "2001:7f8:54::156"' "$tmp/upd.m" > "$tmp/want"
same "--peer-ip IPv6" "$tmp/want" "$manrs" mrt dump -m --peer-ip 2001:7f8:54::156 "$upd"
awk -F'|' '$3 == "W"' "$tmp/upd.m" > "$tmp/want"
same "--type withdraw" "$tmp/want" "$manrs" mrt dump -m --type withdraw "$upd"
awk -F'|' '$3 == "A" || $3 == "STATE"' "$tmp/upd.m" > "$tmp/want"
same "--type announce,state" "$tmp/want" "$manrs" mrt dump -m --type announce,state "$upd"
python3 "$here/oracle.py" more 193.0.0.0/8 < "$tmp/rib.m" > "$tmp/want"
same "--prefix-more" "$tmp/want" "$manrs" mrt dump -m --prefix-more 193.0.0.0/8 "$rib"
python3 "$here/oracle.py" less 193.0.0.1/32 < "$tmp/rib.m" > "$tmp/want"
same "--prefix-less" "$tmp/want" "$manrs" mrt dump -m --prefix-less 193.0.0.1/32 "$rib"
python3 "$here/oracle.py" exact 2a03:6180::/32 < "$tmp/upd.m" > "$tmp/want"
same "--prefix (IPv6 exact)" "$tmp/want" "$manrs" mrt dump -m --prefix 2a03:6180::/32 "$upd"
awk -F'|' '$3 != "STATE" && $3 != "W" { n = split($7, a, " "); if (a[n] == "3333") print }' "$tmp/rib.m" > "$tmp/want"
same "--origin" "$tmp/want" "$manrs" mrt dump -m --origin 3333 "$rib"
awk -F'|' '$3 != "STATE" && $3 != "W" { n = split($7, a, " "); for (i = 1; i <= n; i++) if (a[i] == "1239") { print; break } }' "$tmp/rib.m" > "$tmp/want"
same "--path-as" "$tmp/want" "$manrs" mrt dump -m --path-as 1239 "$rib"
awk -F'|' '$2 >= 1470931300 && $2 < 1470931400' "$tmp/upd.m" > "$tmp/want"
same "--start/--end (Unix seconds)" "$tmp/want" "$manrs" mrt dump -m --start 1470931300 --end 1470931400 "$upd"
same "--start/--end (ISO 8601, UTC)" "$tmp/want" "$manrs" mrt dump -m --start 2016-08-11T16:01:40 --end 2016-08-11T16:03:20 "$upd"
awk -F'|' '$3 == "A" && $5 == 15547' "$tmp/upd.m" > "$tmp/want"
same "filters combine (AND)" "$tmp/want" "$manrs" mrt dump -m --type announce --peer-as 15547 "$upd"

gzip -dc "$upd" > "$tmp/upd.raw"
same "stdin" "$tmp/upd.m" "$manrs" mrt dump -m - < "$tmp/upd.raw"
cat "$tmp/upd.m" "$tmp/rib.m" > "$tmp/want"
same "several files in order" "$tmp/want" "$manrs" mrt dump -m "$upd" "$rib"

"$manrs" mrt dump --json "$upd" > "$tmp/json"
check "--json: one valid object per -m line" python3 -c "
import json, sys
n = 0
for line in open('$tmp/json'):
    o = json.loads(line); n += 1
    assert o['type'] in ('announce', 'withdraw', 'state', 'rib')
sys.exit(0 if n == $(wc -l < "$tmp/upd.m") else 1)"
check "--json: AS4 aggregator and link-local next hop" grep -q '"next_hop_link_local":"fe80::8678:acff:fe6b:4ceb","atomic_aggregate":false,"aggregator":{"as":41741,"ip":"91.102.24.20"}' "$tmp/json"

"$manrs" mrt stats "$data/lab/quagga_rib" > "$tmp/got" 2>&1
check "stats: exact summary" cmp -s "$here/quagga_rib.stats" "$tmp/got"

# Zebra's 8-byte BGP4MP STATE_CHANGE (hand-made sample, data/mrt/handmade):
# JSON gives null addresses and both ASes; stats counts it under its own
# name; a message names the file and the offset; exit 0 (nothing skipped).
zebra=$data/handmade/zebra-state-change-8byte.mrt
same "8-byte STATE_CHANGE: --json" "$here/zebra-state8.json" "$manrs" mrt dump --json "$zebra"
"$manrs" mrt stats "$zebra" > "$tmp/got" 2> "$tmp/err"
rc=$?
check "8-byte STATE_CHANGE: stats, exit 0" test $rc -eq 0 -a "$(cat "$tmp/got")" = "$(cat "$here/zebra-state8.stats")"
check "8-byte STATE_CHANGE: message with offset" test "$(sed -n 2p "$tmp/err")" = "manrs: $zebra: offset 20: BGP4MP/STATE_CHANGE: Zebra's 8-byte STATE_CHANGE (no interface, AFI or addresses; RFC 6396 section 4.4.1 has them); decoded without addresses"
check "8-byte STATE_CHANGE: --type state keeps all 4" test "$("$manrs" mrt dump -q -m --type state "$zebra" | wc -l)" -eq 4

# Resynchronisation over a gap longer than 16 MiB (made here, not
# committed): a real file, 17,000,000 zero bytes, the file again. Every
# record of both copies is read and the gap is counted in bytes.
f=$data/bgpdump-updates.20020722.2238.gz
{ gzip -dc "$f"; head -c 17000000 /dev/zero; gzip -dc "$f"; } > "$tmp/gap.mrt"
"$manrs" mrt stats "$tmp/gap.mrt" > "$tmp/got" 2> "$tmp/err"
rc=$?
check "17 MB gap: exit 3" test $rc -eq 3
check "17 MB gap: both copies' records" grep -qx 'records:            2242' "$tmp/got"
check "17 MB gap: both copies' elements" grep -qx 'elements:           6674' "$tmp/got"
check "17 MB gap: bytes counted in stats" grep -qx '  bytes passed over to resynchronise         17000000' "$tmp/got"
check "17 MB gap: message" test "$(cat "$tmp/err")" = "manrs: $tmp/gap.mrt: offset 72979: RFC 6396 section 2: MRT header with an unknown type or impossible length; resynchronised at offset 17072979 (17000000 bytes skipped)"
"$manrs" mrt dump -q -m "$tmp/gap.mrt" > "$tmp/got"
cat "$tmp/upd2002.m" "$tmp/upd2002.m" > "$tmp/want"
check "17 MB gap: dump prints both copies as bgpdump prints one, twice" cmp -s "$tmp/want" "$tmp/got"
{ gzip -dc "$f"; head -c 5000000 /dev/zero; } > "$tmp/zeros.mrt"
"$manrs" mrt stats "$tmp/zeros.mrt" > "$tmp/got" 2> "$tmp/err"
rc=$?
check "5 MB of zeros at the end: exit 3, bytes counted" test $rc -eq 3 -a "$(grep -c '^  bytes passed over to resynchronise         5000000$' "$tmp/got")" -eq 1
check "5 MB of zeros at the end: message" test "$(cat "$tmp/err")" = "manrs: $tmp/zeros.mrt: offset 72979: RFC 6396 section 2: MRT header damaged and no valid record follows; 5000000 bytes skipped to the end of the file"

# Unreadable inputs: exit 1, one message naming the file once, no answer.
# expect_fail NAME WANT-STDERR COMMAND...
expect_fail() {
	local name=$1 want=$2
	shift 2
	"$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "$want" ]; then
		echo "PASS cli $name"
		pass=$((pass + 1))
	else
		echo "FAIL cli $name: exit $rc, $(wc -c < "$tmp/out") bytes out, stderr: $(head -c 300 "$tmp/err")"
		fail=$((fail + 1))
	fi
}
: > "$tmp/empty.mrt"
mkdir "$tmp/dir.mrt"
head -c 5000000 /dev/zero > "$tmp/allzeros.mrt"
printf 'prefix,origin\n192.0.2.0/24,65000\n' > "$tmp/text.csv"
for cmd in dump stats; do
	expect_fail "$cmd: missing file" "manrs: $tmp/no-such-file: No such file or directory" "$manrs" mrt $cmd "$tmp/no-such-file"
	expect_fail "$cmd: empty file" "manrs: $tmp/empty.mrt: empty (no MRT records)" "$manrs" mrt $cmd "$tmp/empty.mrt"
	expect_fail "$cmd: empty stdin" "manrs: (stdin): empty (no MRT records)" "$manrs" mrt $cmd - < /dev/null
	expect_fail "$cmd: directory" "manrs: $tmp/dir.mrt: Is a directory" "$manrs" mrt $cmd "$tmp/dir.mrt"
	expect_fail "$cmd: text file" "manrs: $tmp/text.csv: not an MRT file (no valid record header in its 33 bytes)" "$manrs" mrt $cmd "$tmp/text.csv"
	expect_fail "$cmd: only zeros" "manrs: $tmp/allzeros.mrt: not an MRT file (no valid record header in its 5000000 bytes)" "$manrs" mrt $cmd "$tmp/allzeros.mrt"
	# Standard output on a full disk: the write error is reported, exit 1.
	"$manrs" mrt $cmd "$f" > /dev/full 2> "$tmp/err"
	rc=$?
	check "$cmd > /dev/full: exit 1 and a message" test $rc -eq 1 -a "$(cat "$tmp/err")" = "manrs: standard output: No space left on device"
done
# A readable file after a missing one: stats still gives no answer.
expect_fail "stats: missing file among good ones" "manrs: $tmp/no-such-file: No such file or directory" "$manrs" mrt stats -q "$f" "$tmp/no-such-file"

# Impossible dates and times are usage errors naming the option, never
# rolled over into the next day (2002-06-31 is not July 1st).
# bad_time OPTION VALUE WANT-REASON
bad_time() {
	"$manrs" mrt dump --"$1" "$2" "$f" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	check "--$1 $2: exit 2" test $rc -eq 2 -a ! -s "$tmp/out" -a "$(cat "$tmp/err")" = "manrs mrt dump: --$1: '$2' $3"
}
bad_time start 2002-06-31 "is not a date: no such day in that month"
bad_time end 2001-02-29 "is not a date: February 29 in a year that is not a leap year"
bad_time start 1900-02-29T00:00 "is not a date: February 29 in a year that is not a leap year"
bad_time start 2002-07-22T24:00 "is not a time of day (00:00:00 to 23:59:59)"
bad_time end 2002-07-22T23:60:00 "is not a time of day (00:00:00 to 23:59:59)"
bad_time start 2002-13-01 "has no such month (01-12)"
bad_time start 2002-00-10 "has no such month (01-12)"
bad_time start 2002-07-00 "is not a date: no such day in that month"
bad_time start 1969-12-31 "is outside the times MRT can record (1970 to 2106)"
bad_time start 4294967296 "is past the last time MRT can record (2106-02-07T06:28:15Z)"
bad_time start 2002-7-22 "is not Unix seconds or YYYY-MM-DD[THH:MM[:SS]]"
bad_time start 12ab "is not Unix seconds or YYYY-MM-DD[THH:MM[:SS]]"
"$manrs" mrt dump -m --start 2000-02-29 --end 2002-07-22T22:40:00Z "$f" > "$tmp/got"
check "--start 2000-02-29 (a leap day) and --end with Z accepted" test $? -eq 0 -a "$(wc -l < "$tmp/got")" -eq "$(awk -F'|' '$2 < 1027377600' "$tmp/upd2002.m" | wc -l)"

"$manrs" mrt dump --prefix 10.0.0.0/33 "$upd" > /dev/null 2> "$tmp/err"
rc=$?
check "bad filter: exit 2 and a message" test $rc -eq 2 -a "$(cat "$tmp/err")" = "manrs mrt dump: --prefix: '10.0.0.0/33' is not a prefix"
"$manrs" mrt dump --help > "$tmp/help"
check "dump --help: exit 0, usage on stdout" grep -q '^usage: manrs mrt dump' "$tmp/help"
"$manrs" frobnicate 2> /dev/null
check "unknown command: exit 2" test $? -eq 2
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
