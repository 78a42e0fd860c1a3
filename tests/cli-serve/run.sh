#!/bin/bash
# Tests of `manrs serve` and `manrs keys` over real HTTP: a database built
# by the real ingest from the bundled samples (15 minutes of RouteViews
# updates of 2024-10-28, the cut rpki-client VRP set of 2023-05-04, RIPE IRR
# route objects, RIR delegated stats, PeeringDB; scored; invented
# participants from participants.csv; the detectors' hand-made incidents
# of tests/cli-incidents), two servers on free ports of
# 127.0.0.1 (one open, one --members-only with a small rate limit), and a
# Python client (client.py) checking every endpoint against the command
# line's JSON, the OpenAPI document, ETags, CSV, paging, errors, hostile
# requests and keys. Then SIGTERM stops each server cleanly.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
unset MANRS_DB MANRS_CONFIG

ok() { echo "PASS cli-serve $1"; pass=$((pass + 1)); }
bad() { echo "FAIL cli-serve $1"; fail=$((fail + 1)); }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}

# ---- the database, by the real ingest ----
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
"$manrs" participants load --db "$db" "$here/participants.csv" > /dev/null 2>&1 || bad "participants load"
# The incident detectors' hand-made MRT files (tests/cli-incidents/gen.py:
# three planted incidents of 2008) on top, for the incident endpoints.
python3 "$root/tests/cli-incidents/gen.py" "$tmp" > /dev/null 2>&1 || bad "gen.py"
"$manrs" ingest -q --db "$db" --collector test "$tmp/test-bview.20080224.0000.mrt" \
	"$tmp/test-updates.20080224.0001.mrt" > /dev/null 2>&1 || bad "ingest the incident samples"

# ---- keys ----
"$manrs" keys add --db "$db" "member one" > "$tmp/key1" 2> "$tmp/err" || bad "keys add"
same "keys add prints id and key" "$(cut -f1 "$tmp/key1")	$(cut -f2 "$tmp/key1" | sed -E 's/^mk_[0-9a-f]{12}_[0-9a-f]{40}$/KEY/')" "1	KEY"
"$manrs" keys add --db "$db" "member two" > "$tmp/key2" || bad "keys add 2"
"$manrs" keys revoke --db "$db" 2 > "$tmp/out" 2> "$tmp/err"
same "keys revoke" "$?:$(cat "$tmp/out" "$tmp/err")" "0:"
"$manrs" keys revoke --db "$db" 2 > "$tmp/out" 2> "$tmp/err"
same "revoking twice" "$?:$(cat "$tmp/err")" "1:manrs: $db: key 2: no such key, or already revoked"
"$manrs" keys revoke --db "$db" x > /dev/null 2> "$tmp/err"
same "revoke a non-id" "$?:$(cat "$tmp/err")" "2:manrs keys: revoke 'x': not a key id"
"$manrs" keys --db "$db" > /dev/null 2>&1
same "keys without a subcommand" "$?" "2"
"$manrs" keys list --db "$db" --json > "$tmp/keys.json"
same "keys list --json" "$(python3 -c 'import json,sys; print([(k["id"], k["name"], k["revoked"] is None) for k in json.load(open(sys.argv[1]))])' "$tmp/keys.json")" \
	"[(1, 'member one', True), (2, 'member two', False)]"
secret=$(cut -f2 "$tmp/key1" | cut -d_ -f3)
same "the secret is not stored" "$(sqlite3 "$db" .dump | grep -c "$secret")" "0"
same "the stored hash is SHA-256(salt:secret)" \
	"$(sqlite3 "$db" "SELECT hash FROM api_keys WHERE id = 1")" \
	"$(printf '%s:%s' "$(sqlite3 "$db" "SELECT salt FROM api_keys WHERE id = 1")" "$secret" | sha256sum | cut -d' ' -f1)"

# ---- catalogues: the same keys everywhere, every key the pages use ----
python3 "$here/i18n_check.py" "$root/web/i18n" "$root/src/web/web_pages.c" > "$tmp/i18n.out" 2>&1
same "catalogues complete" "$?:$(cat "$tmp/i18n.out")" "0:"
mkdir "$tmp/i18n" && cp "$root"/web/i18n/*.tsv "$tmp/i18n/" && sed -i '/^fix\t/d' "$tmp/i18n/es.tsv"
python3 "$here/i18n_check.py" "$tmp/i18n" "$root/src/web/web_pages.c" > "$tmp/i18n.out" 2>&1
same "a missing key fails the check" "$?:$(cat "$tmp/i18n.out")" "1:es.tsv: missing key fix
es.tsv: missing key fix (used by the pages)"

# ---- start the servers ----
# start NAME ARGS...: runs manrs serve in the background, waits for its URL.
start() {
	local name=$1
	shift
	"$manrs" serve --db "$db" --listen 127.0.0.1:0 "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" &
	pids+=($!)
	eval "${name}_pid=$!"
	for _ in $(seq 100); do
		grep -q '^listening on ' "$tmp/$name.out" 2> /dev/null && break
		sleep 0.1
	done
	eval "${name}_url=$(sed -n 's/^listening on //p' "$tmp/$name.out")"
}
start open --rate-limit 0 --threads 2 --timeout 300 --access-log "$tmp/access.log"
start members --members-only --rate-limit 5 --per-ip 4 --threads 1
[ -n "$open_url" ] && ok "open server listening" || bad "open server did not start: $(cat "$tmp/open.err")"
[ -n "$members_url" ] && ok "members server listening" || bad "members server did not start: $(cat "$tmp/members.err")"

python3 "$here/client.py" "$open_url" "$members_url" "$manrs" "$db" "$root/web/openapi.json" "$(cut -f2 "$tmp/key1")" \
	"$(cut -f2 "$tmp/key2")" "$tmp" > "$tmp/client.out" 2>&1
cat "$tmp/client.out"
pass=$((pass + $(grep -c '^PASS ' "$tmp/client.out")))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/client.out")))
grep -q '^client done$' "$tmp/client.out" && ok "client ran to the end" || bad "client stopped early"

# ---- access log: one line per request, hostile bytes escaped ----
n_marker=$(grep -c '"GET /api/v2/scores/summary?region=Americas&marker=log" 200 ' "$tmp/access.log")
same "access log: one line per request" "$n_marker" "3"
same "access log: quotes and control bytes escaped" \
	"$(grep -c 'GET /api/v2/x\\x22y\\x5cz' "$tmp/access.log")" "1"

# ---- graceful stop ----
kill -TERM "$open_pid"
wait "$open_pid"
same "SIGTERM: exit 0" "$?" "0"
same "SIGTERM: message" "$(sed -E 's/after [0-9]+ requests/after N requests/' "$tmp/open.err")" \
	"manrs serve: SIGTERM: stopped after N requests"
kill -INT "$members_pid"
wait "$members_pid"
same "SIGINT: exit 0" "$?" "0"

# ---- exit statuses ----
"$manrs" serve --db "$db" --listen nonsense > /dev/null 2> "$tmp/err"
same "bad --listen" "$?:$(cat "$tmp/err")" "2:manrs serve: --listen 'nonsense': not ADDR:PORT or [ADDR]:PORT"
"$manrs" serve --db "$tmp/none.db" --listen 127.0.0.1:0 > "$tmp/out" 2> "$tmp/err"
same "missing database" "$?:$(cat "$tmp/out" "$tmp/err")" "1:manrs: $tmp/none.db: no such database (run 'manrs ingest' first)"
"$manrs" serve --db "$db" --threads 0 > /dev/null 2> "$tmp/err"
same "bad --threads" "$?:$(cat "$tmp/err")" "2:manrs serve: --threads '0': not a number from 1 to 64"
python3 -c 'import socket,time,sys; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(5)' > "$tmp/port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
"$manrs" serve --db "$db" --listen "127.0.0.1:$(cat "$tmp/port")" > "$tmp/out" 2> "$tmp/err"
same "address in use" "$?:$(cat "$tmp/out")$(cut -d: -f1-4 "$tmp/err")" "1:manrs: 127.0.0.1:$(cat "$tmp/port"): cannot listen"

# ---- the RTR server inside serve (--rtr-vrps: a child `manrs rtr`) ----
"$manrs" serve --db "$db" --listen 127.0.0.1:0 --rtr-listen 127.0.0.1:0 \
	--rtr-vrps data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz > "$tmp/rtr.out" 2> "$tmp/rtr.err" &
rtr_pid=$!
pids+=($rtr_pid)
for _ in $(seq 300); do grep -q '^manrs rtr: listening on ' "$tmp/rtr.err" 2> /dev/null && break; sleep 0.1; done
rtr_port=$(sed -n 's/^manrs rtr: listening on .* (port \([0-9]*\)).*/\1/p' "$tmp/rtr.err")
timeout 20 rtrclient -e -t csv -o "$tmp/rtr.csv" tcp 127.0.0.1 "$rtr_port" > /dev/null 2>&1
same "serve --rtr-vrps: rtrclient holds the file's 3845 VRPs" "$(grep -c '^[0-9a-f:.]*, [0-9]*, [0-9]*, [0-9]*$' "$tmp/rtr.csv" 2> /dev/null)" "3845"
same "serve --rtr-vrps: a VRP of the file" "$(grep -c '^2.120.0.0, 13, 13, 5607$' "$tmp/rtr.csv" 2> /dev/null)" "1"
rtr_child=$(pgrep -P "$rtr_pid" | head -1)
kill -TERM "$rtr_pid"
wait "$rtr_pid"
same "serve --rtr-vrps: SIGTERM exit 0" "$?" "0"
sleep 0.2
same "serve --rtr-vrps: the RTR child stopped with it" "$(kill -0 "$rtr_child" 2> /dev/null && echo running || echo gone)" "gone"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
