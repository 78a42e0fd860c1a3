#!/bin/bash
# Hostile and malformed input to `manrs rov`, and its command line: each case
# runs one command in a scratch directory holding tests/bad-rpki/*, a few
# generated inputs (too long, too deep, too large, cut short) and data/rpki
# as data/; stdout, stderr (times and sizes masked) and the exit status must
# equal tests/bad-rpki/NAME.expected. Then checks that need no golden file:
# MRT routes give the verdicts of their text form, compressed routes give
# those of plain ones, --json is valid JSON. With --update, rewrites the
# .expected files (review the diff by hand).
# Usage: run.sh [--update] [MANRS]. Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$root/build/manrs
update=0
for a in "$@"; do
	case "$a" in --update) update=1 ;; *) manrs=$(cd "$(dirname "$a")" && pwd)/$(basename "$a") ;; esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "PASS bad-rpki $1"; pass=$((pass + 1)); }
ko() { echo "FAIL bad-rpki $1"; fail=$((fail + 1)); }

cp "$here"/*.json "$here"/*.csv "$here"/*.conf "$here"/*.txt "$tmp"/
ln -s "$root/data/rpki" "$tmp/data"
cd "$tmp" || exit 1
v23=data/rpkilog_roa_test.rpkiclient2023_json.json
# Generated: a CSV line of 5,000 bytes; an element nested 100,000 deep (past
# jansson's depth limit); an element of 5 MiB (past VRP_MAX_JSON_ELEMENT);
# a gzip stream cut in the middle; an MRT file given as VRPs.
{
	echo "ASN,IP Prefix,Max Length,Trust Anchor"
	echo "AS13335,1.0.0.0/24,24,$(head -c 5000 /dev/zero | tr '\0' x)"
	echo "AS13335,1.1.1.0/24,24,apnic"
} > csv-long-line.csv
python3 -c '
print("{\"roas\": [" + "[" * 100000 + "]" * 100000 + ",")
print("{\"asn\": 13335, \"prefix\": \"1.1.1.0/24\", \"maxLength\": 24}]}")' > json-deep.json
python3 -c '
print("{\"roas\": [{\"asn\": 13335, \"prefix\": \"1.1.1.0/24\", \"maxLength\": 24},")
print("{\"ta\": \"" + "x" * (5 << 20) + "\"}]}")' > json-huge-element.json
gzip -dc "$root/data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz" | gzip -1 | head -c 20000 > json-cut.json.gz
bzip2 -c "$v23" | head -c 3000 > json-cut.json.bz2
: > empty.txt
cp "$root/data/mrt/bgpdump-updates.20160811.1600.gz" updates.mrt.gz
printf '1.0.0.0/24 13335\n1.0.4.0/24 38803\n1.0.4.0/24 64511\n1.0.4.0/25 64511\n1.0.5.0/24 38803\n1.1.1.0/24 13335\n' > routes-slurm.txt

cases=(
	"json-bad-entries|rov --vrps json-bad-entries.json --routes routes-bad.txt"
	"json-truncated|rov --vrps json-truncated.json 1.0.0.0/24 13335"
	"json-deep-nesting|rov --vrps json-deep.json 1.1.1.0/24 13335"
	"json-huge-element|rov --vrps json-huge-element.json 1.1.1.0/24 13335"
	"json-gzip-cut-short|rov --vrps json-cut.json.gz 2.0.0.0/16 3215"
	"json-not-vrp-data|rov --vrps data/routinator_validate_beacons.json 1.0.0.0/24 13335"
	"json-slurm-given-as-vrps|rov --vrps data/routinator_formats/111.slurm2 12.34.56.0/24 1234"
	"summary-not-vrp-data|rov --vrps data/routinator_formats/111.summary 12.34.56.0/24 1234"
	"mrt-given-as-vrps|rov --vrps updates.mrt.gz 12.34.56.0/24 1234"
	"csv-bad-lines|rov --vrps csv-bad-lines.csv 1.0.4.0/24 38803"
	"csv-long-line|rov --vrps csv-long-line.csv 1.1.1.0/24 13335"
	"csv-forced-on-json|rov --format csv --vrps $v23 1.0.0.0/24 13335"
	"openbgpd-unclosed|rov --vrps openbgpd-unclosed.conf 1.0.0.0/24 13335"
	"bird-bad|rov --vrps bird-bad.conf 1.0.4.0/24 38803"
	"routes-bad|rov --vrps $v23 --routes routes-bad.txt"
	"routes-missing-file|rov --vrps $v23 --routes no-such-file.txt"
	"slurm-applied|rov --vrps $v23 --slurm slurm-local.json --routes routes-slurm.txt"
	"slurm-bad|rov --vrps $v23 --slurm slurm-bad.json 1.0.0.0/24 13335"
	"slurm-overlap|rov --vrps $v23 --slurm data/slurm/rpki-rs_full.json --slurm data/slurm/routinator_slurm_full.json 1.0.0.0/24 13335"
	"single-json|rov --json --vrps $v23 1.0.4.0/24 38803"
	"two-vrp-files|rov --vrps data/stayrtr_smalltest.rpki.json --vrps data/routinator_formats/111.bird2 12.34.56.0/24 1234"
	"usage-no-vrps|rov 1.0.0.0/24 13335"
	"usage-bad-prefix|rov --vrps $v23 1.0.0.0 13335"
	"usage-bad-origin|rov --vrps $v23 1.0.0.0/24 ASX"
	"usage-routes-and-route|rov --vrps $v23 --routes routes-bad.txt 1.0.0.0/24 13335"
	"usage-json-bench|rov --json --bench --vrps $v23 --routes routes-bad.txt"
	"usage-bad-format|rov --format yaml --vrps $v23 1.0.0.0/24 13335"
	"usage-two-stdin|rov --vrps - --routes -"
	"usage-two-stdin-slurm|rov --vrps $v23 --slurm - --slurm - 1.0.0.0/24 13335"
	"usage-two-stdin-vrps|rov --vrps - --vrps - 1.0.0.0/24 13335"
	"vrps-missing-file|rov --vrps no-such-file.json 1.0.0.0/24 13335"
	"vrps-directory|rov --vrps data 1.0.0.0/24 13335"
	"vrps-empty|rov --vrps empty.txt 1.0.0.0/24 13335"
	"vrps-second-missing|rov --vrps $v23 --vrps no-such-file.json 1.0.0.0/24 13335"
	"slurm-missing-file|rov --vrps $v23 --slurm no-such-file.json 1.0.0.0/24 13335"
	"slurm-directory|rov --vrps $v23 --slurm data 1.0.0.0/24 13335"
	"slurm-empty|rov --vrps $v23 --slurm empty.txt 1.0.0.0/24 13335"
	"routes-directory|rov --vrps $v23 --routes data"
	"routes-empty|rov --vrps $v23 --routes empty.txt"
	"vrps-bzip2-cut-short|rov --vrps json-cut.json.bz2 1.0.0.0/24 13335"
)
mask() {
	sed -E 's/[0-9]+\.[0-9]+ s\b/T s/g; s/peak RSS .*/peak RSS M/; s/table [0-9.]+ MiB, [0-9.]+ bytes\/VRP/table M/'
}
for c in "${cases[@]}"; do
	name=${c%%|*}
	read -r -a args <<< "${c#*|}"
	"$manrs" "${args[@]}" > out 2> err < /dev/null
	rc=$?
	{ echo "\$ manrs ${c#*|}"; echo "--- stdout"; cat out; echo "--- stderr"; mask < err; echo "exit $rc"; } > got
	if [ $update = 1 ]; then
		cp got "$here/$name.expected"
	fi
	if cmp -s got "$here/$name.expected"; then
		ok "$name"
	else
		ko "$name"
		diff "$here/$name.expected" got | head -10
	fi
done

# Memory stays bounded whatever one JSON element holds: a bare number of
# 50 MB and an element of 2 million values are skipped with their reason,
# and the peak RSS stays within 40 MiB of that of a tiny VRP file (the
# whole-element parse took 2.3 bytes per byte of the number, and some
# 22 bytes per byte of the values, before the caps applied while scanning).
# (ASan's quarantine of freed blocks would count too: keep it small.)
rss() {
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=1" /usr/bin/time -v "$@" 2>&1 >/dev/null |
		awk -F': ' '/Maximum resident set size/ { print $2 }'
}
printf '{"roas": [{"asn": 64496, "prefix": "192.0.2.0/24"}]}\n' > tiny.json
python3 -c '
import sys
sys.stdout.write("{\"roas\": [{\"asn\": 64496, \"prefix\": \"192.0.2.0/24\"},\n" + "1" * (50 * 1000 * 1000) + "]}\n")' > big-number.json
python3 -c '
import sys
sys.stdout.write("{\"roas\": [{\"asn\": 64496, \"prefix\": \"192.0.2.0/24\"},\n[" + "1," * (2 << 20) + "1]]}\n")' > many-values.json
base=$(rss "$manrs" rov --vrps tiny.json 192.0.2.0/24 64496)
for f in big-number many-values; do
	"$manrs" rov --vrps $f.json 192.0.2.0/24 64496 > out 2> err
	rc=$?
	peak=$(rss "$manrs" rov --vrps $f.json 192.0.2.0/24 64496)
	why=$(grep -o 'roas\[1\] (line 2): element .*; skipped' err)
	if [ "$rc" = 3 ] && [ "$(cat out)" = "192.0.2.0/24 64496 valid" ] && [ -n "$why" ] &&
		[ "$peak" -lt $((base + 40 * 1024)) ]; then
		ok "$f: $why; peak RSS $((peak / 1024)) MiB (tiny file: $((base / 1024)) MiB)"
	else
		ko "$f: exit $rc, '$(cat out)', '$why', peak RSS $peak KiB (tiny file: $base KiB)"
	fi
done
rm -f big-number.json many-values.json

# SLURM streams the same way: a 27 MB file of 500,000 prefix filters (under
# SLURM_MAX_FILE_BYTES) is applied within 40 MiB of the tiny file's peak
# (the whole-file jansson parse took 316 MB), and one 50 MB number in it is
# refused with its reason, the file not used (RFC 8416 section 4.1).
python3 -c '
import sys
items = ["{\"prefix\": \"%d.%d.%d.0/24\", \"comment\": \"generated\"}" % (10 + i // 65536, (i // 256) % 256, i % 256)
         for i in range(500000)]
sys.stdout.write("{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [" + ",\n".join(items) +
                 "]}, \"locallyAddedAssertions\": {}}\n")' > big-slurm.json
python3 -c '
import sys
sys.stdout.write("{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [{\"asn\": 1},\n" +
                 "1" * (50 * 1000 * 1000) + "]}, \"locallyAddedAssertions\": {}}\n")' > number-slurm.json
printf '{"slurmVersion": 1, "validationOutputFilters": {}, "locallyAddedAssertions": {}}\n' > tiny-slurm.json
base=$(rss "$manrs" rov --vrps tiny.json --slurm tiny-slurm.json 192.0.2.0/24 64496)
"$manrs" rov -q --vrps $v23 --slurm big-slurm.json 10.0.1.0/24 13335 > out 2> err
rc=$?
peak=$(rss "$manrs" rov -q --vrps tiny.json --slurm big-slurm.json 10.0.1.0/24 13335)
if [ $rc = 0 ] && [ "$(cat out)" = "10.0.1.0/24 13335 not-found" ] && [ "$peak" -lt $((base + 40 * 1024)) ]; then
	ok "SLURM of 500,000 filters (27 MB): applied; peak RSS $((peak / 1024)) MiB (tiny file: $((base / 1024)) MiB)"
else
	ko "SLURM of 500,000 filters: exit $rc, '$(cat out)', peak RSS $peak KiB (tiny file: $base KiB)"
fi
"$manrs" rov --vrps tiny.json --slurm number-slurm.json 192.0.2.0/24 64496 > out 2> err
rc=$?
peak=$(rss "$manrs" rov --vrps tiny.json --slurm number-slurm.json 192.0.2.0/24 64496)
want="manrs: number-slurm.json: validationOutputFilters.prefixFilters[1] (line 2): element larger than SLURM_MAX_ELEMENT; no SLURM file is used (RFC 8416 section 4.1)"
if [ $rc = 1 ] && [ ! -s out ] && [ "$(cat err)" = "$want" ] && [ "$peak" -lt $((base + 40 * 1024)) ]; then
	ok "SLURM with a 50 MB number: refused, peak RSS $((peak / 1024)) MiB"
else
	ko "SLURM with a 50 MB number: exit $rc, '$(cat err)', peak RSS $peak KiB (tiny file: $base KiB)"
fi
rm -f big-slurm.json number-slurm.json

# MRT routes (RFC 6396): the verdicts of every RIB entry and announcement
# are those of its prefix and last AS_PATH AS given as text (bgpdump -m's
# path column; an AS_SET at the end is no origin, NONE; an empty path is
# the peer's own route, RFC 6811 section 2). The 2002 RIS RIB
# has 160 routes ending in an AS_SET and 46 covered by the cut VRP set; the
# 2016 updates carry IPv6.
vrps=data/rpki-client_ripe-prepdev_20230504.cut.json.gz
rib=$root/data/mrt/ris-rrc00-bview.20020722.2337.gz
for f in "$rib" updates.mrt.gz; do
	name=$(basename "$f")
	"$manrs" mrt dump -m "$f" | awk -F'|' '$3 == "A" || $3 == "B" {
		n = split($7, a, " "); o = n ? a[n] : $5; if (o ~ /[{}]/) o = "NONE"; print $6, o }' > mrt-as-text.txt
	"$manrs" rov -q --vrps "$vrps" --routes "$f" > mrt.out 2> /dev/null
	"$manrs" rov -q --vrps "$vrps" --routes mrt-as-text.txt > text.out 2> /dev/null
	n=$(wc -l < mrt.out)
	if [ "$n" -gt 10000 ] && cmp -s mrt.out text.out; then
		ok "MRT routes ($name): $n elements, same verdicts as their text form"
	else
		ko "MRT routes ($name): $n elements; differ from the text form"
		diff mrt.out text.out | head -5
	fi
	cp mrt.out "$name.out"
done
if [ "$(wc -l < ris-rrc00-bview.20020722.2337.gz.out)" -eq 115521 ] &&
	[ "$(grep -c ' NONE ' ris-rrc00-bview.20020722.2337.gz.out)" -eq 160 ] &&
	! grep -q ' NONE valid$' ris-rrc00-bview.20020722.2337.gz.out &&
	[ "$(grep -c -v not-found ris-rrc00-bview.20020722.2337.gz.out)" -eq 46 ] &&
	grep -q '^2804:14d::/40 28573 not-found$' updates.mrt.gz.out; then
	ok "MRT: one verdict per RIB entry (115521), AS_SET origins never valid, IPv6 read"
else
	ko "MRT: RIB entry count, AS_SET or IPv6 verdicts"
fi

# Compressed routes and stdin give the verdicts of the plain file.
routes=$root/data/rpki/ipasn_20140513.2-57-145.txt
"$manrs" rov -q --vrps "$vrps" --routes "$routes" > plain.out
same=1
for z in gzip bzip2 xz zstd; do
	command -v $z > /dev/null || { same=0; continue; }  # a missing tool fails the check
	$z -c "$routes" > routes.z
	"$manrs" rov -q --vrps "$vrps" --routes routes.z | cmp -s - plain.out || same=0
done
"$manrs" rov -q --vrps "$vrps" --routes - < "$routes" | cmp -s - plain.out || same=0
if [ $same = 1 ] && [ "$(wc -l < plain.out)" -eq 2044 ]; then
	ok "routes plain, compressed and from stdin: the same 2044 verdicts"
else
	ko "routes plain, compressed and from stdin differ"
fi

# Pipes are read once: every input is sniffed from its own opened stream
# (an MRT file on stdin, VRPs, SLURM and routes as /dev/stdin), and gives
# what the file gives.
"$manrs" rov -q --vrps "$vrps" --routes updates.mrt.gz > mrt-file.out
cat updates.mrt.gz | "$manrs" rov -q --vrps "$vrps" --routes - > mrt-pipe.out
cat updates.mrt.gz | "$manrs" rov -q --vrps "$vrps" --routes /dev/stdin > mrt-devstdin.out
"$manrs" rov -q --vrps $v23 --slurm slurm-local.json --routes routes-slurm.txt > slurm-file.out
cat slurm-local.json | "$manrs" rov -q --vrps $v23 --slurm /dev/stdin --routes routes-slurm.txt > slurm-pipe.out
cat $v23 | "$manrs" rov -q --vrps /dev/stdin --slurm slurm-local.json --routes routes-slurm.txt > vrps-pipe.out
cat routes-slurm.txt | "$manrs" rov -q --vrps $v23 --slurm slurm-local.json --routes /dev/stdin > routes-pipe.out
if [ "$(wc -l < mrt-file.out)" -eq 39256 ] && cmp -s mrt-file.out mrt-pipe.out && cmp -s mrt-file.out mrt-devstdin.out &&
	[ "$(wc -l < slurm-file.out)" -eq 6 ] && cmp -s slurm-file.out slurm-pipe.out &&
	cmp -s slurm-file.out vrps-pipe.out && cmp -s slurm-file.out routes-pipe.out; then
	ok "pipes: MRT routes on stdin (39256 verdicts), VRPs, SLURM and routes from /dev/stdin give the file's verdicts"
else
	ko "pipes: verdicts differ from those of the files"
fi

# A damaged compressed file is one message naming the file once.
for z in "gzip json-cut.json.gz" "bzip2 json-cut.json.bz2"; do
	f=${z#* }
	"$manrs" rov --vrps "$f" 1.0.0.0/24 13335 > out 2> err
	rc=$?
	if [ $rc = 1 ] && [ ! -s out ] && [ "$(wc -l < err)" -eq 1 ] && [ "$(grep -o "$f" err | wc -l)" -eq 1 ] &&
		grep -q "^manrs: $f: ${z% *}: " err; then
		ok "${z% *} cut short: one message, the file named once: $(cat err)"
	else
		ko "${z% *} cut short: exit $rc; $(cat err)"
	fi
done

# --json: one object per route, the same verdicts as the text output.
"$manrs" rov -q --json --vrps "$vrps" --routes "$routes" > json.out
if python3 -c '
import json, sys
text = [l.split() for l in open("plain.out")]
js = [json.loads(l) for l in open("json.out")]
assert len(js) == len(text) == 2044
for t, j in zip(text, js):
    assert [j["prefix"], str(j["origin"]), j["verdict"]] == t, (t, j)
    assert all(v in j["covering"] for v in j["matching"])
    assert (j["verdict"] == "valid") == bool(j["matching"])
    assert (j["verdict"] == "not-found") == (not j["covering"])
'; then
	ok "--json: 2044 valid objects matching the text verdicts"
else
	ko "--json output"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
