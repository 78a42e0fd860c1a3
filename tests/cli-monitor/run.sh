#!/bin/bash
# Command-line tests of `manrs monitor`: configuration check (exact
# summaries and errors), test-fire through a webhook (receiver.py, a local
# HTTP server on a free port), a JSON-lines file and syslog (syslog.py, a
# unix datagram socket) with the exact bodies and exactly one open, the
# material updates and one resolved per incident; webhook retries on 500,
# a dead endpoint; generate from a store filled by `manrs ingest` against
# the prefixes of `manrs mrt dump`. Prints PASS/FAIL lines and
# "N passed, N failed".
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
unset MANRS_DB MANRS_SYSLOG_SOCKET http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export LC_ALL=C
pass=0 fail=0
ok() { echo "PASS cli-monitor $1"; pass=$((pass + 1)); }
bad() { echo "FAIL cli-monitor $1"; fail=$((fail + 1)); }
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi; }

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

# waitfile FILE: up to 10 s for a helper to write it
waitfile() {
	for _ in $(seq 100); do [ -s "$1" ] || [ -e "$1.ready" ] && return 0; sleep 0.1; done
	return 1
}

# receiver NAME FAIL: starts receiver.py; sets $port
receiver() {
	python3 "$here/receiver.py" "$tmp/$1.port" "$tmp/$1.body" "$2" &
	pids+=($!)
	waitfile "$tmp/$1.port" || { bad "receiver $1 did not start"; return 1; }
	port=$(cat "$tmp/$1.port")
}

# ---- help, usage, check ----------------------------------------------------
for s in "" generate check test-fire; do
	"$manrs" monitor $s --help > /dev/null 2>&1
	same "monitor $s --help exits 0" $? 0
done
status "no subcommand is a usage error" 2 "$(printf 'usage: manrs monitor <subcommand> [options]\n\nAlert configurations for monitored prefixes and ASNs (docs/alerts.md).\n\nSubcommands:\n  generate    write a configuration from the prefixes an AS originated\n  check       validate a configuration and summarise it\n  test-fire   send incident events from a JSON-lines file through its sinks')" "$manrs" monitor
status "unknown subcommand" 2 "$(printf "manrs monitor: unknown subcommand 'frob'\n\nusage: manrs monitor <subcommand> [options]\n\nAlert configurations for monitored prefixes and ASNs (docs/alerts.md).\n\nSubcommands:\n  generate    write a configuration from the prefixes an AS originated\n  check       validate a configuration and summarise it\n  test-fire   send incident events from a JSON-lines file through its sinks")" "$manrs" monitor frob

cat > "$tmp/good.conf" << 'EOF'
# a monitor
prefix 203.0.113.0/24 include-more-specifics description web servers
prefix 2001:db8::/32
asn 64500 description us
min-suspicion 50
webhook http://127.0.0.1:1/hook timeout 1 retries 0
syslog local3
file alerts.jsonl
EOF
status "check a good configuration" 0 "" "$manrs" monitor check "$tmp/good.conf"
same "check prints the summary" "$(cat "$tmp/out")" \
	"$tmp/good.conf: 2 prefixes, 1 ASNs; sinks: 1 webhook, 1 syslog, 1 file; min-suspicion 50; update-interval 300 s"
printf 'asn 64500\nfile x\nprefix 10.0.0.1/8\n' > "$tmp/bad.conf"
status "check names the file and line once" 1 "manrs: $tmp/bad.conf: line 3: prefix has bits set past its length" \
	"$manrs" monitor check "$tmp/bad.conf"
same "check prints nothing on error" "$(cat "$tmp/out")" ""
: > "$tmp/empty.conf"
status "an empty configuration" 1 "manrs: $tmp/empty.conf: nothing to monitor (no prefix or asn line)" \
	"$manrs" monitor check "$tmp/empty.conf"
status "a missing configuration" 1 "manrs: $tmp/nope.conf: No such file or directory" \
	"$manrs" monitor check "$tmp/nope.conf"
status "a directory" 1 "manrs: $tmp: Is a directory" "$manrs" monitor check "$tmp"
status "check without a file" 2 "$(printf 'usage: manrs monitor check CONFIG\n\nReads a monitor configuration and prints what it monitors and where\nalerts go; exit 1 with the line and the reason if it is not valid.')" "$manrs" monitor check

# ---- test-fire: webhook, file and syslog -----------------------------------
receiver hook 0 || true
python3 "$here/syslog.py" "$tmp/syslog.sock" "$tmp/syslog.out" &
pids+=($!)
waitfile "$tmp/syslog.out" || bad "syslog listener did not start"
cat > "$tmp/fire.conf" << EOF
prefix 203.0.113.0/24 include-more-specifics description web
prefix 198.51.100.0/24
asn 64500
min-suspicion 50
update-interval 60
webhook http://127.0.0.1:$port/hook timeout 5 retries 1
file $tmp/alerts.jsonl
syslog local3
EOF
# A: in the monitored space, open, a repeat, more prefixes, a change held
# back by update-interval, more visibility (sent with the held-back
# change), resolved twice. B: outside. C: below min-suspicion. D: the
# monitored ASN as victim.
a1='"id":"A","type":"submoas","prefixes":["203.0.113.0/25"],"culprit_asn":64511,"victim_asns":[64500],"suspicion":90,"peak_peers":3'
a2='"id":"A","type":"submoas","prefixes":["203.0.113.0/25","203.0.113.128/25"],"culprit_asn":64511,"victim_asns":[64500],"suspicion":90,"peak_peers":3'
a3='"id":"A","type":"submoas","prefixes":["203.0.113.0/25","203.0.113.128/25"],"culprit_asn":64511,"victim_asns":[64500],"suspicion":60,"peak_peers":3'
a4='"id":"A","type":"submoas","prefixes":["203.0.113.0/25","203.0.113.128/25"],"culprit_asn":64511,"victim_asns":[64500],"suspicion":60,"peak_peers":40'
b='"id":"B","type":"moas","prefixes":["192.0.2.0/24"],"culprit_asn":64999,"victim_asns":[64496],"suspicion":100'
c='"id":"C","type":"moas","prefixes":["198.51.100.0/24"],"culprit_asn":64999,"victim_asns":[64496],"suspicion":10'
d='"id":"D","type":"leak","prefixes":["192.0.2.0/24"],"culprit_asn":64502,"victim_asns":[64500],"suspicion":80,"leak_type":1'
cat > "$tmp/events.jsonl" << EOF
{"event":"open","time":1000,"incident":{$a1}}
{"event":"open","time":1000,"incident":{$b}}
{"event":"open","time":1000,"incident":{$c}}
{"event":"update","time":1010,"incident":{$a1}}
{"event":"open","time":1020,"incident":{$d}}
{"event":"update","time":1070,"incident":{$a2}}
{"event":"update","time":1080,"incident":{$a3}}
{"event":"update","time":1200,"incident":{$a4}}
{"event":"resolved","time":1250,"incident":{$d}}
{"event":"resolved","time":1250,"incident":{$b}}
{"event":"resolved","time":1250,"incident":{$c}}
{"event":"resolved","time":1300,"incident":{$a4}}
{"event":"resolved","time":1301,"incident":{$a4}}
EOF
m='"matched":[{"prefix":"203.0.113.0/24","description":"web"},{"asn":64500,"role":"victim"}]'
mD='"matched":[{"asn":64500,"role":"victim"}]'
h='"id":"A","type":"submoas"'
cat > "$tmp/want.body" << EOF
{"event":"open",$h,"suspicion":90,"culprit_asn":64511,"victim_asns":[64500],"prefixes":["203.0.113.0/25"],$m,"incident":{$a1}}
{"event":"open","id":"D","type":"leak","suspicion":80,"culprit_asn":64502,"victim_asns":[64500],"prefixes":["192.0.2.0/24"],$mD,"incident":{$d}}
{"event":"update",$h,"suspicion":90,"culprit_asn":64511,"victim_asns":[64500],"prefixes":["203.0.113.0/25","203.0.113.128/25"],"changed":["prefixes"],$m,"incident":{$a2}}
{"event":"update",$h,"suspicion":60,"culprit_asn":64511,"victim_asns":[64500],"prefixes":["203.0.113.0/25","203.0.113.128/25"],"changed":["suspicion","visibility"],$m,"incident":{$a4}}
{"event":"resolved","id":"D","type":"leak","suspicion":80,"culprit_asn":64502,"victim_asns":[64500],"prefixes":["192.0.2.0/24"],$mD,"incident":{$d}}
{"event":"resolved",$h,"suspicion":60,"culprit_asn":64511,"victim_asns":[64500],"prefixes":["203.0.113.0/25","203.0.113.128/25"],$m,"incident":{$a4}}
EOF
status "test-fire delivers everything" 0 "" "$manrs" monitor test-fire --syslog-socket "$tmp/syslog.sock" "$tmp/fire.conf" "$tmp/events.jsonl"
same "test-fire counts" "$(cat "$tmp/out")" \
	"events 13: open 2, update 2, resolved 2; held back: unmatched 1, below min-suspicion 1, rate-limited 1, repeats 4; deliveries: 18 ok, 0 failed, 0 dropped; lines skipped 0"
if cmp -s "$tmp/want.body" "$tmp/hook.body"; then ok "webhook bodies are exact"; else
	bad "webhook bodies differ:"; diff "$tmp/want.body" "$tmp/hook.body" | head -10; fi
same "every POST to /hook as application/json" "$(sort "$tmp/hook.body.hdr" | uniq -c | sed 's/^ *//')" "6 /hook application/json"
if cmp -s "$tmp/want.body" "$tmp/alerts.jsonl"; then ok "file sink lines are exact"; else
	bad "file sink differs:"; diff "$tmp/want.body" "$tmp/alerts.jsonl" | head -10; fi
# Syslog: "<PRI>manrs: " and the body without the incident object; local3
# (19) with warning (open), notice (update), info (resolved).
python3 - "$tmp/want.body" > "$tmp/want.syslog" << 'EOF'
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    del o["incident"]
    pri = 19 * 8 + {"open": 4, "update": 5, "resolved": 6}[o["event"]]
    print("<%d>manrs: %s" % (pri, json.dumps(o, separators=(",", ":"))))
EOF
for _ in $(seq 50); do [ "$(wc -l < "$tmp/syslog.out" 2> /dev/null)" = 6 ] && break; sleep 0.1; done
if cmp -s "$tmp/want.syslog" "$tmp/syslog.out"; then ok "syslog datagrams are exact"; else
	bad "syslog differs:"; diff "$tmp/want.syslog" "$tmp/syslog.out" | head -10; fi
# One open first, one resolved last, per incident, over what the webhook got.
same "one open and one resolved per incident" "$(python3 -c '
import json, sys
ev = {}
for l in open(sys.argv[1]):
    o = json.loads(l); ev.setdefault(o["id"], []).append(o["event"])
for i, e in sorted(ev.items()):
    good = e[0] == "open" and e[-1] == "resolved" and e.count("open") == 1 and e.count("resolved") == 1
    print(i, len(e), "ok" if good else "bad")
' "$tmp/hook.body" | paste -sd' ')" "A 4 ok D 2 ok"

# $MANRS_SYSLOG_SOCKET does what --syslog-socket does.
: > "$tmp/syslog.out"
printf 'asn 64500\nsyslog\n' > "$tmp/sl.conf"
printf '{"event":"open","incident":{"id":"E","type":"moas","prefixes":[],"culprit_asn":64500,"suspicion":70}}\n' > "$tmp/e.jsonl"
MANRS_SYSLOG_SOCKET=$tmp/syslog.sock "$manrs" monitor test-fire "$tmp/sl.conf" "$tmp/e.jsonl" > /dev/null 2>&1
same "MANRS_SYSLOG_SOCKET exit" $? 0
for _ in $(seq 50); do [ -s "$tmp/syslog.out" ] && break; sleep 0.1; done
same "MANRS_SYSLOG_SOCKET datagram (daemon, warning)" "$(cat "$tmp/syslog.out")" \
	'<28>manrs: {"event":"open","id":"E","type":"moas","suspicion":70,"culprit_asn":64500,"victim_asns":[],"prefixes":[],"matched":[{"asn":64500,"role":"culprit"}]}'

# ---- webhook retries and failures ------------------------------------------
one='{"event":"open","incident":{"id":"R","type":"moas","prefixes":["203.0.113.0/24"],"culprit_asn":64511,"suspicion":90}}'
echo "$one" > "$tmp/one.jsonl"
receiver retry 2 || true
printf 'prefix 203.0.113.0/24\nwebhook http://127.0.0.1:%s/r retries 2\n' "$port" > "$tmp/retry.conf"
status "two 500s then success within 2 retries" 0 "" "$manrs" monitor test-fire "$tmp/retry.conf" "$tmp/one.jsonl"
same "retried delivery counted once" "$(sed 's/.*deliveries: //' "$tmp/out")" "1 ok, 0 failed, 0 dropped; lines skipped 0"
same "three attempts" "$(wc -l < "$tmp/retry.body.hdr")" 3
same "the body arrived once" "$(wc -l < "$tmp/retry.body")" 1
receiver giveup 5 || true
printf 'prefix 203.0.113.0/24\nwebhook http://127.0.0.1:%s/g retries 1\n' "$port" > "$tmp/giveup.conf"
status "retries exhausted: exit 3" 3 "" "$manrs" monitor test-fire "$tmp/giveup.conf" "$tmp/one.jsonl"
same "failed delivery counted" "$(sed 's/.*deliveries: //' "$tmp/out")" "0 ok, 1 failed, 0 dropped; lines skipped 0"
same "two attempts" "$(wc -l < "$tmp/giveup.body.hdr")" 2
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'prefix 203.0.113.0/24\nwebhook http://127.0.0.1:%s/ timeout 1 retries 0\nfile %s/dead.jsonl\n' "$dead" "$tmp" > "$tmp/dead.conf"
status "a dead endpoint fails, the file sink still gets it" 3 "" "$manrs" monitor test-fire "$tmp/dead.conf" "$tmp/one.jsonl"
same "dead endpoint counts" "$(sed 's/.*deliveries: //' "$tmp/out")" "1 ok, 1 failed, 0 dropped; lines skipped 0"

# ---- test-fire input errors ------------------------------------------------
printf '%s\nnot json\n{"event":"close","incident":{"id":"x"}}\n{"event":"open","incident":{"id":"y","prefixes":["300.0.0.0/8"]}}\n' "$one" > "$tmp/badev.jsonl"
printf 'prefix 203.0.113.0/24\nfile %s/x.jsonl\n' "$tmp" > "$tmp/f.conf"
status "bad event lines are skipped and named" 3 "$(printf 'manrs: %s: line 2: not a JSON object\nmanrs: %s: line 3: "event" is not open, update or resolved\nmanrs: %s: line 4: a prefix is not ADDRESS/LENGTH' "$tmp/badev.jsonl" "$tmp/badev.jsonl" "$tmp/badev.jsonl")" \
	"$manrs" monitor test-fire "$tmp/f.conf" "$tmp/badev.jsonl"
same "good lines still fire" "$(sed 's/;.*//' "$tmp/out")" "events 1: open 1, update 0, resolved 0"
status "missing events file" 1 "manrs: $tmp/none.jsonl: No such file or directory" "$manrs" monitor test-fire "$tmp/f.conf" "$tmp/none.jsonl"
same "nothing printed for a missing file" "$(cat "$tmp/out")" ""

# ---- generate from the store -----------------------------------------------
upd=$root/data/mrt/bgpdump-updates.20020722.2238.gz
"$manrs" ingest --db "$tmp/obs.db" "$upd" > /dev/null 2>&1
same "ingest for generate" $? 0
status "generate for AS5639" 0 "" "$manrs" monitor generate --db "$tmp/obs.db" --asn AS5639 --output "$tmp/gen.conf" \
	--webhook http://127.0.0.1:9/h --syslog local2 --file /var/tmp/a.jsonl
same "generate writes nothing to stdout with --output" "$(cat "$tmp/out")" ""
"$manrs" mrt dump -m "$upd" | awk -F'|' '$3=="A" { n = split($7, a, " "); if (a[n] == "5639") print $6 }' | sort -u > "$tmp/want.pfx"
sed -n 's/^prefix \([^ ]*\) include-more-specifics .*/\1/p' "$tmp/gen.conf" | sort > "$tmp/got.pfx"
same "generate: the prefixes AS5639 announced (31)" "$(cmp -s "$tmp/want.pfx" "$tmp/got.pfx" && wc -l < "$tmp/got.pfx")" 31
same "generate: asn, settings and sinks" "$(grep -v -e '^#' -e '^prefix' "$tmp/gen.conf" | paste -sd'|')" \
	"asn 5639|min-suspicion 21|update-interval 300|webhook http://127.0.0.1:9/h|syslog local2|file /var/tmp/a.jsonl"
status "the generated configuration checks" 0 "" "$manrs" monitor check "$tmp/gen.conf"
same "its summary" "$(cat "$tmp/out")" "$tmp/gen.conf: 31 prefixes, 1 ASNs; sinks: 1 webhook, 1 syslog, 1 file; min-suspicion 21; update-interval 300 s"
status "an AS with no prefix: the ASN only" 0 "manrs: AS64496 originated no prefix in 2002-07: the configuration monitors the ASN only" \
	"$manrs" monitor generate --db "$tmp/obs.db" --asn 64496
same "default sink" "$(grep -v '^#' "$tmp/out" | paste -sd'|')" "asn 64496|min-suspicion 21|update-interval 300|file manrs-alerts.jsonl"
status "generate needs --asn" 2 "$(printf 'manrs monitor generate: --asn is required\n\n%s' "$("$manrs" monitor generate --help)")" "$manrs" monitor generate --db "$tmp/obs.db"
status "generate with a missing store" 1 "manrs: $tmp/no.db: no such database (run 'manrs ingest' first)" \
	"$manrs" monitor generate --db "$tmp/no.db" --asn 1
status "generate --month with no data" 0 "manrs: AS5639 originated no prefix in 2001-01: the configuration monitors the ASN only" \
	"$manrs" monitor generate --db "$tmp/obs.db" --asn 5639 --month 2001-01

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
