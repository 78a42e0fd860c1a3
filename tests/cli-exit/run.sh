#!/bin/bash
# Exit statuses of every manrs command that reads an input file, on inputs
# that cannot be loaded: a missing file, an empty file, a directory (and,
# for the reference-data options, a file of another kind). Each must exit 1,
# print nothing on stdout (no answer from a failed load) and say why on
# stderr. Commands whose owners have not fixed a case yet are listed in
# KNOWN below: their rows still print FAIL and count as failed.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# `manrs irr` names its dump option --db or (renamed) --rpsl.
# (Not `| grep -q`: under pipefail, grep quitting early can fail the pipe.)
if [[ "$("$manrs" irr --help 2>&1)" == *--rpsl* ]]; then irr=--rpsl; else irr=--db; fi

# Rows known to fail, by name prefix, with the owner of the command.
declare -A KNOWN=()

missing=$tmp/missing
empty=$tmp/empty
dir=$tmp/dir
notes=$tmp/notes.txt
: > "$empty"
mkdir "$dir"
printf 'hello, world\n' > "$notes"
data=$root/data/refdata
asrel=$data/asrel/20140101.as-rel.txt.gz
stats=$data/rir/nro-testdata-2019-09-apnic.txt

# refuse NAME COMMAND...: exit 1, nothing on stdout, a reason on stderr.
refuse() {
	local name=$1
	shift
	"$@" > "$tmp/out" 2> "$tmp/err" < /dev/null
	local rc=$? why=""
	[ "$rc" -eq 1 ] || why="exit $rc"
	[ -s "$tmp/out" ] && why="${why:+$why, }$(wc -l < "$tmp/out") lines on stdout"
	[ -s "$tmp/err" ] || why="${why:+$why, }nothing on stderr"
	if [ -z "$why" ]; then
		echo "PASS exit $name"
		pass=$((pass + 1))
		return
	fi
	local k owner=""
	for k in "${!KNOWN[@]}"; do
		[[ "$name" == "$k"* ]] && owner=${KNOWN[$k]}
	done
	if [ -n "$owner" ]; then
		echo "FAIL exit $name: $why (known failure, owned by $owner)"
	else
		echo "FAIL exit $name: $why"
		head -3 "$tmp/out" "$tmp/err"
	fi
	fail=$((fail + 1))
}

# Every command with an input file, the input last so each case appends it.
run_cases() { # NAME-PREFIX COMMAND... (the bad input is appended)
	local name=$1
	shift
	refuse "$name: missing file" "$@" "$missing"
	refuse "$name: empty file" "$@" "$empty"
	refuse "$name: directory" "$@" "$dir"
}

run_cases "mrt dump" "$manrs" mrt dump
run_cases "mrt dump -m" "$manrs" mrt dump -m
run_cases "mrt stats" "$manrs" mrt stats
run_cases "rov --vrps" "$manrs" rov 192.0.2.0/24 64496 --vrps
run_cases "rov --routes" "$manrs" rov --vrps "$root/data/rpki/stayrtr_smalltest.rpki.json" --routes
run_cases "aspa verify --aspa" "$manrs" aspa verify --upstream "64496 64497" --aspa
run_cases "irr route $irr" "$manrs" irr route 192.0.2.0/24 "$irr"
run_cases "irr origin $irr" "$manrs" irr origin AS64496 "$irr"
run_cases "irr expand $irr" "$manrs" irr expand AS-FOO "$irr"
run_cases "refdata check" "$manrs" refdata check
run_cases "refdata rir --stats" "$manrs" refdata rir AS1 --stats
run_cases "refdata bogon --bogons" "$manrs" refdata bogon 10.0.0.0/8 --bogons
run_cases "refdata bogon --stats" "$manrs" refdata bogon AS5536 --stats
run_cases "refdata asrel --asrel" "$manrs" refdata asrel 1 --asrel
run_cases "refdata valley --asrel" "$manrs" refdata valley "3356 3549" --asrel
run_cases "refdata peeringdb --peeringdb" "$manrs" refdata peeringdb 13335 --peeringdb
run_cases "refdata spoofer --spoofer" "$manrs" refdata spoofer AS1 --spoofer

# A file of another kind, or no kind, given to a reference-data option.
refuse "refdata rir --stats: not stats" "$manrs" refdata rir AS1 --stats "$notes"
refuse "refdata rir --stats: a relationships file" "$manrs" refdata rir AS1 --stats "$asrel"
refuse "refdata bogon --bogons: not a prefix list" "$manrs" refdata bogon 10.0.0.0/8 --bogons "$notes"
refuse "refdata bogon --bogons: a stats file" "$manrs" refdata bogon 10.0.0.0/8 --bogons "$stats"
refuse "refdata asrel --asrel: not relationships" "$manrs" refdata asrel 1 --asrel "$notes"
refuse "refdata asrel --asrel: a stats file" "$manrs" refdata asrel 1 --asrel "$stats"
refuse "refdata valley --asrel: a stats file" "$manrs" refdata valley "3356 3549" --asrel "$stats"
refuse "refdata peeringdb --peeringdb: not JSON" "$manrs" refdata peeringdb 13335 --peeringdb "$notes"
refuse "refdata peeringdb --peeringdb: a relationships file" "$manrs" refdata peeringdb 13335 --peeringdb "$asrel"
printf '{"meta": {}}\n' > "$tmp/meta.json"
refuse "refdata peeringdb --peeringdb: JSON without data" "$manrs" refdata peeringdb 13335 --peeringdb "$tmp/meta.json"
printf '{"data": [{"id": 1, "asn": 13335, "irr_as_set": ""}' > "$tmp/cut.json"
refuse "refdata peeringdb --peeringdb: JSON cut short" "$manrs" refdata peeringdb 13335 --peeringdb "$tmp/cut.json"
refuse "refdata spoofer --spoofer: not Spoofer" "$manrs" refdata spoofer AS1 --spoofer "$notes"
refuse "refdata spoofer --spoofer: a stats file" "$manrs" refdata spoofer AS1 --spoofer "$stats"
# One bad file among good ones still fails the whole lookup.
refuse "refdata asrel: a good file and a missing one" "$manrs" refdata asrel 3356 --asrel "$asrel" --asrel "$missing"

# The messages name the file once.
"$manrs" refdata asrel 1 --asrel "$missing" 2> "$tmp/err" > /dev/null
if [ "$(cat "$tmp/err")" = "manrs: $missing: No such file or directory" ]; then
	echo "PASS exit refdata: a missing file is named once"
	pass=$((pass + 1))
else
	echo "FAIL exit refdata: a missing file is named once: $(cat "$tmp/err")"
	fail=$((fail + 1))
fi
"$manrs" refdata peeringdb 1 --peeringdb "$empty" 2> "$tmp/err" > /dev/null
if [ "$(cat "$tmp/err")" = "manrs: $empty: empty file" ]; then
	echo "PASS exit refdata: an empty file is named once"
	pass=$((pass + 1))
else
	echo "FAIL exit refdata: an empty file is named once: $(cat "$tmp/err")"
	fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
