#!/bin/sh
# Installs the Node tools that the publishing tests drive into the build tree, once, and prints
# their node_modules folder: playwright-core (to drive Chromium in tests/test-html) and
# @ssabrojs/hwpxjs (an independent HWPX reader, in tests/test-hwpx-writer). Nothing is
# committed or installed outside tests/tmp/node, which `make clean` removes.
# Exits 77 (skip) when node or npm is missing or the registry cannot be reached.
set -u
dir=${CB_TEST_BUILDDIR:-.}/tests/tmp/node
mods=$dir/node_modules
want="playwright-core@1.65.1 @ssabrojs/hwpxjs@0.2.0"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "npm-tools: node or npm is not installed" >&2
	exit 77
fi
mkdir -p "$dir" || exit 77
# Two tests may ask at once (make -j): one installs, the other waits for it.
exec 9>"$dir/.lock"
command -v flock >/dev/null 2>&1 && flock 9
if [ ! -f "$mods/playwright-core/package.json" ] || [ ! -f "$mods/@ssabrojs/hwpxjs/package.json" ]
then
	# shellcheck disable=SC2086 # the package list is meant to split
	# Give up in minutes, not hours, where the registry cannot be reached.
	if ! npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock \
		--loglevel=error --fetch-timeout=60000 --fetch-retries=1 $want >&2; then
		echo "npm-tools: npm install failed" >&2
		exit 77
	fi
fi
echo "$mods"
