#!/bin/sh
# The first command of the README's quick start: install what casebook needs, build it, and
# build the casebook of the bundled example submissions into examples-out/.
set -eu
cd "$(dirname "$0")"
scripts/install-deps
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure
make -j"$(nproc)"
# The plugins and the default profile of this build tree, not any installed casebook's.
export CASEBOOK_PLUGIN_PATH="$PWD/plugins/.libs" CASEBOOK_PLUGIN_SYSTEM_PATH=
export CASEBOOK_DATA_DIR="$PWD/data"
./core/casebook plugins
./core/casebook build examples/submissions/ -o examples-out/
echo "casebook: open examples-out/casebook.html; the data is in casebook.json, the accounting in report.txt"
