#!/bin/bash
# Command-line tests of `manrs refdata load` and `manrs report`: the real
# 2002-07-22 rrc00 RIB dump and a 2017 BIRD update dump (with RFC 1918
# routes) ingested, hand-made VRP and IRR files for 2002 ASes (no RPKI or
# IRR data of that time exists: labelled as hand-made) loaded as dated
# snapshots; M7RPKI, M7IRR and M3 of several ASes compared with an
# independent Python model over bgpdump's -m output and the raw files
# (oracle.py); snapshot selection, self-containment, exit statuses.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
mrt=$root/data/mrt
rib=$mrt/ris-rrc00-bview.20020722.2337.gz
lab=$mrt/lab/bird-mrtdump_bgp
oracle=$here/oracle.py
conf=$root/etc/manrs.conf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
unset MANRS_DB MANRS_CONFIG

ok() { echo "PASS cli-report $1"; pass=$((pass + 1)); }
bad() { echo "FAIL cli-report $1"; fail=$((fail + 1)); }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}
# status NAME WANT-EXIT WANT-STDERR COMMAND...: exit status and exact stderr
status() {
	local name=$1 want_rc=$2 want_err=$3
	shift 3
	"$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ "$rc" -eq "$want_rc" ] && [ "$(cat "$tmp/err")" = "$want_err" ]; then
		ok "$name"
	else
		bad "$name: exit $rc (want $want_rc), stderr: $(head -3 "$tmp/err")"
	fi
}
# jq-less JSON field: jget FILE PYTHON-EXPR (r is the parsed report)
jget() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }

command -v bgpdump > /dev/null || { bad "bgpdump is not installed"; echo "$pass passed, $fail failed"; exit 1; }
db=$tmp/obs.db
"$manrs" ingest -q --db "$db" --collector rrc00 "$rib" > /dev/null 2>&1 || bad "ingest rib"
"$manrs" ingest -q --db "$db" --collector lab "$lab" > /dev/null 2>&1 || bad "ingest lab"
bgpdump -m "$rib" > "$tmp/rib.txt" 2> /dev/null

# ---- refdata load ----
status "load vrp (July)" 0 "" "$manrs" refdata load --db "$db" --kind vrp --time 2002-07-01 "$here/vrp-2002-handmade.csv"
same "load vrp summary" "$(cat "$tmp/out")" \
	"vrp	vrp-2002-handmade.csv	snapshot 1	2002-07-01T00:00:00Z (option)	7 records	stored"
status "load vrp (August)" 0 "" "$manrs" refdata load --db "$db" --kind vrp --time 2002-08-15 "$here/vrp-2002-08-handmade.csv"
status "same content again" 0 "" "$manrs" refdata load --db "$db" --kind vrp --time 2002-09-01 "$here/vrp-2002-handmade.csv"
same "same content is one snapshot" "$(cut -f3,6 "$tmp/out")" "snapshot 1	already stored"
gzip -c "$here/irr-2002-handmade.db" > "$tmp/irr-2002-handmade.db.gz"
status "load irr (gzip)" 0 "" "$manrs" refdata load -q --db "$db" --kind irr --time 2002-07-01 "$tmp/irr-2002-handmade.db.gz"
same "compressed bytes kept as they are" \
	"$(sqlite3 "$db" "SELECT size, sha256 FROM refdata_snapshots WHERE kind = 'irr'")" \
	"$(stat -c %s "$tmp/irr-2002-handmade.db.gz")|$(sha256sum < "$tmp/irr-2002-handmade.db.gz" | cut -d' ' -f1)"
same "chunks hold the bytes" "$(sqlite3 "$db" "SELECT sum(length(data)) FROM refdata_chunks WHERE snapshot_id = 3")" \
	"$(stat -c %s "$tmp/irr-2002-handmade.db.gz")"
status "rpki-client buildtime is the snapshot time" 0 "" \
	"$manrs" refdata load --db "$tmp/meta.db" --kind vrp --time 2001-01-01 "$root/data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz"
same "buildtime" "$(cut -f4 "$tmp/out")" "2023-05-04T14:52:07Z (metadata)"
touch -d '2020-02-03 04:05:06 UTC' "$tmp/plain.csv.copy" 2> /dev/null
cp "$here/vrp-2002-08-handmade.csv" "$tmp/m.csv" && touch -d '2020-02-03 04:05:06 UTC' "$tmp/m.csv"
status "mtime when nothing else" 0 "" "$manrs" refdata load --db "$tmp/meta.db" --kind vrp "$tmp/m.csv"
same "mtime" "$(cut -f4 "$tmp/out")" "2020-02-03T04:05:06Z (mtime)"
status "delegated serial date" 0 "" "$manrs" refdata load --db "$tmp/meta.db" --kind delegated \
	"$root/data/refdata/rir/delegated-afrinic-extended-20230323.gz"
same "delegated time" "$(cut -f4 "$tmp/out")" "2023-03-23T00:00:00Z (metadata)"
before=$(sqlite3 "$db" 'SELECT count(*) FROM refdata_snapshots')
status "a file that does not load" 1 \
	"manrs: $here/irr-2002-handmade.db: not loadable as vrp: not VRP data: neither JSON, a CSV header (ASN, IP Prefix, Max Length), an OpenBGPD roa-set nor a BIRD roa table" \
	"$manrs" refdata load --db "$db" --kind vrp "$here/vrp-2002-handmade.csv" "$here/irr-2002-handmade.db"
same "nothing stored after a failed load" "$(sqlite3 "$db" 'SELECT count(*) FROM refdata_snapshots')" "$before"
status "missing file" 1 "manrs: $tmp/nope.csv: No such file or directory" \
	"$manrs" refdata load --db "$db" --kind vrp "$tmp/nope.csv"
status "unknown kind" 2 "$(printf "manrs refdata load: unknown --kind 'roa'\n\n"; "$manrs" refdata load --help)" \
	"$manrs" refdata load --db "$db" --kind roa "$here/vrp-2002-handmade.csv"
status "bad --time" 2 "manrs refdata load: --time '2002-13-01': not a date or time" \
	"$manrs" refdata load --db "$db" --kind vrp --time 2002-13-01 "$here/vrp-2002-handmade.csv"

# ---- M7RPKI and M7IRR against the oracle (covering, the default) ----
ases="3333 18973 21869 9310 6947"
python3 "$oracle" rpki-irr "$tmp/rib.txt" "$here/vrp-2002-handmade.csv" "$here/irr-2002-handmade.db" \
	"$conf" "$here/min-peers-1.conf" $ases > "$tmp/want" || bad "oracle"
for a in $ases; do
	"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --month 2002-07 --json "$a" > "$tmp/r$a.json" ||
		bad "report AS$a exit"
	same "AS$a M7RPKI/M7IRR (covering) as the oracle" "$(python3 "$oracle" extract "$tmp/r$a.json")" \
		"$(grep "^AS$a " "$tmp/want")"
done
python3 "$oracle" rpki-irr "$tmp/rib.txt" "$here/vrp-2002-handmade.csv" "$here/irr-2002-handmade.db" \
	"$conf" "$here/exact.conf" $ases > "$tmp/want-exact"
for a in 18973 9310; do
	"$manrs" report --db "$db" --config "$here/exact.conf" --month 2002-07 --json "$a" > "$tmp/x$a.json"
	same "AS$a M7IRR (exact) as the oracle" "$(python3 "$oracle" extract "$tmp/x$a.json")" \
		"$(grep "^AS$a " "$tmp/want-exact")"
done
# A few values spelled out, so a shared mistake cannot hide.
same "AS18973 counts" "$(jget "$tmp/r18973.json" '[r["metrics"]["M7RPKI"][k] for k in ("score","valid","invalid","not_found")]')" \
	"[0, 1, 3, 0]"
same "AS18973 exact IRR" "$(jget "$tmp/x18973.json" '[r["metrics"]["M7IRR"][k] for k in ("score","registered","unregistered")]')" \
	"[0.25, 1, 3]"
same "AS3333 scores and levels" "$(jget "$tmp/r3333.json" '[(a, r["actions"][a]["score"], r["actions"][a]["level"]) for a in ("irr","rpki","anti_spoofing")]')" \
	"[('irr', 0.5, 'lagging'), ('rpki', 0.5, 'lagging'), ('anti_spoofing', None, 'no-data')]"
same "AS21869 ready" "$(jget "$tmp/r21869.json" 'r["actions"]["rpki"]')" "{'score': 1, 'level': 'ready'}"
same "invalid evidence with its VRPs" "$(jget "$tmp/r18973.json" 'r["metrics"]["M7RPKI"]["evidence"][2]["vrps"]')" \
	"[{'prefix': '207.111.76.0/22', 'max_length': 22, 'asn': 65000}]"
same "IRR evidence names the other origin" "$(jget "$tmp/r18973.json" 'r["metrics"]["M7IRR"]["evidence"][0]["registered_origin"]')" "65001"
same "route object template" "$(jget "$tmp/r3333.json" 'r["metrics"]["M7IRR"]["evidence"][0]["fix"].splitlines()[:2]')" \
	"['route:          192.16.202.0/24', 'origin:         AS3333']"
same "incident metrics: detectors ran, nothing at suspicion >= 80 here" "$(jget "$tmp/r3333.json" '[(r["metrics"][m]["raw"], r["metrics"][m]["score"], r["metrics"][m]["incidents"]) for m in ("M1","M1C","M2","M2C","M3C","M4","M4C")]')" \
	"[(0, 1, 0), (0, 1, 0), (0, 1, 0), (0, 1, 0), (0, 1, 0), (0, 1, 0), (0, 1, 0)]"
same "filtering from every counted metric" "$(jget "$tmp/r3333.json" 'r["actions"]["filtering"]')" \
	"{'score': 1, 'level': 'ready', 'raw': 0, 'partial': False, 'from': ['M2', 'M2C', 'M3', 'M3C', 'M4', 'M4C']}"
same "M5 and M8 without snapshots" "$(jget "$tmp/r3333.json" '[r["metrics"]["M5"]["status"], r["metrics"]["M8"]["status"]]')" \
	"['no data', 'no data']"

# ---- M3 against the oracle: the BIRD lab routes in RFC 1918 space ----
python3 "$oracle" m3 "$db" "$conf" 201702 64512 65534 > "$tmp/want-m3"
for a in 64512 65534; do
	"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --month 2017-02 --json "$a" > "$tmp/m$a.json"
	same "AS$a M3 as the oracle" "$(python3 "$oracle" extract "$tmp/m$a.json" m3)" "$(grep "^AS$a " "$tmp/want-m3")"
done
same "AS64512 M3 spelled out" "$(jget "$tmp/m64512.json" '[r["metrics"]["M3"][k] for k in ("raw","score","incidents")] + [r["actions"]["filtering"]["level"]]')" \
	"[0.5, 0.6, 1, 'lagging']"

# ---- incident metrics from the real ingest of the incident tests' MRT files ----
# tests/cli-incidents/gen.py: a sub-prefix hijack by AS17557 through AS3491
# (782 s, suspicion 80), an exact-prefix hijack by AS4134 seen via AS174 and
# AS1299 (205 s, suspicion 50), a full bogon from AS4837 via AS1299 (50 s,
# suspicion 70). Each lasts under 30 minutes: 0.5 each.
python3 "$root/tests/cli-incidents/gen.py" "$tmp" || bad "gen.py"
irib=$tmp/test-bview.20080224.0000.mrt iupd=$tmp/test-updates.20080224.0001.mrt
"$manrs" ingest -q --db "$tmp/inc.db" --collector test "$irib" "$iupd" > /dev/null || bad "ingest incidents"
printf '[ingest]\nmin_peers = 1\n[filtering]\nmin_suspicion = 50\n' > "$tmp/s50.conf"
inc() { "$manrs" report --db "$tmp/inc.db" --month 2008-02 --json "$@"; }
im() { python3 -c 'import json,sys; r=json.load(sys.stdin); print([(m, r["metrics"][m]["raw"], r["metrics"][m]["incidents"], [(e["type"], e["role"], e["hops"], e["weight"], e["start"], e["end"], e["penalty"]) for e in r["metrics"][m]["evidence"]]) for m in sys.argv[1:] if r["metrics"][m]["raw"]], r["actions"]["filtering"]["raw"], r["actions"]["filtering"]["score"])' "$@"; }
same "AS17557 M2 (default minimum suspicion 80)" "$(inc 17557 | im M1 M2 M2C M3C M4 M4C)" \
	"[('M2', 0.5, 1, [('submoas', 'culprit', 0, 1, '2008-02-24T00:02:00Z', '2008-02-24T00:15:02Z', 0.5)])] 0.5 0.6"
same "AS3491 M2C: the AS next to the hijacker" "$(inc 3491 | im M1 M2 M2C M3C M4 M4C)" \
	"[('M2C', 0.5, 1, [('submoas', 'accomplice', 1, 1, '2008-02-24T00:02:00Z', '2008-02-24T00:15:02Z', 0.5)])] 0.5 0.6"
same "AS4134: suspicion 50 is under the default 80" "$(inc 4134 | im M2)" "[] 0 1"
same "AS4134 M2 with min_suspicion 50" "$(inc --config "$tmp/s50.conf" 4134 | im M2)" \
	"[('M2', 0.5, 1, [('moas', 'culprit', 0, 1, '2008-02-24T00:03:20Z', '2008-02-24T00:06:45Z', 0.5)])] 0.5 0.6"
same "AS1299 M2C and M3C with min_suspicion 50" "$(inc --config "$tmp/s50.conf" 1299 | im M2C M3C)" \
	"[('M2C', 0.5, 1, [('moas', 'accomplice', 1, 1, '2008-02-24T00:03:20Z', '2008-02-24T00:06:45Z', 0.5)]), ('M3C', 0.5, 1, [('bogon-prefix', 'accomplice', 1, 1, '2008-02-24T00:05:00Z', '2008-02-24T00:05:50Z', 0.5)])] 1 0.4856"
same "AS4837: M3 from the observations, M3 and incidents add up" "$(inc --config "$tmp/s50.conf" 4837 | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["metrics"]["M3"]["raw"], r["actions"]["filtering"])')" \
	"0.5 {'score': 0.6, 'level': 'lagging', 'raw': 0.5, 'partial': False, 'from': ['M2', 'M2C', 'M3', 'M3C', 'M4', 'M4C']}"
inc 17557 | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["metrics"]["M2"]["evidence"][0]["id"])' > "$tmp/id"
same "evidence names the incident" "$(cat "$tmp/id")" "$("$manrs" incidents --db "$tmp/inc.db" --type submoas | cut -d' ' -f1)"
"$manrs" report --db "$tmp/inc.db" --month 2008-02 17557 > "$tmp/inc.txt"
same "text: M2 with its incident" "$(grep -A1 '^  M2 ' "$tmp/inc.txt")" \
	"  M2      raw 0.5, score 0.6, 1 incident(s)
    $(cat "$tmp/id"): submoas culprit, weight 1, suspicion 80, 2008-02-24T00:02:00Z .. 2008-02-24T00:15:02Z, penalty 0.5"
same "text: leaks shown, not scored" "$(grep '^  M1 ' "$tmp/inc.txt")" "  M1      raw 0, score 1, 0 incident(s) (not in the Filtering score)"
"$manrs" report --db "$tmp/inc.db" --month 2008-02 --csv 17557 > "$tmp/inc.csv"
same "CSV: filtering and M2 records" "$(grep -E ',(filtering|M2),' "$tmp/inc.csv" | tr -d '\r')" \
	"17557,2008-02,,,,filtering,0.6,lagging,,raw=0.5;from=M2+M2C+M3+M3C+M4+M4C
17557,2008-02,,,,M2,0.6,,,raw=0.5;incidents=1;in_filtering=true;evidence=1"
# Route leaks (gen_leak.py: the Verizon/DQE pattern over the bundled CAIDA
# slice; the leak is 40 minutes long: 1; suspicion 60).
python3 "$here/gen_leak.py" "$tmp" || bad "gen_leak.py"
"$manrs" refdata load -q --db "$tmp/leak.db" --kind asrel --time 2019-06-01 "$root/data/leaks/20180101.as-rel.leaks-slice.txt" > /dev/null
"$manrs" ingest -q --db "$tmp/leak.db" --collector leak "$tmp/leak-bview.20190624.0000.mrt" "$tmp/leak-updates.20190624.0001.mrt" > /dev/null ||
	bad "ingest the leak"
same "the detector raised the leak" "$("$manrs" incidents --db "$tmp/leak.db" --json | python3 -c 'import json,sys; print([(i["type"], i["culprit_asn"], i["accomplice_asns"], i["duration"], i["suspicion"]) for i in json.load(sys.stdin)])')" \
	"[('leak', 396531, [701, 2914], 2400, 60)]"
lk() { "$manrs" report --db "$tmp/leak.db" --month 2019-06 --json "$@"; }
same "AS396531 M1 (the leaker), not in the Filtering score" "$(lk --config "$tmp/s50.conf" 396531 | im M1 M1C)" \
	"[('M1', 1, 1, [('leak', 'culprit', 0, 1, '2019-06-24T00:01:40Z', '2019-06-24T00:41:40Z', 1)])] 0 1"
same "AS701 M1C (took the leak from the leaker)" "$(lk --config "$tmp/s50.conf" 701 | im M1 M1C)" \
	"[('M1C', 1, 1, [('leak', 'accomplice', 1, 1, '2019-06-24T00:01:40Z', '2019-06-24T00:41:40Z', 1)])] 0 1"
# AS2914 has no part that counts (two hops away) and announced nothing: unknown.
status "AS2914: two hops away, no weight by default" 1 \
	"manrs: AS2914: unknown: never seen announcing in the database, in no delegated stats or PeeringDB snapshot" \
	"$manrs" report --db "$tmp/leak.db" --month 2019-06 --config "$tmp/s50.conf" 2914
printf '[filtering]\nmin_suspicion = 50\ncount_leaks = true\nnext_hop_accomplice_only = false\n' > "$tmp/leaks.conf"
same "count_leaks: M1 in the Filtering score" "$(lk --config "$tmp/leaks.conf" 396531 | im M1)" \
	"[('M1', 1, 1, [('leak', 'culprit', 0, 1, '2019-06-24T00:01:40Z', '2019-06-24T00:41:40Z', 1)])] 1 0.4856"
same "every accomplice: AS2914 at weight 0.5" "$(lk --config "$tmp/leaks.conf" 2914 | im M1C)" \
	"[('M1C', 0.5, 1, [('leak', 'accomplice', 2, 0.5, '2019-06-24T00:01:40Z', '2019-06-24T00:41:40Z', 0.5)])] 0.5 0.6"
status "the leak's suspicion is under the default 80: AS396531 has no counted part" 1 \
	"manrs: AS396531: unknown: never seen announcing in the database, in no delegated stats or PeeringDB snapshot" \
	"$manrs" report --db "$tmp/leak.db" --month 2019-06 396531

# manrs score: every origin (sqlite) and the networks with a part in a counted
# incident that announced nothing (the accomplices AS174, AS1299, AS3491).
cp "$tmp/inc.db" "$tmp/incs.db"
status "score with incidents" 0 "" "$manrs" score --db "$tmp/incs.db" --config "$tmp/s50.conf" --month 2008-02
norig=$(sqlite3 "$tmp/incs.db" 'SELECT count(DISTINCT origin) FROM obs_month WHERE month = 200802 AND n_peers >= 1')
same "score: origins and accomplices" "$(cat "$tmp/out")" "2008-02: $((norig + 3)) networks scored"
same "scores rows: filtering from the incidents" "$(sqlite3 "$tmp/incs.db" "SELECT asn, round(filtering, 4), filtering_level FROM scores WHERE month = 200802 AND asn IN (174, 1299, 3491, 15169) ORDER BY asn" | tr '\n' ' ')" \
	"174|0.6|lagging 1299|0.4856|lagging 3491|0.6|lagging 15169|1.0|ready "
# Without the detectors: the same files give no incident metrics (no data,
# never 0), and the Filtering score is M3 alone, marked partial.
"$manrs" ingest -q --no-detect --db "$tmp/nodet.db" --collector test "$irib" "$iupd" > /dev/null || bad "ingest --no-detect"
"$manrs" report --db "$tmp/nodet.db" --month 2008-02 --json 17557 > "$tmp/nodet.json"
same "--no-detect: incident metrics no data" "$(jget "$tmp/nodet.json" '[(r["metrics"][m]["score"], r["metrics"][m]["status"]) for m in ("M1","M1C","M2","M2C","M3C","M4","M4C")]')" \
	"[(None, 'no data'), (None, 'no data'), (None, 'no data'), (None, 'no data'), (None, 'no data'), (None, 'no data'), (None, 'no data')]"
same "--no-detect: filtering from M3 alone" "$(jget "$tmp/nodet.json" 'r["actions"]["filtering"]')" \
	"{'score': 1, 'level': 'ready', 'raw': 0, 'partial': True, 'from': ['M3']}"
same "--no-detect: the reason" "$(jget "$tmp/nodet.json" 'r["metrics"]["M2"]["reason"]')" \
	"no file of the period was read with the incident detectors on (manrs ingest without --no-detect)"
"$manrs" report --db "$tmp/nodet.db" --month 2008-02 17557 > "$tmp/nodet.txt"
same "--no-detect: text" "$(grep -E '^  (filtering|M2 )' "$tmp/nodet.txt")" \
	"  filtering      1  ready  (M3 only: no incident detection)
  M2      no data (no incident detection ran over the period)"
# The daily report: the month to date.
"$manrs" report --db "$tmp/inc.db" --day 2008-02-24 --json 17557 > "$tmp/day.json"
same "--day: day, month and M2" "$(jget "$tmp/day.json" '[r["day"], r["month"], r["metrics"]["M2"]["raw"]]')" "['2008-02-24', '2008-02', 0.5]"
"$manrs" report --db "$tmp/inc.db" --day 2008-02-23 --json 17557 > "$tmp/day.json"
same "--day before the files: detection had not run yet" "$(jget "$tmp/day.json" '[r["metrics"]["M2"]["score"], r["actions"]["filtering"]["partial"]]')" "[None, True]"
"$manrs" report --db "$tmp/inc.db" --day 2008-02-24 17557 > "$tmp/day.txt"
same "--day: text" "$(sed -n 2p "$tmp/day.txt")" "month to date: 2008-02-24 (up to 2008-02-24T23:59:59Z)"
status "--day with --month" 2 "$(printf "manrs report: --day is for one network, without --month\n\n"; "$manrs" report --help)" \
	"$manrs" report --db "$tmp/inc.db" --day 2008-02-24 --month 2008-02 17557
status "--day not a date" 2 "manrs report: --day '2008-02-30': not YYYY-MM-DD" \
	"$manrs" report --db "$tmp/inc.db" --day 2008-02-30 17557
# Routes of a day: the RIB's pairs of the day, seen by >= 1 peer.
"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --day 2002-07-22 --json 3333 > "$tmp/d3333.json"
same "--day: the day's routes as the month's" "$(jget "$tmp/d3333.json" '[r["announced"], r["metrics"]["M7RPKI"]["valid"], r["metrics"]["M7RPKI"]["not_found"]]')" \
	"$(jget "$tmp/r3333.json" '[r["announced"], r["metrics"]["M7RPKI"]["valid"], r["metrics"]["M7RPKI"]["not_found"]]')"
"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --day 2002-07-21 --json 3333 > "$tmp/d3333.json"
same "--day before the RIB: nothing announced" "$(jget "$tmp/d3333.json" 'r["announced"]')" "0"

# ---- snapshot selection ----
same "July uses the July VRPs" "$(jget "$tmp/r3333.json" '[r["inputs"]["vrp"][k] for k in ("snapshot","time","newer_than_period")]')" \
	"[1, '2002-07-01T00:00:00Z', False]"
"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --month 2002-08 --json 3333 > "$tmp/aug.json"
same "August uses the August VRPs" "$(jget "$tmp/aug.json" 'r["inputs"]["vrp"]["snapshot"]')" "2"
same "a month without observations: no data" "$(jget "$tmp/aug.json" '[r["announced"], r["metrics"]["M7RPKI"]["score"], r["actions"]["rpki"]["level"], r["actions"]["irr"]["score"]]')" \
	"[0, None, 'no-data', None]"
"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --month 2002-06 --json 3333 > "$tmp/jun.json"
same "June: none that old, the oldest, said so" "$(jget "$tmp/jun.json" '[r["inputs"]["vrp"]["snapshot"], r["inputs"]["vrp"]["newer_than_period"]]')" \
	"[1, True]"
"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --json 64512 > "$tmp/def.json"
same "default month: the newest with observations" "$(jget "$tmp/def.json" 'r["month"]')" "2017-02"

# ---- self-contained: the reference files gone, the report unchanged ----
mkdir "$tmp/moved" && cp "$db" "$tmp/moved/obs.db"
"$manrs" report --db "$tmp/moved/obs.db" --config "$here/min-peers-1.conf" --month 2002-07 --json 18973 > "$tmp/moved.json"
same "report from the database alone" "$(cmp -s "$tmp/moved.json" "$tmp/r18973.json" && echo same)" "same"

# ---- text output, exit statuses ----
"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --month 2002-07 3333 > "$tmp/text"
same "text: header" "$(head -1 "$tmp/text")" "AS3333  2002-07  (holder unknown)  (country unknown)"
same "text: rpki line" "$(grep '^  M7RPKI' "$tmp/text")" "  M7RPKI  0.5 (1 valid, 0 invalid, 1 not found)"
status "unknown AS" 1 "manrs: AS64999: unknown: never seen announcing in the database, in no delegated stats or PeeringDB snapshot" \
	"$manrs" report --db "$db" --month 2002-07 64999
same "unknown AS prints nothing" "$(cat "$tmp/out")" ""
status "not an ASN" 2 "manrs report: 'ASX' is not an AS number" "$manrs" report --db "$db" ASX
status "bad month" 2 "manrs report: --month '2002-7': not YYYY-MM" "$manrs" report --db "$db" --month 2002-7 3333
status "missing database" 1 "manrs: $tmp/none.db: no such database (run 'manrs ingest' first)" \
	"$manrs" report --db "$tmp/none.db" 3333
status "bad config" 1 "manrs: $tmp/bad.conf: line 1: unknown section [nope]" \
	bash -c "printf '[nope]\n' > '$tmp/bad.conf'; '$manrs' report --db '$db' --config '$tmp/bad.conf' 3333"

# ---- manrs score and aggregates ----
rir=$root/data/refdata/rir
"$manrs" refdata load -q --db "$db" --kind delegated --time 2002-07-01 "$rir"/nro-testdata-2019-09-apnic.txt "$rir"/nro-testdata-2019-09-arin.txt ||
	bad "load delegated"
status "score" 0 "" "$manrs" score --db "$db" --config "$here/min-peers-1.conf" --month 2002-07
nas=$(awk -F'|' '{n = split($7, a, " "); if (a[n] ~ /^[0-9]+$/) print a[n]}' "$tmp/rib.txt" | sort -u | wc -l)
same "every announcing AS scored" "$(cat "$tmp/out")" "2002-07: $nas networks scored"
same "scores row with the snapshots used" "$(sqlite3 "$db" "SELECT irr, rpki, irr_level, rpki_level, anti_spoofing_level, inputs FROM scores WHERE month = 200207 AND asn = 18973")" \
	"0.75|0.0|lagging|lagging|no-data|vrp=1,irr=3,delegated=5"
# Countries from the delegated files, independently: ASN records expanded.
python3 - "$tmp/rib.txt" "$rir"/nro-testdata-2019-09-apnic.txt "$rir"/nro-testdata-2019-09-arin.txt > "$tmp/cc" << 'PY'
import sys, collections
origins = set()
for line in open(sys.argv[1]):
    p = line.split("|")[6].split()
    if p and p[-1].isdigit():
        origins.add(int(p[-1]))
cc = {}
for f in sys.argv[2:]:
    for line in open(f):
        x = line.strip().split("|")
        if len(x) >= 7 and x[2] == "asn" and x[3].isdigit() and x[1] and x[1] != "*":
            for a in range(int(x[3]), int(x[3]) + int(x[4])):
                cc.setdefault(a, x[1])
c = collections.Counter(cc[a] for a in origins if a in cc)
print(" ".join("%s=%d" % kv for kv in sorted(c.items())))
PY
same "countries as in the delegated files" "$(sqlite3 "$db" "SELECT country || '=' || count(*) FROM scores WHERE month = 200207 AND country <> '' GROUP BY country ORDER BY country" | tr '\n' ' ' | sed 's/ $//')" \
	"$(cat "$tmp/cc")"
nus=$(tr ' ' '\n' < "$tmp/cc" | awk -F= '$1 == "US" {print $2}')
"$manrs" report --db "$db" --month 2002-07 --country US --json > "$tmp/us.json"
same "country aggregate" "$(jget "$tmp/us.json" '[r["networks"], r["actions"]["anti_spoofing"]["no-data"], r["actions"]["rpki"]["mean"]]')" \
	"[$nus, $nus, 0]"
"$manrs" report --db "$db" --month 2002-07 --region 'Northern America' --json > "$tmp/na.json"
nna=$(tr ' ' '\n' < "$tmp/cc" | awk -F= '$1 == "US" || $1 == "CA" || $1 == "BM" || $1 == "GL" || $1 == "PM" {s += $2} END {print s + 0}')
same "region aggregate (M49 Northern America)" "$(jget "$tmp/na.json" 'r["networks"]')" "$nna"
status "unknown region" 2 "manrs: --region 'Atlantis': not a UN M49 region, sub-region or intermediate region" \
	"$manrs" report --db "$db" --month 2002-07 --region Atlantis

# ---- CSV (RFC 4180: CRLF, quotes only where needed, doubled inside) ----
# One network: the records rebuilt from its JSON report by Python's csv module.
for a in 18973 3333 21869; do
	"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --month 2002-07 --json "$a" > "$tmp/c$a.json"
	"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --month 2002-07 --csv "$a" > "$tmp/c$a.csv"
	python3 - "$tmp/c$a.json" > "$tmp/c$a.want" <<'PY'
import csv, json, sys
r = json.load(open(sys.argv[1]))
w = csv.writer(sys.stdout, lineterminator="\r\n")
def s(v):
    return "" if v is None else str(v)
head = [r["asn"], r["month"], s(r["holder"]), s(r["name"]), s(r["country"])]
w.writerow(["asn", "month", "holder", "name", "country", "item", "score", "level", "status", "detail"])
for a, v in r["actions"].items():
    w.writerow(head + [a, s(v["score"]), v["level"], "partial" if v.get("partial") else "",
                       "raw=%s;from=%s" % (v["raw"], "+".join(v["from"])) if "from" in v else ""])
counts = {"M3": ("raw", "incidents"), "M5": ("tests", "received_prefixes"), "M8": ("contacts", "peeringdb_net"),
          "M7IRR": ("registered", "unregistered"), "M7RPKI": ("valid", "invalid", "not_found")}
for m in ("M1", "M1C", "M2", "M2C", "M3C", "M4", "M4C"):
    counts[m] = ("raw", "incidents", "in_filtering")
for m, v in r["metrics"].items():
    if v.get("status") == "no data":
        w.writerow(head + [m, "", "", "no data", v["reason"]])
        continue
    kv = ["%s=%s" % (k, str(v[k]).lower() if isinstance(v[k], bool) else v[k]) for k in counts[m]]
    if m.startswith("M3") or m.startswith("M1") or m.startswith("M2") or m.startswith("M4"):
        kv.append("evidence=%d" % len(v["evidence"]))
    w.writerow(head + [m, s(v["score"]), "", "", ";".join(kv)])
PY
	if cmp -s "$tmp/c$a.csv" "$tmp/c$a.want"; then ok "AS$a CSV: the JSON report's values, RFC 4180"
	else bad "AS$a CSV differs from the JSON report: $(diff "$tmp/c$a.csv" "$tmp/c$a.want" | head -3)"; fi
done
"$manrs" report --db "$db" --month 2002-07 --country US --csv > "$tmp/us.csv"
same "country CSV" "$(od -c "$tmp/us.csv" | head -2 | tail -1 | tr -s ' ')" \
	"$(printf 'month,selection,value,action,networks,mean,ready,aspiring,lagging,no_data\r\n' | od -c | head -2 | tail -1 | tr -s ' ')"
same "country CSV rpki record" "$(grep ',rpki,' "$tmp/us.csv" | od -c | tr -s ' ' | head -3)" \
	"$(printf '2002-07,country,US,rpki,%s,0,0,0,%s,0\r\n' "$nus" "$nus" | od -c | tr -s ' ' | head -3)"
"$manrs" score --db "$db" --config "$here/min-peers-1.conf" --month 2002-07 --csv > "$tmp/scores.csv"
same "score CSV: one record per stored score" "$(($(wc -l < "$tmp/scores.csv") - 1))" \
	"$(sqlite3 "$db" 'SELECT count(*) FROM scores WHERE month = 200207')"
python3 - "$db" > "$tmp/score.want" <<'PY'
import csv, sqlite3, sys
def num(v):
    if v is None:
        return ""
    t = ("%.4f" % v).rstrip("0").rstrip(".")
    return "0" if t == "-0" else t
w = csv.writer(sys.stdout, lineterminator="\r\n")
for r in sqlite3.connect(sys.argv[1]).execute("SELECT asn, country, filtering, filtering_level, anti_spoofing,"
        " anti_spoofing_level, coordination, coordination_level, irr, irr_level, rpki, rpki_level, inputs"
        " FROM scores WHERE month = 200207 ORDER BY asn"):
    w.writerow(["2002-07", r[0], r[1]] + [num(r[i]) if i % 2 == 0 else r[i] for i in range(2, 12)] + [r[12]])
PY
if tail -n +2 "$tmp/scores.csv" | cmp -s - "$tmp/score.want"; then ok "score CSV records: the scores table, RFC 4180 (Python csv)"
else bad "score CSV differs from the scores table: $(tail -n +2 "$tmp/scores.csv" | diff - "$tmp/score.want" | head -3)"; fi
same "score CSV record with a quoted field" "$(grep '^2002-07,18973,' "$tmp/scores.csv")" \
	'2002-07,18973,,1,ready,,no-data,,no-data,0.75,lagging,0,lagging,"vrp=1,irr=3,delegated=5"'$'\r'
"$manrs" report --db "$db" --json --csv 3333 > "$tmp/out" 2> "$tmp/err"
same "--json with --csv: usage, exit 2, nothing printed" "$?:$(head -1 "$tmp/err"):$(wc -c < "$tmp/out")" \
	"2:manrs report: --json and --csv exclude each other:0"

# ---- participants ----
printf 'organisation,program,asns,joined\n"Example, Inc.",netops,AS3333 18973,2019-01-15\nHandmade Net,netops,21869,2020-05-01\n' > "$tmp/p.csv"
status "participants load (CSV)" 0 "" "$manrs" participants load --db "$db" "$tmp/p.csv"
same "participants summary" "$(cat "$tmp/out")" "2 participants, 3 ASNs loaded"
printf '[{"organisation": "Lab IXP", "program": "ixp", "asns": [64512], "joined": "2021-01-01"}]' > "$tmp/p.json"
status "participants load (JSON)" 0 "" "$manrs" participants load --db "$db" "$tmp/p.json"
printf 'organisation,program,asns,joined\nX,isp,1,2020-01-01\n' > "$tmp/bad.csv"
status "participants: bad program" 1 "manrs: $tmp/bad.csv: line 2: program 'isp' is not netops, ixp, cdn or vendor" \
	"$manrs" participants load --db "$db" "$tmp/bad.csv"
"$manrs" report --db "$db" --month 2002-07 --participants --json > "$tmp/parts.json"
same "participants aggregate" "$(jget "$tmp/parts.json" '[r["networks"], r["actions"]["rpki"]["ready"], r["actions"]["rpki"]["lagging"], r["actions"]["irr"]["mean"]]')" \
	"[3, 1, 2, 0.55]"
same "conformance (worst level per Action over the ASNs)" \
	"$(jget "$tmp/parts.json" '[(p["organisation"], p["levels"]["rpki"], p["levels"]["irr"], p["conformance"]) for p in r["participants"]]')" \
	"[('Example, Inc.', 'lagging', 'lagging', 'not-met'), ('Handmade Net', 'ready', 'lagging', 'no-data'), ('Lab IXP', 'no-data', 'no-data', 'no-data')]"
"$manrs" report --db "$db" --month 2002-07 --participants --csv > "$tmp/parts.csv"
printf '%s\r\n' 'month,organisation,program,joined,asns,filtering,anti_spoofing,coordination,irr,rpki,conformance,required_not_ready,recommended_not_ready' \
	'2002-07,"Example, Inc.",netops,2019-01-15,3333 18973,ready,no-data,no-data,lagging,lagging,not-met,coordination irr rpki,anti_spoofing' \
	'2002-07,Handmade Net,netops,2020-05-01,21869,ready,no-data,no-data,lagging,ready,no-data,coordination,anti_spoofing' \
	'2002-07,Lab IXP,ixp,2021-01-01,64512,no-data,no-data,no-data,no-data,no-data,no-data,filtering coordination,irr rpki' > "$tmp/parts.want"
if cmp -s "$tmp/parts.csv" "$tmp/parts.want"; then ok "participants CSV, exact bytes (quoted comma)"
else bad "participants CSV: $(diff "$tmp/parts.csv" "$tmp/parts.want" | head -4)"; fi
printf 'organisation,program,asns,joined\n"Say ""hi"", Ltd",cdn,3333,2022-02-02\n' > "$tmp/q.csv"
"$manrs" participants load --db "$tmp/names.db" "$tmp/q.csv" > /dev/null
"$manrs" score --db "$tmp/names.db" --config "$here/min-peers-1.conf" --month 2002-07 > /dev/null
same "quotes doubled inside a quoted field" "$("$manrs" report --db "$tmp/names.db" --month 2002-07 --participants --csv | grep -o '^2002-07,"Say.*,cdn,')" \
	'2002-07,"Say ""hi"", Ltd",cdn,'

# ---- participants as a dated snapshot (refdata load --kind participants) ----
cp "$db" "$tmp/ps.db"
printf 'organisation,program,asns,joined\nHandmade Net,netops,21869,2020-05-01\nSnap Org,cdn,AS18973,2021-01-01\nSnap Org,cdn,3333;18973,2021-02-02\n' > "$tmp/ps.csv"
status "load participants snapshot" 0 "" "$manrs" refdata load -q --db "$tmp/ps.db" --kind participants --time 2002-07-01 "$tmp/ps.csv"
"$manrs" report --db "$tmp/ps.db" --month 2002-07 --participants --json > "$tmp/ps.json"
same "participants from the snapshot, not the table" \
	"$(jget "$tmp/ps.json" '[r["participants_from"]["source"], r["participants_from"]["newer_than_period"], [(p["organisation"], p["program"], p["joined"], p["asns"]) for p in r["participants"]]]')" \
	"['ps.csv', False, [('Handmade Net', 'netops', '2020-05-01', [21869]), ('Snap Org', 'cdn', '2021-02-02', [3333, 18973])]]"
same "snapshot participants aggregate" "$(jget "$tmp/ps.json" '[r["networks"], r["actions"]["rpki"]["ready"]]')" "[3, 1]"
"$manrs" report --db "$tmp/ps.db" --month 2002-07 --participants --csv > "$tmp/ps.out"
printf '%s\r\n' 'month,organisation,program,joined,asns,filtering,anti_spoofing,coordination,irr,rpki,conformance,required_not_ready,recommended_not_ready' \
	'2002-07,Handmade Net,netops,2020-05-01,21869,ready,no-data,no-data,lagging,ready,no-data,coordination,anti_spoofing' \
	'2002-07,Snap Org,cdn,2021-02-02,3333 18973,ready,no-data,no-data,lagging,lagging,not-met,anti_spoofing coordination irr rpki,' > "$tmp/ps.want"
if cmp -s "$tmp/ps.out" "$tmp/ps.want"; then ok "snapshot participants CSV, exact bytes"
else bad "snapshot participants CSV: $(diff "$tmp/ps.out" "$tmp/ps.want" | head -4)"; fi
"$manrs" report --db "$db" --month 2002-07 --participants --json > "$tmp/pt.json"
same "no participants snapshot: the table" "$(jget "$tmp/pt.json" 'r["participants_from"]')" "{'table': 'participants load'}"
printf '[{"organisation": "Later", "program": "ixp", "asns": [64512], "joined": "2003-01-01"}]' > "$tmp/ps2.json"
"$manrs" refdata load -q --db "$tmp/ps.db" --kind participants --time 2003-01-01 "$tmp/ps2.json" > /dev/null
"$manrs" report --db "$tmp/ps.db" --month 2002-07 --participants --json > "$tmp/ps.json"
same "a later snapshot is not used for July" "$(jget "$tmp/ps.json" 'r["participants_from"]["source"]')" "ps.csv"
"$manrs" report --db "$tmp/ps.db" --month 2002-06 --participants --json > "$tmp/ps.json"
same "June: the oldest snapshot, said so" "$(jget "$tmp/ps.json" '[r["participants_from"]["source"], r["participants_from"]["newer_than_period"]]')" \
	"['ps.csv', True]"
printf 'organisation,program,asns,joined\nX,isp,1,2020-01-01\n' > "$tmp/psbad.csv"
status "participants snapshot: bad program refused" 1 \
	"manrs: $tmp/psbad.csv: not loadable as participants: line 2: program 'isp' is not netops, ixp, cdn or vendor" \
	"$manrs" refdata load --db "$tmp/ps.db" --kind participants "$tmp/psbad.csv"

# ---- AS names (a copy of the database, so the reports above keep no name) ----
cp "$db" "$tmp/names.db"
names=$root/data/asnames/asnames-2023.slice.txt.gz
status "load asnames" 0 "" "$manrs" refdata load --db "$tmp/names.db" --kind asnames --time 2002-07-01 "$names"
same "asnames summary" "$(cat "$tmp/out")" \
	"asnames	asnames-2023.slice.txt.gz	snapshot 6	2002-07-01T00:00:00Z (option)	3923 records	stored"
want_name=$(zcat "$names" | awk -F: '$1 == 3333 { sub(/^[^:]*:/, ""); sub(/, [A-Z][A-Z]$/, ""); print }')
same "name from the file (awk)" "$want_name" "RIPE-NCC-AS Reseaux IP Europeens Network Coordination Centre RIPE NCC"
"$manrs" report --db "$tmp/names.db" --config "$here/min-peers-1.conf" --month 2002-07 --json 3333 > "$tmp/n3333.json"
same "JSON name and holder (no PeeringDB: the AS name)" "$(jget "$tmp/n3333.json" '[r["name"], r["holder"], r["inputs"]["asnames"]["snapshot"]]')" \
	"['$want_name', '$want_name', 6]"
"$manrs" report --db "$tmp/names.db" --config "$here/min-peers-1.conf" --month 2002-07 3333 > "$tmp/n3333.txt"
same "text names the holder" "$(head -1 "$tmp/n3333.txt")" "AS3333  2002-07  $want_name  (country unknown)"
"$manrs" report --db "$db" --config "$here/min-peers-1.conf" --month 2002-07 --json 3333 > "$tmp/nn.json"
same "no asnames snapshot: name null" "$(jget "$tmp/nn.json" 'r["name"]')" "None"
printf '64496:NAME: WITH COLONS, NL\n64497:NO COUNTRY\n' > "$tmp/names.txt"
status "colons in names, no country" 0 "" "$manrs" refdata load -q --db "$tmp/names.db" --kind asnames --time 2002-08-01 "$tmp/names.txt"
printf 'not a name line\n' > "$tmp/badnames.txt"
status "asnames: nothing loadable" 1 "manrs: $tmp/badnames.txt: not loadable as asnames: no AS names in it (lines 'ASN:NAME, CC')" \
	"$manrs" refdata load --db "$tmp/names.db" --kind asnames "$tmp/badnames.txt"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
