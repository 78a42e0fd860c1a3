#!/bin/bash
# The main job on the bundled samples: build manrs, summarise every bundled
# MRT file, show routes of the 2002 RIS RIB (bgpdump -m and JSON), validate
# them against RPKI VRPs, expand an IRR as-set and check the reference data.
set -eu  # no pipefail: the `| head` below close their pipes early on purpose
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
echo
echo "== manrs rov: the 2002 RIB against the bundled VRP sample (verdict counts)"
build/manrs rov -q --vrps data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz \
	--routes data/mrt/ris-rrc00-bview.20020722.2337.gz 2>/dev/null | awk '{print $3}' | sort | uniq -c
echo
echo "== manrs irr expand AS-MNETDE --rpsl data/irr/ripe-slice/*.gz | head -5"
build/manrs irr expand AS-MNETDE --rpsl data/irr/ripe-slice/*.gz 2>/dev/null | head -5
echo
echo "== manrs refdata check data/refdata"
build/manrs refdata check data/refdata 2>&1 | tail -12
