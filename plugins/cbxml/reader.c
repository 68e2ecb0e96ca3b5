/* cbxml reader: the native XML form back into the model, strictly.
 *
 * The input is parsed through <casebook/xml.h>, the pull parser every XML reader shares: one node
 * at a time, so memory follows the nesting rather than the file size, and a stack of the open
 * elements carries the state. Nesting is bounded by max-depth there rather than by the C stack.
 *
 * Safety is the shared parser's: it refuses a DOCTYPE in the bytes before any parser sees them,
 * so no entity, external (file:///etc/passwd) or internal (billion laughs), can be declared, let
 * alone expanded; it enforces max-depth, reads nothing from the network, and reports malformed XML
 * as syntax errors with their line. What is left here is what cbxml adds: the input must be UTF-8
 * and start with markup, which a look at its first bytes settles before parsing.
 *
 * Strictness. Anything the format does not define (element, attribute, namespace, number out of
 * range, text between blocks) is an error with its line, never silently skipped: a cbxml file is
 * either read exactly or refused. Comments and processing instructions carry no content: the
 * parser passes them over. */
#include "config.h"

#include "cbxml.h"

#include <casebook/plugin.h>
#include <casebook/xml.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the reader state ------------------------------------------------------------------------- */

struct frame {
	enum cbxml_element elem;
	cb_node *node;      /* where content goes: the element's node, or for <t> its container */
	unsigned marks;     /* <t>: its marks */
	unsigned long line; /* of the start tag */
	int stage;          /* <document>: 1, 2, 3 after meta, media, body; <div>: 1 after a block */
	char *saved[3];     /* attributes needed at the end tag (copies): entry and attr key; object
	                       id, type, name */
};

struct reader {
	cb_input *in;
	cb_document *doc;
	cb_xml *x;
	cb_code failed; /* the first failure, reported; CB_OK while there is none */
	bool rooted;    /* the root element has been seen */

	struct frame *stack;
	size_t depth, cap;

	const char *attrs[CBXML_ATTRIBUTE_COUNT]; /* of the start tag being read (the parser's) */
	char *value; /* character data of an entry, object or attr */
	size_t value_len, value_cap;
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


/* --- the first bytes -------------------------------------------------------------------------- */

/* How much of the input the first look takes: enough to pass over the white space that may come
 * before the first markup. */
#define HEAD_SIZE 512

/* Looks at the input's first bytes for what cbxml refuses before any XML is parsed: an empty
 * input, UTF-16 or UTF-32 (cbxml is UTF-8), and text before the first markup. The shared parser
 * rewinds the input when it opens it. Returns false when the input is refused (reported). */
static bool first_look(struct reader *r)
{
	unsigned char head[HEAD_SIZE];
	size_t len = 0;
	while (len < sizeof head) {
		ssize_t n = cb_input_read(r->in, head + len, sizeof head - len);
		if (n < 0) {
			r->failed = CB_E_IO; /* cb_input_read has reported it */
			return false;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len == 0) {
		fail(r, CB_E_SYNTAX, 0, "the input is empty");
		return false;
	}
	/* A byte order mark of UTF-16 or UTF-32 (FE FF, FF FE), or a NUL among the first four bytes,
	 * which is how any of them without a mark begins: "<" is 00 3C, 3C 00 or the like. */
	bool wide = head[0] == 0xFE || head[0] == 0xFF;
	for (size_t i = 0; i < len && i < 4; i++)
		wide = wide || head[i] == '\0';
	if (wide) {
		fail(r, CB_E_UNSUPPORTED, 1, "cbxml is read as UTF-8, and this input looks like UTF-16 "
		                             "or UTF-32");
		return false;
	}
	size_t i = len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	unsigned long line = 1;
	for (; i < len && is_space(head[i]); i++)
		line += head[i] == '\n';
	if (i < len && head[i] != '<') {
		fail(r, CB_E_SYNTAX, line, "text before the root element: this is not cbxml");
		return false;
	}
	return true;
}

/* --- positions -------------------------------------------------------------------------------- */

/* The line of the first character of s that is not white space. The parser numbers a text node
 * as libxml2 does: with the line it had reached when it first passed the text on, which for a
 * text of a few hundred bytes is the line the text ends on, so the character is that many line
 * breaks earlier. A longer text is numbered before its end, so the count stops at the enclosing
 * element's line. */
static unsigned long text_line(struct reader *r, const char *s, unsigned long floor)
{
	unsigned long line = cb_xml_line(r->x);
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
	for (int a = 0; a < CBXML_ATTRIBUTE_COUNT; a++)
		r->attrs[a] = NULL;
}

static const char *attr(const struct reader *r, enum cbxml_attribute a)
{
	return r->attrs[a];
}

/* A prefixed name in no namespace: the parser recovered from a prefix that nothing declares
 * (and warned), which is not well-formed XML with namespaces, so it is refused as a syntax error,
 * as before the shared parser. */
static void undeclared_prefix(struct reader *r, const char *name, const char *element,
                              unsigned long line)
{
	int prefix = (int)(strchr(name, ':') - name);
	if (element)
		fail(r, CB_E_SYNTAX, line, "malformed XML: namespace prefix '%.*s' of '%s' on <%s> is "
		     "not declared", prefix, name, name, element);
	else
		fail(r, CB_E_SYNTAX, line, "malformed XML: namespace prefix '%.*s' of <%s> is not "
		     "declared", prefix, name, name);
}

#define XML_NAMESPACE "http://www.w3.org/XML/1998/namespace"

/* Reads the start tag's attributes into r->attrs, refusing any the element does not have. The
 * values stay the parser's: they are used before it moves on, and copied where kept longer. */
static bool read_attributes(struct reader *r, enum cbxml_element e, unsigned long line)
{
	const char *ename = cbxml_element_name(e);
	size_t count = cb_xml_attr_count(r->x);
	for (size_t i = 0; i < count; i++) {
		const char *ns, *name;
		const char *value = cb_xml_attr_at(r->x, i, &ns, &name);
		if (!ns && strchr(name, ':')) {
			undeclared_prefix(r, name, ename, line);
			return false;
		}
		int a = ns ? -1 : attribute_from_name(name);
		if (a < 0 || !(attribute_rules[e].allowed & (1u << a))) {
			/* The parser gives a namespace rather than the prefix written; the xml one has a
			 * fixed prefix, any other is named. */
			if (ns && strcmp(ns, XML_NAMESPACE) == 0)
				fail(r, CB_E_INVALID, line, "unknown attribute 'xml:%s' on <%s>", name, ename);
			else if (ns)
				fail(r, CB_E_INVALID, line,
				     "unknown attribute '%s' in the namespace '%s' on <%s>", name, ns, ename);
			else
				fail(r, CB_E_INVALID, line, "unknown attribute '%s' on <%s>", name, ename);
			return false;
		}
		r->attrs[a] = value;
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

/* Copies an attribute the end tag will need (NULL stays NULL): the parser's strings last only
 * until it moves on. */
static bool keep(struct reader *r, struct frame *f, size_t i, const char *value)
{
	if (value && !(f->saved[i] = strdup(value))) {
		fail(r, CB_E_NOMEM, f->line, "out of memory");
		return false;
	}
	return true;
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
		return keep(r, f, 0, key);
	case CBXML_ATTR:
		if (!non_empty(r, CBXML_ATTR, CBXML_A_KEY, f->line))
			return false;
		if (cb_div_attr(parent->node, key)) {
			fail(r, CB_E_INVALID, f->line, "div attribute '%s' appears twice", key);
			return false;
		}
		f->node = parent->node;
		return keep(r, f, 0, key);
	default: /* CBXML_OBJECT */
		if (cb_document_find_media(r->doc, attr(r, CBXML_A_ID))) {
			fail(r, CB_E_INVALID, f->line, "media id '%s' appears twice",
			     attr(r, CBXML_A_ID));
			return false;
		}
		return keep(r, f, 0, attr(r, CBXML_A_ID)) && keep(r, f, 1, attr(r, CBXML_A_TYPE)) &&
		       keep(r, f, 2, attr(r, CBXML_A_NAME));
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
		free(f->saved[i]);
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
	unsigned long line = cb_xml_line(r->x);
	const char *name = cb_xml_qname(r->x);
	r->rooted = true;
	/* Nesting beyond max-depth never gets here: the parser refuses it. */
	const char *ns = cb_xml_ns(r->x);
	if (!ns && strchr(name, ':')) {
		undeclared_prefix(r, name, NULL, line);
		return;
	}
	if (!ns || strcmp(ns, CBXML_NS) != 0) {
		if (ns)
			fail(r, CB_E_INVALID, line, "<%s> is in the namespace '%s', not in cbxml's (%s)",
			     name, ns, CBXML_NS);
		else
			fail(r, CB_E_INVALID, line, "<%s> is in no namespace, not in cbxml's (%s)", name,
			     CBXML_NS);
		return;
	}
	int found = element_from_name(cb_xml_name(r->x));
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
	bool empty = cb_xml_is_empty(r->x);
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
	size_t len;
	const char *s = cb_xml_text(r->x, &len);
	if (!s || !r->depth)
		return;
	struct frame *f = &r->stack[r->depth - 1];
	if (holds_text(f->elem)) {
		if (cb_add_text(f->node, s, len, f->marks) != 0)
			builder_failed(r, cb_xml_line(r->x));
	} else if (holds_value(f->elem)) {
		if (!value_append(r, s, len))
			fail(r, CB_E_NOMEM, cb_xml_line(r->x), "out of memory");
	} else if (!all_space(s)) {
		fail(r, CB_E_INVALID, text_line(r, s, f->line),
		     "text is not allowed in <%s>, which holds only elements",
		     cbxml_element_name(f->elem));
	}
}

/* The parser hands over element starts, element ends and text; nothing else reaches a reader. */
static void visit(struct reader *r)
{
	switch (cb_xml_type(r->x)) {
	case CB_XML_START:
		start_element(r);
		break;
	case CB_XML_END:
		if (r->depth)
			pop(r);
		break;
	case CB_XML_TEXT:
		character_data(r);
		break;
	}
}

/* After the last node, when the parser found nothing wrong. */
static void finish(struct reader *r)
{
	if (r->failed != CB_OK)
		return;
	if (r->depth) /* cannot happen with a well-formed input, but a truncated one is no document */
		fail(r, CB_E_SYNTAX, 0, "the input ends inside <%s>",
		     cbxml_element_name(r->stack[r->depth - 1].elem));
	else if (!r->rooted)
		fail(r, CB_E_SYNTAX, 0, "no root element");
}

static cb_code read_cbxml(cb_input *in, cb_document *doc)
{
	struct reader r = {.in = in, .doc = doc};
	if (!first_look(&r))
		return r.failed;
	r.x = cb_xml_open_input(in);
	if (!r.x)
		return CB_E_NOMEM; /* reported: the parser could not start */
	int status = 0;
	while (r.failed == CB_OK && (status = cb_xml_next(r.x)) == 1)
		visit(&r);
	if (r.failed == CB_OK && status < 0)
		r.failed = CB_E_SYNTAX; /* the parser has reported it: malformed, a DTD, too deep */
	finish(&r);
	cb_xml_close(r.x);
	if (r.failed == CB_OK)
		r.failed = cbxml_check_references(in, doc);
	while (r.depth)
		discard(&r);
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
