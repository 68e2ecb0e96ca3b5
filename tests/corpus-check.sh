#!/bin/sh
# Every reader must get through every real file without crashing or hanging: each file of the
# corpus is converted to cbxml; the outcome must be success (and the output must validate against
# the cbxml schema) or a clean failure whose message names the file. Signals, time-outs, usage
# errors and messages without the file's name fail the check.
# Usage: corpus-check.sh CORPUS_DIR   (run from the build tree, with the test environment)
set -u
corpus=${1:?usage: corpus-check.sh CORPUS_DIR}
cli=${CB_TEST_CLI:-./core/casebook}
schema=${CB_TEST_SRCDIR:-.}/data/cbxml.rng
[ -d "$corpus" ] || { echo "corpus-check: no corpus at $corpus"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 read_ok=0
# Files only; SOURCES.tsv describes the corpus and is not part of it.
find "$corpus" -type f ! -name SOURCES.tsv | LC_ALL=C sort > "$tmp/list"
while IFS= read -r f; do
	timeout 120 "$cli" convert -t cbxml -o - "$f" > "$tmp/out.cbxml" 2> "$tmp/err"
	rc=$?
	why=""
	case $rc in
	0)
		if command -v xmllint >/dev/null 2>&1 &&
			! xmllint --noout --relaxng "$schema" "$tmp/out.cbxml" 2>"$tmp/xmllint"; then
			why="output does not validate: $(head -c 300 "$tmp/xmllint")"
		fi
		read_ok=$((read_ok + 1)) ;;
	1)
		grep -qF "casebook: $f" "$tmp/err" || why="failure message does not name the file: $(head -c 300 "$tmp/err")" ;;
	124) why="timed out after 120 s" ;;
	*) why="exit status $rc: $(head -c 300 "$tmp/err")" ;;
	esac
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		printf 'ok   %s%s\n' "${f#"$corpus"/}" "$( [ $rc -eq 1 ] && printf ' (refused: %s)' "$(head -n 1 "$tmp/err" | sed "s|casebook: $f: ||")")"
	else
		fail=$((fail + 1))
		printf 'FAIL %s: %s\n' "${f#"$corpus"/}" "$why"
	fi
done < "$tmp/list"
echo "corpus: $read_ok of $((pass + fail)) files read; $pass passed, $fail failed"
[ "$fail" -eq 0 ]
