/* cbxml: the writer's exact output, the schema, lossless round trips, the reader's strictness
 * (every refusal with its code and line), its safety against DTD tricks, and detection. */
#include "config.h"

#include "testutil.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

/* --- helpers ---------------------------------------------------------------------------------- */

static cb_context *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = cbt_context();
	return ctx && cb_context_find_plugin(ctx, CB_PLUGIN_READER, "cbxml") &&
	       cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, "cbxml") ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cb_context_free(ctx);
	return 0;
}

/* Writes doc as cbxml; fails the test on any diagnostic. */
static char *write_cbxml(const cb_document *doc, size_t *len)
{
	cb_diags *d = cb_diags_new();
	char *out = NULL;
	cb_code code = cb_write_memory(ctx, doc, "cbxml", &out, len, d);
	if (code != CB_OK || cb_diags_count(d))
		cbt_print_diags(d);
	assert_int_equal(code, CB_OK);
	assert_int_equal(cb_diags_count(d), 0);
	cb_diags_free(d);
	return out;
}

static cb_document *read_cbxml(const char *data, size_t len)
{
	cb_diags *d = cb_diags_new();
	cb_document *doc = cb_read_memory(ctx, "mem.cbxml", data, len, "cbxml", d);
	if (!doc || cb_diags_count(d))
		cbt_print_diags(d);
	assert_non_null(doc);
	assert_int_equal(cb_diags_count(d), 0);
	cb_diags_free(d);
	return doc;
}

static char *fixture_path(const char *name)
{
	char *rel, *path;
	assert_true(asprintf(&rel, "tests/fixtures/cbxml/%s", name) > 0);
	path = cbt_src_path(rel);
	free(rel);
	return path;
}

/* Tree comparison: every accessor of every node, so that "lossless" means exactly that. On the
 * first difference it says where, and returns false. */
static bool differ(const char *where, const char *fmt, ...) CB_PRINTF(2, 3);

static bool differ(const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "trees differ at %s: ", where);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return false;
}

static bool same_str(const char *where, const char *what, const char *a, const char *b)
{
	if (!a && !b)
		return true;
	if (!a || !b || strcmp(a, b) != 0)
		return differ(where, "%s: \"%s\" vs \"%s\"", what, a ? a : "(null)", b ? b : "(null)");
	return true;
}

static bool same_node(const cb_node *a, const cb_node *b, const char *where)
{
	if (cb_node_get_kind(a) != cb_node_get_kind(b))
		return differ(where, "kind %s vs %s", cb_node_kind_name(cb_node_get_kind(a)),
		              cb_node_kind_name(cb_node_get_kind(b)));
	size_t la, lb;
	const char *ta = cb_text_get(a, &la), *tb = cb_text_get(b, &lb);
	if (la != lb || (ta && memcmp(ta, tb, la) != 0) || (!ta != !tb))
		return differ(where, "text \"%s\" vs \"%s\"", ta ? ta : "", tb ? tb : "");
	if (cb_text_marks(a) != cb_text_marks(b))
		return differ(where, "marks %u vs %u", cb_text_marks(a), cb_text_marks(b));
	if (cb_heading_level(a) != cb_heading_level(b))
		return differ(where, "level %d vs %d", cb_heading_level(a), cb_heading_level(b));
	if (cb_list_ordered(a) != cb_list_ordered(b) || cb_list_start(a) != cb_list_start(b))
		return differ(where, "list numbering");
	if (cb_cell_rowspan(a) != cb_cell_rowspan(b) || cb_cell_colspan(a) != cb_cell_colspan(b) ||
	    cb_cell_header(a) != cb_cell_header(b))
		return differ(where, "cell spans or header");
	if (cb_node_is_block(a) != cb_node_is_block(b) || cb_node_is_inline(a) != cb_node_is_inline(b))
		return differ(where, "block or inline");
	if (!same_str(where, "list style", cb_list_style(a), cb_list_style(b)) ||
	    !same_str(where, "link target", cb_link_target(a), cb_link_target(b)) ||
	    !same_str(where, "image source", cb_image_source(a), cb_image_source(b)) ||
	    !same_str(where, "image alt", cb_image_alt(a), cb_image_alt(b)) ||
	    !same_str(where, "note id", cb_note_id(a), cb_note_id(b)) ||
	    !same_str(where, "note kind", cb_note_kind(a), cb_note_kind(b)) ||
	    !same_str(where, "div class", cb_div_class(a), cb_div_class(b)))
		return false;
	if (cb_div_attr_count(a) != cb_div_attr_count(b))
		return differ(where, "div attribute count %zu vs %zu", cb_div_attr_count(a),
		              cb_div_attr_count(b));
	for (size_t i = 0; i < cb_div_attr_count(a); i++) {
		const char *ka, *va, *kb, *vb;
		assert_true(cb_div_attr_at(a, i, &ka, &va) && cb_div_attr_at(b, i, &kb, &vb));
		if (!same_str(where, "div attribute key", ka, kb) ||
		    !same_str(where, "div attribute value", va, vb))
			return false;
	}
	return true;
}

static bool same_tree(const cb_node *a, const cb_node *b, const char *where)
{
	if (!same_node(a, b, where))
		return false;
	const cb_node *ca = cb_node_first_child(a), *cb = cb_node_first_child(b);
	for (size_t i = 0; ca || cb; i++, ca = cb_node_next(ca), cb = cb_node_next(cb)) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s[%zu]", where,
		         cb_node_kind_name(cb_node_get_kind(ca ? ca : cb)), i);
		if (!ca || !cb)
			return differ(path, "present in only one tree");
		if (cb_node_parent(ca) != a || cb_node_parent(cb) != b)
			return differ(path, "wrong parent link");
		if (!same_tree(ca, cb, path))
			return false;
	}
	return true;
}

static bool same_document(const cb_document *a, const cb_document *b)
{
	if (cb_document_meta_count(a) != cb_document_meta_count(b))
		return differ("meta", "count %zu vs %zu", cb_document_meta_count(a),
		              cb_document_meta_count(b));
	for (size_t i = 0; i < cb_document_meta_count(a); i++) {
		const char *ka, *va, *kb, *vb;
		assert_true(cb_document_meta_at(a, i, &ka, &va) && cb_document_meta_at(b, i, &kb, &vb));
		if (!same_str("meta", "key", ka, kb) || !same_str("meta", "value", va, vb))
			return false;
	}
	if (cb_document_media_count(a) != cb_document_media_count(b))
		return differ("media", "count %zu vs %zu", cb_document_media_count(a),
		              cb_document_media_count(b));
	for (size_t i = 0; i < cb_document_media_count(a); i++) {
		const cb_media *ma = cb_document_media_at(a, i), *mb = cb_document_media_at(b, i);
		if (!same_str("media", "id", cb_media_id(ma), cb_media_id(mb)) ||
		    !same_str("media", "type", cb_media_type(ma), cb_media_type(mb)) ||
		    !same_str("media", "name", cb_media_name(ma), cb_media_name(mb)))
			return false;
		size_t la, lb;
		const unsigned char *da = cb_media_data(ma, &la), *db = cb_media_data(mb, &lb);
		if (la != lb || (la && memcmp(da, db, la) != 0))
			return differ("media", "bytes of '%s' (%zu vs %zu bytes)", cb_media_id(ma), la, lb);
	}
	return same_tree(cb_document_body_const(a), cb_document_body_const(b), "body");
}

/* Writer output validated against data/cbxml.rng; false (with libxml2's reasons on stderr) when
 * it does not validate. */
static bool schema_valid(const char *xml, size_t len)
{
	char *rng = cbt_src_path("data/cbxml.rng");
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(rng);
	xmlRelaxNGPtr schema = pc ? xmlRelaxNGParse(pc) : NULL;
	assert_non_null(schema);
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "output.cbxml", NULL, XML_PARSE_NONET);
	bool ok = doc && vc && xmlRelaxNGValidateDoc(vc, doc) == 0;
	xmlFreeDoc(doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pc);
	free(rng);
	return ok;
}

/* A document reaching the corners the sample does not: absent versus empty strings, empty
 * containers, characters XML treats specially (in text and in attributes), every mark at once,
 * every inline inside a link, empty and binary media. */
static cb_document *corner_document(void)
{
	cb_document *doc = cb_document_new();
	assert_non_null(doc);
	assert_int_equal(cb_document_set_meta(doc, "quote \" & <key>", "tab\there\nnew line \"q\""), 0);
	assert_int_equal(cb_document_set_meta(doc, "empty", ""), 0);
	assert_int_equal(cb_document_set_meta(doc, "spaces", "  two  leading, trailing  "), 0);
	unsigned char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	assert_non_null(cb_document_add_media(doc, "bytes", "application/octet-stream", NULL, all,
	                                      sizeof all));
	assert_non_null(cb_document_add_media(doc, "", "text/plain", "", "", 0));
	cb_node *body = cb_document_body(doc);
	assert_non_null(cb_add_heading(body, 9));
	assert_non_null(cb_add_paragraph(body));
	cb_node *p = cb_add_paragraph(body);
	assert_int_equal(cb_add_text(p, "  lead ]]> & <x> \"q\" 'a'\ttab\nline  ", (size_t)-1, 0), 0);
	assert_int_equal(cb_add_text(p, "all marks", (size_t)-1, CB_MARK_ALL_), 0);
	assert_int_equal(cb_add_text(p, "sub", (size_t)-1, CB_MARK_SUBSCRIPT), 0);
	cb_node *link = cb_add_link(p, "");
	assert_non_null(link);
	assert_non_null(cb_add_image(link, "media:bytes", ""));
	assert_non_null(cb_add_break(link));
	assert_non_null(cb_add_noteref(link, "n\t1"));
	assert_int_equal(cb_add_text(link, " ", (size_t)-1, 0), 0);
	assert_non_null(cb_add_link(p, "https://example.org/?a=1&b=\"2\""));
	assert_int_equal(cb_add_text(p, " ", (size_t)-1, 0), 0);
	cb_node *h = cb_add_heading(body, 3);
	assert_non_null(cb_add_image(h, "http://example.org/i.png", NULL));
	assert_non_null(cb_add_list(body, true, -5, NULL));
	cb_node *list = cb_add_list(body, false, LONG_MAX, "•");
	assert_non_null(cb_add_item(list));
	cb_node *t = cb_add_table(body);
	assert_non_null(cb_add_row(t));
	cb_node *row = cb_add_row(t);
	assert_non_null(cb_add_cell(row, 10000, 3, true));
	assert_non_null(cb_add_cell(row, 1, 1, false));
	assert_non_null(cb_add_table(body));
	cb_node *note = cb_add_note(body, "n\t1", NULL);
	assert_non_null(cb_add_image(note, "bytes", "a \"b\"\nc"));
	cb_node *div = cb_add_div(body, NULL);
	assert_int_equal(cb_div_set_attr(div, "k\"ey", "v\na\tl"), 0);
	assert_int_equal(cb_div_set_attr(div, "empty", ""), 0);
	assert_non_null(cb_add_div(body, ""));
	cb_node *nested = cb_add_div(cb_add_div(body, "outer"), "inner");
	assert_non_null(cb_add_paragraph(nested));
	return doc;
}

/* --- the writer ------------------------------------------------------------------------------- */

static void test_golden(void **state)
{
	(void)state;
	cb_document *doc = cbt_sample_document();
	size_t len;
	char *out = write_cbxml(doc, &len);
	assert_true(cbt_golden("sample.cbxml", out, len));
	/* Layout rules the golden file would hide if it were regenerated carelessly. */
	static const char start[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                            "<document xmlns=\"urn:casebook:cbxml:1\" version=\"1\">\n";
	assert_true(len > sizeof start && memcmp(out, start, sizeof start - 1) == 0);
	assert_int_equal(out[len - 1], '\n');
	assert_non_null(strstr(out, "\n        <cell rowspan=\"2\" header=\"true\">\n"));
	assert_non_null(strstr(out, "<link href=\"https://example.org/a?b=1&amp;c=2\">링크 "
	                            "<t m=\"bold\">굵게</t></link><noteref id=\"fn1\"/> 끝.</p>\n"));
	assert_non_null(strstr(out, "<t m=\"bold italic\">굵은 기울임</t><br/>둘째 줄"));
	free(out);
	cb_document_free(doc);
}

static void test_schema(void **state)
{
	(void)state;
	cb_document *docs[] = {cbt_sample_document(), corner_document(), cb_document_new()};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		size_t len;
		char *out = write_cbxml(docs[i], &len);
		assert_true(schema_valid(out, len));
		free(out);
		cb_document_free(docs[i]);
	}
	/* The schema is not vacuous: it refuses what the reader refuses. */
	static const char bad[] = "<document xmlns=\"urn:casebook:cbxml:1\" version=\"1\"><body>"
	                          "<heading level=\"0\"/></body></document>";
	assert_false(schema_valid(bad, sizeof bad - 1));
}

static void test_descriptor(void **state)
{
	(void)state;
	const cb_plugin *w = cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, "cbxml");
	const cb_plugin *r = cb_context_find_plugin(ctx, CB_PLUGIN_READER, "cbxml");
	const cb_plugin_descriptor *wd = cb_plugin_get_descriptor(w);
	const cb_plugin_descriptor *rd = cb_plugin_get_descriptor(r);
	assert_string_equal(wd->version, "0.1.0");
	assert_string_equal(wd->licence, "MIT");
	assert_string_equal(wd->extensions[0], "cbxml");
	assert_null(wd->extensions[1]);
	assert_string_equal(wd->media_types[0], "application/x-casebook+xml");
	assert_string_equal(rd->extensions[0], "cbxml");
	assert_null(rd->extensions[1]);
	assert_string_equal(rd->media_types[0], "application/x-casebook+xml");
	assert_ptr_equal(cb_context_find_writer_for_extension(ctx, "cbxml"), w);
	assert_ptr_not_equal(cb_context_find_writer_for_extension(ctx, "xml"), w);
}

/* Media larger than one libxml2 text run could hold are refused by the writer rather than
 * written unreadable; the largest that fits goes through. */
static void test_media_size_limit(void **state)
{
	(void)state;
	size_t max = 10000000 / 4 * 3;
	unsigned char *bytes = malloc(max + 1);
	assert_non_null(bytes);
	for (size_t i = 0; i <= max; i++)
		bytes[i] = (unsigned char)(i * 7 + (i >> 9));
	cb_document *doc = cb_document_new();
	assert_non_null(cb_document_add_media(doc, "big", "image/jpeg", "big.jpg", bytes, max));
	size_t len;
	char *out = write_cbxml(doc, &len);
	cb_document *back = read_cbxml(out, len);
	assert_true(same_document(doc, back));
	free(out);
	cb_document_free(back);
	cb_document_free(doc);

	doc = cb_document_new();
	assert_non_null(cb_document_add_media(doc, "big", "image/jpeg", NULL, bytes, max + 1));
	cb_diags *d = cb_diags_new();
	assert_int_equal(cb_write_memory(ctx, doc, "cbxml", &out, &len, d), CB_E_LIMIT);
	assert_null(out);
	assert_true(cbt_has_diag(d, CB_E_LIMIT, "media object 'big' is 7500001 bytes"));
	cb_diags_free(d);
	cb_document_free(doc);
	free(bytes);
}

/* --- round trips ------------------------------------------------------------------------------ */

static void round_trip(cb_document *doc)
{
	size_t len, len2;
	char *out = write_cbxml(doc, &len);
	cb_document *back = read_cbxml(out, len);
	assert_true(same_document(doc, back));
	char *again = write_cbxml(back, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(out, again, len);
	free(again);
	free(out);
	cb_document_free(back);
}

static void test_round_trip_sample(void **state)
{
	(void)state;
	cb_document *doc = cbt_sample_document();
	round_trip(doc);
	cb_document_free(doc);
}

static void test_round_trip_corners(void **state)
{
	(void)state;
	cb_document *doc = corner_document();
	round_trip(doc);
	cb_document_free(doc);
	doc = cb_document_new();
	round_trip(doc);
	cb_document_free(doc);
}

static void test_round_trip_markdown(void **state)
{
	(void)state;
	cb_document *doc = cbt_sample_document();
	size_t len;
	char *xml = write_cbxml(doc, &len);
	cb_document *back = read_cbxml(xml, len);
	cb_diags *d = cb_diags_new();
	char *md1 = NULL, *md2 = NULL;
	size_t l1 = 0, l2 = 0;
	cb_code c1 = cb_write_memory(ctx, doc, "markdown", &md1, &l1, d);
	cb_code c2 = cb_write_memory(ctx, back, "markdown", &md2, &l2, d);
	if (c1 != CB_OK || c2 != CB_OK)
		cbt_print_diags(d);
	assert_int_equal(c1, CB_OK);
	assert_int_equal(c2, CB_OK);
	assert_true(l1 > 0);
	assert_int_equal(l1, l2);
	assert_memory_equal(md1, md2, l1);
	free(md1);
	free(md2);
	cb_diags_free(d);
	cb_document_free(back);
	free(xml);
	cb_document_free(doc);
}

/* A file written by hand: prefixes, comments, CDATA, references and loose white space all read
 * to exactly the tree they mean. */
static void test_hand_written(void **state)
{
	(void)state;
	char *path = fixture_path("hand-written.cbxml");
	cb_diags *d = cb_diags_new();
	cb_document *got = cb_read_file(ctx, path, "cbxml", d);
	if (!got)
		cbt_print_diags(d);
	assert_non_null(got);
	assert_int_equal(cb_diags_count(d), 0);

	cb_document *want = cb_document_new();
	cb_document_set_meta(want, "title", "  Spaces  kept\t(tab) ");
	cb_document_set_meta(want, "empty", "");
	cb_document_add_media(want, "m1", "application/octet-stream", NULL, "\0\1\2\377", 4);
	cb_node *body = cb_document_body(want);
	cb_node *h = cb_add_heading(body, 2);
	cb_add_text(h, " Title ", (size_t)-1, 0);
	cb_add_text(h, "both", (size_t)-1, CB_MARK_BOLD | CB_MARK_ITALIC);
	cb_node *p = cb_add_paragraph(body);
	cb_add_text(p, "line one\nline two & 가 <raw> & ]]>", (size_t)-1, 0);
	cb_add_break(p);
	cb_add_text(p, "  ", (size_t)-1, 0);
	cb_add_item(cb_add_list(body, true, 7, "lower-alpha"));
	cb_add_cell(cb_add_row(cb_add_table(body)), 1, 1, false);
	cb_div_set_attr(cb_add_div(body, NULL), "k", "a\nb");
	assert_true(same_document(want, got));

	size_t len;
	char *xml = cbt_read_file(path, &len);
	assert_true(schema_valid(xml, len));
	free(xml);
	cb_document_free(want);
	cb_document_free(got);
	cb_diags_free(d);
	free(path);
}

/* --- refusals --------------------------------------------------------------------------------- */

struct refusal {
	const char *file;
	cb_code code;
	unsigned long line;
	const char *text;   /* in the message */
	bool schema_valid;  /* what the schema says (false unless only the prose rules are broken) */
};

static const struct refusal refusals[] = {
	{"malformed.cbxml", CB_E_SYNTAX, 4, "mismatch", false},
	{"unknown-element.cbxml", CB_E_INVALID, 5, "unknown element <blockquote>", false},
	{"unknown-attribute.cbxml", CB_E_INVALID, 4, "unknown attribute 'align' on <p>", false},
	{"wrong-namespace.cbxml", CB_E_INVALID, 3, "namespace 'urn:casebook:cbxml:2'", false},
	{"foreign-element.cbxml", CB_E_INVALID, 4, "<h:b> is in the namespace", false},
	{"text-in-body.cbxml", CB_E_INVALID, 5, "text is not allowed in <body>", false},
	{"text-in-list.cbxml", CB_E_INVALID, 4, "text is not allowed in <list>", false},
	{"heading-level-0.cbxml", CB_E_INVALID, 5, "level=\"0\"", false},
	{"span-too-big.cbxml", CB_E_INVALID, 6, "colspan=\"10001\"", false},
	{"bad-marks.cbxml", CB_E_INVALID, 4, "m=\"italic bold\"", false},
	{"link-in-link.cbxml", CB_E_INVALID, 4, "<link> in <link>", false},
	{"attr-after-block.cbxml", CB_E_INVALID, 6, "a div's attrs come before its blocks", false},
	{"meta-after-body.cbxml", CB_E_INVALID, 4, "the order is meta, media, body", false},
	{"no-body.cbxml", CB_E_INVALID, 2, "<document> has no <body>", false},
	{"duplicate-key.cbxml", CB_E_INVALID, 5, "metadata key 'title' appears twice", true},
	{"bad-base64.cbxml", CB_E_INVALID, 5, "'image2' is not valid base64", false},
	{"version-2.cbxml", CB_E_UNSUPPORTED, 2, "version '2'", false},
	{"xxe.cbxml", CB_E_INVALID, 2, "(DTDs) are not accepted", false},
	{"billion-laughs.cbxml", CB_E_INVALID, 2, "(DTDs) are not accepted", false},
};

static void test_refusal(void **state)
{
	const struct refusal *r = *state;
	char *path = fixture_path(r->file);
	cb_diags *d = cb_diags_new();
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cb_document *doc = cb_read_file(ctx, path, "cbxml", d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (doc || !cbt_has_diag(d, r->code, r->text) || cb_diags_count(d) != 1 ||
	    cb_diag_line(cb_diags_at(d, 0)) != r->line)
		cbt_print_diags(d);
	assert_null(doc);
	assert_int_equal(cb_diags_count(d), 1);
	const cb_diag *diag = cb_diags_at(d, 0);
	assert_int_equal(cb_diag_severity(diag), CB_SEV_ERROR);
	assert_int_equal(cb_diag_code(diag), r->code);
	assert_int_equal(cb_diag_line(diag), r->line);
	assert_non_null(strstr(cb_diag_message(diag), r->text));
	assert_string_equal(cb_diag_path(diag), path);
	/* Refusing is quick: nothing was expanded on the way (billion laughs). */
	double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(seconds < 1.0);

	size_t len;
	char *xml = cbt_read_file(path, &len);
	assert_non_null(xml);
	if (r->code != CB_E_SYNTAX && !strstr(xml, "<!DOCTYPE"))
		assert_int_equal(schema_valid(xml, len), r->schema_valid);
	free(xml);
	cb_diags_free(d);
	free(path);
}

/* The external entity is never fetched: no trace of the file's content anywhere, whether the
 * reader is named or chosen by detection. */
static void test_xxe_not_expanded(void **state)
{
	(void)state;
	char *path = fixture_path("xxe.cbxml");
	cb_diags *d = cb_diags_new();
	assert_null(cb_read_file(ctx, path, NULL, d));
	assert_true(cbt_has_diag(d, CB_E_INVALID, "(DTDs) are not accepted"));
	for (size_t i = 0; i < cb_diags_count(d); i++)
		assert_null(strstr(cb_diag_message(cb_diags_at(d, i)), "root:"));
	cb_diags_free(d);
	free(path);
}

static cb_diags *refuse_memory(const char *xml, size_t len)
{
	cb_diags *d = cb_diags_new();
	cb_document *doc = cb_read_memory(ctx, "mem.cbxml", xml, len, "cbxml", d);
	if (doc || cb_diags_count(d) != 1)
		cbt_print_diags(d);
	assert_null(doc);
	assert_int_equal(cb_diags_count(d), 1);
	return d;
}

static void assert_only_diag(const cb_diags *d, cb_code code, unsigned long line, const char *text)
{
	const cb_diag *diag = cb_diags_at(d, 0);
	if (cb_diag_code(diag) != code || cb_diag_line(diag) != line ||
	    !strstr(cb_diag_message(diag), text))
		cbt_print_diags(d);
	assert_int_equal(cb_diag_code(diag), code);
	assert_int_equal(cb_diag_line(diag), line);
	assert_non_null(strstr(cb_diag_message(diag), text));
}

/* n nested <div>s inside the body, one per line: element k (document is 1) is on line k. */
static char *nested_divs(unsigned n, size_t *len)
{
	size_t cap = 128 + (size_t)n * 12;
	char *s = malloc(cap);
	assert_non_null(s);
	size_t used = (size_t)snprintf(s, cap, "<document xmlns=\"urn:casebook:cbxml:1\" "
	                                       "version=\"1\">\n<body>");
	for (unsigned i = 0; i < n; i++)
		used += (size_t)snprintf(s + used, cap - used, "\n<div>");
	for (unsigned i = 0; i < n; i++)
		used += (size_t)snprintf(s + used, cap - used, "</div>");
	used += (size_t)snprintf(s + used, cap - used, "</body></document>\n");
	*len = used;
	return s;
}

static void test_too_deep(void **state)
{
	(void)state;
	/* 300 divs against the default max-depth of 256: the shared XML parser refuses element 257
	 * (on line 257), the first past the limit, as it does for a lower limit. */
	assert_int_equal(cb_context_limit(ctx, CB_LIMIT_DEPTH), 256);
	size_t len;
	char *xml = nested_divs(300, &len);
	cb_diags *d = refuse_memory(xml, len);
	assert_only_diag(d, CB_E_LIMIT, 257, "elements nest deeper than max-depth (256)");
	cb_diags_free(d);
	free(xml);

	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 20);
	xml = nested_divs(30, &len);
	d = refuse_memory(xml, len);
	assert_only_diag(d, CB_E_LIMIT, 21, "elements nest deeper than max-depth (20)");
	cb_diags_free(d);
	/* Within the limit, the same nesting reads. */
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 40);
	cb_document *doc = read_cbxml(xml, len);
	const cb_node *n = cb_document_body_const(doc);
	unsigned depth = 0;
	while ((n = cb_node_first_child(n)))
		depth++;
	assert_int_equal(depth, 30);
	cb_document_free(doc);
	/* max-depth counts elements: the text of the deepest one allowed is read. */
	static const char shallow[] = "<document xmlns=\"urn:casebook:cbxml:1\" version=\"1\">"
	                              "<body><p>x</p></body></document>\n";
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 3);
	doc = read_cbxml(shallow, sizeof shallow - 1);
	const cb_node *p = cb_node_first_child(cb_document_body_const(doc));
	assert_non_null(p);
	assert_non_null(cb_node_first_child(p));
	cb_document_free(doc);
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 256);
	free(xml);
}

/* A builder refusal (here max-nodes) is reported with the model's code and words. */
static void test_node_limit(void **state)
{
	(void)state;
	static const char xml[] = "<document xmlns=\"urn:casebook:cbxml:1\" version=\"1\">\n<body>\n"
	                          "<p>a</p>\n<p>b</p>\n<p>c</p>\n</body></document>\n";
	cb_context_set_limit(ctx, CB_LIMIT_NODES, 4);
	cb_diags *d = refuse_memory(xml, sizeof xml - 1);
	assert_only_diag(d, CB_E_LIMIT, 5, "max-nodes");
	cb_diags_free(d);
	cb_context_set_limit(ctx, CB_LIMIT_NODES, 20000000);
}

/* Metadata, media and div attributes are indexed by the model, so a file with very many of them
 * reads in linear time; this one has 20,000 of each, all kept in order. */
static void test_long_lists(void **state)
{
	(void)state;
	enum { N = 20000 };
	size_t cap = (size_t)N * 160 + 512, len = 0;
	char *xml = malloc(cap);
	assert_non_null(xml);
	len += (size_t)snprintf(xml + len, cap - len,
	                        "<document xmlns=\"urn:casebook:cbxml:1\" version=\"1\"><meta>\n");
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(xml + len, cap - len, "<entry key=\"k%d\">v%d</entry>\n", i, i);
	len += (size_t)snprintf(xml + len, cap - len, "</meta><media>\n");
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(xml + len, cap - len,
		                        "<object id=\"m%d\" type=\"image/png\"/>\n", i);
	len += (size_t)snprintf(xml + len, cap - len, "</media><body><div>\n");
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(xml + len, cap - len, "<attr key=\"a%d\">%d</attr>\n", i, i);
	len += (size_t)snprintf(xml + len, cap - len, "</div></body></document>\n");
	cb_document *doc = read_cbxml(xml, len);
	assert_non_null(doc);
	assert_int_equal(cb_document_meta_count(doc), N);
	assert_string_equal(cb_document_meta(doc, "k12345"), "v12345");
	const char *k, *v;
	assert_true(cb_document_meta_at(doc, N - 1, &k, &v));
	assert_string_equal(k, "k19999");
	assert_int_equal(cb_document_media_count(doc), N);
	assert_string_equal(cb_media_id(cb_document_find_media(doc, "m777")), "m777");
	const cb_node *div = cb_node_first_child(cb_document_body_const(doc));
	assert_int_equal(cb_div_attr_count(div), N);
	assert_string_equal(cb_div_attr(div, "a19998"), "19998");
	cb_document_free(doc);
	free(xml);
}

/* Inputs refused with one error, its code, line and words. */
struct odd_input {
	const char *xml;
	size_t len;
	cb_code code;
	unsigned long line;
	const char *text;
};

#define XML(s) s, sizeof s - 1
#define ROOT "<document xmlns=\"urn:casebook:cbxml:1\" version=\"1\">"

static const struct odd_input odd_inputs[] = {
	{XML(""), CB_E_SYNTAX, 0, "empty"},
	{XML("\xFF\xFE<\0d\0"), CB_E_UNSUPPORTED, 1, "UTF-16"},
	{XML("\n\nhello <document/>"), CB_E_SYNTAX, 3, "text before the root element"},
	/* Text after the XML declaration is not well-formed: the parser says so. */
	{XML("<?xml version=\"1.0\"?>\nhello<document/>"), CB_E_SYNTAX, 2, "malformed XML"},
	{XML("<?xml version=\"1.0\"?>\n<document version=\"1\"><body/></document>"), CB_E_INVALID,
	 2, "<document> is in no namespace"},
	{XML(ROOT "\n<body>\n<heading>x</heading></body></document>"), CB_E_INVALID, 3,
	 "<heading> needs a 'level' attribute"},
	{XML("<document xmlns=\"urn:casebook:cbxml:1\" version=\"1\" xml:lang=\"ko\"><body/>"
	     "</document>"),
	 CB_E_INVALID, 1, "unknown attribute 'xml:lang' on <document>"},
	/* Another namespace's attribute is named by its namespace: the parser keeps no prefix. */
	{XML("<document xmlns=\"urn:casebook:cbxml:1\" xmlns:x=\"urn:x\" version=\"1\">\n<body>"
	     "<p x:a=\"1\">k</p></body></document>"),
	 CB_E_INVALID, 2, "unknown attribute 'a' in the namespace 'urn:x' on <p>"},
};

static void test_odd_inputs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof odd_inputs / sizeof *odd_inputs; i++) {
		const struct odd_input *o = &odd_inputs[i];
		cb_diags *d = refuse_memory(o->xml, o->len);
		assert_only_diag(d, o->code, o->line, o->text);
		cb_diags_free(d);
	}

	static const char truncated[] = ROOT "\n<body>\n<p>cut";
	cb_diags *d = refuse_memory(truncated, sizeof truncated - 1);
	assert_int_equal(cb_diag_code(cb_diags_at(d, 0)), CB_E_SYNTAX);
	cb_diags_free(d);

	/* An undeclared prefix, on an element or an attribute: the parser recovers and warns, the
	 * reader refuses it as malformed. */
	static const char *const undeclared[] = {
		ROOT "\n<body><h:p>k</h:p></body></document>",
		ROOT "\n<body><p y:a=\"1\">k</p></body></document>",
	};
	for (size_t i = 0; i < sizeof undeclared / sizeof *undeclared; i++) {
		d = cb_diags_new();
		assert_null(cb_read_memory(ctx, "mem.cbxml", undeclared[i], strlen(undeclared[i]),
		                           "cbxml", d));
		assert_true(cbt_has_diag(d, CB_E_SYNTAX, "is not declared"));
		assert_int_equal(cb_diags_count_at_least(d, CB_SEV_ERROR), 1);
		cb_diags_free(d);
	}
}

#undef XML
#undef ROOT

/* --- detection -------------------------------------------------------------------------------- */

static const cb_plugin *detect(const char *path)
{
	cb_diags *d = cb_diags_new();
	const cb_plugin *p = cb_detect_file(ctx, path, d);
	cb_diags_free(d);
	return p;
}

static void test_detection(void **state)
{
	(void)state;
	const cb_plugin *cbxml = cb_context_find_plugin(ctx, CB_PLUGIN_READER, "cbxml");
	cb_document *doc = cbt_sample_document();
	size_t len;
	char *out = write_cbxml(doc, &len);

	/* From memory, with no reader named: read back as cbxml, so the same tree. */
	cb_diags *d = cb_diags_new();
	cb_document *back = cb_read_memory(ctx, "no-extension", out, len, NULL, d);
	assert_non_null(back);
	assert_true(same_document(doc, back));
	cb_document_free(back);
	cb_diags_free(d);

	/* From a file whose name says nothing, and with a byte order mark. */
	char *dir = cbt_tmpdir("cbxml-detect");
	char *file;
	assert_true(asprintf(&file, "%s/unnamed.dat", dir) > 0);
	assert_true(cbt_write_file(file, out, len));
	assert_ptr_equal(detect(file), cbxml);
	char *bom = malloc(len + 3);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, out, len);
	assert_true(cbt_write_file(file, bom, len + 3));
	assert_ptr_equal(detect(file), cbxml);
	free(bom);

	/* A prefix, comments and a processing instruction before the root do not hide it. */
	char *other = fixture_path("hand-written.cbxml");
	assert_ptr_equal(detect(other), cbxml);
	free(other);

	/* Other XML is not claimed, a <document> without the namespace included. */
	other = fixture_path("not-cbxml.xml");
	assert_ptr_not_equal(detect(other), cbxml);
	free(other);
	other = fixture_path("plain-document.xml");
	assert_ptr_not_equal(detect(other), cbxml);
	free(other);
	static const char elsewhere[] = "<root xmlns=\"urn:casebook:cbxml:1\"/>\n";
	assert_true(cbt_write_file(file, elsewhere, sizeof elsewhere - 1));
	assert_ptr_not_equal(detect(file), cbxml);

	free(file);
	free(dir);
	free(out);
	cb_document_free(doc);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_descriptor),
		cmocka_unit_test(test_media_size_limit),
		cmocka_unit_test(test_round_trip_sample),
		cmocka_unit_test(test_round_trip_corners),
		cmocka_unit_test(test_round_trip_markdown),
		cmocka_unit_test(test_hand_written),
		cmocka_unit_test(test_xxe_not_expanded),
		cmocka_unit_test(test_too_deep),
		cmocka_unit_test(test_node_limit),
		cmocka_unit_test(test_long_lists),
		cmocka_unit_test(test_odd_inputs),
		cmocka_unit_test(test_detection),
	};
	enum { NFIXED = sizeof fixed / sizeof *fixed, NREFUSALS = sizeof refusals / sizeof *refusals };
	struct CMUnitTest tests[NFIXED + NREFUSALS];
	memcpy(tests, fixed, sizeof fixed);
	for (size_t i = 0; i < NREFUSALS; i++)
		tests[NFIXED + i] = (struct CMUnitTest){
			.name = refusals[i].file,
			.test_func = test_refusal,
			.initial_state = (void *)&refusals[i],
		};
	int failed = _cmocka_run_group_tests("cbxml", tests, NFIXED + NREFUSALS, setup, teardown);
	xmlCleanupParser();
	return failed;
}
