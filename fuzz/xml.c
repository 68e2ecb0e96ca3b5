/* casebook's XML scanner against libxml2's pull reader, which it stands in for: every input is
 * read both ways (libxml2 with casebook's options), and any difference aborts. Either both fail
 * or neither does; when neither does, the node streams are the same: type, names, namespace,
 * depth, emptiness, attributes in order, and text once adjacent text nodes are merged (comments
 * and PIs, which split text, are left out as the scanner leaves them out). When both fail, what
 * libxml2 handed over before failing must begin what the scanner handed over (libxml2 parses
 * ahead, so it stops earlier). Lines are not compared: the scanner's are as close as it can
 * make them, not exact.
 *
 * The scanner is fed the way a container feeds it, a head and then pulls, here of sizes drawn
 * from the input's hash, down to one byte, so that every construct gets cut somewhere. Inputs
 * with a document type declaration before the root are left out: casebook refuses them before
 * either parser sees them. */
#include "config.h"

#include "xmlscan.h"

#include <libxml/xmlreader.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A node stream written out, one node a line. */
struct out {
	char *p;
	size_t len, cap;
	size_t nodes;
	size_t last_start; /* where the last node's line begins */
	bool last_text;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->cap - o->len <= n) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap - o->len <= n)
			cap *= 2;
		o->p = realloc(o->p, cap);
		if (!o->p)
			abort();
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_esc(struct out *o, const char *s, size_t n)
{
	if (!s) {
		put(o, "(null)", 6);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '\\' || c == '|' || c == 0x7F) {
			char e[8];
			snprintf(e, sizeof e, "\\%02X", c);
			put(o, e, 3);
		} else
			put(o, (const char *)&s[i], 1);
	}
}

static void putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct out *o, const char *fmt, ...)
{
	char b[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	put(o, b, (size_t)n);
}

static void name(struct out *o, const char *ns, const char *local, const char *qname)
{
	put(o, "{", 1);
	puts_esc(o, ns, ns ? strlen(ns) : 0);
	put(o, "}", 1);
	puts_esc(o, local, local ? strlen(local) : 0);
	put(o, " ", 1);
	puts_esc(o, qname, qname ? strlen(qname) : 0);
}

/* Text goes onto the last line when that is text: adjacent text merged (libxml2's stream is
 * merged only where nothing came between; the scanner's not at all, so that a comment or PI
 * splitting text shows). */
static void text(struct out *o, unsigned depth, const char *t, size_t n)
{
	if (o->last_text) {
		o->len--; /* the newline */
		puts_esc(o, t, n);
		put(o, "\n", 1);
		return;
	}
	o->last_start = o->len;
	o->nodes++;
	putf(o, "T %u |", depth);
	puts_esc(o, t, n);
	put(o, "\n", 1);
	o->last_text = true;
}

static void begin(struct out *o, int type, unsigned depth, bool empty)
{
	o->last_start = o->len;
	o->nodes++;
	o->last_text = false;
	putf(o, "%c %u %d ", type == CBI_XML_START ? 'S' : 'E', depth, empty);
}

/* --- libxml2 --------------------------------------------------------------------------------- */

static void quiet(void *ctx, xmlErrorPtr err)
{
	bool *fatal = ctx;
	if (err && err->level == XML_ERR_FATAL)
		*fatal = true;
}

/* libxml2's stream; false when it failed. */
static bool by_libxml2(const uint8_t *data, size_t size, struct out *o)
{
	xmlTextReaderPtr r =
		xmlReaderForMemory((const char *)data, (int)size, NULL, NULL,
	                       XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
	                               XML_PARSE_HUGE | XML_PARSE_BIG_LINES);
	if (!r)
		return false;
	bool fatal = false;
	xmlTextReaderSetStructuredErrorHandler(r, quiet, &fatal);
	int rc;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		unsigned depth = (unsigned)xmlTextReaderDepth(r);
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
		case XML_READER_TYPE_END_ELEMENT:
			begin(o, type == XML_READER_TYPE_ELEMENT ? CBI_XML_START : CBI_XML_END, depth,
			      type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(r) == 1);
			name(o, (const char *)xmlTextReaderConstNamespaceUri(r),
			     (const char *)xmlTextReaderConstLocalName(r),
			     (const char *)xmlTextReaderConstName(r));
			if (type == XML_READER_TYPE_ELEMENT) {
				while (xmlTextReaderMoveToNextAttribute(r) == 1) {
					if (xmlTextReaderIsNamespaceDecl(r) == 1)
						continue;
					put(o, " @", 2);
					name(o, (const char *)xmlTextReaderConstNamespaceUri(r),
					     (const char *)xmlTextReaderConstLocalName(r),
					     (const char *)xmlTextReaderConstName(r));
					const char *v = (const char *)xmlTextReaderConstValue(r);
					put(o, "=", 1);
					puts_esc(o, v, v ? strlen(v) : 0);
				}
				xmlTextReaderMoveToElement(r);
			}
			put(o, "\n", 1);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			text(o, depth, v, v ? strlen(v) : 0);
			break;
		}
		case XML_READER_TYPE_COMMENT:
		case XML_READER_TYPE_PROCESSING_INSTRUCTION:
			/* They split text: what follows is a node of its own. */
			o->last_text = false;
			break;
		default:
			break;
		}
	}
	xmlFreeTextReader(r);
	return rc == 0 && !fatal;
}

/* --- the scanner ----------------------------------------------------------------------------- */

struct feed {
	const uint8_t *data;
	size_t size, at;
	uint64_t rng;
	bool tiny; /* pulls of at most a few bytes */
};

static uint64_t next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static ssize_t pull(void *ctx, char *buf, size_t len)
{
	struct feed *f = ctx;
	size_t left = f->size - f->at;
	size_t n = (size_t)(next_rand(&f->rng) % (f->tiny ? 4 : 600)) + 1;
	if (n > len)
		n = len;
	if (n > left)
		n = left;
	memcpy(buf, f->data + f->at, n);
	f->at += n;
	return (ssize_t)n;
}

struct seen {
	unsigned fatal;
};

static void on_problem(void *ctx, bool fatal, unsigned long line, const char *msg)
{
	struct seen *s = ctx;
	if (!msg || !*msg)
		abort();
	s->fatal += fatal;
	if (getenv("CB_FUZZ_XML_VERBOSE"))
		fprintf(stderr, "scanner: %s at line %lu: %s\n", fatal ? "fatal" : "recovered", line,
		        msg);
}

/* The scanner's stream; false when it failed. */
static bool by_scanner(const uint8_t *data, size_t size, uint64_t hash, struct out *o)
{
	struct feed f = {data, size, 0, hash | 1, hash % 3 == 0};
	/* The head: often all the caller looked at, sometimes less, to cut the declaration. */
	size_t head = size < 4096 ? size : 4096;
	if (hash % 5 == 0)
		head = (size_t)(hash >> 8) % (head + 1);
	f.at = head;
	struct seen seen = {0};
	cbi_xmlscan *s = cbi_xmlscan_new((const char *)data, head, pull, &f, on_problem, &seen);
	if (!s)
		abort();
	const cbi_xml_node *n;
	int rc;
	while ((rc = cbi_xmlscan_next(s, &n)) == 1) {
		if (n->type == CBI_XML_TEXT) {
			if (!n->text || strlen(n->text) != n->text_len)
				abort();
			o->last_text = false;
			text(o, n->depth, n->text, n->text_len);
			continue;
		}
		begin(o, n->type, n->depth, n->empty);
		name(o, n->ns, n->local, n->qname);
		for (size_t i = 0; i < n->nattrs; i++) {
			put(o, " @", 2);
			name(o, n->attrs[i].ns, n->attrs[i].local, n->attrs[i].qname);
			put(o, "=", 1);
			puts_esc(o, n->attrs[i].value, strlen(n->attrs[i].value));
		}
		put(o, "\n", 1);
		if (n->line < 1)
			abort();
	}
	/* A failure is reported as one fatal problem; a success reports none. */
	if ((rc < 0) != (seen.fatal > 0)) {
		fprintf(stderr, "fuzz: the scanner returned %d after %u fatal problems\n", rc,
		        seen.fatal);
		abort();
	}
	if (cbi_xmlscan_next(s, &n) != rc)
		abort();
	cbi_xmlscan_free(s);
	return rc == 0;
}

/* --- the comparison -------------------------------------------------------------------------- */

/* Whether a document type declaration comes before the first start tag (roughly: casebook's
 * own watch is exact, and an input it would refuse is of no interest here). */
static bool has_doctype(const uint8_t *data, size_t size)
{
	return memmem(data, size, "<!DOCTYPE", 9) != NULL;
}

/* libxml2's reader hands its push parser 4 bytes, then 512 at a time, and the parser (2.9.14)
 * misses a "]]>" in text that one of those cuts: what it says of such an input depends on where
 * the cuts fall, and nothing can be learnt from it. */
static bool cdata_end_at_a_cut(const uint8_t *data, size_t size)
{
	for (const uint8_t *p = data; (p = memmem(p, size - (size_t)(p - data), "]]>", 3)); p++) {
		size_t at = (size_t)(p - data);
		for (size_t k = 1; k <= 2; k++)
			if (at + k >= 4 && (at + k - 4) % 512 == 0)
				return true;
	}
	return false;
}

static void show(const char *who, const struct out *o)
{
	fprintf(stderr, "--- %s (%zu nodes):\n%.*s\n", who, o->nodes,
	        (int)(o->len > 4000 ? 4000 : o->len), o->p ? o->p : "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > INT32_MAX || has_doctype(data, size) || cdata_end_at_a_cut(data, size))
		return 0;
	size_t headlen = size < 4096 ? size : 4096;
	if (!cbi_xmlscan_accepts((const char *)data, headlen))
		return 0;
	uint64_t hash = 1469598103934665603u;
	for (size_t i = 0; i < size; i++)
		hash = (hash ^ data[i]) * 1099511628211u;

	struct out lx = {0}, sc = {0};
	bool lx_ok = by_libxml2(data, size, &lx);
	bool sc_ok = by_scanner(data, size, hash, &sc);
	const char *why = NULL;
	if (lx_ok != sc_ok)
		why = lx_ok ? "libxml2 read it, the scanner failed" : "the scanner read it, libxml2 failed";
	else if (lx_ok && (lx.len != sc.len || (lx.len && memcmp(lx.p, sc.p, lx.len) != 0)))
		why = "the node streams differ";
	else if (!lx_ok) {
		/* libxml2's nodes, but for the last (text it had not finished, an element it had just
		 * begun), begin the scanner's. */
		size_t upto = lx.nodes ? lx.last_start : 0;
		if (upto > sc.len || (upto && memcmp(lx.p, sc.p, upto) != 0))
			why = "libxml2's nodes before failing differ from the scanner's";
	}
	if (why) {
		show("libxml2", &lx);
		show("scanner", &sc);
		fprintf(stderr, "fuzz: %s\n", why);
		abort();
	}
	free(lx.p);
	free(sc.p);
	return 0;
}
