#!/bin/bash
# The main job on the bundled samples: build manrs, summarise every bundled
# MRT file, and show the first routes of the 2002 RIS RIB in bgpdump -m
# format and as JSON.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
echo "== manrs mrt stats data/mrt/*.gz data/mrt/*.bz2 data/mrt/lab/*"
build/manrs mrt stats -q data/mrt/*.gz data/mrt/*.bz2 data/mrt/lab/* || true
echo
echo "== manrs mrt dump -m data/mrt/ris-rrc00-bview.20020722.2337.gz | head -5"
build/manrs mrt dump -m data/mrt/ris-rrc00-bview.20020722.2337.gz | head -5
echo
echo "== manrs mrt dump --json --prefix-more 193.0.0.0/16 data/mrt/ris-rrc00-bview.20020722.2337.gz | head -2"
build/manrs mrt dump --json --prefix-more 193.0.0.0/16 data/mrt/ris-rrc00-bview.20020722.2337.gz | head -2
