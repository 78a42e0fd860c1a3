#!/bin/bash
# Golden tests: `manrs mrt dump -m` and `-M` on every bundled sample must
# equal bgpdump 1.6.2's committed output, except for the committed,
# documented differences (expected/*.diff, docs/bgpdump-compat.md), which
# must match exactly. Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while read -r s; do
	case "$s" in ''|'#'*) continue ;; esac
	name=$(echo "$s" | tr / _)
	for mode in m M; do
		"$manrs" mrt dump -q -$mode "$root/data/mrt/$s" > "$tmp/ours" 2>/dev/null
		gzip -dc "$here/expected/$name.$mode.gz" > "$tmp/expect"
		diff "$tmp/expect" "$tmp/ours" > "$tmp/diff"
		want="$here/expected/$name.$mode.diff"
		if { [ -f "$want" ] && cmp -s "$want" "$tmp/diff"; } || { [ ! -f "$want" ] && [ ! -s "$tmp/diff" ]; }; then
			echo "PASS golden $s -$mode"
			pass=$((pass + 1))
		else
			echo "FAIL golden $s -$mode"
			if [ -f "$want" ]; then diff "$want" "$tmp/diff" | head -10; else head -10 "$tmp/diff"; fi
			fail=$((fail + 1))
		fi
	done
done < "$here/samples.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
