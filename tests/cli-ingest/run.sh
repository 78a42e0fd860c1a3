#!/bin/bash
# Command-line tests of `manrs ingest`: the 2002-07-22 rrc00 update file and
# RIB dump ingested, every observation row compared with an independent
# Python model over bgpdump's -m output (oracle.py); chosen values spelled
# out; idempotency; two runs equal to one; kill -9 at random moments then a
# rerun equal to a clean run; refusal of foreign, non-SQLite and newer
# databases; $MANRS_DB; collector names from archive paths; exit statuses.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
mrt=$root/data/mrt
upd=$mrt/bgpdump-updates.20020722.2238.gz
rib=$mrt/ris-rrc00-bview.20020722.2337.gz
oracle=$here/oracle.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
unset MANRS_DB

ok() { echo "PASS cli-ingest $1"; pass=$((pass + 1)); }
bad() { echo "FAIL cli-ingest $1"; fail=$((fail + 1)); }

# same NAME GOT WANT
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
		bad "$name: exit $rc (want $want_rc), stderr:"
		head -3 "$tmp/err"
	fi
}

if ! command -v sqlite3 > /dev/null || ! command -v python3 > /dev/null; then
	echo "sqlite3 and python3 are needed (scripts/setup.sh installs them)"
	echo "0 passed, 1 failed"
	exit 1
fi

# The route elements, from bgpdump when installed (the independent parser),
# else from manrs's own bgpdump-identical output.
dump() {
	if command -v bgpdump > /dev/null; then bgpdump -m "$1" 2> /dev/null; else "$manrs" mrt dump -m "$1"; fi
}
dump "$upd" > "$tmp/upd.txt"
dump "$rib" > "$tmp/rib.txt"
# FIRST:LAST record times of a file, as `manrs mrt stats` reads them
span() { "$manrs" mrt stats "$1" | sed -n 's/^\(first\|last\) record:.*(\([0-9]*\))$/\2/p' | paste -sd:; }
python3 "$oracle" "$tmp/upd.txt:updates:$(span "$upd")" "$tmp/rib.txt:rib:$(span "$rib")" > "$tmp/want"
q() { sqlite3 -separator '|' "$@"; }
# A canonical dump of the observation tables (ids included: they must not
# depend on where a run was killed).
canon() {
	q "$1" "SELECT 'peer', id, collector_id, ip, asn FROM peers ORDER BY id;
		SELECT 'day', day, p.prefix, origin, first_seen, last_seen, seconds, n_peers, n_collectors,
			hex(peers), hex(collectors) FROM obs_day o JOIN prefixes p ON p.id = o.prefix_id
			ORDER BY day, p.prefix, origin;
		SELECT 'month', month, p.prefix, origin, first_seen, last_seen, seconds, n_peers, n_collectors,
			hex(peers), hex(collectors) FROM obs_month o JOIN prefixes p ON p.id = o.prefix_id
			ORDER BY month, p.prefix, origin;"
}

# ---- One run over both files (given out of time order) ------------------
db=$tmp/a.db
"$manrs" ingest --db "$db" --collector rrc00 --min-peers 1 --json "$rib" "$upd" > "$tmp/json" 2> "$tmp/err"
same "exit status of a clean run" "$?" 0
same "a clean run is silent off a terminal" "$(cat "$tmp/err")" ""
python3 "$oracle" --db "$db" > "$tmp/got"
if cmp -s "$tmp/got" "$tmp/want"; then ok "every observation row equals the model over bgpdump -m"; else
	bad "observation rows differ from the model"; diff "$tmp/want" "$tmp/got" | head -5; fi
same "rows compared" "$(wc -l < "$tmp/got")" "$(wc -l < "$tmp/want")"

# Values spelled out, each from the model and from the database.
want_pairs=$(grep -c '^month|200207|' "$tmp/want")
same "distinct prefix-origin pairs in 2002-07 (sqlite3)" \
	"$(q "$db" 'SELECT count(*) FROM obs_month WHERE month = 200207')" "$want_pairs"
same "distinct prefix-origin pairs in 2002-07 (model)" "$want_pairs" 112886
same "distinct prefixes (sqlite3)" "$(q "$db" 'SELECT count(*) FROM prefixes')" \
	"$(cut -d'|' -f3 "$tmp/want" | sort -u | wc -l)"
want5=$(awk -F'|' '$1 == "month" && $8 >= 5' "$tmp/want" | wc -l)
python3 - "$tmp/json" "$want_pairs" > "$tmp/jcheck" << 'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
print(j["ingested"], j["records"], j["elements"], j["skipped"], j["min_peers"],
      [(m["month"], m["announced_pairs"]) for m in j["months"]] == [(200207, int(sys.argv[2]))],
      [(f["path"].rsplit("/", 1)[1], f["status"], f["kind"], f["collector"], f["records"], f["first"], f["last"])
       for f in j["files"]])
EOF
same "--json summary" "$(cat "$tmp/jcheck")" \
	"2 116642 118858 0 1 True [('bgpdump-updates.20020722.2238.gz', 'ingested', 'updates', 'rrc00', 1121, 1027377514, 1027378413), ('ris-rrc00-bview.20020722.2337.gz', 'ingested', 'rib', 'rrc00', 115521, 1027381055, 1027381057)]"
# 3.0.0.0/8 from AS80: the peers that had it, and when.
same "peers of 3.0.0.0/8 AS80 in 2002-07 (model)" \
	"$(awk -F'|' '$1 == "month" && $3 == "3.0.0.0/8" && $4 == 80 {print $8, $10}' "$tmp/want")" \
	"$(awk -F'|' '$1 == "month" && $3 == "3.0.0.0/8" && $4 == 80 {print $8, $10}' "$tmp/got")"
same "peers of 3.0.0.0/8 AS80 from bgpdump -m" \
	"$(awk -F'|' '$6 == "3.0.0.0/8" {print $4, $5}' "$tmp/rib.txt" | sort | tr '\n' ',' | sed 's/,$//')" \
	"$(awk -F'|' '$1 == "month" && $3 == "3.0.0.0/8" && $4 == 80 {print $10}' "$tmp/got")"
same "first and last seen of 3.0.0.0/8 AS80 (sqlite3)" \
	"$(q "$db" "SELECT o.first_seen, o.last_seen FROM obs_day o JOIN prefixes p ON p.id = o.prefix_id
		WHERE p.prefix = '3.0.0.0/8' AND o.origin = 80 AND o.day = 20020722")" \
	"$(awk -F'|' '$1 == "day" && $3 == "3.0.0.0/8" && $4 == 80 {print $5 "|" $6}' "$tmp/want")"
same "files recorded" "$(q "$db" 'SELECT kind, status, records, elements, skipped, closed_at IS NOT NULL
	FROM files ORDER BY first_ts')" "updates|ok|1121|3337|0|0
rib|ok|115521|115521|0|1"
same "peers recorded" "$(q "$db" 'SELECT count(*) FROM peers')" \
	"$(cat "$tmp/upd.txt" "$tmp/rib.txt" | cut -d'|' -f4,5 | sort -u | wc -l)"
same "schema version and application_id" "$(q "$db" 'PRAGMA user_version; PRAGMA application_id; PRAGMA journal_mode')" \
	"6
1296978515
wal"

# ---- Idempotency ----------------------------------------------------------
canon "$db" > "$tmp/clean"
status "the same files again: already ingested, exit 0" 0 "manrs: $upd: already ingested
manrs: $rib: already ingested" "$manrs" ingest --db "$db" --collector rrc00 "$rib" "$upd"
canon "$db" > "$tmp/got"
if cmp -s "$tmp/got" "$tmp/clean"; then ok "the second run changes nothing"; else bad "the second run changed rows"; fi
same "still two files" "$(q "$db" 'SELECT count(*) FROM files')" 2
cp "$upd" "$tmp/renamed.gz"
status "a renamed copy is the same file" 0 "manrs: $tmp/renamed.gz: already ingested" \
	"$manrs" ingest --db "$db" --collector rrc00 "$tmp/renamed.gz"

cp "$upd" "$tmp/copy.gz"
status "the same content twice in one run is read once" 0 "manrs: $tmp/copy.gz: the same content as $upd; read once" \
	"$manrs" ingest --db "$tmp/dup.db" --collector rrc00 "$upd" "$tmp/copy.gz"
same "... one file row" "$(q "$tmp/dup.db" 'SELECT count(*) FROM files')" 1

# ---- Two runs equal one -----------------------------------------------------
db2=$tmp/b.db
"$manrs" ingest -q --db "$db2" --collector rrc00 "$upd" > /dev/null
status "second run: the known file is read again for the route state" 0 \
	"manrs: $upd: already ingested; read again for the route state only" \
	"$manrs" ingest --db "$db2" --collector rrc00 "$upd" "$rib"
canon "$db2" > "$tmp/got"
if cmp -s "$tmp/got" "$tmp/clean"; then ok "updates then (updates + RIB) equals one run"; else
	bad "two runs differ from one"; diff "$tmp/clean" "$tmp/got" | head -5; fi

# ---- Days and gaps: the update file moved by a day and by ten days -----------
python3 "$here/shift.py" "$upd" 86400 "$tmp/upd-day2.gz"
python3 "$here/shift.py" "$upd" 864000 "$tmp/upd-day11.gz"
dump "$tmp/upd-day2.gz" > "$tmp/upd2.txt"
dump "$tmp/upd-day11.gz" > "$tmp/upd11.txt"
python3 "$oracle" "$tmp/upd.txt:updates:$(span "$upd")" "$tmp/upd2.txt:updates:$(span "$tmp/upd-day2.gz")" \
	> "$tmp/want-days"
python3 "$oracle" "$tmp/upd.txt:updates:$(span "$upd")" "$tmp/upd11.txt:updates:$(span "$tmp/upd-day11.gz")" \
	> "$tmp/want-gap"
"$manrs" ingest -q --db "$tmp/days.db" --collector rrc00 "$upd" "$tmp/upd-day2.gz" > /dev/null
python3 "$oracle" --db "$tmp/days.db" > "$tmp/got"
if cmp -s "$tmp/got" "$tmp/want-days"; then ok "next day: routes counted to midnight, rows equal the model"; else
	bad "next day: rows differ from the model"; diff "$tmp/want-days" "$tmp/got" | head -5; fi
same "... midnight kept as the first file's closed_at" \
	"$(q "$tmp/days.db" 'SELECT closed_at FROM files ORDER BY first_ts')" "1027382400
1027464813"
same "... day rows on both days" "$(q "$tmp/days.db" 'SELECT day, count(*) FROM obs_day GROUP BY day')" \
	"$(awk -F'|' '$1 == "day" {print $2}' "$tmp/want-days" | sort | uniq -c | awk '{print $2 "|" $1}')"
"$manrs" ingest -q --db "$tmp/days2.db" --collector rrc00 "$upd" > /dev/null
"$manrs" ingest -q --db "$tmp/days2.db" --collector rrc00 "$upd" "$tmp/upd-day2.gz" > /dev/null 2>&1
python3 "$oracle" --db "$tmp/days2.db" > "$tmp/got"
if cmp -s "$tmp/got" "$tmp/want-days"; then ok "next day in a second run: equal to one run"; else
	bad "next day in a second run differs"; diff "$tmp/want-days" "$tmp/got" | head -5; fi
"$manrs" ingest -q --db "$tmp/gap.db" --collector rrc00 "$upd" "$tmp/upd-day11.gz" > /dev/null
python3 "$oracle" --db "$tmp/gap.db" > "$tmp/got"
if cmp -s "$tmp/got" "$tmp/want-gap"; then ok "a ten-day gap: state starts afresh, rows equal the model"; else
	bad "gap: rows differ from the model"; diff "$tmp/want-gap" "$tmp/got" | head -5; fi
same "... no day rows in the gap" "$(q "$tmp/gap.db" 'SELECT group_concat(DISTINCT day) FROM obs_day')" \
	"20020722,20020801"

# ---- kill -9 at random moments, then a rerun ----------------------------------
for point in 1 2 3; do
	db3=$tmp/crash$point.db
	"$manrs" ingest -q --db "$db3" --collector rrc00 "$upd" "$rib" > /dev/null 2>&1 &
	pid=$!
	sleep "$(python3 -c "import random; print(round(random.uniform(0.02, 2.5), 2))")"
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	integrity=ok
	[ -s "$db3" ] && integrity=$(q "$db3" 'PRAGMA integrity_check' 2>&1)
	"$manrs" ingest -q --db "$db3" --collector rrc00 "$upd" "$rib" > /dev/null 2>&1
	rc=$?
	canon "$db3" > "$tmp/got"
	if [ "$integrity" = ok ] && [ "$rc" -eq 0 ] && cmp -s "$tmp/got" "$tmp/clean"; then
		ok "kill -9 at random point $point, rerun: equal to a clean run"
	else
		bad "kill -9 at random point $point: integrity '$integrity', rerun exit $rc"
		diff "$tmp/clean" "$tmp/got" | head -3
	fi
done

# ---- --min-peers -------------------------------------------------------------------
db4=$tmp/c.db
"$manrs" ingest --db "$db4" --collector rrc00 --min-peers 5 "$upd" "$rib" > "$tmp/out"
same "--min-peers 5 summary" "$(tail -1 "$tmp/out")" \
	"2002-07: $want5 prefix-origin pairs announced (seen by >= 5 peers)"
same "--min-peers 5 count (sqlite3)" \
	"$(q "$db4" 'SELECT count(*) FROM obs_month WHERE month = 200207 AND n_peers >= 5')" "$want5"

env -u MANRS_CONFIG "$manrs" ingest --db "$tmp/d5.db" --collector rrc00 "$upd" "$rib" > "$tmp/out"
same "default: the settings' ingest.min_peers (5)" "$(tail -1 "$tmp/out")" \
	"2002-07: $want5 prefix-origin pairs announced (seen by >= 5 peers)"
printf '[ingest]\nmin_peers = 1\n' > "$tmp/mp1.conf"
MANRS_CONFIG=$tmp/mp1.conf "$manrs" ingest --db "$tmp/d1.db" --collector rrc00 "$upd" "$rib" > "$tmp/out"
same "\$MANRS_CONFIG sets the default" "$(tail -1 "$tmp/out")" \
	"2002-07: $want_pairs prefix-origin pairs announced (seen by >= 1 peer)"
printf '[ingest]\nmin_peers = zero\n' > "$tmp/bad.conf"
status "a bad \$MANRS_CONFIG: exit 1" 1 "manrs: $tmp/bad.conf: line 2: ingest.min_peers: not a whole number" \
	env MANRS_CONFIG="$tmp/bad.conf" "$manrs" ingest --db "$tmp/d2.db" --collector rrc00 "$upd"

# ---- $MANRS_DB and refusing what is not ours -----------------------------------------
(cd "$tmp" && MANRS_DB=$tmp/env.db "$manrs" ingest -q --collector rrc00 "$upd" > /dev/null)
same "\$MANRS_DB names the database" "$(q "$tmp/env.db" 'SELECT count(*) FROM files')" 1
(cd "$tmp" && "$manrs" ingest -q --collector rrc00 "$upd" > /dev/null)
same "default ./manrs.db" "$(q "$tmp/manrs.db" 'SELECT count(*) FROM files')" 1
sqlite3 "$tmp/other.db" 'CREATE TABLE notes (x); INSERT INTO notes VALUES (1);'
before=$(md5sum < "$tmp/other.db")
status "another application's SQLite database" 1 \
	"manrs: $tmp/other.db: not a manrs database (an SQLite database of another application, application_id 0)" \
	"$manrs" ingest --db "$tmp/other.db" --collector rrc00 "$upd"
same "... left untouched" "$(md5sum < "$tmp/other.db")" "$before"
printf 'not a database\n' > "$tmp/text.db"
status "a file that is not SQLite" 1 "manrs: $tmp/text.db: not a manrs database (not an SQLite file)" \
	"$manrs" ingest --db "$tmp/text.db" --collector rrc00 "$upd"
cp "$db4" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" 'PRAGMA user_version = 99'
status "a newer schema" 1 \
	"manrs: $tmp/newer.db: database schema version 99 is newer than this manrs supports (6); use a newer manrs" \
	"$manrs" ingest --db "$tmp/newer.db" --collector rrc00 "$upd"
status "a directory as database" 1 "manrs: $tmp: not a manrs database (not a regular file)" \
	"$manrs" ingest --db "$tmp" --collector rrc00 "$upd"

# ---- Collector names from archive paths --------------------------------------------------
mkdir -p "$tmp/rrc00/2002.07" "$tmp/route-views2/bgpdata/2002.07/UPDATES" "$tmp/x"
cp "$upd" "$tmp/rrc00/2002.07/updates.20020722.2238.gz"
cp "$upd" "$tmp/route-views2/bgpdata/2002.07/UPDATES/updates.20020722.2238.gz"
cp "$upd" "$tmp/x/rv2-updates.20020722.2238.gz"
cp "$upd" "$tmp/x/updates.20020722.2238.gz"
for p in rrc00/2002.07/updates.20020722.2238.gz route-views2/bgpdata/2002.07/UPDATES/updates.20020722.2238.gz \
	x/rv2-updates.20020722.2238.gz; do
	rm -f "$tmp/n.db"*
	"$manrs" ingest -q --db "$tmp/n.db" "$tmp/$p" > /dev/null
	echo "$(q "$tmp/n.db" 'SELECT name FROM collectors')"
done > "$tmp/names"
same "collector from the path" "$(tr '\n' ' ' < "$tmp/names")" "rrc00 route-views2 rv2 "
status "no collector in the path" 2 \
	"manrs ingest: $tmp/x/updates.20020722.2238.gz: cannot tell the collector from the path; use --collector" \
	"$manrs" ingest --db "$tmp/n2.db" "$tmp/x/updates.20020722.2238.gz"

# ---- Exit statuses ----------------------------------------------------------------------------
status "missing file" 1 "manrs: $tmp/nope.gz: No such file or directory" \
	"$manrs" ingest --db "$tmp/m.db" --collector rrc00 --json "$upd" "$tmp/nope.gz"
same "... prints no summary" "$(cat "$tmp/out")" ""
same "... the readable file is ingested" "$(q "$tmp/m.db" 'SELECT count(*) FROM files')" 1
: > "$tmp/empty.mrt"
status "empty file" 1 "manrs: $tmp/empty.mrt: no MRT record in the file" \
	"$manrs" ingest --db "$tmp/m.db" --collector rrc00 "$tmp/empty.mrt"
"$manrs" ingest -q --db "$tmp/t.db" --collector rrc00 "$mrt/truncated/bgpdump-updates.20020722.2238.first6000.gz" > /dev/null
same "truncated file: exit 3" "$?" 3
same "truncated file recorded as such" "$(q "$tmp/t.db" 'SELECT status, skipped FROM files')" "truncated|1"
"$manrs" ingest --db "$tmp/u.db" > /dev/null 2> "$tmp/err"
same "no file: exit 2 and the usage" "$? $(head -1 "$tmp/err")" \
	"2 usage: manrs ingest [--db FILE] [--collector NAME] [--min-peers N] [--no-detect]"
status "--min-peers 0" 2 "manrs ingest: --min-peers: '0' is not a number from 1 to 100000" \
	"$manrs" ingest --db "$tmp/u.db" --min-peers 0 "$upd"
status "bad collector name" 2 \
	"manrs ingest: --collector: 'a/b' is not a collector name (letters, digits, '-', '.', '_'; at most 64)" \
	"$manrs" ingest --db "$tmp/u.db" --collector a/b "$upd"

# ---- prune: months before newest - N + 1 go, the rest stays exactly ----
pdb=$tmp/prune.db
"$manrs" ingest -q --db "$pdb" --collector rrc00 "$mrt/ris-rrc00-updates.20000102.2014.gz" \
	"$mrt/ris-rrc00-updates.20000325.0345.gz" "$upd" > /dev/null
"$manrs" ingest -q --db "$pdb" --collector rrc03 "$mrt/ris-rrc03-updates.20100227.1600.first-796-records.gz" > /dev/null
same "prune: the months ingested" "$(q "$pdb" 'SELECT group_concat(month) FROM (SELECT DISTINCT month FROM obs_month ORDER BY month)')" \
	"200001,200003,200207,201002"
for m in 200207 201002; do
	q "$pdb" "INSERT INTO scores (month, asn, country, filtering_level, anti_spoofing_level, coordination_level,
		irr_level, rpki_level, inputs, computed_at) VALUES ($m, 3333, 'NL', 'no-data', 'no-data', 'no-data',
		'no-data', 'no-data', '', 0)"
done
keep_day=$(q "$pdb" "SELECT count(*) FROM obs_day WHERE day >= 20090301")
keep_month=$(q "$pdb" "SELECT count(*) FROM obs_month WHERE month >= 200903")
keep_dump=$(q "$pdb" "SELECT * FROM obs_day WHERE day >= 20090301 ORDER BY 1, 2, 3; SELECT * FROM obs_month WHERE month >= 200903 ORDER BY 1, 2, 3" | md5sum)
gone_day=$(q "$pdb" "SELECT count(*) FROM obs_day WHERE day < 20090301")
gone_month=$(q "$pdb" "SELECT count(*) FROM obs_month WHERE month < 200903")
status "prune --dry-run" 0 "" "$manrs" prune --db "$pdb" --months 12 --dry-run
same "prune --dry-run: what would go" "$(cat "$tmp/out")" \
	"would prune before 2009-03 (keeping 12 months to 2010-02): $gone_day day rows, $gone_month month rows, 1 scores"
same "prune --dry-run deletes nothing" "$(q "$pdb" 'SELECT count(*) FROM obs_day') $(q "$pdb" 'SELECT count(*) FROM scores')" \
	"$((keep_day + gone_day)) 2"
status "prune --months 12" 0 "" "$manrs" prune --db "$pdb" --months 12
same "prune: summary" "$(cat "$tmp/out")" \
	"pruned before 2009-03 (keeping 12 months to 2010-02): $gone_day day rows, $gone_month month rows, 1 scores"
same "prune: rows left" "$(q "$pdb" 'SELECT count(*) FROM obs_day') $(q "$pdb" 'SELECT count(*) FROM obs_month') $(q "$pdb" 'SELECT group_concat(month) FROM scores')" \
	"$keep_day $keep_month 201002"
same "prune: the rows kept are unchanged" "$(q "$pdb" "SELECT * FROM obs_day ORDER BY 1, 2, 3; SELECT * FROM obs_month ORDER BY 1, 2, 3" | md5sum)" "$keep_dump"
"$manrs" ingest -q --db "$pdb" --collector rrc00 "$upd" > /dev/null 2>&1
same "prune: a pruned file stays known (no months back)" "$(q "$pdb" 'SELECT group_concat(DISTINCT month) FROM obs_month')" "201002"
same "prune: again, nothing left to prune" "$("$manrs" prune --db "$pdb" --months 12)" \
	"pruned before 2009-03 (keeping 12 months to 2010-02): 0 day rows, 0 month rows, 0 scores"
same "prune: default history.months (24)" "$("$manrs" prune --db "$pdb" --dry-run | cut -d: -f1)" \
	"would prune before 2008-03 (keeping 24 months to 2010-02)"
status "prune --months 11" 2 "manrs prune: --months: '11' is not a number from 12 to 1200" "$manrs" prune --db "$pdb" --months 11

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
