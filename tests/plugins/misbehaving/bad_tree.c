/* A reader whose trees pass the builder's content rules but break the others writers rely on: an
 * image showing a media object the document does not have, and a reference to a note that is not
 * there. `plugins --check` must find both. */
#include <casebook/plugin.h>

static int bid(const cb_probe *p)
{
	(void)p;
	return 0;
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	(void)in;
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	if (!p || cb_add_text(p, "see the picture", (size_t)-1, 0) != 0 ||
	    !cb_add_image(p, "media7", "nothing") || !cb_add_noteref(p, "n1"))
		return CB_E_NOMEM;
	return CB_OK;
}

static const char *const extensions[] = {"badtree", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "bad-tree",
	.version = "0.1",
	.licence = "MIT",
	.summary = "a test reader whose trees refer to media and notes that do not exist",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.bid = bid,
	.read = read_doc,
};
