/* The json, markdown and text writers: golden files of the sample document, and focused cases
 * built with the builder API. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static cb_context *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = cbt_context();
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cb_context_free(ctx);
	return 0;
}

/* Writes doc with the named writer; fails the test unless the writer succeeds. Caller frees. */
static char *write_doc(const cb_document *doc, const char *writer, size_t *len, cb_diags *diags)
{
	cb_diags *own = diags ? NULL : cb_diags_new();
	char *data = NULL;
	size_t n = 0;
	cb_code code = cb_write_memory(ctx, doc, writer, &data, &n, diags ? diags : own);
	if (code != CB_OK)
		cbt_print_diags(diags ? diags : own);
	cb_diags_free(own);
	assert_int_equal(code, CB_OK);
	assert_non_null(data);
	assert_int_equal(strlen(data), n); /* no NUL inside, and the length is right */
	if (len)
		*len = n;
	return data;
}

/* A document holding one paragraph with this text and marks. */
static cb_document *paragraph_doc(const char *text, unsigned marks)
{
	cb_document *doc = cb_document_new();
	assert_non_null(doc);
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	assert_non_null(p);
	assert_int_equal(cb_add_text(p, text, (size_t)-1, marks), 0);
	return doc;
}

static void assert_written(const cb_document *doc, const char *writer, const char *expected)
{
	char *out = write_doc(doc, writer, NULL, NULL);
	if (strcmp(out, expected) != 0)
		fprintf(stderr, "%s writer gave:\n[%s]\nexpected:\n[%s]\n", writer, out, expected);
	assert_string_equal(out, expected);
	free(out);
}

/* --- descriptors ---------------------------------------------------------------------------- */

static void check_descriptor(const char *name, const char *ext0, const char *media)
{
	const cb_plugin *p = cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, name);
	assert_non_null(p);
	const cb_plugin_descriptor *d = cb_plugin_get_descriptor(p);
	assert_string_equal(d->version, "0.1.0");
	assert_string_equal(d->licence, "MIT");
	assert_non_null(d->summary);
	assert_null(strchr(d->summary, '\n'));
	assert_string_equal(d->extensions[0], ext0);
	assert_string_equal(d->media_types[0], media);
	assert_null(d->media_types[1]);
	assert_ptr_equal(cb_context_find_writer_for_extension(ctx, ext0), p);
}

static void test_descriptors(void **state)
{
	(void)state;
	check_descriptor("json", "json", "application/json");
	check_descriptor("markdown", "md", "text/markdown");
	check_descriptor("text", "txt", "text/plain");
	const cb_plugin *md = cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, "markdown");
	assert_ptr_equal(cb_context_find_writer_for_extension(ctx, "markdown"), md);
	const cb_plugin *txt = cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, "text");
	assert_ptr_equal(cb_context_find_writer_for_extension(ctx, "text"), txt);
}

/* --- golden files of the sample document ---------------------------------------------------- */

static void check_golden(const char *writer, const char *golden)
{
	cb_document *doc = cbt_sample_document();
	assert_non_null(doc);
	size_t len;
	char *out = write_doc(doc, writer, &len, NULL);
	assert_true(cbt_golden(golden, out, len));
	free(out);
	cb_document_free(doc);
}

static void test_golden_json(void **state)
{
	(void)state;
	check_golden("json", "sample.json");
}

static void test_golden_markdown(void **state)
{
	(void)state;
	check_golden("markdown", "sample.md");
}

static void test_golden_text(void **state)
{
	(void)state;
	check_golden("text", "sample.txt");
}

/* Every writer: the same document twice gives the same bytes, ending in exactly one newline. */
static void test_deterministic(void **state)
{
	(void)state;
	static const char *const writers[] = {"json", "markdown", "text"};
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
		cb_document *a = cbt_sample_document(), *b = cbt_sample_document();
		size_t la, lb, lc;
		char *x = write_doc(a, writers[i], &la, NULL);
		char *y = write_doc(a, writers[i], &lb, NULL);
		char *z = write_doc(b, writers[i], &lc, NULL);
		assert_int_equal(la, lb);
		assert_int_equal(la, lc);
		assert_memory_equal(x, y, la);
		assert_memory_equal(x, z, la);
		assert_true(la >= 2);
		assert_int_equal(x[la - 1], '\n');
		assert_int_not_equal(x[la - 2], '\n');
		free(x);
		free(y);
		free(z);
		cb_document_free(a);
		cb_document_free(b);
	}
}

static void test_empty_document(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	assert_written(doc, "markdown", "");
	assert_written(doc, "text", "");
	assert_written(doc, "json", "{\n"
	                            "  \"format\": \"casebook\",\n"
	                            "  \"version\": 1,\n"
	                            "  \"meta\": {},\n"
	                            "  \"media\": [],\n"
	                            "  \"body\": []\n"
	                            "}\n");
	cb_document_free(doc);
}

/* --- markdown ------------------------------------------------------------------------------ */

/* Every character Markdown gives a meaning to comes out escaped, and only those: Hangul and
 * ordinary punctuation stay as they are. */
static void test_markdown_escaping(void **state)
{
	(void)state;
	struct {
		const char *text, *md;
	} cases[] = {
		{"a*b_c`d[e]f<g>h~i|j\\k", "a\\*b\\_c\\`d\\[e\\]f\\<g\\>h\\~i\\|j\\\\k\n"},
		{"# 샵 # not a heading", "\\# 샵 # not a heading\n"},
		{"- not a list", "\\- not a list\n"},
		{"+ not a list", "\\+ not a list\n"},
		{"1. not a list", "1\\. not a list\n"},
		{"12) not a list", "12\\) not a list\n"},
		{"1.5 stays, 3.", "1.5 stays, 3.\n"},
		{"=== not a heading underline", "\\=== not a heading underline\n"},
		{"&amp; & &#35; &x", "\\&amp; & \\&#35; &x\n"},
		{"한국어, 문장. (괄호) 100% $5 {x} !@", "한국어, 문장. (괄호) 100% $5 {x} !@\n"},
		{"    not code", "not code\n"},
		{"line\n- two\n# three\n2. four", "line\n\\- two\n\\# three\n2\\. four\n"},
		{"trailing  \nspaces", "trailing\nspaces\n"},
		{"a\n\n\nb", "a\nb\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cb_document *doc = paragraph_doc(cases[i].text, 0);
		assert_written(doc, "markdown", cases[i].md);
		cb_document_free(doc);
	}
}

/* A '!' before a link would make it an image; "(" or ":" after a note reference would make it
 * a link or a definition. */
static void test_markdown_escaping_around_links(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	cb_add_text(p, "Hi!", (size_t)-1, 0);
	cb_add_text(cb_add_link(p, "https://example.org/a b(c)"), "x", (size_t)-1, 0);
	cb_add_noteref(p, "n 1");
	cb_add_text(p, "(note)", (size_t)-1, 0);
	cb_add_link(p, "");
	p = cb_add_paragraph(cb_document_body(doc));
	cb_add_noteref(p, "n 1");
	cb_add_text(p, ": not a definition", (size_t)-1, 0);
	p = cb_add_paragraph(cb_document_body(doc));
	cb_add_text(cb_add_link(p, "http://x.org/p(1)?q=&amp;"), "y", (size_t)-1, 0);
	assert_written(doc, "markdown",
	               "Hi\\![x](<https://example.org/a b(c)>)[^n-1]\\(note)[](<>)\n"
	               "\n"
	               "[^n-1]\\: not a definition\n"
	               "\n"
	               "[y](http://x.org/p\\(1\\)?q=&amp;amp;)\n");
	cb_document_free(doc);
}

/* Marks: delimiters where CommonMark reads them back, HTML where it would not. */
static void test_markdown_marks(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_node *p = cb_add_paragraph(body);
	cb_add_text(p, "사례", (size_t)-1, 0);
	cb_add_text(p, "(1)", (size_t)-1, CB_MARK_BOLD); /* "사례**(1)**다" would not be bold */
	cb_add_text(p, "다 ", (size_t)-1, 0);
	cb_add_text(p, " 굵게 ", (size_t)-1, CB_MARK_BOLD); /* white space moves outside */
	cb_add_text(p, "가", (size_t)-1, 0);
	cb_add_text(p, "나", (size_t)-1, CB_MARK_ITALIC); /* inside a word: fine with '*' */
	cb_add_text(p, "다", (size_t)-1, 0);
	p = cb_add_paragraph(body);
	cb_add_text(p, "a", (size_t)-1, CB_MARK_BOLD);
	cb_add_text(p, "b", (size_t)-1, CB_MARK_ITALIC); /* must not run into "**a***b*" */
	cb_add_text(p, "c", (size_t)-1, CB_MARK_BOLD | CB_MARK_ITALIC | CB_MARK_STRIKE);
	cb_add_text(p, " ", (size_t)-1, 0);
	cb_add_text(p, "u", (size_t)-1, CB_MARK_UNDERLINE | CB_MARK_SUPERSCRIPT);
	cb_add_text(p, "s", (size_t)-1, CB_MARK_SUBSCRIPT);
	p = cb_add_paragraph(body);
	cb_add_text(p, "*", (size_t)-1, CB_MARK_STRIKE);
	cb_add_text(p, "x", (size_t)-1, 0);
	cb_add_break(p);
	cb_add_text(p, "end", (size_t)-1, CB_MARK_BOLD);
	cb_add_break(p); /* a trailing break: a backslash would be literal */
	assert_written(doc, "markdown",
	               "사례<strong>(1)</strong>다  **굵게** 가*나*다\n"
	               "\n"
	               "**a**_b_**_~~c~~_** <u><sup>u</sup></u><sub>s</sub>\n"
	               "\n"
	               "<del>\\*</del>x\\\n"
	               "**end**<br>\n");
	cb_document_free(doc);
}

static void test_markdown_headings(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_add_text(cb_add_heading(body, 9), "깊은 제목 #", (size_t)-1, 0);
	cb_node *h = cb_add_heading(body, 3);
	cb_add_text(h, "one", (size_t)-1, 0);
	cb_add_break(h);
	cb_add_text(h, "line\nonly", (size_t)-1, 0);
	cb_add_heading(body, 1); /* empty */
	assert_written(doc, "markdown",
	               "<!-- heading level 9 -->\n"
	               "###### 깊은 제목 \\#\n"
	               "\n"
	               "### one line only\n"
	               "\n"
	               "#\n");
	assert_written(doc, "text", "깊은 제목 #\n\none line only\n");
	cb_document_free(doc);
}

/* A list whose items hold a paragraph and lists that may follow it directly. */
static cb_document *nested_lists_doc(void)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_node *ol = cb_add_list(body, true, 9, "decimal");
	cb_node *item = cb_add_item(ol);
	cb_add_text(cb_add_paragraph(item), "nine", (size_t)-1, 0);
	cb_node *ul = cb_add_list(item, false, 1, NULL);
	cb_add_text(cb_add_paragraph(cb_add_item(ul)), "bullet", (size_t)-1, 0);
	item = cb_add_item(ol);
	cb_add_text(cb_add_paragraph(item), "ten", (size_t)-1, 0);
	ul = cb_add_list(item, false, 1, NULL);
	cb_node *inner = cb_add_item(ul);
	cb_add_text(cb_add_paragraph(inner), "deep", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_item(cb_add_list(inner, true, 1, NULL))), "deeper",
	            (size_t)-1, 0);
	cb_add_item(ol); /* empty */
	/* Two lists of one kind in a row must stay two lists. */
	cb_add_text(cb_add_paragraph(cb_add_item(cb_add_list(body, false, 1, NULL))), "a",
	            (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_item(cb_add_list(body, false, 1, NULL))), "b",
	            (size_t)-1, 0);
	return doc;
}

static void test_nested_lists(void **state)
{
	(void)state;
	cb_document *doc = nested_lists_doc();
	assert_written(doc, "markdown",
	               "9. nine\n"
	               "   - bullet\n"
	               "10. ten\n"
	               "    - deep\n"
	               "      1. deeper\n"
	               "11.\n"
	               "\n"
	               "- a\n"
	               "\n"
	               "* b\n");
	assert_written(doc, "text",
	               "9. nine\n"
	               "   - bullet\n"
	               "10. ten\n"
	               "    - deep\n"
	               "      1. deeper\n"
	               "11.\n"
	               "\n"
	               "- a\n"
	               "\n"
	               "- b\n");
	cb_document_free(doc);
}

/* An item with two paragraphs, or a list that cannot interrupt a paragraph, makes the list
 * loose: blank lines everywhere, indented to the content column. */
static void test_loose_list(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *list = cb_add_list(cb_document_body(doc), false, 1, NULL);
	cb_node *item = cb_add_item(list);
	cb_add_text(cb_add_paragraph(item), "first", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(item), "second", (size_t)-1, 0);
	cb_node *sub = cb_add_list(item, true, 0, NULL);
	cb_add_text(cb_add_paragraph(cb_add_item(sub)), "zero", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_item(list)), "next", (size_t)-1, 0);
	assert_written(doc, "markdown",
	               "- first\n"
	               "\n"
	               "  second\n"
	               "\n"
	               "  0. zero\n"
	               "\n"
	               "- next\n");
	cb_document_free(doc);
}

static cb_node *cell_text(cb_node *row, unsigned rs, unsigned cs, bool header, const char *text)
{
	cb_node *cell = cb_add_cell(row, rs, cs, header);
	if (text)
		cb_add_text(cb_add_paragraph(cell), text, (size_t)-1, 0);
	return cell;
}

static void test_simple_table_is_pipe_table(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *t = cb_add_table(cb_document_body(doc));
	cb_node *r = cb_add_row(t);
	cell_text(r, 1, 1, false, "a|b"); /* not a header cell: still the header row */
	cell_text(r, 1, 1, false, "*c*");
	r = cb_add_row(t);
	cell_text(r, 1, 1, false, "1");
	cell_text(r, 1, 1, false, NULL);
	cell_text(r, 1, 1, false, "3"); /* wider than the header: the header is padded */
	r = cb_add_row(t);
	cb_node *p = cb_add_paragraph(cb_add_cell(r, 1, 1, false));
	cb_add_text(cb_add_link(p, "http://x/|"), "l", (size_t)-1, CB_MARK_BOLD);
	assert_written(doc, "markdown",
	               "| a\\|b | \\*c\\* | |\n"
	               "| --- | --- | --- |\n"
	               "| 1 | | 3 |\n"
	               "| [**l**](http://x/\\|) | | |\n");
	assert_written(doc, "text", "a|b\t*c*\n1\t\t3\nl <http://x/|>\n");
	cb_document_free(doc);
}

static void test_table_with_spans_is_html(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *list = cb_add_list(cb_document_body(doc), false, 1, NULL);
	cb_node *t = cb_add_table(cb_add_item(list));
	cb_node *r = cb_add_row(t);
	cell_text(r, 2, 1, true, "<h>");
	cell_text(r, 1, 2, false, "a & \"b\"");
	r = cb_add_row(t);
	cell_text(r, 1, 1, false, "x");
	cb_node *c = cell_text(r, 1, 1, false, "y");
	cb_add_text(cb_add_paragraph(c), "z", (size_t)-1, CB_MARK_BOLD);
	cb_node *ul = cb_add_list(c, true, 2, NULL);
	cb_add_text(cb_add_paragraph(cb_add_item(ul)), "w", (size_t)-1, 0);
	r = cb_add_row(t);
	cell_text(r, 1, 1, false, "p");
	cell_text(r, 1, 1, false, "q");
	cell_text(r, 1, 1, false, "r");
	assert_written(doc, "markdown",
	               "- <table>\n"
	               "  <tr>\n"
	               "  <th rowspan=\"2\">&lt;h&gt;</th>\n"
	               "  <td colspan=\"2\">a &amp; &quot;b&quot;</td>\n"
	               "  </tr>\n"
	               "  <tr>\n"
	               "  <td>x</td>\n"
	               "  <td>y<br><strong>z</strong><ol start=\"2\"><li>w</li></ol></td>\n"
	               "  </tr>\n"
	               "  <tr>\n"
	               "  <td>p</td>\n"
	               "  <td>q</td>\n"
	               "  <td>r</td>\n"
	               "  </tr>\n"
	               "  </table>\n");
	/* The text writer lines the columns up: empty fields under and beside spanning cells. */
	assert_written(doc, "text",
	               "- <h>\ta & \"b\"\t\n"
	               "  \tx\ty z 2. w\n"
	               "  p\tq\tr\n");
	cb_document_free(doc);
}

/* A cell with a line break cannot be one line of a pipe table. */
static void test_table_with_break_is_html(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *r = cb_add_row(cb_add_table(cb_document_body(doc)));
	cb_node *p = cb_add_paragraph(cb_add_cell(r, 1, 1, false));
	cb_add_text(p, "a", (size_t)-1, 0);
	cb_add_break(p);
	cb_add_text(p, "b\nc", (size_t)-1, 0);
	assert_written(doc, "markdown", "<table>\n<tr>\n<td>a<br>b&#10;c</td>\n</tr>\n</table>\n");
	assert_written(doc, "text", "a b c\n");
	cb_document_free(doc);
}

static void test_markdown_notes_and_divs(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_node *note = cb_add_note(body, "n1", "endnote");
	cb_add_text(cb_add_paragraph(note), "first\nline", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(note), "second", (size_t)-1, 0);
	cb_node *div = cb_add_div(body, NULL);
	cb_div_set_attr(div, "ok-1", "v\"<&>");
	cb_div_set_attr(div, "Bad Key", "x");
	cb_div_set_attr(div, "also_bad", "y");
	cb_add_text(cb_add_paragraph(div), "inside", (size_t)-1, 0);
	cb_add_div(body, "empty");
	cb_diags *diags = cb_diags_new();
	char *out = write_doc(doc, "markdown", NULL, diags);
	assert_string_equal(out, "[^n1]: first\n"
	                         "    line\n"
	                         "\n"
	                         "    second\n"
	                         "\n"
	                         "<div data-ok-1=\"v&quot;&lt;&amp;&gt;\">\n"
	                         "\n"
	                         "inside\n"
	                         "\n"
	                         "</div>\n"
	                         "\n"
	                         "<div class=\"empty\">\n"
	                         "\n"
	                         "</div>\n");
	/* One warning for the document, not one per attribute. */
	assert_int_equal(cb_diags_count(diags), 1);
	assert_int_equal(cb_diag_severity(cb_diags_at(diags, 0)), CB_SEV_WARNING);
	assert_true(cbt_has_diag(diags, CB_W_LOSSY, "Bad Key"));
	free(out);
	cb_diags_free(diags);
	assert_written(doc, "text", "[^n1] first\n    line\n    second\n\ninside\n");
	cb_document_free(doc);
}

/* --- json ---------------------------------------------------------------------------------- */

static void test_json_escaping(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_document_set_meta(doc, "k\"ey", "back\\slash/");
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	/* Other control characters never reach a writer: the model drops them. */
	cb_add_text(p, "q\"b\\t\tn\nls\u2028ps\u2029é한", (size_t)-1,
	            CB_MARK_SUBSCRIPT | CB_MARK_BOLD);
	assert_written(doc, "json",
	               "{\n"
	               "  \"format\": \"casebook\",\n"
	               "  \"version\": 1,\n"
	               "  \"meta\": {\n"
	               "    \"k\\\"ey\": \"back\\\\slash/\"\n"
	               "  },\n"
	               "  \"media\": [],\n"
	               "  \"body\": [\n"
	               "    {\n"
	               "      \"type\": \"paragraph\",\n"
	               "      \"content\": [\n"
	               "        {\n"
	               "          \"type\": \"text\",\n"
	               "          \"text\": \"q\\\"b\\\\t\\tn\\nls\\u2028ps\\u2029é한\",\n"
	               "          \"marks\": [\n"
	               "            \"bold\",\n"
	               "            \"subscript\"\n"
	               "          ]\n"
	               "        }\n"
	               "      ]\n"
	               "    }\n"
	               "  ]\n"
	               "}\n");
	cb_document_free(doc);
}

/* Optional members are left out when the model has no value; empty containers are [] and {}. */
static void test_json_optional_members(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_document_add_media(doc, "m", "image/gif", NULL, "GIF", 3);
	cb_node *body = cb_document_body(doc);
	cb_add_list(body, true, 0, NULL);
	cb_add_image(body, "m", NULL);
	cb_add_note(body, "n", NULL);
	cb_add_div(body, NULL);
	cb_add_cell(cb_add_row(cb_add_table(body)), 1, 1, false);
	size_t len;
	char *out = write_doc(doc, "json", &len, NULL);
	const char *body_json = strstr(out, "\"media\"");
	assert_non_null(body_json);
	assert_string_equal(body_json,
	                    "\"media\": [\n"
	                    "    {\n"
	                    "      \"id\": \"m\",\n"
	                    "      \"type\": \"image/gif\",\n"
	                    "      \"data\": \"R0lG\"\n"
	                    "    }\n"
	                    "  ],\n"
	                    "  \"body\": [\n"
	                    "    {\n"
	                    "      \"type\": \"list\",\n"
	                    "      \"ordered\": true,\n"
	                    "      \"start\": 0,\n"
	                    "      \"items\": []\n"
	                    "    },\n"
	                    "    {\n"
	                    "      \"type\": \"image\",\n"
	                    "      \"src\": \"m\"\n"
	                    "    },\n"
	                    "    {\n"
	                    "      \"type\": \"note\",\n"
	                    "      \"id\": \"n\",\n"
	                    "      \"content\": []\n"
	                    "    },\n"
	                    "    {\n"
	                    "      \"type\": \"div\",\n"
	                    "      \"attrs\": {},\n"
	                    "      \"content\": []\n"
	                    "    },\n"
	                    "    {\n"
	                    "      \"type\": \"table\",\n"
	                    "      \"rows\": [\n"
	                    "        [\n"
	                    "          {\n"
	                    "            \"rowspan\": 1,\n"
	                    "            \"colspan\": 1,\n"
	                    "            \"header\": false,\n"
	                    "            \"content\": []\n"
	                    "          }\n"
	                    "        ]\n"
	                    "      ]\n"
	                    "    }\n"
	                    "  ]\n"
	                    "}\n");
	free(out);
	cb_document_free(doc);
}

/* --- edge values ----------------------------------------------------------------------------- */

static void test_list_start_edges(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_add_text(cb_add_paragraph(cb_add_item(cb_add_list(body, true, 0, NULL))), "zero",
	            (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_item(cb_add_list(body, true, -3, NULL))), "minus",
	            (size_t)-1, 0);
	cb_node *big = cb_add_list(body, true, 999999999L, "upper-roman");
	cb_add_text(cb_add_paragraph(cb_add_item(big)), "big", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_item(big)), "bigger", (size_t)-1, 0);
	cb_diags *diags = cb_diags_new();
	char *out = write_doc(doc, "markdown", NULL, diags);
	assert_string_equal(out, "0. zero\n\n0) minus\n\n999999999. big\n999999999. bigger\n");
	assert_true(cbt_has_diag(diags, CB_W_LOSSY, "-3"));
	free(out);
	cb_diags_free(diags);
	assert_written(doc, "text", "0. zero\n\n-3. minus\n\n999999999. big\n1000000000. bigger\n");
	cb_document_free(doc);
}

/* Degenerate but valid trees: empty nodes of every kind, very long text, deep nesting. */
static void test_edge_trees_do_not_crash(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_add_paragraph(body);
	cb_add_heading(body, 7);
	cb_add_item(cb_add_list(body, false, 1, NULL));
	cb_add_list(body, true, 1, NULL);
	cb_add_table(body);
	cb_add_row(cb_add_table(body));
	cb_add_link(cb_add_paragraph(body), "x");
	cb_add_text(cb_add_paragraph(body), " \t ", (size_t)-1, CB_MARK_BOLD);
	cb_add_break(cb_add_paragraph(body));
	size_t big = 1u << 20;
	char *text = malloc(big + 1);
	for (size_t i = 0; i < big; i++)
		text[i] = "ab*가 \n"[i % 6];
	text[big] = '\0';
	cb_add_text(cb_add_paragraph(body), text, big, CB_MARK_ITALIC);
	free(text);
	cb_node *deep = body;
	for (int i = 0; i < 200; i++)
		deep = cb_add_item(cb_add_list(cb_add_div(deep, "d"), i % 2, i, NULL));
	cb_add_text(cb_add_paragraph(deep), "bottom", (size_t)-1, 0);
	static const char *const writers[] = {"json", "markdown", "text"};
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
		size_t len;
		char *out = write_doc(doc, writers[i], &len, NULL);
		assert_true(len > big);
		assert_non_null(strstr(out, "bottom"));
		free(out);
	}
	cb_document_free(doc);
}

/* Deeper than any writer recurses: an error, not a crash. */
static void test_too_deep_is_an_error(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *deep = cb_document_body(doc);
	for (int i = 0; i < 3000; i++)
		deep = cb_add_div(deep, NULL);
	cb_add_text(cb_add_paragraph(deep), "bottom", (size_t)-1, 0);
	static const char *const writers[] = {"json", "markdown", "text"};
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
		cb_diags *diags = cb_diags_new();
		char *data = NULL;
		size_t len;
		assert_int_equal(cb_write_memory(ctx, doc, writers[i], &data, &len, diags), CB_E_LIMIT);
		assert_null(data);
		assert_true(cbt_has_diag(diags, CB_E_LIMIT, "deeper"));
		cb_diags_free(diags);
	}
	cb_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_golden_json),
		cmocka_unit_test(test_golden_markdown),
		cmocka_unit_test(test_golden_text),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_markdown_escaping),
		cmocka_unit_test(test_markdown_escaping_around_links),
		cmocka_unit_test(test_markdown_marks),
		cmocka_unit_test(test_markdown_headings),
		cmocka_unit_test(test_nested_lists),
		cmocka_unit_test(test_loose_list),
		cmocka_unit_test(test_simple_table_is_pipe_table),
		cmocka_unit_test(test_table_with_spans_is_html),
		cmocka_unit_test(test_table_with_break_is_html),
		cmocka_unit_test(test_markdown_notes_and_divs),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_json_optional_members),
		cmocka_unit_test(test_list_start_edges),
		cmocka_unit_test(test_edge_trees_do_not_crash),
		cmocka_unit_test(test_too_deep_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
