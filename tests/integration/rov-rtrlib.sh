#!/bin/bash
# Route origin validation against rtrlib, the oracle: StayRTR serves a real
# VRP set (data/rpki, RIPE NCC pre-production 2023) over RTR on 127.0.0.1,
# rtrlib's rtrclient and rpki-rov read it, and `manrs rov` must give the
# same verdict and the same covering VRPs for every route (real RouteViews
# 2014 routes plus variants). rtrlib says only "invalid": our origin/length
# split is checked against the VRPs by an independent Python oracle.
# Usage: rov-rtrlib.sh [MANRS]. Installs nothing (scripts/setup.sh does).
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
vrps=$root/data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz
routes=$root/data/rpki/ipasn_20140513.2-57-145.txt
tmp=$(mktemp -d)
srv=
cleanup() {
	[ -n "$srv" ] && kill "$srv" 2> /dev/null && wait "$srv" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
ok() { echo "PASS rov-rtrlib $1"; pass=$((pass + 1)); }
ko() { echo "FAIL rov-rtrlib $1"; fail=$((fail + 1)); }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

for tool in stayrtr rpki-rov rtrclient python3; do
	if ! command -v "$tool" > /dev/null; then
		ko "$tool is not installed (scripts/setup.sh installs stayrtr and rtr-tools)"
		finish
	fi
done

# StayRTR drops VRPs whose "expires" has passed (this set expired in May
# 2023): serve a copy with the times moved to 2100; manrs reads the original.
gzip -dc "$vrps" | sed -E 's/"expires": [0-9]+/"expires": 4102444800/' > "$tmp/vrps.json"

# Routes: every third RouteViews route of the bundled sample, the same with
# the next origin AS and one bit longer, and IPv6 routes made from the
# IPv6 VRPs (their prefix, one bit longer, another AS).
python3 - "$routes" "$tmp/vrps.json" > "$tmp/routes.txt" << 'EOF'
import ipaddress, json, sys
lines = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith(';')]
out = []
for i, (p, a) in enumerate(lines[::3]):
    n = ipaddress.ip_network(p)
    out.append((str(n), int(a)))
    if i % 3 == 0:
        out.append((str(n), int(a) + 1))
    if i % 3 == 1 and n.prefixlen < 32:
        out.append((str(next(n.subnets(1))), int(a)))
v6 = [r for r in json.load(open(sys.argv[2]))['roas'] if ':' in r['prefix']]
for i, r in enumerate(v6[::12]):
    n = ipaddress.ip_network(r['prefix'])
    out.append((str(n), r['asn']))
    if n.prefixlen < 128:
        out.append((str(list(n.subnets(1))[1]), r['asn']))
    out.append((str(n), 64496 + i % 3))
for p, a in out:
    print(p, a)
EOF
nroutes=$(wc -l < "$tmp/routes.txt")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# rtrlib 0.8 speaks RTR v0 and v1 (RFC 8210); StayRTR defaults to v2.
timeout 300 stayrtr -bind "127.0.0.1:$port" -metrics.addr "127.0.0.1:$mport" -protocol 1 -checktime=false \
	-refresh 3600 -cache "$tmp/vrps.json" > "$tmp/stayrtr.log" 2>&1 &
srv=$!
for _ in $(seq 100); do
	(exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
	sleep 0.2
done
if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
	ko "StayRTR did not start listening on 127.0.0.1:$port"
	cat "$tmp/stayrtr.log"
	finish
fi

# What rtrlib received over RTR must be the whole set manrs loads.
timeout 60 rtrclient -e -t csv -o "$tmp/rtr-export.csv" tcp 127.0.0.1 "$port" > /dev/null 2>&1
got=$(grep -cE '^[0-9a-f:.]+, [0-9]+, [0-9]+, [0-9]+$' "$tmp/rtr-export.csv" 2> /dev/null)
want=$("$manrs" rov --vrps "$vrps" 0.0.0.0/0 1 2>&1 | sed -nE 's/^manrs rov: ([0-9]+) VRPs .*/\1/p')
if [ "${got:-0}" -eq "${want:-0}" ] && [ "$want" -eq 3845 ]; then
	ok "rtrclient received all $want VRPs from StayRTR"
else
	ko "rtrclient received ${got:-0} VRPs, manrs loaded ${want:-0} (expected 3845)"
fi

# rtrlib's verdicts: "IP LEN ASN|covering VRPs|0 valid, 1 not found, 2 invalid".
awk '{ split($1, a, "/"); print a[1], a[2], $2 }' "$tmp/routes.txt" |
	timeout 120 rpki-rov 127.0.0.1 "$port" > "$tmp/rtrlib.out" 2> "$tmp/rtrlib.err"
"$manrs" rov --vrps "$vrps" --routes "$tmp/routes.txt" > "$tmp/manrs.txt" 2> "$tmp/manrs.err"
rc=$?
"$manrs" rov --json --vrps "$vrps" --routes "$tmp/routes.txt" > "$tmp/manrs.json" 2> /dev/null
if [ $rc -eq 0 ] && [ "$(wc -l < "$tmp/manrs.txt")" -eq "$nroutes" ]; then
	ok "manrs rov validated $nroutes routes (exit 0)"
else
	ko "manrs rov: exit $rc, $(wc -l < "$tmp/manrs.txt") lines for $nroutes routes"
	head -5 "$tmp/manrs.err"
fi

python3 - "$tmp" "$nroutes" << 'EOF'
import ipaddress, json, sys
tmp, nroutes = sys.argv[1], int(sys.argv[2])
res = {0: 'valid', 1: 'not-found', 2: 'invalid'}
rtr = []
for line in open(tmp + '/rtrlib.out'):
    f = line.rstrip('\n').split('|')
    if len(f) != 3:
        continue
    ip, ln, asn = f[0].split()
    cover = set(tuple(v.split()) for v in f[1].split(',') if v)
    rtr.append((f'{ip}/{ln}', int(asn), res[int(f[2])], cover))
ours = [json.loads(l) for l in open(tmp + '/manrs.json')]
text = [l.split() for l in open(tmp + '/manrs.txt')]
vrps = [(ipaddress.ip_network(r['prefix']), r['maxLength'], r['asn'])
        for r in json.load(open(tmp + '/vrps.json'))['roas']]
passed = failed = 0
def check(ok, what):
    global passed, failed
    print(('PASS' if ok else 'FAIL') + ' rov-rtrlib ' + what)
    if ok: passed += 1
    else: failed += 1
check(len(rtr) == nroutes, f'rpki-rov answered for all {nroutes} routes ({len(rtr)})')
bad_verdict, bad_cover, bad_text, bad_split = [], [], [], []
counts = {}
for r, o, t in zip(rtr, ours, text):
    p, asn, verdict, cover = r
    mine = o['verdict']
    counts[mine] = counts.get(mine, 0) + 1
    if t != [o['prefix'], str(asn), mine] or o['prefix'] != str(ipaddress.ip_network(p)):
        bad_text.append((p, asn, t))
    if (mine if not mine.startswith('invalid') else 'invalid') != verdict:
        bad_verdict.append((p, asn, verdict, mine))
    # rtrlib stops at the first match: for a valid route it lists some of
    # the covering VRPs, one of them matching; otherwise all of them.
    mcover = set((str(v['asn']), *v['prefix'].split('/'), str(v['maxLength'])) for v in o['covering'])
    mmatch = set((str(v['asn']), *v['prefix'].split('/'), str(v['maxLength'])) for v in o['matching'])
    if (mine != 'valid' and mcover != cover) or (mine == 'valid' and not (cover <= mcover and cover & mmatch)):
        bad_cover.append((p, asn))
    if mine.startswith('invalid'):
        n = ipaddress.ip_network(p)
        own = [v for v in vrps if v[0].version == n.version and n.subnet_of(v[0]) and v[2] == asn and asn != 0]
        want = 'invalid-length' if own else 'invalid-origin'
        if mine != want:
            bad_split.append((p, asn, mine, want))
check(not bad_verdict, f'rtrlib and manrs give the same verdict for every route ({len(bad_verdict)} differ)')
for b in bad_verdict[:10]:
    print('   ', *b)
check(not bad_cover, f'rtrlib and manrs see the same covering VRPs for every route ({len(bad_cover)} differ)')
for b in bad_cover[:10]:
    print('   ', *b)
check(not bad_text, f'text and JSON output agree, one line per route in input order ({len(bad_text)} differ)')
check(not bad_split, f'invalid-origin / invalid-length split right by the VRPs ({len(bad_split)} wrong)')
for b in bad_split[:10]:
    print('   ', *b)
enough = all(counts.get(v, 0) >= 20 for v in ('valid', 'invalid-origin', 'invalid-length', 'not-found'))
check(enough, 'every verdict occurs at least 20 times: ' + ', '.join(f'{k} {v}' for k, v in sorted(counts.items())))
print(f'{passed} passed, {failed} failed', file=open(tmp + '/py.count', 'w'))
EOF
if [ -f "$tmp/py.count" ]; then
	read -r p _ f _ < "$tmp/py.count"
	pass=$((pass + p))
	fail=$((fail + f))
else
	ko "the comparison script did not finish"
fi
finish
