/* Safe XML pull parsing shared by every XML-based reader (see <casebook/xml.h>).
 *
 * Two parsers stand behind the one interface. The first bytes of a part decide: UTF-8 goes to
 * casebook's own scanner (core/xmlscan.c), several times faster than libxml2's pull reader
 * because it builds no tree; anything else (UTF-16 HWPML, a legacy encoding) goes to libxml2's
 * reader. Both hand over the same nodes, which the accessors below read from one cbi_xml_node.
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
#include "xmlscan.h"

#include <libxml/xmlreader.h>

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

/* How many bytes decide the parser: enough for a byte order mark and an XML declaration. */
#define HEAD_SIZE 4096

struct cb_xml {
	cb_input *in;
	char *part;
	cb_zip_entry *entry; /* when parsing a container entry */
	const char *mem;     /* when parsing the caller's bytes */
	size_t mem_len, mem_pos;
	cbi_xmlscan *scan;       /* the parser: the scanner, */
	xmlTextReaderPtr reader; /* or libxml2's reader */
	const cbi_xml_node *node; /* the current node, from either */
	/* libxml2's node in the scanner's terms; its attributes' strings live in abuf. */
	cbi_xml_node lnode;
	cbi_xml_attr *lattrs;
	size_t lattrs_cap;
	char *abuf;
	size_t abuf_cap;
	xmlChar *lookup; /* the last cb_xml_lookup_ns answer from libxml2 */
	/* What was read to choose the parser, handed to libxml2 first when it is chosen. */
	char head[HEAD_SIZE];
	size_t head_len, head_pos;
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

/* The part's next bytes, whatever holds them, through the watch. */
static ssize_t pull(void *ctx, char *buf, size_t len)
{
	cb_xml *x = ctx;
	if (x->failed)
		return -1;
	ssize_t n;
	if (x->entry)
		n = cb_zip_entry_read(x->entry, buf, len);
	else if (x->mem) {
		n = (ssize_t)(len < x->mem_len - x->mem_pos ? len : x->mem_len - x->mem_pos);
		memcpy(buf, x->mem + x->mem_pos, (size_t)n);
		x->mem_pos += (size_t)n;
	} else
		n = cb_input_read(x->in, buf, len);
	if (n < 0 || !watch(x, buf, (size_t)n)) {
		x->failed = true; /* reported by the container, the input or the watch */
		return -1;
	}
	return n;
}

/* libxml2's input: the head first, then the rest. */
static int read_libxml2(void *ctx, char *buf, int len)
{
	cb_xml *x = ctx;
	if (x->head_pos < x->head_len) {
		size_t n = x->head_len - x->head_pos < (size_t)len ? x->head_len - x->head_pos
		                                                   : (size_t)len;
		memcpy(buf, x->head + x->head_pos, n);
		x->head_pos += n;
		return (int)n;
	}
	ssize_t n = pull(x, buf, (size_t)len);
	return (int)n;
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

/* The scanner's problems, reported as libxml2's are. */
static void on_problem(void *ctx, bool fatal, unsigned long line, const char *msg)
{
	cb_xml *x = ctx;
	if (fatal) {
		if (!x->failed)
			cb_diags_add(x->in->diags, CB_SEV_ERROR, CB_E_SYNTAX, x->in->name, x->part, line,
			             "malformed XML: %s", msg);
		x->failed = true;
	} else if (++x->warnings <= MAX_WARNINGS)
		cb_diags_add(x->in->diags, CB_SEV_WARNING, CB_W_RECOVERED, x->in->name, x->part, line,
		             "XML problem recovered from: %s", msg);
	else if (x->warnings == MAX_WARNINGS + 1)
		cb_diags_add(x->in->diags, CB_SEV_WARNING, CB_W_RECOVERED, x->in->name, x->part, line,
		             "further XML problems in this part not shown");
}

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

/* Reads the head and starts the parser it calls for. A failure to read (or a DTD in the head)
 * is already reported: the parser is then returned failed, so the first cb_xml_next says so,
 * as it would have had the problem come later. */
static cb_xml *start(cb_xml *x)
{
	while (x->head_len < HEAD_SIZE) {
		ssize_t n = pull(x, x->head + x->head_len, HEAD_SIZE - x->head_len);
		if (n <= 0)
			break;
		x->head_len += (size_t)n;
	}
	if (x->failed)
		return x;
	if (cbi_xmlscan_accepts(x->head, x->head_len)) {
		x->scan = cbi_xmlscan_new(x->head, x->head_len, pull, x, on_problem, x);
		if (x->scan)
			return x;
	} else {
		x->reader = xmlReaderForIO(read_libxml2, close_nothing, x, x->part, NULL,
		                           PARSE_OPTIONS);
		if (x->reader) {
			xmlTextReaderSetStructuredErrorHandler(x->reader, on_error, x);
			return x;
		}
	}
	cb_diags_add(x->in->diags, CB_SEV_ERROR, CB_E_NOMEM, x->in->name, x->part, 0,
	             "cannot start the XML parser");
	cb_xml_close(x);
	return NULL;
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
	return start(x);
}

cb_xml *cb_xml_open_input(cb_input *in)
{
	cb_xml *x = open_common(in, NULL);
	if (!x)
		return NULL;
	cb_input_rewind(in);
	return start(x);
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
	x->mem = data ? data : "";
	x->mem_len = len;
	return start(x);
}

void cb_xml_close(cb_xml *x)
{
	if (!x)
		return;
	cbi_xmlscan_free(x->scan);
	if (x->reader)
		xmlFreeTextReader(x->reader);
	xmlFree(x->lookup);
	free(x->lattrs);
	free(x->abuf);
	cb_zip_entry_close(x->entry);
	free(x->part);
	free(x);
}

/* Appends a string to abuf, returning its offset there; (size_t)-1 when out of memory. */
static size_t keep(cb_xml *x, size_t *used, const xmlChar *s)
{
	size_t n = s ? strlen((const char *)s) + 1 : 1;
	if (*used + n > x->abuf_cap) {
		size_t cap = x->abuf_cap ? x->abuf_cap : 256;
		while (cap < *used + n)
			cap *= 2;
		char *b = realloc(x->abuf, cap);
		if (!b)
			return (size_t)-1;
		x->abuf = b;
		x->abuf_cap = cap;
	}
	memcpy(x->abuf + *used, s ? (const char *)s : "", n);
	size_t at = *used;
	*used += n;
	return at;
}

/* The attributes of libxml2's current element, namespace declarations left out, copied: the
 * reader's strings for attribute values last only until it is asked for another. */
static bool libxml2_attrs(cb_xml *x)
{
	xmlTextReaderPtr rd = x->reader;
	size_t n = 0, used = 0;
	/* Offsets first (abuf may move as it grows), pointers once every string is in. */
	enum { NS, LOCAL, QNAME, VALUE, NFIELDS };
	size_t *offs = NULL, cap = 0;
	bool ok = true;
	for (int more = xmlTextReaderMoveToFirstAttribute(rd); ok && more == 1;
	     more = xmlTextReaderMoveToNextAttribute(rd)) {
		if (xmlTextReaderIsNamespaceDecl(rd) == 1)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			size_t *o = realloc(offs, cap * NFIELDS * sizeof *o);
			if (!o) {
				ok = false;
				break;
			}
			offs = o;
		}
		const xmlChar *ns = xmlTextReaderConstNamespaceUri(rd);
		size_t *o = offs + n * NFIELDS;
		o[NS] = ns ? keep(x, &used, ns) : (size_t)-2;
		o[LOCAL] = keep(x, &used, xmlTextReaderConstLocalName(rd));
		o[QNAME] = keep(x, &used, xmlTextReaderConstName(rd));
		o[VALUE] = keep(x, &used, xmlTextReaderConstValue(rd));
		for (int f = 0; f < NFIELDS; f++)
			ok = ok && o[f] != (size_t)-1;
		n++;
	}
	xmlTextReaderMoveToElement(rd);
	if (ok && n > x->lattrs_cap) {
		cbi_xml_attr *a = realloc(x->lattrs, n * sizeof *a);
		if (a) {
			x->lattrs = a;
			x->lattrs_cap = n;
		} else
			ok = false;
	}
	for (size_t i = 0; ok && i < n; i++) {
		size_t *o = offs + i * NFIELDS;
		x->lattrs[i] = (cbi_xml_attr){
			o[NS] == (size_t)-2 ? NULL : x->abuf + o[NS], x->abuf + o[LOCAL],
			x->abuf + o[QNAME], x->abuf + o[VALUE]};
	}
	free(offs);
	x->lnode.attrs = x->lattrs;
	x->lnode.nattrs = ok ? n : 0;
	if (!ok)
		cb_xml_report(x, CB_SEV_ERROR, CB_E_NOMEM, "out of memory");
	return ok;
}

/* The next node libxml2 gives that the interface hands over: comments, processing instructions
 * and the like are passed over. 1, 0 at the end, -1 on an error (reported). */
static int libxml2_next(cb_xml *x)
{
	for (;;) {
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
		xmlTextReaderPtr rd = x->reader;
		cbi_xml_node *n = &x->lnode;
		int type = xmlTextReaderNodeType(rd);
		/* A document type declaration is how entities get declared: refusing it outright means
		 * no entity (internal, external, or a billion laughs) is ever expanded or fetched. The
		 * watch stops one before libxml2 sees it; this is the second line. */
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			cb_xml_report(x, CB_SEV_ERROR, CB_E_INVALID,
			              "document type declarations (DTDs) are not accepted: entities are "
			              "never expanded");
			x->failed = true;
			return -1;
		}
		if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
			cb_xml_report(x, CB_SEV_ERROR, CB_E_INVALID, "entity references are not accepted");
			x->failed = true;
			return -1;
		}
		*n = (cbi_xml_node){0};
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
		case XML_READER_TYPE_END_ELEMENT: {
			n->type = type == XML_READER_TYPE_ELEMENT ? CBI_XML_START : CBI_XML_END;
			const xmlChar *local = xmlTextReaderConstLocalName(rd);
			const xmlChar *qname = xmlTextReaderConstName(rd);
			n->local = local ? (const char *)local : "";
			n->qname = qname ? (const char *)qname : "";
			n->ns = (const char *)xmlTextReaderConstNamespaceUri(rd);
			n->empty = type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(rd) == 1;
			if (n->type == CBI_XML_START && !libxml2_attrs(x)) {
				x->failed = true;
				return -1;
			}
			break;
		}
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
			n->type = CBI_XML_TEXT;
			n->local = n->qname = "";
			const xmlChar *v = xmlTextReaderConstValue(rd);
			n->text = v ? (const char *)v : "";
			n->text_len = strlen(n->text);
			break;
		}
		default:
			continue;
		}
		int depth = xmlTextReaderDepth(rd);
		n->depth = depth > 0 ? (unsigned)depth : 0;
		x->node = n;
		return 1;
	}
}

int cb_xml_next(cb_xml *x)
{
	x->node = NULL;
	if (x->failed)
		return -1;
	int r;
	if (x->scan) {
		r = cbi_xmlscan_next(x->scan, &x->node);
		if (r < 0 || x->failed) {
			if (!x->failed)
				cb_xml_report(x, CB_SEV_ERROR, CB_E_SYNTAX, "malformed XML");
			x->failed = true;
			x->node = NULL;
			return -1;
		}
	} else
		r = libxml2_next(x);
	if (r <= 0)
		return r;
	/* Elements are what nests: the text of the deepest element allowed is read. */
	if (x->node->type != CBI_XML_START)
		return 1;
	unsigned long depth = x->node->depth;
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

const char *cb_xml_part(const cb_xml *x) { return x->part; }

/* --- the current node ------------------------------------------------------------------------ */

cb_xml_node_type cb_xml_type(const cb_xml *x) { return x->node ? x->node->type : 0; }
const char *cb_xml_name(const cb_xml *x) { return x->node && x->node->local ? x->node->local : ""; }
const char *cb_xml_qname(const cb_xml *x) { return x->node && x->node->qname ? x->node->qname : ""; }
const char *cb_xml_ns(const cb_xml *x) { return x->node ? x->node->ns : NULL; }
unsigned cb_xml_depth(const cb_xml *x) { return x->node ? x->node->depth : 0; }
bool cb_xml_is_empty(const cb_xml *x) { return x->node && x->node->empty; }

const char *cb_xml_text(const cb_xml *x, size_t *len)
{
	bool text = x->node && x->node->type == CBI_XML_TEXT;
	if (len)
		*len = text ? x->node->text_len : 0;
	return text ? x->node->text : NULL;
}

size_t cb_xml_attr_count(const cb_xml *x)
{
	return x->node && x->node->type == CBI_XML_START ? x->node->nattrs : 0;
}

const char *cb_xml_attr_at(const cb_xml *x, size_t i, const char **ns, const char **name)
{
	if (i >= cb_xml_attr_count(x))
		return NULL;
	const cbi_xml_attr *a = &x->node->attrs[i];
	if (ns)
		*ns = a->ns;
	if (name)
		*name = a->local;
	return a->value;
}

const char *cb_xml_attr(const cb_xml *x, const char *ns, const char *name)
{
	size_t n = cb_xml_attr_count(x);
	for (size_t i = 0; i < n; i++) {
		const cbi_xml_attr *a = &x->node->attrs[i];
		if (strcmp(a->local, name) == 0 &&
		    (ns ? a->ns && strcmp(a->ns, ns) == 0 : !a->ns))
			return a->value;
	}
	return NULL;
}

const char *cb_xml_lookup_ns(cb_xml *x, const char *prefix)
{
	if (x->scan)
		return cbi_xmlscan_lookup(x->scan, prefix);
	if (!x->reader)
		return NULL;
	xmlFree(x->lookup);
	x->lookup = xmlTextReaderLookupNamespace(
		x->reader, prefix && *prefix ? (const xmlChar *)prefix : NULL);
	return (const char *)x->lookup;
}

/* The node's own line where libxml2 kept one: the parser reads ahead of the node it hands over,
 * so its current line can be past the node's. */
unsigned long cb_xml_line(cb_xml *x)
{
	if (x->scan)
		return x->node ? x->node->line : 0;
	if (!x->reader)
		return x->prolog.line + 1;
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
