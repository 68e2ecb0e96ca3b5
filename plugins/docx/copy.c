/* Copies a subtree from a staging document into its place.
 *
 * Some content cannot be built where it ends up while the XML streams past: a table's row spans
 * are known only after the rows below it, a note's text lives in another part, and a text box's
 * blocks sit inside a paragraph, which can hold only inlines. Those are built in a staging
 * document first and copied here through the public tree API, once they are complete. Media are
 * always added to the real document, so image sources stay valid in the copy. */
#include "config.h"

#include "docx.h"

static int copy_div_attrs(cb_node *dst, const cb_node *src)
{
	for (size_t i = 0; i < cb_div_attr_count(src); i++) {
		const char *key, *value;
		if (cb_div_attr_at(src, i, &key, &value) && cb_div_set_attr(dst, key, value) != 0)
			return -1;
	}
	return 0;
}

/* The copy of n (without its children) appended to dst; NULL on failure. A text node has no
 * node of its own to return (it may join the previous one), so dst stands for it. */
static cb_node *copy_node(cb_node *dst, const cb_node *n)
{
	size_t len;
	const char *text;
	cb_node *m = NULL;
	switch (cb_node_get_kind(n)) {
	case CB_NODE_HEADING:
		return cb_add_heading(dst, cb_heading_level(n));
	case CB_NODE_PARAGRAPH:
		return cb_add_paragraph(dst);
	case CB_NODE_LIST:
		return cb_add_list(dst, cb_list_ordered(n), cb_list_start(n), cb_list_style(n));
	case CB_NODE_ITEM:
		return cb_add_item(dst);
	case CB_NODE_TABLE:
		return cb_add_table(dst);
	case CB_NODE_ROW:
		return cb_add_row(dst);
	case CB_NODE_CELL:
		return cb_add_cell(dst, cb_cell_rowspan(n), cb_cell_colspan(n), cb_cell_header(n));
	case CB_NODE_IMAGE:
		return cb_add_image(dst, cb_image_source(n), cb_image_alt(n));
	case CB_NODE_NOTE:
		return cb_add_note(dst, cb_note_id(n), cb_note_kind(n));
	case CB_NODE_DIV:
		m = cb_add_div(dst, cb_div_class(n));
		return m && copy_div_attrs(m, n) == 0 ? m : NULL;
	case CB_NODE_TEXT:
		text = cb_text_get(n, &len);
		return cb_add_text(dst, text, len, cb_text_marks(n)) == 0 ? dst : NULL;
	case CB_NODE_BREAK:
		return cb_add_break(dst);
	case CB_NODE_LINK:
		return cb_add_link(dst, cb_link_target(n));
	case CB_NODE_NOTEREF:
		return cb_add_noteref(dst, cb_note_id(n));
	default:
		return dst; /* a kind this reader never builds */
	}
}

int dx_copy_children(cb_node *dst, const cb_node *src)
{
	for (const cb_node *c = cb_node_first_child(src); c; c = cb_node_next(c)) {
		cb_node *m = copy_node(dst, c);
		if (!m)
			return -1;
		if (m != dst && cb_node_first_child(c) && dx_copy_children(m, c) < 0)
			return -1;
	}
	return 0;
}
