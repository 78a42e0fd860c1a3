#!/bin/bash
# `manrs rtr` against real RTR clients on 127.0.0.1: rtrclient (rtrlib,
# Debian rtr-tools), BIRD 2 (protocol rpki), FRR bgpd with its rpki module,
# and GoBGP (rpki-servers, version 0 only). Each must hold exactly the VRPs
# of the bundled rpki-client file (the whole set compared, as normalised by
# vrpset.py from the file itself, plus counts), then, after the file
# changes, receive the change incrementally (a Serial Query answered with
# 7 records, not a new Reset Query) and hold exactly the new set. Every
# program is started here on free ports, unprivileged-safe (bgpd with -S,
# no zebra, no BGP port), and stopped at the end.
# Usage: tests/integration-rtr/run.sh path/to/manrs
set -u
manrs=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz
tmp=$(mktemp -d)
pass=0 fail=0
pidfiles=()

cleanup() {
	for f in "${pidfiles[@]}"; do
		[ -s "$f" ] && kill "$(cat "$f")" 2> /dev/null
	done
	sleep 0.3
	for f in "${pidfiles[@]}"; do
		[ -s "$f" ] && kill -9 "$(cat "$f")" 2> /dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# expect NAME EXPECTED ACTUAL
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$3', expected '$2'"; fi
}

# Same set: NAME EXPECTED-FILE ACTUAL-FILE
same_set() {
	if cmp -s "$2" "$3"; then
		ok "$1 ($(wc -l < "$3") VRPs, the file's exact set)"
	else
		bad "$1: differs from the file's set: $(diff "$2" "$3" | grep -c '^[<>]') lines, first: $(diff "$2" "$3" | grep '^[<>]' | head -n 2 | tr '\n' ' ')"
	fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

for prog in rtrclient bird birdc vtysh gobgpd gobgp /usr/lib/frr/bgpd; do
	command -v "$prog" > /dev/null || { bad "$prog is not installed (scripts/setup.sh)"; echo "$pass passed, $fail failed"; exit 1; }
done

zcat "$data" > "$tmp/vrps.json"
python3 "$here/vrpset.py" json "$tmp/vrps.json" > "$tmp/expect1"
python3 "$here/vrpset.py" mutate "$tmp/vrps.json" "$tmp/vrps.next"
python3 "$here/vrpset.py" json "$tmp/vrps.next" > "$tmp/expect2"
n1=$(wc -l < "$tmp/expect1")
n2=$(wc -l < "$tmp/expect2")
n1v4=$(grep -c '^[0-9.]*/' "$tmp/expect1")
n2v4=$(grep -c '^[0-9.]*/' "$tmp/expect2")

# The server, on an ephemeral port, polling the file every second.
"$manrs" rtr --vrps "$tmp/vrps.json" --listen 127.0.0.1:0 --json --poll 1 --session-id 4242 -v \
	> "$tmp/srv.out" 2> "$tmp/srv.err" &
echo $! > "$tmp/srv.pid"
pidfiles+=("$tmp/srv.pid")
port=
for _ in $(seq 50); do
	port=$(grep -o '"port":[0-9]*' "$tmp/srv.out" 2> /dev/null | cut -d: -f2)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { bad "server did not start: $(cat "$tmp/srv.err")"; echo "$pass passed, $fail failed"; exit 1; }
expect "server loads the file" "$n1" "$(grep -o '"event":"load","serial":1,[^}]*"vrps":[0-9]*' "$tmp/srv.out" | grep -o '[0-9]*$')"

# rtrclient: one export of the synchronised table, and one session kept
# open printing every update (line-buffered).
timeout 20 rtrclient -e -t csv -o "$tmp/rtrclient.csv" tcp 127.0.0.1 "$port" > /dev/null 2>&1
python3 "$here/vrpset.py" rtrclient "$tmp/rtrclient.csv" > "$tmp/rtrclient.1"
same_set "rtrclient -e: full synchronisation" "$tmp/expect1" "$tmp/rtrclient.1"
stdbuf -oL rtrclient -p tcp 127.0.0.1 "$port" > "$tmp/rtrclient.log" 2>&1 &
echo $! > "$tmp/rtrclient.pid"
pidfiles+=("$tmp/rtrclient.pid")

# BIRD 2.
mkdir "$tmp/bird"
cat > "$tmp/bird/bird.conf" << EOF
router id 192.0.2.1;
roa4 table r4;
roa6 table r6;
protocol rpki rpki1 {
	roa4 { table r4; };
	roa6 { table r6; };
	remote 127.0.0.1 port $port;
	retry keep 5;
	refresh keep 3600;
	expire keep 7200;
}
EOF
bird -c "$tmp/bird/bird.conf" -s "$tmp/bird/ctl" -P "$tmp/bird/pid"
pidfiles+=("$tmp/bird/pid")

# FRR bgpd: no zebra, no BGP listener, no TCP vty, no privilege change.
mkdir "$tmp/frr"
cat > "$tmp/frr/bgpd.conf" << EOF
hostname rtrtest
rpki
 rpki cache 127.0.0.1 $port preference 1
exit
EOF
/usr/lib/frr/bgpd -d -f "$tmp/frr/bgpd.conf" -i "$tmp/frr/bgpd.pid" -z "$tmp/frr/zserv.api" \
	--vty_socket "$tmp/frr" -M rpki -S -Z -p 0 -P 0 > "$tmp/frr/out" 2>&1
pidfiles+=("$tmp/frr/bgpd.pid")

# GoBGP: gRPC on a free port, no BGP port.
api=$(free_port)
mkdir "$tmp/gobgp"
cat > "$tmp/gobgp/gobgpd.toml" << EOF
[global.config]
  as = 65000
  router-id = "192.0.2.1"
  port = -1
[[rpki-servers]]
  [rpki-servers.config]
    address = "127.0.0.1"
    port = $port
EOF
gobgpd -f "$tmp/gobgp/gobgpd.toml" --api-hosts "127.0.0.1:$api" -l warn > "$tmp/gobgp/log" 2>&1 &
echo $! > "$tmp/gobgp/pid"
pidfiles+=("$tmp/gobgp/pid")

# Each client's table, normalised, into $tmp/<client>.<round>.
snapshot() {
	local r=$1
	birdc -s "$tmp/bird/ctl" show route table r4 > "$tmp/bird.r4" 2>&1
	birdc -s "$tmp/bird/ctl" show route table r6 > "$tmp/bird.r6" 2>&1
	python3 "$here/vrpset.py" bird "$tmp/bird.r4" "$tmp/bird.r6" > "$tmp/bird.$r"
	vtysh --vty_socket "$tmp/frr" -c "show rpki prefix-table json" > "$tmp/frr.json" 2> /dev/null
	python3 "$here/vrpset.py" frr "$tmp/frr.json" > "$tmp/frr.$r" 2> /dev/null
	gobgp -p "$api" rpki table -a ipv4 > "$tmp/gobgp.4" 2>&1
	gobgp -p "$api" rpki table -a ipv6 > "$tmp/gobgp.6" 2>&1
	python3 "$here/vrpset.py" gobgp "$tmp/gobgp.4" "$tmp/gobgp.6" > "$tmp/gobgp.$r"
}

# Waits (at most 30 s) until every client holds the expected set.
settle() {
	local r=$1
	for _ in $(seq 60); do
		snapshot "$r"
		cmp -s "$tmp/bird.$r" "$tmp/expect$r" && cmp -s "$tmp/frr.$r" "$tmp/expect$r" &&
			cmp -s "$tmp/gobgp.$r" "$tmp/expect$r" && return
		sleep 0.5
	done
}

settle 1
same_set "BIRD 2 (protocol rpki): full synchronisation" "$tmp/expect1" "$tmp/bird.1"
same_set "FRR bgpd rpki: full synchronisation" "$tmp/expect1" "$tmp/frr.1"
same_set "GoBGP: full synchronisation" "$tmp/expect1" "$tmp/gobgp.1"
# Counts and spot checks through each client's own CLI.
expect "BIRD count (r4)" "$n1v4 of $n1v4 routes for $n1v4 networks in table r4" \
	"$(birdc -s "$tmp/bird/ctl" show route table r4 count | grep routes)"
expect "BIRD spot check 2.120.0.0/13-13 AS5607" 1 "$(grep -c '^2.120.0.0/13-13 AS5607 ' "$tmp/bird.r4")"
expect "FRR count (IPv4)" "Number of IPv4 Prefixes: $n1v4" \
	"$(vtysh --vty_socket "$tmp/frr" -c 'show rpki prefix-table' | grep 'IPv4 Prefixes')"
expect "FRR spot check show rpki prefix 2.120.0.0/13 5607" 1 \
	"$(vtysh --vty_socket "$tmp/frr" -c 'show rpki prefix 2.120.0.0/13 5607' | grep -c '^2.120.0.0  *13 -  13  *5607')"
expect "GoBGP count (rpki server)" "$n1v4/$((n1 - n1v4))" \
	"$(gobgp -p "$api" rpki server | awk 'NR == 2 { print $NF }')"
expect "GoBGP spot check 2.0.0.0/12 17 3215" 1 "$(grep -c '^2.0.0.0/12  *17  *3215 ' "$tmp/gobgp.4")"
expect "rtrclient -p session: every VRP announced" "$n1" "$(grep -c '^+ ' "$tmp/rtrclient.log")"
# Versions: GoBGP speaks 0, the others 1.
expect "versions negotiated (0 once, 1 four times)" "1 4" \
	"$(grep -c 'protocol version 0' "$tmp/srv.err") $(grep -c 'protocol version 1' "$tmp/srv.err")"

# The file changes (atomically, as rpki-client writes it): 5 VRPs go,
# one IPv4 and one IPv6 come.
mv "$tmp/vrps.next" "$tmp/vrps.json"
for _ in $(seq 50); do
	grep -q '"serial":2' "$tmp/srv.out" && break
	sleep 0.2
done
expect "server: new serial 2 with +2 -5" '"vrps_announced":2,"vrps_withdrawn":5' \
	"$(grep '"serial":2' "$tmp/srv.out" | grep -o '"vrps_announced":[0-9]*,"vrps_withdrawn":[0-9]*')"
settle 2
same_set "BIRD 2: incremental update" "$tmp/expect2" "$tmp/bird.2"
same_set "FRR bgpd: incremental update" "$tmp/expect2" "$tmp/frr.2"
same_set "GoBGP: incremental update" "$tmp/expect2" "$tmp/gobgp.2"
expect "BIRD count after the update (r4)" "$n2v4 of $n2v4 routes for $n2v4 networks in table r4" \
	"$(birdc -s "$tmp/bird/ctl" show route table r4 count | grep routes)"
expect "BIRD has 192.0.2.0/24-24 AS64496" 1 "$(grep -c '^192.0.2.0/24-24 AS64496 ' "$tmp/bird.r4")"
expect "FRR has 2001:db8::/32-48 AS64497" 1 \
	"$(vtysh --vty_socket "$tmp/frr" -c 'show rpki prefix 2001:db8::/32 64497' | grep -c '^2001:db8::  *32 -  48  *64497')"
expect "GoBGP count after the update" "$n2v4/$((n2 - n2v4))" "$(gobgp -p "$api" rpki server | awk 'NR == 2 { print $NF }')"
for _ in $(seq 20); do
	[ "$(grep -c '^[+-] ' "$tmp/rtrclient.log")" -ge $((n1 + 7)) ] && break
	sleep 0.5
done
expect "rtrclient -p session: the 7 changes" "2 5" \
	"$(tail -n +2 "$tmp/rtrclient.log" | grep '^[+-] ' | tail -n 7 | cut -c1 | sort | uniq -c | awk '{ printf "%s%s", sep, $1; sep = " " }')"
# Incremental, not a new full synchronisation: four Serial Queries from
# serial 1 answered with 7 records, and still five Reset Queries in all.
expect "four Serial Queries answered incrementally" 4 \
	"$(grep -c 'Serial Query from serial 1: 2 announced, 5 withdrawn, to serial 2' "$tmp/srv.err")"
expect "no Reset Query after the update" 5 "$(grep -c 'Reset Query' "$tmp/srv.err")"
# The one session closed is rtrclient -e's, which ends itself.
expect "no session dropped by the reload" 1 "$(grep -c 'session closed' "$tmp/srv.err")"

# SIGTERM: a clean stop (exit 0) with the counts.
kill "$(cat "$tmp/srv.pid")"
wait "$(cat "$tmp/srv.pid")"
expect "SIGTERM: exit status 0" 0 $?
expect "exit event" '"event":"exit","serial":2,"sessions":5,"reset_queries":5,"serial_queries":4,"cache_resets":0' \
	"$(grep -o '"event":"exit","serial":2,"sessions":[0-9]*,"reset_queries":[0-9]*,"serial_queries":[0-9]*,"cache_resets":[0-9]*' "$tmp/srv.out")"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
