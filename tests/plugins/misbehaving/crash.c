/* A reader that loads fine and reads most inputs, but crashes on a PDF (as a reader that trusts
 * its input's structure would) and prints on a JPEG: `plugins --check` must report both. */
#include <casebook/plugin.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int bid(const cb_probe *p)
{
	(void)p;
	return 0;
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	unsigned char head[4] = {0};
	ssize_t n = cb_input_read(in, head, sizeof head);
	if (n == 4 && memcmp(head, "%PDF", 4) == 0)
		raise(SIGSEGV);
	if (n >= 3 && memcmp(head, "\xFF\xD8\xFF", 3) == 0)
		fprintf(stderr, "crash: reading a JPEG\n");
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	return p && cb_add_text(p, "read", (size_t)-1, 0) == 0 ? CB_OK : CB_E_NOMEM;
}

static const char *const extensions[] = {"crash", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "crash",
	.version = "0.1",
	.licence = "MIT",
	.summary = "a test reader that crashes on PDF input and prints on JPEG input",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.bid = bid,
	.read = read_doc,
};
