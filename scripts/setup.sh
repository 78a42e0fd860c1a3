#!/bin/bash
# Installs everything manrs needs to build and test on Debian 12 (as root,
# or with sudo). Safe to run again. The package list lives only here.
set -euo pipefail
pkgs=(build-essential meson ninja-build pkg-config
      zlib1g-dev libbz2-dev liblzma-dev libzstd-dev
      libjansson-dev libsqlite3-dev sqlite3 bgpdump xz-utils zstd bzip2 gzip python3
      stayrtr rtr-tools libcurl4-openssl-dev groff-base
      libevent-dev libmicrohttpd-dev)
# bgpq4 against the IRR whois server (tests/cli-irr-serve, tests/cli-filter).
pkgs+=(bgpq4)
# RTR clients of the rtr integration test (tests/integration-rtr); GoBGP and
# FRR are also the BMP senders of tests/integration-bmp.
pkgs+=(bird2 frr frr-rpki-rtrlib gobgpd)
# tshark: the BMP decoder against Wireshark's dissector (tests/bmp-tshark).
pkgs+=(tshark)
# Chromium for the end-to-end tests of the web pages (tests/e2e).
pkgs+=(chromium)
# Node.js and npm bundle the web pages' charts, map and graph at build time
# (web/package-lock.json) and drive the e2e tests; Debian 12's nodejs 18 is
# enough. Only when no node is on the machine (a newer one may be).
command -v node > /dev/null || pkgs+=(nodejs npm)
# --list prints the packages, one per line, for callers that install them
# themselves (.ci/run).
if [ "${1:-}" = --list ]; then
	printf '%s\n' "${pkgs[@]}"
	exit 0
fi
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The npm packages of the web pages (web/package-lock.json; no network
# needed by the build afterwards). As the invoking user when run by sudo.
web=$(cd "$(dirname "$0")/../web" && pwd)
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
	if [ -n "${SUDO_USER:-}" ]; then
		(cd "$web" && sudo -u "$SUDO_USER" npm ci --no-audit --no-fund)
	else
		(cd "$web" && npm ci --no-audit --no-fund)
	fi
fi
