/* The OpenDocument Text reader, on documents LibreOffice made: the .odt files in
 * tests/fixtures/odt were saved by LibreOffice from the flat sources in tests/fixtures/odt/src
 * (regenerate.sh). When soffice is on the PATH (CI installs it) the sources are also converted
 * afresh, so that the reader is checked against the LibreOffice of the day too. Damaged and
 * hostile packages are built here with libzip. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <cmocka.h>

#include "testutil.h"

static cb_context *ctx;
static cb_diags *diags;

static int setup(void **state)
{
	ctx = cbt_context();
	diags = cb_diags_new();
	return ctx && diags ? 0 : -1;
}

static int teardown(void **state)
{
	cb_diags_free(diags);
	cb_context_free(ctx);
	return 0;
}

/* --- looking at trees ---------------------------------------------------------------------- */

/* The n-th node (0-based, document order) of a kind under n. */
static const cb_node *nth_in(const cb_node *n, cb_node_kind kind, int *left)
{
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c)) {
		if (cb_node_get_kind(c) == kind && (*left)-- == 0)
			return c;
		const cb_node *found = nth_in(c, kind, left);
		if (found)
			return found;
	}
	return NULL;
}

static const cb_node *nth(const cb_document *doc, cb_node_kind kind, int i)
{
	return nth_in(cb_document_body_const(doc), kind, &i);
}

static void text_into(const cb_node *n, char *buf, size_t size)
{
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c)) {
		if (cb_node_get_kind(c) == CB_NODE_TEXT)
			strncat(buf, cb_text_get(c, NULL), size - strlen(buf) - 1);
		else
			text_into(c, buf, size);
	}
}

/* All the text under a node, in a static buffer. */
static const char *text_of(const cb_node *n)
{
	static char buf[1024];
	buf[0] = '\0';
	if (n)
		text_into(n, buf, sizeof buf);
	return buf;
}

/* The marks of the text node holding exactly this text under n; -1 when there is none. */
static int marks_of(const cb_node *n, const char *text)
{
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c)) {
		if (cb_node_get_kind(c) == CB_NODE_TEXT && strcmp(cb_text_get(c, NULL), text) == 0)
			return (int)cb_text_marks(c);
		int m = marks_of(c, text);
		if (m >= 0)
			return m;
	}
	return -1;
}

static cb_document *read_doc(const char *path, const char *reader)
{
	cb_diags_clear(diags);
	cb_document *doc = cb_read_file(ctx, path, reader, diags);
	if (!doc || getenv("CB_TEST_VERBOSE"))
		cbt_print_diags(diags);
	return doc;
}

/* --- what the fixtures hold ------------------------------------------------------------- */

static void check_structure(const cb_document *doc)
{
	assert_string_equal(cb_document_meta(doc, "title"), "2026 교육복지 사례집 견본");
	assert_string_equal(cb_document_meta(doc, "creator"), "빛고을초등학교 교육복지사");
	assert_string_equal(cb_document_meta(doc, "created"), "2026-03-02T09:00:00");
	assert_string_equal(cb_document_meta(doc, "keywords"), "교육복지, 사례");
	assert_string_equal(cb_document_meta(doc, "language"), "ko-KR");

	const cb_node *h = nth(doc, CB_NODE_HEADING, 0);
	assert_int_equal(cb_heading_level(h), 1);
	assert_string_equal(text_of(h), "Ⅰ. 추진 배경");
	assert_int_equal(cb_heading_level(nth(doc, CB_NODE_HEADING, 1)), 2);
	assert_int_equal(cb_heading_level(nth(doc, CB_NODE_HEADING, 2)), 3);

	/* Marks from automatic and common text styles; one paragraph bold through its style. */
	const cb_node *p = nth(doc, CB_NODE_PARAGRAPH, 0);
	assert_string_equal(text_of(p), "평범한 글, 굵게 기울임 밑줄 취소선 x2 H2O, 굵은 기울임.");
	assert_int_equal(marks_of(p, "굵게"), CB_MARK_BOLD);
	assert_int_equal(marks_of(p, "기울임"), CB_MARK_ITALIC);
	assert_int_equal(marks_of(p, "밑줄"), CB_MARK_UNDERLINE);
	assert_int_equal(marks_of(p, "취소선"), CB_MARK_STRIKE);
	assert_int_equal(marks_of(p, "굵은 기울임"), CB_MARK_BOLD | CB_MARK_ITALIC);
	unsigned twos = 0; /* x² then H₂O */
	for (const cb_node *c = cb_node_first_child(p); c; c = cb_node_next(c))
		if (strcmp(cb_text_get(c, NULL), "2") == 0)
			twos = twos << 8 | cb_text_marks(c);
	assert_int_equal(twos, CB_MARK_SUPERSCRIPT << 8 | CB_MARK_SUBSCRIPT);

	/* Breaks, tabs, explicit spaces, a link with a bold part, a footnote. */
	p = nth(doc, CB_NODE_PARAGRAPH, 1);
	assert_string_equal(text_of(p), "첫 줄둘째 줄\t탭 뒤   세 칸 뒤, 링크 굵게 끝.");
	assert_non_null(nth_in(p, CB_NODE_BREAK, &(int){0}));
	const cb_node *a = nth(doc, CB_NODE_LINK, 0);
	assert_string_equal(cb_link_target(a), "https://example.org/a?b=1");
	assert_int_equal(marks_of(a, "굵게"), CB_MARK_BOLD);
	const cb_node *ref = nth(doc, CB_NODE_NOTEREF, 0);
	const cb_node *note = nth(doc, CB_NODE_NOTE, 0);
	assert_string_equal(cb_note_id(ref), cb_note_id(note));
	assert_string_equal(cb_note_kind(note), "footnote");
	assert_string_equal(text_of(note), "각주 내용입니다.");
	assert_ptr_equal(cb_node_parent(note), cb_document_body_const(doc));
	assert_int_equal(marks_of(nth(doc, CB_NODE_PARAGRAPH, 3), "문단 전체가 굵게"), CB_MARK_BOLD);

	/* Bullets with their characters, numbering with Korean styles and start values. */
	const cb_node *l = nth(doc, CB_NODE_LIST, 0);
	assert_false(cb_list_ordered(l));
	assert_string_equal(cb_list_style(l), "□");
	const cb_node *inner = nth(doc, CB_NODE_LIST, 1);
	assert_ptr_equal(cb_node_parent(cb_node_parent(inner)), l);
	assert_string_equal(cb_list_style(inner), "○");
	l = nth(doc, CB_NODE_LIST, 2);
	assert_true(cb_list_ordered(l));
	assert_string_equal(cb_list_style(l), "decimal");
	assert_int_equal(cb_list_start(l), 1);
	inner = nth(doc, CB_NODE_LIST, 3);
	assert_string_equal(cb_list_style(inner), "hangul");
	assert_int_equal(cb_list_start(inner), 3);
	assert_string_equal(text_of(cb_node_first_child(inner)), "다. 안쪽 번호");
	l = nth(doc, CB_NODE_LIST, 4);
	assert_string_equal(cb_list_style(l), "lower-alpha");
	assert_int_equal(cb_list_start(l), 4);

	/* A header row, a column span and a row span; covered cells left out. */
	const cb_node *t = nth(doc, CB_NODE_TABLE, 0);
	const cb_node *r = cb_node_first_child(t);
	const cb_node *c = cb_node_first_child(r);
	assert_true(cb_cell_header(c));
	assert_int_equal(cb_cell_colspan(cb_node_next(c)), 2);
	assert_null(cb_node_next(cb_node_next(c)));
	r = cb_node_next(r);
	c = cb_node_first_child(r);
	assert_false(cb_cell_header(c));
	assert_int_equal(cb_cell_rowspan(c), 2);
	assert_string_equal(text_of(c), "기간");
	r = cb_node_next(r);
	c = cb_node_first_child(r);
	assert_string_equal(text_of(c), "2학기");
	c = cb_node_next(c);
	assert_non_null(cb_node_next(cb_node_first_child(c))); /* two paragraphs in one cell */
	assert_null(cb_node_next(c));

	/* The picture in the media store, shown inline with its title; an endnote. */
	const cb_node *img = nth(doc, CB_NODE_IMAGE, 0);
	assert_true(cb_node_is_inline(img));
	assert_string_equal(cb_image_alt(img), "활동 사진");
	const cb_media *m = cb_document_find_media(doc, cb_image_source(img));
	assert_non_null(m);
	assert_string_equal(cb_media_type(m), "image/png");
	size_t len;
	assert_memory_equal(cb_media_data(m, &len), "\x89PNG", 4);
	assert_int_equal(len, 73);
	note = nth(doc, CB_NODE_NOTE, 1);
	assert_string_equal(cb_note_kind(note), "endnote");
	assert_string_equal(cb_note_id(nth(doc, CB_NODE_NOTEREF, 1)), cb_note_id(note));
	/* 22 paragraphs with text (4 + 8 in lists + 8 in cells + 1 + 1 in notes): the empty
	 * paragraph of the source is gone. */
	assert_string_equal(text_of(nth(doc, CB_NODE_PARAGRAPH, 21)), "미주입니다.");
	assert_null(nth(doc, CB_NODE_PARAGRAPH, 22));
}

static void check_report(const cb_document *doc)
{
	assert_string_equal(cb_document_meta(doc, "title"), "함께 크는 마을");
	/* The table of contents is generated text: the document starts with the header table. */
	const cb_node *first = cb_node_first_child(cb_document_body_const(doc));
	assert_int_equal(cb_node_get_kind(first), CB_NODE_TABLE);
	const cb_node *r = cb_node_next(cb_node_first_child(first));
	const cb_node *c = cb_node_first_child(r);
	assert_string_equal(text_of(c), "사례명");
	assert_int_equal(marks_of(c, "사례명"), CB_MARK_BOLD); /* Table Heading is bold */
	assert_int_equal(cb_cell_colspan(cb_node_next(c)), 3);
	assert_null(cb_node_next(cb_node_next(c)));

	/* Headings inside a section; three levels of bullets. */
	assert_string_equal(text_of(nth(doc, CB_NODE_HEADING, 1)), "2. 운영 내용");
	assert_string_equal(cb_list_style(nth(doc, CB_NODE_LIST, 2)), "-");
	assert_string_equal(text_of(nth(doc, CB_NODE_LIST, 2)), "방과 후 혼자 지내는 학생 12명");

	/* A numbered list interrupted by a paragraph continues at 3. */
	const cb_node *l = nth(doc, CB_NODE_LIST, 3);
	assert_int_equal(cb_list_start(l), 1);
	l = nth(doc, CB_NODE_LIST, 4);
	assert_int_equal(cb_list_start(l), 3);
	assert_string_equal(text_of(l), "학기말 발표회");
	assert_string_equal(cb_list_style(nth(doc, CB_NODE_LIST, 5)), "hangul-jamo");
	assert_string_equal(cb_list_style(nth(doc, CB_NODE_LIST, 6)), "circled");

	/* A text box's paragraph follows the paragraph that anchors it; a linked picture keeps its
	 * address and takes its description as the text alternative. */
	const cb_node *box;
	for (int i = 0; (box = nth(doc, CB_NODE_PARAGRAPH, i)); i++)
		if (strcmp(text_of(box), "글상자 안의 글") == 0)
			break;
	assert_non_null(box);
	assert_string_equal(text_of(cb_node_prev(box)), "글상자 앞 글상자 뒤");
	const cb_node *img = nth(doc, CB_NODE_IMAGE, 0);
	assert_string_equal(cb_image_source(img), "https://example.org/logo.png");
	assert_string_equal(cb_image_alt(img), "학교 로고");
	assert_int_equal(cb_document_media_count(doc), 0);
}

static void libreoffice_structure(void **state)
{
	char *path = cbt_src_path("tests/fixtures/odt/structure.odt");
	/* Chosen by bidding, and by name. */
	cb_diags_clear(diags);
	const cb_plugin *pl = cb_detect_file(ctx, path, diags);
	assert_non_null(pl);
	assert_string_equal(cb_plugin_get_descriptor(pl)->name, "odt");
	cb_document *doc = read_doc(path, NULL);
	assert_non_null(doc);
	check_structure(doc);
	assert_non_null(strstr(cb_document_meta(doc, "producer"), "LibreOffice"));
	cb_document_free(doc);
	free(path);
}

static void libreoffice_report(void **state)
{
	char *path = cbt_src_path("tests/fixtures/odt/report.odt");
	cb_document *doc = read_doc(path, NULL);
	assert_non_null(doc);
	check_report(doc);
	cb_document_free(doc);
	free(path);
}

/* The flat sources themselves are OpenDocument too (.fodt): the same structure comes out. */
static void flat_sources(void **state)
{
	char *path = cbt_src_path("tests/fixtures/odt/src/structure.fodt");
	cb_diags_clear(diags);
	const cb_plugin *pl = cb_detect_file(ctx, path, diags);
	assert_non_null(pl);
	assert_string_equal(cb_plugin_get_descriptor(pl)->name, "odt");
	cb_document *doc = read_doc(path, NULL);
	assert_non_null(doc);
	check_structure(doc);
	cb_document_free(doc);
	free(path);
	path = cbt_src_path("tests/fixtures/odt/src/report.fodt");
	doc = read_doc(path, "odt");
	assert_non_null(doc);
	check_report(doc);
	cb_document_free(doc);
	free(path);
}

static bool have_soffice(void)
{
	return system("command -v soffice >/dev/null 2>&1") == 0;
}

/* Today's LibreOffice, when there is one: converts the sources and reads what it wrote. */
static void fresh_libreoffice_output(void **state)
{
	if (!have_soffice()) {
		fprintf(stderr, "soffice not found: fresh LibreOffice output not checked "
		                "(apt-get install libreoffice-writer-nogui)\n");
		skip();
	}
	char *dir = cbt_tmpdir("odt-fresh");
	char *cmd;
	assert_true(asprintf(&cmd,
	                     "soffice -env:UserInstallation=file://%s/profile --headless "
	                     "--convert-to odt --outdir '%s' "
	                     "'%s/tests/fixtures/odt/src/structure.fodt' "
	                     "'%s/tests/fixtures/odt/src/report.fodt' >'%s/soffice.log' 2>&1",
	                     dir, dir, cbt_srcdir(), cbt_srcdir(), dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	char *path;
	assert_true(asprintf(&path, "%s/structure.odt", dir) > 0);
	cb_document *doc = read_doc(path, NULL);
	assert_non_null(doc);
	check_structure(doc);
	cb_document_free(doc);
	free(path);
	assert_true(asprintf(&path, "%s/report.odt", dir) > 0);
	doc = read_doc(path, NULL);
	assert_non_null(doc);
	check_report(doc);
	cb_document_free(doc);
	free(path);
	free(dir);
}

/* --- packages made here ------------------------------------------------------------------ */

#define OFFICE_NS                                                                                \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""                         \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""                             \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""                           \
	" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""                          \
	" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
#define CONTENT(body)                                                                            \
	"<office:document-content" OFFICE_NS "><office:body><office:text>" body                      \
	"</office:text></office:body></office:document-content>"
#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

/* A package of name/content pairs (NULL-terminated) written to DIR/file. */
static char *make_package(const char *dir, const char *file, const char *const *pairs)
{
	char *path;
	assert_true(asprintf(&path, "%s/%s", dir, file) > 0);
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (; pairs[0]; pairs += 2) {
		zip_source_t *s = zip_source_buffer(z, pairs[1], strlen(pairs[1]), 0);
		assert_true(zip_file_add(z, pairs[0], s, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	return path;
}

static void packages_are_judged_by_their_mimetype(void **state)
{
	char *dir = cbt_tmpdir("odt-mimetype");
	const char *ods[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet",
	                     "content.xml", CONTENT("<text:p>x</text:p>"), NULL};
	char *path = make_package(dir, "sheet.ods", ods);
	cb_diags_clear(diags);
	const cb_plugin *pl = cb_detect_file(ctx, path, diags);
	assert_true(!pl || strcmp(cb_plugin_get_descriptor(pl)->name, "odt") != 0);
	assert_null(read_doc(path, "odt"));
	assert_true(cbt_has_diag(diags, CB_E_UNSUPPORTED, "an OpenDocument spreadsheet document"));
	free(path);

	/* Without a mimetype entry, ODF's parts and the name are enough. */
	const char *bare[] = {"META-INF/manifest.xml", "<manifest:manifest xmlns:manifest=\""
	                      "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>",
	                      "content.xml", CONTENT("<text:p>맨 꾸러미</text:p>"), NULL};
	path = make_package(dir, "bare.odt", bare);
	cb_document *doc = read_doc(path, NULL);
	assert_non_null(doc);
	assert_string_equal(text_of(cb_document_body_const(doc)), "맨 꾸러미");
	cb_document_free(doc);
	free(path);

	const char *nocontent[] = {"mimetype", ODT_MIMETYPE, NULL};
	path = make_package(dir, "empty.odt", nocontent);
	assert_null(read_doc(path, "odt"));
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "no content.xml"));
	free(path);
	free(dir);
}

static void encrypted_documents_say_so(void **state)
{
	char *dir = cbt_tmpdir("odt-encrypted");
	const char *enc[] = {
		"mimetype", ODT_MIMETYPE,
		"META-INF/manifest.xml",
		"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
		"<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">"
		"<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\"/></manifest:file-entry>"
		"</manifest:manifest>",
		"content.xml", "\x01\x02 not xml at all", NULL};
	char *path = make_package(dir, "secret.odt", enc);
	assert_null(read_doc(path, NULL));
	assert_true(cbt_has_diag(diags, CB_E_UNSUPPORTED, "encrypted document"));
	free(path);
	free(dir);
}

/* Parts that are damaged or hostile fail with the parser's reason; what is merely missing or odd
 * is read around. */
static void damaged_and_hostile_content(void **state)
{
	char *dir = cbt_tmpdir("odt-hostile");
	static const struct {
		const char *content;
		cb_code code;
		const char *says;
	} cases[] = {
		{"<office:document-content" OFFICE_NS "><office:body><office:text><text:p>x",
		 CB_E_SYNTAX, "malformed XML"},
		{"<!DOCTYPE d [<!ENTITY a \"aaaa\">]><office:document-content" OFFICE_NS
		 "><office:body><office:text><text:p>&a;</text:p></office:text></office:body>"
		 "</office:document-content>",
		 CB_E_INVALID, "document type declarations"},
		{"<office:document-content" OFFICE_NS "/>", CB_E_INVALID, "no body"},
		{"<office:document-content" OFFICE_NS "><office:body><office:presentation/>"
		 "</office:body></office:document-content>",
		 CB_E_UNSUPPORTED, "presentation"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *pairs[] = {"mimetype", ODT_MIMETYPE, "content.xml", cases[i].content, NULL};
		char *path = make_package(dir, "bad.odt", pairs);
		assert_null(read_doc(path, NULL));
		if (!cbt_has_diag(diags, cases[i].code, cases[i].says))
			fprintf(stderr, "case %zu\n", i);
		assert_true(cbt_has_diag(diags, cases[i].code, cases[i].says));
		free(path);
	}

	/* Deep nesting reaches the host's depth limit, not the stack's. */
	size_t depth = 5000;
	char *deep = malloc(depth * 40 + 512);
	strcpy(deep, "<office:document-content" OFFICE_NS "><office:body><office:text>");
	for (size_t i = 0; i < depth; i++)
		strcat(deep, "<text:section>");
	strcat(deep, "</office:text></office:body></office:document-content>");
	const char *pairs[] = {"mimetype", ODT_MIMETYPE, "content.xml", deep, NULL};
	char *path = make_package(dir, "deep.odt", pairs);
	assert_null(read_doc(path, NULL));
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "nest deeper"));
	free(path);
	free(deep);
	free(dir);
}

static void odd_but_readable_content(void **state)
{
	char *dir = cbt_tmpdir("odt-odd");
	const char *content = CONTENT(
		"<text:p>  앞뒤   공백은\n  하나로  </text:p>"
		"<text:p/><text:p>   </text:p>"
		"<table:table><table:table-row>"
		"<table:table-cell table:number-columns-spanned=\"99999999\"><text:p>넓음</text:p>"
		"</table:table-cell><table:table-cell table:number-columns-repeated=\"100000\"/>"
		"</table:table-row></table:table>"
		"<text:p>그림 <draw:frame><draw:image xlink:href=\"Pictures/missing.png\"/></draw:frame>"
		"없음 <text:s text:c=\"999999\"/></text:p>"
		"<text:p><text:note><text:note-body><text:p>아이디 없는 각주</text:p></text:note-body>"
		"</text:note></text:p>");
	const char *pairs[] = {"mimetype", ODT_MIMETYPE, "content.xml", content, NULL};
	char *path = make_package(dir, "odd.odt", pairs);
	cb_document *doc = read_doc(path, NULL);
	assert_non_null(doc);
	const cb_node *p = nth(doc, CB_NODE_PARAGRAPH, 0);
	assert_string_equal(text_of(p), "앞뒤 공백은 하나로");
	/* Empty and blank paragraphs are dropped: the table comes next. */
	assert_int_equal(cb_node_get_kind(cb_node_next(p)), CB_NODE_TABLE);
	const cb_node *row = cb_node_first_child(nth(doc, CB_NODE_TABLE, 0));
	assert_int_equal(cb_cell_colspan(cb_node_first_child(row)), 1000);
	size_t cells = 0;
	for (const cb_node *c = cb_node_first_child(row); c; c = cb_node_next(c))
		cells++;
	assert_int_equal(cells, 1 + 64);
	/* A missing picture is a warning and is left out; spaces are bounded. */
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "missing from the package"));
	assert_null(nth(doc, CB_NODE_IMAGE, 0));
	assert_int_equal(strlen(text_of(nth(doc, CB_NODE_PARAGRAPH, 2))), strlen("그림 없음 ") + 1000);
	/* A note without an id gets one, shared by its reference. */
	const cb_node *note = nth(doc, CB_NODE_NOTE, 0);
	assert_string_equal(cb_note_id(note), "note1");
	assert_string_equal(cb_note_id(nth(doc, CB_NODE_NOTEREF, 0)), "note1");
	cb_document_free(doc);
	free(path);
	free(dir);
}

/* LibreOffice writes the deeper levels of Word's lists as separate lists whose items hold only
 * a nested list (the shape below is what it made of pandoc's lists.docx): they belong under the
 * item before them, as they are shown. */
static void label_less_items_nest_under_the_item_before(void **state)
{
	char *dir = cbt_tmpdir("odt-nesting");
	const char *content = CONTENT(
		"<text:list text:style-name=\"WWNum2\"><text:list-item><text:p>one</text:p>"
		"</text:list-item><text:list-item><text:p>two</text:p></text:list-item></text:list>"
		"<text:list text:style-name=\"WWNum5\"><text:list-item><text:list><text:list-item>"
		"<text:p>three</text:p></text:list-item></text:list></text:list-item></text:list>"
		"<text:list text:style-name=\"WWNum6\"><text:list-item><text:list><text:list-item>"
		"<text:list><text:list-item><text:p>four</text:p></text:list-item></text:list>"
		"</text:list-item></text:list></text:list-item></text:list>"
		"<text:p>after</text:p>"
		"<text:list><text:list-item><text:list><text:list-item><text:p>orphan</text:p>"
		"</text:list-item></text:list></text:list-item></text:list>");
	const char *pairs[] = {"mimetype", ODT_MIMETYPE, "content.xml", content, NULL};
	char *path = make_package(dir, "nesting.odt", pairs);
	cb_document *doc = read_doc(path, NULL);
	assert_non_null(doc);
	const cb_node *body = cb_document_body_const(doc);
	const cb_node *top = cb_node_first_child(body);
	assert_int_equal(cb_node_get_kind(top), CB_NODE_LIST);
	const cb_node *two = cb_node_last_child(top);
	assert_string_equal(text_of(cb_node_first_child(two)), "two");
	const cb_node *l2 = cb_node_next(cb_node_first_child(two));
	assert_int_equal(cb_node_get_kind(l2), CB_NODE_LIST);
	const cb_node *three = cb_node_first_child(l2);
	assert_string_equal(text_of(cb_node_first_child(three)), "three");
	const cb_node *l3 = cb_node_next(cb_node_first_child(three));
	assert_string_equal(text_of(l3), "four");
	/* Nothing else at the top before the paragraph; with no item before, a level stays. */
	assert_int_equal(cb_node_get_kind(cb_node_next(top)), CB_NODE_PARAGRAPH);
	const cb_node *orphan = cb_node_last_child(body);
	assert_int_equal(cb_node_get_kind(orphan), CB_NODE_LIST);
	assert_string_equal(text_of(orphan), "orphan");
	cb_document_free(doc);
	free(path);
	free(dir);
}

/* The node limit stops a large document with the limit's name, like every reader. */
static void node_limit_applies(void **state)
{
	char *path = cbt_src_path("tests/fixtures/odt/structure.odt");
	cb_context_set_limit(ctx, CB_LIMIT_NODES, 10);
	assert_null(read_doc(path, NULL));
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "max-nodes"));
	cb_context_set_limit(ctx, CB_LIMIT_NODES, 0);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(libreoffice_structure),
		cmocka_unit_test(libreoffice_report),
		cmocka_unit_test(flat_sources),
		cmocka_unit_test(fresh_libreoffice_output),
		cmocka_unit_test(packages_are_judged_by_their_mimetype),
		cmocka_unit_test(encrypted_documents_say_so),
		cmocka_unit_test(damaged_and_hostile_content),
		cmocka_unit_test(odd_but_readable_content),
		cmocka_unit_test(label_less_items_nest_under_the_item_before),
		cmocka_unit_test(node_limit_applies),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
