#!/bin/bash
# Command-line tests of `manrs irr route|origin|expand` on the bundled RIPE
# slice and IRRd samples (data/irr/): counts and expansions against an
# independent oracle (oracle.py, a separate Python reader), exact messages
# for the 11 malformed IRRd samples, depth limit, cycles, SOURCE::NAME,
# range operators, JSON validity, input forms and exit statuses.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
manrs=$(cd "$(dirname "$manrs")" && pwd)/$(basename "$manrs")
slice=("$root"/data/irr/ripe-slice/*.gz)
samples=$root/data/irr/irrd_rpsl_samples
oracle="python3 $here/oracle.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { echo "PASS cli-irr $1"; pass=$((pass + 1)); }
ko() { echo "FAIL cli-irr $1"; fail=$((fail + 1)); }

# same NAME EXPECTED-FILE COMMAND...: stdout equals the file (non-empty)
same() {
	local name=$1 want=$2
	shift 2
	"$@" > "$tmp/got" 2> "$tmp/err"
	if [ -s "$want" ] && cmp -s "$want" "$tmp/got"; then
		ok "$name ($(wc -l < "$want") lines)"
	else
		ko "$name: $(wc -l < "$tmp/got") lines, expected $(wc -l < "$want")"
		diff "$want" "$tmp/got" | head -5
	fi
}

# run NAME STATUS COMMAND...: the exit status is STATUS; output in $tmp/out, $tmp/err
run() {
	local name=$1 want=$2
	shift 2
	"$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$name (exit $rc)"
	else
		ko "$name: exit $rc, expected $want"
		head -3 "$tmp/err"
	fi
}

# has NAME FILE LINE: FILE contains exactly this line
has() {
	if grep -qxF -- "$3" "$2"; then ok "$1"; else ko "$1: no line '$3'"; head -5 "$2"; fi
}

# ---- Loading: counts per class and source, against the oracle ----------
run "load the RIPE slice" 0 "$manrs" irr origin AS4663 --rpsl "${slice[@]}"
$oracle counts "${slice[@]}" > "$tmp/counts"
has "oracle counts agree: RIPE as-set" "$tmp/counts" "RIPE as-set 1333"
has "oracle counts agree: RIPE-NONAUTH route" "$tmp/counts" "RIPE-NONAUTH route 2104"
has "oracle counts agree: RIPE-NONAUTH route6" "$tmp/counts" "RIPE-NONAUTH route6 296"
has "per-source counts on stderr (RIPE-NONAUTH)" "$tmp/err" \
	"manrs: source RIPE-NONAUTH: route 2104, route6 296, aut-num 216"
has "per-source counts on stderr (RIPE)" "$tmp/err" "manrs: source RIPE: as-set 1333"
has "skipped classes counted" "$tmp/err" "manrs: other classes (not used): as-block 100, filter-set 10"
run "quiet" 0 "$manrs" irr origin AS4663 -q --rpsl "${slice[@]}"
if [ ! -s "$tmp/err" ]; then ok "-q: nothing on stderr"; else ko "-q: stderr not empty"; fi

# ---- origin ---------------------------------------------------------------
$oracle origin AS29259 "${slice[@]}" > "$tmp/want"
"$manrs" irr origin AS29259 -q --rpsl "${slice[@]}" | awk '$1 == "route" || $1 == "route6" { print $1, $2 }' > "$tmp/o"
same "origin AS29259 (oracle)" "$tmp/want" cat "$tmp/o"
$oracle origin AS12222 "${slice[@]}" > "$tmp/want"
"$manrs" irr origin 12222 -q --rpsl "${slice[@]}" | awk '$1 == "route" || $1 == "route6" { print $1, $2 }' > "$tmp/o"
same "origin 12222 (oracle)" "$tmp/want" cat "$tmp/o"
run "origin: aut-num line" 0 "$manrs" irr origin AS55064 -q --rpsl "${slice[@]}"
has "origin: aut-num fields" "$tmp/out" \
	"aut-num AS55064 RIPE-NONAUTH as-name ARISTANETWORKS import 2 export 2 mp-import 2 mp-export 2"

# ---- route ----------------------------------------------------------------
run "route: less-specific" 0 "$manrs" irr route 63.105.200.0/24 --origin AS4663 -q --rpsl "${slice[@]}"
printf '%s\n' \
	"RIPE-NONAUTH: less-specific: 63.105.192.0/20 AS4663 RIPE-NONAUTH mnt-by AS4663-RIPE-MNT" \
	"RIPE: none" \
	"covering: 63.105.192.0/20 AS4663 RIPE-NONAUTH mnt-by AS4663-RIPE-MNT" > "$tmp/want"
same "route: less-specific text" "$tmp/want" cat "$tmp/out"
run "route: exact, wrong origin" 0 "$manrs" irr route 63.105.192.0/20 --origin 64496 --sources RIPE-NONAUTH -q \
	--rpsl "${slice[@]}"
has "route: none with the other origin counted" "$tmp/out" \
	"RIPE-NONAUTH: none (1 object for this prefix with another origin)"
run "route --json" 0 "$manrs" irr route 2002::/16 --origin AS559 --json -q --rpsl "${slice[@]}"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["sources"][0]
assert d["prefix"] == "2002::/16" and d["origin"] == 559
assert s["source"] == "RIPE-NONAUTH" and s["match"] == "exact" and s["other_origin_exact"] == 16
assert s["route"]["mnt_by"] == ["AS559-MNT"]
assert len(d["covering"]) == 17
' "$tmp/out"; then ok "route --json fields"; else ko "route --json fields"; fi

# ---- expand: against the oracle -------------------------------------------
$oracle expand AS-MNETDE "${slice[@]}" > "$tmp/want"
same "expand AS-MNETDE (oracle)" "$tmp/want" "$manrs" irr expand AS-MNETDE -q --rpsl "${slice[@]}"
$oracle prefixes AS-MNETDE "${slice[@]}" > "$tmp/want"
same "expand AS-MNETDE --prefixes (oracle)" "$tmp/want" "$manrs" irr expand AS-MNETDE --prefixes -q --rpsl "${slice[@]}"
$oracle expand as-stnb "${slice[@]}" > "$tmp/want"
same "expand as-stnb, lower case (oracle)" "$tmp/want" "$manrs" irr expand as-stnb -q --rpsl "${slice[@]}"
run "expand: cycles reported" 0 "$manrs" irr expand AS-STNB --rpsl "${slice[@]}"
has "expand: cycle message" "$tmp/err" \
	"manrs: AS-STNB: cycle AS202245:AS-AIG-OUT -> AS-ONENEO-OUT -> AS202245:AS-AIG-OUT (followed once)"
run "expand --json" 0 "$manrs" irr expand AS-MNETDE --json -q --rpsl "${slice[@]}"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["set"] == "AS-MNETDE" and d["source"] == "RIPE" and d["class"] == "as-set"
assert len(d["asns"]) == 177 and d["sets_expanded"] == 37 and d["depth"] == 5
assert d["cycles_total"] == 5 and len(d["cycles"]) == 5 and d["missing"] == []
assert "AS-SLZ -> AS-GEFOEKOM -> AS-SLZ" in d["cycles"]
' "$tmp/out"; then ok "expand --json fields"; else ko "expand --json fields"; fi
run "expand: missing sets mean exit 3" 3 "$manrs" irr expand AS-RESTENA --rpsl "${slice[@]}"
has "expand: missing set message" "$tmp/err" "manrs: AS-RESTENA: AS-LXP not found in the active sources: not expanded"
run "expand: mbrs-by-ref" 0 "$manrs" irr expand AS-ARISTANETWORKS -q --rpsl "${slice[@]}"
has "expand: mbrs-by-ref member" "$tmp/out" "AS55064"

# ---- depth limit (a real 300-level chain) ---------------------------------
run "depth: default limit 64 reached" 3 "$manrs" irr expand AS15562:AS-LEVEL300 --rpsl "${slice[@]}"
has "depth: message" "$tmp/err" "manrs: AS15562:AS-LEVEL300: depth limit 64 reached: AS15562:AS-LEVEL236 not expanded"
if [ ! -s "$tmp/out" ]; then ok "depth: nothing past the limit"; else ko "depth: output past the limit"; fi
run "depth: --depth 300" 0 "$manrs" irr expand AS15562:AS-LEVEL300 --depth 300 -q --rpsl "${slice[@]}"
has "depth: --depth 300 reaches AS15562" "$tmp/out" "AS15562"
run "depth: --depth 299" 3 "$manrs" irr expand AS15562:AS-LEVEL300 --depth 299 --rpsl "${slice[@]}"
has "depth: --depth 299 message" "$tmp/err" \
	"manrs: AS15562:AS-LEVEL300: depth limit 299 reached: AS15562:AS-LEVEL1 not expanded"

# ---- sources and SOURCE::NAME ---------------------------------------------
alt=$here/sources.rpsl
printf 'AS64496\nAS64497\n' > "$tmp/want"
same "ALT::AS-STNB" "$tmp/want" "$manrs" irr expand ALT::AS-STNB -q --rpsl "${slice[@]}" "$alt"
$oracle expand AS-STNB "${slice[@]}" > "$tmp/want"
same "RIPE first by load order" "$tmp/want" "$manrs" irr expand AS-STNB -q --rpsl "${slice[@]}" "$alt"
same "RIPE::AS-STNB" "$tmp/want" "$manrs" irr expand RIPE::AS-STNB -q --rpsl "$alt" "${slice[@]}"
printf 'AS64496\nAS64497\n' > "$tmp/want"
same "--sources ALT,RIPE prefers ALT" "$tmp/want" "$manrs" irr expand AS-STNB --sources ALT,RIPE -q \
	--rpsl "${slice[@]}" "$alt"
{ $oracle expand AS-STNB "${slice[@]}"; printf 'AS64496\nAS64497\nAS64498\n'; } | sort -t S -k 2 -n > "$tmp/want"
run "members by SOURCE::NAME" 3 "$manrs" irr expand AS-MIXED --rpsl "${slice[@]}" "$alt"
has "members by SOURCE::NAME: unknown source" "$tmp/err" \
	"manrs: AS-MIXED: NOWHERE::AS-STNB not found in the active sources: not expanded"
same "members by SOURCE::NAME: ASNs" "$tmp/want" cat "$tmp/out"
run "unknown SOURCE:: for the set" 1 "$manrs" irr expand RADB::AS-STNB --rpsl "${slice[@]}"
has "unknown SOURCE:: message" "$tmp/err" "manrs: irr expand: RADB::AS-STNB: no such source loaded"
run "--sources without the set's source" 1 "$manrs" irr expand AS-STNB --sources ALT2 --rpsl "${slice[@]}"
has "--sources unknown noted" "$tmp/err" "manrs: --sources: 1 of the sources named have no objects loaded"

# ---- route-sets and range operators ---------------------------------------
rs=$here/routesets.rpsl
printf '%s\n' 10.0.0.0/8^16 172.16.0.0/12^20-24 192.0.2.0/24 198.51.100.0/24^- 203.0.113.0/24^+ \
	2001:db8::/32^48-64 > "$tmp/want"
same "route-set with range operators" "$tmp/want" "$manrs" irr expand RS-BASE -q --rpsl "$rs"
printf '%s\n' 10.0.0.0/8^16-32 172.16.0.0/12^20-32 192.0.2.0/24^+ 198.51.100.0/24^- 203.0.113.0/24^+ \
	2001:db8::/32^48-128 > "$tmp/want"
same "operator on a route-set (RS-BASE^+)" "$tmp/want" "$manrs" irr expand RS-PLUS -q --rpsl "$rs"
printf '%s\n' 192.0.2.0/24^+ 198.18.0.0/15^24 > "$tmp/want"
run "route-set: AS and as-set members, cycle" 0 "$manrs" irr expand RS-ORIGINS --rpsl "$rs"
has "route-set: cycle" "$tmp/err" "manrs: RS-ORIGINS: cycle RS-ORIGINS -> RS-CYCLE -> RS-ORIGINS (followed once)"
same "route-set: AS and as-set members" "$tmp/want" cat "$tmp/out"
run "route-set --json" 0 "$manrs" irr expand RS-BASE --json -q --rpsl "$rs"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["class"] == "route-set" and d["prefixes"][0] == "10.0.0.0/8^16" and len(d["prefixes"]) == 6
' "$tmp/out"; then ok "route-set --json fields"; else ko "route-set --json fields"; fi
run "IRRd sample RS-TEST (mbrs-by-ref, mp-members)" 3 "$manrs" irr expand RS-TEST --rpsl "$samples/irrd_samples_valid.rpsl"
printf '192.0.2.0/24\n2001:db8::/48\n' > "$tmp/want"
same "IRRd sample RS-TEST prefixes" "$tmp/want" cat "$tmp/out"

# ---- 40 route-sets naming each other with range operators ----------------
# RS-i holds 1000 /24s and names RS-(i+1)^+ and RS-(i+2)^- (mod 40): every
# set is reached from RS-0 through ^+ composed with any number a of ^-, so
# each /24 of RS-1..RS-39 gives the 9 ranges 24+a..32 (a = 0..8; from a = 9
# nothing is left) and RS-0's own also itself: 39 x 1000 x 9 + 1000 x 10
# lines. Regression: this was expanded once per (set, composed operator),
# 129 operators per set, each reading the 1000 members again (the 40-set
# file of the report took 43 s); now each set's members are read once.
python3 - "$tmp/ring.rpsl" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(40):
        f.write("route-set: RS-%d\n" % i)
        for k in range(0, 1000, 10):
            f.write("members: %s\n" % ", ".join(
                "10.%d.%d.0/24" % ((i * 1000 + j) // 256, (i * 1000 + j) % 256) for j in range(k, k + 10)))
        f.write("members: RS-%d^+, RS-%d^-\nmnt-by: M\nsource: T\n\n" % ((i + 1) % 40, (i + 2) % 40))
PY
run "40 route-sets: complete" 0 "$manrs" irr expand RS-0 --rpsl "$tmp/ring.rpsl"
if grep -q "^manrs: RS-0 from T: 40 sets expanded, depth 21, 0 ASNs, 361000 prefixes in " "$tmp/err"; then
	ok "40 route-sets: summary (each set expanded once, depth 21)"
else
	ko "40 route-sets: summary: $(tail -1 "$tmp/err")"
fi
n=$(wc -l < "$tmp/out")
if [ "$n" = 361000 ]; then ok "40 route-sets: 361000 ranges"; else ko "40 route-sets: $n ranges, expected 361000"; fi
printf '%s\n' 10.0.0.0/24 10.0.0.0/24^+ 10.0.0.0/24^- 10.0.0.0/24^26-32 10.0.0.0/24^27-32 10.0.0.0/24^28-32 \
	10.0.0.0/24^29-32 10.0.0.0/24^30-32 10.0.0.0/24^31-32 10.0.0.0/24^32 10.0.1.0/24 > "$tmp/want"
same "40 route-sets: RS-0's first prefix, all its ranges" "$tmp/want" head -n 11 "$tmp/out"
printf '%s\n' 10.156.63.0/24^+ 10.156.63.0/24^- 10.156.63.0/24^26-32 10.156.63.0/24^27-32 10.156.63.0/24^28-32 \
	10.156.63.0/24^29-32 10.156.63.0/24^30-32 10.156.63.0/24^31-32 10.156.63.0/24^32 > "$tmp/want"
same "40 route-sets: RS-39's last prefix, 9 ranges" "$tmp/want" tail -n 9 "$tmp/out"
# RS-39 is first reached at level 21: --depth 21 reaches it, --depth 20 not
# (then RS-0 is only reached again through RS-38^-: its /24s lose ^+ and
# keep themselves, so every set's /24s give 9 ranges).
run "40 route-sets: --depth 21 complete" 0 "$manrs" irr expand RS-0 -q --depth 21 --rpsl "$tmp/ring.rpsl"
run "40 route-sets: --depth 20 cuts RS-39" 3 "$manrs" irr expand RS-0 --json -q --depth 20 --rpsl "$tmp/ring.rpsl"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["depth_limited"] == ["RS-39"] and d["sets_expanded"] == 39 and d["depth"] == 20, d["depth_limited"]
assert len(d["prefixes"]) == 39 * 1000 * 9
' "$tmp/out"; then ok "40 route-sets: --depth 20: RS-39 limited, 39 x 1000 x 9 ranges"; else ko "40 route-sets: --depth 20 JSON"; fi

# ---- a cycle is not a depth problem ----------------------------------------
# Regression: AS-A (level 1) and AS-B (level 2) naming each other with
# --depth 2 reported "depth limit 2 reached: AS-A not expanded" and exit 3.
printf 'as-set: AS-A\nmembers: AS1, AS-B\nmnt-by: M\nsource: T\n\nas-set: AS-B\nmembers: AS2, AS-A\nmnt-by: M\nsource: T\n' \
	> "$tmp/cycle.rpsl"
run "two-set cycle, --depth 2: complete" 0 "$manrs" irr expand AS-A --depth 2 --rpsl "$tmp/cycle.rpsl"
if grep -q "depth limit" "$tmp/err"; then ko "two-set cycle: depth limit reported"; else ok "two-set cycle: no depth limit reported"; fi
has "two-set cycle: reported" "$tmp/err" "manrs: AS-A: cycle AS-A -> AS-B -> AS-A (followed once)"
printf 'AS1\nAS2\n' > "$tmp/want"
same "two-set cycle, --depth 2: both ASes" "$tmp/want" cat "$tmp/out"
run "two-set cycle, --depth 1: AS-B cut" 3 "$manrs" irr expand AS-A --depth 1 --rpsl "$tmp/cycle.rpsl"
has "two-set cycle, --depth 1: message" "$tmp/err" "manrs: AS-A: depth limit 1 reached: AS-B not expanded"

# ---- the 11 malformed IRRd samples: exact messages, exit 3 ----------------
while IFS='|' read -r file msg; do
	(cd "$samples/malformed" && "$manrs" irr origin AS65537 --rpsl "$file" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/rc")
	if [ "$(cat "$tmp/rc")" = 3 ] && grep -qxF -- "manrs: $file:$msg" "$tmp/err"; then
		ok "malformed $file"
	else
		ko "malformed $file (exit $(cat "$tmp/rc"))"
		grep -v 'loaded\|source' "$tmp/err" | head -3
	fi
done <<'EOF'
sample_invalid_multiple_attribute.rpsl|6: route object at line 1 skipped: single-valued attribute repeated: "source"
sample_legacy_irrd_artifact.rpsl|1: object at line 1 skipped: RFC 2622 section 2: attribute name is not letters, digits, '-' and '_' starting with a letter: "*xxte"
sample_line_neither_continuation_nor_attr.rpsl|4: route object at line 1 skipped: RFC 2622 section 2: line is neither an attribute nor a continuation: "or"
sample_malformed_attribute_name.rpsl|3: route object at line 1 skipped: RFC 2622 section 2: attribute name is not letters, digits, '-' and '_' starting with a letter: "$$$-by"
sample_malformed_empty_line.rpsl|1: route object at line 1 skipped: mandatory attribute missing: "source"
sample_malformed_empty_line.rpsl|5: changed object at line 5 skipped: RFC 2622 section 2: unknown object class: "changed"
sample_malformed_pk.rpsl|1: route object at line 1 skipped: route: not an IPv4 prefix with zero host bits: "not-a-prefix"
sample_malformed_source.rpsl|5: route object at line 1 skipped: source: not a registry name (letters, digits, '-', '_'): "+TEST$$$"
sample_missing_mandatory_attribute.rpsl|1: route object at line 1 skipped: mandatory attribute missing: "mnt-by"
sample_missing_source.rpsl|1: route object at line 1 skipped: mandatory attribute missing: "source"
sample_unknown_attribute.rpsl|4: route object at line 1 skipped: attribute not defined for this class: "foo"
sample_unknown_class.rpsl|1: foo-block object at line 1 skipped: RFC 2622 section 2: unknown object class: "foo-block"
EOF
(cd "$samples/malformed" && "$manrs" irr origin AS65537 --rpsl *.rpsl > /dev/null 2> "$tmp/err")
has "malformed: summary of all 11 files" "$tmp/err" \
	"manrs: 12 malformed objects skipped (route 9, other 3), 0 members ignored"

# ---- rate limit: 30 bad objects, 10 messages and a summary -----------------
for i in $(seq 1 30); do printf 'route: 10.%d.0.1/16\norigin: AS1\nmnt-by: M\nsource: X\n\n' "$i"; done > "$tmp/bad.rpsl"
run "rate limit: exit 3" 3 "$manrs" irr origin AS1 --rpsl "$tmp/bad.rpsl"
n=$(grep -c 'skipped: route: not an IPv4 prefix' "$tmp/err")
if [ "$n" = 10 ]; then ok "rate limit: 10 messages"; else ko "rate limit: $n messages"; fi
has "rate limit: summary" "$tmp/err" \
	"manrs: 20 more messages suppressed: route: not an IPv4 prefix with zero host bits"

# ---- input forms ------------------------------------------------------------
gzip -dc "$root/data/irr/ripe-slice/ripe.db.as-set.gz" > "$tmp/as-set.txt"
$oracle expand AS-MNETDE "${slice[@]}" > "$tmp/want"
same "plain text input" "$tmp/want" "$manrs" irr expand AS-MNETDE -q --rpsl "$tmp/as-set.txt"
same "stdin" "$tmp/want" sh -c "'$manrs' irr expand AS-MNETDE -q --rpsl - < '$tmp/as-set.txt'"
if command -v xz > /dev/null; then
	xz -c "$tmp/as-set.txt" > "$tmp/as-set.xz"
	same "xz input" "$tmp/want" "$manrs" irr expand AS-MNETDE -q --rpsl "$tmp/as-set.xz"
else
	ko "xz input: the xz program is not installed"
fi
head -c 20000 "$root/data/irr/ripe-slice/ripe.db.as-set.gz" > "$tmp/cut.gz"
run "truncated gzip: exit 3, objects before kept" 3 "$manrs" irr expand AS-RESTENA --rpsl "$tmp/cut.gz"
has "truncated gzip: first set still expanded" "$tmp/out" "AS2602"

# ---- usage and failures -----------------------------------------------------
run "--help" 0 "$manrs" irr --help
for opt in --rpsl --sources --origin --prefixes --depth --json --quiet; do
	if grep -q -- "$opt" "$tmp/out"; then ok "--help documents $opt"; else ko "--help lacks $opt"; fi
done
run "no arguments" 2 "$manrs" irr
run "unknown command" 2 "$manrs" irr frobnicate --rpsl "$alt"
run "no --rpsl" 2 "$manrs" irr expand AS-X
run "bad prefix" 2 "$manrs" irr route 10.0.0.0/33 --rpsl "$alt"
run "bad --depth" 2 "$manrs" irr expand AS-X --depth 0 --rpsl "$alt"
run "--origin outside route" 2 "$manrs" irr expand AS-X --origin 1 --rpsl "$alt"
run "bad --sources" 2 "$manrs" irr expand AS-STNB --sources 'ALT,+X' --rpsl "$alt"
run "unreadable file" 1 "$manrs" irr origin AS1 --rpsl "$tmp/no-such-file"
# Arguments are checked before anything is loaded: the unreadable file is
# never opened, so its name is not in the messages.
for args in "route 999.1.1.1/8" "origin AS99999999999" "expand NOT-A-SET" "expand +X::AS-FOO" \
	"expand AS-FOO --sources ALT,+X"; do
	run "checked before loading: $args" 2 "$manrs" irr $args --rpsl "$tmp/no-such-file"
	if [ ! -s "$tmp/out" ] && ! grep -q no-such-file "$tmp/err" && [ "$(wc -l < "$tmp/err")" = 1 ]; then
		ok "checked before loading: $args: one message, no file opened"
	else
		ko "checked before loading: $args: $(head -2 "$tmp/err")"
	fi
done
has "bad --sources message" "$tmp/err" "manrs: irr: --sources ALT,+X: a source is not a registry name (letters, digits, '-', '_')"
"$manrs" irr route 999.1.1.1/8 --rpsl "$tmp/no-such-file" 2> "$tmp/err"
has "bad prefix message" "$tmp/err" "manrs: irr route: '999.1.1.1/8' is not a prefix"
# --db is not an irr option (across manrs it names the SQLite store).
run "--db is not an irr option" 2 "$manrs" irr origin AS1 --db "$alt"
if [ ! -s "$tmp/out" ]; then ok "--db: nothing answered"; else ko "--db: answered"; fi
# An unreadable file: named once, and no answer (even for the files that loaded).
mkdir -p "$tmp/dir"
run "a directory" 1 "$manrs" irr route 192.0.2.0/24 -q --rpsl "$alt" "$tmp/dir"
has "a directory: named once" "$tmp/err" "manrs: $tmp/dir: Is a directory"
if [ ! -s "$tmp/out" ]; then ok "a directory: nothing answered"; else ko "a directory: answered: $(head -1 "$tmp/out")"; fi
run "missing file among good ones" 1 "$manrs" irr origin AS1 -q --rpsl "$alt" "$tmp/no-such-file"
has "missing file: named once" "$tmp/err" "manrs: $tmp/no-such-file: No such file or directory"
if [ ! -s "$tmp/out" ]; then ok "missing file: nothing answered"; else ko "missing file: answered"; fi
run "unknown set" 1 "$manrs" irr expand AS-NO-SUCH-SET --rpsl "${slice[@]}"
has "unknown set message" "$tmp/err" "manrs: irr expand: AS-NO-SUCH-SET: no such set in the active sources"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
