#!/bin/bash
# The main job on the bundled samples: build manrs, build an Observatory
# database from real data (15 minutes of RouteViews updates of 2024-10-28,
# the rpki-client VRP set of 2023-05-04, RIPE IRR route objects, RIR
# delegation stats, PeeringDB), score every network seen, and print a
# regional summary and one network's report with its evidence and fixes,
# and the incidents the detectors raised while ingesting. Then the decoder
# and reference-data tools on the other samples, and last the web
# Observatory over the database on 127.0.0.1:8080 (MANRS_DEMO_SERVE=0 to
# stop before it).
# The database is demo/manrs.db (or $1); it is rebuilt on each run.
set -eu  # no pipefail: the `| head` below close their pipes early on purpose
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
m=build/manrs
db=${1:-demo/manrs.db}
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"

echo "== manrs refdata load: dated reference-data snapshots, kept in the database"
$m refdata load --db "$db" --kind vrp data/rpki/rpki-client_ripe-prepdev_20230504.json.gz
$m refdata load --db "$db" --kind irr data/irr/ripe-slice/ripe-nonauth.db.route.gz \
	data/irr/ripe-slice/ripe-nonauth.db.route6.gz
$m refdata load --db "$db" --kind delegated data/refdata/rir/delegated-*
$m refdata load -q --db "$db" --kind peeringdb $(ls data/refdata/peeringdb/*.gz | grep -v auth-redacted) |
	awk '{print $1, $2, $3, $4, $5, "..."}' | head -2
$m refdata load --db "$db" --kind asnames --time 2023-01-01 data/asnames/asnames-2023.slice.txt.gz
echo
echo "== manrs ingest: RouteViews route-views2, 2024-10-28 00:00-00:15 (280,255 route elements),"
echo "   with the incident detectors on (they use the reference data loaded above)"
$m ingest --db "$db" --collector route-views2 data/mrt/rv2-updates.20241028.0000.bz2
echo
echo "== manrs incidents --min-suspicion 60 (first lines; 'manrs incident ID' explains one)"
$m incidents --db "$db" --min-suspicion 60 | cut -c1-160 | head -6
echo
echo "== manrs score: every network seen by at least 5 peers (etc/manrs.conf)"
$m score --db "$db"
echo
echo "== manrs report --region Americas"
$m report --db "$db" --region Americas
echo
echo "== manrs report 3329 (one network: every metric, its evidence and what to fix)"
$m report --db "$db" 3329 | head -40
echo "   (JSON: $m report --db $db --json 3329)"
echo
echo "== manrs mrt dump -m data/mrt/ris-rrc00-bview.20020722.2337.gz | head -3"
$m mrt dump -m data/mrt/ris-rrc00-bview.20020722.2337.gz | head -3
echo
echo "== manrs rov: the 2002 RIS RIB against the VRP sample (verdict counts)"
$m rov -q --vrps data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz \
	--routes data/mrt/ris-rrc00-bview.20020722.2337.gz 2>/dev/null | awk '{print $3}' | sort | uniq -c
echo
echo "== manrs aspa verify --upstream --mrt data/mrt/ris-rrc00-bview.20020722.2337.gz (made-up ASPAs)"
$m aspa verify -q --upstream --aspa tests/cli-aspa/aspa-2002.txt --mrt data/mrt/ris-rrc00-bview.20020722.2337.gz
echo
echo "== manrs irr expand AS-MNETDE --rpsl data/irr/ripe-slice/*.gz | head -3"
$m irr expand AS-MNETDE --rpsl data/irr/ripe-slice/*.gz 2>/dev/null | head -3
echo
echo "== manrs refdata check data/refdata (last lines)"
$m refdata check data/refdata 2>&1 | tail -4
echo
echo "Database: $db (sqlite3 $db .tables). Settings: etc/manrs.conf. Man pages: man -l docs/man/manrs.1"
# Last, the web Observatory over this database (MANRS_DEMO_SERVE=0 skips
# it; --listen below is the address; Ctrl-C stops it).
if [ "${MANRS_DEMO_SERVE:-1}" != 0 ]; then
	echo
	echo "== manrs serve --db $db --listen ${MANRS_DEMO_LISTEN:-127.0.0.1:8080} (Ctrl-C stops it)"
	exec $m serve --db "$db" --listen "${MANRS_DEMO_LISTEN:-127.0.0.1:8080}"
fi
