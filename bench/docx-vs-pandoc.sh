#!/bin/sh
# DOCX to Markdown, casebook against pandoc, on the same files and as a user would run each:
# casebook converts a batch in one process (`casebook convert -t markdown -o DIR/ FILES...`),
# pandoc one document per run (`pandoc -f docx -t markdown FILE`), since it cannot convert
# several documents to several outputs in one run. casebook is also timed one process per file,
# the way pandoc is. Prints documents per second for each and their ratio.
#
# The files: every .docx of the corpus (CB_CORPUS_DIR/docx), and one large generated document
# (LARGE_MB megabytes of document.xml: headings, numbered lists, tables, marked runs, Korean
# and English text). Last, the peak memory (/usr/bin/time -v) of casebook converting a
# generated RSS_MB megabyte document.xml, to show that memory follows the text, not the XML.
#
# Usage: bench/docx-vs-pandoc.sh            (from a build directory, or with casebook installed)
# Environment: CASEBOOK (the command; default: the build directory's, else casebook in PATH),
#   CB_CORPUS_DIR (default: ../shared/corpus/real beside the source tree), LARGE_MB (default 5),
#   RSS_MB (default 50; 0 skips it), RUNS (casebook batch repetitions, default 5).
# Needs: pandoc, zip, awk, /usr/bin/time (GNU).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${CASEBOOK:-}" ]; then
	if [ -x ./core/.libs/casebook ]; then
		# An uninstalled build: the program itself rather than libtool's shell wrapper
		# (which would add a shell's start to every run), its library and its plugins,
		# with no installed ones mixed in.
		CASEBOOK=$(pwd)/core/.libs/casebook
		LD_LIBRARY_PATH=$(pwd)/core/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
		: "${CASEBOOK_PLUGIN_PATH:=$(pwd)/plugins/.libs}"
		: "${CASEBOOK_PLUGIN_SYSTEM_PATH:=}"
		export LD_LIBRARY_PATH CASEBOOK_PLUGIN_PATH CASEBOOK_PLUGIN_SYSTEM_PATH
	else
		CASEBOOK=casebook
	fi
fi
corpus=${CB_CORPUS_DIR:-$here/../../shared/corpus/real}/docx
large_mb=${LARGE_MB:-5}
rss_mb=${RSS_MB:-50}
runs=${RUNS:-5}
for tool in pandoc zip awk /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "docx-vs-pandoc: $tool is needed" >&2; exit 2; }
done
[ -d "$corpus" ] || { echo "docx-vs-pandoc: no corpus at $corpus" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# make_docx FILE MEGABYTES: a Word document whose document.xml is about that large, marked up
# the way Word writes it (revision ids and font properties on every run, Korean text split into
# runs of a few words), so that its XML is some twelve times its text; the corpus's files run
# from 10 to 100 times. Words are drawn at random, so the part compresses like real text (about
# ten to one), not like a ZIP bomb.
make_docx() {
	d=$tmp/pkg.$$
	rm -rf "$d" && mkdir -p "$d/_rels" "$d/word/_rels"
	W=http://schemas.openxmlformats.org/wordprocessingml/2006/main
	W14=http://schemas.microsoft.com/office/word/2010/wordml
	R=http://schemas.openxmlformats.org/officeDocument/2006/relationships
	P=http://schemas.openxmlformats.org/package/2006/relationships
	cat > "$d/[Content_Types].xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>
EOF
	cat > "$d/_rels/.rels" <<EOF
<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="$P">
<Relationship Id="rId1" Type="$R/officeDocument" Target="word/document.xml"/></Relationships>
EOF
	cat > "$d/word/_rels/document.xml.rels" <<EOF
<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="$P">
<Relationship Id="rId1" Type="$R/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="$R/numbering" Target="numbering.xml"/></Relationships>
EOF
	cat > "$d/word/styles.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="$W">
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr>
<w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2">
<w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>
EOF
	cat > "$d/word/numbering.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="$W">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>
<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1">
<w:start w:val="1"/><w:numFmt w:val="ganada"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>
EOF
	awk -v bytes="$(($2 * 1024 * 1024))" -v W="$W" -v W14="$W14" 'BEGIN {
		srand(42)
		n = split("the of school student programme report budget result plan teacher " \
		          "class project survey week month term review data target goal " \
		          "학교 학생 교육 계획 결과 보고 예산 운영 사업 지원 수업 평가 활동 " \
		          "참여 목표 성과 개선 방안 추진 일정 교사 학부모 지역 협력", v, " ")
		font = "<w:rFonts w:ascii=\"맑은 고딕\" w:eastAsia=\"맑은 고딕\" " \
		       "w:hAnsi=\"맑은 고딕\" w:hint=\"eastAsia\"/><w:sz w:val=\"22\"/>" \
		       "<w:szCs w:val=\"22\"/>"
		printf "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
		printf "<w:document xmlns:w=\"%s\" xmlns:w14=\"%s\"><w:body>", W, W14
		for (size = 0; size < bytes; ) {
			k++
			if (k % 60 == 1)
				s = para("<w:pStyle w:val=\"Heading" (k % 120 == 1 ? 1 : 2) \
				         "\"/>", 4)
			else if (k % 200 == 0)
				s = table()
			else if (k % 10 < 3)
				s = para("<w:numPr><w:ilvl w:val=\"" (k % 10 == 2) "\"/>" \
				         "<w:numId w:val=\"1\"/></w:numPr>", 12)
			else
				s = para("", 40)
			printf "%s", s
			size += length(s)
		}
		printf "<w:sectPr/></w:body></w:document>"
	}
	function rsid() { return sprintf("00%06X", int(rand() * 16777216)) }
	function words(m,   i, s) {
		s = v[int(rand() * n) + 1]
		for (i = 1; i < m; i++)
			s = s " " v[int(rand() * n) + 1]
		return s
	}
	function para(ppr, m,   s, i, w) {
		s = "<w:p w14:paraId=\"" rsid() "\" w14:textId=\"77777777\" w:rsidR=\"" rsid() \
		    "\" w:rsidRDefault=\"" rsid() "\"><w:pPr>" ppr \
		    "<w:spacing w:after=\"0\" w:line=\"360\" w:lineRule=\"auto\"/>" \
		    "<w:jc w:val=\"both\"/><w:rPr>" font "</w:rPr></w:pPr>"
		for (i = 0; i < m; i += w) {
			w = 1 + int(rand() * 3)
			s = s "<w:r w:rsidRPr=\"" rsid() "\"><w:rPr>" font \
			    (rand() < 0.1 ? "<w:b/>" : "") "</w:rPr><w:t xml:space=\"preserve\">" \
			    words(w) " </w:t></w:r>"
		}
		return s "</w:p>"
	}
	function table(   s, r, c) {
		s = "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
		for (r = 0; r < 4; r++) {
			s = s "<w:tr w:rsidR=\"" rsid() "\">"
			for (c = 0; c < 3; c++)
				s = s "<w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/>" \
				    "</w:tcPr>" para("", 3) "</w:tc>"
			s = s "</w:tr>"
		}
		return s "</w:tbl>"
	}' > "$d/word/document.xml"
	rm -f "$1"
	(cd "$d" && zip -q -X -r "$1" '[Content_Types].xml' _rels word)
	rm -rf "$d"
}

now() { date +%s.%N; }
# rate N START END: documents per second
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.4g", n / (b - a) }'; }

# casebook: the batch in one process, RUNS times; prints the best rate.
casebook_batch() {
	best=0
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$tmp/cb" && mkdir "$tmp/cb"
		t0=$(now)
		"$CASEBOOK" convert -q -t markdown -o "$tmp/cb/" "$@" 2>> "$tmp/casebook.err" || :
		t1=$(now)
		r=$(rate $# "$t0" "$t1")
		best=$(awk -v a="$best" -v b="$r" 'BEGIN { print (b > a ? b : a) }')
		i=$((i + 1))
	done
	echo "$best"
}

# casebook or pandoc, one process per document.
per_file() {
	tool=$1
	shift
	rm -rf "$tmp/out" && mkdir "$tmp/out"
	t0=$(now)
	for f in "$@"; do
		o=$tmp/out/$(basename "$f" .docx).md
		# A file a tool cannot read still costs its time (pandoc 2.17 refuses one of the
		# corpus); the failure is counted below, not fatal.
		if [ "$tool" = pandoc ]; then
			pandoc -f docx -t markdown -o "$o" "$f" 2>> "$tmp/$tool.err" || :
		else
			"$CASEBOOK" convert -q -t markdown -o "$o" "$f" 2>> "$tmp/$tool.err" || :
		fi
	done
	t1=$(now)
	rate $# "$t0" "$t1"
}

report() {
	label=$1
	shift
	cb=$(casebook_batch "$@")
	cb1=$(per_file casebook "$@")
	pd=$(per_file pandoc "$@")
	awk -v l="$label" -v n=$# -v cb="$cb" -v cb1="$cb1" -v pd="$pd" 'BEGIN {
		printf "%s, %d file%s:\n", l, n, n == 1 ? "" : "s"
		printf "  casebook, one process  %10.2f docs/s   %6.1f x pandoc\n", cb, cb / pd
		printf "  casebook, one per file %10.2f docs/s   %6.1f x pandoc\n", cb1, cb1 / pd
		printf "  pandoc, one per file   %10.3f docs/s\n", pd
	}'
}

make_docx "$tmp/large.docx" "$large_mb"
set -- "$corpus"/*.docx
echo "casebook: $("$CASEBOOK" --version 2>/dev/null | head -n 1); $(pandoc --version | head -n 1)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
     "$(. /etc/os-release && echo "$PRETTY_NAME")"
report "corpus ($(basename "$(dirname "$corpus")")/docx)" "$@"
report "generated, ${large_mb} MB document.xml" "$tmp/large.docx"
report "corpus + generated" "$@" "$tmp/large.docx"
for tool in casebook pandoc; do
	[ -s "$tmp/$tool.err" ] && echo "$tool failed on: $(sort -u "$tmp/$tool.err" | head -n 3)"
done

if [ "$rss_mb" -gt 0 ]; then
	make_docx "$tmp/rss.docx" "$rss_mb"
	xml=$(unzip -l "$tmp/rss.docx" word/document.xml | awk 'NR == 4 { print $1 }')
	/usr/bin/time -v "$CASEBOOK" convert -q -t markdown -o "$tmp/rss.md" "$tmp/rss.docx" \
		2> "$tmp/time.txt"
	awk -v xml="$xml" -v zip="$(wc -c < "$tmp/rss.docx")" -v md="$(wc -c < "$tmp/rss.md")" '
		/Maximum resident set size/ { rss = $NF }
		/Elapsed \(wall clock\)/ { wall = $NF }
		END {
			printf "peak RSS converting a %.1f MB document.xml (%.1f MB .docx, " \
			       "%.1f MB of Markdown out): %.1f MB in %s\n", xml / 1048576,
			       zip / 1048576, md / 1048576, rss / 1024, wall
		}' "$tmp/time.txt"
fi
