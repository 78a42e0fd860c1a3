#!/bin/bash
# Regenerates the golden expectations: bgpdump's own -m and -M output for
# every sample in samples.txt (committed gzip'd), and the exact diff between
# bgpdump's output and ours where we differ on purpose (docs/bgpdump-compat.md).
# Needs Debian's bgpdump (1.6.2) and a built manrs: tests/golden/regen.sh BUILD/manrs
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manrs=${1:-$root/build/manrs}
command -v bgpdump >/dev/null || { echo "regen.sh: needs bgpdump (apt-get install bgpdump)" >&2; exit 1; }
bgpdump -T >/dev/null 2>&1 || true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$here/samples.txt" | while read -r s; do
	[ -n "$s" ] || continue
	name=$(echo "$s" | tr / _)
	in="$root/data/mrt/$s"
	# bgpdump picks its decompressor by file name; give it the raw bytes
	# for formats it does not know (xz, zstd).
	src="$in"
	case "$s" in
	*.xz) xz -dc "$in" > "$tmp/raw"; src="$tmp/raw" ;;
	*.zst) zstd -qdc "$in" > "$tmp/raw"; src="$tmp/raw" ;;
	esac
	for mode in m M; do
		bgpdump -$mode "$src" > "$tmp/expect" 2>/dev/null || true
		gzip -9n < "$tmp/expect" > "$here/expected/$name.$mode.gz"
		"$manrs" mrt dump -q -$mode "$in" > "$tmp/ours" 2>/dev/null || true
		if diff "$tmp/expect" "$tmp/ours" > "$tmp/diff"; then
			rm -f "$here/expected/$name.$mode.diff"
		else
			cp "$tmp/diff" "$here/expected/$name.$mode.diff"
			echo "$s -$mode: $(grep -c '^[<>]' "$tmp/diff") differing lines (see expected/$name.$mode.diff)"
		fi
	done
done
