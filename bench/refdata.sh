#!/bin/bash
# Load times of the reference-data loaders on the largest files of the
# shared data set (or DATA=dir): `manrs refdata check --time` per file, best
# of three runs. Prints one line per file; there is no anchor tool to compare
# with, so no ratios.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
manrs=${1:-$root/build/manrs}
data=${DATA:-/work/shared/data}
files=(
	"$data/asrel/20180101.as-rel.txt.gz"
	"$data/asrel/toposcope/asrel_201806.txt.gz"
	"$data/rir/2023-03-23_extended/delegated-lacnic-extended-20230323.gz"
	"$data/rir/2026-02-13_nonextended/delegated-apnic-latest-20260213.txt.gz"
	"$data/rir/2013-08-12_nonextended/delegated-ripencc-latest-20130812.gz"
	"$data/bogons/cymru/fullbogons-ipv6_20240310.txt.gz"
	"$data/peeringdb/beta_anon/net_page-1.json.gz"
)
for f in "${files[@]}"; do
	[ -e "$f" ] || { echo "missing: $f"; continue; }
	best=
	for run in 1 2 3; do
		t=$("$manrs" refdata check -q --time "$f" 2> /dev/null | sed -n 's/^  load time: \([0-9.]*\) ms$/\1/p')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	printf '%8s ms  %s\n' "$best" "${f#$data/}"
done
