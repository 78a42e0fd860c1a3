#!/bin/bash
# The BMP collector with real routers on 127.0.0.1 (free ports, no root
# services): GoBGP (gobgpd with bmp-servers, fed by a second gobgpd that
# originates the routes) and FRR bgpd with its bmp module (fed by a gobgpd).
# For each router: routes announced, some withdrawn; the collector's archive
# (bgpdump -m of its update files and final RIB dump) and store (prefix,
# origin observations) are compared with what the router holds (gobgp
# global rib -j, vtysh 'show bgp ... json') and with what was announced.
# An injected hijack of a monitored prefix raises one alert and one resolved
# alert after its withdrawal (hijack_test).
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	sleep 0.2
	for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${BMP_KEEP:-}" ] && { trap - EXIT; echo "keeping $tmp"; }
pass=0 fail=0
ok() { echo "PASS integration-bmp $1"; pass=$((pass + 1)); }
bad() { echo "FAIL integration-bmp $1"; fail=$((fail + 1)); }
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi; }
unset MANRS_DB

for prog in gobgpd gobgp bgpdump sqlite3 python3; do
	command -v "$prog" > /dev/null || { bad "$prog is not installed"; echo "$pass passed, $fail failed"; exit 1; }
done

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# waitfor SECONDS COMMAND...: polls until the command succeeds.
waitfor() {
	local n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# start_collector NAME [OPTION...]: manrs bmp on a free port; sets cpid, cport, cdir.
start_collector() {
	cdir=$tmp/$1
	mkdir -p "$cdir"
	shift
	"$manrs" bmp --db "$cdir/db" --listen 127.0.0.1:0 --archive "$cdir/arch" --json "$@" > "$cdir/out" 2> "$cdir/err" &
	cpid=$!
	pids+=("$cpid")
	waitfor 10 grep -q 'port [0-9]' "$cdir/err" || { bad "$(basename "$cdir"): collector did not start"; cat "$cdir/err"; return 1; }
	cport=$(grep -o 'port [0-9]*' "$cdir/err" | head -1 | awk '{print $2}')
}

# stop_collector NAME: SIGTERM, exit status 0.
stop_collector() {
	kill -TERM "$cpid"
	wait "$cpid"
	same "$1: collector exits 0 on SIGTERM" "$?" 0
}

# The routes the archive says peer $2 had when the collector stopped:
# bgpdump -m of the update files replayed (A sets, W removes) up to the
# STATE record that ended the session at exit, as "prefix path" lines.
archive_routes() {
	cat "$1"/updates.* | bgpdump -m - 2> /dev/null | python3 -c '
import sys
peer = sys.argv[1]
rib, last = {}, {}
for l in sys.stdin:
    f = l.rstrip("\n").split("|")
    if f[3] != peer: continue
    if f[2] == "A": rib[f[5]] = f[6]
    elif f[2] == "W": rib.pop(f[5], None)
    elif f[2] == "STATE" and f[6] != "6": last, rib = rib, {}
for p in sorted(rib or last): print(p, (rib or last)[p])
' "$2"
}
# The same from the last RIB dump (bview), written at exit.
bview_routes() {
	bgpdump -m "$(ls "$1"/bview.* | tail -1)" 2> /dev/null | awk -F'|' -v p="$2" '$4 == p {print $6, $7}' | sort
}
# Prefixes ever announced by peer $2 in the update files.
archive_announced() {
	cat "$1"/updates.* | bgpdump -m - 2> /dev/null | awk -F'|' -v p="$2" '$3 == "A" && $4 == p {print $6, $7}' | sort -u
}
# "prefix path..." -> "prefix origin".
origin_only() { awk '{print $1, $NF}' | sort; }
store_pairs() {
	sqlite3 "$1" "SELECT p.prefix || ' ' || d.origin FROM obs_day d JOIN prefixes p ON p.id = d.prefix_id ORDER BY 1"
}

# ---- GoBGP ------------------------------------------------------------------

gobgp_conf() { # NAME AS ROUTER-ID PORT LOCAL NEIGHBOR NEIGHBOR-AS NEIGHBOR-PORT PASSIVE [BMP-PORT]
	cat <<EOC
[global.config]
  as = $2
  router-id = "$3"
  port = $4
  local-address-list = ["$5"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$6"
    peer-as = $7
  [neighbors.transport.config]
    local-address = "$5"
    remote-port = $8
    passive-mode = $9
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
EOC
	if [ -n "${10:-}" ]; then
		cat <<EOC
[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    port = ${10}
    route-monitoring-policy = "pre-policy"
EOC
	fi
}

gobgp_test() {
	start_collector gobgp || return
	local pa pb apia apib
	pa=$(freeport) pb=$(freeport) apia=$(freeport) apib=$(freeport)
	gobgp_conf A 65001 10.0.0.1 "$pa" 127.0.0.2 127.0.0.1 65002 "$pb" false > "$tmp/a.toml"
	gobgp_conf B 65002 10.0.0.2 "$pb" 127.0.0.1 127.0.0.2 65001 "$pa" true "$cport" > "$tmp/b.toml"
	gobgpd -f "$tmp/b.toml" --api-hosts "127.0.0.1:$apib" -l warn --pprof-disable > "$tmp/b.log" 2>&1 &
	pids+=($!)
	gobgpd -f "$tmp/a.toml" --api-hosts "127.0.0.1:$apia" -l warn --pprof-disable > "$tmp/a.log" 2>&1 &
	pids+=($!)
	local A=(gobgp -u 127.0.0.1 -p "$apia") B=(gobgp -u 127.0.0.1 -p "$apib")
	waitfor 30 sh -c "$(printf '%q ' "${B[@]}") neighbor 127.0.0.2 | grep -q 'BGP state = ESTABLISHED'" ||
		{ bad "gobgp: A and B did not establish"; tail -n 5 "$tmp/a.log" "$tmp/b.log"; return; }
	for i in 1 2 3 4 5 6; do
		# (GoBGP treats a loopback IPv4 next hop as invalid: give one.)
		"${A[@]}" global rib add "10.1$i.0.0/24" nexthop 192.0.2.1 community "65001:$i" -a ipv4 > /dev/null
		"${A[@]}" global rib add "2001:db8:1$i::/48" nexthop 2001:db8::1 -a ipv6 > /dev/null
	done
	waitfor 20 sh -c "cat $(printf '%q' "$cdir")/arch/updates.*.part 2>/dev/null | bgpdump -m - 2>/dev/null | grep -c '|A|' | grep -qx 12" ||
		{ bad "gobgp: 12 announcements did not reach the collector"; }
	for i in 2 5; do
		"${A[@]}" global rib del "10.1$i.0.0/24" -a ipv4 > /dev/null
		"${A[@]}" global rib del "2001:db8:1$i::/48" -a ipv6 > /dev/null
	done
	waitfor 20 sh -c "cat $(printf '%q' "$cdir")/arch/updates.*.part 2>/dev/null | bgpdump -m - 2>/dev/null | grep -c '|W|' | grep -qx 4" ||
		{ bad "gobgp: 4 withdrawals did not reach the collector"; }
	# What B holds: prefix and AS path of every route.
	local want
	want=$( { "${B[@]}" global rib -a ipv4 -j; echo; "${B[@]}" global rib -a ipv6 -j; } | python3 -c '
import json, sys
out = []
for line in sys.stdin:
    line = line.strip()
    if not line: continue
    for pfx, paths in json.loads(line).items():
        for p in paths:
            asp = [a for seg in next((x["as_paths"] for x in p["attrs"] if x["type"] == 2), []) for a in seg["asns"]]
            out.append("%s %s" % (pfx, " ".join(map(str, asp))))
print("\n".join(sorted(out)))')
	same "gobgp: B holds the 8 routes left" "$(echo "$want" | wc -l)" 8
	stop_collector gobgp
	same "gobgp: routes in the archive's update files equal B's table" "$(archive_routes "$cdir/arch" 127.0.0.2)" "$want"
	same "gobgp: routes in the archive's last RIB dump equal B's table" "$(bview_routes "$cdir/arch" 127.0.0.2)" "$want"
	local announced
	announced=$(for i in 1 2 3 4 5 6; do echo "10.1$i.0.0/24 65001"; echo "2001:db8:1$i::/48 65001"; done | sort)
	same "gobgp: announcements in the archive equal what A sent" "$(archive_announced "$cdir/arch" 127.0.0.2)" "$announced"
	same "gobgp: store observations are the announced prefix-origin pairs" "$(store_pairs "$cdir/db")" "$announced"
	same "gobgp: collector summary" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["routers"], d["announcements"], d["withdrawals"], d["bad_messages"])' "$cdir/out")" "1 12 4 0"
	same "gobgp: manrs ingest reads the archive" "$("$manrs" ingest --db "$tmp/ingest.db" --collector bmp-test -q --json "$cdir"/arch/updates.* | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["ingested"] > 0, d["skipped"])')" "True 0"
}

# ---- A hijack of a monitored prefix through GoBGP ------------------------------
# Router B (gobgpd, AS 65002, BMP to the collector) learns 193.0.20.0/22 from
# speaker A (AS 3333, the owner). The collector monitors 193.0.20.0/22 and
# its more-specifics, alerting to a webhook (tests/cli-monitor/receiver.py)
# and a JSON-lines file. A then announces 193.0.21.0/24 with AS 4134 as
# origin (path 3333 4134 at B: a sub-prefix hijack), and withdraws it.
# The detectors run with warmup 0 (the store has no history) and merge_gap
# 2 s (an ended incident resolves 2 s of quiet later, on the router's clock
# moved on by the collector's idle seconds): exactly one open alert, then
# one resolved alert, on both sinks; the incident in the store.

hijack_test() {
	printf '[detect]\nwarmup = 0\nmerge_gap = 2\n' > "$tmp/hijack.conf"
	python3 "$root/tests/cli-monitor/receiver.py" "$tmp/hook.port" "$tmp/hook.out" > /dev/null 2>&1 &
	pids+=($!)
	waitfor 10 test -s "$tmp/hook.port" || { bad "hijack: webhook receiver did not start"; return; }
	printf 'prefix 193.0.20.0/22 include-more-specifics description lab\nwebhook http://127.0.0.1:%s/alert\nfile %s\n' \
		"$(cat "$tmp/hook.port")" "$tmp/alerts.jsonl" > "$tmp/monitor.conf"
	MANRS_CONFIG=$tmp/hijack.conf start_collector hijack --monitor "$tmp/monitor.conf" || return
	local pa pb apia apib
	pa=$(freeport) pb=$(freeport) apia=$(freeport) apib=$(freeport)
	gobgp_conf A 3333 10.0.0.1 "$pa" 127.0.0.2 127.0.0.1 65002 "$pb" false > "$tmp/ha.toml"
	gobgp_conf B 65002 10.0.0.2 "$pb" 127.0.0.1 127.0.0.2 3333 "$pa" true "$cport" > "$tmp/hb.toml"
	gobgpd -f "$tmp/hb.toml" --api-hosts "127.0.0.1:$apib" -l warn --pprof-disable > "$tmp/hb.log" 2>&1 &
	pids+=($!)
	gobgpd -f "$tmp/ha.toml" --api-hosts "127.0.0.1:$apia" -l warn --pprof-disable > "$tmp/ha.log" 2>&1 &
	pids+=($!)
	local A=(gobgp -u 127.0.0.1 -p "$apia") B=(gobgp -u 127.0.0.1 -p "$apib")
	waitfor 30 sh -c "$(printf '%q ' "${B[@]}") neighbor 127.0.0.2 | grep -q 'BGP state = ESTABLISHED'" ||
		{ bad "hijack: A and B did not establish"; tail -n 5 "$tmp/ha.log" "$tmp/hb.log"; return; }
	"${A[@]}" global rib add 193.0.20.0/22 nexthop 192.0.2.1 -a ipv4 > /dev/null
	waitfor 20 sh -c "cat $(printf '%q' "$cdir")/arch/updates.*.part 2>/dev/null | bgpdump -m - 2>/dev/null | grep -q '|A|.*|193.0.20.0/22|'" ||
		bad "hijack: the /22 did not reach the collector"
	"${A[@]}" global rib add 193.0.21.0/24 nexthop 192.0.2.1 aspath 4134 -a ipv4 > /dev/null
	waitfor 20 sh -c "grep -q '\"event\":\"open\"' $(printf '%q' "$tmp/alerts.jsonl")" || bad "hijack: no open alert"
	"${A[@]}" global rib del 193.0.21.0/24 -a ipv4 > /dev/null
	waitfor 30 sh -c "grep -q '\"event\":\"resolved\"' $(printf '%q' "$tmp/alerts.jsonl")" || bad "hijack: no resolved alert"
	waitfor 10 sh -c "grep -c . $(printf '%q' "$tmp/hook.out") | grep -qx 2" || bad "hijack: the webhook did not get 2 alerts"
	stop_collector hijack
	local want="[('open', 'submoas', 4134, ['193.0.21.0/24'], '193.0.20.0/22', [3333]), ('resolved', 'submoas', 4134, ['193.0.21.0/24'], '193.0.20.0/22', [3333])]"
	local show='import json,sys; print([(a["event"], a["type"], a["culprit_asn"], a["prefixes"], a["matched"][0]["prefix"], a["victim_asns"]) for a in map(json.loads, open(sys.argv[1]))])'
	same "hijack: file sink: one open and one resolved alert" "$(python3 -c "$show" "$tmp/alerts.jsonl")" "$want"
	same "hijack: webhook: one open and one resolved alert" "$(python3 -c "$show" "$tmp/hook.out")" "$want"
	same "hijack: the incident in the store, ended" \
		"$("$manrs" incidents --db "$cdir/db" --json | python3 -c 'import json,sys; print([(i["type"], i["culprit_asn"], i["prefixes"], i["end"] is not None) for i in json.load(sys.stdin)])')" \
		"[('submoas', 4134, ['193.0.21.0/24'], True)]"
	same "hijack: collector summary (incidents opened, resolved)" \
		"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["incidents_opened"], d["incidents_resolved"])' "$cdir/out")" "1 1"
}

# ---- FRR ----------------------------------------------------------------------
# bgpd runs as the calling user without systemd or zebra: -S (no user or
# capability changes), -Z (no zebra), -n (no kernel routes), its vty socket,
# pid and zebra socket paths in the test directory, and -M bmp. It is fed by
# a gobgpd (AS 65004 on 127.0.0.4) and connects to the collector itself
# ('bmp connect'). Pre-policy monitoring needs the Adj-RIB-In kept
# ('soft-reconfiguration inbound'; without it bgpd 8.4 sends withdrawals),
# and bgpd 8.4 puts its own AS first in the AS path of pre-policy Route
# Monitoring: routes are compared as prefix and origin AS.

frr_test() {
	local bgpd=/usr/lib/frr/bgpd
	[ -x "$bgpd" ] || { bad "frr: $bgpd missing (apt-get install frr)"; return; }
	command -v vtysh > /dev/null || { bad "frr: vtysh missing"; return; }
	start_collector frr || return
	local pf pg api fdir=$tmp/frrd
	pf=$(freeport) pg=$(freeport) api=$(freeport)
	mkdir -p "$fdir/vty"
	cat > "$fdir/bgpd.conf" <<EOC
frr defaults traditional
hostname r1
log file $fdir/bgpd.log
!
router bgp 65003
 bgp router-id 10.0.0.3
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.4 remote-as 65004
 neighbor 127.0.0.4 passive
 !
 address-family ipv4 unicast
  neighbor 127.0.0.4 activate
  neighbor 127.0.0.4 soft-reconfiguration inbound
 exit-address-family
 address-family ipv6 unicast
  neighbor 127.0.0.4 activate
  neighbor 127.0.0.4 soft-reconfiguration inbound
 exit-address-family
 !
 bmp targets collector
  bmp connect 127.0.0.1 port $cport min-retry 100 max-retry 1000
  bmp monitor ipv4 unicast pre-policy
  bmp monitor ipv6 unicast pre-policy
 exit
!
EOC
	"$bgpd" -f "$fdir/bgpd.conf" -z "$fdir/zserv.api" -i "$fdir/bgpd.pid" -S --vty_socket "$fdir/vty" \
		-M bmp -Z -n -p "$pf" -l 127.0.0.3 > "$fdir/out" 2>&1 &
	pids+=($!)
	gobgp_conf C 65004 10.0.0.4 "$pg" 127.0.0.4 127.0.0.3 65003 "$pf" false > "$tmp/c.toml"
	gobgpd -f "$tmp/c.toml" --api-hosts "127.0.0.1:$api" -l warn --pprof-disable > "$tmp/c.log" 2>&1 &
	pids+=($!)
	local C=(gobgp -u 127.0.0.1 -p "$api") V=(vtysh --vty_socket "$fdir/vty")
	waitfor 30 sh -c "$(printf '%q ' "${C[@]}") neighbor 127.0.0.3 | grep -q 'BGP state = ESTABLISHED'" ||
		{ bad "frr: gobgpd and bgpd did not establish"; tail -n 5 "$tmp/c.log" "$fdir/out"; return; }
	for i in 1 2 3 4 5; do
		"${C[@]}" global rib add "10.2$i.0.0/24" nexthop 192.0.2.4 -a ipv4 > /dev/null
		"${C[@]}" global rib add "2001:db8:2$i::/48" nexthop 2001:db8::4 -a ipv6 > /dev/null
	done
	waitfor 20 sh -c "cat $(printf '%q' "$cdir")/arch/updates.*.part 2>/dev/null | bgpdump -m - 2>/dev/null | grep -c '|A|' | grep -qx 10" ||
		bad "frr: 10 announcements did not reach the collector"
	"${C[@]}" global rib del "10.23.0.0/24" -a ipv4 > /dev/null
	"${C[@]}" global rib del "2001:db8:21::/48" -a ipv6 > /dev/null
	waitfor 20 sh -c "cat $(printf '%q' "$cdir")/arch/updates.*.part 2>/dev/null | bgpdump -m - 2>/dev/null | grep -c '|W|' | grep -qx 2" ||
		bad "frr: 2 withdrawals did not reach the collector"
	local want
	want=$( { "${V[@]}" -c "show bgp ipv4 unicast json"; "${V[@]}" -c "show bgp ipv6 unicast json"; } | python3 -c '
import json, sys
text = sys.stdin.read()
dec, out, i = json.JSONDecoder(), [], 0
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    d, i = dec.raw_decode(text, i)
    for pfx, paths in d.get("routes", {}).items():
        for p in paths:
            out.append("%s %s" % (pfx, p.get("path", "")))
print("\n".join(sorted(out)))')
	same "frr: bgpd holds the 8 routes left" "$(echo "$want" | grep -c .)" 8
	stop_collector frr
	want=$(echo "$want" | origin_only)
	same "frr: routes in the archive's update files equal bgpd's table" "$(archive_routes "$cdir/arch" 127.0.0.4 | origin_only)" "$want"
	same "frr: routes in the archive's last RIB dump equal bgpd's table" "$(bview_routes "$cdir/arch" 127.0.0.4 | origin_only)" "$want"
	local announced
	announced=$(for i in 1 2 3 4 5; do echo "10.2$i.0.0/24 65004"; echo "2001:db8:2$i::/48 65004"; done | sort)
	same "frr: announcements in the archive equal what gobgpd sent" "$(archive_announced "$cdir/arch" 127.0.0.4 | origin_only | sort -u)" "$announced"
	same "frr: store observations are the announced prefix-origin pairs" "$(store_pairs "$cdir/db")" "$announced"
	same "frr: collector summary (1 router, 10 announcements, 2 withdrawals)" \
		"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["routers"], d["announcements"], d["withdrawals"], d["bad_messages"])' "$cdir/out")" "1 10 2 0"
	[ -f "$fdir/bgpd.pid" ] && kill "$(cat "$fdir/bgpd.pid")" 2> /dev/null
}

# ---- Replay: an MRT update file sent as BMP ------------------------------------
# bench/bmp/mrt2bmp.py turns the file's UPDATEs into one router's BMP stream;
# the collector's archive must hold the same route elements (bgpdump -m of
# its update files equals bgpdump -m of the original, line for line), and its
# store the same day observations as 'manrs ingest' of the original.

replay_test() {
	local mrt=$root/data/mrt/bgpdump-updates.20160811.1600.gz
	python3 "$root/bench/bmp/mrt2bmp.py" "$mrt" "$tmp/replay.bmp" > "$tmp/replay.n" || { bad "replay: mrt2bmp.py failed"; return; }
	start_collector replay || return
	python3 - "$cport" "$tmp/replay.bmp" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(open(sys.argv[2], "rb").read())
s.close()
PY
	waitfor 30 grep -q 'session ended' "$cdir/err" || bad "replay: the collector did not finish the stream"
	stop_collector replay
	bgpdump -m "$mrt" 2> /dev/null | grep -v '|STATE|' > "$tmp/want.m"
	# The original is BGP4MP (whole seconds), the archive BGP4MP_ET.
	cat "$cdir"/arch/updates.* | bgpdump -m - 2> /dev/null | grep -v '|STATE|' |
		sed 's/^BGP4MP_ET|\([0-9]*\)\.000000|/BGP4MP|\1|/' > "$tmp/got.m"
	same "replay: 17,216 UPDATEs sent (of 17,384 BGP messages)" "$(cut -d' ' -f1 "$tmp/replay.n")" 17216
	same "replay: bgpdump -m lines of the archive" "$(wc -l < "$tmp/got.m")" "$(wc -l < "$tmp/want.m")"
	if cmp -s "$tmp/got.m" "$tmp/want.m"; then ok "replay: bgpdump -m of the archive equals bgpdump -m of the original"
	else bad "replay: archive differs from the original:"; diff "$tmp/got.m" "$tmp/want.m" | head -5; fi
	"$manrs" ingest --db "$tmp/replay-ingest.db" --collector rrc-test -q "$mrt" > /dev/null
	local q="SELECT p.prefix, d.day, d.origin, d.first_seen, d.last_seen, d.seconds, d.n_peers FROM obs_day d JOIN prefixes p ON p.id = d.prefix_id ORDER BY 1, 2, 3"
	sqlite3 "$tmp/replay-ingest.db" "$q" > "$tmp/obs.ingest"
	sqlite3 "$cdir/db" "$q" > "$tmp/obs.bmp"
	same "replay: day observations (rows)" "$(wc -l < "$tmp/obs.bmp")" "$(wc -l < "$tmp/obs.ingest")"
	if cmp -s "$tmp/obs.bmp" "$tmp/obs.ingest"; then ok "replay: store observations equal those of manrs ingest of the original"
	else bad "replay: observations differ from ingest's:"; diff "$tmp/obs.bmp" "$tmp/obs.ingest" | head -5; fi
}

# ---- A malformed message closes that router only ----------------------------------
malformed_test() {
	start_collector malformed || return
	python3 - "$cport" "$root/fuzz/corpus/bmp/akvorado-bmp-reach-00" <<'PY'
import socket, sys, time
port, good = int(sys.argv[1]), open(sys.argv[2], "rb").read()
a = socket.create_connection(("127.0.0.1", port))
b = socket.create_connection(("127.0.0.1", port))
a.sendall(good[:100])
# Router b: an Initiation, then a message of BMP version 2.
b.sendall(bytes([3, 0, 0, 0, 6, 4]) + bytes([2, 0, 0, 0, 6, 4]))
time.sleep(0.5)
a.sendall(good[100:])
time.sleep(0.5)
a.close()
PY
	waitfor 10 sh -c "grep -c 'session ended' $(printf '%q' "$cdir/err") | grep -qx 2" || bad "malformed: both sessions did not end"
	stop_collector malformed
	same "malformed: the reason is logged" "$(grep -c 'RFC 7854 section 4.1: version is neither 3 nor 4 (draft-ietf-grow-bmp-tlv); session closed' "$cdir/err")" 1
	same "malformed: the other router's 8 messages all decoded (7 elements), 1 of the bad one" \
		"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["routers"], d["messages"], d["sessions_closed_malformed"], d["elements"])' "$cdir/out")" "2 9 1 7"
}

[ -z "${BMP_ONLY:-}" ] || [ "$BMP_ONLY" = malformed ] && malformed_test
[ -z "${BMP_ONLY:-}" ] || [ "$BMP_ONLY" = replay ] && replay_test
[ -z "${BMP_ONLY:-}" ] || [ "$BMP_ONLY" = gobgp ] && gobgp_test
[ -z "${BMP_ONLY:-}" ] || [ "$BMP_ONLY" = frr ] && frr_test
[ -z "${BMP_ONLY:-}" ] || [ "$BMP_ONLY" = hijack ] && hijack_test
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
