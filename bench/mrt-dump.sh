#!/usr/bin/env bash
# Benchmark `manrs mrt dump -m` against Debian's bgpdump 1.6.2 (`bgpdump -m`).
#
# For every input: checks that both print byte-identical output, then times
# each (best of N runs, output to /dev/null) together with the time of plain
# decompression (the floor no MRT reader can beat), and prints one table row.
# A last section checks that manrs's peak memory stays flat as the input grows.
#
# Inputs come from ../shared/data relative to the repository root; scratch
# files go to a temporary directory that is removed on exit. Nothing is
# installed and nothing in the repository is written.
#
# Usage: bench/mrt-dump.sh            (from any directory)
# Environment:
#   MANRS=PATH        binary to test (default: <repo>/build/manrs)
#   BENCH_RUNS=N      timed runs per measurement, best is kept (default 3)
#   BENCH_TARGET_MB=N size of the concatenated update file (default 50)
#   TMPDIR=DIR        where the scratch directory is made (default /tmp)
set -euo pipefail
export LC_ALL=C

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd)
DATA="$REPO/../shared/data"
MANRS_NOTE=""
[[ -n ${MANRS:-} ]] && MANRS_NOTE=" (set by MANRS; the commit below is the repository's, check the binary matches it)"
MANRS=${MANRS:-$REPO/build/manrs}
RUNS=${BENCH_RUNS:-3}
TARGET_MB=${BENCH_TARGET_MB:-50}

die() { echo "mrt-dump.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools ----
if ((BASH_VERSINFO[0] < 5)); then
	die "needs bash >= 5 (for EPOCHREALTIME)"
fi
missing=()
command -v bgpdump >/dev/null || missing+=(bgpdump)
command -v bzip2 >/dev/null || missing+=(bzip2)
command -v gzip >/dev/null || missing+=(gzip)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v cmp >/dev/null && command -v diff >/dev/null || missing+=(diffutils)
command -v awk >/dev/null || missing+=(mawk)
if ((${#missing[@]})); then
	echo "mrt-dump.sh: missing tools; install them with:" >&2
	echo "  apt-get install -y ${missing[*]}" >&2
	exit 1
fi
command -v hyperfine >/dev/null && HAVE_HYPERFINE=1 || HAVE_HYPERFINE=0
[[ -x $MANRS ]] || die "no manrs binary at $MANRS (build it: ninja -C $REPO/build)"
[[ -d $DATA/mrt && -d $DATA/background ]] || die "no input data under $DATA"
DATA=$(cd -- "$DATA" && pwd)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mrt-bench.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

# -------------------------------------------------------------- helpers ----
size_of() { local s=0 f; for f; do s=$((s + $(stat -c %s -- "$f"))); done; echo "$s"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "-" }'; }

# measure RUNS OKCODES CMD...: runs CMD RUNS times with stdout to /dev/null
# under GNU time; sets T_BEST (fastest wall seconds) and T_RSS (largest max
# RSS, KiB). Wall time is taken from bash's microsecond clock around the
# /usr/bin/time call, since %e has only 10 ms resolution; RSS is time's %M.
# Exit codes not in OKCODES (space-separated) abort the script.
measure() {
	local runs=$1 ok=$2 i rc t0 t1 e m u y wall
	shift 2
	T_BEST="" T_RSS=0 T_CPU=""
	for ((i = 0; i < runs; i++)); do
		rc=0
		t0=$EPOCHREALTIME
		/usr/bin/time -f '%e %M %U %S' -o "$TMP/time.txt" "$@" >/dev/null 2>"$TMP/stderr.txt" || rc=$?
		t1=$EPOCHREALTIME
		case " $ok " in
		*" $rc "*) ;;
		*) die "'$*' exited with status $rc: $(tail -n 3 "$TMP/stderr.txt")" ;;
		esac
		read -r e m u y < <(tail -n 1 "$TMP/time.txt")
		wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
		if [[ -z $T_BEST ]] || awk -v a="$wall" -v b="$T_BEST" 'BEGIN { exit !(a < b) }'; then
			T_BEST=$wall
			T_CPU=$(awk -v u="$u" -v y="$y" 'BEGIN { printf "%.2f", u + y }')
		fi
		if ((m > T_RSS)); then T_RSS=$m; fi
	done
}

# records FILE...: the record count from `manrs mrt stats`
records() {
	local out rc=0
	out=$("$MANRS" mrt stats -q "$@") || rc=$?
	((rc == 0 || rc == 3)) || die "manrs mrt stats $* exited with status $rc"
	awk '/^records:/ { print $2 }' <<<"$out"
}

ROWS=()
DIFFS=0
# row LABEL RAWBYTES KIND BGPDUMP_FILE MANRS_FILE...
#   KIND is raw, gz or bz2 (selects the decompression floor).
row() {
	local label=$1 rawbytes=$2 kind=$3 bfile=$4
	shift 4
	local mfiles=("$@") rc comp floor ident lines recs
	echo "== $label" >&2

	# identity
	rc=0
	bgpdump -m "$bfile" >"$TMP/b.out" 2>"$TMP/b.err" || rc=$?
	((rc == 0)) || die "bgpdump -m $bfile exited with status $rc"
	rc=0
	"$MANRS" mrt dump -m -q "${mfiles[@]}" >"$TMP/m.out" || rc=$?
	((rc == 0 || rc == 3)) || die "manrs mrt dump -m ${mfiles[*]} exited with status $rc"
	lines=$(wc -l <"$TMP/m.out")
	if cmp -s "$TMP/b.out" "$TMP/m.out"; then
		ident=yes
	else
		ident=DIFF
		DIFFS=$((DIFFS + 1))
		local nb nm
		nb=$(diff "$TMP/b.out" "$TMP/m.out" | grep -c '^<' || true)
		nm=$(diff "$TMP/b.out" "$TMP/m.out" | grep -c '^>' || true)
		echo "   DIFF: $((nb + nm)) differing lines ($nb only in bgpdump, $nm only in manrs;" \
			"bgpdump $(wc -l <"$TMP/b.out") lines, manrs $lines); first 3:" >&2
		diff "$TMP/b.out" "$TMP/m.out" | grep '^[<>]' | head -n 3 | sed 's/^/     /' >&2 || true
	fi
	rm -f "$TMP/b.out" "$TMP/m.out"
	recs=$(records "${mfiles[@]}")

	# timing
	measure "$RUNS" "0" bgpdump -m "$bfile"
	local b_s=$T_BEST b_rss=$T_RSS
	measure "$RUNS" "0 3" "$MANRS" mrt dump -m -q "${mfiles[@]}"
	local m_s=$T_BEST m_rss=$T_RSS m_cpu=$T_CPU
	case $kind in
	gz) measure "$RUNS" "0" gzip -dc "${mfiles[@]}"; floor=$T_BEST ;;
	bz2) measure "$RUNS" "0" bzip2 -dc "${mfiles[@]}"; floor=$T_BEST ;;
	*) floor="" ;;
	esac
	if [[ $kind == raw ]]; then comp="-"; else comp=$(mb "$(size_of "${mfiles[@]}")"); fi

	ROWS+=("$(printf '| %-30s | %6s | %6s | %8s | %8s | %9s | %7s | %7s | %7s | %7s | %7s | %7s | %9s | %-4s |' \
		"$label" "$(mb "$rawbytes")" "$comp" "$recs" "$lines" "$b_s" "$m_s" "$m_cpu" \
		"$(ratio "$b_s" "$m_s")x" "${floor:--}" \
		"$([[ -n $floor ]] && echo "$(ratio "$m_s" "$floor")x" || echo -)" \
		"$(mib "$b_rss")" "$(mib "$m_rss")" "$ident")")
	echo "   bgpdump ${b_s}s ${b_rss}KiB, manrs ${m_s}s ${m_rss}KiB, floor ${floor:--}s, identical: $ident" >&2
}

START=$EPOCHREALTIME
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $COMMIT != unknown && -n $(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
	COMMIT="$COMMIT (work tree has uncommitted changes)"
fi
echo "# mrt-dump benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "manrs: $MANRS$MANRS_NOTE"
echo "repository: $REPO at commit $COMMIT"
echo "bgpdump: $( (bgpdump -v 2>&1 || true) | grep -o 'version .*' | head -n 1)"
echo "machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: best of $RUNS; times are wall seconds, RSS is max resident MiB (GNU time %M)"
echo

# --------------------------------------------------------------- inputs ----
echo "building inputs in $TMP" >&2
UPD_SRC="$DATA/mrt/bgpdump-updates.20160811.1600.gz"
RIB_SRC="$DATA/mrt/ris-rrc00-bview.20020722.2337.gz"
BG_SRC=("$DATA"/background/rv2-updates.20080224.*.bz2)
((${#BG_SRC[@]} == 47)) || die "expected 47 background files, found ${#BG_SRC[@]}"

gzip -dc "$UPD_SRC" >"$TMP/upd1.mrt"
UPD1=$(size_of "$TMP/upd1.mrt")
NCOPIES=$(((TARGET_MB * 1000000 + UPD1 / 2) / UPD1))
((NCOPIES >= 1)) || NCOPIES=1
for ((i = 0; i < NCOPIES; i++)); do cat "$TMP/upd1.mrt"; done >"$TMP/updates-50MB.mrt"
gzip -1 -c "$TMP/updates-50MB.mrt" >"$TMP/updates-50MB.mrt.gz"
bzip2 -c "$TMP/updates-50MB.mrt" >"$TMP/updates-50MB.mrt.bz2"
UPD_RAW=$(size_of "$TMP/updates-50MB.mrt")

gzip -dc "$RIB_SRC" >"$TMP/rib-2002.mrt"
RIB_RAW=$(size_of "$TMP/rib-2002.mrt")

# bgpdump reads only the first stream of a multi-stream .bz2, so the
# half-day is decompressed, concatenated and compressed again as one stream.
bzip2 -dc "${BG_SRC[@]}" >"$TMP/bg-halfday.mrt"
gzip -1 -c "$TMP/bg-halfday.mrt" >"$TMP/bg-halfday.mrt.gz"
bzip2 -c "$TMP/bg-halfday.mrt" >"$TMP/bg-halfday.mrt.bz2"
BG_RAW=$(size_of "$TMP/bg-halfday.mrt")

# ---------------------------------------------------------------- table ----
U="updates-50MB (${NCOPIES}x 2016)"
row "$U raw" "$UPD_RAW" raw "$TMP/updates-50MB.mrt" "$TMP/updates-50MB.mrt"
row "$U gz -1" "$UPD_RAW" gz "$TMP/updates-50MB.mrt.gz" "$TMP/updates-50MB.mrt.gz"
row "$U bz2" "$UPD_RAW" bz2 "$TMP/updates-50MB.mrt.bz2" "$TMP/updates-50MB.mrt.bz2"
row "rib-2002 gz (as shipped)" "$RIB_RAW" gz "$RIB_SRC" "$RIB_SRC"
row "rib-2002 raw" "$RIB_RAW" raw "$TMP/rib-2002.mrt" "$TMP/rib-2002.mrt"
row "bg-halfday raw" "$BG_RAW" raw "$TMP/bg-halfday.mrt" "$TMP/bg-halfday.mrt"
row "bg-halfday gz -1" "$BG_RAW" gz "$TMP/bg-halfday.mrt.gz" "$TMP/bg-halfday.mrt.gz"
row "bg-halfday bz2" "$BG_RAW" bz2 "$TMP/bg-halfday.mrt.bz2" "$TMP/bg-halfday.mrt.bz2"
# manrs reads the 47 shipped .bz2 files itself; bgpdump gets the one-stream bz2.
row "bg-halfday 47 shipped .bz2 *" "$BG_RAW" bz2 "$TMP/bg-halfday.mrt.bz2" "${BG_SRC[@]}"

printf '| %-30s | %6s | %6s | %8s | %8s | %9s | %7s | %7s | %7s | %7s | %7s | %7s | %9s | %-4s |\n' \
	input "raw MB" "cmp MB" records lines "bgpdump s" "manrs s" "m cpu s" speedup "floor s" "m/floor" \
	"bgp MiB" "manrs MiB" same
echo "|--------------------------------|-------:|-------:|---------:|---------:|----------:|--------:|--------:|--------:|--------:|--------:|--------:|----------:|------|"
printf '%s\n' "${ROWS[@]}"
echo
echo "m cpu s = user+sys CPU seconds of the fastest manrs run (for compressed input manrs"
echo "decompresses in a second thread, so cpu s can exceed wall s)."
echo "speedup = bgpdump s / manrs s; floor = gzip -dc or bzip2 -dc of the same file(s) to /dev/null;"
echo "m/floor = manrs s / floor s. * manrs reads the 47 shipped files (one bz2 stream each);"
echo "bgpdump reads the single-stream bz2 of their concatenation (it stops after the first stream"
echo "of a multi-stream file), and the identity check compares those two outputs."
((DIFFS == 0)) || echo "$DIFFS input(s) differ from bgpdump (details on stderr above)."
echo

# ------------------------------------------------------ memory vs. size ----
echo "== peak memory vs. input size" >&2
echo "Peak memory as the input grows (2016 update file, raw, concatenated; one run each)"
echo
printf '| %-6s | %8s | %9s | %13s | %15s | %16s | %13s |\n' copies "raw MB" lines \
	"manrs dump s" "manrs dump MiB" "manrs stats MiB" "bgpdump MiB"
echo "|--------|----------|-----------|---------------|-----------------|------------------|---------------|"
UPD1_LINES=$( ("$MANRS" mrt dump -m -q "$TMP/upd1.mrt" || (($? == 3))) | wc -l)
for n in 1 4 16; do
	for ((i = 0; i < n; i++)); do cat "$TMP/upd1.mrt"; done >"$TMP/upd-x$n.mrt"
	lines=$((UPD1_LINES * n))
	measure 1 "0 3" "$MANRS" mrt dump -m -q "$TMP/upd-x$n.mrt"
	d_s=$T_BEST d_rss=$T_RSS
	measure 1 "0 3" "$MANRS" mrt stats -q "$TMP/upd-x$n.mrt"
	s_rss=$T_RSS
	measure 1 "0" bgpdump -m "$TMP/upd-x$n.mrt"
	b_rss=$T_RSS
	printf '| %-6s | %8s | %9s | %13s | %15s | %16s | %13s |\n' "${n}x" \
		"$(mb "$(size_of "$TMP/upd-x$n.mrt")")" "$lines" "$d_s" \
		"$(mib "$d_rss")" "$(mib "$s_rss")" "$(mib "$b_rss")"
	rm -f "$TMP/upd-x$n.mrt"
done
echo

# ------------------------------------------------- optional: hyperfine ----
if ((HAVE_HYPERFINE)); then
	echo "== hyperfine" >&2
	echo "hyperfine (mean ± sd of $RUNS runs after 1 warm-up), updates-50MB raw and bg-halfday bz2:"
	echo
	hyperfine --style basic --warmup 1 --runs "$RUNS" -i --export-markdown "$TMP/hf.md" \
		-n "bgpdump updates-50MB raw" "bgpdump -m $TMP/updates-50MB.mrt" \
		-n "manrs updates-50MB raw" "$MANRS mrt dump -m -q $TMP/updates-50MB.mrt" \
		-n "bgpdump bg-halfday bz2" "bgpdump -m $TMP/bg-halfday.mrt.bz2" \
		-n "manrs bg-halfday bz2" "$MANRS mrt dump -m -q $TMP/bg-halfday.mrt.bz2" \
		>/dev/null 2>&1 || echo "(hyperfine failed)"
	[[ -s $TMP/hf.md ]] && cat "$TMP/hf.md"
	echo
else
	echo "(hyperfine not installed: skipped the hyperfine cross-check)"
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "total time: $(awk -v a="$START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
