#!/bin/bash
# The whole test suite: builds manrs twice (optimised with -Werror, then
# with AddressSanitizer + UBSan) and runs every suite on each build: unit
# tests, golden tests against bgpdump's output, hostile inputs, command-line
# tests (filters against an independent oracle), the fuzz
# corpus replay (one test per corpus), and a check that the committed
# golden files are bgpdump's real output (bgpdump must be installed: a
# missing program or tool is a failure, never a skip). Ends with
# "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
total_pass=0 total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs one suite, echoes its output, adds its closing counts to the totals.
suite() {
	local name=$1
	shift
	echo "== $name"
	"$@" > "$log" 2>&1
	local rc=$?
	grep -v -E '^(PASS |replay: )' "$log" | tail -n 40
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "   (no result line; exit $rc)"
		p=0 f=1
	else
		p=${line%% passed*}
		f=${line#*, }; f=${f%% failed*}
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

# A suite that cannot run (its program or tool is missing) counts as one
# failure: a skipped suite would look the same as a green one.
missing() {
	echo "== $1"
	echo "   FAIL: $2"
	total_fail=$((total_fail + 1))
}

build_dir() {
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" --werror "$@" > "$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; return 1; }
	fi
	ninja -C "$dir" > "$dir.ninja.log" 2>&1 || { cat "$dir.ninja.log"; return 1; }
}

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1

for variant in release asan; do
	dir=$root/build-test-$variant
	if [ $variant = release ]; then
		build_dir "$dir" --buildtype=release || { echo "build failed"; total_fail=$((total_fail + 1)); continue; }
	else
		build_dir "$dir" --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false ||
			{ echo "build failed"; total_fail=$((total_fail + 1)); continue; }
	fi
	suite "$variant: unit" env MANRS_TEST_SRCDIR="$root/tests" "$dir/tests/unit_tests"
	suite "$variant: golden (bgpdump 1.6.2 output)" tests/golden/run.sh "$dir/manrs"
	suite "$variant: hostile inputs" tests/bad/run.sh "$dir/manrs"
	suite "$variant: command line" tests/cli/run.sh "$dir/manrs"
	suite "$variant: rpki hostile inputs and command line" tests/bad-rpki/run.sh "$dir/manrs"
	suite "$variant: aspa command line" tests/cli-aspa/run.sh "$dir/manrs"
	suite "$variant: refdata command line" tests/cli-refdata/run.sh "$dir/manrs"
	suite "$variant: irr command line" tests/cli-irr/run.sh "$dir/manrs"
	suite "$variant: irr whois server (sockets, bgpq4)" tests/cli-irr-serve/run.sh "$dir/manrs"
	suite "$variant: ingest command line (store, route state)" tests/cli-ingest/run.sh "$dir/manrs"
	suite "$variant: input and log command line" tests/cli-input/run.sh "$dir/manrs"
	suite "$variant: sync against a local archive server" tests/cli-sync/run.sh "$dir/manrs"
	suite "$variant: report command line (refdata load, metrics)" tests/cli-report/run.sh "$dir/manrs"
	suite "$variant: M8 contacts (PeeringDB and RIR aut-num, against an oracle)" tests/cli-contacts/run.sh "$dir/manrs"
	suite "$variant: exit statuses on unloadable input" tests/cli-exit/run.sh "$dir/manrs"
	suite "$variant: filter command line (bgpq4 references, bgpq4 through irr serve)" tests/cli-filter/run.sh "$dir/manrs"
	suite "$variant: serve and keys over real HTTP" tests/cli-serve/run.sh "$dir/manrs"
	suite "$variant: incident feedback over real HTTP (CSRF, limits, review trail)" tests/cli-feedback/run.sh "$dir/manrs"
	suite "$variant: incidents command line (detectors through ingest)" tests/cli-incidents/run.sh "$dir/manrs"
	suite "$variant: monitor command line (alert sinks: webhook, syslog, file)" tests/cli-monitor/run.sh "$dir/manrs"
	suite "$variant: rtr protocol and hostile clients" python3 tests/integration-rtr/protocol.py "$dir/manrs"
	suite "$variant: bmp decoder against tshark (data/pcap)" tests/bmp-tshark/run.sh "$dir/manrs"
	suite "$variant: bmp collector with the detectors (BMP replay equals ingest)" tests/bmp-detect/run.sh "$dir/manrs"
	suite "$variant: history, compare, participants and learn pages over real HTTP" tests/cli-pages/run.sh "$dir/manrs"
	# One test per corpus; a corpus without its replay program fails.
	for c in fuzz/corpus/*/; do
		t=$(basename "$c")
		if [ -x "$dir/fuzz/replay_$t" ]; then
			suite "$variant: fuzz corpus replay ($t)" "$dir/fuzz/replay_$t" "$c"
		else
			missing "$variant: fuzz corpus replay ($t)" "no program $dir/fuzz/replay_$t"
		fi
	done
	if [ $variant = release ]; then
		# Real peers (StayRTR, rtrlib, ...) on 127.0.0.1; each script
		# starts and stops its own programs.
		for t in tests/integration/*.sh; do
			[ -e "$t" ] && suite "$variant: integration $(basename "$t" .sh)" bash "$t" "$dir/manrs"
		done
		# RTR against rtrclient, BIRD 2, FRR and GoBGP (once: the
		# daemons make it slow, and the protocol suite covers ASan).
		suite "$variant: rtr with real clients (rtrclient, BIRD, FRR, GoBGP)" bash tests/integration-rtr/run.sh "$dir/manrs"
		suite "$variant: bmp collector with GoBGP and FRR" bash tests/integration-bmp/run.sh "$dir/manrs"
		# The pages in headless Chromium (charts, map, path graph; en, es,
		# fr); screenshots in $dir/e2e-screenshots.
		suite "$variant: web pages in headless Chromium (e2e)" bash tests/e2e/run.sh "$dir/manrs"
	fi
done
# The man pages against the release build's --help (once: the pages do
# not depend on the build variant).
suite "man pages (docs/man) against --help" tests/man/run.sh "$root/build-test-release/manrs"
# The oracle is part of the suite: without bgpdump it fails, not skips.
if command -v bgpdump > /dev/null; then
	suite "oracle: committed golden files are bgpdump's output" tests/golden/oracle.sh
else
	missing "oracle: committed golden files are bgpdump's output" "bgpdump is not installed (apt-get install bgpdump)"
fi
echo
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
