/* The XML scanner (core/xmlscan.c): the node stream it gives for each thing XML and namespaces
 * ask of a reader, the problems it reports and where, and which parts it takes at all. Every
 * document is read twice, once from a head holding all of it and once pulled a byte at a time
 * with no head, and both readings must agree. fuzz/xml.c compares it with libxml2 itself. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xmlscan.h"

struct feed {
	const char *data;
	size_t len, at, step;
};

static ssize_t pull(void *ctx, char *buf, size_t len)
{
	struct feed *f = ctx;
	size_t n = f->len - f->at;
	if (n > f->step)
		n = f->step;
	if (n > len)
		n = len;
	memcpy(buf, f->data + f->at, n);
	f->at += n;
	return (ssize_t)n;
}

static ssize_t failing_pull(void *ctx, char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
	return -1;
}

/* What a reading gave: the nodes written out, the problems, how it ended. */
struct reading {
	char nodes[8192];
	char problems[2048];
	unsigned fatal, recovered;
	unsigned long fatal_line;
	int rc;
};

static void add(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

static void on_problem(void *ctx, bool fatal, unsigned long line, const char *msg)
{
	struct reading *r = ctx;
	add(r->problems, sizeof r->problems, "%s%s@%lu: %s", *r->problems ? "\n" : "",
	    fatal ? "fatal" : "recovered", line, msg);
	if (fatal) {
		r->fatal++;
		r->fatal_line = line;
	} else
		r->recovered++;
}

/* A node written out: S (start), E (end) or T (text), its depth, then for elements the
 * qualified name, local name and namespace (- for none), each attribute likewise with its
 * value, and '/' when empty; for text, the text. One node a line. */
static void write_node(struct reading *r, const cbi_xml_node *n, bool lines)
{
	char *b = r->nodes;
	size_t size = sizeof r->nodes;
	if (*b)
		add(b, size, "\n");
	if (lines)
		add(b, size, "%lu:", n->line);
	if (n->type == CBI_XML_TEXT) {
		assert_int_equal(strlen(n->text), n->text_len);
		add(b, size, "T%u \"%s\"", n->depth, n->text);
		return;
	}
	add(b, size, "%c%u %s|%s|%s", n->type == CBI_XML_START ? 'S' : 'E', n->depth, n->qname,
	    n->local, n->ns ? n->ns : "-");
	for (size_t i = 0; i < n->nattrs; i++) {
		const cbi_xml_attr *a = &n->attrs[i];
		add(b, size, " [%s|%s|%s=%s]", a->qname, a->local, a->ns ? a->ns : "-", a->value);
	}
	if (n->empty)
		add(b, size, " /");
}

/* Reads doc with a head of head bytes and pulls of step bytes. */
static void read_with(const char *doc, size_t len, size_t head, size_t step, bool lines,
                      struct reading *r)
{
	memset(r, 0, sizeof *r);
	struct feed f = {doc, len, head, step};
	cbi_xmlscan *s = cbi_xmlscan_new(doc, head, pull, &f, on_problem, r);
	assert_non_null(s);
	const cbi_xml_node *n;
	while ((r->rc = cbi_xmlscan_next(s, &n)) == 1)
		write_node(r, n, lines);
	/* Once ended, it stays ended. */
	assert_int_equal(cbi_xmlscan_next(s, &n), r->rc);
	cbi_xmlscan_free(s);
}

/* Reads doc both ways; they must agree. */
static void read_doc(const char *doc, bool lines, struct reading *r)
{
	size_t len = strlen(doc);
	struct reading bytewise;
	read_with(doc, len, len, 4096, lines, r);
	read_with(doc, len, 0, 1, lines, &bytewise);
	assert_string_equal(r->nodes, bytewise.nodes);
	assert_string_equal(r->problems, bytewise.problems);
	assert_int_equal(r->rc, bytewise.rc);
	assert_int_equal(r->rc < 0, r->fatal > 0);
}

/* The stream of a well-formed document. */
static void expect_nodes(const char *doc, const char *nodes)
{
	struct reading r;
	read_doc(doc, false, &r);
	if (r.rc != 0)
		fail_msg("'%s' failed: %s", doc, r.problems);
	assert_string_equal(r.nodes, nodes);
}

/* A fatal problem whose message holds what, at line. */
static void expect_fatal(const char *doc, const char *what, unsigned long line)
{
	struct reading r;
	read_doc(doc, false, &r);
	if (r.rc != -1 || r.fatal != 1 || !strstr(r.problems, what) || r.fatal_line != line)
		fail_msg("'%s': rc %d, problems:\n%s\nwanted a fatal '%s' at line %lu", doc, r.rc,
		         r.problems, what, line);
}

static void namespaces(void **state)
{
	(void)state;
	expect_nodes("<r xmlns=\"urn:d\" xmlns:p=\"urn:p\"><p:a p:x=\"1\" y=\"2\"><b/></p:a></r>",
	             "S0 r|r|urn:d\n"
	             "S1 p:a|a|urn:p [p:x|x|urn:p=1] [y|y|-=2]\n"
	             "S2 b|b|urn:d /\n"
	             "E1 p:a|a|urn:p\n"
	             "E0 r|r|urn:d");
	/* xmlns="" undeclares the default namespace; a redeclared prefix holds within. */
	expect_nodes("<r xmlns=\"urn:d\" xmlns:p=\"urn:1\"><a xmlns=\"\" xmlns:p=\"urn:2\"><p:b/>"
	             "</a><p:c/></r>",
	             "S0 r|r|urn:d\nS1 a|a|-\nS2 p:b|b|urn:2 /\nE1 a|a|-\nS1 p:c|c|urn:1 /\n"
	             "E0 r|r|urn:d");
	/* An '&' from a reference stays "&#38;" in a namespace name, as libxml2 gives it. */
	expect_nodes("<a xmlns:p=\"u&amp;v&#38;w&lt;\"><p:b/></a>",
	             "S0 a|a|-\nS1 p:b|b|u&#38;v&#38;w< /\nE0 a|a|-");
	/* The xml prefix is bound without a declaration. */
	expect_nodes("<a xml:lang=\"ko\"/>",
	             "S0 a|a|- [xml:lang|lang|http://www.w3.org/XML/1998/namespace=ko] /");
}

static void namespace_lookup(void **state)
{
	(void)state;
	const char *doc = "<r xmlns=\"urn:d\" xmlns:p=\"urn:p\"><a xmlns:q=\"urn:q\">t</a><b/></r>";
	struct feed f = {doc, strlen(doc), 0, 3};
	cbi_xmlscan *s = cbi_xmlscan_new(doc, 0, pull, &f, NULL, NULL);
	assert_non_null(s);
	const cbi_xml_node *n;
	assert_int_equal(cbi_xmlscan_next(s, &n), 1); /* r */
	assert_string_equal(cbi_xmlscan_lookup(s, ""), "urn:d");
	assert_string_equal(cbi_xmlscan_lookup(s, NULL), "urn:d"); /* NULL: the default, too */
	assert_string_equal(cbi_xmlscan_lookup(s, "p"), "urn:p");
	assert_null(cbi_xmlscan_lookup(s, "q"));
	assert_string_equal(cbi_xmlscan_lookup(s, "xml"), "http://www.w3.org/XML/1998/namespace");
	assert_int_equal(cbi_xmlscan_next(s, &n), 1); /* a */
	assert_string_equal(cbi_xmlscan_lookup(s, "q"), "urn:q");
	assert_int_equal(cbi_xmlscan_next(s, &n), 1); /* its text */
	assert_string_equal(cbi_xmlscan_lookup(s, "q"), "urn:q");
	assert_int_equal(cbi_xmlscan_next(s, &n), 1); /* its end: still in scope */
	assert_int_equal(n->type, CBI_XML_END);
	assert_string_equal(cbi_xmlscan_lookup(s, "q"), "urn:q");
	assert_int_equal(cbi_xmlscan_next(s, &n), 1); /* b */
	assert_null(cbi_xmlscan_lookup(s, "q"));
	assert_string_equal(cbi_xmlscan_lookup(s, "p"), "urn:p");
	cbi_xmlscan_free(s);
}

static void undeclared_prefixes(void **state)
{
	(void)state;
	struct reading r;
	read_doc("<hp:p hp:id=\"1\"><hp:run/></hp:p>", false, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.nodes, "S0 hp:p|hp:p|- [hp:id|hp:id|-=1]\n"
	                             "S1 hp:run|hp:run|- /\n"
	                             "E0 hp:p|hp:p|-");
	assert_string_equal(r.problems, "recovered@1: Namespace prefix hp on p is not defined\n"
	                                "recovered@1: Namespace prefix hp for id on p is not defined\n"
	                                "recovered@1: Namespace prefix hp on run is not defined");
}

/* The declarations libxml2 refuses are only errors it recovers from, and bind nothing. */
static void reserved_declarations(void **state)
{
	(void)state;
	struct reading r;
	read_doc("<a xmlns:p=\"urn:p\"><b xmlns:p=\"\" xmlns:xml=\"urn:x\" xmlns:xmlns=\"urn:y\" "
	         "xmlns=\"http://www.w3.org/XML/1998/namespace\"><p:c/></b></a>",
	         false, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.recovered, 4);
	assert_string_equal(r.nodes, "S0 a|a|-\nS1 b|b|-\nS2 p:c|c|urn:p /\nE1 b|b|-\nE0 a|a|-");
	/* The same attribute twice under two prefixes of one namespace: kept, with an error. */
	read_doc("<a xmlns:p=\"urn:u\" xmlns:q=\"urn:u\" p:x=\"1\" q:x=\"2\"/>", false, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.recovered, 1);
	assert_string_equal(r.nodes, "S0 a|a|- [p:x|x|urn:u=1] [q:x|x|urn:u=2] /");
	/* Names that are no qualified names, split as libxml2 splits them. */
	expect_nodes("<a xmlns:a=\"urn:a\"><a:b:c/><a:1/><:d/><e: /></a>",
	             "S0 a|a|-\nS1 a:b:c|b:c|urn:a /\nS1 a:1|a:1|- /\nS1 :d|:d|- /\n"
	             "S1 e:|e:|- /\nE0 a|a|-");
}

static void references(void **state)
{
	(void)state;
	expect_nodes("<a b=\"&lt;&#38;&#x41;\">&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;</a>",
	             "S0 a|a|- [b|b|-=<&A]\n"
	             "T1 \"<>&'\"AB\xF0\x9F\x98\x80\"\n"
	             "E0 a|a|-");
}

static void cdata_and_splits(void **state)
{
	(void)state;
	/* CDATA merges with the text around it; a comment or PI splits text in two. */
	expect_nodes("<a>x<![CDATA[<y>&amp;]]>z<!-- c -->w<?pi d?>v<![CDATA[]]></a>",
	             "S0 a|a|-\nT1 \"x<y>&amp;z\"\nT1 \"w\"\nT1 \"v\"\nE0 a|a|-");
	/* Nothing delivered for a comment alone, nor for an empty CDATA section. */
	expect_nodes("<a><!--c--><![CDATA[]]></a>", "S0 a|a|-\nE0 a|a|-");
}

static void line_ends(void **state)
{
	(void)state;
	/* CR LF and a lone CR are LF in text; CDATA keeps its bytes (libxml2's push parser). */
	expect_nodes("<a>x\r\ny\rz<![CDATA[p\r\nq\rr]]>&#13;</a>",
	             "S0 a|a|-\nT1 \"x\ny\nzp\r\nq\rr\r\"\nE0 a|a|-");
}

static void attribute_values(void **state)
{
	(void)state;
	expect_nodes("<a x=\"a\tb\nc\r\nd\re&#9;f&#10;&#13;&amp;\" y='\"' z=\"'\"/>",
	             "S0 a|a|- [x|x|-=a b c d e\tf\n\r&] [y|y|-=\"] [z|z|-='] /");
}

static void depth_and_empty(void **state)
{
	(void)state;
	expect_nodes("<a>\n <b/><c></c><d>t</d>\n</a>",
	             "S0 a|a|-\nT1 \"\n \"\nS1 b|b|- /\nS1 c|c|-\nE1 c|c|-\nS1 d|d|-\nT2 \"t\"\n"
	             "E1 d|d|-\nT1 \"\n\"\nE0 a|a|-");
}

/* Lines as libxml2 gives them: a start tag (and its end) where the tag ends; text where
 * libxml2 first hands it over. */
static void lines(void **state)
{
	(void)state;
	struct reading r;
	read_doc("<?xml version=\"1.0\"?>\n<a>\n  <b\n x=\"1\"\n/>\n\n<c>abc\ndef</c>"
	         "<c>\n\nabc&amp;\nx</c><c><![CDATA[\n\nx]]>\ny</c>\n</a>",
	         true, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.nodes, "2:S0 a|a|-\n3:T1 \"\n  \"\n5:S1 b|b|- [x|x|-=1] /\n"
	                             "7:T1 \"\n\n\"\n7:S1 c|c|-\n8:T2 \"abc\ndef\"\n7:E1 c|c|-\n"
	                             "8:S1 c|c|-\n10:T2 \"\n\nabc&\nx\"\n8:E1 c|c|-\n"
	                             "11:S1 c|c|-\n11:T2 \"\n\nx\ny\"\n11:E1 c|c|-\n"
	                             "15:T1 \"\n\"\n2:E0 a|a|-");
}

/* Tokens cut by every possible pull boundary, and longer than a chunk. */
static void long_tokens(void **state)
{
	(void)state;
	size_t big = 200000;
	char *doc = malloc(big * 4 + 200);
	assert_non_null(doc);
	char *p = doc;
	p += sprintf(p, "<a x=\"");
	for (size_t i = 0; i < big; i++)
		*p++ = 'v';
	/* A comment of "-." pairs: long, and never "--". */
	p += sprintf(p, "\"><!--");
	for (size_t i = 0; i < big; i++)
		*p++ = i % 2 ? '.' : '-';
	p += sprintf(p, "-->");
	for (size_t i = 0; i < big / 2; i++)
		p += sprintf(p, "\xEA\xB0\x80");
	p += sprintf(p, "</a>");
	size_t len = (size_t)(p - doc);
	for (size_t step = 1; step <= 65536; step *= 16) {
		struct reading r;
		memset(&r, 0, sizeof r);
		struct feed f = {doc, len, 0, step};
		cbi_xmlscan *s = cbi_xmlscan_new(doc, 0, pull, &f, on_problem, &r);
		const cbi_xml_node *n;
		assert_int_equal(cbi_xmlscan_next(s, &n), 1);
		assert_int_equal(n->nattrs, 1);
		assert_int_equal(strlen(n->attrs[0].value), big);
		assert_int_equal(cbi_xmlscan_next(s, &n), 1);
		assert_int_equal(n->type, CBI_XML_TEXT);
		assert_int_equal(n->text_len, big / 2 * 3);
		assert_int_equal(cbi_xmlscan_next(s, &n), 1);
		assert_int_equal(n->type, CBI_XML_END);
		assert_int_equal(cbi_xmlscan_next(s, &n), 0);
		assert_string_equal(r.problems, "");
		cbi_xmlscan_free(s);
	}
	free(doc);
}

static void declarations(void **state)
{
	(void)state;
	expect_nodes("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>",
	             "S0 a|a|- /");
	expect_nodes("<?xml version='1.0' encoding='us-ascii'?>\n<a/>\n", "S0 a|a|- /");
	expect_nodes("<?xml version=\"1.0\" standalone=\"no\" ?><a/>", "S0 a|a|- /");
	struct reading r;
	read_doc("<?xml version=\"1.1\"?><a/>", false, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.recovered, 1);
}

/* One of each class of fatal error: the document, what the message says, and its line. */
static const struct {
	const char *doc, *what;
	unsigned long line;
} fatal_cases[] = {
	{"<a>&nbsp;</a>", "Entity 'nbsp' not defined", 1},
	{"<a>\n&#0;</a>", "invalid xmlChar value 0", 2},
	{"<a>&#xD800;</a>", "invalid xmlChar value", 1},
	{"<a>&#x110000;</a>", "out of bounds", 1},
	{"<a>&#xG;</a>", "invalid hexadecimal value", 1},
	{"<a>&amp</a>", "expecting ';'", 1},
	{"<a>& b</a>", "no name", 1},
	{"<a b=\"&foo;\"/>", "Entity 'foo' not defined", 1},
	{"<a b=\"<\"/>", "Unescaped '<'", 1},
	{"<a x=\"1\" x=\"2\"/>", "Attribute x redefined", 1},
	{"<a xmlns:p=\"urn:1\" xmlns:p=\"urn:2\"/>", "Attribute xmlns:p redefined", 1},
	{"<a x=\"1\"y=\"2\"/>", "attributes construct error", 1},
	{"<a x/>", "Specification mandates value", 1},
	{"<a x=1/>", "AttValue", 1},
	{"<?xml version=\"2.0\"?><a/>", "Unsupported version", 1},
	{"<?xml encoding=\"UTF-8\"?><a/>", "version", 1},
	{"<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>", "Blank needed", 1},
	{"<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", "standalone", 1},
	{" <?xml version=\"1.0\"?><a/>", "only at the start", 1},
	{"<a><?xml version=\"1.0\"?></a>", "only at the start", 1},
	{"<a><?XmL x?></a>", "Invalid PI name", 1},
	{"<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a>\xC3\xA9</a>", "UTF-8", 1},
	{"", "Document is empty", 1},
	{"  \n ", "Document is empty", 2},
	{"text", "Start tag expected", 1},
	{"<a/><b/>", "Extra content", 1},
	{"<a/>\ntext", "Extra content", 2},
	{"<a>\n</b>", "Opening and ending tag mismatch: a line 1 and b", 2},
	{"<a><b>\n</a>", "Opening and ending tag mismatch: b line 1 and a", 2},
	{"<a>\n<b>", "Premature end of data in tag b line 2", 2},
	{"<a>]]></a>", "']]>' not allowed", 1},
	{"<a><!-- a--b --></a>", "Double hyphen", 1},
	{"<a><!-- a", "Comment not terminated", 1},
	{"<a><![CDATA[x</a>", "CData section not finished", 1},
	{"<a><?pi x</a>", "PI not terminated", 1},
	{"<a><?1?></a>", "no target name", 1},
	{"<a><? x?></a>", "no target name", 1},
	{"<a><1/></a>", "invalid element name", 1},
	{"<a>\x01</a>", "invalid Char", 1},
	{"<a>\xC3</a>", "UTF-8", 1},
	{"<a>\xED\xA0\x80</a>", "out of allowed range", 1},
	{"<a>\xC0\xAF</a>", "UTF-8", 1},
	{"<a>\xEF\xBF\xBE</a>", "out of allowed range", 1},
	{"<a\x01/>", "Couldn't find end of Start Tag", 1},
	{"<a", "Couldn't find end of Start Tag", 1},
	{"<a><!DOCTYPE a></a>", "invalid element name", 1},
	{"<!DOCTYPE a><a/>", "document type", 1},
};

static void fatal_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof fatal_cases / sizeof *fatal_cases; i++)
		expect_fatal(fatal_cases[i].doc, fatal_cases[i].what, fatal_cases[i].line);
}

static void failed_pull(void **state)
{
	(void)state;
	struct reading r;
	memset(&r, 0, sizeof r);
	cbi_xmlscan *s = cbi_xmlscan_new("<a>", 3, failing_pull, NULL, on_problem, &r);
	const cbi_xml_node *n;
	int rc;
	while ((rc = cbi_xmlscan_next(s, &n)) == 1)
		;
	assert_int_equal(rc, -1);
	assert_int_equal(r.fatal, 0); /* the puller reports its own failure */
	cbi_xmlscan_free(s);
}

static void accepts(void **state)
{
	(void)state;
#define ACCEPTS(lit) cbi_xmlscan_accepts(lit, sizeof lit - 1)
	assert_true(ACCEPTS("<a/>"));
	assert_true(ACCEPTS("\xEF\xBB\xBF<a/>"));
	assert_true(ACCEPTS("\n <a/>"));
	assert_true(ACCEPTS("<?xml version=\"1.0\"?><a/>"));
	assert_true(ACCEPTS("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"));
	assert_true(ACCEPTS("<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>"));
	assert_true(ACCEPTS("<?xml version=\"1.0\" encoding='Us-Ascii'?><a/>"));
	assert_true(ACCEPTS("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"));
	assert_false(ACCEPTS("<?xml version=\"1.0\" encoding=\"EUC-KR\"?><a/>"));
	assert_false(ACCEPTS("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>"));
	assert_false(ACCEPTS("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"));
	assert_false(ACCEPTS("\xFF\xFE<\0a\0/\0>\0"));
	assert_false(ACCEPTS("\xFE\xFF\0<\0a\0/\0>"));
	assert_false(ACCEPTS("<\0a\0/\0>\0"));
	assert_false(ACCEPTS("\0<\0a\0/\0>"));
	assert_false(ACCEPTS("PK\x03\x04"));
	assert_false(ACCEPTS("plain text"));
#undef ACCEPTS
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(namespaces),
		cmocka_unit_test(namespace_lookup),
		cmocka_unit_test(undeclared_prefixes),
		cmocka_unit_test(reserved_declarations),
		cmocka_unit_test(references),
		cmocka_unit_test(cdata_and_splits),
		cmocka_unit_test(line_ends),
		cmocka_unit_test(attribute_values),
		cmocka_unit_test(depth_and_empty),
		cmocka_unit_test(lines),
		cmocka_unit_test(long_tokens),
		cmocka_unit_test(declarations),
		cmocka_unit_test(fatal_errors),
		cmocka_unit_test(failed_pull),
		cmocka_unit_test(accepts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
