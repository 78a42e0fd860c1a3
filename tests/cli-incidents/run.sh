#!/bin/bash
# Command-line tests of the incident detectors through `manrs ingest`,
# `manrs incidents` and `manrs incident`: hand-made MRT files (gen.py: a
# RIB dump, then updates with benign churn and three incidents) give
# exactly the three incidents with their types, culprits, victims,
# accomplices, labels, times, visibility and scores; the churn raises
# nothing; filters; the deep dive; RPKI evidence from a VRP snapshot in the
# store; --no-detect; idempotency; exit statuses. Prints PASS/FAIL lines
# and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
unset MANRS_DB MANRS_CONFIG

ok() { echo "PASS cli-incidents $1"; pass=$((pass + 1)); }
bad() { echo "FAIL cli-incidents $1"; fail=$((fail + 1)); }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}
# status NAME WANT-EXIT WANT-STDERR COMMAND...
status() {
	local name=$1 want_rc=$2 want_err=$3
	shift 3
	"$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ "$rc" -eq "$want_rc" ] && [ "$(cat "$tmp/err")" = "$want_err" ]; then
		ok "$name"
	else
		bad "$name: exit $rc (want $want_rc), stderr: $(head -2 "$tmp/err")"
	fi
}

if ! command -v python3 > /dev/null; then
	echo "python3 is needed (scripts/setup.sh installs it)"
	echo "0 passed, 1 failed"
	exit 1
fi
python3 "$here/gen.py" "$tmp" || { echo "0 passed, 1 failed"; exit 1; }
rib=$tmp/test-bview.20080224.0000.mrt
upd=$tmp/test-updates.20080224.0001.mrt
db=$tmp/a.db

# field JSON-FILE INDEX EXPR: a value of the INDEXth incident, via Python.
field() {
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); i=a[int(sys.argv[2])]; print(eval(sys.argv[3]))' "$@"
}

"$manrs" ingest -q --db "$db" --collector test "$rib" "$upd" > /dev/null
same "ingest exit status" "$?" 0
"$manrs" incidents --db "$db" --json > "$tmp/all.json"
same "incidents --json exit status" "$?" 0
same "three incidents, the churn raised nothing" "$(field "$tmp/all.json" 0 'len(a)')" 3
same "types in start order" "$(field "$tmp/all.json" 0 '" ".join(x["type"] for x in a)')" "submoas moas bogon-prefix"
same "fields of an incident object" "$(field "$tmp/all.json" 0 '",".join(i.keys())')" \
	"id,type,prefixes,prefix_count,covering_prefix,culprit_asn,victim_asns,accomplice_asns,leak_type,start,end,duration,peak_peers,peak_collectors,suspicion,label,tags"
same "submoas: prefix, covering, culprit, victims, accomplices" \
	"$(field "$tmp/all.json" 0 '(i["prefixes"], i["covering_prefix"], i["culprit_asn"], i["victim_asns"], i["accomplice_asns"], i["leak_type"])')" \
	"(['208.65.153.0/24'], '208.65.152.0/22', 17557, [36561], [3491], None)"
same "submoas: start, end, duration, peak, suspicion, label" \
	"$(field "$tmp/all.json" 0 '(i["start"], i["end"], i["duration"], i["peak_peers"], i["suspicion"], i["label"])')" \
	"('2008-02-24T00:02:00Z', '2008-02-24T00:15:02Z', 782, 3, 80, 'S|0|-|-')"
same "submoas: tags" "$(field "$tmp/all.json" 0 '" ".join(i["tags"])')" \
	"rpki-no-data irr-no-data rel-no-data newcomer prefix-length-24 peers-3-of-4 collectors-1 duration-782s"
same "moas: culprit, victims, times, score, label" \
	"$(field "$tmp/all.json" 1 '(i["prefixes"], i["covering_prefix"], i["culprit_asn"], i["victim_asns"], i["start"], i["end"], i["peak_peers"], i["suspicion"], i["label"])')" \
	"(['8.8.8.0/24'], None, 4134, [15169], '2008-02-24T00:03:20Z', '2008-02-24T00:06:45Z', 2, 50, 'E|0|-|-')"
same "bogon: culprit, score, label, tag" \
	"$(field "$tmp/all.json" 2 '(i["prefixes"], i["culprit_asn"], i["victim_asns"], i["suspicion"], i["label"], "bogon-full" in i["tags"])')" \
	"(['192.168.0.0/16'], 4837, [], 70, 'Q|0|-|-', True)"

# Filters.
ids() { "$manrs" incidents --db "$db" "$@" | cut -d' ' -f1 | cut -d- -f1 | tr '\n' ' '; }
same "--type submoas" "$(ids --type submoas)" "submoas "
same "--min-suspicion 60" "$(ids --min-suspicion 60)" "submoas bogon "
same "--asn 15169 (a victim)" "$(ids --asn 15169)" "moas "
same "--asn 3491 (an accomplice)" "$(ids --asn 3491)" "submoas "
same "--since by start" "$(ids --since 2008-02-24T00:03:00Z)" "moas bogon "
same "--until by start (exclusive)" "$(ids --until 1203811400)" "submoas "
same "--json with no match is []" "$("$manrs" incidents --db "$db" --type leak --json)" "[]"

# The deep dive.
id=$(field "$tmp/all.json" 0 'i["id"]')
"$manrs" incident --db "$db" "$id" > "$tmp/deep.txt"
same "incident: exit status" "$?" 0
same "incident: why the score" "$(sed -n '/^why suspicion/,/^visibility/p' "$tmp/deep.txt" | sed 's/  */ /g')" \
	"why suspicion 80
 +60 base-submoas a more-specific announced by an origin other than its covering prefix's
 +20 wide seen by 3 of 4 peers (>= 30%)
visibility per peer (collector peer-ip ASN: first .. last, routes)"
same "incident: visibility per peer" "$(grep -c '^  test .* AS[0-9]*: 2008' "$tmp/deep.txt")" 3
"$manrs" incident --db "$db" --json "$id" > "$tmp/deep.json"
same "incident --json: timeline and paths" \
	"$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1])); print([(e["time"], e["peer_asn"], e["event"], e["path"]) for e in i["timeline"]][:4], i["paths"], [r["rule"] for r in i["rules"]])' "$tmp/deep.json")" \
	"[('2008-02-24T00:02:00Z', 3356, 'announce', '3356 3491 17557'), ('2008-02-24T00:02:05Z', 174, 'announce', '174 3491 17557'), ('2008-02-24T00:02:11Z', 2914, 'announce', '2914 3491 17557'), ('2008-02-24T00:15:00Z', 3356, 'withdraw', None)] ['3356 3491 17557', '174 3491 17557', '2914 3491 17557'] ['base-submoas', 'wide']"

# Idempotency: the same files again change nothing.
"$manrs" ingest -q --db "$db" --collector test "$rib" "$upd" > /dev/null 2>&1
same "ingest again: the same incidents" "$("$manrs" incidents --db "$db" --json)" "$(cat "$tmp/all.json")"

# --no-detect.
"$manrs" ingest -q --no-detect --db "$tmp/n.db" --collector test "$rib" "$upd" > /dev/null
same "--no-detect raises nothing" "$("$manrs" incidents --db "$tmp/n.db" --json)" "[]"

# RPKI evidence from a VRP snapshot in the store: a ROA for Google's /24
# makes AS4134 RPKI-invalid and Google valid (+30).
printf 'ASN,IP Prefix,Max Length,Trust Anchor\nAS15169,8.8.8.0/24,24,arin\nAS36561,208.65.152.0/22,24,arin\n' > "$tmp/vrps.csv"
"$manrs" refdata load -q --db "$tmp/r.db" --kind vrp --time 2008-02-01 "$tmp/vrps.csv" > /dev/null
"$manrs" ingest -q --db "$tmp/r.db" --collector test "$rib" "$upd" > /dev/null
"$manrs" incidents --db "$tmp/r.db" --json > "$tmp/r.json"
same "RPKI: moas tags and score" "$(field "$tmp/r.json" 1 '(i["suspicion"], [t for t in i["tags"] if t.startswith("rpki")])')" \
	"(80, ['rpki-all-newcomer-invalid-origin', 'rpki-all-oldcomer-valid'])"
same "RPKI: submoas newcomer invalid" "$(field "$tmp/r.json" 0 '(i["suspicion"], [t for t in i["tags"] if t.startswith("rpki")])')" \
	"(100, ['rpki-all-newcomer-invalid-origin', 'rpki-all-oldcomer-valid'])"

# Stale reference data (refdata_max_age, default 90 days): delegated stats
# of 2007-06-01 list 196.50.21.0/24 as available; judged against them on
# 2008-02-24 (268 days later), the administrative bogon is capped at 50
# with the reason; the same file dated 2008-01-01 (54 days) gives 80;
# refdata_max_age = 0 in the configuration turns the check off.
upd2=$tmp/test-updates.20080224.0100.mrt
deleg() {
	printf '2|afrinic|%s|2|00000000|%s|+0000\nafrinic|*|ipv4|*|2|summary\n' "$1" "$1"
	printf 'afrinic|ZA|ipv4|196.50.20.0|256|20010101|allocated|F1\nafrinic|ZZ|ipv4|196.50.21.0|256||available|\n'
}
deleg 20070601 > "$tmp/delegated-afrinic-extended-20070601"
deleg 20080101 > "$tmp/delegated-afrinic-extended-20080101"
stale() {  # DB DELEGATED-FILE [CONFIG]: the bogon's (suspicion, stale tags, last rule)
	"$manrs" refdata load -q --db "$tmp/$1" --kind delegated "$2" > /dev/null
	MANRS_CONFIG=${3:-} "$manrs" ingest -q --db "$tmp/$1" --collector test "$rib" "$upd2" > /dev/null
	"$manrs" incidents --db "$tmp/$1" --json > "$tmp/$1.json"
	"$manrs" incident --db "$tmp/$1" --json "$(field "$tmp/$1.json" 0 'i["id"]')" > "$tmp/$1.deep.json"
	python3 -c 'import json,sys; i=json.load(open(sys.argv[1])); print(i["type"], i["suspicion"], [t for t in i["tags"] if "stale" in t], i["rules"][-1]["rule"], i["rules"][-1]["cap"] if "cap" in i["rules"][-1] else None)' "$tmp/$1.deep.json"
}
same "stale delegated stats: capped at 50, tagged" "$(stale s1.db "$tmp/delegated-afrinic-extended-20070601")" \
	"bogon-prefix 50 ['refdata-stale-delegated-268d'] refdata-stale 50"
same "stale delegated stats: the reason" \
	"$("$manrs" incident --db "$tmp/s1.db" "$(field "$tmp/s1.db.json" 0 'i["id"]')" | grep '^  at most' | sed 's/  */ /g')" \
	" at most 50 refdata-stale the delegated stats or bogon list are 268 days older than the event (limit 90): space delegated since looks unallocated"
same "fresh delegated stats: 80" "$(stale s2.db "$tmp/delegated-afrinic-extended-20080101")" \
	"bogon-prefix 80 [] wide None"
printf '[detect]\nrefdata_max_age = 0\n' > "$tmp/nostale.conf"
same "refdata_max_age = 0: never stale" "$(stale s3.db "$tmp/delegated-afrinic-extended-20070601" "$tmp/nostale.conf")" \
	"bogon-prefix 80 [] wide None"

# Alerts through --monitor: one open and one resolved alert for the
# sub-prefix hijack of the monitored /22, written to a JSON-lines file;
# nothing for the other incidents.
printf 'prefix 208.65.152.0/22 include-more-specifics\nfile %s\n' "$tmp/alerts.jsonl" > "$tmp/monitor.conf"
"$manrs" ingest -q --db "$tmp/m.db" --monitor "$tmp/monitor.conf" --collector test "$rib" "$upd" > /dev/null
same "monitor: exit status" "$?" 0
same "monitor: one alert per event of the monitored incident" \
	"$(python3 -c 'import json,sys; print([(a.get("event"), a["incident"]["type"], a["incident"]["culprit_asn"]) for a in map(json.loads, open(sys.argv[1]))])' "$tmp/alerts.jsonl")" \
	"[('open', 'submoas', 17557), ('resolved', 'submoas', 17557)]"
printf 'prefix 208.65.152.0/22\n' > "$tmp/bad.conf"
"$manrs" ingest -q --db "$tmp/b.db" --monitor "$tmp/bad.conf" --collector test "$rib" "$upd" > "$tmp/out" 2> "$tmp/err"
same "monitor: a configuration without a sink is refused before reading" "$? $(test -s "$tmp/out" && echo output) $(test -f "$tmp/b.db" && sqlite3 "$tmp/b.db" 'SELECT count(*) FROM files' 2>/dev/null)" "1  0"

# Exit statuses.
status "no such database" 1 "manrs: $tmp/none.db: no such database (run 'manrs ingest' first)" \
	"$manrs" incidents --db "$tmp/none.db"
status "no such incident" 1 "manrs: $db: no incident moas-0-0-00000000" \
	"$manrs" incident --db "$db" moas-0-0-00000000
status "bad --type" 2 "manrs incidents: --type: 'hijack' is not one of moas, submoas, defcon, edge, squat, leak, bogon-prefix, bogon-asn" \
	"$manrs" incidents --db "$db" --type hijack
status "bad --min-suspicion" 2 "manrs incidents: --min-suspicion: '101' is not a number from 0 to 100" \
	"$manrs" incidents --db "$db" --min-suspicion 101
status "bad --since" 2 "manrs incidents: --since: 'yesterday' is not a time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or Unix seconds)" \
	"$manrs" incidents --db "$db" --since yesterday
"$manrs" incident --db "$db" > /dev/null 2>&1
same "incident without an id: usage" "$?" 2
printf 'not a database\n' > "$tmp/text.db"
status "not a database" 1 "manrs: $tmp/text.db: not a manrs database (not an SQLite file)" \
	"$manrs" incidents --db "$tmp/text.db"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
