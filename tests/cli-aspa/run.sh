#!/bin/bash
# Command-line tests of `manrs aspa verify`: verdicts on a small hierarchy
# (aspa.txt and the same data as rpki-client JSON in aspa.json), the
# --explain output, the neighbour check, AS_SET, AS 0, confederation
# segments, prepends, several paths, SLURM (slurm-v2.json), bulk mode from
# stdin and MRT (cross-checked path by path against oracle.py, an
# independent reading of the draft), JSON, and exit statuses and messages.
# Prints PASS/FAIL lines and "N passed, N failed".
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
printf "64496: 64497\n64497: 64498\n" > "$tmp/pipe.txt"

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
out "leading confederation segments removed" "Valid" 0 "$manrs" aspa verify --upstream --aspa "$txt" "(64512 64513) 64496 64498 64500"
# RFC 5065 section 5: a confederation segment after an AS_SEQUENCE is malformed.
out "later confederation segment: Invalid" "Invalid" 0 "$manrs" aspa verify --upstream --aspa "$txt" "64496 (64512) 64498 64500"
# RFC 7607: AS 0 makes the AS_PATH malformed, even where every pair is fine.
out "AS 0 in the path: Invalid" "Invalid" 0 "$manrs" aspa verify --downstream --aspa "$txt" "64496 0"
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
  N = 4: AS(1)=64500 AS(2)=64498 AS(3)=64496 AS(4)=64499
  AS(1)-AS(2): up authorized(64500, 64498) = Provider+; down authorized(64498, 64500) = Not Provider+
  AS(2)-AS(3): up authorized(64498, 64496) = Provider+; down authorized(64496, 64498) = Not Provider+
  AS(3)-AS(4): up authorized(64496, 64499) = Not Provider+; down authorized(64499, 64496) = Provider+
  max_up_ramp = 3, min_up_ramp = 3, max_down_ramp = 2, min_down_ramp = 2
  upstream (5.4 step 4): max_up_ramp 3 < N 4: Invalid" 0 \
	"$manrs" aspa verify --upstream --explain --aspa "$txt" "64499 64496 64498 64500"
out "--explain, downstream Unknown" "Unknown
  N = 3: AS(1)=64502 AS(2)=64503 AS(3)=64504
  AS(1)-AS(2): up authorized(64502, 64503) = No Attestation; down authorized(64503, 64502) = No Attestation
  AS(2)-AS(3): up authorized(64503, 64504) = No Attestation; down authorized(64504, 64503) = No Attestation
  max_up_ramp = 3, min_up_ramp = 1, max_down_ramp = 3, min_down_ramp = 1
  downstream (5.5 step 5): max_up_ramp + max_down_ramp = 6 >= N, min_up_ramp + min_down_ramp = 2 < N 3: Unknown" 0 \
	"$manrs" aspa verify --downstream --explain --aspa "$txt" "64504 64503 64503 64502"
out "--explain, AS_SET" "Invalid
  draft-ietf-sidrops-aspa-verification-27 sections 5.4/5.5 step 3: the AS_PATH has an AS_SET" 0 \
	"$manrs" aspa verify --upstream --explain --aspa "$txt" "64496 {64498}"
out "--explain, AS 0" "Invalid
  RFC 7607 section 2: AS 0 in the AS_PATH (malformed)" 0 \
	"$manrs" aspa verify --upstream --explain --aspa "$txt" "64496 {64498} 0"
out "--explain, confederation segment from outside" "Invalid
  RFC 5065 section 5: a confederation segment after an AS_SEQUENCE or AS_SET (malformed AS_PATH)" 0 \
	"$manrs" aspa verify --upstream --explain --aspa "$txt" "64496 [64512,64513] 64498"

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

# ---- SLURM (RFC 8416 with the ASPA members of draft-ietf-sidrops-aspa-slurm)
# slurm-v2.json filters 64498 and 64500, asserts 64500 -> 64499 and
# 64502 -> 64498. Without it: Valid Invalid Unknown Valid. With it:
# "64496 64498 64500": authorized(64500, 64498) is now Not Provider+: Invalid;
# "64499 64500": authorized(64500, 64499) Provider+: Valid; "64498 64502":
# Provider+: Valid; "64496 64498": 64498 unattested: Unknown.
slurm=$here/slurm-v2.json
four=("64496 64498 64500" "64499 64500" "64498 64502" "64496 64498")
out "without --slurm" "$(printf 'Valid\nInvalid\nUnknown\nValid')" 0 "$manrs" aspa verify --upstream --aspa "$txt" "${four[@]}"
out "--slurm: filters, then assertions" "$(printf 'Invalid\nValid\nValid\nUnknown')" 0 \
	"$manrs" aspa verify -q --upstream --aspa "$txt" --slurm "$slurm" "${four[@]}"
err "--slurm: what it did" "manrs: SLURM: 2 ASPA filters applied, 2 ASPA assertions added" 0 \
	"$manrs" aspa verify --upstream --aspa "$txt" --slurm "$slurm" "64496"
# The same file twice overlaps (RFC 8416 section 4.2): none is used, exit 1.
err "--slurm: overlapping files, exit 1" "manrs: RFC 8416 section 4.2: files 1 and 2 overlap (198.51.100.0/24 and 198.51.100.0/24); none of them is used" 1 \
	"$manrs" aspa verify --upstream --aspa "$txt" --slurm "$slurm" --slurm "$slurm" "64496"
sed 's/"slurmVersion": 2/"slurmVersion": 1/' "$slurm" > "$tmp/v1.json"
err "--slurm: ASPA members in version 1, exit 1" "manrs: $tmp/v1.json: RFC 8416 section 3.2: ASPA members need slurmVersion 2 (draft-ietf-sidrops-aspa-slurm); no SLURM file is used (RFC 8416 section 4.1)" 1 \
	"$manrs" aspa verify --upstream --aspa "$txt" --slurm "$tmp/v1.json" "64496"

# ---- unreadable inputs: exit 1, one message naming the file once, no verdict
: > "$tmp/empty"
mkdir "$tmp/dir"
for opt in aspa slurm mrt; do
	for f in empty dir missing; do
		case $f in
		empty) why="empty file" ;;
		dir) why="Is a directory" ;;
		missing) why="No such file or directory" ;;
		esac
		if [ $opt = aspa ]; then
			args=(--aspa "$tmp/$f" 64496)
		elif [ $opt = slurm ]; then
			args=(--aspa "$txt" --slurm "$tmp/$f" 64496)
		else
			args=(--aspa "$txt" --mrt "$tmp/$f")
		fi
		"$manrs" aspa verify --upstream "${args[@]}" > "$tmp/out" 2> "$tmp/err"
		rc=$?
		if [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "manrs: $tmp/$f: $why" ]; then
			echo "PASS cli-aspa --$opt $f: exit 1, one message"; pass=$((pass + 1))
		else
			echo "FAIL cli-aspa --$opt $f: exit $rc"; cat "$tmp/out" "$tmp/err"; fail=$((fail + 1))
		fi
	done
done
printf 'not mrt at all\n' | gzip > "$tmp/text.gz"
err "--mrt: not MRT, exit 1" "manrs: $tmp/text.gz: not an MRT file (RFC 6396: no known record type at the start)" 1 \
	"$manrs" aspa verify --upstream --aspa "$txt" --mrt "$tmp/text.gz"

# ---- bulk mode from stdin: one path a line, counts per verdict
printf '64496 64498 64500\n\n# a comment\n64499 64496 64498 64500\r\n64498 64502\n64496 0\n64496 64498,\n{64496\n' > "$tmp/paths"
out "stdin: counts, skipped lines, exit 3" "upstream: 4 paths: 1 Valid, 2 Invalid, 1 Unknown; 2 skipped
skipped 1: not an AS path: ',' outside a set
skipped 1: not an AS path: a set or confederation segment is not closed" 3 \
	"$manrs" aspa verify -q --upstream --aspa "$txt" - < "$tmp/paths"
err "stdin: skipped lines named" "manrs: (stdin): line 7: not an AS path: ',' outside a set; skipped
manrs: (stdin): line 8: not an AS path: a set or confederation segment is not closed; skipped" 3 \
	sh -c '"$1" aspa verify --upstream --aspa "$2" - < "$3" 2>&1 >/dev/null | grep "(stdin)" >&2; exit 3' sh "$manrs" "$txt" "$tmp/paths"
out "stdin: -v, one line a path" "Valid	64496 64498 64500
Invalid	64499 64496 64498 64500
Unknown	64498 64502
Invalid	64496 0
upstream: 4 paths: 1 Valid, 2 Invalid, 1 Unknown; 2 skipped
skipped 1: not an AS path: ',' outside a set
skipped 1: not an AS path: a set or confederation segment is not closed" 3 \
	"$manrs" aspa verify -q -v --upstream --aspa "$txt" - < "$tmp/paths"
out "stdin: --json counts" '{"draft":"draft-ietf-sidrops-aspa-verification-27","procedure":"downstream","paths":4,"valid":3,"invalid":1,"unknown":0,"skipped":2,"skipped_reasons":[{"reason":"not an AS path: '"','"' outside a set","count":1},{"reason":"not an AS path: a set or confederation segment is not closed","count":1}]}' 3 \
	"$manrs" aspa verify -q --downstream --json --aspa "$txt" - < "$tmp/paths"
printf '64499 64496 64498 64500\n64496 0\n' > "$tmp/two"
out "stdin: --json -v, per path" '{"draft":"draft-ietf-sidrops-aspa-verification-27","procedure":"upstream","results":[{"path":"64499 64496 64498 64500","line":1,"verdict":"Invalid","procedure":"upstream","n":4,"max_up_ramp":3,"min_up_ramp":3},{"path":"64496 0","line":2,"verdict":"Invalid","procedure":"upstream","reason":"RFC 7607 section 2: AS 0 in the AS_PATH (malformed)"}],"paths":2,"valid":0,"invalid":2,"unknown":0,"skipped":0,"skipped_reasons":[]}' 0 \
	"$manrs" aspa verify -q --upstream --json -v --aspa "$txt" - < "$tmp/two"
out "PATH mode --json" '{"draft":"draft-ietf-sidrops-aspa-verification-27","procedure":"downstream","results":[{"path":"64496 64498","neighbor":64496,"verdict":"Valid","procedure":"downstream","n":2,"max_up_ramp":2,"min_up_ramp":2,"max_down_ramp":1,"min_down_ramp":1}],"paths":1,"valid":1,"invalid":0,"unknown":0,"skipped":0,"skipped_reasons":[]}' 0 \
	"$manrs" aspa verify --downstream --json --neighbor 64496 --aspa "$txt" "64496 64498"
err1 "PATH with --mrt: exit 2" "manrs aspa verify: PATH arguments do not go with --mrt (give '-' to read stdin too)" 2 \
	"$manrs" aspa verify --upstream --aspa "$txt" --mrt "$root/data/mrt/ris-rrc00-bview.20020722.2337.gz" 64496
err1 "--neighbor in bulk mode: exit 2" "manrs aspa verify: --neighbor is for PATH arguments (MRT input has each route's peer AS)" 2 \
	"$manrs" aspa verify --upstream --neighbor 64496 --aspa "$txt" -
err1 "stdin twice: exit 2" "manrs aspa verify: stdin cannot hold both the paths and a file" 2 \
	"$manrs" aspa verify --upstream --aspa - -

# ---- bulk mode from MRT, with each route's peer AS as its neighbour.
# aspa-2002.txt puts real ASes of the RIB in the table; every verdict is
# compared with oracle.py's on `manrs mrt dump` of the same file.
rib=$root/data/mrt/ris-rrc00-bview.20020722.2337.gz
upd=$root/data/mrt/bgpdump-updates.20160811.1600.gz
a2002=$here/aspa-2002.txt
out "MRT RIB upstream: counts" "upstream: 115521 paths: 370 Valid, 110197 Invalid, 4954 Unknown; 0 skipped" 0 \
	"$manrs" aspa verify -q --upstream --aspa "$a2002" --mrt "$rib"
out "MRT RIB downstream: counts" "downstream: 115521 paths: 28350 Valid, 2038 Invalid, 85133 Unknown; 0 skipped" 0 \
	"$manrs" aspa verify -q --downstream --aspa "$a2002" --mrt "$rib"
out "MRT, two files: counts add up" "downstream: 154777 paths: 28715 Valid, 2186 Invalid, 123876 Unknown; 0 skipped" 0 \
	"$manrs" aspa verify -q --downstream --aspa "$a2002" --mrt "$rib" --mrt "$upd"
out "MRT -v: a route's line" "Invalid	1853 1239 4637 9225 17676	220.63.0.0/16	peer AS1853" 0 \
	sh -c '"$1" aspa verify -q --upstream -v --aspa "$2" --mrt "$3" | grep -P "\t" | tail -1' sh "$manrs" "$a2002" "$rib"
if command -v python3 > /dev/null; then
	for f in "$rib" "$upd"; do
		for d in upstream downstream; do
			"$manrs" mrt dump "$f" | python3 "$here/oracle.py" "$a2002" $d > "$tmp/oracle"
			"$manrs" aspa verify -q --$d -v --aspa "$a2002" --mrt "$f" | grep -P '\t' | cut -f1 > "$tmp/ours"
			if [ -s "$tmp/oracle" ] && cmp -s "$tmp/oracle" "$tmp/ours"; then
				echo "PASS cli-aspa oracle agrees on every path: $(basename "$f") $d ($(wc -l < "$tmp/ours") paths)"
				pass=$((pass + 1))
			else
				echo "FAIL cli-aspa oracle disagrees: $(basename "$f") $d"
				diff "$tmp/oracle" "$tmp/ours" | head -5
				fail=$((fail + 1))
			fi
		done
	done
fi
out "MRT cut short: counted, exit 3" "upstream: 464 paths: 0 Valid, 209 Invalid, 255 Unknown; 1 skipped
skipped 1: MRT: the file ends inside a record" 3 \
	"$manrs" aspa verify -q --upstream --aspa "$a2002" --mrt "$root/data/mrt/truncated/bgpdump-updates.20020722.2238.first6000.gz"

"$manrs" aspa --help > "$tmp/help"
rc=$?
if [ $rc -eq 0 ] && grep -q '^usage: manrs aspa verify (--upstream | --downstream)' "$tmp/help" &&
	grep -q 'draft-ietf-sidrops-aspa-verification-27' "$tmp/help" &&
	grep -q -- '--mrt FILE' "$tmp/help" && grep -q -- '--slurm FILE' "$tmp/help"; then
	echo "PASS cli-aspa aspa --help"; pass=$((pass + 1))
else
	echo "FAIL cli-aspa aspa --help"; fail=$((fail + 1))
fi
"$manrs" help aspa > /dev/null
rc=$?
if [ $rc -eq 0 ]; then echo "PASS cli-aspa help aspa"; pass=$((pass + 1)); else echo "FAIL cli-aspa help aspa"; fail=$((fail + 1)); fi

# ---- ASPA data from a pipe: sniffed from the open stream, read once
out "--aspa /dev/stdin (text, a pipe)" "Valid" 0 \
	sh -c 'cat "$2" | "$1" aspa verify --upstream --aspa /dev/stdin "64497 64496"' sh "$manrs" "$tmp/pipe.txt"
out "--aspa - (gzip text on stdin)" "Valid" 0 \
	sh -c 'gzip -c "$2" | "$1" aspa verify --upstream --aspa - "64497 64496"' sh "$manrs" "$tmp/pipe.txt"
out "--aspa /dev/stdin (JSON, a pipe)" "Invalid" 0 \
	sh -c 'cat "$2" | "$1" aspa verify --upstream --aspa /dev/stdin "64499 64496 64498 64500"' sh "$manrs" "$json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
