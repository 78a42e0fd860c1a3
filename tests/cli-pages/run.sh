#!/bin/bash
# Tests of the History, Compare, Participants and Learn pages of `manrs
# serve` (src/web/web_views.c and friends) over real HTTP: a database built
# by the real ingest from the bundled samples (as tests/cli-serve), scored
# for 2024-10; a second month, 2024-09, made by copying three networks'
# 2024-10 scores with their RPKI score halved (so History and Compare have
# two months with exact, known values); the invented participants of
# tests/cli-serve/participants.csv as a dated snapshot (refdata load --kind
# participants). Then page.py checks each page in each language, the exact
# numbers, the chart contract, and hostile query strings.
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

ok() { echo "PASS cli-pages $1"; pass=$((pass + 1)); }
bad() { echo "FAIL cli-pages $1"; fail=$((fail + 1)); }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}

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
cp "$root/tests/cli-serve/participants.csv" "$tmp/manrs-participants.csv"
"$manrs" refdata load -q --db "$db" --kind participants --time 2024-10-01 "$tmp/manrs-participants.csv" > /dev/null 2>&1 ||
	bad "load participants"
sqlite3 "$db" "INSERT INTO scores SELECT 202409, asn, country, filtering, anti_spoofing, coordination, irr, rpki / 2,
	filtering_level, anti_spoofing_level, coordination_level, irr_level, rpki_level, inputs, computed_at
	FROM scores WHERE month = 202410 AND asn IN (58224, 12455, 3816)" || bad "the 2024-09 scores"

# ---- catalogues: every key the pages use, in every catalogue ----
pages=$(ls "$root"/src/web/web_pages.c "$root"/src/web/web_views.c "$root"/src/web/web_history.c \
	"$root"/src/web/web_compare.c "$root"/src/web/web_participants.c "$root"/src/web/web_learn.c)
python3 "$root/tests/cli-serve/i18n_check.py" "$root/web/i18n" $pages > "$tmp/i18n.out" 2>&1
same "catalogues complete for the new pages" "$?:$(cat "$tmp/i18n.out")" "0:"
mkdir "$tmp/i18n" && cp "$root"/web/i18n/*.tsv "$tmp/i18n/" && sed -i '/^learn_you_rpki\t/d' "$tmp/i18n/fr.tsv"
python3 "$root/tests/cli-serve/i18n_check.py" "$tmp/i18n" $pages > "$tmp/i18n.out" 2>&1
same "a missing tutorial key fails the check" "$?:$(cat "$tmp/i18n.out")" "1:fr.tsv: missing key learn_you_rpki
fr.tsv: missing key learn_you_rpki (used by the pages)"

start() {
	local name=$1
	shift
	"$manrs" serve --db "$db" --listen 127.0.0.1:0 "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" &
	pids+=($!)
	for _ in $(seq 100); do
		grep -q '^listening on ' "$tmp/$name.out" 2> /dev/null && break
		sleep 0.1
	done
	eval "${name}_url=$(sed -n 's/^listening on //p' "$tmp/$name.out")"
}
start open --rate-limit 0 --threads 2
start members --members-only --rate-limit 0 --threads 1
[ -n "$open_url" ] && ok "server listening" || bad "server did not start: $(cat "$tmp/open.err")"

python3 "$here/page.py" "$open_url" "$members_url" "$root/web/i18n" > "$tmp/client.out" 2>&1
cat "$tmp/client.out"
pass=$((pass + $(grep -c '^PASS ' "$tmp/client.out")))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/client.out")))
grep -q '^client done$' "$tmp/client.out" && ok "client ran to the end" || bad "client stopped early"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
