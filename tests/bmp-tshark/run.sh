#!/bin/bash
# The BMP decoder against tshark: every capture in data/pcap/ is decoded by
# `manrs bmp decode --json` and by tshark (Debian package tshark), and the
# BMP fields (message types, per-peer headers, Peer Up ports, Peer Down
# reasons, statistics types, Initiation TLV types) and the BGP prefixes of
# each frame are compared exactly (compare.py). BMP version 4 captures
# (draft-ietf-grow-bmp-tlv) are not decoded and not listed here.
# Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$(realpath "${1:-$root/build/manrs}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "PASS bmp-tshark $1"; pass=$((pass + 1)); }
bad() { echo "FAIL bmp-tshark $1"; fail=$((fail + 1)); }

if ! command -v tshark > /dev/null; then
	bad "tshark is not installed (apt-get install tshark)"
	echo "$pass passed, $fail failed"
	exit 1
fi
fields=()
for f in $(python3 -c "import sys; sys.path.insert(0, '$here'); import compare; print(' '.join(compare.FIELDS))"); do
	fields+=(-e "$f")
done
for pcap in "$root"/data/pcap/*.pcap; do
	name=$(basename "$pcap")
	tshark -r "$pcap" -d tcp.port==1790,bmp -d tcp.port==10000,bmp -d tcp.port==10179,bmp -Y bmp \
		-T fields -E occurrence=a -E aggregator=, -E separator=/t "${fields[@]}" > "$tmp/t" 2> "$tmp/terr"
	"$manrs" bmp decode --json -q "$pcap" > "$tmp/m"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		bad "$name: manrs bmp decode exit $rc"
		continue
	fi
	if python3 "$here/compare.py" "$tmp/t" "$tmp/m" > "$tmp/diff"; then
		ok "$name: $(tail -1 "$tmp/diff")"
	else
		bad "$name:"
		head -5 "$tmp/diff"
	fi
done
# The captures must hold something: a comparison of nothing proves nothing.
n=$(cat "$root"/data/pcap/*.pcap | wc -c)
[ "$n" -gt 10000 ] && ok "captures present ($n bytes)" || bad "captures missing from data/pcap"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
