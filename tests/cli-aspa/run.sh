#!/bin/bash
# Command-line tests of `manrs aspa verify`: verdicts on a small hierarchy
# (aspa.txt and the same data as rpki-client JSON in aspa.json), the
# --explain output, the neighbour check, AS_SET, prepends, several paths,
# and exit statuses and messages. Prints PASS/FAIL lines and
# "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
txt=$here/aspa.txt
json=$here/aspa.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# out NAME WANT-STDOUT WANT-EXIT COMMAND...: exact stdout and exit status
out() {
	local name=$1 want=$2 want_rc=$3
	shift 3
	local got rc
	got=$("$@" 2> "$tmp/err")
	rc=$?
	if [ "$got" = "$want" ] && [ "$rc" -eq "$want_rc" ]; then
		echo "PASS cli-aspa $name"
		pass=$((pass + 1))
	else
		echo "FAIL cli-aspa $name: exit $rc (want $want_rc), stdout:"
		printf '%s\n' "$got" | head -12
		head -3 "$tmp/err"
		fail=$((fail + 1))
	fi
}

# err NAME WANT-STDERR WANT-EXIT COMMAND...: exact stderr and exit status
err() {
	local name=$1 want=$2 want_rc=$3
	shift 3
	"$@" > /dev/null 2> "$tmp/err"
	local rc=$?
	if [ "$(cat "$tmp/err")" = "$want" ] && [ "$rc" -eq "$want_rc" ]; then
		echo "PASS cli-aspa $name"
		pass=$((pass + 1))
	else
		echo "FAIL cli-aspa $name: exit $rc (want $want_rc), stderr:"
		head -3 "$tmp/err"
		fail=$((fail + 1))
	fi
}

# err1 NAME WANT-FIRST-LINE WANT-EXIT COMMAND...: the first stderr line (the
# usage text follows it) and the exit status
err1() {
	local name=$1 want=$2 want_rc=$3
	shift 3
	"$@" > /dev/null 2> "$tmp/err"
	local rc=$?
	if [ "$(head -1 "$tmp/err")" = "$want" ] && [ "$rc" -eq "$want_rc" ]; then
		echo "PASS cli-aspa $name"
		pass=$((pass + 1))
	else
		echo "FAIL cli-aspa $name: exit $rc (want $want_rc), stderr:"
		head -3 "$tmp/err"
		fail=$((fail + 1))
	fi
}

# The hierarchy (aspa.txt): 64496, 64497 transit-free; 64498 -> 64496;
# 64499 -> 64496, 64497; 64500 -> 64498; 64501 -> 64499; 64502 no ASPA.
for f in "$txt" "$json"; do
	k=$(basename "$f")
	# Up all the way: authorized(64500, 64498) and (64498, 64496) are P+.
	out "$k: customer chain, upstream Valid" "Valid" 0 "$manrs" aspa verify --upstream --aspa "$f" "64496 64498 64500"
	# 64499 sends its provider 64496's route up to its other provider: the
	# hop authorized(64496, 64499) is Not Provider+: a leak.
	out "$k: hairpin leak, upstream Invalid" "Invalid" 0 "$manrs" aspa verify --upstream --aspa "$f" "64499 64496 64498 64500"
	# The same path at 64501, from its provider 64499, is what 64499 should send.
	out "$k: same path, downstream Valid" "Valid" 0 "$manrs" aspa verify --downstream --aspa "$f" "64499 64496 64498 64500"
	# 64502 has no ASPA: authorized(64502, 64498) is No Attestation.
	out "$k: unattested hop, upstream Unknown" "Unknown" 0 "$manrs" aspa verify --upstream --aspa "$f" "64498 64502"
done

# A valley: 64500 -> 64498 -> 64496 up, down to 64499, then up to 64497.
out "valley: downstream Invalid" "Invalid" 0 "$manrs" aspa verify --downstream --aspa "$txt" "64497 64499 64496 64498 64500"
out "prepends collapse" "Valid" 0 "$manrs" aspa verify --upstream --aspa "$txt" "64496 64496 64498 64500 64500 64500"
out "AS and asdot notation" "Valid" 0 "$manrs" aspa verify --upstream --aspa "$txt" "AS64496 0.64498 AS64500"
out "AS_SET: Invalid" "Invalid" 0 "$manrs" aspa verify --downstream --aspa "$txt" "64496 {64498,64500}"
out "confederation segments left out" "Valid" 0 "$manrs" aspa verify --upstream --aspa "$txt" "(64512 64513) 64496 64498 64500"
out "single AS: Valid" "Valid" 0 "$manrs" aspa verify --upstream --aspa "$txt" "64502"
out "empty path: Invalid" "Invalid" 0 "$manrs" aspa verify --upstream --aspa "$txt" ""
out "--neighbor matches" "Valid" 0 "$manrs" aspa verify --upstream --neighbor 64496 --aspa "$txt" "64496 64498 64500"
out "--neighbor differs: Invalid" "Invalid" 0 "$manrs" aspa verify --upstream --neighbor AS64497 --aspa "$txt" "64496 64498 64500"
out "several paths, one verdict each" "$(printf 'Valid\nInvalid\nUnknown')" 0 \
	"$manrs" aspa verify --upstream --aspa "$txt" "64496 64498 64500" "64499 64496" "64498 64502"
# Two files merge: the second gives 64502 the provider 64498.
printf '64502: 64498\n' > "$tmp/more.txt"
out "two --aspa files merge" "Valid" 0 "$manrs" aspa verify --upstream --aspa "$txt" --aspa "$tmp/more.txt" "64498 64502"

out "--explain, upstream" "Invalid
  N = 4: A(1)=64500 A(2)=64498 A(3)=64496 A(4)=64499
  A(1)-A(2): up authorized(64500, 64498) = Provider+; down authorized(64498, 64500) = Not Provider+
  A(2)-A(3): up authorized(64498, 64496) = Provider+; down authorized(64496, 64498) = Not Provider+
  A(3)-A(4): up authorized(64496, 64499) = Not Provider+; down authorized(64499, 64496) = Provider+
  max_up_ramp = 3, min_up_ramp = 3, max_down_ramp = 2, min_down_ramp = 2
  upstream: max_up_ramp 3 < N 4: Invalid" 0 \
	"$manrs" aspa verify --upstream --explain --aspa "$txt" "64499 64496 64498 64500"
out "--explain, downstream Unknown" "Unknown
  N = 3: A(1)=64502 A(2)=64503 A(3)=64504
  A(1)-A(2): up authorized(64502, 64503) = No Attestation; down authorized(64503, 64502) = No Attestation
  A(2)-A(3): up authorized(64503, 64504) = No Attestation; down authorized(64504, 64503) = No Attestation
  max_up_ramp = 3, min_up_ramp = 1, max_down_ramp = 3, min_down_ramp = 1
  downstream: max_up_ramp + max_down_ramp = 6 >= N, min_up_ramp + min_down_ramp = 2 < N 3: Unknown" 0 \
	"$manrs" aspa verify --downstream --explain --aspa "$txt" "64504 64503 64503 64502"
out "--explain, AS_SET" "Invalid
  draft-ietf-sidrops-aspa-verification-16: the AS_PATH has an AS_SET" 0 \
	"$manrs" aspa verify --upstream --explain --aspa "$txt" "64496 {64498}"

# Damaged ASPA data: the good records load, the verdict is printed, exit 3.
printf '64500: 64498\nnot a record\n64501: x\n' > "$tmp/bad.txt"
out "skipped ASPA records: verdict, exit 3" "Valid" 3 "$manrs" aspa verify --upstream --aspa "$tmp/bad.txt" "64498 64500"
err "skipped ASPA records: message" "manrs: $tmp/bad.txt: line 2: no ':' after the customer AS (2 of 3 records skipped)" 3 \
	"$manrs" aspa verify --upstream --aspa "$tmp/bad.txt" "64498 64500"
err "-q: no message" "" 3 "$manrs" aspa verify -q --upstream --aspa "$tmp/bad.txt" "64498 64500"
printf '{"aspas": [' > "$tmp/bad.json"
"$manrs" aspa verify --upstream --aspa "$tmp/bad.json" "64498 64500" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "^manrs: $tmp/bad.json: " "$tmp/err"; then
	echo "PASS cli-aspa broken JSON: exit 1, message, no verdict"; pass=$((pass + 1))
else
	echo "FAIL cli-aspa broken JSON: exit $rc"; cat "$tmp/err"; fail=$((fail + 1))
fi
err "missing file: exit 1" "manrs: $tmp/no-such-file: No such file or directory" 1 \
	"$manrs" aspa verify --upstream --aspa "$tmp/no-such-file" "64498 64500"
err "bad PATH: exit 2" "manrs aspa verify: PATH '64498 64500,1': ',' outside a set" 2 \
	"$manrs" aspa verify --upstream --aspa "$txt" "64498 64500,1"
err1 "no direction: exit 2" "manrs aspa verify: give --upstream or --downstream" 2 \
	"$manrs" aspa verify --aspa "$txt" 64498
err1 "both directions: exit 2" "manrs aspa verify: give one of --upstream and --downstream" 2 \
	"$manrs" aspa verify --upstream --downstream --aspa "$txt" 64498
err1 "no --aspa: exit 2" "manrs aspa verify: give --aspa FILE" 2 "$manrs" aspa verify --upstream 64498
err1 "no PATH: exit 2" "manrs aspa verify: give a PATH" 2 "$manrs" aspa verify --upstream --aspa "$txt"
err "bad --neighbor: exit 2" "manrs aspa verify: --neighbor 'x' is not an AS number" 2 \
	"$manrs" aspa verify --upstream --neighbor x --aspa "$txt" 64498

"$manrs" aspa --help > "$tmp/help"
rc=$?
if [ $rc -eq 0 ] && grep -q '^usage: manrs aspa verify (--upstream | --downstream)' "$tmp/help" &&
	grep -q 'draft-ietf-sidrops-aspa-verification-16' "$tmp/help"; then
	echo "PASS cli-aspa aspa --help"; pass=$((pass + 1))
else
	echo "FAIL cli-aspa aspa --help"; fail=$((fail + 1))
fi
"$manrs" help aspa > /dev/null
rc=$?
if [ $rc -eq 0 ]; then echo "PASS cli-aspa help aspa"; pass=$((pass + 1)); else echo "FAIL cli-aspa help aspa"; fail=$((fail + 1)); fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
