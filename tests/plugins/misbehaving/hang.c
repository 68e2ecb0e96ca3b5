/* A reader with the classic loop bug: it takes 0 from cb_input_read (the end of the input) for
 * "nothing yet" and waits for data, so an empty input never ends. `plugins --check` must kill it
 * at the timeout and say so. */
#define _POSIX_C_SOURCE 200809L /* nanosleep under -std=c11 */

#include <casebook/plugin.h>

#include <time.h>

static int bid(const cb_probe *p)
{
	(void)p;
	return 0;
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	char buf[256];
	ssize_t n;
	while ((n = cb_input_read(in, buf, sizeof buf)) == 0)
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	if (n < 0)
		return CB_E_IO; /* reported by the host */
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	return p && cb_add_text(p, "read", (size_t)-1, 0) == 0 ? CB_OK : CB_E_NOMEM;
}

static const char *const extensions[] = {"hang", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "hang",
	.version = "0.1",
	.licence = "MIT",
	.summary = "a test reader that never returns on an empty input",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.bid = bid,
	.read = read_doc,
};
