#!/bin/sh
# The first command of the README's quick start: install what casebook needs, build it, and
# convert the bundled example submissions into examples-out/.
set -eu
cd "$(dirname "$0")"
scripts/install-deps
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure
make -j"$(nproc)"
# The plugins of this build tree, not any installed casebook's.
export CASEBOOK_PLUGIN_PATH="$PWD/plugins/.libs" CASEBOOK_PLUGIN_SYSTEM_PATH=
./core/casebook plugins
./core/casebook convert -t markdown -o examples-out/ examples/submissions/*
./core/casebook convert -t json -o examples-out/ examples/submissions/*
echo "casebook: converted $(ls examples/submissions | wc -l) example submissions into examples-out/"
