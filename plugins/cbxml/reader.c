/* cbxml reader: the native XML form back into the model, strictly.
 *
 * libxml2's streaming xmlTextReader hands over one node at a time; a stack of the open elements
 * carries the state, so memory follows the nesting rather than the file size, and nesting is
 * bounded by max-depth rather than by the C stack.
 *
 * Safety. The bytes pass through io_read() on their way to libxml2, and it watches the prolog:
 * at a DOCTYPE it cuts the input off, so a DTD never reaches the parser and no entity, external
 * (file:///etc/passwd) or internal (billion laughs), can be declared, let alone expanded. Behind
 * that, the parser runs with XML_PARSE_NONET and without XML_PARSE_NOENT, XML_PARSE_DTDLOAD and
 * XML_PARSE_HUGE, so even a DTD that got through would be neither fetched nor expanded beyond
 * libxml2's own bounds, and a DOCTYPE node is refused as well.
 *
 * Strictness. Anything the format does not define (element, attribute, namespace, number out of
 * range, text between blocks) is an error with its line, never silently skipped: a cbxml file is
 * either read exactly or refused. Comments and processing instructions carry no content and are
 * passed over. */
#include "config.h"

#include "cbxml.h"

#include <casebook/plugin.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if LIBXML_VERSION >= 21200
typedef const xmlError *cbxml_error_ptr;
#else
typedef xmlErrorPtr cbxml_error_ptr;
#endif

/* --- the prolog watch ------------------------------------------------------------------------- */

enum prolog_state {
	P_OUTSIDE, /* between constructs: white space, or the byte order mark at the very start */
	P_LT,      /* after '<' */
	P_PI,      /* in <? ... ?> (the XML declaration included) */
	P_BANG,    /* after "<!", deciding between a comment and a DOCTYPE */
	P_COMMENT, /* in <!-- ... --> */
	P_DONE     /* the root element has begun: nothing more to watch */
};

struct prolog {
	enum prolog_state state;
	char bang[8];        /* what followed "<!" so far */
	size_t bang_len;
	unsigned run;        /* '-' just seen in a comment, or whether '?' was, in a PI */
	unsigned long line;  /* line of the byte being looked at */
	uint64_t offset;     /* of the byte being looked at */
};

/* --- the reader state ------------------------------------------------------------------------- */

struct frame {
	enum cbxml_element elem;
	cb_node *node;      /* where content goes: the element's node, or for <t> its container */
	unsigned marks;     /* <t>: its marks */
	unsigned long line; /* of the start tag */
	int stage;          /* <document>: 1, 2, 3 after meta, media, body; <div>: 1 after a block */
	xmlChar *saved[3];  /* attributes needed at the end tag: entry and attr key; object id,
	                       type, name */
};

struct reader {
	cb_input *in;
	cb_document *doc;
	xmlTextReaderPtr xr;
	uint64_t max_depth;
	cb_code failed; /* the first failure, reported; CB_OK while there is none */

	struct frame *stack;
	size_t depth, cap;

	xmlChar *attrs[CBXML_ATTRIBUTE_COUNT]; /* of the start tag being read */
	char *value; /* character data of an entry, object or attr */
	size_t value_len, value_cap;

	struct prolog prolog;

	/* The first error libxml2 reported. */
	bool xml_error;
	bool xml_too_deep;
	unsigned long xml_line;
	char xml_message[256];
};

/* Cuts a string that vsnprintf truncated back to whole UTF-8 characters. */
static void trim_partial_utf8(char *s)
{
	size_t len = strlen(s), i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0 || (unsigned char)s[i - 1] < 0x80)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (len - (i - 1) < need)
		s[i - 1] = '\0';
}

/* Reports the first failure; later ones are consequences and stay quiet. */
static void fail(struct reader *r, cb_code code, unsigned long line, const char *fmt, ...)
	CB_PRINTF(4, 5);

static void fail(struct reader *r, cb_code code, unsigned long line, const char *fmt, ...)
{
	if (r->failed != CB_OK)
		return;
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	trim_partial_utf8(message);
	cb_input_report(r->in, CB_SEV_ERROR, code, NULL, line, "%s", message);
	r->failed = code;
}

/* A builder call failed: say what the model said (a limit, or memory). */
static void builder_failed(struct reader *r, unsigned long line)
{
	const char *why = cb_document_error(r->doc);
	int code = cb_document_error_code(r->doc);
	fail(r, code ? (cb_code)code : CB_E_NOMEM, line, "%s", why ? why : "out of memory");
}

static bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static bool all_space(const char *s)
{
	while (is_space((unsigned char)*s))
		s++;
	return *s == '\0';
}

/* --- input ------------------------------------------------------------------------------------ */

static void prolog_refuse(struct reader *r, cb_code code, const char *why)
{
	fail(r, code, r->prolog.line, "%s", why);
}

/* Looks at one byte of the prolog. Returns false when the input is refused. */
static bool prolog_byte(struct reader *r, unsigned char c)
{
	struct prolog *p = &r->prolog;
	if (c == '\0' || (p->offset == 0 && (c == 0xFE || c == 0xFF))) {
		prolog_refuse(r, CB_E_UNSUPPORTED, "cbxml is read as UTF-8, and this input looks like "
		                                   "UTF-16 or UTF-32");
		return false;
	}
	switch (p->state) {
	case P_OUTSIDE:
		if (c == '<')
			p->state = P_LT;
		else if (!is_space(c) && !(p->offset < 3 && c == "\xEF\xBB\xBF"[p->offset])) {
			prolog_refuse(r, CB_E_SYNTAX, "text before the root element: this is not cbxml");
			return false;
		}
		break;
	case P_LT:
		p->state = c == '?' ? P_PI : c == '!' ? P_BANG : P_DONE;
		p->run = 0;
		p->bang_len = 0;
		break;
	case P_PI:
		if (p->run && c == '>')
			p->state = P_OUTSIDE;
		p->run = c == '?';
		break;
	case P_BANG:
		p->bang[p->bang_len++] = (char)c;
		if (p->bang_len == 2 && memcmp(p->bang, "--", 2) == 0) {
			p->state = P_COMMENT;
			p->run = 0;
		} else if (p->bang_len == 7 && memcmp(p->bang, "DOCTYPE", 7) == 0) {
			prolog_refuse(r, CB_E_INVALID, "cbxml does not use DTDs: a DOCTYPE declaration is "
			                               "refused, and with it every entity declaration");
			return false;
		} else if (memcmp(p->bang, "--", p->bang_len < 2 ? p->bang_len : 2) != 0 &&
		           memcmp(p->bang, "DOCTYPE", p->bang_len) != 0)
			p->state = P_DONE; /* neither: libxml2 will say what is wrong */
		break;
	case P_COMMENT:
		if (p->run >= 2 && c == '>')
			p->state = P_OUTSIDE;
		p->run = c == '-' ? p->run + 1 : 0;
		break;
	case P_DONE:
		break;
	}
	if (c == '\n')
		p->line++;
	p->offset++;
	return true;
}

/* libxml2's read callback: the next bytes of the input, watched until the root element starts. */
static int io_read(void *ctx, char *buf, int len)
{
	struct reader *r = ctx;
	if (r->failed != CB_OK)
		return -1;
	ssize_t n = cb_input_read(r->in, buf, (size_t)len);
	if (n < 0) {
		r->failed = CB_E_IO; /* cb_input_read has reported it */
		return -1;
	}
	for (ssize_t i = 0; i < n && r->prolog.state != P_DONE; i++)
		if (!prolog_byte(r, (unsigned char)buf[i]))
			return -1;
	return (int)n;
}

/* --- libxml2's errors ------------------------------------------------------------------------- */

/* Keeps the first error; the ones after it are usually its echoes. Warnings are not ours to pass
 * on: whatever they warn about is either fine for cbxml or refused by the checks below. */
static void on_xml_error(void *ctx, cbxml_error_ptr e)
{
	struct reader *r = ctx;
	if (!e || e->level < XML_ERR_ERROR || r->xml_error)
		return;
	r->xml_error = true;
	r->xml_line = e->line > 0 ? (unsigned long)e->line : 0;
	/* libxml2 stops at 256 levels of elements whatever max-depth says (its own guard, lifted
	 * only by XML_PARSE_HUGE); it parses ahead of us, so it may get there first. */
	r->xml_too_deep = e->domain == XML_FROM_PARSER && e->code == XML_ERR_INTERNAL_ERROR &&
	                  e->message && strstr(e->message, "Excessive depth");
	snprintf(r->xml_message, sizeof r->xml_message, "%s",
	         e->message ? e->message : "malformed XML");
	size_t len = strlen(r->xml_message);
	while (len && is_space((unsigned char)r->xml_message[len - 1]))
		r->xml_message[--len] = '\0';
	trim_partial_utf8(r->xml_message);
}

static void ignore_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* libxml2's process-wide handlers (per thread), which it uses for errors that have no parser to
 * go to, such as a failed read callback. They are pointed at the reader for the duration of one
 * read, so that nothing is ever printed, and put back afterwards. */
struct saved_handlers {
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
	xmlGenericErrorFunc generic;
	void *generic_ctx;
};

static void quiet_libxml(struct saved_handlers *s, struct reader *r)
{
	s->structured = xmlStructuredError;
	s->structured_ctx = xmlStructuredErrorContext;
	s->generic = xmlGenericError;
	s->generic_ctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(r, on_xml_error);
	xmlSetGenericErrorFunc(NULL, ignore_generic);
}

static void restore_libxml(const struct saved_handlers *s)
{
	xmlSetStructuredErrorFunc(s->structured_ctx, s->structured);
	xmlSetGenericErrorFunc(s->generic_ctx, s->generic);
}

/* --- positions -------------------------------------------------------------------------------- */

/* The line of the node the reader is on. xmlTextReaderGetParserLineNumber would be the parser's
 * line, and the parser runs up to a chunk ahead of the node, so the node's own line is used; an
 * element's is where its start tag ends. Past line 65535 libxml2 keeps exact lines for text only,
 * and the parser's line is the best there is. */
static unsigned long node_line(struct reader *r)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
	long line = n ? xmlGetLineNo(n) : -1;
	if (line > 0 && (line < 65535 || (n && n->type == XML_TEXT_NODE)))
		return (unsigned long)line;
	int parser = xmlTextReaderGetParserLineNumber(r->xr);
	return parser > 0 ? (unsigned long)parser : 0;
}

/* The line of the first character of s that is not white space. libxml2 stamps a text node with
 * the line it had reached when it first passed the text on, which for a text of a few hundred
 * bytes is the line the text ends on: the character is that many line breaks earlier. A longer
 * text is stamped before its end, so the count stops at the enclosing element's line. */
static unsigned long text_line(struct reader *r, const char *s, unsigned long floor)
{
	unsigned long line = node_line(r);
	while (is_space((unsigned char)*s))
		s++;
	for (; *s && line > floor; s++)
		if (*s == '\n')
			line--;
	return line;
}

/* --- values ----------------------------------------------------------------------------------- */

/* An xsd:integer as the schema reads it (white space around an optional sign and decimal digits),
 * within min..max. */
static bool parse_integer(const char *s, long min, long max, long *out)
{
	while (is_space((unsigned char)*s))
		s++;
	bool negative = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	long v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		int d = *s - '0';
		if (negative ? v < (LONG_MIN + d) / 10 : v > (LONG_MAX - d) / 10)
			return false;
		v = v * 10 + (negative ? -d : d);
	}
	while (is_space((unsigned char)*s))
		s++;
	if (*s || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* "true" or "false", with white space around as the schema's token type allows. */
static bool parse_boolean(const char *s, bool *out)
{
	while (is_space((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len && is_space((unsigned char)s[len - 1]))
		len--;
	if (len == 4 && memcmp(s, "true", 4) == 0)
		*out = true;
	else if (len == 5 && memcmp(s, "false", 5) == 0)
		*out = false;
	else
		return false;
	return true;
}

/* Mark names separated by white space, each known and in bit order (which rules out repeats),
 * at least one. */
static bool parse_marks(const char *s, unsigned *out)
{
	unsigned marks = 0, last = 0;
	for (;;) {
		while (is_space((unsigned char)*s))
			s++;
		if (!*s)
			break;
		char word[32];
		size_t len = 0;
		while (s[len] && !is_space((unsigned char)s[len]))
			len++;
		if (len >= sizeof word)
			return false;
		memcpy(word, s, len);
		word[len] = '\0';
		unsigned mark = cb_mark_from_name(word);
		if (!mark || mark <= last)
			return false;
		marks |= mark;
		last = mark;
		s += len;
	}
	*out = marks;
	return marks != 0;
}

static bool value_append(struct reader *r, const char *s, size_t len)
{
	if (len >= r->value_cap - r->value_len || !r->value) {
		size_t cap = r->value_cap ? r->value_cap : 256;
		while (cap - r->value_len <= len) {
			if (cap > SIZE_MAX / 2)
				return false;
			cap *= 2;
		}
		char *grown = realloc(r->value, cap);
		if (!grown)
			return false;
		r->value = grown;
		r->value_cap = cap;
	}
	memcpy(r->value + r->value_len, s, len);
	r->value_len += len;
	r->value[r->value_len] = '\0';
	return true;
}

/* --- the grammar ------------------------------------------------------------------------------ */

#define A(x) (1u << CBXML_A_##x)

/* Which attributes each element may have, and which of them it must have. */
static const struct {
	unsigned allowed, required;
} attribute_rules[CBXML_ELEMENT_COUNT] = {
	[CBXML_DOCUMENT] = {A(VERSION), A(VERSION)},
	[CBXML_ENTRY] = {A(KEY), A(KEY)},
	[CBXML_OBJECT] = {A(ID) | A(TYPE) | A(NAME), A(ID) | A(TYPE)},
	[CBXML_HEADING] = {A(LEVEL), A(LEVEL)},
	[CBXML_LIST] = {A(ORDERED) | A(START) | A(STYLE), A(ORDERED) | A(START)},
	[CBXML_CELL] = {A(ROWSPAN) | A(COLSPAN) | A(HEADER), 0},
	[CBXML_IMAGE] = {A(SRC) | A(ALT), A(SRC)},
	[CBXML_NOTE] = {A(ID) | A(KIND), A(ID)},
	[CBXML_DIV] = {A(CLASS), 0},
	[CBXML_ATTR] = {A(KEY), A(KEY)},
	[CBXML_T] = {A(M), A(M)},
	[CBXML_LINK] = {A(HREF), A(HREF)},
	[CBXML_NOTEREF] = {A(ID), A(ID)},
};

#undef A

static bool is_block(enum cbxml_element e)
{
	return e == CBXML_HEADING || e == CBXML_P || e == CBXML_LIST || e == CBXML_TABLE ||
	       e == CBXML_IMAGE || e == CBXML_NOTE || e == CBXML_DIV;
}

static bool is_inline(enum cbxml_element e)
{
	return e == CBXML_T || e == CBXML_BR || e == CBXML_LINK || e == CBXML_NOTEREF ||
	       e == CBXML_IMAGE;
}

/* Elements whose character data is a value rather than document text. */
static bool holds_value(enum cbxml_element e)
{
	return e == CBXML_ENTRY || e == CBXML_OBJECT || e == CBXML_ATTR;
}

/* Elements whose character data is document text, kept exactly. */
static bool holds_text(enum cbxml_element e)
{
	return e == CBXML_HEADING || e == CBXML_P || e == CBXML_LINK || e == CBXML_T;
}

/* Whether child may come next inside parent (NULL: at the top). */
static bool child_allowed(const struct frame *parent, enum cbxml_element child)
{
	if (!parent)
		return child == CBXML_DOCUMENT;
	switch (parent->elem) {
	case CBXML_DOCUMENT:
		return (child == CBXML_META && parent->stage < 1) ||
		       (child == CBXML_MEDIA && parent->stage < 2) ||
		       (child == CBXML_BODY && parent->stage < 3);
	case CBXML_META: return child == CBXML_ENTRY;
	case CBXML_MEDIA: return child == CBXML_OBJECT;
	case CBXML_BODY:
	case CBXML_ITEM:
	case CBXML_CELL:
	case CBXML_NOTE: return is_block(child);
	case CBXML_DIV: return is_block(child) || (child == CBXML_ATTR && parent->stage == 0);
	case CBXML_LIST: return child == CBXML_ITEM;
	case CBXML_TABLE: return child == CBXML_ROW;
	case CBXML_ROW: return child == CBXML_CELL;
	case CBXML_HEADING:
	case CBXML_P: return is_inline(child);
	case CBXML_LINK: return is_inline(child) && child != CBXML_LINK;
	default: return false;
	}
}

static const char *why_not_allowed(const struct frame *parent, enum cbxml_element child)
{
	if (parent->elem == CBXML_DOCUMENT &&
	    (child == CBXML_META || child == CBXML_MEDIA || child == CBXML_BODY))
		return "out of order or repeated (the order is meta, media, body, each at most once)";
	if (parent->elem == CBXML_DIV && child == CBXML_ATTR)
		return "after a block (a div's attrs come before its blocks)";
	return "not allowed there";
}

static int element_from_name(const char *name)
{
	for (int e = 0; e < CBXML_ELEMENT_COUNT; e++)
		if (strcmp(cbxml_element_name((enum cbxml_element)e), name) == 0)
			return e;
	return -1;
}

static int attribute_from_name(const char *name)
{
	for (int a = 0; a < CBXML_ATTRIBUTE_COUNT; a++)
		if (strcmp(cbxml_attribute_name((enum cbxml_attribute)a), name) == 0)
			return a;
	return -1;
}

static void free_attrs(struct reader *r)
{
	for (int a = 0; a < CBXML_ATTRIBUTE_COUNT; a++) {
		xmlFree(r->attrs[a]);
		r->attrs[a] = NULL;
	}
}

static const char *attr(const struct reader *r, enum cbxml_attribute a)
{
	return (const char *)r->attrs[a];
}

/* Reads the start tag's attributes into r->attrs, refusing any the element does not have. */
static bool read_attributes(struct reader *r, enum cbxml_element e, unsigned long line)
{
	const char *ename = cbxml_element_name(e);
	int more = xmlTextReaderMoveToFirstAttribute(r->xr);
	for (; more == 1; more = xmlTextReaderMoveToNextAttribute(r->xr)) {
		if (xmlTextReaderIsNamespaceDecl(r->xr) == 1)
			continue;
		const char *name = (const char *)xmlTextReaderConstName(r->xr);
		int a = xmlTextReaderConstNamespaceUri(r->xr) ? -1 : attribute_from_name(name);
		if (a < 0 || !(attribute_rules[e].allowed & (1u << a))) {
			fail(r, CB_E_INVALID, line, "unknown attribute '%s' on <%s>", name, ename);
			break;
		}
		if (!(r->attrs[a] = xmlTextReaderValue(r->xr))) {
			fail(r, CB_E_NOMEM, line, "out of memory");
			break;
		}
	}
	xmlTextReaderMoveToElement(r->xr);
	if (r->failed != CB_OK)
		return false;
	if (more < 0) {
		fail(r, CB_E_SYNTAX, line, "cannot read the attributes of <%s>", ename);
		return false;
	}
	for (int a = 0; a < CBXML_ATTRIBUTE_COUNT; a++)
		if ((attribute_rules[e].required & (1u << a)) && !r->attrs[a]) {
			fail(r, CB_E_INVALID, line, "<%s> needs a '%s' attribute", ename,
			     cbxml_attribute_name((enum cbxml_attribute)a));
			return false;
		}
	return true;
}

/* --- elements --------------------------------------------------------------------------------- */

static bool bad_value(struct reader *r, enum cbxml_element e, enum cbxml_attribute a,
                      unsigned long line, const char *expected)
{
	fail(r, CB_E_INVALID, line, "<%s %s=\"%s\">: %s expected", cbxml_element_name(e),
	     cbxml_attribute_name(a), attr(r, a), expected);
	return false;
}

static bool non_empty(struct reader *r, enum cbxml_element e, enum cbxml_attribute a,
                      unsigned long line)
{
	return *attr(r, a) || bad_value(r, e, a, line, "a non-empty value");
}

/* An optional span, 1 when absent. */
static bool span(struct reader *r, enum cbxml_attribute a, unsigned long line, unsigned *out)
{
	long v = 1;
	if (attr(r, a) && !parse_integer(attr(r, a), 1, CBXML_MAX_SPAN, &v))
		return bad_value(r, CBXML_CELL, a, line, "a whole number from 1 to 10000");
	*out = (unsigned)v;
	return true;
}

static cb_node *add_list(struct reader *r, cb_node *parent, unsigned long line)
{
	bool ordered;
	long start;
	if (!parse_boolean(attr(r, CBXML_A_ORDERED), &ordered)) {
		bad_value(r, CBXML_LIST, CBXML_A_ORDERED, line, "true or false");
		return NULL;
	}
	if (!parse_integer(attr(r, CBXML_A_START), LONG_MIN, LONG_MAX, &start)) {
		bad_value(r, CBXML_LIST, CBXML_A_START, line, "a whole number");
		return NULL;
	}
	cb_node *n = cb_add_list(parent, ordered, start, attr(r, CBXML_A_STYLE));
	if (!n)
		builder_failed(r, line);
	return n;
}

static cb_node *add_cell(struct reader *r, cb_node *row, unsigned long line)
{
	unsigned rowspan, colspan;
	bool header = false;
	if (!span(r, CBXML_A_ROWSPAN, line, &rowspan) || !span(r, CBXML_A_COLSPAN, line, &colspan))
		return NULL;
	if (attr(r, CBXML_A_HEADER) && !parse_boolean(attr(r, CBXML_A_HEADER), &header)) {
		bad_value(r, CBXML_CELL, CBXML_A_HEADER, line, "true or false");
		return NULL;
	}
	cb_node *n = cb_add_cell(row, rowspan, colspan, header);
	if (!n)
		builder_failed(r, line);
	return n;
}

/* Checks and keeps the attributes the end tag will need. */
static bool begin_value(struct reader *r, struct frame *f, const struct frame *parent)
{
	r->value_len = 0;
	if (r->value)
		r->value[0] = '\0';
	const char *key = attr(r, CBXML_A_KEY);
	switch (f->elem) {
	case CBXML_ENTRY:
		if (!non_empty(r, CBXML_ENTRY, CBXML_A_KEY, f->line))
			return false;
		if (cb_document_meta(r->doc, key)) {
			fail(r, CB_E_INVALID, f->line, "metadata key '%s' appears twice", key);
			return false;
		}
		f->saved[0] = r->attrs[CBXML_A_KEY];
		r->attrs[CBXML_A_KEY] = NULL;
		return true;
	case CBXML_ATTR:
		if (!non_empty(r, CBXML_ATTR, CBXML_A_KEY, f->line))
			return false;
		if (cb_div_attr(parent->node, key)) {
			fail(r, CB_E_INVALID, f->line, "div attribute '%s' appears twice", key);
			return false;
		}
		f->node = parent->node;
		f->saved[0] = r->attrs[CBXML_A_KEY];
		r->attrs[CBXML_A_KEY] = NULL;
		return true;
	default: /* CBXML_OBJECT */
		if (cb_document_find_media(r->doc, attr(r, CBXML_A_ID))) {
			fail(r, CB_E_INVALID, f->line, "media id '%s' appears twice",
			     attr(r, CBXML_A_ID));
			return false;
		}
		f->saved[0] = r->attrs[CBXML_A_ID];
		f->saved[1] = r->attrs[CBXML_A_TYPE];
		f->saved[2] = r->attrs[CBXML_A_NAME];
		r->attrs[CBXML_A_ID] = r->attrs[CBXML_A_TYPE] = r->attrs[CBXML_A_NAME] = NULL;
		return true;
	}
}

/* Builds what a start tag stands for into the new frame f. */
static bool begin(struct reader *r, struct frame *f, struct frame *parent)
{
	cb_node *into = parent ? parent->node : NULL;
	cb_node *n = NULL;
	long level;
	switch (f->elem) {
	case CBXML_DOCUMENT: {
		const char *v = attr(r, CBXML_A_VERSION);
		long version;
		if (!parse_integer(v, 1, 1, &version)) {
			fail(r, CB_E_UNSUPPORTED, f->line,
			     "cbxml version '%s' is not supported (this reader knows version "
			     CBXML_FORMAT_VERSION ")", v);
			return false;
		}
		return true;
	}
	case CBXML_META:
	case CBXML_MEDIA:
		parent->stage = f->elem == CBXML_META ? 1 : 2;
		return true;
	case CBXML_BODY:
		parent->stage = 3;
		f->node = cb_document_body(r->doc);
		return true;
	case CBXML_ENTRY:
	case CBXML_OBJECT:
	case CBXML_ATTR:
		return begin_value(r, f, parent);
	case CBXML_HEADING:
		if (!parse_integer(attr(r, CBXML_A_LEVEL), 1, 9, &level))
			return bad_value(r, CBXML_HEADING, CBXML_A_LEVEL, f->line,
			                 "a whole number from 1 to 9");
		n = cb_add_heading(into, (int)level);
		break;
	case CBXML_P: n = cb_add_paragraph(into); break;
	case CBXML_LIST:
		if (!(f->node = add_list(r, into, f->line)))
			return false;
		break;
	case CBXML_ITEM: n = cb_add_item(into); break;
	case CBXML_TABLE: n = cb_add_table(into); break;
	case CBXML_ROW: n = cb_add_row(into); break;
	case CBXML_CELL:
		if (!(f->node = add_cell(r, into, f->line)))
			return false;
		break;
	case CBXML_IMAGE: n = cb_add_image(into, attr(r, CBXML_A_SRC), attr(r, CBXML_A_ALT)); break;
	case CBXML_NOTE:
		if (!non_empty(r, CBXML_NOTE, CBXML_A_ID, f->line))
			return false;
		n = cb_add_note(into, attr(r, CBXML_A_ID), attr(r, CBXML_A_KIND));
		break;
	case CBXML_DIV: n = cb_add_div(into, attr(r, CBXML_A_CLASS)); break;
	case CBXML_T:
		if (!parse_marks(attr(r, CBXML_A_M), &f->marks))
			return bad_value(r, CBXML_T, CBXML_A_M, f->line,
			                 "mark names in this order: bold italic underline strike "
			                 "superscript subscript");
		f->node = into; /* text inside goes to the container, with these marks */
		return true;
	case CBXML_BR: n = cb_add_break(into); break;
	case CBXML_LINK: n = cb_add_link(into, attr(r, CBXML_A_HREF)); break;
	case CBXML_NOTEREF:
		if (!non_empty(r, CBXML_NOTEREF, CBXML_A_ID, f->line))
			return false;
		n = cb_add_noteref(into, attr(r, CBXML_A_ID));
		break;
	default:
		return false;
	}
	if (f->elem == CBXML_LIST || f->elem == CBXML_CELL)
		return true;
	if (!n) {
		builder_failed(r, f->line);
		return false;
	}
	f->node = n;
	return true;
}

static void end_object(struct reader *r, struct frame *f)
{
	size_t len = 0;
	unsigned char *bytes = cb_base64_decode(r->value ? r->value : "", r->value_len, &len);
	if (!bytes) {
		fail(r, CB_E_INVALID, f->line, "media object '%s' is not valid base64",
		     (const char *)f->saved[0]);
		return;
	}
	if (!cb_document_add_media(r->doc, (const char *)f->saved[0], (const char *)f->saved[1],
	                           (const char *)f->saved[2], bytes, len))
		builder_failed(r, f->line);
	free(bytes);
}

/* Drops the innermost frame without finishing what it stands for. */
static void discard(struct reader *r)
{
	struct frame *f = &r->stack[--r->depth];
	for (size_t i = 0; i < sizeof f->saved / sizeof *f->saved; i++)
		xmlFree(f->saved[i]);
}

/* Finishes the innermost element at its end tag. */
static void pop(struct reader *r)
{
	struct frame *f = &r->stack[r->depth - 1];
	const char *value = r->value ? r->value : "";
	switch (f->elem) {
	case CBXML_DOCUMENT:
		if (f->stage < 3)
			fail(r, CB_E_INVALID, f->line, "<document> has no <body>");
		break;
	case CBXML_ENTRY:
		if (cb_document_set_meta(r->doc, (const char *)f->saved[0], value) != 0)
			builder_failed(r, f->line);
		break;
	case CBXML_ATTR:
		if (cb_div_set_attr(f->node, (const char *)f->saved[0], value) != 0)
			builder_failed(r, f->line);
		break;
	case CBXML_OBJECT:
		end_object(r, f);
		break;
	default:
		break;
	}
	discard(r);
}

static struct frame *push(struct reader *r, enum cbxml_element e, unsigned long line)
{
	if (r->depth == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		struct frame *grown = realloc(r->stack, cap * sizeof *grown);
		if (!grown) {
			fail(r, CB_E_NOMEM, line, "out of memory");
			return NULL;
		}
		r->stack = grown;
		r->cap = cap;
	}
	struct frame *f = &r->stack[r->depth++];
	*f = (struct frame){.elem = e, .line = line};
	return f;
}

static void start_element(struct reader *r)
{
	unsigned long line = node_line(r);
	const char *name = (const char *)xmlTextReaderConstName(r->xr);
	if (r->max_depth && r->depth + 1 > r->max_depth) {
		fail(r, CB_E_LIMIT, line, "<%s> nests %zu elements deep, more than max-depth (%llu) "
		     "allows", name, r->depth + 1, (unsigned long long)r->max_depth);
		return;
	}
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r->xr);
	if (!ns || strcmp(ns, CBXML_NS) != 0) {
		if (ns)
			fail(r, CB_E_INVALID, line, "<%s> is in the namespace '%s', not in cbxml's (%s)",
			     name, ns, CBXML_NS);
		else
			fail(r, CB_E_INVALID, line, "<%s> is in no namespace, not in cbxml's (%s)", name,
			     CBXML_NS);
		return;
	}
	int found = element_from_name((const char *)xmlTextReaderConstLocalName(r->xr));
	if (found < 0) {
		fail(r, CB_E_INVALID, line, "unknown element <%s>", name);
		return;
	}
	enum cbxml_element e = (enum cbxml_element)found;
	const struct frame *parent = r->depth ? &r->stack[r->depth - 1] : NULL;
	if (!child_allowed(parent, e)) {
		if (parent)
			fail(r, CB_E_INVALID, line, "<%s> in <%s>: %s", name,
			     cbxml_element_name(parent->elem), why_not_allowed(parent, e));
		else
			fail(r, CB_E_INVALID, line, "the root element is <%s>, not <document>", name);
		return;
	}
	bool empty = xmlTextReaderIsEmptyElement(r->xr) == 1;
	struct frame *f = read_attributes(r, e, line) ? push(r, e, line) : NULL;
	if (!f) {
		free_attrs(r);
		return;
	}
	/* Taken after the push, which may have moved the stack. */
	struct frame *up = r->depth > 1 ? &r->stack[r->depth - 2] : NULL;
	bool ok = begin(r, f, up);
	free_attrs(r);
	if (!ok) {
		discard(r);
		return;
	}
	if (up && up->elem == CBXML_DIV && is_block(e))
		up->stage = 1; /* no more attrs */
	if (empty)
		pop(r); /* <x/> has no end tag to wait for */
}

static void character_data(struct reader *r)
{
	const char *s = (const char *)xmlTextReaderConstValue(r->xr);
	if (!s || !r->depth)
		return;
	struct frame *f = &r->stack[r->depth - 1];
	if (holds_text(f->elem)) {
		if (cb_add_text(f->node, s, strlen(s), f->marks) != 0)
			builder_failed(r, node_line(r));
	} else if (holds_value(f->elem)) {
		if (!value_append(r, s, strlen(s)))
			fail(r, CB_E_NOMEM, node_line(r), "out of memory");
	} else if (!all_space(s)) {
		fail(r, CB_E_INVALID, text_line(r, s, f->line),
		     "text is not allowed in <%s>, which holds only elements",
		     cbxml_element_name(f->elem));
	}
}

static void visit(struct reader *r)
{
	switch (xmlTextReaderNodeType(r->xr)) {
	case XML_READER_TYPE_ELEMENT:
		start_element(r);
		break;
	case XML_READER_TYPE_END_ELEMENT:
		if (r->depth)
			pop(r);
		break;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		character_data(r);
		break;
	case XML_READER_TYPE_COMMENT:
	case XML_READER_TYPE_PROCESSING_INSTRUCTION:
	case XML_READER_TYPE_XML_DECLARATION:
		break;
	case XML_READER_TYPE_DOCUMENT_TYPE:
		fail(r, CB_E_INVALID, node_line(r), "cbxml does not use DTDs");
		break;
	default: /* entity references and the like, which only a DTD could bring */
		fail(r, CB_E_INVALID, node_line(r), "unexpected '%s' (cbxml has no entities)",
		     (const char *)xmlTextReaderConstName(r->xr));
		break;
	}
}

/* After the last node: what libxml2 found wrong, if anything did. */
static void finish(struct reader *r, int status)
{
	if (r->failed != CB_OK)
		return;
	if (status < 0 || r->xml_error) {
		if (r->xml_too_deep)
			fail(r, CB_E_LIMIT, r->xml_line,
			     "elements nest deeper than libxml2 reads safely (256 levels), whatever "
			     "max-depth says");
		else if (r->prolog.offset == 0)
			fail(r, CB_E_SYNTAX, 0, "the input is empty");
		else
			fail(r, CB_E_SYNTAX, r->xml_line, "malformed XML: %s",
			     r->xml_error ? r->xml_message : "the parser stopped");
		return;
	}
	if (r->depth) /* cannot happen with a well-formed input, but a truncated one is no document */
		fail(r, CB_E_SYNTAX, 0, "the input ends inside <%s>",
		     cbxml_element_name(r->stack[r->depth - 1].elem));
	else if (!r->prolog.offset || r->prolog.state != P_DONE)
		fail(r, CB_E_SYNTAX, r->prolog.line, "no root element");
}

enum { PARSE_OPTIONS = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES };

static cb_code read_cbxml(cb_input *in, cb_document *doc)
{
	struct reader r = {.in = in, .doc = doc, .max_depth = cb_input_limit(in, CB_LIMIT_DEPTH)};
	r.prolog.line = 1;
	xmlInitParser();
	struct saved_handlers saved;
	quiet_libxml(&saved, &r);
	r.xr = xmlReaderForIO(io_read, NULL, &r, NULL, NULL, PARSE_OPTIONS);
	if (!r.xr)
		fail(&r, CB_E_NOMEM, 0, "out of memory");
	int status = 0;
	if (r.xr) {
		xmlTextReaderSetStructuredErrorHandler(r.xr, on_xml_error, &r);
		while (r.failed == CB_OK && (status = xmlTextReaderRead(r.xr)) == 1) {
			/* libxml2 parses ahead: an error it met lies after the nodes already delivered,
			 * which are checked first so that the first problem in the file is reported. */
			if (r.xml_error && r.xml_line <= node_line(&r))
				break;
			visit(&r);
		}
		finish(&r, status);
		xmlFreeTextReader(r.xr);
	}
	if (r.failed == CB_OK)
		r.failed = cbxml_check_references(in, doc);
	restore_libxml(&saved);
	while (r.depth)
		discard(&r);
	free_attrs(&r);
	free(r.stack);
	free(r.value);
	return r.failed;
}

/* --- detection -------------------------------------------------------------------------------- */

/* Skips the prolog constructs at s (declaration, PIs, comments, a DOCTYPE) and white space; NULL
 * when the head ends first or holds something else. */
static const unsigned char *skip_prolog(const unsigned char *s, const unsigned char *end)
{
	for (;;) {
		while (s < end && is_space(*s))
			s++;
		if (end - s < 2 || *s != '<')
			return NULL;
		const char *close = NULL;
		if (s[1] == '?')
			close = "?>";
		else if (end - s >= 4 && memcmp(s, "<!--", 4) == 0)
			close = "-->";
		else if (s[1] != '!')
			return s;
		if (close) {
			const unsigned char *at = memmem(s + 2, (size_t)(end - s - 2), close, strlen(close));
			if (!at)
				return NULL;
			s = at + strlen(close);
			continue;
		}
		int brackets = 0; /* a DOCTYPE's internal subset may hold '>' */
		for (s += 2; s < end && (*s != '>' || brackets > 0); s++)
			brackets += *s == '[' ? 1 : *s == ']' ? -1 : 0;
		if (s == end)
			return NULL;
		s++;
	}
}

/* Scores: 90 when the head is XML whose root element is named `document` (with any prefix) and
 * the head holds cbxml's namespace name: that is the format's own signature (60-100), short of
 * 100 only because the namespace is seen in the head rather than proven bound to the root.
 * Anything else is 0, including a <document> in no or another namespace, so that other XML is
 * left to the readers it belongs to. */
static int bid(const cb_probe *probe)
{
	size_t len;
	const unsigned char *head = cb_probe_head(probe, &len), *end = head + len;
	const unsigned char *s = head;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	s = skip_prolog(s, end);
	if (!s)
		return 0;
	const unsigned char *name = ++s;
	while (s < end && !is_space(*s) && *s != '/' && *s != '>')
		s++;
	const unsigned char *local = name;
	for (const unsigned char *c = name; c < s; c++)
		if (*c == ':')
			local = c + 1;
	static const char root[] = "document";
	if ((size_t)(s - local) != sizeof root - 1 || memcmp(local, root, sizeof root - 1) != 0)
		return 0;
	return memmem(head, len, CBXML_NS, sizeof CBXML_NS - 1) ? 90 : 0;
}

static const char *const extensions[] = {"cbxml", NULL};
static const char *const media_types[] = {CBXML_MEDIA_TYPE, NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "cbxml",
	.version = CBXML_PLUGIN_VERSION,
	.licence = "MIT",
	.summary = "casebook's own XML form of the document model (lossless)",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.media_types = media_types,
	.bid = bid,
	.read = read_cbxml,
};
