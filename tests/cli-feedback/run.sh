#!/bin/bash
# Feedback on incidents end to end: a database built by the real ingest
# (15 minutes of RouteViews updates of 2024-10-28 and the incident
# detectors' hand-made MRT files of tests/cli-incidents, which raise a
# sub-MOAS by AS17557 on AS36561's prefix and a MOAS by AS4134), `manrs
# serve` on free ports of 127.0.0.1 (one with a 1-second CSRF token life
# and one POST a minute), a Python client (client.py) posting the
# incident page's form as a browser would and as hostile clients would,
# then the auditor's `manrs feedback list|accept|reject`, the trail on the
# page, in the API and in the store, and the documented "dismissed"
# condition. Prints PASS/FAIL lines and "N passed, N failed".
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

# GET URL: the body (python3: curl is not among scripts/setup.sh's packages).
get() { python3 -c 'import sys,urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"; }
ok() { echo "PASS cli-feedback $1"; pass=$((pass + 1)); }
bad() { echo "FAIL cli-feedback $1"; fail=$((fail + 1)); }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}

# ---- the database, by the real ingest ----
db=$tmp/obs.db
cd "$root"
"$manrs" ingest -q --db "$db" --collector route-views2 data/mrt/rv2-updates.20241028.0000.bz2 > /dev/null 2>&1 || bad "ingest"
python3 "$root/tests/cli-incidents/gen.py" "$tmp" > /dev/null 2>&1 || bad "gen.py"
"$manrs" ingest -q --db "$db" --collector test "$tmp/test-bview.20080224.0000.mrt" \
	"$tmp/test-updates.20080224.0001.mrt" > /dev/null 2>&1 || bad "ingest the incident samples"
incs=$("$manrs" incidents --db "$db" --json)
sub=$(python3 -c 'import json,sys; print([i["id"] for i in json.loads(sys.argv[1]) if i["type"] == "submoas"][0])' "$incs")
moas=$(python3 -c 'import json,sys; print([i["id"] for i in json.loads(sys.argv[1]) if i["type"] == "moas" and i["culprit_asn"] == 4134][0])' "$incs")
same "the sub-MOAS: AS17557 on AS36561" "$(python3 -c 'import json,sys; i=[i for i in json.loads(sys.argv[1]) if i["id"] == sys.argv[2]][0]; print(i["culprit_asn"], i["victim_asns"])' "$incs" "$sub")" "17557 [36561]"
same "no feedback yet: an empty list" "$("$manrs" feedback list --db "$db" --json)" "[]"
same "no feedback yet: an empty array in the incident JSON" \
	"$("$manrs" incident --db "$db" --json "$sub" | python3 -c 'import json,sys; print(json.load(sys.stdin)["feedback"])')" "[]"

# M2 of the sub-MOAS's culprit before any feedback (the metric counts it).
m2() { "$manrs" report 17557 --db "$db" --month 2008-02 --json | python3 -c 'import json,sys; r=json.load(sys.stdin); m=r["metrics"]["M2"]; print(m["raw"], m["incidents"], [e["id"] for e in m["evidence"]], r["actions"]["filtering"]["raw"])'; }
same "before feedback: M2 of AS17557 counts the sub-MOAS" "$(m2)" "0.5 1 ['$sub'] 0.5"

# ---- catalogues: every key the feedback section asks for, in every language ----
python3 "$root/tests/cli-serve/i18n_check.py" "$root/web/i18n" "$root/src/web/web_feedback_page.c" > "$tmp/i18n.out" 2>&1
same "catalogues complete for the feedback section" "$?:$(cat "$tmp/i18n.out")" "0:"

# ---- the servers ----
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
start main --rate-limit 0 --post-rate 1000 --threads 2 --access-log "$tmp/access.log"
start short --rate-limit 0 --post-rate 1 --csrf-ttl 1 --threads 1
[ -n "$main_url" ] && ok "server listening" || bad "server did not start: $(cat "$tmp/main.err")"
[ -n "$short_url" ] && ok "short server listening" || bad "short server did not start: $(cat "$tmp/short.err")"

python3 "$here/client.py" "$main_url" "$short_url" "$manrs" "$db" "$root/web/openapi.json" "$sub" "$moas" \
	> "$tmp/client.out" 2>&1
cat "$tmp/client.out"
pass=$((pass + $(grep -c '^PASS ' "$tmp/client.out")))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/client.out")))
grep -q '^client done$' "$tmp/client.out" && ok "client ran to the end" || bad "client stopped early"
same "access log: the POST and its 303" "$(grep -c "\"POST /incidents/$sub/feedback\" 303 " "$tmp/access.log")" "2"

# ---- the auditor ----
"$manrs" feedback accept 1 --db "$db" --reviewer "Ann Auditor" --note "planned move, ticket 42" > "$tmp/out" 2> "$tmp/err"
rc=$?
t1=$(sed -n 's/^feedback 1 on .*: accepted by Ann Auditor at \(.*\)$/\1/p' "$tmp/out")
same "accept: exit 0 and what was done" "$rc:$(sed "s/$t1/T/" "$tmp/out")$(cat "$tmp/err")" "0:feedback 1 on $sub: accepted by Ann Auditor at T"
fb() { "$manrs" feedback list --db "$db" --json | python3 -c "import json,sys; f=[f for f in json.load(sys.stdin) if f['id'] == $1][0]; print($2)"; }
same "accept: status, reviewer, time and note" "$(fb 1 '(f["status"], f["reviewer"], f["reviewed"], f["review_note"])')" \
	"('accepted', 'Ann Auditor', '$t1', 'planned move, ticket 42')"
same "accept: the trail shows the reviewer and the time" "$(fb 1 '[(e["status"], e["by"], e["time"] == f["created"] if e["status"] == "pending" else e["time"], e["note"]) for e in f["trail"]]')" \
	"[('pending', 'AS17557', True, None), ('accepted', 'Ann Auditor', '$t1', 'planned move, ticket 42')]"
"$manrs" feedback accept 1 --db "$db" --reviewer "Bob" > "$tmp/out" 2> "$tmp/err"
same "accepting twice: exit 1, nothing changed" "$?:$(cat "$tmp/out" "$tmp/err")" \
	"1:manrs: $db: feedback 1 is already accepted (by Ann Auditor at $t1)"
same "accepting twice: the trail is unchanged" "$(fb 1 'len(f["trail"])')" "2"
"$manrs" feedback reject 2 --db "$db" --reviewer "Bob" > "$tmp/out" 2> "$tmp/err"
rc=$?
t2=$(sed -n 's/^feedback 2 on .*: rejected by Bob at \(.*\)$/\1/p' "$tmp/out")
same "reject: exit 0" "$rc:$(sed "s/$t2/T/" "$tmp/out")$(cat "$tmp/err")" "0:feedback 2 on $sub: rejected by Bob at T"
same "reject: status, reviewer, no note" "$(fb 2 '(f["status"], f["reviewer"], f["reviewed"], f["review_note"], [e["status"] for e in f["trail"]])')" \
	"('rejected', 'Bob', '$t2', None, ['pending', 'rejected'])"
"$manrs" feedback accept 99 --db "$db" --reviewer "Bob" > "$tmp/out" 2> "$tmp/err"
same "unknown id: exit 1" "$?:$(cat "$tmp/out" "$tmp/err")" "1:manrs: $db: feedback 99: no such feedback"
USER=carol "$manrs" feedback reject 3 --db "$db" > "$tmp/out" 2> "$tmp/err"
same "the reviewer defaults to \$USER" "$?:$(fb 3 '(f["status"], f["reviewer"])')" "0:('rejected', 'carol')"
"$manrs" feedback accept 3 --db "$db" --reviewer "Dan" --note "second look: valid after all" > /dev/null 2>&1
same "a rejected feedback can be accepted later: both kept in the trail" \
	"$?:$(fb 3 '[(e["status"], e["by"], e["note"]) for e in f["trail"]]')" \
	"0:[('pending', 'AS4134', None), ('rejected', 'carol', None), ('accepted', 'Dan', 'second look: valid after all')]"
same "list text: one line per feedback, then its trail" \
	"$("$manrs" feedback list --db "$db" --incident "$sub" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/T/g' | head -4)" \
	"1	$sub	AS17557	valid	accepted	T	<script>alert(1)</script> & \"planned\" 'move' line two é
	T pending by AS17557
	T accepted by Ann Auditor: planned move, ticket 42
2	$sub	AS36561	incident	rejected	T	"
same "list --status accepted" "$("$manrs" feedback list --db "$db" --status accepted --json | python3 -c 'import json,sys; print([f["id"] for f in json.load(sys.stdin)])')" "[1, 3]"
same "list --status rejected" "$("$manrs" feedback list --db "$db" --status rejected --json | python3 -c 'import json,sys; print([f["id"] for f in json.load(sys.stdin)])')" "[2]"

# ---- the trail on the page, in the API and after `manrs incident` ----
get "${main_url}incidents/$sub" > "$tmp/page.html"
same "page: the feedback table after review" \
	"$(python3 -c '
import re,sys
t=open(sys.argv[1]).read()
d=re.search(r"<div id=\"feedback-list\">(.*?)</div>", t, re.S).group(1)
for tr in re.findall(r"<tr>(.*?)</tr>", d.split("<tbody>")[1], re.S):
    c=[re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
    print(c[0], c[1], c[2], c[5], c[6], c[7], c[8])' "$tmp/page.html")" \
	"1 AS17557 a valid routing change accepted Ann Auditor $t1 planned move, ticket 42
2 AS36561 an incident rejected Bob $t2 –"
same "page: the trail, with reviewers and times" \
	"$(python3 -c '
import re,sys
t=open(sys.argv[1]).read()
d=re.search(r"<div id=\"feedback-trail\">(.*?)</div>", t, re.S).group(1)
for tr in re.findall(r"<tr>(.*?)</tr>", d.split("<tbody>")[1], re.S):
    c=[re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
    print(c[1], c[2], c[3], c[0] if c[2] != "pending" else "-", c[4])' "$tmp/page.html")" \
	"1 pending AS17557 - –
1 accepted Ann Auditor $t1 planned move, ticket 42
2 pending AS36561 - –
2 rejected Bob $t2 –"
same "API after review: the same as manrs incident --json" "$(get "${main_url}api/v2/incidents/$sub")" \
	"$("$manrs" incident --db "$db" --json "$sub")"
same "manrs incident (text): the feedback lines" \
	"$("$manrs" incident --db "$db" "$sub" | sed -n '/^feedback:$/,$p' | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/T/g')" \
	"feedback:
  #1 AS17557 says valid routing change (T), accepted by Ann Auditor at T
  #2 AS36561 says incident (T), rejected by Bob at T"

# ---- dismissed: the documented condition (docs/store.md) ----
cond="NOT EXISTS (SELECT 1 FROM incident_feedback f WHERE f.incident_id = incidents.id AND f.status='accepted' AND f.verdict='valid')"
same "dismissed: the two incidents with accepted 'valid' feedback leave the counted set" \
	"$(sqlite3 "$db" "SELECT count(*) FROM incidents; SELECT count(*) FROM incidents WHERE $cond; SELECT group_concat(id, ' ') FROM (SELECT id FROM incidents WHERE NOT ($cond) ORDER BY id)")" \
	"$(sqlite3 "$db" "SELECT count(*) FROM incidents")
$(($(sqlite3 "$db" "SELECT count(*) FROM incidents") - 2))
$(printf '%s\n' "$moas" "$sub" | sort | tr '\n' ' ' | sed 's/ $//')"

same "accepted 'valid' feedback changes the metrics: M2 of AS17557 without the sub-MOAS" "$(m2)" "0 0 [] 0"

# ---- nothing is deleted or edited ----
sqlite3 "$db" "DELETE FROM incident_feedback WHERE id = 2" > /dev/null 2> "$tmp/err"
same "DELETE refused" "$?:$(sed 's/^Error: [^,]*, //; s/ ([0-9]*)$//' "$tmp/err")" "19:incident feedback is never deleted"
sqlite3 "$db" "UPDATE incident_feedback SET comment = 'changed' WHERE id = 1" > /dev/null 2> "$tmp/err"
same "editing what the network sent is refused" "$?:$(sed 's/^Error: [^,]*, //; s/ ([0-9]*)$//' "$tmp/err")" "19:what the network sent is never edited"
sqlite3 "$db" "DELETE FROM incident_feedback_log" > /dev/null 2> "$tmp/err"
same "the trail is append-only" "$?:$(sed 's/^Error: [^,]*, //; s/ ([0-9]*)$//' "$tmp/err")" "19:the feedback trail is append-only"
same "a status changed outside manrs is logged too" \
	"$(sqlite3 "$db" "UPDATE incident_feedback SET status = 'pending', reviewer = 'sql', reviewed = 7 WHERE id = 2; SELECT status || ' ' || actor || ' ' || time FROM incident_feedback_log WHERE feedback_id = 2 ORDER BY id DESC LIMIT 1")" \
	"pending sql 7"

# ---- usage and exit statuses ----
"$manrs" feedback --db "$db" > /dev/null 2> "$tmp/err"
same "no subcommand: 2" "$?:$(head -1 "$tmp/err")" "2:manrs feedback: give list, accept ID or reject ID"
"$manrs" feedback accept x --db "$db" --reviewer a > /dev/null 2> "$tmp/err"
same "a non-id: 2" "$?:$(cat "$tmp/err")" "2:manrs feedback: accept 'x': not a feedback id"
"$manrs" feedback reject 0 --db "$db" --reviewer a > /dev/null 2> "$tmp/err"
same "id 0: 2" "$?:$(cat "$tmp/err")" "2:manrs feedback: reject '0': not a feedback id"
"$manrs" feedback accept --db "$db" > /dev/null 2>&1
same "accept without an id: 2" "$?" "2"
"$manrs" feedback list --status open --db "$db" > /dev/null 2> "$tmp/err"
same "--status open: 2" "$?:$(cat "$tmp/err")" "2:manrs feedback: --status 'open': pending, accepted or rejected"
"$manrs" feedback list --db "$db" --reviewer x > /dev/null 2>&1
same "--reviewer with list: 2" "$?" "2"
env -u USER "$manrs" feedback accept 2 --db "$db" > /dev/null 2> "$tmp/err"
same "no reviewer: 2" "$?:$(cat "$tmp/err")" "2:manrs feedback: accept: give --reviewer NAME (\$USER is not set)"
"$manrs" feedback accept 2 --db "$db" --reviewer "$(printf 'a\nb')" > /dev/null 2> "$tmp/err"
same "a reviewer of two lines: 2" "$?:$(cat "$tmp/err")" "2:manrs feedback: --reviewer: at most 128 bytes of one line of UTF-8 text"
"$manrs" feedback accept 2 --db "$db" --reviewer a --note "$(head -c 1001 /dev/zero | tr '\0' n)" > /dev/null 2> "$tmp/err"
same "a note over 1000 bytes: 2" "$?:$(cat "$tmp/err")" "2:manrs feedback: --note: at most 1000 bytes of UTF-8 text"
"$manrs" feedback list --db "$tmp/none.db" > "$tmp/out" 2> "$tmp/err"
same "missing database: 1, nothing printed" "$?:$(cat "$tmp/out" "$tmp/err")" "1:manrs: $tmp/none.db: no such database (run 'manrs ingest' first)"
"$manrs" feedback accept 1 --db "$tmp/none.db" --reviewer a > "$tmp/out" 2> "$tmp/err"
same "accept on a missing file: 1" "$?:$(cat "$tmp/out")" "1:"
"$manrs" feedback --help > "$tmp/out"
same "--help: exit 0, usage first" "$?:$(head -1 "$tmp/out")" \
	"0:usage: manrs feedback list [--db FILE] [--status pending|accepted|rejected] [--incident ID] [--json]"
"$manrs" feedback accept --help > /dev/null
same "accept --help: exit 0" "$?" "0"
"$manrs" serve --db "$db" --post-rate x > /dev/null 2> "$tmp/err"
same "serve --post-rate x: 2" "$?:$(cat "$tmp/err")" "2:manrs serve: --post-rate 'x': not a number from 0 to 1000000"
"$manrs" serve --db "$db" --csrf-ttl 0 > /dev/null 2> "$tmp/err"
same "serve --csrf-ttl 0: 2" "$?:$(cat "$tmp/err")" "2:manrs serve: --csrf-ttl '0': not a number from 1 to 604800"

# ---- graceful stop ----
kill -TERM "$main_pid"
wait "$main_pid"
same "SIGTERM: exit 0" "$?" "0"
kill -TERM "$short_pid"
wait "$short_pid"
same "SIGTERM (short): exit 0" "$?" "0"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
