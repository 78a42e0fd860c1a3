#!/bin/bash
# manrs filter: (1) bgpq4's own reference outputs for AS112 reproduced from the
# RPSL objects they were generated from; (2) Debian's bgpq4 pointed at our
# `manrs irr serve` over tests/cli-filter/sample.rpsl prints the same bytes as
# `manrs filter --rpsl` on the same file, in every format and many option sets
# (nothing normalised: neither program prints anything time-dependent);
# (3) errors, exit statuses and hostile input.
# Usage: run.sh [path/to/manrs]
set -u
M=$(realpath "${1:-build/manrs}")
cd "$(dirname "$0")/../.."
REF=data/irr/bgpq4_reference
S=tests/cli-filter/sample.rpsl
T=$(mktemp -d)
pass=0 fail=0
SRV=

cleanup() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# same_file NAME EXPECTED_FILE CMD...: stdout of CMD equals the file exactly.
same_file() {
	local name=$1 exp=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	if cmp -s "$T/out" "$exp"; then ok; else
		bad "$name"
		diff "$T/out" "$exp" | head -8
		head -3 "$T/err"
	fi
}

# status NAME WANT CMD...: exit status of CMD.
status() {
	local name=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ "$rc" = "$want" ]; then ok; else bad "$name: exit $rc, want $want"; head -3 "$T/err"; fi
}

# ---- (1) bgpq4's reference outputs (bgpq4 newer than 1.9: --compat 1.16) ----
R="$M filter -q --compat 1.16 --rpsl $REF/as112.rpsl"
for fam in 4 6; do
	for v in "bird -b" "eos -e" "huawei -U" "huawei-xpl -u" "ios" "ios-xr -X" "json -j" "junos -J" \
		"openbgpd -B" "routeros6 -K" "routeros7 -K7" "sros -N" "sros-mdcli -n" "srlinux -n2"; do
		set -- $v
		same_file "reference $1--$fam" "$REF/$1--$fam.txt" $R -$fam ${2:-} AS112
	done
	same_file "reference formated--$fam" "$REF/formated--$fam.txt" $R -$fam -F '%n/%l ' AS112
done
for v in "bird -b" "huawei -U" "huawei-xpl -u" "ios" "ios-xr -X" "json -j" "junos -J" "openbgpd -B" \
	"sros -N" "sros-mdcli -n"; do
	set -- $v
	same_file "reference $1--asp" "$REF/$1--asp.txt" $R AS-AS112 -f 112 ${2:-}
done
same_file "reference as112-ripe-nonauth" "$REF/as112-ripe-nonauth.txt" $R AS112 -S RIPE-NONAUTH
same_file "reference as112-apnic" "$REF/as112-apnic.txt" $R AS112 -S APNIC,AFRINIC
same_file "reference as-as112-ripe-notation" "$REF/as-as112-ripe-notation.txt" $R RIPE::AS-AS112
same_file "reference as-as112-apnic-notation" "$REF/as-as112-apnic-notation.txt" $R APNIC::AS-AS112
# The unknown source leaves the list empty: printed, and said (exit 3).
status "APNIC::AS-AS112 exit" 3 $R APNIC::AS-AS112
grep -q 'sets not found (1): APNIC::AS-AS112' "$T/err" && ok || bad "APNIC::AS-AS112 message"

# ---- (2) Debian's bgpq4 through our whois server ----------------------------
if ! command -v bgpq4 >/dev/null; then
	bad "bgpq4 is not installed (scripts/setup.sh installs it)"
else
	"$M" irr serve --rpsl "$S" --listen 127.0.0.1:0 >"$T/srv.out" 2>"$T/srv.err" &
	SRV=$!
	PORT=
	for _ in $(seq 1 100); do
		PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$T/srv.err" | head -1)
		[ -n "$PORT" ] && break
		sleep 0.05
	done
	if [ -z "$PORT" ]; then
		bad "irr serve did not start"; cat "$T/srv.err"
	else
		# real_client NAME ARGS...: bgpq4 -h our server ARGS == manrs filter ARGS.
		real_client() {
			local name=$1
			shift
			timeout 20 bgpq4 -h 127.0.0.1:"$PORT" "$@" >"$T/bgpq4" 2>"$T/bgpq4.err"
			local brc=$?
			"$M" filter -q --rpsl "$S" "$@" >"$T/manrs" 2>"$T/manrs.err"
			local mrc=$?
			if [ $brc -ne 0 ]; then
				bad "$name: bgpq4 exit $brc"; head -3 "$T/bgpq4.err"
			elif [ $mrc -ne 0 ] && [ $mrc -ne 3 ]; then
				bad "$name: manrs exit $mrc"; head -3 "$T/manrs.err"
			elif ! cmp -s "$T/bgpq4" "$T/manrs"; then
				bad "$name: output differs (bgpq4 < > manrs)"; diff "$T/bgpq4" "$T/manrs" | head -10
			elif [ ! -s "$T/bgpq4" ] && [[ " $* " != *" -b "* ]] && [[ " $* " != *" -F "* ]]; then
				bad "$name: empty output"
			else
				ok
			fi
		}
		VENDORS=("" -X -J -e -b -B -N -n -K -K7 -U -u -j "-F %n/%l;%a-%A|%N|%m|%i\n")
		OBJS=("AS-TEST" "RS-TEST AS-D1 AS3333:AS-HIER" "AS-EMPTY")
		for v in "${VENDORS[@]}"; do
			for fam in -4 -6; do
				for o in "${OBJS[@]}"; do
					# shellcheck disable=SC2086
					real_client "$v $fam $o" $v $fam $o
				done
				if [ "$v" != -J ]; then
					real_client "$v $fam -A AS-TEST" $v $fam -A AS-TEST
					real_client "$v $fam -R AS2121" $v $fam -R $([ $fam = -4 ] && echo 26 || echo 40) AS2121
					real_client "$v $fam -r -R AS1103" $v $fam -r $([ $fam = -4 ] && echo 17 || echo 33) \
						-R $([ $fam = -4 ] && echo 24 || echo 48) AS1103
					real_client "$v $fam -A -R AS-TEST" $v $fam -A -R $([ $fam = -4 ] && echo 25 || echo 48) AS-TEST
				fi
			done
		done
		# Generations other than prefix lists.
		for v in "" -X -J -b -B -N -n -U -u -j; do
			real_client "$v -f 3333 AS-TEST" $v -f 3333 AS-TEST
			real_client "$v -f 1 AS-TEST" $v -f 1 AS-TEST
			real_client "$v -f 3333 AS-EMPTY" $v -f 3333 AS-EMPTY
			real_client "$v -f 3333 -W 2 AS-D1" $v -f 3333 -W 2 AS-D1
			real_client "$v -f 3333 -W 0 -p AS-TEST" $v -f 3333 -W 0 -p AS-TEST
		done
		for v in "" -X -J -B -N -n -U -u; do
			real_client "$v -G 3333 AS-TEST" $v -G 3333 AS-TEST
			real_client "$v -G 1103 AS-D1" $v -G 1103 AS-D1
			real_client "$v -G 9 -W 3 AS-TEST" $v -G 9 -W 3 AS-TEST
		done
		real_client "-J -H 3333 AS-TEST" -J -H 3333 AS-TEST
		real_client "-J -H 1 -W 2 AS-D1" -J -H 1 -W 2 AS-D1
		for v in -b -B -j; do
			real_client "$v -t AS-TEST" $v -t AS-TEST
			real_client "$v -t -W 3 AS-D1" $v -t -W 3 AS-D1
		done
		for fam in -4 -6; do
			for v in -J -B -N -n; do
				real_client "$v -E $fam AS-TEST" $v -E $fam AS-TEST
				real_client "$v -E $fam AS-EMPTY" $v -E $fam AS-EMPTY
			done
			real_client "-J -E -A $fam AS-TEST" -J -E -A $fam AS-TEST
			real_client "-J -z $fam -A AS-TEST" -J -z $fam -A AS-TEST
			real_client "-J -z $fam AS-EMPTY" -J -z $fam AS-EMPTY
			real_client "-B -E -A $fam AS1103" -B -E -A $fam AS1103
		done
		real_client "-E AS-TEST" -E AS-TEST
		real_client "-E -A AS1103 AS2121" -E -A AS1103 AS2121
		for v in "" -X -b -B -N -n -K -K7 -U -u -j; do
			real_client "$v -A AS1103 AS2121" $v -A AS1103 AS2121
			real_client "$v -6 -A AS1103 AS2121" $v -6 -A AS1103 AS2121
		done
		real_client "-E AS-EMPTY" -E AS-EMPTY
		real_client "-e -E -A AS-TEST" -e -E -A AS-TEST
		real_client "-J -E -l pol/term -M community blackhole" -J -E -A -l eltel/specifics -r 29 -R 32 \
			-M "community blackhole" AS2121
		real_client "-J -E -l pol" -J -E -l pol AS2121
		# Names, sequence numbers, maximum length, sources, SOURCE::, EXCEPT, depth.
		real_client "-l name -s" -l FOO-IN -s AS-TEST
		real_client "-s empty" -s AS-EMPTY
		real_client "-B -l name" -B -l as_test AS-TEST
		real_client "-B -a empty" -B -a 3333 AS-EMPTY
		real_client "-B empty" -B AS-EMPTY
		real_client "-m 24" -m 24 AS-TEST
		real_client "-6 -m 40" -6 -m 40 AS-TEST
		real_client "-m 32" -m 32 AS-TEST RS-TEST
		real_client "-A -m 25" -A -m 25 AS2121
		real_client "-S RADB" -S RADB AS-TEST
		real_client "-S RADB,RIPE" -S RADB,RIPE AS-TEST AS12654
		real_client "-S RIPE,RADB -f" -S RIPE,RADB -f 3333 AS-TEST
		real_client "-S RADB -f" -S RADB -f 3333 AS-TEST
		real_client "RADB::AS-TEST" RADB::AS-TEST
		real_client "RIPE::AS-TEST" RIPE::AS-TEST
		real_client "RIPE::AS-TEST -f" -f 3333 RIPE::AS-TEST
		real_client "RIPE::RS-TEST" RIPE::RS-TEST
		real_client "-6 RIPE::RS-TEST" -6 RIPE::RS-TEST
		real_client "EXCEPT" AS-TEST EXCEPT AS-SUB
		real_client "EXCEPT -f" -f 3333 AS-TEST EXCEPT AS-LOOP AS2121
		real_client "-L 1" -L 1 AS-D1
		real_client "-L 2 -f" -L 2 -f 3333 AS-D1
		real_client "-L 3" -L 3 AS-D1 AS-TEST
		real_client "-p" -p AS-TEST
		real_client "-p -6" -p -6 AS-TEST
		real_client "-p -f" -p -f 3333 AS-TEST
		real_client "-p AS65001" -p AS65001 AS4200000001 AS23456
		real_client "AS65001 refused" AS65001 AS2121
		real_client "RS-TEST -A" -A RS-TEST
		real_client "AS1103:RS-HIER" AS1103:RS-HIER
		real_client "prefix args" 192.0.2.0/24 10.0.0.0/20^- 172.16.0.0/12^16-17 10.1.0.0/16^16 AS3333
		real_client "prefix args -6" -6 2001:db8::/32^+ -m 34 2001:db8:1::/34
		real_client "prefix range -A" -A 10.0.0.0/22^+ 10.1.0.0/16^24-24
	fi
fi

# ---- (3) errors, exit statuses, hostile input --------------------------------
F="$M filter -q --rpsl $S"
status "no objects" 2 $F
status "no --rpsl" 2 "$M" filter AS112
status "bad object" 2 $F 'AS-FOO BAR'
grep -q "manrs: AS-FOO BAR: not an as-set name" "$T/err" && ok || bad "bad object message"
status "bad ASN" 2 $F AS12x
status "ASN too big" 2 $F AS4294967296
status "garbage object" 2 $F 'foo!'
status "bad source" 2 $F 'BAD SRC::AS-TEST'
status "bad range" 2 $F 10.0.0.0/8^x
status "wrong family prefix" 2 $F -6 10.0.0.0/8
status "-4 and -6" 2 $F -4 -6 AS3333
status "two vendors" 2 $F -J -b AS3333
status "two generations" 2 $F -E -f 1 AS3333
status "-A with Junos prefix-list" 2 $F -J -A AS3333
status "-f with -6" 2 $F -6 -f 1 AS3333
status "-7 without -K" 2 $F -7 AS3333
status "-n2 needs --compat 1.16" 2 $F -n2 AS3333
status "bad --compat" 2 $F --compat 2.0 AS3333
status "-m too long" 2 $F -m 33 AS3333
status "-r above -R" 2 $F -r 24 -R 20 AS3333
status "-L 0" 2 $F -L 0 AS-TEST
status "-F unknown sequence" 2 $F -F '%n/%x' AS3333
status "unknown option" 2 $F --frobnicate AS3333
status "--help" 0 "$M" filter --help
grep -q '^usage: manrs filter' "$T/out" && ok || bad "--help text"
status "missing file" 1 "$M" filter --rpsl "$T/nope" AS3333
[ -s "$T/out" ] && bad "missing file printed an answer" || ok
grep -q "manrs: $T/nope: " "$T/err" && ok || bad "missing file message"
: >"$T/empty"
status "empty file" 1 "$M" filter --rpsl "$T/empty" AS3333
[ -s "$T/out" ] && bad "empty file printed an answer" || ok
status "directory" 1 "$M" filter --rpsl "$T" AS3333
head -c 3000 /dev/urandom >"$T/garbage"
status "binary garbage" 1 "$M" filter --rpsl "$T/garbage" AS3333
status "unknown set" 3 $F AS-NOWHERE
grep -q 'sets not found (1): AS-NOWHERE' "$T/err" && ok || bad "unknown set message"
status "-e has sequence numbers: no AS-path filter" 2 $F -e -f 1 AS-TEST
status "private ASN refused" 3 $F -f 1 AS-TEST
grep -q 'AS numbers refused' "$T/err" && ok || bad "refused message"
status "plain AS" 0 $F AS3333
# A loop between sets is followed once: AS-TEST -> AS-SUB -> AS-LOOP -> AS-TEST.
printf '%s\n' 'no ip as-path access-list NN' \
	'ip as-path access-list NN permit ^1(_[0-9]+)*_(1103|2121|3333|12654|23456|65001|4200000001)$' >"$T/loop.exp"
same_file "loop" "$T/loop.exp" $F -f 1 -p -W 0 AS-LOOP
# A range that admits every more-specific prefix of a /1 is refused at
# the node cap, not allowed to exhaust memory; no partial filter is printed.
status "huge range" 1 $F -R 32 0.0.0.0/1^+
grep -q 'more than 2097152 prefixes: no filter printed' "$T/err" && ok || bad "huge range message"
[ -s "$T/out" ] && bad "huge range printed a filter" || ok
# Many loops and a deep chain of sets generated on the fly.
{
	for i in $(seq 1 400); do
		printf 'as-set: AS-L%d\nmembers: AS-L%d, AS-L1, AS%d\nmnt-by: TEST-MNT\nsource: TEST\n\n' "$i" $((i % 400 + 1)) $((i + 1000))
	done
} >"$T/loops.rpsl"
"$M" filter -q --rpsl "$T/loops.rpsl" -f 1 -W 0 AS-L7 >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 0 ] && [ "$(tr -cd '|' <"$T/out" | wc -c)" = 399 ] && ok || bad "400-set loop: exit $rc, $(wc -c <"$T/out") bytes"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
