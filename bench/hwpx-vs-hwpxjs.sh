#!/bin/sh
# HWPX to plain text: casebook (`casebook convert -t text`) against hwpxjs (`hwpxjs txt`, npm
# package @ssabrojs/hwpxjs, a TypeScript HWPX reader), over the same files. Each tool is timed
#   - one process per document, as a user runs either command on a file;
#   - in one process for the whole batch: casebook converting every file in one run
#     (`convert -t text -o DIR/ FILES...`), hwpxjs through its library in one Node process
#     (the same HwpxReader.extractText() its txt command calls), so start-up costs drop out.
# Prints documents per second for each and their ratio, for the HWPX files of the corpus (all
# but the encrypted one, which neither can read) and for a generated large document.
#
# hwpxjs is installed with npm into HWPXJS_PREFIX (default: a cache directory outside the source
# tree), never into the repository.
#
# Usage: bench/hwpx-vs-hwpxjs.sh            (from a build directory, or with casebook installed)
# Environment: CASEBOOK (the command; default ./core/casebook if present, else casebook),
#   CB_CORPUS_DIR (default: ../shared/corpus/real beside the source tree), HWPXJS_PREFIX,
#   HWPXJS_VERSION (default 0.2.0), LARGE_MB (the generated section's size, default 5),
#   RUNS (repetitions of each batch measurement, the best kept; default 5).
# Needs: node and npm, zip, awk.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${CASEBOOK:-}" ]; then
	if [ -x ./core/casebook ]; then
		CASEBOOK=$(pwd)/core/casebook
		: "${CASEBOOK_PLUGIN_PATH:=$(pwd)/plugins/.libs}"
		: "${CASEBOOK_PLUGIN_SYSTEM_PATH:=}"
		export CASEBOOK_PLUGIN_PATH CASEBOOK_PLUGIN_SYSTEM_PATH
	else
		CASEBOOK=casebook
	fi
fi
corpus=${CB_CORPUS_DIR:-$here/../../shared/corpus/real}/hwpx
prefix=${HWPXJS_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/casebook-bench/hwpxjs}
version=${HWPXJS_VERSION:-0.2.0}
large_mb=${LARGE_MB:-5}
runs=${RUNS:-5}
for tool in node npm zip awk; do
	command -v "$tool" >/dev/null 2>&1 || { echo "hwpx-vs-hwpxjs: $tool is needed" >&2; exit 2; }
done
[ -d "$corpus" ] || { echo "hwpx-vs-hwpxjs: no corpus at $corpus" >&2; exit 2; }

hwpxjs=$prefix/node_modules/@ssabrojs/hwpxjs/dist/cli.js
if ! grep -qs "\"version\": \"$version\"" "$prefix/node_modules/@ssabrojs/hwpxjs/package.json"
then
	mkdir -p "$prefix"
	npm install --silent --no-audit --no-fund --prefix "$prefix" "@ssabrojs/hwpxjs@$version" \
		>&2
fi
# The batch runner: one Node process, the library loaded once, every file read and its text
# written, as `hwpxjs txt` does for one.
cat > "$prefix/batch.mjs" <<'EOF'
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { HwpxReader } from "@ssabrojs/hwpxjs";
const [outDir, ...files] = process.argv.slice(2);
let failed = 0;
for (const file of files) {
	try {
		const buf = await readFile(file);
		const reader = new HwpxReader();
		await reader.loadFromArrayBuffer(buf.buffer.slice(buf.byteOffset,
			buf.byteOffset + buf.byteLength));
		const text = await reader.extractText();
		await writeFile(join(outDir, basename(file) + ".txt"), text + "\n");
	} catch (e) {
		failed++;
		console.error(`${file}: ${e?.message || e}`);
	}
}
process.exit(failed ? 1 : 0);
EOF

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# make_hwpx FILE MEGABYTES: a Hangul-like package whose one section is about that large:
# outline headings, paragraphs of runs, tables with a merged cell. Words are drawn at random
# from a vocabulary, so the section compresses like text, not like a bomb.
make_hwpx() {
	d=$tmp/pkg
	rm -rf "$d" && mkdir -p "$d/Contents" "$d/META-INF"
	ns='xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'
	ns="$ns xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\""
	ns="$ns xmlns:hh=\"http://www.hancom.co.kr/hwpml/2011/head\""
	ns="$ns xmlns:opf=\"http://www.idpf.org/2007/opf/\""
	printf 'application/hwp+zip' > "$d/mimetype"
	cat > "$d/version.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" os="1" xmlVersion="1.5" application="bench" appVersion="1"/>
EOF
	cat > "$d/META-INF/container.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"><ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>
EOF
	cat > "$d/Contents/content.hpf" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><opf:package $ns version="" unique-identifier="" id=""><opf:metadata><opf:title>bench</opf:title></opf:metadata><opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/><opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/></opf:manifest><opf:spine><opf:itemref idref="header" linear="yes"/><opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>
EOF
	cat > "$d/Contents/header.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hh:head $ns version="1.5" secCnt="1"><hh:refList><hh:charProperties itemCnt="2"><hh:charPr id="0" height="1000"/><hh:charPr id="1" height="1000"><hh:bold/></hh:charPr></hh:charProperties><hh:paraProperties itemCnt="2"><hh:paraPr id="0"><hh:heading type="NONE" idRef="0" level="0"/></hh:paraPr><hh:paraPr id="1"><hh:heading type="OUTLINE" idRef="0" level="0"/></hh:paraPr></hh:paraProperties><hh:styles itemCnt="1"><hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" charPrIDRef="0"/></hh:styles></hh:refList></hh:head>
EOF
	awk -v bytes="$(($2 * 1024 * 1024))" -v ns="$ns" 'BEGIN {
		srand(7)
		n = split("학교 학생 교육 계획 결과 보고 예산 운영 사업 지원 수업 평가 활동 참여 " \
		          "목표 성과 개선 방안 추진 일정 교사 학부모 지역 협력 상담 사례 복지 " \
		          "2026. 3. 2. 1,200,000원 12명 (월) ○ □ -", v, " ")
		printf "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>"
		printf "<hs:sec %s>", ns
		for (size = 0; size < bytes; ) {
			k++
			if (k % 50 == 1)
				s = para(1, run(0, words(5)))
			else if (k % 25 == 0)
				s = table()
			else
				s = para(0, run(0, words(12)) run(1, words(3)) run(0, words(20)))
			printf "%s", s
			size += length(s)
		}
		printf "</hs:sec>"
	}
	function words(m,   i, s) {
		s = v[int(rand() * n) + 1]
		for (i = 1; i < m; i++)
			s = s " " v[int(rand() * n) + 1]
		return s
	}
	function run(bold, text) {
		return "<hp:run charPrIDRef=\"" bold "\"><hp:t>" text " </hp:t></hp:run>"
	}
	function para(shape, runs) {
		return "<hp:p id=\"0\" paraPrIDRef=\"" shape "\" styleIDRef=\"0\" pageBreak=\"0\" " \
		       "columnBreak=\"0\" merged=\"0\">" runs "<hp:linesegarray><hp:lineseg " \
		       "textpos=\"0\" vertpos=\"0\" vertsize=\"1000\"/></hp:linesegarray></hp:p>"
	}
	function cell(r, c, cs, text) {
		return "<hp:tc name=\"\" header=\"" (r == 0) "\" borderFillIDRef=\"3\"><hp:subList>" \
		       para(0, run(0, text)) "</hp:subList><hp:cellAddr colAddr=\"" c "\" rowAddr=\"" \
		       r "\"/><hp:cellSpan colSpan=\"" cs "\" rowSpan=\"1\"/><hp:cellSz width=\"1\" " \
		       "height=\"1\"/></hp:tc>"
	}
	function table(   s, r) {
		s = "<hp:p id=\"0\" paraPrIDRef=\"0\" styleIDRef=\"0\"><hp:run charPrIDRef=\"0\">" \
		    "<hp:tbl rowCnt=\"4\" colCnt=\"3\"><hp:tr>" cell(0, 0, 3, words(3)) "</hp:tr>"
		for (r = 1; r < 4; r++)
			s = s "<hp:tr>" cell(r, 0, 1, words(2)) cell(r, 1, 1, words(4)) \
			    cell(r, 2, 1, words(4)) "</hp:tr>"
		return s "</hp:tbl></hp:run></hp:p>"
	}' > "$d/Contents/section0.xml"
	rm -f "$1"
	# mimetype first and stored, as Hangul writes it.
	(cd "$d" && zip -q -X -0 "$1" mimetype && zip -q -X -r "$1" version.xml Contents META-INF)
}

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", n / (b - a) }'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > a ? b : a) }'; }

# One process per document; a document a tool cannot read still costs its time and is counted.
per_file() {
	tool=$1
	shift
	t0=$(now)
	for f in "$@"; do
		if [ "$tool" = hwpxjs ]; then
			node "$hwpxjs" txt "$f" > "$tmp/out.txt" 2>> "$tmp/$tool.err"
		else
			"$CASEBOOK" convert -q -t text -o "$tmp/out.txt" "$f" 2>> "$tmp/$tool.err"
		fi || echo "$f" >> "$tmp/$tool.failed"
	done
	rate $# "$t0" "$(now)"
}

# Every document in one process, RUNS times; the best rate.
batch() {
	tool=$1
	shift
	top=0
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$tmp/batch" && mkdir "$tmp/batch"
		t0=$(now)
		if [ "$tool" = hwpxjs ]; then
			node "$prefix/batch.mjs" "$tmp/batch" "$@" 2>> "$tmp/hwpxjs.err" || :
		else
			"$CASEBOOK" convert -q -t text -o "$tmp/batch/" "$@" 2>> "$tmp/casebook.err" || :
		fi
		top=$(best "$top" "$(rate $# "$t0" "$(now)")")
		i=$((i + 1))
	done
	cat "$tmp"/batch/* | wc -c > "$tmp/$tool.bytes"
	echo "$top"
}

report() {
	label=$1
	shift
	cb=$(batch casebook "$@")
	js=$(batch hwpxjs "$@")
	cb1=$(per_file casebook "$@")
	js1=$(per_file hwpxjs "$@")
	awk -v l="$label" -v n=$# -v cb="$cb" -v js="$js" -v cb1="$cb1" -v js1="$js1" \
	    -v cbb="$(cat "$tmp/casebook.bytes")" -v jsb="$(cat "$tmp/hwpxjs.bytes")" 'BEGIN {
		printf "%-30s %3d docs  one process: casebook %8.1f docs/s, hwpxjs %7.1f docs/s, " \
		       "ratio %5.1fx\n", l, n, cb, js, cb / js
		printf "%-30s %3s       per file:    casebook %8.1f docs/s, hwpxjs %7.1f docs/s, " \
		       "ratio %5.1fx\n", "", "", cb1, js1, cb1 / js1
		printf "%-30s %3s       text out:    casebook %8.0f KB,     hwpxjs %7.0f KB\n", "",
		       "", cbb / 1024, jsb / 1024
	}'
}

make_hwpx "$tmp/large.hwpx" "$large_mb"
# The corpus, less the encrypted package (hwpjs_password-12345), which neither tool reads.
set --
for f in "$corpus"/*.hwpx; do
	case $f in *password*) ;; *) set -- "$@" "$f" ;; esac
done
echo "casebook: $("$CASEBOOK" --version 2>/dev/null | head -n 1); hwpxjs $version" \
     "(node $(node --version))"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
     "$(. /etc/os-release && echo "$PRETTY_NAME")"
report "corpus (hwpx/)" "$@"
report "generated, ${large_mb} MB section" "$tmp/large.hwpx"
for tool in casebook hwpxjs; do
	[ -s "$tmp/$tool.failed" ] && echo "$tool could not read:" \
		"$(sort -u "$tmp/$tool.failed" | xargs -n 1 basename | tr '\n' ' ')"
done
exit 0
