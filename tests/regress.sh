#!/bin/sh
# Replays every regression input (tests/regress/TARGET/: inputs the fuzzers once broke, each
# kept with its fix) through its fuzz target, built here with a main that replays files
# (fuzz/standalone.c), so every check the fuzzers make runs again: no crash, a failed read says
# why, trees pass the validator, every writer writes them, cbxml round trips. The reader targets
# also get the bundled examples, the smallest corpus of ordinary documents.
set -u
src=${CB_TEST_SRCDIR:-.}
build=${CB_TEST_BUILDDIR:-.}
status=0
for target in docx hwpx hwpml odt text cbxml any profile values xml; do
	set --
	[ -d "$src/tests/regress/$target" ] && set -- "$src/tests/regress/$target"
	case $target in
	profile | values) ;;
	*) set -- "$@" "$src/examples/submissions" ;;
	esac
	[ $# -gt 0 ] || continue
	# CB_TEST_WRAPPER: a command to run each program under (make check-valgrind sets it).
	# shellcheck disable=SC2086 # the wrapper is a command and its options
	if ! ${CB_TEST_WRAPPER:-} "$build/fuzz/$target" "$@" > "$build/tests/regress-$target.log" 2>&1
	then
		echo "FAIL $target: $(grep -m 1 -E '^fuzz: |ERROR|runtime error' \
			"$build/tests/regress-$target.log")"
		grep '^run: ' "$build/tests/regress-$target.log" | tail -n 1
		status=1
	else
		tail -n 1 "$build/tests/regress-$target.log"
	fi
done
exit $status
