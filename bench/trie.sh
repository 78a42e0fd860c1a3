#!/bin/bash
# Prefix trie benchmark: load time, bytes per prefix and longest-match
# lookups/s on the full 2014 pyasn table (512,621 prefixes) plus as many
# derived more-specifics (bench/trie_bench.c, compiled here against
# build/libmanrs.a). Usage: bench/trie.sh [BUILD-DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=$root/../shared/data/pfx2as/ipasn_20140513.dat.gz
[ -f "$data" ] || { echo "trie.sh: needs $data" >&2; exit 1; }
[ -f "$build/libmanrs.a" ] || { echo "trie.sh: build first (ninja -C $build)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -std=c11 -D_GNU_SOURCE -I"$root/src" "$root/bench/trie_bench.c" "$build/libmanrs.a" \
	-lz -lbz2 -llzma -lzstd -ljansson -lpthread -o "$tmp/trie_bench"
echo "# trie benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD)"
"$tmp/trie_bench" "$data"
