/* Safe XML pull parsing shared by every XML-based reader (see <casebook/xml.h>). */
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
/* The nesting libxml2 allows without XML_PARSE_HUGE (xmlParserMaxDepth). */
#define LIBXML_MAX_DEPTH 256

struct cb_xml {
	cb_input *in;
	char *part;
	cb_zip_entry *entry; /* when parsing a container entry */
	xmlTextReaderPtr reader;
	bool failed;
	unsigned warnings;
	unsigned long max_depth;
};

static int read_entry(void *ctx, char *buf, int len)
{
	cb_xml *x = ctx;
	ssize_t n = cb_zip_entry_read(x->entry, buf, (size_t)len);
	if (n < 0)
		x->failed = true; /* reported by the container */
	return (int)n;
}

static int read_input(void *ctx, char *buf, int len)
{
	cb_xml *x = ctx;
	ssize_t n = cb_input_read(x->in, buf, (size_t)len);
	if (n < 0)
		x->failed = true;
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
		/* libxml2 stops at 256 levels by itself (its limit without XML_PARSE_HUGE, which stays
		 * off): that is the same limit as ours, so say so in our words. */
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

/* No network, no DTD loading or validation, no entity substitution, and not XML_PARSE_HUGE. */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT)

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
	if (x->max_depth && (unsigned long)xmlTextReaderDepth(x->reader) >= x->max_depth) {
		cb_xml_report(x, CB_SEV_ERROR, CB_E_LIMIT, "elements nest deeper than %s (%lu)",
		              cb_limit_name(CB_LIMIT_DEPTH), x->max_depth);
		x->failed = true;
		return -1;
	}
	return 1;
}

xmlTextReaderPtr cb_xml_reader(cb_xml *x) { return x->reader; }
const char *cb_xml_part(const cb_xml *x) { return x->part; }

unsigned long cb_xml_line(cb_xml *x)
{
	int line = xmlTextReaderGetParserLineNumber(x->reader);
	return line > 0 ? (unsigned long)line : 0;
}

void cb_xml_report(cb_xml *x, cb_severity sev, cb_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(x->in->diags, sev, code, x->in->name, x->part, cb_xml_line(x), fmt, ap);
	va_end(ap);
}
