#!/bin/bash
# End-to-end tests of the web Observatory in headless Chromium (Debian's
# /usr/bin/chromium driven by playwright-core from web/package-lock.json):
# a database built by the real ingest from the bundled samples (as
# tests/cli-serve builds it), `manrs serve` on a free port of 127.0.0.1,
# then e2e.mjs crawls the header navigation in English, Spanish and French,
# opens a network report and an incident, checks that the charts, the world
# map and the path graph were drawn, and fails on any console error, page
# error, CSP violation or failed request. Screenshots go to
# e2e-screenshots/ next to the manrs binary (a build directory, never
# committed). A missing node, chromium or playwright-core is a failure.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
shots=${E2E_SCREENSHOTS:-$(dirname "$manrs")/e2e-screenshots}
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
unset MANRS_DB MANRS_CONFIG

ok() { echo "PASS e2e $1"; pass=$((pass + 1)); }
bad() { echo "FAIL e2e $1"; fail=$((fail + 1)); }
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

# ---- what the suite needs: a failure, never a skip ----
chromium=${CHROMIUM:-/usr/bin/chromium}
command -v node > /dev/null || { bad "node is not installed (apt-get install nodejs npm)"; finish; }
[ -x "$chromium" ] || { bad "$chromium is not installed (apt-get install chromium)"; finish; }
[ -f "$root/web/node_modules/playwright-core/package.json" ] ||
	{ bad "playwright-core is not installed in web/node_modules (cd web && npm ci; the build does it)"; finish; }
[ -x "$manrs" ] || { bad "no program $manrs"; finish; }

# ---- the database, by the real ingest (the samples of tests/cli-serve) ----
db=$tmp/obs.db
cd "$root"
"$manrs" ingest -q --db "$db" --collector route-views2 data/mrt/rv2-updates.20241028.0000.bz2 > /dev/null 2>&1 || bad "ingest"
"$manrs" refdata load -q --db "$db" --kind vrp data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz > /dev/null 2>&1 || bad "load vrp"
"$manrs" refdata load -q --db "$db" --kind irr data/irr/ripe-slice/ripe-nonauth.db.route.gz \
	data/irr/ripe-slice/ripe-nonauth.db.route6.gz > /dev/null 2>&1 || bad "load irr"
"$manrs" refdata load -q --db "$db" --kind delegated data/refdata/rir/delegated-* > /dev/null 2>&1 || bad "load delegated"
"$manrs" refdata load -q --db "$db" --kind peeringdb $(ls data/refdata/peeringdb/*.gz | grep -v auth-redacted) \
	> /dev/null 2>&1 || bad "load peeringdb"
"$manrs" score --db "$db" > /dev/null 2>&1 || bad "score"
"$manrs" participants load --db "$db" tests/cli-serve/participants.csv > /dev/null 2>&1 || bad "participants load"
python3 tests/cli-incidents/gen.py "$tmp" > /dev/null 2>&1 || bad "gen.py"
"$manrs" ingest -q --db "$db" --collector test "$tmp/test-bview.20080224.0000.mrt" \
	"$tmp/test-updates.20080224.0001.mrt" > /dev/null 2>&1 || bad "ingest the incident samples"

# ---- the server ----
"$manrs" serve --db "$db" --listen 127.0.0.1:0 --rate-limit 0 --threads 2 > "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
for _ in $(seq 100); do
	grep -q '^listening on ' "$tmp/serve.out" 2> /dev/null && break
	sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$tmp/serve.out")
if [ -z "$url" ]; then
	bad "server did not start: $(cat "$tmp/serve.err")"
	finish
fi
ok "server listening"

# ---- the browser ----
rm -rf "$shots"
mkdir -p "$shots"
node "$here/e2e.mjs" "$url" "$chromium" "$shots" "$tmp/profile" > "$tmp/e2e.out" 2>&1
rc=$?
cat "$tmp/e2e.out"
pass=$((pass + $(grep -c '^PASS ' "$tmp/e2e.out")))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/e2e.out")))
if grep -q '^e2e done$' "$tmp/e2e.out" && [ "$rc" -eq 0 ]; then ok "browser run ended"; else bad "browser run stopped early (exit $rc)"; fi
echo "screenshots: $shots ($(ls "$shots" | wc -l) files)"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" -eq 0 ] && ok "server stopped by SIGTERM" || bad "server exit $rc after SIGTERM"
finish
