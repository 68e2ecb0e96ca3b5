#!/bin/sh
# The plugin skeleton, built the way an outside author builds it: casebook is installed into a
# staging directory, examples/plugin-skeleton is built there against the installed headers and
# library through pkg-config, and the installed casebook converts its sample through
# CASEBOOK_PLUGIN_PATH and passes it through `plugins --check`.
# Run by `make check-skeleton`, which passes the configured directories in the environment.
set -eu
: "${srcdir:?}" "${builddir:?}" "${prefix:?}" "${bindir:?}" "${libdir:?}" "${pluginsdir:?}"
MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

work=$builddir/skeleton-check
stage=$work/stage
rm -rf "$work"
mkdir -p "$work/pkgconfig"
fail() {
	echo "check-skeleton: $*" >&2
	exit 1
}

echo "check-skeleton: installing into $stage"
$MAKE -C "$builddir" install DESTDIR="$stage" >"$work/install.log" 2>&1 ||
	{ tail -20 "$work/install.log"; fail "make install failed"; }

# The installed casebook.pc, moved with the staging directory: every variable holding an
# absolute path gets the stage in front. Only casebook's own paths move; libxml2's (Requires)
# stay where the system has them.
pc=$stage$libdir/pkgconfig/casebook.pc
[ -r "$pc" ] || fail "no casebook.pc installed in $stage$libdir/pkgconfig"
sed "s|^\([A-Za-z_]*\)=/|\1=$stage/|" "$pc" >"$work/pkgconfig/casebook.pc"
PKG_CONFIG_PATH=$work/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH

# What the .pc gives is enough for every plugin-facing header, libxml2's included (xml.h).
cat >"$work/headers.c" <<'C'
#include <casebook/plugin.h>
#include <casebook/container.h>
#include <casebook/xml.h>
#include <casebook/conformance.h>
int main(void) { return cb_conformance_sample_count() == 0; }
C
# shellcheck disable=SC2046
$CC -std=c11 $($PKG_CONFIG --cflags casebook) -o "$work/headers" "$work/headers.c" \
	$($PKG_CONFIG --libs casebook) ||
	fail "the installed headers do not compile with pkg-config's flags"

LD_LIBRARY_PATH=$stage$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
"$work/headers" || fail "a program linked with pkg-config's flags does not run"

# The skeleton, from a copy (the source tree may be read-only, as in distcheck).
cp -R "$srcdir/examples/plugin-skeleton" "$work/skeleton"
chmod -R u+w "$work/skeleton"
$MAKE -C "$work/skeleton" PKG_CONFIG="$PKG_CONFIG" CC="$CC" || fail "the skeleton does not build"
[ -f "$work/skeleton/csv-reader.so" ] || fail "the skeleton built no csv-reader.so"

# The installed casebook, with the installed plugins as its system directory and the skeleton
# found through CASEBOOK_PLUGIN_PATH.
casebook=$stage$bindir/casebook
CASEBOOK_PLUGIN_SYSTEM_PATH=$stage$pluginsdir
CASEBOOK_PLUGIN_PATH=$work/skeleton
export CASEBOOK_PLUGIN_SYSTEM_PATH CASEBOOK_PLUGIN_PATH

"$casebook" plugins >"$work/plugins.out"
grep -q '^  csv  *1\.0\.0' "$work/plugins.out" ||
	{ cat "$work/plugins.out"; fail "csv not listed"; }

"$casebook" convert -t cbxml -o "$work/sample.cbxml" "$work/skeleton/sample.csv" ||
	fail "the sample does not convert"
for want in '<cell header="true">' '<p>학교명</p>' '<p>1,200,000</p>' '<p>학습, 진로</p>' \
	'<p>따옴표 "인용" 학교</p>' '<p>300,000</p>'; do
	grep -qF -- "$want" "$work/sample.cbxml" || { cat "$work/sample.cbxml"; fail "no $want"; }
done
[ "$(grep -c '<row>' "$work/sample.cbxml")" -eq 5 ] || fail "not 5 rows"
"$casebook" convert -t markdown "$work/skeleton/sample.csv" >"$work/sample.md"
grep -q '빛고을초등학교' "$work/sample.md" || fail "the Markdown lacks the table's text"

"$casebook" plugins --check "$work/skeleton/csv-reader.so" >"$work/check.out" ||
	{ cat "$work/check.out"; fail "the skeleton does not pass plugins --check"; }

echo "check-skeleton: the skeleton builds against the installed casebook and converts its sample"
rm -rf "$work"
