/* Walking and copying document trees. */
#include "config.h"

#include "blocks.h"

#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

static void inline_text(cbi_buf *b, const cb_node *n)
{
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c)) {
		switch (cb_node_get_kind(c)) {
		case CB_NODE_TEXT:
			cbi_buf_puts(b, cb_text_get(c, NULL));
			break;
		case CB_NODE_BREAK:
			cbi_buf_putc(b, '\n');
			break;
		case CB_NODE_LINK:
			inline_text(b, c);
			break;
		default: /* note references and inline images carry no text of the line */
			break;
		}
	}
}

static void subtree_text(cbi_buf *b, const cb_node *n)
{
	cb_node_kind k = cb_node_get_kind(n);
	if (k == CB_NODE_PARAGRAPH || k == CB_NODE_HEADING) {
		if (b->len && b->data[b->len - 1] != '\n')
			cbi_buf_putc(b, '\n');
		inline_text(b, n);
		return;
	}
	if (k == CB_NODE_TEXT) {
		cbi_buf_puts(b, cb_text_get(n, NULL));
		return;
	}
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c))
		subtree_text(b, c);
}

char *cbi_node_text(const cb_node *n)
{
	cbi_buf b = CBI_BUF_INIT;
	subtree_text(&b, n);
	return cbi_buf_steal(&b);
}

char *cbi_node_line(const cb_node *n, size_t i)
{
	cbi_buf b = CBI_BUF_INIT;
	inline_text(&b, n);
	char *all = cbi_buf_steal(&b);
	if (!all)
		return NULL;
	const char *s = all;
	for (size_t k = 0; k < i; k++) {
		s = strchr(s, '\n');
		if (!s) {
			free(all);
			return NULL;
		}
		s++;
	}
	char *line = cbi_strndup(s, strcspn(s, "\n"));
	free(all);
	return line;
}

/* --- content blocks ----------------------------------------------------------------------- */

static bool push(cbi_blocks *b, const cb_node *n)
{
	if (b->count == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		const cb_node **grown = realloc(b->items, cap * sizeof *grown);
		if (!grown)
			return false;
		b->items = grown;
		b->cap = cap;
	}
	b->items[b->count++] = n;
	return true;
}

/* Whether a table is a frame: one column (a box around a heading, a form, or each part of a
 * form, one row apiece), rather than data. */
static bool is_frame(const cb_node *table)
{
	const cb_node *row = cb_node_first_child(table);
	if (!row)
		return false;
	for (; row; row = cb_node_next(row)) {
		const cb_node *cell = cb_node_first_child(row);
		if (!cell || cb_node_next(cell) || cb_cell_colspan(cell) != 1)
			return false;
	}
	return true;
}

static bool collect(const cb_node *parent, cbi_blocks *out, int depth)
{
	for (const cb_node *n = cb_node_first_child(parent); n; n = cb_node_next(n)) {
		cb_node_kind k = cb_node_get_kind(n);
		bool ok = true;
		if (depth < 16 && k == CB_NODE_DIV) {
			ok = collect(n, out, depth + 1);
		} else if (depth < 16 && k == CB_NODE_TABLE && is_frame(n)) {
			for (const cb_node *r = cb_node_first_child(n); r && ok; r = cb_node_next(r))
				ok = collect(cb_node_first_child(r), out, depth + 1);
		} else {
			ok = push(out, n);
		}
		if (!ok)
			return false;
	}
	return true;
}

bool cbi_blocks_collect(const cb_document *doc, cbi_blocks *out)
{
	memset(out, 0, sizeof *out);
	return collect(cb_document_body_const(doc), out, 0);
}

void cbi_blocks_free(cbi_blocks *b)
{
	free(b->items);
	memset(b, 0, sizeof *b);
}

/* --- copying ------------------------------------------------------------------------------ */

/* The kept, rewritten lines of a paragraph or heading, joined by line feeds; NULL on failure. */
static char *rewritten_lines(const cb_node *src, const cbi_copy *how)
{
	cbi_buf raw = CBI_BUF_INIT, out = CBI_BUF_INIT;
	inline_text(&raw, src);
	char *all = cbi_buf_steal(&raw);
	if (!all)
		return NULL;
	size_t index = 0;
	for (char *line = all;; index++) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!how->skip || !how->skip(how->skip_data, src, index)) {
			char *t = how->line(how->line_data, line);
			if (!t)
				out.failed = true;
			else if (*t) {
				if (out.len)
					cbi_buf_putc(&out, '\n');
				cbi_buf_puts(&out, t);
			}
			free(t);
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	free(all);
	return cbi_buf_steal(&out);
}

static bool add_lines(cb_node *target, const char *text)
{
	for (const char *s = text;;) {
		size_t n = strcspn(s, "\n");
		if (n && cb_add_text(target, s, n, 0) != 0)
			return false;
		if (!s[n])
			return true;
		if (!cb_add_break(target))
			return false;
		s += n + 1;
	}
}

static bool copy_inline_block(cb_node *dst, const cb_node *src, const cbi_copy *how)
{
	char *text = rewritten_lines(src, how);
	if (!text)
		return false;
	bool ok = true;
	if (*text) {
		cb_node *n = cb_node_get_kind(src) == CB_NODE_HEADING
		                     ? cb_add_heading(dst, cb_heading_level(src))
		                     : cb_add_paragraph(dst);
		ok = n && add_lines(n, text);
	}
	free(text);
	return ok;
}

static bool copy_children(cb_node *dst, const cb_node *src, const cbi_copy *how)
{
	for (const cb_node *c = cb_node_first_child(src); c; c = cb_node_next(c))
		if (!cbi_copy_block(dst, c, how))
			return false;
	return true;
}

static bool copy_list(cb_node *dst, const cb_node *src, const cbi_copy *how)
{
	cb_node *list = cb_add_list(dst, cb_list_ordered(src), cb_list_start(src), cb_list_style(src));
	if (!list)
		return false;
	for (const cb_node *it = cb_node_first_child(src); it; it = cb_node_next(it)) {
		cb_node *item = cb_add_item(list);
		if (!item || !copy_children(item, it, how))
			return false;
		if (!cb_node_first_child(item))
			cb_node_unlink(item);
	}
	if (!cb_node_first_child(list))
		cb_node_unlink(list);
	return true;
}

static bool copy_table(cb_node *dst, const cb_node *src, const cbi_copy *how)
{
	cb_node *table = cb_add_table(dst);
	if (!table)
		return false;
	for (const cb_node *r = cb_node_first_child(src); r; r = cb_node_next(r)) {
		cb_node *row = cb_add_row(table);
		if (!row)
			return false;
		for (const cb_node *c = cb_node_first_child(r); c; c = cb_node_next(c)) {
			cb_node *cell = cb_add_cell(row, cb_cell_rowspan(c), cb_cell_colspan(c),
			                            cb_cell_header(c));
			if (!cell || !copy_children(cell, c, how))
				return false;
		}
	}
	return true;
}

bool cbi_copy_block(cb_node *dst, const cb_node *src, const cbi_copy *how)
{
	switch (cb_node_get_kind(src)) {
	case CB_NODE_PARAGRAPH:
	case CB_NODE_HEADING:
		return copy_inline_block(dst, src, how);
	case CB_NODE_LIST:
		return copy_list(dst, src, how);
	case CB_NODE_TABLE:
		return copy_table(dst, src, how);
	case CB_NODE_NOTE:
	case CB_NODE_DIV:
		return copy_children(dst, src, how);
	default: /* images, and kinds a newer model may add */
		return true;
	}
}
