#!/bin/bash
# Command-line tests of M8 (MANRS Action 3, Coordination) in `manrs report`:
# the bundled real PeeringDB pages (April 2026) and the real RIPE-NONAUTH
# aut-num slice (2024-01-23, contacts dummified by RIPE as DUMY-RIPE)
# loaded as snapshots; M8 of ASes in one, both or neither source compared
# with an independent Python model of the raw files (oracle.py) under each
# [coordination] setting, and the evidence, text and CSV spelled out.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
pdb=$root/data/refdata/peeringdb
autnum=$root/data/irr/ripe-slice/ripe-nonauth.db.aut-num.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
unset MANRS_DB MANRS_CONFIG

ok() { echo "PASS cli-contacts $1"; pass=$((pass + 1)); }
bad() { echo "FAIL cli-contacts $1"; fail=$((fail + 1)); }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}
m8() { python3 -c "import json,sys; print($2)" < "$1" 2> /dev/null; }

db=$tmp/c.db
"$manrs" refdata load -q --db "$db" --kind irr "$autnum" > /dev/null || bad "load aut-num slice"
"$manrs" refdata load -q --db "$db" --kind peeringdb $(ls "$pdb"/*.gz | grep -v auth-redacted) > /dev/null ||
	bad "load peeringdb"

# Both sources (702), the IRR only (174, 3356: PeeringDB nets without
# contacts), PeeringDB only (8075, 16030), neither (49621).
ases="702 174 3356 8075 16030 49621"
# conf NAME PEERINGDB RIR ATTRS OTHER
conf() {
	printf '[coordination]\npeeringdb = %s\nrir = %s\nrir_attributes = %s\nother_irr = %s\n' "$2" "$3" "$4" "$5" \
		> "$tmp/$1.conf"
}
b() { [ "$1" = true ] && echo 1 || echo 0; }
row() {  # the report's M8 as the oracle prints it
	python3 - "$1" "$2" << 'PY'
import json, sys
r = json.load(open(sys.argv[1]))["metrics"]["M8"]
a = sys.argv[2]
if r["score"] is None:
    print("AS%s None" % a)
else:
    counted = [x["registry"] for x in r["evidence"] if x["source"] == "irr" and x["counted"]]
    print("AS%s %d %s %d %s %s" % (a, r["score"], "+".join(r["from"]) or "-", r["contacts"], r["peeringdb_net"],
                                   "+".join(counted) or "-"))
PY
}
for c in "default true true admin-c,tech-c false" "nopdb false true admin-c,tech-c false" \
	"norir true false admin-c,tech-c false" "abuse true true abuse-c false"; do
	set -- $c
	conf "$@"
	python3 "$here/oracle.py" "$pdb" "$autnum" "$(b "$2")" "$(b "$3")" "$4" "$(b "$5")" $ases > "$tmp/want.$1"
	: > "$tmp/got.$1"
	for a in $ases; do
		"$manrs" report --db "$db" --config "$tmp/$1.conf" --month 2024-01 --json "$a" > "$tmp/$1.$a.json" ||
			bad "report AS$a ($1) exit"
		row "$tmp/$1.$a.json" "$a" >> "$tmp/got.$1"
	done
	if cmp -s "$tmp/got.$1" "$tmp/want.$1"; then ok "M8 of $(echo $ases | wc -w) ASes as the oracle ($1: $*)"
	else bad "M8 ($1) differs from the oracle: $(diff "$tmp/got.$1" "$tmp/want.$1" | head -4 | tr '\n' ' ')"; fi
done

# Values spelled out, so a mistake shared with the oracle cannot hide.
same "default: which ASes have a contact" "$(cut -d' ' -f1-3 "$tmp/got.default" | tr '\n' ' ')" \
	"AS702 1 peeringdb+irr AS174 1 irr AS3356 1 irr AS8075 1 peeringdb AS16030 1 peeringdb AS49621 0 - "
same "summary: both sources" "$(m8 "$tmp/default.702.json" 'json.load(sys.stdin)["metrics"]["M8"]["summary"]')" \
	"peeringdb: net 341 with 1 contact; irr RIPE-NONAUTH: aut-num AS702 admin-c DUMY-RIPE, tech-c DUMY-RIPE"
same "evidence objects, one per source" "$(m8 "$tmp/default.174.json" 'json.load(sys.stdin)["metrics"]["M8"]["evidence"]')" \
	"[{'source': 'peeringdb', 'net': 267, 'contacts': 0, 'counted': False}, {'source': 'irr', 'registry': 'RIPE-NONAUTH', 'rir': True, 'counted': True, 'admin-c': 'DUMY-RIPE', 'tech-c': 'DUMY-RIPE', 'abuse-c': None}]"
same "summary: neither" "$(m8 "$tmp/default.49621.json" 'json.load(sys.stdin)["metrics"]["M8"]["summary"]')" \
	"peeringdb: net 591 without a contact with an e-mail or phone; irr: no aut-num object for AS49621 in a counted registry"
same "a fix when there is no contact" "$(m8 "$tmp/default.49621.json" 'json.load(sys.stdin)["metrics"]["M8"]["fix"][:41]')" \
	"Publish a reachable contact for AS49621: "
same "coordination Action is M8" "$(m8 "$tmp/default.174.json" 'json.load(sys.stdin)["actions"]["coordination"]')" \
	"{'score': 1, 'level': 'ready'}"
same "abuse-c only: the slice has none" "$(m8 "$tmp/abuse.174.json" 'json.load(sys.stdin)["metrics"]["M8"]["summary"]')" \
	"peeringdb: net 267 without a contact with an e-mail or phone; irr RIPE-NONAUTH: aut-num AS174 without abuse-c"
conf none false false tech-c false
"$manrs" report --db "$db" --config "$tmp/none.conf" --month 2024-01 --json 702 > "$tmp/none.702.json"
same "no source counted: no data with both reasons" "$(m8 "$tmp/none.702.json" 'json.load(sys.stdin)["metrics"]["M8"]')" \
	"{'score': None, 'status': 'no data', 'reason': 'PeeringDB contacts do not count (configuration); RIR contacts do not count (configuration)'}"

# Text and CSV of one network.
"$manrs" report --db "$db" --config "$tmp/default.conf" --month 2024-01 174 > "$tmp/t174"
same "text M8 line" "$(grep -A1 '^  M8 ' "$tmp/t174")" \
	"  M8      1 (peeringdb: net 267 without a contact with an e-mail or phone; irr RIPE-NONAUTH: aut-num AS174 admin-c DUMY-RIPE, tech-c DUMY-RIPE)
  M7IRR   no data (0 registered, 0 unregistered)"
"$manrs" report --db "$db" --config "$tmp/default.conf" --month 2024-01 --csv 702 > "$tmp/c702"
same "CSV M8 record" "$(grep ',M8,' "$tmp/c702")" \
	"702,2024-01,Verizon - EMEA,,,M8,1,,,contacts=1;peeringdb_net=true;aut_nums=1"$'\r'
"$manrs" report --db "$db" --config "$tmp/none.conf" --month 2024-01 --csv 702 > "$tmp/n702"
same "CSV M8 no data" "$(grep ',M8,' "$tmp/n702")" \
	"702,2024-01,Verizon - EMEA,,,M8,,,no data,PeeringDB contacts do not count (configuration); RIR contacts do not count (configuration)"$'\r'

# An irr snapshot of route objects only says nothing about contacts.
"$manrs" refdata load -q --db "$tmp/r.db" --kind irr "$root/data/irr/ripe-slice/ripe-nonauth.db.route.gz" > /dev/null
"$manrs" refdata load -q --db "$tmp/r.db" --kind peeringdb $(ls "$pdb"/*.gz | grep -v auth-redacted) > /dev/null
"$manrs" report --db "$tmp/r.db" --config "$tmp/nopdb.conf" --month 2024-01 --json 174 > "$tmp/r174.json"
same "route objects only: no data, said why" "$(m8 "$tmp/r174.json" 'json.load(sys.stdin)["metrics"]["M8"]["reason"]')" \
	"PeeringDB contacts do not count (configuration); the irr snapshot holds no aut-num object of a counted registry"

# A bad setting is refused with its line.
printf '[coordination]\nrir_attributes = e-mail\n' > "$tmp/bad.conf"
"$manrs" report --db "$db" --config "$tmp/bad.conf" --month 2024-01 702 > "$tmp/out" 2> "$tmp/err"
same "bad rir_attributes: exit 1, the line, nothing printed" "$?:$(cat "$tmp/err"):$(wc -c < "$tmp/out")" \
	"1:manrs: $tmp/bad.conf: line 2: coordination.rir_attributes: not a list of admin-c, tech-c, abuse-c:0"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
