/* The DOCX reader, on small Word packages built here with libzip: every feature it reads and
 * every bad input it refuses. The documents are read through the loaded plugins, chosen by
 * bidding as a user's file would be, and checked mostly through their cbxml form, which shows
 * every node and attribute of the model. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <cmocka.h>

#include "testutil.h"

#define MAIN_CT "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"

/* Every namespace the documents below use, declared on the root as Word does. */
#define NAMESPACES                                                                     \
	"xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "         \
	"xmlns:r=\"" REL "\" "                                                              \
	"xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" " \
	"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "                \
	"xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\" "           \
	"xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "   \
	"xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "         \
	"xmlns:v=\"urn:schemas-microsoft-com:vml\" "                                        \
	"xmlns:o=\"urn:schemas-microsoft-com:office:office\" "                              \
	"xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\" "           \
	"xmlns:x15=\"urn:example:not-understood\""

#define W_ROOT(tag) "<w:" tag " " NAMESPACES ">"

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
	"relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Default Extension=\"png\" ContentType=\"image/png\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"" MAIN_CT "\"/>"
	"</Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"" PKG_REL "\">"
	"<Relationship Id=\"rId1\" Type=\"" REL "/officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" PKG_REL "/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" REL "/extended-properties\" "
	"Target=\"docProps/app.xml\"/>"
	"</Relationships>";

/* The main part's relationships every test document has. */
static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"" PKG_REL "\">"
	"<Relationship Id=\"rIdS\" Type=\"" REL "/styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rIdN\" Type=\"" REL "/numbering\" Target=\"numbering.xml\"/>"
	"<Relationship Id=\"rIdF\" Type=\"" REL "/footnotes\" Target=\"footnotes.xml\"/>"
	"<Relationship Id=\"rIdE\" Type=\"" REL "/endnotes\" Target=\"endnotes.xml\"/>"
	"<Relationship Id=\"rIdC\" Type=\"" REL "/comments\" Target=\"comments.xml\"/>"
	"<Relationship Id=\"rIdH\" Type=\"" REL "/header\" Target=\"header1.xml\"/>"
	"<Relationship Id=\"rIdL\" Type=\"" REL "/hyperlink\" Target=\"https://example.org/a?b=1\" "
	"TargetMode=\"External\"/>"
	"<Relationship Id=\"rIdI\" Type=\"" REL "/image\" Target=\"media/image1.png\"/>"
	"<Relationship Id=\"rIdJ\" Type=\"" REL "/image\" Target=\"/word/media/image2.png\"/>"
	"<Relationship Id=\"rIdX\" Type=\"" REL "/image\" Target=\"https://example.org/i.png\" "
	"TargetMode=\"External\"/>"
	"</Relationships>";

typedef struct part {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen(data) */
} part;

static cb_context *ctx;
static cb_diags *diags;

static int setup(void **state)
{
	(void)state;
	ctx = cbt_context();
	diags = cb_diags_new();
	return ctx && diags ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cb_diags_free(diags);
	cb_context_free(ctx);
	return 0;
}

/* Writes a ZIP of the parts (later ones replace earlier ones of the same name) into a fresh
 * directory and returns its path (caller frees). */
static char *write_zip(const char *file, const part *parts, size_t n)
{
	char *dir = cbt_tmpdir(file);
	assert_non_null(dir);
	char *path;
	assert_true(asprintf(&path, "%s/%s", dir, file) > 0);
	free(dir);
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		if (!parts[i].data)
			continue;
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *s = zip_source_buffer(z, parts[i].data, len, 0);
		assert_non_null(s);
		zip_flags_t flags = ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8;
		assert_true(zip_file_add(z, parts[i].name, s, flags) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	return path;
}

/* A Word package around body (the content of w:body), with the given extra parts. */
static char *make_docx(const char *file, const char *body, const part *extra, size_t nextra)
{
	char *document;
	assert_true(asprintf(&document,
	                     "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	                     W_ROOT("document") "<w:body>%s<w:sectPr/></w:body></w:document>",
	                     body) > 0);
	part parts[32] = {
		{"[Content_Types].xml", content_types, 0},
		{"_rels/.rels", package_rels, 0},
		{"word/document.xml", document, 0},
		{"word/_rels/document.xml.rels", document_rels, 0},
	};
	size_t n = 4;
	for (size_t i = 0; i < nextra && n < 32; i++)
		parts[n++] = extra[i];
	char *path = write_zip(file, parts, n);
	free(document);
	return path;
}

/* Reads path by bidding; the document, or NULL (diags say why). */
static cb_document *read_path(const char *path)
{
	cb_diags_clear(diags);
	return cb_read_file(ctx, path, NULL, diags);
}

/* The cbxml form of a document read from path; fails the test when it cannot be read. */
static char *cbxml_of(const char *path)
{
	cb_document *doc = read_path(path);
	if (!doc)
		cbt_print_diags(diags);
	assert_non_null(doc);
	char *out;
	size_t len;
	assert_int_equal(cb_write_memory(ctx, doc, "cbxml", &out, &len, diags), CB_OK);
	cb_document_free(doc);
	return out;
}

/* Converts body and returns the cbxml of its document's body only (caller frees). */
static char *body_of(const char *file, const char *body, const part *extra, size_t nextra)
{
	char *path = make_docx(file, body, extra, nextra);
	char *xml = cbxml_of(path);
	free(path);
	char *start = strstr(xml, "<body>"), *end = strstr(xml, "</body>");
	char *out = start && end ? strndup(start + 6, (size_t)(end - start - 6)) : strdup("");
	free(xml);
	/* Drop the writer's indentation, so that expectations read as one line. */
	char *w = out;
	for (const char *r = out; *r; r++) {
		if (*r == '\n') {
			while (r[1] == ' ')
				r++;
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
	return out;
}

#define assert_contains(hay, needle)                                                \
	do {                                                                            \
		if (!strstr((hay), (needle))) {                                             \
			fprintf(stderr, "expected:\n  %s\nin:\n  %s\n", (needle), (hay)); \
			fail();                                                                 \
		}                                                                           \
	} while (0)
#define assert_lacks(hay, needle)                                                    \
	do {                                                                            \
		if (strstr((hay), (needle))) {                                              \
			fprintf(stderr, "unexpected:\n  %s\nin:\n  %s\n", (needle), (hay)); \
			fail();                                                                 \
		}                                                                           \
	} while (0)

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

#define P(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define STYLED(style, text) "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr>" \
	"<w:r><w:t>" text "</w:t></w:r></w:p>"

/* --- the package --------------------------------------------------------------------------- */

static void main_part_found_through_the_relationships(void **state)
{
	(void)state;
	char *document;
	assert_true(asprintf(&document, "%s", W_ROOT("document")
	                     "<w:body>" P("found it") "</w:body></w:document>") > 0);
	const char *rels = "<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"x\" "
	                   "Type=\"" REL "/officeDocument\" Target=\"/Story/Main%20Part.xml\"/>"
	                   "</Relationships>";
	/* A decoy at the usual path must not be read. */
	const char *decoy = W_ROOT("document") "<w:body>" P("decoy") "</w:body></w:document>";
	part parts[] = {
		{"[Content_Types].xml", content_types, 0},
		{"_rels/.rels", rels, 0},
		{"Story/Main Part.xml", document, 0},
		{"word/document.xml", decoy, 0},
	};
	char *path = write_zip("rels.docx", parts, 4);
	char *xml = cbxml_of(path);
	assert_contains(xml, "<p>found it</p>");
	assert_lacks(xml, "decoy");
	free(xml);
	free(path);
	free(document);
}

/* --- styles -------------------------------------------------------------------------------- */

static const char styles[] =
	W_ROOT("styles")
	"<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"ko-KR\"/></w:rPr></w:rPrDefault>"
	"</w:docDefaults>"
	/* Skipped before parsing when it has this shape: a '>' in a value must not fool that. */
	"<w:latentStyles w:count=\"2\">\n<w:lsdException w:name=\"heading 1\" w:qFormat=\"1\"/>"
	"<w:lsdException w:name='a>b' w:uiPriority=\"9\" />\n</w:latentStyles>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	"<w:name w:val=\"Normal\"/>"
	"</w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>"
	"<w:rPr><w:b/></w:rPr></w:style>"
	/* Korean names as other software writes them, with no outline level. */
	"<w:style w:type=\"paragraph\" w:styleId=\"a1\"><w:name w:val=\"제목 2\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"a2\"><w:name w:val=\"제목\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"a3\"><w:name w:val=\"부제\"/></w:style>"
	/* A custom style inherits its level; an outline level wins over a name. */
	"<w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name w:val=\"My Heading\"/>"
	"<w:basedOn w:val=\"Heading1\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Deep\"><w:name w:val=\"Fancy\"/>"
	"<w:pPr><w:outlineLvl w:val=\"3\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Body\"><w:name w:val=\"heading 3\"/>"
	"<w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Bullets\"><w:name w:val=\"List Bullet\"/>"
	"<w:pPr><w:numPr><w:numId w:val=\"9\"/></w:numPr></w:pPr></w:style>"
	"<w:style w:type=\"character\" w:styleId=\"Emph\"><w:name w:val=\"Emphasis\"/>"
	"<w:rPr><w:i/></w:rPr></w:style>"
	"<w:style w:type=\"character\" w:styleId=\"Strong\"><w:name w:val=\"Strong\"/>"
	"<w:basedOn w:val=\"Emph\"/><w:rPr><w:b/></w:rPr></w:style>"
	"</w:styles>";

static void headings_and_title_from_styles(void **state)
{
	(void)state;
	part extra[] = {{"word/styles.xml", styles, 0}};
	char *path = make_docx("headings.docx",
	                       STYLED("a2", "보고서 제목") STYLED("a3", "부제목입니다")
	                       STYLED("Heading1", "Intro") STYLED("a1", "둘째 수준")
	                       STYLED("Mine", "Custom") STYLED("Deep", "Four")
	                       STYLED("Body", "Not a heading") STYLED("Heading3", "Undefined id")
	                       "<w:p><w:pPr><w:outlineLvl w:val=\"4\"/></w:pPr><w:r><w:t>Direct"
	                       "</w:t></w:r></w:p>",
	                       extra, 1);
	cb_document *doc = read_path(path);
	assert_non_null(doc);
	assert_string_equal(cb_document_meta(doc, "title"), "보고서 제목");
	assert_string_equal(cb_document_meta(doc, "subtitle"), "부제목입니다");
	assert_string_equal(cb_document_meta(doc, "language"), "ko-KR");
	cb_document_free(doc);
	char *xml = cbxml_of(path);
	/* The title stays in the text as a top heading; a heading style's bold is not emphasis. */
	assert_contains(xml, "<heading level=\"1\">보고서 제목</heading>");
	assert_contains(xml, "<p>부제목입니다</p>");
	assert_contains(xml, "<heading level=\"1\">Intro</heading>");
	assert_contains(xml, "<heading level=\"2\">둘째 수준</heading>");
	assert_contains(xml, "<heading level=\"1\">Custom</heading>");
	assert_contains(xml, "<heading level=\"4\">Four</heading>");
	assert_contains(xml, "<p>Not a heading</p>");
	/* A style id missing from styles.xml still says what it is. */
	assert_contains(xml, "<heading level=\"3\">Undefined id</heading>");
	assert_contains(xml, "<heading level=\"5\">Direct</heading>");
	free(xml);
	free(path);
}

static void heading_style_ids_without_styles_part(void **state)
{
	(void)state;
	char *xml = body_of("nostyles.docx", STYLED("Heading2", "Two") STYLED("Title", "T"), NULL,
	                    0);
	assert_string_equal(xml, "<heading level=\"2\">Two</heading>"
	                         "<heading level=\"1\">T</heading>");
	free(xml);
}

/* --- numbering ----------------------------------------------------------------------------- */

#define LVL(i, fmt, start, text) "<w:lvl w:ilvl=\"" #i "\"><w:start w:val=\"" #start "\"/>" \
	"<w:numFmt w:val=\"" fmt "\"/><w:lvlText w:val=\"" text "\"/></w:lvl>"

static const char numbering[] =
	W_ROOT("numbering")
	"<w:abstractNum w:abstractNumId=\"0\">" LVL(0, "decimal", 3, "%1.")
	LVL(1, "lowerLetter", 1, "%2)") LVL(2, "lowerRoman", 1, "%3.") "</w:abstractNum>"
	"<w:abstractNum w:abstractNumId=\"1\">" LVL(0, "ganada", 1, "%1.")
	LVL(1, "chosung", 1, "%2.") LVL(2, "decimalEnclosedCircle", 1, "%3") "</w:abstractNum>"
	"<w:abstractNum w:abstractNumId=\"2\">" LVL(0, "bullet", 1, "\xEF\x82\xB7")
	LVL(1, "bullet", 1, "o") LVL(2, "bullet", 1, "■") "</w:abstractNum>"
	"<w:abstractNum w:abstractNumId=\"3\">" LVL(0, "upperRoman", 1, "%1.")
	LVL(1, "upperLetter", 1, "%2.") "</w:abstractNum>"
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
	"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
	"<w:num w:numId=\"3\"><w:abstractNumId w:val=\"2\"/></w:num>"
	/* The same list restarted, and one with a level overridden whole. */
	"<w:num w:numId=\"4\"><w:abstractNumId w:val=\"0\"/>"
	"<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
	"<w:num w:numId=\"5\"><w:abstractNumId w:val=\"3\"/><w:lvlOverride w:ilvl=\"0\">"
	LVL(0, "upperLetter", 5, "%1.") "</w:lvlOverride></w:num>"
	"<w:num w:numId=\"9\"><w:abstractNumId w:val=\"2\"/></w:num>"
	"</w:numbering>";

#define ITEM(num, lvl, text) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/>" \
	"<w:numId w:val=\"" #num "\"/></w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"

static void lists_formats_and_nesting(void **state)
{
	(void)state;
	part extra[] = {{"word/numbering.xml", numbering, 0}, {"word/styles.xml", styles, 0}};
	char *xml = body_of("lists.docx",
	                    ITEM(1, 0, "three") ITEM(1, 1, "a") ITEM(1, 2, "i") ITEM(1, 1, "b")
	                    ITEM(1, 0, "four") ITEM(2, 0, "가") ITEM(2, 1, "ㄱ") ITEM(2, 2, "①")
	                    ITEM(3, 0, "dot") ITEM(3, 1, "circle") ITEM(3, 2, "square")
	                    STYLED("Bullets", "by style") ITEM(5, 0, "E"),
	                    extra, 2);
	assert_string_equal(
		xml,
		"<list ordered=\"true\" start=\"3\" style=\"decimal\"><item><p>three</p>"
		"<list ordered=\"true\" start=\"1\" style=\"lower-alpha\"><item><p>a</p>"
		"<list ordered=\"true\" start=\"1\" style=\"lower-roman\"><item><p>i</p></item>"
		"</list>"
		"</item><item><p>b</p></item></list></item><item><p>four</p></item></list>"
		"<list ordered=\"true\" start=\"1\" style=\"hangul\"><item><p>가</p>"
		"<list ordered=\"true\" start=\"1\" style=\"hangul-jamo\"><item><p>ㄱ</p>"
		"<list ordered=\"true\" start=\"1\" style=\"circled\"><item><p>①</p></item></list>"
		"</item></list></item></list>"
		"<list ordered=\"false\" start=\"1\" style=\"•\"><item><p>dot</p>"
		"<list ordered=\"false\" start=\"1\" style=\"◦\"><item><p>circle</p>"
		"<list ordered=\"false\" start=\"1\" style=\"■\"><item><p>square</p></item></list>"
		"</item></list></item><item><p>by style</p></item></list>"
		"<list ordered=\"true\" start=\"5\" style=\"upper-alpha\"><item><p>E</p></item>"
		"</list>");
	free(xml);
}

static void lists_continue_and_restart(void **state)
{
	(void)state;
	part extra[] = {{"word/numbering.xml", numbering, 0}};
	/* An interrupted list goes on counting; a new instance with a start override restarts;
	 * an empty numbered paragraph still takes its number, as in Word. */
	char *xml = body_of("restart.docx",
	                    ITEM(1, 0, "3") ITEM(1, 0, "4") P("between") ITEM(1, 0, "5")
	                    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/>"
	                    "</w:numPr></w:pPr></w:p>"
	                    ITEM(1, 0, "7") ITEM(4, 0, "1 again") ITEM(4, 0, "2 again"),
	                    extra, 1);
	assert_string_equal(
		xml,
		"<list ordered=\"true\" start=\"3\" style=\"decimal\"><item><p>3</p></item>"
		"<item><p>4</p></item></list><p>between</p>"
		"<list ordered=\"true\" start=\"5\" style=\"decimal\"><item><p>5</p></item></list>"
		"<list ordered=\"true\" start=\"7\" style=\"decimal\"><item><p>7</p></item></list>"
		"<list ordered=\"true\" start=\"1\" style=\"decimal\"><item><p>1 again</p></item>"
		"<item><p>2 again</p></item></list>");
	free(xml);
}

/* --- tables -------------------------------------------------------------------------------- */

#define TC(props, text) "<w:tc><w:tcPr>" props "</w:tcPr>" P(text) "</w:tc>"
#define TC_EMPTY(props) "<w:tc><w:tcPr>" props "</w:tcPr><w:p/></w:tc>"
#define RESTART "<w:vMerge w:val=\"restart\"/>"
#define CONTINUE "<w:vMerge/>"
#define SPAN(n) "<w:gridSpan w:val=\"" #n "\"/>"

static void tables_spans_and_headers(void **state)
{
	(void)state;
	part extra[] = {{"word/numbering.xml", numbering, 0}};
	char *xml = body_of(
		"table.docx",
		"<w:tbl><w:tblPr><w:tblLook w:firstRow=\"0\"/></w:tblPr><w:tblGrid/>"
		"<w:tr><w:trPr><w:tblHeader/></w:trPr>" TC(SPAN(2), "wide") TC("", "h3") "</w:tr>"
		"<w:tr>" TC(RESTART, "tall") TC("", "b") TC(RESTART, "c") "</w:tr>"
		"<w:tr>" TC_EMPTY(CONTINUE) TC("", "e") TC(CONTINUE, "more c") "</w:tr>"
		"<w:tr>" TC_EMPTY(CONTINUE) TC(SPAN(2), "f") "</w:tr>"
		"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" TC("", "g") TC("", "h")
		"</w:tr>"
		"<w:tr><w:trPr><w:gridAfter w:val=\"2\"/></w:trPr>" TC("", "i") "</w:tr>"
		"<w:tr><w:tc>" ITEM(1, 0, "listed") "<w:tbl><w:tr>" TC(RESTART, "in") TC("", "x")
		"</w:tr><w:tr>" TC_EMPTY(CONTINUE) TC("", "y") "</w:tr></w:tbl></w:tc></w:tr>"
		"</w:tbl>",
		extra, 1);
	assert_string_equal(
		xml,
		"<table><row><cell colspan=\"2\" header=\"true\"><p>wide</p></cell>"
		"<cell header=\"true\"><p>h3</p></cell></row>"
		"<row><cell rowspan=\"3\"><p>tall</p></cell><cell><p>b</p></cell>"
		"<cell rowspan=\"2\"><p>c</p><p>more c</p></cell></row>"
		"<row><cell><p>e</p></cell></row>"
		"<row><cell colspan=\"2\"><p>f</p></cell></row>"
		"<row><cell/><cell><p>g</p></cell><cell><p>h</p></cell></row>"
		"<row><cell><p>i</p></cell><cell colspan=\"2\"/></row>"
		"<row><cell><list ordered=\"true\" start=\"3\" style=\"decimal\"><item><p>listed"
		"</p>"
		"</item></list><table><row><cell rowspan=\"2\"><p>in</p></cell><cell><p>x</p>"
		"</cell>"
		"</row><row><cell><p>y</p></cell></row></table></cell></row></table>");
	free(xml);
}

static void table_look_header_extends_down_merges(void **state)
{
	(void)state;
	char *xml = body_of("look.docx",
	                    "<w:tbl><w:tblPr><w:tblLook w:val=\"04A0\"/></w:tblPr>"
	                    "<w:tr>" TC(RESTART, "A") TC(SPAN(2), "B") "</w:tr>"
	                    "<w:tr>" TC_EMPTY(CONTINUE) TC("", "B1") TC("", "B2") "</w:tr>"
	                    "<w:tr>" TC("", "1") TC("", "2") TC("", "3") "</w:tr></w:tbl>",
	                    NULL, 0);
	assert_string_equal(
		xml,
		"<table><row><cell rowspan=\"2\" header=\"true\"><p>A</p></cell>"
		"<cell colspan=\"2\" header=\"true\"><p>B</p></cell></row>"
		"<row><cell header=\"true\"><p>B1</p></cell><cell header=\"true\"><p>B2</p></cell>"
		"</row><row><cell><p>1</p></cell><cell><p>2</p></cell><cell><p>3</p></cell></row>"
		"</table>");
	free(xml);
}

/* --- runs ---------------------------------------------------------------------------------- */

#define R(props, text) "<w:r><w:rPr>" props "</w:rPr><w:t xml:space=\"preserve\">" text \
	"</w:t></w:r>"

static void runs_marks_and_special_characters(void **state)
{
	(void)state;
	part extra[] = {{"word/styles.xml", styles, 0}};
	char *xml = body_of(
		"runs.docx",
		"<w:p>" R("<w:b/>", "bold ") R("<w:i/>", "italic ")
		R("<w:u w:val=\"single\"/>", "u ")
		R("<w:u w:val=\"none\"/>", "plain ") R("<w:strike/>", "s ") R("<w:dstrike/>", "d ")
		R("<w:vertAlign w:val=\"superscript\"/>", "sup")
		R("<w:vertAlign w:val=\"subscript\"/>", "sub")
		R("<w:rStyle w:val=\"Strong\"/>", " strong")
		R("<w:rStyle w:val=\"Strong\"/><w:b w:val=\"0\"/>", " em only")
		R("<w:b w:val=\"false\"/>", " off") "</w:p>"
		"<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/>"
		"<w:t>d</w:t><w:noBreakHyphen/><w:t>e</w:t><w:softHyphen/><w:t>f </w:t>"
		"<w:sym w:font=\"Symbol\" w:char=\"F061\"/>"
		"<w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/>"
		"<w:sym w:font=\"Arial\" w:char=\"2022\"/><w:br w:type=\"page\"/><w:t>g</w:t></w:r>"
		"</w:p>"
		"<w:p><w:r><w:br w:type=\"page\"/><w:t>after a page break</w:t></w:r></w:p>"
		"<w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>",
		extra, 1);
	assert_string_equal(
		xml,
		"<p><t m=\"bold\">bold </t><t m=\"italic\">italic </t><t m=\"underline\">u "
		"</t>plain "
		"<t m=\"strike\">s d </t><t m=\"superscript\">sup</t><t m=\"subscript\">sub</t>"
		"<t m=\"bold italic\"> strong</t><t m=\"italic\"> em only</t> off</p>"
		"<p>a\tb<br/>c<br/>d\xE2\x80\x91" "ef α✓•<br/>g</p>"
		"<p>after a page break</p>");
	free(xml);
}

/* --- links, notes, comments ---------------------------------------------------------------- */

static const char footnotes[] =
	W_ROOT("footnotes")
	"<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p>"
	"</w:footnote>"
	"<w:footnote w:id=\"2\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\">"
	" Second note.</w:t></w:r></w:p></w:footnote>"
	"<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\">"
	" First note, with </w:t></w:r><w:hyperlink r:id=\"rIdL\"><w:r><w:t>a link</w:t></w:r>"
	"</w:hyperlink></w:p><w:p><w:r><w:t>Its second paragraph.</w:t></w:r></w:p></w:footnote>"
	"</w:footnotes>";

static const char footnote_rels[] =
	"<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"rIdL\" Type=\"" REL "/hyperlink\" "
	"Target=\"https://example.org/note\" TargetMode=\"External\"/></Relationships>";

static const char endnotes[] =
	W_ROOT("endnotes")
	"<w:endnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p/></w:endnote>"
	"<w:endnote w:id=\"1\"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>The end.</w:t></w:r>"
	"</w:p></w:endnote></w:endnotes>";

static const char comments[] =
	W_ROOT("comments") "<w:comment w:id=\"0\" w:author=\"T\">" P("SECRET REMARK")
	"</w:comment></w:comments>";

static void links_notes_and_comments(void **state)
{
	(void)state;
	part extra[] = {
		{"word/footnotes.xml", footnotes, 0},
		{"word/_rels/footnotes.xml.rels", footnote_rels, 0},
		{"word/endnotes.xml", endnotes, 0},
		{"word/comments.xml", comments, 0},
	};
	char *xml = body_of(
		"notes.docx",
		"<w:p><w:hyperlink r:id=\"rIdL\"><w:r><w:t>out</w:t></w:r><w:r><w:rPr><w:b/>"
		"</w:rPr>"
		"<w:t>side</w:t></w:r></w:hyperlink><w:r><w:t xml:space=\"preserve\"> and </w:t>"
		"</w:r>"
		"<w:hyperlink w:anchor=\"_Toc1\"><w:r><w:t>inside</w:t></w:r></w:hyperlink></w:p>"
		"<w:p><w:commentRangeStart w:id=\"0\"/><w:r><w:t>Noted</w:t></w:r>"
		"<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>"
		"<w:r><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:t xml:space=\"preserve\"> then"
		"</w:t></w:r><w:r><w:endnoteReference w:id=\"1\"/></w:r></w:p>"
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r><w:r>"
		"<w:footnoteReference w:id=\"2\"/></w:r></w:p></w:tc></w:tr></w:tbl>"
		"<w:p><w:r><w:t>again</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
		"</w:p>",
		extra, 4);
	assert_string_equal(
		xml,
		"<p><link href=\"https://example.org/a?b=1\">out<t m=\"bold\">side</t></link> and "
		"<link href=\"#_Toc1\">inside</link></p>"
		"<p>Noted<noteref id=\"fn1\"/> then<noteref id=\"en1\"/></p>"
		"<note id=\"fn1\" kind=\"footnote\"><p>First note, with "
		"<link href=\"https://example.org/note\">a link</link></p><p>Its second paragraph."
		"</p>"
		"</note><note id=\"en1\" kind=\"endnote\"><p>The end.</p></note>"
		"<table><row><cell><p>cell<noteref id=\"fn2\"/></p>"
		"<note id=\"fn2\" kind=\"footnote\">"
		"<p>Second note.</p></note></cell></row></table>"
		"<p>again<noteref id=\"fn1\"/></p>");
	free(xml);
}

/* --- tracked changes, fields, content controls -------------------------------------------- */

static void tracked_changes(void **state)
{
	(void)state;
	char *xml = body_of(
		"changes.docx",
		"<w:p><w:r><w:t xml:space=\"preserve\">This is </w:t></w:r>"
		"<w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t xml:space=\"preserve\">inserted </w:t>"
		"</w:r>"
		"</w:ins><w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>deleted </w:delText>"
		"</w:r>"
		"</w:del><w:r><w:t>text.</w:t></w:r></w:p>"
		"<w:moveFromRangeStart w:id=\"3\" w:name=\"m\"/><w:p><w:moveFrom w:id=\"4\">"
		"<w:r><w:t>Moved.</w:t></w:r></w:moveFrom></w:p><w:moveFromRangeEnd w:id=\"3\"/>"
		P("Middle.")
		"<w:p><w:moveTo w:id=\"5\"><w:r><w:t>Moved.</w:t></w:r></w:moveTo></w:p>"
		"<w:tbl><w:tr><w:trPr><w:del w:id=\"6\"/></w:trPr>" TC("", "gone row") "</w:tr>"
		"<w:tr>" TC("", "kept row") "</w:tr></w:tbl>",
		NULL, 0);
	assert_string_equal(xml, "<p>This is inserted text.</p><p>Middle.</p><p>Moved.</p>"
	                         "<table><row><cell><p>kept row</p></cell></row></table>");
	free(xml);
}

#define FLD(type) "<w:r><w:fldChar w:fldCharType=\"" type "\"/></w:r>"
#define INSTR(text) "<w:r><w:instrText xml:space=\"preserve\">" text "</w:instrText></w:r>"

static void fields_show_results_only(void **state)
{
	(void)state;
	char *xml = body_of(
		"fields.docx",
		"<w:p><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>"
		"<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>7</w:t></w:r></w:fldSimple>"
		"<w:r><w:t xml:space=\"preserve\">, date </w:t></w:r>"
		FLD("begin") INSTR(" DATE \\@ \"yyyy\" ") FLD("separate")
		"<w:r><w:t>2024</w:t></w:r>" FLD("end")
		/* A field inside another's instruction shows nothing; the outer result shows. */
		"<w:r><w:t xml:space=\"preserve\">, </w:t></w:r>" FLD("begin") INSTR(" IF ")
		FLD("begin") INSTR(" MERGEFIELD x ") FLD("separate") "<w:r><w:t>inner</w:t></w:r>"
		FLD("end") INSTR(" = 1 \"yes\" \"no\" ") FLD("separate") "<w:r><w:t>outer</w:t>"
		"</w:r>"
		FLD("end") "<w:r><w:t xml:space=\"preserve\">, </w:t></w:r>"
		FLD("begin") INSTR(" HYPERLINK \"https://example.org/f\" \\o \"tip\" ")
		FLD("separate") "<w:r><w:t>linked</w:t></w:r><w:r><w:rPr><w:i/></w:rPr>"
		"<w:t xml:space=\"preserve\"> text</w:t></w:r>" FLD("end")
		"<w:r><w:t xml:space=\"preserve\">, </w:t></w:r>"
		"<w:fldSimple w:instr=\"HYPERLINK \\l &quot;sec&quot;\"><w:r><w:t>here</w:t></w:r>"
		"</w:fldSimple>" FLD("begin") INSTR(" PAGE ") FLD("end") "</w:p>",
		NULL, 0);
	assert_string_equal(xml, "<p>Page 7, date 2024, outer, "
	                         "<link href=\"https://example.org/f\">"
	                         "linked<t m=\"italic\"> text</t></link>, "
	                         "<link href=\"#sec\">here</link></p>");
	free(xml);
}

static void content_controls(void **state)
{
	(void)state;
	char *xml = body_of(
		"sdt.docx",
		"<w:sdt><w:sdtPr><w:alias w:val=\"ALIAS\"/><w:tag w:val=\"TAG\"/></w:sdtPr>"
		"<w:sdtContent>" P("block control") "</w:sdtContent></w:sdt>"
		"<w:p><w:r><w:t xml:space=\"preserve\">Name: </w:t></w:r><w:sdt><w:sdtPr>"
		"<w:placeholder><w:docPart w:val=\"DP\"/></w:placeholder></w:sdtPr><w:sdtContent>"
		"<w:r><w:t>Kim</w:t></w:r></w:sdtContent></w:sdt></w:p>"
		"<w:tbl><w:tr><w:sdt><w:sdtContent>" TC("", "cell control") "</w:sdtContent>"
		"</w:sdt>"
		"</w:tr></w:tbl>"
		"<w:customXml w:element=\"x\">" P("custom xml") "</w:customXml>"
		"<w:p><w:smartTag w:element=\"place\"><w:r><w:t>Seoul</w:t></w:r></w:smartTag>"
		"</w:p>",
		NULL, 0);
	assert_string_equal(xml, "<p>block control</p><p>Name: Kim</p>"
	                         "<table><row><cell><p>cell control</p></cell></row></table>"
	                         "<p>custom xml</p><p>Seoul</p>");
	free(xml);
}

/* --- drawings ------------------------------------------------------------------------------ */

/* A 1x1 PNG. */
static const unsigned char png[] = {
	0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
	0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
	0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
	0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
	0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
};

#define PICTURE(rid) "<a:graphic><a:graphicData><pic:pic><pic:nvPicPr><pic:cNvPr w:id=\"0\" " \
	"name=\"Picture 1\"/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"" rid "\"/>"          \
	"</pic:blipFill></pic:pic></a:graphicData></a:graphic>"

#define TEXTBOX(text) "<w:txbxContent>" P(text) "</w:txbxContent>"

static void images_and_text_boxes(void **state)
{
	(void)state;
	part extra[] = {
		{"word/media/image1.png", (const char *)png, sizeof png},
		{"word/media/image2.png", "GIF89a", 0},
	};
	char *path = make_docx(
		"drawing.docx",
		"<w:p><w:r><w:t xml:space=\"preserve\">Inline </w:t></w:r><w:r><w:drawing>"
		"<wp:inline>"
		"<wp:docPr id=\"1\" name=\"Picture 1\" descr=\"학교 로고\"/>" PICTURE("rIdI")
		"</wp:inline></w:drawing></w:r><w:r><w:t xml:space=\"preserve\"> and anchored "
		"</w:t>"
		"</w:r><w:r><w:drawing><wp:anchor><wp:docPr id=\"2\" name=\"P2\" title=\"titled\"/>"
		PICTURE("rIdI") "</wp:anchor></w:drawing></w:r></w:p>"
		"<w:p><w:r><w:pict><v:shapetype id=\"t75\"><v:path/></v:shapetype>"
		"<v:shape id=\"s1\" alt=\"vml alt\"><v:imagedata r:id=\"rIdJ\" o:title=\"\"/>"
		"</v:shape>"
		"</w:pict></w:r><w:r><w:drawing><wp:inline><wp:docPr id=\"3\" name=\"x\"/>"
		PICTURE("rIdX") "</wp:inline></w:drawing></w:r></w:p>"
		/* A text box twice, as Word writes it: DrawingML for Word 2010, VML for older. */
		"<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent>"
		"<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
		"<wp:docPr id=\"4\" name=\"Box\"/>"
		"<a:graphic><a:graphicData><wps:wsp><wps:txbx>" TEXTBOX("boxed text")
		"</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
		"</mc:Choice>"
		"<mc:Fallback><w:pict><v:rect><v:textbox>" TEXTBOX("boxed text")
		"</v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
		"<w:r><w:t xml:space=\"preserve\"> goes on</w:t></w:r></w:p>"
		/* A branch the reader cannot read gives way to the fallback. */
		"<w:p><mc:AlternateContent><mc:Choice Requires=\"x15\"><w:r><w:t>future</w:t></w:r>"
		"</mc:Choice><mc:Fallback><w:r><w:t>fallback</w:t></w:r></mc:Fallback>"
		"</mc:AlternateContent></w:p>",
		extra, 2);
	cb_document *doc = read_path(path);
	assert_non_null(doc);
	assert_int_equal(cb_document_media_count(doc), 2);
	const cb_media *m = cb_document_media_at(doc, 0);
	assert_string_equal(cb_media_type(m), "image/png");
	assert_string_equal(cb_media_name(m), "image1.png");
	size_t len;
	const unsigned char *data = cb_media_data(m, &len);
	assert_int_equal(len, sizeof png);
	assert_memory_equal(data, png, sizeof png);
	const char *id1 = cb_media_id(m), *id2 = cb_media_id(cb_document_media_at(doc, 1));
	char *xml;
	size_t xlen;
	assert_int_equal(cb_write_memory(ctx, doc, "cbxml", &xml, &xlen, diags), CB_OK);
	char *expect;
	assert_true(asprintf(&expect,
	                     "<p>Inline <image src=\"%s\" alt=\"학교 로고\"/> and anchored "
	                     "<image src=\"%s\" alt=\"titled\"/></p>",
	                     id1, id1) > 0);
	assert_contains(xml, expect);
	free(expect);
	assert_true(asprintf(&expect,
	                     "<p><image src=\"%s\" alt=\"vml alt\"/>"
	                     "<image src=\"https://example.org/i.png\"/></p>",
	                     id2) > 0);
	assert_contains(xml, expect);
	free(expect);
	assert_contains(xml, "<p>Anchor goes on</p>\n    <div class=\"textbox\">\n"
	                     "      <p>boxed text</p>\n    </div>");
	assert_int_equal(count(xml, "boxed text"), 1);
	assert_contains(xml, "<p>fallback</p>");
	assert_lacks(xml, "future");
	free(xml);
	cb_document_free(doc);
	free(path);
}

static void math_text_is_kept(void **state)
{
	(void)state;
	char *xml = body_of("math.docx",
	                    "<w:p><w:r><w:t xml:space=\"preserve\">Area: </w:t></w:r><m:oMath><m:r>"
	                    "<w:rPr><w:b/></w:rPr><m:t>πr</m:t></m:r><m:sSup><m:e><m:r><m:t>x"
	                    "</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup>"
	                    "</m:oMath></w:p>",
	                    NULL, 0);
	assert_string_equal(xml, "<p>Area: πrx2</p>");
	free(xml);
}

/* --- metadata, headers and footers --------------------------------------------------------- */

static const char core[] =
	"<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
	"core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://"
	"purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
	"<dc:title>  사업 계획서 </dc:title><dc:subject>Subject</dc:subject>"
	"<dc:creator>홍길동</dc:creator><cp:keywords>a, b</cp:keywords>"
	"<dc:description>Desc</dc:description><dc:language>ko-KR</dc:language>"
	"<cp:lastModifiedBy>someone</cp:lastModifiedBy>"
	"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-03-01T09:00:00Z</dcterms:created>"
	"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-03-02T10:30:00Z</dcterms:modified>"
	"</cp:coreProperties>";

static const char app[] =
	"<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"extended-properties\"><Application>Microsoft Office Word</Application>"
	"<AppVersion>16.0000</AppVersion></Properties>";

static const char header[] = W_ROOT("hdr") P("HEADER TEXT") "</w:hdr>";

static void metadata_and_headers(void **state)
{
	(void)state;
	part extra[] = {
		{"docProps/core.xml", core, 0},
		{"docProps/app.xml", app, 0},
		{"word/header1.xml", header, 0},
	};
	char *path = make_docx("meta.docx",
	                       "<w:p><w:r><w:t>Body</w:t></w:r></w:p><w:sectPr><w:headerReference "
	                       "w:type=\"default\" r:id=\"rIdH\"/></w:sectPr>",
	                       extra, 3);
	cb_document *doc = read_path(path);
	assert_non_null(doc);
	static const char *const expected[][2] = {
		{"title", "사업 계획서"},
		{"subject", "Subject"},
		{"creator", "홍길동"},
		{"keywords", "a, b"},
		{"description", "Desc"},
		{"language", "ko-KR"},
		{"created", "2024-03-01T09:00:00Z"},
		{"modified", "2024-03-02T10:30:00Z"},
		{"producer", "Microsoft Office Word 16.0000"},
	};
	for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
		const char *v = cb_document_meta(doc, expected[i][0]);
		assert_non_null(v);
		assert_string_equal(v, expected[i][1]);
	}
	cb_document_free(doc);
	char *xml = cbxml_of(path);
	assert_contains(xml, "<p>Body</p>");
	assert_lacks(xml, "HEADER TEXT");
	free(xml);
	free(path);
}

/* --- bad input ----------------------------------------------------------------------------- */

/* Reads path, which must fail with an error of this code whose message contains text. */
static void refused(const char *path, cb_code code, const char *text)
{
	cb_document *doc = read_path(path);
	if (doc || !cbt_has_diag(diags, code, text)) {
		fprintf(stderr, "%s: expected %s containing \"%s\"; got:\n", path,
		        cb_code_name(code), text);
		cbt_print_diags(diags);
	}
	assert_null(doc);
	assert_true(cbt_has_diag(diags, code, text));
	/* Every message names the file. */
	for (size_t i = 0; i < cb_diags_count(diags); i++)
		assert_string_equal(cb_diag_path(cb_diags_at(diags, i)), path);
}

static char *write_file(const char *file, const void *data, size_t len)
{
	char *dir = cbt_tmpdir(file), *path;
	assert_non_null(dir);
	assert_true(asprintf(&path, "%s/%s", dir, file) > 0);
	free(dir);
	assert_true(cbt_write_file(path, data, len));
	return path;
}

static void not_a_zip_and_truncated(void **state)
{
	(void)state;
	/* Named .docx and forced through the reader, as "casebook convert -f docx" would. */
	char *path = write_file("plain.docx", "just some text\n", 15);
	cb_diags_clear(diags);
	assert_null(cb_read_file(ctx, path, "docx", diags));
	assert_true(cbt_has_diag(diags, CB_E_SYNTAX, "not a ZIP archive"));
	free(path);

	path = make_docx("whole.docx", P("text"), NULL, 0);
	size_t len;
	char *bytes = cbt_read_file(path, &len);
	assert_non_null(bytes);
	free(path);
	path = write_file("truncated.docx", bytes, len / 2);
	cb_diags_clear(diags);
	assert_null(cb_read_file(ctx, path, "docx", diags));
	assert_true(cbt_has_diag(diags, CB_E_SYNTAX, "ZIP"));
	free(bytes);
	free(path);
}

static void no_main_part(void **state)
{
	(void)state;
	const char *rels = "<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"c\" Type=\""
	                   PKG_REL "/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	                   "</Relationships>";
	const char *types = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	                    "content-types\"/>";
	part parts[] = {
		{"[Content_Types].xml", types, 0},
		{"_rels/.rels", rels, 0},
		{"word/other.xml", "<x/>", 0},
	};
	char *path = write_zip("nomain.docx", parts, 3);
	refused(path, CB_E_INVALID, "no main document part");
	free(path);

	/* Named, but missing from the package. */
	parts[1].data = package_rels;
	path = write_zip("missing.docx", parts, 3);
	refused(path, CB_E_INVALID, "no main document part: 'word/document.xml'");
	free(path);
}

/* A minimal OLE compound file whose directory lists the given streams. */
static size_t make_cfb(unsigned char *buf, const char *const *streams)
{
	memset(buf, 0, 3 * 512);
	memcpy(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	buf[0x1A] = 3;                         /* major version 3: 512-byte sectors */
	buf[0x1C] = 0xFE, buf[0x1D] = 0xFF;    /* byte order */
	buf[0x1E] = 9, buf[0x20] = 6;          /* sector and mini sector shifts */
	buf[0x2C] = 1;                         /* one FAT sector ... */
	memset(buf + 0x4C, 0xFF, 512 - 0x4C);  /* ... listed first in the DIFAT: */
	memset(buf + 0x4C, 0, 4);              /* sector 0 */
	buf[0x30] = 1;                         /* the directory is sector 1 */
	memset(buf + 512, 0xFF, 512);
	memcpy(buf + 512, "\xFD\xFF\xFF\xFF\xFE\xFF\xFF\xFF", 8);
	const char *names[4] = {"Root Entry"};
	size_t n = 1;
	for (; n < 4 && streams[n - 1]; n++)
		names[n] = streams[n - 1];
	for (size_t i = 0; i < n; i++) {
		unsigned char *e = buf + 1024 + 128 * i;
		for (size_t k = 0; names[i][k]; k++)
			e[2 * k] = (unsigned char)names[i][k];
		e[0x40] = (unsigned char)(2 * strlen(names[i]) + 2);
		e[0x42] = i == 0 ? 5 : 2; /* the root storage, then streams */
	}
	return 3 * 512;
}

static void encrypted_and_word97_get_their_message(void **state)
{
	(void)state;
	unsigned char buf[3 * 512];
	size_t len = make_cfb(buf, (const char *[]){"EncryptionInfo", "EncryptedPackage", NULL});
	char *path = write_file("locked.docx", buf, len);
	/* Detected as Word's (the docx reader bids), so the message says what to do. */
	refused(path, CB_E_UNSUPPORTED, "encrypted document: remove the password and save again");
	free(path);

	len = make_cfb(buf, (const char *[]){"WordDocument", "1Table", NULL});
	path = write_file("old.doc", buf, len);
	refused(path, CB_E_UNSUPPORTED, "Word 97-2003 document: save it as .docx");
	free(path);
}

static void zip_bombs_are_stopped(void **state)
{
	(void)state;
	/* 8 MB of one repeated paragraph compresses far past the default ratio limit (200). */
	size_t n = 8u << 20;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memset(big, ' ', n);
	big[n] = '\0';
	part extra[] = {{"word/document.xml", big, n}};
	char *path = make_docx("bomb.docx", "", extra, 1);
	refused(path, CB_E_LIMIT, "max-compression-ratio");
	free(path);

	/* The total expanded size, configurable. */
	path = make_docx("small.docx", P("a paragraph long enough to go over the limit"), NULL, 0);
	cb_context_set_limit(ctx, CB_LIMIT_UNCOMPRESSED, 600);
	refused(path, CB_E_LIMIT, "max-uncompressed-bytes");
	cb_context_set_limit(ctx, CB_LIMIT_UNCOMPRESSED, 1ull << 30);
	free(path);
	free(big);
}

static void dtds_and_entities_are_refused(void **state)
{
	(void)state;
	const char *doc = "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY boom "
	                  "\"BOOM BOOM BOOM\"><!ENTITY ext SYSTEM \"file:///etc/passwd\">]>"
	                  W_ROOT("document") "<w:body><w:p><w:r><w:t>&boom;&ext;</w:t></w:r></w:p>"
	                  "</w:body></w:document>";
	part extra[] = {{"word/document.xml", doc, 0}};
	char *path = make_docx("dtd.docx", "", extra, 1);
	refused(path, CB_E_INVALID, "DTD");
	free(path);

	/* In a secondary part too. */
	const char *st = "<!DOCTYPE x [<!ENTITY a \"b\">]>" W_ROOT("styles") "</w:styles>";
	part extra2[] = {{"word/styles.xml", st, 0}};
	path = make_docx("dtd-styles.docx", P("x"), extra2, 1);
	refused(path, CB_E_INVALID, "DTD");
	free(path);
}

static void nesting_past_max_depth(void **state)
{
	(void)state;
	char body[4096] = "";
	for (int i = 0; i < 40; i++)
		strcat(body, "<w:sdt><w:sdtContent>");
	strcat(body, P("deep"));
	for (int i = 0; i < 40; i++)
		strcat(body, "</w:sdtContent></w:sdt>");
	char *path = make_docx("deep.docx", body, NULL, 0);
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 32);
	refused(path, CB_E_LIMIT, "max-depth");
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 256);
	free(path);
	/* With no limit configured, the parser's own still holds. */
	char *deep = malloc(64 * 1024);
	assert_non_null(deep);
	deep[0] = '\0';
	for (int i = 0; i < 1500; i++)
		strcat(deep, "<w:sdtContent>");
	for (int i = 0; i < 1500; i++)
		strcat(deep, "</w:sdtContent>");
	path = make_docx("deeper.docx", deep, NULL, 0);
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 0);
	assert_null(read_path(path));
	assert_true(cb_diags_count_at_least(diags, CB_SEV_ERROR) > 0);
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 256);
	free(deep);
	free(path);
	path = make_docx("deep.docx", body, NULL, 0);
	/* Within the limit it reads. */
	char *xml = cbxml_of(path);
	assert_contains(xml, "<p>deep</p>");
	free(xml);
	free(path);
}

static void latent_styles_of_other_shapes_are_parsed(void **state)
{
	(void)state;
	/* A comment inside: the list is parsed as it is, and the styles after it still count. */
	const char *st = W_ROOT("styles") "<w:latentStyles><!-- <w:lsdException/> -->"
	                 "<w:lsdException w:name=\"x\"/></w:latentStyles><w:latentStyles/>"
	                 "<w:style w:type=\"paragraph\" w:styleId=\"H\">"
	                 "<w:name w:val=\"heading 2\"/></w:style></w:styles>";
	part extra[] = {{"word/styles.xml", st, 0}};
	char *xml = body_of("latent.docx", STYLED("H", "two"), extra, 1);
	assert_string_equal(xml, "<heading level=\"2\">two</heading>");
	free(xml);
	/* Skipped lines still count in messages about the lines after them. */
	const char *bad = "<?xml version=\"1.0\"?>\n" W_ROOT("styles") "\n<w:latentStyles>\n"
	                  "<w:lsdException w:name=\"x\"/>\n</w:latentStyles>\n<w:style>\n"
	                  "</w:styles>";
	part extra2[] = {{"word/styles.xml", bad, 0}};
	char *path = make_docx("latent-bad.docx", P("x"), extra2, 1);
	refused(path, CB_E_SYNTAX, "malformed XML");
	const cb_diag *d = cb_diags_at(diags, 0);
	assert_string_equal(cb_diag_part(d), "word/styles.xml");
	assert_int_equal(cb_diag_line(d), 7);
	free(path);
}

static void damaged_xml_names_part_and_line(void **state)
{
	(void)state;
	const char *broken = W_ROOT("document") "<w:body>\n<w:p>\n<w:r></w:p>";
	part extra[] = {{"word/document.xml", broken, 0}};
	char *path = make_docx("broken.docx", "", extra, 1);
	refused(path, CB_E_SYNTAX, "malformed XML");
	const cb_diag *d = NULL;
	for (size_t i = 0; i < cb_diags_count(diags); i++)
		if (cb_diag_code(cb_diags_at(diags, i)) == CB_E_SYNTAX)
			d = cb_diags_at(diags, i);
	assert_non_null(d);
	assert_string_equal(cb_diag_part(d), "word/document.xml");
	assert_true(cb_diag_line(d) >= 3);
	free(path);
}

static void recoverable_oddities_are_warnings(void **state)
{
	(void)state;
	char *path = make_docx("odd.docx",
	                       "<w:p><w:r><w:footnoteReference w:id=\"99\"/></w:r><w:hyperlink "
	                       "r:id=\"nope\"><w:r><w:t>kept</w:t></w:r></w:hyperlink></w:p>"
	                       "<w:tbl><w:tr>" TC(CONTINUE, "orphan") "</w:tr></w:tbl>",
	                       NULL, 0);
	cb_document *doc = read_path(path);
	assert_non_null(doc);
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_ERROR), 0);
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "footnote 99"));
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "hyperlink relationship 'nope'"));
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "continues nothing"));
	cb_document_free(doc);
	char *xml = cbxml_of(path);
	assert_contains(xml, "<p>kept</p>");
	assert_contains(xml, "<p>orphan</p>");
	free(xml);
	free(path);
}

static void bids(void **state)
{
	(void)state;
	/* Another OOXML package (a workbook) is not claimed. */
	part parts[] = {
		{"[Content_Types].xml", content_types, 0},
		{"_rels/.rels", package_rels, 0},
		{"xl/workbook.xml", "<workbook/>", 0},
	};
	char *path = write_zip("book.xlsx", parts, 3);
	cb_diags_clear(diags);
	const cb_plugin *p = cb_detect_file(ctx, path, diags);
	assert_true(!p || strcmp(cb_plugin_get_descriptor(p)->name, "docx") != 0);
	free(path);
	path = make_docx("word.docx", P("x"), NULL, 0);
	p = cb_detect_file(ctx, path, diags);
	assert_non_null(p);
	assert_string_equal(cb_plugin_get_descriptor(p)->name, "docx");
	const cb_plugin_descriptor *d = cb_plugin_get_descriptor(p);
	assert_string_equal(d->version, "0.1.0");
	assert_string_equal(d->licence, "MIT");
	assert_string_equal(d->extensions[0], "docx");
	assert_string_equal(d->media_types[0], "application/vnd.openxmlformats-officedocument."
	                                       "wordprocessingml.document");
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bids),
		cmocka_unit_test(main_part_found_through_the_relationships),
		cmocka_unit_test(headings_and_title_from_styles),
		cmocka_unit_test(heading_style_ids_without_styles_part),
		cmocka_unit_test(lists_formats_and_nesting),
		cmocka_unit_test(lists_continue_and_restart),
		cmocka_unit_test(tables_spans_and_headers),
		cmocka_unit_test(table_look_header_extends_down_merges),
		cmocka_unit_test(runs_marks_and_special_characters),
		cmocka_unit_test(links_notes_and_comments),
		cmocka_unit_test(tracked_changes),
		cmocka_unit_test(fields_show_results_only),
		cmocka_unit_test(content_controls),
		cmocka_unit_test(images_and_text_boxes),
		cmocka_unit_test(math_text_is_kept),
		cmocka_unit_test(metadata_and_headers),
		cmocka_unit_test(not_a_zip_and_truncated),
		cmocka_unit_test(no_main_part),
		cmocka_unit_test(encrypted_and_word97_get_their_message),
		cmocka_unit_test(zip_bombs_are_stopped),
		cmocka_unit_test(dtds_and_entities_are_refused),
		cmocka_unit_test(nesting_past_max_depth),
		cmocka_unit_test(latent_styles_of_other_shapes_are_parsed),
		cmocka_unit_test(damaged_xml_names_part_and_line),
		cmocka_unit_test(recoverable_oddities_are_warnings),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
