/* cbxml writer: the model as XML, one element per node, nothing dropped and nothing added.
 *
 * The bytes are written by hand rather than through xmlTextWriter: the layout rules (block
 * elements on lines of their own, inline content byte for byte) are easier to keep exact when
 * every byte is ours, and the output then stays the same whatever libxml2 is installed. The tree
 * is walked with a loop over the parent and sibling links instead of recursion, so that a
 * document built deeper than any limit cannot exhaust the C stack. */
#include "config.h"

#include "cbxml.h"

#include <casebook/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct writer {
	cb_output *out;
	cb_code failed;    /* the first failure; CB_OK while there is none */
	bool warned_kind;  /* a node of a kind this writer does not know was left out */
	bool warned_mark;  /* a mark this writer does not know was left out */
};

static void put(struct writer *w, const char *s, size_t len)
{
	if (w->failed == CB_OK && len && cb_output_write(w->out, s, len) != 0)
		w->failed = CB_E_WRITE; /* the host has said why (or will) */
}

static void put_str(struct writer *w, const char *s) { put(w, s, strlen(s)); }

static void indent(struct writer *w, unsigned level)
{
	static const char spaces[] = "                                ";
	size_t n = 2 * (size_t)level;
	while (n) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		put(w, spaces, k);
		n -= k;
	}
}

/* libxml2 outside its "huge" mode refuses longer runs, and cbxml must read back what it writes. */
static bool run_fits(struct writer *w, size_t len)
{
	if (len <= CBXML_MAX_RUN)
		return true;
	if (w->failed == CB_OK) {
		cb_output_report(w->out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "a text of %zu bytes is longer than the %u bytes cbxml can carry in one "
		                 "piece (the limit of libxml2, which reads it back)",
		                 len, CBXML_MAX_RUN);
		w->failed = CB_E_LIMIT;
	}
	return false;
}

/* Character data (attr false) or an attribute value (attr true). In a value, tab and line feed
 * become character references because a parser would turn them into spaces (attribute-value
 * normalisation). '>' is always escaped so that "]]>" can never appear. The model holds no
 * carriage return and no other character XML 1.0 forbids, so nothing else needs care. */
static void escaped(struct writer *w, const char *s, size_t len, bool attr)
{
	if (!run_fits(w, len))
		return;
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		const char *ref = NULL;
		switch (s[i]) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = attr ? "&quot;" : NULL; break;
		case '\t': ref = attr ? "&#9;" : NULL; break;
		case '\n': ref = attr ? "&#10;" : NULL; break;
		case '\r': ref = "&#13;"; break;
		default: break;
		}
		if (ref) {
			put(w, s + from, i - from);
			put_str(w, ref);
			from = i + 1;
		}
	}
	put(w, s + from, len - from);
}

static void open_tag(struct writer *w, enum cbxml_element e)
{
	put(w, "<", 1);
	put_str(w, cbxml_element_name(e));
}

static void close_tag(struct writer *w, enum cbxml_element e)
{
	put(w, "</", 2);
	put_str(w, cbxml_element_name(e));
	put(w, ">", 1);
}

/* An attribute; nothing for a NULL value, so that "absent" and "empty" stay apart. */
static void attribute(struct writer *w, enum cbxml_attribute a, const char *value)
{
	if (!value)
		return;
	put(w, " ", 1);
	put_str(w, cbxml_attribute_name(a));
	put(w, "=\"", 2);
	escaped(w, value, strlen(value), true);
	put(w, "\"", 1);
}

static void attribute_number(struct writer *w, enum cbxml_attribute a, long value)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%ld", value);
	attribute(w, a, buf);
}

/* <name key="K">V</name>, or <name key="K"/> for an empty value: meta entries and div attrs. */
static void pair(struct writer *w, enum cbxml_element e, unsigned level, const char *key,
                 const char *value)
{
	indent(w, level);
	open_tag(w, e);
	attribute(w, CBXML_A_KEY, key);
	if (!*value) {
		put_str(w, "/>\n");
		return;
	}
	put(w, ">", 1);
	escaped(w, value, strlen(value), false);
	close_tag(w, e);
	put(w, "\n", 1);
}

static void write_meta(struct writer *w, const cb_document *doc)
{
	size_t n = cb_document_meta_count(doc);
	if (!n)
		return;
	put_str(w, "  <meta>\n");
	const char *key, *value;
	for (size_t i = 0; i < n && cb_document_meta_at(doc, i, &key, &value); i++)
		pair(w, CBXML_ENTRY, 2, key, value);
	put_str(w, "  </meta>\n");
}

static void write_object(struct writer *w, const cb_media *m)
{
	size_t len;
	const unsigned char *data = cb_media_data(m, &len);
	if (len > CBXML_MAX_RUN / 4 * 3) {
		cb_output_report(w->out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "media object '%s' is %zu bytes; cbxml carries at most %u bytes per "
		                 "object (libxml2 reads at most %u bytes of base64 in one piece)",
		                 cb_media_id(m), len, CBXML_MAX_RUN / 4 * 3, CBXML_MAX_RUN);
		w->failed = CB_E_LIMIT;
		return;
	}
	indent(w, 2);
	open_tag(w, CBXML_OBJECT);
	attribute(w, CBXML_A_ID, cb_media_id(m));
	attribute(w, CBXML_A_TYPE, cb_media_type(m));
	attribute(w, CBXML_A_NAME, cb_media_name(m));
	if (!len) {
		put_str(w, "/>\n");
		return;
	}
	size_t b64_len;
	char *b64 = cb_base64_encode(data, len, &b64_len);
	if (!b64) {
		if (w->failed == CB_OK)
			cb_output_report(w->out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory encoding '%s'",
			                 cb_media_id(m));
		w->failed = CB_E_NOMEM;
		return;
	}
	put(w, ">", 1);
	put(w, b64, b64_len); /* the base64 alphabet needs no escaping */
	free(b64);
	close_tag(w, CBXML_OBJECT);
	put(w, "\n", 1);
}

static void write_media(struct writer *w, const cb_document *doc)
{
	size_t n = cb_document_media_count(doc);
	if (!n)
		return;
	put_str(w, "  <media>\n");
	for (size_t i = 0; i < n; i++)
		write_object(w, cb_document_media_at(doc, i));
	put_str(w, "  </media>\n");
}

/* --- the body --------------------------------------------------------------------------------- */

static enum cbxml_element element_of(cb_node_kind kind)
{
	switch (kind) {
	case CB_NODE_BODY: return CBXML_BODY;
	case CB_NODE_HEADING: return CBXML_HEADING;
	case CB_NODE_PARAGRAPH: return CBXML_P;
	case CB_NODE_LIST: return CBXML_LIST;
	case CB_NODE_ITEM: return CBXML_ITEM;
	case CB_NODE_TABLE: return CBXML_TABLE;
	case CB_NODE_ROW: return CBXML_ROW;
	case CB_NODE_CELL: return CBXML_CELL;
	case CB_NODE_IMAGE: return CBXML_IMAGE;
	case CB_NODE_NOTE: return CBXML_NOTE;
	case CB_NODE_DIV: return CBXML_DIV;
	case CB_NODE_TEXT: return CBXML_T;
	case CB_NODE_BREAK: return CBXML_BR;
	case CB_NODE_LINK: return CBXML_LINK;
	case CB_NODE_NOTEREF: return CBXML_NOTEREF;
	default: return CBXML_ELEMENT_COUNT; /* a kind newer than this writer */
	}
}

/* Inside these, content is written exactly as it is, with no line breaks or indentation added. */
static bool holds_inlines(cb_node_kind kind)
{
	return kind == CB_NODE_HEADING || kind == CB_NODE_PARAGRAPH || kind == CB_NODE_LINK;
}

static bool in_inline_context(const cb_node *n)
{
	const cb_node *parent = cb_node_parent(n);
	return parent && holds_inlines(cb_node_get_kind(parent));
}

/* The names of the marks in bit order, space-separated, into buf (empty for none known). */
static void mark_names(struct writer *w, unsigned marks, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (unsigned bit = 0; bit < 32; bit++) {
		unsigned mark = 1u << bit;
		if (!(marks & mark))
			continue;
		const char *name = cb_mark_name(mark);
		if (!name) {
			if (!w->warned_mark)
				cb_output_report(w->out, CB_SEV_WARNING, CB_W_LOSSY,
				                 "a text mark (bit %u) this writer does not know was left out",
				                 bit);
			w->warned_mark = true;
			continue;
		}
		int n = snprintf(buf + used, size - used, "%s%s", used ? " " : "", name);
		if (n < 0 || (size_t)n >= size - used)
			break; /* cannot happen with the names cb_mark_name gives */
		used += (size_t)n;
	}
}

static void write_text(struct writer *w, const cb_node *n)
{
	size_t len;
	const char *text = cb_text_get(n, &len);
	char marks[256];
	mark_names(w, cb_text_marks(n), marks, sizeof marks);
	if (!marks[0]) {
		escaped(w, text, len, false);
		return;
	}
	open_tag(w, CBXML_T);
	attribute(w, CBXML_A_M, marks);
	put(w, ">", 1);
	escaped(w, text, len, false);
	close_tag(w, CBXML_T);
}

static void div_attrs(struct writer *w, const cb_node *div, unsigned level)
{
	const char *key, *value;
	for (size_t i = 0; cb_div_attr_at(div, i, &key, &value); i++)
		pair(w, CBXML_ATTR, level, key, value);
}

/* The attributes of a node's element, in the order docs/cbxml.md lists them; defaults of cells
 * are left out. */
static void node_attributes(struct writer *w, const cb_node *n)
{
	switch (cb_node_get_kind(n)) {
	case CB_NODE_HEADING:
		attribute_number(w, CBXML_A_LEVEL, cb_heading_level(n));
		break;
	case CB_NODE_LIST:
		attribute(w, CBXML_A_ORDERED, cb_list_ordered(n) ? "true" : "false");
		attribute_number(w, CBXML_A_START, cb_list_start(n));
		attribute(w, CBXML_A_STYLE, cb_list_style(n));
		break;
	case CB_NODE_CELL:
		if (cb_cell_rowspan(n) != 1)
			attribute_number(w, CBXML_A_ROWSPAN, (long)cb_cell_rowspan(n));
		if (cb_cell_colspan(n) != 1)
			attribute_number(w, CBXML_A_COLSPAN, (long)cb_cell_colspan(n));
		if (cb_cell_header(n))
			attribute(w, CBXML_A_HEADER, "true");
		break;
	case CB_NODE_IMAGE:
		attribute(w, CBXML_A_SRC, cb_image_source(n));
		attribute(w, CBXML_A_ALT, cb_image_alt(n));
		break;
	case CB_NODE_NOTE:
		attribute(w, CBXML_A_ID, cb_note_id(n));
		attribute(w, CBXML_A_KIND, cb_note_kind(n));
		break;
	case CB_NODE_DIV:
		attribute(w, CBXML_A_CLASS, cb_div_class(n));
		break;
	case CB_NODE_LINK:
		attribute(w, CBXML_A_HREF, cb_link_target(n));
		break;
	case CB_NODE_NOTEREF:
		attribute(w, CBXML_A_ID, cb_note_id(n));
		break;
	default:
		break;
	}
}

/* Writes the closing of a node whose children have been written. */
static void leave(struct writer *w, const cb_node *n, unsigned level)
{
	cb_node_kind kind = cb_node_get_kind(n);
	if (!holds_inlines(kind))
		indent(w, level);
	close_tag(w, element_of(kind));
	if (!in_inline_context(n))
		put(w, "\n", 1);
}

/* Writes the opening of a node (or all of it, when it has no children). Returns true when its
 * children are to be written next. */
static bool enter(struct writer *w, const cb_node *n, unsigned level)
{
	cb_node_kind kind = cb_node_get_kind(n);
	enum cbxml_element e = element_of(kind);
	if (e == CBXML_ELEMENT_COUNT) {
		if (!w->warned_kind)
			cb_output_report(w->out, CB_SEV_WARNING, CB_W_LOSSY,
			                 "a node of a kind this writer does not know (%d) was left out",
			                 (int)kind);
		w->warned_kind = true;
		return false;
	}
	if (kind == CB_NODE_TEXT) {
		write_text(w, n);
		return false;
	}
	bool inline_context = in_inline_context(n);
	bool has_attrs = kind == CB_NODE_DIV && cb_div_attr_count(n) > 0;
	if (!inline_context)
		indent(w, level);
	open_tag(w, e);
	node_attributes(w, n);
	if (!cb_node_first_child(n) && !has_attrs) {
		put_str(w, inline_context ? "/>" : "/>\n");
		return false;
	}
	put(w, ">", 1);
	if (!holds_inlines(kind))
		put(w, "\n", 1);
	if (has_attrs)
		div_attrs(w, n, level + 1);
	if (!cb_node_first_child(n)) {
		leave(w, n, level);
		return false;
	}
	return true;
}

/* Writes root's descendants, root's children at the given indentation level. */
static void walk(struct writer *w, const cb_node *root, unsigned level)
{
	const cb_node *n = cb_node_first_child(root);
	while (n && w->failed == CB_OK) {
		if (enter(w, n, level)) {
			n = cb_node_first_child(n);
			level++;
			continue;
		}
		/* Done with n: on to its next sibling, closing every ancestor it was the last child of. */
		while (!cb_node_next(n)) {
			n = cb_node_parent(n);
			if (n == root)
				return;
			level--;
			leave(w, n, level);
		}
		n = cb_node_next(n);
	}
}

static void write_body(struct writer *w, const cb_document *doc)
{
	const cb_node *body = cb_document_body_const(doc);
	if (!cb_node_first_child(body)) {
		put_str(w, "  <body/>\n");
		return;
	}
	put_str(w, "  <body>\n");
	walk(w, body, 2);
	put_str(w, "  </body>\n");
}

static cb_code write_cbxml(const cb_document *doc, cb_output *out)
{
	struct writer w = {.out = out};
	put_str(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	put_str(&w, "<document xmlns=\"" CBXML_NS "\" version=\"" CBXML_FORMAT_VERSION "\">\n");
	write_meta(&w, doc);
	write_media(&w, doc);
	write_body(&w, doc);
	put_str(&w, "</document>\n");
	return w.failed;
}

/* --- a casebook a case at a time (cb_write_stream) ---------------------------------------- */

/* The bytes are the ones write_cbxml gives for the whole casebook: the head's nodes are written
 * as they come, and each case's division takes the place of its outline in the head. */
struct stream {
	struct writer w;
	const cb_node *next; /* the head's next body node to write */
	bool empty;          /* the head's body is empty */
};

static bool is_case(const cb_node *n)
{
	const char *cls = cb_node_get_kind(n) == CB_NODE_DIV ? cb_div_class(n) : NULL;
	return cls && strcmp(cls, "case") == 0;
}

/* One body node and everything in it, as walk writes it among its siblings. */
static void write_node(struct writer *w, const cb_node *n, unsigned level)
{
	if (enter(w, n, level)) {
		walk(w, n, level + 1);
		leave(w, n, level);
	}
}

/* The head's nodes up to its next case's outline. */
static void write_until_case(struct stream *s)
{
	while (s->next && !is_case(s->next) && s->w.failed == CB_OK) {
		write_node(&s->w, s->next, 2);
		s->next = cb_node_next(s->next);
	}
}

static cb_code stream_begin(const cb_document *head, cb_output *out, void **state)
{
	struct stream *s = calloc(1, sizeof *s);
	if (!s) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory");
		return CB_E_NOMEM;
	}
	s->w.out = out;
	put_str(&s->w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	put_str(&s->w, "<document xmlns=\"" CBXML_NS "\" version=\"" CBXML_FORMAT_VERSION "\">\n");
	write_meta(&s->w, head);
	write_media(&s->w, head);
	s->next = cb_node_first_child(cb_document_body_const(head));
	s->empty = !s->next;
	put_str(&s->w, s->empty ? "  <body/>\n" : "  <body>\n");
	write_until_case(s);
	cb_code code = s->w.failed;
	if (code != CB_OK)
		free(s);
	else
		*state = s;
	return code;
}

static cb_code stream_add(void *state, const cb_node *division, cb_output *out)
{
	struct stream *s = state;
	s->w.out = out;
	write_node(&s->w, division, 2);
	if (s->next)
		s->next = cb_node_next(s->next); /* the outline this division stands for */
	write_until_case(s);
	return s->w.failed;
}

static cb_code stream_end(void *state, cb_output *out)
{
	struct stream *s = state;
	s->w.out = out;
	write_until_case(s);
	if (!s->empty)
		put_str(&s->w, "  </body>\n");
	put_str(&s->w, "</document>\n");
	cb_code code = s->w.failed;
	free(s);
	return code;
}

static void stream_cancel(void *state) { free(state); }

static const cb_write_stream stream = {
	.size = sizeof(cb_write_stream),
	.begin = stream_begin,
	.add = stream_add,
	.end = stream_end,
	.cancel = stream_cancel,
};

static const char *const extensions[] = {"cbxml", NULL};
static const char *const media_types[] = {CBXML_MEDIA_TYPE, NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "cbxml",
	.version = CBXML_PLUGIN_VERSION,
	.licence = "MIT",
	.summary = "casebook's own XML form of the document model (lossless)",
	.kind = CB_PLUGIN_WRITER,
	.extensions = extensions,
	.media_types = media_types,
	.write = write_cbxml,
	.stream = &stream,
};
