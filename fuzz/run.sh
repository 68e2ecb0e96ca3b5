#!/bin/sh
# Runs every fuzz target for a bounded time, seeded from the source tree's fixtures and examples,
# the regression inputs and the corpus of real files (all read where they are, never copied).
# Each target keeps its own working corpus (what it found worth keeping) under the build tree, so
# a later run starts where this one stopped. Fails when any target finds a crash, a leak, a
# timeout or an out-of-memory; the input that did it is saved under findings/ and named here.
#
# Usage: fuzz/run.sh BUILDDIR SRCDIR CORPUSDIR SECONDS [TARGET...]   (make fuzz runs it)
set -u
build=${1:?usage: run.sh BUILDDIR SRCDIR CORPUSDIR SECONDS [TARGET...]}
src=${2:?}
corpus=${3:?}
seconds=${4:?}
shift 4
[ $# -gt 0 ] || set -- docx hwpx hwpml odt text cbxml any profile values xml

CASEBOOK_PLUGIN_PATH=$build/plugins/.libs
CASEBOOK_PLUGIN_SYSTEM_PATH=
CASEBOOK_DATA_DIR=$src/data
# Leaks are findings; a sanitizer report ends the run with the input saved.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CASEBOOK_PLUGIN_PATH CASEBOOK_PLUGIN_SYSTEM_PATH CASEBOOK_DATA_DIR ASAN_OPTIONS UBSAN_OPTIONS

# The seed directories of a target: those that exist.
seeds() {
	case $1 in
	docx) set -- "$corpus/docx" "$src/examples/submissions" ;;
	hwpx) set -- "$corpus/hwpx" "$corpus/misnamed" "$src/examples/submissions" ;;
	hwpml) set -- "$corpus/hml" "$src/examples/submissions" ;;
	odt) set -- "$src/tests/fixtures/odt" "$src/examples/submissions" ;;
	text) set -- "$src/examples/submissions" ;;
	cbxml) set -- "$src/tests/fixtures/cbxml" "$src/tests/golden" ;;
	any) set -- "$src/examples/submissions" "$corpus" ;;
	profile) set -- "$src/data" "$src/fuzz/seeds/profile" ;;
	values) set -- "$src/fuzz/seeds/values" ;;
	xml) set -- "$src/fuzz/seeds/xml" "$src/tests/fixtures/cbxml" "$src/tests/fixtures/odt" \
		"$corpus/hml" "$(xml_parts)" ;;
	esac
	for d in "$@" "$src/tests/regress/$target"; do
		[ -d "$d" ] && printf '%s\n' "$d"
	done
}

# The XML parts of the corpus's DOCX and HWPX files, unpacked into the build tree once (the
# xml target reads bare XML).
xml_parts() {
	dir=$build/fuzz-seeds/xml
	if [ ! -d "$dir" ] && command -v unzip > /dev/null; then
		find "$corpus" -type f \( -name '*.docx' -o -name '*.hwpx' \) | while read -r z; do
			mkdir -p "$dir/$(basename "$z")"
			unzip -qo "$z" '*.xml' '*.rels' '*.hpf' -d "$dir/$(basename "$z")" \
				> /dev/null 2>&1
		done
	fi
	printf '%s\n' "$dir"
}

status=0
summary=""
for target in "$@"; do
	prog=$build/fuzz/$target
	[ -x "$prog" ] || { echo "fuzz: $prog is not built (make fuzz)"; status=1; continue; }
	work=$build/fuzz-corpus/$target
	found=$build/fuzz-findings/$target
	log=$build/fuzz-logs/$target.log
	mkdir -p "$work" "$found" "$(dirname "$log")"
	# Values are short strings; everything else may be a whole document.
	extra=""
	[ "$target" = values ] && extra="-max_len=4096"
	# A fixed random seed (FUZZ_SEED, default 1) makes a run repeatable: a finding in CI can be
	# replayed exactly; set another seed to explore further.
	# shellcheck disable=SC2046 # one argument per seed directory
	"$prog" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 \
		-artifact_prefix="$found/" $extra "$work" $(seeds "$target") > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(sed -n 's/^#[0-9]*.*DONE *cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1, ft \2/p' "$log" |
		tail -n 1)
	if [ "$rc" -eq 0 ]; then
		line="ok    $target: ${execs:-?} runs in ${seconds} s (${cov:-no coverage figure})"
	else
		status=1
		saved=$(ls -t "$found" | head -n 1)
		line="FAIL  $target: exit $rc; input saved in $found/$saved"
		grep -m 1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|^fuzz: ' \
			"$log" | sed 's/^/      /'
		echo "      log: $log"
	fi
	echo "$line"
	summary="$summary$line
"
done
printf '%s' "$summary" > "$build/fuzz-logs/summary.txt"
exit $status
