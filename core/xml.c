/* Safe XML pull parsing shared by every XML-based reader (see <casebook/xml.h>).
 *
 * The bytes pass through a watch on their way to libxml2: until the root element begins, it looks
 * for a document type declaration and cuts the input off there, so a DTD never reaches the parser
 * and no entity, external (file:///etc/passwd) or internal (billion laughs), is ever declared.
 * With that guaranteed, the parser can run with XML_PARSE_HUGE: libxml2's 10 MB cap on one text
 * node would otherwise fail an HWPML file carrying a large photo in base64, and its fixed 256
 * levels would override max-depth. What HUGE would have bounded is bounded here instead: size by
 * max-input-bytes and max-uncompressed-bytes, nesting by max-depth. */
#include "config.h"

#include <casebook/xml.h>

#include "container_private.h"
#include "input.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* libxml2 may report many recoverable problems for one damaged part (Hancom writes undeclared
 * prefixes on every element of some files): a few are worth showing, the rest are counted. */
#define MAX_WARNINGS 5
/* The nesting libxml2 allows with XML_PARSE_HUGE since 2.11; older versions (Debian 12 has
 * 2.9.14) allow any depth in that mode, and a million levels then take a quarter of a gigabyte,
 * so this bound is also enforced here, whatever max-depth says (0 included). */
#define LIBXML_MAX_DEPTH 2048

/* Where the watch is in the prolog. */
enum prolog_state {
	P_OUTSIDE, /* between constructs */
	P_LT,      /* after '<' */
	P_PI,      /* in <? ... ?>, the XML declaration included */
	P_BANG,    /* after "<!": a comment or a DOCTYPE */
	P_COMMENT, /* in <!-- ... --> */
	P_DONE     /* the root element has begun */
};

struct prolog {
	enum prolog_state state;
	char bang[7]; /* what followed "<!" so far */
	size_t bang_len;
	unsigned run;       /* '-' seen in a row in a comment; whether '?' was just seen in a PI */
	unsigned long line; /* of the byte being looked at */
};

struct cb_xml {
	cb_input *in;
	char *part;
	cb_zip_entry *entry; /* when parsing a container entry */
	xmlTextReaderPtr reader;
	bool failed;
	unsigned warnings;
	unsigned long max_depth;
	struct prolog prolog;
};

/* Looks at one byte before the root element. NUL bytes are passed over, so UTF-16 (which HWPML
 * may be) is watched as well as UTF-8; byte order marks and anything unexpected end the watch
 * (libxml2 says what is wrong with the latter). Returns false at a DOCTYPE, reported. */
static bool prolog_byte(cb_xml *x, unsigned char c)
{
	struct prolog *p = &x->prolog;
	if (c == '\n')
		p->line++;
	if (c == '\0')
		return true;
	switch (p->state) {
	case P_OUTSIDE:
		if (c == '<')
			p->state = P_LT;
		else if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c < 0x80)
			p->state = P_DONE;
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
			cb_diags_add(x->in->diags, CB_SEV_ERROR, CB_E_INVALID, x->in->name, x->part,
			             p->line + 1,
			             "document type declarations (DTDs) are not accepted: entities are "
			             "never expanded");
			x->failed = true;
			return false;
		} else if (memcmp(p->bang, "--", p->bang_len < 2 ? p->bang_len : 2) != 0 &&
		           memcmp(p->bang, "DOCTYPE", p->bang_len) != 0)
			p->state = P_DONE;
		break;
	case P_COMMENT:
		if (p->run >= 2 && c == '>')
			p->state = P_OUTSIDE;
		p->run = c == '-' ? p->run + 1 : 0;
		break;
	case P_DONE:
		break;
	}
	return true;
}

/* Watches freshly read bytes; false when they must not reach the parser. */
static bool watch(cb_xml *x, const void *buf, size_t n)
{
	const unsigned char *b = buf;
	for (size_t i = 0; i < n && x->prolog.state != P_DONE; i++)
		if (!prolog_byte(x, b[i]))
			return false;
	return true;
}

static int read_entry(void *ctx, char *buf, int len)
{
	cb_xml *x = ctx;
	if (x->failed)
		return -1;
	ssize_t n = cb_zip_entry_read(x->entry, buf, (size_t)len);
	if (n < 0)
		x->failed = true; /* reported by the container */
	return n < 0 || !watch(x, buf, (size_t)n) ? -1 : (int)n;
}

static int read_input(void *ctx, char *buf, int len)
{
	cb_xml *x = ctx;
	if (x->failed)
		return -1;
	ssize_t n = cb_input_read(x->in, buf, (size_t)len);
	if (n < 0)
		x->failed = true;
	return n < 0 || !watch(x, buf, (size_t)n) ? -1 : (int)n;
}

static int close_nothing(void *ctx)
{
	(void)ctx;
	return 0;
}

static void on_error(void *ctx, xmlErrorPtr err)
{
	cb_xml *x = ctx;
	if (!err)
		return;
	char msg[512];
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "XML error");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (err->level == XML_ERR_FATAL) {
		/* libxml2 stops at 2048 levels by itself even with XML_PARSE_HUGE (max-depth 0, or above
		 * that, cannot go further): say so in our words. */
		if (!x->failed && err->code == XML_ERR_INTERNAL_ERROR && strstr(msg, "depth")) {
			cb_diags_add(x->in->diags, CB_SEV_ERROR, CB_E_LIMIT, x->in->name, x->part,
			             (unsigned long)err->line,
			             "elements nest deeper than %s (%d for XML parts at most)",
			             cb_limit_name(CB_LIMIT_DEPTH), LIBXML_MAX_DEPTH);
			x->failed = true;
			return;
		}
		if (!x->failed)
			cb_diags_add(x->in->diags, CB_SEV_ERROR, CB_E_SYNTAX, x->in->name, x->part,
			             (unsigned long)err->line, "malformed XML: %s", msg);
		x->failed = true;
		return;
	}
	if (++x->warnings <= MAX_WARNINGS)
		cb_diags_add(x->in->diags, CB_SEV_WARNING, CB_W_RECOVERED, x->in->name, x->part,
		             (unsigned long)err->line, "XML problem recovered from: %s", msg);
	else if (x->warnings == MAX_WARNINGS + 1)
		cb_diags_add(x->in->diags, CB_SEV_WARNING, CB_W_RECOVERED, x->in->name, x->part,
		             (unsigned long)err->line, "further XML problems in this part not shown");
}

/* No network, no DTD loading or validation, no entity substitution. HUGE: see the top. */
#define PARSE_OPTIONS                                                                            \
	(XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_HUGE |                  \
	 XML_PARSE_BIG_LINES)

static cb_xml *open_common(cb_input *in, const char *part)
{
	cb_xml *x = calloc(1, sizeof *x);
	if (!x || (part && !(x->part = strdup(part)))) {
		free(x);
		cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_NOMEM, in->name, part, 0, "out of memory");
		return NULL;
	}
	x->in = in;
	x->max_depth = (unsigned long)in->limits[CB_LIMIT_DEPTH];
	return x;
}

static cb_xml *finish_open(cb_xml *x)
{
	if (!x->reader) {
		cb_diags_add(x->in->diags, CB_SEV_ERROR, CB_E_NOMEM, x->in->name, x->part, 0,
		             "cannot start the XML parser");
		cb_xml_close(x);
		return NULL;
	}
	xmlTextReaderSetStructuredErrorHandler(x->reader, on_error, x);
	return x;
}

cb_xml *cb_xml_open_zip_entry(cb_zip *z, const char *name)
{
	cb_zip_entry *e = cb_zip_entry_open(z, name);
	if (!e)
		return NULL;
	/* The container's input is the one messages name. */
	cb_xml *x = open_common(cbi_zip_input(z), name);
	if (!x) {
		cb_zip_entry_close(e);
		return NULL;
	}
	x->entry = e;
	x->reader = xmlReaderForIO(read_entry, close_nothing, x, name, NULL, PARSE_OPTIONS);
	return finish_open(x);
}

cb_xml *cb_xml_open_input(cb_input *in)
{
	cb_xml *x = open_common(in, NULL);
	if (!x)
		return NULL;
	cb_input_rewind(in);
	x->reader = xmlReaderForIO(read_input, close_nothing, x, NULL, NULL, PARSE_OPTIONS);
	return finish_open(x);
}

cb_xml *cb_xml_open_memory(cb_input *in, const char *part, const void *data, size_t len)
{
	cb_xml *x = open_common(in, part);
	if (!x)
		return NULL;
	if (len > INT32_MAX) {
		cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_LIMIT, in->name, part, 0,
		             "XML part larger than 2 GiB");
		cb_xml_close(x);
		return NULL;
	}
	if (!watch(x, data, len)) {
		cb_xml_close(x);
		return NULL;
	}
	x->reader = xmlReaderForMemory(data, (int)len, part, NULL, PARSE_OPTIONS);
	return finish_open(x);
}

void cb_xml_close(cb_xml *x)
{
	if (!x)
		return;
	if (x->reader)
		xmlFreeTextReader(x->reader);
	cb_zip_entry_close(x->entry);
	free(x->part);
	free(x);
}

int cb_xml_next(cb_xml *x)
{
	if (x->failed)
		return -1;
	int r = xmlTextReaderRead(x->reader);
	if (x->failed)
		return -1;
	if (r < 0) {
		cb_xml_report(x, CB_SEV_ERROR, CB_E_SYNTAX, "malformed XML");
		x->failed = true;
		return -1;
	}
	if (r == 0)
		return 0;
	int type = xmlTextReaderNodeType(x->reader);
	/* A document type declaration is how entities get declared: refusing it outright means no
	 * entity (internal, external, or a billion laughs) is ever expanded or fetched. No format
	 * casebook reads uses one. */
	if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
		cb_xml_report(x, CB_SEV_ERROR, CB_E_INVALID,
		              "document type declarations (DTDs) are not accepted: entities are never "
		              "expanded");
		x->failed = true;
		return -1;
	}
	if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
		cb_xml_report(x, CB_SEV_ERROR, CB_E_INVALID, "entity references are not accepted");
		x->failed = true;
		return -1;
	}
	unsigned long depth = (unsigned long)xmlTextReaderDepth(x->reader);
	if (x->max_depth && x->max_depth <= LIBXML_MAX_DEPTH && depth >= x->max_depth) {
		cb_xml_report(x, CB_SEV_ERROR, CB_E_LIMIT, "elements nest deeper than %s (%lu)",
		              cb_limit_name(CB_LIMIT_DEPTH), x->max_depth);
		x->failed = true;
		return -1;
	}
	if (depth >= LIBXML_MAX_DEPTH) {
		cb_xml_report(x, CB_SEV_ERROR, CB_E_LIMIT,
		              "elements nest deeper than %s (%d for XML parts at most)",
		              cb_limit_name(CB_LIMIT_DEPTH), LIBXML_MAX_DEPTH);
		x->failed = true;
		return -1;
	}
	return 1;
}

xmlTextReaderPtr cb_xml_reader(cb_xml *x) { return x->reader; }
const char *cb_xml_part(const cb_xml *x) { return x->part; }

/* The node's own line where libxml2 kept one: the parser reads ahead of the node it hands over,
 * so its current line can be past the node's. */
unsigned long cb_xml_line(cb_xml *x)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(x->reader);
	long line = node ? xmlGetLineNo(node) : -1;
	if (line <= 0)
		line = xmlTextReaderGetParserLineNumber(x->reader);
	return line > 0 ? (unsigned long)line : 0;
}

void cb_xml_report(cb_xml *x, cb_severity sev, cb_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(x->in->diags, sev, code, x->in->name, x->part, cb_xml_line(x), fmt, ap);
	va_end(ap);
}
