#!/bin/bash
# Command-line tests of lib/input and lib/log as every command sees them:
# a damaged compressed file followed by a file that logs a warning (a
# heap use after free under ASan before the logger owned its reasons),
# gzip with trailing zero padding, and unreadable inputs named once in
# each command's message. Inputs are built at test time from data/.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
manrs=$(cd "$(dirname "$manrs")" && pwd)/$(basename "$manrs")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { echo "PASS cli-input $1"; pass=$((pass + 1)); }
ko() { echo "FAIL cli-input $1"; fail=$((fail + 1)); }

# run NAME STATUS COMMAND...: the exit status is STATUS; output in $tmp/out, $tmp/err
run() {
	local name=$1 want=$2
	shift 2
	"$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$name (exit $rc)"
	else
		ko "$name: exit $rc, expected $want"
		head -3 "$tmp/err"
	fi
}

# has NAME FILE LINE: FILE contains exactly this line
has() {
	if grep -qxF -- "$3" "$2"; then ok "$1"; else ko "$1: no line '$3'"; head -5 "$2"; fi
}

# ---- a damaged compressed stream, then a file that logs a warning ---------
# 16 bytes flipped in the middle of a bzip2 MRT file: its block fails the
# CRC. The next file (a cut gzip) logs warnings with other reasons, looked
# up past the first file's closed input.
python3 - "$root/data/mrt/rv-jinx-updates.1427846400.bz2" "$tmp/damaged.bz2" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
for i in range(len(d) // 2, len(d) // 2 + 16):
    d[i] ^= 0x55
open(sys.argv[2], "wb").write(d)
PY
cut=$root/data/mrt/truncated/bgpdump-updates.20020722.2238.first6000.gz
for sub in stats dump; do
	run "mrt $sub: damaged bzip2 then a cut gzip" 3 "$manrs" mrt $sub "$tmp/damaged.bz2" "$cut"
	has "mrt $sub: damaged bzip2 reported" "$tmp/err" "manrs: $tmp/damaged.bz2: bzip2: corrupt data (bzip2 input)"
	has "mrt $sub: the next file's warning" "$tmp/err" \
		"manrs: $cut: gzip: compressed stream truncated (no end-of-member marker) (gzip input)"
done
# The same reason again after the damaged file's input is closed.
run "mrt stats: damaged bzip2 twice" 3 "$manrs" mrt stats "$tmp/damaged.bz2" "$cut" "$tmp/damaged.bz2"
n=$(grep -c 'bzip2: corrupt data (bzip2 input)$' "$tmp/err")
if [ "$n" = 2 ]; then ok "mrt stats: damaged bzip2 reported twice"; else ko "mrt stats: reported $n times"; fi

# ---- gzip with trailing zero padding ----------------------------------------
# gzip -t accepts zero bytes after the last member; so does every reader.
vrps=$root/data/rpki/rpkilog_roa_test.routinator_jsonext.json
gzip -c "$vrps" > "$tmp/vrps.json.gz"
head -c 4096 /dev/zero >> "$tmp/vrps.json.gz"
if gzip -t "$tmp/vrps.json.gz" 2> /dev/null; then ok "gzip -t accepts the padded file"; else ko "gzip -t rejects the padded file"; fi
run "rov: padded gzip VRP set" 0 "$manrs" rov --vrps "$tmp/vrps.json.gz" 1.0.0.0/24 13335
has "rov: padded gzip VRP set: answer" "$tmp/out" "1.0.0.0/24 13335 valid"
has "rov: padded gzip VRP set: both VRPs" "$tmp/err" \
	"manrs rov: $tmp/vrps.json.gz: Routinator jsonext, 2 VRPs, 0 ASPAs, 0 skipped"
# Two members, then padding.
{ gzip -dc "$cut" 2> /dev/null | head -c 3000 | gzip -c; gzip -dc "$cut" 2> /dev/null | tail -c +3001 | gzip -c; head -c 100 /dev/zero; } > "$tmp/two.gz"
gzip -dc "$cut" 2> /dev/null > "$tmp/plain"
"$manrs" mrt dump "$tmp/plain" > "$tmp/want" 2> /dev/null
run "mrt dump: two members and padding" 3 "$manrs" mrt dump "$tmp/two.gz"
if cmp -s "$tmp/want" "$tmp/out" && [ -s "$tmp/out" ]; then ok "mrt dump: two members and padding: same elements"; else ko "mrt dump: two members: output differs"; fi
if grep -q 'gzip' "$tmp/err"; then ko "mrt dump: two members: a gzip error"; else ok "mrt dump: two members: no gzip error"; fi
# Padding then anything else is still an error.
{ gzip -c "$vrps"; head -c 10 /dev/zero; printf 'x'; } > "$tmp/junk.gz"
run "rov: data after the padding" 1 "$manrs" rov --vrps "$tmp/junk.gz" 1.0.0.0/24 13335
has "rov: data after the padding: message" "$tmp/err" \
	"manrs: $tmp/junk.gz: gzip: data after the zero padding that follows the last member (gzip input)"

# ---- unreadable inputs: the file named once ---------------------------------
mkdir "$tmp/dir"
d=$tmp/dir
check_once() {
	local name=$1 want=$2
	shift 2
	"$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if grep -qF "$d: $d" "$tmp/err"; then
		ko "$name: file named twice: $(grep -F "$d: $d" "$tmp/err" | head -1)"
	elif grep -qxF -- "$want" "$tmp/err" && [ "$rc" -eq 1 ]; then
		ok "$name: named once (exit 1)"
	else
		ko "$name: exit $rc, expected 1 and '$want'"
		head -3 "$tmp/err"
	fi
}
check_once "mrt stats DIR" "manrs: $d: Is a directory" "$manrs" mrt stats "$d"
check_once "mrt dump DIR" "manrs: $d: Is a directory" "$manrs" mrt dump "$d"
check_once "rov --vrps DIR" "manrs: $d: Is a directory" "$manrs" rov --vrps "$d" 1.0.0.0/8 1
check_once "rov --routes DIR" "manrs: $d: Is a directory" "$manrs" rov --vrps "$vrps" --routes "$d"
check_once "rov --slurm DIR" "manrs: $d: Is a directory; no SLURM file is used (RFC 8416 section 4.1)" \
	"$manrs" rov --vrps "$vrps" --slurm "$d" 1.0.0.0/8 1
check_once "aspa verify --aspa DIR" "manrs: $d: Is a directory" "$manrs" aspa verify --upstream --aspa "$d" "1 2"
check_once "irr --rpsl DIR" "manrs: $d: Is a directory" "$manrs" irr origin AS1 --rpsl "$d"
check_once "refdata bogon --bogons DIR" "manrs: $d: Is a directory" "$manrs" refdata bogon 1.1.1.1 --bogons "$d"
check_once "mrt stats missing" "manrs: $d/none: No such file or directory" "$manrs" mrt stats "$d/none"
check_once "rov --vrps missing" "manrs: $d/none: No such file or directory" "$manrs" rov --vrps "$d/none" 1.0.0.0/8 1

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
