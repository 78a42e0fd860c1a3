#!/bin/bash
# Hostile inputs: `manrs mrt dump -m` on each tests/bad/*.mrt must print
# exactly the stdout, stderr and exit status in its .expected file (the
# inputs come from make.py). Prints PASS/FAIL lines and "N passed, N failed".
# With --update, rewrites the .expected files (review the diff by hand).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=$root/build/manrs
update=0
for a in "$@"; do
	case "$a" in --update) update=1 ;; *) manrs=$a ;; esac
done
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$here"/*.mrt; do
	name=$(basename "$f" .mrt)
	(cd "$here" && "$manrs" mrt dump -m "$name.mrt" > "$tmp/out" 2> "$tmp/err"; echo "exit $?" > "$tmp/rc")
	{ echo "--- stdout"; cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"; cat "$tmp/rc"; } > "$tmp/got"
	if [ $update = 1 ]; then
		cp "$tmp/got" "$here/$name.expected"
	fi
	if cmp -s "$tmp/got" "$here/$name.expected"; then
		echo "PASS bad $name"
		pass=$((pass + 1))
	else
		echo "FAIL bad $name"
		diff "$here/$name.expected" "$tmp/got" | head -10
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
