#!/bin/bash
# Checks that the committed golden files are what the installed bgpdump
# prints today (Debian's bgpdump 1.6.2), so the golden tests compare with
# the real anchor and not with a stale copy. "N passed, N failed" at the end.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while read -r s; do
	case "$s" in ''|'#'*) continue ;; esac
	name=$(echo "$s" | tr / _)
	src="$root/data/mrt/$s"
	case "$s" in
	*.xz) xz -dc "$src" > "$tmp/raw"; src="$tmp/raw" ;;
	*.zst) zstd -qdc "$src" > "$tmp/raw"; src="$tmp/raw" ;;
	esac
	for mode in m M; do
		bgpdump -$mode "$src" > "$tmp/expect" 2>/dev/null
		if gzip -dc "$here/expected/$name.$mode.gz" | cmp -s - "$tmp/expect"; then
			echo "PASS oracle $s -$mode"
			pass=$((pass + 1))
		else
			echo "FAIL oracle $s -$mode: bgpdump's output differs from the committed golden file"
			fail=$((fail + 1))
		fi
	done
done < "$here/samples.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
