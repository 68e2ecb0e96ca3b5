/* The names every serialisation uses for node kinds and marks. One table so that cbxml, JSON and
 * any later format spell them alike. */
#include "config.h"

#include <casebook/model.h>

#include <string.h>

static const char *const kind_names[CB_NODE_KIND_END_] = {
	[CB_NODE_BODY] = "body",
	[CB_NODE_HEADING] = "heading",
	[CB_NODE_PARAGRAPH] = "paragraph",
	[CB_NODE_LIST] = "list",
	[CB_NODE_ITEM] = "item",
	[CB_NODE_TABLE] = "table",
	[CB_NODE_ROW] = "row",
	[CB_NODE_CELL] = "cell",
	[CB_NODE_IMAGE] = "image",
	[CB_NODE_NOTE] = "note",
	[CB_NODE_DIV] = "div",
	[CB_NODE_TEXT] = "text",
	[CB_NODE_BREAK] = "break",
	[CB_NODE_LINK] = "link",
	[CB_NODE_NOTEREF] = "noteref",
};

/* In bit order: mark 1 << i is named mark_names[i]. */
static const char *const mark_names[] = {
	"bold", "italic", "underline", "strike", "superscript", "subscript",
};

const char *cb_node_kind_name(cb_node_kind kind)
{
	if (kind <= 0 || kind >= CB_NODE_KIND_END_)
		return NULL;
	return kind_names[kind];
}

cb_node_kind cb_node_kind_from_name(const char *name)
{
	for (int k = CB_NODE_BODY; k < CB_NODE_KIND_END_; k++)
		if (strcmp(kind_names[k], name) == 0)
			return (cb_node_kind)k;
	return 0;
}

const char *cb_mark_name(unsigned mark)
{
	for (unsigned i = 0; i < sizeof mark_names / sizeof *mark_names; i++)
		if (mark == 1u << i)
			return mark_names[i];
	return NULL;
}

unsigned cb_mark_from_name(const char *name)
{
	for (unsigned i = 0; i < sizeof mark_names / sizeof *mark_names; i++)
		if (strcmp(mark_names[i], name) == 0)
			return 1u << i;
	return 0;
}
