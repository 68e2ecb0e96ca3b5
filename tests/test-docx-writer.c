/* The DOCX writer: the examples' casebook as Word needs it (built-in heading styles, 맑은 고딕
 * in the styles, a cover, a TOC field, a section a case, bordered field tables, page numbers),
 * read back by three readers that share no code: casebook's own DOCX reader, LibreOffice
 * (headless, converting to text) and pandoc. The last two skip when not installed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "publishutil.h"
#include "testutil.h"

static cb_context *ctx;
static char *out;  /* the examples' casebook */
static mj *book;   /* its casebook.json */
static char *docx; /* its casebook.docx */

static int setup(void **state)
{
	(void)state;
	ctx = cbt_context();
	out = pub_examples("docx-examples", &book);
	docx = out ? pub_join(out, "casebook.docx") : NULL;
	return ctx && book && docx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(docx);
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

/* Fails unless text holds every case's school and title. */
static void has_every_case(const char *text, const char *reader)
{
	const mj *cases = mj_get(book, "cases");
	assert_true(cases->count > 0);
	for (size_t i = 0; i < cases->count; i++) {
		const char *school = mj_get(mj_at(cases, i), "school")->string;
		const char *title = mj_get(mj_at(cases, i), "title")->string;
		if (!strstr(text, school))
			fail_msg("%s: the school '%s' is missing", reader, school);
		if (!strstr(text, title))
			fail_msg("%s: the title '%s' is missing", reader, title);
	}
}

static void the_package_is_what_word_expects(void **state)
{
	(void)state;
	size_t ncases = mj_get(book, "cases")->count;
	char *types = pub_zip_entry(docx, "[Content_Types].xml", NULL);
	char *styles = pub_zip_entry(docx, "word/styles.xml", NULL);
	char *body = pub_zip_entry(docx, "word/document.xml", NULL);
	char *footer = pub_zip_entry(docx, "word/footer1.xml", NULL);
	char *rels = pub_zip_entry(docx, "word/_rels/document.xml.rels", NULL);
	char *core = pub_zip_entry(docx, "docProps/core.xml", NULL);
	char *first = pub_zip_name(docx, 0);
	assert_non_null(types);
	assert_non_null(styles);
	assert_non_null(body);
	assert_non_null(footer);
	assert_non_null(rels);
	assert_non_null(core);
	assert_string_equal(first, "[Content_Types].xml");
	assert_non_null(strstr(types, "wordprocessingml.document.main+xml"));
	/* Built-in styles under their own names, with the Korean font named. */
	const char *want_styles[] = {"w:eastAsia=\"맑은 고딕\"", "<w:lang w:val=\"ko-KR\"",
	                             "w:styleId=\"Title\"", "<w:name w:val=\"heading 1\"/>",
	                             "<w:name w:val=\"heading 3\"/>", "<w:outlineLvl w:val=\"0\"/>",
	                             "<w:name w:val=\"toc 1\"/>", "w:styleId=\"TableGrid\""};
	for (size_t i = 0; i < sizeof want_styles / sizeof *want_styles; i++)
		if (!strstr(styles, want_styles[i]))
			fail_msg("styles.xml lacks %s", want_styles[i]);
	/* Cover, contents, a section per case, the index: each section starts on a new page. */
	assert_int_equal(count(body, "<w:sectPr>"), ncases + 3);
	assert_int_equal(count(body, "<w:type w:val=\"nextPage\"/>"), ncases + 3);
	assert_int_equal(count(body, "<w:footerReference"), ncases + 2); /* not the cover */
	assert_non_null(strstr(body, "<w:pStyle w:val=\"Title\"/>"));
	assert_non_null(strstr(body, " TOC \\o \"1-2\" \\h \\z \\u "));
	assert_int_equal(count(body, "<w:pStyle w:val=\"Heading2\"/>"), ncases);
	/* A bordered field table for each case, and tables for statistics and the index. */
	assert_int_equal(count(body, "<w:tblBorders>"), ncases + 4);
	assert_non_null(strstr(footer, "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
	assert_non_null(strstr(rels, "Target=\"footer1.xml\""));
	/* No date unless the casebook has one (SOURCE_DATE_EPOCH is not set here). */
	if (!getenv("SOURCE_DATE_EPOCH"))
		assert_null(strstr(core, "dcterms:created"));
	has_every_case(body, "document.xml");
	free(first);
	free(core);
	free(rels);
	free(footer);
	free(body);
	free(styles);
	free(types);
}

static char *as_markdown(const cb_document *doc)
{
	char *md = NULL;
	cb_diags *d = cb_diags_new();
	if (cb_write_memory(ctx, doc, "markdown", &md, NULL, d) != CB_OK)
		cbt_print_diags(d);
	cb_diags_free(d);
	assert_non_null(md);
	return md;
}

static void casebooks_own_reader_reads_it_back(void **state)
{
	(void)state;
	cb_diags *d = cb_diags_new();
	cb_document *doc = cb_read_file(ctx, docx, NULL, d);
	if (!doc)
		cbt_print_diags(d);
	assert_non_null(doc);
	assert_int_equal(cb_diags_count_at_least(d, CB_SEV_WARNING), 0);
	char *md = as_markdown(doc);
	has_every_case(md, "casebook's docx reader");
	/* Headings came back as headings: areas, cases, sections. */
	const mj *c = mj_at(mj_get(book, "cases"), 0);
	char *want;
	assert_true(asprintf(&want, "\n## %s\n", mj_get(c, "title")->string) > 0);
	assert_non_null(strstr(md, want));
	free(want);
	assert_true(asprintf(&want, "\n# %s\n", mj_get(c, "area")->string) > 0);
	assert_non_null(strstr(md, want));
	free(want);
	assert_non_null(strstr(md, "\n### 추진 배경\n"));
	assert_non_null(strstr(md, "| 예산 | 1,800,000원 |"));
	free(md);
	cb_document_free(doc);
	cb_diags_free(d);
}

static void libreoffice_converts_it(void **state)
{
	(void)state;
	if (!pub_have("soffice")) {
		fprintf(stderr, "skipped: soffice (LibreOffice) is not installed\n");
		skip();
	}
	char *dir = cbt_tmpdir("docx-libreoffice"), *cmd, *log = pub_join(dir, "soffice.log");
	assert_true(asprintf(&cmd, "timeout 300 soffice -env:UserInstallation=file://%s/profile "
	                           "--headless --convert-to txt:Text --outdir '%s' '%s'",
	                     dir, dir, docx) > 0);
	int status = pub_shell(cmd, log);
	char *txt_path = pub_join(dir, "casebook.txt"), *txt = cbt_read_file(txt_path, NULL);
	if (status != 0 || !txt) {
		char *why = cbt_read_file(log, NULL);
		fail_msg("soffice failed (exit %d): %s", status, why ? why : "");
	}
	has_every_case(txt, "LibreOffice");
	assert_non_null(strstr(txt, "차례"));
	free(txt);
	free(txt_path);
	free(cmd);
	free(log);
	free(dir);
}

static void pandoc_reads_it(void **state)
{
	(void)state;
	if (!pub_have("pandoc")) {
		fprintf(stderr, "skipped: pandoc is not installed\n");
		skip();
	}
	char *dir = cbt_tmpdir("docx-pandoc"), *cmd, *md = pub_join(dir, "casebook.md");
	assert_true(asprintf(&cmd, "pandoc -f docx -t markdown '%s'", docx) > 0);
	int status = pub_shell(cmd, md);
	char *text = cbt_read_file(md, NULL);
	if (status != 0 || !text)
		fail_msg("pandoc failed (exit %d): %s", status, text ? text : "");
	has_every_case(text, "pandoc");
	/* pandoc knows the headings by their styles: the cases' titles are level 2. */
	const mj *c = mj_at(mj_get(book, "cases"), 0);
	char *want;
	assert_true(asprintf(&want, "## %s", mj_get(c, "title")->string) > 0);
	assert_non_null(strstr(text, want));
	free(want);
	free(text);
	free(cmd);
	free(md);
	free(dir);
}

/* A document that is not a casebook: numbered lists, a table with spans, a footnote, a link. */
static cb_document *plain_document(void)
{
	cb_document *doc = cb_document_new();
	cb_document_set_meta(doc, "title", "견본 문서");
	cb_node *body = cb_document_body(doc);
	cb_add_text(cb_add_heading(body, 1), "Ⅰ. 추진 배경", (size_t)-1, 0);
	cb_node *p = cb_add_paragraph(body);
	cb_add_text(p, "굵게", (size_t)-1, CB_MARK_BOLD);
	cb_add_text(p, " 보통 ", (size_t)-1, 0);
	cb_add_noteref(p, "n1");
	cb_node *link = cb_add_link(p, "https://example.org/");
	cb_add_text(link, "누리집", (size_t)-1, 0);
	cb_node *list = cb_add_list(body, true, 1, "hangul");
	cb_add_text(cb_add_paragraph(cb_add_item(list)), "첫째", (size_t)-1, 0);
	cb_node *item = cb_add_item(list);
	cb_add_text(cb_add_paragraph(item), "둘째", (size_t)-1, 0);
	cb_node *sub = cb_add_list(item, false, 1, "○");
	cb_add_text(cb_add_paragraph(cb_add_item(sub)), "안쪽", (size_t)-1, 0);
	cb_node *t = cb_add_table(body);
	cb_node *r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 2, 1, true)), "기간", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 2, false)), "1년", (size_t)-1, 0);
	r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "1학기", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "2학기", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_note(body, "n1", "footnote")), "각주 내용", (size_t)-1,
	            0);
	assert_null(cb_document_error(doc));
	return doc;
}

static void any_document_reads_back(void **state)
{
	(void)state;
	cb_document *doc = plain_document();
	cb_diags *d = cb_diags_new();
	char *bytes = NULL, *again = NULL;
	size_t len, len2;
	assert_int_equal(cb_write_memory(ctx, doc, "docx", &bytes, &len, d), CB_OK);
	assert_int_equal(cb_write_memory(ctx, doc, "docx", &again, &len2, d), CB_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(bytes, again, len);
	cb_document *back = cb_read_memory(ctx, "plain.docx", bytes, len, "docx", d);
	if (!back)
		cbt_print_diags(d);
	assert_non_null(back);
	char *md = as_markdown(back);
	const char *want[] = {"# Ⅰ. 추진 배경", "**굵게**", "누리집</u>](https://example.org/)",
	                      "각주 내용", "첫째", "둘째", "안쪽", "rowspan=\"2\"", "colspan=\"2\"",
	                      "2학기"};
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
		cmocka_unit_test(the_package_is_what_word_expects),
		cmocka_unit_test(casebooks_own_reader_reads_it_back),
		cmocka_unit_test(libreoffice_converts_it),
		cmocka_unit_test(pandoc_reads_it),
		cmocka_unit_test(any_document_reads_back),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
