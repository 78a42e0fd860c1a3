#!/bin/bash
# The man pages against the binary: (a) every command `manrs help` lists
# has its page docs/man/manrs-CMD.1 (help and version are in manrs.1, the
# overview, which must name every command's page); (b) every page renders
# with groff's man macros without a warning; (c) every long option a
# command's --help prints (its subcommands' too) appears in that command's
# page. Usage: tests/man/run.sh MANRS_BINARY. Ends with "N passed, N failed".
set -uo pipefail
if [ $# -ne 1 ]; then
	echo "usage: $0 MANRS_BINARY" >&2
	exit 2
fi
manrs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
man=$root/docs/man
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# --help runs in an empty directory: no command may leave a file behind.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

if ! command -v groff > /dev/null; then
	bad "groff is not installed (apt-get install groff-base)"
	echo "$pass passed, $fail failed"
	exit 1
fi

# The page source with roff escapes undone, for searching: \- is a
# hyphen, font changes and zero-width escapes go.
plain() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\&//g' -e 's/\\(hy/-/g' "$1"
}

# Commands: the first word of each line of the "Commands:" block of
# `manrs help` ("mrt" of "mrt dump", "rov", "participants", ...); a
# command's subcommands are found from its own --help below.
help=$("$manrs" help 2> /dev/null)
rc=$?
[ $rc -eq 0 ] && ok "manrs help exits 0" || bad "manrs help exits $rc"
cmds=$(printf '%s\n' "$help" | sed -n '/^Commands:/,$p' | sed -n 's/^  \([a-z][a-z]*\)\( .*\)\?$/\1/p')
if [ -z "$cmds" ]; then
	bad "no commands found in 'manrs help'"
	echo "$pass passed, $fail failed"
	exit 1
fi
tops=$(printf '%s\n' "$cmds" | awk '!seen[$0]++')
# (Searches read a here-string, never `... | grep -q`: under pipefail the
# writer of a pipe grep quits early may fail the pipe.)
overview=
[ -f "$man/manrs.1" ] && overview=$(plain "$man/manrs.1")

# (a) a page per command; manrs.1 names each of them.
if [ -f "$man/manrs.1" ]; then
	ok "page manrs.1 exists"
else
	bad "page manrs.1 (the overview) is missing"
fi
for t in $tops; do
	case $t in
	help | version)
		if grep -q -E "(^|[^a-z-])$t([^a-z-]|$)" <<< "$overview"; then
			ok "manrs.1 describes '$t'"
		else
			bad "manrs.1 does not describe '$t'"
		fi
		continue
		;;
	esac
	page=$man/manrs-$t.1
	if [ -f "$page" ]; then
		ok "page manrs-$t.1 exists"
	else
		bad "page manrs-$t.1 for command '$t' is missing"
	fi
	if grep -q -F "manrs-$t" <<< "$overview"; then
		ok "manrs.1 refers to manrs-$t"
	else
		bad "manrs.1 does not refer to manrs-$t"
	fi
done

# (b) every page renders without a warning, and is installed: named in
# docs/man/meson.build's install_man().
for page in "$man"/*.1; do
	[ -e "$page" ] || continue
	name=$(basename "$page")
	if grep -q -F "'$name'" "$man/meson.build" 2> /dev/null; then
		ok "$name is in docs/man/meson.build (installed)"
	else
		bad "$name is not in docs/man/meson.build: meson install would leave it out"
	fi
	err=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ -z "$err" ]; then
		ok "$name renders without warnings"
	else
		bad "$name: groff exit $rc: $(printf '%s' "$err" | head -n 3 | tr '\n' ' ')"
	fi
	# The title line names the page (MANRS-CMD, section 1).
	want=$(basename "$name" .1 | tr '[:lower:]' '[:upper:]')
	if grep -q -E "^\\.TH \"?$want\"? 1 " "$page"; then
		ok "$name: .TH $want 1"
	else
		bad "$name: no '.TH $want 1' line"
	fi
done

# (c) the long options of each command's --help, and of its subcommands'
# (words at the start of a two-blank-indented line that `manrs CMD WORD
# --help` answers with exit 0), are in its page.
for t in $tops; do
	case $t in help | version) continue ;; esac
	page=$man/manrs-$t.1
	[ -f "$page" ] || continue
	text=$(plain "$page")
	out=$("$manrs" "$t" --help 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		bad "manrs $t --help exits $rc"
		continue
	fi
	# Subcommands named in the command's help, and in the page's own
	# synopsis (".B manrs refdata load": a usage text may not list all).
	subs=$( (printf '%s\n' "$out" | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'
		sed -n "s/^\\.B manrs $t \\([a-z][a-z]*\\).*/\\1/p" <<< "$text") | sort -u)
	for s in $subs; do
		sub=$("$manrs" "$t" "$s" --help 2>&1) && out+=$'\n'"$sub"
	done
	opts=$(printf '%s\n' "$out" | grep -o -E -- '--[a-z][a-z-]*[a-z]' | sort -u)
	n=0
	for o in $opts; do
		n=$((n + 1))
		if grep -q -E -- "(^|[^a-z-])$o([^a-z-]|$)" <<< "$text"; then
			ok "manrs-$t.1 documents $o"
		else
			bad "manrs-$t.1 does not document $o (printed by manrs $t --help)"
		fi
	done
	[ $n -gt 0 ] || bad "manrs $t --help prints no long option"
done

# The option search must tell an option from a longer one that starts
# with it: --prefix is not found in a text holding only --prefix-more.
if ! grep -q -E -- "(^|[^a-z-])--prefix([^a-z-]|$)" <<< "--prefix-more P"; then
	ok "the option search does not take --prefix-more for --prefix"
else
	bad "the option search takes --prefix-more for --prefix"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
