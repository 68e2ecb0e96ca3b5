/* The JSON writer: the lossless JSON twin of cbxml. docs/json.md describes the shape.
 *
 * The output is pretty-printed the way `jq .` prints: two spaces a level, one value a line, empty
 * arrays and objects as [] and {}. Strings are escaped per RFC 8259; non-ASCII text stays raw
 * UTF-8 except U+2028 and U+2029, which are escaped so that the output can be pasted into
 * JavaScript source. Nothing depends on addresses or the clock, so equal documents give equal
 * bytes.
 */
#include "config.h"

#include <casebook/plugin.h>

#include <stdlib.h>
#include <string.h>

/* Deeper trees than this are refused rather than risking the stack (read documents stop at
 * max-depth, 256 by default, long before). */
#define JSON_MAX_DEPTH 1000

/* The emitter: it knows how many values the innermost open array or object holds, which is all
 * it needs to place commas, line breaks and indentation. The counts of outer levels are kept on
 * the C stack by the callers (json_open returns the outer count, json_close takes it back). */
typedef struct json {
	cb_output *out;
	unsigned level;   /* open arrays and objects */
	size_t count;     /* values written in the innermost one */
	unsigned depth;   /* tree depth, for JSON_MAX_DEPTH */
	bool too_deep;
} json;

static void put(json *j, const char *s) { cb_output_puts(j->out, s); }

static void newline_indent(json *j)
{
	static const char spaces[] = "                                ";
	cb_output_write(j->out, "\n", 1);
	for (size_t n = 2 * (size_t)j->level; n > 0;) {
		size_t chunk = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		cb_output_write(j->out, spaces, chunk);
		n -= chunk;
	}
}

/* A string literal with its quotes. Bytes are copied in runs between the characters that need
 * escaping, so plain text costs one write. */
static void put_string(json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run = p;
	cb_output_write(j->out, "\"", 1);
	for (; *p; p++) {
		const char *esc = NULL;
		char hex[8];
		if (*p == '"')
			esc = "\\\"";
		else if (*p == '\\')
			esc = "\\\\";
		else if (*p == '\n')
			esc = "\\n";
		else if (*p == '\t')
			esc = "\\t";
		else if (*p == '\r')
			esc = "\\r";
		else if (*p == '\b')
			esc = "\\b";
		else if (*p == '\f')
			esc = "\\f";
		else if (*p < 0x20) {
			static const char digits[] = "0123456789abcdef";
			memcpy(hex, "\\u00", 4);
			hex[4] = digits[*p >> 4];
			hex[5] = digits[*p & 15];
			hex[6] = '\0';
			esc = hex;
		} else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			/* U+2028 and U+2029: valid in JSON, but line terminators in older JavaScript. */
			esc = p[2] == 0xA8 ? "\\u2028" : "\\u2029";
		}
		if (!esc)
			continue;
		cb_output_write(j->out, run, (size_t)(p - run));
		put(j, esc);
		if (*p == 0xE2)
			p += 2;
		run = p + 1;
	}
	cb_output_write(j->out, run, (size_t)(p - run));
	cb_output_write(j->out, "\"", 1);
}

/* Starts a value in the current container: the comma, the line break and, inside an object, the
 * key. key is NULL inside arrays and for the top-level value. */
static void begin_value(json *j, const char *key)
{
	if (j->level > 0) {
		if (j->count > 0)
			cb_output_write(j->out, ",", 1);
		newline_indent(j);
	}
	j->count++;
	if (key) {
		put_string(j, key);
		put(j, ": ");
	}
}

static size_t json_open(json *j, const char *key, const char *bracket)
{
	begin_value(j, key);
	put(j, bracket);
	size_t outer = j->count;
	j->level++;
	j->count = 0;
	return outer;
}

static void json_close(json *j, size_t outer, const char *bracket)
{
	j->level--;
	if (j->count > 0) /* `jq .` writes empty containers as [] and {} */
		newline_indent(j);
	put(j, bracket);
	j->count = outer;
}

static void member_string(json *j, const char *key, const char *value)
{
	begin_value(j, key);
	put_string(j, value);
}

/* A member that the format leaves out when the model has no value. */
static void member_optional(json *j, const char *key, const char *value)
{
	if (value)
		member_string(j, key, value);
}

static void member_number(json *j, const char *key, long value)
{
	begin_value(j, key);
	cb_output_printf(j->out, "%ld", value);
}

static void member_bool(json *j, const char *key, bool value)
{
	begin_value(j, key);
	put(j, value ? "true" : "false");
}

static void write_node(json *j, const cb_node *n);

/* "key": [each child written as a node]; unknown kinds are skipped by write_node. */
static void member_children(json *j, const char *key, const cb_node *parent)
{
	size_t outer = json_open(j, key, "[");
	for (const cb_node *c = cb_node_first_child(parent); c; c = cb_node_next(c))
		write_node(j, c);
	json_close(j, outer, "]");
}

static void write_marks(json *j, unsigned marks)
{
	if (!marks)
		return;
	size_t outer = json_open(j, "marks", "[");
	for (unsigned bit = 1; bit != 0; bit <<= 1) {
		const char *name = cb_mark_name(bit);
		if ((marks & bit) && name) { /* a mark this version cannot name is skipped */
			begin_value(j, NULL);
			put_string(j, name);
		}
	}
	json_close(j, outer, "]");
}

static void write_list_items(json *j, const cb_node *list)
{
	size_t outer = json_open(j, "items", "[");
	for (const cb_node *item = cb_node_first_child(list); item; item = cb_node_next(item)) {
		if (cb_node_get_kind(item) != CB_NODE_ITEM)
			continue;
		size_t blocks = json_open(j, NULL, "[");
		for (const cb_node *c = cb_node_first_child(item); c; c = cb_node_next(c))
			write_node(j, c);
		json_close(j, blocks, "]");
	}
	json_close(j, outer, "]");
}

static void write_cell(json *j, const cb_node *cell)
{
	size_t outer = json_open(j, NULL, "{");
	member_number(j, "rowspan", (long)cb_cell_rowspan(cell));
	member_number(j, "colspan", (long)cb_cell_colspan(cell));
	member_bool(j, "header", cb_cell_header(cell));
	member_children(j, "content", cell);
	json_close(j, outer, "}");
}

static void write_table_rows(json *j, const cb_node *table)
{
	size_t outer = json_open(j, "rows", "[");
	for (const cb_node *row = cb_node_first_child(table); row; row = cb_node_next(row)) {
		if (cb_node_get_kind(row) != CB_NODE_ROW)
			continue;
		size_t cells = json_open(j, NULL, "[");
		for (const cb_node *cell = cb_node_first_child(row); cell; cell = cb_node_next(cell))
			if (cb_node_get_kind(cell) == CB_NODE_CELL)
				write_cell(j, cell);
		json_close(j, cells, "]");
	}
	json_close(j, outer, "]");
}

static void write_div_attrs(json *j, const cb_node *div)
{
	size_t outer = json_open(j, "attrs", "{");
	const char *key, *value;
	for (size_t i = 0; cb_div_attr_at(div, i, &key, &value); i++)
		member_string(j, key, value);
	json_close(j, outer, "}");
}

/* The members after "type", by kind. */
static void write_fields(json *j, const cb_node *n, cb_node_kind kind)
{
	switch (kind) {
	case CB_NODE_HEADING:
		member_number(j, "level", cb_heading_level(n));
		member_children(j, "content", n);
		break;
	case CB_NODE_PARAGRAPH:
		member_children(j, "content", n);
		break;
	case CB_NODE_LIST:
		member_bool(j, "ordered", cb_list_ordered(n));
		member_number(j, "start", cb_list_start(n));
		member_optional(j, "style", cb_list_style(n));
		write_list_items(j, n);
		break;
	case CB_NODE_TABLE:
		write_table_rows(j, n);
		break;
	case CB_NODE_IMAGE:
		member_string(j, "src", cb_image_source(n));
		member_optional(j, "alt", cb_image_alt(n));
		break;
	case CB_NODE_NOTE:
		member_string(j, "id", cb_note_id(n));
		member_optional(j, "kind", cb_note_kind(n));
		member_children(j, "content", n);
		break;
	case CB_NODE_DIV:
		member_optional(j, "class", cb_div_class(n));
		write_div_attrs(j, n);
		member_children(j, "content", n);
		break;
	case CB_NODE_TEXT:
		member_string(j, "text", cb_text_get(n, NULL));
		write_marks(j, cb_text_marks(n));
		break;
	case CB_NODE_LINK:
		member_string(j, "href", cb_link_target(n));
		member_children(j, "content", n);
		break;
	case CB_NODE_NOTEREF:
		member_string(j, "id", cb_note_id(n));
		break;
	default: /* break: nothing but its type */
		break;
	}
}

/* Whether a node is one this writer writes as an object of its own. Items, rows and cells are
 * written by their parents; kinds newer than this plugin are skipped. */
static bool writable(cb_node_kind kind)
{
	switch (kind) {
	case CB_NODE_HEADING:
	case CB_NODE_PARAGRAPH:
	case CB_NODE_LIST:
	case CB_NODE_TABLE:
	case CB_NODE_IMAGE:
	case CB_NODE_NOTE:
	case CB_NODE_DIV:
	case CB_NODE_TEXT:
	case CB_NODE_BREAK:
	case CB_NODE_LINK:
	case CB_NODE_NOTEREF:
		return true;
	default:
		return false;
	}
}

static void write_node(json *j, const cb_node *n)
{
	cb_node_kind kind = cb_node_get_kind(n);
	if (!writable(kind))
		return;
	if (j->depth >= JSON_MAX_DEPTH) {
		j->too_deep = true;
		return;
	}
	j->depth++;
	size_t outer = json_open(j, NULL, "{");
	member_string(j, "type", cb_node_kind_name(kind));
	write_fields(j, n, kind);
	json_close(j, outer, "}");
	j->depth--;
}

static void write_meta(json *j, const cb_document *doc)
{
	size_t outer = json_open(j, "meta", "{");
	const char *key, *value;
	for (size_t i = 0; cb_document_meta_at(doc, i, &key, &value); i++)
		member_string(j, key, value);
	json_close(j, outer, "}");
}

static cb_code write_media(json *j, const cb_document *doc)
{
	size_t outer = json_open(j, "media", "[");
	for (size_t i = 0; i < cb_document_media_count(doc); i++) {
		const cb_media *m = cb_document_media_at(doc, i);
		size_t len;
		const unsigned char *bytes = cb_media_data(m, &len);
		char *b64 = cb_base64_encode(bytes, len, NULL);
		if (!b64) {
			cb_output_report(j->out, CB_SEV_ERROR, CB_E_NOMEM,
			                 "out of memory encoding media '%s'", cb_media_id(m));
			return CB_E_NOMEM;
		}
		size_t obj = json_open(j, NULL, "{");
		member_string(j, "id", cb_media_id(m));
		member_string(j, "type", cb_media_type(m));
		member_optional(j, "name", cb_media_name(m));
		member_string(j, "data", b64);
		json_close(j, obj, "}");
		free(b64);
	}
	json_close(j, outer, "]");
	return CB_OK;
}

static cb_code json_write(const cb_document *doc, cb_output *out)
{
	json j = {.out = out};
	size_t top = json_open(&j, NULL, "{");
	member_string(&j, "format", "casebook");
	member_number(&j, "version", 1);
	write_meta(&j, doc);
	cb_code code = write_media(&j, doc);
	if (code != CB_OK)
		return code;
	member_children(&j, "body", cb_document_body_const(doc));
	json_close(&j, top, "}");
	cb_output_write(out, "\n", 1);
	if (j.too_deep) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "the document nests deeper than %d levels", JSON_MAX_DEPTH);
		return CB_E_LIMIT;
	}
	return CB_OK;
}

static const char *const json_extensions[] = {"json", NULL};
static const char *const json_media_types[] = {"application/json", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "json",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "casebook's document model as JSON, losslessly (the twin of cbxml)",
	.kind = CB_PLUGIN_WRITER,
	.extensions = json_extensions,
	.media_types = json_media_types,
	.write = json_write,
};
