#!/bin/sh
# Build step (src/web/meson.build): bundles the web Observatory's script
# and stylesheet (web/src/, npm packages pinned by web/package-lock.json)
# into OUTDIR/app.js and OUTDIR/app.css. Runs `npm ci` in web/ first when
# web/node_modules is missing or older than the lockfile; after that one
# install the build needs no network.
# usage: web_bundle.sh SRCROOT OUTDIR
set -eu
src=$1
out=$(cd "$2" && pwd)
cd "$src/web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
	[ ! -d node_modules/esbuild ]; then
	echo "web_bundle: npm ci in $src/web (packages pinned by package-lock.json)" >&2
	npm ci --no-audit --no-fund --prefer-offline >&2
	touch node_modules/.package-lock.json
fi
exec node build.mjs "$out" "$src/data/refdata/m49/m49.tsv"
