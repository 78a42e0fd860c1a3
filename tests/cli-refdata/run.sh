#!/bin/bash
# Command-line tests of `manrs refdata`: the built-in bogon tables against
# IANA's own files (Python over the bundled CSV and XML), lookups against
# independent oracles (Python over the same data files), the valley-free
# check for each RFC 7908 leak type, `check` over data/refdata, compressed
# inputs, malformed input with exact messages, exit statuses.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
data=$root/data/refdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check() { # name, then a command whose success means pass
	local name=$1
	shift
	if "$@"; then
		echo "PASS refdata $name"
		pass=$((pass + 1))
	else
		echo "FAIL refdata $name"
		fail=$((fail + 1))
	fi
}

# same NAME EXPECTED-TEXT COMMAND...: stdout equals the text exactly
same() {
	local name=$1 want=$2
	shift 2
	"$@" > "$tmp/got" 2> "$tmp/err"
	printf '%s\n' "$want" > "$tmp/want"
	if cmp -s "$tmp/want" "$tmp/got"; then
		echo "PASS refdata $name"
		pass=$((pass + 1))
	else
		echo "FAIL refdata $name"
		diff "$tmp/want" "$tmp/got" | head -10
		fail=$((fail + 1))
	fi
}

# status NAME CODE COMMAND...: the command exits with CODE
status() {
	local name=$1 want=$2
	shift 2
	"$@" > /dev/null 2> "$tmp/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then
		echo "PASS refdata $name (exit $rc)"
		pass=$((pass + 1))
	else
		echo "FAIL refdata $name: exit $rc, expected $want"
		head -3 "$tmp/err"
		fail=$((fail + 1))
	fi
}

asrel=$data/asrel/20140101.as-rel.txt.gz
lacnic=$data/rir/delegated-lacnic-latest-20260213.txt.gz
afr23=$data/rir/delegated-afrinic-extended-20230323.gz

# ---- help and usage ----
"$manrs" refdata --help > "$tmp/help"
check "--help names every command" bash -c "for c in check bogon rir asrel valley peeringdb spoofer; do grep -q \"^  \$c \" '$tmp/help' || exit 1; done"
status "--help" 0 "$manrs" refdata --help
status "no command" 2 "$manrs" refdata
status "unknown command" 2 "$manrs" refdata frobnicate
status "rir without --stats" 2 "$manrs" refdata rir AS1
status "asrel without --asrel" 2 "$manrs" refdata asrel 1 2
status "bogon with a bad argument" 2 "$manrs" refdata bogon 10.0.0.0/33
status "valley with a bad path" 2 "$manrs" refdata valley "1 x 3" --asrel "$asrel"
status "unreadable file" 1 "$manrs" refdata rir AS1 --stats "$tmp/does-not-exist"
check "unreadable file: message names it" grep -q "does-not-exist: No such file or directory" "$tmp/err"

# ---- built-in bogons against IANA's files ----
"$manrs" refdata bogon --list > "$tmp/list"
check "bogon --list: every row of the IANA special-purpose table, same name and columns" python3 - "$tmp/list" "$data/bogons/iana-special-purpose_derived-from-wireshark.csv" <<'EOF'
import csv, sys
rows = {}
with open(sys.argv[1]) as f:
    for line in f:
        if not line.strip():
            break
        r = line.rstrip("\n").split("\t")
        rows[r[0]] = r
# IANA footnotes ("False [1]") that the Wireshark-derived table turned into N/A.
footnoted = {("127.0.0.0/8", c) for c in range(4)} | {("2001::/23", c) for c in range(4)} | {("fc00::/7", 3)}
ok, seen = True, set()
with open(sys.argv[2]) as f:
    for rec in csv.DictReader(f):
        p = rec["Address Block"]
        seen.add(p)
        r = rows.get(p)
        if not r or r[1] != rec["Name"] or r[3] != "special-purpose":
            print("missing or renamed:", p, rec["Name"]); ok = False; continue
        cols = ["Source", "Destination", "Forwardable", "Globally Reachable", "Reserved-by-Protocol"]
        for i, c in enumerate(cols):
            if r[4 + i] != rec[c] and not ((p, i) in footnoted and rec[c] == "N/A" and r[4 + i] == "False"):
                print(p, c, r[4 + i], "IANA:", rec[c]); ok = False
        if (r[9] == "yes") != (rec["Globally Reachable"] == "False" or p in ("fc00::/7", "127.0.0.0/8", "2001::/23")):
            print("verdict", p); ok = False
extra = [p for p, r in rows.items() if r[3] == "special-purpose" and p not in seen and p != "prefix"]
if extra:
    print("not in the IANA table:", extra); ok = False
sys.exit(0 if ok and len(seen) == 47 else 1)
EOF
check "bogon --list: every IETF-reserved and multicast block of the IPv6 address space is a bogon with its RFC" python3 - "$tmp/list" "$data/bogons/ipv6-address-space.xml" <<'EOF'
import ipaddress, sys, xml.etree.ElementTree as ET
rows = {}
with open(sys.argv[1]) as f:
    for line in f:
        if not line.strip():
            break
        r = line.rstrip("\n").split("\t")
        if r[0] != "prefix":
            rows[ipaddress.ip_network(r[0])] = r
ns = {"a": "http://www.iana.org/assignments"}
ok, n = True, 0
for rec in ET.parse(sys.argv[2]).getroot().iter("{http://www.iana.org/assignments}record"):
    net = ipaddress.ip_network(rec.find("a:prefix", ns).text)
    desc = rec.find("a:description", ns).text
    rfcs = {x.get("data").upper().replace("RFC", "RFC ") for x in rec.findall("a:xref", ns) if x.get("type") == "rfc"}
    if desc == "Global Unicast":
        if net in rows:
            print("2000::/3 must not be listed"); ok = False
        continue
    r = rows.get(net)
    if not r or r[9] != "yes" or not any(x.strip() in rfcs for x in r[2].split(",")):
        print("missing or wrong:", net, desc, r and r[2]); ok = False
    n += 1
sys.exit(0 if ok and n == 19 else 1)
EOF
check "bogon --list: the ten special-purpose ASN ranges" bash -c "sed -n '/^asn/,\$p' '$tmp/list' | cut -f1,3,4 | tr '\t' ' ' | tail -n +2 | tr '\n' ';' | grep -qx '0 RFC 7607 yes;112 RFC 7534 no;23456 RFC 6793 yes;64496-64511 RFC 5398 yes;64512-65534 RFC 6996 yes;65535 RFC 7300 yes;65536-65551 RFC 5398 yes;65552-131071 IANA AS Numbers registry (no RFC) yes;4200000000-4294967294 RFC 6996 yes;4294967295 RFC 7300 yes;'"

same "bogon: prefixes and ASNs" "192.168.1.0/24: full bogon: inside 192.168.0.0/16 Private-Use (RFC 1918): private addresses: not globally reachable
8.8.8.0/24: not a bogon
192.0.0.9/32: not a bogon: special-purpose 192.0.0.9/32 Port Control Protocol Anycast (RFC 7723): globally reachable anycast
0.0.0.0/0: spans a full bogon: contains 0.0.0.0/8 \"This network\" (RFC 791, Section 3.2)
2001:db8:1::/48: full bogon: inside 2001:db8::/32 Documentation (RFC 3849): documentation only
AS23456: full bogon: special-purpose AS23456 AS_TRANS (RFC 6793): placeholder for 4-octet ASNs towards old speakers; never a real AS in a path
AS4200000001: full bogon: special-purpose AS4200000000-AS4294967294 For private use (RFC 6996): private use: stripped before the global table
AS3356: not a bogon" \
	"$manrs" refdata bogon 192.168.1.0/24 8.8.8.0/24 192.0.0.9/32 0.0.0.0/0 2001:db8:1::/48 AS23456 AS4200000001 AS3356
same "bogon: administrative, from a Cymru list and extended stats" "23.135.225.0/25: administrative bogon: inside undelegated block 23.135.225.0/24 ($data/bogons/fullbogons-ipv4_20240310.txt)
10.0.0.0/8: full bogon: inside 10.0.0.0/8 Private-Use (RFC 1918): private addresses: not globally reachable
AS5536: administrative bogon: undelegated AS5536 (afrinic available, $afr23)
AS1228: not a bogon" \
	"$manrs" refdata bogon --bogons "$data/bogons/fullbogons-ipv4_20240310.txt" --stats "$afr23" 23.135.225.0/25 10.0.0.0/8 AS5536 AS1228
# Every IPv4 prefix of the Cymru list is reported as a bogon of some kind.
grep -v '^#' "$data/bogons/fullbogons-ipv4_20240310.txt" > "$tmp/cymru4"
"$manrs" refdata bogon --bogons "$data/bogons/fullbogons-ipv4_20240310.txt" $(cat "$tmp/cymru4") > "$tmp/cymru4.out"
check "bogon: all 703 Cymru IPv4 prefixes are bogons (14 full, 689 administrative)" bash -c \
	"[ \$(grep -c ': full bogon' '$tmp/cymru4.out') = 14 ] && [ \$(grep -c ': administrative bogon' '$tmp/cymru4.out') = 689 ]"

# ---- RIR stats ----
same "rir: ASNs and prefixes of three RIRs' files" "AS278: lacnic MX allocated 1989-03-31 ($lacnic line 33363)
AS1228: afrinic ZA allocated 1991-03-01 id F36B9F4B ($afr23 line 5)
AS173: apnic JP allocated 2002-08-01 id A91E66F2 ($data/rir/nro-testdata-2019-09-apnic.txt line 5)
196.4.28.0/24: afrinic ZA allocated 1993-08-31 block 196.4.28.0/23 (record of 2560 addresses) id F369838C ($afr23 line 5836)
2001:1200::/48: lacnic MX allocated 2003-01-10 block 2001:1200::/32 ($lacnic line 20072)
8.8.8.0/24: not in the stats" \
	"$manrs" refdata rir --stats "$lacnic" --stats "$afr23" --stats "$data/rir/nro-testdata-2019-09-apnic.txt" AS278 AS1228 AS173 196.4.28.0/24 2001:1200::/48 8.8.8.0/24
status "rir: LACNIC 2026's summary contradicts its records: exit 3" 3 "$manrs" refdata rir --stats "$lacnic" AS278
check "rir: ... and says how" bash -c "grep -q 'version line declares 48928 records, 47408 read (1520 missing)' '$tmp/err' && grep -q 'summary declares 15570 asn records, 14050 read (1520 missing)' '$tmp/err'"
# Oracle: every LACNIC asn record looked up gives back its own country and date.
zcat "$lacnic" | awk -F'|' '$3 == "asn" && $2 != "*" { print "AS" $4 }' | shuf -n 200 --random-source=<(yes) > "$tmp/asns"
"$manrs" refdata rir -q --stats "$lacnic" $(cat "$tmp/asns") > "$tmp/rir.out" 2> /dev/null
zcat "$lacnic" | awk -F'|' '$3 == "asn" && $2 != "*" { printf "AS%s: lacnic %s %s %s-%s-%s\n", $4, $2, $7, substr($6,1,4), substr($6,5,2), substr($6,7,2) }' > "$tmp/rir.all"
check "rir: 200 random LACNIC ASNs agree with awk over the file" bash -c \
	"sed 's/ (.*//' '$tmp/rir.out' | sort > '$tmp/a'; grep -F -f <(sed 's/\$/:/' '$tmp/asns') '$tmp/rir.all' | sort > '$tmp/b'; [ -s '$tmp/a' ] && cmp -s '$tmp/a' '$tmp/b'"

# ---- AS relationships ----
same "asrel: relationships" "AS3356 is provider of AS3549
AS3549 is customer of AS3356
AS3 is peer of AS4
AS3 is no known relationship with AS3549" \
	bash -c "for p in '3356 3549' '3549 3356' '3 4' '3 3549'; do '$manrs' refdata asrel \$p --asrel '$asrel'; done"
for a in 3356 174 6939 15169 1; do
	python3 - "$asrel" "$a" > "$tmp/want.$a" <<'EOF'
import gzip, sys, collections
cust, prov, peer = (collections.defaultdict(set) for _ in range(3))
for line in gzip.open(sys.argv[1], "rt"):
    if line.startswith("#"):
        continue
    a, b, r = map(int, line.strip().split("|"))
    if r == -1:
        cust[a].add(b); prov[b].add(a)
    else:
        peer[a].add(b); peer[b].add(a)
x = int(sys.argv[2])
seen, todo = {x}, [x]
while todo:
    for c in cust[todo.pop()]:
        if c not in seen:
            seen.add(c); todo.append(c)
print(f"AS{x}: {len(prov[x])} providers, {len(cust[x])} customers, {len(peer[x])} peers; customer cone {len(seen)} ASes")
EOF
	"$manrs" refdata asrel "$a" --asrel "$asrel" > "$tmp/got.$a"
	check "asrel AS$a: neighbours and cone size agree with a Python walk" cmp -s "$tmp/want.$a" "$tmp/got.$a"
done
xz -c < <(gzip -dc "$asrel") > "$tmp/asrel.xz"
zstd -q -c < <(gzip -dc "$asrel") > "$tmp/asrel.zst"
check "asrel: xz and zstd input give the same answer" bash -c \
	"'$manrs' refdata asrel 3356 --asrel '$tmp/asrel.xz' | cmp -s - '$tmp/got.3356' && '$manrs' refdata asrel 3356 --asrel '$tmp/asrel.zst' | cmp -s - '$tmp/got.3356'"

same "valley: valley-free" "path: 174 3356 3549 (3 ASes without prepends)
valley-free: every link known" "$manrs" refdata valley "174 3356 3549" --asrel "$asrel"
same "valley: Type 1 hairpin" "path: 174 3 3356 (3 ASes without prepends)
leak: AS3 sent a route from its provider AS3356 to its provider AS174
type: RFC 7908 Type 1: hairpin turn (a route from one provider sent to another provider)" \
	"$manrs" refdata valley 174,3,3356 --asrel "$asrel"
same "valley: Type 2 lateral" "path: 291 3 4 (3 ASes without prepends)
leak: AS3 sent a route from its peer AS4 to its peer AS291
type: RFC 7908 Type 2: lateral ISP-ISP-ISP leak (a route from one peer sent to another peer)" \
	"$manrs" refdata valley 291 3 4 --asrel "$asrel"
same "valley: Type 3 provider route to a peer" "path: 4 3 3 3356 (3 ASes without prepends)
leak: AS3 sent a route from its provider AS3356 to its peer AS4
type: RFC 7908 Type 3: route learned from a transit provider leaked to a peer" \
	"$manrs" refdata valley "4 3 3 3356" --asrel "$asrel"
same "valley: Type 4 peer route to a provider" "path: 3356 3 4 (3 ASes without prepends)
leak: AS3 sent a route from its peer AS4 to its provider AS3356
type: RFC 7908 Type 4: route learned from a peer leaked to a transit provider" \
	"$manrs" refdata valley "3356 3 4" --asrel "$asrel"
same "valley: unknown link" "path: 3356 3549 64496 (3 ASes without prepends)
unknown: no leak among the known links; no relationship known between AS64496 and AS3549 (1 of 2 links unknown)" \
	"$manrs" refdata valley "3356 3549 64496" --asrel "$asrel"

# ---- PeeringDB ----
"$manrs" refdata peeringdb -q 6939 8075 2914 64496 --peeringdb "$data/peeringdb" > "$tmp/pdb.out"
python3 - "$data/peeringdb" 6939 8075 2914 64496 > "$tmp/pdb.want" <<'EOF'
import glob, gzip, json, sys
def load(t):
    out = []
    for f in sorted(glob.glob(f"{sys.argv[1]}/{t}_page-*.json.gz")):
        out += json.load(gzip.open(f))["data"]
    return out
net, org, poc, nix, ix = (load(t) for t in ("net", "org", "poc", "netixlan", "ix"))
orgs = {o["id"]: o for o in org}
ixs = {i["id"]: i for i in ix}
for a in map(int, sys.argv[2:]):
    n = [x for x in net if x["asn"] == a]
    mem = sorted((x for x in nix if x["asn"] == a), key=lambda x: x["id"])
    if not n and not mem:
        print(f"AS{a}: not in PeeringDB data"); continue
    n = n[0]
    o = f', org "{orgs[n["org_id"]]["name"]}"' if n["org_id"] in orgs else ""
    print(f'AS{a}: net {n["id"]} "{n["name"]}"{o}')
    print(f'  irr_as_set: {n["irr_as_set"] or "(none)"}')
    ps = sorted((p for p in poc if p["net_id"] == n["id"]), key=lambda p: p["id"])
    print(f"  contacts: {len(ps)}")
    for p in ps:
        print(f'    {p["role"]} ({p["visible"]}) {p["name"] or "-"} {p["email"] or "-"} {p["phone"] or "-"}')
    print(f"  ix memberships: {len(mem)}")
    for x in mem:
        name = ixs[x["ix_id"]]["name"] if x["ix_id"] in ixs else x["name"]
        rs = ", route-server peer" if x["is_rs_peer"] else ""
        print(f'    {name} (ix {x["ix_id"]}): {x["ipaddr4"] or "-"} {x["ipaddr6"] or "-"} {x["speed"]} Mbit/s{rs}')
EOF
check "peeringdb: contacts, as-set and IX memberships agree with Python over the JSON" cmp -s "$tmp/pdb.want" "$tmp/pdb.out"
"$manrs" refdata peeringdb 6939 --peeringdb "$data/peeringdb/auth-redacted_poc_page-1.json.gz" > /dev/null 2> "$tmp/err"
check "peeringdb: the redacted page's contacts are refused with a reason" bash -c \
	"grep -q 'auth-redacted_poc_page-1.json.gz: data\[0\] (poc id 2): net_id is not an integer' '$tmp/err' && grep -q 'data\[9\] (poc id 15): redacted value' '$tmp/err'"

# ---- Spoofer ----
same "spoofer: an AS from the API and a prefix from Shadowserver" "AS3356: 2 tests: received 0, blocked 2, rewritten 0, unknown 0; 0 prefixes with spoofed packets received
  2020-05-07T14:34:59Z session 891176 AS3356 4.30.179.0/24 routed blocked private blocked nat yes usa
  2020-05-13T11:12:51Z session 894351 AS3356 8.9.89.0/24 routed blocked private blocked nat yes usa
115.78.0.0/16:
  2019-08-27T02:32:12Z session 740024 AS7552 115.78.9.0/24 routed rewritten private none nat yes VN" \
	"$manrs" refdata spoofer AS3356 115.78.0.0/16 --spoofer "$data/spoofer/caida_spoofer_api_sessions_AS3356_202005.jsonl" --spoofer "$data/spoofer/shadowserver_caida_ip_spoofer_20190827.csv"

# ---- check ----
"$manrs" refdata check -q "$data" > "$tmp/check.out" 2> "$tmp/check.err"
rc=$?
check "check data/refdata: exit 3 (the LACNIC summary, the redacted page)" [ "$rc" -eq 3 ]
check "check: output as committed (tests/cli-refdata/check.expected)" bash -c \
	"sed 's|$data/||' '$tmp/check.out' | cmp -s - '$here/check.expected' || { sed 's|$data/||' '$tmp/check.out' | diff '$here/check.expected' - | head; exit 1; }"
mkdir -p "$tmp/dir/sub"
cp "$asrel" "$tmp/dir/sub/as-rel.gz"
printf '2|ripencc|20240101|3|19930901|20240101|+0100\nripencc|*|asn|*|2|summary\nripencc|NL|asn|3333|1|19930901|allocated\nripencc|NL|asn|x|1|19930901|allocated\nripencc|NL|ipv4|193.0.0.0|2048|19931301|allocated\n' > "$tmp/dir/delegated-bad.txt"
printf 'garbage\n' > "$tmp/dir/notes.txt"
"$manrs" refdata check "$tmp/dir" > "$tmp/check2.out" 2> "$tmp/check2.err"
rc=$?
check "check: a malformed stats file is reported with line numbers, exit 3" bash -c "[ $rc -eq 3 ] &&
	grep -q 'delegated-bad.txt: line 4: ASN start is not a number' '$tmp/check2.err' &&
	grep -q 'delegated-bad.txt: line 5: date is not YYYYMMDD' '$tmp/check2.err' &&
	grep -q '    1 ASN start is not a number (first: line 4)' '$tmp/check2.out' &&
	grep -q 'inconsistent: version line declares 3 records, 1 read (2 missing)' '$tmp/check2.out' &&
	grep -q 'notes.txt: skipped: not recognised' '$tmp/check2.out'"
status "check: a missing directory" 1 "$manrs" refdata check "$tmp/nope"

# ---- check reads a bounded head of each file ----
# Peak RSS in KiB of a command (GNU time), its stdout in $tmp/rss.out.
# AddressSanitizer adds its shadow memory and keeps freed blocks in a
# quarantine (256 MiB by default): for an instrumented binary the
# quarantine is cut to 1 MiB and the bounds are four times larger.
scale=1 asan=
# (Not `ldd | grep -q`: under pipefail, grep quitting early can fail ldd.)
if [[ "$(ldd "$manrs" 2> /dev/null)" == *libasan* ]]; then
	scale=4
	asan=quarantine_size_mb=1
fi
rss() {
	ASAN_OPTIONS="${ASAN_OPTIONS:-}${asan:+:$asan}" /usr/bin/time -f '%M' -o "$tmp/rss" "$@" > "$tmp/rss.out" 2> /dev/null
	tail -n 1 "$tmp/rss"
}
mrt=$root/data/mrt/ris-rrc00-bview.20020722.2337.gz
mkdir -p "$tmp/mrtdir"
cp "$mrt" "$tmp/mrtdir/"
# 20 gzip members of the RIB: 138 MB once decompressed, which a whole-file
# read would hold in memory.
for i in $(seq 20); do cat "$mrt"; done > "$tmp/mrtdir/rib20.gz"
kb=$(rss "$manrs" refdata check "$tmp/mrtdir")
check "check: a gzipped MRT RIB is named MRT from its head" bash -c \
	"grep -qx '$tmp/mrtdir/ris-rrc00-bview.20020722.2337.gz: MRT routing data (gzip): used by '\''manrs mrt'\'', not checked here' '$tmp/rss.out' &&
	 grep -qx '$tmp/mrtdir/rib20.gz: MRT routing data (gzip): used by '\''manrs mrt'\'', not checked here' '$tmp/rss.out' &&
	 grep -q 'files: 2 read, 0 loaded, 2 left to other commands, 0 skipped' '$tmp/rss.out'"
check "check: peak RSS over 138 MB of MRT stays under $((32 * scale)) MiB (measured $kb KiB)" [ "$kb" -lt $((32768 * scale)) ]

# ---- the walk: symbolic link loops, FIFOs, depth ----
mkdir -p "$tmp/walk"
cp "$asrel" "$tmp/walk/as-rel.gz"
ln -s . "$tmp/walk/a"
ln -s . "$tmp/walk/b"
ln -s "$tmp/walk" "$tmp/walk/c"
mkfifo "$tmp/walk/fifo"
d=$tmp/walk/deep
for i in $(seq 17); do d=$d/d$i; done
mkdir -p "$d"
cp "$asrel" "$d/as-rel.gz"
timeout 60 "$manrs" refdata check "$tmp/walk" > "$tmp/walk.out" 2> "$tmp/walk.err"
rc=$?
check "check: symbolic link loops and a FIFO end (exit $rc)" [ "$rc" -eq 0 ]
same "check: links to directories and the FIFO are skipped, the tree is cut 16 levels down" \
"$tmp/walk/a: skipped: symbolic link to a directory, not followed
$tmp/walk/as-rel.gz: AS relationships (CAIDA serial-1, gzip)
$tmp/walk/b: skipped: symbolic link to a directory, not followed
$tmp/walk/c: skipped: symbolic link to a directory, not followed
$tmp/walk/deep/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16: skipped: directory more than 16 levels down, not walked
$tmp/walk/fifo: skipped: a FIFO, not a regular file
  files: 6 read, 1 loaded, 0 left to other commands, 5 skipped; 0 lines or objects skipped; 0 inconsistencies" \
	bash -c "grep -E '^[^ ]|^  files:' '$tmp/walk.out' | grep -v '^totals:'"
mkdir -p "$tmp/pdbwalk"
cp "$data/peeringdb/net_page-1.json.gz" "$tmp/pdbwalk/"
ln -s . "$tmp/pdbwalk/loop"
mkfifo "$tmp/pdbwalk/fifo"
timeout 60 "$manrs" refdata peeringdb 6939 --peeringdb "$tmp/pdbwalk" > "$tmp/pdbwalk.out" 2> "$tmp/pdbwalk.err"
rc=$?
check "peeringdb DIR: a link loop and a FIFO are skipped with a warning, exit 3" bash -c "[ $rc -eq 3 ] &&
	grep -qx 'AS6939: net 291 \"Hurricane Electric\"' <(head -1 '$tmp/pdbwalk.out') &&
	grep -q 'fifo: skipped: a FIFO, not a regular file' '$tmp/pdbwalk.err' &&
	grep -q 'loop: skipped: symbolic link to a directory, not followed' '$tmp/pdbwalk.err'"

# ---- PeeringDB and Spoofer JSON are parsed one element at a time ----
python3 - "$tmp/netixlan_page-1.json" "$tmp/spoofer.json" <<'PY'
import json, sys
n = 200000
with open(sys.argv[1], "w") as f:
    f.write('{"meta": {}, "data": [')
    for i in range(1, n + 1):
        f.write("," if i > 1 else "")
        f.write(json.dumps({"id": i, "net_id": i, "ix_id": 1, "ixlan_id": 1, "name": "IX", "asn": 64512 + i % 1000,
                            "ipaddr4": "192.0.2.%d" % (i % 250 + 1), "ipaddr6": None, "speed": 10000,
                            "is_rs_peer": i % 2 == 0, "operational": True, "status": "ok", "notes": "x" * 100}))
    f.write("]}")
with open(sys.argv[2], "w") as f:
    f.write('{"@context": "/contexts/Session", "hydra:member": [\n')
    for i in range(1, n + 1):
        f.write(",\n" if i > 1 else "")
        f.write(json.dumps({"session": i, "timestamp": "2021-01-02T03:04:05Z", "asn4": str(64512 + i % 1000),
                            "client4": "192.0.2.0/24", "routedspoof": "blocked" if i % 3 else "received",
                            "privatespoof": "blocked", "nat4": False, "country": "nld", "notes": "y" * 100}))
    f.write("\n]}\n")
PY
kb=$(rss "$manrs" refdata peeringdb 64600 --peeringdb "$tmp/netixlan_page-1.json")
check "peeringdb: 200,000 netixlan objects (63 MB): AS64600 has 200 memberships" bash -c \
	"head -2 '$tmp/rss.out' | tr '\n' ';' | grep -qx 'AS64600: no net object;  ix memberships: 200;'"
check "peeringdb: peak RSS over a 63 MB page stays under $((96 * scale)) MiB (measured $kb KiB)" [ "$kb" -lt $((98304 * scale)) ]
kb=$(rss "$manrs" refdata spoofer AS64600 --spoofer "$tmp/spoofer.json")
check "spoofer: 200,000 sessions (58 MB): AS64600 has 200 tests, 66 received" bash -c \
	"head -1 '$tmp/rss.out' | grep -qx 'AS64600: 200 tests: received 66, blocked 134, rewritten 0, unknown 0; 1 prefixes with spoofed packets received'"
check "spoofer: peak RSS over 58 MB of JSON stays under $((96 * scale)) MiB (measured $kb KiB)" [ "$kb" -lt $((98304 * scale)) ]

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
