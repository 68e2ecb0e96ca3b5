/* The HWPX writer: the examples' casebook laid out as Hangul lays a package out (mimetype first
 * and stored at byte 38, version.xml, header.xml with the styles used, content.hpf's manifest
 * and spine, section XML), read back by casebook's own HWPX reader and by an independent one
 * (`hwpxjs txt`, npm @ssabrojs/hwpxjs, which skips when node or the registry is missing), both
 * recovering every case's text. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zip.h>

#include "publishutil.h"
#include "testutil.h"

static cb_context *ctx;
static char *out;  /* the examples' casebook */
static mj *book;   /* its casebook.json */
static char *hwpx; /* its casebook.hwpx */

static int setup(void **state)
{
	(void)state;
	ctx = cbt_context();
	out = pub_examples("hwpx-examples", &book);
	hwpx = out ? pub_join(out, "casebook.hwpx") : NULL;
	return ctx && book && hwpx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(hwpx);
	mj_free(book);
	free(out);
	cb_context_free(ctx);
	return 0;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static bool stored(const char *path, const char *name)
{
	int err;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	zip_stat_t st;
	bool ok = z && zip_stat(z, name, 0, &st) == 0 && (st.valid & ZIP_STAT_COMP_METHOD) &&
	          st.comp_method == ZIP_CM_STORE;
	if (z)
		zip_discard(z);
	return ok;
}

static void the_package_is_laid_out_as_hangul_does(void **state)
{
	(void)state;
	size_t ncases = mj_get(book, "cases")->count, nsecs = ncases + 3;
	size_t len;
	unsigned char *raw = (unsigned char *)cbt_read_file(hwpx, &len);
	assert_non_null(raw);
	/* The first local header: stored (method 0), no extra field, the type at byte 38. */
	assert_true(len > 60);
	assert_memory_equal(raw, "PK\x03\x04", 4);
	assert_int_equal(raw[8] | raw[9] << 8, 0);
	assert_int_equal(raw[26] | raw[27] << 8, 8);
	assert_int_equal(raw[28] | raw[29] << 8, 0);
	assert_memory_equal(raw + 30, "mimetype", 8);
	assert_memory_equal(raw + 38, "application/hwp+zip", 19);
	free(raw);
	const char *order[] = {"mimetype", "version.xml", "Contents/header.xml",
	                       "Contents/section0.xml", "Contents/section1.xml"};
	for (size_t i = 0; i < 5; i++) {
		char *name = pub_zip_name(hwpx, i);
		assert_non_null(name);
		assert_string_equal(name, order[i]);
		free(name);
	}
	assert_true(stored(hwpx, "version.xml"));
	char *version = pub_zip_entry(hwpx, "version.xml", NULL);
	char *header = pub_zip_entry(hwpx, "Contents/header.xml", NULL);
	char *hpf = pub_zip_entry(hwpx, "Contents/content.hpf", NULL);
	char *container = pub_zip_entry(hwpx, "META-INF/container.xml", NULL);
	char *preview = pub_zip_entry(hwpx, "Preview/PrvText.txt", NULL);
	assert_non_null(version);
	assert_non_null(header);
	assert_non_null(hpf);
	assert_non_null(container);
	assert_non_null(preview);
	assert_non_null(strstr(version, "<hv:HCFVersion "));
	char secs[32];
	snprintf(secs, sizeof secs, "secCnt=\"%zu\"", nsecs);
	assert_non_null(strstr(header, secs));
	const char *want_header[] = {"face=\"함초롬바탕\"", "name=\"바탕글\"", "name=\"개요 1\"",
	                             "name=\"개요 3\"", "<hh:heading type=\"OUTLINE\" idRef=\"1\"",
	                             "<hh:numbering id=\"1\"", "<hh:leftBorder type=\"SOLID\""};
	for (size_t i = 0; i < sizeof want_header / sizeof *want_header; i++)
		if (!strstr(header, want_header[i]))
			fail_msg("header.xml lacks %s", want_header[i]);
	assert_non_null(strstr(container, "full-path=\"Contents/content.hpf\""));
	/* The manifest and the spine list every section, in order, after the header. */
	assert_int_equal(count(hpf, "<opf:itemref "), nsecs + 1);
	const char *at = strstr(hpf, "<opf:spine><opf:itemref idref=\"header\"");
	assert_non_null(at);
	for (size_t i = 0; i < nsecs; i++) {
		char ref[64], part[64];
		snprintf(ref, sizeof ref, "<opf:itemref idref=\"section%zu\"", i);
		snprintf(part, sizeof part, "Contents/section%zu.xml", i);
		const char *next = strstr(at, ref);
		if (!next)
			fail_msg("the spine lacks section%zu, or has it out of order", i);
		at = next;
		char *sec = pub_zip_entry(hwpx, part, NULL);
		assert_non_null(sec);
		assert_non_null(strstr(sec, "<hs:sec "));
		assert_non_null(strstr(sec, "<hp:secPr "));
		/* Page numbers on every page but the cover's. */
		assert_int_equal(count(sec, "<hp:pageNum "), i == 0 ? 0 : 1);
		free(sec);
	}
	/* The preview's lines end in CRLF, as Hangul's do. */
	assert_true(count(preview, "\r\n") > 0);
	assert_int_equal(count(preview, "\n"), count(preview, "\r\n"));
	free(preview);
	free(container);
	free(hpf);
	free(header);
	free(version);
}

/* The lines of text of a case's paragraphs and lists in casebook.json (tables and headings
 * aside), each of which a reader of the document must give back. */
static void each_line(const mj *c, void (*check)(const char *line, void *data), void *data)
{
	const mj *sections = mj_get(c, "sections");
	for (size_t s = 0; s < sections->count; s++) {
		const mj *blocks = mj_get(mj_at(sections, s), "blocks");
		for (size_t b = 0; b < blocks->count; b++) {
			const mj *blk = mj_at(blocks, b);
			const char *type = mj_get(blk, "type")->string;
			const mj *texts[64];
			size_t n = 0;
			if (strcmp(type, "paragraph") == 0)
				texts[n++] = mj_get(blk, "text");
			else if (strcmp(type, "list") == 0)
				for (size_t i = 0; i < mj_get(blk, "items")->count && n < 64; i++)
					texts[n++] = mj_at(mj_get(blk, "items"), i);
			for (size_t i = 0; i < n; i++) {
				char *copy = strdup(texts[i]->string);
				for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
					check(line, data);
				free(copy);
			}
		}
	}
}

typedef struct found {
	const char *text, *reader;
	size_t lines;
} found;

static void line_is_there(const char *line, void *data)
{
	found *f = data;
	f->lines++;
	if (!strstr(f->text, line))
		fail_msg("%s: the line '%s' is missing", f->reader, line);
}

static void has_every_case(const char *text, const char *reader)
{
	const mj *cases = mj_get(book, "cases");
	found f = {text, reader, 0};
	for (size_t i = 0; i < cases->count; i++) {
		const mj *c = mj_at(cases, i);
		const char *school = mj_get(c, "school")->string, *title = mj_get(c, "title")->string;
		if (!strstr(text, school))
			fail_msg("%s: the school '%s' is missing", reader, school);
		if (!strstr(text, title))
			fail_msg("%s: the title '%s' is missing", reader, title);
		each_line(c, line_is_there, &f);
	}
	assert_true(f.lines > cases->count);
}

/* The document as Markdown (writer "markdown") or plain text ("text"). */
static char *as(const cb_document *doc, const char *writer)
{
	char *md = NULL;
	cb_diags *d = cb_diags_new();
	if (cb_write_memory(ctx, doc, writer, &md, NULL, d) != CB_OK)
		cbt_print_diags(d);
	cb_diags_free(d);
	assert_non_null(md);
	return md;
}

static void casebooks_own_reader_reads_it_back(void **state)
{
	(void)state;
	cb_diags *d = cb_diags_new();
	cb_document *doc = cb_read_file(ctx, hwpx, NULL, d);
	if (!doc)
		cbt_print_diags(d);
	assert_non_null(doc);
	assert_int_equal(cb_diags_count_at_least(d, CB_SEV_WARNING), 0);
	char *text = as(doc, "text");
	has_every_case(text, "casebook's hwpx reader");
	free(text);
	char *md = as(doc, "markdown");
	/* The 개요 styles came back as headings. */
	const mj *c = mj_at(mj_get(book, "cases"), 0);
	char *want;
	assert_true(asprintf(&want, "\n## **%s**\n", mj_get(c, "title")->string) > 0);
	if (!strstr(md, want))
		fail_msg("the first case's title is not a level 2 heading:\n%.2000s", md);
	free(want);
	free(md);
	cb_document_free(doc);
	cb_diags_free(d);
}

static void hwpxjs_reads_it_back(void **state)
{
	(void)state;
	char *modules = pub_node_modules();
	if (!modules) {
		fprintf(stderr, "skipped: node, npm or the npm registry is not available for hwpxjs\n");
		skip();
	}
	char *dir = cbt_tmpdir("hwpx-hwpxjs"), *txt = pub_join(dir, "casebook.txt"), *cmd;
	assert_true(asprintf(&cmd, "node '%s/@ssabrojs/hwpxjs/dist/cli.js' txt '%s'", modules,
	                     hwpx) > 0);
	int status = pub_shell(cmd, txt);
	char *text = cbt_read_file(txt, NULL);
	if (status != 0 || !text)
		fail_msg("hwpxjs failed (exit %d): %s", status, text ? text : "");
	has_every_case(text, "hwpxjs");
	free(text);
	free(cmd);
	free(txt);
	free(dir);
	free(modules);
}

static void any_document_reads_back(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_add_text(cb_add_heading(body, 1), "Ⅰ. 추진 배경", (size_t)-1, 0);
	cb_node *p = cb_add_paragraph(body);
	cb_add_text(p, "굵게", (size_t)-1, CB_MARK_BOLD);
	cb_add_text(p, " 보통 & <꺾쇠>", (size_t)-1, 0);
	cb_add_break(p);
	cb_add_text(p, "둘째 줄", (size_t)-1, 0);
	cb_node *list = cb_add_list(body, true, 1, "hangul");
	cb_add_text(cb_add_paragraph(cb_add_item(list)), "첫째", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_item(list)), "둘째", (size_t)-1, 0);
	cb_node *t = cb_add_table(body);
	cb_node *r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 2, 1, true)), "기간", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "1학기", (size_t)-1, 0);
	r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "2학기", (size_t)-1, 0);
	cb_diags *d = cb_diags_new();
	char *bytes = NULL, *again = NULL;
	size_t len, len2;
	assert_int_equal(cb_write_memory(ctx, doc, "hwpx", &bytes, &len, d), CB_OK);
	assert_int_equal(cb_write_memory(ctx, doc, "hwpx", &again, &len2, d), CB_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(bytes, again, len);
	cb_document *back = cb_read_memory(ctx, "plain.hwpx", bytes, len, "hwpx", d);
	if (!back)
		cbt_print_diags(d);
	assert_non_null(back);
	char *md = as(back, "markdown");
	const char *want[] = {"# <strong>Ⅰ. 추진 배경</strong>", "**굵게** 보통 & \\<꺾쇠\\>\\\n둘째 줄",
	                      "가. 첫째", "나. 둘째", "rowspan=\"2\"", "2학기"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (!strstr(md, want[i]))
			fail_msg("read back without '%s':\n%s", want[i], md);
	free(md);
	cb_document_free(back);
	free(again);
	free(bytes);
	cb_diags_free(d);
	cb_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_package_is_laid_out_as_hangul_does),
		cmocka_unit_test(casebooks_own_reader_reads_it_back),
		cmocka_unit_test(hwpxjs_reads_it_back),
		cmocka_unit_test(any_document_reads_back),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
